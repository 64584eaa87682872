/*
 * Private declarations of the backtest module (docs/accuracy.md), shared
 * by its files:
 *
 *   deu.c        the DEU data set behind dt_deu (read with the shared CSV
 *                reader of ../csvread.h) and whole-file reading
 *   proposals.c  capabilities, each proposal's scenarios and the forecasts
 *                of one model on them through the forecast driver
 *   fit.c        fitting on training folds, the ensemble, intervals,
 *                scores and the seeded folds and bootstrap resamples
 *   draws.c      the measurement-error model: perturbed copies of the
 *                data set
 *   backtest.c   the run (options, the list of models, the result) and
 *                the result's accessors
 *
 * Dependencies go one way: backtest.c -> fit.c -> proposals.c (backtest.c
 * also calls proposals.c directly); every file reads the data set of deu.c
 * through the public dt_deu_* functions.
 */
#ifndef DT_BACKTEST_INT_H
#define DT_BACKTEST_INT_H

#include <math.h>
#include <stddef.h>

#include "internal.h"

struct dt_deu {
    const dt_allocator *alloc; /* hook, borrowed */
    dt__arena arena;           /* everything below lives here */
    const char *name;          /* file name for messages */
    size_t n_cols;             /* header fields */
    size_t n_actors;           /* p_<actor> columns */
    char **actors;             /* actor codes, header order */
    size_t n_issues;           /* rows read */
    dt_deu_issue *issues;      /* in file order */
    size_t n_proposals;        /* distinct prnr */
    double *draw_buf;          /* a perturbed copy's values (draws.c), or
                                  NULL for a data set read from a file */
    size_t draw_n;             /* doubles in draw_buf */
};

/* NAN is a float constant: this one never promotes in a conditional. */
#define DT__NAN ((double)NAN)

/* ---- The run's state (backtest.c sets it up, the others fill it) ---- */

/* Q values tried for the eu model (fit.c's grid), with both statistics. */
#define DT__BACKTEST_N_EU_Q 6
/* Most components an ensemble takes (base models). */
#define DT__BACKTEST_ENS_MAX 8

/* Model kinds; other registered line models run as DT__BACKTEST_LINE. */
typedef enum dt__backtest_kind {
    DT__BACKTEST_LINE = 0,     /* a line model with fixed options */
    DT__BACKTEST_EU = 1,       /* eu with Q fitted */
    DT__BACKTEST_NBS = 2,      /* nbs with the variant fitted */
    DT__BACKTEST_EXCHANGE = 3, /* exchange across the issues of a proposal */
    DT__BACKTEST_ENSEMBLE = 4, /* weighted average of the others */
    DT__BACKTEST_SMP = 5,      /* KTAB's SMP over the issues of a proposal */
    DT__BACKTEST_SMP_PCE = 6,  /* the same run, the final state's PCE mean */
    DT__BACKTEST_ENSEMBLE_RULE = 7 /* weights per Council voting rule */
} dt__backtest_kind;

/* Rule subsets scores are kept for: every issue, QMV, unanimity. */
#define DT__BACKTEST_N_RULES 3
/* Length of a fitted-parameter description. */
#define DT__BACKTEST_DESC 192

/* Whether kind k is an ensemble of the other models. */
static inline int dt__backtest_is_ensemble(dt__backtest_kind k)
{
    return k == DT__BACKTEST_ENSEMBLE || k == DT__BACKTEST_ENSEMBLE_RULE;
}

/* One model of the run and its candidates (fitted variants). */
typedef struct dt__backtest_model {
    const char *name;                   /* static */
    dt__backtest_kind kind;             /* how predictions are made */
    const dt_model_type *type;          /* LINE/EU/NBS: the line model */
    size_t n_cand;                      /* candidate variants */
    double *cand;                       /* n_cand x n_scored predictions */
    size_t *choice;                     /* per fold: chosen candidate */
    double ens_w[DT__BACKTEST_ENS_MAX]; /* scratch: ensemble weights */
    double *w; /* ensembles: folds x N_RULES x ENS_MAX weights (rule 0:
                  issues with no rule coded), fitted on training folds */
} dt__backtest_model;

struct dt_backtest {
    const dt_allocator *alloc; /* the data set's hook, borrowed */
    const dt_deu *d;           /* the data set, borrowed */
    dt_backtest_opts o;        /* options (models, cap_table cleared) */
    char *cap_source;          /* o.capability_source, copied, or NULL */
    size_t n_data;             /* issues in the data set */
    size_t n_scored;           /* scoreable issues */
    size_t no_outcome;         /* skipped: no outcome */
    size_t few_actors;         /* skipped: fewer than 3 coded actors */
    size_t n_models;           /* models run */
    unsigned folds;            /* K */
    dt_backtest_score *score;  /* N_RULES x n_models: all, QMV, unanimity */
    double *draw;              /* n_models x n_scored x o.draws, or NULL */
    size_t n_rule[DT__BACKTEST_N_RULES]; /* scored issues per dt_deu_rule */
    size_t *issue;                       /* per scored issue: dataset index */
    unsigned *fold;                      /* per scored issue: its fold */
    double *pred;    /* n_models x n_scored out-of-fold forecasts */
    double *lo, *hi; /* n_models x n_scored intervals */
    char (*fitted)[DT__BACKTEST_DESC]; /* n_models x folds descriptions */
    dt__backtest_model *m;             /* per model (freed after the run) */
    size_t m_cap;                      /* entries allocated in m */
};

/* A proposal's scenarios (proposals.c). */
typedef struct dt__backtest_prop dt__backtest_prop;

/* Per-run context shared by the helpers. */
typedef struct dt__backtest_ctx {
    const dt_deu *d;           /* data set, borrowed */
    const dt_backtest_opts *o; /* options, borrowed */
    dt_backtest *b;            /* the result being built */
    size_t ns;                 /* scored issues */
    double *cap;               /* n_issues x n_actors capabilities */
    double *outcome;           /* per scored issue */
    size_t *prop;              /* per scored issue: proposal index */
    dt_deu_rule *rule;         /* per scored issue: its voting rule */
    size_t n_prop;             /* proposals in the data set */
    size_t *kof;               /* per data set issue: scored index or -1 */
    dt__backtest_prop *props;  /* per proposal: its scenarios */
    dt__backtest_model *pce;   /* smp-pce when smp runs too: smp's run
                                  fills its candidates (one SMP run) */
    int chosen_only;           /* measurement-error draws: run only the
                                  candidates some fold chose */
} dt__backtest_ctx;

/*
 * Allocation through the data set's hook: n + 1 elements (never 0
 * bytes), freed with the same n.
 */
static inline void *dt__backtest_calloc(const dt_allocator *a, size_t n,
                                        size_t size)
{
    return dt__calloc(a, n + 1, size);
}

static inline void dt__backtest_free(const dt_allocator *a, void *p, size_t n,
                                     size_t size)
{
    dt__free(a, p, (n + 1) * size);
}

/* The scoring convention: an outcome and at least 3 coded actors. */
static inline int dt__backtest_scoreable(const dt_deu_issue *is)
{
    return is->has_outcome && is->n >= 3;
}

/* The forecast of model m for issue k under fold f's fitted choice. */
static inline double dt__backtest_fold_pred(const dt__backtest_ctx *cx,
                                            const dt__backtest_model *m,
                                            unsigned f, size_t k)
{
    return m->cand[m->choice[f] * cx->ns + k];
}

/* ---- Proposals: scenarios and forecasts (proposals.c) ---- */

/* Every coded actor's capability on every issue into cx->cap. */
dt_status dt__backtest_capabilities(dt__backtest_ctx *cx, dt_error *err);
/*
 * Every proposal's scenarios into cx->props: the one-issue models' always,
 * the exchange model's when raw, smp's when smp.
 */
dt_status dt__backtest_props(dt__backtest_ctx *cx, int raw, int smp,
                             dt_error *err);
/* Free cx->props (NULL: nothing). */
void dt__backtest_props_free(dt__backtest_ctx *cx);
/*
 * Model m's forecasts with options fo on every scored issue into out (NaN
 * where none), the weighted means of the final positions into out_mean
 * (or NULL; for smp, smp-pce's forecasts from the same run instead), nbs's "no
 * agreement" count into *no_agreement (or NULL).
 */
dt_status dt__backtest_forecast(const dt__backtest_ctx *cx,
                                const dt__backtest_model *m,
                                const dt_forecast_opts *fo, double *out,
                                double *out_mean, size_t *no_agreement,
                                dt_error *err);

/*
 * A copy of d (borrowed) whose coded positions and saliences are draw
 * `draw` of the measurement-error model (truncated normals with sds ps
 * and ss, stream dt_rng_stream(seed ^ "draw", draw)); freed with
 * dt__backtest_perturbed_free. The copy borrows d's strings.
 */
dt_status dt__backtest_perturbed(const dt_deu *d, uint64_t seed, size_t draw,
                                 double ps, double ss, dt_deu **out,
                                 dt_error *err);
void dt__backtest_perturbed_free(dt_deu *p);

/* ---- Fitting and scoring on folds (fit.c) ---- */

/* Candidate forecasts of model m on every scored issue. */
dt_status dt__backtest_candidates(dt__backtest_ctx *cx, dt__backtest_model *m,
                                  size_t *no_agreement, dt_error *err);
/* Each fold's candidate of m with the least training MAE. */
void dt__backtest_choose(dt__backtest_ctx *cx, dt__backtest_model *m);
/* The description of model mi's fit on fold f (eu and nbs). */
void dt__backtest_describe(dt__backtest_ctx *cx, size_t mi, unsigned f);
/*
 * The ensemble's weights on fold f over the n_base base models ms (mean:
 * the compromise model's index, ens: the ensemble's), kept in ms[ens].w,
 * its forecasts of every issue into all. The rule ensemble fits one set
 * per voting rule.
 */
void dt__backtest_ensemble(dt__backtest_ctx *cx, dt__backtest_model *ms,
                           size_t n_base, size_t mean, size_t ens, unsigned f,
                           double *all);
/*
 * Intervals of model mi for fold f's test issues from res, its forecasts
 * under fold f's fit (overwritten).
 */
void dt__backtest_interval(dt__backtest_ctx *cx, size_t mi, unsigned f,
                           double *res);
/*
 * The ensemble ens's forecasts from the base models' forecasts of every
 * issue under each issue's own fold: base (n_base x ns, NaN where none)
 * into out (ns), with the weights of each issue's fold and rule.
 */
void dt__backtest_ensemble_apply(dt__backtest_ctx *cx,
                                 const dt__backtest_model *ens,
                                 const double *base, size_t n_base, size_t mean,
                                 double *out);
/*
 * Model mi's scores on the issues of rule r (0: all), with `boot`
 * bootstrap resamples of counts.
 */
dt_status dt__backtest_score(dt__backtest_ctx *cx, size_t mi, size_t mean_i,
                             const unsigned *counts, unsigned boot, unsigned r,
                             dt_error *err);
/* Each scored issue's fold (dt_backtest_folds). */
dt_status dt__backtest_folds(dt__backtest_ctx *cx, dt_error *err);
/* The proposals' multiplicities in each bootstrap resample (new). */
dt_status dt__backtest_resamples(dt__backtest_ctx *cx, unsigned **counts,
                                 dt_error *err);

#endif
