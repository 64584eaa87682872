/*
 * The case backtest (cases.h; docs/accuracy.md, "Backtest across
 * cases"): every model forecasts every scenario that records what
 * happened, scored per issue (score.h); the analysis's zone verdict is
 * set against outcome.agreement, its durability score and the exclusion
 * of stakeholders against outcome.held. Rates get Clopper-Pearson
 * intervals and 2x2 tables Fisher's exact test (exact.c); means over
 * cases get a percentile bootstrap over cases (Efron and Tibshirani
 * 1993, ch. 13).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detente/analysis.h"
#include "detente/cases.h"
#include "detente/forecast.h"
#include "detente/rng.h"
#include "detente/score.h"
#include "internal.h"

/* The static copy of a model name (the forecast's own dies with it). */
static const char *static_name(const char *name)
{
    const char *const *p;

    for (p = dt_forecast_model_names(); *p; p++)
        if (strcmp(*p, name) == 0)
            return *p;
    return "?";
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

/* Quantile q of sorted v[0..n) with linear interpolation (type 7). */
static double quantile(const double *v, size_t n, double q)
{
    double h;
    size_t k;

    if (n == 0)
        return NAN;
    h = q * (double)(n - 1);
    k = (size_t)floor(h);
    if (k + 1 >= n)
        return v[n - 1];
    return v[k] + (h - (double)k) * (v[k + 1] - v[k]);
}

/*
 * Percentile bootstrap of the mean of x[0..n) (B resamples with
 * replacement), or with y (m values) the difference of means mean(x) -
 * mean(y), each group resampled on its own. work holds B doubles.
 */
static void boot(dt_rng *r, const double *x, size_t n, const double *y,
                 size_t m, unsigned B, double level, double *work, double *lo,
                 double *hi)
{
    unsigned b;
    size_t k;

    *lo = *hi = NAN;
    if (n == 0 || (y && m == 0))
        return;
    for (b = 0; b < B; b++) {
        double s = 0, t = 0;

        for (k = 0; k < n; k++)
            s += x[dt_rng_below(r, n)];
        s /= (double)n;
        if (y) {
            for (k = 0; k < m; k++)
                t += y[dt_rng_below(r, m)];
            s -= t / (double)m;
        }
        work[b] = s;
    }
    qsort(work, B, sizeof *work, cmp_double);
    *lo = quantile(work, B, (1.0 - level) / 2.0);
    *hi = quantile(work, B, 1.0 - (1.0 - level) / 2.0);
}

static double mean(const double *x, size_t n)
{
    double s = 0;
    size_t k;

    for (k = 0; k < n; k++)
        s += x[k];
    return n ? s / (double)n : (double)NAN;
}

/* Rates and test of a filled table. */
static void table_finish(dt_cases_table *t, double level)
{
    size_t n = t->a + t->b + t->c + t->d;

    t->p = n ? dt_fisher_exact(t->a, t->b, t->c, t->d) : (double)NAN;
    t->rate_yes =
        t->a + t->b ? (double)t->a / (double)(t->a + t->b) : (double)NAN;
    t->rate_no =
        t->c + t->d ? (double)t->c / (double)(t->c + t->d) : (double)NAN;
    dt_clopper_pearson(t->a, t->a + t->b, level, &t->yes_lo, &t->yes_hi);
    dt_clopper_pearson(t->c, t->c + t->d, level, &t->no_lo, &t->no_hi);
}

static void table_add(dt_cases_table *t, int pred, int obs)
{
    if (pred < 0 || obs < 0)
        return;
    if (pred)
        *(obs ? &t->a : &t->b) += 1;
    else
        *(obs ? &t->c : &t->d) += 1;
}

/* Forecast and analyse one scenario into cs (n_models set by the first). */
static dt_status score_case(dt_cases *c, dt_case *cs, const dt_cases_opts *o,
                            dt_error *err)
{
    const dt_scenario *sc = cs->sc;
    const dt_outcome *oc = dt_scenario_outcome(sc);
    dt_analysis_opts ao = DT_ANALYSIS_OPTS_INIT;
    dt_forecast *fc = NULL;
    dt_analysis *an = NULL;
    size_t nm = 0, ni = dt_scenario_n_issues(sc), na, i, m, a;
    double total = 0, excl = 0;
    dt_status st;

    if (o->models)
        while (o->models[nm])
            nm++;
    st = dt_forecast_new(sc, o->models, nm, NULL, &fc, err);
    if (st != DT_OK)
        return st;
    nm = dt_forecast_n_models(fc);
    if (!c->models) {
        c->n_models = nm;
        c->models = dt__calloc(c->alloc, nm ? nm : 1, sizeof *c->models);
        if (!c->models) {
            st = dt__error_set(err, DT_ENOMEM, "out of memory");
            goto out;
        }
        for (m = 0; m < nm; m++)
            c->models[m].name = static_name(dt_forecast_model_name(fc, m));
    }
    if (nm != c->n_models) {
        st = dt__error_set(err, DT_EINTERNAL, "model count changed");
        goto out;
    }
    cs->observed = dt__alloc(c->alloc, (ni ? ni : 1) * sizeof(double));
    cs->forecast =
        dt__alloc(c->alloc, (ni * nm > 0 ? ni * nm : 1) * sizeof(double));
    cs->mae = dt__alloc(c->alloc, (nm ? nm : 1) * sizeof(double));
    if (!cs->observed || !cs->forecast || !cs->mae) {
        st = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    for (i = 0; i < ni; i++) {
        dt_value v;

        cs->observed[i] =
            dt_scenario_outcome_value(sc, i, &v) ? v.v : (double)NAN;
        cs->n_issues += !isnan(cs->observed[i]);
        for (m = 0; m < nm; m++) {
            const dt_model_result *r = dt_forecast_result(fc, i, m);

            cs->forecast[i * nm + m] =
                r && isfinite(r->point) ? r->point : (double)NAN;
        }
    }
    for (m = 0; m < nm; m++)
        cs->mae[m] = dt_score_mae(fc, m, NULL);
    cs->agreement = oc ? oc->agreement : -1;
    cs->held = oc ? oc->held : -1;
    ao.no_levers = 1;
    st = dt_analyze(sc, &ao, &an, err);
    if (st == DT_ESCENARIO) {
        /* No analysis (e.g. no-deal terms undefined): forecasts only. */
        st = DT_OK;
        goto out;
    }
    if (st != DT_OK)
        goto out;
    cs->analyzed = 1;
    cs->predicted = dt_score_predicted_agreement(&an->base);
    cs->matched = dt_score_verdict(sc, &an->base);
    cs->durability = an->base.durability;
    na = dt_scenario_n_actors(sc);
    for (a = 0; a < na; a++) {
        double cl = an->base.clout ? an->base.clout[a] : 0;

        total += cl;
        if (dt_scenario_actor(sc, a)->role == DT_ROLE_EXCLUDED) {
            cs->n_excluded++;
            excl += cl;
        }
    }
    cs->excluded_clout = total > 0 ? excl / total : (double)NAN;
out:
    dt_analysis_free(an);
    dt_forecast_free(fc);
    return st;
}

/* Per-model scores and the bootstrap intervals. */
static dt_status score_models(dt_cases *c, dt_rng *r, dt_error *err)
{
    size_t nc = c->n_cases, nm = c->n_models, k, i, m, total = 0;
    unsigned B = c->opts.bootstrap;
    double *x, *y, *e, *work;
    dt_status st = DT_OK;

    for (k = 0; k < nc; k++)
        if (c->cases[k].scored)
            total += dt_scenario_n_issues(c->cases[k].sc);
    x = dt__alloc(c->alloc, (nc + 1) * sizeof *x);
    y = dt__alloc(c->alloc, (nc + 1) * sizeof *y);
    e = dt__alloc(c->alloc, (total + 1) * sizeof *e);
    work = dt__alloc(c->alloc, (size_t)B * sizeof *work);
    if (!x || !y || !e || !work) {
        st = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    for (m = 0; m < nm; m++) {
        dt_cases_model *s = &c->models[m];
        size_t n = 0, nd = 0;
        double sq = 0, se = 0;

        for (k = 0; k < nc; k++) {
            const dt_case *cs = &c->cases[k];
            size_t ni;

            if (!cs->scored || isnan(cs->mae[m]))
                continue;
            x[s->n_cases++] = cs->mae[m];
            if (!isnan(cs->mae[0]))
                y[nd++] = cs->mae[m] - cs->mae[0];
            ni = dt_scenario_n_issues(cs->sc);
            for (i = 0; i < ni; i++) {
                double d = cs->forecast[i * nm + m] - cs->observed[i];

                if (isnan(d))
                    continue;
                e[n++] = fabs(d);
                se += fabs(d);
                sq += d * d;
            }
        }
        s->n = n;
        s->n_diff = nd;
        s->mae = mean(x, s->n_cases);
        s->diff = mean(y, nd);
        s->issue_mae = n ? se / (double)n : (double)NAN;
        s->rmse = n ? sqrt(sq / (double)n) : (double)NAN;
        qsort(e, n, sizeof *e, cmp_double);
        s->median_ae = quantile(e, n, 0.5);
        boot(r, x, s->n_cases, NULL, 0, B, c->opts.level, work, &s->mae_lo,
             &s->mae_hi);
        if (m == 0) {
            s->diff_lo = s->diff_hi = nd ? 0.0 : (double)NAN;
        } else {
            boot(r, y, nd, NULL, 0, B, c->opts.level, work, &s->diff_lo,
                 &s->diff_hi);
        }
    }
    /* Durability of deals that held vs those that did not. */
    for (k = 0; k < nc; k++) {
        const dt_case *cs = &c->cases[k];

        if (!cs->scored || cs->agreement != 1 || cs->held < 0 ||
            isnan(cs->durability))
            continue;
        if (cs->held)
            x[c->n_held++] = cs->durability;
        else
            y[c->n_failed++] = cs->durability;
    }
    c->dur_held = mean(x, c->n_held);
    c->dur_failed = mean(y, c->n_failed);
    c->dur_diff = c->dur_held - c->dur_failed;
    boot(r, x, c->n_held, y, c->n_failed, B, c->opts.level, work, &c->dur_lo,
         &c->dur_hi);
out:
    dt__free(c->alloc, x, (nc + 1) * sizeof *x);
    dt__free(c->alloc, y, (nc + 1) * sizeof *y);
    dt__free(c->alloc, e, (total + 1) * sizeof *e);
    dt__free(c->alloc, work, (size_t)B * sizeof *work);
    return st;
}

dt_status dt_cases_run(const dt_scenario *const *sc, size_t n,
                       const dt_cases_opts *o, const dt_allocator *alloc,
                       dt_cases **out, dt_error *err)
{
    static const dt_cases_opts defaults = DT_CASES_OPTS_INIT;
    dt_cases *c;
    dt_rng rng;
    dt_status st = DT_OK;
    size_t k;

    *out = NULL;
    if (!o)
        o = &defaults;
    if (!sc || n == 0)
        return dt__error_set(err, DT_EINVAL, "no scenario to score");
    if (o->bootstrap < 1 || o->bootstrap > 1000000)
        return dt__error_set(err, DT_EINVAL,
                             "bootstrap resamples must be 1-1000000, got %u",
                             o->bootstrap);
    if (!(o->level > 0.0 && o->level < 1.0))
        return dt__error_set(err, DT_EINVAL,
                             "interval level must be in (0, 1), got %g",
                             o->level);
    c = dt__calloc(alloc, 1, sizeof *c);
    if (!c)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    c->alloc = alloc;
    c->opts = *o;
    c->opts.models = NULL;
    c->n_cases = n;
    c->cases = dt__calloc(alloc, n, sizeof *c->cases);
    if (!c->cases) {
        st = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto fail;
    }
    for (k = 0; k < n; k++) {
        dt_case *cs = &c->cases[k];

        cs->sc = sc[k];
        cs->agreement = cs->held = cs->predicted = cs->matched = -1;
        cs->durability = cs->excluded_clout = NAN;
        if (!dt_score_has_outcome(sc[k]))
            continue;
        cs->scored = 1;
        c->n_scored++;
        st = score_case(c, cs, o, err);
        if (st != DT_OK) {
            char msg[sizeof err->msg];
            const char *path = dt_scenario_path(sc[k]);

            /* Name the scenario when the message does not already. */
            if (err && !err->file[0]) {
                memcpy(msg, err->msg, sizeof msg);
                dt__error_set(err, st, "%s: %s",
                              path ? path : dt_scenario_name(sc[k]), msg);
            }
            goto fail;
        }
        table_add(&c->verdict, cs->predicted, cs->agreement);
        if (cs->agreement == 1)
            table_add(&c->exclusion, cs->n_excluded > 0, cs->held);
    }
    table_finish(&c->verdict, o->level);
    table_finish(&c->exclusion, o->level);
    c->matched = c->verdict.a + c->verdict.d;
    c->n_verdict = c->matched + c->verdict.b + c->verdict.c;
    dt_clopper_pearson(c->matched, c->n_verdict, o->level, &c->match_lo,
                       &c->match_hi);
    dt_rng_seed(&rng, o->seed);
    st = score_models(c, &rng, err);
    if (st != DT_OK)
        goto fail;
    *out = c;
    return DT_OK;
fail:
    dt_cases_free(c);
    return st;
}

void dt_cases_free(dt_cases *c)
{
    size_t k, nm;

    if (!c)
        return;
    nm = c->n_models;
    for (k = 0; c->cases && k < c->n_cases; k++) {
        dt_case *cs = &c->cases[k];
        size_t ni;

        if (!cs->sc)
            continue;
        ni = dt_scenario_n_issues(cs->sc);
        dt__free(c->alloc, cs->observed, (ni ? ni : 1) * sizeof(double));
        dt__free(c->alloc, cs->forecast,
                 (ni * nm > 0 ? ni * nm : 1) * sizeof(double));
        dt__free(c->alloc, cs->mae, (nm ? nm : 1) * sizeof(double));
    }
    dt__free(c->alloc, c->cases, c->n_cases * sizeof *c->cases);
    dt__free(c->alloc, c->models, (nm ? nm : 1) * sizeof *c->models);
    dt__free(c->alloc, c, sizeof *c);
}

const char *dt_case_label(const dt_case *cs, char *buf, size_t n)
{
    const char *path = dt_scenario_path(cs->sc), *base, *dot;
    size_t len;

    if (n == 0)
        return buf;
    if (!path || !path[0]) {
        const char *name = dt_scenario_name(cs->sc);

        snprintf(buf, n, "%s", name ? name : "?");
        return buf;
    }
    base = strrchr(path, '/');
    base = base ? base + 1 : path;
    dot = strrchr(base, '.');
    len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    snprintf(buf, n, "%.*s", (int)len, base);
    return buf;
}
