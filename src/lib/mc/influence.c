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
 * exists only when there is a deal). The results are grouped by that
 * subset (their mask); the input ranks are computed once per group, on
 * the sweep's workers, one input per item, then the group's results are
 * correlated with them, one result per item. Every value is computed by
 * the same code from the same draws in draw order as on one thread and
 * written only to its own slots, so the table is the same bits whatever
 * the thread count. Each worker has its own scratch, allocated once per
 * call; the shared rank table holds one group at a time.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "mc/mc_int.h"
#include "platform/parallel.h"

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

/* Per-worker scratch. */
struct infl_ws {
    double *vals;     /* n_draws: the masked values of one column */
    double *orank;    /* n_draws: ranks of one result */
    size_t *idx;      /* n_draws: sort index */
    struct keyed *kk; /* n_in: ranking of the inputs */
};

struct infl_ctx {
    dt_sweep *s;
    struct infl_ws *ws;         /* n_ws */
    unsigned char *mask;        /* n_out x n_draws: draws each result counts */
    size_t *cnt;                /* n_out: how many */
    size_t *group;              /* n_out: first result with the same mask */
    const unsigned char *gmask; /* the current group's mask */
    size_t g, m;                /* current group (its first result), its size */
    double *irank; /* n_in x m: input ranks over the group's mask */
};

/* Mask and count of result k. */
static void mask_one(void *ctx, unsigned worker, size_t k)
{
    struct infl_ctx *c = ctx;
    const dt_sweep *s = c->s;
    const double *y = dt__mc_out(s, k);
    unsigned char *mask = c->mask + k * s->n_keep;
    size_t d, m = 0;

    (void)worker;
    for (d = 0; d < s->n_keep; d++) {
        mask[d] = s->done[d] && isfinite(y[d]);
        m += mask[d];
    }
    c->cnt[k] = m;
}

/* Ranks of input j over the current group's draws. */
static void rank_input(void *ctx, unsigned worker, size_t j)
{
    struct infl_ctx *c = ctx;
    const dt_sweep *s = c->s;
    struct infl_ws *w = &c->ws[worker];
    const double *x = dt__mc_in(s, j);
    size_t d, t = 0;

    for (d = 0; d < s->n_keep; d++)
        if (c->gmask[d])
            w->vals[t++] = x[d];
    dt__mc_ranks(w->vals, c->m, w->idx, c->irank + j * c->m);
}

/* Rank inputs by |rho| for influence row r (NaN last, ties by index). */
static void rank_row(dt_sweep *s, size_t r, struct keyed *kk)
{
    size_t ni = s->n_in, j;

    for (j = 0; j < ni; j++) {
        double x = s->infl[r * ni + j];

        kk[j].key = isnan(x) ? -1.0 : fabs(x);
        kk[j].j = j;
    }
    if (ni)
        qsort(kk, ni, sizeof *kk, by_key);
    for (j = 0; j < ni; j++)
        s->infl_rank[r * ni + j] = kk[j].j;
}

/* Influence row of result k = g + i when it belongs to the group g. */
static void corr_output(void *ctx, unsigned worker, size_t i)
{
    struct infl_ctx *c = ctx;
    dt_sweep *s = c->s;
    struct infl_ws *w = &c->ws[worker];
    size_t k = c->g + i, d, j, t = 0, ni = s->n_in, r = s->infl_row[k];
    const double *y = dt__mc_out(s, k);

    if (c->group[k] != c->g)
        return;
    for (d = 0; d < s->n_keep; d++)
        if (c->gmask[d])
            w->vals[t++] = y[d];
    dt__mc_ranks(w->vals, c->m, w->idx, w->orank);
    for (j = 0; j < ni; j++)
        s->infl[r * ni + j] = corr(c->irank + j * c->m, w->orank, c->m);
    rank_row(s, r, w->kk);
}

/*
 * Whether result k varies over its masked draws: a result with one
 * value throughout (a red line nobody can cross, a verdict that never
 * changes) has constant ranks, so every correlation with it is NaN and
 * it gets no row (the same answers, without n_in doubles and indices).
 */
static int varies(const dt_sweep *s, const unsigned char *mask, size_t k)
{
    const double *y = dt__mc_out(s, k);
    size_t d, first = SIZE_MAX;

    for (d = 0; d < s->n_keep; d++) {
        if (!mask[d])
            continue;
        if (first == SIZE_MAX)
            first = d;
        else if (y[d] != y[first])
            return 1;
    }
    return 0;
}

void dt__mc_influence_free(dt_sweep *s)
{
    size_t n = s->n_infl * s->n_in + 1;

    dt__free(s->alloc, s->infl, n * sizeof *s->infl);
    dt__free(s->alloc, s->infl_rank, n * sizeof *s->infl_rank);
    s->infl = NULL;
    s->infl_rank = NULL;
    s->n_infl = 0;
}

static void free_ctx(struct infl_ctx *c, unsigned nw)
{
    const dt_sweep *s = c->s;
    const dt_allocator *al = s->alloc;
    size_t n = s->n_keep, ni = s->n_in, no = s->n_out;
    unsigned w;

    if (c->ws)
        for (w = 0; w < nw; w++) {
            dt__free(al, c->ws[w].vals, (n + 1) * sizeof *c->ws[w].vals);
            dt__free(al, c->ws[w].orank, (n + 1) * sizeof *c->ws[w].orank);
            dt__free(al, c->ws[w].idx, (n + 1) * sizeof *c->ws[w].idx);
            dt__free(al, c->ws[w].kk, (ni + 1) * sizeof *c->ws[w].kk);
        }
    dt__free(al, c->ws, nw * sizeof *c->ws);
    dt__free(al, c->mask, no * n + 1);
    dt__free(al, c->cnt, (no + 1) * sizeof *c->cnt);
    dt__free(al, c->group, (no + 1) * sizeof *c->group);
    dt__free(al, c->irank, (ni * n + 1) * sizeof *c->irank);
}

dt_status dt__mc_influence(dt_sweep *s, dt_error *err)
{
    size_t n = s->n_keep, ni = s->n_in, no = s->n_out, k, g, rows;
    unsigned nw = s->n_red ? s->n_red : 1, w;
    struct infl_ctx c;
    int ok;

    memset(&c, 0, sizeof c);
    c.s = s;
    c.ws = dt__calloc(s->alloc, nw, sizeof *c.ws);
    c.mask = dt__calloc(s->alloc, no * n + 1, 1);
    c.cnt = dt__calloc(s->alloc, no + 1, sizeof *c.cnt);
    c.group = dt__calloc(s->alloc, no + 1, sizeof *c.group);
    c.irank = dt__calloc(s->alloc, ni * n + 1, sizeof *c.irank);
    ok = c.ws && c.mask && c.cnt && c.group && c.irank;
    for (w = 0; ok && w < nw; w++) {
        c.ws[w].vals = dt__calloc(s->alloc, n + 1, sizeof *c.ws[w].vals);
        c.ws[w].orank = dt__calloc(s->alloc, n + 1, sizeof *c.ws[w].orank);
        c.ws[w].idx = dt__calloc(s->alloc, n + 1, sizeof *c.ws[w].idx);
        c.ws[w].kk = dt__calloc(s->alloc, ni + 1, sizeof *c.ws[w].kk);
        ok = c.ws[w].vals && c.ws[w].orank && c.ws[w].idx && c.ws[w].kk;
    }
    if (!ok) {
        free_ctx(&c, nw);
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    dt__parallel_for(nw, no, mask_one, &c);
    /*
     * The results with an influence row: at least 3 draws, inputs, and
     * more than one value; the others answer NaN for every input.
     */
    dt__mc_influence_free(s);
    for (k = 0, rows = 0; k < no; k++) {
        int has = c.cnt[k] >= 3 && ni > 0 && varies(s, c.mask + k * n, k);

        s->infl_row[k] = has ? rows++ : SIZE_MAX;
    }
    s->infl = dt__alloc(s->alloc, (rows * ni + 1) * sizeof *s->infl);
    s->infl_rank = dt__alloc(s->alloc, (rows * ni + 1) * sizeof *s->infl_rank);
    if (!s->infl || !s->infl_rank) {
        dt__free(s->alloc, s->infl, (rows * ni + 1) * sizeof *s->infl);
        dt__free(s->alloc, s->infl_rank,
                 (rows * ni + 1) * sizeof *s->infl_rank);
        s->infl = NULL;
        s->infl_rank = NULL;
        free_ctx(&c, nw);
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    s->n_infl = rows;
    /* Group the results with a row by mask (the first with the same). */
    for (k = 0; k < no; k++) {
        c.group[k] = SIZE_MAX;
        if (s->infl_row[k] == SIZE_MAX)
            continue;
        for (g = 0; g < k; g++)
            if (c.group[g] == g && c.cnt[g] == c.cnt[k] &&
                memcmp(c.mask + g * n, c.mask + k * n, n) == 0)
                break;
        c.group[k] = g;
    }
    for (g = 0; g < no; g++) {
        if (c.group[g] != g)
            continue;
        c.g = g;
        c.m = c.cnt[g];
        c.gmask = c.mask + g * n;
        dt__parallel_for(nw, ni, rank_input, &c);
        dt__parallel_for(nw, no - g, corr_output, &c);
    }
    free_ctx(&c, nw);
    return DT_OK;
}
