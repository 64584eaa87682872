/*
 * The document of one-at-a-time sensitivities (dt_oat_doc, doc.h; the
 * computation is src/lib/mc/oat.c): per result its value as written and
 * the inputs that move it, largest swing first (low end, result there,
 * high end, result there, swing); the results no input moves are named
 * on one line. See docs/analysis.md "One at a time".
 */
#include <math.h>

#include "doc/doc_int.h"

/* At most this many inputs per result in the text (JSON has them all). */
#define OAT_SHOWN 10

static size_t n_moving(const dt_oat *o, size_t k, size_t ni)
{
    const size_t *rank = dt_oat_rank(o, k);
    size_t t, n = 0;

    for (t = 0; t < ni; t++) {
        double sw = dt_oat_swing(o, k, rank[t]);

        if (isnan(sw) || !(sw > 0.0))
            break;
        n++;
    }
    return n;
}

static void result_table(dt_doc *d, const dt_oat *o, size_t k, size_t shown)
{
    static const dt_doc_col col[6] = {{"", 34, 0}, {" ", 8, 1}, {" ", 9, 1},
                                      {" ", 8, 1}, {" ", 9, 1}, {" ", 8, 1}};
    static const char *const head[6] = {"input", "low",    "result",
                                        "high",  "result", "swing"};
    const dt_sweep *s = dt_oat_sweep(o);
    const size_t *rank = dt_oat_rank(o, k);
    dt_doc_layout_spec lay = {0, 4, NULL, 0, 0, 0};
    size_t t, c, b = dt_doc_table(d, shown + 1, 6, NULL);

    dt_doc_show(d, DT_DOC_PEOPLE);
    dt_doc_layout(d, &lay);
    dt_doc_columns(d, b, col);
    for (c = 0; c < 6; c++) {
        dt_doc_cell(d, b, 0, c, "%s", head[c]);
        if (c)
            dt_doc_numeric(d, b, c);
    }
    for (t = 0; t < shown; t++) {
        size_t j = rank[t];

        dt_doc_cell(d, b, t + 1, 0, "%s", dt_sweep_get_input(s, j)->label);
        dt_doc_cell(d, b, t + 1, 1, "%.2f", dt_oat_value(o, j, 0));
        dt_doc_cell(d, b, t + 1, 2, "%s",
                    dt_doc_num(d, "%.2f", dt_oat_result(o, k, j, 0), "none"));
        dt_doc_cell(d, b, t + 1, 3, "%.2f", dt_oat_value(o, j, 1));
        dt_doc_cell(d, b, t + 1, 4, "%s",
                    dt_doc_num(d, "%.2f", dt_oat_result(o, k, j, 1), "none"));
        dt_doc_cell(d, b, t + 1, 5, "%.2f", dt_oat_swing(o, k, j));
    }
}

dt_status dt_oat_doc(const dt_oat *o, const dt_doc_opts *opts, dt_doc *d,
                     dt_error *err)
{
    static const dt_doc_opts defaults = DT_DOC_OPTS_INIT;
    const dt_sweep *s = dt_oat_sweep(o);
    const dt_scenario *sc = dt_sweep_scenario(s);
    size_t k, no = dt_sweep_n_outputs(s), ni = dt_sweep_n_inputs(s);
    const char *still = NULL;

    if (!opts)
        opts = &defaults;
    dt_doc_set_title(d,
                     dt_doc_fmt(d, "One at a time: %s", dt_scenario_name(sc)));
    dt_doc_heading(d, 1, "oat",
                   dt_doc_fmt(d, "%s: one-at-a-time sensitivities of '%s'",
                              opts->file ? opts->file : dt_scenario_path(sc),
                              dt_scenario_name(sc)));
    dt__doc_whatif(d, sc);
    dt_doc_line(d, 0, 2,
                dt_doc_fmt(d,
                           "%zu uncertain inputs, each moved alone to its low "
                           "and high end, the others as written",
                           ni));
    dt_doc_line(d, 0, 2,
                "ends: a range's ends; a standard deviation's 5% and 95% "
                "quantiles");
    dt_doc_line(d, 0, 2,
                "swing: max - min of the result as written and at both "
                "ends; largest first");
    for (k = 0; k < no; k++) {
        size_t n = n_moving(o, k, ni);
        const char *label = dt_sweep_get_output(s, k)->label;

        if (n == 0) {
            still = still ? dt_doc_fmt(d, "%s, %s", still, label)
                          : dt_doc_fmt(d, "%s", label);
            continue;
        }
        dt_doc_line(
            d, 1, 0,
            dt_doc_fmt(
                d, "%s (as written: %s)%s", label,
                dt_doc_num(d, "%.2f", dt_sweep_output_base(s, k), "none"),
                n > OAT_SHOWN
                    ? dt_doc_fmt(d, ", top %d of %zu inputs", OAT_SHOWN, n)
                    : ""));
        result_table(d, o, k, n > OAT_SHOWN ? OAT_SHOWN : n);
    }
    if (still) {
        dt_doc_layout_spec lay = {1, 0, NULL, 4, 0, 0};

        /* One paragraph, wrapped, however many results it names. */
        dt_doc_para(d, DT_DOC_STYLE_TEXT,
                    dt_doc_fmt(d, "moved by no input: %s", still));
        dt_doc_layout(d, &lay);
    }
    return dt_doc_status(d, err);
}
