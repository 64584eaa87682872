/*
 * The document of a variance decomposition (dt_sobol_doc, doc.h; the
 * computation is src/lib/mc/sobol.c): the design in one line, then per
 * output its variance and the inputs (or groups) ranked by total index,
 * each with its first-order index S1 and total index ST and their
 * bootstrap intervals (Saltelli et al. 2010, Table 2 (b); Jansen 1999).
 * Inputs an output does not depend on (ST exactly 0) are counted, not
 * listed. See docs/sobol.md.
 */
#include <math.h>

#include "doc/doc_int.h"

/* At most this many inputs per output (JSON has them all). */
#define SOBOL_SHOWN 10

static const char *est_cell(dt_doc *d, const dt_sobol_est *e)
{
    return isnan(e->est) ? "-" : dt_doc_fmt(d, "%.3f", e->est);
}

static const char *ci_cell(dt_doc *d, const dt_sobol_est *e)
{
    return isnan(e->lo) || isnan(e->est)
               ? ""
               : dt_doc_fmt(d, "[%.3f, %.3f]", e->lo, e->hi);
}

static void output_table(dt_doc *d, const dt_sobol *s, size_t o, size_t shown)
{
    static const dt_doc_col col[5] = {
        {"", 40, 0}, {" ", 7, 1}, {" ", 17, 1}, {" ", 7, 1}, {" ", 17, 1}};
    static const char *const head[5] = {"input", "S1", "95% interval", "ST",
                                        "95% interval"};
    const size_t *rank = dt_sobol_rank(s, o);
    dt_doc_layout_spec lay = {0, 4, NULL, 0, 0, 0};
    size_t t, c, b = dt_doc_table(d, shown + 1, 5, NULL);

    dt_doc_show(d, DT_DOC_PEOPLE);
    dt_doc_layout(d, &lay);
    dt_doc_columns(d, b, col);
    for (c = 0; c < 5; c++) {
        dt_doc_cell(d, b, 0, c, "%s", head[c]);
        if (c)
            dt_doc_numeric(d, b, c);
    }
    for (t = 0; t < shown; t++) {
        size_t j = rank[t];
        const dt_sobol_est *e1 = dt_sobol_first(s, o, j),
                           *et = dt_sobol_total(s, o, j);

        dt_doc_cell(d, b, t + 1, 0, "%s", dt_sobol_input_label(s, j));
        dt_doc_cell(d, b, t + 1, 1, "%s", est_cell(d, e1));
        dt_doc_cell(d, b, t + 1, 2, "%s", ci_cell(d, e1));
        dt_doc_cell(d, b, t + 1, 3, "%s", est_cell(d, et));
        dt_doc_cell(d, b, t + 1, 4, "%s", ci_cell(d, et));
    }
}

/* Inputs with a total index other than exactly 0, in rank order. */
static size_t n_listed(const dt_sobol *s, size_t o)
{
    const size_t *rank = dt_sobol_rank(s, o);
    size_t t, n = 0, k = dt_sobol_n_inputs(s);

    for (t = 0; t < k; t++)
        if (dt_sobol_total(s, o, rank[t])->est != 0.0)
            n++;
    return n;
}

/* Whether output o is shown under o->section (the report): forecasts
 * and deal points only, where a decomposition reads as an answer. */
static int in_section(const dt_sobol *s, size_t o)
{
    const dt_sweep *sw = dt_sobol_sweep(s);
    dt_output_kind kind;

    if (o >= dt_sweep_n_outputs(sw))
        return 1; /* the forecast of the drawn model */
    kind = dt_sweep_get_output(sw, o)->kind;
    return kind == DT_OUTPUT_FORECAST || kind == DT_OUTPUT_DEAL;
}

dt_status dt_sobol_doc(const dt_sobol *s, const dt_doc_opts *opts, dt_doc *d,
                       dt_error *err)
{
    static const dt_doc_opts defaults = DT_DOC_OPTS_INIT;
    const dt_sweep *sw = dt_sobol_sweep(s);
    const dt_sobol_opts *op = dt_sobol_get_opts(s);
    const dt_scenario *sc;
    size_t o, k = dt_sobol_n_inputs(s);
    int sub;

    if (!sw)
        return dt__error_set(err, DT_EINVAL,
                             "only a scenario's decomposition has a document");
    if (!opts)
        opts = &defaults;
    sub = opts->section;
    sc = dt_sweep_scenario(sw);
    if (sub)
        dt_doc_heading(d, 2, "sobol", "Where the uncertainty comes from");
    else {
        dt_doc_set_title(d, dt_doc_fmt(d, "Variance decomposition: %s",
                                       dt_scenario_name(sc)));
        dt_doc_heading(
            d, 1, "sobol",
            dt_doc_fmt(d, "%s: variance decomposition of '%s'",
                       opts->file ? opts->file : dt_scenario_path(sc),
                       dt_scenario_name(sc)));
        dt__doc_whatif(d, sc);
    }
    dt_doc_line(
        d, 0, 2,
        dt_doc_fmt(d,
                   "seed %llu, %zu base rows, %zu %s, %zu model runs, %zu "
                   "bootstrap resamples, %.0f%% intervals%s",
                   (unsigned long long)op->seed, op->n_base, k,
                   op->group_by == DT_SOBOL_BY_INPUT
                       ? "inputs"
                       : dt_doc_fmt(d, "groups (by %s)",
                                    dt_sobol_group_by_name(op->group_by)),
                   dt_sobol_n_runs(s), op->n_boot, 100.0 * op->level,
                   dt_sweep_has_analysis(sw) ? ", summit analysis on every run"
                                             : ""));
    dt_doc_line(d, 0, 2,
                "S1: first-order index, the share of the variance the input "
                "explains alone (Saltelli et al. 2010); ST: total index, "
                "with its interactions (Jansen 1999); ranked by ST");
    for (o = 0; o < dt_sobol_n_outputs(s); o++) {
        double v = dt_sobol_variance(s, o);
        size_t n = n_listed(s, o);

        /* The report leaves out what the draws never define (no deal). */
        if (sub && (!in_section(s, o) || dt_sobol_n_used(s, o) < 2))
            continue;
        dt_doc_line(d, 1, 0,
                    dt_doc_fmt(d, "%s (variance %.6g, %zu rows)",
                               dt_sobol_output_label(s, o), v,
                               dt_sobol_n_used(s, o)));
        if (dt_sobol_n_used(s, o) < 2 || !(v > 0.0)) {
            dt_doc_line(d, 0, 2,
                        dt_sobol_n_used(s, o) < 2
                            ? "undefined in almost every row: no indices"
                            : "constant over the draws: no indices");
            continue;
        }
        output_table(d, s, o, n > SOBOL_SHOWN ? SOBOL_SHOWN : n);
        if (n > SOBOL_SHOWN || n < k)
            dt_doc_line(
                d, 0, 2,
                dt_doc_fmt(
                    d, "%s%s%s",
                    n > SOBOL_SHOWN
                        ? dt_doc_fmt(d, "%zu more with ST > 0", n - SOBOL_SHOWN)
                        : "",
                    n > SOBOL_SHOWN && n < k ? ", " : "",
                    n < k ? dt_doc_fmt(d, "%zu %s%s with ST = 0", k - n,
                                       op->group_by == DT_SOBOL_BY_INPUT
                                           ? "input"
                                           : "group",
                                       k - n == 1 ? "" : "s")
                          : ""));
    }
    return dt_doc_status(d, err);
}
