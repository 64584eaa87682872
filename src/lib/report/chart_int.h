/*
 * Private declarations of the charts (src/lib/report/chart_*.c): the
 * drawing context shared by the five kinds, the helpers of
 * chart_common.c for text (pango), axes, legends, palette, markers and
 * label placement, the checks and the drawing of chart_draw.c, and the
 * SVG post-pass of chart_svg.c. Dependencies go one way: chart_sink.c
 * (rendering) -> chart_svg.c, chart_draw.c -> the five kinds ->
 * chart_common.c.
 */
#ifndef DT_CHART_INT_H
#define DT_CHART_INT_H

#include <cairo.h>
#include <pango/pangocairo.h>

#include "internal.h"
#include <detente/chart.h>

/* A rectangle in user units. */
typedef struct dt__box {
    double x, y, w, h; /* top-left corner and size */
} dt__box;

/* Drawing context of one chart. */
typedef struct dt__chart {
    cairo_t *cr;                /* target, state saved by the caller */
    PangoLayout *layout;        /* reused for every text */
    PangoFontDescription *font; /* family, size set per text */
    double fs;                  /* base font size in user units */
    const dt_chart_opts *opts;  /* options (never NULL) */
    const dt_chart_input *in;   /* inputs */
    const dt_allocator *alloc;  /* in[0].sc's hook: scratch and text */
    size_t n_in;                /* entries in in */
    char *text;                 /* every text drawn, '\n'-separated */
    size_t text_len;            /* bytes used in text */
    size_t text_cap;            /* bytes allocated in text */
    int oom;                    /* an allocation failed */
    char title[256];            /* the title drawn (for SVG and PDF) */
} dt__chart;

/* Text alignment: where (x, y) sits on the text's box. */
enum dt__align {
    DT__LEFT = 0,   /* x is the left edge */
    DT__CENTER = 1, /* x is the middle */
    DT__RIGHT = 2   /* x is the right edge */
};

/* Text style. */
typedef struct dt__text_style {
    double size;      /* multiple of the base font size */
    int bold;         /* bold weight */
    enum dt__align h; /* horizontal anchor */
    double valign;    /* 0 = y is the top, 0.5 middle, 1 bottom */
    double max_w;     /* wrap/ellipsize width; <= 0 = none */
    int max_lines;    /* wrap into at most this many lines (0 = 1) */
    double rgb[3];    /* colour */
    double angle;     /* rotation in radians about (x, y) */
} dt__text_style;

/* The default style: base size, left/top, black, one line. */
dt__text_style dt__chart_style(void);

/*
 * Draw `s` at (x, y) in style st; the extent drawn is returned in *ext
 * (may be NULL). The text is also recorded for the SVG <desc>.
 */
void dt__chart_text(dt__chart *ch, double x, double y, const char *s,
                    const dt__text_style *st, dt__box *ext);
/* Measure s in style st without drawing: width and height. */
void dt__chart_measure(dt__chart *ch, const char *s, const dt__text_style *st,
                       double *w, double *h);

/* Okabe-Ito colour i (mod 8), in an order that starts with the darkest. */
void dt__chart_color(size_t i, double rgb[3]);
void dt__chart_set_rgb(cairo_t *cr, const double rgb[3], double alpha);

/* Dash pattern i (0 = solid); line width lw scales the pattern. */
void dt__chart_dash(cairo_t *cr, size_t i, double lw);

/* Marker shapes. */
enum dt__shape {
    DT__CIRCLE = 0,
    DT__SQUARE = 1,
    DT__TRIANGLE = 2,
    DT__DIAMOND = 3,
    DT__TRIANGLE_DOWN = 4,
    DT__CROSS = 5,
    DT__STAR = 6,
    DT__N_SHAPES = 7
};

/* Marker of shape at (x, y), radius r; filled or open (white inside). */
void dt__chart_marker(cairo_t *cr, enum dt__shape shape, double x, double y,
                      double r, const double rgb[3], int filled);

/*
 * Style of forecast series s (chart_positions.c): 0 = status quo, 1 =
 * Nash deal, 2 = observed outcome, 3 + m = the m-th model of the runs.
 */
void dt__chart_series(size_t s, enum dt__shape *shape, double rgb[3]);
/* Index of `model` among the distinct model names of in's runs. */
size_t dt__chart_model_index(const dt_chart_input *in, const char *model);

/* A marker on a 0-100 row (forecasts, status quo, deal, outcome). */
typedef struct dt__mark {
    double v;             /* value on the scale */
    enum dt__shape shape; /* marker */
    double rgb[3];        /* colour */
    double x;             /* device x */
    int level;            /* stacking level, 0-2 (collision avoidance) */
    int open;             /* open marker (compare: model runs) */
} dt__mark;

/*
 * Sort marks by x and stack those closer than gap: each goes to the
 * lowest of three levels whose previous mark is far enough. Returns the
 * highest level used.
 */
int dt__chart_stack(dt__mark *m, size_t n, double gap);

/* Legend entry. */
typedef struct dt__legend_item {
    const char *label;    /* text */
    double rgb[3];        /* colour */
    int line;             /* draw a line sample */
    size_t dash;          /* its dash pattern */
    double lw;            /* its width (multiple of the base line width) */
    int marker;           /* draw a marker */
    enum dt__shape shape; /* its shape */
    int filled;           /* filled marker */
    int band;             /* draw a shaded band sample instead */
    int open;             /* scratch for callers (open marker wanted) */
} dt__legend_item;

/*
 * Lay out the legend items left to right in rows inside width w starting
 * at (x, y); draw when draw != 0. Returns the height used.
 */
double dt__chart_legend(dt__chart *ch, double x, double y, double w,
                        const dt__legend_item *items, size_t n, int draw);

/*
 * The title (opts.title or `fallback`) and subtitle at the top of box b,
 * the caption at its bottom: shrinks *b to what remains for the plot.
 */
void dt__chart_frame(dt__chart *ch, dt__box *b, const char *fallback,
                     const char *subtitle);

/* "Nice" axis: ticks from lo to hi step; widens [lo, hi] to them. */
void dt__chart_nice(double *lo, double *hi, int target, double *step);

/*
 * Axis range for data in [*lo, *hi] on a 0-100 scale: padded, "nice",
 * and kept inside [0, 100] when the data is.
 */
void dt__chart_range(double *lo, double *hi, int target, double *step);

/* Horizontal value axis under a plot: ticks and numbers in [lo, hi]. */
void dt__chart_xaxis(dt__chart *ch, double x0, double x1, double y, double lo,
                     double hi, double step, int grid_top, double grid_y0);
/* Vertical value axis left of a plot, with grid lines across to x1. */
void dt__chart_yaxis(dt__chart *ch, double x, double x1, double y0, double y1,
                     double lo, double hi, double step);

/*
 * Place labels wanting centre positions want[0..n) along one axis with
 * heights h[0..n) inside [lo, hi] so that none overlap (keeping order):
 * results in got[]. Used for end-of-line actor labels.
 */
int dt__chart_spread(const dt_allocator *alloc, size_t n, const double *want,
                     const double *h, double lo, double hi, double *got);

/* Short display name of an actor (its name, else its id). */
const char *dt__chart_actor_label(const dt_actor *a);

/* Issues to draw: opts.issue alone, or every issue. */
size_t dt__chart_issue_first(const dt__chart *ch);
size_t dt__chart_issue_end(const dt__chart *ch);

/* Grid of n panels in box b: columns and rows. */
void dt__chart_grid(size_t n, const dt__box *b, double min_w, size_t *cols,
                    size_t *rows);

/* One kind each: check the data, then draw in box b. */
/*
 * The sweep output a one-result chart (tornado, sobol) draws: opts.model's
 * forecast (NULL = the sweep's first model; "deal" = the deal point) on
 * opts.issue (-1 = the first issue); (size_t)-1 when s has none such or
 * s is NULL.
 */
size_t dt__chart_sweep_result(const dt_sweep *s, const dt_chart_opts *op);
/*
 * A horizontal bar from x0 to x1 at row y, h high: solid in colour 0, or
 * hatched (lighter colour 5 with diagonal lines), outlined.
 */
void dt__chart_hbar(cairo_t *cr, int hatched, double x0, double x1, double y,
                    double h, double lw);
/* The light grey band behind every other row of a bar chart. */
void dt__chart_stripe(cairo_t *cr, double x, double y, double w, double h);

dt_status dt__chart_trajectory_check(const dt_chart_input *in, size_t n_in,
                                     const dt_chart_opts *o, dt_error *err);
void dt__chart_trajectory(dt__chart *ch, dt__box b);
dt_status dt__chart_positions_check(const dt_chart_input *in, size_t n_in,
                                    const dt_chart_opts *o, dt_error *err);
void dt__chart_positions(dt__chart *ch, dt__box b);
dt_status dt__chart_levers_check(const dt_chart_input *in, size_t n_in,
                                 const dt_chart_opts *o, dt_error *err);
void dt__chart_levers(dt__chart *ch, dt__box b);
dt_status dt__chart_distribution_check(const dt_chart_input *in, size_t n_in,
                                       const dt_chart_opts *o, dt_error *err);
void dt__chart_distribution(dt__chart *ch, dt__box b);
dt_status dt__chart_compare_check(const dt_chart_input *in, size_t n_in,
                                  const dt_chart_opts *o, dt_error *err);
void dt__chart_compare(dt__chart *ch, dt__box b);
dt_status dt__chart_vary_check(const dt_chart_input *in, size_t n_in,
                               const dt_chart_opts *o, dt_error *err);
void dt__chart_vary(dt__chart *ch, dt__box b);
dt_status dt__chart_tornado_check(const dt_chart_input *in, size_t n_in,
                                  const dt_chart_opts *o, dt_error *err);
void dt__chart_tornado(dt__chart *ch, dt__box b);
dt_status dt__chart_sobol_check(const dt_chart_input *in, size_t n_in,
                                const dt_chart_opts *o, dt_error *err);
void dt__chart_sobol(dt__chart *ch, dt__box b);

/*
 * Check what every kind needs (inputs, indices in range, traces that
 * fit, size w x h) and then the kind's own check (chart_draw.c).
 */
dt_status dt__chart_check_all(dt_chart_kind kind, const dt_chart_input *in,
                              size_t n_in, const dt_chart_opts *o, double w,
                              double h, dt_error *err);
/*
 * Draw into (x, y, w, h) of cr after the checks (chart_draw.c); on
 * success *text (when not NULL) receives every text drawn and *text_cap
 * its allocated size (caller frees with dt__free through in[0].sc's
 * allocator), and title (title_n bytes, may be NULL) the title drawn.
 */
dt_status dt__chart_draw_box(cairo_t *cr, dt_chart_kind kind,
                             const dt_chart_input *in, size_t n_in,
                             const dt_chart_opts *o, double x, double y,
                             double w, double h, char **text, size_t *text_cap,
                             char *title, size_t title_n, dt_error *err);
/*
 * The SVG post-pass (chart_svg.c): parse cairo's SVG in buf (len bytes),
 * add a <title> and a <desc> with text (the words drawn), renumber the
 * ids with o->svg_id's prefix and write the result through write(ctx).
 * DT_OK, DT_EIO when write fails, DT_ENOMEM, DT_EINTERNAL.
 */
dt_status dt__chart_svg_finish(const unsigned char *buf, size_t len,
                               const char *title, const char *text,
                               const dt_chart_opts *o, dt_chart_write_fn write,
                               void *ctx, dt_error *err);

#endif
