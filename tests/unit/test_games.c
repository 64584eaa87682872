/*
 * Tests of the three model families (include/detente/games.h): each
 * closed form against the game tree the engine solves, on 1,000 random
 * parameter cases per family, plus the hand examples of
 * docs/games.md (worked by hand in the comments) and the
 * YAML sections.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <jansson.h>

#include <detente/games.h>

#include "dt_test.h"

#define CASES 1000

static double unif(dt_rng *r, double lo, double hi)
{
    return lo + (hi - lo) * dt_rng_uniform(r);
}

static dt_games_num gn(double v)
{
    dt_games_num g;

    memset(&g, 0, sizeof g);
    g.v = v;
    return g;
}

static void set_stage(dt_games_stage *s, double a, double b, double h, double g,
                      double ta, double tb, double q)
{
    s->a = gn(a);
    s->b = gn(b);
    s->h = gn(h);
    s->g = gn(g);
    s->t_a = gn(ta);
    s->t_b = gn(tb);
    s->q = gn(q);
}

/* The SPE action index chosen at decision node n. */
static size_t chosen(const dt_game *g, const dt_game_profile *pr, size_t n)
{
    size_t s;

    for (s = g->act_off[n]; s < g->act_off[n + 1]; s++)
        if (pr->behav[s] > 0.5)
            return s - g->act_off[n];
    fail_msg("no action chosen at node %zu", n);
    return 0;
}

/*
 * Compare the closed form with the solved tree: root values and, stage by
 * stage along the all-honest line of play, A's and B's choices (also B's
 * choice after undetected cheating).
 */
static void check_staged(const dt_games_plan *p)
{
    dt_games_stage_eq st[8];
    dt_games_staged_sum sum;
    dt_game *g = NULL;
    dt_game_profile *pr = NULL;
    dt_error err;
    size_t k, n = 0;
    double pa = 0.0, pb = 0.0; /* payoffs accumulated along the line */

    assert_int_equal(dt_games_staged_solve(p, st, &sum, &err), DT_OK);
    assert_int_equal(dt_games_staged_tree(p, NULL, &g, &err), DT_OK);
    assert_int_equal(dt_game_spe(g, &pr, &err), DT_OK);
    DT_ASSERT_CLOSE(pr->value[0], sum.v_a, 1e-9, 1e-9);
    DT_ASSERT_CLOSE(pr->value[1], sum.v_b, 1e-9, 1e-9);
    for (k = 0; k < p->n_stages; k++) {
        size_t b = g->child[g->act_off[n]];     /* after A's step */
        size_t c = g->child[g->act_off[n] + 1]; /* after A's cheat */
        size_t u = g->child[g->act_off[c] + 1]; /* undetected */

        assert_int_equal(chosen(g, pr, n) == 0, st[k].steps);
        assert_int_equal(chosen(g, pr, b) == 0, st[k].reciprocates);
        assert_int_equal(chosen(g, pr, u) == 0, st[k].reciprocates);
        DT_ASSERT_CLOSE(pr->value[2 * n] - pa, st[k].v_a, 1e-9, 1e-9);
        DT_ASSERT_CLOSE(pr->value[2 * n + 1] - pb, st[k].v_b, 1e-9, 1e-9);
        n = g->child[g->act_off[b]]; /* after B's reciprocation */
        pa += p->stages[k].g.v - p->stages[k].a.v;
        pb += p->stages[k].b.v - p->stages[k].h.v;
    }
    dt_game_profile_free(pr);
    dt_game_free(g);
}

/*
 * games.md's example. One big step: a=3, b=9, h=3, g=9, T=6, q=0.7,
 * S_A = S_B = 4. B: h + T^B - S_B = 3 + 6 - 4 = 5 > 0 = V_B(2): renege,
 * so C = 0, and A steps iff 0.7 (0 + 4) = 2.8 >= 6 + 3 = 9: no, A cheats;
 * q* = 9 / 4 = 2.25, S_B needed = 3 + 6 = 9.
 * Three equal steps (a=1, b=3, h=1, g=3, T=2): stage 3 needs S_B >= 1 + 2
 * = 3 (S_B = 4: yes); V(3) = (2, 2); q*_3 = 3 / (3 + 4) = 3/7. Stage 2:
 * 1 + 2 - 4 = -1 <= 2: reciprocate; C_2 = 3 + 2 = 5, q*_2 = 3/9 = 1/3,
 * V(2) = (4, 4). Stage 1: C_1 = 3 + 4 = 7, q*_1 = 3/11; V(1) = (6, 6).
 */
static void test_games__staged_example(void **state)
{
    dt_games_stage big, three[3];
    dt_games_plan p;
    dt_games_stage_eq st[3];
    dt_games_staged_sum sum;
    dt_error err;
    size_t k;

    (void)state;
    memset(&p, 0, sizeof p);
    p.id = "big";
    p.s_a = gn(4);
    p.s_b = gn(4);
    set_stage(&big, 3, 9, 3, 9, 6, 6, 0.7);
    p.n_stages = 1;
    p.stages = &big;
    assert_int_equal(dt_games_staged_solve(&p, st, &sum, &err), DT_OK);
    assert_int_equal(st[0].steps, 0);
    assert_int_equal(st[0].reciprocates, 0);
    DT_ASSERT_REL(st[0].q_min, 2.25, 1e-12);
    DT_ASSERT_REL(st[0].s_b_min, 9.0, 1e-12);
    assert_int_equal(sum.break_stage, 1);
    assert_int_equal(sum.break_by, DT_GAMES_BREAK_A);
    {
        char buf[64], tiny[8];

        assert_int_equal(
            dt_games_staged_outcome(&sum, "North Korea", "US", buf, sizeof buf),
            (int)strlen("breaks at stage 1: North Korea cheats"));
        assert_string_equal(buf, "breaks at stage 1: North Korea cheats");
        dt_games_staged_outcome(&sum, "A", "B", tiny, sizeof tiny);
        assert_string_equal(tiny, "breaks ");
        sum.break_by = DT_GAMES_BREAK_B;
        sum.break_stage = 2;
        dt_games_staged_outcome(&sum, "North Korea", "US", buf, sizeof buf);
        assert_string_equal(buf, "breaks at stage 2: US reneges");
    }
    check_staged(&p);

    for (k = 0; k < 3; k++)
        set_stage(&three[k], 1, 3, 1, 3, 2, 2, 0.7);
    p.n_stages = 3;
    p.stages = three;
    assert_int_equal(dt_games_staged_solve(&p, st, &sum, &err), DT_OK);
    for (k = 0; k < 3; k++) {
        assert_int_equal(st[k].steps, 1);
        assert_int_equal(st[k].reciprocates, 1);
    }
    DT_ASSERT_REL(st[0].q_min, 3.0 / 11.0, 1e-12); /* 0.27 */
    DT_ASSERT_REL(st[1].q_min, 1.0 / 3.0, 1e-12);  /* 0.33 */
    DT_ASSERT_REL(st[2].q_min, 3.0 / 7.0, 1e-12);  /* 0.43 */
    DT_ASSERT_REL(st[2].s_b_min, 3.0, 1e-12);
    DT_ASSERT_REL(sum.v_a, 6.0, 1e-12);
    DT_ASSERT_REL(sum.v_b, 6.0, 1e-12);
    assert_int_equal(sum.break_stage, 0);
    {
        char buf[16];

        dt_games_staged_outcome(&sum, "A", "B", buf, sizeof buf);
        assert_string_equal(buf, "completes");
    }
    check_staged(&p);

    /* K = 0 and q outside [0, 1] are refused. */
    p.n_stages = 0;
    assert_int_equal(dt_games_staged_solve(&p, st, &sum, &err), DT_EINVAL);
    p.n_stages = 3;
    three[1].q = gn(1.5);
    assert_int_equal(dt_games_staged_solve(&p, st, &sum, &err), DT_EINVAL);
}

static void test_games__staged_random(void **state)
{
    dt_rng r;
    dt_games_stage s[6];
    dt_games_plan p;
    size_t c, k, broke = 0, whole = 0;

    (void)state;
    dt_rng_seed(&r, 7001);
    memset(&p, 0, sizeof p);
    p.id = "random";
    p.stages = s;
    for (c = 0; c < CASES; c++) {
        dt_games_stage_eq st[6];
        dt_games_staged_sum sum;
        dt_error err;

        p.n_stages = 1 + (size_t)dt_rng_below(&r, 6);
        p.s_a = gn(unif(&r, 0, 6));
        p.s_b = gn(unif(&r, 0, 9));
        for (k = 0; k < p.n_stages; k++)
            set_stage(&s[k], unif(&r, 0, 3), unif(&r, 0, 5), unif(&r, 0, 3),
                      unif(&r, 0, 5), unif(&r, 0, 3), unif(&r, 0, 3),
                      unif(&r, 0.2, 1));
        check_staged(&p);
        assert_int_equal(dt_games_staged_solve(&p, st, &sum, &err), DT_OK);
        if (sum.break_stage)
            broke++;
        else
            whole++;
    }
    /* Both kinds of equilibrium occur, so the comparison tested both. */
    if (!(broke > 100 && whole > 100))
        fail_msg("broke %zu whole %zu", broke, whole);
}

/* Closed form against the solved tree for one threat. */
static void check_threat(const dt_games_threat *t)
{
    dt_games_threat_eq eq;
    dt_game *g = NULL;
    dt_game_profile *pr = NULL;
    dt_error err;
    size_t tnode, snode;

    assert_int_equal(dt_games_threat_solve(t, &eq, &err), DT_OK);
    assert_int_equal(dt_games_threat_tree(t, NULL, &g, &err), DT_OK);
    assert_int_equal(dt_game_spe(g, &pr, &err), DT_OK);
    tnode = g->child[g->act_off[0] + 1];
    snode = g->child[g->act_off[g->child[g->act_off[tnode] + 1]]];
    assert_int_equal(chosen(g, pr, 0) == 1, eq.demands);
    assert_int_equal(chosen(g, pr, tnode) == 0, eq.complies);
    assert_int_equal(chosen(g, pr, snode) == 0, eq.executes);
    DT_ASSERT_CLOSE(pr->value[0], eq.u_s, 1e-9, 1e-9);
    DT_ASSERT_CLOSE(pr->value[1], eq.u_t, 1e-9, 1e-9);
    dt_game_profile_free(pr);
    dt_game_free(g);
}

static void set_threat(dt_games_threat *t, double x, double vs, double vt,
                       double h, double o, double ks, double as, double mu)
{
    memset(t, 0, sizeof *t);
    t->id = "t";
    t->x = gn(x);
    t->v_s = gn(vs);
    t->v_t = gn(vt);
    t->harm = gn(h);
    t->o = gn(o);
    t->k_s = gn(ks);
    t->a_s = gn(as);
    t->mu = gn(mu);
}

/*
 * By hand: H = 10, o = 0.4, v_T = 2, mu = 0.5, k_S = 1 <= a_S = 3:
 * credible; x* = 0.5 * 10 * 0.6 / 2 = 1.5. x = 1 complies (T pays 2 <
 * 3 = mu H (1 - o)), x = 2 is defied (4 > 3) and then S expects
 * 0.5 (-1) + 0.5 (-3) = -2 < 0, so it does not demand. With k_S = 4 >
 * a_S the threat is not credible and x* = 0.
 */
static void test_games__threat(void **state)
{
    dt_games_threat t;
    dt_games_threat_eq eq;
    dt_error err;
    dt_rng r;
    size_t c, comply = 0, defy = 0;

    (void)state;
    set_threat(&t, 1, 1, 2, 10, 0.4, 1, 3, 0.5);
    assert_int_equal(dt_games_threat_solve(&t, &eq, &err), DT_OK);
    assert_true(eq.credible);
    DT_ASSERT_REL(eq.x_max, 1.5, 1e-12);
    assert_true(eq.complies && eq.demands);
    DT_ASSERT_REL(eq.u_s, 1.0, 1e-12);
    DT_ASSERT_REL(eq.u_t, -2.0, 1e-12);
    check_threat(&t);
    t.x = gn(2);
    assert_int_equal(dt_games_threat_solve(&t, &eq, &err), DT_OK);
    assert_true(!eq.complies && !eq.demands);
    check_threat(&t);
    t.k_s = gn(4);
    assert_int_equal(dt_games_threat_solve(&t, &eq, &err), DT_OK);
    assert_true(!eq.credible);
    DT_ASSERT_CLOSE(eq.x_max, 0.0, 0, 1e-15);
    t.o = gn(1.2);
    assert_int_equal(dt_games_threat_solve(&t, &eq, &err), DT_EINVAL);

    dt_rng_seed(&r, 7002);
    for (c = 0; c < CASES; c++) {
        double h = unif(&r, 0, 10), o = unif(&r, 0, 1), vt = unif(&r, 0.1, 3);
        double mu = unif(&r, 0, 1), xmax = mu * h * (1 - o) / vt;

        set_threat(&t, unif(&r, 0, 2 * xmax + 0.1), unif(&r, 0.1, 3), vt, h, o,
                   unif(&r, 0, 5), unif(&r, 0, 5), mu);
        check_threat(&t);
        assert_int_equal(dt_games_threat_solve(&t, &eq, &err), DT_OK);
        if (eq.complies)
            comply++;
        else
            defy++;
        /* x* is the boundary: just below complies, just above defies. */
        if (eq.credible && eq.x_max * t.v_t.v > 1e-2) {
            dt_games_threat_eq e2;

            t.x = gn(eq.x_max * (1 - 1e-6));
            dt_games_threat_solve(&t, &e2, &err);
            if (!e2.complies)
                fail_msg("x %.17g xmax %.17g mu %g h %g o %g vt %g", t.x.v,
                         eq.x_max, t.mu.v, t.harm.v, t.o.v, t.v_t.v);
            check_threat(&t);
            t.x = gn(eq.x_max * (1 + 1e-6));
            dt_games_threat_solve(&t, &e2, &err);
            assert_false(e2.complies);
            check_threat(&t);
        }
    }
    assert_true(comply > 100 && defy > 100);
}

/* A one-dimensional ratification with one uncertain veto holder. */
typedef struct rat1 {
    dt_games_num q, ys, ideal, sd, cert;
    dt_games_veto v[2];
    dt_games_ratification r;
} rat1;

static void set_rat1(rat1 *s, double q, double ys, int normal, double lo,
                     double hi, int with_cert, double cert)
{
    memset(s, 0, sizeof *s);
    s->q = gn(q);
    s->ys = gn(ys);
    s->r.dim = 1;
    s->r.status_quo = &s->q;
    s->r.setter_ideal = &s->ys;
    s->v[0].id = "b";
    s->v[0].excluded = 1;
    if (normal) {
        s->ideal = gn(lo);
        s->sd = gn(hi);
        s->v[0].dist = DT_GAMES_RAT_NORMAL;
        s->v[0].ideal = &s->ideal;
        s->v[0].sd = &s->sd;
    } else {
        s->v[0].dist = DT_GAMES_RAT_UNIFORM;
        s->v[0].lo = gn(lo);
        s->v[0].hi = gn(hi);
        s->v[0].ideal = &s->v[0].lo;
    }
    s->cert = gn(cert);
    s->v[1].id = "c";
    s->v[1].ideal = &s->cert;
    s->r.n_vetoes = with_cert ? 2 : 1;
    s->r.vetoes = s->v;
}

static double eu(const dt_games_ratification *r, double x)
{
    double q = r->status_quo[0].v, ys = r->setter_ideal[0].v;

    return -(q - ys) * (q - ys) +
           dt_games_rat_prob(r, &x) *
               ((q - ys) * (q - ys) - (x - ys) * (x - ys));
}

/*
 * The closed form against (a) a brute-force scan of the closed-form EU
 * (the best proposal is the maximum) and (b) the solved tree, whose
 * setter value is within max|gain| / n_type of EU(best) (quantile types
 * make P off by at most 1/n_type; the tree offers the best as an action).
 */
static void check_rat1(const dt_games_ratification *r)
{
    double best, scan = -HUGE_VAL, lo, hi, gmax;
    double q = r->status_quo[0].v, ys = r->setter_ideal[0].v;
    dt_games_rat_eq eq;
    dt_game *g = NULL;
    dt_game_profile *pr = NULL;
    dt_error err;
    size_t i, nt = 100;

    eq.best = &best;
    assert_int_equal(dt_games_rat_solve(r, &eq, &err), DT_OK);
    DT_ASSERT_CLOSE(eq.eu_best, eu(r, best), 1e-12, 1e-12);
    lo = q < ys ? q : ys;
    hi = q < ys ? ys : q;
    for (i = 0; i <= 20000; i++) {
        double x = lo + (hi - lo) * (double)i / 20000.0, f = eu(r, x);

        if (f > scan)
            scan = f;
    }
    if (!(eq.eu_best >= scan - 1e-12 * (1 + fabs(scan))))
        fail_msg("q %g ys %g lo %g hi %g n %zu best %.17g eu %.17g scan %.17g",
                 q, ys, r->vetoes[0].lo.v, r->vetoes[0].hi.v, r->n_vetoes, best,
                 eq.eu_best, scan);
    gmax = (q - ys) * (q - ys);
    assert_int_equal(dt_games_rat_tree(r, 20, nt, NULL, &g, &err), DT_OK);
    assert_int_equal(dt_game_spe(g, &pr, &err), DT_OK);
    DT_ASSERT_CLOSE(pr->value[0], eq.eu_best, 0, gmax / (double)nt + 1e-12);
    dt_game_profile_free(pr);
    dt_game_free(g);
}

/*
 * games.md: negotiator ideal 0.9, q = 0.2, r_B ~ U[0.3, 0.9]. P(x) = (0.9
 * - (x + 0.2)/2) / 0.6; with quadratic loss the gain is (x - 0.2)(1.6 -
 * x), so EU - u(q) is proportional to (1.6 - x)^2 (x - 0.2), maximal
 * where (1.6 - x)(2 - 3x) = 0: x = 2/3 = 0.667, P = (0.9 - 13/30) / 0.6 =
 * 7/9 = 0.78.
 */
static void test_games__ratify(void **state)
{
    rat1 s;
    double best;
    dt_games_rat_eq eq;
    dt_error err;
    dt_rng r;
    size_t c, interior = 0, clamped = 0;

    (void)state;
    set_rat1(&s, 0.2, 0.9, 0, 0.3, 0.9, 0, 0);
    eq.best = &best;
    assert_int_equal(dt_games_rat_solve(&s.r, &eq, &err), DT_OK);
    DT_ASSERT_REL(best, 2.0 / 3.0, 1e-12);
    DT_ASSERT_REL(eq.p_best, 7.0 / 9.0, 1e-12);
    assert_int_equal(eq.regime, 2);
    check_rat1(&s.r);

    dt_rng_seed(&r, 7003);
    for (c = 0; c < CASES; c++) {
        double q = unif(&r, -1, 1), ys = unif(&r, -2, 2);
        double a = unif(&r, -2, 2), b = unif(&r, -2, 2);

        set_rat1(&s, q, ys, 0, a < b ? a : b, a < b ? b : a,
                 dt_rng_below(&r, 2) == 0, unif(&r, -2, 2));
        check_rat1(&s.r);
        dt_games_rat_solve(&s.r, &eq, &err);
        interior += eq.regime == 2;
        clamped += eq.regime == 3;
    }
    if (!(interior > 100 && clamped > 10))
        fail_msg("interior %zu clamped %zu", interior, clamped);
    /* Normal uncertainty: closed-form P and its golden-section optimum. */
    for (c = 0; c < 100; c++) {
        set_rat1(&s, unif(&r, -1, 1), unif(&r, -2, 2), 1, unif(&r, -2, 2),
                 unif(&r, 0.05, 1), 0, 0);
        check_rat1(&s.r);
    }
}

/*
 * Beyond one dimension: the Gaussian half-space probability against Monte
 * Carlo (200,000 draws: 5 standard errors are < 0.006), and Dykstra's
 * point against a brute-force grid of the win-set intersection.
 */
static void test_games__ratify_nd(void **state)
{
    dt_games_num q[2], ys[2], y1[2], y2[2], yu[2], sd[2];
    dt_games_veto v[3];
    dt_games_ratification rt;
    dt_games_rat_eq eq;
    double best[2], x[2];
    dt_error err;
    dt_rng r, mc;
    size_t c, i, j, n_conv = 0;

    (void)state;
    dt_rng_seed(&r, 7004);
    for (c = 0; c < 20; c++) {
        double gbest = HUGE_VAL;

        memset(&rt, 0, sizeof rt);
        memset(v, 0, sizeof v);
        for (i = 0; i < 2; i++) {
            q[i] = gn(unif(&r, -1, 1));
            ys[i] = gn(unif(&r, -2, 2));
            y1[i] = gn(unif(&r, -2, 2));
            y2[i] = gn(unif(&r, -2, 2));
            yu[i] = gn(unif(&r, -2, 2));
            sd[i] = gn(unif(&r, 0.1, 1));
        }
        v[0].ideal = y1;
        v[1].ideal = y2;
        v[2].ideal = yu;
        v[2].sd = sd;
        v[2].dist = DT_GAMES_RAT_NORMAL;
        rt.dim = 2;
        rt.status_quo = q;
        rt.setter_ideal = ys;
        rt.vetoes = v;
        rt.n_vetoes = 3;
        eq.best = best;
        assert_int_equal(dt_games_rat_solve(&rt, &eq, &err), DT_OK);
        n_conv += eq.converged != 0;
        for (i = 0; i < 2; i++) {
            const dt_games_num *y = i ? y2 : y1;

            assert_true(hypot(best[0] - y[0].v, best[1] - y[1].v) <=
                        hypot(q[0].v - y[0].v, q[1].v - y[1].v) + 1e-6);
        }
        /* Brute force: the nearest grid point inside both balls. */
        for (i = 0; i <= 400; i++)
            for (j = 0; j <= 400; j++) {
                double d1, d2, r1, r2, d;

                x[0] = q[0].v - 3 + 6.0 * (double)i / 400;
                x[1] = q[1].v - 3 + 6.0 * (double)j / 400;
                d1 = hypot(x[0] - y1[0].v, x[1] - y1[1].v);
                d2 = hypot(x[0] - y2[0].v, x[1] - y2[1].v);
                r1 = hypot(q[0].v - y1[0].v, q[1].v - y1[1].v);
                r2 = hypot(q[0].v - y2[0].v, q[1].v - y2[1].v);
                d = hypot(x[0] - ys[0].v, x[1] - ys[1].v);
                if (d1 <= r1 && d2 <= r2 && d < gbest)
                    gbest = d;
            }
        /* Dykstra's point is no farther than the best grid point. */
        assert_true(hypot(best[0] - ys[0].v, best[1] - ys[1].v) <=
                    gbest + 1e-6);
        if (hypot(best[0] - q[0].v, best[1] - q[1].v) > 1e-6) {
            double pc = dt_games_rat_prob(&rt, best), pm;

            dt_rng_seed(&mc, 42 + c);
            pm = dt_games_rat_prob_mc(&rt, best, 200000, &mc);
            DT_ASSERT_CLOSE(pm, pc, 0, 0.006);
        }
    }
    /* Nearly tangent win-sets make Dykstra slow; most cases converge. */
    assert_true(n_conv >= 15);
}

/* The sections read from YAML, and an error with its line:col. */
static void test_games__yaml(void **state)
{
    static const char good[] =
        "name: t\n"
        "issues: [{id: i, name: I, status_quo: 50}]\n"
        "actors: [{id: a, name: A, capability: 1,"
        " issues: {i: {position: 10, salience: 50}}}]\n"
        "staged_deal:\n"
        "  s_a: 4\n"
        "  s_b: {value: 4, range: [0, 10], note: guess}\n"
        "  plans:\n"
        "    - id: big\n"
        "      stages: [{a: 3, b: 9, h: 3, g: 9, t_a: 6, t_b: 6, q: 0.7}]\n"
        "threat:\n"
        "  - {id: t, x: 1, v_s: 1, v_t: 2, harm: 10, o: {range: [0, 1]},"
        " k_s: 1, a_s: 3}\n"
        "ratification:\n"
        "  status_quo: 0.2\n"
        "  setter_ideal: 0.9\n"
        "  vetoes: [{id: b, excluded: true, uniform: [0.3, 0.9]}]\n";
    static const char bad[] =
        "name: t\n"
        "issues: [{id: i, name: I}]\n"
        "actors: [{id: a, name: A, capability: 1,"
        " issues: {i: {position: 10, salience: 50}}}]\n"
        "staged_deal:\n"
        "  s_a: 4\n"
        "  s_b: 4\n"
        "  plans:\n"
        "    - id: big\n"
        "      stages: [{a: 3, b: 9, h: 3, g: 9, t_a: 6, t_b: 6, q: -0.7}]\n";
    dt_scenario *sc = NULL;
    const dt_games *gm;
    dt_error err;

    (void)state;
    if (dt_scenario_parse(good, strlen(good), "g.yaml", DT_FORMAT_YAML, NULL,
                          &sc, &err) != DT_OK)
        fail_msg("%u:%u: %s", err.line, err.col, err.msg);
    gm = dt_scenario_games(sc);
    assert_non_null(gm);
    assert_int_equal(gm->n_plans, 1);
    assert_int_equal(gm->plans[0].n_stages, 1);
    DT_ASSERT_REL(gm->plans[0].stages[0].q.v, 0.7, 0);
    assert_true(gm->plans[0].s_b.has_range);
    DT_ASSERT_REL(gm->plans[0].s_b.hi, 10, 0);
    assert_int_equal(gm->n_threats, 1);
    DT_ASSERT_REL(gm->threats[0].o.v, 0.5, 0); /* the range's midpoint */
    DT_ASSERT_REL(gm->threats[0].mu.v, 1.0, 0);
    assert_int_equal(gm->ratification.vetoes[0].dist, DT_GAMES_RAT_UNIFORM);
    dt_scenario_free(sc);
    assert_int_equal(dt_scenario_parse(bad, strlen(bad), "b.yaml",
                                       DT_FORMAT_YAML, NULL, &sc, &err),
                     DT_ESCENARIO);
    assert_int_equal(err.line, 9);
    assert_int_equal(err.col, 60);
    assert_non_null(strstr(err.msg, "probability"));
}

/* Run `detente sequence ARGS`; its standard output, malloc'd; *rc its exit. */
static char *run_cli(const char *args, int *rc)
{
    char cmd[1024], *buf = NULL;
    size_t n = 0, cap = 0;
    FILE *f;
    int c;

    snprintf(cmd, sizeof cmd, "%s sequence %s 2>/dev/null", DT_CLI_PATH, args);
    f = popen(cmd, "r");
    assert_non_null(f);
    while ((c = fgetc(f)) != EOF) {
        if (n + 2 > cap) {
            cap = cap ? 2 * cap : 4096;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
        buf[n++] = (char)c;
    }
    if (!buf)
        buf = calloc(1, 1);
    buf[n] = '\0';
    c = pclose(f);
    *rc = WIFEXITED(c) ? WEXITSTATUS(c) : -1;
    return buf;
}

/*
 * The command on the hand examples: the JSON carries games.md's figures
 * and the sweep of s_b finds the thresholds worked by hand (one big step:
 * B reciprocates from S_B = h + T^B = 9; three steps: the last stage
 * needs S_B >= 3); the same run twice gives the same bytes; the summit
 * scenarios solve; bad options exit 2.
 */
static void test_games__cli(void **state)
{
    char args[512], *out, *again;
    json_t *doc, *plans, *sw;
    json_error_t je;
    int rc;

    (void)state;
    snprintf(args, sizeof args, "%s --format json",
             dt_test_src("tests/game/sequence-example.yaml"));
    out = run_cli(args, &rc);
    assert_int_equal(rc, 0);
    again = run_cli(args, &rc);
    assert_string_equal(out, again);
    doc = json_loads(out, 0, &je);
    assert_non_null(doc);
    plans = json_object_get(doc, "plans");
    assert_false(
        json_is_true(json_object_get(json_array_get(plans, 0), "completes")));
    DT_ASSERT_REL(
        json_real_value(json_object_get(json_array_get(plans, 1), "v_a")), 6.0,
        1e-12);
    DT_ASSERT_REL(json_real_value(json_object_get(
                      json_object_get(doc, "ratification"), "p_best")),
                  7.0 / 9.0, 1e-12);
    sw = json_object_get(doc, "sweeps");
    assert_int_equal(json_array_size(sw), 2);
    DT_ASSERT_CLOSE(
        json_real_value(json_object_get(
            json_array_get(json_object_get(json_array_get(sw, 0), "thresholds"),
                           0),
            "value")),
        9.0, 0, 1e-7);
    DT_ASSERT_CLOSE(
        json_real_value(json_object_get(
            json_array_get(json_object_get(json_array_get(sw, 1), "thresholds"),
                           0),
            "value")),
        3.0, 0, 1e-7);
    json_decref(doc);
    free(out);
    free(again);
    out = run_cli(dt_test_src("scenarios/hanoi-2019.yaml"), &rc);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "everything_first"));
    free(out);
    out = run_cli(dt_test_src("scenarios/anchorage-2025.yaml"), &rc);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "energy_tariffs"));
    free(out);
    snprintf(args, sizeof args, "%s --plans nope",
             dt_test_src("tests/game/sequence-example.yaml"));
    free(run_cli(args, &rc));
    assert_int_equal(rc, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_games__staged_example),
        cmocka_unit_test(test_games__staged_random),
        cmocka_unit_test(test_games__threat),
        cmocka_unit_test(test_games__ratify),
        cmocka_unit_test(test_games__ratify_nd),
        cmocka_unit_test(test_games__yaml),
        cmocka_unit_test(test_games__cli),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
