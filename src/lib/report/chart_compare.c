/*
 * Compare chart: two or more scenarios side by side, one column each and
 * one row per issue id (issues with the same id share a row). Each cell
 * is the issue's 0-100 scale with the status quo, the forecasts with the
 * table only and with everyone, the Nash deal point (from each analysis;
 * the run forecasts when there is no analysis) and the observed outcome.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart_int.h"

dt_status dt__chart_compare_check(const dt_chart_input *in, size_t n_in,
                                  const dt_chart_opts *o, dt_error *err)
{
    (void)in;
    (void)o;
    if (n_in > 12)
        return dt__error_set(err, DT_EINVAL,
                             "the compare chart takes at most 12 scenarios, "
                             "got %zu",
                             n_in);
    return DT_OK;
}

/* Issue ids of the rows: the union over inputs, in order of appearance. */
static size_t row_ids(const dt__chart *ch, const char **ids, size_t cap)
{
    size_t n = 0, i, q, r;

    if (ch->opts->issue != (size_t)-1) {
        ids[0] = dt_scenario_issue(ch->in[0].sc, ch->opts->issue)->id;
        return 1;
    }
    for (i = 0; i < ch->n_in; i++)
        for (q = 0; q < dt_scenario_n_issues(ch->in[i].sc); q++) {
            const char *id = dt_scenario_issue(ch->in[i].sc, q)->id;

            for (r = 0; r < n; r++)
                if (strcmp(ids[r], id) == 0)
                    break;
            if (r == n && n < cap)
                ids[n++] = id;
        }
    return n;
}

/* Series of this chart: 0 status quo, 1 deal, 2 outcome, 3 table, 4 all. */
static void style(int s, enum dt__shape *shape, double rgb[3])
{
    if (s < 3) {
        dt__chart_series((size_t)s, shape, rgb);
        return;
    }
    *shape = s == 3 ? DT__TRIANGLE : DT__TRIANGLE_DOWN;
    rgb[0] = rgb[1] = rgb[2] = s == 3 ? 0.0 : 0.35;
}

/*
 * Model runs (shown when a scenario has no analysis): open markers in
 * colour, so they never read as the analysis's filled black ones.
 */
static void run_style(size_t m, enum dt__shape *shape, double rgb[3])
{
    static const enum dt__shape shapes[4] = {DT__DIAMOND, DT__CIRCLE,
                                             DT__TRIANGLE, DT__TRIANGLE_DOWN};

    *shape = shapes[m % 4];
    dt__chart_color(2 + m % 4, rgb);
}

static void cell(dt__chart *ch, const dt_chart_input *in, size_t q, dt__box c)
{
    cairo_t *cr = ch->cr;
    const dt_issue *is = dt_scenario_issue(in->sc, q);
    const dt_analysis *an = in->analysis;
    double fs = ch->fs, lw = fs / 7.0, x0 = c.x + 0.6 * fs,
           x1 = c.x + c.w - 0.6 * fs, ya = c.y + c.h - 1.6 * fs, xs;
    dt__mark m[16] = {{0}};
    size_t n = 0, k;
    dt_value oc;

    xs = (x1 - x0) / 100.0;
    if (is->has_status_quo) {
        m[n].v = is->status_quo.v;
        style(0, &m[n].shape, m[n].rgb);
        n++;
    }
    if (an) {
        if (isfinite(an->base.table_forecast[q])) {
            m[n].v = an->base.table_forecast[q];
            style(3, &m[n].shape, m[n].rgb);
            n++;
        }
        if (isfinite(an->base.full_forecast[q])) {
            m[n].v = an->base.full_forecast[q];
            style(4, &m[n].shape, m[n].rgb);
            n++;
        }
        if (an->base.deal.found) {
            m[n].v = an->base.deal.point[q];
            style(1, &m[n].shape, m[n].rgb);
            n++;
        }
    } else {
        for (k = 0; k < in->n_runs && n < 12; k++)
            if (in->runs[k].issue == q && isfinite(in->runs[k].point)) {
                m[n].v = in->runs[k].point;
                run_style(dt__chart_model_index(in, in->runs[k].model),
                          &m[n].shape, m[n].rgb);
                m[n].open = 1;
                n++;
            }
    }
    if (dt_scenario_outcome_value(in->sc, q, &oc)) {
        m[n].v = oc.v;
        style(2, &m[n].shape, m[n].rgb);
        n++;
    }
    for (k = 0; k < n; k++)
        m[k].x = x0 + fmin(100, fmax(0, m[k].v)) * xs;
    dt__chart_stack(m, n, 0.8 * fs);
    dt__chart_xaxis(ch, x0, x1, ya, 0, 100, x1 - x0 > 18 * fs ? 25 : 50, 1,
                    ya - 2.4 * fs);
    cairo_save(cr);
    for (k = 0; k < n; k++)
        if (m[k].shape == DT__STAR) {
            cairo_set_source_rgb(cr, 0, 0, 0);
            cairo_set_line_width(cr, 1.2 * lw);
            cairo_move_to(cr, m[k].x, ya - 2.4 * fs);
            cairo_line_to(cr, m[k].x, ya);
            cairo_stroke(cr);
        }
    cairo_restore(cr);
    for (k = 0; k < n; k++)
        dt__chart_marker(cr, m[k].shape, m[k].x,
                         ya - 0.5 * fs - 0.7 * fs * (double)m[k].level,
                         0.34 * fs, m[k].rgb, !m[k].open);
}

void dt__chart_compare(dt__chart *ch, dt__box b)
{
    const char *ids[64];
    size_t n_rows = row_ids(ch, ids, 64), i, r, q;
    double fs = ch->fs, lab_w, col_w, head_h, row_h, lh;
    dt__text_style st;
    dt__legend_item items[12];
    size_t n_items = 0;
    int has_an = 0, has_runs = 0, has_oc = 0, has_sq = 0;
    char title[512], buf[512];

    for (i = 0; i < ch->n_in; i++) {
        has_an |= ch->in[i].analysis != NULL;
        has_runs |= ch->in[i].analysis == NULL && ch->in[i].n_runs > 0;
        has_oc |= dt_scenario_outcome(ch->in[i].sc) != NULL;
        for (q = 0; q < dt_scenario_n_issues(ch->in[i].sc); q++)
            has_sq |= dt_scenario_issue(ch->in[i].sc, q)->has_status_quo;
    }
    if (ch->n_in == 2)
        snprintf(
            title, sizeof title, "%s vs %s",
            ch->in[0].label ? ch->in[0].label : dt_scenario_name(ch->in[0].sc),
            ch->in[1].label ? ch->in[1].label : dt_scenario_name(ch->in[1].sc));
    else
        snprintf(title, sizeof title, "%zu scenarios compared", ch->n_in);
    dt__chart_frame(ch, &b, title,
                    "Issues side by side on their 0-100 scales; an issue id "
                    "shared by several scenarios is one row");
    memset(items, 0, sizeof items);
    if (has_sq) {
        items[n_items].label = "status quo";
        style(0, &items[n_items].shape, items[n_items].rgb);
        items[n_items++].marker = 1;
    }
    if (has_an) {
        items[n_items].label = "forecast, table actors only";
        style(3, &items[n_items].shape, items[n_items].rgb);
        items[n_items++].marker = 1;
        items[n_items].label = "forecast, every stakeholder";
        style(4, &items[n_items].shape, items[n_items].rgb);
        items[n_items++].marker = 1;
        items[n_items].label = "Nash deal (table)";
        style(1, &items[n_items].shape, items[n_items].rgb);
        items[n_items++].marker = 1;
    }
    if (has_runs) {
        const char *seen[6];
        size_t ns = 0, k, j;

        for (i = 0; i < ch->n_in; i++)
            for (k = 0;
                 ch->in[i].analysis == NULL && k < ch->in[i].n_runs && ns < 6;
                 k++) {
                for (j = 0; j < ns; j++)
                    if (strcmp(seen[j], ch->in[i].runs[k].model) == 0)
                        break;
                if (j < ns)
                    continue;
                seen[ns++] = ch->in[i].runs[k].model;
                items[n_items].label = ch->in[i].runs[k].model;
                run_style(
                    dt__chart_model_index(&ch->in[i], ch->in[i].runs[k].model),
                    &items[n_items].shape, items[n_items].rgb);
                items[n_items].open = 1;
                items[n_items++].marker = 1;
            }
    }
    if (has_oc) {
        items[n_items].label = "observed outcome";
        style(2, &items[n_items].shape, items[n_items].rgb);
        items[n_items++].marker = 1;
    }
    for (i = 0; i < n_items; i++)
        items[i].filled = !items[i].open;
    lh = dt__chart_legend(ch, b.x, b.y, b.w, items, n_items, 1);
    b.y += lh + 0.5 * fs;
    b.h -= lh + 0.5 * fs;
    lab_w = fmin(14 * fs, 0.22 * b.w);
    col_w = (b.w - lab_w) / (double)ch->n_in;
    head_h = 4.0 * fs;
    row_h = (b.h - head_h) / (double)(n_rows ? n_rows : 1);
    if (row_h > 7 * fs)
        row_h = 7 * fs;
    /* Column heads: the scenario and its verdict. */
    for (i = 0; i < ch->n_in; i++) {
        const dt_chart_input *in = &ch->in[i];
        double cx = b.x + lab_w + col_w * (double)i;

        st = dt__chart_style();
        st.bold = 1;
        st.size = 0.9;
        st.max_w = col_w - 1.0 * fs;
        st.max_lines = 2;
        st.h = DT__CENTER;
        dt__chart_text(ch, cx + col_w / 2, b.y,
                       in->label ? in->label : dt_scenario_name(in->sc), &st,
                       NULL);
        if (in->analysis) {
            const dt_analysis_run *ar = &in->analysis->base;

            if (isfinite(ar->durability))
                snprintf(
                    buf, sizeof buf, "deal %s; durability %.2f (of the %s)",
                    ar->deal.found ? "possible" : "not possible",
                    ar->durability, ar->deal.found ? "deal" : "best offer");
            else
                snprintf(buf, sizeof buf, "deal %s",
                         ar->deal.found ? "possible" : "not possible");
            st.bold = 0;
            st.size = 0.75;
            st.max_lines = 1;
            st.rgb[0] = st.rgb[1] = st.rgb[2] = 0.3;
            dt__chart_text(ch, cx + col_w / 2, b.y + 2.5 * fs, buf, &st, NULL);
        }
    }
    for (r = 0; r < n_rows; r++) {
        double ry = b.y + head_h + row_h * (double)r;
        const char *name = ids[r];

        if (r % 2 == 0)
            dt__chart_stripe(ch->cr, b.x, ry, b.w, row_h);
        for (i = 0; i < ch->n_in; i++) {
            size_t qi = dt_scenario_issue_index(ch->in[i].sc, ids[r]);
            dt__box c;

            c.x = b.x + lab_w + col_w * (double)i;
            c.y = ry + 0.2 * fs;
            c.w = col_w - 0.4 * fs;
            c.h = row_h - 0.4 * fs;
            if (qi == (size_t)-1) {
                st = dt__chart_style();
                st.size = 0.8;
                st.h = DT__CENTER;
                st.valign = 0.5;
                st.rgb[0] = st.rgb[1] = st.rgb[2] = 0.45;
                dt__chart_text(ch, c.x + c.w / 2, ry + row_h / 2,
                               "not on this agenda", &st, NULL);
                continue;
            }
            {
                const dt_issue *is = dt_scenario_issue(ch->in[i].sc, qi);
                const char *own = is->name ? is->name : is->id;

                if (name == ids[r])
                    name = own;
                else if (strcmp(name, own) != 0) {
                    /* Same id, other words: say what this column means. */
                    st = dt__chart_style();
                    st.size = 0.7;
                    st.max_w = c.w - 1.2 * fs;
                    st.rgb[0] = st.rgb[1] = st.rgb[2] = 0.3;
                    dt__chart_text(ch, c.x + 0.6 * fs, c.y, own, &st, NULL);
                }
            }
            cell(ch, &ch->in[i], qi, c);
        }
        st = dt__chart_style();
        st.size = 0.85;
        st.bold = 1;
        st.valign = 0.5;
        st.max_w = lab_w - 0.6 * fs;
        st.max_lines = row_h > 4 * fs ? 3 : 2;
        dt__chart_text(ch, b.x, ry + row_h / 2, name, &st, NULL);
    }
}
