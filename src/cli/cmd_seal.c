/*
 * detente seal FILE: seal a forecast before the event (the library's
 * dt_seal_new; docs/judgement.md "Sealed forecasts").
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void seal_usage(FILE *f)
{
    fputs("usage: detente seal FILE [options] -o RECORD.json\n\n"
          "Seals a forecast before the event: writes a record with the "
          "SHA-256 of\nFILE's bytes, this version and build, the options "
          "and seed, every\nforecast with its sweep interval (5-95 %) and "
          "draws, the analysis's\nverdicts (zone, durability) and a "
          "resolution rubric per issue. Check\nit later with 'detente "
          "verify', resolve it with 'detente resolve' and\nscore it with "
          "'detente score'. See docs/judgement.md.\n\n"
          "options:\n"
          "  --model M[,M...]    models (default eu): mean, median, eu, nbs\n"
          "  --draws N           draws of the sweep (default 1000)\n"
          "  --seed S            seed, 0 to 2^53-1 (default: drawn and "
          "printed)\n"
          "  --analysis MODE     auto (default), on or off: summit analysis\n"
          "  --threads T         worker threads (default 1; results do not\n"
          "                      depend on it)\n"
          "  -o, --out FILE      write the record to FILE (atomically) "
          "instead\n"
          "                      of stdout\n"
          "\nexit codes: 0 ok, 2 usage (also an unknown model), 3 invalid "
          "scenario,\n4 I/O, 5 out of memory, 70 internal.\n",
          f);
}

enum { OPT_MODEL = 256, OPT_DRAWS, OPT_SEED, OPT_ANALYSIS, OPT_THREADS };

int cmd_seal(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {"out", required_argument, NULL, 'o'},
        {"model", required_argument, NULL, OPT_MODEL},
        {"draws", required_argument, NULL, OPT_DRAWS},
        {"seed", required_argument, NULL, OPT_SEED},
        {"analysis", required_argument, NULL, OPT_ANALYSIS},
        {"threads", required_argument, NULL, OPT_THREADS},
        {NULL, 0, NULL, 0},
    };
    static const char *const modes[] = {"auto", "off", "on", NULL};
    const char *models[DT_FORECAST_MAX_MODELS], *out = NULL;
    char *model_buf = NULL;
    dt_seal_opts so = DT_SEAL_OPTS_INIT;
    dt_seal *s = NULL;
    int rc = CLI_OK, have_seed = 0, mode;
    unsigned draws, threads;
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
            seal_usage(stdout);
            goto done;
        case 'o':
            out = optarg;
            break;
        case OPT_MODEL:
            rc = cli_model_list(optarg, &model_buf, models, &n_models);
            if (rc != CLI_OK)
                goto done;
            break;
        case OPT_DRAWS:
            if (!cli_parse_uint("--draws", optarg, &draws)) {
                rc = CLI_USAGE;
                goto done;
            }
            if (draws == 0) {
                cli_error("--draws must be at least 1");
                rc = CLI_USAGE;
                goto done;
            }
            so.n_draws = draws;
            break;
        case OPT_SEED:
            if (!cli_parse_seed(optarg, &so.seed)) {
                rc = CLI_USAGE;
                goto done;
            }
            have_seed = 1;
            break;
        case OPT_ANALYSIS:
            if (!cli_choice("analysis mode", optarg, modes, &mode)) {
                rc = CLI_USAGE;
                goto done;
            }
            so.analysis = (dt_sweep_analysis)mode;
            break;
        case OPT_THREADS:
            if (!cli_parse_uint("--threads", optarg, &threads)) {
                rc = CLI_USAGE;
                goto done;
            }
            so.threads = threads ? threads : 1;
            break;
        default:
            rc = cli_bad_option("seal", argv, longopts, "ho:");
            goto done;
        }
    }
    if (argc - optind != 1) {
        cli_error("seal takes one FILE; see 'detente seal --help'");
        rc = CLI_USAGE;
        goto done;
    }
    if (!have_seed)
        so.seed = cli_draw_seed();
    fprintf(stderr, "detente: sealing %s: %zu draws, seed %" PRIu64 "\n",
            argv[optind], so.n_draws, so.seed);
    so.models = n_models ? models : NULL;
    so.n_models = n_models;
    st = dt_seal_new(argv[optind], &so, &s, &err);
    if (st != DT_OK) {
        char msg[600];

        dt_error_format(&err, msg, sizeof msg);
        cli_error("%s", msg);
        rc = cli_exit_for(st);
        goto done;
    }
    {
        cli_out o;

        rc = cli_out_open(&o, out);
        if (rc == CLI_OK)
            rc = cli_out_finish(
                &o, dt_seal_write_json(s, cli_file_write, o.f, &err), &err);
    }
done:
    dt_seal_free(s);
    free(model_buf);
    return rc;
}
