/*
 * Sealed-forecast records (seal.h; docs/judgement.md "Sealed
 * forecasts"): the SHA-256 of the input's bytes (FIPS 180-4, nettle's
 * implementation), the version and build, the options and seed, every
 * forecast with its sweep interval and sorted draws, the analysis's
 * verdicts and a resolution rubric; each section digested so that an
 * edit after sealing is named by dt_seal_verify.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/sha2.h>

#include "seal/seal_int.h"

#include <detente/detente.h>

const char *const dt__seal_sections[DT__SEAL_N_SECTIONS] = {
    "input", "detente", "options", "forecasts", "analysis", "rubric"};

static const char *const analysis_modes[] = {"auto", "off", "on"};

static void to_hex(const uint8_t *d, size_t n, char *hex)
{
    static const char digits[] = "0123456789abcdef";
    size_t i;

    for (i = 0; i < n; i++) {
        hex[2 * i] = digits[d[i] >> 4];
        hex[2 * i + 1] = digits[d[i] & 15];
    }
    hex[2 * n] = '\0';
}

void dt_sha256_hex(const void *p, size_t len, char hex[65])
{
    struct sha256_ctx ctx;
    uint8_t d[SHA256_DIGEST_SIZE];

    sha256_init(&ctx);
    sha256_update(&ctx, len, p);
    sha256_digest(&ctx, SHA256_DIGEST_SIZE, d);
    to_hex(d, SHA256_DIGEST_SIZE, hex);
}

static int digest_cb(const char *buffer, size_t size, void *data)
{
    sha256_update(data, size, (const uint8_t *)buffer);
    return 0;
}

int dt__seal_digest(const json_t *v, char hex[65])
{
    struct sha256_ctx ctx;
    uint8_t d[SHA256_DIGEST_SIZE];

    sha256_init(&ctx);
    if (json_dump_callback(v, digest_cb, &ctx,
                           JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII |
                               JSON_ENCODE_ANY | JSON_REAL_PRECISION(17)) != 0)
        return -1;
    sha256_digest(&ctx, SHA256_DIGEST_SIZE, d);
    to_hex(d, SHA256_DIGEST_SIZE, hex);
    return 0;
}

dt_status dt__seal_read(const char *path, const dt_allocator *alloc, char **buf,
                        size_t *len, size_t *cap, dt_error *err)
{
    return dt__read_file(path, DT__SEAL_MAX_BYTES, alloc, buf, len, cap, err);
}

/* ----- Building ----- */

/* Set obj[key] = v, noting a failure (NULL value or no memory). */
static void put(json_t *obj, const char *key, json_t *v, int *oom)
{
    if (!obj || !v) {
        json_decref(v);
        *oom = 1;
    } else if (json_object_set_new(obj, key, v) != 0) {
        *oom = 1;
    }
}

static void push(json_t *arr, json_t *v, int *oom)
{
    if (!arr || !v) {
        json_decref(v);
        *oom = 1;
    } else if (json_array_append_new(arr, v) != 0) {
        *oom = 1;
    }
}

static json_t *num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *pair(double a, double b)
{
    return json_pack("[oo]", num(a), num(b));
}

static double clamp100(double v)
{
    return v < 0 ? 0 : v > 100 ? 100 : v;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

/* The finite draws of a forecast, sorted, as a JSON array. */
static json_t *sorted_draws(const double *d, size_t n,
                            const dt_allocator *alloc, int *oom)
{
    double *x = dt__calloc(alloc, n ? n : 1, sizeof *x);
    json_t *a = json_array();
    size_t i, k = 0;

    if (!x || !a) {
        dt__free(alloc, x, (n ? n : 1) * sizeof *x);
        json_decref(a);
        *oom = 1;
        return NULL;
    }
    for (i = 0; i < n; i++)
        if (isfinite(d[i]))
            x[k++] = d[i];
    qsort(x, k, sizeof *x, cmp_double);
    for (i = 0; i < k && !*oom; i++)
        push(a, json_real(x[i]), oom);
    dt__free(alloc, x, (n ? n : 1) * sizeof *x);
    return a;
}

static json_t *forecasts_json(const dt_sweep *sw, const dt_allocator *alloc,
                              int *oom)
{
    const dt_scenario *sc = dt_sweep_scenario(sw);
    size_t i, m, n_issues = dt_scenario_n_issues(sc);
    json_t *a = json_array();

    for (i = 0; i < n_issues && !*oom; i++)
        for (m = 0; m < dt_sweep_n_models(sw) && !*oom; m++) {
            const dt_sweep_stats *st = dt_sweep_forecast_stats(sw, i, m);
            json_t *f = json_object();

            put(f, "issue", json_string(dt_scenario_issue(sc, i)->id), oom);
            put(f, "model", json_string(dt_sweep_model(sw, m)->name), oom);
            put(f, "forecast", num(dt_sweep_forecast_base(sw, i, m)), oom);
            put(f, "median", num(st->q[2]), oom);
            put(f, "interval", pair(st->q[0], st->q[4]), oom);
            put(f, "mean", num(st->mean), oom);
            put(f, "sd", num(st->sd), oom);
            put(f, "n", json_integer((json_int_t)st->n), oom);
            put(f, "draws",
                sorted_draws(dt_sweep_forecasts(sw, i, m), dt_sweep_n_kept(sw),
                             alloc, oom),
                oom);
            push(a, f, oom);
        }
    return a;
}

static json_t *stats_json(const dt_sweep_stats *st, int *oom)
{
    json_t *o = json_object();

    put(o, "median", num(st->q[2]), oom);
    put(o, "interval", pair(st->q[0], st->q[4]), oom);
    put(o, "mean", num(st->mean), oom);
    put(o, "n", json_integer((json_int_t)st->n), oom);
    return o;
}

/* The verdicts: the scenario as written, and over the draws. */
static json_t *analysis_json(const dt_sweep *sw, const dt_analysis *an,
                             int *oom)
{
    const dt_scenario *sc = dt_sweep_scenario(sw);
    const dt_analysis_run *r = &an->base;
    int p = dt_score_predicted_agreement(r);
    json_t *o = json_object(), *deal = json_array();
    size_t i;

    put(o, "zone",
        p < 0   ? json_null()
        : p > 0 ? json_string("agreement")
                : json_string("no agreement"),
        oom);
    put(o, "durability", num(r->durability), oom);
    put(o, "p_zone", num(dt_sweep_p_zone(sw)), oom);
    put(o, "durability_draws", stats_json(dt_sweep_durability_stats(sw), oom),
        oom);
    for (i = 0; i < dt_scenario_n_issues(sc) && !*oom; i++) {
        json_t *d = stats_json(dt_sweep_deal_stats(sw, i), oom);

        put(d, "issue", json_string(dt_scenario_issue(sc, i)->id), oom);
        put(d, "point",
            num(r->deal.found && r->deal.point ? r->deal.point[i]
                                               : (double)NAN),
            oom);
        push(deal, d, oom);
    }
    put(o, "deal", deal, oom);
    return o;
}

/* What each observed value counts as, per issue and model. */
static json_t *rubric_json(const dt_sweep *sw, int *oom)
{
    const dt_scenario *sc = dt_sweep_scenario(sw);
    json_t *o = json_object(), *issues = json_array(), *ag = json_object();
    size_t i, m;

    for (i = 0; i < dt_scenario_n_issues(sc) && !*oom; i++) {
        const dt_issue *is = dt_scenario_issue(sc, i);
        json_t *r = json_object(), *bands = json_array();

        put(r, "issue", json_string(is->id), oom);
        put(r, "name", json_string(is->name ? is->name : is->id), oom);
        put(r, "scale", pair(0, 100), oom);
        put(r, "low", is->low ? json_string(is->low) : json_null(), oom);
        put(r, "high", is->high ? json_string(is->high) : json_null(), oom);
        put(r, "no_deal",
            is->has_status_quo ? json_real(is->status_quo.v) : json_null(),
            oom);
        for (m = 0; m < dt_sweep_n_models(sw) && !*oom; m++) {
            double x = dt_sweep_forecast_base(sw, i, m);
            const dt_sweep_stats *st = dt_sweep_forecast_stats(sw, i, m);
            json_t *b = json_object();

            put(b, "model", json_string(dt_sweep_model(sw, m)->name), oom);
            put(b, "hit5", pair(clamp100(x - 5), clamp100(x + 5)), oom);
            put(b, "hit10", pair(clamp100(x - 10), clamp100(x + 10)), oom);
            put(b, "covered", pair(st->q[0], st->q[4]), oom);
            push(bands, b, oom);
        }
        put(r, "bands", bands, oom);
        push(issues, r, oom);
    }
    put(o, "observed",
        json_string("the value the issue settled at, read on its 0-100 "
                    "scale (0 = low, 100 = high); without a deal, the "
                    "no_deal value (the status quo) where one is given"),
        oom);
    put(o, "issues", issues, oom);
    put(ag, "yes",
        json_string("the parties concluded an agreement covering the "
                    "issues (signed or formally announced)"),
        oom);
    put(ag, "no", json_string("no such agreement by the resolution date"), oom);
    put(ag, "forecast",
        num(dt_sweep_has_analysis(sw) ? dt_sweep_p_zone(sw) : (double)NAN),
        oom);
    put(o, "agreement", ag, oom);
    return o;
}

dt_status dt__seal_build(const char *path, const char *name, const char *buf,
                         size_t len, const dt_seal_opts *o, json_t **out,
                         dt_error *err)
{
    const dt_model_type *types[DT_FORECAST_MAX_MODELS];
    dt_sweep_opts so = DT_SWEEP_OPTS_INIT;
    dt_scenario *sc = NULL;
    dt_sweep *sw = NULL;
    dt_analysis *an = NULL;
    json_t *rec = NULL, *models = json_array();
    char hex[65];
    size_t m, n_models = o->n_models ? o->n_models : 1;
    int oom = !models;
    dt_status st;

    *out = NULL;
    if (n_models > DT_FORECAST_MAX_MODELS) {
        st = dt__error_set(err, DT_EINVAL, "too many models (at most %d)",
                           DT_FORECAST_MAX_MODELS);
        goto done;
    }
    for (m = 0; m < n_models; m++) {
        const char *mname = o->n_models ? o->models[m] : "eu";

        types[m] = dt_model_find(mname);
        if (!types[m]) {
            st = dt__error_set(err, DT_EINVAL,
                               "unknown model '%s' (expected mean, median, eu "
                               "or nbs)",
                               mname);
            goto done;
        }
        push(models, json_string(types[m]->name), &oom);
    }
    if ((unsigned)o->analysis > DT_SWEEP_ANALYSIS_ON) {
        st = dt__error_set(err, DT_EINVAL, "bad analysis mode");
        goto done;
    }
    st = dt_scenario_parse(buf, len, name,
                           dt_scenario_format_guess(path, buf, len), NULL, &sc,
                           err);
    if (st != DT_OK)
        goto done;
    so.models = types;
    so.n_models = n_models;
    so.seed = o->seed;
    so.n_draws = o->n_draws;
    so.threads = o->threads ? o->threads : 1;
    so.analysis = o->analysis;
    st = dt_sweep_new(sc, &so, &sw, err);
    if (st == DT_OK)
        st = dt_sweep_run(sw, 0, dt_sweep_n_draws(sw), err);
    if (st == DT_OK)
        st = dt_sweep_reduce(sw, err);
    if (st == DT_OK && dt_sweep_has_analysis(sw))
        st = dt_analyze(sc, NULL, &an, err);
    if (st != DT_OK)
        goto done;

    rec = json_object();
    {
        json_t *in = json_object(), *bd = json_object(), *op = json_object();

        dt_sha256_hex(buf, len, hex);
        put(in, "file", json_string(path), &oom);
        put(in, "sha256", json_string(hex), &oom);
        put(in, "bytes", json_integer((json_int_t)len), &oom);
        put(in, "scenario", json_string(dt_scenario_name(sc)), &oom);
        put(bd, "version", json_string(dt_version()), &oom);
        put(bd, "commit", json_string(dt_build_commit()), &oom);
        put(op, "models", models, &oom);
        models = NULL;
        put(op, "draws", json_integer((json_int_t)o->n_draws), &oom);
        put(op, "seed", json_integer((json_int_t)o->seed), &oom);
        put(op, "analysis", json_string(analysis_modes[o->analysis]), &oom);
        put(op, "interval_percent", json_pack("[ii]", 5, 95), &oom);
        put(rec, "schema", json_string(DT__SEAL_SCHEMA), &oom);
        put(rec, "input", in, &oom);
        put(rec, "detente", bd, &oom);
        put(rec, "options", op, &oom);
    }
    put(rec, "forecasts", forecasts_json(sw, dt_scenario_allocator(sc), &oom),
        &oom);
    put(rec, "analysis", an ? analysis_json(sw, an, &oom) : json_null(), &oom);
    put(rec, "rubric", rubric_json(sw, &oom), &oom);
    if (oom)
        st = dt__error_set(err, DT_ENOMEM,
                           "out of memory while building the record");
done:
    json_decref(models);
    dt_analysis_free(an);
    dt_sweep_free(sw);
    dt_scenario_free(sc);
    if (st != DT_OK)
        json_decref(rec);
    else
        *out = rec;
    return st;
}

/* Add the "seal": the digest of every sealed section. */
static dt_status stamp(json_t *rec, dt_error *err)
{
    json_t *seal = json_object(), *sec = json_object();
    char hex[65];
    size_t k;
    int oom = 0;

    for (k = 0; k < DT__SEAL_N_SECTIONS && !oom; k++) {
        json_t *v = json_object_get(rec, dt__seal_sections[k]);

        if (!v || dt__seal_digest(v, hex) != 0)
            oom = 1;
        else
            put(sec, dt__seal_sections[k], json_string(hex), &oom);
    }
    put(seal, "algorithm", json_string("sha256"), &oom);
    put(seal, "sections", sec, &oom);
    put(rec, "seal", seal, &oom);
    return oom ? dt__error_set(err, DT_ENOMEM,
                               "out of memory while sealing the record")
               : DT_OK;
}

dt_status dt_seal_new(const char *path, const dt_seal_opts *o, dt_seal **out,
                      dt_error *err)
{
    static const dt_seal_opts defaults = DT_SEAL_OPTS_INIT;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    json_t *rec = NULL;
    dt_seal *s;
    dt_status st;

    *out = NULL;
    if (!o)
        o = &defaults;
    st = dt__seal_read(path, NULL, &buf, &len, &cap, err);
    if (st == DT_OK)
        st = dt__seal_build(path, path, buf, len, o, &rec, err);
    dt__free(NULL, buf, cap);
    if (st == DT_OK)
        st = stamp(rec, err);
    if (st != DT_OK) {
        json_decref(rec);
        return st;
    }
    s = dt__alloc(NULL, sizeof *s);
    if (!s) {
        json_decref(rec);
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    s->rec = rec;
    s->alloc = NULL;
    *out = s;
    return DT_OK;
}

void dt_seal_free(dt_seal *s)
{
    if (!s)
        return;
    json_decref(s->rec);
    dt__free(s->alloc, s, sizeof *s);
}

/* ----- Reading and writing ----- */

/* Check the shape verify, resolve and score rely on. */
static dt_status check_shape(const json_t *rec, const char *name, dt_error *err)
{
    const json_t *sch = json_object_get(rec, "schema");
    const json_t *fc = json_object_get(rec, "forecasts");
    const json_t *f;
    size_t k, i;

    if (!json_is_object(rec))
        return dt__error_at(err, DT_ESCENARIO, name, 1, 1,
                            "expected a JSON object (a sealed record)");
    if (!json_is_string(sch) ||
        strcmp(json_string_value(sch), DT__SEAL_SCHEMA) != 0)
        return dt__error_at(err, DT_ESCENARIO, name, 0, 0,
                            "key 'schema': expected \"%s\"", DT__SEAL_SCHEMA);
    for (k = 0; k < DT__SEAL_N_SECTIONS; k++)
        if (!json_object_get(rec, dt__seal_sections[k]))
            return dt__error_at(err, DT_ESCENARIO, name, 0, 0,
                                "key '%s' is missing", dt__seal_sections[k]);
    if (!json_is_array(fc))
        return dt__error_at(err, DT_ESCENARIO, name, 0, 0,
                            "key 'forecasts': expected an array");
    json_array_foreach(fc, i, f)
    {
        const json_t *d = json_object_get(f, "draws");
        const json_t *iv = json_object_get(f, "interval");

        if (!json_is_string(json_object_get(f, "issue")) ||
            !json_is_string(json_object_get(f, "model")) || !json_is_array(d) ||
            !json_is_array(iv) || json_array_size(iv) != 2)
            return dt__error_at(err, DT_ESCENARIO, name, 0, 0,
                                "forecasts[%zu]: expected issue, model, "
                                "interval [lo, hi] and draws",
                                i);
    }
    return DT_OK;
}

dt_status dt_seal_parse(const char *buf, size_t len, const char *name,
                        dt_seal **out, dt_error *err)
{
    json_error_t je;
    json_t *rec;
    dt_seal *s;
    dt_status st;

    *out = NULL;
    rec = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
    if (!rec)
        return dt__error_at(err, DT_ESCENARIO, name, (unsigned)je.line,
                            (unsigned)je.column, "not a JSON record: %s",
                            je.text);
    st = check_shape(rec, name, err);
    if (st != DT_OK) {
        json_decref(rec);
        return st;
    }
    s = dt__alloc(NULL, sizeof *s);
    if (!s) {
        json_decref(rec);
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    s->rec = rec;
    s->alloc = NULL;
    *out = s;
    return DT_OK;
}

dt_status dt_seal_load(const char *path, dt_seal **out, dt_error *err)
{
    char *buf;
    size_t len, cap;
    dt_status st = dt__seal_read(path, NULL, &buf, &len, &cap, err);

    *out = NULL;
    if (st != DT_OK)
        return st;
    st = dt_seal_parse(buf, len, path, out, err);
    dt__free(NULL, buf, cap);
    return st;
}

/* jansson's dump callback onto a dt_write_fn. */
struct sink {
    dt_write_fn write;
    void *ud;
    dt_status st;
};

static int dump_cb(const char *buffer, size_t size, void *data)
{
    struct sink *k = data;

    if (k->st == DT_OK)
        k->st = k->write(k->ud, buffer, size);
    return k->st == DT_OK ? 0 : -1;
}

dt_status dt_seal_write_json(const dt_seal *s, dt_write_fn write, void *ud,
                             dt_error *err)
{
    struct sink k = {write, ud, DT_OK};

    if (json_dump_callback(s->rec, dump_cb, &k,
                           JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                               JSON_REAL_PRECISION(17)) != 0 &&
        k.st == DT_OK)
        k.st = DT_ENOMEM;
    if (k.st == DT_OK)
        k.st = write(ud, "\n", 1);
    if (k.st != DT_OK)
        return dt__error_set(err, k.st, "cannot write the record");
    return DT_OK;
}

const char *dt_seal_input(const dt_seal *s)
{
    return json_string_value(
        json_object_get(json_object_get(s->rec, "input"), "file"));
}

const char *dt_seal_input_sha256(const dt_seal *s)
{
    return json_string_value(
        json_object_get(json_object_get(s->rec, "input"), "sha256"));
}
