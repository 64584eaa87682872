/*
 * Tests of the explanations (dt_forecast_explain, forecast.h) and of the
 * exchange model's cycle stop and round cap. Expected values are worked
 * out by hand in the comments.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dt_test.h"

#include "internal.h"

/*
 * One issue, three actors, salience 100 each, so the median's weights
 * are the capabilities 45 (a, at 0), 40 (b, at 100), 15 (c, at 50);
 * total 100, half 50. Start: sorted 0 (45), 50 (60 cumulated) -> median
 * 50, c is the pivot. c's red line rejects x < 20. Status quo 50: a sits
 * below it, b above, c on it.
 */
static const char SC[] = "name: Three on one\n"
                         "issues:\n"
                         "  - {id: q, name: Q, status_quo: 50}\n"
                         "actors:\n"
                         "  - id: a\n"
                         "    name: A\n"
                         "    capability: 45\n"
                         "    issues:\n"
                         "      q: {position: 0, salience: 100}\n"
                         "  - id: b\n"
                         "    name: B\n"
                         "    capability: 40\n"
                         "    issues:\n"
                         "      q: {position: 100, salience: 100}\n"
                         "  - id: c\n"
                         "    name: C\n"
                         "    capability: 15\n"
                         "    issues:\n"
                         "      q: {position: 50, salience: 100,\n"
                         "          red_line: {below: 20}}\n";

static dt_scenario *parse(const char *text)
{
    dt_scenario *sc = NULL;
    dt_error err;

    if (dt_scenario_parse(text, strlen(text), "explain.yaml", DT_FORMAT_YAML,
                          NULL, &sc, &err) != DT_OK)
        fail_msg("parse: %s", err.msg);
    return sc;
}

static dt_forecast *forecast(const dt_scenario *sc, const char *const *m,
                             size_t n, const dt_forecast_opts *o)
{
    dt_forecast *fc = NULL;
    dt_error err;

    if (dt_forecast_new(sc, m, n, o, &fc, &err) != DT_OK)
        fail_msg("forecast: %s", err.msg);
    return fc;
}

/*
 * eu: the run (its offers and rounds) has b, in round 1, take a's
 * confrontation and move 100 -> 0. By hand, the median then goes from 50
 * to 0: sorted 0 (45 + 40 = 85 >= 50) -> 0, so that move's shift is -50,
 * the whole change. c's later compromise towards a (50 -> about 28)
 * leaves the median at 0 (0 still holds 85 of 100): shift 0. The shifts
 * add up to end - start = -50.
 */
static void test_explain__eu_decisive(void **state)
{
    static const char *const m[] = {"eu"};
    dt_forecast_opts o = DT_FORECAST_OPTS_INIT;
    dt_scenario *sc = parse(SC);
    dt_forecast *fc = forecast(sc, m, 1, &o);
    dt_forecast_explanation e;
    const dt_line *l = dt_forecast_line(fc, 0);
    dt_error err;

    (void)state;
    assert_int_equal(dt_forecast_explain(fc, 0, 0, 1, &e, &err), DT_OK);
    DT_ASSERT_REL(e.start, 50.0, 1e-12);
    DT_ASSERT_REL(e.end, 0.0, 1e-12);
    assert_int_equal(e.n_offers, 2);
    assert_int_equal(e.n_moves, 1); /* max_moves */
    assert_int_equal(e.moves[0].round, 1);
    assert_string_equal(l->ids[e.moves[0].receiver], "b");
    assert_string_equal(l->ids[e.moves[0].proposer], "a");
    assert_int_equal(e.moves[0].type, DT_EU_CLASS_CONFRONTATION);
    DT_ASSERT_REL(e.moves[0].from, 100.0, 1e-12);
    DT_ASSERT_CLOSE(e.moves[0].to, 0.0, 0, 1e-12);
    DT_ASSERT_REL(e.moves[0].shift, -50.0, 1e-12);
    /* eu forecasts 0, below c's red line (x >= 20): crossed by c. */
    assert_true(e.ignores_red_lines);
    assert_int_equal(e.n_crossed, 1);
    assert_string_equal(dt_scenario_actor(sc, e.crossed[0])->id, "c");
    assert_int_equal(e.nbs, DT_EXPLAIN_NBS_AGREED);
    dt_forecast_explanation_release(&e);

    /* Every move: c's compromise comes second with shift 0. */
    assert_int_equal(dt_forecast_explain(fc, 0, 0, 10, &e, &err), DT_OK);
    assert_int_equal(e.n_moves, 2);
    assert_string_equal(l->ids[e.moves[1].receiver], "c");
    assert_int_equal(e.moves[1].round, 2);
    assert_int_equal(e.moves[1].type, DT_EU_CLASS_COMPROMISE);
    DT_ASSERT_CLOSE(e.moves[1].shift, 0.0, 0, 1e-12);
    DT_ASSERT_CLOSE(e.moves[0].shift + e.moves[1].shift, e.end - e.start, 0,
                    1e-9);
    dt_forecast_explanation_release(&e);

    /* Without trace there is nothing to rank, and no error. */
    o.trace = 0;
    dt_forecast_free(fc);
    fc = forecast(sc, m, 1, &o);
    assert_int_equal(dt_forecast_explain(fc, 0, 0, 3, &e, &err), DT_OK);
    assert_int_equal(e.n_moves, 0);
    dt_forecast_explanation_release(&e);
    assert_int_equal(dt_forecast_explain(fc, 1, 0, 3, &e, &err), DT_EINVAL);
    dt_forecast_free(fc);
    dt_scenario_free(sc);
}

/*
 * nbs: a (0) would gain below the status quo 50, b (100) above it, c
 * sits on it: no outcome gains both, no agreement, "both sides" with a
 * below and b above. The compromise (mean) model forecasts (45*0 +
 * 40*100 + 15*50) / 100 = 47.5, inside c's red line: nothing crossed.
 */
static void test_explain__nbs_sides(void **state)
{
    static const char *const m[] = {"nbs", "mean"};
    dt_scenario *sc = parse(SC);
    dt_forecast *fc = forecast(sc, m, 2, NULL);
    const dt_line *l = dt_forecast_line(fc, 0);
    dt_forecast_explanation e;
    dt_error err;

    (void)state;
    assert_true(isnan(dt_forecast_result(fc, 0, 0)->point));
    assert_int_equal(dt_forecast_explain(fc, 0, 0, 3, &e, &err), DT_OK);
    assert_int_equal(e.nbs, DT_EXPLAIN_NBS_BOTH_SIDES);
    assert_int_equal(e.n_above, 1);
    assert_int_equal(e.n_below, 1);
    assert_string_equal(l->ids[e.above[0]], "b");
    assert_string_equal(l->ids[e.below[0]], "a");
    assert_int_equal(e.n_crossed, 0); /* no point, no crossing */
    assert_int_equal(e.n_moves, 0);
    dt_forecast_explanation_release(&e);
    DT_ASSERT_REL(dt_forecast_result(fc, 0, 1)->point, 47.5, 1e-12);
    assert_int_equal(dt_forecast_explain(fc, 0, 1, 3, &e, &err), DT_OK);
    assert_int_equal(e.n_crossed, 0);
    assert_int_equal(e.nbs, DT_EXPLAIN_NBS_AGREED);
    dt_forecast_explanation_release(&e);
    dt_forecast_free(fc);
    dt_scenario_free(sc);
}

/* A red line on both sides, the forecast above it: crossed. */
static void test_explain__red_line_above(void **state)
{
    static const char SC2[] = "name: Red\n"
                              "issues:\n"
                              "  - {id: q, name: Q}\n"
                              "actors:\n"
                              "  - id: x\n"
                              "    name: X\n"
                              "    capability: 10\n"
                              "    issues:\n"
                              "      q: {position: 80, salience: 50}\n"
                              "  - id: y\n"
                              "    name: Y\n"
                              "    capability: 10\n"
                              "    issues:\n"
                              "      q: {position: 40, salience: 50,\n"
                              "          red_line: {below: 30, above: 59.5}}\n";
    static const char *const m[] = {"mean", "nbs"};
    dt_scenario *sc = parse(SC2);
    dt_forecast *fc = forecast(sc, m, 2, NULL);
    dt_forecast_explanation e;

    (void)state;
    /* Mean (80 + 40) / 2 = 60 > 59.5: y's red line is crossed. */
    DT_ASSERT_REL(dt_forecast_result(fc, 0, 0)->point, 60.0, 1e-12);
    assert_int_equal(dt_forecast_explain(fc, 0, 0, 3, &e, NULL), DT_OK);
    assert_int_equal(e.n_crossed, 1);
    assert_string_equal(dt_scenario_actor(sc, e.crossed[0])->id, "y");
    dt_forecast_explanation_release(&e);
    /* No status quo: nbs has no disagreement point. */
    assert_int_equal(dt_forecast_explain(fc, 0, 1, 3, &e, NULL), DT_OK);
    assert_int_equal(e.nbs, DT_EXPLAIN_NBS_NO_STATUS_QUO);
    dt_forecast_explanation_release(&e);
    dt_forecast_free(fc);
    dt_scenario_free(sc);
}

/* A growing text buffer for dt_doc_write. */
struct tbuf {
    char *p;
    size_t n;
};

static dt_status tbuf_write(void *ud, const void *p, size_t n)
{
    struct tbuf *b = ud;
    char *q = realloc(b->p, b->n + n + 1);

    if (!q)
        return DT_ENOMEM;
    memcpy(q + b->n, p, n);
    b->n += n;
    q[b->n] = '\0';
    b->p = q;
    return DT_OK;
}

/* s with every run of white space made one space, in place. */
static char *squeeze(char *s)
{
    char *w = s, *r;

    for (r = s; *r; r++)
        if (!(*r == ' ' || *r == '\n') || (w > s && w[-1] != ' '))
            *w++ = (*r == '\n') ? ' ' : *r;
    *w = '\0';
    return s;
}

/*
 * Long lists in the why lines (written once, not re-formatted per name):
 * 61 actors, a0 .. a60, alternately below (even, at 20) and above (odd,
 * at 80) the status quo 50, equal weights. nbs: no agreement, both sides,
 * above: a1, a3, ..., a59; below: a0, a2, ..., a60 (in line order). The
 * mean is (31 x 20 + 30 x 80) / 61 = 3020 / 61 = 49.51, which crosses
 * the red lines "at least 49.6" that a0 and a2 hold: "a0's (at least
 * 49.60) crossed by mean 49.51; a2's (at least 49.60) crossed by mean
 * 49.51".
 */
static void test_explain__long_lists(void **state)
{
    static const char *const m[] = {"nbs", "mean"};
    char *yaml = malloc(16384), *want = malloc(8192), *got;
    dt_scenario *sc;
    dt_forecast *fc;
    dt_doc *d = NULL;
    struct tbuf b = {NULL, 0};
    size_t at, k;

    (void)state;
    assert_true(yaml && want);
    at = (size_t)snprintf(yaml, 16384,
                          "name: Long\nissues:\n"
                          "  - {id: q, name: Q, status_quo: 50}\nactors:\n");
    for (k = 0; k <= 60; k++)
        at += (size_t)snprintf(
            yaml + at, 16384 - at,
            "  - {id: a%zu, name: A%zu, capability: 10, issues: {q: "
            "{position: %d, salience: 50%s}}}\n",
            k, k, k % 2 ? 80 : 20,
            k == 0 || k == 2 ? ", red_line: {below: 49.6}" : "");
    sc = parse(yaml);
    fc = forecast(sc, m, 2, NULL);
    DT_ASSERT_REL(dt_forecast_result(fc, 0, 1)->point, 3020.0 / 61.0, 1e-12);
    assert_int_equal(dt_doc_new(NULL, &d, NULL), DT_OK);
    assert_int_equal(dt_forecast_why_doc(fc, 0, d, NULL), DT_OK);
    assert_int_equal(dt_doc_write(d, DT_DOC_MARKDOWN, tbuf_write, &b, NULL),
                     DT_OK);
    got = squeeze(b.p);
    at = (size_t)snprintf(want, 8192,
                          "why nbs: no agreement: the actors who could gain "
                          "sit on both sides of the status quo 50.00 "
                          "(above: ");
    for (k = 1; k <= 59; k += 2)
        at += (size_t)snprintf(want + at, 8192 - at, "%sa%zu",
                               k > 1 ? ", " : "", k);
    at += (size_t)snprintf(want + at, 8192 - at, "; below: ");
    for (k = 0; k <= 60; k += 2)
        at +=
            (size_t)snprintf(want + at, 8192 - at, "%sa%zu", k ? ", " : "", k);
    snprintf(want + at, 8192 - at, "), so no outcome gains them all");
    assert_non_null(strstr(got, want));
    assert_non_null(strstr(got, "a0's (at least 49.60) crossed by mean "
                                "49.51; a2's (at least 49.60) crossed by "
                                "mean 49.51"));
    free(b.p);
    dt_doc_free(d);
    dt_forecast_free(fc);
    dt_scenario_free(sc);
    free(yaml);
    free(want);
}

/*
 * The cycle test on a constructed history of 2 positions: rows 0..4 are
 * (1,2) (3,4) (5,6) (3,4) (5,6): row 4 repeats row 2, a two-cycle; row 3
 * repeats row 1 (period 2 too). A row equal to the one before is no
 * cycle (that is convergence), and NaN (off an issue) equals NaN.
 */
static void test_explain__exchange_cycle(void **state)
{
    const double two[] = {1, 2, 3, 4, 5, 6, 3, 4, 5, 6};
    const double none[] = {1, 2, 3, 4, 5, 6, 5, 6};
    const double three[] = {NAN, 1, NAN, 2, NAN, 3, NAN, 1};

    (void)state;
    assert_int_equal(dt__exchange_cycle(two, 2, 2), 0);
    assert_int_equal(dt__exchange_cycle(two, 3, 2), 2);
    assert_int_equal(dt__exchange_cycle(two, 4, 2), 2);
    assert_int_equal(dt__exchange_cycle(none, 3, 2), 0);
    assert_int_equal(dt__exchange_cycle(three, 3, 2), 3);
}

/*
 * --rounds caps the exchange model too: on Anchorage it makes exchanges
 * for 100 rounds (no exact cycle), so a cap of 3 stops it at round 3.
 */
static void test_explain__exchange_rounds(void **state)
{
    static const char *const m[] = {"exchange"};
    dt_forecast_opts o = DT_FORECAST_OPTS_INIT;
    dt_scenario *sc = NULL;
    dt_forecast *fc;
    dt_error err;

    (void)state;
    assert_int_equal(
        dt_scenario_load(dt_test_src("scenarios/anchorage-2025.yaml"), NULL,
                         &sc, &err),
        DT_OK);
    assert_int_equal(dt_forecast_opts_set(&o, "rounds", "3", &err), DT_OK);
    assert_int_equal(o.model.max_rounds, 3);
    assert_int_equal(o.exchange.max_rounds, 3);
    fc = forecast(sc, m, 1, &o);
    assert_int_equal(dt_forecast_exchange(fc)->rounds, 3);
    assert_int_equal(dt_forecast_result(fc, 0, 0)->stop, DT_STOP_ROUND_CAP);
    dt_forecast_free(fc);
    dt_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_explain__eu_decisive),
        cmocka_unit_test(test_explain__nbs_sides),
        cmocka_unit_test(test_explain__red_line_above),
        cmocka_unit_test(test_explain__long_lists),
        cmocka_unit_test(test_explain__exchange_cycle),
        cmocka_unit_test(test_explain__exchange_rounds),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
