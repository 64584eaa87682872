/*
 * The phases of a YAML scenario (docs/scenario-format.md, "Phases"): a
 * dated timeline, each phase with the levers it switches on, the actors
 * joining or leaving the table, the numbers it changes and its observed
 * outcome. phase.c applies them.
 */
#include <stdio.h>
#include <string.h>

#include "scenario/yaml_int.h"

/* Actor or lever ids of a list into idx; returns how many resolved. */
static size_t id_list(yp *p, const yaml_node_t *n, const char *key,
                      const char *phase, int levers, size_t *idx)
{
    const yaml_node_item_t *it;
    char ex[DT__QUOTE + 4];
    size_t k = 0, i;

    for (it = n->data.sequence.items.start;
         it < n->data.sequence.items.top && !dt__yaml_full(p); it++) {
        yaml_node_t *item = dt__yaml_node(p, *it);
        const char *id;
        size_t a = (size_t)-1;

        if (!item || !dt__yaml_type(p, item, YAML_SCALAR_NODE, key))
            continue;
        id = dt__yaml_scalar(item);
        if (levers) {
            for (i = 0; i < p->sc->n_levers; i++)
                if (strcmp(p->sc->levers[i].id, id) == 0)
                    a = i;
        } else if (p->actors_ok) {
            a = dt__yaml_find_actor(p, id);
        }
        if (a == (size_t)-1) {
            if (levers || (p->actors_ok && !p->actors_broken))
                dt__yaml_err(p, dt__yaml_loc(item),
                             "phase '%s': unknown %s '%s' in '%s'", phase,
                             levers ? "lever" : "actor", dt__excerpt(id, ex),
                             key);
            continue;
        }
        idx[k++] = a;
    }
    return k;
}

static const size_t *ids(yp *p, const yaml_node_t *n, const char *key,
                         const char *phase, int levers, size_t *count)
{
    size_t len, *idx;

    *count = 0;
    if (!dt__yaml_type(p, n, YAML_SEQUENCE_NODE, key))
        return NULL;
    len = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    idx = dt__yaml_alloc(p, len + 1, sizeof *idx);
    if (!idx)
        return NULL;
    *count = id_list(p, n, key, phase, levers, idx);
    return idx;
}

/*
 * One change: {actor, issue, position|salience|capability|no_deal_cost|
 * status_quo: NUMBER, note}.
 */
static void parse_change(yp *p, const yaml_node_t *n, const char *phase,
                         dt_phase_change *c)
{
    static const char *const keys[] = {
        "actor",      "issue",        "position",   "salience",
        "capability", "no_deal_cost", "status_quo", "note"};
    static const dt_slot_kind kinds[] = {
        DT_SLOT_POSITION, DT_SLOT_SALIENCE, DT_SLOT_CAPABILITY,
        DT_SLOT_NO_DEAL_COST, DT_SLOT_STATUS_QUO};
    yaml_node_t *v[8], *k[8];
    char ex[DT__QUOTE + 4];
    size_t i, n_what = 0, what = 0;
    dt_value val;

    c->loc = dt__yaml_loc(n);
    c->actor = c->issue = (size_t)-1;
    if (!dt__yaml_keys(p, n, "in a phase change", keys, 8, v, k))
        return;
    if (v[0] && dt__yaml_type(p, v[0], YAML_SCALAR_NODE, "actor") &&
        p->actors_ok) {
        c->actor = dt__yaml_find_actor(p, dt__yaml_scalar(v[0]));
        if (c->actor == (size_t)-1 && !p->actors_broken)
            dt__yaml_err(p, dt__yaml_loc(v[0]),
                         "phase '%s': unknown actor '%s'", phase,
                         dt__excerpt(dt__yaml_scalar(v[0]), ex));
    }
    if (v[1])
        c->issue = dt__yaml_issue_key(p, v[1]);
    for (i = 2; i < 7; i++)
        if (v[i]) {
            n_what++;
            what = i;
        }
    if (n_what != 1) {
        dt__yaml_err(p, c->loc,
                     "phase '%s': a change sets exactly one of position, "
                     "salience, capability, no_deal_cost, status_quo (got "
                     "%zu)",
                     phase, n_what);
        return;
    }
    c->kind = kinds[what - 2];
    if (v[7])
        c->note = dt__yaml_str(p, v[7], "note");
    if (!dt__yaml_plain_num(p, v[what], keys[what],
                            what == 4   ? R_NONNEG
                            : what == 5 ? R_FINITE
                                        : R_PCT,
                            &val))
        return;
    c->value = val.v;
    /* Which of actor and issue each kind needs. */
    if ((c->kind == DT_SLOT_STATUS_QUO) != !v[0] ||
        ((c->kind == DT_SLOT_POSITION || c->kind == DT_SLOT_SALIENCE ||
          c->kind == DT_SLOT_STATUS_QUO) &&
         !v[1]) ||
        ((c->kind == DT_SLOT_CAPABILITY || c->kind == DT_SLOT_NO_DEAL_COST) &&
         v[1])) {
        dt__yaml_err(p, c->loc, "phase '%s': '%s' needs %s", phase, keys[what],
                     c->kind == DT_SLOT_STATUS_QUO ? "an issue and no actor"
                     : c->kind == DT_SLOT_POSITION ||
                             c->kind == DT_SLOT_SALIENCE
                         ? "an actor and an issue"
                         : "an actor and no issue");
        return;
    }
    if ((c->kind == DT_SLOT_POSITION || c->kind == DT_SLOT_SALIENCE) &&
        c->actor != (size_t)-1 && c->issue != (size_t)-1 &&
        !p->sc->stakes[c->actor * p->sc->n_issues + c->issue])
        dt__yaml_err(p, c->loc,
                     "phase '%s': actor '%s' has no stake in issue '%s' "
                     "(a phase changes numbers, it does not add stakes)",
                     phase, p->sc->actors[c->actor].id,
                     p->sc->issues[c->issue].id);
}

static void parse_outcome(yp *p, const yaml_node_t *n, dt_phase *ph)
{
    static const char *const keys[] = {"description", "note", "issues"};
    yaml_node_t *v[3], *k[3];
    int *has = dt__yaml_alloc(p, p->sc->n_issues + 1, sizeof *has);
    dt_value *val = dt__yaml_alloc(p, p->sc->n_issues + 1, sizeof *val);
    const yaml_node_pair_t *pr;

    if (!has || !val ||
        !dt__yaml_keys(p, n, "in a phase outcome", keys, 3, v, k))
        return;
    ph->has_outcome = has;
    ph->outcome = val;
    if (v[0])
        ph->outcome_description = dt__yaml_str(p, v[0], "description");
    if (!v[2] || !dt__yaml_type(p, v[2], YAML_MAPPING_NODE, "issues"))
        return;
    for (pr = v[2]->data.mapping.pairs.start;
         pr < v[2]->data.mapping.pairs.top && !dt__yaml_full(p); pr++) {
        size_t q = dt__yaml_issue_key(p, dt__yaml_node(p, pr->key));
        yaml_node_t *vn = dt__yaml_node(p, pr->value);

        if (q == (size_t)-1 || !vn)
            continue;
        if (dt__yaml_num(p, vn, "outcome", R_PCT, &val[q]))
            has[q] = 1;
    }
}

static void parse_phase(yp *p, const yaml_node_t *n, dt_phase *ph)
{
    static const char *const keys[] = {"id",    "name",    "date",
                                       "note",  "levers",  "join",
                                       "leave", "changes", "outcome"};
    yaml_node_t *v[9], *k[9];
    const yaml_node_item_t *it;
    dt_phase_change *ch;
    size_t len;

    ph->loc = dt__yaml_loc(n);
    if (!dt__yaml_keys(p, n, "in phase", keys, 9, v, k))
        return;
    if (v[0])
        ph->id = dt__yaml_id(p, v[0], "phase");
    if (!ph->id) {
        ph->id = "?";
        if (!v[0])
            dt__yaml_err(p, ph->loc, "phase is missing required key 'id'");
    }
    if (v[1])
        ph->name = dt__yaml_str(p, v[1], "name");
    if (v[2])
        ph->date = dt__yaml_str(p, v[2], "date");
    if (v[3])
        ph->note = dt__yaml_str(p, v[3], "note");
    if (v[4])
        ph->levers = ids(p, v[4], "levers", ph->id, 1, &ph->n_levers);
    if (v[5])
        ph->join = ids(p, v[5], "join", ph->id, 0, &ph->n_join);
    if (v[6])
        ph->leave = ids(p, v[6], "leave", ph->id, 0, &ph->n_leave);
    if (v[7] && dt__yaml_type(p, v[7], YAML_SEQUENCE_NODE, "changes")) {
        len = (size_t)(v[7]->data.sequence.items.top -
                       v[7]->data.sequence.items.start);
        ch = dt__yaml_alloc(p, len + 1, sizeof *ch);
        if (!ch)
            return;
        for (it = v[7]->data.sequence.items.start;
             it < v[7]->data.sequence.items.top && !dt__yaml_full(p); it++) {
            yaml_node_t *item = dt__yaml_node(p, *it);

            if (item)
                parse_change(p, item, ph->id, &ch[ph->n_changes++]);
        }
        ph->changes = ch;
    }
    if (v[8])
        parse_outcome(p, v[8], ph);
}

void dt__yaml_phases(yp *p, const yaml_node_t *n)
{
    const yaml_node_item_t *it;
    size_t len, i;

    len = dt__yaml_list(p, n, "phases", "phases");
    if (len == 0)
        return;
    p->sc->phases = dt__yaml_alloc(p, len, sizeof *p->sc->phases);
    if (!p->sc->phases)
        return;
    for (it = n->data.sequence.items.start;
         it < n->data.sequence.items.top && !dt__yaml_full(p); it++) {
        yaml_node_t *item = dt__yaml_node(p, *it);
        dt_phase *ph = &p->sc->phases[p->sc->n_phases];

        if (!item)
            continue;
        parse_phase(p, item, ph);
        p->sc->n_phases++;
        for (i = 0; i + 1 < p->sc->n_phases; i++)
            if (strcmp(p->sc->phases[i].id, ph->id) == 0 &&
                strcmp(ph->id, "?") != 0)
                dt__yaml_err(p, ph->loc, "duplicate phase id '%s'", ph->id);
    }
}
