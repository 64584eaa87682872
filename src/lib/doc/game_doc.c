/*
 * The document of a solved .efg game (dt_game_doc, doc.h): the game's
 * size, the solution, the path play follows (the most probable action at
 * each node), the expected payoffs and, for the subgame-perfect
 * equilibrium, the nodes where best actions tie. The terminal layout is
 * that of `detente game`.
 */
#include <string.h>

#include "doc/doc_int.h"

#define MAX_PATH 200 /* moves of the path shown */
#define MAX_TIES 20  /* tied nodes listed */

/* A node's or action's label, or "#i" when it has none. */
static const char *label(dt_doc *d, const char *s, size_t i)
{
    return s[0] ? s : dt_doc_fmt(d, "#%zu", i);
}

/* The list that has room for every move of the path and its end. */
static size_t path_len(const dt_game *g, const dt_game_profile *pr)
{
    size_t i = 0, n = 0, s;

    while (g->kind[i] != DT_GAME_TERMINAL && n <= MAX_PATH) {
        size_t best = g->act_off[i];

        for (s = g->act_off[i]; s < g->act_off[i + 1]; s++)
            if (pr->behav[s] > pr->behav[best])
                best = s;
        n++;
        i = g->child[best];
    }
    return n + 1;
}

/* Follow the most probable action from the root (the SPE's pure path). */
static void path(dt_doc *d, const dt_game *g, const dt_game_profile *pr)
{
    size_t i = 0, s, shown = 0, li, item = 0;
    int qre = pr->lambda != NULL;

    dt_doc_para(d, DT_DOC_STYLE_TEXT,
                qre ? "most likely path:" : "equilibrium path:");
    li = dt_doc_list(d, path_len(g, pr), NULL);
    dt_doc_gap(d, 0, 2);
    while (g->kind[i] != DT_GAME_TERMINAL) {
        size_t best = g->act_off[i];
        const char *text;

        for (s = g->act_off[i]; s < g->act_off[i + 1]; s++)
            if (pr->behav[s] > pr->behav[best])
                best = s;
        if (shown++ == MAX_PATH) {
            dt_doc_cell(d, li, 0, item++, "... (path continues)");
            break;
        }
        if (g->kind[i] == DT_GAME_CHANCE) {
            text = dt_doc_fmt(
                d, "node %-10s chance:", label(d, g->node_name[i], i));
            for (s = g->act_off[i]; s < g->act_off[i + 1]; s++)
                text =
                    dt_doc_fmt(d, "%s %s (%.6g)", text,
                               label(d, g->act_name[s], s - g->act_off[i] + 1),
                               g->prob[s]);
            dt_doc_cell(d, li, 0, item++, "%s; following the most likely",
                        text);
        } else {
            text = dt_doc_fmt(
                d, "node %-10s %s: %s", label(d, g->node_name[i], i),
                g->player_name[g->player[i] - 1],
                label(d, g->act_name[best], best - g->act_off[i] + 1));
            if (qre)
                text = dt_doc_fmt(d, "%s (p = %.6g)", text, pr->behav[best]);
            if (pr->tied[i] > 1)
                text = dt_doc_fmt(d, "%s [tie: %u best actions, first taken]",
                                  text, pr->tied[i]);
            dt_doc_cell(d, li, 0, item++, "%s", text);
        }
        i = g->child[best];
    }
    if (g->outcome[i])
        dt_doc_cell(d, li, 0, item, "ends at  %s (outcome \"%s\")",
                    label(d, g->node_name[i], i),
                    g->outcome_name[g->outcome[i] - 1]);
    else
        dt_doc_cell(d, li, 0, item, "ends at  %s",
                    label(d, g->node_name[i], i));
}

static void payoffs(dt_doc *d, const dt_game *g, const dt_game_profile *pr)
{
    static const dt_doc_col col[2] = {{"", 20, 0}, {" ", 0, 0}};
    static const dt_doc_layout_spec lay = {0, 2, NULL, 0, 0, 1};
    size_t p, t;

    dt_doc_para(d, DT_DOC_STYLE_TEXT, "expected payoffs:");
    t = dt_doc_table(d, g->n_players + 1, 2, NULL);
    dt_doc_columns(d, t, col);
    dt_doc_show(d, DT_DOC_PEOPLE);
    dt_doc_layout(d, &lay);
    dt_doc_numeric(d, t, 1);
    dt_doc_cell(d, t, 0, 0, "player");
    dt_doc_cell(d, t, 0, 1, "expected payoff");
    for (p = 0; p < g->n_players; p++) {
        dt_doc_cell(d, t, p + 1, 0, "%s", g->player_name[p]);
        dt_doc_cell(d, t, p + 1, 1, "%.10g", pr->value[p]);
    }
}

static void ties(dt_doc *d, const dt_game *g, const dt_game_profile *pr)
{
    size_t i, listed = 0, li, n = pr->n_tied < MAX_TIES ? pr->n_tied : MAX_TIES;

    dt_doc_paraf(d, DT_DOC_STYLE_TEXT, "ties: %zu decision node%s%s",
                 pr->n_tied, pr->n_tied == 1 ? "" : "s",
                 pr->n_tied ? " (the first best action in file order is "
                              "taken)"
                            : "");
    if (!pr->n_tied)
        return;
    li = dt_doc_list(d, n + (pr->n_tied > n), NULL);
    dt_doc_gap(d, 0, 2);
    for (i = 0; i < g->n_nodes && listed < MAX_TIES; i++)
        if (pr->tied[i] > 1) {
            dt_doc_cell(d, li, 0, listed++, "node %-10s %s: %u best actions%s",
                        label(d, g->node_name[i], i),
                        g->player_name[g->player[i] - 1], pr->tied[i],
                        pr->reach[i] > 0 ? ", on the path" : "");
        }
    if (pr->n_tied > listed)
        dt_doc_cell(d, li, 0, listed, "... and %zu more", pr->n_tied - listed);
}

dt_status dt_game_doc(const dt_game *g, const dt_game_profile *pr,
                      const dt_doc_opts *o, dt_doc *d, dt_error *err)
{
    size_t i, p, n_term = 0;
    const char *sol;

    (void)o;
    for (i = 0; i < g->n_nodes; i++)
        n_term += g->kind[i] == DT_GAME_TERMINAL;
    dt_doc_set_title(d, dt_doc_fmt(d,
                                   "game \"%s\": %zu player%s, %zu nodes, "
                                   "%zu terminal",
                                   g->title, g->n_players,
                                   g->n_players == 1 ? "" : "s", g->n_nodes,
                                   n_term));
    dt_doc_heading(d, 1, "game", dt_doc_title(d));
    if (pr->lambda) {
        sol = "solution: logit agent QRE, lambda";
        for (p = 0; p < g->n_players; p++)
            sol = dt_doc_fmt(d, "%s%s%g", sol, p ? "," : " ", pr->lambda[p]);
    } else
        sol = "solution: subgame-perfect equilibrium (backward induction)";
    dt_doc_para(d, DT_DOC_STYLE_TEXT, sol);
    path(d, g, pr);
    payoffs(d, g, pr);
    if (!pr->lambda)
        ties(d, g, pr);
    return dt_doc_status(d, err);
}
