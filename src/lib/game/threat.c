/*
 * A threat with outside options (docs/games.md, "Threat with outside
 * options"). Schelling (1960, 1966) on credibility; Fearon (1994) on
 * audience costs (a_S); Lacy and Niou (2004) on sanctions and the
 * target's alternatives; Hovi, Huseby and Sprinz (2005).
 *
 * S demands x or not (no demand: (0, 0)). T complies (x v_S, -x v_T) or
 * defies. Nature draws S's resolve: with probability mu S is resolute and
 * chooses to execute (-k_S, -H (1 - o)) or back down (-a_S, 0); otherwise
 * it backs down. Closed form:
 *
 *   credible   iff  k_S <= a_S
 *   x*         =    mu H (1 - o) / v_T  if credible, else 0
 *   T complies iff  x <= x*   (x v_T <= mu [credible] H (1 - o))
 *   S demands  iff  its payoff from demanding is > 0
 */
#include <math.h>

#include "game_int.h"

#include <detente/games.h>

#define TIE 1e-9

static int ge(double x, double y)
{
    double m = fabs(x) > fabs(y) ? fabs(x) : fabs(y);

    return x >= y - TIE * (m > 1.0 ? m : 1.0);
}

static dt_status check(const dt_games_threat *t, dt_error *err)
{
    const char *id = t->id ? t->id : "";

    if (!isfinite(t->x.v) || !isfinite(t->v_s.v) || !isfinite(t->v_t.v) ||
        !isfinite(t->harm.v) || !isfinite(t->o.v) || !isfinite(t->k_s.v) ||
        !isfinite(t->a_s.v) || !isfinite(t->mu.v))
        return dt__error_set(err, DT_EINVAL, "threat '%s': non-finite value",
                             id);
    if (!(t->v_s.v > 0.0) || !(t->v_t.v > 0.0))
        return dt__error_set(err, DT_EINVAL,
                             "threat '%s': v_s and v_t must be > 0", id);
    if (t->x.v < 0.0 || t->harm.v < 0.0 || t->k_s.v < 0.0 || t->a_s.v < 0.0)
        return dt__error_set(err, DT_EINVAL,
                             "threat '%s': x, harm, k_s and a_s must be >= 0",
                             id);
    if (!(t->o.v >= 0.0 && t->o.v <= 1.0) ||
        !(t->mu.v >= 0.0 && t->mu.v <= 1.0))
        return dt__error_set(err, DT_EINVAL,
                             "threat '%s': o and mu must be in [0, 1]", id);
    return DT_OK;
}

dt_status dt_games_threat_solve(const dt_games_threat *t,
                                dt_games_threat_eq *eq, dt_error *err)
{
    dt_status rc = check(t, err);
    double exec_t, defy_s, defy_t, dem_s, dem_t;

    if (rc != DT_OK)
        return rc;
    eq->credible = ge(t->a_s.v, t->k_s.v);
    eq->executes = eq->credible;
    exec_t = eq->credible ? t->harm.v * (1.0 - t->o.v) : 0.0;
    eq->x_max = t->mu.v * exec_t / t->v_t.v;
    /* T's defiance costs it mu H (1 - o) when credible. */
    defy_t = -t->mu.v * exec_t;
    defy_s = t->mu.v * (eq->credible ? -t->k_s.v : -t->a_s.v) -
             (1.0 - t->mu.v) * t->a_s.v;
    eq->complies = ge(-t->x.v * t->v_t.v, defy_t);
    dem_s = eq->complies ? t->x.v * t->v_s.v : defy_s;
    dem_t = eq->complies ? -t->x.v * t->v_t.v : defy_t;
    eq->demands = !ge(0.0, dem_s);
    eq->u_s = eq->demands ? dem_s : 0.0;
    eq->u_t = eq->demands ? dem_t : 0.0;
    return DT_OK;
}

dt_status dt_games_threat_tree(const dt_games_threat *t,
                               const dt_allocator *alloc, dt_game **out,
                               dt_error *err)
{
    dt_game *g = NULL;
    dt_status rc;
    double pay[2], prob[2];

    *out = NULL;
    if ((rc = check(t, err)) != DT_OK)
        return rc;
    if ((rc = dt_game_new(2, alloc, &g, err)) != DT_OK)
        return rc;
    /* S: no demand (first, so a zero payoff keeps the status quo). */
    if ((rc = dt_game_add_decision(g, 1, 2, err)) != DT_OK)
        goto out;
    pay[0] = pay[1] = 0.0;
    if ((rc = dt_game_add_terminal(g, pay, err)) != DT_OK)
        goto out;
    /* demand -> T: comply or defy. */
    if ((rc = dt_game_add_decision(g, 2, 2, err)) != DT_OK)
        goto out;
    pay[0] = t->x.v * t->v_s.v;
    pay[1] = -t->x.v * t->v_t.v;
    if ((rc = dt_game_add_terminal(g, pay, err)) != DT_OK)
        goto out;
    /* defy -> nature: resolute (mu) or not. */
    prob[0] = t->mu.v;
    prob[1] = 1.0 - t->mu.v;
    if ((rc = dt_game_add_chance(g, 2, prob, err)) != DT_OK)
        goto out;
    if ((rc = dt_game_add_decision(g, 1, 2, err)) != DT_OK)
        goto out;
    pay[0] = -t->k_s.v;
    pay[1] = -t->harm.v * (1.0 - t->o.v);
    if ((rc = dt_game_add_terminal(g, pay, err)) != DT_OK)
        goto out;
    pay[0] = -t->a_s.v;
    pay[1] = 0.0;
    if ((rc = dt_game_add_terminal(g, pay, err)) != DT_OK)
        goto out;
    if ((rc = dt_game_add_terminal(g, pay, err)) != DT_OK)
        goto out;
    rc = dt_game_finish(g, err);
out:
    if (rc != DT_OK)
        dt_game_free(g);
    else
        *out = g;
    return rc;
}
