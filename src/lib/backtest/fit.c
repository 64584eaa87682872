/*
 * Fitting and scoring on the backtest's folds (docs/accuracy.md):
 * parameters chosen by K-fold cross-validation over proposals (training
 * folds only), the ensemble's weights, forecast intervals from
 * cross-validated residuals, and scores with a bootstrap over proposals
 * for the difference from the compromise model (Efron and Tibshirani
 * 1993, ch. 13).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backtest/backtest_int.h"

/* Q values tried for the eu model, with both forecast statistics. */
static const double eu_q_grid[] = {0.5, 0.6, 0.7, 0.8, 0.9, 1.0};
_Static_assert(sizeof eu_q_grid / sizeof eu_q_grid[0] == DT__BACKTEST_N_EU_Q,
               "DT__BACKTEST_N_EU_Q counts eu_q_grid");
/* Ensemble weights move on a simplex grid of this step. */
#define ENS_STEPS 10

/* ---- Fitting on training folds ------------------------------------------ */

/* MAE of pred on the issues of folds other than f (test = f). */
static double bt_train_mae(const dt__backtest_ctx *cx, const double *pred,
                           unsigned f)
{
    double sum = 0.0;
    size_t k, n = 0;

    for (k = 0; k < cx->ns; k++) {
        if (cx->b->fold[k] == f || isnan(pred[k]))
            continue;
        sum += fabs(pred[k] - cx->outcome[k]);
        n++;
    }
    return n ? sum / (double)n : HUGE_VAL;
}

/* Pick each fold's candidate with the least training MAE (first wins). */
void dt__backtest_choose(dt__backtest_ctx *cx, dt__backtest_model *m)
{
    unsigned f;
    size_t v;

    for (f = 0; f < cx->b->folds; f++) {
        double best = HUGE_VAL;

        m->choice[f] = 0;
        for (v = 0; v < m->n_cand && m->n_cand > 1; v++) {
            double e = bt_train_mae(cx, m->cand + v * cx->ns, f);

            if (e < best) {
                best = e;
                m->choice[f] = v;
            }
        }
    }
}

/*
 * Next point of the simplex grid: nonnegative integers w[0..n-1] summing
 * to ENS_STEPS, in lexicographic order. Returns 0 after the last.
 */
static int simplex_next(unsigned *w, size_t n)
{
    size_t i, j;

    /* The rightmost part (not the last) that the parts after it can feed. */
    for (i = n - 1; i-- > 0;) {
        unsigned tail = 0;

        for (j = i + 1; j < n; j++)
            tail += w[j];
        if (tail > 0) {
            w[i]++;
            for (j = i + 1; j < n; j++)
                w[j] = 0;
            w[n - 1] = tail - 1;
            return 1;
        }
    }
    return 0;
}

/*
 * Ensemble of the base models for fold f: weights on the simplex grid
 * (steps of 1/ENS_STEPS) with the least training MAE, each component
 * predicting with its own fold-f fit. A component with no forecast on an
 * issue (nbs without a reference point) is replaced there by the
 * compromise model's forecast. Writes the forecasts of every issue under
 * fold f's weights into all (the test fold's are the out-of-fold ones).
 */
void dt__backtest_ensemble(dt__backtest_ctx *cx, dt__backtest_model *ms,
                           size_t n_base, size_t mean, size_t ens, unsigned f,
                           double *all)
{
    unsigned w[DT__BACKTEST_ENS_MAX], best_w[DT__BACKTEST_ENS_MAX];
    double best = HUGE_VAL;
    size_t k, j,
        nb = n_base < DT__BACKTEST_ENS_MAX ? n_base : DT__BACKTEST_ENS_MAX;
    char *desc = cx->b->fitted[ens * cx->b->folds + f];
    size_t len = 0;

    memset(w, 0, sizeof w);
    w[nb - 1] = ENS_STEPS;
    do {
        double sum = 0.0;
        size_t n = 0;

        for (k = 0; k < cx->ns; k++) {
            double p = 0.0;

            if (cx->b->fold[k] == f)
                continue;
            for (j = 0; j < nb; j++) {
                double v = dt__backtest_fold_pred(cx, &ms[j], f, k);

                if (isnan(v))
                    v = dt__backtest_fold_pred(cx, &ms[mean], f, k);
                p += (double)w[j] * v;
            }
            sum += fabs(p / ENS_STEPS - cx->outcome[k]);
            n++;
        }
        if (n && sum / (double)n < best) {
            best = sum / (double)n;
            memcpy(best_w, w, sizeof w);
        }
    } while (simplex_next(w, nb));
    for (k = 0; k < cx->ns; k++) {
        double p = 0.0;

        for (j = 0; j < nb; j++) {
            double v = dt__backtest_fold_pred(cx, &ms[j], f, k);

            if (isnan(v))
                v = dt__backtest_fold_pred(cx, &ms[mean], f, k);
            p += (double)best_w[j] * v;
        }
        all[k] = p / ENS_STEPS;
    }
    desc[0] = '\0';
    for (j = 0; j < nb && len < 90; j++)
        if (best_w[j])
            len += (size_t)snprintf(desc + len, 96 - len, "%s%s %.1f",
                                    len ? " " : "", ms[j].name,
                                    (double)best_w[j] / ENS_STEPS);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

/* Quantile (type 7: linear interpolation) of sorted v[0..n-1]. */
static double quantile(const double *v, size_t n, double p)
{
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)h;

    if (lo + 1 >= n)
        return v[n - 1];
    return v[lo] + (h - (double)lo) * (v[lo + 1] - v[lo]);
}

/*
 * Interval for the test issues of fold f: the forecast plus the
 * (1 - level) / 2 and (1 + level) / 2 quantiles of the signed training
 * residuals (outcome - forecast), clipped to the 0-100 scale.
 */
void dt__backtest_interval(dt__backtest_ctx *cx, size_t mi, unsigned f,
                           double *res)
{
    dt_backtest *b = cx->b;
    const double *pred = b->pred + mi * cx->ns;
    double qlo, qhi, a = (1.0 - cx->o->level) / 2.0;
    size_t k, n = 0;

    /* Training forecasts under this fold's fit were stored in res. */
    for (k = 0; k < cx->ns; k++)
        if (b->fold[k] != f && !isnan(res[k]))
            res[n++] = cx->outcome[k] - res[k];
    if (n == 0)
        return;
    qsort(res, n, sizeof *res, cmp_double);
    qlo = quantile(res, n, a);
    qhi = quantile(res, n, 1.0 - a);
    for (k = 0; k < cx->ns; k++) {
        if (b->fold[k] != f || isnan(pred[k]))
            continue;
        b->lo[mi * cx->ns + k] = fmax(0.0, fmin(100.0, pred[k] + qlo));
        b->hi[mi * cx->ns + k] = fmax(0.0, fmin(100.0, pred[k] + qhi));
    }
}

/* ---- Scores -------------------------------------------------------------- */

dt_status dt__backtest_score(dt__backtest_ctx *cx, size_t mi, size_t mean_i,
                             const unsigned *counts, unsigned boot,
                             dt_error *err)
{
    dt_backtest *b = cx->b;
    dt_backtest_score *sc = &b->score[mi];
    const double *p = b->pred + mi * cx->ns, *pm = b->pred + mean_i * cx->ns;
    double *ae = NULL, *psum = NULL, *bd = NULL, sum = 0.0, sq = 0.0;
    double dsum = 0.0, cov = 0.0, width = 0.0;
    size_t k, n = 0, nd = 0, ni = 0, *pn = NULL, q;
    unsigned r;
    dt_status rc = DT_OK;

    ae = dt__backtest_calloc(b->alloc, cx->ns, sizeof *ae);
    psum = dt__backtest_calloc(b->alloc, cx->n_prop, sizeof *psum);
    pn = dt__backtest_calloc(b->alloc, cx->n_prop, sizeof *pn);
    bd = dt__backtest_calloc(b->alloc, boot, sizeof *bd);
    if (!ae || !psum || !pn || !bd) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    for (k = 0; k < cx->ns; k++) {
        double e;

        if (isnan(p[k]))
            continue;
        e = fabs(p[k] - cx->outcome[k]);
        ae[n++] = e;
        sum += e;
        sq += e * e;
        if (!isnan(b->lo[mi * cx->ns + k])) {
            ni++;
            cov += cx->outcome[k] >= b->lo[mi * cx->ns + k] &&
                   cx->outcome[k] <= b->hi[mi * cx->ns + k];
            width += b->hi[mi * cx->ns + k] - b->lo[mi * cx->ns + k];
        }
        if (!isnan(pm[k])) {
            double dd = e - fabs(pm[k] - cx->outcome[k]);

            dsum += dd;
            nd++;
            psum[cx->prop[k]] += dd;
            pn[cx->prop[k]]++;
        }
    }
    sc->n = n;
    sc->mae = n ? sum / (double)n : DT__NAN;
    sc->rmse = n ? sqrt(sq / (double)n) : DT__NAN;
    qsort(ae, n, sizeof *ae, cmp_double);
    sc->median_ae = n ? quantile(ae, n, 0.5) : DT__NAN;
    sc->n_diff = nd;
    sc->diff = nd ? dsum / (double)nd : DT__NAN;
    sc->coverage = ni ? cov / (double)ni : DT__NAN;
    sc->width = ni ? width / (double)ni : DT__NAN;
    /*
     * Bootstrap over proposals (issues of one proposal are not
     * independent): resample r gives proposal q the multiplicity
     * counts[r * n_prop + q]; the statistic is the mean difference over
     * the resampled issues; the interval is the 2.5% and 97.5%
     * percentiles (Efron and Tibshirani 1993, ch. 13).
     */
    for (r = 0; r < boot; r++) {
        double ds = 0.0;
        size_t dn = 0;

        for (q = 0; q < cx->n_prop; q++) {
            ds += (double)counts[(size_t)r * cx->n_prop + q] * psum[q];
            dn += counts[(size_t)r * cx->n_prop + q] * pn[q];
        }
        bd[r] = dn ? ds / (double)dn : DT__NAN;
    }
    {
        size_t nb = 0;

        for (r = 0; r < boot; r++)
            if (!isnan(bd[r]))
                bd[nb++] = bd[r];
        qsort(bd, nb, sizeof *bd, cmp_double);
        sc->diff_lo = nb ? quantile(bd, nb, 0.025) : DT__NAN;
        sc->diff_hi = nb ? quantile(bd, nb, 0.975) : DT__NAN;
    }
out:
    dt__backtest_free(b->alloc, ae, cx->ns, sizeof *ae);
    dt__backtest_free(b->alloc, psum, cx->n_prop, sizeof *psum);
    dt__backtest_free(b->alloc, pn, cx->n_prop, sizeof *pn);
    dt__backtest_free(b->alloc, bd, boot, sizeof *bd);
    return rc;
}

/* ---- Candidates, folds and resamples ------------------------------------- */

/* Candidate forecasts of model m on every scored issue. */
dt_status dt__backtest_candidates(dt__backtest_ctx *cx, dt__backtest_model *m,
                                  size_t *no_agreement, dt_error *err)
{
    dt_forecast_opts fo = DT_FORECAST_OPTS_INIT;
    size_t v;
    dt_status rc = DT_OK;

    fo.model = cx->o->model_opts;
    fo.trace = 0;
    switch (m->kind) {
    case DT__BACKTEST_LINE:
    case DT__BACKTEST_EXCHANGE:
    case DT__BACKTEST_SMP:
        return dt__backtest_forecast(cx, m, &fo, m->cand, NULL, NULL, err);
    case DT__BACKTEST_EU:
        /*
         * Variants: Q grid x forecast statistic (median, mean). The
         * statistic does not change the run, so one run gives both.
         */
        fo.model.point = DT_EU_POINT_MEDIAN;
        for (v = 0; v < DT__BACKTEST_N_EU_Q && rc == DT_OK; v++) {
            fo.model.q = eu_q_grid[v];
            rc = dt__backtest_forecast(
                cx, m, &fo, m->cand + v * cx->ns,
                m->cand + (v + DT__BACKTEST_N_EU_Q) * cx->ns, NULL, err);
        }
        return rc;
    case DT__BACKTEST_NBS:
        /* Variants: utility (quadratic, linear) x weights (equal, cap). */
        for (v = 0; v < m->n_cand && rc == DT_OK; v++) {
            size_t na = 0;

            fo.model.nbs_utility = (dt_nbs_utility)(v / 2);
            fo.model.nbs_weights = (dt_nbs_weights)(v % 2);
            rc = dt__backtest_forecast(cx, m, &fo, m->cand + v * cx->ns, NULL,
                                       &na, err);
            if (v == 0)
                *no_agreement = na;
        }
        return rc;
    case DT__BACKTEST_ENSEMBLE:
        break;
    }
    return DT_OK;
}

void dt__backtest_describe(dt__backtest_ctx *cx, size_t mi, unsigned f)
{
    const dt__backtest_model *m = &cx->b->m[mi];
    char *desc = cx->b->fitted[mi * cx->b->folds + f];
    static const char *const util[] = {"quadratic", "linear"};
    static const char *const wts[] = {"equal", "capability"};

    if (m->kind == DT__BACKTEST_EU)
        snprintf(desc, 96, "Q=%g, point %s",
                 eu_q_grid[m->choice[f] % DT__BACKTEST_N_EU_Q],
                 m->choice[f] / DT__BACKTEST_N_EU_Q ? "mean" : "median");
    else if (m->kind == DT__BACKTEST_NBS)
        snprintf(desc, 96, "%s %s", util[m->choice[f] / 2],
                 wts[m->choice[f] % 2]);
}

/* Folds: proposals shuffled with the seeded generator, dealt in turn. */
dt_status dt__backtest_folds(dt__backtest_ctx *cx, dt_error *err)
{
    size_t *perm = NULL, *pfold = NULL, n = 0, k, p;
    unsigned char *has = NULL;
    dt_rng rng;
    dt_status rc = DT_OK;

    perm = dt__backtest_calloc(cx->b->alloc, cx->n_prop, sizeof *perm);
    pfold = dt__backtest_calloc(cx->b->alloc, cx->n_prop, sizeof *pfold);
    has = dt__backtest_calloc(cx->b->alloc, cx->n_prop, 1);
    if (!perm || !pfold || !has) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    for (k = 0; k < cx->ns; k++)
        has[cx->prop[k]] = 1;
    for (p = 0; p < cx->n_prop; p++)
        if (has[p])
            perm[n++] = p;
    if (n < cx->o->folds) {
        rc = dt__error_set(err, DT_EINVAL,
                           "%zu proposals with scoreable issues, fewer than "
                           "the %u folds",
                           n, cx->o->folds);
        goto out;
    }
    /* Fisher-Yates; a separate stream from the bootstrap's (seed ^ 1). */
    dt_rng_seed(&rng, cx->o->seed);
    for (k = n; k > 1; k--) {
        size_t j = (size_t)dt_rng_below(&rng, k), t = perm[k - 1];

        perm[k - 1] = perm[j];
        perm[j] = t;
    }
    for (k = 0; k < n; k++)
        pfold[perm[k]] = k % cx->o->folds;
    for (k = 0; k < cx->ns; k++)
        cx->b->fold[k] = (unsigned)pfold[cx->prop[k]];
out:
    dt__backtest_free(cx->b->alloc, perm, cx->n_prop, sizeof *perm);
    dt__backtest_free(cx->b->alloc, pfold, cx->n_prop, sizeof *pfold);
    dt__backtest_free(cx->b->alloc, has, cx->n_prop, 1);
    return rc;
}

/* Multiplicities of proposals in each bootstrap resample. */
dt_status dt__backtest_resamples(dt__backtest_ctx *cx, unsigned **counts,
                                 dt_error *err)
{
    const dt_allocator *a = cx->b->alloc;
    size_t n = 0, k, p;
    unsigned char *has = dt__backtest_calloc(a, cx->n_prop, 1);
    size_t *list = dt__backtest_calloc(a, cx->n_prop, sizeof *list);
    unsigned r;
    dt_rng rng;
    dt_status rc = DT_OK;

    *counts = dt__backtest_calloc(a, (size_t)cx->o->bootstrap * cx->n_prop,
                                  sizeof **counts);
    if (!has || !list || !*counts) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    for (k = 0; k < cx->ns; k++)
        has[cx->prop[k]] = 1;
    for (p = 0; p < cx->n_prop; p++)
        if (has[p])
            list[n++] = p;
    dt_rng_seed(&rng, cx->o->seed ^ 0x626f6f74ULL); /* "boot" */
    for (r = 0; r < cx->o->bootstrap; r++)
        for (k = 0; k < n; k++)
            (*counts)[(size_t)r * cx->n_prop + list[dt_rng_below(&rng, n)]]++;
out:
    dt__backtest_free(a, has, cx->n_prop, 1);
    dt__backtest_free(a, list, cx->n_prop, sizeof *list);
    return rc;
}
