/*
 * The JSON document of a backtest (dt_backtest_write_json, doc.h; schema
 * in docs/json-schema.md and docs/schema/backtest.schema.json): its
 * schema and version, the file, the counts of scored and skipped
 * issues, the options, and per model its scores, its difference from the
 * compromise model with the bootstrap interval, its intervals' coverage
 * and width, what was fitted in each fold, its hit rates, minimum
 * detectable differences, CRPS and the measurement-error draws'
 * coverage, and the same on the issues of each Council voting rule.
 */
#include "doc/json.h"

/* {estimate, lo, hi} of a difference from mean. */
static json_t *diff_obj(double est, double lo, double hi)
{
    json_t *o = json_object();

    dt__json_set(o, "estimate", dt__json_num(est));
    dt__json_set(o, "lo", dt__json_num(lo));
    dt__json_set(o, "hi", dt__json_num(hi));
    return o;
}

/*
 * The scoring rules of s beyond MAE: hit rates, the minimum detectable
 * differences, CRPS with its difference from mean and the draws'
 * coverage, into o.
 */
static void rules_json(json_t *o, const dt_backtest_score *s)
{
    json_t *cr = json_object(), *cd = json_object();

    dt__json_set(o, "hit5", dt__json_num(s->hit5));
    dt__json_set(o, "hit10", dt__json_num(s->hit10));
    dt__json_set(o, "hit5_diff",
                 diff_obj(s->hit5_diff, s->hit5_diff_lo, s->hit5_diff_hi));
    dt__json_set(o, "hit10_diff",
                 diff_obj(s->hit10_diff, s->hit10_diff_lo, s->hit10_diff_hi));
    dt__json_set(o, "mdd", dt__json_num(s->mdd));
    dt__json_set(o, "mdd_iid", dt__json_num(s->mdd_iid));
    dt__json_set(cr, "n", json_integer((json_int_t)s->n_crps));
    dt__json_set(cr, "mean", dt__json_num(s->crps));
    dt__json_set(cd, "estimate", dt__json_num(s->crps_diff));
    dt__json_set(cd, "lo", dt__json_num(s->crps_diff_lo));
    dt__json_set(cd, "hi", dt__json_num(s->crps_diff_hi));
    dt__json_set(cr, "diff_vs_mean", cd);
    dt__json_set(cr, "mdd", dt__json_num(s->crps_mdd));
    dt__json_set(cr, "cover50", dt__json_num(s->cover50));
    dt__json_set(cr, "cover80", dt__json_num(s->cover80));
    dt__json_set(o, "crps", cr);
}

/* Model m's scores on the issues of one voting rule. */
static json_t *rule_json(const dt_backtest *b, size_t m, dt_deu_rule r)
{
    const dt_backtest_score *s = dt_backtest_score_rule(b, m, r);
    json_t *o = json_object(), *dv = json_object();

    dt__json_set(o, "n", json_integer((json_int_t)s->n));
    dt__json_set(o, "mae", dt__json_num(s->mae));
    dt__json_set(dv, "n", json_integer((json_int_t)s->n_diff));
    dt__json_set(dv, "estimate", dt__json_num(s->diff));
    dt__json_set(dv, "lo", dt__json_num(s->diff_lo));
    dt__json_set(dv, "hi", dt__json_num(s->diff_hi));
    dt__json_set(o, "diff_vs_mean", dv);
    rules_json(o, s);
    return o;
}

/* Model m's scores and fits. */
static json_t *model_json(const dt_backtest *b, size_t m)
{
    const dt_backtest_score *s = dt_backtest_score_at(b, m);
    json_t *o = json_object(), *dv = json_object(), *iv = json_object();
    json_t *fit = json_array(), *br = json_object();
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
    rules_json(o, s);
    dt__json_set(br, "qmv", rule_json(b, m, DT_DEU_RULE_QMV));
    dt__json_set(br, "unanimity", rule_json(b, m, DT_DEU_RULE_UNANIMITY));
    dt__json_set(o, "by_rule", br);
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
    dt__json_set(doc, "draws", json_integer(bo->draws));
    dt__json_set(doc, "position_sd", json_real(bo->position_sd));
    dt__json_set(doc, "salience_sd", json_real(bo->salience_sd));
    dt__json_set(
        doc, "n_qmv",
        json_integer((json_int_t)dt_backtest_n_rule(b, DT_DEU_RULE_QMV)));
    dt__json_set(
        doc, "n_unanimity",
        json_integer((json_int_t)dt_backtest_n_rule(b, DT_DEU_RULE_UNANIMITY)));
    for (m = 0; models && m < dt_backtest_n_models(b); m++)
        json_array_append_new(models, model_json(b, m));
    dt__json_set(doc, "models", models);
    if (!models) {
        json_decref(doc);
        doc = NULL;
    }
    return dt__json_write(doc, 0, write, ud, err);
}
