/*
 * detente verify RECORD.json: re-run a sealed record and say whether it
 * is reproduced bit for bit (the library's dt_seal_verify).
 */
#include <getopt.h>
#include <stdlib.h>

#include "cli.h"

static void verify_usage(FILE *f)
{
    fputs("usage: detente verify RECORD.json [options]\n\n"
          "Re-runs a record written by 'detente seal' with its recorded "
          "options\nand seed, and confirms it is reproduced bit for bit, or "
          "lists what\ndiffers: the input (its SHA-256), the version or "
          "build, the options,\nwhich result, or a section edited after "
          "sealing. See docs/judgement.md.\n\n"
          "options:\n"
          "  --input FILE        run on FILE instead of the file the record "
          "names\n"
          "  --threads T         worker threads (default 1)\n"
          "\nexit codes: 0 reproduced bit for bit, 6 not reproduced (each "
          "difference\nis printed), 2 usage, 3 not a record, 4 I/O, 5 out of "
          "memory, 70 internal.\n",
          f);
}

enum { OPT_INPUT = 256, OPT_THREADS };

int cmd_verify(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {"input", required_argument, NULL, OPT_INPUT},
        {"threads", required_argument, NULL, OPT_THREADS},
        {NULL, 0, NULL, 0},
    };
    const char *input = NULL;
    unsigned threads = 1;
    dt_seal *s = NULL;
    dt_seal_check chk;
    dt_error err;
    dt_status st;
    char msg[600];
    size_t k;
    int rc = CLI_OK;

    optind = 1;
    opterr = 0;
    for (;;) {
        int c = getopt_long(argc, argv, "h", longopts, NULL);

        if (c == -1)
            break;
        switch (c) {
        case 'h':
            verify_usage(stdout);
            return CLI_OK;
        case OPT_INPUT:
            input = optarg;
            break;
        case OPT_THREADS:
            if (!cli_parse_uint("--threads", optarg, &threads))
                return CLI_USAGE;
            break;
        default:
            return cli_bad_option("verify", argv, longopts, "h");
        }
    }
    if (argc - optind != 1) {
        cli_error("verify takes one RECORD.json; see 'detente verify --help'");
        return CLI_USAGE;
    }
    st = dt_seal_load(argv[optind], &s, &err);
    if (st == DT_OK)
        st = dt_seal_verify(s, input, threads ? threads : 1, &chk, &err);
    if (st != DT_OK) {
        dt_error_format(&err, msg, sizeof msg);
        if (err.file[0]) /* the message names the file */
            cli_error("%s", msg);
        else
            cli_error("%s: %s", argv[optind], msg);
        dt_seal_free(s);
        return st == DT_EINVAL ? CLI_INVALID : cli_exit_for(st);
    }
    if (chk.n_diffs == 0) {
        printf("%s: reproduced bit for bit (input %s, SHA-256 %.16s...)\n",
               argv[optind], input ? input : dt_seal_input(s),
               dt_seal_input_sha256(s));
    } else {
        printf("%s: NOT reproduced: %zu difference%s\n", argv[optind],
               chk.n_diffs, chk.n_diffs == 1 ? "" : "s");
        for (k = 0; k < chk.n_diffs && k < DT_SEAL_MAX_DIFFS; k++)
            printf("  %s: %s\n", dt_seal_diff_kind_name(chk.diffs[k].kind),
                   chk.diffs[k].what);
        if (chk.n_diffs > DT_SEAL_MAX_DIFFS)
            printf("  ... and %zu more\n", chk.n_diffs - DT_SEAL_MAX_DIFFS);
        rc = CLI_NOT_REPRODUCED;
    }
    dt_seal_free(s);
    return rc;
}
