/*
 * detente: bargaining models. Every model solves one issue (a dt_line) in
 * init -> step -> test form behind one const vtable, after GSL's
 * "algorithm decomposition": dt_model_init() loads the inputs (round 0),
 * dt_model_step() plays one round, dt_model_stop() says whether and why
 * the run is over, dt_model_get_result() gives the forecast. A model that is
 * not iterative completes in one step. dt_model_solve() is the loop.
 *
 * Thread-safety: the model types (dt_model_type, dt_scenario_model_type,
 * the built-in dt_model_mean, dt_model_median, dt_model_eu, dt_model_nbs)
 * are const and keep no state, so any number of threads may use them at
 * once, as they may call dt_stop_str, dt_model_find, dt_model_types,
 * dt_model_presets and dt_model_opts_check. A dt_model instance (like a
 * scenario-level model's workspace) is used by one thread at a time.
 * Distinct instances are independent: threads may each run their own at
 * the same time, also of one type, with the same options and the same
 * line (which init only reads), provided the allocator they were made
 * with is thread-safe, as the default is. A dt_trace and a dt_error
 * belong to one thread in the same way. dt_weighted_mean and
 * dt_weighted_median are pure: they read their arguments and nothing
 * else (the median writes only its scratch, so each thread passes its
 * own).
 */
#ifndef DETENTE_MODEL_H
#define DETENTE_MODEL_H

#include <stddef.h>

#include "error.h"
#include "scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Why a run stopped. */
typedef enum dt_stop {
    DT_STOP_NONE = 0,      /* still running */
    DT_STOP_CONVERGED = 1, /* no actor moved in the last round */
    DT_STOP_CYCLE = 2,     /* the state repeated an earlier round */
    DT_STOP_ROUND_CAP = 3  /* the round cap was reached */
} dt_stop;

/* "converged", "cycle", "round_cap" (or "running"). */
DT_API const char *dt_stop_str(dt_stop s);

/* Expected-utility options; see docs/models.md and the spec sections. */
typedef enum dt_eu_denominator {
    DT_EU_DEN_PAIR = 0,  /* sum of |votes| over the pair (paper) */
    DT_EU_DEN_GLOBAL = 1 /* one sum over all ordered pairs (replication) */
} dt_eu_denominator;

typedef enum dt_eu_compromise {
    DT_EU_COMPROMISE_LEAST_MOVE = 0,     /* smallest move (paper) */
    DT_EU_COMPROMISE_REPLICATION_KEY = 1 /* smallest weighted key */
} dt_eu_compromise;

typedef enum dt_eu_perspective {
    DT_EU_PERSPECTIVE_RECEIVER = 0, /* receiver's view of both sides */
    DT_EU_PERSPECTIVE_BOTH = 1      /* each side's own view */
} dt_eu_perspective;

typedef enum dt_eu_risk_range {
    DT_EU_RISK_ACTORS = 0,   /* extremes of danger over all actors */
    DT_EU_RISK_POSITIONS = 1 /* extremes over i's alternative positions */
} dt_eu_risk_range;

typedef enum dt_eu_point {
    DT_EU_POINT_MEDIAN = 0, /* BDM: the weighted median is the forecast */
    DT_EU_POINT_MEAN = 1    /* Scholz et al.: the weighted mean */
} dt_eu_point;

/* Nash bargaining solution options (src/lib/model/nbs.c). */
typedef enum dt_nbs_utility {
    DT_NBS_UTILITY_QUADRATIC = 0, /* U_i(x) = -s_i (x - x_i)^2 */
    DT_NBS_UTILITY_LINEAR = 1     /* U_i(x) = -s_i |x - x_i| */
} dt_nbs_utility;

typedef enum dt_nbs_weights {
    DT_NBS_WEIGHTS_EQUAL = 0,     /* symmetric: w_i = 1 */
    DT_NBS_WEIGHTS_CAPABILITY = 1 /* asymmetric: w_i = c_i */
} dt_nbs_weights;

/*
 * Options shared by all models (unused ones are ignored). Initialise with
 * DT_MODEL_OPTS_INIT, then apply a preset and/or set fields.
 */
typedef struct dt_model_opts {
    unsigned max_rounds;           /* round cap (default 100) */
    int exact_rounds;              /* run exactly max_rounds: no early stop */
    int cycle_detect;              /* stop when a state repeats (default 1) */
    double q;                      /* EU: P(status quo persists), [0, 1] */
    dt_eu_denominator denominator; /* EU: probability denominator */
    dt_eu_compromise compromise;   /* EU: choice among compromises */
    int capitulation;              /* EU: execute capitulations (1) */
    dt_eu_perspective perspective; /* EU: whose view classifies offers */
    dt_eu_risk_range risk_range;   /* EU: danger extremes */
    dt_eu_point point;             /* EU: which statistic is the forecast */
    dt_nbs_utility nbs_utility;    /* NBS: quadratic or linear loss */
    dt_nbs_weights nbs_weights;    /* NBS: bargaining weights */
    dt_progress_fn progress;       /* called after every round of
                                      dt_model_solve (done = round /
                                      max_rounds, then 1; stage = the
                                      model's name), or NULL */
    void *progress_ud;             /* passed to progress */
} dt_model_opts;

#define DT_MODEL_OPTS_INIT                                                     \
    {                                                                          \
        100, 0, 1, 1.0, DT_EU_DEN_PAIR, DT_EU_COMPROMISE_LEAST_MOVE, 1,        \
            DT_EU_PERSPECTIVE_RECEIVER, DT_EU_RISK_ACTORS, DT_EU_POINT_MEDIAN, \
            DT_NBS_UTILITY_QUADRATIC, DT_NBS_WEIGHTS_EQUAL, NULL, NULL         \
    }

/*
 * Apply the named preset to *o (borrowed). Known: "paper" (the defaults)
 * and "scholz-replication" (docs/models.md). Returns DT_EINVAL for an
 * unknown name.
 */
DT_API dt_status dt_model_opts_preset(dt_model_opts *o, const char *name,
                                      dt_error *err);

/*
 * Check option values: rounds in 1..100000, Q in [0, 1], enums in range.
 * Returns DT_OK or DT_EINVAL with a message naming the option.
 */
DT_API dt_status dt_model_opts_check(const dt_model_opts *o, dt_error *err);

/* Names of the presets, NULL-terminated. */
DT_API const char *const *dt_model_presets(void);

/* Result of a run. */
typedef struct dt_model_result {
    double point;    /* the forecast; NaN when the model gives none */
    double mean;     /* capability x salience weighted mean */
    double median;   /* capability x salience weighted median */
    dt_stop stop;    /* why the run stopped */
    unsigned rounds; /* rounds played */
    unsigned period; /* cycle period (0 unless stop == DT_STOP_CYCLE) */
} dt_model_result;

/*
 * A model type: a const vtable. Workspaces are sized by ws_size() for at
 * most n actors and allocated once by dt_model_new(); step() never
 * allocates. Implementations live in src/lib/model/<name>.c.
 */
typedef struct dt_model_type {
    const char *name;        /* "mean", "median", "eu" */
    const char *description; /* one line */
    size_t (*ws_size)(size_t n, const dt_model_opts *o);
    dt_status (*init)(void *ws, size_t n_max, const dt_model_opts *o,
                      const dt_line *line, dt_error *err);
    dt_status (*step)(void *ws, dt_error *err);
    dt_stop (*stop)(const void *ws);
    const double *(*positions)(const void *ws); /* current positions */
    unsigned (*round)(const void *ws);          /* rounds played */
    /* Weighted mean and median of the current positions. */
    void (*stats)(const void *ws, double *mean, double *median);
    void (*result)(const void *ws, dt_model_result *r);
} dt_model_type;

DT_API extern const dt_model_type dt_model_mean;
DT_API extern const dt_model_type dt_model_median;
DT_API extern const dt_model_type dt_model_eu;
/* Nash bargaining solution; point NaN = no agreement (docs/models.md). */
DT_API extern const dt_model_type dt_model_nbs;

/* The model called `name`, or NULL. */
DT_API const dt_model_type *dt_model_find(const char *name);
/* All built-in models, NULL-terminated, in a fixed order. */
DT_API const dt_model_type *const *dt_model_types(void);

typedef struct dt_model dt_model;

/*
 * New model instance of `type` (borrowed, must outlive it) for lines of
 * at most n_max actors; opts (copied; NULL = defaults). The workspace is
 * allocated here, once. Caller frees with dt_model_free. Returns DT_OK,
 * DT_EINVAL (bad options) or DT_ENOMEM.
 */
DT_API dt_status dt_model_new(const dt_model_type *type, size_t n_max,
                              const dt_model_opts *opts,
                              const dt_allocator *alloc, dt_model **out,
                              dt_error *err);
DT_API void dt_model_free(dt_model *m);

/* Load a line (borrowed during the call; copied). Round 0 = inputs. */
DT_API dt_status dt_model_init(dt_model *m, const dt_line *line, dt_error *err);
/* Play one round. Never allocates. */
DT_API dt_status dt_model_step(dt_model *m, dt_error *err);
/* Whether the run is over, and why; DT_STOP_NONE while it goes on. */
DT_API dt_stop dt_model_stop(const dt_model *m);
/* Current positions (n entries, line order); owned by the model. */
DT_API const double *dt_model_positions(const dt_model *m);
DT_API unsigned dt_model_round(const dt_model *m);
DT_API void dt_model_get_result(const dt_model *m, dt_model_result *r);
DT_API const dt_model_type *dt_model_type_of(const dt_model *m);
/* Model-specific workspace, for model-specific inspection calls. */
DT_API const void *dt_model_workspace(const dt_model *m);

/*
 * Round-by-round record: positions of all n actors (row-major, one row
 * per round, round 0 = inputs), and the weighted mean and median of each
 * round. Initialise with DT_TRACE_INIT; release with dt_trace_release.
 */
typedef struct dt_trace {
    size_t n;                  /* actors per round */
    size_t rounds;             /* rows stored (rounds played + 1) */
    size_t cap;                /* rows allocated */
    double *x;                 /* rounds x n positions */
    double *mean;              /* per round */
    double *median;            /* per round */
    const dt_allocator *alloc; /* what x, mean, median came from (set by
                                  the library when it allocates them) */
} dt_trace;

#define DT_TRACE_INIT                                                          \
    {                                                                          \
        0, 0, 0, NULL, NULL, NULL, NULL                                        \
    }
DT_API void dt_trace_release(dt_trace *t);

/*
 * Convenience loop: init with `line`, step until dt_model_stop() says
 * stop, fill *r. When `trace` is not NULL every round is appended to it
 * (it is reset first). The options' progress callback, if any, is called
 * after every round and once with 1 at the end (whose answer is ignored:
 * nothing is left to cancel). Returns DT_OK, or an
 * error from init/step, or DT_ENOMEM while growing the trace, or
 * DT_ECANCELED when the progress callback asked to stop (*r is then not
 * filled).
 */
DT_API dt_status dt_model_solve(dt_model *m, const dt_line *line,
                                dt_trace *trace, dt_model_result *r,
                                dt_error *err);

/*
 * Called by dt_model_solve_each() after init (round 0) and after every
 * step, with the model in its new state (borrowed for the call). A status
 * other than DT_OK stops the run and is returned.
 */
typedef dt_status (*dt_round_fn)(void *ud, const dt_model *m, dt_error *err);

/* As dt_model_solve(), calling on_round (if not NULL) every round. */
DT_API dt_status dt_model_solve_each(dt_model *m, const dt_line *line,
                                     dt_trace *trace, dt_round_fn on_round,
                                     void *ud, dt_model_result *r,
                                     dt_error *err);

/*
 * A scenario-level model type: a model that bargains over every issue of
 * a scenario at once (smp, exchange), beside the one-issue dt_model_type,
 * as GSL keeps gsl_multiroot_fdfsolver_type beside
 * gsl_multiroot_fsolver_type: the same lifecycle (alloc once, init, step
 * until stop, read the results, free), a different problem. The
 * implementations are dt_model_smp (smp.h, src/lib/smp/smp_model.c) and
 * dt_model_exchange (exchange.h, src/lib/exchange/exchange_model.c);
 * dt_forecast_new() (forecast.h) runs both kinds of model, and
 * dt_scenario_model_find() lists these.
 *
 * Rounds are numbered 0 (the inputs) to round(ws). Issues are scenario
 * issue indices; `line` is that issue's dt_scenario_line() with the same
 * flags, and per-actor values come out in its order. Thread-safety: one
 * workspace per thread; distinct workspaces are independent.
 */
typedef struct dt_scenario_model_type {
    const char *name;        /* "smp", "exchange" */
    const char *description; /* one line */
    /*
     * A workspace for sc (borrowed; must outlive it), the actors chosen
     * by flags (dt_line_flags), opts the type's own options (see its
     * header; NULL = defaults). Everything a run needs is allocated here.
     */
    dt_status (*alloc)(const dt_scenario *sc, unsigned flags, const void *opts,
                       const dt_allocator *a, void **ws, dt_error *err);
    /* Load the scenario's current numbers: round 0. */
    dt_status (*init)(void *ws, dt_error *err);
    dt_status (*step)(void *ws, dt_error *err); /* one round */
    dt_stop (*stop)(const void *ws);            /* DT_STOP_NONE: go on */
    unsigned (*round)(const void *ws);          /* rounds played */
    /* Positions on `issue` in round t of the line's actors, into x. */
    void (*positions)(const void *ws, size_t issue, unsigned t,
                      const dt_line *line, double *x);
    /* Weighted mean and median on `issue` in round t. */
    void (*stats)(const void *ws, size_t issue, unsigned t, double *mean,
                  double *median);
    /*
     * Each line actor's probability of prevailing in round t, into p;
     * returns 0 (p untouched) when the model has no such probabilities.
     * May be NULL.
     */
    int (*probs)(const void *ws, size_t issue, unsigned t, const dt_line *line,
                 double *p);
    /*
     * The forecast on `issue` after the last round; *probable (when not
     * NULL) the model's most probable outcome there, NaN when it has no
     * such notion.
     */
    void (*result)(const void *ws, size_t issue, dt_model_result *r,
                   double *probable);
    void (*release)(void *ws); /* free the workspace */
} dt_scenario_model_type;

/*
 * Weighted statistics of a line (weights w_k = c_k * s_k), the
 * compromise and median-voter points. The median is the smallest x whose
 * cumulative weight (ascending order, ties in input order) reaches half
 * the total. With zero total weight both fall back to the unweighted
 * mean and median. n must be > 0. scratch must hold n size_t.
 */
DT_API double dt_weighted_mean(size_t n, const double *x, const double *c,
                               const double *s);
DT_API double dt_weighted_median(size_t n, const double *x, const double *c,
                                 const double *s, size_t *scratch);

#ifdef __cplusplus
}
#endif
#endif
