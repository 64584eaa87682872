/*
 * --lever ID and --set SLOT=VALUE, shared by forecast, analyze, sweep,
 * plot and report: collected while parsing, then applied to each loaded
 * scenario by the library (dt_scenario_whatif), which checks the ids and
 * builds the messages (with the closest ids for an unknown one).
 */
#include <stdlib.h>

#include "cli.h"

static int push(const char ***v, size_t *n, const char *arg)
{
    const char **p = realloc(*v, (*n + 1) * sizeof *p);

    if (!p) {
        cli_error("out of memory");
        return 0;
    }
    p[(*n)++] = arg;
    *v = p;
    return 1;
}

int cli_whatif_opt(cli_whatif *w, int c, const char *arg)
{
    if (c == CLI_OPT_LEVER)
        return push(&w->levers, &w->n_levers, arg) ? 1 : -1;
    if (c == CLI_OPT_SET)
        return push(&w->sets, &w->n_sets, arg) ? 1 : -1;
    return 0;
}

int cli_whatif_apply(const cli_whatif *w, const char *file, dt_scenario **sc)
{
    dt_scenario *out;
    dt_error err;
    dt_status st;

    if (w->n_levers == 0 && w->n_sets == 0)
        return CLI_OK;
    st = dt_scenario_whatif(*sc, w->levers, w->n_levers, w->sets, w->n_sets,
                            &out, &err);
    if (st != DT_OK) {
        cli_error("%s: %s", file, err.msg);
        return cli_exit_for(st);
    }
    dt_scenario_free(*sc);
    *sc = out;
    return CLI_OK;
}

int cli_load_whatif(const char *path, const cli_whatif *w, dt_scenario **out)
{
    int rc = cli_load(path, out);

    if (rc == CLI_OK) {
        rc = cli_whatif_apply(w, path, out);
        if (rc != CLI_OK) {
            dt_scenario_free(*out);
            *out = NULL;
        }
    }
    return rc;
}

void cli_whatif_free(cli_whatif *w)
{
    free(w->levers);
    free(w->sets);
    w->levers = w->sets = NULL;
    w->n_levers = w->n_sets = 0;
}

void cli_whatif_help(FILE *f, const char *lever_opt)
{
    fprintf(f,
            "  %-19s apply this lever of the scenario first "
            "(repeatable)\n"
            "  --set SLOT=VALUE    then set one number, e.g.\n"
            "                      russia.territory.position=80, "
            "usa.no_deal.cost=10,\n"
            "                      ukraine.capability=15 (repeatable; see\n"
            "                      docs/analysts-loop.md); the output names "
            "them\n",
            lever_opt);
}
