/*
 * The sweep's section of a report: a Monte Carlo sweep of the scenario
 * (include/detente/sweep.h) with the analysis model, its distribution per
 * issue (quantiles and a histogram chart), the probability of a zone of
 * agreement and of each red line being crossed, and the inputs that
 * matter most (Spearman rank correlation, docs/analysis.md "Sweep").
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report_int.h"

/* Inputs listed per issue in "what matters most". */
#define TOP_INPUTS 3

struct dt_sweep_rep {
    const dt_allocator *alloc;     /* the scenario's hook */
    dt_sweep *sw;                  /* the reduced sweep */
    const dt_model_type *model[1]; /* its one model */
    dt_chart_dists *dists;         /* per issue: forecast, then deal */
};

void dt__report_sweep_free(dt_sweep_rep *sr)
{
    if (!sr)
        return;
    dt_chart_dists_free(sr->dists);
    dt_sweep_free(sr->sw);
    dt__free(sr->alloc, sr, sizeof *sr);
}

/* Index of the output of `kind` on `issue`, or (size_t)-1. */
static size_t find_output(const dt_sweep *s, dt_output_kind kind, size_t issue)
{
    size_t k, n = dt_sweep_n_outputs(s);

    for (k = 0; k < n; k++) {
        const dt_sweep_output *o = dt_sweep_get_output(s, k);

        if (o->kind == kind && o->issue == issue &&
            (kind != DT_OUTPUT_FORECAST || o->model == 0))
            return k;
    }
    return (size_t)-1;
}

dt_status dt__report_sweep_new(const dt_scenario *sc,
                               const dt_report_opts *opts,
                               const dt_model_type *model, dt_sweep_rep **out,
                               dt_error *err)
{
    dt_sweep_opts so = DT_SWEEP_OPTS_INIT;
    dt_sweep_rep *sr = dt__calloc(dt_scenario_allocator(sc), 1, sizeof *sr);
    dt_status st;

    *out = NULL;
    if (!sr)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    sr->alloc = dt_scenario_allocator(sc);
    sr->model[0] = model;
    so.models = sr->model;
    so.n_models = 1;
    so.model_opts = opts->model_opts;
    so.seed = opts->seed;
    so.n_draws = opts->draws;
    so.threads = opts->threads ? opts->threads : 1;
    so.analysis =
        opts->analysis ? DT_SWEEP_ANALYSIS_AUTO : DT_SWEEP_ANALYSIS_OFF;
    so.weights = opts->weights;
    st = dt_sweep_new(sc, &so, &sr->sw, err);
    if (st == DT_OK)
        st = dt_sweep_run(sr->sw, 0, dt_sweep_n_draws(sr->sw), err);
    if (st == DT_OK)
        st = dt_sweep_reduce(sr->sw, err);
    if (st == DT_OK)
        st = dt_chart_sweep_dists(sr->sw, &sr->dists, err);
    if (st != DT_OK) {
        dt__report_sweep_free(sr);
        return st;
    }
    *out = sr;
    return DT_OK;
}

void dt__report_sweep_dists(dt_sweep_rep *sr, dt_chart_input *cin)
{
    cin->dists = dt_chart_dists_get(sr->dists, &cin->n_dists);
}

/* One row of quantiles: label cells first, then 5..95 %, mean, sd. */
static void stats_row(dt_doc *d, size_t b, size_t r, size_t c0,
                      const dt_sweep_stats *st)
{
    size_t k;

    for (k = 0; k < DT_SWEEP_NQ; k++)
        dt_doc_cell(d, b, r, c0 + k, "%s",
                    dt_doc_num(d, "%.1f", st->q[k], "n/a"));
    dt_doc_cell(d, b, r, c0 + DT_SWEEP_NQ, "%s",
                dt_doc_num(d, "%.1f", st->mean, "n/a"));
    dt_doc_cell(d, b, r, c0 + DT_SWEEP_NQ + 1, "%s",
                dt_doc_num(d, "%.1f", st->sd, "n/a"));
}

static void stats_header(dt_doc *d, size_t b, size_t c0)
{
    size_t k;

    for (k = 0; k < DT_SWEEP_NQ; k++) {
        dt_doc_cell(d, b, 0, c0 + k, "%g%%", 100.0 * dt_sweep_levels[k]);
        dt_doc_numeric(d, b, c0 + k);
    }
    dt_doc_cell(d, b, 0, c0 + DT_SWEEP_NQ, "mean");
    dt_doc_cell(d, b, 0, c0 + DT_SWEEP_NQ + 1, "sd");
    dt_doc_numeric(d, b, c0 + DT_SWEEP_NQ);
    dt_doc_numeric(d, b, c0 + DT_SWEEP_NQ + 1);
}

static void influence_table(const dt_sweep *s, const dt_scenario *sc, dt_doc *d)
{
    size_t q, nq = dt_scenario_n_issues(sc), t;
    size_t b = dt_doc_table(d, nq + 1, TOP_INPUTS + 1, NULL);

    if (b == DT_DOC_NONE)
        return;
    dt_doc_caption(d, b,
                   dt_doc_fmt(d,
                              "What matters most: the inputs whose draws move "
                              "the %s forecast most (Spearman's rho)",
                              dt_sweep_model(s, 0)->name));
    dt_doc_cell(d, b, 0, 0, "issue");
    for (t = 0; t < TOP_INPUTS; t++)
        dt_doc_cell(d, b, 0, t + 1, "%zu%s", t + 1,
                    t == 0   ? "st"
                    : t == 1 ? "nd"
                             : "rd");
    for (q = 0; q < nq; q++) {
        size_t k = find_output(s, DT_OUTPUT_FORECAST, q);
        const size_t *rank =
            k == (size_t)-1 ? NULL : dt_sweep_influence_rank(s, k);

        dt_doc_cell(d, b, q + 1, 0, "%s", dt_scenario_issue(sc, q)->id);
        for (t = 0; t < TOP_INPUTS; t++) {
            double rho;

            if (!rank || t >= dt_sweep_n_inputs(s)) {
                dt_doc_cell(d, b, q + 1, t + 1, "-");
                continue;
            }
            rho = dt_sweep_influence(s, k, rank[t]);
            if (!isfinite(rho))
                dt_doc_cell(d, b, q + 1, t + 1, "-");
            else
                dt_doc_cell(d, b, q + 1, t + 1, "%s (%+.2f)",
                            dt_sweep_get_input(s, rank[t])->label, rho);
        }
    }
}

void dt__report_sweep_section(const dt_sweep_rep *sr, const dt_scenario *sc,
                              const dt_chart_input *cin, size_t i, dt_doc *d)
{
    const dt_sweep *s = sr->sw;
    size_t q, nq = dt_scenario_n_issues(sc), a;
    size_t b;

    dt_doc_heading(d, 3, dt_doc_fmt(d, "s%zu-sweep", i + 1),
                   "Uncertainty: Monte Carlo sweep");
    dt_doc_para(d, DT_DOC_STYLE_TEXT,
                dt_doc_fmt(d,
                           "%zu draws (seed %llu) of the %zu uncertain "
                           "inputs, each drawn within its stated spread "
                           "(docs/scenario-format.md, \"Uncertainty\"); "
                           "model %s%s.",
                           dt_sweep_n_done(s),
                           (unsigned long long)dt_sweep_seed(s),
                           dt_sweep_n_inputs(s), dt_sweep_model(s, 0)->name,
                           dt_sweep_has_analysis(s)
                               ? ", with the summit analysis on every draw"
                               : ""));
    if (dt_sweep_n_inputs(s) == 0)
        dt_doc_para(d, DT_DOC_STYLE_VERDICT,
                    "The scenario states no uncertainty (no spread on any "
                    "number and no scenario-wide default), so every draw "
                    "equals the forecast as written: give spreads to see "
                    "how far the results move.");
    b = dt_doc_table(d, nq + 1, 2 + DT_SWEEP_NQ + 2, NULL);
    if (b != DT_DOC_NONE) {
        dt_doc_caption(d, b,
                       dt_doc_fmt(d, "%s forecast over the draws",
                                  dt_sweep_model(s, 0)->name));
        dt_doc_cell(d, b, 0, 0, "issue");
        dt_doc_cell(d, b, 0, 1, "as written");
        dt_doc_numeric(d, b, 1);
        stats_header(d, b, 2);
        for (q = 0; q < nq; q++) {
            dt_doc_cell(d, b, q + 1, 0, "%s", dt_scenario_issue(sc, q)->id);
            dt_doc_cell(
                d, b, q + 1, 1, "%s",
                dt_doc_num(d, "%.1f", dt_sweep_forecast_base(s, q, 0), "n/a"));
            stats_row(d, b, q + 1, 2, dt_sweep_forecast_stats(s, q, 0));
        }
    }
    if (dt_sweep_has_analysis(s)) {
        const dt_sweep_stats *du = dt_sweep_durability_stats(s);

        dt_doc_para(
            d, DT_DOC_STYLE_VERDICT,
            dt_doc_fmt(d,
                       "A zone of agreement exists in %.1f%% of the draws; "
                       "durability median %s (5-95%%: %s to %s).",
                       100.0 * dt_sweep_p_zone(s),
                       dt_doc_num(d, "%.2f", du->q[2], "n/a"),
                       dt_doc_num(d, "%.2f", du->q[0], "n/a"),
                       dt_doc_num(d, "%.2f", du->q[4], "n/a")));
        for (q = 0, a = 0; q < nq; q++)
            a += dt_sweep_deal_stats(s, q)->n;
        b = a == 0 ? DT_DOC_NONE
                   : dt_doc_table(d, nq + 1, 2 + DT_SWEEP_NQ + 2, NULL);
        if (a == 0)
            dt_doc_para(d, DT_DOC_STYLE_TEXT, "No draw has a deal.");
        if (b != DT_DOC_NONE) {
            dt_doc_caption(d, b, "Deal point over the draws that have a deal");
            dt_doc_cell(d, b, 0, 0, "issue");
            dt_doc_cell(d, b, 0, 1, "draws");
            dt_doc_numeric(d, b, 1);
            stats_header(d, b, 2);
            for (q = 0; q < nq; q++) {
                const dt_sweep_stats *ds = dt_sweep_deal_stats(s, q);

                dt_doc_cell(d, b, q + 1, 0, "%s", dt_scenario_issue(sc, q)->id);
                dt_doc_cell(d, b, q + 1, 1, "%zu", ds->n);
                stats_row(d, b, q + 1, 2, ds);
            }
        }
        b = dt_doc_table(d, dt_scenario_n_actors(sc) + 1, 2, NULL);
        if (b != DT_DOC_NONE) {
            dt_doc_caption(d, b,
                           "Probability that the proposal crosses a red line");
            dt_doc_cell(d, b, 0, 0, "actor");
            dt_doc_cell(d, b, 0, 1, "P(crossed)");
            dt_doc_numeric(d, b, 1);
            for (a = 0; a < dt_scenario_n_actors(sc); a++) {
                double p = dt_sweep_p_red_line(s, a);

                dt_doc_cell(d, b, a + 1, 0, "%s", dt_scenario_actor(sc, a)->id);
                dt_doc_cell(d, b, a + 1, 1, "%s",
                            isfinite(p) ? dt_doc_fmt(d, "%.1f%%", 100.0 * p)
                                        : "n/a");
            }
        }
    }
    if (dt_sweep_n_inputs(s) > 0)
        influence_table(s, sc, d);
    for (q = 0; q < nq; q++) {
        const dt_issue *is = dt_scenario_issue(sc, q);
        dt__chart_ref ch;

        memset(&ch, 0, sizeof ch);
        ch.id = dt_doc_fmt(d, "chart-s%zu-distribution-%s", i + 1, is->id);
        ch.kind = DT_CHART_DISTRIBUTION;
        ch.in = cin;
        ch.n_in = 1;
        ch.issue = q;
        ch.width = 720;
        ch.height = 190;
        {
            dt_chart_opts o = DT_CHART_OPTS_INIT;

            o.issue = q;
            if (dt_chart_check(ch.kind, cin, 1, &o, NULL) != DT_OK)
                continue;
        }
        dt_doc_figure(d, ch.id, DT_REPORT_FIGURE_CHART, &ch, sizeof ch,
                      ch.width, ch.height,
                      dt_doc_fmt(d,
                                 "Distribution over the draws on %s, with "
                                 "the 5, 25, 50, 75 and 95%% quantiles "
                                 "marked.",
                                 is->id));
    }
}
