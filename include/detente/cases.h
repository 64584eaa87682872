/*
 * detente: the case backtest. Scores every forecast model and the
 * analysis's verdicts across a set of scenarios that record what happened
 * (their `outcome:` section): per model the absolute error on every
 * observed issue and the mean over cases, the zone verdict against
 * whether a deal was made (a 2x2 table), the durability score against
 * whether the deal held, and the exclusion of stakeholders against
 * whether the deal held. With so few cases every rate carries an exact
 * interval (Clopper and Pearson 1934), every 2x2 table Fisher's exact
 * test (Fisher 1922), and every difference of means a bootstrap interval
 * over cases (Efron and Tibshirani 1993). docs/accuracy.md, "Backtest
 * across cases". Its document and JSON are doc.h's dt_cases_doc and
 * dt_cases_write_json (`detente backtest DIR`).
 */
#ifndef DETENTE_CASES_H
#define DETENTE_CASES_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Exact statistics (src/lib/backtest/exact.c) ---------------------- */

/*
 * Fisher's exact test of the 2x2 table [[a, b], [c, d]] (Fisher 1922):
 * the two-sided p-value, the sum of the probabilities of every table with
 * the same margins that is no more probable than the one observed (with a
 * relative tolerance of 1e-7), as R's fisher.test. 1 for an empty table.
 * Pure; thread-safe.
 */
DT_API double dt_fisher_exact(size_t a, size_t b, size_t c, size_t d);

/*
 * The Clopper-Pearson ("exact") interval of a binomial proportion with k
 * successes in n trials at confidence level `level` (e.g. 0.95; Clopper
 * and Pearson 1934): lo solves P(X >= k | lo) = (1 - level) / 2 (0 when
 * k = 0), hi solves P(X <= k | hi) = (1 - level) / 2 (1 when k = n), by
 * bisection to 1e-12. NaN for both when n = 0. Pure; thread-safe.
 */
DT_API void dt_clopper_pearson(size_t k, size_t n, double level, double *lo,
                               double *hi);

/* ---- The case backtest (src/lib/backtest/cases.c) --------------------- */

/* Options. Initialise with DT_CASES_OPTS_INIT. */
typedef struct dt_cases_opts {
    const char *const *models; /* model names, NULL-terminated; NULL = every
                                  one-issue model (forecast.h "all") */
    unsigned bootstrap;        /* resamples of cases, 1-1000000 */
    uint64_t seed;             /* seeds the bootstrap */
    double level;              /* confidence level of intervals (0.95) */
} dt_cases_opts;

#define DT_CASES_OPTS_INIT                                                     \
    {                                                                          \
        NULL, 1000, 1, 0.95                                                    \
    }

/* One case (scenario) as scored. */
typedef struct dt_case {
    const dt_scenario *sc; /* borrowed from the caller */
    int scored;            /* records an outcome (dt_score_has_outcome) */
    int analyzed;          /* the analysis ran (0: it cannot, e.g. no-deal
                              terms undefined; verdicts then unknown) */
    int agreement;         /* outcome.agreement: 1, 0, -1 not recorded */
    int held;              /* outcome.held: 1, 0, -1 not recorded */
    int predicted;         /* zone verdict: 1 agreement, 0 none, -1 none */
    int matched;           /* verdict matched agreement: 1, 0, -1 unknown */
    double durability;     /* the analysis's durability (NaN: none) */
    size_t n_excluded;     /* actors with role excluded */
    double excluded_clout; /* their share of all clout, 0-1 (NaN: none) */
    size_t n_issues;       /* issues with an observed value */
    double *observed;      /* per scenario issue; NaN: none observed */
    double *forecast;      /* [issue * n_models + model]; NaN: none */
    double *mae;           /* per model over its observed issues; NaN */
} dt_case;

/* One model's scores over the cases. */
typedef struct dt_cases_model {
    const char *name; /* as the forecast names it (owned by the result) */
    size_t n_cases;   /* cases with at least one scored issue */
    size_t n;         /* issues scored, over all cases */
    double mae;       /* mean over cases of the case MAE */
    double mae_lo;    /* bootstrap percentile interval (over cases) */
    double mae_hi;
    double issue_mae; /* mean absolute error over all scored issues */
    double median_ae; /* median absolute error over all scored issues */
    double rmse;      /* root mean squared error over all scored issues */
    size_t n_diff;    /* cases scored by it and by the first model */
    double diff;      /* mean case MAE minus the first model's */
    double diff_lo;   /* bootstrap percentile interval of diff */
    double diff_hi;
} dt_cases_model;

/* A 2x2 table: rows "yes"/"no" of a predictor, columns "yes"/"no" of an
   outcome; a = yes/yes, b = yes/no, c = no/yes, d = no/no. */
typedef struct dt_cases_table {
    size_t a, b, c, d;
    double p;              /* Fisher's exact test, two-sided; NaN if empty */
    double rate_yes;       /* a / (a + b): outcome rate when predictor yes */
    double yes_lo, yes_hi; /* its Clopper-Pearson interval */
    double rate_no;        /* c / (c + d) */
    double no_lo, no_hi;
} dt_cases_table;

/* Everything. Caller frees with dt_cases_free. */
typedef struct dt_cases {
    dt_cases_opts opts;     /* as run (models: NULL) */
    size_t n_cases;         /* every scenario given */
    dt_case *cases;         /* n_cases, in the order given */
    size_t n_scored;        /* cases with an outcome */
    size_t n_models;        /* models forecast */
    dt_cases_model *models; /* n_models */
    /* Zone verdict (predictor: "a zone exists") vs outcome.agreement. */
    dt_cases_table verdict;
    size_t matched;            /* a + d */
    size_t n_verdict;          /* a + b + c + d */
    double match_lo, match_hi; /* Clopper-Pearson of matched / n_verdict */
    /* Excluded stakeholders (predictor: any actor excluded) vs outcome.held,
       cases with a deal (agreement 1) and held recorded. */
    dt_cases_table exclusion;
    /* Durability vs outcome.held, cases with a deal and held recorded. */
    size_t n_held, n_failed;     /* with a finite durability */
    double dur_held, dur_failed; /* mean durability of each group */
    double dur_diff;             /* dur_held - dur_failed (NaN: a group
                                    is empty) */
    double dur_lo, dur_hi;       /* bootstrap interval of dur_diff */
    const dt_allocator *alloc;   /* what it was allocated from */
} dt_cases;

/*
 * Score scenarios sc[0..n) (borrowed; must outlive the result): each one
 * that records an outcome is forecast by every model (dt_forecast_new)
 * and analysed without levers (dt_analyze; a scenario the analysis
 * rejects with DT_ESCENARIO, e.g. without no-deal terms, keeps its
 * forecast errors and has no verdicts); the others are kept in the list,
 * unscored. Models are those of o->models, and must give every
 * scenario a forecast (a model that rejects one fails the run). Allocates
 * through alloc (NULL = the C library's). On success *out is new. Returns
 * DT_OK, DT_EINVAL (bad options, an unknown model, no scenario), a
 * model's or the analysis's error (the message names the scenario) or
 * DT_ENOMEM. Deterministic for a given seed; thread-safe.
 */
DT_API dt_status dt_cases_run(const dt_scenario *const *sc, size_t n,
                              const dt_cases_opts *o, const dt_allocator *alloc,
                              dt_cases **out, dt_error *err);
/* Free a result. NULL is a no-op. */
DT_API void dt_cases_free(dt_cases *c);

/*
 * A short label of case cs into buf (n bytes, truncated): its file's base
 * name without the extension ("camp-david-1978"), or the scenario's name
 * when it was not read from a file. Returns buf.
 */
DT_API const char *dt_case_label(const dt_case *cs, char *buf, size_t n);

#ifdef __cplusplus
}
#endif
#endif
