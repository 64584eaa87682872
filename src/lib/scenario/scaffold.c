/*
 * A new-scenario scaffold (dt_scenario_scaffold, scenario.h): the issues
 * and actors go through the builder (build.c), which checks them with the
 * YAML reader's rules and messages; the scenario it finishes is written
 * by write.c with a placeholder note on every number and a scenario note
 * that says what the scaffold is.
 */
#include <math.h>
#include <string.h>

#include "scenario/write_int.h"

/* The placeholder numbers (docs/scenario-format.md, "The scaffold"). */
#define SCAFFOLD_STATUS_QUO 50.0
#define SCAFFOLD_POSITION   50.0
#define SCAFFOLD_SALIENCE   50.0
#define SCAFFOLD_CAPABILITY 100.0

static const char placeholder[] =
    "placeholder: replace with a judgement and its source";
static const char scaffold_note[] =
    "A scaffold: every number is a placeholder (status quo and positions "
    "50, the middle of the scale; saliences 50; capabilities 100, equal "
    "power). Replace each with a judgement and give its source in its note.";

/* The builder's scenario from the arguments; *out on DT_OK. */
static dt_status build(const char *name, const dt_scaffold_item *issues,
                       size_t n_issues, const dt_scaffold_item *actors,
                       size_t n_actors, dt_scenario **out, dt_error *err)
{
    dt_scenario_builder *b = NULL;
    dt_status rc;
    size_t i, a;

    *out = NULL;
    if ((n_issues && !issues) || (n_actors && !actors))
        return dt__error_set(err, DT_EINVAL, "scaffold: no item array");
    rc = dt_scenario_builder_new(name, NULL, &b, err);
    for (i = 0; i < n_issues && rc == DT_OK; i++)
        rc = dt_scenario_builder_add_issue(b, issues[i].id, issues[i].name,
                                           SCAFFOLD_STATUS_QUO, NULL, err);
    for (a = 0; a < n_actors && rc == DT_OK; a++)
        rc = dt_scenario_builder_add_actor(b, actors[a].id, actors[a].name,
                                           actors[a].role, SCAFFOLD_CAPABILITY,
                                           NULL, err);
    for (a = 0; a < n_actors && rc == DT_OK; a++)
        for (i = 0; i < n_issues && rc == DT_OK; i++)
            rc = dt_scenario_builder_add_stake(b, a, i, SCAFFOLD_POSITION,
                                               SCAFFOLD_SALIENCE, NAN, err);
    if (rc == DT_OK)
        rc = dt_scenario_builder_finish(b, out, err);
    dt_scenario_builder_free(b);
    return rc;
}

dt_status dt_scenario_scaffold(const char *name, const dt_scaffold_item *issues,
                               size_t n_issues, const dt_scaffold_item *actors,
                               size_t n_actors, dt_write_fn write, void *ud,
                               dt_error *err)
{
    dt_scenario *sc = NULL;
    json_t *tree = NULL, *root = NULL;
    const char *key;
    json_t *v;
    dt_status rc;

    rc = build(name, issues, n_issues, actors, n_actors, &sc, err);
    if (rc == DT_OK)
        rc = dt__scenario_tree(sc, placeholder, &tree, err);
    if (rc != DT_OK)
        goto out;
    /* The scenario's note goes after its name, where the format has it. */
    root = json_object();
    json_object_foreach(tree, key, v)
    {
        if (!root || json_object_set(root, key, v) != 0) {
            rc = dt__error_set(err, DT_ENOMEM,
                               "out of memory while writing the scaffold");
            goto out;
        }
        if (strcmp(key, "name") == 0 &&
            json_object_set_new(root, "note", json_string(scaffold_note)) !=
                0) {
            rc = dt__error_set(err, DT_ENOMEM,
                               "out of memory while writing the scaffold");
            goto out;
        }
    }
    rc = dt__tree_write_yaml(root, write, ud, err);
out:
    json_decref(root);
    json_decref(tree);
    dt_scenario_free(sc);
    return rc;
}
