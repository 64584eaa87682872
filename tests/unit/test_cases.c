/*
 * Tests of cases.h: Fisher's exact test and the Clopper-Pearson interval
 * against published values (R's fisher.test and binom.test, and closed
 * forms), and the case backtest on the hand-made set in
 * tests/data/cases/ whose errors and tables are worked out by hand in
 * each file's comment and below.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dt_test.h"

static void test_cases__fisher_known_values(void **state)
{
    (void)state;
    /* Fisher's tea-tasting table: R fisher.test p = 0.4857 (= 34/70). */
    DT_ASSERT_REL(dt_fisher_exact(3, 1, 1, 3), 34.0 / 70.0, 1e-12);
    /* Perfect separation of 10 + 10: 2 / C(20, 10) = 2 / 184756. */
    DT_ASSERT_REL(dt_fisher_exact(10, 0, 0, 10), 2.0 / 184756.0, 1e-9);
    /* [[2, 0], [1, 1]]: margins 2, 2, 3 give tables x = 1, 2 with
       probability 1/2 each, both as probable as the one seen: p = 1. */
    DT_ASSERT_REL(dt_fisher_exact(2, 0, 1, 1), 1.0, 1e-12);
    /* [[1, 9], [11, 3]]: R's fisher.test p-value = 0.002759. */
    DT_ASSERT_CLOSE(dt_fisher_exact(1, 9, 11, 3), 0.002759, 0, 5e-7);
    assert_true(dt_fisher_exact(0, 0, 0, 0) == 1.0);
}

static void test_cases__clopper_pearson_known_values(void **state)
{
    double lo, hi;

    (void)state;
    /* k = 0: hi = 1 - (alpha/2)^(1/n); n = 10 at 95 %: 0.3084971. */
    dt_clopper_pearson(0, 10, 0.95, &lo, &hi);
    assert_true(lo == 0.0);
    DT_ASSERT_REL(hi, 1.0 - pow(0.025, 0.1), 1e-9);
    /* k = n: lo = (alpha/2)^(1/n). */
    dt_clopper_pearson(10, 10, 0.95, &lo, &hi);
    DT_ASSERT_REL(lo, pow(0.025, 0.1), 1e-9);
    assert_true(hi == 1.0);
    /* R binom.test(5, 10)$conf.int: 0.1870860 0.8129140. */
    dt_clopper_pearson(5, 10, 0.95, &lo, &hi);
    DT_ASSERT_CLOSE(lo, 0.1870860, 0, 5e-7);
    DT_ASSERT_CLOSE(hi, 0.8129140, 0, 5e-7);
    /* R binom.test(3, 4)$conf.int: 0.1941204 0.9936905. */
    dt_clopper_pearson(3, 4, 0.95, &lo, &hi);
    DT_ASSERT_CLOSE(lo, 0.1941204, 0, 5e-7);
    DT_ASSERT_CLOSE(hi, 0.9936905, 0, 5e-7);
    dt_clopper_pearson(0, 0, 0.95, &lo, &hi);
    assert_true(isnan(lo) && isnan(hi));
}

static const char *const FILES[] = {"a-deal-held.yaml", "b-deal-failed.yaml",
                                    "c-no-deal.yaml", "d-excluded-held.yaml",
                                    "e-no-outcome.yaml"};
#define NF (sizeof FILES / sizeof *FILES)

static void load_all(dt_scenario **sc)
{
    size_t k;
    char rel[128];
    dt_error err;

    for (k = 0; k < NF; k++) {
        snprintf(rel, sizeof rel, "cases/%s", FILES[k]);
        if (dt_scenario_load(dt_test_data(rel), NULL, &sc[k], &err) != DT_OK)
            fail_msg("%s: %s", FILES[k], err.msg);
    }
}

static void test_cases__hand_made_set(void **state)
{
    static const char *const models[] = {"mean", "median", NULL};
    dt_cases_opts o = DT_CASES_OPTS_INIT;
    dt_scenario *sc[NF];
    dt_cases *c = NULL;
    dt_error err;
    size_t k;
    char lab[64];

    (void)state;
    load_all(sc);
    o.models = models;
    o.bootstrap = 200;
    if (dt_cases_run((const dt_scenario *const *)sc, NF, &o, NULL, &c, &err) !=
        DT_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(c->n_cases, 5);
    assert_int_equal(c->n_scored, 4);
    assert_false(c->cases[4].scored);
    assert_string_equal(dt_case_label(&c->cases[0], lab, sizeof lab),
                        "a-deal-held");
    assert_int_equal(c->n_models, 2);
    assert_string_equal(c->models[0].name, "mean");
    assert_string_equal(c->models[1].name, "median");
    /* Per-case errors (each file's comment): mean |52-50| = 2,
       |66.667-60| = 6.667, |54.545-50| = 4.545, |53.846-60| = 6.154;
       median |40-50| = 10, |100-60| = 40, |100-50| = 50, |60-60| = 0. */
    DT_ASSERT_REL(c->cases[0].mae[0], 2.0, 1e-9);
    DT_ASSERT_REL(c->cases[1].mae[0], 20.0 / 3.0, 1e-9);
    DT_ASSERT_REL(c->cases[2].mae[0], 50.0 / 11.0, 1e-9);
    DT_ASSERT_REL(c->cases[3].mae[0], 80.0 / 13.0, 1e-9);
    DT_ASSERT_REL(c->cases[0].mae[1], 10.0, 1e-9);
    DT_ASSERT_REL(c->cases[1].mae[1], 40.0, 1e-9);
    DT_ASSERT_REL(c->cases[2].mae[1], 50.0, 1e-9);
    assert_true(fabs(c->cases[3].mae[1]) < 1e-9);
    /* Model MAE: the mean over the four cases. */
    DT_ASSERT_REL(c->models[0].mae,
                  (2.0 + 20.0 / 3.0 + 50.0 / 11.0 + 80.0 / 13.0) / 4.0, 1e-9);
    DT_ASSERT_REL(c->models[1].mae, 25.0, 1e-9);
    assert_int_equal(c->models[1].n, 4);
    /* RMSE of median: sqrt((100 + 1600 + 2500 + 0) / 4) = sqrt(1050). */
    DT_ASSERT_REL(c->models[1].rmse, sqrt(1050.0), 1e-9);
    /* Median AE of median: errors 0, 10, 40, 50 -> (10 + 40) / 2. */
    DT_ASSERT_REL(c->models[1].median_ae, 25.0, 1e-9);
    DT_ASSERT_REL(c->models[1].diff, 25.0 - c->models[0].mae, 1e-9);
    assert_true(c->models[0].mae_lo <= c->models[0].mae &&
                c->models[0].mae <= c->models[0].mae_hi);
    /* Verdicts: A and D have a zone (any point in 20-80 beats the status
       quo 0 for everyone), B and C contradictory red lines. Deals: A, B,
       D yes, C no. Table [[2, 0], [1, 1]]; 3 of 4 matched. */
    assert_int_equal(c->cases[0].predicted, 1);
    assert_int_equal(c->cases[1].predicted, 0);
    assert_int_equal(c->cases[2].predicted, 0);
    assert_int_equal(c->cases[3].predicted, 1);
    assert_int_equal(c->verdict.a, 2);
    assert_int_equal(c->verdict.b, 0);
    assert_int_equal(c->verdict.c, 1);
    assert_int_equal(c->verdict.d, 1);
    assert_int_equal(c->matched, 3);
    assert_int_equal(c->n_verdict, 4);
    DT_ASSERT_REL(c->verdict.p, 1.0, 1e-12);
    DT_ASSERT_CLOSE(c->match_lo, 0.1941204, 0, 5e-7);
    DT_ASSERT_CLOSE(c->match_hi, 0.9936905, 0, 5e-7);
    /* Exclusion among the deals with held recorded (A, B, D): excluded
       and held D, excluded and failed B, none excluded and held A. */
    assert_int_equal(c->cases[1].n_excluded, 1);
    assert_int_equal(c->exclusion.a, 1);
    assert_int_equal(c->exclusion.b, 1);
    assert_int_equal(c->exclusion.c, 1);
    assert_int_equal(c->exclusion.d, 0);
    DT_ASSERT_REL(c->exclusion.rate_yes, 0.5, 1e-12);
    DT_ASSERT_REL(c->exclusion.rate_no, 1.0, 1e-12);
    /* Excluded clout in B: e 100 * 50 / 100 = 50 of 50 + 50 + 50. */
    DT_ASSERT_REL(c->cases[1].excluded_clout, 1.0 / 3.0, 1e-9);
    /* Durability: in A and D every actor gains (all prefer any point in
       20-80 to 0), so 1; B's deal failed: the failed group is B alone. */
    DT_ASSERT_REL(c->cases[0].durability, 1.0, 1e-9);
    DT_ASSERT_REL(c->cases[3].durability, 1.0, 1e-9);
    assert_int_equal(c->n_held, 2);
    assert_int_equal(c->n_failed, 1);
    DT_ASSERT_REL(c->dur_held, 1.0, 1e-9);
    DT_ASSERT_REL(c->dur_failed, c->cases[1].durability, 1e-12);
    dt_cases_free(c);
    for (k = 0; k < NF; k++)
        dt_scenario_free(sc[k]);
}

static void test_cases__errors(void **state)
{
    static const char *const bad[] = {"nope", NULL};
    dt_cases_opts o = DT_CASES_OPTS_INIT;
    dt_scenario *sc[NF];
    dt_cases *c = NULL;
    dt_error err;
    size_t k;

    (void)state;
    load_all(sc);
    assert_int_equal(dt_cases_run(NULL, 0, NULL, NULL, &c, &err), DT_EINVAL);
    o.level = 1.5;
    assert_int_equal(
        dt_cases_run((const dt_scenario *const *)sc, NF, &o, NULL, &c, &err),
        DT_EINVAL);
    o.level = 0.95;
    o.models = bad;
    assert_int_equal(
        dt_cases_run((const dt_scenario *const *)sc, NF, &o, NULL, &c, &err),
        DT_EINVAL);
    assert_non_null(strstr(err.msg, "nope"));
    assert_null(c);
    /* Only the scenario without an outcome: nothing scored, no failure. */
    o.models = NULL;
    assert_int_equal(
        dt_cases_run((const dt_scenario *const *)sc + 4, 1, &o, NULL, &c, &err),
        DT_OK);
    assert_int_equal(c->n_scored, 0);
    assert_true(isnan(c->dur_diff));
    dt_cases_free(c);
    for (k = 0; k < NF; k++)
        dt_scenario_free(sc[k]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases__fisher_known_values),
        cmocka_unit_test(test_cases__clopper_pearson_known_values),
        cmocka_unit_test(test_cases__hand_made_set),
        cmocka_unit_test(test_cases__errors),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
