/*
 * Allocation through the optional dt_allocator hook (Lua's lua_Alloc
 * shape) and the arena that holds everything parsed from a scenario.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define DT_ALLOC_IMPL /* the one file that calls malloc and free */
#include "internal.h"

/* Size of this thread's last failed request (see dt__alloc_failed_take). */
static _Thread_local size_t failed_size;

size_t dt__alloc_failed_take(void)
{
    size_t n = failed_size;

    failed_size = 0;
    return n;
}

void *dt__alloc(const dt_allocator *a, size_t size)
{
    void *p;

    if (size == 0)
        size = 1;
    p = a ? a->realloc(a->ud, NULL, 0, size) : malloc(size);
    if (!p)
        failed_size = size;
    return p;
}

void *dt__calloc(const dt_allocator *a, size_t n, size_t size)
{
    void *p;

    if (size && n > SIZE_MAX / size) {
        failed_size = SIZE_MAX;
        return NULL;
    }
    p = dt__alloc(a, n * size);
    if (p && n > 0 && size > 0)
        memset(p, 0, n * size);
    return p;
}

void *dt__realloc(const dt_allocator *a, void *p, size_t old_size,
                  size_t new_size)
{
    void *q;

    if (new_size == 0)
        new_size = 1;
    q = a ? a->realloc(a->ud, p, old_size, new_size) : realloc(p, new_size);
    if (!q)
        failed_size = new_size;
    return q;
}

void dt__free(const dt_allocator *a, void *p, size_t size)
{
    if (!p)
        return;
    if (size == 0)
        size = 1; /* as dt__alloc gave it */
    if (a)
        a->realloc(a->ud, p, size, 0);
    else
        free(p);
}

/* Blocks are at least this large; bigger requests get their own block. */
#define DT_ARENA_BLOCK 8192

struct dt__arena_block {
    dt__arena_block *next; /* older block */
    size_t size;           /* usable bytes in data */
    size_t used;           /* bytes handed out */
    max_align_t data[];    /* storage, maximally aligned */
};

void dt__arena_init(dt__arena *ar, const dt_allocator *alloc)
{
    ar->alloc = alloc;
    ar->head = NULL;
}

void *dt__arena_alloc(dt__arena *ar, size_t size)
{
    const size_t align = sizeof(max_align_t);
    dt__arena_block *b = ar->head;
    void *p;

    size = (size + align - 1) / align * align;
    if (size == 0)
        size = align;
    if (!b || b->size - b->used < size) {
        size_t cap = size > DT_ARENA_BLOCK ? size : DT_ARENA_BLOCK;

        b = dt__alloc(ar->alloc, sizeof *b + cap);
        if (!b)
            return NULL;
        b->size = cap;
        b->used = 0;
        b->next = ar->head;
        ar->head = b;
    }
    p = (char *)b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

char *dt__arena_strndup(dt__arena *ar, const char *s, size_t n)
{
    char *p = dt__arena_alloc(ar, n + 1);

    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *dt__arena_strdup(dt__arena *ar, const char *s)
{
    return dt__arena_strndup(ar, s, strlen(s));
}

void dt__arena_release(dt__arena *ar)
{
    dt__arena_block *b = ar->head;

    while (b) {
        dt__arena_block *next = b->next;

        dt__free(ar->alloc, b, sizeof *b + b->size);
        b = next;
    }
    ar->head = NULL;
}
