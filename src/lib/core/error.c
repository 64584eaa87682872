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

dt_status dt__error_vat(dt_error *err, dt_status code, const char *file,
                        unsigned line, unsigned col, const char *fmt,
                        va_list ap)
{
    if (!err)
        return code;
    err->code = code;
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->col = col;
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
