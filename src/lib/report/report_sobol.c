/*
 * The variance decomposition's section of a report: Sobol indices of
 * the analysis model's forecast (and, with the analysis, the deal point)
 * on every issue with respect to the scenario's uncertain inputs, or
 * their groups (src/lib/mc/sobol.c; Saltelli et al. 2010, Jansen 1999;
 * docs/sobol.md), as the library's document (dt_sobol_doc, section form)
 * and one Sobol chart per issue.
 */
#include <string.h>

#include "report_int.h"

dt_status dt__report_sobol_new(const dt_scenario *sc,
                               const dt_report_opts *opts,
                               const dt_model_type *model, dt_sobol **out,
                               dt_error *err)
{
    const dt_model_type *models[1];
    dt_sweep_opts so = DT_SWEEP_OPTS_INIT;
    dt_sobol_opts o = DT_SOBOL_OPTS_INIT;

    models[0] = model;
    so.models = models;
    so.n_models = 1;
    so.model_opts = opts->model_opts;
    so.analysis =
        opts->analysis ? DT_SWEEP_ANALYSIS_AUTO : DT_SWEEP_ANALYSIS_OFF;
    so.weights = opts->weights;
    o.seed = opts->seed;
    o.n_base = opts->sobol;
    o.threads = opts->threads ? opts->threads : 1;
    o.group_by = opts->sobol_group_by;
    return dt_sobol_scenario(sc, &so, &o, out, err);
}

void dt__report_sobol_section(const dt_sobol *so, const dt_scenario *sc,
                              const dt_chart_input *cin, size_t i, dt_doc *d)
{
    dt_doc_opts o = DT_DOC_OPTS_INIT;
    size_t q;

    o.section = 1;
    (void)dt_sobol_doc(so, &o, d, NULL);
    for (q = 0; q < dt_scenario_n_issues(sc); q++) {
        const dt_issue *is = dt_scenario_issue(sc, q);
        dt_chart_opts co = DT_CHART_OPTS_INIT;
        dt__chart_ref ch;

        co.issue = q;
        if (dt_chart_check(DT_CHART_SOBOL, cin, 1, &co, NULL) != DT_OK)
            continue; /* e.g. nothing uncertain moves this forecast */
        memset(&ch, 0, sizeof ch);
        ch.id = dt_doc_fmt(d, "chart-s%zu-sobol-%s", i + 1, is->id);
        ch.kind = DT_CHART_SOBOL;
        ch.in = cin;
        ch.n_in = 1;
        ch.issue = q;
        ch.width = 720;
        ch.height = 260;
        dt_doc_figure(d, ch.id, DT_REPORT_FIGURE_CHART, &ch, sizeof ch,
                      ch.width, ch.height,
                      dt_doc_fmt(d,
                                 "Where the uncertainty of the forecast on %s "
                                 "comes from: first-order (solid) and total "
                                 "(hatched) Sobol indices with bootstrap "
                                 "intervals.",
                                 is->id));
    }
}
