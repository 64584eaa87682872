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
 */
#include <math.h>
#include <stdlib.h>

#include "mc/mc_int.h"
#include "platform/parallel.h"

/* Share of the done draws where column x is 1, over its finite values. */
static double share(const dt_sweep *s, const double *x)
{
    size_t d, n = 0, hit = 0;

    for (d = 0; d < s->n_draws; d++)
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

/* Statistics and mean shift of drop-each column q = (a, i, m). */
static void drop_one(dt_sweep *s, size_t q, double *scratch)
{
    size_t m = q % s->n_models, i = q / s->n_models % s->n_issues;
    size_t a = q / (s->n_models * s->n_issues), d, n = 0;
    const double *x = dt__mc_drop(s, a, i, m);
    const double *y = dt__mc_out(s, i * s->n_models + m);
    double sum = 0.0;

    dt__mc_stats(x, s->done, s->n_draws, scratch, &s->drop_stats[q]);
    s->drop_shift[q] = NAN;
    if (!dt_scenario_stake(s->base, a, i))
        return;
    for (d = 0; d < s->n_draws; d++)
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

/*
 * One parallel loop over the columns: items [0, n_out) are outputs,
 * [n_out, n_out + n_in) inputs, then the n_drop drop-each columns.
 */
struct stats_ctx {
    dt_sweep *s;
    double *scratch; /* n_ws x (n_draws + 1) */
};

static void stats_one(void *ctx, unsigned worker, size_t t)
{
    struct stats_ctx *c = ctx;
    dt_sweep *s = c->s;
    double *scratch = c->scratch + (size_t)worker * (s->n_draws + 1);

    if (t < s->n_out) {
        dt__mc_stats(dt__mc_out(s, t), s->done, s->n_draws, scratch,
                     &s->stats[t]);
        /* scratch now holds the finite values, sorted: same order on
         * any thread count. */
        s->bc[t] = dt_sweep_bimodality(scratch, s->stats[t].n);
    } else if (t < s->n_out + s->n_in)
        dt__mc_stats(dt__mc_in(s, t - s->n_out), s->done, s->n_draws, scratch,
                     &s->in_stats[t - s->n_out]);
    else
        drop_one(s, t - s->n_out - s->n_in, scratch);
}

static dt_status alloc_summaries(dt_sweep *s)
{
    size_t nd = s->n_drop ? s->n_drop : 1;

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
    s->infl = dt__calloc(s->alloc, s->n_out * s->n_in + 1, sizeof *s->infl);
    s->infl_rank =
        dt__calloc(s->alloc, s->n_out * s->n_in + 1, sizeof *s->infl_rank);
    s->p_red = dt__calloc(s->alloc, s->n_actors + 1, sizeof *s->p_red);
    if (!s->stats || !s->bc || !s->in_stats || !s->drop_stats ||
        !s->drop_shift || !s->drop_rank || !s->infl || !s->infl_rank ||
        !s->p_red)
        return DT_ENOMEM;
    return DT_OK;
}

dt_status dt_sweep_reduce(dt_sweep *s, dt_error *err)
{
    struct stats_ctx c;
    struct keyed *kk;
    size_t d, a;

    if (alloc_summaries(s) != DT_OK)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    c.s = s;
    c.scratch = dt__calloc(s->alloc, (size_t)s->n_ws * (s->n_draws + 1),
                           sizeof *c.scratch);
    kk = dt__alloc(s->alloc, (s->n_actors + 1) * sizeof *kk);
    if (!c.scratch || !kk) {
        dt__free(s->alloc, c.scratch,
                 (size_t)s->n_ws * (s->n_draws + 1) * sizeof *c.scratch);
        dt__free(s->alloc, kk, (s->n_actors + 1) * sizeof *kk);
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    for (d = 0, s->n_done = 0; d < s->n_draws; d++)
        s->n_done += s->done[d];
    dt__parallel_for(s->n_ws, s->n_out + s->n_in + s->n_drop, stats_one, &c);
    s->p_zone =
        s->analysis ? share(s, dt__mc_out(s, s->out_zone)) : (double)NAN;
    s->p_rat = s->analysis && s->has_rat ? share(s, dt__mc_out(s, s->out_rat))
                                         : (double)NAN;
    for (a = 0; a < s->n_actors; a++)
        s->p_red[a] =
            s->analysis ? share(s, dt__mc_out(s, s->out_red + a)) : (double)NAN;
    if (s->n_drop)
        drop_rank(s, kk);
    dt__free(s->alloc, c.scratch,
             (size_t)s->n_ws * (s->n_draws + 1) * sizeof *c.scratch);
    dt__free(s->alloc, kk, (s->n_actors + 1) * sizeof *kk);
    return dt__mc_influence(s, err);
}
