/*
 * Scoring rules shared by the sealed-forecast ledger and the backtest
 * (scoring.h; docs/accuracy.md): the CRPS of an empirical sample and the
 * type-7 quantile of a sorted sample.
 */
#include <math.h>

#include "internal.h"

/*
 * CRPS of an ensemble x_1..x_n for outcome y (Gneiting and Raftery 2007,
 * "Strictly proper scoring rules, prediction, and estimation", JASA 102,
 * eq. 21 with the empirical distribution; Hersbach 2000, Weather and
 * Forecasting 15, eq. 20): CRPS = (1/n) sum_i |x_i - y|
 * - 1/(2 n^2) sum_i sum_j |x_i - x_j|; for sorted draws the double sum
 * is 2 sum_i (2i - n - 1) x_(i), so the score costs O(n).
 */
double dt_crps_sorted(const double *x, size_t n, double y)
{
    double a = 0, b = 0, dn = (double)n;
    size_t i;

    if (n == 0)
        return NAN;
    for (i = 0; i < n; i++) {
        a += fabs(x[i] - y);
        b += (2.0 * (double)(i + 1) - dn - 1.0) * x[i];
    }
    /* mean|X - y| - (1/2) * (2 b / n^2) */
    return a / dn - b / (dn * dn);
}

/* Hyndman and Fan (1996), "Sample quantiles in statistical packages", 7. */
double dt_quantile_sorted(const double *v, size_t n, double p)
{
    double h;
    size_t lo;

    if (n == 0)
        return NAN;
    h = (double)(n - 1) * p;
    lo = (size_t)h;
    if (lo + 1 >= n)
        return v[n - 1];
    return v[lo] + (h - (double)lo) * (v[lo + 1] - v[lo]);
}
