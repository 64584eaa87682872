/*
 * Positions chart: per issue a strip on the 0-100 scale with the scale's
 * low/high words at the ends. One lane per actor with a stake: a marker
 * at its position whose area is proportional to capability x salience,
 * and its red line as a shaded band over the rejected range. Above the
 * lanes, one row of forecasts: the status quo, each model's forecast, the
 * Nash deal point (from the analysis) and the observed outcome.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart_int.h"

dt_status dt__chart_positions_check(const dt_chart_input *in, size_t n_in,
                                    const dt_chart_opts *o, dt_error *err)
{
    (void)in;
    (void)n_in;
    (void)o;
    (void)err;
    return DT_OK; /* The scenario alone is enough. */
}

/* Effective capability x salience (0-100) of actor a on issue i. */
static double weight(const dt_scenario *sc, size_t a, size_t i)
{
    const dt_stake *st = dt_scenario_stake(sc, a, i);
    double c;

    if (!st)
        return 0;
    c = st->has_capability ? st->capability.v
                           : dt_scenario_actor(sc, a)->capability.v;
    return c * st->salience.v;
}

static void panel(dt__chart *ch, dt__box b, size_t q, double w_max)
{
    cairo_t *cr = ch->cr;
    const dt_chart_input *in = ch->in;
    const dt_scenario *sc = in->sc;
    const dt_issue *is = dt_scenario_issue(sc, q);
    const dt_analysis *an = in->analysis;
    dt__text_style st = dt__chart_style();
    double fs = ch->fs, lw = fs / 7.0, lab_w = 0, px0, px1, top, lane_h;
    double lanes_y0, axis_y, x_of, lsize;
    size_t a, na = dt_scenario_n_actors(sc), n_lanes = 0, lane, k, nm = 0;
    dt__mark marks[16] = {{0}};
    dt__box e;
    dt_value outc;
    char note[128] = "";

    st.bold = 1;
    st.size = 0.95;
    st.max_w = b.w;
    dt__chart_text(ch, b.x, b.y, is->name ? is->name : is->id, &st, &e);
    top = b.y + e.h + 0.25 * fs;
    for (a = 0; a < na; a++)
        if (dt_scenario_stake(sc, a, q)) {
            double w, h;

            st = dt__chart_style();
            st.size = 0.8;
            dt__chart_measure(ch,
                              dt__chart_actor_label(dt_scenario_actor(sc, a)),
                              &st, &w, &h);
            lab_w = fmax(lab_w, w);
            n_lanes++;
        }
    st = dt__chart_style();
    st.size = 0.8;
    {
        double w, h;

        dt__chart_measure(ch, "forecasts", &st, &w, &h);
        lab_w = fmax(lab_w, w);
    }
    lab_w = fmin(lab_w, 0.3 * b.w);
    px0 = b.x + lab_w + 0.8 * fs;
    px1 = b.x + b.w - 0.8 * fs;
    axis_y = b.y + b.h - 3.3 * fs;
    lanes_y0 = top + 2.6 * fs;
    if (px1 - px0 < 4 * fs || axis_y - lanes_y0 < fs)
        return;
    lane_h = (axis_y - lanes_y0) / (double)(n_lanes ? n_lanes : 1);
    x_of = (px1 - px0) / 100.0;
    /* Lanes: background, red-line bands, markers, labels. */
    lsize = fmin(0.8, 0.85 * lane_h / fs);
    lane = 0;
    for (a = 0; a < na; a++) {
        const dt_stake *sk = dt_scenario_stake(sc, a, q);
        const dt_actor *ac = dt_scenario_actor(sc, a);
        double y0, ym, rgb[3], r, wgt;

        if (!sk)
            continue;
        y0 = lanes_y0 + lane_h * (double)lane;
        ym = y0 + lane_h / 2;
        cairo_save(cr);
        if (lane % 2 == 0) {
            cairo_set_source_rgb(cr, 0.95, 0.95, 0.95);
            cairo_rectangle(cr, px0, y0, px1 - px0, lane_h);
            cairo_fill(cr);
        }
        if (sk->has_red_line) {
            const dt_red_line *rl = &sk->red_line;
            double red[3];
            int side;

            dt__chart_color(1, red);
            for (side = 0; side < 2; side++) {
                double x0, x1, edge;

                if (side == 0 && !rl->has_above)
                    continue;
                if (side == 1 && !rl->has_below)
                    continue;
                edge = side == 0 ? rl->above : rl->below;
                edge = fmin(100, fmax(0, edge));
                x0 = side == 0 ? px0 + edge * x_of : px0;
                x1 = side == 0 ? px1 : px0 + edge * x_of;
                cairo_rectangle(cr, x0, y0 + 0.1 * lane_h, x1 - x0,
                                0.8 * lane_h);
                dt__chart_set_rgb(cr, red, 0.25);
                cairo_fill(cr);
                /* Hatching, so the band survives greyscale printing. */
                cairo_save(cr);
                cairo_rectangle(cr, x0, y0 + 0.1 * lane_h, x1 - x0,
                                0.8 * lane_h);
                cairo_clip(cr);
                dt__chart_set_rgb(cr, red, 0.6);
                cairo_set_line_width(cr, lw * 0.6);
                {
                    double hx;

                    for (hx = x0 - lane_h; hx < x1; hx += 0.6 * fs) {
                        cairo_move_to(cr, hx, y0 + lane_h);
                        cairo_line_to(cr, hx + lane_h, y0);
                    }
                }
                cairo_stroke(cr);
                cairo_restore(cr);
                dt__chart_set_rgb(cr, red, 1);
                cairo_set_line_width(cr, 1.5 * lw);
                cairo_move_to(cr, px0 + edge * x_of, y0 + 0.05 * lane_h);
                cairo_line_to(cr, px0 + edge * x_of, y0 + 0.95 * lane_h);
                cairo_stroke(cr);
            }
        }
        cairo_restore(cr);
        wgt = weight(sc, a, q);
        r = fmin(0.48 * lane_h, 1.1 * fs) * sqrt(w_max > 0 ? wgt / w_max : 1);
        r = fmax(r, 0.25 * fs);
        dt__chart_color(a, rgb);
        dt__chart_marker(cr, (enum dt__shape)(a % 5),
                         px0 + fmin(100, fmax(0, sk->position.v)) * x_of, ym, r,
                         rgb, ac->role == DT_ROLE_TABLE);
        st = dt__chart_style();
        st.size = lsize;
        st.h = DT__RIGHT;
        st.valign = 0.5;
        st.max_w = lab_w;
        if (ac->role == DT_ROLE_EXCLUDED)
            st.rgb[0] = st.rgb[1] = st.rgb[2] = 0.4;
        if (lane_h > 0.55 * fs)
            dt__chart_text(ch, px0 - 0.4 * fs, ym, dt__chart_actor_label(ac),
                           &st, NULL);
        lane++;
    }
    /* The forecasts row: status quo, models, deal, outcome. */
    if (is->has_status_quo) {
        marks[nm].v = is->status_quo.v;
        dt__chart_series(0, &marks[nm].shape, marks[nm].rgb);
        nm++;
    }
    for (k = 0; k < in->n_runs && nm < 13; k++)
        if (in->runs[k].issue == q && isfinite(in->runs[k].point)) {
            marks[nm].v = in->runs[k].point;
            dt__chart_series(3 + dt__chart_model_index(in, in->runs[k].model),
                             &marks[nm].shape, marks[nm].rgb);
            nm++;
        }
    if (an && an->base.deal.found) {
        marks[nm].v = an->base.deal.point[q];
        dt__chart_series(1, &marks[nm].shape, marks[nm].rgb);
        nm++;
    } else if (an)
        snprintf(note, sizeof note, "%s",
                 an->base.zone.status == DT_ZONE_RED_LINES
                     ? "no deal: the red lines clash"
                     : "no deal: no zone of agreement");
    if (dt_scenario_outcome_value(sc, q, &outc)) {
        marks[nm].v = outc.v;
        dt__chart_series(2, &marks[nm].shape, marks[nm].rgb);
        nm++;
    }
    for (k = 0; k < nm; k++)
        marks[k].x = px0 + fmin(100, fmax(0, marks[k].v)) * x_of;
    {
        double row_h = 2.4 * fs, step = 0.7 * fs;

        dt__chart_stack(marks, nm, 0.8 * fs);

        cairo_save(cr);
        cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
        cairo_set_line_width(cr, lw * 0.7);
        cairo_move_to(cr, px0, lanes_y0 - 0.1 * fs);
        cairo_line_to(cr, px1, lanes_y0 - 0.1 * fs);
        cairo_stroke(cr);
        /* Deal and status quo guides across the lanes. */
        for (k = 0; k < nm; k++) {
            if (marks[k].shape != DT__STAR && marks[k].shape != DT__SQUARE)
                continue;
            dt__chart_set_rgb(cr, marks[k].rgb, 0.9);
            cairo_set_line_width(cr,
                                 marks[k].shape == DT__STAR ? 1.4 * lw : lw);
            dt__chart_dash(cr, marks[k].shape == DT__STAR ? 0 : 4, lw);
            cairo_move_to(cr, marks[k].x, lanes_y0);
            cairo_line_to(cr, marks[k].x, axis_y);
            cairo_stroke(cr);
        }
        cairo_restore(cr);
        for (k = 0; k < nm; k++)
            dt__chart_marker(cr, marks[k].shape, marks[k].x,
                             top + row_h - 0.55 * fs -
                                 step * (double)marks[k].level,
                             0.32 * fs, marks[k].rgb, 1);
        st = dt__chart_style();
        st.size = 0.8;
        st.h = DT__RIGHT;
        st.valign = 0.5;
        st.max_w = lab_w;
        dt__chart_text(ch, px0 - 0.4 * fs, top + row_h - 0.55 * fs, "forecasts",
                       &st, NULL);
        if (note[0]) {
            st.h = DT__RIGHT;
            st.size = 0.75;
            st.max_w = px1 - px0;
            st.rgb[0] = 0.6;
            dt__chart_text(ch, px1, top + 0.45 * fs, note, &st, NULL);
        }
    }
    dt__chart_xaxis(ch, px0, px1, axis_y, 0, 100, px1 - px0 > 30 * fs ? 10 : 20,
                    1, lanes_y0);
    /* The scale's words at its ends. */
    st = dt__chart_style();
    st.size = 0.75;
    st.max_w = 0.46 * (px1 - px0);
    st.max_lines = 2;
    st.rgb[0] = st.rgb[1] = st.rgb[2] = 0.2;
    if (is->low) {
        char buf[400];

        snprintf(buf, sizeof buf, "0: %s", is->low);
        dt__chart_text(ch, px0, axis_y + 1.45 * fs, buf, &st, NULL);
    }
    if (is->high) {
        char buf[400];

        snprintf(buf, sizeof buf, "100: %s", is->high);
        st.h = DT__RIGHT;
        dt__chart_text(ch, px1, axis_y + 1.45 * fs, buf, &st, NULL);
    }
}

void dt__chart_positions(dt__chart *ch, dt__box b)
{
    const dt_chart_input *in = ch->in;
    const dt_scenario *sc = in->sc;
    size_t first = dt__chart_issue_first(ch), end = dt__chart_issue_end(ch);
    size_t n = end - first, cols, rows, i, a, k, n_models = 0, n_items = 0;
    double w_max = 0;
    char title[512];
    dt__legend_item items[16];
    const char *seen[8];
    double lh;

    int has_excluded = 0, has_red_line = 0, has_sq = 0;

    for (i = first; i < end; i++) {
        has_sq |= dt_scenario_issue(sc, i)->has_status_quo;
        for (a = 0; a < dt_scenario_n_actors(sc); a++) {
            const dt_stake *sk = dt_scenario_stake(sc, a, i);

            w_max = fmax(w_max, weight(sc, a, i));
            if (!sk)
                continue;
            has_red_line |= sk->has_red_line;
            has_excluded |= dt_scenario_actor(sc, a)->role == DT_ROLE_EXCLUDED;
        }
    }
    snprintf(title, sizeof title, "Positions: %s", dt_scenario_name(sc));
    dt__chart_frame(ch, &b, title,
                    "Each actor's position on the issue's 0-100 scale; "
                    "marker area = capability x salience");
    memset(items, 0, sizeof items);
    items[n_items] =
        (dt__legend_item){"table actor", {0}, 0, 0, 0, 1, DT__CIRCLE, 1, 0, 0};
    dt__chart_color(0, items[n_items++].rgb);
    if (has_excluded) {
        items[n_items] = (dt__legend_item){"excluded actor", {0}, 0, 0, 0, 1,
                                           DT__CIRCLE,       0,   0, 0};
        dt__chart_color(0, items[n_items++].rgb);
    }
    if (has_red_line) {
        items[n_items] = (dt__legend_item){
            "red line: rejected range", {0}, 0, 0, 0, 0, 0, 0, 1, 0};
        dt__chart_color(1, items[n_items++].rgb);
    }
    if (has_sq) {
        items[n_items] = (dt__legend_item){"status quo", {0}, 0, 0, 0, 1,
                                           DT__SQUARE,   1,   0, 0};
        dt__chart_series(0, &items[n_items].shape, items[n_items].rgb);
        n_items++;
    }
    for (k = 0; k < in->n_runs && n_models < 8; k++) {
        size_t j;

        for (j = 0; j < n_models; j++)
            if (strcmp(seen[j], in->runs[k].model) == 0)
                break;
        if (j < n_models)
            continue;
        seen[n_models++] = in->runs[k].model;
        items[n_items] = (dt__legend_item){in->runs[k].model, {0}, 0, 0, 0, 1,
                                           DT__CIRCLE,        1,   0, 0};
        dt__chart_series(3 + j, &items[n_items].shape, items[n_items].rgb);
        n_items++;
    }
    if (in->analysis) {
        items[n_items] = (dt__legend_item){
            "Nash deal (table)", {0}, 0, 0, 0, 1, DT__STAR, 1, 0, 0};
        dt__chart_series(1, &items[n_items].shape, items[n_items].rgb);
        n_items++;
    }
    if (dt_scenario_outcome(sc)) {
        items[n_items] = (dt__legend_item){"observed outcome", {0}, 0, 0, 0, 1,
                                           DT__CROSS,          1,   0, 0};
        dt__chart_series(2, &items[n_items].shape, items[n_items].rgb);
        n_items++;
    }
    lh = dt__chart_legend(ch, b.x, b.y, b.w, items, n_items, 1);
    b.y += lh + 0.5 * ch->fs;
    b.h -= lh + 0.5 * ch->fs;
    dt__chart_grid(n, &b, 30 * ch->fs, &cols, &rows);
    if (cols > 2)
        cols = 2, rows = (n + 1) / 2;
    for (i = 0; i < n; i++) {
        dt__box p;
        double gap = 1.5 * ch->fs;

        p.w = (b.w - gap * (double)(cols - 1)) / (double)cols;
        p.h = (b.h - 0.6 * ch->fs * (double)(rows - 1)) / (double)rows;
        p.x = b.x + (double)(i % cols) * (p.w + gap);
        p.y = b.y + (double)(i / cols) * (p.h + 0.6 * ch->fs);
        panel(ch, p, first + i, w_max);
    }
}
