/*
 * dt_chart_sweep_dists (chart.h): a sweep's draws as the distributions
 * the distribution chart takes, the one conversion the reports and
 * `detente plot distribution` share.
 */
#include <stdio.h>
#include <string.h>

#include "chart_int.h"

struct dt_chart_dists {
    const dt_allocator *alloc; /* the sweep's scenario's hook */
    size_t n;                  /* entries in dists */
    size_t cap;                /* entries allocated */
    dt_chart_dist *dists;      /* issue order; per issue models, deal */
    char (*label)[64];         /* one label per model: "eu forecast" */
    size_t n_models;           /* entries in label */
};

void dt_chart_dists_free(dt_chart_dists *d)
{
    if (!d)
        return;
    dt__free(d->alloc, d->dists, (d->cap ? d->cap : 1) * sizeof *d->dists);
    dt__free(d->alloc, d->label,
             (d->n_models ? d->n_models : 1) * sizeof *d->label);
    dt__free(d->alloc, d, sizeof *d);
}

const dt_chart_dist *dt_chart_dists_get(const dt_chart_dists *d, size_t *n)
{
    *n = d ? d->n : 0;
    return d ? d->dists : NULL;
}

/* Index of the deal output on issue q, or (size_t)-1. */
static size_t deal_output(const dt_sweep *s, size_t q)
{
    size_t k;

    for (k = 0; k < dt_sweep_n_outputs(s); k++) {
        const dt_sweep_output *o = dt_sweep_get_output(s, k);

        if (o->kind == DT_OUTPUT_DEAL && o->issue == q)
            return k;
    }
    return (size_t)-1;
}

dt_status dt_chart_sweep_dists(const dt_sweep *s, dt_chart_dists **out,
                               dt_error *err)
{
    const dt_scenario *sc = dt_sweep_scenario(s);
    size_t nq = dt_scenario_n_issues(sc), nm = dt_sweep_n_models(s);
    size_t n = dt_sweep_n_kept(s), q, m; /* the kept draws */
    dt_chart_dists *d;

    *out = NULL;
    d = dt__calloc(dt_scenario_allocator(sc), 1, sizeof *d);
    if (!d)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    d->alloc = dt_scenario_allocator(sc);
    d->cap = nq * (nm + 1);
    d->n_models = nm;
    d->dists = dt__calloc(d->alloc, d->cap ? d->cap : 1, sizeof *d->dists);
    d->label = dt__calloc(d->alloc, nm ? nm : 1, sizeof *d->label);
    if (!d->dists || !d->label) {
        dt_chart_dists_free(d);
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    for (m = 0; m < nm; m++)
        snprintf(d->label[m], sizeof d->label[m], "%s forecast",
                 dt_sweep_model(s, m)->name);
    for (q = 0; q < nq; q++) {
        size_t k = deal_output(s, q);

        for (m = 0; m < nm; m++) {
            dt_chart_dist *x = &d->dists[d->n++];

            x->issue = q;
            x->label = d->label[m];
            x->n = n;
            x->draws = dt_sweep_forecasts(s, q, m);
            memcpy(x->q, dt_sweep_forecast_stats(s, q, m)->q, sizeof x->q);
        }
        /* The deal's draws, when the analysis ran and some draw had one. */
        if (k != (size_t)-1 && dt_sweep_output_stats(s, k)->n > 0) {
            dt_chart_dist *x = &d->dists[d->n++];

            x->issue = q;
            x->label = "deal point";
            x->n = n;
            x->draws = dt_sweep_output_draws(s, k);
            memcpy(x->q, dt_sweep_output_stats(s, k)->q, sizeof x->q);
        }
    }
    *out = d;
    return DT_OK;
}
