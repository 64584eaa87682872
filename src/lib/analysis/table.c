/*
 * "Table vs everyone": each issue forecast twice with the chosen model,
 * once with only the actors at the table bargaining and once with every
 * stakeholder (docs/analysis.md, "Table vs everyone"; Putnam 1988), by
 * the forecast driver, whose cache remembers the lines this analysis has
 * forecast already (most levers touch few issues).
 */
#include <math.h>

#include "analysis_int.h"

/* The model's points on every issue with the actors chosen by flags. */
static dt_status points(const dt_scenario *sc, const dt_model_type *type,
                        const dt_model_opts *mo, unsigned flags,
                        dt_forecast_cache *cache, double *out, dt_error *err)
{
    dt_forecast_opts fo = DT_FORECAST_OPTS_INIT;
    const char *name = type->name;
    dt_forecast *fc = NULL;
    dt_status rc;
    size_t q;

    fo.model = *mo;
    fo.flags = flags;
    fo.trace = 0;
    fo.cache = cache;
    rc = dt_forecast_new(sc, &name, 1, &fo, &fc, err);
    if (rc != DT_OK)
        return rc;
    /* No actor on the line: no forecast (NaN), not a silent zero. */
    for (q = 0; q < dt_forecast_n_issues(fc); q++)
        out[q] = dt_forecast_result(fc, q, 0)->point;
    dt_forecast_free(fc);
    return DT_OK;
}

dt_status dt__run_forecasts(dt_analysis_run *r, const dt_scenario *sc,
                            const dt_model_type *type, const dt_model_opts *mo,
                            dt_forecast_cache *cache, dt_error *err)
{
    dt_status rc =
        points(sc, type, mo, DT_LINE_TABLE_ONLY, cache, r->table_forecast, err);

    if (rc == DT_OK)
        rc = points(sc, type, mo, 0, cache, r->full_forecast, err);
    return rc;
}
