/*
 * Private helpers of the model module: the instance behind dt_model, the
 * shared workspace of the non-iterative models (mean.c, median.c) and the
 * expected-utility model's pair kernel (eu_kernel.c).
 */
#ifndef DT_MODEL_INT_H
#define DT_MODEL_INT_H

#include "internal.h"

struct dt_model {
    const dt_model_type *type; /* vtable, borrowed */
    dt_model_opts opts;        /* copied at creation */
    const dt_allocator *alloc; /* hook, borrowed */
    size_t n_max;              /* largest line accepted */
    size_t ws_size;            /* bytes in ws */
    void *ws;                  /* the workspace, allocated once */
    int ready;                 /* init succeeded */
};

/*
 * Workspace of a one-step model: the line's inputs, scratch for the
 * median, and the two weighted statistics computed by the single step.
 */
typedef struct dt__fixed_ws {
    size_t n;       /* actors on the line */
    unsigned round; /* 0 before the step, 1 after */
    double *x;      /* positions (never move) */
    double *c;      /* capabilities */
    double *s;      /* saliences on [0, 1] */
    size_t *idx;    /* scratch for the median sort */
    double mean;    /* weighted mean of x */
    double median;  /* weighted median of x */
} dt__fixed_ws;

size_t dt__fixed_ws_size(size_t n, const dt_model_opts *o);
dt_status dt__fixed_init(void *ws, size_t n_max, const dt_model_opts *o,
                         const dt_line *line, dt_error *err);
dt_status dt__fixed_step(void *ws, dt_error *err);
dt_stop dt__fixed_stop(const void *ws);
const double *dt__fixed_positions(const void *ws);
unsigned dt__fixed_round(const void *ws);
void dt__fixed_stats(const void *ws, double *mean, double *median);
/* Fill *r; the forecast point is the mean when use_mean, else the median. */
void dt__fixed_result(const void *ws, int use_mean, dt_model_result *r);

/*
 * The pair kernel of the expected-utility model (eu_kernel.c, called by
 * eu.c's fill_p; the layout and the paths are described there). The
 * vote sums come out with the replication's bits whichever path runs.
 */
/* Widest block of the pair kernel, in pairs (lanes). */
#define DT__EU_LANES_MAX 32
/* Block width for this CPU: 8, 16 or 32 (the same bits whichever). */
size_t dt__eu_lanes(void);
/*
 * Pack the voter-major table uv (n rows of st doubles, st a multiple of
 * the block width) from ut (n x n, ut[p * n + k] = u_k(p)) for the nu
 * distinct positions uniq[0..nu): uv[k * st + u] = u_k(uniq[u]), padded
 * with 0.
 */
void dt__eu_pack(double *uv, size_t st, const double *ut, size_t n,
                 const size_t *uniq, size_t nu);
/*
 * The vote sums of one block: for the `lanes` pairs (a, b0 + t), with uv
 * pointing at column b0 of the packed table (stride st, 64-byte aligned),
 * wv the n vote weights and ua row a of ut: pos[t] = sum_k max(0, v_k),
 * neg[t] = sum_k max(0, -v_k), v_k = w_k (u_k(b0 + t) - u_k(a)), k in
 * ascending order. lanes is dt__eu_lanes()'s value.
 */
void dt__eu_votes(size_t lanes, const double *uv, size_t st, const double *wv,
                  const double *ua, size_t n, double *pos, double *neg);

/* Check a line for use by a model: n in 1..n_max, finite values. */
dt_status dt__line_check(const dt_line *line, size_t n_max, dt_error *err);

#endif
