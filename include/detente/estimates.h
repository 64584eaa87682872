/*
 * detente: several analysts' estimates of a scenario's numbers
 * (docs/judgement.md). Each analyst writes a file of ranges keyed by
 * parameter slot (scenario.h, "Clones and parameter slots"):
 *
 *   analyst: alice            # an id
 *   weight: 2                 # optional, > 0 (default 1)
 *   shape: pert               # pert (default) or triangular
 *   estimates:
 *     russia.territory.position: {low: 70, mode: 90, high: 100,
 *                                 note: "..."}
 *
 * dt_reconcile_new lists the numbers on which the analysts disagree most
 * and how much each disagreement moves the forecasts and the analysis;
 * a sweep given the estimates (dt_sweep_opts.estimates) draws each such
 * number from the mixture of the analysts' distributions.
 */
#ifndef DETENTE_ESTIMATES_H
#define DETENTE_ESTIMATES_H

#include "analysis.h"
#include "doc.h"
#include "forecast.h"
#include "vary.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The distribution an analyst's three-point estimate stands for. */
typedef enum dt_estimate_shape {
    DT_ESTIMATE_PERT = 0,      /* Beta-PERT, lambda 4 */
    DT_ESTIMATE_TRIANGULAR = 1 /* triangular on [low, high], peak at mode */
} dt_estimate_shape;

/* One analyst's estimate of one number: low <= mode <= high. */
typedef struct dt_estimate {
    double low, mode, high;
    const char *note; /* the analyst's reason, or NULL (owned) */
    dt_loc loc;       /* where it was written in the analyst's file */
} dt_estimate;

typedef struct dt_estimates dt_estimates;

/* Largest estimates file read (bytes) and most analysts in one set. */
#define DT_ESTIMATES_MAX_BYTES    (4u << 20)
#define DT_ESTIMATES_MAX_ANALYSTS 64

/*
 * An empty set of estimates for sc (borrowed: must outlive the set;
 * allocations through sc's allocator). Returns DT_OK or DT_ENOMEM.
 */
DT_API dt_status dt_estimates_new(const dt_scenario *sc, dt_estimates **out,
                                  dt_error *err);
DT_API void dt_estimates_free(dt_estimates *e);

/*
 * Add one analyst from the YAML text buf[0..len) (`name` is the file name
 * used in messages) or from the file at path. Every problem is an error
 * with the file, line and column: an unknown slot (the message names the
 * closest ids), low <= mode <= high violated, a value outside the slot's
 * range, an analyst id given twice in the set, unknown keys. The set is
 * unchanged on error. Returns DT_OK, DT_ESCENARIO (bad content), DT_EIO
 * (unreadable file), DT_EINVAL (too many analysts) or DT_ENOMEM.
 */
DT_API dt_status dt_estimates_add_text(dt_estimates *e, const char *name,
                                       const char *buf, size_t len,
                                       dt_error *err);
DT_API dt_status dt_estimates_add_file(dt_estimates *e, const char *path,
                                       dt_error *err);

DT_API size_t dt_estimates_n_analysts(const dt_estimates *e);
DT_API const char *dt_estimates_analyst(const dt_estimates *e, size_t k);
DT_API double dt_estimates_weight(const dt_estimates *e, size_t k);
DT_API dt_estimate_shape dt_estimates_shape(const dt_estimates *e, size_t k);
/* Analyst k's estimate of slot s, or NULL when k gave none. */
DT_API const dt_estimate *dt_estimates_get(const dt_estimates *e, size_t k,
                                           size_t slot);
/* Whether some analyst estimated slot s. */
DT_API int dt_estimates_has(const dt_estimates *e, size_t slot);

/*
 * The mixture of slot s: analyst k (among those who estimated s) with
 * probability w_k / sum w, then k's PERT or triangular distribution; its
 * CDF is F(x) = sum w_k F_k(x) / sum w. dt_estimates_sample returns its
 * quantile at u in (0, 1), the smallest x with F(x) >= u (bisection to
 * the resolution of a double), so draws rise with u and stay aligned
 * across inputs as every sweep input. Returns NaN when nobody estimated
 * s. dt_estimates_moments gives the mixture's exact mean and variance:
 * sum w_k mu_k and sum w_k (s_k^2 + mu_k^2) - mu^2 (weights normalised),
 * with PERT mu = (a + 4m + b) / 6, s^2 = (mu - a)(b - mu) / 7 and
 * triangular mu = (a + m + b) / 3,
 * s^2 = (a^2 + m^2 + b^2 - am - ab - mb) / 18. Returns 0 when nobody
 * estimated s.
 */
DT_API double dt_estimates_sample(const dt_estimates *e, size_t slot, double u);
/*
 * The same mixture drawn with two uniforms: u_pick chooses the analyst
 * (the first, in the set's order among those who estimated s, whose
 * cumulative weight share exceeds u_pick), u_value is the quantile of
 * that analyst's own distribution (triangular in closed form, PERT by
 * GSL's gsl_cdf_beta_Pinv). With u_pick and u_value independent and
 * uniform the value has the mixture's distribution; the split lets a
 * variance decomposition tell the disagreement between analysts (which
 * analyst) from the range each analyst gives (sobol.h,
 * DT_SOBOL_BY_SOURCE). Returns NaN when nobody estimated s.
 */
DT_API double dt_estimates_sample_split(const dt_estimates *e, size_t slot,
                                        double u_pick, double u_value);
DT_API int dt_estimates_moments(const dt_estimates *e, size_t slot,
                                double *mean, double *var);

/* ----- Reconciliation ----- */

/* One disputed number: a slot that at least two analysts estimated. */
typedef struct dt_reconcile_item {
    size_t slot;        /* the parameter slot */
    char slot_id[128];  /* its id */
    double was;         /* the value as written in the scenario */
    size_t n_given;     /* analysts who estimated it */
    double mode_lo;     /* lowest of their modes */
    double mode_hi;     /* highest of their modes */
    double scale;       /* 100 for 0-100 numbers; for capabilities and
                           costs the largest absolute mode, low, high or
                           written value (so spreads are comparable) */
    double spread;      /* (mode_hi - mode_lo) / scale, 0-1 */
    int overlap;        /* 1 when every [low, high] shares a point */
    dt_vary_step *per;  /* per analyst: that analyst's mode set alone
                           (value NaN and nothing run when k gave none) */
    double moves;       /* largest forecast difference between two
                           analysts' modes, over models and issues */
    size_t moves_issue; /* where it is */
    size_t moves_model;
    double deal_moves;  /* the same for the Nash deal (NaN: no deal) */
    int verdict_splits; /* 1 when the zone verdict differs between
                           analysts */
} dt_reconcile_item;

typedef struct dt_reconcile {
    const dt_scenario *sc;    /* borrowed */
    const dt_estimates *est;  /* borrowed */
    size_t n_issues;          /* the scenario's */
    size_t n_models;          /* models run */
    const char **models;      /* their names (owned) */
    dt_vary_step as_written;  /* the scenario as written */
    dt_vary_step *analyst;    /* per analyst: every mode of theirs at once */
    size_t n_items;           /* disputed numbers */
    dt_reconcile_item *items; /* most disputed first: by spread, then by
                                 moves, then slot order */
    const dt_allocator *alloc;
} dt_reconcile;

/*
 * Reconcile the analysts of e on sc (both borrowed): for every number
 * estimated by two analysts or more, the disagreement (spread of their
 * modes relative to the scale, overlap of their ranges) and its effect:
 * the scenario run with each analyst's mode of that number alone (others
 * as written), every model's forecast, the zone verdict, the Nash deal
 * and durability (as dt_vary_run). Also each analyst's whole set of
 * modes at once. o as for dt_vary_run (NULL = defaults). Deterministic.
 * Returns DT_OK, a model's error or DT_ENOMEM.
 */
DT_API dt_status dt_reconcile_new(const dt_scenario *sc, const dt_estimates *e,
                                  const dt_vary_opts *o, dt_reconcile **out,
                                  dt_error *err);
DT_API void dt_reconcile_free(dt_reconcile *r);

/*
 * The reconciliation as a document: the analysts, a table of the
 * disputed numbers (most disputed first: modes, spread, overlap, largest
 * forecast move, verdict split), then per analyst the forecasts with all
 * of their modes applied beside the scenario as written.
 */
DT_API dt_status dt_reconcile_doc(const dt_reconcile *r, const dt_doc_opts *o,
                                  dt_doc *d, dt_error *err);
/* As JSON, schema detente-reconcile/1 (docs/json-schema.md). */
DT_API dt_status dt_reconcile_write_json(const dt_reconcile *r,
                                         const dt_doc_opts *o,
                                         dt_write_fn write, void *ud,
                                         dt_error *err);

#ifdef __cplusplus
}
#endif

#endif
