/*
 * Tests of the model interface and of the one-step models: the weighted
 * mean (compromise) and weighted median (median voter), on cases checked
 * by hand, including ties and zero total weight.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dt_test.h"

/* A line over caller arrays; ids are "a0", "a1", ... */
static dt_line make_line(size_t n, double *x, double *c, double *s)
{
    static const char *ids[] = {"a0", "a1", "a2", "a3", "a4", "a5"};
    static size_t idx[] = {0, 1, 2, 3, 4, 5};
    dt_line l;

    memset(&l, 0, sizeof l);
    l.n = n;
    l.ids = ids;
    l.actor = idx;
    l.x = x;
    l.c = c;
    l.s = s;
    return l;
}

static dt_model_result solve(const dt_model_type *t, const dt_line *l)
{
    dt_model *m = NULL;
    dt_model_result r;
    dt_error err;

    assert_int_equal(dt_model_new(t, 6, NULL, NULL, &m, &err), DT_OK);
    assert_int_equal(dt_model_solve(m, l, NULL, &r, &err), DT_OK);
    dt_model_free(m);
    return r;
}

/*
 * By hand: weights c*s = 1.1925, 0.9, 1.0 (total 3.0925); weighted sum
 * 11.925 + 36 + 85.5 = 133.425; mean 133.425 / 3.0925 = 43.1447049...
 * Median: half the total is 1.54625; cumulative 1.1925 at 10 falls short,
 * 2.0925 at 40 reaches it, so 40.
 */
static void test_model__mean_and_median_by_hand(void **state)
{
    double x[] = {85.5, 10, 40}, c[] = {4, 2.385, 1}, s[] = {0.25, 0.5, 0.9};
    dt_line l = make_line(3, x, c, s);
    dt_model_result r;

    (void)state;
    r = solve(&dt_model_mean, &l);
    DT_ASSERT_REL(r.point, 133.425 / 3.0925, 1e-15);
    DT_ASSERT_REL(r.median, 40.0, 0.0);
    assert_int_equal(r.stop, DT_STOP_CONVERGED);
    assert_int_equal(r.rounds, 1);
    r = solve(&dt_model_median, &l);
    DT_ASSERT_REL(r.point, 40.0, 0.0);
    DT_ASSERT_REL(r.mean, 133.425 / 3.0925, 1e-15);
}

/*
 * Two actors of equal weight: the cumulative weight reaches exactly half
 * at the lower one, which is the median (the smallest x that reaches
 * half); the mean is the midpoint.
 */
static void test_model__median_tie_takes_lower(void **state)
{
    double x[] = {80, 20}, c[] = {2.385, 2.385}, s[] = {0.4, 0.4};
    dt_line l = make_line(2, x, c, s);
    dt_model_result r;

    (void)state;
    r = solve(&dt_model_median, &l);
    DT_ASSERT_REL(r.point, 20.0, 0.0);
    DT_ASSERT_REL(r.mean, 50.0, 1e-15);
}

/* Coinciding positions pool their weight: 1 + 1 reaches half of 4. */
static void test_model__median_pools_equal_positions(void **state)
{
    double x[] = {70, 30, 30}, c[] = {2, 1, 1}, s[] = {1, 1, 1};
    dt_line l = make_line(3, x, c, s);

    (void)state;
    DT_ASSERT_REL(solve(&dt_model_median, &l).point, 30.0, 0.0);
    /* Mean by hand: (140 + 30 + 30) / 4 = 50. */
    DT_ASSERT_REL(solve(&dt_model_mean, &l).point, 50.0, 1e-15);
}

/*
 * Zero total weight: nobody pulls, so the documented fallback is the
 * unweighted mean (100/3) and the lower unweighted median (30 of 10, 30,
 * 60).
 */
static void test_model__zero_total_weight(void **state)
{
    double x[] = {60, 10, 30}, c[] = {0, 1.5, 0}, s[] = {0.7, 0, 0.2};
    dt_line l = make_line(3, x, c, s);

    (void)state;
    DT_ASSERT_REL(solve(&dt_model_mean, &l).point, 100.0 / 3.0, 1e-15);
    DT_ASSERT_REL(solve(&dt_model_median, &l).point, 30.0, 0.0);
}

/* An actor of zero weight has no say: the other one decides. */
static void test_model__zero_weight_actor_ignored(void **state)
{
    double x[] = {0, 100}, c[] = {0, 1}, s[] = {0.9, 0.3};
    dt_line l = make_line(2, x, c, s);

    (void)state;
    DT_ASSERT_REL(solve(&dt_model_mean, &l).point, 100.0, 0.0);
    DT_ASSERT_REL(solve(&dt_model_median, &l).point, 100.0, 0.0);
}

/*
 * Long lines (more than 32 actors take the heapsort path of
 * dt_weighted_median). 40 actors on four positions 0, 10, 20, 30 given in
 * a scrambled order, ten each, weight 1: the cumulative weight reaches
 * exactly half (20 of 40) at the last actor on 10, so the median is 10.
 * Weight 2.5 on every actor changes nothing (50 of 100).
 */
static void test_model__median_long_ties_at_half(void **state)
{
    double x[40], c[40], s[40];
    size_t idx[40], k;

    (void)state;
    for (k = 0; k < 40; k++) {
        x[k] = (double)((k * 7) % 4) * 10.0;
        c[k] = 1.0;
        s[k] = 1.0;
    }
    DT_ASSERT_REL(dt_weighted_median(40, x, c, s, idx), 10.0, 0.0);
    for (k = 0; k < 40; k++)
        c[k] = 2.5;
    DT_ASSERT_REL(dt_weighted_median(40, x, c, s, idx), 10.0, 0.0);
    /* One more unit on 20: half is 20.5 of 41, first reached on 20. */
    c[2] = 2.0; /* x[2] = (14 % 4) * 10 = 20 */
    for (k = 0; k < 40; k++)
        if (k != 2)
            c[k] = 1.0;
    DT_ASSERT_REL(dt_weighted_median(40, x, c, s, idx), 20.0, 0.0);
}

/*
 * 35 actors in descending order x = 34, 33, ..., 0, weight 1 each except
 * the actor on 30 (weight 100): total 134, half 67; ascending, 0..29 add
 * 30, the heavy actor brings the sum to 130, so the median is 30. The
 * same line ascending, and with zero total weight (the unweighted lower
 * median of 0..34 is 17, the 18th of 35: 18 >= 17.5).
 */
static void test_model__median_long_sorted_and_reversed(void **state)
{
    double x[35], c[35], s[35];
    size_t idx[35], k;

    (void)state;
    for (k = 0; k < 35; k++) {
        x[k] = (double)(34 - k);
        c[k] = x[k] == 30.0 ? 100.0 : 1.0;
        s[k] = 1.0;
    }
    DT_ASSERT_REL(dt_weighted_median(35, x, c, s, idx), 30.0, 0.0);
    for (k = 0; k < 35; k++) {
        x[k] = (double)k;
        c[k] = x[k] == 30.0 ? 100.0 : 1.0;
    }
    DT_ASSERT_REL(dt_weighted_median(35, x, c, s, idx), 30.0, 0.0);
    for (k = 0; k < 35; k++)
        c[k] = 0.0;
    DT_ASSERT_REL(dt_weighted_median(35, x, c, s, idx), 17.0, 0.0);
    /* One actor: its position. */
    DT_ASSERT_REL(dt_weighted_median(1, x + 9, c, s, idx), 9.0, 0.0);
}

/* A reference weighted median: (position, index) pairs by qsort. */
struct wm_pair {
    double x;
    size_t i;
};

static int wm_cmp(const void *pa, const void *pb)
{
    const struct wm_pair *a = pa, *b = pb;

    if (a->x != b->x)
        return a->x < b->x ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

static double wm_reference(size_t n, const double *x, const double *c,
                           const double *s)
{
    struct wm_pair *p = malloc(n * sizeof *p);
    double total = 0.0, cum = 0.0, r;
    size_t k;

    assert_non_null(p);
    for (k = 0; k < n; k++) {
        p[k].x = x[k];
        p[k].i = k;
    }
    qsort(p, n, sizeof *p, wm_cmp);
    for (k = 0; k < n; k++)
        total += c[p[k].i] * s[p[k].i];
    r = p[n - 1].x;
    for (k = 0; k < n; k++) {
        cum += c[p[k].i] * s[p[k].i];
        if (cum >= total / 2.0) {
            r = p[k].x;
            break;
        }
    }
    free(p);
    return r;
}

/*
 * Random lines of 2 to 1500 actors on few distinct positions (many ties,
 * some -0.0 beside 0.0) and weights with fractions: the median equals the
 * reference's (the documented rule: ascending, ties in input order,
 * summed in that order) to the last bit.
 */
static void test_model__median_matches_reference(void **state)
{
    static const size_t sizes[] = {2, 31, 33, 64, 257, 1500};
    uint64_t st = 0x2385u;
    size_t t, k;

    (void)state;
    for (t = 0; t < sizeof sizes / sizeof sizes[0]; t++) {
        size_t n = sizes[t];
        double *x = malloc(n * sizeof *x), *c = malloc(n * sizeof *c),
               *s = malloc(n * sizeof *s);
        size_t *idx = malloc(n * sizeof *idx);

        assert_true(x && c && s && idx);
        for (k = 0; k < n; k++) {
            st = st * 6364136223846793005u + 1442695040888963407u;
            x[k] = (double)((st >> 33) % 7) * 12.5 - 25.0;
            if (x[k] == 0.0 && (st >> 20) % 2)
                x[k] = -0.0;
            c[k] = 0.1 + (double)((st >> 40) % 1000) / 337.0;
            s[k] = (double)((st >> 50) % 100) / 99.0;
        }
        assert_memory_equal(&(double){dt_weighted_median(n, x, c, s, idx)},
                            &(double){wm_reference(n, x, c, s)},
                            sizeof(double));
        free(x);
        free(c);
        free(s);
        free(idx);
    }
}

/* All positions coincide: not an error, the forecast is that point. */
static void test_model__all_positions_coincide(void **state)
{
    double x[] = {42.5, 42.5, 42.5}, c[] = {1, 2, 3}, s[] = {0.1, 0.2, 0.3};
    dt_line l = make_line(3, x, c, s);
    const dt_model_type *const *t;

    (void)state;
    for (t = dt_model_types(); *t; t++) {
        dt_model_result r = solve(*t, &l);

        DT_ASSERT_REL(r.point, 42.5, 0.0);
        DT_ASSERT_REL(r.mean, 42.5, 1e-15);
        assert_int_equal(r.stop, DT_STOP_CONVERGED);
    }
}

/* The trace holds round 0 (inputs) and the one step. */
static void test_model__trace_records_rounds(void **state)
{
    double x[] = {10, 90}, c[] = {1, 3}, s[] = {0.5, 0.5};
    dt_line l = make_line(2, x, c, s);
    dt_trace tr = DT_TRACE_INIT;
    dt_model *m = NULL;
    dt_model_result r;

    (void)state;
    assert_int_equal(dt_model_new(&dt_model_mean, 2, NULL, NULL, &m, NULL),
                     DT_OK);
    assert_int_equal(dt_model_solve(m, &l, &tr, &r, NULL), DT_OK);
    assert_int_equal(tr.rounds, 2);
    assert_int_equal(tr.n, 2);
    DT_ASSERT_REL(tr.x[0], 10.0, 0.0);
    DT_ASSERT_REL(tr.x[3], 90.0, 0.0);
    /* By hand: (5 + 135) / 2 = 70. */
    DT_ASSERT_REL(tr.mean[0], 70.0, 1e-15);
    DT_ASSERT_REL(tr.median[1], 90.0, 0.0);
    dt_trace_release(&tr);
    dt_model_free(m);
}

static void test_model__rejects_bad_options_and_lines(void **state)
{
    dt_model_opts o = DT_MODEL_OPTS_INIT;
    double x[] = {1, NAN}, c[] = {1, 1}, s[] = {1, 1};
    dt_line l = make_line(2, x, c, s);
    dt_model *m = NULL;
    dt_error err;

    (void)state;
    o.max_rounds = 0;
    assert_int_equal(dt_model_new(&dt_model_eu, 4, &o, NULL, &m, &err),
                     DT_EINVAL);
    assert_null(m);
    assert_non_null(strstr(err.msg, "rounds"));
    o.max_rounds = 10;
    o.q = 1.5;
    assert_int_equal(dt_model_new(&dt_model_eu, 4, &o, NULL, &m, &err),
                     DT_EINVAL);
    assert_non_null(strstr(err.msg, "Q"));
    assert_int_equal(dt_model_opts_preset(&o, "nonesuch", &err), DT_EINVAL);
    assert_non_null(strstr(err.msg, "nonesuch"));
    assert_int_equal(dt_model_new(&dt_model_mean, 1, NULL, NULL, &m, &err),
                     DT_OK);
    assert_int_equal(dt_model_init(m, &l, &err), DT_EINVAL); /* n > n_max */
    dt_model_free(m);
    assert_int_equal(dt_model_new(&dt_model_mean, 2, NULL, NULL, &m, &err),
                     DT_OK);
    assert_int_equal(dt_model_init(m, &l, &err), DT_EINVAL); /* NaN */
    l.n = 0;
    assert_int_equal(dt_model_init(m, &l, &err), DT_EINVAL); /* empty */
    assert_int_equal(dt_model_step(m, &err), DT_EINVAL);     /* not ready */
    dt_model_free(m);
    dt_model_free(NULL);
}

static void test_model__registry(void **state)
{
    (void)state;
    assert_ptr_equal(dt_model_find("mean"), &dt_model_mean);
    assert_ptr_equal(dt_model_find("median"), &dt_model_median);
    assert_ptr_equal(dt_model_find("eu"), &dt_model_eu);
    assert_null(dt_model_find("nash"));
    assert_string_equal(dt_stop_str(DT_STOP_CYCLE), "cycle");
    assert_string_equal(dt_stop_str(DT_STOP_ROUND_CAP), "round_cap");
    assert_string_equal(dt_stop_str(DT_STOP_CONVERGED), "converged");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_model__mean_and_median_by_hand),
        cmocka_unit_test(test_model__median_tie_takes_lower),
        cmocka_unit_test(test_model__median_pools_equal_positions),
        cmocka_unit_test(test_model__zero_total_weight),
        cmocka_unit_test(test_model__zero_weight_actor_ignored),
        cmocka_unit_test(test_model__median_long_ties_at_half),
        cmocka_unit_test(test_model__median_long_sorted_and_reversed),
        cmocka_unit_test(test_model__median_matches_reference),
        cmocka_unit_test(test_model__all_positions_coincide),
        cmocka_unit_test(test_model__trace_records_rounds),
        cmocka_unit_test(test_model__rejects_bad_options_and_lines),
        cmocka_unit_test(test_model__registry),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
