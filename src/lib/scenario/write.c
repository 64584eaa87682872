/*
 * The scenario writer (scenario.h, "Writing a scenario"): a scenario as a
 * jansson tree in the shape of the YAML format (docs/scenario-format.md),
 * every key in that document's order, every note and spread kept, then
 * written as YAML or JSON by write_emit.c. What the reader normalises is
 * written so that reading it back gives the same scenario: a staged
 * deal's section-wide penalties are written in each plan (the reader
 * copies them there), a threat's default mu (1) is left out. A scenario
 * read from CSV, KTAB CSV or KTAB XML is written as the equivalent YAML:
 * saliences on 0-100 (the value x with x / 100 equal to what the models
 * read, the shortest such decimal), ids made valid and unique.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "scenario/write_int.h"

#include <detente/games.h>

/* The builder's state. */
typedef struct wt {
    const dt_scenario *sc;
    const char *placeholder; /* note for numbers without one, or NULL */
    int nomem;               /* an allocation failed */
    dt__arena arena;         /* ids made valid (CSV, KTAB) */
    const char **issue_id;   /* the ids as written, per issue */
    const char **actor_id;   /* the ids as written, per actor */
} wt;

/* ---- jansson with the failure remembered ---- */

static void put(wt *w, json_t *obj, const char *key, json_t *val)
{
    if (!val || !obj) {
        json_decref(val);
        w->nomem = 1;
        return;
    }
    /* jansson takes val even when it fails. */
    if (json_object_set_new(obj, key, val) != 0)
        w->nomem = 1;
}

static void push(wt *w, json_t *arr, json_t *val)
{
    if (!val || !arr) {
        json_decref(val);
        w->nomem = 1;
        return;
    }
    if (json_array_append_new(arr, val) != 0)
        w->nomem = 1;
}

/* An optional string: set when s is not NULL. */
static void put_str(wt *w, json_t *obj, const char *key, const char *s)
{
    if (s)
        put(w, obj, key, json_string(s));
}

/*
 * A number with its judgement: plain when it has no note and no spread,
 * else {value, note, sd} or {value, note, range}. `scale` multiplies the
 * spread's bounds (saliences of a CSV table); x is the value to write.
 */
static json_t *num(wt *w, const dt_value *v, double x, double scale)
{
    const char *note = v->note ? v->note : w->placeholder;
    json_t *o;

    if (!note && v->spread.kind == DT_SPREAD_NONE)
        return json_real(x);
    o = json_object();
    put(w, o, "value", json_real(x));
    put_str(w, o, "note", note);
    if (v->spread.kind == DT_SPREAD_NORMAL)
        put(w, o, "sd", json_real(v->spread.sd * scale));
    else if (v->spread.kind == DT_SPREAD_UNIFORM)
        put(w, o, "range",
            json_pack("[f,f]", v->spread.lo * scale, v->spread.hi * scale));
    return o;
}

/*
 * A salience on the YAML scale: the models read salience / divisor, and
 * read a YAML salience x as x / 100, so x must give x / 100 == what they
 * read. Of the candidates near 100 * that, the shortest decimal; when no
 * double gives it exactly (division can skip a value), the nearest.
 */
static double yaml_salience(const dt_scenario *sc, double s)
{
    double t, x0, y;
    char buf[48];
    int p, k;

    if (sc->salience_divisor == 100.0)
        return s;
    t = s / sc->salience_divisor;
    x0 = t * 100.0;
    for (p = 1; p <= 17; p++) {
        snprintf(buf, sizeof buf, "%.*e", p - 1, x0);
        if (dt__parse_double(buf, &y) && y / 100.0 == t && y >= 0.0 &&
            y <= 100.0)
            return y;
    }
    for (k = 1, y = x0; k <= 4; k++) {
        double up = nextafter(x0, INFINITY), dn = nextafter(x0, -INFINITY);
        int i;

        for (i = 1; i < k; i++) {
            up = nextafter(up, INFINITY);
            dn = nextafter(dn, -INFINITY);
        }
        if (up / 100.0 == t && up <= 100.0)
            return up;
        if (dn / 100.0 == t && dn >= 0.0)
            return dn;
    }
    return x0 > 100.0 ? 100.0 : x0;
}

/* A game number: plain, or {value, range, note} (value left out when it
 * is the range's midpoint, which the reader gives it). */
static json_t *gnum(wt *w, const dt_games_num *g)
{
    json_t *o;

    if (!g->note && !g->has_range)
        return json_real(g->v);
    o = json_object();
    if (!g->has_range || g->v != 0.5 * (g->lo + g->hi))
        put(w, o, "value", json_real(g->v));
    if (g->has_range)
        put(w, o, "range", json_pack("[f,f]", g->lo, g->hi));
    put_str(w, o, "note", g->note);
    return o;
}

/* ---- ids ---- */

/*
 * The id as YAML will read it: characters outside [A-Za-z0-9_.-] (a
 * UTF-8 sequence counting as one) become '_', an empty id "x"; then a
 * suffix "-2", "-3", ... while an earlier id of the list has it.
 */
static const char *valid_id(wt *w, const char *id, const char **done, size_t n)
{
    size_t len = strlen(id), i, k = 0, j;
    unsigned suffix = 1;
    char *s = dt__arena_alloc(&w->arena, len + 16);

    if (!s) {
        w->nomem = 1;
        return "x";
    }
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)id[i];

        if ((c & 0xc0u) == 0x80u)
            continue; /* a continuation byte: its lead wrote the '_' */
        s[k++] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                         (c >= '0' && c <= '9') || c == '_' || c == '.' ||
                         c == '-'
                     ? (char)c
                     : '_';
    }
    if (k == 0)
        s[k++] = 'x';
    s[k] = '\0';
    for (j = 0; j < n; j++) {
        if (strcmp(done[j], s) != 0)
            continue;
        snprintf(s + k, 16, "-%u", ++suffix);
        j = (size_t)-1; /* look again from the start */
    }
    return s;
}

/* The ids as written: the scenario's, made valid when it was not YAML. */
static void ids(wt *w)
{
    const dt_scenario *sc = w->sc;
    size_t i;

    w->issue_id =
        dt__arena_alloc(&w->arena, (sc->n_issues + 1) * sizeof *w->issue_id);
    w->actor_id =
        dt__arena_alloc(&w->arena, (sc->n_actors + 1) * sizeof *w->actor_id);
    if (!w->issue_id || !w->actor_id) {
        w->nomem = 1;
        return;
    }
    for (i = 0; i < sc->n_issues; i++)
        w->issue_id[i] = sc->format == DT_FORMAT_YAML
                             ? sc->issues[i].id
                             : valid_id(w, sc->issues[i].id, w->issue_id, i);
    for (i = 0; i < sc->n_actors; i++)
        w->actor_id[i] = sc->format == DT_FORMAT_YAML
                             ? sc->actors[i].id
                             : valid_id(w, sc->actors[i].id, w->actor_id, i);
}

/* ---- Sections ---- */

static json_t *issue(wt *w, size_t i)
{
    const dt_issue *is = &w->sc->issues[i];
    json_t *o = json_object();

    put_str(w, o, "id", w->issue_id[i]);
    put_str(w, o, "name", is->name ? is->name : w->issue_id[i]);
    put_str(w, o, "low", is->low);
    put_str(w, o, "high", is->high);
    if (is->has_status_quo)
        put(w, o, "status_quo", num(w, &is->status_quo, is->status_quo.v, 1.0));
    put_str(w, o, "note", is->note);
    return o;
}

static json_t *red_line(wt *w, const dt_red_line *rl)
{
    json_t *o = json_object();

    if (rl->has_above)
        put(w, o, "above", json_real(rl->above));
    if (rl->has_below)
        put(w, o, "below", json_real(rl->below));
    put_str(w, o, "note", rl->note);
    return o;
}

static dt_status stake(wt *w, size_t a, size_t i, json_t **out, dt_error *err)
{
    const dt_scenario *sc = w->sc;
    const dt_stake *st = sc->stakes[a * sc->n_issues + i];
    double scale = yaml_salience(sc, 1.0);
    json_t *o;

    *out = NULL;
    if (!(st->position.v >= 0.0 && st->position.v <= 100.0))
        return dt__error_set(
            err, DT_ESCENARIO,
            "actor '%s' in issue '%s': position %g is outside 0-100, "
            "which a YAML scenario cannot hold",
            sc->actors[a].id, sc->issues[i].id, st->position.v);
    o = json_object();
    put(w, o, "position", num(w, &st->position, st->position.v, 1.0));
    put(w, o, "salience",
        num(w, &st->salience, yaml_salience(sc, st->salience.v), scale));
    if (st->has_capability)
        put(w, o, "capability", num(w, &st->capability, st->capability.v, 1.0));
    if (st->has_red_line)
        put(w, o, "red_line", red_line(w, &st->red_line));
    if (st->has_no_deal)
        put(w, o, "no_deal", num(w, &st->no_deal, st->no_deal.v, 1.0));
    put_str(w, o, "note", st->note);
    *out = o;
    return DT_OK;
}

static json_t *constraint(wt *w, const dt_constraint *c)
{
    json_t *o = json_object(), *terms = json_object();
    size_t k;

    for (k = 0; k < c->n_terms; k++)
        put(w, terms, w->issue_id[c->issue[k]], json_real(c->coef[k]));
    put(w, o, "terms", terms);
    if (c->has_at_most)
        put(w, o, "at_most", json_real(c->at_most));
    if (c->has_at_least)
        put(w, o, "at_least", json_real(c->at_least));
    put_str(w, o, "note", c->note);
    return o;
}

static dt_status actor(wt *w, size_t a, json_t **out, dt_error *err)
{
    const dt_scenario *sc = w->sc;
    const dt_actor *ac = &sc->actors[a];
    const dt_no_deal *nd = sc->no_deal ? &sc->no_deal[a] : NULL;
    json_t *o = json_object(), *st = json_object(), *rls = json_array();
    dt_status rc = DT_OK;
    size_t i;

    put_str(w, o, "id", w->actor_id[a]);
    put_str(w, o, "name", ac->name ? ac->name : w->actor_id[a]);
    put_str(w, o, "role", dt_role_name(ac->role));
    put(w, o, "capability", num(w, &ac->capability, ac->capability.v, 1.0));
    if (nd && (nd->has_cost || nd->note)) {
        json_t *n = json_object();

        if (nd->has_cost)
            put(w, n, "cost", num(w, &nd->cost, nd->cost.v, 1.0));
        put_str(w, n, "note", nd->note);
        put(w, o, "no_deal", n);
    }
    put_str(w, o, "note", ac->note);
    for (i = 0; i < sc->n_issues && rc == DT_OK; i++) {
        json_t *s;

        if (!sc->stakes[a * sc->n_issues + i])
            continue;
        rc = stake(w, a, i, &s, err);
        if (rc == DT_OK)
            put(w, st, w->issue_id[i], s);
    }
    if (json_object_size(st) > 0)
        put(w, o, "issues", json_incref(st));
    for (i = 0; i < sc->n_constraints; i++)
        if (sc->constraints[i].actor == a)
            push(w, rls, constraint(w, &sc->constraints[i]));
    if (json_array_size(rls) > 0)
        put(w, o, "red_lines", json_incref(rls));
    json_decref(st);
    json_decref(rls);
    if (rc != DT_OK) {
        json_decref(o);
        o = NULL;
    }
    *out = o;
    return rc;
}

static json_t *effect(wt *w, const dt_effect *e)
{
    static const char *const targets[] = {"capability", "salience", "position",
                                          "no_deal_cost"};
    static const char *const ops[] = {"set", "add", "scale"};
    json_t *o = json_object();
    double v = e->value;

    put_str(w, o, "actor", w->actor_id[e->actor]);
    if (e->issue != (size_t)-1)
        put_str(w, o, "issue", w->issue_id[e->issue]);
    switch (e->kind) {
    case DT_EFFECT_RED_LINE_DROP:
        put_str(w, o, "red_line", "drop");
        break;
    case DT_EFFECT_RED_LINE_ADD:
        put(w, o, "red_line", red_line(w, &e->red_line));
        break;
    default:
        /* A salience set on a CSV scale goes on the YAML scale. */
        if (e->kind == DT_EFFECT_SALIENCE && e->op != DT_OP_SCALE)
            v = e->op == DT_OP_SET ? yaml_salience(w->sc, v)
                                   : v * yaml_salience(w->sc, 1.0);
        put(w, o, targets[e->kind], json_pack("{s:f}", ops[e->op], v));
        break;
    }
    put_str(w, o, "note", e->note);
    return o;
}

static json_t *lever(wt *w, const dt_lever *lv)
{
    json_t *o = json_object(), *fx = json_array();
    size_t k;

    put_str(w, o, "id", lv->id);
    put_str(w, o, "name", lv->name);
    put_str(w, o, "by", w->actor_id[lv->by]);
    put_str(w, o, "description", lv->description);
    put_str(w, o, "note", lv->note);
    for (k = 0; k < lv->n_effects; k++)
        push(w, fx, effect(w, &lv->effects[k]));
    put(w, o, "effects", fx);
    return o;
}

static json_t *outcome(wt *w)
{
    const dt_scenario *sc = w->sc;
    json_t *o = json_object(), *is = json_object();
    size_t i;

    put_str(w, o, "description", sc->outcome.description);
    put_str(w, o, "note", sc->outcome.note);
    if (sc->outcome.agreement >= 0)
        put(w, o, "agreement", json_boolean(sc->outcome.agreement));
    if (sc->outcome.held >= 0)
        put(w, o, "held", json_boolean(sc->outcome.held));
    for (i = 0; sc->has_outcome_value && i < sc->n_issues; i++)
        if (sc->has_outcome_value[i])
            put(w, is, w->issue_id[i],
                num(w, &sc->outcome_value[i], sc->outcome_value[i].v, 1.0));
    if (json_object_size(is) > 0)
        put(w, o, "issues", json_incref(is));
    json_decref(is);
    return o;
}

static json_t *uncertainty(wt *w)
{
    const dt_uncertainty *u = &w->sc->uncertainty;
    json_t *o = json_object();

    if (u->position_sd != 0.0)
        put(w, o, "position_sd", json_real(u->position_sd));
    if (u->salience_sd != 0.0)
        put(w, o, "salience_sd", json_real(u->salience_sd));
    if (u->capability_cv != 0.0)
        put(w, o, "capability_cv", json_real(u->capability_cv));
    return o;
}

/* ---- Game sections ---- */

static json_t *plan(wt *w, const dt_games_plan *pl)
{
    json_t *o = json_object(), *stages = json_array();
    size_t k;

    put_str(w, o, "id", pl->id);
    put_str(w, o, "name", pl->name);
    put_str(w, o, "note", pl->note);
    put(w, o, "s_a", gnum(w, &pl->s_a));
    put(w, o, "s_b", gnum(w, &pl->s_b));
    for (k = 0; k < pl->n_stages; k++) {
        const dt_games_stage *s = &pl->stages[k];
        json_t *st = json_object();

        put(w, st, "a", gnum(w, &s->a));
        put(w, st, "b", gnum(w, &s->b));
        put(w, st, "h", gnum(w, &s->h));
        put(w, st, "g", gnum(w, &s->g));
        put(w, st, "t_a", gnum(w, &s->t_a));
        put(w, st, "t_b", gnum(w, &s->t_b));
        put(w, st, "q", gnum(w, &s->q));
        push(w, stages, st);
    }
    put(w, o, "stages", stages);
    return o;
}

static json_t *threat(wt *w, const dt_games_threat *t)
{
    json_t *o = json_object();

    put_str(w, o, "id", t->id);
    put_str(w, o, "sender", t->sender);
    put_str(w, o, "target", t->target);
    put_str(w, o, "note", t->note);
    put(w, o, "x", gnum(w, &t->x));
    put(w, o, "v_s", gnum(w, &t->v_s));
    put(w, o, "v_t", gnum(w, &t->v_t));
    put(w, o, "harm", gnum(w, &t->harm));
    put(w, o, "o", gnum(w, &t->o));
    put(w, o, "k_s", gnum(w, &t->k_s));
    put(w, o, "a_s", gnum(w, &t->a_s));
    if (t->mu.v != 1.0 || t->mu.has_range || t->mu.note)
        put(w, o, "mu", gnum(w, &t->mu));
    return o;
}

/* A point of the ratification space: a number in one dimension. */
static json_t *point(wt *w, const dt_games_num *x, size_t dim)
{
    json_t *a;
    size_t k;

    if (dim == 1)
        return gnum(w, &x[0]);
    a = json_array();
    for (k = 0; k < dim; k++)
        push(w, a, gnum(w, &x[k]));
    return a;
}

static json_t *ratification(wt *w, const dt_games_ratification *r)
{
    json_t *o = json_object(), *vetoes = json_array();
    size_t k;

    put_str(w, o, "note", r->note);
    put(w, o, "status_quo", point(w, r->status_quo, r->dim));
    put_str(w, o, "setter", r->setter);
    put(w, o, "setter_ideal", point(w, r->setter_ideal, r->dim));
    if (r->proposal)
        put(w, o, "proposal", point(w, r->proposal, r->dim));
    for (k = 0; k < r->n_vetoes; k++) {
        const dt_games_veto *vt = &r->vetoes[k];
        json_t *v = json_object();

        put_str(w, v, "id", vt->id);
        put_str(w, v, "note", vt->note);
        if (vt->excluded)
            put(w, v, "excluded", json_true());
        if (vt->dist == DT_GAMES_RAT_UNIFORM) {
            json_t *u = json_array();

            push(w, u, gnum(w, &vt->lo));
            push(w, u, gnum(w, &vt->hi));
            put(w, v, "uniform", u);
        } else {
            put(w, v, "ideal", point(w, vt->ideal, r->dim));
            if (vt->dist == DT_GAMES_RAT_NORMAL && vt->sd)
                put(w, v, "sd", point(w, vt->sd, r->dim));
        }
        push(w, vetoes, v);
    }
    put(w, o, "vetoes", vetoes);
    return o;
}

static void games(wt *w, json_t *root)
{
    const dt_games *gm = w->sc->games;
    size_t k;

    if (!gm)
        return;
    if (gm->has_staged) {
        json_t *o = json_object(), *plans = json_array();

        put_str(w, o, "side_a", gm->side_a);
        put_str(w, o, "side_b", gm->side_b);
        put_str(w, o, "note", gm->staged_note);
        for (k = 0; k < gm->n_plans; k++)
            push(w, plans, plan(w, &gm->plans[k]));
        put(w, o, "plans", plans);
        put(w, root, "staged_deal", o);
    }
    if (gm->n_threats > 0) {
        json_t *a = json_array();

        for (k = 0; k < gm->n_threats; k++)
            push(w, a, threat(w, &gm->threats[k]));
        put(w, root, "threat", a);
    }
    if (gm->has_ratification)
        put(w, root, "ratification", ratification(w, &gm->ratification));
}

/* ---- The whole ---- */

/* The ratification bodies (yaml_roles.c), when there are any. */
static void bodies(wt *w, json_t *root)
{
    const dt_scenario *sc = w->sc;
    json_t *list;
    size_t i, k;

    if (sc->n_bodies == 0)
        return;
    list = json_array();
    for (i = 0; i < sc->n_bodies; i++) {
        const dt_body *b = &sc->bodies[i];
        json_t *o = json_object(), *m = json_array(), *wt_ = json_array();

        put_str(w, o, "id", b->id);
        put_str(w, o, "name", b->name);
        for (k = 0; k < b->n_members; k++) {
            push(w, m, json_string(w->actor_id[b->members[k]]));
            push(w, wt_, json_real(b->weights[k]));
        }
        put(w, o, "members", m);
        if (b->has_weights)
            put(w, o, "weights", wt_);
        else
            json_decref(wt_);
        put(w, o, "quota",
            b->unanimity ? json_string("unanimity") : json_real(b->quota));
        put_str(w, o, "note", b->note);
        push(w, list, o);
    }
    put(w, root, "bodies", list);
}

/* An id list (actors or levers) of a phase. */
static json_t *phase_ids(wt *w, const size_t *idx, size_t n, int levers)
{
    json_t *a = json_array();
    size_t i;

    for (i = 0; i < n; i++)
        push(w, a,
             json_string(levers ? w->sc->levers[idx[i]].id
                                : w->actor_id[idx[i]]));
    return a;
}

/* The phases (yaml_phases.c), when there are any. */
static void phases(wt *w, json_t *root)
{
    static const char *const what[] = {
        "position",   "salience", "capability",  "stake_capability",
        "status_quo", "no_deal",  "no_deal_cost"};
    const dt_scenario *sc = w->sc;
    json_t *list;
    size_t i, k, q;

    if (sc->n_phases == 0)
        return;
    list = json_array();
    for (i = 0; i < sc->n_phases; i++) {
        const dt_phase *ph = &sc->phases[i];
        json_t *o = json_object();

        put_str(w, o, "id", ph->id);
        put_str(w, o, "name", ph->name);
        put_str(w, o, "date", ph->date);
        put_str(w, o, "note", ph->note);
        if (ph->n_levers)
            put(w, o, "levers", phase_ids(w, ph->levers, ph->n_levers, 1));
        if (ph->n_join)
            put(w, o, "join", phase_ids(w, ph->join, ph->n_join, 0));
        if (ph->n_leave)
            put(w, o, "leave", phase_ids(w, ph->leave, ph->n_leave, 0));
        if (ph->n_changes) {
            json_t *ch = json_array();

            for (k = 0; k < ph->n_changes; k++) {
                const dt_phase_change *c = &ph->changes[k];
                json_t *co = json_object();

                if (c->actor != (size_t)-1)
                    put_str(w, co, "actor", w->actor_id[c->actor]);
                if (c->issue != (size_t)-1)
                    put_str(w, co, "issue", w->issue_id[c->issue]);
                put(w, co, what[c->kind], json_real(c->value));
                put_str(w, co, "note", c->note);
                push(w, ch, co);
            }
            put(w, o, "changes", ch);
        }
        if (ph->has_outcome) {
            json_t *oc = json_object(), *is = json_object();

            put_str(w, oc, "description", ph->outcome_description);
            for (q = 0; q < sc->n_issues; q++)
                if (ph->has_outcome[q])
                    put(w, is, w->issue_id[q],
                        num(w, &ph->outcome[q], ph->outcome[q].v, 1.0));
            put(w, oc, "issues", is);
            push(w, list, o);
            put(w, o, "outcome", oc);
            continue;
        }
        push(w, list, o);
    }
    put(w, root, "phases", list);
}

dt_status dt__scenario_tree(const dt_scenario *sc, const char *placeholder,
                            json_t **out, dt_error *err)
{
    wt w;
    json_t *root = json_object(), *list;
    dt_status rc = DT_OK;
    size_t i;

    memset(&w, 0, sizeof w);
    w.sc = sc;
    w.placeholder = placeholder;
    dt__arena_init(&w.arena, sc->alloc);
    *out = NULL;
    ids(&w);
    if (w.nomem)
        goto out;
    put_str(&w, root, "name", sc->name ? sc->name : "");
    put_str(&w, root, "date", sc->date);
    put_str(&w, root, "description", sc->description);
    if (sc->n_sources > 0) {
        list = json_array();
        for (i = 0; i < sc->n_sources; i++)
            push(&w, list, json_string(sc->sources[i]));
        put(&w, root, "sources", list);
    }
    put_str(&w, root, "note", sc->note);
    list = json_array();
    for (i = 0; i < sc->n_issues; i++)
        push(&w, list, issue(&w, i));
    put(&w, root, "issues", list);
    list = json_array();
    for (i = 0; i < sc->n_actors && rc == DT_OK; i++) {
        json_t *a;

        rc = actor(&w, i, &a, err);
        if (rc == DT_OK)
            push(&w, list, a);
    }
    put(&w, root, "actors", list);
    if (sc->n_levers > 0) {
        list = json_array();
        for (i = 0; i < sc->n_levers; i++)
            push(&w, list, lever(&w, &sc->levers[i]));
        put(&w, root, "levers", list);
    }
    if (sc->has_outcome)
        put(&w, root, "outcome", outcome(&w));
    if (sc->uncertainty.loc.line != 0)
        put(&w, root, "uncertainty", uncertainty(&w));
    games(&w, root);
    bodies(&w, root);
    phases(&w, root);
out:
    dt__arena_release(&w.arena);
    if (rc == DT_OK && w.nomem)
        rc = dt__error_set(err, DT_ENOMEM,
                           "out of memory while writing the scenario");
    if (rc != DT_OK) {
        json_decref(root);
        return rc;
    }
    *out = root;
    return DT_OK;
}

dt_status dt_scenario_write_yaml(const dt_scenario *sc, dt_write_fn write,
                                 void *ud, dt_error *err)
{
    json_t *root;
    dt_status rc = dt__scenario_tree(sc, NULL, &root, err);

    if (rc != DT_OK)
        return rc;
    rc = dt__tree_write_yaml(root, write, ud, err);
    json_decref(root);
    return rc;
}

dt_status dt_scenario_write_json(const dt_scenario *sc, dt_write_fn write,
                                 void *ud, dt_error *err)
{
    json_t *root;
    dt_status rc = dt__scenario_tree(sc, NULL, &root, err);

    if (rc != DT_OK)
        return rc;
    rc = dt__tree_write_json(root, sc->alloc, write, ud, err);
    json_decref(root);
    return rc;
}
