/*
 * Perfect-information game trees in prefix order: the builder, backward
 * induction (subgame-perfect equilibrium) and the logit agent QRE. Every
 * pass is a loop over the node arrays: no recursion, so a chain of a
 * million nodes needs no stack.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "game_int.h"

/* Ties and chance sums are judged with this tolerance (docs/games.md). */
#define DT_GAME_TOL 1e-9

static int grow(const dt_allocator *a, void **p, size_t esz, size_t old,
                size_t cap)
{
    void *q = dt__realloc(a, *p, old * esz, cap * esz);

    if (!q)
        return 0;
    *p = q;
    return 1;
}

dt_status dt_game_new(size_t n_players, const dt_allocator *alloc,
                      dt_game **out, dt_error *err)
{
    dt_game *g = NULL;
    dt__game_priv *pv = NULL;
    size_t p;
    char buf[32];

    *out = NULL;
    if (n_players < 1 || n_players > 1000000)
        return dt__error_set(err, DT_EINVAL,
                             "a game needs 1 to 1000000 players, not %zu",
                             n_players);
    g = dt__calloc(alloc, 1, sizeof *g);
    pv = dt__calloc(alloc, 1, sizeof *pv);
    if (!g || !pv) {
        /* Either may have succeeded alone (the first failing used to
         * leak the second). */
        dt__free(alloc, g, sizeof *g);
        dt__free(alloc, pv, sizeof *pv);
        return dt__error_set(err, DT_ENOMEM, "out of memory building a game");
    }
    g->priv = pv;
    pv->alloc = alloc;
    dt__arena_init(&pv->ar, alloc);
    g->n_players = n_players;
    pv->empty = dt__arena_strdup(&pv->ar, "");
    g->player_name = dt__calloc(alloc, n_players, sizeof *g->player_name);
    g->act_off = dt__calloc(alloc, 1, sizeof *g->act_off);
    if (!pv->empty || !g->player_name || !g->act_off)
        goto nomem;
    g->title = pv->empty;
    g->comment = pv->empty;
    for (p = 0; p < n_players; p++) {
        snprintf(buf, sizeof buf, "Player %zu", p + 1);
        g->player_name[p] = dt__arena_strdup(&pv->ar, buf);
        if (!g->player_name[p])
            goto nomem;
    }
    *out = g;
    return DT_OK;
nomem:
    dt_game_free(g);
    return dt__error_set(err, DT_ENOMEM, "out of memory building a game");
}

void dt_game_free(dt_game *g)
{
    dt__game_priv *pv;
    const dt_allocator *a;

    if (!g)
        return;
    pv = g->priv;
    a = pv->alloc;
    dt__free(a, g->player_name, g->n_players * sizeof *g->player_name);
    dt__free(a, g->kind, pv->node_cap * sizeof *g->kind);
    dt__free(a, g->player, pv->node_cap * sizeof *g->player);
    dt__free(a, g->act_off, (pv->node_cap + 1) * sizeof *g->act_off);
    dt__free(a, g->node_name, pv->node_cap * sizeof *g->node_name);
    dt__free(a, g->iset_name, pv->node_cap * sizeof *g->iset_name);
    dt__free(a, g->outcome, pv->node_cap * sizeof *g->outcome);
    dt__free(a, g->child, pv->slot_cap * sizeof *g->child);
    dt__free(a, g->prob, pv->slot_cap * sizeof *g->prob);
    dt__free(a, g->act_name, pv->slot_cap * sizeof *g->act_name);
    dt__free(a, g->payoff, pv->out_cap * g->n_players * sizeof *g->payoff);
    dt__free(a, g->outcome_name, pv->out_cap * sizeof *g->outcome_name);
    dt__free(a, pv->stk, pv->stk_cap * 2 * sizeof *pv->stk);
    dt__arena_release(&pv->ar);
    dt__free(a, pv, sizeof *pv);
    dt__free(a, g, sizeof *g);
}

/* One array to grow: where its pointer is, element size, old/new count. */
typedef struct grow_req {
    void **p;
    size_t esz, old, cap;
} grow_req;

/*
 * Grow all n arrays or none: the new blocks are allocated first, so a
 * failure leaves every array as it was and the capacities stay true.
 */
static int grow_all(const dt_allocator *a, grow_req *v, size_t n)
{
    void *q[8];
    size_t k;

    for (k = 0; k < n; k++) {
        q[k] = dt__alloc(a, v[k].cap * v[k].esz);
        if (!q[k]) {
            while (k-- > 0)
                dt__free(a, q[k], v[k].cap * v[k].esz);
            return 0;
        }
    }
    for (k = 0; k < n; k++) {
        if (*v[k].p && v[k].old)
            memcpy(q[k], *v[k].p, v[k].old * v[k].esz);
        dt__free(a, *v[k].p, v[k].old * v[k].esz);
        *v[k].p = q[k];
    }
    return 1;
}

static int grow_nodes(dt_game *g, dt__game_priv *pv)
{
    size_t o = pv->node_cap, c = o ? 2 * o : 64;
    grow_req v[] = {
        {(void **)&g->kind, sizeof *g->kind, o, c},
        {(void **)&g->player, sizeof *g->player, o, c},
        {(void **)&g->act_off, sizeof *g->act_off, o + 1, c + 1},
        {(void **)&g->node_name, sizeof *g->node_name, o, c},
        {(void **)&g->iset_name, sizeof *g->iset_name, o, c},
        {(void **)&g->outcome, sizeof *g->outcome, o, c},
    };

    if (!grow_all(pv->alloc, v, sizeof v / sizeof v[0]))
        return 0;
    pv->node_cap = c;
    return 1;
}

static int grow_slots(dt_game *g, dt__game_priv *pv, size_t need)
{
    size_t o = pv->slot_cap, c = o ? 2 * o : 64;

    while (c < need)
        c *= 2;
    {
        grow_req v[] = {
            {(void **)&g->child, sizeof *g->child, o, c},
            {(void **)&g->prob, sizeof *g->prob, o, c},
            {(void **)&g->act_name, sizeof *g->act_name, o, c},
        };

        if (!grow_all(pv->alloc, v, sizeof v / sizeof v[0]))
            return 0;
    }
    pv->slot_cap = c;
    return 1;
}

int dt__game_complete(const dt_game *g)
{
    const dt__game_priv *pv = g->priv;

    return g->n_nodes > 0 && pv->stk_n == 0;
}

dt_status dt__game_add(dt_game *g, dt_game_kind kind, unsigned player,
                       size_t n_act, size_t *node, dt_error *err)
{
    dt__game_priv *pv = g->priv;
    size_t i = g->n_nodes, s0 = g->act_off[i], s;

    if (pv->finished || dt__game_complete(g))
        return dt__error_set(err, DT_EINVAL, "node after the end of the tree");
    if (i + 1 > pv->node_cap && !grow_nodes(g, pv))
        goto nomem;
    if (s0 + n_act > pv->slot_cap && !grow_slots(g, pv, s0 + n_act))
        goto nomem;
    if (n_act && pv->stk_n == pv->stk_cap) {
        size_t c = pv->stk_cap ? 2 * pv->stk_cap : 64;

        if (!grow(pv->alloc, (void **)&pv->stk, 2 * sizeof *pv->stk,
                  pv->stk_cap, c))
            goto nomem;
        pv->stk_cap = c;
    }
    g->kind[i] = (unsigned char)kind;
    g->player[i] = kind == DT_GAME_DECISION ? player : 0;
    g->node_name[i] = pv->empty;
    g->iset_name[i] = pv->empty;
    g->outcome[i] = 0;
    g->act_off[i + 1] = s0 + n_act;
    for (s = s0; s < s0 + n_act; s++) {
        g->child[s] = 0;
        g->prob[s] = 0.0;
        g->act_name[s] = pv->empty;
    }
    /* Link as the next child of the innermost open node (prefix order). */
    if (pv->stk_n) {
        size_t *top = pv->stk + 2 * (pv->stk_n - 1);

        g->child[top[0]++] = i;
        if (top[0] == top[1])
            pv->stk_n--;
    }
    if (n_act) {
        pv->stk[2 * pv->stk_n] = s0;
        pv->stk[2 * pv->stk_n + 1] = s0 + n_act;
        pv->stk_n++;
    }
    g->n_nodes = i + 1;
    g->n_slots = s0 + n_act;
    if (node)
        *node = i;
    return DT_OK;
nomem:
    return dt__error_set(err, DT_ENOMEM, "out of memory building a game");
}

dt_status dt__game_add_outcome(dt_game *g, const double *payoff,
                               const char *name, size_t *idx, dt_error *err)
{
    dt__game_priv *pv = g->priv;
    size_t np = g->n_players, o = g->n_outcomes;

    if (o == pv->out_cap) {
        size_t c = o ? 2 * o : 64;
        grow_req v[] = {
            {(void **)&g->payoff, np * sizeof *g->payoff, o, c},
            {(void **)&g->outcome_name, sizeof *g->outcome_name, o, c},
        };

        if (!grow_all(pv->alloc, v, 2))
            return dt__error_set(err, DT_ENOMEM, "out of memory");
        pv->out_cap = c;
    }
    memcpy(g->payoff + o * np, payoff, np * sizeof *payoff);
    g->outcome_name[o] = name ? dt__arena_strdup(&pv->ar, name) : pv->empty;
    if (!g->outcome_name[o])
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    g->n_outcomes = o + 1;
    *idx = o + 1;
    return DT_OK;
}

dt_status dt_game_add_decision(dt_game *g, unsigned player, size_t n_actions,
                               dt_error *err)
{
    if (player < 1 || player > g->n_players)
        return dt__error_set(err, DT_EINVAL,
                             "unknown player %u (the game has %zu)", player,
                             g->n_players);
    if (n_actions < 1)
        return dt__error_set(err, DT_EINVAL, "a decision node needs actions");
    return dt__game_add(g, DT_GAME_DECISION, player, n_actions, NULL, err);
}

dt_status dt_game_add_chance(dt_game *g, size_t n_actions, const double *prob,
                             dt_error *err)
{
    size_t k, i;
    double sum = 0.0;
    dt_status st;

    if (n_actions < 1)
        return dt__error_set(err, DT_EINVAL, "a chance node needs actions");
    for (k = 0; k < n_actions; k++) {
        if (!(prob[k] >= 0.0) || !isfinite(prob[k]))
            return dt__error_set(err, DT_EINVAL,
                                 "chance probability %g is negative or not "
                                 "finite",
                                 prob[k]);
        sum += prob[k];
    }
    if (fabs(sum - 1.0) > DT_GAME_TOL)
        return dt__error_set(err, DT_EINVAL,
                             "chance probabilities sum to %.17g, not 1", sum);
    st = dt__game_add(g, DT_GAME_CHANCE, 0, n_actions, &i, err);
    if (st != DT_OK)
        return st;
    memcpy(g->prob + g->act_off[i], prob, n_actions * sizeof *prob);
    return DT_OK;
}

dt_status dt_game_add_terminal(dt_game *g, const double *payoff, dt_error *err)
{
    size_t i, o;
    dt_status st;

    st = dt__game_add(g, DT_GAME_TERMINAL, 0, 0, &i, err);
    if (st != DT_OK)
        return st;
    st = dt__game_add_outcome(g, payoff, NULL, &o, err);
    if (st != DT_OK)
        return st;
    g->outcome[i] = o;
    return DT_OK;
}

dt_status dt_game_finish(dt_game *g, dt_error *err)
{
    dt__game_priv *pv = g->priv;

    if (!dt__game_complete(g))
        return dt__error_set(err, DT_EINVAL,
                             "the tree is incomplete: %zu node%s still "
                             "wait%s for children",
                             g->n_nodes ? pv->stk_n : (size_t)1,
                             (g->n_nodes ? pv->stk_n : 1) == 1 ? "" : "s",
                             (g->n_nodes ? pv->stk_n : 1) == 1 ? "s" : "");
    pv->finished = 1;
    return DT_OK;
}

void dt_game_profile_free(dt_game_profile *p)
{
    const dt_allocator *a;

    if (!p)
        return;
    a = p->alloc;
    dt__free(a, p->behav, p->n_slots * sizeof *p->behav);
    dt__free(a, p->value, p->n_nodes * p->n_players * sizeof *p->value);
    dt__free(a, p->reach, p->n_nodes * sizeof *p->reach);
    dt__free(a, p->tied, p->n_nodes * sizeof *p->tied);
    if (p->lambda)
        dt__free(a, p->lambda, p->n_players * sizeof *p->lambda);
    dt__free(a, p, sizeof *p);
}

static dt_status profile_new(const dt_game *g, dt_game_profile **out,
                             dt_error *err)
{
    const dt_allocator *a = ((const dt__game_priv *)g->priv)->alloc;
    dt_game_profile *p = dt__calloc(a, 1, sizeof *p);

    *out = NULL;
    if (!p)
        goto nomem;
    p->alloc = a;
    p->n_nodes = g->n_nodes;
    p->n_slots = g->n_slots;
    p->n_players = g->n_players;
    p->behav = dt__calloc(a, g->n_slots ? g->n_slots : 1, sizeof *p->behav);
    p->value = dt__calloc(a, g->n_nodes * g->n_players, sizeof *p->value);
    p->reach = dt__calloc(a, g->n_nodes, sizeof *p->reach);
    p->tied = dt__calloc(a, g->n_nodes, sizeof *p->tied);
    if (!p->behav || !p->value || !p->reach || !p->tied)
        goto nomem;
    *out = p;
    return DT_OK;
nomem:
    dt_game_profile_free(p);
    return dt__error_set(err, DT_ENOMEM, "out of memory solving a game");
}

/* value[i] = outcome at i (the part of the path payoff earned at i). */
static void own_outcome(const dt_game *g, size_t i, double *v)
{
    size_t np = g->n_players, p;

    if (g->outcome[i])
        memcpy(v, g->payoff + (g->outcome[i] - 1) * np, np * sizeof *v);
    else
        for (p = 0; p < np; p++)
            v[p] = 0.0;
}

/* Add sum_s behav[s] value[child s] to v for node i. */
static void add_expectation(const dt_game *g, const dt_game_profile *pr,
                            size_t i, double *v)
{
    size_t np = g->n_players, s, p;

    for (s = g->act_off[i]; s < g->act_off[i + 1]; s++) {
        const double *cv = pr->value + g->child[s] * np;
        double b = pr->behav[s];

        if (b == 0.0)
            continue;
        for (p = 0; p < np; p++)
            v[p] += b * cv[p];
    }
}

/*
 * Forward pass in prefix order: a child follows its parent, so its
 * parent's reach is final when the child's is computed.
 */
static void forward_reach(const dt_game *g, dt_game_profile *pr)
{
    size_t i, s;

    pr->reach[0] = 1.0;
    for (i = 0; i < g->n_nodes; i++)
        for (s = g->act_off[i]; s < g->act_off[i + 1]; s++)
            pr->reach[g->child[s]] = pr->reach[i] * pr->behav[s];
}

static dt_status check_ready(const dt_game *g, dt_error *err)
{
    if (!dt__game_complete(g))
        return dt__error_set(err, DT_EINVAL, "the game tree is incomplete");
    return DT_OK;
}

dt_status dt_game_spe(const dt_game *g, dt_game_profile **out, dt_error *err)
{
    dt_game_profile *pr;
    size_t np = g->n_players, i, s;
    dt_status st;

    *out = NULL;
    if ((st = check_ready(g, err)) != DT_OK)
        return st;
    if ((st = profile_new(g, &pr, err)) != DT_OK)
        return st;
    /*
     * Backward induction (Kuhn 1953; Osborne and Rubinstein 1994, Prop.
     * 99.2): children follow their parent in prefix order, so a reverse
     * pass meets every child before its parent. At a decision node of p
     * the chosen action maximises U_p(child); ties within DT_GAME_TOL go to
     * the first action in file order.
     */
    for (i = g->n_nodes; i-- > 0;) {
        double *v = pr->value + i * np;
        size_t s0 = g->act_off[i], s1 = g->act_off[i + 1];

        own_outcome(g, i, v);
        if (g->kind[i] == DT_GAME_CHANCE) {
            for (s = s0; s < s1; s++)
                pr->behav[s] = g->prob[s];
        } else if (g->kind[i] == DT_GAME_DECISION) {
            size_t p = g->player[i] - 1, best = s1;
            double m = -INFINITY, tol;
            unsigned nt = 0;

            for (s = s0; s < s1; s++)
                if (pr->value[g->child[s] * np + p] > m)
                    m = pr->value[g->child[s] * np + p];
            tol = DT_GAME_TOL * (fabs(m) > 1.0 ? fabs(m) : 1.0);
            for (s = s0; s < s1; s++) {
                pr->behav[s] = 0.0;
                if (pr->value[g->child[s] * np + p] >= m - tol) {
                    nt++;
                    if (best == s1)
                        best = s;
                }
            }
            pr->behav[best] = 1.0;
            pr->tied[i] = nt;
            if (nt > 1)
                pr->n_tied++;
        }
        add_expectation(g, pr, i, v);
    }
    forward_reach(g, pr);
    *out = pr;
    return DT_OK;
}

dt_status dt_game_qre(const dt_game *g, const double *lambda,
                      dt_game_profile **out, dt_error *err)
{
    dt_game_profile *pr;
    size_t np = g->n_players, i, s, p;
    dt_status st;

    *out = NULL;
    if ((st = check_ready(g, err)) != DT_OK)
        return st;
    for (p = 0; p < np; p++)
        if (!(lambda[p] >= 0.0) || !isfinite(lambda[p]))
            return dt__error_set(err, DT_EINVAL,
                                 "lambda of player %zu must be finite and "
                                 ">= 0, not %g",
                                 p + 1, lambda[p]);
    if ((st = profile_new(g, &pr, err)) != DT_OK)
        return st;
    pr->lambda = dt__alloc(pr->alloc, np * sizeof *pr->lambda);
    if (!pr->lambda) {
        dt_game_profile_free(pr);
        return dt__error_set(err, DT_ENOMEM, "out of memory solving a game");
    }
    memcpy(pr->lambda, lambda, np * sizeof *pr->lambda);
    /*
     * Logit agent QRE (McKelvey and Palfrey 1998, eq. 4; Signorino 1999 on
     * perfect-information trees): P(a) = exp(lambda U_p(a)) / sum_b
     * exp(lambda U_p(b)), U from the children already solved in this
     * reverse pass. The maximum is subtracted before exp so no term
     * overflows and the largest is exactly 1 (the sum is >= 1).
     */
    for (i = g->n_nodes; i-- > 0;) {
        double *v = pr->value + i * np;
        size_t s0 = g->act_off[i], s1 = g->act_off[i + 1];

        own_outcome(g, i, v);
        if (g->kind[i] == DT_GAME_CHANCE) {
            for (s = s0; s < s1; s++)
                pr->behav[s] = g->prob[s];
        } else if (g->kind[i] == DT_GAME_DECISION) {
            double lam = lambda[g->player[i] - 1], m = -INFINITY, sum = 0.0;

            p = g->player[i] - 1;
            for (s = s0; s < s1; s++)
                if (pr->value[g->child[s] * np + p] > m)
                    m = pr->value[g->child[s] * np + p];
            for (s = s0; s < s1; s++) {
                pr->behav[s] = exp(lam * (pr->value[g->child[s] * np + p] - m));
                sum += pr->behav[s];
            }
            for (s = s0; s < s1; s++)
                pr->behav[s] /= sum;
        }
        add_expectation(g, pr, i, v);
    }
    forward_reach(g, pr);
    *out = pr;
    return DT_OK;
}
