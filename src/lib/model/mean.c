/*
 * The compromise model: the forecast is the capability x salience weighted
 * mean of the positions, sum c_k s_k x_k / sum c_k s_k (Achen 2006, "Evaluating
 * political decision-making models", in Thomson et al., The European Union
 * Decides, ch. 10; Van den Bos 1991). Not iterative: one step.
 */
#include "model/model_int.h"

static void mean_result(const void *ws, dt_model_result *r)
{
    const dt__fixed_ws *w = ws;

    r->mean = w->mean;
    r->median = w->median;
    r->point = w->mean;
    r->stop = dt__fixed_stop(ws);
    r->rounds = w->round;
    r->period = 0;
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
