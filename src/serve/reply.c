/*
 * detente serve: byte buffers, replies (JSON bodies, the error shape of
 * docs/serve.md) and checked request fields.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sv.h"

/* ----- Buffers ----- */

void sv_buf_put(sv_buf *b, const void *p, size_t n)
{
    if (b->nomem)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        char *q;

        while (cap < b->len + n + 1)
            cap *= 2;
        q = realloc(b->p, cap);
        if (!q) {
            b->nomem = 1;
            return;
        }
        b->p = q;
        b->cap = cap;
    }
    if (n)
        memcpy(b->p + b->len, p, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void sv_buf_puts(sv_buf *b, const char *s)
{
    sv_buf_put(b, s, strlen(s));
}

void sv_buf_printf(sv_buf *b, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->nomem = 1;
        return;
    }
    if ((size_t)n < sizeof small) {
        sv_buf_put(b, small, (size_t)n);
        return;
    }
    {
        char *big = malloc((size_t)n + 1);

        if (!big) {
            b->nomem = 1;
            return;
        }
        va_start(ap, fmt);
        vsnprintf(big, (size_t)n + 1, fmt, ap);
        va_end(ap);
        sv_buf_put(b, big, (size_t)n);
        free(big);
    }
}

void sv_buf_release(sv_buf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

dt_status sv_buf_write(void *ud, const void *p, size_t n)
{
    sv_buf *b = ud;

    sv_buf_put(b, p, n);
    return b->nomem ? DT_ENOMEM : DT_OK;
}

int sv_buf_chart_write(void *ctx, const unsigned char *data, size_t len)
{
    sv_buf *b = ctx;

    sv_buf_put(b, data, len);
    return b->nomem ? -1 : 0;
}

/* ----- Replies ----- */

/* A JSON string of s; messages quote request text, which may not be
 * UTF-8: then its bytes are kept as Latin-1 would read them. */
static json_t *text(const char *s)
{
    json_t *j = json_string(s);
    char buf[1024];
    size_t i, n = 0;

    if (j)
        return j;
    for (i = 0; s[i] && n + 3 < sizeof buf; i++) {
        unsigned char ch = (unsigned char)s[i];

        if (ch < 0x80)
            buf[n++] = (char)ch;
        else {
            buf[n++] = (char)(0xc0 | (ch >> 6));
            buf[n++] = (char)(0x80 | (ch & 0x3f));
        }
    }
    buf[n] = '\0';
    return json_string(buf);
}

static void reset(sv_reply *r)
{
    sv_buf_release(&r->body);
    r->type = "application/json";
}

void sv_reply_json(sv_reply *r, unsigned status, json_t *j)
{
    char *s;

    reset(r);
    s = j ? json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
    json_decref(j);
    if (!s) {
        r->status = 500;
        sv_buf_puts(&r->body, "{\"error\":{\"code\":\"internal\","
                              "\"message\":\"out of memory\",\"errors\":[]}}");
        return;
    }
    r->status = status;
    sv_buf_puts(&r->body, s);
    sv_buf_puts(&r->body, "\n");
    free(s);
}

void sv_reply_errors(sv_reply *r, unsigned status, const char *code,
                     const char *msg, json_t *errors, const char *yaml)
{
    json_t *e = json_object();

    json_object_set_new(e, "code", json_string(code));
    /* Messages quote request text: never let bad UTF-8 lose them. */
    json_object_set_new(e, "message", text(msg));
    json_object_set_new(e, "errors", errors ? errors : json_array());
    if (yaml) {
        json_t *y = json_string(yaml);

        if (y)
            json_object_set_new(e, "yaml", y);
    }
    sv_reply_json(r, status, json_pack("{s:o}", "error", e));
}

void sv_reply_error(sv_reply *r, unsigned status, const char *code,
                    const char *fmt, ...)
{
    char msg[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    sv_reply_errors(r, status, code, msg, NULL, NULL);
}

void sv_reply_dt(sv_reply *r, dt_status st, const dt_error *err,
                 const char *what)
{
    char buf[600];

    dt_error_format(err, buf, sizeof buf);
    switch (st) {
    case DT_EINVAL:
        sv_reply_error(r, 400, "bad_request", "%s: %s", what, buf);
        break;
    case DT_ESCENARIO:
    case DT_ERANGE: {
        json_t *errs = json_array();
        char msg[800];

        json_array_append_new(errs, sv_error_json(err));
        snprintf(msg, sizeof msg, "%s: %s", what, err->msg);
        sv_reply_errors(r, 422, "invalid_scenario", msg, errs, NULL);
        break;
    }
    default:
        sv_reply_error(r, 500, "internal", "%s: %s", what, buf);
        break;
    }
}

void sv_reply_doc(sv_reply *r, const sv_buf *doc)
{
    reset(r);
    if (doc->nomem) {
        sv_reply_error(r, 500, "internal", "out of memory");
        return;
    }
    r->status = 200;
    sv_buf_put(&r->body, doc->p ? doc->p : "", doc->len);
}

json_t *sv_error_json(const dt_error *e)
{
    json_t *j = json_object();

    json_object_set_new(j, "file", text(e->file));
    json_object_set_new(j, "line", json_integer(e->line));
    json_object_set_new(j, "col", json_integer(e->col));
    json_object_set_new(j, "message", text(e->msg));
    return j;
}

/* ----- Request fields ----- */

int sv_field_bool(json_t *o, const char *key, int *out, sv_reply *r)
{
    json_t *v = json_object_get(o, key);

    if (!v || json_is_null(v))
        return 1;
    if (!json_is_boolean(v)) {
        sv_reply_error(r, 400, "bad_request", "\"%s\" must be true or false",
                       key);
        return 0;
    }
    *out = json_is_true(v);
    return 1;
}

int sv_field_uint(json_t *o, const char *key, uint64_t max, uint64_t *out,
                  sv_reply *r)
{
    json_t *v = json_object_get(o, key);
    json_int_t i;

    if (!v || json_is_null(v))
        return 1;
    if (json_is_real(v)) {
        double d = json_real_value(v);

        if (d >= 0 && d <= (double)max && floor(d) == d) {
            *out = (uint64_t)d;
            return 1;
        }
    } else if (json_is_integer(v)) {
        i = json_integer_value(v);
        if (i >= 0 && (uint64_t)i <= max) {
            *out = (uint64_t)i;
            return 1;
        }
    }
    sv_reply_error(r, 400, "bad_request",
                   "\"%s\" must be a whole number from 0 to %llu", key,
                   (unsigned long long)max);
    return 0;
}

int sv_field_string(json_t *o, const char *key, const char **out, sv_reply *r)
{
    json_t *v = json_object_get(o, key);

    if (!v || json_is_null(v))
        return 1;
    if (!json_is_string(v) ||
        strlen(json_string_value(v)) != json_string_length(v)) {
        sv_reply_error(r, 400, "bad_request", "\"%s\" must be a string", key);
        return 0;
    }
    *out = json_string_value(v);
    return 1;
}

int sv_field_strings(json_t *o, const char *key, json_t **out, sv_reply *r)
{
    json_t *v = json_object_get(o, key), *e;
    size_t i;

    *out = NULL;
    if (!v || json_is_null(v))
        return 1;
    if (!json_is_array(v))
        goto bad;
    json_array_foreach(v, i, e)
    {
        if (!json_is_string(e) ||
            strlen(json_string_value(e)) != json_string_length(e))
            goto bad;
    }
    *out = v;
    return 1;
bad:
    sv_reply_error(r, 400, "bad_request", "\"%s\" must be a list of strings",
                   key);
    return 0;
}
