/*
 * Distribution chart: per issue, and per result drawn on it (e.g. each
 * model's forecast, the deal point), a histogram of a sweep's draws on a
 * common scale with the 5/25/50/75/95 % quantiles as a box and whiskers
 * under it and the status quo as a dashed line. Bars are scaled per row;
 * each row states its tallest bar as a share of the draws.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart_int.h"

#define MAX_BINS 80

static int in_range(const dt__chart *ch, size_t issue)
{
    return ch->opts->issue == (size_t)-1 || ch->opts->issue == issue;
}

static size_t finite_count(const dt_chart_dist *d)
{
    size_t k, n = 0;

    for (k = 0; k < d->n; k++)
        n += isfinite(d->draws[k]) != 0;
    return n;
}

dt_status dt__chart_distribution_check(const dt_chart_input *in, size_t n_in,
                                       const dt_chart_opts *o, dt_error *err)
{
    size_t k;

    (void)n_in;
    for (k = 0; k < in->n_dists; k++)
        if ((o->issue == (size_t)-1 || o->issue == in->dists[k].issue) &&
            finite_count(&in->dists[k]) > 0)
            return DT_OK;
    return dt__error_set(err, DT_EINVAL,
                         "the distribution chart needs sweep draws with a "
                         "finite value%s",
                         o->issue == (size_t)-1 ? "" : " on the chosen issue");
}

/* Draw one result's row; returns its tallest bar as % of the draws. */
static double row(dt__chart *ch, const dt_chart_dist *d, double lo, double hi,
                  double px0, double px1, double y0, double y1, size_t color)
{
    cairo_t *cr = ch->cr;
    const dt_issue *is = dt_scenario_issue(ch->in->sc, d->issue);
    double fs = ch->fs, lw = fs / 7.0, xs = (px1 - px0) / (hi - lo);
    double hb = y1 - y0, hist_y1 = y0 + 0.72 * hb, box_y = y0 + 0.86 * hb;
    double bw, rgb[3], n = 0;
    size_t counts[MAX_BINS], nb, k, maxc = 0;

    nb = (size_t)fmin(MAX_BINS, fmax(10, floor((px1 - px0) / (0.6 * fs))));
    bw = (hi - lo) / (double)nb;
    memset(counts, 0, sizeof counts);
    for (k = 0; k < d->n; k++) {
        double v = d->draws[k];
        size_t b;

        if (!isfinite(v))
            continue;
        b = v <= lo ? 0 : (size_t)floor((v - lo) / bw);
        if (b >= nb)
            b = nb - 1;
        counts[b]++;
        n++;
    }
    for (k = 0; k < nb; k++)
        if (counts[k] > maxc)
            maxc = counts[k];
    dt__chart_color(color, rgb);
    cairo_save(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    for (k = 0; k < nb && maxc > 0; k++) {
        double h = (hist_y1 - y0 - 0.2 * fs) * (double)counts[k] / (double)maxc;

        if (counts[k] == 0)
            continue;
        cairo_rectangle(cr, px0 + (double)k * bw * xs, hist_y1 - h, bw * xs, h);
    }
    dt__chart_set_rgb(cr, rgb, 0.55);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
    cairo_set_line_width(cr, lw * 0.5);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    cairo_set_line_width(cr, lw * 0.8);
    cairo_move_to(cr, px0, hist_y1);
    cairo_line_to(cr, px1, hist_y1);
    cairo_stroke(cr);
    /* Quantiles: whiskers 5-95, box 25-75, thick median. */
    if (isfinite(d->q[0]) && isfinite(d->q[4])) {
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_set_line_width(cr, 1.2 * lw);
        cairo_move_to(cr, px0 + (d->q[0] - lo) * xs, box_y);
        cairo_line_to(cr, px0 + (d->q[4] - lo) * xs, box_y);
        for (k = 0; k < 5; k += 4) {
            cairo_move_to(cr, px0 + (d->q[k] - lo) * xs, box_y - 0.3 * fs);
            cairo_line_to(cr, px0 + (d->q[k] - lo) * xs, box_y + 0.3 * fs);
        }
        cairo_stroke(cr);
    }
    if (isfinite(d->q[1]) && isfinite(d->q[3])) {
        double bx0 = px0 + (d->q[1] - lo) * xs, bx1 = px0 + (d->q[3] - lo) * xs;

        cairo_rectangle(cr, bx0, box_y - 0.35 * fs, fmax(bx1 - bx0, lw),
                        0.7 * fs);
        cairo_set_source_rgb(cr, 0.8, 0.8, 0.8);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_set_line_width(cr, lw);
        cairo_stroke(cr);
    }
    if (isfinite(d->q[2])) {
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_set_line_width(cr, 3 * lw);
        cairo_move_to(cr, px0 + (d->q[2] - lo) * xs, box_y - 0.5 * fs);
        cairo_line_to(cr, px0 + (d->q[2] - lo) * xs, box_y + 0.5 * fs);
        cairo_stroke(cr);
    }
    if (is->has_status_quo && is->status_quo.v >= lo &&
        is->status_quo.v <= hi) {
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_set_line_width(cr, lw);
        dt__chart_dash(cr, 4, lw * 1.2);
        cairo_move_to(cr, px0 + (is->status_quo.v - lo) * xs, y0);
        cairo_line_to(cr, px0 + (is->status_quo.v - lo) * xs, y1);
        cairo_stroke(cr);
    }
    cairo_restore(cr);
    return n > 0 ? 100.0 * (double)maxc / n : 0.0;
}

void dt__chart_distribution(dt__chart *ch, dt__box b)
{
    const dt_chart_input *in = ch->in;
    const dt_scenario *sc = in->sc;
    double fs = ch->fs, lo = HUGE_VAL, hi = -HUGE_VAL, step, lab_w, px0, px1;
    double py0, py1, row_h;
    size_t k, j, n_rows = 0, shown, r;
    dt__text_style st;
    dt__legend_item items[3];
    char title[512], buf[512];
    double lh;
    size_t *rows, group = 0, in_group = 0;

    for (k = 0; k < in->n_dists; k++) {
        const dt_chart_dist *d = &in->dists[k];

        if (!in_range(ch, d->issue) || finite_count(d) == 0)
            continue;
        n_rows++;
        for (j = 0; j < d->n; j++)
            if (isfinite(d->draws[j])) {
                lo = fmin(lo, d->draws[j]);
                hi = fmax(hi, d->draws[j]);
            }
    }
    rows = dt__alloc(ch->alloc, n_rows * sizeof *rows);
    if (!rows) {
        ch->oom = 1;
        return;
    }
    /* Rows in issue order, then in the order given. */
    n_rows = 0;
    for (j = 0; j < dt_scenario_n_issues(sc); j++)
        for (k = 0; k < in->n_dists; k++)
            if (in->dists[k].issue == j && in_range(ch, j) &&
                finite_count(&in->dists[k]) > 0)
                rows[n_rows++] = k;
    snprintf(title, sizeof title, "Spread of the results: %s",
             dt_scenario_name(sc));
    dt__chart_frame(ch, &b, title,
                    "Histogram of the draws of each result; box = 25-75 %, "
                    "whiskers = 5-95 %, thick tick = median");
    memset(items, 0, sizeof items);
    items[0].label = "draws per bin";
    items[0].band = 1;
    dt__chart_color(0, items[0].rgb);
    items[1].label = "median, 25-75 %, 5-95 %";
    items[1].line = 1;
    items[1].lw = 1.2;
    items[2].label = "status quo";
    items[2].line = 1;
    items[2].dash = 4;
    lh = dt__chart_legend(ch, b.x, b.y, b.w, items, 3, 1);
    b.y += lh + 0.5 * fs;
    b.h -= lh + 0.5 * fs;
    dt__chart_range(&lo, &hi, 10, &step);
    lab_w = fmin(17 * fs, 0.3 * b.w);
    px0 = b.x + lab_w + 0.6 * fs;
    px1 = b.x + b.w - 0.6 * fs;
    py0 = b.y;
    py1 = b.y + b.h - 3.0 * fs;
    shown = (size_t)fmax(1, floor((py1 - py0) / (3.2 * fs)));
    if (shown > n_rows)
        shown = n_rows;
    row_h = fmin((py1 - py0) / (double)shown, 9 * fs);
    py1 = py0 + row_h * (double)shown;
    dt__chart_xaxis(ch, px0, px1, py1, lo, hi, step, 1, py0);
    st = dt__chart_style();
    st.size = 0.85;
    st.h = DT__CENTER;
    st.max_w = px1 - px0;
    dt__chart_text(ch, (px0 + px1) / 2, py1 + 1.7 * fs,
                   "value on the issue's 0-100 scale", &st, NULL);
    for (r = 0; r < shown; r++) {
        const dt_chart_dist *d = &in->dists[rows[r]];
        const dt_issue *is = dt_scenario_issue(sc, d->issue);
        static const size_t colors[4] = {0, 5, 2, 3};
        double y0 = py0 + row_h * (double)r, tall, ly;
        int first_of_issue = r == 0 || in->dists[rows[r - 1]].issue != d->issue;

        if (first_of_issue) {
            group++;
            in_group = 0;
        }
        if (group % 2 == 1) {
            cairo_save(ch->cr);
            cairo_set_source_rgb(ch->cr, 0.95, 0.95, 0.95);
            cairo_rectangle(ch->cr, b.x, y0, b.w, row_h);
            cairo_fill(ch->cr);
            cairo_restore(ch->cr);
        }
        tall = row(ch, d, lo, hi, px0, px1, y0 + 0.15 * fs,
                   y0 + row_h - 0.15 * fs, colors[in_group++ % 4]);
        st = dt__chart_style();
        st.size = 0.85;
        st.bold = 1;
        st.max_w = lab_w;
        ly = y0 + 0.2 * fs;
        if (first_of_issue) {
            dt__box e;

            dt__chart_text(ch, b.x, ly, is->name ? is->name : is->id, &st, &e);
            ly += e.h;
        }
        st.bold = 0;
        st.size = 0.75;
        if (isfinite(d->q[2]))
            snprintf(buf, sizeof buf,
                     "%s%smedian %.1f (5-95 %%: %.1f-%.1f); tallest bar "
                     "%.1f %% of the draws",
                     d->label ? d->label : "", d->label ? ": " : "", d->q[2],
                     d->q[0], d->q[4], tall);
        else
            snprintf(buf, sizeof buf, "%s", d->label ? d->label : "");
        st.max_lines = (int)fmax(1, floor((y0 + row_h - ly) / (0.9 * fs)));
        dt__chart_text(ch, b.x, ly, buf, &st, NULL);
    }
    if (shown < n_rows) {
        snprintf(buf, sizeof buf,
                 "%zu of %zu results shown; enlarge the chart or choose an "
                 "issue to see all.",
                 shown, n_rows);
        st = dt__chart_style();
        st.size = 0.8;
        st.max_w = lab_w;
        st.max_lines = 3;
        st.rgb[0] = 0.6;
        dt__chart_text(ch, b.x, py1 + 0.4 * fs, buf, &st, NULL);
    }
    dt__free(ch->alloc, rows, n_rows * sizeof *rows);
}
