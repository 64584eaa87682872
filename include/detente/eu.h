/*
 * detente: inspection of the expected-utility model (dt_model_eu). After
 * each dt_model_step() the model keeps the detail of the round it just
 * played: the risk phase (danger, risk attitude, risk exponent per actor),
 * the pairwise tables of the offer phase and the offers accepted. The
 * model itself is documented in docs/models.md; equations are numbered
 * after ../shared/reference/expected-utility.md ("spec").
 *
 * Determinism: the model uses no randomness; every sum runs in a fixed
 * order, so the same line and options give the same bits on a platform
 * with the same libm pow (the reference run is matched bit for bit with
 * glibc).
 */
#ifndef DETENTE_EU_H
#define DETENTE_EU_H

#include <stddef.h>

#include "error.h"
#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Region of the (a, b) plane an ordered pair falls in, seen by receiver i
 * facing j, with a = EU^i(ij) and b = the expected utility of j
 * challenging i (spec section 7). All tests are strict.
 */
typedef enum dt_eu_class {
    DT_EU_CLASS_NONE = 0,          /* same position, or a = 0, b = 0, a = b */
    DT_EU_CLASS_CONFRONTATION = 1, /* b > a > 0: i gives in, x_i := x_j */
    DT_EU_CLASS_COMPROMISE = 2,    /* b > 0 > a, b > |a|: partial move */
    DT_EU_CLASS_CAPITULATION = 3,  /* b > 0 > a, b < |a|: x_i := x_j */
    DT_EU_CLASS_WINS = 4,          /* a > b > 0: i wins; j may move */
    DT_EU_CLASS_UPPER_HAND = 5,    /* a > 0 > b: i has the upper hand */
    DT_EU_CLASS_STALEMATE = 6      /* a < 0, b < 0 */
} dt_eu_class;

/*
 * "none", "confrontation", "compromise", "capitulation", "wins",
 * "upper_hand", "stalemate"; "unknown" for other values. Static string,
 * thread-safe.
 */
DT_API const char *dt_eu_class_str(dt_eu_class c);

/* One accepted offer: `receiver` moves towards `proposer`. */
typedef struct dt_eu_offer {
    size_t receiver;    /* line index of the actor who moves (i) */
    size_t proposer;    /* line index of the actor whose offer i took (j) */
    dt_eu_class type;   /* CONFRONTATION, COMPROMISE or CAPITULATION */
    double eu_receiver; /* a = EU^i(ij): i challenging j, i's view */
    double eu_proposer; /* b: j challenging i (i's or j's view) */
    double from;        /* x_i at the start of the round */
    double to;          /* x_i at the end of the round */
} dt_eu_offer;

/*
 * Detail of the last round played. Tables are n x n, row-major, row i =
 * receiver / first actor, column j; entry (i, j) is at [i * n + j]; the
 * diagonal is 0 (class NONE, new position NaN). Indices are line indices
 * (dt_line order).
 */
typedef struct dt_eu_round {
    size_t n;        /* actors on the line */
    unsigned round;  /* 1-based number of the round described */
    double delta;    /* Delta: range of the initial positions */
    double mu;       /* weighted median at the start of the round */
    const double *x; /* positions at the start of the round (n) */
    /* Risk phase (spec section 6), all r_k = 1. */
    double den_risk;      /* global denominator DEN; NaN unless global */
    const double *danger; /* D_i (n) at i's current position */
    const double *risk;   /* R_i (n), in [-1, 1] up to rounding */
    const double *r;      /* r_i (n), in [0.5, 2] up to rounding */
    /* Offer phase (spec sections 4, 5 and 7), with the new r. */
    double den_offer;          /* global denominator DEN; NaN unless global */
    const double *p;           /* P(x_i beats x_j) */
    const double *eu_ij;       /* EU^i(ij): i challenging j, i's view */
    const double *eu_ji;       /* EU^i(ji): j challenging i, i's view */
    const unsigned char *cls;  /* dt_eu_class of j's offer to i */
    const double *new_pos;     /* where i would go on j's offer, or NaN */
    size_t n_offers;           /* accepted offers (at most n) */
    const dt_eu_offer *offers; /* ascending receiver, one per receiver */
} dt_eu_round;

/*
 * Fill *out (caller-owned struct) with the detail of the last round that
 * dt_model_step() played on `m` (borrowed; an instance of dt_model_eu).
 * Every pointer in *out points into m's workspace: borrowed, read-only,
 * valid until the next dt_model_step(), dt_model_init() or
 * dt_model_free() on m. Nothing to release.
 *
 * Notes on the tables:
 * - cls reports the region even for capitulation when the option is off;
 *   such offers are then never accepted (spec section 7).
 * - eu_ji always holds the receiver's view EU^i(ji). With perspective
 *   "both" the classification uses j's own view instead, which is
 *   eu_ij[j * n + i]; dt_eu_offer.eu_proposer holds the value used.
 * - danger, risk and r of a line whose positions all coincide (Delta = 0)
 *   are 0, 0 and 1, and all pairwise values are 0.
 *
 * Returns DT_OK; DT_EINVAL when m is not an eu model, or was not
 * initialised, or has not played a round since dt_model_init().
 * Thread-safety: reads only; safe while no thread steps m.
 */
DT_API dt_status dt_eu_last_round(const dt_model *m, dt_eu_round *out,
                                  dt_error *err);

#ifdef __cplusplus
}
#endif
#endif
