/*
 * The document of a one-input sweep (dt_vary_doc, vary.h): the zone per
 * step with its flips marked, then per issue every model's forecast and
 * the deal per step.
 */
#include <math.h>

#include "doc/doc_int.h"

#include <detente/vary.h>

static const char *verdict(dt_doc *d, const dt_vary_step *st)
{
    const char *v;

    if (!st->analysed)
        return "n/a (no table)";
    v = st->feasible ? "agreement possible" : "no agreement";
    if (st->flip > 0)
        return dt_doc_fmt(d, "%s  <- opens", v);
    if (st->flip < 0)
        return dt_doc_fmt(d, "%s  <- closes", v);
    return v;
}

dt_status dt_vary_doc(const dt_vary *v, const dt_doc_opts *o, dt_doc *d,
                      dt_error *err)
{
    const dt_scenario *sc = v->sc;
    size_t k, i, m, t, flips = 0;

    (void)o;
    dt_doc_set_title(
        d, dt_doc_fmt(d, "%s: %s varied", dt_scenario_name(sc), v->slot_id));
    dt_doc_heading(d, 1, "vary", dt_doc_title(d));
    dt__doc_whatif(d, sc);
    dt_doc_paraf(d, DT_DOC_STYLE_TEXT,
                 "%s from %s to %s in %zu steps (as written: %s)", v->slot_id,
                 dt_doc_num(d, "%g", v->steps[0].value, "n/a"),
                 dt_doc_num(d, "%g", v->steps[v->n_steps - 1].value, "n/a"),
                 v->n_steps, dt_doc_num(d, "%g", v->was, "n/a"));
    for (k = 0; k < v->n_steps; k++)
        flips += v->steps[k].flip != 0;
    if (flips == 0)
        dt_doc_para(d, DT_DOC_STYLE_TEXT,
                    "The zone's verdict does not flip over this range.");
    for (k = 0; k < v->n_steps; k++)
        if (v->steps[k].flip)
            dt_doc_paraf(d, DT_DOC_STYLE_TEXT,
                         "The zone %s between %s = %s and %s.",
                         v->steps[k].flip > 0 ? "opens" : "closes", v->slot_id,
                         dt_doc_num(d, "%g", v->steps[k - 1].value, "n/a"),
                         dt_doc_num(d, "%g", v->steps[k].value, "n/a"));
    dt_doc_heading(d, 2, "vary-zone", "Zone of agreement per step");
    dt_doc_gap(d, 1, 0);
    t = dt_doc_table(d, v->n_steps + 1, 5, NULL);
    dt_doc_gap(d, 1, 2);
    dt_doc_cell(d, t, 0, 0, "%s", "value");
    dt_doc_cell(d, t, 0, 1, "%s", "zone");
    dt_doc_cell(d, t, 0, 2, "%s", "surplus");
    dt_doc_cell(d, t, 0, 3, "%s", "durability");
    dt_doc_cell(d, t, 0, 4, "%s", "spoilers");
    dt_doc_numeric(d, t, 0);
    dt_doc_numeric(d, t, 2);
    dt_doc_numeric(d, t, 3);
    dt_doc_numeric(d, t, 4);
    for (k = 0; k < v->n_steps; k++) {
        const dt_vary_step *st = &v->steps[k];

        dt_doc_cell(d, t, k + 1, 0, "%s",
                    dt_doc_num(d, "%.4g", st->value, "n/a"));
        dt_doc_cell(d, t, k + 1, 1, "%s", verdict(d, st));
        dt_doc_cell(d, t, k + 1, 2, "%s",
                    dt_doc_num(d, "%.2f", st->surplus, "n/a"));
        dt_doc_cell(d, t, k + 1, 3, "%s",
                    isfinite(st->durability)
                        ? dt_doc_fmt(d, "%.1f%%", 100.0 * st->durability)
                        : "n/a");
        dt_doc_cell(d, t, k + 1, 4, "%zu", st->n_spoilers);
    }
    for (i = 0; i < v->n_issues; i++) {
        const dt_issue *is = dt_scenario_issue(sc, i);

        dt_doc_heading(d, 2, NULL,
                       dt_doc_fmt(d, "%s: forecasts and deal", is->id));
        dt_doc_gap(d, 1, 0);
        t = dt_doc_table(d, v->n_steps + 1, v->n_models + 2, NULL);
        dt_doc_gap(d, 1, 2);
        dt_doc_cell(d, t, 0, 0, "%s", "value");
        for (m = 0; m < v->n_models; m++) {
            dt_doc_cell(d, t, 0, m + 1, "%s", v->models[m]);
            dt_doc_numeric(d, t, m + 1);
        }
        dt_doc_cell(d, t, 0, v->n_models + 1, "%s", "deal");
        dt_doc_numeric(d, t, 0);
        dt_doc_numeric(d, t, v->n_models + 1);
        for (k = 0; k < v->n_steps; k++) {
            const dt_vary_step *st = &v->steps[k];

            dt_doc_cell(d, t, k + 1, 0, "%s",
                        dt_doc_num(d, "%.4g", st->value, "n/a"));
            for (m = 0; m < v->n_models; m++)
                dt_doc_cell(d, t, k + 1, m + 1, "%s",
                            dt_doc_num(d, "%.2f",
                                       st->forecast[i * v->n_models + m],
                                       "n/a"));
            dt_doc_cell(d, t, k + 1, v->n_models + 1, "%s",
                        dt_doc_num(d, "%.2f", st->deal[i], "n/a"));
        }
    }
    return dt_doc_status(d, err);
}
