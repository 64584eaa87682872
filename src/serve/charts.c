/*
 * detente serve: POST /api/chart, one chart as SVG drawn by the library
 * (dt_chart_render), its inputs built as `detente plot` builds them: the
 * model runs (dt_chart_runs_new), the analysis, and for a distribution
 * the draws of a finished sweep (dt_chart_sweep_dists).
 */
#include <stdlib.h>
#include <string.h>

#include "sv.h"

/* What one scenario of the chart needs, owned here. */
struct item {
    dt_scenario *sc;       /* the scenario */
    dt_chart_runs *runs;   /* model runs, or NULL */
    dt_analysis *an;       /* the analysis, or NULL */
    dt_chart_dists *dists; /* a sweep's draws, or NULL */
};

static void item_release(struct item *it)
{
    dt_chart_dists_free(it->dists);
    dt_analysis_free(it->an);
    dt_chart_runs_free(it->runs);
    dt_scenario_free(it->sc);
    memset(it, 0, sizeof *it);
}

/* The chart's models: "model" (one name) or all one-issue models. */
static int chart_models(json_t *body, dt_chart_kind kind,
                        const dt_model_type **types, size_t *n, sv_reply *r)
{
    const char *name = NULL;
    const dt_model_type *const *all;

    if (!sv_field_string(body, "model", &name, r))
        return 0;
    *n = 0;
    if (name) {
        types[0] = dt_model_find(name);
        if (!types[0]) {
            sv_reply_error(r, 400, "bad_request",
                           "unknown model '%s' (expected mean, median, eu or "
                           "nbs)",
                           name);
            return 0;
        }
        *n = 1;
    } else if (kind == DT_CHART_TRAJECTORY || kind == DT_CHART_DISTRIBUTION) {
        types[0] = &dt_model_eu;
        *n = 1;
    } else {
        for (all = dt_model_types(); *all && *n < 8; all++)
            types[(*n)++] = *all;
    }
    return 1;
}

/* Runs and analysis of one scenario, as the kind needs them. */
static int compute(dt_chart_kind kind, const dt_model_type **types, size_t n,
                   struct item *it, dt_chart_input *in, sv_reply *r)
{
    dt_analysis_opts ao = DT_ANALYSIS_OPTS_INIT;
    dt_error err;
    dt_status st;

    in->sc = it->sc;
    if (kind == DT_CHART_TRAJECTORY || kind == DT_CHART_POSITIONS ||
        kind == DT_CHART_COMPARE) {
        st = dt_chart_runs_new(it->sc, types, n, NULL, &it->runs, &err);
        if (st != DT_OK) {
            sv_reply_dt(r, st, &err, "cannot run the models");
            return 0;
        }
        in->runs = dt_chart_runs_get(it->runs, &in->n_runs);
    }
    if (kind == DT_CHART_POSITIONS || kind == DT_CHART_LEVERS ||
        kind == DT_CHART_COMPARE) {
        st = dt_analyze(it->sc, &ao, &it->an, &err);
        dt_analysis_thread_end();
        /* Positions and compare are drawn without the deal point. */
        if (st != DT_OK && (kind == DT_CHART_LEVERS || st != DT_ESCENARIO)) {
            sv_reply_dt(r, st, &err, "cannot analyse");
            return 0;
        }
        in->analysis = it->an;
    }
    return 1;
}

/* The chart options of the request. */
static int chart_opts(json_t *body, dt_chart_opts *o, const char **issue,
                      sv_reply *r)
{
    uint64_t w = 1000, h = 700;

    if (!sv_field_uint(body, "width", 20000, &w, r) ||
        !sv_field_uint(body, "height", 20000, &h, r) ||
        !sv_field_string(body, "issue", issue, r) ||
        !sv_field_string(body, "title", &o->title, r))
        return 0;
    if ((double)w < DT_CHART_MIN_SIZE || (double)h < DT_CHART_MIN_SIZE) {
        sv_reply_error(r, 400, "bad_request",
                       "\"width\" and \"height\" must be %u to 20000",
                       (unsigned)DT_CHART_MIN_SIZE);
        return 0;
    }
    o->width = (double)w;
    o->height = (double)h;
    return 1;
}

void sv_api_chart(const sv_call *c, sv_reply *r)
{
    dt_chart_opts o = DT_CHART_OPTS_INIT;
    const dt_model_type *types[8];
    struct item it[2];
    dt_chart_input in[2] = {DT_CHART_INPUT_INIT, DT_CHART_INPUT_INIT};
    const char *kind_name = NULL, *issue = NULL, *sweep_id = NULL;
    dt_chart_kind kind;
    sv_job *job = NULL;
    sv_buf svg = {0};
    size_t n_types, n_in = 1, i;
    dt_error err;
    dt_status st;

    memset(it, 0, sizeof it);
    if (!sv_field_string(c->body, "kind", &kind_name, r) ||
        !sv_field_string(c->body, "sweep", &sweep_id, r) ||
        !chart_opts(c->body, &o, &issue, r))
        return;
    if (!kind_name || !dt_chart_kind_from_name(kind_name, &kind) ||
        kind == DT_CHART_VARY || kind == DT_CHART_TORNADO ||
        kind == DT_CHART_SOBOL) {
        /* vary, tornado and sobol need their own studies (a one-input
           sweep, dt_sweep_oat, dt_sobol_scenario): detente plot. */
        sv_reply_error(r, 400, "bad_request",
                       "\"kind\" must be trajectory, positions, levers, "
                       "distribution or compare");
        return;
    }
    if (!chart_models(c->body, kind, types, &n_types, r))
        return;
    if (kind == DT_CHART_DISTRIBUTION) {
        const dt_sweep *s;
        static const char caption[] = "Monte Carlo sweep (detente serve).";

        if (!sweep_id) {
            sv_reply_error(r, 400, "bad_request",
                           "a distribution needs \"sweep\": the id of a "
                           "finished sweep");
            return;
        }
        job = sv_jobs_get_done(c->srv->jobs, sweep_id, &s, r);
        if (!job)
            return;
        st = dt_chart_sweep_dists(s, &it[0].dists, &err);
        if (st != DT_OK) {
            sv_reply_dt(r, st, &err, "cannot describe the sweep");
            goto out;
        }
        in[0].sc = dt_sweep_scenario(s);
        in[0].dists = dt_chart_dists_get(it[0].dists, &in[0].n_dists);
        o.caption = caption;
    } else {
        it[0].sc = sv_spec_load(c->srv, c->body, NULL, r);
        if (!it[0].sc || !compute(kind, types, n_types, &it[0], &in[0], r))
            goto out;
        if (kind == DT_CHART_COMPARE && json_object_get(c->body, "with")) {
            it[1].sc =
                sv_spec_load(c->srv, json_object_get(c->body, "with"), NULL, r);
            if (!it[1].sc || !compute(kind, types, n_types, &it[1], &in[1], r))
                goto out;
            n_in = 2;
        }
    }
    if (issue) {
        o.issue = dt_scenario_issue_index(in[0].sc, issue);
        if (o.issue == (size_t)-1) {
            sv_reply_error(r, 400, "bad_request", "unknown issue '%s'", issue);
            goto out;
        }
    }
    if (n_types == 1)
        o.model = types[0]->name;
    st = dt_chart_check(kind, in, n_in, &o, &err);
    if (st == DT_OK)
        st = dt_chart_render(kind, in, n_in, &o, DT_CHART_SVG,
                             sv_buf_chart_write, &svg, &err);
    if (st != DT_OK) {
        sv_reply_dt(r, st, &err, "cannot draw the chart");
        goto out;
    }
    sv_reply_doc(r, &svg);
    r->type = "image/svg+xml";
out:
    sv_buf_release(&svg);
    for (i = 0; i < 2; i++)
        item_release(&it[i]);
    if (job)
        sv_jobs_release(c->srv->jobs, job);
}
