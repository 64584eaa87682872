/*
 * detente validate FILE: check a scenario, print every error found with
 * its location, or a summary of what the scenario contains.
 */
#include <getopt.h>
#include <string.h>

#include "cli.h"

static void validate_usage(FILE *f)
{
    fputs("usage: detente validate FILE\n\n"
          "Checks a scenario (YAML, or a .csv actor table) and prints every "
          "error\nas FILE:LINE:COL: MESSAGE (exit 3), or a summary of the "
          "scenario (exit 0).\n",
          f);
}

/* Count the values that carry a note, and all values, of one dt_value. */
static void count_note(const dt_value *v, size_t *noted, size_t *total)
{
    (*total)++;
    if (v->note)
        (*noted)++;
}

static void summarise(const dt_scenario *sc)
{
    size_t ni = dt_scenario_n_issues(sc), na = dt_scenario_n_actors(sc);
    size_t a, i, table = 0, noted = 0, total = 0;
    const dt_outcome *oc = dt_scenario_outcome(sc);

    for (a = 0; a < na; a++)
        if (dt_scenario_actor(sc, a)->role == DT_ROLE_TABLE)
            table++;
    printf("%s: valid scenario '%s'", dt_scenario_path(sc),
           dt_scenario_name(sc));
    if (dt_scenario_date(sc))
        printf(" (%s)", dt_scenario_date(sc));
    printf("\n  %zu issue%s, %zu actor%s (%zu at the table, %zu excluded), "
           "%zu source%s\n",
           ni, ni == 1 ? "" : "s", na, na == 1 ? "" : "s", table, na - table,
           dt_scenario_n_sources(sc),
           dt_scenario_n_sources(sc) == 1 ? "" : "s");
    for (i = 0; i < ni; i++) {
        const dt_issue *is = dt_scenario_issue(sc, i);
        size_t stakes = 0;

        if (is->has_status_quo)
            count_note(&is->status_quo, &noted, &total);
        for (a = 0; a < na; a++) {
            const dt_stake *st = dt_scenario_stake(sc, a, i);

            if (!st)
                continue;
            stakes++;
            count_note(&st->position, &noted, &total);
            count_note(&st->salience, &noted, &total);
            if (st->has_capability)
                count_note(&st->capability, &noted, &total);
            if (st->has_no_deal)
                count_note(&st->no_deal, &noted, &total);
        }
        printf("  issue %-24s %zu actor%s with a stake", is->id, stakes,
               stakes == 1 ? "" : "s");
        if (is->has_status_quo)
            printf(", status quo %g", is->status_quo.v);
        printf("\n");
    }
    for (a = 0; a < na; a++) {
        const dt_actor *ac = dt_scenario_actor(sc, a);

        const dt_no_deal *nd = dt_scenario_no_deal(sc, a);

        count_note(&ac->capability, &noted, &total);
        printf("  actor %-24s %-8s capability %g", ac->id,
               ac->role == DT_ROLE_TABLE ? "table" : "excluded",
               ac->capability.v);
        if (nd->has_cost) {
            count_note(&nd->cost, &noted, &total);
            printf(", no-deal cost %g", nd->cost.v);
        }
        printf("\n");
    }
    if (dt_scenario_n_constraints(sc))
        printf("  %zu cross-issue red line%s\n", dt_scenario_n_constraints(sc),
               dt_scenario_n_constraints(sc) == 1 ? "" : "s");
    for (i = 0; i < dt_scenario_n_levers(sc); i++) {
        const dt_lever *lv = dt_scenario_lever(sc, i);

        printf("  lever %-24s by %s, %zu effect%s\n", lv->id,
               dt_scenario_actor(sc, lv->by)->id, lv->n_effects,
               lv->n_effects == 1 ? "" : "s");
    }
    if (oc && oc->description) {
        int n = 60;

        /* Cut at a character boundary, not inside a UTF-8 sequence. */
        if ((int)strlen(oc->description) > n)
            while (n > 0 && (oc->description[n] & 0xc0) == 0x80)
                n--;
        printf("  outcome recorded: %.*s%s\n", n, oc->description,
               (int)strlen(oc->description) > n ? "..." : "");
    } else if (oc) {
        printf("  outcome recorded\n");
    }
    printf("  %zu of %zu numbers carry a note\n", noted, total);
}

int cmd_validate(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    dt_scenario *sc = NULL;
    int c, rc;

    optind = 1;
    opterr = 0;
    for (;;) {
        c = getopt_long(argc, argv, "h", longopts, NULL);
        if (c == -1)
            break;
        if (c == 'h') {
            validate_usage(stdout);
            return CLI_OK;
        }
        cli_error("unknown option '%s'; see 'detente validate --help'",
                  argv[optind - 1]);
        return CLI_USAGE;
    }
    if (argc - optind != 1) {
        cli_error("validate takes exactly one FILE; see 'detente validate "
                  "--help'");
        return CLI_USAGE;
    }
    rc = cli_load(argv[optind], &sc);
    if (rc != CLI_OK)
        return rc;
    summarise(sc);
    dt_scenario_free(sc);
    return CLI_OK;
}
