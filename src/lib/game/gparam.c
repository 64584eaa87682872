/*
 * The parameters of the game sections by name (games.h, "All sections
 * solved, and swept"): a working copy of the sections that sweeps may
 * change, names resolved to the numbers they stand for, and the numbers
 * enumerated in the file's order (the ranges a file sweeps). The text
 * form of a sweep, "PARAM=LO:HI:STEPS", is parsed here too.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "game_int.h"

static const char *const stage_keys[7] = {"a",   "b",   "h", "g",
                                          "t_a", "t_b", "q"};
static const char *const threat_keys[8] = {"x", "v_s", "v_t", "harm",
                                           "o", "k_s", "a_s", "mu"};

static dt_games_num *stage_field(dt_games_stage *s, size_t k)
{
    dt_games_num *f[7] = {&s->a, &s->b, &s->h, &s->g, &s->t_a, &s->t_b, &s->q};

    return f[k];
}

static dt_games_num *threat_field(dt_games_threat *t, size_t k)
{
    dt_games_num *f[8] = {&t->x, &t->v_s, &t->v_t, &t->harm,
                          &t->o, &t->k_s, &t->a_s, &t->mu};

    return f[k];
}

/* ---- The working copy. ---- */

/* n numbers copied into ar (NULL stays NULL); 0 when out of memory. */
static int copy_vec(dt__arena *ar, dt_games_num **dst, const dt_games_num *src,
                    size_t n)
{
    if (!src) {
        *dst = NULL;
        return 1;
    }
    *dst = dt__arena_alloc(ar, (n ? n : 1) * sizeof **dst);
    if (!*dst)
        return 0;
    memcpy(*dst, src, n * sizeof **dst);
    return 1;
}

int dt__gparam_copy(dt__arena *ar, const dt_games *src, dt_games *w)
{
    const dt_games_ratification *sr = &src->ratification;
    dt_games_ratification *r = &w->ratification;
    size_t i, d = sr->dim;

    *w = *src;
    w->plans = dt__arena_alloc(ar, (src->n_plans + 1) * sizeof *w->plans);
    w->threats = dt__arena_alloc(ar, (src->n_threats + 1) * sizeof *w->threats);
    if (!w->plans || !w->threats)
        return 0;
    for (i = 0; i < src->n_plans; i++) {
        w->plans[i] = src->plans[i];
        w->plans[i].stages = dt__arena_alloc(ar, (src->plans[i].n_stages + 1) *
                                                     sizeof(dt_games_stage));
        if (!w->plans[i].stages)
            return 0;
        memcpy(w->plans[i].stages, src->plans[i].stages,
               src->plans[i].n_stages * sizeof(dt_games_stage));
    }
    memcpy(w->threats, src->threats, src->n_threats * sizeof *w->threats);
    if (!src->has_ratification)
        return 1;
    r->vetoes = dt__arena_alloc(ar, (sr->n_vetoes + 1) * sizeof *r->vetoes);
    if (!r->vetoes || !copy_vec(ar, &r->status_quo, sr->status_quo, d) ||
        !copy_vec(ar, &r->setter_ideal, sr->setter_ideal, d) ||
        !copy_vec(ar, &r->proposal, sr->proposal, d))
        return 0;
    for (i = 0; i < sr->n_vetoes; i++) {
        dt_games_veto *v = &r->vetoes[i];

        *v = sr->vetoes[i];
        if (v->dist == DT_GAMES_RAT_UNIFORM)
            v->ideal = &v->lo; /* unused by the solvers (games.h) */
        else if (!copy_vec(ar, &v->ideal, sr->vetoes[i].ideal, d))
            return 0;
        if (v->dist == DT_GAMES_RAT_NORMAL &&
            !copy_vec(ar, &v->sd, sr->vetoes[i].sd, d))
            return 0;
    }
    return 1;
}

/* ---- Names. ---- */

static void one(dt__gparam *gp, dt_games_sequence_family fam, size_t idx,
                dt_games_num *g)
{
    gp->fam = fam;
    gp->idx = idx;
    gp->first = g;
    gp->n = 1;
    gp->stride = sizeof *g;
}

/* The stage written as "%zu" in t[0..len), 1..n; 0 when none. */
static size_t stage_no(const char *t, size_t len, size_t n)
{
    size_t v = 0, i;

    if (len == 0 || len > 18 || t[0] == '0')
        return 0;
    for (i = 0; i < len; i++) {
        if (t[i] < '0' || t[i] > '9')
            return 0;
        v = 10 * v + (size_t)(t[i] - '0');
    }
    return v <= n ? v : 0;
}

/* PLAN.s_a, PLAN.s_b, PLAN.K.KEY, PLAN.*.KEY of plan i (rest after "."). */
static int plan_param(dt_games_plan *p, size_t i, const char *rest,
                      dt__gparam *gp)
{
    const char *dot;
    size_t k, s;

    if (strcmp(rest, "s_a") == 0 || strcmp(rest, "s_b") == 0) {
        one(gp, DT_GAMES_SEQUENCE_STAGED, i,
            rest[2] == 'a' ? &p->s_a : &p->s_b);
        gp->nonneg = 1;
        return 1;
    }
    dot = strchr(rest, '.');
    if (!dot || p->n_stages == 0)
        return 0;
    for (k = 0; k < 7; k++)
        if (strcmp(dot + 1, stage_keys[k]) == 0)
            break;
    if (k == 7)
        return 0;
    if (dot - rest == 1 && rest[0] == '*') {
        one(gp, DT_GAMES_SEQUENCE_STAGED, i, stage_field(&p->stages[0], k));
        gp->n = p->n_stages;
        gp->stride = sizeof(dt_games_stage);
    } else {
        s = stage_no(rest, (size_t)(dot - rest), p->n_stages);
        if (!s)
            return 0;
        one(gp, DT_GAMES_SEQUENCE_STAGED, i, stage_field(&p->stages[s - 1], k));
    }
    gp->prob = k == 6;
    gp->nonneg = 1;
    return 1;
}

/* name == id "." key */
static int dotted(const char *name, const char *id, const char *key)
{
    size_t len = strlen(id);

    return strncmp(name, id, len) == 0 && name[len] == '.' &&
           strcmp(name + len + 1, key) == 0;
}

int dt__gparam_find(dt_games *w, const char *name, dt__gparam *gp)
{
    size_t i, k;

    memset(gp, 0, sizeof *gp);
    /* A plan whose id prefixes the name but has no such number lets a
     * later plan, threat or veto holder have it. */
    for (i = 0; i < w->n_plans; i++) {
        dt_games_plan *p = &w->plans[i];
        size_t len = p->id ? strlen(p->id) : 0;

        if (p->id && strncmp(name, p->id, len) == 0 && name[len] == '.' &&
            plan_param(p, i, name + len + 1, gp))
            return 1;
    }
    for (i = 0; i < w->n_threats; i++)
        for (k = 0; k < 8 && w->threats[i].id; k++)
            if (dotted(name, w->threats[i].id, threat_keys[k])) {
                one(gp, DT_GAMES_SEQUENCE_THREAT, i,
                    threat_field(&w->threats[i], k));
                gp->prob = k == 4 || k == 7;
                gp->nonneg = 1;
                return 1;
            }
    if (w->has_ratification) {
        dt_games_ratification *r = &w->ratification;

        if (strcmp(name, "ratification.setter_ideal") == 0) {
            one(gp, DT_GAMES_SEQUENCE_RATIFICATION, 0, &r->setter_ideal[0]);
            return 1;
        }
        if (strcmp(name, "ratification.status_quo") == 0) {
            one(gp, DT_GAMES_SEQUENCE_RATIFICATION, 0, &r->status_quo[0]);
            return 1;
        }
        for (i = 0; i < r->n_vetoes; i++) {
            dt_games_veto *v = &r->vetoes[i];
            dt_games_num *g = NULL;

            if (!v->id)
                continue;
            if (v->dist != DT_GAMES_RAT_UNIFORM && dotted(name, v->id, "ideal"))
                g = &v->ideal[0];
            else if (v->dist == DT_GAMES_RAT_UNIFORM &&
                     dotted(name, v->id, "lo"))
                g = &v->lo;
            else if (v->dist == DT_GAMES_RAT_UNIFORM &&
                     dotted(name, v->id, "hi"))
                g = &v->hi;
            if (g) {
                one(gp, DT_GAMES_SEQUENCE_RATIFICATION, 0, g);
                return 1;
            }
        }
    }
    return 0;
}

static dt_games_num *at(const dt__gparam *gp, size_t j)
{
    return (dt_games_num *)(void *)((char *)gp->first + j * gp->stride);
}

void dt__gparam_set(const dt__gparam *gp, double x)
{
    size_t j;

    for (j = 0; j < gp->n; j++)
        at(gp, j)->v = x;
}

void dt__gparam_save(const dt__gparam *gp, double *saved)
{
    size_t j;

    for (j = 0; j < gp->n; j++)
        saved[j] = at(gp, j)->v;
}

void dt__gparam_restore(const dt__gparam *gp, const double *saved)
{
    size_t j;

    for (j = 0; j < gp->n; j++)
        at(gp, j)->v = saved[j];
}

/* ---- Every number, in the file's order. ---- */

void dt__gparam_each(dt_games *w,
                     void (*fn)(void *ud, const char *name,
                                const dt_games_num *g),
                     void *ud)
{
    char name[DT_GAMES_SEQUENCE_PARAM_MAX + 64];
    size_t i, s, k;

    for (i = 0; i < w->n_plans; i++) {
        dt_games_plan *p = &w->plans[i];

        if (!p->id)
            continue;
        snprintf(name, sizeof name, "%s.s_a", p->id);
        fn(ud, name, &p->s_a);
        snprintf(name, sizeof name, "%s.s_b", p->id);
        fn(ud, name, &p->s_b);
        for (s = 0; s < p->n_stages; s++)
            for (k = 0; k < 7; k++) {
                snprintf(name, sizeof name, "%s.%zu.%s", p->id, s + 1,
                         stage_keys[k]);
                fn(ud, name, stage_field(&p->stages[s], k));
            }
    }
    for (i = 0; i < w->n_threats; i++)
        for (k = 0; k < 8 && w->threats[i].id; k++) {
            snprintf(name, sizeof name, "%s.%s", w->threats[i].id,
                     threat_keys[k]);
            fn(ud, name, threat_field(&w->threats[i], k));
        }
    if (w->has_ratification) {
        dt_games_ratification *r = &w->ratification;

        fn(ud, "ratification.setter_ideal", &r->setter_ideal[0]);
        fn(ud, "ratification.status_quo", &r->status_quo[0]);
        for (i = 0; i < r->n_vetoes; i++) {
            dt_games_veto *v = &r->vetoes[i];

            if (!v->id)
                continue;
            if (v->dist == DT_GAMES_RAT_UNIFORM) {
                snprintf(name, sizeof name, "%s.lo", v->id);
                fn(ud, name, &v->lo);
                snprintf(name, sizeof name, "%s.hi", v->id);
                fn(ud, name, &v->hi);
            } else {
                snprintf(name, sizeof name, "%s.ideal", v->id);
                fn(ud, name, &v->ideal[0]);
            }
        }
    }
}

/* ---- "PARAM=LO:HI:STEPS". ---- */

/* s[0..n) as a finite double (C syntax, any locale); 0 when it is not. */
static int number(const char *s, size_t n, double *out)
{
    char buf[64];

    if (n == 0 || n >= sizeof buf)
        return 0;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return dt__parse_double(buf, out) && isfinite(*out);
}

dt_status dt_games_sequence_sweep_parse(const char *text,
                                        dt_games_sequence_sweep *out,
                                        dt_error *err)
{
    const char *eq = strchr(text, '='), *c1, *c2, *p;
    size_t len;
    double lo, hi;
    unsigned long n = 0;

    memset(out, 0, sizeof *out);
    if (!eq || (size_t)(eq - text) >= sizeof out->param)
        return dt__error_set(err, DT_EINVAL,
                             "sweep wants PARAM=LO:HI:STEPS, got '%s'", text);
    len = (size_t)(eq - text);
    c1 = strchr(eq + 1, ':');
    c2 = c1 ? strchr(c1 + 1, ':') : NULL;
    if (!c2 || !number(eq + 1, (size_t)(c1 - eq - 1), &lo) ||
        !number(c1 + 1, (size_t)(c2 - c1 - 1), &hi) || !c2[1])
        goto bad;
    for (p = c2 + 1; *p; p++) {
        if (*p < '0' || *p > '9' || n > DT_GAMES_SEQUENCE_STEPS_MAX)
            goto bad;
        n = 10 * n + (unsigned long)(*p - '0');
    }
    if (n < 2 || n > DT_GAMES_SEQUENCE_STEPS_MAX)
        goto bad;
    memcpy(out->param, text, len);
    out->param[len] = '\0';
    if (lo > hi)
        return dt__error_set(err, DT_EINVAL, "sweep %s: low %g > high %g",
                             out->param, lo, hi);
    out->lo = lo;
    out->hi = hi;
    out->steps = (unsigned)n;
    return DT_OK;
bad:
    memset(out, 0, sizeof *out);
    return dt__error_set(err, DT_EINVAL,
                         "sweep wants PARAM=LO:HI:STEPS with STEPS >= 2, got "
                         "'%s'",
                         text);
}
