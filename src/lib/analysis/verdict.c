/*
 * The analysis in words (analysis.h, "The analysis in words"): red lines,
 * the verdict on agreement and what each lever does, each phrased once
 * for every front end. Every text names the inputs that drive it
 * (docs/analysis.md, "Verdicts").
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>

#include "analysis_int.h"

/* An snprintf-like sink: writes what fits, counts everything. */
typedef struct sink {
    char *buf;  /* destination, or NULL when n is 0 */
    size_t n;   /* its size */
    size_t len; /* length of the whole text so far */
} sink;

static void sink_init(sink *s, char *buf, size_t n)
{
    s->buf = buf;
    s->n = n;
    s->len = 0;
    if (n > 0)
        buf[0] = '\0';
}

static void put(sink *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void put(sink *s, const char *fmt, ...)
{
    va_list ap;
    int k;

    va_start(ap, fmt);
    if (s->len < s->n)
        k = vsnprintf(s->buf + s->len, s->n - s->len, fmt, ap);
    else
        k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (k > 0)
        s->len += (size_t)k;
}

static const char *actor_id(const dt_scenario *sc, size_t a)
{
    return dt_scenario_actor(sc, a)->id;
}

static const char *issue_id(const dt_scenario *sc, size_t q)
{
    return dt_scenario_issue(sc, q)->id;
}

static void limit_name(sink *s, const dt_scenario *sc, const dt_analysis_run *r,
                       size_t k)
{
    const dt_analysis_limit *l = &r->limits[k];

    if (l->issue != (size_t)-1)
        put(s, "%s's red line on %s", actor_id(sc, l->actor),
            issue_id(sc, l->issue));
    else
        put(s, "%s's cross-issue red line", actor_id(sc, l->actor));
}

size_t dt_analysis_limit_name(const dt_scenario *sc, const dt_analysis_run *r,
                              size_t k, char *buf, size_t n)
{
    sink s;

    sink_init(&s, buf, n);
    limit_name(&s, sc, r, k);
    return s.len;
}

size_t dt_analysis_limit_bounds(const dt_scenario *sc, const dt_analysis_run *r,
                                size_t k, char *buf, size_t n)
{
    const dt_analysis_limit *l = &r->limits[k];
    sink s;

    sink_init(&s, buf, n);
    if (l->issue != (size_t)-1) {
        const dt_stake *st = dt_scenario_stake(sc, l->actor, l->issue);
        const dt_red_line *rl = st ? &st->red_line : NULL;

        if (rl && rl->has_below)
            put(&s, "%s >= %g", issue_id(sc, l->issue), rl->below);
        if (rl && rl->has_below && rl->has_above)
            put(&s, " and ");
        if (rl && rl->has_above)
            put(&s, "%s <= %g", issue_id(sc, l->issue), rl->above);
    } else {
        const dt_constraint *c = dt_scenario_constraint(sc, l->constraint);
        size_t t;

        for (t = 0; t < c->n_terms; t++) {
            double v = c->coef[t];

            if (t > 0)
                put(&s, v < 0 ? " - " : " + ");
            else if (v < 0)
                put(&s, "-");
            if (fabs(v) != 1.0)
                put(&s, "%g ", fabs(v));
            put(&s, "%s", issue_id(sc, c->issue[t]));
        }
        if (c->has_at_least && c->has_at_most)
            put(&s, " in [%g, %g]", c->at_least, c->at_most);
        else if (c->has_at_most)
            put(&s, " <= %g", c->at_most);
        else
            put(&s, " >= %g", c->at_least);
    }
    return s.len;
}

/* The separator before item `done` of `total`: "", ", " or " and ". */
static const char *sep(size_t done, size_t total)
{
    return done ? (done + 1 == total ? " and " : ", ") : "";
}

/* Rows that bind the zone: red lines, then no-deal utilities. */
static size_t n_binding(const dt_zone *z)
{
    size_t a, k, total = 0;

    for (a = 0; a < z->n_actors; a++)
        total += z->binding[a] != 0;
    for (k = 0; k < z->n_limits; k++)
        total += z->limit_binding[k] != 0;
    return total;
}

/* "A, B and C" over the binding rows of the zone. */
static void list_binding(sink *s, const dt_scenario *sc,
                         const dt_analysis_run *r)
{
    const dt_zone *z = &r->zone;
    size_t a, k, total = n_binding(z), done = 0;

    for (k = 0; k < z->n_limits; k++) {
        if (!z->limit_binding[k])
            continue;
        put(s, "%s", sep(done++, total));
        limit_name(s, sc, r, k);
    }
    for (a = 0; a < z->n_actors; a++) {
        if (!z->binding[a])
            continue;
        put(s, "%s%s's no-deal utility", sep(done++, total), actor_id(sc, a));
    }
}

/* "A and B cannot both hold; C, D and E cannot all hold". */
static void list_conflicts(sink *s, const dt_scenario *sc,
                           const dt_analysis_run *r)
{
    const dt_zone *z = &r->zone;
    int set;

    for (set = 1;; set++) {
        size_t k, total = 0, done = 0;

        for (k = 0; k < z->n_limits; k++)
            total += z->limit_binding[k] == set;
        if (total == 0)
            return;
        if (set > 1)
            put(s, "; ");
        for (k = 0; k < z->n_limits; k++) {
            if (z->limit_binding[k] != set)
                continue;
            put(s, "%s", sep(done++, total));
            limit_name(s, sc, r, k);
        }
        put(s, "%s",
            total > 2 ? " cannot all hold"
                      : (total == 2 ? " cannot both hold" : " cannot hold"));
    }
}

size_t dt_analysis_verdict(const dt_scenario *sc, const dt_analysis_run *r,
                           char *buf, size_t n)
{
    const dt_zone *z = &r->zone;
    size_t nb, a;
    sink s;

    sink_init(&s, buf, n);
    switch (z->status) {
    case DT_ZONE_NO_TABLE:
        put(&s, "no agreement to analyse: no actor has role: table");
        return s.len;
    case DT_ZONE_RED_LINES:
        put(&s, "no agreement: the table's red lines contradict: ");
        list_conflicts(&s, sc, r);
        return s.len;
    case DT_ZONE_SOLVED:
        break;
    }
    if (z->feasible) {
        put(&s,
            "agreement possible (max-min surplus %.3g); the zone is "
            "limited by ",
            z->surplus);
        list_binding(&s, sc, r);
        return s.len;
    }
    put(&s, "no agreement (max-min surplus %.3g): ", z->surplus);
    nb = n_binding(z);
    for (a = 0; a < z->n_actors && !z->binding[a]; a++)
        ;
    if (nb == 1 && a < z->n_actors) {
        /*
         * Only one surplus row binds (the duals of the surplus rows sum
         * to 1, so one always does): nothing beats its no deal.
         */
        put(&s, "no outcome gives %s more than its no-deal utility (%.3g)",
            actor_id(sc, a), r->no_deal[a]);
        return s.len;
    }
    list_binding(&s, sc, r);
    put(&s, "%s",
        nb > 2 ? " cannot all hold"
               : (nb == 2 ? " cannot both hold" : " cannot hold"));
    return s.len;
}

size_t dt_analysis_effect_name(const dt_scenario *sc, const dt_lever_effect *e,
                               char *buf, size_t n)
{
    sink s;

    sink_init(&s, buf, n);
    put(&s, "%s", dt_scenario_lever(sc, e->lever[0])->id);
    if (e->n == 2)
        put(&s, "+%s", dt_scenario_lever(sc, e->lever[1])->id);
    return s.len;
}

size_t dt_analysis_effect_summary(const dt_scenario *sc,
                                  const dt_lever_effect *e, char *buf, size_t n)
{
    sink s;

    sink_init(&s, buf, n);
    if (e->no_effect) {
        put(&s, "no effect on the analysis");
        return s.len;
    }
    if (e->flip > 0)
        put(&s, "turns no agreement into agreement; ");
    else if (e->flip < 0)
        put(&s, "turns agreement into no agreement; ");
    if (isfinite(e->shift_proposal))
        put(&s, "moves the %s %.0f%% of the way toward %s",
            e->run.deal.found ? "deal" : "best offer",
            100.0 * e->shift_proposal, actor_id(sc, e->by));
    else
        put(&s, "no outcome to move toward %s", actor_id(sc, e->by));
    if (isfinite(e->surplus_change))
        put(&s, ", surplus %+.3g", e->surplus_change);
    if (isfinite(e->durability_change))
        put(&s, ", durability %+.2f", e->durability_change);
    return s.len;
}
