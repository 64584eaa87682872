/*
 * Private to the library: the per-step analysis of a one-input sweep
 * (vary.c), shared with the reconciliation of analysts' estimates
 * (judgement/reconcile.c), which runs the same step for each analyst.
 */
#ifndef DT_ANALYSIS_VARY_INT_H
#define DT_ANALYSIS_VARY_INT_H

#include "internal.h"

#include <detente/vary.h>

/*
 * Zone verdict, surplus, Nash deal (per issue into st->deal, ni entries)
 * and durability of the clone c, levers off, into st; st->analysed is 0
 * when the analysis cannot run (no table actor). Returns DT_OK or
 * DT_ENOMEM.
 */
dt_status dt__vary_analyse(const dt_scenario *c, const dt_vary_opts *o,
                           dt_vary_step *st, size_t ni, dt_error *err);

#endif
