/*
 * detente: charts. Six kinds of chart drawn with cairo, text laid out
 * with pango in DejaVu Sans: the rounds of a model run (trajectory), the
 * actors on each issue's scale (positions), what each pressure lever
 * changes (levers), the spread of a sweep (distribution), several
 * scenarios side by side (compare), the forecasts along a one-input
 * sweep (vary) and one-at-a-time sensitivities (tornado). A chart is drawn onto
 * a caller's cairo context in a given box (dt_chart_draw, e.g. on a report
 * page), or rendered as PNG, SVG or PDF through a write callback
 * (dt_chart_render; the library never opens files). Inputs are the library's
 * own results: drawing computes nothing but the layout. docs/charts.md shows
 * and explains each chart.
 */
#ifndef DETENTE_CHART_H
#define DETENTE_CHART_H

#include <stddef.h>

#include <cairo.h>

#include "analysis.h"
#include "error.h"
#include "model.h"
#include "scenario.h"
#include "sobol.h"
#include "sweep.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum dt_chart_kind {
    DT_CHART_TRAJECTORY = 0,   /* positions over the rounds, per issue */
    DT_CHART_POSITIONS = 1,    /* strip of actors, forecasts and deal */
    DT_CHART_LEVERS = 2,       /* tornado chart of lever effects */
    DT_CHART_DISTRIBUTION = 3, /* histograms of sweep results per issue */
    DT_CHART_COMPARE = 4,      /* two or more scenarios side by side */
    DT_CHART_VARY = 5,         /* a one-input sweep (vary.h), per issue */
    DT_CHART_TORNADO = 6,      /* one-at-a-time sensitivities of a result */
    DT_CHART_SOBOL = 7         /* Sobol indices of a result (sobol.h) */
} dt_chart_kind;

#define DT_CHART_N_KINDS 8

typedef enum dt_chart_format {
    DT_CHART_PNG = 0, /* width x height pixels, ARGB, via libpng in cairo */
    DT_CHART_SVG = 1, /* SVG 1.1, width x height points, text as glyphs */
    DT_CHART_PDF = 2  /* one page of width x height points */
} dt_chart_format;

/*
 * Output sink: write `len` bytes at `data` (borrowed for the call).
 * Returns 0 on success, anything else to stop rendering (the render call
 * then returns DT_EIO).
 */
typedef int (*dt_chart_write_fn)(void *ctx, const unsigned char *data,
                                 size_t len);

/*
 * One model's run on one issue, as dt_model_solve() leaves it. All
 * pointers are borrowed and must outlive the drawing call.
 */
typedef struct dt_chart_run {
    const char *model;     /* model name (legend, opts.model selection) */
    size_t issue;          /* scenario issue index */
    const dt_line *line;   /* the actors of the run, in line order */
    const dt_trace *trace; /* its rounds (trace->n == line->n), or NULL */
    double point;          /* the forecast; NaN when the model gives none */
} dt_chart_run;

/*
 * Draws of one result on one issue (e.g. a sweep's forecasts of one
 * model), with their quantiles. Draws are borrowed; order does not
 * matter; non-finite draws are skipped.
 */
typedef struct dt_chart_dist {
    size_t issue;        /* scenario issue index */
    const char *label;   /* what was drawn, e.g. "eu forecast", or NULL */
    size_t n;            /* entries in draws */
    const double *draws; /* on the issue's 0-100 scale */
    double q[5];         /* quantiles 5, 25, 50, 75, 95 %; NaN = not drawn */
} dt_chart_dist;

/*
 * Everything known about one scenario. Only sc is required; each kind
 * says below what else it needs. All pointers are borrowed.
 */
typedef struct dt_chart_input {
    const dt_scenario *sc;       /* the scenario */
    const char *label;           /* compare: column title; NULL = name */
    size_t n_runs;               /* entries in runs */
    const dt_chart_run *runs;    /* model runs, any order */
    const dt_analysis *analysis; /* dt_analyze() result, or NULL */
    size_t n_dists;              /* entries in dists */
    const dt_chart_dist *dists;  /* sweep results, any order */
    const struct dt_vary *vary;  /* a one-input sweep of sc (vary.h,
                                    dt_vary_run), or NULL */
    const dt_oat *oat;           /* tornado: dt_sweep_oat() of sc, or NULL */
    const dt_sobol *sobol;       /* sobol: dt_sobol_scenario() of sc, or
                                    NULL */
} dt_chart_input;

#define DT_CHART_INPUT_INIT                                                    \
    {                                                                          \
        NULL, NULL, 0, NULL, NULL, 0, NULL, NULL, NULL, NULL                   \
    }

/* Options. Initialise with DT_CHART_OPTS_INIT. */
typedef struct dt_chart_opts {
    double width;         /* dt_chart_render: pixels (PNG), points */
    double height;        /* likewise; both >= DT_CHART_MIN_SIZE */
    size_t issue;         /* one issue's index, or (size_t)-1 = all */
    const char *model;    /* trajectory: this model's runs; NULL = the
                             first run's model */
    const char *title;    /* NULL = automatic (kind and scenario name) */
    const char *caption;  /* small text under the chart (e.g. the seed),
                             or NULL */
    const char *font;     /* family; NULL = "DejaVu Sans" */
    double font_size;     /* base size in user units; 0 = from the box */
    const char *pdf_date; /* PDF CreationDate/ModDate, ISO 8601, e.g.
                             "2019-02-28T00:00:00Z"; NULL = none written
                             (byte-identical output run after run) */
    const char *svg_id;   /* SVG: prefix of the element ids, which are
                             renumbered <svg_id>id0, id1, ... so that
                             several charts can be inlined in one HTML
                             page; NULL = "" */
} dt_chart_opts;

#define DT_CHART_MIN_SIZE 160.0

#define DT_CHART_OPTS_INIT                                                     \
    {                                                                          \
        1000.0, 700.0, (size_t)-1, NULL, NULL, NULL, NULL, 0.0, NULL, NULL     \
    }

/*
 * What each kind draws and needs (docs/charts.md has pictures):
 *
 * - DT_CHART_TRAJECTORY: per issue one panel (small multiples, or only
 *   opts.issue), every actor's position over the rounds of one model's
 *   run (opts.model, else the first run's), one labelled line per actor
 *   (table actors solid, excluded dashed), the weighted mean and median
 *   per round and the status quo. Needs in[0].runs with traces.
 * - DT_CHART_POSITIONS: per issue a strip on 0-100 with the issue's
 *   low/high words at the ends; each actor a marker (area proportional
 *   to capability x salience, shape by role), red lines as shaded bands
 *   of the rejected range; the status quo, every run's forecast
 *   (in[0].runs) and, when in[0].analysis found one, the Nash deal point
 *   (else "no deal" is written under the strip). Needs only sc.
 * - DT_CHART_LEVERS: tornado chart over in[0].analysis->effects, strongest
 *   first (the analysis's rank): per lever the proposal (deal) shift and
 *   the full-forecast shift (percent of the user's distance closed), and
 *   the durability change (percentage points), with flips and "no
 *   effect" written beside the bars. Needs an analysis with >= 1 effect.
 * - DT_CHART_DISTRIBUTION: per issue (and per dist on it) a histogram of
 *   in[0].dists' draws with the 5/25/50/75/95 % quantiles marked and the
 *   status quo. Needs >= 1 dist with draws.
 * - DT_CHART_COMPARE: one column per input (n_in >= 1, usually >= 2), one
 *   row per issue id (shared ids share a row): status quo, table and full
 *   forecasts and deal point from each analysis, run forecasts, and the
 *   observed outcome when the scenario records one. Needs sc; the rest
 *   is drawn when present.
 * - DT_CHART_VARY: per issue one panel (small multiples, or only
 *   opts.issue) of in[0].vary, a one-input sweep of sc (vary.h): the
 *   slot's value along x, every model's forecast per step as a line with
 *   markers, the Nash deal dashed, the status quo dotted, the steps
 *   without a zone of agreement shaded, each verdict flip a vertical
 *   line labelled "opens" or "closes" halfway between its two steps, and
 *   the value as written. Needs in[0].vary with the scenario's issues.
 *
 * - DT_CHART_TORNADO: one result's one-at-a-time sensitivities
 *   (in[0].oat, from dt_sweep_oat on in[0].sc): per input, largest swing
 *   at the top, a solid bar from the value as written to the result with
 *   the input at its low end and a hatched one for its high end; inputs
 *   that do not move it are left out. The result is opts.model's
 *   forecast (NULL = the sweep's first model; "deal" = the deal point)
 *   on opts.issue (-1 = the first issue). Needs an oat with a result
 *   some input moves.
 *
 * - DT_CHART_SOBOL: one result's variance decomposition (in[0].sobol,
 *   from dt_sobol_scenario on in[0].sc): per input (or group), largest
 *   total index at the top, a solid bar for the first-order index and a
 *   hatched one for the total index, each with its bootstrap interval;
 *   the result chosen as for the tornado. Needs a result some input
 *   explains.
 *
 * Multi-issue kinds honour opts.issue. Colours are the Okabe-Ito palette
 * (colour-blind safe), and every series also differs by dash pattern or
 * marker shape so charts survive greyscale printing. Legends sit outside
 * the plot areas; actor labels are moved apart so they do not overlap.
 */

/*
 * Whether `in[0..n_in)` (borrowed) has what `kind` needs with `opts`
 * (NULL = defaults). Returns DT_OK; DT_ESCENARIO when the data lacks
 * something the kind needs (e.g. levers on a scenario without levers,
 * distribution without draws: the message says what); DT_EINVAL for bad
 * arguments (unknown kind, n_in == 0, a NULL scenario, opts.issue out of
 * range, a size below DT_CHART_MIN_SIZE, a run or dist whose issue
 * index is out of range, a run whose trace does not match its line).
 * Thread-safe; draws nothing.
 */
DT_API dt_status dt_chart_check(dt_chart_kind kind, const dt_chart_input *in,
                                size_t n_in, const dt_chart_opts *opts,
                                dt_error *err);

/*
 * Check that the font family (NULL = "DejaVu Sans") is installed:
 * fontconfig must resolve it to that family, not to a fallback. Returns
 * DT_OK or DT_EIO with a message naming the family and what it resolved
 * to. Thread-safe (fontconfig's own locking).
 */
DT_API dt_status dt_chart_font_check(const char *family, dt_error *err);

/*
 * Draw the chart onto `cr` (borrowed; its state is saved and restored)
 * inside the box (x, y, w, h) in cr's user units, on a white background.
 * Checks as dt_chart_check() (opts.width/height are ignored; the box
 * must be at least DT_CHART_MIN_SIZE each way) and dt_chart_font_check().
 * Returns DT_OK, DT_EINVAL, DT_ESCENARIO, DT_EIO (font missing), DT_ENOMEM
 * or DT_EINTERNAL (cairo reported an error on cr). Thread-safe for
 * distinct cr; deterministic.
 */
DT_API dt_status dt_chart_draw(cairo_t *cr, dt_chart_kind kind,
                               const dt_chart_input *in, size_t n_in,
                               const dt_chart_opts *opts, double x, double y,
                               double w, double h, dt_error *err);

/*
 * Render the chart at opts.width x opts.height as `fmt` and pass the
 * bytes to write(ctx, ...) (possibly in many calls; nothing is written
 * when the checks fail). SVG text is drawn as glyph outlines; the root
 * element also gets a <title> (the chart title) and a <desc> listing
 * every text drawn, for screen readers and search. Returns as
 * dt_chart_draw(), plus DT_EIO when write fails. Same inputs and options
 * give byte-identical output. Thread-safe; deterministic.
 */
DT_API dt_status dt_chart_render(dt_chart_kind kind, const dt_chart_input *in,
                                 size_t n_in, const dt_chart_opts *opts,
                                 dt_chart_format fmt, dt_chart_write_fn write,
                                 void *ctx, dt_error *err);

/* "trajectory", "positions", "levers", "distribution", "compare",
 * "tornado". */
DT_API const char *dt_chart_kind_name(dt_chart_kind kind);
/* The kind called `name`: 1 and *out set, or 0 when unknown. */
DT_API int dt_chart_kind_from_name(const char *name, dt_chart_kind *out);
/* "png", "svg", "pdf". */
DT_API const char *dt_chart_format_name(dt_chart_format fmt);
/*
 * The format named `name` ("png", "svg", "pdf", any case), or of the
 * file name's extension when `name` contains a dot: 1 and *out set, or 0.
 */
DT_API int dt_chart_format_from_name(const char *name, dt_chart_format *out);

/*
 * Convenience: run each model of types[0..n_types) (borrowed) with
 * `mopts` (NULL = defaults) on every issue of `sc` (borrowed, must
 * outlive *out), keeping the traces, for use as dt_chart_input.runs.
 * One-issue models only (those of dt_model_types()). *out is new; free it
 * with dt_chart_runs_free. Returns DT_OK, DT_EINVAL, DT_ENOMEM, or a
 * model's error. Thread-safe; deterministic.
 */
typedef struct dt_chart_runs dt_chart_runs;
DT_API dt_status dt_chart_runs_new(const dt_scenario *sc,
                                   const dt_model_type *const *types,
                                   size_t n_types, const dt_model_opts *mopts,
                                   dt_chart_runs **out, dt_error *err);
/* The runs (owned by r), issue-major then model order; count in *n. */
DT_API const dt_chart_run *dt_chart_runs_get(const dt_chart_runs *r, size_t *n);
/*
 * The model's full result for run k (same order as dt_chart_runs_get):
 * point, mean, median and why it stopped; point, mean and median are NaN
 * for an issue where no actor has a stake. NULL when k is out of range.
 */
DT_API const dt_model_result *dt_chart_runs_result(const dt_chart_runs *r,
                                                   size_t k);
/* Free r and its runs. NULL is a no-op. */
DT_API void dt_chart_runs_free(dt_chart_runs *r);

/*
 * A sweep's draws (s borrowed, reduced; must outlive the result) as
 * distributions for DT_CHART_DISTRIBUTION: per issue each model's
 * forecasts ("eu forecast") and, when the analysis ran on the draws and
 * some draw had a deal, the deal point ("deal point"), with their
 * quantiles. The one conversion behind the reports' and `detente plot
 * distribution`'s charts. *out is new (free with dt_chart_dists_free).
 * Returns DT_OK or DT_ENOMEM.
 */
typedef struct dt_chart_dists dt_chart_dists;
DT_API dt_status dt_chart_sweep_dists(const dt_sweep *s, dt_chart_dists **out,
                                      dt_error *err);
/* The distributions (owned by d), count in *n. */
DT_API const dt_chart_dist *dt_chart_dists_get(const dt_chart_dists *d,
                                               size_t *n);
DT_API void dt_chart_dists_free(dt_chart_dists *d);

#ifdef __cplusplus
}
#endif
#endif
