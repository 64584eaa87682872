/*
 * The forecast command's computation: one model instance per model type
 * (workspace allocated once, sized for the largest issue), solved on
 * every issue with its trace kept for the writers.
 */
#include <stdlib.h>
#include <string.h>

#include "forecast.h"

void fc_result_release(struct fc_result *res)
{
    size_t i, m;

    for (i = 0; i < res->n_issues; i++) {
        dt_line_free(res->issues[i].line);
        for (m = 0; m < FC_MAX_MODELS; m++) {
            dt_trace_release(&res->issues[i].runs[m].trace);
            free(res->issues[i].runs[m].offers);
            free(res->issues[i].runs[m].probs);
        }
    }
    free(res->issues);
    dt_exchange_result_release(&res->exchange, NULL);
    memset(res, 0, sizeof *res);
}

int fc_trace_alloc(dt_trace *t, size_t n, size_t rows)
{
    t->n = n;
    t->rounds = rows;
    t->cap = rows;
    t->x = malloc(rows * (n ? n : 1) * sizeof *t->x);
    t->mean = malloc(rows * sizeof *t->mean);
    t->median = malloc(rows * sizeof *t->median);
    return t->x && t->mean && t->median;
}

int fc_all_converged(const struct fc_result *res)
{
    size_t i, m;

    for (i = 0; i < res->n_issues; i++)
        for (m = 0; m < FC_MAX_MODELS; m++)
            if (res->issues[i].runs[m].r.stop != DT_STOP_NONE &&
                res->issues[i].runs[m].r.stop != DT_STOP_CONVERGED)
                return 0;
    return 1;
}

/* Round callback: keep the offers the expected-utility model executed. */
static dt_status collect_offers(void *ud, const dt_model *m, dt_error *err)
{
    struct fc_run *run = ud;
    dt_eu_round rd;
    size_t k;

    if (dt_model_round(m) == 0)
        return DT_OK;
    if (dt_eu_last_round(m, &rd, NULL) != DT_OK)
        return DT_OK; /* Not an expected-utility model: nothing to keep. */
    run->has_offers = 1;
    for (k = 0; k < rd.n_offers; k++) {
        if (run->n_offers == run->cap_offers) {
            size_t cap = run->cap_offers ? 2 * run->cap_offers : 16;
            struct fc_offer *o = realloc(run->offers, cap * sizeof *o);

            if (!o) {
                snprintf(err->msg, sizeof err->msg, "out of memory");
                return DT_ENOMEM;
            }
            run->offers = o;
            run->cap_offers = cap;
        }
        run->offers[run->n_offers].round = rd.round;
        run->offers[run->n_offers].offer = rd.offers[k];
        run->n_offers++;
    }
    return DT_OK;
}

int fc_run(const dt_scenario *sc, const struct fc_config *cfg,
           struct fc_result *res)
{
    size_t ni = dt_scenario_n_issues(sc), i, m, n_max = 1;
    dt_error err;
    dt_status st;

    res->issues = calloc(ni, sizeof *res->issues);
    if (!res->issues) {
        cli_error("out of memory");
        return CLI_INTERNAL;
    }
    res->n_issues = ni;
    for (i = 0; i < ni; i++) {
        st = dt_scenario_line(sc, i, 0, &res->issues[i].line, &err);
        if (st != DT_OK) {
            cli_error("%s", err.msg);
            return cli_exit_for(st);
        }
        if (res->issues[i].line->n > n_max)
            n_max = res->issues[i].line->n;
    }
    for (m = 0; m < cfg->n_models; m++) {
        dt_model *model = NULL;

        if (cfg->models[m] == &fc_smp_type) {
            int rc = fc_run_smp(sc, cfg, m, res);

            if (rc != CLI_OK)
                return rc;
            continue;
        }
        if (cfg->models[m] == &fc_exchange_type) {
            int rc = fc_run_exchange(sc, m, res);

            if (rc != CLI_OK)
                return rc;
            continue;
        }
        st = dt_model_new(cfg->models[m], n_max, &cfg->mopts, NULL, &model,
                          &err);
        if (st != DT_OK) {
            cli_error("%s", err.msg);
            return cli_exit_for(st);
        }
        for (i = 0; i < ni; i++) {
            struct fc_run *run = &res->issues[i].runs[m];

            st = dt_model_solve_each(model, res->issues[i].line, &run->trace,
                                     collect_offers, run, &run->r, &err);
            if (st != DT_OK) {
                cli_error("model '%s' failed on issue '%s': %s",
                          cfg->models[m]->name, dt_scenario_issue(sc, i)->id,
                          err.msg);
                dt_model_free(model);
                return st == DT_ENOMEM ? CLI_INTERNAL : CLI_INVALID;
            }
        }
        dt_model_free(model);
    }
    return CLI_OK;
}
