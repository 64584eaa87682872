/*
 * Trajectory chart: per issue, every actor's position over the rounds of
 * one model's run (dt_trace), one line per actor labelled at its end
 * (table actors solid, excluded dashed, marker shape per actor), the
 * weighted mean and median of each round, the status quo and the
 * forecast. One panel per issue (small multiples).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart_int.h"

/* The model whose runs are drawn: opts.model, else the first run's. */
static const char *chosen_model(const dt_chart_input *in,
                                const dt_chart_opts *o)
{
    size_t k;

    if (o->model)
        return o->model;
    for (k = 0; k < in->n_runs; k++)
        if (in->runs[k].trace && in->runs[k].trace->rounds > 0)
            return in->runs[k].model;
    return NULL;
}

static const dt_chart_run *find_run(const dt_chart_input *in, const char *model,
                                    size_t issue)
{
    size_t k;

    for (k = 0; k < in->n_runs; k++)
        if (in->runs[k].issue == issue && in->runs[k].trace &&
            in->runs[k].trace->rounds > 0 &&
            strcmp(in->runs[k].model, model) == 0)
            return &in->runs[k];
    return NULL;
}

dt_status dt__chart_trajectory_check(const dt_chart_input *in, size_t n_in,
                                     const dt_chart_opts *o, dt_error *err)
{
    const char *model = chosen_model(in, o);
    size_t i, ni = dt_scenario_n_issues(in->sc);

    (void)n_in;
    if (!model)
        return dt__error_set(err, DT_EINVAL,
                             "the trajectory chart needs model runs with "
                             "their rounds (traces)");
    for (i = 0; i < ni; i++)
        if ((o->issue == (size_t)-1 || o->issue == i) && find_run(in, model, i))
            return DT_OK;
    return dt__error_set(err, DT_EINVAL,
                         "no run of model '%s' with its rounds to draw", model);
}

/* Value range of a run's rounds, the status quo and the forecast. */
static void run_range(const dt_chart_run *r, const dt_issue *is, double *lo,
                      double *hi)
{
    const dt_trace *t = r->trace;
    size_t k;

    *lo = HUGE_VAL;
    *hi = -HUGE_VAL;
    for (k = 0; k < t->rounds * t->n; k++) {
        *lo = fmin(*lo, t->x[k]);
        *hi = fmax(*hi, t->x[k]);
    }
    for (k = 0; k < t->rounds; k++) {
        *lo = fmin(*lo, fmin(t->mean[k], t->median[k]));
        *hi = fmax(*hi, fmax(t->mean[k], t->median[k]));
    }
    if (is->has_status_quo) {
        *lo = fmin(*lo, is->status_quo.v);
        *hi = fmax(*hi, is->status_quo.v);
    }
    if (isfinite(r->point)) {
        *lo = fmin(*lo, r->point);
        *hi = fmax(*hi, r->point);
    }
}

/* One statistic (mean or median) per round as a grey line. */
static void stat_line(cairo_t *cr, const double *v, size_t rounds, double x0,
                      double xs, double y1, double ylo, double ys, size_t dash,
                      double lw)
{
    size_t k;

    cairo_save(cr);
    cairo_set_source_rgba(cr, 0.35, 0.35, 0.35, 0.85);
    cairo_set_line_width(cr, lw);
    dt__chart_dash(cr, dash, lw * 0.8);
    for (k = 0; k < rounds; k++) {
        double x = x0 + xs * (double)k, y = y1 - (v[k] - ylo) * ys;

        if (k == 0)
            cairo_move_to(cr, x, y);
        else
            cairo_line_to(cr, x, y);
    }
    if (rounds == 1)
        cairo_line_to(cr, x0 + xs, y1 - (v[0] - ylo) * ys);
    cairo_stroke(cr);
    cairo_restore(cr);
}

static void panel(dt__chart *ch, dt__box b, const dt_issue *is,
                  const dt_chart_run *r)
{
    cairo_t *cr = ch->cr;
    const dt_scenario *sc = ch->in->sc;
    const dt_trace *t = r ? r->trace : NULL;
    dt__text_style st = dt__chart_style();
    double fs = ch->fs, lw = fs / 7.0;
    double lo, hi, step, px0, px1, py0, py1, xs, ys, lab_w = 0, every;
    double *want = NULL, *hgt = NULL, *got = NULL;
    size_t k, j, n, last;
    dt__box e;

    st.bold = 1;
    st.size = 0.95;
    st.max_w = b.w;
    dt__chart_text(ch, b.x, b.y, is->name ? is->name : is->id, &st, &e);
    b.y += e.h + 0.3 * fs;
    b.h -= e.h + 0.3 * fs;
    if (!t) {
        st = dt__chart_style();
        dt__chart_text(ch, b.x, b.y + fs, "no run of this model on the issue",
                       &st, NULL);
        return;
    }
    n = t->n;
    last = t->rounds - 1;
    /* Right margin: the actor labels, at most 40% of the panel. */
    st = dt__chart_style();
    st.size = 0.8;
    for (k = 0; k < n; k++) {
        double w, h;

        dt__chart_measure(
            ch, dt__chart_actor_label(dt_scenario_actor(sc, r->line->actor[k])),
            &st, &w, &h);
        lab_w = fmax(lab_w, w);
    }
    lab_w = fmin(lab_w + 1.4 * fs, 0.4 * b.w);
    px0 = b.x + 3.6 * fs;
    px1 = b.x + b.w - lab_w - 0.3 * fs;
    py0 = b.y + 0.4 * fs;
    py1 = b.y + b.h - 2.6 * fs;
    if (px1 - px0 < 2 * fs || py1 - py0 < 2 * fs)
        return;
    run_range(r, is, &lo, &hi);
    dt__chart_range(&lo, &hi, (int)fmax(2, (py1 - py0) / (1.8 * fs)), &step);
    xs = (px1 - px0) / (double)(last > 0 ? last : 1);
    ys = (py1 - py0) / (hi - lo);
    dt__chart_yaxis(ch, px0, px1, py0, py1, lo, hi, step);
    {
        double xlo = 0, xhi = (double)(last > 0 ? last : 1), xstep;

        dt__chart_nice(&xlo, &xhi, (int)fmax(2, (px1 - px0) / (4 * fs)),
                       &xstep);
        if (xstep < 1)
            xstep = 1;
        xhi = (double)(last > 0 ? last : 1);
        dt__chart_xaxis(ch, px0, px1, py1, 0, xhi, xstep, 0, py0);
    }
    st = dt__chart_style();
    st.size = 0.85;
    st.h = DT__CENTER;
    st.valign = 1;
    dt__chart_text(ch, (px0 + px1) / 2, b.y + b.h, "round", &st, NULL);
    st.angle = -3.14159265358979323846 / 2;
    st.valign = 0;
    dt__chart_text(ch, b.x, (py0 + py1) / 2, "position", &st, NULL);
    cairo_save(cr);
    cairo_rectangle(cr, px0 - fs, py0 - fs, px1 - px0 + 2 * fs,
                    py1 - py0 + 2 * fs);
    cairo_clip(cr);
    if (is->has_status_quo) {
        double y = py1 - (is->status_quo.v - lo) * ys;

        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_set_line_width(cr, lw);
        dt__chart_dash(cr, 4, lw * 1.2);
        cairo_move_to(cr, px0, y);
        cairo_line_to(cr, px1, y);
        cairo_stroke(cr);
    }
    stat_line(cr, t->mean, t->rounds, px0, xs, py1, lo, ys, 3, 3 * lw);
    stat_line(cr, t->median, t->rounds, px0, xs, py1, lo, ys, 2, 3 * lw);
    every = t->rounds <= 25 ? 1 : ceil((double)t->rounds / 12.0);
    for (k = 0; k < n; k++) {
        size_t a = r->line->actor[k];
        const dt_actor *ac = dt_scenario_actor(sc, a);
        double rgb[3];

        dt__chart_color(a, rgb);
        cairo_set_line_width(cr, 1.6 * lw);
        dt__chart_dash(cr, ac->role == DT_ROLE_EXCLUDED ? 1 : 0, 1.6 * lw);
        dt__chart_set_rgb(cr, rgb, 1);
        for (j = 0; j <= last; j++) {
            double x = px0 + xs * (double)j,
                   y = py1 - (t->x[j * n + k] - lo) * ys;

            if (j == 0)
                cairo_move_to(cr, x, y);
            else
                cairo_line_to(cr, x, y);
        }
        if (last == 0)
            cairo_line_to(cr, px1, py1 - (t->x[k] - lo) * ys);
        cairo_stroke(cr);
        for (j = 0; j <= last; j++)
            if (j % (size_t)every == 0 || j == last)
                dt__chart_marker(cr, (enum dt__shape)(a % 5),
                                 px0 + xs * (double)j,
                                 py1 - (t->x[j * n + k] - lo) * ys, 0.3 * fs,
                                 rgb, ac->role == DT_ROLE_TABLE);
    }
    if (isfinite(r->point)) {
        double black[3] = {0, 0, 0};

        dt__chart_marker(cr, DT__STAR, last > 0 ? px1 : px0 + xs,
                         py1 - (r->point - lo) * ys, 0.5 * fs, black, 1);
    }
    cairo_restore(cr);
    /* Actor labels at the line ends, spread so they do not overlap. */
    want = dt__alloc(ch->alloc, n * sizeof *want);
    hgt = dt__alloc(ch->alloc, n * sizeof *hgt);
    got = dt__alloc(ch->alloc, n * sizeof *got);
    if (!want || !hgt || !got) {
        ch->oom = 1;
        goto out;
    }
    st = dt__chart_style();
    st.size = 0.8;
    st.valign = 0.5;
    st.max_w = lab_w - 1.4 * fs;
    for (k = 0; k < n; k++) {
        double w;

        want[k] = py1 - (t->x[last * n + k] - lo) * ys;
        dt__chart_measure(ch, "Ag", &st, &w, &hgt[k]);
    }
    if (dt__chart_spread(ch->alloc, n, want, hgt, b.y, py1 + 1.2 * fs, got) <
        0) {
        ch->oom = 1;
        goto out;
    }
    for (k = 0; k < n; k++) {
        size_t a = r->line->actor[k];
        const dt_actor *ac = dt_scenario_actor(sc, a);
        double rgb[3], x = px1 + 0.4 * fs;

        dt__chart_color(a, rgb);
        cairo_save(cr);
        cairo_set_source_rgba(cr, 0.5, 0.5, 0.5, 0.8);
        cairo_set_line_width(cr, lw * 0.6);
        cairo_move_to(cr, last > 0 ? px1 : px0 + xs, want[k]);
        cairo_line_to(cr, x + 0.1 * fs, got[k]);
        cairo_stroke(cr);
        cairo_restore(cr);
        dt__chart_marker(cr, (enum dt__shape)(a % 5), x + 0.5 * fs, got[k],
                         0.3 * fs, rgb, ac->role == DT_ROLE_TABLE);
        dt__chart_text(ch, x + 1.0 * fs, got[k], dt__chart_actor_label(ac), &st,
                       &e);
    }
out:
    dt__free(ch->alloc, want, n * sizeof *want);
    dt__free(ch->alloc, hgt, n * sizeof *hgt);
    dt__free(ch->alloc, got, n * sizeof *got);
}

void dt__chart_trajectory(dt__chart *ch, dt__box b)
{
    const dt_chart_input *in = ch->in;
    const char *model = chosen_model(in, ch->opts);
    size_t first = dt__chart_issue_first(ch), end = dt__chart_issue_end(ch);
    size_t n = end - first, cols, rows, i;
    char title[512], sub[256];
    double grey[3] = {0.35, 0.35, 0.35}, black[3] = {0, 0, 0}, blue[3];
    dt__legend_item items[6];
    double lh;

    snprintf(title, sizeof title, "Rounds of the %s model: %s", model,
             dt_scenario_name(in->sc));
    snprintf(sub, sizeof sub,
             "Each actor's position per round (round 0 = the inputs); "
             "star = the model's forecast");
    dt__chart_frame(ch, &b, title, sub);
    dt__chart_color(0, blue);
    memset(items, 0, sizeof items);
    items[0] = (dt__legend_item){"table actor", {0}, 1, 0, 1.6, 1,
                                 DT__CIRCLE,    1,   0, 0};
    memcpy(items[0].rgb, blue, sizeof blue);
    items[1] = (dt__legend_item){"excluded actor (dashed, open marker)",
                                 {0},
                                 1,
                                 1,
                                 1.6,
                                 1,
                                 DT__CIRCLE,
                                 0,
                                 0,
                                 0};
    memcpy(items[1].rgb, blue, sizeof blue);
    items[2] = (dt__legend_item){"weighted mean", {0}, 1, 3, 3, 0, 0, 0, 0, 0};
    memcpy(items[2].rgb, grey, sizeof grey);
    items[3] =
        (dt__legend_item){"weighted median", {0}, 1, 2, 3, 0, 0, 0, 0, 0};
    memcpy(items[3].rgb, grey, sizeof grey);
    items[4] = (dt__legend_item){"status quo", {0}, 1, 4, 1, 0, 0, 0, 0, 0};
    items[5] =
        (dt__legend_item){"forecast", {0}, 0, 0, 0, 1, DT__STAR, 1, 0, 0};
    memcpy(items[5].rgb, black, sizeof black);
    lh = dt__chart_legend(ch, b.x, b.y, b.w, items, 6, 1);
    b.y += lh + 0.6 * ch->fs;
    b.h -= lh + 0.6 * ch->fs;
    dt__chart_grid(n, &b, 22 * ch->fs, &cols, &rows);
    for (i = 0; i < n; i++) {
        dt__box p;
        double gap = 1.2 * ch->fs;

        p.w = (b.w - gap * (double)(cols - 1)) / (double)cols;
        p.h = (b.h - gap * (double)(rows - 1)) / (double)rows;
        p.x = b.x + (double)(i % cols) * (p.w + gap);
        p.y = b.y + (double)(i / cols) * (p.h + gap);
        panel(ch, p, dt_scenario_issue(in->sc, first + i),
              find_run(in, model, first + i));
    }
}
