/*
 * detente compare A.yaml B.yaml [...]: scenarios side by side, one column
 * each - who sat at the table and who was left out, the issues, pressure
 * tools, status quo and deal per issue, agreement, durability, spoilers,
 * the strongest lever and the observed outcome - as a terminal table,
 * Markdown, CSV or JSON. The comparison is the library's (dt_compare).
 */
#include <getopt.h>
#include <stdlib.h>

#include "cli.h"

static void compare_usage(FILE *f)
{
    fputs("usage: detente compare A.yaml B.yaml [...] [options]\n\n"
          "Compares summits side by side, one column per scenario: the "
          "table and\nwho was left out, issues, pressure tools, status quo "
          "and deal per issue,\nagreement and surplus, durability and "
          "spoilers, the strongest lever and\nthe observed outcome.\n\n"
          "options:\n"
          "  --model NAME        forecast model for the analysis: eu "
          "(default),\n"
          "                      mean or median\n"
          "  --weights W         Nash weights: equal (default) or "
          "capability\n"
          "  --format FMT        table (default), markdown, html, pdf, csv\n"
          "                      or json\n"
          "  -o, --out FILE      write to FILE (atomically) instead of "
          "stdout\n"
          "\nexit codes: 0 ok, 2 usage, 3 invalid scenario, 4 I/O, 5 out "
          "of memory, 70 internal.\n",
          f);
}

enum { OPT_MODEL = 256, OPT_WEIGHTS, OPT_FORMAT };

static int parse_args(int argc, char **argv, int *fmt, dt_analysis_opts *opts,
                      const char **outp)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {"out", required_argument, NULL, 'o'},
        {"model", required_argument, NULL, OPT_MODEL},
        {"weights", required_argument, NULL, OPT_WEIGHTS},
        {"format", required_argument, NULL, OPT_FORMAT},
        {NULL, 0, NULL, 0},
    };
    static const char *const weight_names[] = {"equal", "capability", NULL};

    optind = 1;
    opterr = 0;
    for (;;) {
        int c = getopt_long(argc, argv, "ho:", longopts, NULL), i;

        if (c == -1)
            break;
        switch (c) {
        case 'h':
            compare_usage(stdout);
            return -1;
        case 'o':
            *outp = optarg;
            break;
        case OPT_MODEL:
            opts->model = dt_model_find(optarg);
            if (!opts->model) {
                cli_error("unknown model '%s' (expected eu, mean or "
                          "median)",
                          optarg);
                return CLI_USAGE;
            }
            break;
        case OPT_WEIGHTS:
            /* In dt_nash_weights order. */
            if (!cli_choice("weights", optarg, weight_names, &i))
                return CLI_USAGE;
            opts->weights = (dt_nash_weights)i;
            break;
        case OPT_FORMAT:
            if (!cli_format("format", optarg,
                            CLI_FMT_PAGES | CLI_FMT_CSV | CLI_FMT_JSON, fmt))
                return CLI_USAGE;
            break;
        default:
            return cli_bad_option("compare", argv, longopts, "ho:");
        }
    }
    if (argc - optind < 1) {
        cli_error("compare takes one or more scenario files; see 'detente "
                  "compare --help'");
        return CLI_USAGE;
    }
    return CLI_OK;
}

int cmd_compare(int argc, char **argv)
{
    dt_analysis_opts opts = DT_ANALYSIS_OPTS_INIT;
    int fmt = CLI_FMT_TEXT;
    const char *outp = NULL;
    dt_scenario **scs = NULL;
    dt_analysis **ans = NULL;
    dt_compare *cmp = NULL;
    dt_error err;
    size_t i, n = 0;
    int rc;

    rc = parse_args(argc, argv, &fmt, &opts, &outp);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    n = (size_t)(argc - optind);
    scs = calloc(n, sizeof *scs);
    ans = calloc(n, sizeof *ans);
    if (!scs || !ans) {
        cli_error("out of memory");
        rc = CLI_NOMEM;
        goto out;
    }
    for (i = 0; i < n; i++) {
        const char *path = argv[optind + (int)i];
        dt_status st;

        rc = cli_load(path, &scs[i]);
        if (rc != CLI_OK)
            goto out;
        st = dt_analyze(scs[i], &opts, &ans[i], &err);
        if (st != DT_OK) {
            rc = cli_analysis_error(path, st, &err);
            goto out;
        }
    }
    rc = cli_doc_status(dt_compare_new((const dt_scenario *const *)scs,
                                       (const dt_analysis *const *)ans, n, &cmp,
                                       &err),
                        &err);
    if (rc != CLI_OK)
        goto out;
    if (fmt == CLI_FMT_JSON) {
        cli_out out;

        rc = cli_out_open(&out, outp);
        if (rc == CLI_OK)
            rc = cli_out_finish(
                &out,
                dt_compare_write_json(cmp, NULL, cli_file_write, out.f, &err),
                &err);
    } else {
        dt_doc *d = cli_doc_new();

        rc = d ? cli_doc_status(dt_compare_doc(cmp, NULL, d, &err), &err)
               : CLI_NOMEM;
        if (rc == CLI_OK)
            rc = cli_write_doc(outp, fmt, d);
        dt_doc_free(d);
    }
out:
    dt_compare_free(cmp);
    for (i = 0; (scs || ans) && i < n; i++) {
        if (ans)
            dt_analysis_free(ans[i]);
        if (scs)
            dt_scenario_free(scs[i]);
    }
    free(scs);
    free(ans);
    return rc;
}
