/*
 * Words and writers for the analyze command: red lines and verdicts in
 * plain language, the terminal report and the JSON document of one
 * analysis (schema in docs/analysis.md, "Output").
 */
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "analysis_out.h"
#include "cli_json.h"

/* Append printf-style to the NUL-terminated buf of size n. */
static void app(char *buf, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void app(char *buf, size_t n, const char *fmt, ...)
{
    size_t len = strlen(buf);
    va_list ap;

    if (len + 1 >= n)
        return;
    va_start(ap, fmt);
    vsnprintf(buf + len, n - len, fmt, ap);
    va_end(ap);
}

static const char *actor_id(const dt_scenario *sc, size_t a)
{
    return dt_scenario_actor(sc, a)->id;
}

static const char *issue_id(const dt_scenario *sc, size_t q)
{
    return dt_scenario_issue(sc, q)->id;
}

void an_limit_name(const dt_scenario *sc, const dt_analysis_run *r, size_t k,
                   char *buf, size_t n)
{
    const dt_analysis_limit *l = &r->limits[k];

    buf[0] = '\0';
    if (l->issue != (size_t)-1)
        app(buf, n, "%s's red line on %s", actor_id(sc, l->actor),
            issue_id(sc, l->issue));
    else
        app(buf, n, "%s's cross-issue red line", actor_id(sc, l->actor));
}

void an_limit_bounds(const dt_scenario *sc, const dt_analysis_run *r, size_t k,
                     char *buf, size_t n)
{
    const dt_analysis_limit *l = &r->limits[k];

    buf[0] = '\0';
    if (l->issue != (size_t)-1) {
        const dt_stake *st = dt_scenario_stake(sc, l->actor, l->issue);
        const dt_red_line *rl = st ? &st->red_line : NULL;

        if (rl && rl->has_below)
            app(buf, n, "%s >= %g", issue_id(sc, l->issue), rl->below);
        if (rl && rl->has_below && rl->has_above)
            app(buf, n, " and ");
        if (rl && rl->has_above)
            app(buf, n, "%s <= %g", issue_id(sc, l->issue), rl->above);
    } else {
        const dt_constraint *c = dt_scenario_constraint(sc, l->constraint);
        size_t t;

        for (t = 0; t < c->n_terms; t++) {
            double v = c->coef[t];

            if (t > 0)
                app(buf, n, v < 0 ? " - " : " + ");
            else if (v < 0)
                app(buf, n, "-");
            if (fabs(v) != 1.0)
                app(buf, n, "%g ", fabs(v));
            app(buf, n, "%s", issue_id(sc, c->issue[t]));
        }
        if (c->has_at_least && c->has_at_most)
            app(buf, n, " in [%g, %g]", c->at_least, c->at_most);
        else if (c->has_at_most)
            app(buf, n, " <= %g", c->at_most);
        else
            app(buf, n, " >= %g", c->at_least);
    }
}

/* Append "A, B and C" for the binding rows of the zone. */
static size_t list_binding(const dt_scenario *sc, const dt_analysis_run *r,
                           char *buf, size_t n)
{
    const dt_zone *z = &r->zone;
    size_t a, k, total = 0, done = 0;
    char name[160];

    for (a = 0; a < z->n_actors; a++)
        total += z->binding[a] != 0;
    for (k = 0; k < z->n_limits; k++)
        total += z->limit_binding[k] != 0;
    for (k = 0; k < z->n_limits; k++) {
        if (!z->limit_binding[k])
            continue;
        an_limit_name(sc, r, k, name, sizeof name);
        app(buf, n, "%s%s", done ? (done + 1 == total ? " and " : ", ") : "",
            name);
        done++;
    }
    for (a = 0; a < z->n_actors; a++) {
        if (!z->binding[a])
            continue;
        app(buf, n, "%s%s's no-deal utility",
            done ? (done + 1 == total ? " and " : ", ") : "", actor_id(sc, a));
        done++;
    }
    return total;
}

/* "A and B cannot both hold; C, D and E cannot all hold". */
static void list_conflicts(const dt_scenario *sc, const dt_analysis_run *r,
                           char *buf, size_t n)
{
    const dt_zone *z = &r->zone;
    char name[160];
    int set;

    for (set = 1;; set++) {
        size_t k, total = 0, done = 0;

        for (k = 0; k < z->n_limits; k++)
            total += z->limit_binding[k] == set;
        if (total == 0)
            return;
        if (set > 1)
            app(buf, n, "; ");
        for (k = 0; k < z->n_limits; k++) {
            if (z->limit_binding[k] != set)
                continue;
            an_limit_name(sc, r, k, name, sizeof name);
            app(buf, n, "%s%s",
                done ? (done + 1 == total ? " and " : ", ") : "", name);
            done++;
        }
        app(buf, n,
            total > 2 ? " cannot all hold"
                      : (total == 2 ? " cannot both hold" : " cannot hold"));
    }
}

void an_verdict(const dt_scenario *sc, const dt_analysis_run *r, char *buf,
                size_t n)
{
    const dt_zone *z = &r->zone;
    size_t nb, len;

    buf[0] = '\0';
    switch (z->status) {
    case DT_ZONE_NO_TABLE:
        app(buf, n, "no agreement to analyse: no actor has role: table");
        return;
    case DT_ZONE_RED_LINES:
        app(buf, n, "no agreement: the table's red lines contradict: ");
        list_conflicts(sc, r, buf, n);
        return;
    case DT_ZONE_SOLVED:
        break;
    }
    if (!z->feasible) {
        app(buf, n, "no agreement (max-min surplus %.3g): ", z->surplus);
        len = strlen(buf);
        nb = list_binding(sc, r, buf, n);
        if (nb == 1) {
            /*
             * Only one surplus row binds (the duals of the surplus rows
             * sum to 1, so one always does): nothing beats its no deal.
             */
            size_t a;

            buf[len] = '\0';
            for (a = 0; a < z->n_actors && !z->binding[a]; a++)
                ;
            app(buf, n,
                "no outcome gives %s more than its no-deal utility "
                "(%.3g)",
                actor_id(sc, a), r->no_deal[a]);
        } else
            app(buf, n, nb > 2 ? " cannot all hold" : " cannot both hold");
        return;
    }
    app(buf, n,
        "agreement possible (max-min surplus %.3g); the zone is "
        "limited by ",
        z->surplus);
    list_binding(sc, r, buf, n);
}

void an_effect_name(const dt_scenario *sc, const dt_lever_effect *e, char *buf,
                    size_t n)
{
    buf[0] = '\0';
    app(buf, n, "%s", dt_scenario_lever(sc, e->lever[0])->id);
    if (e->n == 2)
        app(buf, n, "+%s", dt_scenario_lever(sc, e->lever[1])->id);
}

void an_effect_summary(const dt_scenario *sc, const dt_lever_effect *e,
                       char *buf, size_t n)
{
    buf[0] = '\0';
    if (e->no_effect) {
        app(buf, n, "no effect on the analysis");
        return;
    }
    if (e->flip > 0)
        app(buf, n, "turns no agreement into agreement; ");
    else if (e->flip < 0)
        app(buf, n, "turns agreement into no agreement; ");
    if (isfinite(e->shift_proposal))
        app(buf, n, "moves the %s %.0f%% of the way toward %s",
            e->run.deal.found ? "deal" : "best offer",
            100.0 * e->shift_proposal, actor_id(sc, e->by));
    else
        app(buf, n, "no outcome to move toward %s", actor_id(sc, e->by));
    if (isfinite(e->surplus_change))
        app(buf, n, ", surplus %+.3g", e->surplus_change);
    if (isfinite(e->durability_change))
        app(buf, n, ", durability %+.2f", e->durability_change);
}

/* ----- Text ----- */

static void fmt_num(char *b, size_t n, double v)
{
    if (isfinite(v))
        snprintf(b, n, "%.1f", v);
    else
        snprintf(b, n, "n/a");
}

static void fmt_pct(char *b, size_t n, double v)
{
    if (isfinite(v))
        snprintf(b, n, "%.1f%%", 100.0 * v);
    else
        snprintf(b, n, "n/a");
}

static void text_forecasts(FILE *f, const dt_scenario *sc,
                           const dt_analysis *an)
{
    const dt_analysis_run *r = &an->base;
    size_t q;

    fprintf(f, "\nTable vs everyone (model %s)\n", an->model->name);
    fprintf(f, "  %-22s %8s %8s %8s %8s %8s\n", "issue", "sq", "table", "all",
            "gap", "deal");
    for (q = 0; q < r->n_issues; q++) {
        const dt_issue *is = dt_scenario_issue(sc, q);
        char s[5][32];

        fmt_num(s[0], 32, is->has_status_quo ? is->status_quo.v : (double)NAN);
        fmt_num(s[1], 32, r->table_forecast[q]);
        fmt_num(s[2], 32, r->full_forecast[q]);
        fmt_num(s[3], 32, r->full_forecast[q] - r->table_forecast[q]);
        fmt_num(s[4], 32, r->deal.found ? r->deal.point[q] : (double)NAN);
        fprintf(f, "  %-22s %8s %8s %8s %8s %8s\n", is->id, s[0], s[1], s[2],
                s[3], s[4]);
    }
}

static void text_zone(FILE *f, const dt_scenario *sc, const dt_analysis *an)
{
    const dt_analysis_run *r = &an->base;
    char buf[1024];
    size_t q, k;

    an_verdict(sc, r, buf, sizeof buf);
    fprintf(f, "\nZone of agreement among the table actors\n  %s\n", buf);
    if (r->zone.status == DT_ZONE_NO_TABLE)
        return;
    fprintf(f, "  %s point:",
            r->zone.status == DT_ZONE_RED_LINES ? "least-violating"
                                                : "max-min");
    for (q = 0; q < r->n_issues; q++)
        fprintf(f, " %s=%.1f", dt_scenario_issue(sc, q)->id, r->zone.point[q]);
    fputc('\n', f);
    if (isfinite(r->free_surplus))
        fprintf(f,
                "  without any red line the max-min surplus would be "
                "%.3g\n",
                r->free_surplus);
    for (k = 0; k < r->n_limits; k++) {
        char b2[256];

        if (!r->zone.limit_binding[k])
            continue;
        an_limit_name(sc, r, k, buf, sizeof buf);
        an_limit_bounds(sc, r, k, b2, sizeof b2);
        fprintf(f, "  %s: %s (%s)\n",
                r->zone.status == DT_ZONE_RED_LINES ? "in conflict" : "binding",
                buf, b2);
    }
    if (r->deal.found) {
        fprintf(f, "\nNash deal (%s weights):",
                an->weights == DT_WEIGHTS_CAPABILITY ? "capability" : "equal");
        for (q = 0; q < r->n_issues; q++)
            fprintf(f, " %s=%.1f", dt_scenario_issue(sc, q)->id,
                    r->deal.point[q]);
        fputc('\n', f);
    }
}

static void text_support(FILE *f, const dt_scenario *sc, const dt_analysis *an)
{
    const dt_analysis_run *r = &an->base;
    size_t a, k;

    if (!r->proposal)
        return;
    fprintf(f, "\nSupport for the %s\n",
            r->deal.found ? "deal" : "best offer (max-min point)");
    fprintf(f, "  %-14s %-9s %9s %9s %9s  %s\n", "actor", "role", "no deal",
            "gain", "clout", "verdict");
    for (a = 0; a < r->n_actors; a++) {
        const dt_actor *ac = dt_scenario_actor(sc, a);

        fprintf(f, "  %-14s %-9s %9.2f %9.2f %9.2f  %s", ac->id,
                ac->role == DT_ROLE_TABLE ? "table" : "excluded", r->no_deal[a],
                r->gain[a], r->clout[a],
                r->supports[a]
                    ? "supports"
                    : (r->gain[a] > DT_ZONE_TOL ? "against (red line)"
                                                : "against (prefers no deal)"));
        for (k = 0; k < r->n_limits; k++) {
            char buf[160];

            if (r->limits[k].actor != a || !r->limit_crossed[k])
                continue;
            an_limit_bounds(sc, r, k, buf, sizeof buf);
            fprintf(f, "; crosses %s", buf);
        }
        fputc('\n', f);
    }
    if (isfinite(r->durability))
        fprintf(f, "  durability %.2f (clout-weighted share of supporters)\n",
                r->durability);
    else
        fprintf(f, "  durability n/a (no clout)\n");
    fprintf(f, "  spoilers (heaviest first):");
    if (r->n_spoilers == 0)
        fprintf(f, " none");
    for (k = 0; k < r->n_spoilers; k++)
        fprintf(f, " %s%s", actor_id(sc, r->spoilers[k]),
                k + 1 < r->n_spoilers ? "," : "");
    fputc('\n', f);
}

static void text_levers(FILE *f, const dt_scenario *sc, const dt_analysis *an)
{
    size_t i;

    if (an->n_effects == 0) {
        fprintf(f, "\nLevers: none in the scenario\n");
        return;
    }
    fprintf(f, "\nLevers, strongest first (shift = share of the user's "
               "distance closed)\n");
    fprintf(f, "  %-30s %-10s %8s %8s %8s %9s %8s  %s\n", "lever", "by", "deal",
            "table", "all", "surplus", "durab.", "flip");
    for (i = 0; i < an->n_effects; i++) {
        const dt_lever_effect *e = &an->effects[an->rank[i]];
        char name[128], s[5][32];

        an_effect_name(sc, e, name, sizeof name);
        fmt_pct(s[0], 32, e->shift_proposal);
        fmt_pct(s[1], 32, e->shift_table);
        fmt_pct(s[2], 32, e->shift_full);
        if (isfinite(e->surplus_change))
            snprintf(s[3], 32, "%+.2f", e->surplus_change);
        else
            snprintf(s[3], 32, "n/a");
        if (isfinite(e->durability_change))
            snprintf(s[4], 32, "%+.2f", e->durability_change);
        else
            snprintf(s[4], 32, "n/a");
        fprintf(f, "  %-30s %-10s %8s %8s %8s %9s %8s  %s\n", name,
                actor_id(sc, e->by), s[0], s[1], s[2], s[3], s[4],
                e->no_effect  ? "no effect"
                : e->flip > 0 ? "-> agreement"
                : e->flip < 0 ? "-> no agreement"
                              : "-");
    }
}

int an_write_text(FILE *f, const dt_scenario *sc, const dt_analysis *an)
{
    const char *date = dt_scenario_date(sc);

    fprintf(f, "%s%s%s%s\n", dt_scenario_name(sc), date ? " (" : "",
            date ? date : "", date ? ")" : "");
    text_forecasts(f, sc, an);
    text_zone(f, sc, an);
    text_support(f, sc, an);
    text_levers(f, sc, an);
    return ferror(f) ? -1 : 0;
}

/* ----- JSON ----- */

static json_t *per_issue(const dt_scenario *sc, const double *v)
{
    json_t *o = json_object();
    size_t q;

    for (q = 0; v && q < dt_scenario_n_issues(sc); q++)
        cli_json_set(o, issue_id(sc, q), cli_json_num(v[q]));
    return v ? o : (json_decref(o), json_null());
}

static json_t *binding_json(const dt_scenario *sc, const dt_analysis_run *r)
{
    json_t *arr = json_array();
    size_t a, k;
    char buf[256];

    for (k = 0; k < r->n_limits; k++) {
        json_t *o;

        if (!r->zone.limit_binding[k])
            continue;
        o = json_object();
        cli_json_set(o, "kind", json_string("red_line"));
        cli_json_set(o, "actor", json_string(actor_id(sc, r->limits[k].actor)));
        if (r->limits[k].issue != (size_t)-1)
            cli_json_set(o, "issue",
                         json_string(issue_id(sc, r->limits[k].issue)));
        an_limit_bounds(sc, r, k, buf, sizeof buf);
        cli_json_set(o, "rule", json_string(buf));
        if (r->zone.status == DT_ZONE_RED_LINES)
            cli_json_set(o, "conflict_set",
                         json_integer((json_int_t)r->zone.limit_binding[k]));
        else
            cli_json_set(o, "price", cli_json_num(r->zone.limit_price[k]));
        json_array_append_new(arr, o);
    }
    for (a = 0; a < r->n_actors; a++) {
        json_t *o;

        if (!r->zone.binding[a])
            continue;
        o = json_object();
        cli_json_set(o, "kind", json_string("no_deal"));
        cli_json_set(o, "actor", json_string(actor_id(sc, a)));
        cli_json_set(o, "price", cli_json_num(r->zone.price[a]));
        json_array_append_new(arr, o);
    }
    return arr;
}

static const char *zone_status(dt_zone_status s)
{
    return s == DT_ZONE_NO_TABLE    ? "no_table"
           : s == DT_ZONE_RED_LINES ? "red_lines_conflict"
                                    : "solved";
}

static json_t *stakeholders_json(const dt_scenario *sc,
                                 const dt_analysis_run *r)
{
    json_t *o = json_object();
    size_t a, k;

    for (a = 0; a < r->n_actors; a++) {
        json_t *s = json_object(), *rl = json_array();
        char buf[256];

        cli_json_set(s, "role",
                     json_string(dt_scenario_actor(sc, a)->role == DT_ROLE_TABLE
                                     ? "table"
                                     : "excluded"));
        cli_json_set(s, "no_deal_utility", cli_json_num(r->no_deal[a]));
        cli_json_set(s, "gain",
                     r->proposal ? cli_json_num(r->gain[a]) : json_null());
        cli_json_set(s, "supports",
                     r->proposal ? json_boolean(r->supports[a]) : json_null());
        cli_json_set(s, "clout", cli_json_num(r->clout[a]));
        for (k = 0; r->proposal && k < r->n_limits; k++) {
            if (r->limits[k].actor != a || !r->limit_crossed[k])
                continue;
            an_limit_bounds(sc, r, k, buf, sizeof buf);
            json_array_append_new(rl, json_string(buf));
        }
        cli_json_set(s, "red_lines_crossed", rl);
        cli_json_set(o, actor_id(sc, a), s);
    }
    return o;
}

static json_t *run_json(const dt_scenario *sc, const dt_analysis_run *r,
                        json_t *o)
{
    json_t *zone = json_object(), *sp = json_array();
    size_t k;
    json_t *gap = json_object();
    char buf[1024];

    cli_json_set(o, "table_forecast", per_issue(sc, r->table_forecast));
    cli_json_set(o, "full_forecast", per_issue(sc, r->full_forecast));
    /* Gap = full - table: where the wider system pulls the table deal. */
    for (k = 0; k < r->n_issues; k++)
        cli_json_set(gap, issue_id(sc, k),
                     cli_json_num(r->full_forecast[k] - r->table_forecast[k]));
    cli_json_set(o, "gap", gap);
    cli_json_set(zone, "status", json_string(zone_status(r->zone.status)));
    cli_json_set(zone, "feasible", json_boolean(r->zone.feasible));
    cli_json_set(zone, "surplus", cli_json_num(r->zone.surplus));
    cli_json_set(zone, "point",
                 r->zone.status == DT_ZONE_NO_TABLE
                     ? json_null()
                     : per_issue(sc, r->zone.point));
    cli_json_set(zone, "binding", binding_json(sc, r));
    cli_json_set(zone, "surplus_without_red_lines",
                 cli_json_num(r->free_surplus));
    an_verdict(sc, r, buf, sizeof buf);
    cli_json_set(zone, "verdict", json_string(buf));
    cli_json_set(o, "zone", zone);
    if (r->deal.found) {
        cli_json_set(o, "deal", per_issue(sc, r->deal.point));
        cli_json_set(o, "nash",
                     json_pack("{s:o,s:o,s:i}", "objective",
                               cli_json_num(r->deal.objective), "gap",
                               cli_json_num(r->deal.gap), "iterations",
                               (json_int_t)r->deal.iterations));
    }
    cli_json_set(o, "proposal",
                 json_string(r->deal.found ? "deal"
                             : r->proposal ? "zone_point"
                                           : "none"));
    cli_json_set(o, "durability", cli_json_num(r->durability));
    cli_json_set(o, "stakeholders", stakeholders_json(sc, r));
    for (k = 0; k < r->n_spoilers; k++)
        json_array_append_new(sp, json_string(actor_id(sc, r->spoilers[k])));
    cli_json_set(o, "spoilers", sp);
    return o;
}

static json_t *effect_json(const dt_scenario *sc, const dt_lever_effect *e,
                           size_t rank)
{
    json_t *o = json_object(), *ids = json_array();
    char buf[512];
    size_t i;

    an_effect_name(sc, e, buf, sizeof buf);
    cli_json_set(o, "id", json_string(buf));
    for (i = 0; i < e->n; i++)
        json_array_append_new(
            ids, json_string(dt_scenario_lever(sc, e->lever[i])->id));
    cli_json_set(o, "levers", ids);
    cli_json_set(o, "by", json_string(actor_id(sc, e->by)));
    cli_json_set(o, "rank", json_integer((json_int_t)rank));
    cli_json_set(o, "shift", cli_json_num(e->shift_proposal));
    cli_json_set(o, "shift_table_forecast", cli_json_num(e->shift_table));
    cli_json_set(o, "shift_full_forecast", cli_json_num(e->shift_full));
    cli_json_set(o, "surplus_change", cli_json_num(e->surplus_change));
    cli_json_set(o, "durability_change", cli_json_num(e->durability_change));
    cli_json_set(o, "flips",
                 json_string(e->flip > 0   ? "to_agreement"
                             : e->flip < 0 ? "to_no_agreement"
                                           : "none"));
    cli_json_set(o, "no_effect", json_boolean(e->no_effect));
    an_effect_summary(sc, e, buf, sizeof buf);
    cli_json_set(o, "summary", json_string(buf));
    cli_json_set(o, "result", run_json(sc, &e->run, json_object()));
    return o;
}

json_t *an_json(const dt_scenario *sc, const dt_analysis *an)
{
    json_t *doc = json_object(), *sc_o = json_object(), *lv = json_array();
    size_t i, j;

    cli_json_set(sc_o, "name", json_string(dt_scenario_name(sc)));
    cli_json_set(sc_o, "date",
                 dt_scenario_date(sc) ? json_string(dt_scenario_date(sc))
                                      : json_null());
    cli_json_set(sc_o, "path", json_string(dt_scenario_path(sc)));
    cli_json_set(doc, "scenario", sc_o);
    cli_json_set(doc, "model", json_string(an->model->name));
    cli_json_set(doc, "weights",
                 json_string(an->weights == DT_WEIGHTS_CAPABILITY ? "capability"
                                                                  : "equal"));
    run_json(sc, &an->base, doc);
    for (i = 0; i < an->n_effects; i++) {
        size_t rank = 0;

        for (j = 0; j < an->n_effects; j++)
            if (an->rank[j] == i)
                rank = j + 1;
        json_array_append_new(lv, effect_json(sc, &an->effects[i], rank));
    }
    cli_json_set(doc, "levers", lv);
    return doc;
}
