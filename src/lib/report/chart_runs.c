/*
 * dt_chart_runs_new: the models run on every issue by the forecast
 * driver (forecast.h) with their rounds kept, packaged as the
 * dt_chart_run array the trajectory, positions and compare charts take.
 */

#include "chart_int.h"

struct dt_chart_runs {
    const dt_allocator *alloc; /* the scenario's hook */
    dt_forecast *fc;           /* the forecast (every model, every issue) */
    size_t n;                  /* entries in runs */
    dt_chart_run *runs;        /* issue-major, then model order */
};

void dt_chart_runs_free(dt_chart_runs *r)
{
    if (!r)
        return;
    dt_forecast_free(r->fc);
    dt__free(r->alloc, r->runs, (r->n + 1) * sizeof *r->runs);
    dt__free(r->alloc, r, sizeof *r);
}

const dt_chart_run *dt_chart_runs_get(const dt_chart_runs *r, size_t *n)
{
    *n = r ? r->n : 0;
    return r ? r->runs : NULL;
}

const dt_model_result *dt_chart_runs_result(const dt_chart_runs *r, size_t k)
{
    size_t nm;

    if (!r || k >= r->n)
        return NULL;
    nm = dt_forecast_n_models(r->fc);
    return dt_forecast_result(r->fc, k / nm, k % nm);
}

dt_status dt_chart_runs_new(const dt_scenario *sc,
                            const dt_model_type *const *types, size_t n_types,
                            const dt_model_opts *mopts, dt_chart_runs **out,
                            dt_error *err)
{
    dt_forecast_opts fo = DT_FORECAST_OPTS_INIT;
    const char *names[DT_FORECAST_MAX_MODELS];
    dt_chart_runs *r = NULL;
    size_t ni, i, t, nm;
    dt_status rc;

    *out = NULL;
    if (!sc || (n_types > 0 && !types))
        return dt__error_set(err, DT_EINVAL, "no scenario or models to run");
    if (n_types > DT_FORECAST_MAX_MODELS)
        return dt__error_set(err, DT_EINVAL, "at most %d models",
                             DT_FORECAST_MAX_MODELS);
    for (t = 0; t < n_types; t++) {
        if (!types[t])
            return dt__error_set(err, DT_EINVAL, "model %zu is NULL", t);
        names[t] = types[t]->name;
    }
    if (mopts)
        fo.model = *mopts;
    r = dt__calloc(dt_scenario_allocator(sc), 1, sizeof *r);
    if (!r)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    r->alloc = dt_scenario_allocator(sc);
    if (n_types > 0) {
        rc = dt_forecast_new(sc, names, n_types, &fo, &r->fc, err);
        if (rc != DT_OK) {
            dt_chart_runs_free(r);
            return rc;
        }
    }
    ni = dt_scenario_n_issues(sc);
    nm = r->fc ? dt_forecast_n_models(r->fc) : 0;
    r->runs = dt__calloc(r->alloc, ni * nm + 1, sizeof *r->runs);
    if (!r->runs) {
        dt_chart_runs_free(r);
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    r->n = ni * nm;
    for (i = 0; i < ni; i++)
        for (t = 0; t < nm; t++) {
            dt_chart_run *run = &r->runs[i * nm + t];

            run->model = dt_forecast_model_name(r->fc, t);
            run->issue = i;
            run->line = dt_forecast_line(r->fc, i);
            run->trace = dt_forecast_trace(r->fc, i, t);
            run->point = dt_forecast_result(r->fc, i, t)->point;
        }
    *out = r;
    return DT_OK;
}
