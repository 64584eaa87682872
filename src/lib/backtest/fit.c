/*
 * Fitting and scoring on the backtest's folds (docs/accuracy.md):
 * parameters chosen by K-fold cross-validation over proposals (training
 * folds only), the ensemble's weights, forecast intervals from
 * cross-validated residuals, and scores with a bootstrap over proposals
 * for the difference from the compromise model (Efron and Tibshirani
 * 1993, ch. 13).
 */
#include <limits.h>
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

/* Base model j's forecast of issue k under fold f, mean's when it has none. */
static double base_pred(const dt__backtest_ctx *cx,
                        const dt__backtest_model *ms, size_t j, size_t mean,
                        unsigned f, size_t k)
{
    double v = dt__backtest_fold_pred(cx, &ms[j], f, k);

    return isnan(v) ? dt__backtest_fold_pred(cx, &ms[mean], f, k) : v;
}

/*
 * Weights on the simplex grid (steps of 1/ENS_STEPS) with the least MAE
 * on fold f's training issues of voting rule `rule` (UNKNOWN: every
 * training issue), each component predicting with its own fold-f fit,
 * into best_w; 0 when no training issue has that rule.
 */
static int ens_fit(const dt__backtest_ctx *cx, const dt__backtest_model *ms,
                   size_t nb, size_t mean, unsigned f, dt_deu_rule rule,
                   unsigned *best_w)
{
    unsigned w[DT__BACKTEST_ENS_MAX];
    double best = HUGE_VAL;
    size_t k, j;

    memset(w, 0, sizeof w);
    w[nb - 1] = ENS_STEPS;
    do {
        double sum = 0.0;
        size_t n = 0;

        for (k = 0; k < cx->ns; k++) {
            double p = 0.0;

            if (cx->b->fold[k] == f ||
                (rule != DT_DEU_RULE_UNKNOWN && cx->rule[k] != rule))
                continue;
            for (j = 0; j < nb; j++)
                p += (double)w[j] * base_pred(cx, ms, j, mean, f, k);
            sum += fabs(p / ENS_STEPS - cx->outcome[k]);
            n++;
        }
        if (n && sum / (double)n < best) {
            best = sum / (double)n;
            memcpy(best_w, w, sizeof w);
        }
    } while (simplex_next(w, nb));
    return best < HUGE_VAL;
}

/* " name w" for every nonzero weight of w (nb of them) into desc. */
static size_t ens_describe(char *desc, size_t len, const dt__backtest_model *ms,
                           size_t nb, const double *w)
{
    size_t j;

    for (j = 0; j < nb && len + 24 < DT__BACKTEST_DESC; j++)
        if (w[j] > 0.0)
            len +=
                (size_t)snprintf(desc + len, DT__BACKTEST_DESC - len,
                                 "%s%s %.1f", len ? " " : "", ms[j].name, w[j]);
    return len;
}

/* Weights of issue k's rule in fold f of ensemble ens. */
static const double *ens_weights(const dt__backtest_ctx *cx,
                                 const dt__backtest_model *ens, unsigned f,
                                 size_t k)
{
    size_t r =
        ens->kind == DT__BACKTEST_ENSEMBLE_RULE ? (size_t)cx->rule[k] : 0;

    return ens->w +
           ((size_t)f * DT__BACKTEST_N_RULES + r) * DT__BACKTEST_ENS_MAX;
}

/*
 * Ensemble of the base models for fold f (the ensemble of Montgomery,
 * Hollenbach and Ward 2012 in its simplest form: a convex combination
 * fitted by least training error). `ensemble` fits one set of weights on
 * every training issue; `ensemble-rule` one per Council voting rule (QMV,
 * unanimity) on the training issues of that rule, and the all-issue set
 * for issues without a rule (or a rule no training issue has). A
 * component with no forecast on an issue (nbs without a reference point)
 * is replaced there by the compromise model's forecast. Writes the
 * forecasts of every issue under fold f's weights into all (the test
 * fold's are the out-of-fold ones).
 */
void dt__backtest_ensemble(dt__backtest_ctx *cx, dt__backtest_model *ms,
                           size_t n_base, size_t mean, size_t ens, unsigned f,
                           double *all)
{
    static const char *const rname[DT__BACKTEST_N_RULES] = {"other", "QMV",
                                                            "unanimity"};
    unsigned bw[DT__BACKTEST_ENS_MAX];
    dt__backtest_model *e = &ms[ens];
    double *wf = e->w + (size_t)f * DT__BACKTEST_N_RULES * DT__BACKTEST_ENS_MAX;
    size_t k, j, r,
        nb = n_base < DT__BACKTEST_ENS_MAX ? n_base : DT__BACKTEST_ENS_MAX;
    char *desc = cx->b->fitted[ens * cx->b->folds + f];
    size_t len = 0;

    memset(bw, 0, sizeof bw);
    ens_fit(cx, ms, nb, mean, f, DT_DEU_RULE_UNKNOWN, bw);
    for (r = 0; r < DT__BACKTEST_N_RULES; r++)
        for (j = 0; j < DT__BACKTEST_ENS_MAX; j++)
            wf[r * DT__BACKTEST_ENS_MAX + j] =
                j < nb ? (double)bw[j] / ENS_STEPS : 0.0;
    if (e->kind == DT__BACKTEST_ENSEMBLE_RULE)
        for (r = 1; r < DT__BACKTEST_N_RULES; r++)
            if (ens_fit(cx, ms, nb, mean, f, (dt_deu_rule)r, bw))
                for (j = 0; j < nb; j++)
                    wf[r * DT__BACKTEST_ENS_MAX + j] =
                        (double)bw[j] / ENS_STEPS;
    for (k = 0; k < cx->ns; k++) {
        const double *w = ens_weights(cx, e, f, k);
        double p = 0.0;

        for (j = 0; j < nb; j++)
            p += w[j] * base_pred(cx, ms, j, mean, f, k);
        all[k] = p;
    }
    desc[0] = '\0';
    if (e->kind != DT__BACKTEST_ENSEMBLE_RULE) {
        ens_describe(desc, 0, ms, nb, wf);
        return;
    }
    for (r = 1; r < DT__BACKTEST_N_RULES; r++) {
        if (len + 16 >= DT__BACKTEST_DESC)
            break;
        len += (size_t)snprintf(desc + len, DT__BACKTEST_DESC - len,
                                "%s%s:", len ? "; " : "", rname[r]);
        len = ens_describe(desc, len, ms, nb, wf + r * DT__BACKTEST_ENS_MAX);
    }
}

void dt__backtest_ensemble_apply(dt__backtest_ctx *cx,
                                 const dt__backtest_model *ens,
                                 const double *base, size_t n_base, size_t mean,
                                 double *out)
{
    size_t k, j,
        nb = n_base < DT__BACKTEST_ENS_MAX ? n_base : DT__BACKTEST_ENS_MAX;

    for (k = 0; k < cx->ns; k++) {
        const double *w = ens_weights(cx, ens, cx->b->fold[k], k);
        double p = 0.0;

        for (j = 0; j < nb; j++) {
            double v = base[j * cx->ns + k];

            p += w[j] * (isnan(v) ? base[mean * cx->ns + k] : v);
        }
        out[k] = p;
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
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
    qlo = dt_quantile_sorted(res, n, a);
    qhi = dt_quantile_sorted(res, n, 1.0 - a);
    for (k = 0; k < cx->ns; k++) {
        if (b->fold[k] != f || isnan(pred[k]))
            continue;
        b->lo[mi * cx->ns + k] = fmax(0.0, fmin(100.0, pred[k] + qlo));
        b->hi[mi * cx->ns + k] = fmax(0.0, fmin(100.0, pred[k] + qhi));
    }
}

/* ---- Scores -------------------------------------------------------------- */

/*
 * z_{0.975} + z_{0.80}: a two-sided 5% test with 80% power detects a
 * true difference of this many standard errors (Bloom 1995, "Minimum
 * detectable effects", Evaluation Review 19(5), eq. 1 and Table 1).
 */
#define MDD_MULT (1.959963984540054 + 0.8416212335729143)

/*
 * Per-issue loss differences of one model from mean's, summed by
 * proposal (the bootstrap resamples and clusters by proposal).
 */
typedef struct bt_diff {
    double *psum; /* per proposal: sum of the differences */
    size_t *pn;   /* per proposal: issues */
    double sum;   /* of the differences */
    double sq;    /* of their squares */
    size_t n;     /* issues */
} bt_diff;

static void diff_add(const dt__backtest_ctx *cx, bt_diff *df, size_t k,
                     double dd)
{
    df->sum += dd;
    df->sq += dd * dd;
    df->n++;
    df->psum[cx->prop[k]] += dd;
    df->pn[cx->prop[k]]++;
}

/*
 * The mean difference, its bootstrap percentile interval over proposals
 * (resample r gives proposal q the multiplicity counts[r * n_prop + q];
 * 2.5% and 97.5% percentiles; Efron and Tibshirani 1993, ch. 13) and
 * the minimum detectable difference (Bloom 1995) from the standard
 * error of the mean of the paired differences: clustered by proposal
 * (CR0: SE^2 = sum_q (S_q - n_q dbar)^2 / n^2; Cameron and Miller 2015,
 * eq. 6) into *mdd, as for independent issues (s / sqrt(n)) into
 * *mdd_iid. bd has room for boot values.
 */
static void diff_finish(const dt__backtest_ctx *cx, const bt_diff *df,
                        const unsigned *counts, unsigned boot, double *bd,
                        double *est, double *lo, double *hi, double *mdd,
                        double *mdd_iid)
{
    size_t q, nb = 0;
    unsigned r;
    double dbar, v = 0.0;

    *est = *lo = *hi = *mdd = DT__NAN;
    if (mdd_iid)
        *mdd_iid = DT__NAN;
    if (!df->n)
        return;
    dbar = df->sum / (double)df->n;
    *est = dbar;
    for (q = 0; q < cx->n_prop; q++) {
        double e = df->psum[q] - (double)df->pn[q] * dbar;

        v += e * e;
    }
    *mdd = MDD_MULT * sqrt(v) / (double)df->n;
    if (mdd_iid && df->n > 1)
        *mdd_iid =
            MDD_MULT *
            sqrt(fmax(0.0, (df->sq - df->sum * dbar) / (double)(df->n - 1)) /
                 (double)df->n);
    for (r = 0; r < boot; r++) {
        double ds = 0.0;
        size_t dn = 0;

        for (q = 0; q < cx->n_prop; q++) {
            ds += (double)counts[(size_t)r * cx->n_prop + q] * df->psum[q];
            dn += counts[(size_t)r * cx->n_prop + q] * df->pn[q];
        }
        if (dn)
            bd[nb++] = ds / (double)dn;
    }
    qsort(bd, nb, sizeof *bd, cmp_double);
    *lo = dt_quantile_sorted(bd, nb, 0.025);
    *hi = dt_quantile_sorted(bd, nb, 0.975);
}

/*
 * CRPS of model mi's draws on issue k (sorted into tmp) and whether the
 * outcome lies in their central 50% and 80% intervals; NaN when the model
 * has no finite draw there.
 */
static double draw_crps(const dt__backtest_ctx *cx, size_t mi, size_t k,
                        double *tmp, int *in50, int *in80)
{
    unsigned nd = cx->o->draws, r;
    const double *x = cx->b->draw + (mi * cx->ns + k) * nd;
    double y = cx->outcome[k];
    size_t n = 0;

    for (r = 0; r < nd; r++)
        if (isfinite(x[r]))
            tmp[n++] = x[r];
    if (!n)
        return DT__NAN;
    qsort(tmp, n, sizeof *tmp, cmp_double);
    *in50 = y >= dt_quantile_sorted(tmp, n, 0.25) &&
            y <= dt_quantile_sorted(tmp, n, 0.75);
    *in80 = y >= dt_quantile_sorted(tmp, n, 0.10) &&
            y <= dt_quantile_sorted(tmp, n, 0.90);
    return dt_crps_sorted(tmp, n, y);
}

dt_status dt__backtest_score(dt__backtest_ctx *cx, size_t mi, size_t mean_i,
                             const unsigned *counts, unsigned boot, unsigned rr,
                             dt_error *err)
{
    dt_backtest *b = cx->b;
    dt_backtest_score *sc = &b->score[rr * b->n_models + mi];
    const double *p = b->pred + mi * cx->ns, *pm = b->pred + mean_i * cx->ns;
    double *ae = NULL, *bd = NULL, *tmp = NULL, sum = 0.0, sq = 0.0;
    double cov = 0.0, width = 0.0, crps = 0.0;
    size_t k, n = 0, ni = 0, h5 = 0, h10 = 0, c50 = 0, c80 = 0, nc = 0;
    unsigned nd = cx->o->draws;
    bt_diff da, dc, d5, d10;
    double unused;
    dt_status rc = DT_OK;

    memset(&da, 0, sizeof da);
    memset(&dc, 0, sizeof dc);
    memset(&d5, 0, sizeof d5);
    memset(&d10, 0, sizeof d10);
    sc->name = b->m[mi].name;
    sc->no_agreement = b->score[mi].no_agreement;
    ae = dt__backtest_calloc(b->alloc, cx->ns, sizeof *ae);
    bd = dt__backtest_calloc(b->alloc, boot, sizeof *bd);
    tmp = dt__backtest_calloc(b->alloc, nd, sizeof *tmp);
    da.psum = dt__backtest_calloc(b->alloc, cx->n_prop, sizeof *da.psum);
    da.pn = dt__backtest_calloc(b->alloc, cx->n_prop, sizeof *da.pn);
    dc.psum = dt__backtest_calloc(b->alloc, cx->n_prop, sizeof *dc.psum);
    dc.pn = dt__backtest_calloc(b->alloc, cx->n_prop, sizeof *dc.pn);
    d5.psum = dt__backtest_calloc(b->alloc, cx->n_prop, sizeof *d5.psum);
    d5.pn = dt__backtest_calloc(b->alloc, cx->n_prop, sizeof *d5.pn);
    d10.psum = dt__backtest_calloc(b->alloc, cx->n_prop, sizeof *d10.psum);
    d10.pn = dt__backtest_calloc(b->alloc, cx->n_prop, sizeof *d10.pn);
    if (!ae || !bd || !tmp || !da.psum || !da.pn || !dc.psum || !dc.pn ||
        !d5.psum || !d5.pn || !d10.psum || !d10.pn) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    for (k = 0; k < cx->ns; k++) {
        double e;

        if (isnan(p[k]) || (rr != 0 && cx->rule[k] != (dt_deu_rule)rr))
            continue;
        e = fabs(p[k] - cx->outcome[k]);
        ae[n++] = e;
        sum += e;
        sq += e * e;
        h5 += e <= 5.0;
        h10 += e <= 10.0;
        if (!isnan(b->lo[mi * cx->ns + k])) {
            ni++;
            cov += cx->outcome[k] >= b->lo[mi * cx->ns + k] &&
                   cx->outcome[k] <= b->hi[mi * cx->ns + k];
            width += b->hi[mi * cx->ns + k] - b->lo[mi * cx->ns + k];
        }
        if (!isnan(pm[k])) {
            double em = fabs(pm[k] - cx->outcome[k]);

            diff_add(cx, &da, k, e - em);
            diff_add(cx, &d5, k, (double)(e <= 5.0) - (double)(em <= 5.0));
            diff_add(cx, &d10, k, (double)(e <= 10.0) - (double)(em <= 10.0));
        }
        if (nd) {
            int i50 = 0, i80 = 0, j50, j80;
            double c = draw_crps(cx, mi, k, tmp, &i50, &i80), cm;

            if (isnan(c))
                continue;
            nc++;
            crps += c;
            c50 += (size_t)i50;
            c80 += (size_t)i80;
            cm = draw_crps(cx, mean_i, k, tmp, &j50, &j80);
            if (!isnan(cm))
                diff_add(cx, &dc, k, c - cm);
        }
    }
    sc->n = n;
    sc->mae = n ? sum / (double)n : DT__NAN;
    sc->rmse = n ? sqrt(sq / (double)n) : DT__NAN;
    qsort(ae, n, sizeof *ae, cmp_double);
    sc->median_ae = dt_quantile_sorted(ae, n, 0.5);
    sc->hit5 = n ? (double)h5 / (double)n : DT__NAN;
    sc->hit10 = n ? (double)h10 / (double)n : DT__NAN;
    sc->coverage = ni ? cov / (double)ni : DT__NAN;
    sc->width = ni ? width / (double)ni : DT__NAN;
    sc->n_diff = da.n;
    diff_finish(cx, &da, counts, boot, bd, &sc->diff, &sc->diff_lo,
                &sc->diff_hi, &sc->mdd, &sc->mdd_iid);
    sc->n_crps = nc;
    sc->crps = nc ? crps / (double)nc : DT__NAN;
    sc->cover50 = nc ? (double)c50 / (double)nc : DT__NAN;
    sc->cover80 = nc ? (double)c80 / (double)nc : DT__NAN;
    diff_finish(cx, &dc, counts, boot, bd, &sc->crps_diff, &sc->crps_diff_lo,
                &sc->crps_diff_hi, &sc->crps_mdd, NULL);
    diff_finish(cx, &d5, counts, boot, bd, &sc->hit5_diff, &sc->hit5_diff_lo,
                &sc->hit5_diff_hi, &unused, NULL);
    diff_finish(cx, &d10, counts, boot, bd, &sc->hit10_diff, &sc->hit10_diff_lo,
                &sc->hit10_diff_hi, &unused, NULL);
    /* The yardstick has nothing to detect against itself. */
    if (mi == mean_i)
        sc->mdd = sc->mdd_iid = sc->crps_mdd = DT__NAN;
out:
    dt__backtest_free(b->alloc, ae, cx->ns, sizeof *ae);
    dt__backtest_free(b->alloc, bd, boot, sizeof *bd);
    dt__backtest_free(b->alloc, tmp, nd, sizeof *tmp);
    dt__backtest_free(b->alloc, da.psum, cx->n_prop, sizeof *da.psum);
    dt__backtest_free(b->alloc, da.pn, cx->n_prop, sizeof *da.pn);
    dt__backtest_free(b->alloc, dc.psum, cx->n_prop, sizeof *dc.psum);
    dt__backtest_free(b->alloc, dc.pn, cx->n_prop, sizeof *dc.pn);
    dt__backtest_free(b->alloc, d5.psum, cx->n_prop, sizeof *d5.psum);
    dt__backtest_free(b->alloc, d5.pn, cx->n_prop, sizeof *d5.pn);
    dt__backtest_free(b->alloc, d10.psum, cx->n_prop, sizeof *d10.psum);
    dt__backtest_free(b->alloc, d10.pn, cx->n_prop, sizeof *d10.pn);
    return rc;
}

/* ---- Candidates, folds and resamples ------------------------------------- */

/* Whether some fold chose candidate v of m. */
static int chosen(const dt__backtest_ctx *cx, const dt__backtest_model *m,
                  size_t v)
{
    unsigned f;

    for (f = 0; f < cx->b->folds; f++)
        if (m->choice[f] == v)
            return 1;
    return 0;
}

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
        return dt__backtest_forecast(cx, m, &fo, m->cand,
                                     cx->pce ? cx->pce->cand : NULL, NULL, err);
    case DT__BACKTEST_SMP_PCE:
        if (cx->pce == m) /* smp's run has filled them */
            return DT_OK;
        return dt__backtest_forecast(cx, m, &fo, m->cand, NULL, NULL, err);
    case DT__BACKTEST_EU:
        /*
         * Variants: Q grid x forecast statistic (median, mean). The
         * statistic does not change the run, so one run gives both.
         */
        fo.model.point = DT_EU_POINT_MEDIAN;
        for (v = 0; v < DT__BACKTEST_N_EU_Q && rc == DT_OK; v++) {
            if (cx->chosen_only && !chosen(cx, m, v) &&
                !chosen(cx, m, v + DT__BACKTEST_N_EU_Q))
                continue;
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

            if (cx->chosen_only && !chosen(cx, m, v))
                continue;
            fo.model.nbs_utility = (dt_nbs_utility)(v / 2);
            fo.model.nbs_weights = (dt_nbs_weights)(v % 2);
            rc = dt__backtest_forecast(cx, m, &fo, m->cand + v * cx->ns, NULL,
                                       &na, err);
            if (v == 0)
                *no_agreement = na;
        }
        return rc;
    case DT__BACKTEST_ENSEMBLE:
    case DT__BACKTEST_ENSEMBLE_RULE:
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
        snprintf(desc, DT__BACKTEST_DESC, "Q=%g, point %s",
                 eu_q_grid[m->choice[f] % DT__BACKTEST_N_EU_Q],
                 m->choice[f] / DT__BACKTEST_N_EU_Q ? "mean" : "median");
    else if (m->kind == DT__BACKTEST_NBS)
        snprintf(desc, DT__BACKTEST_DESC, "%s %s", util[m->choice[f] / 2],
                 wts[m->choice[f] % 2]);
}

/* FNV-1a, 64 bits, of the string s. */
static uint64_t fnv1a(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ULL;

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
    return h;
}

/* SplitMix64's finaliser (Steele, Lea and Flood 2014): mixes the seed in. */
static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

typedef struct fold_key {
    uint64_t h;   /* seeded hash of the proposal id */
    size_t index; /* dense proposal index (ties: file order) */
} fold_key;

static int cmp_key(const void *a, const void *b)
{
    const fold_key *x = a, *y = b;

    if (x->h != y->h)
        return (x->h > y->h) - (x->h < y->h);
    return (x->index > y->index) - (x->index < y->index);
}

dt_status dt_backtest_folds(const dt_deu *d, const dt_backtest_opts *o,
                            unsigned *fold, dt_error *err)
{
    static const dt_backtest_opts defaults = DT_BACKTEST_OPTS_INIT;
    const dt_allocator *a = d->alloc;
    size_t np = dt_deu_n_proposals(d), ni = dt_deu_n_issues(d), n = 0, i, k;
    fold_key *keys = NULL;
    unsigned *pfold = NULL;
    unsigned char *has = NULL;
    dt_status rc = DT_OK;

    if (!o)
        o = &defaults;
    if (o->folds < 2)
        return dt__error_set(err, DT_EINVAL, "folds must be at least 2, got %u",
                             o->folds);
    keys = dt__backtest_calloc(a, np, sizeof *keys);
    pfold = dt__backtest_calloc(a, np, sizeof *pfold);
    has = dt__backtest_calloc(a, np, 1);
    if (!keys || !pfold || !has) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    for (i = 0; i < ni; i++) {
        const dt_deu_issue *is = dt_deu_issue_at(d, i);

        if (dt__backtest_scoreable(is) && !has[is->proposal_index]) {
            has[is->proposal_index] = 1;
            keys[n].h = mix64(fnv1a(is->proposal) ^ mix64(o->seed));
            keys[n].index = is->proposal_index;
            n++;
        }
    }
    if (n == 0) {
        rc = dt__error_set(err, DT_EINVAL,
                           "no scoreable issue (an outcome and at least 3 "
                           "actors with position and salience)");
        goto out;
    }
    if (n < o->folds) {
        rc = dt__error_set(err, DT_EINVAL,
                           "%zu proposals with scoreable issues, fewer than "
                           "the %u folds",
                           n, o->folds);
        goto out;
    }
    /* Ordered by the seeded hash of the id, dealt to the folds in turn. */
    qsort(keys, n, sizeof *keys, cmp_key);
    for (k = 0; k < n; k++)
        pfold[keys[k].index] = (unsigned)(k % o->folds);
    for (i = 0; i < ni; i++) {
        const dt_deu_issue *is = dt_deu_issue_at(d, i);

        fold[i] =
            dt__backtest_scoreable(is) ? pfold[is->proposal_index] : UINT_MAX;
    }
out:
    dt__backtest_free(a, keys, np, sizeof *keys);
    dt__backtest_free(a, pfold, np, sizeof *pfold);
    dt__backtest_free(a, has, np, 1);
    return rc;
}

/* Each scored issue's fold: dt_backtest_folds's. */
dt_status dt__backtest_folds(dt__backtest_ctx *cx, dt_error *err)
{
    size_t ni = dt_deu_n_issues(cx->d), i;
    unsigned *f = dt__backtest_calloc(cx->b->alloc, ni, sizeof *f);
    dt_status rc;

    if (!f)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    rc = dt_backtest_folds(cx->d, cx->o, f, err);
    for (i = 0; i < ni && rc == DT_OK; i++)
        if (cx->kof[i] != (size_t)-1)
            cx->b->fold[cx->kof[i]] = f[i];
    dt__backtest_free(cx->b->alloc, f, ni, sizeof *f);
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
