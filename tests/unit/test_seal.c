/*
 * Tests of seal.h: the CRPS of an ensemble and the ledger's scores
 * (absolute error, CRPS, interval coverage, hit rates, Brier) against
 * hand computations on small records written here; SHA-256 against the
 * FIPS 180-2 test vector; seal then verify on a shipped scenario; what
 * resolve refuses. Every expected value is worked out in the comment
 * beside it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dt_test.h"

/* CRPS = mean|X - y| - 1/2 mean|X - X'| (n^2 pairs, i = j included). */
static void test_seal__crps_by_hand(void **state)
{
    static const double a[] = {1, 2, 3}, b[] = {0, 10}, c[] = {5};

    (void)state;
    /* {1,2,3}, y = 2: mean|X-y| = (1+0+1)/3 = 2/3; sum over ordered
     * pairs |xi-xj| = 2(1+2+1) = 8, /9 = 8/9, half 4/9: 2/3 - 4/9 = 2/9. */
    DT_ASSERT_REL(dt_crps_sorted(a, 3, 2), 2.0 / 9.0, 1e-15);
    /* y = 0: mean|X| = 2, minus 4/9: 14/9. */
    DT_ASSERT_REL(dt_crps_sorted(a, 3, 0), 14.0 / 9.0, 1e-15);
    /* {0,10}, y = 5: 5 - 1/2 (0+10+10+0)/4 = 5 - 2.5 = 2.5. */
    DT_ASSERT_REL(dt_crps_sorted(b, 2, 5), 2.5, 1e-15);
    /* One draw: the absolute error. */
    DT_ASSERT_REL(dt_crps_sorted(c, 1, 8), 3.0, 1e-15);
    assert_true(isnan(dt_crps_sorted(c, 0, 8)));
}

/* The O(n) formula against the O(n^2) definition on 200 draws. */
static void test_seal__crps_matches_pairs(void **state)
{
    double x[200], direct = 0, pairs = 0, y = 41.5;
    size_t i, j, n = 200;
    uint64_t r = 12345;

    (void)state;
    for (i = 0; i < n; i++) {
        r = r * 6364136223846793005ull + 1442695040888963407ull;
        x[i] = (double)(r >> 11) / 9007199254740992.0 * 100.0;
    }
    for (i = 1; i < n; i++) /* insertion sort */
        for (j = i; j > 0 && x[j - 1] > x[j]; j--) {
            double t = x[j];

            x[j] = x[j - 1];
            x[j - 1] = t;
        }
    for (i = 0; i < n; i++) {
        direct += fabs(x[i] - y);
        for (j = 0; j < n; j++)
            pairs += fabs(x[i] - x[j]);
    }
    direct = direct / (double)n - 0.5 * pairs / (double)(n * n);
    DT_ASSERT_REL(dt_crps_sorted(x, n, y), direct, 1e-12);
}

/* FIPS 180-2, appendix B.1: SHA-256("abc"). */
static void test_seal__sha256_vector(void **state)
{
    char hex[65];

    (void)state;
    dt_sha256_hex("abc", 3, hex);
    assert_string_equal(
        hex,
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

/* A record written by hand: the sections the scorer reads. */
#define REC(FCS, P, RES)                                                       \
    "{\"schema\": \"detente-seal/1\", \"input\": {}, \"detente\": {},"         \
    " \"options\": {}, \"analysis\": null, \"forecasts\": [" FCS "],"          \
    " \"rubric\": {\"issues\": [{\"issue\": \"x\"}], \"agreement\": "          \
    "{\"forecast\": " P "}}" RES "}"

/*
 * Record A: eu 40 in [30, 50], draws {30, 40, 50}; mean 60 in [55, 65],
 *   draw {60}; P(agreement) 0.8; observed x = 44, agreement yes.
 * Record B: eu 70 in [60, 80], draws {80, 60} (unsorted: the scorer
 *   sorts them); P 0.3; observed x = 50,
 *   agreement no.
 * Record C: unresolved (counted, not scored).
 *
 * eu: errors 4 and 20: MAE 12, within 5: 1/2, within 10: 1/2.
 *   CRPS A: mean|X-44| = (14+4+6)/3 = 8; pairs 2(10+20+10)/9 = 80/9,
 *   half 40/9: 8 - 40/9 = 32/9. CRPS B: (10+30)/2 = 20; pairs 2*20/4 =
 *   10, half 5: 15. Mean (32/9 + 15)/2 = 167/18. Coverage: 44 in [30,50]
 *   yes, 50 in [60,80] no: 1/2.
 * mean: error 16; within 5 and 10: 0; CRPS 16; coverage 0.
 * all: MAE 40/3; within 5: 1/3; within 10: 1/3; CRPS (32/9+15+16)/3 =
 *   311/27; coverage 1/3.
 * Brier: ((0.8-1)^2 + (0.3-0)^2)/2 = (0.04 + 0.09)/2 = 0.065.
 */
static const char REC_A[] =
    REC("{\"issue\": \"x\", \"model\": \"eu\", \"forecast\": 40, \"interval\": "
        "[30, 50], \"draws\": [30, 40, 50]}, {\"issue\": \"x\", \"model\": "
        "\"mean\", \"forecast\": 60, \"interval\": [55, 65], \"draws\": [60]}",
        "0.8",
        ", \"resolution\": {\"observed\": {\"x\": 44}, \"agreement\": true}");
static const char REC_B[] =
    REC("{\"issue\": \"x\", \"model\": \"eu\", \"forecast\": 70, "
        "\"interval\": [60, 80], \"draws\": [80, 60]}",
        "0.3",
        ", \"resolution\": {\"observed\": {\"x\": 50}, \"agreement\": false}");
static const char REC_C[] =
    REC("{\"issue\": \"x\", \"model\": \"eu\", \"forecast\": 10, "
        "\"interval\": [0, 20], \"draws\": [10]}",
        "0.5", "");

static void test_seal__ledger_by_hand(void **state)
{
    dt_seal *r[3];
    dt_seal_score *sc;
    const dt_seal_score_row *eu, *mean, *all;

    (void)state;
    assert_int_equal(dt_seal_parse(REC_A, strlen(REC_A), "a", &r[0], NULL),
                     DT_OK);
    assert_int_equal(dt_seal_parse(REC_B, strlen(REC_B), "b", &r[1], NULL),
                     DT_OK);
    assert_int_equal(dt_seal_parse(REC_C, strlen(REC_C), "c", &r[2], NULL),
                     DT_OK);
    assert_int_equal(dt_seal_score_new((const dt_seal *const *)r, 3, &sc, NULL),
                     DT_OK);
    assert_int_equal(sc->n_records, 3);
    assert_int_equal(sc->n_resolved, 2);
    assert_int_equal(sc->n_rows, 3);
    eu = &sc->rows[0];
    mean = &sc->rows[1];
    all = &sc->rows[2];
    assert_string_equal(eu->model, "eu");
    assert_string_equal(mean->model, "mean");
    assert_string_equal(all->model, "all");
    assert_int_equal(eu->n, 2);
    DT_ASSERT_REL(eu->mae, 12.0, 1e-15);
    DT_ASSERT_REL(eu->hit5, 0.5, 1e-15);
    DT_ASSERT_REL(eu->hit10, 0.5, 1e-15);
    DT_ASSERT_REL(eu->crps, 167.0 / 18.0, 1e-14);
    DT_ASSERT_REL(eu->coverage, 0.5, 1e-15);
    assert_int_equal(mean->n, 1);
    DT_ASSERT_REL(mean->mae, 16.0, 1e-15);
    DT_ASSERT_CLOSE(mean->hit10, 0.0, 0, 1e-15);
    DT_ASSERT_REL(mean->crps, 16.0, 1e-15);
    DT_ASSERT_CLOSE(mean->coverage, 0.0, 0, 1e-15);
    assert_int_equal(all->n, 3);
    DT_ASSERT_REL(all->mae, 40.0 / 3.0, 1e-15);
    DT_ASSERT_REL(all->hit5, 1.0 / 3.0, 1e-15);
    DT_ASSERT_REL(all->hit10, 1.0 / 3.0, 1e-15);
    DT_ASSERT_REL(all->crps, 311.0 / 27.0, 1e-14);
    DT_ASSERT_REL(all->coverage, 1.0 / 3.0, 1e-15);
    assert_int_equal(sc->n_brier, 2);
    DT_ASSERT_REL(sc->brier, 0.065, 1e-14);
    dt_seal_score_free(sc);
    dt_seal_free(r[0]);
    dt_seal_free(r[1]);
    dt_seal_free(r[2]);
}

static void test_seal__not_a_record(void **state)
{
    static const char bad[] = "{\"schema\": \"detente-seal/1\",\n \"input\": ";
    static const char other[] = "{\"schema\": \"detente-sweep/1\"}";
    dt_seal *s;
    dt_error err;

    (void)state;
    assert_int_equal(dt_seal_parse(bad, strlen(bad), "r.json", &s, &err),
                     DT_ESCENARIO);
    assert_null(s);
    assert_string_equal(err.file, "r.json");
    assert_int_equal(err.line, 2);
    assert_int_equal(dt_seal_parse(other, strlen(other), "o.json", &s, &err),
                     DT_ESCENARIO);
    assert_non_null(strstr(err.msg, "schema"));
}

/* Seal a shipped scenario, verify it, resolve it; what resolve refuses. */
static void test_seal__seal_verify_resolve(void **state)
{
    static const char *const models[] = {"mean", "eu"};
    dt_seal_opts o = DT_SEAL_OPTS_INIT;
    dt_seal_check chk;
    dt_seal *s;
    dt_error err;

    (void)state;
    o.models = models;
    o.n_models = 2;
    o.n_draws = 40;
    o.seed = 11;
    assert_int_equal(
        dt_seal_new(dt_test_src("scenarios/hanoi-2019.yaml"), &o, &s, &err),
        DT_OK);
    assert_int_equal(dt_seal_verify(s, NULL, 2, &chk, &err), DT_OK);
    assert_int_equal(chk.n_diffs, 0);
    assert_int_equal(dt_seal_resolve(s, "scope", 40, &err), DT_OK);
    assert_int_equal(dt_seal_resolve_agreement(s, 0, &err), DT_OK);
    /* The resolution is not sealed: still reproduced. */
    assert_int_equal(dt_seal_verify(s, NULL, 1, &chk, &err), DT_OK);
    assert_int_equal(chk.n_diffs, 0);
    assert_int_equal(dt_seal_resolve(s, "nope", 40, &err), DT_EINVAL);
    assert_non_null(strstr(err.msg, "scope"));
    assert_int_equal(dt_seal_resolve(s, "scope", 101, &err), DT_EINVAL);
    assert_int_equal(dt_seal_resolve(s, "scope", NAN, &err), DT_EINVAL);
    /* Another input file: named, with its hash. */
    assert_int_equal(
        dt_seal_verify(s, dt_test_src("scenarios/anchorage-2025.yaml"), 1, &chk,
                       &err),
        DT_OK);
    assert_true(chk.n_diffs >= 1);
    assert_int_equal(chk.diffs[0].kind, DT_SEAL_DIFF_INPUT);
    assert_non_null(strstr(chk.diffs[0].what, "SHA-256"));
    dt_seal_free(s);
    o.n_models = 1;
    o.models = (const char *const[]){"oracle"};
    assert_int_equal(
        dt_seal_new(dt_test_src("scenarios/hanoi-2019.yaml"), &o, &s, &err),
        DT_EINVAL);
    assert_null(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seal__crps_by_hand),
        cmocka_unit_test(test_seal__crps_matches_pairs),
        cmocka_unit_test(test_seal__sha256_vector),
        cmocka_unit_test(test_seal__ledger_by_hand),
        cmocka_unit_test(test_seal__not_a_record),
        cmocka_unit_test(test_seal__seal_verify_resolve),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
