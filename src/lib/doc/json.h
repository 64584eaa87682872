/*
 * jansson helpers of the doc module's JSON writers (private): values
 * that may be missing become null, never a dropped key or a failed pack;
 * a finished document is written through a dt_write_fn.
 */
#ifndef DT_DOC_JSON_H
#define DT_DOC_JSON_H

#include <jansson.h>

#include "internal.h"

/* json_object_set_new that tolerates a NULL object or value. */
void dt__json_set(json_t *obj, const char *key, json_t *val);
/* A number, or null when v is NaN or infinite (no forecast, no value). */
json_t *dt__json_num(double v);
/* A string, or null when s is NULL. */
json_t *dt__json_str(const char *s);
/*
 * The what-if changes of sc (dt_scenario_whatif) as doc's "whatif" array
 * of strings; nothing when there are none (so plain documents keep their
 * keys).
 */
void dt__json_whatif(json_t *doc, const dt_scenario *sc);
/* The scenario as every document names it: name, date, path, ... */
json_t *dt__json_scenario(const dt_scenario *sc);

/*
 * Write doc (NULL = out of memory) with 2-space indentation, reals with
 * 17 significant digits, and `flags` (JSON_ENSURE_ASCII or 0), then a
 * newline, through write; then release it. Returns DT_OK, DT_ENOMEM or
 * the status of write.
 */
dt_status dt__json_write(json_t *doc, size_t flags, dt_write_fn write, void *ud,
                         dt_error *err);

/* The explanation of model m on issue i (explain_doc.c), or NULL. */
json_t *dt__forecast_json_why(const dt_forecast *fc, size_t i, size_t m);

#endif
