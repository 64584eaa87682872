/*
 * The JSON document of a summit analysis (dt_analysis_write_json, doc.h;
 * schema in docs/json-schema.md and docs/schema/analysis.schema.json):
 * its schema and version first, then the forecasts, the zone with its
 * verdict, the deal, support and every lever effect with its levered
 * result. compare_json.c embeds the same object without the schema key.
 * Keys keep their insertion order; UTF-8 is written as is.
 */
#include <math.h>

#include "detente/score.h"
#include "doc/analysis_json.h"

/* Which of analysis.h's words functions. */
typedef enum words { W_BOUNDS, W_VERDICT, W_NAME, W_SUMMARY, W_RATIFY } words;

static size_t write_words(words w, const dt_scenario *sc,
                          const dt_analysis_run *r, size_t k,
                          const dt_lever_effect *e, char *buf, size_t n)
{
    switch (w) {
    case W_BOUNDS:
        return dt_analysis_limit_bounds(sc, r, k, buf, n);
    case W_VERDICT:
        return dt_analysis_verdict(sc, r, buf, n);
    case W_NAME:
        return dt_analysis_effect_name(sc, e, buf, n);
    case W_SUMMARY:
        return dt_analysis_effect_summary(sc, e, buf, n);
    case W_RATIFY:
        return dt_analysis_ratification(sc, r, buf, n);
    }
    return 0;
}

/* The text as a JSON string (NULL when out of memory). */
static json_t *words_json(words w, const dt_scenario *sc,
                          const dt_analysis_run *r, size_t k,
                          const dt_lever_effect *e)
{
    const dt_allocator *alloc = dt_scenario_allocator(sc);
    char buf[512], *big;
    size_t n = write_words(w, sc, r, k, e, buf, sizeof buf);
    json_t *s;

    if (n < sizeof buf)
        return json_string(buf);
    big = dt__alloc(alloc, n + 1);
    if (!big)
        return NULL;
    write_words(w, sc, r, k, e, big, n + 1);
    s = json_string(big);
    dt__free(alloc, big, n + 1);
    return s;
}

static const char *actor_id(const dt_scenario *sc, size_t a)
{
    return dt_scenario_actor(sc, a)->id;
}

static const char *issue_id(const dt_scenario *sc, size_t q)
{
    return dt_scenario_issue(sc, q)->id;
}

/* An object of v per issue id, or null when v is NULL. */
static json_t *per_issue(const dt_scenario *sc, const double *v)
{
    json_t *o;
    size_t q;

    if (!v)
        return json_null();
    o = json_object();
    for (q = 0; o && q < dt_scenario_n_issues(sc); q++)
        dt__json_set(o, issue_id(sc, q), dt__json_num(v[q]));
    return o;
}

static json_t *binding_json(const dt_scenario *sc, const dt_analysis_run *r)
{
    json_t *arr = json_array();
    size_t a, k;

    for (k = 0; arr && k < r->n_limits; k++) {
        json_t *o;

        if (!r->zone.limit_binding[k])
            continue;
        o = json_object();
        dt__json_set(o, "kind", json_string("red_line"));
        dt__json_set(o, "actor", json_string(actor_id(sc, r->limits[k].actor)));
        if (r->limits[k].issue != (size_t)-1)
            dt__json_set(o, "issue",
                         json_string(issue_id(sc, r->limits[k].issue)));
        dt__json_set(o, "rule", words_json(W_BOUNDS, sc, r, k, NULL));
        if (r->zone.status == DT_ZONE_RED_LINES)
            dt__json_set(o, "conflict_set",
                         json_integer((json_int_t)r->zone.limit_binding[k]));
        else
            dt__json_set(o, "price", dt__json_num(r->zone.limit_price[k]));
        json_array_append_new(arr, o);
    }
    for (a = 0; arr && a < r->n_actors; a++) {
        json_t *o;

        if (!r->zone.binding[a])
            continue;
        o = json_object();
        dt__json_set(o, "kind", json_string("no_deal"));
        dt__json_set(o, "actor", json_string(actor_id(sc, a)));
        dt__json_set(o, "price", dt__json_num(r->zone.price[a]));
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

    for (a = 0; o && a < r->n_actors; a++) {
        json_t *s = json_object(), *rl = json_array();

        dt__json_set(s, "role",
                     json_string(dt_role_name(dt_scenario_actor(sc, a)->role)));
        dt__json_set(s, "no_deal_utility", dt__json_num(r->no_deal[a]));
        dt__json_set(s, "gain",
                     r->proposal ? dt__json_num(r->gain[a]) : json_null());
        dt__json_set(s, "supports",
                     r->proposal ? json_boolean(r->supports[a]) : json_null());
        dt__json_set(s, "clout", dt__json_num(r->clout[a]));
        for (k = 0; rl && r->proposal && k < r->n_limits; k++) {
            if (r->limits[k].actor != a || !r->limit_crossed[k])
                continue;
            json_array_append_new(rl, words_json(W_BOUNDS, sc, r, k, NULL));
        }
        dt__json_set(s, "red_lines_crossed", rl);
        dt__json_set(o, actor_id(sc, a), s);
    }
    return o;
}

/* Ratifiers and bodies (docs/analysis.md, "Ratification"). */
static json_t *ratification_json(const dt_scenario *sc,
                                 const dt_analysis_run *r)
{
    json_t *o = json_object(), *bodies = json_array(), *lone = json_array();
    size_t i, a;

    dt__json_set(o, "ratified",
                 r->ratified < 0 ? json_null() : json_boolean(r->ratified));
    for (a = 0; lone && a < r->n_actors; a++)
        if (dt_scenario_actor(sc, a)->role == DT_ROLE_RATIFIER &&
            dt_scenario_body_of(sc, a) == (size_t)-1)
            json_array_append_new(lone, json_string(actor_id(sc, a)));
    dt__json_set(o, "vetoes", lone);
    for (i = 0; bodies && i < r->n_votes; i++) {
        const dt_body_vote *v = &r->votes[i];

        json_array_append_new(
            bodies,
            json_pack("{s:s,s:b,s:o,s:o,s:o,s:o,s:s,s:o}", "id",
                      dt_scenario_body(sc, v->body)->id, "ratified",
                      v->ratified, "yes", dt__json_num(v->yes), "total",
                      dt__json_num(v->total), "quota", dt__json_num(v->quota),
                      "margin", dt__json_num(v->margin), "pivot",
                      actor_id(sc, v->pivot), "pivot_gain",
                      dt__json_num(r->gain[v->pivot])));
    }
    dt__json_set(o, "bodies", bodies);
    dt__json_set(o, "verdict", words_json(W_RATIFY, sc, r, 0, NULL));
    return o;
}

/* The keys of one run (the baseline or a levered one) into o. */
static json_t *run_json(const dt_scenario *sc, const dt_analysis_run *r,
                        json_t *o)
{
    json_t *zone = json_object(), *sp = json_array(), *gap = json_object();
    size_t k;

    dt__json_set(o, "table_forecast", per_issue(sc, r->table_forecast));
    dt__json_set(o, "full_forecast", per_issue(sc, r->full_forecast));
    /* Gap = full - table: where the wider system pulls the table deal. */
    for (k = 0; gap && k < r->n_issues; k++)
        dt__json_set(gap, issue_id(sc, k),
                     dt__json_num(r->full_forecast[k] - r->table_forecast[k]));
    dt__json_set(o, "gap", gap);
    dt__json_set(zone, "status", json_string(zone_status(r->zone.status)));
    dt__json_set(zone, "feasible", json_boolean(r->zone.feasible));
    dt__json_set(zone, "surplus", dt__json_num(r->zone.surplus));
    dt__json_set(zone, "point",
                 r->zone.status == DT_ZONE_NO_TABLE
                     ? json_null()
                     : per_issue(sc, r->zone.point));
    dt__json_set(zone, "binding", binding_json(sc, r));
    dt__json_set(zone, "surplus_without_red_lines",
                 dt__json_num(r->free_surplus));
    dt__json_set(zone, "verdict", words_json(W_VERDICT, sc, r, 0, NULL));
    dt__json_set(o, "zone", zone);
    if (r->deal.found) {
        dt__json_set(o, "deal", per_issue(sc, r->deal.point));
        dt__json_set(o, "nash",
                     json_pack("{s:o,s:o,s:i}", "objective",
                               dt__json_num(r->deal.objective), "gap",
                               dt__json_num(r->deal.gap), "iterations",
                               (json_int_t)r->deal.iterations));
    }
    dt__json_set(o, "proposal",
                 json_string(r->deal.found ? "deal"
                             : r->proposal ? "zone_point"
                                           : "none"));
    dt__json_set(o, "durability", dt__json_num(r->durability));
    dt__json_set(o, "stakeholders", stakeholders_json(sc, r));
    for (k = 0; sp && k < r->n_spoilers; k++)
        json_array_append_new(sp, json_string(actor_id(sc, r->spoilers[k])));
    dt__json_set(o, "spoilers", sp);
    if (r->n_ratifiers > 0)
        dt__json_set(o, "ratification", ratification_json(sc, r));
    return o;
}

static json_t *effect_json(const dt_scenario *sc, const dt_lever_effect *e,
                           size_t rank)
{
    json_t *o = json_object(), *ids = json_array();
    size_t i;

    dt__json_set(o, "id", words_json(W_NAME, sc, NULL, 0, e));
    for (i = 0; ids && i < e->n; i++)
        json_array_append_new(
            ids, json_string(dt_scenario_lever(sc, e->lever[i])->id));
    dt__json_set(o, "levers", ids);
    dt__json_set(o, "by", json_string(actor_id(sc, e->by)));
    dt__json_set(o, "rank", json_integer((json_int_t)rank));
    dt__json_set(o, "shift", dt__json_num(e->shift_proposal));
    dt__json_set(o, "shift_table_forecast", dt__json_num(e->shift_table));
    dt__json_set(o, "shift_full_forecast", dt__json_num(e->shift_full));
    dt__json_set(o, "surplus_change", dt__json_num(e->surplus_change));
    dt__json_set(o, "durability_change", dt__json_num(e->durability_change));
    dt__json_set(o, "flips",
                 json_string(e->flip > 0   ? "to_agreement"
                             : e->flip < 0 ? "to_no_agreement"
                                           : "none"));
    dt__json_set(o, "no_effect", json_boolean(e->no_effect));
    dt__json_set(o, "summary", words_json(W_SUMMARY, sc, NULL, 0, e));
    if (o)
        dt__json_set(o, "result", run_json(sc, &e->run, json_object()));
    return o;
}

/* The analysis against the recorded outcome (score.h). */
static json_t *tribool(int v)
{
    return v < 0 ? json_null() : json_boolean(v);
}

static json_t *score_json(const dt_scenario *sc, const dt_analysis_run *r)
{
    const dt_outcome *oc = dt_scenario_outcome(sc);
    size_t n;
    double fmae = dt_score_points_mae(sc, r->full_forecast, &n);
    double dmae = r->deal.found ? dt_score_points_mae(sc, r->deal.point, NULL)
                                : (double)NAN;

    return json_pack(
        "{s:o, s:o, s:o, s:I, s:o, s:o}", "agreement", tribool(oc->agreement),
        "predicted", tribool(dt_score_predicted_agreement(r)),
        "verdict_matched", tribool(dt_score_verdict(sc, r)), "n", (json_int_t)n,
        "forecast_mae", dt__json_num(fmae), "deal_mae", dt__json_num(dmae));
}

json_t *dt__json_analysis(const dt_scenario *sc, const dt_analysis *an)
{
    json_t *doc = json_object(), *sc_o = json_object(), *lv = json_array();
    size_t i, j;

    if (!doc || !sc_o || !lv) {
        json_decref(doc);
        json_decref(sc_o);
        json_decref(lv);
        return NULL;
    }
    dt__json_set(sc_o, "name", json_string(dt_scenario_name(sc)));
    dt__json_set(sc_o, "date", dt__json_str(dt_scenario_date(sc)));
    dt__json_set(sc_o, "path", json_string(dt_scenario_path(sc)));
    dt__json_set(doc, "scenario", sc_o);
    dt__json_whatif(doc, sc);
    dt__json_set(doc, "model", json_string(an->model->name));
    dt__json_set(doc, "weights",
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
    dt__json_set(doc, "levers", lv);
    if (dt_score_has_outcome(sc))
        dt__json_set(doc, "score", score_json(sc, &an->base));
    return doc;
}

dt_status dt_analysis_write_json(const dt_scenario *sc, const dt_analysis *an,
                                 const dt_doc_opts *o, dt_write_fn write,
                                 void *ud, dt_error *err)
{
    json_t *doc = json_object(), *body = dt__json_analysis(sc, an);

    (void)o;
    /* The schema first, then the object compare embeds, keys in order. */
    dt__json_set(doc, "schema", json_string("detente-analysis/1"));
    if (!doc || !body || json_object_get(doc, "schema") == NULL ||
        json_object_update(doc, body) != 0) {
        json_decref(doc);
        doc = NULL;
    }
    json_decref(body);
    return dt__json_write(doc, JSON_PRESERVE_ORDER, write, ud, err);
}
