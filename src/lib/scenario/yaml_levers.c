/*
 * The levers of a YAML scenario (docs/scenario-format.md "Levers"): each
 * lever's fields and its effects on capabilities, saliences, positions,
 * no-deal costs and red lines. Helpers in yaml_node.c; a red line an
 * effect adds is read by yaml_actors.c.
 */
#include <stdio.h>
#include <string.h>

#include "scenario/yaml_int.h"

/*
 * Resolve an actor id written as the value of `key`. Returns the index,
 * or (size_t)-1 after reporting an unknown id. As for issues, nothing is
 * reported when an actor entry is itself broken.
 */
static size_t actor_ref(yp *p, const yaml_node_t *n, const char *key)
{
    char ex[DT__QUOTE + 4], expected[160];
    const char *words[64];
    size_t i, w = 0, idx;

    if (!dt__yaml_type(p, n, YAML_SCALAR_NODE, key) || !p->actors_ok)
        return (size_t)-1;
    idx = dt__yaml_find_actor(p, dt__yaml_scalar(n));
    if (idx != (size_t)-1 || p->actors_broken)
        return idx;
    for (i = 0; i < p->sc->n_actors && w < 64; i++)
        if (dt__yaml_find_actor(p, p->sc->actors[i].id) == i)
            words[w++] = p->sc->actors[i].id;
    dt__yaml_join(words, w, expected, sizeof expected);
    dt__yaml_err(p, dt__yaml_loc(n), "unknown actor '%s' (expected one of: %s)",
                 dt__excerpt(dt__yaml_scalar(n), ex), expected);
    return (size_t)-1;
}

/* Names of an effect's targets, in the order of the effect's keys. */
static const char *const effect_targets[] = {
    "capability", "salience", "position", "no_deal_cost", "red_line"};
#define N_TARGETS 5

/*
 * Of the keys k[idx[0..n)] present, the one written first in the file
 * (-1 when none is), so that "more than one" errors point at the later
 * keys.
 */
static int first_written(yaml_node_t *const *k, const size_t *idx, size_t n)
{
    size_t i;
    int first = -1;

    for (i = 0; i < n; i++)
        if (k[idx[i]] && (first < 0 || k[idx[i]]->start_mark.index <
                                           k[idx[first]]->start_mark.index))
            first = (int)i;
    return first;
}

/*
 * An operation {set|add|scale: NUMBER} on the effect target `target`.
 * `set_range` bounds the value of set; add takes any finite number and
 * scale any number >= 0 (results are clamped when the lever is applied).
 */
static void parse_op(yp *p, const yaml_node_t *n, const char *target,
                     enum range set_range, dt_effect *e)
{
    static const char *const keys[] = {"set", "add", "scale"};
    static const enum dt_effect_op ops[] = {DT_OP_SET, DT_OP_ADD, DT_OP_SCALE};
    static const size_t all[] = {0, 1, 2};
    yaml_node_t *v[3], *k[3];
    enum range ranges[3];
    char where[64];
    dt_value val;
    size_t i;
    int first;

    if (!dt__yaml_type(p, n, YAML_MAPPING_NODE, target))
        return;
    ranges[0] = set_range;
    ranges[1] = R_FINITE;
    ranges[2] = R_NONNEG;
    snprintf(where, sizeof where, "in '%s'", target);
    dt__yaml_keys(p, n, where, keys, 3, v, k);
    first = first_written(k, all, 3);
    if (first < 0) {
        dt__yaml_err(p, dt__yaml_loc(n), "'%s' needs one of set, add, scale",
                     target);
        return;
    }
    for (i = 0; i < 3; i++)
        if (v[i] && (int)i != first)
            dt__yaml_err(p, dt__yaml_loc(k[i]),
                         "'%s' has more than one operation ('%s' and '%s')",
                         target, keys[first], keys[i]);
    e->op = ops[first];
    if (dt__yaml_num(p, v[first], keys[first], ranges[first], &val))
        e->value = val.v;
}

/* red_line: drop, or a red line that replaces the actor's on the issue. */
static void parse_red_line_effect(yp *p, const yaml_node_t *n, dt_effect *e)
{
    char desc[DT__QUOTE + 8];

    if (n->type == YAML_MAPPING_NODE) {
        e->kind = DT_EFFECT_RED_LINE_ADD;
        dt__yaml_red_line(p, n, &e->red_line);
        return;
    }
    e->kind = DT_EFFECT_RED_LINE_DROP;
    if (n->type == YAML_SCALAR_NODE && strcmp(dt__yaml_scalar(n), "drop") == 0)
        return;
    dt__yaml_err(
        p, dt__yaml_loc(n),
        "red_line must be 'drop' or a mapping with 'above' or 'below', "
        "got %s",
        dt__yaml_describe(n, desc));
}

/* The target of an effect: which of keys 2..6 is set, checked. */
static void parse_effect_target(yp *p, yaml_node_t *const *v,
                                yaml_node_t *const *k, dt_effect *e,
                                int *target)
{
    static const size_t idx[N_TARGETS] = {2, 3, 4, 5, 6};
    size_t t;

    *target = first_written(k, idx, N_TARGETS);
    for (t = 0; t < N_TARGETS && *target >= 0; t++)
        if (v[idx[t]] && (int)t != *target)
            dt__yaml_err(p, dt__yaml_loc(k[idx[t]]),
                         "effect has more than one target ('%s' and '%s'); use "
                         "one effect per change",
                         effect_targets[*target], effect_targets[t]);
    switch (*target) {
    case 0:
        e->kind = DT_EFFECT_CAPABILITY;
        parse_op(p, v[2], "capability", R_NONNEG, e);
        break;
    case 1:
        e->kind = DT_EFFECT_SALIENCE;
        parse_op(p, v[3], "salience", R_PCT, e);
        break;
    case 2:
        e->kind = DT_EFFECT_POSITION;
        parse_op(p, v[4], "position", R_PCT, e);
        break;
    case 3:
        e->kind = DT_EFFECT_NO_DEAL_COST;
        parse_op(p, v[5], "no_deal_cost", R_FINITE, e);
        break;
    case 4:
        parse_red_line_effect(p, v[6], e);
        break;
    default:
        break;
    }
}

static void parse_effect(yp *p, const yaml_node_t *n, dt_effect *e)
{
    static const char *const keys[] = {"actor",    "issue",    "capability",
                                       "salience", "position", "no_deal_cost",
                                       "red_line", "note"};
    dt_scenario *sc = p->sc;
    yaml_node_t *v[8], *k[8];
    char ex[DT__QUOTE + 4], ex2[DT__QUOTE + 4];
    int target;

    e->loc = dt__yaml_loc(n);
    e->actor = (size_t)-1;
    e->issue = (size_t)-1;
    dt__yaml_keys(p, n, "in effect", keys, 8, v, k);
    if (v[0])
        e->actor = actor_ref(p, v[0], "actor");
    else
        dt__yaml_err(p, e->loc, "effect is missing required key 'actor'");
    if (v[1] && dt__yaml_type(p, v[1], YAML_SCALAR_NODE, "issue"))
        e->issue = dt__yaml_issue_key(p, v[1]);
    if (v[7])
        e->note = dt__yaml_str(p, v[7], "note");
    parse_effect_target(p, v, k, e, &target);
    if (target < 0) {
        dt__yaml_err(p, e->loc,
                     "effect needs one of capability, salience, position, "
                     "no_deal_cost, red_line");
        return;
    }
    if (target == 3 && v[1]) {
        dt__yaml_err(
            p, dt__yaml_loc(k[1]),
            "effect on 'no_deal_cost' takes no 'issue' (the cost is the "
            "actor's)");
        e->issue = (size_t)-1;
        return;
    }
    if (target != 0 && target != 3 && !v[1]) {
        dt__yaml_err(p, e->loc, "effect on '%s' needs an 'issue'",
                     effect_targets[target]);
        return;
    }
    /* Salience, position, red lines and overrides live on a stake. */
    if (e->actor != (size_t)-1 && e->issue != (size_t)-1 &&
        !sc->stakes[e->actor * sc->n_issues + e->issue])
        dt__yaml_err(p, dt__yaml_loc(v[1]),
                     "actor '%s' has no stake in issue '%s'",
                     dt__excerpt(sc->actors[e->actor].id, ex),
                     dt__excerpt(sc->issues[e->issue].id, ex2));
}

static void parse_lever(yp *p, const yaml_node_t *n, dt_lever *lv)
{
    static const char *const keys[] = {"id",          "name", "by",
                                       "description", "note", "effects"};
    yaml_node_t *v[6], *k[6];
    char ex[DT__QUOTE + 4], desc[DT__QUOTE + 8];
    const yaml_node_item_t *it;
    dt_effect *fx;
    size_t i, len;

    lv->loc = dt__yaml_loc(n);
    lv->by = (size_t)-1;
    dt__yaml_keys(p, n, "in lever", keys, 6, v, k);
    if (v[0])
        lv->id = dt__yaml_id(p, v[0], "lever");
    if (v[1])
        lv->name = dt__yaml_str(p, v[1], "name");
    if (v[2])
        lv->by = actor_ref(p, v[2], "by");
    if (v[3])
        lv->description = dt__yaml_str(p, v[3], "description");
    if (v[4])
        lv->note = dt__yaml_str(p, v[4], "note");
    for (i = 0; i < 6; i++) {
        if (v[i] || (i != 0 && i != 2 && i != 5))
            continue;
        if (lv->id)
            dt__yaml_err(p, lv->loc, "lever '%s' is missing required key '%s'",
                         dt__excerpt(lv->id, ex), keys[i]);
        else
            dt__yaml_err(p, lv->loc, "lever is missing required key '%s'",
                         keys[i]);
    }
    if (!lv->id)
        lv->id = "?";
    if (!v[5])
        return;
    len = dt__yaml_list(p, v[5], "effects", "effect");
    if (len == 0)
        return;
    fx = dt__yaml_alloc(p, len, sizeof *fx);
    if (!fx)
        return;
    lv->effects = fx;
    for (it = v[5]->data.sequence.items.start;
         it < v[5]->data.sequence.items.top && !dt__yaml_full(p); it++) {
        yaml_node_t *item = dt__yaml_node(p, *it);

        if (!item)
            continue;
        if (item->type != YAML_MAPPING_NODE) {
            dt__yaml_err(p, dt__yaml_loc(item),
                         "expected a mapping for an effect, got %s",
                         dt__yaml_describe(item, desc));
            continue;
        }
        parse_effect(p, item, &fx[lv->n_effects++]);
    }
}

static const dt_loc *lever_loc(const yp *p, size_t i)
{
    return &p->sc->levers[i].loc;
}

/* The top-level levers list; may be empty. Needs the actors and issues. */
void dt__yaml_levers(yp *p, const yaml_node_t *n)
{
    dt_scenario *sc = p->sc;
    const yaml_node_item_t *it;
    char desc[DT__QUOTE + 8];
    idref *ids;
    size_t i, len, n_ids = 0;

    if (!dt__yaml_type(p, n, YAML_SEQUENCE_NODE, "levers"))
        return;
    len = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    if (len == 0)
        return;
    sc->levers = dt__yaml_alloc(p, len, sizeof *sc->levers);
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
                         "expected a mapping for a lever, got %s",
                         dt__yaml_describe(item, desc));
            continue;
        }
        parse_lever(p, item, &sc->levers[sc->n_levers++]);
    }
    for (i = 0; i < sc->n_levers; i++) {
        if (strcmp(sc->levers[i].id, "?") == 0)
            continue;
        ids[n_ids].id = sc->levers[i].id;
        ids[n_ids].idx = i;
        n_ids++;
    }
    dt__yaml_dup_ids(p, ids, n_ids, "lever", lever_loc);
}
