/*
 * The document of a forecast (dt_forecast_doc, doc.h): per issue its
 * scale and every model's forecast, the actors' distances from them and,
 * on request, every round; the exchanges; each model's error against the
 * observed outcome (score.h) and the outcome itself. The CSV
 * tables are flat: one row per issue and model, or per round and actor.
 */
#include <math.h>
#include <string.h>

#include "detente/score.h"
#include "doc/doc_int.h"

static const char *stop_text(dt_doc *d, const dt_model_result *r)
{
    const char *rounds = r->rounds == 1 ? "round" : "rounds";

    switch (r->stop) {
    case DT_STOP_CYCLE:
        return dt_doc_fmt(d, "cycle of period %u after %u %s", r->period,
                          r->rounds, rounds);
    case DT_STOP_ROUND_CAP:
        return dt_doc_fmt(d, "round cap after %u %s", r->rounds, rounds);
    default:
        return dt_doc_fmt(d, "%s after %u %s", dt_stop_str(r->stop), r->rounds,
                          rounds);
    }
}

/* A paragraph wrapped at 78 columns after `lead`, continuing at `hang`. */
static void wrapped(dt_doc *d, unsigned gap, unsigned margin, const char *lead,
                    const char *text, unsigned hang)
{
    dt_doc_layout_spec lay = {gap, margin, lead, hang, 0, 0};

    dt_doc_para(d, DT_DOC_STYLE_TEXT, text);
    dt_doc_layout(d, &lay);
}

static void models_table(dt_doc *d, const dt_forecast *fc, size_t i)
{
    static const dt_doc_col col[5] = {
        {"", 8, 0}, {" ", 9, 1}, {" ", 9, 1}, {" ", 9, 1}, {"  ", 0, 0}};
    size_t nm = dt_forecast_n_models(fc), m;
    size_t t = dt_doc_table(d, nm + 1, 5, NULL);

    dt_doc_columns(d, t, col);
    dt_doc_show(d, DT_DOC_PEOPLE);
    dt_doc_gap(d, 1, 2);
    dt_doc_cell(d, t, 0, 0, "model");
    dt_doc_cell(d, t, 0, 1, "forecast");
    dt_doc_cell(d, t, 0, 2, "mean");
    dt_doc_cell(d, t, 0, 3, "median");
    dt_doc_cell(d, t, 0, 4, "stop");
    for (m = 1; m <= 3; m++)
        dt_doc_numeric(d, t, m);
    for (m = 0; m < nm; m++) {
        const dt_model_result *r = dt_forecast_result(fc, i, m);

        dt_doc_cell(d, t, m + 1, 0, "%s", dt_forecast_model_name(fc, m));
        dt_doc_cell(d, t, m + 1, 1, "%s",
                    dt_doc_num(d, "%.2f", r->point, "n/a"));
        dt_doc_cell(d, t, m + 1, 2, "%s",
                    dt_doc_num(d, "%.2f", r->mean, "n/a"));
        dt_doc_cell(d, t, m + 1, 3, "%s",
                    dt_doc_num(d, "%.2f", r->median, "n/a"));
        dt_doc_cell(d, t, m + 1, 4, "%s", stop_text(d, r));
    }
}

static void actors_table(dt_doc *d, const dt_forecast *fc, size_t i)
{
    const dt_scenario *sc = dt_forecast_scenario(fc);
    const dt_line *l = dt_forecast_line(fc, i);
    size_t nm = dt_forecast_n_models(fc), m, k, cols = 5 + nm, t;
    dt_doc_col col[5 + DT_FORECAST_MAX_MODELS] = {
        {"", 16, 0}, {" ", 8, 0}, {" ", 8, 1}, {" ", 8, 1}, {" ", 8, 1}};

    for (m = 0; m < nm; m++)
        col[5 + m] = (dt_doc_col){" ", 9, 1};
    t = dt_doc_table(d, l->n + 1, cols, NULL);
    dt_doc_columns(d, t, col);
    dt_doc_show(d, DT_DOC_PEOPLE);
    dt_doc_gap(d, 1, 2);
    dt_doc_cell(d, t, 0, 0, "actor");
    dt_doc_cell(d, t, 0, 1, "role");
    dt_doc_cell(d, t, 0, 2, "position");
    dt_doc_cell(d, t, 0, 3, "salience");
    dt_doc_cell(d, t, 0, 4, "capab.");
    for (k = 2; k < cols; k++)
        dt_doc_numeric(d, t, k);
    for (m = 0; m < nm; m++)
        dt_doc_cell(d, t, 0, 5 + m, "|d %s|", dt_forecast_model_name(fc, m));
    for (k = 0; k < l->n; k++) {
        const dt_actor *ac = dt_scenario_actor(sc, l->actor[k]);
        const dt_stake *st = dt_scenario_stake(sc, l->actor[k], i);

        dt_doc_cell(d, t, k + 1, 0, "%s", ac->id);
        dt_doc_cell(d, t, k + 1, 1, "%s", dt_role_name(ac->role));
        dt_doc_cell(d, t, k + 1, 2, "%.2f", l->x[k]);
        dt_doc_cell(d, t, k + 1, 3, "%.2f", st->salience.v);
        dt_doc_cell(d, t, k + 1, 4, "%.2f", l->c[k]);
        for (m = 0; m < nm; m++)
            dt_doc_cell(
                d, t, k + 1, 5 + m, "%s",
                dt_doc_num(d, "%.2f",
                           fabs(dt_forecast_result(fc, i, m)->point - l->x[k]),
                           "n/a"));
    }
}

/* Model m's rounds on issue i, then its accepted offers (eu). */
static void rounds_table(dt_doc *d, const dt_forecast *fc, size_t i, size_t m)
{
    const dt_line *l = dt_forecast_line(fc, i);
    const dt_trace *tr = dt_forecast_trace(fc, i, m);
    const dt_forecast_offer *of;
    size_t nr = tr ? tr->rounds : 0, r, k, n_of, t;
    dt_doc_col col[3 + 1] = {{"", 5, 1}, {" ", 8, 1}, {" ", 8, 1}, {" ", 8, 1}};
    dt_doc_layout_spec lay = {1, 2, NULL, 0, 1, 0};
    dt_doc_col *cols;

    t = dt_doc_table(
        d, nr + 1, 3 + l->n,
        dt_doc_fmt(d, "%s, round by round", dt_forecast_model_name(fc, m)));
    dt_doc_show(d, DT_DOC_PEOPLE);
    dt_doc_layout(d, &lay);
    cols = dt__arena_alloc(&d->ar, (3 + l->n) * sizeof *cols);
    if (cols) {
        for (k = 0; k < 3 + l->n; k++)
            cols[k] = col[k < 3 ? k : 3];
        dt_doc_columns(d, t, cols);
    } else
        d->oom = 1;
    dt_doc_cell(d, t, 0, 0, "round");
    dt_doc_cell(d, t, 0, 1, "mean");
    dt_doc_cell(d, t, 0, 2, "median");
    for (k = 0; k < 3 + l->n; k++)
        dt_doc_numeric(d, t, k);
    for (k = 0; k < l->n; k++)
        dt_doc_cell(d, t, 0, 3 + k, "%.8s", l->ids[k]);
    for (r = 0; r < nr; r++) {
        dt_doc_cell(d, t, r + 1, 0, "%zu", r);
        dt_doc_cell(d, t, r + 1, 1, "%.3f", tr->mean[r]);
        dt_doc_cell(d, t, r + 1, 2, "%.3f", tr->median[r]);
        for (k = 0; k < l->n; k++)
            dt_doc_cell(d, t, r + 1, 3 + k, "%.3f", tr->x[r * tr->n + k]);
    }
    if (!dt_forecast_has_offers(fc, i, m))
        return;
    of = dt_forecast_offers(fc, i, m, &n_of);
    if (n_of == 0) {
        dt_doc_line(d, 1, 2,
                    "accepted offers (receiver moves towards proposer)");
        dt_doc_line(d, 0, 2, "none");
        return;
    }
    {
        static const dt_doc_col ocol[6] = {{"round ", 3, 1}, {"  ", 12, 0},
                                           {" ", 13, 0},     {" from ", 12, 0},
                                           {" ", 8, 1},      {" -> ", 8, 1}};
        dt_doc_layout_spec olay = {1, 2, NULL, 0, 1, 1};

        t = dt_doc_table(d, n_of + 1, 6,
                         "accepted offers (receiver moves towards proposer)");
        dt_doc_show(d, DT_DOC_PEOPLE);
        dt_doc_layout(d, &olay);
        dt_doc_columns(d, t, ocol);
        dt_doc_cell(d, t, 0, 0, "round");
        dt_doc_cell(d, t, 0, 1, "receiver");
        dt_doc_cell(d, t, 0, 2, "offer");
        dt_doc_cell(d, t, 0, 3, "proposer");
        dt_doc_cell(d, t, 0, 4, "from");
        dt_doc_cell(d, t, 0, 5, "to");
        dt_doc_numeric(d, t, 0);
        dt_doc_numeric(d, t, 4);
        dt_doc_numeric(d, t, 5);
        for (k = 0; k < n_of; k++) {
            const dt_eu_offer *o = &of[k].offer;

            dt_doc_cell(d, t, k + 1, 0, "%u", of[k].round);
            dt_doc_cell(d, t, k + 1, 1, "%s", l->ids[o->receiver]);
            dt_doc_cell(d, t, k + 1, 2, "%s", dt_eu_class_str(o->type));
            dt_doc_cell(d, t, k + 1, 3, "%s", l->ids[o->proposer]);
            dt_doc_cell(d, t, k + 1, 4, "%.3f", o->from);
            dt_doc_cell(d, t, k + 1, 5, "%.3f", o->to);
        }
    }
}

static void issue_section(dt_doc *d, const dt_forecast *fc, size_t i,
                          const dt_doc_opts *o)
{
    const dt_scenario *sc = dt_forecast_scenario(fc);
    const dt_issue *is = dt_scenario_issue(sc, i);
    size_t m;
    dt_value obs;

    dt_doc_heading(d, 2, is->id, dt_doc_fmt(d, "%s: %s", is->id, is->name));
    dt_doc_gap(d, 1, 0);
    if (is->low)
        wrapped(d, 0, 2, "0 = ", is->low, 8);
    if (is->high)
        wrapped(d, 0, 2, "100 = ", is->high, 8);
    if (is->has_status_quo)
        dt_doc_line(d, 0, 2,
                    dt_doc_fmt(d, "status quo %.2f", is->status_quo.v));
    if (dt_scenario_outcome_value(sc, i, &obs))
        dt_doc_line(d, 0, 2, dt_doc_fmt(d, "observed outcome %.2f", obs.v));
    models_table(d, fc, i);
    actors_table(d, fc, i);
    if (dt__doc_wants(o, DT_DOC_PEOPLE))
        dt__forecast_doc_why(d, fc, i);
    if (!o->rounds)
        return;
    for (m = 0; m < dt_forecast_n_models(fc); m++)
        rounds_table(d, fc, i, m);
}

static void exchanges(dt_doc *d, const dt_forecast *fc, const dt_doc_opts *o)
{
    const dt_scenario *sc = dt_forecast_scenario(fc);
    const dt_exchange_result *er = dt_forecast_exchange(fc);
    size_t k, li;

    if (!er)
        return;
    dt_doc_paraf(d, DT_DOC_STYLE_TEXT, "exchange model: %zu exchange%s in %s",
                 er->n_moves, er->n_moves == 1 ? "" : "s",
                 dt__forecast_doc_exchange_stop(d, fc));
    if (!o->all_exchanges && er->n_moves > 10) {
        dt__forecast_doc_exchange_summary(d, fc, 3);
        return;
    }
    dt_doc_gap(d, 1, 0);
    dt_doc_line(
        d, 0, 2,
        "i gives on issue q (moves towards j) to j, who gives on issue p;");
    dt_doc_line(
        d, 0, 2,
        "shifts of the expected outcomes O_p and O_q; gain of each side");
    if (er->n_moves == 0) {
        dt_doc_line(d, 0, 2, "none");
        return;
    }
    li = dt_doc_list(d, er->n_moves, NULL);
    dt_doc_gap(d, 0, 2);
    for (k = 0; k < er->n_moves; k++) {
        const dt_exchange_move *mv = &er->moves[k];

        dt_doc_cell(d, li, 0, k,
                    "round %u: %s gives on %s (%.2f -> %.2f) to %s for %s "
                    "(%.2f -> %.2f); shifts O_%s %+.3f, O_%s %+.3f; gain "
                    "%.4g each",
                    mv->round, dt_scenario_actor(sc, mv->demander)->id,
                    dt_scenario_issue(sc, mv->issue_q)->id, mv->demander_from,
                    mv->demander_to, dt_scenario_actor(sc, mv->supplier)->id,
                    dt_scenario_issue(sc, mv->issue_p)->id, mv->supplier_from,
                    mv->supplier_to, dt_scenario_issue(sc, mv->issue_p)->id,
                    mv->shift_p, dt_scenario_issue(sc, mv->issue_q)->id,
                    mv->shift_q, mv->gain);
    }
}

/* The flat tables of the CSV output. */
/*
 * Against what happened: each model's absolute error per scored issue and
 * its mean (score.h); shown only when the scenario records an outcome.
 */
static void score_table(dt_doc *d, const dt_forecast *fc)
{
    const dt_scenario *sc = dt_forecast_scenario(fc);
    size_t ni = dt_forecast_n_issues(fc), nm = dt_forecast_n_models(fc);
    size_t *col_issue, nc = 0, i, m, t, c;
    dt_doc_col *col;
    dt_value obs;

    for (i = 0; i < ni; i++)
        nc += dt_scenario_outcome_value(sc, i, &obs);
    if (!nc)
        return;
    col_issue = (size_t *)dt_doc_alloc(d, nc * sizeof *col_issue);
    col = (dt_doc_col *)dt_doc_alloc(d, (nc + 2) * sizeof *col);
    if (!col_issue || !col)
        return;
    for (i = 0, c = 0; i < ni; i++)
        if (dt_scenario_outcome_value(sc, i, &obs))
            col_issue[c++] = i;
    dt_doc_heading(d, 2, "score", "Against what happened");
    dt_doc_gap(d, 1, 0);
    dt_doc_line(d, 0, 2,
                "absolute error |forecast - observed| per issue, and the "
                "mean");
    t = dt_doc_table(d, nm + 1, nc + 2, NULL);
    col[0] = (dt_doc_col){"", 8, 0};
    for (c = 0; c <= nc; c++) {
        size_t w = c < nc ? strlen(dt_scenario_issue(sc, col_issue[c])->id) : 4;

        col[c + 1] = (dt_doc_col){" ", (unsigned)(w < 8 ? 8 : w), 1};
    }
    dt_doc_columns(d, t, col);
    dt_doc_show(d, DT_DOC_PEOPLE);
    dt_doc_gap(d, 1, 2);
    dt_doc_cell(d, t, 0, 0, "model");
    for (c = 0; c < nc; c++) {
        dt_doc_cell(d, t, 0, c + 1, "%s",
                    dt_scenario_issue(sc, col_issue[c])->id);
        dt_doc_numeric(d, t, c + 1);
    }
    dt_doc_cell(d, t, 0, nc + 1, "mean");
    dt_doc_numeric(d, t, nc + 1);
    for (m = 0; m < nm; m++) {
        dt_doc_cell(d, t, m + 1, 0, "%s", dt_forecast_model_name(fc, m));
        for (c = 0; c < nc; c++)
            dt_doc_cell(d, t, m + 1, c + 1, "%s",
                        dt_doc_num(d, "%.2f",
                                   dt_score_error(fc, col_issue[c], m), "n/a"));
        dt_doc_cell(d, t, m + 1, nc + 1, "%s",
                    dt_doc_num(d, "%.2f", dt_score_mae(fc, m, NULL), "n/a"));
    }
}

static void csv_tables(dt_doc *d, const dt_forecast *fc, const dt_doc_opts *o)
{
    static const char *const keys[] = {"issue",  "model", "point",  "mean",
                                       "median", "stop",  "rounds", "period"};
    static const char *const tkeys[] = {"issue",  "model", "round",   "mean",
                                        "median", "actor", "position"};
    const dt_scenario *sc = dt_forecast_scenario(fc);
    size_t ni = dt_forecast_n_issues(fc), nm = dt_forecast_n_models(fc);
    size_t i, m, r, k, rows = 0, t, row = 1;

    if (!o->rounds) {
        t = dt_doc_table(d, ni * nm + 1, 8, NULL);
        dt_doc_show(d, DT_DOC_CSV);
        dt_doc_keys(d, t, keys);
        for (i = 0; i < ni; i++)
            for (m = 0; m < nm; m++, row++) {
                const dt_model_result *res = dt_forecast_result(fc, i, m);

                dt_doc_cell(d, t, row, 0, "%s", dt_scenario_issue(sc, i)->id);
                dt_doc_cell(d, t, row, 1, "%s", dt_forecast_model_name(fc, m));
                dt_doc_cell(d, t, row, 2, "%s",
                            dt_doc_num(d, "%.17g", res->point, ""));
                dt_doc_cell(d, t, row, 3, "%s",
                            dt_doc_num(d, "%.17g", res->mean, ""));
                dt_doc_cell(d, t, row, 4, "%s",
                            dt_doc_num(d, "%.17g", res->median, ""));
                dt_doc_cell(d, t, row, 5, "%s", dt_stop_str(res->stop));
                dt_doc_cell(d, t, row, 6, "%u", res->rounds);
                if (res->stop == DT_STOP_CYCLE)
                    dt_doc_cell(d, t, row, 7, "%u", res->period);
            }
        return;
    }
    for (i = 0; i < ni; i++)
        for (m = 0; m < nm; m++) {
            const dt_trace *tr = dt_forecast_trace(fc, i, m);

            rows += tr ? tr->rounds * tr->n : 0;
        }
    t = dt_doc_table(d, rows + 1, 7, NULL);
    dt_doc_show(d, DT_DOC_CSV);
    dt_doc_keys(d, t, tkeys);
    for (i = 0; i < ni; i++)
        for (m = 0; m < nm; m++) {
            const dt_trace *tr = dt_forecast_trace(fc, i, m);
            const dt_line *l = dt_forecast_line(fc, i);

            for (r = 0; tr && r < tr->rounds; r++)
                for (k = 0; k < l->n; k++, row++) {
                    dt_doc_cell(d, t, row, 0, "%s",
                                dt_scenario_issue(sc, i)->id);
                    dt_doc_cell(d, t, row, 1, "%s",
                                dt_forecast_model_name(fc, m));
                    dt_doc_cell(d, t, row, 2, "%zu", r);
                    dt_doc_cell(d, t, row, 3, "%.17g", tr->mean[r]);
                    dt_doc_cell(d, t, row, 4, "%.17g", tr->median[r]);
                    dt_doc_cell(d, t, row, 5, "%s", l->ids[k]);
                    dt_doc_cell(d, t, row, 6, "%.17g", tr->x[r * tr->n + k]);
                }
        }
}

dt_status dt_forecast_doc(const dt_forecast *fc, const dt_doc_opts *o,
                          dt_doc *d, dt_error *err)
{
    static const dt_doc_opts defaults = DT_DOC_OPTS_INIT;
    const dt_scenario *sc = dt_forecast_scenario(fc);
    const dt_outcome *oc = dt_scenario_outcome(sc);
    size_t na = dt_scenario_n_actors(sc), a, i, table = 0, rat = 0;
    size_t ni = dt_forecast_n_issues(fc);

    if (!o)
        o = &defaults;
    for (a = 0; a < na; a++) {
        table += dt_role_at_table(dt_scenario_actor(sc, a)->role);
        rat += dt_scenario_actor(sc, a)->role == DT_ROLE_RATIFIER;
    }
    if (dt_scenario_date(sc))
        dt_doc_set_title(d, dt_doc_fmt(d, "%s (%s)", dt_scenario_name(sc),
                                       dt_scenario_date(sc)));
    else
        dt_doc_set_title(d, dt_scenario_name(sc));
    dt_doc_heading(d, 1, "forecast", dt_doc_title(d));
    dt_doc_paraf(
        d, DT_DOC_STYLE_TEXT,
        "%zu issue%s; %zu actor%s, %zu at the table, %zu excluded%s", ni,
        ni == 1 ? "" : "s", na, na == 1 ? "" : "s", table, na - table - rat,
        rat ? dt_doc_fmt(d, ", %zu ratifier%s", rat, rat == 1 ? "" : "s") : "");
    dt__doc_whatif(d, sc);
    if (o->preset)
        dt_doc_paraf(d, DT_DOC_STYLE_TEXT, "preset %s", o->preset);
    for (i = 0; i < ni; i++)
        issue_section(d, fc, i, o);
    exchanges(d, fc, o);
    score_table(d, fc);
    if (oc && oc->description)
        wrapped(d, 1, 0, "observed: ", oc->description, 2);
    if (oc && oc->agreement >= 0)
        dt_doc_line(d, oc->description ? 0 : 1, 0,
                    oc->agreement ? "observed: a deal was made"
                                  : "observed: no deal was made");
    if (dt__doc_wants(o, DT_DOC_CSV))
        csv_tables(d, fc, o);
    return dt_doc_status(d, err);
}
