/*
 * detente: KTAB's spatial model of politics (SMP), multi-dimensional. The
 * issues of a scenario are the dimensions of one space; every actor has
 * one capability and a position and salience per dimension. The model
 * follows KTAB's smpc program (docs/models.md, "Spatial model of politics").
 */
#ifndef DETENTE_SMP_H
#define DETENTE_SMP_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "model.h"
#include "scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Vote of one actor between two options with utility difference delta. */
typedef enum dt_smp_vote {
    DT_SMP_VOTE_BINARY = 0,    /* w * clamp(delta / 1e-8, -1, 1) */
    DT_SMP_VOTE_PROP_BIN = 1,  /* w * (0.8 delta + 0.2 binary) */
    DT_SMP_VOTE_PROP = 2,      /* w * delta (default) */
    DT_SMP_VOTE_PROP_CBC = 3,  /* w * (0.5 delta + 0.5 delta^3) */
    DT_SMP_VOTE_CUBIC = 4,     /* w * delta^3 */
    DT_SMP_VOTE_ASYM_PROSP = 5 /* w delta if delta < 0, else 2/3 w delta */
} dt_smp_vote;

/* Victory probability V_ij = f(C_ij) / (f(C_ij) + f(C_ji)). */
typedef enum dt_smp_vpm {
    DT_SMP_VPM_LINEAR = 0,  /* f(x) = x (default) */
    DT_SMP_VPM_SQUARE = 1,  /* x^2 */
    DT_SMP_VPM_QUARTIC = 2, /* x^4 */
    DT_SMP_VPM_OCTIC = 3,   /* x^8 */
    DT_SMP_VPM_BINARY = 4   /* 1 when C_ij >= 1.1 C_ji, linear ramp */
} dt_smp_vpm;

/* Probabilistic Condorcet election. */
typedef enum dt_smp_pce {
    DT_SMP_PCE_CONDITIONAL = 0,     /* p_i ~ prod_j V_ij (default) */
    DT_SMP_PCE_MARKOV_UNIFORM = 1,  /* uniform-challenge Markov chain */
    DT_SMP_PCE_MARKOV_INCENTIVE = 2 /* incentive-weighted Markov chain */
} dt_smp_pce;

/* How an actor's queue of bargains is resolved. */
typedef enum dt_smp_trans {
    DT_SMP_TRANS_DETERMINISTIC = 0, /* the most probable bargain (default) */
    DT_SMP_TRANS_STOCHASTIC = 1     /* a bargain drawn from the PCE */
} dt_smp_trans;

/* Risk attitude from the probability of an actor's position. */
typedef enum dt_smp_rrange {
    DT_SMP_RRANGE_MIN = 0, /* R in [0, 1] */
    DT_SMP_RRANGE_MID = 1, /* R in [-1/2, 1] (default) */
    DT_SMP_RRANGE_MAX = 2  /* R in [-1, 1] */
} dt_smp_rrange;

/* h's estimate of i's risk attitude: (1 - a) R_h + a R_i. */
typedef enum dt_smp_radjust {
    DT_SMP_RADJUST_NONE = 0,       /* a = 0 */
    DT_SMP_RADJUST_ONE_THIRD = 1,  /* a = 1/3 (default) */
    DT_SMP_RADJUST_HALF = 2,       /* a = 1/2 */
    DT_SMP_RADJUST_TWO_THIRDS = 3, /* a = 2/3 */
    DT_SMP_RADJUST_FULL = 4        /* a = 1 */
} dt_smp_radjust;

/* How far a third party that joins a side is bound to its outcome. */
typedef enum dt_smp_commit {
    DT_SMP_COMMIT_NO = 0,   /* NoCommit */
    DT_SMP_COMMIT_SEMI = 1, /* SemiCommit (default) */
    DT_SMP_COMMIT_FULL = 2  /* FullCommit */
} dt_smp_commit;

/* Bargain point between two positions, per dimension k. */
typedef enum dt_smp_interp {
    DT_SMP_INTERP_S1P1 = 0, /* weights s_k p */
    DT_SMP_INTERP_S2P2 = 1  /* weights s_k^2 p^2 (default) */
} dt_smp_interp;

/* Whose estimate of P(initiator wins) sets the bargain. */
typedef enum dt_smp_bargain {
    DT_SMP_BARGAIN_INIT_ONLY = 0, /* the initiator's (default) */
    DT_SMP_BARGAIN_INIT_RCVR = 1  /* mean of initiator's and receiver's */
} dt_smp_bargain;

/*
 * Model options. Initialise with DT_SMP_OPTS_INIT (KTAB's defaults), then
 * set fields. `accommodation` (borrowed, n x n row-major, or NULL for the
 * identity) moves ideals: y_i <- (1 - sum_j A_ij) y_i + sum_j A_ij x_j.
 */
typedef struct dt_smp_opts {
    dt_smp_vote vote;            /* vote rule */
    dt_smp_vpm vpm;              /* victory probability model */
    dt_smp_pce pce;              /* PCE model */
    dt_smp_trans trans;          /* state transitions */
    dt_smp_rrange rrange;        /* risk range */
    dt_smp_radjust radjust;      /* risk adjustment */
    dt_smp_commit commit;        /* third-party commitment */
    dt_smp_interp interp;        /* bargain interpolation */
    dt_smp_bargain bargain;      /* bargain model */
    const double *accommodation; /* ideal accommodation, or NULL */
    double tolerance;            /* positions closer count as one (1e-3) */
    unsigned max_turns;          /* stop at this turn (100) */
    unsigned min_turns;          /* earliest turn the rule applies (2) */
    double stop_ratio;           /* dist(t-1,t)/(dist(0,1)+1e-4) < (0.02) */
    uint64_t seed;               /* stochastic transitions' stream */
    unsigned threads;            /* workers for each turn's challenge
                                    search (0 or 1: none, at most 64);
                                    results are identical for any value */
} dt_smp_opts;

#define DT_SMP_OPTS_INIT                                                       \
    {                                                                          \
        DT_SMP_VOTE_PROP, DT_SMP_VPM_LINEAR, DT_SMP_PCE_CONDITIONAL,           \
            DT_SMP_TRANS_DETERMINISTIC, DT_SMP_RRANGE_MID,                     \
            DT_SMP_RADJUST_ONE_THIRD, DT_SMP_COMMIT_SEMI, DT_SMP_INTERP_S2P2,  \
            DT_SMP_BARGAIN_INIT_ONLY, NULL, 1e-3, 100, 2, 0.02, 0, 1           \
    }

/*
 * KTAB's names of the enum values ("Prop", "MarkovIncentive", "S2P2",
 * "SemiCommit", ...), case-insensitive; both the code's and the schema's
 * spellings are accepted where they differ. Each returns 0 and leaves *out
 * alone when the name is unknown, else 1.
 */
DT_API int dt_smp_vote_parse(const char *s, dt_smp_vote *out);
DT_API int dt_smp_vpm_parse(const char *s, dt_smp_vpm *out);
DT_API int dt_smp_pce_parse(const char *s, dt_smp_pce *out);
DT_API int dt_smp_trans_parse(const char *s, dt_smp_trans *out);
DT_API int dt_smp_rrange_parse(const char *s, dt_smp_rrange *out);
DT_API int dt_smp_radjust_parse(const char *s, dt_smp_radjust *out);
DT_API int dt_smp_commit_parse(const char *s, dt_smp_commit *out);
DT_API int dt_smp_interp_parse(const char *s, dt_smp_interp *out);
DT_API int dt_smp_bargain_parse(const char *s, dt_smp_bargain *out);

/*
 * Apply the model parameters a scenario file sets (KTAB XML's
 * <ModelParameters> and <prngSeed>; see docs/scenario-format.md) to *o,
 * leaving the others as they are. When the file has ideal adjustments
 * and acc is not NULL, acc (caller-owned, n x n for the scenario's n
 * actors) receives the ideal-accommodation matrix (identity plus one
 * entry per adjustment) and o->accommodation points to it; else
 * o->accommodation is NULL. Returns DT_OK or DT_ESCENARIO (a value this
 * library does not support, with its location).
 */
DT_API dt_status dt_smp_opts_from_scenario(const dt_scenario *sc,
                                           dt_smp_opts *o, double *acc,
                                           dt_error *err);

/*
 * The space an SMP run works in: n actors x d dimensions, positions and
 * saliences on [0, 1] (row-major n x d), one capability per actor. Plain
 * data; dt_space_new() allocates it zeroed for the caller to fill.
 */
typedef struct dt_space {
    size_t n;          /* actors, >= 2 */
    size_t d;          /* dimensions, >= 1 */
    const char **ids;  /* actor ids (borrowed from the scenario), or NULL */
    const char **dims; /* dimension ids (borrowed), or NULL */
    size_t *issue;     /* scenario issue index of each dimension */
    double *c;         /* capabilities, > 0 */
    double *x;         /* positions, n x d, in [0, 1] */
    double *s;         /* saliences, n x d, in [0, 1], row sums <= 1 */
    const dt_allocator *alloc; /* what the space (and a dt_smp run on it)
                                  allocates with (NULL = the C library's) */
} dt_space;

/*
 * A new zeroed space for n actors and d dimensions (ids and dims NULL).
 * Free with dt_space_free. Returns DT_OK, DT_EINVAL (n < 2 or d < 1) or
 * DT_ENOMEM.
 */
DT_API dt_status dt_space_new(size_t n, size_t d, const dt_allocator *alloc,
                              dt_space **out, dt_error *err);

/*
 * The space of scenario sc (borrowed; must outlive the space): its issues
 * are the dimensions, its actors (all, or those at the table with
 * DT_LINE_TABLE_ONLY in flags) the actors. Positions are the 0-100 scale
 * divided by 100; saliences as dt_scenario_line() scales them; an actor
 * without a stake in an issue has salience 0 there and sits at the
 * issue's status quo (or 50). An actor whose saliences sum past 1 (YAML
 * rates every issue on its own 0-100 scale) has them divided by their
 * sum, as SMP reads them as shares of attention. Returns DT_OK,
 * DT_ESCENARIO (fewer than 2 actors or 1 issue, a capability <= 0, or
 * an actor whose saliences are all 0) or DT_ENOMEM.
 */
DT_API dt_status dt_space_from_scenario(const dt_scenario *sc, unsigned flags,
                                        dt_space **out, dt_error *err);
DT_API void dt_space_free(dt_space *sp);

/*
 * A model instance: the workspace and the full history (at most
 * max_turns + 1 states) are allocated once by dt_smp_new(); dt_smp_init()
 * and dt_smp_step() never allocate. One instance is used by one thread at
 * a time; distinct instances are independent (the random stream lives in
 * the instance, so results do not depend on threads).
 */
typedef struct dt_smp dt_smp;

/*
 * New instance for space sp (borrowed; must outlive the instance; it is
 * not modified) and options o (copied; o->accommodation is copied too),
 * already initialised (turn 0). Returns DT_OK, DT_EINVAL (bad option or
 * space) or DT_ENOMEM.
 */
DT_API dt_status dt_smp_new(const dt_space *sp, const dt_smp_opts *o,
                            dt_smp **out, dt_error *err);
DT_API void dt_smp_free(dt_smp *m);

/* Back to turn 0 with a new seed for stochastic transitions. */
DT_API void dt_smp_init(dt_smp *m, uint64_t seed);

/*
 * Play one turn (all actors move at once); a no-op once max_turns turns
 * are played. Never allocates. Returns DT_OK.
 */
DT_API dt_status dt_smp_step(dt_smp *m, dt_error *err);

/*
 * Why the run is over after the last turn: DT_STOP_NONE (go on),
 * DT_STOP_CONVERGED (the stopping rule) or DT_STOP_ROUND_CAP.
 */
DT_API dt_stop dt_smp_stop(const dt_smp *m);

/*
 * Step until dt_smp_stop() says stop. Returns DT_OK (converged) or
 * DT_NOT_CONVERGED (turn cap reached).
 */
DT_API dt_status dt_smp_run(dt_smp *m, dt_error *err);

/* Turns played so far; the history holds dt_smp_turns() + 1 states. */
DT_API unsigned dt_smp_turns(const dt_smp *m);

/*
 * State t (0 <= t <= turns): positions (n x d on [0, 1]) and every
 * actor's winning probability (n; actors at equivalent positions share
 * their position's probability). Owned by the instance; NULL when t is
 * out of range.
 */
DT_API const double *dt_smp_positions(const dt_smp *m, unsigned t);
DT_API const double *dt_smp_probs(const dt_smp *m, unsigned t);

/*
 * Capability x salience weighted mean and median of the positions on
 * dimension k at turn t (the last turn when t is past it), 0-100 scale;
 * NaN when every weight is 0.
 */
DT_API void dt_smp_stats(const dt_smp *m, unsigned t, size_t k, double *mean,
                         double *median);

/*
 * Forecast on dimension k from the last state, on the 0-100 scale:
 * mean = capability x salience weighted mean of positions, median = the
 * weighted median, point = mean; `probable` (when not NULL) receives the
 * most probable actor's position on k. rounds = turns played.
 */
DT_API void dt_smp_result(const dt_smp *m, size_t k, dt_model_result *r,
                          double *probable);

/*
 * Model smp as a scenario-level model type (model.h): one run over every
 * issue of a scenario (its space, dt_space_from_scenario), forecasts as
 * dt_smp_result() gives them, every round's winning probabilities.
 * Options: dt_smp_opts (NULL = DT_SMP_OPTS_INIT).
 */
DT_API extern const dt_scenario_model_type dt_model_smp;

#ifdef __cplusplus
}
#endif
#endif
