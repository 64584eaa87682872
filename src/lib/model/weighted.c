/*
 * Capability x salience weighted mean (the compromise model's point) and
 * weighted median (the median voter's point), used by every model to
 * report each round. Sums run in input order so results are reproducible.
 */
#include <stddef.h>

#include "model/model_int.h"

double dt_weighted_mean(size_t n, const double *x, const double *c,
                        const double *s)
{
    double num = 0.0, den = 0.0;
    size_t k;

    for (k = 0; k < n; k++) {
        double w = c[k] * s[k];

        num += w * x[k];
        den += w;
    }
    if (den > 0.0)
        return num / den;
    /* Zero total weight: nobody pulls, so every position counts alike. */
    num = 0.0;
    for (k = 0; k < n; k++)
        num += x[k];
    return num / (double)n;
}

double dt_weighted_median(size_t n, const double *x, const double *c,
                          const double *s, size_t *idx)
{
    double total = 0.0, cum = 0.0;
    int unweighted;
    size_t k;

    /* Stable insertion sort of indices by position: no allocation. */
    for (k = 0; k < n; k++) {
        size_t j = k;

        while (j > 0 && x[idx[j - 1]] > x[k]) {
            idx[j] = idx[j - 1];
            j--;
        }
        idx[j] = k;
    }
    /* Summed in sorted order, so the last cumulative sum equals it. */
    for (k = 0; k < n; k++)
        total += c[idx[k]] * s[idx[k]];
    unweighted = !(total > 0.0);
    if (unweighted)
        total = (double)n;
    /*
     * The smallest x whose cumulative weight reaches half the total: the
     * Condorcet winner under weighted linear votes (Black 1948).
     */
    for (k = 0; k < n; k++) {
        size_t i = idx[k];

        cum += unweighted ? 1.0 : c[i] * s[i];
        if (cum >= total / 2.0)
            return x[i];
    }
    return x[idx[n - 1]];
}
