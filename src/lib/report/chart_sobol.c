/*
 * Sobol chart of a variance decomposition (dt_sobol_scenario, sobol.h;
 * src/lib/mc/sobol.c, docs/sobol.md): for one result, each uncertain
 * input's (or group's) first-order index S1 (solid bar: the share of the
 * result's variance it explains alone) and total index ST (hatched bar:
 * alone and through its interactions), with their bootstrap intervals as
 * whiskers, on a 0-1 axis, inputs ranked by ST, largest at the top
 * (Saltelli et al. 2008, "Global Sensitivity Analysis: The Primer",
 * ch. 4). The result is opts.model's forecast on opts.issue (first
 * model, first issue by default), or the deal point when opts.model is
 * "deal". Inputs with a total index of 0 are left out.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart_int.h"

/* Inputs with a positive total index on output k (they lead the rank). */
static size_t n_shown(const dt_sobol *so, size_t k)
{
    const size_t *rank = dt_sobol_rank(so, k);
    size_t t, ni = dt_sobol_n_inputs(so);

    for (t = 0; t < ni; t++)
        if (!(dt_sobol_total(so, k, rank[t])->est > 0.0))
            break;
    return t;
}

dt_status dt__chart_sobol_check(const dt_chart_input *in, size_t n_in,
                                const dt_chart_opts *o, dt_error *err)
{
    size_t k;

    (void)n_in;
    if (!in->sobol || !dt_sobol_sweep(in->sobol))
        return dt__error_set(err, DT_EINVAL,
                             "the Sobol chart needs a variance decomposition "
                             "of the scenario (dt_sobol_scenario)");
    if (dt_sweep_scenario(dt_sobol_sweep(in->sobol)) != in->sc)
        return dt__error_set(err, DT_EINVAL,
                             "the decomposition is not of the chart's "
                             "scenario");
    k = dt__chart_sweep_result(dt_sobol_sweep(in->sobol), o);
    if (k == (size_t)-1)
        return dt__error_set(err, DT_EINVAL,
                             "the decomposition has no %s%s%s result on the "
                             "chosen issue",
                             o->model ? "'" : "",
                             o->model ? o->model : "forecast",
                             o->model ? "'" : "");
    if (n_shown(in->sobol, k) == 0)
        return dt__error_set(
            err, DT_ESCENARIO,
            "no uncertain input explains any variance of %s of '%s' "
            "(nothing to chart)",
            dt_sweep_get_output(dt_sobol_sweep(in->sobol), k)->label,
            dt_scenario_name(in->sc));
    return DT_OK;
}

/* The interval [lo, hi] as a whisker through the middle of a bar. */
static void whisker(cairo_t *cr, double xlo, double xhi, double y, double h,
                    double lw)
{
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, lw);
    cairo_move_to(cr, xlo, y + h / 2);
    cairo_line_to(cr, xhi, y + h / 2);
    cairo_move_to(cr, xlo, y + 0.2 * h);
    cairo_line_to(cr, xlo, y + 0.8 * h);
    cairo_move_to(cr, xhi, y + 0.2 * h);
    cairo_line_to(cr, xhi, y + 0.8 * h);
    cairo_stroke(cr);
    cairo_restore(cr);
}

void dt__chart_sobol(dt__chart *ch, dt__box b)
{
    cairo_t *cr = ch->cr;
    const dt_sobol *so = ch->in->sobol;
    const dt_sweep *s = dt_sobol_sweep(so);
    const dt_scenario *sc = ch->in->sc;
    size_t k = dt__chart_sweep_result(dt_sobol_sweep(so), ch->opts),
           n = n_shown(so, k), shown, t;
    const size_t *rank = dt_sobol_rank(so, k);
    double fs = ch->fs, lw = fs / 7.0, lo = 0.0, hi = 1.0, step;
    double px0, px1, py0, py1, row_h, lab_w, lh;
    dt__legend_item items[3];
    dt__text_style st;
    char title[512], buf[512];

    snprintf(title, sizeof title, "Variance decomposition: %s",
             dt_scenario_name(sc));
    snprintf(buf, sizeof buf,
             "%s: the share of its variance each input explains (%zu base "
             "rows); largest total index first",
             dt_sweep_get_output(s, k)->label, dt_sobol_get_opts(so)->n_base);
    dt__chart_frame(ch, &b, title, buf);
    memset(items, 0, sizeof items);
    items[0].label = "first order S1 (alone)";
    items[0].band = 1;
    dt__chart_color(0, items[0].rgb);
    items[1].label = "total ST (with interactions)";
    items[1].band = 1;
    dt__chart_color(5, items[1].rgb);
    items[2].label = "bootstrap interval";
    items[2].line = 1;
    items[2].lw = 1.0;
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
    /*
     * Indices are shares in [0, 1]; estimates and intervals can stray a
     * little outside: the axis runs from -0.2 when something is below 0
     * and to 1.2 when something is above 1, and draws clip to it.
     */
    for (t = 0; t < shown; t++) {
        const dt_sobol_est *e1 = dt_sobol_first(so, k, rank[t]);
        const dt_sobol_est *e2 = dt_sobol_total(so, k, rank[t]);

        if ((isfinite(e1->lo) && e1->lo < 0) || e1->est < 0)
            lo = -0.2;
        if ((isfinite(e2->hi) && e2->hi > 1) || e2->est > 1)
            hi = 1.2;
    }
    step = 0.2;
    lab_w = fmin(18 * fs, 0.35 * b.w);
    px0 = b.x + lab_w + 0.6 * fs;
    px1 = b.x + b.w - 0.6 * fs;
    dt__chart_xaxis(ch, px0, px1, py1, lo, hi, step, 1, py0);
    st = dt__chart_style();
    st.size = 0.85;
    st.h = DT__CENTER;
    st.max_w = px1 - px0;
    dt__chart_text(ch, (px0 + px1) / 2, py1 + 1.7 * fs,
                   "share of the result's variance (Sobol index)", &st, NULL);
#define X(v) (px0 + (fmin(fmax((v), lo), hi) - lo) / (hi - lo) * (px1 - px0))
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
        dt__chart_text(ch, b.x, ry + row_h / 2,
                       dt_sobol_input_label(so, j) ? dt_sobol_input_label(so, j)
                                                   : "?",
                       &st, NULL);
        for (e = 0; e < 2; e++) {
            const dt_sobol_est *x =
                e ? dt_sobol_total(so, k, j) : dt_sobol_first(so, k, j);
            double by = ry + row_h * 0.12 + e * bh;
            dt__text_style vs = dt__chart_style();

            if (!isfinite(x->est))
                continue;
            dt__chart_hbar(cr, e, X(0.0), X(fmax(x->est, lo)), by, bh, lw);
            if (isfinite(x->lo) && isfinite(x->hi))
                whisker(cr, X(x->lo), X(x->hi), by, bh, lw);
            if (bh >= 0.5 * fs) {
                snprintf(buf, sizeof buf, "%.2f", x->est);
                vs.size = 0.65;
                vs.valign = 0.5;
                vs.h = DT__LEFT;
                dt__chart_text(
                    ch,
                    X(isfinite(x->hi) ? fmax(x->hi, x->est) : x->est) +
                        0.3 * fs,
                    by + bh / 2, buf, &vs, NULL);
            }
        }
    }
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 1.3 * lw);
    cairo_move_to(cr, X(0.0), py0);
    cairo_line_to(cr, X(0.0), py1);
    cairo_stroke(cr);
    cairo_restore(cr);
#undef X
    if (shown < n) {
        snprintf(buf, sizeof buf,
                 "The %zu largest total indices of %zu shown; enlarge the "
                 "chart to see all.",
                 shown, n);
        st = dt__chart_style();
        st.size = 0.8;
        st.h = DT__RIGHT;
        st.valign = 1;
        st.rgb[0] = 0.6;
        dt__chart_text(ch, b.x + b.w, b.y + b.h, buf, &st, NULL);
    }
}
