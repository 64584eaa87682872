/*
 * The JSON document of a diff of two scenario versions
 * (dt_diff_write_json, diff.h; schema in docs/json-schema.md and
 * docs/schema/diff.schema.json): both scenarios, the models, the inputs
 * that changed and the results that moved, largest first, with what each
 * input alone moved them by. Keys in the order written; a value that is
 * not a number is null.
 */
#include <math.h>

#include "doc/json.h"

#include <detente/diff.h>

static const char *how_name(dt_diff_how how)
{
    switch (how) {
    case DT_DIFF_ALONE:
        return "value";
    case DT_DIFF_NOTE_ONLY:
        return "note";
    case DT_DIFF_ADDED:
        return "added";
    case DT_DIFF_REMOVED:
        return "removed";
    }
    return "?";
}

static json_t *input_json(const dt_diff_input *in)
{
    json_t *o = json_object();

    dt__json_set(o, "id", json_string(in->id));
    dt__json_set(o, "kind", json_string(dt_slot_kind_name(in->kind)));
    dt__json_set(o, "how", json_string(how_name(in->how)));
    dt__json_set(o, "old", dt__json_num(in->old_value));
    dt__json_set(o, "new", dt__json_num(in->new_value));
    dt__json_set(o, "old_note", dt__json_str(in->old_note));
    dt__json_set(o, "new_note", dt__json_str(in->new_note));
    if (o && json_object_size(o) != 7) { /* a value failed to allocate */
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *move_json(const dt_diff *df, const dt_diff_move *m)
{
    json_t *o = json_object(), *shares = NULL;
    size_t k;
    int oom = !o;

    if (m->shares) {
        shares = json_array();
        oom = oom || !shares;
        for (k = 0; !oom && k < m->n_shares; k++) {
            json_t *s = json_object();

            dt__json_set(s, "input",
                         json_string(df->inputs[m->shares[k].input].id));
            dt__json_set(s, "effect", dt__json_num(m->shares[k].effect));
            oom = !s || json_object_size(s) != 2 ||
                  json_array_append_new(shares, s) != 0;
            if (s && json_object_size(s) != 2)
                json_decref(s);
        }
    } else
        shares = json_null();
    if (oom) {
        json_decref(o);
        json_decref(shares);
        return NULL;
    }
    dt__json_set(o, "id", json_string(m->id));
    dt__json_set(o, "kind", json_string(dt_diff_kind_name(m->kind)));
    dt__json_set(o, "issue", dt__json_str(m->issue));
    dt__json_set(o, "model", dt__json_str(m->model));
    dt__json_set(o, "lever", dt__json_str(m->lever));
    dt__json_set(o, "old", dt__json_num(m->old_value));
    dt__json_set(o, "new", dt__json_num(m->new_value));
    dt__json_set(o, "size", dt__json_num(m->size));
    dt__json_set(o, "old_text", dt__json_str(m->old_text));
    dt__json_set(o, "new_text", dt__json_str(m->new_text));
    dt__json_set(o, "shares", shares);
    dt__json_set(o, "rest", dt__json_num(m->rest));
    if (json_object_size(o) != 12) {
        json_decref(o);
        return NULL;
    }
    return o;
}

dt_status dt_diff_write_json(const dt_diff *df, const dt_doc_opts *o,
                             dt_write_fn write, void *ud, dt_error *err)
{
    json_t *doc = json_object(), *models = json_array(), *inputs = json_array(),
           *moves = json_array(), *an = json_object();
    size_t k;
    int oom = !doc || !models || !inputs || !moves || !an;

    (void)o;
    for (k = 0; !oom && k < df->n_models; k++)
        oom = json_array_append_new(models, json_string(df->models[k])) != 0;
    for (k = 0; !oom && k < df->n_inputs; k++) {
        json_t *x = input_json(&df->inputs[k]);

        oom = !x || json_array_append_new(inputs, x) != 0;
    }
    for (k = 0; !oom && k < df->n_moves; k++) {
        json_t *x = move_json(df, &df->moves[k]);

        oom = !x || json_array_append_new(moves, x) != 0;
    }
    if (!oom) {
        dt__json_set(an, "first", json_boolean(df->analysed_a));
        dt__json_set(an, "second", json_boolean(df->analysed_b));
        oom = json_object_size(an) != 2;
    }
    if (oom) {
        json_decref(doc);
        json_decref(models);
        json_decref(inputs);
        json_decref(moves);
        json_decref(an);
        doc = NULL;
    } else {
        dt__json_set(doc, "schema", json_string("detente-diff/1"));
        dt__json_set(doc, "first", dt__json_scenario(df->a));
        dt__json_set(doc, "second", dt__json_scenario(df->b));
        dt__json_set(doc, "models", models);
        dt__json_set(doc, "analysed", an);
        dt__json_set(doc, "inputs", inputs);
        dt__json_set(doc, "results_compared",
                     json_integer((json_int_t)df->n_results));
        dt__json_set(doc, "moves", moves);
        if (json_object_size(doc) != 8) { /* a value failed */
            json_decref(doc);
            doc = NULL;
        }
    }
    return dt__json_write(doc, JSON_PRESERVE_ORDER, write, ud, err);
}
