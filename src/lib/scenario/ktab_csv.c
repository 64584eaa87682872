/*
 * KTAB's CSV scenario format, read as KTAB writes it: a first line
 * "<name>,<description>,<numActors>,<numDims>", a header "Actor,
 * Description,<power>,<dim>,<sal>,..." and one row per actor with its
 * capability and a position and salience (0-100) per dimension. Every
 * error is reported with its line and the column where the cell starts.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "scenario/scenario_int.h"

/* One cell of the current record. */
typedef struct kcell {
    size_t off;    /* offset of the NUL-terminated text in tb */
    unsigned line; /* 1-based line */
    unsigned col;  /* 1-based character column */
} kcell;

typedef struct kp {
    dt_scenario *sc;
    dt__diag *d;
    const char *buf;
    size_t len, pos;
    unsigned line, col;
    kcell *cells;
    size_t n_cells, cap_cells;
    char *tb;
    size_t tb_len, tb_cap;
    int nomem;
} kp;

static int grow(kp *c, void **p, size_t *cap, size_t need, size_t size)
{
    size_t ncap = *cap ? *cap : 16;
    void *n;

    if (need <= *cap)
        return 1;
    while (ncap < need)
        ncap *= 2;
    n = dt__realloc(c->sc->alloc, *p, *cap * size, ncap * size);
    if (!n) {
        c->nomem = 1;
        return 0;
    }
    *p = n;
    *cap = ncap;
    return 1;
}

static int put(kp *c, char ch)
{
    void *p = c->tb;

    if (!grow(c, &p, &c->tb_cap, c->tb_len + 1, 1))
        return 0;
    c->tb = p;
    c->tb[c->tb_len++] = ch;
    return 1;
}

static int peek(const kp *c)
{
    return c->pos < c->len ? (unsigned char)c->buf[c->pos] : -1;
}

static void advance(kp *c)
{
    unsigned char ch = (unsigned char)c->buf[c->pos++];

    if (ch == '\n' || (ch == '\r' && peek(c) != '\n')) {
        c->line++;
        c->col = 1;
    } else if (ch != '\r' && (ch & 0xc0u) != 0x80u) {
        c->col++;
    }
}

static int field_end(const kp *c)
{
    int ch = peek(c);

    return ch == -1 || ch == ',' || ch == '\r' || ch == '\n';
}

/*
 * Read one record (quoted fields allowed, "" for a quote), cells trimmed
 * of blanks. Returns 1, 0 after a reported syntax error (the rest of the
 * line skipped), or -1 at the end of the input.
 */
static int record(kp *c)
{
    if (c->pos >= c->len)
        return -1;
    c->n_cells = 0;
    c->tb_len = 0;
    for (;;) {
        void *p = c->cells;
        kcell *cell;

        if (!grow(c, &p, &c->cap_cells, c->n_cells + 1, sizeof *c->cells))
            return 0;
        c->cells = p;
        cell = &c->cells[c->n_cells++];
        while (peek(c) == ' ' || peek(c) == '\t')
            advance(c);
        cell->off = c->tb_len;
        cell->line = c->line;
        cell->col = c->col;
        if (peek(c) == '"') {
            advance(c);
            for (;;) {
                int ch = peek(c);

                if (ch == -1) {
                    dt__diag_at(c->d, DT_ESCENARIO, cell->line, cell->col,
                                "unterminated quoted field");
                    return 0;
                }
                advance(c);
                if (ch == '"') {
                    if (peek(c) != '"')
                        break;
                    advance(c);
                }
                if (!put(c, (char)ch))
                    return 0;
            }
            while (peek(c) == ' ' || peek(c) == '\t')
                advance(c);
            if (!field_end(c)) {
                dt__diag_at(c->d, DT_ESCENARIO, c->line, c->col,
                            "unexpected text after a closing quote");
                while (peek(c) != -1 && peek(c) != '\n')
                    advance(c);
                if (peek(c) == '\n')
                    advance(c);
                return 0;
            }
        } else {
            while (!field_end(c)) {
                if (!put(c, c->buf[c->pos]))
                    return 0;
                advance(c);
            }
        }
        while (c->tb_len > cell->off &&
               (c->tb[c->tb_len - 1] == ' ' || c->tb[c->tb_len - 1] == '\t'))
            c->tb_len--;
        if (!put(c, '\0'))
            return 0;
        if (peek(c) != ',')
            break;
        advance(c);
    }
    if (peek(c) == '\r')
        advance(c);
    if (peek(c) == '\n')
        advance(c);
    /* KTAB writes a trailing comma: drop one empty last cell. */
    if (c->n_cells > 1 && c->tb[c->cells[c->n_cells - 1].off] == '\0')
        c->n_cells--;
    return 1;
}

static const char *text(const kp *c, size_t j)
{
    return c->tb + c->cells[j].off;
}

static int blank(const kp *c)
{
    return c->n_cells == 1 && text(c, 0)[0] == '\0';
}

/* Next non-blank record: 1, 0 (syntax error) or -1 (end). */
static int next(kp *c)
{
    int r;

    do
        r = record(c);
    while (r == 1 && blank(c));
    return r;
}

static int number(kp *c, size_t j, const char *what, double *out)
{
    const char *s = text(c, j);
    char ex[DT__QUOTE + 4];
    double v;

    if (!dt__is_decimal(s) || !dt__parse_double(s, &v) || !isfinite(v)) {
        dt__diag_at(c->d, DT_ESCENARIO, c->cells[j].line, c->cells[j].col,
                    "%s must be a number, got '%s'", what, dt__excerpt(s, ex));
        return 0;
    }
    *out = v;
    return 1;
}

/* A count in cell j of the first line: a whole number >= lo. */
static int count(kp *c, size_t j, const char *what, unsigned lo, size_t *out)
{
    double v;

    if (!number(c, j, what, &v))
        return 0;
    if (v != floor(v) || v < (double)lo || v > 1e6) {
        dt__diag_at(c->d, DT_ESCENARIO, c->cells[j].line, c->cells[j].col,
                    "%s must be a whole number >= %u, got %s", what, lo,
                    text(c, j));
        return 0;
    }
    *out = (size_t)v;
    return 1;
}

static char *keep(kp *c, const char *s)
{
    char *p = dt__arena_strdup(&c->sc->arena, s);

    if (!p)
        c->nomem = 1;
    return p;
}

static void parse(kp *c)
{
    dt_scenario *sc = c->sc;
    size_t na = 0, nd = 0, want, a = 0, k;
    unsigned na_line, na_col, head_line;
    dt_stake *stakes;
    int r;
    char ex[DT__QUOTE + 4];

    r = next(c);
    if (r == -1) {
        dt__diag_at(c->d, DT_ESCENARIO, 1, 1, "file is empty");
        return;
    }
    if (r == 0)
        return;
    if (c->n_cells < 4) {
        dt__diag_at(c->d, DT_ESCENARIO, c->cells[0].line, 1,
                    "KTAB CSV: the first line must be <name>,<description>,"
                    "<numActors>,<numDims>");
        return;
    }
    sc->name = keep(c, text(c, 0)[0] ? text(c, 0) : "scenario");
    sc->description = text(c, 1)[0] ? keep(c, text(c, 1)) : NULL;
    na_line = c->cells[2].line;
    na_col = c->cells[2].col;
    if (!count(c, 2, "the number of actors", 1, &na) ||
        !count(c, 3, "the number of dimensions", 1, &nd))
        return;
    if (na < 3) {
        dt__diag_at(c->d, DT_ESCENARIO, na_line, na_col,
                    "KTAB needs at least 3 actors, the file declares %zu", na);
        return;
    }
    r = next(c);
    if (r != 1) {
        if (r == -1)
            dt__diag_at(c->d, DT_ESCENARIO, c->line, 1,
                        "missing the header line Actor,Description,...");
        return;
    }
    want = 3 + 2 * nd;
    head_line = c->cells[0].line;
    if (c->n_cells != want) {
        dt__diag_at(c->d, DT_ESCENARIO, head_line, 1,
                    "header has %zu columns; %zu dimensions need %zu "
                    "(Actor, Description, power, then position and "
                    "salience per dimension)",
                    c->n_cells, nd, want);
        return;
    }
    sc->n_issues = nd;
    sc->issues = dt__arena_alloc(&sc->arena, nd * sizeof *sc->issues);
    sc->actors = dt__arena_alloc(&sc->arena, na * sizeof *sc->actors);
    sc->stakes = dt__arena_alloc(&sc->arena, na * nd * sizeof *sc->stakes);
    stakes = dt__arena_alloc(&sc->arena, na * nd * sizeof *stakes);
    if (!sc->issues || !sc->actors || !sc->stakes || !stakes) {
        c->nomem = 1;
        return;
    }
    memset(sc->issues, 0, nd * sizeof *sc->issues);
    memset(sc->actors, 0, na * sizeof *sc->actors);
    memset(stakes, 0, na * nd * sizeof *stakes);
    for (k = 0; k < nd; k++) {
        const char *h = text(c, 3 + 2 * k);
        size_t l;

        if (!*h) {
            dt__diag_at(c->d, DT_ESCENARIO, c->cells[3 + 2 * k].line,
                        c->cells[3 + 2 * k].col, "empty dimension name");
            continue;
        }
        for (l = 0; l < k; l++)
            if (sc->issues[l].id && strcmp(sc->issues[l].id, h) == 0)
                break;
        if (l < k) {
            dt__diag_at(c->d, DT_ESCENARIO, c->cells[3 + 2 * k].line,
                        c->cells[3 + 2 * k].col, "duplicate dimension '%s'",
                        dt__excerpt(h, ex));
            continue;
        }
        sc->issues[k].id = keep(c, h);
        sc->issues[k].name = sc->issues[k].id;
        sc->issues[k].loc.line = c->cells[3 + 2 * k].line;
        sc->issues[k].loc.col = c->cells[3 + 2 * k].col;
    }
    while (!c->nomem && !dt__diag_full(c->d)) {
        dt_actor *ac;
        double tot = 0.0;
        int ok = 1, over = 0;
        size_t j;

        r = next(c);
        if (r == -1)
            break;
        if (r == 0)
            continue;
        if (a == na) {
            dt__diag_at(c->d, DT_ESCENARIO, c->cells[0].line, 1,
                        "more actor rows than the %zu declared on line 1 "
                        "(column %u)",
                        na, na_col);
            break;
        }
        if (c->n_cells != want) {
            dt__diag_at(c->d, DT_ESCENARIO, c->cells[0].line,
                        c->n_cells > want ? c->cells[want].col : 1,
                        "expected %zu cells, got %zu", want, c->n_cells);
            continue;
        }
        ac = &sc->actors[a];
        if (!text(c, 0)[0]) {
            dt__diag_at(c->d, DT_ESCENARIO, c->cells[0].line, c->cells[0].col,
                        "empty actor name");
            continue;
        }
        for (j = 0; j < a; j++)
            if (strcmp(sc->actors[j].id, text(c, 0)) == 0)
                break;
        if (j < a) {
            dt__diag_at(c->d, DT_ESCENARIO, c->cells[0].line, c->cells[0].col,
                        "duplicate actor '%s' (first at "
                        "line %u)",
                        dt__excerpt(text(c, 0), ex), sc->actors[j].loc.line);
            continue;
        }
        if (!number(c, 2, "capability", &ac->capability.v))
            ok = 0;
        else if (!(ac->capability.v > 0.0)) {
            dt__diag_at(c->d, DT_ESCENARIO, c->cells[2].line, c->cells[2].col,
                        "capability must be > 0, got %s", text(c, 2));
            ok = 0;
        }
        for (k = 0; k < nd; k++) {
            dt_stake *st = &stakes[a * nd + k];
            size_t jp = 3 + 2 * k, js = jp + 1;

            if (number(c, jp, "position", &st->position.v)) {
                if (st->position.v < 0.0 || st->position.v > 100.0) {
                    dt__diag_at(
                        c->d, DT_ESCENARIO, c->cells[jp].line, c->cells[jp].col,
                        "position must be in 0-100, got %s", text(c, jp));
                    ok = 0;
                }
            } else {
                ok = 0;
            }
            if (number(c, js, "salience", &st->salience.v)) {
                if (st->salience.v < 0.0 || st->salience.v > 100.0) {
                    dt__diag_at(
                        c->d, DT_ESCENARIO, c->cells[js].line, c->cells[js].col,
                        "salience must be in 0-100, got %s", text(c, js));
                    ok = 0;
                }
                tot += st->salience.v;
                if (tot > 100.0 + 1e-9 && !over) {
                    dt__diag_at(c->d, DT_ESCENARIO, c->cells[js].line,
                                c->cells[js].col,
                                "actor '%s': saliences sum to more than 100",
                                dt__excerpt(text(c, 0), ex));
                    ok = 0;
                    over = 1;
                }
            } else {
                ok = 0;
            }
            st->position.loc.line = c->cells[jp].line;
            st->position.loc.col = c->cells[jp].col;
            st->salience.loc.line = c->cells[js].line;
            st->salience.loc.col = c->cells[js].col;
            st->loc = st->position.loc;
            sc->stakes[a * nd + k] = st;
        }
        if (!ok)
            continue;
        if (tot <= 0.0) {
            dt__diag_at(c->d, DT_ESCENARIO, c->cells[0].line, c->cells[0].col,
                        "actor '%s': saliences are all 0",
                        dt__excerpt(text(c, 0), ex));
            continue;
        }
        ac->id = keep(c, text(c, 0));
        ac->name = text(c, 1)[0] ? keep(c, text(c, 1)) : ac->id;
        ac->role = DT_ROLE_TABLE;
        ac->capability.loc.line = c->cells[2].line;
        ac->capability.loc.col = c->cells[2].col;
        ac->loc.line = c->cells[0].line;
        ac->loc.col = 1;
        a++;
    }
    if (c->nomem || c->d->count > 0)
        return;
    if (a < na) {
        dt__diag_at(c->d, DT_ESCENARIO, na_line, na_col,
                    "line 1 declares %zu actors, the file has %zu rows", na, a);
        return;
    }
    sc->n_actors = na;
    sc->salience_divisor = 100.0;
}

int dt__ktab_csv_sniff(const char *buf, size_t len)
{
    dt_scenario sc;
    dt__diag d;
    dt_load_opts o = DT_LOAD_OPTS_INIT;
    kp c;
    int r, yes = 0;
    size_t v;

    memset(&sc, 0, sizeof sc);
    memset(&d, 0, sizeof d);
    o.max_errors = 0;
    d.opts = &o;
    d.file = "";
    memset(&c, 0, sizeof c);
    c.sc = &sc;
    c.d = &d;
    c.buf = buf;
    /* Only the first two lines matter. */
    for (c.len = 0, r = 0; c.len < len && r < 2; c.len++)
        if (buf[c.len] == '\n')
            r++;
    c.line = c.col = 1;
    if (c.len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
        c.pos = 3;
    if (next(&c) == 1 && c.n_cells >= 4 && count(&c, 2, "", 0, &v) &&
        count(&c, 3, "", 0, &v) && next(&c) == 1 && c.n_cells >= 3 &&
        dt__ieq(text(&c, 0), "Actor") && dt__ieq(text(&c, 1), "Description"))
        yes = 1;
    dt__free(NULL, c.cells, c.cap_cells * sizeof *c.cells);
    dt__free(NULL, c.tb, c.tb_cap);
    return yes;
}

dt_status dt__scenario_parse_ktab_csv(dt_scenario *sc, const char *buf,
                                      size_t len, dt__diag *d)
{
    kp c;

    memset(&c, 0, sizeof c);
    c.sc = sc;
    c.d = d;
    c.buf = buf;
    c.len = len;
    c.line = 1;
    c.col = 1;
    if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
        c.pos = 3;
    /* NUL bytes and invalid UTF-8 are refused at their place. */
    {
        kp at = c;

        while (at.pos < at.len) {
            const unsigned char *u = (const unsigned char *)buf + at.pos;
            size_t n = u[0] ? dt__utf8_len(u, at.len - at.pos) : 0;

            if (n == 0) {
                dt__diag_at(d, DT_ESCENARIO, at.line, at.col,
                            "file is not UTF-8 text (byte 0x%02x)", u[0]);
                return DT_ESCENARIO;
            }
            while (n--)
                advance(&at);
        }
    }
    parse(&c);
    dt__free(sc->alloc, c.cells, c.cap_cells * sizeof *c.cells);
    dt__free(sc->alloc, c.tb, c.tb_cap);
    if (c.nomem)
        return dt__diag_at(d, DT_ENOMEM, 0, 0, "out of memory");
    return d->count ? DT_ESCENARIO : DT_OK;
}
