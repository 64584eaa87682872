/*
 * detente: perfect-information extensive-form games. An explicit tree
 * stored as arrays in prefix (depth-first) order, solved without
 * recursion: subgame-perfect equilibrium by backward induction and the
 * logit agent quantal-response equilibrium; Gambit .efg reader and writer.
 */
#ifndef DETENTE_GAME_H
#define DETENTE_GAME_H

#include <stddef.h>
#include <stdio.h>

#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum dt_game_kind {
    DT_GAME_TERMINAL = 0, /* no actions; its outcome is the payoff */
    DT_GAME_DECISION = 1, /* a player chooses one action */
    DT_GAME_CHANCE = 2    /* nature draws an action with fixed probability */
} dt_game_kind;

/*
 * A game tree. Read-only for callers: build it with dt_game_new() and the
 * dt_game_add_*() calls, or read it with dt_game_parse_efg(). Nodes are
 * numbered 0..n_nodes-1 in prefix order (node 0 is the root, every child
 * has a larger number than its parent). Node i's actions are the "slots"
 * act_off[i] .. act_off[i+1]-1. Payoffs sit on outcomes; an outcome may be
 * attached to any node and a play's payoff is the sum of the outcomes on
 * its path (as in Gambit). Immutable once finished: threads may share it.
 */
typedef struct dt_game {
    size_t n_players;    /* players 1..n_players (0 is chance) */
    char **player_name;  /* [n_players], never NULL ("" when unnamed) */
    char *title;         /* never NULL */
    char *comment;       /* never NULL */
    size_t n_nodes;      /* nodes in prefix order */
    unsigned char *kind; /* [n_nodes] dt_game_kind */
    unsigned *player;    /* [n_nodes] 1-based mover, 0 for chance/terminal */
    size_t *act_off;     /* [n_nodes + 1] first action slot of each node */
    size_t n_slots;      /* actions of all nodes */
    size_t *child;       /* [n_slots] node reached by the action */
    double *prob;        /* [n_slots] chance probability (0 at decisions) */
    char **act_name;     /* [n_slots] action label ("" when unnamed) */
    char **node_name;    /* [n_nodes] node label ("" when unnamed) */
    char **iset_name;    /* [n_nodes] information-set label ("" or none) */
    size_t *outcome;     /* [n_nodes] 1-based outcome, 0 for none */
    size_t n_outcomes;   /* outcomes 1..n_outcomes */
    double *payoff;      /* [n_outcomes * n_players], outcome o's at o-1 */
    char **outcome_name; /* [n_outcomes] label */
    void *priv;          /* builder state and string arena; do not touch */
} dt_game;

/*
 * Create an empty game with n_players (>= 1) players named "Player k".
 * Then append nodes in prefix order with dt_game_add_*() and close with
 * dt_game_finish(). alloc may be NULL. Returns DT_OK, DT_EINVAL or
 * DT_ENOMEM; *out is NULL on failure. Free with dt_game_free().
 */
DT_API dt_status dt_game_new(size_t n_players, const dt_allocator *alloc,
                             dt_game **out, dt_error *err);

/* Append a decision node of `player` (1..n_players) with n_actions >= 1. */
DT_API dt_status dt_game_add_decision(dt_game *g, unsigned player,
                                      size_t n_actions, dt_error *err);
/*
 * Append a chance node with n_actions >= 1 probabilities `prob` (copied),
 * each >= 0, summing to 1 within 1e-9. DT_EINVAL otherwise.
 */
DT_API dt_status dt_game_add_chance(dt_game *g, size_t n_actions,
                                    const double *prob, dt_error *err);
/* Append a terminal node with payoff[n_players] (copied, a new outcome). */
DT_API dt_status dt_game_add_terminal(dt_game *g, const double *payoff,
                                      dt_error *err);
/*
 * Check that every action has its child (DT_EINVAL "the tree is
 * incomplete" otherwise). Must be called once, after the last node.
 */
DT_API dt_status dt_game_finish(dt_game *g, dt_error *err);

/* Free a game. NULL is a no-op. */
DT_API void dt_game_free(dt_game *g);

/*
 * Read Gambit's .efg text format (version 2, perfect information only)
 * from the `len` bytes at buf (borrowed); `name` is used in messages.
 * Errors carry name:line:col. Returns DT_OK, DT_ESCENARIO (malformed,
 * inconsistent or imperfect-information content) or DT_ENOMEM.
 * Thread-safe; deterministic. Free *out with dt_game_free().
 */
DT_API dt_status dt_game_parse_efg(const char *buf, size_t len,
                                   const char *name, const dt_allocator *alloc,
                                   dt_game **out, dt_error *err);
/*
 * As dt_game_parse_efg(), from the file at path: DT_EIO if unreadable,
 * DT_ESCENARIO if it holds more than DT_GAME_MAX_BYTES (128 MiB, about
 * five million nodes; the read stops there, so an endless input such as
 * /dev/zero or a pipe cannot exhaust memory).
 */
#define DT_GAME_MAX_BYTES (128ul * 1024ul * 1024ul)
DT_API dt_status dt_game_load_efg(const char *path, const dt_allocator *alloc,
                                  dt_game **out, dt_error *err);
/*
 * Write g as .efg text to f (borrowed, opened by the caller). Numbers are
 * written with %.17g so reading them back gives the same doubles. Each
 * player's information sets are numbered 1, 2, ... in prefix order.
 * Returns DT_OK or DT_EIO.
 */
DT_API dt_status dt_game_write_efg(const dt_game *g, FILE *f, dt_error *err);

/*
 * A behaviour profile and what it implies. behav[s] is the probability of
 * action slot s (chance slots carry the chance probability); value[i *
 * n_players + p - 1] is player p's expected payoff from node i on
 * (including the outcome at i); reach[i] the probability that play reaches
 * node i, so reach at the terminals is the probability of every outcome.
 * tied[i] is the number of best actions at decision node i (subgame-perfect
 * solver only, 0 elsewhere); n_tied counts nodes with tied[i] > 1.
 * lambda records the solver: NULL for the subgame-perfect equilibrium,
 * the QRE's lambda per player otherwise.
 */
typedef struct dt_game_profile {
    size_t n_nodes, n_slots, n_players;
    double *behav;
    double *value;
    double *reach;
    unsigned *tied;
    size_t n_tied;
    const dt_allocator *alloc; /* borrowed from the game */
    double *lambda;            /* [n_players] the QRE's (copied), or NULL */
} dt_game_profile;

/*
 * Subgame-perfect equilibrium by backward induction: one pass over the
 * nodes in reverse prefix order. Tie rule: two action values tie when
 * they differ by at most 1e-9 * max(1, |u|); among the actions tied at
 * the best value, the first in file order is chosen (probability 1).
 * Returns DT_OK or DT_ENOMEM. Thread-safe. Free with
 * dt_game_profile_free().
 */
DT_API dt_status dt_game_spe(const dt_game *g, dt_game_profile **out,
                             dt_error *err);
/*
 * Logit agent quantal-response equilibrium: at a decision node of player
 * p, P(a) = exp(lambda[p-1] U_p(a)) / sum_b exp(lambda[p-1] U_p(b)), with
 * U computed bottom-up in the same reverse pass. lambda[n_players], each
 * finite and >= 0 (DT_EINVAL otherwise), copied into the profile's
 * lambda. Returns DT_OK, DT_EINVAL or DT_ENOMEM. Thread-safe.
 */
DT_API dt_status dt_game_qre(const dt_game *g, const double *lambda,
                             dt_game_profile **out, dt_error *err);
/* Free a profile. NULL is a no-op. */
DT_API void dt_game_profile_free(dt_game_profile *p);

/*
 * Write the behaviour profile pr of g (both borrowed) on one line, as
 * Gambit prints one: the probabilities of the actions, comma-separated,
 * players in order, each player's decision nodes (information sets) in
 * prefix order, their actions in order; 0 or 1 for the pure
 * subgame-perfect equilibrium (pr->lambda NULL), %.17g for the QRE.
 * Chance nodes are left out. Through write (ud passed on). Returns DT_OK
 * or the status of write. Thread-safe.
 */
DT_API dt_status dt_game_write_profile(const dt_game *g,
                                       const dt_game_profile *pr,
                                       dt_write_fn write, void *ud,
                                       dt_error *err);

#ifdef __cplusplus
}
#endif
#endif
