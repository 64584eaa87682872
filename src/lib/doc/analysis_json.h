/*
 * The analysis's JSON object (analysis_json.c), private to the doc
 * module: dt_analysis_write_json writes it, dt_compare_write_json embeds
 * it per scenario.
 */
#ifndef DT_DOC_ANALYSIS_JSON_H
#define DT_DOC_ANALYSIS_JSON_H

#include "doc/json.h"

/* The analysis of sc as a new JSON object, or NULL when out of memory. */
json_t *dt__json_analysis(const dt_scenario *sc, const dt_analysis *an);

#endif
