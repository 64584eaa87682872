/*
 * Support and durability of a deal: for every stakeholder, table or
 * excluded, its surplus over no deal and the red lines the deal crosses;
 * durability is the clout-weighted share of supporters (docs/analysis.md,
 * "Support and durability"; Putnam 1988, Tsebelis 2002). And the run of
 * one scenario (dt__run_scenario), which the baseline (analysis.c) and
 * every lever (levers.c) share.
 */
#include <math.h>
#include <string.h>

#include "analysis_int.h"

dt_status dt__run_init(dt_analysis_run *r, const dt_problem *p, dt_error *err)
{
    const dt_bargain *b = &p->b;
    const dt_allocator *al = b->alloc;
    size_t na = b->n_actors, m = b->n_issues, nl = b->n_limits, q;

    memset(r, 0, sizeof *r);
    r->alloc = al;
    r->n_actors = na;
    r->n_issues = m;
    r->n_limits = nl;
    r->durability = NAN;
    r->free_surplus = NAN;
    r->ratified = -1;
    /* Sizes as dt__run_release recomputes them. */
    r->limits = dt__calloc(al, nl + 1, sizeof *r->limits);
    r->table_forecast = dt__calloc(al, m + 1, sizeof *r->table_forecast);
    r->full_forecast = dt__calloc(al, m + 1, sizeof *r->full_forecast);
    r->no_deal = dt__calloc(al, na + 1, sizeof *r->no_deal);
    r->gain = dt__calloc(al, na + 1, sizeof *r->gain);
    r->supports = dt__calloc(al, na + 1, sizeof *r->supports);
    r->crossed = dt__calloc(al, na + 1, sizeof *r->crossed);
    r->limit_crossed = dt__calloc(al, nl + 1, sizeof *r->limit_crossed);
    r->clout = dt__calloc(al, na + 1, sizeof *r->clout);
    r->spoilers = dt__calloc(al, na + 1, sizeof *r->spoilers);
    if (!r->limits || !r->table_forecast || !r->full_forecast || !r->no_deal ||
        !r->gain || !r->supports || !r->crossed || !r->limit_crossed ||
        !r->clout || !r->spoilers ||
        dt_zone_init(&r->zone, na, m, nl, al) != DT_OK ||
        dt_deal_init(&r->deal, na, m, al) != DT_OK) {
        dt__run_release(r);
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    memcpy(r->limits, p->meta, nl * sizeof *r->limits);
    memcpy(r->no_deal, p->no_deal, na * sizeof *r->no_deal);
    memcpy(r->clout, p->clout, na * sizeof *r->clout);
    for (q = 0; q < m; q++)
        r->table_forecast[q] = r->full_forecast[q] = NAN;
    return DT_OK;
}

void dt__run_release(dt_analysis_run *r)
{
    const dt_allocator *al;
    size_t na, m, nl;

    if (!r)
        return;
    al = r->alloc;
    na = r->n_actors;
    m = r->n_issues;
    nl = r->n_limits;
    dt__free(al, r->limits, (nl + 1) * sizeof *r->limits);
    dt__free(al, r->table_forecast, (m + 1) * sizeof *r->table_forecast);
    dt__free(al, r->full_forecast, (m + 1) * sizeof *r->full_forecast);
    dt__free(al, r->no_deal, (na + 1) * sizeof *r->no_deal);
    dt__free(al, r->gain, (na + 1) * sizeof *r->gain);
    dt__free(al, r->supports, (na + 1) * sizeof *r->supports);
    dt__free(al, r->crossed, (na + 1) * sizeof *r->crossed);
    dt__free(al, r->limit_crossed, (nl + 1) * sizeof *r->limit_crossed);
    dt__free(al, r->clout, (na + 1) * sizeof *r->clout);
    dt__free(al, r->spoilers, (na + 1) * sizeof *r->spoilers);
    dt_zone_release(&r->zone);
    dt_deal_release(&r->deal);
    dt__free(al, r->votes, r->n_votes * sizeof *r->votes);
    memset(r, 0, sizeof *r);
}

/* Spoilers heaviest first; equal clout keeps scenario order. */
static void sort_spoilers(dt_analysis_run *r)
{
    size_t i, j;

    for (i = 1; i < r->n_spoilers; i++) {
        size_t v = r->spoilers[i];

        for (j = i; j > 0 && r->clout[r->spoilers[j - 1]] < r->clout[v]; j--)
            r->spoilers[j] = r->spoilers[j - 1];
        r->spoilers[j] = v;
    }
}

static void support(dt_analysis_run *r, const dt_bargain *b)
{
    double total = 0.0, yes = 0.0;
    size_t a, k;

    r->n_spoilers = 0;
    memset(r->crossed, 0, r->n_actors * sizeof *r->crossed);
    for (k = 0; k < b->n_limits; k++) {
        r->limit_crossed[k] = dt_limit_crossed(b, k, r->proposal);
        if (r->limit_crossed[k])
            r->crossed[b->limits[k].actor]++;
    }
    for (a = 0; a < b->n_actors; a++) {
        r->gain[a] = dt_bargain_utility(b, a, r->proposal) - b->no_deal[a];
        /* Supports: prefers the deal to no deal and no red line crossed. */
        r->supports[a] = r->gain[a] > DT_ZONE_TOL && r->crossed[a] == 0;
        total += r->clout[a];
        if (r->supports[a])
            yes += r->clout[a];
        else
            r->spoilers[r->n_spoilers++] = a;
    }
    /* Durability = clout of supporters / clout of all (docs (5)). */
    r->durability = total > 0.0 ? yes / total : (double)NAN;
    sort_spoilers(r);
}

/* Zone, deal and (with want_free) free surplus of b, solved. */
static dt_status solve(dt_analysis_run *r, const dt_bargain *b, int want_free,
                       dt_error *err)
{
    dt_bargain loose = *b; /* without red lines */
    dt_zone fz;
    dt_status rc;

    rc = dt_zone_solve(b, &r->zone, err);
    if (rc != DT_OK)
        return rc;
    if (want_free) {
        /* The same zone without red lines: how much the red lines cost. */
        loose.n_limits = 0;
        if (dt_zone_init(&fz, b->n_actors, b->n_issues, 0, b->alloc) != DT_OK)
            return dt__error_set(err, DT_ENOMEM, "out of memory");
        rc = dt_zone_solve(&loose, &fz, err);
        r->free_surplus = fz.surplus;
        dt_zone_release(&fz);
        if (rc != DT_OK)
            return rc;
    }
    rc = dt_deal_solve(b, &r->zone, &r->deal, err);
    return rc == DT_NOT_CONVERGED ? DT_OK : rc;
}

dt_status dt__run_bargain(dt_analysis_run *r, const dt_problem *p,
                          const dt_analysis_opts *o, dt_error *err)
{
    const dt_bargain *b = &p->b;
    int want_free = !(o->flags & DT_ANALYSIS_NO_FREE_ZONE), hit = 0;
    dt_status rc;

    /*
     * Checked first even when remembered: the key leaves out actors off
     * the table, whose bad numbers the solvers would refuse.
     */
    rc = dt__bargain_check(b, err);
    if (rc == DT_OK && o->ws)
        rc = dt__memo_find(o->ws, b, want_free, r, &hit, err);
    if (rc == DT_OK && !hit) {
        rc = solve(r, b, want_free, err);
        if (rc == DT_OK && o->ws)
            rc = dt__memo_keep(o->ws, r, want_free, err);
    }
    if (rc != DT_OK)
        return rc;
    /*
     * The proposal judged for support: the Nash deal; without a zone the
     * max-min point (the least-bad offer), so the analyst still sees who
     * would have to be won over.
     */
    if (r->deal.found)
        r->proposal = r->deal.point;
    else if (r->zone.status != DT_ZONE_NO_TABLE)
        r->proposal = r->zone.point;
    else
        r->proposal = NULL;
    if (r->proposal)
        support(r, b);
    return DT_OK;
}

/* Forecasts, zone, deal and support of one scenario (analysis.c, levers.c). */
dt_status dt__run_scenario(dt_analysis_run *r, const dt_scenario *sc,
                           const dt_analysis_opts *o, dt_forecast_cache *fc,
                           dt_error *err)
{
    dt_problem *p = NULL;
    dt_status rc;

    rc = dt_problem_build(sc, o->weights, &p, err);
    if (rc != DT_OK)
        return rc;
    rc = dt__run_init(r, p, err);
    if (rc != DT_OK)
        goto out;
    if (!(o->flags & DT_ANALYSIS_NO_FORECASTS))
        rc = dt__run_forecasts(r, sc, o->model, &o->model_opts, fc, err);
    if (rc == DT_OK)
        rc = dt__run_bargain(r, p, o, err);
    if (rc == DT_OK)
        rc = dt__run_ratify(r, sc, err);
out:
    dt_problem_free(p);
    return rc;
}
