/*
 * Internals of the game module shared by the builder/solvers (game.c) and
 * the .efg reader/writer (efg.c): the builder state behind dt_game.priv;
 * and by the solved sections (sequence.c) and their parameters by name
 * (gparam.c).
 */
#ifndef DT_GAME_INT_H
#define DT_GAME_INT_H

#include <stddef.h>

#include "../internal.h"

#include <detente/games.h>

typedef struct dt__game_priv {
    const dt_allocator *alloc;
    dt__arena ar;          /* every string of the game */
    char *empty;           /* the shared "" label */
    size_t node_cap;       /* capacity of the per-node arrays */
    size_t slot_cap;       /* capacity of the per-slot arrays */
    size_t out_cap;        /* capacity of the outcome arrays */
    size_t *stk;           /* open nodes: pairs (next slot, end slot) */
    size_t stk_n, stk_cap; /* pairs used, pairs allocated */
    int finished;
} dt__game_priv;

/*
 * Append a node (prefix order) with n_act action slots, linking it as the
 * next child of the innermost open node. Returns DT_EINVAL when the tree
 * is already complete, DT_ENOMEM. *node gets its number.
 */
dt_status dt__game_add(dt_game *g, dt_game_kind kind, unsigned player,
                       size_t n_act, size_t *node, dt_error *err);
/* Append an outcome (payoff[n_players] copied, name may be NULL). */
dt_status dt__game_add_outcome(dt_game *g, const double *payoff,
                               const char *name, size_t *idx, dt_error *err);
/* 1 when every slot has its child. */
int dt__game_complete(const dt_game *g);

/*
 * A parameter of the game sections by name (games.h, dt_games_sequence_sweep):
 * n numbers `stride` bytes apart from `first` (every stage of a plan, or
 * one number), in a working copy of the sections.
 */
typedef struct dt__gparam {
    dt_games_sequence_family fam; /* the item it belongs to */
    size_t idx;                   /* that plan's or threat's index (else 0) */
    dt_games_num *first;          /* the first number */
    size_t n;                     /* numbers, >= 1 */
    size_t stride;                /* bytes between them */
    int prob;                     /* a probability: values in [0, 1] */
    int nonneg;                   /* values >= 0 */
} dt__gparam;

/*
 * A working copy of src in ar: plans, stages, threats and the
 * ratification's positions and veto holders copied (strings shared), so
 * that parameters can be changed. Returns 0 when out of memory.
 */
int dt__gparam_copy(dt__arena *ar, const dt_games *src, dt_games *dst);
/* Resolve `name` in the sections w; 1 when found (into *gp), else 0. */
int dt__gparam_find(dt_games *w, const char *name, dt__gparam *gp);
/* Set every number of gp to x; save its values to / restore them from
 * saved[gp->n]. */
void dt__gparam_set(const dt__gparam *gp, double x);
void dt__gparam_save(const dt__gparam *gp, double *saved);
void dt__gparam_restore(const dt__gparam *gp, const double *saved);
/*
 * Call fn with the name and number of every parameter of w that can be
 * swept one at a time, in the file's order: per plan s_a, s_b, then per
 * stage a b h g t_a t_b q; per threat x v_s v_t harm o k_s a_s mu; the
 * ratification's setter_ideal and status_quo (first dimension), per veto
 * holder lo and hi (uniform) or ideal (first dimension).
 */
void dt__gparam_each(dt_games *w,
                     void (*fn)(void *ud, const char *name,
                                const dt_games_num *g),
                     void *ud);

#endif
