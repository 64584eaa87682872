/*
 * Tests of scoring.h, the scoring rules shared by the ledger and the
 * backtest: the CRPS of a sample and type-7 quantiles, against values
 * worked out by hand in the comments beside them.
 */
#include <math.h>

#include "dt_test.h"

/* CRPS = mean|X - y| - 1/2 mean|X - X'| over the n^2 ordered pairs. */
static void test_scoring__crps_by_hand(void **state)
{
    static const double a[] = {10, 20, 40, 70}, b[] = {30, 30};

    (void)state;
    /*
     * {10,20,40,70}, y = 25: |X-y| = 15,5,15,45, mean 80/4 = 20. Pairs
     * i<j: 10,30,60,20,50,30 sum 200, ordered pairs 400, /16 = 25, half
     * 12.5: 20 - 12.5 = 7.5.
     */
    DT_ASSERT_REL(dt_crps_sorted(a, 4, 25.0), 7.5, 1e-15);
    /* y = 100 (above every draw): mean|X-y| = 260/4 = 65, 65 - 12.5. */
    DT_ASSERT_REL(dt_crps_sorted(a, 4, 100.0), 52.5, 1e-15);
    /* Two equal draws are one point: the absolute error, |30 - 42.5|. */
    DT_ASSERT_REL(dt_crps_sorted(b, 2, 42.5), 12.5, 1e-15);
    assert_true(isnan(dt_crps_sorted(a, 0, 1.0)));
}

/* Type 7: h = (n - 1) p, interpolate between x_(floor h) and the next. */
static void test_scoring__quantile_type7(void **state)
{
    static const double v[] = {10, 20, 40, 70};

    (void)state;
    /* p = 0.25: h = 0.75, 10 + 0.75 * 10 = 17.5. */
    DT_ASSERT_REL(dt_quantile_sorted(v, 4, 0.25), 17.5, 1e-15);
    /* p = 0.5: h = 1.5, 20 + 0.5 * 20 = 30. */
    DT_ASSERT_REL(dt_quantile_sorted(v, 4, 0.5), 30.0, 1e-15);
    /* p = 0.9: h = 2.7, 40 + 0.7 * 30 = 61. */
    DT_ASSERT_REL(dt_quantile_sorted(v, 4, 0.9), 61.0, 1e-15);
    DT_ASSERT_REL(dt_quantile_sorted(v, 4, 0.0), 10.0, 1e-15);
    DT_ASSERT_REL(dt_quantile_sorted(v, 4, 1.0), 70.0, 1e-15);
    DT_ASSERT_REL(dt_quantile_sorted(v, 1, 0.3), 10.0, 1e-15);
    assert_true(isnan(dt_quantile_sorted(v, 0, 0.5)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scoring__crps_by_hand),
        cmocka_unit_test(test_scoring__quantile_type7),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
