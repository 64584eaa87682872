/*
 * detente new: scaffold a valid, commented scenario from flags (the
 * library's dt_scenario_scaffold writes it): every actor holds a stake in
 * every issue, with placeholder numbers whose notes say to replace them.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static void new_usage(FILE *f)
{
    fputs(
        "usage: detente new --issues ID[=NAME],... --actors "
        "ID[=NAME][:excluded],...\n"
        "                   [--name TEXT] [-o FILE] [--force]\n\n"
        "Writes a new scenario as YAML: the issues and actors given, every\n"
        "actor with a stake in every issue, and placeholder numbers (status\n"
        "quo and positions 50, saliences 50, capabilities 100), each with a\n"
        "note saying it is a placeholder to replace with a judgement and its\n"
        "source. The result validates. See docs/scenario-format.md.\n\n"
        "options:\n"
        "  --issues LIST    issues, comma-separated: ID or ID=Name\n"
        "  --actors LIST    actors, comma-separated: ID, ID=Name, with\n"
        "                   ':excluded' for a stakeholder kept from the "
        "table\n"
        "  --name TEXT      the scenario's name (default: New scenario)\n"
        "  -o, --out FILE   write to FILE (atomically) instead of stdout\n"
        "  --force          replace FILE when it exists\n\n"
        "exit codes: 0 ok, 2 usage, 3 invalid ids or names, 4 I/O "
        "(FILE\nexists without --force, or cannot be written).\n",
        f);
}

/*
 * Split "a=A,b:excluded" in place into items (ids, names, roles); the
 * count in *n. Returns 0 (printed) on a bad role.
 */
static int split_items(char *s, int actors, dt_scaffold_item *items, size_t cap,
                       size_t *n)
{
    char *p, *save = NULL;

    *n = 0;
    for (p = strtok_r(s, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
        char *eq, *colon = actors ? strrchr(p, ':') : NULL;

        if (*n == cap) {
            cli_error("too many items (at most %zu)", cap);
            return 0;
        }
        items[*n].role = DT_ROLE_TABLE;
        if (colon) {
            *colon = '\0';
            if (strcmp(colon + 1, "excluded") == 0)
                items[*n].role = DT_ROLE_EXCLUDED;
            else if (strcmp(colon + 1, "table") != 0) {
                cli_error("unknown role '%s' for actor '%s' (expected table "
                          "or excluded)",
                          colon + 1, p);
                return 0;
            }
        }
        eq = strchr(p, '=');
        if (eq)
            *eq = '\0';
        items[*n].id = p;
        items[*n].name = eq && eq[1] ? eq + 1 : p;
        (*n)++;
    }
    return 1;
}

enum { OPT_ISSUES = 256, OPT_ACTORS, OPT_NAME, OPT_FORCE };
#define NEW_MAX 256

int cmd_new(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {"issues", required_argument, NULL, OPT_ISSUES},
        {"actors", required_argument, NULL, OPT_ACTORS},
        {"name", required_argument, NULL, OPT_NAME},
        {"out", required_argument, NULL, 'o'},
        {"force", no_argument, NULL, OPT_FORCE},
        {NULL, 0, NULL, 0},
    };
    dt_scaffold_item *issues = calloc(NEW_MAX, sizeof *issues),
                     *actors = calloc(NEW_MAX, sizeof *actors);
    char *issue_arg = NULL, *actor_arg = NULL;
    const char *name = "New scenario", *out = NULL;
    size_t n_issues = 0, n_actors = 0;
    int c, force = 0, rc = CLI_USAGE;
    struct stat st;
    cli_out o;
    dt_error err;
    dt_status s;

    if (!issues || !actors) {
        cli_error("out of memory");
        rc = CLI_INTERNAL;
        goto done;
    }
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        switch (c) {
        case 'h':
            new_usage(stdout);
            rc = CLI_OK;
            goto done;
        case OPT_ISSUES:
            free(issue_arg);
            issue_arg = strdup(optarg);
            break;
        case OPT_ACTORS:
            free(actor_arg);
            actor_arg = strdup(optarg);
            break;
        case OPT_NAME:
            name = optarg;
            break;
        case 'o':
            out = optarg;
            break;
        case OPT_FORCE:
            force = 1;
            break;
        default:
            rc = cli_bad_option("new", argv, longopts, "ho:");
            goto done;
        }
    }
    if (optind != argc) {
        cli_error("new takes no FILE argument (use -o FILE); see 'detente "
                  "new --help'");
        goto done;
    }
    if (!issue_arg || !actor_arg) {
        cli_error("new needs --issues and --actors; see 'detente new "
                  "--help'");
        goto done;
    }
    if (!split_items(issue_arg, 0, issues, NEW_MAX, &n_issues) ||
        !split_items(actor_arg, 1, actors, NEW_MAX, &n_actors))
        goto done;
    if (out && strcmp(out, "-") != 0 && !force && stat(out, &st) == 0) {
        cli_error("'%s' exists; use --force to replace it", out);
        rc = CLI_IO;
        goto done;
    }
    rc = cli_out_open(&o, out && strcmp(out, "-") != 0 ? out : NULL);
    if (rc != CLI_OK)
        goto done;
    s = dt_scenario_scaffold(name, issues, n_issues, actors, n_actors,
                             cli_file_write, o.f, &err);
    rc = cli_out_finish(&o, s, &err);
done:
    free(issues);
    free(actors);
    free(issue_arg);
    free(actor_arg);
    return rc;
}
