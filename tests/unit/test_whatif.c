/*
 * Tests of the what-if API (dt_scenario_whatif, dt_scenario_parse_set,
 * dt_scenario_slot_suggest, dt_scenario_lever_suggest) on a small
 * scenario whose numbers are read off by hand.
 */
#include <string.h>

#include "dt_test.h"

static const char S[] = "name: W\n"
                        "issues:\n"
                        "  - {id: trade, name: Trade, status_quo: 20}\n"
                        "actors:\n"
                        "  - id: east\n"
                        "    name: East\n"
                        "    capability: 40\n"
                        "    no_deal: {cost: 5}\n"
                        "    issues:\n"
                        "      trade: {position: 80, salience: 60}\n"
                        "  - id: west\n"
                        "    name: West\n"
                        "    capability: 10\n"
                        "    issues:\n"
                        "      trade: {position: 20, salience: 90}\n"
                        "levers:\n"
                        "  - id: embargo\n"
                        "    name: Embargo\n"
                        "    by: east\n"
                        "    effects:\n"
                        "      - {actor: west, capability: {scale: 0.5}}\n";

static dt_scenario *parse(void)
{
    dt_scenario *sc = NULL;
    dt_error err;

    assert_int_equal(dt_scenario_parse(S, strlen(S), "w.yaml", DT_FORMAT_YAML,
                                       NULL, &sc, &err),
                     DT_OK);
    return sc;
}

/* Levers first, then overrides; each recorded; the base is untouched. */
static void test_whatif__lever_then_set(void **state)
{
    const char *levers[] = {"embargo"};
    const char *sets[] = {"west.trade.position=35", "east.no_deal.cost=-2.5"};
    dt_scenario *sc = parse(), *w = NULL;
    size_t west = dt_scenario_actor_index(sc, "west");
    size_t east = dt_scenario_actor_index(sc, "east");
    dt_error err;

    (void)state;
    assert_int_equal(dt_scenario_whatif(sc, levers, 1, sets, 2, &w, &err),
                     DT_OK);
    assert_int_equal(dt_scenario_n_whatif(sc), 0);
    assert_int_equal(dt_scenario_n_whatif(w), 3);
    assert_string_equal(dt_scenario_whatif_change(w, 0),
                        "lever embargo (Embargo)");
    assert_string_equal(dt_scenario_whatif_change(w, 1),
                        "west.trade.position = 35 (was 20)");
    assert_string_equal(dt_scenario_whatif_change(w, 2),
                        "east.no_deal.cost = -2.5 (was 5)");
    assert_null(dt_scenario_whatif_change(w, 3));
    /* 10 x 0.5 = 5 by the lever; 35 by the override; -2.5. */
    DT_ASSERT_REL(dt_scenario_actor(w, west)->capability.v, 5.0, 0);
    DT_ASSERT_REL(dt_scenario_stake(w, west, 0)->position.v, 35.0, 0);
    assert_string_equal(dt_scenario_stake(w, west, 0)->position.note,
                        "what-if: set to 35 (was 20)");
    DT_ASSERT_REL(dt_scenario_no_deal(w, east)->cost.v, -2.5, 0);
    DT_ASSERT_REL(dt_scenario_stake(sc, west, 0)->position.v, 20.0, 0);
    DT_ASSERT_REL(dt_scenario_actor(sc, west)->capability.v, 10.0, 0);
    {
        /* A clone of a what-if keeps the record (the sweep's workers). */
        dt_scenario *c = NULL;

        assert_int_equal(dt_scenario_clone(w, &c, &err), DT_OK);
        dt_scenario_free(w);
        w = NULL;
        assert_int_equal(dt_scenario_n_whatif(c), 3);
        assert_string_equal(dt_scenario_whatif_change(c, 2),
                            "east.no_deal.cost = -2.5 (was 5)");
        dt_scenario_free(c);
    }
    dt_scenario_free(sc);
}

static void test_whatif__errors_name_closest_ids(void **state)
{
    dt_scenario *sc = parse(), *w = (dt_scenario *)1;
    const char *bad_slot[] = {"west.trade.positon=3"};
    const char *prefix[] = {"west.trade=3"};
    const char *none[] = {"zzz=3"};
    const char *range[] = {"west.trade.salience=101"};
    const char *noeq[] = {"west.trade.salience"};
    const char *nan[] = {"west.trade.salience=abc"};
    const char *lever[] = {"embrago"};
    dt_error err;

    (void)state;
    assert_int_equal(dt_scenario_whatif(sc, NULL, 0, bad_slot, 1, &w, &err),
                     DT_EINVAL);
    assert_null(w);
    assert_string_equal(err.msg, "unknown slot 'west.trade.positon' (did you "
                                 "mean west.trade.position, "
                                 "east.trade.position?)");
    assert_int_equal(dt_scenario_whatif(sc, NULL, 0, prefix, 1, &w, &err),
                     DT_EINVAL);
    assert_string_equal(err.msg, "unknown slot 'west.trade' (did you mean "
                                 "west.trade.position, west.trade.salience?)");
    assert_int_equal(dt_scenario_whatif(sc, NULL, 0, none, 1, &w, &err),
                     DT_EINVAL);
    assert_non_null(strstr(err.msg, "unknown slot 'zzz' (slots are"));
    assert_int_equal(dt_scenario_whatif(sc, NULL, 0, range, 1, &w, &err),
                     DT_EINVAL);
    assert_non_null(strstr(err.msg, "101 is not a valid value"));
    assert_int_equal(dt_scenario_whatif(sc, NULL, 0, noeq, 1, &w, &err),
                     DT_EINVAL);
    assert_non_null(strstr(err.msg, "expected SLOT=VALUE"));
    assert_int_equal(dt_scenario_whatif(sc, NULL, 0, nan, 1, &w, &err),
                     DT_EINVAL);
    assert_non_null(strstr(err.msg, "'abc' is not a number"));
    assert_int_equal(dt_scenario_whatif(sc, lever, 1, NULL, 0, &w, &err),
                     DT_EINVAL);
    assert_string_equal(err.msg,
                        "unknown lever 'embrago' (did you mean embargo?)");
    dt_scenario_free(sc);
}

static void test_whatif__suggest_order(void **state)
{
    dt_scenario *sc = parse();
    size_t out[16], n;
    char id[64];

    (void)state;
    /* Extensions at a dot first, in slot order. */
    n = dt_scenario_slot_suggest(sc, "east", out, 16);
    assert_int_equal(n, 4);
    dt_scenario_slot_id(sc, out[0], id, sizeof id);
    assert_string_equal(id, "east.capability");
    dt_scenario_slot_id(sc, out[1], id, sizeof id);
    assert_string_equal(id, "east.no_deal.cost");
    /* Distance 1 before distance 2; case folded. */
    n = dt_scenario_slot_suggest(sc, "EAST.CAPABILITY", out, 1);
    assert_int_equal(n, 1);
    dt_scenario_slot_id(sc, out[0], id, sizeof id);
    assert_string_equal(id, "east.capability");
    n = dt_scenario_lever_suggest(sc, "embarg", out, 16);
    assert_int_equal(n, 1);
    assert_int_equal(out[0], 0);
    dt_scenario_free(sc);
}

/*
 * Two table actors on one issue, status quo 50, East at 100 and West at
 * 0, East's no-deal cost 0. A deal x beats no deal for East when x > 50
 * and for West when its cost exceeds the utility it loses at x, so some
 * x helps both exactly when West's no-deal cost is > 0: stepping it over
 * -10, -5, 0, 5, 10 the zone must open between 0 and 5, nowhere else.
 */
static const char Z[] = "name: Z\n"
                        "issues:\n"
                        "  - {id: i, name: I, status_quo: 50}\n"
                        "actors:\n"
                        "  - id: east\n"
                        "    name: East\n"
                        "    capability: 10\n"
                        "    no_deal: {cost: 0}\n"
                        "    issues:\n"
                        "      i: {position: 100, salience: 50}\n"
                        "  - id: west\n"
                        "    name: West\n"
                        "    capability: 10\n"
                        "    no_deal: {cost: 0}\n"
                        "    issues:\n"
                        "      i: {position: 0, salience: 50}\n";

static void test_vary__zone_opens_where_expected(void **state)
{
    const char *models[] = {"mean"};
    dt_vary_opts o = DT_VARY_OPTS_INIT;
    dt_scenario *sc = NULL;
    dt_vary *v = NULL;
    size_t slot, steps, k;
    double lo, hi;
    dt_error err;

    (void)state;
    assert_int_equal(dt_scenario_parse(Z, strlen(Z), "z.yaml", DT_FORMAT_YAML,
                                       NULL, &sc, &err),
                     DT_OK);
    assert_int_equal(dt_vary_parse(sc, "west.no_deal.cost=-10:10:5", &slot, &lo,
                                   &hi, &steps, &err),
                     DT_OK);
    assert_int_equal(steps, 5);
    o.models = models;
    o.n_models = 1;
    assert_int_equal(dt_vary_run(sc, slot, lo, hi, steps, &o, &v, &err), DT_OK);
    assert_int_equal(v->n_steps, 5);
    for (k = 0; k < 5; k++) {
        DT_ASSERT_REL(v->steps[k].value, -10.0 + 5.0 * (double)k, 0);
        assert_true(v->steps[k].analysed);
        assert_int_equal(v->steps[k].feasible, k >= 3);
        assert_int_equal(v->steps[k].flip, k == 3 ? 1 : 0);
        /* Equal weights: the mean forecast stays at 50 throughout. */
        DT_ASSERT_REL(v->steps[k].forecast[0], 50.0, 1e-12);
    }
    DT_ASSERT_REL(v->was, 0.0, 0);
    dt_vary_free(v);
    assert_int_equal(dt_vary_parse(sc, "west.no_deal.cost=1:2:1", &slot, &lo,
                                   &hi, &steps, &err),
                     DT_EINVAL);
    assert_int_equal(dt_vary_parse(sc, "west.nodeal.cost=1:2:3", &slot, &lo,
                                   &hi, &steps, &err),
                     DT_EINVAL);
    assert_non_null(strstr(err.msg, "did you mean west.no_deal.cost"));
    dt_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_whatif__lever_then_set),
        cmocka_unit_test(test_whatif__errors_name_closest_ids),
        cmocka_unit_test(test_whatif__suggest_order),
        cmocka_unit_test(test_vary__zone_opens_where_expected),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
