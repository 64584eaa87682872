/*
 * dt_analyze: the whole summit analysis of one scenario - forecasts with
 * the table and with everyone, the zone, the Nash deal, support and
 * durability - for the baseline and for each lever (and pair).
 */
#include <math.h>
#include <string.h>

#include "analysis_int.h"

void dt_analysis_free(dt_analysis *an)
{
    size_t i;

    if (!an)
        return;
    dt__run_release(&an->base);
    for (i = 0; an->effects && i < an->n_effects; i++)
        dt__run_release(&an->effects[i].run);
    dt__free(an->alloc, an->effects, an->n_effects * sizeof *an->effects);
    dt__free(an->alloc, an->rank, an->n_effects * sizeof *an->rank);
    dt__free(an->alloc, an, sizeof *an);
}

/*
 * The lever indices studied: opts->levers, or every lever. *out has
 * *n + 1 entries (also on error).
 */
static dt_status lever_list(const dt_scenario *sc, const dt_analysis_opts *o,
                            size_t **out, size_t *n, dt_error *err)
{
    size_t i, nl = dt_scenario_n_levers(sc);

    *n = o->no_levers ? 0 : o->n_levers ? o->n_levers : nl;
    *out = dt__calloc(dt_scenario_allocator(sc), *n + 1, sizeof **out);
    if (!*out)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    for (i = 0; i < *n; i++) {
        (*out)[i] = o->n_levers ? o->levers[i] : i;
        if ((*out)[i] >= nl)
            return dt__error_set(err, DT_EINVAL,
                                 "lever index %zu out of range (the "
                                 "scenario has %zu levers)",
                                 (*out)[i], nl);
    }
    return DT_OK;
}

static dt_status study_levers(dt_analysis *an, const dt_scenario *sc,
                              const dt_analysis_opts *o, dt_forecast_cache *fc,
                              dt_error *err)
{
    dt_problem *p = NULL;
    size_t *lv = NULL, n = 0, i, j, k = 0, ne;
    dt_status rc;

    rc = lever_list(sc, o, &lv, &n, err);
    if (rc != DT_OK || n == 0)
        goto out;
    ne = n + (o->pairs ? n * (n - 1) / 2 : 0);
    an->effects = dt__calloc(an->alloc, ne, sizeof *an->effects);
    if (!an->effects) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    /*
     * Every slot counts from here, so that dt_analysis_free frees the
     * arrays with their true size; slots not reached stay zero and
     * release as nothing.
     */
    an->n_effects = ne;
    an->rank = dt__calloc(an->alloc, ne, sizeof *an->rank);
    if (!an->rank) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    rc = dt_problem_build(sc, o->weights, &p, err);
    if (rc != DT_OK)
        goto out;
    for (i = 0; i < n && rc == DT_OK; i++)
        for (j = i; j < (o->pairs ? n : i + 1) && rc == DT_OK; j++) {
            dt_lever_effect *e = &an->effects[k++];

            e->n = j == i ? 1 : 2;
            e->lever[0] = lv[i];
            e->lever[1] = lv[j];
            rc = dt__lever_effect(e, sc, &an->base, p, o, fc, err);
        }
    if (rc != DT_OK)
        goto out;
    /* Singles first in lever order, then pairs, as documented. */
    {
        dt_lever_effect *tmp = dt__calloc(an->alloc, ne, sizeof *tmp);
        size_t s = 0, t = n;

        if (!tmp) {
            rc = dt__error_set(err, DT_ENOMEM, "out of memory");
            goto out;
        }
        for (i = 0; i < k; i++)
            tmp[an->effects[i].n == 1 ? s++ : t++] = an->effects[i];
        memcpy(an->effects, tmp, k * sizeof *tmp);
        dt__free(an->alloc, tmp, ne * sizeof *tmp);
    }
    dt__lever_rank(an);
out:
    dt_problem_free(p);
    dt__free(an->alloc, lv, (n + 1) * sizeof *lv);
    return rc;
}

dt_status dt_analyze(const dt_scenario *sc, const dt_analysis_opts *opts,
                     dt_analysis **out, dt_error *err)
{
    dt_analysis_opts o = DT_ANALYSIS_OPTS_INIT;
    dt_analysis *an = NULL;
    dt_forecast_cache *fc = NULL;
    dt_status rc;

    *out = NULL;
    if (opts)
        o = *opts;
    if (!o.model)
        o.model = &dt_model_eu;
    if (o.weights != DT_WEIGHTS_EQUAL && o.weights != DT_WEIGHTS_CAPABILITY)
        return dt__error_set(err, DT_EINVAL, "unknown Nash weights %d",
                             (int)o.weights);
    an = dt__calloc(dt_scenario_allocator(sc), 1, sizeof *an);
    if (!an)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    an->alloc = dt_scenario_allocator(sc);
    an->model = o.model;
    an->weights = o.weights;
    /* Without forecasts there is nothing to cache. */
    rc = o.flags & DT_ANALYSIS_NO_FORECASTS
             ? DT_OK
             : dt_forecast_cache_new(an->alloc, &fc, err);
    if (rc == DT_OK)
        rc = dt__run_scenario(&an->base, sc, &o, fc, err);
    if (rc == DT_OK)
        rc = study_levers(an, sc, &o, fc, err);
    if (rc != DT_OK)
        goto out;
    *out = an;
    an = NULL;
out:
    dt_forecast_cache_free(fc);
    dt_analysis_free(an);
    return rc;
}

void dt_analysis_thread_end(void)
{
    glp_free_env();
}
