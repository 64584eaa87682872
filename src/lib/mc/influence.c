/*
 * Influence of each uncertain input on each result: Spearman's rank
 * correlation (Spearman 1904) over the draws, i.e. Pearson's correlation
 * of the ranks, ties given their average rank; for a 0/1 result (zone,
 * red line) this is the rank-biserial form of the same statistic. A
 * global, monotone measure: it ranks inputs by how consistently a larger
 * input goes with a larger (or smaller) result; it misses effects that
 * are not monotone and interactions (docs/analysis.md "Sweep"; Saltelli
 * et al. 2008, "Global Sensitivity Analysis: The Primer", ch. 1).
 *
 * Each result counts only the draws where it is finite (a deal point
 * exists only when there is a deal). Input ranks are recomputed for each
 * such subset, and reused while consecutive results share it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "mc/mc_int.h"

void dt__mc_ranks(const double *x, size_t n, size_t *idx, double *rank)
{
    size_t a = 0, b, k;

    gsl_sort_index(idx, x, 1, n);
    while (a < n) {
        double r;

        for (b = a + 1; b < n && x[idx[b]] == x[idx[a]]; b++)
            ;
        /* ranks a+1 .. b share their average */
        r = 0.5 * ((double)a + 1.0 + (double)b);
        for (k = a; k < b; k++)
            rank[idx[k]] = r;
        a = b;
    }
}

struct keyed {
    double key; /* |rho|, or -1 for NaN */
    size_t j;   /* input index */
};

static int by_key(const void *pa, const void *pb)
{
    const struct keyed *a = pa, *b = pb;

    if (a->key != b->key)
        return a->key > b->key ? -1 : 1;
    return a->j < b->j ? -1 : a->j > b->j;
}

/* Correlation of two rank vectors, or NaN when one is constant. */
static double corr(const double *a, const double *b, size_t m)
{
    double r = gsl_stats_correlation(a, 1, b, 1, m);

    if (!isfinite(r))
        return NAN;
    return r > 1.0 ? 1.0 : r < -1.0 ? -1.0 : r;
}

dt_status dt__mc_influence(dt_sweep *s, dt_error *err)
{
    size_t n = s->n_draws, ni = s->n_in, k, j, d, m = 0;
    unsigned char *mask = dt__calloc(NULL, n, 1);
    unsigned char *cached = dt__calloc(NULL, n, 1);
    double *vals = dt__alloc(NULL, (n + 1) * sizeof *vals);
    double *orank = dt__alloc(NULL, (n + 1) * sizeof *orank);
    double *irank = dt__alloc(NULL, (ni * n + 1) * sizeof *irank);
    size_t *idx = dt__alloc(NULL, (n + 1) * sizeof *idx);
    struct keyed *kk = dt__alloc(NULL, (ni + 1) * sizeof *kk);
    int have_cache = 0;
    dt_status rc = DT_OK;

    if (!mask || !cached || !vals || !orank || !irank || !idx || !kk) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    for (k = 0; k < s->n_out; k++) {
        const double *y = dt__mc_out(s, k);

        for (d = 0, m = 0; d < n; d++) {
            mask[d] = s->done[d] && isfinite(y[d]);
            if (mask[d])
                vals[m++] = y[d];
        }
        for (j = 0; j < ni; j++)
            s->infl[k * ni + j] = NAN;
        if (m >= 3 && ni > 0) {
            dt__mc_ranks(vals, m, idx, orank);
            if (!have_cache || memcmp(mask, cached, n) != 0) {
                for (j = 0; j < ni; j++) {
                    const double *x = dt__mc_in(s, j);
                    size_t t = 0;

                    for (d = 0; d < n; d++)
                        if (mask[d])
                            vals[t++] = x[d];
                    dt__mc_ranks(vals, m, idx, irank + j * n);
                }
                memcpy(cached, mask, n);
                have_cache = 1;
            }
            for (j = 0; j < ni; j++)
                s->infl[k * ni + j] = corr(irank + j * n, orank, m);
        }
        for (j = 0; j < ni; j++) {
            double r = s->infl[k * ni + j];

            kk[j].key = isnan(r) ? -1.0 : fabs(r);
            kk[j].j = j;
        }
        if (ni)
            qsort(kk, ni, sizeof *kk, by_key);
        for (j = 0; j < ni; j++)
            s->infl_rank[k * ni + j] = kk[j].j;
    }
out:
    dt__free(NULL, mask, n);
    dt__free(NULL, cached, n);
    dt__free(NULL, vals, 0);
    dt__free(NULL, orank, 0);
    dt__free(NULL, irank, 0);
    dt__free(NULL, idx, 0);
    dt__free(NULL, kk, 0);
    return rc;
}
