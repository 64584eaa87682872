/*
 * Reader of the DEU wide format (one row per contested issue, actors as
 * columns p_<actor> and s_<actor>; Thomson et al. 2006, 2012; Arregui and
 * Perarnaud 2022), with the file, line and column of every error, and the
 * capability conventions of docs/accuracy.md.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backtest/backtest_int.h"
#include "csvread.h"

/* Files larger than this are refused (DEU III is about 300 KB). */
#define DEU_MAX_BYTES (64u << 20)

/* ---- CSV cells -------------------------------------------------------- */

/*
 * Read buf in the DEU dialect (DT__CSVR_RAW: cells as written, each placed
 * at its record's line and byte column), at most max_cells per record,
 * with the first error into err under the file name name.
 */
static void csv_init(dt__csvr *rd, dt__diag *dg, const char *buf, size_t len,
                     const char *name, const dt_allocator *alloc,
                     size_t max_cells, dt_error *err)
{
    static const dt_load_opts defaults = DT_LOAD_OPTS_INIT;

    memset(dg, 0, sizeof *dg);
    dg->opts = &defaults;
    dg->file = name;
    dg->first = err;
    dt__csvr_init(rd, buf, len, DT__CSVR_RAW, alloc, dg);
    rd->max_cells = max_cells;
}

/* Status when dt__csvr_record gave 0: a syntax error (set) or no memory. */
static dt_status csv_failed(const dt__csvr *rd, dt_error *err)
{
    return rd->nomem ? dt__error_set(err, DT_ENOMEM, "out of memory")
                     : DT_ESCENARIO;
}

/* Whether cell k is exactly s. */
static int csv_is(const dt__csvr *rd, size_t k, const char *s)
{
    return rd->cells[k].len == strlen(s) &&
           memcmp(dt__csvr_text(rd, k), s, rd->cells[k].len) == 0;
}

/* Whether cell k is an actor column "<c>_<actor>" (c is 'p' or 's'). */
static int csv_actor_col(const dt__csvr *rd, size_t k, char c)
{
    const char *t = dt__csvr_text(rd, k);

    return rd->cells[k].len > 2 && t[0] == c && t[1] == '_';
}

/* A record of only empty fields (e.g. a blank line). */
static int csv_blank(const dt__csvr *rd)
{
    size_t k;

    for (k = 0; k < rd->n_cells; k++)
        if (rd->cells[k].len > 0)
            return 0;
    return 1;
}

/*
 * Read up to the next record that is not blank: 1, or 0 at the end of the
 * input, or -1 with *rc set after a syntax error or an allocation failure.
 */
static int csv_next(dt__csvr *rd, dt_status *rc, dt_error *err)
{
    for (;;) {
        int r = dt__csvr_record(rd);

        if (r == 0) {
            *rc = csv_failed(rd, err);
            return -1;
        }
        if (r < 0)
            return 0;
        if (!csv_blank(rd))
            return 1;
    }
}

/*
 * Parse numeric cell k. Returns 1 with *v set, 0 when the cell is blank
 * (missing), -1 (error set) when it is not a number in [lo, hi].
 */
static int csv_number(const dt__csvr *rd, size_t k, const char *column,
                      double lo, double hi, double *v, dt_error *err)
{
    const dt__csvr_cell *c = &rd->cells[k];
    const char *s = dt__csvr_text(rd, k);
    char buf[64];
    size_t a = 0, b = c->len;

    while (a < b && (s[a] == ' ' || s[a] == '\t'))
        a++;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
        b--;
    if (a == b)
        return 0;
    if (b - a >= sizeof buf ||
        (memcpy(buf, s + a, b - a), buf[b - a] = 0,
         !dt__parse_double(buf, v)) ||
        !isfinite(*v)) {
        dt__error_at(err, DT_ESCENARIO, rd->d->file, c->line, c->col,
                     "'%.*s' in column '%s' is not a number",
                     (int)(c->len > 40 ? 40 : c->len), s, column);
        return -1;
    }
    if (*v < lo || *v > hi) {
        dt__error_at(err, DT_ESCENARIO, rd->d->file, c->line, c->col,
                     "%g in column '%s' is outside %g-%g", *v, column, lo, hi);
        return -1;
    }
    return 1;
}

/* ---- The data set ----------------------------------------------------- */

/* Column roles found in the header. */
typedef struct deu_cols {
    size_t prnr, isnr, outcome, rp, intro, final; /* (size_t)-1 = absent */
    size_t rule;         /* counvte, the Council's voting rule; or absent */
    size_t *pcol, *scol; /* per actor: its p_ and s_ columns */
} deu_cols;

#define NO_COL ((size_t)-1)

int dt_deu_is_header(const char *header)
{
    const char *e = header;
    dt__csvr rd;
    dt__diag dg;
    size_t k;
    int ok, prnr = 0, isnr = 0, outcome = 0, pcol = 0;

    while (*e && *e != '\n')
        e++;
    csv_init(&rd, &dg, header, (size_t)(e - header), "", NULL, 512, NULL);
    ok = dt__csvr_record(&rd) == 1;
    for (k = 0; ok && k < rd.n_cells; k++) {
        prnr |= csv_is(&rd, k, "prnr");
        isnr |= csv_is(&rd, k, "isnr");
        outcome |= csv_is(&rd, k, "outcome");
        pcol |= csv_actor_col(&rd, k, 'p');
    }
    dt__csvr_release(&rd);
    return ok && prnr && isnr && outcome && pcol;
}

/* Cell k (skipping its first skip bytes) copied into the arena. */
static char *field_dup(dt__arena *ar, const dt__csvr *rd, size_t k, size_t skip)
{
    return dt__arena_strndup(ar, dt__csvr_text(rd, k) + skip,
                             rd->cells[k].len - skip);
}

/* Year of a YYYY-MM-DD cell: 1 with *year set, 0 blank, -1 error. */
static int parse_year(const dt__csvr *rd, size_t j, const char *column,
                      int *year, dt_error *err)
{
    const dt__csvr_cell *c = &rd->cells[j];
    const char *s = dt__csvr_text(rd, j);
    size_t k;

    if (c->len == 0)
        return 0;
    for (k = 0; k < 4 && k < c->len; k++)
        if (s[k] < '0' || s[k] > '9')
            break;
    if (k < 4 || (c->len > 4 && s[4] != '-')) {
        dt__error_at(err, DT_ESCENARIO, rd->d->file, c->line, c->col,
                     "'%.*s' in column '%s' is not a date (YYYY-MM-DD)",
                     (int)(c->len > 40 ? 40 : c->len), s, column);
        return -1;
    }
    *year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
            (s[3] - '0');
    return 1;
}

/* The header record in rd: column roles into cl, actors into d. */
static dt_status deu_header(dt_deu *d, const dt__csvr *rd, deu_cols *cl,
                            dt_error *err)
{
    static const char *const required[] = {"prnr", "isnr", "outcome", "rp"};
    const dt__csvr_cell *f = rd->cells;
    const char *name = rd->d->file;
    size_t nf = rd->n_cells, k, a, *req[4];

    cl->prnr = cl->isnr = cl->outcome = cl->rp = NO_COL;
    cl->intro = cl->final = cl->rule = NO_COL;
    req[0] = &cl->prnr;
    req[1] = &cl->isnr;
    req[2] = &cl->outcome;
    req[3] = &cl->rp;
    d->n_actors = 0;
    for (k = 0; k < nf; k++)
        d->n_actors += (size_t)csv_actor_col(rd, k, 'p');
    d->actors = dt__arena_alloc(&d->arena, (d->n_actors + 1) * sizeof(char *));
    cl->pcol = dt__arena_alloc(&d->arena, (d->n_actors + 1) * sizeof(size_t));
    cl->scol = dt__arena_alloc(&d->arena, (d->n_actors + 1) * sizeof(size_t));
    if (!d->actors || !cl->pcol || !cl->scol)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    a = 0;
    for (k = 0; k < nf; k++) {
        size_t r;

        for (r = 0; r < 4; r++)
            if (csv_is(rd, k, required[r]))
                *req[r] = k;
        if (csv_is(rd, k, "intro_date"))
            cl->intro = k;
        if (csv_is(rd, k, "final_act_date"))
            cl->final = k;
        if (csv_is(rd, k, "counvte"))
            cl->rule = k;
        if (csv_actor_col(rd, k, 'p')) {
            const char *pk = dt__csvr_text(rd, k);
            size_t j;

            d->actors[a] = field_dup(&d->arena, rd, k, 2);
            if (!d->actors[a])
                return dt__error_set(err, DT_ENOMEM, "out of memory");
            cl->pcol[a] = k;
            cl->scol[a] = NO_COL;
            for (j = 0; j < nf; j++)
                if (f[j].len == f[k].len && dt__csvr_text(rd, j)[0] == 's' &&
                    memcmp(dt__csvr_text(rd, j) + 1, pk + 1, f[k].len - 1) == 0)
                    cl->scol[a] = j;
            if (cl->scol[a] == NO_COL)
                return dt__error_at(err, DT_ESCENARIO, name, 1, f[k].col,
                                    "column 'p_%s' has no matching "
                                    "salience column 's_%s'",
                                    d->actors[a], d->actors[a]);
            a++;
        }
    }
    for (k = 0; k < nf; k++) {
        size_t j;
        int found = 0;

        if (!csv_actor_col(rd, k, 's'))
            continue;
        for (j = 0; j < d->n_actors; j++)
            found |= cl->scol[j] == k;
        if (!found)
            return dt__error_at(err, DT_ESCENARIO, name, 1, f[k].col,
                                "column '%.*s' has no matching position "
                                "column",
                                (int)f[k].len, dt__csvr_text(rd, k));
    }
    for (k = 0; k < 4; k++)
        if (*req[k] == NO_COL)
            return dt__error_at(err, DT_ESCENARIO, name, 1, 0,
                                "missing column '%s'", required[k]);
    if (d->n_actors == 0)
        return dt__error_at(err, DT_ESCENARIO, name, 1, 0,
                            "no actor columns (p_<actor>, s_<actor>)");
    return DT_OK;
}

/* Whether the n bytes at t begin with lowercase ASCII prefix p, any case. */
static int starts_ci(const char *t, size_t n, const char *p)
{
    size_t k;

    for (k = 0; p[k]; k++)
        if (k >= n || (t[k] | 0x20) != p[k])
            return 0;
    return 1;
}

/*
 * The Council's voting rule of cell k (DEU's `counvte`): "QMV" (also
 * "QMV(10)", the code of a few DEU I proposals) or "Unan"/"Unanimity";
 * anything else (blank included) is not coded.
 */
static dt_deu_rule parse_rule(const dt__csvr *rd, size_t k)
{
    const char *t;
    size_t n;

    if (k == NO_COL)
        return DT_DEU_RULE_UNKNOWN;
    t = dt__csvr_text(rd, k);
    n = rd->cells[k].len;
    if (starts_ci(t, n, "qmv"))
        return DT_DEU_RULE_QMV;
    if (starts_ci(t, n, "unan"))
        return DT_DEU_RULE_UNANIMITY;
    return DT_DEU_RULE_UNKNOWN;
}

/* The data record in rd into d->issues[d->n_issues]. */
static dt_status deu_row(dt_deu *d, const dt__csvr *rd, const deu_cols *cl,
                         double *xs, double *ss, dt_error *err)
{
    dt_deu_issue *is = &d->issues[d->n_issues];
    size_t a, n = 0, k;
    int rc, year = 0;
    double *x, *s;
    size_t *act;

    is->line = rd->rec_line;
    is->proposal = field_dup(&d->arena, rd, cl->prnr, 0);
    is->id = field_dup(&d->arena, rd, cl->isnr, 0);
    if (!is->proposal || !is->id)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    if (rd->cells[cl->prnr].len == 0)
        return dt__error_at(err, DT_ESCENARIO, rd->d->file, rd->rec_line,
                            rd->cells[cl->prnr].col,
                            "empty proposal id 'prnr'");
    rc = csv_number(rd, cl->outcome, "outcome", 0, 100, &is->outcome, err);
    if (rc < 0)
        return DT_ESCENARIO;
    is->has_outcome = rc;
    rc = csv_number(rd, cl->rp, "rp", 0, 100, &is->rp, err);
    if (rc < 0)
        return DT_ESCENARIO;
    is->has_rp = rc;
    /* The final act's date picks the period, else the proposal's. */
    rc = cl->final != NO_COL
             ? parse_year(rd, cl->final, "final_act_date", &year, err)
             : 0;
    is->final_year = rc > 0 ? year : 0;
    if (rc == 0 && cl->intro != NO_COL)
        rc = parse_year(rd, cl->intro, "intro_date", &year, err);
    if (rc < 0)
        return DT_ESCENARIO;
    is->year = year;
    is->rule = parse_rule(rd, cl->rule);
    for (a = 0; a < d->n_actors; a++) {
        char col[64];
        int hp, hs;

        snprintf(col, sizeof col, "p_%s", d->actors[a]);
        hp = csv_number(rd, cl->pcol[a], col, 0, 100, &xs[a], err);
        if (hp < 0)
            return DT_ESCENARIO;
        snprintf(col, sizeof col, "s_%s", d->actors[a]);
        hs = csv_number(rd, cl->scol[a], col, 0, 100, &ss[a], err);
        if (hs < 0)
            return DT_ESCENARIO;
        xs[a] = hp && hs ? xs[a] : DT__NAN;
        n += hp && hs;
    }
    is->n = n;
    act = dt__arena_alloc(&d->arena, (n + 1) * sizeof *act);
    x = dt__arena_alloc(&d->arena, (n + 1) * sizeof *x);
    s = dt__arena_alloc(&d->arena, (n + 1) * sizeof *s);
    if (!act || !x || !s)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    for (a = 0, k = 0; a < d->n_actors; a++) {
        if (isnan(xs[a]))
            continue;
        act[k] = a;
        x[k] = xs[a];
        s[k] = ss[a];
        k++;
    }
    is->actor = act;
    is->x = x;
    is->s = s;
    /* Proposals are dense indices in order of first appearance. */
    for (k = 0; k < d->n_issues; k++)
        if (strcmp(d->issues[k].proposal, is->proposal) == 0)
            break;
    is->proposal_index =
        k < d->n_issues ? d->issues[k].proposal_index : d->n_proposals++;
    d->n_issues++;
    return DT_OK;
}

dt_status dt_deu_parse(const char *buf, size_t len, const char *name,
                       const dt_allocator *alloc, dt_deu **out, dt_error *err)
{
    dt__csvr rd;
    dt__diag dg;
    size_t nf, cap_rows, k, na = 0;
    double *xs = NULL, *ss = NULL;
    deu_cols cl;
    dt_deu *d;
    dt_status rc;
    int r;

    *out = NULL;
    memset(&rd, 0, sizeof rd);
    d = dt__calloc(alloc, 1, sizeof *d);
    if (d) {
        d->alloc = alloc;
        dt__arena_init(&d->arena, alloc);
    }
    if (!d) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    d->name = dt__arena_strdup(&d->arena, name ? name : "");
    if (!d->name) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    name = d->name;
    csv_init(&rd, &dg, buf, len, name, alloc, 1024, err);
    r = dt__csvr_record(&rd);
    if (r != 1) {
        rc = r == 0 ? csv_failed(&rd, err)
                    : dt__error_at(err, DT_ESCENARIO, name, 1, 0,
                                   "empty file: expected the DEU header");
        goto out;
    }
    nf = rd.n_cells;
    rc = deu_header(d, &rd, &cl, err);
    if (rc != DT_OK)
        goto out;
    /*
     * At most one issue per LF, plus one per closing quote: the byte after
     * a closing quote ends a record whatever it is (DT__CSVR_RAW), so a
     * line may hold several. Counting LFs alone overflowed issues.
     */
    cap_rows = 1;
    for (k = 0; k < len; k++)
        cap_rows += buf[k] == '\n' || buf[k] == '"';
    d->issues = dt__arena_alloc(&d->arena, cap_rows * sizeof *d->issues);
    na = d->n_actors;
    xs = dt__alloc(alloc, na * sizeof *xs);
    ss = dt__alloc(alloc, na * sizeof *ss);
    if (!d->issues || !xs || !ss) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    d->n_cols = nf;
    while ((r = csv_next(&rd, &rc, err)) > 0) {
        size_t got = rd.n_cells;

        if (got != nf) {
            rc = dt__error_at(err, DT_ESCENARIO, name, rd.rec_line,
                              rd.cells[got - 1].col,
                              "%zu fields, but the header has %zu", got, nf);
            goto out;
        }
        rc = deu_row(d, &rd, &cl, xs, ss, err);
        if (rc != DT_OK)
            goto out;
    }
    if (r < 0)
        goto out;
    *out = d;
    d = NULL;
    rc = DT_OK;
out:
    dt__csvr_release(&rd);
    dt__free(alloc, xs, na * sizeof *xs);
    dt__free(alloc, ss, na * sizeof *ss);
    dt_deu_free(d);
    return rc;
}

dt_status dt_deu_load(const char *path, const dt_allocator *alloc, dt_deu **out,
                      dt_error *err)
{
    char *buf;
    size_t len, cap;
    dt_status rc;

    *out = NULL;
    rc = dt__read_file(path, DEU_MAX_BYTES, alloc, &buf, &len, &cap, err);
    if (rc != DT_OK)
        return rc;
    rc = dt_deu_parse(buf, len, path, alloc, out, err);
    dt__free(alloc, buf, cap);
    return rc;
}

void dt_deu_free(dt_deu *d)
{
    const dt_allocator *alloc;

    if (!d)
        return;
    alloc = d->alloc;
    dt__arena_release(&d->arena);
    dt__free(alloc, d, sizeof *d);
}

size_t dt_deu_n_issues(const dt_deu *d)
{
    return d->n_issues;
}

const dt_deu_issue *dt_deu_issue_at(const dt_deu *d, size_t i)
{
    return i < d->n_issues ? &d->issues[i] : NULL;
}

size_t dt_deu_n_actors(const dt_deu *d)
{
    return d->n_actors;
}

const char *dt_deu_actor(const dt_deu *d, size_t a)
{
    return a < d->n_actors ? d->actors[a] : NULL;
}

size_t dt_deu_n_proposals(const dt_deu *d)
{
    return d->n_proposals;
}

const char *dt_deu_name(const dt_deu *d)
{
    return d->name;
}

/* ---- Capability ------------------------------------------------------- */

/* One member state's weight in the three periods of the data README. */
typedef struct council_row {
    const char *code; /* DEU column suffix */
    double pre_nice;  /* up to 2004 (0 = not a member then) */
    double nice;      /* 2005-2014 */
    double pop2015;   /* from 2015: population, millions, 1 Jan 2015 */
} council_row;

/*
 * Pre-Nice and Nice weights of the Council (Treaties of Amsterdam and Nice; DEU
 * codes: "bu" is Bulgaria, "cr" Croatia, "el" Greece). Populations:
 * Eurostat (demo_gind), 1 January 2015, in millions.
 */
static const council_row council[] = {
    {"de", 10, 29, 81.20}, {"fr", 10, 29, 66.42}, {"it", 10, 29, 60.80},
    {"uk", 10, 29, 64.88}, {"es", 8, 27, 46.45},  {"pl", 0, 27, 38.01},
    {"ro", 0, 14, 19.87},  {"nl", 5, 13, 16.90},  {"be", 5, 12, 11.24},
    {"cz", 0, 12, 10.54},  {"el", 5, 12, 10.86},  {"hu", 0, 12, 9.86},
    {"pt", 5, 12, 10.37},  {"at", 4, 10, 8.58},   {"bu", 0, 10, 7.20},
    {"se", 4, 10, 9.75},   {"dk", 3, 7, 5.66},    {"ie", 3, 7, 4.63},
    {"lt", 0, 7, 2.92},    {"sk", 0, 7, 5.42},    {"fi", 3, 7, 5.47},
    {"cr", 0, 7, 4.23},    {"ee", 0, 4, 1.31},    {"lv", 0, 4, 1.99},
    {"si", 0, 4, 2.06},    {"cy", 0, 4, 0.85},    {"lu", 2, 4, 0.56},
    {"mt", 0, 3, 0.43},
};

#define N_COUNCIL (sizeof council / sizeof council[0])

static double council_period(const council_row *r, int year)
{
    if (year <= 2004)
        return r->pre_nice;
    if (year <= 2014)
        return r->nice;
    return r->pop2015;
}

double dt_deu_council_weight(const char *code, int year)
{
    double max = 0.0;
    size_t k;

    for (k = 0; k < N_COUNCIL; k++)
        if (council_period(&council[k], year) > max)
            max = council_period(&council[k], year);
    /* The Commission and Parliament get the largest member's weight. */
    if (strcmp(code, "com") == 0 || strcmp(code, "ep") == 0)
        return 100.0;
    for (k = 0; k < N_COUNCIL; k++)
        if (strcmp(code, council[k].code) == 0)
            return 100.0 * council_period(&council[k], year) / max;
    return -1.0;
}

dt_status dt_deu_capability_load(const dt_deu *d, const char *path,
                                 double **out, dt_error *err)
{
    char *buf = NULL;
    size_t len, cap, i, a;
    dt__csvr rd;
    dt__diag dg;
    const dt__csvr_cell *f;
    double *v = NULL;
    unsigned char *seen = NULL;
    dt_status rc;
    int r;

    *out = NULL;
    rc = dt__read_file(path, DEU_MAX_BYTES, d->alloc, &buf, &len, &cap, err);
    if (rc != DT_OK)
        return rc;
    csv_init(&rd, &dg, buf, len, path, d->alloc, 8, err);
    /* Sizes as dt_deu_capability_free and the end of this function free. */
    v = dt__calloc(d->alloc, d->n_actors + 1, sizeof *v);
    seen = dt__calloc(d->alloc, d->n_actors + 1, sizeof *seen);
    if (!v || !seen) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    r = dt__csvr_record(&rd);
    if (r == 0 || (r == 1 && (rd.n_cells != 2 || !csv_is(&rd, 0, "actor") ||
                              !csv_is(&rd, 1, "capability")))) {
        rc = r == 0 ? csv_failed(&rd, err)
                    : dt__error_at(err, DT_ESCENARIO, path, 1, 1,
                                   "expected the header 'actor,capability'");
        goto out;
    }
    if (r < 0) {
        rc = dt__error_at(err, DT_ESCENARIO, path, 1, 0,
                          "empty capability table");
        goto out;
    }
    while ((r = csv_next(&rd, &rc, err)) > 0) {
        double c;

        if (rd.n_cells != 2) {
            rc = dt__error_at(err, DT_ESCENARIO, path, rd.rec_line, 1,
                              "expected 2 fields (actor,capability), got "
                              "%zu",
                              rd.n_cells);
            goto out;
        }
        f = rd.cells;
        for (a = 0; a < d->n_actors; a++)
            if (csv_is(&rd, 0, d->actors[a]))
                break;
        if (a == d->n_actors) {
            rc = dt__error_at(err, DT_ESCENARIO, path, rd.rec_line, f[0].col,
                              "unknown actor '%.*s' (not a column of '%s')",
                              (int)(f[0].len > 40 ? 40 : f[0].len),
                              dt__csvr_text(&rd, 0), d->name);
            goto out;
        }
        if (seen[a]) {
            rc = dt__error_at(err, DT_ESCENARIO, path, rd.rec_line, f[0].col,
                              "actor '%s' is listed twice", d->actors[a]);
            goto out;
        }
        r = csv_number(&rd, 1, "capability", 0, 1e300, &c, err);
        if (r <= 0) {
            rc = r < 0 ? DT_ESCENARIO
                       : dt__error_at(err, DT_ESCENARIO, path, rd.rec_line,
                                      f[1].col, "missing capability for '%s'",
                                      d->actors[a]);
            goto out;
        }
        seen[a] = 1;
        v[a] = c;
    }
    if (r < 0)
        goto out;
    /* Every actor coded somewhere in the data needs a value. */
    for (i = 0; i < d->n_issues; i++) {
        const dt_deu_issue *is = &d->issues[i];
        size_t k;

        for (k = 0; k < is->n; k++)
            if (!seen[is->actor[k]]) {
                rc = dt__error_at(err, DT_ESCENARIO, path, 0, 0,
                                  "no capability for actor '%s' (coded "
                                  "in '%s' line %u)",
                                  d->actors[is->actor[k]], d->name, is->line);
                goto out;
            }
    }
    *out = v;
    v = NULL;
    rc = DT_OK;
out:
    dt_deu_capability_free(d, v);
    dt__free(d->alloc, seen, (d->n_actors + 1) * sizeof *seen);
    dt__csvr_release(&rd);
    dt__free(d->alloc, buf, cap);
    return rc;
}

void dt_deu_capability_free(const dt_deu *d, double *v)
{
    if (d && v)
        dt__free(d->alloc, v, (d->n_actors + 1) * sizeof *v);
}
