/*
 * detente export: a scenario in another format - YAML, JSON, the
 * multi-issue CSV table (dt_scenario_write_table_csv) or an Excel
 * workbook with its results (dt_report_write_xlsx). The library writes;
 * this file only parses flags and picks the output.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

static void export_usage(FILE *f)
{
    fputs("usage: detente export FILE --format yaml|json|csv|xlsx [-o OUT]\n"
          "                      [--delimiter comma|semicolon|tab]\n\n"
          "Writes the scenario in FILE (YAML, CSV or KTAB) in another "
          "format:\n"
          "yaml and json as 'detente' writes scenarios, csv as the "
          "multi-issue\n"
          "table (one row per actor and issue; what the table cannot hold "
          "is\n"
          "named in its last comment line), xlsx as an Excel workbook with "
          "the\n"
          "scenario and its results (every model's forecast per issue, the\n"
          "zone, the Nash deal, durability). See docs/scenario-format.md "
          "and\n"
          "docs/reports.md.\n\n"
          "options:\n"
          "  --format F       yaml, json, csv or xlsx (default: from OUT's\n"
          "                   extension)\n"
          "  -o, --out OUT    write to OUT (atomically) instead of stdout;\n"
          "                   required for xlsx\n"
          "  --delimiter D    csv: comma (default), semicolon or tab\n\n"
          "exit codes: 0 ok, 2 usage, 3 invalid scenario (or one the format\n"
          "cannot hold), 4 I/O, 5 out of memory.\n",
          f);
}

enum { OPT_FORMAT = 256, OPT_DELIM };
enum { EX_YAML, EX_JSON, EX_CSV, EX_XLSX };

static const char *const ex_names[] = {"yaml", "json", "csv", "xlsx", NULL};

/* The format named by OUT's extension, or -1. */
static int from_ext(const char *out)
{
    const char *dot = out ? strrchr(out, '.') : NULL;

    if (!dot)
        return -1;
    if (strcasecmp(dot, ".yaml") == 0 || strcasecmp(dot, ".yml") == 0)
        return EX_YAML;
    if (strcasecmp(dot, ".json") == 0)
        return EX_JSON;
    if (strcasecmp(dot, ".csv") == 0)
        return EX_CSV;
    if (strcasecmp(dot, ".xlsx") == 0)
        return EX_XLSX;
    return -1;
}

int cmd_export(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"delimiter", required_argument, NULL, OPT_DELIM},
        {"out", required_argument, NULL, 'o'},
        {NULL, 0, NULL, 0},
    };
    static const char *const delims[] = {"comma", "semicolon", "tab", NULL};
    const char *out = NULL, *fmt_arg = NULL;
    int c, fmt = -1, delim = 0, rc;
    dt_scenario *sc = NULL;
    dt_error err;
    dt_status s;
    cli_out o;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        switch (c) {
        case 'h':
            export_usage(stdout);
            return CLI_OK;
        case OPT_FORMAT:
            if (fmt_arg) {
                cli_error("--format given twice ('%s', then '%s')", fmt_arg,
                          optarg);
                return CLI_USAGE;
            }
            fmt_arg = optarg;
            if (!cli_choice("--format", optarg, ex_names, &fmt))
                return CLI_USAGE;
            break;
        case OPT_DELIM:
            if (!cli_choice("--delimiter", optarg, delims, &delim))
                return CLI_USAGE;
            break;
        case 'o':
            if (!*optarg) {
                cli_error("-o needs a file name");
                return CLI_USAGE;
            }
            out = optarg;
            break;
        default:
            return cli_bad_option("export", argv, longopts, "ho:");
        }
    }
    if (optind + 1 != argc) {
        cli_error("export takes one FILE; see 'detente export --help'");
        return CLI_USAGE;
    }
    if (out && strcmp(out, "-") == 0)
        out = NULL;
    if (fmt < 0)
        fmt = from_ext(out);
    if (fmt < 0) {
        cli_error("export needs --format yaml, json, csv or xlsx (or -o OUT "
                  "with one of these extensions)");
        return CLI_USAGE;
    }
    if (fmt == EX_XLSX && !out) {
        cli_error("--format xlsx writes a binary workbook: give -o OUT");
        return CLI_USAGE;
    }
    rc = cli_load(argv[optind], &sc);
    if (rc != CLI_OK)
        return rc;
    rc = cli_out_open(&o, out);
    if (rc != CLI_OK) {
        dt_scenario_free(sc);
        return rc;
    }
    switch (fmt) {
    case EX_YAML:
        s = dt_scenario_write_yaml(sc, cli_file_write, o.f, &err);
        break;
    case EX_JSON:
        s = dt_scenario_write_json(sc, cli_file_write, o.f, &err);
        break;
    case EX_CSV:
        s = dt_scenario_write_table_csv(sc, "\x2c;\t"[delim], cli_file_write,
                                        o.f, &err);
        break;
    default:
        /* libxlsxwriter writes the file itself: the temporary, renamed
           into place by cli_out_finish (or the path written through). */
        fflush(o.f);
        s = dt_report_write_xlsx(sc, NULL, o.tmp ? o.tmp : o.path, &err);
        break;
    }
    if (s == DT_EIO && fmt == EX_XLSX)
        cli_error("%s", err.msg);
    rc = cli_out_finish(&o, s, &err);
    dt_scenario_free(sc);
    return rc;
}
