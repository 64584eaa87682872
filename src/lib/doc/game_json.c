/*
 * The JSON document of a solved .efg game (dt_game_write_json, doc.h;
 * docs/games.md, "The command: detente game"; schema in
 * docs/json-schema.md and docs/schema/game.schema.json): its schema and
 * version, the solution, the payoffs, the behaviour profile per decision
 * node and every outcome reached with its probability and the payoffs of
 * that play.
 */
#include <string.h>

#include "doc/json.h"

/*
 * Payoff of the play ending at each node: the outcomes on its path added
 * up (Gambit's rule), in one forward pass (parents precede children).
 * [n_nodes * n_players], or NULL when out of memory.
 */
static double *path_payoffs(const dt_game *g, const dt_allocator *a)
{
    size_t np = g->n_players, i, s, p;
    double *cum = dt__calloc(a, g->n_nodes * np, sizeof *cum);

    if (!cum)
        return NULL;
    for (i = 0; i < g->n_nodes; i++) {
        if (g->outcome[i])
            for (p = 0; p < np; p++)
                cum[i * np + p] += g->payoff[(g->outcome[i] - 1) * np + p];
        for (s = g->act_off[i]; s < g->act_off[i + 1]; s++)
            memcpy(cum + g->child[s] * np, cum + i * np, np * sizeof *cum);
    }
    return cum;
}

static json_t *behaviour_json(const dt_game *g, const dt_game_profile *pr)
{
    json_t *nodes = json_array();
    size_t i, s;

    for (i = 0; nodes && i < g->n_nodes; i++) {
        json_t *o, *b;

        if (g->kind[i] != DT_GAME_DECISION)
            continue;
        o = json_object();
        b = json_array();
        dt__json_set(o, "node", json_integer((json_int_t)i));
        dt__json_set(o, "label", json_string(g->node_name[i]));
        dt__json_set(o, "player", json_integer(g->player[i]));
        for (s = g->act_off[i]; b && s < g->act_off[i + 1]; s++)
            json_array_append_new(b, json_real(pr->behav[s]));
        dt__json_set(o, "probabilities", b);
        if (!pr->lambda)
            dt__json_set(o, "tied", json_integer(pr->tied[i]));
        json_array_append_new(nodes, o);
    }
    return nodes;
}

static json_t *outcomes_json(const dt_game *g, const dt_game_profile *pr,
                             const double *cum)
{
    json_t *outs = json_array();
    size_t i, p;

    for (i = 0; outs && i < g->n_nodes; i++) {
        json_t *o, *v;

        if (g->kind[i] != DT_GAME_TERMINAL || pr->reach[i] <= 0.0)
            continue;
        o = json_object();
        v = json_array();
        dt__json_set(o, "node", json_integer((json_int_t)i));
        dt__json_set(o, "label", json_string(g->node_name[i]));
        dt__json_set(o, "probability", json_real(pr->reach[i]));
        for (p = 0; v && p < g->n_players; p++)
            json_array_append_new(v, json_real(cum[i * g->n_players + p]));
        dt__json_set(o, "payoffs", v);
        json_array_append_new(outs, o);
    }
    return outs;
}

dt_status dt_game_write_json(const dt_game *g, const dt_game_profile *pr,
                             const dt_doc_opts *o, dt_write_fn write, void *ud,
                             dt_error *err)
{
    const dt_allocator *a = pr->alloc;
    double *cum = path_payoffs(g, a);
    json_t *doc = json_object(), *players = json_array(), *pay = json_array();
    json_t *nodes, *outs;
    size_t p;
    dt_status st;

    (void)o;
    if (!cum) {
        json_decref(doc);
        json_decref(players);
        json_decref(pay);
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    dt__json_set(doc, "schema", json_string("detente-game/1"));
    dt__json_set(doc, "title", json_string(g->title));
    dt__json_set(doc, "solution", json_string(pr->lambda ? "qre" : "spe"));
    if (pr->lambda) {
        json_t *l = json_array();

        for (p = 0; l && p < g->n_players; p++)
            json_array_append_new(l, json_real(pr->lambda[p]));
        dt__json_set(doc, "lambda", l);
    } else {
        dt__json_set(doc, "n_tied", json_integer((json_int_t)pr->n_tied));
    }
    for (p = 0; players && pay && p < g->n_players; p++) {
        json_array_append_new(players, json_string(g->player_name[p]));
        json_array_append_new(pay, json_real(pr->value[p]));
    }
    dt__json_set(doc, "players", players);
    dt__json_set(doc, "payoffs", pay);
    nodes = behaviour_json(g, pr);
    outs = outcomes_json(g, pr, cum);
    if (!nodes || !outs || !players || !pay) {
        json_decref(doc);
        doc = NULL;
    }
    dt__json_set(doc, "behaviour", nodes);
    dt__json_set(doc, "outcomes", outs);
    st = dt__json_write(doc, JSON_PRESERVE_ORDER, write, ud, err);
    dt__free(a, cum, g->n_nodes * g->n_players * sizeof *cum);
    return st;
}
