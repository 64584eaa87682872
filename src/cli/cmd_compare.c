/*
 * detente compare A.yaml B.yaml [...]: scenarios side by side, one column
 * each - who sat at the table and who was left out, the issues, pressure
 * tools, status quo and deal per issue, agreement, durability, spoilers,
 * the strongest lever and the observed outcome - as a terminal table,
 * Markdown, CSV or JSON.
 */
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_out.h"

enum cmp_format { CMP_TABLE, CMP_MARKDOWN, CMP_CSV, CMP_JSON };

/* The comparison as a grid of strings: rows x (1 + n) cells. */
struct grid {
    size_t n;     /* scenarios (columns after the row label) */
    size_t rows;  /* rows used */
    size_t cap;   /* rows allocated */
    char **cells; /* rows x (1 + n), malloc'd strings or NULL */
    char **keys;  /* rows: machine-readable row keys */
};

static void compare_usage(FILE *f)
{
    fputs("usage: detente compare A.yaml B.yaml [...] [options]\n\n"
          "Compares summits side by side, one column per scenario: the "
          "table and\nwho was left out, issues, pressure tools, status quo "
          "and deal per issue,\nagreement and surplus, durability and "
          "spoilers, the strongest lever and\nthe observed outcome.\n\n"
          "options:\n"
          "  --model NAME        forecast model for the analysis: eu "
          "(default),\n"
          "                      mean or median\n"
          "  --weights W         Nash weights: equal (default) or "
          "capability\n"
          "  --format FMT        table (default), markdown, csv or json\n"
          "  -o, --out FILE      write to FILE (atomically) instead of "
          "stdout\n"
          "\nexit codes: 0 ok, 2 usage, 3 invalid scenario, 4 I/O, 70 "
          "internal.\n",
          f);
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);

    if (p)
        memcpy(p, s, n);
    return p;
}

/* Row index of key, adding it (with label) when new; SIZE_MAX on OOM. */
static size_t grid_row(struct grid *g, const char *key, const char *label)
{
    size_t r;

    for (r = 0; r < g->rows; r++)
        if (strcmp(g->keys[r], key) == 0)
            return r;
    if (g->rows == g->cap) {
        size_t cap = g->cap ? 2 * g->cap : 32;
        char **c = realloc(g->cells, cap * (g->n + 1) * sizeof *c);
        char **k;

        if (!c)
            return (size_t)-1;
        g->cells = c;
        k = realloc(g->keys, cap * sizeof *k);
        if (!k)
            return (size_t)-1;
        g->keys = k;
        memset(g->cells + g->cap * (g->n + 1), 0,
               (cap - g->cap) * (g->n + 1) * sizeof *c);
        g->cap = cap;
    }
    g->keys[g->rows] = xstrdup(key);
    g->cells[g->rows * (g->n + 1)] = xstrdup(label);
    return g->rows++;
}

static void put(struct grid *g, const char *key, const char *label, size_t col,
                const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void put(struct grid *g, const char *key, const char *label, size_t col,
                const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    size_t r = grid_row(g, key, label);

    if (r == (size_t)-1)
        return;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    free(g->cells[r * (g->n + 1) + 1 + col]);
    g->cells[r * (g->n + 1) + 1 + col] = xstrdup(buf);
}

static void grid_free(struct grid *g)
{
    size_t i;

    for (i = 0; i < g->rows * (g->n + 1); i++)
        free(g->cells[i]);
    for (i = 0; i < g->rows; i++)
        free(g->keys[i]);
    free(g->cells);
    free(g->keys);
}

/* Comma-separated ids of the actors with the given role. */
static void actors_with(const dt_scenario *sc, dt_role role, char *buf,
                        size_t n)
{
    size_t a, len = 0;

    buf[0] = '\0';
    for (a = 0; a < dt_scenario_n_actors(sc) && len < n; a++) {
        const dt_actor *ac = dt_scenario_actor(sc, a);

        if (ac->role != role)
            continue;
        len += (size_t)snprintf(buf + len, n - len, "%s%s", len ? ", " : "",
                                ac->id);
    }
    if (!buf[0])
        snprintf(buf, n, "none");
}

/*
 * Fill column col in four phases, so that rows keep one order across
 * scenarios: 0 = who and what, 1 = status quo per issue, 2 = deal per
 * issue (shared issue ids share a row), 3 = verdicts, levers, outcome.
 */
static void fill_column(struct grid *g, size_t col, const dt_scenario *sc,
                        const dt_analysis *an, int phase)
{
    const dt_analysis_run *r = &an->base;
    const dt_outcome *oc = dt_scenario_outcome(sc);
    char buf[1024], key[300], label[300];
    size_t q, k, len;

    if (phase == 1)
        goto status_quo;
    if (phase == 2)
        goto deal;
    if (phase == 3)
        goto verdicts;
    put(g, "scenario", "scenario", col, "%s", dt_scenario_name(sc));
    put(g, "date", "date", col, "%s",
        dt_scenario_date(sc) ? dt_scenario_date(sc) : "-");
    actors_with(sc, DT_ROLE_TABLE, buf, sizeof buf);
    put(g, "at_table", "at the table", col, "%s", buf);
    actors_with(sc, DT_ROLE_EXCLUDED, buf, sizeof buf);
    put(g, "left_out", "left out", col, "%s", buf);
    buf[0] = '\0';
    for (q = 0, len = 0; q < r->n_issues && len < sizeof buf; q++)
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s",
                                q ? ", " : "", dt_scenario_issue(sc, q)->id);
    put(g, "issues", "issues", col, "%s", buf);
    buf[0] = '\0';
    for (k = 0, len = 0; k < dt_scenario_n_levers(sc) && len < sizeof buf;
         k++) {
        const dt_lever *lv = dt_scenario_lever(sc, k);

        len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s (%s)",
                                k ? ", " : "", lv->id,
                                dt_scenario_actor(sc, lv->by)->id);
    }
    put(g, "pressure_tools", "pressure tools", col, "%s",
        buf[0] ? buf : "none");
    return;
status_quo:
    for (q = 0; q < r->n_issues; q++) {
        const dt_issue *is = dt_scenario_issue(sc, q);

        snprintf(key, sizeof key, "status_quo.%s", is->id);
        snprintf(label, sizeof label, "status quo: %s", is->id);
        if (is->has_status_quo)
            put(g, key, label, col, "%.1f", is->status_quo.v);
        else
            put(g, key, label, col, "none");
    }
    return;
deal:
    for (q = 0; q < r->n_issues; q++) {
        const dt_issue *is = dt_scenario_issue(sc, q);

        snprintf(key, sizeof key, "deal.%s", is->id);
        snprintf(label, sizeof label, "deal: %s", is->id);
        if (r->deal.found)
            put(g, key, label, col, "%.1f", r->deal.point[q]);
        else
            put(g, key, label, col, "no deal");
    }
    return;
verdicts:
    put(g, "agreement", "agreement feasible", col, "%s",
        r->zone.feasible ? "yes" : "no");
    if (isfinite(r->zone.surplus))
        put(g, "surplus", "max-min surplus", col, "%.2f", r->zone.surplus);
    else
        put(g, "surplus", "max-min surplus", col, "n/a");
    an_verdict(sc, r, buf, sizeof buf);
    put(g, "verdict", "why", col, "%s", buf);
    if (isfinite(r->durability))
        put(g, "durability", "durability", col, "%.2f (of the %s)",
            r->durability, r->deal.found ? "deal" : "best offer");
    else
        put(g, "durability", "durability", col, "n/a");
    buf[0] = '\0';
    for (k = 0, len = 0; k < r->n_spoilers && k < 3 && len < sizeof buf; k++)
        len +=
            (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", k ? ", " : "",
                             dt_scenario_actor(sc, r->spoilers[k])->id);
    put(g, "spoilers", "top spoilers", col, "%s", buf[0] ? buf : "none");
    if (an->n_effects > 0) {
        const dt_lever_effect *e = &an->effects[an->rank[0]];
        char name[256];

        an_effect_name(sc, e, name, sizeof name);
        an_effect_summary(sc, e, buf, sizeof buf);
        put(g, "strongest_lever", "strongest lever", col, "%s: %s", name, buf);
    } else
        put(g, "strongest_lever", "strongest lever", col, "none");
    put(g, "outcome", "observed outcome", col, "%s",
        oc && oc->description ? oc->description : "not recorded");
}

/* ----- Writers ----- */

static const char *cell(const struct grid *g, size_t r, size_t c)
{
    const char *s = g->cells[r * (g->n + 1) + c];

    return s ? s : "-";
}

/* Print line without its trailing blanks, then a newline. */
static void put_trimmed(FILE *f, char *line)
{
    size_t n = strlen(line);

    while (n > 0 && line[n - 1] == ' ')
        line[--n] = '\0';
    fputs(line, f);
    fputc('\n', f);
}

/* Terminal: label column, then wrapped columns of fixed width. */
static void write_table(FILE *f, const struct grid *g)
{
    const size_t cw = 40;
    size_t r, c, lw = 10;
    char line[4096];

    for (r = 0; r < g->rows; r++)
        if (strlen(cell(g, r, 0)) + 2 > lw)
            lw = strlen(cell(g, r, 0)) + 2;
    for (r = 0; r < g->rows; r++) {
        size_t off[64] = {0};
        int more = 1, first = 1;

        while (more) {
            size_t len;

            more = 0;
            len = (size_t)snprintf(line, sizeof line, "%-*s", (int)lw,
                                   first ? cell(g, r, 0) : "");
            for (c = 1; c <= g->n && c < 64; c++) {
                const char *s = cell(g, r, c) + off[c];
                size_t take = strlen(s);

                if (take > cw - 2) {
                    take = cw - 2;
                    while (take > 0 && s[take] != ' ')
                        take--;
                    if (take == 0)
                        take = cw - 2;
                }
                if (len < sizeof line)
                    len += (size_t)snprintf(line + len, sizeof line - len,
                                            "  %-*.*s", (int)(cw - 2),
                                            (int)take, s);
                off[c] += take;
                while (cell(g, r, c)[off[c]] == ' ')
                    off[c]++;
                if (cell(g, r, c)[off[c]])
                    more = 1;
            }
            put_trimmed(f, line);
            first = 0;
        }
    }
}

static void md_escape(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '|')
            fputc('\\', f);
        fputc(*s == '\n' ? ' ' : *s, f);
    }
}

static void write_markdown(FILE *f, const struct grid *g)
{
    size_t r, c;

    for (r = 0; r < g->rows; r++) {
        fputs("|", f);
        for (c = 0; c <= g->n; c++) {
            fputc(' ', f);
            if (r == 0 && c == 0)
                fputs("dimension", f);
            else
                md_escape(f, cell(g, r, c));
            fputs(" |", f);
        }
        fputc('\n', f);
        if (r == 0) {
            fputs("|", f);
            for (c = 0; c <= g->n; c++)
                fputs("---|", f);
            fputc('\n', f);
        }
    }
}

static void csv_field(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void write_csv(FILE *f, const struct grid *g)
{
    size_t r, c;

    for (r = 0; r < g->rows; r++) {
        csv_field(f, r == 0 ? "dimension" : g->keys[r]);
        for (c = 1; c <= g->n; c++) {
            fputc(',', f);
            csv_field(f, cell(g, r, c));
        }
        fputc('\n', f);
    }
}

/* JSON: one object per scenario, keyed by row key, plus the row labels. */
static int write_json(FILE *f, const struct grid *g, json_t *analyses)
{
    json_t *doc = json_object(), *cols = json_array(), *rows = json_array();
    size_t r, c;
    int rc;

    for (r = 0; r < g->rows; r++)
        json_array_append_new(rows, json_pack("{s:s,s:s}", "key", g->keys[r],
                                              "label", cell(g, r, 0)));
    for (c = 1; c <= g->n; c++) {
        json_t *o = json_object();

        for (r = 0; r < g->rows; r++)
            json_object_set_new(o, g->keys[r],
                                g->cells[r * (g->n + 1) + c]
                                    ? json_string(cell(g, r, c))
                                    : json_null());
        json_object_set(o, "analysis", json_array_get(analyses, c - 1));
        json_array_append_new(cols, o);
    }
    json_object_set_new(doc, "rows", rows);
    json_object_set_new(doc, "scenarios", cols);
    rc = json_dumpf(
        doc, f, JSON_INDENT(2) | JSON_REAL_PRECISION(17) | JSON_PRESERVE_ORDER);
    fputc('\n', f);
    json_decref(doc);
    return rc;
}

enum { OPT_MODEL = 256, OPT_WEIGHTS, OPT_FORMAT };

static int parse_args(int argc, char **argv, enum cmp_format *fmt,
                      dt_analysis_opts *opts, const char **outp)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {"out", required_argument, NULL, 'o'},
        {"model", required_argument, NULL, OPT_MODEL},
        {"weights", required_argument, NULL, OPT_WEIGHTS},
        {"format", required_argument, NULL, OPT_FORMAT},
        {NULL, 0, NULL, 0},
    };
    static const char *const fmts[] = {"table", "markdown", "csv", "json",
                                       NULL};
    static const char *const weight_names[] = {"equal", "capability", NULL};

    optind = 1;
    opterr = 0;
    for (;;) {
        int c = getopt_long(argc, argv, "ho:", longopts, NULL), i;

        if (c == -1)
            break;
        switch (c) {
        case 'h':
            compare_usage(stdout);
            return -1;
        case 'o':
            *outp = optarg;
            break;
        case OPT_MODEL:
            opts->model = dt_model_find(optarg);
            if (!opts->model) {
                cli_error("unknown model '%s' (expected eu, mean or "
                          "median)",
                          optarg);
                return CLI_USAGE;
            }
            break;
        case OPT_WEIGHTS:
            /* In dt_nash_weights order. */
            if (!cli_choice("weights", optarg, weight_names, &i))
                return CLI_USAGE;
            opts->weights = (dt_nash_weights)i;
            break;
        case OPT_FORMAT:
            /* In enum cmp_format order. */
            if (!cli_choice("format", optarg, fmts, &i))
                return CLI_USAGE;
            *fmt = (enum cmp_format)i;
            break;
        default:
            cli_error("bad option '%s'; see 'detente compare --help'",
                      argv[optind - 1]);
            return CLI_USAGE;
        }
    }
    if (argc - optind < 1) {
        cli_error("compare takes one or more scenario files; see 'detente "
                  "compare --help'");
        return CLI_USAGE;
    }
    return CLI_OK;
}

int cmd_compare(int argc, char **argv)
{
    dt_analysis_opts opts = DT_ANALYSIS_OPTS_INIT;
    enum cmp_format fmt = CMP_TABLE;
    const char *outp = NULL;
    struct grid g;
    json_t *analyses = json_array();
    cli_out out = {0};
    dt_scenario **scs = NULL;
    dt_analysis **ans = NULL;
    size_t i;
    int rc, phase;

    memset(&g, 0, sizeof g);
    rc = parse_args(argc, argv, &fmt, &opts, &outp);
    if (rc != CLI_OK) {
        rc = rc < 0 ? CLI_OK : rc;
        goto out;
    }
    g.n = (size_t)(argc - optind);
    scs = calloc(g.n, sizeof *scs);
    ans = calloc(g.n, sizeof *ans);
    if (!scs || !ans) {
        cli_error("out of memory");
        rc = CLI_INTERNAL;
        goto out;
    }
    for (i = 0; i < g.n; i++) {
        const char *path = argv[optind + (int)i];
        dt_error err;
        dt_status st;

        rc = cli_load(path, &scs[i]);
        if (rc != CLI_OK)
            goto out;
        st = dt_analyze(scs[i], &opts, &ans[i], &err);
        if (st != DT_OK) {
            rc = cli_analysis_error(path, st, &err);
            goto out;
        }
        if (fmt == CMP_JSON)
            json_array_append_new(analyses, an_json(scs[i], ans[i]));
    }
    for (phase = 0; phase < 4; phase++)
        for (i = 0; i < g.n; i++)
            fill_column(&g, i, scs[i], ans[i], phase);
    rc = cli_out_open(&out, outp);
    if (rc != CLI_OK)
        goto out;
    if (fmt == CMP_TABLE)
        write_table(out.f, &g);
    else if (fmt == CMP_MARKDOWN)
        write_markdown(out.f, &g);
    else if (fmt == CMP_CSV)
        write_csv(out.f, &g);
    else if (write_json(out.f, &g, analyses) != 0)
        rc = CLI_IO;
    {
        int rc2 = cli_out_close(&out, rc == CLI_OK);

        if (rc == CLI_OK)
            rc = rc2;
    }
out:
    for (i = 0; (scs || ans) && i < g.n; i++) {
        if (ans)
            dt_analysis_free(ans[i]);
        if (scs)
            dt_scenario_free(scs[i]);
    }
    free(scs);
    free(ans);
    grid_free(&g);
    json_decref(analyses);
    return rc;
}
