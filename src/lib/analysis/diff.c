/*
 * What changed between two versions of a scenario and what it moved
 * (dt_diff_run, diff.h): the changed parameter slots
 * (dt_scenario_diff_new), the results of both versions (dt_forecast_new
 * and dt_analyze, as forecast and analyze compute them: docs/analysis.md),
 * and a one-at-a-time attribution of each move: the first version with
 * one changed input alone set to its new value (dt_scenario_slot_set on a
 * clone), forecast and analysed again; the effect of the input is that
 * run's result minus the first version's, and the rest is what the
 * single effects leave unexplained (interactions, changes without a
 * slot). One-at-a-time attribution is the "OAT" design of sensitivity
 * analysis (Saltelli et al., Global Sensitivity Analysis: The Primer,
 * Wiley 2008, ch. 1); it is exact when the inputs do not interact.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

#include <detente/detente.h>

/*
 * Below this, two results are the same: the Nash deal is solved to a gap
 * of 1e-10 in its objective, which leaves its point good to about 1e-5
 * on the 0-100 scale; analysts read forecasts to a tenth of a point.
 */
#define SAME 1e-4

typedef struct diff_mem {
    const dt_allocator *alloc; /* a's */
    dt__arena ar;              /* everything the dt_diff owns */
} diff_mem;

/* One result's identity. */
typedef struct rkey {
    dt_diff_kind kind;
    const char *id;    /* "forecast.ISSUE.MODEL", ... */
    const char *issue; /* forecast, deal */
    const char *model; /* forecast */
    const char *lever; /* lever rank */
} rkey;

/* The forecast and the analysis of one version. */
typedef struct run {
    dt_forecast *fc;
    dt_analysis *an; /* NULL when the analysis could not run */
} run;

const char *dt_diff_kind_name(dt_diff_kind kind)
{
    switch (kind) {
    case DT_DIFF_ZONE:
        return "zone";
    case DT_DIFF_DEAL:
        return "deal";
    case DT_DIFF_FORECAST:
        return "forecast";
    case DT_DIFF_DURABILITY:
        return "durability";
    case DT_DIFF_SPOILERS:
        return "spoilers";
    case DT_DIFF_SURPLUS:
        return "surplus";
    case DT_DIFF_LEVER_RANK:
        return "lever_rank";
    }
    return "?";
}

static void run_free(run *r)
{
    dt_forecast_free(r->fc);
    dt_analysis_free(r->an);
    r->fc = NULL;
    r->an = NULL;
}

/* Forecast and analyse sc; an analysis that cannot run leaves an NULL. */
static dt_status run_new(const dt_scenario *sc, const dt_diff_opts *o,
                         const char *const *models, size_t nm, run *r,
                         dt_error *err)
{
    dt_analysis_opts ao = DT_ANALYSIS_OPTS_INIT;
    dt_status rc;
    dt_error ignored;

    r->fc = NULL;
    r->an = NULL;
    rc = dt_forecast_new(sc, models, nm, o->forecast, &r->fc, err);
    if (rc != DT_OK)
        return rc;
    ao.model = o->analysis_model;
    ao.weights = o->weights;
    rc = dt_analyze(sc, &ao, &r->an, &ignored);
    if (rc == DT_ENOMEM) {
        run_free(r);
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    if (rc != DT_OK)
        r->an = NULL; /* e.g. nobody at the table: no analysis */
    else if (r->an->base.zone.status == DT_ZONE_NO_TABLE) {
        dt_analysis_free(r->an);
        r->an = NULL;
    }
    return DT_OK;
}

static char *fmt(dt__arena *ar, const char *f, const char *x, const char *y)
{
    int n = snprintf(NULL, 0, f, x, y);
    char *p = n >= 0 ? dt__arena_alloc(ar, (size_t)n + 1) : NULL;

    if (p)
        snprintf(p, (size_t)n + 1, f, x, y);
    return p;
}

/*
 * The results of sc, in this order: zone, surplus, durability, spoilers,
 * per issue the deal and every model's forecast, then each lever's rank.
 */
static dt_status build_keys(const dt_scenario *sc, const char *const *models,
                            size_t nm, dt__arena *ar, rkey **out, size_t *n)
{
    size_t ni = dt_scenario_n_issues(sc), nl = dt_scenario_n_levers(sc);
    size_t total = 4 + ni * (1 + nm) + nl, k = 0, i, m;
    static const dt_diff_kind head[] = {DT_DIFF_ZONE, DT_DIFF_SURPLUS,
                                        DT_DIFF_DURABILITY, DT_DIFF_SPOILERS};
    rkey *keys = dt__arena_alloc(ar, total * sizeof *keys);

    if (!keys)
        return DT_ENOMEM;
    memset(keys, 0, total * sizeof *keys);
    for (k = 0; k < 4; k++) {
        keys[k].kind = head[k];
        keys[k].id = dt_diff_kind_name(head[k]);
    }
    for (i = 0; i < ni; i++) {
        const char *is = dt_scenario_issue(sc, i)->id;

        keys[k].kind = DT_DIFF_DEAL;
        keys[k].issue = is;
        if (!(keys[k++].id = fmt(ar, "deal.%s%s", is, "")))
            return DT_ENOMEM;
        for (m = 0; m < nm; m++) {
            keys[k].kind = DT_DIFF_FORECAST;
            keys[k].issue = is;
            keys[k].model = models[m];
            if (!(keys[k++].id = fmt(ar, "forecast.%s.%s", is, models[m])))
                return DT_ENOMEM;
        }
    }
    for (i = 0; i < nl; i++) {
        const char *id = dt_scenario_lever(sc, i)->id;

        keys[k].kind = DT_DIFF_LEVER_RANK;
        keys[k].lever = id;
        if (!(keys[k++].id = fmt(ar, "lever.%s.rank%s", id, "")))
            return DT_ENOMEM;
    }
    *out = keys;
    *n = total;
    return DT_OK;
}

static size_t issue_index(const dt_scenario *sc, const char *id)
{
    size_t i;

    for (i = 0; i < dt_scenario_n_issues(sc); i++)
        if (strcmp(dt_scenario_issue(sc, i)->id, id) == 0)
            return i;
    return (size_t)-1;
}

/* Place (1 first) of lever `id` among the analysis's single levers. */
static double lever_rank(const dt_scenario *sc, const dt_analysis *an,
                         const char *id)
{
    size_t l, p, place = 0;

    for (l = 0; l < dt_scenario_n_levers(sc); l++)
        if (strcmp(dt_scenario_lever(sc, l)->id, id) == 0)
            break;
    for (p = 0; p < an->n_effects; p++) {
        const dt_lever_effect *e = &an->effects[an->rank[p]];

        if (e->n != 1)
            continue;
        place++;
        if (e->lever[0] == l)
            return (double)place;
    }
    return NAN;
}

/*
 * The spoilers' ids, comma-separated, in scenario order (not by clout, so
 * that the same actors give the same text).
 */
static char *spoiler_text(const dt_scenario *sc, const dt_analysis_run *r,
                          dt__arena *ar)
{
    size_t k, a, len = 1, shown = 0;
    char *p;

    for (k = 0; k < r->n_spoilers; k++)
        len += strlen(dt_scenario_actor(sc, r->spoilers[k])->id) + 2;
    p = dt__arena_alloc(ar, len);
    if (!p)
        return NULL;
    len = 0;
    for (a = 0; a < dt_scenario_n_actors(sc); a++) {
        const char *id = dt_scenario_actor(sc, a)->id;
        size_t n = strlen(id);

        for (k = 0; k < r->n_spoilers && r->spoilers[k] != a; k++)
            ;
        if (k == r->n_spoilers)
            continue;
        if (shown++) {
            memcpy(p + len, ", ", 2);
            len += 2;
        }
        memcpy(p + len, id, n);
        len += n;
    }
    p[len] = '\0';
    return p;
}

/* The values of keys[0..n) in run r of sc into v, and the texts. */
static dt_status fill(const dt_scenario *sc, const run *r, const rkey *keys,
                      size_t n, double *v, const char **text, dt__arena *ar)
{
    const dt_analysis *an = r->an;
    const dt_analysis_run *b = an ? &an->base : NULL;
    size_t k, i, m;

    for (k = 0; k < n; k++) {
        const rkey *key = &keys[k];

        v[k] = NAN;
        text[k] = NULL;
        switch (key->kind) {
        case DT_DIFF_ZONE:
            if (b)
                v[k] = b->zone.status == DT_ZONE_SOLVED && b->zone.feasible;
            text[k] = !b         ? "no analysis"
                      : v[k] > 0 ? "agreement possible"
                                 : "no agreement";
            break;
        case DT_DIFF_SURPLUS:
            if (b)
                v[k] = b->zone.surplus;
            break;
        case DT_DIFF_DURABILITY:
            if (b)
                v[k] = b->durability;
            break;
        case DT_DIFF_SPOILERS:
            if (b) {
                v[k] = (double)b->n_spoilers;
                if (!(text[k] = spoiler_text(sc, b, ar)))
                    return DT_ENOMEM;
            }
            break;
        case DT_DIFF_DEAL:
            i = issue_index(sc, key->issue);
            if (b && b->deal.found && i != (size_t)-1)
                v[k] = b->deal.point[i];
            break;
        case DT_DIFF_FORECAST:
            i = issue_index(sc, key->issue);
            m = dt_forecast_model_index(r->fc, key->model);
            if (i != (size_t)-1 && m != (size_t)-1)
                v[k] = dt_forecast_result(r->fc, i, m)->point;
            break;
        case DT_DIFF_LEVER_RANK:
            if (an)
                v[k] = lever_rank(sc, an, key->lever);
            break;
        }
    }
    return DT_OK;
}

static double size_of(dt_diff_kind kind, double old_v, double new_v, size_t ni,
                      size_t na, size_t nl)
{
    double d = fabs(new_v - old_v);

    if (isnan(old_v) != isnan(new_v))
        return 100.0;
    switch (kind) {
    case DT_DIFF_ZONE:
    case DT_DIFF_DURABILITY:
        return 100.0 * d;
    case DT_DIFF_SURPLUS:
        return d / (double)(ni ? ni : 1);
    case DT_DIFF_SPOILERS:
        return 100.0 * d / (double)(na ? na : 1);
    case DT_DIFF_LEVER_RANK:
        return 100.0 * d / (double)(nl ? nl : 1);
    case DT_DIFF_DEAL:
    case DT_DIFF_FORECAST:
        break;
    }
    return d;
}

static int text_differs(const char *x, const char *y)
{
    return strcmp(x ? x : "", y ? y : "") != 0;
}

/* Whether a result moved from (o, ot) to (n, nt). */
static int moved(double o, double n, const char *ot, const char *nt)
{
    if (isnan(o) && isnan(n))
        return 0;
    if (isnan(o) != isnan(n) || fabs(n - o) > SAME)
        return 1;
    return text_differs(ot, nt);
}

/* Shares: NaN effects first, then largest |effect|, ties in input order. */
static int share_before(const dt_diff_share *x, const dt_diff_share *y)
{
    if (isnan(x->effect) != isnan(y->effect))
        return isnan(x->effect);
    if (!isnan(x->effect) && fabs(x->effect) != fabs(y->effect))
        return fabs(x->effect) > fabs(y->effect);
    return x->input < y->input;
}

static int move_before(const dt_diff_move *x, size_t xi, const dt_diff_move *y,
                       size_t yi)
{
    if (x->size != y->size)
        return x->size > y->size;
    if (x->kind != y->kind)
        return x->kind < y->kind;
    return xi < yi;
}

void dt_diff_free(dt_diff *d)
{
    diff_mem *mem;

    if (!d)
        return;
    mem = d->mem_;
    if (mem) {
        const dt_allocator *a = mem->alloc;

        dt__arena_release(&mem->ar);
        dt__free(a, mem, sizeof *mem);
    }
}

static char *dup_or_null(dt__arena *ar, const char *s, int *oom)
{
    char *p;

    if (!s)
        return NULL;
    p = dt__arena_strdup(ar, s);
    if (!p)
        *oom = 1;
    return p;
}

/* The changed inputs of a and b into d. */
static dt_status list_inputs(dt_diff *d, const dt_scenario *a,
                             const dt_scenario *b, dt__arena *ar,
                             size_t **slot_of, dt_error *err)
{
    dt_scenario_diff *sd = NULL;
    dt_status rc = dt_scenario_diff_new(a, b, &sd, err);
    size_t n, k;
    int oom = 0;

    if (rc != DT_OK)
        return rc;
    n = dt_scenario_diff_n(sd);
    d->inputs = dt__arena_alloc(ar, (n ? n : 1) * sizeof *d->inputs);
    *slot_of = dt__arena_alloc(ar, (n ? n : 1) * sizeof **slot_of);
    if (!d->inputs || !*slot_of) {
        dt_scenario_diff_free(sd);
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    for (k = 0; k < n; k++) {
        const dt_slot_change *c = dt_scenario_diff_get(sd, k);
        dt_diff_input *in = &d->inputs[k];

        in->id = dup_or_null(ar, c->id, &oom);
        in->kind = c->kind;
        in->old_value = c->old_value ? c->old_value->v : (double)NAN;
        in->new_value = c->new_value ? c->new_value->v : (double)NAN;
        in->old_note =
            c->old_value ? dup_or_null(ar, c->old_value->note, &oom) : NULL;
        in->new_note =
            c->new_value ? dup_or_null(ar, c->new_value->note, &oom) : NULL;
        (*slot_of)[k] = c->slot_a;
        if (!c->new_value)
            in->how = DT_DIFF_REMOVED;
        else if (!c->old_value)
            in->how = DT_DIFF_ADDED;
        else if (c->old_value->v == c->new_value->v)
            in->how = DT_DIFF_NOTE_ONLY;
        else {
            in->how = DT_DIFF_ALONE;
            d->n_alone++;
        }
    }
    d->n_inputs = n;
    dt_scenario_diff_free(sd);
    return oom ? dt__error_set(err, DT_ENOMEM, "out of memory") : DT_OK;
}

/* The move of result k (old and new values given) with its shares. */
static dt_status make_move(dt_diff *d, dt_diff_move *mv, const rkey *key,
                           double old_v, double new_v, const char *old_t,
                           const char *new_t, const double *alone,
                           size_t stride, size_t k, const double *va,
                           dt__arena *ar)
{
    size_t na = dt_scenario_n_actors(d->a), nb = dt_scenario_n_actors(d->b);
    size_t la = dt_scenario_n_levers(d->a), lb = dt_scenario_n_levers(d->b);
    size_t j, s, ns = 0;
    double sum = 0.0, size;
    int nan_share = 0;

    mv->kind = key->kind;
    mv->id = key->id;
    mv->issue = key->issue;
    mv->model = key->model;
    mv->lever = key->lever;
    mv->old_value = old_v;
    mv->new_value = new_v;
    mv->old_text = old_t;
    mv->new_text = new_t;
    size = size_of(key->kind, old_v, new_v, dt_scenario_n_issues(d->a),
                   na > nb ? na : nb, la > lb ? la : lb);
    if (key->kind == DT_DIFF_SPOILERS && size == 0.0)
        size = 100.0 / (double)(na > nb ? na : nb); /* same count, others */
    mv->size = size;
    mv->shares = NULL;
    mv->n_shares = 0;
    mv->rest = NAN;
    if (!alone) /* only the second version has this result */
        return DT_OK;
    mv->shares =
        dt__arena_alloc(ar, (d->n_alone ? d->n_alone : 1) * sizeof *mv->shares);
    if (!mv->shares)
        return DT_ENOMEM;
    for (j = 0, s = 0; j < d->n_inputs; j++) {
        double e, x;

        if (d->inputs[j].how != DT_DIFF_ALONE)
            continue;
        x = alone[s++ * stride + k];
        if (isnan(x) && isnan(va[k]))
            continue;
        e = x - va[k];
        if (!isnan(e) && fabs(e) <= SAME)
            continue;
        mv->shares[ns].input = j;
        mv->shares[ns].effect = e;
        if (isnan(e))
            nan_share = 1;
        else
            sum += e;
        ns++;
    }
    /* Insertion sort: the shares of one result are few. */
    for (j = 1; j < ns; j++) {
        dt_diff_share v = mv->shares[j];

        for (s = j; s > 0 && share_before(&v, &mv->shares[s - 1]); s--)
            mv->shares[s] = mv->shares[s - 1];
        mv->shares[s] = v;
    }
    mv->n_shares = ns;
    if (!nan_share && !isnan(old_v) && !isnan(new_v)) {
        mv->rest = new_v - old_v - sum;
        if (fabs(mv->rest) <= SAME)
            mv->rest = 0.0;
    }
    return DT_OK;
}

dt_status dt_diff_run(const dt_scenario *a, const dt_scenario *b,
                      const dt_diff_opts *o, dt_diff **out, dt_error *err)
{
    static const dt_diff_opts defaults = DT_DIFF_OPTS_INIT;
    const dt_allocator *alloc = dt_scenario_allocator(a);
    diff_mem *mem = NULL;
    dt__arena *ar;
    dt_diff *d = NULL;
    run ra = {NULL, NULL}, rb = {NULL, NULL}, rk = {NULL, NULL};
    rkey *ka = NULL, *kb = NULL;
    size_t nka = 0, nkb = 0, *slot_of = NULL, nm, m, k, j, s, nmoves = 0;
    double *va, *vb, *alone = NULL;
    const char **ta, **tb, **tk;
    dt_scenario *c = NULL;
    dt_status rc;

    *out = NULL;
    if (!o)
        o = &defaults;
    mem = dt__alloc(alloc, sizeof *mem);
    if (!mem)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    mem->alloc = alloc;
    dt__arena_init(&mem->ar, alloc);
    ar = &mem->ar;
    d = dt__arena_alloc(ar, sizeof *d);
    if (!d) {
        dt__free(alloc, mem, sizeof *mem);
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    memset(d, 0, sizeof *d);
    d->mem_ = mem;
    d->a = a;
    d->b = b;
    rc = list_inputs(d, a, b, ar, &slot_of, err);
    if (rc != DT_OK)
        goto fail;
    /* The first version fixes the models; the others run the same. */
    rc = run_new(a, o, o->models, o->n_models, &ra, err);
    if (rc != DT_OK)
        goto fail;
    nm = dt_forecast_n_models(ra.fc);
    d->models = dt__arena_alloc(ar, (nm ? nm : 1) * sizeof *d->models);
    if (!d->models)
        goto nomem;
    for (m = 0; m < nm; m++)
        if (!(d->models[m] =
                  dt__arena_strdup(ar, dt_forecast_model_name(ra.fc, m))))
            goto nomem;
    d->n_models = nm;
    d->analysed_a = ra.an != NULL;
    rc = run_new(b, o, d->models, nm, &rb, err);
    if (rc != DT_OK)
        goto fail;
    d->analysed_b = rb.an != NULL;
    if (build_keys(a, d->models, nm, ar, &ka, &nka) != DT_OK ||
        build_keys(b, d->models, nm, ar, &kb, &nkb) != DT_OK)
        goto nomem;
    va = dt__arena_alloc(ar, nka * sizeof *va);
    vb = dt__arena_alloc(ar, nkb * sizeof *vb);
    ta = dt__arena_alloc(ar, nka * sizeof *ta);
    tb = dt__arena_alloc(ar, nkb * sizeof *tb);
    tk = dt__arena_alloc(ar, nka * sizeof *tk);
    if (!va || !vb || !ta || !tb || !tk)
        goto nomem;
    if (fill(a, &ra, ka, nka, va, ta, ar) != DT_OK ||
        fill(b, &rb, kb, nkb, vb, tb, ar) != DT_OK)
        goto nomem;
    run_free(&ra);
    run_free(&rb);
    /* Each input that both have, alone on a clone of a. */
    if (d->n_alone) {
        alone = dt__arena_alloc(ar, d->n_alone * nka * sizeof *alone);
        if (!alone)
            goto nomem;
    }
    for (k = 0, s = 0; k < d->n_inputs; k++) {
        if (d->inputs[k].how != DT_DIFF_ALONE)
            continue;
        rc = dt_scenario_clone(a, &c, err);
        if (rc == DT_OK)
            rc = dt_scenario_slot_set(c, slot_of[k], d->inputs[k].new_value,
                                      err);
        if (rc == DT_OK)
            rc = run_new(c, o, d->models, nm, &rk, err);
        if (rc == DT_OK &&
            fill(c, &rk, ka, nka, alone + s * nka, tk, ar) != DT_OK)
            rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        run_free(&rk);
        dt_scenario_free(c);
        c = NULL;
        if (rc != DT_OK)
            goto fail;
        s++;
    }
    /* Moves: a's results in a's order, then those only b has. */
    d->moves = dt__arena_alloc(ar, (nka + nkb) * sizeof *d->moves);
    if (!d->moves)
        goto nomem;
    for (k = 0; k < nka; k++) {
        double nv = NAN;
        const char *nt = NULL;

        for (j = 0; j < nkb; j++)
            if (strcmp(ka[k].id, kb[j].id) == 0) {
                nv = vb[j];
                nt = tb[j];
                break;
            }
        if (!moved(va[k], nv, ta[k], nt))
            continue;
        if (make_move(d, &d->moves[nmoves++], &ka[k], va[k], nv, ta[k], nt,
                      alone ? alone : va, alone ? nka : 0, k, va, ar) != DT_OK)
            goto nomem;
    }
    d->n_results = nka;
    for (j = 0; j < nkb; j++) {
        for (k = 0; k < nka; k++)
            if (strcmp(ka[k].id, kb[j].id) == 0)
                break;
        if (k < nka)
            continue;
        d->n_results++;
        if (!moved(NAN, vb[j], NULL, tb[j]))
            continue;
        if (make_move(d, &d->moves[nmoves++], &kb[j], NAN, vb[j], NULL, tb[j],
                      NULL, 0, j, vb, ar) != DT_OK)
            goto nomem;
    }
    d->n_moves = nmoves;
    /* Largest first (insertion sort on the original index, stable). */
    {
        size_t *ord = dt__arena_alloc(ar, (nmoves ? nmoves : 1) * sizeof *ord);
        dt_diff_move *sorted =
            dt__arena_alloc(ar, (nmoves ? nmoves : 1) * sizeof *sorted);

        if (!ord || !sorted)
            goto nomem;
        for (k = 0; k < nmoves; k++) {
            size_t v = k;

            for (j = k; j > 0 && move_before(&d->moves[v], v,
                                             &d->moves[ord[j - 1]], ord[j - 1]);
                 j--)
                ord[j] = ord[j - 1];
            ord[j] = v;
        }
        for (k = 0; k < nmoves; k++)
            sorted[k] = d->moves[ord[k]];
        d->moves = sorted;
    }
    *out = d;
    return DT_OK;
nomem:
    rc = dt__error_set(err, DT_ENOMEM, "out of memory");
fail:
    run_free(&ra);
    run_free(&rb);
    run_free(&rk);
    dt_scenario_free(c);
    dt_diff_free(d);
    return rc;
}
