/*
 * Tests of the analysis module on plain arrays: the zone LP and the Nash
 * deal on small cases solved by hand (each solution in a comment), the
 * properties of docs/analysis.md (table size, no-deal cost, salience
 * scale, actor order) on random problems, and bad input.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dt_test.h"
#include <detente/analysis.h>

#define NA 8 /* actors at most in these tests */
#define NI 4 /* issues at most */
#define NL 8 /* limits at most */

/* A problem over fixed-size storage. */
struct prob {
    double pos[NA * NI], sal[NA * NI], nd[NA], w[NA], ref[NI];
    int table[NA];
    double coef[NL * NI];
    dt_limit lim[NL];
    dt_bargain b;
};

static void prob_init(struct prob *p, size_t na, size_t ni)
{
    size_t a, q;

    memset(p, 0, sizeof *p);
    p->b.n_actors = na;
    p->b.n_issues = ni;
    p->b.pos = p->pos;
    p->b.sal = p->sal;
    p->b.no_deal = p->nd;
    p->b.at_table = p->table;
    p->b.ref = p->ref;
    p->b.limits = p->lim;
    for (a = 0; a < na; a++)
        p->table[a] = 1;
    for (q = 0; q < ni; q++)
        p->ref[q] = 50.0;
}

static void stake(struct prob *p, size_t a, size_t q, double pos, double sal)
{
    p->pos[a * p->b.n_issues + q] = pos;
    p->sal[a * p->b.n_issues + q] = sal;
}

/* No-deal utility: U_a(status quo) - cost. */
static void no_deal(struct prob *p, size_t a, const double *sq, double cost)
{
    p->nd[a] = dt_bargain_utility(&p->b, a, sq) - cost;
}

/* Per-issue red line of actor a on issue q. */
static void red_line(struct prob *p, size_t a, size_t q, int has_lo, double lo,
                     int has_hi, double hi)
{
    size_t k = p->b.n_limits++;

    p->coef[k * NI + q] = 1.0;
    p->lim[k].actor = a;
    p->lim[k].coef = &p->coef[k * NI];
    p->lim[k].has_at_least = has_lo;
    p->lim[k].at_least = lo;
    p->lim[k].has_at_most = has_hi;
    p->lim[k].at_most = hi;
    p->lim[k].issue = q;
    p->lim[k].constraint = (size_t)-1;
}

static void solve(const struct prob *p, dt_zone *z, dt_deal *d)
{
    dt_error err;

    assert_int_equal(
        dt_zone_init(z, p->b.n_actors, p->b.n_issues, p->b.n_limits, NULL),
        DT_OK);
    assert_int_equal(dt_deal_init(d, p->b.n_actors, p->b.n_issues, NULL),
                     DT_OK);
    if (dt_zone_solve(&p->b, z, &err) != DT_OK ||
        dt_deal_solve(&p->b, z, d, &err) != DT_OK)
        fail_msg("analysis failed: %s", err.msg);
}

static void release(dt_zone *z, dt_deal *d)
{
    dt_zone_release(z);
    dt_deal_release(d);
}

/*
 * Two actors, one issue. A at 0 (salience 70, cost 7), B at 100
 * (salience 100, cost 30), status quo 50.
 *   D_A = -0.7 * 50 - 7 = -42,  D_B = -50 - 30 = -80
 *   u_A(x) = 42 - 0.7 x,  u_B(x) = x - 20   (for x in [0, 100])
 * Zone: max t with both >= t: 42 - 0.7x = x - 20 => x = 62/1.7
 *   = 36.470588..., t* = 16.470588...; both rows bind.
 * Nash (w = 1): d/dx [ln(42 - 0.7x) + ln(x - 20)] = 0
 *   => 42 - 0.7x = 0.7 (x - 20) => x = 56 / 1.4 = 40 (u = 14 and 20).
 * Nash with weights 3 : 1 for A : B (capability):
 *   3 * 0.7 / (42 - 0.7x) = 1 / (x - 20) => 2.1x - 42 = 42 - 0.7x
 *   => x = 84 / 2.8 = 30.
 */
static void build_one_issue(struct prob *p)
{
    double sq = 50.0;

    prob_init(p, 2, 1);
    stake(p, 0, 0, 0.0, 70.0);
    stake(p, 1, 0, 100.0, 100.0);
    no_deal(p, 0, &sq, 7.0);
    no_deal(p, 1, &sq, 30.0);
}

static void test_analysis__one_issue_by_hand(void **state)
{
    struct prob p;
    dt_zone z;
    dt_deal d;

    (void)state;
    build_one_issue(&p);
    DT_ASSERT_REL(p.nd[0], -42.0, 1e-12);
    solve(&p, &z, &d);
    assert_int_equal(z.status, DT_ZONE_SOLVED);
    assert_true(z.feasible);
    DT_ASSERT_REL(z.surplus, 62.0 / 1.7 - 20.0, 1e-9);
    DT_ASSERT_REL(z.point[0], 62.0 / 1.7, 1e-9);
    assert_true(z.binding[0]);
    assert_true(z.binding[1]);
    /* Duals: y_A + y_B = 1 and 0.7 y_A = y_B => y_A = 1/1.7. */
    DT_ASSERT_REL(z.price[0], 1.0 / 1.7, 1e-9);
    assert_true(d.found);
    /*
     * A smooth interior optimum: the cutting planes alone stop about 1e-4
     * of the scale away; the Newton polish on the face must reach it.
     */
    DT_ASSERT_REL(d.point[0], 40.0, 1e-6);
    DT_ASSERT_REL(d.gain[0], 14.0, 1e-6);
    DT_ASSERT_REL(d.gain[1], 20.0, 1e-6);
    release(&z, &d);

    p.w[0] = 3.0;
    p.w[1] = 1.0;
    p.b.weight = p.w;
    solve(&p, &z, &d);
    DT_ASSERT_REL(d.point[0], 30.0, 1e-6);
    /* Weights do not change the zone. */
    DT_ASSERT_REL(z.point[0], 62.0 / 1.7, 1e-9);
    release(&z, &d);
}

/*
 * The same with B's red line "rejects x < 45" (below: 45). The zone now
 * needs x >= 45, where u_A = 42 - 31.5 = 10.5 < u_B = 25: the max-min is
 * at x = 45 with t* = 10.5. Binding: A's surplus row and B's red line;
 * B's surplus row is slack. Nash: the unconstrained optimum 40 < 45 and
 * the objective is concave, so the deal is x = 45.
 */
static void test_analysis__red_line_binds(void **state)
{
    struct prob p;
    dt_zone z;
    dt_deal d;

    (void)state;
    build_one_issue(&p);
    red_line(&p, 1, 0, 1, 45.0, 0, 0.0);
    solve(&p, &z, &d);
    assert_true(z.feasible);
    DT_ASSERT_REL(z.surplus, 10.5, 1e-9);
    DT_ASSERT_REL(z.point[0], 45.0, 1e-9);
    assert_true(z.binding[0]);
    assert_false(z.binding[1]);
    assert_true(z.limit_binding[0]);
    /* Dual of the red line: dt/d(bound) = -0.7 (A loses 0.7 per unit). */
    DT_ASSERT_REL(z.limit_price[0], 0.7, 1e-9);
    assert_true(d.found);
    DT_ASSERT_REL(d.point[0], 45.0, 1e-6);
    assert_false(dt_limit_crossed(&p.b, 0, d.point));
    release(&z, &d);
}

/*
 * Empty zone. A has an outside option (cost -10: it gains by walking
 * away), B no cost: D_A = -35 + 10 = -25, D_B = -50.
 *   u_A = 25 - 0.7x >= 0 needs x <= 35.714..., u_B = x - 50 >= 0 needs
 *   x >= 50: no x satisfies both. Max-min: 25 - 0.7x = x - 50
 *   => x = 75/1.7 = 44.117647..., t* = 75/1.7 - 50 = -5.882353...
 * No agreement; no deal; both actors bind.
 */
static void test_analysis__empty_zone(void **state)
{
    struct prob p;
    dt_zone z;
    dt_deal d;
    double sq = 50.0;

    (void)state;
    build_one_issue(&p);
    no_deal(&p, 0, &sq, -10.0);
    no_deal(&p, 1, &sq, 0.0);
    solve(&p, &z, &d);
    assert_int_equal(z.status, DT_ZONE_SOLVED);
    assert_false(z.feasible);
    DT_ASSERT_REL(z.surplus, 75.0 / 1.7 - 50.0, 1e-9);
    DT_ASSERT_REL(z.point[0], 75.0 / 1.7, 1e-9);
    assert_true(z.binding[0]);
    assert_true(z.binding[1]);
    assert_false(d.found);
    release(&z, &d);
}

/*
 * Contradictory red lines: A rejects x > 40, B rejects x < 45. The
 * program has no point at all; both red lines are in the conflicting set
 * and there is no surplus (NaN, not a silent zero).
 */
static void test_analysis__contradictory_red_lines(void **state)
{
    struct prob p;
    dt_zone z;
    dt_deal d;

    (void)state;
    build_one_issue(&p);
    red_line(&p, 0, 0, 0, 0.0, 1, 40.0);
    red_line(&p, 1, 0, 1, 45.0, 0, 0.0);
    solve(&p, &z, &d);
    assert_int_equal(z.status, DT_ZONE_RED_LINES);
    assert_false(z.feasible);
    assert_true(isnan(z.surplus));
    assert_true(z.limit_binding[0]);
    assert_true(z.limit_binding[1]);
    assert_false(d.found);
    release(&z, &d);

    /* One actor contradicting itself (below 60 and above 30). */
    build_one_issue(&p);
    red_line(&p, 0, 0, 1, 60.0, 1, 30.0);
    solve(&p, &z, &d);
    assert_int_equal(z.status, DT_ZONE_RED_LINES);
    assert_true(z.limit_binding[0]);
    release(&z, &d);
}

/*
 * Two actors, two issues, a logroll. A: positions (0, 100), saliences
 * (80, 20), cost 12; B: positions (100, 0), saliences (20, 80), cost 0;
 * status quo (50, 50). D_A = -50 - 12 = -62, D_B = -50. On the box:
 *   u_A = 62 - 0.8 x1 - 0.2 (100 - x2) = 42 - 0.8 x1 + 0.2 x2
 *   u_B = 50 - 0.2 (100 - x1) - 0.8 x2 = 30 + 0.2 x1 - 0.8 x2
 * Zone: raising both surpluses would need dx2 > 4 dx1 and dx1 > 4 dx2,
 * impossible with dx >= 0 from x2 = 0; on x2 = 0, 42 - 0.8 x1 = 30 +
 * 0.2 x1 gives x1 = 12, t* = 32.4, and the point (12, 0) is the only
 * one with both surpluses >= 32.4 (x1 >= 12 + 4 x2 and x1 <= 12 +
 * 0.25 x2).
 * Nash: on x2 = 0 the stationary point 0.8 (30 + 0.2 x1) = 0.2 (42 -
 * 0.8 x1) gives x1 = -48.75 < 0, so x1 = 0; at (0, 0) the x2-derivative
 * 0.2/42 - 0.8/30 < 0, so x2 = 0: the deal is the full logroll (0, 0),
 * u = (42, 30). The Nash deal and the max-min point differ.
 */
static void test_analysis__two_issues_by_hand(void **state)
{
    struct prob p;
    dt_zone z;
    dt_deal d;
    double sq[2] = {50.0, 50.0};

    (void)state;
    prob_init(&p, 2, 2);
    stake(&p, 0, 0, 0.0, 80.0);
    stake(&p, 0, 1, 100.0, 20.0);
    stake(&p, 1, 0, 100.0, 20.0);
    stake(&p, 1, 1, 0.0, 80.0);
    no_deal(&p, 0, sq, 12.0);
    no_deal(&p, 1, sq, 0.0);
    DT_ASSERT_REL(p.nd[0], -62.0, 1e-12);
    solve(&p, &z, &d);
    assert_true(z.feasible);
    DT_ASSERT_REL(z.surplus, 32.4, 1e-9);
    DT_ASSERT_CLOSE(z.point[0], 12.0, 1e-9, 1e-7);
    DT_ASSERT_CLOSE(z.point[1], 0.0, 0.0, 1e-7);
    assert_true(d.found);
    DT_ASSERT_CLOSE(d.point[0], 0.0, 0.0, 1e-6);
    DT_ASSERT_CLOSE(d.point[1], 0.0, 0.0, 1e-6);
    DT_ASSERT_REL(d.gain[0], 42.0, 1e-7);
    DT_ASSERT_REL(d.gain[1], 30.0, 1e-7);
    DT_ASSERT_REL(d.objective, 0.5 * log(42.0) + 0.5 * log(30.0), 1e-9);
    release(&z, &d);
}

/*
 * A cross-issue red line on the logroll: B rejects x1 - 0.5 x2 > -10
 * ("relief at most half of ... minus 10"), i.e. x2 >= 2 x1 + 20. With
 * x1 = 0 the cheapest for B is x2 = 20: u_A = 42 + 4 = 46, u_B = 30 - 16
 * = 14. Nash on the line x2 = 2 x1 + 20 (x1 >= 0): u_A = 46 - 0.4 x1,
 * u_B = 14 - 1.4 x1, both falling in x1, so x1 = 0; off the line x2 >
 * 20 lowers u_B by 0.8 and raises u_A by 0.2 per unit: the derivative
 * 0.2/46 - 0.8/14 < 0. Deal (0, 20), B's red line binds.
 */
static void test_analysis__cross_issue_red_line(void **state)
{
    struct prob p;
    dt_zone z;
    dt_deal d;
    double sq[2] = {50.0, 50.0};

    (void)state;
    prob_init(&p, 2, 2);
    stake(&p, 0, 0, 0.0, 80.0);
    stake(&p, 0, 1, 100.0, 20.0);
    stake(&p, 1, 0, 100.0, 20.0);
    stake(&p, 1, 1, 0.0, 80.0);
    no_deal(&p, 0, sq, 12.0);
    no_deal(&p, 1, sq, 0.0);
    p.b.n_limits = 1;
    p.coef[0] = 1.0;
    p.coef[1] = -0.5;
    p.lim[0].actor = 1;
    p.lim[0].coef = p.coef;
    p.lim[0].has_at_most = 1;
    p.lim[0].at_most = -10.0;
    p.lim[0].issue = (size_t)-1;
    p.lim[0].constraint = 0;
    solve(&p, &z, &d);
    assert_true(z.feasible);
    assert_true(d.found);
    DT_ASSERT_CLOSE(d.point[0], 0.0, 0.0, 1e-6);
    DT_ASSERT_REL(d.point[1], 20.0, 1e-6);
    assert_true(z.limit_binding[0]);
    release(&z, &d);
}

/* ----- Properties on random problems ----- */

/* splitmix64: a fixed-seed stream for the test data only. */
static double unif(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15u);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    z ^= z >> 31;
    return (double)(z >> 11) / 9007199254740992.0;
}

static void random_prob(struct prob *p, uint64_t *s, size_t na, size_t ni)
{
    double sq[NI];
    size_t a, q;

    prob_init(p, na, ni);
    for (q = 0; q < ni; q++) {
        sq[q] = 100.0 * unif(s);
        p->ref[q] = sq[q];
    }
    for (a = 0; a < na; a++) {
        for (q = 0; q < ni; q++)
            if (unif(s) < 0.85)
                stake(p, a, q, 100.0 * unif(s), 1.0 + 99.0 * unif(s));
        no_deal(p, a, sq, 40.0 * unif(s) - 10.0);
        if (unif(s) < 0.3) {
            q = (size_t)(unif(s) * (double)ni) % ni;
            if (p->pos[a * ni + q] > sq[q])
                red_line(p, a, q, 1,
                         sq[q] + (p->pos[a * ni + q] - sq[q]) * unif(s) * 0.5,
                         0, 0.0);
            else
                red_line(p, a, q, 0, 0.0, 1,
                         sq[q] - (sq[q] - p->pos[a * ni + q]) * unif(s) * 0.5);
        }
    }
}

/* Adding a stakeholder to the table never enlarges the zone. */
static void test_analysis__more_at_table_never_enlarges(void **state)
{
    uint64_t s = 2385;
    int trial;

    (void)state;
    for (trial = 0; trial < 40; trial++) {
        struct prob p;
        dt_zone z1, z2;
        dt_deal d1, d2;
        size_t na = 3 + (size_t)trial % 4, out = (size_t)trial % na;

        random_prob(&p, &s, na, 1 + (size_t)trial % 3);
        p.table[out] = 0;
        solve(&p, &z1, &d1);
        p.table[out] = 1;
        solve(&p, &z2, &d2);
        if (z1.status == DT_ZONE_SOLVED && z2.status == DT_ZONE_SOLVED)
            assert_true(z2.surplus <= z1.surplus + 1e-9);
        /* Infeasible red lines stay infeasible with more red lines. */
        if (z1.status == DT_ZONE_RED_LINES)
            assert_int_equal(z2.status, DT_ZONE_RED_LINES);
        assert_false(z2.feasible && !z1.feasible);
        release(&z1, &d1);
        release(&z2, &d2);
    }
}

/* Lowering one actor's no-deal utility never shrinks the zone. */
static void test_analysis__costlier_no_deal_never_shrinks(void **state)
{
    uint64_t s = 9173;
    int trial;

    (void)state;
    for (trial = 0; trial < 40; trial++) {
        struct prob p;
        dt_zone z1, z2;
        dt_deal d1, d2;
        size_t na = 2 + (size_t)trial % 4, tgt = (size_t)trial % na;

        random_prob(&p, &s, na, 1 + (size_t)trial % 3);
        solve(&p, &z1, &d1);
        p.nd[tgt] -= 1.0 + 20.0 * unif(&s);
        solve(&p, &z2, &d2);
        if (z1.status == DT_ZONE_SOLVED) {
            assert_true(z2.surplus >= z1.surplus - 1e-9);
            assert_false(z1.feasible && !z2.feasible);
        }
        release(&z1, &d1);
        release(&z2, &d2);
    }
}

/*
 * Scaling every salience and every no-deal cost by c > 0 scales every
 * utility, no-deal utility and surplus by c: the surplus becomes c t*;
 * the zone point, the deal point, the binding sets and the verdict do
 * not change (the Nash objective only gains the constant ln c).
 */
static void test_analysis__salience_scale_invariance(void **state)
{
    uint64_t s = 4421;
    int trial;

    (void)state;
    for (trial = 0; trial < 25; trial++) {
        struct prob p;
        dt_zone z1, z2;
        dt_deal d1, d2;
        double c = 0.37 + 3.0 * unif(&s);
        size_t k, na = 2 + (size_t)trial % 3, ni = 1 + (size_t)trial % 3;

        random_prob(&p, &s, na, ni);
        solve(&p, &z1, &d1);
        for (k = 0; k < na * ni; k++)
            p.sal[k] *= c;
        for (k = 0; k < na; k++)
            p.nd[k] *= c;
        solve(&p, &z2, &d2);
        assert_int_equal(z1.status, z2.status);
        assert_int_equal(z1.feasible, z2.feasible);
        if (z1.status == DT_ZONE_SOLVED)
            DT_ASSERT_CLOSE(z2.surplus, c * z1.surplus, 1e-7, 1e-7);
        for (k = 0; k < ni; k++) {
            if (z1.status == DT_ZONE_SOLVED)
                DT_ASSERT_CLOSE(z2.point[k], z1.point[k], 1e-6, 1e-5);
            if (d1.found)
                DT_ASSERT_CLOSE(d2.point[k], d1.point[k], 1e-5, 1e-4);
        }
        for (k = 0; k < na; k++)
            assert_int_equal(z1.binding[k], z2.binding[k]);
        release(&z1, &d1);
        release(&z2, &d2);
    }
}

/* Results do not depend on the order of the actors. */
static void test_analysis__actor_order_invariance(void **state)
{
    uint64_t s = 77;
    int trial;

    (void)state;
    for (trial = 0; trial < 25; trial++) {
        struct prob p, r;
        dt_zone z1, z2;
        dt_deal d1, d2;
        size_t a, q, k, na = 2 + (size_t)trial % 4, ni = 1 + (size_t)trial % 3;

        random_prob(&p, &s, na, ni);
        /* r: the actors of p in reverse order. */
        prob_init(&r, na, ni);
        memcpy(r.ref, p.ref, sizeof r.ref);
        for (a = 0; a < na; a++) {
            size_t b = na - 1 - a;

            for (q = 0; q < ni; q++)
                stake(&r, b, q, p.pos[a * ni + q], p.sal[a * ni + q]);
            r.nd[b] = p.nd[a];
        }
        for (k = 0; k < p.b.n_limits; k++) {
            r.lim[k] = p.lim[k];
            r.lim[k].actor = na - 1 - p.lim[k].actor;
            memcpy(&r.coef[k * NI], &p.coef[k * NI], NI * sizeof(double));
            r.lim[k].coef = &r.coef[k * NI];
        }
        r.b.n_limits = p.b.n_limits;
        solve(&p, &z1, &d1);
        solve(&r, &z2, &d2);
        assert_int_equal(z1.status, z2.status);
        assert_int_equal(z1.feasible, z2.feasible);
        if (z1.status == DT_ZONE_SOLVED) {
            DT_ASSERT_CLOSE(z2.surplus, z1.surplus, 1e-9, 1e-9);
            for (q = 0; q < ni; q++)
                DT_ASSERT_CLOSE(z2.point[q], z1.point[q], 1e-6, 1e-6);
        }
        assert_int_equal(d1.found, d2.found);
        for (q = 0; d1.found && q < ni; q++)
            DT_ASSERT_CLOSE(d2.point[q], d1.point[q], 1e-5, 1e-4);
        for (a = 0; a < na; a++)
            assert_int_equal(z1.binding[a], z2.binding[na - 1 - a]);
        release(&z1, &d1);
        release(&z2, &d2);
    }
}

/* Bad input: explicit errors and explicit results, never a crash. */
static void test_analysis__bad_input(void **state)
{
    struct prob p;
    dt_zone z;
    dt_deal d;
    dt_error err;

    (void)state;
    build_one_issue(&p);
    /* Nobody at the table: an explicit status, no surplus. */
    p.table[0] = p.table[1] = 0;
    solve(&p, &z, &d);
    assert_int_equal(z.status, DT_ZONE_NO_TABLE);
    assert_true(isnan(z.surplus));
    assert_false(d.found);
    release(&z, &d);

    build_one_issue(&p);
    p.nd[1] = NAN;
    assert_int_equal(dt_zone_init(&z, 2, 1, 0, NULL), DT_OK);
    assert_int_equal(dt_zone_solve(&p.b, &z, &err), DT_EINVAL);
    assert_non_null(strstr(err.msg, "no-deal"));
    /* A zone sized for another problem. */
    p.nd[1] = -80.0;
    dt_zone_release(&z);
    assert_int_equal(dt_zone_init(&z, 3, 1, 0, NULL), DT_OK);
    assert_int_equal(dt_zone_solve(&p.b, &z, &err), DT_EINVAL);
    dt_zone_release(&z);
    dt_zone_release(&z); /* idempotent */
    dt_zone_release(NULL);
    dt_deal_release(NULL);
}

/* ----- Every allocation through the hook, and every failure clean ----- */

/*
 * A test allocator: counts allocations (and reallocations), fails the
 * fail_at-th one (1-based; 0 = never), keeps each block's size in a
 * header and checks that every free and realloc names exactly that size.
 */
typedef struct torture {
    unsigned long calls;   /* allocations so far */
    unsigned long fail_at; /* the one to fail, 0 = none */
    size_t live;           /* blocks allocated and not freed */
    unsigned long bad;     /* frees or reallocs with a wrong size */
    size_t bad_old;        /* the first: the size passed */
    size_t bad_true;       /* and the block's true size */
} torture;

typedef union block_header {
    size_t size;
    max_align_t align;
} block_header;

static void *torture_realloc(void *ud, void *p, size_t old, size_t n)
{
    torture *t = ud;
    block_header *h = p ? (block_header *)p - 1 : NULL;

    if (h && h->size != old && t->bad++ == 0) {
        t->bad_old = old;
        t->bad_true = h->size;
    }
    if (n == 0) {
        if (h) {
            t->live--;
            free(h);
        }
        return NULL;
    }
    if (++t->calls == t->fail_at)
        return NULL;
    h = realloc(h, sizeof *h + n);
    if (!h)
        return NULL;
    if (!p)
        t->live++;
    h->size = n;
    return h + 1;
}

static void torture_check(const torture *t)
{
    if (t->bad)
        fail_msg("%lu frees with a wrong size (first: %zu for a block of %zu)",
                 t->bad, t->bad_old, t->bad_true);
}

/* Zone and deal of p through the hook, each allocation failed in turn. */
static void torture_bargain(struct prob *p, int found)
{
    torture t = {0, 0, 0, 0, 0, 0};
    dt_allocator a = {torture_realloc, &t};
    dt_zone z0, z;
    dt_deal d0, d;
    unsigned long n, total;
    dt_error err;
    dt_status rc;

    /* The reference, through the C library. */
    solve(p, &z0, &d0);
    assert_int_equal(d0.found, found);
    /* One run through the hook counts the allocations. */
    p->b.alloc = &a;
    assert_int_equal(
        dt_zone_init(&z, p->b.n_actors, p->b.n_issues, p->b.n_limits, &a),
        DT_OK);
    assert_int_equal(dt_deal_init(&d, p->b.n_actors, p->b.n_issues, &a), DT_OK);
    assert_int_equal(dt_zone_solve(&p->b, &z, &err), DT_OK);
    assert_int_equal(dt_deal_solve(&p->b, &z, &d, &err), DT_OK);
    total = t.calls;
    assert_int_equal(d.found, found);
    assert_memory_equal(z.point, z0.point, p->b.n_issues * sizeof *z.point);
    assert_memory_equal(d.point, d0.point, p->b.n_issues * sizeof *d.point);
    assert_true(z.alloc == &a && d.alloc == &a);
    release(&z, &d);
    assert_int_equal(t.live, 0);
    assert_true(total > 8);
    for (n = 1; n <= total; n++) {
        t.calls = 0;
        t.fail_at = n;
        rc = dt_zone_init(&z, p->b.n_actors, p->b.n_issues, p->b.n_limits, &a);
        if (rc == DT_OK)
            rc = dt_deal_init(&d, p->b.n_actors, p->b.n_issues, &a);
        else
            memset(&d, 0, sizeof d);
        if (rc == DT_OK)
            rc = dt_zone_solve(&p->b, &z, &err);
        if (rc == DT_OK)
            rc = dt_deal_solve(&p->b, &z, &d, &err);
        if (rc != DT_ENOMEM)
            fail_msg("allocation %lu of %lu failed: status %d, not DT_ENOMEM",
                     n, total, (int)rc);
        release(&z, &d);
        assert_int_equal(t.live, 0);
        torture_check(&t);
    }
    release(&z0, &d0);
    p->b.alloc = NULL;
}

/* The solvers on plain arrays: a deal with a binding red line (the
 * polish runs on its face), then contradictory red lines. */
static void test_analysis__torture_bargain(void **state)
{
    struct prob p;
    double sq[2] = {50.0, 50.0};

    (void)state;
    prob_init(&p, 2, 2);
    stake(&p, 0, 0, 0.0, 80.0);
    stake(&p, 0, 1, 100.0, 20.0);
    stake(&p, 1, 0, 100.0, 20.0);
    stake(&p, 1, 1, 0.0, 80.0);
    no_deal(&p, 0, sq, 12.0);
    no_deal(&p, 1, sq, 0.0);
    p.b.n_limits = 1;
    p.coef[0] = 1.0;
    p.coef[1] = -0.5;
    p.lim[0].actor = 1;
    p.lim[0].coef = p.coef;
    p.lim[0].has_at_most = 1;
    p.lim[0].at_most = -10.0;
    p.lim[0].issue = (size_t)-1;
    p.lim[0].constraint = 0;
    torture_bargain(&p, 1);

    build_one_issue(&p);
    red_line(&p, 0, 0, 0, 0.0, 1, 40.0);
    red_line(&p, 1, 0, 1, 45.0, 0, 0.0);
    torture_bargain(&p, 0);
}

/*
 * dt_analyze on scenarios/anchorage-2025.yaml loaded through the test
 * allocator, with three of its six levers (aid_freeze, energy_tariffs,
 * sanctions) and their pairs, so that every path of the analysis runs
 * (levered scenarios, the forecast cache, the reordering of singles and
 * pairs): about 700 allocations. Every allocation of a successful run is
 * failed in turn: DT_ENOMEM, no analysis, every block freed with its true
 * size and nothing left beyond the scenario and the reference analysis.
 * (All six levers with pairs, 21 effects, work the same but take ten
 * times as long: the work grows with the square of the allocations.)
 */
static void test_analysis__torture_analyze(void **state)
{
    static const size_t levers[] = {0, 1, 2};
    torture t = {0, 0, 0, 0, 0, 0};
    dt_allocator a = {torture_realloc, &t};
    dt_load_opts lo = DT_LOAD_OPTS_INIT;
    dt_analysis_opts o = DT_ANALYSIS_OPTS_INIT;
    dt_scenario *sc = NULL;
    dt_analysis *an = NULL, *ref = NULL;
    unsigned long n, total;
    size_t base_live;
    dt_error err;
    dt_status rc;

    (void)state;
    lo.alloc = &a;
    assert_int_equal(
        dt_scenario_load(dt_test_src("scenarios/anchorage-2025.yaml"), &lo, &sc,
                         &err),
        DT_OK);
    assert_true(dt_scenario_allocator(sc) == &a);
    assert_string_equal(dt_scenario_lever(sc, 0)->id, "aid_freeze");
    assert_string_equal(dt_scenario_lever(sc, 2)->id, "sanctions");
    o.levers = levers;
    o.n_levers = 3;
    o.pairs = 1;
    t.calls = 0;
    assert_int_equal(dt_analyze(sc, &o, &ref, &err), DT_OK);
    total = t.calls;
    base_live = t.live; /* the scenario and ref */
    assert_int_equal(ref->n_effects, 6);
    assert_true(ref->alloc == &a && ref->base.alloc == &a);
    assert_true(total > 100);
    for (n = 1; n <= total; n++) {
        t.calls = 0;
        t.fail_at = n;
        rc = dt_analyze(sc, &o, &an, &err);
        if (rc != DT_ENOMEM)
            fail_msg("allocation %lu of %lu failed: status %d, not DT_ENOMEM",
                     n, total, (int)rc);
        assert_int_equal(err.code, DT_ENOMEM);
        assert_null(an);
        if (t.live != base_live)
            fail_msg("allocation %lu of %lu failed: %zu blocks left", n, total,
                     t.live - base_live);
        torture_check(&t);
    }
    /* Past the last allocation: the same analysis again. */
    t.calls = 0;
    t.fail_at = total + 1;
    assert_int_equal(dt_analyze(sc, &o, &an, &err), DT_OK);
    assert_int_equal(t.calls, total);
    assert_true(an->base.deal.found == ref->base.deal.found);
    assert_memory_equal(an->base.proposal, ref->base.proposal,
                        an->base.n_issues * sizeof *an->base.proposal);
    dt_analysis_free(an);
    dt_analysis_free(ref);
    dt_scenario_free(sc);
    assert_int_equal(t.live, 0);
    torture_check(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_analysis__one_issue_by_hand),
        cmocka_unit_test(test_analysis__red_line_binds),
        cmocka_unit_test(test_analysis__empty_zone),
        cmocka_unit_test(test_analysis__contradictory_red_lines),
        cmocka_unit_test(test_analysis__two_issues_by_hand),
        cmocka_unit_test(test_analysis__cross_issue_red_line),
        cmocka_unit_test(test_analysis__more_at_table_never_enlarges),
        cmocka_unit_test(test_analysis__costlier_no_deal_never_shrinks),
        cmocka_unit_test(test_analysis__salience_scale_invariance),
        cmocka_unit_test(test_analysis__actor_order_invariance),
        cmocka_unit_test(test_analysis__bad_input),
        cmocka_unit_test(test_analysis__torture_bargain),
        cmocka_unit_test(test_analysis__torture_analyze),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
