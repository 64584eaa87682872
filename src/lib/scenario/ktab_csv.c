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

/*
 * KTAB's own CSV dialect: cells start where their text does, leading
 * blanks inside quotes are kept, and a syntax error skips to the next LF.
 */
#define KTAB_CSV                                                               \
    (DT__CSVR_AT_TEXT | DT__CSVR_KEEP_LEAD | DT__CSVR_RESYNC_LF |              \
     DT__CSVR_TERSE)

typedef struct kp {
    dt_scenario *sc;
    dt__diag *d;
    dt__csvr rd; /* rd.nomem: an allocation failed, stop */
} kp;

static const char *text(const kp *c, size_t j)
{
    return dt__csvr_text(&c->rd, j);
}

/* A quoted empty cell is blank too. */
static int blank(const kp *c)
{
    return c->rd.n_cells == 1 && text(c, 0)[0] == '\0';
}

/* Next non-blank record: 1, 0 (syntax error) or -1 (end). */
static int next(kp *c)
{
    int r;

    do {
        r = dt__csvr_record(&c->rd);
        /* KTAB writes a trailing comma: drop one empty last cell. */
        if (r == 1 && c->rd.n_cells > 1 &&
            text(c, c->rd.n_cells - 1)[0] == '\0')
            c->rd.n_cells--;
    } while (r == 1 && blank(c));
    return r;
}

static int number(kp *c, size_t j, const char *what, double *out)
{
    const char *s = text(c, j);
    char ex[DT__QUOTE + 4];
    double v;

    if (!dt__is_decimal(s) || !dt__parse_double(s, &v) || !isfinite(v)) {
        dt__diag_at(c->d, DT_ESCENARIO, c->rd.cells[j].line, c->rd.cells[j].col,
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
        dt__diag_at(c->d, DT_ESCENARIO, c->rd.cells[j].line, c->rd.cells[j].col,
                    "%s must be a whole number >= %u, got %s", what, lo,
                    text(c, j));
        return 0;
    }
    *out = (size_t)v;
    return 1;
}

/* Whether cell j fits DT_SCENARIO_MAX_NAME (else an error at it). */
static int name_fits(kp *c, size_t j, const char *what)
{
    size_t n = strlen(text(c, j));

    if (n <= DT_SCENARIO_MAX_NAME)
        return 1;
    dt__diag_at(c->d, DT_ESCENARIO, c->rd.cells[j].line, c->rd.cells[j].col,
                "%s is %zu bytes long; at most %u are allowed", what, n,
                DT_SCENARIO_MAX_NAME);
    return 0;
}

static char *keep(kp *c, const char *s)
{
    char *p = dt__arena_strdup(&c->sc->arena, s);

    if (!p)
        c->rd.nomem = 1;
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
    if (c->rd.n_cells < 4) {
        dt__diag_at(c->d, DT_ESCENARIO, c->rd.cells[0].line, 1,
                    "KTAB CSV: the first line must be <name>,<description>,"
                    "<numActors>,<numDims>");
        return;
    }
    if (!name_fits(c, 0, "scenario name"))
        return;
    sc->name = keep(c, text(c, 0)[0] ? text(c, 0) : "scenario");
    sc->description = text(c, 1)[0] ? keep(c, text(c, 1)) : NULL;
    na_line = c->rd.cells[2].line;
    na_col = c->rd.cells[2].col;
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
            dt__diag_at(c->d, DT_ESCENARIO, c->rd.line, 1,
                        "missing the header line Actor,Description,...");
        return;
    }
    want = 3 + 2 * nd;
    head_line = c->rd.cells[0].line;
    if (c->rd.n_cells != want) {
        dt__diag_at(c->d, DT_ESCENARIO, head_line, 1,
                    "header has %zu columns; %zu dimensions need %zu "
                    "(Actor, Description, power, then position and "
                    "salience per dimension)",
                    c->rd.n_cells, nd, want);
        return;
    }
    sc->n_issues = nd;
    sc->issues = dt__arena_alloc(&sc->arena, nd * sizeof *sc->issues);
    sc->actors = dt__arena_alloc(&sc->arena, na * sizeof *sc->actors);
    sc->stakes = dt__arena_alloc(&sc->arena, na * nd * sizeof *sc->stakes);
    stakes = dt__arena_alloc(&sc->arena, na * nd * sizeof *stakes);
    if (!sc->issues || !sc->actors || !sc->stakes || !stakes) {
        c->rd.nomem = 1;
        return;
    }
    memset(sc->issues, 0, nd * sizeof *sc->issues);
    memset(sc->actors, 0, na * sizeof *sc->actors);
    memset(stakes, 0, na * nd * sizeof *stakes);
    for (k = 0; k < nd; k++) {
        const char *h = text(c, 3 + 2 * k);
        size_t l;

        if (!*h) {
            dt__diag_at(c->d, DT_ESCENARIO, c->rd.cells[3 + 2 * k].line,
                        c->rd.cells[3 + 2 * k].col, "empty dimension name");
            continue;
        }
        for (l = 0; l < k; l++)
            if (sc->issues[l].id && strcmp(sc->issues[l].id, h) == 0)
                break;
        if (l < k) {
            dt__diag_at(c->d, DT_ESCENARIO, c->rd.cells[3 + 2 * k].line,
                        c->rd.cells[3 + 2 * k].col, "duplicate dimension '%s'",
                        dt__excerpt(h, ex));
            continue;
        }
        sc->issues[k].id = keep(c, h);
        sc->issues[k].name = sc->issues[k].id;
        sc->issues[k].loc.line = c->rd.cells[3 + 2 * k].line;
        sc->issues[k].loc.col = c->rd.cells[3 + 2 * k].col;
    }
    while (!c->rd.nomem && !dt__diag_full(c->d)) {
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
            dt__diag_at(c->d, DT_ESCENARIO, c->rd.cells[0].line, 1,
                        "more actor rows than the %zu declared on line 1 "
                        "(column %u)",
                        na, na_col);
            break;
        }
        if (c->rd.n_cells != want) {
            dt__diag_at(c->d, DT_ESCENARIO, c->rd.cells[0].line,
                        c->rd.n_cells > want ? c->rd.cells[want].col : 1,
                        "expected %zu cells, got %zu", want, c->rd.n_cells);
            continue;
        }
        ac = &sc->actors[a];
        if (!text(c, 0)[0]) {
            dt__diag_at(c->d, DT_ESCENARIO, c->rd.cells[0].line,
                        c->rd.cells[0].col, "empty actor name");
            continue;
        }
        for (j = 0; j < a; j++)
            if (strcmp(sc->actors[j].id, text(c, 0)) == 0)
                break;
        if (j < a) {
            dt__diag_at(c->d, DT_ESCENARIO, c->rd.cells[0].line,
                        c->rd.cells[0].col,
                        "duplicate actor '%s' (first at "
                        "line %u)",
                        dt__excerpt(text(c, 0), ex), sc->actors[j].loc.line);
            continue;
        }
        if (!number(c, 2, "capability", &ac->capability.v))
            ok = 0;
        else if (!(ac->capability.v > 0.0)) {
            dt__diag_at(c->d, DT_ESCENARIO, c->rd.cells[2].line,
                        c->rd.cells[2].col, "capability must be > 0, got %s",
                        text(c, 2));
            ok = 0;
        } else if (ac->capability.v > DT__VALUE_MAX) {
            dt__diag_at(c->d, DT_ESCENARIO, c->rd.cells[2].line,
                        c->rd.cells[2].col,
                        "capability is too large: the allowed range is 0 to "
                        "%g, got %s",
                        DT__VALUE_MAX, text(c, 2));
            ok = 0;
        }
        for (k = 0; k < nd; k++) {
            dt_stake *st = &stakes[a * nd + k];
            size_t jp = 3 + 2 * k, js = jp + 1;

            if (number(c, jp, "position", &st->position.v)) {
                if (st->position.v < 0.0 || st->position.v > 100.0) {
                    dt__diag_at(c->d, DT_ESCENARIO, c->rd.cells[jp].line,
                                c->rd.cells[jp].col,
                                "position must be in 0-100, got %s",
                                text(c, jp));
                    ok = 0;
                }
            } else {
                ok = 0;
            }
            if (number(c, js, "salience", &st->salience.v)) {
                if (st->salience.v < 0.0 || st->salience.v > 100.0) {
                    dt__diag_at(c->d, DT_ESCENARIO, c->rd.cells[js].line,
                                c->rd.cells[js].col,
                                "salience must be in 0-100, got %s",
                                text(c, js));
                    ok = 0;
                }
                tot += st->salience.v;
                if (tot > 100.0 + 1e-9 && !over) {
                    dt__diag_at(c->d, DT_ESCENARIO, c->rd.cells[js].line,
                                c->rd.cells[js].col,
                                "actor '%s': saliences sum to more than 100",
                                dt__excerpt(text(c, 0), ex));
                    ok = 0;
                    over = 1;
                }
            } else {
                ok = 0;
            }
            st->position.loc.line = c->rd.cells[jp].line;
            st->position.loc.col = c->rd.cells[jp].col;
            st->salience.loc.line = c->rd.cells[js].line;
            st->salience.loc.col = c->rd.cells[js].col;
            st->loc = st->position.loc;
            sc->stakes[a * nd + k] = st;
        }
        if (!ok)
            continue;
        if (tot <= 0.0) {
            dt__diag_at(c->d, DT_ESCENARIO, c->rd.cells[0].line,
                        c->rd.cells[0].col, "actor '%s': saliences are all 0",
                        dt__excerpt(text(c, 0), ex));
            continue;
        }
        if (!name_fits(c, 0, "actor") || !name_fits(c, 1, "actor description"))
            continue;
        ac->id = keep(c, text(c, 0));
        ac->name = text(c, 1)[0] ? keep(c, text(c, 1)) : ac->id;
        ac->role = DT_ROLE_TABLE;
        ac->capability.loc.line = c->rd.cells[2].line;
        ac->capability.loc.col = c->rd.cells[2].col;
        ac->loc.line = c->rd.cells[0].line;
        ac->loc.col = 1;
        a++;
    }
    if (c->rd.nomem || c->d->count > 0)
        return;
    if (a < na) {
        dt__diag_at(c->d, DT_ESCENARIO, na_line, na_col,
                    "line 1 declares %zu actors, the file has %zu rows", na, a);
        return;
    }
    sc->n_actors = na;
    sc->salience_divisor = 100.0;
}

int dt__ktab_csv_sniff(const char *buf, size_t len, const dt_allocator *alloc)
{
    dt_scenario sc;
    dt__diag d;
    dt_load_opts o = DT_LOAD_OPTS_INIT;
    kp c;
    int r, yes = 0;
    size_t v, n;

    memset(&sc, 0, sizeof sc);
    memset(&d, 0, sizeof d);
    o.max_errors = 0;
    d.opts = &o;
    d.file = "";
    memset(&c, 0, sizeof c);
    c.sc = &sc;
    c.d = &d;
    /* Only the first two lines matter. */
    for (n = 0, r = 0; n < len && r < 2; n++)
        if (buf[n] == '\n')
            r++;
    dt__csvr_init(&c.rd, buf, n, KTAB_CSV, alloc, &d);
    if (next(&c) == 1 && c.rd.n_cells >= 4 && count(&c, 2, "", 0, &v) &&
        count(&c, 3, "", 0, &v) && next(&c) == 1 && c.rd.n_cells >= 3 &&
        dt__ieq(text(&c, 0), "Actor") && dt__ieq(text(&c, 1), "Description"))
        yes = 1;
    dt__csvr_release(&c.rd);
    return c.rd.nomem ? -1 : yes;
}

dt_status dt__scenario_parse_ktab_csv(dt_scenario *sc, const char *buf,
                                      size_t len, dt__diag *d)
{
    kp c;

    memset(&c, 0, sizeof c);
    c.sc = sc;
    c.d = d;
    dt__csvr_init(&c.rd, buf, len, KTAB_CSV, sc->alloc, d);
    /* NUL bytes and invalid UTF-8 are refused at their place. */
    if (!dt__csvr_check_text(&c.rd))
        return DT_ESCENARIO;
    parse(&c);
    dt__csvr_release(&c.rd);
    if (c.rd.nomem)
        return dt__diag_at(d, DT_ENOMEM, 0, 0, "out of memory");
    return d->count ? DT_ESCENARIO : DT_OK;
}
