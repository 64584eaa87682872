/*
 * detente: scoring a scenario against what happened. Where a scenario
 * records an observed outcome (outcome.issues, outcome.agreement), these
 * functions give each model's absolute error per issue and its mean, and
 * whether the analysis's zone verdict matched the recorded agreement
 * (docs/accuracy.md, "Scoring a scenario"). The forecast, analysis and
 * report documents show them; `detente backtest DIR` sums them over cases.
 */
#ifndef DETENTE_SCORE_H
#define DETENTE_SCORE_H

#include <stddef.h>

#include "analysis.h"
#include "error.h"
#include "forecast.h"
#include "scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The absolute error of x as a forecast of issue i of sc (borrowed):
 * |x - observed|, NaN when sc records no outcome on i or x is not finite.
 */
DT_API double dt_score_point_error(const dt_scenario *sc, size_t i, double x);

/*
 * The mean absolute error of x (one value per issue of sc, borrowed) over
 * the issues with an outcome and a finite x, summed in issue order; *n
 * (may be NULL) receives their number. NaN when there is none. Used for
 * the analysis's forecasts and deal.
 */
DT_API double dt_score_points_mae(const dt_scenario *sc, const double *x,
                                  size_t *n);

/*
 * Model m's absolute error on issue i of fc (borrowed): |forecast -
 * observed| on the 0-100 scale, or NaN when the scenario records
 * no outcome on i or the model gives no forecast there (e.g. nbs without
 * agreement). Pure; thread-safe.
 */
DT_API double dt_score_error(const dt_forecast *fc, size_t i, size_t m);

/*
 * Model m's mean absolute error over the issues where both the outcome
 * and its forecast exist (summed in issue order); *n (may be NULL)
 * receives their number. NaN when there is none. Pure; thread-safe.
 */
DT_API double dt_score_mae(const dt_forecast *fc, size_t m, size_t *n);

/*
 * Whether the scenario records an observed outcome on at least one issue
 * or whether a deal was made. Pure.
 */
DT_API int dt_score_has_outcome(const dt_scenario *sc);

/*
 * The zone verdict of run r (borrowed, from dt_analyze on sc) as a
 * prediction: 1 agreement (the zone was solved and is feasible), 0 no
 * agreement (not feasible, or the table's red lines contradict), -1 no
 * verdict (nobody at the table).
 */
DT_API int dt_score_predicted_agreement(const dt_analysis_run *r);

/*
 * Whether run r's zone verdict matched what happened: 1 it matched the
 * recorded outcome.agreement, 0 it did not, -1 unknown (the scenario
 * records no agreement, or r has no verdict). Pure; thread-safe.
 */
DT_API int dt_score_verdict(const dt_scenario *sc, const dt_analysis_run *r);

#ifdef __cplusplus
}
#endif
#endif
