/*
 * Clones of a scenario (dt_scenario_clone, scenario.h): the numbers a
 * slot or a lever can change are copied into the clone's own arena -
 * issues, actors, the stake table and its stakes, the no-deal terms -
 * and everything else is shared with the loaded scenario, whose
 * reference count keeps its arena alive (scenario_int.h). This is the
 * one copy of a scenario in the library: levers, the sweep's workers and
 * what-ifs all work on clones.
 */
#include <stdatomic.h>
#include <string.h>

#include "scenario/scenario_int.h"

/* n elements of size bytes copied into sc's arena; NULL when n is 0. */
static void *dup(dt_scenario *sc, const void *p, size_t n, size_t size,
                 int *nomem)
{
    void *q;

    if (n == 0 || !p)
        return NULL;
    q = dt__arena_alloc(&sc->arena, n * size);
    if (!q) {
        *nomem = 1;
        return NULL;
    }
    memcpy(q, p, n * size);
    return q;
}

dt_status dt_scenario_clone(const dt_scenario *sc, dt_scenario **out,
                            dt_error *err)
{
    dt_scenario *root = sc->origin ? sc->origin : (dt_scenario *)sc;
    size_t na = sc->n_actors, ni = sc->n_issues, k, n_stakes = 0;
    dt_scenario *c;
    dt_stake *block;
    int nomem = 0;

    *out = NULL;
    c = dt__alloc(sc->alloc, sizeof *c);
    if (!c)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    /*
     * Everything but the reference count, which other threads cloning
     * the same scenario change atomically meanwhile (reading it with
     * memcpy was a data race, found by ThreadSanitizer in test_threads).
     */
    memcpy(c, sc, offsetof(dt_scenario, refs));
    memcpy((char *)c + offsetof(dt_scenario, refs) + sizeof c->refs,
           (const char *)sc + offsetof(dt_scenario, refs) + sizeof sc->refs,
           sizeof *c - offsetof(dt_scenario, refs) - sizeof c->refs);
    dt__arena_init(&c->arena, sc->alloc);
    c->origin = root;
    atomic_init(&c->refs, 1);
    c->issues = dup(c, sc->issues, ni, sizeof *sc->issues, &nomem);
    c->actors = dup(c, sc->actors, na, sizeof *sc->actors, &nomem);
    c->no_deal = dup(c, sc->no_deal, na, sizeof *sc->no_deal, &nomem);
    c->stakes = dup(c, sc->stakes, na * ni, sizeof *sc->stakes, &nomem);
    c->whatif = dup(c, sc->whatif, sc->n_whatif, sizeof *sc->whatif, &nomem);
    for (k = 0; c->whatif && k < sc->n_whatif; k++)
        if (!(c->whatif[k] = dt__arena_strdup(&c->arena, sc->whatif[k])))
            nomem = 1;
    for (k = 0; c->stakes && k < na * ni; k++)
        n_stakes += sc->stakes[k] != NULL;
    block =
        n_stakes ? dt__arena_alloc(&c->arena, n_stakes * sizeof *block) : NULL;
    if (n_stakes && !block)
        nomem = 1;
    for (k = 0; !nomem && c->stakes && k < na * ni; k++)
        if (sc->stakes[k]) {
            *block = *sc->stakes[k];
            c->stakes[k] = block++;
        }
    if (nomem) {
        dt__arena_release(&c->arena);
        dt__free(sc->alloc, c, sizeof *c);
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    atomic_fetch_add(&root->refs, 1);
    *out = c;
    return DT_OK;
}
