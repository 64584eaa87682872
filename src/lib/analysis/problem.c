/*
 * From a scenario to a bargaining problem on plain arrays: positions and
 * saliences (as the models see them, 0-100), no-deal utilities, Nash
 * weights, clout and every actor's red lines as linear rows.
 * docs/analysis.md, "Utilities".
 */
#include <math.h>
#include <string.h>

#include "analysis_int.h"

void dt_problem_free(dt_problem *p)
{
    const dt_allocator *al;
    size_t na, m, nl;

    if (!p)
        return;
    al = p->b.alloc;
    na = p->b.n_actors;
    m = p->b.n_issues;
    nl = p->b.n_limits;
    dt__free(al, p->pos, (na * m + 1) * sizeof *p->pos);
    dt__free(al, p->sal, (na * m + 1) * sizeof *p->sal);
    dt__free(al, p->no_deal, (na + 1) * sizeof *p->no_deal);
    dt__free(al, p->at_table, (na + 1) * sizeof *p->at_table);
    dt__free(al, p->weight, (na + 1) * sizeof *p->weight);
    dt__free(al, p->ref, (m + 1) * sizeof *p->ref);
    dt__free(al, p->clout, (na + 1) * sizeof *p->clout);
    dt__free(al, p->limits, (nl + 1) * sizeof *p->limits);
    dt__free(al, p->coef, (nl * m + 1) * sizeof *p->coef);
    dt__free(al, p->meta, (nl + 1) * sizeof *p->meta);
    dt__free(al, p, sizeof *p);
}

const dt_bargain *dt_problem_bargain(const dt_problem *p)
{
    return &p->b;
}

static size_t count_limits(const dt_scenario *sc)
{
    size_t a, q, n = dt_scenario_n_constraints(sc);

    for (a = 0; a < dt_scenario_n_actors(sc); a++)
        for (q = 0; q < dt_scenario_n_issues(sc); q++) {
            const dt_stake *st = dt_scenario_stake(sc, a, q);

            if (st && st->has_red_line &&
                (st->red_line.has_above || st->red_line.has_below))
                n++;
        }
    return n;
}

/* Positions, saliences (0-100) and clout from the models' lines. */
static dt_status fill_stakes(dt_problem *p, const dt_scenario *sc,
                             dt_error *err)
{
    size_t q, k, m = p->b.n_issues;
    dt_status rc = DT_OK;

    for (q = 0; q < m; q++) {
        dt_line *line = NULL;

        rc = dt_scenario_line(sc, q, 0, &line, err);
        if (rc != DT_OK)
            return rc;
        for (k = 0; k < line->n; k++) {
            size_t a = line->actor[k];

            p->pos[a * m + q] = line->x[k];
            /* The line's saliences are on [0, 1]; utilities use 0-100. */
            p->sal[a * m + q] = 100.0 * line->s[k];
            /* Clout: sum_q capability_aq x salience_aq (durability). */
            p->clout[a] += line->c[k] * line->s[k];
        }
        dt_line_free(line);
    }
    return rc;
}

/*
 * D_a = U_a(n_a) - cost_a: the no-deal point n_a is the stake's no_deal
 * when given, else the issue's status quo (docs/analysis.md (2)).
 */
static dt_status fill_no_deal(dt_problem *p, const dt_scenario *sc,
                              double *point, dt_error *err)
{
    size_t a, q, m = p->b.n_issues;

    for (a = 0; a < p->b.n_actors; a++) {
        const dt_no_deal *nd = dt_scenario_no_deal(sc, a);

        for (q = 0; q < m; q++) {
            const dt_stake *st = dt_scenario_stake(sc, a, q);
            const dt_issue *is = dt_scenario_issue(sc, q);

            point[q] = 0.0;
            if (!(p->sal[a * m + q] > 0.0))
                continue;
            if (st && st->has_no_deal)
                point[q] = st->no_deal.v;
            else if (is->has_status_quo)
                point[q] = is->status_quo.v;
            else
                return dt__error_at(
                    err, DT_ESCENARIO, dt_scenario_path(sc),
                    st ? st->loc.line : 0, st ? st->loc.col : 0,
                    "no-deal outcome of '%s' on '%s' is undefined: the "
                    "issue has no status_quo and the actor no no_deal "
                    "position (give one of them)",
                    dt_scenario_actor(sc, a)->id, is->id);
        }
        p->no_deal[a] = dt_bargain_utility(&p->b, a, point) -
                        (nd && nd->has_cost ? nd->cost.v : 0.0);
    }
    return DT_OK;
}

static void fill_limits(dt_problem *p, const dt_scenario *sc)
{
    size_t a, q, i, k = 0, m = p->b.n_issues;

    for (a = 0; a < p->b.n_actors; a++)
        for (q = 0; q < m; q++) {
            const dt_stake *st = dt_scenario_stake(sc, a, q);
            dt_limit *l = &p->limits[k];

            if (!st || !st->has_red_line ||
                (!st->red_line.has_above && !st->red_line.has_below))
                continue;
            l->actor = a;
            l->coef = &p->coef[k * m];
            p->coef[k * m + q] = 1.0;
            /* Rejects x > above and x < below (scenario.h). */
            l->has_at_most = st->red_line.has_above;
            l->at_most = st->red_line.above;
            l->has_at_least = st->red_line.has_below;
            l->at_least = st->red_line.below;
            l->issue = q;
            l->constraint = (size_t)-1;
            k++;
        }
    for (i = 0; i < dt_scenario_n_constraints(sc); i++) {
        const dt_constraint *c = dt_scenario_constraint(sc, i);
        dt_limit *l = &p->limits[k];
        size_t t;

        l->actor = c->actor;
        l->coef = &p->coef[k * m];
        for (t = 0; t < c->n_terms; t++)
            p->coef[k * m + c->issue[t]] += c->coef[t];
        l->has_at_most = c->has_at_most;
        l->at_most = c->at_most;
        l->has_at_least = c->has_at_least;
        l->at_least = c->at_least;
        l->issue = (size_t)-1;
        l->constraint = i;
        k++;
    }
    for (k = 0; k < p->b.n_limits; k++) {
        p->meta[k].actor = p->limits[k].actor;
        p->meta[k].issue = p->limits[k].issue;
        p->meta[k].constraint = p->limits[k].constraint;
    }
}

dt_status dt_problem_build(const dt_scenario *sc, dt_nash_weights w,
                           dt_problem **out, dt_error *err)
{
    const dt_allocator *al = dt_scenario_allocator(sc);
    dt_problem *p = dt__calloc(al, 1, sizeof *p);
    size_t na = dt_scenario_n_actors(sc), m = dt_scenario_n_issues(sc);
    size_t nl = count_limits(sc), a, q;
    double *point = dt__calloc(al, m + 1, sizeof *point);
    dt_status rc;

    *out = NULL;
    if (p) {
        /* The sizes and the hook first: dt_problem_free needs them. */
        p->b.alloc = al;
        p->b.n_actors = na;
        p->b.n_issues = m;
        p->b.n_limits = nl;
        p->pos = dt__calloc(al, na * m + 1, sizeof *p->pos);
        p->sal = dt__calloc(al, na * m + 1, sizeof *p->sal);
        p->no_deal = dt__calloc(al, na + 1, sizeof *p->no_deal);
        p->at_table = dt__calloc(al, na + 1, sizeof *p->at_table);
        p->weight = dt__calloc(al, na + 1, sizeof *p->weight);
        p->ref = dt__calloc(al, m + 1, sizeof *p->ref);
        p->clout = dt__calloc(al, na + 1, sizeof *p->clout);
        p->limits = dt__calloc(al, nl + 1, sizeof *p->limits);
        p->coef = dt__calloc(al, nl * m + 1, sizeof *p->coef);
        p->meta = dt__calloc(al, nl + 1, sizeof *p->meta);
    }
    if (!p || !point || !p->pos || !p->sal || !p->no_deal || !p->at_table ||
        !p->weight || !p->ref || !p->clout || !p->limits || !p->coef ||
        !p->meta) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    p->b.pos = p->pos;
    p->b.sal = p->sal;
    p->b.no_deal = p->no_deal;
    p->b.at_table = p->at_table;
    p->b.weight = p->weight;
    p->b.ref = p->ref;
    p->b.limits = p->limits;
    for (q = 0; q < m; q++) {
        const dt_issue *is = dt_scenario_issue(sc, q);

        /* The tie-break point: the status quo, else mid-scale. */
        p->ref[q] = is->has_status_quo ? is->status_quo.v : 50.0;
    }
    for (a = 0; a < na; a++) {
        const dt_actor *ac = dt_scenario_actor(sc, a);

        /*
         * Table actors bargain (1); a ratifier outside any body holds a
         * veto of its own (2: Putnam 1988's Level II, Tsebelis 2002's
         * veto player); a body's members vote through the body
         * (ratify.c) and mediators have no stake in the zone (0).
         */
        p->at_table[a] = ac->role == DT_ROLE_TABLE ? 1
                         : ac->role == DT_ROLE_RATIFIER &&
                                 dt_scenario_body_of(sc, a) == (size_t)-1
                             ? 2
                             : 0;
        p->weight[a] = w == DT_WEIGHTS_CAPABILITY ? ac->capability.v : 1.0;
    }
    rc = fill_stakes(p, sc, err);
    if (rc != DT_OK)
        goto out;
    /* A mediator implements nothing: no clout in durability. */
    for (a = 0; a < na; a++)
        if (dt_scenario_actor(sc, a)->role == DT_ROLE_MEDIATOR)
            p->clout[a] = 0.0;
    rc = fill_no_deal(p, sc, point, err);
    if (rc != DT_OK)
        goto out;
    fill_limits(p, sc);
    *out = p;
    p = NULL;
out:
    dt__free(al, point, (m + 1) * sizeof *point);
    dt_problem_free(p);
    return rc;
}
