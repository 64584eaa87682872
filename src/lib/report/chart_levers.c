/*
 * Levers chart: a tornado chart of what each pressure lever (or pair)
 * changes against the baseline analysis (dt_analysis effects, in the
 * analysis's rank order, strongest at the top): the shift of the deal
 * (proposal) and of the full forecast, as a percentage of the lever
 * user's distance closed, and the durability change in percentage
 * points; flips and "no effect" are written beside the bars.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart_int.h"

#define N_SERIES 3

static const char *const series_name[N_SERIES] = {
    "deal (proposal) shift, % of the user's distance closed",
    "full-forecast shift, % of the user's distance closed",
    "durability change, percentage points"};

dt_status dt__chart_levers_check(const dt_chart_input *in, size_t n_in,
                                 const dt_chart_opts *o, dt_error *err)
{
    (void)n_in;
    (void)o;
    if (dt_scenario_n_levers(in->sc) == 0)
        return dt__error_set(err, DT_ESCENARIO,
                             "'%s' defines no levers (the levers chart "
                             "shows what each one changes)",
                             dt_scenario_name(in->sc));
    if (!in->analysis)
        return dt__error_set(err, DT_EINVAL,
                             "the levers chart needs the scenario's "
                             "analysis (dt_analyze)");
    if (in->analysis->n_effects == 0)
        return dt__error_set(err, DT_ESCENARIO,
                             "the analysis of '%s' studied no levers",
                             dt_scenario_name(in->sc));
    return DT_OK;
}

static double value(const dt_lever_effect *e, int s)
{
    double v = s == 0   ? e->shift_proposal
               : s == 1 ? e->shift_full
                        : e->durability_change;

    return 100.0 * v;
}

/* Fill a bar of series s: solid, hatched or dotted (greyscale-safe). */
static void bar(cairo_t *cr, int s, double x, double y, double w, double h,
                double lw)
{
    double rgb[3], hx;

    if (w < 0) {
        x += w;
        w = -w;
    }
    dt__chart_color(s == 0 ? 0 : s == 1 ? 5 : 4, rgb);
    cairo_save(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_rectangle(cr, x, y, w, h);
    dt__chart_set_rgb(cr, rgb, s == 0 ? 1 : 0.55);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
    cairo_set_line_width(cr, lw * 0.7);
    cairo_stroke_preserve(cr);
    cairo_clip(cr);
    if (s == 1) {
        cairo_set_line_width(cr, lw * 0.8);
        for (hx = x - h; hx < x + w; hx += 3.5 * lw) {
            cairo_move_to(cr, hx, y + h);
            cairo_line_to(cr, hx + h, y);
        }
        cairo_stroke(cr);
    } else if (s == 2) {
        cairo_set_line_width(cr, lw * 0.8);
        for (hx = x - h; hx < x + w; hx += 3.5 * lw) {
            cairo_move_to(cr, hx, y);
            cairo_line_to(cr, hx + h, y + h);
        }
        cairo_stroke(cr);
    }
    cairo_restore(cr);
}

/* "lever name" or "a + b" for a pair; *by gets the user's label. */
static void effect_label(const dt_scenario *sc, const dt_lever_effect *e,
                         char *buf, size_t n)
{
    const dt_lever *l0 = dt_scenario_lever(sc, e->lever[0]);
    const char *n0 = l0->name ? l0->name : l0->id;

    if (e->n == 2) {
        const dt_lever *l1 = dt_scenario_lever(sc, e->lever[1]);

        snprintf(buf, n, "%s + %s", n0, l1->name ? l1->name : l1->id);
    } else
        snprintf(buf, n, "%s", n0);
}

void dt__chart_levers(dt__chart *ch, dt__box b)
{
    cairo_t *cr = ch->cr;
    const dt_scenario *sc = ch->in->sc;
    const dt_analysis *an = ch->in->analysis;
    dt__text_style st = dt__chart_style();
    double fs = ch->fs, lw = fs / 7.0, m = 10, step, px0, px1, pmid, py0, py1;
    double row_h, lab_w, note_w = 10 * fs, lh = 0, x, y;
    size_t n = an->n_effects, shown, k;
    char title[512], buf[512], cap[128];
    int s;

    snprintf(title, sizeof title, "What each lever changes: %s",
             dt_scenario_name(sc));
    dt__chart_frame(ch, &b, title,
                    "Each lever applied alone (and pairs when analysed), "
                    "strongest first; 0 = no change. Right: flips and the "
                    "change of the zone surplus (utility units)");
    /* Legend, one item per series. */
    st.size = 0.9;
    st.valign = 0.5;
    x = b.x;
    y = b.y;
    for (s = 0; s < N_SERIES; s++) {
        double tw, th;

        dt__chart_measure(ch, series_name[s], &st, &tw, &th);
        if (x > b.x && x + 2.2 * fs + tw > b.x + b.w) {
            x = b.x;
            y += 1.5 * fs;
        }
        bar(cr, s, x, y + 0.3 * fs, 1.6 * fs, 0.9 * fs, lw);
        dt__chart_text(ch, x + 2.0 * fs, y + 0.75 * fs, series_name[s], &st,
                       NULL);
        x += 2.0 * fs + tw + 1.5 * fs;
    }
    lh = y + 1.5 * fs - b.y;
    b.y += lh + 0.4 * fs;
    b.h -= lh + 0.4 * fs;
    /* Rows that fit at a readable size. */
    py0 = b.y + 0.2 * fs;
    py1 = b.y + b.h - 2.8 * fs;
    shown = (size_t)fmax(1, floor((py1 - py0) / (2.4 * fs)));
    if (shown > n)
        shown = n;
    row_h = (py1 - py0) / (double)shown;
    if (row_h > 5 * fs)
        row_h = 5 * fs;
    py1 = py0 + row_h * (double)shown;
    for (k = 0; k < shown; k++)
        for (s = 0; s < N_SERIES; s++) {
            double v = value(&an->effects[an->rank[k]], s);

            if (isfinite(v))
                m = fmax(m, fabs(v));
        }
    {
        double lo = -m;

        dt__chart_nice(&lo, &m, 4, &step);
        m = fmax(m, -lo);
    }
    lab_w = fmin(16 * fs, 0.3 * b.w);
    px0 = b.x + lab_w + 0.6 * fs;
    px1 = b.x + b.w - note_w;
    pmid = (px0 + px1) / 2;
    dt__chart_xaxis(ch, px0, px1, py1, -m, m, step, 1, py0);
    st = dt__chart_style();
    st.size = 0.85;
    st.h = DT__CENTER;
    st.valign = 1;
    st.max_w = px1 - px0;
    dt__chart_text(ch, pmid, py1 + 2.6 * fs,
                   "change against the scenario as given (% / percentage "
                   "points)",
                   &st, NULL);
    for (k = 0; k < shown; k++) {
        const dt_lever_effect *e = &an->effects[an->rank[k]];
        double ry = py0 + row_h * (double)k, bh = row_h * 0.8 / N_SERIES;
        const char *note = NULL;

        if (k % 2 == 0)
            dt__chart_stripe(cr, b.x, ry, b.w, row_h);
        effect_label(sc, e, buf, sizeof buf);
        st = dt__chart_style();
        st.size = 0.85;
        st.bold = 1;
        st.max_w = lab_w;
        st.max_lines = row_h > 3.4 * fs ? 2 : 1;
        st.valign = 1;
        dt__chart_text(ch, b.x, ry + row_h / 2 + 0.05 * fs, buf, &st, NULL);
        st.bold = 0;
        st.max_lines = 1;
        st.size = 0.75;
        st.valign = 0;
        st.rgb[0] = st.rgb[1] = st.rgb[2] = 0.3;
        snprintf(buf, sizeof buf, "by %s",
                 dt__chart_actor_label(dt_scenario_actor(sc, e->by)));
        dt__chart_text(ch, b.x, ry + row_h / 2 + 0.1 * fs, buf, &st, NULL);
        for (s = 0; s < N_SERIES; s++) {
            double v = value(e, s), by = ry + row_h * 0.1 + bh * s;
            dt__text_style vs = dt__chart_style();

            vs.size = 0.7;
            vs.valign = 0.5;
            if (!isfinite(v)) {
                vs.h = DT__LEFT;
                vs.rgb[0] = vs.rgb[1] = vs.rgb[2] = 0.4;
                dt__chart_text(ch, pmid + 0.3 * fs, by + bh / 2, "n/a", &vs,
                               NULL);
                continue;
            }
            bar(cr, s, pmid, by, v / m * (pmid - px0), bh, lw);
            snprintf(buf, sizeof buf, "%+.0f", v);
            vs.h = v < 0 ? DT__RIGHT : DT__LEFT;
            if (bh >= 0.55 * fs)
                dt__chart_text(ch,
                               pmid + v / m * (pmid - px0) +
                                   (v < 0 ? -0.25 : 0.25) * fs,
                               by + bh / 2, buf, &vs, NULL);
        }
        if (e->flip > 0)
            note = "makes a deal possible";
        else if (e->flip < 0)
            note = "makes a deal impossible";
        else if (e->no_effect)
            note = "no effect";
        st = dt__chart_style();
        st.size = 0.75;
        st.valign = 0.5;
        st.max_w = note_w - 0.6 * fs;
        st.max_lines = 2;
        if (isfinite(e->surplus_change)) {
            /* The zone's surplus is in utility units: text, not a bar. */
            snprintf(buf, sizeof buf, "%s%szone surplus %+.1f",
                     note ? note : "", note ? "; " : "", e->surplus_change);
            note = buf;
        }
        if (note) {
            st.bold = e->flip != 0;
            dt__chart_text(ch, px1 + 0.6 * fs, ry + row_h / 2, note, &st, NULL);
        }
    }
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 1.3 * lw);
    cairo_move_to(cr, pmid, py0);
    cairo_line_to(cr, pmid, py1);
    cairo_stroke(cr);
    cairo_restore(cr);
    if (shown < n) {
        snprintf(cap, sizeof cap,
                 "The %zu strongest of %zu shown; enlarge the chart to see "
                 "all.",
                 shown, n);
        st = dt__chart_style();
        st.size = 0.8;
        st.h = DT__RIGHT;
        st.valign = 1;
        st.rgb[0] = 0.6;
        dt__chart_text(ch, b.x + b.w, b.y + b.h, cap, &st, NULL);
    }
}
