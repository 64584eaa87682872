/*
 * Scoring one scenario against its recorded outcome: absolute errors per
 * issue and model, their mean, and whether the zone verdict matched what
 * happened (score.h; docs/accuracy.md, "Scoring a scenario").
 */
#include <math.h>

#include "detente/score.h"

double dt_score_point_error(const dt_scenario *sc, size_t i, double x)
{
    dt_value obs;

    if (!isfinite(x) || !dt_scenario_outcome_value(sc, i, &obs))
        return NAN;
    return fabs(x - obs.v);
}

double dt_score_points_mae(const dt_scenario *sc, const double *x, size_t *n)
{
    size_t i, k = 0;
    double sum = 0;

    for (i = 0; x && i < dt_scenario_n_issues(sc); i++) {
        double e = dt_score_point_error(sc, i, x[i]);

        if (isnan(e))
            continue;
        sum += e;
        k++;
    }
    if (n)
        *n = k;
    return k ? sum / (double)k : (double)NAN;
}

double dt_score_error(const dt_forecast *fc, size_t i, size_t m)
{
    const dt_model_result *r;

    if (i >= dt_forecast_n_issues(fc) || m >= dt_forecast_n_models(fc))
        return NAN;
    r = dt_forecast_result(fc, i, m);
    if (!r)
        return NAN;
    return dt_score_point_error(dt_forecast_scenario(fc), i, r->point);
}

double dt_score_mae(const dt_forecast *fc, size_t m, size_t *n)
{
    size_t i, k = 0;
    double sum = 0;

    for (i = 0; i < dt_forecast_n_issues(fc); i++) {
        double e = dt_score_error(fc, i, m);

        if (isnan(e))
            continue;
        sum += e;
        k++;
    }
    if (n)
        *n = k;
    return k ? sum / (double)k : (double)NAN;
}

int dt_score_has_outcome(const dt_scenario *sc)
{
    const dt_outcome *oc = dt_scenario_outcome(sc);
    size_t i;
    dt_value v;

    if (!oc)
        return 0;
    if (oc->agreement >= 0)
        return 1;
    for (i = 0; i < dt_scenario_n_issues(sc); i++)
        if (dt_scenario_outcome_value(sc, i, &v))
            return 1;
    return 0;
}

int dt_score_predicted_agreement(const dt_analysis_run *r)
{
    switch (r->zone.status) {
    case DT_ZONE_SOLVED:
        return r->zone.feasible ? 1 : 0;
    case DT_ZONE_RED_LINES:
        return 0;
    default:
        return -1;
    }
}

int dt_score_verdict(const dt_scenario *sc, const dt_analysis_run *r)
{
    const dt_outcome *oc = dt_scenario_outcome(sc);
    int p = dt_score_predicted_agreement(r);

    if (!oc || oc->agreement < 0 || p < 0)
        return -1;
    return p == oc->agreement;
}
