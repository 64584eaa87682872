/*
 * Summary statistics of one result over the draws, in draw order: mean
 * and sample standard deviation (GSL's running recurrences, so the sum
 * runs in draw order whatever the thread count), and quantiles by
 * Hyndman and Fan's (1996) definition 7, "Sample quantiles in statistical
 * packages", The American Statistician 50(4): for sorted x_1..x_n and
 * level p, h = (n - 1) p + 1, Q(p) = x_floor(h) + (h - floor(h))
 * (x_floor(h)+1 - x_floor(h)); this is GSL's
 * gsl_stats_quantile_from_sorted_data (and R's and NumPy's default).
 */
#include <math.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "mc/mc_int.h"

void dt__mc_stats(const double *x, const unsigned char *done, size_t n,
                  double *scratch, dt_sweep_stats *st)
{
    size_t d, m = 0, k;

    for (d = 0; d < n; d++)
        if (done[d] && isfinite(x[d]))
            scratch[m++] = x[d];
    st->n = m;
    st->mean = st->sd = NAN;
    for (k = 0; k < DT_SWEEP_NQ; k++)
        st->q[k] = NAN;
    if (m == 0)
        return;
    st->mean = gsl_stats_mean(scratch, 1, m);
    if (m > 1)
        st->sd = gsl_stats_sd_m(scratch, 1, m, st->mean);
    gsl_sort(scratch, 1, m);
    for (k = 0; k < DT_SWEEP_NQ; k++)
        st->q[k] = gsl_stats_quantile_from_sorted_data(scratch, 1, m,
                                                       dt_sweep_levels[k]);
}
