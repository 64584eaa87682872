/*
 * libdetente internals shared across modules (never installed): error
 * reporting, allocation through the dt_allocator hook, and the arena that
 * holds load-once data.
 */
#ifndef DT_INTERNAL_H
#define DT_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>

#include "banned.h"
#include <detente/detente.h>

/*
 * Every error passes through here (one breakpoint for all). Fills *err
 * when err is not NULL: code, message (printf-style), no location.
 * Returns code.
 */
dt_status dt__error_set(dt_error *err, dt_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

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

/* ASCII case-insensitive string equality (locale-independent); core/num.c. */
int dt__ieq(const char *a, const char *b);

/* Locale-independent strtod for the "C" number syntax; see core/num.c. */
int dt__parse_double(const char *s, double *out);

#endif
