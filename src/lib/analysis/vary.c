/*
 * One-input sweeps (dt_vary_run, vary.h): one slot of a clone of the
 * scenario stepped evenly from lo to hi; per step the forecasts
 * (dt_forecast_new) and the summit analysis without levers (dt_analyze:
 * zone verdict, surplus, Nash deal, durability; docs/analysis.md), and
 * where the zone's verdict flips between consecutive steps.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

#include <detente/detente.h>

#include "analysis/vary_int.h"

/* Parse "LO:HI:STEPS" (after the '='). */
static int parse_range(const char *s, double *lo, double *hi, size_t *steps)
{
    char buf[3][64];
    const char *p = s;
    size_t k;
    double n;

    for (k = 0; k < 3; k++) {
        const char *e = k < 2 ? strchr(p, ':') : p + strlen(p);
        size_t len;

        if (!e)
            return 0;
        len = (size_t)(e - p);
        if (len == 0 || len >= sizeof buf[k])
            return 0;
        memcpy(buf[k], p, len);
        buf[k][len] = '\0';
        p = e + 1;
    }
    if (!dt__parse_double(buf[0], lo) || !dt__parse_double(buf[1], hi) ||
        !dt__parse_double(buf[2], &n) || !isfinite(*lo) || !isfinite(*hi))
        return 0;
    if (!(n >= 2 && n <= 10000) || n != floor(n))
        return 0;
    *steps = (size_t)n;
    return 1;
}

dt_status dt_vary_parse(const dt_scenario *sc, const char *arg, size_t *slot,
                        double *lo, double *hi, size_t *steps, dt_error *err)
{
    const char *eq = arg ? strchr(arg, '=') : NULL;
    char id[256], spec[260];
    size_t n;

    if (!eq || eq == arg || (size_t)(eq - arg) >= sizeof id)
        return dt__error_set(err, DT_EINVAL,
                             "'%.60s': expected SLOT=LO:HI:STEPS, e.g. "
                             "russia.territory.position=50:100:11",
                             arg ? arg : "");
    n = (size_t)(eq - arg);
    memcpy(id, arg, n);
    id[n] = '\0';
    /* The slot first, so a typo is named with its closest ids. */
    snprintf(spec, sizeof spec, "%s=0", id);
    {
        double dummy;

        if (dt_scenario_parse_set(sc, spec, slot, &dummy, err) != DT_OK)
            return DT_EINVAL;
    }
    if (!parse_range(eq + 1, lo, hi, steps))
        return dt__error_set(err, DT_EINVAL,
                             "%s: '%.40s' is not LO:HI:STEPS (two finite "
                             "numbers and a whole number of steps from 2 to "
                             "10000, e.g. %s=50:100:11)",
                             id, eq + 1, id);
    return DT_OK;
}

/* Bytes of a step's n x m array of doubles (at least one). */
static size_t fc_bytes(size_t n, size_t m)
{
    return (n * m > 0 ? n * m : 1) * sizeof(double);
}

void dt_vary_free(dt_vary *v)
{
    size_t k;

    if (!v)
        return;
    for (k = 0; v->steps && k < v->n_steps; k++) {
        dt__free(v->alloc, v->steps[k].forecast,
                 fc_bytes(v->n_issues, v->n_models));
        dt__free(v->alloc, v->steps[k].deal, fc_bytes(v->n_issues, 1));
    }
    dt__free(v->alloc, v->steps, v->n_steps * sizeof *v->steps);
    for (k = 0; v->models && k < v->n_models; k++)
        dt__free(v->alloc, (char *)v->models[k], strlen(v->models[k]) + 1);
    dt__free(v->alloc, v->models, v->n_models * sizeof *v->models);
    dt__free(v->alloc, v, sizeof *v);
}

static char *dupstr(const dt_allocator *a, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = dt__alloc(a, n);

    if (p)
        memcpy(p, s, n);
    return p;
}

/* The analysis of one step into st (not analysed when it cannot run). */
dt_status dt__vary_analyse(const dt_scenario *c, const dt_vary_opts *o,
                           dt_vary_step *st, size_t ni, dt_error *err)
{
    dt_analysis_opts ao = DT_ANALYSIS_OPTS_INIT;
    dt_analysis *an = NULL;
    dt_status rc;
    size_t i;

    ao.model = o->analysis_model;
    ao.weights = o->weights;
    ao.no_levers = 1;
    st->surplus = st->durability = NAN;
    for (i = 0; i < ni; i++)
        st->deal[i] = NAN;
    rc = dt_analyze(c, &ao, &an, err);
    if (rc == DT_ENOMEM)
        return rc;
    if (rc != DT_OK)
        return DT_OK; /* no analysis here (e.g. nobody at the table) */
    /* Contradicting red lines are a closed zone, as analyze says. */
    st->analysed = an->base.zone.status != DT_ZONE_NO_TABLE;
    st->feasible =
        an->base.zone.status == DT_ZONE_SOLVED && an->base.zone.feasible;
    st->surplus = an->base.zone.surplus;
    st->durability = an->base.durability;
    st->n_spoilers = an->base.n_spoilers;
    if (an->base.deal.found)
        for (i = 0; i < ni; i++)
            st->deal[i] = an->base.deal.point[i];
    dt_analysis_free(an);
    return DT_OK;
}

dt_status dt_vary_run(const dt_scenario *sc, size_t slot, double lo, double hi,
                      size_t steps, const dt_vary_opts *o, dt_vary **out,
                      dt_error *err)
{
    static const dt_vary_opts defaults = DT_VARY_OPTS_INIT;
    const dt_allocator *a = dt_scenario_allocator(sc);
    size_t ni = dt_scenario_n_issues(sc), k, i, m, nm;
    dt_scenario *c = NULL;
    dt_forecast *fc = NULL;
    dt_vary *v = NULL;
    dt_status rc;
    dt_slot sl;

    *out = NULL;
    if (!o)
        o = &defaults;
    if (!dt_scenario_slot(sc, slot, &sl))
        return dt__error_set(err, DT_EINVAL, "no slot %zu", slot);
    if (steps < 2)
        return dt__error_set(err, DT_EINVAL, "at least 2 steps, got %zu",
                             steps);
    rc = dt_scenario_clone(sc, &c, err);
    if (rc != DT_OK)
        return rc;
    /* Both ends in range, checked with the slot's own message. */
    rc = dt_scenario_slot_set(c, slot, lo, err);
    if (rc == DT_OK)
        rc = dt_scenario_slot_set(c, slot, hi, err);
    if (rc != DT_OK) {
        dt_scenario_free(c);
        return rc == DT_ERANGE ? DT_EINVAL : rc;
    }
    rc = dt_scenario_slot_set(c, slot, lo, err);
    if (rc == DT_OK)
        rc = dt_forecast_new(c, o->models, o->n_models, o->forecast, &fc, err);
    if (rc != DT_OK)
        goto fail;
    nm = dt_forecast_n_models(fc);
    v = dt__alloc(a, sizeof *v);
    if (!v)
        goto nomem;
    memset(v, 0, sizeof *v);
    v->sc = sc;
    v->alloc = a;
    v->slot = slot;
    v->was = sl.value->v;
    dt_scenario_slot_id(sc, slot, v->slot_id, sizeof v->slot_id);
    v->n_issues = ni;
    v->models = dt__alloc(a, nm * sizeof *v->models);
    if (!v->models)
        goto nomem;
    memset(v->models, 0, nm * sizeof *v->models);
    v->n_models = nm;
    for (m = 0; m < nm; m++)
        if (!(v->models[m] = dupstr(a, dt_forecast_model_name(fc, m))))
            goto nomem;
    v->steps = dt__alloc(a, steps * sizeof *v->steps);
    if (!v->steps)
        goto nomem;
    memset(v->steps, 0, steps * sizeof *v->steps);
    v->n_steps = steps;
    for (k = 0; k < steps; k++) {
        dt_vary_step *st = &v->steps[k];

        st->forecast = dt__alloc(a, fc_bytes(ni, nm));
        st->deal = dt__alloc(a, fc_bytes(ni, 1));
        if (!st->forecast || !st->deal)
            goto nomem;
    }
    for (k = 0; k < steps; k++) {
        dt_vary_step *st = &v->steps[k];

        /* Exact ends: lo at k = 0, hi at the last step. */
        st->value = k + 1 == steps
                        ? hi
                        : lo + (hi - lo) * (double)k / (double)(steps - 1);
        rc = dt_scenario_slot_set(c, slot, st->value, err);
        if (rc == DT_OK && k > 0)
            rc = dt_forecast_rerun(fc, err);
        if (rc != DT_OK)
            goto fail;
        for (i = 0; i < ni; i++)
            for (m = 0; m < nm; m++)
                st->forecast[i * nm + m] = dt_forecast_result(fc, i, m)->point;
        rc = dt__vary_analyse(c, o, st, ni, err);
        if (rc != DT_OK)
            goto fail;
        if (k > 0 && st->analysed && v->steps[k - 1].analysed &&
            st->feasible != v->steps[k - 1].feasible)
            st->flip = st->feasible ? 1 : -1;
    }
    dt_forecast_free(fc);
    dt_scenario_free(c);
    *out = v;
    return DT_OK;
nomem:
    rc = dt__error_set(err, DT_ENOMEM, "out of memory");
fail:
    dt_vary_free(v);
    dt_forecast_free(fc);
    dt_scenario_free(c);
    return rc;
}
