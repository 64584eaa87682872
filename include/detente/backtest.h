/*
 * detente: forecast accuracy on decisions with known outcomes. Reads the
 * DEU wide format (Decision-making in the European Union: Thomson et al.
 * 2006, 2012; DEU III, Arregui and Perarnaud 2022), runs every model on
 * every scoreable issue with K-fold cross-validation over proposals, and
 * scores the forecasts (MAE, bootstrap intervals, calibrated intervals).
 */
#ifndef DETENTE_BACKTEST_H
#define DETENTE_BACKTEST_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- The DEU wide format ---------------------------------------------- */

/*
 * One row (one contested issue). Actor positions and saliences are on
 * 0-100; only actors with both are listed.
 */
typedef struct dt_deu_issue {
    const char *proposal;  /* `prnr`, e.g. "d00032" */
    const char *id;        /* `isnr`, e.g. "d00032i1" */
    size_t proposal_index; /* dense index, in order of first appearance */
    int year;              /* of the final act, else of the proposal; 0 */
    int final_year;        /* of the final act; 0 when not coded */
    int has_rp;            /* whether the reference point is coded */
    double rp;             /* reference point (status quo), 0-100 */
    int has_outcome;       /* whether the outcome is coded */
    double outcome;        /* actual outcome, 0-100 */
    size_t n;              /* actors with both position and salience */
    const size_t *actor;   /* their dataset actor indices (ascending) */
    const double *x;       /* their positions */
    const double *s;       /* their saliences, 0-100 */
    unsigned line;         /* 1-based line in the file */
} dt_deu_issue;

typedef struct dt_deu dt_deu;

/*
 * Whether `header` (the first line of a file, borrowed; NUL-terminated or
 * ending at a newline) looks like the DEU wide format: it has the columns
 * prnr, isnr, outcome and at least one p_<actor>.
 */
DT_API int dt_deu_is_header(const char *header);

/*
 * Parse the `len` bytes at `buf` (borrowed; `name` is used in messages).
 * Required columns: prnr, isnr, outcome, rp, and p_<actor> with a matching
 * s_<actor> for every actor; intro_date and final_act_date are used when
 * present (YYYY-MM-DD, for the capability period). Blank = missing. On
 * success *out is new (caller frees with dt_deu_free). Errors carry the
 * file, line and column: DT_ESCENARIO for a missing column, a non-numeric
 * or out-of-range (not 0-100) cell, a ragged row or a bad date; DT_ENOMEM.
 * Thread-safe; deterministic.
 */
DT_API dt_status dt_deu_parse(const char *buf, size_t len, const char *name,
                              const dt_allocator *alloc, dt_deu **out,
                              dt_error *err);

/* As dt_deu_parse, from the file at `path`. Also DT_EIO. */
DT_API dt_status dt_deu_load(const char *path, const dt_allocator *alloc,
                             dt_deu **out, dt_error *err);

/* Free a data set. NULL is a no-op. */
DT_API void dt_deu_free(dt_deu *d);

DT_API size_t dt_deu_n_issues(const dt_deu *d);
DT_API const dt_deu_issue *dt_deu_issue_at(const dt_deu *d, size_t i);
DT_API size_t dt_deu_n_actors(const dt_deu *d);
/* The actor code (the column suffix, e.g. "com", "de"); owned by d. */
DT_API const char *dt_deu_actor(const dt_deu *d, size_t a);
DT_API size_t dt_deu_n_proposals(const dt_deu *d);

/* ---- Capability ------------------------------------------------------- */

/*
 * DT_CAPABILITY_COUNCIL takes the period from the final act's year; an
 * issue whose final act is not coded gets the Nice weights. That is the
 * convention that reproduces the baseline of ../shared/data/README.md
 * (compromise MAE 23.71 on the 250 scoreable dev issues); the README's
 * wording (the proposal's year when the final act's is missing) gives
 * 23.80 instead. See docs/accuracy.md.
 */
typedef enum dt_capability_kind {
    DT_CAPABILITY_COUNCIL = 0, /* Council weights by period (data README) */
    DT_CAPABILITY_EQUAL = 1,   /* every actor 1 */
    DT_CAPABILITY_TABLE = 2    /* one value per actor from a file */
} dt_capability_kind;

/*
 * The Council-weight convention of ../shared/data/README.md for actor
 * `code` (DEU column suffix) in `year`: pre-Nice weights up to 2004, Nice
 * weights 2005-2014, population in millions (Eurostat, 1 January 2015)
 * from 2015; "com" and "ep" get the largest member's weight; everything
 * rescaled so the maximum is 100. A state with no weight in that period
 * (not yet a member) gets 0, and so drops out of the weighted models.
 * Returns -1 for a code that is not a DEU actor.
 */
DT_API double dt_deu_council_weight(const char *code, int year);

/*
 * Read a capability table for the actors of `d` (borrowed) from the CSV
 * at `path`: a header `actor,capability`, then one row per actor code.
 * *out (n = dt_deu_n_actors(d) values, caller frees with free()) holds
 * each actor's value. DT_ESCENARIO (with line and column) for an unknown
 * actor code, a duplicate, a non-numeric or negative value, or an actor
 * coded in the data but missing from the table; DT_EIO; DT_ENOMEM.
 */
DT_API dt_status dt_deu_capability_load(const dt_deu *d, const char *path,
                                        double **out, dt_error *err);

/* ---- The backtest ----------------------------------------------------- */

/* Options. Initialise with DT_BACKTEST_OPTS_INIT. */
typedef struct dt_backtest_opts {
    const char *const *models;     /* names, NULL-terminated; NULL = all */
    dt_capability_kind capability; /* convention for c_i */
    const double *cap_table;       /* TABLE: one value per dataset actor */
    unsigned folds;                /* K of the cross-validation, >= 2 */
    unsigned bootstrap;            /* resamples of proposals, >= 1 */
    uint64_t seed;                 /* seeds folds and bootstrap */
    double level;                  /* nominal coverage of intervals (0.8) */
    dt_model_opts model_opts;      /* base options of the line models */
} dt_backtest_opts;

#define DT_BACKTEST_OPTS_INIT                                                  \
    {                                                                          \
        NULL, DT_CAPABILITY_COUNCIL, NULL, 10, 1000, 1, 0.8,                   \
            DT_MODEL_OPTS_INIT                                                 \
    }

/* Names of the models a backtest knows, NULL-terminated. */
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
} dt_backtest_score;

typedef struct dt_backtest dt_backtest;

/*
 * Run the backtest on `d` (borrowed). Scoreable issues have an outcome
 * and at least 3 actors with position and salience; the others are
 * skipped and counted. Parameters (Q of eu, nbs's variant, ensemble
 * weights, interval quantiles) are fitted on the training folds only;
 * every reported figure is out of fold. *out is new (caller frees with
 * dt_backtest_free). Returns DT_OK, DT_EINVAL (unknown model name, bad
 * options, fewer proposals than folds, no scoreable issue), DT_ENOMEM.
 * Deterministic for a given seed; thread-safe.
 */
DT_API dt_status dt_backtest_run(const dt_deu *d, const dt_backtest_opts *o,
                                 dt_backtest **out, dt_error *err);
DT_API void dt_backtest_free(dt_backtest *b);

DT_API size_t dt_backtest_n_scored(const dt_backtest *b);
/* Issues skipped: no outcome, and fewer than 3 coded actors. */
DT_API size_t dt_backtest_skipped(const dt_backtest *b, size_t *no_outcome,
                                  size_t *few_actors);
DT_API size_t dt_backtest_n_models(const dt_backtest *b);
DT_API const dt_backtest_score *dt_backtest_score_at(const dt_backtest *b,
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
