/*
 * The multi-issue CSV table (docs/scenario-format.md, "The multi-issue CSV
 * table"): one row per actor and issue (actor, issue, position, salience,
 * capability, role, note), after a header block of `#name`, `#issue`, ...
 * records that name the scenario and declare the issues and their scales.
 * Read with the one CSV record reader (csvread.c); the delimiter (',', ';'
 * or tab) is detected from the column header line. Extra columns are kept
 * as "COLUMN: value" in the row's note. The writer at the end writes any
 * scenario in this layout, listing in a comment what the table cannot hold.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "scenario/write_int.h"

/* The known columns. */
enum tcol {
    T_ACTOR,
    T_ACTOR_NAME,
    T_ISSUE,
    T_POSITION,
    T_SALIENCE,
    T_CAPABILITY,
    T_ROLE,
    T_NOTE,
    T_N,
    T_EXTRA = T_N
};

static const char *const tcol_names[T_N] = {
    "actor",    "actor_name", "issue", "position",
    "salience", "capability", "role",  "note"};

/* One data row, kept until the table is complete (strings in the arena). */
typedef struct trow {
    const char *actor, *name, *issue, *role, *note;
    int has_pos, has_sal, has_cap;
    dt_value pos, sal, cap;
    unsigned line, role_col, name_col; /* places for messages */
} trow;

/* Parser state. */
typedef struct tp {
    dt_scenario *sc;
    dt__diag *d;
    dt__csvr rd;
    trow *rows;
    size_t n_rows, cap_rows;
    dt_issue *issues;
    size_t n_issues, cap_issues;
    const char **sources;
    size_t n_sources, cap_sources;
    int declared; /* issues came from #issue lines */
} tp;

static int tp_stop(const tp *c)
{
    return c->rd.nomem || dt__diag_full(c->d);
}

static const char *ct(const tp *c, size_t j)
{
    return dt__csvr_text(&c->rd, j);
}

static const char *keep(tp *c, const char *s)
{
    const char *p = dt__arena_strdup(&c->sc->arena, s);

    if (!p)
        c->rd.nomem = 1;
    return p;
}

static int grow(tp *c, void *pp, size_t *cap, size_t need, size_t size)
{
    void **p = pp;

    return dt__csvr_grow(&c->rd, p, cap, need, size);
}

/* Number of cells up to the last non-empty one (Excel pads rows). */
static size_t used_cells(const tp *c)
{
    size_t n = c->rd.n_cells;

    while (n > 1 && ct(c, n - 1)[0] == '\0' && !c->rd.cells[n - 1].quoted)
        n--;
    return n;
}

static int err_at(tp *c, size_t j, const char *fmt, const char *a,
                  const char *b)
{
    char ea[DT__QUOTE + 4], eb[DT__QUOTE + 4];

    dt__diag_at(c->d, DT_ESCENARIO, c->rd.cells[j].line, c->rd.cells[j].col,
                fmt, a ? dt__excerpt(a, ea) : "", b ? dt__excerpt(b, eb) : "");
    return 0;
}

/* A number in cell j on [lo, hi]: 1 with *out set, 0 after an error. */
static int number(tp *c, size_t j, const char *what, double lo, double hi,
                  dt_value *out)
{
    const char *s = ct(c, j);
    char ex[DT__QUOTE + 4];
    double v = 0.0;

    if (!dt__is_decimal(s) || !dt__parse_double(s, &v) || !isfinite(v)) {
        dt__diag_at(c->d, DT_ESCENARIO, c->rd.cells[j].line, c->rd.cells[j].col,
                    "expected a number for %s, got '%s'", what,
                    dt__excerpt(s, ex));
        return 0;
    }
    if (v < lo || v > hi) {
        dt__diag_at(c->d, DT_ESCENARIO, c->rd.cells[j].line, c->rd.cells[j].col,
                    "%s must be in %g-%g, got %s", what, lo, hi,
                    dt__excerpt(s, ex));
        return 0;
    }
    memset(out, 0, sizeof *out);
    out->v = v;
    out->loc.line = c->rd.cells[j].line;
    out->loc.col = c->rd.cells[j].col;
    return 1;
}

/* A string of at most max bytes in cell j, kept in the arena. */
static const char *text_cell(tp *c, size_t j, const char *what, size_t max)
{
    const char *s = ct(c, j);

    if (strlen(s) > max) {
        dt__diag_at(c->d, DT_ESCENARIO, c->rd.cells[j].line, c->rd.cells[j].col,
                    "%s is %zu bytes long; at most %zu are allowed", what,
                    strlen(s), max);
        return NULL;
    }
    return keep(c, s);
}

static int valid_id(tp *c, size_t j, const char *what)
{
    const char *s = ct(c, j);
    char ex[DT__QUOTE + 4];

    if (*s == '\0') {
        dt__diag_at(c->d, DT_ESCENARIO, c->rd.cells[j].line, c->rd.cells[j].col,
                    "empty %s id", what);
        return 0;
    }
    if (strlen(s) > DT_SCENARIO_MAX_NAME) {
        dt__diag_at(c->d, DT_ESCENARIO, c->rd.cells[j].line, c->rd.cells[j].col,
                    "%s id is %zu bytes long; at most %u are allowed", what,
                    strlen(s), DT_SCENARIO_MAX_NAME);
        return 0;
    }
    if (!dt__valid_id(s)) {
        dt__diag_at(c->d, DT_ESCENARIO, c->rd.cells[j].line, c->rd.cells[j].col,
                    "invalid %s id '%s' (use letters, digits, '_', '.' and "
                    "'-')",
                    what, dt__excerpt(s, ex));
        return 0;
    }
    return 1;
}

static size_t find_issue(const tp *c, const char *id)
{
    size_t i;

    for (i = 0; i < c->n_issues; i++)
        if (strcmp(c->issues[i].id, id) == 0)
            return i;
    return (size_t)-1;
}

/* ---- The header block: #name, #date, #description, #note, #source,
   #issue; ## starts a comment. ---- */

static void header_line(tp *c)
{
    static const char *const keys[] = {"name", "date",   "description",
                                       "note", "source", "issue"};
    const char *k = ct(c, 0) + 1;
    char key[32];
    size_t n, i, nk = sizeof keys / sizeof *keys, used = used_cells(c);
    char ex[DT__QUOTE + 4];

    if (*k == '#')
        return; /* a comment */
    while (*k == ' ' || *k == '\t')
        k++;
    n = strlen(k);
    if (n && k[n - 1] == ':')
        n--;
    for (i = 0; i < nk; i++)
        if (n == strlen(keys[i]) && n < sizeof key) {
            memcpy(key, k, n);
            key[n] = '\0';
            if (dt__ieq(key, keys[i]))
                break;
        }
    if (i == nk) {
        dt__diag_at(c->d, DT_ESCENARIO, c->rd.cells[0].line, c->rd.cells[0].col,
                    "unknown header line '%s' (expected #name, #date, "
                    "#description, #note, #source or #issue; start a comment "
                    "with ##)",
                    dt__excerpt(ct(c, 0), ex));
        return;
    }
    if (i < 5) {
        const char **slot[] = {&c->sc->name, &c->sc->date, &c->sc->description,
                               &c->sc->note};
        const char *v;

        if (used != 2) {
            dt__diag_at(c->d, DT_ESCENARIO, c->rd.cells[0].line,
                        c->rd.cells[0].col,
                        "'#%s' takes one value in the next cell, got %zu",
                        keys[i], used - 1);
            return;
        }
        v = text_cell(c, 1, keys[i],
                      i == 0 ? DT_SCENARIO_MAX_NAME : DT_SCENARIO_MAX_TEXT);
        if (!v)
            return;
        if (i < 4) {
            if (*slot[i])
                err_at(c, 0, "'%s' given twice%s", ct(c, 0), NULL);
            else
                *slot[i] = v;
            return;
        }
        if (grow(c, &c->sources, &c->cap_sources, c->n_sources + 1,
                 sizeof *c->sources))
            c->sources[c->n_sources++] = v;
        return;
    }
    /* #issue, id, name, status quo, low, high, note */
    {
        dt_issue is;

        memset(&is, 0, sizeof is);
        if (used < 2 || used > 7) {
            dt__diag_at(c->d, DT_ESCENARIO, c->rd.cells[0].line,
                        c->rd.cells[0].col,
                        "'#issue' takes 1 to 6 values (id, name, status quo, "
                        "low, high, note), got %zu",
                        used - 1);
            return;
        }
        if (!valid_id(c, 1, "issue"))
            return;
        if (find_issue(c, ct(c, 1)) != (size_t)-1) {
            err_at(c, 1, "duplicate issue id '%s'%s", ct(c, 1), NULL);
            return;
        }
        is.id = keep(c, ct(c, 1));
        is.name = used > 2 && ct(c, 2)[0]
                      ? text_cell(c, 2, "issue name", DT_SCENARIO_MAX_NAME)
                      : is.id;
        if (used > 3 && ct(c, 3)[0]) {
            if (!number(c, 3, "the status quo", 0.0, 100.0, &is.status_quo))
                return;
            is.has_status_quo = 1;
        }
        if (used > 4 && ct(c, 4)[0])
            is.low = text_cell(c, 4, "'low'", DT_SCENARIO_MAX_NAME);
        if (used > 5 && ct(c, 5)[0])
            is.high = text_cell(c, 5, "'high'", DT_SCENARIO_MAX_NAME);
        if (used > 6 && ct(c, 6)[0])
            is.note = text_cell(c, 6, "'note'", DT_SCENARIO_MAX_TEXT);
        is.loc.line = c->rd.cells[0].line;
        is.loc.col = 1;
        if (!is.id || !is.name)
            return;
        if (grow(c, &c->issues, &c->cap_issues, c->n_issues + 1,
                 sizeof *c->issues))
            c->issues[c->n_issues++] = is;
        c->declared = 1;
    }
}

/* ---- The column header and the rows. ---- */

/* map[j]: the column of cell j; heads: every header cell's text. */
static int column_header(tp *c, enum tcol *map, const char **heads)
{
    size_t j, first[T_N];
    unsigned k;
    int ok = 1;
    char ex[DT__QUOTE + 4];

    for (k = 0; k < T_N; k++)
        first[k] = (size_t)-1;
    for (j = 0; j < c->rd.n_cells; j++) {
        const char *h = ct(c, j);

        heads[j] = keep(c, h);
        if (!heads[j])
            return 0;
        for (k = 0; k < T_N; k++)
            if (dt__ieq(h, tcol_names[k]))
                break;
        map[j] = (enum tcol)k;
        if (k == T_N)
            continue; /* an extra column: carried in the notes */
        if (first[k] != (size_t)-1) {
            dt__diag_at(c->d, DT_ESCENARIO, c->rd.cells[j].line,
                        c->rd.cells[j].col,
                        "duplicate column '%s' (first at column %u)",
                        dt__excerpt(h, ex), c->rd.cells[first[k]].col);
            ok = 0;
        }
        first[k] = j;
    }
    for (k = 0; k < T_N; k++)
        if (first[k] == (size_t)-1 && (k == T_ACTOR || k == T_ISSUE ||
                                       k == T_POSITION || k == T_SALIENCE)) {
            dt__diag_at(c->d, DT_ESCENARIO, c->rd.cells[0].line, 1,
                        "missing column '%s' in header (expected actor, "
                        "issue, position, salience; optional actor_name, "
                        "capability, role, note)",
                        tcol_names[k]);
            ok = 0;
        }
    return ok;
}

static const char *sep_name(char s)
{
    return s == '\t' ? "tab" : s == ';' ? ";" : ",";
}

/* A row whose cell count is not the header's: say why. */
static void bad_count(tp *c, size_t n_head)
{
    size_t j;

    for (j = 0; j < c->rd.n_cells; j++) {
        const char *t = ct(c, j);
        const char *o = c->rd.cells[j].quoted
                            ? NULL
                            : strpbrk(t, c->rd.sep == ',' ? ";\t" : ",");

        if (c->rd.sep != '\t' && o && *o == '\t')
            o = NULL;
        if (o) {
            dt__diag_at(c->d, DT_ESCENARIO, c->rd.cells[j].line,
                        c->rd.cells[j].col + (unsigned)(o - t),
                        "this line mixes delimiters: found '%s' in a cell, "
                        "but the header is delimited by '%s'; use one of "
                        "',', ';' or tab throughout",
                        sep_name(*o), sep_name(c->rd.sep));
            return;
        }
    }
    dt__diag_at(c->d, DT_ESCENARIO,
                c->rd.n_cells > n_head ? c->rd.cells[n_head].line
                                       : c->rd.cells[0].line,
                c->rd.n_cells > n_head ? c->rd.cells[n_head].col : 1,
                "expected %zu cells, got %zu", n_head, c->rd.n_cells);
}

/* Append "HEAD: value" of an extra column to *note (head NULL: v alone). */
static void add_extra(tp *c, const char **note, const char *head, const char *v,
                      size_t j)
{
    size_t n = (*note ? strlen(*note) + 2 : 0) +
               (head ? strlen(*head ? head : "column") + 2 : 0) + strlen(v);
    char *p;

    if (n > DT_SCENARIO_MAX_TEXT) {
        dt__diag_at(c->d, DT_ESCENARIO, c->rd.cells[j].line, c->rd.cells[j].col,
                    "the note with the extra columns is %zu bytes long; at "
                    "most %u are allowed",
                    n, DT_SCENARIO_MAX_TEXT);
        return;
    }
    p = dt__arena_alloc(&c->sc->arena, n + 1);
    if (!p) {
        c->rd.nomem = 1;
        return;
    }
    snprintf(p, n + 1, "%s%s%s%s%s", *note ? *note : "", *note ? "; " : "",
             head ? (*head ? head : "column") : "", head ? ": " : "", v);
    *note = p;
}

static void data_row(tp *c, const enum tcol *map, const char **heads,
                     size_t n_head)
{
    trow row;
    size_t j;
    int ok = 1;

    if (c->rd.n_cells != n_head) {
        bad_count(c, n_head);
        return;
    }
    memset(&row, 0, sizeof row);
    row.line = c->rd.cells[0].line;
    for (j = 0; j < n_head && ok && !tp_stop(c); j++) {
        const char *s = ct(c, j);

        switch (map[j]) {
        case T_ACTOR:
            ok = valid_id(c, j, "actor") && (row.actor = keep(c, s)) != NULL;
            break;
        case T_ACTOR_NAME:
            row.name_col = c->rd.cells[j].col;
            if (*s)
                ok = (row.name = text_cell(c, j, "actor name",
                                           DT_SCENARIO_MAX_NAME)) != NULL;
            break;
        case T_ISSUE:
            if (*s) {
                if (!valid_id(c, j, "issue"))
                    ok = 0;
                else if (find_issue(c, s) == (size_t)-1) {
                    if (c->declared)
                        ok = err_at(c, j,
                                    "unknown issue '%s' (declare it in an "
                                    "'#issue' line above the column "
                                    "header)%s",
                                    s, NULL);
                    else {
                        dt_issue is;

                        memset(&is, 0, sizeof is);
                        is.id = is.name = keep(c, s);
                        is.loc.line = c->rd.cells[j].line;
                        is.loc.col = c->rd.cells[j].col;
                        ok = is.id && grow(c, &c->issues, &c->cap_issues,
                                           c->n_issues + 1, sizeof *c->issues);
                        if (ok)
                            c->issues[c->n_issues++] = is;
                    }
                }
                if (ok)
                    row.issue = c->issues[find_issue(c, s)].id;
            }
            break;
        case T_POSITION:
            if (*s)
                ok = row.has_pos =
                    number(c, j, "position", 0.0, 100.0, &row.pos);
            else
                row.pos.loc.col = c->rd.cells[j].col;
            break;
        case T_SALIENCE:
            if (*s)
                ok = row.has_sal =
                    number(c, j, "salience", 0.0, 100.0, &row.sal);
            else
                row.sal.loc.col = c->rd.cells[j].col;
            break;
        case T_CAPABILITY:
            if (*s)
                ok = row.has_cap =
                    number(c, j, "capability", 0.0, DT__VALUE_MAX, &row.cap);
            break;
        case T_ROLE:
            row.role_col = c->rd.cells[j].col;
            if (*s) {
                static const char *const roles[] = {"table", "excluded",
                                                    "ratifier", "mediator"};
                size_t r;

                for (r = 0; r < 4; r++)
                    if (strcmp(s, roles[r]) == 0)
                        row.role = roles[r];
                if (!row.role)
                    ok = err_at(c, j,
                                "unknown role '%s' (expected table, "
                                "excluded, ratifier or mediator)%s",
                                s, NULL);
            }
            break;
        case T_NOTE:
            if (*s) {
                if (row.note) {
                    /* extra columns before it: the note goes first */
                    const char *extra = row.note;

                    row.note = text_cell(c, j, "'note'", DT_SCENARIO_MAX_TEXT);
                    if (row.note)
                        add_extra(c, &row.note, NULL, extra, j);
                } else
                    row.note = text_cell(c, j, "'note'", DT_SCENARIO_MAX_TEXT);
                ok = row.note != NULL;
            }
            break;
        default:
            if (*s)
                add_extra(c, &row.note, heads[j], s, j);
            break;
        }
    }
    if (!ok || tp_stop(c) || !row.actor)
        return;
    if (row.issue && (!row.has_pos || !row.has_sal)) {
        dt__diag_at(c->d, DT_ESCENARIO, row.line,
                    row.has_pos ? row.sal.loc.col : row.pos.loc.col,
                    "actor '%s' in issue '%s': %s is missing (a row with an "
                    "issue needs a position and a salience)",
                    row.actor, row.issue,
                    row.has_pos ? "salience" : "position");
        return;
    }
    if (!row.issue && (row.has_pos || row.has_sal)) {
        dt__diag_at(c->d, DT_ESCENARIO, row.line,
                    row.has_pos ? row.pos.loc.col : row.sal.loc.col,
                    "actor '%s': a row without an issue describes the actor "
                    "and takes no position or salience",
                    row.actor);
        return;
    }
    if (grow(c, &c->rows, &c->cap_rows, c->n_rows + 1, sizeof *c->rows))
        c->rows[c->n_rows++] = row;
}

/* ---- From rows to the scenario. ---- */

static void build(tp *c)
{
    dt_scenario *sc = c->sc;
    size_t r, a, na = 0, ni = c->n_issues, *of;
    size_t *first;
    char ex[DT__QUOTE + 4];

    of = dt__calloc(sc->alloc, c->n_rows ? c->n_rows : 1, sizeof *of);
    first = dt__calloc(sc->alloc, c->n_rows ? c->n_rows : 1, sizeof *first);
    if (!of || !first) {
        c->rd.nomem = 1;
        goto out;
    }
    /* Actors in order of first appearance (first[a] is their first row). */
    for (r = 0; r < c->n_rows; r++) {
        /* Rows usually come grouped by actor: the previous row's first. */
        if (r > 0 && strcmp(c->rows[r - 1].actor, c->rows[r].actor) == 0)
            a = of[r - 1];
        else
            for (a = 0; a < na; a++)
                if (strcmp(c->rows[first[a]].actor, c->rows[r].actor) == 0)
                    break;
        if (a == na)
            first[na++] = r;
        of[r] = a;
    }
    if (na && ni > DT__MAX_CELLS / na) {
        dt__diag_at(c->d, DT_ESCENARIO, 1, 1,
                    "%zu actors x %zu issues is more than %u cells", na, ni,
                    DT__MAX_CELLS);
        goto out;
    }
    sc->actors =
        dt__arena_alloc(&sc->arena, (na ? na : 1) * sizeof *sc->actors);
    sc->stakes = dt__arena_alloc(&sc->arena, (na * ni > 0 ? na * ni : 1) *
                                                 sizeof *sc->stakes);
    if (!sc->actors || !sc->stakes) {
        c->rd.nomem = 1;
        goto out;
    }
    memset(sc->actors, 0, (na ? na : 1) * sizeof *sc->actors);
    memset(sc->stakes, 0, (na * ni > 0 ? na * ni : 1) * sizeof *sc->stakes);
    for (a = 0; a < na; a++) {
        dt_actor *ac = &sc->actors[a];
        int has_cap = 0, actor_row = 0;
        const char *role = NULL;

        ac->id = c->rows[first[a]].actor;
        ac->loc.line = c->rows[first[a]].line;
        ac->loc.col = 1;
        for (r = first[a]; r < c->n_rows; r++) {
            const trow *w = &c->rows[r];

            if (of[r] != a)
                continue;
            if (w->has_cap && !has_cap) {
                ac->capability = w->cap;
                has_cap = 1;
            }
            if (w->name && !ac->name)
                ac->name = w->name;
            else if (w->name && strcmp(w->name, ac->name) != 0)
                dt__diag_at(c->d, DT_ESCENARIO, w->line, w->name_col,
                            "actor '%s': name '%s' differs from the one "
                            "given before",
                            ac->id, dt__excerpt(w->name, ex));
            if (w->role && !role)
                role = w->role;
            else if (w->role && strcmp(w->role, role) != 0)
                dt__diag_at(c->d, DT_ESCENARIO, w->line, w->role_col,
                            "actor '%s': role '%s' differs from the role "
                            "'%s' given before",
                            ac->id, w->role, role);
            if (!w->issue) {
                if (actor_row)
                    dt__diag_at(c->d, DT_ESCENARIO, w->line, 1,
                                "actor '%s' has two rows without an issue",
                                ac->id);
                actor_row = 1;
                ac->note = w->note;
            }
        }
        if (!has_cap)
            dt__diag_at(c->d, DT_ESCENARIO, ac->loc.line, 1,
                        "actor '%s' has no capability (give it in the "
                        "'capability' column of one of its rows)",
                        ac->id);
        if (!ac->name)
            ac->name = ac->id;
        ac->role = !role                           ? DT_ROLE_TABLE
                   : strcmp(role, "excluded") == 0 ? DT_ROLE_EXCLUDED
                   : strcmp(role, "ratifier") == 0 ? DT_ROLE_RATIFIER
                   : strcmp(role, "mediator") == 0 ? DT_ROLE_MEDIATOR
                                                   : DT_ROLE_TABLE;
    }
    for (r = 0; r < c->n_rows && !tp_stop(c); r++) {
        const trow *w = &c->rows[r];
        size_t i;
        dt_stake *st;

        if (!w->issue)
            continue;
        a = of[r];
        i = find_issue(c, w->issue);
        if (sc->stakes[a * ni + i]) {
            dt__diag_at(c->d, DT_ESCENARIO, w->line, 1,
                        "duplicate row for actor '%s' and issue '%s' (first "
                        "at line %u)",
                        w->actor, w->issue, sc->stakes[a * ni + i]->loc.line);
            continue;
        }
        st = dt__arena_alloc(&sc->arena, sizeof *st);
        if (!st) {
            c->rd.nomem = 1;
            break;
        }
        memset(st, 0, sizeof *st);
        st->position = w->pos;
        st->salience = w->sal;
        st->note = w->note;
        st->loc.line = w->line;
        st->loc.col = 1;
        if (w->has_cap && w->cap.v != sc->actors[a].capability.v) {
            st->has_capability = 1;
            st->capability = w->cap;
        }
        sc->stakes[a * ni + i] = st;
    }
    sc->n_actors = na;
    sc->issues = c->issues;
    sc->n_issues = ni;
    sc->sources = c->sources;
    sc->n_sources = c->n_sources;
    sc->salience_divisor = 100.0;
out:
    dt__free(sc->alloc, of, (c->n_rows ? c->n_rows : 1) * sizeof *of);
    dt__free(sc->alloc, first, (c->n_rows ? c->n_rows : 1) * sizeof *first);
}

/* The file name without directory and extension. */
static const char *stem(tp *c)
{
    const char *path = c->sc->path ? c->sc->path : "", *base = path, *s;
    const char *dot = NULL;

    for (s = path; *s; s++)
        if (*s == '/' || *s == '\\')
            base = s + 1;
    for (s = base; *s; s++)
        if (*s == '.' && s != base)
            dot = s;
    if (!dot)
        dot = s;
    if (dot == base)
        return "scenario";
    s = dt__arena_strndup(&c->sc->arena, base, (size_t)(dot - base));
    if (!s)
        c->rd.nomem = 1;
    return s;
}

/*
 * Offset and line of the column header: the first line that is neither
 * blank nor starts (after blanks) with '#'.
 */
static size_t header_offset(const char *buf, size_t len, unsigned *line)
{
    size_t p = 0, q;

    *line = 1;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        p = 3;
    while (p < len) {
        q = p;
        while (q < len && (buf[q] == ' ' || buf[q] == '\t' || buf[q] == '\r'))
            q++;
        if (q < len && buf[q] != '\n' && buf[q] != '#')
            return p;
        while (q < len && buf[q] != '\n')
            q++;
        if (q >= len)
            return len;
        p = q + 1;
        (*line)++;
    }
    return len;
}

static void parse(tp *c, const char *buf, size_t len)
{
    enum tcol *map = NULL;
    const char **heads = NULL;
    size_t n_head = 0;
    unsigned hline, l = 0, col = 0;
    size_t off = header_offset(buf, len, &hline);
    char other = 0;
    int r, seen = 0;

    c->rd.sep = dt__csvr_guess_sep(buf + off, len - off, &l, &col, &other);
    if (!c->rd.sep) {
        dt__diag_at(c->d, DT_ESCENARIO, hline + l - 1, col,
                    "the header mixes delimiters: found '%s' after '%s'; use "
                    "one of ',', ';' or tab throughout",
                    sep_name(other == ',' ? ';' : ','), sep_name(other));
        return;
    }
    while (!tp_stop(c)) {
        r = dt__csvr_record(&c->rd);
        if (r == -1)
            break;
        if (r == 0 || dt__csvr_blank(&c->rd))
            continue;
        if (ct(c, 0)[0] == '#') {
            if (!seen)
                header_line(c);
            else if (ct(c, 0)[1] != '#')
                err_at(c, 0,
                       "header line '%s' after the column header (put '#' "
                       "lines first; start a comment with ##)%s",
                       ct(c, 0), NULL);
            continue;
        }
        if (!seen) {
            seen = 1;
            n_head = c->rd.n_cells;
            map = dt__calloc(c->sc->alloc, n_head, sizeof *map);
            heads = dt__calloc(c->sc->alloc, n_head, sizeof *heads);
            if (!map || !heads) {
                c->rd.nomem = 1;
                break;
            }
            if (!column_header(c, map, heads))
                break;
            continue;
        }
        data_row(c, map, heads, n_head);
    }
    if (!tp_stop(c) && c->d->count == 0) {
        if (!seen)
            dt__diag_at(c->d, DT_ESCENARIO, hline, 1,
                        "no column header (expected a line such as "
                        "'actor,issue,position,salience,capability,role,"
                        "note')");
        else if (c->n_rows == 0)
            dt__diag_at(c->d, DT_ESCENARIO, hline, 1,
                        "the table has a header but no rows");
        else if (c->n_issues == 0)
            dt__diag_at(c->d, DT_ESCENARIO, hline, 1,
                        "the table has no issue (declare them in '#issue' "
                        "lines or name them in the 'issue' column)");
        else {
            if (!c->sc->name)
                c->sc->name = stem(c);
            build(c);
        }
    }
    dt__free(c->sc->alloc, map, n_head * sizeof *map);
    dt__free(c->sc->alloc, heads, n_head * sizeof *heads);
}

dt_status dt__scenario_parse_table_csv(dt_scenario *sc, const char *buf,
                                       size_t len, dt__diag *d)
{
    tp c;

    memset(&c, 0, sizeof c);
    c.sc = sc;
    c.d = d;
    dt__csvr_init(&c.rd, buf, len, 0, sc->alloc, d);
    if (dt__csvr_check_text(&c.rd))
        parse(&c, buf, len);
    /* The issues and sources live in the caller's arrays: copy them. */
    if (sc->issues == c.issues && c.n_issues) {
        dt_issue *is = dt__arena_alloc(&sc->arena, c.n_issues * sizeof *is);

        if (is)
            memcpy(is, c.issues, c.n_issues * sizeof *is);
        else
            c.rd.nomem = 1;
        sc->issues = is;
    }
    if (sc->sources == c.sources && c.n_sources) {
        const char **s = dt__arena_alloc(&sc->arena, c.n_sources * sizeof *s);

        if (s)
            memcpy(s, c.sources, c.n_sources * sizeof *s);
        else
            c.rd.nomem = 1;
        sc->sources = s;
    }
    dt__csvr_release(&c.rd);
    dt__free(sc->alloc, c.rows, c.cap_rows * sizeof *c.rows);
    dt__free(sc->alloc, c.issues, c.cap_issues * sizeof *c.issues);
    dt__free(sc->alloc, c.sources, c.cap_sources * sizeof *c.sources);
    if (c.rd.nomem)
        return dt__diag_at(d, DT_ENOMEM, 0, 0, "out of memory");
    return d->count ? DT_ESCENARIO : DT_OK;
}

int dt__table_csv_sniff(const char *buf, size_t len)
{
    unsigned line;
    size_t p = header_offset(buf, len, &line), q;

    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        buf += 3, len -= 3, p = p >= 3 ? p - 3 : 0;
    /* A '#' line first, or an 'issue' column in the header line. */
    for (q = 0; q < len && (buf[q] == ' ' || buf[q] == '\t' || buf[q] == '\r' ||
                            buf[q] == '\n');
         q++)
        ;
    if (q < len && buf[q] == '#')
        return 1;
    while (p < len && buf[p] != '\n') {
        size_t s = p;

        while (p < len && buf[p] != '\n' && buf[p] != ',' && buf[p] != ';' &&
               buf[p] != '\t')
            p++;
        while (s < p && (buf[s] == ' ' || buf[s] == '"'))
            s++;
        q = p;
        while (q > s &&
               (buf[q - 1] == ' ' || buf[q - 1] == '"' || buf[q - 1] == '\r'))
            q--;
        if (q - s == 5 && (buf[s] | 0x20) == 'i' &&
            (buf[s + 1] | 0x20) == 's' && (buf[s + 2] | 0x20) == 's' &&
            (buf[s + 3] | 0x20) == 'u' && (buf[s + 4] | 0x20) == 'e')
            return 1;
        if (p < len && buf[p] != '\n')
            p++;
    }
    return 0;
}

/* ---- The writer. ---- */

typedef struct tw {
    dt__out o;
    char sep;
    char lost[512]; /* what the table cannot hold, comma-separated */
} tw;

static void lose(tw *w, const char *what)
{
    size_t n = strlen(w->lost), m = strlen(what);
    const char *p = w->lost;

    /* Each once: the list is "a, b, c". */
    while (*p) {
        const char *e = strstr(p, ", ");
        size_t len = e ? (size_t)(e - p) : strlen(p);

        if (len == m && memcmp(p, what, m) == 0)
            return;
        p += len + (e ? 2 : 0);
    }
    if (n + m + 3 < sizeof w->lost)
        snprintf(w->lost + n, sizeof w->lost - n, "%s%s", n ? ", " : "", what);
}

/* One cell, quoted when the reader would not read it back as written. */
static void cell(tw *w, const char *s, int last)
{
    size_t n = s ? strlen(s) : 0;
    int q = n && (strchr(s, w->sep) || strpbrk(s, "\"\r\n,;\t") ||
                  s[0] == ' ' || s[n - 1] == ' ');

    if (q) {
        dt__out_putc(&w->o, '"');
        for (; *s; s++) {
            if (*s == '"')
                dt__out_putc(&w->o, '"');
            dt__out_putc(&w->o, *s);
        }
        dt__out_putc(&w->o, '"');
    } else if (n)
        dt__out_puts(&w->o, s);
    dt__out_puts(&w->o, last ? "\n" : (char[2]){w->sep, '\0'});
}

/* A number node (a number, or {value, note, sd|range}) as text. */
static const char *num_cell(tw *w, const json_t *v, const char *what,
                            char buf[DT__NUM_BUF])
{
    const json_t *x = v;

    buf[0] = '\0';
    if (!v)
        return buf;
    if (json_is_object(v)) {
        x = json_object_get(v, "value");
        if (json_object_get(v, "note"))
            lose(w, "notes on numbers");
        if (json_object_get(v, "sd") || json_object_get(v, "range"))
            lose(w, "spreads");
    }
    (void)what;
    if (json_is_number(x))
        dt__fmt_shortest(json_number_value(x), buf);
    return buf;
}

static const char *str(const json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

/* Keys of o not in `known` (NULL-terminated) go to the lost list. */
static void check_keys(tw *w, const json_t *o, const char *const *known,
                       const char *where)
{
    const char *k;
    json_t *v;
    char what[96];

    json_object_foreach((json_t *)o, k, v)
    {
        size_t i;

        for (i = 0; known[i]; i++)
            if (strcmp(k, known[i]) == 0)
                break;
        if (known[i])
            continue;
        snprintf(what, sizeof what, "%s%s", where, k);
        lose(w, what);
    }
}

static void write_table(tw *w, const json_t *t)
{
    static const char *const top[] = {"name",    "date", "description",
                                      "sources", "note", "issues",
                                      "actors",  NULL};
    static const char *const ik[] = {"id",         "name", "low", "high",
                                     "status_quo", "note", NULL};
    static const char *const ak[] = {"id",   "name",   "role", "capability",
                                     "note", "issues", NULL};
    static const char *const sk[] = {"position", "salience", "capability",
                                     "note", NULL};
    static const char *const meta[] = {"name", "date", "description", "note"};
    const json_t *issues = json_object_get(t, "issues");
    const json_t *actors = json_object_get(t, "actors");
    const json_t *v;
    size_t i, a, k;
    char nb[DT__NUM_BUF], cb[DT__NUM_BUF], pb[DT__NUM_BUF], sb[DT__NUM_BUF];

    check_keys(w, t, top, "");
    dt__out_puts(&w->o, "## detente multi-issue table "
                        "(docs/scenario-format.md)\n");
    for (k = 0; k < 4; k++)
        if (str(t, meta[k])) {
            char key[16];

            snprintf(key, sizeof key, "#%s", meta[k]);
            cell(w, key, 0);
            cell(w, str(t, meta[k]), 1);
        }
    json_array_foreach(json_object_get(t, "sources"), i, v)
    {
        cell(w, "#source", 0);
        cell(w, json_string_value(v), 1);
    }
    json_array_foreach(issues, i, v)
    {
        check_keys(w, v, ik, "issues.");
        cell(w, "#issue", 0);
        cell(w, str(v, "id"), 0);
        cell(w, str(v, "name"), 0);
        cell(w, num_cell(w, json_object_get(v, "status_quo"), "", nb), 0);
        cell(w, str(v, "low"), 0);
        cell(w, str(v, "high"), 0);
        cell(w, str(v, "note"), 1);
    }
    for (k = 0; k < T_N; k++)
        cell(w, tcol_names[k], k + 1 == T_N);
    json_array_foreach(actors, a, v)
    {
        const json_t *stakes = json_object_get(v, "issues"), *s;
        const char *iid, *cap;
        int rows = 0;

        check_keys(w, v, ak, "actors.");
        cap = num_cell(w, json_object_get(v, "capability"), "", cb);
        /* The actor's own row: its note, or an actor with no stake. */
        if (str(v, "note") || json_object_size(stakes) == 0) {
            cell(w, str(v, "id"), 0);
            cell(w, str(v, "name"), 0);
            cell(w, "", 0);
            cell(w, "", 0);
            cell(w, "", 0);
            cell(w, cap, 0);
            cell(w, str(v, "role"), 0);
            cell(w, str(v, "note"), 1);
            rows++;
        }
        json_object_foreach((json_t *)stakes, iid, s)
        {
            const json_t *sc = json_object_get(s, "capability");

            check_keys(w, s, sk, "actors.issues.");
            cell(w, str(v, "id"), 0);
            cell(w, str(v, "name"), 0);
            cell(w, iid, 0);
            cell(w, num_cell(w, json_object_get(s, "position"), "", pb), 0);
            cell(w, num_cell(w, json_object_get(s, "salience"), "", sb), 0);
            cell(w, sc ? num_cell(w, sc, "", nb) : cap, 0);
            cell(w, str(v, "role"), 0);
            cell(w, str(s, "note"), 1);
            rows++;
        }
    }
    if (w->lost[0]) {
        dt__out_puts(&w->o, "## not carried by this table: ");
        dt__out_puts(&w->o, w->lost);
        dt__out_puts(&w->o, "\n");
    }
}

dt_status dt_scenario_write_table_csv(const dt_scenario *sc, char sep,
                                      dt_write_fn write, void *ud,
                                      dt_error *err)
{
    json_t *tree = NULL;
    tw *w;
    dt_status rc;

    if (!sc || !write || (sep != ',' && sep != ';' && sep != '\t'))
        return dt__error_set(err, DT_EINVAL,
                             "table CSV: no scenario, no writer, or a "
                             "delimiter other than ',', ';' or tab");
    rc = dt__scenario_tree(sc, NULL, &tree, err);
    if (rc != DT_OK)
        return rc;
    w = dt__alloc(sc->alloc, sizeof *w);
    if (!w) {
        json_decref(tree);
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    memset(w, 0, sizeof *w);
    dt__out_init(&w->o, write, ud, sc->alloc);
    w->sep = sep;
    write_table(w, tree);
    rc = dt__out_flush(&w->o);
    dt__free(sc->alloc, w, sizeof *w);
    json_decref(tree);
    if (rc != DT_OK)
        return dt__error_set(err, rc, "cannot write the table");
    return DT_OK;
}
