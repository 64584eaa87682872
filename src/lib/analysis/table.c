/*
 * "Table vs everyone": each issue forecast twice with the chosen model,
 * once with only the actors at the table bargaining and once with every
 * stakeholder (docs/analysis.md, "Table vs everyone"; Putnam 1988).
 */
#include <math.h>

#include "analysis_int.h"

/* Whether two lines hold the same actors, positions, weights and SQ. */
static int same_line(const dt_line *a, const dt_line *b)
{
    size_t k;

    if (a->n != b->n || a->has_status_quo != b->has_status_quo ||
        (a->has_status_quo && a->status_quo != b->status_quo))
        return 0;
    for (k = 0; k < a->n; k++)
        if (a->actor[k] != b->actor[k] || a->x[k] != b->x[k] ||
            a->c[k] != b->c[k] || a->s[k] != b->s[k])
            return 0;
    return 1;
}

/*
 * Forecast issue q of sc into *out. When the baseline (base, with its
 * forecast base_v) has the very same line, its forecast is reused: the
 * models are deterministic functions of the line, and most levers touch
 * few issues.
 */
static dt_status forecast(dt_model *m, const dt_scenario *sc, size_t q,
                          unsigned flags, const dt_scenario *base,
                          double base_v, double *out, dt_error *err)
{
    dt_line *line = NULL, *bl = NULL;
    dt_model_result res;
    dt_status rc;

    *out = NAN;
    rc = dt_scenario_line(sc, q, flags, &line, err);
    if (rc != DT_OK)
        return rc;
    if (base) {
        rc = dt_scenario_line(base, q, flags, &bl, err);
        if (rc != DT_OK)
            goto out;
        if (same_line(line, bl)) {
            *out = base_v;
            goto out;
        }
    }
    /* No actor on the line: no forecast (NaN), not a silent zero. */
    if (line->n > 0) {
        rc = dt_model_solve(m, line, NULL, &res, err);
        if (rc == DT_OK || rc == DT_NOT_CONVERGED) {
            *out = res.point;
            rc = DT_OK;
        }
    }
out:
    dt_line_free(line);
    dt_line_free(bl);
    return rc;
}

dt_status dt__run_forecasts(dt_analysis_run *r, const dt_scenario *sc,
                            const dt_model_type *type, const dt_model_opts *mo,
                            const dt_scenario *base,
                            const dt_analysis_run *base_run, dt_error *err)
{
    dt_model *m = NULL;
    dt_status rc;
    size_t q, n = dt_scenario_n_actors(sc);

    rc = dt_model_new(type, n ? n : 1, mo, NULL, &m, err);
    if (rc != DT_OK)
        return rc;
    for (q = 0; q < r->n_issues; q++) {
        rc = forecast(m, sc, q, DT_LINE_TABLE_ONLY, base,
                      base ? base_run->table_forecast[q] : 0.0,
                      &r->table_forecast[q], err);
        if (rc != DT_OK)
            break;
        rc =
            forecast(m, sc, q, 0, base, base ? base_run->full_forecast[q] : 0.0,
                     &r->full_forecast[q], err);
        if (rc != DT_OK)
            break;
    }
    dt_model_free(m);
    return rc;
}
