/*
 * Sarle's bimodality coefficient of a sample, as given by Pfister,
 * Schwarz, Janczyk, Dale and Freeman (2013), "Good things peak in pairs:
 * a note on the bimodality coefficient", Frontiers in Psychology 4:700,
 * eq. (1) (after SAS Institute, 1990):
 *
 *     b = (g^2 + 1) / (k + 3 (n - 1)^2 / ((n - 2)(n - 3)))
 *
 * with g the sample skewness and k the sample excess kurtosis, both
 * corrected for sample bias as Pfister et al. (and SAS) use them:
 *
 *     m_r = (1/n) sum (x_i - mean)^r,  g1 = m3 / m2^(3/2),
 *     g2 = m4 / m2^2 - 3,
 *     g = g1 sqrt(n (n - 1)) / (n - 2),
 *     k = (n - 1) / ((n - 2)(n - 3)) ((n + 1) g2 + 6)
 *
 * (Joanes and Gill 1998, "Comparing measures of sample skewness and
 * kurtosis", The Statistician 47(1), G1 and G2). b lies in (0, 1]; the
 * uniform distribution has 5/9, and b > 5/9 suggests a bimodal (or
 * strongly skewed) distribution: Pfister et al.'s threshold, which the
 * sweep uses (DT_SWEEP_BIMODAL_B). Undefined (NaN) for n < 4 or a
 * constant sample. Sums run in index order (deterministic).
 */
#include <math.h>

#include "mc/mc_int.h"

double dt_sweep_bimodality(const double *x, size_t n)
{
    double mean = 0.0, m2 = 0.0, m3 = 0.0, m4 = 0.0, g1, g2, g, k, dn;
    size_t i, m = 0;

    for (i = 0; i < n; i++)
        if (isfinite(x[i])) {
            mean += x[i];
            m++;
        }
    if (m < 4)
        return NAN;
    dn = (double)m;
    mean /= dn;
    for (i = 0; i < n; i++)
        if (isfinite(x[i])) {
            double d = x[i] - mean, d2 = d * d;

            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
        }
    m2 /= dn;
    m3 /= dn;
    m4 /= dn;
    /* Constant up to rounding: no shape to speak of. */
    if (!(m2 > 1e-24 * (mean * mean + 1.0)))
        return NAN;
    g1 = m3 / (m2 * sqrt(m2));
    g2 = m4 / (m2 * m2) - 3.0;
    g = g1 * sqrt(dn * (dn - 1.0)) / (dn - 2.0);
    k = (dn - 1.0) / ((dn - 2.0) * (dn - 3.0)) * ((dn + 1.0) * g2 + 6.0);
    return (g * g + 1.0) /
           (k + 3.0 * (dn - 1.0) * (dn - 1.0) / ((dn - 2.0) * (dn - 3.0)));
}
