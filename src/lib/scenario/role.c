/*
 * Roles and ratification bodies (scenario.h): role names, who sits at the
 * table in forecasts, and the bodies' accessors. Apart from scenario.c so
 * that the YAML reader (yaml_roles.c) can name roles without a circle.
 */
#include "scenario/scenario_int.h"

const char *dt_role_name(dt_role role)
{
    switch (role) {
    case DT_ROLE_TABLE:
        return "table";
    case DT_ROLE_EXCLUDED:
        return "excluded";
    case DT_ROLE_RATIFIER:
        return "ratifier";
    case DT_ROLE_MEDIATOR:
        return "mediator";
    }
    return "?";
}

int dt_role_at_table(dt_role role)
{
    return role == DT_ROLE_TABLE || role == DT_ROLE_MEDIATOR;
}

size_t dt_scenario_n_bodies(const dt_scenario *sc)
{
    return sc->n_bodies;
}

const dt_body *dt_scenario_body(const dt_scenario *sc, size_t i)
{
    return i < sc->n_bodies ? &sc->bodies[i] : NULL;
}

size_t dt_scenario_body_of(const dt_scenario *sc, size_t a)
{
    size_t i, k;

    for (i = 0; i < sc->n_bodies; i++)
        for (k = 0; k < sc->bodies[i].n_members; k++)
            if (sc->bodies[i].members[k] == a)
                return i;
    return (size_t)-1;
}
