/*
 * Levers applied to a scenario (dt_scenario_apply_levers): a clone of the
 * base scenario (clone.c), then each chosen lever's effects in order,
 * every result clamped to its valid range. The base is never touched, so
 * threads may apply levers to one shared scenario.
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include "scenario/scenario_int.h"

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
    rc = dt_scenario_clone(base, &sc, err);
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
