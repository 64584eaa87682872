/*
 * Scenario loading entry points (file reading, format dispatch, error
 * collection), read-only accessors, and the per-issue dt_line the models
 * consume. The parsers themselves are yaml.c (with yaml_*.c), csv.c,
 * ktab_csv.c and ktab_xml.c; they report through diag.c.
 */
#include <errno.h>
#include <stddef.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/scenario_int.h"

/* Scenario files larger than this are refused (curl dynbuf-style cap). */
#define DT_SCENARIO_MAX_BYTES (64u * 1024u * 1024u)

dt_status dt__scenario_new(const dt_allocator *alloc, const char *path,
                           dt_scenario **out, dt_error *err)
{
    dt_scenario *sc = dt__calloc(alloc, 1, sizeof *sc);

    *out = NULL;
    if (!sc)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    sc->alloc = alloc;
    sc->refs = 1;
    dt__arena_init(&sc->arena, alloc);
    sc->path = dt__arena_strdup(&sc->arena, path ? path : "");
    sc->salience_divisor = 100.0;
    if (!sc->path) {
        dt_scenario_free(sc);
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    *out = sc;
    return DT_OK;
}

void dt_scenario_free(dt_scenario *sc)
{
    while (sc) {
        const dt_allocator *alloc = sc->alloc;
        dt_scenario *origin = sc->origin;

        /* The last reference frees; a clone then releases its origin. */
        if (atomic_fetch_sub(&sc->refs, 1) != 1)
            return;
        dt__arena_release(&sc->arena);
        dt__free(alloc, sc, sizeof *sc);
        sc = origin;
    }
}

dt_status dt_scenario_parse(const char *buf, size_t len, const char *name,
                            dt_scenario_format fmt, const dt_load_opts *opts,
                            dt_scenario **out, dt_error *err)
{
    static const dt_load_opts defaults = DT_LOAD_OPTS_INIT;
    dt__diag d;
    dt_scenario *sc = NULL;
    dt_status rc;

    *out = NULL;
    if (!opts)
        opts = &defaults;
    memset(&d, 0, sizeof d);
    d.opts = opts;
    d.file = name ? name : "";
    d.first = err;
    rc = dt__scenario_new(opts->alloc, name, &sc, err);
    if (rc != DT_OK) {
        if (opts->on_error && err)
            opts->on_error(opts->ud, err);
        return rc;
    }
    sc->format = fmt;
    if (fmt == DT_FORMAT_KTAB_CSV)
        rc = dt__scenario_parse_ktab_csv(sc, buf, len, &d);
    else if (fmt == DT_FORMAT_KTAB_XML)
        rc = dt__scenario_parse_ktab_xml(sc, buf, len, &d);
    else if (fmt == DT_FORMAT_CSV)
        rc = dt__scenario_parse_csv(sc, buf, len, &d);
    else if (fmt == DT_FORMAT_TABLE_CSV)
        rc = dt__scenario_parse_table_csv(sc, buf, len, &d);
    else
        rc = dt__scenario_parse_yaml(sc, buf, len, &d);
    if (d.nomem)
        rc = DT_ENOMEM;
    else if (rc == DT_OK && d.count > 0)
        rc = DT_ESCENARIO;
    if (rc == DT_OK && dt__scenario_slots(sc, err) != DT_OK) {
        rc = DT_ENOMEM;
        if (opts->on_error && err)
            opts->on_error(opts->ud, err);
    }
    if (rc != DT_OK) {
        dt_scenario_free(sc);
        return rc;
    }
    *out = sc;
    return DT_OK;
}

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    size_t i;

    if (n < m)
        return 0;
    for (i = 0; i < m; i++) {
        char c = s[n - m + i];

        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != suffix[i])
            return 0;
    }
    return 1;
}

dt_status dt__scenario_format_sniff(const char *name, const char *buf,
                                    size_t len, const dt_allocator *alloc,
                                    dt_scenario_format *fmt)
{
    int k;

    if (!name)
        name = "";
    if (has_suffix(name, ".xml"))
        *fmt = DT_FORMAT_KTAB_XML;
    else if (!has_suffix(name, ".csv"))
        *fmt = DT_FORMAT_YAML;
    else {
        k = buf ? dt__ktab_csv_sniff(buf, len, alloc) : 0;
        if (k < 0)
            return DT_ENOMEM;
        *fmt = k                                      ? DT_FORMAT_KTAB_CSV
               : buf && dt__table_csv_sniff(buf, len) ? DT_FORMAT_TABLE_CSV
                                                      : DT_FORMAT_CSV;
    }
    return DT_OK;
}

dt_scenario_format dt_scenario_format_guess(const char *name, const char *buf,
                                            size_t len)
{
    dt_scenario_format fmt = DT_FORMAT_CSV;

    /* Out of memory: CSV, whose parse then runs out too and says so. */
    (void)dt__scenario_format_sniff(name, buf, len, NULL, &fmt);
    return fmt;
}

dt_status dt_scenario_load(const char *path, const dt_load_opts *opts,
                           dt_scenario **out, dt_error *err)
{
    static const dt_load_opts defaults = DT_LOAD_OPTS_INIT;
    const dt_allocator *alloc;
    dt_status rc = DT_OK;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    FILE *f;

    *out = NULL;
    if (!opts)
        opts = &defaults;
    alloc = opts->alloc;
    f = fopen(path, "rb");
    if (!f) {
        rc = dt__error_set(err, DT_EIO, "cannot open '%s': %s", path,
                           strerror(errno));
        goto out;
    }
    for (;;) {
        size_t got;

        if (cap - len < 4096) {
            size_t ncap = cap ? cap * 2 : 65536;
            char *nbuf;

            if (cap >= DT_SCENARIO_MAX_BYTES) {
                rc = dt__error_at(err, DT_ESCENARIO, path, 0, 0,
                                  "file is larger than %u bytes",
                                  DT_SCENARIO_MAX_BYTES);
                goto out;
            }
            nbuf = dt__realloc(alloc, buf, cap, ncap);
            if (!nbuf) {
                rc = dt__error_set(err, DT_ENOMEM, "out of memory");
                goto out;
            }
            buf = nbuf;
            cap = ncap;
        }
        got = fread(buf + len, 1, cap - len - 1, f);
        len += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        rc = dt__error_set(err, DT_EIO, "cannot read '%s': %s", path,
                           strerror(errno));
        goto out;
    }
    buf[len] = '\0';
    {
        dt_scenario_format fmt;

        if (dt__scenario_format_sniff(path, buf, len, alloc, &fmt) != DT_OK) {
            rc = dt__error_at(err, DT_ENOMEM, path, 0, 0,
                              "out of memory while guessing the format");
            goto out;
        }
        rc = dt_scenario_parse(buf, len, path, fmt, opts, out, err);
    }
    /* Parse errors were already passed to the callback. */
    opts = NULL;
out:
    if (rc != DT_OK && opts && opts->on_error && err)
        opts->on_error(opts->ud, err);
    if (f)
        fclose(f);
    dt__free(alloc, buf, cap);
    return rc;
}

const char *dt_scenario_name(const dt_scenario *sc)
{
    return sc->name;
}

const char *dt_scenario_date(const dt_scenario *sc)
{
    return sc->date;
}

const char *dt_scenario_description(const dt_scenario *sc)
{
    return sc->description;
}

const char *dt_scenario_note(const dt_scenario *sc)
{
    return sc->note;
}

const dt_allocator *dt_scenario_allocator(const dt_scenario *sc)
{
    return sc->alloc;
}

const char *dt_scenario_path(const dt_scenario *sc)
{
    return sc->path;
}

dt_scenario_format dt_scenario_format_of(const dt_scenario *sc)
{
    return sc->format;
}

size_t dt_scenario_n_sources(const dt_scenario *sc)
{
    return sc->n_sources;
}

const char *dt_scenario_source(const dt_scenario *sc, size_t i)
{
    return i < sc->n_sources ? sc->sources[i] : NULL;
}

size_t dt_scenario_n_issues(const dt_scenario *sc)
{
    return sc->n_issues;
}

const dt_issue *dt_scenario_issue(const dt_scenario *sc, size_t i)
{
    return i < sc->n_issues ? &sc->issues[i] : NULL;
}

size_t dt_scenario_n_actors(const dt_scenario *sc)
{
    return sc->n_actors;
}

const dt_actor *dt_scenario_actor(const dt_scenario *sc, size_t a)
{
    return a < sc->n_actors ? &sc->actors[a] : NULL;
}

const dt_stake *dt_scenario_stake(const dt_scenario *sc, size_t a, size_t i)
{
    if (a >= sc->n_actors || i >= sc->n_issues)
        return NULL;
    return sc->stakes[a * sc->n_issues + i];
}

size_t dt_scenario_issue_index(const dt_scenario *sc, const char *id)
{
    size_t i;

    for (i = 0; i < sc->n_issues; i++)
        if (strcmp(sc->issues[i].id, id) == 0)
            return i;
    return (size_t)-1;
}

size_t dt_scenario_actor_index(const dt_scenario *sc, const char *id)
{
    size_t a;

    for (a = 0; a < sc->n_actors; a++)
        if (strcmp(sc->actors[a].id, id) == 0)
            return a;
    return (size_t)-1;
}

const dt_outcome *dt_scenario_outcome(const dt_scenario *sc)
{
    return sc->has_outcome ? &sc->outcome : NULL;
}

int dt_scenario_outcome_value(const dt_scenario *sc, size_t i, dt_value *out)
{
    if (!sc->has_outcome || i >= sc->n_issues || !sc->has_outcome_value ||
        !sc->has_outcome_value[i])
        return 0;
    *out = sc->outcome_value[i];
    return 1;
}

const dt_no_deal *dt_scenario_no_deal(const dt_scenario *sc, size_t a)
{
    /* Actors without no-deal terms (CSV, or none written) share this. */
    static const dt_no_deal none = {
        0, {0.0, NULL, {0, 0}, {DT_SPREAD_NONE, 0.0, 0.0, 0.0}}, NULL, {0, 0}};

    if (!sc->no_deal || a >= sc->n_actors)
        return &none;
    return &sc->no_deal[a];
}

size_t dt_scenario_n_constraints(const dt_scenario *sc)
{
    return sc->n_constraints;
}

const dt_constraint *dt_scenario_constraint(const dt_scenario *sc, size_t i)
{
    return i < sc->n_constraints ? &sc->constraints[i] : NULL;
}

const dt_uncertainty *dt_scenario_uncertainty(const dt_scenario *sc)
{
    return &sc->uncertainty;
}

size_t dt_scenario_n_levers(const dt_scenario *sc)
{
    return sc->n_levers;
}

const dt_lever *dt_scenario_lever(const dt_scenario *sc, size_t i)
{
    return i < sc->n_levers ? &sc->levers[i] : NULL;
}

size_t dt_scenario_lever_index(const dt_scenario *sc, const char *id)
{
    size_t i;

    for (i = 0; i < sc->n_levers; i++)
        if (strcmp(sc->levers[i].id, id) == 0)
            return i;
    return (size_t)-1;
}

/* A line as dt_scenario_line allocates it: its block's header first. */
typedef struct line_block {
    const dt_allocator *alloc; /* the scenario's */
    size_t size;               /* bytes of the whole block */
    dt_line line;              /* the line; its arrays follow the block */
    max_align_t align[];       /* keeps the arrays aligned */
} line_block;

dt_status dt_scenario_line(const dt_scenario *sc, size_t i, unsigned flags,
                           dt_line **out, dt_error *err)
{
    line_block *blk;
    size_t size;
    size_t a, n = 0, k;
    dt_line *l;
    char *p;

    *out = NULL;
    if (i >= sc->n_issues)
        return dt__error_set(err, DT_EINVAL, "no issue %zu", i);
    for (a = 0; a < sc->n_actors; a++) {
        if ((flags & DT_LINE_TABLE_ONLY) &&
            !dt_role_at_table(sc->actors[a].role))
            continue;
        if (sc->stakes[a * sc->n_issues + i])
            n++;
    }
    /*
     * One block: the allocator and size (for dt_line_free), the line,
     * then its arrays (doubles first for alignment).
     */
    size = sizeof(line_block) +
           n * (3 * sizeof(double) + sizeof(size_t) + sizeof(char *));
    blk = dt__calloc(sc->alloc, 1, size);
    if (!blk)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    blk->alloc = sc->alloc;
    blk->size = size;
    l = &blk->line;
    p = (char *)(blk + 1);
    l->x = (double *)p;
    l->c = l->x + n;
    l->s = l->c + n;
    l->actor = (size_t *)(l->s + n);
    l->ids = (const char **)(l->actor + n);
    k = 0;
    for (a = 0; a < sc->n_actors; a++) {
        const dt_stake *st = sc->stakes[a * sc->n_issues + i];

        if (!st || ((flags & DT_LINE_TABLE_ONLY) &&
                    !dt_role_at_table(sc->actors[a].role)))
            continue;
        l->ids[k] = sc->actors[a].id;
        l->actor[k] = a;
        l->x[k] = st->position.v;
        l->c[k] =
            st->has_capability ? st->capability.v : sc->actors[a].capability.v;
        l->s[k] = st->salience.v / sc->salience_divisor;
        k++;
    }
    l->n = n;
    l->has_status_quo = sc->issues[i].has_status_quo;
    l->status_quo = sc->issues[i].status_quo.v;
    *out = l;
    return DT_OK;
}

dt_status dt_scenario_line_fill(const dt_scenario *sc, size_t i, unsigned flags,
                                dt_line *l, dt_error *err)
{
    size_t a, k = 0;

    if (i >= sc->n_issues)
        return dt__error_set(err, DT_EINVAL, "no issue %zu", i);
    for (a = 0; a < sc->n_actors; a++) {
        const dt_stake *st = sc->stakes[a * sc->n_issues + i];

        if (!st || ((flags & DT_LINE_TABLE_ONLY) &&
                    !dt_role_at_table(sc->actors[a].role)))
            continue;
        if (k == l->n || l->actor[k] != a)
            return dt__error_set(err, DT_EINVAL,
                                 "the line does not match issue '%s'",
                                 sc->issues[i].id);
        l->x[k] = st->position.v;
        l->c[k] =
            st->has_capability ? st->capability.v : sc->actors[a].capability.v;
        l->s[k] = st->salience.v / sc->salience_divisor;
        k++;
    }
    if (k != l->n)
        return dt__error_set(err, DT_EINVAL,
                             "the line does not match issue '%s'",
                             sc->issues[i].id);
    l->has_status_quo = sc->issues[i].has_status_quo;
    l->status_quo = sc->issues[i].status_quo.v;
    return DT_OK;
}

void dt_line_free(dt_line *line)
{
    line_block *blk;

    if (!line)
        return;
    blk = (line_block *)((char *)line - offsetof(line_block, line));
    dt__free(blk->alloc, blk, blk->size);
}
