/*
 * "Table vs everyone": each issue forecast twice with the chosen model,
 * once with only the actors at the table bargaining and once with every
 * stakeholder (docs/analysis.md, "Table vs everyone"; Putnam 1988).
 */
#include <math.h>

#include "analysis_int.h"

/*
 * Forecast issue q of sc into *out, from the cache when this very line was
 * forecast before in this analysis (most levers touch few issues).
 */
static dt_status forecast(dt_model *m, const dt_scenario *sc, size_t q,
                          unsigned flags, dt__fcache *fc, double *out,
                          dt_error *err)
{
    dt_line *line = NULL;
    dt_model_result res;
    dt_status rc;

    *out = NAN;
    rc = dt_scenario_line(sc, q, flags, &line, err);
    if (rc != DT_OK)
        return rc;
    /* No actor on the line: no forecast (NaN), not a silent zero. */
    if (line->n > 0 && !dt__fcache_get(fc, line, out)) {
        rc = dt_model_solve(m, line, NULL, &res, err);
        if (rc == DT_OK || rc == DT_NOT_CONVERGED) {
            *out = res.point;
            rc = dt__fcache_put(fc, line, res.point, err);
        }
    }
    dt_line_free(line);
    return rc;
}

dt_status dt__run_forecasts(dt_analysis_run *r, const dt_scenario *sc,
                            const dt_model_type *type, const dt_model_opts *mo,
                            dt__fcache *fc, dt_error *err)
{
    dt_model *m = NULL;
    dt_status rc;
    size_t q, n = dt_scenario_n_actors(sc);

    rc = dt_model_new(type, n ? n : 1, mo, NULL, &m, err);
    if (rc != DT_OK)
        return rc;
    for (q = 0; q < r->n_issues; q++) {
        rc = forecast(m, sc, q, DT_LINE_TABLE_ONLY, fc, &r->table_forecast[q],
                      err);
        if (rc != DT_OK)
            break;
        rc = forecast(m, sc, q, 0, fc, &r->full_forecast[q], err);
        if (rc != DT_OK)
            break;
    }
    dt_model_free(m);
    return rc;
}
