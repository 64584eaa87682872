/*
 * dt_chart_runs_new: every one-issue model run on every issue with its
 * rounds kept (dt_model_solve with a dt_trace), packaged as the
 * dt_chart_run array the trajectory, positions and compare charts take.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart_int.h"

struct dt_chart_runs {
    size_t n_lines;       /* entries in lines (the scenario's issues) */
    dt_line **lines;      /* per issue, or NULL when no actor has a stake */
    size_t n;             /* entries in runs and traces */
    dt_chart_run *runs;   /* issue-major, then model order */
    dt_trace *traces;     /* one per run */
    dt_model_result *res; /* one per run (NaN points when no stake) */
};

void dt_chart_runs_free(dt_chart_runs *r)
{
    size_t i;

    if (!r)
        return;
    for (i = 0; i < r->n; i++)
        dt_trace_release(&r->traces[i]);
    for (i = 0; i < r->n_lines; i++)
        dt_line_free(r->lines[i]);
    free(r->lines);
    free(r->runs);
    free(r->traces);
    free(r->res);
    free(r);
}

const dt_chart_run *dt_chart_runs_get(const dt_chart_runs *r, size_t *n)
{
    *n = r ? r->n : 0;
    return r ? r->runs : NULL;
}

const dt_model_result *dt_chart_runs_result(const dt_chart_runs *r, size_t k)
{
    return r && k < r->n ? &r->res[k] : NULL;
}

dt_status dt_chart_runs_new(const dt_scenario *sc,
                            const dt_model_type *const *types, size_t n_types,
                            const dt_model_opts *mopts, dt_chart_runs **out,
                            dt_error *err)
{
    dt_chart_runs *r = NULL;
    dt_model *m = NULL;
    size_t ni, i, t, n_max = 1;
    dt_status rc = DT_OK;

    *out = NULL;
    if (!sc || (n_types > 0 && !types))
        return dt__error_set(err, DT_EINVAL, "no scenario or models to run");
    for (t = 0; t < n_types; t++)
        if (!types[t])
            return dt__error_set(err, DT_EINVAL, "model %zu is NULL", t);
    ni = dt_scenario_n_issues(sc);
    r = calloc(1, sizeof *r);
    if (!r)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    r->lines = calloc(ni ? ni : 1, sizeof *r->lines);
    r->runs = calloc(ni * n_types + 1, sizeof *r->runs);
    r->traces = calloc(ni * n_types + 1, sizeof *r->traces);
    r->res = calloc(ni * n_types + 1, sizeof *r->res);
    if (!r->lines || !r->runs || !r->traces || !r->res) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    r->n_lines = ni;
    for (i = 0; i < ni; i++) {
        rc = dt_scenario_line(sc, i, 0, &r->lines[i], err);
        if (rc != DT_OK)
            goto out;
        if (r->lines[i]->n > n_max)
            n_max = r->lines[i]->n;
    }
    for (t = 0; t < n_types; t++) {
        rc = dt_model_new(types[t], n_max, mopts, NULL, &m, err);
        if (rc != DT_OK)
            goto out;
        for (i = 0; i < ni; i++) {
            dt_chart_run *run = &r->runs[i * n_types + t];
            dt_trace *tr = &r->traces[i * n_types + t];
            dt_model_result *res = &r->res[i * n_types + t];

            run->model = types[t]->name;
            run->issue = i;
            run->line = r->lines[i];
            run->point = NAN;
            if (r->lines[i]->n == 0) {
                /* No stake: nothing to run, no trace. */
                res->point = res->mean = res->median = NAN;
                continue;
            }
            rc = dt_model_solve(m, r->lines[i], tr, res, err);
            if (rc == DT_NOT_CONVERGED)
                rc = DT_OK;
            if (rc != DT_OK)
                goto out;
            run->trace = tr;
            run->point = res->point;
        }
        dt_model_free(m);
        m = NULL;
    }
    r->n = ni * n_types;
    *out = r;
    r = NULL;
out:
    dt_model_free(m);
    if (r) {
        r->n = ni * n_types;
        dt_chart_runs_free(r);
    }
    return rc;
}
