/*
 * Reconciling several analysts (dt_reconcile_new, estimates.h;
 * docs/judgement.md "Several analysts"). A number is disputed when two
 * analysts or more estimated it. Its disagreement is the spread of their
 * modes relative to the number's scale, (max mode - min mode) / scale,
 * with scale 100 for the 0-100 numbers (positions, saliences, status
 * quo, no-deal positions) and, for capabilities and costs, which have no
 * fixed scale, the largest absolute value among the estimates and the
 * written value. Whether it matters is measured by running the scenario
 * with each analyst's mode of that number alone (the others as written),
 * as one step of a one-input sweep (vary.c): the largest difference
 * between two analysts in any model's forecast, in the Nash deal, and
 * whether the zone's verdict differs. This is the one-factor screening
 * of expert disagreement of Cooke (1991, "Experts in Uncertainty",
 * ch. 12) applied to the slots, before any pooling.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/vary_int.h"
#include "internal.h"

#include <detente/estimates.h>

static size_t fc_bytes(size_t n, size_t m)
{
    return (n * m > 0 ? n * m : 1) * sizeof(double);
}

static void step_release(const dt_allocator *a, dt_vary_step *st, size_t ni,
                         size_t nm)
{
    dt__free(a, st->forecast, fc_bytes(ni, nm));
    dt__free(a, st->deal, fc_bytes(ni, 1));
    st->forecast = st->deal = NULL;
}

static int step_alloc(const dt_allocator *a, dt_vary_step *st, size_t ni,
                      size_t nm)
{
    size_t i;

    st->forecast = dt__alloc(a, fc_bytes(ni, nm));
    st->deal = dt__alloc(a, fc_bytes(ni, 1));
    if (!st->forecast || !st->deal)
        return 0;
    for (i = 0; i < ni * nm; i++)
        st->forecast[i] = NAN;
    for (i = 0; i < ni; i++)
        st->deal[i] = NAN;
    st->value = st->surplus = st->durability = NAN;
    return 1;
}

void dt_reconcile_free(dt_reconcile *r)
{
    size_t k, j, na;

    if (!r)
        return;
    na = dt_estimates_n_analysts(r->est);
    step_release(r->alloc, &r->as_written, r->n_issues, r->n_models);
    for (k = 0; r->analyst && k < na; k++)
        step_release(r->alloc, &r->analyst[k], r->n_issues, r->n_models);
    dt__free(r->alloc, r->analyst, (na ? na : 1) * sizeof *r->analyst);
    for (j = 0; r->items && j < r->n_items; j++) {
        for (k = 0; r->items[j].per && k < na; k++)
            step_release(r->alloc, &r->items[j].per[k], r->n_issues,
                         r->n_models);
        dt__free(r->alloc, r->items[j].per, na * sizeof *r->items[j].per);
    }
    dt__free(r->alloc, r->items,
             (r->n_items ? r->n_items : 1) * sizeof *r->items);
    for (k = 0; r->models && k < r->n_models; k++)
        if (r->models[k])
            dt__free(r->alloc, (char *)r->models[k], strlen(r->models[k]) + 1);
    dt__free(r->alloc, r->models,
             (r->n_models ? r->n_models : 1) * sizeof *r->models);
    dt__free(r->alloc, r, sizeof *r);
}

/* Forecast the clone as it is now (fc already built on it) into st. */
static dt_status run_step(dt_scenario *c, dt_forecast *fc, int rerun,
                          const dt_vary_opts *o, dt_vary_step *st, size_t ni,
                          size_t nm, dt_error *err)
{
    dt_status rc = rerun ? dt_forecast_rerun(fc, err) : DT_OK;
    size_t i, m;

    if (rc != DT_OK)
        return rc;
    for (i = 0; i < ni; i++)
        for (m = 0; m < nm; m++)
            st->forecast[i * nm + m] = dt_forecast_result(fc, i, m)->point;
    return dt__vary_analyse(c, o, st, ni, err);
}

/* Whether slot s holds a number on the 0-100 scales. */
static int on_pct_scale(const dt_slot *sl)
{
    return sl->lo == 0.0 && sl->hi == 100.0;
}

static int cmp_items(const void *pa, const void *pb)
{
    const dt_reconcile_item *a = pa, *b = pb;

    if (a->spread != b->spread)
        return a->spread > b->spread ? -1 : 1;
    if (a->moves != b->moves && isfinite(a->moves) && isfinite(b->moves))
        return a->moves > b->moves ? -1 : 1;
    return a->slot < b->slot ? -1 : a->slot > b->slot;
}

/* The item's summary statistics from its per-analyst steps. */
static void summarise(dt_reconcile *r, dt_reconcile_item *it, size_t na)
{
    size_t k, l, i, m, nm = r->n_models, ni = r->n_issues;
    int seen = -1;

    it->moves = 0.0;
    it->deal_moves = NAN;
    for (k = 0; k < na; k++) {
        const dt_vary_step *a = &it->per[k];

        if (!isfinite(a->value))
            continue;
        if (a->analysed) {
            if (seen >= 0 && seen != a->feasible)
                it->verdict_splits = 1;
            seen = a->feasible;
        }
        for (l = k + 1; l < na; l++) {
            const dt_vary_step *b = &it->per[l];

            if (!isfinite(b->value))
                continue;
            for (i = 0; i < ni; i++) {
                double dd = fabs(a->deal[i] - b->deal[i]);

                for (m = 0; m < nm; m++) {
                    double d =
                        fabs(a->forecast[i * nm + m] - b->forecast[i * nm + m]);

                    if (d > it->moves) {
                        it->moves = d;
                        it->moves_issue = i;
                        it->moves_model = m;
                    }
                }
                if (isfinite(dd) &&
                    (!isfinite(it->deal_moves) || dd > it->deal_moves))
                    it->deal_moves = dd;
            }
        }
    }
}

dt_status dt_reconcile_new(const dt_scenario *sc, const dt_estimates *e,
                           const dt_vary_opts *o, dt_reconcile **out,
                           dt_error *err)
{
    static const dt_vary_opts defaults = DT_VARY_OPTS_INIT;
    const dt_allocator *a = dt_scenario_allocator(sc);
    size_t ni = dt_scenario_n_issues(sc), ns = dt_scenario_n_slots(sc),
           na = dt_estimates_n_analysts(e), nm, k, j, s, m;
    dt_scenario *c = NULL;
    dt_forecast *fc = NULL;
    dt_reconcile *r = NULL;
    dt_status rc;

    *out = NULL;
    if (!o)
        o = &defaults;
    rc = dt_scenario_clone(sc, &c, err);
    if (rc != DT_OK)
        return rc;
    rc = dt_forecast_new(c, o->models, o->n_models, o->forecast, &fc, err);
    if (rc != DT_OK)
        goto fail;
    nm = dt_forecast_n_models(fc);
    if (!(r = dt__alloc(a, sizeof *r)))
        goto nomem;
    memset(r, 0, sizeof *r);
    r->sc = sc;
    r->est = e;
    r->alloc = a;
    r->n_issues = ni;
    if (!(r->models = dt__calloc(a, nm ? nm : 1, sizeof *r->models)))
        goto nomem;
    r->n_models = nm;
    for (m = 0; m < nm; m++) {
        const char *nmn = dt_forecast_model_name(fc, m);
        char *p = dt__alloc(a, strlen(nmn) + 1);

        if (!p)
            goto nomem;
        memcpy(p, nmn, strlen(nmn) + 1);
        r->models[m] = p;
    }
    /* The disputed slots, in slot order. */
    for (s = 0; s < ns; s++) {
        size_t given = 0;

        for (k = 0; k < na; k++)
            given += dt_estimates_get(e, k, s) != NULL;
        r->n_items += given >= 2;
    }
    if (!(r->analyst = dt__calloc(a, na ? na : 1, sizeof *r->analyst)) ||
        !(r->items =
              dt__calloc(a, r->n_items ? r->n_items : 1, sizeof *r->items)))
        goto nomem;
    if (!step_alloc(a, &r->as_written, ni, nm))
        goto nomem;
    for (k = 0; k < na; k++)
        if (!step_alloc(a, &r->analyst[k], ni, nm))
            goto nomem;
    for (s = 0, j = 0; s < ns; s++) {
        dt_reconcile_item *it;
        size_t given = 0;
        dt_slot sl;

        for (k = 0; k < na; k++)
            given += dt_estimates_get(e, k, s) != NULL;
        if (given < 2)
            continue;
        it = &r->items[j++];
        dt_scenario_slot(sc, s, &sl);
        it->slot = s;
        dt_scenario_slot_id(sc, s, it->slot_id, sizeof it->slot_id);
        it->was = sl.value->v;
        it->n_given = given;
        it->mode_lo = INFINITY;
        it->mode_hi = -INFINITY;
        it->scale = on_pct_scale(&sl) ? 100.0 : fabs(it->was);
        {
            double lo_max = -INFINITY, hi_min = INFINITY;

            for (k = 0; k < na; k++) {
                const dt_estimate *x = dt_estimates_get(e, k, s);

                if (!x)
                    continue;
                it->mode_lo = fmin(it->mode_lo, x->mode);
                it->mode_hi = fmax(it->mode_hi, x->mode);
                lo_max = fmax(lo_max, x->low);
                hi_min = fmin(hi_min, x->high);
                if (!on_pct_scale(&sl))
                    it->scale =
                        fmax(it->scale, fmax(fabs(x->low), fabs(x->high)));
            }
            it->overlap = lo_max <= hi_min;
        }
        it->spread =
            it->scale > 0 ? (it->mode_hi - it->mode_lo) / it->scale : 0.0;
        if (!(it->per = dt__calloc(a, na, sizeof *it->per)))
            goto nomem;
        for (k = 0; k < na; k++)
            if (!step_alloc(a, &it->per[k], ni, nm))
                goto nomem;
    }
    /* As written: fc was built on the unchanged clone. */
    rc = run_step(c, fc, 0, o, &r->as_written, ni, nm, err);
    /* Each disputed number alone, per analyst. */
    for (j = 0; rc == DT_OK && j < r->n_items; j++) {
        dt_reconcile_item *it = &r->items[j];

        for (k = 0; rc == DT_OK && k < na; k++) {
            const dt_estimate *x = dt_estimates_get(e, k, it->slot);

            if (!x)
                continue;
            it->per[k].value = x->mode;
            rc = dt_scenario_slot_set(c, it->slot, x->mode, err);
            if (rc == DT_OK)
                rc = run_step(c, fc, 1, o, &it->per[k], ni, nm, err);
        }
        if (rc == DT_OK)
            rc = dt_scenario_slot_set(c, it->slot, it->was, err);
        summarise(r, it, na);
    }
    /* Each analyst's whole set of modes at once. */
    for (k = 0; rc == DT_OK && k < na; k++) {
        size_t n_set = 0;

        for (s = 0; rc == DT_OK && s < ns; s++) {
            const dt_estimate *x = dt_estimates_get(e, k, s);

            if (x) {
                rc = dt_scenario_slot_set(c, s, x->mode, err);
                n_set++;
            }
        }
        r->analyst[k].value = (double)n_set;
        if (rc == DT_OK)
            rc = run_step(c, fc, 1, o, &r->analyst[k], ni, nm, err);
        for (s = 0; rc == DT_OK && s < ns; s++)
            if (dt_estimates_get(e, k, s)) {
                dt_slot sl;

                dt_scenario_slot(sc, s, &sl);
                rc = dt_scenario_slot_set(c, s, sl.value->v, err);
            }
    }
    if (rc != DT_OK)
        goto fail;
    qsort(r->items, r->n_items, sizeof *r->items, cmp_items);
    dt_forecast_free(fc);
    dt_scenario_free(c);
    *out = r;
    return DT_OK;
nomem:
    rc = dt__error_set(err, DT_ENOMEM, "out of memory");
fail:
    dt_reconcile_free(r);
    dt_forecast_free(fc);
    dt_scenario_free(c);
    return rc;
}
