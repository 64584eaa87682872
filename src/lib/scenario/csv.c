/*
 * The classic one-issue actor table (Actor,Capability,Position,Salience)
 * used by the expected-utility literature and its replications: RFC
 * 4180-style CSV with quoted fields, CRLF and a UTF-8 BOM accepted. Every
 * error is reported with its line and the column where the cell starts.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "scenario/scenario_int.h"

/* The four columns, in the order the messages list them. */
enum col { C_ACTOR, C_CAPABILITY, C_POSITION, C_SALIENCE, C_N };

static const char *const col_names[C_N] = {"Actor", "Capability", "Position",
                                           "Salience"};
static const char *const col_lower[C_N] = {"actor", "capability", "position",
                                           "salience"};

/* One actor row, kept until the table is complete. */
typedef struct crow {
    const char *name; /* in the scenario's arena */
    unsigned line;    /* 1-based line of the row */
    dt_value v[C_N];  /* capability, position, salience (v[C_ACTOR] unused) */
} crow;

/* Parser state. */
typedef struct cp {
    dt_scenario *sc; /* being filled */
    dt__diag *d;     /* the caller's error sink */
    dt__csvr rd;     /* the records; rd.nomem: an allocation failed, stop */
    crow *rows;      /* actor rows so far */
    size_t n_rows;   /* entries in rows */
    size_t cap_rows; /* capacity of rows */
    size_t *hash;    /* open addressing: row index + 1, 0 = empty */
    size_t hash_cap; /* slots in hash, a power of two */
} cp;

static int cp_stop(const cp *c)
{
    return c->rd.nomem || dt__diag_full(c->d);
}

static const char *cell_text(const cp *c, size_t j)
{
    return dt__csvr_text(&c->rd, j);
}

/* ---- Checks. ---- */

/* The number in cell j (column k, named `head` in the header). */
static int get_number(cp *c, size_t j, enum col k, const char *head,
                      dt_value *out)
{
    const dt__csvr_cell *cell = &c->rd.cells[j];
    const char *s = cell_text(c, j);
    char ex[DT__QUOTE + 4], hx[DT__QUOTE + 4];
    double v = 0.0;

    if (dt__is_nonfinite(s) ||
        (dt__is_decimal(s) && dt__parse_double(s, &v) && !isfinite(v))) {
        dt__diag_at(c->d, DT_ESCENARIO, cell->line, cell->col,
                    "%s must be a finite number, got %s", col_lower[k],
                    dt__excerpt(s, ex));
        return 0;
    }
    if (*s == '\0') {
        dt__diag_at(c->d, DT_ESCENARIO, cell->line, cell->col,
                    "expected a number in column '%s', got an empty cell",
                    dt__excerpt(head, hx));
        return 0;
    }
    if (!dt__is_decimal(s) || !dt__parse_double(s, &v)) {
        dt__diag_at(c->d, DT_ESCENARIO, cell->line, cell->col,
                    "expected a number in column '%s', got '%s'",
                    dt__excerpt(head, hx), dt__excerpt(s, ex));
        return 0;
    }
    if (k != C_POSITION && v < 0.0) {
        dt__diag_at(c->d, DT_ESCENARIO, cell->line, cell->col,
                    "%s must be >= 0, got %s", col_lower[k],
                    dt__excerpt(s, ex));
        return 0;
    }
    if (k != C_POSITION && v > DT__VALUE_MAX) {
        dt__diag_at(c->d, DT_ESCENARIO, cell->line, cell->col,
                    "%s is too large: the allowed range is 0 to %g, got %s",
                    col_lower[k], DT__VALUE_MAX, dt__excerpt(s, ex));
        return 0;
    }
    out->v = v;
    out->note = NULL;
    out->loc.line = cell->line;
    out->loc.col = cell->col;
    return 1;
}

/* ---- Actor names: a hash set, so a huge table takes linear time. ---- */

static size_t hash_str(const char *s)
{
    size_t h = 2166136261u; /* FNV-1a */

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* Index of the row named s, or (size_t)-1. */
static size_t hash_find(const cp *c, const char *s)
{
    size_t i;

    if (!c->hash_cap)
        return (size_t)-1;
    for (i = hash_str(s) & (c->hash_cap - 1); c->hash[i];
         i = (i + 1) & (c->hash_cap - 1))
        if (strcmp(c->rows[c->hash[i] - 1].name, s) == 0)
            return c->hash[i] - 1;
    return (size_t)-1;
}

static void hash_put(size_t *tab, size_t cap, const char *s, size_t row)
{
    size_t i = hash_str(s) & (cap - 1);

    while (tab[i])
        i = (i + 1) & (cap - 1);
    tab[i] = row + 1;
}

/* Add row r (already in rows[]) to the set, growing it at half full. */
static int hash_add(cp *c, size_t r)
{
    if (2 * (r + 1) > c->hash_cap) {
        size_t ncap = c->hash_cap ? 2 * c->hash_cap : 64, i;
        size_t *tab = dt__calloc(c->sc->alloc, ncap, sizeof *tab);

        if (!tab) {
            c->rd.nomem = 1;
            return 0;
        }
        for (i = 0; i < c->hash_cap; i++)
            if (c->hash[i])
                hash_put(tab, ncap, c->rows[c->hash[i] - 1].name,
                         c->hash[i] - 1);
        dt__free(c->sc->alloc, c->hash, c->hash_cap * sizeof *c->hash);
        c->hash = tab;
        c->hash_cap = ncap;
    }
    hash_put(c->hash, c->hash_cap, c->rows[r].name, r);
    return 1;
}

/* ---- The table. ---- */

/*
 * Map header cells to columns: map[j] is the column of cell j, or C_N for
 * an unknown one. Returns 0 when a required column is missing.
 */
static int read_header(cp *c, enum col *map, const char **heads)
{
    size_t j, first[C_N];
    unsigned k;
    char ex[DT__QUOTE + 4];
    int ok = 1;

    for (k = 0; k < C_N; k++)
        first[k] = (size_t)-1;
    for (j = 0; j < c->rd.n_cells; j++) {
        const char *h = cell_text(c, j);

        for (k = 0; k < C_N; k++)
            if (dt__ieq(h, col_lower[k]))
                break;
        map[j] = (enum col)k;
        if (k == C_N) {
            dt__diag_at(c->d, DT_ESCENARIO, c->rd.cells[j].line,
                        c->rd.cells[j].col,
                        "unknown column '%s' (expected Actor, Capability, "
                        "Position, Salience)",
                        dt__excerpt(h, ex));
            continue;
        }
        if (first[k] != (size_t)-1) {
            dt__diag_at(c->d, DT_ESCENARIO, c->rd.cells[j].line,
                        c->rd.cells[j].col,
                        "duplicate column '%s' (first at column %u)",
                        dt__excerpt(h, ex), c->rd.cells[first[k]].col);
            map[j] = C_N;
            continue;
        }
        first[k] = j;
        /* The record buffer is reused: keep the name as written. */
        heads[k] = dt__arena_strdup(&c->sc->arena, h);
        if (!heads[k]) {
            c->rd.nomem = 1;
            return 0;
        }
    }
    for (k = 0; k < C_N; k++) {
        if (first[k] != (size_t)-1)
            continue;
        dt__diag_at(c->d, DT_ESCENARIO, c->rd.cells[0].line, 1,
                    "missing column '%s' in header (expected Actor, "
                    "Capability, Position, Salience)",
                    col_names[k]);
        ok = 0;
    }
    return ok;
}

static void read_row(cp *c, const enum col *map, size_t n_head,
                     const char **heads)
{
    crow row;
    size_t j, dup;
    int ok = 1;
    char ex[DT__QUOTE + 4];
    void *p = c->rows;

    if (c->rd.n_cells != n_head) {
        for (j = 0; j < c->rd.n_cells; j++) {
            const char *t = cell_text(c, j);
            const char *o = c->rd.cells[j].quoted
                                ? NULL
                                : strpbrk(t, c->rd.sep == ',' ? ";\t" : ",");

            if (c->rd.sep != '\t' && o && *o == '\t')
                o = NULL;
            if (o) {
                dt__diag_at(c->d, DT_ESCENARIO, c->rd.cells[j].line,
                            c->rd.cells[j].col,
                            "this line mixes delimiters: found '%s' in a "
                            "cell, but the header is delimited by '%s'; use "
                            "one of ',', ';' or tab throughout",
                            *o == '\t'  ? "tab"
                            : *o == ';' ? ";"
                                        : ",",
                            c->rd.sep == '\t'  ? "tab"
                            : c->rd.sep == ';' ? ";"
                                               : ",");
                return;
            }
        }
        {
            const dt__csvr_cell *at =
                c->rd.n_cells > n_head ? &c->rd.cells[n_head] : &c->rd.cells[0];

            dt__diag_at(c->d, DT_ESCENARIO, at->line,
                        c->rd.n_cells > n_head ? at->col : 1,
                        "expected %zu cells, got %zu", n_head, c->rd.n_cells);
        }
        return;
    }
    memset(&row, 0, sizeof row);
    row.line = c->rd.cells[0].line;
    for (j = 0; j < c->rd.n_cells && !cp_stop(c); j++) {
        const char *s = cell_text(c, j);

        if (map[j] == C_N)
            continue;
        if (map[j] != C_ACTOR) {
            ok = get_number(c, j, map[j], heads[map[j]], &row.v[map[j]]) && ok;
            continue;
        }
        if (*s == '\0') {
            dt__diag_at(c->d, DT_ESCENARIO, c->rd.cells[j].line,
                        c->rd.cells[j].col, "empty cell in column '%s'",
                        dt__excerpt(heads[C_ACTOR], ex));
            ok = 0;
            continue;
        }
        dup = hash_find(c, s);
        if (dup != (size_t)-1) {
            dt__diag_at(c->d, DT_ESCENARIO, c->rd.cells[j].line,
                        c->rd.cells[j].col,
                        "duplicate actor '%s' (first at line %u)",
                        dt__excerpt(s, ex), c->rows[dup].line);
            ok = 0;
            continue;
        }
        if (strlen(s) > DT_SCENARIO_MAX_NAME) {
            dt__diag_at(c->d, DT_ESCENARIO, c->rd.cells[j].line,
                        c->rd.cells[j].col,
                        "actor name is %zu bytes long; at most %u are allowed",
                        strlen(s), DT_SCENARIO_MAX_NAME);
            ok = 0;
            continue;
        }
        row.name = dt__arena_strdup(&c->sc->arena, s);
        if (!row.name) {
            c->rd.nomem = 1;
            return;
        }
    }
    if (!ok || !row.name)
        return;
    if (!dt__csvr_grow(&c->rd, &p, &c->cap_rows, c->n_rows + 1,
                       sizeof *c->rows))
        return;
    c->rows = p;
    c->rows[c->n_rows] = row;
    if (hash_add(c, c->n_rows))
        c->n_rows++;
}

/* The file name without directory and extension: the issue's id. */
static const char *stem(cp *c)
{
    const char *path = c->sc->path, *base = path, *s, *dot = NULL;
    const char *out;

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
    out = dt__arena_strndup(&c->sc->arena, base, (size_t)(dot - base));
    if (!out)
        c->rd.nomem = 1;
    return out;
}

/*
 * Fill the scenario from the rows. Saliences in [0, 1] are kept as they
 * are (the published tables use that scale, and the reference runs are
 * matched bit for bit), 0-100 ones are divided by 100, anything larger by
 * its maximum.
 */
static void build(cp *c, unsigned head_line)
{
    dt_scenario *sc = c->sc;
    dt_stake *stakes;
    double max = 0.0;
    size_t r;

    sc->name = stem(c);
    sc->issues = dt__arena_alloc(&sc->arena, sizeof *sc->issues);
    sc->actors = dt__arena_alloc(&sc->arena, c->n_rows * sizeof *sc->actors);
    sc->stakes = dt__arena_alloc(&sc->arena, c->n_rows * sizeof *sc->stakes);
    stakes = dt__arena_alloc(&sc->arena, c->n_rows * sizeof *stakes);
    if (!sc->name || !sc->issues || !sc->actors || !sc->stakes || !stakes) {
        c->rd.nomem = 1;
        return;
    }
    sc->n_issues = 1;
    sc->issues[0].id = sc->name;
    sc->issues[0].name = sc->name;
    sc->issues[0].loc.line = head_line;
    sc->issues[0].loc.col = 1;
    sc->n_actors = c->n_rows;
    for (r = 0; r < c->n_rows; r++) {
        const crow *row = &c->rows[r];
        dt_actor *ac = &sc->actors[r];

        ac->id = row->name;
        ac->name = row->name;
        ac->role = DT_ROLE_TABLE;
        ac->capability = row->v[C_CAPABILITY];
        ac->loc.line = row->line;
        ac->loc.col = 1;
        stakes[r].position = row->v[C_POSITION];
        stakes[r].salience = row->v[C_SALIENCE];
        stakes[r].loc = ac->loc;
        sc->stakes[r] = &stakes[r];
        if (row->v[C_SALIENCE].v > max)
            max = row->v[C_SALIENCE].v;
    }
    if (max <= 1.0)
        sc->salience_divisor = 1.0;
    else if (max <= 100.0)
        sc->salience_divisor = 100.0;
    else
        sc->salience_divisor = max;
}

static void parse_table(cp *c)
{
    enum col *map = NULL;
    const char *heads[C_N] = {NULL, NULL, NULL, NULL};
    size_t n_head, n_records = 0;
    unsigned head_line;
    int r;

    do
        r = dt__csvr_record(&c->rd);
    while (r == 1 && dt__csvr_blank(&c->rd));
    if (r == -1) {
        dt__diag_at(c->d, DT_ESCENARIO, 1, 1, "file is empty");
        return;
    }
    if (r == 0)
        return;
    head_line = c->rd.cells[0].line;
    n_head = c->rd.n_cells;
    map = dt__calloc(c->sc->alloc, n_head, sizeof *map);
    if (!map) {
        c->rd.nomem = 1;
        return;
    }
    if (!read_header(c, map, heads))
        goto out;
    while (!cp_stop(c)) {
        r = dt__csvr_record(&c->rd);
        if (r == -1)
            break;
        if (r == 1 && dt__csvr_blank(&c->rd))
            continue;
        n_records++;
        if (r == 1)
            read_row(c, map, n_head, heads);
    }
    if (cp_stop(c) || c->d->count > 0)
        goto out;
    if (n_records == 0) {
        dt__diag_at(c->d, DT_ESCENARIO, head_line, 1,
                    "the table has a header but no actor rows");
        goto out;
    }
    build(c, head_line);
out:
    dt__free(c->sc->alloc, map, n_head * sizeof *map);
}

dt_status dt__scenario_parse_csv(dt_scenario *sc, const char *buf, size_t len,
                                 dt__diag *d)
{
    cp c;

    memset(&c, 0, sizeof c);
    c.sc = sc;
    c.d = d;
    dt__csvr_init(&c.rd, buf, len, 0, sc->alloc, d);
    if (dt__csvr_check_text(&c.rd)) {
        unsigned line = 0, col = 0;
        char other = 0;

        /* The delimiter: the header's ',', ';' or tab. */
        c.rd.sep = dt__csvr_guess_sep(buf, len, &line, &col, &other);
        if (c.rd.sep)
            parse_table(&c);
        else
            dt__diag_at(d, DT_ESCENARIO, line, col,
                        "the header mixes delimiters: found '%c' after '%c'; "
                        "use one of ',', ';' or tab throughout",
                        other == ',' ? ';' : ',', other);
    }
    dt__csvr_release(&c.rd);
    dt__free(sc->alloc, c.rows, c.cap_rows * sizeof *c.rows);
    dt__free(sc->alloc, c.hash, c.hash_cap * sizeof *c.hash);
    if (c.rd.nomem)
        return dt__diag_at(d, DT_ENOMEM, 0, 0, "out of memory");
    return d->count ? DT_ESCENARIO : DT_OK;
}
