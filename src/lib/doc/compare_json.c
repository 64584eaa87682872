/*
 * The JSON document of a comparison (dt_compare_write_json, doc.h; schema
 * in docs/json-schema.md and docs/schema/compare.schema.json): its schema
 * and version, the rows (key and label), then per scenario every row's
 * cell and the scenario's whole analysis. Keys keep their insertion
 * order; UTF-8 is written as is.
 */
#include "doc/analysis_json.h"

dt_status dt_compare_write_json(const dt_compare *c, const dt_doc_opts *o,
                                dt_write_fn write, void *ud, dt_error *err)
{
    json_t *doc = json_object(), *cols = json_array(), *rows = json_array();
    size_t r, j, nr = dt_compare_n_rows(c), n = dt_compare_n_scenarios(c);
    int oom = !doc || !cols || !rows;

    (void)o;
    dt__json_set(doc, "schema", json_string("detente-compare/1"));
    for (r = 0; !oom && r < nr; r++)
        oom = json_array_append_new(
                  rows, json_pack("{s:s,s:s}", "key", dt_compare_key(c, r),
                                  "label", dt_compare_label(c, r))) != 0;
    for (j = 0; !oom && j < n; j++) {
        const dt_analysis *an = dt_compare_analysis(c, j);
        json_t *col = json_object(), *a;

        for (r = 0; col && r < nr; r++)
            dt__json_set(col, dt_compare_key(c, r),
                         dt__json_str(dt_compare_cell(c, r, j)));
        a = an ? dt__json_analysis(dt_compare_scenario(c, j), an) : json_null();
        oom = !col || !a;
        dt__json_set(col, "analysis", a);
        if (json_array_append_new(cols, col) != 0)
            oom = 1;
    }
    dt__json_set(doc, "rows", rows);
    dt__json_set(doc, "scenarios", cols);
    if (oom) {
        json_decref(doc);
        doc = NULL;
    }
    return dt__json_write(doc, JSON_PRESERVE_ORDER, write, ud, err);
}
