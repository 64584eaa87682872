/*
 * Tests of the backtest: the DEU reader (and its errors with line and
 * column), the Council-weight convention, the compromise baseline of
 * tests/data/README.md reproduced exactly, a small backtest checked by
 * hand, cross-validation and bootstrap invariants, and the CLI command.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "dt_test.h"

#define DEV "deu3/issues-dev.csv"

static dt_deu *parse(const char *text, dt_status want, dt_error *err)
{
    dt_deu *d = NULL;

    assert_int_equal(dt_deu_parse(text, strlen(text), "t.csv", NULL, &d, err),
                     want);
    return d;
}

static dt_deu *load_dev(void)
{
    dt_deu *d = NULL;
    dt_error err;

    assert_int_equal(dt_deu_load(dt_test_data(DEV), NULL, &d, &err), DT_OK);
    return d;
}

/*
 * The baselines of tests/data/README.md on the 250 scoreable dev
 * issues: compromise (capability x salience weighted mean) 23.71 with
 * the Council-weight convention, 24.11 with equal capability. The
 * README's figures have two decimals, so the test allows +-0.005.
 */
static void test_backtest__compromise_baseline(void **state)
{
    static const char *const only_mean[] = {"mean", NULL};
    dt_backtest_opts o = DT_BACKTEST_OPTS_INIT;
    dt_deu *d = load_dev();
    dt_backtest *b = NULL;
    const dt_backtest_score *s;
    size_t no_out, few;
    dt_error err;

    (void)state;
    o.models = only_mean;
    o.bootstrap = 20;
    assert_int_equal(dt_backtest_run(d, &o, &b, &err), DT_OK);
    assert_int_equal(dt_backtest_n_scored(b), 250);
    /* Counted independently with a short script: 8 rows have no
     * outcome, 2 of the others fewer than 3 coded actors. */
    assert_int_equal(dt_backtest_skipped(b, &no_out, &few), 10);
    assert_int_equal(no_out, 8);
    assert_int_equal(few, 2);
    s = dt_backtest_score_at(b, 0);
    assert_string_equal(s->name, "mean");
    assert_int_equal(s->n, 250);
    DT_ASSERT_CLOSE(s->mae, 23.71, 0.0, 0.005);
    /* The yardstick against itself: exactly zero. */
    DT_ASSERT_CLOSE(s->diff, 0.0, 0.0, 0.0);
    DT_ASSERT_CLOSE(s->diff_lo, 0.0, 0.0, 0.0);
    dt_backtest_free(b);
    o.capability = DT_CAPABILITY_EQUAL;
    assert_int_equal(dt_backtest_run(d, &o, &b, &err), DT_OK);
    DT_ASSERT_CLOSE(dt_backtest_score_at(b, 0)->mae, 24.11, 0.0, 0.005);
    dt_backtest_free(b);
    dt_deu_free(d);
}

/* The dev file as parsed: 260 rows, 30 actors, 97 proposals. */
static void test_backtest__reads_dev_file(void **state)
{
    dt_deu *d = load_dev();
    const dt_deu_issue *is;

    (void)state;
    assert_int_equal(dt_deu_n_issues(d), 260);
    assert_int_equal(dt_deu_n_actors(d), 30);
    assert_int_equal(dt_deu_n_proposals(d), 97);
    assert_string_equal(dt_deu_actor(d, 0), "com");
    /* First row: d00032i1, rp 0, outcome 100, 17 coded actors, dates
     * 2000-01-26 and 2001-05-30. */
    is = dt_deu_issue_at(d, 0);
    assert_string_equal(is->proposal, "d00032");
    assert_string_equal(is->id, "d00032i1");
    assert_int_equal(is->has_rp, 1);
    DT_ASSERT_REL(is->rp, 0.0, 0.0);
    DT_ASSERT_REL(is->outcome, 100.0, 0.0);
    assert_int_equal(is->n, 17);
    assert_int_equal(is->year, 2001);
    assert_int_equal(is->final_year, 2001);
    assert_int_equal(is->line, 2);
    /* com: position 100, salience 50 */
    DT_ASSERT_REL(is->x[0], 100.0, 0.0);
    DT_ASSERT_REL(is->s[0], 50.0, 0.0);
    assert_null(dt_deu_issue_at(d, 260));
    dt_deu_free(d);
}

/* The convention of the data README, rescaled so the maximum is 100. */
static void test_backtest__council_weights(void **state)
{
    (void)state;
    DT_ASSERT_REL(dt_deu_council_weight("de", 2000), 100.0, 1e-15);
    DT_ASSERT_REL(dt_deu_council_weight("lu", 2000), 20.0, 1e-15);
    DT_ASSERT_REL(dt_deu_council_weight("es", 2003), 80.0, 1e-15);
    DT_ASSERT_REL(dt_deu_council_weight("pl", 2001), 0.0, 0.0);
    DT_ASSERT_REL(dt_deu_council_weight("mt", 2010), 300.0 / 29.0, 1e-15);
    DT_ASSERT_REL(dt_deu_council_weight("bu", 2008), 1000.0 / 29.0, 1e-15);
    DT_ASSERT_REL(dt_deu_council_weight("com", 2008), 100.0, 0.0);
    DT_ASSERT_REL(dt_deu_council_weight("ep", 2017), 100.0, 0.0);
    DT_ASSERT_REL(dt_deu_council_weight("de", 2017), 100.0, 1e-15);
    assert_true(dt_deu_council_weight("fr", 2017) < 100.0);
    assert_true(dt_deu_council_weight("xx", 2000) < 0.0);
}

static const char *const hdr =
    "prnr,isnr,rp,outcome,final_act_date,p_aa,p_bb,p_cc,s_aa,s_bb,s_cc\n";

/* Errors name the file, line and column. */
static void test_backtest__reader_errors(void **state)
{
    char buf[1024];
    dt_error err;

    (void)state;
    parse("prnr,isnr,rp,p_aa,s_aa\n", DT_ESCENARIO, &err);
    assert_string_equal(err.msg, "missing column 'outcome'");
    assert_string_equal(err.file, "t.csv");
    parse("prnr,isnr,rp,outcome,p_aa,s_bb\n", DT_ESCENARIO, &err);
    assert_non_null(strstr(err.msg, "'p_aa' has no matching"));
    assert_int_equal(err.line, 1);
    assert_int_equal(err.col, 22);
    parse("prnr,isnr,rp,outcome\n", DT_ESCENARIO, &err);
    assert_non_null(strstr(err.msg, "no actor columns"));
    parse("", DT_ESCENARIO, &err);
    /* Non-numeric cell: line 3, column of "abc" (byte 25). */
    snprintf(buf, sizeof buf,
             "%sp1,p1i1,0,50,2001-01-01,10,20,30,40,50,60\n"
             "p1,p1i2,0,50,2001-01-01,abc,20,30,40,50,60\n",
             hdr);
    parse(buf, DT_ESCENARIO, &err);
    assert_int_equal(err.line, 3);
    assert_int_equal(err.col, 25);
    assert_non_null(strstr(err.msg, "'abc' in column 'p_aa' is not a number"));
    /* Out of the 0-100 scale. */
    snprintf(buf, sizeof buf, "%sp1,p1i1,0,150,,10,20,30,40,50,60\n", hdr);
    parse(buf, DT_ESCENARIO, &err);
    assert_non_null(strstr(err.msg, "outside 0-100"));
    /* Ragged row. */
    snprintf(buf, sizeof buf, "%sp1,p1i1,0,50,,10,20\n", hdr);
    parse(buf, DT_ESCENARIO, &err);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "7 fields, but the header has 11"));
    /* Bad date. */
    snprintf(buf, sizeof buf, "%sp1,p1i1,0,50,May 2001,10,20,30,40,50,60\n",
             hdr);
    parse(buf, DT_ESCENARIO, &err);
    assert_non_null(strstr(err.msg, "not a date"));
    /* Unterminated quote. */
    snprintf(buf, sizeof buf, "%s\"p1,p1i1,0,50\n", hdr);
    parse(buf, DT_ESCENARIO, &err);
    assert_non_null(strstr(err.msg, "unterminated"));
    assert_true(dt_deu_is_header(hdr));
    assert_false(dt_deu_is_header("Actor,Capability,Position,Salience\n"));
    assert_int_equal(
        dt_deu_load("/nonexistent/x.csv", NULL, &(dt_deu *){0}, &err), DT_EIO);
}

/*
 * The DEU dialect ends a record at the byte after a closing quote, so one
 * line can hold many records: 200 here, "x<k>,1,2,3,4,"5"y" each, i.e.
 * outcome 2, rp 3, one actor at 4 with salience 5. The issues array was
 * sized by counting LFs (2 here) and overflowed (seen under ASan).
 */
static void test_backtest__records_after_quotes(void **state)
{
    static char buf[8192];
    size_t n;
    int k;
    dt_error err;
    dt_deu *d;
    const dt_deu_issue *is;

    (void)state;
    n = (size_t)snprintf(buf, sizeof buf, "prnr,isnr,outcome,rp,p_a,s_a\n");
    for (k = 0; k < 200; k++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "x%d,1,2,3,4,\"5\"y", k);
    d = parse(buf, DT_OK, &err);
    assert_int_equal(dt_deu_n_issues(d), 200);
    is = dt_deu_issue_at(d, 199);
    assert_string_equal(is->proposal, "x199");
    assert_true(is->outcome == 2 && is->rp == 3 && is->n == 1);
    assert_true(is->x[0] == 4 && is->s[0] == 5);
    dt_deu_free(d);
}

/*
 * A small data set checked by hand (equal capability). Four proposals,
 * one issue each (plus one issue with two actors, skipped, and one with
 * no outcome, skipped):
 *   p1: x (10, 20, 90), s (50, 50, 100): mean (5 + 10 + 90) / 2 = 52.5,
 *       outcome 60: error 7.5
 *   p2: x (0, 100, 100), s (60, 20, 20): mean 40 / 1 = 40; outcome 30: 10
 *   p3: x (30, 30, 60), s (10, 10, 20): mean (3 + 3 + 12) / 0.4 = 45;
 *       outcome 45: 0
 *   p4: x (100, 0, 50), s (25, 25, 50): mean (25 + 0 + 25) / 1 = 50;
 *       outcome 20: 30
 * MAE (7.5 + 10 + 0 + 30) / 4 = 11.875; RMSE sqrt((56.25 + 100 + 0 +
 * 900) / 4) = sqrt(264.0625) = 16.25; median |e| (7.5 + 10) / 2 = 8.75.
 * Median model: p1 weights .5,.5,1 -> half 1 reached at 20 (cum 1):
 * 20, error 40; p2 weights .6,.2,.2: 0 (cum .6 >= .5), error 30; p3: 30
 * (cum .2 >= .2), error 15; p4 sorted 0 (.25), 50 (.75 >= .5): 50,
 * error 30. MAE 28.75; the difference from mean 28.75 - 11.875 = 16.875.
 */
static const char *const small =
    "prnr,isnr,rp,outcome,final_act_date,p_aa,p_bb,p_cc,s_aa,s_bb,s_cc\n"
    "p1,p1i1,0,60,2001-01-01,10,20,90,50,50,100\n"
    "p1,p1i2,0,60,2001-01-01,10,20,,50,50,\n"
    "p2,p2i1,,30,2001-01-01,0,100,100,60,20,20\n"
    "p3,p3i1,100,45,2001-01-01,30,30,60,10,10,20\n"
    "p3,p3i2,100,,2001-01-01,30,30,60,10,10,20\n"
    "\n"
    "p4,p4i1,0,20,2001-01-01,100,0,50,25,25,50\n";

static void test_backtest__small_by_hand(void **state)
{
    static const char *const models[] = {"median", "nbs", NULL};
    dt_backtest_opts o = DT_BACKTEST_OPTS_INIT;
    dt_deu *d;
    dt_backtest *b = NULL, *b2 = NULL;
    const dt_backtest_score *s;
    size_t no_out, few, k, m;
    dt_error err;

    (void)state;
    d = parse(small, DT_OK, &err);
    assert_int_equal(dt_deu_n_issues(d), 6);
    assert_int_equal(dt_deu_n_proposals(d), 4);
    o.models = models;
    o.capability = DT_CAPABILITY_EQUAL;
    o.folds = 2;
    o.bootstrap = 200;
    o.seed = 2385;
    assert_int_equal(dt_backtest_run(d, &o, &b, &err), DT_OK);
    assert_int_equal(dt_backtest_skipped(b, &no_out, &few), 2);
    assert_int_equal(no_out, 1);
    assert_int_equal(few, 1);
    assert_int_equal(dt_backtest_n_models(b), 3); /* mean always runs */
    s = dt_backtest_score_at(b, 0);
    DT_ASSERT_REL(s->mae, 11.875, 1e-14);
    DT_ASSERT_REL(s->rmse, 16.25, 1e-14);
    DT_ASSERT_REL(s->median_ae, 8.75, 1e-14);
    s = dt_backtest_score_at(b, 1);
    assert_string_equal(s->name, "median");
    DT_ASSERT_REL(s->mae, 28.75, 1e-14);
    DT_ASSERT_REL(s->diff, 16.875, 1e-14);
    /* Every resample's difference lies between the smallest (p4: 30 - 30
     * = 0) and largest (p1: 40 - 7.5 = 32.5) per-proposal difference. */
    assert_true(s->diff_lo >= 0.0 && s->diff_hi <= 32.5);
    assert_true(s->diff_lo <= s->diff && s->diff <= s->diff_hi);
    /* nbs: p2 has no reference point (no forecast); 3 issues. */
    s = dt_backtest_score_at(b, 2);
    assert_int_equal(s->n, 3);
    assert_int_equal(s->n_diff, 3);
    /* Issues of one proposal share a fold; same seed, same run. */
    assert_int_equal(dt_backtest_run(d, &o, &b2, &err), DT_OK);
    for (k = 0; k < dt_backtest_n_scored(b); k++) {
        unsigned f1, f2;

        assert_int_equal(dt_backtest_issue(b, k, &f1),
                         dt_backtest_issue(b2, k, &f2));
        assert_int_equal(f1, f2);
        assert_true(f1 < 2);
        for (m = 0; m < 3; m++) {
            double p1, l1, h1, p2, l2, h2;

            dt_backtest_prediction(b, k, m, &p1, &l1, &h1);
            dt_backtest_prediction(b2, k, m, &p2, &l2, &h2);
            assert_memory_equal(&p1, &p2, sizeof p1);
            assert_memory_equal(&l1, &l2, sizeof l1);
        }
    }
    DT_ASSERT_REL(dt_backtest_score_at(b2, 1)->diff_lo,
                  dt_backtest_score_at(b, 1)->diff_lo, 0.0);
    dt_backtest_free(b);
    dt_backtest_free(b2);
    dt_deu_free(d);
}

/*
 * smp takes part, one run per proposal over its scored issues, checked
 * on structural properties rather than against dt_smp itself (equal
 * capability; docs/accuracy.md gives the conventions):
 *   q1 (two issues): every actor with a stake sits at 40 on q1i1 and at
 *       70 on q1i2. dd is not coded on q1i1 and cc not on q1i2: they get
 *       salience 0 there (at the reference point 0), so they pull
 *       nothing, and a bargain only mixes positions that agree. Forecasts
 *       40 and 70; outcomes 50 and 70: errors 10 and 0.
 *   q2 (one issue): aa at 20 and bb at 80, mirrored, same salience; cc is
 *       coded with salience 0 everywhere, so it has no attention to give
 *       and leaves the run. Two mirrored actors: by symmetry (x -> 100 -
 *       x with aa <-> bb) the forecast is the midpoint 50; outcome 30:
 *       error 20.
 * MAE (10 + 0 + 20) / 3 = 10. Had the missing actors kept a salience, or
 * cc stayed in with its position, q1i2 or q2i1 would move off 70 or 50.
 */
static const char *const smp_fixture =
    "prnr,isnr,rp,outcome,p_aa,p_bb,p_cc,p_dd,s_aa,s_bb,s_cc,s_dd\n"
    "q1,q1i1,0,50,40,40,40,,50,80,30,\n"
    "q1,q1i2,0,70,70,70,,70,60,20,,90\n"
    "q2,q2i1,,30,20,80,50,,50,50,0,\n";

static void test_backtest__smp_takes_part(void **state)
{
    static const char *const models[] = {"smp", "smp-pce", NULL};
    dt_backtest_opts o = DT_BACKTEST_OPTS_INIT;
    dt_deu *d;
    dt_backtest *b = NULL;
    const dt_backtest_score *s;
    const char *const *names = dt_backtest_model_names();
    double want[3] = {40.0, 70.0, 50.0}, pt, lo, hi;
    size_t k, m;
    int listed = 0;
    dt_error err;

    (void)state;
    for (k = 0; names[k]; k++)
        listed |= strcmp(names[k], "smp") == 0;
    assert_true(listed);
    d = parse(smp_fixture, DT_OK, &err);
    o.models = models;
    o.capability = DT_CAPABILITY_EQUAL;
    o.folds = 2;
    o.bootstrap = 50;
    assert_int_equal(dt_backtest_run(d, &o, &b, &err), DT_OK);
    assert_int_equal(dt_backtest_n_scored(b), 3);
    assert_int_equal(dt_backtest_n_models(b), 3); /* mean, smp, smp-pce */
    /*
     * smp-pce: the PCE mean over the final positions. On q1 every actor
     * with a stake ends where they all agree (40, 70), whatever the
     * probabilities; on q2 the two mirrored actors get equal
     * probabilities by symmetry, so the mean is again the midpoint 50.
     */
    for (m = 1; m <= 2; m++) {
        s = dt_backtest_score_at(b, m);
        assert_string_equal(s->name, m == 1 ? "smp" : "smp-pce");
        assert_int_equal(s->n, 3);
        DT_ASSERT_CLOSE(s->mae, 10.0, 0.0, 1e-9);
        for (k = 0; k < 3; k++) {
            assert_int_equal(dt_backtest_issue(b, k, NULL), k);
            dt_backtest_prediction(b, k, m, &pt, &lo, &hi);
            DT_ASSERT_CLOSE(pt, want[k], 0.0, 1e-9);
        }
    }
    dt_backtest_free(b);
    /* All models (smp included) run on the small hand-checked set. */
    dt_deu_free(d);
    d = parse(small, DT_OK, &err);
    o.models = NULL;
    assert_int_equal(dt_backtest_run(d, &o, &b, &err), DT_OK);
    listed = 0;
    for (k = 0; k < dt_backtest_n_models(b); k++)
        if (strcmp(dt_backtest_score_at(b, k)->name, "smp") == 0) {
            listed = 1;
            assert_int_equal(dt_backtest_score_at(b, k)->n, 4);
        }
    assert_true(listed);
    dt_backtest_free(b);
    dt_deu_free(d);
}

/* z_{0.975} + z_{0.80} (Bloom 1995, Table 1: 2.80 for a two-sided 5%
 * test with 80% power). */
#define MDD_MULT 2.8015852181

/*
 * The scoring rules on the small set (equal capability), by hand. The
 * compromise forecasts are 52.5, 40, 45, 50 against outcomes 60, 30, 45,
 * 20 (errors 7.5, 10, 0, 30); median's are 20, 0, 30, 50 (errors 40,
 * 30, 15, 30). With both sds 0 every measurement-error draw is the point
 * forecast, so the CRPS is the absolute error and an interval of the
 * draws covers only an exact hit (p3i1).
 */
static void test_backtest__scoring_rules_by_hand(void **state)
{
    static const char *const models[] = {"median", NULL};
    dt_backtest_opts o = DT_BACKTEST_OPTS_INIT;
    const dt_backtest_score *s;
    dt_backtest *b = NULL;
    const double *dr;
    dt_error err;
    dt_deu *d;
    size_t k;
    unsigned r;

    (void)state;
    d = parse(small, DT_OK, &err);
    o.models = models;
    o.capability = DT_CAPABILITY_EQUAL;
    o.folds = 2;
    o.bootstrap = 200;
    o.seed = 2385;
    o.draws = 4;
    o.position_sd = 0.0;
    o.salience_sd = 0.0;
    assert_int_equal(dt_backtest_run(d, &o, &b, &err), DT_OK);
    s = dt_backtest_score_at(b, 0);
    /* Within 5: only the 0; within 10: 7.5, 10 and 0. */
    DT_ASSERT_REL(s->hit5, 0.25, 1e-15);
    DT_ASSERT_REL(s->hit10, 0.75, 1e-15);
    assert_int_equal(s->n_crps, 4);
    DT_ASSERT_REL(s->crps, 11.875, 1e-14);
    DT_ASSERT_REL(s->cover50, 0.25, 1e-15);
    DT_ASSERT_REL(s->cover80, 0.25, 1e-15);
    assert_true(isnan(s->mdd)); /* nothing to detect against itself */
    s = dt_backtest_score_at(b, 1);
    DT_ASSERT_CLOSE(s->hit5, 0.0, 0.0, 0.0);
    DT_ASSERT_CLOSE(s->hit10, 0.0, 0.0, 0.0);
    DT_ASSERT_REL(s->crps, 28.75, 1e-14);
    DT_ASSERT_REL(s->crps_diff, 16.875, 1e-14);
    DT_ASSERT_CLOSE(s->cover50, 0.0, 0.0, 0.0);
    /*
     * Paired differences by proposal 32.5, 20, 15, 0 (mean 16.875,
     * deviations 15.625, 3.125, -1.875, -16.875, squares summing to
     * 542.1875). Clustered (one issue per proposal): SE^2 = 542.1875 /
     * 4^2; independent: s^2 = 542.1875 / 3, SE^2 = s^2 / 4. The same
     * for the CRPS, which equals the absolute error here.
     */
    DT_ASSERT_REL(s->mdd, MDD_MULT * sqrt(542.1875 / 16.0), 1e-9);
    DT_ASSERT_REL(s->mdd_iid, MDD_MULT * sqrt(542.1875 / 3.0 / 4.0), 1e-9);
    DT_ASSERT_REL(s->crps_mdd, MDD_MULT * sqrt(542.1875 / 16.0), 1e-9);
    /* Hits against mean's, issue by issue: within 10 points -1, -1, -1, 0
     * (mean -0.75); within 5 points 0, 0, -1, 0 (mean -0.25). */
    DT_ASSERT_REL(s->hit10_diff, -0.75, 1e-15);
    DT_ASSERT_REL(s->hit5_diff, -0.25, 1e-15);
    assert_true(s->hit10_diff_lo >= -1.0 && s->hit10_diff_hi <= 0.0);
    /* Each resample's mean lies between the per-proposal extremes. */
    assert_true(s->crps_diff_lo >= 0.0 && s->crps_diff_hi <= 32.5);
    for (k = 0; k < dt_backtest_n_scored(b); k++) {
        double pt;

        dt_backtest_prediction(b, k, 1, &pt, NULL, NULL);
        dr = dt_backtest_draws(b, k, 1);
        assert_non_null(dr);
        for (r = 0; r < 4; r++)
            DT_ASSERT_REL(dr[r], pt, 1e-12);
    }
    dt_backtest_free(b);
    /* Without draws: no CRPS, no draws, the hit rates all the same. */
    o.draws = 0;
    assert_int_equal(dt_backtest_run(d, &o, &b, &err), DT_OK);
    s = dt_backtest_score_at(b, 0);
    assert_true(isnan(s->crps) && isnan(s->cover50) && s->n_crps == 0);
    DT_ASSERT_REL(s->hit10, 0.75, 1e-15);
    assert_null(dt_backtest_draws(b, 0, 0));
    dt_backtest_free(b);
    dt_deu_free(d);
}

/*
 * With spreads, the draws move the inputs: the forecasts spread, stay on
 * the 0-100 scale, and the same seed gives the same draws.
 */
static void test_backtest__draws_are_seeded(void **state)
{
    static const char *const models[] = {"median", NULL};
    dt_backtest_opts o = DT_BACKTEST_OPTS_INIT;
    dt_backtest *b = NULL, *b2 = NULL;
    dt_error err;
    dt_deu *d;
    size_t k, m, moved = 0;
    unsigned r;

    (void)state;
    d = parse(small, DT_OK, &err);
    o.models = models;
    o.capability = DT_CAPABILITY_EQUAL;
    o.folds = 2;
    o.bootstrap = 20;
    o.seed = 41;
    o.draws = 6;
    assert_int_equal(dt_backtest_run(d, &o, &b, &err), DT_OK);
    assert_int_equal(dt_backtest_run(d, &o, &b2, &err), DT_OK);
    for (k = 0; k < dt_backtest_n_scored(b); k++)
        for (m = 0; m < 2; m++) {
            const double *x = dt_backtest_draws(b, k, m);
            const double *y = dt_backtest_draws(b2, k, m);

            assert_memory_equal(x, y, 6 * sizeof *x);
            for (r = 0; r < 6; r++) {
                assert_true(x[r] >= 0.0 && x[r] <= 100.0);
                moved += x[r] != x[0];
            }
        }
    assert_true(moved > 0);
    assert_true(dt_backtest_score_at(b, 0)->crps > 0.0);
    dt_backtest_free(b);
    dt_backtest_free(b2);
    o.draws = 100001;
    assert_int_equal(dt_backtest_run(d, &o, &b, &err), DT_EINVAL);
    o.draws = 2;
    o.position_sd = -1.0;
    assert_int_equal(dt_backtest_run(d, &o, &b, &err), DT_EINVAL);
    dt_deu_free(d);
}

/*
 * The Council's voting rule (counvte) and the scores per rule. The small
 * set's issues with p1 and p3 under QMV ("QMV(10)" is QMV), p2 and p4
 * under unanimity: the compromise errors are 7.5 and 0 (QMV, MAE 3.75)
 * and 10 and 30 (unanimity, MAE 20).
 */
static const char *const ruled =
    "prnr,isnr,rp,outcome,counvte,p_aa,p_bb,p_cc,s_aa,s_bb,s_cc\n"
    "p1,p1i1,0,60,QMV,10,20,90,50,50,100\n"
    "p2,p2i1,,30,Unan,0,100,100,60,20,20\n"
    "p3,p3i1,100,45,QMV(10),30,30,60,10,10,20\n"
    "p4,p4i1,0,20,unanimity,100,0,50,25,25,50\n"
    "p5,p5i1,0,,,100,0,50,25,25,50\n";

static void test_backtest__voting_rule(void **state)
{
    static const char *const models[] = {"median", NULL};
    dt_backtest_opts o = DT_BACKTEST_OPTS_INIT;
    const dt_backtest_score *s;
    dt_backtest *b = NULL;
    dt_error err;
    dt_deu *d;

    (void)state;
    d = parse(ruled, DT_OK, &err);
    assert_int_equal(dt_deu_issue_at(d, 0)->rule, DT_DEU_RULE_QMV);
    assert_int_equal(dt_deu_issue_at(d, 1)->rule, DT_DEU_RULE_UNANIMITY);
    assert_int_equal(dt_deu_issue_at(d, 2)->rule, DT_DEU_RULE_QMV);
    assert_int_equal(dt_deu_issue_at(d, 3)->rule, DT_DEU_RULE_UNANIMITY);
    assert_int_equal(dt_deu_issue_at(d, 4)->rule, DT_DEU_RULE_UNKNOWN);
    o.models = models;
    o.capability = DT_CAPABILITY_EQUAL;
    o.folds = 2;
    o.bootstrap = 50;
    assert_int_equal(dt_backtest_run(d, &o, &b, &err), DT_OK);
    assert_int_equal(dt_backtest_n_rule(b, DT_DEU_RULE_QMV), 2);
    assert_int_equal(dt_backtest_n_rule(b, DT_DEU_RULE_UNANIMITY), 2);
    assert_int_equal(dt_backtest_n_rule(b, DT_DEU_RULE_UNKNOWN), 0);
    s = dt_backtest_score_rule(b, 0, DT_DEU_RULE_QMV);
    assert_int_equal(s->n, 2);
    DT_ASSERT_REL(s->mae, 3.75, 1e-14);
    s = dt_backtest_score_rule(b, 0, DT_DEU_RULE_UNANIMITY);
    assert_int_equal(s->n, 2);
    DT_ASSERT_REL(s->mae, 20.0, 1e-14);
    /* median: errors 40, 15 (QMV, MAE 27.5) and 30, 30 (unanimity, MAE
     * 30, 10 more than the compromise's 20). */
    DT_ASSERT_REL(dt_backtest_score_rule(b, 1, DT_DEU_RULE_QMV)->mae, 27.5,
                  1e-14);
    DT_ASSERT_REL(dt_backtest_score_rule(b, 1, DT_DEU_RULE_UNANIMITY)->diff,
                  10.0, 1e-14);
    assert_true(dt_backtest_score_rule(b, 0, DT_DEU_RULE_UNKNOWN) ==
                dt_backtest_score_at(b, 0));
    assert_null(dt_backtest_score_rule(b, 2, DT_DEU_RULE_QMV));
    dt_backtest_free(b);
    dt_deu_free(d);
}

/*
 * Folds are fixed by proposal id before fitting: the same ids in another
 * order of rows get the same folds, the K folds differ by at most one
 * proposal, and the run uses exactly these folds.
 */
static void test_backtest__folds_by_id(void **state)
{
    static const char *const shuffled =
        "prnr,isnr,rp,outcome,final_act_date,p_aa,p_bb,p_cc,s_aa,s_bb,s_cc\n"
        "p4,p4i1,0,20,2001-01-01,100,0,50,25,25,50\n"
        "p3,p3i2,100,,2001-01-01,30,30,60,10,10,20\n"
        "p2,p2i1,,30,2001-01-01,0,100,100,60,20,20\n"
        "p1,p1i2,0,60,2001-01-01,10,20,,50,50,\n"
        "p3,p3i1,100,45,2001-01-01,30,30,60,10,10,20\n"
        "p1,p1i1,0,60,2001-01-01,10,20,90,50,50,100\n";
    dt_backtest_opts o = DT_BACKTEST_OPTS_INIT;
    dt_deu *d = parse(small, DT_OK, NULL), *e = parse(shuffled, DT_OK, NULL);
    unsigned fd[6], fe[6], count[2] = {0, 0}, f;
    dt_backtest *b = NULL;
    size_t i, j, k;
    dt_error err;

    (void)state;
    o.capability = DT_CAPABILITY_EQUAL;
    o.folds = 2;
    o.bootstrap = 10;
    o.seed = 77;
    o.models = (const char *const[]){"median", NULL};
    assert_int_equal(dt_backtest_folds(d, &o, fd, &err), DT_OK);
    assert_int_equal(dt_backtest_folds(e, &o, fe, &err), DT_OK);
    for (i = 0; i < 6; i++) {
        const dt_deu_issue *is = dt_deu_issue_at(d, i);

        /* Unscored: p1i2 (2 actors) and p3i2 (no outcome). */
        assert_int_equal(fd[i] == UINT_MAX, i == 1 || i == 4);
        for (j = 0; j < 6; j++)
            if (strcmp(dt_deu_issue_at(e, j)->id, is->id) == 0)
                assert_int_equal(fe[j], fd[i]);
    }
    /* 4 proposals in 2 folds: 2 each (p1, p2, p3, p4 are issues 0, 2, 3,
     * 5). */
    count[fd[0]]++;
    count[fd[2]]++;
    count[fd[3]]++;
    count[fd[5]]++;
    assert_int_equal(count[0], 2);
    assert_int_equal(count[1], 2);
    assert_int_equal(dt_backtest_run(d, &o, &b, &err), DT_OK);
    for (k = 0; k < dt_backtest_n_scored(b); k++) {
        i = dt_backtest_issue(b, k, &f);
        assert_int_equal(f, fd[i]);
    }
    dt_backtest_free(b);
    o.folds = 5;
    assert_int_equal(dt_backtest_folds(d, &o, fd, &err), DT_EINVAL);
    assert_non_null(strstr(err.msg, "fewer than the 5 folds"));
    dt_deu_free(d);
    dt_deu_free(e);
}

/*
 * ensemble-rule fits one set of weights per voting rule on the training
 * folds. Every issue has the compromise at 40 (positions 0, 0, 100 with
 * saliences 30, 30, 40) and the weighted median at 0; QMV issues end at
 * 0, unanimity issues at 40. Whenever a fold's training issues include
 * both rules, the weights are median 1 (QMV) and mean 1 (unanimity), and
 * every out-of-fold forecast is exact: MAE 0. One set for all issues
 * (ensemble) cannot do that.
 */
static void test_backtest__ensemble_by_rule(void **state)
{
    static const char *const models[] = {"median", "ensemble", "ensemble-rule",
                                         NULL};
    char buf[2048];
    size_t len = 0, p, i, k;
    dt_backtest_opts o = DT_BACKTEST_OPTS_INIT;
    dt_backtest *b = NULL;
    unsigned fold[8], seed;
    dt_error err;
    dt_deu *d;

    (void)state;
    len += (size_t)snprintf(
        buf + len, sizeof buf - len,
        "prnr,isnr,rp,outcome,counvte,p_aa,p_bb,p_cc,s_aa,s_bb,s_cc\n");
    for (p = 0; p < 8; p++)
        len += (size_t)snprintf(buf + len, sizeof buf - len,
                                "e%zu,e%zui1,0,%s,%s,0,0,100,30,30,40\n", p, p,
                                p % 2 ? "40" : "0", p % 2 ? "Unan" : "QMV");
    d = parse(buf, DT_OK, &err);
    o.models = models;
    o.capability = DT_CAPABILITY_EQUAL;
    o.folds = 2;
    o.bootstrap = 20;
    /* A seed whose folds each hold both rules (so each training set does). */
    for (seed = 1;; seed++) {
        unsigned has[2][3] = {{0}};

        o.seed = seed;
        assert_int_equal(dt_backtest_folds(d, &o, fold, &err), DT_OK);
        for (i = 0; i < 8; i++)
            has[fold[i]][dt_deu_issue_at(d, i)->rule] = 1;
        if (has[0][1] && has[0][2] && has[1][1] && has[1][2])
            break;
        assert_true(seed < 1000);
    }
    assert_int_equal(dt_backtest_run(d, &o, &b, &err), DT_OK);
    assert_string_equal(dt_backtest_score_at(b, 3)->name, "ensemble-rule");
    DT_ASSERT_CLOSE(dt_backtest_score_at(b, 3)->mae, 0.0, 0.0, 1e-12);
    assert_true(dt_backtest_score_at(b, 2)->mae > 5.0);
    for (k = 0; k < 2; k++)
        assert_string_equal(dt_backtest_fitted(b, 3, (unsigned)k),
                            "QMV: median 1.0; unanimity: mean 1.0");
    dt_backtest_free(b);
    dt_deu_free(d);
}

/* Allocator that fails from the n-th allocation on (frees always work). */
typedef struct torture {
    long left; /* allocations still allowed; < 0 = fail */
} torture;

static void *torture_realloc(void *ud, void *p, size_t old, size_t n)
{
    torture *t = ud;

    (void)old;
    if (n == 0) {
        free(p);
        return NULL;
    }
    if (t->left-- <= 0)
        return NULL;
    return realloc(p, n);
}

/* Every allocation failure of the reader and of the exchange model gives
 * DT_ENOMEM and leaks nothing (LeakSanitizer checks in the ASan build). */
static void test_backtest__allocation_failures(void **state)
{
    double x[] = {100, 100, 0, 0}, s[] = {0.8, 0.2, 0.3, 0.6};
    double c[] = {2, 2, 1, 1};
    dt_exchange_problem p = {2, 2, x, s, c};
    torture t;
    dt_allocator a = {torture_realloc, &t};
    dt_error err;
    long n;
    int done = 0;

    (void)state;
    for (n = 0; !done; n++) {
        dt_deu *d = NULL;
        dt_status rc;

        t.left = n;
        rc = dt_deu_parse(small, strlen(small), "t.csv", &a, &d, &err);
        if (rc == DT_OK) {
            assert_int_equal(dt_deu_n_issues(d), 6);
            dt_deu_free(d);
            done = 1;
        } else {
            assert_int_equal(rc, DT_ENOMEM);
            assert_null(d);
        }
        assert_true(n < 10000);
    }
    for (n = 0, done = 0; !done; n++) {
        dt_exchange_result r = DT_EXCHANGE_RESULT_INIT;
        dt_status rc;

        t.left = n;
        rc = dt_exchange_solve(&p, NULL, &a, &r, &err);
        if (rc == DT_OK) {
            assert_int_equal(r.n_moves, 1);
            dt_exchange_result_release(&r, &a);
            done = 1;
        } else {
            assert_int_equal(rc, DT_ENOMEM);
            assert_null(r.outcome);
        }
        assert_true(n < 10000);
    }
}

/* Allocator that fails the n-th allocation on and counts live bytes. */
typedef struct counting {
    long left;      /* allocations still allowed; < 0 = fail */
    long long live; /* bytes allocated and not freed */
} counting;

static void *counting_realloc(void *ud, void *p, size_t old, size_t n)
{
    counting *t = ud;
    void *q;

    if (n == 0) {
        t->live -= (long long)old;
        free(p);
        return NULL;
    }
    if (t->left-- <= 0)
        return NULL;
    q = realloc(p, n);
    if (q)
        t->live += (long long)n - (long long)old;
    return q;
}

/*
 * The run allocates through the data set's allocator (its tables, the
 * scenarios it builds, the forecasts): every failure gives DT_ENOMEM
 * and frees everything it took.
 */
static void test_backtest__run_allocation_failures(void **state)
{
    dt_backtest_opts o = DT_BACKTEST_OPTS_INIT;
    counting t = {1L << 30, 0};
    dt_allocator a = {counting_realloc, &t};
    dt_deu *d = NULL;
    dt_error err;
    long n;

    (void)state;
    assert_int_equal(dt_deu_parse(small, strlen(small), "t.csv", &a, &d, &err),
                     DT_OK);
    o.capability = DT_CAPABILITY_EQUAL;
    o.capability_source = "ones.csv";
    o.folds = 2;
    o.bootstrap = 20;
    o.draws = 2; /* the measurement-error copies fail cleanly too */
    for (n = 0;; n++) {
        long long before = t.live;
        dt_backtest *b = NULL;
        dt_status rc;

        t.left = n;
        rc = dt_backtest_run(d, &o, &b, &err);
        if (rc == DT_OK) {
            assert_int_equal(dt_backtest_n_models(b), 9);
            assert_string_equal(dt_backtest_options(b)->capability_source,
                                "ones.csv");
            assert_true(dt_backtest_data(b) == d);
            dt_backtest_free(b);
            assert_int_equal(t.live, before);
            break;
        }
        assert_int_equal(rc, DT_ENOMEM);
        assert_null(b);
        assert_int_equal(t.live, before);
        assert_true(n < 100000);
    }
    t.left = 1L << 30;
    dt_deu_free(d);
    assert_int_equal(t.live, 0);
}

/*
 * Issue numbers and actor codes the scenario format does not take as ids
 * (a space, a repeat, a non-ASCII code) still run: the scenarios of the
 * backtest name them after their line or column instead.
 */
static void test_backtest__odd_ids(void **state)
{
    static const char *const text =
        "prnr,isnr,rp,outcome,p_a a,p_bb,p_c\xc3\xa9,s_a a,s_bb,s_c\xc3\xa9\n"
        "p1,i 1,0,60,10,20,90,50,50,100\n"
        "p1,i 1,0,50,10,20,90,50,50,100\n"
        "p2,i2,0,30,0,100,100,60,20,20\n"
        "p3,i3,0,45,30,30,60,10,10,20\n";
    static const char *const models[] = {"median", "exchange", "smp", NULL};
    dt_backtest_opts o = DT_BACKTEST_OPTS_INIT;
    dt_backtest *b = NULL;
    dt_deu *d;
    dt_error err;
    double pt;
    size_t m;

    (void)state;
    d = parse(text, DT_OK, &err);
    o.models = models;
    o.capability = DT_CAPABILITY_EQUAL;
    o.folds = 2;
    o.bootstrap = 10;
    assert_int_equal(dt_backtest_run(d, &o, &b, &err), DT_OK);
    assert_int_equal(dt_backtest_n_scored(b), 4);
    for (m = 0; m < 4; m++) {
        assert_int_equal(dt_backtest_score_at(b, m)->n, 4);
        dt_backtest_prediction(b, 0, m, &pt, NULL, NULL);
        assert_false(isnan(pt));
    }
    dt_backtest_free(b);
    dt_deu_free(d);
}

/* A growing buffer behind a dt_write_fn. */
typedef struct membuf {
    char *p;
    size_t n, cap;
} membuf;

static dt_status membuf_write(void *ud, const void *p, size_t n)
{
    membuf *m = ud;

    if (m->n + n + 1 > m->cap) {
        m->cap = 2 * (m->n + n + 1);
        m->p = realloc(m->p, m->cap);
        assert_non_null(m->p);
    }
    memcpy(m->p + m->n, p, n);
    m->n += n;
    m->p[m->n] = '\0';
    return DT_OK;
}

/* The document in `fmt`, NUL-terminated (caller frees). */
static char *render(const dt_doc *d, dt_doc_format fmt)
{
    membuf m = {NULL, 0, 0};
    dt_error err;

    membuf_write(&m, "", 0);
    assert_int_equal(dt_doc_write(d, fmt, membuf_write, &m, &err), DT_OK);
    return m.p;
}

/* The backtest's document and JSON, from the library. */
static void test_backtest__documents(void **state)
{
    static const char *const models[] = {"median", "nbs", NULL};
    dt_backtest_opts o = DT_BACKTEST_OPTS_INIT;
    dt_doc_opts dopts = DT_DOC_OPTS_INIT;
    membuf m = {NULL, 0, 0};
    dt_backtest *b = NULL;
    dt_doc *doc = NULL;
    json_t *js, *ms;
    json_error_t je;
    dt_deu *d;
    dt_error err;
    char *text;

    (void)state;
    d = parse(small, DT_OK, &err);
    o.models = models;
    o.capability = DT_CAPABILITY_EQUAL;
    o.folds = 2;
    o.bootstrap = 20;
    o.seed = 7;
    assert_int_equal(dt_backtest_run(d, &o, &b, &err), DT_OK);
    assert_string_equal(dt_backtest_capability_name(b), "equal");
    assert_int_equal(dt_doc_new(NULL, &doc, &err), DT_OK);
    assert_int_equal(dt_backtest_doc(b, NULL, doc, &err), DT_OK);

    text = render(doc, DT_DOC_TEXT);
    assert_non_null(strstr(
        text, "backtest: t.csv (DEU wide format), 4 scoreable issues of 6; "
              "skipped 2 (1 without an outcome, 1 with fewer than 3 "
              "actors)\ncapability: equal; 2 folds over proposals; 20 "
              "bootstrap resamples; seed 7\n\n  model            n     MAE  "
              "med AE    RMSE  MAE - mean [95% CI]         cover  width\n  "
              "mean             4   11.88    8.75   16.25  0.00 [0.00, 0.00]"
              "    "));
    assert_non_null(strstr(text, "\n  median           4   28.75 "));
    assert_non_null(strstr(text, "\n\n  fitted on training folds (fold 1):"
                                 "\n    nbs           "));
    free(text);

    text = render(doc, DT_DOC_MARKDOWN);
    assert_non_null(strstr(
        text, "| model | n | MAE | median AE | RMSE | MAE - mean | 95% CI | "
              "80% coverage | width |\n|---|---:|---:|---:|---:|---:|---|---"
              ":|---:|\n| mean | 4 | 11.88 | 8.75 | 16.25 | 0.00 | [0.00, "
              "0.00] |"));
    assert_non_null(strstr(text, "\n\n4 scoreable issues; skipped 2 (1 "
                                 "without an outcome, 1 with fewer than 3 "
                                 "actors). Capability: equal; 2 folds; 20 "
                                 "bootstrap resamples; seed 7.\n"));
    assert_null(strstr(text, "fitted on"));
    free(text);

    /* CSV: the predictions; p2 has no reference point (empty rp, and nbs
     * gives no forecast there). */
    text = render(doc, DT_DOC_CSV);
    assert_int_equal(strncmp(text,
                             "proposal,issue,fold,outcome,rp,mean,mean_lo,"
                             "mean_hi,median,median_lo,median_hi,nbs,nbs_lo,"
                             "nbs_hi\np1,p1i1,",
                             strlen("proposal,issue,fold,outcome,rp,mean,"
                                    "mean_lo,mean_hi,median,median_lo,"
                                    "median_hi,nbs,nbs_lo,nbs_hi\np1,p1i1,")),
                     0);
    assert_non_null(strstr(text, "\np2,p2i1,"));
    assert_non_null(strstr(text, ",30,,40,"));
    assert_non_null(strstr(text, ",,,\np3,p3i1,"));
    free(text);
    dt_doc_free(doc);

    dopts.file = "named.csv";
    assert_int_equal(dt_backtest_write_json(b, &dopts, membuf_write, &m, &err),
                     DT_OK);
    js = json_loads(m.p, 0, &je);
    assert_non_null(js);
    assert_string_equal(json_string_value(json_object_get(js, "file")),
                        "named.csv");
    assert_string_equal(json_string_value(json_object_get(js, "capability")),
                        "equal");
    assert_int_equal(json_integer_value(json_object_get(js, "n")), 4);
    assert_int_equal(json_integer_value(json_object_get(js, "seed")), 7);
    ms = json_object_get(js, "models");
    assert_int_equal(json_array_size(ms), 3);
    DT_ASSERT_REL(
        json_real_value(json_object_get(json_array_get(ms, 0), "mae")), 11.875,
        1e-14);
    assert_int_equal(
        json_array_size(json_object_get(json_array_get(ms, 2), "fitted")), 2);
    json_decref(js);
    free(m.p);
    dt_backtest_free(b);
    dt_deu_free(d);
}

static void test_backtest__bad_options(void **state)
{
    static const char *const bogus[] = {"mean", "oracle", NULL};
    dt_backtest_opts o = DT_BACKTEST_OPTS_INIT;
    dt_deu *d;
    dt_backtest *b = NULL;
    dt_error err;

    (void)state;
    d = parse(small, DT_OK, &err);
    o.capability = DT_CAPABILITY_EQUAL;
    o.folds = 5; /* only 4 proposals */
    assert_int_equal(dt_backtest_run(d, &o, &b, &err), DT_EINVAL);
    assert_non_null(strstr(err.msg, "fewer than the 5 folds"));
    o.folds = 1;
    assert_int_equal(dt_backtest_run(d, &o, &b, &err), DT_EINVAL);
    o.folds = 2;
    o.models = bogus;
    assert_int_equal(dt_backtest_run(d, &o, &b, &err), DT_EINVAL);
    assert_non_null(strstr(err.msg, "unknown model 'oracle'"));
    o.models = NULL;
    o.level = 1.0;
    assert_int_equal(dt_backtest_run(d, &o, &b, &err), DT_EINVAL);
    o.level = 0.8;
    /* Council weights do not know the actors "aa", "bb", "cc". */
    o.capability = DT_CAPABILITY_COUNCIL;
    assert_int_equal(dt_backtest_run(d, &o, &b, &err), DT_EINVAL);
    assert_non_null(strstr(err.msg, "no Council weight for actor 'aa'"));
    assert_null(b);
    dt_deu_free(d);
}

static char tmpdir[] = "/tmp/dt_bt_XXXXXX";

static int setup(void **state)
{
    (void)state;
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[256];

    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");

    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Run the tool; returns the exit status, stdout in *out (caller frees). */
static int run(const char *args, char **out, char **err)
{
    char cmd[4096], o[300], e[300];
    int st;

    snprintf(o, sizeof o, "%s/stdout", tmpdir);
    snprintf(e, sizeof e, "%s/stderr", tmpdir);
    snprintf(cmd, sizeof cmd, "'%s' %s >'%s' 2>'%s'", DT_CLI_PATH, args, o, e);
    st = system(cmd);
    *out = dt_test_slurp(o, NULL);
    *err = dt_test_slurp(e, NULL);
    assert_non_null(*out);
    assert_non_null(*err);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* A capability table of all ones gives the equal-capability figure. */
static void test_backtest__capability_table(void **state)
{
    char path[512], args[2048], *out, *err;
    dt_deu *d = load_dev();
    double *v = NULL;
    dt_error e;
    size_t a;
    FILE *f;

    (void)state;
    snprintf(path, sizeof path, "%s/ones.csv", tmpdir);
    f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "actor,capability\n");
    for (a = 0; a < dt_deu_n_actors(d); a++)
        fprintf(f, "%s,1\n", dt_deu_actor(d, a));
    fclose(f);
    assert_int_equal(dt_deu_capability_load(d, path, &v, &e), DT_OK);
    dt_deu_capability_free(d, v);
    snprintf(args, sizeof args,
             "backtest '%s' --capability '%s' --models mean --format json "
             "--bootstrap 10 --seed 3",
             dt_test_data(DEV), path);
    assert_int_equal(run(args, &out, &err), 0);
    assert_non_null(strstr(out, "\"mae\": 24.11"));
    free(out);
    free(err);
    /* Unknown actor. */
    write_file(path, "actor,capability\nde,29\nzz,3\n");
    assert_int_equal(dt_deu_capability_load(d, path, &v, &e), DT_ESCENARIO);
    assert_int_equal(e.line, 3);
    assert_non_null(strstr(e.msg, "unknown actor 'zz'"));
    /* Actor coded in the data but absent. */
    write_file(path, "actor,capability\nde,29\n");
    assert_int_equal(dt_deu_capability_load(d, path, &v, &e), DT_ESCENARIO);
    assert_non_null(strstr(e.msg, "no capability for actor 'com'"));
    write_file(path, "actor,capability\nde,-2\n");
    assert_int_equal(dt_deu_capability_load(d, path, &v, &e), DT_ESCENARIO);
    write_file(path, "name,weight\n");
    assert_int_equal(dt_deu_capability_load(d, path, &v, &e), DT_ESCENARIO);
    snprintf(args, sizeof args, "backtest '%s' --capability '%s'",
             dt_test_data(DEV), path);
    assert_int_equal(run(args, &out, &err), 3);
    assert_non_null(strstr(err, "actor,capability"));
    free(out);
    free(err);
    dt_deu_free(d);
}

/*
 * The capability table comes from the data set's allocator and goes back
 * through dt_deu_capability_free: every failed allocation gives DT_ENOMEM,
 * *out NULL and nothing left allocated.
 */
static void test_backtest__capability_table_allocation_failures(void **state)
{
    counting t = {1L << 30, 0};
    dt_allocator a = {counting_realloc, &t};
    dt_deu *d = NULL;
    char path[512];
    dt_error e;
    size_t k;
    FILE *f;
    long n;

    (void)state;
    assert_int_equal(dt_deu_parse(small, strlen(small), "t.csv", &a, &d, &e),
                     DT_OK);
    snprintf(path, sizeof path, "%s/small_caps.csv", tmpdir);
    f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "actor,capability\n");
    for (k = 0; k < dt_deu_n_actors(d); k++)
        fprintf(f, "%s,%zu\n", dt_deu_actor(d, k), k + 1);
    fclose(f);
    for (n = 0;; n++) {
        long long before = t.live;
        double *v = (double *)&before; /* must come back NULL on failure */
        dt_status rc;

        t.left = n;
        rc = dt_deu_capability_load(d, path, &v, &e);
        if (rc == DT_OK) {
            assert_true(n > 0);
            for (k = 0; k < dt_deu_n_actors(d); k++)
                DT_ASSERT_REL(v[k], (double)(k + 1), 0.0);
            dt_deu_capability_free(d, v);
            assert_int_equal(t.live, before);
            break;
        }
        assert_int_equal(rc, DT_ENOMEM);
        assert_null(v);
        assert_int_equal(t.live, before);
        assert_true(n < 1000);
    }
    t.left = 1L << 30;
    dt_deu_capability_free(d, NULL);
    dt_deu_free(d);
    assert_int_equal(t.live, 0);
}

/* The command: JSON shape, predictions CSV, exit codes. */
static void test_backtest__cli(void **state)
{
    char args[2048], path[512], *out, *err, *csv;
    json_t *doc, *models, *m0, *dv;
    json_error_t je;
    size_t lines = 0, k;

    (void)state;
    snprintf(args, sizeof args,
             "backtest '%s' --models mean,median --format json --bootstrap "
             "50 --seed 11 --folds 5 --out '%s/preds'",
             dt_test_data(DEV), tmpdir);
    assert_int_equal(run(args, &out, &err), 0);
    doc = json_loads(out, 0, &je);
    assert_non_null(doc);
    assert_int_equal(json_integer_value(json_object_get(doc, "skipped")), 10);
    assert_int_equal(json_integer_value(json_object_get(doc, "seed")), 11);
    models = json_object_get(doc, "models");
    assert_int_equal(json_array_size(models), 2);
    m0 = json_array_get(models, 0);
    assert_string_equal(json_string_value(json_object_get(m0, "name")), "mean");
    assert_int_equal(json_integer_value(json_object_get(m0, "n")), 250);
    DT_ASSERT_CLOSE(json_real_value(json_object_get(m0, "mae")), 23.71, 0.0,
                    0.005);
    assert_non_null(json_object_get(m0, "median_ae"));
    assert_non_null(json_object_get(m0, "rmse"));
    dv = json_object_get(json_array_get(models, 1), "diff_vs_mean");
    assert_non_null(json_object_get(dv, "estimate"));
    assert_non_null(json_object_get(dv, "lo"));
    assert_non_null(json_object_get(dv, "hi"));
    assert_non_null(strstr(err, "seed 11, 10 issues skipped"));
    json_decref(doc);
    free(out);
    free(err);
    snprintf(path, sizeof path, "%s/preds/predictions.csv", tmpdir);
    csv = dt_test_slurp(path, NULL);
    assert_non_null(csv);
    for (k = 0; csv[k]; k++)
        lines += csv[k] == '\n';
    assert_int_equal(lines, 251);
    assert_true(
        strncmp(csv, "proposal,issue,fold,outcome,rp,mean,mean_lo,", 44) == 0);
    free(csv);
    /* Table: the seed and the skipped count are printed. */
    snprintf(args, sizeof args,
             "backtest '%s' --models mean --bootstrap 5 --seed 4",
             dt_test_data(DEV));
    assert_int_equal(run(args, &out, &err), 0);
    assert_non_null(strstr(out, "skipped 10"));
    assert_non_null(strstr(out, "seed 4"));
    free(out);
    free(err);
    /* Not DEU. */
    snprintf(args, sizeof args, "backtest '%s'",
             dt_test_data("bdm1994-ec-emissions/actors.csv"));
    assert_int_equal(run(args, &out, &err), 3);
    assert_non_null(strstr(err, "not in the DEU wide format"));
    free(out);
    free(err);
    /* Forced: the missing columns are named. */
    snprintf(args, sizeof args, "backtest --data deu '%s'",
             dt_test_data("bdm1994-ec-emissions/actors.csv"));
    assert_int_equal(run(args, &out, &err), 3);
    assert_non_null(strstr(err, "missing column 'prnr'"));
    free(out);
    free(err);
    snprintf(args, sizeof args, "backtest '%s' --folds x", dt_test_data(DEV));
    assert_int_equal(run(args, &out, &err), 2);
    free(out);
    free(err);
    snprintf(args, sizeof args, "backtest '%s' --models oracle",
             dt_test_data(DEV));
    assert_int_equal(run(args, &out, &err), 2);
    assert_non_null(strstr(err, "unknown model 'oracle'"));
    free(out);
    free(err);
    assert_int_equal(run("backtest /nonexistent.csv", &out, &err), 4);
    free(out);
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_backtest__compromise_baseline),
        cmocka_unit_test(test_backtest__reads_dev_file),
        cmocka_unit_test(test_backtest__council_weights),
        cmocka_unit_test(test_backtest__reader_errors),
        cmocka_unit_test(test_backtest__small_by_hand),
        cmocka_unit_test(test_backtest__smp_takes_part),
        cmocka_unit_test(test_backtest__allocation_failures),
        cmocka_unit_test(test_backtest__run_allocation_failures),
        cmocka_unit_test(test_backtest__odd_ids),
        cmocka_unit_test(test_backtest__documents),
        cmocka_unit_test(test_backtest__bad_options),
        cmocka_unit_test(test_backtest__capability_table),
        cmocka_unit_test(test_backtest__capability_table_allocation_failures),
        cmocka_unit_test(test_backtest__cli),
        cmocka_unit_test(test_backtest__records_after_quotes),
        cmocka_unit_test(test_backtest__scoring_rules_by_hand),
        cmocka_unit_test(test_backtest__draws_are_seeded),
        cmocka_unit_test(test_backtest__voting_rule),
        cmocka_unit_test(test_backtest__folds_by_id),
        cmocka_unit_test(test_backtest__ensemble_by_rule),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
