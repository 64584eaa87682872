/*
 * Internals of the game module shared by the builder/solvers (game.c) and
 * the .efg reader/writer (efg.c): the builder state behind dt_game.priv.
 */
#ifndef DT_GAME_INT_H
#define DT_GAME_INT_H

#include <stddef.h>

#include "../internal.h"

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

#endif
