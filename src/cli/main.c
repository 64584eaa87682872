/*
 * detente: command-line entry point. Dispatches to one file per command
 * (cmd_<name>.c) through a table, after git's commands[].
 */
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "cli.h"

struct command {
    const char *name;                  /* as typed */
    int (*run)(int argc, char **argv); /* argv[0] is the command name */
    const char *summary;               /* one line for --help */
};

static const struct command commands[] = {
    {"forecast", cmd_forecast, "forecast where the bargaining settles"},
    {"validate", cmd_validate, "check a scenario and summarise it"},
    {"backtest", cmd_backtest, "score the models on known outcomes"},
    {"analyze", cmd_analyze, "zone of agreement, deal, durability, levers"},
    {"compare", cmd_compare, "summits side by side"},
    {"game", cmd_game, "solve a game tree (.efg): SPE or logit QRE"},
    {"sequence", cmd_sequence, "staged deals, threats, ratification games"},
    {"sweep", cmd_sweep, "Monte Carlo sensitivity sweep of a scenario"},
    {"report", cmd_report, "HTML and PDF briefing with charts"},
    {"plot", cmd_plot, "draw a chart as PNG, SVG or PDF"},
    {"serve", cmd_serve, "the workbench: a local web page and JSON API"},
    {"new", cmd_new, "scaffold a new scenario with placeholder numbers"},
    {"vary", cmd_vary, "one-input sweep: every result per step, flips marked"},
    {"diff", cmd_diff, "what changed between two versions and what it moved"},
    {"reconcile", cmd_reconcile,
     "where analysts' estimates disagree, and "
     "whether it matters"},
};

static void usage(FILE *f)
{
    size_t i;

    fputs("usage: detente [--version] [--help] <command> [<args>]\n\n"
          "Models multi-party negotiations: reads a scenario (actors, "
          "issues,\npositions, salience, capability) and forecasts where "
          "the bargaining\nsettles.\n\ncommands:\n",
          f);
    for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\nRun 'detente <command> --help' for a command's options.\n\n"
          "exit codes:\n"
          "  0   success\n"
          "  1   a model did not converge (only with --require-convergence)\n"
          "  2   usage error (bad command line)\n"
          "  3   invalid scenario\n"
          "  4   input/output error (cannot read or write a file)\n"
          "  5   out of memory (the message says what and how much)\n"
          "  70  internal error (a bug: please report it)\n"
          "  130 interrupted by Ctrl-C (sweep: the finished draws were "
          "written)\n",
          f);
}

static int run(int argc, char **argv)
{
    size_t i;

    /*
     * libdetente checks its inputs before calling GSL, but GSL's default
     * error handler aborts the process: a program, not a library, decides
     * that, and this one wants status codes (turned into exit codes).
     */
    gsl_set_error_handler_off();

    if (argc < 2) {
        usage(stderr);
        return CLI_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return CLI_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("detente %s\ncommit: %s\nbuilt with: %s\n", dt_version(),
               dt_build_commit(),
               *dt_build_features() ? dt_build_features() : "(no options)");
        return CLI_OK;
    }
    for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0) {
            int rc = cli_check_args(argc - 1, argv + 1);

            return rc != CLI_OK ? rc : commands[i].run(argc - 1, argv + 1);
        }
    cli_error("'%s' is not a command; see 'detente --help'", argv[1]);
    return CLI_USAGE;
}

int main(int argc, char **argv)
{
    /* Help, version and every command's output: a write error (e.g. to
     * /dev/full) is an I/O error, not a success. */
    return cli_stdout_close(run(argc, argv));
}
