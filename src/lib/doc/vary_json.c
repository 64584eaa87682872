/*
 * The JSON document of a one-input sweep (dt_vary_write_json, vary.h;
 * schema in docs/json-schema.md and docs/schema/vary.schema.json): the
 * slot varied and its range, the models, then per step the slot's value,
 * every model's forecast per issue, the zone's verdict and surplus, the
 * Nash deal, its durability, the spoilers and the flip. Keys in the
 * order written; a value that is not a number is null.
 */
#include <math.h>

#include "doc/json.h"

#include <detente/vary.h>

static json_t *step_json(const dt_vary *v, const dt_vary_step *st)
{
    const dt_scenario *sc = v->sc;
    json_t *o = json_object(), *fc = json_object(), *deal = json_object();
    size_t i, m;
    int oom = !o || !fc || !deal;

    for (i = 0; !oom && i < v->n_issues; i++) {
        const char *id = dt_scenario_issue(sc, i)->id;
        json_t *per = json_object();

        for (m = 0; per && m < v->n_models; m++)
            if (json_object_set_new(
                    per, v->models[m],
                    dt__json_num(st->forecast[i * v->n_models + m])) != 0) {
                json_decref(per);
                per = NULL;
            }
        oom = !per || json_object_set_new(fc, id, per) != 0 ||
              json_object_set_new(
                  deal, id,
                  dt__json_num(st->analysed ? st->deal[i] : (double)NAN)) != 0;
    }
    if (oom) {
        json_decref(o);
        json_decref(fc);
        json_decref(deal);
        return NULL;
    }
    dt__json_set(o, "value", json_real(st->value));
    dt__json_set(o, "forecasts", fc);
    dt__json_set(o, "analysed", json_boolean(st->analysed));
    dt__json_set(o, "zone",
                 st->analysed
                     ? json_string(st->feasible ? "agreement" : "no agreement")
                     : json_null());
    dt__json_set(o, "surplus", dt__json_num(st->surplus));
    dt__json_set(o, "deal", deal);
    dt__json_set(o, "durability", dt__json_num(st->durability));
    dt__json_set(o, "spoilers",
                 st->analysed ? json_integer((json_int_t)st->n_spoilers)
                              : json_null());
    dt__json_set(o, "flip",
                 st->flip > 0   ? json_string("opens")
                 : st->flip < 0 ? json_string("closes")
                                : json_null());
    if (json_object_size(o) != 9) { /* a value failed to allocate */
        json_decref(o);
        return NULL;
    }
    return o;
}

dt_status dt_vary_write_json(const dt_vary *v, const dt_doc_opts *o,
                             dt_write_fn write, void *ud, dt_error *err)
{
    json_t *doc = json_object(), *models = json_array(), *steps = json_array();
    size_t k, m;
    int oom = !doc || !models || !steps;

    (void)o;
    dt__json_set(doc, "schema", json_string("detente-vary/1"));
    dt__json_set(doc, "scenario", dt__json_scenario(v->sc));
    dt__json_whatif(doc, v->sc);
    dt__json_set(doc, "slot", json_string(v->slot_id));
    dt__json_set(doc, "as_written", dt__json_num(v->was));
    dt__json_set(doc, "from", json_real(v->steps[0].value));
    dt__json_set(doc, "to", json_real(v->steps[v->n_steps - 1].value));
    for (m = 0; !oom && m < v->n_models; m++)
        oom = json_array_append_new(models, json_string(v->models[m])) != 0;
    for (k = 0; !oom && k < v->n_steps; k++) {
        json_t *s = step_json(v, &v->steps[k]);

        oom = !s || json_array_append_new(steps, s) != 0;
    }
    if (oom) {
        json_decref(doc);
        json_decref(models);
        json_decref(steps);
        doc = NULL;
    } else {
        static const char *const keys[] = {"schema",     "scenario", "slot",
                                           "as_written", "from",     "to"};

        dt__json_set(doc, "models", models);
        dt__json_set(doc, "steps", steps);
        for (k = 0; k < sizeof keys / sizeof keys[0]; k++)
            if (!json_object_get(doc, keys[k])) /* its value failed */
                oom = 1;
        if (oom) {
            json_decref(doc);
            doc = NULL;
        }
    }
    return dt__json_write(doc, JSON_PRESERVE_ORDER, write, ud, err);
}
