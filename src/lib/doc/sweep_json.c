/*
 * The JSON document of a sweep (dt_sweep_write_json, doc.h; schema in
 * docs/json-schema.md and docs/schema/sweep.schema.json): its schema and
 * version, seed, draws, the inputs and their spreads, every
 * forecast's summary, the analysis's probabilities, the influence
 * rankings and drop-each. No timings or host names, so it is
 * byte-identical for a seed whatever the thread or process count.
 */
#include <math.h>

#include "doc/json.h"

static const char *const qnames[DT_SWEEP_NQ] = {"q05", "q25", "q50", "q75",
                                                "q95"};

static json_t *stats_json(const dt_sweep_stats *st)
{
    json_t *o = json_object();
    size_t k;

    dt__json_set(o, "n", json_integer((json_int_t)st->n));
    dt__json_set(o, "mean", dt__json_num(st->mean));
    dt__json_set(o, "sd", dt__json_num(st->sd));
    for (k = 0; k < DT_SWEEP_NQ; k++)
        dt__json_set(o, qnames[k], dt__json_num(st->q[k]));
    return o;
}

/* stats of output k with its value as written, bimodality and flags. */
static json_t *robust_json(const dt_sweep *s, size_t k)
{
    json_t *o = stats_json(dt_sweep_output_stats(s, k)), *f = json_array();
    unsigned fl = dt_sweep_output_flags(s, k);

    dt__json_set(o, "base", dt__json_num(dt_sweep_output_base(s, k)));
    dt__json_set(o, "bimodality",
                 dt__json_num(dt_sweep_output_bimodality(s, k)));
    if (fl & DT_SWEEP_FRAGILE)
        json_array_append_new(f, json_string("fragile"));
    if (fl & DT_SWEEP_BIMODAL)
        json_array_append_new(f, json_string("bimodal"));
    dt__json_set(o, "flags", f);
    return o;
}

/* The first output of `kind` on issue i / model m / actor a (-1: any). */
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

/* An as-written 0/1 result: true, false or null. */
static json_t *yes_no(double v)
{
    return isnan(v) ? json_null() : json_boolean(v > 0.5);
}

static json_t *inputs_json(const dt_sweep *s)
{
    const dt_scenario *sc = dt_sweep_scenario(s);
    json_t *a = json_array();
    size_t j;

    for (j = 0; j < dt_sweep_n_inputs(s); j++) {
        const dt_sweep_input *in = dt_sweep_get_input(s, j);
        json_t *o = json_object();

        dt__json_set(o, "input", json_string(in->label));
        dt__json_set(o, "kind", json_string(dt_slot_kind_name(in->kind)));
        dt__json_set(o, "actor",
                     in->actor != (size_t)-1
                         ? json_string(dt_scenario_actor(sc, in->actor)->id)
                         : json_null());
        dt__json_set(o, "issue",
                     in->issue != (size_t)-1
                         ? json_string(dt_scenario_issue(sc, in->issue)->id)
                         : json_null());
        dt__json_set(o, "value", dt__json_num(in->value));
        dt__json_set(o, "distribution",
                     json_string(in->dist == DT_SPREAD_UNIFORM   ? "uniform"
                                 : in->dist == DT_SPREAD_MIXTURE ? "analysts"
                                                                 : "normal"));
        if (in->dist == DT_SPREAD_NORMAL)
            dt__json_set(o, "sd", dt__json_num(in->sd));
        dt__json_set(o, "low", dt__json_num(in->lo));
        dt__json_set(o, "high", dt__json_num(in->hi));
        dt__json_set(o, "from_default", json_boolean(in->from_default));
        dt__json_set(o, "line", json_integer(in->loc.line));
        dt__json_set(o, "col", json_integer(in->loc.col));
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *issues_json(const dt_sweep *s)
{
    const dt_scenario *sc = dt_sweep_scenario(s);
    json_t *a = json_array();
    size_t i, m;

    for (i = 0; i < dt_scenario_n_issues(sc); i++) {
        json_t *o = json_object(), *fc = json_object();

        dt__json_set(o, "issue", json_string(dt_scenario_issue(sc, i)->id));
        for (m = 0; m < dt_sweep_n_models(s); m++)
            dt__json_set(fc, dt_sweep_model(s, m)->name,
                         robust_json(s, find_output(s, DT_OUTPUT_FORECAST, i, m,
                                                    (size_t)-1)));
        dt__json_set(o, "forecast", fc);
        if (dt_sweep_has_analysis(s))
            dt__json_set(o, "deal",
                         robust_json(s, find_output(s, DT_OUTPUT_DEAL, i,
                                                    (size_t)-1, (size_t)-1)));
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *analysis_json(const dt_sweep *s)
{
    const dt_scenario *sc = dt_sweep_scenario(s);
    json_t *o, *red, *redw;
    size_t a, k, none = (size_t)-1;

    if (!dt_sweep_has_analysis(s))
        return json_null();
    o = json_object();
    red = json_object();
    redw = json_object();
    dt__json_set(o, "p_zone", dt__json_num(dt_sweep_p_zone(s)));
    k = find_output(s, DT_OUTPUT_ZONE, none, none, none);
    dt__json_set(o, "zone_as_written", yes_no(dt_sweep_output_base(s, k)));
    dt__json_set(o, "zone_fragile",
                 json_boolean(dt_sweep_output_flags(s, k) & DT_SWEEP_FRAGILE));
    if (!isnan(dt_sweep_p_ratified(s))) {
        dt__json_set(o, "p_ratified", dt__json_num(dt_sweep_p_ratified(s)));
        k = find_output(s, DT_OUTPUT_RATIFIED, none, none, none);
        dt__json_set(o, "ratified_as_written",
                     yes_no(dt_sweep_output_base(s, k)));
    }
    k = find_output(s, DT_OUTPUT_SURPLUS, none, none, none);
    if (k != none)
        dt__json_set(o, "surplus", robust_json(s, k));
    dt__json_set(
        o, "durability",
        robust_json(s, find_output(s, DT_OUTPUT_DURABILITY, none, none, none)));
    for (a = 0; a < dt_scenario_n_actors(sc); a++) {
        k = find_output(s, DT_OUTPUT_RED_LINE, none, none, a);
        dt__json_set(red, dt_scenario_actor(sc, a)->id,
                     dt__json_num(dt_sweep_p_red_line(s, a)));
        dt__json_set(redw, dt_scenario_actor(sc, a)->id,
                     yes_no(dt_sweep_output_base(s, k)));
    }
    dt__json_set(o, "p_red_line_crossed", red);
    dt__json_set(o, "red_line_crossed_as_written", redw);
    return o;
}

static json_t *influence_json(const dt_sweep *s)
{
    json_t *a = json_array();
    size_t k, t, ni = dt_sweep_n_inputs(s);

    for (k = 0; k < dt_sweep_n_outputs(s); k++) {
        const size_t *rank = dt_sweep_influence_rank(s, k);
        json_t *o = json_object(), *r = json_array();

        dt__json_set(o, "output",
                     json_string(dt_sweep_get_output(s, k)->label));
        for (t = 0; t < ni; t++) {
            double rho = dt_sweep_influence(s, k, rank[t]);
            json_t *e;

            if (isnan(rho))
                break; /* NaN ranks last: the rest are undefined too */
            e = json_object();
            dt__json_set(e, "input",
                         json_string(dt_sweep_get_input(s, rank[t])->label));
            dt__json_set(e, "rho", dt__json_num(rho));
            json_array_append_new(r, e);
        }
        dt__json_set(o, "ranking", r);
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *drop_json(const dt_sweep *s)
{
    const dt_scenario *sc = dt_sweep_scenario(s);
    json_t *a;
    size_t i, m, t;

    if (!dt_sweep_has_drop_each(s))
        return json_null();
    a = json_array();
    for (i = 0; i < dt_scenario_n_issues(sc); i++)
        for (m = 0; m < dt_sweep_n_models(s); m++) {
            const size_t *rank = dt_sweep_drop_rank(s, i, m);
            json_t *o = json_object(), *r = json_array();

            dt__json_set(o, "issue", json_string(dt_scenario_issue(sc, i)->id));
            dt__json_set(o, "model", json_string(dt_sweep_model(s, m)->name));
            for (t = 0; t < dt_scenario_n_actors(sc); t++) {
                size_t ac = rank[t];
                double sh = dt_sweep_drop_shift(s, ac, i, m);
                json_t *e;

                if (isnan(sh))
                    continue; /* no stake in this issue */
                e = json_object();
                dt__json_set(e, "actor",
                             json_string(dt_scenario_actor(sc, ac)->id));
                dt__json_set(e, "mean_abs_shift", dt__json_num(sh));
                dt__json_set(e, "without",
                             stats_json(dt_sweep_drop_stats(s, ac, i, m)));
                json_array_append_new(r, e);
            }
            dt__json_set(o, "ranking", r);
            json_array_append_new(a, o);
        }
    return a;
}

dt_status dt_sweep_write_json(const dt_sweep *s, const dt_doc_opts *o,
                              dt_write_fn write, void *ud, dt_error *err)
{
    static const dt_doc_opts defaults = DT_DOC_OPTS_INIT;
    const dt_scenario *sc = dt_sweep_scenario(s);
    json_t *doc = json_object(), *models = json_array(), *lv = json_array();
    size_t m, k;

    if (!o)
        o = &defaults;
    for (m = 0; m < dt_sweep_n_models(s); m++)
        json_array_append_new(models, json_string(dt_sweep_model(s, m)->name));
    for (k = 0; k < DT_SWEEP_NQ; k++)
        json_array_append_new(lv, json_real(dt_sweep_levels[k]));
    dt__json_set(doc, "schema", json_string("detente-sweep/1"));
    dt__json_set(doc, "command", json_string("sweep"));
    dt__json_set(doc, "version", json_string(dt_version()));
    dt__json_set(doc, "scenario", dt__json_str(dt_scenario_name(sc)));
    dt__json_whatif(doc, sc);
    dt__json_set(doc, "file",
                 json_string(o->file ? o->file : dt_scenario_path(sc)));
    dt__json_set(doc, "seed", json_integer((json_int_t)dt_sweep_seed(s)));
    dt__json_set(doc, "draws", json_integer((json_int_t)dt_sweep_n_draws(s)));
    dt__json_set(doc, "draws_done",
                 json_integer((json_int_t)dt_sweep_n_done(s)));
    dt__json_set(doc, "complete",
                 json_boolean(dt_sweep_n_done(s) == dt_sweep_n_draws(s)));
    /* Only when some draws were streamed (docs/analysis.md "Memory"). */
    if (dt_sweep_n_streamed(s))
        dt__json_set(doc, "draws_kept",
                     json_integer((json_int_t)(dt_sweep_n_done(s) -
                                               dt_sweep_n_streamed(s))));
    if (o->interrupted)
        dt__json_set(doc, "note",
                     json_string("interrupted: the summaries cover only the "
                                 "draws finished"));
    dt__json_set(doc, "models", models);
    dt__json_set(doc, "quantile_levels", lv);
    dt__json_set(doc, "quantile_definition", json_string("Hyndman-Fan type 7"));
    dt__json_set(doc, "influence_method",
                 json_string("Spearman rank correlation"));
    dt__json_set(doc, "analysis_per_draw",
                 json_boolean(dt_sweep_has_analysis(s)));
    dt__json_set(doc, "inputs", inputs_json(s));
    dt__json_set(doc, "issues", issues_json(s));
    dt__json_set(doc, "analysis", analysis_json(s));
    dt__json_set(doc, "influence", influence_json(s));
    dt__json_set(doc, "drop_each", drop_json(s));
    return dt__json_write(doc, 0, write, ud, err);
}
