/*
 * The staged deal: a K-stage reciprocal exchange with verification and
 * penalties (docs/games.md, "Staged deal").
 * Fearon (1995) on commitment problems; Kydd (2000, 2005) on trust and
 * reassurance; Compte and Jehiel (2004) on gradualism; Coe and Vaynman
 * (2020) on arms-control monitoring.
 *
 * Stage k: A steps (cost a_k to A, value b_k to B) or cheats (keeps
 * T^A_k). Cheating is detected with probability q_k: then the process
 * ends and A pays S_A; undetected, play goes on as if A had stepped but
 * B gets nothing for the hollow step. B then reciprocates (cost h_k to
 * B, value g_k to A) or reneges (keeps T^B_k, pays S_B; the process ends).
 * Backward recursion with V_A(K+1) = V_B(K+1) = 0:
 *
 *   B reciprocates at k  iff  h_k + T^B_k - S_B <= V_B(k+1)
 *   C_k = g_k + V_A(k+1) if B reciprocates, else 0
 *   A steps at k         iff  q_k (C_k + S_A) >= T^A_k + a_k
 *   V_A(k) = -a_k + C_k                         (A steps)
 *          = T^A_k - q_k S_A + (1 - q_k) C_k    (A cheats)
 *   V_B(k) = b_k + D_k                          (A steps)
 *          = (1 - q_k) D_k                      (A cheats)
 *   D_k = -h_k + V_B(k+1) if B reciprocates, else T^B_k - S_B.
 */
#include <math.h>
#include <stdio.h>

#include "game_int.h"

#include <detente/games.h>

/* The engine's tie tolerance (game.c): equal values favour the first
 * action, which is "step" for A and "reciprocate" for B. */
#define TIE 1e-9

static int ge(double x, double y)
{
    double m = fabs(x) > fabs(y) ? fabs(x) : fabs(y);

    return x >= y - TIE * (m > 1.0 ? m : 1.0);
}

static int finite_stage(const dt_games_stage *s)
{
    return isfinite(s->a.v) && isfinite(s->b.v) && isfinite(s->h.v) &&
           isfinite(s->g.v) && isfinite(s->t_a.v) && isfinite(s->t_b.v) &&
           isfinite(s->q.v);
}

static dt_status check_plan(const dt_games_plan *p, dt_error *err)
{
    size_t k;

    if (p->n_stages == 0)
        return dt__error_set(err, DT_EINVAL,
                             "plan '%s' has no stages (K must be >= 1)",
                             p->id ? p->id : "");
    if (!isfinite(p->s_a.v) || !isfinite(p->s_b.v))
        return dt__error_set(err, DT_EINVAL, "plan '%s': non-finite penalty",
                             p->id ? p->id : "");
    for (k = 0; k < p->n_stages; k++) {
        const dt_games_stage *s = &p->stages[k];

        if (!finite_stage(s))
            return dt__error_set(err, DT_EINVAL,
                                 "plan '%s' stage %zu: non-finite value",
                                 p->id ? p->id : "", k + 1);
        if (!(s->q.v >= 0.0 && s->q.v <= 1.0))
            return dt__error_set(err, DT_EINVAL,
                                 "plan '%s' stage %zu: q = %g is not a "
                                 "probability",
                                 p->id ? p->id : "", k + 1, s->q.v);
    }
    return DT_OK;
}

dt_status dt_games_staged_solve(const dt_games_plan *p,
                                dt_games_stage_eq *stage,
                                dt_games_staged_sum *sum, dt_error *err)
{
    double va = 0.0, vb = 0.0; /* V_A(k+1), V_B(k+1) */
    dt_status rc = check_plan(p, err);
    size_t k;

    if (rc != DT_OK)
        return rc;
    sum->binding = 0;
    sum->binding_side = DT_GAMES_BREAK_NONE;
    sum->binding_slack = HUGE_VAL;
    for (k = p->n_stages; k-- > 0;) {
        const dt_games_stage *s = &p->stages[k];
        dt_games_stage_eq *e = &stage[k];
        double need_b = s->h.v + s->t_b.v - p->s_b.v;
        double need_a = s->t_a.v + s->a.v;
        double d, den;

        e->reciprocates = ge(vb, need_b);
        e->slack_b = vb - need_b;
        e->s_b_min = s->h.v + s->t_b.v - vb;
        e->c = e->reciprocates ? s->g.v + va : 0.0;
        d = e->reciprocates ? -s->h.v + vb : s->t_b.v - p->s_b.v;
        den = e->c + p->s_a.v;
        e->steps = ge(s->q.v * den, need_a);
        e->slack_a = s->q.v * den - need_a;
        e->q_min = den > 0.0 ? need_a / den : HUGE_VAL;
        e->s_a_min = s->q.v > 0.0 ? need_a / s->q.v - e->c : HUGE_VAL;
        if (e->steps) {
            e->v_a = -s->a.v + e->c;
            e->v_b = s->b.v + d;
        } else {
            e->v_a = s->t_a.v - s->q.v * p->s_a.v + (1.0 - s->q.v) * e->c;
            e->v_b = (1.0 - s->q.v) * d;
        }
        va = e->v_a;
        vb = e->v_b;
    }
    sum->v_a = va;
    sum->v_b = vb;
    sum->break_stage = 0;
    sum->break_by = DT_GAMES_BREAK_NONE;
    for (k = 0; k < p->n_stages; k++) {
        const dt_games_stage_eq *e = &stage[k];

        if (sum->break_by == DT_GAMES_BREAK_NONE &&
            (!e->steps || !e->reciprocates)) {
            sum->break_stage = k + 1;
            sum->break_by = e->steps ? DT_GAMES_BREAK_B : DT_GAMES_BREAK_A;
        }
        /* Both slacks are in payoff units: the smallest binds. */
        if (e->slack_a < sum->binding_slack) {
            sum->binding_slack = e->slack_a;
            sum->binding = k + 1;
            sum->binding_side = DT_GAMES_BREAK_A;
        }
        if (e->slack_b < sum->binding_slack) {
            sum->binding_slack = e->slack_b;
            sum->binding = k + 1;
            sum->binding_side = DT_GAMES_BREAK_B;
        }
    }
    return DT_OK;
}

int dt_games_staged_outcome(const dt_games_staged_sum *s, const char *a,
                            const char *b, char *buf, size_t n)
{
    if (s->break_by == DT_GAMES_BREAK_NONE)
        return snprintf(buf, n, "completes");
    return snprintf(buf, n, "breaks at stage %zu: %s %s", s->break_stage,
                    s->break_by == DT_GAMES_BREAK_A ? a : b,
                    s->break_by == DT_GAMES_BREAK_A ? "cheats" : "reneges");
}

/* ---- The tree. ---- */

/*
 * Stage k's subtree in prefix order, with the payoffs accumulated so far
 * (pa, pb) carried to the terminals. Recursion depth is 2 per stage and K
 * <= DT_GAMES_STAGED_TREE_MAX, so it is bounded by 36.
 */
static dt_status build(dt_game *g, const dt_games_plan *p, size_t k, double pa,
                       double pb, dt_error *err)
{
    const dt_games_stage *s;
    double pay[2], prob[2];
    dt_status rc;

    if (k == p->n_stages) {
        pay[0] = pa;
        pay[1] = pb;
        return dt_game_add_terminal(g, pay, err);
    }
    s = &p->stages[k];
    /* A: step (1) or cheat (2). */
    if ((rc = dt_game_add_decision(g, 1, 2, err)) != DT_OK)
        return rc;
    /* step -> B: reciprocate (1) or renege (2). */
    if ((rc = dt_game_add_decision(g, 2, 2, err)) != DT_OK)
        return rc;
    rc = build(g, p, k + 1, pa - s->a.v + s->g.v, pb + s->b.v - s->h.v, err);
    if (rc != DT_OK)
        return rc;
    pay[0] = pa - s->a.v;
    pay[1] = pb + s->b.v + s->t_b.v - p->s_b.v;
    if ((rc = dt_game_add_terminal(g, pay, err)) != DT_OK)
        return rc;
    /* cheat -> nature: detected (q) or not (1 - q). */
    prob[0] = s->q.v;
    prob[1] = 1.0 - s->q.v;
    if ((rc = dt_game_add_chance(g, 2, prob, err)) != DT_OK)
        return rc;
    pay[0] = pa + s->t_a.v - p->s_a.v;
    pay[1] = pb;
    if ((rc = dt_game_add_terminal(g, pay, err)) != DT_OK)
        return rc;
    /* undetected -> B, who got nothing for the hollow step. */
    if ((rc = dt_game_add_decision(g, 2, 2, err)) != DT_OK)
        return rc;
    rc = build(g, p, k + 1, pa + s->t_a.v + s->g.v, pb - s->h.v, err);
    if (rc != DT_OK)
        return rc;
    pay[0] = pa + s->t_a.v;
    pay[1] = pb + s->t_b.v - p->s_b.v;
    return dt_game_add_terminal(g, pay, err);
}

dt_status dt_games_staged_tree(const dt_games_plan *p,
                               const dt_allocator *alloc, dt_game **out,
                               dt_error *err)
{
    dt_game *g = NULL;
    dt_status rc;

    *out = NULL;
    if ((rc = check_plan(p, err)) != DT_OK)
        return rc;
    if (p->n_stages > DT_GAMES_STAGED_TREE_MAX)
        return dt__error_set(err, DT_EINVAL,
                             "plan '%s': %zu stages make a tree of 2^%zu "
                             "copies; at most %d stages",
                             p->id ? p->id : "", p->n_stages, p->n_stages,
                             DT_GAMES_STAGED_TREE_MAX);
    if ((rc = dt_game_new(2, alloc, &g, err)) != DT_OK)
        return rc;
    if ((rc = build(g, p, 0, 0.0, 0.0, err)) != DT_OK ||
        (rc = dt_game_finish(g, err)) != DT_OK) {
        dt_game_free(g);
        return rc;
    }
    *out = g;
    return DT_OK;
}
