/*
 * The document of a reconciliation of analysts (dt_reconcile_doc,
 * estimates.h; docs/judgement.md "Several analysts"): the analysts, the
 * disputed numbers most disputed first with the effect of each
 * disagreement, and each analyst's forecasts with all of their modes.
 */
#include <math.h>

#include "doc/doc_int.h"

#include <detente/estimates.h>

static const char *verdict(dt_doc *d, const dt_vary_step *st)
{
    (void)d;
    if (!st->analysed)
        return "n/a";
    return st->feasible ? "agreement" : "no agreement";
}

static void analysts_table(const dt_reconcile *r, dt_doc *d)
{
    size_t na = dt_estimates_n_analysts(r->est), k, s, t, n;

    dt_doc_heading(d, 2, "reconcile-analysts", "Analysts");
    dt_doc_gap(d, 1, 0);
    t = dt_doc_table(d, na + 1, 4, NULL);
    dt_doc_gap(d, 1, 2);
    dt_doc_cell(d, t, 0, 0, "%s", "analyst");
    dt_doc_cell(d, t, 0, 1, "%s", "weight");
    dt_doc_cell(d, t, 0, 2, "%s", "shape");
    dt_doc_cell(d, t, 0, 3, "%s", "numbers estimated");
    dt_doc_numeric(d, t, 1);
    dt_doc_numeric(d, t, 3);
    for (k = 0; k < na; k++) {
        for (s = 0, n = 0; s < dt_scenario_n_slots(r->sc); s++)
            n += dt_estimates_get(r->est, k, s) != NULL;
        dt_doc_cell(d, t, k + 1, 0, "%s", dt_estimates_analyst(r->est, k));
        dt_doc_cell(d, t, k + 1, 1, "%g", dt_estimates_weight(r->est, k));
        dt_doc_cell(d, t, k + 1, 2, "%s",
                    dt_estimates_shape(r->est, k) == DT_ESTIMATE_TRIANGULAR
                        ? "triangular"
                        : "pert");
        dt_doc_cell(d, t, k + 1, 3, "%zu", n);
    }
}

static void disputes_table(const dt_reconcile *r, dt_doc *d)
{
    size_t na = dt_estimates_n_analysts(r->est), j, k, t;

    dt_doc_heading(d, 2, "reconcile-disputes",
                   "Where the analysts disagree (most first)");
    if (r->n_items == 0) {
        dt_doc_para(d, DT_DOC_STYLE_TEXT,
                    "No number was estimated by two analysts or more.");
        return;
    }
    dt_doc_gap(d, 1, 0);
    t = dt_doc_table(d, r->n_items + 1, 7 + na, NULL);
    dt_doc_gap(d, 1, 2);
    dt_doc_cell(d, t, 0, 0, "%s", "number");
    dt_doc_cell(d, t, 0, 1, "%s", "written");
    for (k = 0; k < na; k++) {
        dt_doc_cell(d, t, 0, 2 + k, "%s", dt_estimates_analyst(r->est, k));
        dt_doc_numeric(d, t, 2 + k);
    }
    dt_doc_cell(d, t, 0, 2 + na, "%s", "spread");
    dt_doc_cell(d, t, 0, 3 + na, "%s", "ranges overlap");
    dt_doc_cell(d, t, 0, 4 + na, "%s", "largest forecast move");
    dt_doc_cell(d, t, 0, 5 + na, "%s", "deal move");
    dt_doc_cell(d, t, 0, 6 + na, "%s", "zone verdict");
    dt_doc_numeric(d, t, 1);
    dt_doc_numeric(d, t, 2 + na);
    dt_doc_numeric(d, t, 5 + na);
    for (j = 0; j < r->n_items; j++) {
        const dt_reconcile_item *it = &r->items[j];

        dt_doc_cell(d, t, j + 1, 0, "%s", it->slot_id);
        dt_doc_cell(d, t, j + 1, 1, "%g", it->was);
        for (k = 0; k < na; k++) {
            const dt_estimate *x = dt_estimates_get(r->est, k, it->slot);

            dt_doc_cell(
                d, t, j + 1, 2 + k, "%s",
                x ? dt_doc_fmt(d, "%g [%g-%g]", x->mode, x->low, x->high)
                  : "-");
        }
        dt_doc_cell(d, t, j + 1, 2 + na, "%.0f%%", 100.0 * it->spread);
        dt_doc_cell(d, t, j + 1, 3 + na, "%s", it->overlap ? "yes" : "no");
        dt_doc_cell(
            d, t, j + 1, 4 + na, "%s",
            it->moves > 0
                ? dt_doc_fmt(d, "%.2f (%s, %s)", it->moves,
                             r->models[it->moves_model],
                             dt_scenario_issue(r->sc, it->moves_issue)->id)
                : "0");
        dt_doc_cell(d, t, j + 1, 5 + na, "%s",
                    dt_doc_num(d, "%.2f", it->deal_moves, "n/a"));
        dt_doc_cell(d, t, j + 1, 6 + na, "%s",
                    it->verdict_splits ? "splits" : "same");
    }
}

static void per_analyst(const dt_reconcile *r, dt_doc *d)
{
    size_t na = dt_estimates_n_analysts(r->est), i, k, m, t, nm = r->n_models,
           row;

    dt_doc_heading(d, 2, "reconcile-forecasts",
                   "Forecasts with each analyst's numbers");
    dt_doc_para(d, DT_DOC_STYLE_TEXT,
                "Each analyst's modes applied together, beside the scenario "
                "as written.");
    dt_doc_gap(d, 1, 0);
    t = dt_doc_table(d, (na + 1) * r->n_issues + 1, nm + 5, NULL);
    dt_doc_gap(d, 1, 2);
    dt_doc_cell(d, t, 0, 0, "%s", "issue");
    dt_doc_cell(d, t, 0, 1, "%s", "numbers of");
    for (m = 0; m < nm; m++) {
        dt_doc_cell(d, t, 0, 2 + m, "%s", r->models[m]);
        dt_doc_numeric(d, t, 2 + m);
    }
    dt_doc_cell(d, t, 0, 2 + nm, "%s", "deal");
    dt_doc_cell(d, t, 0, 3 + nm, "%s", "zone");
    dt_doc_cell(d, t, 0, 4 + nm, "%s", "durability");
    dt_doc_numeric(d, t, 2 + nm);
    dt_doc_numeric(d, t, 4 + nm);
    row = 1;
    for (i = 0; i < r->n_issues; i++)
        for (k = 0; k <= na; k++, row++) {
            const dt_vary_step *st =
                k == 0 ? &r->as_written : &r->analyst[k - 1];

            dt_doc_cell(d, t, row, 0, "%s",
                        k == 0 ? dt_scenario_issue(r->sc, i)->id : "");
            dt_doc_cell(d, t, row, 1, "%s",
                        k == 0 ? "as written"
                               : dt_estimates_analyst(r->est, k - 1));
            for (m = 0; m < nm; m++)
                dt_doc_cell(
                    d, t, row, 2 + m, "%s",
                    dt_doc_num(d, "%.2f", st->forecast[i * nm + m], "n/a"));
            dt_doc_cell(d, t, row, 2 + nm, "%s",
                        dt_doc_num(d, "%.2f", st->deal[i], "n/a"));
            dt_doc_cell(d, t, row, 3 + nm, "%s", verdict(d, st));
            dt_doc_cell(d, t, row, 4 + nm, "%s",
                        isfinite(st->durability)
                            ? dt_doc_fmt(d, "%.1f%%", 100.0 * st->durability)
                            : "n/a");
        }
}

dt_status dt_reconcile_doc(const dt_reconcile *r, const dt_doc_opts *o,
                           dt_doc *d, dt_error *err)
{
    (void)o;
    dt_doc_set_title(
        d, dt_doc_fmt(d, "%s: analysts reconciled", dt_scenario_name(r->sc)));
    dt_doc_heading(d, 1, "reconcile", dt_doc_title(d));
    dt__doc_whatif(d, r->sc);
    dt_doc_paraf(d, DT_DOC_STYLE_TEXT,
                 "%zu analysts; %zu numbers estimated by two or more. Spread: "
                 "(highest mode - lowest mode) / scale (100 for 0-100 "
                 "numbers). Moves: the largest difference between two "
                 "analysts' modes of that number alone, others as written.",
                 dt_estimates_n_analysts(r->est), r->n_items);
    analysts_table(r, d);
    disputes_table(r, d);
    per_analyst(r, d);
    return dt_doc_status(d, err);
}
