/*
 * One-at-a-time (OAT) sensitivities of a planned sweep: each uncertain
 * input is moved alone to its low and then its high end, every other
 * input held at its value as written, and every result is recorded; the
 * inputs are ranked per result by their swing. This is the "tornado
 * diagram" of decision analysis (Howard 1988, "Decision analysis:
 * practice and promise", Management Science 34(6); Saltelli et al.
 * 2008, "Global Sensitivity Analysis: The Primer", ch. 1.2.1 on OAT and
 * its limits: it misses interactions, which the sweep's Spearman
 * influence does not).
 *
 * Ends: an input with a range (uniform) goes to the ends of its range;
 * an input with a standard deviation goes to the 5 % and 95 % quantiles
 * of its (truncated) normal, value -/+ 1.645 sd when the truncation is
 * far: the same 5-95 % span the sweep table reports; an input drawn from
 * analysts' estimates (estimates.h) to the 5 % and 95 % quantiles of
 * their mixture.
 *
 * Swing of input j on result k: max - min of {as written, at low, at
 * high} over the finite ones (NaN when fewer than two are finite, e.g.
 * no deal at either end; 0 below 1e-9 relative, rounding noise): the width of
 * its tornado bar, |high - low| when the result moves monotonically. Ranked
 * largest first, NaN last, ties in input order.
 *
 * The 2 n_in runs are spread over the sweep's workers (dt__parallel_for):
 * each run writes only its own slots and resets its worker's scenario
 * copy to the values as written first, so the result is the same bits
 * whatever the worker count (HOUSE_STYLE 6). See docs/analysis.md
 * "One at a time".
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mc/mc_int.h"
#include "platform/parallel.h"

struct dt_oat {
    dt_sweep *s;
    const dt_allocator *alloc;
    size_t n_in, n_out;
    double *end;   /* n_in x 2: low, high value of each input */
    double *res;   /* n_in x 2 x n_out: results at each end */
    double *swing; /* n_out x n_in */
    size_t *rank;  /* n_out x n_in */
    double *rec;   /* n_ws records of scratch */
};

#define OAT_P_LO 0.05
#define OAT_P_HI 0.95

/* The low (hi = 0) or high end of input in. */
static double end_of(const dt_sweep_input *in, int hi)
{
    if (in->dist == DT_SPREAD_UNIFORM)
        return hi ? in->hi : in->lo;
    return dt__mc_sample(in, hi ? OAT_P_HI : OAT_P_LO);
}

static void run_one(void *ctx, unsigned worker, size_t t)
{
    dt_oat *o = ctx;
    dt_sweep *s = o->s;
    dt__mc_ws *w = &s->ws[worker];
    double *rec = o->rec + (size_t)worker * s->rec;
    size_t j = t / 2, k;
    dt_error e;

    for (k = 0; k < s->n_in; k++) {
        w->val[k] = k == j ? o->end[t] : s->in[k].value;
        (void)dt_scenario_slot_set(w->sc, s->in[k].slot, w->val[k], NULL);
    }
    if (dt__mc_eval(s, w, rec, &e) != DT_OK) {
        if (t < w->err_draw) {
            w->err_draw = t;
            w->err = e;
        }
    } else {
        memcpy(o->res + t * s->n_out, rec + s->n_in, s->n_out * sizeof *rec);
    }
    if (s->analysis && t + s->n_ws >= 2 * s->n_in)
        dt_analysis_thread_end();
}

struct keyed {
    double key;
    size_t j;
};

static int by_swing(const void *pa, const void *pb)
{
    const struct keyed *a = pa, *b = pb;

    if (a->key != b->key)
        return a->key > b->key ? -1 : 1;
    return a->j < b->j ? -1 : a->j > b->j;
}

static double swing_of(double b, double lo, double hi)
{
    double v[3] = {b, lo, hi}, mn = INFINITY, mx = -INFINITY;
    int i, n = 0;

    for (i = 0; i < 3; i++)
        if (isfinite(v[i])) {
            mn = fmin(mn, v[i]);
            mx = fmax(mx, v[i]);
            n++;
        }
    if (n < 2)
        return NAN;
    /* Rounding noise of an unmoved result is no swing. */
    return mx - mn <= 1e-9 * (1.0 + fmax(fabs(mx), fabs(mn))) ? 0.0 : mx - mn;
}

static void rank_all(dt_oat *o, struct keyed *kk)
{
    size_t k, j;

    for (k = 0; k < o->n_out; k++) {
        double b = dt_sweep_output_base(o->s, k);

        for (j = 0; j < o->n_in; j++) {
            double sw = swing_of(b, o->res[(2 * j) * o->n_out + k],
                                 o->res[(2 * j + 1) * o->n_out + k]);

            o->swing[k * o->n_in + j] = sw;
            kk[j].key = isnan(sw) ? -1.0 : sw;
            kk[j].j = j;
        }
        qsort(kk, o->n_in, sizeof *kk, by_swing);
        for (j = 0; j < o->n_in; j++)
            o->rank[k * o->n_in + j] = kk[j].j;
    }
}

void dt_oat_free(dt_oat *o)
{
    const dt_allocator *al;
    size_t ni, no;

    if (!o)
        return;
    al = o->alloc;
    ni = o->n_in + 1;
    no = o->n_out + 1;
    dt__free(al, o->end, 2 * ni * sizeof *o->end);
    dt__free(al, o->res, 2 * ni * no * sizeof *o->res);
    dt__free(al, o->swing, ni * no * sizeof *o->swing);
    dt__free(al, o->rank, ni * no * sizeof *o->rank);
    dt__free(al, o->rec, ((size_t)o->s->n_ws * o->s->rec + 1) * sizeof *o->rec);
    dt__free(al, o, sizeof *o);
}

dt_status dt_sweep_oat(dt_sweep *s, dt_oat **out, dt_error *err)
{
    dt_oat *o;
    struct keyed *kk;
    size_t j, ni, no, first = SIZE_MAX;
    unsigned w, wf = 0;

    *out = NULL;
    o = dt__calloc(s->alloc, 1, sizeof *o);
    if (!o)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    o->s = s;
    o->alloc = s->alloc;
    o->n_in = s->n_in;
    o->n_out = s->n_out;
    ni = o->n_in + 1;
    no = o->n_out + 1;
    o->end = dt__calloc(s->alloc, 2 * ni, sizeof *o->end);
    o->res = dt__calloc(s->alloc, 2 * ni * no, sizeof *o->res);
    o->swing = dt__calloc(s->alloc, ni * no, sizeof *o->swing);
    o->rank = dt__calloc(s->alloc, ni * no, sizeof *o->rank);
    o->rec = dt__calloc(s->alloc, (size_t)s->n_ws * s->rec + 1, sizeof *o->rec);
    kk = dt__alloc(s->alloc, ni * sizeof *kk);
    if (!o->end || !o->res || !o->swing || !o->rank || !o->rec || !kk) {
        dt__free(s->alloc, kk, ni * sizeof *kk);
        dt_oat_free(o);
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    for (j = 0; j < s->n_in; j++) {
        o->end[2 * j] = end_of(&s->in[j], 0);
        o->end[2 * j + 1] = end_of(&s->in[j], 1);
    }
    for (w = 0; w < s->n_ws; w++)
        s->ws[w].err_draw = SIZE_MAX;
    dt__parallel_for(s->n_ws, 2 * s->n_in, run_one, o);
    for (w = 0; w < s->n_ws; w++)
        if (s->ws[w].err_draw < first) {
            first = s->ws[w].err_draw;
            wf = w;
        }
    if (first != SIZE_MAX) {
        dt_status rc = s->ws[wf].err.code;

        if (err)
            *err = s->ws[wf].err;
        dt__free(s->alloc, kk, ni * sizeof *kk);
        dt_oat_free(o);
        return rc;
    }
    rank_all(o, kk);
    dt__free(s->alloc, kk, ni * sizeof *kk);
    *out = o;
    return DT_OK;
}

const dt_sweep *dt_oat_sweep(const dt_oat *o)
{
    return o->s;
}

double dt_oat_value(const dt_oat *o, size_t j, int high)
{
    return j < o->n_in ? o->end[2 * j + (high != 0)] : (double)NAN;
}

double dt_oat_result(const dt_oat *o, size_t k, size_t j, int high)
{
    if (k >= o->n_out || j >= o->n_in)
        return NAN;
    return o->res[(2 * j + (high != 0)) * o->n_out + k];
}

double dt_oat_swing(const dt_oat *o, size_t k, size_t j)
{
    if (k >= o->n_out || j >= o->n_in)
        return NAN;
    return o->swing[k * o->n_in + j];
}

const size_t *dt_oat_rank(const dt_oat *o, size_t k)
{
    return k < o->n_out ? o->rank + k * o->n_in : NULL;
}
