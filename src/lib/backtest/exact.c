/*
 * Exact statistics for small samples (cases.h): Fisher's exact test of a
 * 2x2 table (Fisher 1922, "On the interpretation of chi-squared from
 * contingency tables"; two-sided as in R's fisher.test) and the
 * Clopper-Pearson interval of a binomial proportion (Clopper and Pearson
 * 1934, Biometrika 26: 404-413). Log-factorials are summed, not taken
 * from lgamma (which writes the global signgam): the case counts are
 * small.
 */
#include <math.h>

#include "detente/cases.h"

/* log(n!) */
static double lfact(size_t n)
{
    double s = 0;
    size_t k;

    for (k = 2; k <= n; k++)
        s += log((double)k);
    return s;
}

/* log C(n, k), k <= n */
static double lchoose(size_t n, size_t k)
{
    return lfact(n) - lfact(k) - lfact(n - k);
}

double dt_fisher_exact(size_t a, size_t b, size_t c, size_t d)
{
    size_t r1 = a + b, r2 = c + d, c1 = a + c, n = r1 + r2, x, lo, hi;
    double base, pobs, p = 0;

    if (n == 0)
        return 1.0;
    lo = c1 > r2 ? c1 - r2 : 0;
    hi = r1 < c1 ? r1 : c1;
    base = lchoose(n, c1);
    pobs = exp(lchoose(r1, a) + lchoose(r2, c) - base);
    for (x = lo; x <= hi; x++) {
        double px = exp(lchoose(r1, x) + lchoose(r2, c1 - x) - base);

        if (px <= pobs * (1.0 + 1e-7))
            p += px;
    }
    return p > 1.0 ? 1.0 : p;
}

/* P(X >= k) for X ~ Binomial(n, p), 0 < p < 1. */
static double upper_tail(size_t k, size_t n, double p)
{
    double s = 0;
    size_t j;

    for (j = k; j <= n; j++)
        s += exp(lchoose(n, j) + (double)j * log(p) +
                 (double)(n - j) * log1p(-p));
    return s;
}

void dt_clopper_pearson(size_t k, size_t n, double level, double *lo,
                        double *hi)
{
    double alpha = (1.0 - level) / 2.0, l, h, m;
    int it;

    if (n == 0 || k > n || !(level > 0 && level < 1)) {
        *lo = *hi = NAN;
        return;
    }
    /* lo: P(X >= k | p) = alpha; the tail rises with p. */
    if (k == 0) {
        *lo = 0.0;
    } else {
        for (l = 0.0, h = 1.0, it = 0; it < 200 && h - l > 1e-12; it++) {
            m = (l + h) / 2;
            if (upper_tail(k, n, m) < alpha)
                l = m;
            else
                h = m;
        }
        *lo = (l + h) / 2;
    }
    /* hi: P(X <= k | p) = 1 - P(X >= k + 1 | p) = alpha. */
    if (k == n) {
        *hi = 1.0;
    } else {
        for (l = 0.0, h = 1.0, it = 0; it < 200 && h - l > 1e-12; it++) {
            m = (l + h) / 2;
            if (1.0 - upper_tail(k + 1, n, m) > alpha)
                l = m;
            else
                h = m;
        }
        *hi = (l + h) / 2;
    }
}
