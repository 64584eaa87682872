/*
 * detente: scoring rules shared by every front that scores forecasts
 * against outcomes: the continuous ranked probability score (CRPS) of an
 * empirical sample and the type-7 quantile of a sorted sample. The
 * sealed-forecast ledger (seal.h) and the DEU backtest (backtest.h) both
 * score with these; docs/accuracy.md gives the formulas.
 */
#ifndef DETENTE_SCORING_H
#define DETENTE_SCORING_H

#include <stddef.h>

#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * CRPS of the empirical distribution of the n draws x[0..n) (sorted
 * ascending, finite; borrowed) for the outcome y: mean|X - y| - 1/2
 * mean|X - X'| (Gneiting and Raftery 2007, eq. 21; Hersbach 2000, eq. 20
 * for the ensemble form), with mean|X - X'| = 2/n^2 sum_i (2i - n - 1)
 * x_(i) over the sorted draws (i = 1..n). O(n). One draw gives the
 * absolute error. NaN when n is 0. Pure; thread-safe.
 */
DT_API double dt_crps_sorted(const double *x, size_t n, double y);

/*
 * Quantile p (0 <= p <= 1) of the n sorted values v[0..n) (borrowed):
 * Hyndman and Fan's (1996) type 7, linear interpolation between order
 * statistics (the default of R and NumPy). NaN when n is 0. Pure;
 * thread-safe.
 */
DT_API double dt_quantile_sorted(const double *v, size_t n, double p);

#ifdef __cplusplus
}
#endif
#endif
