/*
 * Buffered output through the library's write callback (internal.h,
 * dt__out): every document and JSON writer prints through it, so the
 * library never opens a file and a failing sink stops the writer at once.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

void dt__out_init(dt__out *o, dt_write_fn write, void *ud,
                  const dt_allocator *alloc)
{
    o->write = write;
    o->alloc = alloc;
    o->ud = ud;
    o->st = DT_OK;
    o->n = 0;
}

dt_status dt__out_flush(dt__out *o)
{
    if (o->st == DT_OK && o->n > 0)
        o->st = o->write(o->ud, o->buf, o->n);
    o->n = 0;
    return o->st;
}

void dt__out_put(dt__out *o, const char *s, size_t n)
{
    while (n > 0 && o->st == DT_OK) {
        size_t room = sizeof o->buf - o->n, k = n < room ? n : room;

        memcpy(o->buf + o->n, s, k);
        o->n += k;
        s += k;
        n -= k;
        if (o->n == sizeof o->buf)
            dt__out_flush(o);
    }
}

void dt__out_puts(dt__out *o, const char *s)
{
    dt__out_put(o, s, strlen(s));
}

void dt__out_putc(dt__out *o, char c)
{
    dt__out_put(o, &c, 1);
}

void dt__out_pad(dt__out *o, size_t n)
{
    static const char sp[] = "                                ";

    while (n > 0) {
        size_t k = n < sizeof sp - 1 ? n : sizeof sp - 1;

        dt__out_put(o, sp, k);
        n -= k;
    }
}

void dt__out_printf(dt__out *o, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        if (o->st == DT_OK)
            o->st = DT_EINTERNAL;
        return;
    }
    if ((size_t)n < sizeof small) {
        dt__out_put(o, small, (size_t)n);
        return;
    }
    /* Longer than the stack buffer: format in pieces of the output. */
    dt__out_flush(o);
    if (o->st != DT_OK)
        return;
    {
        size_t len = (size_t)n + 1;
        char *p = dt__alloc(o->alloc, len);

        if (!p) {
            o->st = DT_ENOMEM;
            return;
        }
        va_start(ap, fmt);
        vsnprintf(p, len, fmt, ap);
        va_end(ap);
        dt__out_put(o, p, (size_t)n);
        dt__free(o->alloc, p, len);
    }
}
