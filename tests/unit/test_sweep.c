/*
 * Tests of the Monte Carlo sweep (include/detente/sweep.h, src/lib/mc/)
 * and of dt_rng_stream. Expected values come from hand calculation or an
 * independent Python transcription, never from the code's own output:
 * - dt_rng_stream: the Python transcription of splitmix64/xoshiro256**
 *   printed in the comment;
 * - quantiles: Hyndman-Fan type 7 by hand on 1..10, and the closed-form
 *   distribution of the mean model's forecast when one actor's position
 *   is uniform (or normal): the forecast is linear in that position;
 * - determinism: bitwise equality across thread counts and slices, and
 *   of the parallel reduction with a serial transcription of its
 *   definition.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_statistics_double.h>

#include "dt_test.h"
#include "mc/mc_int.h"

/*
 * Python (3.11), written from the published algorithms:
 *   mix(z): z = (z ^ z>>30) * 0xbf58476d1ce4e5b9; z = (z ^ z>>27) *
 *           0x94d049bb133111eb; return z ^ z>>31   (mod 2^64)
 *   key = mix(mix(seed) ^ (index + 1) * 0x9e3779b97f4a7c15)
 *   state = four splitmix64 outputs from key; then xoshiro256**.
 * seed 42, index 7: key 0x26eafd5bcb5236e6, outputs 0x6ddae5713065007d,
 * 0x7bac4c2efc844882; seed 12345, index 10^6: first 0xc532ad10c77d0e96.
 */
static void test_sweep__rng_stream_reference(void **state)
{
    dt_rng r, k;

    (void)state;
    dt_rng_stream(&r, 42, 7);
    dt_rng_seed(&k, 0x26eafd5bcb5236e6u);
    assert_memory_equal(r.s, k.s, sizeof r.s);
    assert_true(dt_rng_next(&r) == 0x6ddae5713065007du);
    assert_true(dt_rng_next(&r) == 0x7bac4c2efc844882u);
    dt_rng_stream(&r, 12345, 1000000);
    assert_true(dt_rng_next(&r) == 0xc532ad10c77d0e96u);
}

/* Streams differ between neighbouring indices and seeds, repeat exactly. */
static void test_sweep__rng_stream_distinct(void **state)
{
    dt_rng a, b;
    uint64_t i;

    (void)state;
    for (i = 0; i < 1000; i++) {
        dt_rng_stream(&a, 1, i);
        dt_rng_stream(&b, 1, i + 1);
        assert_true(dt_rng_next(&a) != dt_rng_next(&b));
        dt_rng_stream(&a, 1, i);
        dt_rng_stream(&b, 2, i);
        assert_true(dt_rng_next(&a) != dt_rng_next(&b));
        dt_rng_stream(&a, 9, i);
        dt_rng_stream(&b, 9, i);
        assert_true(dt_rng_next(&a) == dt_rng_next(&b));
    }
}

/*
 * Type 7 on 1..10 by hand: h = 9 p + 1; p = 0.05: h = 1.45 -> 1.45;
 * 0.25: h = 3.25 -> 3.25; 0.5: 5.5; 0.75: 7.75; 0.95: 9.55. Mean 5.5,
 * sample sd sqrt(82.5 / 9) = 3.0276503540974917. NaN and undone entries
 * are left out.
 */
static void test_sweep__quantile_type7(void **state)
{
    double x[12] = {10, 3, NAN, 1, 2, 9, 4, 8, 5, 7, 6, 100}, scratch[12];
    unsigned char done[12] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0};
    static const double want[5] = {1.45, 3.25, 5.5, 7.75, 9.55};
    dt_sweep_stats st;
    size_t k;

    (void)state;
    dt__mc_stats(x, done, 12, scratch, &st);
    assert_int_equal(st.n, 10);
    for (k = 0; k < 5; k++)
        DT_ASSERT_CLOSE(st.q[k], want[k], 0, 1e-12);
    DT_ASSERT_CLOSE(st.mean, 5.5, 0, 1e-12);
    DT_ASSERT_CLOSE(st.sd, 3.0276503540974917, 1e-12, 0);
}

/* Average ranks: ties share the mean of their positions. */
static void test_sweep__ranks_ties(void **state)
{
    double x[6] = {5, 1, 5, 3, 5, 0}, r[6];
    size_t idx[6];
    static const double want[6] = {5, 2, 5, 3, 5, 1};
    size_t k;

    (void)state;
    dt__mc_ranks(x, 6, idx, r);
    for (k = 0; k < 6; k++)
        DT_ASSERT_CLOSE(r[k], want[k], 0, 0);
}

static dt_scenario *parse(const char *yaml)
{
    dt_scenario *sc = NULL;
    dt_error err;
    dt_status rc = dt_scenario_parse(yaml, strlen(yaml), "t.yaml",
                                     DT_FORMAT_YAML, NULL, &sc, &err);

    if (rc != DT_OK)
        fail_msg("parse: %s (%u:%u)", err.msg, err.line, err.col);
    return sc;
}

/*
 * Three actors on one issue, saliences and capabilities fixed
 * (uncertainty all zero). Mean model weights w = c * s/100: a 50 x 1 =
 * 50, b 100 x 0.5 = 50, c 25 x 1 = 25, total 125, so the forecast is
 * f(X) = (50 X + 50 x 10 + 25 x 90) / 125 = 0.4 X + 22 with X a's
 * position. POS is replaced by a's position.
 */
static const char *const three =
    "name: three\n"
    "uncertainty: {position_sd: 0, salience_sd: 0, capability_cv: 0}\n"
    "issues:\n"
    "  - {id: x, name: X, status_quo: 50}\n"
    "actors:\n"
    "  - id: a\n"
    "    name: A\n"
    "    capability: 50\n"
    "    issues: {x: {position: POS, salience: 100}}\n"
    "  - id: b\n"
    "    name: B\n"
    "    capability: 100\n"
    "    issues: {x: {position: 10, salience: 50}}\n"
    "  - id: c\n"
    "    name: C\n"
    "    capability: 25\n"
    "    issues: {x: {position: 90, salience: SALC}}\n";

static dt_scenario *three_with(const char *pos, const char *salc)
{
    char buf[2048], *p;
    const char *s = three;
    size_t n = 0;

    while (*s && n < sizeof buf - 64) {
        if (strncmp(s, "POS", 3) == 0) {
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s", pos);
            s += 3;
        } else if (strncmp(s, "SALC", 4) == 0) {
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s", salc);
            s += 4;
        } else {
            buf[n++] = *s++;
        }
    }
    buf[n] = '\0';
    p = buf;
    return parse(p);
}

static dt_sweep *run_sweep(const dt_scenario *sc, const char *model, size_t n,
                           unsigned threads, int drop)
{
    const dt_model_type *m[1];
    dt_sweep_opts o = DT_SWEEP_OPTS_INIT;
    dt_sweep *s = NULL;
    dt_error err;

    m[0] = dt_model_find(model);
    o.models = m;
    o.n_models = 1;
    o.seed = 2026;
    o.n_draws = n;
    o.threads = threads;
    o.drop_each = drop;
    o.analysis = DT_SWEEP_ANALYSIS_OFF;
    if (dt_sweep_new(sc, &o, &s, &err) != DT_OK)
        fail_msg("new: %s", err.msg);
    if (dt_sweep_run(s, 0, n, &err) != DT_OK)
        fail_msg("run: %s", err.msg);
    if (dt_sweep_reduce(s, &err) != DT_OK)
        fail_msg("reduce: %s", err.msg);
    return s;
}

/*
 * a's position uniform on [20, 80]: the forecast is uniform on
 * [f(20), f(80)] = [30, 54], so Q(p) = 30 + 24 p: 31.2, 36, 42, 48, 52.8;
 * mean 42, sd 24 / sqrt(12) = 6.9282. With N = 20000 draws the sample
 * p-quantile has sd sqrt(p (1 - p) / N) / density = 24 sqrt(p (1 - p) /
 * N): 0.037 at p = 0.05, 0.085 at p = 0.5; the tolerance is 5 of those.
 * The mean's sd is 6.93 / sqrt(N) = 0.049 (tolerance 0.25); the sample
 * sd's is about sd sqrt((kurtosis - 1) / 4N) = 6.93 sqrt(0.8 / 80000) =
 * 0.022 (tolerance 0.11).
 */
static void test_sweep__uniform_mean_model_quantiles(void **state)
{
    dt_scenario *sc = three_with("{value: 50, range: [20, 80]}", "100");
    dt_sweep *s;
    const dt_sweep_stats *st;
    size_t k, n = 20000;

    (void)state;
    s = run_sweep(sc, "mean", n, 2, 0);
    assert_int_equal(dt_sweep_n_inputs(s), 1);
    assert_int_equal(dt_sweep_get_input(s, 0)->dist, DT_SPREAD_UNIFORM);
    st = dt_sweep_forecast_stats(s, 0, 0);
    assert_int_equal(st->n, n);
    for (k = 0; k < DT_SWEEP_NQ; k++) {
        double p = dt_sweep_levels[k];
        double tol = 5.0 * 24.0 * sqrt(p * (1.0 - p) / (double)n);

        DT_ASSERT_CLOSE(st->q[k], 30.0 + 24.0 * p, 0, tol);
    }
    DT_ASSERT_CLOSE(st->mean, 42.0, 0, 0.25);
    DT_ASSERT_CLOSE(st->sd, 24.0 / sqrt(12.0), 0, 0.11);
    /* Base forecast: f(50) = 42 exactly (up to rounding). */
    DT_ASSERT_CLOSE(dt_sweep_forecast_base(s, 0, 0), 42.0, 0, 1e-12);
    /* One input, forecast increasing in it: Spearman rho is exactly 1. */
    DT_ASSERT_CLOSE(dt_sweep_influence(s, 0, 0), 1.0, 0, 1e-12);
    dt_sweep_free(s);
    dt_scenario_free(sc);
}

/*
 * a's position normal(50, 10), truncation at 0 and 100 five sd away
 * (mass 6e-7, negligible): forecast normal(42, 4); Q(p) = 42 + 4 z_p
 * with z = -1.6449, -0.6745, 0, 0.6745, 1.6449. Quantile sd at N =
 * 20000: sqrt(p (1-p) / N) / phi(z_p) x 4 = 0.058 (p = 0.05), 0.035
 * (p = 0.5); tolerance 5 of those.
 */
static void test_sweep__normal_mean_model_quantiles(void **state)
{
    static const double z[5] = {-1.6448536269514722, -0.6744897501960817, 0,
                                0.6744897501960817, 1.6448536269514722};
    dt_scenario *sc = three_with("{value: 50, sd: 10}", "100");
    dt_sweep *s;
    const dt_sweep_stats *st;
    size_t k, n = 20000;

    (void)state;
    s = run_sweep(sc, "mean", n, 3, 0);
    st = dt_sweep_forecast_stats(s, 0, 0);
    for (k = 0; k < DT_SWEEP_NQ; k++) {
        double p = dt_sweep_levels[k];
        double dens =
            exp(-0.5 * z[k] * z[k]) / sqrt(2.0 * 3.14159265358979323846);
        double tol = 5.0 * 4.0 * sqrt(p * (1.0 - p) / (double)n) / dens;

        DT_ASSERT_CLOSE(st->q[k], 42.0 + 4.0 * z[k], 0, tol);
    }
    DT_ASSERT_CLOSE(st->sd, 4.0, 0, 0.1);
    dt_sweep_free(s);
    dt_scenario_free(sc);
}

/*
 * Truncation: a position of 0 with sd 10 on 0-100 is a half-normal:
 * every draw >= 0, median 10 Phi^-1(0.75) = 6.7449, mean 10 sqrt(2/pi)
 * = 7.9788 (tolerances: 5 standard errors at N = 20000).
 */
static void test_sweep__truncated_normal_is_half_normal(void **state)
{
    dt_scenario *sc = three_with("{value: 0, sd: 10}", "100");
    dt_sweep *s;
    const dt_sweep_stats *st;
    const double *x;
    size_t d, n = 20000;

    (void)state;
    s = run_sweep(sc, "mean", n, 1, 0);
    x = dt_sweep_input_draws(s, 0);
    for (d = 0; d < n; d++)
        assert_true(x[d] >= 0.0 && x[d] <= 100.0);
    st = dt_sweep_input_stats(s, 0);
    DT_ASSERT_CLOSE(st->q[2], 6.744897501960817, 0, 0.15);
    DT_ASSERT_CLOSE(st->mean, 7.978845608028654, 0, 0.22);
    dt_sweep_free(s);
    dt_scenario_free(sc);
}

/*
 * All uncertainty zero: no inputs, and every draw of every model equals
 * the forecast computed directly with dt_model_solve on the scenario's
 * own line (the path `detente forecast` takes).
 */
static void test_sweep__zero_uncertainty_is_deterministic(void **state)
{
    static const char *const models[] = {"mean", "median", "eu"};
    dt_scenario *sc;
    size_t k, d, i;

    (void)state;
    {
        char *buf =
            dt_test_slurp(dt_test_src("scenarios/hanoi-2019.yaml"), NULL);
        size_t len = strlen(buf);
        char *all = malloc(len + 128);

        assert_non_null(buf);
        snprintf(all, len + 128,
                 "%s\nuncertainty: {position_sd: 0, "
                 "salience_sd: 0, capability_cv: 0}\n",
                 buf);
        sc = parse(all);
        free(all);
        free(buf);
    }
    for (k = 0; k < 3; k++) {
        dt_sweep *s = run_sweep(sc, models[k], 50, 2, 0);

        assert_int_equal(dt_sweep_n_inputs(s), 0);
        for (i = 0; i < dt_scenario_n_issues(sc); i++) {
            dt_line *line;
            dt_model *m;
            dt_model_result r;
            const double *f = dt_sweep_forecasts(s, i, 0);

            assert_int_equal(dt_scenario_line(sc, i, 0, &line, NULL), DT_OK);
            assert_int_equal(dt_model_new(dt_model_find(models[k]), line->n,
                                          NULL, NULL, &m, NULL),
                             DT_OK);
            assert_int_equal(dt_model_solve(m, line, NULL, &r, NULL), DT_OK);
            for (d = 0; d < 50; d++)
                assert_memory_equal(&f[d], &r.point, sizeof r.point);
            assert_memory_equal(&r.point,
                                &(double){dt_sweep_forecast_base(s, i, 0)},
                                sizeof r.point);
            assert_true(dt_sweep_forecast_stats(s, i, 0)->sd == 0.0);
            dt_model_free(m);
            dt_line_free(line);
        }
        dt_sweep_free(s);
    }
    dt_scenario_free(sc);
}

/* Compare every stored value of two sweeps bit for bit. */
static void assert_same(const dt_sweep *a, const dt_sweep *b)
{
    size_t k, n = dt_sweep_n_draws(a);

    assert_int_equal(dt_sweep_n_outputs(a), dt_sweep_n_outputs(b));
    for (k = 0; k < dt_sweep_n_outputs(a); k++) {
        assert_memory_equal(dt_sweep_output_draws(a, k),
                            dt_sweep_output_draws(b, k), n * sizeof(double));
        assert_memory_equal(dt_sweep_output_stats(a, k),
                            dt_sweep_output_stats(b, k),
                            sizeof(dt_sweep_stats));
    }
    for (k = 0; k < dt_sweep_n_inputs(a); k++)
        assert_memory_equal(dt_sweep_input_draws(a, k),
                            dt_sweep_input_draws(b, k), n * sizeof(double));
}

/*
 * Anchorage with the built-in default uncertainty and the analysis: 1, 2
 * and 7 threads, and the draws run in three slices, store the same bits.
 */
static void test_sweep__threads_and_slices_agree(void **state)
{
    dt_scenario *sc = NULL;
    dt_sweep_opts o = DT_SWEEP_OPTS_INIT;
    dt_sweep *s[4];
    dt_error err;
    unsigned th[4] = {1, 2, 7, 2};
    size_t k, n = 60;

    (void)state;
    assert_int_equal(
        dt_scenario_load(dt_test_src("scenarios/anchorage-2025.yaml"), NULL,
                         &sc, &err),
        DT_OK);
    o.seed = 7;
    o.n_draws = n;
    o.drop_each = 1;
    for (k = 0; k < 4; k++) {
        o.threads = th[k];
        assert_int_equal(dt_sweep_new(sc, &o, &s[k], &err), DT_OK);
        if (k < 3) {
            assert_int_equal(dt_sweep_run(s[k], 0, n, &err), DT_OK);
        } else {
            assert_int_equal(dt_sweep_run(s[k], 40, n, &err), DT_OK);
            assert_int_equal(dt_sweep_run(s[k], 0, 13, &err), DT_OK);
            assert_int_equal(dt_sweep_run(s[k], 13, 40, &err), DT_OK);
        }
        assert_int_equal(dt_sweep_reduce(s[k], &err), DT_OK);
    }
    assert_true(dt_sweep_has_analysis(s[0]));
    assert_true(dt_sweep_n_inputs(s[0]) > 50);
    for (k = 1; k < 4; k++)
        assert_same(s[0], s[k]);
    for (k = 0; k < 4; k++)
        dt_sweep_free(s[k]);
    dt_scenario_free(sc);
}

/* Bitwise equality of two doubles (NaN included). */
#define ASSERT_BITS(x, y)                                                      \
    do {                                                                       \
        double bits_a_ = (x), bits_b_ = (y);                                   \
        assert_memory_equal(&bits_a_, &bits_b_, sizeof bits_a_);               \
    } while (0)

/* Compare every summary accessor of two reduced sweeps bit for bit. */
static void assert_same_summaries(const dt_sweep *a, const dt_sweep *b)
{
    const dt_scenario *sc = dt_sweep_scenario(a);
    size_t ni = dt_sweep_n_inputs(a), no = dt_sweep_n_outputs(a);
    size_t na = dt_scenario_n_actors(sc), nx = dt_scenario_n_issues(sc);
    size_t nm = dt_sweep_n_models(a), k, j, i, m, x;

    assert_int_equal(dt_sweep_n_done(a), dt_sweep_n_done(b));
    assert_int_equal(ni, dt_sweep_n_inputs(b));
    assert_int_equal(no, dt_sweep_n_outputs(b));
    for (k = 0; k < no; k++) {
        assert_memory_equal(dt_sweep_output_stats(a, k),
                            dt_sweep_output_stats(b, k),
                            sizeof(dt_sweep_stats));
        for (j = 0; j < ni; j++)
            ASSERT_BITS(dt_sweep_influence(a, k, j),
                        dt_sweep_influence(b, k, j));
        if (ni)
            assert_memory_equal(dt_sweep_influence_rank(a, k),
                                dt_sweep_influence_rank(b, k),
                                ni * sizeof(size_t));
    }
    for (j = 0; j < ni; j++)
        assert_memory_equal(dt_sweep_input_stats(a, j),
                            dt_sweep_input_stats(b, j), sizeof(dt_sweep_stats));
    ASSERT_BITS(dt_sweep_p_zone(a), dt_sweep_p_zone(b));
    for (x = 0; x < na; x++)
        ASSERT_BITS(dt_sweep_p_red_line(a, x), dt_sweep_p_red_line(b, x));
    assert_memory_equal(dt_sweep_durability_stats(a),
                        dt_sweep_durability_stats(b), sizeof(dt_sweep_stats));
    for (i = 0; i < nx; i++) {
        assert_memory_equal(dt_sweep_deal_stats(a, i),
                            dt_sweep_deal_stats(b, i), sizeof(dt_sweep_stats));
        for (m = 0; m < nm; m++) {
            assert_memory_equal(dt_sweep_forecast_stats(a, i, m),
                                dt_sweep_forecast_stats(b, i, m),
                                sizeof(dt_sweep_stats));
            assert_memory_equal(dt_sweep_drop_rank(a, i, m),
                                dt_sweep_drop_rank(b, i, m),
                                na * sizeof(size_t));
            for (x = 0; x < na; x++) {
                assert_memory_equal(dt_sweep_drop_stats(a, x, i, m),
                                    dt_sweep_drop_stats(b, x, i, m),
                                    sizeof(dt_sweep_stats));
                ASSERT_BITS(dt_sweep_drop_shift(a, x, i, m),
                            dt_sweep_drop_shift(b, x, i, m));
            }
        }
    }
}

/*
 * The serial definition of the influence table, transcribed from the
 * method (docs/analysis.md "Sweep"): for each result, the draws that are
 * done and where it is finite; ranks of the result and of each input
 * over them (average ranks for ties); Pearson's correlation of the
 * ranks, NaN when undefined, clipped to [-1, 1]; NaN with < 3 draws.
 * Also each column's statistics, one column at a time.
 */
static void assert_serial_reference(const dt_sweep *s)
{
    size_t n = dt_sweep_n_draws(s), ni = dt_sweep_n_inputs(s), k, j, d, m;
    double *vals = malloc((n + 1) * sizeof *vals);
    double *orank = malloc((n + 1) * sizeof *orank);
    double *irank = malloc((n + 1) * sizeof *irank);
    size_t *idx = malloc((n + 1) * sizeof *idx);
    unsigned char *done = malloc(n + 1);
    dt_sweep_stats st;
    size_t groups = 0;

    assert_true(vals && orank && irank && idx && done);
    for (d = 0; d < n; d++)
        done[d] = (unsigned char)dt_sweep_done(s, d);
    for (j = 0; j < ni; j++) {
        dt__mc_stats(dt_sweep_input_draws(s, j), done, n, vals, &st);
        assert_memory_equal(&st, dt_sweep_input_stats(s, j), sizeof st);
    }
    for (k = 0; k < dt_sweep_n_outputs(s); k++) {
        const double *y = dt_sweep_output_draws(s, k);

        dt__mc_stats(y, done, n, vals, &st);
        assert_memory_equal(&st, dt_sweep_output_stats(s, k), sizeof st);
        for (d = 0, m = 0; d < n; d++)
            if (done[d] && isfinite(y[d]))
                vals[m++] = y[d];
        groups += m < dt_sweep_n_done(s);
        if (m < 3) {
            for (j = 0; j < ni; j++)
                assert_true(isnan(dt_sweep_influence(s, k, j)));
            continue;
        }
        dt__mc_ranks(vals, m, idx, orank);
        for (j = 0; j < ni; j++) {
            const double *x = dt_sweep_input_draws(s, j);
            size_t t = 0;
            double r;

            for (d = 0; d < n; d++)
                if (done[d] && isfinite(y[d]))
                    vals[t++] = x[d];
            dt__mc_ranks(vals, m, idx, irank);
            r = gsl_stats_correlation(irank, 1, orank, 1, m);
            r = !isfinite(r) ? (double)NAN
                : r > 1.0    ? 1.0
                : r < -1.0   ? -1.0
                             : r;
            ASSERT_BITS(r, dt_sweep_influence(s, k, j));
        }
    }
    /* Some results count fewer draws than the done ones (deals). */
    assert_true(groups > 0);
    free(vals);
    free(orank);
    free(irank);
    free(idx);
    free(done);
}

/*
 * The reduction runs on the sweep's workers: the same draws (run once on
 * 7 threads, 100 of 120 done, some results blanked, copied record by
 * record into the three sweeps of 7, 1 and 2 threads) give the same bits in
 * every summary with 1, 2 and 7 threads, equal to the serial definition above.
 */
static void test_sweep__reduce_threads_agree(void **state)
{
    dt_scenario *sc = NULL;
    dt_sweep_opts o = DT_SWEEP_OPTS_INIT;
    dt_sweep *s[3];
    dt_error err;
    unsigned th[3] = {7, 1, 2};
    size_t k, d, ni, n = 120, ran = 100;
    double *rec;

    (void)state;
    assert_int_equal(
        dt_scenario_load(dt_test_src("scenarios/anchorage-2025.yaml"), NULL,
                         &sc, &err),
        DT_OK);
    o.seed = 11;
    o.n_draws = n;
    o.drop_each = 1;
    for (k = 0; k < 3; k++) {
        o.threads = th[k];
        assert_int_equal(dt_sweep_new(sc, &o, &s[k], &err), DT_OK);
    }
    assert_int_equal(dt_sweep_run(s[0], 0, ran, &err), DT_OK);
    /*
     * Every Anchorage draw has a deal, so give some results other masks:
     * results 1 and 3 miss every 4th draw (one group, not adjacent), 2
     * every 5th, and 4 has only 2 finite draws (too few: NaN).
     */
    ni = dt_sweep_n_inputs(s[0]);
    assert_true(dt_sweep_n_outputs(s[0]) > 4);
    rec = malloc(dt_sweep_record_size(s[0]) * sizeof *rec);
    assert_non_null(rec);
    for (d = 0; d < n; d++)
        if (dt_sweep_get_record(s[0], d, rec)) {
            if (d % 4 == 0)
                rec[ni + 1] = rec[ni + 3] = NAN;
            if (d % 5 == 0)
                rec[ni + 2] = NAN;
            if (d > 1)
                rec[ni + 4] = NAN;
            for (k = 0; k < 3; k++)
                dt_sweep_set_record(s[k], d, rec);
        }
    free(rec);
    for (k = 0; k < 3; k++) {
        assert_int_equal(dt_sweep_reduce(s[k], &err), DT_OK);
        assert_int_equal(dt_sweep_n_done(s[k]), ran);
    }
    assert_true(dt_sweep_has_analysis(s[0]));
    assert_true(dt_sweep_has_drop_each(s[0]));
    assert_serial_reference(s[1]);
    assert_true(isnan(dt_sweep_influence(s[1], 4, 0)));
    for (k = 1; k < 3; k++)
        assert_same_summaries(s[0], s[k]);
    /* A second reduce of the same sweep gives the same bits again. */
    assert_int_equal(dt_sweep_reduce(s[0], &err), DT_OK);
    assert_same_summaries(s[0], s[2]);
    for (k = 0; k < 3; k++)
        dt_sweep_free(s[k]);
    dt_scenario_free(sc);
}

/*
 * Drop-each on the three-actor case with a uniform: without b the
 * forecast is (50 X + 25 x 90) / 75 in every draw; without c it is
 * (50 X + 500) / 100; without a it is (500 + 2250) / 75 = 36.667.
 */
static void test_sweep__drop_each_by_formula(void **state)
{
    dt_scenario *sc = three_with("{value: 50, range: [20, 80]}", "100");
    dt_sweep *s;
    const double *x, *wa, *wb, *wc;
    size_t d, n = 500;

    (void)state;
    s = run_sweep(sc, "mean", n, 2, 1);
    assert_true(dt_sweep_has_drop_each(s));
    x = dt_sweep_input_draws(s, 0);
    wa = dt_sweep_drop_draws(s, 0, 0, 0);
    wb = dt_sweep_drop_draws(s, 1, 0, 0);
    wc = dt_sweep_drop_draws(s, 2, 0, 0);
    for (d = 0; d < n; d++) {
        DT_ASSERT_CLOSE(wa[d], 2750.0 / 75.0, 1e-12, 0);
        DT_ASSERT_CLOSE(wb[d], (50.0 * x[d] + 2250.0) / 75.0, 1e-12, 0);
        DT_ASSERT_CLOSE(wc[d], (50.0 * x[d] + 500.0) / 100.0, 1e-12, 0);
    }
    dt_sweep_free(s);
    dt_scenario_free(sc);
}

/*
 * An input with no effect: c's salience 0 makes its weight 0, so its
 * position (now uncertain through position_sd) cannot move the
 * forecast; its rho is within 5 / sqrt(N) of 0 (the null sd of
 * Spearman's rho is 1 / sqrt(N - 1)), while a's is 1 -ish.
 */
static void test_sweep__influence_ranks_the_input_that_matters(void **state)
{
    dt_scenario *sc;
    dt_sweep *s;
    const size_t *rank;
    size_t n = 4000, j, ja = 9, jc = 9;

    (void)state;
    sc = three_with("{value: 50, range: [20, 80]}", "0");
    s = run_sweep(sc, "mean", n, 2, 0);
    assert_int_equal(dt_sweep_n_inputs(s), 1);
    dt_sweep_free(s);
    dt_scenario_free(sc);
    {
        static const char *const y =
            "name: t\n"
            "uncertainty: {position_sd: 0, salience_sd: 0, capability_cv: "
            "0}\n"
            "issues: [{id: x, name: X}]\n"
            "actors:\n"
            "  - {id: a, name: A, capability: 50, issues: {x: {position: "
            "{value: 50, range: [20, 80]}, salience: 100}}}\n"
            "  - {id: b, name: B, capability: 100, issues: {x: {position: "
            "10, salience: 50}}}\n"
            "  - {id: c, name: C, capability: 25, issues: {x: {position: "
            "{value: 90, sd: 5}, salience: 0}}}\n";

        sc = parse(y);
    }
    s = run_sweep(sc, "mean", n, 2, 0);
    assert_int_equal(dt_sweep_n_inputs(s), 2);
    for (j = 0; j < 2; j++) {
        if (dt_sweep_get_input(s, j)->actor == 0)
            ja = j;
        if (dt_sweep_get_input(s, j)->actor == 2)
            jc = j;
    }
    assert_true(ja < 2 && jc < 2);
    DT_ASSERT_CLOSE(dt_sweep_influence(s, 0, ja), 1.0, 0, 1e-12);
    DT_ASSERT_CLOSE(dt_sweep_influence(s, 0, jc), 0.0, 0, 5.0 / sqrt(4000.0));
    rank = dt_sweep_influence_rank(s, 0);
    assert_int_equal(rank[0], ja);
    dt_sweep_free(s);
    dt_scenario_free(sc);
}

/* Counts the bytes allocated (growths), for the reduction's share. */
static void *counting_realloc(void *ud, void *p, size_t old, size_t n)
{
    size_t *total = ud;

    if (n == 0) {
        free(p);
        return NULL;
    }
    if (n > old)
        *total += n - old;
    return realloc(p, n);
}

/*
 * A result that never varies has no influence (every Spearman rho with
 * it is 0/0) and no table row: issue 18 found a 2,000-actor sweep
 * holding 6.9 GB of NaN rows for red lines nobody can cross. 200 issues,
 * 20 of them with an uncertain position for each of the 3 actors (60
 * inputs) and 180 fixed: the 180 fixed forecasts answer NaN for every
 * input and rank the inputs in their order; the others are computed as
 * before; and the reduction no longer allocates a table of every output
 * by every input (200 x 60 doubles, 96,000 bytes; before the fix it
 * allocated two such tables, influence and ranking, and more).
 */
static void test_sweep__constant_results_have_no_row(void **state)
{
    char *y = malloc(1 << 20);
    size_t n = 0, i, j, k, big = 0, ni, no;
    dt_allocator al = {counting_realloc, &big};
    dt_load_opts lo = DT_LOAD_OPTS_INIT;
    const dt_model_type *m[1] = {&dt_model_mean};
    dt_sweep_opts o = DT_SWEEP_OPTS_INIT;
    dt_scenario *sc = NULL;
    dt_sweep *s = NULL;
    dt_error err;
    const size_t *rank;

    (void)state;
    assert_non_null(y);
    n += (size_t)snprintf(y + n, (1 << 20) - n,
                          "name: t\nuncertainty: {position_sd: 0, "
                          "salience_sd: 0, capability_cv: 0}\nissues:\n");
    for (i = 0; i < 200; i++)
        n += (size_t)snprintf(y + n, (1 << 20) - n, "  - {id: i%zu, name: I}\n",
                              i);
    n += (size_t)snprintf(y + n, (1 << 20) - n, "actors:\n");
    for (k = 0; k < 3; k++) {
        n += (size_t)snprintf(y + n, (1 << 20) - n,
                              "  - id: a%zu\n    name: A\n    capability: "
                              "%zu\n    issues:\n",
                              k, 10 * (k + 1));
        for (i = 0; i < 200; i++)
            n += (size_t)snprintf(
                y + n, (1 << 20) - n,
                "      i%zu: {position: %s, salience: 50}\n", i,
                i < 20 ? "{value: 50, range: [20, 80]}" : "30");
    }
    lo.alloc = &al;
    if (dt_scenario_parse(y, n, "t.yaml", DT_FORMAT_YAML, &lo, &sc, &err) !=
        DT_OK)
        fail_msg("parse: %s (%u:%u)", err.msg, err.line, err.col);
    free(y);
    o.models = m;
    o.n_models = 1;
    o.seed = 7;
    o.n_draws = 10;
    o.threads = 2;
    o.analysis = DT_SWEEP_ANALYSIS_OFF;
    if (dt_sweep_new(sc, &o, &s, &err) != DT_OK ||
        dt_sweep_run(s, 0, 10, &err) != DT_OK)
        fail_msg("sweep: %s", err.msg);
    big = 0; /* what the reduction allocates */
    if (dt_sweep_reduce(s, &err) != DT_OK)
        fail_msg("reduce: %s", err.msg);
    ni = dt_sweep_n_inputs(s);
    no = dt_sweep_n_outputs(s);
    assert_int_equal(ni, 60);
    assert_int_equal(no, 200);
    for (k = 0; k < no; k++) {
        const dt_sweep_output *out = dt_sweep_get_output(s, k);
        size_t nonnan = 0;

        rank = dt_sweep_influence_rank(s, k);
        assert_non_null(rank);
        for (j = 0; j < ni; j++)
            nonnan += !isnan(dt_sweep_influence(s, k, j));
        if (out->issue >= 20) {
            assert_int_equal(nonnan, 0);
            for (j = 0; j < ni; j++)
                assert_int_equal(rank[j], j);
        } else {
            /* Computed for every input (10 draws: no ranking checked). */
            assert_int_equal(nonnan, ni);
        }
    }
    if (big >= no * ni * sizeof(double) || big == 0)
        fail_msg("the reduction allocated %zu bytes", big);
    dt_sweep_free(s);
    dt_scenario_free(sc);
}

/* Spreads parse into dt_value; the default block into dt_uncertainty. */
static void test_sweep__spread_parsing(void **state)
{
    dt_scenario *sc = three_with("{value: 50, range: [20, 80], note: n}",
                                 "{value: 100, sd: 7.5}");
    const dt_stake *a, *c;

    (void)state;
    a = dt_scenario_stake(sc, 0, 0);
    c = dt_scenario_stake(sc, 2, 0);
    assert_int_equal(a->position.spread.kind, DT_SPREAD_UNIFORM);
    assert_true(a->position.spread.lo == 20.0 && a->position.spread.hi == 80.0);
    assert_string_equal(a->position.note, "n");
    assert_int_equal(c->salience.spread.kind, DT_SPREAD_NORMAL);
    assert_true(c->salience.spread.sd == 7.5);
    assert_int_equal(c->position.spread.kind, DT_SPREAD_NONE);
    assert_true(dt_scenario_uncertainty(sc)->loc.line == 2);
    dt_scenario_free(sc);
}

static void test_sweep__bad_options(void **state)
{
    dt_scenario *sc = three_with("50", "100");
    dt_sweep_opts o = DT_SWEEP_OPTS_INIT;
    dt_sweep *s = NULL;
    dt_error err;

    (void)state;
    o.n_draws = 0;
    assert_int_equal(dt_sweep_new(sc, &o, &s, &err), DT_EINVAL);
    assert_null(s);
    o.n_draws = 10;
    assert_int_equal(dt_sweep_new(sc, &o, &s, &err), DT_OK);
    assert_int_equal(dt_sweep_run(s, 5, 11, &err), DT_EINVAL);
    dt_sweep_free(s);
    dt_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sweep__rng_stream_reference),
        cmocka_unit_test(test_sweep__rng_stream_distinct),
        cmocka_unit_test(test_sweep__quantile_type7),
        cmocka_unit_test(test_sweep__ranks_ties),
        cmocka_unit_test(test_sweep__uniform_mean_model_quantiles),
        cmocka_unit_test(test_sweep__normal_mean_model_quantiles),
        cmocka_unit_test(test_sweep__truncated_normal_is_half_normal),
        cmocka_unit_test(test_sweep__zero_uncertainty_is_deterministic),
        cmocka_unit_test(test_sweep__threads_and_slices_agree),
        cmocka_unit_test(test_sweep__reduce_threads_agree),
        cmocka_unit_test(test_sweep__drop_each_by_formula),
        cmocka_unit_test(test_sweep__influence_ranks_the_input_that_matters),
        cmocka_unit_test(test_sweep__constant_results_have_no_row),
        cmocka_unit_test(test_sweep__spread_parsing),
        cmocka_unit_test(test_sweep__bad_options),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
