/*
 * detente score RECORDS...: score resolved sealed forecasts (the
 * library's dt_seal_score_new), per model and over the ledger.
 */
#include <getopt.h>
#include <stdlib.h>

#include "cli.h"

static void score_usage(FILE *f)
{
    fputs("usage: detente score RECORD.json... [options]\n\n"
          "Scores the resolved records written by 'detente seal' and "
          "'detente\nresolve', per model and over all of them: mean "
          "absolute error, CRPS of\nthe sweep's draws, coverage of the 5-95 "
          "% interval, share of forecasts\nwithin 5 and 10 points, and the "
          "Brier score of the probability of\nagreement. Unresolved records "
          "are counted, not scored. See\ndocs/judgement.md.\n\n"
          "options:\n"
          "  --format FMT        table (default), markdown, csv or json\n"
          "  -o, --out FILE      write to FILE (atomically) instead of "
          "stdout\n"
          "\nexit codes: 0 ok, 2 usage, 3 not a record, 4 I/O, 5 out of "
          "memory,\n70 internal.\n",
          f);
}

enum { OPT_FORMAT = 256 };

int cmd_score(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {"out", required_argument, NULL, 'o'},
        {"format", required_argument, NULL, OPT_FORMAT},
        {NULL, 0, NULL, 0},
    };
    const char *out = NULL;
    int format = CLI_FMT_TEXT, rc = CLI_OK;
    dt_seal **recs = NULL;
    dt_seal_score *sc = NULL;
    size_t n = 0, k;
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
            score_usage(stdout);
            return CLI_OK;
        case 'o':
            out = optarg;
            break;
        case OPT_FORMAT:
            if (!cli_format("format", optarg,
                            CLI_FMT_TEXT | CLI_FMT_MARKDOWN | CLI_FMT_CSV |
                                CLI_FMT_JSON,
                            &format))
                return CLI_USAGE;
            break;
        default:
            return cli_bad_option("score", argv, longopts, "ho:");
        }
    }
    if (argc - optind < 1) {
        cli_error("score takes one or more RECORD.json; see 'detente score "
                  "--help'");
        return CLI_USAGE;
    }
    recs = calloc((size_t)(argc - optind), sizeof *recs);
    if (!recs) {
        cli_error("out of memory");
        return CLI_NOMEM;
    }
    for (; optind < argc; optind++) {
        st = dt_seal_load(argv[optind], &recs[n], &err);
        if (st != DT_OK) {
            char msg[600];

            dt_error_format(&err, msg, sizeof msg);
            cli_error("%s", msg);
            rc = cli_exit_for(st);
            goto done;
        }
        n++;
    }
    st = dt_seal_score_new((const dt_seal *const *)recs, n, &sc, &err);
    if (st != DT_OK) {
        cli_error("%s", err.msg);
        rc = cli_exit_for(st);
        goto done;
    }
    if (format == CLI_FMT_JSON) {
        cli_out o;

        rc = cli_out_open(&o, out);
        if (rc == CLI_OK)
            rc = cli_out_finish(
                &o, dt_seal_score_write_json(sc, cli_file_write, o.f, &err),
                &err);
    } else {
        dt_doc *d = cli_doc_new();

        rc = d ? cli_doc_status(dt_seal_score_doc(sc, d, &err), &err)
               : CLI_NOMEM;
        if (rc == CLI_OK)
            rc = cli_write_doc(out, format, d);
        dt_doc_free(d);
    }
done:
    dt_seal_score_free(sc);
    for (k = 0; k < n; k++)
        dt_seal_free(recs[k]);
    free(recs);
    return rc;
}
