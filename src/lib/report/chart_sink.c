/*
 * Charts: rendering to bytes. cairo's PNG, SVG and PDF surfaces write
 * through a sink to the caller's write callback; SVG is buffered first
 * for the post-pass of chart_svg.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "chart_int.h"

/* Where cairo's stream output goes. */
struct sink {
    dt_chart_write_fn write;   /* the caller's, or NULL to buffer */
    void *ctx;                 /* its context */
    int failed;                /* write returned non-zero */
    const dt_allocator *alloc; /* in[0].sc's hook, for buf */
    unsigned char *buf;        /* buffered output (SVG) */
    size_t len, cap;           /* bytes used, allocated */
};

static cairo_status_t sink_write(void *closure, const unsigned char *data,
                                 unsigned int length)
{
    struct sink *s = closure;

    if (s->failed)
        return CAIRO_STATUS_WRITE_ERROR;
    if (s->write) {
        if (length > 0 && s->write(s->ctx, data, length) != 0) {
            s->failed = 1;
            return CAIRO_STATUS_WRITE_ERROR;
        }
        return CAIRO_STATUS_SUCCESS;
    }
    if (s->len + length > s->cap) {
        size_t cap = s->cap ? s->cap : 65536;
        unsigned char *p;

        while (cap < s->len + length)
            cap *= 2;
        p = dt__realloc(s->alloc, s->buf, s->cap, cap);
        if (!p) {
            s->failed = 2;
            return CAIRO_STATUS_NO_MEMORY;
        }
        s->buf = p;
        s->cap = cap;
    }
    memcpy(s->buf + s->len, data, length);
    s->len += length;
    return CAIRO_STATUS_SUCCESS;
}

dt_status dt_chart_render(dt_chart_kind kind, const dt_chart_input *in,
                          size_t n_in, const dt_chart_opts *opts,
                          dt_chart_format fmt, dt_chart_write_fn write,
                          void *ctx, dt_error *err)
{
    dt_chart_opts def = DT_CHART_OPTS_INIT;
    const dt_chart_opts *o = opts ? opts : &def;
    cairo_surface_t *surf = NULL;
    cairo_t *cr = NULL;
    struct sink s;
    char *text = NULL, title[512];
    size_t text_cap = 0;
    double w, h;
    dt_status rc;

    memset(&s, 0, sizeof s);
    if (!write)
        return dt__error_set(err, DT_EINVAL, "no write function");
    if ((unsigned)fmt > DT_CHART_PDF)
        return dt__error_set(err, DT_EINVAL, "unknown chart format %u",
                             (unsigned)fmt);
    w = fmt == DT_CHART_PNG ? floor(o->width + 0.5) : o->width;
    h = fmt == DT_CHART_PNG ? floor(o->height + 0.5) : o->height;
    rc = dt__chart_check_all(kind, in, n_in, o, w, h, err);
    if (rc != DT_OK)
        return rc;
    s.alloc = dt_scenario_allocator(in[0].sc);
    rc = dt_chart_font_check(o->font, err);
    if (rc != DT_OK)
        return rc;
    if (fmt == DT_CHART_PNG) {
        surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)w, (int)h);
    } else if (fmt == DT_CHART_SVG) {
        surf = cairo_svg_surface_create_for_stream(sink_write, &s, w, h);
        cairo_svg_surface_restrict_to_version(surf, CAIRO_SVG_VERSION_1_1);
    } else {
        s.write = write;
        s.ctx = ctx;
        surf = cairo_pdf_surface_create_for_stream(sink_write, &s, w, h);
        snprintf(title, sizeof title, "%s: %s", dt_chart_kind_name(kind),
                 dt_scenario_name(in[0].sc));
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE,
                                       o->title ? o->title : title);
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR,
                                       "detente " DT_VERSION);
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATE_DATE,
                                       o->pdf_date);
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_MOD_DATE,
                                       o->pdf_date);
    }
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
        rc = dt__error_set(err, DT_ENOMEM, "cannot create the %s surface: %s",
                           dt_chart_format_name(fmt),
                           cairo_status_to_string(cairo_surface_status(surf)));
        goto out;
    }
    cr = cairo_create(surf);
    rc = dt__chart_draw_box(cr, kind, in, n_in, o, 0, 0, w, h, &text, &text_cap,
                            title, sizeof title, err);
    if (rc != DT_OK)
        goto out;
    cairo_destroy(cr);
    cr = NULL;
    if (fmt == DT_CHART_PNG) {
        s.write = write;
        s.ctx = ctx;
        if (cairo_surface_write_to_png_stream(surf, sink_write, &s) !=
            CAIRO_STATUS_SUCCESS) {
            rc = s.failed == 1
                     ? dt__error_set(err, DT_EIO, "cannot write the chart")
                     : dt__error_set(err, DT_EINTERNAL,
                                     "cairo cannot encode the PNG");
            goto out;
        }
    } else {
        cairo_surface_finish(surf);
        if (s.failed || cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
            rc = s.failed == 1
                     ? dt__error_set(err, DT_EIO, "cannot write the chart")
                     : dt__error_set(
                           err, s.failed ? DT_ENOMEM : DT_EINTERNAL,
                           "cairo cannot write the %s: %s",
                           dt_chart_format_name(fmt),
                           cairo_status_to_string(cairo_surface_status(surf)));
            goto out;
        }
        if (fmt == DT_CHART_SVG)
            rc = dt__chart_svg_finish(s.buf, s.len, title, text, o, write, ctx,
                                      err);
    }
out:
    if (cr)
        cairo_destroy(cr);
    if (surf)
        cairo_surface_destroy(surf);
    dt__free(s.alloc, s.buf, s.cap);
    dt__free(s.alloc, text, text_cap);
    return rc;
}
