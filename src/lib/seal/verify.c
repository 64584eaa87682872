/*
 * Verifying a sealed record (dt_seal_verify, seal.h): check each
 * section against its digest, the input's SHA-256 and the build, then
 * run the recorded options again and compare every result bit for bit
 * (reals are written with 17 significant digits, so a double read back
 * is the double written).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "seal/seal_int.h"

#include <detente/detente.h>

const char *dt_seal_diff_kind_name(dt_seal_diff_kind k)
{
    switch (k) {
    case DT_SEAL_DIFF_INPUT:
        return "input";
    case DT_SEAL_DIFF_VERSION:
        return "version";
    case DT_SEAL_DIFF_OPTIONS:
        return "options";
    case DT_SEAL_DIFF_RESULT:
        return "result";
    case DT_SEAL_DIFF_RECORD:
        break;
    }
    return "record";
}

static void diff(dt_seal_check *chk, dt_seal_diff_kind kind, const char *fmt,
                 ...) __attribute__((format(printf, 3, 4)));

static void diff(dt_seal_check *chk, dt_seal_diff_kind kind, const char *fmt,
                 ...)
{
    if (chk->n_diffs < DT_SEAL_MAX_DIFFS) {
        dt_seal_diff *d = &chk->diffs[chk->n_diffs];
        va_list ap;

        d->kind = kind;
        va_start(ap, fmt);
        vsnprintf(d->what, sizeof d->what, fmt, ap);
        va_end(ap);
    }
    chk->n_diffs++;
}

/* A JSON value in a few words (numbers with 17 digits). */
static const char *show(const json_t *v, char *buf, size_t n)
{
    if (!v)
        snprintf(buf, n, "missing");
    else if (json_is_real(v))
        snprintf(buf, n, "%.17g", json_real_value(v));
    else if (json_is_integer(v))
        snprintf(buf, n, "%lld", (long long)json_integer_value(v));
    else if (json_is_string(v))
        snprintf(buf, n, "\"%.60s\"", json_string_value(v));
    else if (json_is_null(v))
        snprintf(buf, n, "null");
    else if (json_is_array(v) && json_array_size(v) == 2 &&
             json_is_number(json_array_get(v, 0)) &&
             json_is_number(json_array_get(v, 1)))
        snprintf(buf, n, "[%.17g, %.17g]",
                 json_number_value(json_array_get(v, 0)),
                 json_number_value(json_array_get(v, 1)));
    else
        snprintf(buf, n, "(a %s)", json_is_array(v) ? "list" : "value");
    return buf;
}

/* Compare the keys of two objects; name each that differs. */
static void compare_keys(dt_seal_check *chk, const char *what,
                         const json_t *was, const json_t *now)
{
    const char *key;
    const json_t *v;
    char a[100], b[100];

    json_object_foreach((json_t *)was, key, v)
    {
        const json_t *w = json_object_get(now, key);

        if (w && json_equal(v, w))
            continue;
        if (strcmp(key, "draws") == 0 && json_is_array(v) && json_is_array(w)) {
            size_t i, n = 0;

            for (i = 0; i < json_array_size(v); i++)
                n += !json_equal(json_array_get(v, i), json_array_get(w, i));
            diff(chk, DT_SEAL_DIFF_RESULT,
                 "%s: draws differ (%zu of %zu sealed, %zu now)", what, n,
                 json_array_size(v), json_array_size(w));
        } else {
            diff(chk, DT_SEAL_DIFF_RESULT, "%s: %s was %s, now %s", what, key,
                 show(v, a, sizeof a), show(w, b, sizeof b));
        }
    }
    json_object_foreach((json_t *)now, key, v) if (!json_object_get(was, key))
        diff(chk, DT_SEAL_DIFF_RESULT, "%s: %s is new", what, key);
}

static void compare_forecasts(dt_seal_check *chk, const json_t *was,
                              const json_t *now)
{
    size_t i, n = json_array_size(was);

    if (n != json_array_size(now)) {
        diff(chk, DT_SEAL_DIFF_RESULT,
             "forecasts: %zu sealed, %zu now (issues or models changed)", n,
             json_array_size(now));
        return;
    }
    for (i = 0; i < n; i++) {
        const json_t *f = json_array_get(was, i), *g = json_array_get(now, i);
        char what[160];

        if (json_equal(f, g))
            continue;
        snprintf(what, sizeof what, "forecast %s/%s",
                 json_string_value(json_object_get(f, "model")),
                 json_string_value(json_object_get(f, "issue")));
        compare_keys(chk, what, f, g);
    }
}

static void compare_analysis(dt_seal_check *chk, const json_t *was,
                             const json_t *now)
{
    const json_t *d0, *d1;
    size_t i;

    if (json_equal(was, now))
        return;
    if (!json_is_object(was) || !json_is_object(now)) {
        diff(chk, DT_SEAL_DIFF_RESULT, "analysis: %s sealed, %s now",
             json_is_object(was) ? "run" : "not run",
             json_is_object(now) ? "run" : "not run");
        return;
    }
    {
        json_t *a = json_deep_copy(was), *b = json_deep_copy(now);

        if (a && b) {
            json_object_del(a, "deal");
            json_object_del(b, "deal");
            compare_keys(chk, "analysis", a, b);
        }
        json_decref(a);
        json_decref(b);
    }
    d0 = json_object_get(was, "deal");
    d1 = json_object_get(now, "deal");
    if (json_array_size(d0) != json_array_size(d1)) {
        diff(chk, DT_SEAL_DIFF_RESULT,
             "analysis: deal has %zu issues sealed, "
             "%zu now",
             json_array_size(d0), json_array_size(d1));
        return;
    }
    for (i = 0; i < json_array_size(d0); i++)
        if (!json_equal(json_array_get(d0, i), json_array_get(d1, i))) {
            char what[120];

            snprintf(what, sizeof what, "deal %s",
                     json_string_value(
                         json_object_get(json_array_get(d0, i), "issue")));
            compare_keys(chk, what, json_array_get(d0, i),
                         json_array_get(d1, i));
        }
}

/* The options in words: "models eu,mean; draws 200; seed 7; ...". */
static const char *options_text(const json_t *op, char *buf, size_t n)
{
    const json_t *models = json_object_get(op, "models");
    size_t i, used = 0;
    char a[40], b[40], c[40];

    used += (size_t)snprintf(buf, n, "models ");
    for (i = 0; i < json_array_size(models) && used < n; i++)
        used +=
            (size_t)snprintf(buf + used, n - used, "%s%s", i ? "," : "",
                             json_is_string(json_array_get(models, i))
                                 ? json_string_value(json_array_get(models, i))
                                 : "?");
    if (used < n)
        snprintf(buf + used, n - used, "; draws %s; seed %s; analysis %s",
                 show(json_object_get(op, "draws"), a, sizeof a),
                 show(json_object_get(op, "seed"), b, sizeof b),
                 show(json_object_get(op, "analysis"), c, sizeof c));
    return buf;
}

/* The recorded options; 0 when they cannot be used (named in err). */
static int read_opts(const json_t *op, dt_seal_opts *o, const char **names,
                     dt_error *err)
{
    static const char *const modes[] = {"auto", "off", "on"};
    const json_t *models = json_object_get(op, "models");
    const json_t *draws = json_object_get(op, "draws");
    const json_t *seed = json_object_get(op, "seed");
    const char *mode = json_string_value(json_object_get(op, "analysis"));
    size_t i;

    if (!json_is_array(models) || json_array_size(models) == 0 ||
        json_array_size(models) > DT_FORECAST_MAX_MODELS) {
        dt__error_set(err, DT_EINVAL,
                      "options.models: expected 1 to %d "
                      "model names",
                      DT_FORECAST_MAX_MODELS);
        return 0;
    }
    for (i = 0; i < json_array_size(models); i++) {
        names[i] = json_string_value(json_array_get(models, i));
        if (!names[i]) {
            dt__error_set(err, DT_EINVAL,
                          "options.models[%zu]: expected a "
                          "model name",
                          i);
            return 0;
        }
    }
    if (!json_is_integer(draws) || json_integer_value(draws) < 1 ||
        !json_is_integer(seed) || json_integer_value(seed) < 0) {
        dt__error_set(err, DT_EINVAL,
                      "options: draws (>= 1) and seed (>= 0) expected");
        return 0;
    }
    o->models = names;
    o->n_models = json_array_size(models);
    o->n_draws = (size_t)json_integer_value(draws);
    o->seed = (uint64_t)json_integer_value(seed);
    for (i = 0; i < 3; i++)
        if (mode && strcmp(mode, modes[i]) == 0)
            break;
    if (i == 3) {
        dt__error_set(err, DT_EINVAL,
                      "options.analysis: expected auto, off or on");
        return 0;
    }
    o->analysis = (dt_sweep_analysis)i;
    return 1;
}

dt_status dt_seal_verify(const dt_seal *s, const char *input, unsigned threads,
                         dt_seal_check *chk, dt_error *err)
{
    const json_t *rec = s->rec;
    const json_t *sections =
        json_object_get(json_object_get(rec, "seal"), "sections");
    const json_t *in = json_object_get(rec, "input");
    const json_t *bd = json_object_get(rec, "detente");
    const char *file = json_string_value(json_object_get(in, "file"));
    const char *sha = json_string_value(json_object_get(in, "sha256"));
    const char *ver = json_string_value(json_object_get(bd, "version"));
    const char *commit = json_string_value(json_object_get(bd, "commit"));
    const char *names[DT_FORECAST_MAX_MODELS];
    dt_seal_opts o = DT_SEAL_OPTS_INIT;
    json_t *now = NULL;
    char *buf = NULL, hex[65], opts_buf[200];
    size_t len = 0, cap = 0, k;
    dt_error e;
    dt_status st;

    chk->n_diffs = 0;
    /* 1. Each section against its digest. */
    for (k = 0; k < DT__SEAL_N_SECTIONS; k++) {
        const char *name = dt__seal_sections[k];
        const char *want = json_string_value(json_object_get(sections, name));
        dt_seal_diff_kind kind = k == 0   ? DT_SEAL_DIFF_INPUT
                                 : k == 1 ? DT_SEAL_DIFF_VERSION
                                 : k == 2 ? DT_SEAL_DIFF_OPTIONS
                                          : DT_SEAL_DIFF_RECORD;

        if (dt__seal_digest(json_object_get(rec, name), hex) != 0)
            return dt__error_set(err, DT_ENOMEM, "out of memory");
        if (!want)
            diff(chk, kind, "section '%s' has no digest in the seal", name);
        else if (strcmp(want, hex) != 0 && k == 2)
            diff(chk, kind,
                 "section 'options' was changed after sealing (its SHA-256 "
                 "does not match the seal's); it now reads %s",
                 options_text(json_object_get(rec, name), opts_buf,
                              sizeof opts_buf));
        else if (strcmp(want, hex) != 0)
            diff(chk, kind,
                 "section '%s' was changed after sealing (its SHA-256 is "
                 "%.12s..., "
                 "the seal says %.12s...)",
                 name, hex, want);
    }
    /* 2. The build. */
    if (!ver || strcmp(ver, dt_version()) != 0 || !commit ||
        strcmp(commit, dt_build_commit()) != 0)
        diff(chk, DT_SEAL_DIFF_VERSION,
             "sealed by detente %s (commit %s), this is detente %s (commit %s)",
             ver ? ver : "?", commit ? commit : "?", dt_version(),
             dt_build_commit());
    /* 3. The input's bytes. */
    if (!file) {
        diff(chk, DT_SEAL_DIFF_INPUT, "the record names no input file");
        return DT_OK;
    }
    if (!input)
        input = file;
    st = dt__seal_read(input, NULL, &buf, &len, &cap, &e);
    if (st == DT_ENOMEM)
        return dt__error_set(err, st, "%s", e.msg);
    if (st != DT_OK) {
        diff(chk, DT_SEAL_DIFF_INPUT, "%s", e.msg);
        return DT_OK;
    }
    dt_sha256_hex(buf, len, hex);
    if (!sha || strcmp(sha, hex) != 0)
        diff(chk, DT_SEAL_DIFF_INPUT, "%s has SHA-256 %s, the record sealed %s",
             input, hex, sha ? sha : "none");
    /* 4. Run again with the recorded options (the recorded path, so the
     *    input section can match). */
    if (!read_opts(json_object_get(rec, "options"), &o, names, err)) {
        dt__free(NULL, buf, cap);
        return DT_EINVAL;
    }
    o.threads = threads;
    st = dt__seal_build(file, input, buf, len, &o, &now, &e);
    dt__free(NULL, buf, cap);
    if (st == DT_ENOMEM)
        return dt__error_set(err, st, "%s", e.msg);
    if (st == DT_EINVAL) {
        dt__error_set(err, st, "options: %s", e.msg);
        return st;
    }
    if (st != DT_OK) {
        char msg[600];

        dt_error_format(&e, msg, sizeof msg);
        diff(chk, DT_SEAL_DIFF_INPUT, "the input cannot be run: %s", msg);
        return DT_OK;
    }
    if (!json_equal(json_object_get(rec, "options"),
                    json_object_get(now, "options")))
        diff(chk, DT_SEAL_DIFF_OPTIONS,
             "the options do not read back as sealed (models, draws, seed "
             "or analysis)");
    compare_forecasts(chk, json_object_get(rec, "forecasts"),
                      json_object_get(now, "forecasts"));
    compare_analysis(chk, json_object_get(rec, "analysis"),
                     json_object_get(now, "analysis"));
    if (!json_equal(json_object_get(rec, "rubric"),
                    json_object_get(now, "rubric")))
        diff(chk, DT_SEAL_DIFF_RESULT, "the resolution rubric differs");
    json_decref(now);
    return DT_OK;
}
