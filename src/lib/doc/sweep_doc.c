/*
 * The document of a sweep (dt_sweep_doc, doc.h): the draws and seed,
 * every forecast's quantiles, the analysis's probabilities, the inputs
 * that matter most, and what each actor's absence changes; its CSV is
 * one row per summary. Also the per-draw CSV (dt_sweep_write_draws_csv),
 * streamed, since it can hold millions of numbers.
 */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "doc/doc_int.h"

/*
 * The layout of a statistics table: two label columns, n, the value as
 * written, 7 numbers and the flags (fragile, bimodal).
 */
#define STATS_COLS 12
static const dt_doc_col stats_col[STATS_COLS] = {
    {"", 22, 0}, {" ", 8, 0}, {" ", 7, 1}, {" ", 8, 1},
    {" ", 7, 1}, {" ", 7, 1}, {" ", 7, 1}, {" ", 7, 1},
    {" ", 7, 1}, {" ", 7, 1}, {" ", 7, 1}, {"", 0, 0}};

/* The output of `kind` on issue i (and model m), or (size_t)-1. */
static size_t find_output(const dt_sweep *s, dt_output_kind kind, size_t i,
                          size_t m, size_t a)
{
    size_t k;

    for (k = 0; k < dt_sweep_n_outputs(s); k++) {
        const dt_sweep_output *o = dt_sweep_get_output(s, k);

        if (o->kind == kind && (i == (size_t)-1 || o->issue == i) &&
            (m == (size_t)-1 || o->model == m) &&
            (a == (size_t)-1 || o->actor == a))
            return k;
    }
    return (size_t)-1;
}

/*
 * "  fragile", "  bimodal", both, or "": the last column brings its own
 * separator so that rows without flags end without blanks.
 */
static const char *flag_words(unsigned f)
{
    if ((f & DT_SWEEP_FRAGILE) && (f & DT_SWEEP_BIMODAL))
        return "  fragile, bimodal";
    if (f & DT_SWEEP_FRAGILE)
        return "  fragile";
    if (f & DT_SWEEP_BIMODAL)
        return "  bimodal";
    return "";
}

static size_t stats_table(dt_doc *d, size_t rows, const char *a, const char *b)
{
    static const char *const head[] = {"n",   "written", "5%",  "25%",
                                       "50%", "75%",     "95%", "mean",
                                       "sd",  "  flags"};
    size_t t = dt_doc_table(d, rows + 1, STATS_COLS, NULL), c;

    dt_doc_show(d, DT_DOC_PEOPLE);
    dt_doc_gap(d, 0, 2);
    dt_doc_columns(d, t, stats_col);
    dt_doc_cell(d, t, 0, 0, "%s", a);
    dt_doc_cell(d, t, 0, 1, "%s", b);
    for (c = 0; c < STATS_COLS - 2; c++) {
        dt_doc_cell(d, t, 0, 2 + c, "%s", head[c]);
        if (c + 1 < STATS_COLS - 2)
            dt_doc_numeric(d, t, 2 + c);
    }
    return t;
}

/* A row of output k (its stats, as-written value and flags). */
static void stats_row(dt_doc *d, const dt_sweep *s, size_t t, size_t r,
                      const char *a, const char *b, size_t k)
{
    const dt_sweep_stats *st = dt_sweep_output_stats(s, k);
    size_t q;

    dt_doc_cell(d, t, r, 0, "%s", a);
    dt_doc_cell(d, t, r, 1, "%s", b);
    dt_doc_cell(d, t, r, 2, "%zu", st->n);
    dt_doc_cell(d, t, r, 3, "%s",
                dt_doc_num(d, "%.2f", dt_sweep_output_base(s, k), "none"));
    for (q = 0; q < DT_SWEEP_NQ; q++)
        dt_doc_cell(d, t, r, 4 + q, "%.2f", st->q[q]);
    dt_doc_cell(d, t, r, 9, "%.2f", st->mean);
    dt_doc_cell(d, t, r, 10, "%.2f", st->sd);
    dt_doc_cell(d, t, r, 11, "%s", flag_words(dt_sweep_output_flags(s, k)));
}

/* " (as written: yes)", with ", fragile" when flagged. */
static const char *written_yes_no(dt_doc *d, const dt_sweep *s, size_t k)
{
    double b = dt_sweep_output_base(s, k);

    if (k == (size_t)-1)
        return "";
    return dt_doc_fmt(
        d, " (as written: %s%s)",
        isnan(b)  ? "none"
        : b > 0.5 ? "yes"
                  : "no",
        dt_sweep_output_flags(s, k) & DT_SWEEP_FRAGILE ? "; fragile" : "");
}

static void analysis_part(dt_doc *d, const dt_sweep *s)
{
    static const dt_doc_col red_col[4] = {
        {"", 20, 0}, {" ", 10, 1}, {" ", 10, 1}, {"", 0, 0}};
    const dt_scenario *sc = dt_sweep_scenario(s);
    size_t ni = dt_scenario_n_issues(sc), na = dt_scenario_n_actors(sc);
    size_t i, a, t;

    dt_doc_line(d, 1, 0, "analysis");
    dt_doc_line(
        d, 0, 2,
        dt_doc_fmt(d, "P(zone of agreement exists) = %.4f%s",
                   dt_sweep_p_zone(s),
                   written_yes_no(d, s,
                                  find_output(s, DT_OUTPUT_ZONE, (size_t)-1,
                                              (size_t)-1, (size_t)-1))));
    if (!isnan(dt_sweep_p_ratified(s)))
        dt_doc_line(
            d, 0, 2,
            dt_doc_fmt(
                d, "P(ratified) = %.4f%s", dt_sweep_p_ratified(s),
                written_yes_no(d, s,
                               find_output(s, DT_OUTPUT_RATIFIED, (size_t)-1,
                                           (size_t)-1, (size_t)-1))));
    t = stats_table(d, ni + 1, "deal point", "");
    for (i = 0; i < ni; i++)
        stats_row(d, s, t, i + 1, dt_scenario_issue(sc, i)->id, "",
                  find_output(s, DT_OUTPUT_DEAL, i, (size_t)-1, (size_t)-1));
    stats_row(d, s, t, ni + 1, "durability", "",
              find_output(s, DT_OUTPUT_DURABILITY, (size_t)-1, (size_t)-1,
                          (size_t)-1));
    dt_doc_line(d, 0, 2, "P(red line crossed by the proposal)");
    t = dt_doc_table(d, na + 1, 4, NULL);
    dt_doc_show(d, DT_DOC_PEOPLE);
    {
        dt_doc_layout_spec lay = {0, 4, NULL, 0, 0, 1};

        dt_doc_layout(d, &lay);
    }
    dt_doc_columns(d, t, red_col);
    dt_doc_cell(d, t, 0, 0, "actor");
    dt_doc_cell(d, t, 0, 1, "P(crossed)");
    dt_doc_cell(d, t, 0, 2, "written");
    dt_doc_cell(d, t, 0, 3, "  flags");
    dt_doc_numeric(d, t, 1);
    dt_doc_numeric(d, t, 2);
    for (a = 0; a < na; a++) {
        size_t k =
            find_output(s, DT_OUTPUT_RED_LINE, (size_t)-1, (size_t)-1, a);
        double b = dt_sweep_output_base(s, k);

        dt_doc_cell(d, t, a + 1, 0, "%s", dt_scenario_actor(sc, a)->id);
        dt_doc_cell(d, t, a + 1, 1, "%.4f", dt_sweep_p_red_line(s, a));
        dt_doc_cell(d, t, a + 1, 2, "%s",
                    isnan(b)  ? "none"
                    : b > 0.5 ? "crossed"
                              : "kept");
        dt_doc_cell(d, t, a + 1, 3, "%s",
                    flag_words(dt_sweep_output_flags(s, k)));
    }
}

static void influence_part(dt_doc *d, const dt_sweep *s)
{
    size_t k, t, ni = dt_sweep_n_inputs(s), no = dt_sweep_n_outputs(s);
    size_t n_const = 0;

    dt_doc_line(d, 1, 0, "what matters most (Spearman rho, top 5 per result)");
    for (k = 0; k < no; k++) {
        const size_t *rank = dt_sweep_influence_rank(s, k);
        size_t shown = 0, li;

        for (t = 0; t < ni && t < 5; t++)
            if (!isnan(dt_sweep_influence(s, k, rank[t])))
                shown++;
            else
                break;
        if (shown == 0) {
            n_const++;
            continue;
        }
        dt_doc_line(d, 0, 2, dt_sweep_get_output(s, k)->label);
        li = dt_doc_list(d, shown, NULL);
        dt_doc_gap(d, 0, 4);
        for (t = 0; t < shown; t++)
            dt_doc_cell(d, li, 0, t, "%+.3f  %s",
                        dt_sweep_influence(s, k, rank[t]),
                        dt_sweep_get_input(s, rank[t])->label);
    }
    if (n_const) {
        dt_doc_layout_spec lay = {0, 2, NULL, 6, 0, 0};
        const char *line = NULL;

        for (k = 0; k < no; k++)
            if (ni == 0 || isnan(dt_sweep_influence(
                               s, k, dt_sweep_influence_rank(s, k)[0])))
                line = line ? dt_doc_fmt(d, "%s, %s", line,
                                         dt_sweep_get_output(s, k)->label)
                            : dt_doc_fmt(d, "%s",
                                         dt_sweep_get_output(s, k)->label);
        /* One paragraph, wrapped, however many results it names. */
        dt_doc_para(d, DT_DOC_STYLE_TEXT,
                    dt_doc_fmt(d,
                               "constant over the draws (or no input "
                               "correlates): %s",
                               line ? line : ""));
        dt_doc_layout(d, &lay);
    }
}

static void drop_part(dt_doc *d, const dt_sweep *s)
{
    static const dt_doc_col col[3] = {{"", 20, 0}, {" ", 8, 1}, {" ", 8, 1}};
    const dt_scenario *sc = dt_sweep_scenario(s);
    size_t na = dt_scenario_n_actors(sc), i, m, t, n, r;

    dt_doc_line(
        d, 1, 0,
        "drop each actor (mean |shift| of the forecast; median without)");
    for (i = 0; i < dt_scenario_n_issues(sc); i++)
        for (m = 0; m < dt_sweep_n_models(s); m++) {
            const size_t *rank = dt_sweep_drop_rank(s, i, m);
            dt_doc_layout_spec lay = {0, 4, NULL, 0, 0, 1};
            size_t b;

            dt_doc_line(d, 0, 2,
                        dt_doc_fmt(d, "%s / %s", dt_scenario_issue(sc, i)->id,
                                   dt_sweep_model(s, m)->name));
            for (t = 0, n = 0; t < na; t++)
                n += !isnan(dt_sweep_drop_shift(s, rank[t], i, m));
            b = dt_doc_table(d, n + 1, 3, NULL);
            dt_doc_show(d, DT_DOC_PEOPLE);
            dt_doc_layout(d, &lay);
            dt_doc_columns(d, b, col);
            dt_doc_cell(d, b, 0, 0, "actor");
            dt_doc_cell(d, b, 0, 1, "|shift|");
            dt_doc_cell(d, b, 0, 2, "median");
            dt_doc_numeric(d, b, 1);
            dt_doc_numeric(d, b, 2);
            for (t = 0, r = 1; t < na; t++) {
                double sh = dt_sweep_drop_shift(s, rank[t], i, m);

                if (isnan(sh))
                    continue;
                dt_doc_cell(d, b, r, 0, "%s",
                            dt_scenario_actor(sc, rank[t])->id);
                dt_doc_cell(d, b, r, 1, "%.3f", sh);
                dt_doc_cell(d, b, r, 2, "%.2f",
                            dt_sweep_drop_stats(s, rank[t], i, m)->q[2]);
                r++;
            }
        }
}

/* One row of the summary CSV. */
static void csv_row(dt_doc *d, size_t t, size_t r, uint64_t seed,
                    const char *section, const char *a, const char *b,
                    double value, const dt_sweep_stats *st)
{
    size_t k;

    dt_doc_cell(d, t, r, 13, "%s", "");
    dt_doc_cell(d, t, r, 14, "%s", "");

    dt_doc_cell(d, t, r, 0, "%" PRIu64, seed);
    dt_doc_cell(d, t, r, 1, "%s", section);
    dt_doc_cell(d, t, r, 2, "%s", a);
    dt_doc_cell(d, t, r, 3, "%s", b);
    dt_doc_cell(d, t, r, 4, "%s", dt_doc_num(d, "%.17g", value, ""));
    dt_doc_cell(d, t, r, 5, "%zu", st ? st->n : 0);
    dt_doc_cell(d, t, r, 6, "%s",
                dt_doc_num(d, "%.17g", st ? st->mean : (double)NAN, ""));
    dt_doc_cell(d, t, r, 7, "%s",
                dt_doc_num(d, "%.17g", st ? st->sd : (double)NAN, ""));
    for (k = 0; k < DT_SWEEP_NQ; k++)
        dt_doc_cell(d, t, r, 8 + k, "%s",
                    dt_doc_num(d, "%.17g", st ? st->q[k] : (double)NAN, ""));
}

/* The robustness columns of output k's row: bimodality, flags. */
static void csv_robust(dt_doc *d, const dt_sweep *s, size_t t, size_t r,
                       size_t k)
{
    unsigned f = dt_sweep_output_flags(s, k);

    dt_doc_cell(d, t, r, 13, "%s",
                dt_doc_num(d, "%.17g", dt_sweep_output_bimodality(s, k), ""));
    dt_doc_cell(d, t, r, 14, "%s%s%s", f & DT_SWEEP_FRAGILE ? "fragile" : "",
                f == (DT_SWEEP_FRAGILE | DT_SWEEP_BIMODAL) ? " " : "",
                f & DT_SWEEP_BIMODAL ? "bimodal" : "");
}

static void csv_part(dt_doc *d, const dt_sweep *s)
{
    static const char *const keys[15] = {
        "seed", "section", "name", "detail",     "value",
        "n",    "mean",    "sd",   "q05",        "q25",
        "q50",  "q75",     "q95",  "bimodality", "flags"};
    const dt_scenario *sc = dt_sweep_scenario(s);
    uint64_t seed = dt_sweep_seed(s);
    size_t ni = dt_scenario_n_issues(sc), na = dt_scenario_n_actors(sc);
    size_t nm = dt_sweep_n_models(s), nin = dt_sweep_n_inputs(s);
    size_t no = dt_sweep_n_outputs(s), rows = 1 + ni * nm + no * nin;
    size_t kept_row = dt_sweep_n_streamed(s) > 0;
    size_t i, m, k, j, a, t, r = 1;

    if (dt_sweep_has_analysis(s))
        rows += 1 + ni + 1 + na + !isnan(dt_sweep_p_ratified(s));
    if (dt_sweep_has_drop_each(s))
        rows += na * ni * nm;
    t = dt_doc_table(d, rows + kept_row + 1, 15, NULL);
    dt_doc_show(d, DT_DOC_CSV);
    dt_doc_keys(d, t, keys);
    csv_row(d, t, r++, seed, "draws", "done", "", (double)dt_sweep_n_done(s),
            NULL);
    if (dt_sweep_n_streamed(s))
        csv_row(d, t, r++, seed, "draws", "kept", "",
                (double)(dt_sweep_n_done(s) - dt_sweep_n_streamed(s)), NULL);
    for (i = 0; i < ni; i++)
        for (m = 0; m < nm; m++) {
            csv_row(d, t, r, seed, "forecast", dt_scenario_issue(sc, i)->id,
                    dt_sweep_model(s, m)->name, dt_sweep_forecast_base(s, i, m),
                    dt_sweep_forecast_stats(s, i, m));
            csv_robust(d, s, t, r++,
                       find_output(s, DT_OUTPUT_FORECAST, i, m, (size_t)-1));
        }
    if (dt_sweep_has_analysis(s)) {
        csv_row(d, t, r++, seed, "p_zone", "", "", dt_sweep_p_zone(s), NULL);
        if (!isnan(dt_sweep_p_ratified(s)))
            csv_row(d, t, r++, seed, "p_ratified", "", "",
                    dt_sweep_p_ratified(s), NULL);
        for (i = 0; i < ni; i++) {
            k = find_output(s, DT_OUTPUT_DEAL, i, (size_t)-1, (size_t)-1);
            csv_row(d, t, r, seed, "deal", dt_scenario_issue(sc, i)->id, "",
                    dt_sweep_output_base(s, k), dt_sweep_deal_stats(s, i));
            csv_robust(d, s, t, r++, k);
        }
        k = find_output(s, DT_OUTPUT_DURABILITY, (size_t)-1, (size_t)-1,
                        (size_t)-1);
        csv_row(d, t, r, seed, "durability", "", "", dt_sweep_output_base(s, k),
                dt_sweep_durability_stats(s));
        csv_robust(d, s, t, r++, k);
        for (a = 0; a < na; a++)
            csv_row(d, t, r++, seed, "p_red_line", dt_scenario_actor(sc, a)->id,
                    "", dt_sweep_p_red_line(s, a), NULL);
    }
    for (k = 0; k < no; k++)
        for (j = 0; j < nin; j++)
            csv_row(d, t, r++, seed, "influence",
                    dt_sweep_get_output(s, k)->label,
                    dt_sweep_get_input(s, j)->label,
                    dt_sweep_influence(s, k, j), NULL);
    if (dt_sweep_has_drop_each(s))
        for (a = 0; a < na; a++)
            for (i = 0; i < ni; i++)
                for (m = 0; m < nm; m++)
                    csv_row(d, t, r++, seed, "drop",
                            dt_scenario_actor(sc, a)->id,
                            dt_doc_fmt(d, "%s/%s", dt_scenario_issue(sc, i)->id,
                                       dt_sweep_model(s, m)->name),
                            dt_sweep_drop_shift(s, a, i, m),
                            dt_sweep_drop_stats(s, a, i, m));
}

dt_status dt_sweep_doc(const dt_sweep *s, const dt_doc_opts *o, dt_doc *d,
                       dt_error *err)
{
    static const dt_doc_opts defaults = DT_DOC_OPTS_INIT;
    const dt_scenario *sc = dt_sweep_scenario(s);
    size_t i, m, t;

    if (!o)
        o = &defaults;
    dt_doc_set_title(d, dt_doc_fmt(d, "Sweep of %s", dt_scenario_name(sc)));
    dt_doc_heading(d, 1, "sweep",
                   dt_doc_fmt(d, "%s: sweep of '%s'",
                              o->file ? o->file : dt_scenario_path(sc),
                              dt_scenario_name(sc)));
    dt_doc_line(
        d, 0, 2,
        dt_doc_fmt(d,
                   "%zu of %zu draws, seed %" PRIu64 ", %zu uncertain inputs%s",
                   dt_sweep_n_done(s), dt_sweep_n_draws(s), dt_sweep_seed(s),
                   dt_sweep_n_inputs(s),
                   o->interrupted ? " (INTERRUPTED: partial results)" : ""));
    if (dt_sweep_n_streamed(s))
        dt_doc_line(d, 0, 2,
                    dt_doc_fmt(d,
                               "memory: %zu draws kept whole give the "
                               "quantiles, flags and influence; n, mean, sd "
                               "and probabilities cover all %zu",
                               dt_sweep_n_done(s) - dt_sweep_n_streamed(s),
                               dt_sweep_n_done(s)));
    dt__doc_whatif(d, sc);
    if (dt_scenario_n_whatif(sc))
        dt_doc_gap(d, 0, 2);
    dt_doc_line(d, 0, 2,
                "quantiles: Hyndman-Fan type 7; influence: Spearman rank "
                "correlation");
    dt_doc_line(d, 0, 2,
                "written: the scenario as written (no draw); fragile: "
                "written lies outside 5%-95%;");
    dt_doc_line(d, 0, 2,
                "bimodal: Sarle's bimodality coefficient > 5/9 (Pfister et "
                "al. 2013)");
    dt_doc_line(d, 1, 0, "forecasts");
    t = stats_table(d, dt_scenario_n_issues(sc) * dt_sweep_n_models(s), "issue",
                    "model");
    for (i = 0; i < dt_scenario_n_issues(sc); i++)
        for (m = 0; m < dt_sweep_n_models(s); m++)
            stats_row(d, s, t, 1 + i * dt_sweep_n_models(s) + m,
                      dt_scenario_issue(sc, i)->id, dt_sweep_model(s, m)->name,
                      find_output(s, DT_OUTPUT_FORECAST, i, m, (size_t)-1));
    if (dt_sweep_has_analysis(s))
        analysis_part(d, s);
    influence_part(d, s);
    if (dt_sweep_has_drop_each(s))
        drop_part(d, s);
    if (dt__doc_wants(o, DT_DOC_CSV))
        csv_part(d, s);
    return dt_doc_status(d, err);
}

/* ",%.17g", or "," alone when v is NaN or infinite (no value). */
static void csv_num(dt__out *o, double v)
{
    if (isfinite(v))
        dt__out_printf(o, ",%.17g", v);
    else
        dt__out_putc(o, ',');
}

dt_status dt_sweep_write_draws_csv(const dt_sweep *s, dt_write_fn write,
                                   void *ud, dt_error *err)
{
    const dt_scenario *sc = dt_sweep_scenario(s);
    size_t ni = dt_sweep_n_inputs(s), no = dt_sweep_n_outputs(s);
    size_t dr, j, a, i, m, na = dt_scenario_n_actors(sc);
    size_t nd = dt_sweep_has_drop_each(s) ? na : 0;
    dt__out o;

    dt__out_init(&o, write, ud, dt_scenario_allocator(sc));
    dt__out_puts(&o, "seed,draw");
    for (j = 0; j < ni; j++)
        dt__out_printf(&o, ",%s", dt_sweep_get_input(s, j)->label);
    for (j = 0; j < no; j++)
        dt__out_printf(&o, ",%s", dt_sweep_get_output(s, j)->label);
    for (a = 0; a < nd; a++)
        for (i = 0; i < dt_scenario_n_issues(sc); i++)
            for (m = 0; m < dt_sweep_n_models(s); m++)
                dt__out_printf(&o, ",without %s: forecast %s/%s",
                               dt_scenario_actor(sc, a)->id,
                               dt_sweep_model(s, m)->name,
                               dt_scenario_issue(sc, i)->id);
    dt__out_putc(&o, '\n');
    /* The kept draws (every draw unless some were streamed). */
    for (dr = 0; dr < dt_sweep_n_kept(s) && o.st == DT_OK; dr++) {
        if (!dt_sweep_done(s, dr))
            continue;
        dt__out_printf(&o, "%" PRIu64 ",%zu", dt_sweep_seed(s), dr);
        for (j = 0; j < ni; j++)
            csv_num(&o, dt_sweep_input_draws(s, j)[dr]);
        for (j = 0; j < no; j++)
            csv_num(&o, dt_sweep_output_draws(s, j)[dr]);
        for (a = 0; a < nd; a++)
            for (i = 0; i < dt_scenario_n_issues(sc); i++)
                for (m = 0; m < dt_sweep_n_models(s); m++)
                    csv_num(&o, dt_sweep_drop_draws(s, a, i, m)[dr]);
        dt__out_putc(&o, '\n');
    }
    if (dt__out_flush(&o) != DT_OK)
        return dt__error_set(err, o.st, "cannot write the draws");
    return DT_OK;
}
