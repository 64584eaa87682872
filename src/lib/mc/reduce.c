/*
 * Summaries of a sweep, computed after the workers join from the stored
 * per-draw results in draw order (HOUSE_STYLE 6): statistics of every
 * input and output, P(zone), P(red line crossed) per actor, drop-each
 * shifts and rankings, and the influence table (influence.c).
 *
 * The statistics of the outputs, inputs and drop-each columns run on the
 * sweep's workers (dt__parallel_for): each column is one item, computed
 * by the same code in the same draw order as on one thread and written
 * only to its own slots, so the summaries are the same bits whatever the
 * thread count. Each worker has its own scratch, allocated once per call.
 *
 * When draws were streamed (stream.c; docs/analysis.md "Memory"), the
 * kept draws are folded into a copy of the streamed sums, column by
 * column on the workers, and the counts, means, standard deviations,
 * shares and drop-each shifts come from those exact sums over every
 * draw done; the quantiles, bimodality and influence from the kept
 * draws. With nothing streamed, the code path is the one above.
 */
#include <math.h>
#include <stdlib.h>

#include "mc/mc_int.h"
#include "platform/parallel.h"

/* Share of the done draws where column x is 1, over its finite values. */
static double share(const dt_sweep *s, const double *x)
{
    size_t d, n = 0, hit = 0;

    for (d = 0; d < s->n_keep; d++)
        if (s->done[d] && isfinite(x[d])) {
            n++;
            hit += x[d] > 0.5;
        }
    return n ? (double)hit / (double)n : (double)NAN;
}

struct keyed {
    double key;
    size_t a;
};

static int by_key(const void *pa, const void *pb)
{
    const struct keyed *a = pa, *b = pb;

    if (a->key != b->key)
        return a->key > b->key ? -1 : 1;
    return a->a < b->a ? -1 : a->a > b->a;
}

/*
 * One parallel loop over the columns: items [0, n_out) are outputs,
 * [n_out, n_out + n_in) inputs, then the n_drop drop-each columns.
 * tot: the sums over every draw done when draws were streamed, else NULL.
 */
struct stats_ctx {
    dt_sweep *s;
    double *scratch;    /* n_red x (n_keep + 1) */
    dt__mc_stream *tot; /* streamed sums with the kept draws, or NULL */
};

/* Share of column k's finite values above 0.5, over every draw done. */
static double share_all(const struct stats_ctx *c, size_t k)
{
    const dt__mc_colsum *cs = &c->tot->col[c->s->n_in + k];

    return cs->n ? (double)cs->hits / (double)cs->n : (double)NAN;
}

/* Statistics and mean shift of drop-each column q = (a, i, m). */
static void drop_one(const struct stats_ctx *c, size_t q, double *scratch)
{
    dt_sweep *s = c->s;
    size_t m = q % s->n_models, i = q / s->n_models % s->n_issues;
    size_t a = q / (s->n_models * s->n_issues), d, n = 0;
    const double *x = dt__mc_drop(s, a, i, m);
    const double *y = dt__mc_out(s, i * s->n_models + m);
    double sum = 0.0;

    dt__mc_stats(x, s->done, s->n_keep, scratch, &s->drop_stats[q]);
    if (c->tot)
        dt__mc_stream_stats(s, &c->tot->col[s->n_in + s->n_out + q],
                            s->n_in + s->n_out + q, &s->drop_stats[q]);
    s->drop_shift[q] = NAN;
    if (!dt_scenario_stake(s->base, a, i))
        return;
    if (c->tot) {
        s->drop_shift[q] = dt__mc_drop_mean(&c->tot->drop[q]);
        return;
    }
    for (d = 0; d < s->n_keep; d++)
        if (s->done[d] && isfinite(x[d]) && isfinite(y[d])) {
            sum += fabs(x[d] - y[d]);
            n++;
        }
    if (n)
        s->drop_shift[q] = sum / (double)n;
}

/* Actors ranked by drop-each shift, per issue and model (serial: tiny). */
static void drop_rank(dt_sweep *s, struct keyed *kk)
{
    size_t a, i, m;

    for (i = 0; i < s->n_issues; i++)
        for (m = 0; m < s->n_models; m++) {
            size_t *rank = s->drop_rank + (i * s->n_models + m) * s->n_actors;

            for (a = 0; a < s->n_actors; a++) {
                double v =
                    s->drop_shift[(a * s->n_issues + i) * s->n_models + m];

                kk[a].key = isnan(v) ? -1.0 : v;
                kk[a].a = a;
            }
            qsort(kk, s->n_actors, sizeof *kk, by_key);
            for (a = 0; a < s->n_actors; a++)
                rank[a] = kk[a].a;
        }
}

static void stats_one(void *ctx, unsigned worker, size_t t)
{
    struct stats_ctx *c = ctx;
    dt_sweep *s = c->s;
    double *scratch = c->scratch + (size_t)worker * (s->n_keep + 1);

    if (t < s->n_out) {
        dt__mc_stats(dt__mc_out(s, t), s->done, s->n_keep, scratch,
                     &s->stats[t]);
        /* scratch now holds the finite values, sorted: same order on
         * any thread count. */
        s->bc[t] = dt_sweep_bimodality(scratch, s->stats[t].n);
        if (c->tot)
            dt__mc_stream_stats(s, &c->tot->col[s->n_in + t], s->n_in + t,
                                &s->stats[t]);
    } else if (t < s->n_out + s->n_in) {
        size_t j = t - s->n_out;

        dt__mc_stats(dt__mc_in(s, j), s->done, s->n_keep, scratch,
                     &s->in_stats[j]);
        if (c->tot)
            dt__mc_stream_stats(s, &c->tot->col[j], j, &s->in_stats[j]);
    } else
        drop_one(c, t - s->n_out - s->n_in, scratch);
}

/* Fold the kept draws of column k into the totals. */
static void fold_one(void *ctx, unsigned worker, size_t k)
{
    struct stats_ctx *c = ctx;

    (void)worker;
    dt__mc_stream_fold_column(c->s, c->tot, k);
}

/* NaN in the slots of the kept draws not done (never written). */
static void nan_one(void *ctx, unsigned worker, size_t k)
{
    struct stats_ctx *c = ctx;
    double *x = dt__mc_col(c->s, k);
    size_t d;

    (void)worker;
    for (d = 0; d < c->s->n_keep; d++)
        if (!c->s->done[d])
            x[d] = NAN;
}

/*
 * The totals over every draw done: a copy of the streamed sums plus the
 * kept draws (exact sums: the same whatever the order). NULL (and DT_OK)
 * when nothing was streamed.
 */
static dt_status totals(struct stats_ctx *c, dt__mc_stream *tot)
{
    dt_sweep *s = c->s;

    c->tot = NULL;
    if (!s->n_streamed)
        return DT_OK;
    if (dt__mc_stream_alloc(s, tot) != DT_OK)
        return DT_ENOMEM;
    dt__mc_stream_merge(s, tot, &s->st);
    c->tot = tot;
    dt__parallel_for(s->n_red, s->rec, fold_one, c);
    return DT_OK;
}

static dt_status alloc_summaries(dt_sweep *s)
{
    size_t nd = s->n_drop ? s->n_drop : 1, j;

    if (s->stats)
        return DT_OK;
    s->stats = dt__calloc(s->alloc, s->n_out + 1, sizeof *s->stats);
    s->bc = dt__calloc(s->alloc, s->n_out + 1, sizeof *s->bc);
    s->in_stats = dt__calloc(s->alloc, s->n_in + 1, sizeof *s->in_stats);
    s->drop_stats = dt__calloc(s->alloc, nd, sizeof *s->drop_stats);
    s->drop_shift = dt__calloc(s->alloc, nd, sizeof *s->drop_shift);
    s->drop_rank =
        dt__calloc(s->alloc, s->n_issues * s->n_models * s->n_actors + 1,
                   sizeof *s->drop_rank);
    s->infl_row = dt__calloc(s->alloc, s->n_out + 1, sizeof *s->infl_row);
    s->infl_ident = dt__calloc(s->alloc, s->n_in + 1, sizeof *s->infl_ident);
    s->p_red = dt__calloc(s->alloc, s->n_actors + 1, sizeof *s->p_red);
    if (!s->stats || !s->bc || !s->in_stats || !s->drop_stats ||
        !s->drop_shift || !s->drop_rank || !s->infl_row || !s->infl_ident ||
        !s->p_red)
        return DT_ENOMEM;
    for (j = 0; j < s->n_in; j++)
        s->infl_ident[j] = j;
    return DT_OK;
}

/* Share of output k's draws at 1 (kept draws, or every draw). */
static double share_of(const struct stats_ctx *c, size_t k)
{
    return c->tot ? share_all(c, k) : share(c->s, dt__mc_out(c->s, k));
}

dt_status dt_sweep_reduce(dt_sweep *s, dt_error *err)
{
    struct stats_ctx c;
    dt__mc_stream tot = {NULL, NULL};
    struct keyed *kk;
    size_t d, a, nsc = (size_t)s->n_red * (s->n_keep + 1);

    if (alloc_summaries(s) != DT_OK)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    c.s = s;
    c.tot = NULL;
    c.scratch = dt__calloc(s->alloc, nsc, sizeof *c.scratch);
    kk = dt__alloc(s->alloc, (s->n_actors + 1) * sizeof *kk);
    if (!c.scratch || !kk || totals(&c, &tot) != DT_OK) {
        dt__free(s->alloc, c.scratch, nsc * sizeof *c.scratch);
        dt__free(s->alloc, kk, (s->n_actors + 1) * sizeof *kk);
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    dt__parallel_for(s->n_red, s->rec, nan_one, &c);
    for (d = 0, s->n_kept_done = 0; d < s->n_keep; d++)
        s->n_kept_done += s->done[d];
    s->n_streamed_done = s->n_streamed;
    s->n_done = s->n_kept_done + s->n_streamed;
    dt__parallel_for(s->n_red, s->n_out + s->n_in + s->n_drop, stats_one, &c);
    s->p_zone = s->analysis ? share_of(&c, s->out_zone) : (double)NAN;
    s->p_rat =
        s->analysis && s->has_rat ? share_of(&c, s->out_rat) : (double)NAN;
    for (a = 0; a < s->n_actors; a++)
        s->p_red[a] = s->analysis ? share_of(&c, s->out_red + a) : (double)NAN;
    if (s->n_drop)
        drop_rank(s, kk);
    dt__mc_stream_free(s, &tot);
    dt__free(s->alloc, c.scratch, nsc * sizeof *c.scratch);
    dt__free(s->alloc, kk, (s->n_actors + 1) * sizeof *kk);
    return dt__mc_influence(s, err);
}
