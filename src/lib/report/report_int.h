/*
 * Report internals: the document every report is built into before it is
 * written. Section functions (report.c) append blocks - headings,
 * paragraphs, lists, tables, charts - to one dt__doc; report_html.c and
 * report_pdf.c each render that same document, so the HTML page and the
 * PDF always carry the same content.
 */
#ifndef DT_REPORT_INT_H
#define DT_REPORT_INT_H

#include <stddef.h>

#include "internal.h"
#include <detente/chart.h>
#include <detente/report.h>
#include <detente/sweep.h>

typedef enum dt__block_kind {
    DT__B_HEADING = 0, /* text at level 1-3, with an anchor id */
    DT__B_PARA = 1,    /* a paragraph of text */
    DT__B_LIST = 2,    /* items, one per cell of row 0 */
    DT__B_TABLE = 3,   /* rows x cols cells, row 0 the header */
    DT__B_CHART = 4,   /* a chart drawn by the chart module */
    DT__B_FOOTER = 5   /* key/value lines of the reproducibility footer */
} dt__block_kind;

typedef enum dt__para_style {
    DT__P_TEXT = 0,    /* ordinary text */
    DT__P_NOTE = 1,    /* a judgement or note from the scenario */
    DT__P_VERDICT = 2, /* a verdict of the analysis, emphasised */
    DT__P_SMALL = 3    /* secondary information */
} dt__para_style;

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

typedef struct dt__block {
    dt__block_kind kind; /* what this block is */
    int level;           /* heading: 1-3 */
    int style;           /* paragraph: dt__para_style */
    const char *id;      /* heading anchor or NULL */
    const char *text;    /* heading/paragraph text, or list/table caption */
    size_t rows;         /* table rows incl. header; list: 1 */
    size_t cols;         /* table columns; list: items */
    const char **cells;  /* rows x cols, row-major; NULL = empty cell */
    const unsigned char *num; /* per column: 1 = numeric (right-aligned) */
    dt__chart_ref chart;      /* chart blocks */
} dt__block;

/* A document: blocks in reading order, all memory in one arena. */
typedef struct dt__doc {
    dt__arena ar;             /* strings, cells, chart data */
    dt__block *blocks;        /* in order */
    size_t n;                 /* blocks used */
    size_t cap;               /* blocks allocated */
    const char *title;        /* the page title */
    const char *footer_short; /* one line for every PDF page */
    int oom; /* an allocation failed; checked once at the end */
} dt__doc;

void dt__doc_init(dt__doc *d);
void dt__doc_release(dt__doc *d);
/* Arena copy of a printf-style string (NULL and d->oom set on failure). */
const char *dt__doc_fmt(dt__doc *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
const char *dt__doc_str(dt__doc *d, const char *s);
void dt__doc_heading(dt__doc *d, int level, const char *id, const char *text);
void dt__doc_para(dt__doc *d, int style, const char *text);
/* A new block of `kind` with a rows x cols cell grid (NULL cells). */
dt__block *dt__doc_grid(dt__doc *d, dt__block_kind kind, size_t rows,
                        size_t cols);
/* Set cell (r, c) of a grid block to a printf-style string. */
void dt__doc_cell(dt__doc *d, dt__block *b, size_t r, size_t c, const char *fmt,
                  ...) __attribute__((format(printf, 5, 6)));
void dt__doc_chart(dt__doc *d, const dt__chart_ref *ch, const char *caption);

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
                              const dt_chart_input *cin, size_t i, dt__doc *d);
void dt__report_sweep_free(dt_sweep_rep *sw);

/*
 * The games' part of a report (report_games.c): the scenario's staged
 * deal, threats and ratification game (docs/games.md), solved by the
 * library's closed forms; nothing when the scenario has none.
 */
void dt__report_games_section(const dt_scenario *sc, const char *anchor,
                              dt__doc *d);

/* Build the whole document of a report. */
dt_status dt__report_build(const dt_report *rep, dt__doc *d, dt_error *err);

/* Renderers (report_html.c, report_pdf.c). */
dt_status dt__doc_write_html(const dt__doc *d, dt_write_fn write, void *ud,
                             dt_error *err);
dt_status dt__doc_write_pdf(const dt__doc *d, dt_write_fn write, void *ud,
                            dt_error *err);
/*
 * The PDF's layout on a raster: page `page` (1-based) as a PNG at
 * `scale` pixels per point, for tests and for looking at the layout
 * without a PDF viewer. Nothing is written when the page does not exist.
 */
dt_status dt__doc_write_png_page(const dt__doc *d, int page, double scale,
                                 dt_write_fn write, void *ud, dt_error *err);

#endif
