/*
 * The JSON document of a reconciliation of analysts
 * (dt_reconcile_write_json, estimates.h; schema detente-reconcile/1 in
 * docs/json-schema.md and docs/schema/reconcile.schema.json). A value
 * that is not a number is null.
 */
#include <math.h>

#include "doc/json.h"

#include <detente/estimates.h>

/* Every key set below, or NULL (and obj released) when one failed. */
static json_t *complete(json_t *obj, size_t n_keys)
{
    if (obj && json_object_size(obj) == n_keys)
        return obj;
    json_decref(obj);
    return NULL;
}

static json_t *step_json(const dt_reconcile *r, const dt_vary_step *st)
{
    json_t *o = json_object(), *fc = json_object(), *deal = json_object();
    size_t i, m, nm = r->n_models;

    for (i = 0; o && fc && deal && i < r->n_issues; i++) {
        const char *id = dt_scenario_issue(r->sc, i)->id;
        json_t *per = json_object();

        for (m = 0; per && m < nm; m++)
            dt__json_set(per, r->models[m],
                         dt__json_num(st->forecast[i * nm + m]));
        dt__json_set(fc, id, complete(per, nm));
        dt__json_set(deal, id, dt__json_num(st->deal[i]));
    }
    if (!fc || json_object_size(fc) != r->n_issues || !deal ||
        json_object_size(deal) != r->n_issues) {
        json_decref(o);
        json_decref(fc);
        json_decref(deal);
        return NULL;
    }
    dt__json_set(o, "forecasts", fc);
    dt__json_set(o, "zone",
                 st->analysed
                     ? json_string(st->feasible ? "agreement" : "no agreement")
                     : json_null());
    dt__json_set(o, "deal", deal);
    dt__json_set(o, "durability", dt__json_num(st->durability));
    return complete(o, 4);
}

static json_t *item_json(const dt_reconcile *r, const dt_reconcile_item *it)
{
    size_t na = dt_estimates_n_analysts(r->est), k;
    json_t *o = json_object(), *by = json_object();

    for (k = 0; o && by && k < na; k++) {
        const dt_estimate *x = dt_estimates_get(r->est, k, it->slot);
        json_t *e;

        if (!x)
            continue;
        e = json_object();
        dt__json_set(e, "low", json_real(x->low));
        dt__json_set(e, "mode", json_real(x->mode));
        dt__json_set(e, "high", json_real(x->high));
        dt__json_set(e, "note", dt__json_str(x->note));
        dt__json_set(e, "result", step_json(r, &it->per[k]));
        dt__json_set(by, dt_estimates_analyst(r->est, k), complete(e, 5));
    }
    if (!by || json_object_size(by) != it->n_given) {
        json_decref(o);
        json_decref(by);
        return NULL;
    }
    dt__json_set(o, "slot", json_string(it->slot_id));
    dt__json_set(o, "as_written", dt__json_num(it->was));
    dt__json_set(o, "spread", dt__json_num(it->spread));
    dt__json_set(o, "scale", dt__json_num(it->scale));
    dt__json_set(o, "overlap", json_boolean(it->overlap));
    dt__json_set(o, "largest_move", dt__json_num(it->moves));
    dt__json_set(o, "largest_move_model",
                 it->moves > 0 ? json_string(r->models[it->moves_model])
                               : json_null());
    dt__json_set(
        o, "largest_move_issue",
        it->moves > 0
            ? json_string(dt_scenario_issue(r->sc, it->moves_issue)->id)
            : json_null());
    dt__json_set(o, "deal_move", dt__json_num(it->deal_moves));
    dt__json_set(o, "verdict_splits", json_boolean(it->verdict_splits));
    dt__json_set(o, "estimates", by);
    return complete(o, 11);
}

dt_status dt_reconcile_write_json(const dt_reconcile *r, const dt_doc_opts *o,
                                  dt_write_fn write, void *ud, dt_error *err)
{
    size_t na = dt_estimates_n_analysts(r->est), k, j, m;
    json_t *doc = json_object(), *an = json_array(), *items = json_array(),
           *models = json_array();
    int oom = !doc || !an || !items || !models;

    (void)o;
    for (m = 0; !oom && m < r->n_models; m++)
        oom = json_array_append_new(models, json_string(r->models[m])) != 0;
    for (k = 0; !oom && k < na; k++) {
        json_t *a = json_object();

        dt__json_set(a, "id", json_string(dt_estimates_analyst(r->est, k)));
        dt__json_set(a, "weight", json_real(dt_estimates_weight(r->est, k)));
        dt__json_set(
            a, "shape",
            json_string(dt_estimates_shape(r->est, k) == DT_ESTIMATE_TRIANGULAR
                            ? "triangular"
                            : "pert"));
        dt__json_set(a, "result", step_json(r, &r->analyst[k]));
        a = complete(a, 4);
        oom = !a || json_array_append_new(an, a) != 0;
    }
    for (j = 0; !oom && j < r->n_items; j++) {
        json_t *it = item_json(r, &r->items[j]);

        oom = !it || json_array_append_new(items, it) != 0;
    }
    if (oom) {
        json_decref(doc);
        json_decref(an);
        json_decref(items);
        json_decref(models);
        return dt__json_write(NULL, 0, write, ud, err);
    }
    dt__json_set(doc, "schema", json_string("detente-reconcile/1"));
    dt__json_set(doc, "scenario", dt__json_scenario(r->sc));
    dt__json_whatif(doc, r->sc);
    dt__json_set(doc, "models", models);
    dt__json_set(doc, "as_written", step_json(r, &r->as_written));
    dt__json_set(doc, "analysts", an);
    dt__json_set(doc, "disputes", items);
    if (json_object_size(doc) !=
        6u + (json_object_get(doc, "whatif") != NULL)) {
        json_decref(doc);
        doc = NULL;
    }
    return dt__json_write(doc, 0, write, ud, err);
}
