/*
 * Parameter slots (scenario.h): the numbers of a scenario by index and
 * stable id, listed once after parsing (shared by clones), read and set
 * in constant time.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "scenario/scenario_int.h"

static const char *const kind_names[] = {
    "position",   "salience", "capability",  "capability",
    "status_quo", "no_deal",  "no_deal_cost"};

const char *dt_slot_kind_name(dt_slot_kind kind)
{
    return (unsigned)kind < 7 ? kind_names[kind] : "?";
}

/* Walk the slots in their order; fill sl when not NULL. Returns count. */
static size_t walk(const dt_scenario *sc, dt__slot *sl)
{
    size_t n = 0, a, i;

#define ADD(k, ac, is)                                                         \
    do {                                                                       \
        if (sl) {                                                              \
            sl[n].kind = (k);                                                  \
            sl[n].actor = (ac);                                                \
            sl[n].issue = (is);                                                \
        }                                                                      \
        n++;                                                                   \
    } while (0)
    for (i = 0; i < sc->n_issues; i++)
        if (sc->issues[i].has_status_quo)
            ADD(DT_SLOT_STATUS_QUO, (size_t)-1, i);
    for (a = 0; a < sc->n_actors; a++) {
        ADD(DT_SLOT_CAPABILITY, a, (size_t)-1);
        if (sc->no_deal && sc->no_deal[a].has_cost)
            ADD(DT_SLOT_NO_DEAL_COST, a, (size_t)-1);
        for (i = 0; i < sc->n_issues; i++) {
            const dt_stake *st = sc->stakes[a * sc->n_issues + i];

            if (!st)
                continue;
            ADD(DT_SLOT_POSITION, a, i);
            ADD(DT_SLOT_SALIENCE, a, i);
            if (st->has_capability)
                ADD(DT_SLOT_STAKE_CAPABILITY, a, i);
            if (st->has_no_deal)
                ADD(DT_SLOT_NO_DEAL, a, i);
        }
    }
#undef ADD
    return n;
}

dt_status dt__scenario_slots(dt_scenario *sc, dt_error *err)
{
    size_t n = walk(sc, NULL);
    dt__slot *sl = n ? dt__arena_alloc(&sc->arena, n * sizeof *sl) : NULL;

    if (n && !sl)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    walk(sc, sl);
    sc->slots = sl;
    sc->n_slots = n;
    return DT_OK;
}

/* Where slot k's number lives in sc (NULL for a bad k). */
static dt_value *value_of(const dt_scenario *sc, size_t k)
{
    const dt__slot *s;
    dt_stake *st;

    if (k >= sc->n_slots)
        return NULL;
    s = &sc->slots[k];
    st = s->actor != (size_t)-1 && s->issue != (size_t)-1
             ? sc->stakes[s->actor * sc->n_issues + s->issue]
             : NULL;
    switch (s->kind) {
    case DT_SLOT_POSITION:
        return &st->position;
    case DT_SLOT_SALIENCE:
        return &st->salience;
    case DT_SLOT_CAPABILITY:
        return &sc->actors[s->actor].capability;
    case DT_SLOT_STAKE_CAPABILITY:
        return &st->capability;
    case DT_SLOT_STATUS_QUO:
        return &sc->issues[s->issue].status_quo;
    case DT_SLOT_NO_DEAL:
        return &st->no_deal;
    case DT_SLOT_NO_DEAL_COST:
        return &sc->no_deal[s->actor].cost;
    }
    return NULL;
}

static void range_of(dt_slot_kind kind, double *lo, double *hi)
{
    switch (kind) {
    case DT_SLOT_CAPABILITY:
    case DT_SLOT_STAKE_CAPABILITY:
        *lo = 0.0;
        *hi = HUGE_VAL;
        return;
    case DT_SLOT_NO_DEAL_COST:
        *lo = -HUGE_VAL;
        *hi = HUGE_VAL;
        return;
    default:
        *lo = 0.0;
        *hi = 100.0;
        return;
    }
}

size_t dt_scenario_n_slots(const dt_scenario *sc)
{
    return sc->n_slots;
}

int dt_scenario_slot(const dt_scenario *sc, size_t k, dt_slot *out)
{
    if (k >= sc->n_slots)
        return 0;
    out->kind = sc->slots[k].kind;
    out->actor = sc->slots[k].actor;
    out->issue = sc->slots[k].issue;
    out->value = value_of(sc, k);
    range_of(out->kind, &out->lo, &out->hi);
    return 1;
}

int dt_scenario_slot_id(const dt_scenario *sc, size_t k, char *buf, size_t n)
{
    const dt__slot *s;
    const char *a, *i;

    if (k >= sc->n_slots)
        return -1;
    s = &sc->slots[k];
    a = s->actor != (size_t)-1 ? sc->actors[s->actor].id : NULL;
    i = s->issue != (size_t)-1 ? sc->issues[s->issue].id : NULL;
    switch (s->kind) {
    case DT_SLOT_STATUS_QUO:
        return snprintf(buf, n, "%s.status_quo", i);
    case DT_SLOT_CAPABILITY:
        return snprintf(buf, n, "%s.capability", a);
    case DT_SLOT_NO_DEAL_COST:
        return snprintf(buf, n, "%s.no_deal.cost", a);
    case DT_SLOT_STAKE_CAPABILITY:
        return snprintf(buf, n, "%s.%s.capability", a, i);
    default:
        return snprintf(buf, n, "%s.%s.%s", a, i, kind_names[s->kind]);
    }
}

size_t dt_scenario_slot_find(const dt_scenario *sc, const char *id)
{
    char buf[512];
    size_t k;

    for (k = 0; id && k < sc->n_slots; k++) {
        int n = dt_scenario_slot_id(sc, k, buf, sizeof buf);

        if (n > 0 && (size_t)n < sizeof buf && strcmp(buf, id) == 0)
            return k;
    }
    return (size_t)-1;
}

dt_status dt_scenario_slot_set(dt_scenario *sc, size_t k, double v,
                               dt_error *err)
{
    dt_value *val = value_of(sc, k);
    double lo, hi;

    if (!val)
        return dt__error_set(err, DT_EINVAL,
                             "no slot %zu (the scenario has "
                             "%zu)",
                             k, sc->n_slots);
    range_of(sc->slots[k].kind, &lo, &hi);
    if (!isfinite(v) || v < lo || v > hi) {
        char id[256];

        dt_scenario_slot_id(sc, k, id, sizeof id);
        return dt__error_set(err, DT_ERANGE,
                             "%s: %g is not a valid value (expected %s)", id, v,
                             hi == HUGE_VAL && lo == 0.0 ? "a number >= 0"
                             : hi == HUGE_VAL            ? "a finite number"
                                              : "a number from 0 to 100");
    }
    val->v = v;
    return DT_OK;
}
