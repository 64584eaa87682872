/*
 * Report internals. Section functions (report.c, report_games.c,
 * report_sweep.c) append blocks - headings, paragraphs, lists, tables,
 * charts - to one result document (doc.h); report_html.c and
 * report_pdf.c render any document, so the HTML page and the PDF always
 * carry the same content. A chart is a figure block of kind
 * DT_REPORT_FIGURE_CHART whose data is a dt__chart_ref.
 */
#ifndef DT_REPORT_INT_H
#define DT_REPORT_INT_H

#include <stddef.h>

#include "internal.h"
#include <detente/chart.h>
#include <detente/report.h>
#include <detente/sweep.h>

/*
 * A chart block: one chart of the chart module (include/detente/chart.h),
 * drawn onto a PDF page (dt_chart_draw) or rendered as SVG for the page
 * (dt_chart_render). The inputs are owned by the report and outlive the
 * document.
 */
typedef struct dt__chart_ref {
    const char *id;           /* element id in HTML, unique in the page */
    dt_chart_kind kind;       /* which chart */
    const dt_chart_input *in; /* its inputs (owned by the report) */
    size_t n_in;              /* entries in in */
    size_t issue;             /* one issue, or (size_t)-1 for all */
    const char *model;        /* trajectory: which model, or NULL */
    double width;             /* natural size in points */
    double height;            /* natural size in points */
} dt__chart_ref;

/*
 * The sweep's part of a report (report_sweep.c): run the sweep of one
 * scenario, hand its draws to the charts (cin->dists) and write its
 * section.
 */
typedef struct dt_sweep_rep dt_sweep_rep;
dt_status dt__report_sweep_new(const dt_scenario *sc,
                               const dt_report_opts *opts,
                               const dt_model_type *model, dt_sweep_rep **out,
                               dt_error *err);
void dt__report_sweep_dists(dt_sweep_rep *sw, dt_chart_input *cin);
void dt__report_sweep_section(const dt_sweep_rep *sw, const dt_scenario *sc,
                              const dt_chart_input *cin, size_t i, dt_doc *d);
void dt__report_sweep_free(dt_sweep_rep *sw);

/*
 * The variance decomposition's part (report_sobol.c): Sobol indices of
 * one scenario with opts->sobol base rows, and their section (the
 * library's dt_sobol_doc and a Sobol chart per issue; cin->sobol set).
 */
dt_status dt__report_sobol_new(const dt_scenario *sc,
                               const dt_report_opts *opts,
                               const dt_model_type *model, dt_sobol **out,
                               dt_error *err);
void dt__report_sobol_section(const dt_sobol *so, const dt_scenario *sc,
                              const dt_chart_input *cin, size_t i, dt_doc *d);

/*
 * The games' part of a report (report_games.c): the scenario's staged
 * deal, threats and ratification game (docs/games.md), solved by the
 * library's closed forms; nothing when the scenario has none.
 */
void dt__report_games_section(const dt_scenario *sc, const char *anchor,
                              dt_doc *d);

/* Build the whole document of a report. */
dt_status dt__report_build(const dt_report *rep, dt_doc *d, dt_error *err);

/*
 * The PDF's layout on a raster: page `page` (1-based) as a PNG at
 * `scale` pixels per point, for tests and for looking at the layout
 * without a PDF viewer. Nothing is written when the page does not exist.
 */
dt_status dt__doc_write_png_page(const dt_doc *d, int page, double scale,
                                 dt_write_fn write, void *ud, dt_error *err);

#endif
