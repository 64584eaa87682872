/*
 * Charts: the names of kinds and formats, and what the five kinds share -
 * pango text, the Okabe-Ito palette, dash patterns and marker shapes for
 * greyscale, axes with "nice" ticks, legends outside the plot areas,
 * label spreading. The entry points are chart_draw.c (check, draw on a
 * cairo context) and chart_sink.c (render as PNG, SVG or PDF).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart_int.h"

/* Cap of the recorded text (the SVG <desc>). */
#define DT__TEXT_CAP (1u << 20)

/* ----- Names ----- */

static const char *const kind_names[DT_CHART_N_KINDS] = {
    "trajectory", "positions", "levers",  "distribution",
    "compare",    "vary",      "tornado", "sobol"};
static const char *const format_names[3] = {"png", "svg", "pdf"};

const char *dt_chart_kind_name(dt_chart_kind kind)
{
    if ((unsigned)kind >= DT_CHART_N_KINDS)
        return "unknown";
    return kind_names[kind];
}

int dt_chart_kind_from_name(const char *name, dt_chart_kind *out)
{
    unsigned k;

    for (k = 0; name && k < DT_CHART_N_KINDS; k++)
        if (strcmp(name, kind_names[k]) == 0) {
            *out = (dt_chart_kind)k;
            return 1;
        }
    return 0;
}

const char *dt_chart_format_name(dt_chart_format fmt)
{
    if ((unsigned)fmt > DT_CHART_PDF)
        return "unknown";
    return format_names[fmt];
}

int dt_chart_format_from_name(const char *name, dt_chart_format *out)
{
    const char *dot;
    unsigned k;

    if (!name)
        return 0;
    dot = strrchr(name, '.');
    if (dot && !strchr(dot, '/'))
        name = dot + 1;
    for (k = 0; k < 3; k++)
        if (dt__ieq(name, format_names[k])) {
            *out = (dt_chart_format)k;
            return 1;
        }
    return 0;
}

/* ----- Palette, dashes, markers ----- */

void dt__chart_color(size_t i, double rgb[3])
{
    /*
     * Okabe & Ito (2008), "Color Universal Design": blue, vermillion,
     * bluish green, reddish purple, orange, sky blue, black, yellow.
     */
    static const unsigned char pal[8][3] = {
        {0, 114, 178}, {213, 94, 0},   {0, 158, 115}, {204, 121, 167},
        {230, 159, 0}, {86, 180, 233}, {0, 0, 0},     {240, 228, 66}};
    size_t k = i % 8;

    rgb[0] = pal[k][0] / 255.0;
    rgb[1] = pal[k][1] / 255.0;
    rgb[2] = pal[k][2] / 255.0;
}

void dt__chart_set_rgb(cairo_t *cr, const double rgb[3], double alpha)
{
    cairo_set_source_rgba(cr, rgb[0], rgb[1], rgb[2], alpha);
}

void dt__chart_dash(cairo_t *cr, size_t i, double lw)
{
    static const double pat[6][4] = {{0, 0, 0, 0},   {6, 3, 0, 0},
                                     {1, 2.5, 0, 0}, {6, 2.5, 1, 2.5},
                                     {11, 4, 0, 0},  {3, 2, 3, 5}};
    static const int len[6] = {0, 2, 2, 4, 2, 4};
    double d[4];
    size_t k = i % 6;
    int j;

    for (j = 0; j < len[k]; j++)
        d[j] = pat[k][j] * lw;
    cairo_set_dash(cr, d, len[k], 0);
    cairo_set_line_cap(cr, k == 2 ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT);
}

static void shape_path(cairo_t *cr, enum dt__shape shape, double x, double y,
                       double r)
{
    const double pi = 3.14159265358979323846;
    int k;

    switch (shape) {
    case DT__CIRCLE:
        cairo_new_sub_path(cr);
        cairo_arc(cr, x, y, r, 0, 2 * pi);
        break;
    case DT__SQUARE:
        cairo_rectangle(cr, x - 0.88 * r, y - 0.88 * r, 1.76 * r, 1.76 * r);
        break;
    case DT__TRIANGLE:
        cairo_move_to(cr, x, y - 1.15 * r);
        cairo_line_to(cr, x + r, y + 0.7 * r);
        cairo_line_to(cr, x - r, y + 0.7 * r);
        cairo_close_path(cr);
        break;
    case DT__TRIANGLE_DOWN:
        cairo_move_to(cr, x, y + 1.15 * r);
        cairo_line_to(cr, x + r, y - 0.7 * r);
        cairo_line_to(cr, x - r, y - 0.7 * r);
        cairo_close_path(cr);
        break;
    case DT__DIAMOND:
        cairo_move_to(cr, x, y - 1.2 * r);
        cairo_line_to(cr, x + 1.0 * r, y);
        cairo_line_to(cr, x, y + 1.2 * r);
        cairo_line_to(cr, x - 1.0 * r, y);
        cairo_close_path(cr);
        break;
    case DT__CROSS:
        cairo_move_to(cr, x - r, y - r);
        cairo_line_to(cr, x + r, y + r);
        cairo_move_to(cr, x - r, y + r);
        cairo_line_to(cr, x + r, y - r);
        break;
    case DT__STAR:
    default:
        for (k = 0; k < 10; k++) {
            double a = -pi / 2 + k * pi / 5, rr = (k % 2) ? 0.5 * r : 1.25 * r;

            if (k == 0)
                cairo_move_to(cr, x + rr * cos(a), y + rr * sin(a));
            else
                cairo_line_to(cr, x + rr * cos(a), y + rr * sin(a));
        }
        cairo_close_path(cr);
        break;
    }
}

void dt__chart_marker(cairo_t *cr, enum dt__shape shape, double x, double y,
                      double r, const double rgb[3], int filled)
{
    cairo_save(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_new_path(cr);
    shape_path(cr, shape, x, y, r);
    if (shape == DT__CROSS) {
        cairo_set_line_width(cr, r * 0.45);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
        dt__chart_set_rgb(cr, rgb, 1);
        cairo_stroke(cr);
        cairo_restore(cr);
        return;
    }
    if (filled)
        dt__chart_set_rgb(cr, rgb, 1);
    else
        cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    cairo_set_line_width(cr, filled ? fmin(r * 0.15, 1.2) : r * 0.35);
    if (filled)
        cairo_set_source_rgba(cr, 0.15, 0.15, 0.15, 0.9);
    else
        dt__chart_set_rgb(cr, rgb, 1);
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* ----- Text ----- */

dt__text_style dt__chart_style(void)
{
    dt__text_style st;

    memset(&st, 0, sizeof st);
    st.size = 1.0;
    st.h = DT__LEFT;
    return st;
}

static void record_text(dt__chart *ch, const char *s)
{
    size_t n = strlen(s);

    if (ch->text_len + n + 2 > ch->text_cap) {
        size_t cap = ch->text_cap ? ch->text_cap : 4096;
        char *p;

        while (cap < ch->text_len + n + 2)
            cap *= 2;
        if (cap > DT__TEXT_CAP)
            return; /* The <desc> is a courtesy: keep what fits. */
        p = dt__realloc(ch->alloc, ch->text, ch->text_cap, cap);
        if (!p) {
            ch->oom = 1;
            return;
        }
        ch->text = p;
        ch->text_cap = cap;
    }
    memcpy(ch->text + ch->text_len, s, n);
    ch->text_len += n;
    ch->text[ch->text_len++] = '\n';
    ch->text[ch->text_len] = '\0';
}

static void layout_set(dt__chart *ch, const char *s, const dt__text_style *st)
{
    PangoLayout *l = ch->layout;

    pango_font_description_set_absolute_size(ch->font,
                                             st->size * ch->fs * PANGO_SCALE);
    pango_font_description_set_weight(ch->font, st->bold ? PANGO_WEIGHT_BOLD
                                                         : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(l, ch->font);
    pango_layout_set_text(l, s, -1);
    pango_layout_set_alignment(l, st->h == DT__CENTER  ? PANGO_ALIGN_CENTER
                                  : st->h == DT__RIGHT ? PANGO_ALIGN_RIGHT
                                                       : PANGO_ALIGN_LEFT);
    if (st->max_w > 0) {
        pango_layout_set_width(l, (int)(st->max_w * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
        pango_layout_set_height(l, -(st->max_lines > 1 ? st->max_lines : 1));
    } else {
        pango_layout_set_width(l, -1);
        pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_NONE);
        pango_layout_set_height(l, -1);
    }
}

void dt__chart_measure(dt__chart *ch, const char *s, const dt__text_style *st,
                       double *w, double *h)
{
    PangoRectangle ink, log;

    layout_set(ch, s, st);
    pango_layout_get_extents(ch->layout, &ink, &log);
    *w = (double)log.width / PANGO_SCALE;
    *h = (double)log.height / PANGO_SCALE;
}

void dt__chart_text(dt__chart *ch, double x, double y, const char *s,
                    const dt__text_style *st, dt__box *ext)
{
    PangoRectangle ink, log;
    double lx, ly, lw, lh, ox, oy;
    cairo_t *cr = ch->cr;

    if (!s || !*s)
        return;
    layout_set(ch, s, st);
    pango_layout_get_extents(ch->layout, &ink, &log);
    lx = (double)log.x / PANGO_SCALE;
    ly = (double)log.y / PANGO_SCALE;
    lw = (double)log.width / PANGO_SCALE;
    lh = (double)log.height / PANGO_SCALE;
    ox = -lx - (st->h == DT__CENTER ? lw / 2 : st->h == DT__RIGHT ? lw : 0);
    oy = -ly - st->valign * lh;
    cairo_save(cr);
    cairo_translate(cr, x, y);
    if (st->angle != 0)
        cairo_rotate(cr, st->angle);
    cairo_move_to(cr, ox, oy);
    cairo_set_source_rgb(cr, st->rgb[0], st->rgb[1], st->rgb[2]);
    pango_cairo_show_layout(cr, ch->layout);
    cairo_restore(cr);
    if (ext) {
        ext->x = x + ox + lx;
        ext->y = y + oy + ly;
        ext->w = lw;
        ext->h = lh;
    }
    record_text(ch, pango_layout_get_text(ch->layout));
}

/* ----- Layout helpers ----- */

void dt__chart_series(size_t s, enum dt__shape *shape, double rgb[3])
{
    static const enum dt__shape model_shapes[4] = {
        DT__TRIANGLE, DT__TRIANGLE_DOWN, DT__DIAMOND, DT__CIRCLE};

    rgb[0] = rgb[1] = rgb[2] = 0;
    if (s == 0) {
        *shape = DT__SQUARE;
        rgb[0] = rgb[1] = rgb[2] = 0.55;
    } else if (s == 1) {
        *shape = DT__STAR;
    } else if (s == 2) {
        *shape = DT__CROSS;
        dt__chart_color(1, rgb);
    } else {
        *shape = model_shapes[(s - 3) % 4];
        rgb[0] = rgb[1] = rgb[2] = (s - 3) % 2 ? 0.3 : 0.0;
    }
}

/* Index of model name among the distinct models of in's runs. */
size_t dt__chart_model_index(const dt_chart_input *in, const char *model)
{
    size_t k, j, idx = 0;

    for (k = 0; k < in->n_runs; k++) {
        for (j = 0; j < k; j++)
            if (strcmp(in->runs[j].model, in->runs[k].model) == 0)
                break;
        if (j < k)
            continue;
        if (strcmp(in->runs[k].model, model) == 0)
            return idx;
        idx++;
    }
    return idx;
}

int dt__chart_stack(dt__mark *m, size_t n, double gap)
{
    double last[3] = {-HUGE_VAL, -HUGE_VAL, -HUGE_VAL};
    size_t i, j;
    int top = 0;

    for (i = 1; i < n; i++) {
        dt__mark t = m[i];

        for (j = i; j > 0 && m[j - 1].x > t.x; j--)
            m[j] = m[j - 1];
        m[j] = t;
    }
    for (i = 0; i < n; i++) {
        int l;

        for (l = 0; l < 2 && m[i].x - last[l] < gap; l++)
            ;
        m[i].level = l;
        last[l] = m[i].x;
        if (l > top)
            top = l;
    }
    return top;
}

double dt__chart_legend(dt__chart *ch, double x, double y, double w,
                        const dt__legend_item *items, size_t n, int draw)
{
    dt__text_style st = dt__chart_style();
    double sample = 2.4 * ch->fs, gap = 1.3 * ch->fs, pad = 0.4 * ch->fs;
    double cx = x, cy = y, row_h = 1.5 * ch->fs, lw0 = ch->fs / 7.0;
    size_t i;

    st.size = 0.9;
    st.valign = 0.5;
    st.max_w = w - sample - pad;
    for (i = 0; i < n; i++) {
        const dt__legend_item *it = &items[i];
        double tw, th, iw;

        dt__chart_measure(ch, it->label, &st, &tw, &th);
        iw = sample + pad + tw;
        if (cx > x && cx + iw > x + w) {
            cx = x;
            cy += row_h;
        }
        if (draw) {
            cairo_t *cr = ch->cr;
            double my = cy + row_h / 2;

            cairo_save(cr);
            if (it->band) {
                dt__chart_set_rgb(cr, it->rgb, 0.22);
                cairo_rectangle(cr, cx, my - 0.45 * ch->fs, sample,
                                0.9 * ch->fs);
                cairo_fill(cr);
            }
            if (it->line) {
                cairo_set_line_width(cr, lw0 * (it->lw > 0 ? it->lw : 1));
                dt__chart_dash(cr, it->dash, lw0 * 2);
                dt__chart_set_rgb(cr, it->rgb, 1);
                cairo_move_to(cr, cx, my);
                cairo_line_to(cr, cx + sample, my);
                cairo_stroke(cr);
            }
            if (it->marker)
                dt__chart_marker(cr, it->shape, cx + sample / 2, my,
                                 0.38 * ch->fs, it->rgb, it->filled);
            cairo_restore(cr);
            dt__chart_text(ch, cx + sample + pad, my, it->label, &st, NULL);
        }
        cx += iw + gap;
    }
    return n ? cy + row_h - y : 0;
}

void dt__chart_frame(dt__chart *ch, dt__box *b, const char *fallback,
                     const char *subtitle)
{
    const dt_chart_opts *o = ch->opts;
    dt__text_style st = dt__chart_style();
    double m = 0.8 * ch->fs;
    dt__box e;

    b->x += m;
    b->w -= 2 * m;
    b->y += m * 0.7;
    b->h -= m * 1.4;
    st.size = 1.3;
    st.bold = 1;
    st.max_w = b->w;
    st.max_lines = 2;
    snprintf(ch->title, sizeof ch->title, "%s", o->title ? o->title : fallback);
    dt__chart_text(ch, b->x, b->y, ch->title, &st, &e);
    b->y += e.h + 0.15 * ch->fs;
    b->h -= e.h + 0.15 * ch->fs;
    if (subtitle) {
        st = dt__chart_style();
        st.size = 0.9;
        st.max_w = b->w;
        st.rgb[0] = st.rgb[1] = st.rgb[2] = 0.3;
        dt__chart_text(ch, b->x, b->y, subtitle, &st, &e);
        b->y += e.h;
        b->h -= e.h;
    }
    b->y += 0.5 * ch->fs;
    b->h -= 0.5 * ch->fs;
    if (o->caption) {
        st = dt__chart_style();
        st.size = 0.8;
        st.max_w = b->w;
        st.max_lines = 2;
        st.valign = 1;
        st.rgb[0] = st.rgb[1] = st.rgb[2] = 0.3;
        dt__chart_text(ch, b->x, b->y + b->h, o->caption, &st, &e);
        b->h -= e.h + 0.3 * ch->fs;
    }
}

void dt__chart_nice(double *lo, double *hi, int target, double *step)
{
    double span = *hi - *lo, raw, mag, f;

    if (!(span > 0)) {
        *lo -= 1;
        *hi += 1;
        span = 2;
    }
    raw = span / (target > 1 ? target : 1);
    mag = pow(10, floor(log10(raw)));
    f = raw / mag;
    *step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * mag;
    *lo = floor(*lo / *step + 1e-9) * *step;
    *hi = ceil(*hi / *step - 1e-9) * *step;
}

void dt__chart_range(double *lo, double *hi, int target, double *step)
{
    int in_scale = *lo >= 0 && *hi <= 100;
    double pad = 0.05 * (*hi - *lo) + 0.5;

    *lo -= pad;
    *hi += pad;
    if (in_scale) {
        *lo = fmax(*lo, 0);
        *hi = fmin(*hi, 100);
    }
    dt__chart_nice(lo, hi, target, step);
    if (in_scale) {
        *lo = fmax(*lo, 0);
        *hi = fmin(*hi, 100);
    }
}

/* Format a tick value without trailing zeros. */
static void tick_label(double v, double step, char *buf, size_t n)
{
    int dec = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);

    if (fabs(v) < step * 1e-9)
        v = 0;
    snprintf(buf, n, "%.*f", dec > 6 ? 6 : dec, v);
}

void dt__chart_xaxis(dt__chart *ch, double x0, double x1, double y, double lo,
                     double hi, double step, int grid_top, double grid_y0)
{
    cairo_t *cr = ch->cr;
    dt__text_style st = dt__chart_style();
    double v, lw = ch->fs / 12.0;
    char buf[32];

    st.size = 0.8;
    st.h = DT__CENTER;
    st.rgb[0] = st.rgb[1] = st.rgb[2] = 0.25;
    cairo_save(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    for (v = lo; v <= hi + step * 1e-6; v += step) {
        double x = x0 + (v - lo) / (hi - lo) * (x1 - x0);

        if (grid_top) {
            cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
            cairo_set_line_width(cr, lw);
            cairo_move_to(cr, x, grid_y0);
            cairo_line_to(cr, x, y);
            cairo_stroke(cr);
        }
        cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
        cairo_set_line_width(cr, lw * 1.2);
        cairo_move_to(cr, x, y);
        cairo_line_to(cr, x, y + 0.3 * ch->fs);
        cairo_stroke(cr);
        tick_label(v, step, buf, sizeof buf);
        dt__chart_text(ch, x, y + 0.35 * ch->fs, buf, &st, NULL);
    }
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    cairo_set_line_width(cr, lw * 1.2);
    cairo_move_to(cr, x0, y);
    cairo_line_to(cr, x1, y);
    cairo_stroke(cr);
    cairo_restore(cr);
}

void dt__chart_yaxis(dt__chart *ch, double x, double x1, double y0, double y1,
                     double lo, double hi, double step)
{
    cairo_t *cr = ch->cr;
    dt__text_style st = dt__chart_style();
    double v, lw = ch->fs / 12.0;
    char buf[32];

    st.size = 0.8;
    st.h = DT__RIGHT;
    st.valign = 0.5;
    st.rgb[0] = st.rgb[1] = st.rgb[2] = 0.25;
    cairo_save(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    for (v = lo; v <= hi + step * 1e-6; v += step) {
        double y = y1 - (v - lo) / (hi - lo) * (y1 - y0);

        cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
        cairo_set_line_width(cr, lw);
        cairo_move_to(cr, x, y);
        cairo_line_to(cr, x1, y);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
        cairo_set_line_width(cr, lw * 1.2);
        cairo_move_to(cr, x - 0.3 * ch->fs, y);
        cairo_line_to(cr, x, y);
        cairo_stroke(cr);
        tick_label(v, step, buf, sizeof buf);
        dt__chart_text(ch, x - 0.4 * ch->fs, y, buf, &st, NULL);
    }
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    cairo_set_line_width(cr, lw * 1.2);
    cairo_move_to(cr, x, y0);
    cairo_line_to(cr, x, y1);
    cairo_stroke(cr);
    cairo_restore(cr);
}

int dt__chart_spread(const dt_allocator *alloc, size_t n, const double *want,
                     const double *h, double lo, double hi, double *got)
{
    size_t *ord, i, j;
    double total = 0;

    if (n == 0)
        return 1;
    ord = dt__alloc(alloc, n * sizeof *ord);
    if (!ord)
        return -1;
    /* Insertion sort by wanted position: stable, n is small. */
    for (i = 0; i < n; i++) {
        for (j = i; j > 0 && want[ord[j - 1]] > want[i]; j--)
            ord[j] = ord[j - 1];
        ord[j] = i;
    }
    for (i = 0; i < n; i++)
        total += h[i];
    /* Push down from the top, then up from the bottom, then clamp. */
    for (i = 0; i < n; i++) {
        size_t k = ord[i];
        double min =
            i ? got[ord[i - 1]] + (h[ord[i - 1]] + h[k]) / 2 : lo + h[k] / 2;

        got[k] = want[k] > min ? want[k] : min;
    }
    for (i = n; i-- > 0;) {
        size_t k = ord[i];
        double max = i + 1 < n ? got[ord[i + 1]] - (h[ord[i + 1]] + h[k]) / 2
                               : hi - h[k] / 2;

        if (got[k] > max)
            got[k] = max;
    }
    dt__free(alloc, ord, n * sizeof *ord);
    return total <= hi - lo;
}

const char *dt__chart_actor_label(const dt_actor *a)
{
    return a->name && *a->name ? a->name : a->id;
}

size_t dt__chart_issue_first(const dt__chart *ch)
{
    return ch->opts->issue == (size_t)-1 ? 0 : ch->opts->issue;
}

size_t dt__chart_issue_end(const dt__chart *ch)
{
    return ch->opts->issue == (size_t)-1 ? dt_scenario_n_issues(ch->in[0].sc)
                                         : ch->opts->issue + 1;
}

void dt__chart_grid(size_t n, const dt__box *b, double min_w, size_t *cols,
                    size_t *rows)
{
    size_t c, best = 1;
    double best_score = HUGE_VAL;

    for (c = 1; c <= n; c++) {
        size_t r = (n + c - 1) / c;
        double pw = b->w / (double)c, ph = b->h / (double)r;
        double score = fabs(log((pw / ph) / 1.6));

        if (c > 1 && pw < min_w)
            break;
        if (score < best_score) {
            best_score = score;
            best = c;
        }
    }
    *cols = best;
    *rows = (n + best - 1) / best;
}

size_t dt__chart_sweep_result(const dt_sweep *s, const dt_chart_opts *op)
{
    size_t issue = op->issue == (size_t)-1 ? 0 : op->issue, k, m = 0;
    int deal = op->model && strcmp(op->model, "deal") == 0;

    if (!s)
        return (size_t)-1;
    if (op->model && !deal) {
        for (m = 0; m < dt_sweep_n_models(s); m++)
            if (strcmp(dt_sweep_model(s, m)->name, op->model) == 0)
                break;
        if (m == dt_sweep_n_models(s))
            return (size_t)-1;
    }
    for (k = 0; k < dt_sweep_n_outputs(s); k++) {
        const dt_sweep_output *out = dt_sweep_get_output(s, k);

        if (out->issue != issue)
            continue;
        if (deal ? out->kind == DT_OUTPUT_DEAL
                 : out->kind == DT_OUTPUT_FORECAST && out->model == m)
            return k;
    }
    return (size_t)-1;
}

void dt__chart_hbar(cairo_t *cr, int hatched, double x0, double x1, double y,
                    double h, double lw)
{
    double rgb[3], x = fmin(x0, x1), w = fabs(x1 - x0), hx;

    dt__chart_color(hatched ? 5 : 0, rgb);
    cairo_save(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_rectangle(cr, x, y, w, h);
    dt__chart_set_rgb(cr, rgb, hatched ? 0.55 : 1);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
    cairo_set_line_width(cr, lw * 0.7);
    cairo_stroke_preserve(cr);
    cairo_clip(cr);
    if (hatched) {
        cairo_set_line_width(cr, lw * 0.8);
        for (hx = x - h; hx < x + w; hx += 3.5 * lw) {
            cairo_move_to(cr, hx, y + h);
            cairo_line_to(cr, hx + h, y);
        }
        cairo_stroke(cr);
    }
    cairo_restore(cr);
}

void dt__chart_stripe(cairo_t *cr, double x, double y, double w, double h)
{
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0.96, 0.96, 0.96);
    cairo_rectangle(cr, x, y, w, h);
    cairo_fill(cr);
    cairo_restore(cr);
}
