/*
 * Private layout of dt_sweep (include/detente/sweep.h), shared by the
 * files of the Monte Carlo module: plan.c (inputs, outputs, storage),
 * draw.c (one perturbed draw), sweep.c (workers and draws [begin, end)),
 * quantile.c (statistics), influence.c (Spearman), reduce.c (summaries)
 * and access.c (accessors).
 */
#ifndef DT_MC_INT_H
#define DT_MC_INT_H

#include <stddef.h>
#include <stdint.h>

#include "internal.h"

/* One worker's state, allocated once by dt_sweep_new. */
typedef struct dt__mc_ws {
    dt_scenario *sc; /* a clone whose numbers each draw sets by slot */
    dt_forecast *fc; /* the sweep's models on sc (no rounds kept) */
    double *val;     /* n_in drawn values */
    size_t err_draw; /* first failing draw of this worker, or SIZE_MAX */
    dt_error err;    /* its error */
    /* The analysis's workspace (NULL when the sweep runs none). */
    dt_analysis_ws *aws;
} dt__mc_ws;

struct dt_sweep {
    const dt_scenario *base;            /* borrowed */
    const dt_allocator *alloc;          /* the scenario's hook */
    size_t in_cap;                      /* entries allocated in in */
    dt_sweep_opts o;                    /* copy (models borrowed) */
    const dt_model_type *const *models; /* n_models */
    size_t n_models;
    size_t n_issues, n_actors;
    size_t n_in;          /* uncertain inputs */
    dt_sweep_input *in;   /* n_in */
    size_t n_out;         /* outputs */
    dt_sweep_output *out; /* n_out */
    size_t n_drop;        /* n_actors * n_issues * n_models, or 0 */
    size_t rec;           /* record size: n_in + n_out + n_drop */
    int analysis;         /* analysis runs per draw */
    size_t out_zone;      /* output index of the zone flag (analysis) */
    size_t out_deal;      /* first deal output (n_issues of them) */
    size_t out_dur;       /* durability output */
    size_t out_red;       /* first red-line output (n_actors) */
    size_t out_surplus;   /* surplus output */
    size_t n_draws;
    double *col;         /* rec x n_draws, column k at col + k*n_draws */
    unsigned char *done; /* n_draws flags */
    double *base_fc;     /* n_issues x n_models forecasts of the base */
    double *base_out;    /* n_out outputs of the scenario as written */
    unsigned n_ws;       /* workers */
    dt__mc_ws *ws;       /* n_ws workspaces */
    /* Summaries (dt_sweep_reduce). */
    size_t n_done;
    dt_sweep_stats *stats;      /* n_out */
    double *bc;                 /* n_out bimodality coefficients */
    dt_sweep_stats *in_stats;   /* n_in */
    dt_sweep_stats *drop_stats; /* n_drop */
    double *drop_shift;         /* n_drop */
    size_t *drop_rank;          /* n_issues x n_models x n_actors */
    double *infl;               /* n_out x n_in */
    size_t *infl_rank;          /* n_out x n_in */
    double p_zone;
    double *p_red;            /* n_actors */
    dt_sweep_stats nan_stats; /* returned for bad indices */
    int has_rat;              /* the analysis reports ratification */
    size_t out_rat;           /* its output index */
    double p_rat;             /* share of draws ratified, or NaN */
};

/* Column k of the per-draw storage. */
static inline double *dt__mc_col(const dt_sweep *s, size_t k)
{
    return s->col + k * s->n_draws;
}

/* Draws of input j, output k, and drop-each (actor a, issue i, model m). */
static inline double *dt__mc_in(const dt_sweep *s, size_t j)
{
    return dt__mc_col(s, j);
}
static inline double *dt__mc_out(const dt_sweep *s, size_t k)
{
    return dt__mc_col(s, s->n_in + k);
}
static inline double *dt__mc_drop(const dt_sweep *s, size_t a, size_t i,
                                  size_t m)
{
    return dt__mc_col(s, s->n_in + s->n_out +
                             (a * s->n_issues + i) * s->n_models + m);
}

/* plan.c: list inputs and outputs; build workspaces. */
dt_status dt__mc_plan(dt_sweep *s, dt_error *err);
dt_status dt__mc_ws_init(dt_sweep *s, dt__mc_ws *w, dt_error *err);
void dt__mc_ws_release(dt_sweep *s, dt__mc_ws *w);

/*
 * draw.c: draw the inputs of draw d into w->val and set them in the
 * worker's clone, slot by slot.
 */
void dt__mc_draw(const dt_sweep *s, dt__mc_ws *w, uint64_t d);
/* Sample one input given one uniform u in (0, 1). */
double dt__mc_sample(const dt_sweep_input *in, double u);

/*
 * sweep.c: evaluate the worker's current state: model forecasts,
 * analysis, drop-each, into rec (s->rec doubles; inputs first).
 */
dt_status dt__mc_eval(const dt_sweep *s, dt__mc_ws *w, double *rec,
                      dt_error *err);

/*
 * quantile.c: statistics of the finite values among x[d] for the done
 * draws d < n (in draw order); scratch holds n doubles.
 */
void dt__mc_stats(const double *x, const unsigned char *done, size_t n,
                  double *scratch, dt_sweep_stats *st);

/*
 * influence.c: average ranks (1-based, ties averaged) of x[0..n) into
 * rank; idx is n size_t scratch.
 */
void dt__mc_ranks(const double *x, size_t n, size_t *idx, double *rank);
/*
 * Spearman influence of every input on every output (fills s->infl and
 * s->infl_rank) on the sweep's n_ws workers; same bits for any count.
 */
dt_status dt__mc_influence(dt_sweep *s, dt_error *err);

#endif
