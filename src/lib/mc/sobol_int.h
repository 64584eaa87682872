/*
 * Shared by sobol.c (the estimator, the generic entry point, accessors)
 * and sobol_scenario.c (a scenario's sweep as the model): the result and
 * the estimator's steps.
 */
#ifndef DT_MC_SOBOL_INT_H
#define DT_MC_SOBOL_INT_H

#include "mc/mc_int.h"

struct dt_sobol {
    const dt_allocator *alloc;
    dt_sobol_opts o;
    size_t k, m, n; /* inputs (groups when grouped), outputs, base rows */
    size_t kin;     /* uniforms per point (inputs) */
    size_t *grp;    /* kin: each input's group, or NULL (owned) */
    char **gname;   /* k group names (dt_sobol_scenario grouped), or NULL */
    char **olabel;  /* n_olabel labels of the outputs after the sweep's */
    size_t n_olabel;
    double *fa;   /* n x m: f(A) */
    double *fb;   /* n x m: f(B) */
    double *fab;  /* k x n x m: f(A_B^i) at (i * n + r) * m + o */
    double *var;  /* m */
    size_t *used; /* m */
    dt_sobol_est *first, *total; /* m x k */
    size_t *rank;                /* m x k */
    dt_sweep *sweep;             /* dt_sobol_scenario's, else NULL */
    struct dt__sobol_scx *scx;   /* its plan until dt_sobol_finish */
    /* frees scx (set with it by sobol_scenario.c, so that dt_sobol_free
     * here needs no call back into it) */
    void (*scx_free)(const dt_allocator *a, struct dt__sobol_scx *x);
};

/* Options valid for k inputs and m outputs (DT_EINVAL with a message). */
dt_status dt__sobol_check(size_t k, size_t m, const dt_sobol_opts *o,
                          dt_error *err);
/* Every input in a group, every group non-empty. */
dt_status dt__sobol_check_groups(size_t kin, const size_t *g, size_t ng,
                                 dt_error *err);
/* The result for kin inputs and m outputs (NULL: out of memory). */
dt_sobol *dt__sobol_alloc(size_t kin, size_t m, const dt_sobol_opts *o,
                          const dt_allocator *al);
/* The base rows [rb, re) (errors: the first in row order). */
dt_status dt__sobol_run_rows(dt_sobol *s, dt_sobol_fn f, void *ctx,
                             void (*worker_end)(void), size_t rb, size_t re,
                             dt_error *err);
/* The indices, intervals and rankings from every row's outputs. */
dt_status dt__sobol_summarise(dt_sobol *s, dt_error *err);

#endif
