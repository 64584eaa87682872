/*
 * The summary of a loaded scenario (dt_scenario_doc, doc.h): what it
 * contains - issues, actors, red lines, levers, the recorded outcome -
 * and how many of its numbers carry a note, as detente validate prints
 * it.
 */
#include <string.h>

#include "doc/doc_int.h"

/* Count a value, and whether it carries a note. */
static void count_note(const dt_value *v, size_t *noted, size_t *total)
{
    (*total)++;
    if (v->note)
        (*noted)++;
}

static const char *plural(size_t n)
{
    return n == 1 ? "" : "s";
}

/*
 * A two-column table at margin 2 without its header in text: "WHAT "
 * and the id padded to 24, then the rest after one space.
 */
static size_t table(dt_doc *d, size_t rows, const char *what, const char *rest)
{
    dt_doc_col col[2] = {{NULL, 24, 0}, {" ", 0, 0}};
    dt_doc_layout_spec lay = {0, 2, NULL, 0, 0, 1};
    size_t t = dt_doc_table(d, rows + 1, 2, NULL);

    col[0].sep = dt_doc_fmt(d, "%s ", what);
    dt_doc_columns(d, t, col);
    dt_doc_layout(d, &lay);
    dt_doc_cell(d, t, 0, 0, "%s", what);
    dt_doc_cell(d, t, 0, 1, "%s", rest);
    return t;
}

/* The issues: how many actors have a stake, the status quo. */
static void issues(dt_doc *d, const dt_scenario *sc, size_t *noted,
                   size_t *total)
{
    size_t ni = dt_scenario_n_issues(sc), na = dt_scenario_n_actors(sc);
    size_t i, a, t = ni ? table(d, ni, "issue", "stakes") : 0;

    for (i = 0; i < ni; i++) {
        const dt_issue *is = dt_scenario_issue(sc, i);
        size_t stakes = 0;

        if (is->has_status_quo)
            count_note(&is->status_quo, noted, total);
        for (a = 0; a < na; a++) {
            const dt_stake *st = dt_scenario_stake(sc, a, i);

            if (!st)
                continue;
            stakes++;
            count_note(&st->position, noted, total);
            count_note(&st->salience, noted, total);
            if (st->has_capability)
                count_note(&st->capability, noted, total);
            if (st->has_no_deal)
                count_note(&st->no_deal, noted, total);
        }
        dt_doc_cell(d, t, i + 1, 0, "%s", is->id);
        if (is->has_status_quo)
            dt_doc_cell(d, t, i + 1, 1,
                        "%zu actor%s with a stake, status "
                        "quo %g",
                        stakes, plural(stakes), is->status_quo.v);
        else
            dt_doc_cell(d, t, i + 1, 1, "%zu actor%s with a stake", stakes,
                        plural(stakes));
    }
}

/* The actors: role, capability, no-deal cost. */
static void actors(dt_doc *d, const dt_scenario *sc, size_t *noted,
                   size_t *total)
{
    size_t na = dt_scenario_n_actors(sc), a, t;
    dt_doc_col col[3] = {{NULL, 24, 0}, {" ", 8, 0}, {" ", 0, 0}};
    dt_doc_layout_spec lay = {0, 2, NULL, 0, 0, 1};

    if (na == 0)
        return;
    t = dt_doc_table(d, na + 1, 3, NULL);
    col[0].sep = "actor ";
    dt_doc_columns(d, t, col);
    dt_doc_layout(d, &lay);
    dt_doc_cell(d, t, 0, 0, "actor");
    dt_doc_cell(d, t, 0, 1, "role");
    dt_doc_cell(d, t, 0, 2, "inputs");
    for (a = 0; a < na; a++) {
        const dt_actor *ac = dt_scenario_actor(sc, a);
        const dt_no_deal *nd = dt_scenario_no_deal(sc, a);

        count_note(&ac->capability, noted, total);
        dt_doc_cell(d, t, a + 1, 0, "%s", ac->id);
        dt_doc_cell(d, t, a + 1, 1, "%s", dt_role_name(ac->role));
        if (nd->has_cost) {
            count_note(&nd->cost, noted, total);
            dt_doc_cell(d, t, a + 1, 2, "capability %g, no-deal cost %g",
                        ac->capability.v, nd->cost.v);
        } else
            dt_doc_cell(d, t, a + 1, 2, "capability %g", ac->capability.v);
    }
}

dt_status dt_scenario_doc(const dt_scenario *sc, const dt_doc_opts *o,
                          dt_doc *d, dt_error *err)
{
    size_t ni = dt_scenario_n_issues(sc), na = dt_scenario_n_actors(sc);
    size_t nl = dt_scenario_n_levers(sc), nc = dt_scenario_n_constraints(sc);
    size_t ns = dt_scenario_n_sources(sc);
    size_t a, i, table_n = 0, noted = 0, total = 0, t, n_rat = 0;
    const dt_outcome *oc = dt_scenario_outcome(sc);

    (void)o;
    for (a = 0; a < na; a++)
        if (dt_role_at_table(dt_scenario_actor(sc, a)->role))
            table_n++;
    dt_doc_set_title(d, dt_scenario_name(sc));
    if (dt_scenario_date(sc))
        dt_doc_heading(d, 1, "scenario",
                       dt_doc_fmt(d, "%s: valid scenario '%s' (%s)",
                                  dt_scenario_path(sc), dt_scenario_name(sc),
                                  dt_scenario_date(sc)));
    else
        dt_doc_heading(d, 1, "scenario",
                       dt_doc_fmt(d, "%s: valid scenario '%s'",
                                  dt_scenario_path(sc), dt_scenario_name(sc)));
    for (a = 0; a < na; a++)
        n_rat += dt_scenario_actor(sc, a)->role == DT_ROLE_RATIFIER;
    dt_doc_line(
        d, 0, 2,
        dt_doc_fmt(
            d,
            "%zu issue%s, %zu actor%s (%zu at the table, %zu "
            "excluded%s), %zu source%s",
            ni, plural(ni), na, plural(na), table_n, na - table_n - n_rat,
            n_rat ? dt_doc_fmt(d, ", %zu ratifier%s in %zu bod%s", n_rat,
                               plural(n_rat), dt_scenario_n_bodies(sc),
                               dt_scenario_n_bodies(sc) == 1 ? "y" : "ies")
                  : "",
            ns, plural(ns)));
    issues(d, sc, &noted, &total);
    actors(d, sc, &noted, &total);
    if (nc)
        dt_doc_line(
            d, 0, 2,
            dt_doc_fmt(d, "%zu cross-issue red line%s", nc, plural(nc)));
    if (nl) {
        t = table(d, nl, "lever", "use");
        for (i = 0; i < nl; i++) {
            const dt_lever *lv = dt_scenario_lever(sc, i);

            dt_doc_cell(d, t, i + 1, 0, "%s", lv->id);
            dt_doc_cell(d, t, i + 1, 1, "by %s, %zu effect%s",
                        dt_scenario_actor(sc, lv->by)->id, lv->n_effects,
                        plural(lv->n_effects));
        }
    }
    if (oc && oc->description) {
        size_t len = strlen(oc->description), n = 60;

        /* Cut at a character boundary, not inside a UTF-8 sequence. */
        if (len > n)
            while (n > 0 && (oc->description[n] & 0xc0) == 0x80)
                n--;
        dt_doc_line(d, 0, 2,
                    dt_doc_fmt(d, "outcome recorded: %.*s%s", (int)n,
                               oc->description, len > n ? "..." : ""));
    } else if (oc)
        dt_doc_line(d, 0, 2, "outcome recorded");
    dt_doc_line(d, 0, 2,
                dt_doc_fmt(d, "%zu of %zu numbers carry a note", noted, total));
    return dt_doc_status(d, err);
}
