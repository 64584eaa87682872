/*
 * The median-voter model: the forecast is the capability x salience
 * weighted median, the position no weighted majority prefers to move from
 * under single-peaked linear preferences (Black 1948, "On the rationale of
 * group decision-making", J. Political Economy 56(1)). Not iterative.
 */
#include "model/model_int.h"

static void median_result(const void *ws, dt_model_result *r)
{
    dt__fixed_result(ws, 0, r);
}

const dt_model_type dt_model_median = {
    "median",
    "median voter: capability x salience weighted median",
    dt__fixed_ws_size,
    dt__fixed_init,
    dt__fixed_step,
    dt__fixed_stop,
    dt__fixed_positions,
    dt__fixed_round,
    dt__fixed_stats,
    median_result,
};
