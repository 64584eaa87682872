/*
 * detente: the forecast driver. One call runs any set of models - the
 * one-issue models of model.h (mean, median, eu, nbs) on every issue and
 * the scenario-level ones (smp, exchange) over all issues at once - on a
 * scenario, keeping per issue and model the result and, on request,
 * every round (positions, weighted mean and median), the expected-utility
 * model's accepted offers, smp's winning probabilities and the exchanges
 * made. Every front end and every analysis forecasts through it: the
 * command line, the reports' charts, the summit analysis's table
 * forecasts, the sweep and the backtest.
 *
 * Typical use:
 *     dt_forecast_opts o = DT_FORECAST_OPTS_INIT;
 *     const char *models[] = {"eu", "smp"};
 *     dt_forecast_new(sc, models, 2, &o, &fc, &err);
 *     r = dt_forecast_result(fc, issue, model);
 *     dt_forecast_free(fc);
 */
#ifndef DETENTE_FORECAST_H
#define DETENTE_FORECAST_H

#include <stddef.h>

#include "error.h"
#include "eu.h"
#include "exchange.h"
#include "model.h"
#include "scenario.h"
#include "smp.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Models one forecast runs at most. */
#define DT_FORECAST_MAX_MODELS 16

/*
 * A memo of one-issue forecasts: a line (its actors, positions,
 * capabilities, saliences and status quo) forecast once by a model is
 * looked up afterwards instead of solved again. One cache serves one set
 * of model options (the caller keeps them fixed); results depend only on
 * the line and the model, so a cached result is the one a run would
 * give, bit for bit. Used by the summit analysis, whose levers change few
 * issues. Not thread-safe: one cache per thread.
 */
typedef struct dt_forecast_cache dt_forecast_cache;
DT_API dt_status dt_forecast_cache_new(const dt_allocator *alloc,
                                       dt_forecast_cache **out, dt_error *err);
DT_API void dt_forecast_cache_free(dt_forecast_cache *c);

/* Options. Initialise with DT_FORECAST_OPTS_INIT. */
typedef struct dt_forecast_opts {
    dt_model_opts model;       /* the one-issue models */
    dt_smp_opts smp;           /* model smp */
    dt_exchange_opts exchange; /* model exchange */
    unsigned flags;            /* dt_line_flags: who bargains (default:
                                  every actor with a stake) */
    int trace;                 /* keep every round (1, default) or only
                                  the results (0) */
    dt_forecast_cache *cache;  /* memo of one-issue forecasts, or NULL
                                  (borrowed; used only when trace is 0) */
    dt_progress_fn progress;   /* progress of the whole forecast (error.h),
                                  or NULL; see dt_forecast_new */
    void *progress_ud;         /* passed to progress */
} dt_forecast_opts;

#define DT_FORECAST_OPTS_INIT                                                  \
    {                                                                          \
        DT_MODEL_OPTS_INIT, DT_SMP_OPTS_INIT, DT_EXCHANGE_OPTS_INIT, 0, 1,     \
            NULL, NULL, NULL                                                   \
    }

/*
 * The scenario-level model types (model.h): smp and exchange, in that
 * order, NULL-terminated; and the one called `name`, or NULL.
 */
DT_API const dt_scenario_model_type *const *dt_scenario_model_types(void);
DT_API const dt_scenario_model_type *dt_scenario_model_find(const char *name);

/*
 * Every model name dt_forecast_new() knows, NULL-terminated: the
 * one-issue models in dt_model_types() order, then smp and exchange.
 */
DT_API const char *const *dt_forecast_model_names(void);

/*
 * The same names as one line, "mean, median, ..., exchange", into
 * buf[0..n) (truncated to fit, always terminated when n > 0); returns buf.
 * For usage texts and error messages.
 */
DT_API char *dt_forecast_model_list(char *buf, size_t n);

typedef struct dt_forecast dt_forecast;

/*
 * Run models[0..n_models) (names, borrowed; "all" stands for every
 * one-issue model; a name given twice runs once; n_models == 0 means
 * "all") on scenario sc (borrowed; must outlive the forecast) with
 * options o (copied; NULL = defaults). Issues where no actor bargains
 * (e.g. none at the table with DT_LINE_TABLE_ONLY) get NaN forecasts.
 * On success *out is new (caller frees with dt_forecast_free). Returns
 * DT_OK; DT_EINVAL (an unknown model name, the message lists the known
 * ones; bad options); DT_ESCENARIO (the scenario does not suit a model,
 * e.g. smp with fewer than 2 actors); DT_ENOMEM; or a model's error. A
 * run that stops on a cycle or the round cap is not an error (see
 * dt_forecast_converged). Thread-safe; deterministic.
 *
 * Progress: with o->progress set, it is called after every round of
 * every model on every issue (and every turn of smp and exchange), with
 * the fraction of (model, issue) runs done - a scenario-level model
 * counts as one run per issue, a run's rounds as their share of the
 * round cap - and a stage such as "eu on issue 'i3' (4 of 50)";
 * model.progress is then not called. Without it, model.progress (if set)
 * is called by every one-issue run on its own, from 0 to 1 each time.
 * A nonzero return cancels: DT_ECANCELED, and *out stays NULL. Progress
 * changes no result.
 */
DT_API dt_status dt_forecast_new(const dt_scenario *sc,
                                 const char *const *models, size_t n_models,
                                 const dt_forecast_opts *o, dt_forecast **out,
                                 dt_error *err);
/* Free a forecast. NULL is a no-op. */
DT_API void dt_forecast_free(dt_forecast *fc);

/*
 * Run every model again on the scenario's current numbers (after they
 * were changed through a clone's parameter slots, scenario.h). The
 * scenario's structure (actors, stakes) must not have changed. With
 * trace 0 and one-issue models only this never allocates. Returns as
 * dt_forecast_new.
 */
DT_API dt_status dt_forecast_rerun(dt_forecast *fc, dt_error *err);

/*
 * The points of every (issue, model) with `actor` left out of every
 * issue, into points[issue * n_models + model], leaving the forecast's
 * own results alone; where the actor has no stake the forecast's point
 * is copied. One-issue models only (DT_EINVAL otherwise). Never
 * allocates. Returns DT_OK, DT_EINVAL or a model's error.
 */
DT_API dt_status dt_forecast_points_without(dt_forecast *fc, size_t actor,
                                            double *points, dt_error *err);

/* ----- What was run ----- */

DT_API const dt_scenario *dt_forecast_scenario(const dt_forecast *fc);
DT_API const dt_forecast_opts *dt_forecast_options(const dt_forecast *fc);
DT_API size_t dt_forecast_n_issues(const dt_forecast *fc);
DT_API size_t dt_forecast_n_models(const dt_forecast *fc);
/* Name of model m, as given ("eu", "smp", ...). */
DT_API const char *dt_forecast_model_name(const dt_forecast *fc, size_t m);
/* Model m's type: exactly one of the two is not NULL. */
DT_API const dt_model_type *dt_forecast_model_type(const dt_forecast *fc,
                                                   size_t m);
DT_API const dt_scenario_model_type *
dt_forecast_scenario_model_type(const dt_forecast *fc, size_t m);
/* Index of the model called name, or (size_t)-1. */
DT_API size_t dt_forecast_model_index(const dt_forecast *fc, const char *name);

/* ----- Results (owned by the forecast) ----- */

/* Issue i as the models saw it: the actors who bargain on it. */
DT_API const dt_line *dt_forecast_line(const dt_forecast *fc, size_t i);
/* Model m's result on issue i (NaN points where nobody bargains). */
DT_API const dt_model_result *dt_forecast_result(const dt_forecast *fc,
                                                 size_t i, size_t m);
/*
 * Model m's rounds on issue i (rounds + 1 rows of the line's actors, and
 * the weighted mean and median per round), or NULL without trace or
 * where nobody bargains.
 */
DT_API const dt_trace *dt_forecast_trace(const dt_forecast *fc, size_t i,
                                         size_t m);

/* One offer the expected-utility model executed, with its round. */
typedef struct dt_forecast_offer {
    unsigned round;    /* 1-based round in which it was executed */
    dt_eu_offer offer; /* receiver, proposer (line indices), type, move */
} dt_forecast_offer;

/*
 * The offers model m executed on issue i, in round order, count in *n;
 * returns NULL (and *n = 0) when the model makes no offers (it is not eu)
 * or without trace. dt_forecast_has_offers says which.
 */
DT_API const dt_forecast_offer *
dt_forecast_offers(const dt_forecast *fc, size_t i, size_t m, size_t *n);
DT_API int dt_forecast_has_offers(const dt_forecast *fc, size_t i, size_t m);
/*
 * smp's winning probabilities of the line's actors per round (rows as
 * the trace's), or NULL when model m has none or without trace; and its
 * most probable outcome on issue i (NaN when it has none).
 */
DT_API const double *dt_forecast_probs(const dt_forecast *fc, size_t i,
                                       size_t m);
DT_API double dt_forecast_probable(const dt_forecast *fc, size_t i, size_t m);
/* The exchange model's run (exchanges made), or NULL when not run. */
DT_API const dt_exchange_result *dt_forecast_exchange(const dt_forecast *fc);
/* Whether every run stopped because it converged. */
DT_API int dt_forecast_converged(const dt_forecast *fc);

/* ----- Options by name (for flags, form fields, keyword arguments) ----- */

typedef enum dt_opt_kind {
    DT_OPT_UINT = 0,   /* a whole number */
    DT_OPT_REAL = 1,   /* a number */
    DT_OPT_CHOICE = 2, /* one of `choices` */
    DT_OPT_FLAG = 3    /* on when given (no value) */
} dt_opt_kind;

/* One option of dt_forecast_opts settable by name. */
typedef struct dt_opt_key {
    const char *name;           /* "rounds", "Q", "smp-vote", "seed"... */
    const char *group;          /* "model" (dt_model_opts) or "smp" */
    dt_opt_kind kind;           /* how the value is read */
    const char *const *choices; /* CHOICE: the values, NULL-terminated */
    const char *help;           /* one line, with the default */
} dt_opt_key;

/* The options, in a fixed order: count, and key i. */
DT_API size_t dt_forecast_n_keys(void);
DT_API const dt_opt_key *dt_forecast_key(size_t i);
/* Index of the key called name, or (size_t)-1. */
DT_API size_t dt_forecast_key_find(const char *name);

/*
 * Set key `name` of *o from the text `value` (a FLAG ignores it). Returns
 * DT_OK, or DT_EINVAL with a message "NAME expects ..., got 'VALUE'"
 * (o unchanged). Range checks of the whole set: dt_model_opts_check().
 */
DT_API dt_status dt_forecast_opts_set(dt_forecast_opts *o, const char *name,
                                      const char *value, dt_error *err);

/*
 * Call fn(ud, name, value) for every key of `group` ("model" or "smp")
 * with its value in *o as text (numbers with 17 significant digits).
 * smp's thread count is left out: results do not depend on it.
 */
DT_API void dt_forecast_opts_each(const dt_forecast_opts *o, const char *group,
                                  void (*fn)(void *ud, const char *name,
                                             const char *value),
                                  void *ud);

/* ----- Explanations: why a forecast ends where it does ----- */

/*
 * One move of the expected-utility model (BDM 1985; Bueno de Mesquita
 * and Stokman 1994; docs/models.md, "Explanations"): in round `round`,
 * `receiver` took `proposer`'s offer of type `type` and moved from
 * `from` to `to`. `shift` is this move's share of its round's change of
 * the forecast statistic (the weighted median, or the mean with point
 * "mean"): the moves applied one at a time in line order and in
 * reverse, each step's change averaged; all shifts add up to end - start.
 */
typedef struct dt_explain_move {
    unsigned round;   /* 1-based */
    size_t receiver;  /* line index of the actor who moved */
    size_t proposer;  /* line index of the actor whose offer it took */
    dt_eu_class type; /* compromise, capitulation or confrontation */
    double from, to;  /* the receiver's position before and after */
    double shift;     /* the move's effect on the forecast statistic */
} dt_explain_move;

/* Why the Nash bargaining solution found no agreement. */
typedef enum dt_explain_nbs {
    DT_EXPLAIN_NBS_AGREED = 0,        /* it found a point (or is not nbs) */
    DT_EXPLAIN_NBS_NO_STATUS_QUO = 1, /* no disagreement point */
    DT_EXPLAIN_NBS_BOTH_SIDES = 2,    /* actors who gain on both sides of d */
    DT_EXPLAIN_NBS_NOBODY_GAINS = 3   /* every actor sits at d or is inert */
} dt_explain_nbs;

/* The explanation of model m's forecast on issue i. */
typedef struct dt_forecast_explanation {
    /* eu (with trace): the statistic's start (round 0) and end, and the
       executed offers ranked by |shift| (largest first; ties: earlier
       round, then lower receiver), at most max_moves of n_offers. */
    double start, end;
    size_t n_offers;
    size_t n_moves;
    dt_explain_move *moves;
    /* nbs: the reason for no agreement, and the actors (line indices)
       who would gain from moving above / below the status quo. */
    dt_explain_nbs nbs;
    size_t n_above, n_below;
    size_t *above, *below;
    /* Every model: red lines are not part of any forecasting model
       (ignores_red_lines = 1); the actors (scenario indices) whose red
       line on this issue the forecast point crosses. */
    int ignores_red_lines;
    size_t n_crossed;
    size_t *crossed;
    const dt_allocator *alloc; /* internal */
    size_t cap;                /* internal: entries of each array */
} dt_forecast_explanation;

/*
 * Explain model m's forecast on issue i into *out (caller-owned; release
 * with dt_forecast_explanation_release), keeping at most max_moves
 * ranked moves. Computed on request from what the forecast kept (the
 * eu moves need trace, the default; without it n_moves is 0): the run
 * itself records nothing more. Returns DT_OK, DT_EINVAL (bad index) or
 * DT_ENOMEM (*out then holds nothing to release).
 */
DT_API dt_status dt_forecast_explain(const dt_forecast *fc, size_t i, size_t m,
                                     size_t max_moves,
                                     dt_forecast_explanation *out,
                                     dt_error *err);
DT_API void dt_forecast_explanation_release(dt_forecast_explanation *e);

#ifdef __cplusplus
}
#endif
#endif
