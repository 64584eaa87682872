/*
 * Private helpers of the model module: the instance behind dt_model and
 * the shared workspace of the non-iterative models (mean.c, median.c).
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

/* Check a line for use by a model: n in 1..n_max, finite values. */
dt_status dt__line_check(const dt_line *line, size_t n_max, dt_error *err);

#endif
