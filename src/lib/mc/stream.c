/*
 * Bounded memory (docs/analysis.md "Memory"): the draws [n_keep, n_draws)
 * of a sweep are not stored; each is folded, as it finishes, into exact
 * summaries of every column - count, count above 0.5, minimum, maximum,
 * sum, and sum of squares about a fixed centre - and, for drop-each, the
 * sum of |without - with|. The sums are long accumulators: every finite
 * double is an integer multiple of 2^-1126, so a sum of doubles is held
 * exactly as an integer (Kulisch and Miranker 1981, "Computer Arithmetic
 * in Theory and Practice": the exact scalar product's long accumulator),
 * and y^2 is added exactly as p + e with p = fl(y y), e = fma(y, y, -p)
 * (the error-free product of Ogita, Rump and Oishi 2005, "Accurate sum
 * and dot product", SIAM J. Sci. Comput. 26(6), alg. 3.5). The sums are
 * therefore the same integers whatever the order of the draws, the
 * thread count, the split across processes or the resumptions; they are
 * rounded to doubles once, at the end. The streamed draws done are a
 * sorted list of disjoint ranges (one per contiguous run of draws).
 */
#include <math.h>
#include <string.h>

#include "mc/mc_int.h"

#define RADIX ((int64_t)1 << 32)
#define LOW   1126 /* 2^-1126: the unit of the accumulator */

/* ----- The long accumulator. ----- */

void dt__acc_zero(dt__acc *a)
{
    memset(a, 0, sizeof *a);
}

/* floor(v / 2^32), without relying on the shift of a negative number. */
static int64_t floor_digit(int64_t v)
{
    return v >= 0 ? v / RADIX : -((-(v + 1)) / RADIX) - 1;
}

void dt__acc_norm(dt__acc *a)
{
    int64_t c = 0;
    size_t i;

    for (i = 0; i + 1 < DT__ACC_LIMBS; i++) {
        int64_t v = a->limb[i] + c;

        c = floor_digit(v);
        a->limb[i] = v - c * RADIX;
    }
    a->limb[DT__ACC_LIMBS - 1] += c;
    a->pending = 0;
}

static void add_digit(dt__acc *a, size_t i, uint64_t d, int neg)
{
    a->limb[i] += neg ? -(int64_t)d : (int64_t)d;
}

void dt__acc_add(dt__acc *a, double x)
{
    uint64_t u, lo, hi;
    double f;
    int e, neg, off;
    size_t i;
    unsigned sh;

    if (x == 0.0)
        return;
    if (!isfinite(x)) {
        a->nonfinite++;
        return;
    }
    /* x = f 2^e, f in [0.5, 1): u = |f| 2^53 is an integer (also for
     * subnormals), x = +-u 2^(e - 53) with e - 53 >= -1126. */
    f = frexp(x, &e);
    neg = f < 0.0;
    u = (uint64_t)ldexp(neg ? -f : f, 53);
    off = e - 53 + LOW;
    i = (size_t)off / 32;
    sh = (unsigned)off % 32;
    lo = (u & 0xffffffffu) << sh; /* < 2^63 */
    hi = (u >> 32) << sh;         /* < 2^52 */
    add_digit(a, i, lo & 0xffffffffu, neg);
    add_digit(a, i + 1, (lo >> 32) + (hi & 0xffffffffu), neg);
    add_digit(a, i + 2, hi >> 32, neg);
    /* Each limb moved by less than 2^34: 2^28 additions stay far below
     * 2^63. */
    if (++a->pending >= (1u << 28))
        dt__acc_norm(a);
}

void dt__acc_merge(dt__acc *a, dt__acc *b)
{
    size_t i;

    dt__acc_norm(a);
    dt__acc_norm(b);
    for (i = 0; i < DT__ACC_LIMBS; i++)
        a->limb[i] += b->limb[i];
    a->nonfinite += b->nonfinite;
    a->pending = 1;
}

double dt__acc_value(const dt__acc *a)
{
    dt__acc t = *a;
    double r = 0.0;
    int neg, i;

    if (a->nonfinite)
        return NAN;
    dt__acc_norm(&t);
    neg = t.limb[DT__ACC_LIMBS - 1] < 0;
    if (neg) {
        for (i = 0; i < DT__ACC_LIMBS; i++)
            t.limb[i] = -t.limb[i];
        dt__acc_norm(&t);
    }
    /* Most significant digit first: within an ulp or two, and a function
     * of the exact sum only (the canonical digits). */
    for (i = DT__ACC_LIMBS - 1; i >= 0; i--)
        if (t.limb[i])
            r += ldexp((double)t.limb[i], 32 * i - LOW);
    return neg ? -r : r;
}

/* ----- Column summaries. ----- */

static void col_zero(dt__mc_colsum *c)
{
    c->n = c->hits = 0;
    c->min = INFINITY;
    c->max = -INFINITY;
    dt__acc_zero(&c->s1);
    dt__acc_zero(&c->s2);
}

static void col_fold(dt__mc_colsum *c, double x, double shift)
{
    double y, p;

    if (!isfinite(x))
        return;
    c->n++;
    c->hits += x > 0.5;
    if (x < c->min)
        c->min = x;
    if (x > c->max)
        c->max = x;
    y = x - shift;
    p = y * y;
    dt__acc_add(&c->s1, x);
    dt__acc_add(&c->s2, p);
    dt__acc_add(&c->s2, fma(y, y, -p));
}

static void col_merge(dt__mc_colsum *a, dt__mc_colsum *b)
{
    a->n += b->n;
    a->hits += b->hits;
    if (b->min < a->min)
        a->min = b->min;
    if (b->max > a->max)
        a->max = b->max;
    dt__acc_merge(&a->s1, &b->s1);
    dt__acc_merge(&a->s2, &b->s2);
}

static void drop_fold(dt__mc_dropsum *q, double x, double y)
{
    if (isfinite(x) && isfinite(y)) {
        q->n++;
        dt__acc_add(&q->s, fabs(x - y));
    }
}

dt_status dt__mc_stream_alloc(const dt_sweep *s, dt__mc_stream *st)
{
    st->col = dt__alloc(s->alloc, (s->rec + 1) * sizeof *st->col);
    st->drop = dt__alloc(s->alloc, (s->n_drop + 1) * sizeof *st->drop);
    if (!st->col || !st->drop) {
        dt__mc_stream_free(s, st);
        return DT_ENOMEM;
    }
    dt__mc_stream_zero(s, st);
    return DT_OK;
}

void dt__mc_stream_free(const dt_sweep *s, dt__mc_stream *st)
{
    dt__free(s->alloc, st->col, (s->rec + 1) * sizeof *st->col);
    dt__free(s->alloc, st->drop, (s->n_drop + 1) * sizeof *st->drop);
    st->col = NULL;
    st->drop = NULL;
}

void dt__mc_stream_zero(const dt_sweep *s, dt__mc_stream *st)
{
    size_t k;

    for (k = 0; k < s->rec; k++)
        col_zero(&st->col[k]);
    for (k = 0; k < s->n_drop; k++) {
        st->drop[k].n = 0;
        dt__acc_zero(&st->drop[k].s);
    }
}

/* Drop-each column q = (a, i, m) against forecast (i, m), in a record. */
static size_t drop_with(const dt_sweep *s, size_t q)
{
    return s->n_in + q % (s->n_issues * s->n_models);
}

void dt__mc_stream_fold(const dt_sweep *s, dt__mc_stream *st, const double *rec)
{
    size_t k, q;

    for (k = 0; k < s->rec; k++)
        col_fold(&st->col[k], rec[k], s->shift[k]);
    for (q = 0; q < s->n_drop; q++)
        drop_fold(&st->drop[q], rec[s->n_in + s->n_out + q],
                  rec[drop_with(s, q)]);
}

void dt__mc_stream_fold_column(const dt_sweep *s, dt__mc_stream *st, size_t k)
{
    const double *x = dt__mc_col(s, k);
    size_t d;

    for (d = 0; d < s->n_keep; d++)
        if (s->done[d])
            col_fold(&st->col[k], x[d], s->shift[k]);
    if (k >= s->n_in + s->n_out) {
        size_t q = k - s->n_in - s->n_out;
        const double *y = dt__mc_col(s, drop_with(s, q));

        for (d = 0; d < s->n_keep; d++)
            if (s->done[d])
                drop_fold(&st->drop[q], x[d], y[d]);
    }
}

void dt__mc_stream_merge(const dt_sweep *s, dt__mc_stream *a, dt__mc_stream *b)
{
    size_t k;

    for (k = 0; k < s->rec; k++)
        col_merge(&a->col[k], &b->col[k]);
    for (k = 0; k < s->n_drop; k++) {
        a->drop[k].n += b->drop[k].n;
        dt__acc_merge(&a->drop[k].s, &b->drop[k].s);
    }
}

void dt__mc_stream_stats(const dt_sweep *s, const dt__mc_colsum *c, size_t k,
                         dt_sweep_stats *st)
{
    double n = (double)c->n, s1, s2, m1, var, p;
    dt__acc sy;

    st->n = (size_t)c->n;
    st->mean = st->sd = NAN;
    if (c->n == 0)
        return;
    if (c->min == c->max) {
        /* Constant: exactly, not up to rounding. */
        st->mean = c->min;
        st->sd = c->n > 1 ? 0.0 : (double)NAN;
        return;
    }
    /* The mean from the exact sum of x: one rounding. */
    st->mean = fmin(fmax(dt__acc_value(&c->s1) / n, c->min), c->max);
    /* sum (x - c) = sum x - n c, n c subtracted exactly (two-product). */
    sy = c->s1;
    p = s->shift[k] * n;
    dt__acc_add(&sy, -p);
    dt__acc_add(&sy, -fma(s->shift[k], n, -p));
    s1 = dt__acc_value(&sy);
    s2 = dt__acc_value(&c->s2);
    m1 = s1 / n;
    if (c->n > 1) {
        /*
         * sum (y - mean_y)^2 = sum y^2 - n mean_y^2 about the centre: the
         * relative error grows as (mean - centre)^2 / variance, which the
         * centre (the value as written) keeps small.
         */
        var = (s2 - s1 * m1) / (n - 1.0);
        st->sd = var > 0.0 ? sqrt(var) : 0.0;
    }
}

double dt__mc_drop_mean(const dt__mc_dropsum *q)
{
    return q->n ? dt__acc_value(&q->s) / (double)q->n : (double)NAN;
}

/* ----- The streamed draws done: sorted disjoint ranges [a, b). ----- */

int dt__mc_streamed_done(const dt_sweep *s, size_t d)
{
    size_t lo = 0, hi = s->n_rng;

    /* The last range starting at or before d. */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (s->rng[2 * mid] <= d)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > 0 && d < s->rng[2 * (lo - 1) + 1];
}

/* Room for `extra` more ranges. */
static dt_status ranges_reserve(dt_sweep *s, size_t extra)
{
    size_t nc = s->rng_cap ? s->rng_cap : 8, *p;

    while (nc < s->n_rng + extra)
        nc *= 2;
    if (nc == s->rng_cap)
        return DT_OK;
    p = dt__realloc(s->alloc, s->rng, 2 * s->rng_cap * sizeof *p,
                    2 * nc * sizeof *p);
    if (!p)
        return DT_ENOMEM;
    s->rng = p;
    s->rng_cap = nc;
    return DT_OK;
}

dt_status dt__mc_ranges_add(dt_sweep *s, size_t a, size_t b)
{
    size_t k, n;

    if (a >= b)
        return DT_OK;
    if (ranges_reserve(s, 1) != DT_OK)
        return DT_ENOMEM;
    /* Insert in order of start, then merge overlapping or adjacent. */
    for (k = s->n_rng; k > 0 && s->rng[2 * (k - 1)] > a; k--) {
        s->rng[2 * k] = s->rng[2 * (k - 1)];
        s->rng[2 * k + 1] = s->rng[2 * (k - 1) + 1];
    }
    s->rng[2 * k] = a;
    s->rng[2 * k + 1] = b;
    s->n_rng++;
    for (k = 1, n = 1; k < s->n_rng; k++) {
        size_t *last = s->rng + 2 * (n - 1);

        if (s->rng[2 * k] <= last[1]) {
            if (s->rng[2 * k + 1] > last[1])
                last[1] = s->rng[2 * k + 1];
        } else {
            s->rng[2 * n] = s->rng[2 * k];
            s->rng[2 * n + 1] = s->rng[2 * k + 1];
            n++;
        }
    }
    s->n_rng = n;
    for (k = 0, s->n_streamed = 0; k < n; k++)
        s->n_streamed += s->rng[2 * k + 1] - s->rng[2 * k];
    return DT_OK;
}

/* ----- Export and merge (checkpoints, processes). ----- */

#define STREAM_MAGIC UINT64_C(0x6474737472656d31) /* "dtstrem1" */
#define ACC_WORDS    (DT__ACC_LIMBS + 1)
#define COL_WORDS    (4 + 2 * ACC_WORDS)
#define DROP_WORDS   (1 + ACC_WORDS)

size_t dt_sweep_stream_size(const dt_sweep *s)
{
    return 4 + COL_WORDS * s->rec + DROP_WORDS * s->n_drop + 2 * s->n_rng;
}

static uint64_t dbits(double x)
{
    uint64_t u;

    memcpy(&u, &x, sizeof u);
    return u;
}

static double bitsd(uint64_t u)
{
    double x;

    memcpy(&x, &u, sizeof x);
    return x;
}

static uint64_t *put_acc(uint64_t *w, const dt__acc *a)
{
    dt__acc t = *a;
    size_t i;

    dt__acc_norm(&t);
    for (i = 0; i < DT__ACC_LIMBS; i++)
        *w++ = (uint64_t)t.limb[i];
    *w++ = t.nonfinite;
    return w;
}

size_t dt_sweep_stream_get(const dt_sweep *s, uint64_t *buf)
{
    uint64_t *w = buf;
    size_t k;

    *w++ = STREAM_MAGIC;
    *w++ = s->rec;
    *w++ = s->n_drop;
    *w++ = s->n_rng;
    for (k = 0; k < s->rec; k++) {
        const dt__mc_colsum *c = s->st.col ? &s->st.col[k] : NULL;

        *w++ = c ? c->n : 0;
        *w++ = c ? c->hits : 0;
        *w++ = dbits(c ? c->min : (double)INFINITY);
        *w++ = dbits(c ? c->max : -(double)INFINITY);
        if (c) {
            w = put_acc(w, &c->s1);
            w = put_acc(w, &c->s2);
        } else {
            memset(w, 0, 2 * ACC_WORDS * sizeof *w);
            w += 2 * ACC_WORDS;
        }
    }
    for (k = 0; k < s->n_drop; k++) {
        const dt__mc_dropsum *q = s->st.drop ? &s->st.drop[k] : NULL;

        *w++ = q ? q->n : 0;
        if (q)
            w = put_acc(w, &q->s);
        else {
            memset(w, 0, ACC_WORDS * sizeof *w);
            w += ACC_WORDS;
        }
    }
    for (k = 0; k < 2 * s->n_rng; k++)
        *w++ = s->rng[k];
    return (size_t)(w - buf);
}

/* A canonical accumulator (digits in [0, 2^32), a small top), or 0. */
static int get_acc(const uint64_t **w, dt__acc *a)
{
    size_t i;

    for (i = 0; i < DT__ACC_LIMBS; i++) {
        a->limb[i] = (int64_t)(*w)[i];
        if (i + 1 < DT__ACC_LIMBS ? (a->limb[i] < 0 || a->limb[i] >= RADIX)
                                  : (a->limb[i] < -RADIX || a->limb[i] > RADIX))
            return 0;
    }
    if ((*w)[DT__ACC_LIMBS] > UINT32_MAX)
        return 0;
    a->nonfinite = (uint32_t)(*w)[DT__ACC_LIMBS];
    a->pending = 0;
    *w += ACC_WORDS;
    return 1;
}

static dt_status bad_stream(dt_error *err, const char *why)
{
    return dt__error_set(err, DT_EINVAL, "cannot merge streamed draws: %s",
                         why);
}

dt_status dt_sweep_stream_merge(dt_sweep *s, const uint64_t *buf, size_t n,
                                dt_error *err)
{
    const uint64_t *w = buf, *rng;
    dt__mc_stream in = {NULL, NULL};
    size_t k, nr;
    dt_status rc = DT_OK;

    if (n < 4 || buf[0] != STREAM_MAGIC || buf[1] != s->rec ||
        buf[2] != s->n_drop)
        return bad_stream(err, "not the streamed draws of this sweep");
    nr = (size_t)buf[3];
    if (nr > n / 2 ||
        n != 4 + COL_WORDS * s->rec + DROP_WORDS * s->n_drop + 2 * nr)
        return bad_stream(err, "wrong size");
    rng = buf + n - 2 * nr;
    for (k = 0; k < nr; k++) {
        size_t a = (size_t)rng[2 * k], b = (size_t)rng[2 * k + 1], d;

        if (a >= b || a < s->n_keep || b > s->n_draws ||
            (k && a <= rng[2 * k - 1]))
            return bad_stream(err, "draw ranges out of order or of range");
        for (d = 0; d < s->n_rng; d++)
            if (a < s->rng[2 * d + 1] && s->rng[2 * d] < b)
                return bad_stream(err, "some draws would count twice");
    }
    if (!nr)
        return DT_OK;
    if (!s->st.col)
        return bad_stream(err, "this sweep keeps every draw");
    if (ranges_reserve(s, nr) != DT_OK || dt__mc_stream_alloc(s, &in) != DT_OK)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    w += 4;
    for (k = 0; k < s->rec && rc == DT_OK; k++) {
        dt__mc_colsum *c = &in.col[k];

        c->n = w[0];
        c->hits = w[1];
        c->min = bitsd(w[2]);
        c->max = bitsd(w[3]);
        w += 4;
        if (!get_acc(&w, &c->s1) || !get_acc(&w, &c->s2) || c->hits > c->n)
            rc = bad_stream(err, "damaged sums");
    }
    for (k = 0; k < s->n_drop && rc == DT_OK; k++) {
        in.drop[k].n = *w++;
        if (!get_acc(&w, &in.drop[k].s))
            rc = bad_stream(err, "damaged sums");
    }
    /* Room was reserved: adding the ranges cannot fail now. */
    for (k = 0; rc == DT_OK && k < nr; k++)
        (void)dt__mc_ranges_add(s, (size_t)rng[2 * k], (size_t)rng[2 * k + 1]);
    if (rc == DT_OK)
        dt__mc_stream_merge(s, &s->st, &in);
    dt__mc_stream_free(s, &in);
    return rc;
}
