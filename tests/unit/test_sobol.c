/*
 * Tests of the variance decomposition (include/detente/sobol.h,
 * src/lib/mc/sobol.c). Expected values are analytic, never the code's
 * own output:
 * - Ishigami and Homma (1990) function, a = 7, b = 0.1, x_i ~ U(-pi, pi):
 *   V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2, V1 = (1 + b pi^4/5)^2 / 2,
 *   V2 = a^2/8, V3 = 0, V13 = b^2 pi^8 (1/18 - 1/50) (Saltelli et al.
 *   2010, section 4; Sobol' and Levitan 1999): S1 = 0.3139, S2 = 0.4424,
 *   S3 = 0, ST1 = S1 + V13/V = 0.5576, ST2 = 0.4424, ST3 = 0.2437;
 * - a linear model y = sum c_i x_i with independent inputs: S_i = ST_i =
 *   c_i^2 var_i / sum_j c_j^2 var_j.
 * Tolerances: the standard deviation of each estimator at the test's N,
 * measured over 200 replications by an independent numpy transcription
 * of the estimators (tests/unit/sobol_se.py), times 4.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dt_test.h"

/* pi to double precision (PI is not C17). */
#define PI 3.14159265358979323846

static dt_status ishigami(void *ctx, unsigned worker, const double *u,
                          double *y, dt_error *err)
{
    const double a = 7.0, b = 0.1;
    double x1 = -PI + 2.0 * PI * u[0], x2 = -PI + 2.0 * PI * u[1];
    double x3 = -PI + 2.0 * PI * u[2];

    (void)ctx;
    (void)worker;
    (void)err;
    y[0] = sin(x1) + a * sin(x2) * sin(x2) + b * pow(x3, 4) * sin(x1);
    return DT_OK;
}

/* y0 = x1 + 2 x2 + 3 x3, y1 = x1, x_i ~ U(0, 1). */
static dt_status linear(void *ctx, unsigned worker, const double *u, double *y,
                        dt_error *err)
{
    (void)ctx;
    (void)worker;
    (void)err;
    y[0] = u[0] + 2.0 * u[1] + 3.0 * u[2];
    y[1] = u[0];
    return DT_OK;
}

static dt_sobol *run(size_t k, size_t m, dt_sobol_fn f, size_t n,
                     unsigned threads, uint64_t seed)
{
    dt_sobol_opts o = DT_SOBOL_OPTS_INIT;
    dt_sobol *s = NULL;
    dt_error err;

    o.n_base = n;
    o.threads = threads;
    o.seed = seed;
    if (dt_sobol_run(k, m, f, NULL, &o, NULL, &s, &err) != DT_OK)
        fail_msg("sobol: %s", err.msg);
    return s;
}

/*
 * N = 16384: estimator sd (numpy, 200 replications) S 0.0074 0.0065
 * 0.0070, ST 0.0110 0.0049 0.0036; tolerance 0.04 (S1, S2, S3, ST1) and
 * 0.02 (ST2, ST3), at least 4 sd.
 */
static void test_sobol__ishigami(void **state)
{
    const double a = 7.0, b = 0.1, p4 = pow(PI, 4), p8 = pow(PI, 8);
    double v = a * a / 8 + b * p4 / 5 + b * b * p8 / 18 + 0.5;
    double v1 = 0.5 * (1 + b * p4 / 5) * (1 + b * p4 / 5), v2 = a * a / 8;
    double v13 = b * b * p8 * (1.0 / 18 - 1.0 / 50);
    dt_sobol *s;
    size_t j;

    (void)state;
    /* The published rounded values, as a check of the formulas above. */
    DT_ASSERT_CLOSE(v1 / v, 0.3139, 0, 5e-5);
    DT_ASSERT_CLOSE(v2 / v, 0.4424, 0, 5e-5);
    DT_ASSERT_CLOSE((v1 + v13) / v, 0.5576, 0, 5e-5);
    DT_ASSERT_CLOSE(v13 / v, 0.2437, 0, 5e-5);
    s = run(3, 1, ishigami, 16384, 2, 7);
    assert_int_equal(dt_sobol_n_runs(s), 16384 * 5);
    DT_ASSERT_CLOSE(dt_sobol_variance(s, 0), v, 0.02, 0);
    DT_ASSERT_CLOSE(dt_sobol_first(s, 0, 0)->est, v1 / v, 0, 0.04);
    DT_ASSERT_CLOSE(dt_sobol_first(s, 0, 1)->est, v2 / v, 0, 0.04);
    DT_ASSERT_CLOSE(dt_sobol_first(s, 0, 2)->est, 0.0, 0, 0.04);
    DT_ASSERT_CLOSE(dt_sobol_total(s, 0, 0)->est, (v1 + v13) / v, 0, 0.04);
    DT_ASSERT_CLOSE(dt_sobol_total(s, 0, 1)->est, v2 / v, 0, 0.02);
    DT_ASSERT_CLOSE(dt_sobol_total(s, 0, 2)->est, v13 / v, 0, 0.02);
    /* Ranked by total: x1, x2, x3. */
    assert_int_equal(dt_sobol_rank(s, 0)[0], 0);
    assert_int_equal(dt_sobol_rank(s, 0)[1], 1);
    assert_int_equal(dt_sobol_rank(s, 0)[2], 2);
    for (j = 0; j < 3; j++) {
        const dt_sobol_est *e = dt_sobol_total(s, 0, j);

        assert_true(e->lo <= e->est && e->est <= e->hi);
        /* Interval width about 2 x 1.96 sd: well under 0.1. */
        assert_true(e->hi - e->lo < 0.1);
    }
    dt_sobol_free(s);
}

/*
 * y0 = x1 + 2 x2 + 3 x3, x_i ~ U(0, 1): S_i = ST_i = c_i^2 / 14. At N =
 * 4096 the sd (numpy) is S 0.0058 0.0112 0.0148, ST 0.0015 0.0061
 * 0.0113; tolerance 0.06 (S) and 0.05 (ST). y1 = x1: ST_2 = ST_3 = 0 and
 * S_2 = S_3 = 0 exactly (f(A_B^i) = f(A) bit for bit), ST_1 = 1 up to
 * noise, V = 1/12.
 */
static void test_sobol__linear(void **state)
{
    static const double c[3] = {1, 2, 3};
    dt_sobol *s;
    size_t j;

    (void)state;
    s = run(3, 2, linear, 4096, 1, 11);
    DT_ASSERT_CLOSE(dt_sobol_variance(s, 0), 14.0 / 12.0, 0.05, 0);
    for (j = 0; j < 3; j++) {
        DT_ASSERT_CLOSE(dt_sobol_first(s, 0, j)->est, c[j] * c[j] / 14.0, 0,
                        0.06);
        DT_ASSERT_CLOSE(dt_sobol_total(s, 0, j)->est, c[j] * c[j] / 14.0, 0,
                        0.05);
    }
    assert_int_equal(dt_sobol_rank(s, 0)[0], 2);
    DT_ASSERT_CLOSE(dt_sobol_variance(s, 1), 1.0 / 12.0, 0.05, 0);
    DT_ASSERT_CLOSE(dt_sobol_total(s, 1, 0)->est, 1.0, 0, 0.05);
    DT_ASSERT_CLOSE(dt_sobol_first(s, 1, 0)->est, 1.0, 0, 0.06);
    for (j = 1; j < 3; j++) {
        assert_true(dt_sobol_first(s, 1, j)->est == 0.0);
        assert_true(dt_sobol_total(s, 1, j)->est == 0.0);
    }
    assert_int_equal(dt_sobol_n_used(s, 0), 4096);
    dt_sobol_free(s);
}

static void same(const dt_sobol *a, const dt_sobol *b)
{
    size_t o, j;

    for (o = 0; o < dt_sobol_n_outputs(a); o++)
        for (j = 0; j < dt_sobol_n_inputs(a); j++) {
            assert_memory_equal(dt_sobol_first(a, o, j),
                                dt_sobol_first(b, o, j), sizeof(dt_sobol_est));
            assert_memory_equal(dt_sobol_total(a, o, j),
                                dt_sobol_total(b, o, j), sizeof(dt_sobol_est));
        }
}

/* The same seed gives the same bits, whatever the thread count. */
static void test_sobol__deterministic(void **state)
{
    dt_sobol *a, *b, *c, *d;

    (void)state;
    a = run(3, 2, linear, 500, 1, 5);
    b = run(3, 2, linear, 500, 1, 5);
    c = run(3, 2, linear, 500, 3, 5);
    d = run(3, 2, linear, 500, 1, 6);
    same(a, b);
    same(a, c);
    assert_true(dt_sobol_first(a, 0, 0)->est != dt_sobol_first(d, 0, 0)->est);
    dt_sobol_free(a);
    dt_sobol_free(b);
    dt_sobol_free(c);
    dt_sobol_free(d);
}

/* y is NaN whenever u[0] < 0.5: rows with any NaN are left out. */
static dt_status half_nan(void *ctx, unsigned worker, const double *u,
                          double *y, dt_error *err)
{
    (void)ctx;
    (void)worker;
    (void)err;
    y[0] = u[0] < 0.5 ? (double)NAN : u[1];
    return DT_OK;
}

static dt_status fails(void *ctx, unsigned worker, const double *u, double *y,
                       dt_error *err)
{
    (void)ctx;
    (void)worker;
    y[0] = u[0];
    if (u[0] < 0.5) {
        err->code = DT_ESCENARIO;
        snprintf(err->msg, sizeof err->msg, "boom");
        return DT_ESCENARIO;
    }
    return DT_OK;
}

static void test_sobol__nan_rows_and_errors(void **state)
{
    dt_sobol_opts o = DT_SOBOL_OPTS_INIT;
    dt_sobol *s = NULL;
    dt_error err;
    size_t used;

    (void)state;
    s = run(2, 1, half_nan, 2000, 2, 3);
    used = dt_sobol_n_used(s, 0);
    /* A row survives when u0 >= 0.5 in A and in B: about N/4 = 500. */
    assert_true(used > 400 && used < 600);
    DT_ASSERT_CLOSE(dt_sobol_total(s, 0, 1)->est, 1.0, 0, 0.1);
    dt_sobol_free(s);
    o.n_base = 100;
    assert_int_equal(dt_sobol_run(1, 1, fails, NULL, &o, NULL, &s, &err),
                     DT_ESCENARIO);
    assert_null(s);
    assert_string_equal(err.msg, "boom");
    o.n_base = 1;
    assert_int_equal(dt_sobol_run(1, 1, linear, NULL, &o, NULL, &s, &err),
                     DT_EINVAL);
    o.n_base = 10;
    o.level = 1.0;
    assert_int_equal(dt_sobol_run(1, 1, linear, NULL, &o, NULL, &s, &err),
                     DT_EINVAL);
}

/*
 * The sweep's inputs: three actors on one issue, saliences and
 * capabilities fixed; mean-model weights c s/100: a 50, b 50, c 25, so
 * the forecast is 0.4 Xa + 0.4 Xb + 0.2 Xc. Positions uniform: a on
 * [20, 80] (var 300), b on [0, 40] and c on [60, 100] (var 133.3):
 * contributions 48, 21.33, 5.33 of 74.67: S = ST = 0.6429, 0.2857,
 * 0.0714. At N = 4096 the sd (numpy) is S 0.016 0.010 0.006, ST 0.013
 * 0.006 0.002; tolerance 0.06.
 */
static void test_sobol__scenario_linear(void **state)
{
    static const char *const y =
        "name: three\n"
        "uncertainty: {position_sd: 0, salience_sd: 0, capability_cv: 0}\n"
        "issues:\n"
        "  - {id: x, name: X, status_quo: 50}\n"
        "actors:\n"
        "  - id: a\n"
        "    name: A\n"
        "    capability: 50\n"
        "    issues: {x: {position: {value: 50, range: [20, 80]}, salience: "
        "100}}\n"
        "  - id: b\n"
        "    name: B\n"
        "    capability: 100\n"
        "    issues: {x: {position: {value: 10, range: [0, 40]}, salience: "
        "50}}\n"
        "  - id: c\n"
        "    name: C\n"
        "    capability: 25\n"
        "    issues: {x: {position: {value: 90, range: [60, 100]}, salience: "
        "100}}\n";
    static const double want[3] = {48.0 / 74.6666666666666667,
                                   21.3333333333333333 / 74.6666666666666667,
                                   5.3333333333333333 / 74.6666666666666667};
    const dt_model_type *m[1] = {&dt_model_mean};
    dt_sweep_opts so = DT_SWEEP_OPTS_INIT;
    dt_sobol_opts o = DT_SOBOL_OPTS_INIT;
    dt_scenario *sc = NULL;
    dt_sobol *s = NULL, *s2 = NULL;
    const dt_sweep *sw;
    dt_error err;
    size_t j;

    (void)state;
    if (dt_scenario_parse(y, strlen(y), "t.yaml", DT_FORMAT_YAML, NULL, &sc,
                          &err) != DT_OK)
        fail_msg("parse: %s", err.msg);
    so.models = m;
    so.n_models = 1;
    so.analysis = DT_SWEEP_ANALYSIS_OFF;
    o.n_base = 4096;
    o.seed = 99;
    o.threads = 2;
    if (dt_sobol_scenario(sc, &so, &o, &s, &err) != DT_OK)
        fail_msg("sobol: %s", err.msg);
    sw = dt_sobol_sweep(s);
    assert_int_equal(dt_sobol_n_inputs(s), 3);
    assert_int_equal(dt_sobol_n_outputs(s), 1);
    assert_string_equal(dt_sweep_get_input(sw, 0)->label, "position a/x");
    DT_ASSERT_CLOSE(dt_sobol_variance(s, 0), 74.6666666666666667, 0.05, 0);
    for (j = 0; j < 3; j++) {
        DT_ASSERT_CLOSE(dt_sobol_first(s, 0, j)->est, want[j], 0, 0.06);
        DT_ASSERT_CLOSE(dt_sobol_total(s, 0, j)->est, want[j], 0, 0.06);
    }
    /* One thread: the same bits. */
    o.threads = 1;
    if (dt_sobol_scenario(sc, &so, &o, &s2, &err) != DT_OK)
        fail_msg("sobol: %s", err.msg);
    same(s, s2);
    dt_sobol_free(s2);
    s2 = NULL;
    /*
     * In steps, as --mpi does: two studies each compute a share of the
     * rows ([0, 1500) and [1500, 4096)); the second's rows go into the
     * first through row_get/row_set; the indices are the same bits.
     */
    {
        dt_sobol *p1 = NULL, *p2 = NULL;
        size_t w, r;
        double *buf;

        if (dt_sobol_scenario_new(sc, &so, &o, &p1, &err) != DT_OK ||
            dt_sobol_scenario_new(sc, &so, &o, &p2, &err) != DT_OK ||
            dt_sobol_compute(p1, 0, 1500, &err) != DT_OK ||
            dt_sobol_compute(p2, 1500, 4096, &err) != DT_OK)
            fail_msg("sobol steps: %s", err.msg);
        w = dt_sobol_row_size(p1);
        assert_int_equal(w, 3 + 2); /* f(A), f(B), f(A_B^i) for 3 inputs */
        buf = malloc(w * sizeof *buf);
        assert_non_null(buf);
        for (r = 1500; r < 4096; r++) {
            dt_sobol_row_get(p2, r, buf);
            dt_sobol_row_set(p1, r, buf);
        }
        free(buf);
        if (dt_sobol_finish(p1, &err) != DT_OK)
            fail_msg("sobol finish: %s", err.msg);
        same(s, p1);
        dt_sobol_free(p1);
        dt_sobol_free(p2);
    }
    dt_sobol_free(s);
    dt_scenario_free(sc);
}

/*
 * Grouped indices of y0 = x1 + 2 x2 + 3 x3 (x_i ~ U(0, 1), variances
 * 1/12): the group {x1, x2} explains (1 + 4) / 14 = 5/14 of the variance
 * and {x3} 9/14, first order and total alike (the model is additive);
 * y1 = x1 is all the first group's. Same tolerances as the ungrouped
 * linear test (the group estimators are the same sums). A group without
 * an input, or an input in no group, is refused.
 */
static void test_sobol__groups(void **state)
{
    static const size_t g[3] = {0, 0, 1}, bad[3] = {0, 0, 2};
    dt_sobol_opts o = DT_SOBOL_OPTS_INIT;
    dt_sobol *s = NULL;
    dt_error err;

    (void)state;
    o.n_base = 4096;
    o.seed = 11;
    o.group = g;
    o.n_groups = 2;
    assert_int_equal(dt_sobol_run(3, 2, linear, NULL, &o, NULL, &s, &err),
                     DT_OK);
    assert_int_equal(dt_sobol_n_inputs(s), 2);
    assert_int_equal(dt_sobol_n_runs(s), 4096 * 4);
    DT_ASSERT_CLOSE(dt_sobol_first(s, 0, 0)->est, 5.0 / 14.0, 0, 0.06);
    DT_ASSERT_CLOSE(dt_sobol_total(s, 0, 0)->est, 5.0 / 14.0, 0, 0.05);
    DT_ASSERT_CLOSE(dt_sobol_first(s, 0, 1)->est, 9.0 / 14.0, 0, 0.06);
    DT_ASSERT_CLOSE(dt_sobol_total(s, 0, 1)->est, 9.0 / 14.0, 0, 0.05);
    assert_int_equal(dt_sobol_rank(s, 0)[0], 1);
    DT_ASSERT_CLOSE(dt_sobol_total(s, 1, 0)->est, 1.0, 0, 0.05);
    assert_true(dt_sobol_total(s, 1, 1)->est == 0.0);
    assert_null(dt_sobol_input_label(s, 0));
    dt_sobol_free(s);
    o.group = bad;
    assert_int_equal(dt_sobol_run(3, 2, linear, NULL, &o, NULL, &s, &err),
                     DT_EINVAL);
    assert_non_null(strstr(err.msg, "group 2 of 2"));
    o.n_groups = 3;
    assert_int_equal(dt_sobol_run(3, 2, linear, NULL, &o, NULL, &s, &err),
                     DT_EINVAL);
    assert_non_null(strstr(err.msg, "group 1 has no input"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sobol__ishigami),
        cmocka_unit_test(test_sobol__linear),
        cmocka_unit_test(test_sobol__groups),
        cmocka_unit_test(test_sobol__deterministic),
        cmocka_unit_test(test_sobol__nan_rows_and_errors),
        cmocka_unit_test(test_sobol__scenario_linear),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
