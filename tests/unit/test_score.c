/*
 * Tests of score.h: per-issue absolute errors and their mean against a
 * recorded outcome, the outcome's `agreement` key (parsed, written back,
 * refused when not a boolean), and the zone verdict against it. Every
 * expected value is worked out by hand in the comment beside it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dt_test.h"

/*
 * Weights capability x salience:
 *   a: x 40*60 = 2400, y 60*30 = 1800, z 25*80 = 2000 (sum 6200)
 *   b: x 40*50 = 2000, y 60*40 = 2400, z 25*20 = 500  (sum 4900)
 */
static const char SC[] = "name: Score\n"
                         "issues:\n"
                         "  - {id: a, name: A, status_quo: 20}\n"
                         "  - {id: b, name: B, status_quo: 50}\n"
                         "actors:\n"
                         "  - id: x\n"
                         "    name: X\n"
                         "    capability: 40\n"
                         "    issues:\n"
                         "      a: {position: 80, salience: 60}\n"
                         "      b: {position: 10, salience: 50}\n"
                         "  - id: y\n"
                         "    name: Y\n"
                         "    capability: 60\n"
                         "    issues:\n"
                         "      a: {position: 20, salience: 30}\n"
                         "      b: {position: 70, salience: 40}\n"
                         "  - id: z\n"
                         "    name: Z\n"
                         "    capability: 25\n"
                         "    issues:\n"
                         "      a: {position: 50, salience: 80}\n"
                         "      b: {position: 90, salience: 20}\n";

static dt_scenario *parse(const char *tail)
{
    size_t n = strlen(SC) + strlen(tail) + 1;
    char *buf = malloc(n);
    dt_scenario *sc = NULL;
    dt_error err;

    assert_non_null(buf);
    memcpy(buf, SC, strlen(SC));
    memcpy(buf + strlen(SC), tail, strlen(tail) + 1);
    if (dt_scenario_parse(buf, strlen(buf), "score.yaml", DT_FORMAT_YAML, NULL,
                          &sc, &err) != DT_OK)
        fail_msg("%s", err.msg);
    free(buf);
    return sc;
}

static dt_forecast *mean_forecast(const dt_scenario *sc)
{
    static const char *const models[] = {"mean"};
    dt_forecast *fc = NULL;

    assert_int_equal(dt_forecast_new(sc, models, 1, NULL, &fc, NULL), DT_OK);
    return fc;
}

static void test_score__mean_model_errors(void **state)
{
    dt_scenario *sc = parse("outcome:\n"
                            "  agreement: true\n"
                            "  issues: {a: 47.5, b: 33}\n");
    dt_forecast *fc = mean_forecast(sc);
    size_t n = 99;

    (void)state;
    assert_int_equal(dt_scenario_outcome(sc)->agreement, 1);
    assert_true(dt_score_has_outcome(sc));
    /* a: (2400*80 + 1800*20 + 2000*50) / 6200 = 328000 / 6200 = 52.903226;
     * |52.903226 - 47.5| = 5.403226. */
    DT_ASSERT_REL(dt_score_error(fc, 0, 0), 328000.0 / 6200.0 - 47.5, 1e-12);
    DT_ASSERT_REL(dt_score_error(fc, 0, 0), 5.4032258, 1e-7);
    /* b: (2000*10 + 2400*70 + 500*90) / 4900 = 233000 / 4900 = 47.551020;
     * |47.551020 - 33| = 14.551020. */
    DT_ASSERT_REL(dt_score_error(fc, 1, 0), 14.5510204, 1e-7);
    /* Mean (5.4032258 + 14.5510204) / 2 = 9.9771231. */
    DT_ASSERT_REL(dt_score_mae(fc, 0, &n), 9.9771231, 1e-7);
    assert_int_equal(n, 2);
    /* Out of range model or issue: NaN. */
    assert_true(isnan(dt_score_error(fc, 2, 0)));
    assert_true(isnan(dt_score_error(fc, 0, 1)));
    /* A point forecast by hand: |60 - 47.5| = 12.5; NaN is not scored. */
    DT_ASSERT_REL(dt_score_point_error(sc, 0, 60.0), 12.5, 0.0);
    assert_true(isnan(dt_score_point_error(sc, 0, (double)NAN)));
    {
        const double x[2] = {60.0, NAN};

        /* Only a is scored: 12.5 over 1 issue. */
        DT_ASSERT_REL(dt_score_points_mae(sc, x, &n), 12.5, 0.0);
        assert_int_equal(n, 1);
    }
    dt_forecast_free(fc);
    dt_scenario_free(sc);
}

static void test_score__partial_and_missing_outcomes(void **state)
{
    dt_scenario *sc = parse("outcome:\n  issues: {b: 50}\n");
    dt_forecast *fc = mean_forecast(sc);
    size_t n = 99;

    (void)state;
    /* No agreement key: not recorded. */
    assert_int_equal(dt_scenario_outcome(sc)->agreement, -1);
    /* Only b: |47.551020 - 50| = 2.448980. */
    assert_true(isnan(dt_score_error(fc, 0, 0)));
    DT_ASSERT_REL(dt_score_mae(fc, 0, &n), 50.0 - 233000.0 / 4900.0, 1e-12);
    assert_int_equal(n, 1);
    dt_forecast_free(fc);
    dt_scenario_free(sc);

    sc = parse("");
    fc = mean_forecast(sc);
    assert_false(dt_score_has_outcome(sc));
    assert_true(isnan(dt_score_mae(fc, 0, &n)));
    assert_int_equal(n, 0);
    dt_forecast_free(fc);
    dt_scenario_free(sc);

    /* An agreement alone is an outcome to score the verdict against. */
    sc = parse("outcome: {agreement: false}\n");
    assert_true(dt_score_has_outcome(sc));
    assert_int_equal(dt_scenario_outcome(sc)->agreement, 0);
    dt_scenario_free(sc);
}

static dt_status parse_tail(const char *tail, dt_scenario **sc, dt_error *err)
{
    char buf[2048];

    memcpy(buf, SC, strlen(SC));
    memcpy(buf + strlen(SC), tail, strlen(tail) + 1);
    return dt_scenario_parse(buf, strlen(buf), "score.yaml", DT_FORMAT_YAML,
                             NULL, sc, err);
}

static void test_score__agreement_must_be_boolean(void **state)
{
    dt_scenario *sc = NULL;
    dt_error err;

    (void)state;
    assert_int_equal(parse_tail("outcome:\n  agreement: maybe\n", &sc, &err),
                     DT_ESCENARIO);
    assert_null(sc);
    assert_non_null(
        strstr(err.msg, "expected true or false for 'agreement', got 'maybe'"));
    /* SC has 23 lines; outcome is line 24, its agreement line 25. */
    assert_int_equal(err.line, 25);
}

static void test_score__held(void **state)
{
    dt_scenario *sc = NULL;
    dt_error err;

    (void)state;
    /* Not recorded unless given. */
    sc = parse("outcome: {agreement: true}\n");
    assert_int_equal(dt_scenario_outcome(sc)->held, -1);
    dt_scenario_free(sc);
    sc = parse("outcome: {agreement: true, held: false}\n");
    assert_int_equal(dt_scenario_outcome(sc)->agreement, 1);
    assert_int_equal(dt_scenario_outcome(sc)->held, 0);
    dt_scenario_free(sc);
    sc = NULL;
    /* Not a boolean: line 25 (SC has 23 lines), column of the value. */
    assert_int_equal(parse_tail("outcome:\n  held: sometimes\n", &sc, &err),
                     DT_ESCENARIO);
    assert_null(sc);
    assert_non_null(
        strstr(err.msg, "expected true or false for 'held', got 'sometimes'"));
    assert_int_equal(err.line, 25);
    assert_int_equal(err.col, 9);
    /* A deal not made cannot hold. */
    assert_int_equal(
        parse_tail("outcome: {agreement: false, held: true}\n", &sc, &err),
        DT_ESCENARIO);
    assert_non_null(strstr(err.msg, "cannot hold"));
}

static void test_score__verdict(void **state)
{
    dt_scenario *yes = parse("outcome: {agreement: true}\n");
    dt_scenario *no = parse("outcome: {agreement: false}\n");
    dt_scenario *unk = parse("outcome: {issues: {a: 1}}\n");
    dt_analysis_run r;

    (void)state;
    memset(&r, 0, sizeof r);
    /* A feasible zone predicts agreement. */
    r.zone.status = DT_ZONE_SOLVED;
    r.zone.feasible = 1;
    assert_int_equal(dt_score_predicted_agreement(&r), 1);
    assert_int_equal(dt_score_verdict(yes, &r), 1);
    assert_int_equal(dt_score_verdict(no, &r), 0);
    assert_int_equal(dt_score_verdict(unk, &r), -1);
    /* An empty zone, or red lines in conflict, predict no agreement. */
    r.zone.feasible = 0;
    assert_int_equal(dt_score_verdict(yes, &r), 0);
    assert_int_equal(dt_score_verdict(no, &r), 1);
    r.zone.status = DT_ZONE_RED_LINES;
    assert_int_equal(dt_score_predicted_agreement(&r), 0);
    assert_int_equal(dt_score_verdict(no, &r), 1);
    /* Nobody at the table: no verdict. */
    r.zone.status = DT_ZONE_NO_TABLE;
    assert_int_equal(dt_score_verdict(yes, &r), -1);
    dt_scenario_free(yes);
    dt_scenario_free(no);
    dt_scenario_free(unk);
}

typedef struct sink {
    char buf[4096];
    size_t len;
} sink;

static dt_status put(void *ud, const void *p, size_t n)
{
    sink *s = ud;

    if (s->len + n >= sizeof s->buf)
        return DT_EIO;
    memcpy(s->buf + s->len, p, n);
    s->len += n;
    s->buf[s->len] = 0;
    return DT_OK;
}

static void test_score__agreement_written_back(void **state)
{
    dt_scenario *sc = parse("outcome: {agreement: false}\n");
    dt_scenario *again = NULL;
    static sink out;
    const char *buf = out.buf;
    size_t len;

    (void)state;
    out.len = 0;
    assert_int_equal(dt_scenario_write_yaml(sc, put, &out, NULL), DT_OK);
    len = out.len;
    assert_non_null(strstr(buf, "agreement: false"));
    assert_int_equal(dt_scenario_parse(buf, len, "again.yaml", DT_FORMAT_YAML,
                                       NULL, &again, NULL),
                     DT_OK);
    assert_int_equal(dt_scenario_outcome(again)->agreement, 0);
    dt_scenario_free(again);
    dt_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_score__mean_model_errors),
        cmocka_unit_test(test_score__partial_and_missing_outcomes),
        cmocka_unit_test(test_score__agreement_must_be_boolean),
        cmocka_unit_test(test_score__held),
        cmocka_unit_test(test_score__verdict),
        cmocka_unit_test(test_score__agreement_written_back),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
