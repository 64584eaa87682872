/*
 * The backtest's measurement-error model (docs/accuracy.md, "Measurement
 * error"): a copy of the DEU data set whose coded positions and
 * saliences are drawn around the coded values, so that every forecast
 * made on the copies has a distribution. DEU's positions and saliences
 * are expert judgements from interviews (Thomson and Stokman 2006, ch. 2
 * of Thomson et al. 2006, on how they were measured), so they carry
 * judgement error; the spreads are the sweep's defaults, chosen, not
 * estimated from any published reliability figure.
 */
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "backtest/backtest_int.h"

/*
 * One draw of normal(v, sd) truncated to [0, 100] by inversion from the
 * uniform u in (0, 1): v + sd Phi^-1(Phi(a) + u (Phi(b) - Phi(a))),
 * a = -v / sd, b = (100 - v) / sd (Devroye 1986, II.2), the distribution
 * the sweep draws from (mc/draw.c), without a point mass at the bounds.
 */
static double trunc_normal(double v, double sd, double u)
{
    double pa, pb, x;

    if (!(sd > 0.0))
        return v;
    pa = gsl_cdf_ugaussian_P((0.0 - v) / sd);
    pb = gsl_cdf_ugaussian_P((100.0 - v) / sd);
    x = v + sd * gsl_cdf_ugaussian_Pinv(pa + u * (pb - pa));
    /* Rounding at the extremes may step just outside. */
    return x < 0.0 ? 0.0 : x > 100.0 ? 100.0 : x;
}

/* u in (0, 1): 53 random bits, centred, never 0 or 1. */
static double open_uniform(dt_rng *r)
{
    return ((double)(dt_rng_next(r) >> 11) + 0.5) * 0x1.0p-53;
}

dt_status dt__backtest_perturbed(const dt_deu *d, uint64_t seed, size_t draw,
                                 double ps, double ss, dt_deu **out,
                                 dt_error *err)
{
    const dt_allocator *a = d->alloc;
    size_t i, k, tot = 0, at = 0;
    dt_deu *p;
    double *buf;
    dt_rng r;

    *out = NULL;
    for (i = 0; i < d->n_issues; i++)
        tot += d->issues[i].n;
    p = dt__calloc(a, 1, sizeof *p);
    if (!p)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    /* The copy shares d's strings but never its arena (never released). */
    *p = *d;
    memset(&p->arena, 0, sizeof p->arena);
    p->draw_n = 2 * tot;
    p->issues = dt__backtest_calloc(a, d->n_issues, sizeof *p->issues);
    buf = dt__backtest_calloc(a, 2 * tot, sizeof *buf);
    if (!p->issues || !buf) {
        dt__backtest_free(a, p->issues, d->n_issues, sizeof *p->issues);
        dt__backtest_free(a, buf, 2 * tot, sizeof *buf);
        dt__free(a, p, sizeof *p);
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    /* In file order, position then salience: one uniform each. */
    dt_rng_stream(&r, seed ^ 0x64726177ULL, draw); /* "draw" */
    for (i = 0; i < d->n_issues; i++) {
        const dt_deu_issue *is = &d->issues[i];
        double *x = buf + at, *s = buf + tot + at;

        p->issues[i] = *is;
        for (k = 0; k < is->n; k++) {
            x[k] = trunc_normal(is->x[k], ps, open_uniform(&r));
            s[k] = trunc_normal(is->s[k], ss, open_uniform(&r));
        }
        p->issues[i].x = x;
        p->issues[i].s = s;
        at += is->n;
    }
    p->draw_buf = buf;
    *out = p;
    return DT_OK;
}

void dt__backtest_perturbed_free(dt_deu *p)
{
    if (!p)
        return;
    dt__backtest_free(p->alloc, p->draw_buf, p->draw_n, sizeof(double));
    dt__backtest_free(p->alloc, p->issues, p->n_issues, sizeof *p->issues);
    dt__free(p->alloc, p, sizeof *p);
}
