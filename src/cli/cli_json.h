/*
 * Small jansson helpers shared by the CLI's JSON writers (forecast,
 * analyze, compare, backtest): values that may be missing become null,
 * never a dropped key or a failed pack.
 */
#ifndef DT_CLI_JSON_H
#define DT_CLI_JSON_H

#include <jansson.h>

/* json_object_set_new that tolerates a NULL object or value. */
void cli_json_set(json_t *obj, const char *key, json_t *val);
/* A number, or null when v is NaN or infinite (no forecast, no value). */
json_t *cli_json_num(double v);
/* A string, or null when s is NULL. */
json_t *cli_json_str(const char *s);

#endif
