/*
 * The comparison of scenarios (analysis.h, dt_compare): a grid of rows
 * (key, label) and one column per scenario, filled in five passes over
 * the scenarios so that every scenario's rows keep one order: who and
 * what, the status quo per issue, the deal per issue (shared issue ids
 * share a row), then verdicts, levers and the outcome, then the scores
 * against the outcome (score.h) when a scenario records one. Cells live in the
 * comparison's arena.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "analysis_int.h"
#include "detente/forecast.h"
#include "detente/score.h"

struct dt_compare {
    const dt_allocator *alloc; /* hook (the first scenario's) */
    dt__arena ar;              /* keys, labels, cells */
    size_t n;                  /* scenarios (columns) */
    const dt_scenario **sc;    /* n, borrowed */
    const dt_analysis **an;    /* n, borrowed, NULL = no analysis */
    size_t rows;               /* rows used */
    size_t cap;                /* rows allocated */
    const char **key;          /* cap row keys */
    const char **label;        /* cap row labels */
    const char **cell;         /* cap x n cells, NULL = none */
    int oom;                   /* an allocation failed */
};

/* An arena copy of a printf-style string; NULL (and oom) on failure. */
static const char *fmt(dt_compare *c, const char *f, ...)
    __attribute__((format(printf, 2, 3)));
static const char *fmt(dt_compare *c, const char *f, ...)
{
    va_list ap;
    char *s;
    int k;

    va_start(ap, f);
    k = vsnprintf(NULL, 0, f, ap);
    va_end(ap);
    s = k < 0 ? NULL : dt__arena_alloc(&c->ar, (size_t)k + 1);
    if (!s) {
        c->oom = 1;
        return NULL;
    }
    va_start(ap, f);
    vsnprintf(s, (size_t)k + 1, f, ap);
    va_end(ap);
    return s;
}

/* Row index of key, added (with label) when new; (size_t)-1 on OOM. */
static size_t row(dt_compare *c, const char *key, const char *label)
{
    size_t r;

    if (!key || !label) {
        c->oom = 1;
        return (size_t)-1;
    }
    for (r = 0; r < c->rows; r++)
        if (strcmp(c->key[r], key) == 0)
            return r;
    if (c->rows == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 32;
        const char **k = dt__alloc(c->alloc, cap * sizeof *k);
        const char **l = dt__alloc(c->alloc, cap * sizeof *l);
        const char **cl = dt__calloc(c->alloc, cap * c->n, sizeof *cl);

        if (!k || !l || !cl) {
            dt__free(c->alloc, k, cap * sizeof *k);
            dt__free(c->alloc, l, cap * sizeof *l);
            dt__free(c->alloc, cl, cap * c->n * sizeof *cl);
            c->oom = 1;
            return (size_t)-1;
        }
        if (c->rows) {
            memcpy(k, c->key, c->rows * sizeof *k);
            memcpy(l, c->label, c->rows * sizeof *l);
            memcpy(cl, c->cell, c->rows * c->n * sizeof *cl);
        }
        dt__free(c->alloc, c->key, c->cap * sizeof *k);
        dt__free(c->alloc, c->label, c->cap * sizeof *l);
        dt__free(c->alloc, c->cell, c->cap * c->n * sizeof *cl);
        c->key = k;
        c->label = l;
        c->cell = cl;
        c->cap = cap;
    }
    c->key[c->rows] = key;
    c->label[c->rows] = label;
    return c->rows++;
}

/* Set the cell of (key, label) in column j to s (arena string). */
static void put(dt_compare *c, const char *key, const char *label, size_t j,
                const char *s)
{
    size_t r = row(c, key, label);

    if (r == (size_t)-1)
        return;
    if (!s)
        c->oom = 1;
    c->cell[r * c->n + j] = s;
}

/* An arena copy of the verdict on run r. */
static const char *verdict(dt_compare *c, const dt_scenario *sc,
                           const dt_analysis_run *r)
{
    size_t len = dt_analysis_verdict(sc, r, NULL, 0);
    char *s = dt__arena_alloc(&c->ar, len + 1);

    if (!s) {
        c->oom = 1;
        return NULL;
    }
    dt_analysis_verdict(sc, r, s, len + 1);
    return s;
}

/* "id: summary" of lever effect e. */
static const char *lever(dt_compare *c, const dt_scenario *sc,
                         const dt_lever_effect *e)
{
    size_t ln = dt_analysis_effect_name(sc, e, NULL, 0);
    size_t ls = dt_analysis_effect_summary(sc, e, NULL, 0);
    char *s = dt__arena_alloc(&c->ar, ln + 2 + ls + 1);

    if (!s) {
        c->oom = 1;
        return NULL;
    }
    dt_analysis_effect_name(sc, e, s, ln + 1);
    memcpy(s + ln, ": ", 2);
    dt_analysis_effect_summary(sc, e, s + ln + 2, ls + 1);
    return s;
}

/* Comma-separated ids of the actors with the given role, or "none". */
static const char *actors_with(dt_compare *c, const dt_scenario *sc,
                               dt_role role)
{
    const char *s = "";
    size_t a;

    for (a = 0; a < dt_scenario_n_actors(sc) && s; a++) {
        const dt_actor *ac = dt_scenario_actor(sc, a);

        if (ac->role == role)
            s = fmt(c, "%s%s%s", s, *s ? ", " : "", ac->id);
    }
    return s && !*s ? "none" : s;
}

/* Who sat at the table and who was left out, the issues, the levers. */
static void who_and_what(dt_compare *c, size_t j)
{
    const dt_scenario *sc = c->sc[j];
    const char *s = "";
    size_t q, k;

    put(c, "scenario", "scenario", j, fmt(c, "%s", dt_scenario_name(sc)));
    put(c, "date", "date", j,
        dt_scenario_date(sc) ? fmt(c, "%s", dt_scenario_date(sc)) : "-");
    put(c, "at_table", "at the table", j, actors_with(c, sc, DT_ROLE_TABLE));
    put(c, "left_out", "left out", j, actors_with(c, sc, DT_ROLE_EXCLUDED));
    for (q = 0; q < dt_scenario_n_issues(sc) && s; q++)
        s = fmt(c, "%s%s%s", s, q ? ", " : "", dt_scenario_issue(sc, q)->id);
    put(c, "issues", "issues", j, s);
    s = "";
    for (k = 0; k < dt_scenario_n_levers(sc) && s; k++) {
        const dt_lever *lv = dt_scenario_lever(sc, k);

        s = fmt(c, "%s%s%s (%s)", s, k ? ", " : "", lv->id,
                dt_scenario_actor(sc, lv->by)->id);
    }
    put(c, "pressure_tools", "pressure tools", j, s && !*s ? "none" : s);
}

static void status_quo(dt_compare *c, size_t j)
{
    const dt_scenario *sc = c->sc[j];
    size_t q;

    for (q = 0; q < dt_scenario_n_issues(sc); q++) {
        const dt_issue *is = dt_scenario_issue(sc, q);

        put(c, fmt(c, "status_quo.%s", is->id),
            fmt(c, "status quo: %s", is->id), j,
            is->has_status_quo ? fmt(c, "%.1f", is->status_quo.v) : "none");
    }
}

static void deal(dt_compare *c, size_t j)
{
    const dt_scenario *sc = c->sc[j];
    const dt_analysis *an = c->an[j];
    size_t q;

    for (q = 0; q < dt_scenario_n_issues(sc); q++) {
        const dt_issue *is = dt_scenario_issue(sc, q);

        put(c, fmt(c, "deal.%s", is->id), fmt(c, "deal: %s", is->id), j,
            !an                   ? "n/a"
            : an->base.deal.found ? fmt(c, "%.1f", an->base.deal.point[q])
                                  : "no deal");
    }
}

/* The rows of the analysis when there is none: "n/a". */
static const char *const verdict_rows[][2] = {
    {"agreement", "agreement feasible"},
    {"surplus", "max-min surplus"},
    {"verdict", "why"},
    {"durability", "durability"},
    {"spoilers", "top spoilers"},
    {"strongest_lever", "strongest lever"}};

static void verdicts(dt_compare *c, size_t j)
{
    const dt_scenario *sc = c->sc[j];
    const dt_analysis *an = c->an[j];
    const dt_outcome *oc = dt_scenario_outcome(sc);
    const dt_analysis_run *r;
    const char *s = "";
    size_t k;

    if (!an) {
        for (k = 0; k < sizeof verdict_rows / sizeof verdict_rows[0]; k++)
            put(c, verdict_rows[k][0], verdict_rows[k][1], j, "n/a");
        goto outcome;
    }
    r = &an->base;
    put(c, "agreement", "agreement feasible", j,
        r->zone.feasible ? "yes" : "no");
    put(c, "surplus", "max-min surplus", j,
        isfinite(r->zone.surplus) ? fmt(c, "%.2f", r->zone.surplus) : "n/a");
    put(c, "verdict", "why", j, verdict(c, sc, r));
    put(c, "durability", "durability", j,
        isfinite(r->durability) ? fmt(c, "%.2f (of the %s)", r->durability,
                                      r->deal.found ? "deal" : "best offer")
                                : "n/a");
    for (k = 0; k < r->n_spoilers && k < 3 && s; k++)
        s = fmt(c, "%s%s%s", s, k ? ", " : "",
                dt_scenario_actor(sc, r->spoilers[k])->id);
    put(c, "spoilers", "top spoilers", j, s && !*s ? "none" : s);
    put(c, "strongest_lever", "strongest lever", j,
        an->n_effects > 0 ? lever(c, sc, &an->effects[an->rank[0]]) : "none");
outcome:
    put(c, "outcome", "observed outcome", j,
        oc && oc->description ? fmt(c, "%s", oc->description) : "not recorded");
}

/*
 * Against what happened (score.h; docs/accuracy.md, "Scoring a
 * scenario"), for a scenario that records an outcome: each one-issue
 * model's mean absolute error over the observed issues (default model
 * options), the analysis deal's, and whether the zone verdict matched.
 * A scenario without an outcome leaves these rows empty ("-").
 */
static void scores(dt_compare *c, size_t j)
{
    const dt_scenario *sc = c->sc[j];
    const dt_analysis *an = c->an[j];
    dt_forecast_opts fo = DT_FORECAST_OPTS_INIT;
    dt_forecast *fc = NULL;
    dt_status st;
    size_t m, n;
    double e;
    int v;

    if (!dt_score_has_outcome(sc))
        return;
    fo.trace = 0;
    st = dt_forecast_new(sc, NULL, 0, &fo, &fc, NULL);
    if (st == DT_ENOMEM) {
        c->oom = 1;
        return;
    }
    for (m = 0; fc && m < dt_forecast_n_models(fc); m++) {
        const char *name = dt_forecast_model_name(fc, m);

        e = dt_score_mae(fc, m, &n);
        put(c, fmt(c, "error.%s", name), fmt(c, "error: %s", name), j,
            isfinite(e) ? fmt(c, "%.2f (%zu issue%s)", e, n, n == 1 ? "" : "s")
                        : "n/a");
    }
    dt_forecast_free(fc);
    if (!an) {
        put(c, "error.deal", "error: deal", j, "n/a");
        put(c, "verdict_vs_outcome", "zone verdict vs outcome", j, "n/a");
        return;
    }
    e = an->base.deal.found ? dt_score_points_mae(sc, an->base.deal.point, &n)
                            : (double)NAN;
    put(c, "error.deal", "error: deal", j,
        !an->base.deal.found ? "no deal"
        : isfinite(e) ? fmt(c, "%.2f (%zu issue%s)", e, n, n == 1 ? "" : "s")
                      : "n/a");
    v = dt_score_verdict(sc, &an->base);
    put(c, "verdict_vs_outcome", "zone verdict vs outcome", j,
        v < 0 ? "cannot say"
        : v   ? "matched"
              : "missed");
}

void dt_compare_free(dt_compare *c)
{
    if (!c)
        return;
    dt__free(c->alloc, c->key, c->cap * sizeof *c->key);
    dt__free(c->alloc, c->label, c->cap * sizeof *c->label);
    dt__free(c->alloc, c->cell, c->cap * c->n * sizeof *c->cell);
    dt__free(c->alloc, c->sc, c->n * sizeof *c->sc);
    dt__free(c->alloc, c->an, c->n * sizeof *c->an);
    dt__arena_release(&c->ar);
    dt__free(c->alloc, c, sizeof *c);
}

dt_status dt_compare_new(const dt_scenario *const *sc,
                         const dt_analysis *const *an, size_t n,
                         dt_compare **out, dt_error *err)
{
    static void (*const pass[5])(dt_compare *, size_t) = {
        who_and_what, status_quo, deal, verdicts, scores};
    const dt_allocator *alloc;
    dt_compare *c;
    size_t j, p;

    *out = NULL;
    if (!sc || n == 0)
        return dt__error_set(err, DT_EINVAL, "nothing to compare");
    for (j = 0; j < n; j++)
        if (!sc[j])
            return dt__error_set(err, DT_EINVAL,
                                 "scenario %zu of the comparison is missing",
                                 j + 1);
    alloc = dt_scenario_allocator(sc[0]);
    c = dt__calloc(alloc, 1, sizeof *c);
    if (!c)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    c->alloc = alloc;
    dt__arena_init(&c->ar, alloc);
    c->sc = dt__calloc(alloc, n, sizeof *c->sc);
    c->an = dt__calloc(alloc, n, sizeof *c->an);
    if (!c->sc || !c->an) {
        dt__free(alloc, c->sc, n * sizeof *c->sc);
        dt__free(alloc, c->an, n * sizeof *c->an);
        c->sc = NULL;
        c->an = NULL;
        dt_compare_free(c);
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    c->n = n;
    for (j = 0; j < n; j++) {
        c->sc[j] = sc[j];
        c->an[j] = an ? an[j] : NULL;
    }
    for (p = 0; p < 5 && !c->oom; p++)
        for (j = 0; j < n && !c->oom; j++)
            pass[p](c, j);
    if (c->oom) {
        dt_compare_free(c);
        return dt__error_set(err, DT_ENOMEM,
                             "out of memory while comparing scenarios");
    }
    *out = c;
    return DT_OK;
}

size_t dt_compare_n_scenarios(const dt_compare *c)
{
    return c->n;
}

size_t dt_compare_n_rows(const dt_compare *c)
{
    return c->rows;
}

const dt_scenario *dt_compare_scenario(const dt_compare *c, size_t j)
{
    return j < c->n ? c->sc[j] : NULL;
}

const dt_analysis *dt_compare_analysis(const dt_compare *c, size_t j)
{
    return j < c->n ? c->an[j] : NULL;
}

const char *dt_compare_key(const dt_compare *c, size_t i)
{
    return i < c->rows ? c->key[i] : NULL;
}

const char *dt_compare_label(const dt_compare *c, size_t i)
{
    return i < c->rows ? c->label[i] : NULL;
}

const char *dt_compare_cell(const dt_compare *c, size_t i, size_t j)
{
    return i < c->rows && j < c->n ? c->cell[i * c->n + j] : NULL;
}

size_t dt_compare_row(const dt_compare *c, const char *key)
{
    size_t r;

    for (r = 0; key && r < c->rows; r++)
        if (strcmp(c->key[r], key) == 0)
            return r;
    return (size_t)-1;
}
