/*
 * Private declarations of the forecast module: the cache's lookups used
 * by the driver (forecast.c, cache.c).
 */
#ifndef DT_FORECAST_INT_H
#define DT_FORECAST_INT_H

#include "internal.h"
#include <detente/forecast.h>

/* 1 and *value when model t forecast this very line before, else 0. */
int dt__forecast_cache_get(const dt_forecast_cache *c, const dt_model_type *t,
                           const dt_line *l, dt_model_result *value);
/* Remember model t's result on line l. DT_OK or DT_ENOMEM. */
dt_status dt__forecast_cache_put(dt_forecast_cache *c, const dt_model_type *t,
                                 const dt_line *l, const dt_model_result *value,
                                 dt_error *err);

#endif
