/*
 * The document of a summit analysis (dt_analysis_doc, doc.h): table vs
 * everyone per issue, the zone of agreement and its verdict, the Nash
 * deal, support and durability, and the levers ranked by effect, laid
 * out for the terminal as detente analyze has always printed them.
 */
#include <math.h>
#include <string.h>

#include "detente/score.h"
#include "doc/doc_int.h"

/* A share as %.1f%%, or "n/a". */
static const char *pct1(dt_doc *d, double v)
{
    return isfinite(v) ? dt_doc_fmt(d, "%.1f%%", 100.0 * v) : "n/a";
}

static const char *signed2(dt_doc *d, double v)
{
    return isfinite(v) ? dt_doc_fmt(d, "%+.2f", v) : "n/a";
}

/* A heading after one blank line. */
static void heading(dt_doc *d, const char *text)
{
    dt_doc_heading(d, 2, NULL, text);
    dt_doc_gap(d, 1, 0);
}

/* A line of text at margin 2. */
static void line(dt_doc *d, dt_doc_style style, const char *text)
{
    dt_doc_para(d, style, text);
    dt_doc_gap(d, 0, 2);
}

/* Arena copies of the texts of analysis.h's words functions. */
static const char *verdict(dt_doc *d, const dt_scenario *sc,
                           const dt_analysis_run *r)
{
    size_t n = dt_analysis_verdict(sc, r, NULL, 0);
    char *s = dt__arena_alloc(&d->ar, n + 1);

    if (!s) {
        d->oom = 1;
        return NULL;
    }
    dt_analysis_verdict(sc, r, s, n + 1);
    return s;
}

static const char *limit_name(dt_doc *d, const dt_scenario *sc,
                              const dt_analysis_run *r, size_t k)
{
    size_t n = dt_analysis_limit_name(sc, r, k, NULL, 0);
    char *s = dt__arena_alloc(&d->ar, n + 1);

    if (!s) {
        d->oom = 1;
        return NULL;
    }
    dt_analysis_limit_name(sc, r, k, s, n + 1);
    return s;
}

static const char *limit_bounds(dt_doc *d, const dt_scenario *sc,
                                const dt_analysis_run *r, size_t k)
{
    size_t n = dt_analysis_limit_bounds(sc, r, k, NULL, 0);
    char *s = dt__arena_alloc(&d->ar, n + 1);

    if (!s) {
        d->oom = 1;
        return NULL;
    }
    dt_analysis_limit_bounds(sc, r, k, s, n + 1);
    return s;
}

static const char *effect_name(dt_doc *d, const dt_scenario *sc,
                               const dt_lever_effect *e)
{
    size_t n = dt_analysis_effect_name(sc, e, NULL, 0);
    char *s = dt__arena_alloc(&d->ar, n + 1);

    if (!s) {
        d->oom = 1;
        return NULL;
    }
    dt_analysis_effect_name(sc, e, s, n + 1);
    return s;
}

/* Per issue: status quo, the table's and everyone's forecast, the deal. */
static void forecasts(dt_doc *d, const dt_scenario *sc, const dt_analysis *an)
{
    static const dt_doc_col col[6] = {{"", 22, 0}, {" ", 8, 1}, {" ", 8, 1},
                                      {" ", 8, 1}, {" ", 8, 1}, {" ", 8, 1}};
    static const char *const head[6] = {"issue", "sq",  "table",
                                        "all",   "gap", "deal"};
    const dt_analysis_run *r = &an->base;
    size_t q, k, t;

    heading(d, dt_doc_fmt(d, "Table vs everyone (model %s)", an->model->name));
    t = dt_doc_table(d, r->n_issues + 1, 6, NULL);
    dt_doc_columns(d, t, col);
    dt_doc_show(d, DT_DOC_PEOPLE);
    dt_doc_gap(d, 0, 2);
    for (k = 0; k < 6; k++) {
        dt_doc_cell(d, t, 0, k, "%s", head[k]);
        if (k)
            dt_doc_numeric(d, t, k);
    }
    for (q = 0; q < r->n_issues; q++) {
        const dt_issue *is = dt_scenario_issue(sc, q);

        dt_doc_cell(d, t, q + 1, 0, "%s", is->id);
        dt_doc_cell(
            d, t, q + 1, 1, "%s",
            dt_doc_num(d, "%.1f",
                       is->has_status_quo ? is->status_quo.v : (double)NAN,
                       "n/a"));
        dt_doc_cell(d, t, q + 1, 2, "%s",
                    dt_doc_num(d, "%.1f", r->table_forecast[q], "n/a"));
        dt_doc_cell(d, t, q + 1, 3, "%s",
                    dt_doc_num(d, "%.1f", r->full_forecast[q], "n/a"));
        dt_doc_cell(d, t, q + 1, 4, "%s",
                    dt_doc_num(d, "%.1f",
                               r->full_forecast[q] - r->table_forecast[q],
                               "n/a"));
        dt_doc_cell(d, t, q + 1, 5, "%s",
                    dt_doc_num(d, "%.1f",
                               r->deal.found ? r->deal.point[q] : (double)NAN,
                               "n/a"));
    }
}

/* " a=1.0 b=2.0" over the issues. */
static const char *point(dt_doc *d, const dt_scenario *sc, const double *x,
                         size_t n)
{
    const char *s = "";
    size_t q;

    for (q = 0; q < n && s; q++)
        s = dt_doc_fmt(d, "%s %s=%.1f", s, dt_scenario_issue(sc, q)->id, x[q]);
    return s;
}

/* The verdict, the max-min point and what binds; the Nash deal. */
static void zone(dt_doc *d, const dt_scenario *sc, const dt_analysis *an)
{
    const dt_analysis_run *r = &an->base;
    int conflict = r->zone.status == DT_ZONE_RED_LINES;
    size_t k, nb = 0, li;

    heading(d, "Zone of agreement among the table actors");
    line(d, DT_DOC_STYLE_VERDICT, verdict(d, sc, r));
    if (r->zone.status == DT_ZONE_NO_TABLE)
        return;
    line(d, DT_DOC_STYLE_TEXT,
         dt_doc_fmt(d, "%s point:%s", conflict ? "least-violating" : "max-min",
                    point(d, sc, r->zone.point, r->n_issues)));
    if (isfinite(r->free_surplus))
        line(d, DT_DOC_STYLE_TEXT,
             dt_doc_fmt(d,
                        "without any red line the max-min surplus would "
                        "be %.3g",
                        r->free_surplus));
    for (k = 0; k < r->n_limits; k++)
        nb += r->zone.limit_binding[k] != 0;
    if (nb > 0) {
        size_t i = 0;

        li = dt_doc_list(d, nb, NULL);
        dt_doc_gap(d, 0, 2);
        for (k = 0; k < r->n_limits; k++)
            if (r->zone.limit_binding[k])
                dt_doc_cell(d, li, 0, i++, "%s: %s (%s)",
                            conflict ? "in conflict" : "binding",
                            limit_name(d, sc, r, k), limit_bounds(d, sc, r, k));
    }
    if (r->deal.found) {
        dt_doc_paraf(d, DT_DOC_STYLE_TEXT, "Nash deal (%s weights):%s",
                     an->weights == DT_WEIGHTS_CAPABILITY ? "capability"
                                                          : "equal",
                     point(d, sc, r->deal.point, r->n_issues));
        dt_doc_gap(d, 1, 0);
    }
}

/* Each stakeholder on the proposal; durability and spoilers. */
static void support(dt_doc *d, const dt_scenario *sc, const dt_analysis *an)
{
    static const dt_doc_col col[6] = {{"", 14, 0}, {" ", 9, 0}, {" ", 9, 1},
                                      {" ", 9, 1}, {" ", 9, 1}, {"  ", 0, 0}};
    static const char *const head[6] = {"actor", "role",  "no deal",
                                        "gain",  "clout", "verdict"};
    const dt_analysis_run *r = &an->base;
    const char *s = "";
    size_t a, k, t;

    if (!r->proposal)
        return;
    heading(d,
            dt_doc_fmt(d, "Support for the %s",
                       r->deal.found ? "deal" : "best offer (max-min point)"));
    t = dt_doc_table(d, r->n_actors + 1, 6, NULL);
    dt_doc_columns(d, t, col);
    dt_doc_show(d, DT_DOC_PEOPLE);
    dt_doc_gap(d, 0, 2);
    for (k = 0; k < 6; k++) {
        dt_doc_cell(d, t, 0, k, "%s", head[k]);
        if (k >= 2 && k <= 4)
            dt_doc_numeric(d, t, k);
    }
    for (a = 0; a < r->n_actors; a++) {
        const dt_actor *ac = dt_scenario_actor(sc, a);
        const char *v = r->supports[a]             ? "supports"
                        : r->gain[a] > DT_ZONE_TOL ? "against (red line)"
                                                   : "against (prefers no "
                                                     "deal)";

        for (k = 0; k < r->n_limits && v; k++)
            if (r->limits[k].actor == a && r->limit_crossed[k])
                v = dt_doc_fmt(d, "%s; crosses %s", v,
                               limit_bounds(d, sc, r, k));
        dt_doc_cell(d, t, a + 1, 0, "%s", ac->id);
        dt_doc_cell(d, t, a + 1, 1, "%s", dt_role_name(ac->role));
        dt_doc_cell(d, t, a + 1, 2, "%.2f", r->no_deal[a]);
        dt_doc_cell(d, t, a + 1, 3, "%.2f", r->gain[a]);
        dt_doc_cell(d, t, a + 1, 4, "%.2f", r->clout[a]);
        dt_doc_cell(d, t, a + 1, 5, "%s", v);
    }
    if (isfinite(r->durability))
        line(d, DT_DOC_STYLE_TEXT,
             dt_doc_fmt(d,
                        "durability %.2f (clout-weighted share of "
                        "supporters)",
                        r->durability));
    else
        line(d, DT_DOC_STYLE_TEXT, "durability n/a (no clout)");
    for (k = 0; k < r->n_spoilers && s; k++)
        s = dt_doc_fmt(d, "%s %s%s", s,
                       dt_scenario_actor(sc, r->spoilers[k])->id,
                       k + 1 < r->n_spoilers ? "," : "");
    line(d, DT_DOC_STYLE_TEXT,
         dt_doc_fmt(d, "spoilers (heaviest first):%s",
                    r->n_spoilers == 0 ? " none" : s));
    if (r->n_ratifiers > 0) {
        char buf[1024];
        size_t len = dt_analysis_ratification(sc, r, buf, sizeof buf);

        line(d, DT_DOC_STYLE_TEXT,
             dt_doc_fmt(d, "ratification: %s%s", buf,
                        len >= sizeof buf ? "..." : ""));
    }
}

/* The levers (and pairs), strongest first. */
static void levers(dt_doc *d, const dt_scenario *sc, const dt_analysis *an)
{
    static const dt_doc_col col[8] = {{"", 30, 0}, {" ", 10, 0}, {" ", 8, 1},
                                      {" ", 8, 1}, {" ", 8, 1},  {" ", 9, 1},
                                      {" ", 8, 1}, {"  ", 0, 0}};
    static const char *const head[8] = {"lever", "by",      "deal",   "table",
                                        "all",   "surplus", "durab.", "flip"};
    size_t i, k, t;

    if (an->n_effects == 0) {
        dt_doc_para(d, DT_DOC_STYLE_TEXT, "Levers: none in the scenario");
        dt_doc_gap(d, 1, 0);
        return;
    }
    heading(d, "Levers, strongest first (shift = share of the user's "
               "distance closed)");
    t = dt_doc_table(d, an->n_effects + 1, 8, NULL);
    dt_doc_columns(d, t, col);
    dt_doc_show(d, DT_DOC_PEOPLE);
    dt_doc_gap(d, 0, 2);
    for (k = 0; k < 8; k++) {
        dt_doc_cell(d, t, 0, k, "%s", head[k]);
        if (k >= 2 && k <= 6)
            dt_doc_numeric(d, t, k);
    }
    for (i = 0; i < an->n_effects; i++) {
        const dt_lever_effect *e = &an->effects[an->rank[i]];

        dt_doc_cell(d, t, i + 1, 0, "%s", effect_name(d, sc, e));
        dt_doc_cell(d, t, i + 1, 1, "%s", dt_scenario_actor(sc, e->by)->id);
        dt_doc_cell(d, t, i + 1, 2, "%s", pct1(d, e->shift_proposal));
        dt_doc_cell(d, t, i + 1, 3, "%s", pct1(d, e->shift_table));
        dt_doc_cell(d, t, i + 1, 4, "%s", pct1(d, e->shift_full));
        dt_doc_cell(d, t, i + 1, 5, "%s", signed2(d, e->surplus_change));
        dt_doc_cell(d, t, i + 1, 6, "%s", signed2(d, e->durability_change));
        dt_doc_cell(d, t, i + 1, 7, "%s",
                    e->no_effect  ? "no effect"
                    : e->flip > 0 ? "-> agreement"
                    : e->flip < 0 ? "-> no agreement"
                                  : "-");
    }
}

/* The analysis against the recorded outcome (score.h). */
static void score(dt_doc *d, const dt_scenario *sc, const dt_analysis *an)
{
    const dt_analysis_run *r = &an->base;
    const dt_outcome *oc = dt_scenario_outcome(sc);
    int p = dt_score_predicted_agreement(r), v = dt_score_verdict(sc, r);
    size_t n;
    double fmae = dt_score_points_mae(sc, r->full_forecast, &n);

    if (!dt_score_has_outcome(sc))
        return;
    heading(d, "Against what happened");
    if (n)
        line(d, DT_DOC_STYLE_TEXT,
             dt_doc_fmt(d,
                        "mean absolute error over %zu observed issue%s: "
                        "forecast (all) %.2f, deal %s",
                        n, n == 1 ? "" : "s", fmae,
                        dt_doc_num(d, "%.2f",
                                   r->deal.found ? dt_score_points_mae(
                                                       sc, r->deal.point, NULL)
                                                 : (double)NAN,
                                   "n/a (no deal)")));
    line(d, DT_DOC_STYLE_TEXT,
         dt_doc_fmt(d, "zone verdict %s; observed %s: %s",
                    p < 0 ? "none"
                    : p   ? "agreement"
                          : "no agreement",
                    oc->agreement < 0 ? "not recorded"
                    : oc->agreement   ? "a deal"
                                      : "no deal",
                    v < 0 ? "cannot say"
                    : v   ? "matched"
                          : "missed"));
}

dt_status dt_analysis_doc(const dt_scenario *sc, const dt_analysis *an,
                          const dt_doc_opts *o, dt_doc *d, dt_error *err)
{
    (void)o;
    if (dt_scenario_date(sc))
        dt_doc_set_title(d, dt_doc_fmt(d, "%s (%s)", dt_scenario_name(sc),
                                       dt_scenario_date(sc)));
    else
        dt_doc_set_title(d, dt_scenario_name(sc));
    dt_doc_heading(d, 1, "analysis", dt_doc_title(d));
    dt__doc_whatif(d, sc);
    forecasts(d, sc, an);
    zone(d, sc, an);
    support(d, sc, an);
    levers(d, sc, an);
    score(d, sc, an);
    return dt_doc_status(d, err);
}
