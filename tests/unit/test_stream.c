/*
 * Tests of the streamed summaries of a sweep (src/lib/mc/stream.c;
 * docs/analysis.md "Memory"): the long accumulator is exact (sums known by
 * hand that plain double sums get wrong, in every order), the statistics
 * of a hand-made column match Python's statistics module (exact rational
 * arithmetic), and a sweep that keeps only some draws gives the same bits
 * on any thread count, slice order or split into processes merged with
 * dt_sweep_stream_get/merge, and agrees with the sweep that keeps every
 * draw.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dt_test.h"
#include "mc/mc_int.h"

static double acc_sum(const double *x, size_t n)
{
    dt__acc a;
    size_t k;

    dt__acc_zero(&a);
    for (k = 0; k < n; k++)
        dt__acc_add(&a, x[k]);
    return dt__acc_value(&a);
}

/*
 * By hand: 1e16 + 1 - 1e16 + 3.25 = 4.25 (a double sum in that order
 * gives 3.25: 1e16 + 1 rounds to 1e16); every one of the 24 orders gives
 * 4.25. The double nearest 0.1 is 0.1000000000000000055511151231257827,
 * ten of them 1.000000000000000055511..., nearest double 1.0 (a double
 * sum gives 0.9999999999999999). 1e308 + 1e308 - 1e308 = 1e308 (a double
 * sum overflows). Subnormals: 3 x 2^-1074 - 2^-1074 = 2^-1073.
 */
static void test_stream__exact_sums(void **state)
{
    static const double x[4] = {1e16, 1.0, -1e16, 3.25};
    static const int perm[24][4] = {
        {0, 1, 2, 3}, {0, 1, 3, 2}, {0, 2, 1, 3}, {0, 2, 3, 1}, {0, 3, 1, 2},
        {0, 3, 2, 1}, {1, 0, 2, 3}, {1, 0, 3, 2}, {1, 2, 0, 3}, {1, 2, 3, 0},
        {1, 3, 0, 2}, {1, 3, 2, 0}, {2, 0, 1, 3}, {2, 0, 3, 1}, {2, 1, 0, 3},
        {2, 1, 3, 0}, {2, 3, 0, 1}, {2, 3, 1, 0}, {3, 0, 1, 2}, {3, 0, 2, 1},
        {3, 1, 0, 2}, {3, 1, 2, 0}, {3, 2, 0, 1}, {3, 2, 1, 0}};
    double y[10], naive = 0.0;
    dt__acc a, b;
    size_t p, k;

    (void)state;
    for (p = 0; p < 24; p++) {
        for (k = 0; k < 4; k++)
            y[k] = x[perm[p][k]];
        assert_true(acc_sum(y, 4) == 4.25);
    }
    for (k = 0; k < 4; k++)
        naive += x[k];
    assert_true(naive == 3.25); /* what the accumulator avoids */
    for (k = 0; k < 10; k++)
        y[k] = 0.1;
    assert_true(acc_sum(y, 10) == 1.0);
    y[0] = 1e308;
    y[1] = 1e308;
    y[2] = -1e308;
    assert_true(acc_sum(y, 3) == 1e308);
    y[0] = ldexp(1.0, -1074);
    y[1] = y[0];
    y[2] = y[0];
    y[3] = -y[0];
    assert_true(acc_sum(y, 4) == ldexp(1.0, -1073));
    y[0] = -2.5;
    y[1] = -0.25;
    assert_true(acc_sum(y, 2) == -2.75);
    /* Split in two and merged: the same as one sum. */
    dt__acc_zero(&a);
    dt__acc_zero(&b);
    dt__acc_add(&a, 1e16);
    dt__acc_add(&a, -2.5);
    dt__acc_add(&b, -1e16);
    dt__acc_add(&b, 1.0);
    dt__acc_merge(&a, &b);
    assert_true(dt__acc_value(&a) == -1.5);
    dt__acc_add(&a, INFINITY);
    assert_true(isnan(dt__acc_value(&a)));
}

/* A one-column stream over x[0..n), centred at c. */
static void column_stats(const double *x, size_t n, double c,
                         dt_sweep_stats *st)
{
    dt_sweep s;
    dt__mc_stream str;
    size_t k;

    memset(&s, 0, sizeof s);
    s.rec = 1;
    s.n_in = 1;
    s.shift = &c;
    assert_int_equal(dt__mc_stream_alloc(&s, &str), DT_OK);
    for (k = 0; k < n; k++)
        dt__mc_stream_fold(&s, &str, &x[k]);
    dt__mc_stream_stats(&s, &str.col[0], 0, st);
    dt__mc_stream_free(&s, &str);
}

/*
 * x = 2.385, 7.1, -3.5, 2.385, 10, 0.001 (and a NaN, not counted):
 * Python 3.11 statistics.mean 3.0618333333333334, statistics.stdev
 * 4.85360712941073 (exact rational arithmetic). The mean is exact to
 * rounding whatever the centre; the sd loses about (mean - centre)^2 /
 * variance ulps (4e4 with the centre at -1000). A constant column has
 * sd exactly 0.
 */
static void test_stream__column_stats_by_hand(void **state)
{
    static const double x[7] = {2.385, 7.1, -3.5, 2.385, 10.0, 1e-3, NAN};
    static const double cst[3] = {48.125, 48.125, 48.125};
    static const double centres[3] = {0.0, 2.385, -1000.0};
    dt_sweep_stats st;
    size_t k;

    (void)state;
    for (k = 0; k < 3; k++) {
        column_stats(x, 7, centres[k], &st);
        assert_int_equal(st.n, 6);
        DT_ASSERT_REL(st.mean, 3.0618333333333334, 1e-15);
        DT_ASSERT_REL(st.sd, 4.85360712941073, k < 2 ? 1e-14 : 1e-11);
    }
    column_stats(cst, 3, 50.0, &st);
    assert_int_equal(st.n, 3);
    assert_true(st.mean == 48.125);
    assert_true(st.sd == 0.0);
    column_stats(cst, 1, 50.0, &st);
    assert_true(st.mean == 48.125);
    assert_true(isnan(st.sd));
    column_stats(x + 6, 1, 0.0, &st);
    assert_int_equal(st.n, 0);
    assert_true(isnan(st.mean));
}

static dt_scenario *anchorage(void)
{
    dt_scenario *sc = NULL;
    dt_error err;

    assert_int_equal(
        dt_scenario_load(dt_test_src("scenarios/anchorage-2025.yaml"), NULL,
                         &sc, &err),
        DT_OK);
    return sc;
}

/* Bytes of one kept draw, as plan_memory in sweep.c counts them. */
static size_t per_kept(const dt_sweep *s)
{
    return dt_sweep_record_size(s) * sizeof(double) + 1 +
           dt_sweep_n_outputs(s) + dt_sweep_n_inputs(s) * sizeof(double) +
           3 * sizeof(double);
}

static dt_sweep *new_sweep(const dt_scenario *sc, size_t n, size_t memory,
                           unsigned threads)
{
    dt_sweep_opts o = DT_SWEEP_OPTS_INIT;
    dt_sweep *s = NULL;
    dt_error err;

    o.seed = 19;
    o.n_draws = n;
    o.drop_each = 1;
    o.threads = threads;
    o.memory = memory;
    if (dt_sweep_new(sc, &o, &s, &err) != DT_OK)
        fail_msg("new: %s", err.msg);
    return s;
}

static void reduce(dt_sweep *s)
{
    dt_error err;

    if (dt_sweep_reduce(s, &err) != DT_OK)
        fail_msg("reduce: %s", err.msg);
}

#define ASSERT_BITS(x, y)                                                      \
    do {                                                                       \
        double bits_a_ = (x), bits_b_ = (y);                                   \
        assert_memory_equal(&bits_a_, &bits_b_, sizeof bits_a_);               \
    } while (0)

static void assert_same(const dt_sweep *a, const dt_sweep *b)
{
    const dt_scenario *sc = dt_sweep_scenario(a);
    size_t k, j, na = dt_scenario_n_actors(sc), ni = dt_scenario_n_issues(sc);

    assert_int_equal(dt_sweep_n_done(a), dt_sweep_n_done(b));
    assert_int_equal(dt_sweep_n_streamed(a), dt_sweep_n_streamed(b));
    for (k = 0; k < dt_sweep_n_outputs(a); k++) {
        assert_memory_equal(dt_sweep_output_stats(a, k),
                            dt_sweep_output_stats(b, k),
                            sizeof(dt_sweep_stats));
        for (j = 0; j < dt_sweep_n_inputs(a); j++)
            ASSERT_BITS(dt_sweep_influence(a, k, j),
                        dt_sweep_influence(b, k, j));
    }
    for (j = 0; j < dt_sweep_n_inputs(a); j++)
        assert_memory_equal(dt_sweep_input_stats(a, j),
                            dt_sweep_input_stats(b, j), sizeof(dt_sweep_stats));
    ASSERT_BITS(dt_sweep_p_zone(a), dt_sweep_p_zone(b));
    for (k = 0; k < na; k++) {
        ASSERT_BITS(dt_sweep_p_red_line(a, k), dt_sweep_p_red_line(b, k));
        for (j = 0; j < ni; j++) {
            ASSERT_BITS(dt_sweep_drop_shift(a, k, j, 0),
                        dt_sweep_drop_shift(b, k, j, 0));
            assert_memory_equal(dt_sweep_drop_stats(a, k, j, 0),
                                dt_sweep_drop_stats(b, k, j, 0),
                                sizeof(dt_sweep_stats));
        }
    }
}

/* Hand another sweep's kept records and streamed sums to s. */
static void merge_into(dt_sweep *s, const dt_sweep *from)
{
    size_t n = dt_sweep_stream_size(from), d;
    uint64_t *w = malloc(n * sizeof *w);
    double *rec = malloc(dt_sweep_record_size(from) * sizeof *rec);
    dt_error err;

    assert_non_null(w);
    assert_non_null(rec);
    assert_int_equal(dt_sweep_stream_get(from, w), n);
    assert_int_equal(dt_sweep_stream_merge(s, w, n, &err), DT_OK);
    /* The same words again: those draws would count twice. */
    assert_int_equal(dt_sweep_stream_merge(s, w, n, &err), DT_EINVAL);
    w[0] ^= 1;
    assert_int_equal(dt_sweep_stream_merge(s, w, n, &err), DT_EINVAL);
    for (d = 0; d < dt_sweep_n_kept(from); d++)
        if (dt_sweep_get_record(from, d, rec))
            dt_sweep_set_record(s, d, rec);
    free(w);
    free(rec);
}

/*
 * 90 draws of Anchorage (analysis and drop-each), 17 kept: 1 and 3
 * threads, slices in any order, and two "processes" each running half,
 * merged, give the same bits; n, mean, sd and the shares agree with the
 * sweep that keeps every draw (exact shares; means and sds to rounding),
 * and the quantiles are those of the 17 kept draws.
 */
static void test_stream__sweep_split_invariant(void **state)
{
    dt_scenario *sc = anchorage();
    const size_t n = 90, keep = 17;
    dt_sweep *all = new_sweep(sc, n, 0, 2), *s[4], *half[2], *k17;
    dt_error err;
    size_t per, k, j;
    unsigned char *done;
    double *scratch;
    dt_sweep_stats st;

    (void)state;
    per = per_kept(all);
    assert_int_equal(dt_sweep_run(all, 0, n, &err), DT_OK);
    reduce(all);
    assert_int_equal(dt_sweep_n_kept(all), n);
    assert_int_equal(dt_sweep_n_streamed(all), 0);
    for (k = 0; k < 4; k++)
        s[k] = new_sweep(sc, n, keep * per + per / 2, k == 1 ? 3 : 1);
    assert_int_equal(dt_sweep_n_kept(s[0]), keep);
    assert_int_equal(dt_sweep_run(s[0], 0, n, &err), DT_OK);
    assert_int_equal(dt_sweep_run(s[1], 0, n, &err), DT_OK);
    assert_int_equal(dt_sweep_run(s[2], 60, n, &err), DT_OK);
    assert_int_equal(dt_sweep_run(s[2], 5, 33, &err), DT_OK);
    assert_int_equal(dt_sweep_run(s[2], 0, 5, &err), DT_OK);
    /* Streamed draws already done are not counted again. */
    assert_int_equal(dt_sweep_run(s[2], 20, 70, &err), DT_OK);
    assert_int_equal(dt_sweep_run(s[2], 0, n, &err), DT_OK);
    for (k = 0; k < 2; k++) {
        half[k] = new_sweep(sc, n, keep * per + per / 2, 2);
        assert_int_equal(dt_sweep_run(half[k], k ? 45 : 0, k ? n : 45, &err),
                         DT_OK);
    }
    merge_into(s[3], half[1]);
    merge_into(s[3], half[0]);
    for (k = 0; k < 4; k++) {
        reduce(s[k]);
        assert_int_equal(dt_sweep_n_done(s[k]), n);
        assert_int_equal(dt_sweep_n_streamed(s[k]), n - keep);
    }
    for (k = 1; k < 4; k++)
        assert_same(s[0], s[k]);
    /* Against every draw kept. */
    ASSERT_BITS(dt_sweep_p_zone(s[0]), dt_sweep_p_zone(all));
    for (k = 0; k < dt_scenario_n_actors(sc); k++)
        ASSERT_BITS(dt_sweep_p_red_line(s[0], k), dt_sweep_p_red_line(all, k));
    done = malloc(keep);
    scratch = malloc((keep + 1) * sizeof *scratch);
    assert_non_null(done);
    assert_non_null(scratch);
    memset(done, 1, keep);
    for (k = 0; k < dt_sweep_n_outputs(all); k++) {
        const dt_sweep_stats *a = dt_sweep_output_stats(all, k);
        const dt_sweep_stats *b = dt_sweep_output_stats(s[0], k);

        assert_int_equal(a->n, b->n);
        DT_ASSERT_CLOSE(b->mean, a->mean, 1e-12, 1e-12);
        DT_ASSERT_CLOSE(b->sd, a->sd, 1e-9, 1e-12);
        dt__mc_stats(dt_sweep_output_draws(all, k), done, keep, scratch, &st);
        assert_memory_equal(st.q, b->q, sizeof st.q);
        assert_memory_equal(dt_sweep_output_draws(all, k),
                            dt_sweep_output_draws(s[0], k),
                            keep * sizeof(double));
    }
    for (k = 0; k < dt_scenario_n_actors(sc); k++)
        for (j = 0; j < dt_scenario_n_issues(sc); j++)
            DT_ASSERT_CLOSE(dt_sweep_drop_shift(s[0], k, j, 0),
                            dt_sweep_drop_shift(all, k, j, 0), 1e-12, 1e-12);
    /* The same sweep keeping exactly its 17 draws streams nothing. */
    k17 = new_sweep(sc, keep, keep * per, 1);
    assert_int_equal(dt_sweep_n_kept(k17), keep);
    assert_int_equal(dt_sweep_run(k17, 0, keep, &err), DT_OK);
    reduce(k17);
    assert_int_equal(dt_sweep_n_streamed(k17), 0);
    assert_true(dt_sweep_memory(s[0]) > keep * per);
    free(done);
    free(scratch);
    dt_sweep_free(k17);
    for (k = 0; k < 4; k++)
        dt_sweep_free(s[k]);
    dt_sweep_free(half[0]);
    dt_sweep_free(half[1]);
    dt_sweep_free(all);
    dt_scenario_free(sc);
}

/* set_record of a streamed draw counts it once; get has no record. */
static void test_stream__set_record_counts_once(void **state)
{
    dt_scenario *sc = anchorage();
    dt_sweep *a = new_sweep(sc, 30, 0, 1), *b;
    double *rec = malloc(dt_sweep_record_size(a) * sizeof *rec);
    dt_error err;
    size_t d;

    (void)state;
    assert_non_null(rec);
    b = new_sweep(sc, 30, 5 * per_kept(a), 1);
    assert_int_equal(dt_sweep_n_kept(b), 5);
    assert_int_equal(dt_sweep_run(a, 0, 30, &err), DT_OK);
    for (d = 0; d < 30; d++) {
        assert_true(dt_sweep_get_record(a, d, rec));
        dt_sweep_set_record(b, d, rec);
        dt_sweep_set_record(b, d, rec);
    }
    assert_false(dt_sweep_get_record(b, 7, rec));
    assert_true(dt_sweep_done(b, 7));
    reduce(a);
    reduce(b);
    assert_int_equal(dt_sweep_n_done(b), 30);
    assert_int_equal(dt_sweep_n_streamed(b), 25);
    ASSERT_BITS(dt_sweep_p_zone(a), dt_sweep_p_zone(b));
    assert_int_equal(dt_sweep_output_stats(a, 0)->n,
                     dt_sweep_output_stats(b, 0)->n);
    free(rec);
    dt_sweep_free(a);
    dt_sweep_free(b);
    dt_scenario_free(sc);
}

/*
 * A billion draws in 8 MiB: K from the budget (8 MiB / the bytes of one
 * kept draw), the estimate within the budget plus the streamed sums
 * (a few hundred KB here), and the last draw runs and counts.
 */
static void test_stream__billion_draws_bounded(void **state)
{
    dt_scenario *sc = anchorage();
    dt_sweep *probe = new_sweep(sc, 10, 0, 1), *s;
    const size_t n = 1000000000, mem = (size_t)8 << 20;
    size_t per = per_kept(probe);
    dt_error err;

    (void)state;
    s = new_sweep(sc, n, mem, 2);
    assert_int_equal(dt_sweep_n_kept(s), mem / per);
    assert_true(dt_sweep_memory(s) < mem + ((size_t)2 << 20));
    assert_int_equal(dt_sweep_run(s, n - 3, n, &err), DT_OK);
    assert_int_equal(dt_sweep_run(s, 0, 2, &err), DT_OK);
    assert_int_equal(dt_sweep_count_done(s, 0, n), 5);
    assert_true(dt_sweep_done(s, n - 1));
    assert_false(dt_sweep_done(s, n - 4));
    reduce(s);
    assert_int_equal(dt_sweep_n_done(s), 5);
    assert_int_equal(dt_sweep_n_streamed(s), 3);
    assert_int_equal(dt_sweep_output_stats(s, 0)->n, 5);
    dt_sweep_free(s);
    dt_sweep_free(probe);
    dt_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stream__exact_sums),
        cmocka_unit_test(test_stream__column_stats_by_hand),
        cmocka_unit_test(test_stream__sweep_split_invariant),
        cmocka_unit_test(test_stream__set_record_counts_once),
        cmocka_unit_test(test_stream__billion_draws_bounded),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
