/*
 * detente validate FILE: check a scenario, print every error found with
 * its location, or a summary of what the scenario contains (the
 * library's dt_scenario_doc, as terminal text or Markdown).
 */
#include <getopt.h>

#include "cli.h"

static void validate_usage(FILE *f)
{
    fputs("usage: detente validate FILE [--format table|markdown|html|pdf]\n\n"
          "Checks a scenario (YAML, or a .csv actor table) and prints every "
          "error\nas FILE:LINE:COL: MESSAGE (exit 3), or a summary of the "
          "scenario (exit 0),\nas text (table, the default) or Markdown.\n\n"
          "exit codes: 0 valid, 2 usage, 3 invalid scenario, 4 I/O.\n",
          f);
}

enum { OPT_FORMAT = 256 };

int cmd_validate(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {"format", required_argument, NULL, OPT_FORMAT},
        {NULL, 0, NULL, 0},
    };
    dt_scenario *sc = NULL;
    dt_doc *d;
    dt_error err;
    int c, rc, fmt = CLI_FMT_TEXT;

    optind = 1;
    opterr = 0;
    for (;;) {
        c = getopt_long(argc, argv, "h", longopts, NULL);
        if (c == -1)
            break;
        if (c == 'h') {
            validate_usage(stdout);
            return CLI_OK;
        }
        if (c == OPT_FORMAT) {
            if (!cli_format("format", optarg, CLI_FMT_PAGES, &fmt))
                return CLI_USAGE;
            continue;
        }
        return cli_bad_option("validate", argv, longopts, "h");
    }
    if (argc - optind != 1) {
        cli_error("validate takes exactly one FILE; see 'detente validate "
                  "--help'");
        return CLI_USAGE;
    }
    rc = cli_load(argv[optind], &sc);
    if (rc != CLI_OK)
        return rc;
    d = cli_doc_new();
    rc = d ? cli_doc_status(dt_scenario_doc(sc, NULL, d, &err), &err)
           : CLI_NOMEM;
    if (rc == CLI_OK)
        rc = cli_write_doc(NULL, fmt, d);
    dt_doc_free(d);
    dt_scenario_free(sc);
    return rc;
}
