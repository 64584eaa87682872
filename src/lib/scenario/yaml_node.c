/*
 * The YAML parser's helpers (yaml_int.h): errors collected and reported in
 * file order, memory in the scenario's arena, node types, strings, ids,
 * numbers with their ranges and uncertainty, mappings with a fixed set of
 * keys, and the lookup of issue and actor ids.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/yaml_int.h"

int dt__yaml_full(const yp *p)
{
    unsigned max = p->d->opts->max_errors;

    return p->nomem || (max && p->n_errs >= max);
}

static void yp_errv(yp *p, dt_loc at, const char *fmt, va_list ap)
{
    yerr *e;

    if (dt__yaml_full(p))
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

void dt__yaml_err(yp *p, dt_loc at, const char *fmt, ...)
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
dt_status dt__yaml_flush(yp *p)
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

dt_loc dt__yaml_mark_loc(yaml_mark_t m)
{
    dt_loc l;

    l.line = (unsigned)m.line + 1;
    l.col = (unsigned)m.column + 1;
    return l;
}

dt_loc dt__yaml_loc(const yaml_node_t *n)
{
    return dt__yaml_mark_loc(n->start_mark);
}

void *dt__yaml_alloc(yp *p, size_t n, size_t size)
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

/* ---- Node helpers. ---- */

yaml_node_t *dt__yaml_node(const yp *p, int idx)
{
    return yaml_document_get_node(p->doc, idx);
}

const char *dt__yaml_scalar(const yaml_node_t *n)
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
    s = dt__yaml_scalar(n);
    return s[0] == '\0' || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
           strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0;
}

/* How a node that has the wrong type is described: "a list", "'abc'". */
const char *dt__yaml_describe(const yaml_node_t *n, char buf[DT__QUOTE + 8])
{
    char ex[DT__QUOTE + 4];

    if (n->type == YAML_MAPPING_NODE)
        return "a mapping";
    if (n->type == YAML_SEQUENCE_NODE)
        return "a list";
    if (is_null(n))
        return "nothing";
    snprintf(buf, DT__QUOTE + 8, "'%s'", dt__excerpt(dt__yaml_scalar(n), ex));
    return buf;
}

int dt__yaml_type(yp *p, const yaml_node_t *n, yaml_node_type_t type,
                  const char *key)
{
    static const char *const names[] = {"", "a string", "a list", "a mapping"};
    char desc[DT__QUOTE + 8];

    if (n->type == type && !(type == YAML_SCALAR_NODE && is_null(n)))
        return 1;
    dt__yaml_err(p, dt__yaml_loc(n), "expected %s for '%s', got %s",
                 names[type], key, dt__yaml_describe(n, desc));
    return 0;
}

int dt__yaml_bool(yp *p, const yaml_node_t *n, const char *key)
{
    const char *s = n->type == YAML_SCALAR_NODE ? dt__yaml_scalar(n) : "";
    char ex[DT__QUOTE + 4];

    if (strcmp(s, "true") == 0)
        return 1;
    if (strcmp(s, "false") == 0)
        return 0;
    dt__yaml_err(p, dt__yaml_loc(n),
                 "expected true or false for '%s', got '%s'", key,
                 dt__excerpt(s, ex));
    return -1;
}

/* A string field: a copy in the arena, or NULL after an error. */
const char *dt__yaml_str(yp *p, const yaml_node_t *n, const char *key)
{
    int text;
    size_t len, max;

    if (!n || !dt__yaml_type(p, n, YAML_SCALAR_NODE, key))
        return NULL;
    text = strcmp(key, "note") == 0 || strcmp(key, "description") == 0 ||
           strcmp(key, "sources") == 0;
    max = text ? DT_SCENARIO_MAX_TEXT : DT_SCENARIO_MAX_NAME;
    if (n->data.scalar.length > max) {
        dt__yaml_err(p, dt__yaml_loc(n),
                     "'%s' is %zu bytes long; at most %zu are allowed", key,
                     n->data.scalar.length, max);
        return NULL;
    }
    len = n->data.scalar.length;
    /*
     * Folded text (`>`) ends with a line break ("clip"): it is prose
     * folded onto one line, so its trailing line breaks go, or a name
     * written with `>` would break every table column it is printed in.
     * Literal text (`|`) is kept as written.
     */
    if (n->data.scalar.style == YAML_FOLDED_SCALAR_STYLE)
        while (len && n->data.scalar.value[len - 1] == '\n')
            len--;
    return yp_strndup(p, dt__yaml_scalar(n), len);
}

const char *dt__yaml_id(yp *p, const yaml_node_t *n, const char *what)
{
    const char *id = dt__yaml_str(p, n, "id");
    char ex[DT__QUOTE + 4];

    if (id && !dt__valid_id(id))
        dt__yaml_err(
            p, dt__yaml_loc(n),
            "invalid %s id '%s' (use letters, digits, '_', '.' and '-')", what,
            dt__excerpt(id, ex));
    return id;
}

/* ---- Numbers. ---- */

static int in_range(double v, enum range r)
{
    switch (r) {
    case R_PCT:
        return v >= 0.0 && v <= 100.0;
    case R_NONNEG:
        return v >= 0.0 && v <= DT__VALUE_MAX;
    default:
        return fabs(v) <= DT__VALUE_MAX;
    }
}

/* A plain scalar number; `key` names it in messages. */
int dt__yaml_plain_num(yp *p, const yaml_node_t *n, const char *key,
                       enum range r, dt_value *out)
{
    char ex[DT__QUOTE + 4], desc[DT__QUOTE + 8];
    const char *s;
    double v;

    if (n->type != YAML_SCALAR_NODE || is_null(n)) {
        dt__yaml_err(p, dt__yaml_loc(n), "expected a number for '%s', got %s",
                     key, dt__yaml_describe(n, desc));
        return 0;
    }
    s = dt__yaml_scalar(n);
    if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) {
        dt__yaml_err(p, dt__yaml_loc(n),
                     "expected a number for '%s', got the quoted string '%s'",
                     key, dt__excerpt(s, ex));
        return 0;
    }
    if (dt__is_nonfinite(s) ||
        (dt__is_decimal(s) && dt__parse_double(s, &v) && !isfinite(v))) {
        dt__yaml_err(p, dt__yaml_loc(n), "%s must be a finite number, got %s",
                     key, dt__excerpt(s, ex));
        return 0;
    }
    if (!dt__is_decimal(s) || !dt__parse_double(s, &v)) {
        dt__yaml_err(p, dt__yaml_loc(n), "expected a number for '%s', got '%s'",
                     key, dt__excerpt(s, ex));
        return 0;
    }
    if (!in_range(v, r)) {
        if (r == R_PCT)
            dt__yaml_err(p, dt__yaml_loc(n),
                         "%s must be between 0 and 100, got %s", key,
                         dt__excerpt(s, ex));
        else if (r == R_NONNEG && v >= 0.0)
            dt__yaml_err(p, dt__yaml_loc(n),
                         "%s is too large: the allowed range is 0 to %g, "
                         "got %s",
                         key, DT__VALUE_MAX, dt__excerpt(s, ex));
        else if (r == R_NONNEG)
            dt__yaml_err(p, dt__yaml_loc(n), "%s must be >= 0, got %s", key,
                         dt__excerpt(s, ex));
        else
            dt__yaml_err(p, dt__yaml_loc(n),
                         "%s is out of range: the allowed range is %g to %g, "
                         "got %s",
                         key, -DT__VALUE_MAX, DT__VALUE_MAX,
                         dt__excerpt(s, ex));
        return 0;
    }
    out->v = v;
    out->loc = dt__yaml_loc(n);
    return 1;
}

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
        dt__yaml_err(p, dt__yaml_loc(range),
                     "'%s' has both 'sd' and 'range' (give one)", key);
        return 0;
    }
    if (sd) {
        snprintf(name, sizeof name, "sd of %s", key);
        if (!dt__yaml_plain_num(p, sd, name, R_NONNEG, &lo))
            return 0;
        out->spread.kind = DT_SPREAD_NORMAL;
        out->spread.sd = lo.v;
        return 1;
    }
    if (range->type != YAML_SEQUENCE_NODE ||
        range->data.sequence.items.top - range->data.sequence.items.start !=
            2) {
        dt__yaml_err(p, dt__yaml_loc(range),
                     "expected 'range' of '%s' as [low, high], got %s", key,
                     dt__yaml_describe(range, desc));
        return 0;
    }
    a = dt__yaml_node(p, range->data.sequence.items.start[0]);
    b = dt__yaml_node(p, range->data.sequence.items.start[1]);
    snprintf(name, sizeof name, "range of %s", key);
    if (!a || !b || !dt__yaml_plain_num(p, a, name, r, &lo) ||
        !dt__yaml_plain_num(p, b, name, r, &hi))
        return 0;
    if (!(lo.v <= out->v && out->v <= hi.v)) {
        dt__yaml_err(
            p, dt__yaml_loc(range),
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
int dt__yaml_num(yp *p, const yaml_node_t *n, const char *key, enum range r,
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
        return dt__yaml_plain_num(p, n, key, r, out);
    snprintf(where, sizeof where, "in '%s'", key);
    ok = dt__yaml_keys(p, n, where, keys, n_keys, vals, knodes);
    if (!vals[0]) {
        dt__yaml_err(p, dt__yaml_loc(n), "'%s' is missing required key 'value'",
                     key);
        return 0;
    }
    ok = dt__yaml_plain_num(p, vals[0], key, r, out) && ok;
    if (vals[1]) {
        out->note = dt__yaml_str(p, vals[1], "note");
        ok = ok && out->note;
    }
    if (ok && (vals[2] || vals[3]))
        ok = get_spread(p, vals[2], vals[3], key, r, out);
    return ok;
}

/* ---- Mappings with a fixed set of keys. ---- */

void dt__yaml_join(const char *const *words, size_t n, char *buf, size_t size)
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
int dt__yaml_keys(yp *p, const yaml_node_t *map, const char *where,
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
         pair < map->data.mapping.pairs.top && !dt__yaml_full(p); pair++) {
        yaml_node_t *key = dt__yaml_node(p, pair->key);
        yaml_node_t *val = dt__yaml_node(p, pair->value);

        if (!key || !val)
            continue;
        if (key->type != YAML_SCALAR_NODE) {
            dt__yaml_err(p, dt__yaml_loc(key), "expected a key %s, got %s",
                         where, dt__yaml_describe(key, desc));
            ok = 0;
            continue;
        }
        for (k = 0; k < n_keys; k++)
            if (strcmp(dt__yaml_scalar(key), keys[k]) == 0)
                break;
        if (k == n_keys) {
            dt__yaml_join(keys, n_keys, expected, sizeof expected);
            dt__yaml_err(
                p, dt__yaml_loc(key), "unknown key '%s' %s (expected %s)",
                dt__excerpt(dt__yaml_scalar(key), ex), where, expected);
            ok = 0;
        } else if (vals[k]) {
            dt__yaml_err(p, dt__yaml_loc(key),
                         "duplicate key '%s' %s (first at line %u)", keys[k],
                         where, dt__yaml_loc(key_nodes[k]).line);
            ok = 0;
        } else {
            vals[k] = val;
            key_nodes[k] = key;
        }
    }
    return ok;
}

/* ---- Issue and actor ids. ---- */

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
void dt__yaml_dup_ids(yp *p, idref *ids, size_t n, const char *what,
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
        dt__yaml_err(p, *loc_of(p, ids[i].idx),
                     "duplicate %s id '%s' (first at line %u)", what,
                     dt__excerpt(ids[i].id, ex),
                     loc_of(p, ids[first].idx)->line);
    }
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
size_t dt__yaml_find_issue(const yp *p, const char *id)
{
    return find_id(p->issue_ids, p->n_issue_ids, id);
}

/* Index of the first actor with this id, or (size_t)-1. */
size_t dt__yaml_find_actor(const yp *p, const char *id)
{
    return find_id(p->actor_ids, p->n_actor_ids, id);
}

/*
 * Whether issue i is the one its id refers to: it has a valid id and no
 * earlier issue has the same one.
 */
int dt__yaml_is_canonical(const yp *p, size_t i)
{
    const char *id = p->sc->issues[i].id;

    return id && dt__valid_id(id) && dt__yaml_find_issue(p, id) == i;
}

/*
 * Resolve an issue-id key of an actor's or the outcome's issues mapping.
 * Returns the index, or (size_t)-1 after reporting an unknown id.
 */
size_t dt__yaml_issue_key(yp *p, const yaml_node_t *key)
{
    char ex[DT__QUOTE + 4], desc[DT__QUOTE + 8], expected[160];
    const char *words[64];
    size_t i, n = 0, idx;

    if (key->type != YAML_SCALAR_NODE) {
        dt__yaml_err(p, dt__yaml_loc(key),
                     "expected an issue id as key, got %s",
                     dt__yaml_describe(key, desc));
        return (size_t)-1;
    }
    if (!p->issues_ok)
        return (size_t)-1;
    idx = dt__yaml_find_issue(p, dt__yaml_scalar(key));
    if (idx != (size_t)-1 || p->issues_broken)
        return idx;
    for (i = 0; i < p->sc->n_issues && n < 64; i++)
        if (dt__yaml_is_canonical(p, i))
            words[n++] = p->sc->issues[i].id;
    dt__yaml_join(words, n, expected, sizeof expected);
    dt__yaml_err(p, dt__yaml_loc(key),
                 "unknown issue '%s' (expected one of: %s)",
                 dt__excerpt(dt__yaml_scalar(key), ex), expected);
    return (size_t)-1;
}

/* ---- Lists. ---- */

/* Checks a list node for 'issues' or 'actors'; returns its length. */
size_t dt__yaml_list(yp *p, const yaml_node_t *n, const char *key,
                     const char *what)
{
    size_t len;

    if (!dt__yaml_type(p, n, YAML_SEQUENCE_NODE, key))
        return 0;
    len = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    if (len == 0)
        dt__yaml_err(p, dt__yaml_loc(n), "the %s list is empty", what);
    return len;
}
