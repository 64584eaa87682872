/*
 * The scenario writer's shared parts (private to the scenario module):
 *
 *   write.c       the scenario as a jansson tree in the YAML format's
 *                 shape (keys in the order of docs/scenario-format.md),
 *                 and the public dt_scenario_write_yaml/_json
 *   write_emit.c  a tree written as YAML (libyaml's emitter) or as JSON
 *                 (numbers as their shortest round-tripping decimal), and
 *                 dt_scenario_yaml_from_json
 *   scaffold.c    dt_scenario_scaffold
 *
 * Dependencies go one way: scaffold.c -> write.c -> write_emit.c.
 */
#ifndef DT_SCENARIO_WRITE_INT_H
#define DT_SCENARIO_WRITE_INT_H

#include <jansson.h>

#include "scenario/scenario_int.h"

/*
 * The tree of sc into *out (caller json_decref's it). With `placeholder`
 * not NULL, every number without a note gets that note (the scaffold's).
 * Returns DT_OK, DT_ESCENARIO (a CSV position outside 0-100: YAML has no
 * room for it) or DT_ENOMEM.
 */
dt_status dt__scenario_tree(const dt_scenario *sc, const char *placeholder,
                            json_t **out, dt_error *err);

/*
 * Write a tree as YAML in the writer's layout: block style, lists of
 * numbers and mappings of at most three plain numbers in flow style,
 * strings plain when YAML reads them back as the same string, literal
 * when they hold line breaks, folded when long. Returns DT_OK, DT_EIO
 * (write failed) or DT_ENOMEM.
 */
dt_status dt__tree_write_yaml(const json_t *root, dt_write_fn write, void *ud,
                              dt_error *err);

/*
 * Write a tree as JSON: 2-space indentation, the same flow rule as the
 * YAML, numbers as dt__fmt_shortest writes them, strings in UTF-8 with
 * only quotes, backslashes and control characters escaped; a newline
 * last. Returns DT_OK, DT_EIO or DT_ENOMEM.
 */
dt_status dt__tree_write_json(const json_t *root, const dt_allocator *alloc,
                              dt_write_fn write, void *ud, dt_error *err);

#endif
