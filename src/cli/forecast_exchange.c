/*
 * The forecast command's side of Stokman's exchange model: one run over
 * all the issues of a scenario (like smp), whose final expected outcomes
 * and replayed round-by-round positions fill each issue's fc_run, and
 * whose executed exchanges the writers list (docs/models.md, "exchange").
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "forecast.h"

/* A tag in cfg->models[]: the exchange model is not a one-issue model. */
const dt_model_type fc_exchange_type = {
    "exchange", "Stokman's exchange model, all issues at once",
    NULL,       NULL,
    NULL,       NULL,
    NULL,       NULL,
    NULL,       NULL};

/* Weighted mean and median of positions x of line l (weights c s). */
static void line_stats(const dt_line *l, const double *x, size_t *scratch,
                       double *mean, double *median)
{
    if (l->n == 0) {
        *mean = *median = NAN;
        return;
    }
    *mean = dt_weighted_mean(l->n, x, l->c, l->s);
    *median = dt_weighted_median(l->n, x, l->c, l->s, scratch);
}

/*
 * Fill issue i's run from the result: the positions of round 0 (the
 * scenario's) and after each round, replaying the executed exchanges in
 * order (each moves the supplier on p and the demander on q); per round
 * the weighted mean (the model's expected outcome O_q) and median.
 */
static int fill_issue(const dt_exchange_result *er, size_t i, const dt_line *l,
                      struct fc_run *run, size_t *scratch)
{
    size_t n = l->n, T = (size_t)er->rounds + 1, k, mv = 0, t;
    double *x;

    if (!fc_trace_alloc(&run->trace, n, T))
        return CLI_INTERNAL;
    x = run->trace.x;
    for (k = 0; k < n; k++)
        x[k] = l->x[k];
    line_stats(l, x, scratch, &run->trace.mean[0], &run->trace.median[0]);
    for (t = 1; t < T; t++) {
        double *cur = x + t * n;

        memcpy(cur, cur - n, n * sizeof *cur);
        for (; mv < er->n_moves && er->moves[mv].round <= t; mv++) {
            const dt_exchange_move *m = &er->moves[mv];

            for (k = 0; k < n; k++) {
                if (m->issue_p == i && l->actor[k] == m->supplier)
                    cur[k] = m->supplier_to;
                if (m->issue_q == i && l->actor[k] == m->demander)
                    cur[k] = m->demander_to;
            }
        }
        line_stats(l, cur, scratch, &run->trace.mean[t], &run->trace.median[t]);
    }
    /* The forecast: the final expected outcome O_q (the compromise mean of
     * the final positions); the median of the same positions beside it. */
    run->r.point = er->outcome[i];
    run->r.mean = er->outcome[i];
    run->r.median = run->trace.median[T - 1];
    run->r.stop = er->converged ? DT_STOP_CONVERGED : DT_STOP_ROUND_CAP;
    run->r.rounds = er->rounds;
    run->r.period = 0;
    return CLI_OK;
}

int fc_run_exchange(const dt_scenario *sc, size_t m, struct fc_result *res)
{
    dt_error err;
    dt_status st;
    size_t i, n_max = 1, *scratch = NULL;
    int rc = CLI_OK;

    st = dt_exchange_solve_scenario(sc, 0, NULL, NULL, &res->exchange, &err);
    if (st != DT_OK) {
        cli_error("model 'exchange' failed: %s", err.msg);
        return st == DT_ENOMEM ? CLI_INTERNAL : CLI_INVALID;
    }
    res->has_exchange = 1;
    for (i = 0; i < res->n_issues; i++)
        if (res->issues[i].line->n > n_max)
            n_max = res->issues[i].line->n;
    scratch = malloc(n_max * sizeof *scratch);
    if (!scratch)
        rc = CLI_INTERNAL;
    for (i = 0; i < res->n_issues && rc == CLI_OK; i++)
        rc = fill_issue(&res->exchange, i, res->issues[i].line,
                        &res->issues[i].runs[m], scratch);
    if (rc != CLI_OK)
        cli_error("out of memory");
    free(scratch);
    return rc;
}

void fc_write_exchanges(FILE *f, const dt_scenario *sc,
                        const struct fc_result *res)
{
    const dt_exchange_result *er = &res->exchange;
    size_t k;

    if (!res->has_exchange)
        return;
    fprintf(f,
            "\nexchange model: %zu exchange%s in %u round%s (%s)\n"
            "  i gives on issue q (moves towards j) to j, who gives on "
            "issue p;\n"
            "  shifts of the expected outcomes O_p and O_q; gain of each "
            "side\n",
            er->n_moves, er->n_moves == 1 ? "" : "s", er->rounds,
            er->rounds == 1 ? "" : "s",
            er->converged ? "converged" : "round cap");
    if (er->n_moves == 0)
        fprintf(f, "  none\n");
    for (k = 0; k < er->n_moves; k++) {
        const dt_exchange_move *m = &er->moves[k];

        fprintf(f,
                "  round %u: %s gives on %s (%.2f -> %.2f) to %s for %s "
                "(%.2f -> %.2f); shifts O_%s %+.3f, O_%s %+.3f; gain "
                "%.4g each\n",
                m->round, dt_scenario_actor(sc, m->demander)->id,
                dt_scenario_issue(sc, m->issue_q)->id, m->demander_from,
                m->demander_to, dt_scenario_actor(sc, m->supplier)->id,
                dt_scenario_issue(sc, m->issue_p)->id, m->supplier_from,
                m->supplier_to, dt_scenario_issue(sc, m->issue_p)->id,
                m->shift_p, dt_scenario_issue(sc, m->issue_q)->id, m->shift_q,
                m->gain);
    }
}

/*
 * The executed exchanges as a JSON array: all of them (issue = SIZE_MAX)
 * or those in which issue `issue` is p or q. Actors and issues by id.
 */
json_t *fc_exchanges_json(const dt_scenario *sc, const struct fc_result *res,
                          size_t issue)
{
    const dt_exchange_result *er = &res->exchange;
    json_t *arr = json_array();
    size_t k;

    for (k = 0; arr && k < er->n_moves; k++) {
        const dt_exchange_move *m = &er->moves[k];

        if (issue != SIZE_MAX && m->issue_p != issue && m->issue_q != issue)
            continue;
        json_array_append_new(
            arr, json_pack("{s:i, s:s, s:s, s:s, s:s, s:f, s:f, s:f, s:f, s:f, "
                           "s:f, s:f, s:f}",
                           "round", (json_int_t)m->round, "demander",
                           dt_scenario_actor(sc, m->demander)->id, "supplier",
                           dt_scenario_actor(sc, m->supplier)->id, "issue_p",
                           dt_scenario_issue(sc, m->issue_p)->id, "issue_q",
                           dt_scenario_issue(sc, m->issue_q)->id,
                           "supplier_from", m->supplier_from, "supplier_to",
                           m->supplier_to, "demander_from", m->demander_from,
                           "demander_to", m->demander_to, "shift_p", m->shift_p,
                           "shift_q", m->shift_q, "gain", m->gain,
                           "externality", m->externality));
    }
    return arr;
}

json_t *fc_exchange_summary_json(const dt_scenario *sc,
                                 const struct fc_result *res)
{
    const dt_exchange_result *er = &res->exchange;

    return json_pack("{s:i, s:b, s:o}", "rounds", (json_int_t)er->rounds,
                     "converged", er->converged, "exchanges",
                     fc_exchanges_json(sc, res, SIZE_MAX));
}
