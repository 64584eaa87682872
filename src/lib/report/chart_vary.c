/*
 * Vary chart: a one-input sweep (vary.h, detente vary; docs/analysts-
 * loop.md) drawn per issue - the slot's value along the x axis, every
 * model's forecast at each step as a line with markers, the Nash deal
 * dashed, the status quo as a dotted level; the steps where the zone of
 * agreement is closed shaded, each verdict flip a vertical line labelled
 * "opens" or "closes" halfway between the two steps, and the value as
 * written marked. One panel per issue (small multiples).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "chart_int.h"
#include <detente/vary.h>

/* The shading of the steps without a zone of agreement (alpha 0.22). */
static const double closed_rgb[3] = {0.8, 0.25, 0.25};

/* Colour, dash and marker of model m (the deal is drawn in black). */
static void model_style(size_t m, double rgb[3], size_t *dash,
                        enum dt__shape *shape)
{
    static const enum dt__shape shapes[5] = {
        DT__CIRCLE, DT__TRIANGLE, DT__SQUARE, DT__DIAMOND, DT__TRIANGLE_DOWN};

    dt__chart_color(m + 1, rgb);
    *dash = m % 4;
    *shape = shapes[m % 5];
}

dt_status dt__chart_vary_check(const dt_chart_input *in, size_t n_in,
                               const dt_chart_opts *o, dt_error *err)
{
    const dt_vary *v = in->vary;

    (void)n_in;
    (void)o;
    if (!v)
        return dt__error_set(err, DT_ESCENARIO,
                             "the vary chart needs a one-input sweep "
                             "(detente vary)");
    if (v->n_steps < 2 || !v->steps ||
        v->n_issues != dt_scenario_n_issues(in->sc))
        return dt__error_set(err, DT_EINVAL,
                             "the one-input sweep has fewer than two steps "
                             "or does not match the scenario's issues");
    return DT_OK;
}

/* Device x of slot value x. */
static double xpos(double x, double lo, double hi, double px0, double px1)
{
    return px0 + (x - lo) / (hi - lo) * (px1 - px0);
}

static void panel(dt__chart *ch, dt__box b, size_t q, double xlo, double xhi,
                  double xstep)
{
    cairo_t *cr = ch->cr;
    const dt_vary *v = ch->in->vary;
    const dt_issue *is = dt_scenario_issue(ch->in->sc, q);
    dt__text_style st = dt__chart_style();
    double fs = ch->fs, lw = fs / 7.0, lo = HUGE_VAL, hi = -HUGE_VAL, step;
    double px0, px1, py0, py1, ys;
    size_t k, m, nm = v->n_models;
    dt__box e;

    st.bold = 1;
    st.size = 0.95;
    st.max_w = b.w;
    dt__chart_text(ch, b.x, b.y, is->name ? is->name : is->id, &st, &e);
    b.y += e.h + 0.3 * fs;
    b.h -= e.h + 0.3 * fs;
    for (k = 0; k < v->n_steps; k++) {
        const dt_vary_step *s = &v->steps[k];

        for (m = 0; m < nm; m++)
            if (isfinite(s->forecast[q * nm + m])) {
                lo = fmin(lo, s->forecast[q * nm + m]);
                hi = fmax(hi, s->forecast[q * nm + m]);
            }
        if (s->deal && isfinite(s->deal[q])) {
            lo = fmin(lo, s->deal[q]);
            hi = fmax(hi, s->deal[q]);
        }
    }
    if (is->has_status_quo) {
        lo = fmin(lo, is->status_quo.v);
        hi = fmax(hi, is->status_quo.v);
    }
    if (!(lo <= hi)) {
        lo = 0;
        hi = 100;
    }
    px0 = b.x + 3.6 * fs;
    px1 = b.x + b.w - 0.8 * fs;
    py0 = b.y + 1.4 * fs; /* room for the flip labels */
    py1 = b.y + b.h - 2.6 * fs;
    if (px1 - px0 < 2 * fs || py1 - py0 < 2 * fs)
        return;
    dt__chart_range(&lo, &hi, (int)fmax(2, (py1 - py0) / (1.8 * fs)), &step);
    ys = (py1 - py0) / (hi - lo);
    /* The steps where the zone is closed, shaded half a step each side. */
    cairo_save(cr);
    for (k = 0; k < v->n_steps; k++) {
        const dt_vary_step *s = &v->steps[k];
        double a, c;

        if (!s->analysed || s->feasible)
            continue;
        a = k > 0 ? (v->steps[k - 1].value + s->value) / 2 : s->value;
        c = k + 1 < v->n_steps ? (v->steps[k + 1].value + s->value) / 2
                               : s->value;
        a = xpos(a, xlo, xhi, px0, px1);
        c = xpos(c, xlo, xhi, px0, px1);
        cairo_rectangle(cr, fmin(a, c), py0, fmax(fabs(c - a), lw), py1 - py0);
    }
    dt__chart_set_rgb(cr, closed_rgb, 0.22);
    cairo_fill(cr);
    cairo_restore(cr);
    dt__chart_yaxis(ch, px0, px1, py0, py1, lo, hi, step);
    dt__chart_xaxis(ch, px0, px1, py1, xlo, xhi, xstep, 0, py0);
    st = dt__chart_style();
    st.size = 0.85;
    st.h = DT__CENTER;
    st.valign = 1;
    st.max_w = px1 - px0;
    dt__chart_text(ch, (px0 + px1) / 2, b.y + b.h, v->slot_id, &st, NULL);
    st.angle = -3.14159265358979323846 / 2;
    st.valign = 0;
    dt__chart_text(ch, b.x, (py0 + py1) / 2, "forecast", &st, NULL);
    cairo_save(cr);
    if (is->has_status_quo) {
        double y = py1 - (is->status_quo.v - lo) * ys;

        cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
        cairo_set_line_width(cr, lw);
        dt__chart_dash(cr, 4, lw * 1.2);
        cairo_move_to(cr, px0, y);
        cairo_line_to(cr, px1, y);
        cairo_stroke(cr);
    }
    /* The value as written. */
    if (v->was >= xlo && v->was <= xhi) {
        double x = xpos(v->was, xlo, xhi, px0, px1);

        cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
        cairo_set_line_width(cr, lw);
        dt__chart_dash(cr, 5, lw);
        cairo_move_to(cr, x, py0);
        cairo_line_to(cr, x, py1);
        cairo_stroke(cr);
    }
    /* Verdict flips: a solid line halfway between the two steps. */
    st = dt__chart_style();
    st.size = 0.75;
    st.h = DT__CENTER;
    st.valign = 1;
    st.bold = 1;
    for (k = 1; k < v->n_steps; k++) {
        double x;

        if (!v->steps[k].flip)
            continue;
        x = xpos((v->steps[k - 1].value + v->steps[k].value) / 2, xlo, xhi, px0,
                 px1);
        cairo_set_source_rgb(cr, 0.8, 0.1, 0.1);
        cairo_set_line_width(cr, 1.5 * lw);
        cairo_set_dash(cr, NULL, 0, 0);
        cairo_move_to(cr, x, py0);
        cairo_line_to(cr, x, py1);
        cairo_stroke(cr);
        st.rgb[0] = 0.8;
        st.rgb[1] = st.rgb[2] = 0.1;
        dt__chart_text(ch, x, py0 - 0.1 * fs,
                       v->steps[k].flip > 0 ? "opens" : "closes", &st, NULL);
    }
    /* Every model's forecast, then the deal, as lines broken at gaps. */
    for (m = 0; m <= nm; m++) {
        double rgb[3];
        size_t dash;
        enum dt__shape shape;
        int pen = 0;

        if (m < nm)
            model_style(m, rgb, &dash, &shape);
        else {
            rgb[0] = rgb[1] = rgb[2] = 0;
            dash = 1;
            shape = DT__STAR;
        }
        cairo_set_line_width(cr, 2 * lw);
        dt__chart_dash(cr, dash, 2 * lw);
        dt__chart_set_rgb(cr, rgb, 1);
        for (k = 0; k < v->n_steps; k++) {
            const dt_vary_step *s = &v->steps[k];
            double y = m < nm    ? s->forecast[q * nm + m]
                       : s->deal ? s->deal[q]
                                 : (double)NAN;
            double x = xpos(s->value, xlo, xhi, px0, px1);

            if (!isfinite(y)) {
                pen = 0;
                continue;
            }
            y = py1 - (y - lo) * ys;
            if (pen)
                cairo_line_to(cr, x, y);
            else
                cairo_move_to(cr, x, y);
            pen = 1;
        }
        cairo_stroke(cr);
        if (v->n_steps <= 60)
            for (k = 0; k < v->n_steps; k++) {
                const dt_vary_step *s = &v->steps[k];
                double y = m < nm    ? s->forecast[q * nm + m]
                           : s->deal ? s->deal[q]
                                     : (double)NAN;

                if (isfinite(y))
                    dt__chart_marker(cr, shape,
                                     xpos(s->value, xlo, xhi, px0, px1),
                                     py1 - (y - lo) * ys, 0.3 * fs, rgb, 1);
            }
    }
    cairo_restore(cr);
}

void dt__chart_vary(dt__chart *ch, dt__box b)
{
    const dt_chart_input *in = ch->in;
    const dt_vary *v = in->vary;
    size_t first = dt__chart_issue_first(ch), end = dt__chart_issue_end(ch);
    size_t n = end - first, cols, rows, i, m, nm = v->n_models, ni = 0;
    double xlo = v->steps[0].value, xhi = v->steps[v->n_steps - 1].value;
    double xstep, lh, fs = ch->fs;
    dt__legend_item items[DT_FORECAST_MAX_MODELS + 5];
    char title[512], sub[512];

    if (xlo > xhi) {
        double t = xlo;

        xlo = xhi;
        xhi = t;
    }
    if (!(xhi - xlo > 1e-9 * fmax(1, fabs(xlo)))) {
        xlo -= 1;
        xhi += 1;
    }
    snprintf(title, sizeof title, "What if %s varies: %s", v->slot_id,
             dt_scenario_name(in->sc));
    snprintf(sub, sizeof sub,
             "Each model's forecast at %zu steps of %s from %g to %g (as "
             "written: %g); shaded: no zone of agreement",
             v->n_steps, v->slot_id, v->steps[0].value,
             v->steps[v->n_steps - 1].value, v->was);
    dt__chart_frame(ch, &b, title, sub);
    memset(items, 0, sizeof items);
    for (m = 0; m < nm && ni < DT_FORECAST_MAX_MODELS; m++) {
        dt__legend_item *it = &items[ni++];

        it->label = v->models[m];
        it->line = 1;
        it->lw = 2;
        it->marker = 1;
        it->filled = 1;
        model_style(m, it->rgb, &it->dash, &it->shape);
    }
    items[ni].label = "Nash deal";
    items[ni].line = 1;
    items[ni].lw = 2;
    items[ni].dash = 1;
    items[ni].marker = 1;
    items[ni].filled = 1;
    items[ni++].shape = DT__STAR;
    items[ni].label = "status quo";
    items[ni].line = 1;
    items[ni].dash = 4;
    items[ni].rgb[0] = items[ni].rgb[1] = items[ni].rgb[2] = 0.45;
    items[ni++].lw = 1;
    items[ni].label = "as written";
    items[ni].line = 1;
    items[ni].dash = 5;
    items[ni++].lw = 1;
    items[ni].label = "verdict flips";
    items[ni].line = 1;
    items[ni].lw = 1.5;
    items[ni].rgb[0] = 0.8;
    items[ni].rgb[1] = items[ni].rgb[2] = 0.1;
    ni++;
    items[ni].label = "no zone of agreement";
    items[ni].band = 1;
    memcpy(items[ni].rgb, closed_rgb, sizeof closed_rgb);
    ni++;
    lh = dt__chart_legend(ch, b.x, b.y, b.w, items, ni, 1);
    b.y += lh + 0.6 * fs;
    b.h -= lh + 0.6 * fs;
    dt__chart_grid(n, &b, 22 * fs, &cols, &rows);
    {
        double pw = (b.w - 1.2 * fs * (double)(cols - 1)) / (double)cols;

        dt__chart_nice(&xlo, &xhi, (int)fmax(2, (pw - 4.4 * fs) / (4 * fs)),
                       &xstep);
    }
    for (i = 0; i < n; i++) {
        dt__box p;
        double gap = 1.2 * fs;

        p.w = (b.w - gap * (double)(cols - 1)) / (double)cols;
        p.h = (b.h - gap * (double)(rows - 1)) / (double)rows;
        p.x = b.x + (double)(i % cols) * (p.w + gap);
        p.y = b.y + (double)(i / cols) * (p.h + gap);
        panel(ch, p, first + i, xlo, xhi, xstep);
    }
}
