/*
 * Status strings and the single funnel for errors (dt__error_set), after
 * libuv's UV_ERRNO_MAP and GSL's gsl_error.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

const char *dt_status_str(dt_status s)
{
    switch (s) {
#define DT__STATUS_CASE(name, value, desc)                                     \
    case DT_##name:                                                            \
        return desc;
        DT_STATUS_MAP(DT__STATUS_CASE)
#undef DT__STATUS_CASE
    }
    return "unknown status";
}

const char *dt_version(void)
{
    return DT_VERSION;
}

static void nomem_detail(dt_error *err, const char *func);

/*
 * Cut a trailing incomplete UTF-8 sequence left where vsnprintf cut a
 * long message (a quoted name of 256 bytes of two-byte letters): the
 * message stays valid UTF-8 for every renderer (cairo refuses others).
 */
static void utf8_trim(char *s)
{
    size_t n = strlen(s), k = n, need;
    unsigned char c;

    while (k > 0 && ((unsigned char)s[k - 1] & 0xC0) == 0x80 && n - k < 3)
        k--;
    if (k == 0)
        return;
    c = (unsigned char)s[k - 1];
    need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (n - (k - 1) < need)
        s[k - 1] = '\0';
}

dt_status dt__error_vat(dt_error *err, dt_status code, const char *file,
                        unsigned line, unsigned col, const char *fmt,
                        va_list ap)
{
    if (!err)
        return code;
    err->code = code;
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    utf8_trim(err->msg);
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->col = col;
    if (code == DT_ENOMEM)
        nomem_detail(err, NULL);
    return code;
}

dt_status dt__error_at(dt_error *err, dt_status code, const char *file,
                       unsigned line, unsigned col, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    dt__error_vat(err, code, file, line, col, fmt, ap);
    va_end(ap);
    return code;
}

/* Append where and how much to an out-of-memory message. */
static void nomem_detail(dt_error *err, const char *func)
{
    size_t len = strlen(err->msg), n = dt__alloc_failed_take();
    static const char *const units[] = {"KiB", "MiB", "GiB", "TiB"};
    double v = (double)n;
    int u = -1;

    if (func && !strstr(err->msg, " in "))
        len += (size_t)snprintf(
            err->msg + len, len < sizeof err->msg ? sizeof err->msg - len : 0,
            " in %s", func);
    if (len >= sizeof err->msg || n == 0)
        return;
    if (n == SIZE_MAX) {
        snprintf(err->msg + len, sizeof err->msg - len,
                 ": a request larger than the address space failed");
        return;
    }
    while (v >= 1024.0 && u < 3) {
        v /= 1024.0;
        u++;
    }
    if (u < 0)
        snprintf(err->msg + len, sizeof err->msg - len,
                 ": a request for %zu bytes failed", n);
    else
        snprintf(err->msg + len, sizeof err->msg - len,
                 ": a request for %zu bytes (%.1f %s) failed", n, v, units[u]);
}

dt_status dt__error_set_in(const char *func, dt_error *err, dt_status code,
                           const char *fmt, ...)
{
    va_list ap;

    if (!err) {
        if (code == DT_ENOMEM)
            dt__alloc_failed_take();
        return code;
    }
    err->code = code;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    utf8_trim(err->msg);
    err->file[0] = '\0';
    err->line = 0;
    err->col = 0;
    if (code == DT_ENOMEM)
        nomem_detail(err, func);
    return code;
}

#undef dt__error_set
dt_status dt__error_set(dt_error *err, dt_status code, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    dt__error_vat(err, code, NULL, 0, 0, fmt, ap);
    va_end(ap);
    return code;
}

int dt_error_format(const dt_error *e, char *buf, size_t n)
{
    if (e->file[0] && e->line && e->col)
        return snprintf(buf, n, "%s:%u:%u: %s", e->file, e->line, e->col,
                        e->msg);
    if (e->file[0] && e->line)
        return snprintf(buf, n, "%s:%u: %s", e->file, e->line, e->msg);
    if (e->file[0])
        return snprintf(buf, n, "%s: %s", e->file, e->msg);
    return snprintf(buf, n, "%s", e->msg);
}
