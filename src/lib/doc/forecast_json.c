/*
 * The JSON document of a forecast (dt_forecast_write_json, doc.h; schema
 * in docs/json-schema.md and docs/schema/forecast.schema.json): its
 * schema and version first, the scenario, the options, per issue its
 * actors and every model's forecast, stop reason and rounds (with the
 * expected-utility model's offers and smp's probabilities), the exchange
 * model's exchanges.
 */
#include <math.h>

#include "detente/score.h"
#include "doc/json.h"

/* Each model's error against the recorded outcome (score.h). */
static json_t *score_json(const dt_forecast *fc)
{
    const dt_scenario *sc = dt_forecast_scenario(fc);
    const dt_outcome *oc = dt_scenario_outcome(sc);
    json_t *o = json_object(), *models = json_object();
    size_t m, i, n;
    dt_value obs;

    dt__json_set(o, "agreement",
                 oc->agreement < 0 ? json_null() : json_boolean(oc->agreement));
    for (m = 0; m < dt_forecast_n_models(fc); m++) {
        json_t *e = json_object();
        double mae = dt_score_mae(fc, m, &n);

        for (i = 0; i < dt_forecast_n_issues(fc); i++)
            if (dt_scenario_outcome_value(sc, i, &obs))
                dt__json_set(e, dt_scenario_issue(sc, i)->id,
                             dt__json_num(dt_score_error(fc, i, m)));
        dt__json_set(models, dt_forecast_model_name(fc, m),
                     json_pack("{s:I, s:o, s:o}", "n", (json_int_t)n, "mae",
                               dt__json_num(mae), "errors", e));
    }
    dt__json_set(o, "models", models);
    return o;
}

static void add_option(void *ud, const char *name, const char *value)
{
    dt__json_set(ud, name, json_string(value));
}

static json_t *actors_json(const dt_scenario *sc, size_t i, const dt_line *line)
{
    json_t *arr = json_array();
    size_t k;

    for (k = 0; arr && k < line->n; k++) {
        const dt_actor *ac = dt_scenario_actor(sc, line->actor[k]);
        const dt_stake *st = dt_scenario_stake(sc, line->actor[k], i);

        json_array_append_new(
            arr, json_pack("{s:s, s:s, s:s, s:f, s:f, s:f}", "id", ac->id,
                           "name", ac->name, "role", dt_role_name(ac->role),
                           "position", st->position.v, "salience",
                           st->salience.v, "capability", line->c[k]));
    }
    return arr;
}

/* The expected-utility offers executed in round r. */
static json_t *offers_json(const dt_forecast_offer *of, size_t n,
                           const dt_line *line, size_t r)
{
    json_t *arr = json_array();
    size_t k;

    for (k = 0; arr && k < n; k++) {
        const dt_eu_offer *o = &of[k].offer;

        if (of[k].round != r)
            continue;
        json_array_append_new(
            arr,
            json_pack("{s:s, s:s, s:s, s:f, s:f, s:f, s:f}", "receiver",
                      line->ids[o->receiver], "proposer",
                      line->ids[o->proposer], "type", dt_eu_class_str(o->type),
                      "from", o->from, "to", o->to, "eu_receiver",
                      o->eu_receiver, "eu_proposer", o->eu_proposer));
    }
    return arr;
}

static json_t *run_json(const dt_forecast *fc, size_t i, size_t m)
{
    const dt_model_result *res = dt_forecast_result(fc, i, m);
    const dt_trace *tr = dt_forecast_trace(fc, i, m);
    const dt_line *line = dt_forecast_line(fc, i);
    const double *probs = dt_forecast_probs(fc, i, m);
    const dt_forecast_offer *of;
    json_t *o = json_object(), *rounds = json_array();
    size_t r, k, n_of;

    of = dt_forecast_offers(fc, i, m, &n_of);
    dt__json_set(o, "forecast",
                 json_pack("{s:o, s:o, s:o}", "point", dt__json_num(res->point),
                           "mean", dt__json_num(res->mean), "median",
                           dt__json_num(res->median)));
    if (probs)
        dt__json_set(json_object_get(o, "forecast"), "probable",
                     dt__json_num(dt_forecast_probable(fc, i, m)));
    dt__json_set(o, "stop",
                 json_pack("{s:s, s:i, s:o}", "reason", dt_stop_str(res->stop),
                           "rounds", (json_int_t)res->rounds, "period",
                           res->stop == DT_STOP_CYCLE
                               ? json_integer((json_int_t)res->period)
                               : json_null()));
    for (r = 0; rounds && tr && r < tr->rounds; r++) {
        json_t *pos = json_object(), *round;

        for (k = 0; pos && k < line->n; k++)
            dt__json_set(pos, line->ids[k], json_real(tr->x[r * tr->n + k]));
        round =
            json_pack("{s:i, s:f, s:f, s:o}", "round", (json_int_t)r, "mean",
                      tr->mean[r], "median", tr->median[r], "positions", pos);
        if (dt_forecast_has_offers(fc, i, m) && r > 0)
            dt__json_set(round, "offers", offers_json(of, n_of, line, r));
        if (probs) {
            json_t *pr = json_object();

            for (k = 0; pr && k < line->n; k++)
                dt__json_set(pr, line->ids[k], json_real(probs[r * tr->n + k]));
            dt__json_set(round, "probabilities", pr);
        }
        json_array_append_new(rounds, round);
    }
    dt__json_set(o, "rounds", rounds);
    {
        json_t *why = dt__forecast_json_why(fc, i, m);

        if (!why) { /* out of memory: the whole document fails */
            json_decref(o);
            return NULL;
        }
        dt__json_set(o, "explanation", why);
    }
    return o;
}

/*
 * The executed exchanges: all of them (issue = SIZE_MAX) or those in
 * which issue `issue` is p or q. Actors and issues by id.
 */
static json_t *exchanges_json(const dt_scenario *sc,
                              const dt_exchange_result *er, size_t issue)
{
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

dt_status dt_forecast_write_json(const dt_forecast *fc, const dt_doc_opts *o,
                                 dt_write_fn write, void *ud, dt_error *err)
{
    static const dt_doc_opts defaults = DT_DOC_OPTS_INIT;
    const dt_scenario *sc = dt_forecast_scenario(fc);
    const dt_exchange_result *er = dt_forecast_exchange(fc);
    json_t *doc = json_object(), *issues = json_array(), *opts = json_object();
    int oom = 0;
    size_t i, m, nm = dt_forecast_n_models(fc);

    if (!o)
        o = &defaults;
    dt__json_set(doc, "schema", json_string("detente-forecast/1"));
    dt__json_set(doc, "detente",
                 json_pack("{s:s, s:s}", "version", dt_version(), "command",
                           "forecast"));
    dt__json_set(doc, "scenario", dt__json_scenario(sc));
    dt__json_whatif(doc, sc);
    dt__json_set(opts, "preset", dt__json_str(o->preset));
    dt_forecast_opts_each(dt_forecast_options(fc), "model", add_option, opts);
    for (m = 0; m < nm; m++)
        if (dt_forecast_scenario_model_type(fc, m) == &dt_model_smp) {
            json_t *so = json_object();

            dt_forecast_opts_each(dt_forecast_options(fc), "smp", add_option,
                                  so);
            dt__json_set(opts, "smp", so);
        }
    dt__json_set(doc, "options", opts);
    for (i = 0; issues && i < dt_forecast_n_issues(fc); i++) {
        const dt_issue *is = dt_scenario_issue(sc, i);
        json_t *io = json_object(), *models = json_object();
        dt_value obs;

        dt__json_set(io, "id", json_string(is->id));
        dt__json_set(io, "name", json_string(is->name));
        dt__json_set(io, "low", dt__json_str(is->low));
        dt__json_set(io, "high", dt__json_str(is->high));
        dt__json_set(io, "status_quo",
                     is->has_status_quo ? json_real(is->status_quo.v)
                                        : json_null());
        dt__json_set(io, "observed",
                     dt_scenario_outcome_value(sc, i, &obs) ? json_real(obs.v)
                                                            : json_null());
        dt__json_set(io, "actors", actors_json(sc, i, dt_forecast_line(fc, i)));
        for (m = 0; models && m < nm; m++) {
            json_t *r = run_json(fc, i, m);

            oom |= !r;

            if (dt_forecast_scenario_model_type(fc, m) == &dt_model_exchange &&
                er)
                dt__json_set(r, "exchanges", exchanges_json(sc, er, i));
            dt__json_set(models, dt_forecast_model_name(fc, m), r);
        }
        dt__json_set(io, "models", models);
        json_array_append_new(issues, io);
    }
    dt__json_set(doc, "issues", issues);
    if (er)
        dt__json_set(doc, "exchange",
                     json_pack("{s:i, s:b, s:o}", "rounds",
                               (json_int_t)er->rounds, "converged",
                               er->converged, "exchanges",
                               exchanges_json(sc, er, SIZE_MAX)));
    if (dt_score_has_outcome(sc))
        dt__json_set(doc, "score", score_json(fc));
    if (!issues || !opts) {
        json_decref(doc);
        doc = NULL;
    }
    if (oom) {
        json_decref(doc);
        doc = NULL; /* dt__json_write reports DT_ENOMEM */
    }
    return dt__json_write(doc, JSON_ENSURE_ASCII, write, ud, err);
}
