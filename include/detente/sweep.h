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
 * from several processes or resumed runs), or on scheduling. Draws past
 * the kept ones (opts.memory, "Memory" below) are folded into exact sums,
 * which do not depend on the order either.
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
    size_t memory; /* bytes for the draws kept whole and their summaries
                      (see "Memory" below); 0: keep every draw */
} dt_sweep_opts;

#define DT_SWEEP_OPTS_INIT                                                     \
    {                                                                          \
        NULL, 0, DT_MODEL_OPTS_INIT, 0, 1000, 1, DT_SWEEP_ANALYSIS_AUTO,       \
            DT_WEIGHTS_EQUAL, 0, NULL, 0                                       \
    }

/* The CLI's default memory budget (--memory): 1 GiB. */
#define DT_SWEEP_MEMORY_DEFAULT ((size_t)1 << 30)

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
 * Memory (docs/analysis.md "Memory"). A sweep keeps the values of the
 * draws [0, K) whole, K = dt_sweep_n_kept: what the quantiles, the
 * bimodality coefficient, the influence (Spearman) ranks, the draws'
 * arrays and charts, --draws-out and the fragility flag need. With
 * opts.memory = 0, K = n_draws (every draw kept, as before); else K is
 * the most draws whose values and reduction scratch fit in opts.memory
 * bytes (at least 1, at most n_draws; it depends on the scenario, the
 * models and the options, never on the thread count). The draws
 * [K, n_draws) are streamed: each is folded, as it finishes, into exact
 * sums (stream.c), from which the counts, means, standard deviations and
 * probabilities cover every draw, and are the same bits whatever the
 * thread count, process split or order (the sums are exact). Memory is
 * then bounded whatever the number of draws (the streamed draws done are
 * held as ranges of draw indices, one per contiguous run).
 */

/*
 * Plan a sweep of `sc` (borrowed; must outlive the sweep) with `opts`
 * (copied; the models array is borrowed): list the uncertain inputs and
 * the outputs, allocate storage for the kept draws (its pages are
 * touched only as draws are stored, so this is quick for any budget),
 * the streamed sums when some draws will not be kept, and one workspace
 * per worker (models, lines, a scenario copy for the analysis). Nothing
 * is drawn yet. Returns DT_OK, DT_EINVAL (no draws, bad options, an input
 * whose spread is invalid), DT_ESCENARIO (analysis ON but the scenario
 * cannot be analysed; the message says why) or DT_ENOMEM.
 */
DT_API dt_status dt_sweep_new(const dt_scenario *sc, const dt_sweep_opts *opts,
                              dt_sweep **out, dt_error *err);
DT_API void dt_sweep_free(dt_sweep *s);

/*
 * Run draws [begin, end) (end <= n_draws) on opts.threads workers and
 * store their results; the draws are marked done. Kept draws already
 * done are run again (same result); streamed draws already done are
 * skipped (they are counted once). The model step never allocates; the
 * analysis, when on, does (GLPK). Returns DT_OK, DT_EINVAL (bad range)
 * or the first error of a draw in draw order (the other kept draws are
 * still stored; the streamed draws of this call are not counted).
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
/*
 * Records exist for the kept draws only: get returns 0 for a streamed
 * draw (d >= dt_sweep_n_kept); set of a streamed draw folds the record
 * into the streamed sums (once: a draw already done is left alone; on
 * out of memory it is not counted).
 */
DT_API int dt_sweep_get_record(const dt_sweep *s, size_t d, double *buf);
DT_API void dt_sweep_set_record(dt_sweep *s, size_t d, const double *buf);
DT_API int dt_sweep_done(const dt_sweep *s, size_t d);
/* How many of the draws [begin, end) are done (without a loop per draw
 * over the streamed ones). */
DT_API size_t dt_sweep_count_done(const dt_sweep *s, size_t begin, size_t end);

/*
 * The streamed draws done, as a flat array of 64-bit words (their exact
 * sums and their draw ranges), for checkpoints and message passing: size
 * is the words get writes now; merge adds such an array (from another
 * process or a checkpoint of the same sweep) to s. Merging is exact, so
 * the result does not depend on the order. merge returns DT_OK, DT_EINVAL
 * (another sweep's array, a damaged one, or draws already done in s:
 * nothing is merged) or DT_ENOMEM.
 */
DT_API size_t dt_sweep_stream_size(const dt_sweep *s);
DT_API size_t dt_sweep_stream_get(const dt_sweep *s, uint64_t *buf);
DT_API dt_status dt_sweep_stream_merge(dt_sweep *s, const uint64_t *buf,
                                       size_t n, dt_error *err);

/* Draws kept whole, K: the draws [0, K) (see "Memory"). */
DT_API size_t dt_sweep_n_kept(const dt_sweep *s);
/*
 * Draws summarised without being kept, by the last dt_sweep_reduce (0
 * when every draw done was kept: the summaries are then exactly those
 * of the kept draws).
 */
DT_API size_t dt_sweep_n_streamed(const dt_sweep *s);
/*
 * Estimated peak bytes of the sweep s: the kept draws, the reduction's
 * scratch, the streamed sums (one set per worker) and the summaries; not
 * the workers' model workspaces (a scenario copy and a forecast each).
 */
DT_API size_t dt_sweep_memory(const dt_sweep *s);

/*
 * Summarise the done draws in draw order: statistics, probabilities,
 * influence and drop-each results. Draws not done are left out (after an
 * interruption); dt_sweep_n_done says how many were used. May be called
 * again after more draws. When draws were streamed (dt_sweep_n_streamed
 * > 0), n, mean, sd, the probabilities and the drop-each shifts cover
 * every draw done, while the quantiles, the bimodality coefficient, the
 * flags and the influence cover the kept draws done. Returns DT_OK or
 * DT_ENOMEM.
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
 * Draw values of a result or input, in draw order: dt_sweep_n_kept
 * entries (the kept draws; n_draws when every draw is kept), NaN for
 * draws not done. Owned by the sweep.
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

/*
 * Robustness of a result (docs/analysis.md "Robustness"): the value of
 * output k on the scenario as written (no draw; NaN when it has none,
 * e.g. no deal), Sarle's bimodality coefficient of its draws
 * (dt_sweep_bimodality; NaN when undefined) and its flags:
 * DT_SWEEP_FRAGILE when the as-written value lies outside the draws'
 * 5-95 % range [q05, q95]; DT_SWEEP_BIMODAL when the coefficient exceeds
 * DT_SWEEP_BIMODAL_B over at least DT_SWEEP_BIMODAL_MIN_N finite draws
 * (never for the 0/1 results: zone, red_line, ratified).
 */
enum dt_sweep_flags {
    DT_SWEEP_FRAGILE = 1u << 0, /* as written outside [q05, q95] */
    DT_SWEEP_BIMODAL = 1u << 1  /* bimodality coefficient > 5/9 */
};
#define DT_SWEEP_BIMODAL_B     (5.0 / 9.0)
#define DT_SWEEP_BIMODAL_MIN_N 20
DT_API double dt_sweep_output_base(const dt_sweep *s, size_t k);
DT_API double dt_sweep_output_bimodality(const dt_sweep *s, size_t k);
DT_API unsigned dt_sweep_output_flags(const dt_sweep *s, size_t k);
/* Whether output k is constant over the done draws (sd 0 or n < 2). */
DT_API int dt_sweep_output_constant(const dt_sweep *s, size_t k);

/*
 * Sarle's bimodality coefficient of the finite values among x[0..n)
 * (Pfister et al. 2013, Frontiers in Psychology 4:700, eq. 1):
 * b = (g^2 + 1) / (k + 3 (n-1)^2 / ((n-2)(n-3))), g the sample skewness
 * and k the sample excess kurtosis, both bias-corrected (Joanes and Gill
 * 1998, G1 and G2). 5/9 for a uniform distribution; above it suggests
 * bimodality. NaN for fewer than 4 finite values or a constant sample.
 */
DT_API double dt_sweep_bimodality(const double *x, size_t n);

/*
 * One-at-a-time sensitivities (src/lib/mc/oat.c; docs/analysis.md "One
 * at a time"): every uncertain input of the planned sweep s moved alone
 * to its low and high end (a range's ends; a normal's 5 % and 95 %
 * quantiles), the others as written, and every output recorded. Needs
 * no draws (a sweep of 1 draw is enough) and leaves the sweep's draws
 * alone; runs on the sweep's workers, same bits for any count. *out is
 * new (free with dt_oat_free; it borrows s). Returns DT_OK, DT_ENOMEM or
 * the first failing run's error.
 */
typedef struct dt_oat dt_oat;
DT_API dt_status dt_sweep_oat(dt_sweep *s, dt_oat **out, dt_error *err);
DT_API void dt_oat_free(dt_oat *o);
DT_API const dt_sweep *dt_oat_sweep(const dt_oat *o);
/* Input j's low (high = 0) or high end. */
DT_API double dt_oat_value(const dt_oat *o, size_t j, int high);
/* Output k with input j at its low (high = 0) or high end. */
DT_API double dt_oat_result(const dt_oat *o, size_t k, size_t j, int high);
/*
 * Swing of input j on output k: max - min of the output as written
 * (dt_sweep_output_base) and at both ends, over the finite ones; NaN
 * when fewer than two are finite.
 */
DT_API double dt_oat_swing(const dt_oat *o, size_t k, size_t j);
/* Inputs by swing on output k, largest first (NaN last): n_inputs. */
DT_API const size_t *dt_oat_rank(const dt_oat *o, size_t k);

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
