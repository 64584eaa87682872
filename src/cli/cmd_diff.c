/*
 * detente diff A B: what changed between two versions of a scenario and
 * what it moved (the library's dt_diff_run), written as the library's
 * document or JSON.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void diff_usage(FILE *f)
{
    fputs("usage: detente diff FIRST SECOND [options]\n\n"
          "Compares two versions of a scenario: the inputs that changed "
          "(parameter\nslots: slot, old, new, notes) and the results that "
          "moved (every\nforecast, the zone's verdict and surplus, the Nash "
          "deal, its durability\nand spoilers, the lever ranking), largest "
          "first, each with the inputs\nthat moved it most: the first "
          "version is run again with each changed\nnumber alone, and what "
          "they leave unexplained is the rest. See\n"
          "docs/analysts-loop.md.\n\n"
          "options:\n"
          "  --model LIST        forecast models, comma-separated (default: "
          "every\n"
          "                      one-issue model)\n"
          "  --format FMT        table (default), markdown, html, pdf, csv "
          "or json\n"
          "  -o, --out FILE      write to FILE (atomically) instead of "
          "stdout\n",
          f);
    fputs("what-if, applied to SECOND only (diff a file with itself to see "
          "what a\nwhat-if moves):\n",
          f);
    cli_whatif_help(f, "--lever ID");
    fputs("\nexit codes: 0 ok (also when something changed), 2 usage, 3 "
          "invalid\nscenario, 4 I/O, 5 out of memory, 70 internal.\n",
          f);
}

enum { OPT_MODEL = 256, OPT_FORMAT };

int cmd_diff(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {"out", required_argument, NULL, 'o'},
        {"model", required_argument, NULL, OPT_MODEL},
        {"format", required_argument, NULL, OPT_FORMAT},
        CLI_WHATIF_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    const char *models[DT_FORECAST_MAX_MODELS], *out = NULL;
    char *model_buf = NULL;
    dt_diff_opts o = DT_DIFF_OPTS_INIT;
    cli_whatif wi = {NULL, 0, NULL, 0};
    int format = CLI_FMT_TEXT, rc = CLI_OK;
    dt_scenario *a = NULL, *b = NULL;
    dt_diff *df = NULL;
    size_t n_models = 0;
    dt_error err;
    dt_status st;

    optind = 1;
    opterr = 0;
    for (;;) {
        int c = getopt_long(argc, argv, "ho:", longopts, NULL);

        if (c == -1)
            break;
        switch (c) {
        case 'h':
            diff_usage(stdout);
            goto done;
        case 'o':
            out = optarg;
            break;
        case OPT_MODEL:
            rc = cli_model_list(optarg, &model_buf, models, &n_models);
            if (rc != CLI_OK)
                goto done;
            break;
        case OPT_FORMAT:
            if (!cli_format("format", optarg,
                            CLI_FMT_PAGES | CLI_FMT_CSV | CLI_FMT_JSON,
                            &format)) {
                rc = CLI_USAGE;
                goto done;
            }
            break;
        case CLI_OPT_LEVER:
        case CLI_OPT_SET:
            if (cli_whatif_opt(&wi, c, optarg) < 0) {
                cli_error("out of memory");
                rc = CLI_NOMEM;
                goto done;
            }
            break;
        case '?':
            rc = cli_bad_option("diff", argv, longopts, "ho:");
            goto done;
        default:
            cli_error("bad option '%s'; see 'detente diff --help'",
                      argv[optind - 1]);
            rc = CLI_USAGE;
            goto done;
        }
    }
    if (argc - optind != 2) {
        cli_error("diff takes two scenario files, FIRST and SECOND; see "
                  "'detente diff --help'");
        rc = CLI_USAGE;
        goto done;
    }
    rc = cli_load(argv[optind], &a);
    if (rc == CLI_OK)
        rc = cli_load_whatif(argv[optind + 1], &wi, &b);
    if (rc != CLI_OK)
        goto done;
    o.models = n_models ? models : NULL;
    o.n_models = n_models;
    st = dt_diff_run(a, b, &o, &df, &err);
    if (st != DT_OK) {
        cli_error("%s vs %s: %s", argv[optind], argv[optind + 1], err.msg);
        rc = cli_exit_for(st);
        goto done;
    }
    if (format == CLI_FMT_JSON) {
        cli_out co;

        rc = cli_out_open(&co, out);
        if (rc == CLI_OK)
            rc = cli_out_finish(
                &co, dt_diff_write_json(df, NULL, cli_file_write, co.f, &err),
                &err);
    } else {
        dt_doc *d = cli_doc_new();

        rc = d ? cli_doc_status(dt_diff_doc(df, NULL, d, &err), &err)
               : CLI_NOMEM;
        if (rc == CLI_OK)
            rc = cli_write_doc(out, format, d);
        dt_doc_free(d);
    }
done:
    dt_diff_free(df);
    dt_scenario_free(a);
    dt_scenario_free(b);
    cli_whatif_free(&wi);
    free(model_buf);
    return rc;
}
