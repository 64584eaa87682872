/*
 * Shared workspace of the one-step models (mean.c, median.c): they read
 * the line, compute both weighted statistics in one step, and stop.
 */
#include <math.h>
#include <string.h>

#include "model/model_int.h"

dt_status dt__line_check(const dt_line *line, size_t n_max, dt_error *err)
{
    size_t k;

    if (line->n == 0)
        return dt__error_set(err, DT_EINVAL, "no actor on this issue");
    if (line->n > n_max)
        return dt__error_set(err, DT_EINVAL,
                             "%zu actors, but the model was made for %zu",
                             line->n, n_max);
    for (k = 0; k < line->n; k++) {
        if (!isfinite(line->x[k]) || !isfinite(line->c[k]) ||
            !isfinite(line->s[k]) || line->c[k] < 0.0 || line->s[k] < 0.0)
            return dt__error_set(err, DT_EINVAL,
                                 "actor %zu has a non-finite or negative "
                                 "input",
                                 k);
    }
    return DT_OK;
}

size_t dt__fixed_ws_size(size_t n, const dt_model_opts *o)
{
    (void)o;
    return sizeof(dt__fixed_ws) + n * (3 * sizeof(double) + sizeof(size_t));
}

dt_status dt__fixed_init(void *ws, size_t n_max, const dt_model_opts *o,
                         const dt_line *line, dt_error *err)
{
    dt__fixed_ws *w = ws;
    dt_status rc;
    size_t n = line->n;

    (void)o;
    rc = dt__line_check(line, n_max, err);
    if (rc != DT_OK)
        return rc;
    w->n = n;
    w->round = 0;
    w->x = (double *)(w + 1);
    w->c = w->x + n_max;
    w->s = w->c + n_max;
    w->idx = (size_t *)(w->s + n_max);
    memcpy(w->x, line->x, n * sizeof *w->x);
    memcpy(w->c, line->c, n * sizeof *w->c);
    memcpy(w->s, line->s, n * sizeof *w->s);
    w->mean = dt_weighted_mean(n, w->x, w->c, w->s);
    w->median = dt_weighted_median(n, w->x, w->c, w->s, w->idx);
    return DT_OK;
}

dt_status dt__fixed_step(void *ws, dt_error *err)
{
    dt__fixed_ws *w = ws;

    (void)err;
    w->round = 1;
    return DT_OK;
}

dt_stop dt__fixed_stop(const void *ws)
{
    const dt__fixed_ws *w = ws;

    return w->round >= 1 ? DT_STOP_CONVERGED : DT_STOP_NONE;
}

const double *dt__fixed_positions(const void *ws)
{
    return ((const dt__fixed_ws *)ws)->x;
}

unsigned dt__fixed_round(const void *ws)
{
    return ((const dt__fixed_ws *)ws)->round;
}

void dt__fixed_stats(const void *ws, double *mean, double *median)
{
    const dt__fixed_ws *w = ws;

    *mean = w->mean;
    *median = w->median;
}

void dt__fixed_result(const void *ws, int use_mean, dt_model_result *r)
{
    const dt__fixed_ws *w = ws;

    r->mean = w->mean;
    r->median = w->median;
    r->point = use_mean ? w->mean : w->median;
    r->stop = dt__fixed_stop(ws);
    r->rounds = w->round;
    r->period = 0;
}
