/*
 * detente reconcile FILE ESTIMATES...: where several analysts disagree
 * and whether it matters (the library's dt_reconcile_new), written as
 * the library's document.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void reconcile_usage(FILE *f)
{
    fputs("usage: detente reconcile FILE ESTIMATES.yaml... [options]\n\n"
          "Reads one estimates file per analyst (ranges keyed by parameter "
          "slot)\nand lists the numbers on which the analysts disagree "
          "most, with how\nmuch each disagreement moves the forecasts, the "
          "Nash deal and the\nzone verdict, then every analyst's forecasts. "
          "See docs/judgement.md.\n\n"
          "options:\n"
          "  --model LIST        forecast models, comma-separated (default: "
          "every\n"
          "                      one-issue model)\n"
          "  --format FMT        table (default), markdown, html, pdf, csv "
          "or json\n"
          "  -o, --out FILE      write to FILE (atomically) instead of "
          "stdout\n",
          f);
    cli_whatif_help(f, "--lever ID");
    fputs("\nexit codes: 0 ok, 2 usage, 3 invalid scenario or estimates "
          "file, 4 I/O,\n5 out of memory, 70 internal.\n",
          f);
}

enum { OPT_MODEL = 256, OPT_FORMAT };

int cmd_reconcile(int argc, char **argv)
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
    dt_vary_opts vo = DT_VARY_OPTS_INIT;
    cli_whatif wi = {NULL, 0, NULL, 0};
    int format = CLI_FMT_TEXT, rc = CLI_OK;
    dt_scenario *sc = NULL;
    dt_estimates *est = NULL;
    dt_reconcile *r = NULL;
    size_t n_models = 0;
    int k;
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
            reconcile_usage(stdout);
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
        default:
            cli_error("bad option '%s'; see 'detente reconcile --help'",
                      argv[optind - 1]);
            rc = CLI_USAGE;
            goto done;
        }
    }
    if (argc - optind < 2) {
        cli_error("reconcile takes a FILE and one estimates file per "
                  "analyst; see 'detente reconcile --help'");
        rc = CLI_USAGE;
        goto done;
    }
    rc = cli_load_whatif(argv[optind], &wi, &sc);
    if (rc != CLI_OK)
        goto done;
    st = dt_estimates_new(sc, &est, &err);
    for (k = optind + 1; st == DT_OK && k < argc; k++)
        st = dt_estimates_add_file(est, argv[k], &err);
    if (st != DT_OK) {
        char buf[1024];

        dt_error_format(&err, buf, sizeof buf);
        cli_error("%s", buf);
        rc = cli_exit_for(st);
        goto done;
    }
    vo.models = n_models ? models : NULL;
    vo.n_models = n_models;
    st = dt_reconcile_new(sc, est, &vo, &r, &err);
    if (st != DT_OK) {
        cli_error("%s: %s", argv[optind], err.msg);
        rc = cli_exit_for(st);
        goto done;
    }
    if (format == CLI_FMT_JSON) {
        cli_out o;

        rc = cli_out_open(&o, out);
        if (rc == CLI_OK)
            rc = cli_out_finish(
                &o, dt_reconcile_write_json(r, NULL, cli_file_write, o.f, &err),
                &err);
    } else {
        dt_doc *d = cli_doc_new();

        rc = d ? cli_doc_status(dt_reconcile_doc(r, NULL, d, &err), &err)
               : CLI_NOMEM;
        if (rc == CLI_OK)
            rc = cli_write_doc(out, format, d);
        dt_doc_free(d);
    }
done:
    dt_reconcile_free(r);
    dt_estimates_free(est);
    dt_scenario_free(sc);
    cli_whatif_free(&wi);
    free(model_buf);
    return rc;
}
