/*
 * The compromise model: the forecast is the capability x salience weighted
 * mean of the positions, sum c_k s_k x_k / sum c_k s_k (Achen 2006, "Evaluating
 * political decision-making models", in Thomson et al., The European Union
 * Decides, ch. 10; Van den Bos 1991). Not iterative: one step.
 */
#include "model/model_int.h"

static void mean_result(const void *ws, dt_model_result *r)
{
    dt__fixed_result(ws, 1, r);
}

const dt_model_type dt_model_mean = {
    "mean",
    "compromise model: capability x salience weighted mean",
    dt__fixed_ws_size,
    dt__fixed_init,
    dt__fixed_step,
    dt__fixed_stop,
    dt__fixed_positions,
    dt__fixed_round,
    dt__fixed_stats,
    mean_result,
};
