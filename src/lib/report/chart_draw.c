/*
 * Charts: the checks (every kind's data, the font through fontconfig) and
 * drawing a chart of any kind on a cairo context, dispatched to the five
 * kinds (chart_trajectory.c, chart_positions.c, chart_levers.c,
 * chart_distribution.c, chart_compare.c, chart_vary.c).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fontconfig/fontconfig.h>

#include "chart_int.h"

#define DT__DEFAULT_FONT "DejaVu Sans"

/* ----- Checks ----- */

dt_status dt_chart_font_check(const char *family, dt_error *err)
{
    FcPattern *pat, *match = NULL;
    FcResult res = FcResultNoMatch;
    FcChar8 *got = NULL;
    dt_status rc = DT_OK;
    int i, found = 0;

    if (!family)
        family = DT__DEFAULT_FONT;
    pat = FcPatternCreate();
    if (!pat)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
    if (!FcConfigSubstitute(NULL, pat, FcMatchPattern)) {
        rc = dt__error_set(err, DT_EIO,
                           "cannot read the font configuration (fontconfig)");
        goto out;
    }
    FcDefaultSubstitute(pat);
    match = FcFontMatch(NULL, pat, &res);
    for (i = 0; match &&
                FcPatternGetString(match, FC_FAMILY, i, &got) == FcResultMatch;
         i++)
        if (dt__ieq((const char *)got, family)) {
            found = 1;
            break;
        }
    if (!found) {
        if (match &&
            FcPatternGetString(match, FC_FAMILY, 0, &got) != FcResultMatch)
            got = NULL;
        rc =
            dt__error_set(err, DT_EIO,
                          "font '%s' is not installed (fontconfig falls "
                          "back to '%s'); install it (Debian: "
                          "fonts-dejavu-core)",
                          family, match && got ? (const char *)got : "no font");
    }
out:
    if (match)
        FcPatternDestroy(match);
    FcPatternDestroy(pat);
    return rc;
}

typedef dt_status (*check_fn)(const dt_chart_input *, size_t,
                              const dt_chart_opts *, dt_error *);
typedef void (*draw_fn)(dt__chart *, dt__box);

static const check_fn checks[DT_CHART_N_KINDS] = {
    dt__chart_trajectory_check, dt__chart_positions_check,
    dt__chart_levers_check,     dt__chart_distribution_check,
    dt__chart_compare_check,    dt__chart_vary_check,
    dt__chart_tornado_check,    dt__chart_sobol_check};
static const draw_fn draws[DT_CHART_N_KINDS] = {
    dt__chart_trajectory,   dt__chart_positions, dt__chart_levers,
    dt__chart_distribution, dt__chart_compare,   dt__chart_vary,
    dt__chart_tornado,      dt__chart_sobol};

dt_status dt__chart_check_all(dt_chart_kind kind, const dt_chart_input *in,
                              size_t n_in, const dt_chart_opts *o, double w,
                              double h, dt_error *err)
{
    size_t i, k, ni;

    if ((unsigned)kind >= DT_CHART_N_KINDS)
        return dt__error_set(err, DT_EINVAL, "unknown chart kind %u",
                             (unsigned)kind);
    if (!in || n_in == 0)
        return dt__error_set(err, DT_EINVAL, "no scenario to chart");
    if (!(w >= DT_CHART_MIN_SIZE) || !(h >= DT_CHART_MIN_SIZE) ||
        !(w <= 100000) || !(h <= 100000))
        return dt__error_set(err, DT_EINVAL,
                             "chart size %gx%g out of range (each side "
                             "%g to 100000)",
                             w, h, DT_CHART_MIN_SIZE);
    if (o->font_size < 0 || !(o->font_size <= w))
        return dt__error_set(err, DT_EINVAL, "font size %g out of range",
                             o->font_size);
    for (i = 0; i < n_in; i++) {
        if (!in[i].sc)
            return dt__error_set(err, DT_EINVAL,
                                 "chart input %zu has no "
                                 "scenario",
                                 i);
        ni = dt_scenario_n_issues(in[i].sc);
        for (k = 0; k < in[i].n_runs; k++) {
            const dt_chart_run *r = &in[i].runs[k];

            if (r->issue >= ni || !r->line || !r->model)
                return dt__error_set(err, DT_EINVAL,
                                     "run %zu of '%s': bad issue index, "
                                     "line or model name",
                                     k, dt_scenario_name(in[i].sc));
            if (r->trace && r->trace->rounds > 0 &&
                (r->trace->n != r->line->n || !r->trace->x))
                return dt__error_set(err, DT_EINVAL,
                                     "run %zu of '%s': the trace has %zu "
                                     "actors, the line %zu",
                                     k, dt_scenario_name(in[i].sc), r->trace->n,
                                     r->line->n);
        }
        for (k = 0; k < in[i].n_dists; k++)
            if (in[i].dists[k].issue >= ni ||
                (in[i].dists[k].n > 0 && !in[i].dists[k].draws))
                return dt__error_set(err, DT_EINVAL,
                                     "distribution %zu of '%s': bad issue "
                                     "index or no draws",
                                     k, dt_scenario_name(in[i].sc));
    }
    if (o->issue != (size_t)-1 && o->issue >= dt_scenario_n_issues(in[0].sc))
        return dt__error_set(err, DT_EINVAL,
                             "issue index %zu out of range ('%s' has %zu)",
                             o->issue, dt_scenario_name(in[0].sc),
                             dt_scenario_n_issues(in[0].sc));
    if (dt_scenario_n_issues(in[0].sc) == 0)
        return dt__error_set(err, DT_ESCENARIO, "'%s' has no issues to chart",
                             dt_scenario_name(in[0].sc));
    return checks[kind](in, n_in, o, err);
}

dt_status dt_chart_check(dt_chart_kind kind, const dt_chart_input *in,
                         size_t n_in, const dt_chart_opts *opts, dt_error *err)
{
    dt_chart_opts def = DT_CHART_OPTS_INIT;

    if (!opts)
        opts = &def;
    return dt__chart_check_all(kind, in, n_in, opts, opts->width, opts->height,
                               err);
}

/* ----- Drawing ----- */

dt_status dt__chart_draw_box(cairo_t *cr, dt_chart_kind kind,
                             const dt_chart_input *in, size_t n_in,
                             const dt_chart_opts *o, double x, double y,
                             double w, double h, char **text, size_t *text_cap,
                             char *title, size_t title_n, dt_error *err)
{
    cairo_font_options_t *fo = NULL;
    PangoFontMap *fm = NULL;
    PangoContext *pc = NULL;
    dt__chart ch;
    dt__box b;
    dt_status rc;

    if (text)
        *text = NULL;
    rc = dt__chart_check_all(kind, in, n_in, o, w, h, err);
    if (rc != DT_OK)
        return rc;
    rc = dt_chart_font_check(o->font, err);
    if (rc != DT_OK)
        return rc;
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
        return dt__error_set(err, DT_EINTERNAL, "cairo: %s",
                             cairo_status_to_string(cairo_status(cr)));
    memset(&ch, 0, sizeof ch);
    ch.cr = cr;
    ch.opts = o;
    ch.in = in;
    ch.alloc = dt_scenario_allocator(in[0].sc);
    ch.n_in = n_in;
    ch.fs = o->font_size > 0 ? o->font_size : fmin(w, h * 1.45) / 62.0;
    if (o->font_size <= 0)
        ch.fs = ch.fs < 7 ? 7 : ch.fs > 16 ? 16 : ch.fs;
    cairo_save(cr);
    cairo_rectangle(cr, x, y, w, h);
    cairo_clip(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    /*
     * A font map of our own, freed after the chart: no state shared with
     * other charts or threads (pango's default map is per thread and
     * lives until exit).
     */
    fm = pango_cairo_font_map_new();
    pc = fm ? pango_font_map_create_context(fm) : NULL;
    if (pc)
        pango_cairo_update_context(cr, pc);
    ch.layout = pc ? pango_layout_new(pc) : NULL;
    ch.font = pango_font_description_new();
    fo = cairo_font_options_create();
    if (!ch.layout || !ch.font || !fo) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    /* No hinting: the same layout on every surface (PNG, SVG, PDF). */
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(pango_layout_get_context(ch.layout),
                                         fo);
    pango_layout_context_changed(ch.layout);
    pango_font_description_set_family(ch.font,
                                      o->font ? o->font : DT__DEFAULT_FONT);
    b.x = x;
    b.y = y;
    b.w = w;
    b.h = h;
    draws[kind](&ch, b);
    if (ch.oom)
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
    else if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
        rc = dt__error_set(err, DT_EINTERNAL, "cairo: %s",
                           cairo_status_to_string(cairo_status(cr)));
out:
    if (fo)
        cairo_font_options_destroy(fo);
    if (ch.font)
        pango_font_description_free(ch.font);
    if (ch.layout)
        g_object_unref(ch.layout);
    if (pc)
        g_object_unref(pc);
    if (fm)
        g_object_unref(fm);
    cairo_restore(cr);
    if (title)
        snprintf(title, title_n, "%s", ch.title);
    if (rc == DT_OK && text) {
        *text = ch.text;
        *text_cap = ch.text_cap;
        ch.text = NULL;
    }
    dt__free(ch.alloc, ch.text, ch.text_cap);
    return rc;
}

dt_status dt_chart_draw(cairo_t *cr, dt_chart_kind kind,
                        const dt_chart_input *in, size_t n_in,
                        const dt_chart_opts *opts, double x, double y, double w,
                        double h, dt_error *err)
{
    dt_chart_opts def = DT_CHART_OPTS_INIT;

    if (!cr)
        return dt__error_set(err, DT_EINVAL, "no cairo context to draw on");
    return dt__chart_draw_box(cr, kind, in, n_in, opts ? opts : &def, x, y, w,
                              h, NULL, NULL, NULL, 0, err);
}
