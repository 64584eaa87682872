/*
 * Pressure levers: the scenario re-analysed with each lever (and each
 * pair) applied through dt_scenario_apply_levers, compared with the
 * baseline: how far the outcome moves toward the lever user, how the zone
 * surplus and durability change, whether agreement appears or vanishes.
 * Levers are ranked by effect. docs/analysis.md, "Levers".
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_int.h"

#define EFFECT_TOL 1e-9

/*
 * Fraction of the user's salience-weighted distance closed when the
 * outcome moves from `from` to `to`: (dist(from) - dist(to)) / dist(from)
 * with dist(x) = sum_q (s_uq / 100) |x_q - p_uq| over issues where both
 * are defined. 1 = the user gets all it wants; negative = pushed away;
 * NaN when undefined (no outcome, or the user already has it all).
 */
static double shift(const dt_bargain *b, size_t u, const double *from,
                    const double *to)
{
    double d0 = 0.0, d1 = 0.0;
    size_t q, m = b->n_issues;

    if (!from || !to)
        return NAN;
    for (q = 0; q < m; q++) {
        double s = b->sal[u * m + q] / 100.0, p = b->pos[u * m + q];

        if (!(s > 0.0) || isnan(from[q]) || isnan(to[q]))
            continue;
        d0 += s * fabs(from[q] - p);
        d1 += s * fabs(to[q] - p);
    }
    return d0 > 1e-12 ? (d0 - d1) / d0 : (double)NAN;
}

static int differs(double a, double b)
{
    if (isnan(a) || isnan(b))
        return isnan(a) != isnan(b);
    return fabs(a - b) > EFFECT_TOL * (1.0 + fabs(a));
}

static int differs_v(const double *a, const double *b, size_t n)
{
    size_t i;

    if (!a || !b)
        return !a != !b;
    for (i = 0; i < n; i++)
        if (differs(a[i], b[i]))
            return 1;
    return 0;
}

static void compare(dt_lever_effect *e, const dt_analysis_run *base,
                    const dt_bargain *b)
{
    const dt_analysis_run *r = &e->run;
    size_t u = e->by;
    int was = base->zone.feasible, is = r->zone.feasible;

    e->shift_proposal = shift(b, u, base->proposal, r->proposal);
    e->shift_table = shift(b, u, base->table_forecast, r->table_forecast);
    e->shift_full = shift(b, u, base->full_forecast, r->full_forecast);
    e->surplus_change = r->zone.surplus - base->zone.surplus;
    e->durability_change = r->durability - base->durability;
    e->flip = is && !was ? 1 : (!is && was ? -1 : 0);
    e->no_effect =
        !differs(r->zone.surplus, base->zone.surplus) &&
        !differs(r->durability, base->durability) && e->flip == 0 &&
        r->zone.status == base->zone.status &&
        !differs_v(r->proposal, base->proposal, b->n_issues) &&
        !differs_v(r->table_forecast, base->table_forecast, b->n_issues) &&
        !differs_v(r->full_forecast, base->full_forecast, b->n_issues) &&
        !differs_v(r->no_deal, base->no_deal, b->n_actors);
}

dt_status dt__lever_effect(dt_lever_effect *e, const dt_scenario *sc,
                           const dt_analysis_run *base, const dt_problem *p,
                           const dt_analysis_opts *o, dt_forecast_cache *fc,
                           dt_error *err)
{
    dt_scenario *lev = NULL;
    dt_status rc;

    e->by = dt_scenario_lever(sc, e->lever[0])->by;
    rc = dt_scenario_apply_levers(sc, e->lever, e->n, &lev, err);
    if (rc != DT_OK)
        return rc;
    rc = dt__run_scenario(&e->run, lev, o, fc, err);
    if (rc == DT_OK)
        compare(e, base, &p->b);
    dt_scenario_free(lev);
    return rc;
}

/* Sort keys, strongest first: flip, then proposal shift, then surplus. */
static double key(double v)
{
    return isnan(v) ? (double)-INFINITY : v;
}

static int stronger(const dt_lever_effect *a, const dt_lever_effect *b)
{
    if (a->no_effect != b->no_effect)
        return b->no_effect;
    if (a->flip != b->flip)
        return a->flip > b->flip;
    if (key(a->shift_proposal) != key(b->shift_proposal))
        return key(a->shift_proposal) > key(b->shift_proposal);
    if (key(a->surplus_change) != key(b->surplus_change))
        return key(a->surplus_change) > key(b->surplus_change);
    return 0;
}

void dt__lever_rank(dt_analysis *an)
{
    size_t i, j;

    for (i = 0; i < an->n_effects; i++)
        an->rank[i] = i;
    /* Insertion sort: stable, so equal effects keep file order. */
    for (i = 1; i < an->n_effects; i++) {
        size_t v = an->rank[i];

        for (j = i;
             j > 0 && stronger(&an->effects[v], &an->effects[an->rank[j - 1]]);
             j--)
            an->rank[j] = an->rank[j - 1];
        an->rank[j] = v;
    }
}
