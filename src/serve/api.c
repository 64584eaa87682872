/*
 * detente serve: the endpoints that read scenarios and run the library
 * on them (docs/serve.md, "Endpoints"): the list of scenarios, one
 * scenario, validate, forecast, analyze, the workbench's round trip,
 * compare and sequence. The documents are the library's JSON, byte for
 * byte what the command line writes for the same input.
 */
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "sv.h"

/* ----- Shared by the endpoints ----- */

static double now_ms(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return 1e3 * (double)t.tv_sec + 1e-6 * (double)t.tv_nsec;
}

/* A JSON number, or null when it is not finite. */
static json_t *num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *str_or_null(const char *s)
{
    json_t *j = s ? json_string(s) : NULL;

    return j ? j : json_null();
}

/* An option value as the text dt_forecast_opts_set reads. */
static int opt_text(json_t *v, char *buf, size_t n)
{
    if (json_is_string(v))
        snprintf(buf, n, "%s", json_string_value(v));
    else if (json_is_integer(v))
        snprintf(buf, n, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v))
        snprintf(buf, n, "%.17g", json_real_value(v));
    else if (json_is_true(v))
        snprintf(buf, n, "on");
    else
        return 0;
    return 1;
}

/* Set the request's "options" of `group` ("model" or "smp"). */
static int apply_opts(json_t *opts, const char *group, dt_forecast_opts *o,
                      sv_reply *r)
{
    const char *key;
    json_t *v;

    json_object_foreach(opts, key, v)
    {
        size_t k = dt_forecast_key_find(key);
        const dt_opt_key *ok = k == (size_t)-1 ? NULL : dt_forecast_key(k);
        char text[128];
        dt_error err;

        if (!ok) {
            sv_reply_error(r, 400, "bad_request", "unknown option '%s'", key);
            return 0;
        }
        if (strcmp(ok->group, group) != 0 || json_is_false(v))
            continue;
        if (!opt_text(v, text, sizeof text)) {
            sv_reply_error(r, 400, "bad_request",
                           "option '%s' must be a string, number or true", key);
            return 0;
        }
        if (dt_forecast_opts_set(o, key, text, &err) != DT_OK) {
            sv_reply_error(r, 400, "bad_request", "%s", err.msg);
            return 0;
        }
    }
    return 1;
}

/* The request's "models" (checked) into names; *n = 0 means all. */
static int model_names(json_t *req, const char **names, size_t *n, sv_reply *r)
{
    json_t *list, *e;
    size_t i, k;

    *n = 0;
    if (!sv_field_strings(req, "models", &list, r))
        return 0;
    json_array_foreach(list, i, e)
    {
        const char *m = json_string_value(e);
        const char *const *p;

        for (p = dt_forecast_model_names(); *p; p++)
            if (strcmp(*p, m) == 0)
                break;
        if (!*p && strcmp(m, "all") != 0) {
            char known[256];

            dt_forecast_model_list(known, sizeof known);
            sv_reply_error(r, 400, "bad_request",
                           "unknown model '%s' (expected %s or all)", m, known);
            return 0;
        }
        for (k = 0; k < *n; k++)
            if (strcmp(names[k], m) == 0)
                break;
        if (k == *n && *n < DT_FORECAST_MAX_MODELS)
            names[(*n)++] = m;
    }
    return 1;
}

/*
 * The forecast of sc the request asks for, as its JSON document into out
 * (what `detente forecast FILE --format json` writes with the same
 * models, preset, options and --trajectory).
 */
static int forecast_json(const sv_call *c, json_t *req, const dt_scenario *sc,
                         sv_buf *out, sv_reply *r)
{
    dt_forecast_opts o = DT_FORECAST_OPTS_INIT;
    dt_doc_opts dopts = DT_DOC_OPTS_INIT;
    const char *names[DT_FORECAST_MAX_MODELS];
    const char *preset = NULL;
    json_t *opts = json_object_get(req, "options");
    size_t n_names, na = dt_scenario_n_actors(sc);
    dt_forecast *fc = NULL;
    double *acc = NULL;
    int traj = 0, ok = 0;
    dt_error err;
    dt_status st;

    if (!model_names(req, names, &n_names, r) ||
        !sv_field_string(req, "preset", &preset, r) ||
        !sv_field_bool(req, "trajectory", &traj, r))
        return 0;
    if (opts && !json_is_object(opts) && !json_is_null(opts)) {
        sv_reply_error(r, 400, "bad_request", "\"options\" must be an object");
        return 0;
    }
    if (preset && dt_model_opts_preset(&o.model, preset, &err) != DT_OK) {
        sv_reply_error(r, 400, "bad_request", "%s", err.msg);
        return 0;
    }
    if (json_is_object(opts) && !apply_opts(opts, "model", &o, r))
        return 0;
    if (dt_model_opts_check(&o.model, &err) != DT_OK) {
        sv_reply_error(r, 400, "bad_request", "%s", err.msg);
        return 0;
    }
    /* smp: every core, then the file's parameters, then the options. */
    o.smp.threads = c->srv->ncpu;
    if (dt_scenario_n_ideal_adjusts(sc) > 0) {
        acc = malloc((na ? na * na : 1) * sizeof *acc);
        if (!acc) {
            sv_reply_error(r, 500, "internal", "out of memory");
            return 0;
        }
    }
    st = dt_smp_opts_from_scenario(sc, &o.smp, acc, &err);
    if (st != DT_OK) {
        sv_reply_dt(r, DT_ESCENARIO, &err, "model parameters not supported");
        goto out;
    }
    if (json_is_object(opts) && !apply_opts(opts, "smp", &o, r))
        goto out;
    st = dt_forecast_new(sc, names, n_names, &o, &fc, &err);
    if (st != DT_OK) {
        sv_reply_dt(r, st == DT_EINVAL ? DT_ESCENARIO : st, &err,
                    "cannot forecast");
        goto out;
    }
    dopts.rounds = traj;
    dopts.preset = preset;
    st = dt_forecast_write_json(fc, &dopts, sv_buf_write, out, &err);
    if (st != DT_OK) {
        sv_reply_dt(r, st, &err, "cannot write the forecast");
        goto out;
    }
    ok = 1;
out:
    dt_forecast_free(fc);
    free(acc);
    return ok;
}

/* The analysis options of the request ("model" or model_key). */
static int analysis_opts(json_t *req, const char *model_key,
                         const dt_scenario *sc, dt_analysis_opts *o,
                         size_t **levers, sv_reply *r)
{
    const char *model = NULL, *weights = NULL;
    json_t *ids, *e;
    size_t i;

    *levers = NULL;
    if (!sv_field_string(req, model_key, &model, r) ||
        !sv_field_string(req, "weights", &weights, r) ||
        !sv_field_bool(req, "pairs", &o->pairs, r) ||
        !sv_field_strings(req, "levers", &ids, r))
        return 0;
    if (model) {
        o->model = dt_model_find(model);
        if (!o->model) {
            sv_reply_error(r, 400, "bad_request",
                           "unknown model '%s' (expected eu, mean or median)",
                           model);
            return 0;
        }
    }
    if (weights) {
        if (strcmp(weights, "equal") == 0)
            o->weights = DT_WEIGHTS_EQUAL;
        else if (strcmp(weights, "capability") == 0)
            o->weights = DT_WEIGHTS_CAPABILITY;
        else {
            sv_reply_error(r, 400, "bad_request",
                           "unknown weights '%s' (expected equal or "
                           "capability)",
                           weights);
            return 0;
        }
    }
    if (!ids || json_array_size(ids) == 0)
        return 1;
    *levers = calloc(json_array_size(ids), sizeof **levers);
    if (!*levers) {
        sv_reply_error(r, 500, "internal", "out of memory");
        return 0;
    }
    json_array_foreach(ids, i, e)
    {
        (*levers)[i] = dt_scenario_lever_index(sc, json_string_value(e));
        if ((*levers)[i] == (size_t)-1) {
            sv_reply_error(r, 400, "bad_request", "unknown lever '%s'",
                           json_string_value(e));
            free(*levers);
            *levers = NULL;
            return 0;
        }
    }
    o->levers = *levers;
    o->n_levers = json_array_size(ids);
    return 1;
}

/* ----- GET /api/scenarios ----- */

struct list {
    char **paths; /* relative paths found */
    size_t n, cap;
};

static int scenario_ext(const char *name)
{
    const char *dot = strrchr(name, '.');

    return dot && (strcmp(dot, ".yaml") == 0 || strcmp(dot, ".yml") == 0 ||
                   strcmp(dot, ".csv") == 0 || strcmp(dot, ".xml") == 0);
}

static void walk(const sv_server *s, const char *rel, int depth, struct list *l)
{
    char full[4096];
    DIR *d;
    struct dirent *e;

    snprintf(full, sizeof full, "%s%s%s", s->dir, rel[0] ? "/" : "", rel);
    d = opendir(full);
    if (!d)
        return;
    while ((e = readdir(d)) != NULL && l->n < 2000) {
        char sub[2048], path[4096];
        struct stat st;

        if (e->d_name[0] == '.')
            continue;
        snprintf(sub, sizeof sub, "%s%s%s", rel, rel[0] ? "/" : "", e->d_name);
        snprintf(path, sizeof path, "%s/%s", s->dir, sub);
        if (lstat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            if (depth < 4)
                walk(s, sub, depth + 1, l);
            continue;
        }
        if (!scenario_ext(e->d_name))
            continue;
        if (l->n == l->cap) {
            size_t cap = l->cap ? 2 * l->cap : 64;
            char **p = realloc(l->paths, cap * sizeof *p);

            if (!p)
                break;
            l->paths = p;
            l->cap = cap;
        }
        l->paths[l->n] = strdup(sub);
        if (l->paths[l->n])
            l->n++;
    }
    closedir(d);
}

/*
 * Whether a file that is not a scenario looks like an analyst's
 * estimates file (docs/judgement.md): a top-level "estimates:" key. Only
 * a hint for the list; /api/reconcile reads the file for real.
 */
static int estimates_like(const char *text)
{
    const char *p = text;

    while (p && *p) {
        if (strncmp(p, "estimates:", 10) == 0)
            return 1;
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void sv_api_scenarios(const sv_call *c, sv_reply *r)
{
    struct list l = {0};
    json_t *list = json_array();
    size_t i;

    walk(c->srv, "", 1, &l);
    if (l.n)
        qsort(l.paths, l.n, sizeof *l.paths, cmp_str);
    for (i = 0; i < l.n; i++) {
        json_t *spec = json_pack("{s:s}", "path", l.paths[i]);
        json_t *item = json_pack("{s:s}", "path", l.paths[i]);
        sv_reply scratch = {0};
        sv_source src;
        dt_scenario *sc = NULL;
        dt_error err;

        if (!sv_spec_source(c->srv, spec, &src, &scratch)) {
            /* Symlinks that leave DIR are not listed. */
            if (scratch.status != 403) {
                json_t *doc = json_loads(scratch.body.p, 0, NULL);
                json_t *e =
                    json_object_get(json_object_get(doc, "error"), "message");

                json_object_set_new(item, "error",
                                    e ? json_copy(e) : json_string("error"));
                json_array_append(list, item);
                json_decref(doc);
            }
        } else if (sv_source_parse(&src, &sc, NULL, &err) != DT_OK) {
            char buf[600];

            dt_error_format(&err, buf, sizeof buf);
            json_object_set_new(item, "format",
                                json_string(dt_scenario_format_name(src.fmt)));
            json_object_set_new(item, "error", str_or_null(buf));
            /* Listed for the Analysts panel (POST /api/reconcile). */
            if (estimates_like(src.text))
                json_object_set_new(item, "kind", json_string("estimates"));
            json_array_append(list, item);
        } else {
            json_object_set_new(item, "name",
                                str_or_null(dt_scenario_name(sc)));
            json_object_set_new(item, "format",
                                json_string(dt_scenario_format_name(src.fmt)));
            json_object_set_new(
                item, "issues",
                json_integer((json_int_t)dt_scenario_n_issues(sc)));
            json_object_set_new(
                item, "actors",
                json_integer((json_int_t)dt_scenario_n_actors(sc)));
            json_array_append(list, item);
        }
        dt_scenario_free(sc);
        sv_source_release(&src);
        sv_buf_release(&scratch.body);
        json_decref(item);
        json_decref(spec);
        free(l.paths[i]);
    }
    free(l.paths);
    sv_reply_json(
        r, 200, json_pack("{s:s,s:o}", "dir", c->srv->dir, "scenarios", list));
}

/* ----- GET /api/scenario?path=P ----- */

static json_t *slots_json(const dt_scenario *sc)
{
    json_t *list = json_array();
    size_t k, n = dt_scenario_n_slots(sc);

    for (k = 0; k < n; k++) {
        char id[512];
        dt_slot sl;

        if (!dt_scenario_slot(sc, k, &sl) ||
            dt_scenario_slot_id(sc, k, id, sizeof id) < 0)
            continue;
        json_array_append_new(
            list, json_pack("{s:s,s:s,s:o,s:o,s:o,s:o}", "id", id, "kind",
                            dt_slot_kind_name(sl.kind), "value",
                            num(sl.value->v), "lo", num(sl.lo), "hi",
                            num(sl.hi), "note", str_or_null(sl.value->note)));
    }
    return list;
}

static json_t *levers_json(const dt_scenario *sc)
{
    json_t *list = json_array();
    size_t k;

    for (k = 0; k < dt_scenario_n_levers(sc); k++) {
        const dt_lever *lv = dt_scenario_lever(sc, k);
        const dt_actor *by = dt_scenario_actor(sc, lv->by);

        json_array_append_new(
            list, json_pack("{s:s,s:o,s:o,s:o}", "id", lv->id, "name",
                            str_or_null(lv->name ? lv->name : lv->id), "by",
                            str_or_null(by ? by->id : NULL), "description",
                            str_or_null(lv->description)));
    }
    return list;
}

static json_t *models_json(void)
{
    json_t *list = json_array();
    const char *const *p;

    for (p = dt_forecast_model_names(); *p; p++)
        json_array_append_new(list, json_string(*p));
    return list;
}

/* The scenario as a JSON object (dt_scenario_write_json), or null. */
static json_t *scenario_object(const dt_scenario *sc)
{
    sv_buf b = {0};
    json_t *j = NULL;
    dt_error err;

    if (dt_scenario_write_json(sc, sv_buf_write, &b, &err) == DT_OK && b.p)
        j = json_loadb(b.p, b.len, 0, NULL);
    sv_buf_release(&b);
    return j ? j : json_null();
}

/* The scenario as normalised YAML (dt_scenario_write_yaml), or NULL. */
static char *scenario_yaml(const dt_scenario *sc)
{
    sv_buf b = {0};
    dt_error err;

    if (dt_scenario_write_yaml(sc, sv_buf_write, &b, &err) != DT_OK) {
        sv_buf_release(&b);
        return NULL;
    }
    return b.p;
}

void sv_api_scenario(const sv_call *c, sv_reply *r)
{
    const char *path =
        MHD_lookup_connection_value(c->conn, MHD_GET_ARGUMENT_KIND, "path");
    json_t *spec, *out;
    sv_source src;
    dt_scenario *sc = NULL;
    json_t *errors = NULL;
    dt_error err;
    dt_status st;

    if (!path) {
        sv_reply_error(r, 400, "bad_request", "give ?path=FILE");
        return;
    }
    spec = json_pack("{s:s}", "path", path);
    if (!spec) {
        sv_reply_error(r, 400, "bad_request", "path is not UTF-8");
        return;
    }
    if (!sv_spec_source(c->srv, spec, &src, r)) {
        json_decref(spec);
        return;
    }
    json_decref(spec);
    st = sv_source_parse(&src, &sc, &errors, &err);
    if (st == DT_ESCENARIO) {
        char msg[400];

        snprintf(msg, sizeof msg, "'%s' is not a valid scenario", src.name);
        sv_reply_errors(r, 422, "invalid_scenario", msg, errors, src.text);
    } else if (st != DT_OK)
        sv_reply_dt(r, st, &err, "cannot read the scenario");
    else {
        out = json_pack(
            "{s:s,s:o,s:o,s:s,s:o,s:o,s:o}", "path", src.name, "yaml",
            str_or_null(src.text), "scenario", scenario_object(sc), "format",
            dt_scenario_format_name(src.fmt), "slots", slots_json(sc), "levers",
            levers_json(sc), "models", models_json());
        sv_reply_json(r, 200, out);
    }
    dt_scenario_free(sc);
    sv_source_release(&src);
}

/* ----- POST /api/validate ----- */

void sv_api_validate(const sv_call *c, sv_reply *r)
{
    sv_source src;
    dt_scenario *sc = NULL;
    json_t *errors = NULL;
    dt_error err;
    dt_status st;

    if (!sv_spec_source(c->srv, c->body, &src, r))
        return;
    st = sv_source_parse(&src, &sc, &errors, &err);
    if (st == DT_ESCENARIO)
        sv_reply_json(r, 200,
                      json_pack("{s:b,s:o,s:o}", "ok", 0, "errors", errors,
                                "yaml", str_or_null(src.text)));
    else if (st != DT_OK)
        sv_reply_dt(r, st, &err, "cannot read the scenario");
    else {
        char *norm = scenario_yaml(sc);

        sv_reply_json(r, 200,
                      json_pack("{s:b,s:{s:I,s:I,s:I},s:o}", "ok", 1, "summary",
                                "issues", (json_int_t)dt_scenario_n_issues(sc),
                                "actors", (json_int_t)dt_scenario_n_actors(sc),
                                "levers", (json_int_t)dt_scenario_n_levers(sc),
                                "yaml", str_or_null(norm ? norm : src.text)));
        free(norm);
    }
    dt_scenario_free(sc);
    sv_source_release(&src);
}

/* ----- POST /api/forecast, /api/analyze, /api/workbench ----- */

void sv_api_forecast(const sv_call *c, sv_reply *r)
{
    dt_scenario *sc = sv_spec_load(c->srv, c->body, NULL, r);
    sv_buf out = {0};

    if (!sc)
        return;
    if (forecast_json(c, c->body, sc, &out, r))
        sv_reply_doc(r, &out);
    sv_buf_release(&out);
    dt_scenario_free(sc);
}

/*
 * The analysis JSON of sc into out. Returns 1; 0 for a bad request (r
 * holds the reply); -1 when the analysis failed (r holds the error: 422
 * for a scenario it cannot take, 500 for the rest).
 */
static int analysis_json(json_t *req, const char *model_key,
                         const dt_scenario *sc, sv_buf *out, sv_reply *r)
{
    dt_analysis_opts o = DT_ANALYSIS_OPTS_INIT;
    dt_analysis *an = NULL;
    size_t *levers = NULL;
    dt_error err;
    dt_status st;

    if (!analysis_opts(req, model_key, sc, &o, &levers, r))
        return 0;
    st = dt_analyze(sc, &o, &an, &err);
    if (st == DT_OK)
        st = dt_analysis_write_json(sc, an, NULL, sv_buf_write, out, &err);
    if (st != DT_OK)
        sv_reply_dt(r, st == DT_EINVAL ? DT_ESCENARIO : st, &err,
                    "cannot analyse");
    dt_analysis_free(an);
    free(levers);
    /* GLPK keeps state per thread; connection threads come and go. */
    dt_analysis_thread_end();
    return st == DT_OK ? 1 : -1;
}

void sv_api_analyze(const sv_call *c, sv_reply *r)
{
    dt_scenario *sc = sv_spec_load(c->srv, c->body, NULL, r);
    sv_buf out = {0};

    if (!sc)
        return;
    if (analysis_json(c->body, "model", sc, &out, r) == 1)
        sv_reply_doc(r, &out);
    sv_buf_release(&out);
    dt_scenario_free(sc);
}

void sv_api_workbench(const sv_call *c, sv_reply *r)
{
    double t0 = now_ms();
    dt_scenario *sc = sv_spec_load(c->srv, c->body, NULL, r);
    sv_buf fc = {0}, an = {0}, all = {0};
    sv_reply an_r = {0};
    int ok;

    if (!sc)
        return;
    if (!forecast_json(c, c->body, sc, &fc, r))
        goto out;
    ok = analysis_json(c->body, "model", sc, &an, &an_r);
    if (ok == 0 || (ok < 0 && an_r.status >= 500)) {
        sv_buf_release(&r->body);
        *r = an_r;
        memset(&an_r, 0, sizeof an_r);
        goto out;
    }
    sv_buf_puts(&all, "{\"forecast\": ");
    sv_buf_put(&all, fc.p, fc.len);
    sv_buf_puts(&all, ", \"analysis\": ");
    if (ok == 1)
        sv_buf_put(&all, an.p, an.len);
    else {
        /* {"error": {...}} as any error body, without its newline. */
        while (an_r.body.len && an_r.body.p[an_r.body.len - 1] == '\n')
            an_r.body.p[--an_r.body.len] = '\0';
        sv_buf_put(&all, an_r.body.p, an_r.body.len);
    }
    sv_buf_printf(&all, ", \"elapsed_ms\": %.3f}\n", now_ms() - t0);
    sv_reply_doc(r, &all);
out:
    sv_buf_release(&fc);
    sv_buf_release(&an);
    sv_buf_release(&all);
    sv_buf_release(&an_r.body);
    dt_scenario_free(sc);
}

/* GET /api/version: what `detente --version` prints, as JSON. */
void sv_api_version(const sv_call *c, sv_reply *r)
{
    json_t *features = json_array();
    const char *f = dt_build_features();

    (void)c;
    while (*f) {
        size_t n = strcspn(f, " ");

        json_array_append_new(features, json_stringn(f, n));
        f += n;
        f += strspn(f, " ");
    }
    sv_reply_json(r, 200,
                  json_pack("{s:s, s:s, s:o}", "version", dt_version(),
                            "commit", dt_build_commit(), "features", features));
}
