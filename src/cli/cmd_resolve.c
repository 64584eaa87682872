/*
 * detente resolve RECORD.json --observed ISSUE=VALUE: add what happened
 * to a sealed record (the library's dt_seal_resolve).
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void resolve_usage(FILE *f)
{
    fputs("usage: detente resolve RECORD.json --observed ISSUE=VALUE... "
          "[options]\n\n"
          "Adds the outcome to a record written by 'detente seal': the "
          "observed\nvalue of each issue on its 0-100 scale (see the "
          "record's rubric) and\nwhether an agreement was made. The sealed "
          "sections are left as they\nwere, so 'detente verify' still "
          "checks the forecast. See\ndocs/judgement.md.\n\n"
          "options:\n"
          "  --observed ISSUE=VALUE[,ISSUE=VALUE...]\n"
          "                      observed value of an issue (repeatable)\n"
          "  --agreement yes|no  whether an agreement was made\n"
          "  -o, --out FILE      write to FILE (atomically) instead of "
          "replacing\n"
          "                      RECORD.json\n"
          "\nexit codes: 0 ok, 2 usage (also an unknown issue or a value "
          "outside\n0-100), 3 not a record, 4 I/O, 5 out of memory, 70 "
          "internal.\n",
          f);
}

enum { OPT_OBSERVED = 256, OPT_AGREEMENT };

/* Apply "a=1,b=2"; returns an exit code. */
static int observe(dt_seal *s, const char *arg)
{
    char *buf = strdup(arg), *p, *save = NULL;
    int rc = CLI_OK;

    if (!buf) {
        cli_error("out of memory");
        return CLI_NOMEM;
    }
    for (p = strtok_r(buf, ",", &save); p && rc == CLI_OK;
         p = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(p, '='), *end;
        double v;
        dt_error err;
        dt_status st;

        if (!eq || eq == p || !eq[1]) {
            cli_error("--observed expects ISSUE=VALUE, got '%s'", p);
            rc = CLI_USAGE;
            break;
        }
        *eq = '\0';
        v = strtod(eq + 1, &end);
        if (*end) {
            cli_error("--observed %s: expected a number, got '%s'", p, eq + 1);
            rc = CLI_USAGE;
            break;
        }
        st = dt_seal_resolve(s, p, v, &err);
        if (st != DT_OK) {
            cli_error("--observed: %s", err.msg);
            rc = cli_exit_for(st);
        }
    }
    free(buf);
    return rc;
}

int cmd_resolve(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {"out", required_argument, NULL, 'o'},
        {"observed", required_argument, NULL, OPT_OBSERVED},
        {"agreement", required_argument, NULL, OPT_AGREEMENT},
        {NULL, 0, NULL, 0},
    };
    static const char *const yesno[] = {"no", "yes", NULL};
    const char **obs = NULL, *out = NULL;
    size_t n_obs = 0, k;
    int agreement = -1, rc = CLI_OK;
    dt_seal *s = NULL;
    dt_error err;
    dt_status st;

    obs = calloc((size_t)argc, sizeof *obs);
    if (!obs) {
        cli_error("out of memory");
        return CLI_NOMEM;
    }
    optind = 1;
    opterr = 0;
    for (;;) {
        int c = getopt_long(argc, argv, "ho:", longopts, NULL);

        if (c == -1)
            break;
        switch (c) {
        case 'h':
            resolve_usage(stdout);
            goto done;
        case 'o':
            out = optarg;
            break;
        case OPT_OBSERVED:
            obs[n_obs++] = optarg;
            break;
        case OPT_AGREEMENT:
            if (!cli_choice("--agreement", optarg, yesno, &agreement)) {
                rc = CLI_USAGE;
                goto done;
            }
            break;
        default:
            rc = cli_bad_option("resolve", argv, longopts, "ho:");
            goto done;
        }
    }
    if (argc - optind != 1) {
        cli_error("resolve takes one RECORD.json; see 'detente resolve "
                  "--help'");
        rc = CLI_USAGE;
        goto done;
    }
    if (n_obs == 0 && agreement < 0) {
        cli_error("resolve needs --observed ISSUE=VALUE or --agreement; see "
                  "'detente resolve --help'");
        rc = CLI_USAGE;
        goto done;
    }
    st = dt_seal_load(argv[optind], &s, &err);
    if (st != DT_OK) {
        char msg[600];

        dt_error_format(&err, msg, sizeof msg);
        cli_error("%s", msg);
        rc = cli_exit_for(st);
        goto done;
    }
    for (k = 0; k < n_obs && rc == CLI_OK; k++)
        rc = observe(s, obs[k]);
    if (rc == CLI_OK && agreement >= 0) {
        st = dt_seal_resolve_agreement(s, agreement, &err);
        if (st != DT_OK) {
            cli_error("%s", err.msg);
            rc = cli_exit_for(st);
        }
    }
    if (rc == CLI_OK) {
        cli_out o;

        rc = cli_out_open(&o, out ? out : argv[optind]);
        if (rc == CLI_OK)
            rc = cli_out_finish(
                &o, dt_seal_write_json(s, cli_file_write, o.f, &err), &err);
    }
done:
    dt_seal_free(s);
    free(obs);
    return rc;
}
