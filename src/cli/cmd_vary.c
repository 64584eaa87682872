/*
 * detente vary FILE SLOT=LO:HI:STEPS: a one-input sweep (the library's
 * dt_vary_run) written as the library's document.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void vary_usage(FILE *f)
{
    fputs("usage: detente vary FILE SLOT=LO:HI:STEPS [options]\n\n"
          "Steps one number of the scenario (a parameter slot, e.g.\n"
          "russia.territory.position=50:100:11) evenly from LO to HI and "
          "shows\nper step every forecast, the zone of agreement's "
          "verdict, the Nash\ndeal and its durability, marking where the "
          "verdict flips. See\ndocs/analysts-loop.md.\n\n"
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
    fputs("\nexit codes: 0 ok, 2 usage (also an unknown slot or a range "
          "outside\nthe slot's), 3 invalid scenario, 4 I/O, 5 out of memory, "
          "70 internal.\n",
          f);
}

enum { OPT_MODEL = 256, OPT_FORMAT };

int cmd_vary(int argc, char **argv)
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
    dt_vary *v = NULL;
    size_t n_models = 0, slot, steps;
    double lo, hi;
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
            vary_usage(stdout);
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
            cli_error("bad option '%s'; see 'detente vary --help'",
                      argv[optind - 1]);
            rc = CLI_USAGE;
            goto done;
        }
    }
    if (argc - optind != 2) {
        cli_error("vary takes a FILE and SLOT=LO:HI:STEPS; see 'detente "
                  "vary --help'");
        rc = CLI_USAGE;
        goto done;
    }
    rc = cli_load_whatif(argv[optind], &wi, &sc);
    if (rc != CLI_OK)
        goto done;
    if (dt_vary_parse(sc, argv[optind + 1], &slot, &lo, &hi, &steps, &err) !=
        DT_OK) {
        cli_error("%s: %s", argv[optind], err.msg);
        rc = CLI_USAGE;
        goto done;
    }
    vo.models = n_models ? models : NULL;
    vo.n_models = n_models;
    st = dt_vary_run(sc, slot, lo, hi, steps, &vo, &v, &err);
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
                &o, dt_vary_write_json(v, NULL, cli_file_write, o.f, &err),
                &err);
    } else {
        dt_doc *d = cli_doc_new();

        rc =
            d ? cli_doc_status(dt_vary_doc(v, NULL, d, &err), &err) : CLI_NOMEM;
        if (rc == CLI_OK)
            rc = cli_write_doc(out, format, d);
        dt_doc_free(d);
    }
done:
    dt_vary_free(v);
    dt_scenario_free(sc);
    cli_whatif_free(&wi);
    free(model_buf);
    return rc;
}
