/*
 * Tests of the exchange model: one exchange on 2 actors x 2 issues
 * computed by hand from the definition in
 * docs/models.md ("exchange"), the cases where no exchange is
 * possible, third-party effects, and bad input.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dt_test.h"

/*
 * Actors A (0) and B (1), issues p (0) and q (1); row-major tables.
 * A: x = (100, 100), s = (0.8, 0.2), c = 2.  B: x = (0, 0), s = (0.3, 0.6),
 * c = 1.
 *
 * Expected outcomes (compromise): O_p = 2*0.8*100 / (1.6 + 0.3) = 160/1.9
 * = 84.2105..., O_q = 2*0.2*100 / (0.4 + 0.6) = 40. A and B sit on
 * opposite sides of both. Salience ratios: A 0.8/0.2 = 4 > B 0.3/0.6, so
 * A demands p, B supplies p, A moves on q towards B.
 *
 * Shift per unit move: k_p = c_B s_Bp / W_p = 0.3/1.9, k_q = c_A s_Aq /
 * W_q = 0.4. Caps: on p, min(k_p * 100, 100 - O_p) = 300/19 = 15.789...;
 * on q, min(k_q * 100, 40 - 0) = 40. Equal-gain rate dq/dp = (0.8 + 0.3)
 * / (0.2 + 0.6) = 1.375, so dp = min(300/19, 40/1.375) = 300/19 and
 * dq = 412.5/19 = 21.7105...
 *
 * Gains: A: 0.8 dp - 0.2 dq = 0.525 * 300/19 = 157.5/19 = 8.2894...;
 * B: 0.6 dq - 0.3 dp = (0.825 - 0.3) * 300/19, the same.
 * Final outcomes: O_p = 100, O_q = 40 - 412.5/19 = 347.5/19 = 18.289...
 * B moves on p by dp / k_p = 100 (to 100); A moves on q by dq / k_q =
 * 1031.25/19 (to 868.75/19 = 45.7236...). In round 2 A sits on O_p: no
 * opposite sides, no exchange, converged after 1 round.
 */
static void test_exchange__two_by_two_by_hand(void **state)
{
    double x[] = {100, 100, 0, 0}, s[] = {0.8, 0.2, 0.3, 0.6};
    double c[] = {2, 2, 1, 1};
    dt_exchange_problem p = {2, 2, x, s, c};
    dt_exchange_result r = DT_EXCHANGE_RESULT_INIT;
    dt_error err;

    (void)state;
    assert_int_equal(dt_exchange_solve(&p, NULL, NULL, &r, &err), DT_OK);
    DT_ASSERT_REL(r.initial[0], 160.0 / 1.9, 1e-14);
    DT_ASSERT_REL(r.initial[1], 40.0, 1e-14);
    assert_int_equal(r.n_moves, 1);
    assert_int_equal(r.moves[0].demander, 0);
    assert_int_equal(r.moves[0].supplier, 1);
    assert_int_equal(r.moves[0].issue_p, 0);
    assert_int_equal(r.moves[0].issue_q, 1);
    assert_int_equal(r.moves[0].round, 1);
    DT_ASSERT_REL(r.moves[0].shift_p, 300.0 / 19.0, 1e-12);
    DT_ASSERT_REL(r.moves[0].shift_q, -412.5 / 19.0, 1e-12);
    DT_ASSERT_REL(r.moves[0].gain, 157.5 / 19.0, 1e-12);
    DT_ASSERT_CLOSE(r.moves[0].externality, 0.0, 0.0, 0.0);
    DT_ASSERT_REL(r.moves[0].supplier_from, 0.0, 0.0);
    DT_ASSERT_REL(r.moves[0].supplier_to, 100.0, 1e-12);
    DT_ASSERT_REL(r.moves[0].demander_from, 100.0, 0.0);
    DT_ASSERT_REL(r.moves[0].demander_to, 868.75 / 19.0, 1e-12);
    DT_ASSERT_REL(r.outcome[0], 100.0, 1e-12);
    DT_ASSERT_REL(r.outcome[1], 347.5 / 19.0, 1e-12);
    DT_ASSERT_REL(r.x[1 * 2 + 0], 100.0, 1e-12);         /* B on p */
    DT_ASSERT_REL(r.x[0 * 2 + 1], 868.75 / 19.0, 1e-12); /* A on q */
    assert_int_equal(r.rounds, 1);
    assert_int_equal(r.converged, 1);
    dt_exchange_result_release(&r, NULL);
    assert_null(r.moves);
    dt_exchange_result_release(&r, NULL); /* released twice: harmless */
}

/*
 * No exchange: equal salience ratios (nobody gains), the same side of an
 * outcome, or an actor missing from an issue. Outcomes stay the means.
 */
static void test_exchange__no_exchange(void **state)
{
    double x[] = {100, 100, 0, 0}, s[] = {0.8, 0.4, 0.6, 0.3};
    double c[] = {1, 1, 1, 1};
    dt_exchange_problem p = {2, 2, x, s, c};
    dt_exchange_result r = DT_EXCHANGE_RESULT_INIT;
    dt_error err;

    (void)state;
    /* Ratios 0.8/0.4 = 0.6/0.3 = 2. */
    assert_int_equal(dt_exchange_solve(&p, NULL, NULL, &r, &err), DT_OK);
    assert_int_equal(r.n_moves, 0);
    assert_int_equal(r.converged, 1);
    /* O_p = 0.8*100 / 1.4 = 57.142857... */
    DT_ASSERT_REL(r.outcome[0], 80.0 / 1.4, 1e-14);
    dt_exchange_result_release(&r, NULL);
    /* B not on q. */
    x[3] = NAN;
    s[3] = 0.9;
    assert_int_equal(dt_exchange_solve(&p, NULL, NULL, &r, &err), DT_OK);
    assert_int_equal(r.n_moves, 0);
    DT_ASSERT_REL(r.outcome[1], 100.0, 0.0); /* A alone on q */
    dt_exchange_result_release(&r, NULL);
    /*
     * Both above the outcome on q is impossible with two actors; with a
     * third actor C at 0 on q, A and B (both 100) sit on one side, so
     * round 1 has no A-B exchange (later rounds may, once C's exchanges
     * have moved them).
     */
    {
        double x3[] = {100, 100, 0, 100, 50, 0};
        double s3[] = {0.8, 0.2, 0.3, 0.6, 0.5, 0.5};
        double c3[] = {1, 1, 1, 1, 1, 1};
        dt_exchange_problem p3 = {3, 2, x3, s3, c3};
        size_t k;

        assert_int_equal(dt_exchange_solve(&p3, NULL, NULL, &r, &err), DT_OK);
        for (k = 0; k < r.n_moves && r.moves[k].round == 1; k++)
            assert_false(
                (r.moves[k].demander == 0 && r.moves[k].supplier == 1) ||
                (r.moves[k].demander == 1 && r.moves[k].supplier == 0));
        dt_exchange_result_release(&r, NULL);
    }
}

/*
 * A third actor C on issue p only, at 0 with salience 0.5: when the
 * exchange moves O_p up by dp, C loses 0.5 dp. Same A and B as the hand
 * case; C's weight changes W_p to 2.4 (c = 1, s = 0.5): O_p =
 * 160/2.4 = 66.67, k_p = 0.3/2.4 = 0.125, caps: 0.125*100 = 12.5 and
 * 100 - 66.67 = 33.33, so dp = min(12.5, 40/1.375 = 29.09) = 12.5; C's
 * externality is -0.5 * 12.5 = -6.25.
 */
static void test_exchange__externality(void **state)
{
    double x[] = {100, 100, 0, 0, 0, NAN};
    double s[] = {0.8, 0.2, 0.3, 0.6, 0.5, 0.0};
    double c[] = {2, 2, 1, 1, 1, 1};
    dt_exchange_problem p = {3, 2, x, s, c};
    dt_exchange_result r = DT_EXCHANGE_RESULT_INIT;
    dt_error err;

    (void)state;
    assert_int_equal(dt_exchange_solve(&p, NULL, NULL, &r, &err), DT_OK);
    assert_true(r.n_moves >= 1);
    assert_int_equal(r.moves[0].demander, 0);
    assert_int_equal(r.moves[0].supplier, 1);
    DT_ASSERT_REL(r.moves[0].shift_p, 12.5, 1e-12);
    DT_ASSERT_REL(r.moves[0].externality, -6.25, 1e-12);
    dt_exchange_result_release(&r, NULL);
}

/* One issue: no pair of issues, nothing to trade; the outcome is the
 * compromise mean (0.3 * 20 + 0.9 * 60) / 1.2 = 50. */
static void test_exchange__one_issue(void **state)
{
    double x[] = {20, 60}, s[] = {0.3, 0.9}, c[] = {1, 1};
    dt_exchange_problem p = {2, 1, x, s, c};
    dt_exchange_result r = DT_EXCHANGE_RESULT_INIT;
    dt_error err;

    (void)state;
    assert_int_equal(dt_exchange_solve(&p, NULL, NULL, &r, &err), DT_OK);
    assert_int_equal(r.n_moves, 0);
    assert_int_equal(r.converged, 1);
    DT_ASSERT_REL(r.outcome[0], 50.0, 1e-14);
    dt_exchange_result_release(&r, NULL);
}

/*
 * A scenario: the initial outcome of each issue is the compromise mean
 * of its line (the model's step 1), and every move stays on the scale.
 */
static void test_exchange__scenario(void **state)
{
    dt_scenario *sc = NULL;
    dt_exchange_result r = DT_EXCHANGE_RESULT_INIT;
    dt_error err;
    size_t i, k;

    (void)state;
    assert_int_equal(dt_scenario_load(dt_test_src("scenarios/hanoi-2019.yaml"),
                                      NULL, &sc, &err),
                     DT_OK);
    assert_int_equal(dt_exchange_solve_scenario(sc, 0, NULL, NULL, &r, &err),
                     DT_OK);
    assert_int_equal(r.n_issues, dt_scenario_n_issues(sc));
    assert_int_equal(r.n_actors, dt_scenario_n_actors(sc));
    for (i = 0; i < r.n_issues; i++) {
        dt_line *l = NULL;

        assert_int_equal(dt_scenario_line(sc, i, 0, &l, &err), DT_OK);
        DT_ASSERT_REL(r.initial[i], dt_weighted_mean(l->n, l->x, l->c, l->s),
                      1e-12);
        dt_line_free(l);
    }
    for (k = 0; k < r.n_moves; k++) {
        assert_true(r.moves[k].gain > 0.0);
        assert_true(r.moves[k].supplier_to >= 0.0 &&
                    r.moves[k].supplier_to <= 100.0);
        assert_true(r.moves[k].demander_to >= 0.0 &&
                    r.moves[k].demander_to <= 100.0);
    }
    dt_exchange_result_release(&r, NULL);
    dt_scenario_free(sc);
}

static void test_exchange__bad_input(void **state)
{
    double x[] = {100, 100, 0, 0}, s[] = {0.8, 0.2, 0.3, -0.6};
    double c[] = {1, 1, 1, 1};
    dt_exchange_problem p = {2, 2, x, s, c};
    dt_exchange_result r = DT_EXCHANGE_RESULT_INIT;
    dt_exchange_opts o = DT_EXCHANGE_OPTS_INIT;
    dt_error err;

    (void)state;
    assert_int_equal(dt_exchange_solve(&p, NULL, NULL, &r, &err), DT_EINVAL);
    assert_non_null(strstr(err.msg, "salience"));
    assert_null(r.outcome);
    s[3] = 0.6;
    x[0] = INFINITY;
    assert_int_equal(dt_exchange_solve(&p, NULL, NULL, &r, &err), DT_EINVAL);
    x[0] = 100;
    o.max_rounds = 0;
    assert_int_equal(dt_exchange_solve(&p, &o, NULL, &r, &err), DT_EINVAL);
    p.n_issues = 0;
    assert_int_equal(dt_exchange_solve(&p, NULL, NULL, &r, &err), DT_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exchange__two_by_two_by_hand),
        cmocka_unit_test(test_exchange__no_exchange),
        cmocka_unit_test(test_exchange__externality),
        cmocka_unit_test(test_exchange__one_issue),
        cmocka_unit_test(test_exchange__scenario),
        cmocka_unit_test(test_exchange__bad_input),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
