/*
 * The report as an A4 PDF for printing: the document of report_int.h laid
 * out top to bottom with pango (DejaVu Sans), tables with repeated header
 * rows across page breaks, charts drawn by the chart module straight onto
 * the page (vector, not images), and a footer line on every page. The
 * PDF's dates are fixed in its metadata so that the same report gives
 * the same bytes.
 */
#include <cairo-pdf.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "report_int.h"

#define PAGE_W    595.28 /* A4 in points */
#define PAGE_H    841.89
#define MARGIN_X  48.0
#define TOP       52.0
#define BOTTOM    (PAGE_H - 56.0) /* content ends here; footer below */
#define CONTENT_W (PAGE_W - 2 * MARGIN_X)
#define CELL_PAD  3.0
#define FONT      "DejaVu Sans"

/* A fixed date: the report has none of its own (docs/reports.md). */
#define PDF_DATE "2000-01-01T00:00:00Z"

typedef struct pw {
    const dt_doc *d;       /* the document */
    cairo_surface_t *surf; /* the PDF surface */
    cairo_t *cr;           /* drawing context of the current page */
    double y;              /* next free vertical position */
    int page;              /* 1-based page number of the current page */
    dt_write_fn write;     /* caller's sink */
    void *ud;              /* its argument */
    dt_status wst;         /* first failure of write */
    int h2;                /* level-2 headings drawn so far */
    int png_page;          /* raster mode: the page to write as PNG, else 0 */
    double png_scale;      /* raster mode: pixels per point */
} pw;

static cairo_status_t sink(void *closure, const unsigned char *data,
                           unsigned int len)
{
    pw *w = closure;

    if (w->wst != DT_OK)
        return CAIRO_STATUS_WRITE_ERROR;
    w->wst = w->write(w->ud, data, len);
    return w->wst == DT_OK ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static PangoLayout *layout(pw *w, const char *text, double size, int bold,
                           int italic, double width)
{
    PangoLayout *l = pango_cairo_create_layout(w->cr);
    PangoFontDescription *fd = pango_font_description_new();

    pango_font_description_set_family(fd, FONT);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD
                                               : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(fd, italic ? PANGO_STYLE_ITALIC
                                                : PANGO_STYLE_NORMAL);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    if (width > 0) {
        pango_layout_set_width(l, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_text(l, text ? text : "", -1);
    return l;
}

/*
 * Cut a trailing incomplete UTF-8 sequence left by a truncating snprintf
 * (cairo refuses invalid UTF-8; a 256-byte name of two-byte letters
 * filled the footer's buffer mid-letter).
 */
static void utf8_trim(char *s)
{
    size_t n = strlen(s), k = n, need;
    unsigned char c;

    while (k > 0 && ((unsigned char)s[k - 1] & 0xC0) == 0x80 && n - k < 3)
        k--;
    if (k == 0)
        return;
    c = (unsigned char)s[k - 1];
    need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (n - (k - 1) < need)
        s[k - 1] = '\0';
}

static void page_footer(pw *w)
{
    char buf[512];
    PangoLayout *l;

    snprintf(buf, sizeof buf, "%s - page %d",
             dt_doc_footer(w->d) ? dt_doc_footer(w->d) : "detente", w->page);
    utf8_trim(buf);
    l = layout(w, buf, 7.0, 0, 0, CONTENT_W);
    cairo_set_source_rgb(w->cr, 0.4, 0.4, 0.4);
    cairo_move_to(w->cr, MARGIN_X, PAGE_H - 36.0);
    pango_cairo_show_layout(w->cr, l);
    cairo_set_source_rgb(w->cr, 0.75, 0.75, 0.75);
    cairo_set_line_width(w->cr, 0.5);
    cairo_move_to(w->cr, MARGIN_X, PAGE_H - 40.0);
    cairo_line_to(w->cr, PAGE_W - MARGIN_X, PAGE_H - 40.0);
    cairo_stroke(w->cr);
    g_object_unref(l);
}

/* Raster mode: write the finished page when it is the one asked for. */
static void png_flush(pw *w)
{
    if (w->png_page != w->page)
        return;
    cairo_surface_flush(w->surf);
    if (cairo_surface_write_to_png_stream(w->surf, sink, w) !=
            CAIRO_STATUS_SUCCESS &&
        w->wst == DT_OK)
        w->wst = DT_EIO;
}

static void clear_page(pw *w)
{
    if (!w->png_page)
        return;
    cairo_save(w->cr);
    cairo_identity_matrix(w->cr);
    cairo_set_source_rgb(w->cr, 1, 1, 1);
    cairo_paint(w->cr);
    cairo_restore(w->cr);
}

static void new_page(pw *w)
{
    if (w->page > 0) {
        page_footer(w);
        if (w->png_page)
            png_flush(w);
        else
            cairo_show_page(w->cr);
    }
    w->page++;
    w->y = TOP;
    clear_page(w);
}

/* Start a new page unless h more points fit on this one. */
static void need(pw *w, double h)
{
    if (w->y + h > BOTTOM && w->y > TOP)
        new_page(w);
}

/*
 * Draw a layout line by line at x, breaking pages between lines, in the
 * current source colour.
 */
static void flow(pw *w, PangoLayout *l, double x, double r, double g, double b)
{
    PangoLayoutIter *it = pango_layout_get_iter(l);

    do {
        PangoRectangle lr;
        int base = pango_layout_iter_get_baseline(it);
        double h, asc;

        pango_layout_iter_get_line_extents(it, NULL, &lr);
        h = (double)lr.height / PANGO_SCALE;
        asc = (double)(base - lr.y) / PANGO_SCALE;
        if (w->y + h > BOTTOM)
            new_page(w);
        cairo_set_source_rgb(w->cr, r, g, b);
        cairo_move_to(w->cr, x + (double)lr.x / PANGO_SCALE, w->y + asc);
        pango_cairo_show_layout_line(w->cr,
                                     pango_layout_iter_get_line_readonly(it));
        w->y += h;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
}

static double layout_h(PangoLayout *l)
{
    int lw, lh;

    pango_layout_get_size(l, &lw, &lh);
    return (double)lh / PANGO_SCALE;
}

static double layout_w(PangoLayout *l)
{
    int lw, lh;

    pango_layout_get_size(l, &lw, &lh);
    return (double)lw / PANGO_SCALE;
}

static void heading(pw *w, const dt_doc_block *b)
{
    static const double size[5] = {0, 17.0, 13.5, 11.0, 9.5};
    int lv = b->level < 1 ? 1 : b->level > 4 ? 4 : b->level;
    PangoLayout *l = layout(w, b->text, size[lv], 1, 0, CONTENT_W);
    double h = layout_h(l);

    if (lv == 2 && w->h2++ > 0 && w->y > TOP + 1.0)
        new_page(w); /* Each later scenario, the comparison: a new page. */
    else
        w->y += lv == 1 ? 0.0 : lv == 4 ? 4.0 : 8.0;
    need(w, h + 60.0); /* Keep a heading with what follows. */
    if (lv == 4)
        flow(w, l, MARGIN_X, 0.1, 0.1, 0.1);
    else
        flow(w, l, MARGIN_X, 0.05, 0.2, 0.45);
    if (lv == 2) {
        cairo_set_source_rgb(w->cr, 0.04, 0.33, 0.58);
        cairo_set_line_width(w->cr, 1.2);
        cairo_move_to(w->cr, MARGIN_X, w->y + 2.0);
        cairo_line_to(w->cr, PAGE_W - MARGIN_X, w->y + 2.0);
        cairo_stroke(w->cr);
        w->y += 4.0;
    }
    w->y += lv == 4 ? 2.0 : 5.0;
    g_object_unref(l);
}

static void para(pw *w, const dt_doc_block *b)
{
    double size = b->style == DT_DOC_STYLE_SMALL  ? 8.0
                  : b->style == DT_DOC_STYLE_NOTE ? 8.5
                                                  : 9.5;
    double indent =
        b->style == DT_DOC_STYLE_NOTE || b->style == DT_DOC_STYLE_VERDICT ? 8.0
                                                                          : 0.0;
    PangoLayout *l = layout(w, b->text, size, b->style == DT_DOC_STYLE_VERDICT,
                            b->style == DT_DOC_STYLE_NOTE, CONTENT_W - indent);
    double y0 = w->y;
    int page0 = w->page;
    double grey =
        b->style == DT_DOC_STYLE_NOTE || b->style == DT_DOC_STYLE_SMALL ? 0.35
                                                                        : 0.1;

    flow(w, l, MARGIN_X + indent, grey, grey, grey);
    if (indent > 0 && w->page == page0) {
        /* A rule at the left, as in the HTML. */
        cairo_set_source_rgb(w->cr, 0.04, 0.33, 0.58);
        if (b->style == DT_DOC_STYLE_NOTE)
            cairo_set_source_rgb(w->cr, 0.78, 0.78, 0.78);
        cairo_set_line_width(w->cr, 2.0);
        cairo_move_to(w->cr, MARGIN_X + 2.0, y0);
        cairo_line_to(w->cr, MARGIN_X + 2.0, w->y);
        cairo_stroke(w->cr);
    }
    w->y += 5.0;
    g_object_unref(l);
}

static void list(pw *w, const dt_doc_block *b)
{
    size_t i;

    if (b->text) {
        PangoLayout *l = layout(w, b->text, 9.5, 1, 0, CONTENT_W);

        need(w, layout_h(l) + 24.0);
        flow(w, l, MARGIN_X, 0.1, 0.1, 0.1);
        g_object_unref(l);
        w->y += 2.0;
    }
    for (i = 0; i < b->cols; i++) {
        char mark[32];
        PangoLayout *m, *l;

        if (b->style == DT_DOC_STYLE_ORDERED)
            snprintf(mark, sizeof mark, "%zu.", i + 1);
        else
            snprintf(mark, sizeof mark, "-");
        m = layout(w, mark, 9.0, 0, 0, 0);
        l = layout(w, b->cells[i], 9.0, 0, 0, CONTENT_W - 18.0);
        need(w, 12.0);
        cairo_set_source_rgb(w->cr, 0.1, 0.1, 0.1);
        cairo_move_to(w->cr, MARGIN_X + 2.0, w->y);
        pango_cairo_show_layout(w->cr, m);
        flow(w, l, MARGIN_X + 18.0, 0.1, 0.1, 0.1);
        w->y += 2.0;
        g_object_unref(m);
        g_object_unref(l);
    }
    w->y += 4.0;
}

/*
 * Column widths: every column gets its natural width when all fit;
 * otherwise columns narrower than an equal share keep theirs and the
 * wider ones share the rest in proportion to their natural widths.
 */
static void col_widths(pw *w, const dt_doc_block *b, double size, double *cw)
{
    double *nat = g_new0(double, b->cols);
    int *fixed = g_new0(int, b->cols);
    double avail = CONTENT_W, total = 0.0;
    size_t r, c, left = b->cols;
    int changed = 1;

    for (r = 0; r < b->rows; r++)
        for (c = 0; c < b->cols; c++) {
            const char *s = b->cells[r * b->cols + c];
            PangoLayout *l = layout(w, s ? s : "", size, r == 0, 0, 0);
            double lw = layout_w(l) + 2 * CELL_PAD + 1.0;

            if (lw > nat[c])
                nat[c] = lw;
            g_object_unref(l);
        }
    for (c = 0; c < b->cols; c++)
        total += nat[c];
    if (total <= CONTENT_W) {
        memcpy(cw, nat, b->cols * sizeof *cw);
        goto out;
    }
    while (changed && left > 0) {
        changed = 0;
        for (c = 0; c < b->cols; c++)
            if (!fixed[c] && nat[c] <= fmin(avail / (double)left, 80.0)) {
                fixed[c] = 1;
                cw[c] = nat[c];
                avail -= nat[c];
                left--;
                changed = 1;
            }
    }
    /*
     * The wide columns: each gets up to 80 points first (a name stays
     * readable), then the rest in proportion to what it still wants, so
     * long notes get most of the page.
     */
    total = 0.0;
    for (c = 0; c < b->cols; c++)
        if (!fixed[c]) {
            cw[c] = fmin(nat[c], fmin(80.0, avail / (double)left));
            total += nat[c] - cw[c];
        }
    for (c = 0; c < b->cols; c++)
        if (!fixed[c])
            avail -= cw[c];
    for (c = 0; c < b->cols; c++)
        if (!fixed[c] && total > 0)
            cw[c] += avail * (nat[c] - cw[c]) / total;
out:
    g_free(nat);
    g_free(fixed);
}

/* One table row at w->y; header rows are bold on a grey band. */
static double row_height(pw *w, const dt_doc_block *b, size_t r, double size,
                         const double *cw, PangoLayout **ls)
{
    double h = 0.0;
    size_t c;

    for (c = 0; c < b->cols; c++) {
        const char *s = b->cells[r * b->cols + c];

        ls[c] = layout(w, s ? s : "", size, r == 0, 0, cw[c] - 2 * CELL_PAD);
        if (b->num[c])
            pango_layout_set_alignment(ls[c], PANGO_ALIGN_RIGHT);
        if (layout_h(ls[c]) > h)
            h = layout_h(ls[c]);
    }
    return h + 2 * CELL_PAD;
}

static void draw_row(pw *w, const dt_doc_block *b, size_t r, const double *cw,
                     PangoLayout **ls, double h)
{
    double x = MARGIN_X, tw = 0.0;
    size_t c;

    for (c = 0; c < b->cols; c++)
        tw += cw[c];
    if (r == 0) {
        cairo_set_source_rgb(w->cr, 0.95, 0.95, 0.94);
        cairo_rectangle(w->cr, x, w->y, tw, h);
        cairo_fill(w->cr);
    }
    cairo_save(w->cr);
    cairo_rectangle(w->cr, x, w->y, tw, BOTTOM - w->y);
    cairo_clip(w->cr);
    cairo_set_source_rgb(w->cr, 0.1, 0.1, 0.1);
    for (c = 0; c < b->cols; c++) {
        cairo_move_to(w->cr, x + CELL_PAD, w->y + CELL_PAD);
        pango_cairo_show_layout(w->cr, ls[c]);
        x += cw[c];
    }
    cairo_restore(w->cr);
    cairo_set_source_rgb(w->cr, r == 0 ? 0.5 : 0.8, r == 0 ? 0.5 : 0.8,
                         r == 0 ? 0.5 : 0.8);
    cairo_set_line_width(w->cr, r == 0 ? 1.0 : 0.5);
    cairo_move_to(w->cr, MARGIN_X, w->y + h);
    cairo_line_to(w->cr, MARGIN_X + tw, w->y + h);
    cairo_stroke(w->cr);
    w->y += h;
}

static void table(pw *w, const dt_doc_block *b)
{
    double size = b->cols > 6 ? 7.0 : 7.5;
    double *cw = g_new0(double, b->cols);
    PangoLayout **ls = g_new0(PangoLayout *, b->cols);
    PangoLayout **hs = g_new0(PangoLayout *, b->cols);
    double hh, first;
    size_t r, c;

    col_widths(w, b, size, cw);
    hh = row_height(w, b, 0, size, cw, hs);
    /* Keep the caption and the header with the first row. */
    first = 0.0;
    if (b->rows > 1) {
        first = row_height(w, b, 1, size, cw, ls);
        for (c = 0; c < b->cols; c++)
            g_object_unref(ls[c]);
        if (first > 200.0)
            first = 200.0;
    }
    if (b->text) {
        PangoLayout *l = layout(w, b->text, 8.5, 1, 0, CONTENT_W);

        need(w, layout_h(l) + hh + first + 4.0);
        flow(w, l, MARGIN_X, 0.1, 0.1, 0.1);
        w->y += 2.0;
        g_object_unref(l);
    } else
        need(w, hh + first + 2.0);
    draw_row(w, b, 0, cw, hs, hh);
    for (r = 1; r < b->rows; r++) {
        double h = row_height(w, b, r, size, cw, ls);

        if (w->y + h > BOTTOM) {
            new_page(w);
            draw_row(w, b, 0, cw, hs, hh); /* Repeat the header. */
        }
        draw_row(w, b, r, cw, ls, h);
        for (c = 0; c < b->cols; c++)
            g_object_unref(ls[c]);
    }
    for (c = 0; c < b->cols; c++)
        g_object_unref(hs[c]);
    w->y += 8.0;
    g_free(cw);
    g_free(ls);
    g_free(hs);
}

static dt_status chart(pw *w, const dt_doc_block *b, dt_error *err)
{
    const dt__chart_ref *ref = b->figure;
    dt_chart_opts o = DT_CHART_OPTS_INIT;
    double scale = CONTENT_W / ref->width;
    double h = ref->height * scale, ch = 0.0;
    PangoLayout *cap = NULL;
    dt_status st;

    if (h > BOTTOM - TOP - 40.0)
        h = BOTTOM - TOP - 40.0;
    if (h < DT_CHART_MIN_SIZE)
        h = DT_CHART_MIN_SIZE;
    if (b->text) {
        cap = layout(w, b->text, 8.0, 0, 1, CONTENT_W);
        ch = layout_h(cap) + 4.0;
    }
    need(w, h + ch);
    o.issue = ref->issue;
    o.model = ref->model;
    st = dt_chart_draw(w->cr, ref->kind, ref->in, ref->n_in, &o, MARGIN_X, w->y,
                       CONTENT_W, h, err);
    w->y += h + 3.0;
    if (cap) {
        flow(w, cap, MARGIN_X, 0.35, 0.35, 0.35);
        g_object_unref(cap);
    }
    w->y += 8.0;
    return st;
}

static void footer(pw *w, const dt_doc_block *b)
{
    size_t r;

    need(w, 120.0);
    w->y += 10.0;
    cairo_set_source_rgb(w->cr, 0.75, 0.75, 0.75);
    cairo_set_line_width(w->cr, 0.5);
    cairo_move_to(w->cr, MARGIN_X, w->y);
    cairo_line_to(w->cr, PAGE_W - MARGIN_X, w->y);
    cairo_stroke(w->cr);
    w->y += 6.0;
    if (b->text) {
        PangoLayout *l = layout(w, b->text, 8.0, 0, 0, CONTENT_W);

        flow(w, l, MARGIN_X, 0.35, 0.35, 0.35);
        g_object_unref(l);
        w->y += 4.0;
    }
    for (r = 0; r < b->rows; r++) {
        PangoLayout *k = layout(w, b->cells[r * 2], 7.5, 1, 0, 0);
        PangoLayout *v =
            layout(w, b->cells[r * 2 + 1], 7.5, 0, 0, CONTENT_W - 70.0);
        PangoFontDescription *fd =
            pango_font_description_from_string("DejaVu Sans Mono 7");

        pango_font_description_set_absolute_size(fd, 7.0 * PANGO_SCALE);
        pango_layout_set_font_description(v, fd);
        pango_font_description_free(fd);
        need(w, 10.0);
        cairo_set_source_rgb(w->cr, 0.3, 0.3, 0.3);
        cairo_move_to(w->cr, MARGIN_X, w->y);
        pango_cairo_show_layout(w->cr, k);
        flow(w, v, MARGIN_X + 70.0, 0.3, 0.3, 0.3);
        w->y += 1.5;
        g_object_unref(k);
        g_object_unref(v);
    }
}

/* Lay out every block of d on w's surface. */
static dt_status render(pw *w, dt_error *err)
{
    const dt_doc *d = w->d;
    dt_status st = DT_OK;
    cairo_status_t cs;
    size_t i;

    w->cr = cairo_create(w->surf);
    if (w->png_page)
        cairo_scale(w->cr, w->png_scale, w->png_scale);
    new_page(w);
    for (i = 0; i < dt_doc_n_blocks(d) && st == DT_OK; i++) {
        const dt_doc_block *b = dt_doc_block_at(d, i);

        if (!(b->show & DT_DOC_PDF))
            continue;
        switch (b->kind) {
        case DT_DOC_HEADING:
            heading(w, b);
            break;
        case DT_DOC_PARA:
            para(w, b);
            break;
        case DT_DOC_LIST:
            list(w, b);
            break;
        case DT_DOC_TABLE:
            table(w, b);
            break;
        case DT_DOC_FIGURE:
            if (b->figure_kind == DT_REPORT_FIGURE_CHART && b->figure)
                st = chart(w, b, err);
            else if (b->text)
                para(w, b);
            break;
        case DT_DOC_KEYVALUE:
            footer(w, b);
            break;
        }
    }
    page_footer(w);
    if (w->png_page)
        png_flush(w);
    else
        cairo_show_page(w->cr);
    cs = cairo_status(w->cr);
    cairo_destroy(w->cr);
    cairo_surface_finish(w->surf);
    if (cs == CAIRO_STATUS_SUCCESS)
        cs = cairo_surface_status(w->surf);
    cairo_surface_destroy(w->surf);
    if (st != DT_OK)
        return st;
    if (w->wst != DT_OK)
        return dt__error_set(err, w->wst, "cannot write the report: %s",
                             dt_status_str(w->wst));
    if (cs != CAIRO_STATUS_SUCCESS)
        return dt__error_set(
            err, cs == CAIRO_STATUS_NO_MEMORY ? DT_ENOMEM : DT_EINTERNAL,
            "cairo failed to draw the report: %s", cairo_status_to_string(cs));
    return DT_OK;
}

dt_status dt_doc_write_pdf(const dt_doc *d, dt_write_fn write, void *ud,
                           dt_error *err)
{
    pw w;

    memset(&w, 0, sizeof w);
    w.d = d;
    w.write = write;
    w.ud = ud;
    w.surf = cairo_pdf_surface_create_for_stream(sink, &w, PAGE_W, PAGE_H);
    cairo_pdf_surface_set_metadata(w.surf, CAIRO_PDF_METADATA_TITLE,
                                   dt_doc_title(d) ? dt_doc_title(d)
                                                   : "detente report");
    cairo_pdf_surface_set_metadata(w.surf, CAIRO_PDF_METADATA_CREATOR,
                                   "detente");
    cairo_pdf_surface_set_metadata(w.surf, CAIRO_PDF_METADATA_CREATE_DATE,
                                   PDF_DATE);
    cairo_pdf_surface_set_metadata(w.surf, CAIRO_PDF_METADATA_MOD_DATE,
                                   PDF_DATE);
    return render(&w, err);
}

dt_status dt__doc_write_png_page(const dt_doc *d, int page, double scale,
                                 dt_write_fn write, void *ud, dt_error *err)
{
    pw w;

    memset(&w, 0, sizeof w);
    w.d = d;
    w.write = write;
    w.ud = ud;
    w.png_page = page;
    w.png_scale = scale;
    w.surf = cairo_image_surface_create(
        CAIRO_FORMAT_RGB24, (int)(PAGE_W * scale), (int)(PAGE_H * scale));
    return render(&w, err);
}
