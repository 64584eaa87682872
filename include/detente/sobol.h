/*
 * detente: variance decomposition (Sobol indices) by Saltelli et al.'s
 * (2010, "Variance based sensitivity analysis of model output. Design
 * and estimator for the total sensitivity index", Comput. Phys. Commun.
 * 181:259-270) sampling design, src/lib/mc/sobol.c.
 *
 * Base row r (0 <= r < N) draws 2k uniforms u in (0, 1) from its own
 * stream dt_rng_stream(seed, r): the first k are row r of matrix A, the
 * next k row r of matrix B. A_B^(i) is A with column i taken from B. The
 * model runs on A, B and every A_B^(i): N (k + 2) runs. With V the
 * variance of the 2N outputs f(A), f(B) (divisor 2N), the estimators of
 * Saltelli et al. 2010, Table 2, are
 *   first order (b):            S_i  = (1/N) sum_r (f(B)_r - mean)
 *                                      (f(A_B^i)_r - f(A)_r) / V
 *   total, Jansen (1999) (f):   ST_i = (1/2N) sum_r (f(A)_r -
 *                                      f(A_B^i)_r)^2 / V,
 * mean being the mean of the 2N outputs (centring leaves the estimator's
 * expectation unchanged and removes its dependence on the output's level).
 * Confidence intervals: percentile bootstrap over the N base rows
 * (Efron and Tibshirani 1993, ch. 13), resample b drawn from
 * dt_rng_stream(seed ^ DT_SOBOL_BOOT_KEY, b); the same resamples for
 * every input and output. An output value that is not finite (a draw
 * without a deal) drops that row from that output's estimates (and from
 * its V); the count used is reported. Method and limits: docs/sobol.md.
 *
 * Determinism: row r writes only its own slots and every sum runs in row
 * order after the workers join, so results do not depend on the thread
 * count.
 */
#ifndef DETENTE_SOBOL_H
#define DETENTE_SOBOL_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "scenario.h"
#include "sweep.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Key xored into the seed for the bootstrap streams. */
#define DT_SOBOL_BOOT_KEY UINT64_C(0xb0075724a9e1c3d5)

/* What dt_sobol_scenario decomposes the variance by. */
typedef enum dt_sobol_group_by {
    DT_SOBOL_BY_INPUT = 0,  /* each uncertain input alone */
    DT_SOBOL_BY_ACTOR = 1,  /* the inputs of each actor together (status
                               quos: one group of their own) */
    DT_SOBOL_BY_ISSUE = 2,  /* the inputs of each issue together (actor
                               capabilities and no-deal costs: one group) */
    DT_SOBOL_BY_SOURCE = 3, /* the analysts' disagreement (which analyst,
                               for every estimated number), the ranges
                               within analysts, and the other inputs:
                               needs dt_sweep_opts.estimates */
    DT_SOBOL_BY_MODEL = 4   /* the choice of model (one more input: a
                               model drawn uniformly among the sweep's,
                               >= 2) against all the inputs; adds one
                               output per issue, the forecast of the
                               drawn model */
} dt_sobol_group_by;

/* "input", "actor", "issue", "source", "model"; NULL when out of range. */
DT_API const char *dt_sobol_group_by_name(dt_sobol_group_by g);

/* Options. Initialise with DT_SOBOL_OPTS_INIT. */
typedef struct dt_sobol_opts {
    uint64_t seed;    /* base row r uses dt_rng_stream(seed, r) */
    size_t n_base;    /* N, base rows, >= 2 */
    size_t n_boot;    /* bootstrap resamples; 0 = no intervals */
    double level;     /* confidence level of the intervals, in (0, 1) */
    unsigned threads; /* workers; 0 = 1 */
    /*
     * Grouped indices (dt_sobol_run): group[j] in [0, n_groups) is input
     * j's group (borrowed, k entries; every group non-empty); the indices
     * are then those of the groups: A_B^(g) takes every input of group g
     * from B (Saltelli et al. 2008, "Global Sensitivity Analysis: The
     * Primer", 4.6; Jacques et al. 2006). NULL: each input alone.
     */
    const size_t *group;
    size_t n_groups;
    dt_sobol_group_by group_by; /* dt_sobol_scenario: builds group itself */
} dt_sobol_opts;

#define DT_SOBOL_OPTS_INIT                                                     \
    {                                                                          \
        0, 1024, 200, 0.95, 1, NULL, 0, DT_SOBOL_BY_INPUT                      \
    }

/* An index with its bootstrap interval (NaN when undefined). */
typedef struct dt_sobol_est {
    double est;    /* point estimate */
    double lo, hi; /* percentile interval at opts.level */
} dt_sobol_est;

/*
 * The model of the generic entry point: map the k uniforms u in (0, 1)
 * (the caller turns them into its inputs, e.g. by inverse CDF) to m
 * outputs y. `worker` (< threads) lets a model keep per-worker scratch;
 * with threads > 1 calls run concurrently. Return DT_OK or an error
 * (set in err).
 */
typedef dt_status (*dt_sobol_fn)(void *ctx, unsigned worker, const double *u,
                                 double *y, dt_error *err);

typedef struct dt_sobol dt_sobol;

/*
 * Sobol indices of the m outputs of f with respect to its k inputs.
 * alloc may be NULL (the C library's). Returns DT_OK, DT_EINVAL (bad
 * options), DT_ENOMEM or the first error of f in row order.
 */
DT_API dt_status dt_sobol_run(size_t k, size_t m, dt_sobol_fn f, void *ctx,
                              const dt_sobol_opts *opts,
                              const dt_allocator *alloc, dt_sobol **out,
                              dt_error *err);

/*
 * Sobol indices of a sweep's outputs (every forecast, and with the
 * analysis on also the zone, surplus, deal point, durability, red lines)
 * with respect to its uncertain inputs, each sampled from its uniform by
 * the sweep's inverse CDF (dt__mc_sample, docs/analysis.md "Sweep").
 * sweep_opts' n_draws, seed, threads and drop_each are ignored (opts
 * rules). The sweep that plans it is kept: dt_sobol_sweep gives its
 * inputs and outputs (labels). Same returns as dt_sweep_new and
 * dt_sobol_run.
 */
DT_API dt_status dt_sobol_scenario(const dt_scenario *sc,
                                   const dt_sweep_opts *sweep_opts,
                                   const dt_sobol_opts *opts, dt_sobol **out,
                                   dt_error *err);

/*
 * dt_sobol_scenario in steps, so that the base rows can be split across
 * processes (detente sweep --sobol --mpi) and the result still be the
 * same bits: dt_sobol_scenario_new plans and allocates (same errors as
 * dt_sobol_scenario); dt_sobol_compute runs the base rows [b, e) (each
 * row has its own stream, so any split gives the same rows);
 * dt_sobol_row_size, dt_sobol_row_get and dt_sobol_row_set copy one
 * row's model outputs (f(A), f(B), then f(A_B^i) for every input or
 * group i: dt_sobol_row_size doubles) to and from another process;
 * dt_sobol_finish computes the indices once every row is computed or set
 * (in row order, whatever the split). Accessors other than these are
 * valid only after dt_sobol_finish.
 */
DT_API dt_status dt_sobol_scenario_new(const dt_scenario *sc,
                                       const dt_sweep_opts *sweep_opts,
                                       const dt_sobol_opts *opts,
                                       dt_sobol **out, dt_error *err);
DT_API dt_status dt_sobol_compute(dt_sobol *s, size_t b, size_t e,
                                  dt_error *err);
DT_API size_t dt_sobol_row_size(const dt_sobol *s);
DT_API void dt_sobol_row_get(const dt_sobol *s, size_t r, double *buf);
DT_API void dt_sobol_row_set(dt_sobol *s, size_t r, const double *buf);
DT_API dt_status dt_sobol_finish(dt_sobol *s, dt_error *err);

DT_API void dt_sobol_free(dt_sobol *s);

/* ----- Accessors ----- */
/* Inputs, or groups when the indices are grouped. */
DT_API size_t dt_sobol_n_inputs(const dt_sobol *s);
/*
 * The name of input (or group) j: a group's actor or issue id, or
 * "(status quo)" / "(not issue-specific)" for the inputs without one;
 * by source "analysts' disagreement", "ranges within analysts" and
 * "inputs without estimates"; by model "model choice" and "inputs"; an
 * input's sweep label; NULL for an ungrouped dt_sobol_run.
 */
DT_API const char *dt_sobol_input_label(const dt_sobol *s, size_t j);
DT_API size_t dt_sobol_n_outputs(const dt_sobol *s);
/*
 * The name of output o: the sweep output's label (dt_sobol_sweep), or
 * for the outputs DT_SOBOL_BY_MODEL adds after them "forecast (model
 * drawn)/ISSUE". NULL for dt_sobol_run results.
 */
DT_API const char *dt_sobol_output_label(const dt_sobol *s, size_t o);
DT_API const dt_sobol_opts *dt_sobol_get_opts(const dt_sobol *s);
/* Model runs made: N (k + 2). */
DT_API size_t dt_sobol_n_runs(const dt_sobol *s);
/* The planning sweep of dt_sobol_scenario (labels), else NULL. */
DT_API const dt_sweep *dt_sobol_sweep(const dt_sobol *s);
/* V of output o (NaN when fewer than 2 finite values). */
DT_API double dt_sobol_variance(const dt_sobol *s, size_t o);
/* Base rows used for output o (rows with every value finite). */
DT_API size_t dt_sobol_n_used(const dt_sobol *s, size_t o);
/* First-order and total index of input j on output o. */
DT_API const dt_sobol_est *dt_sobol_first(const dt_sobol *s, size_t o,
                                          size_t j);
DT_API const dt_sobol_est *dt_sobol_total(const dt_sobol *s, size_t o,
                                          size_t j);
/* Inputs ranked by total index on output o, largest first (NaN last). */
DT_API const size_t *dt_sobol_rank(const dt_sobol *s, size_t o);

/*
 * As JSON, schema detente-sobol/1 (docs/sobol.md,
 * docs/schema/sobol.schema.json); only for dt_sobol_scenario results
 * (DT_EINVAL otherwise).
 */
DT_API dt_status dt_sobol_write_json(const dt_sobol *s, dt_write_fn write,
                                     void *ud, dt_error *err);

#ifdef __cplusplus
}
#endif
#endif
