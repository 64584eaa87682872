/*
 * detente: forecast accuracy on decisions with known outcomes. Runs every
 * model on every scoreable issue of a DEU data set (deu.h) with K-fold
 * cross-validation over proposals, forecasting through the forecast
 * driver (forecast.h), and scores the forecasts on every scoring rule
 * (MAE with bootstrap intervals, calibrated intervals, hit rates, the
 * minimum detectable difference, and with measurement-error draws the
 * CRPS and the draws' coverage), overall and by the Council's voting
 * rule. Its document and JSON are doc.h's
 * dt_backtest_doc and dt_backtest_write_json.
 */
#ifndef DETENTE_BACKTEST_H
#define DETENTE_BACKTEST_H

#include <stddef.h>
#include <stdint.h>

#include "deu.h"
#include "error.h"
#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- The backtest ----------------------------------------------------- */

/* Options. Initialise with DT_BACKTEST_OPTS_INIT. */
typedef struct dt_backtest_opts {
    const char *const *models;     /* names, NULL-terminated; NULL = all */
    dt_capability_kind capability; /* convention for c_i */
    const double *cap_table;       /* TABLE: one value per dataset actor */
    const char *capability_source; /* TABLE: where the values came from
                                      (e.g. the file), for documents;
                                      NULL = "table" */
    unsigned folds;                /* K of the cross-validation, >= 2 */
    unsigned bootstrap;            /* resamples of proposals, >= 1 */
    uint64_t seed;                 /* seeds folds and bootstrap */
    double level;                  /* nominal coverage of intervals (0.8) */
    dt_model_opts model_opts;      /* base options of the line models */
    unsigned draws;                /* measurement-error draws per issue
                                      (0: none; CRPS and the draws'
                                      coverage are then NaN) */
    double position_sd;            /* sd of the draws' positions, points */
    double salience_sd;            /* sd of the draws' saliences, points */
} dt_backtest_opts;

/*
 * The measurement-error draws' default spreads are the sweep's
 * (DT_SWEEP_POSITION_SD, DT_SWEEP_SALIENCE_SD in sweep.h): chosen, not
 * estimated (docs/accuracy.md, "Measurement error").
 */
#define DT_BACKTEST_OPTS_INIT                                                  \
    {                                                                          \
        NULL, DT_CAPABILITY_COUNCIL, NULL, NULL, 10, 1000, 1, 0.8,             \
            DT_MODEL_OPTS_INIT, 0, 5.0, 10.0                                   \
    }

/*
 * Names of the models a backtest knows, NULL-terminated: mean, median,
 * eu, nbs, exchange, smp, smp-pce (smp's run, the mean of KTAB's
 * probabilistic Condorcet election over its final positions), ensemble
 * and ensemble-rule (one set of weights per voting rule).
 */
DT_API const char *const *dt_backtest_model_names(void);

/* Scores of one model. */
typedef struct dt_backtest_score {
    const char *name; /* "mean", "median", "eu", "nbs", ... (static) */
    size_t n;         /* issues it forecast */
    double mae;       /* mean absolute error, 0-100 scale */
    double median_ae; /* median absolute error */
    double rmse;      /* root mean squared error */
    size_t n_diff;    /* issues forecast by it and by `mean` */
    double diff;      /* mean |error| minus mean's, on those issues */
    double diff_lo;   /* bootstrap percentile interval of diff */
    double diff_hi;
    double coverage;     /* share of outcomes inside the interval */
    double width;        /* mean interval width */
    size_t no_agreement; /* nbs: forecasts "no agreement" (scored as rp) */
    double hit5, hit10;  /* share of forecasts within 5, 10 points */
    double mdd;          /* smallest MAE difference from mean the data
                            can detect (5% two-sided, 80% power; SE of
                            the paired per-issue differences, clustered
                            by proposal); NaN for mean itself */
    double mdd_iid;      /* the same with the SE of independent issues */
    size_t n_crps;       /* issues with measurement-error draws */
    double crps;         /* mean CRPS of the draws (NaN without draws) */
    double crps_diff;    /* mean CRPS minus mean's, on the same issues */
    double crps_diff_lo; /* bootstrap percentile interval of crps_diff */
    double crps_diff_hi;
    double crps_mdd;     /* as mdd, for the CRPS difference */
    double cover50;      /* share of outcomes inside the draws' central */
    double cover80;      /*   50% and 80% intervals (type-7 quantiles) */
    double hit5_diff;    /* hit5 minus mean's, on the same issues, with */
    double hit5_diff_lo; /*   its bootstrap percentile interval */
    double hit5_diff_hi;
    double hit10_diff; /* the same for hit10 */
    double hit10_diff_lo;
    double hit10_diff_hi;
} dt_backtest_score;

typedef struct dt_backtest dt_backtest;

/*
 * The folds of the cross-validation, fixed before anything is fitted:
 * the proposals with a scoreable issue are ordered by a seeded hash of
 * their id (prnr), so a proposal's fold depends on its id, the seed and
 * K only, not on the order of the file; they are then dealt to the K
 * folds in turn (sizes differ by at most one proposal). fold (caller
 * owned, dt_deu_n_issues(d) entries) gets each data set issue's fold,
 * 0..K-1, or UINT_MAX for an issue that is not scored. dt_backtest_run
 * uses exactly these. Returns DT_OK, DT_EINVAL (bad options, fewer
 * proposals than folds, no scoreable issue), DT_ENOMEM. Deterministic;
 * thread-safe.
 */
DT_API dt_status dt_backtest_folds(const dt_deu *d, const dt_backtest_opts *o,
                                   unsigned *fold, dt_error *err);

/*
 * Run the backtest on `d` (borrowed; must outlive the result) with
 * options o (copied; NULL = defaults). Scoreable issues have an outcome
 * and at least 3 actors with position and salience; the others are
 * skipped and counted. Every forecast is made by the forecast driver
 * (forecast.h) on scenarios built per proposal with the scenario builder
 * (scenario.h; docs/accuracy.md says how). Parameters (Q of eu, nbs's
 * variant, ensemble weights, interval quantiles) are fitted on the
 * training folds only; every reported figure is out of fold. With
 * o.draws > 0 every issue is forecast again under o.draws perturbations
 * of the coded positions and saliences (truncated normal, o.position_sd
 * and o.salience_sd, one stream per draw), each model with the fits of
 * the unperturbed run, which gives every forecast a distribution
 * (CRPS, coverage of its 50% and 80% intervals). Allocates
 * through d's allocator. *out is new (caller frees with
 * dt_backtest_free). Returns DT_OK, DT_EINVAL (unknown model name, bad
 * options, fewer proposals than folds, no scoreable issue, an actor
 * without a Council weight, a model that fails on an issue),
 * DT_ESCENARIO (a proposal that does not make a valid scenario, e.g. a
 * capability table value that is not finite), DT_ENOMEM. Deterministic
 * for a given seed; thread-safe.
 */
DT_API dt_status dt_backtest_run(const dt_deu *d, const dt_backtest_opts *o,
                                 dt_backtest **out, dt_error *err);
/* Free a result. NULL is a no-op. */
DT_API void dt_backtest_free(dt_backtest *b);

/* The data set it ran on (borrowed from the caller of dt_backtest_run). */
DT_API const dt_deu *dt_backtest_data(const dt_backtest *b);
/*
 * The options it ran with, as given, except `models` and `cap_table`
 * (NULL: the models run are dt_backtest_score_at's) and
 * `capability_source` (a copy owned by b).
 */
DT_API const dt_backtest_opts *dt_backtest_options(const dt_backtest *b);
/*
 * The capability convention as documents name it: "council", "equal", or
 * for a table its capability_source ("table" when none was given); owned
 * by b.
 */
DT_API const char *dt_backtest_capability_name(const dt_backtest *b);

DT_API size_t dt_backtest_n_scored(const dt_backtest *b);
/* Issues skipped: no outcome, and fewer than 3 coded actors. */
DT_API size_t dt_backtest_skipped(const dt_backtest *b, size_t *no_outcome,
                                  size_t *few_actors);
DT_API size_t dt_backtest_n_models(const dt_backtest *b);
DT_API const dt_backtest_score *dt_backtest_score_at(const dt_backtest *b,
                                                     size_t m);
/*
 * Model m's scores on the issues decided under voting rule `rule` only
 * (DT_DEU_RULE_UNKNOWN: every issue, as dt_backtest_score_at), with the
 * same bootstrap resamples of proposals; NULL when m is out of range.
 * `n` is 0 when no scored issue has that rule; no_agreement is the
 * whole run's.
 */
DT_API const dt_backtest_score *
dt_backtest_score_rule(const dt_backtest *b, size_t m, dt_deu_rule rule);
/* Scored issues decided under `rule` (UNKNOWN: issues with no rule coded). */
DT_API size_t dt_backtest_n_rule(const dt_backtest *b, dt_deu_rule rule);
/*
 * Model m's measurement-error draws on issue k (o.draws values, in draw
 * order, NaN where the model gave none), or NULL without draws.
 */
DT_API const double *dt_backtest_draws(const dt_backtest *b, size_t k,
                                       size_t m);

/*
 * Per-issue record k (0 <= k < n_scored): the dataset issue index, its
 * fold, and for model m the forecast and interval (NaN when the model
 * gave none).
 */
DT_API size_t dt_backtest_issue(const dt_backtest *b, size_t k, unsigned *fold);
DT_API void dt_backtest_prediction(const dt_backtest *b, size_t k, size_t m,
                                   double *point, double *lo, double *hi);

/*
 * A description of what was fitted for model m in fold f (e.g. "Q=0.9",
 * "weights mean 0.6 eu 0.4"), or "" when nothing is fitted; owned by b.
 */
DT_API const char *dt_backtest_fitted(const dt_backtest *b, size_t m,
                                      unsigned f);

#ifdef __cplusplus
}
#endif
#endif
