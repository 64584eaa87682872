/*
 * Tests of the Nash bargaining solution model (nbs): hand-solved
 * first-order conditions (symmetric and asymmetric, quadratic and linear
 * utility), the degenerate cases ("no agreement" is NaN) and a brute-force
 * 0.01 grid check of the Brent maximiser.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dt_test.h"

static dt_line make_line(size_t n, double *x, double *c, double *s, int has_d,
                         double d)
{
    static const char *ids[] = {"a0", "a1", "a2", "a3", "a4", "a5"};
    static size_t idx[] = {0, 1, 2, 3, 4, 5};
    dt_line l;

    memset(&l, 0, sizeof l);
    l.n = n;
    l.ids = ids;
    l.actor = idx;
    l.x = x;
    l.c = c;
    l.s = s;
    l.has_status_quo = has_d;
    l.status_quo = d;
    return l;
}

static double nbs(const dt_line *l, dt_nbs_utility u, dt_nbs_weights w)
{
    dt_model_opts o = DT_MODEL_OPTS_INIT;
    dt_model *m = NULL;
    dt_model_result r;
    dt_error err;

    o.nbs_utility = u;
    o.nbs_weights = w;
    assert_int_equal(dt_model_new(&dt_model_nbs, 6, &o, NULL, &m, &err), DT_OK);
    assert_int_equal(dt_model_solve(m, l, NULL, &r, &err), DT_OK);
    assert_int_equal(r.stop, DT_STOP_CONVERGED);
    assert_int_equal(r.rounds, 1);
    dt_model_free(m);
    return r.point;
}

/*
 * Symmetric, quadratic, d = 0, ideals 40 and 80. Gains over d:
 * g1 = 40^2 - (x - 40)^2 = x (80 - x), g2 = x (160 - x); feasible (0, 80).
 * Maximise 2 ln x + ln(80 - x) + ln(160 - x):
 * 2/x = 1/(80 - x) + 1/(160 - x)
 * => 2 (80 - x)(160 - x) = x (160 - x) + x (80 - x)
 * => 4x^2 - 720x + 25600 = 0 => x^2 - 180x + 6400 = 0
 * => x = 90 - sqrt(1700) = 48.7689437... (the other root is > 80).
 * Saliences scale each gain by a constant: they must not matter.
 */
static void test_nbs__symmetric_quadratic(void **state)
{
    double x[] = {40, 80}, c[] = {2.385, 0.7}, s[] = {0.25, 0.9};
    dt_line l = make_line(2, x, c, s, 1, 0.0);

    (void)state;
    DT_ASSERT_REL(nbs(&l, DT_NBS_UTILITY_QUADRATIC, DT_NBS_WEIGHTS_EQUAL),
                  90.0 - sqrt(1700.0), 1e-9);
}

/*
 * The same problem mirrored: d = 100, ideals 60 and 20 are y = 100 - x
 * of the case above, so x = 100 - (90 - sqrt(1700)) = 10 + sqrt(1700).
 */
static void test_nbs__status_quo_above(void **state)
{
    double x[] = {60, 20}, c[] = {1, 1}, s[] = {0.5, 0.5};
    dt_line l = make_line(2, x, c, s, 1, 100.0);

    (void)state;
    DT_ASSERT_REL(nbs(&l, DT_NBS_UTILITY_QUADRATIC, DT_NBS_WEIGHTS_EQUAL),
                  10.0 + sqrt(1700.0), 1e-9);
}

/*
 * Asymmetric, quadratic, weights c = (1, 3) (scaled by 2.385: only
 * ratios matter), d = 0, ideals 40 and 80:
 * maximise ln x(80 - x) + 3 ln x(160 - x):
 * 4/x = 1/(80 - x) + 3/(160 - x)
 * => 4 (80 - x)(160 - x) = x (160 - x) + 3x (80 - x)
 * => 8x^2 - 1360x + 51200 = 0 => x^2 - 170x + 6400 = 0
 * => x = 85 - sqrt(825) = 56.2771887...
 */
static void test_nbs__asymmetric_quadratic(void **state)
{
    double x[] = {40, 80}, c[] = {2.385, 3 * 2.385}, s[] = {0.6, 0.35};
    dt_line l = make_line(2, x, c, s, 1, 0.0);

    (void)state;
    DT_ASSERT_REL(nbs(&l, DT_NBS_UTILITY_QUADRATIC, DT_NBS_WEIGHTS_CAPABILITY),
                  85.0 - sqrt(825.0), 1e-9);
    /* Equal weights ignore the capabilities: back to 90 - sqrt(1700). */
    DT_ASSERT_REL(nbs(&l, DT_NBS_UTILITY_QUADRATIC, DT_NBS_WEIGHTS_EQUAL),
                  90.0 - sqrt(1700.0), 1e-9);
}

/*
 * Linear utility, d = 0, ideals 50 and 100: for x <= 50 both gains equal
 * x (the product rises); for 50 <= x < 100, g1 = 100 - x and g2 = x.
 * Symmetric: maximise ln(100 - x) + ln x => x = 50, the even split of
 * the stretch both gain on. Weights (1, 3): maximise ln(100 - x) +
 * 3 ln x => 3/x = 1/(100 - x) => x = 75, the split in proportion to the
 * weights (the asymmetric Nash split).
 */
static void test_nbs__linear_splits(void **state)
{
    double x[] = {50, 100}, c[] = {1.5, 4.5}, s[] = {0.3, 0.8};
    dt_line l = make_line(2, x, c, s, 1, 0.0);

    (void)state;
    DT_ASSERT_CLOSE(nbs(&l, DT_NBS_UTILITY_LINEAR, DT_NBS_WEIGHTS_EQUAL), 50.0,
                    0.0, 1e-6);
    DT_ASSERT_CLOSE(nbs(&l, DT_NBS_UTILITY_LINEAR, DT_NBS_WEIGHTS_CAPABILITY),
                    75.0, 0.0, 1e-6);
}

/*
 * Degenerate cases. No status quo: no disagreement point, NaN. Actors on
 * both sides of d: nobody's gain set meets the other's, NaN. An actor at
 * d, with zero salience or (with capability weights) zero capability is
 * left out, and the remaining actor alone gets its ideal point.
 */
static void test_nbs__degenerate(void **state)
{
    double x[] = {20, 80}, c[] = {1, 1}, s[] = {0.4, 0.7};
    double x2[] = {37.5, 10}, c2[] = {1, 1}, s2[] = {0.5, 0.5};
    double s3[] = {0.4, 0.0}, c4[] = {0.0, 1.0};
    dt_line l = make_line(2, x, c, s, 0, 0.0);

    (void)state;
    assert_true(isnan(nbs(&l, DT_NBS_UTILITY_QUADRATIC,
                          DT_NBS_WEIGHTS_EQUAL))); /* no status quo */
    l = make_line(2, x, c, s, 1, 50.0);
    assert_true(isnan(nbs(&l, DT_NBS_UTILITY_QUADRATIC,
                          DT_NBS_WEIGHTS_EQUAL))); /* both sides */
    assert_true(
        isnan(nbs(&l, DT_NBS_UTILITY_LINEAR, DT_NBS_WEIGHTS_CAPABILITY)));
    l = make_line(2, x2, c2, s2, 1, 10.0); /* actor 1 sits at d */
    DT_ASSERT_CLOSE(nbs(&l, DT_NBS_UTILITY_QUADRATIC, DT_NBS_WEIGHTS_EQUAL),
                    37.5, 0.0, 1e-7);
    l = make_line(2, x, c, s3, 1, 50.0); /* actor 1 does not care */
    DT_ASSERT_CLOSE(nbs(&l, DT_NBS_UTILITY_QUADRATIC, DT_NBS_WEIGHTS_EQUAL),
                    20.0, 0.0, 1e-7);
    l = make_line(2, x, c4, s, 1, 50.0); /* actor 0 has no capability */
    DT_ASSERT_CLOSE(nbs(&l, DT_NBS_UTILITY_LINEAR, DT_NBS_WEIGHTS_CAPABILITY),
                    80.0, 0.0, 1e-6);
    assert_true(isnan(nbs(&l, DT_NBS_UTILITY_LINEAR, DT_NBS_WEIGHTS_EQUAL)));
    /* Everyone at d: nobody can gain, no agreement... */
    x2[0] = 10;
    l = make_line(2, x2, c2, s2, 1, 10.0);
    /* ...but that is also unanimity: the common point (= d). */
    DT_ASSERT_REL(nbs(&l, DT_NBS_UTILITY_QUADRATIC, DT_NBS_WEIGHTS_EQUAL), 10.0,
                  0.0);
}

/* Independent brute force: the best point of a 0.01 grid. */
static double grid_max(const dt_line *l, int linear, int capw)
{
    double best = -HUGE_VAL, arg = NAN, x;
    size_t i;

    for (x = -200.0; x <= 300.0; x += 0.01) {
        double f = 0.0;
        int ok = 1;

        for (i = 0; i < l->n && ok; i++) {
            double dd = linear ? fabs(l->status_quo - l->x[i])
                               : pow(l->status_quo - l->x[i], 2);
            double dx = linear ? fabs(x - l->x[i]) : pow(x - l->x[i], 2);
            double g = l->s[i] * (dd - dx);

            if (g <= 0.0)
                ok = 0;
            else
                f += (capw ? l->c[i] : 1.0) * log(g);
        }
        if (ok && f > best) {
            best = f;
            arg = x;
        }
    }
    return arg;
}

/* Five actors on one side of d: Brent agrees with the grid to 0.01. */
static void test_nbs__grid_check(void **state)
{
    double x[] = {31.7, 55.2, 78.9, 64.4, 42.05};
    double c[] = {0.35, 1.2, 0.8, 2.385, 0.6};
    double s[] = {0.9, 0.15, 0.6, 0.45, 0.3};
    dt_line l = make_line(5, x, c, s, 1, 12.5);
    int lin, cw;

    (void)state;
    for (lin = 0; lin < 2; lin++)
        for (cw = 0; cw < 2; cw++)
            DT_ASSERT_CLOSE(nbs(&l, (dt_nbs_utility)lin, (dt_nbs_weights)cw),
                            grid_max(&l, lin, cw), 0.0, 0.011);
}

static void test_nbs__options_and_registry(void **state)
{
    dt_model_opts o = DT_MODEL_OPTS_INIT;
    dt_model *m = NULL;
    dt_error err;

    (void)state;
    assert_ptr_equal(dt_model_find("nbs"), &dt_model_nbs);
    assert_int_equal(o.nbs_utility, DT_NBS_UTILITY_QUADRATIC);
    assert_int_equal(o.nbs_weights, DT_NBS_WEIGHTS_EQUAL);
    o.nbs_utility = (dt_nbs_utility)2;
    assert_int_equal(dt_model_new(&dt_model_nbs, 3, &o, NULL, &m, &err),
                     DT_EINVAL);
    o.nbs_utility = DT_NBS_UTILITY_LINEAR;
    o.nbs_weights = (dt_nbs_weights)7;
    assert_int_equal(dt_model_opts_check(&o, &err), DT_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nbs__symmetric_quadratic),
        cmocka_unit_test(test_nbs__status_quo_above),
        cmocka_unit_test(test_nbs__asymmetric_quadratic),
        cmocka_unit_test(test_nbs__linear_splits),
        cmocka_unit_test(test_nbs__degenerate),
        cmocka_unit_test(test_nbs__grid_check),
        cmocka_unit_test(test_nbs__options_and_registry),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
