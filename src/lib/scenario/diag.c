/*
 * The error sink of the scenario parsers (dt__diag, declared in
 * ../csvread.h): counts the errors, keeps the first for the caller's
 * dt_error and passes each to the caller's on_error callback. Used by
 * every parser of this module and by the backtest's DEU reader.
 */
#include <stdarg.h>

#include "csvread.h"

dt_status dt__diag_at(dt__diag *d, dt_status code, unsigned line, unsigned col,
                      const char *fmt, ...)
{
    dt_error e;
    va_list ap;

    if (code == DT_ENOMEM)
        d->nomem = 1;
    va_start(ap, fmt);
    dt__error_vat(&e, code, d->file, line, col, fmt, ap);
    va_end(ap);
    if (d->count == 0 && d->first)
        *d->first = e;
    d->count++;
    if (d->opts->on_error)
        d->opts->on_error(d->opts->ud, &e);
    return code;
}

int dt__diag_full(const dt__diag *d)
{
    return d->nomem || (d->opts->max_errors && d->count >= d->opts->max_errors);
}
