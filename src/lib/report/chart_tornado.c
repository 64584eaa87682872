/*
 * Tornado chart of one-at-a-time sensitivities (dt_sweep_oat, sweep.h;
 * src/lib/mc/oat.c): for one result, each uncertain input's effect when
 * moved alone to its low end (solid bar) and its high end (hatched bar)
 * from the value as written (the vertical line), inputs ranked by swing,
 * largest at the top, so the chart narrows downwards like a tornado
 * (Howard 1988, "Decision analysis: practice and promise", Management
 * Science 34(6)). The result is opts.model's forecast on opts.issue
 * (first model, first issue by default), or the deal point when
 * opts.model is "deal". Inputs that move it not at all are left out.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart_int.h"

/* Inputs with a positive swing on output k (they lead the ranking). */
static size_t n_moving(const dt_oat *o, size_t k)
{
    const size_t *rank = dt_oat_rank(o, k);
    size_t t, ni = dt_sweep_n_inputs(dt_oat_sweep(o));

    for (t = 0; t < ni; t++)
        if (!(dt_oat_swing(o, k, rank[t]) > 0.0))
            break;
    return t;
}

dt_status dt__chart_tornado_check(const dt_chart_input *in, size_t n_in,
                                  const dt_chart_opts *o, dt_error *err)
{
    size_t k;

    (void)n_in;
    if (!in->oat)
        return dt__error_set(err, DT_EINVAL,
                             "the tornado chart needs one-at-a-time "
                             "sensitivities (dt_sweep_oat)");
    if (dt_sweep_scenario(dt_oat_sweep(in->oat)) != in->sc)
        return dt__error_set(err, DT_EINVAL,
                             "the sensitivities are not of the chart's "
                             "scenario");
    k = dt__chart_sweep_result(dt_oat_sweep(in->oat), o);
    if (k == (size_t)-1)
        return dt__error_set(err, DT_EINVAL,
                             "the sensitivities have no %s%s%s result on "
                             "the chosen issue",
                             o->model ? "'" : "",
                             o->model ? o->model : "forecast",
                             o->model ? "'" : "");
    if (n_moving(in->oat, k) == 0)
        return dt__error_set(
            err, DT_ESCENARIO,
            "no uncertain input moves %s of '%s' "
            "(nothing to chart)",
            dt_sweep_get_output(dt_oat_sweep(in->oat), k)->label,
            dt_scenario_name(in->sc));
    return DT_OK;
}

void dt__chart_tornado(dt__chart *ch, dt__box b)
{
    cairo_t *cr = ch->cr;
    const dt_oat *o = ch->in->oat;
    const dt_sweep *s = dt_oat_sweep(o);
    const dt_scenario *sc = ch->in->sc;
    size_t k = dt__chart_sweep_result(dt_oat_sweep(o), ch->opts),
           n = n_moving(o, k), shown, t;
    const size_t *rank = dt_oat_rank(o, k);
    double fs = ch->fs, lw = fs / 7.0, base = dt_sweep_output_base(s, k);
    double lo = base, hi = base, step, px0, px1, py0, py1, row_h, lab_w, lh;
    dt__legend_item items[3];
    dt__text_style st;
    char title[512], buf[512];

    snprintf(title, sizeof title, "One at a time: %s", dt_scenario_name(sc));
    snprintf(buf, sizeof buf,
             "%s: each input moved alone to its low and high end, the "
             "others as written; largest swing first",
             dt_sweep_get_output(s, k)->label);
    dt__chart_frame(ch, &b, title, buf);
    memset(items, 0, sizeof items);
    items[0].label = "input at its low end";
    items[0].band = 1;
    dt__chart_color(0, items[0].rgb);
    items[1].label = "input at its high end";
    items[1].band = 1;
    dt__chart_color(5, items[1].rgb);
    items[2].label = "as written";
    items[2].line = 1;
    items[2].lw = 1.3;
    lh = dt__chart_legend(ch, b.x, b.y, b.w, items, 3, 1);
    b.y += lh + 0.5 * fs;
    b.h -= lh + 0.5 * fs;
    py0 = b.y + 0.2 * fs;
    py1 = b.y + b.h - 3.0 * fs;
    shown = (size_t)fmax(1, floor((py1 - py0) / (2.0 * fs)));
    if (shown > n)
        shown = n;
    row_h = fmin((py1 - py0) / (double)shown, 4 * fs);
    py1 = py0 + row_h * (double)shown;
    for (t = 0; t < shown; t++) {
        int e;

        for (e = 0; e < 2; e++) {
            double v = dt_oat_result(o, k, rank[t], e);

            if (isfinite(v)) {
                lo = fmin(lo, v);
                hi = fmax(hi, v);
            }
        }
    }
    if (!isfinite(lo) || !isfinite(hi)) {
        lo = 0;
        hi = 100;
    }
    dt__chart_range(&lo, &hi, 8, &step);
    lab_w = fmin(18 * fs, 0.35 * b.w);
    px0 = b.x + lab_w + 0.6 * fs;
    px1 = b.x + b.w - 0.6 * fs;
    dt__chart_xaxis(ch, px0, px1, py1, lo, hi, step, 1, py0);
    st = dt__chart_style();
    st.size = 0.85;
    st.h = DT__CENTER;
    st.max_w = px1 - px0;
    dt__chart_text(ch, (px0 + px1) / 2, py1 + 1.7 * fs,
                   "value of the result (the issue's 0-100 scale)", &st, NULL);
#define X(v) (px0 + ((v)-lo) / (hi - lo) * (px1 - px0))
    for (t = 0; t < shown; t++) {
        size_t j = rank[t];
        double ry = py0 + row_h * (double)t, bh = row_h * 0.36;
        int e;

        if (t % 2 == 0)
            dt__chart_stripe(cr, b.x, ry, b.w, row_h);
        st = dt__chart_style();
        st.size = 0.8;
        st.valign = 0.5;
        st.max_w = lab_w;
        st.max_lines = row_h > 2.6 * fs ? 2 : 1;
        snprintf(buf, sizeof buf, "%s (%.4g to %.4g)",
                 dt_sweep_get_input(s, j)->label, dt_oat_value(o, j, 0),
                 dt_oat_value(o, j, 1));
        dt__chart_text(ch, b.x, ry + row_h / 2, buf, &st, NULL);
        for (e = 0; e < 2; e++) {
            double v = dt_oat_result(o, k, j, e), by = ry + row_h * 0.12;
            dt__text_style vs = dt__chart_style();

            by += e * bh;
            vs.size = 0.65;
            vs.valign = 0.5;
            if (!isfinite(v) || !isfinite(base)) {
                vs.rgb[0] = vs.rgb[1] = vs.rgb[2] = 0.4;
                dt__chart_text(ch, X(isfinite(base) ? base : lo) + 0.3 * fs,
                               by + bh / 2, "none", &vs, NULL);
                continue;
            }
            dt__chart_hbar(cr, e, X(base), X(v), by, bh, lw);
            if (bh >= 0.5 * fs && fabs(X(v) - X(base)) >= 0.2 * fs) {
                snprintf(buf, sizeof buf, "%.1f", v);
                vs.h = v < base ? DT__RIGHT : DT__LEFT;
                dt__chart_text(ch, X(v) + (v < base ? -0.25 : 0.25) * fs,
                               by + bh / 2, buf, &vs, NULL);
            }
        }
    }
    if (isfinite(base)) {
        cairo_save(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_set_line_width(cr, 1.3 * lw);
        cairo_move_to(cr, X(base), py0);
        cairo_line_to(cr, X(base), py1);
        cairo_stroke(cr);
        cairo_restore(cr);
    }
#undef X
    if (shown < n) {
        snprintf(buf, sizeof buf,
                 "The %zu largest swings of %zu shown; enlarge the chart "
                 "to see all.",
                 shown, n);
        st = dt__chart_style();
        st.size = 0.8;
        st.h = DT__RIGHT;
        st.valign = 1;
        st.rgb[0] = 0.6;
        dt__chart_text(ch, b.x + b.w, b.y + b.h, buf, &st, NULL);
    }
}
