/* Placeholder: the expected-utility model is being written. */
#include "model/model_int.h"

static size_t eu_ws_size(size_t n, const dt_model_opts *o)
{
    return dt__fixed_ws_size(n, o);
}

static void eu_result(const void *ws, dt_model_result *r)
{
    const dt__fixed_ws *w = ws;

    r->mean = w->mean;
    r->median = w->median;
    r->point = w->median;
    r->stop = dt__fixed_stop(ws);
    r->rounds = w->round;
    r->period = 0;
}

const dt_model_type dt_model_eu = {
    "eu",
    "expected-utility model (Bueno de Mesquita)",
    eu_ws_size,
    dt__fixed_init,
    dt__fixed_step,
    dt__fixed_stop,
    dt__fixed_positions,
    dt__fixed_round,
    dt__fixed_stats,
    eu_result,
};
