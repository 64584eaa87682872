/*
 * detente game FILE.efg: solve a perfect-information game in Gambit's
 * .efg format, by backward induction (subgame-perfect equilibrium) or as
 * the logit agent QRE (--qre LAMBDA), and print the path, the payoffs,
 * the ties, the behaviour profile and the outcome probabilities.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"

enum game_format { GF_TABLE, GF_JSON, GF_GAMBIT };

static void game_usage(FILE *f)
{
    fputs("usage: detente game FILE.efg [--qre LAMBDA[,LAMBDA...]]\n"
          "                    [--format table|json|gambit] [-o FILE]\n\n"
          "Solves a perfect-information game in Gambit's .efg format.\n"
          "Without --qre: the subgame-perfect equilibrium by backward "
          "induction\n(ties go to the first action in file order, and are "
          "reported).\nWith --qre: the logit agent quantal-response "
          "equilibrium, one lambda\nfor all players or one per player.\n\n"
          "  --format table   equilibrium path, payoffs, ties (default)\n"
          "  --format json    behaviour profile and outcome probabilities\n"
          "  --format gambit  the behaviour profile on one line, in "
          "Gambit's order\n"
          "  -o, --out FILE   write there instead of standard output\n",
          f);
}

static const char *label(const char *s, size_t i, char *buf, size_t n)
{
    if (s[0])
        return s;
    snprintf(buf, n, "#%zu", i);
    return buf;
}

/* Follow the most probable action from the root (the path for pure SPE). */
static void write_path(FILE *f, const dt_game *g, const dt_game_profile *pr,
                       int qre)
{
    size_t i = 0, s, shown = 0;
    char b1[32], b2[32];

    fputs(qre ? "most likely path:\n" : "equilibrium path:\n", f);
    while (g->kind[i] != DT_GAME_TERMINAL) {
        size_t best = g->act_off[i];

        for (s = g->act_off[i]; s < g->act_off[i + 1]; s++)
            if (pr->behav[s] > pr->behav[best])
                best = s;
        if (shown++ == 200) {
            fputs("  ... (path continues)\n", f);
            break;
        }
        if (g->kind[i] == DT_GAME_CHANCE) {
            fprintf(f, "  node %-10s chance:",
                    label(g->node_name[i], i, b1, sizeof b1));
            for (s = g->act_off[i]; s < g->act_off[i + 1]; s++)
                fprintf(
                    f, " %s (%.6g)",
                    label(g->act_name[s], s - g->act_off[i] + 1, b2, sizeof b2),
                    g->prob[s]);
            fputs("; following the most likely\n", f);
        } else {
            fprintf(f, "  node %-10s %s: %s",
                    label(g->node_name[i], i, b1, sizeof b1),
                    g->player_name[g->player[i] - 1],
                    label(g->act_name[best], best - g->act_off[i] + 1, b2,
                          sizeof b2));
            if (qre)
                fprintf(f, " (p = %.6g)", pr->behav[best]);
            if (pr->tied[i] > 1)
                fprintf(f, " [tie: %u best actions, first taken]", pr->tied[i]);
            fputc('\n', f);
        }
        i = g->child[best];
    }
    fprintf(f, "  ends at  %s", label(g->node_name[i], i, b1, sizeof b1));
    if (g->outcome[i])
        fprintf(f, " (outcome \"%s\")", g->outcome_name[g->outcome[i] - 1]);
    fputc('\n', f);
}

static void write_table(FILE *f, const dt_game *g, const dt_game_profile *pr,
                        const double *lambda)
{
    size_t p, i, n_term = 0, listed = 0;
    char b1[32];

    for (i = 0; i < g->n_nodes; i++)
        n_term += g->kind[i] == DT_GAME_TERMINAL;
    fprintf(f, "game \"%s\": %zu player%s, %zu nodes, %zu terminal\n", g->title,
            g->n_players, g->n_players == 1 ? "" : "s", g->n_nodes, n_term);
    if (lambda) {
        fputs("solution: logit agent QRE, lambda", f);
        for (p = 0; p < g->n_players; p++)
            fprintf(f, "%s%g", p ? "," : " ", lambda[p]);
        fputc('\n', f);
    } else {
        fputs("solution: subgame-perfect equilibrium (backward induction)\n",
              f);
    }
    write_path(f, g, pr, lambda != NULL);
    fputs("expected payoffs:\n", f);
    for (p = 0; p < g->n_players; p++)
        fprintf(f, "  %-20s %.10g\n", g->player_name[p], pr->value[p]);
    if (lambda)
        return;
    fprintf(f, "ties: %zu decision node%s", pr->n_tied,
            pr->n_tied == 1 ? "" : "s");
    if (!pr->n_tied) {
        fputc('\n', f);
        return;
    }
    fputs(" (the first best action in file order is taken)\n", f);
    for (i = 0; i < g->n_nodes && listed < 20; i++)
        if (pr->tied[i] > 1) {
            fprintf(f, "  node %-10s %s: %u best actions%s\n",
                    label(g->node_name[i], i, b1, sizeof b1),
                    g->player_name[g->player[i] - 1], pr->tied[i],
                    pr->reach[i] > 0 ? ", on the path" : "");
            listed++;
        }
    if (pr->n_tied > listed)
        fprintf(f, "  ... and %zu more\n", pr->n_tied - listed);
}

static void write_gambit(FILE *f, const dt_game *g, const dt_game_profile *pr,
                         int qre)
{
    size_t p, i, s;
    int first = 1;

    /* Gambit's order: players, their information sets, their actions. */
    for (p = 1; p <= g->n_players; p++)
        for (i = 0; i < g->n_nodes; i++) {
            if (g->kind[i] != DT_GAME_DECISION || g->player[i] != p)
                continue;
            for (s = g->act_off[i]; s < g->act_off[i + 1]; s++) {
                if (qre)
                    fprintf(f, "%s%.17g", first ? "" : ",", pr->behav[s]);
                else
                    fprintf(f, "%s%d", first ? "" : ",",
                            pr->behav[s] > 0.5 ? 1 : 0);
                first = 0;
            }
        }
    fputc('\n', f);
}

/*
 * Payoff of the play ending at each node: the outcomes on its path added
 * up (Gambit's rule), in one forward pass (parents precede children).
 */
static double *path_payoffs(const dt_game *g)
{
    size_t np = g->n_players, i, s, p;
    double *cum = calloc(g->n_nodes * np, sizeof *cum);

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

static int write_json(FILE *f, const dt_game *g, const dt_game_profile *pr,
                      const double *lambda)
{
    json_t *doc = json_object(), *players = json_array(), *nodes;
    json_t *outs = json_array(), *pay = json_array();
    size_t p, i, s;
    int rc;

    double *cum = path_payoffs(g);

    if (!cum) {
        json_decref(doc);
        json_decref(players);
        json_decref(outs);
        json_decref(pay);
        return -1;
    }
    json_object_set_new(doc, "title", json_string(g->title));
    json_object_set_new(doc, "solution", json_string(lambda ? "qre" : "spe"));
    if (lambda) {
        json_t *l = json_array();

        for (p = 0; p < g->n_players; p++)
            json_array_append_new(l, json_real(lambda[p]));
        json_object_set_new(doc, "lambda", l);
    } else {
        json_object_set_new(doc, "n_tied",
                            json_integer((json_int_t)pr->n_tied));
    }
    for (p = 0; p < g->n_players; p++) {
        json_array_append_new(players, json_string(g->player_name[p]));
        json_array_append_new(pay, json_real(pr->value[p]));
    }
    json_object_set_new(doc, "players", players);
    json_object_set_new(doc, "payoffs", pay);
    nodes = json_array();
    for (i = 0; i < g->n_nodes; i++) {
        json_t *o, *b;

        if (g->kind[i] != DT_GAME_DECISION)
            continue;
        o = json_object();
        b = json_array();
        json_object_set_new(o, "node", json_integer((json_int_t)i));
        json_object_set_new(o, "label", json_string(g->node_name[i]));
        json_object_set_new(o, "player", json_integer(g->player[i]));
        for (s = g->act_off[i]; s < g->act_off[i + 1]; s++)
            json_array_append_new(b, json_real(pr->behav[s]));
        json_object_set_new(o, "probabilities", b);
        if (!lambda)
            json_object_set_new(o, "tied", json_integer(pr->tied[i]));
        json_array_append_new(nodes, o);
    }
    json_object_set_new(doc, "behaviour", nodes);
    for (i = 0; i < g->n_nodes; i++) {
        json_t *o, *v;

        if (g->kind[i] != DT_GAME_TERMINAL || pr->reach[i] <= 0.0)
            continue;
        o = json_object();
        v = json_array();
        json_object_set_new(o, "node", json_integer((json_int_t)i));
        json_object_set_new(o, "label", json_string(g->node_name[i]));
        json_object_set_new(o, "probability", json_real(pr->reach[i]));
        for (p = 0; p < g->n_players; p++)
            json_array_append_new(v, json_real(cum[i * g->n_players + p]));
        json_object_set_new(o, "payoffs", v);
        json_array_append_new(outs, o);
    }
    json_object_set_new(doc, "outcomes", outs);
    rc = json_dumpf(
        doc, f, JSON_INDENT(2) | JSON_REAL_PRECISION(17) | JSON_PRESERVE_ORDER);
    fputc('\n', f);
    json_decref(doc);
    free(cum);
    return rc;
}

/* "L" or "L1,L2,...": one lambda for all players or one each. */
static int parse_lambda(const char *s, size_t np, double *out)
{
    size_t k = 0;
    char *copy = strdup(s), *p, *save = NULL;
    int ok = copy != NULL;

    for (p = copy ? strtok_r(copy, ",", &save) : NULL; ok && p;
         p = strtok_r(NULL, ",", &save)) {
        if (k == np || !cli_parse_double("--qre", p, &out[k]) ||
            !(out[k] >= 0.0))
            ok = 0;
        k++;
    }
    free(copy);
    if (!ok || (k != 1 && k != np)) {
        cli_error("--qre takes one lambda >= 0 or one per player (%zu)", np);
        return 0;
    }
    for (; k < np; k++)
        out[k] = out[0];
    return 1;
}

enum { OPT_QRE = 256, OPT_FORMAT };

int cmd_game(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {"out", required_argument, NULL, 'o'},
        {"qre", required_argument, NULL, OPT_QRE},
        {"format", required_argument, NULL, OPT_FORMAT},
        {NULL, 0, NULL, 0},
    };
    enum game_format fmt = GF_TABLE;
    const char *outp = NULL, *qre = NULL;
    dt_game *g = NULL;
    dt_game_profile *pr = NULL;
    double *lambda = NULL;
    dt_error err;
    dt_status st;
    cli_out out;
    char msg[600];
    int c, rc;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        switch (c) {
        case 'h':
            game_usage(stdout);
            return CLI_OK;
        case 'o':
            outp = optarg;
            break;
        case OPT_QRE:
            qre = optarg;
            break;
        case OPT_FORMAT:
            if (strcmp(optarg, "table") == 0)
                fmt = GF_TABLE;
            else if (strcmp(optarg, "json") == 0)
                fmt = GF_JSON;
            else if (strcmp(optarg, "gambit") == 0)
                fmt = GF_GAMBIT;
            else {
                cli_error("unknown format '%s' (table, json or gambit)",
                          optarg);
                return CLI_USAGE;
            }
            break;
        default:
            cli_error("unknown option '%s'; see 'detente game --help'",
                      argv[optind - 1]);
            return CLI_USAGE;
        }
    }
    if (argc - optind != 1) {
        cli_error("game takes exactly one FILE.efg; see 'detente game "
                  "--help'");
        return CLI_USAGE;
    }
    st = dt_game_load_efg(argv[optind], NULL, &g, &err);
    if (st != DT_OK) {
        dt_error_format(&err, msg, sizeof msg);
        fprintf(stderr, "%s\n", msg);
        return st == DT_ESCENARIO ? CLI_INVALID : cli_exit_for(st);
    }
    if (qre) {
        lambda = calloc(g->n_players, sizeof *lambda);
        if (!lambda) {
            cli_error("out of memory");
            rc = CLI_INTERNAL;
            goto out;
        }
        if (!parse_lambda(qre, g->n_players, lambda)) {
            rc = CLI_USAGE;
            goto out;
        }
        st = dt_game_qre(g, lambda, &pr, &err);
    } else {
        st = dt_game_spe(g, &pr, &err);
    }
    if (st != DT_OK) {
        cli_error("%s", err.msg);
        rc = cli_exit_for(st);
        goto out;
    }
    rc = cli_out_open(&out, outp);
    if (rc != CLI_OK)
        goto out;
    if (fmt == GF_TABLE)
        write_table(out.f, g, pr, lambda);
    else if (fmt == GF_GAMBIT)
        write_gambit(out.f, g, pr, lambda != NULL);
    else if (write_json(out.f, g, pr, lambda) != 0)
        rc = CLI_IO;
    {
        int rc2 = cli_out_close(&out, rc == CLI_OK);

        if (rc == CLI_OK)
            rc = rc2;
    }
out:
    free(lambda);
    dt_game_profile_free(pr);
    dt_game_free(g);
    return rc;
}
