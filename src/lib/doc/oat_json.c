/*
 * One-at-a-time sensitivities as JSON (dt_oat_write_json, doc.h; schema
 * detente-oat/1 in docs/schema/oat.schema.json): the inputs with their
 * low and high ends, and per result its value as written and every
 * input's results at both ends and swing, largest swing first.
 */
#include <math.h>

#include "doc/json.h"

static json_t *inputs_json(const dt_oat *o)
{
    const dt_sweep *s = dt_oat_sweep(o);
    json_t *a = json_array();
    size_t j;

    for (j = 0; j < dt_sweep_n_inputs(s); j++) {
        const dt_sweep_input *in = dt_sweep_get_input(s, j);
        json_t *x = json_object();

        dt__json_set(x, "input", json_string(in->label));
        dt__json_set(x, "kind", json_string(dt_slot_kind_name(in->kind)));
        dt__json_set(x, "value", dt__json_num(in->value));
        dt__json_set(x, "low", dt__json_num(dt_oat_value(o, j, 0)));
        dt__json_set(x, "high", dt__json_num(dt_oat_value(o, j, 1)));
        dt__json_set(x, "end_rule",
                     json_string(in->dist == DT_SPREAD_UNIFORM
                                     ? "range"
                                     : "normal 5% and 95% quantiles"));
        json_array_append_new(a, x);
    }
    return a;
}

static json_t *results_json(const dt_oat *o)
{
    const dt_sweep *s = dt_oat_sweep(o);
    json_t *a = json_array();
    size_t k, t, ni = dt_sweep_n_inputs(s);

    for (k = 0; k < dt_sweep_n_outputs(s); k++) {
        const size_t *rank = dt_oat_rank(o, k);
        json_t *x = json_object(), *r = json_array();
        double top = ni ? dt_oat_swing(o, k, rank[0]) : (double)NAN;

        dt__json_set(x, "result",
                     json_string(dt_sweep_get_output(s, k)->label));
        dt__json_set(x, "base", dt__json_num(dt_sweep_output_base(s, k)));
        dt__json_set(x, "max_swing", dt__json_num(top));
        for (t = 0; t < ni; t++) {
            size_t j = rank[t];
            json_t *e = json_object();

            dt__json_set(e, "input",
                         json_string(dt_sweep_get_input(s, j)->label));
            dt__json_set(e, "at_low", dt__json_num(dt_oat_result(o, k, j, 0)));
            dt__json_set(e, "at_high", dt__json_num(dt_oat_result(o, k, j, 1)));
            dt__json_set(e, "swing", dt__json_num(dt_oat_swing(o, k, j)));
            json_array_append_new(r, e);
        }
        dt__json_set(x, "ranking", r);
        json_array_append_new(a, x);
    }
    return a;
}

dt_status dt_oat_write_json(const dt_oat *o, const dt_doc_opts *opts,
                            dt_write_fn write, void *ud, dt_error *err)
{
    static const dt_doc_opts defaults = DT_DOC_OPTS_INIT;
    const dt_sweep *s = dt_oat_sweep(o);
    const dt_scenario *sc = dt_sweep_scenario(s);
    json_t *doc = json_object(), *models = json_array();
    size_t m;

    if (!opts)
        opts = &defaults;
    for (m = 0; m < dt_sweep_n_models(s); m++)
        json_array_append_new(models, json_string(dt_sweep_model(s, m)->name));
    dt__json_set(doc, "schema", json_string("detente-oat/1"));
    dt__json_set(doc, "command", json_string("sweep --oat"));
    dt__json_set(doc, "version", json_string(dt_version()));
    dt__json_set(doc, "scenario", dt__json_str(dt_scenario_name(sc)));
    dt__json_whatif(doc, sc);
    dt__json_set(doc, "file",
                 json_string(opts->file ? opts->file : dt_scenario_path(sc)));
    dt__json_set(doc, "models", models);
    dt__json_set(doc, "analysis", json_boolean(dt_sweep_has_analysis(s)));
    dt__json_set(doc, "swing_definition",
                 json_string("max - min of the result as written, at low and "
                             "at high (finite values)"));
    dt__json_set(doc, "inputs", inputs_json(o));
    dt__json_set(doc, "results", results_json(o));
    return dt__json_write(doc, 0, write, ud, err);
}
