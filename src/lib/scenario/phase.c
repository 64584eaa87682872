/*
 * Phases (scenario.h, docs/scenario-format.md "Phases"): the accessors
 * and the scenario as of a phase, built by applying the phases in order
 * to a clone (levers, then role changes, then changed numbers) and taking
 * the phase's observed outcome.
 */
#include <string.h>

#include "scenario/scenario_int.h"

size_t dt_scenario_n_phases(const dt_scenario *sc)
{
    return sc->n_phases;
}

const dt_phase *dt_scenario_phase(const dt_scenario *sc, size_t k)
{
    return k < sc->n_phases ? &sc->phases[k] : NULL;
}

size_t dt_scenario_phase_index(const dt_scenario *sc, const char *id)
{
    size_t k;

    for (k = 0; id && k < sc->n_phases; k++)
        if (strcmp(sc->phases[k].id, id) == 0)
            return k;
    return (size_t)-1;
}

/* The slot a change sets, or (size_t)-1. */
static size_t change_slot(const dt_scenario *sc, const dt_phase_change *c)
{
    size_t k;

    for (k = 0; k < sc->n_slots; k++)
        if (sc->slots[k].kind == c->kind && sc->slots[k].actor == c->actor &&
            sc->slots[k].issue == c->issue)
            return k;
    return (size_t)-1;
}

/* Phase k's changes (not its levers) on cur, which owns its actors. */
static dt_status apply_changes(dt_scenario *cur, const dt_phase *ph,
                               dt_error *err)
{
    size_t i, k;
    dt_status rc;

    for (i = 0; i < ph->n_join; i++)
        cur->actors[ph->join[i]].role = DT_ROLE_TABLE;
    for (i = 0; i < ph->n_leave; i++)
        cur->actors[ph->leave[i]].role = DT_ROLE_EXCLUDED;
    for (i = 0; i < ph->n_changes; i++) {
        const dt_phase_change *c = &ph->changes[i];

        k = change_slot(cur, c);
        if (k == (size_t)-1)
            return dt__error_at(err, DT_ESCENARIO, cur->path, c->loc.line,
                                c->loc.col,
                                "phase '%s': the scenario has no %s to "
                                "change here (a phase changes numbers the "
                                "scenario writes: a status_quo, a no-deal "
                                "cost)",
                                ph->id, dt_slot_kind_name(c->kind));
        rc = dt_scenario_slot_set(cur, k, c->value, err);
        if (rc != DT_OK)
            return rc;
    }
    return DT_OK;
}

dt_status dt_scenario_at_phase(const dt_scenario *sc, size_t k,
                               dt_scenario **out, dt_error *err)
{
    dt_scenario *cur = NULL, *next;
    const dt_phase *ph;
    dt_status rc;
    size_t p;

    *out = NULL;
    if (k >= sc->n_phases)
        return dt__error_set(err, DT_EINVAL,
                             "no phase %zu (the scenario has %zu)", k,
                             sc->n_phases);
    rc = dt_scenario_clone(sc, &cur, err);
    for (p = 0; rc == DT_OK && p <= k; p++) {
        ph = &sc->phases[p];
        if (ph->n_levers) {
            rc = dt_scenario_apply_levers(cur, ph->levers, ph->n_levers, &next,
                                          err);
            if (rc != DT_OK)
                break;
            dt_scenario_free(cur);
            cur = next;
        }
        rc = apply_changes(cur, ph, err);
    }
    if (rc != DT_OK)
        goto out;
    /* The outcome observed at the end of phase k, and only that. */
    ph = &sc->phases[k];
    cur->has_outcome = ph->has_outcome != NULL;
    cur->outcome.description = ph->outcome_description;
    cur->outcome.note = NULL;
    cur->outcome.agreement = -1; /* phases record no agreement flag */
    cur->outcome.held = -1;
    cur->has_outcome_value = (int *)ph->has_outcome;
    cur->outcome_value = (dt_value *)ph->outcome;
    *out = cur;
    cur = NULL;
out:
    dt_scenario_free(cur);
    return rc;
}
