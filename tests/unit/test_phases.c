/*
 * Phases (issue 16): a timeline of three phases applied in order, with
 * the expected inputs at each (levers, roles, changed numbers, the
 * phase's own outcome), the forecast of each phase against a hand
 * computation, and the format's errors.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dt_test.h"

/*
 * Issue x (status quo 20), y (status quo 50). A (table, capability 10):
 * x at 80 (salience 60), y at 40. B (table, capability 30): x at 20. C
 * (excluded, capability 20): x at 50. B's no-deal cost 2. Lever press (by A):
 * B's position on x +15 (20 -> 35). phase one: press; outcome x = 30. phase
 * two: C joins; A's position on x set to 70; B's no-deal cost 5; outcome x =
 * 45, y = 42. phase three: B leaves; status quo of x set to 60; no outcome.
 */
static const char text[] =
    "name: phased\n"
    "issues:\n"
    "  - {id: x, name: X, status_quo: 20}\n"
    "  - {id: y, name: Y, status_quo: 50}\n"
    "actors:\n"
    "  - id: A\n"
    "    name: A\n"
    "    capability: 10\n"
    "    issues: {x: {position: 80, salience: 60}, y: {position: 40, "
    "salience: 50}}\n"
    "  - id: B\n"
    "    name: B\n"
    "    capability: 30\n"
    "    no_deal: {cost: 2}\n"
    "    issues: {x: {position: 20, salience: 60}, y: {position: 60, "
    "salience: 50}}\n"
    "  - id: C\n"
    "    name: C\n"
    "    role: excluded\n"
    "    capability: 20\n"
    "    issues: {x: {position: 50, salience: 60}}\n"
    "levers:\n"
    "  - id: press\n"
    "    by: A\n"
    "    effects:\n"
    "      - {actor: B, issue: x, position: {add: 15}}\n"
    "outcome:\n"
    "  issues: {x: 99}\n"
    "phases:\n"
    "  - id: one\n"
    "    date: \"2019-01-15\"\n"
    "    levers: [press]\n"
    "    outcome: {description: first, issues: {x: 30}}\n"
    "  - id: two\n"
    "    join: [C]\n"
    "    changes:\n"
    "      - {actor: A, issue: x, position: 70, note: new leader}\n"
    "      - {actor: B, no_deal_cost: 5}\n"
    "    outcome: {issues: {x: 45, y: 42}}\n"
    "  - id: three\n"
    "    leave: [B]\n"
    "    changes:\n"
    "      - {issue: x, status_quo: 60}\n";

static dt_scenario *parse(const char *t)
{
    dt_scenario *sc = NULL;
    dt_error err;

    memset(&err, 0, sizeof err);
    if (dt_scenario_parse(t, strlen(t), "phased.yaml", DT_FORMAT_YAML, NULL,
                          &sc, &err) != DT_OK)
        fail_msg("parse failed: %s (line %u)", err.msg, err.line);
    return sc;
}

static dt_scenario *at(const dt_scenario *sc, const char *id)
{
    dt_scenario *out = NULL;
    dt_error err;
    size_t k = dt_scenario_phase_index(sc, id);

    assert_true(k != (size_t)-1);
    if (dt_scenario_at_phase(sc, k, &out, &err) != DT_OK)
        fail_msg("phase %s: %s", id, err.msg);
    return out;
}

static double pos(const dt_scenario *sc, size_t a, size_t q)
{
    return dt_scenario_stake(sc, a, q)->position.v;
}

static void test_phases__applied_in_order(void **state)
{
    dt_scenario *sc = parse(text), *p1, *p2, *p3;
    dt_value v;

    (void)state;
    assert_int_equal(dt_scenario_n_phases(sc), 3);
    assert_string_equal(dt_scenario_phase(sc, 0)->date, "2019-01-15");

    p1 = at(sc, "one");
    DT_ASSERT_REL(pos(p1, 1, 0), 35.0, 1e-15); /* press: 20 + 15 */
    DT_ASSERT_REL(pos(p1, 0, 0), 80.0, 1e-15);
    assert_int_equal(dt_scenario_actor(p1, 2)->role, DT_ROLE_EXCLUDED);
    assert_true(dt_scenario_outcome_value(p1, 0, &v));
    DT_ASSERT_REL(v.v, 30.0, 1e-15);
    assert_false(dt_scenario_outcome_value(p1, 1, &v));
    assert_string_equal(dt_scenario_outcome(p1)->description, "first");

    p2 = at(sc, "two");
    DT_ASSERT_REL(pos(p2, 1, 0), 35.0, 1e-15); /* the lever stays */
    DT_ASSERT_REL(pos(p2, 0, 0), 70.0, 1e-15); /* the new leader */
    assert_int_equal(dt_scenario_actor(p2, 2)->role, DT_ROLE_TABLE);
    assert_true(dt_scenario_no_deal(p2, 1)->has_cost);
    DT_ASSERT_REL(dt_scenario_no_deal(p2, 1)->cost.v, 5.0, 1e-15);
    assert_true(dt_scenario_outcome_value(p2, 1, &v));
    DT_ASSERT_REL(v.v, 42.0, 1e-15);

    p3 = at(sc, "three");
    DT_ASSERT_REL(pos(p3, 1, 0), 35.0, 1e-15);
    DT_ASSERT_REL(pos(p3, 0, 0), 70.0, 1e-15);
    assert_int_equal(dt_scenario_actor(p3, 1)->role, DT_ROLE_EXCLUDED);
    assert_int_equal(dt_scenario_actor(p3, 2)->role, DT_ROLE_TABLE);
    DT_ASSERT_REL(dt_scenario_issue(p3, 0)->status_quo.v, 60.0, 1e-15);
    assert_null(dt_scenario_outcome(p3));
    assert_false(dt_scenario_outcome_value(p3, 0, &v));

    /* The base scenario is untouched. */
    DT_ASSERT_REL(pos(sc, 1, 0), 20.0, 1e-15);
    DT_ASSERT_REL(pos(sc, 0, 0), 80.0, 1e-15);
    assert_int_equal(dt_scenario_actor(sc, 1)->role, DT_ROLE_TABLE);
    DT_ASSERT_REL(dt_scenario_issue(sc, 0)->status_quo.v, 20.0, 1e-15);
    assert_true(dt_scenario_outcome_value(sc, 0, &v));
    DT_ASSERT_REL(v.v, 99.0, 1e-15);

    /*
     * The mean forecast of each phase on x with the table only, weights
     * capability x salience: phase one (A 80, B 35): (6*80 + 18*35)/24 =
     * 46.25; phase two (A 70, B 35, C 50): (6*70 + 18*35 + 12*50)/36 =
     * 45.833...; phase three (A 70, C 50): (6*70 + 12*50)/18 = 56.666...
     */
    {
        const dt_scenario *ph[3] = {p1, p2, p3};
        const double want[3] = {46.25, 1650.0 / 36.0, 1020.0 / 18.0};
        size_t i;

        for (i = 0; i < 3; i++) {
            dt_analysis_opts o = DT_ANALYSIS_OPTS_INIT;
            dt_analysis *an = NULL;
            dt_error err;

            o.model = &dt_model_mean;
            o.no_levers = 1;
            assert_int_equal(dt_analyze(ph[i], &o, &an, &err), DT_OK);
            DT_ASSERT_REL(an->base.table_forecast[0], want[i], 1e-12);
            dt_analysis_free(an);
        }
    }
    dt_scenario_free(p3);
    dt_scenario_free(p2);
    dt_scenario_free(p1);
    dt_scenario_free(sc);
}

static void expect_error(const char *tail, const char *msg)
{
    char buf[4096];
    dt_scenario *sc = NULL;
    dt_error err;
    const char *cut = strstr(text, "phases:\n");

    snprintf(buf, sizeof buf, "%.*s%s", (int)(cut - text), text, tail);
    memset(&err, 0, sizeof err);
    assert_int_equal(dt_scenario_parse(buf, strlen(buf), "phased.yaml",
                                       DT_FORMAT_YAML, NULL, &sc, &err),
                     DT_ESCENARIO);
    if (!strstr(err.msg, msg))
        fail_msg("expected '%s' in '%s'", msg, err.msg);
}

static void test_phases__errors(void **state)
{
    (void)state;
    expect_error("phases:\n  - {id: a, levers: [push]}\n",
                 "phase 'a': unknown lever 'push' in 'levers'");
    expect_error("phases:\n  - {id: a, join: [D]}\n",
                 "phase 'a': unknown actor 'D' in 'join'");
    expect_error("phases:\n  - {id: a, changes: [{actor: C, issue: y, "
                 "position: 3}]}\n",
                 "phase 'a': actor 'C' has no stake in issue 'y'");
    expect_error("phases:\n  - {id: a, changes: [{actor: A, position: 3}]}\n",
                 "phase 'a': 'position' needs an actor and an issue");
    expect_error("phases:\n  - {id: a, changes: [{actor: A, issue: x}]}\n",
                 "phase 'a': a change sets exactly one of position");
    expect_error("phases:\n  - {id: a}\n  - {id: a}\n",
                 "duplicate phase id 'a'");
    expect_error("phases:\n  - {id: a, outcome: {issues: {x: 140}}}\n",
                 "between 0 and 100");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_phases__applied_in_order),
        cmocka_unit_test(test_phases__errors),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
