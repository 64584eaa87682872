/*
 * The document of a case backtest (dt_cases_doc, doc.h; cases.h): the
 * models' scores over the cases in the layout of the DEU backtest, every
 * case's verdicts, the absolute errors per issue, the zone verdict
 * against agreement and the exclusion of stakeholders against whether
 * the deal held (2x2 tables with Fisher's exact test and Clopper-Pearson
 * intervals), the durability of deals that held against those that did
 * not, and the scenarios left out for want of an outcome. CSV: one row
 * per case and observed issue with every model's forecast.
 */
#include <math.h>
#include <string.h>

#include "doc/doc_int.h"

#define LABEL 128

static const char *num(dt_doc *d, double v, int prec)
{
    return isnan(v) ? "n/a" : dt_doc_fmt(d, "%.*f", prec, v);
}

static const char *yesno(int v, const char *yes, const char *no)
{
    return v < 0 ? "-" : v ? yes : no;
}

/* "k of n (x%, 95% CI lo-hi%)" */
static const char *rate(dt_doc *d, size_t k, size_t n, double lo, double hi,
                        double level)
{
    if (n == 0)
        return "no case";
    return dt_doc_fmt(d, "%zu of %zu (%.0f%%, %.0f%% CI %.0f-%.0f%%)", k, n,
                      100.0 * (double)k / (double)n, level * 100.0, lo * 100.0,
                      hi * 100.0);
}

static void scores(dt_doc *d, const dt_cases *c)
{
    static const char *const head[8] = {"model", "cases",  "n",    "MAE",
                                        NULL,    "med AE", "RMSE", NULL};
    size_t m, k, t = dt_doc_table(d, c->n_models + 1, 8, NULL);

    dt_doc_show(d, DT_DOC_PEOPLE);
    dt_doc_gap(d, 1, 2);
    for (k = 0; k < 8; k++) {
        if (head[k])
            dt_doc_cell(d, t, 0, k, "%s", head[k]);
        if (k)
            dt_doc_numeric(d, t, k);
    }
    dt_doc_cell(d, t, 0, 4, "%.0f%% CI", c->opts.level * 100.0);
    dt_doc_cell(d, t, 0, 7, "MAE - %s [%.0f%% CI]",
                c->n_models ? c->models[0].name : "", c->opts.level * 100.0);
    for (m = 0; m < c->n_models; m++) {
        const dt_cases_model *s = &c->models[m];

        dt_doc_cell(d, t, m + 1, 0, "%s", s->name);
        dt_doc_cell(d, t, m + 1, 1, "%zu", s->n_cases);
        dt_doc_cell(d, t, m + 1, 2, "%zu", s->n);
        dt_doc_cell(d, t, m + 1, 3, "%s", num(d, s->mae, 2));
        dt_doc_cell(d, t, m + 1, 4, "[%s, %s]", num(d, s->mae_lo, 2),
                    num(d, s->mae_hi, 2));
        dt_doc_cell(d, t, m + 1, 5, "%s", num(d, s->median_ae, 2));
        dt_doc_cell(d, t, m + 1, 6, "%s", num(d, s->rmse, 2));
        dt_doc_cell(d, t, m + 1, 7, "%s [%s, %s]", num(d, s->diff, 2),
                    num(d, s->diff_lo, 2), num(d, s->diff_hi, 2));
    }
    dt_doc_para(d, DT_DOC_STYLE_SMALL,
                "MAE: mean over cases of each case's mean absolute error on "
                "its observed issues (0-100 scales); the interval is a "
                "percentile bootstrap over cases. med AE and RMSE pool every "
                "scored issue.");
    dt_doc_show(d, DT_DOC_PEOPLE);
    dt_doc_gap(d, 1, 2);
}

static void case_table(dt_doc *d, const dt_cases *c)
{
    static const char *const head[7] = {
        "case", "deal", "held", "zone", "matched", "durability", "excluded"};
    size_t k, r = 0, t = dt_doc_table(d, c->n_scored + 1, 7, NULL);
    char lab[LABEL];

    dt_doc_show(d, DT_DOC_PEOPLE);
    dt_doc_gap(d, 1, 2);
    for (k = 0; k < 7; k++)
        dt_doc_cell(d, t, 0, k, "%s", head[k]);
    dt_doc_numeric(d, t, 5);
    for (k = 0; k < c->n_cases; k++) {
        const dt_case *cs = &c->cases[k];

        if (!cs->scored)
            continue;
        r++;
        dt_doc_cell(d, t, r, 0, "%s", dt_case_label(cs, lab, sizeof lab));
        dt_doc_cell(d, t, r, 1, "%s", yesno(cs->agreement, "yes", "no"));
        dt_doc_cell(d, t, r, 2, "%s", yesno(cs->held, "yes", "no"));
        dt_doc_cell(d, t, r, 3, "%s",
                    cs->analyzed ? yesno(cs->predicted, "agreement", "none")
                                 : "not analysed");
        dt_doc_cell(d, t, r, 4, "%s", yesno(cs->matched, "yes", "no"));
        dt_doc_cell(d, t, r, 5, "%s", num(d, cs->durability, 2));
        if (cs->n_excluded)
            dt_doc_cell(d, t, r, 6, "%zu (%s%% of clout)", cs->n_excluded,
                        num(d, cs->excluded_clout * 100.0, 0));
        else
            dt_doc_cell(d, t, r, 6, "none");
    }
}

/* Absolute errors per case and issue; CSV gets the forecasts. */
static void errors(dt_doc *d, const dt_cases *c, int csv)
{
    size_t nm = c->n_models, k, i, m, rows = 0, r = 0, t;
    char lab[LABEL];

    for (k = 0; k < c->n_cases; k++)
        if (c->cases[k].scored)
            rows += csv ? c->cases[k].n_issues : c->cases[k].n_issues + 1;
    t = dt_doc_table(d, rows + 1, 3 + nm, NULL);
    dt_doc_show(d, csv ? DT_DOC_CSV : DT_DOC_PEOPLE);
    dt_doc_gap(d, 1, 2);
    dt_doc_cell(d, t, 0, 0, "case");
    dt_doc_cell(d, t, 0, 1, "issue");
    dt_doc_cell(d, t, 0, 2, "observed");
    for (m = 0; m < nm; m++) {
        dt_doc_cell(d, t, 0, 3 + m, "%s", c->models[m].name);
        dt_doc_numeric(d, t, 3 + m);
    }
    dt_doc_numeric(d, t, 2);
    for (k = 0; k < c->n_cases; k++) {
        const dt_case *cs = &c->cases[k];
        size_t ni = dt_scenario_n_issues(cs->sc);

        if (!cs->scored)
            continue;
        dt_case_label(cs, lab, sizeof lab);
        for (i = 0; i < ni; i++) {
            if (isnan(cs->observed[i]))
                continue;
            r++;
            dt_doc_cell(d, t, r, 0, "%s", lab);
            dt_doc_cell(d, t, r, 1, "%s", dt_scenario_issue(cs->sc, i)->id);
            dt_doc_cell(d, t, r, 2, csv ? "%.17g" : "%.1f", cs->observed[i]);
            for (m = 0; m < nm; m++) {
                double f = cs->forecast[i * nm + m];

                if (csv) {
                    if (!isnan(f))
                        dt_doc_cell(d, t, r, 3 + m, "%.17g", f);
                } else {
                    dt_doc_cell(d, t, r, 3 + m, "%s",
                                num(d, fabs(f - cs->observed[i]), 1));
                }
            }
        }
        if (csv)
            continue;
        r++;
        dt_doc_cell(d, t, r, 0, "%s", lab);
        dt_doc_cell(d, t, r, 1, "(mean)");
        for (m = 0; m < nm; m++)
            dt_doc_cell(d, t, r, 3 + m, "%s", num(d, cs->mae[m], 1));
    }
}

/* A 2x2 table with its row rates. */
static void table2(dt_doc *d, const dt_cases *c, const dt_cases_table *x,
                   const char *row_yes, const char *row_no, const char *col_yes,
                   const char *col_no)
{
    size_t t = dt_doc_table(d, 3, 4, NULL);

    dt_doc_show(d, DT_DOC_PEOPLE);
    dt_doc_gap(d, 1, 2);
    dt_doc_cell(d, t, 0, 0, "%s", "");
    dt_doc_cell(d, t, 0, 1, "%s", col_yes);
    dt_doc_cell(d, t, 0, 2, "%s", col_no);
    dt_doc_cell(d, t, 0, 3, "rate [%.0f%% CI]", c->opts.level * 100.0);
    dt_doc_numeric(d, t, 1);
    dt_doc_numeric(d, t, 2);
    dt_doc_cell(d, t, 1, 0, "%s", row_yes);
    dt_doc_cell(d, t, 1, 1, "%zu", x->a);
    dt_doc_cell(d, t, 1, 2, "%zu", x->b);
    dt_doc_cell(d, t, 1, 3, "%s [%s, %s]", num(d, x->rate_yes, 2),
                num(d, x->yes_lo, 2), num(d, x->yes_hi, 2));
    dt_doc_cell(d, t, 2, 0, "%s", row_no);
    dt_doc_cell(d, t, 2, 1, "%zu", x->c);
    dt_doc_cell(d, t, 2, 2, "%zu", x->d);
    dt_doc_cell(d, t, 2, 3, "%s [%s, %s]", num(d, x->rate_no, 2),
                num(d, x->no_lo, 2), num(d, x->no_hi, 2));
}

static void para(dt_doc *d, const char *text)
{
    dt_doc_para(d, DT_DOC_STYLE_TEXT, text);
    dt_doc_show(d, DT_DOC_PEOPLE);
    dt_doc_gap(d, 1, 0);
}

static void heading(dt_doc *d, const char *id, const char *text)
{
    dt_doc_heading(d, 2, id, text);
    dt_doc_show(d, DT_DOC_PEOPLE);
    dt_doc_gap(d, 1, 0);
}

dt_status dt_cases_doc(const dt_cases *c, const dt_doc_opts *o, dt_doc *d,
                       dt_error *err)
{
    unsigned fm = o ? o->formats : 0;
    size_t k, skipped = c->n_cases - c->n_scored;
    char lab[LABEL];

    if (!fm || (fm & DT_DOC_PEOPLE)) {
        para(d, dt_doc_fmt(
                    d,
                    "backtest across cases: %zu scenarios, %zu with an "
                    "observed outcome; %u bootstrap resamples of cases, seed "
                    "%llu, %.0f%% intervals",
                    c->n_cases, c->n_scored, c->opts.bootstrap,
                    (unsigned long long)c->opts.seed, c->opts.level * 100.0));
        heading(d, "models", "Forecast error by model");
        scores(d, c);
        heading(d, "cases", "Cases");
        case_table(d, c);
        heading(d, "errors", "Absolute error per issue");
        errors(d, c, 0);
        heading(d, "verdict", "Zone verdict vs agreement");
        table2(d, c, &c->verdict, "zone: agreement", "zone: none", "deal made",
               "no deal");
        para(d, dt_doc_fmt(d,
                           "matched: %s; Fisher's exact test p = %s "
                           "(two-sided).",
                           rate(d, c->matched, c->n_verdict, c->match_lo,
                                c->match_hi, c->opts.level),
                           num(d, c->verdict.p, 3)));
        heading(d, "exclusion", "Excluded stakeholders vs deal held");
        table2(d, c, &c->exclusion, "some excluded", "none excluded", "held",
               "did not hold");
        para(d, dt_doc_fmt(d,
                           "deals with outcome.held recorded: %zu; Fisher's "
                           "exact test p = %s (two-sided).",
                           c->exclusion.a + c->exclusion.b + c->exclusion.c +
                               c->exclusion.d,
                           num(d, c->exclusion.p, 3)));
        heading(d, "durability", "Durability score vs deal held");
        para(d, dt_doc_fmt(
                    d,
                    "mean durability of deals that held %s (%zu), of deals "
                    "that did not %s (%zu); difference %s [%.0f%% CI %s, "
                    "%s] (bootstrap within groups).",
                    num(d, c->dur_held, 2), c->n_held, num(d, c->dur_failed, 2),
                    c->n_failed, num(d, c->dur_diff, 2), c->opts.level * 100.0,
                    num(d, c->dur_lo, 2), num(d, c->dur_hi, 2)));
        if (skipped) {
            size_t t = dt_doc_list(d, skipped,
                                   "not scored (no outcome recorded):"),
                   j = 0;

            dt_doc_layout_spec lay = {1, 0, NULL, 0, 1, 0};

            dt_doc_show(d, DT_DOC_PEOPLE);
            dt_doc_layout(d, &lay);
            for (k = 0; k < c->n_cases; k++)
                if (!c->cases[k].scored)
                    dt_doc_cell(d, t, 0, j++, "%s",
                                dt_case_label(&c->cases[k], lab, sizeof lab));
        }
    }
    if (!fm || (fm & DT_DOC_CSV))
        errors(d, c, 1);
    return dt_doc_status(d, err);
}
