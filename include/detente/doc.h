/*
 * detente: result documents. Every result detente computes (a forecast,
 * an analysis, a comparison, a sweep, the games, a backtest, a scenario
 * summary) is built once as a document - headings, paragraphs, lists,
 * tables, key-value lists and figures, in reading order - and written by
 * one renderer per output style: terminal text, Markdown and CSV here,
 * HTML and PDF in libdetente-report (report.h). The pattern of SQLite's
 * query-result formatter: one builder, one spec of the output style, one
 * write callback. The JSON documents of the results are written by their
 * own functions (dt_*_write_json, below) with a versioned schema: each
 * document's first key is "schema": "detente-KIND/VERSION", and
 * docs/json-schema.md and docs/schema/ describe every key.
 *
 * A block carries its content for every renderer and, optionally, how
 * terminal text lays it out (blank lines before it, left margin, a lead
 * and hanging indent for wrapped text, column widths and alignment):
 * dt_doc_layout() annotates the last block added. Markdown, HTML and PDF
 * ignore those hints. Each block also says which renderers show it
 * (dt_doc_show()): a CSV file holds the machine-readable tables, a
 * terminal the tables meant for reading.
 *
 * Building never fails visibly: an allocation failure is remembered and
 * reported once by dt_doc_status() (and by every writer). Strings are
 * copied into the document's arena.
 */
#ifndef DETENTE_DOC_H
#define DETENTE_DOC_H

#include <stddef.h>

#include "analysis.h"
#include "backtest.h"
#include "cases.h"
#include "error.h"
#include "forecast.h"
#include "sweep.h"
#include "sobol.h"
#include "games.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum dt_doc_kind {
    DT_DOC_HEADING = 0,  /* text at level 1 (title) to 4, with an anchor */
    DT_DOC_PARA = 1,     /* a paragraph */
    DT_DOC_LIST = 2,     /* items: row 0, one per column */
    DT_DOC_TABLE = 3,    /* rows x cols cells; row 0 the header */
    DT_DOC_KEYVALUE = 4, /* rows x 2: key, value */
    DT_DOC_FIGURE = 5    /* a figure drawn by a renderer that knows it */
} dt_doc_kind;

typedef enum dt_doc_style {
    DT_DOC_STYLE_TEXT = 0,    /* ordinary text */
    DT_DOC_STYLE_NOTE = 1,    /* a judgement or note from the input */
    DT_DOC_STYLE_VERDICT = 2, /* a verdict, emphasised */
    DT_DOC_STYLE_SMALL = 3,   /* secondary information */
    DT_DOC_STYLE_ORDERED = 4, /* list: numbered (e.g. sources) */
    DT_DOC_STYLE_FOOTER = 5   /* key-values: the reproducibility footer */
} dt_doc_style;

/* Renderers, as bits of a block's `show` mask. */
typedef enum dt_doc_format {
    DT_DOC_TEXT = 1,     /* terminal text */
    DT_DOC_MARKDOWN = 2, /* Markdown (CommonMark with pipe tables) */
    DT_DOC_CSV = 4,      /* CSV (RFC 4180): the tables only */
    DT_DOC_HTML = 8,     /* HTML page (report.h) */
    DT_DOC_PDF = 16      /* PDF (report.h) */
} dt_doc_format;

#define DT_DOC_PEOPLE (DT_DOC_TEXT | DT_DOC_MARKDOWN | DT_DOC_HTML | DT_DOC_PDF)
#define DT_DOC_ALL    (DT_DOC_PEOPLE | DT_DOC_CSV)

/* Terminal-text layout of one table column. */
typedef struct dt_doc_col {
    const char *sep; /* printed before the column ("" for none) */
    unsigned width;  /* pad to this width (0: no padding) */
    int right;       /* right-aligned (numbers) */
} dt_doc_col;

/* Terminal-text layout of one block (dt_doc_layout). */
typedef struct dt_doc_layout_spec {
    unsigned gap;     /* blank lines before the block */
    unsigned margin;  /* spaces before every line */
    const char *lead; /* paragraph: printed before its first line, after
                         the margin (e.g. "0 = "), or NULL */
    unsigned hang;    /* paragraph: continuation lines start here
                         (columns from the line start); wraps at 78 when
                         hang > 0, else the paragraph is one line */
    int caption;      /* table/list: print the caption line first */
    int headless;     /* table: leave the header row out */
} dt_doc_layout_spec;

/* One block, as the renderers read it. All memory belongs to the doc. */
typedef struct dt_doc_block {
    dt_doc_kind kind;         /* what this block is */
    unsigned show;            /* dt_doc_format bits of the renderers */
    int level;                /* heading: 1-4 */
    int style;                /* dt_doc_style */
    const char *id;           /* heading anchor, figure id, or NULL */
    const char *text;         /* heading or paragraph text; the caption of
                                 a list, table, key-value list or figure */
    size_t rows;              /* table rows with the header; list: 1 */
    size_t cols;              /* table columns; list: items; kv: 2 */
    const char **cells;       /* rows x cols, row-major; NULL = empty */
    const char **keys;        /* table: machine name of each column (the
                                 CSV header), or NULL to use row 0 */
    const unsigned char *num; /* table: per column, 1 = numeric */
    const dt_doc_col *col;    /* table: text layout per column, or NULL */
    dt_doc_layout_spec lay;   /* terminal-text layout */
    int figure_kind;          /* figure: the renderer's kind */
    const void *figure;       /* figure: its data (copied), or NULL */
    double width, height;     /* figure: natural size in points */
    const unsigned *wrap;     /* table: text wrap width per column (0 =
                                 none), or NULL (dt_doc_wrap) */
} dt_doc_block;

typedef struct dt_doc dt_doc;

/* A new empty document (allocations through alloc; NULL = malloc). */
DT_API dt_status dt_doc_new(const dt_allocator *alloc, dt_doc **out,
                            dt_error *err);
DT_API void dt_doc_free(dt_doc *d);
/* DT_OK, or DT_ENOMEM when an allocation failed while building. */
DT_API dt_status dt_doc_status(const dt_doc *d, dt_error *err);
/* The allocator the document was made with (its renderers use it too). */
DT_API const dt_allocator *dt_doc_allocator(const dt_doc *d);

/* ----- Building ----- */

/* The document's title (HTML <title>, first heading) and page footer. */
DT_API void dt_doc_set_title(dt_doc *d, const char *title);
DT_API const char *dt_doc_title(const dt_doc *d);
DT_API void dt_doc_set_footer(dt_doc *d, const char *line);
DT_API const char *dt_doc_footer(const dt_doc *d);

/* Arena copies of strings, for cells built piecewise (NULL on failure). */
DT_API const char *dt_doc_str(dt_doc *d, const char *s);
DT_API const char *dt_doc_fmt(dt_doc *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * n bytes of the document's memory, for a string the caller writes (e.g.
 * with an snprintf-like function of another module), holding "" until
 * then; freed with the document. NULL on failure (dt_doc_status then
 * reports DT_ENOMEM).
 */
DT_API char *dt_doc_alloc(dt_doc *d, size_t n);

DT_API void dt_doc_heading(dt_doc *d, int level, const char *id,
                           const char *text);
/* A paragraph; NULL or empty text adds nothing. */
DT_API void dt_doc_para(dt_doc *d, dt_doc_style style, const char *text);
DT_API void dt_doc_paraf(dt_doc *d, dt_doc_style style, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/*
 * A number for a cell or a sentence: v with `fmt` (one double
 * conversion, e.g. "%.2f"), or `missing` (e.g. "n/a", "") when v is NaN
 * or infinite. The string is the document's.
 */
DT_API const char *dt_doc_num(dt_doc *d, const char *fmt, double v,
                              const char *missing);
/* A paragraph of plain text after `gap` blank lines at `margin` spaces
 * (terminal text): one line of a report as a terminal shows it. */
DT_API void dt_doc_line(dt_doc *d, unsigned gap, unsigned margin,
                        const char *text);

/*
 * A table of rows x cols cells (row 0 the header), a list of `cols`
 * items, or a key-value list of `rows` pairs, with a caption (or NULL).
 * Returns the block index, or (size_t)-1 after an allocation failure.
 */
DT_API size_t dt_doc_table(dt_doc *d, size_t rows, size_t cols,
                           const char *caption);
DT_API size_t dt_doc_list(dt_doc *d, size_t n, const char *caption);
DT_API size_t dt_doc_keyvalue(dt_doc *d, size_t rows, const char *caption);
/* Set a cell (list: item c, row 0; key-value: c 0 key, 1 value). */
DT_API void dt_doc_cell(dt_doc *d, size_t block, size_t r, size_t c,
                        const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* The index the functions above return after an allocation failure. */
#define DT_DOC_NONE ((size_t)-1)
/* Set the caption of a block (table, list, key-value list, figure). */
DT_API void dt_doc_caption(dt_doc *d, size_t block, const char *caption);
/* Set the style of a block (dt_doc_style: e.g. an ordered list). */
DT_API void dt_doc_set_style(dt_doc *d, size_t block, dt_doc_style style);
/* Table: column c is numeric (right-aligned in HTML and PDF). */
DT_API void dt_doc_numeric(dt_doc *d, size_t block, size_t c);
/* Table: machine names of the columns (CSV header), cols strings. */
DT_API void dt_doc_keys(dt_doc *d, size_t block, const char *const *keys);
/* Table: terminal-text layout of the columns (cols entries, copied). */
DT_API void dt_doc_columns(dt_doc *d, size_t block, const dt_doc_col *col);
/*
 * Table: in terminal text, cut the cells of column c into pieces of at
 * most wrap[c] bytes (cols entries, copied; 0 = no wrap), each piece
 * ending before the last space that fits (a longer word is cut at
 * wrap[c]) and the spaces between pieces dropped; a row then takes as
 * many lines as its longest cell needs, the other columns blank on the
 * extra lines. Every line of a wrapped table loses its trailing blanks.
 * Set the column layout (dt_doc_columns) too: a wrapped column is
 * padded to its width.
 */
DT_API void dt_doc_wrap(dt_doc *d, size_t block, const unsigned *wrap);
/*
 * A figure: `kind` and `size` bytes at `data` (copied) for the renderer
 * that draws it; others show its caption. Returns the block index.
 */
DT_API size_t dt_doc_figure(dt_doc *d, const char *id, int kind,
                            const void *data, size_t size, double width,
                            double height, const char *caption);
/*
 * Record that an allocation failed while building (for builders outside
 * this module that allocate on the document's behalf): the document is
 * then incomplete and every writer refuses it with DT_ENOMEM.
 */
DT_API void dt_doc_nomem(dt_doc *d);
/* Renderers that show the last block added (default DT_DOC_PEOPLE for
 * every block but tables, which default to DT_DOC_ALL). */
DT_API void dt_doc_show(dt_doc *d, unsigned formats);
/* Terminal-text layout of the last block added. */
DT_API void dt_doc_layout(dt_doc *d, const dt_doc_layout_spec *lay);
/* Shorthand: blank lines before and margin of the last block. */
DT_API void dt_doc_gap(dt_doc *d, unsigned gap, unsigned margin);

/* ----- Reading ----- */

DT_API size_t dt_doc_n_blocks(const dt_doc *d);
DT_API const dt_doc_block *dt_doc_block_at(const dt_doc *d, size_t i);

/* ----- Writing ----- */

/*
 * Write the document as `fmt` (DT_DOC_TEXT, DT_DOC_MARKDOWN or
 * DT_DOC_CSV) through `write` (ud passed on), showing the blocks whose
 * mask has fmt. Terminal text follows the layout hints; Markdown puts a
 * blank line between blocks and escapes '|' in cells; CSV writes every
 * table shown as one header row (the keys, else row 0) and its rows,
 * fields quoted when they hold a comma, quote or line break, tables
 * separated by one empty line. Returns DT_OK, the status write returned,
 * DT_EINVAL (another fmt) or DT_ENOMEM (the document is incomplete).
 * Same document, same bytes. Thread-safe for distinct documents.
 */
DT_API dt_status dt_doc_write(const dt_doc *d, dt_doc_format fmt,
                              dt_write_fn write, void *ud, dt_error *err);

/* ----- The documents of detente's results ----- */

/*
 * What a result's document or JSON shows beyond the result itself.
 * Initialise with DT_DOC_OPTS_INIT; each result reads the fields it
 * names.
 */
typedef struct dt_doc_opts {
    int rounds;         /* forecast: every round (positions, offers) */
    const char *preset; /* forecast: the preset the options came from */
    const char *file;   /* sweep, backtest: the input file as the user
                           named it (backtest: NULL = the data set's name) */
    int interrupted;    /* sweep: stopped before all draws were done */
    unsigned formats;   /* the renderers the document will be written
                           with (dt_doc_format bits; 0 = any): a builder
                           may leave out blocks none of them shows, e.g.
                           the CSV tables of a document for a terminal */
    int all_exchanges;  /* forecast: list every exchange; by default more
                           than 10 are summarised (per issue the 3 that
                           moved it most) */
    int section;        /* diff: a section of a larger document (a level-2
                           heading, level-3 subheadings, no title), as the
                           report includes it */
} dt_doc_opts;

#define DT_DOC_OPTS_INIT                                                       \
    {                                                                          \
        0, NULL, NULL, 0, 0, 0, 0                                              \
    }

/*
 * A forecast (forecast.h) as a document: the scenario's title line, per
 * issue its scale, status quo and observed outcome, each model's
 * forecast and why it stopped, each actor's distance from each forecast;
 * with o->rounds every model's rounds and the expected-utility model's
 * accepted offers; the exchanges of the exchange model; the observed
 * outcome. Its CSV is one row per issue and model (with o->rounds, one
 * per issue, model, round and actor). Appends to d.
 */
DT_API dt_status dt_forecast_doc(const dt_forecast *fc, const dt_doc_opts *o,
                                 dt_doc *d, dt_error *err);

/*
 * The forecast as JSON (docs/json-schema.md, "forecast"): the scenario,
 * the options (preset from o), and per issue its actors and every
 * model's forecast, stop reason and rounds; the exchanges when the
 * exchange model ran. Returns DT_OK, DT_ENOMEM or the status of write.
 */
DT_API dt_status dt_forecast_write_json(const dt_forecast *fc,
                                        const dt_doc_opts *o, dt_write_fn write,
                                        void *ud, dt_error *err);

/*
 * The explanations of issue i of a forecast (forecast.h,
 * dt_forecast_explain; docs/models.md, "Explanations"), appended to d as
 * the paragraphs `detente forecast` prints under each issue: per model
 * "why MODEL: ..." (eu: the statistic's start and end and the moves that
 * shifted it most; nbs: why it found no agreement, with the actors on
 * each side of the status quo), then which actors' red lines each
 * forecast crosses (the models ignore red lines by design). A model
 * with nothing to explain adds nothing. Returns DT_EINVAL (i out of
 * range) or dt_doc_status(d, err). Used by the report (report.h).
 */
DT_API dt_status dt_forecast_why_doc(const dt_forecast *fc, size_t i, dt_doc *d,
                                     dt_error *err);

/*
 * A sweep (sweep.h, after dt_sweep_reduce) as a document: the file
 * (o->file, else the scenario's path) and seed, every forecast's
 * quantiles, the analysis's probabilities, the inputs that matter most
 * and, with drop-each, what each actor's absence changes; o->interrupted
 * marks partial results. Its CSV is one row per summary (seed, section,
 * name, detail, value, n, mean, sd, quantiles).
 */
DT_API dt_status dt_sweep_doc(const dt_sweep *s, const dt_doc_opts *o,
                              dt_doc *d, dt_error *err);
/* The sweep as JSON (docs/json-schema.md, "sweep"). */
DT_API dt_status dt_sweep_write_json(const dt_sweep *s, const dt_doc_opts *o,
                                     dt_write_fn write, void *ud,
                                     dt_error *err);
/*
 * Every done draw as CSV, streamed: seed, draw, the inputs, the outputs
 * (and, with drop-each, every forecast without each actor); an empty
 * field where a result is undefined.
 */
DT_API dt_status dt_sweep_write_draws_csv(const dt_sweep *s, dt_write_fn write,
                                          void *ud, dt_error *err);
/*
 * One-at-a-time sensitivities (dt_sweep_oat, sweep.h) as a document:
 * per result its value as written and the inputs that move it, largest
 * swing first (at most 10 in the text), and the results no input moves
 * on one line. No CSV table.
 */
DT_API dt_status dt_oat_doc(const dt_oat *o, const dt_doc_opts *opts, dt_doc *d,
                            dt_error *err);
/*
 * A variance decomposition (dt_sobol_scenario, sobol.h) as a document:
 * the design (seed, base rows, runs, bootstrap), then per output its
 * variance and the inputs or groups ranked by total index with S1, ST
 * and their intervals (at most 10; those with ST = 0 are counted). With
 * opts->section, a section of a larger document (a level-2 heading "Where
 * the uncertainty comes from", no title) showing only the forecasts and
 * deal points, as the report includes it. No CSV table. DT_EINVAL for a
 * dt_sobol_run result.
 */
DT_API dt_status dt_sobol_doc(const dt_sobol *s, const dt_doc_opts *opts,
                              dt_doc *d, dt_error *err);
/* The same as JSON (schema detente-oat/1, docs/schema/oat.schema.json). */
DT_API dt_status dt_oat_write_json(const dt_oat *o, const dt_doc_opts *opts,
                                   dt_write_fn write, void *ud, dt_error *err);
/* ----- The games: detente sequence (games.h) and detente game (game.h) */

/*
 * A scenario's games (dt_games_sequence_new) as a document: the title line;
 * the staged deal's plans side by side (outcome, payoffs) and each plan
 * stage by stage (choices, q, the verification q* and penalties S_A*,
 * S_B* each stage needs, slacks, the binding constraint); the threats
 * (credibility, x, x*, the target's response, x* at o = 0, .25, .5, .75,
 * 1); the ratification game (win-sets, best proposal, its probability in
 * closed form and by Monte Carlo, the table's proposal); each sweep's
 * grid and thresholds. The terminal layout is `detente sequence`'s. No
 * CSV tables. o is unused (NULL is fine). Appends to d; returns
 * dt_doc_status(). Thread-safe for distinct documents.
 */
DT_API dt_status dt_games_sequence_doc(const dt_games_sequence *s,
                                       const dt_doc_opts *o, dt_doc *d,
                                       dt_error *err);

/*
 * The games as JSON (docs/games.md, "The command: detente sequence"):
 * scenario, seed, plans (when the scenario has a staged deal), threats,
 * ratification, sweeps; keys in that order, 17 significant digits,
 * UTF-8 as is. A number that is not one (NaN) leaves its key out; q_min
 * and s_a_min are null when infinite. o is unused. Returns DT_OK,
 * DT_ENOMEM or the status of write.
 */
DT_API dt_status dt_games_sequence_write_json(const dt_games_sequence *s,
                                              const dt_doc_opts *o,
                                              dt_write_fn write, void *ud,
                                              dt_error *err);

/*
 * A solved .efg game (game.h: dt_game_spe or dt_game_qre, which the
 * profile records) as a document: the title line (players, nodes,
 * terminals), the solution, the equilibrium path (for the QRE the most
 * likely path, with probabilities; at most 200 moves), each player's
 * expected payoff and, for the SPE, the ties (at most 20 listed). g and
 * pr are borrowed; o is unused. Appends to d; returns dt_doc_status().
 */
DT_API dt_status dt_game_doc(const dt_game *g, const dt_game_profile *pr,
                             const dt_doc_opts *o, dt_doc *d, dt_error *err);

/*
 * The solved game as JSON (docs/games.md, "The command: detente game"):
 * title, solution ("spe" or "qre"), lambda (QRE) or n_tied (SPE),
 * players, payoffs, the behaviour profile per decision node, and every
 * terminal reached with positive probability with the payoffs of that
 * play. Keys in that order, 17 significant digits, UTF-8 as is. Returns
 * DT_OK, DT_ENOMEM or the status of write.
 */
DT_API dt_status dt_game_write_json(const dt_game *g, const dt_game_profile *pr,
                                    const dt_doc_opts *o, dt_write_fn write,
                                    void *ud, dt_error *err);

/* ----- The backtest (backtest.h) ----- */

/*
 * A backtest as a document, with the layout `detente backtest` prints.
 * Terminal text: two header lines (the file - o->file, else the data
 * set's name - the scored and skipped issues, the capability, folds,
 * resamples and seed), one fixed-width table of every model's n, MAE,
 * median and root mean squared error, difference from the compromise
 * model with its bootstrap interval in one column, interval coverage and
 * width, then fold 1's fitted parameters and nbs's issues without
 * agreement. Markdown (HTML, PDF): a pipe table with the interval in a
 * column of its own and the coverage level in its heading, then a
 * one-paragraph summary. CSV: the per-issue forecasts only (what
 * `detente backtest --out DIR` writes to DIR/predictions.csv): proposal,
 * issue, fold (1-based), outcome, reference point, and per model its
 * forecast and interval, %.17g, empty where there is none. Appends to d;
 * returns dt_doc_status(d). b and its data set are borrowed.
 */
DT_API dt_status dt_backtest_doc(const dt_backtest *b, const dt_doc_opts *o,
                                 dt_doc *d, dt_error *err);

/*
 * The backtest as JSON (docs/accuracy.md): file (as for the document),
 * n, skipped, skipped_no_outcome, skipped_few_actors, capability, folds,
 * bootstrap, seed, level, and per model name, n, mae, median_ae, rmse,
 * diff_vs_mean {n, estimate, lo, hi}, interval {coverage, width},
 * no_agreement and fitted (one description per fold); missing figures
 * are null. Returns DT_OK, DT_ENOMEM or the status of write.
 */
DT_API dt_status dt_backtest_write_json(const dt_backtest *b,
                                        const dt_doc_opts *o, dt_write_fn write,
                                        void *ud, dt_error *err);

/* ----- The case backtest (cases.h) ----- */

/*
 * A case backtest as a document (`detente backtest DIR`): a header line,
 * the models' scores over the cases (cases, issues, MAE with its
 * bootstrap interval, median and root mean squared error, difference from
 * the first model), every case's deal, held, zone verdict, match,
 * durability and excluded actors, the absolute error per case and issue,
 * the zone verdict against agreement and the exclusion of stakeholders
 * against whether the deal held (2x2 tables, row rates with
 * Clopper-Pearson intervals, Fisher's exact test), the durability of
 * deals that held against those that did not, and the scenarios without
 * an outcome. CSV: one row per case and observed issue, every model's
 * forecast (%.17g). Appends to d; returns dt_doc_status(d).
 */
DT_API dt_status dt_cases_doc(const dt_cases *c, const dt_doc_opts *o,
                              dt_doc *d, dt_error *err);

/*
 * The case backtest as JSON ("detente-cases/1", docs/json-schema.md):
 * options, models, cases (with per-issue forecasts), verdict, exclusion
 * and durability; missing figures are null. Returns DT_OK, DT_ENOMEM or
 * the status of write.
 */
DT_API dt_status dt_cases_write_json(const dt_cases *c, const dt_doc_opts *o,
                                     dt_write_fn write, void *ud,
                                     dt_error *err);

/* ----- Analysis, comparison, scenario summary ----- */

/*
 * The summit analysis `an` of `sc` (both borrowed; an from dt_analyze
 * on sc) as a document: the title line; table vs everyone per issue
 * (status quo, the table's and everyone's forecast, their gap, the
 * deal); the zone of agreement with its verdict (dt_analysis_verdict),
 * its max-min (or least-violating) point, the surplus without red lines
 * and the binding or conflicting red lines with their rules; the Nash
 * deal; each stakeholder's support of the deal (or best offer) with its
 * crossed red lines, durability and spoilers; the levers, strongest
 * first. `o` may be NULL (no field is read yet). Its terminal text is
 * what `detente analyze` prints. Appends to d; returns
 * dt_doc_status(d, err). Thread-safe for distinct documents.
 */
DT_API dt_status dt_analysis_doc(const dt_scenario *sc, const dt_analysis *an,
                                 const dt_doc_opts *o, dt_doc *d,
                                 dt_error *err);

/*
 * The analysis as JSON (docs/analysis.md, "Output"): scenario (name,
 * date, path), model, weights, the forecasts and gap per issue, the
 * zone with its verdict, the deal and Nash objective, the proposal,
 * durability, stakeholders, spoilers and every lever effect with its
 * summary and levered result. Keys in insertion order, UTF-8 written as
 * is (not escaped to ASCII). `o` may be NULL. Returns DT_OK, DT_ENOMEM
 * or the status of write.
 */
DT_API dt_status dt_analysis_write_json(const dt_scenario *sc,
                                        const dt_analysis *an,
                                        const dt_doc_opts *o, dt_write_fn write,
                                        void *ud, dt_error *err);

/*
 * A comparison (analysis.h, dt_compare; borrowed) as a document: one
 * table, three renderings. Terminal text: the row labels in a column as
 * wide as the longest label plus two (at least 10), then one column per
 * scenario, 38 characters wide and two apart, cells wrapped on spaces,
 * trailing blanks dropped. Markdown (and HTML, PDF): a table whose
 * header is "dimension" and the scenario names, then one row per label.
 * CSV: the same with the row keys instead of the labels. A cell the
 * scenario lacks reads "-". `o` may be NULL. Appends to d.
 */
DT_API dt_status dt_compare_doc(const dt_compare *c, const dt_doc_opts *o,
                                dt_doc *d, dt_error *err);

/*
 * The comparison as JSON: {"rows": [{"key", "label"}, ...], "scenarios":
 * [one object per scenario: every row key with its cell (null where the
 * scenario lacks it), then "analysis": the scenario's analysis as
 * dt_analysis_write_json writes it (null without one)]}. Keys in
 * insertion order, UTF-8 as is. Returns DT_OK, DT_ENOMEM or the status
 * of write.
 */
DT_API dt_status dt_compare_write_json(const dt_compare *c,
                                       const dt_doc_opts *o, dt_write_fn write,
                                       void *ud, dt_error *err);

/*
 * A summary of a loaded scenario (borrowed) as a document, what
 * `detente validate` prints: "PATH: valid scenario 'NAME' (DATE)"; the
 * numbers of issues, actors (at the table, excluded) and sources; per
 * issue how many actors have a stake and its status quo; per actor its
 * role, capability and no-deal cost; the cross-issue red lines; per
 * lever its user and number of effects; the recorded outcome (its first
 * 60 bytes, cut at a UTF-8 character boundary); how many numbers carry
 * a note. `o` may be NULL. Appends to d.
 */
DT_API dt_status dt_scenario_doc(const dt_scenario *sc, const dt_doc_opts *o,
                                 dt_doc *d, dt_error *err);

/* "text", "markdown", "csv", "html", "pdf". */
DT_API const char *dt_doc_format_name(dt_doc_format fmt);

#ifdef __cplusplus
}
#endif
#endif
