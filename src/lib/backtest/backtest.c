/*
 * The backtest (docs/accuracy.md): every model on every scoreable DEU
 * issue, each proposal a scenario forecast by the forecast driver
 * (proposals.c), parameters fitted by K-fold cross-validation over
 * proposals, intervals and scores with a bootstrap over proposals
 * (fit.c). This file holds the run: options, the list of models, the
 * scoring convention and the result with its accessors.
 */
#include <string.h>

#include "backtest/backtest_int.h"

static const char *const bt_names[] = {
    "mean", "median",  "eu",       "nbs",           "exchange",
    "smp",  "smp-pce", "ensemble", "ensemble-rule", NULL};

const char *const *dt_backtest_model_names(void)
{
    return bt_names;
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
    if (o->draws > 100000)
        return dt__error_set(err, DT_EINVAL,
                             "measurement-error draws must be 0-100000, got "
                             "%u",
                             o->draws);
    if (!(o->position_sd >= 0.0 && o->position_sd <= 100.0) ||
        !(o->salience_sd >= 0.0 && o->salience_sd <= 100.0))
        return dt__error_set(err, DT_EINVAL,
                             "measurement-error sds must be in 0-100, got "
                             "position %g, salience %g",
                             o->position_sd, o->salience_sd);
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

/* Doubles of an ensemble's weights: folds x rules x components. */
static size_t ens_w_size(const dt_backtest *b)
{
    return (size_t)b->folds * DT__BACKTEST_N_RULES * DT__BACKTEST_ENS_MAX;
}

/* Set up the list of models (mean always runs: it is the yardstick). */
static dt_status bt_models(dt__backtest_ctx *cx, dt_error *err)
{
    const dt_model_type *const *types = dt_model_types();
    dt_backtest *b = cx->b;
    size_t k, t, cap = 10;

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
                                     "smp-pce, ensemble, ensemble-rule "
                                     "and the registered line models)",
                                     cx->o->models[k]);
        }
    }
    for (t = 0; types[t]; t++)
        cap++;
    b->m = dt__backtest_calloc(b->alloc, cap, sizeof *b->m);
    if (!b->m)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    b->m_cap = cap;
    /* mean first: index 0 is the compromise model. */
    b->m[b->n_models++] = (dt__backtest_model){
        "mean", DT__BACKTEST_LINE, &dt_model_mean, 1, NULL, NULL, {0}, NULL};
    if (bt_wanted(cx->o, "median"))
        b->m[b->n_models++] = (dt__backtest_model){
            "median", DT__BACKTEST_LINE, &dt_model_median, 1, NULL, NULL, {0},
            NULL};
    if (bt_wanted(cx->o, "eu"))
        b->m[b->n_models++] =
            (dt__backtest_model){"eu",         DT__BACKTEST_EU,
                                 &dt_model_eu, 2 * DT__BACKTEST_N_EU_Q,
                                 NULL,         NULL,
                                 {0},          NULL};
    if (bt_wanted(cx->o, "nbs"))
        b->m[b->n_models++] = (dt__backtest_model){
            "nbs", DT__BACKTEST_NBS, &dt_model_nbs, 4, NULL, NULL, {0}, NULL};
    if (bt_wanted(cx->o, "exchange"))
        b->m[b->n_models++] = (dt__backtest_model){
            "exchange", DT__BACKTEST_EXCHANGE, NULL, 1, NULL, NULL, {0}, NULL};
    if (bt_wanted(cx->o, "smp"))
        b->m[b->n_models++] = (dt__backtest_model){
            "smp", DT__BACKTEST_SMP, NULL, 1, NULL, NULL, {0}, NULL};
    if (bt_wanted(cx->o, "smp-pce"))
        b->m[b->n_models++] = (dt__backtest_model){
            "smp-pce", DT__BACKTEST_SMP_PCE, NULL, 1, NULL, NULL, {0}, NULL};
    /* Every other registered line model takes part with its defaults. */
    for (t = 0; types[t]; t++) {
        const char *nm = types[t]->name;

        if (strcmp(nm, "mean") == 0 || strcmp(nm, "median") == 0 ||
            strcmp(nm, "eu") == 0 || strcmp(nm, "nbs") == 0 ||
            !bt_wanted(cx->o, nm))
            continue;
        b->m[b->n_models++] = (dt__backtest_model){
            nm, DT__BACKTEST_LINE, types[t], 1, NULL, NULL, {0}, NULL};
    }
    if (bt_wanted(cx->o, "ensemble"))
        b->m[b->n_models++] = (dt__backtest_model){
            "ensemble", DT__BACKTEST_ENSEMBLE, NULL, 1, NULL, NULL, {0}, NULL};
    if (bt_wanted(cx->o, "ensemble-rule"))
        b->m[b->n_models++] = (dt__backtest_model){"ensemble-rule",
                                                   DT__BACKTEST_ENSEMBLE_RULE,
                                                   NULL,
                                                   1,
                                                   NULL,
                                                   NULL,
                                                   {0},
                                                   NULL};
    for (k = 0; k < b->n_models; k++) {
        b->m[k].cand = dt__backtest_calloc(b->alloc, b->m[k].n_cand * cx->ns,
                                           sizeof(double));
        b->m[k].choice =
            dt__backtest_calloc(b->alloc, b->folds, sizeof(size_t));
        b->m[k].w =
            dt__backtest_calloc(b->alloc, ens_w_size(b), sizeof(double));
        if (!b->m[k].cand || !b->m[k].choice || !b->m[k].w)
            return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    return DT_OK;
}
static dt_status bt_alloc(dt_backtest *b, size_t ns, size_t nm, dt_error *err)
{
    size_t k, nd = b->o.draws;

    b->score = dt__backtest_calloc(b->alloc, DT__BACKTEST_N_RULES * nm,
                                   sizeof *b->score);
    if (nd) {
        b->draw = dt__backtest_calloc(b->alloc, nm * ns * nd, sizeof *b->draw);
        if (!b->draw)
            return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    b->pred = dt__backtest_calloc(b->alloc, nm * ns, sizeof *b->pred);
    b->lo = dt__backtest_calloc(b->alloc, nm * ns, sizeof *b->lo);
    b->hi = dt__backtest_calloc(b->alloc, nm * ns, sizeof *b->hi);
    b->fitted = dt__backtest_calloc(b->alloc, nm * b->folds, sizeof *b->fitted);
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
        dt__backtest_free(b->alloc, b->m[k].cand, b->m[k].n_cand * b->n_scored,
                          sizeof(double));
        dt__backtest_free(b->alloc, b->m[k].choice, b->folds, sizeof(size_t));
        dt__backtest_free(b->alloc, b->m[k].w, ens_w_size(b), sizeof(double));
    }
    dt__backtest_free(b->alloc, b->m, b->m_cap, sizeof *b->m);
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

        b->cap_source = dt__backtest_calloc(b->alloc, n, 1);
        if (!b->cap_source)
            return dt__error_set(err, DT_ENOMEM, "out of memory");
        memcpy(b->cap_source, o->capability_source, n);
        b->o.capability_source = b->cap_source;
    }
    return DT_OK;
}

/*
 * The measurement-error draws (docs/accuracy.md, "Measurement error"):
 * for draw r, a perturbed copy of the data set (draws.c), its proposals'
 * scenarios, every base model's candidates on them and, per issue, the
 * candidate its fold chose on the unperturbed data; the ensembles
 * combine those with their fitted weights. Nothing is refitted: the
 * draws show how far the inputs' error moves each fitted model's
 * forecast. Base models come first in b->m (ensembles last).
 */
static dt_status bt_draws(dt__backtest_ctx *cx, size_t n_base, int raw, int smp,
                          dt_error *err)
{
    dt_backtest *b = cx->b;
    const dt_deu *orig = cx->d;
    unsigned nd = cx->o->draws, r;
    size_t ns = cx->ns, mi, k, na = 0;
    double *base = NULL, *ens = NULL;
    dt_status rc = DT_OK;

    if (nd == 0)
        return DT_OK;
    base = dt__backtest_calloc(b->alloc, n_base * ns, sizeof *base);
    ens = dt__backtest_calloc(b->alloc, ns, sizeof *ens);
    if (!base || !ens) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    for (r = 0; r < nd && rc == DT_OK; r++) {
        dt_deu *p = NULL;

        rc = dt__backtest_perturbed(orig, cx->o->seed, r, cx->o->position_sd,
                                    cx->o->salience_sd, &p, err);
        if (rc != DT_OK)
            break;
        dt__backtest_props_free(cx);
        cx->d = p;
        cx->chosen_only = 1;
        rc = dt__backtest_props(cx, raw, smp, err);
        for (mi = 0; mi < b->n_models && rc == DT_OK; mi++) {
            dt__backtest_model *m = &b->m[mi];

            if (dt__backtest_is_ensemble(m->kind))
                continue;
            rc = dt__backtest_candidates(cx, m, &na, err);
            for (k = 0; k < ns && rc == DT_OK; k++) {
                double v = dt__backtest_fold_pred(cx, m, b->fold[k], k);

                base[mi * ns + k] = v;
                b->draw[(mi * ns + k) * nd + r] = v;
            }
        }
        for (mi = 0; mi < b->n_models && rc == DT_OK; mi++) {
            if (!dt__backtest_is_ensemble(b->m[mi].kind))
                continue;
            dt__backtest_ensemble_apply(cx, &b->m[mi], base, n_base, 0, ens);
            for (k = 0; k < ns; k++)
                b->draw[(mi * ns + k) * nd + r] = ens[k];
        }
        dt__backtest_props_free(cx);
        cx->d = orig;
        cx->chosen_only = 0;
        dt__backtest_perturbed_free(p);
    }
out:
    dt__backtest_free(b->alloc, base, n_base * ns, sizeof *base);
    dt__backtest_free(b->alloc, ens, ns, sizeof *ens);
    return rc;
}

dt_status dt_backtest_run(const dt_deu *d, const dt_backtest_opts *o,
                          dt_backtest **out, dt_error *err)
{
    static const dt_backtest_opts defaults = DT_BACKTEST_OPTS_INIT;
    const dt_allocator *a = d->alloc;
    dt__backtest_ctx cx;
    dt_backtest *b = NULL;
    unsigned *counts = NULL;
    double *res = NULL;
    size_t i, k, mi, ni = dt_deu_n_issues(d), na = dt_deu_n_actors(d);
    size_t mean_i = 0, n_base = 0, no_agreement = 0;
    unsigned f, r;
    int raw = 0, smp = 0;
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
    cx.cap = dt__backtest_calloc(a, ni * na, sizeof *cx.cap);
    cx.outcome = dt__backtest_calloc(a, ni, sizeof *cx.outcome);
    cx.prop = dt__backtest_calloc(a, ni, sizeof *cx.prop);
    cx.kof = dt__backtest_calloc(a, ni, sizeof *cx.kof);
    cx.rule = dt__backtest_calloc(a, ni, sizeof *cx.rule);
    if (!b || !cx.cap || !cx.outcome || !cx.prop || !cx.kof || !cx.rule) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    cx.b = b;
    b->d = d;
    b->n_data = ni;
    b->folds = o->folds;
    b->issue = dt__backtest_calloc(a, ni, sizeof *b->issue);
    b->fold = dt__backtest_calloc(a, ni, sizeof *b->fold);
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
        cx.rule[cx.ns] = (unsigned)is->rule < DT__BACKTEST_N_RULES
                             ? is->rule
                             : DT_DEU_RULE_UNKNOWN;
        b->n_rule[cx.rule[cx.ns]]++;
        cx.ns++;
    }
    b->n_scored = cx.ns;
    if (cx.ns == 0) {
        rc = dt__error_set(err, DT_EINVAL,
                           "no scoreable issue (an outcome and at least 3 "
                           "actors with position and salience)");
        goto out;
    }
    rc = dt__backtest_capabilities(&cx, err);
    if (rc == DT_OK)
        rc = dt__backtest_folds(&cx, err);
    if (rc == DT_OK)
        rc = bt_models(&cx, err);
    if (rc == DT_OK)
        rc = bt_alloc(b, cx.ns, b->n_models, err);
    if (rc == DT_OK) {
        int has_smp = 0;

        for (mi = 0; mi < b->n_models; mi++) {
            has_smp |= b->m[mi].kind == DT__BACKTEST_SMP;
            if (b->m[mi].kind == DT__BACKTEST_SMP_PCE && has_smp)
                cx.pce = &b->m[mi];
            raw |= b->m[mi].kind == DT__BACKTEST_EXCHANGE;
            smp |= b->m[mi].kind == DT__BACKTEST_SMP ||
                   b->m[mi].kind == DT__BACKTEST_SMP_PCE;
        }
        rc = dt__backtest_props(&cx, raw, smp, err);
    }
    if (rc != DT_OK)
        goto out;
    res = dt__backtest_calloc(a, cx.ns, sizeof *res);
    if (!res) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    for (mi = 0; mi < b->n_models; mi++) {
        dt__backtest_model *m = &b->m[mi];

        b->score[mi].name = m->name;
        if (dt__backtest_is_ensemble(m->kind))
            continue;
        n_base++;
        rc = dt__backtest_candidates(&cx, m, &no_agreement, err);
        if (rc != DT_OK)
            goto out;
        if (m->kind == DT__BACKTEST_NBS)
            b->score[mi].no_agreement = no_agreement;
        dt__backtest_choose(&cx, m);
        for (f = 0; f < b->folds; f++)
            dt__backtest_describe(&cx, mi, f);
        for (k = 0; k < cx.ns; k++)
            b->pred[mi * cx.ns + k] =
                dt__backtest_fold_pred(&cx, m, b->fold[k], k);
    }
    /*
     * Ensemble forecasts, then intervals from the training residuals of
     * each fold's fit (res holds every issue's forecast under that fit).
     */
    for (mi = 0; mi < b->n_models; mi++) {
        dt__backtest_model *m = &b->m[mi];

        for (f = 0; f < b->folds; f++) {
            if (dt__backtest_is_ensemble(m->kind)) {
                dt__backtest_ensemble(&cx, b->m, n_base, mean_i, mi, f, res);
                for (k = 0; k < cx.ns; k++)
                    if (b->fold[k] == f)
                        b->pred[mi * cx.ns + k] = res[k];
            } else {
                for (k = 0; k < cx.ns; k++)
                    res[k] = dt__backtest_fold_pred(&cx, m, f, k);
            }
            dt__backtest_interval(&cx, mi, f, res);
        }
    }
    rc = bt_draws(&cx, n_base, raw, smp, err);
    if (rc == DT_OK)
        rc = dt__backtest_resamples(&cx, &counts, err);
    for (r = 0; r < DT__BACKTEST_N_RULES; r++)
        for (mi = 0; mi < b->n_models && rc == DT_OK; mi++)
            rc = dt__backtest_score(&cx, mi, mean_i, counts, o->bootstrap, r,
                                    err);
    if (rc != DT_OK)
        goto out;
    bt_models_free(b);
    *out = b;
    b = NULL;
out:
    dt__backtest_free(a, counts, (size_t)o->bootstrap * cx.n_prop,
                      sizeof *counts);
    dt__backtest_free(a, res, cx.ns, sizeof *res);
    dt__backtest_free(a, cx.cap, ni * na, sizeof *cx.cap);
    dt__backtest_free(a, cx.outcome, ni, sizeof *cx.outcome);
    dt__backtest_free(a, cx.prop, ni, sizeof *cx.prop);
    dt__backtest_free(a, cx.kof, ni, sizeof *cx.kof);
    dt__backtest_free(a, cx.rule, ni, sizeof *cx.rule);
    dt__backtest_props_free(&cx);
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
    dt__backtest_free(b->alloc, b->score, DT__BACKTEST_N_RULES * nm,
                      sizeof *b->score);
    dt__backtest_free(b->alloc, b->draw, nm * ns * b->o.draws, sizeof *b->draw);
    dt__backtest_free(b->alloc, b->issue, b->n_data, sizeof *b->issue);
    dt__backtest_free(b->alloc, b->fold, b->n_data, sizeof *b->fold);
    dt__backtest_free(b->alloc, b->pred, nm * ns, sizeof *b->pred);
    dt__backtest_free(b->alloc, b->lo, nm * ns, sizeof *b->lo);
    dt__backtest_free(b->alloc, b->hi, nm * ns, sizeof *b->hi);
    dt__backtest_free(b->alloc, b->fitted, nm * b->folds, sizeof *b->fitted);
    if (b->cap_source)
        dt__backtest_free(b->alloc, b->cap_source, strlen(b->cap_source), 1);
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

const dt_backtest_score *dt_backtest_score_rule(const dt_backtest *b, size_t m,
                                                dt_deu_rule rule)
{
    size_t r = (unsigned)rule < DT__BACKTEST_N_RULES ? (size_t)rule : 0;

    return m < b->n_models ? &b->score[r * b->n_models + m] : NULL;
}

size_t dt_backtest_n_rule(const dt_backtest *b, dt_deu_rule rule)
{
    return (unsigned)rule < DT__BACKTEST_N_RULES ? b->n_rule[rule] : 0;
}

const double *dt_backtest_draws(const dt_backtest *b, size_t k, size_t m)
{
    if (!b->draw || k >= b->n_scored || m >= b->n_models)
        return NULL;
    return b->draw + (m * b->n_scored + k) * b->o.draws;
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
