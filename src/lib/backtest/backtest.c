/*
 * The backtest: every model on every scoreable DEU issue (each proposal
 * a scenario built with the scenario builder, forecast by the forecast
 * driver), parameters fitted by K-fold cross-validation over proposals
 * (training folds only), scores with a bootstrap over proposals for the
 * difference from the compromise model, and forecast intervals from
 * cross-validated residuals.
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
    const dt_allocator *alloc; /* the data set's hook, borrowed */
    const dt_deu *d;           /* the data set, borrowed */
    dt_backtest_opts o;        /* options (models, cap_table cleared) */
    char *cap_source;          /* o.capability_source, copied, or NULL */
    size_t n_data;             /* issues in the data set */
    size_t n_scored;           /* scoreable issues */
    size_t no_outcome;         /* skipped: no outcome */
    size_t few_actors;         /* skipped: fewer than 3 coded actors */
    size_t n_models;           /* models run */
    unsigned folds;            /* K */
    dt_backtest_score *score;  /* per model */
    size_t *issue;             /* per scored issue: dataset index */
    unsigned *fold;            /* per scored issue: its fold */
    double *pred;              /* n_models x n_scored out-of-fold forecasts */
    double *lo, *hi;           /* n_models x n_scored intervals */
    char (*fitted)[96];        /* n_models x folds descriptions */
    bt_model *m;               /* per model (freed after the run) */
    size_t m_cap;              /* entries allocated in m */
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
    size_t *kof;               /* per data set issue: scored index or -1 */
    struct bt_prop *props;     /* per proposal: its scenarios */
} bt_ctx;

/*
 * Allocation through the data set's hook: n + 1 elements (never 0
 * bytes), freed with the same n.
 */
static void *bt_calloc(const dt_allocator *a, size_t n, size_t size)
{
    return dt__calloc(a, n + 1, size);
}

static void bt_free(const dt_allocator *a, void *p, size_t n, size_t size)
{
    dt__free(a, p, (n + 1) * size);
}

/* ---- Capabilities ------------------------------------------------------ */

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
                /* No final act coded: Nice weights (deu.h). */
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

/* ---- The proposals as scenarios ----------------------------------------- */

/*
 * Every forecast of the backtest is made by the forecast driver
 * (forecast.h) on scenarios built, one set per proposal, with the
 * scenario builder (scenario.h); the backtest has no model loop of its
 * own. Per proposal:
 *
 * - `line`: every data set actor, in data set order (so scenario and data
 *   set actor indices agree), and the proposal's scored issues; each
 *   coded actor has a stake with its position, its
 *   salience (0-100, which the models read divided by 100) and its
 *   capability on the issue (for the Council weights, those of the
 *   issue's period) as the stake's own capability; the status quo is the
 *   reference point. The one-issue models run on it.
 * - `raw`: the same over every issue of the proposal with at least 3
 *   coded actors (scored or not: the exchange model trades across all
 *   of them) and with salience divisor 1, so that the exchange model
 *   reads the coded 0-100 saliences as they are: its gains are
 *   compared with an absolute threshold (dt_exchange_opts.min_gain), so
 *   the scale is not neutral to the last bit.
 * - `smp`: KTAB's spatial model of politics (docs/accuracy.md): the
 *   proposal's scored issues are the dimensions of one space, with KTAB's
 *   default options (deterministic transitions). The actors are those
 *   coded on any of these issues with a capability > 0 (a state with no
 *   Council weight in the period has no say) and some salience; an actor
 *   not coded on an issue has no stake there, which smp reads as salience
 *   0 at the reference point (50 when none is coded), so it cannot weigh
 *   on that issue's forecast. An actor's capability is its largest on
 *   these issues (they share a final act, so in practice one value). A
 *   proposal with fewer than 2 such actors gets no smp forecast (NaN).
 */
typedef struct bt_prop {
    dt_scenario *line; /* the one-issue models' scenario, or NULL */
    dt_scenario *raw;  /* the exchange model's, or NULL */
    dt_scenario *smp;  /* smp's, or NULL */
    size_t n_coded;    /* issues with at least 3 coded actors: raw's */
    size_t *coded;     /* their data set issue indices */
    size_t n_scored;   /* the scored ones among them: line's and smp's */
    size_t *scored;    /* their data set issue indices */
} bt_prop;

/*
 * Add issue `is` to the builder with status quo sq. A DEU issue number
 * the scenario format does not take as an id (or a repeated one) is
 * replaced by the issue's line in the file ("line12").
 */
static dt_status bt_add_issue(dt_scenario_builder *sb, const dt_deu_issue *is,
                              dt_error *err)
{
    double sq = is->has_rp ? is->rp : DT__NAN;
    char id[32];
    dt_status rc =
        dt_scenario_builder_add_issue(sb, is->id, is->id, sq, NULL, err);

    if (rc != DT_ESCENARIO)
        return rc;
    snprintf(id, sizeof id, "line%u", is->line);
    return dt_scenario_builder_add_issue(sb, id, id, sq, NULL, err);
}

/* Add data set actor a with capability c; "actor3" when its code fails. */
static dt_status bt_add_actor(dt_scenario_builder *sb, const dt_deu *d,
                              size_t a, double c, size_t *index, dt_error *err)
{
    char id[48];
    dt_status rc = dt_scenario_builder_add_actor(sb, dt_deu_actor(d, a),
                                                 dt_deu_actor(d, a),
                                                 DT_ROLE_TABLE, c, index, err);

    if (rc != DT_ESCENARIO)
        return rc;
    snprintf(id, sizeof id, "actor%zu", a);
    return dt_scenario_builder_add_actor(sb, id, id, DT_ROLE_TABLE, c, index,
                                         err);
}

/* A builder named after issue i's proposal (or "proposal" if it cannot). */
static dt_status bt_builder_new(const dt_deu *d, size_t i,
                                dt_scenario_builder **sb, dt_error *err)
{
    dt_status rc = dt_scenario_builder_new(dt_deu_issue_at(d, i)->proposal,
                                           d->alloc, sb, err);

    if (rc != DT_ESCENARIO)
        return rc;
    return dt_scenario_builder_new("proposal", d->alloc, sb, err);
}

/*
 * The scenario of the m issues iss[] with every data set actor, saliences
 * read divided by `divisor` (see bt_prop: `line` and `raw`).
 */
static dt_status bt_build_line(const bt_ctx *cx, const size_t *iss, size_t m,
                               double divisor, dt_scenario **out, dt_error *err)
{
    const dt_deu *d = cx->d;
    size_t na = dt_deu_n_actors(d), a, j, k;
    dt_scenario_builder *sb = NULL;
    dt_status rc;

    rc = bt_builder_new(d, iss[0], &sb, err);
    for (a = 0; a < na && rc == DT_OK; a++) {
        double c = 0.0;

        for (j = 0; j < m; j++) {
            const dt_deu_issue *is = dt_deu_issue_at(d, iss[j]);

            for (k = 0; k < is->n; k++)
                if (is->actor[k] == a)
                    c = fmax(c, cx->cap[iss[j] * na + a]);
        }
        rc = bt_add_actor(sb, d, a, c, NULL, err);
    }
    for (j = 0; j < m && rc == DT_OK; j++)
        rc = bt_add_issue(sb, dt_deu_issue_at(d, iss[j]), err);
    for (j = 0; j < m && rc == DT_OK; j++) {
        const dt_deu_issue *is = dt_deu_issue_at(d, iss[j]);

        for (k = 0; k < is->n && rc == DT_OK; k++)
            rc = dt_scenario_builder_add_stake(
                sb, is->actor[k], j, is->x[k], is->s[k],
                cx->cap[iss[j] * na + is->actor[k]], err);
    }
    if (rc == DT_OK)
        rc = dt_scenario_builder_set_salience_divisor(sb, divisor, err);
    if (rc == DT_OK)
        rc = dt_scenario_builder_finish(sb, out, err);
    dt_scenario_builder_free(sb);
    return rc;
}

/* The `smp` scenario of the nd scored issues iss[] (see bt_prop). */
static dt_status bt_build_smp(const bt_ctx *cx, const size_t *iss, size_t nd,
                              bt_prop *pr, dt_error *err)
{
    const dt_deu *d = cx->d;
    size_t na = dt_deu_n_actors(d), a, j, k, n = 0;
    size_t *row = NULL;
    double *c = NULL;
    int *some = NULL;
    dt_scenario_builder *sb = NULL;
    dt_status rc = DT_OK;

    row = bt_calloc(d->alloc, na, sizeof *row);
    c = bt_calloc(d->alloc, na, sizeof *c);
    some = bt_calloc(d->alloc, na, sizeof *some);
    if (!row || !c || !some) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    for (j = 0; j < nd; j++) {
        const dt_deu_issue *is = dt_deu_issue_at(d, iss[j]);

        for (k = 0; k < is->n; k++) {
            a = is->actor[k];
            c[a] = fmax(c[a], cx->cap[iss[j] * na + a]);
            some[a] |= is->s[k] > 0.0;
        }
    }
    for (a = 0; a < na; a++)
        n += c[a] > 0.0 && some[a];
    if (n < 2)
        goto out;
    rc = bt_builder_new(d, iss[0], &sb, err);
    for (a = 0; a < na && rc == DT_OK; a++) {
        row[a] = (size_t)-1;
        if (c[a] > 0.0 && some[a])
            rc = bt_add_actor(sb, d, a, c[a], &row[a], err);
    }
    for (j = 0; j < nd && rc == DT_OK; j++)
        rc = bt_add_issue(sb, dt_deu_issue_at(d, iss[j]), err);
    for (j = 0; j < nd && rc == DT_OK; j++) {
        const dt_deu_issue *is = dt_deu_issue_at(d, iss[j]);

        for (k = 0; k < is->n && rc == DT_OK; k++)
            if (row[is->actor[k]] != (size_t)-1)
                rc = dt_scenario_builder_add_stake(
                    sb, row[is->actor[k]], j, is->x[k], is->s[k], DT__NAN, err);
    }
    if (rc == DT_OK)
        rc = dt_scenario_builder_finish(sb, &pr->smp, err);
out:
    dt_scenario_builder_free(sb);
    bt_free(d->alloc, row, na, sizeof *row);
    bt_free(d->alloc, c, na, sizeof *c);
    bt_free(d->alloc, some, na, sizeof *some);
    return rc;
}

static void bt_props_free(bt_ctx *cx)
{
    size_t p, ni;

    if (!cx->props)
        return;
    ni = dt_deu_n_issues(cx->d);
    for (p = 0; p < cx->n_prop; p++) {
        dt_scenario_free(cx->props[p].line);
        dt_scenario_free(cx->props[p].raw);
        dt_scenario_free(cx->props[p].smp);
        bt_free(cx->d->alloc, cx->props[p].coded, ni, sizeof(size_t));
        bt_free(cx->d->alloc, cx->props[p].scored, ni, sizeof(size_t));
    }
    bt_free(cx->d->alloc, cx->props, cx->n_prop, sizeof *cx->props);
    cx->props = NULL;
}

/*
 * Every proposal's scenarios: `line` always, `raw` when the exchange
 * model runs, `smp` when smp does.
 */
static dt_status bt_props(bt_ctx *cx, int raw, int smp, dt_error *err)
{
    const dt_deu *d = cx->d;
    size_t ni = dt_deu_n_issues(d), p, i;
    dt_status rc = DT_OK;

    cx->props = bt_calloc(d->alloc, cx->n_prop, sizeof *cx->props);
    if (!cx->props)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    for (p = 0; p < cx->n_prop && rc == DT_OK; p++) {
        bt_prop *pr = &cx->props[p];

        pr->coded = bt_calloc(d->alloc, ni, sizeof *pr->coded);
        pr->scored = bt_calloc(d->alloc, ni, sizeof *pr->scored);
        if (!pr->coded || !pr->scored)
            return dt__error_set(err, DT_ENOMEM, "out of memory");
        for (i = 0; i < ni; i++) {
            const dt_deu_issue *is = dt_deu_issue_at(d, i);

            if (is->proposal_index != p || is->n < 3)
                continue;
            pr->coded[pr->n_coded++] = i;
            if (cx->kof[i] != (size_t)-1)
                pr->scored[pr->n_scored++] = i;
        }
        if (pr->n_scored > 0)
            rc = bt_build_line(cx, pr->scored, pr->n_scored, 100.0, &pr->line,
                               err);
        if (rc == DT_OK && raw && pr->n_coded > 0)
            rc = bt_build_line(cx, pr->coded, pr->n_coded, 1.0, &pr->raw, err);
        if (rc == DT_OK && smp && pr->n_scored > 0)
            rc = bt_build_smp(cx, pr->scored, pr->n_scored, pr, err);
    }
    return rc;
}

/*
 * Model m's forecasts on every scored issue into out (NaN where it gives
 * none) with options fo: the forecast driver on each proposal's scenario
 * for the model. out_mean (when not NULL) gets the weighted mean of the
 * final positions instead (eu's other statistic). For nbs, "no
 * agreement" (NaN) means the status quo stays: it is scored as rp, and
 * counted in *no_agreement.
 */
static dt_status bt_run(bt_ctx *cx, const bt_model *m,
                        const dt_forecast_opts *fo, double *out,
                        double *out_mean, size_t *no_agreement, dt_error *err)
{
    const char *name = m->kind == BT_EXCHANGE ? "exchange"
                       : m->kind == BT_SMP    ? "smp"
                                              : m->type->name;
    size_t p, j, k;

    for (k = 0; k < cx->ns; k++) {
        out[k] = DT__NAN;
        if (out_mean)
            out_mean[k] = DT__NAN;
    }
    if (no_agreement)
        *no_agreement = 0;
    for (p = 0; p < cx->n_prop; p++) {
        const bt_prop *pr = &cx->props[p];
        const dt_scenario *sc = m->kind == BT_EXCHANGE ? pr->raw
                                : m->kind == BT_SMP    ? pr->smp
                                                       : pr->line;
        const size_t *iss = m->kind == BT_EXCHANGE ? pr->coded : pr->scored;
        dt_forecast_opts o = *fo;
        dt_forecast *fc = NULL;
        dt_status rc;

        if (!sc)
            continue;
        /* Deterministic transitions ignore the seed; set it all the same
         * from the backtest seed and the proposal, should that change. */
        o.smp.seed = cx->o->seed ^ ((uint64_t)p * 0x9e3779b97f4a7c15ULL);
        rc = dt_forecast_new(sc, &name, 1, &o, &fc, err);
        if (rc != DT_OK)
            return rc;
        for (j = 0; j < dt_forecast_n_issues(fc); j++) {
            const dt_model_result *r = dt_forecast_result(fc, j, 0);
            const dt_line *l = dt_forecast_line(fc, j);

            k = cx->kof[iss[j]];
            if (k == (size_t)-1)
                continue;
            out[k] = r->point;
            if (out_mean)
                out_mean[k] = isnan(r->point) ? DT__NAN : r->mean;
            if (m->kind == BT_NBS && isnan(out[k]) && l->has_status_quo) {
                out[k] = l->status_quo;
                if (no_agreement)
                    (*no_agreement)++;
            }
        }
        dt_forecast_free(fc);
    }
    return DT_OK;
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

    ae = bt_calloc(b->alloc, cx->ns, sizeof *ae);
    psum = bt_calloc(b->alloc, cx->n_prop, sizeof *psum);
    pn = bt_calloc(b->alloc, cx->n_prop, sizeof *pn);
    bd = bt_calloc(b->alloc, boot, sizeof *bd);
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
    bt_free(b->alloc, ae, cx->ns, sizeof *ae);
    bt_free(b->alloc, psum, cx->n_prop, sizeof *psum);
    bt_free(b->alloc, pn, cx->n_prop, sizeof *pn);
    bt_free(b->alloc, bd, boot, sizeof *bd);
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
    b->m = bt_calloc(b->alloc, cap, sizeof *b->m);
    if (!b->m)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    b->m_cap = cap;
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
        b->m[k].cand =
            bt_calloc(b->alloc, b->m[k].n_cand * cx->ns, sizeof(double));
        b->m[k].choice = bt_calloc(b->alloc, b->folds, sizeof(size_t));
        if (!b->m[k].cand || !b->m[k].choice)
            return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    return DT_OK;
}

/* Candidate forecasts of model m on every scored issue. */
static dt_status bt_candidates(bt_ctx *cx, bt_model *m, size_t *no_agreement,
                               dt_error *err)
{
    dt_forecast_opts fo = DT_FORECAST_OPTS_INIT;
    size_t v;
    dt_status rc = DT_OK;

    fo.model = cx->o->model_opts;
    fo.trace = 0;
    switch (m->kind) {
    case BT_LINE:
    case BT_EXCHANGE:
    case BT_SMP:
        return bt_run(cx, m, &fo, m->cand, NULL, NULL, err);
    case BT_EU:
        /*
         * Variants: Q grid x forecast statistic (median, mean). The
         * statistic does not change the run, so one run gives both.
         */
        fo.model.point = DT_EU_POINT_MEDIAN;
        for (v = 0; v < N_EU_Q && rc == DT_OK; v++) {
            fo.model.q = eu_q_grid[v];
            rc = bt_run(cx, m, &fo, m->cand + v * cx->ns,
                        m->cand + (v + N_EU_Q) * cx->ns, NULL, err);
        }
        return rc;
    case BT_NBS:
        /* Variants: utility (quadratic, linear) x weights (equal, cap). */
        for (v = 0; v < m->n_cand && rc == DT_OK; v++) {
            size_t na = 0;

            fo.model.nbs_utility = (dt_nbs_utility)(v / 2);
            fo.model.nbs_weights = (dt_nbs_weights)(v % 2);
            rc = bt_run(cx, m, &fo, m->cand + v * cx->ns, NULL, &na, err);
            if (v == 0)
                *no_agreement = na;
        }
        return rc;
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

    perm = bt_calloc(cx->b->alloc, cx->n_prop, sizeof *perm);
    pfold = bt_calloc(cx->b->alloc, cx->n_prop, sizeof *pfold);
    has = bt_calloc(cx->b->alloc, cx->n_prop, 1);
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
    bt_free(cx->b->alloc, perm, cx->n_prop, sizeof *perm);
    bt_free(cx->b->alloc, pfold, cx->n_prop, sizeof *pfold);
    bt_free(cx->b->alloc, has, cx->n_prop, 1);
    return rc;
}

/* Multiplicities of proposals in each bootstrap resample. */
static dt_status bt_resamples(bt_ctx *cx, unsigned **counts, dt_error *err)
{
    const dt_allocator *a = cx->b->alloc;
    size_t n = 0, k, p;
    unsigned char *has = bt_calloc(a, cx->n_prop, 1);
    size_t *list = bt_calloc(a, cx->n_prop, sizeof *list);
    unsigned r;
    dt_rng rng;
    dt_status rc = DT_OK;

    *counts =
        bt_calloc(a, (size_t)cx->o->bootstrap * cx->n_prop, sizeof **counts);
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
    bt_free(a, has, cx->n_prop, 1);
    bt_free(a, list, cx->n_prop, sizeof *list);
    return rc;
}

static dt_status bt_alloc(dt_backtest *b, size_t ns, size_t nm, dt_error *err)
{
    size_t k;

    b->score = bt_calloc(b->alloc, nm, sizeof *b->score);
    b->pred = bt_calloc(b->alloc, nm * ns, sizeof *b->pred);
    b->lo = bt_calloc(b->alloc, nm * ns, sizeof *b->lo);
    b->hi = bt_calloc(b->alloc, nm * ns, sizeof *b->hi);
    b->fitted = bt_calloc(b->alloc, nm * b->folds, sizeof *b->fitted);
    if (!b->score || !b->pred || !b->lo || !b->hi || !b->fitted)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    for (k = 0; k < nm * ns; k++)
        b->pred[k] = b->lo[k] = b->hi[k] = DT__NAN;
    return DT_OK;
}

/* The models' workspaces and candidates, no longer needed after a run. */
static void bt_models_free(dt_backtest *b)
{
    size_t k;

    if (!b->m)
        return;
    for (k = 0; k < b->n_models; k++) {
        bt_free(b->alloc, b->m[k].cand, b->m[k].n_cand * b->n_scored,
                sizeof(double));
        bt_free(b->alloc, b->m[k].choice, b->folds, sizeof(size_t));
    }
    bt_free(b->alloc, b->m, b->m_cap, sizeof *b->m);
    b->m = NULL;
}

/* The result's copy of the options (what documents show). */
static dt_status bt_keep_options(dt_backtest *b, const dt_backtest_opts *o,
                                 dt_error *err)
{
    b->o = *o;
    b->o.models = NULL;
    b->o.cap_table = NULL;
    b->o.capability_source = NULL;
    if (o->capability_source) {
        size_t n = strlen(o->capability_source);

        b->cap_source = bt_calloc(b->alloc, n, 1);
        if (!b->cap_source)
            return dt__error_set(err, DT_ENOMEM, "out of memory");
        memcpy(b->cap_source, o->capability_source, n);
        b->o.capability_source = b->cap_source;
    }
    return DT_OK;
}

dt_status dt_backtest_run(const dt_deu *d, const dt_backtest_opts *o,
                          dt_backtest **out, dt_error *err)
{
    static const dt_backtest_opts defaults = DT_BACKTEST_OPTS_INIT;
    const dt_allocator *a = d->alloc;
    bt_ctx cx;
    dt_backtest *b = NULL;
    unsigned *counts = NULL;
    double *res = NULL;
    size_t i, k, mi, ni = dt_deu_n_issues(d), na = dt_deu_n_actors(d);
    size_t mean_i = 0, n_base = 0, no_agreement = 0;
    unsigned f;
    dt_status rc;

    *out = NULL;
    memset(&cx, 0, sizeof cx);
    if (!o)
        o = &defaults;
    rc = bt_check(o, err);
    if (rc != DT_OK)
        return rc;
    cx.d = d;
    cx.o = o;
    cx.n_prop = dt_deu_n_proposals(d);
    b = dt__calloc(a, 1, sizeof *b);
    if (b)
        b->alloc = a;
    cx.cap = bt_calloc(a, ni * na, sizeof *cx.cap);
    cx.outcome = bt_calloc(a, ni, sizeof *cx.outcome);
    cx.prop = bt_calloc(a, ni, sizeof *cx.prop);
    cx.kof = bt_calloc(a, ni, sizeof *cx.kof);
    if (!b || !cx.cap || !cx.outcome || !cx.prop || !cx.kof) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    cx.b = b;
    b->d = d;
    b->n_data = ni;
    b->folds = o->folds;
    b->issue = bt_calloc(a, ni, sizeof *b->issue);
    b->fold = bt_calloc(a, ni, sizeof *b->fold);
    if (!b->issue || !b->fold) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    rc = bt_keep_options(b, o, err);
    if (rc != DT_OK)
        goto out;
    /* Scoring convention: an outcome and at least 3 coded actors. */
    for (i = 0; i < ni; i++) {
        const dt_deu_issue *is = dt_deu_issue_at(d, i);

        cx.kof[i] = (size_t)-1;
        if (!is->has_outcome) {
            b->no_outcome++;
            continue;
        }
        if (is->n < 3) {
            b->few_actors++;
            continue;
        }
        cx.kof[i] = cx.ns;
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
    if (rc == DT_OK) {
        int raw = 0, smp = 0;

        for (mi = 0; mi < b->n_models; mi++) {
            raw |= b->m[mi].kind == BT_EXCHANGE;
            smp |= b->m[mi].kind == BT_SMP;
        }
        rc = bt_props(&cx, raw, smp, err);
    }
    if (rc != DT_OK)
        goto out;
    res = bt_calloc(a, cx.ns, sizeof *res);
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
    bt_models_free(b);
    *out = b;
    b = NULL;
out:
    bt_free(a, counts, (size_t)o->bootstrap * cx.n_prop, sizeof *counts);
    bt_free(a, res, cx.ns, sizeof *res);
    bt_free(a, cx.cap, ni * na, sizeof *cx.cap);
    bt_free(a, cx.outcome, ni, sizeof *cx.outcome);
    bt_free(a, cx.prop, ni, sizeof *cx.prop);
    bt_free(a, cx.kof, ni, sizeof *cx.kof);
    bt_props_free(&cx);
    dt_backtest_free(b);
    return rc;
}

void dt_backtest_free(dt_backtest *b)
{
    size_t nm, ns;

    if (!b)
        return;
    nm = b->n_models;
    ns = b->n_scored;
    bt_models_free(b);
    bt_free(b->alloc, b->score, nm, sizeof *b->score);
    bt_free(b->alloc, b->issue, b->n_data, sizeof *b->issue);
    bt_free(b->alloc, b->fold, b->n_data, sizeof *b->fold);
    bt_free(b->alloc, b->pred, nm * ns, sizeof *b->pred);
    bt_free(b->alloc, b->lo, nm * ns, sizeof *b->lo);
    bt_free(b->alloc, b->hi, nm * ns, sizeof *b->hi);
    bt_free(b->alloc, b->fitted, nm * b->folds, sizeof *b->fitted);
    if (b->cap_source)
        bt_free(b->alloc, b->cap_source, strlen(b->cap_source), 1);
    dt__free(b->alloc, b, sizeof *b);
}

const dt_deu *dt_backtest_data(const dt_backtest *b)
{
    return b->d;
}

const dt_backtest_opts *dt_backtest_options(const dt_backtest *b)
{
    return &b->o;
}

const char *dt_backtest_capability_name(const dt_backtest *b)
{
    switch (b->o.capability) {
    case DT_CAPABILITY_EQUAL:
        return "equal";
    case DT_CAPABILITY_TABLE:
        return b->o.capability_source ? b->o.capability_source : "table";
    default:
        return "council";
    }
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
