/*
 * detente game FILE.efg: solve a perfect-information game in Gambit's
 * .efg format, by backward induction (subgame-perfect equilibrium) or as
 * the logit agent QRE (--qre LAMBDA), and print the library's document of
 * it (path, payoffs, ties), its JSON, or the profile on Gambit's one line.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

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
          "  -o, --out FILE   write there instead of standard output\n\n"
          "exit codes: 0 ok, 2 usage, 3 invalid game (or a scenario:\n"
          "use 'detente sequence'), 4 I/O.\n",
          f);
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
            return cli_bad_option("game", argv, longopts, "ho:");
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
        if (st == DT_ESCENARIO && strstr(msg, "'EFG'"))
            cli_error("'%s' is not a game tree (.efg); for the games of a "
                      "scenario (staged deal, threat, ratification) run "
                      "'detente sequence %s'",
                      argv[optind], argv[optind]);
        return st == DT_ESCENARIO ? CLI_INVALID : cli_exit_for(st);
    }
    if (qre) {
        lambda = calloc(g->n_players, sizeof *lambda);
        if (!lambda) {
            cli_error("out of memory");
            rc = CLI_NOMEM;
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
    if (fmt == GF_TABLE) {
        dt_doc *d = cli_doc_new();

        rc = d ? cli_doc_status(dt_game_doc(g, pr, NULL, d, &err), &err)
               : CLI_NOMEM;
        if (rc == CLI_OK)
            rc = cli_write_doc(outp, CLI_FMT_TEXT, d);
        dt_doc_free(d);
    } else {
        rc = cli_out_open(&out, outp);
        if (rc == CLI_OK)
            rc = cli_out_finish(
                &out,
                fmt == GF_GAMBIT
                    ? dt_game_write_profile(g, pr, cli_file_write, out.f, &err)
                    : dt_game_write_json(g, pr, NULL, cli_file_write, out.f,
                                         &err),
                &err);
    }
out:
    free(lambda);
    dt_game_profile_free(pr);
    dt_game_free(g);
    return rc;
}
