/*
 * Summaries of a sweep, computed after the workers join from the stored
 * per-draw results in draw order (HOUSE_STYLE 6): statistics of every
 * input and output, P(zone), P(red line crossed) per actor, drop-each
 * shifts and rankings, and the influence table (influence.c).
 */
#include <math.h>
#include <stdlib.h>

#include "mc/mc_int.h"
#include "scenario/scenario_int.h"

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

static void drop_each(dt_sweep *s, double *scratch, struct keyed *kk)
{
    size_t a, i, m, d;

    for (a = 0; a < s->n_actors; a++)
        for (i = 0; i < s->n_issues; i++)
            for (m = 0; m < s->n_models; m++) {
                size_t q = (a * s->n_issues + i) * s->n_models + m;
                const double *x = dt__mc_drop(s, a, i, m);
                const double *y = dt__mc_out(s, i * s->n_models + m);
                double sum = 0.0;
                size_t n = 0;

                dt__mc_stats(x, s->done, s->n_draws, scratch,
                             &s->drop_stats[q]);
                s->drop_shift[q] = NAN;
                if (!s->base->stakes[a * s->n_issues + i])
                    continue;
                for (d = 0; d < s->n_draws; d++)
                    if (s->done[d] && isfinite(x[d]) && isfinite(y[d])) {
                        sum += fabs(x[d] - y[d]);
                        n++;
                    }
                if (n)
                    s->drop_shift[q] = sum / (double)n;
            }
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

static dt_status alloc_summaries(dt_sweep *s)
{
    size_t nd = s->n_drop ? s->n_drop : 1;

    if (s->stats)
        return DT_OK;
    s->stats = dt__calloc(NULL, s->n_out + 1, sizeof *s->stats);
    s->in_stats = dt__calloc(NULL, s->n_in + 1, sizeof *s->in_stats);
    s->drop_stats = dt__calloc(NULL, nd, sizeof *s->drop_stats);
    s->drop_shift = dt__calloc(NULL, nd, sizeof *s->drop_shift);
    s->drop_rank = dt__calloc(NULL, s->n_issues * s->n_models * s->n_actors + 1,
                              sizeof *s->drop_rank);
    s->infl = dt__calloc(NULL, s->n_out * s->n_in + 1, sizeof *s->infl);
    s->infl_rank =
        dt__calloc(NULL, s->n_out * s->n_in + 1, sizeof *s->infl_rank);
    s->p_red = dt__calloc(NULL, s->n_actors + 1, sizeof *s->p_red);
    if (!s->stats || !s->in_stats || !s->drop_stats || !s->drop_shift ||
        !s->drop_rank || !s->infl || !s->infl_rank || !s->p_red)
        return DT_ENOMEM;
    return DT_OK;
}

dt_status dt_sweep_reduce(dt_sweep *s, dt_error *err)
{
    double *scratch;
    struct keyed *kk;
    size_t k, d, a;
    dt_status rc;

    if (alloc_summaries(s) != DT_OK)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    scratch = dt__alloc(NULL, (s->n_draws + 1) * sizeof *scratch);
    kk = dt__alloc(NULL, (s->n_actors + 1) * sizeof *kk);
    if (!scratch || !kk) {
        dt__free(NULL, scratch, 0);
        dt__free(NULL, kk, 0);
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    for (d = 0, s->n_done = 0; d < s->n_draws; d++)
        s->n_done += s->done[d];
    for (k = 0; k < s->n_out; k++)
        dt__mc_stats(dt__mc_out(s, k), s->done, s->n_draws, scratch,
                     &s->stats[k]);
    for (k = 0; k < s->n_in; k++)
        dt__mc_stats(dt__mc_in(s, k), s->done, s->n_draws, scratch,
                     &s->in_stats[k]);
    s->p_zone =
        s->analysis ? share(s, dt__mc_out(s, s->out_zone)) : (double)NAN;
    for (a = 0; a < s->n_actors; a++)
        s->p_red[a] =
            s->analysis ? share(s, dt__mc_out(s, s->out_red + a)) : (double)NAN;
    if (s->n_drop)
        drop_each(s, scratch, kk);
    dt__free(NULL, scratch, 0);
    dt__free(NULL, kk, 0);
    rc = dt__mc_influence(s, err);
    return rc;
}
