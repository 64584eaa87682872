/*
 * The game sections of a YAML scenario: staged_deal, threat and
 * ratification (docs/scenario-format.md "Game sections"; the models in
 * docs/games.md). yaml.c dispatches the three top-level keys here; the
 * error sink, key checker and arena are yaml_node.c's (yaml_int.h).
 *
 * Every number is NUM: a plain number, {value: N, note: "..."}, or with a
 * range for sweeps {range: [L, H]} or {value: N, range: [L, H]} (the
 * value defaults to the midpoint), the range spelling of
 * docs/scenario-format.md "Uncertainty".
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <yaml.h>

#include "scenario/yaml_int.h"

#include <detente/games.h>

/* What a game number may be. */
enum gkind {
    G_ANY,    /* any finite number */
    G_NONNEG, /* >= 0 */
    G_POS,    /* > 0 */
    G_PROB    /* a probability: 0 <= x <= 1 */
};

static size_t seq_len(const yaml_node_t *n)
{
    return (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
}

static yaml_node_t *seq_at(yp *p, const yaml_node_t *n, size_t i)
{
    return dt__yaml_node(p, n->data.sequence.items.start[i]);
}

static int kind_ok(double v, enum gkind k)
{
    switch (k) {
    case G_NONNEG:
        return v >= 0.0;
    case G_POS:
        return v > 0.0;
    case G_PROB:
        return v >= 0.0 && v <= 1.0;
    default:
        return 1;
    }
}

static const char *kind_want(enum gkind k)
{
    switch (k) {
    case G_NONNEG:
        return "a number >= 0";
    case G_POS:
        return "a number > 0";
    case G_PROB:
        return "a probability between 0 and 1";
    default:
        return "a finite number";
    }
}

/* A plain scalar number of kind k. */
static int plain(yp *p, const yaml_node_t *n, const char *key, enum gkind k,
                 double *out)
{
    char ex[DT__QUOTE + 4], desc[DT__QUOTE + 8];
    const char *s;
    double v;

    if (n->type != YAML_SCALAR_NODE || n->data.scalar.length == 0 ||
        n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) {
        dt__yaml_err(p, dt__yaml_loc(n), "expected a number for '%s', got %s",
                     key, dt__yaml_describe(n, desc));
        return 0;
    }
    s = dt__yaml_scalar(n);
    if (dt__is_nonfinite(s) || !dt__is_decimal(s) || !dt__parse_double(s, &v) ||
        !isfinite(v)) {
        dt__yaml_err(p, dt__yaml_loc(n), "expected %s for '%s', got '%s'",
                     kind_want(k), key, dt__excerpt(s, ex));
        return 0;
    }
    if (!kind_ok(v, k)) {
        dt__yaml_err(p, dt__yaml_loc(n), "%s must be %s, got %s", key,
                     kind_want(k), dt__excerpt(s, ex));
        return 0;
    }
    *out = v;
    return 1;
}

/* NUM (see the top of the file) into g. */
static int gnum(yp *p, const yaml_node_t *n, const char *key, enum gkind k,
                dt_games_num *g)
{
    static const char *const keys[] = {"value", "range", "note"};
    yaml_node_t *v[3], *kn[3];
    char where[80], desc[DT__QUOTE + 8];
    int ok;

    memset(g, 0, sizeof *g);
    g->loc = dt__yaml_loc(n);
    if (n->type != YAML_MAPPING_NODE)
        return plain(p, n, key, k, &g->v);
    snprintf(where, sizeof where, "in '%s'", key);
    ok = dt__yaml_keys(p, n, where, keys, 3, v, kn);
    if (!v[0] && !v[1]) {
        dt__yaml_err(p, dt__yaml_loc(n), "'%s' needs 'value' or 'range'", key);
        return 0;
    }
    if (v[2] && !(g->note = dt__yaml_str(p, v[2], "note")))
        ok = 0;
    if (v[0] && !plain(p, v[0], key, k, &g->v))
        ok = 0;
    if (v[1]) {
        yaml_node_t *r = v[1];

        if (r->type != YAML_SEQUENCE_NODE || seq_len(r) != 2) {
            dt__yaml_err(p, dt__yaml_loc(r),
                         "expected 'range' of '%s' as [low, high], got %s", key,
                         dt__yaml_describe(r, desc));
            return 0;
        }
        if (!plain(p, seq_at(p, r, 0), key, k, &g->lo) ||
            !plain(p, seq_at(p, r, 1), key, k, &g->hi))
            return 0;
        if (g->lo > g->hi) {
            dt__yaml_err(p, dt__yaml_loc(r),
                         "range [%.17g, %.17g] of '%s' has low > high", g->lo,
                         g->hi, key);
            return 0;
        }
        g->has_range = 1;
        if (!v[0])
            g->v = 0.5 * (g->lo + g->hi);
        else if (ok && !(g->lo <= g->v && g->v <= g->hi)) {
            dt__yaml_err(p, dt__yaml_loc(r),
                         "range [%.17g, %.17g] of '%s' does not contain its "
                         "value %.17g",
                         g->lo, g->hi, key, g->v);
            return 0;
        }
    }
    return ok;
}

/* A required NUM field; "missing" names the mapping it belongs to. */
static void need(yp *p, const yaml_node_t *map, yaml_node_t *v, const char *key,
                 const char *what, enum gkind k, dt_games_num *g)
{
    if (!v) {
        dt__yaml_err(p, dt__yaml_loc(map), "%s is missing required key '%s'",
                     what, key);
        memset(g, 0, sizeof *g);
        return;
    }
    gnum(p, v, key, k, g);
}

/* A list of NUM (a single NUM counts as a list of one). */
static dt_games_num *gvec(yp *p, const yaml_node_t *n, const char *key,
                          enum gkind k, size_t *len)
{
    dt_games_num *out;
    size_t i, m;

    m = n->type == YAML_SEQUENCE_NODE ? seq_len(n) : 1;
    *len = 0;
    if (m == 0) {
        dt__yaml_err(p, dt__yaml_loc(n), "'%s' is an empty list", key);
        return NULL;
    }
    out = dt__yaml_alloc(p, m, sizeof *out);
    if (!out)
        return NULL;
    if (n->type != YAML_SEQUENCE_NODE)
        gnum(p, n, key, k, &out[0]);
    else
        for (i = 0; i < m; i++) {
            yaml_node_t *it = seq_at(p, n, i);

            if (it)
                gnum(p, it, key, k, &out[i]);
        }
    *len = m;
    return out;
}

/* ---- staged_deal ---- */

static void parse_stage(yp *p, const yaml_node_t *n, dt_games_stage *s)
{
    static const char *const keys[] = {"a",   "b",   "h", "g",
                                       "t_a", "t_b", "q", "note"};
    yaml_node_t *v[8], *kn[8];

    memset(s, 0, sizeof *s);
    if (!dt__yaml_type(p, n, YAML_MAPPING_NODE, "stages"))
        return;
    dt__yaml_keys(p, n, "in stage", keys, 8, v, kn);
    need(p, n, v[0], "a", "stage", G_NONNEG, &s->a);
    need(p, n, v[1], "b", "stage", G_NONNEG, &s->b);
    need(p, n, v[2], "h", "stage", G_NONNEG, &s->h);
    need(p, n, v[3], "g", "stage", G_NONNEG, &s->g);
    need(p, n, v[4], "t_a", "stage", G_NONNEG, &s->t_a);
    need(p, n, v[5], "t_b", "stage", G_NONNEG, &s->t_b);
    need(p, n, v[6], "q", "stage", G_PROB, &s->q);
    if (v[7])
        dt__yaml_str(p, v[7], "note");
}

static void parse_plan(yp *p, const yaml_node_t *n, dt_games_plan *pl,
                       const dt_games_num *s_a, const dt_games_num *s_b)
{
    static const char *const keys[] = {"id",  "name", "note",
                                       "s_a", "s_b",  "stages"};
    yaml_node_t *v[6], *kn[6];
    size_t i;

    memset(pl, 0, sizeof *pl);
    pl->loc = dt__yaml_loc(n);
    if (!dt__yaml_type(p, n, YAML_MAPPING_NODE, "plans"))
        return;
    dt__yaml_keys(p, n, "in plan", keys, 6, v, kn);
    if (!v[0])
        dt__yaml_err(p, dt__yaml_loc(n), "plan is missing required key 'id'");
    else
        pl->id = dt__yaml_str(p, v[0], "id");
    if (v[1])
        pl->name = dt__yaml_str(p, v[1], "name");
    if (v[2])
        pl->note = dt__yaml_str(p, v[2], "note");
    if (v[3])
        gnum(p, v[3], "s_a", G_NONNEG, &pl->s_a);
    else if (s_a)
        pl->s_a = *s_a;
    else
        dt__yaml_err(p, dt__yaml_loc(n),
                     "plan is missing 's_a' (give it here or in staged_deal)");
    if (v[4])
        gnum(p, v[4], "s_b", G_NONNEG, &pl->s_b);
    else if (s_b)
        pl->s_b = *s_b;
    else
        dt__yaml_err(p, dt__yaml_loc(n),
                     "plan is missing 's_b' (give it here or in staged_deal)");
    if (!v[5]) {
        dt__yaml_err(p, dt__yaml_loc(n),
                     "plan is missing required key 'stages'");
        return;
    }
    if (!dt__yaml_type(p, v[5], YAML_SEQUENCE_NODE, "stages"))
        return;
    pl->n_stages = seq_len(v[5]);
    if (pl->n_stages == 0) {
        dt__yaml_err(p, dt__yaml_loc(v[5]),
                     "plan has no stages (K = 0; give at least one stage)");
        return;
    }
    pl->stages = dt__yaml_alloc(p, pl->n_stages, sizeof *pl->stages);
    if (!pl->stages) {
        pl->n_stages = 0;
        return;
    }
    for (i = 0; i < pl->n_stages; i++) {
        yaml_node_t *it = seq_at(p, v[5], i);

        if (it)
            parse_stage(p, it, &pl->stages[i]);
    }
}

static void check_ids(yp *p, const char *const *ids, const dt_loc *locs,
                      size_t n, const char *what)
{
    size_t i, j;

    for (i = 0; i < n; i++)
        for (j = 0; j < i; j++)
            if (ids[i] && ids[j] && strcmp(ids[i], ids[j]) == 0) {
                dt__yaml_err(p, locs[i],
                             "duplicate %s id '%s' (first at line %u)", what,
                             ids[i], locs[j].line);
                break;
            }
}

static void parse_staged(yp *p, const yaml_node_t *n, dt_games *gm)
{
    static const char *const keys[] = {"side_a", "side_b", "note",
                                       "s_a",    "s_b",    "plans"};
    yaml_node_t *v[6], *kn[6];
    dt_games_num s_a, s_b;
    size_t i;

    if (!dt__yaml_type(p, n, YAML_MAPPING_NODE, "staged_deal"))
        return;
    gm->has_staged = 1;
    dt__yaml_keys(p, n, "in staged_deal", keys, 6, v, kn);
    if (v[0])
        gm->side_a = dt__yaml_str(p, v[0], "side_a");
    if (v[1])
        gm->side_b = dt__yaml_str(p, v[1], "side_b");
    if (v[2])
        gm->staged_note = dt__yaml_str(p, v[2], "note");
    if (v[3])
        gnum(p, v[3], "s_a", G_NONNEG, &s_a);
    if (v[4])
        gnum(p, v[4], "s_b", G_NONNEG, &s_b);
    if (!v[5]) {
        dt__yaml_err(p, dt__yaml_loc(n),
                     "staged_deal is missing required key "
                     "'plans'");
        return;
    }
    if (!dt__yaml_type(p, v[5], YAML_SEQUENCE_NODE, "plans"))
        return;
    if (seq_len(v[5]) == 0) {
        dt__yaml_err(p, dt__yaml_loc(v[5]), "staged_deal has no plans");
        return;
    }
    gm->n_plans = seq_len(v[5]);
    gm->plans = dt__yaml_alloc(p, gm->n_plans, sizeof *gm->plans);
    if (!gm->plans) {
        gm->n_plans = 0;
        return;
    }
    for (i = 0; i < gm->n_plans; i++) {
        yaml_node_t *it = seq_at(p, v[5], i);

        memset(&gm->plans[i], 0, sizeof gm->plans[i]);
        if (it)
            parse_plan(p, it, &gm->plans[i], v[3] ? &s_a : NULL,
                       v[4] ? &s_b : NULL);
    }
    {
        const char **ids = dt__yaml_alloc(p, gm->n_plans, sizeof *ids);
        dt_loc *locs = dt__yaml_alloc(p, gm->n_plans, sizeof *locs);

        if (!ids || !locs)
            return;
        for (i = 0; i < gm->n_plans; i++) {
            ids[i] = gm->plans[i].id;
            locs[i] = gm->plans[i].loc;
        }
        check_ids(p, ids, locs, gm->n_plans, "plan");
    }
}

/* ---- threat ---- */

static void parse_threat(yp *p, const yaml_node_t *n, dt_games_threat *t)
{
    static const char *const keys[] = {"id", "sender", "target", "note",
                                       "x",  "v_s",    "v_t",    "harm",
                                       "o",  "k_s",    "a_s",    "mu"};
    yaml_node_t *v[12], *kn[12];

    memset(t, 0, sizeof *t);
    t->loc = dt__yaml_loc(n);
    if (!dt__yaml_type(p, n, YAML_MAPPING_NODE, "threat"))
        return;
    dt__yaml_keys(p, n, "in threat", keys, 12, v, kn);
    if (!v[0])
        dt__yaml_err(p, dt__yaml_loc(n), "threat is missing required key 'id'");
    else
        t->id = dt__yaml_str(p, v[0], "id");
    if (v[1])
        t->sender = dt__yaml_str(p, v[1], "sender");
    if (v[2])
        t->target = dt__yaml_str(p, v[2], "target");
    if (v[3])
        t->note = dt__yaml_str(p, v[3], "note");
    need(p, n, v[4], "x", "threat", G_NONNEG, &t->x);
    need(p, n, v[5], "v_s", "threat", G_POS, &t->v_s);
    need(p, n, v[6], "v_t", "threat", G_POS, &t->v_t);
    need(p, n, v[7], "harm", "threat", G_NONNEG, &t->harm);
    need(p, n, v[8], "o", "threat", G_PROB, &t->o);
    need(p, n, v[9], "k_s", "threat", G_NONNEG, &t->k_s);
    need(p, n, v[10], "a_s", "threat", G_NONNEG, &t->a_s);
    if (v[11])
        gnum(p, v[11], "mu", G_PROB, &t->mu);
    else
        t->mu.v = 1.0; /* complete information: S is known to be resolute */
}

static void parse_threats(yp *p, const yaml_node_t *n, dt_games *gm)
{
    size_t i;

    if (n->type == YAML_MAPPING_NODE) {
        gm->n_threats = 1;
    } else {
        if (!dt__yaml_type(p, n, YAML_SEQUENCE_NODE, "threat"))
            return;
        gm->n_threats = seq_len(n);
        if (gm->n_threats == 0) {
            dt__yaml_err(p, dt__yaml_loc(n), "threat is an empty list");
            return;
        }
    }
    gm->threats = dt__yaml_alloc(p, gm->n_threats, sizeof *gm->threats);
    if (!gm->threats) {
        gm->n_threats = 0;
        return;
    }
    if (n->type == YAML_MAPPING_NODE)
        parse_threat(p, n, &gm->threats[0]);
    else
        for (i = 0; i < gm->n_threats; i++) {
            yaml_node_t *it = seq_at(p, n, i);

            if (it)
                parse_threat(p, it, &gm->threats[i]);
        }
    {
        const char **ids = dt__yaml_alloc(p, gm->n_threats, sizeof *ids);
        dt_loc *locs = dt__yaml_alloc(p, gm->n_threats, sizeof *locs);

        if (!ids || !locs)
            return;
        for (i = 0; i < gm->n_threats; i++) {
            ids[i] = gm->threats[i].id;
            locs[i] = gm->threats[i].loc;
        }
        check_ids(p, ids, locs, gm->n_threats, "threat");
    }
}

/* ---- ratification ---- */

/* A position of r->dim numbers; sets r->dim from the first one. */
static dt_games_num *position(yp *p, const yaml_node_t *n, const char *key,
                              dt_games_ratification *r)
{
    size_t m;
    dt_games_num *x = gvec(p, n, key, G_ANY, &m);

    if (!x)
        return NULL;
    if (r->dim == 0)
        r->dim = m;
    else if (m != r->dim) {
        dt__yaml_err(p, dt__yaml_loc(n),
                     "'%s' has %zu dimensions, the status quo has %zu", key, m,
                     r->dim);
        return NULL;
    }
    return x;
}

static void parse_veto(yp *p, const yaml_node_t *n, dt_games_ratification *r,
                       dt_games_veto *vt)
{
    static const char *const keys[] = {"id",    "note",    "excluded",
                                       "ideal", "uniform", "sd"};
    yaml_node_t *v[6], *kn[6];

    memset(vt, 0, sizeof *vt);
    vt->loc = dt__yaml_loc(n);
    if (!dt__yaml_type(p, n, YAML_MAPPING_NODE, "vetoes"))
        return;
    dt__yaml_keys(p, n, "in veto holder", keys, 6, v, kn);
    if (!v[0])
        dt__yaml_err(p, dt__yaml_loc(n),
                     "veto holder is missing required key 'id'");
    else
        vt->id = dt__yaml_str(p, v[0], "id");
    if (v[1])
        vt->note = dt__yaml_str(p, v[1], "note");
    if (v[2])
        vt->excluded = dt__yaml_bool(p, v[2], "excluded") == 1;
    if (v[4] && (v[3] || v[5])) {
        dt__yaml_err(p, dt__yaml_loc(v[4]),
                     "veto holder has 'uniform' and 'ideal' or 'sd' (a "
                     "uniform ideal replaces both)");
        return;
    }
    if (v[4]) {
        dt_games_num *b;
        size_t m;

        if (r->dim != 1) {
            dt__yaml_err(p, dt__yaml_loc(v[4]),
                         "'uniform' needs a one-dimensional status quo "
                         "(use 'sd' beyond one dimension)");
            return;
        }
        if (v[4]->type != YAML_SEQUENCE_NODE || seq_len(v[4]) != 2) {
            dt__yaml_err(p, dt__yaml_loc(v[4]),
                         "expected 'uniform' as [low, high] of the ideal");
            return;
        }
        b = gvec(p, v[4], "uniform", G_ANY, &m);
        if (!b)
            return;
        if (b[0].v > b[1].v) {
            dt__yaml_err(p, dt__yaml_loc(v[4]),
                         "uniform [%.17g, %.17g] has low > high", b[0].v,
                         b[1].v);
            return;
        }
        vt->dist = DT_GAMES_RAT_UNIFORM;
        vt->lo = b[0];
        vt->hi = b[1];
        vt->ideal = b; /* unused by the solvers; keeps the field set */
        return;
    }
    if (!v[3]) {
        dt__yaml_err(p, dt__yaml_loc(n),
                     "veto holder is missing required key 'ideal' (or "
                     "'uniform')");
        return;
    }
    vt->ideal = position(p, v[3], "ideal", r);
    if (v[5]) {
        size_t m;

        vt->sd = gvec(p, v[5], "sd", G_POS, &m);
        if (vt->sd && m != r->dim)
            dt__yaml_err(p, dt__yaml_loc(v[5]),
                         "'sd' has %zu entries, the status quo has %zu "
                         "dimensions",
                         m, r->dim);
        vt->dist = DT_GAMES_RAT_NORMAL;
    }
}

static void parse_ratification(yp *p, const yaml_node_t *n, dt_games *gm)
{
    static const char *const keys[] = {
        "note", "status_quo", "setter", "setter_ideal", "vetoes", "proposal"};
    yaml_node_t *v[6], *kn[6];
    dt_games_ratification *r = &gm->ratification;
    size_t i, n_unc = 0;

    if (!dt__yaml_type(p, n, YAML_MAPPING_NODE, "ratification"))
        return;
    gm->has_ratification = 1;
    r->alloc = p->sc->alloc;
    r->loc = dt__yaml_loc(n);
    dt__yaml_keys(p, n, "in ratification", keys, 6, v, kn);
    if (v[0])
        r->note = dt__yaml_str(p, v[0], "note");
    if (!v[1] || !v[3] || !v[4]) {
        dt__yaml_err(p, dt__yaml_loc(n),
                     "ratification is missing required key '%s'",
                     !v[1]   ? "status_quo"
                     : !v[3] ? "setter_ideal"
                             : "vetoes");
        gm->has_ratification = 0;
        return;
    }
    r->status_quo = position(p, v[1], "status_quo", r);
    if (!r->status_quo) {
        gm->has_ratification = 0;
        return;
    }
    if (v[2])
        r->setter = dt__yaml_str(p, v[2], "setter");
    r->setter_ideal = position(p, v[3], "setter_ideal", r);
    if (v[5])
        r->proposal = position(p, v[5], "proposal", r);
    if (!dt__yaml_type(p, v[4], YAML_SEQUENCE_NODE, "vetoes")) {
        gm->has_ratification = 0;
        return;
    }
    r->n_vetoes = seq_len(v[4]);
    r->vetoes =
        dt__yaml_alloc(p, r->n_vetoes ? r->n_vetoes : 1, sizeof *r->vetoes);
    if (!r->vetoes) {
        r->n_vetoes = 0;
        return;
    }
    for (i = 0; i < r->n_vetoes; i++) {
        yaml_node_t *it = seq_at(p, v[4], i);

        memset(&r->vetoes[i], 0, sizeof r->vetoes[i]);
        if (it)
            parse_veto(p, it, r, &r->vetoes[i]);
        if (r->vetoes[i].dist != DT_GAMES_RAT_CERTAIN && ++n_unc == 2)
            dt__yaml_err(p, r->vetoes[i].loc,
                         "a second uncertain veto holder (at most one may "
                         "have 'uniform' or 'sd')");
    }
}

void dt__yaml_games(yp *p, const yaml_node_t *staged, const yaml_node_t *threat,
                    const yaml_node_t *ratification)
{
    dt_scenario *sc = p->sc;
    dt_games *gm = dt__yaml_alloc(p, 1, sizeof *gm);

    if (!gm)
        return;
    memset(gm, 0, sizeof *gm);
    if (staged)
        parse_staged(p, staged, gm);
    if (threat)
        parse_threats(p, threat, gm);
    if (ratification)
        parse_ratification(p, ratification, gm);
    sc->games = gm;
}

const dt_games *dt_scenario_games(const dt_scenario *sc)
{
    return sc ? sc->games : NULL;
}
