/*
 * detente: briefing reports. From one or more scenarios, a report puts
 * together what an analyst hands on: each scenario's description and
 * sources, its actors and inputs with their notes, the forecast of every
 * model per issue with each model's explanation (why it ends there),
 * each model's error against the observed outcome when the scenario
 * records one (score.h), its phases (each phase's forecasts, observed
 * outcome and errors) when it has a timeline, the summit analysis
 * (zone, deal, durability, spoilers, levers) where the scenario supports
 * it, its game sections (staged
 * deal, threats, ratification; docs/games.md) solved in closed form when
 * it has them, a Monte Carlo sweep when asked, and a comparison across
 * the scenarios given, with charts. The same
 * content is written as one self-contained HTML page (inline CSS, charts
 * as inline SVG, no script, no network) and as a PDF for printing
 * (cairo + pango). A footer names the inputs' SHA-256, the seed, the
 * library version and the command line, so a report can be reproduced.
 * Contents and options: docs/reports.md.
 */
#ifndef DETENTE_REPORT_H
#define DETENTE_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "analysis.h"
#include "doc.h"
#include "error.h"
#include "model.h"
#include "scenario.h"
#include "vary.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One input of a report. */
typedef struct dt_report_input {
    const dt_scenario *scenario; /* borrowed; must outlive the report */
    const void *bytes;           /* the file's bytes, for its SHA-256
                                    (borrowed for dt_report_new; NULL =
                                    no hash shown) */
    size_t len;                  /* entries in bytes */
    const char *label;           /* name shown for the file (borrowed for
                                    dt_report_new; NULL = the scenario's
                                    path) */
} dt_report_input;

/* Report options. Initialise with DT_REPORT_OPTS_INIT. */
typedef struct dt_report_opts {
    const dt_model_type *const *models;  /* forecast models (borrowed);
                                            NULL = every built-in model */
    size_t n_models;                     /* entries in models */
    dt_model_opts model_opts;            /* options of every model */
    int analysis;                        /* 1 = analyse each scenario that
                                            supports it (default) */
    const dt_model_type *analysis_model; /* NULL = eu */
    dt_nash_weights weights;             /* Nash weights of the analysis */
    size_t draws;                        /* sweep draws; 0 = no sweep */
    unsigned threads;                    /* sweep workers; 0 = 1 */
    int has_seed;                        /* whether seed was given */
    uint64_t seed;                       /* sweep seed (shown in the footer) */
    const char *command;                 /* the command line for the footer
                                            (copied), or NULL */
    size_t sobol;                        /* Sobol base rows N of a variance
                                            decomposition (sobol.h) of the
                                            analysis model; 0 = none */
    dt_sobol_group_by sobol_group_by;    /* its grouping (not by model:
                                            the report decomposes one) */
} dt_report_opts;

#define DT_REPORT_OPTS_INIT                                                    \
    {                                                                          \
        NULL, 0, DT_MODEL_OPTS_INIT, 1, NULL, DT_WEIGHTS_EQUAL, 0, 0, 0, 0,    \
            NULL, 0, DT_SOBOL_BY_INPUT                                         \
    }

typedef struct dt_report dt_report;

/*
 * Compute everything a report shows for the n >= 1 inputs (borrowed;
 * the scenarios must outlive the report): every model's forecast with
 * its rounds on every issue, the analysis of each scenario that supports
 * it (one that does not gets a line saying why), the sweep when
 * opts->draws > 0, and the SHA-256 of each input's bytes (GLib). On
 * success *out is new (caller frees with dt_report_free). Returns DT_OK,
 * DT_EINVAL (no input, bad options), DT_ESCENARIO (a scenario without
 * actors or issues, or one the sweep refuses; the message names the
 * file), DT_EIO (the DejaVu fonts the report is set in are missing),
 * DT_ENOMEM or DT_EINTERNAL. Thread-safe (one report per thread);
 * deterministic for a given seed.
 */
DT_API dt_status dt_report_new(const dt_report_input *in, size_t n,
                               const dt_report_opts *opts, dt_report **out,
                               dt_error *err);

/* Free a report. NULL is a no-op. */
DT_API void dt_report_free(dt_report *rep);

/*
 * Write the report as one HTML5 page through `write` (ud passed on):
 * inline CSS, every chart as an inline <svg> inside <figure
 * class="chart" id="chart-...">, no script, no external resource; every
 * scenario string is HTML-escaped. The same report always gives the same
 * bytes (no timestamps). Returns DT_OK, the status `write` returned,
 * DT_ENOMEM or DT_EINTERNAL (a chart failed to draw). Thread-safe for
 * distinct reports.
 */
DT_API dt_status dt_report_write_html(const dt_report *rep, dt_write_fn write,
                                      void *ud, dt_error *err);

/*
 * Write the report as an A4 PDF through `write`: the same sections,
 * tables and charts as the HTML, laid out by pango, with a footer line on
 * every page. The document's creation date is fixed (set in the PDF's
 * metadata) so the same report gives the same bytes. Returns as
 * dt_report_write_html.
 */
DT_API dt_status dt_report_write_pdf(const dt_report *rep, dt_write_fn write,
                                     void *ud, dt_error *err);

/*
 * The report's document (doc.h), appended to d: what the HTML page and
 * the PDF show, for a front end that renders it its own way (its charts
 * are figures of kind DT_REPORT_FIGURE_CHART). Returns DT_OK or
 * DT_ENOMEM.
 */
DT_API dt_status dt_report_doc(const dt_report *rep, dt_doc *d, dt_error *err);

/*
 * Write sc (borrowed) and its results as an Excel workbook (.xlsx) at
 * `path` (replaced; libxlsxwriter writes the file itself, so a caller who
 * wants it atomic passes a temporary path and renames it): sheet
 * "Scenario" (name, date, description, note, sources, file, format),
 * "Issues" (id, name, status_quo, low, high, note), "Stakes" (the
 * multi-issue CSV table's columns: actor, actor_name, issue, position,
 * salience, capability, role, note; numbers as numbers), "Forecasts"
 * (issue, then one column per model) and "Analysis" (zone: agreement, no
 * agreement or not analysed; surplus; durability; spoilers; then the
 * Nash deal per issue). The results are dt_vary_run's at the values as
 * written, with `opts` (NULL = defaults: every one-issue model, eu for
 * the analysis); a number that is none is an empty cell. Returns DT_OK,
 * DT_EINVAL, DT_ESCENARIO (as dt_scenario_write_yaml), a model's error,
 * DT_EIO (the file cannot be written), or DT_ENOMEM. Thread-safe.
 * docs/reports.md, "Spreadsheets".
 */
DT_API dt_status dt_report_write_xlsx(const dt_scenario *sc,
                                      const dt_vary_opts *opts,
                                      const char *path, dt_error *err);

/* The figure kind of a chart in a report's document. */
#define DT_REPORT_FIGURE_CHART 1

/*
 * Any result document (doc.h) as one self-contained HTML5 page (inline
 * CSS, charts as inline SVG, no script, no external resource, every
 * string escaped), or as an A4 PDF laid out by pango, through `write`:
 * the HTML and PDF renderers of dt_doc_write, in libdetente-report
 * because they need cairo and pango. Blocks are shown when their mask
 * has DT_DOC_HTML (DT_DOC_PDF); figures other than a report's charts
 * show their caption. Same document, same bytes. Returns DT_OK, the
 * status write returned, DT_ENOMEM or DT_EINTERNAL (a chart failed).
 */
DT_API dt_status dt_doc_write_html(const dt_doc *d, dt_write_fn write, void *ud,
                                   dt_error *err);
DT_API dt_status dt_doc_write_pdf(const dt_doc *d, dt_write_fn write, void *ud,
                                  dt_error *err);

/* The seed the report's sweep used (0 when there is no sweep). */
DT_API uint64_t dt_report_seed(const dt_report *rep);

#ifdef __cplusplus
}
#endif
#endif
