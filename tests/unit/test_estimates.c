/*
 * Tests of several analysts' estimates (estimates.h): parsing and its
 * errors, the mixture's moments and inverse CDF against hand
 * calculations, and the reconciliation of two analysts on a two-actor
 * scenario whose mean-model forecasts are worked out by hand.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dt_test.h"

/*
 * Mean model: sum c s x / sum c s. As written: x 40*60 = 2400 at 80,
 * y 10*90 = 900 at 20: (192000 + 18000) / 3300 = 63.6364.
 */
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

static const char ALICE[] = "analyst: alice\n"
                            "shape: pert\n"
                            "estimates:\n"
                            "  x.i.position: {low: 0, mode: 30, high: 60}\n"
                            "  y.capability: {low: 5, mode: 10, high: 20}\n";

static const char BOB[] =
    "analyst: bob\n"
    "weight: 3\n"
    "shape: triangular\n"
    "estimates:\n"
    "  x.i.position: {low: 40, mode: 70, high: 100, note: because}\n";

static dt_scenario *parse(const char *text)
{
    dt_scenario *sc = NULL;
    dt_error err;

    assert_int_equal(dt_scenario_parse(text, strlen(text), "t.yaml",
                                       DT_FORMAT_YAML, NULL, &sc, &err),
                     DT_OK);
    return sc;
}

static dt_estimates *two(dt_scenario *sc)
{
    dt_estimates *e = NULL;
    dt_error err;

    assert_int_equal(dt_estimates_new(sc, &e, &err), DT_OK);
    assert_int_equal(
        dt_estimates_add_text(e, "alice.yaml", ALICE, strlen(ALICE), &err),
        DT_OK);
    assert_int_equal(
        dt_estimates_add_text(e, "bob.yaml", BOB, strlen(BOB), &err), DT_OK);
    return e;
}

static void test_estimates__read(void **state)
{
    dt_scenario *sc = parse(A);
    dt_estimates *e = two(sc);
    size_t pos = dt_scenario_slot_find(sc, "x.i.position");
    const dt_estimate *x;

    (void)state;
    assert_int_equal(dt_estimates_n_analysts(e), 2);
    assert_string_equal(dt_estimates_analyst(e, 0), "alice");
    assert_string_equal(dt_estimates_analyst(e, 1), "bob");
    DT_ASSERT_REL(dt_estimates_weight(e, 0), 1.0, 0.0);
    DT_ASSERT_REL(dt_estimates_weight(e, 1), 3.0, 0.0);
    assert_int_equal(dt_estimates_shape(e, 1), DT_ESTIMATE_TRIANGULAR);
    x = dt_estimates_get(e, 1, pos);
    assert_non_null(x);
    DT_ASSERT_REL(x->mode, 70.0, 0.0);
    assert_string_equal(x->note, "because");
    assert_int_equal(x->loc.line, 5);
    assert_null(
        dt_estimates_get(e, 1, dt_scenario_slot_find(sc, "y.capability")));
    assert_true(dt_estimates_has(e, pos));
    assert_false(
        dt_estimates_has(e, dt_scenario_slot_find(sc, "y.i.position")));
    dt_estimates_free(e);
    dt_scenario_free(sc);
}

/* One bad file: its error (message and line:col); the set is unchanged. */
static void bad(const char *text, const char *want, unsigned line, unsigned col)
{
    dt_scenario *sc = parse(A);
    dt_estimates *e = NULL;
    dt_error err;

    assert_int_equal(dt_estimates_new(sc, &e, &err), DT_OK);
    assert_int_equal(
        dt_estimates_add_text(e, "bad.yaml", text, strlen(text), &err),
        DT_ESCENARIO);
    if (!strstr(err.msg, want))
        fail_msg("'%s' does not contain '%s'", err.msg, want);
    assert_string_equal(err.file, "bad.yaml");
    assert_int_equal(err.line, line);
    assert_int_equal(err.col, col);
    assert_int_equal(dt_estimates_n_analysts(e), 0);
    dt_estimates_free(e);
    dt_scenario_free(sc);
}

static void test_estimates__errors(void **state)
{
    (void)state;
    bad("analyst: a\nestimates:\n  x.i.positon: {low: 1, mode: 2, high: 3}\n",
        "unknown slot 'x.i.positon'; did you mean 'x.i.position'", 3, 3);
    bad("analyst: a\nestimates:\n  x.i.position: {low: 50, mode: 40, high: "
        "60}\n",
        "needs low <= mode <= high, got 50, 40, 60", 3, 17);
    bad("analyst: a\nestimates:\n  x.i.position: {low: 50, mode: 60, high: "
        "120}\n",
        "high of 'x.i.position' must be between 0 and 100, got 120", 3, 43);
    bad("analyst: a\nestimates:\n  x.i.position: {low: 50, mode: 60}\n",
        "lacks 'high'", 3, 17);
    bad("analyst: a\nestimates:\n  x.i.position: {low: 1, mode: 2, high: 3, "
        "sd: 1}\n",
        "unknown key 'sd'", 3, 44);
    bad("analyst: a\nshape: normal\nestimates: {}\n",
        "shape must be pert or triangular, got 'normal'", 2, 8);
    bad("analyst: a\nweight: 0\nestimates: {}\n", "weight must be above 0", 2,
        9);
    bad("analyst: a b\nestimates: {}\n", "analyst must be an id", 1, 10);
    bad("estimates: {}\n", "missing required key 'analyst'", 1, 1);
    bad("analyst: a\nestimates:\n  x.i.position: &p {low: 1, mode: 2, high: "
        "3}\n",
        "anchors and aliases are not supported", 3, 17);
    bad("analyst: a\nestimates: [\n", "malformed YAML", 3, 1);
}

static void test_estimates__duplicate_analyst(void **state)
{
    dt_scenario *sc = parse(A);
    dt_estimates *e = two(sc);
    dt_error err;

    (void)state;
    assert_int_equal(
        dt_estimates_add_text(e, "again.yaml", BOB, strlen(BOB), &err),
        DT_ESCENARIO);
    assert_non_null(strstr(err.msg, "analyst 'bob' is already in the set"));
    assert_int_equal(err.line, 1);
    assert_int_equal(dt_estimates_n_analysts(e), 2);
    dt_estimates_free(e);
    dt_scenario_free(sc);
}

/*
 * x.i.position: alice PERT(0, 30, 60), weight 1: mean (0 + 120 + 60) / 6
 * = 30, variance (30 - 0)(60 - 30) / 7 = 900 / 7; bob triangular(40, 70,
 * 100), weight 3: mean 70, variance (1600 + 4900 + 10000 - 2800 - 4000 -
 * 7000) / 18 = 150. Mixture (1/4, 3/4): mean 7.5 + 52.5 = 60; E[X^2] =
 * (900/7 + 900) / 4 + 3 (150 + 4900) / 4 = 257.142857 + 3787.5, so the
 * variance is 4044.642857 - 3600 = 444.642857.
 */
static void test_estimates__mixture(void **state)
{
    dt_scenario *sc = parse(A);
    dt_estimates *e = two(sc);
    size_t pos = dt_scenario_slot_find(sc, "x.i.position"), k, n = 200000;
    double mean, var, m1 = 0, m2 = 0;

    (void)state;
    assert_true(dt_estimates_moments(e, pos, &mean, &var));
    DT_ASSERT_REL(mean, 60.0, 1e-12);
    DT_ASSERT_REL(var, 444.642857142857, 1e-12);
    /*
     * Quantiles where the mixture's CDF F = F_alice / 4 + 3 F_bob / 4 is
     * known by hand: F(70) = 1/4 + 3/4 * 1/2 = 0.625 (bob's triangle is
     * symmetric); F(60) = 1/4 + 3/4 * (60-40)^2 / (60 * 30) = 5/12; F(30)
     * = 1/4 * 1/2 (PERT(0, 30, 60) is Beta(3, 3), symmetric); F(40) =
     * 1/4 * I_{2/3}(3, 3) = 1/4 * (2/3)^3 (10 - 10 + 6 * 4/9) = 16/81.
     */
    DT_ASSERT_REL(dt_estimates_sample(e, pos, 0.625), 70.0, 1e-9);
    DT_ASSERT_REL(dt_estimates_sample(e, pos, 5.0 / 12.0), 60.0, 1e-9);
    DT_ASSERT_REL(dt_estimates_sample(e, pos, 0.125), 30.0, 1e-9);
    DT_ASSERT_REL(dt_estimates_sample(e, pos, 16.0 / 81.0), 40.0, 1e-9);
    /* A quantile function: it never falls as u rises. */
    {
        double prev = -1.0;

        for (k = 1; k < 1000; k++) {
            double x = dt_estimates_sample(e, pos, (double)k / 1000.0);

            assert_true(x >= prev);
            prev = x;
        }
    }
    /* Stratified uniforms: the sample moments approach the exact ones. */
    for (k = 0; k < n; k++) {
        double x = dt_estimates_sample(e, pos, ((double)k + 0.5) / (double)n);

        m1 += x;
        m2 += x * x;
    }
    m1 /= (double)n;
    m2 = m2 / (double)n - m1 * m1;
    DT_ASSERT_REL(m1, 60.0, 1e-4);
    DT_ASSERT_REL(m2, 444.642857142857, 1e-3);
    /*
     * The split draw (which analyst, then where in that analyst's
     * range): u_pick below 1/4 is alice (weight 1 of 4), above is bob.
     * PERT(0, 30, 60) is symmetric: its median is 30; bob's triangle
     * (40, 70, 100) has F(70) = 1/2 and F(60) = 400 / 1800 = 2/9 by hand.
     */
    DT_ASSERT_REL(dt_estimates_sample_split(e, pos, 0.2, 0.5), 30.0, 1e-9);
    DT_ASSERT_REL(dt_estimates_sample_split(e, pos, 0.3, 0.5), 70.0, 1e-9);
    DT_ASSERT_REL(dt_estimates_sample_split(e, pos, 0.9, 2.0 / 9.0), 60.0,
                  1e-9);
    /* Over a stratified grid of both uniforms: the mixture's moments. */
    m1 = m2 = 0.0;
    for (k = 0; k < 1000; k++)
        for (size_t t = 0; t < 400; t++) {
            double x = dt_estimates_sample_split(
                e, pos, ((double)k + 0.5) / 1000.0, ((double)t + 0.5) / 400.0);

            m1 += x;
            m2 += x * x;
        }
    m1 /= 400000.0;
    m2 = m2 / 400000.0 - m1 * m1;
    DT_ASSERT_REL(m1, 60.0, 1e-4);
    DT_ASSERT_REL(m2, 444.642857142857, 1e-3);
    /* Nobody estimated y.i.position. */
    assert_true(isnan(dt_estimates_sample_split(
        e, dt_scenario_slot_find(sc, "y.i.position"), 0.5, 0.5)));
    assert_true(isnan(dt_estimates_sample(
        e, dt_scenario_slot_find(sc, "y.i.position"), 0.5)));
    assert_false(dt_estimates_moments(
        e, dt_scenario_slot_find(sc, "y.i.position"), &mean, &var));
    dt_estimates_free(e);
    dt_scenario_free(sc);
}

/*
 * Reconcile with the mean model: alice's mode of x.i.position (30) gives
 * (2400 * 30 + 18000) / 3300 = 27.2727; bob's (70) gives
 * (168000 + 18000) / 3300 = 56.3636: a move of 29.0909. The spread is
 * (70 - 30) / 100 = 0.4; the ranges [0, 60] and [40, 100] overlap.
 * y.capability was estimated by alice alone: not disputed. Alice's whole
 * set (x at 30, y's capability 10, as written) gives 27.2727 too.
 */
static void test_estimates__reconcile(void **state)
{
    static const char *const mean[] = {"mean"};
    dt_scenario *sc = parse(A);
    dt_estimates *e = two(sc);
    dt_vary_opts o = DT_VARY_OPTS_INIT;
    dt_reconcile *r = NULL;
    const dt_reconcile_item *it;
    dt_error err;

    (void)state;
    o.models = mean;
    o.n_models = 1;
    assert_int_equal(dt_reconcile_new(sc, e, &o, &r, &err), DT_OK);
    assert_int_equal(r->n_models, 1);
    assert_int_equal(r->n_items, 1);
    it = &r->items[0];
    assert_string_equal(it->slot_id, "x.i.position");
    assert_int_equal(it->n_given, 2);
    DT_ASSERT_REL(it->spread, 0.4, 1e-12);
    assert_true(it->overlap);
    DT_ASSERT_REL(it->per[0].forecast[0], 90000.0 / 3300.0, 1e-12);
    DT_ASSERT_REL(it->per[1].forecast[0], 186000.0 / 3300.0, 1e-12);
    DT_ASSERT_REL(it->moves, 96000.0 / 3300.0, 1e-12);
    DT_ASSERT_REL(r->as_written.forecast[0], 210000.0 / 3300.0, 1e-12);
    DT_ASSERT_REL(r->analyst[0].forecast[0], 90000.0 / 3300.0, 1e-12);
    DT_ASSERT_REL(r->analyst[1].forecast[0], 186000.0 / 3300.0, 1e-12);
    dt_reconcile_free(r);
    dt_estimates_free(e);
    dt_scenario_free(sc);
}

/*
 * A sweep given the estimates draws x.i.position from the mixture: the
 * input is marked as such, and its draws' mean is near 60 (the exact
 * mixture mean above; 4000 draws, sd 21.1: standard error 0.33).
 */
static void test_estimates__sweep(void **state)
{
    static const dt_model_type *const models[] = {&dt_model_mean};
    dt_scenario *sc = parse(A);
    dt_estimates *e = two(sc);
    dt_sweep_opts o = DT_SWEEP_OPTS_INIT;
    dt_sweep *s = NULL;
    size_t pos = dt_scenario_slot_find(sc, "x.i.position"), k, j, n;
    double sum = 0;
    dt_error err;

    (void)state;
    o.models = models;
    o.n_models = 1;
    o.n_draws = 4000;
    o.seed = 11;
    o.analysis = DT_SWEEP_ANALYSIS_OFF;
    o.estimates = e;
    assert_int_equal(dt_sweep_new(sc, &o, &s, &err), DT_OK);
    n = dt_sweep_n_inputs(s);
    for (j = 0; j < n; j++)
        if (dt_sweep_get_input(s, j)->slot == pos)
            break;
    assert_true(j < n);
    assert_int_equal(dt_sweep_get_input(s, j)->dist, DT_SPREAD_MIXTURE);
    DT_ASSERT_REL(dt_sweep_get_input(s, j)->lo, 0.0, 0.0);
    DT_ASSERT_REL(dt_sweep_get_input(s, j)->hi, 100.0, 0.0);
    assert_int_equal(dt_sweep_run(s, 0, o.n_draws, &err), DT_OK);
    for (k = 0; k < o.n_draws; k++)
        sum += dt_sweep_input_draws(s, j)[k];
    DT_ASSERT_CLOSE(sum / (double)o.n_draws, 60.0, 0.0, 1.5);
    dt_sweep_free(s);
    dt_estimates_free(e);
    dt_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_estimates__read),
        cmocka_unit_test(test_estimates__errors),
        cmocka_unit_test(test_estimates__duplicate_analyst),
        cmocka_unit_test(test_estimates__mixture),
        cmocka_unit_test(test_estimates__reconcile),
        cmocka_unit_test(test_estimates__sweep),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
