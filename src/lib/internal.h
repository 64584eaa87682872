/*
 * libdetente internals shared across modules (never installed): error
 * reporting, allocation through the dt_allocator hook, and the arena that
 * holds load-once data.
 */
#ifndef DT_INTERNAL_H
#define DT_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
/*
 * The headers that declare the banned functions come before banned.h:
 * with _FORTIFY_SOURCE (Debian's hardened builds) they define sprintf,
 * strcpy and others as inline functions, which the bans' macros would
 * otherwise rewrite into syntax errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <detente/detente.h>
#include "banned.h"

/*
 * libdetente-report is built on these internals: the shared libdetente
 * exports them (they are declared in no installed header, and their dt__
 * names say they are not API).
 */
#if defined(DT_BUILDING_LIB)
#pragma GCC visibility push(default)
#endif

/*
 * Every error passes through here (one breakpoint for all). Fills *err
 * when err is not NULL: code, message (printf-style), no location.
 * Returns code.
 */
dt_status dt__error_set(dt_error *err, dt_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/*
 * dt__error_set through this macro also records the calling function: a
 * DT_ENOMEM message then says where and how much, e.g. "out of memory in
 * dt_sweep_new: a request for 1717986918 bytes (1.6 GiB) failed" (the
 * size from dt__alloc_failed_take).
 */
dt_status dt__error_set_in(const char *func, dt_error *err, dt_status code,
                           const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
#define dt__error_set(err, code, ...)                                          \
    dt__error_set_in(__func__, err, code, __VA_ARGS__)

/* As dt__error_set, with a file and a 1-based line and column. */
dt_status dt__error_at(dt_error *err, dt_status code, const char *file,
                       unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
dt_status dt__error_vat(dt_error *err, dt_status code, const char *file,
                        unsigned line, unsigned col, const char *fmt,
                        va_list ap) __attribute__((format(printf, 6, 0)));

/* Allocation through an optional hook (NULL = C library). */
void *dt__alloc(const dt_allocator *a, size_t size);
void *dt__calloc(const dt_allocator *a, size_t n, size_t size);
void *dt__realloc(const dt_allocator *a, void *p, size_t old_size,
                  size_t new_size);
void dt__free(const dt_allocator *a, void *p, size_t size);
/*
 * The size of this thread's last failed allocation request (0 if none
 * since the last call), then forgotten. Like errno, it is per-thread
 * state written only on failure: the one exception to "no mutable
 * globals", so that every DT_ENOMEM message can say how much was asked
 * for without changing the signature of every allocating function.
 */
size_t dt__alloc_failed_take(void);

/*
 * Read the file at path whole into *buf (NUL-terminated; *len bytes read,
 * *cap allocated through alloc; the caller frees *cap bytes). Files over
 * max bytes are refused (DT_ESCENARIO, with the path); DT_EIO when it
 * cannot be opened or read; DT_ENOMEM. core/readfile.c.
 */
dt_status dt__read_file(const char *path, size_t max, const dt_allocator *alloc,
                        char **buf, size_t *len, size_t *cap, dt_error *err);

/*
 * Arena: bump allocator in chained blocks, freed in one call. Memory is
 * aligned for any type. dt__arena_strdup copies a NUL-terminated string.
 */
typedef struct dt__arena_block dt__arena_block;
typedef struct dt__arena {
    const dt_allocator *alloc; /* hook, borrowed */
    dt__arena_block *head;     /* newest block */
} dt__arena;

void dt__arena_init(dt__arena *ar, const dt_allocator *alloc);
void *dt__arena_alloc(dt__arena *ar, size_t size);
char *dt__arena_strdup(dt__arena *ar, const char *s);
char *dt__arena_strndup(dt__arena *ar, const char *s, size_t n);
void dt__arena_release(dt__arena *ar);

/*
 * Buffered output through a dt_write_fn (core/out.c): the writers of
 * documents and JSON print into one of these. After the first failure of
 * `write` nothing more is written and st keeps that status.
 */
typedef struct dt__out {
    dt_write_fn write;         /* the sink */
    const dt_allocator *alloc; /* for a printf longer than 512 bytes */
    void *ud;                  /* passed to write */
    dt_status st;              /* DT_OK, or the first failure */
    size_t n;                  /* bytes in buf */
    char buf[4096];            /* pending bytes */
} dt__out;

void dt__out_init(dt__out *o, dt_write_fn write, void *ud,
                  const dt_allocator *alloc);
void dt__out_put(dt__out *o, const char *s, size_t n);
void dt__out_puts(dt__out *o, const char *s);
void dt__out_putc(dt__out *o, char c);
void dt__out_printf(dt__out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Spaces, n of them. */
void dt__out_pad(dt__out *o, size_t n);
/* Flush what is pending; returns o->st. */
dt_status dt__out_flush(dt__out *o);

/* ASCII case-insensitive string equality (locale-independent); core/num.c. */
int dt__ieq(const char *a, const char *b);

/* Locale-independent strtod for the "C" number syntax; see core/num.c. */
int dt__parse_double(const char *s, double *out);

/*
 * The shortest decimal that reads back as v bit for bit, whatever the
 * locale ("0.1", "55", "-0", "1.5e-08"; "nan", "inf", "-inf"), into buf;
 * returns its length. core/num.c.
 */
#define DT__NUM_BUF 40
size_t dt__fmt_shortest(double v, char buf[DT__NUM_BUF]);

/*
 * Period of a cycle of the exchange model's history (rows of n positions,
 * NaN = off the issue): t - u for the earliest u < t - 1 whose row equals
 * row t exactly, or 0 when none does. exchange/exchange_model.c.
 */
unsigned dt__exchange_cycle(const double *hist, unsigned t, size_t n);

/*
 * The two steps of dt_weighted_median (model.h), for callers that keep
 * the order up to date themselves as positions move one at a time (the
 * explanations): idx[0..n) = the indices sorted by (x, index), in
 * O(n log n) without allocating; that order restored in O(n) after only
 * x[who] changed (positions finite); and the median given that order,
 * O(n). model/weighted.c.
 */
void dt__weighted_order(size_t n, const double *x, size_t *idx);
void dt__weighted_reorder(size_t n, const double *x, size_t *idx, size_t who);
double dt__weighted_median_sorted(size_t n, const double *x, const double *c,
                                  const double *s, const size_t *idx);

#if defined(DT_BUILDING_LIB)
#pragma GCC visibility pop
#endif

#endif
