/*
 * Tests of dt_scenario_diff_new (two scenarios compared slot by slot)
 * and dt_scenario_format_guess / dt_scenario_format_name. Expected
 * changes are read off the two small scenarios below by hand.
 */
#include <stdlib.h>
#include <string.h>

#include "dt_test.h"

static const char A[] = "name: A\n"
                        "issues:\n"
                        "  - {id: i, name: I, status_quo: 20}\n"
                        "actors:\n"
                        "  - id: x\n"
                        "    name: X\n"
                        "    capability: 40\n"
                        "    issues:\n"
                        "      i: {position: 80, salience: 60}\n"
                        "  - id: y\n"
                        "    name: Y\n"
                        "    capability: 10\n"
                        "    issues:\n"
                        "      i: {position: 20, salience: 90}\n";

/* x's position 80 -> 70; y's salience gets a note; no status quo; z. */
static const char B[] = "name: B\n"
                        "issues:\n"
                        "  - {id: i, name: I}\n"
                        "actors:\n"
                        "  - id: x\n"
                        "    name: X\n"
                        "    capability: 40\n"
                        "    issues:\n"
                        "      i: {position: 70, salience: 60}\n"
                        "  - id: y\n"
                        "    name: Y\n"
                        "    capability: 10\n"
                        "    issues:\n"
                        "      i: {position: 20,\n"
                        "          salience: {value: 90, note: why}}\n"
                        "  - id: z\n"
                        "    name: Z\n"
                        "    capability: 5\n"
                        "    issues:\n"
                        "      i: {position: 50, salience: 50}\n";

static dt_scenario *parse(const char *text)
{
    dt_scenario *sc = NULL;
    dt_error err;

    assert_int_equal(dt_scenario_parse(text, strlen(text), "t.yaml",
                                       DT_FORMAT_YAML, NULL, &sc, &err),
                     DT_OK);
    return sc;
}

static void test_diff__same_scenario_has_no_change(void **state)
{
    dt_scenario *a = parse(A), *b = parse(A);
    dt_scenario_diff *d = NULL;
    dt_error err;

    (void)state;
    assert_int_equal(dt_scenario_diff_new(a, b, &d, &err), DT_OK);
    assert_int_equal(dt_scenario_diff_n(d), 0);
    assert_null(dt_scenario_diff_get(d, 0));
    dt_scenario_diff_free(d);
    dt_scenario_free(a);
    dt_scenario_free(b);
}

static void test_diff__values_notes_and_slots_in_one(void **state)
{
    dt_scenario *a = parse(A), *b = parse(B);
    dt_scenario_diff *d = NULL;
    const dt_slot_change *c;
    dt_error err;

    (void)state;
    assert_int_equal(dt_scenario_diff_new(a, b, &d, &err), DT_OK);
    /*
     * a's order: i.status_quo (gone), x.i.position 80 -> 70, y.i.salience
     * (note added); then b's own: z.capability, z.i.position,
     * z.i.salience.
     */
    assert_int_equal(dt_scenario_diff_n(d), 6);
    c = dt_scenario_diff_get(d, 0);
    assert_string_equal(c->id, "i.status_quo");
    assert_int_equal(c->kind, DT_SLOT_STATUS_QUO);
    assert_int_equal(c->slot_b, (size_t)-1);
    assert_null(c->new_value);
    DT_ASSERT_REL(c->old_value->v, 20.0, 0.0);
    c = dt_scenario_diff_get(d, 1);
    assert_string_equal(c->id, "x.i.position");
    DT_ASSERT_REL(c->old_value->v, 80.0, 0.0);
    DT_ASSERT_REL(c->new_value->v, 70.0, 0.0);
    c = dt_scenario_diff_get(d, 2);
    assert_string_equal(c->id, "y.i.salience");
    assert_null(c->old_value->note);
    assert_string_equal(c->new_value->note, "why");
    c = dt_scenario_diff_get(d, 3);
    assert_string_equal(c->id, "z.capability");
    assert_int_equal(c->slot_a, (size_t)-1);
    assert_null(c->old_value);
    DT_ASSERT_REL(c->new_value->v, 5.0, 0.0);
    assert_string_equal(dt_scenario_diff_get(d, 4)->id, "z.i.position");
    assert_string_equal(dt_scenario_diff_get(d, 5)->id, "z.i.salience");
    dt_scenario_diff_free(d);
    /* The other way round: z's slots are gone, the status quo new. */
    assert_int_equal(dt_scenario_diff_new(b, a, &d, &err), DT_OK);
    assert_int_equal(dt_scenario_diff_n(d), 6);
    assert_string_equal(dt_scenario_diff_get(d, 0)->id, "x.i.position");
    assert_string_equal(dt_scenario_diff_get(d, 5)->id, "i.status_quo");
    dt_scenario_diff_free(d);
    dt_scenario_diff_free(NULL);
    dt_scenario_free(a);
    dt_scenario_free(b);
}

static void test_diff__clone_with_a_slot_set(void **state)
{
    dt_scenario *a = parse(A), *c = NULL;
    dt_scenario_diff *d = NULL;
    dt_error err;
    size_t k;

    (void)state;
    assert_int_equal(dt_scenario_clone(a, &c, &err), DT_OK);
    k = dt_scenario_slot_find(c, "y.capability");
    assert_int_equal(dt_scenario_slot_set(c, k, 12.5, &err), DT_OK);
    assert_int_equal(dt_scenario_diff_new(a, c, &d, &err), DT_OK);
    assert_int_equal(dt_scenario_diff_n(d), 1);
    assert_int_equal(dt_scenario_diff_get(d, 0)->slot_a, k);
    assert_int_equal(dt_scenario_diff_get(d, 0)->slot_b, k);
    DT_ASSERT_REL(dt_scenario_diff_get(d, 0)->new_value->v, 12.5, 0.0);
    dt_scenario_diff_free(d);
    dt_scenario_free(c);
    dt_scenario_free(a);
}

static void test_diff__format_guess(void **state)
{
    static const char ktab[] = "Sc,desc,2,1\nActor,Description,Power,"
                               "P,S\n";

    (void)state;
    assert_int_equal(dt_scenario_format_guess("a.yaml", "", 0), DT_FORMAT_YAML);
    assert_int_equal(dt_scenario_format_guess("a.YML", NULL, 0),
                     DT_FORMAT_YAML);
    assert_int_equal(dt_scenario_format_guess("dir/a.XML", NULL, 0),
                     DT_FORMAT_KTAB_XML);
    assert_int_equal(dt_scenario_format_guess("a.csv", "Actor,x\n", 8),
                     DT_FORMAT_CSV);
    assert_int_equal(dt_scenario_format_guess("a.csv", ktab, strlen(ktab)),
                     DT_FORMAT_KTAB_CSV);
    assert_int_equal(dt_scenario_format_guess(NULL, NULL, 0), DT_FORMAT_YAML);
    assert_string_equal(dt_scenario_format_name(DT_FORMAT_KTAB_CSV),
                        "ktab-csv");
    assert_string_equal(dt_scenario_format_name(DT_FORMAT_YAML), "yaml");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_diff__same_scenario_has_no_change),
        cmocka_unit_test(test_diff__values_notes_and_slots_in_one),
        cmocka_unit_test(test_diff__clone_with_a_slot_set),
        cmocka_unit_test(test_diff__format_guess),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
