/*
 * Ratifiers, ratification bodies and mediators (issue 16): the body rule
 * on plain arrays and on scenarios solved by hand (a quota just met and
 * just missed, unanimity with one dissenter), a ratifier's no-deal
 * utility and red line constraining and emptying the zone, a mediator at
 * the table in forecasts but not in the zone, and the format's errors.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dt_test.h"

/*
 * One issue x, status quo 0. A (table): position 100, salience 100, so
 * D_A = -100 and gain_A(x) = x. B (table): position 60, salience 100,
 * D_B = -60, gain_B(x) = 60 - |x - 60|. Without ratifiers the max-min
 * point is x = 60 (both gain 60) and the Nash deal maximises
 * ln x + ln(60 - |x - 60|), also at x = 60.
 */
#define BASE                                                                   \
    "name: roles\n"                                                            \
    "issues:\n"                                                                \
    "  - {id: x, name: X, status_quo: 0}\n"                                    \
    "actors:\n"                                                                \
    "  - id: A\n"                                                              \
    "    name: A\n"                                                            \
    "    capability: 10\n"                                                     \
    "    issues: {x: {position: 100, salience: 100}}\n"                        \
    "  - id: B\n"                                                              \
    "    name: B\n"                                                            \
    "    capability: 10\n"                                                     \
    "    issues: {x: {position: 60, salience: 100}}\n"

static dt_scenario *parse(const char *text)
{
    dt_scenario *sc = NULL;
    dt_error err;

    memset(&err, 0, sizeof err);
    if (dt_scenario_parse(text, strlen(text), "roles.yaml", DT_FORMAT_YAML,
                          NULL, &sc, &err) != DT_OK)
        fail_msg("parse failed: %s (line %u)", err.msg, err.line);
    return sc;
}

static dt_analysis *analyze(const dt_scenario *sc)
{
    dt_analysis_opts o = DT_ANALYSIS_OPTS_INIT;
    dt_analysis *an = NULL;
    dt_error err;

    o.no_levers = 1;
    if (dt_analyze(sc, &o, &an, &err) != DT_OK)
        fail_msg("analyze failed: %s", err.msg);
    return an;
}

static void expect_error(const char *text, const char *msg)
{
    dt_scenario *sc = NULL;
    dt_error err;

    memset(&err, 0, sizeof err);
    assert_int_equal(dt_scenario_parse(text, strlen(text), "roles.yaml",
                                       DT_FORMAT_YAML, NULL, &sc, &err),
                     DT_ESCENARIO);
    if (!strstr(err.msg, msg))
        fail_msg("expected '%s' in '%s'", msg, err.msg);
    assert_null(sc);
}

/* Weights 3, 2.385, 1.615; the first two support (gains 5, 2), the third
 * does not (gain -1). In favour: 5.385. */
static void test_roles__vote_quota_met_and_missed(void **state)
{
    const double w[3] = {3.0, 2.385, 1.615};
    const int sup[3] = {1, 1, 0};
    const double gain[3] = {5.0, 2.0, -1.0};
    size_t pivot = 99;
    double yes = 0.0;

    (void)state;
    /* Just met: ranked weights 3, 5.385 reach 5.385 at the second. */
    assert_int_equal(dt_body_vote_solve(3, w, sup, gain, 5.385, &pivot, &yes),
                     1);
    DT_ASSERT_REL(yes, 5.385, 1e-15);
    assert_int_equal(pivot, 1);
    /* Just missed: 5.386 is reached only with the third, who opposes. */
    assert_int_equal(dt_body_vote_solve(3, w, sup, gain, 5.386, &pivot, &yes),
                     0);
    assert_int_equal(pivot, 2);
    /* A low quota: the first member alone carries it. */
    assert_int_equal(dt_body_vote_solve(3, w, sup, gain, 2.9, &pivot, NULL), 1);
    assert_int_equal(pivot, 0);
    assert_int_equal(dt_body_vote_solve(0, w, sup, gain, 1.0, NULL, NULL), 0);
}

/* Unanimity of five equal members, one dissenter: the dissenter is the
 * pivot wherever it sits in member order. */
static void test_roles__vote_unanimity_one_dissenter(void **state)
{
    const double w[5] = {1, 1, 1, 1, 1};
    const int sup[5] = {1, 1, 1, 0, 1};
    const double gain[5] = {4.0, 3.0, 2.0, 7.0, 1.0};
    size_t pivot = 99;
    double yes = 0.0;

    (void)state;
    assert_int_equal(dt_body_vote_solve(5, w, sup, gain, 5.0, &pivot, &yes), 0);
    DT_ASSERT_REL(yes, 4.0, 1e-15);
    assert_int_equal(pivot, 3);
    /* Four of five suffice under a quota of 4: the weakest supporter
     * (gain 1, member 4) is pivotal. */
    assert_int_equal(dt_body_vote_solve(5, w, sup, gain, 4.0, &pivot, &yes), 1);
    assert_int_equal(pivot, 4);
}

/*
 * BASE plus a body of three ratifiers. At the deal x = 60 (the members
 * do not constrain the zone): M1 (position 100) gains -40 - (-100) = 60;
 * M2 (position 0) gains -60 - 0 = -60; M3 (position 40) gains -20 -
 * (-40) = 20. Weights 2.385, 1.615, 1: in favour 3.385.
 */
static char *body_scenario(const char *quota)
{
    static const char fmt[] =
        BASE "  - {id: M1, name: M1, role: ratifier, capability: 1, issues: "
             "{x: {position: 100, salience: 100}}}\n"
             "  - {id: M2, name: M2, role: ratifier, capability: 1, issues: "
             "{x: {position: 0, salience: 100}}}\n"
             "  - {id: M3, name: M3, role: ratifier, capability: 1, issues: "
             "{x: {position: 40, salience: 100}}}\n"
             "bodies:\n"
             "  - id: house\n"
             "    members: [M1, M2, M3]\n"
             "    weights: [2.385, 1.615, 1]\n"
             "    quota: %s\n";
    char *s = malloc(sizeof fmt + 32);

    assert_non_null(s);
    snprintf(s, sizeof fmt + 32, fmt, quota);
    return s;
}

static void check_body(const char *quota, int ratified, const char *pivot)
{
    char *text = body_scenario(quota);
    dt_scenario *sc = parse(text);
    dt_analysis *an = analyze(sc);
    const dt_analysis_run *r = &an->base;

    assert_true(r->deal.found);
    DT_ASSERT_CLOSE(r->deal.point[0], 60.0, 0, 1e-6);
    DT_ASSERT_CLOSE(r->gain[2], 60.0, 0, 1e-6);
    DT_ASSERT_CLOSE(r->gain[3], -60.0, 0, 1e-6);
    DT_ASSERT_CLOSE(r->gain[4], 20.0, 0, 1e-6);
    assert_int_equal(r->n_votes, 1);
    DT_ASSERT_REL(r->votes[0].yes, 3.385, 1e-12);
    DT_ASSERT_REL(r->votes[0].total, 5.0, 1e-12);
    assert_int_equal(r->votes[0].ratified, ratified);
    assert_int_equal(r->ratified, ratified);
    assert_string_equal(dt_scenario_actor(sc, r->votes[0].pivot)->id, pivot);
    dt_analysis_free(an);
    dt_scenario_free(sc);
    free(text);
}

static void test_roles__body_quota_met(void **state)
{
    (void)state;
    check_body("3.385", 1, "M3");
}

static void test_roles__body_quota_missed(void **state)
{
    (void)state;
    check_body("3.386", 0, "M2");
}

static void test_roles__body_unanimity(void **state)
{
    char buf[256];
    char *text = body_scenario("unanimity");
    dt_scenario *sc = parse(text);
    dt_analysis *an = analyze(sc);

    (void)state;
    assert_int_equal(an->base.ratified, 0);
    DT_ASSERT_REL(an->base.votes[0].quota, 5.0, 1e-15);
    assert_string_equal(dt_scenario_actor(sc, an->base.votes[0].pivot)->id,
                        "M2");
    dt_analysis_ratification(sc, &an->base, buf, sizeof buf);
    assert_string_equal(buf, "not ratified: house rejects (3.385 of 5 in "
                             "favour, quota 5; pivot M2, gain -60)");
    dt_analysis_free(an);
    dt_scenario_free(sc);
    free(text);
}

/*
 * A lone ratifier R: position 0, salience 50, no-deal cost 10, so
 * gain_R(x) = 10 - 0.5 x. Zone: max t with x >= t and 10 - 0.5 x >= t
 * (x <= 60): x = 20/3, t = 20/3. Deal: R has no Nash weight, so maximise
 * 2 ln x subject to gain_R >= 0: x = 20 (with a weight it would be
 * 13.33: 2/x = 0.5/(10 - 0.5x)).
 */
static void test_roles__ratifier_constrains_zone_and_deal(void **state)
{
    static const char text[] =
        BASE "  - id: R\n"
             "    name: R\n"
             "    role: ratifier\n"
             "    capability: 5\n"
             "    no_deal: {cost: 10}\n"
             "    issues: {x: {position: 0, salience: 50}}\n";
    dt_scenario *sc = parse(text);
    dt_analysis *an = analyze(sc);
    const dt_analysis_run *r = &an->base;

    (void)state;
    assert_true(r->zone.feasible);
    DT_ASSERT_REL(r->zone.surplus, 20.0 / 3.0, 1e-7);
    DT_ASSERT_REL(r->zone.point[0], 20.0 / 3.0, 1e-7);
    assert_true(r->deal.found);
    DT_ASSERT_REL(r->deal.point[0], 20.0, 1e-6);
    DT_ASSERT_CLOSE(r->gain[2], 0.0, 0, 1e-6);
    assert_int_equal(r->n_ratifiers, 1);
    assert_int_equal(r->n_votes, 0);
    dt_analysis_free(an);
    dt_scenario_free(sc);
}

/*
 * A has a red line x >= 50; a ratifier with the red line x <= 40 empties
 * the zone (the red lines contradict). The same actor excluded leaves
 * the zone at x = 60, surplus 60.
 */
static void test_roles__ratifier_red_line_empties_zone(void **state)
{
    static const char fmt[] =
        "name: roles\n"
        "issues:\n"
        "  - {id: x, name: X, status_quo: 0}\n"
        "actors:\n"
        "  - id: A\n"
        "    name: A\n"
        "    capability: 10\n"
        "    issues: {x: {position: 100, salience: 100, red_line: {below: "
        "50}}}\n"
        "  - id: B\n"
        "    name: B\n"
        "    capability: 10\n"
        "    issues: {x: {position: 60, salience: 100}}\n"
        "  - id: R\n"
        "    name: R\n"
        "    role: %s\n"
        "    capability: 5\n"
        "    issues: {x: {position: 0, salience: 10, red_line: {above: "
        "40}}}\n";
    char text[sizeof fmt + 16], buf[512];
    dt_scenario *sc;
    dt_analysis *an;

    (void)state;
    snprintf(text, sizeof text, fmt, "excluded");
    sc = parse(text);
    an = analyze(sc);
    assert_true(an->base.zone.feasible);
    DT_ASSERT_REL(an->base.zone.surplus, 60.0, 1e-7);
    assert_int_equal(an->base.ratified, -1);
    dt_analysis_free(an);
    dt_scenario_free(sc);

    snprintf(text, sizeof text, fmt, "ratifier");
    sc = parse(text);
    an = analyze(sc);
    assert_int_equal(an->base.zone.status, DT_ZONE_RED_LINES);
    assert_false(an->base.zone.feasible);
    assert_false(an->base.deal.found);
    dt_analysis_verdict(sc, &an->base, buf, sizeof buf);
    if (!strstr(buf, "R's red line on x"))
        fail_msg("verdict does not name R's red line: %s", buf);
    dt_analysis_free(an);
    dt_scenario_free(sc);
}

/*
 * A mediator Z (position 30) sits at the table in forecasts (the table
 * forecast moves toward it) but is no party to the zone: the surplus
 * stays 60 at x = 60, and its clout does not count in durability.
 */
static void test_roles__mediator(void **state)
{
    static const char text[] =
        BASE "  - id: Z\n"
             "    name: Z\n"
             "    role: mediator\n"
             "    capability: 10\n"
             "    issues: {x: {position: 30, salience: 100}}\n";
    dt_scenario *sc = parse(text);
    dt_analysis_opts o = DT_ANALYSIS_OPTS_INIT;
    dt_analysis *an = NULL;
    dt_error err;

    (void)state;
    o.no_levers = 1;
    o.model = &dt_model_mean;
    assert_int_equal(dt_analyze(sc, &o, &an, &err), DT_OK);
    assert_true(an->base.zone.feasible);
    DT_ASSERT_REL(an->base.zone.surplus, 60.0, 1e-7);
    /* Mean weighted by capability x salience: (100 + 60 + 30) / 3. */
    DT_ASSERT_REL(an->base.table_forecast[0], 190.0 / 3.0, 1e-12);
    DT_ASSERT_CLOSE(an->base.clout[2], 0.0, 0, 0);
    DT_ASSERT_REL(an->base.durability, 1.0, 1e-12);
    assert_string_equal(dt_role_name(dt_scenario_actor(sc, 2)->role),
                        "mediator");
    assert_true(dt_role_at_table(DT_ROLE_MEDIATOR));
    assert_false(dt_role_at_table(DT_ROLE_RATIFIER));
    dt_analysis_free(an);
    dt_scenario_free(sc);
}

static void test_roles__body_errors(void **state)
{
    (void)state;
    expect_error(BASE "bodies:\n  - {id: h, members: [A], quota: 1}\n",
                 "body 'h': member 'A' has role 'table' (expected "
                 "'ratifier'");
    expect_error(BASE "  - {id: R, name: R, role: ratifier, capability: 1}\n"
                      "bodies:\n  - {id: h, members: [R, Q], quota: 1}\n",
                 "body 'h': unknown actor 'Q'");
    expect_error(BASE "  - {id: R, name: R, role: ratifier, capability: 1}\n"
                      "bodies:\n  - {id: h, members: [R], quota: 2}\n",
                 "body 'h': quota 2 must be > 0 and at most the total "
                 "weight of the members, 1");
    expect_error(BASE "  - {id: R, name: R, role: ratifier, capability: 1}\n"
                      "bodies:\n  - {id: h, members: [R], weights: [1, 2], "
                      "quota: 1}\n",
                 "body 'h': 2 weights for 1 members");
    expect_error(BASE "  - {id: R, name: R, role: ratifier, capability: 1}\n"
                      "bodies:\n  - {id: h, members: [R], quota: 1}\n"
                      "  - {id: g, members: [R], quota: 1}\n",
                 "member 'R' is already a member of body 'h'");
    expect_error(BASE "  - {id: R, name: R, role: ratifier, capability: 1}\n"
                      "bodies:\n  - {id: h, members: [R]}\n",
                 "body 'h' is missing required key 'quota'");
}

/* The Brexit scenario: May's deal fails in the Commons. */
static void test_roles__brexit(void **state)
{
    dt_scenario *sc = NULL;
    dt_analysis *an;
    dt_error err;
    size_t commons;

    (void)state;
    assert_int_equal(dt_scenario_load(dt_test_src("scenarios/brexit-2019.yaml"),
                                      NULL, &sc, &err),
                     DT_OK);
    an = analyze(sc);
    assert_true(an->base.deal.found);
    assert_int_equal(an->base.ratified, 0);
    commons = an->base.votes[0].body;
    assert_string_equal(dt_scenario_body(sc, commons)->id, "commons");
    assert_false(an->base.votes[0].ratified);
    /* Only the loyal Conservatives (197 seats) back it; 320 needed. */
    DT_ASSERT_REL(an->base.votes[0].yes, 197.0, 1e-12);
    DT_ASSERT_REL(an->base.votes[0].total, 639.0, 1e-12);
    dt_analysis_free(an);
    dt_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roles__vote_quota_met_and_missed),
        cmocka_unit_test(test_roles__vote_unanimity_one_dissenter),
        cmocka_unit_test(test_roles__body_quota_met),
        cmocka_unit_test(test_roles__body_quota_missed),
        cmocka_unit_test(test_roles__body_unanimity),
        cmocka_unit_test(test_roles__ratifier_constrains_zone_and_deal),
        cmocka_unit_test(test_roles__ratifier_red_line_empties_zone),
        cmocka_unit_test(test_roles__mediator),
        cmocka_unit_test(test_roles__body_errors),
        cmocka_unit_test(test_roles__brexit),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
