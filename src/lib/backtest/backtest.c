/*
 * The backtest: every model on every scoreable DEU issue, parameters
 * fitted by K-fold cross-validation over proposals (training folds only),
 * scores with a bootstrap over proposals for the difference from the
 * compromise model, and forecast intervals from cross-validated residuals.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backtest/backtest_int.h"

/* Q values tried for the eu model, with both forecast statistics. */
static const double eu_q_grid[] = {0.5, 0.6, 0.7, 0.8, 0.9, 1.0};
#define N_EU_Q (sizeof eu_q_grid / sizeof eu_q_grid[0])
/* Ensemble weights move on a simplex grid of this step. */
#define ENS_STEPS 10
/* Most components an ensemble takes (base models). */
#define ENS_MAX 8

/* Model kinds; other registered line models run as DT_BT_LINE. */
typedef enum bt_kind {
    BT_LINE = 0,     /* a line model with fixed options */
    BT_EU = 1,       /* eu with Q fitted */
    BT_NBS = 2,      /* nbs with the variant fitted */
    BT_EXCHANGE = 3, /* exchange across the issues of a proposal */
    BT_ENSEMBLE = 4, /* weighted average of the others */
    BT_SMP = 5       /* KTAB's SMP over the issues of a proposal */
} bt_kind;

static const char *const bt_names[] = {"mean",     "median", "eu",       "nbs",
                                       "exchange", "smp",    "ensemble", NULL};

const char *const *dt_backtest_model_names(void)
{
    return bt_names;
}

/* One model of the run and its candidates (fitted variants). */
typedef struct bt_model {
    const char *name;          /* static */
    bt_kind kind;              /* how predictions are made */
    const dt_model_type *type; /* BT_LINE/EU/NBS: the line model */
    size_t n_cand;             /* candidate variants */
    double *cand;              /* n_cand x n_scored predictions */
    size_t *choice;            /* per fold: chosen candidate */
    double ens_w[ENS_MAX];     /* scratch: ensemble weights */
} bt_model;

struct dt_backtest {
    size_t n_scored;          /* scoreable issues */
    size_t no_outcome;        /* skipped: no outcome */
    size_t few_actors;        /* skipped: fewer than 3 coded actors */
    size_t n_models;          /* models run */
    unsigned folds;           /* K */
    dt_backtest_score *score; /* per model */
    size_t *issue;            /* per scored issue: dataset index */
    unsigned *fold;           /* per scored issue: its fold */
    double *pred;             /* n_models x n_scored out-of-fold forecasts */
    double *lo, *hi;          /* n_models x n_scored intervals */
    char (*fitted)[96];       /* n_models x folds descriptions */
    bt_model *m;              /* per model (freed after the run) */
};

/* Per-run context shared by the helpers. */
typedef struct bt_ctx {
    const dt_deu *d;           /* data set, borrowed */
    const dt_backtest_opts *o; /* options, borrowed */
    dt_backtest *b;            /* the result being built */
    size_t ns;                 /* scored issues */
    double *cap;               /* n_issues x n_actors capabilities */
    double *outcome;           /* per scored issue */
    size_t *prop;              /* per scored issue: proposal index */
    size_t n_prop;             /* proposals in the data set */
} bt_ctx;

/* ---- Capabilities and lines -------------------------------------------- */

static dt_status bt_capabilities(bt_ctx *cx, dt_error *err)
{
    const dt_deu *d = cx->d;
    size_t i, k, na = dt_deu_n_actors(d);

    for (i = 0; i < dt_deu_n_issues(d); i++) {
        const dt_deu_issue *is = dt_deu_issue_at(d, i);

        for (k = 0; k < is->n; k++) {
            size_t a = is->actor[k];
            double c = 1.0;

            if (cx->o->capability == DT_CAPABILITY_COUNCIL) {
                /* No final act coded: Nice weights (backtest.h). */
                c = dt_deu_council_weight(
                    dt_deu_actor(d, a), is->final_year ? is->final_year : 2005);
                if (c < 0.0)
                    return dt__error_set(err, DT_EINVAL,
                                         "no Council weight for actor '%s' "
                                         "(use --capability equal or a "
                                         "table)",
                                         dt_deu_actor(d, a));
            } else if (cx->o->capability == DT_CAPABILITY_TABLE) {
                c = cx->o->cap_table[a];
            }
            cx->cap[i * na + a] = c;
        }
    }
    return DT_OK;
}

/* Issue i as a line; salience 0-100 becomes [0, 1] (scratch arrays). */
static void bt_line(const bt_ctx *cx, size_t i, dt_line *l, const char **ids,
                    size_t *act, double *c, double *s)
{
    const dt_deu_issue *is = dt_deu_issue_at(cx->d, i);
    size_t k, na = dt_deu_n_actors(cx->d);

    for (k = 0; k < is->n; k++) {
        ids[k] = dt_deu_actor(cx->d, is->actor[k]);
        act[k] = is->actor[k];
        c[k] = cx->cap[i * na + is->actor[k]];
        s[k] = is->s[k] / 100.0;
    }
    l->n = is->n;
    l->ids = ids;
    l->actor = act;
    l->x = (double *)is->x;
    l->c = c;
    l->s = s;
    l->has_status_quo = is->has_rp;
    l->status_quo = is->rp;
}

/*
 * Run one line model with options `mo` on every scored issue into out.
 * A model that fails on an issue gives no forecast there (NaN). For nbs,
 * "no agreement" (NaN) means the status quo stays: it is scored as rp.
 */
static dt_status bt_run_line(bt_ctx *cx, const dt_model_type *t,
                             const dt_model_opts *mo, int nbs, double *out,
                             double *out_mean, size_t *no_agreement,
                             dt_error *err)
{
    size_t na = dt_deu_n_actors(cx->d), k;
    const char **ids = NULL;
    size_t *act = NULL;
    double *c = NULL, *s = NULL;
    dt_model *m = NULL;
    dt_status rc;

    ids = calloc(na, sizeof *ids);
    act = calloc(na, sizeof *act);
    c = calloc(na, sizeof *c);
    s = calloc(na, sizeof *s);
    if (!ids || !act || !c || !s) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    rc = dt_model_new(t, na, mo, NULL, &m, err);
    if (rc != DT_OK)
        goto out;
    if (no_agreement)
        *no_agreement = 0;
    for (k = 0; k < cx->ns; k++) {
        size_t i = cx->b->issue[k];
        dt_model_result r;
        dt_line l;
        dt_status mrc;

        bt_line(cx, i, &l, ids, act, c, s);
        mrc = dt_model_solve(m, &l, NULL, &r, NULL);
        if (mrc == DT_ENOMEM) {
            rc = dt__error_set(err, DT_ENOMEM, "out of memory");
            goto out;
        }
        out[k] = mrc == DT_OK || mrc == DT_NOT_CONVERGED ? r.point : DT__NAN;
        if (out_mean)
            out_mean[k] = isnan(out[k]) ? DT__NAN : r.mean;
        if (nbs && isnan(out[k]) && mrc == DT_OK && l.has_status_quo) {
            out[k] = l.status_quo;
            if (no_agreement)
                (*no_agreement)++;
        }
    }
    rc = DT_OK;
out:
    dt_model_free(m);
    free(ids);
    free(act);
    free(c);
    free(s);
    return rc;
}

/*
 * The exchange model on each proposal: its issues with at least 3 coded
 * actors form one problem (actors = all data set actors, NaN where not
 * coded); the final expected outcomes are the forecasts.
 */
static dt_status bt_run_exchange(bt_ctx *cx, double *out, dt_error *err)
{
    const dt_deu *d = cx->d;
    size_t na = dt_deu_n_actors(d), ni = dt_deu_n_issues(d);
    size_t *iss = NULL, p, i, k, j;
    double *x = NULL, *s = NULL, *c = NULL, *fc = NULL;
    dt_status rc = DT_OK;

    iss = calloc(ni + 1, sizeof *iss);
    x = calloc(ni * na + 1, sizeof *x);
    s = calloc(ni * na + 1, sizeof *s);
    c = calloc(ni * na + 1, sizeof *c);
    fc = calloc(ni + 1, sizeof *fc);
    if (!iss || !x || !s || !c || !fc) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    for (i = 0; i < ni; i++)
        fc[i] = DT__NAN;
    for (p = 0; p < cx->n_prop; p++) {
        dt_exchange_problem pb;
        dt_exchange_result r = DT_EXCHANGE_RESULT_INIT;
        size_t m = 0;

        for (i = 0; i < ni; i++) {
            const dt_deu_issue *is = dt_deu_issue_at(d, i);

            if (is->proposal_index == p && is->n >= 3)
                iss[m++] = i;
        }
        if (m == 0)
            continue;
        for (j = 0; j < na * m; j++) {
            x[j] = DT__NAN;
            s[j] = c[j] = 0.0;
        }
        for (j = 0; j < m; j++) {
            const dt_deu_issue *is = dt_deu_issue_at(d, iss[j]);

            for (k = 0; k < is->n; k++) {
                size_t a = is->actor[k];

                x[a * m + j] = is->x[k];
                s[a * m + j] = is->s[k];
                c[a * m + j] = cx->cap[iss[j] * na + a];
            }
        }
        pb.n_actors = na;
        pb.n_issues = m;
        pb.x = x;
        pb.s = s;
        pb.c = c;
        rc = dt_exchange_solve(&pb, NULL, NULL, &r, err);
        if (rc != DT_OK)
            goto out;
        for (j = 0; j < m; j++)
            fc[iss[j]] = r.outcome[j];
        dt_exchange_result_release(&r, NULL);
    }
    for (k = 0; k < cx->ns; k++)
        out[k] = fc[cx->b->issue[k]];
out:
    free(iss);
    free(x);
    free(s);
    free(c);
    free(fc);
    return rc;
}

/*
 * KTAB's spatial model of politics on each proposal (docs/accuracy.md):
 * the proposal's scored issues are the dimensions of one space, with
 * KTAB's default options (deterministic transitions). The actors are
 * those coded on any of these issues with a capability > 0 (a state with
 * no Council weight in the period has no say) and some salience. An actor
 * not coded on an issue of the proposal is treated as
 * dt_space_from_scenario() treats an actor without a stake: salience 0
 * there and position at the reference point (50 when none is coded), so
 * it cannot weigh on that issue's forecast. Positions are divided by 100;
 * saliences by 100 and then, when a row sums past 1, by its sum, since
 * SMP reads them as shares of attention (smp.h). An actor's capability is
 * its largest on the proposal's issues (they share a final act, so in
 * practice one value). The forecast per issue is dt_smp_result()'s point:
 * the capability x salience weighted mean of the final positions. A
 * proposal with fewer than 2 such actors gets no forecast (NaN).
 */
static dt_status bt_run_smp(bt_ctx *cx, double *out, dt_error *err)
{
    const dt_deu *d = cx->d;
    size_t na = dt_deu_n_actors(d), ns = cx->ns;
    size_t *dim = NULL, *row = NULL, p, k, j, a;
    double *x = NULL, *s = NULL, *c = NULL;
    dt_space *sp = NULL;
    dt_smp *m = NULL;
    dt_status rc = DT_OK;

    dim = calloc(ns + 1, sizeof *dim);
    row = calloc(na + 1, sizeof *row);
    x = calloc(ns * na + 1, sizeof *x);
    s = calloc(ns * na + 1, sizeof *s);
    c = calloc(na + 1, sizeof *c);
    if (!dim || !row || !x || !s || !c) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    for (k = 0; k < ns; k++)
        out[k] = DT__NAN;
    for (p = 0; p < cx->n_prop; p++) {
        dt_smp_opts so = DT_SMP_OPTS_INIT;
        size_t nd = 0, n = 0;

        for (k = 0; k < ns; k++)
            if (cx->prop[k] == p)
                dim[nd++] = k;
        if (nd == 0)
            continue;
        /* Dense tables over all data set actors (nd columns each). */
        for (a = 0; a < na; a++) {
            c[a] = 0.0;
            for (j = 0; j < nd; j++) {
                const dt_deu_issue *is =
                    dt_deu_issue_at(d, cx->b->issue[dim[j]]);

                x[a * nd + j] = is->has_rp ? is->rp / 100.0 : 0.5;
                s[a * nd + j] = 0.0;
            }
        }
        for (j = 0; j < nd; j++) {
            size_t i = cx->b->issue[dim[j]];
            const dt_deu_issue *is = dt_deu_issue_at(d, i);

            for (k = 0; k < is->n; k++) {
                a = is->actor[k];
                x[a * nd + j] = is->x[k] / 100.0;
                s[a * nd + j] = is->s[k] / 100.0;
                c[a] = fmax(c[a], cx->cap[i * na + a]);
            }
        }
        for (a = 0; a < na; a++) {
            double tot = 0.0;

            for (j = 0; j < nd; j++)
                tot += s[a * nd + j];
            row[a] = c[a] > 0.0 && tot > 0.0 ? n++ : (size_t)-1;
            if (tot > 1.0)
                for (j = 0; j < nd; j++)
                    s[a * nd + j] /= tot;
        }
        if (n < 2)
            continue;
        rc = dt_space_new(n, nd, &sp, err);
        if (rc != DT_OK)
            goto out;
        for (a = 0; a < na; a++) {
            if (row[a] == (size_t)-1)
                continue;
            sp->ids[row[a]] = dt_deu_actor(d, a);
            sp->c[row[a]] = c[a];
            memcpy(sp->x + row[a] * nd, x + a * nd, nd * sizeof *x);
            memcpy(sp->s + row[a] * nd, s + a * nd, nd * sizeof *s);
        }
        for (j = 0; j < nd; j++) {
            sp->issue[j] = cx->b->issue[dim[j]];
            sp->dims[j] = dt_deu_issue_at(d, sp->issue[j])->id;
        }
        /* Deterministic transitions ignore the seed; set it all the same
         * from the backtest seed and the proposal, should that change. */
        so.seed = cx->o->seed ^ ((uint64_t)p * 0x9e3779b97f4a7c15ULL);
        rc = dt_smp_new(sp, &so, &m, err);
        if (rc != DT_OK)
            goto out;
        rc = dt_smp_run(m, err);
        if (rc != DT_OK && rc != DT_NOT_CONVERGED)
            goto out;
        rc = DT_OK;
        for (j = 0; j < nd; j++) {
            dt_model_result r;

            dt_smp_result(m, j, &r, NULL);
            out[dim[j]] = r.point;
        }
        dt_smp_free(m);
        m = NULL;
        dt_space_free(sp);
        sp = NULL;
    }
out:
    dt_smp_free(m);
    dt_space_free(sp);
    free(dim);
    free(row);
    free(x);
    free(s);
    free(c);
    return rc;
}

/* ---- Fitting on training folds ------------------------------------------ */

/* MAE of pred on the issues of folds other than f (test = f). */
static double bt_train_mae(const bt_ctx *cx, const double *pred, unsigned f)
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
static void bt_choose(bt_ctx *cx, bt_model *m)
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

/* The forecast of model m for issue k under fold f's fitted choice. */
static double bt_fold_pred(const bt_ctx *cx, const bt_model *m, unsigned f,
                           size_t k)
{
    return m->cand[m->choice[f] * cx->ns + k];
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
static void bt_ensemble(bt_ctx *cx, bt_model *ms, size_t n_base, size_t mean,
                        size_t ens, unsigned f, double *all)
{
    unsigned w[ENS_MAX], best_w[ENS_MAX];
    double best = HUGE_VAL;
    size_t k, j, nb = n_base < ENS_MAX ? n_base : ENS_MAX;
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
                double v = bt_fold_pred(cx, &ms[j], f, k);

                if (isnan(v))
                    v = bt_fold_pred(cx, &ms[mean], f, k);
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
            double v = bt_fold_pred(cx, &ms[j], f, k);

            if (isnan(v))
                v = bt_fold_pred(cx, &ms[mean], f, k);
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
static void bt_interval(bt_ctx *cx, size_t mi, unsigned f, double *res)
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

static dt_status bt_score(bt_ctx *cx, size_t mi, size_t mean_i,
                          const unsigned *counts, unsigned boot, dt_error *err)
{
    dt_backtest *b = cx->b;
    dt_backtest_score *sc = &b->score[mi];
    const double *p = b->pred + mi * cx->ns, *pm = b->pred + mean_i * cx->ns;
    double *ae = NULL, *psum = NULL, *bd = NULL, sum = 0.0, sq = 0.0;
    double dsum = 0.0, cov = 0.0, width = 0.0;
    size_t k, n = 0, nd = 0, ni = 0, *pn = NULL, q;
    unsigned r;
    dt_status rc = DT_OK;

    ae = calloc(cx->ns + 1, sizeof *ae);
    psum = calloc(cx->n_prop + 1, sizeof *psum);
    pn = calloc(cx->n_prop + 1, sizeof *pn);
    bd = calloc(boot + 1, sizeof *bd);
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
    free(ae);
    free(psum);
    free(pn);
    free(bd);
    return rc;
}

/* ---- The run ------------------------------------------------------------- */

static dt_status bt_check(const dt_backtest_opts *o, dt_error *err)
{
    if (o->folds < 2)
        return dt__error_set(err, DT_EINVAL,
                             "folds must be at least 2, got "
                             "%u",
                             o->folds);
    if (o->bootstrap < 1 || o->bootstrap > 1000000)
        return dt__error_set(err, DT_EINVAL,
                             "bootstrap resamples must be 1-1000000, got %u",
                             o->bootstrap);
    if (!(o->level > 0.0 && o->level < 1.0))
        return dt__error_set(err, DT_EINVAL,
                             "interval level must be in (0, 1), got %g",
                             o->level);
    if (o->capability == DT_CAPABILITY_TABLE && !o->cap_table)
        return dt__error_set(err, DT_EINVAL, "no capability table given");
    if ((unsigned)o->capability > DT_CAPABILITY_TABLE)
        return dt__error_set(err, DT_EINVAL, "invalid capability convention");
    return dt_model_opts_check(&o->model_opts, err);
}

/* Whether `name` is asked for (NULL list = every model). */
static int bt_wanted(const dt_backtest_opts *o, const char *name)
{
    size_t k;

    if (!o->models)
        return 1;
    for (k = 0; o->models[k]; k++)
        if (strcmp(o->models[k], name) == 0)
            return 1;
    return 0;
}

/* Set up the list of models (mean always runs: it is the yardstick). */
static dt_status bt_models(bt_ctx *cx, dt_error *err)
{
    const dt_model_type *const *types = dt_model_types();
    dt_backtest *b = cx->b;
    size_t k, t, cap = 8;

    if (cx->o->models) {
        for (k = 0; cx->o->models[k]; k++) {
            int known = 0;

            for (t = 0; bt_names[t]; t++)
                known |= strcmp(bt_names[t], cx->o->models[k]) == 0;
            known |= dt_model_find(cx->o->models[k]) != NULL;
            if (!known)
                return dt__error_set(err, DT_EINVAL,
                                     "unknown model '%s' (known: mean, "
                                     "median, eu, nbs, exchange, smp, "
                                     "ensemble "
                                     "and the registered line models)",
                                     cx->o->models[k]);
        }
    }
    for (t = 0; types[t]; t++)
        cap++;
    b->m = calloc(cap, sizeof *b->m);
    if (!b->m)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    /* mean first: index 0 is the compromise model. */
    b->m[b->n_models++] =
        (bt_model){"mean", BT_LINE, &dt_model_mean, 1, NULL, NULL, {0}};
    if (bt_wanted(cx->o, "median"))
        b->m[b->n_models++] =
            (bt_model){"median", BT_LINE, &dt_model_median, 1, NULL, NULL, {0}};
    if (bt_wanted(cx->o, "eu"))
        b->m[b->n_models++] =
            (bt_model){"eu", BT_EU, &dt_model_eu, 2 * N_EU_Q, NULL, NULL, {0}};
    if (bt_wanted(cx->o, "nbs"))
        b->m[b->n_models++] =
            (bt_model){"nbs", BT_NBS, &dt_model_nbs, 4, NULL, NULL, {0}};
    if (bt_wanted(cx->o, "exchange"))
        b->m[b->n_models++] =
            (bt_model){"exchange", BT_EXCHANGE, NULL, 1, NULL, NULL, {0}};
    if (bt_wanted(cx->o, "smp"))
        b->m[b->n_models++] =
            (bt_model){"smp", BT_SMP, NULL, 1, NULL, NULL, {0}};
    /* Every other registered line model takes part with its defaults. */
    for (t = 0; types[t]; t++) {
        const char *nm = types[t]->name;

        if (strcmp(nm, "mean") == 0 || strcmp(nm, "median") == 0 ||
            strcmp(nm, "eu") == 0 || strcmp(nm, "nbs") == 0 ||
            !bt_wanted(cx->o, nm))
            continue;
        b->m[b->n_models++] =
            (bt_model){nm, BT_LINE, types[t], 1, NULL, NULL, {0}};
    }
    if (bt_wanted(cx->o, "ensemble"))
        b->m[b->n_models++] =
            (bt_model){"ensemble", BT_ENSEMBLE, NULL, 1, NULL, NULL, {0}};
    for (k = 0; k < b->n_models; k++) {
        b->m[k].cand = calloc(b->m[k].n_cand * cx->ns + 1, sizeof(double));
        b->m[k].choice = calloc(b->folds + 1, sizeof(size_t));
        if (!b->m[k].cand || !b->m[k].choice)
            return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    return DT_OK;
}

/* Candidate forecasts of model m on every scored issue. */
static dt_status bt_candidates(bt_ctx *cx, bt_model *m, size_t *no_agreement,
                               dt_error *err)
{
    dt_model_opts mo = cx->o->model_opts;
    size_t v;
    dt_status rc = DT_OK;

    switch (m->kind) {
    case BT_LINE:
        return bt_run_line(cx, m->type, &mo, 0, m->cand, NULL, NULL, err);
    case BT_EU:
        /*
         * Variants: Q grid x forecast statistic (median, mean). The
         * statistic does not change the run, so one run gives both.
         */
        mo.point = DT_EU_POINT_MEDIAN;
        for (v = 0; v < N_EU_Q && rc == DT_OK; v++) {
            mo.q = eu_q_grid[v];
            rc = bt_run_line(cx, m->type, &mo, 0, m->cand + v * cx->ns,
                             m->cand + (v + N_EU_Q) * cx->ns, NULL, err);
        }
        return rc;
    case BT_NBS:
        /* Variants: utility (quadratic, linear) x weights (equal, cap). */
        for (v = 0; v < m->n_cand && rc == DT_OK; v++) {
            size_t na = 0;

            mo.nbs_utility = (dt_nbs_utility)(v / 2);
            mo.nbs_weights = (dt_nbs_weights)(v % 2);
            rc = bt_run_line(cx, m->type, &mo, 1, m->cand + v * cx->ns, NULL,
                             &na, err);
            if (v == 0)
                *no_agreement = na;
        }
        return rc;
    case BT_EXCHANGE:
        return bt_run_exchange(cx, m->cand, err);
    case BT_SMP:
        return bt_run_smp(cx, m->cand, err);
    case BT_ENSEMBLE:
        break;
    }
    return DT_OK;
}

static void bt_describe(bt_ctx *cx, size_t mi, unsigned f)
{
    const bt_model *m = &cx->b->m[mi];
    char *desc = cx->b->fitted[mi * cx->b->folds + f];
    static const char *const util[] = {"quadratic", "linear"};
    static const char *const wts[] = {"equal", "capability"};

    if (m->kind == BT_EU)
        snprintf(desc, 96, "Q=%g, point %s", eu_q_grid[m->choice[f] % N_EU_Q],
                 m->choice[f] / N_EU_Q ? "mean" : "median");
    else if (m->kind == BT_NBS)
        snprintf(desc, 96, "%s %s", util[m->choice[f] / 2],
                 wts[m->choice[f] % 2]);
}

/* Folds: proposals shuffled with the seeded generator, dealt in turn. */
static dt_status bt_folds(bt_ctx *cx, dt_error *err)
{
    size_t *perm = NULL, *pfold = NULL, n = 0, k, p;
    unsigned char *has = NULL;
    dt_rng rng;
    dt_status rc = DT_OK;

    perm = calloc(cx->n_prop + 1, sizeof *perm);
    pfold = calloc(cx->n_prop + 1, sizeof *pfold);
    has = calloc(cx->n_prop + 1, 1);
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
    free(perm);
    free(pfold);
    free(has);
    return rc;
}

/* Multiplicities of proposals in each bootstrap resample. */
static dt_status bt_resamples(bt_ctx *cx, unsigned **counts, dt_error *err)
{
    size_t n = 0, k, p;
    unsigned char *has = calloc(cx->n_prop + 1, 1);
    size_t *list = calloc(cx->n_prop + 1, sizeof *list);
    unsigned r;
    dt_rng rng;

    *counts =
        calloc((size_t)cx->o->bootstrap * cx->n_prop + 1, sizeof **counts);
    if (!has || !list || !*counts) {
        free(has);
        free(list);
        return dt__error_set(err, DT_ENOMEM, "out of memory");
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
    free(has);
    free(list);
    return DT_OK;
}

static dt_status bt_alloc(dt_backtest *b, size_t ns, size_t nm, dt_error *err)
{
    size_t k;

    b->score = calloc(nm + 1, sizeof *b->score);
    b->pred = calloc(nm * ns + 1, sizeof *b->pred);
    b->lo = calloc(nm * ns + 1, sizeof *b->lo);
    b->hi = calloc(nm * ns + 1, sizeof *b->hi);
    b->fitted = calloc(nm * b->folds + 1, sizeof *b->fitted);
    if (!b->score || !b->pred || !b->lo || !b->hi || !b->fitted)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    for (k = 0; k < nm * ns; k++)
        b->pred[k] = b->lo[k] = b->hi[k] = DT__NAN;
    return DT_OK;
}

dt_status dt_backtest_run(const dt_deu *d, const dt_backtest_opts *o,
                          dt_backtest **out, dt_error *err)
{
    static const dt_backtest_opts defaults = DT_BACKTEST_OPTS_INIT;
    bt_ctx cx;
    dt_backtest *b = NULL;
    unsigned *counts = NULL;
    double *res = NULL;
    size_t i, k, mi, ni = dt_deu_n_issues(d), mean_i = 0, n_base = 0;
    size_t no_agreement = 0;
    unsigned f;
    dt_status rc;

    *out = NULL;
    memset(&cx, 0, sizeof cx);
    if (!o)
        o = &defaults;
    rc = bt_check(o, err);
    if (rc != DT_OK)
        return rc;
    b = calloc(1, sizeof *b);
    cx.cap = calloc(ni * dt_deu_n_actors(d) + 1, sizeof *cx.cap);
    cx.outcome = calloc(ni + 1, sizeof *cx.outcome);
    cx.prop = calloc(ni + 1, sizeof *cx.prop);
    if (!b || !cx.cap || !cx.outcome || !cx.prop) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    cx.d = d;
    cx.o = o;
    cx.b = b;
    cx.n_prop = dt_deu_n_proposals(d);
    b->folds = o->folds;
    b->issue = calloc(ni + 1, sizeof *b->issue);
    b->fold = calloc(ni + 1, sizeof *b->fold);
    if (!b->issue || !b->fold) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    /* Scoring convention: an outcome and at least 3 coded actors. */
    for (i = 0; i < ni; i++) {
        const dt_deu_issue *is = dt_deu_issue_at(d, i);

        if (!is->has_outcome) {
            b->no_outcome++;
            continue;
        }
        if (is->n < 3) {
            b->few_actors++;
            continue;
        }
        b->issue[cx.ns] = i;
        cx.outcome[cx.ns] = is->outcome;
        cx.prop[cx.ns] = is->proposal_index;
        cx.ns++;
    }
    b->n_scored = cx.ns;
    if (cx.ns == 0) {
        rc = dt__error_set(err, DT_EINVAL,
                           "no scoreable issue (an outcome and at least 3 "
                           "actors with position and salience)");
        goto out;
    }
    rc = bt_capabilities(&cx, err);
    if (rc == DT_OK)
        rc = bt_folds(&cx, err);
    if (rc == DT_OK)
        rc = bt_models(&cx, err);
    if (rc == DT_OK)
        rc = bt_alloc(b, cx.ns, b->n_models, err);
    if (rc != DT_OK)
        goto out;
    res = calloc(cx.ns + 1, sizeof *res);
    if (!res) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    for (mi = 0; mi < b->n_models; mi++) {
        bt_model *m = &b->m[mi];

        b->score[mi].name = m->name;
        if (m->kind == BT_ENSEMBLE)
            continue;
        n_base++;
        rc = bt_candidates(&cx, m, &no_agreement, err);
        if (rc != DT_OK)
            goto out;
        if (m->kind == BT_NBS)
            b->score[mi].no_agreement = no_agreement;
        bt_choose(&cx, m);
        for (f = 0; f < b->folds; f++)
            bt_describe(&cx, mi, f);
        for (k = 0; k < cx.ns; k++)
            b->pred[mi * cx.ns + k] = bt_fold_pred(&cx, m, b->fold[k], k);
    }
    /*
     * Ensemble forecasts, then intervals from the training residuals of
     * each fold's fit (res holds every issue's forecast under that fit).
     */
    for (mi = 0; mi < b->n_models; mi++) {
        bt_model *m = &b->m[mi];

        for (f = 0; f < b->folds; f++) {
            if (m->kind == BT_ENSEMBLE) {
                bt_ensemble(&cx, b->m, n_base, mean_i, mi, f, res);
                for (k = 0; k < cx.ns; k++)
                    if (b->fold[k] == f)
                        b->pred[mi * cx.ns + k] = res[k];
            } else {
                for (k = 0; k < cx.ns; k++)
                    res[k] = bt_fold_pred(&cx, m, f, k);
            }
            bt_interval(&cx, mi, f, res);
        }
    }
    rc = bt_resamples(&cx, &counts, err);
    for (mi = 0; mi < b->n_models && rc == DT_OK; mi++)
        rc = bt_score(&cx, mi, mean_i, counts, o->bootstrap, err);
    if (rc != DT_OK)
        goto out;
    *out = b;
    b = NULL;
out:
    free(counts);
    free(res);
    free(cx.cap);
    free(cx.outcome);
    free(cx.prop);
    if (*out) {
        for (mi = 0; mi < (*out)->n_models; mi++) {
            free((*out)->m[mi].cand);
            free((*out)->m[mi].choice);
        }
        free((*out)->m);
        (*out)->m = NULL;
    }
    dt_backtest_free(b);
    return rc;
}

void dt_backtest_free(dt_backtest *b)
{
    size_t k;

    if (!b)
        return;
    if (b->m) {
        for (k = 0; k < b->n_models; k++) {
            free(b->m[k].cand);
            free(b->m[k].choice);
        }
        free(b->m);
    }
    free(b->score);
    free(b->issue);
    free(b->fold);
    free(b->pred);
    free(b->lo);
    free(b->hi);
    free(b->fitted);
    free(b);
}

size_t dt_backtest_n_scored(const dt_backtest *b)
{
    return b->n_scored;
}

size_t dt_backtest_skipped(const dt_backtest *b, size_t *no_outcome,
                           size_t *few_actors)
{
    if (no_outcome)
        *no_outcome = b->no_outcome;
    if (few_actors)
        *few_actors = b->few_actors;
    return b->no_outcome + b->few_actors;
}

size_t dt_backtest_n_models(const dt_backtest *b)
{
    return b->n_models;
}

const dt_backtest_score *dt_backtest_score_at(const dt_backtest *b, size_t m)
{
    return m < b->n_models ? &b->score[m] : NULL;
}

size_t dt_backtest_issue(const dt_backtest *b, size_t k, unsigned *fold)
{
    if (fold)
        *fold = b->fold[k];
    return b->issue[k];
}

void dt_backtest_prediction(const dt_backtest *b, size_t k, size_t m,
                            double *point, double *lo, double *hi)
{
    size_t j = m * b->n_scored + k;

    if (point)
        *point = b->pred[j];
    if (lo)
        *lo = b->lo[j];
    if (hi)
        *hi = b->hi[j];
}

const char *dt_backtest_fitted(const dt_backtest *b, size_t m, unsigned f)
{
    if (m >= b->n_models || f >= b->folds)
        return "";
    return b->fitted[m * b->folds + f];
}
