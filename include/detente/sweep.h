/*
 * detente: Monte Carlo sensitivity sweeps (src/lib/mc/). A sweep draws
 * every uncertain number of a scenario (positions, saliences,
 * capabilities, status quo and no-deal values, each with its spread from
 * the scenario file or the scenario-wide default; docs/scenario-format.md
 * "Uncertainty"), runs the chosen models on each draw (and the summit
 * analysis when the scenario has what it needs), and summarises the
 * draws: quantiles, mean and standard deviation of each result, the
 * probability of a zone of agreement and of each actor's red line being
 * crossed, a ranking of inputs by influence (Spearman rank correlation)
 * and, on request, the same draws with each actor removed in turn.
 * Method, definitions and limits: docs/analysis.md "Sweep".
 *
 * Determinism: draw d uses its own stream dt_rng_stream(seed, d) and
 * writes only its own slots, and every summary is computed in draw order
 * after the workers join, so results do not depend on the thread count,
 * on how the draws were split into slices (dt_sweep_run on [begin, end)
 * from several processes or resumed runs), or on scheduling.
 *
 * Typical use:
 *     dt_sweep_new(sc, &opts, &s, &err);
 *     dt_sweep_run(s, 0, dt_sweep_n_draws(s), &err);   (or slices)
 *     dt_sweep_reduce(s, &err);
 *     ... accessors ...
 *     dt_sweep_free(s);
 */
#ifndef DETENTE_SWEEP_H
#define DETENTE_SWEEP_H

#include <stddef.h>
#include <stdint.h>

#include "analysis.h"
#include "error.h"
#include "model.h"
#include "scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Whether the summit analysis runs on every draw. */
typedef enum dt_sweep_analysis {
    DT_SWEEP_ANALYSIS_AUTO = 0, /* when the scenario supports it */
    DT_SWEEP_ANALYSIS_OFF = 1,  /* never */
    DT_SWEEP_ANALYSIS_ON = 2    /* always; dt_sweep_new fails if it cannot */
} dt_sweep_analysis;

/* Options of a sweep. Initialise with DT_SWEEP_OPTS_INIT. */
typedef struct dt_sweep_opts {
    const dt_model_type *const *models; /* models to run (borrowed) */
    size_t n_models;                    /* entries in models; 0 = eu only */
    dt_model_opts model_opts;           /* options of every model */
    uint64_t seed;                      /* draw d uses dt_rng_stream(seed, d) */
    size_t n_draws;                     /* draws in the sweep, >= 1 */
    unsigned threads;                   /* workers in dt_sweep_run; 0 = 1 */
    dt_sweep_analysis analysis;         /* summit analysis per draw */
    dt_nash_weights weights;            /* Nash weights of the analysis */
    int drop_each;                      /* also run each draw without each
                                           actor in turn (models only) */
    const struct dt_estimates *estimates; /* analysts' estimates (borrowed;
                                             NULL: none): a slot some analyst
                                             estimated is drawn from their
                                             mixture (estimates.h) */
} dt_sweep_opts;

#define DT_SWEEP_OPTS_INIT                                                     \
    {                                                                          \
        NULL, 0, DT_MODEL_OPTS_INIT, 0, 1000, 1, DT_SWEEP_ANALYSIS_AUTO,       \
            DT_WEIGHTS_EQUAL, 0, NULL                                          \
    }

/*
 * Default uncertainty when the scenario has no `uncertainty:` block (or
 * is a CSV or KTAB file): positions sd 5 points, saliences sd 10 points,
 * capabilities sd 20% of the value. A block replaces all three (a key it
 * omits is 0: not uncertain). Numbers with their own sd or range keep it.
 */
#define DT_SWEEP_POSITION_SD   5.0
#define DT_SWEEP_SALIENCE_SD   10.0
#define DT_SWEEP_CAPABILITY_CV 0.2

/* Quantile levels reported, in order: 0.05 0.25 0.50 0.75 0.95. */
#define DT_SWEEP_NQ 5
DT_API extern const double dt_sweep_levels[DT_SWEEP_NQ];

/*
 * Summary of one result over the draws. Quantiles are Hyndman and Fan's
 * (1996) type 7 (linear interpolation between order statistics, the
 * default of R and NumPy); sd is the sample standard deviation (n - 1).
 * Only finite values count (a draw without a deal has no deal point):
 * n is how many there were; with n == 0 every field is NaN, with n == 1
 * sd is NaN.
 */
typedef struct dt_sweep_stats {
    size_t n;              /* finite values summarised */
    double q[DT_SWEEP_NQ]; /* quantiles at dt_sweep_levels */
    double mean;           /* arithmetic mean */
    double sd;             /* sample standard deviation */
} dt_sweep_stats;

/* One uncertain input of the sweep (only inputs with a spread are kept). */
typedef struct dt_sweep_input {
    dt_slot_kind kind;   /* what it is (scenario.h) */
    size_t slot;         /* its parameter slot in the scenario */
    size_t actor;        /* scenario actor index, or (size_t)-1 */
    size_t issue;        /* scenario issue index, or (size_t)-1 */
    double value;        /* the value in the scenario */
    dt_spread_kind dist; /* how it is drawn */
    double sd;           /* DT_SPREAD_NORMAL: standard deviation */
    double lo, hi;       /* valid range (normal: truncation; uniform;
                            mixture: lowest low and highest high) */
    int from_default;    /* spread from the scenario-wide default */
    const char *label;   /* "position usa/sanctions_relief" (owned) */
    dt_loc loc;          /* where the value was written */
    const struct dt_estimates *mix; /* DT_SPREAD_MIXTURE: the estimates */
} dt_sweep_input;

/* What an output (a per-draw result) is. */
typedef enum dt_output_kind {
    DT_OUTPUT_FORECAST = 0,   /* forecast of `model` on `issue` */
    DT_OUTPUT_ZONE = 1,       /* 1 when a zone of agreement exists, else 0 */
    DT_OUTPUT_DEAL = 2,       /* deal point on `issue` (NaN: no deal) */
    DT_OUTPUT_DURABILITY = 3, /* durability 0-1 (NaN: undefined) */
    DT_OUTPUT_RED_LINE = 4,   /* 1 when the proposal crosses a red line of
                                 `actor`, else 0 (NaN: no proposal) */
    DT_OUTPUT_SURPLUS = 5,    /* zone surplus t* (utility units) */
    DT_OUTPUT_RATIFIED = 6    /* 1 when the proposal is ratified, else 0
                                 (NaN: no proposal); only for scenarios
                                 with a ratifier (docs/analysis.md,
                                 "Ratification") */
} dt_output_kind;

/* One per-draw result. */
typedef struct dt_sweep_output {
    dt_output_kind kind; /* what it is */
    size_t model;        /* DT_OUTPUT_FORECAST: index in the sweep's models */
    size_t issue;        /* scenario issue index, or (size_t)-1 */
    size_t actor;        /* DT_OUTPUT_RED_LINE: actor index, else -1 */
    const char *label;   /* "forecast eu/sanctions_relief" (owned) */
} dt_sweep_output;

typedef struct dt_sweep dt_sweep;

/*
 * Plan a sweep of `sc` (borrowed; must outlive the sweep) with `opts`
 * (copied; the models array is borrowed): list the uncertain inputs and
 * the outputs, allocate storage for every draw and one workspace per
 * worker (models, lines, a scenario copy for the analysis). Nothing is
 * drawn yet. Returns DT_OK, DT_EINVAL (no draws, bad options, an input
 * whose spread is invalid), DT_ESCENARIO (analysis ON but the scenario
 * cannot be analysed; the message says why) or DT_ENOMEM.
 */
DT_API dt_status dt_sweep_new(const dt_scenario *sc, const dt_sweep_opts *opts,
                              dt_sweep **out, dt_error *err);
DT_API void dt_sweep_free(dt_sweep *s);

/*
 * Run draws [begin, end) (end <= n_draws) on opts.threads workers and
 * store their results; the draws are marked done. Draws already done are
 * run again (same result). The model step never allocates; the analysis,
 * when on, does (GLPK). Returns DT_OK, DT_EINVAL (bad range) or the
 * first error of a draw in draw order (the other draws are still stored).
 */
DT_API dt_status dt_sweep_run(dt_sweep *s, size_t begin, size_t end,
                              dt_error *err);

/*
 * Raw per-draw records, for checkpoints and message passing: a record is
 * dt_sweep_record_size() doubles, the draw's inputs then its outputs
 * (then, with drop-each, the forecasts without each actor). get copies
 * draw d's record into buf (returns 0 when d is not done); set stores it
 * and marks d done.
 */
DT_API size_t dt_sweep_record_size(const dt_sweep *s);
DT_API int dt_sweep_get_record(const dt_sweep *s, size_t d, double *buf);
DT_API void dt_sweep_set_record(dt_sweep *s, size_t d, const double *buf);
DT_API int dt_sweep_done(const dt_sweep *s, size_t d);

/*
 * Summarise the done draws in draw order: statistics, probabilities,
 * influence and drop-each results. Draws not done are left out (after an
 * interruption); dt_sweep_n_done says how many were used. May be called
 * again after more draws. Returns DT_OK or DT_ENOMEM.
 */
DT_API dt_status dt_sweep_reduce(dt_sweep *s, dt_error *err);

/* ----- Accessors (valid after dt_sweep_reduce) ----- */

DT_API uint64_t dt_sweep_seed(const dt_sweep *s);
DT_API size_t dt_sweep_n_draws(const dt_sweep *s); /* planned */
DT_API size_t dt_sweep_n_done(const dt_sweep *s);  /* summarised */
DT_API const dt_scenario *dt_sweep_scenario(const dt_sweep *s);
DT_API size_t dt_sweep_n_models(const dt_sweep *s);
DT_API const dt_model_type *dt_sweep_model(const dt_sweep *s, size_t m);

/*
 * Draw values of a result or input, in draw order: n_draws entries,
 * NaN for draws not done. Owned by the sweep.
 */
DT_API const double *dt_sweep_forecasts(const dt_sweep *s, size_t issue,
                                        size_t model);
/* Forecast statistics of (issue, model). */
DT_API const dt_sweep_stats *
dt_sweep_forecast_stats(const dt_sweep *s, size_t issue, size_t model);
/*
 * The forecast of (issue, model) on the scenario as written (no draw);
 * what every draw gives when no input is uncertain.
 */
DT_API double dt_sweep_forecast_base(const dt_sweep *s, size_t issue,
                                     size_t model);

/* Whether the analysis ran on every draw. */
DT_API int dt_sweep_has_analysis(const dt_sweep *s);
/* Share of draws with a zone of agreement (NaN without analysis). */
DT_API double dt_sweep_p_zone(const dt_sweep *s);
/*
 * Share of the finished draws whose proposal is ratified by every
 * ratifier and body (the probability of ratification); NaN without the
 * analysis or when the scenario has no ratifier.
 */
DT_API double dt_sweep_p_ratified(const dt_sweep *s);
/* Deal point on `issue`, over the draws that have a deal. */
DT_API const dt_sweep_stats *dt_sweep_deal_stats(const dt_sweep *s,
                                                 size_t issue);
/* Durability over the draws where it is defined. */
DT_API const dt_sweep_stats *dt_sweep_durability_stats(const dt_sweep *s);
/*
 * Share of draws (with a proposal) whose proposal crosses one of actor
 * a's red lines (NaN without analysis or without any proposal).
 */
DT_API double dt_sweep_p_red_line(const dt_sweep *s, size_t actor);

/*
 * Uncertain inputs and outputs, and their draws in draw order (the
 * accessors are dt_sweep_get_input/get_output because dt_sweep_input and
 * dt_sweep_output name the structures).
 */
DT_API size_t dt_sweep_n_inputs(const dt_sweep *s);
DT_API const dt_sweep_input *dt_sweep_get_input(const dt_sweep *s, size_t j);
DT_API const double *dt_sweep_input_draws(const dt_sweep *s, size_t j);
/* Statistics of input j's drawn values (a check of the spread). */
DT_API const dt_sweep_stats *dt_sweep_input_stats(const dt_sweep *s, size_t j);
DT_API size_t dt_sweep_n_outputs(const dt_sweep *s);
DT_API const dt_sweep_output *dt_sweep_get_output(const dt_sweep *s, size_t k);
DT_API const double *dt_sweep_output_draws(const dt_sweep *s, size_t k);
DT_API const dt_sweep_stats *dt_sweep_output_stats(const dt_sweep *s, size_t k);

/*
 * Influence of input j on output k: Spearman's rank correlation over the
 * draws where the output is finite (average ranks for ties), in [-1, 1];
 * NaN when either is constant over those draws or fewer than 3 remain.
 */
DT_API double dt_sweep_influence(const dt_sweep *s, size_t k, size_t j);
/*
 * Inputs ranked by |influence| on output k, strongest first (NaN last,
 * ties in input order): dt_sweep_n_inputs entries, owned by the sweep.
 */
DT_API const size_t *dt_sweep_influence_rank(const dt_sweep *s, size_t k);

/* Whether drop-each ran. */
DT_API int dt_sweep_has_drop_each(const dt_sweep *s);
/*
 * Forecasts of (issue, model) with actor a removed from every line, over
 * the same draws (same streams): statistics, and the draws in draw order.
 */
DT_API const dt_sweep_stats *dt_sweep_drop_stats(const dt_sweep *s,
                                                 size_t actor, size_t issue,
                                                 size_t model);
DT_API const double *dt_sweep_drop_draws(const dt_sweep *s, size_t actor,
                                         size_t issue, size_t model);
/*
 * Mean over draws of |forecast without a - forecast with everyone| for
 * (issue, model): how much a's absence moves the outcome (NaN when a has
 * no stake in the issue or no draw is finite).
 */
DT_API double dt_sweep_drop_shift(const dt_sweep *s, size_t actor, size_t issue,
                                  size_t model);
/* Actors ranked by drop shift on (issue, model), largest first. */
DT_API const size_t *dt_sweep_drop_rank(const dt_sweep *s, size_t issue,
                                        size_t model);

#ifdef __cplusplus
}
#endif
#endif
