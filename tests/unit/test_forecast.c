/*
 * Tests of the forecast driver (forecast.h) and of clones and parameter
 * slots (scenario.h). Expected values are worked out by hand in the
 * comments (the compromise model on a two-actor line), or come from an
 * independent path: the one-issue models solved directly with
 * dt_model_solve on dt_scenario_line, and scenarios written out with the
 * changed number and loaded afresh.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dt_test.h"

/*
 * Two issues. On a: x (c 40, s 60%) at 80 and y (c 10, s 90%) at 20, so
 * the compromise (c s weighted mean) is (40*0.6*80 + 10*0.9*20) /
 * (40*0.6 + 10*0.9) = (1920 + 180) / 33 = 63.636...; on b only x (at 10)
 * and z, excluded, at 70 with c 30, s 50%: (40*0.5*10 + 30*0.5*70) /
 * (20 + 15) = 1250 / 35 = 35.714...
 */
static const char SC[] =
    "name: Driver\n"
    "issues:\n"
    "  - {id: a, name: A, status_quo: 20}\n"
    "  - {id: b, name: B, status_quo: 50}\n"
    "actors:\n"
    "  - id: x\n"
    "    name: X\n"
    "    capability: 40\n"
    "    no_deal: {cost: 5}\n"
    "    issues:\n"
    "      a: {position: 80, salience: 60}\n"
    "      b: {position: 10, salience: 50}\n"
    "  - id: y\n"
    "    name: Y\n"
    "    capability: 10\n"
    "    issues:\n"
    "      a: {position: 20, salience: 90, no_deal: 30}\n"
    "  - id: z\n"
    "    name: Z\n"
    "    role: excluded\n"
    "    capability: 30\n"
    "    issues:\n"
    "      b: {position: 70, salience: 50, capability: 30}\n";

static dt_scenario *parse(const char *text)
{
    dt_scenario *sc = NULL;
    dt_error err;

    if (dt_scenario_parse(text, strlen(text), "driver.yaml", DT_FORMAT_YAML,
                          NULL, &sc, &err) != DT_OK)
        fail_msg("parse: %s", err.msg);
    return sc;
}

static dt_forecast *forecast(const dt_scenario *sc, const char *const *m,
                             size_t n, int trace)
{
    dt_forecast_opts o = DT_FORECAST_OPTS_INIT;
    dt_forecast *fc = NULL;
    dt_error err;

    o.trace = trace;
    if (dt_forecast_new(sc, m, n, &o, &fc, &err) != DT_OK)
        fail_msg("forecast: %s", err.msg);
    return fc;
}

/* The compromise model by hand (see the scenario's comment). */
static void test_forecast__mean_by_hand(void **state)
{
    static const char *const mean[] = {"mean"};
    dt_scenario *sc = parse(SC);
    dt_forecast *fc = forecast(sc, mean, 1, 1);

    (void)state;
    assert_int_equal(dt_forecast_n_issues(fc), 2);
    assert_int_equal(dt_forecast_n_models(fc), 1);
    DT_ASSERT_REL(dt_forecast_result(fc, 0, 0)->point, 2100.0 / 33.0, 1e-15);
    DT_ASSERT_REL(dt_forecast_result(fc, 1, 0)->point, 1250.0 / 35.0, 1e-15);
    /* One round: the inputs, then the model's single step. */
    assert_non_null(dt_forecast_trace(fc, 0, 0));
    assert_int_equal(dt_forecast_trace(fc, 0, 0)->n, 2);
    assert_int_equal(dt_forecast_has_offers(fc, 0, 0), 0);
    assert_true(dt_forecast_converged(fc));
    dt_forecast_free(fc);
    dt_scenario_free(sc);
}

/* "all", repeats, the order kept; an unknown name names the known ones. */
static void test_forecast__names(void **state)
{
    static const char *const m[] = {"eu",  "all",      "mean",
                                    "smp", "exchange", "smp"};
    static const char *const bad[] = {"mean", "nope"};
    const char *const *names = dt_forecast_model_names();
    const dt_model_type *const *t;
    const dt_scenario_model_type *const *st;
    dt_scenario *sc = parse(SC);
    dt_forecast *fc = forecast(sc, m, 6, 0);
    dt_forecast *none = NULL;
    dt_error err;
    size_t k = 0;

    (void)state;
    /* eu, then the rest of "all" (mean, median, nbs), then smp, exchange. */
    assert_int_equal(dt_forecast_n_models(fc), 6);
    assert_string_equal(dt_forecast_model_name(fc, 0), "eu");
    assert_string_equal(dt_forecast_model_name(fc, 1), "mean");
    assert_string_equal(dt_forecast_model_name(fc, 2), "median");
    assert_string_equal(dt_forecast_model_name(fc, 3), "nbs");
    assert_string_equal(dt_forecast_model_name(fc, 4), "smp");
    assert_string_equal(dt_forecast_model_name(fc, 5), "exchange");
    assert_ptr_equal(dt_forecast_scenario_model_type(fc, 4), &dt_model_smp);
    assert_null(dt_forecast_model_type(fc, 4));
    assert_int_equal(dt_forecast_model_index(fc, "exchange"), 5);
    assert_non_null(dt_forecast_exchange(fc));
    /* The names list is both registries, in their order. */
    for (t = dt_model_types(); *t; t++)
        assert_string_equal(names[k++], (*t)->name);
    for (st = dt_scenario_model_types(); *st; st++)
        assert_string_equal(names[k++], (*st)->name);
    assert_null(names[k]);
    {
        char buf[128], small[12];

        assert_string_equal(dt_forecast_model_list(buf, sizeof buf),
                            "mean, median, eu, nbs, smp, exchange");
        /* Truncated, still terminated. */
        assert_string_equal(dt_forecast_model_list(small, sizeof small),
                            "mean, media");
    }
    assert_int_equal(dt_forecast_new(sc, bad, 2, NULL, &none, &err), DT_EINVAL);
    assert_null(none);
    assert_non_null(strstr(err.msg, "unknown model 'nope'"));
    assert_non_null(strstr(err.msg, "exchange"));
    dt_forecast_free(fc);
    dt_scenario_free(sc);
}

/*
 * Every one-issue model through the driver gives what dt_model_solve
 * gives on dt_scenario_line, bit for bit, with and without the actors
 * away from the table, on the shipped summits.
 */
static void test_forecast__same_as_models(void **state)
{
    static const char *const files[] = {"scenarios/hanoi-2019.yaml",
                                        "scenarios/anchorage-2025.yaml"};
    unsigned flags;
    size_t f;

    (void)state;
    for (f = 0; f < 2; f++)
        for (flags = 0; flags <= DT_LINE_TABLE_ONLY; flags++) {
            dt_forecast_opts o = DT_FORECAST_OPTS_INIT;
            dt_scenario *sc = NULL;
            dt_forecast *fc = NULL;
            dt_error err;
            size_t i, m;

            assert_int_equal(
                dt_scenario_load(dt_test_src(files[f]), NULL, &sc, &err),
                DT_OK);
            o.flags = flags;
            assert_int_equal(dt_forecast_new(sc, NULL, 0, &o, &fc, &err),
                             DT_OK);
            for (m = 0; m < dt_forecast_n_models(fc); m++) {
                const dt_model_type *t = dt_forecast_model_type(fc, m);

                for (i = 0; i < dt_scenario_n_issues(sc); i++) {
                    dt_line *l = NULL;
                    dt_model *mod = NULL;
                    dt_model_result r;

                    assert_int_equal(dt_scenario_line(sc, i, flags, &l, &err),
                                     DT_OK);
                    if (l->n == 0) {
                        assert_true(isnan(dt_forecast_result(fc, i, m)->point));
                        dt_line_free(l);
                        continue;
                    }
                    assert_int_equal(
                        dt_model_new(t, l->n, NULL, NULL, &mod, &err), DT_OK);
                    assert_int_equal(dt_model_solve(mod, l, NULL, &r, &err),
                                     DT_OK);
                    assert_memory_equal(&r.point,
                                        &dt_forecast_result(fc, i, m)->point,
                                        sizeof r.point);
                    assert_int_equal(r.rounds,
                                     dt_forecast_result(fc, i, m)->rounds);
                    dt_model_free(mod);
                    dt_line_free(l);
                }
            }
            dt_forecast_free(fc);
            dt_scenario_free(sc);
        }
}

/*
 * A slot set on a clone, forecast again with dt_forecast_rerun, gives
 * what a scenario written with that number gives when loaded afresh; the
 * original is untouched; the clone outlives its original.
 */
static void test_forecast__whatif_rerun(void **state)
{
    static const char *const m[] = {"mean", "eu", "median"};
    dt_scenario *sc = parse(SC), *cl = NULL, *fresh;
    dt_forecast *fc, *ff;
    char *text = strdup(SC), *p;
    dt_error err;
    size_t k, i, j;

    (void)state;
    assert_int_equal(dt_scenario_clone(sc, &cl, &err), DT_OK);
    fc = forecast(cl, m, 3, 0);
    dt_scenario_free(sc); /* the clone keeps what it shares */
    k = dt_scenario_slot_find(cl, "y.a.position");
    assert_int_not_equal(k, (size_t)-1);
    assert_int_equal(dt_scenario_slot_set(cl, k, 55.0, &err), DT_OK);
    assert_int_equal(dt_forecast_rerun(fc, &err), DT_OK);
    /* The same scenario with y at 55 on a, written out. */
    p = strstr(text, "a: {position: 20, salience: 90");
    assert_non_null(p);
    memcpy(p, "a: {position: 55", 16);
    fresh = parse(text);
    ff = forecast(fresh, m, 3, 0);
    for (i = 0; i < 2; i++)
        for (j = 0; j < 3; j++)
            assert_memory_equal(&dt_forecast_result(fc, i, j)->point,
                                &dt_forecast_result(ff, i, j)->point,
                                sizeof(double));
    /* By hand: (40*0.6*80 + 10*0.9*55) / 33 = (1920 + 495) / 33. */
    DT_ASSERT_REL(dt_forecast_result(fc, 0, 0)->point, 2415.0 / 33.0, 1e-15);
    dt_forecast_free(ff);
    dt_scenario_free(fresh);
    dt_forecast_free(fc);
    dt_scenario_free(cl);
    free(text);
}

/*
 * Without x, issue a is y alone (forecast 20) and b is z alone (70);
 * points_without leaves the forecast's own results alone.
 */
static void test_forecast__without(void **state)
{
    static const char *const m[] = {"mean"};
    dt_scenario *sc = parse(SC);
    dt_forecast *fc = forecast(sc, m, 1, 0);
    double pts[2];
    dt_error err;

    (void)state;
    assert_int_equal(dt_forecast_points_without(fc, 0, pts, &err), DT_OK);
    DT_ASSERT_REL(pts[0], 20.0, 0);
    DT_ASSERT_REL(pts[1], 70.0, 0);
    /* y has no stake in b: b keeps the forecast with everyone. */
    assert_int_equal(dt_forecast_points_without(fc, 1, pts, &err), DT_OK);
    DT_ASSERT_REL(pts[0], 80.0, 0);
    DT_ASSERT_REL(pts[1], 1250.0 / 35.0, 1e-15);
    DT_ASSERT_REL(dt_forecast_result(fc, 0, 0)->point, 2100.0 / 33.0, 1e-15);
    dt_forecast_free(fc);
    dt_scenario_free(sc);
}

/* The slots: their order, ids, values, ranges and refusals. */
static void test_forecast__slots(void **state)
{
    static const char *const want[] = {
        "a.status_quo", "b.status_quo", "x.capability", "x.no_deal.cost",
        "x.a.position", "x.a.salience", "x.b.position", "x.b.salience",
        "y.capability", "y.a.position", "y.a.salience", "y.a.no_deal",
        "z.capability", "z.b.position", "z.b.salience", "z.b.capability"};
    dt_scenario *sc = parse(SC), *cl = NULL;
    char id[64];
    dt_slot sl;
    dt_error err;
    size_t k;

    (void)state;
    assert_int_equal(dt_scenario_n_slots(sc), 16);
    for (k = 0; k < 16; k++) {
        assert_true(dt_scenario_slot_id(sc, k, id, sizeof id) > 0);
        assert_string_equal(id, want[k]);
        assert_int_equal(dt_scenario_slot_find(sc, want[k]), k);
    }
    assert_int_equal(dt_scenario_slot_id(sc, 16, id, sizeof id), -1);
    assert_int_equal(dt_scenario_slot_find(sc, "x.b.no_deal"), (size_t)-1);
    assert_true(dt_scenario_slot(sc, 3, &sl));
    assert_int_equal(sl.kind, DT_SLOT_NO_DEAL_COST);
    DT_ASSERT_REL(sl.value->v, 5.0, 0);
    assert_true(isinf(sl.lo) && sl.lo < 0);
    assert_true(dt_scenario_slot(sc, 15, &sl));
    assert_int_equal(sl.kind, DT_SLOT_STAKE_CAPABILITY);
    assert_int_equal(sl.actor, 2);
    assert_int_equal(sl.issue, 1);
    assert_int_equal(dt_scenario_clone(sc, &cl, &err), DT_OK);
    assert_int_equal(dt_scenario_slot_set(cl, 4, 101.0, &err), DT_ERANGE);
    assert_non_null(strstr(err.msg, "x.a.position"));
    assert_int_equal(dt_scenario_slot_set(cl, 2, -1.0, &err), DT_ERANGE);
    assert_int_equal(dt_scenario_slot_set(cl, 4, NAN, &err), DT_ERANGE);
    assert_int_equal(dt_scenario_slot_set(cl, 99, 1.0, &err), DT_EINVAL);
    assert_int_equal(dt_scenario_slot_set(cl, 3, -40.0, &err), DT_OK);
    /* The clone changed, the original did not. */
    DT_ASSERT_REL(dt_scenario_no_deal(cl, 0)->cost.v, -40.0, 0);
    DT_ASSERT_REL(dt_scenario_no_deal(sc, 0)->cost.v, 5.0, 0);
    assert_string_equal(dt_scenario_no_deal(cl, 0)->cost.note ? "n" : "-",
                        dt_scenario_no_deal(sc, 0)->cost.note ? "n" : "-");
    dt_scenario_free(cl);
    dt_scenario_free(sc);
}

/* A clone keeps the game sections (the deep copy of levers lost them). */
static void test_forecast__clone_keeps_games(void **state)
{
    dt_scenario *sc = NULL, *cl = NULL, *lv = NULL;
    size_t first = 0;
    dt_error err;

    (void)state;
    assert_int_equal(dt_scenario_load(dt_test_src("scenarios/hanoi-2019.yaml"),
                                      NULL, &sc, &err),
                     DT_OK);
    assert_non_null(dt_scenario_games(sc));
    assert_int_equal(dt_scenario_clone(sc, &cl, &err), DT_OK);
    assert_int_equal(dt_scenario_apply_levers(sc, &first, 1, &lv, &err), DT_OK);
    dt_scenario_free(sc);
    assert_non_null(dt_scenario_games(cl));
    assert_non_null(dt_scenario_games(lv));
    assert_int_equal(dt_scenario_games(lv)->n_plans,
                     dt_scenario_games(cl)->n_plans);
    assert_int_equal(dt_scenario_n_levers(lv), dt_scenario_n_levers(cl));
    dt_scenario_free(lv);
    dt_scenario_free(cl);
}

/* A switch given alone is on; "off" (what the server's JSON and the
   Python keywords send for False) switches it off again. */
static void test_forecast__flag_off(void **state)
{
    dt_forecast_opts o = DT_FORECAST_OPTS_INIT;
    dt_error err = {0};

    (void)state;
    assert_int_equal(o.model.exact_rounds, 0);
    assert_int_equal(dt_forecast_opts_set(&o, "exact-rounds", NULL, &err),
                     DT_OK);
    assert_int_equal(o.model.exact_rounds, 1);
    assert_int_equal(dt_forecast_opts_set(&o, "exact-rounds", "off", &err),
                     DT_OK);
    assert_int_equal(o.model.exact_rounds, 0);
    assert_int_equal(dt_forecast_opts_set(&o, "exact-rounds", "true", &err),
                     DT_OK);
    assert_int_equal(o.model.exact_rounds, 1);
    assert_int_equal(dt_forecast_opts_set(&o, "exact-rounds", "maybe", &err),
                     DT_EINVAL);
    assert_non_null(strstr(err.msg, "on or off"));
    assert_int_equal(o.model.exact_rounds, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forecast__mean_by_hand),
        cmocka_unit_test(test_forecast__names),
        cmocka_unit_test(test_forecast__same_as_models),
        cmocka_unit_test(test_forecast__whatif_rerun),
        cmocka_unit_test(test_forecast__without),
        cmocka_unit_test(test_forecast__slots),
        cmocka_unit_test(test_forecast__clone_keeps_games),
        cmocka_unit_test(test_forecast__flag_off),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
