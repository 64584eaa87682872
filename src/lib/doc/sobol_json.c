/*
 * The JSON document of a variance decomposition (dt_sobol_write_json,
 * sobol.h; schema detente-sobol/1 in docs/sobol.md and
 * docs/schema/sobol.schema.json): method, seed, base rows, runs, the
 * inputs, and for every output its variance and its indices with their
 * bootstrap intervals, ranked by total index. No timings, so it is
 * byte-identical for a seed whatever the thread count. A value that is
 * not a number is null.
 */
#include <math.h>

#include "doc/json.h"

static json_t *est_json(const dt_sobol_est *e)
{
    json_t *o = json_object();

    dt__json_set(o, "est", dt__json_num(e->est));
    dt__json_set(o, "lo", dt__json_num(e->lo));
    dt__json_set(o, "hi", dt__json_num(e->hi));
    return o && json_object_size(o) == 3 ? o : (json_decref(o), NULL);
}

static json_t *output_json(const dt_sobol *s, size_t o)
{
    json_t *obj = json_object(), *arr = json_array();
    const size_t *rk = dt_sobol_rank(s, o);
    size_t t, k = dt_sobol_n_inputs(s);

    for (t = 0; obj && arr && t < k; t++) {
        json_t *e = json_object();

        dt__json_set(e, "input", json_string(dt_sobol_input_label(s, rk[t])));
        dt__json_set(e, "first", est_json(dt_sobol_first(s, o, rk[t])));
        dt__json_set(e, "total", est_json(dt_sobol_total(s, o, rk[t])));
        if (!e || json_object_size(e) != 3 || json_array_append_new(arr, e)) {
            json_decref(e);
            json_decref(arr);
            json_decref(obj);
            return NULL;
        }
    }
    if (!arr) {
        json_decref(obj);
        return NULL;
    }
    dt__json_set(obj, "output", json_string(dt_sobol_output_label(s, o)));
    dt__json_set(obj, "variance", dt__json_num(dt_sobol_variance(s, o)));
    dt__json_set(obj, "rows_used",
                 json_integer((json_int_t)dt_sobol_n_used(s, o)));
    dt__json_set(obj, "indices", arr);
    return obj && json_object_size(obj) == 4 ? obj : (json_decref(obj), NULL);
}

dt_status dt_sobol_write_json(const dt_sobol *s, dt_write_fn write, void *ud,
                              dt_error *err)
{
    const dt_sweep *sw = dt_sobol_sweep(s);
    const dt_sobol_opts *op = dt_sobol_get_opts(s);
    json_t *doc, *ins, *outs;
    size_t j, o;
    int oom = 0;

    if (!sw)
        return dt__error_set(err, DT_EINVAL,
                             "only a scenario's decomposition has a JSON "
                             "document");
    doc = json_object();
    ins = json_array();
    outs = json_array();
    oom = !doc || !ins || !outs;
    for (j = 0; !oom && j < dt_sobol_n_inputs(s); j++)
        oom = json_array_append_new(
                  ins, json_string(dt_sobol_input_label(s, j))) != 0;
    for (o = 0; !oom && o < dt_sobol_n_outputs(s); o++) {
        json_t *x = output_json(s, o);

        oom = !x || json_array_append_new(outs, x) != 0;
    }
    if (oom) {
        json_decref(doc);
        json_decref(ins);
        json_decref(outs);
        return dt__json_write(NULL, 0, write, ud, err);
    }
    dt__json_set(doc, "schema", json_string("detente-sobol/1"));
    dt__json_set(doc, "version", json_string(dt_version()));
    dt__json_set(doc, "scenario", dt__json_scenario(dt_sweep_scenario(sw)));
    dt__json_whatif(doc, dt_sweep_scenario(sw));
    dt__json_set(doc, "method",
                 json_string("Saltelli et al. 2010 design (A, B, A_B^i); "
                             "first order: Saltelli et al. 2010 Table 2 (b); "
                             "total: Jansen 1999 (Table 2 (f)); percentile "
                             "bootstrap over base rows"));
    dt__json_set(doc, "seed", json_integer((json_int_t)op->seed));
    dt__json_set(doc, "base_rows", json_integer((json_int_t)op->n_base));
    dt__json_set(doc, "runs", json_integer((json_int_t)dt_sobol_n_runs(s)));
    dt__json_set(doc, "bootstrap", json_integer((json_int_t)op->n_boot));
    dt__json_set(doc, "level", json_real(op->level));
    dt__json_set(doc, "analysis", json_boolean(dt_sweep_has_analysis(sw) != 0));
    dt__json_set(doc, "group_by",
                 json_string(dt_sobol_group_by_name(op->group_by)));
    dt__json_set(doc, "inputs", ins);
    dt__json_set(doc, "outputs", outs);
    if (json_object_size(doc) !=
        13u + (json_object_get(doc, "whatif") != NULL)) {
        json_decref(doc);
        doc = NULL;
    }
    return dt__json_write(doc, 0, write, ud, err);
}
