/*
 * detente sequence FILE: the game sections of a scenario (docs/games.md).
 * The staged deal's plans side by side (equilibrium path, where the deal
 * breaks and who breaks it, binding constraints, the verification and
 * penalties each stage needs), each threat (credibility, the largest
 * demand accepted and how it falls as outside options grow) and the
 * ratification game (win-sets, the setter's best proposal, implementation
 * probability, closed form and Monte Carlo). Sweeps: every parameter
 * written as a range, or given with --sweep, is varied over a grid and
 * the values where the equilibrium changes are found by bisection.
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"

enum { OPT_PLANS = 256, OPT_FORMAT, OPT_SWEEP, OPT_SEED, OPT_DRAWS };

#define MAX_PTR       64   /* parameters one sweep name may stand for */
#define MAX_SWEEPS    32   /* sweeps per run */
#define BISECT_REL    1e-9 /* thresholds to this share of the swept range */
#define DEFAULT_STEPS 11   /* grid points of a range written in the file */
#define SIG           160  /* an equilibrium's description */

static void seq_usage(FILE *f)
{
    fputs(
        "usage: detente sequence FILE [--plans NAME,NAME...]\n"
        "                        [--format table|json] [-o FILE]\n"
        "                        [--sweep PARAM=LO:HI:STEPS]... "
        "[--seed N] [--draws N]\n\n"
        "Solves the scenario's game sections (docs/games.md): the plans of\n"
        "its staged_deal side by side, each threat, and the ratification\n"
        "game. Every parameter written as a range in the file is swept over\n"
        "11 points, or those named with --sweep instead; the values where\n"
        "the equilibrium changes are found by bisection (to 1e-9 of the\n"
        "range).\n\n"
        "  --plans A,B      only these plans of the staged deal\n"
        "  --sweep P=L:H:N  sweep parameter P over N points of [L, H]:\n"
        "                   PLAN.s_a, PLAN.s_b, PLAN.K.KEY (stage K, KEY one\n"
        "                   of a b h g t_a t_b q; K = * for every stage),\n"
        "                   THREAT.KEY (x v_s v_t harm o k_s a_s mu),\n"
        "                   ratification.setter_ideal, "
        "ratification.status_quo,\n"
        "                   VETO.ideal, VETO.lo, VETO.hi (first dimension)\n"
        "  --seed N         seed of the Monte Carlo check (default 1)\n"
        "  --draws N        Monte Carlo draws (default 100000)\n"
        "  --format table   plain text (default); json for programs\n"
        "  -o, --out FILE   write there instead of standard output\n",
        f);
}

/* ---- A working copy of the sections, which the sweeps change. ---- */

typedef struct work {
    dt_games g;
    dt_gnum *ratbuf; /* the ratification positions, copied */
    size_t n_ratbuf;
} work;

static int copy_games(const dt_games *src, work *w)
{
    size_t i, n = 0, d;
    dt_ratification *r = &w->g.ratification;

    memset(w, 0, sizeof *w);
    w->g = *src;
    w->g.plans = calloc(src->n_plans + 1, sizeof *w->g.plans);
    w->g.threats = calloc(src->n_threats + 1, sizeof *w->g.threats);
    if (!w->g.plans || !w->g.threats)
        return 0;
    for (i = 0; i < src->n_plans; i++) {
        w->g.plans[i] = src->plans[i];
        w->g.plans[i].stages =
            calloc(src->plans[i].n_stages + 1, sizeof(dt_stage));
        if (!w->g.plans[i].stages)
            return 0;
        memcpy(w->g.plans[i].stages, src->plans[i].stages,
               src->plans[i].n_stages * sizeof(dt_stage));
    }
    memcpy(w->g.threats, src->threats, src->n_threats * sizeof(dt_threat));
    if (!src->has_ratification)
        return 1;
    d = r->dim;
    w->n_ratbuf = 3 * d + 2 * d * r->n_vetoes + 1;
    w->ratbuf = calloc(w->n_ratbuf, sizeof *w->ratbuf);
    r->vetoes = calloc(r->n_vetoes + 1, sizeof *r->vetoes);
    if (!w->ratbuf || !r->vetoes)
        return 0;
#define COPYV(dst, s)                                                          \
    do {                                                                       \
        if (s) {                                                               \
            memcpy(w->ratbuf + n, (s), d * sizeof *w->ratbuf);                 \
            (dst) = w->ratbuf + n;                                             \
            n += d;                                                            \
        }                                                                      \
    } while (0)
    COPYV(r->status_quo, src->ratification.status_quo);
    COPYV(r->setter_ideal, src->ratification.setter_ideal);
    COPYV(r->proposal, src->ratification.proposal);
    for (i = 0; i < r->n_vetoes; i++) {
        r->vetoes[i] = src->ratification.vetoes[i];
        if (r->vetoes[i].dist != DT_RAT_UNIFORM)
            COPYV(r->vetoes[i].ideal, src->ratification.vetoes[i].ideal);
        else
            r->vetoes[i].ideal = &r->vetoes[i].lo;
        if (r->vetoes[i].dist == DT_RAT_NORMAL)
            COPYV(r->vetoes[i].sd, src->ratification.vetoes[i].sd);
    }
#undef COPYV
    return 1;
}

static void free_work(work *w)
{
    size_t i;

    if (w->g.plans)
        for (i = 0; i < w->g.n_plans; i++)
            free(w->g.plans[i].stages);
    free(w->g.plans);
    free(w->g.threats);
    if (w->ratbuf)
        free(w->g.ratification.vetoes);
    free(w->ratbuf);
}

/* ---- Parameters by name. ---- */

enum fam { F_PLAN, F_THREAT, F_RAT };

typedef struct sparam {
    char name[128];
    dt_gnum *ptr[MAX_PTR];
    size_t n_ptr;
    enum fam fam;
    size_t idx; /* plan or threat */
    int prob;   /* a probability: the range must lie in [0, 1] */
    int nonneg;
} sparam;

static const char *const stage_keys[] = {"a", "b", "h", "g", "t_a", "t_b", "q"};

static dt_gnum *stage_field(dt_stage *s, size_t k)
{
    dt_gnum *f[] = {&s->a, &s->b, &s->h, &s->g, &s->t_a, &s->t_b, &s->q};

    return f[k];
}

static const char *const threat_keys[] = {"x", "v_s", "v_t", "harm",
                                          "o", "k_s", "a_s", "mu"};

static dt_gnum *threat_field(dt_threat *t, size_t k)
{
    dt_gnum *f[] = {&t->x, &t->v_s, &t->v_t, &t->harm,
                    &t->o, &t->k_s, &t->a_s, &t->mu};

    return f[k];
}

/* Resolve `name` in the working copy; 0 when unknown. */
static int find_param(work *w, const char *name, sparam *sp)
{
    size_t i, k;
    char buf[128];

    memset(sp, 0, sizeof *sp);
    snprintf(sp->name, sizeof sp->name, "%s", name);
    for (i = 0; i < w->g.n_plans; i++) {
        dt_staged_plan *p = &w->g.plans[i];
        size_t len = strlen(p->id ? p->id : "");

        if (!p->id || strncmp(name, p->id, len) != 0 || name[len] != '.')
            continue;
        sp->fam = F_PLAN;
        sp->idx = i;
        sp->nonneg = 1;
        if (strcmp(name + len + 1, "s_a") == 0)
            sp->ptr[sp->n_ptr++] = &p->s_a;
        else if (strcmp(name + len + 1, "s_b") == 0)
            sp->ptr[sp->n_ptr++] = &p->s_b;
        else
            for (k = 0; k < 7; k++) {
                size_t s;

                snprintf(buf, sizeof buf, "%s.*.%s", p->id, stage_keys[k]);
                if (strcmp(name, buf) == 0) {
                    for (s = 0; s < p->n_stages && s < MAX_PTR; s++)
                        sp->ptr[sp->n_ptr++] = stage_field(&p->stages[s], k);
                    sp->prob = k == 6;
                    break;
                }
                for (s = 0; s < p->n_stages; s++) {
                    snprintf(buf, sizeof buf, "%s.%zu.%s", p->id, s + 1,
                             stage_keys[k]);
                    if (strcmp(name, buf) == 0) {
                        sp->ptr[sp->n_ptr++] = stage_field(&p->stages[s], k);
                        sp->prob = k == 6;
                        break;
                    }
                }
                if (sp->n_ptr)
                    break;
            }
        if (sp->n_ptr)
            return 1;
    }
    for (i = 0; i < w->g.n_threats; i++) {
        dt_threat *t = &w->g.threats[i];

        for (k = 0; k < 8 && t->id; k++) {
            snprintf(buf, sizeof buf, "%s.%s", t->id, threat_keys[k]);
            if (strcmp(name, buf) == 0) {
                sp->fam = F_THREAT;
                sp->idx = i;
                sp->ptr[sp->n_ptr++] = threat_field(t, k);
                sp->prob = k == 4 || k == 7;
                sp->nonneg = 1;
                return 1;
            }
        }
    }
    if (w->g.has_ratification) {
        dt_ratification *r = &w->g.ratification;

        sp->fam = F_RAT;
        if (strcmp(name, "ratification.setter_ideal") == 0)
            sp->ptr[sp->n_ptr++] = &r->setter_ideal[0];
        else if (strcmp(name, "ratification.status_quo") == 0)
            sp->ptr[sp->n_ptr++] = &r->status_quo[0];
        for (i = 0; i < r->n_vetoes && !sp->n_ptr; i++) {
            dt_rat_veto *v = &r->vetoes[i];

            if (!v->id)
                continue;
            snprintf(buf, sizeof buf, "%s.ideal", v->id);
            if (strcmp(name, buf) == 0 && v->dist != DT_RAT_UNIFORM)
                sp->ptr[sp->n_ptr++] = &v->ideal[0];
            snprintf(buf, sizeof buf, "%s.lo", v->id);
            if (strcmp(name, buf) == 0 && v->dist == DT_RAT_UNIFORM)
                sp->ptr[sp->n_ptr++] = &v->lo;
            snprintf(buf, sizeof buf, "%s.hi", v->id);
            if (strcmp(name, buf) == 0 && v->dist == DT_RAT_UNIFORM)
                sp->ptr[sp->n_ptr++] = &v->hi;
        }
        if (sp->n_ptr)
            return 1;
    }
    return 0;
}

/* ---- Solving one item and describing its equilibrium. ---- */

/* Plan p: fill st[] and sum; describe the path in sig. */
static int plan_eq(const dt_staged_plan *p, dt_stage_eq *st, dt_staged_sum *sum,
                   char *sig, size_t n, dt_error *err)
{
    size_t k, used = 0;

    if (dt_staged_solve(p, st, sum, err) != DT_OK)
        return 0;
    sig[0] = '\0';
    for (k = 0; k < p->n_stages && used + 24 < n; k++)
        used += (size_t)snprintf(sig + used, n - used, "%s%s/%s", k ? " " : "",
                                 st[k].steps ? "step" : "cheat",
                                 st[k].reciprocates ? "recip" : "renege");
    return 1;
}

static void threat_sig(const dt_threat_eq *e, char *sig, size_t n)
{
    snprintf(sig, n, "%s, %s, %s", e->credible ? "credible" : "not credible",
             e->complies ? "target complies" : "target defies",
             e->demands ? "sender demands" : "no demand");
}

static const char *const regime_name[] = {
    "no proposal beats q", "the setter's ideal", "interior optimum",
    "at a veto holder's bound"};

/* The equilibrium of the item param sp belongs to, as text; 0 on error. */
static int describe(work *w, const sparam *sp, char *sig, size_t n, double *m1,
                    double *m2, dt_error *err)
{
    if (sp->fam == F_PLAN) {
        const dt_staged_plan *p = &w->g.plans[sp->idx];
        dt_stage_eq *st = calloc(p->n_stages, sizeof *st);
        dt_staged_sum sum;
        int ok;

        if (!st)
            return 0;
        ok = plan_eq(p, st, &sum, sig, n, err);
        *m1 = sum.v_a;
        *m2 = sum.v_b;
        free(st);
        return ok;
    }
    if (sp->fam == F_THREAT) {
        dt_threat_eq e;

        if (dt_threat_solve(&w->g.threats[sp->idx], &e, err) != DT_OK)
            return 0;
        threat_sig(&e, sig, n);
        *m1 = e.x_max;
        *m2 = e.u_s;
        return 1;
    } else {
        dt_ratification *r = &w->g.ratification;
        double *best = calloc(r->dim, sizeof *best);
        dt_rat_eq e;

        if (!best)
            return 0;
        e.best = best;
        if (dt_rat_solve(r, &e, err) != DT_OK) {
            free(best);
            return 0;
        }
        snprintf(sig, n, "best proposal: %s", regime_name[e.regime & 3]);
        *m1 = best[0];
        *m2 = e.p_best;
        free(best);
        return 1;
    }
}

static void set_param(const sparam *sp, double x)
{
    size_t i;

    for (i = 0; i < sp->n_ptr; i++)
        sp->ptr[i]->v = x;
}

/* ---- Sweeps. ---- */

typedef struct sweep {
    sparam sp;
    double lo, hi;
    unsigned steps;
    double saved[MAX_PTR];
} sweep;

static const char *m_names(enum fam f, int which)
{
    static const char *const n[3][2] = {
        {"V_A", "V_B"}, {"x*", "u_S"}, {"best[0]", "P(best)"}};

    return n[f][which];
}

/*
 * One sweep: the grid, then bisection between neighbours whose
 * equilibria differ. Writes table rows to f or JSON into arr.
 */
static int run_sweep(work *w, sweep *s, FILE *f, json_t *arr, dt_error *err)
{
    char *sigs = calloc((size_t)s->steps, SIG);
    double *xs = calloc((size_t)s->steps, sizeof *xs);
    double tol = BISECT_REL * (s->hi - s->lo);
    json_t *o = NULL, *pts = NULL, *ths = NULL;
    unsigned i, n_th = 0;
    size_t k;
    int ok = 0;

    if (!sigs || !xs)
        goto out;
    for (k = 0; k < s->sp.n_ptr; k++)
        s->saved[k] = s->sp.ptr[k]->v;
    if (arr) {
        o = json_object();
        pts = json_array();
        ths = json_array();
        json_object_set_new(o, "param", json_string(s->sp.name));
        json_object_set_new(o, "lo", json_real(s->lo));
        json_object_set_new(o, "hi", json_real(s->hi));
        json_object_set_new(o, "steps", json_integer(s->steps));
        json_object_set_new(o, "tolerance", json_real(tol));
    } else {
        fprintf(f, "\nsweep %s over [%g, %g], %u points:\n", s->sp.name, s->lo,
                s->hi, s->steps);
        fprintf(f, "  %12s  %10s  %10s  equilibrium\n", "value",
                m_names(s->sp.fam, 0), m_names(s->sp.fam, 1));
    }
    for (i = 0; i < s->steps; i++) {
        double m1, m2;

        xs[i] = s->steps == 1 ? s->lo
                              : s->lo + (s->hi - s->lo) * (double)i /
                                            (double)(s->steps - 1);
        set_param(&s->sp, xs[i]);
        if (!describe(w, &s->sp, sigs + (size_t)i * SIG, SIG, &m1, &m2, err))
            goto out;
        if (arr) {
            json_t *pt = json_object();

            json_object_set_new(pt, "value", json_real(xs[i]));
            json_object_set_new(pt, "equilibrium",
                                json_string(sigs + (size_t)i * SIG));
            json_object_set_new(pt, m_names(s->sp.fam, 0), json_real(m1));
            json_object_set_new(pt, m_names(s->sp.fam, 1), json_real(m2));
            json_array_append_new(pts, pt);
        } else
            fprintf(f, "  %12.6g  %10.4g  %10.4g  %s\n", xs[i], m1, m2,
                    sigs + (size_t)i * SIG);
    }
    if (!arr)
        fprintf(f, "  thresholds (bisection to %.3g):%s\n", tol,
                s->steps > 1 ? "" : " none (one point)");
    for (i = 0; i + 1 < s->steps; i++) {
        char lo_sig[SIG], hi_sig[SIG], mid[SIG];
        double a = xs[i], b = xs[i + 1], m1, m2;

        if (strcmp(sigs + (size_t)i * SIG, sigs + (size_t)(i + 1) * SIG) == 0)
            continue;
        n_th++;
        memcpy(lo_sig, sigs + (size_t)i * SIG, SIG);
        memcpy(hi_sig, sigs + (size_t)(i + 1) * SIG, SIG);
        while (b - a > tol) {
            double x = 0.5 * (a + b);

            set_param(&s->sp, x);
            if (!describe(w, &s->sp, mid, SIG, &m1, &m2, err))
                goto out;
            if (strcmp(mid, lo_sig) == 0)
                a = x;
            else {
                b = x;
                memcpy(hi_sig, mid, SIG);
            }
        }
        if (arr) {
            json_t *t = json_object();

            json_object_set_new(t, "value", json_real(0.5 * (a + b)));
            json_object_set_new(t, "below", json_string(lo_sig));
            json_object_set_new(t, "above", json_string(hi_sig));
            json_array_append_new(ths, t);
        } else
            fprintf(f, "    %s = %.9g: %s  ->  %s\n", s->sp.name, 0.5 * (a + b),
                    lo_sig, hi_sig);
    }
    if (!arr && n_th == 0 && s->steps > 1)
        fputs("    none: the same equilibrium over the whole range\n", f);
    ok = 1;
out:
    for (k = 0; k < s->sp.n_ptr; k++)
        s->sp.ptr[k]->v = s->saved[k];
    if (o) {
        json_object_set_new(o, "points", pts);
        json_object_set_new(o, "thresholds", ths);
        json_array_append_new(arr, o);
    }
    free(sigs);
    free(xs);
    return ok;
}

/* ---- Plain-text report. ---- */

static const char *side(const char *s, const char *dflt)
{
    return s ? s : dflt;
}

static void fmt_need(char *buf, size_t n, double x)
{
    if (isinf(x))
        snprintf(buf, n, "%8s", "never");
    else if (x <= 0.0)
        snprintf(buf, n, "%8s", "none");
    else
        snprintf(buf, n, "%8.3f", x);
}

static int table_plans(FILE *f, const dt_games *g, const unsigned char *sel,
                       dt_error *err)
{
    size_t i, k;
    const char *A = side(g->side_a, "A"), *B = side(g->side_b, "B");

    fprintf(f, "staged deal: A = %s (steps), B = %s (reciprocates)\n", A, B);
    fprintf(f, "  %-22s %3s  %-42s %9s %9s\n", "plan", "K", "outcome", "V_A",
            "V_B");
    for (i = 0; i < g->n_plans; i++) {
        const dt_staged_plan *p = &g->plans[i];
        dt_stage_eq *st;
        dt_staged_sum sum;
        char sig[SIG], out[96];

        if (!sel[i])
            continue;
        st = calloc(p->n_stages, sizeof *st);
        if (!st || !plan_eq(p, st, &sum, sig, sizeof sig, err)) {
            free(st);
            return 0;
        }
        if (sum.break_by == DT_BREAK_NONE)
            snprintf(out, sizeof out, "completes");
        else
            snprintf(out, sizeof out, "breaks at stage %zu: %s %s",
                     sum.break_stage, sum.break_by == DT_BREAK_A ? A : B,
                     sum.break_by == DT_BREAK_A ? "cheats" : "reneges");
        fprintf(f, "  %-22s %3zu  %-42s %9.3f %9.3f\n", p->id, p->n_stages, out,
                sum.v_a, sum.v_b);
        free(st);
    }
    for (i = 0; i < g->n_plans; i++) {
        const dt_staged_plan *p = &g->plans[i];
        dt_stage_eq *st;
        dt_staged_sum sum;
        char sig[SIG];

        if (!sel[i])
            continue;
        st = calloc(p->n_stages, sizeof *st);
        if (!st || !plan_eq(p, st, &sum, sig, sizeof sig, err)) {
            free(st);
            return 0;
        }
        fprintf(f, "\nplan %s%s%s%s (K = %zu, S_A = %g, S_B = %g)\n", p->id,
                p->name ? " (" : "", p->name ? p->name : "", p->name ? ")" : "",
                p->n_stages, p->s_a.v, p->s_b.v);
        fprintf(f, "  %5s %-6s %-7s %6s %8s %8s %8s %9s %9s\n", "stage", "A",
                "B", "q", "q*", "S_A*", "S_B*", "slack_A", "slack_B");
        for (k = 0; k < p->n_stages; k++) {
            char q1[16], sa[16], sb[16];

            fmt_need(q1, sizeof q1, st[k].q_min);
            fmt_need(sa, sizeof sa, st[k].s_a_min);
            fmt_need(sb, sizeof sb, st[k].s_b_min);
            fprintf(f, "  %5zu %-6s %-7s %6.3f %s %s %s %9.3f %9.3f\n", k + 1,
                    st[k].steps ? "step" : "cheat",
                    st[k].reciprocates ? "recip" : "renege", p->stages[k].q.v,
                    q1, sa, sb, st[k].slack_a, st[k].slack_b);
        }
        fprintf(f, "  binding: stage %zu, %s's constraint (slack %.3f)\n",
                sum.binding, sum.binding_side == DT_BREAK_A ? A : B,
                sum.binding_slack);
        free(st);
    }
    fputs("  (q*: the verification A's honest step needs; S_A*, S_B*: the "
          "penalties\n   each side's compliance needs, given the "
          "equilibrium continuation;\n   none: met without any)\n",
          f);
    return 1;
}

static int table_threats(FILE *f, const dt_games *g, dt_error *err)
{
    static const double os[] = {0.0, 0.25, 0.5, 0.75, 1.0};
    size_t i, j;

    fprintf(f, "\nthreats (x* = mu H (1 - o) / v_T when credible):\n");
    fprintf(f, "  %-18s %-13s %8s %8s  %-16s %s\n", "threat", "credible", "x",
            "x*", "target", "x* at o = 0, .25, .5, .75, 1");
    for (i = 0; i < g->n_threats; i++) {
        dt_threat t = g->threats[i];
        dt_threat_eq e;

        if (dt_threat_solve(&t, &e, err) != DT_OK)
            return 0;
        fprintf(f, "  %-18s %-13s %8.3f %8.3f  %-16s", t.id,
                e.credible ? "yes" : "no (k_S > a_S)", t.x.v, e.x_max,
                e.complies ? "complies" : "defies");
        for (j = 0; j < 5; j++) {
            dt_threat_eq e2;

            t.o.v = os[j];
            if (dt_threat_solve(&t, &e2, err) != DT_OK)
                return 0;
            fprintf(f, " %6.3f", e2.x_max);
        }
        fprintf(f, "   (o = %g)\n", g->threats[i].o.v);
    }
    return 1;
}

static void print_vec(FILE *f, const double *x, size_t d)
{
    size_t k;

    if (d == 1) {
        fprintf(f, "%.3f", x[0]);
        return;
    }
    fputc('(', f);
    for (k = 0; k < d; k++)
        fprintf(f, "%s%.3f", k ? ", " : "", x[k]);
    fputc(')', f);
}

static void print_gvec(FILE *f, const dt_gnum *x, size_t d)
{
    double buf[16];
    size_t k;

    for (k = 0; k < d && k < 16; k++)
        buf[k] = x[k].v;
    print_vec(f, buf, d < 16 ? d : 16);
}

/* The ratification game; also its JSON when o is not NULL. */
static int do_ratification(FILE *f, json_t *o, const dt_games *g,
                           unsigned long long seed, unsigned draws,
                           dt_error *err)
{
    const dt_ratification *r = &g->ratification;
    double *best = calloc(r->dim, sizeof *best), pc, pm = 0.0, pp = 0, pmp = 0;
    dt_rat_eq e;
    dt_rng rng;
    size_t i;

    if (!best)
        return 0;
    e.best = best;
    if (dt_rat_solve(r, &e, err) != DT_OK) {
        free(best);
        return 0;
    }
    pc = e.p_best;
    dt_rng_seed(&rng, seed);
    pm = dt_rat_prob_mc(r, best, draws, &rng);
    if (r->proposal) {
        double x[16];

        for (i = 0; i < r->dim && i < 16; i++)
            x[i] = r->proposal[i].v;
        pp = dt_rat_prob(r, x);
        dt_rng_seed(&rng, seed);
        pmp = dt_rat_prob_mc(r, x, draws, &rng);
    }
    if (o) {
        json_t *b = json_array(), *v = json_array();

        for (i = 0; i < r->dim; i++)
            json_array_append_new(b, json_real(best[i]));
        json_object_set_new(o, "dimensions", json_integer((json_int_t)r->dim));
        json_object_set_new(o, "best_proposal", b);
        json_object_set_new(o, "regime",
                            json_string(regime_name[e.regime & 3]));
        json_object_set_new(o, "p_best", json_real(pc));
        json_object_set_new(o, "p_best_monte_carlo", json_real(pm));
        json_object_set_new(o, "eu_best", json_real(e.eu_best));
        json_object_set_new(o, "converged", json_boolean(e.converged));
        if (r->proposal) {
            json_object_set_new(o, "p_proposal", json_real(pp));
            json_object_set_new(o, "p_proposal_monte_carlo", json_real(pmp));
        }
        json_object_set_new(o, "draws", json_integer(draws));
        json_object_set_new(o, "seed", json_integer((json_int_t)seed));
        for (i = 0; i < r->n_vetoes; i++) {
            const dt_rat_veto *vt = &r->vetoes[i];
            json_t *j = json_object();
            double rad = 0.0;
            size_t k;

            json_object_set_new(j, "id", json_string(vt->id ? vt->id : ""));
            json_object_set_new(j, "excluded", json_boolean(vt->excluded));
            if (vt->dist != DT_RAT_UNIFORM) {
                for (k = 0; k < r->dim; k++)
                    rad += (vt->ideal[k].v - r->status_quo[k].v) *
                           (vt->ideal[k].v - r->status_quo[k].v);
                json_object_set_new(j, "win_set_radius", json_real(sqrt(rad)));
            }
            json_object_set_new(j, "uncertain",
                                json_boolean(vt->dist != DT_RAT_CERTAIN));
            json_array_append_new(v, j);
        }
        json_object_set_new(o, "vetoes", v);
        free(best);
        return 1;
    }
    fprintf(f,
            "\nratification (%zu dimension%s; win-sets are balls about "
            "each ideal through q):\n  status quo q = ",
            r->dim, r->dim == 1 ? "" : "s");
    print_gvec(f, r->status_quo, r->dim);
    fprintf(f, ", setter%s%s ideal ", r->setter ? " " : "",
            r->setter ? r->setter : "");
    print_gvec(f, r->setter_ideal, r->dim);
    fputc('\n', f);
    for (i = 0; i < r->n_vetoes; i++) {
        const dt_rat_veto *vt = &r->vetoes[i];

        fprintf(f, "  %-16s %-10s ", vt->id ? vt->id : "",
                vt->excluded ? "excluded" : "at table");
        if (vt->dist == DT_RAT_UNIFORM) {
            fprintf(f, "ideal ~ U[%g, %g]: accepts x between q and 2y - q\n",
                    vt->lo.v, vt->hi.v);
        } else {
            double rad = 0.0;
            size_t k;

            for (k = 0; k < r->dim; k++)
                rad += (vt->ideal[k].v - r->status_quo[k].v) *
                       (vt->ideal[k].v - r->status_quo[k].v);
            rad = sqrt(rad);
            if (r->dim == 1) {
                double a = r->status_quo[0].v,
                       b = 2 * vt->ideal[0].v - r->status_quo[0].v;

                fprintf(f, "win-set [%.3f, %.3f]", a < b ? a : b,
                        a < b ? b : a);
            } else {
                fputs("win-set: ball about ", f);
                print_gvec(f, vt->ideal, r->dim);
                fprintf(f, ", radius %.3f", rad);
            }
            fprintf(f, "%s\n",
                    vt->dist == DT_RAT_NORMAL
                        ? " (ideal uncertain: normal, sd given)"
                        : "");
        }
    }
    fputs("  setter's best proposal: ", f);
    print_vec(f, best, r->dim);
    fprintf(f, " (%s%s)\n", regime_name[e.regime & 3],
            e.converged ? "" : "; projections not converged, approximate");
    fprintf(f,
            "  implementation probability %.3f (closed form), %.3f (Monte "
            "Carlo, %u draws, seed %llu)\n",
            pc, pm, draws, seed);
    if (r->proposal) {
        fputs("  the table's proposal ", f);
        print_gvec(f, r->proposal, r->dim);
        fprintf(f, ": probability %.3f (closed form), %.3f (Monte Carlo)\n", pp,
                pmp);
    }
    free(best);
    return 1;
}

/* ---- JSON. ---- */

static json_t *json_plans(const dt_games *g, const unsigned char *sel,
                          dt_error *err)
{
    json_t *arr = json_array();
    size_t i, k;

    for (i = 0; i < g->n_plans; i++) {
        const dt_staged_plan *p = &g->plans[i];
        dt_stage_eq *st;
        dt_staged_sum sum;
        char sig[SIG];
        json_t *o, *ss;

        if (!sel[i])
            continue;
        st = calloc(p->n_stages, sizeof *st);
        if (!st || !plan_eq(p, st, &sum, sig, sizeof sig, err)) {
            free(st);
            json_decref(arr);
            return NULL;
        }
        o = json_object();
        ss = json_array();
        json_object_set_new(o, "id", json_string(p->id));
        json_object_set_new(o, "stages", json_integer((json_int_t)p->n_stages));
        json_object_set_new(o, "completes",
                            json_boolean(sum.break_by == DT_BREAK_NONE));
        json_object_set_new(o, "break_stage",
                            json_integer((json_int_t)sum.break_stage));
        json_object_set_new(o, "break_by",
                            json_string(sum.break_by == DT_BREAK_A   ? "A"
                                        : sum.break_by == DT_BREAK_B ? "B"
                                                                     : ""));
        json_object_set_new(o, "v_a", json_real(sum.v_a));
        json_object_set_new(o, "v_b", json_real(sum.v_b));
        json_object_set_new(o, "binding_stage",
                            json_integer((json_int_t)sum.binding));
        json_object_set_new(
            o, "binding_side",
            json_string(sum.binding_side == DT_BREAK_A ? "A" : "B"));
        json_object_set_new(o, "binding_slack", json_real(sum.binding_slack));
        for (k = 0; k < p->n_stages; k++) {
            json_t *s = json_object();

            json_object_set_new(s, "a_steps", json_boolean(st[k].steps));
            json_object_set_new(s, "b_reciprocates",
                                json_boolean(st[k].reciprocates));
            json_object_set_new(s, "q", json_real(p->stages[k].q.v));
            json_object_set_new(s, "q_min",
                                isinf(st[k].q_min) ? json_null()
                                                   : json_real(st[k].q_min));
            json_object_set_new(
                s, "s_a_min",
                isinf(st[k].s_a_min) ? json_null() : json_real(st[k].s_a_min));
            json_object_set_new(s, "s_b_min", json_real(st[k].s_b_min));
            json_object_set_new(s, "slack_a", json_real(st[k].slack_a));
            json_object_set_new(s, "slack_b", json_real(st[k].slack_b));
            json_object_set_new(s, "v_a", json_real(st[k].v_a));
            json_object_set_new(s, "v_b", json_real(st[k].v_b));
            json_array_append_new(ss, s);
        }
        json_object_set_new(o, "path", ss);
        json_array_append_new(arr, o);
        free(st);
    }
    return arr;
}

static json_t *json_threats(const dt_games *g, dt_error *err)
{
    json_t *arr = json_array();
    size_t i, j;

    for (i = 0; i < g->n_threats; i++) {
        dt_threat t = g->threats[i];
        dt_threat_eq e;
        json_t *o = json_object(), *sw = json_array();

        if (dt_threat_solve(&t, &e, err) != DT_OK) {
            json_decref(o);
            json_decref(sw);
            json_decref(arr);
            return NULL;
        }
        json_object_set_new(o, "id", json_string(t.id));
        json_object_set_new(o, "credible", json_boolean(e.credible));
        json_object_set_new(o, "x", json_real(t.x.v));
        json_object_set_new(o, "x_max", json_real(e.x_max));
        json_object_set_new(o, "complies", json_boolean(e.complies));
        json_object_set_new(o, "demands", json_boolean(e.demands));
        json_object_set_new(o, "u_s", json_real(e.u_s));
        json_object_set_new(o, "u_t", json_real(e.u_t));
        for (j = 0; j <= 4; j++) {
            dt_threat_eq e2;
            json_t *pt = json_object();

            t.o.v = 0.25 * (double)j;
            dt_threat_solve(&t, &e2, err);
            json_object_set_new(pt, "o", json_real(t.o.v));
            json_object_set_new(pt, "x_max", json_real(e2.x_max));
            json_array_append_new(sw, pt);
        }
        json_object_set_new(o, "x_max_by_o", sw);
        json_array_append_new(arr, o);
    }
    return arr;
}

/* ---- The command. ---- */

static int parse_sweep(work *w, const char *arg, sweep *s)
{
    char name[128];
    const char *eq = strchr(arg, '=');
    char *end;
    double lo, hi;
    unsigned long n;

    if (!eq || (size_t)(eq - arg) >= sizeof name) {
        cli_error("--sweep wants PARAM=LO:HI:STEPS, got '%s'", arg);
        return 0;
    }
    memcpy(name, arg, (size_t)(eq - arg));
    name[eq - arg] = '\0';
    lo = strtod(eq + 1, &end);
    if (*end != ':' || end == eq + 1)
        goto bad;
    hi = strtod(end + 1, &end);
    if (*end != ':')
        goto bad;
    n = strtoul(end + 1, &end, 10);
    if (*end || n < 2 || n > 100000 || !isfinite(lo) || !isfinite(hi))
        goto bad;
    if (lo > hi) {
        cli_error("--sweep %s: low %g > high %g", name, lo, hi);
        return 0;
    }
    if (!find_param(w, name, &s->sp)) {
        cli_error("--sweep: unknown parameter '%s'; see 'detente sequence "
                  "--help'",
                  name);
        return 0;
    }
    if ((s->sp.prob && (lo < 0 || hi > 1)) || (s->sp.nonneg && lo < 0)) {
        cli_error("--sweep %s: [%g, %g] leaves the valid range (%s)", name, lo,
                  hi, s->sp.prob ? "a probability in [0, 1]" : ">= 0");
        return 0;
    }
    s->lo = lo;
    s->hi = hi;
    s->steps = (unsigned)n;
    return 1;
bad:
    cli_error("--sweep wants PARAM=LO:HI:STEPS with STEPS >= 2, got '%s'", arg);
    return 0;
}

/* Every parameter written as a range in the file, as a sweep. */
static size_t file_sweeps(work *w, sweep *sw, size_t max)
{
    size_t n = 0, i, k, s;
    char name[160];

#define ADD(ptr, fmt, ...)                                                     \
    do {                                                                       \
        if ((ptr)->has_range && n < max) {                                     \
            snprintf(name, sizeof name, fmt, __VA_ARGS__);                     \
            if (find_param(w, name, &sw[n].sp)) {                              \
                sw[n].lo = (ptr)->lo;                                          \
                sw[n].hi = (ptr)->hi;                                          \
                sw[n].steps = DEFAULT_STEPS;                                   \
                n++;                                                           \
            }                                                                  \
        }                                                                      \
    } while (0)
    for (i = 0; i < w->g.n_plans; i++) {
        dt_staged_plan *p = &w->g.plans[i];

        ADD(&p->s_a, "%s.s_a", p->id);
        ADD(&p->s_b, "%s.s_b", p->id);
        for (s = 0; s < p->n_stages; s++)
            for (k = 0; k < 7; k++)
                ADD(stage_field(&p->stages[s], k), "%s.%zu.%s", p->id, s + 1,
                    stage_keys[k]);
    }
    for (i = 0; i < w->g.n_threats; i++)
        for (k = 0; k < 8; k++)
            ADD(threat_field(&w->g.threats[i], k), "%s.%s", w->g.threats[i].id,
                threat_keys[k]);
    if (w->g.has_ratification) {
        dt_ratification *r = &w->g.ratification;

        ADD(&r->setter_ideal[0], "%s", "ratification.setter_ideal");
        ADD(&r->status_quo[0], "%s", "ratification.status_quo");
        for (i = 0; i < r->n_vetoes; i++) {
            dt_rat_veto *v = &r->vetoes[i];

            if (v->dist == DT_RAT_UNIFORM) {
                ADD(&v->lo, "%s.lo", v->id);
                ADD(&v->hi, "%s.hi", v->id);
            } else
                ADD(&v->ideal[0], "%s.ideal", v->id);
        }
    }
#undef ADD
    return n;
}

static int select_plans(const dt_games *g, const char *list, unsigned char *sel)
{
    char *copy, *tok, *save = NULL;
    size_t i;

    memset(sel, list ? 0 : 1, g->n_plans + 1);
    if (!list)
        return 1;
    copy = strdup(list);
    if (!copy)
        return 0;
    for (tok = strtok_r(copy, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        for (i = 0; i < g->n_plans; i++)
            if (g->plans[i].id && strcmp(g->plans[i].id, tok) == 0)
                break;
        if (i == g->n_plans) {
            cli_error("--plans: no plan '%s' in the staged_deal", tok);
            free(copy);
            return 0;
        }
        sel[i] = 1;
    }
    free(copy);
    return 1;
}

int cmd_sequence(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {"out", required_argument, NULL, 'o'},
        {"plans", required_argument, NULL, OPT_PLANS},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"sweep", required_argument, NULL, OPT_SWEEP},
        {"seed", required_argument, NULL, OPT_SEED},
        {"draws", required_argument, NULL, OPT_DRAWS},
        {NULL, 0, NULL, 0},
    };
    static const char *const formats[] = {"table", "json", NULL};
    const char *outp = NULL, *plans = NULL, *sweep_arg[MAX_SWEEPS];
    size_t n_sweep_arg = 0, n_sw = 0, i;
    unsigned seed = 1, draws = 100000;
    int fmt = 0, c, rc;
    dt_scenario *sc = NULL;
    const dt_games *g;
    unsigned char *sel = NULL;
    sweep *sw = NULL;
    work w;
    cli_out out;
    dt_error err;
    json_t *doc = NULL;

    memset(&w, 0, sizeof w);
    memset(&err, 0, sizeof err);
    snprintf(err.msg, sizeof err.msg, "out of memory");
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        switch (c) {
        case 'h':
            seq_usage(stdout);
            return CLI_OK;
        case 'o':
            outp = optarg;
            break;
        case OPT_PLANS:
            plans = optarg;
            break;
        case OPT_FORMAT:
            if (!cli_choice("format", optarg, formats, &fmt))
                return CLI_USAGE;
            break;
        case OPT_SWEEP:
            if (n_sweep_arg == MAX_SWEEPS) {
                cli_error("at most %d --sweep options", MAX_SWEEPS);
                return CLI_USAGE;
            }
            sweep_arg[n_sweep_arg++] = optarg;
            break;
        case OPT_SEED:
            if (!cli_parse_uint("--seed", optarg, &seed))
                return CLI_USAGE;
            break;
        case OPT_DRAWS:
            if (!cli_parse_uint("--draws", optarg, &draws))
                return CLI_USAGE;
            break;
        default:
            cli_error("unknown option '%s'; see 'detente sequence --help'",
                      argv[optind - 1]);
            return CLI_USAGE;
        }
    }
    if (argc - optind != 1) {
        cli_error("sequence takes exactly one scenario FILE; see 'detente "
                  "sequence --help'");
        return CLI_USAGE;
    }
    rc = cli_load(argv[optind], &sc);
    if (rc != CLI_OK)
        return rc;
    g = dt_scenario_games(sc);
    if (!g || (!g->has_staged && !g->n_threats && !g->has_ratification)) {
        cli_error("'%s' has no staged_deal, threat or ratification section",
                  argv[optind]);
        rc = CLI_INVALID;
        goto out;
    }
    rc = CLI_INTERNAL;
    sel = calloc(g->n_plans + 1, 1);
    sw = calloc(MAX_SWEEPS + 64, sizeof *sw);
    if (!sel || !sw || !copy_games(g, &w)) {
        cli_error("out of memory");
        goto out;
    }
    rc = CLI_USAGE;
    if (plans && !g->has_staged) {
        cli_error("--plans: the scenario has no staged_deal");
        goto out;
    }
    if (!select_plans(g, plans, sel))
        goto out;
    for (i = 0; i < n_sweep_arg; i++)
        if (!parse_sweep(&w, sweep_arg[i], &sw[n_sw++]))
            goto out;
    if (n_sweep_arg == 0)
        n_sw = file_sweeps(&w, sw, MAX_SWEEPS + 64);
    /* Sweeps of plans left out by --plans are skipped. */
    rc = cli_out_open(&out, outp);
    if (rc != CLI_OK)
        goto out;
    rc = CLI_INVALID;
    if (fmt == 0) {
        FILE *f = out.f;

        fprintf(f, "%s: game sections (docs/games.md)\n\n",
                dt_scenario_name(sc));
        if (g->has_staged && !table_plans(f, &w.g, sel, &err))
            goto fail;
        if (g->n_threats && !table_threats(f, &w.g, &err))
            goto fail;
        if (g->has_ratification &&
            !do_ratification(f, NULL, &w.g, seed, draws, &err))
            goto fail;
        for (i = 0; i < n_sw; i++)
            if ((sw[i].sp.fam != F_PLAN || sel[sw[i].sp.idx]) &&
                !run_sweep(&w, &sw[i], f, NULL, &err))
                goto fail;
    } else {
        json_t *sweeps = json_array(), *x;

        doc = json_object();
        json_object_set_new(doc, "scenario", json_string(dt_scenario_name(sc)));
        json_object_set_new(doc, "seed", json_integer(seed));
        if (g->has_staged) {
            x = json_plans(&w.g, sel, &err);
            if (!x)
                goto fail;
            json_object_set_new(doc, "plans", x);
        }
        if (g->n_threats) {
            x = json_threats(&w.g, &err);
            if (!x)
                goto fail;
            json_object_set_new(doc, "threats", x);
        }
        if (g->has_ratification) {
            x = json_object();
            json_object_set_new(doc, "ratification", x);
            if (!do_ratification(NULL, x, &w.g, seed, draws, &err))
                goto fail;
        }
        json_object_set_new(doc, "sweeps", sweeps);
        for (i = 0; i < n_sw; i++)
            if ((sw[i].sp.fam != F_PLAN || sel[sw[i].sp.idx]) &&
                !run_sweep(&w, &sw[i], NULL, sweeps, &err))
                goto fail;
        if (json_dumpf(doc, out.f,
                       JSON_INDENT(2) | JSON_REAL_PRECISION(17) |
                           JSON_PRESERVE_ORDER) != 0) {
            rc = CLI_IO;
            cli_out_close(&out, 0);
            goto out;
        }
        fputc('\n', out.f);
    }
    rc = cli_out_close(&out, 1);
    goto out;
fail:
    cli_error("%s", err.msg);
    cli_out_close(&out, 0);
out:
    json_decref(doc);
    free_work(&w);
    free(sel);
    free(sw);
    dt_scenario_free(sc);
    return rc;
}
