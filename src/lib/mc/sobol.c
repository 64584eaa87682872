/*
 * Variance decomposition: first-order and total Sobol indices with the
 * sampling design of Saltelli et al. (2010, Comput. Phys. Commun.
 * 181:259-270): matrices A, B and A_B^(i); first order by their Table 2
 * estimator (b), (1/N) sum f(B) (f(A_B^i) - f(A)); total by Jansen's
 * (1999, Comput. Phys. Commun. 117:35-43) estimator (f),
 * (1/2N) sum (f(A) - f(A_B^i))^2; both divided by the variance V of the
 * 2N outputs of A and B. Percentile bootstrap intervals over the base
 * rows (Efron and Tibshirani 1993, "An Introduction to the Bootstrap",
 * ch. 13). See include/detente/sobol.h and docs/sobol.md.
 *
 * Determinism: base row r takes its uniforms from dt_rng_stream(seed, r)
 * and writes only its own slots; the sums run in row order after the
 * workers join (HOUSE_STYLE 6).
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "mc/sobol_int.h"
#include "platform/parallel.h"

/* ----- Engine ----- */

struct eng {
    dt_sobol *s;
    dt_sobol_fn f;
    void *ctx;
    void (*worker_end)(void); /* after a worker's last row, or NULL */
    unsigned n_ws;
    size_t base, count; /* the base rows [base, base + count) */
    double *scratch;    /* n_ws x 3 kin: A row, B row, A_B^i row */
    size_t *err_row;    /* n_ws */
    dt_error *errs;     /* n_ws */
};

/* Uniform in (0, 1): 53 random bits, centred (as the sweep's draw.c). */
static double unif(dt_rng *r)
{
    return ((double)(dt_rng_next(r) >> 11) + 0.5) * 0x1.0p-53;
}

static void row(void *ctx, unsigned worker, size_t t)
{
    struct eng *e = ctx;
    dt_sobol *s = e->s;
    size_t r = e->base + t;
    size_t k = s->kin, m = s->m, i, j;
    double *a = e->scratch + (size_t)worker * 3 * k, *b = a + k, *ab = b + k;
    dt_error err;
    dt_status rc;
    dt_rng g;

    dt_rng_stream(&g, s->o.seed, r);
    for (j = 0; j < k; j++)
        a[j] = unif(&g);
    for (j = 0; j < k; j++)
        b[j] = unif(&g);
    rc = e->f(e->ctx, worker, a, s->fa + r * m, &err);
    if (rc == DT_OK)
        rc = e->f(e->ctx, worker, b, s->fb + r * m, &err);
    for (i = 0; rc == DT_OK && i < s->k; i++) {
        memcpy(ab, a, k * sizeof *ab);
        if (s->grp) { /* group i: all of its inputs from B */
            for (j = 0; j < k; j++)
                if (s->grp[j] == i)
                    ab[j] = b[j];
        } else
            ab[i] = b[i];
        rc = e->f(e->ctx, worker, ab, s->fab + (i * s->n + r) * m, &err);
    }
    if (rc != DT_OK && r < e->err_row[worker]) {
        e->err_row[worker] = r;
        e->errs[worker] = err;
    }
    if (e->worker_end && t + e->n_ws >= e->count)
        e->worker_end();
}

/* Type 7 quantile of sorted x[0..n). */
static double q7(const double *x, size_t n, double p)
{
    double h = (double)(n - 1) * p, f = floor(h);
    size_t lo = (size_t)f;

    if (lo + 1 >= n)
        return x[n - 1];
    return x[lo] + (h - f) * (x[lo + 1] - x[lo]);
}

static int cmp_dbl(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;

    return (a > b) - (a < b);
}

/* Whether every value of row r is finite for output o. */
static int row_ok(const dt_sobol *s, size_t r, size_t o)
{
    size_t i;

    if (!isfinite(s->fa[r * s->m + o]) || !isfinite(s->fb[r * s->m + o]))
        return 0;
    for (i = 0; i < s->k; i++)
        if (!isfinite(s->fab[(i * s->n + r) * s->m + o]))
            return 0;
    return 1;
}

/*
 * Indices of output o over the rows idx[0..nr) (repeats allowed): V and,
 * for every input, S_i and ST_i into first[i], total[i] (NaN when V is 0
 * or fewer than 2 rows). f(B) is centred on the mean of the 2N values of
 * f(A) and f(B) in the first-order sum (as SALib standardises outputs):
 * E[f(A_B^i) - f(A)] = 0, so the expectation is unchanged, but the
 * estimator no longer grows noisier with the output's mean (a forecast
 * near 50 with a spread of 5 would otherwise need ~100x the rows).
 */
static double indices(const dt_sobol *s, size_t o, const size_t *idx, size_t nr,
                      double *first, double *total)
{
    size_t m = s->m, t, i;
    double mean = 0.0, v = 0.0;

    if (nr < 2) {
        for (i = 0; i < s->k; i++)
            first[i] = total[i] = NAN;
        return NAN;
    }
    for (t = 0; t < nr; t++)
        mean += s->fa[idx[t] * m + o] + s->fb[idx[t] * m + o];
    mean /= 2.0 * (double)nr;
    for (t = 0; t < nr; t++) {
        double da = s->fa[idx[t] * m + o] - mean;
        double db = s->fb[idx[t] * m + o] - mean;

        v += da * da + db * db;
    }
    v /= 2.0 * (double)nr;
    /*
     * A spread at the level of rounding (sd below 1e-12 of the output's
     * size) is no variance to decompose: a surplus that is 0 in exact
     * arithmetic but 1e-15 in floating point would otherwise get indices.
     */
    if (v <= 1e-24 * (1.0 + mean * mean))
        v = 0.0;
    for (i = 0; i < s->k; i++) {
        double s1 = 0.0, st = 0.0;

        for (t = 0; t < nr; t++) {
            size_t r = idx[t];
            double fa = s->fa[r * m + o], fb = s->fb[r * m + o];
            double fab = s->fab[(i * s->n + r) * m + o];

            s1 += (fb - mean) * (fab - fa);
            st += (fa - fab) * (fa - fab);
        }
        if (v > 0.0) {
            first[i] = s1 / (double)nr / v;
            total[i] = st / (2.0 * (double)nr) / v;
        } else {
            first[i] = total[i] = NAN;
        }
    }
    return v;
}

/* Rank inputs of output o by total index, largest first, NaN last. */
static void rank_output(dt_sobol *s, size_t o)
{
    size_t *rk = s->rank + o * s->k, a, b;

    for (a = 0; a < s->k; a++)
        rk[a] = a;
    /* Insertion sort: stable, k is small. */
    for (a = 1; a < s->k; a++) {
        size_t x = rk[a];
        double vx = s->total[o * s->k + x].est;

        for (b = a; b > 0; b--) {
            double vb = s->total[o * s->k + rk[b - 1]].est;

            if (isnan(vx) || (!isnan(vb) && vb >= vx))
                break;
            rk[b] = rk[b - 1];
        }
        rk[b] = x;
    }
}

dt_status dt__sobol_summarise(dt_sobol *s, dt_error *err)
{
    size_t k = s->k, n = s->n, nb = s->o.n_boot, o, r, b, i;
    size_t sz_idx = (n + 1) * sizeof(size_t), sz_bi = (n + 1) * sizeof(size_t);
    size_t sz_bs = (nb * k * 2 + 1) * sizeof(double);
    size_t sz_t = (2 * k + 1) * sizeof(double);
    size_t sz_q = (nb + 1) * sizeof(double);
    size_t *idx = dt__alloc(s->alloc, sz_idx);
    size_t *bi = dt__alloc(s->alloc, sz_bi);
    double *bs = dt__alloc(s->alloc, sz_bs);
    double *tmp = dt__alloc(s->alloc, sz_t);
    double *qs = dt__alloc(s->alloc, sz_q);
    double alpha = (1.0 - s->o.level) / 2.0;
    dt_status rc = DT_OK;

    if (!idx || !bi || !bs || !tmp || !qs) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    for (o = 0; o < s->m; o++) {
        size_t nr = 0;

        for (r = 0; r < n; r++)
            if (row_ok(s, r, o))
                idx[nr++] = r;
        s->used[o] = nr;
        s->var[o] = indices(s, o, idx, nr, tmp, tmp + k);
        for (i = 0; i < k; i++) {
            s->first[o * k + i].est = tmp[i];
            s->total[o * k + i].est = tmp[k + i];
            s->first[o * k + i].lo = s->first[o * k + i].hi = NAN;
            s->total[o * k + i].lo = s->total[o * k + i].hi = NAN;
        }
        for (b = 0; nr >= 2 && b < nb; b++) {
            dt_rng g;
            size_t t;

            dt_rng_stream(&g, s->o.seed ^ DT_SOBOL_BOOT_KEY, b);
            for (t = 0; t < nr; t++)
                bi[t] = idx[dt_rng_below(&g, nr)];
            (void)indices(s, o, bi, nr, bs + b * 2 * k, bs + b * 2 * k + k);
        }
        for (i = 0; nr >= 2 && nb && i < 2 * k; i++) {
            size_t c = 0;
            dt_sobol_est *e =
                i < k ? &s->first[o * k + i] : &s->total[o * k + i - k];

            for (b = 0; b < nb; b++)
                if (!isnan(bs[b * 2 * k + i]))
                    qs[c++] = bs[b * 2 * k + i];
            if (c == 0)
                continue;
            qsort(qs, c, sizeof *qs, cmp_dbl);
            e->lo = q7(qs, c, alpha);
            e->hi = q7(qs, c, 1.0 - alpha);
        }
        rank_output(s, o);
    }
out:
    dt__free(s->alloc, idx, sz_idx);
    dt__free(s->alloc, bi, sz_bi);
    dt__free(s->alloc, bs, sz_bs);
    dt__free(s->alloc, tmp, sz_t);
    dt__free(s->alloc, qs, sz_q);
    return rc;
}

dt_status dt__sobol_check(size_t k, size_t m, const dt_sobol_opts *o,
                          dt_error *err)
{
    if (k < 1 || m < 1)
        return dt__error_set(err, DT_EINVAL,
                             "Sobol indices need at least one input and one "
                             "output (got %zu and %zu)",
                             k, m);
    if (o->n_base < 2)
        return dt__error_set(err, DT_EINVAL,
                             "Sobol indices need at least 2 base rows, got %zu",
                             o->n_base);
    if (!(o->level > 0.0 && o->level < 1.0))
        return dt__error_set(err, DT_EINVAL,
                             "the confidence level must be in (0, 1), got %g",
                             o->level);
    /* fab holds k n m doubles; bootstrap 2 k n_boot. */
    if (k > SIZE_MAX / 16 / (k + 2) / o->n_base / m ||
        o->n_boot > SIZE_MAX / 16 / k / 2)
        return dt__error_set(err, DT_ENOMEM,
                             "%zu base rows of %zu inputs and %zu outputs are "
                             "too many to hold in memory",
                             o->n_base, k, m);
    return DT_OK;
}

/* A grouping: every input in a group below n_groups, no group empty. */
dt_status dt__sobol_check_groups(size_t kin, const size_t *g, size_t ng,
                                 dt_error *err)
{
    size_t j, q;

    if (!g)
        return DT_OK;
    if (ng < 1 || ng > kin)
        return dt__error_set(err, DT_EINVAL,
                             "%zu groups for %zu inputs: expected 1 to %zu", ng,
                             kin, kin);
    for (j = 0; j < kin; j++)
        if (g[j] >= ng)
            return dt__error_set(err, DT_EINVAL,
                                 "input %zu is in group %zu of %zu", j, g[j],
                                 ng);
    for (q = 0; q < ng; q++) {
        for (j = 0; j < kin && g[j] != q; j++)
            ;
        if (j == kin)
            return dt__error_set(err, DT_EINVAL, "group %zu has no input", q);
    }
    return DT_OK;
}

/*
 * The result for kin inputs and m outputs; indices of o->n_groups groups
 * when o->group is given (copied), else of the kin inputs.
 */
dt_sobol *dt__sobol_alloc(size_t kin, size_t m, const dt_sobol_opts *o,
                          const dt_allocator *al)
{
    dt_sobol *s = dt__calloc(al, 1, sizeof *s);
    size_t n = o->n_base, k = o->group ? o->n_groups : kin;

    if (!s)
        return NULL;
    s->alloc = al;
    s->o = *o;
    s->o.group = NULL; /* borrowed: not kept */
    s->kin = kin;
    if (o->group) {
        s->grp = dt__alloc(al, kin * sizeof *s->grp);
        if (!s->grp) {
            dt__free(al, s, sizeof *s);
            return NULL;
        }
        memcpy(s->grp, o->group, kin * sizeof *s->grp);
    }
    s->k = k;
    s->m = m;
    s->n = n;
    s->fa = dt__alloc(al, n * m * sizeof *s->fa);
    s->fb = dt__alloc(al, n * m * sizeof *s->fb);
    s->fab = dt__alloc(al, k * n * m * sizeof *s->fab);
    s->var = dt__alloc(al, m * sizeof *s->var);
    s->used = dt__alloc(al, m * sizeof *s->used);
    s->first = dt__alloc(al, m * k * sizeof *s->first);
    s->total = dt__alloc(al, m * k * sizeof *s->total);
    s->rank = dt__alloc(al, m * k * sizeof *s->rank);
    if (!s->fa || !s->fb || !s->fab || !s->var || !s->used || !s->first ||
        !s->total || !s->rank) {
        dt_sobol_free(s);
        return NULL;
    }
    return s;
}

/* The base rows [b, e) of s (errors: the first in row order). */
dt_status dt__sobol_run_rows(dt_sobol *s, dt_sobol_fn f, void *ctx,
                             void (*worker_end)(void), size_t rb, size_t re,
                             dt_error *err)
{
    struct eng e;
    unsigned w, n_ws = s->o.threads ? s->o.threads : 1;
    size_t first = SIZE_MAX, sz_sc, wf = 0;
    dt_status rc;

    if (n_ws > 64)
        n_ws = 64;
    if (n_ws > re - rb)
        n_ws = (unsigned)(re - rb);
    if (n_ws < 1)
        return DT_OK; /* no row */
    e.base = rb;
    e.count = re - rb;
    sz_sc = (size_t)n_ws * 3 * s->kin * sizeof *e.scratch;
    e.s = s;
    e.f = f;
    e.ctx = ctx;
    e.worker_end = worker_end;
    e.n_ws = n_ws;
    e.scratch = dt__alloc(s->alloc, sz_sc);
    e.err_row = dt__alloc(s->alloc, n_ws * sizeof *e.err_row);
    e.errs = dt__alloc(s->alloc, n_ws * sizeof *e.errs);
    if (!e.scratch || !e.err_row || !e.errs) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    for (w = 0; w < n_ws; w++)
        e.err_row[w] = SIZE_MAX;
    dt__parallel_for(n_ws, re - rb, row, &e);
    for (w = 0; w < n_ws; w++)
        if (e.err_row[w] < first) {
            first = e.err_row[w];
            wf = w;
        }
    if (first != SIZE_MAX) {
        if (err)
            *err = e.errs[wf];
        rc = e.errs[wf].code;
        goto out;
    }
    rc = DT_OK;
out:
    dt__free(s->alloc, e.scratch, sz_sc);
    dt__free(s->alloc, e.err_row, n_ws * sizeof *e.err_row);
    dt__free(s->alloc, e.errs, n_ws * sizeof *e.errs);
    return rc;
}

dt_status dt_sobol_run(size_t k, size_t m, dt_sobol_fn f, void *ctx,
                       const dt_sobol_opts *opts, const dt_allocator *alloc,
                       dt_sobol **out, dt_error *err)
{
    dt_sobol *s;
    dt_status rc;

    *out = NULL;
    if (!f)
        return dt__error_set(err, DT_EINVAL, "no model function given");
    rc = dt__sobol_check(k, m, opts, err);
    if (rc == DT_OK)
        rc = dt__sobol_check_groups(k, opts->group, opts->n_groups, err);
    if (rc != DT_OK)
        return rc;
    s = dt__sobol_alloc(k, m, opts, alloc);
    if (!s)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    rc = dt__sobol_run_rows(s, f, ctx, NULL, 0, s->n, err);
    if (rc == DT_OK)
        rc = dt__sobol_summarise(s, err);
    if (rc != DT_OK) {
        dt_sobol_free(s);
        return rc;
    }
    *out = s;
    return DT_OK;
}

void dt_sobol_free(dt_sobol *s)
{
    const dt_allocator *al;
    size_t n, m, k;

    if (!s)
        return;
    al = s->alloc;
    if (s->scx)
        s->scx_free(al, s->scx);
    n = s->n;
    m = s->m;
    k = s->k;
    dt__free(al, s->fa, n * m * sizeof *s->fa);
    dt__free(al, s->fb, n * m * sizeof *s->fb);
    dt__free(al, s->fab, k * n * m * sizeof *s->fab);
    dt__free(al, s->var, m * sizeof *s->var);
    dt__free(al, s->used, m * sizeof *s->used);
    dt__free(al, s->first, m * k * sizeof *s->first);
    dt__free(al, s->total, m * k * sizeof *s->total);
    dt__free(al, s->rank, m * k * sizeof *s->rank);
    if (s->grp)
        dt__free(al, s->grp, s->kin * sizeof *s->grp);
    for (n = 0; s->gname && n < k; n++)
        if (s->gname[n])
            dt__free(al, s->gname[n], strlen(s->gname[n]) + 1);
    if (s->gname)
        dt__free(al, s->gname, k * sizeof *s->gname);
    for (n = 0; s->olabel && n < s->n_olabel; n++)
        if (s->olabel[n])
            dt__free(al, s->olabel[n], strlen(s->olabel[n]) + 1);
    if (s->olabel)
        dt__free(al, s->olabel, s->n_olabel * sizeof *s->olabel);
    dt_sweep_free(s->sweep);
    dt__free(al, s, sizeof *s);
}

/* ----- Accessors ----- */

const char *dt_sobol_group_by_name(dt_sobol_group_by g)
{
    static const char *const name[] = {"input", "actor", "issue", "source",
                                       "model"};

    return (unsigned)g < sizeof name / sizeof *name ? name[g] : NULL;
}

size_t dt_sobol_n_inputs(const dt_sobol *s)
{
    return s->k;
}

const char *dt_sobol_input_label(const dt_sobol *s, size_t j)
{
    if (!s || j >= s->k)
        return NULL;
    if (s->gname)
        return s->gname[j];
    if (s->sweep && !s->grp)
        return dt_sweep_get_input(s->sweep, j)->label;
    return NULL;
}

size_t dt_sobol_n_outputs(const dt_sobol *s)
{
    return s->m;
}

const char *dt_sobol_output_label(const dt_sobol *s, size_t o)
{
    size_t n_sw;

    if (!s || !s->sweep || o >= s->m)
        return NULL;
    n_sw = dt_sweep_n_outputs(s->sweep);
    if (o < n_sw)
        return dt_sweep_get_output(s->sweep, o)->label;
    return o - n_sw < s->n_olabel ? s->olabel[o - n_sw] : NULL;
}

const dt_sobol_opts *dt_sobol_get_opts(const dt_sobol *s)
{
    return &s->o;
}

size_t dt_sobol_n_runs(const dt_sobol *s)
{
    return s->n * (s->k + 2);
}

const dt_sweep *dt_sobol_sweep(const dt_sobol *s)
{
    return s->sweep;
}

double dt_sobol_variance(const dt_sobol *s, size_t o)
{
    return o < s->m ? s->var[o] : (double)NAN;
}

size_t dt_sobol_n_used(const dt_sobol *s, size_t o)
{
    return o < s->m ? s->used[o] : 0;
}

static const dt_sobol_est nan_est = {NAN, NAN, NAN};

const dt_sobol_est *dt_sobol_first(const dt_sobol *s, size_t o, size_t j)
{
    return o < s->m && j < s->k ? &s->first[o * s->k + j] : &nan_est;
}

const dt_sobol_est *dt_sobol_total(const dt_sobol *s, size_t o, size_t j)
{
    return o < s->m && j < s->k ? &s->total[o * s->k + j] : &nan_est;
}

const size_t *dt_sobol_rank(const dt_sobol *s, size_t o)
{
    return o < s->m ? s->rank + o * s->k : NULL;
}
