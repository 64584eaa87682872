/*
 * The actors of a YAML scenario (docs/scenario-format.md "Actors"): each
 * actor's fields, its stakes in the issues with their red lines and
 * no-deal values, its no-deal cost, and its cross-issue red lines (linear
 * constraints). Helpers in yaml_node.c.
 */
#include <stdio.h>
#include <string.h>

#include "scenario/yaml_int.h"

/*
 * The stake table is n_actors x n_issues pointers; refuse scenarios whose
 * table would exceed this many cells rather than allocate gigabytes.
 */
#define YMAX_CELLS DT__MAX_CELLS

void dt__yaml_red_line(yp *p, const yaml_node_t *n, dt_red_line *rl)
{
    static const char *const keys[] = {"above", "below", "note"};
    yaml_node_t *v[3], *k[3];
    dt_value above, below;
    char a[DT__QUOTE + 4], b[DT__QUOTE + 4];

    rl->loc = dt__yaml_loc(n);
    if (!dt__yaml_type(p, n, YAML_MAPPING_NODE, "red_line"))
        return;
    dt__yaml_keys(p, n, "in red_line", keys, 3, v, k);
    if (v[0])
        rl->has_above = dt__yaml_plain_num(p, v[0], "above", R_PCT, &above);
    if (v[1])
        rl->has_below = dt__yaml_plain_num(p, v[1], "below", R_PCT, &below);
    if (v[2])
        rl->note = dt__yaml_str(p, v[2], "note");
    if (!v[0] && !v[1])
        dt__yaml_err(p, rl->loc, "red_line needs 'above' or 'below'");
    if (rl->has_above)
        rl->above = above.v;
    if (rl->has_below)
        rl->below = below.v;
    if (rl->has_above && rl->has_below && !(rl->below < rl->above))
        dt__yaml_err(
            p, rl->loc,
            "red line rejects every outcome (below %s is not less than "
            "above %s)",
            dt__excerpt(dt__yaml_scalar(v[1]), b),
            dt__excerpt(dt__yaml_scalar(v[0]), a));
}

static void parse_stake(yp *p, const yaml_node_t *n, const dt_actor *ac,
                        const char *issue, dt_stake *st,
                        const dt_stake *scratch)
{
    static const char *const keys[] = {"position", "salience", "capability",
                                       "red_line", "no_deal",  "note"};
    yaml_node_t *v[6], *k[6];
    char ex[DT__QUOTE + 4], ex2[DT__QUOTE + 4], desc[DT__QUOTE + 8];
    size_t i;

    if (n->type != YAML_MAPPING_NODE) {
        dt__yaml_err(p, dt__yaml_loc(n),
                     "expected a mapping for stake '%s', got %s",
                     dt__excerpt(issue, ex), dt__yaml_describe(n, desc));
        return;
    }
    dt__yaml_keys(p, n, "in stake", keys, 6, v, k);
    if (v[0])
        dt__yaml_num(p, v[0], "position", R_PCT | R_SPREAD, &st->position);
    if (v[1])
        dt__yaml_num(p, v[1], "salience", R_PCT | R_SPREAD, &st->salience);
    if (v[2])
        st->has_capability = dt__yaml_num(p, v[2], "capability",
                                          R_NONNEG | R_SPREAD, &st->capability);
    if (v[3]) {
        st->has_red_line = 1;
        dt__yaml_red_line(p, v[3], &st->red_line);
    }
    if (v[4])
        st->has_no_deal =
            dt__yaml_num(p, v[4], "no_deal", R_PCT | R_SPREAD, &st->no_deal);
    if (v[5])
        st->note = dt__yaml_str(p, v[5], "note");
    /* A stake in an unknown issue has had its error already. */
    for (i = 0; i < 2 && st != scratch; i++)
        if (!v[i])
            dt__yaml_err(
                p, dt__yaml_loc(n),
                "stake of actor '%s' in issue '%s' is missing required "
                "key '%s'",
                dt__excerpt(ac->id ? ac->id : "?", ex), dt__excerpt(issue, ex2),
                keys[i]);
}

static void parse_stakes(yp *p, const yaml_node_t *n, size_t a)
{
    dt_scenario *sc = p->sc;
    const dt_actor *ac = &sc->actors[a];
    const yaml_node_pair_t *pair;
    char ex[DT__QUOTE + 4], ex2[DT__QUOTE + 4];

    if (!dt__yaml_type(p, n, YAML_MAPPING_NODE, "issues"))
        return;
    for (pair = n->data.mapping.pairs.start;
         pair < n->data.mapping.pairs.top && !dt__yaml_full(p); pair++) {
        yaml_node_t *key = dt__yaml_node(p, pair->key);
        yaml_node_t *val = dt__yaml_node(p, pair->value);
        dt_stake scratch, *st;
        size_t i;

        if (!key || !val)
            continue;
        i = dt__yaml_issue_key(p, key);
        if (i != (size_t)-1 && sc->stakes[a * sc->n_issues + i]) {
            dt__yaml_err(p, dt__yaml_loc(key),
                         "duplicate key '%s' in issues of actor '%s' (first at "
                         "line %u)",
                         dt__excerpt(dt__yaml_scalar(key), ex),
                         dt__excerpt(ac->id, ex2),
                         sc->stakes[a * sc->n_issues + i]->loc.line);
            continue;
        }
        memset(&scratch, 0, sizeof scratch);
        st = &scratch;
        if (i != (size_t)-1) {
            st = dt__yaml_alloc(p, 1, sizeof *st);
            if (!st)
                return;
            sc->stakes[a * sc->n_issues + i] = st;
            p->referred[i] = 1;
        }
        st->loc = dt__yaml_loc(key);
        parse_stake(p, val, ac,
                    key->type == YAML_SCALAR_NODE ? dt__yaml_scalar(key) : "?",
                    st, &scratch);
    }
}

static void parse_no_deal(yp *p, const yaml_node_t *n, dt_no_deal *nd)
{
    static const char *const keys[] = {"cost", "note"};
    yaml_node_t *v[2], *k[2];

    nd->loc = dt__yaml_loc(n);
    if (!dt__yaml_type(p, n, YAML_MAPPING_NODE, "no_deal"))
        return;
    dt__yaml_keys(p, n, "in no_deal", keys, 2, v, k);
    if (v[0])
        nd->has_cost =
            dt__yaml_num(p, v[0], "cost", R_FINITE | R_SPREAD, &nd->cost);
    if (v[1])
        nd->note = dt__yaml_str(p, v[1], "note");
}

/* Room for one more constraint in sc->constraints (grown in the arena). */
static dt_constraint *new_constraint(yp *p)
{
    dt_scenario *sc = p->sc;

    if (sc->n_constraints == p->cap_constraints) {
        size_t ncap = p->cap_constraints ? 2 * p->cap_constraints : 8;
        dt_constraint *n = dt__yaml_alloc(p, ncap, sizeof *n);

        if (!n)
            return NULL;
        if (sc->n_constraints)
            memcpy(n, sc->constraints,
                   sc->n_constraints * sizeof *sc->constraints);
        sc->constraints = n;
        p->cap_constraints = ncap;
    }
    return &sc->constraints[sc->n_constraints++];
}

/*
 * The terms of a cross-issue red line: issue id -> coefficient. Fills
 * issue[] and coef[] (room for every pair) and returns the number of
 * terms read; *all_known is 0 when some issue id could not be resolved.
 */
static size_t parse_terms(yp *p, const yaml_node_t *n, size_t *issue,
                          double *coef, int *all_known)
{
    const yaml_node_pair_t *pair;
    char ex[DT__QUOTE + 4];
    size_t k = 0, serial = p->sc->n_constraints; /* this one's, plus 1 */

    *all_known = 1;
    /* Per-issue marks find a repeated term without a quadratic scan. */
    if (!p->term_seen) {
        p->term_seen = dt__yaml_alloc(p, p->sc->n_issues, sizeof *p->term_seen);
        p->term_line = dt__yaml_alloc(p, p->sc->n_issues, sizeof *p->term_line);
        if (!p->term_seen || !p->term_line)
            return 0;
    }
    for (pair = n->data.mapping.pairs.start;
         pair < n->data.mapping.pairs.top && !dt__yaml_full(p); pair++) {
        yaml_node_t *key = dt__yaml_node(p, pair->key);
        yaml_node_t *val = dt__yaml_node(p, pair->value);
        dt_value c;
        size_t i;

        if (!key || !val)
            continue;
        i = dt__yaml_issue_key(p, key);
        if (i == (size_t)-1) {
            *all_known = 0;
            if (key->type == YAML_SCALAR_NODE)
                dt__yaml_num(p, val, dt__yaml_scalar(key), R_FINITE, &c);
            continue;
        }
        if (p->term_seen[i] == serial) {
            dt__yaml_err(p, dt__yaml_loc(key),
                         "duplicate key '%s' in terms (first at line %u)",
                         dt__excerpt(dt__yaml_scalar(key), ex),
                         p->term_line[i]);
            continue;
        }
        p->term_seen[i] = serial;
        p->term_line[i] = dt__yaml_loc(key).line;
        if (!dt__yaml_num(p, val, dt__yaml_scalar(key), R_FINITE, &c)) {
            *all_known = 0;
            continue;
        }
        issue[k] = i;
        coef[k] = c.v;
        k++;
    }
    return k;
}

/* The text of a number as written: n itself, or the value of {value, note}. */
static const char *num_text(const yp *p, const yaml_node_t *n)
{
    const yaml_node_pair_t *pair;

    if (n->type == YAML_SCALAR_NODE)
        return dt__yaml_scalar(n);
    if (n->type != YAML_MAPPING_NODE)
        return "?";
    for (pair = n->data.mapping.pairs.start; pair < n->data.mapping.pairs.top;
         pair++) {
        yaml_node_t *key = dt__yaml_node(p, pair->key);
        yaml_node_t *val = dt__yaml_node(p, pair->value);

        if (key && val && key->type == YAML_SCALAR_NODE &&
            val->type == YAML_SCALAR_NODE &&
            strcmp(dt__yaml_scalar(key), "value") == 0)
            return dt__yaml_scalar(val);
    }
    return "?";
}

/*
 * Whether a cross-issue red line leaves some outcome on the 0-100 scales:
 * the sum ranges over [lo, hi], lo = sum of 100 * min(0, coef) and hi =
 * sum of 100 * max(0, coef), so at_most < lo or at_least > hi rejects
 * every outcome.
 */
static void check_constraint_room(yp *p, const dt_constraint *c,
                                  yaml_node_t *const *v)
{
    char a[DT__QUOTE + 4], b[DT__QUOTE + 4];
    double lo = 0.0, hi = 0.0;
    size_t k;

    if (c->has_at_most && c->has_at_least && c->at_least > c->at_most) {
        dt__yaml_err(
            p, c->loc,
            "red line rejects every outcome (at_least %s is greater than "
            "at_most %s)",
            dt__excerpt(num_text(p, v[2]), a),
            dt__excerpt(num_text(p, v[1]), b));
        return;
    }
    for (k = 0; k < c->n_terms; k++) {
        if (c->coef[k] < 0.0)
            lo += 100.0 * c->coef[k];
        else
            hi += 100.0 * c->coef[k];
    }
    if (c->has_at_most && c->at_most < lo)
        dt__yaml_err(p, c->loc,
                     "red line rejects every outcome (at_most %s is below the "
                     "smallest possible sum, %g)",
                     dt__excerpt(num_text(p, v[1]), a), lo);
    else if (c->has_at_least && c->at_least > hi)
        dt__yaml_err(p, c->loc,
                     "red line rejects every outcome (at_least %s is above the "
                     "largest possible sum, %g)",
                     dt__excerpt(num_text(p, v[2]), a), hi);
}

/* One entry of an actor's red_lines list: a linear constraint. */
static void parse_constraint(yp *p, const yaml_node_t *n, size_t a)
{
    static const char *const keys[] = {"terms", "at_most", "at_least", "note"};
    yaml_node_t *v[4], *k[4];
    dt_constraint *c;
    dt_value bound;
    size_t n_pairs, *issue;
    double *coef;
    int all_known = 0;

    if (!dt__yaml_type(p, n, YAML_MAPPING_NODE, "red_lines"))
        return;
    c = new_constraint(p);
    if (!c)
        return;
    memset(c, 0, sizeof *c);
    c->actor = a;
    c->loc = dt__yaml_loc(n);
    dt__yaml_keys(p, n, "in red_lines", keys, 4, v, k);
    if (v[1]) {
        c->has_at_most = dt__yaml_num(p, v[1], "at_most", R_FINITE, &bound);
        c->at_most = bound.v;
    }
    if (v[2]) {
        c->has_at_least = dt__yaml_num(p, v[2], "at_least", R_FINITE, &bound);
        c->at_least = bound.v;
    }
    if (v[3])
        c->note = dt__yaml_str(p, v[3], "note");
    if (!v[1] && !v[2])
        dt__yaml_err(p, c->loc, "red line needs 'at_most' or 'at_least'");
    if (!v[0]) {
        dt__yaml_err(p, c->loc, "red line is missing required key 'terms'");
        return;
    }
    if (!dt__yaml_type(p, v[0], YAML_MAPPING_NODE, "terms"))
        return;
    n_pairs =
        (size_t)(v[0]->data.mapping.pairs.top - v[0]->data.mapping.pairs.start);
    if (n_pairs == 0) {
        dt__yaml_err(p, dt__yaml_loc(v[0]), "red line has no terms");
        return;
    }
    issue = dt__yaml_alloc(p, n_pairs, sizeof *issue);
    coef = dt__yaml_alloc(p, n_pairs, sizeof *coef);
    if (!issue || !coef)
        return;
    c->issue = issue;
    c->coef = coef;
    c->n_terms = parse_terms(p, v[0], issue, coef, &all_known);
    if (!all_known || c->n_terms == 0)
        return;
    {
        size_t t;

        for (t = 0; t < c->n_terms && coef[t] == 0.0; t++)
            ;
        if (t == c->n_terms) {
            dt__yaml_err(
                p, dt__yaml_loc(v[0]),
                "red line terms are all zero (the sum does not depend on "
                "the outcome)");
            return;
        }
    }
    if ((!v[1] || c->has_at_most) && (!v[2] || c->has_at_least))
        check_constraint_room(p, c, v);
}

static void parse_constraints(yp *p, const yaml_node_t *n, size_t a)
{
    const yaml_node_item_t *it;

    if (!dt__yaml_type(p, n, YAML_SEQUENCE_NODE, "red_lines"))
        return;
    for (it = n->data.sequence.items.start;
         it < n->data.sequence.items.top && !dt__yaml_full(p); it++) {
        yaml_node_t *item = dt__yaml_node(p, *it);

        if (item)
            parse_constraint(p, item, a);
    }
}

static void parse_actor(yp *p, const yaml_node_t *n, size_t a)
{
    static const char *const keys[] = {"id",         "name",     "role",
                                       "capability", "no_deal",  "note",
                                       "issues",     "red_lines"};
    dt_actor *ac = &p->sc->actors[a];
    yaml_node_t *v[8], *k[8];
    char ex[DT__QUOTE + 4];
    size_t i;

    ac->loc = dt__yaml_loc(n);
    dt__yaml_keys(p, n, "in actor", keys, 8, v, k);
    if (v[0])
        ac->id = dt__yaml_id(p, v[0], "actor");
    if (!ac->id) {
        ac->id = "?";
        p->actors_broken = 1;
    }
    if (v[1])
        ac->name = dt__yaml_str(p, v[1], "name");
    if (v[2]) {
        const char *role = dt__yaml_str(p, v[2], "role");

        if (role && strcmp(role, "excluded") == 0)
            ac->role = DT_ROLE_EXCLUDED;
        else if (role && strcmp(role, "ratifier") == 0)
            ac->role = DT_ROLE_RATIFIER;
        else if (role && strcmp(role, "mediator") == 0)
            ac->role = DT_ROLE_MEDIATOR;
        else if (role && strcmp(role, "table") != 0)
            dt__yaml_err(p, dt__yaml_loc(v[2]),
                         "role must be 'table', 'excluded', 'ratifier' or "
                         "'mediator', got '%s'",
                         dt__excerpt(role, ex));
    }
    if (v[3])
        dt__yaml_num(p, v[3], "capability", R_NONNEG | R_SPREAD,
                     &ac->capability);
    if (v[4])
        parse_no_deal(p, v[4], &p->sc->no_deal[a]);
    if (v[5])
        ac->note = dt__yaml_str(p, v[5], "note");
    if (v[6])
        parse_stakes(p, v[6], a);
    if (v[7])
        parse_constraints(p, v[7], a);
    for (i = 0; i < 4; i++) {
        if (v[i] || i == 2)
            continue;
        if (v[0] && strcmp(ac->id, "?") != 0)
            dt__yaml_err(p, ac->loc, "actor '%s' is missing required key '%s'",
                         dt__excerpt(ac->id, ex), keys[i]);
        else
            dt__yaml_err(p, ac->loc, "actor is missing required key '%s'",
                         keys[i]);
    }
}

static const dt_loc *actor_loc(const yp *p, size_t a)
{
    return &p->sc->actors[a].loc;
}

void dt__yaml_actors(yp *p, const yaml_node_t *n)
{
    dt_scenario *sc = p->sc;
    size_t len = dt__yaml_list(p, n, "actors", "actor");
    const yaml_node_item_t *it;
    char desc[DT__QUOTE + 8];
    idref *ids;
    size_t a, n_ids = 0, n_issues = sc->n_issues ? sc->n_issues : 1;

    if (len == 0)
        return;
    if (len > YMAX_CELLS / n_issues) {
        dt__yaml_err(p, dt__yaml_loc(n),
                     "scenario is too large (%zu actors x %zu issues)", len,
                     sc->n_issues);
        return;
    }
    sc->actors = dt__yaml_alloc(p, len, sizeof *sc->actors);
    sc->no_deal = dt__yaml_alloc(p, len, sizeof *sc->no_deal);
    sc->stakes = dt__yaml_alloc(p, len * n_issues, sizeof *sc->stakes);
    ids = dt__yaml_alloc(p, len, sizeof *ids);
    if (p->nomem)
        return;
    for (it = n->data.sequence.items.start;
         it < n->data.sequence.items.top && !dt__yaml_full(p); it++) {
        yaml_node_t *item = dt__yaml_node(p, *it);

        if (!item)
            continue;
        if (item->type != YAML_MAPPING_NODE) {
            dt__yaml_err(p, dt__yaml_loc(item),
                         "expected a mapping for an actor, got %s",
                         dt__yaml_describe(item, desc));
            p->actors_broken = 1;
            continue;
        }
        parse_actor(p, item, sc->n_actors++);
    }
    for (a = 0; a < sc->n_actors; a++) {
        if (strcmp(sc->actors[a].id, "?") == 0)
            continue;
        ids[n_ids].id = sc->actors[a].id;
        ids[n_ids].idx = a;
        n_ids++;
    }
    dt__yaml_dup_ids(p, ids, n_ids, "actor", actor_loc);
    p->actor_ids = ids;
    p->n_actor_ids = n_ids;
    p->actors_ok = sc->n_actors > 0;
    if (!p->issues_ok || dt__yaml_full(p))
        return;
    for (a = 0; a < sc->n_issues; a++)
        if (!p->referred[a] && dt__yaml_is_canonical(p, a))
            dt__yaml_err(p, sc->issues[a].loc,
                         "no actor has a stake in issue '%s'",
                         dt__excerpt(sc->issues[a].id, desc));
}
