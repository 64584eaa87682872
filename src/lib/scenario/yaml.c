/*
 * The YAML scenario parser (docs/scenario-format.md). libyaml does the
 * YAML; this file checks the document against the scenario schema, fills
 * the dt_scenario and reports every error it finds with its line and
 * column, sorted into file order.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "scenario/scenario_int.h"

/* Errors are formatted into a buffer this long (dt_error's msg). */
#define YERR_MSG 256

/* One error, kept until the end so they can be reported in file order. */
typedef struct yerr {
    unsigned line;      /* 1-based, 0 when unknown */
    unsigned col;       /* 1-based, 0 when unknown */
    size_t seq;         /* order of discovery, breaks ties */
    char msg[YERR_MSG]; /* the message, as dt_error holds it */
} yerr;

/* An issue or actor id and its index, sorted by id for lookups. */
typedef struct idref {
    const char *id; /* borrowed from the scenario */
    size_t idx;     /* index in sc->issues or sc->actors */
} idref;

/* Parser state for one document. */
typedef struct yp {
    dt_scenario *sc;         /* being filled */
    dt__diag *d;             /* the caller's error sink */
    yaml_document_t *doc;    /* the loaded document */
    yerr *errs;              /* errors found so far */
    size_t n_errs;           /* entries in errs */
    size_t cap_errs;         /* capacity of errs */
    int nomem;               /* an allocation failed: stop */
    int issues_ok;           /* issue ids are known: check references */
    int issues_broken;       /* an issue without an id: don't guess */
    idref *issue_ids;        /* issue ids sorted by (id, index) */
    size_t n_issue_ids;      /* entries in issue_ids */
    unsigned char *referred; /* per issue: some actor names it */
    int actors_ok;           /* actor ids are known: check references */
    int actors_broken;       /* an actor without an id: don't guess */
    idref *actor_ids;        /* actor ids sorted by (id, index) */
    size_t n_actor_ids;      /* entries in actor_ids */
    size_t cap_constraints;  /* capacity of sc->constraints */
    size_t *term_seen;       /* per issue: constraint serial + 1 naming it */
    unsigned *term_line;     /* per issue: line of that term */
} yp;

/* What a number may be. */
enum range {
    R_FINITE, /* any finite number */
    R_PCT,    /* 0-100 */
    R_NONNEG, /* >= 0 */
    /* Flag: the number may carry an uncertainty (sd or range). */
    R_SPREAD = 8
};

/*
 * The stake table is n_actors x n_issues pointers; refuse scenarios whose
 * table would exceed this many cells rather than allocate gigabytes.
 */
#define YMAX_CELLS DT__MAX_CELLS
/* Collections nest at most 7 deep in a scenario; allow generous slack. */
#define YMAX_DEPTH 64u

static int yp_full(const yp *p)
{
    unsigned max = p->d->opts->max_errors;

    return p->nomem || (max && p->n_errs >= max);
}

static void yp_errv(yp *p, dt_loc at, const char *fmt, va_list ap)
{
    yerr *e;

    if (yp_full(p))
        return;
    if (p->n_errs == p->cap_errs) {
        size_t ncap = p->cap_errs ? p->cap_errs * 2 : 16;
        yerr *n =
            dt__realloc(p->sc->alloc, p->errs, p->cap_errs * sizeof *p->errs,
                        ncap * sizeof *p->errs);

        if (!n) {
            p->nomem = 1;
            return;
        }
        p->errs = n;
        p->cap_errs = ncap;
    }
    e = &p->errs[p->n_errs];
    e->line = at.line;
    e->col = at.col;
    e->seq = p->n_errs;
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    p->n_errs++;
}

static void yp_err(yp *p, dt_loc at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void yp_err(yp *p, dt_loc at, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    yp_errv(p, at, fmt, ap);
    va_end(ap);
}

static int yerr_cmp(const void *a, const void *b)
{
    const yerr *x = a, *y = b;

    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Pass the errors to the caller's sink in file order. */
static dt_status yp_flush(yp *p)
{
    size_t i;

    if (p->nomem)
        return dt__diag_at(p->d, DT_ENOMEM, 0, 0, "out of memory");
    if (p->n_errs == 0)
        return DT_OK;
    qsort(p->errs, p->n_errs, sizeof *p->errs, yerr_cmp);
    for (i = 0; i < p->n_errs && !dt__diag_full(p->d); i++)
        dt__diag_at(p->d, DT_ESCENARIO, p->errs[i].line, p->errs[i].col, "%s",
                    p->errs[i].msg);
    return DT_ESCENARIO;
}

static dt_loc mark_loc(yaml_mark_t m)
{
    dt_loc l;

    l.line = (unsigned)m.line + 1;
    l.col = (unsigned)m.column + 1;
    return l;
}

static dt_loc node_loc(const yaml_node_t *n)
{
    return mark_loc(n->start_mark);
}

static void *yp_alloc(yp *p, size_t n, size_t size)
{
    void *q;

    if (size && n > ((size_t)-1 / 2) / size) {
        p->nomem = 1;
        return NULL;
    }
    q = dt__arena_alloc(&p->sc->arena, n * size);
    if (!q)
        p->nomem = 1;
    return q;
}

static const char *yp_strndup(yp *p, const char *s, size_t n)
{
    char *q = dt__arena_strndup(&p->sc->arena, s, n);

    if (!q)
        p->nomem = 1;
    return q;
}

/* ---- Text checks that come before libyaml. ---- */

/* Line and column (1-based, in characters) of byte offset off in buf. */
static dt_loc offset_loc(const char *buf, size_t len, size_t off)
{
    dt_loc l = {1, 1};
    size_t i;

    for (i = 0; i < off && i < len; i++) {
        unsigned char c = (unsigned char)buf[i];

        if (c == '\n' || (c == '\r' && (i + 1 >= len || buf[i + 1] != '\n'))) {
            l.line++;
            l.col = 1;
        } else if ((c & 0xc0u) != 0x80u && c != '\r') {
            l.col++;
        }
    }
    return l;
}

/*
 * Binary files are refused before libyaml sees them, so that the message
 * says what is wrong with the file rather than with its YAML.
 */
static int check_text(yp *p, const char *buf, size_t len)
{
    size_t i = 0;

    while (i < len) {
        const unsigned char *s = (const unsigned char *)buf + i;
        size_t n = s[0] ? dt__utf8_len(s, len - i) : 0;

        if (n == 0) {
            yp_err(p, offset_loc(buf, len, i),
                   "file is not UTF-8 text (byte 0x%02x)", s[0]);
            return 0;
        }
        i += n;
    }
    return 1;
}

/* ---- Reporting libyaml's own errors. ---- */

static void parser_error(yp *p, const yaml_parser_t *ps, const char *buf,
                         size_t len)
{
    dt_loc at;

    switch (ps->error) {
    case YAML_MEMORY_ERROR:
        p->nomem = 1;
        return;
    case YAML_READER_ERROR:
        /* The reader reports a byte offset, not a mark. */
        at = offset_loc(buf, len, ps->problem_offset);
        if (ps->problem_value >= 0)
            yp_err(p, at, "file is not text: %s (0x%02x)",
                   ps->problem ? ps->problem : "invalid character",
                   (unsigned)ps->problem_value);
        else
            yp_err(p, at, "file is not UTF-8 text: %s",
                   ps->problem ? ps->problem : "invalid byte");
        return;
    default:
        break;
    }
    at = mark_loc(ps->problem_mark);
    if (ps->context)
        yp_err(p, at, "malformed YAML: %s (%s at line %u)",
               ps->problem ? ps->problem : "syntax error", ps->context,
               mark_loc(ps->context_mark).line);
    else
        yp_err(p, at, "malformed YAML: %s",
               ps->problem ? ps->problem : "syntax error");
}

/*
 * A first pass over the events: syntax errors, aliases, nesting and extra
 * documents. Aliases are refused because the loader shares aliased nodes,
 * so a small file could make the schema walk below visit a node
 * exponentially often (the "billion laughs"). Deep nesting is refused
 * because libyaml's scanner takes time quadratic in the depth of flow
 * collections ("[[[[..." of 200k levels takes minutes); stopping at the
 * first event past the limit bounds that. Returns 1 when the first
 * document can be loaded.
 */
static int prescan(yp *p, const char *buf, size_t len)
{
    yaml_parser_t ps;
    yaml_event_t ev;
    unsigned n_docs = 0, depth = 0;
    int ok = 1, has_alias = 0;

    if (!yaml_parser_initialize(&ps)) {
        p->nomem = 1;
        return 0;
    }
    yaml_parser_set_input_string(&ps, (const unsigned char *)buf, len);
    for (;;) {
        yaml_event_type_t type;

        if (!yaml_parser_parse(&ps, &ev)) {
            parser_error(p, &ps, buf, len);
            ok = 0;
            break;
        }
        type = ev.type;
        if (type == YAML_SEQUENCE_START_EVENT ||
            type == YAML_MAPPING_START_EVENT)
            depth++;
        else if (type == YAML_SEQUENCE_END_EVENT ||
                 type == YAML_MAPPING_END_EVENT)
            depth--;
        if (depth > YMAX_DEPTH) {
            yp_err(p, mark_loc(ev.start_mark),
                   "nesting is deeper than %u levels", YMAX_DEPTH);
            yaml_event_delete(&ev);
            ok = 0;
            break;
        }
        if (type == YAML_DOCUMENT_START_EVENT) {
            n_docs++;
            if (n_docs == 2)
                yp_err(p, mark_loc(ev.start_mark),
                       "file holds more than one YAML document");
        }
        /* One report is enough: a bomb holds thousands of aliases. */
        if (type == YAML_ALIAS_EVENT && !has_alias) {
            yp_err(p, mark_loc(ev.start_mark),
                   "aliases are not supported (*%.40s)",
                   (const char *)ev.data.alias.anchor);
            has_alias = 1;
            ok = 0;
        }
        yaml_event_delete(&ev);
        if (type == YAML_STREAM_END_EVENT || yp_full(p))
            break;
    }
    yaml_parser_delete(&ps);
    if (ok && n_docs == 0) {
        dt_loc first = {1, 1};

        yp_err(p, first, "file is empty");
        ok = 0;
    }
    return ok && !p->nomem;
}

/* ---- Node helpers. ---- */

static yaml_node_t *get_node(const yp *p, int idx)
{
    return yaml_document_get_node(p->doc, idx);
}

static const char *scalar(const yaml_node_t *n)
{
    return (const char *)n->data.scalar.value;
}

/* YAML's null: an empty plain scalar, "~" or "null". */
static int is_null(const yaml_node_t *n)
{
    const char *s;

    if (n->type != YAML_SCALAR_NODE ||
        n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return 0;
    s = scalar(n);
    return s[0] == '\0' || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
           strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0;
}

/* How a node that has the wrong type is described: "a list", "'abc'". */
static const char *describe(const yaml_node_t *n, char buf[DT__QUOTE + 8])
{
    char ex[DT__QUOTE + 4];

    if (n->type == YAML_MAPPING_NODE)
        return "a mapping";
    if (n->type == YAML_SEQUENCE_NODE)
        return "a list";
    if (is_null(n))
        return "nothing";
    snprintf(buf, DT__QUOTE + 8, "'%s'", dt__excerpt(scalar(n), ex));
    return buf;
}

static int expect_type(yp *p, const yaml_node_t *n, yaml_node_type_t type,
                       const char *key)
{
    static const char *const names[] = {"", "a string", "a list", "a mapping"};
    char desc[DT__QUOTE + 8];

    if (n->type == type && !(type == YAML_SCALAR_NODE && is_null(n)))
        return 1;
    yp_err(p, node_loc(n), "expected %s for '%s', got %s", names[type], key,
           describe(n, desc));
    return 0;
}

/* A string field: a copy in the arena, or NULL after an error. */
static const char *get_str(yp *p, const yaml_node_t *n, const char *key)
{
    if (!n || !expect_type(p, n, YAML_SCALAR_NODE, key))
        return NULL;
    return yp_strndup(p, scalar(n), n->data.scalar.length);
}

static const char *get_id(yp *p, const yaml_node_t *n, const char *what)
{
    const char *id = get_str(p, n, "id");
    char ex[DT__QUOTE + 4];

    if (id && !dt__valid_id(id))
        yp_err(p, node_loc(n),
               "invalid %s id '%s' (use letters, digits, '_', '.' and '-')",
               what, dt__excerpt(id, ex));
    return id;
}

/* ---- Numbers. ---- */

static int in_range(double v, enum range r)
{
    switch (r) {
    case R_PCT:
        return v >= 0.0 && v <= 100.0;
    case R_NONNEG:
        return v >= 0.0;
    default:
        return 1;
    }
}

/* A plain scalar number; `key` names it in messages. */
static int get_plain_num(yp *p, const yaml_node_t *n, const char *key,
                         enum range r, dt_value *out)
{
    char ex[DT__QUOTE + 4], desc[DT__QUOTE + 8];
    const char *s;
    double v;

    if (n->type != YAML_SCALAR_NODE || is_null(n)) {
        yp_err(p, node_loc(n), "expected a number for '%s', got %s", key,
               describe(n, desc));
        return 0;
    }
    s = scalar(n);
    if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) {
        yp_err(p, node_loc(n),
               "expected a number for '%s', got the quoted string '%s'", key,
               dt__excerpt(s, ex));
        return 0;
    }
    if (dt__is_nonfinite(s) ||
        (dt__is_decimal(s) && dt__parse_double(s, &v) && !isfinite(v))) {
        yp_err(p, node_loc(n), "%s must be a finite number, got %s", key,
               dt__excerpt(s, ex));
        return 0;
    }
    if (!dt__is_decimal(s) || !dt__parse_double(s, &v)) {
        yp_err(p, node_loc(n), "expected a number for '%s', got '%s'", key,
               dt__excerpt(s, ex));
        return 0;
    }
    if (!in_range(v, r)) {
        if (r == R_PCT)
            yp_err(p, node_loc(n), "%s must be between 0 and 100, got %s", key,
                   dt__excerpt(s, ex));
        else
            yp_err(p, node_loc(n), "%s must be >= 0, got %s", key,
                   dt__excerpt(s, ex));
        return 0;
    }
    out->v = v;
    out->loc = node_loc(n);
    return 1;
}

static int get_keys(yp *p, const yaml_node_t *map, const char *where,
                    const char *const *keys, size_t n_keys, yaml_node_t **vals,
                    yaml_node_t **key_nodes);

/*
 * The uncertainty of a number (docs/scenario-format.md "Uncertainty"):
 * sd >= 0, or range [lo, hi] with lo <= value <= hi inside the valid
 * range r. Fills out->spread; out->v is already set.
 */
static int get_spread(yp *p, yaml_node_t *sd, yaml_node_t *range,
                      const char *key, enum range r, dt_value *out)
{
    char desc[DT__QUOTE + 8], name[80];
    dt_value lo, hi;
    yaml_node_t *a, *b;

    if (sd && range) {
        yp_err(p, node_loc(range), "'%s' has both 'sd' and 'range' (give one)",
               key);
        return 0;
    }
    if (sd) {
        snprintf(name, sizeof name, "sd of %s", key);
        if (!get_plain_num(p, sd, name, R_NONNEG, &lo))
            return 0;
        out->spread.kind = DT_SPREAD_NORMAL;
        out->spread.sd = lo.v;
        return 1;
    }
    if (range->type != YAML_SEQUENCE_NODE ||
        range->data.sequence.items.top - range->data.sequence.items.start !=
            2) {
        yp_err(p, node_loc(range),
               "expected 'range' of '%s' as [low, high], got %s", key,
               describe(range, desc));
        return 0;
    }
    a = get_node(p, range->data.sequence.items.start[0]);
    b = get_node(p, range->data.sequence.items.start[1]);
    snprintf(name, sizeof name, "range of %s", key);
    if (!a || !b || !get_plain_num(p, a, name, r, &lo) ||
        !get_plain_num(p, b, name, r, &hi))
        return 0;
    if (!(lo.v <= out->v && out->v <= hi.v)) {
        yp_err(p, node_loc(range),
               "range [%.17g, %.17g] of '%s' does not contain its value %.17g",
               lo.v, hi.v, key, out->v);
        return 0;
    }
    out->spread.kind = DT_SPREAD_UNIFORM;
    out->spread.lo = lo.v;
    out->spread.hi = hi.v;
    return 1;
}

/*
 * NUMBER: a plain number or {value: N, note: "..."}; with R_SPREAD in r
 * also {value: N, sd: S} or {value: N, range: [L, H]}.
 */
static int get_num(yp *p, const yaml_node_t *n, const char *key, enum range r,
                   dt_value *out)
{
    static const char *const keys[] = {"value", "note", "sd", "range"};
    yaml_node_t *vals[4] = {NULL, NULL, NULL, NULL}, *knodes[4];
    size_t n_keys = (r & R_SPREAD) ? 4 : 2;
    char where[64];
    int ok;

    r = (enum range)(r & ~R_SPREAD);
    memset(out, 0, sizeof *out);
    if (n->type != YAML_MAPPING_NODE)
        return get_plain_num(p, n, key, r, out);
    snprintf(where, sizeof where, "in '%s'", key);
    ok = get_keys(p, n, where, keys, n_keys, vals, knodes);
    if (!vals[0]) {
        yp_err(p, node_loc(n), "'%s' is missing required key 'value'", key);
        return 0;
    }
    ok = get_plain_num(p, vals[0], key, r, out) && ok;
    if (vals[1]) {
        out->note = get_str(p, vals[1], "note");
        ok = ok && out->note;
    }
    if (ok && (vals[2] || vals[3]))
        ok = get_spread(p, vals[2], vals[3], key, r, out);
    return ok;
}

/* ---- Mappings with a fixed set of keys. ---- */

static void join(const char *const *words, size_t n, char *buf, size_t size)
{
    size_t i, used = 0;

    buf[0] = '\0';
    for (i = 0; i < n; i++) {
        size_t w = strlen(words[i]) + (i ? 2 : 0);

        if (used + w + 5 >= size) {
            snprintf(buf + used, size - used, "%s...", i ? ", " : "");
            return;
        }
        snprintf(buf + used, size - used, "%s%s", i ? ", " : "", words[i]);
        used += w;
    }
}

/*
 * Look the keys of map up in keys[]: vals[k] (and key_nodes[k]) is the
 * value of keys[k] or NULL. Unknown and duplicate keys are errors named
 * with `where` ("in stake"). Returns 0 when map is not a mapping.
 */
static int get_keys(yp *p, const yaml_node_t *map, const char *where,
                    const char *const *keys, size_t n_keys, yaml_node_t **vals,
                    yaml_node_t **key_nodes)
{
    const yaml_node_pair_t *pair;
    char ex[DT__QUOTE + 4], desc[DT__QUOTE + 8], expected[160];
    size_t k;
    int ok = 1;

    for (k = 0; k < n_keys; k++)
        vals[k] = key_nodes[k] = NULL;
    if (map->type != YAML_MAPPING_NODE)
        return 0;
    for (pair = map->data.mapping.pairs.start;
         pair < map->data.mapping.pairs.top && !yp_full(p); pair++) {
        yaml_node_t *key = get_node(p, pair->key);
        yaml_node_t *val = get_node(p, pair->value);

        if (!key || !val)
            continue;
        if (key->type != YAML_SCALAR_NODE) {
            yp_err(p, node_loc(key), "expected a key %s, got %s", where,
                   describe(key, desc));
            ok = 0;
            continue;
        }
        for (k = 0; k < n_keys; k++)
            if (strcmp(scalar(key), keys[k]) == 0)
                break;
        if (k == n_keys) {
            join(keys, n_keys, expected, sizeof expected);
            yp_err(p, node_loc(key), "unknown key '%s' %s (expected %s)",
                   dt__excerpt(scalar(key), ex), where, expected);
            ok = 0;
        } else if (vals[k]) {
            yp_err(p, node_loc(key), "duplicate key '%s' %s (first at line %u)",
                   keys[k], where, node_loc(key_nodes[k]).line);
            ok = 0;
        } else {
            vals[k] = val;
            key_nodes[k] = key;
        }
    }
    return ok;
}

/* ---- Issue ids. ---- */

static int idref_cmp(const void *a, const void *b)
{
    const idref *x = a, *y = b;
    int c = strcmp(x->id, y->id);

    if (c)
        return c;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/*
 * Sort ids[0..n) and report each repeated id at its later occurrences.
 * Sorting keeps a scenario with many actors or issues from taking
 * quadratic time.
 */
static void check_dup_ids(yp *p, idref *ids, size_t n, const char *what,
                          const dt_loc *(*loc_of)(const yp *, size_t))
{
    size_t i, first = 0;
    char ex[DT__QUOTE + 4];

    qsort(ids, n, sizeof *ids, idref_cmp);
    for (i = 1; i < n; i++) {
        if (strcmp(ids[i].id, ids[first].id) != 0) {
            first = i;
            continue;
        }
        yp_err(p, *loc_of(p, ids[i].idx),
               "duplicate %s id '%s' (first at line %u)", what,
               dt__excerpt(ids[i].id, ex), loc_of(p, ids[first].idx)->line);
    }
}

static const dt_loc *issue_loc(const yp *p, size_t i)
{
    return &p->sc->issues[i].loc;
}

static const dt_loc *actor_loc(const yp *p, size_t a)
{
    return &p->sc->actors[a].loc;
}

/*
 * Index of the first entry with this id in ids (n entries, sorted by id),
 * or (size_t)-1: a binary search for the leftmost match.
 */
static size_t find_id(const idref *ids, size_t n, const char *id)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (strcmp(ids[mid].id, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < n && strcmp(ids[lo].id, id) == 0)
        return ids[lo].idx;
    return (size_t)-1;
}

/* Index of the first issue with this id, or (size_t)-1. */
static size_t find_issue(const yp *p, const char *id)
{
    return find_id(p->issue_ids, p->n_issue_ids, id);
}

/*
 * Whether issue i is the one its id refers to: it has a valid id and no
 * earlier issue has the same one.
 */
static int is_canonical(const yp *p, size_t i)
{
    const char *id = p->sc->issues[i].id;

    return id && dt__valid_id(id) && find_issue(p, id) == i;
}

/*
 * Resolve an issue-id key of an actor's or the outcome's issues mapping.
 * Returns the index, or (size_t)-1 after reporting an unknown id.
 */
static size_t issue_key(yp *p, const yaml_node_t *key)
{
    char ex[DT__QUOTE + 4], desc[DT__QUOTE + 8], expected[160];
    const char *words[64];
    size_t i, n = 0, idx;

    if (key->type != YAML_SCALAR_NODE) {
        yp_err(p, node_loc(key), "expected an issue id as key, got %s",
               describe(key, desc));
        return (size_t)-1;
    }
    if (!p->issues_ok)
        return (size_t)-1;
    idx = find_issue(p, scalar(key));
    if (idx != (size_t)-1 || p->issues_broken)
        return idx;
    for (i = 0; i < p->sc->n_issues && n < 64; i++)
        if (is_canonical(p, i))
            words[n++] = p->sc->issues[i].id;
    join(words, n, expected, sizeof expected);
    yp_err(p, node_loc(key), "unknown issue '%s' (expected one of: %s)",
           dt__excerpt(scalar(key), ex), expected);
    return (size_t)-1;
}

/* ---- The schema. ---- */

static void parse_issue(yp *p, const yaml_node_t *n, dt_issue *is)
{
    static const char *const keys[] = {"id",   "name",       "low",
                                       "high", "status_quo", "note"};
    yaml_node_t *v[6], *k[6];
    char ex[DT__QUOTE + 4];
    size_t i;

    is->loc = node_loc(n);
    get_keys(p, n, "in issue", keys, 6, v, k);
    if (v[0])
        is->id = get_id(p, v[0], "issue");
    if (v[1])
        is->name = get_str(p, v[1], "name");
    if (v[2])
        is->low = get_str(p, v[2], "low");
    if (v[3])
        is->high = get_str(p, v[3], "high");
    if (v[4])
        is->has_status_quo =
            get_num(p, v[4], "status_quo", R_PCT | R_SPREAD, &is->status_quo);
    if (v[5])
        is->note = get_str(p, v[5], "note");
    for (i = 0; i < 2; i++) {
        if (v[i])
            continue;
        if (is->id)
            yp_err(p, is->loc, "issue '%s' is missing required key '%s'",
                   dt__excerpt(is->id, ex), keys[i]);
        else
            yp_err(p, is->loc, "issue is missing required key '%s'", keys[i]);
    }
}

/* Checks a list node for 'issues' or 'actors'; returns its length. */
static size_t get_list(yp *p, const yaml_node_t *n, const char *key,
                       const char *what)
{
    size_t len;

    if (!expect_type(p, n, YAML_SEQUENCE_NODE, key))
        return 0;
    len = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    if (len == 0)
        yp_err(p, node_loc(n), "the %s list is empty", what);
    return len;
}

static void parse_issues(yp *p, const yaml_node_t *n)
{
    dt_scenario *sc = p->sc;
    size_t len = get_list(p, n, "issues", "issue");
    const yaml_node_item_t *it;
    char desc[DT__QUOTE + 8];
    size_t i;

    if (len == 0)
        return;
    sc->issues = yp_alloc(p, len, sizeof *sc->issues);
    p->issue_ids = yp_alloc(p, len, sizeof *p->issue_ids);
    p->referred = yp_alloc(p, len, 1);
    if (p->nomem)
        return;
    for (it = n->data.sequence.items.start;
         it < n->data.sequence.items.top && !yp_full(p); it++) {
        yaml_node_t *item = get_node(p, *it);

        if (!item)
            continue;
        if (item->type != YAML_MAPPING_NODE) {
            yp_err(p, node_loc(item), "expected a mapping for an issue, got %s",
                   describe(item, desc));
            p->issues_broken = 1;
            continue;
        }
        parse_issue(p, item, &sc->issues[sc->n_issues]);
        if (!sc->issues[sc->n_issues++].id)
            p->issues_broken = 1;
    }
    for (i = 0; i < sc->n_issues; i++) {
        if (!sc->issues[i].id)
            continue;
        p->issue_ids[p->n_issue_ids].id = sc->issues[i].id;
        p->issue_ids[p->n_issue_ids].idx = i;
        p->n_issue_ids++;
    }
    check_dup_ids(p, p->issue_ids, p->n_issue_ids, "issue", issue_loc);
    p->issues_ok = sc->n_issues > 0;
}

static void parse_red_line(yp *p, const yaml_node_t *n, dt_red_line *rl)
{
    static const char *const keys[] = {"above", "below", "note"};
    yaml_node_t *v[3], *k[3];
    dt_value above, below;
    char a[DT__QUOTE + 4], b[DT__QUOTE + 4];

    rl->loc = node_loc(n);
    if (!expect_type(p, n, YAML_MAPPING_NODE, "red_line"))
        return;
    get_keys(p, n, "in red_line", keys, 3, v, k);
    if (v[0])
        rl->has_above = get_plain_num(p, v[0], "above", R_PCT, &above);
    if (v[1])
        rl->has_below = get_plain_num(p, v[1], "below", R_PCT, &below);
    if (v[2])
        rl->note = get_str(p, v[2], "note");
    if (!v[0] && !v[1])
        yp_err(p, rl->loc, "red_line needs 'above' or 'below'");
    if (rl->has_above)
        rl->above = above.v;
    if (rl->has_below)
        rl->below = below.v;
    if (rl->has_above && rl->has_below && !(rl->below < rl->above))
        yp_err(p, rl->loc,
               "red line rejects every outcome (below %s is not less than "
               "above %s)",
               dt__excerpt(scalar(v[1]), b), dt__excerpt(scalar(v[0]), a));
}

static void parse_stake(yp *p, const yaml_node_t *n, const dt_actor *ac,
                        const char *issue, dt_stake *st,
                        const dt_stake *scratch)
{
    static const char *const keys[] = {"position", "salience", "capability",
                                       "red_line", "no_deal",  "note"};
    yaml_node_t *v[6], *k[6];
    char ex[DT__QUOTE + 4], ex2[DT__QUOTE + 4], desc[DT__QUOTE + 8];
    size_t i;

    if (n->type != YAML_MAPPING_NODE) {
        yp_err(p, node_loc(n), "expected a mapping for stake '%s', got %s",
               dt__excerpt(issue, ex), describe(n, desc));
        return;
    }
    get_keys(p, n, "in stake", keys, 6, v, k);
    if (v[0])
        get_num(p, v[0], "position", R_PCT | R_SPREAD, &st->position);
    if (v[1])
        get_num(p, v[1], "salience", R_PCT | R_SPREAD, &st->salience);
    if (v[2])
        st->has_capability = get_num(p, v[2], "capability", R_NONNEG | R_SPREAD,
                                     &st->capability);
    if (v[3]) {
        st->has_red_line = 1;
        parse_red_line(p, v[3], &st->red_line);
    }
    if (v[4])
        st->has_no_deal =
            get_num(p, v[4], "no_deal", R_PCT | R_SPREAD, &st->no_deal);
    if (v[5])
        st->note = get_str(p, v[5], "note");
    /* A stake in an unknown issue has had its error already. */
    for (i = 0; i < 2 && st != scratch; i++)
        if (!v[i])
            yp_err(p, node_loc(n),
                   "stake of actor '%s' in issue '%s' is missing required "
                   "key '%s'",
                   dt__excerpt(ac->id ? ac->id : "?", ex),
                   dt__excerpt(issue, ex2), keys[i]);
}

static void parse_stakes(yp *p, const yaml_node_t *n, size_t a)
{
    dt_scenario *sc = p->sc;
    const dt_actor *ac = &sc->actors[a];
    const yaml_node_pair_t *pair;
    char ex[DT__QUOTE + 4], ex2[DT__QUOTE + 4];

    if (!expect_type(p, n, YAML_MAPPING_NODE, "issues"))
        return;
    for (pair = n->data.mapping.pairs.start;
         pair < n->data.mapping.pairs.top && !yp_full(p); pair++) {
        yaml_node_t *key = get_node(p, pair->key);
        yaml_node_t *val = get_node(p, pair->value);
        dt_stake scratch, *st;
        size_t i;

        if (!key || !val)
            continue;
        i = issue_key(p, key);
        if (i != (size_t)-1 && sc->stakes[a * sc->n_issues + i]) {
            yp_err(p, node_loc(key),
                   "duplicate key '%s' in issues of actor '%s' (first at "
                   "line %u)",
                   dt__excerpt(scalar(key), ex), dt__excerpt(ac->id, ex2),
                   sc->stakes[a * sc->n_issues + i]->loc.line);
            continue;
        }
        memset(&scratch, 0, sizeof scratch);
        st = &scratch;
        if (i != (size_t)-1) {
            st = yp_alloc(p, 1, sizeof *st);
            if (!st)
                return;
            sc->stakes[a * sc->n_issues + i] = st;
            p->referred[i] = 1;
        }
        st->loc = node_loc(key);
        parse_stake(p, val, ac,
                    key->type == YAML_SCALAR_NODE ? scalar(key) : "?", st,
                    &scratch);
    }
}

static void parse_no_deal(yp *p, const yaml_node_t *n, dt_no_deal *nd)
{
    static const char *const keys[] = {"cost", "note"};
    yaml_node_t *v[2], *k[2];

    nd->loc = node_loc(n);
    if (!expect_type(p, n, YAML_MAPPING_NODE, "no_deal"))
        return;
    get_keys(p, n, "in no_deal", keys, 2, v, k);
    if (v[0])
        nd->has_cost = get_num(p, v[0], "cost", R_FINITE | R_SPREAD, &nd->cost);
    if (v[1])
        nd->note = get_str(p, v[1], "note");
}

/* Room for one more constraint in sc->constraints (grown in the arena). */
static dt_constraint *new_constraint(yp *p)
{
    dt_scenario *sc = p->sc;

    if (sc->n_constraints == p->cap_constraints) {
        size_t ncap = p->cap_constraints ? 2 * p->cap_constraints : 8;
        dt_constraint *n = yp_alloc(p, ncap, sizeof *n);

        if (!n)
            return NULL;
        if (sc->n_constraints)
            memcpy(n, sc->constraints,
                   sc->n_constraints * sizeof *sc->constraints);
        sc->constraints = n;
        p->cap_constraints = ncap;
    }
    return &sc->constraints[sc->n_constraints++];
}

/*
 * The terms of a cross-issue red line: issue id -> coefficient. Fills
 * issue[] and coef[] (room for every pair) and returns the number of
 * terms read; *all_known is 0 when some issue id could not be resolved.
 */
static size_t parse_terms(yp *p, const yaml_node_t *n, size_t *issue,
                          double *coef, int *all_known)
{
    const yaml_node_pair_t *pair;
    char ex[DT__QUOTE + 4];
    size_t k = 0, serial = p->sc->n_constraints; /* this one's, plus 1 */

    *all_known = 1;
    /* Per-issue marks find a repeated term without a quadratic scan. */
    if (!p->term_seen) {
        p->term_seen = yp_alloc(p, p->sc->n_issues, sizeof *p->term_seen);
        p->term_line = yp_alloc(p, p->sc->n_issues, sizeof *p->term_line);
        if (!p->term_seen || !p->term_line)
            return 0;
    }
    for (pair = n->data.mapping.pairs.start;
         pair < n->data.mapping.pairs.top && !yp_full(p); pair++) {
        yaml_node_t *key = get_node(p, pair->key);
        yaml_node_t *val = get_node(p, pair->value);
        dt_value c;
        size_t i;

        if (!key || !val)
            continue;
        i = issue_key(p, key);
        if (i == (size_t)-1) {
            *all_known = 0;
            if (key->type == YAML_SCALAR_NODE)
                get_num(p, val, scalar(key), R_FINITE, &c);
            continue;
        }
        if (p->term_seen[i] == serial) {
            yp_err(p, node_loc(key),
                   "duplicate key '%s' in terms (first at line %u)",
                   dt__excerpt(scalar(key), ex), p->term_line[i]);
            continue;
        }
        p->term_seen[i] = serial;
        p->term_line[i] = node_loc(key).line;
        if (!get_num(p, val, scalar(key), R_FINITE, &c)) {
            *all_known = 0;
            continue;
        }
        issue[k] = i;
        coef[k] = c.v;
        k++;
    }
    return k;
}

/* The text of a number as written: n itself, or the value of {value, note}. */
static const char *num_text(const yp *p, const yaml_node_t *n)
{
    const yaml_node_pair_t *pair;

    if (n->type == YAML_SCALAR_NODE)
        return scalar(n);
    if (n->type != YAML_MAPPING_NODE)
        return "?";
    for (pair = n->data.mapping.pairs.start; pair < n->data.mapping.pairs.top;
         pair++) {
        yaml_node_t *key = get_node(p, pair->key);
        yaml_node_t *val = get_node(p, pair->value);

        if (key && val && key->type == YAML_SCALAR_NODE &&
            val->type == YAML_SCALAR_NODE && strcmp(scalar(key), "value") == 0)
            return scalar(val);
    }
    return "?";
}

/*
 * Whether a cross-issue red line leaves some outcome on the 0-100 scales:
 * the sum ranges over [lo, hi], lo = sum of 100 * min(0, coef) and hi =
 * sum of 100 * max(0, coef), so at_most < lo or at_least > hi rejects
 * every outcome.
 */
static void check_constraint_room(yp *p, const dt_constraint *c,
                                  yaml_node_t *const *v)
{
    char a[DT__QUOTE + 4], b[DT__QUOTE + 4];
    double lo = 0.0, hi = 0.0;
    size_t k;

    if (c->has_at_most && c->has_at_least && c->at_least > c->at_most) {
        yp_err(p, c->loc,
               "red line rejects every outcome (at_least %s is greater than "
               "at_most %s)",
               dt__excerpt(num_text(p, v[2]), a),
               dt__excerpt(num_text(p, v[1]), b));
        return;
    }
    for (k = 0; k < c->n_terms; k++) {
        if (c->coef[k] < 0.0)
            lo += 100.0 * c->coef[k];
        else
            hi += 100.0 * c->coef[k];
    }
    if (c->has_at_most && c->at_most < lo)
        yp_err(p, c->loc,
               "red line rejects every outcome (at_most %s is below the "
               "smallest possible sum, %g)",
               dt__excerpt(num_text(p, v[1]), a), lo);
    else if (c->has_at_least && c->at_least > hi)
        yp_err(p, c->loc,
               "red line rejects every outcome (at_least %s is above the "
               "largest possible sum, %g)",
               dt__excerpt(num_text(p, v[2]), a), hi);
}

/* One entry of an actor's red_lines list: a linear constraint. */
static void parse_constraint(yp *p, const yaml_node_t *n, size_t a)
{
    static const char *const keys[] = {"terms", "at_most", "at_least", "note"};
    yaml_node_t *v[4], *k[4];
    dt_constraint *c;
    dt_value bound;
    size_t n_pairs, *issue;
    double *coef;
    int all_known = 0;

    if (!expect_type(p, n, YAML_MAPPING_NODE, "red_lines"))
        return;
    c = new_constraint(p);
    if (!c)
        return;
    memset(c, 0, sizeof *c);
    c->actor = a;
    c->loc = node_loc(n);
    get_keys(p, n, "in red_lines", keys, 4, v, k);
    if (v[1]) {
        c->has_at_most = get_num(p, v[1], "at_most", R_FINITE, &bound);
        c->at_most = bound.v;
    }
    if (v[2]) {
        c->has_at_least = get_num(p, v[2], "at_least", R_FINITE, &bound);
        c->at_least = bound.v;
    }
    if (v[3])
        c->note = get_str(p, v[3], "note");
    if (!v[1] && !v[2])
        yp_err(p, c->loc, "red line needs 'at_most' or 'at_least'");
    if (!v[0]) {
        yp_err(p, c->loc, "red line is missing required key 'terms'");
        return;
    }
    if (!expect_type(p, v[0], YAML_MAPPING_NODE, "terms"))
        return;
    n_pairs =
        (size_t)(v[0]->data.mapping.pairs.top - v[0]->data.mapping.pairs.start);
    if (n_pairs == 0) {
        yp_err(p, node_loc(v[0]), "red line has no terms");
        return;
    }
    issue = yp_alloc(p, n_pairs, sizeof *issue);
    coef = yp_alloc(p, n_pairs, sizeof *coef);
    if (!issue || !coef)
        return;
    c->issue = issue;
    c->coef = coef;
    c->n_terms = parse_terms(p, v[0], issue, coef, &all_known);
    if (!all_known || c->n_terms == 0)
        return;
    {
        size_t t;

        for (t = 0; t < c->n_terms && coef[t] == 0.0; t++)
            ;
        if (t == c->n_terms) {
            yp_err(p, node_loc(v[0]),
                   "red line terms are all zero (the sum does not depend on "
                   "the outcome)");
            return;
        }
    }
    if ((!v[1] || c->has_at_most) && (!v[2] || c->has_at_least))
        check_constraint_room(p, c, v);
}

static void parse_constraints(yp *p, const yaml_node_t *n, size_t a)
{
    const yaml_node_item_t *it;

    if (!expect_type(p, n, YAML_SEQUENCE_NODE, "red_lines"))
        return;
    for (it = n->data.sequence.items.start;
         it < n->data.sequence.items.top && !yp_full(p); it++) {
        yaml_node_t *item = get_node(p, *it);

        if (item)
            parse_constraint(p, item, a);
    }
}

static void parse_actor(yp *p, const yaml_node_t *n, size_t a)
{
    static const char *const keys[] = {"id",         "name",     "role",
                                       "capability", "no_deal",  "note",
                                       "issues",     "red_lines"};
    dt_actor *ac = &p->sc->actors[a];
    yaml_node_t *v[8], *k[8];
    char ex[DT__QUOTE + 4];
    size_t i;

    ac->loc = node_loc(n);
    get_keys(p, n, "in actor", keys, 8, v, k);
    if (v[0])
        ac->id = get_id(p, v[0], "actor");
    if (!ac->id) {
        ac->id = "?";
        p->actors_broken = 1;
    }
    if (v[1])
        ac->name = get_str(p, v[1], "name");
    if (v[2]) {
        const char *role = get_str(p, v[2], "role");

        if (role && strcmp(role, "excluded") == 0)
            ac->role = DT_ROLE_EXCLUDED;
        else if (role && strcmp(role, "table") != 0)
            yp_err(p, node_loc(v[2]),
                   "role must be 'table' or 'excluded', got '%s'",
                   dt__excerpt(role, ex));
    }
    if (v[3])
        get_num(p, v[3], "capability", R_NONNEG | R_SPREAD, &ac->capability);
    if (v[4])
        parse_no_deal(p, v[4], &p->sc->no_deal[a]);
    if (v[5])
        ac->note = get_str(p, v[5], "note");
    if (v[6])
        parse_stakes(p, v[6], a);
    if (v[7])
        parse_constraints(p, v[7], a);
    for (i = 0; i < 4; i++) {
        if (v[i] || i == 2)
            continue;
        if (v[0] && strcmp(ac->id, "?") != 0)
            yp_err(p, ac->loc, "actor '%s' is missing required key '%s'",
                   dt__excerpt(ac->id, ex), keys[i]);
        else
            yp_err(p, ac->loc, "actor is missing required key '%s'", keys[i]);
    }
}

static void parse_actors(yp *p, const yaml_node_t *n)
{
    dt_scenario *sc = p->sc;
    size_t len = get_list(p, n, "actors", "actor");
    const yaml_node_item_t *it;
    char desc[DT__QUOTE + 8];
    idref *ids;
    size_t a, n_ids = 0, n_issues = sc->n_issues ? sc->n_issues : 1;

    if (len == 0)
        return;
    if (len > YMAX_CELLS / n_issues) {
        yp_err(p, node_loc(n),
               "scenario is too large (%zu actors x %zu issues)", len,
               sc->n_issues);
        return;
    }
    sc->actors = yp_alloc(p, len, sizeof *sc->actors);
    sc->no_deal = yp_alloc(p, len, sizeof *sc->no_deal);
    sc->stakes = yp_alloc(p, len * n_issues, sizeof *sc->stakes);
    ids = yp_alloc(p, len, sizeof *ids);
    if (p->nomem)
        return;
    for (it = n->data.sequence.items.start;
         it < n->data.sequence.items.top && !yp_full(p); it++) {
        yaml_node_t *item = get_node(p, *it);

        if (!item)
            continue;
        if (item->type != YAML_MAPPING_NODE) {
            yp_err(p, node_loc(item), "expected a mapping for an actor, got %s",
                   describe(item, desc));
            p->actors_broken = 1;
            continue;
        }
        parse_actor(p, item, sc->n_actors++);
    }
    for (a = 0; a < sc->n_actors; a++) {
        if (strcmp(sc->actors[a].id, "?") == 0)
            continue;
        ids[n_ids].id = sc->actors[a].id;
        ids[n_ids].idx = a;
        n_ids++;
    }
    check_dup_ids(p, ids, n_ids, "actor", actor_loc);
    p->actor_ids = ids;
    p->n_actor_ids = n_ids;
    p->actors_ok = sc->n_actors > 0;
    if (!p->issues_ok || yp_full(p))
        return;
    for (a = 0; a < sc->n_issues; a++)
        if (!p->referred[a] && is_canonical(p, a))
            yp_err(p, sc->issues[a].loc, "no actor has a stake in issue '%s'",
                   dt__excerpt(sc->issues[a].id, desc));
}

/* ---- Levers. ---- */

/* Index of the first actor with this id, or (size_t)-1. */
static size_t find_actor(const yp *p, const char *id)
{
    return find_id(p->actor_ids, p->n_actor_ids, id);
}

/*
 * Resolve an actor id written as the value of `key`. Returns the index,
 * or (size_t)-1 after reporting an unknown id. As for issues, nothing is
 * reported when an actor entry is itself broken.
 */
static size_t actor_ref(yp *p, const yaml_node_t *n, const char *key)
{
    char ex[DT__QUOTE + 4], expected[160];
    const char *words[64];
    size_t i, w = 0, idx;

    if (!expect_type(p, n, YAML_SCALAR_NODE, key) || !p->actors_ok)
        return (size_t)-1;
    idx = find_actor(p, scalar(n));
    if (idx != (size_t)-1 || p->actors_broken)
        return idx;
    for (i = 0; i < p->sc->n_actors && w < 64; i++)
        if (find_actor(p, p->sc->actors[i].id) == i)
            words[w++] = p->sc->actors[i].id;
    join(words, w, expected, sizeof expected);
    yp_err(p, node_loc(n), "unknown actor '%s' (expected one of: %s)",
           dt__excerpt(scalar(n), ex), expected);
    return (size_t)-1;
}

/* Names of an effect's targets, in the order of the effect's keys. */
static const char *const effect_targets[] = {
    "capability", "salience", "position", "no_deal_cost", "red_line"};
#define N_TARGETS 5

/*
 * Of the keys k[idx[0..n)] present, the one written first in the file
 * (-1 when none is), so that "more than one" errors point at the later
 * keys.
 */
static int first_written(yaml_node_t *const *k, const size_t *idx, size_t n)
{
    size_t i;
    int first = -1;

    for (i = 0; i < n; i++)
        if (k[idx[i]] && (first < 0 || k[idx[i]]->start_mark.index <
                                           k[idx[first]]->start_mark.index))
            first = (int)i;
    return first;
}

/*
 * An operation {set|add|scale: NUMBER} on the effect target `target`.
 * `set_range` bounds the value of set; add takes any finite number and
 * scale any number >= 0 (results are clamped when the lever is applied).
 */
static void parse_op(yp *p, const yaml_node_t *n, const char *target,
                     enum range set_range, dt_effect *e)
{
    static const char *const keys[] = {"set", "add", "scale"};
    static const enum dt_effect_op ops[] = {DT_OP_SET, DT_OP_ADD, DT_OP_SCALE};
    static const size_t all[] = {0, 1, 2};
    yaml_node_t *v[3], *k[3];
    enum range ranges[3];
    char where[64];
    dt_value val;
    size_t i;
    int first;

    if (!expect_type(p, n, YAML_MAPPING_NODE, target))
        return;
    ranges[0] = set_range;
    ranges[1] = R_FINITE;
    ranges[2] = R_NONNEG;
    snprintf(where, sizeof where, "in '%s'", target);
    get_keys(p, n, where, keys, 3, v, k);
    first = first_written(k, all, 3);
    if (first < 0) {
        yp_err(p, node_loc(n), "'%s' needs one of set, add, scale", target);
        return;
    }
    for (i = 0; i < 3; i++)
        if (v[i] && (int)i != first)
            yp_err(p, node_loc(k[i]),
                   "'%s' has more than one operation ('%s' and '%s')", target,
                   keys[first], keys[i]);
    e->op = ops[first];
    if (get_num(p, v[first], keys[first], ranges[first], &val))
        e->value = val.v;
}

/* red_line: drop, or a red line that replaces the actor's on the issue. */
static void parse_red_line_effect(yp *p, const yaml_node_t *n, dt_effect *e)
{
    char desc[DT__QUOTE + 8];

    if (n->type == YAML_MAPPING_NODE) {
        e->kind = DT_EFFECT_RED_LINE_ADD;
        parse_red_line(p, n, &e->red_line);
        return;
    }
    e->kind = DT_EFFECT_RED_LINE_DROP;
    if (n->type == YAML_SCALAR_NODE && strcmp(scalar(n), "drop") == 0)
        return;
    yp_err(p, node_loc(n),
           "red_line must be 'drop' or a mapping with 'above' or 'below', "
           "got %s",
           describe(n, desc));
}

/* The target of an effect: which of keys 2..6 is set, checked. */
static void parse_effect_target(yp *p, yaml_node_t *const *v,
                                yaml_node_t *const *k, dt_effect *e,
                                int *target)
{
    static const size_t idx[N_TARGETS] = {2, 3, 4, 5, 6};
    size_t t;

    *target = first_written(k, idx, N_TARGETS);
    for (t = 0; t < N_TARGETS && *target >= 0; t++)
        if (v[idx[t]] && (int)t != *target)
            yp_err(p, node_loc(k[idx[t]]),
                   "effect has more than one target ('%s' and '%s'); use "
                   "one effect per change",
                   effect_targets[*target], effect_targets[t]);
    switch (*target) {
    case 0:
        e->kind = DT_EFFECT_CAPABILITY;
        parse_op(p, v[2], "capability", R_NONNEG, e);
        break;
    case 1:
        e->kind = DT_EFFECT_SALIENCE;
        parse_op(p, v[3], "salience", R_PCT, e);
        break;
    case 2:
        e->kind = DT_EFFECT_POSITION;
        parse_op(p, v[4], "position", R_PCT, e);
        break;
    case 3:
        e->kind = DT_EFFECT_NO_DEAL_COST;
        parse_op(p, v[5], "no_deal_cost", R_FINITE, e);
        break;
    case 4:
        parse_red_line_effect(p, v[6], e);
        break;
    default:
        break;
    }
}

static void parse_effect(yp *p, const yaml_node_t *n, dt_effect *e)
{
    static const char *const keys[] = {"actor",    "issue",    "capability",
                                       "salience", "position", "no_deal_cost",
                                       "red_line", "note"};
    dt_scenario *sc = p->sc;
    yaml_node_t *v[8], *k[8];
    char ex[DT__QUOTE + 4], ex2[DT__QUOTE + 4];
    int target;

    e->loc = node_loc(n);
    e->actor = (size_t)-1;
    e->issue = (size_t)-1;
    get_keys(p, n, "in effect", keys, 8, v, k);
    if (v[0])
        e->actor = actor_ref(p, v[0], "actor");
    else
        yp_err(p, e->loc, "effect is missing required key 'actor'");
    if (v[1] && expect_type(p, v[1], YAML_SCALAR_NODE, "issue"))
        e->issue = issue_key(p, v[1]);
    if (v[7])
        e->note = get_str(p, v[7], "note");
    parse_effect_target(p, v, k, e, &target);
    if (target < 0) {
        yp_err(p, e->loc,
               "effect needs one of capability, salience, position, "
               "no_deal_cost, red_line");
        return;
    }
    if (target == 3 && v[1]) {
        yp_err(p, node_loc(k[1]),
               "effect on 'no_deal_cost' takes no 'issue' (the cost is the "
               "actor's)");
        e->issue = (size_t)-1;
        return;
    }
    if (target != 0 && target != 3 && !v[1]) {
        yp_err(p, e->loc, "effect on '%s' needs an 'issue'",
               effect_targets[target]);
        return;
    }
    /* Salience, position, red lines and overrides live on a stake. */
    if (e->actor != (size_t)-1 && e->issue != (size_t)-1 &&
        !sc->stakes[e->actor * sc->n_issues + e->issue])
        yp_err(p, node_loc(v[1]), "actor '%s' has no stake in issue '%s'",
               dt__excerpt(sc->actors[e->actor].id, ex),
               dt__excerpt(sc->issues[e->issue].id, ex2));
}

static void parse_lever(yp *p, const yaml_node_t *n, dt_lever *lv)
{
    static const char *const keys[] = {"id",          "name", "by",
                                       "description", "note", "effects"};
    yaml_node_t *v[6], *k[6];
    char ex[DT__QUOTE + 4], desc[DT__QUOTE + 8];
    const yaml_node_item_t *it;
    dt_effect *fx;
    size_t i, len;

    lv->loc = node_loc(n);
    lv->by = (size_t)-1;
    get_keys(p, n, "in lever", keys, 6, v, k);
    if (v[0])
        lv->id = get_id(p, v[0], "lever");
    if (v[1])
        lv->name = get_str(p, v[1], "name");
    if (v[2])
        lv->by = actor_ref(p, v[2], "by");
    if (v[3])
        lv->description = get_str(p, v[3], "description");
    if (v[4])
        lv->note = get_str(p, v[4], "note");
    for (i = 0; i < 6; i++) {
        if (v[i] || (i != 0 && i != 2 && i != 5))
            continue;
        if (lv->id)
            yp_err(p, lv->loc, "lever '%s' is missing required key '%s'",
                   dt__excerpt(lv->id, ex), keys[i]);
        else
            yp_err(p, lv->loc, "lever is missing required key '%s'", keys[i]);
    }
    if (!lv->id)
        lv->id = "?";
    if (!v[5])
        return;
    len = get_list(p, v[5], "effects", "effect");
    if (len == 0)
        return;
    fx = yp_alloc(p, len, sizeof *fx);
    if (!fx)
        return;
    lv->effects = fx;
    for (it = v[5]->data.sequence.items.start;
         it < v[5]->data.sequence.items.top && !yp_full(p); it++) {
        yaml_node_t *item = get_node(p, *it);

        if (!item)
            continue;
        if (item->type != YAML_MAPPING_NODE) {
            yp_err(p, node_loc(item),
                   "expected a mapping for an effect, got %s",
                   describe(item, desc));
            continue;
        }
        parse_effect(p, item, &fx[lv->n_effects++]);
    }
}

static const dt_loc *lever_loc(const yp *p, size_t i)
{
    return &p->sc->levers[i].loc;
}

/* The top-level levers list; may be empty. Needs the actors and issues. */
static void parse_levers(yp *p, const yaml_node_t *n)
{
    dt_scenario *sc = p->sc;
    const yaml_node_item_t *it;
    char desc[DT__QUOTE + 8];
    idref *ids;
    size_t i, len, n_ids = 0;

    if (!expect_type(p, n, YAML_SEQUENCE_NODE, "levers"))
        return;
    len = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    if (len == 0)
        return;
    sc->levers = yp_alloc(p, len, sizeof *sc->levers);
    ids = yp_alloc(p, len, sizeof *ids);
    if (p->nomem)
        return;
    for (it = n->data.sequence.items.start;
         it < n->data.sequence.items.top && !yp_full(p); it++) {
        yaml_node_t *item = get_node(p, *it);

        if (!item)
            continue;
        if (item->type != YAML_MAPPING_NODE) {
            yp_err(p, node_loc(item), "expected a mapping for a lever, got %s",
                   describe(item, desc));
            continue;
        }
        parse_lever(p, item, &sc->levers[sc->n_levers++]);
    }
    for (i = 0; i < sc->n_levers; i++) {
        if (strcmp(sc->levers[i].id, "?") == 0)
            continue;
        ids[n_ids].id = sc->levers[i].id;
        ids[n_ids].idx = i;
        n_ids++;
    }
    check_dup_ids(p, ids, n_ids, "lever", lever_loc);
}

static void parse_outcome(yp *p, const yaml_node_t *n)
{
    static const char *const keys[] = {"description", "note", "issues"};
    dt_scenario *sc = p->sc;
    yaml_node_t *v[3], *k[3];
    const yaml_node_pair_t *pair;
    char ex[DT__QUOTE + 4];

    if (!expect_type(p, n, YAML_MAPPING_NODE, "outcome"))
        return;
    sc->has_outcome = 1;
    get_keys(p, n, "in outcome", keys, 3, v, k);
    if (v[0])
        sc->outcome.description = get_str(p, v[0], "description");
    if (v[1])
        sc->outcome.note = get_str(p, v[1], "note");
    if (!v[2] || !expect_type(p, v[2], YAML_MAPPING_NODE, "issues"))
        return;
    if (sc->n_issues) {
        sc->has_outcome_value =
            yp_alloc(p, sc->n_issues, sizeof *sc->has_outcome_value);
        sc->outcome_value =
            yp_alloc(p, sc->n_issues, sizeof *sc->outcome_value);
        if (p->nomem)
            return;
    }
    for (pair = v[2]->data.mapping.pairs.start;
         pair < v[2]->data.mapping.pairs.top && !yp_full(p); pair++) {
        yaml_node_t *key = get_node(p, pair->key);
        yaml_node_t *val = get_node(p, pair->value);
        dt_value scratch;
        size_t i;

        if (!key || !val)
            continue;
        i = issue_key(p, key);
        if (i == (size_t)-1) {
            get_num(p, val, "outcome", R_PCT, &scratch);
            continue;
        }
        if (sc->has_outcome_value[i]) {
            yp_err(p, node_loc(key),
                   "duplicate key '%s' in outcome issues (first at line %u)",
                   dt__excerpt(scalar(key), ex), sc->outcome_value[i].loc.line);
            continue;
        }
        sc->has_outcome_value[i] =
            get_num(p, val, "outcome", R_PCT, &sc->outcome_value[i]);
        if (!sc->has_outcome_value[i]) {
            /* Remember the line for a later duplicate all the same. */
            sc->has_outcome_value[i] = 1;
            sc->outcome_value[i].loc = node_loc(key);
        }
    }
}

static void parse_sources(yp *p, const yaml_node_t *n)
{
    dt_scenario *sc = p->sc;
    const yaml_node_item_t *it;
    size_t len;

    if (!expect_type(p, n, YAML_SEQUENCE_NODE, "sources"))
        return;
    len = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    sc->sources = yp_alloc(p, len, sizeof *sc->sources);
    if (!sc->sources)
        return;
    for (it = n->data.sequence.items.start;
         it < n->data.sequence.items.top && !yp_full(p); it++) {
        yaml_node_t *item = get_node(p, *it);
        const char *s = item ? get_str(p, item, "sources") : NULL;

        if (s)
            sc->sources[sc->n_sources++] = s;
    }
}

/* uncertainty: {position_sd, salience_sd, capability_cv}, each >= 0. */
static void parse_uncertainty(yp *p, const yaml_node_t *n)
{
    static const char *const keys[] = {"position_sd", "salience_sd",
                                       "capability_cv"};
    dt_uncertainty *u = &p->sc->uncertainty;
    double *dst[3] = {&u->position_sd, &u->salience_sd, &u->capability_cv};
    yaml_node_t *v[3], *k[3];
    dt_value x;
    size_t i;

    if (!expect_type(p, n, YAML_MAPPING_NODE, "uncertainty"))
        return;
    u->loc = node_loc(n);
    get_keys(p, n, "in 'uncertainty'", keys, 3, v, k);
    for (i = 0; i < 3; i++)
        if (v[i] && get_plain_num(p, v[i], keys[i], R_NONNEG, &x))
            *dst[i] = x.v;
}

static void parse_top(yp *p, const yaml_node_t *root)
{
    static const char *const keys[] = {
        "name",        "date",   "description", "sources", "note",
        "issues",      "actors", "levers",      "outcome", "uncertainty",
        "staged_deal", "threat", "ratification"};
    static const size_t required[] = {0, 5, 6};
    dt_scenario *sc = p->sc;
    yaml_node_t *v[13], *k[13];
    char desc[DT__QUOTE + 8];
    size_t i;

    if (root->type != YAML_MAPPING_NODE) {
        yp_err(p, node_loc(root), "expected a mapping at the top level, got %s",
               describe(root, desc));
        return;
    }
    get_keys(p, root, "at the top level", keys, 13, v, k);
    for (i = 0; i < 3; i++)
        if (!v[required[i]])
            yp_err(p, node_loc(root), "scenario is missing required key '%s'",
                   keys[required[i]]);
    if (v[0])
        sc->name = get_str(p, v[0], "name");
    if (v[1])
        sc->date = get_str(p, v[1], "date");
    if (v[2])
        sc->description = get_str(p, v[2], "description");
    if (v[3])
        parse_sources(p, v[3]);
    if (v[4])
        sc->note = get_str(p, v[4], "note");
    if (v[5])
        parse_issues(p, v[5]);
    if (v[6])
        parse_actors(p, v[6]);
    if (v[7])
        parse_levers(p, v[7]);
    if (v[8])
        parse_outcome(p, v[8]);
    if (v[9])
        parse_uncertainty(p, v[9]);
    if (v[10] || v[11] || v[12])
        dt__yaml_games(p, v[10], v[11], v[12]); /* yaml_games.c */
}

dt_status dt__scenario_parse_yaml(dt_scenario *sc, const char *buf, size_t len,
                                  dt__diag *d)
{
    yaml_parser_t ps;
    yaml_document_t doc;
    yp p;
    dt_status rc;

    memset(&p, 0, sizeof p);
    p.sc = sc;
    p.d = d;
    sc->salience_divisor = 100.0;
    if (!check_text(&p, buf, len) || !prescan(&p, buf, len))
        goto out;
    if (!yaml_parser_initialize(&ps)) {
        p.nomem = 1;
        goto out;
    }
    yaml_parser_set_input_string(&ps, (const unsigned char *)buf, len);
    if (!yaml_parser_load(&ps, &doc)) {
        parser_error(&p, &ps, buf, len);
        yaml_parser_delete(&ps);
        goto out;
    }
    p.doc = &doc;
    if (yaml_document_get_root_node(&doc))
        parse_top(&p, yaml_document_get_root_node(&doc));
    yaml_document_delete(&doc);
    yaml_parser_delete(&ps);
out:
    rc = yp_flush(&p);
    dt__free(sc->alloc, p.errs, p.cap_errs * sizeof *p.errs);
    return rc;
}

/* ---- Helpers lent to yaml_games.c (scenario_int.h). ---- */

void dt__yaml_err(yp *p, dt_loc at, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    yp_errv(p, at, fmt, ap);
    va_end(ap);
}

int dt__yaml_keys(yp *p, const yaml_node_t *map, const char *where,
                  const char *const *keys, size_t n_keys, yaml_node_t **vals,
                  yaml_node_t **key_nodes)
{
    return get_keys(p, map, where, keys, n_keys, vals, key_nodes);
}

const char *dt__yaml_str(yp *p, const yaml_node_t *n, const char *key)
{
    return get_str(p, n, key);
}

int dt__yaml_type(yp *p, const yaml_node_t *n, int type, const char *key)
{
    return expect_type(p, n, (yaml_node_type_t)type, key);
}

const char *dt__yaml_describe(const yaml_node_t *n, char buf[DT__QUOTE + 8])
{
    return describe(n, buf);
}

yaml_node_t *dt__yaml_node(yp *p, int idx)
{
    return get_node(p, idx);
}

void *dt__yaml_alloc(yp *p, size_t n, size_t size)
{
    return yp_alloc(p, n, size);
}

dt_scenario *dt__yaml_scenario(yp *p)
{
    return p->sc;
}
