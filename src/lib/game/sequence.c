/*
 * dt_games_sequence (games.h; docs/games.md, "detente sequence"): a scenario's
 * game sections solved at once - the plans kept, each threat with x* over
 * a grid of outside options, the ratification game with a Monte Carlo
 * check - and swept: one parameter over a grid, the values where the
 * equilibrium changes found by bisection. Sweeps change a working copy of
 * the sections (parameters by name, gparam.c), never the scenario.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "game_int.h"

/* A growable string (signatures of equilibria during a sweep). */
typedef struct sbuf {
    char *p;    /* NUL-terminated text */
    size_t cap; /* bytes allocated */
} sbuf;

/* A sweep to run: the parameter resolved, its grid. */
typedef struct spec {
    const char *name; /* in the arena */
    dt__gparam gp;    /* where it lives in the working copy */
    double lo, hi;    /* the range */
    unsigned steps;   /* grid points */
} spec;

struct dt_games_sequence {
    const dt_scenario *sc;             /* borrowed */
    const dt_allocator *alloc;         /* the scenario's */
    dt__arena ar;                      /* every result */
    uint64_t seed;                     /* Monte Carlo seed */
    size_t draws;                      /* Monte Carlo draws */
    dt_games w;                        /* working copy of the sections */
    size_t n_plans;                    /* plans kept */
    dt_games_sequence_plan *plans;     /* [n_plans] */
    size_t n_threats;                  /* = the scenario's */
    dt_games_sequence_threat *threats; /* [n_threats] */
    int has_rat;                       /* the scenario has ratification */
    dt_games_sequence_rat rat;         /* when has_rat */
    size_t n_swept;                    /* sweeps run */
    dt_games_sequence_swept *swept;    /* [n_swept] */
    sbuf mid, above;                   /* scratch of the bisection */
    dt_games_stage_eq *st;             /* scratch: the longest plan */
    double *best;                      /* scratch: ratification's dim */
};

static const char *const regime_names[4] = {
    "no proposal beats q", "the setter's ideal", "interior optimum",
    "at a veto holder's bound"};

static const char *const measure_names[3][2] = {
    {"V_A", "V_B"}, {"x*", "u_S"}, {"best[0]", "P(best)"}};

const char *dt_games_sequence_regime_name(int regime)
{
    return regime_names[regime & 3];
}

double dt_games_sequence_o(size_t j)
{
    return 0.25 * (double)j;
}

/* ---- Scratch strings. ---- */

static int sbuf_reserve(dt_games_sequence *s, sbuf *b, size_t n)
{
    size_t cap = b->cap ? b->cap : 256;
    char *p;

    if (n <= b->cap)
        return 1;
    while (cap < n)
        cap *= 2;
    p = dt__realloc(s->alloc, b->p, b->cap, cap);
    if (!p)
        return 0;
    b->p = p;
    b->cap = cap;
    return 1;
}

static int sbuf_set(dt_games_sequence *s, sbuf *b, const char *text)
{
    size_t n = strlen(text) + 1;

    if (!sbuf_reserve(s, b, n))
        return 0;
    memcpy(b->p, text, n);
    return 1;
}

static void sbuf_release(dt_games_sequence *s, sbuf *b)
{
    dt__free(s->alloc, b->p, b->cap);
    b->p = NULL;
    b->cap = 0;
}

static dt_status nomem(dt_error *err)
{
    return dt__error_set(err, DT_ENOMEM, "out of memory");
}

/* A solver's failure: the scenario's numbers cannot be solved. */
static dt_status unsolved(const dt_error *e, dt_error *err)
{
    if (e->code == DT_ENOMEM)
        return nomem(err);
    return dt__error_set(err, DT_ESCENARIO, "%s", e->msg);
}

/* ---- Describing one item's equilibrium. ---- */

/* "step/recip cheat/renege ...": the choices at each of n stages. */
static int plan_path(dt_games_sequence *s, sbuf *b, const dt_games_stage_eq *st,
                     size_t n)
{
    size_t k, used = 0;

    if (!sbuf_reserve(s, b, 13 * n + 1))
        return 0;
    b->p[0] = '\0';
    for (k = 0; k < n; k++)
        used += (size_t)snprintf(b->p + used, b->cap - used, "%s%s/%s",
                                 k ? " " : "", st[k].steps ? "step" : "cheat",
                                 st[k].reciprocates ? "recip" : "renege");
    return 1;
}

static const char *threat_text(const dt_games_threat_eq *e, char *buf, size_t n)
{
    snprintf(buf, n, "%s, %s, %s", e->credible ? "credible" : "not credible",
             e->complies ? "target complies" : "target defies",
             e->demands ? "sender demands" : "no demand");
    return buf;
}

/*
 * The equilibrium of the item gp belongs to, in the working copy, into b;
 * its two measures into m[]. DT_OK, DT_ESCENARIO or DT_ENOMEM.
 */
static dt_status describe(dt_games_sequence *s, const dt__gparam *gp, sbuf *b,
                          double m[2], dt_error *err)
{
    char text[96];
    dt_error e;

    memset(&e, 0, sizeof e);
    if (gp->fam == DT_GAMES_SEQUENCE_STAGED) {
        const dt_games_plan *p = &s->w.plans[gp->idx];
        dt_games_staged_sum sum;

        if (dt_games_staged_solve(p, s->st, &sum, &e) != DT_OK)
            return unsolved(&e, err);
        if (!plan_path(s, b, s->st, p->n_stages))
            return nomem(err);
        m[0] = sum.v_a;
        m[1] = sum.v_b;
    } else if (gp->fam == DT_GAMES_SEQUENCE_THREAT) {
        dt_games_threat_eq eq;

        if (dt_games_threat_solve(&s->w.threats[gp->idx], &eq, &e) != DT_OK)
            return unsolved(&e, err);
        if (!sbuf_set(s, b, threat_text(&eq, text, sizeof text)))
            return nomem(err);
        m[0] = eq.x_max;
        m[1] = eq.u_s;
    } else {
        dt_games_rat_eq eq;

        eq.best = s->best;
        if (dt_games_rat_solve(&s->w.ratification, &eq, &e) != DT_OK)
            return unsolved(&e, err);
        snprintf(text, sizeof text, "best proposal: %s",
                 dt_games_sequence_regime_name(eq.regime));
        if (!sbuf_set(s, b, text))
            return nomem(err);
        m[0] = eq.best[0];
        m[1] = eq.p_best;
    }
    return DT_OK;
}

/* ---- Sweeps. ---- */

/*
 * One sweep: the grid, then bisection between neighbours whose
 * equilibria differ. The parameter is restored on every path out.
 */
static dt_status run_sweep(dt_games_sequence *s, const spec *sp,
                           dt_games_sequence_swept *out, dt_error *err)
{
    dt_games_sequence_point *pts;
    dt_games_sequence_threshold *ths;
    double *saved =
        dt__arena_alloc(&s->ar, (sp->gp.n ? sp->gp.n : 1) * sizeof *saved);
    dt_status rc = DT_OK;
    unsigned i;

    pts = dt__arena_alloc(&s->ar, sp->steps * sizeof *pts);
    ths = dt__arena_alloc(&s->ar, sp->steps * sizeof *ths);
    if (!saved || !pts || !ths)
        return nomem(err);
    out->param = sp->name;
    out->family = sp->gp.fam;
    out->item = sp->gp.idx;
    out->lo = sp->lo;
    out->hi = sp->hi;
    out->steps = sp->steps;
    out->tolerance = DT_GAMES_SEQUENCE_BISECT_REL * (sp->hi - sp->lo);
    out->measure[0] = measure_names[sp->gp.fam][0];
    out->measure[1] = measure_names[sp->gp.fam][1];
    out->points = pts;
    out->thresholds = ths;
    dt__gparam_save(&sp->gp, saved);
    for (i = 0; i < sp->steps; i++) {
        pts[i].value = sp->steps == 1 ? sp->lo
                                      : sp->lo + (sp->hi - sp->lo) * (double)i /
                                                     (double)(sp->steps - 1);
        dt__gparam_set(&sp->gp, pts[i].value);
        rc = describe(s, &sp->gp, &s->mid, pts[i].measure, err);
        if (rc != DT_OK)
            goto out;
        pts[i].equilibrium = dt__arena_strdup(&s->ar, s->mid.p);
        if (!pts[i].equilibrium) {
            rc = nomem(err);
            goto out;
        }
        out->n_points = i + 1;
    }
    for (i = 0; i + 1 < sp->steps; i++) {
        const char *below = pts[i].equilibrium;
        double a = pts[i].value, b = pts[i + 1].value, m[2];
        dt_games_sequence_threshold *t;

        if (strcmp(below, pts[i + 1].equilibrium) == 0)
            continue;
        if (!sbuf_set(s, &s->above, pts[i + 1].equilibrium)) {
            rc = nomem(err);
            goto out;
        }
        while (b - a > out->tolerance) {
            double x = 0.5 * (a + b);

            /* Neighbouring doubles: the bracket cannot shrink further. */
            if (x <= a || x >= b)
                break;
            dt__gparam_set(&sp->gp, x);
            rc = describe(s, &sp->gp, &s->mid, m, err);
            if (rc != DT_OK)
                goto out;
            if (strcmp(s->mid.p, below) == 0)
                a = x;
            else {
                b = x;
                if (!sbuf_set(s, &s->above, s->mid.p)) {
                    rc = nomem(err);
                    goto out;
                }
            }
        }
        t = &ths[out->n_thresholds];
        t->value = 0.5 * (a + b);
        t->below = below;
        t->above = dt__arena_strdup(&s->ar, s->above.p);
        if (!t->above) {
            rc = nomem(err);
            goto out;
        }
        out->n_thresholds++;
    }
out:
    dt__gparam_restore(&sp->gp, saved);
    return rc;
}

/* ---- Options. ---- */

static dt_status select_plans(const dt_games *g,
                              const dt_games_sequence_opts *o,
                              unsigned char *keep, dt_error *err)
{
    size_t i, j;

    memset(keep, o->plans ? 0 : 1, g->n_plans + 1);
    if (!o->plans)
        return DT_OK;
    if (!g->has_staged)
        return dt__error_set(err, DT_EINVAL,
                             "plans: the scenario has no staged_deal");
    for (j = 0; j < o->n_plans; j++) {
        for (i = 0; i < g->n_plans; i++)
            if (g->plans[i].id && o->plans[j] &&
                strcmp(g->plans[i].id, o->plans[j]) == 0)
                break;
        if (i == g->n_plans)
            return dt__error_set(err, DT_EINVAL,
                                 "plans: no plan '%s' in the staged_deal",
                                 o->plans[j] ? o->plans[j] : "");
        keep[i] = 1;
    }
    return DT_OK;
}

/* A sweep given by the caller, checked against the scenario. */
static dt_status given_sweep(dt_games_sequence *s,
                             const dt_games_sequence_sweep *sw, spec *sp,
                             dt_error *err)
{
    const char *name = sw->param;

    if (memchr(sw->param, '\0', sizeof sw->param) == NULL)
        return dt__error_set(err, DT_EINVAL,
                             "sweep: the parameter's name is not terminated");
    if (!isfinite(sw->lo) || !isfinite(sw->hi))
        return dt__error_set(err, DT_EINVAL,
                             "sweep %s: low and high must be finite", name);
    if (sw->lo > sw->hi)
        return dt__error_set(err, DT_EINVAL, "sweep %s: low %g > high %g", name,
                             sw->lo, sw->hi);
    if (sw->steps < 1 || sw->steps > DT_GAMES_SEQUENCE_STEPS_MAX)
        return dt__error_set(err, DT_EINVAL, "sweep %s: %u steps (1 to %d)",
                             name, sw->steps, DT_GAMES_SEQUENCE_STEPS_MAX);
    if (!dt__gparam_find(&s->w, name, &sp->gp))
        return dt__error_set(err, DT_EINVAL,
                             "sweep: unknown parameter '%s' (names: "
                             "PLAN.s_a, PLAN.s_b, PLAN.K.KEY, PLAN.*.KEY, "
                             "THREAT.KEY, ratification.setter_ideal, "
                             "ratification.status_quo, VETO.ideal, VETO.lo, "
                             "VETO.hi)",
                             name);
    if ((sp->gp.prob && (sw->lo < 0 || sw->hi > 1)) ||
        (sp->gp.nonneg && sw->lo < 0))
        return dt__error_set(err, DT_EINVAL,
                             "sweep %s: [%g, %g] leaves the valid range (%s)",
                             name, sw->lo, sw->hi,
                             sp->gp.prob ? "a probability in [0, 1]" : ">= 0");
    sp->name = dt__arena_strdup(&s->ar, name);
    if (!sp->name)
        return nomem(err);
    sp->lo = sw->lo;
    sp->hi = sw->hi;
    sp->steps = sw->steps;
    return DT_OK;
}

typedef struct file_ctx {
    dt_games_sequence *s; /* where names are resolved */
    spec *specs;          /* NULL while counting */
    size_t n;             /* sweeps found */
    int oom;              /* an allocation failed */
} file_ctx;

/* A parameter written with a range: a sweep over the file's grid. */
static void file_one(void *ud, const char *name, const dt_games_num *g)
{
    file_ctx *c = ud;
    spec *sp;

    if (!g->has_range)
        return;
    if (!c->specs) {
        c->n++;
        return;
    }
    sp = &c->specs[c->n];
    if (!dt__gparam_find(&c->s->w, name, &sp->gp))
        return;
    sp->name = dt__arena_strdup(&c->s->ar, name);
    if (!sp->name) {
        c->oom = 1;
        return;
    }
    sp->lo = g->lo;
    sp->hi = g->hi;
    sp->steps = DT_GAMES_SEQUENCE_FILE_STEPS;
    c->n++;
}

static dt_status sweep_specs(dt_games_sequence *s,
                             const dt_games_sequence_opts *o, spec **specs,
                             size_t *n, dt_error *err)
{
    file_ctx c;
    size_t i;
    dt_status rc;

    *n = 0;
    if (o->n_sweeps) {
        *specs = dt__arena_alloc(&s->ar, o->n_sweeps * sizeof **specs);
        if (!*specs)
            return nomem(err);
        for (i = 0; i < o->n_sweeps; i++) {
            rc = given_sweep(s, &o->sweeps[i], &(*specs)[i], err);
            if (rc != DT_OK)
                return rc;
        }
        *n = o->n_sweeps;
        return DT_OK;
    }
    if (!o->file_sweeps)
        return DT_OK;
    memset(&c, 0, sizeof c);
    c.s = s;
    dt__gparam_each(&s->w, file_one, &c);
    if (c.n == 0)
        return DT_OK;
    *specs = dt__arena_alloc(&s->ar, c.n * sizeof **specs);
    if (!*specs)
        return nomem(err);
    c.specs = *specs;
    c.n = 0;
    dt__gparam_each(&s->w, file_one, &c);
    if (c.oom)
        return nomem(err);
    *n = c.n;
    return DT_OK;
}

/* ---- Solving the sections. ---- */

static dt_status solve_plans(dt_games_sequence *s, const dt_games *g,
                             const unsigned char *keep, dt_error *err)
{
    size_t i, n = 0;

    for (i = 0; i < g->n_plans; i++)
        n += keep[i];
    s->plans = dt__arena_alloc(&s->ar, (n ? n : 1) * sizeof *s->plans);
    if (!s->plans)
        return nomem(err);
    for (i = 0; i < g->n_plans; i++) {
        dt_games_sequence_plan *r = &s->plans[s->n_plans];
        const dt_games_plan *p = &s->w.plans[i];
        dt_games_stage_eq *st;
        dt_error e;

        if (!keep[i])
            continue;
        memset(&e, 0, sizeof e);
        st = dt__arena_alloc(&s->ar,
                             (p->n_stages ? p->n_stages : 1) * sizeof *st);
        if (!st)
            return nomem(err);
        if (dt_games_staged_solve(p, st, &r->sum, &e) != DT_OK)
            return unsolved(&e, err);
        if (!plan_path(s, &s->mid, st, p->n_stages))
            return nomem(err);
        r->plan = &g->plans[i];
        r->stages = st;
        r->path = dt__arena_strdup(&s->ar, s->mid.p);
        if (!r->path)
            return nomem(err);
        s->n_plans++;
    }
    return DT_OK;
}

static dt_status solve_threats(dt_games_sequence *s, const dt_games *g,
                               dt_error *err)
{
    size_t i, j;
    char text[96];

    s->threats = dt__arena_alloc(&s->ar, (g->n_threats ? g->n_threats : 1) *
                                             sizeof *s->threats);
    if (!s->threats)
        return nomem(err);
    for (i = 0; i < g->n_threats; i++) {
        dt_games_sequence_threat *r = &s->threats[i];
        dt_games_threat t = s->w.threats[i];
        dt_error e;

        memset(&e, 0, sizeof e);
        r->threat = &g->threats[i];
        if (dt_games_threat_solve(&t, &r->eq, &e) != DT_OK)
            return unsolved(&e, err);
        r->equilibrium =
            dt__arena_strdup(&s->ar, threat_text(&r->eq, text, sizeof text));
        if (!r->equilibrium)
            return nomem(err);
        for (j = 0; j < DT_GAMES_SEQUENCE_N_O; j++) {
            dt_games_threat_eq eq;

            t.o.v = dt_games_sequence_o(j);
            if (dt_games_threat_solve(&t, &eq, &e) != DT_OK)
                return unsolved(&e, err);
            r->x_max_o[j] = eq.x_max;
        }
        s->n_threats++;
    }
    return DT_OK;
}

/* Win-sets against q: the radius, and on one dimension the interval. */
static void win_set(const dt_games_ratification *r, const dt_games_veto *v,
                    dt_games_sequence_veto *out)
{
    double rad = 0.0;
    size_t k;

    out->radius = out->lo = out->hi = (double)NAN;
    if (v->dist == DT_GAMES_RAT_UNIFORM)
        return;
    for (k = 0; k < r->dim; k++)
        rad += (v->ideal[k].v - r->status_quo[k].v) *
               (v->ideal[k].v - r->status_quo[k].v);
    out->radius = sqrt(rad);
    if (r->dim == 1) {
        double a = r->status_quo[0].v,
               b = 2 * v->ideal[0].v - r->status_quo[0].v;

        out->lo = a < b ? a : b;
        out->hi = a < b ? b : a;
    }
}

static dt_status solve_ratification(dt_games_sequence *s, const dt_games *g,
                                    dt_error *err)
{
    const dt_games_ratification *r = &s->w.ratification;
    dt_games_sequence_rat *q = &s->rat;
    size_t dim = r->dim ? r->dim : 1, i;
    dt_games_sequence_veto *vs;
    double *best, *x;
    dt_error e;
    dt_rng rng;

    memset(&e, 0, sizeof e);
    best = dt__arena_alloc(&s->ar, dim * sizeof *best);
    vs = dt__arena_alloc(&s->ar, (r->n_vetoes ? r->n_vetoes : 1) * sizeof *vs);
    if (!best || !vs)
        return nomem(err);
    q->rat = &g->ratification;
    q->eq.best = best;
    if (dt_games_rat_solve(r, &q->eq, &e) != DT_OK)
        return unsolved(&e, err);
    q->regime = dt_games_sequence_regime_name(q->eq.regime);
    dt_rng_seed(&rng, s->seed);
    q->p_best_mc = dt_games_rat_prob_mc(r, best, s->draws, &rng);
    q->p_proposal = q->p_proposal_mc = (double)NAN;
    if (r->proposal) {
        x = dt__arena_alloc(&s->ar, dim * sizeof *x);
        if (!x)
            return nomem(err);
        for (i = 0; i < r->dim; i++)
            x[i] = r->proposal[i].v;
        q->proposal = x;
        q->p_proposal = dt_games_rat_prob(r, x);
        dt_rng_seed(&rng, s->seed);
        q->p_proposal_mc = dt_games_rat_prob_mc(r, x, s->draws, &rng);
    }
    for (i = 0; i < r->n_vetoes; i++) {
        vs[i].veto = &g->ratification.vetoes[i];
        win_set(r, &r->vetoes[i], &vs[i]);
    }
    q->vetoes = vs;
    s->has_rat = 1;
    return DT_OK;
}

/* Scratch of describe(): the longest plan's stages, the best proposal. */
static dt_status scratch(dt_games_sequence *s, dt_error *err)
{
    size_t i, k = 1;

    for (i = 0; i < s->w.n_plans; i++)
        if (s->w.plans[i].n_stages > k)
            k = s->w.plans[i].n_stages;
    s->st = dt__arena_alloc(&s->ar, k * sizeof *s->st);
    s->best =
        dt__arena_alloc(&s->ar, (s->w.has_ratification && s->w.ratification.dim
                                     ? s->w.ratification.dim
                                     : 1) *
                                    sizeof *s->best);
    return s->st && s->best ? DT_OK : nomem(err);
}

dt_status dt_games_sequence_new(const dt_scenario *sc,
                                const dt_games_sequence_opts *o,
                                dt_games_sequence **out, dt_error *err)
{
    static const dt_games_sequence_opts defaults = DT_GAMES_SEQUENCE_OPTS_INIT;
    const dt_games *g = dt_scenario_games(sc);
    const dt_allocator *alloc = dt_scenario_allocator(sc);
    dt_games_sequence *s = NULL;
    unsigned char *keep;
    spec *specs = NULL;
    size_t n_specs = 0, i;
    dt_status rc;

    *out = NULL;
    if (!o)
        o = &defaults;
    if (!g || (!g->has_staged && !g->n_threats && !g->has_ratification))
        return dt__error_set(err, DT_ESCENARIO,
                             "'%s' has no staged_deal, threat or "
                             "ratification section",
                             dt_scenario_path(sc) ? dt_scenario_path(sc)
                                                  : dt_scenario_name(sc));
    s = dt__calloc(alloc, 1, sizeof *s);
    if (!s)
        return nomem(err);
    s->sc = sc;
    s->alloc = alloc;
    s->seed = o->seed;
    s->draws = o->draws;
    dt__arena_init(&s->ar, alloc);
    keep = dt__arena_alloc(&s->ar, g->n_plans + 1);
    if (!keep || !dt__gparam_copy(&s->ar, g, &s->w) ||
        scratch(s, NULL) != DT_OK) {
        rc = nomem(err);
        goto out;
    }
    rc = select_plans(g, o, keep, err);
    if (rc == DT_OK)
        rc = sweep_specs(s, o, &specs, &n_specs, err);
    if (rc == DT_OK && g->has_staged)
        rc = solve_plans(s, g, keep, err);
    if (rc == DT_OK && g->n_threats)
        rc = solve_threats(s, g, err);
    if (rc == DT_OK && g->has_ratification)
        rc = solve_ratification(s, g, err);
    if (rc != DT_OK)
        goto out;
    s->swept =
        dt__arena_alloc(&s->ar, (n_specs ? n_specs : 1) * sizeof *s->swept);
    if (!s->swept) {
        rc = nomem(err);
        goto out;
    }
    for (i = 0; i < n_specs; i++) {
        /* Sweeps of plans left out are not run. */
        if (specs[i].gp.fam == DT_GAMES_SEQUENCE_STAGED &&
            !keep[specs[i].gp.idx])
            continue;
        rc = run_sweep(s, &specs[i], &s->swept[s->n_swept], err);
        if (rc != DT_OK)
            goto out;
        s->n_swept++;
    }
out:
    sbuf_release(s, &s->mid);
    sbuf_release(s, &s->above);
    if (rc != DT_OK) {
        dt_games_sequence_free(s);
        return rc;
    }
    *out = s;
    return DT_OK;
}

void dt_games_sequence_free(dt_games_sequence *s)
{
    if (!s)
        return;
    sbuf_release(s, &s->mid);
    sbuf_release(s, &s->above);
    dt__arena_release(&s->ar);
    dt__free(s->alloc, s, sizeof *s);
}

const dt_scenario *dt_games_sequence_scenario(const dt_games_sequence *s)
{
    return s->sc;
}

const dt_games *dt_games_sequence_games(const dt_games_sequence *s)
{
    return dt_scenario_games(s->sc);
}

uint64_t dt_games_sequence_seed(const dt_games_sequence *s)
{
    return s->seed;
}

size_t dt_games_sequence_draws(const dt_games_sequence *s)
{
    return s->draws;
}

size_t dt_games_sequence_n_plans(const dt_games_sequence *s)
{
    return s->n_plans;
}

const dt_games_sequence_plan *
dt_games_sequence_plan_at(const dt_games_sequence *s, size_t i)
{
    return i < s->n_plans ? &s->plans[i] : NULL;
}

size_t dt_games_sequence_n_threats(const dt_games_sequence *s)
{
    return s->n_threats;
}

const dt_games_sequence_threat *
dt_games_sequence_threat_at(const dt_games_sequence *s, size_t i)
{
    return i < s->n_threats ? &s->threats[i] : NULL;
}

const dt_games_sequence_rat *
dt_games_sequence_ratification(const dt_games_sequence *s)
{
    return s->has_rat ? &s->rat : NULL;
}

size_t dt_games_sequence_n_sweeps(const dt_games_sequence *s)
{
    return s->n_swept;
}

const dt_games_sequence_swept *
dt_games_sequence_sweep_at(const dt_games_sequence *s, size_t i)
{
    return i < s->n_swept ? &s->swept[i] : NULL;
}
