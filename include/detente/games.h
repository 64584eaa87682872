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
 * Parameters are dt_games_num: a value with an optional range, which the
 * sweeps of `detente sequence` vary. The solvers read only .v.
 *
 * dt_games_sequence (at the end) solves all of a scenario's sections at
 * once and sweeps their parameters: the result `detente sequence` and
 * the report show, and that the other front ends read.
 *
 * Thread-safety: nothing here keeps state between calls. The solvers
 * (dt_games_*_solve, dt_games_rat_prob) only read their inputs and write
 * their outputs, so threads may share the sections of a loaded scenario
 * (dt_scenario_games) and solve them at once (dt_games_rat_solve in more
 * than one dimension allocates scratch through the ratification's
 * allocator, the scenario's).
 * dt_games_rat_prob_mc advances the dt_rng it is given, so each thread
 * needs its own. The tree builders (dt_games_*_tree) allocate through the
 * allocator they are given, which must then be thread-safe. A
 * dt_games_sequence is immutable once dt_games_sequence_new returns:
 * threads may share it and read it, and may build sequences of one
 * scenario at the same time (each works on its own copy of the sections;
 * they allocate through the scenario's allocator, which must then be
 * thread-safe, as the default is). Results are deterministic: the same
 * scenario and options give the same numbers, bit for bit.
 */
#ifndef DETENTE_GAMES_H
#define DETENTE_GAMES_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "game.h"
#include "rng.h"
#include "scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A game parameter: its value and, for sweeps, an optional range. */
typedef struct dt_games_num {
    double v;         /* the value (a range's midpoint when only a range) */
    double lo, hi;    /* the range, when has_range */
    int has_range;    /* whether a range was given */
    const char *note; /* the stated source or judgement, or NULL */
    dt_loc loc;       /* where it was written */
} dt_games_num;

/* ---- Staged deal (docs/games.md, "Staged deal"). ---- */

/* One stage: A's step (cost a to A, value b to B), B's reciprocation. */
typedef struct dt_games_stage {
    dt_games_num a;   /* A's cost of stepping */
    dt_games_num b;   /* B's value of A's step */
    dt_games_num h;   /* B's cost of reciprocating */
    dt_games_num g;   /* A's value of B's reciprocation */
    dt_games_num t_a; /* A's temptation: what cheating keeps */
    dt_games_num t_b; /* B's temptation: what reneging keeps */
    dt_games_num q;   /* probability that cheating is detected, in [0, 1] */
} dt_games_stage;

/* One plan: a sequence of stages and the penalties that back it. */
typedef struct dt_games_plan {
    const char *id;         /* unique within the section */
    const char *name;       /* or NULL */
    const char *note;       /* or NULL */
    size_t n_stages;        /* K >= 1 */
    dt_games_stage *stages; /* [n_stages] */
    dt_games_num s_a;       /* A's penalty when caught cheating (snap-back) */
    dt_games_num s_b;       /* B's penalty for reneging (reputation,
                               guarantor) */
    dt_loc loc;
} dt_games_plan;

/* What happens at one stage under the subgame-perfect equilibrium. */
typedef struct dt_games_stage_eq {
    int steps;        /* 1: A steps honestly, 0: A cheats */
    int reciprocates; /* 1: B reciprocates, 0: B reneges */
    double c;         /* C_k: A's continuation after its step */
    double v_a, v_b;  /* V_A(k), V_B(k) */
    double slack_a;   /* q (C + S_A) - (T^A + a): A's constraint */
    double slack_b;   /* V_B(k+1) - (h + T^B - S_B): B's constraint */
    double q_min;     /* (T^A + a) / (C + S_A); INFINITY if C + S_A <= 0 */
    double s_a_min;   /* (T^A + a) / q - C (INFINITY when q = 0) */
    double s_b_min;   /* h + T^B - V_B(k+1) */
} dt_games_stage_eq;

typedef enum dt_games_breaker {
    DT_GAMES_BREAK_NONE = 0, /* the deal completes */
    DT_GAMES_BREAK_A = 1,    /* A cheats */
    DT_GAMES_BREAK_B = 2     /* B reneges */
} dt_games_breaker;

typedef struct dt_games_staged_sum {
    double v_a, v_b;           /* equilibrium payoffs V_A(1), V_B(1) */
    size_t break_stage;        /* first stage (1-based) where a side defects */
    dt_games_breaker break_by; /* who defects there */
    size_t binding;            /* stage (1-based) with the smallest slack */
    int binding_side;          /* DT_GAMES_BREAK_A or DT_GAMES_BREAK_B:
                                  whose constraint */
    double binding_slack;
} dt_games_staged_sum;

/*
 * Closed-form solution by backward recursion (docs/games.md, "Staged deal"),
 * stage[p->n_stages] filled. Tie rule as the engine's: at equal value A
 * steps and B reciprocates. DT_EINVAL for K = 0, q outside [0, 1] or a
 * non-finite parameter. No allocation.
 */
DT_API dt_status dt_games_staged_solve(const dt_games_plan *p,
                                       dt_games_stage_eq *stage,
                                       dt_games_staged_sum *sum, dt_error *err);
/*
 * The outcome in words, one wording for every front end: "completes", or
 * "breaks at stage 1: North Korea cheats" (a is A's label, b is B's; "B
 * reneges" when B breaks). Written as snprintf() does: at most n bytes
 * into buf, terminated when n > 0; returns the length the whole text
 * needs.
 */
DT_API int dt_games_staged_outcome(const dt_games_staged_sum *s, const char *a,
                                   const char *b, char *buf, size_t n);
/*
 * The plan as a game tree (players 1 = A, 2 = B; 2^K copies of the last
 * stage, so K <= DT_GAMES_STAGED_TREE_MAX). Free with dt_game_free().
 */
#define DT_GAMES_STAGED_TREE_MAX 18
DT_API dt_status dt_games_staged_tree(const dt_games_plan *p,
                                      const dt_allocator *alloc, dt_game **out,
                                      dt_error *err);

/* ---- Threat with outside options (docs/games.md, "Threat"). ---- */

typedef struct dt_games_threat {
    const char *id;     /* unique within the section */
    const char *sender; /* label, or NULL */
    const char *target; /* label, or NULL */
    const char *note;   /* or NULL */
    dt_games_num x;     /* the demand, >= 0 */
    dt_games_num v_s;   /* sender's value per unit of demand, > 0 */
    dt_games_num v_t;   /* target's cost per unit of demand, > 0 */
    dt_games_num harm;  /* H: harm of the measure to the target, >= 0 */
    dt_games_num o;     /* share of H the outside options offset, [0, 1] */
    dt_games_num k_s;   /* sender's cost of executing, >= 0 */
    dt_games_num a_s;   /* sender's cost of backing down, >= 0 */
    dt_games_num mu;    /* target's belief that S is resolute, [0, 1] */
    dt_loc loc;
} dt_games_threat;

typedef struct dt_games_threat_eq {
    int credible; /* k_S <= a_S: the resolute sender executes */
    double x_max; /* largest demand the target accepts */
    int demands;  /* the sender demands x */
    int complies; /* the target complies with x */
    int executes; /* a resolute sender executes after defiance */
    double u_s;   /* equilibrium payoff of the sender */
    double u_t;   /* of the target */
} dt_games_threat_eq;

/* Closed form (docs/games.md, "Threat"). DT_EINVAL for out-of-range values. */
DT_API dt_status dt_games_threat_solve(const dt_games_threat *t,
                                       dt_games_threat_eq *eq, dt_error *err);
/*
 * The tree: S demands or not; T complies or defies; nature draws S's
 * resolve (mu); a resolute S executes or backs down, an irresolute one
 * backs down. Players 1 = S, 2 = T.
 */
DT_API dt_status dt_games_threat_tree(const dt_games_threat *t,
                                      const dt_allocator *alloc, dt_game **out,
                                      dt_error *err);

/* ---- Ratification and veto players (docs/games.md, "Ratification"). ---- */

typedef enum dt_games_rat_dist {
    DT_GAMES_RAT_CERTAIN = 0, /* ideal known */
    DT_GAMES_RAT_UNIFORM = 1, /* one dimension: ideal ~ U[lo, hi] */
    DT_GAMES_RAT_NORMAL = 2   /* ideal ~ N(ideal, diag(sd^2)) */
} dt_games_rat_dist;

/* A veto holder: at the table or excluded from it. */
typedef struct dt_games_veto {
    const char *id;
    const char *note;
    int excluded;           /* kept away from the table: ratifies afterwards */
    dt_games_num *ideal;    /* [dim] (for UNIFORM: unused, see lo/hi) */
    dt_games_rat_dist dist; /* at most one veto holder is uncertain */
    dt_games_num lo, hi;    /* UNIFORM bounds */
    dt_games_num *sd;       /* NORMAL: [dim] standard deviations, > 0 */
    dt_loc loc;
} dt_games_veto;

typedef struct dt_games_ratification {
    const char *note;
    size_t dim;                 /* issue dimensions, >= 1 */
    dt_games_num *status_quo;   /* [dim] */
    const char *setter;         /* the agenda setter's label */
    dt_games_num *setter_ideal; /* [dim] */
    size_t n_vetoes;
    dt_games_veto *vetoes;
    dt_games_num *proposal; /* [dim] the table's agreement to assess, or NULL */
    dt_loc loc;
    const dt_allocator *alloc; /* scratch of dt_games_rat_solve beyond one
                                  dimension (the scenario's; NULL = the
                                  C library's) */
} dt_games_ratification;

/*
 * Best proposal. Utilities are Euclidean distance for win-sets (u_i(x) =
 * -||x - y_i||) and quadratic loss for the setter's expected utility
 * EU(x) = P(x) u_s(x) + (1 - P(x)) u_s(q), u_s(x) = -||x - y_s||^2
 * (the form that gives games.md's example; see docs/games.md).
 */
typedef struct dt_games_rat_eq {
    double *best;   /* [dim] the setter's best proposal */
    double p_best;  /* its implementation probability */
    double eu_best; /* its expected utility to the setter */
    int regime;     /* 1-D: 0 none better than q, 1 setter's ideal,
                       2 interior optimum, 3 at a certain veto's bound */
    int converged;  /* multi-D: Dykstra's projections converged */
} dt_games_rat_eq;

/*
 * Probability that the uncertain veto holder accepts x against q: 1 when
 * none is uncertain; uniform: games.md's clip formula; normal: the
 * half-space {y : ||x - y|| <= ||q - y||} has Gaussian measure
 * Phi((2 d.yhat - d.(x + q)) / (2 sqrt(d' Sigma d))), d = x - q, in any
 * dimension. Certain veto holders that reject x make it 0.
 */
DT_API double dt_games_rat_prob(const dt_games_ratification *r,
                                const double *x);
/* The same by Monte Carlo with n draws from rng (the check beyond 1-D). */
DT_API double dt_games_rat_prob_mc(const dt_games_ratification *r,
                                   const double *x, size_t n, dt_rng *rng);
/*
 * The setter's best proposal. One dimension: closed form (uniform: a root
 * of the cubic's derivative, clamped to the feasible interval; normal: a
 * golden-section search of the closed-form EU). More dimensions: the
 * point of the certain veto holders' win-set intersection closest to the
 * setter's ideal, by Dykstra's alternating projections (games.md), then
 * its probability. eq->best must have room for dim doubles.
 */
DT_API dt_status dt_games_rat_solve(const dt_games_ratification *r,
                                    dt_games_rat_eq *eq, dt_error *err);
/*
 * One dimension only: the setter chooses among n_prop proposals spread
 * evenly over the feasible interval (plus the closed-form best); nature
 * draws the uncertain veto holder's ideal from n_type equal-probability
 * quantiles; that veto holder accepts or rejects by its own utility.
 * Players 1 = setter, 2 = the uncertain veto holder.
 */
DT_API dt_status dt_games_rat_tree(const dt_games_ratification *r,
                                   size_t n_prop, size_t n_type,
                                   const dt_allocator *alloc, dt_game **out,
                                   dt_error *err);

/* ---- The sections of a scenario. ---- */

typedef struct dt_games {
    int has_staged;
    const char *side_a, *side_b; /* staged deal labels, or NULL */
    const char *staged_note;
    size_t n_plans;
    dt_games_plan *plans;
    size_t n_threats;
    dt_games_threat *threats;
    int has_ratification;
    dt_games_ratification ratification;
} dt_games;

/* The scenario's game sections, or NULL when it has none. Borrowed. */
DT_API const dt_games *dt_scenario_games(const dt_scenario *sc);

/* ---- All sections solved, and swept (docs/games.md, "detente sequence"). */

/*
 * A sweep: one parameter of the game sections varied over `steps` evenly
 * spaced points of [lo, hi], the others at their values. Parameter
 * names (PLAN, THREAT and VETO are the ids written in the scenario):
 *
 *   PLAN.s_a, PLAN.s_b            a plan's penalties
 *   PLAN.K.KEY, PLAN.*.KEY        stage K's (1-based) or every stage's
 *                                 KEY: a b h g t_a t_b q
 *   THREAT.KEY                    x v_s v_t harm o k_s a_s mu
 *   ratification.setter_ideal     first dimension
 *   ratification.status_quo       first dimension
 *   VETO.ideal                    a certain or normal veto holder's ideal
 *                                 (first dimension)
 *   VETO.lo, VETO.hi              a uniform veto holder's bounds
 *
 * Probabilities (q, o, mu) must be swept within [0, 1]; the other
 * numbers of plans and threats within [0, inf).
 */
/* Bytes of a name, with its NUL. */
#define DT_GAMES_SEQUENCE_PARAM_MAX 128
/* Grid points of one sweep. */
#define DT_GAMES_SEQUENCE_STEPS_MAX 100000
/* Grid points of a range in a file. */
#define DT_GAMES_SEQUENCE_FILE_STEPS 11
/* Thresholds to this share of hi - lo. */
#define DT_GAMES_SEQUENCE_BISECT_REL 1e-9
/* Outside options where x* is shown. */
#define DT_GAMES_SEQUENCE_N_O 5

typedef struct dt_games_sequence_sweep {
    char param[DT_GAMES_SEQUENCE_PARAM_MAX]; /* the parameter's name */
    double lo, hi;                           /* the range, lo <= hi, finite */
    unsigned steps;                          /* grid points, 1..STEPS_MAX */
} dt_games_sequence_sweep;

/*
 * Parse "PARAM=LO:HI:STEPS" (STEPS 2 to DT_GAMES_SEQUENCE_STEPS_MAX,
 * LO <= HI, both finite; numbers in C syntax, whatever the locale) into
 * *out. The name is checked against a scenario only by
 * dt_games_sequence_new. Returns DT_OK or DT_EINVAL with one of the
 * messages "sweep wants PARAM=LO:HI:STEPS, got 'TEXT'" (no '=', or a
 * name of DT_GAMES_SEQUENCE_PARAM_MAX bytes or more), "sweep wants
 * PARAM=LO:HI:STEPS with STEPS >= 2, got 'TEXT'" (the numbers) and
 * "sweep PARAM: low LO > high HI". Thread-safe; no allocation.
 */
DT_API dt_status dt_games_sequence_sweep_parse(const char *text,
                                               dt_games_sequence_sweep *out,
                                               dt_error *err);

/* What dt_games_sequence_new solves and sweeps. Initialise with the macro. */
typedef struct dt_games_sequence_opts {
    const char *const *plans;              /* ids of the staged deal's plans
                                              to keep (borrowed), or NULL
                                              for all of them */
    size_t n_plans;                        /* entries in plans */
    const dt_games_sequence_sweep *sweeps; /* sweeps to run (borrowed) */
    size_t n_sweeps;                       /* entries in sweeps */
    int file_sweeps; /* with no sweeps given: sweep every parameter
                        written with a range in the scenario, over
                        DT_GAMES_SEQUENCE_FILE_STEPS points (1, the
                        default), or none (0) */
    uint64_t seed;   /* seed of the ratification's Monte Carlo check */
    size_t draws;    /* its draws (0 draws none: the estimates are then
                        0 or 1 and mean nothing) */
} dt_games_sequence_opts;

#define DT_GAMES_SEQUENCE_OPTS_INIT                                            \
    {                                                                          \
        NULL, 0, NULL, 0, 1, 1, 100000                                         \
    }

/* The family of a parameter, and of the item a sweep describes. */
typedef enum dt_games_sequence_family {
    DT_GAMES_SEQUENCE_STAGED = 0,      /* a plan of the staged deal */
    DT_GAMES_SEQUENCE_THREAT = 1,      /* a threat */
    DT_GAMES_SEQUENCE_RATIFICATION = 2 /* the ratification game */
} dt_games_sequence_family;

/* A plan of the staged deal, solved. */
typedef struct dt_games_sequence_plan {
    const dt_games_plan *plan;       /* the scenario's plan (borrowed) */
    const dt_games_stage_eq *stages; /* [plan->n_stages] each stage */
    dt_games_staged_sum sum;         /* payoffs, break, binding constraint */
    const char *path;                /* the choices at every stage, e.g.
                                        "step/recip cheat/renege" */
} dt_games_sequence_plan;

/* A threat, solved, and its x* as the outside options grow. */
typedef struct dt_games_sequence_threat {
    const dt_games_threat *threat;         /* the scenario's threat
                                              (borrowed) */
    dt_games_threat_eq eq;                 /* the equilibrium */
    const char *equilibrium;               /* e.g. "credible, target
                                              complies, sender demands" */
    double x_max_o[DT_GAMES_SEQUENCE_N_O]; /* x* at o =
                                              dt_games_sequence_o(j) */
} dt_games_sequence_threat;

/* A veto holder's win-set against the status quo q. */
typedef struct dt_games_sequence_veto {
    const dt_games_veto *veto; /* the scenario's veto holder (borrowed) */
    double radius; /* ||ideal - q|| (the mean ideal when normal); NaN for
                      a uniform ideal */
    double lo, hi; /* one dimension, ideal y known or normal: the win-set
                      between q and 2y - q, lo <= hi; else NaN */
} dt_games_sequence_veto;

/* The ratification game, solved, with a Monte Carlo check. */
typedef struct dt_games_sequence_rat {
    const dt_games_ratification *rat;     /* the scenario's section
                                             (borrowed) */
    dt_games_rat_eq eq;                   /* eq.best[rat->dim], owned by
                                             the sequence */
    const char *regime;                   /* dt_games_sequence_regime_name(
                                             eq.regime) */
    double p_best_mc;                     /* P(best) by Monte Carlo (seed,
                                             draws) */
    const double *proposal;               /* [rat->dim] the table's
                                             proposal, or NULL when the
                                             scenario has none */
    double p_proposal;                    /* its probability (NaN without
                                             one) */
    double p_proposal_mc;                 /* by Monte Carlo, the same seed */
    const dt_games_sequence_veto *vetoes; /* [rat->n_vetoes] */
} dt_games_sequence_rat;

/* One grid point of a sweep. */
typedef struct dt_games_sequence_point {
    double value;            /* the parameter's value */
    const char *equilibrium; /* the item's equilibrium there */
    double measure[2];       /* two numbers of it (dt_games_sequence_swept) */
} dt_games_sequence_point;

/* A value where the equilibrium changes, to the sweep's tolerance. */
typedef struct dt_games_sequence_threshold {
    double value;      /* the midpoint of the last bisection bracket */
    const char *below; /* the equilibrium just below it */
    const char *above; /* just above it */
} dt_games_sequence_threshold;

/*
 * A sweep done: every grid point, and between neighbours whose
 * equilibria differ, the threshold found by bisection to `tolerance`
 * (one per such pair of neighbours).
 */
typedef struct dt_games_sequence_swept {
    const char *param;               /* the parameter's name */
    dt_games_sequence_family family; /* of the item it belongs to */
    size_t item;                     /* that plan's or threat's index in the
                                        scenario's section (0: ratification) */
    double lo, hi;                   /* the range */
    unsigned steps;                  /* grid points */
    double tolerance;                /* DT_GAMES_SEQUENCE_BISECT_REL *
                                        (hi - lo) */
    const char *measure[2];          /* names of the measures: "V_A", "V_B"
                                        (plan), "x*", "u_S" (threat),
                                        "best[0]", "P(best)" (ratification) */
    size_t n_points;                 /* = steps */
    /* [n_points] in order */
    const dt_games_sequence_point *points;
    size_t n_thresholds; /* 0 to steps - 1 */
    /* [n_thresholds] ascending */
    const dt_games_sequence_threshold *thresholds;
} dt_games_sequence_swept;

typedef struct dt_games_sequence dt_games_sequence;

/*
 * Solve the game sections of sc: each plan kept by o->plans, each
 * threat (and its x* at o = 0, .25, .5, .75, 1), the ratification game
 * (best proposal, its probability in closed form and by o->draws Monte
 * Carlo draws from o->seed, the same for the table's proposal); then
 * the sweeps of o->sweeps, or without any those written as ranges in the
 * file (o->file_sweeps), leaving out sweeps of plans not kept. A sweep
 * solves its item at every grid point and bisects between neighbours
 * whose equilibria (the choices at every stage; credible / complies /
 * demands; the regime of the best proposal) differ.
 *
 * sc is borrowed and must outlive *out (results point into its
 * sections); o may be NULL for the defaults. Allocations through the
 * scenario's allocator. Returns DT_OK; DT_ESCENARIO when sc has no game
 * section ("'PATH' has no staged_deal, threat or ratification section")
 * or a section cannot be solved (also at a point of a sweep; the
 * solver's message); DT_EINVAL for options that do not fit the scenario
 * ("plans: the scenario has no staged_deal", "plans: no plan 'ID' in the
 * staged_deal", "sweep: unknown parameter 'NAME' (names: ...)", "sweep
 * NAME: [LO, HI] leaves the valid range (a probability in [0, 1])" or
 * "(>= 0)", and checks of a sweep's lo, hi and steps); DT_ENOMEM. Free
 * *out with dt_games_sequence_free(). Deterministic; thread-safe (see the
 * top).
 */
DT_API dt_status dt_games_sequence_new(const dt_scenario *sc,
                                       const dt_games_sequence_opts *o,
                                       dt_games_sequence **out, dt_error *err);
/* Free a sequence. NULL is a no-op. */
DT_API void dt_games_sequence_free(dt_games_sequence *s);

/* The scenario, and its sections (borrowed from it). */
DT_API const dt_scenario *
dt_games_sequence_scenario(const dt_games_sequence *s);
DT_API const dt_games *dt_games_sequence_games(const dt_games_sequence *s);
/* The Monte Carlo seed and draws used. */
DT_API uint64_t dt_games_sequence_seed(const dt_games_sequence *s);
DT_API size_t dt_games_sequence_draws(const dt_games_sequence *s);

/* The plans kept, in the scenario's order (i < n_plans). */
DT_API size_t dt_games_sequence_n_plans(const dt_games_sequence *s);
DT_API const dt_games_sequence_plan *
dt_games_sequence_plan_at(const dt_games_sequence *s, size_t i);
/* The threats, in the scenario's order. */
DT_API size_t dt_games_sequence_n_threats(const dt_games_sequence *s);
DT_API const dt_games_sequence_threat *
dt_games_sequence_threat_at(const dt_games_sequence *s, size_t i);
/* The ratification game, or NULL when the scenario has none. */
DT_API const dt_games_sequence_rat *
dt_games_sequence_ratification(const dt_games_sequence *s);
/* The sweeps run, in order (those of plans left out are not run). */
DT_API size_t dt_games_sequence_n_sweeps(const dt_games_sequence *s);
DT_API const dt_games_sequence_swept *
dt_games_sequence_sweep_at(const dt_games_sequence *s, size_t i);
/* The accessors return NULL for an index out of range. */

/* The outside-option shares of dt_games_sequence_threat.x_max_o: 0.25 j. */
DT_API double dt_games_sequence_o(size_t j);
/*
 * The regime of a best proposal (dt_games_rat_eq.regime, 0-3) in words:
 * "no proposal beats q", "the setter's ideal", "interior optimum", "at a
 * veto holder's bound".
 */
DT_API const char *dt_games_sequence_regime_name(int regime);

#ifdef __cplusplus
}
#endif
#endif
