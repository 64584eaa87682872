/*
 * The forecast cache (dt_forecast_cache, forecast.h): the one-issue
 * models are deterministic functions of a line (actors, positions,
 * capabilities, saliences, status quo) under fixed options, and levers
 * and lever pairs change few lines, so every (model, line) is forecast
 * once and looked up afterwards (open addressing on a 64-bit FNV-1a
 * hash; equality is checked in full).
 */
#include <stdint.h>
#include <string.h>

#include "forecast/forecast_int.h"

/* One cached line and its forecast. */
struct fc_entry {
    uint64_t hash;          /* FNV-1a of the model and the line */
    const dt_model_type *t; /* the model */
    size_t n;               /* actors */
    int has_sq;             /* status quo set */
    double sq;              /* status quo */
    size_t *actor;          /* n scenario indices */
    double *xcs;            /* 3n: x, then c, then s */
    dt_model_result value;  /* the result */
};

struct dt_forecast_cache {
    const dt_allocator *alloc; /* hook, borrowed */
    struct fc_entry *e;        /* entries, in insertion order */
    size_t n, cap;             /* entries used and allocated */
    size_t *slot;              /* hash table of entry index + 1 (0 = empty) */
    size_t n_slots;            /* power of two, > 2 n */
};

static uint64_t fnv(uint64_t h, const void *p, size_t len)
{
    const unsigned char *b = p;
    size_t i;

    for (i = 0; i < len; i++) {
        h ^= b[i];
        h *= 0x100000001b3u;
    }
    return h;
}

static uint64_t line_hash(const dt_model_type *t, const dt_line *l)
{
    uint64_t h = 0xcbf29ce484222325u;

    h = fnv(h, &t, sizeof t);
    h = fnv(h, &l->n, sizeof l->n);
    h = fnv(h, &l->has_status_quo, sizeof l->has_status_quo);
    if (l->has_status_quo)
        h = fnv(h, &l->status_quo, sizeof l->status_quo);
    h = fnv(h, l->actor, l->n * sizeof *l->actor);
    h = fnv(h, l->x, l->n * sizeof *l->x);
    h = fnv(h, l->c, l->n * sizeof *l->c);
    return fnv(h, l->s, l->n * sizeof *l->s);
}

static int same(const struct fc_entry *e, uint64_t h, const dt_model_type *t,
                const dt_line *l)
{
    size_t n = l->n;

    return e->hash == h && e->t == t && e->n == n &&
           e->has_sq == l->has_status_quo &&
           (!e->has_sq || e->sq == l->status_quo) &&
           memcmp(e->actor, l->actor, n * sizeof *l->actor) == 0 &&
           memcmp(e->xcs, l->x, n * sizeof *l->x) == 0 &&
           memcmp(e->xcs + n, l->c, n * sizeof *l->c) == 0 &&
           memcmp(e->xcs + 2 * n, l->s, n * sizeof *l->s) == 0;
}

dt_status dt_forecast_cache_new(const dt_allocator *alloc,
                                dt_forecast_cache **out, dt_error *err)
{
    dt_forecast_cache *fc = dt__calloc(alloc, 1, sizeof *fc);

    *out = NULL;
    if (fc) {
        fc->alloc = alloc;
        fc->n_slots = 64;
        fc->slot = dt__calloc(alloc, fc->n_slots, sizeof *fc->slot);
    }
    if (!fc || !fc->slot) {
        dt__free(alloc, fc, sizeof *fc);
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    *out = fc;
    return DT_OK;
}

static void entry_free(const dt_forecast_cache *fc, struct fc_entry *e)
{
    size_t n = e->n ? e->n : 1;

    dt__free(fc->alloc, e->actor, n * sizeof *e->actor);
    dt__free(fc->alloc, e->xcs, 3 * n * sizeof *e->xcs);
}

void dt_forecast_cache_free(dt_forecast_cache *fc)
{
    size_t i;

    if (!fc)
        return;
    for (i = 0; i < fc->n; i++)
        entry_free(fc, &fc->e[i]);
    dt__free(fc->alloc, fc->e, fc->cap * sizeof *fc->e);
    dt__free(fc->alloc, fc->slot, fc->n_slots * sizeof *fc->slot);
    dt__free(fc->alloc, fc, sizeof *fc);
}

int dt__forecast_cache_get(const dt_forecast_cache *fc, const dt_model_type *t,
                           const dt_line *l, dt_model_result *value)
{
    uint64_t h = line_hash(t, l);
    size_t i = (size_t)h & (fc->n_slots - 1);

    for (; fc->slot[i]; i = (i + 1) & (fc->n_slots - 1)) {
        const struct fc_entry *e = &fc->e[fc->slot[i] - 1];

        if (same(e, h, t, l)) {
            *value = e->value;
            return 1;
        }
    }
    return 0;
}

/* Double the hash table and reinsert every entry. */
static int rehash(dt_forecast_cache *fc)
{
    size_t n_slots = fc->n_slots * 2, k;
    size_t *slot = dt__calloc(fc->alloc, n_slots, sizeof *slot);

    if (!slot)
        return 0;
    for (k = 0; k < fc->n; k++) {
        size_t i = (size_t)fc->e[k].hash & (n_slots - 1);

        while (slot[i])
            i = (i + 1) & (n_slots - 1);
        slot[i] = k + 1;
    }
    dt__free(fc->alloc, fc->slot, fc->n_slots * sizeof *fc->slot);
    fc->slot = slot;
    fc->n_slots = n_slots;
    return 1;
}

dt_status dt__forecast_cache_put(dt_forecast_cache *fc, const dt_model_type *t,
                                 const dt_line *l, const dt_model_result *value,
                                 dt_error *err)
{
    struct fc_entry *e;
    size_t i, n = l->n, nn = n ? n : 1;

    if (2 * (fc->n + 1) > fc->n_slots && !rehash(fc))
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    if (fc->n == fc->cap) {
        size_t cap = fc->cap ? 2 * fc->cap : 32;
        struct fc_entry *ne = dt__realloc(
            fc->alloc, fc->e, fc->cap * sizeof *ne, cap * sizeof *ne);

        if (!ne)
            return dt__error_set(err, DT_ENOMEM, "out of memory");
        fc->e = ne;
        fc->cap = cap;
    }
    e = &fc->e[fc->n];
    e->hash = line_hash(t, l);
    e->t = t;
    e->n = n;
    e->has_sq = l->has_status_quo;
    e->sq = l->status_quo;
    e->value = *value;
    e->actor = dt__alloc(fc->alloc, nn * sizeof *e->actor);
    e->xcs = dt__alloc(fc->alloc, 3 * nn * sizeof *e->xcs);
    if (!e->actor || !e->xcs) {
        entry_free(fc, e);
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    memcpy(e->actor, l->actor, n * sizeof *l->actor);
    memcpy(e->xcs, l->x, n * sizeof *l->x);
    memcpy(e->xcs + n, l->c, n * sizeof *l->c);
    memcpy(e->xcs + 2 * n, l->s, n * sizeof *l->s);
    i = (size_t)e->hash & (fc->n_slots - 1);
    while (fc->slot[i])
        i = (i + 1) & (fc->n_slots - 1);
    fc->slot[i] = ++fc->n;
    return DT_OK;
}
