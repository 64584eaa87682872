/*
 * Tests of the sweep's robustness summaries (issue 15 item 5): Sarle's
 * bimodality coefficient (src/lib/mc/bimodality.c), the as-written value
 * and the fragile/bimodal flags of a sweep, and the one-at-a-time
 * sensitivities (src/lib/mc/oat.c). Expected values by hand:
 *
 * Bimodality, b = (G1^2 + 1) / (G2 + 3 (n-1)^2 / ((n-2)(n-3))) with the
 * bias-corrected skewness G1 and excess kurtosis G2 (Pfister et al. 2013;
 * Joanes and Gill 1998):
 * - {0, 0, 0, 1}: mean 1/4, m2 = 3/16, m3 = 3/32, m4 = 21/256; g1 =
 *   2/sqrt(3), g2 = 7/3 - 3 = -2/3; G1 = g1 sqrt(12) / 2 = 2; G2 = 3/2 x
 *   (5 (-2/3) + 6) = 4; b = 5 / (4 + 27/2) = 2/7.
 * - ten 0s and ten 1s: g1 = 0, g2 = -2; G2 = 19/306 x (21 (-2) + 6) =
 *   -684/306; b = 1 / ((-684 + 1083) / 306) = 306/399 = 0.767 > 5/9.
 * - {1, 2, 3, 4, 5}: m2 = 2, m4 = 6.8, g2 = -1.3; G2 = 4/6 x (-1.8) =
 *   -1.2; b = 1 / (-1.2 + 8) = 5/34 = 0.147 < 5/9.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dt_test.h"

static void test_robust__bimodality_by_hand(void **state)
{
    double skew[4] = {0, 0, 0, 1}, two[20], five[5] = {1, 2, 3, 4, 5};
    double with_nan[6] = {0, NAN, 0, 0, INFINITY, 1},
           flat[6] = {3, 3, 3, 3, 3, 3};
    size_t i;

    (void)state;
    for (i = 0; i < 20; i++)
        two[i] = i < 10 ? 0.0 : 1.0;
    DT_ASSERT_CLOSE(dt_sweep_bimodality(skew, 4), 2.0 / 7.0, 1e-12, 0);
    DT_ASSERT_CLOSE(dt_sweep_bimodality(two, 20), 306.0 / 399.0, 1e-12, 0);
    assert_true(dt_sweep_bimodality(two, 20) > DT_SWEEP_BIMODAL_B);
    DT_ASSERT_CLOSE(dt_sweep_bimodality(five, 5), 5.0 / 34.0, 1e-12, 0);
    assert_true(dt_sweep_bimodality(five, 5) < DT_SWEEP_BIMODAL_B);
    /* Non-finite values are left out: the same as {0, 0, 0, 1}. */
    DT_ASSERT_CLOSE(dt_sweep_bimodality(with_nan, 6), 2.0 / 7.0, 1e-12, 0);
    /* Undefined: fewer than 4 values, or no spread. */
    assert_true(isnan(dt_sweep_bimodality(skew, 3)));
    assert_true(isnan(dt_sweep_bimodality(flat, 6)));
}

static dt_scenario *parse(const char *yaml)
{
    dt_scenario *sc = NULL;
    dt_error err;

    if (dt_scenario_parse(yaml, strlen(yaml), "t.yaml", DT_FORMAT_YAML, NULL,
                          &sc, &err) != DT_OK)
        fail_msg("parse: %s (%u:%u)", err.msg, err.line, err.col);
    return sc;
}

/*
 * Three actors on one issue (test_sweep.c's): mean-model weights
 * w = c s / 100: a 50, b 50, c 25 x S/100 with S c's salience; with
 * S = 100 the forecast is f = 0.4 X + 22, X a's position.
 */
static dt_scenario *three(const char *pos, const char *salc, const char *capb)
{
    char buf[2048];

    snprintf(buf, sizeof buf,
             "name: three\n"
             "uncertainty: {position_sd: 0, salience_sd: 0, capability_cv: "
             "0}\n"
             "issues:\n"
             "  - {id: x, name: X, status_quo: 50}\n"
             "actors:\n"
             "  - id: a\n"
             "    name: A\n"
             "    capability: 50\n"
             "    issues: {x: {position: %s, salience: 100}}\n"
             "  - id: b\n"
             "    name: B\n"
             "    capability: %s\n"
             "    issues: {x: {position: 10, salience: 50}}\n"
             "  - id: c\n"
             "    name: C\n"
             "    capability: 25\n"
             "    issues: {x: {position: 90, salience: %s}}\n",
             pos, capb, salc);
    return parse(buf);
}

static dt_sweep *plan(const dt_scenario *sc, const char *const *models,
                      size_t nm, size_t n, unsigned threads)
{
    const dt_model_type *m[4];
    dt_sweep_opts o = DT_SWEEP_OPTS_INIT;
    dt_sweep *s = NULL;
    dt_error err;
    size_t k;

    for (k = 0; k < nm; k++)
        m[k] = dt_model_find(models[k]);
    o.models = m;
    o.n_models = nm;
    o.seed = 11;
    o.n_draws = n;
    o.threads = threads;
    o.analysis = DT_SWEEP_ANALYSIS_OFF;
    if (dt_sweep_new(sc, &o, &s, &err) != DT_OK)
        fail_msg("new: %s", err.msg);
    return s;
}

static dt_sweep *sweep(const dt_scenario *sc, const char *model, size_t n)
{
    dt_sweep *s = plan(sc, &model, 1, n, 2);
    dt_error err;

    if (dt_sweep_run(s, 0, n, &err) != DT_OK ||
        dt_sweep_reduce(s, &err) != DT_OK)
        fail_msg("sweep: %s", err.msg);
    return s;
}

/*
 * a's position normal(0, 10) truncated to [0, 100]: a half-normal, so
 * every draw is above the value as written; the forecast 0.4 X + 22 has
 * its 5 % quantile at 22 + 0.4 x 10 x 0.0627 = 22.25 (half-normal
 * quantile 10 Phi^-1(0.525)), above the as-written 22: fragile.
 * With the position uniform on [20, 80] around 50, the as-written 42 is
 * the median: not fragile.
 */
static void test_robust__fragile(void **state)
{
    dt_scenario *sc = three("{value: 0, sd: 10}", "100", "100");
    dt_sweep *s = sweep(sc, "mean", 2000);

    (void)state;
    DT_ASSERT_CLOSE(dt_sweep_output_base(s, 0), 22.0, 0, 1e-12);
    assert_true(dt_sweep_output_stats(s, 0)->q[0] > 22.1);
    assert_true(dt_sweep_output_flags(s, 0) & DT_SWEEP_FRAGILE);
    dt_sweep_free(s);
    dt_scenario_free(sc);
    sc = three("{value: 50, range: [20, 80]}", "100", "100");
    s = sweep(sc, "mean", 2000);
    DT_ASSERT_CLOSE(dt_sweep_output_base(s, 0), 42.0, 0, 1e-12);
    assert_false(dt_sweep_output_flags(s, 0) & DT_SWEEP_FRAGILE);
    assert_false(dt_sweep_output_constant(s, 0));
    dt_sweep_free(s);
    dt_scenario_free(sc);
}

/*
 * The median model (weighted median, weights w = c s / 100) with b's
 * capability W uniform on [0, 200] (value 180): a 50 at 50, b W/2 at 10,
 * c 25 at 90, total 75 + W/2. The median is 10 when b's weight reaches
 * half the total, W/2 >= 37.5 + W/4, i.e. W >= 150 (a quarter of the
 * draws), else 50 (the weight at or below 50 is always past half). Two
 * values, p = 1/4 at 10: g1^2 = (1 - 2p)^2 / (p (1 - p)) = 4/3 and g2 =
 * g1^2 - 2 = -2/3, so b ~ (4/3 + 1) / (-2/3 + 3) = 1 > 5/9 for large n:
 * bimodal. The as-written 10 is inside [q05, q95] = [10, 50]: not
 * fragile.
 */
static void test_robust__bimodal(void **state)
{
    dt_scenario *sc = three("50", "100", "{value: 180, range: [0, 200]}");
    dt_sweep *s = sweep(sc, "median", 2000);
    const dt_sweep_stats *st = dt_sweep_output_stats(s, 0);

    (void)state;
    DT_ASSERT_CLOSE(dt_sweep_output_base(s, 0), 10.0, 0, 1e-12);
    DT_ASSERT_CLOSE(st->q[0], 10.0, 0, 1e-12);
    DT_ASSERT_CLOSE(st->q[4], 50.0, 0, 1e-12);
    assert_true(dt_sweep_output_bimodality(s, 0) > 0.9);
    assert_int_equal(dt_sweep_output_flags(s, 0), DT_SWEEP_BIMODAL);
    dt_sweep_free(s);
    dt_scenario_free(sc);
}

/*
 * One at a time with the mean model, by hand. a's position uniform on
 * [20, 80] (value 50), c's salience S uniform on [60, 100] (value 100):
 * f(X, S) = (50 X + 500 + 22.5 S) / (100 + S/4).
 * - a at 20: (1000 + 500 + 2250) / 125 = 30; at 80: 6750/125 = 54;
 *   swing 24 (as written 42 lies between).
 * - c at 60: (2500 + 500 + 1350) / 115 = 4350/115 = 37.8261; at 100: 42;
 *   swing 42 - 37.8261 = 4.1739.
 * Ranked: a's position first. Same bits on 1 and 3 workers.
 */
static void test_robust__oat_mean_model_by_hand(void **state)
{
    static const char *const mean = "mean";
    dt_scenario *sc = three("{value: 50, range: [20, 80]}",
                            "{value: 100, range: [60, 100]}", "100");
    dt_sweep *s = plan(sc, &mean, 1, 1, 1), *s3 = plan(sc, &mean, 1, 3, 3);
    dt_oat *o = NULL, *o3 = NULL;
    dt_error err;
    size_t pos, sal, j;

    (void)state;
    assert_int_equal(dt_sweep_oat(s, &o, &err), DT_OK);
    assert_int_equal(dt_sweep_oat(s3, &o3, &err), DT_OK);
    assert_int_equal(dt_sweep_n_inputs(s), 2);
    pos = dt_sweep_get_input(s, 0)->kind == DT_SLOT_POSITION ? 0 : 1;
    sal = 1 - pos;
    DT_ASSERT_CLOSE(dt_oat_value(o, pos, 0), 20.0, 0, 1e-12);
    DT_ASSERT_CLOSE(dt_oat_value(o, pos, 1), 80.0, 0, 1e-12);
    DT_ASSERT_CLOSE(dt_oat_result(o, 0, pos, 0), 30.0, 0, 1e-9);
    DT_ASSERT_CLOSE(dt_oat_result(o, 0, pos, 1), 54.0, 0, 1e-9);
    DT_ASSERT_CLOSE(dt_oat_swing(o, 0, pos), 24.0, 0, 1e-9);
    DT_ASSERT_CLOSE(dt_oat_result(o, 0, sal, 0), 4350.0 / 115.0, 0, 1e-9);
    DT_ASSERT_CLOSE(dt_oat_result(o, 0, sal, 1), 42.0, 0, 1e-9);
    DT_ASSERT_CLOSE(dt_oat_swing(o, 0, sal), 42.0 - 4350.0 / 115.0, 0, 1e-9);
    assert_int_equal(dt_oat_rank(o, 0)[0], pos);
    assert_int_equal(dt_oat_rank(o, 0)[1], sal);
    for (j = 0; j < 2; j++) {
        assert_true(dt_oat_result(o, 0, j, 0) == dt_oat_result(o3, 0, j, 0));
        assert_true(dt_oat_result(o, 0, j, 1) == dt_oat_result(o3, 0, j, 1));
    }
    dt_oat_free(o);
    dt_oat_free(o3);
    dt_sweep_free(s);
    dt_sweep_free(s3);
    dt_scenario_free(sc);
}

/*
 * A normal input goes to its 5 % and 95 % quantiles: a's position
 * normal(50, 10), truncated at 0 and 100 (five sd away, mass 3e-7 each
 * side: the quantiles move by < 1e-5): 50 -/+ 16.448536 and the forecast
 * 42 -/+ 0.4 x 16.448536 = 42 -/+ 6.579415, swing 13.15883.
 */
static void test_robust__oat_normal_ends(void **state)
{
    static const char *const mean = "mean";
    dt_scenario *sc = three("{value: 50, sd: 10}", "100", "100");
    dt_sweep *s = plan(sc, &mean, 1, 1, 1);
    dt_oat *o = NULL;
    dt_error err;

    (void)state;
    assert_int_equal(dt_sweep_oat(s, &o, &err), DT_OK);
    DT_ASSERT_CLOSE(dt_oat_value(o, 0, 0), 50.0 - 16.448536, 0, 1e-4);
    DT_ASSERT_CLOSE(dt_oat_value(o, 0, 1), 50.0 + 16.448536, 0, 1e-4);
    DT_ASSERT_CLOSE(dt_oat_swing(o, 0, 0), 13.158829, 0, 1e-4);
    dt_oat_free(o);
    dt_sweep_free(s);
    dt_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_robust__bimodality_by_hand),
        cmocka_unit_test(test_robust__fragile),
        cmocka_unit_test(test_robust__bimodal),
        cmocka_unit_test(test_robust__oat_mean_model_by_hand),
        cmocka_unit_test(test_robust__oat_normal_ends),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
