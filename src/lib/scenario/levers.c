/*
 * Levers applied to a scenario (dt_scenario_apply_levers): a deep copy of
 * the base scenario in a new arena, then each chosen lever's effects in
 * order, every result clamped to its valid range. The base is never
 * touched, so threads may apply levers to one shared scenario.
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include "scenario/scenario_int.h"

/* Copy state: the new scenario and whether an allocation failed. */
typedef struct cp {
    dt_scenario *sc; /* the copy being filled */
    int nomem;       /* an allocation failed */
} cp;

static void *cp_alloc(cp *c, size_t n, size_t size)
{
    void *q;

    if (n == 0)
        return NULL;
    if (size && n > ((size_t)-1 / 2) / size) {
        c->nomem = 1;
        return NULL;
    }
    q = dt__arena_alloc(&c->sc->arena, n * size);
    if (!q)
        c->nomem = 1;
    return q;
}

/* Copy an optional string into the copy's arena (NULL stays NULL). */
static const char *cp_str(cp *c, const char *s)
{
    char *q;

    if (!s)
        return NULL;
    q = dt__arena_strdup(&c->sc->arena, s);
    if (!q)
        c->nomem = 1;
    return q;
}

static void cp_value(cp *c, dt_value *v)
{
    v->note = cp_str(c, v->note);
}

static void cp_red_line(cp *c, dt_red_line *rl)
{
    rl->note = cp_str(c, rl->note);
}

static void copy_issues(cp *c, const dt_scenario *b)
{
    dt_scenario *sc = c->sc;
    size_t i;

    sc->issues = cp_alloc(c, b->n_issues, sizeof *sc->issues);
    if (!sc->issues)
        return;
    sc->n_issues = b->n_issues;
    for (i = 0; i < b->n_issues; i++) {
        dt_issue *is = &sc->issues[i];

        *is = b->issues[i];
        is->id = cp_str(c, is->id);
        is->name = cp_str(c, is->name);
        is->low = cp_str(c, is->low);
        is->high = cp_str(c, is->high);
        is->note = cp_str(c, is->note);
        cp_value(c, &is->status_quo);
    }
}

/* Actors, their no-deal terms and the stake table (one block of stakes). */
static void copy_actors(cp *c, const dt_scenario *b)
{
    dt_scenario *sc = c->sc;
    size_t a, k, n_cells = b->n_actors * b->n_issues, n_stakes = 0;
    dt_stake *block;

    sc->actors = cp_alloc(c, b->n_actors, sizeof *sc->actors);
    if (!sc->actors)
        return;
    sc->n_actors = b->n_actors;
    for (a = 0; a < b->n_actors; a++) {
        dt_actor *ac = &sc->actors[a];

        *ac = b->actors[a];
        ac->id = cp_str(c, ac->id);
        ac->name = cp_str(c, ac->name);
        ac->note = cp_str(c, ac->note);
        cp_value(c, &ac->capability);
    }
    if (b->no_deal) {
        sc->no_deal = cp_alloc(c, b->n_actors, sizeof *sc->no_deal);
        if (!sc->no_deal)
            return;
        for (a = 0; a < b->n_actors; a++) {
            sc->no_deal[a] = b->no_deal[a];
            cp_value(c, &sc->no_deal[a].cost);
            sc->no_deal[a].note = cp_str(c, sc->no_deal[a].note);
        }
    }
    if (n_cells == 0)
        return;
    sc->stakes = cp_alloc(c, n_cells, sizeof *sc->stakes);
    for (k = 0; k < n_cells; k++)
        n_stakes += b->stakes[k] != NULL;
    block = cp_alloc(c, n_stakes, sizeof *block);
    if (!sc->stakes || (n_stakes && !block))
        return;
    for (k = 0; k < n_cells; k++) {
        dt_stake *st;

        if (!b->stakes[k])
            continue;
        st = block++;
        *st = *b->stakes[k];
        cp_value(c, &st->position);
        cp_value(c, &st->salience);
        cp_value(c, &st->capability);
        cp_value(c, &st->no_deal);
        cp_red_line(c, &st->red_line);
        st->note = cp_str(c, st->note);
        sc->stakes[k] = st;
    }
}

static void copy_constraints(cp *c, const dt_scenario *b)
{
    dt_scenario *sc = c->sc;
    size_t i;

    sc->constraints = cp_alloc(c, b->n_constraints, sizeof *sc->constraints);
    if (!sc->constraints)
        return;
    sc->n_constraints = b->n_constraints;
    for (i = 0; i < b->n_constraints; i++) {
        const dt_constraint *from = &b->constraints[i];
        dt_constraint *to = &sc->constraints[i];
        size_t *issue = cp_alloc(c, from->n_terms, sizeof *issue);
        double *coef = cp_alloc(c, from->n_terms, sizeof *coef);

        *to = *from;
        to->note = cp_str(c, from->note);
        to->issue = issue;
        to->coef = coef;
        if (!issue || !coef)
            return;
        memcpy(issue, from->issue, from->n_terms * sizeof *issue);
        memcpy(coef, from->coef, from->n_terms * sizeof *coef);
    }
}

static void copy_levers(cp *c, const dt_scenario *b)
{
    dt_scenario *sc = c->sc;
    size_t i, k;

    sc->levers = cp_alloc(c, b->n_levers, sizeof *sc->levers);
    if (!sc->levers)
        return;
    sc->n_levers = b->n_levers;
    for (i = 0; i < b->n_levers; i++) {
        const dt_lever *from = &b->levers[i];
        dt_lever *to = &sc->levers[i];
        dt_effect *fx = cp_alloc(c, from->n_effects, sizeof *fx);

        *to = *from;
        to->id = cp_str(c, from->id);
        to->name = cp_str(c, from->name);
        to->description = cp_str(c, from->description);
        to->note = cp_str(c, from->note);
        to->effects = fx;
        if (!fx)
            return;
        for (k = 0; k < from->n_effects; k++) {
            fx[k] = from->effects[k];
            fx[k].note = cp_str(c, fx[k].note);
            cp_red_line(c, &fx[k].red_line);
        }
    }
}

static void copy_rest(cp *c, const dt_scenario *b)
{
    dt_scenario *sc = c->sc;
    size_t i;

    sc->format = b->format;
    sc->salience_divisor = b->salience_divisor;
    sc->uncertainty = b->uncertainty;
    sc->name = cp_str(c, b->name);
    sc->date = cp_str(c, b->date);
    sc->description = cp_str(c, b->description);
    sc->note = cp_str(c, b->note);
    sc->sources = cp_alloc(c, b->n_sources, sizeof *sc->sources);
    if (b->n_sources && !sc->sources)
        return;
    sc->n_sources = b->n_sources;
    for (i = 0; i < b->n_sources; i++)
        sc->sources[i] = cp_str(c, b->sources[i]);
    sc->has_outcome = b->has_outcome;
    sc->outcome = b->outcome;
    sc->outcome.description = cp_str(c, b->outcome.description);
    sc->outcome.note = cp_str(c, b->outcome.note);
    if (!b->has_outcome_value)
        return;
    sc->has_outcome_value =
        cp_alloc(c, b->n_issues, sizeof *sc->has_outcome_value);
    sc->outcome_value = cp_alloc(c, b->n_issues, sizeof *sc->outcome_value);
    if (!sc->has_outcome_value || !sc->outcome_value)
        return;
    memcpy(sc->has_outcome_value, b->has_outcome_value,
           b->n_issues * sizeof *sc->has_outcome_value);
    for (i = 0; i < b->n_issues; i++) {
        sc->outcome_value[i] = b->outcome_value[i];
        cp_value(c, &sc->outcome_value[i]);
    }
}

/* A deep copy of b: nothing in it points into b's arena. */
static dt_status copy_scenario(const dt_scenario *b, dt_scenario **out,
                               dt_error *err)
{
    cp c;
    dt_status rc;

    *out = NULL;
    rc = dt__scenario_new(b->alloc, b->path, &c.sc, err);
    if (rc != DT_OK)
        return rc;
    c.nomem = 0;
    copy_rest(&c, b);
    if (!c.nomem)
        copy_issues(&c, b);
    if (!c.nomem)
        copy_actors(&c, b);
    if (!c.nomem)
        copy_constraints(&c, b);
    if (!c.nomem)
        copy_levers(&c, b);
    if (c.nomem) {
        dt_scenario_free(c.sc);
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    *out = c.sc;
    return DT_OK;
}

/* ---- Effects. ---- */

/*
 * old (op) value, kept in [lo, hi]. lo and hi are -DBL_MAX and DBL_MAX
 * for unbounded quantities, so an overflow to infinity becomes the
 * largest finite double rather than a non-finite input to the models.
 */
static double apply_op(dt_effect_op op, double old, double value, double lo,
                       double hi)
{
    double x;

    switch (op) {
    case DT_OP_SET:
        x = value;
        break;
    case DT_OP_ADD:
        x = old + value;
        break;
    default:
        x = old * value;
        break;
    }
    if (isnan(x))
        x = lo > -DBL_MAX ? lo : 0.0;
    return x < lo ? lo : x > hi ? hi : x;
}

/* The changed value now stands on the effect's judgement and location. */
static void set_value(dt_value *v, double x, const dt_effect *e)
{
    v->v = x;
    v->note = e->note;
    v->loc = e->loc;
}

/*
 * Capability: on one issue, the effective capability there (the override,
 * else the actor's) becomes an override; on no issue, the actor's
 * capability and every per-issue override it has change alike, since the
 * lever changes the actor's power as a whole.
 */
static void apply_capability(dt_scenario *sc, const dt_effect *e)
{
    dt_actor *ac = &sc->actors[e->actor];
    size_t i;

    if (e->issue != (size_t)-1) {
        dt_stake *st = sc->stakes[e->actor * sc->n_issues + e->issue];
        double old = st->has_capability ? st->capability.v : ac->capability.v;

        set_value(&st->capability, apply_op(e->op, old, e->value, 0.0, DBL_MAX),
                  e);
        st->has_capability = 1;
        return;
    }
    set_value(&ac->capability,
              apply_op(e->op, ac->capability.v, e->value, 0.0, DBL_MAX), e);
    for (i = 0; i < sc->n_issues; i++) {
        dt_stake *st = sc->stakes[e->actor * sc->n_issues + i];

        if (st && st->has_capability)
            set_value(&st->capability,
                      apply_op(e->op, st->capability.v, e->value, 0.0, DBL_MAX),
                      e);
    }
}

static void apply_no_deal_cost(dt_scenario *sc, const dt_effect *e)
{
    dt_no_deal *nd = &sc->no_deal[e->actor];
    double old = nd->has_cost ? nd->cost.v : 0.0;

    set_value(&nd->cost, apply_op(e->op, old, e->value, -DBL_MAX, DBL_MAX), e);
    nd->has_cost = 1;
}

static void apply_effect(dt_scenario *sc, const dt_effect *e)
{
    dt_stake *st = NULL;

    if (e->issue != (size_t)-1 && e->kind != DT_EFFECT_NO_DEAL_COST)
        st = sc->stakes[e->actor * sc->n_issues + e->issue];
    switch (e->kind) {
    case DT_EFFECT_CAPABILITY:
        apply_capability(sc, e);
        break;
    case DT_EFFECT_SALIENCE:
        set_value(&st->salience,
                  apply_op(e->op, st->salience.v, e->value, 0.0, 100.0), e);
        break;
    case DT_EFFECT_POSITION:
        set_value(&st->position,
                  apply_op(e->op, st->position.v, e->value, 0.0, 100.0), e);
        break;
    case DT_EFFECT_NO_DEAL_COST:
        apply_no_deal_cost(sc, e);
        break;
    case DT_EFFECT_RED_LINE_DROP:
        st->has_red_line = 0;
        memset(&st->red_line, 0, sizeof st->red_line);
        break;
    case DT_EFFECT_RED_LINE_ADD:
        st->has_red_line = 1;
        st->red_line = e->red_line;
        break;
    }
}

/*
 * The parser guarantees what apply_effect relies on (a known actor, a
 * stake where an issue is named); check it again here so that a scenario
 * built some other way fails cleanly instead of crashing.
 */
static int effect_ok(const dt_scenario *sc, const dt_effect *e)
{
    if (e->actor >= sc->n_actors)
        return 0;
    if (e->kind == DT_EFFECT_NO_DEAL_COST)
        return sc->no_deal != NULL;
    if (e->issue == (size_t)-1)
        return e->kind == DT_EFFECT_CAPABILITY;
    return e->issue < sc->n_issues &&
           sc->stakes[e->actor * sc->n_issues + e->issue] != NULL;
}

dt_status dt_scenario_apply_levers(const dt_scenario *base,
                                   const size_t *levers, size_t n,
                                   dt_scenario **out, dt_error *err)
{
    dt_scenario *sc = NULL;
    dt_status rc;
    size_t i, k;

    *out = NULL;
    for (i = 0; i < n; i++)
        if (levers[i] >= base->n_levers)
            return dt__error_set(err, DT_EINVAL,
                                 "no lever %zu (the scenario has %zu)",
                                 levers[i], base->n_levers);
    rc = copy_scenario(base, &sc, err);
    if (rc != DT_OK)
        return rc;
    for (i = 0; i < n; i++) {
        const dt_lever *lv = &sc->levers[levers[i]];

        for (k = 0; k < lv->n_effects; k++) {
            if (!effect_ok(sc, &lv->effects[k])) {
                dt_scenario_free(sc);
                return dt__error_set(err, DT_EINVAL,
                                     "lever '%s': effect %zu has no target",
                                     lv->id, k + 1);
            }
            apply_effect(sc, &lv->effects[k]);
        }
    }
    *out = sc;
    return DT_OK;
}
