/*
 * The JSON document of a backtest (dt_backtest_write_json, doc.h; schema
 * in docs/json-schema.md and docs/schema/backtest.schema.json): its
 * schema and version, the file, the counts of scored and skipped
 * issues, the options, and per model its scores, its difference from the
 * compromise model with the bootstrap interval, its intervals' coverage
 * and width, and what was fitted in each fold.
 */
#include "doc/json.h"

/* Model m's scores and fits. */
static json_t *model_json(const dt_backtest *b, size_t m)
{
    const dt_backtest_score *s = dt_backtest_score_at(b, m);
    json_t *o = json_object(), *dv = json_object(), *iv = json_object();
    json_t *fit = json_array();
    unsigned k;

    dt__json_set(o, "name", json_string(s->name));
    dt__json_set(o, "n", json_integer((json_int_t)s->n));
    dt__json_set(o, "mae", dt__json_num(s->mae));
    dt__json_set(o, "median_ae", dt__json_num(s->median_ae));
    dt__json_set(o, "rmse", dt__json_num(s->rmse));
    dt__json_set(dv, "n", json_integer((json_int_t)s->n_diff));
    dt__json_set(dv, "estimate", dt__json_num(s->diff));
    dt__json_set(dv, "lo", dt__json_num(s->diff_lo));
    dt__json_set(dv, "hi", dt__json_num(s->diff_hi));
    dt__json_set(o, "diff_vs_mean", dv);
    dt__json_set(iv, "coverage", dt__json_num(s->coverage));
    dt__json_set(iv, "width", dt__json_num(s->width));
    dt__json_set(o, "interval", iv);
    dt__json_set(o, "no_agreement", json_integer((json_int_t)s->no_agreement));
    for (k = 0; fit && k < dt_backtest_options(b)->folds; k++)
        json_array_append_new(fit, json_string(dt_backtest_fitted(b, m, k)));
    dt__json_set(o, "fitted", fit);
    return o;
}

dt_status dt_backtest_write_json(const dt_backtest *b, const dt_doc_opts *o,
                                 dt_write_fn write, void *ud, dt_error *err)
{
    const dt_backtest_opts *bo = dt_backtest_options(b);
    json_t *doc = json_object(), *models = json_array();
    size_t m, no_out, few, sk = dt_backtest_skipped(b, &no_out, &few);

    dt__json_set(doc, "schema", json_string("detente-backtest/1"));
    dt__json_set(
        doc, "file",
        json_string(o && o->file ? o->file : dt_deu_name(dt_backtest_data(b))));
    dt__json_set(doc, "n", json_integer((json_int_t)dt_backtest_n_scored(b)));
    dt__json_set(doc, "skipped", json_integer((json_int_t)sk));
    dt__json_set(doc, "skipped_no_outcome", json_integer((json_int_t)no_out));
    dt__json_set(doc, "skipped_few_actors", json_integer((json_int_t)few));
    dt__json_set(doc, "capability",
                 json_string(dt_backtest_capability_name(b)));
    dt__json_set(doc, "folds", json_integer(bo->folds));
    dt__json_set(doc, "bootstrap", json_integer(bo->bootstrap));
    dt__json_set(doc, "seed", json_integer((json_int_t)bo->seed));
    dt__json_set(doc, "level", json_real(bo->level));
    for (m = 0; models && m < dt_backtest_n_models(b); m++)
        json_array_append_new(models, model_json(b, m));
    dt__json_set(doc, "models", models);
    if (!models) {
        json_decref(doc);
        doc = NULL;
    }
    return dt__json_write(doc, 0, write, ud, err);
}
