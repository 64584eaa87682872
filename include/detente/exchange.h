/*
 * detente: Stokman's exchange model (Stokman and Van Oosten 1994; Arregui,
 * Stokman and Thomson 2004). Works on several issues at once: actors trade
 * positions on issues they care little about for moves on issues they care
 * much about. Not a one-issue line model, so it has its own call.
 */
#ifndef DETENTE_EXCHANGE_H
#define DETENTE_EXCHANGE_H

#include <stddef.h>

#include "error.h"
#include "model.h"
#include "scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The inputs: n_actors x n_issues tables, row-major (actor a, issue q at
 * [a * n_issues + q]). A NaN position means the actor takes no part in
 * that issue. Saliences and capabilities are >= 0 (any scale: only
 * ratios matter). All borrowed during the call.
 */
typedef struct dt_exchange_problem {
    size_t n_actors; /* rows */
    size_t n_issues; /* columns */
    const double *x; /* positions; NaN = not on the issue */
    const double *s; /* saliences, >= 0 */
    const double *c; /* capabilities, >= 0 */
} dt_exchange_problem;

/* Options. Initialise with DT_EXCHANGE_OPTS_INIT. */
typedef struct dt_exchange_opts {
    unsigned max_rounds; /* round cap (default 100) */
    double min_gain;     /* exchanges gaining less are not made (1e-9) */
} dt_exchange_opts;

#define DT_EXCHANGE_OPTS_INIT                                                  \
    {                                                                          \
        100, 1e-9                                                              \
    }

/*
 * One executed exchange: `demander` gets issue p (moves there are made by
 * `supplier`), and in return moves on issue q towards the supplier.
 */
typedef struct dt_exchange_move {
    unsigned round;       /* 1-based round in which it was made */
    size_t demander;      /* actor i: gains on p, gives on q */
    size_t supplier;      /* actor j: gains on q, gives on p */
    size_t issue_p;       /* issue the demander cares relatively more about */
    size_t issue_q;       /* issue the supplier cares relatively more about */
    double supplier_from; /* j's position on p before the exchange */
    double supplier_to;   /* and after */
    double demander_from; /* i's position on q before the exchange */
    double demander_to;   /* and after */
    double shift_p;       /* change of the expected outcome on p */
    double shift_q;       /* change of the expected outcome on q */
    double gain;          /* utility gain of each of the two (equal) */
    double externality;   /* summed utility change of all other actors */
} dt_exchange_move;

/* Result of a run. Release with dt_exchange_result_release. */
typedef struct dt_exchange_result {
    size_t n_issues;         /* entries in initial and outcome */
    size_t n_actors;         /* rows of x */
    double *initial;         /* compromise outcome before any exchange */
    double *outcome;         /* final expected outcome per issue */
    double *x;               /* final positions, as dt_exchange_problem.x */
    size_t n_moves;          /* executed exchanges */
    dt_exchange_move *moves; /* in execution order */
    unsigned rounds;         /* rounds played */
    int converged;           /* 1 when no exchange was left, 0 at the cap */
    size_t moves_cap;        /* entries allocated in moves (internal) */
} dt_exchange_result;

#define DT_EXCHANGE_RESULT_INIT                                                \
    {                                                                          \
        0, 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0                               \
    }

/*
 * Run the exchange model on `p` (borrowed) with options `o` (NULL =
 * defaults), filling *r (initialised with DT_EXCHANGE_RESULT_INIT or
 * released; its arrays are allocated here through `alloc`, NULL = the C
 * library's). The expected outcome on each issue is the compromise mean
 * sum c s x / sum c s over the actors on it (the unweighted mean when the
 * weights sum to 0; NaN when nobody is on the issue). Returns DT_OK,
 * DT_EINVAL (no actor or issue, negative or non-finite salience or
 * capability, infinite position, bad options) or DT_ENOMEM; *r is
 * released on failure. Deterministic; thread-safe on distinct results.
 */
DT_API dt_status dt_exchange_solve(const dt_exchange_problem *p,
                                   const dt_exchange_opts *o,
                                   const dt_allocator *alloc,
                                   dt_exchange_result *r, dt_error *err);

/*
 * The same run one round at a time, in GSL's init -> step -> test form
 * (the lifecycle of dt_model): dt_exchange_new() checks and copies the
 * problem (round 0: nothing exchanged yet), dt_exchange_step() plays one
 * round, dt_exchange_stop() says whether the run is over and why
 * (DT_STOP_CONVERGED when a round found no exchange, DT_STOP_ROUND_CAP
 * after max_rounds rounds with exchanges), and dt_exchange_get_result()
 * shows the state so far (positions, expected outcomes, the exchanges
 * made; owned by the run). dt_exchange_solve() is this loop. A step
 * allocates only to record its exchanges. Returns as dt_exchange_solve.
 */
typedef struct dt_exchange dt_exchange;
DT_API dt_status dt_exchange_new(const dt_exchange_problem *p,
                                 const dt_exchange_opts *o,
                                 const dt_allocator *alloc, dt_exchange **out,
                                 dt_error *err);
DT_API dt_status dt_exchange_step(dt_exchange *ex, dt_error *err);
DT_API dt_stop dt_exchange_stop(const dt_exchange *ex);
DT_API const dt_exchange_result *dt_exchange_get_result(const dt_exchange *ex);
/* Free a run. NULL is a no-op. */
DT_API void dt_exchange_free(dt_exchange *ex);

/*
 * Model exchange as a scenario-level model type (model.h), over every
 * issue of a scenario; options: dt_exchange_opts. The run behind a
 * workspace of this type (as dt_forecast keeps it): its exchanges, final
 * positions and outcomes; NULL before the workspace's first init.
 */
DT_API extern const dt_scenario_model_type dt_model_exchange;
DT_API const dt_exchange_result *dt_exchange_model_result(const void *ws);

/*
 * The exchange model on every issue of a scenario (borrowed): actors and
 * issues in scenario order, each issue's line as dt_scenario_line()
 * builds it with `flags` (dt_line_flags), an actor without a stake in an
 * issue (or left out by the flags) not on it. Fills *r as
 * dt_exchange_solve() does; returns its codes, and DT_ENOMEM.
 */
DT_API dt_status dt_exchange_solve_scenario(
    const dt_scenario *sc, unsigned flags, const dt_exchange_opts *o,
    const dt_allocator *alloc, dt_exchange_result *r, dt_error *err);

/* Free the arrays of *r (allocated with `alloc`) and reset it. */
DT_API void dt_exchange_result_release(dt_exchange_result *r,
                                       const dt_allocator *alloc);

#ifdef __cplusplus
}
#endif
#endif
