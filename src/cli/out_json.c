/*
 * JSON writer of the forecast command (jansson): one document with the
 * scenario, the options, and per issue every model's forecast, stop
 * reason and rounds. Reals are printed with 17 significant digits.
 */
#include <jansson.h>
#include <math.h>

#include "forecast.h"
#include "cli_json.h"

static void add_option(void *ud, const char *name, const char *value)
{
    cli_json_set(ud, name, json_string(value));
}

static json_t *scenario_json(const dt_scenario *sc)
{
    json_t *o = json_object(), *src = json_array();
    const dt_outcome *oc = dt_scenario_outcome(sc);
    size_t i;

    cli_json_set(o, "name", json_string(dt_scenario_name(sc)));
    cli_json_set(o, "date", cli_json_str(dt_scenario_date(sc)));
    cli_json_set(o, "description", cli_json_str(dt_scenario_description(sc)));
    cli_json_set(o, "note", cli_json_str(dt_scenario_note(sc)));
    cli_json_set(o, "path", json_string(dt_scenario_path(sc)));
    cli_json_set(o, "format",
                 json_string(dt_scenario_format_of(sc) == DT_FORMAT_CSV ? "csv"
                             : dt_scenario_format_of(sc) == DT_FORMAT_KTAB_CSV
                                 ? "ktab-csv"
                             : dt_scenario_format_of(sc) == DT_FORMAT_KTAB_XML
                                 ? "ktab-xml"
                                 : "yaml"));
    for (i = 0; src && i < dt_scenario_n_sources(sc); i++)
        json_array_append_new(src, json_string(dt_scenario_source(sc, i)));
    cli_json_set(o, "sources", src);
    cli_json_set(
        o, "outcome",
        oc ? json_pack("{s:o}", "description", cli_json_str(oc->description))
           : json_null());
    return o;
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
                           "name", ac->name, "role",
                           ac->role == DT_ROLE_TABLE ? "table" : "excluded",
                           "position", st->position.v, "salience",
                           st->salience.v, "capability", line->c[k]));
    }
    return arr;
}

/* The expected-utility offers executed in round r. */
static json_t *offers_json(const struct fc_run *run, const dt_line *line,
                           size_t r)
{
    json_t *arr = json_array();
    size_t k;

    for (k = 0; arr && k < run->n_offers; k++) {
        const dt_eu_offer *o = &run->offers[k].offer;

        if (run->offers[k].round != r)
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

static json_t *run_json(const struct fc_run *run, const dt_line *line)
{
    json_t *o = json_object(), *rounds = json_array();
    size_t r, k;

    cli_json_set(o, "forecast",
                 json_pack("{s:o, s:o, s:o}", "point",
                           cli_json_num(run->r.point), "mean",
                           cli_json_num(run->r.mean), "median",
                           cli_json_num(run->r.median)));
    if (run->probs)
        cli_json_set(json_object_get(o, "forecast"), "probable",
                     cli_json_num(run->probable));
    cli_json_set(o, "stop",
                 json_pack("{s:s, s:i, s:o}", "reason",
                           dt_stop_str(run->r.stop), "rounds",
                           (json_int_t)run->r.rounds, "period",
                           run->r.stop == DT_STOP_CYCLE
                               ? json_integer((json_int_t)run->r.period)
                               : json_null()));
    for (r = 0; rounds && r < run->trace.rounds; r++) {
        json_t *pos = json_object();

        for (k = 0; pos && k < line->n; k++)
            cli_json_set(pos, line->ids[k],
                         json_real(run->trace.x[r * run->trace.n + k]));
        json_t *round =
            json_pack("{s:i, s:f, s:f, s:o}", "round", (json_int_t)r, "mean",
                      run->trace.mean[r], "median", run->trace.median[r],
                      "positions", pos);

        if (run->has_offers && r > 0)
            cli_json_set(round, "offers", offers_json(run, line, r));
        if (run->probs) {
            json_t *pr = json_object();

            for (k = 0; pr && k < line->n; k++)
                cli_json_set(pr, line->ids[k],
                             json_real(run->probs[r * run->trace.n + k]));
            cli_json_set(round, "probabilities", pr);
        }
        json_array_append_new(rounds, round);
    }
    cli_json_set(o, "rounds", rounds);
    return o;
}

int fc_write_json(FILE *f, const dt_scenario *sc, const struct fc_config *cfg,
                  const struct fc_result *res)
{
    json_t *doc = json_object(), *issues = json_array(), *opts = json_object();
    size_t i, m;
    int rc = CLI_OK;

    cli_json_set(doc, "detente",
                 json_pack("{s:s, s:s}", "version", dt_version(), "command",
                           "forecast"));
    cli_json_set(doc, "scenario", scenario_json(sc));
    cli_json_set(opts, "preset", cli_json_str(cfg->preset));
    cli_model_keys_each(&cfg->mopts, add_option, opts);
    for (m = 0; m < cfg->n_models; m++)
        if (cfg->models[m] == &fc_smp_type) {
            json_t *so = json_object();

            cli_smp_keys_each(&cfg->smp, add_option, so);
            cli_json_set(opts, "smp", so);
        }
    cli_json_set(doc, "options", opts);
    for (i = 0; issues && i < res->n_issues; i++) {
        const dt_issue *is = dt_scenario_issue(sc, i);
        const struct fc_issue *fi = &res->issues[i];
        json_t *o = json_object(), *models = json_object();
        dt_value obs;

        cli_json_set(o, "id", json_string(is->id));
        cli_json_set(o, "name", json_string(is->name));
        cli_json_set(o, "low", cli_json_str(is->low));
        cli_json_set(o, "high", cli_json_str(is->high));
        cli_json_set(o, "status_quo",
                     is->has_status_quo ? json_real(is->status_quo.v)
                                        : json_null());
        cli_json_set(o, "observed",
                     dt_scenario_outcome_value(sc, i, &obs) ? json_real(obs.v)
                                                            : json_null());
        cli_json_set(o, "actors", actors_json(sc, i, fi->line));
        for (m = 0; models && m < cfg->n_models; m++) {
            cli_json_set(models, cfg->models[m]->name,
                         run_json(&fi->runs[m], fi->line));
            if (cfg->models[m] == &fc_exchange_type)
                cli_json_set(json_object_get(models, "exchange"), "exchanges",
                             fc_exchanges_json(sc, res, i));
        }
        cli_json_set(o, "models", models);
        json_array_append_new(issues, o);
    }
    cli_json_set(doc, "issues", issues);
    if (res->has_exchange)
        cli_json_set(doc, "exchange", fc_exchange_summary_json(sc, res));
    if (!doc || !issues || !opts) {
        cli_error("out of memory");
        rc = CLI_INTERNAL;
    } else if (json_dumpf(doc, f,
                          JSON_INDENT(2) | JSON_REAL_PRECISION(17) |
                              JSON_ENSURE_ASCII) != 0 ||
               fputc('\n', f) == EOF) {
        rc = CLI_IO;
    }
    json_decref(doc);
    return rc;
}
