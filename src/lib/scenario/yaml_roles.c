/*
 * The ratification bodies of a YAML scenario (docs/scenario-format.md,
 * "Ratifiers, bodies and mediators"): each body's members (actors with
 * role ratifier, each in at most one body), their weights and the quota.
 * The roles themselves are read with the actors (yaml_actors.c).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "scenario/yaml_int.h"

/* Members of body b from the list node n; returns how many were read. */
static size_t parse_members(yp *p, const yaml_node_t *n, dt_body *b,
                            size_t *members)
{
    const yaml_node_item_t *it;
    char ex[DT__QUOTE + 4];
    size_t k = 0, j, i;

    for (it = n->data.sequence.items.start;
         it < n->data.sequence.items.top && !dt__yaml_full(p); it++) {
        yaml_node_t *item = dt__yaml_node(p, *it);
        const char *id;
        size_t a;

        if (!item || !dt__yaml_type(p, item, YAML_SCALAR_NODE, "members"))
            continue;
        id = dt__yaml_scalar(item);
        a = p->actors_ok ? dt__yaml_find_actor(p, id) : (size_t)-1;
        if (a == (size_t)-1) {
            if (p->actors_ok && !p->actors_broken)
                dt__yaml_err(p, dt__yaml_loc(item),
                             "body '%s': unknown actor '%s'", b->id,
                             dt__excerpt(id, ex));
            continue;
        }
        if (p->sc->actors[a].role != DT_ROLE_RATIFIER)
            dt__yaml_err(p, dt__yaml_loc(item),
                         "body '%s': member '%s' has role '%s' (expected "
                         "'ratifier': a body's members ratify, they do not "
                         "bargain)",
                         b->id, dt__excerpt(id, ex),
                         dt_role_name(p->sc->actors[a].role));
        for (j = 0; j < k; j++)
            if (members[j] == a)
                dt__yaml_err(p, dt__yaml_loc(item),
                             "body '%s': member '%s' is listed twice", b->id,
                             dt__excerpt(id, ex));
        /* An actor votes in one body only. */
        for (i = 0; i < p->sc->n_bodies; i++)
            for (j = 0; j < p->sc->bodies[i].n_members; j++)
                if (p->sc->bodies[i].members[j] == a)
                    dt__yaml_err(p, dt__yaml_loc(item),
                                 "body '%s': member '%s' is already a "
                                 "member of body '%s'",
                                 b->id, dt__excerpt(id, ex),
                                 p->sc->bodies[i].id);
        members[k++] = a;
    }
    return k;
}

/* weights: [w1, w2, ...], one per member, each > 0. */
static void parse_weights(yp *p, const yaml_node_t *n, dt_body *b, double *w,
                          size_t n_listed)
{
    const yaml_node_item_t *it;
    size_t k = 0, len;

    if (!dt__yaml_type(p, n, YAML_SEQUENCE_NODE, "weights"))
        return;
    len = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    if (len != n_listed) {
        dt__yaml_err(p, dt__yaml_loc(n),
                     "body '%s': %zu weights for %zu members (expected one "
                     "weight per member)",
                     b->id, len, n_listed);
        return;
    }
    for (it = n->data.sequence.items.start;
         it < n->data.sequence.items.top && !dt__yaml_full(p); it++, k++) {
        yaml_node_t *item = dt__yaml_node(p, *it);
        dt_value v;

        if (!item || !dt__yaml_plain_num(p, item, "weights", R_NONNEG, &v))
            continue;
        if (!(v.v > 0.0))
            dt__yaml_err(p, dt__yaml_loc(item),
                         "body '%s': weight %g must be > 0", b->id, v.v);
        else
            w[k] = v.v;
    }
    b->has_weights = 1;
}

/* quota: a number in (0, total weight], or 'unanimity'. */
static void parse_quota(yp *p, const yaml_node_t *n, dt_body *b, double total)
{
    dt_value v;

    if (n->type == YAML_SCALAR_NODE &&
        strcmp(dt__yaml_scalar(n), "unanimity") == 0) {
        b->unanimity = 1;
        b->quota = total;
        return;
    }
    if (!dt__yaml_plain_num(p, n, "quota", R_NONNEG, &v))
        return;
    if (!(v.v > 0.0) || v.v > total * (1.0 + 1e-12))
        dt__yaml_err(p, dt__yaml_loc(n),
                     "body '%s': quota %g must be > 0 and at most the total "
                     "weight of the members, %g (or 'unanimity')",
                     b->id, v.v, total);
    else
        b->quota = v.v;
}

static void parse_body(yp *p, const yaml_node_t *n, dt_body *b)
{
    static const char *const keys[] = {"id",      "name",  "members",
                                       "weights", "quota", "note"};
    yaml_node_t *v[6], *k[6];
    size_t nm = 0, len, i;
    size_t *members;
    double *w, total = 0.0;

    b->loc = dt__yaml_loc(n);
    if (!dt__yaml_keys(p, n, "in body", keys, 6, v, k))
        return;
    if (v[0])
        b->id = dt__yaml_id(p, v[0], "body");
    if (!b->id)
        b->id = "?";
    for (i = 0; i < 6; i++)
        if (!v[i] && (i == 0 || i == 2 || i == 4))
            dt__yaml_err(p, b->loc, "body '%s' is missing required key '%s'",
                         b->id, keys[i]);
    if (v[1])
        b->name = dt__yaml_str(p, v[1], "name");
    if (v[5])
        b->note = dt__yaml_str(p, v[5], "note");
    if (!v[2])
        return;
    len = dt__yaml_list(p, v[2], "members", "members");
    if (len == 0)
        return;
    members = dt__yaml_alloc(p, len, sizeof *members);
    w = dt__yaml_alloc(p, len, sizeof *w);
    if (!members || !w)
        return;
    nm = parse_members(p, v[2], b, members);
    for (i = 0; i < len; i++)
        w[i] = 1.0;
    if (v[3])
        parse_weights(p, v[3], b, w, len);
    for (i = 0; i < len; i++)
        total += w[i];
    if (v[4])
        parse_quota(p, v[4], b, total);
    /* Unresolved members were reported: the scenario is refused. */
    b->n_members = nm;
    b->members = members;
    b->weights = w;
}

void dt__yaml_bodies(yp *p, const yaml_node_t *n)
{
    const yaml_node_item_t *it;
    size_t len, i;

    len = dt__yaml_list(p, n, "bodies", "bodies");
    if (len == 0)
        return;
    p->sc->bodies = dt__yaml_alloc(p, len, sizeof *p->sc->bodies);
    if (!p->sc->bodies)
        return;
    for (it = n->data.sequence.items.start;
         it < n->data.sequence.items.top && !dt__yaml_full(p); it++) {
        yaml_node_t *item = dt__yaml_node(p, *it);
        dt_body *b = &p->sc->bodies[p->sc->n_bodies];

        if (!item)
            continue;
        parse_body(p, item, b);
        p->sc->n_bodies++;
        for (i = 0; i + 1 < p->sc->n_bodies; i++)
            if (strcmp(p->sc->bodies[i].id, b->id) == 0 &&
                strcmp(b->id, "?") != 0)
                dt__yaml_err(p, b->loc, "duplicate body id '%s'", b->id);
    }
}
