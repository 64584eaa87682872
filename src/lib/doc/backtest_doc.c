/*
 * The document of a backtest (dt_backtest_doc, doc.h): the scores of
 * every model with the layout `detente backtest` has always had - a
 * fixed-width table with a header and the fitted parameters in terminal
 * text, a pipe table with separate interval columns and a closing
 * summary in Markdown (and HTML, PDF) - and, for CSV only, the per-issue
 * forecasts (predictions.csv).
 */
#include <math.h>
#include <string.h>

#include "doc/doc_int.h"

/* v with prec decimals, or "n/a" when there is none. */
static const char *num(dt_doc *d, double v, int prec)
{
    return isnan(v) ? "n/a" : dt_doc_fmt(d, "%.*f", prec, v);
}

/* The two header lines of terminal text. */
static void header(dt_doc *d, const dt_backtest *b, const char *file)
{
    const dt_backtest_opts *o = dt_backtest_options(b);
    size_t no_out, few, sk = dt_backtest_skipped(b, &no_out, &few);

    dt_doc_paraf(d, DT_DOC_STYLE_TEXT,
                 "backtest: %s (DEU wide format), %zu scoreable issues of "
                 "%zu; skipped %zu (%zu without an outcome, %zu with fewer "
                 "than 3 actors)",
                 file, dt_backtest_n_scored(b),
                 dt_deu_n_issues(dt_backtest_data(b)), sk, no_out, few);
    dt_doc_show(d, DT_DOC_TEXT);
    dt_doc_paraf(d, DT_DOC_STYLE_TEXT,
                 "capability: %s; %u folds over proposals; %u bootstrap "
                 "resamples; seed %llu",
                 dt_backtest_capability_name(b), o->folds, o->bootstrap,
                 (unsigned long long)o->seed);
    dt_doc_show(d, DT_DOC_TEXT);
}

/* Terminal text: one fixed-width table, the CI beside the difference. */
static void text_table(dt_doc *d, const dt_backtest *b)
{
    static const dt_doc_col col[8] = {{"", 13, 0}, {" ", 4, 1}, {" ", 7, 1},
                                      {" ", 7, 1}, {" ", 7, 1}, {"  ", 26, 0},
                                      {" ", 6, 1}, {" ", 6, 1}};
    static const char *const head[8] = {"model",  "n",    "MAE",
                                        "med AE", "RMSE", "MAE - mean [95% CI]",
                                        "cover",  "width"};
    size_t nm = dt_backtest_n_models(b), m, c;
    size_t t = dt_doc_table(d, nm + 1, 8, NULL);

    dt_doc_columns(d, t, col);
    dt_doc_show(d, DT_DOC_TEXT);
    dt_doc_gap(d, 1, 2);
    for (c = 0; c < 8; c++)
        dt_doc_cell(d, t, 0, c, "%s", head[c]);
    for (m = 0; m < nm; m++) {
        const dt_backtest_score *s = dt_backtest_score_at(b, m);

        dt_doc_cell(d, t, m + 1, 0, "%s", s->name);
        dt_doc_cell(d, t, m + 1, 1, "%zu", s->n);
        dt_doc_cell(d, t, m + 1, 2, "%s", num(d, s->mae, 2));
        dt_doc_cell(d, t, m + 1, 3, "%s", num(d, s->median_ae, 2));
        dt_doc_cell(d, t, m + 1, 4, "%s", num(d, s->rmse, 2));
        dt_doc_cell(d, t, m + 1, 5, "%s [%s, %s]", num(d, s->diff, 2),
                    num(d, s->diff_lo, 2), num(d, s->diff_hi, 2));
        dt_doc_cell(d, t, m + 1, 6, "%s%%", num(d, s->coverage * 100.0, 1));
        dt_doc_cell(d, t, m + 1, 7, "%s", num(d, s->width, 1));
    }
}

/* Terminal text: fold 1's fitted parameters and nbs's non-agreements. */
static void text_fitted(dt_doc *d, const dt_backtest *b)
{
    static const dt_doc_col col[2] = {{"", 13, 0}, {" ", 0, 0}};
    dt_doc_layout_spec lay = {0, 4, NULL, 0, 0, 1};
    size_t nm = dt_backtest_n_models(b), m, n = 0, t;

    dt_doc_para(d, DT_DOC_STYLE_TEXT, "fitted on training folds (fold 1):");
    dt_doc_show(d, DT_DOC_TEXT);
    dt_doc_gap(d, 1, 2);
    for (m = 0; m < nm; m++)
        n += dt_backtest_fitted(b, m, 0)[0] != '\0';
    t = dt_doc_table(d, n + 1, 2, NULL);
    dt_doc_columns(d, t, col);
    dt_doc_show(d, DT_DOC_TEXT);
    dt_doc_layout(d, &lay);
    dt_doc_cell(d, t, 0, 0, "model");
    dt_doc_cell(d, t, 0, 1, "fitted");
    for (m = 0, n = 0; m < nm; m++) {
        const char *fit = dt_backtest_fitted(b, m, 0);

        if (!fit[0])
            continue;
        n++;
        dt_doc_cell(d, t, n, 0, "%s", dt_backtest_score_at(b, m)->name);
        dt_doc_cell(d, t, n, 1, "%s", fit);
    }
    for (m = 0; m < nm; m++) {
        const dt_backtest_score *s = dt_backtest_score_at(b, m);

        if (!s->no_agreement)
            continue;
        dt_doc_paraf(d, DT_DOC_STYLE_TEXT,
                     "%s: %zu issues with no agreement (scored as the "
                     "reference point)",
                     s->name, s->no_agreement);
        dt_doc_show(d, DT_DOC_TEXT);
        dt_doc_gap(d, 0, 2);
    }
}

/* "est [lo, hi]" of a difference and its interval. */
static const char *ci(dt_doc *d, double est, double lo, double hi)
{
    return isnan(est) ? "n/a"
                      : dt_doc_fmt(d, "%s [%s, %s]", num(d, est, 2),
                                   num(d, lo, 2), num(d, hi, 2));
}

/* A difference of shares and its interval, in percentage points. */
static const char *ci_pct(dt_doc *d, double est, double lo, double hi)
{
    return isnan(est) ? "n/a"
                      : dt_doc_fmt(d, "%+.1f [%+.1f, %+.1f]", est * 100.0,
                                   lo * 100.0, hi * 100.0);
}

/* A share as a percentage, or "n/a". */
static const char *pct(dt_doc *d, double v)
{
    return isnan(v) ? "n/a" : dt_doc_fmt(d, "%.1f%%", v * 100.0);
}

/*
 * Every reader: the scores by scoring rule (hit rates, the smallest
 * detectable MAE difference, CRPS and the coverage of the draws).
 */
static void rules_table(dt_doc *d, const dt_backtest *b)
{
    static const dt_doc_col col[10] = {
        {"", 13, 0}, {" ", 6, 1},   {" ", 6, 1}, {"  ", 21, 0}, {" ", 5, 1},
        {" ", 6, 1}, {"  ", 22, 0}, {" ", 5, 1}, {" ", 6, 1},   {" ", 6, 1}};
    static const char *const head[10] = {"model",
                                         "hit5",
                                         "hit10",
                                         "hit10 - mean [95% CI]",
                                         "MDD",
                                         "CRPS",
                                         "CRPS - mean [95% CI]",
                                         "CMDD",
                                         "cov50",
                                         "cov80"};
    const dt_backtest_opts *o = dt_backtest_options(b);
    size_t nm = dt_backtest_n_models(b), m, c, t;
    dt_doc_layout_spec lay = {1, 2, NULL, 0, 1, 0};

    if (o->draws)
        dt_doc_paraf(d, DT_DOC_STYLE_TEXT,
                     "Scoring rules. Hits: share within 5 and 10 points "
                     "(and hit10's difference from mean, percentage points). "
                     "MDD: the smallest MAE difference from mean the data "
                     "can detect (5%% two-sided, 80%% power, paired, "
                     "clustered by proposal). CRPS, CMDD (the same for "
                     "CRPS) and the coverage of the central 50%% and 80%% "
                     "intervals from %u measurement-error draws per issue "
                     "(positions sd %g, saliences sd %g).",
                     o->draws, o->position_sd, o->salience_sd);
    else
        dt_doc_para(d, DT_DOC_STYLE_TEXT,
                    "Scoring rules. Hits: share within 5 and 10 points "
                    "(and hit10's difference from mean, percentage points). "
                    "MDD: the smallest MAE difference from mean the data "
                    "can detect (5% two-sided, 80% power, paired, "
                    "clustered by proposal). CRPS and coverage need "
                    "measurement-error draws (--draws N).");
    dt_doc_layout(d, &(dt_doc_layout_spec){1, 2, NULL, 2, 0, 0});
    t = dt_doc_table(d, nm + 1, 10, NULL);
    dt_doc_columns(d, t, col);
    dt_doc_show(d, DT_DOC_PEOPLE);
    dt_doc_layout(d, &lay);
    for (c = 0; c < 10; c++) {
        dt_doc_cell(d, t, 0, c, "%s", head[c]);
        if (c != 0 && c != 3 && c != 6)
            dt_doc_numeric(d, t, c);
    }
    for (m = 0; m < nm; m++) {
        const dt_backtest_score *s = dt_backtest_score_at(b, m);

        dt_doc_cell(d, t, m + 1, 0, "%s", s->name);
        dt_doc_cell(d, t, m + 1, 1, "%s", pct(d, s->hit5));
        dt_doc_cell(d, t, m + 1, 2, "%s", pct(d, s->hit10));
        dt_doc_cell(
            d, t, m + 1, 3, "%s",
            ci_pct(d, s->hit10_diff, s->hit10_diff_lo, s->hit10_diff_hi));
        dt_doc_cell(d, t, m + 1, 4, "%s", num(d, s->mdd, 2));
        dt_doc_cell(d, t, m + 1, 5, "%s", num(d, s->crps, 2));
        dt_doc_cell(d, t, m + 1, 6, "%s",
                    ci(d, s->crps_diff, s->crps_diff_lo, s->crps_diff_hi));
        dt_doc_cell(d, t, m + 1, 7, "%s", num(d, s->crps_mdd, 2));
        dt_doc_cell(d, t, m + 1, 8, "%s", pct(d, s->cover50));
        dt_doc_cell(d, t, m + 1, 9, "%s", pct(d, s->cover80));
    }
}

/*
 * Every reader: MAE (and CRPS with draws) on the issues of each Council
 * voting rule, with the difference from mean and the MDD.
 */
static void decision_table(dt_doc *d, const dt_backtest *b)
{
    static const dt_deu_rule rules[2] = {DT_DEU_RULE_QMV,
                                         DT_DEU_RULE_UNANIMITY};
    static const char *const rname[2] = {"QMV", "unan"};
    static const dt_doc_col col[9] = {{"", 13, 0},   {" ", 6, 1}, {"  ", 22, 0},
                                      {" ", 5, 1},   {" ", 6, 1}, {"  ", 6, 1},
                                      {"  ", 22, 0}, {" ", 5, 1}, {" ", 6, 1}};
    const dt_backtest_opts *o = dt_backtest_options(b);
    size_t nm = dt_backtest_n_models(b), m, t, r;
    dt_doc_layout_spec lay = {1, 2, NULL, 0, 1, 0};

    dt_doc_paraf(d, DT_DOC_STYLE_TEXT,
                 "By the Council's voting rule: %zu issues under qualified "
                 "majority (QMV), %zu under unanimity, %zu not coded. MAE, "
                 "MAE - mean [95%% CI], MDD%s.",
                 dt_backtest_n_rule(b, DT_DEU_RULE_QMV),
                 dt_backtest_n_rule(b, DT_DEU_RULE_UNANIMITY),
                 dt_backtest_n_rule(b, DT_DEU_RULE_UNKNOWN),
                 o->draws ? ", CRPS" : "");
    dt_doc_layout(d, &(dt_doc_layout_spec){1, 2, NULL, 2, 0, 0});
    t = dt_doc_table(d, nm + 1, 9, NULL);
    dt_doc_columns(d, t, col);
    dt_doc_show(d, DT_DOC_PEOPLE);
    dt_doc_layout(d, &lay);
    dt_doc_cell(d, t, 0, 0, "model");
    for (r = 0; r < 2; r++) {
        dt_doc_cell(d, t, 0, 1 + 4 * r, "%s MAE", rname[r]);
        dt_doc_cell(d, t, 0, 2 + 4 * r, "- mean [95%% CI]");
        dt_doc_cell(d, t, 0, 3 + 4 * r, "MDD");
        dt_doc_cell(d, t, 0, 4 + 4 * r, "CRPS");
        dt_doc_numeric(d, t, 1 + 4 * r);
        dt_doc_numeric(d, t, 3 + 4 * r);
        dt_doc_numeric(d, t, 4 + 4 * r);
    }
    for (m = 0; m < nm; m++) {
        dt_doc_cell(d, t, m + 1, 0, "%s", dt_backtest_score_at(b, m)->name);
        for (r = 0; r < 2; r++) {
            const dt_backtest_score *s = dt_backtest_score_rule(b, m, rules[r]);

            dt_doc_cell(d, t, m + 1, 1 + 4 * r, "%s", num(d, s->mae, 2));
            dt_doc_cell(d, t, m + 1, 2 + 4 * r, "%s",
                        ci(d, s->diff, s->diff_lo, s->diff_hi));
            dt_doc_cell(d, t, m + 1, 3 + 4 * r, "%s", num(d, s->mdd, 1));
            dt_doc_cell(d, t, m + 1, 4 + 4 * r, "%s", num(d, s->crps, 2));
        }
    }
}

/* Markdown, HTML, PDF: the interval in its own column, then a summary. */
static void md_table(dt_doc *d, const dt_backtest *b)
{
    static const char *const head[9] = {"model",     "n",    "MAE",
                                        "median AE", "RMSE", "MAE - mean",
                                        "95% CI",    NULL,   "width"};
    const unsigned show = DT_DOC_MARKDOWN | DT_DOC_HTML | DT_DOC_PDF;
    const dt_backtest_opts *o = dt_backtest_options(b);
    size_t nm = dt_backtest_n_models(b), m, c;
    size_t no_out, few, sk = dt_backtest_skipped(b, &no_out, &few);
    size_t t = dt_doc_table(d, nm + 1, 9, NULL);

    dt_doc_show(d, show);
    for (c = 0; c < 9; c++) {
        if (head[c])
            dt_doc_cell(d, t, 0, c, "%s", head[c]);
        if (c != 0 && c != 6)
            dt_doc_numeric(d, t, c);
    }
    dt_doc_cell(d, t, 0, 7, "%ld%% coverage", lround(o->level * 100.0));
    for (m = 0; m < nm; m++) {
        const dt_backtest_score *s = dt_backtest_score_at(b, m);

        dt_doc_cell(d, t, m + 1, 0, "%s", s->name);
        dt_doc_cell(d, t, m + 1, 1, "%zu", s->n);
        dt_doc_cell(d, t, m + 1, 2, "%s", num(d, s->mae, 2));
        dt_doc_cell(d, t, m + 1, 3, "%s", num(d, s->median_ae, 2));
        dt_doc_cell(d, t, m + 1, 4, "%s", num(d, s->rmse, 2));
        dt_doc_cell(d, t, m + 1, 5, "%s", num(d, s->diff, 2));
        dt_doc_cell(d, t, m + 1, 6, "[%s, %s]", num(d, s->diff_lo, 2),
                    num(d, s->diff_hi, 2));
        dt_doc_cell(d, t, m + 1, 7, "%s%%", num(d, s->coverage * 100.0, 1));
        dt_doc_cell(d, t, m + 1, 8, "%s", num(d, s->width, 1));
    }
    dt_doc_paraf(d, DT_DOC_STYLE_TEXT,
                 "%zu scoreable issues; skipped %zu (%zu without an "
                 "outcome, %zu with fewer than 3 actors). Capability: %s; "
                 "%u folds; %u bootstrap resamples; seed %llu.",
                 dt_backtest_n_scored(b), sk, no_out, few,
                 dt_backtest_capability_name(b), o->folds, o->bootstrap,
                 (unsigned long long)o->seed);
    dt_doc_show(d, show);
}

/* CSV: one row per scored issue, every model's forecast and interval. */
static void predictions(dt_doc *d, const dt_backtest *b)
{
    const dt_deu *data = dt_backtest_data(b);
    size_t nm = dt_backtest_n_models(b), ns = dt_backtest_n_scored(b), k, m;
    size_t t = dt_doc_table(d, ns + 1, 5 + 3 * nm, NULL);

    dt_doc_show(d, DT_DOC_CSV);
    dt_doc_cell(d, t, 0, 0, "proposal");
    dt_doc_cell(d, t, 0, 1, "issue");
    dt_doc_cell(d, t, 0, 2, "fold");
    dt_doc_cell(d, t, 0, 3, "outcome");
    dt_doc_cell(d, t, 0, 4, "rp");
    for (m = 0; m < nm; m++) {
        const char *nmn = dt_backtest_score_at(b, m)->name;

        dt_doc_cell(d, t, 0, 5 + 3 * m, "%s", nmn);
        dt_doc_cell(d, t, 0, 6 + 3 * m, "%s_lo", nmn);
        dt_doc_cell(d, t, 0, 7 + 3 * m, "%s_hi", nmn);
    }
    for (k = 0; k < 5 + 3 * nm; k++)
        if (k >= 2)
            dt_doc_numeric(d, t, k);
    for (k = 0; k < ns; k++) {
        unsigned fold;
        const dt_deu_issue *is =
            dt_deu_issue_at(data, dt_backtest_issue(b, k, &fold));

        dt_doc_cell(d, t, k + 1, 0, "%s", is->proposal);
        dt_doc_cell(d, t, k + 1, 1, "%s", is->id);
        dt_doc_cell(d, t, k + 1, 2, "%u", fold + 1);
        dt_doc_cell(d, t, k + 1, 3, "%.17g", is->outcome);
        if (is->has_rp)
            dt_doc_cell(d, t, k + 1, 4, "%.17g", is->rp);
        for (m = 0; m < nm; m++) {
            double p, lo, hi;

            dt_backtest_prediction(b, k, m, &p, &lo, &hi);
            /* No forecast, no interval: empty fields. */
            if (isnan(p))
                continue;
            dt_doc_cell(d, t, k + 1, 5 + 3 * m, "%.17g", p);
            if (isnan(lo))
                continue;
            dt_doc_cell(d, t, k + 1, 6 + 3 * m, "%.17g", lo);
            dt_doc_cell(d, t, k + 1, 7 + 3 * m, "%.17g", hi);
        }
    }
}

dt_status dt_backtest_doc(const dt_backtest *b, const dt_doc_opts *o, dt_doc *d,
                          dt_error *err)
{
    const char *file =
        o && o->file ? o->file : dt_deu_name(dt_backtest_data(b));

    header(d, b, file);
    text_table(d, b);
    text_fitted(d, b);
    md_table(d, b);
    rules_table(d, b);
    decision_table(d, b);
    if (dt__doc_wants(o, DT_DOC_CSV))
        predictions(d, b);
    return dt_doc_status(d, err);
}
