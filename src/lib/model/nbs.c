/*
 * The Nash bargaining solution on one issue (Nash 1950; asymmetric form,
 * Kalai 1977): the outcome maximises sum_i w_i ln(U_i(x) - U_i(d)) with
 * the status quo d as disagreement point. Not iterative: one step runs
 * GSL's Brent minimiser on the bracketed, concave objective.
 */
#include <float.h>
#include <math.h>
#include <stdalign.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_min.h>

#include "model/model_int.h"

/* Interior grid points used to bracket the maximum before Brent. */
#define NBS_GRID 64
/* Brent iterations cap; the interval test below stops it far earlier. */
#define NBS_MAX_ITER 200

typedef struct nbs_ws {
    size_t n;                 /* actors on the line */
    unsigned round;           /* 0 before the step, 1 after */
    dt_nbs_utility utility;   /* loss shape */
    dt_nbs_weights weights;   /* bargaining weights */
    int has_d;                /* whether the line has a status quo */
    double d;                 /* disagreement point (status quo) */
    double *x;                /* positions */
    double *c;                /* capabilities */
    double *s;                /* saliences on [0, 1] */
    size_t *idx;              /* scratch for the median */
    double mean;              /* weighted mean of x */
    double median;            /* weighted median of x */
    double point;             /* the solution, NaN = no agreement */
    gsl_min_fminimizer *fmin; /* built in place in the workspace */
} nbs_ws;

static size_t align_up(size_t k)
{
    size_t a = alignof(max_align_t);

    return (k + a - 1) / a * a;
}

static size_t nbs_ws_size(size_t n, const dt_model_opts *o)
{
    (void)o;
    /*
     * The GSL minimiser and its Brent state live inside the workspace
     * (gsl_min_fminimizer_alloc would malloc them, and the model
     * interface has no hook to free them): the state size is public.
     */
    return align_up(sizeof(nbs_ws)) + align_up(sizeof(gsl_min_fminimizer)) +
           align_up(gsl_min_fminimizer_brent->size) +
           n * (3 * sizeof(double) + sizeof(size_t));
}

static dt_status nbs_init(void *ws, size_t n_max, const dt_model_opts *o,
                          const dt_line *line, dt_error *err)
{
    nbs_ws *w = ws;
    char *p = ws;
    dt_status rc;
    size_t n = line->n;

    rc = dt__line_check(line, n_max, err);
    if (rc != DT_OK)
        return rc;
    if (line->has_status_quo && !isfinite(line->status_quo))
        return dt__error_set(err, DT_EINVAL, "the status quo is not finite");
    p += align_up(sizeof(nbs_ws));
    w->fmin = (gsl_min_fminimizer *)(void *)p;
    p += align_up(sizeof(gsl_min_fminimizer));
    w->fmin->type = gsl_min_fminimizer_brent;
    w->fmin->state = p;
    p += align_up(gsl_min_fminimizer_brent->size);
    w->x = (double *)(void *)p;
    w->c = w->x + n_max;
    w->s = w->c + n_max;
    w->idx = (size_t *)(w->s + n_max);
    w->n = n;
    w->round = 0;
    w->utility = o->nbs_utility;
    w->weights = o->nbs_weights;
    w->has_d = line->has_status_quo;
    w->d = line->has_status_quo ? line->status_quo : 0.0;
    memcpy(w->x, line->x, n * sizeof *w->x);
    memcpy(w->c, line->c, n * sizeof *w->c);
    memcpy(w->s, line->s, n * sizeof *w->s);
    w->mean = dt_weighted_mean(n, w->x, w->c, w->s);
    w->median = dt_weighted_median(n, w->x, w->c, w->s, w->idx);
    w->point = NAN;
    return DT_OK;
}

/* Bargaining weight w_i; 0 removes the actor from the Nash product. */
static double nbs_weight(const nbs_ws *w, size_t i)
{
    return w->weights == DT_NBS_WEIGHTS_CAPABILITY ? w->c[i] : 1.0;
}

/*
 * Whether actor i takes part: an actor whose ideal point is d, or with
 * zero salience, can never gain over d (its gain is <= 0 everywhere), and
 * an actor with zero bargaining weight does not count in the product.
 */
static int nbs_active(const nbs_ws *w, size_t i)
{
    return w->x[i] != w->d && w->s[i] > 0.0 && nbs_weight(w, i) > 0.0;
}

/*
 * Minus the Nash objective: -sum_i w_i ln(U_i(x) - U_i(d)). Salience
 * scales each gain by s_i, which adds the constant w_i ln s_i: it moves
 * no maximum, so the gain is computed without it. Gains are floored at
 * DBL_MIN so the value stays finite (GSL's Brent rejects non-finite
 * values) even where rounding puts x on the edge of the feasible set.
 */
static double nbs_objective(double x, void *params)
{
    const nbs_ws *w = params;
    double f = 0.0;
    size_t i;

    for (i = 0; i < w->n; i++) {
        double g;

        if (!nbs_active(w, i))
            continue;
        if (w->utility == DT_NBS_UTILITY_LINEAR)
            g = fabs(w->d - w->x[i]) - fabs(x - w->x[i]);
        else
            g = (w->d - w->x[i]) * (w->d - w->x[i]) -
                (x - w->x[i]) * (x - w->x[i]);
        if (!(g > DBL_MIN))
            g = DBL_MIN;
        f -= nbs_weight(w, i) * log(g);
    }
    return f;
}

/*
 * The feasible set {x : U_i(x) > U_i(d) for every active i}. For both
 * utilities actor i gains exactly on the open interval between d and
 * 2 x_i - d (its mirror image of d), so the set is empty when active
 * actors sit on both sides of d, else the interval from d to the nearest
 * mirror point. Returns 0 when empty (or when nobody is active).
 */
static int nbs_feasible(const nbs_ws *w, double *lo, double *hi)
{
    int above = 0, below = 0;
    double near_hi = INFINITY, near_lo = -INFINITY;
    size_t i;

    for (i = 0; i < w->n; i++) {
        double mirror = 2.0 * w->x[i] - w->d;

        if (!nbs_active(w, i))
            continue;
        if (w->x[i] > w->d) {
            above = 1;
            if (mirror < near_hi)
                near_hi = mirror;
        } else {
            below = 1;
            if (mirror > near_lo)
                near_lo = mirror;
        }
    }
    if (above == below)
        return 0;
    *lo = above ? w->d : near_lo;
    *hi = above ? near_hi : w->d;
    return *hi > *lo;
}

/*
 * Derivative of the Nash objective sum_i w_i ln g_i(x) (right derivative
 * at a kink of the linear utility): sum_i w_i g_i'(x) / g_i(x). It is
 * decreasing on the feasible interval, since the objective is concave.
 */
static double nbs_slope(const nbs_ws *w, double x)
{
    double f = 0.0;
    size_t i;

    for (i = 0; i < w->n; i++) {
        double g, dg;

        if (!nbs_active(w, i))
            continue;
        if (w->utility == DT_NBS_UTILITY_LINEAR) {
            g = fabs(w->d - w->x[i]) - fabs(x - w->x[i]);
            dg = x >= w->x[i] ? -1.0 : 1.0;
        } else {
            g = (w->d - w->x[i]) * (w->d - w->x[i]) -
                (x - w->x[i]) * (x - w->x[i]);
            dg = -2.0 * (x - w->x[i]);
        }
        if (!(g > DBL_MIN))
            g = DBL_MIN;
        f += nbs_weight(w, i) * dg / g;
    }
    return f;
}

/*
 * Polish a bracket [a, b] of the maximum by bisection on the sign of the
 * decreasing slope, down to adjacent doubles. Comparing function values
 * (as Brent does) can place a maximum only to about sqrt(machine epsilon)
 * relative, because the objective is flat there; the slope's sign is
 * exact to full precision.
 */
static double nbs_polish(const nbs_ws *w, double a, double b)
{
    int k;

    for (k = 0; k < 200; k++) {
        double m = a + (b - a) / 2.0;

        if (!(m > a && m < b))
            break;
        if (nbs_slope(w, m) > 0.0)
            a = m;
        else
            b = m;
    }
    return a + (b - a) / 2.0;
}

/*
 * Maximise on the open interval (lo, hi). The objective is concave there
 * (a weighted sum of logs of concave positive gains) and tends to -inf at
 * both ends, so the best point of a fine interior grid, with its two
 * neighbours, brackets the maximum; Brent's method (GSL) narrows the
 * bracket, and nbs_polish() finishes.
 */
static double nbs_maximise(nbs_ws *w, double lo, double hi)
{
    gsl_function fn;
    double t[NBS_GRID], f[NBS_GRID], xl, xu, fl, fu, width = hi - lo;
    size_t j, best = 0;
    int iter, status;

    fn.function = nbs_objective;
    fn.params = w;
    for (j = 0; j < NBS_GRID; j++) {
        t[j] = lo + width * ((double)j + 0.5) / NBS_GRID;
        f[j] = nbs_objective(t[j], w);
        if (f[j] < f[best])
            best = j;
    }
    xl = best > 0 ? t[best - 1] : lo + width * 1e-12;
    xu = best + 1 < NBS_GRID ? t[best + 1] : hi - width * 1e-12;
    fl = nbs_objective(xl, w);
    fu = nbs_objective(xu, w);
    /*
     * GSL calls its (aborting) error handler on a bad bracket, so check
     * first; a tie with a neighbour (a maximum half-way between two grid
     * points) skips Brent: the bisection alone handles it.
     */
    if (!(f[best] < fl && f[best] < fu && xl < t[best] && t[best] < xu))
        return nbs_polish(w, xl, xu);
    status = gsl_min_fminimizer_set_with_values(w->fmin, &fn, t[best], f[best],
                                                xl, fl, xu, fu);
    if (status != GSL_SUCCESS)
        return nbs_polish(w, xl, xu);
    for (iter = 0; iter < NBS_MAX_ITER; iter++) {
        status = gsl_min_fminimizer_iterate(w->fmin);
        if (status != GSL_SUCCESS)
            break;
        status =
            gsl_min_test_interval(gsl_min_fminimizer_x_lower(w->fmin),
                                  gsl_min_fminimizer_x_upper(w->fmin),
                                  1e-10 * (fabs(lo) + fabs(hi) + 1.0), 0.0);
        if (status == GSL_SUCCESS)
            break;
    }
    /*
     * Near the maximum the objective is flat to rounding, so Brent's last
     * bracket can miss the maximum by a few of its widths: widen it, and
     * fall back to the grid bracket where the slope says it is not one.
     */
    {
        double a = gsl_min_fminimizer_x_lower(w->fmin);
        double b = gsl_min_fminimizer_x_upper(w->fmin);
        double pad = 4.0 * (b - a) + 1e-9 * (fabs(a) + fabs(b) + 1.0);

        a = fmax(a - pad, xl);
        b = fmin(b + pad, xu);
        if (!(nbs_slope(w, a) > 0.0))
            a = xl;
        if (nbs_slope(w, b) > 0.0)
            b = xu;
        return nbs_polish(w, a, b);
    }
}

static int nbs_unanimous(const nbs_ws *w)
{
    size_t i;

    for (i = 1; i < w->n; i++)
        if (w->x[i] != w->x[0])
            return 0;
    return 1;
}

static dt_status nbs_step(void *ws, dt_error *err)
{
    nbs_ws *w = ws;
    double lo, hi;

    (void)err;
    if (w->round >= 1)
        return DT_OK;
    w->round = 1;
    w->point = NAN;
    /*
     * Unanimity: when every actor wants the same point, that point is
     * the Nash solution for every disagreement point (it maximises each
     * gain at once), so it needs no status quo.
     */
    if (nbs_unanimous(w)) {
        w->point = w->x[0];
        return DT_OK;
    }
    if (!w->has_d || !nbs_feasible(w, &lo, &hi))
        return DT_OK; /* No agreement: NaN, documented in models.md. */
    w->point = nbs_maximise(w, lo, hi);
    return DT_OK;
}

static dt_stop nbs_stop(const void *ws)
{
    return ((const nbs_ws *)ws)->round >= 1 ? DT_STOP_CONVERGED : DT_STOP_NONE;
}

static const double *nbs_positions(const void *ws)
{
    return ((const nbs_ws *)ws)->x;
}

static unsigned nbs_round(const void *ws)
{
    return ((const nbs_ws *)ws)->round;
}

static void nbs_stats(const void *ws, double *mean, double *median)
{
    const nbs_ws *w = ws;

    *mean = w->mean;
    *median = w->median;
}

static void nbs_result(const void *ws, dt_model_result *r)
{
    const nbs_ws *w = ws;

    r->point = w->point;
    r->mean = w->mean;
    r->median = w->median;
    r->stop = nbs_stop(ws);
    r->rounds = w->round;
    r->period = 0;
}

const dt_model_type dt_model_nbs = {
    "nbs",         "Nash bargaining solution, status quo as disagreement point",
    nbs_ws_size,   nbs_init,
    nbs_step,      nbs_stop,
    nbs_positions, nbs_round,
    nbs_stats,     nbs_result,
};
