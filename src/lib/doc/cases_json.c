/*
 * The JSON document of a case backtest (dt_cases_write_json, doc.h;
 * schema "detente-cases/1" in docs/schema/cases.schema.json): options,
 * per model its scores over the cases, per case its outcome, verdicts,
 * durability, exclusion and per-issue forecasts, and the cross-case
 * tables with their exact tests and intervals.
 */
#include <math.h>

#include "doc/json.h"

static json_t *flag(int v)
{
    return v < 0 ? json_null() : json_boolean(v);
}

static json_t *table_json(const dt_cases_table *t)
{
    json_t *o = json_object();

    dt__json_set(o, "a", json_integer((json_int_t)t->a));
    dt__json_set(o, "b", json_integer((json_int_t)t->b));
    dt__json_set(o, "c", json_integer((json_int_t)t->c));
    dt__json_set(o, "d", json_integer((json_int_t)t->d));
    dt__json_set(o, "fisher_p", dt__json_num(t->p));
    dt__json_set(o, "rate_yes", dt__json_num(t->rate_yes));
    dt__json_set(o, "rate_yes_lo", dt__json_num(t->yes_lo));
    dt__json_set(o, "rate_yes_hi", dt__json_num(t->yes_hi));
    dt__json_set(o, "rate_no", dt__json_num(t->rate_no));
    dt__json_set(o, "rate_no_lo", dt__json_num(t->no_lo));
    dt__json_set(o, "rate_no_hi", dt__json_num(t->no_hi));
    return o;
}

static json_t *model_json(const dt_cases_model *s)
{
    json_t *o = json_object();

    dt__json_set(o, "name", json_string(s->name));
    dt__json_set(o, "cases", json_integer((json_int_t)s->n_cases));
    dt__json_set(o, "n", json_integer((json_int_t)s->n));
    dt__json_set(o, "mae", dt__json_num(s->mae));
    dt__json_set(o, "mae_lo", dt__json_num(s->mae_lo));
    dt__json_set(o, "mae_hi", dt__json_num(s->mae_hi));
    dt__json_set(o, "issue_mae", dt__json_num(s->issue_mae));
    dt__json_set(o, "median_ae", dt__json_num(s->median_ae));
    dt__json_set(o, "rmse", dt__json_num(s->rmse));
    dt__json_set(o, "diff_n", json_integer((json_int_t)s->n_diff));
    dt__json_set(o, "diff", dt__json_num(s->diff));
    dt__json_set(o, "diff_lo", dt__json_num(s->diff_lo));
    dt__json_set(o, "diff_hi", dt__json_num(s->diff_hi));
    return o;
}

static json_t *case_json(const dt_cases *c, const dt_case *cs)
{
    json_t *o = json_object(), *issues = json_array(), *mae = json_object();
    size_t i, m, nm = c->n_models, ni = dt_scenario_n_issues(cs->sc);
    const char *path = dt_scenario_path(cs->sc);
    char lab[128];

    dt__json_set(o, "id", json_string(dt_case_label(cs, lab, sizeof lab)));
    dt__json_set(o, "name", dt__json_str(dt_scenario_name(cs->sc)));
    dt__json_set(o, "path", dt__json_str(path && path[0] ? path : NULL));
    dt__json_set(o, "scored", json_boolean(cs->scored));
    dt__json_set(o, "analyzed", json_boolean(cs->analyzed));
    dt__json_set(o, "agreement", flag(cs->agreement));
    dt__json_set(o, "held", flag(cs->held));
    dt__json_set(o, "predicted_agreement", flag(cs->predicted));
    dt__json_set(o, "verdict_matched", flag(cs->matched));
    dt__json_set(o, "durability", dt__json_num(cs->durability));
    dt__json_set(o, "excluded", json_integer((json_int_t)cs->n_excluded));
    dt__json_set(o, "excluded_clout", dt__json_num(cs->excluded_clout));
    for (m = 0; cs->scored && m < nm; m++)
        dt__json_set(mae, c->models[m].name, dt__json_num(cs->mae[m]));
    dt__json_set(o, "mae", mae);
    for (i = 0; cs->scored && issues && i < ni; i++) {
        json_t *is, *fc;

        if (isnan(cs->observed[i]))
            continue;
        is = json_object();
        fc = json_object();
        dt__json_set(is, "id", json_string(dt_scenario_issue(cs->sc, i)->id));
        dt__json_set(is, "observed", dt__json_num(cs->observed[i]));
        for (m = 0; m < nm; m++)
            dt__json_set(fc, c->models[m].name,
                         dt__json_num(cs->forecast[i * nm + m]));
        dt__json_set(is, "forecast", fc);
        json_array_append_new(issues, is);
    }
    dt__json_set(o, "issues", issues);
    return o;
}

dt_status dt_cases_write_json(const dt_cases *c, const dt_doc_opts *o,
                              dt_write_fn write, void *ud, dt_error *err)
{
    json_t *doc = json_object(), *models = json_array(), *cases = json_array();
    json_t *verdict, *dur = json_object();
    size_t k;

    (void)o;
    dt__json_set(doc, "schema", json_string("detente-cases/1"));
    dt__json_set(doc, "n_cases", json_integer((json_int_t)c->n_cases));
    dt__json_set(doc, "n_scored", json_integer((json_int_t)c->n_scored));
    dt__json_set(doc, "bootstrap", json_integer(c->opts.bootstrap));
    dt__json_set(doc, "seed", json_integer((json_int_t)c->opts.seed));
    dt__json_set(doc, "level", json_real(c->opts.level));
    for (k = 0; models && k < c->n_models; k++)
        json_array_append_new(models, model_json(&c->models[k]));
    dt__json_set(doc, "models", models);
    for (k = 0; cases && k < c->n_cases; k++)
        json_array_append_new(cases, case_json(c, &c->cases[k]));
    dt__json_set(doc, "cases", cases);
    verdict = table_json(&c->verdict);
    dt__json_set(verdict, "matched", json_integer((json_int_t)c->matched));
    dt__json_set(verdict, "n", json_integer((json_int_t)c->n_verdict));
    dt__json_set(verdict, "matched_lo", dt__json_num(c->match_lo));
    dt__json_set(verdict, "matched_hi", dt__json_num(c->match_hi));
    dt__json_set(doc, "verdict", verdict);
    dt__json_set(doc, "exclusion", table_json(&c->exclusion));
    dt__json_set(dur, "n_held", json_integer((json_int_t)c->n_held));
    dt__json_set(dur, "n_failed", json_integer((json_int_t)c->n_failed));
    dt__json_set(dur, "held", dt__json_num(c->dur_held));
    dt__json_set(dur, "failed", dt__json_num(c->dur_failed));
    dt__json_set(dur, "diff", dt__json_num(c->dur_diff));
    dt__json_set(dur, "diff_lo", dt__json_num(c->dur_lo));
    dt__json_set(dur, "diff_hi", dt__json_num(c->dur_hi));
    dt__json_set(doc, "durability", dur);
    if (!models || !cases) {
        json_decref(doc);
        doc = NULL;
    }
    return dt__json_write(doc, 0, write, ud, err);
}
