/*
 * detente: three small model families for sequencing, coercion and
 * ratification (docs/games.md), each solved in closed form and also
 * compiled to a dt_game tree that the engine in game.h solves:
 *
 *   staged deal   K-stage reciprocal exchange with verification and
 *                 penalties (Fearon 1995; Kydd 2000, 2005; Coe and
 *                 Vaynman 2020)                       src/lib/game/staged.c
 *   threat        demand, comply or defy, execute or back down, with the
 *                 target's outside options (Schelling 1966; Fearon 1994;
 *                 Lacy and Niou 2004)                 src/lib/game/threat.c
 *   ratification  veto players' win-sets, the agenda setter's best
 *                 proposal, implementation probability (Putnam 1988;
 *                 Iida 1993; Tsebelis 2002)           src/lib/game/ratify.c
 *
 * Parameters are dt_gnum: a value with an optional range, which the
 * sweeps of `detente sequence` vary. The solvers read only .v.
 */
#ifndef DETENTE_GAMES_H
#define DETENTE_GAMES_H

#include <stddef.h>

#include "error.h"
#include "game.h"
#include "rng.h"
#include "scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A game parameter: its value and, for sweeps, an optional range. */
typedef struct dt_gnum {
    double v;         /* the value (a range's midpoint when only a range) */
    double lo, hi;    /* the range, when has_range */
    int has_range;    /* whether a range was given */
    const char *note; /* the stated source or judgement, or NULL */
    dt_loc loc;       /* where it was written */
} dt_gnum;

/* ---- Staged deal (docs/games.md, "Staged deal"). ---- */

/* One stage: A's step (cost a to A, value b to B), B's reciprocation. */
typedef struct dt_stage {
    dt_gnum a;   /* A's cost of stepping */
    dt_gnum b;   /* B's value of A's step */
    dt_gnum h;   /* B's cost of reciprocating */
    dt_gnum g;   /* A's value of B's reciprocation */
    dt_gnum t_a; /* A's temptation: what cheating keeps */
    dt_gnum t_b; /* B's temptation: what reneging keeps */
    dt_gnum q;   /* probability that cheating is detected, in [0, 1] */
} dt_stage;

/* One plan: a sequence of stages and the penalties that back it. */
typedef struct dt_staged_plan {
    const char *id;   /* unique within the section */
    const char *name; /* or NULL */
    const char *note; /* or NULL */
    size_t n_stages;  /* K >= 1 */
    dt_stage *stages; /* [n_stages] */
    dt_gnum s_a;      /* A's penalty when caught cheating (snap-back) */
    dt_gnum s_b;      /* B's penalty for reneging (reputation, guarantor) */
    dt_loc loc;
} dt_staged_plan;

/* What happens at one stage under the subgame-perfect equilibrium. */
typedef struct dt_stage_eq {
    int steps;        /* 1: A steps honestly, 0: A cheats */
    int reciprocates; /* 1: B reciprocates, 0: B reneges */
    double c;         /* C_k: A's continuation after its step */
    double v_a, v_b;  /* V_A(k), V_B(k) */
    double slack_a;   /* q (C + S_A) - (T^A + a): A's constraint */
    double slack_b;   /* V_B(k+1) - (h + T^B - S_B): B's constraint */
    double q_min;     /* (T^A + a) / (C + S_A); INFINITY if C + S_A <= 0 */
    double s_a_min;   /* (T^A + a) / q - C (INFINITY when q = 0) */
    double s_b_min;   /* h + T^B - V_B(k+1) */
} dt_stage_eq;

typedef enum dt_breaker {
    DT_BREAK_NONE = 0, /* the deal completes */
    DT_BREAK_A = 1,    /* A cheats */
    DT_BREAK_B = 2     /* B reneges */
} dt_breaker;

typedef struct dt_staged_sum {
    double v_a, v_b;     /* equilibrium payoffs V_A(1), V_B(1) */
    size_t break_stage;  /* first stage (1-based) where a side defects */
    dt_breaker break_by; /* who defects there */
    size_t binding;      /* stage (1-based) with the smallest slack */
    int binding_side;    /* DT_BREAK_A or DT_BREAK_B: whose constraint */
    double binding_slack;
} dt_staged_sum;

/*
 * Closed-form solution by backward recursion (docs/games.md, "Staged deal"),
 * stage[p->n_stages] filled. Tie rule as the engine's: at equal value A
 * steps and B reciprocates. DT_EINVAL for K = 0, q outside [0, 1] or a
 * non-finite parameter. No allocation.
 */
DT_API dt_status dt_staged_solve(const dt_staged_plan *p, dt_stage_eq *stage,
                                 dt_staged_sum *sum, dt_error *err);
/*
 * The plan as a game tree (players 1 = A, 2 = B; 2^K copies of the last
 * stage, so K <= DT_STAGED_TREE_MAX). Free with dt_game_free().
 */
#define DT_STAGED_TREE_MAX 18
DT_API dt_status dt_staged_game(const dt_staged_plan *p,
                                const dt_allocator *alloc, dt_game **out,
                                dt_error *err);

/* ---- Threat with outside options (docs/games.md, "Threat"). ---- */

typedef struct dt_threat {
    const char *id;     /* unique within the section */
    const char *sender; /* label, or NULL */
    const char *target; /* label, or NULL */
    const char *note;   /* or NULL */
    dt_gnum x;          /* the demand, >= 0 */
    dt_gnum v_s;        /* sender's value per unit of demand, > 0 */
    dt_gnum v_t;        /* target's cost per unit of demand, > 0 */
    dt_gnum harm;       /* H: harm of the measure to the target, >= 0 */
    dt_gnum o;          /* share of H the outside options offset, [0, 1] */
    dt_gnum k_s;        /* sender's cost of executing, >= 0 */
    dt_gnum a_s;        /* sender's cost of backing down, >= 0 */
    dt_gnum mu;         /* target's belief that S is resolute, [0, 1] */
    dt_loc loc;
} dt_threat;

typedef struct dt_threat_eq {
    int credible; /* k_S <= a_S: the resolute sender executes */
    double x_max; /* largest demand the target accepts */
    int demands;  /* the sender demands x */
    int complies; /* the target complies with x */
    int executes; /* a resolute sender executes after defiance */
    double u_s;   /* equilibrium payoff of the sender */
    double u_t;   /* of the target */
} dt_threat_eq;

/* Closed form (docs/games.md, "Threat"). DT_EINVAL for out-of-range values. */
DT_API dt_status dt_threat_solve(const dt_threat *t, dt_threat_eq *eq,
                                 dt_error *err);
/*
 * The tree: S demands or not; T complies or defies; nature draws S's
 * resolve (mu); a resolute S executes or backs down, an irresolute one
 * backs down. Players 1 = S, 2 = T.
 */
DT_API dt_status dt_threat_game(const dt_threat *t, const dt_allocator *alloc,
                                dt_game **out, dt_error *err);

/* ---- Ratification and veto players (docs/games.md, "Ratification"). ---- */

typedef enum dt_rat_dist {
    DT_RAT_CERTAIN = 0, /* ideal known */
    DT_RAT_UNIFORM = 1, /* one dimension: ideal ~ U[lo, hi] */
    DT_RAT_NORMAL = 2   /* ideal ~ N(ideal, diag(sd^2)) */
} dt_rat_dist;

/* A veto holder: at the table or excluded from it. */
typedef struct dt_rat_veto {
    const char *id;
    const char *note;
    int excluded;     /* kept away from the table: ratifies afterwards */
    dt_gnum *ideal;   /* [dim] (for UNIFORM: unused, see lo/hi) */
    dt_rat_dist dist; /* at most one veto holder is uncertain */
    dt_gnum lo, hi;   /* UNIFORM bounds */
    dt_gnum *sd;      /* NORMAL: [dim] standard deviations, > 0 */
    dt_loc loc;
} dt_rat_veto;

typedef struct dt_ratification {
    const char *note;
    size_t dim;            /* issue dimensions, >= 1 */
    dt_gnum *status_quo;   /* [dim] */
    const char *setter;    /* the agenda setter's label */
    dt_gnum *setter_ideal; /* [dim] */
    size_t n_vetoes;
    dt_rat_veto *vetoes;
    dt_gnum *proposal; /* [dim] the table's agreement to assess, or NULL */
    dt_loc loc;
} dt_ratification;

/*
 * Best proposal. Utilities are Euclidean distance for win-sets (u_i(x) =
 * -||x - y_i||) and quadratic loss for the setter's expected utility
 * EU(x) = P(x) u_s(x) + (1 - P(x)) u_s(q), u_s(x) = -||x - y_s||^2
 * (the form that gives games.md's example; see docs/games.md).
 */
typedef struct dt_rat_eq {
    double *best;   /* [dim] the setter's best proposal */
    double p_best;  /* its implementation probability */
    double eu_best; /* its expected utility to the setter */
    int regime;     /* 1-D: 0 none better than q, 1 setter's ideal,
                       2 interior optimum, 3 at a certain veto's bound */
    int converged;  /* multi-D: Dykstra's projections converged */
} dt_rat_eq;

/*
 * Probability that the uncertain veto holder accepts x against q: 1 when
 * none is uncertain; uniform: games.md's clip formula; normal: the
 * half-space {y : ||x - y|| <= ||q - y||} has Gaussian measure
 * Phi((2 d.yhat - d.(x + q)) / (2 sqrt(d' Sigma d))), d = x - q, in any
 * dimension. Certain veto holders that reject x make it 0.
 */
DT_API double dt_rat_prob(const dt_ratification *r, const double *x);
/* The same by Monte Carlo with n draws from rng (the check beyond 1-D). */
DT_API double dt_rat_prob_mc(const dt_ratification *r, const double *x,
                             size_t n, dt_rng *rng);
/*
 * The setter's best proposal. One dimension: closed form (uniform: a root
 * of the cubic's derivative, clamped to the feasible interval; normal: a
 * golden-section search of the closed-form EU). More dimensions: the
 * point of the certain veto holders' win-set intersection closest to the
 * setter's ideal, by Dykstra's alternating projections (games.md), then
 * its probability. eq->best must have room for dim doubles.
 */
DT_API dt_status dt_rat_solve(const dt_ratification *r, dt_rat_eq *eq,
                              dt_error *err);
/*
 * One dimension only: the setter chooses among n_prop proposals spread
 * evenly over the feasible interval (plus the closed-form best); nature
 * draws the uncertain veto holder's ideal from n_type equal-probability
 * quantiles; that veto holder accepts or rejects by its own utility.
 * Players 1 = setter, 2 = the uncertain veto holder.
 */
DT_API dt_status dt_rat_game(const dt_ratification *r, size_t n_prop,
                             size_t n_type, const dt_allocator *alloc,
                             dt_game **out, dt_error *err);

/* ---- The sections of a scenario. ---- */

typedef struct dt_games {
    int has_staged;
    const char *side_a, *side_b; /* staged deal labels, or NULL */
    const char *staged_note;
    size_t n_plans;
    dt_staged_plan *plans;
    size_t n_threats;
    dt_threat *threats;
    int has_ratification;
    dt_ratification ratification;
} dt_games;

/* The scenario's game sections, or NULL when it has none. Borrowed. */
DT_API const dt_games *dt_scenario_games(const dt_scenario *sc);

#ifdef __cplusplus
}
#endif
#endif
