/*
 * Private layout of dt_sweep (include/detente/sweep.h), shared by the
 * files of the Monte Carlo module: plan.c (inputs, outputs, storage),
 * draw.c (one perturbed draw), sweep.c (workers and draws [begin, end)),
 * quantile.c (statistics), influence.c (Spearman), reduce.c (summaries),
 * stream.c (exact sums of the draws not kept) and access.c (accessors).
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

/*
 * stream.c: a long accumulator, an exact sum of doubles (every finite
 * double is an integer multiple of 2^-1126 below 2^1024; the sum is held
 * as that integer in 32-bit digits, each in a signed 64-bit limb so that
 * many additions can run before the carries are propagated). Adding is
 * exact, so the sum does not depend on the order of the terms: what
 * makes the streamed summaries independent of threads, processes and
 * resumptions (docs/analysis.md "Memory").
 */
#define DT__ACC_LIMBS 72
typedef struct dt__acc {
    int64_t limb[DT__ACC_LIMBS]; /* sum limb[i] 2^(32 i - 1126) */
    uint32_t pending;            /* additions since the last carry pass */
    uint32_t nonfinite;          /* terms that were not finite */
} dt__acc;

void dt__acc_zero(dt__acc *a);
void dt__acc_add(dt__acc *a, double x);
/* a += b (b is normalised in place: its value does not change). */
void dt__acc_merge(dt__acc *a, dt__acc *b);
/* Carry pass: the canonical form of the value (unique per value). */
void dt__acc_norm(dt__acc *a);
/* The sum rounded to a double (NaN after a non-finite term). */
double dt__acc_value(const dt__acc *a);

/* Streamed summary of one column (an input, output or drop-each). */
typedef struct dt__mc_colsum {
    uint64_t n;      /* finite values */
    uint64_t hits;   /* finite values > 0.5 (the shares of 0/1 results) */
    double min, max; /* of the finite values (+inf, -inf when n == 0) */
    dt__acc s1;      /* sum of x */
    dt__acc s2;      /* sum of (x - shift)^2, exactly (two products) */
} dt__mc_colsum;

/* Streamed |without - with| of one drop-each column. */
typedef struct dt__mc_dropsum {
    uint64_t n; /* draws where both are finite */
    dt__acc s;  /* sum of |x - y| */
} dt__mc_dropsum;

/* Streamed summaries of every column: rec colsums, then n_drop drops. */
typedef struct dt__mc_stream {
    dt__mc_colsum *col;   /* rec */
    dt__mc_dropsum *drop; /* n_drop */
} dt__mc_stream;

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
    size_t n_keep;       /* draws kept whole: [0, n_keep), <= n_draws */
    double *col;         /* rec x n_keep, column k at col + k*n_keep */
    unsigned char *done; /* n_keep flags */
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
    /*
     * Influence: one row per output that has one (n_infl rows); an output
     * with fewer than 3 finite draws or one value throughout has none
     * (infl_row SIZE_MAX: NaN for every input, inputs in their order).
     */
    double *infl;       /* n_infl x n_in */
    size_t *infl_rank;  /* n_infl x n_in */
    size_t *infl_row;   /* n_out: the output's row, or SIZE_MAX */
    size_t *infl_ident; /* n_in: 0, 1, ..., n_in - 1 */
    size_t n_infl;      /* rows allocated in infl and infl_rank */
    double p_zone;
    double *p_red;            /* n_actors */
    dt_sweep_stats nan_stats; /* returned for bad indices */
    int has_rat;              /* the analysis reports ratification */
    size_t out_rat;           /* its output index */
    double p_rat;             /* share of draws ratified, or NaN */
    /* Draws [n_keep, n_draws): streamed into exact sums (stream.c). */
    unsigned n_red;         /* workers of dt_sweep_reduce (memory bound) */
    double *shift;          /* rec: centre of each column's sums */
    dt__mc_stream st;       /* the streamed draws done */
    dt__mc_stream *wst;     /* n_ws: each worker's sums in one run call */
    size_t *rng;            /* 2 x n_rng: streamed draws done, [a, b) */
    size_t n_rng, rng_cap;  /* ranges, sorted and disjoint; allocated */
    size_t n_streamed;      /* draws in the ranges */
    size_t n_kept_done;     /* kept draws summarised (dt_sweep_reduce) */
    size_t n_streamed_done; /* streamed draws summarised */
};

/* Column k of the per-draw storage. */
static inline double *dt__mc_col(const dt_sweep *s, size_t k)
{
    return s->col + k * s->n_keep;
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
 * stream.c, the sweep's side: allocate (zeroed) and free a stream of the
 * sweep's shape; fold one record (s->rec doubles) into it; add one into
 * another; the statistics of column k (mean, sd and n over the streamed
 * draws merged with st; quantiles left alone); whether streamed draw d
 * is done; add the range [a, b) to the done ones.
 */
dt_status dt__mc_stream_alloc(const dt_sweep *s, dt__mc_stream *st);
void dt__mc_stream_free(const dt_sweep *s, dt__mc_stream *st);
void dt__mc_stream_zero(const dt_sweep *s, dt__mc_stream *st);
void dt__mc_stream_fold(const dt_sweep *s, dt__mc_stream *st,
                        const double *rec);
void dt__mc_stream_merge(const dt_sweep *s, dt__mc_stream *a, dt__mc_stream *b);
/* Fold the kept done draws of column k (and its drop-each sum). */
void dt__mc_stream_fold_column(const dt_sweep *s, dt__mc_stream *st, size_t k);
/* Mean |without - with| of a drop-each sum, NaN when empty. */
double dt__mc_drop_mean(const dt__mc_dropsum *q);
void dt__mc_stream_stats(const dt_sweep *s, const dt__mc_colsum *c, size_t k,
                         dt_sweep_stats *st);
int dt__mc_streamed_done(const dt_sweep *s, size_t d);
dt_status dt__mc_ranges_add(dt_sweep *s, size_t a, size_t b);

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
/* Free the influence rows (s->infl, s->infl_rank; n_infl set to 0). */
void dt__mc_influence_free(dt_sweep *s);

#endif
