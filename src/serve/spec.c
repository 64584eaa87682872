/*
 * detente serve: the scenario a request names (docs/serve.md, "Scenario
 * specification"): a file under DIR ("path"), YAML text ("yaml") or a
 * JSON object converted to YAML by the library ("scenario"); parsed with
 * every problem collected as {file, line, col, message}, then the
 * request's levers ("apply") applied.
 */
#include <stdlib.h>
#include <string.h>

#include "sv.h"

#define SV_DEFAULT_NAME "request.yaml"

void sv_source_release(sv_source *src)
{
    free(src->text);
    free(src->name);
    memset(src, 0, sizeof *src);
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);

    if (p)
        memcpy(p, s, n);
    return p;
}

/*
 * The "scenario" object converted to YAML text by the library
 * (dt_scenario_yaml_from_json): the reader's errors then carry lines
 * and columns in that text, which the error body returns as "yaml".
 */
static int from_object(json_t *obj, const char *name, sv_source *src,
                       sv_reply *r)
{
    char *json = json_dumps(obj, JSON_COMPACT);
    sv_buf yaml = {0};
    dt_error err;
    dt_status st;

    if (!json) {
        sv_reply_error(r, 500, "internal", "out of memory");
        return 0;
    }
    st = dt_scenario_yaml_from_json(json, strlen(json), name, sv_buf_write,
                                    &yaml, &err);
    free(json);
    if (st != DT_OK) {
        sv_buf_release(&yaml);
        sv_reply_dt(r, st, &err, "cannot read \"scenario\"");
        return 0;
    }
    src->text = yaml.p ? yaml.p : malloc(1);
    if (src->text && !yaml.p)
        src->text[0] = '\0';
    src->len = yaml.len;
    src->name = dup_str(name);
    return 1;
}

int sv_spec_source(const sv_server *s, json_t *spec, sv_source *src,
                   sv_reply *r)
{
    json_t *path = json_object_get(spec, "path");
    json_t *yaml = json_object_get(spec, "yaml");
    json_t *obj = json_object_get(spec, "scenario");
    const char *name = SV_DEFAULT_NAME;
    int n = (path != NULL) + (yaml != NULL) + (obj != NULL);

    memset(src, 0, sizeof *src);
    if (!json_is_object(spec)) {
        sv_reply_error(r, 400, "bad_request",
                       "a scenario must be an object with \"path\", "
                       "\"yaml\" or \"scenario\"");
        return 0;
    }
    if (n != 1) {
        sv_reply_error(r, 400, "bad_request",
                       "give exactly one of \"path\", \"yaml\" and "
                       "\"scenario\" (%d given)",
                       n);
        return 0;
    }
    if (!sv_field_string(spec, "name", &name, r))
        return 0;
    if (path) {
        if (!json_is_string(path)) {
            sv_reply_error(r, 400, "bad_request", "\"path\" must be a string");
            return 0;
        }
        if (!sv_path_ok(json_string_value(path), json_string_length(path), r))
            return 0;
        if (!sv_path_read(s, json_string_value(path), &src->text, &src->len, r))
            return 0;
        src->name = dup_str(json_string_value(path));
        src->from_file = 1;
    } else if (yaml) {
        if (!json_is_string(yaml)) {
            sv_reply_error(r, 400, "bad_request", "\"yaml\" must be a string");
            return 0;
        }
        src->len = json_string_length(yaml);
        src->text = malloc(src->len + 1);
        if (src->text) {
            memcpy(src->text, json_string_value(yaml), src->len);
            src->text[src->len] = '\0';
        }
        src->name = dup_str(name);
    } else {
        if (!json_is_object(obj)) {
            sv_reply_error(r, 400, "bad_request",
                           "\"scenario\" must be an object");
            return 0;
        }
        if (!from_object(obj, name, src, r))
            return 0;
    }
    if (!src->text || !src->name) {
        sv_source_release(src);
        sv_reply_error(r, 500, "internal", "out of memory");
        return 0;
    }
    src->fmt = src->from_file
                   ? dt_scenario_format_guess(src->name, src->text, src->len)
                   : DT_FORMAT_YAML;
    return 1;
}

/* Every problem the reader finds, in file order. */
static void collect(void *ud, const dt_error *e)
{
    json_t *list = ud;

    if (json_array_size(list) < SV_MAX_ERRORS)
        json_array_append_new(list, sv_error_json(e));
}

dt_status sv_source_parse(const sv_source *src, dt_scenario **out,
                          json_t **errors, dt_error *err)
{
    dt_load_opts o = DT_LOAD_OPTS_INIT;
    json_t *list = json_array();
    dt_status st;

    o.on_error = collect;
    o.ud = list;
    o.max_errors = SV_MAX_ERRORS;
    st = dt_scenario_parse(src->text, src->len, src->name, src->fmt, &o, out,
                           err);
    if (st == DT_ESCENARIO && errors)
        *errors = json_incref(list);
    json_decref(list);
    return st;
}

/* Apply spec's "apply" levers to *sc (replaced). Returns 1, or 0. */
static int apply_levers(json_t *spec, dt_scenario **sc, sv_reply *r)
{
    json_t *ids, *e;
    size_t *idx, i, k, n;
    dt_scenario *out = NULL;
    dt_error err;
    dt_status st;

    if (!sv_field_strings(spec, "apply", &ids, r))
        return 0;
    if (!ids || json_array_size(ids) == 0)
        return 1;
    n = json_array_size(ids);
    idx = calloc(n, sizeof *idx);
    if (!idx) {
        sv_reply_error(r, 500, "internal", "out of memory");
        return 0;
    }
    json_array_foreach(ids, i, e)
    {
        idx[i] = dt_scenario_lever_index(*sc, json_string_value(e));
        if (idx[i] == (size_t)-1) {
            sv_buf known = {0};

            for (k = 0; k < dt_scenario_n_levers(*sc); k++)
                sv_buf_printf(&known, "%s%s", k ? ", " : "",
                              dt_scenario_lever(*sc, k)->id);
            sv_reply_error(
                r, 400, "bad_request", "unknown lever '%s' (levers: %s)",
                json_string_value(e), known.p ? known.p : "none defined");
            sv_buf_release(&known);
            free(idx);
            return 0;
        }
    }
    st = dt_scenario_apply_levers(*sc, idx, n, &out, &err);
    free(idx);
    if (st != DT_OK) {
        sv_reply_dt(r, st, &err, "cannot apply the levers");
        return 0;
    }
    dt_scenario_free(*sc);
    *sc = out;
    return 1;
}

dt_scenario *sv_spec_load(const sv_server *s, json_t *spec, char **name,
                          sv_reply *r)
{
    sv_source src;
    dt_scenario *sc = NULL;
    json_t *errors = NULL;
    dt_error err;
    dt_status st;

    if (name)
        *name = NULL;
    if (!sv_spec_source(s, spec, &src, r))
        return NULL;
    st = sv_source_parse(&src, &sc, &errors, &err);
    if (st == DT_ESCENARIO) {
        char msg[400];
        size_t n = json_array_size(errors);

        snprintf(msg, sizeof msg, "'%s' is not a valid scenario (%zu error%s)",
                 src.name, n, n == 1 ? "" : "s");
        sv_reply_errors(r, 422, "invalid_scenario", msg, errors,
                        src.from_file ? NULL : src.text);
        sv_source_release(&src);
        return NULL;
    }
    json_decref(errors);
    if (st != DT_OK) {
        sv_reply_dt(r, st, &err, "cannot read the scenario");
        sv_source_release(&src);
        return NULL;
    }
    if (!apply_levers(spec, &sc, r)) {
        dt_scenario_free(sc);
        sv_source_release(&src);
        return NULL;
    }
    if (name) {
        *name = src.name;
        src.name = NULL;
    }
    sv_source_release(&src);
    return sc;
}
