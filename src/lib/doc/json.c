/* jansson helpers of the JSON writers: see json.h. */
#include <math.h>

#include "doc/json.h"

void dt__json_set(json_t *obj, const char *key, json_t *val)
{
    if (obj && val)
        json_object_set_new(obj, key, val);
    else
        json_decref(val);
}

json_t *dt__json_num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

json_t *dt__json_str(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* jansson's dump callback onto a dt_write_fn. */
struct sink {
    dt_write_fn write;
    void *ud;
    dt_status st;
};

static int dump_cb(const char *buffer, size_t size, void *data)
{
    struct sink *s = data;

    if (s->st == DT_OK)
        s->st = s->write(s->ud, buffer, size);
    return s->st == DT_OK ? 0 : -1;
}

dt_status dt__json_write(json_t *doc, size_t flags, dt_write_fn write, void *ud,
                         dt_error *err)
{
    struct sink s = {write, ud, DT_OK};

    if (!doc)
        return dt__error_set(err, DT_ENOMEM,
                             "out of memory while building a JSON document");
    if (json_dump_callback(doc, dump_cb, &s,
                           JSON_INDENT(2) | JSON_REAL_PRECISION(17) | flags) !=
            0 &&
        s.st == DT_OK)
        s.st = DT_ENOMEM;
    json_decref(doc);
    if (s.st == DT_OK)
        s.st = write(ud, "\n", 1);
    if (s.st != DT_OK)
        return dt__error_set(err, s.st, "cannot write the JSON document");
    return DT_OK;
}

void dt__json_whatif(json_t *doc, const dt_scenario *sc)
{
    size_t i, n = dt_scenario_n_whatif(sc);
    json_t *a;

    if (n == 0)
        return;
    a = json_array();
    for (i = 0; a && i < n; i++)
        json_array_append_new(a, json_string(dt_scenario_whatif_change(sc, i)));
    dt__json_set(doc, "whatif", a);
}

json_t *dt__json_scenario(const dt_scenario *sc)
{
    json_t *o = json_object(), *src = json_array();
    const dt_outcome *oc = dt_scenario_outcome(sc);
    dt_scenario_format f = dt_scenario_format_of(sc);
    size_t i;

    dt__json_set(o, "name", json_string(dt_scenario_name(sc)));
    dt__json_set(o, "date", dt__json_str(dt_scenario_date(sc)));
    dt__json_set(o, "description", dt__json_str(dt_scenario_description(sc)));
    dt__json_set(o, "note", dt__json_str(dt_scenario_note(sc)));
    dt__json_set(o, "path", json_string(dt_scenario_path(sc)));
    dt__json_set(o, "format",
                 json_string(f == DT_FORMAT_CSV         ? "csv"
                             : f == DT_FORMAT_KTAB_CSV  ? "ktab-csv"
                             : f == DT_FORMAT_KTAB_XML  ? "ktab-xml"
                             : f == DT_FORMAT_TABLE_CSV ? "table-csv"
                                                        : "yaml"));
    for (i = 0; src && i < dt_scenario_n_sources(sc); i++)
        json_array_append_new(src, json_string(dt_scenario_source(sc, i)));
    dt__json_set(o, "sources", src);
    dt__json_set(
        o, "outcome",
        oc ? json_pack("{s:o}", "description", dt__json_str(oc->description))
           : json_null());
    return o;
}
