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

/* Whether idx entry a sorts before b: by position, ties in input order. */
static int before(const double *x, size_t a, size_t b)
{
    return x[a] < x[b] || (!(x[a] > x[b]) && a < b);
}

/* Restore the heap property below slot k of the max-heap idx[0..n). */
static void sift_down(const double *x, size_t *idx, size_t k, size_t n)
{
    for (;;) {
        size_t big = k, l = 2 * k + 1, r = l + 1, t;

        if (l < n && before(x, idx[big], idx[l]))
            big = l;
        if (r < n && before(x, idx[big], idx[r]))
            big = r;
        if (big == k)
            return;
        t = idx[k];
        idx[k] = idx[big];
        idx[big] = t;
        k = big;
    }
}

/*
 * idx[0..n) = 0..n-1 sorted by (x, index): ascending positions, ties in
 * input order, the order of a stable sort. Short or already sorted runs
 * take the insertion sort (O(n) when sorted); longer ones heapsort (Williams
 * 1964), O(n log n) in every case, with no allocation. Both give the same
 * permutation for finite positions, the order being total; with a NaN (no total
 * order) the insertion sort alone is used, so the result never depends on which
 * one ran.
 */
void dt__weighted_order(size_t n, const double *x, size_t *idx)
{
    size_t k;
    int nan = 0, sorted = 1;

    for (k = 0; k < n; k++) {
        nan |= x[k] != x[k];
        sorted &= k == 0 || !(x[k - 1] > x[k]);
    }
    if (n > 32 && !nan && !sorted) {
        for (k = 0; k < n; k++)
            idx[k] = k;
        for (k = n / 2; k-- > 0;)
            sift_down(x, idx, k, n);
        for (k = n; k-- > 1;) {
            size_t t = idx[0];

            idx[0] = idx[k];
            idx[k] = t;
            sift_down(x, idx, 0, k);
        }
        return;
    }
    /* Stable insertion sort of indices by position. */
    for (k = 0; k < n; k++) {
        size_t j = k;

        while (j > 0 && x[idx[j - 1]] > x[k]) {
            idx[j] = idx[j - 1];
            j--;
        }
        idx[j] = k;
    }
}

void dt__weighted_reorder(size_t n, const double *x, size_t *idx, size_t who)
{
    size_t p = 0;

    while (p < n && idx[p] != who)
        p++;
    /* One of the two loops runs: the rest of idx is still in order. */
    while (p > 0 && before(x, idx[p], idx[p - 1])) {
        idx[p] = idx[p - 1];
        idx[--p] = who;
    }
    while (p + 1 < n && before(x, idx[p + 1], idx[p])) {
        idx[p] = idx[p + 1];
        idx[++p] = who;
    }
}

double dt__weighted_median_sorted(size_t n, const double *x, const double *c,
                                  const double *s, const size_t *idx)
{
    double total = 0.0, cum = 0.0;
    int unweighted;
    size_t k;

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

double dt_weighted_median(size_t n, const double *x, const double *c,
                          const double *s, size_t *idx)
{
    dt__weighted_order(n, x, idx);
    return dt__weighted_median_sorted(n, x, c, s, idx);
}
