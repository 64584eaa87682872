/*
 * The analysis workspace (dt_analysis_ws): a memory of the last few
 * bargaining problems solved and their zone, deal and free surplus, so
 * that analysing many versions of one scenario in a row (the sweep's
 * draws, the rows of a variance decomposition) solves each distinct
 * problem once. docs/analysis.md, "Analysing many versions".
 *
 * A problem is keyed by every number the zone and deal programs read,
 * compared bit for bit: equal keys pose GLPK the same calls in the same
 * order, so the remembered results are the bits a fresh solve would
 * give. What the programs do not read (actors off the table, clout) is
 * left out of the key, and what depends on it (every actor's gain) is
 * recomputed from the remembered points.
 */
#include <math.h>
#include <string.h>

#include "analysis_int.h"

/*
 * The memory's size cap: a problem's entry grows with the table actors
 * times the issues, so for large scenarios fewer than DT_ANALYSIS_WS_MEMO
 * entries are used (at least one), keeping a workspace near this size.
 */
#ifndef DT_DEFAULT_ANALYSIS_WS_BYTES
#define DT_DEFAULT_ANALYSIS_WS_BYTES (8u << 20)
#endif

/* One remembered problem: its key, then its results (layout below). */
typedef struct memo_entry {
    double *buf;    /* key_n key values, then res_n result values */
    size_t cap;     /* doubles allocated in buf */
    size_t key_n;   /* 0: the entry is empty */
    uint64_t stamp; /* last use (the workspace's clock) */
} memo_entry;

struct dt_analysis_ws {
    const dt_allocator *alloc;             /* borrowed */
    uint64_t clock;                        /* uses so far */
    double *key;                           /* the key being looked up */
    size_t key_n;                          /* values in key */
    size_t key_cap;                        /* doubles allocated in key */
    size_t slot;                           /* entry with that key, or
                                              DT_ANALYSIS_WS_MEMO */
    size_t solved;                         /* problems solved */
    size_t reused;                         /* problems found remembered */
    memo_entry entry[DT_ANALYSIS_WS_MEMO]; /* the memory */
};

dt_status dt_analysis_ws_new(const dt_allocator *alloc, dt_analysis_ws **out,
                             dt_error *err)
{
    dt_analysis_ws *ws = dt__calloc(alloc, 1, sizeof *ws);

    *out = NULL;
    if (!ws)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    ws->alloc = alloc;
    ws->slot = DT_ANALYSIS_WS_MEMO;
    *out = ws;
    return DT_OK;
}

void dt_analysis_ws_free(dt_analysis_ws *ws)
{
    size_t i;

    if (!ws)
        return;
    for (i = 0; i < DT_ANALYSIS_WS_MEMO; i++)
        dt__free(ws->alloc, ws->entry[i].buf,
                 ws->entry[i].cap * sizeof *ws->entry[i].buf);
    dt__free(ws->alloc, ws->key, ws->key_cap * sizeof *ws->key);
    dt__free(ws->alloc, ws, sizeof *ws);
}

void dt_analysis_ws_stats(const dt_analysis_ws *ws, size_t *solved,
                          size_t *reused)
{
    if (solved)
        *solved = ws ? ws->solved : 0;
    if (reused)
        *reused = ws ? ws->reused : 0;
}

/*
 * Result values of an entry: zone (status, feasible, surplus, point,
 * price, binding, limit_price, limit_binding), deal (found, point,
 * objective, gap, iterations), free surplus (whether computed, value).
 */
static size_t res_size(size_t na, size_t m, size_t nl)
{
    return 3 + m + 2 * na + 2 * nl + 4 + m + 2;
}

/* The most values a key of these sizes can have (key_build's layout). */
static size_t key_cap(size_t na, size_t m, size_t nl)
{
    return 3 + na + na * (2 + 2 * m) + m + nl * (5 + m);
}

/*
 * The key of b: sizes, who is at the table, then for each table actor
 * its Nash weight, no-deal utility, positions and saliences, the
 * tie-break point, and each red line's holder with, for table actors'
 * red lines, its bounds and coefficients. Integers are stored as
 * doubles (exact below 2^53).
 */
static void key_build(const dt_bargain *b, double *k, size_t *n)
{
    size_t na = b->n_actors, m = b->n_issues, a, q, j = 0;

    k[j++] = (double)na;
    k[j++] = (double)m;
    k[j++] = (double)b->n_limits;
    for (a = 0; a < na; a++)
        k[j++] = b->at_table ? (double)b->at_table[a] : 1.0;
    for (a = 0; a < na; a++) {
        if (!dt__bargain_at_table(b, a))
            continue;
        k[j++] = b->weight ? b->weight[a] : 1.0;
        k[j++] = b->no_deal[a];
        memcpy(k + j, b->pos + a * m, m * sizeof *k);
        j += m;
        memcpy(k + j, b->sal + a * m, m * sizeof *k);
        j += m;
    }
    for (q = 0; q < m; q++)
        k[j++] = b->ref ? b->ref[q] : 50.0;
    for (q = 0; q < b->n_limits; q++) {
        const dt_limit *l = &b->limits[q];

        k[j++] = (double)l->actor;
        if (!dt__bargain_at_table(b, l->actor))
            continue;
        k[j++] = (double)l->has_at_most;
        k[j++] = l->at_most;
        k[j++] = (double)l->has_at_least;
        k[j++] = l->at_least;
        memcpy(k + j, l->coef, m * sizeof *k);
        j += m;
    }
    *n = j;
}

/* Every actor's gain at point x over no deal (what the solvers fill). */
static void gains(const dt_bargain *b, const double *x, double *gain)
{
    size_t a;

    for (a = 0; a < b->n_actors; a++)
        gain[a] = dt_bargain_utility(b, a, x) - b->no_deal[a];
}

static void put_ints(double *v, const int *x, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        v[i] = (double)x[i];
}

static void get_ints(int *x, const double *v, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        x[i] = (int)v[i];
}

/* Copy r's zone, deal and free surplus into v (res_size values). */
static void res_write(const dt_analysis_run *r, int have_free, double *v)
{
    const dt_zone *z = &r->zone;
    const dt_deal *d = &r->deal;
    size_t na = r->n_actors, m = r->n_issues, nl = r->n_limits;

    *v++ = (double)z->status;
    *v++ = (double)z->feasible;
    *v++ = z->surplus;
    memcpy(v, z->point, m * sizeof *v);
    v += m;
    memcpy(v, z->price, na * sizeof *v);
    v += na;
    put_ints(v, z->binding, na);
    v += na;
    memcpy(v, z->limit_price, nl * sizeof *v);
    v += nl;
    put_ints(v, z->limit_binding, nl);
    v += nl;
    *v++ = (double)d->found;
    memcpy(v, d->point, m * sizeof *v);
    v += m;
    *v++ = d->objective;
    *v++ = d->gap;
    *v++ = (double)d->iterations;
    *v++ = (double)have_free;
    *v = r->free_surplus;
}

/* The inverse of res_write, with every actor's gain recomputed from b. */
static void res_read(dt_analysis_run *r, const dt_bargain *b, int want_free,
                     const double *v)
{
    dt_zone *z = &r->zone;
    dt_deal *d = &r->deal;
    size_t na = r->n_actors, m = r->n_issues, nl = r->n_limits;

    z->status = (dt_zone_status)(int)*v++;
    z->feasible = (int)*v++;
    z->surplus = *v++;
    memcpy(z->point, v, m * sizeof *v);
    v += m;
    memcpy(z->price, v, na * sizeof *v);
    v += na;
    get_ints(z->binding, v, na);
    v += na;
    memcpy(z->limit_price, v, nl * sizeof *v);
    v += nl;
    get_ints(z->limit_binding, v, nl);
    v += nl;
    gains(b, z->point, z->gain);
    d->found = (int)*v++;
    if (d->found) {
        memcpy(d->point, v, m * sizeof *v);
        gains(b, d->point, d->gain);
    }
    v += m;
    d->objective = *v++;
    d->gap = *v++;
    d->iterations = (unsigned)*v++;
    v++; /* whether the free surplus was computed: checked by the caller */
    if (want_free)
        r->free_surplus = *v;
}

dt_status dt__memo_find(dt_analysis_ws *ws, const dt_bargain *b, int want_free,
                        dt_analysis_run *r, int *hit, dt_error *err)
{
    size_t need = key_cap(b->n_actors, b->n_issues, b->n_limits), i;
    size_t rn = res_size(b->n_actors, b->n_issues, b->n_limits);

    *hit = 0;
    ws->slot = DT_ANALYSIS_WS_MEMO;
    ws->key_n = 0;
    if (need > ws->key_cap) {
        double *k = dt__alloc(ws->alloc, need * sizeof *k);

        if (!k)
            return dt__error_set(err, DT_ENOMEM, "out of memory");
        dt__free(ws->alloc, ws->key, ws->key_cap * sizeof *ws->key);
        ws->key = k;
        ws->key_cap = need;
    }
    key_build(b, ws->key, &ws->key_n);
    ws->clock++;
    for (i = 0; i < DT_ANALYSIS_WS_MEMO; i++) {
        memo_entry *e = &ws->entry[i];

        if (e->key_n != ws->key_n ||
            memcmp(e->buf, ws->key, ws->key_n * sizeof *ws->key) != 0)
            continue;
        ws->slot = i;
        /* A hit only when it holds all that is asked for. */
        if (want_free && e->buf[e->key_n + rn - 2] == 0.0)
            return DT_OK;
        e->stamp = ws->clock;
        res_read(r, b, want_free, e->buf + e->key_n);
        ws->reused++;
        *hit = 1;
        return DT_OK;
    }
    return DT_OK;
}

dt_status dt__memo_keep(dt_analysis_ws *ws, const dt_analysis_run *r,
                        int have_free, dt_error *err)
{
    size_t rn = res_size(r->n_actors, r->n_issues, r->n_limits), i;
    size_t need = ws->key_n + rn;
    memo_entry *e;

    ws->solved++;
    if (ws->key_n == 0)
        return DT_OK; /* no key built: nothing to file it under */
    if (ws->slot == DT_ANALYSIS_WS_MEMO) {
        /*
         * The least recently used entry (an empty one first) goes, among
         * as many as fit the size cap.
         */
        size_t n_use = DT_DEFAULT_ANALYSIS_WS_BYTES / (need * sizeof(double));

        if (n_use < 1)
            n_use = 1;
        if (n_use > DT_ANALYSIS_WS_MEMO)
            n_use = DT_ANALYSIS_WS_MEMO;
        ws->slot = 0;
        for (i = 1; i < n_use; i++)
            if (ws->entry[i].stamp < ws->entry[ws->slot].stamp)
                ws->slot = i;
    }
    e = &ws->entry[ws->slot];
    e->key_n = 0;
    e->stamp = 0;
    if (need > e->cap) {
        double *v = dt__alloc(ws->alloc, need * sizeof *v);

        if (!v)
            return dt__error_set(err, DT_ENOMEM, "out of memory");
        dt__free(ws->alloc, e->buf, e->cap * sizeof *e->buf);
        e->buf = v;
        e->cap = need;
    }
    memcpy(e->buf, ws->key, ws->key_n * sizeof *e->buf);
    res_write(r, have_free, e->buf + ws->key_n);
    e->key_n = ws->key_n;
    e->stamp = ws->clock;
    return DT_OK;
}
