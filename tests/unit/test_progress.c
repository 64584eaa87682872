/*
 * Tests of progress reporting (dt_progress_fn, error.h): the forecast
 * driver's whole-forecast fraction and the one-issue loop's per-round
 * fraction are called, never decrease, end at 1, leave every result
 * unchanged, and cancel the call when the callback returns nonzero.
 * Expected fractions are worked out by hand from the documented rule
 * (round / round cap, runs of (model, issue) weighted alike).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dt_test.h"

/* Five actors on three issues, spread so that eu plays several rounds. */
static const char SC[] =
    "name: Progress\n"
    "issues:\n"
    "  - {id: p, name: P, status_quo: 50}\n"
    "  - {id: q, name: Q, status_quo: 40}\n"
    "  - {id: r, name: R, status_quo: 60}\n"
    "actors:\n"
    "  - {id: a, name: A, capability: 40, issues: {p: {position: 10, "
    "salience: 80}, q: {position: 90, salience: 40}, r: {position: 5, "
    "salience: 70}}}\n"
    "  - {id: b, name: B, capability: 25, issues: {p: {position: 95, "
    "salience: 60}, q: {position: 20, salience: 90}, r: {position: 80, "
    "salience: 30}}}\n"
    "  - {id: c, name: C, capability: 15, issues: {p: {position: 40, "
    "salience: 90}, q: {position: 55, salience: 20}, r: {position: 35, "
    "salience: 95}}}\n"
    "  - {id: d, name: D, capability: 30, issues: {p: {position: 70, "
    "salience: 30}, q: {position: 5, salience: 60}, r: {position: 99, "
    "salience: 50}}}\n"
    "  - {id: e, name: E, capability: 10, issues: {p: {position: 25, "
    "salience: 50}, q: {position: 75, salience: 75}, r: {position: 50, "
    "salience: 10}}}\n";

/* What the callback saw. */
struct seen {
    size_t calls;       /* calls so far */
    size_t cancel_at;   /* return 1 on this call (1-based), 0: never */
    double first, last; /* first and last fraction */
    int decreased;      /* some fraction was below the one before */
    int out_of_range;   /* some fraction was outside [0, 1] */
    size_t ones;        /* calls with exactly 1 */
    char stage[160];    /* the last stage */
};

static int record(void *ud, double done, const char *stage)
{
    struct seen *s = ud;

    if (s->calls == 0)
        s->first = done;
    else if (done < s->last)
        s->decreased = 1;
    if (!(done >= 0.0 && done <= 1.0))
        s->out_of_range = 1;
    s->ones += done == 1.0;
    s->last = done;
    snprintf(s->stage, sizeof s->stage, "%s", stage);
    s->calls++;
    return s->cancel_at && s->calls == s->cancel_at;
}

static dt_scenario *parse(void)
{
    dt_scenario *sc = NULL;
    dt_error err;

    if (dt_scenario_parse(SC, strlen(SC), "progress.yaml", DT_FORMAT_YAML, NULL,
                          &sc, &err) != DT_OK)
        fail_msg("parse: %s", err.msg);
    return sc;
}

/*
 * mean, eu and smp on three issues: 9 runs (smp counts as one per issue).
 * The first call comes after the mean's single round on issue p:
 * (0 + 1/100) / 9. The last is 1 with
 * the stage "done". Results are those of a run without progress, bit
 * for bit.
 */
static void test_progress__forecast_monotone_to_one(void **state)
{
    static const char *const models[] = {"mean", "eu", "smp"};
    dt_forecast_opts o = DT_FORECAST_OPTS_INIT;
    dt_forecast *fc = NULL, *plain = NULL;
    struct seen s;
    dt_error err;
    dt_scenario *sc = parse();
    size_t i, m;

    (void)state;
    memset(&s, 0, sizeof s);
    o.smp.threads = 1;
    assert_int_equal(dt_forecast_new(sc, models, 3, &o, &plain, &err), DT_OK);
    o.progress = record;
    o.progress_ud = &s;
    assert_int_equal(dt_forecast_new(sc, models, 3, &o, &fc, &err), DT_OK);
    assert_true(s.calls > 6);
    DT_ASSERT_REL(s.first, 0.01 / 9.0, 1e-15);
    DT_ASSERT_REL(s.last, 1.0, 0.0);
    assert_string_equal(s.stage, "done");
    assert_false(s.decreased);
    assert_false(s.out_of_range);
    for (i = 0; i < 3; i++)
        for (m = 0; m < 3; m++) {
            const dt_model_result *a = dt_forecast_result(fc, i, m),
                                  *b = dt_forecast_result(plain, i, m);

            assert_memory_equal(&a->point, &b->point, sizeof a->point);
            assert_int_equal(a->rounds, b->rounds);
        }
    dt_forecast_free(fc);
    dt_forecast_free(plain);
    dt_scenario_free(sc);
}

/* The stage names the model and the issue while a one-issue run runs. */
static void test_progress__forecast_stage_names_issue(void **state)
{
    static const char *const models[] = {"mean"};
    dt_forecast_opts o = DT_FORECAST_OPTS_INIT;
    dt_forecast *fc = NULL;
    struct seen s;
    dt_error err;
    dt_scenario *sc = parse();

    (void)state;
    memset(&s, 0, sizeof s);
    s.cancel_at = 2; /* stop on the second call: issue q */
    o.progress = record;
    o.progress_ud = &s;
    assert_int_equal(dt_forecast_new(sc, models, 1, &o, &fc, &err),
                     DT_ECANCELED);
    assert_null(fc);
    assert_int_equal(err.code, DT_ECANCELED);
    assert_int_equal(s.calls, 2);
    assert_string_equal(s.stage, "mean on issue 'q' (2 of 3)");
    /* (1 + 1/100) / 3 */
    DT_ASSERT_REL(s.last, 1.01 / 3.0, 1e-15);
    dt_scenario_free(sc);
}

/* Cancel on any call stops the forecast with DT_ECANCELED, no leak. */
static void test_progress__forecast_cancel_every_call(void **state)
{
    static const char *const models[] = {"eu", "smp"};
    dt_forecast_opts o = DT_FORECAST_OPTS_INIT;
    dt_forecast *fc = NULL;
    struct seen s;
    dt_error err;
    dt_scenario *sc = parse();
    size_t total, k;

    (void)state;
    memset(&s, 0, sizeof s);
    o.smp.threads = 1;
    o.progress = record;
    o.progress_ud = &s;
    assert_int_equal(dt_forecast_new(sc, models, 2, &o, &fc, &err), DT_OK);
    dt_forecast_free(fc);
    total = s.calls; /* the last call ("done") cannot cancel */
    for (k = 1; k < total; k++) {
        memset(&s, 0, sizeof s);
        s.cancel_at = k;
        fc = NULL;
        assert_int_equal(dt_forecast_new(sc, models, 2, &o, &fc, &err),
                         DT_ECANCELED);
        assert_null(fc);
        assert_int_equal(s.calls, k);
    }
    dt_scenario_free(sc);
}

/*
 * dt_model_solve: one call per round with round / max_rounds (cap 40
 * here: k / 40 on the k-th call), then 1; the count is rounds + 1.
 */
static void test_progress__model_per_round(void **state)
{
    dt_model_opts mo = DT_MODEL_OPTS_INIT;
    dt_model *m = NULL;
    dt_model_result r, plain;
    dt_line *l = NULL;
    struct seen s;
    dt_error err;
    dt_scenario *sc = parse();

    (void)state;
    memset(&s, 0, sizeof s);
    mo.max_rounds = 40;
    assert_int_equal(dt_scenario_line(sc, 0, 0, &l, &err), DT_OK);
    assert_int_equal(dt_model_new(&dt_model_eu, l->n, &mo, NULL, &m, &err),
                     DT_OK);
    assert_int_equal(dt_model_solve(m, l, NULL, &plain, &err), DT_OK);
    dt_model_free(m);
    mo.progress = record;
    mo.progress_ud = &s;
    assert_int_equal(dt_model_new(&dt_model_eu, l->n, &mo, NULL, &m, &err),
                     DT_OK);
    assert_int_equal(dt_model_solve(m, l, NULL, &r, &err), DT_OK);
    assert_true(r.rounds >= 2);
    assert_int_equal(s.calls, (size_t)r.rounds + 1);
    DT_ASSERT_REL(s.first, 1.0 / 40.0, 0.0);
    DT_ASSERT_REL(s.last, 1.0, 0.0);
    assert_int_equal(s.ones, 1);
    assert_string_equal(s.stage, "eu");
    assert_false(s.decreased);
    assert_memory_equal(&r.point, &plain.point, sizeof r.point);
    /* Cancel in the first round. */
    memset(&s, 0, sizeof s);
    s.cancel_at = 1;
    assert_int_equal(dt_model_solve(m, l, NULL, &r, &err), DT_ECANCELED);
    assert_int_equal(s.calls, 1);
    dt_model_free(m);
    dt_line_free(l);
    dt_scenario_free(sc);
}

/*
 * Without the forecast's callback the model's is called by each
 * one-issue run on its own: for eu on three issues it reaches 1 three
 * times.
 */
static void test_progress__model_callback_through_forecast(void **state)
{
    static const char *const models[] = {"eu"};
    dt_forecast_opts o = DT_FORECAST_OPTS_INIT;
    dt_forecast *fc = NULL;
    struct seen s;
    dt_error err;
    dt_scenario *sc = parse();

    (void)state;
    memset(&s, 0, sizeof s);
    o.model.progress = record;
    o.model.progress_ud = &s;
    assert_int_equal(dt_forecast_new(sc, models, 1, &o, &fc, &err), DT_OK);
    assert_int_equal(s.ones, 3);
    assert_string_equal(s.stage, "eu");
    dt_forecast_free(fc);
    dt_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_progress__forecast_monotone_to_one),
        cmocka_unit_test(test_progress__forecast_stage_names_issue),
        cmocka_unit_test(test_progress__forecast_cancel_every_call),
        cmocka_unit_test(test_progress__model_per_round),
        cmocka_unit_test(test_progress__model_callback_through_forecast),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
