/*
 * Unit tests of KTAB's spatial model of politics (src/lib/smp/smp.c): the
 * printed histories of KTAB's two shipped examples (tests/data/ktab/
 * reference), small cases computed by hand for every parameter, the
 * stopping rule, reproducible stochastic runs, and argument errors.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dt_test.h"

/* ---- Helpers --------------------------------------------------------- */

static dt_scenario *load(const char *path)
{
    dt_scenario *sc = NULL;
    dt_error e;

    if (dt_scenario_load(path, NULL, &sc, &e) != DT_OK) {
        print_error("cannot load '%s': %s\n", path, e.msg);
        fail();
    }
    return sc;
}

/*
 * Compare a run against KTAB's printed history: lines "<actor>, <dim>:
 * v0 v1 ..." (positions x100, one decimal) then "<actor>, prob : p0 p1
 * ..." (four decimals). A value matches when it rounds to the printed
 * one (half a unit of the last printed digit, plus float slack).
 */
static void check_history(const char *csv, const char *hist)
{
    dt_scenario *sc = load(dt_test_data(csv));
    char *txt, *line, *save = NULL;
    dt_space *sp = NULL;
    dt_smp *m = NULL;
    dt_smp_opts o = DT_SMP_OPTS_INIT;
    size_t len, row_pos = 0, row_prob = 0;
    unsigned turns;

    assert_int_equal(dt_space_from_scenario(sc, 0, &sp, NULL), DT_OK);
    assert_int_equal(dt_smp_new(sp, &o, &m, NULL), DT_OK);
    assert_int_equal(dt_smp_run(m, NULL), DT_OK);
    assert_int_equal(dt_smp_stop(m), DT_STOP_CONVERGED);
    turns = dt_smp_turns(m);
    txt = dt_test_slurp(dt_test_data(hist), &len);
    assert_non_null(txt);
    for (line = strtok_r(txt, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        char *colon = strrchr(line, ':'), *p, *end;
        int is_prob = strstr(line, ", prob") != NULL;
        unsigned t = 0;

        if (!colon || !strchr(line, ','))
            continue;
        for (p = colon + 1;; t++) {
            double want = strtod(p, &end), got;
            size_t a, k;

            if (end == p)
                break;
            p = end;
            assert_true(t <= turns);
            if (is_prob) {
                a = row_prob;
                got = dt_smp_probs(m, t)[a];
                DT_ASSERT_CLOSE(got, want, 0.0, 0.5e-4 + 1e-9);
            } else {
                a = row_pos / sp->d;
                k = row_pos % sp->d;
                got = 100.0 * dt_smp_positions(m, t)[a * sp->d + k];
                DT_ASSERT_CLOSE(got, want, 0.0, 0.05 + 1e-9);
            }
        }
        /* Same number of turns: KTAB prints states 0..T. */
        assert_int_equal(t, turns + 1);
        if (is_prob)
            row_prob++;
        else
            row_pos++;
    }
    assert_int_equal(row_pos, sp->n * sp->d);
    assert_int_equal(row_prob, sp->n);
    free(txt);
    dt_smp_free(m);
    dt_space_free(sp);
    dt_scenario_free(sc);
}

/* ---- Small cases computed by hand ------------------------------------ */

/*
 * Case A: 3 actors, 1 dimension, saliences 1 (so D_ij = |x_i - x_j|):
 * capabilities 1, 2, 1.5 at 0.2, 0.5, 0.9. Case B: 3 actors, 2
 * dimensions: capabilities 3, 2, 2 at (0.2, 0.8), (0.6, 0.3), (0.9, 0.6)
 * with saliences (0.5, 0.3), (0.2, 0.6), (0.4, 0.4).
 *
 * The expected numbers were worked out step by step from the equations
 * of docs/models.md ("smp") with tests/unit/smp_oracle.py, a
 * plain transcription of those equations that shares no code with the
 * library: turn-0 winning probabilities (risk-neutral PCE -> R_i ->
 * u(D, R_i) -> PCE over unique positions) and the positions after one
 * turn (best challenge -> bargain -> queue PCE). By hand, case A's
 * risk attitudes: U0_ki = 1 - |x_k - x_i| gives voter rows (1, .7, .3),
 * (.7, 1, .6), (.3, .6, 1) with weights 1, 2, 1.5; coalitions C_01 = .3,
 * C_10 = .6 + .45 = 1.05, C_02 = .7 + .2 = .9, C_20 = 1.05, C_12 = .4 +
 * .8 = 1.2, C_21 = .6 (each + 1e-8); V_01 = .3/1.35, V_02 = .9/1.95,
 * V_12 = 1.2/1.8; p ~ (.5 V_01 V_02, .5 V_10 V_12, .5 V_20 V_21) =
 * (.05128, .25926, .08974) -> (.1281, .6477, .2242); Mid range: R =
 * (-1/2, 1, (3(.2242) - (.6477 + 2(.1281))) / (2(.5196)) = -.2226).
 */
static dt_space *small_space(char which)
{
    static const double ca[] = {1.0, 2.0, 1.5}, xa[] = {0.2, 0.5, 0.9};
    static const double cb[] = {3.0, 2.0, 2.0};
    static const double xb[] = {0.2, 0.8, 0.6, 0.3, 0.9, 0.6};
    static const double sb[] = {0.5, 0.3, 0.2, 0.6, 0.4, 0.4};
    dt_space *sp = NULL;
    size_t i, d = which == 'A' ? 1 : 2;

    assert_int_equal(dt_space_new(3, d, NULL, &sp, NULL), DT_OK);
    for (i = 0; i < 3; i++) {
        sp->c[i] = which == 'A' ? ca[i] : cb[i];
        for (size_t k = 0; k < d; k++) {
            sp->x[i * d + k] = which == 'A' ? xa[i] : xb[i * d + k];
            sp->s[i * d + k] = which == 'A' ? 1.0 : sb[i * d + k];
        }
    }
    return sp;
}

/* Set option `key` of o to KTAB's name `value`; "" leaves o alone. */
static void set_opt(dt_smp_opts *o, const char *key, const char *value)
{
    int ok = 0;

    if (!*key)
        return;
    if (strcmp(key, "vote") == 0)
        ok = dt_smp_vote_parse(value, &o->vote);
    else if (strcmp(key, "vpm") == 0)
        ok = dt_smp_vpm_parse(value, &o->vpm);
    else if (strcmp(key, "pce") == 0)
        ok = dt_smp_pce_parse(value, &o->pce);
    else if (strcmp(key, "rrange") == 0)
        ok = dt_smp_rrange_parse(value, &o->rrange);
    else if (strcmp(key, "radjust") == 0)
        ok = dt_smp_radjust_parse(value, &o->radjust);
    else if (strcmp(key, "commit") == 0)
        ok = dt_smp_commit_parse(value, &o->commit);
    else if (strcmp(key, "interp") == 0)
        ok = dt_smp_interp_parse(value, &o->interp);
    else if (strcmp(key, "bargain") == 0)
        ok = dt_smp_bargain_parse(value, &o->bargain);
    assert_true(ok);
}

/* One turn of case `which` with key=value: p0 (3) and x1 (3 x d). */
static void one_turn(char which, const char *key, const char *value, double *p0,
                     double *x1)
{
    dt_space *sp = small_space(which);
    dt_smp_opts o = DT_SMP_OPTS_INIT;
    dt_smp *m = NULL;

    set_opt(&o, key, value);
    assert_int_equal(dt_smp_new(sp, &o, &m, NULL), DT_OK);
    assert_int_equal(dt_smp_step(m, NULL), DT_OK);
    memcpy(p0, dt_smp_probs(m, 0), 3 * sizeof *p0);
    memcpy(x1, dt_smp_positions(m, 1), 3 * sp->d * sizeof *x1);
    dt_smp_free(m);
    dt_space_free(sp);
}

static const struct small {
    char which;        /* case A or B */
    const char *key;   /* parameter ("" = all defaults) */
    const char *value; /* its non-default value */
    double p0[3];      /* winning probabilities at turn 0 (6 decimals) */
    double x1[6];      /* positions after turn 1 (exact to 4 decimals) */
} smalls[] = {
    {'A',
     "",
     "",
     {0.239378, 0.411799, 0.348823},
     {0.7118, 0.4022, 0.7118, 0.0000, 0.0000, 0.0000}},
    {'A',
     "vote",
     "Binary",
     {0.190476, 0.666667, 0.142857},
     {0.3400, 0.4774, 0.3400, 0.0000, 0.0000, 0.0000}},
    {'A',
     "vote",
     "PropBin",
     {0.210420, 0.520642, 0.268938},
     {0.7629, 0.4621, 0.7629, 0.0000, 0.0000, 0.0000}},
    {'A',
     "vote",
     "PropCbc",
     {0.254698, 0.385547, 0.359755},
     {0.6958, 0.4008, 0.6958, 0.0000, 0.0000, 0.0000}},
    {'A',
     "vote",
     "Cubic",
     {0.388613, 0.189158, 0.422230},
     {0.2000, 0.5000, 0.9000, 0.0000, 0.0000, 0.0000}},
    {'A',
     "vote",
     "ASymProsp",
     {0.239378, 0.411799, 0.348823},
     {0.2000, 0.5000, 0.9000, 0.0000, 0.0000, 0.0000}},
    {'A',
     "vpm",
     "Square",
     {0.157966, 0.455642, 0.386392},
     {0.7152, 0.4052, 0.7152, 0.0000, 0.0000, 0.0000}},
    {'A',
     "vpm",
     "Quartic",
     {0.056789, 0.458833, 0.484379},
     {0.7189, 0.4085, 0.7189, 0.0000, 0.0000, 0.0000}},
    {'A',
     "vpm",
     "Octic",
     {0.005116, 0.368860, 0.626024},
     {0.7205, 0.4099, 0.7205, 0.0000, 0.0000, 0.0000}},
    {'A',
     "vpm",
     "Binary",
     {0.000000, 0.080000, 0.920000},
     {0.7206, 0.4101, 0.7206, 0.0000, 0.0000, 0.0000}},
    {'A',
     "pce",
     "MarkovUniform",
     {0.270102, 0.386140, 0.343758},
     {0.7118, 0.4022, 0.7118, 0.0000, 0.0000, 0.0000}},
    {'A',
     "pce",
     "MarkovIncentive",
     {0.263133, 0.376596, 0.360271},
     {0.7018, 0.3936, 0.7018, 0.0000, 0.0000, 0.0000}},
    {'A',
     "rrange",
     "Min",
     {0.190956, 0.508947, 0.300096},
     {0.7131, 0.4309, 0.7131, 0.0000, 0.0000, 0.0000}},
    {'A',
     "rrange",
     "Max",
     {0.278754, 0.335065, 0.386182},
     {0.7108, 0.3712, 0.7108, 0.0000, 0.0000, 0.0000}},
    {'A',
     "radjust",
     "None",
     {0.239378, 0.411799, 0.348823},
     {0.7240, 0.4760, 0.7240, 0.0000, 0.0000, 0.0000}},
    {'A',
     "radjust",
     "Half",
     {0.239378, 0.411799, 0.348823},
     {0.7055, 0.3553, 0.7055, 0.0000, 0.0000, 0.0000}},
    {'A',
     "radjust",
     "TwoThirds",
     {0.239378, 0.411799, 0.348823},
     {0.6990, 0.5000, 0.6990, 0.0000, 0.0000, 0.0000}},
    {'A',
     "radjust",
     "Full",
     {0.239378, 0.411799, 0.348823},
     {0.2000, 0.5000, 0.8516, 0.0000, 0.0000, 0.0000}},
    {'A',
     "commit",
     "NoCommit",
     {0.239378, 0.411799, 0.348823},
     {0.6769, 0.5000, 0.6769, 0.0000, 0.0000, 0.0000}},
    {'A',
     "commit",
     "FullCommit",
     {0.239378, 0.411799, 0.348823},
     {0.6769, 0.5000, 0.6769, 0.0000, 0.0000, 0.0000}},
    {'A',
     "interp",
     "S1P1",
     {0.239378, 0.411799, 0.348823},
     {0.6358, 0.3770, 0.6358, 0.0000, 0.0000, 0.0000}},
    {'A',
     "bargain",
     "InitRcvrInterp",
     {0.239378, 0.411799, 0.348823},
     {0.7125, 0.4218, 0.7125, 0.0000, 0.0000, 0.0000}},
    {'B',
     "",
     "",
     {0.330837, 0.312016, 0.357148},
     {0.3176, 0.7281, 0.6000, 0.3000, 0.3176, 0.7281}},
    {'B',
     "vote",
     "Binary",
     {0.243243, 0.540541, 0.216216},
     {0.2000, 0.8000, 0.7171, 0.3199, 0.7171, 0.3199}},
    {'B',
     "vote",
     "PropBin",
     {0.332304, 0.398196, 0.269500},
     {0.2000, 0.8000, 0.6000, 0.3000, 0.9000, 0.6000}},
    {'B',
     "vote",
     "PropCbc",
     {0.286706, 0.306558, 0.406736},
     {0.2246, 0.4893, 0.2247, 0.4893, 0.3231, 0.7256}},
    {'B',
     "vote",
     "Cubic",
     {0.047592, 0.166565, 0.785843},
     {0.3227, 0.3415, 0.3227, 0.3415, 0.3910, 0.6979}},
    {'B',
     "vote",
     "ASymProsp",
     {0.330837, 0.312016, 0.357148},
     {0.4375, 0.6824, 0.6000, 0.3000, 0.4375, 0.6824}},
    {'B',
     "vpm",
     "Square",
     {0.346351, 0.280169, 0.373480},
     {0.3165, 0.7287, 0.6000, 0.3000, 0.3165, 0.7286}},
    {'B',
     "vpm",
     "Quartic",
     {0.419060, 0.199506, 0.381434},
     {0.3147, 0.7295, 0.6000, 0.3000, 0.3147, 0.7295}},
    {'B',
     "vpm",
     "Octic",
     {0.675625, 0.049637, 0.274738},
     {0.3114, 0.7311, 0.6000, 0.3000, 0.3114, 0.7311}},
    {'B',
     "vpm",
     "Binary",
     {1.000000, 0.000000, 0.000000},
     {0.3019, 0.7357, 0.6000, 0.3000, 0.3019, 0.7357}},
    {'B',
     "pce",
     "MarkovUniform",
     {0.331667, 0.319115, 0.349218},
     {0.3176, 0.7281, 0.6000, 0.3000, 0.3176, 0.7281}},
    {'B',
     "pce",
     "MarkovIncentive",
     {0.213579, 0.359819, 0.426601},
     {0.2380, 0.4380, 0.2380, 0.4380, 0.3360, 0.7198}},
    {'B',
     "rrange",
     "Min",
     {0.324200, 0.382422, 0.293378},
     {0.3027, 0.7354, 0.6000, 0.3000, 0.3027, 0.7354}},
    {'B',
     "rrange",
     "Max",
     {0.333980, 0.259484, 0.406536},
     {0.2000, 0.8000, 0.6000, 0.3000, 0.9000, 0.6000}},
    {'B',
     "radjust",
     "None",
     {0.330837, 0.312016, 0.357148},
     {0.2835, 0.7453, 0.6000, 0.3000, 0.9000, 0.6000}},
    {'B',
     "radjust",
     "Half",
     {0.330837, 0.312016, 0.357148},
     {0.3357, 0.7199, 0.6000, 0.3000, 0.3357, 0.7199}},
    {'B',
     "radjust",
     "TwoThirds",
     {0.330837, 0.312016, 0.357148},
     {0.3542, 0.7121, 0.6000, 0.3000, 0.3542, 0.7120}},
    {'B',
     "radjust",
     "Full",
     {0.330837, 0.312016, 0.357148},
     {0.2097, 0.6080, 0.2097, 0.6080, 0.8982, 0.5843}},
    {'B',
     "commit",
     "NoCommit",
     {0.330837, 0.312016, 0.357148},
     {0.2288, 0.4701, 0.2288, 0.4701, 0.3445, 0.7161}},
    {'B',
     "commit",
     "FullCommit",
     {0.330837, 0.312016, 0.357148},
     {0.2288, 0.4701, 0.2288, 0.4701, 0.3445, 0.7161}},
    {'B',
     "interp",
     "S1P1",
     {0.330837, 0.312016, 0.357148},
     {0.4170, 0.7144, 0.6000, 0.3000, 0.4170, 0.7144}},
    {'B',
     "bargain",
     "InitRcvrInterp",
     {0.330837, 0.312016, 0.357148},
     {0.3201, 0.7270, 0.6000, 0.3000, 0.3201, 0.7270}},
};

static void test_smp__small_cases(void **state)
{
    size_t c, i;

    (void)state;
    for (c = 0; c < sizeof smalls / sizeof smalls[0]; c++) {
        const struct small *t = &smalls[c];
        size_t d = t->which == 'A' ? 1 : 2;
        double p0[3], x1[6];

        print_message("case %c %s=%s\n", t->which, t->key, t->value);
        one_turn(t->which, t->key, t->value, p0, x1);
        for (i = 0; i < 3; i++)
            DT_ASSERT_CLOSE(p0[i], t->p0[i], 0.0, 0.5e-6 + 1e-12);
        /* Bargains are rounded to 4 decimals, so these are exact. */
        for (i = 0; i < 3 * d; i++)
            DT_ASSERT_CLOSE(x1[i], t->x1[i], 0.0, 1e-9);
    }
}

/*
 * Every non-default value moves the result the way its definition says
 * (case A unless noted; numbers from the table above).
 */
static void test_smp__directions(void **state)
{
    double p[3], x[3], q[3], y[3], r[3], z[3];

    (void)state;
    /* Vote rule: a binary vote gives each voter its full weight for any
     * preference, so the Condorcet winner (actor 1, the median with the
     * largest capability) gains: 0.6667 > 0.4118; PropBin lies between;
     * the cubic terms shrink small differences (|delta| < 1), so PropCbc
     * and Cubic make the winner less sure. */
    one_turn('A', "", "", p, x);
    one_turn('A', "vote", "Binary", q, y);
    assert_true(q[1] > p[1]);
    one_turn('A', "vote", "PropBin", r, z);
    assert_true(r[1] > p[1] && r[1] < q[1]);
    one_turn('A', "vote", "PropCbc", r, z);
    assert_true(r[1] < p[1]);
    one_turn('A', "vote", "Cubic", r, z);
    assert_true(r[1] < p[1]);
    /* ASymProsp: gains weigh 2/3 of losses, so no challenge pays and
     * nobody moves (the default has actors 1 and 2 challenge actor 0). */
    one_turn('A', "vote", "ASymProsp", r, z);
    assert_true(x[0] != 0.2);
    assert_true(z[0] == 0.2 && z[1] == 0.5 && z[2] == 0.9);
    /* Victory model: steeper f favours the stronger coalition, so the
     * weakest position's probability falls with each power. */
    one_turn('A', "vpm", "Square", q, y);
    assert_true(q[0] < p[0]);
    one_turn('A', "vpm", "Quartic", r, z);
    assert_true(r[0] < q[0]);
    one_turn('A', "vpm", "Octic", q, y);
    assert_true(q[0] < r[0]);
    one_turn('A', "vpm", "Binary", r, z);
    assert_true(r[0] <= q[0]);
    /* PCE: the Markov chains let every option be challenged from every
     * other, so the weakest keeps more than the product of its odds. */
    one_turn('A', "pce", "MarkovUniform", q, y);
    assert_true(q[0] > p[0]);
    one_turn('A', "pce", "MarkovIncentive", q, y);
    assert_true(q[0] > p[0]);
    /* Interpolation: the initiator (actor 1 at 0.5, P > 1/2 against
     * actor 0 at 0.2) weighs p^2 : (1-p)^2 under S2P2 against p : (1-p)
     * under S1P1, so the S2P2 bargain lies closer to it. */
    one_turn('A', "interp", "S1P1", q, y);
    assert_true(x[1] > y[1] && y[1] > 0.2);
    /* Third-party commitment: with NoCommit the lone third party gains
     * nothing from joining, so actor 1's challenge no longer pays. */
    one_turn('A', "commit", "NoCommit", q, y);
    assert_true(x[1] != 0.5 && y[1] == 0.5);
    /* Risk range: Min makes every R >= 0 (Mid's lowest is -1/2): the
     * weakest position is then risk-averse and its support thins. */
    one_turn('A', "rrange", "Min", q, y);
    assert_true(q[0] < p[0]);
    one_turn('A', "rrange", "Max", q, y);
    assert_true(q[0] > p[0]);
    /* Risk adjustment: changes only how actors see each other (turn-0
     * own-view probabilities are equal), not their own attitude. */
    one_turn('A', "radjust", "Full", q, y);
    assert_true(q[0] == p[0] && y[2] != x[2]);
    /* Bargain model: averaging in the receiver's estimate (actor 0
     * rates actor 1's chance higher than actor 1 does) moves the
     * bargain toward the initiator. */
    one_turn('A', "bargain", "InitRcvrInterp", q, y);
    assert_true(y[1] > x[1]);
}

/* ---- KTAB's printed histories ---------------------------------------- */

static void test_smp__ktab_dummy_3dim(void **state)
{
    (void)state;
    /* 7 actors x 3 dimensions, 10 turns in KTAB's print. */
    check_history("ktab/dummyData_3Dim.csv",
                  "ktab/reference/dummyData_3Dim.history.txt");
}

static void test_smp__ktab_soe_pol_comp(void **state)
{
    (void)state;
    /* 13 actors x 2 dimensions, 27 turns in KTAB's print. */
    check_history("ktab/SOE-Pol-Comp.csv",
                  "ktab/reference/SOE-Pol-Comp.history.txt");
}

/* ---- Tolerance, ideals, stopping rule, randomness, errors ------------ */

static void test_smp__tolerance(void **state)
{
    dt_space *sp = small_space('A');
    dt_smp_opts o = DT_SMP_OPTS_INIT;
    dt_smp *m = NULL;
    const double *p;

    (void)state;
    /* Actors 1 and 2 at 0.5 and 0.5005: within 1e-3 they are one
     * position (sharing its probability, 0.587301 by smp_oracle.py),
     * within 1e-4 two (0.380702 and 0.394432). */
    sp->x[2] = 0.5005;
    assert_int_equal(dt_smp_new(sp, &o, &m, NULL), DT_OK);
    p = dt_smp_probs(m, 0);
    DT_ASSERT_CLOSE(p[0], 0.412699, 0.0, 1e-6);
    DT_ASSERT_CLOSE(p[1], 0.587301, 0.0, 1e-6);
    assert_true(p[1] == p[2]);
    dt_smp_free(m);
    o.tolerance = 1e-4;
    assert_int_equal(dt_smp_new(sp, &o, &m, NULL), DT_OK);
    p = dt_smp_probs(m, 0);
    DT_ASSERT_CLOSE(p[0], 0.224865, 0.0, 1e-6);
    DT_ASSERT_CLOSE(p[1], 0.380702, 0.0, 1e-6);
    DT_ASSERT_CLOSE(p[2], 0.394432, 0.0, 1e-6);
    dt_smp_free(m);
    dt_space_free(sp);
}

static void test_smp__accommodation(void **state)
{
    dt_space *sp = small_space('A');
    dt_smp_opts o = DT_SMP_OPTS_INIT;
    double eye[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1};
    double acc[9] = {0, 1, 0, 0, 1, 0, 0, 0, 1};
    dt_smp *m = NULL;
    const double *p;

    (void)state;
    /* The identity is the default. */
    o.accommodation = eye;
    assert_int_equal(dt_smp_new(sp, &o, &m, NULL), DT_OK);
    p = dt_smp_probs(m, 0);
    DT_ASSERT_CLOSE(p[0], 0.239378, 0.0, 1e-6);
    dt_smp_free(m);
    /* Actor 0 fully accommodates actor 1: its ideal is 0.5 while it
     * still stands at 0.2, so it votes against its own position, whose
     * probability collapses (smp_oracle.py: 2.1e-9, 0.647981, 0.352019). */
    o.accommodation = acc;
    assert_int_equal(dt_smp_new(sp, &o, &m, NULL), DT_OK);
    p = dt_smp_probs(m, 0);
    DT_ASSERT_CLOSE(p[0], 0.0, 0.0, 1e-8);
    DT_ASSERT_CLOSE(p[1], 0.647981, 0.0, 1e-6);
    DT_ASSERT_CLOSE(p[2], 0.352019, 0.0, 1e-6);
    dt_smp_free(m);
    dt_space_free(sp);
}

static dt_smp *soe(dt_scenario **sc, dt_space **sp, const dt_smp_opts *o)
{
    dt_smp *m = NULL;

    *sc = load(dt_test_data("ktab/SOE-Pol-Comp.csv"));
    assert_int_equal(dt_space_from_scenario(*sc, 0, sp, NULL), DT_OK);
    assert_int_equal(dt_smp_new(*sp, o, &m, NULL), DT_OK);
    return m;
}

static void test_smp__stopping_rule(void **state)
{
    dt_smp_opts o = DT_SMP_OPTS_INIT;
    dt_scenario *sc;
    dt_space *sp;
    dt_smp *m;

    (void)state;
    /* Turn cap: stop after exactly max_turns, not converged. */
    o.max_turns = 3;
    m = soe(&sc, &sp, &o);
    assert_int_equal(dt_smp_run(m, NULL), DT_NOT_CONVERGED);
    assert_int_equal(dt_smp_turns(m), 3);
    assert_int_equal(dt_smp_stop(m), DT_STOP_ROUND_CAP);
    assert_null(dt_smp_positions(m, 4));
    dt_smp_free(m);
    /* Any ratio passes: stop at min_turns. */
    o.max_turns = 100;
    o.stop_ratio = 1e9;
    m = dt_smp_new(sp, &o, &m, NULL) == DT_OK ? m : NULL;
    assert_non_null(m);
    assert_int_equal(dt_smp_run(m, NULL), DT_OK);
    assert_int_equal(dt_smp_turns(m), 2);
    dt_smp_free(m);
    o.min_turns = 5;
    assert_int_equal(dt_smp_new(sp, &o, &m, NULL), DT_OK);
    assert_int_equal(dt_smp_run(m, NULL), DT_OK);
    assert_int_equal(dt_smp_turns(m), 5);
    assert_int_equal(dt_smp_stop(m), DT_STOP_CONVERGED);
    dt_smp_free(m);
    /* No ratio passes: the cap. */
    o.min_turns = 2;
    o.stop_ratio = 0.0;
    o.max_turns = 40;
    assert_int_equal(dt_smp_new(sp, &o, &m, NULL), DT_OK);
    assert_int_equal(dt_smp_run(m, NULL), DT_NOT_CONVERGED);
    assert_int_equal(dt_smp_turns(m), 40);
    dt_smp_free(m);
    dt_space_free(sp);
    dt_scenario_free(sc);
}

static int same_history(const dt_smp *a, const dt_smp *b, size_t nd)
{
    unsigned t;

    if (dt_smp_turns(a) != dt_smp_turns(b))
        return 0;
    for (t = 0; t <= dt_smp_turns(a); t++)
        if (memcmp(dt_smp_positions(a, t), dt_smp_positions(b, t),
                   nd * sizeof(double)) != 0)
            return 0;
    return 1;
}

/* Uniform draw on [0, 1) from a splitmix64 state (test data only). */
static double test_unif(uint64_t *st)
{
    uint64_t z = (*st += 0x9e3779b97f4a7c15u);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    z ^= z >> 31;
    return (double)(z >> 11) * 0x1.0p-53;
}

/*
 * The challenge search is split between threads above 32 actors; the
 * history (positions and probabilities, every turn) must be the same
 * bits for 1, 2 and 7 threads, deterministic and stochastic.
 */
static void test_smp__threads_identical(void **state)
{
    const size_t n = 48, d = 3;
    const unsigned threads[] = {2, 7};
    uint64_t st = 2385;
    dt_space *sp = NULL;
    dt_smp *one = NULL, *many = NULL;
    size_t i, k, tr, th;

    (void)state;
    assert_int_equal(dt_space_new(n, d, NULL, &sp, NULL), DT_OK);
    for (i = 0; i < n; i++) {
        double sum = 0.0;

        sp->c[i] = 0.05 + test_unif(&st);
        for (k = 0; k < d; k++) {
            sp->x[i * d + k] = test_unif(&st);
            sp->s[i * d + k] = 0.05 + test_unif(&st);
            sum += sp->s[i * d + k];
        }
        for (k = 0; k < d; k++)
            sp->s[i * d + k] /= sum;
    }
    for (tr = 0; tr < 2; tr++) {
        dt_smp_opts o = DT_SMP_OPTS_INIT;

        o.trans = tr ? DT_SMP_TRANS_STOCHASTIC : DT_SMP_TRANS_DETERMINISTIC;
        o.seed = 99;
        o.max_turns = 12;
        assert_int_equal(dt_smp_new(sp, &o, &one, NULL), DT_OK);
        /* DT_NOT_CONVERGED when the 12-turn cap stops it: fine here. */
        (void)dt_smp_run(one, NULL);
        for (th = 0; th < 2; th++) {
            unsigned t;

            o.threads = threads[th];
            assert_int_equal(dt_smp_new(sp, &o, &many, NULL), DT_OK);
            (void)dt_smp_run(many, NULL);
            assert_true(same_history(one, many, n * d));
            for (t = 0; t <= dt_smp_turns(one); t++)
                assert_memory_equal(dt_smp_probs(one, t), dt_smp_probs(many, t),
                                    n * sizeof(double));
            dt_smp_free(many);
        }
        assert_true(dt_smp_turns(one) >= 2);
        dt_smp_free(one);
    }
    dt_space_free(sp);
}

static void test_smp__stochastic_reproducible(void **state)
{
    dt_smp_opts o = DT_SMP_OPTS_INIT;
    dt_scenario *sc;
    dt_space *sp;
    dt_smp *a, *b = NULL, *det = NULL;
    unsigned seed, differ = 0;

    (void)state;
    o.trans = DT_SMP_TRANS_STOCHASTIC;
    o.seed = 42;
    a = soe(&sc, &sp, &o);
    assert_int_equal(dt_smp_new(sp, &o, &b, NULL), DT_OK);
    /* Interleaved steps: each instance owns its stream. */
    while (dt_smp_stop(a) == DT_STOP_NONE || dt_smp_stop(b) == DT_STOP_NONE) {
        if (dt_smp_stop(a) == DT_STOP_NONE)
            dt_smp_step(a, NULL);
        if (dt_smp_stop(b) == DT_STOP_NONE)
            dt_smp_step(b, NULL);
    }
    assert_true(same_history(a, b, sp->n * sp->d));
    /* Re-initialised with the same seed: the same run again. */
    dt_smp_init(b, 42);
    dt_smp_run(b, NULL);
    assert_true(same_history(a, b, sp->n * sp->d));
    /* Other seeds give other runs (not all equal to seed 42's). */
    for (seed = 1; seed <= 8; seed++) {
        dt_smp_init(b, seed);
        dt_smp_run(b, NULL);
        differ += !same_history(a, b, sp->n * sp->d);
    }
    assert_true(differ > 0);
    /* Deterministic runs ignore the seed. */
    o.trans = DT_SMP_TRANS_DETERMINISTIC;
    dt_smp_free(b);
    assert_int_equal(dt_smp_new(sp, &o, &b, NULL), DT_OK);
    o.seed = 7;
    assert_int_equal(dt_smp_new(sp, &o, &det, NULL), DT_OK);
    dt_smp_run(b, NULL);
    dt_smp_run(det, NULL);
    assert_true(same_history(b, det, sp->n * sp->d));
    dt_smp_free(a);
    dt_smp_free(b);
    dt_smp_free(det);
    dt_space_free(sp);
    dt_scenario_free(sc);
}

static void test_smp__errors(void **state)
{
    dt_space *sp = small_space('A'), *bad = NULL;
    dt_smp_opts o = DT_SMP_OPTS_INIT;
    dt_smp *m = (dt_smp *)&o;
    dt_error e;

    (void)state;
    assert_int_equal(dt_space_new(1, 1, NULL, &bad, &e), DT_EINVAL);
    assert_null(bad);
    o.vote = (dt_smp_vote)99;
    assert_int_equal(dt_smp_new(sp, &o, &m, &e), DT_EINVAL);
    assert_null(m);
    o.vote = DT_SMP_VOTE_PROP;
    o.max_turns = 0;
    assert_int_equal(dt_smp_new(sp, &o, &m, &e), DT_EINVAL);
    o.max_turns = 100;
    sp->x[1] = 1.5;
    assert_int_equal(dt_smp_new(sp, &o, &m, &e), DT_EINVAL);
    assert_non_null(strstr(e.msg, "[0, 1]"));
    sp->x[1] = 0.5;
    sp->c[0] = 0.0;
    assert_int_equal(dt_smp_new(sp, &o, &m, &e), DT_EINVAL);
    dt_smp_free(NULL);
    dt_space_free(NULL);
    dt_space_free(sp);
}

static void test_smp__names(void **state)
{
    dt_smp_vote v = DT_SMP_VOTE_BINARY;
    dt_smp_pce p = DT_SMP_PCE_CONDITIONAL;
    dt_smp_trans t = DT_SMP_TRANS_STOCHASTIC;
    dt_smp_radjust r = DT_SMP_RADJUST_FULL;

    (void)state;
    /* KTAB's code and its schema spell some values differently. */
    assert_true(dt_smp_vote_parse("Proportional", &v));
    assert_int_equal(v, DT_SMP_VOTE_PROP);
    assert_true(dt_smp_vote_parse("prop", &v));
    assert_true(dt_smp_pce_parse("MarkovIPCM", &p));
    assert_int_equal(p, DT_SMP_PCE_MARKOV_INCENTIVE);
    assert_true(dt_smp_pce_parse("MarkovUniform", &p));
    assert_int_equal(p, DT_SMP_PCE_MARKOV_UNIFORM);
    assert_true(dt_smp_trans_parse("DeterminsticSTM", &t));
    assert_int_equal(t, DT_SMP_TRANS_DETERMINISTIC);
    assert_true(dt_smp_radjust_parse("NoRA", &r));
    assert_int_equal(r, DT_SMP_RADJUST_NONE);
    assert_false(dt_smp_vote_parse("Majority", &v));
    assert_int_equal(v, DT_SMP_VOTE_PROP);
    assert_false(dt_smp_vote_parse(NULL, &v));
}

static void test_smp__result(void **state)
{
    dt_smp_opts o = DT_SMP_OPTS_INIT;
    dt_model_result r;
    dt_scenario *sc;
    dt_space *sp;
    dt_smp *m;
    double probable, mean, median;

    (void)state;
    m = soe(&sc, &sp, &o);
    assert_int_equal(dt_smp_run(m, NULL), DT_OK);
    dt_smp_result(m, 1, &r, &probable);
    assert_int_equal(r.rounds, 27);
    assert_int_equal(r.stop, DT_STOP_CONVERGED);
    /* Turn 0, competitive position: sum c s x / sum c s with the CSV's
     * capabilities, saliences and positions typed in below. */
    dt_smp_stats(m, 0, 1, &mean, &median);
    {
        static const double c[] = {100, 60.2, 35, 35, 40, 20, 15,
                                   25,  20,   35, 20, 20, 40};
        static const double s[] = {48,   41.3, 65.1, 49.4, 47.8, 32, 32,
                                   50.1, 17.6, 46.6, 47.8, 40.6, 46};
        static const double x[] = {20, 65, 15, 45, 65, 10, 15,
                                   50, 15, 40, 50, 30, 60};
        double sw = 0, swx = 0;

        for (size_t i = 0; i < 13; i++) {
            sw += c[i] * s[i];
            swx += c[i] * s[i] * x[i];
        }
        DT_ASSERT_REL(mean, swx / sw, 1e-12);
    }
    /* The most probable position: in KTAB's last column the largest
     * probability is 0.2330 (MOF, SHX, HLJ); the first of them, MOF,
     * ends at 30.7 on the competitive dimension. */
    DT_ASSERT_CLOSE(probable, 30.7, 0.0, 0.05);
    dt_smp_free(m);
    dt_space_free(sp);
    dt_scenario_free(sc);
}

/*
 * A YAML scenario rates every issue on its own 0-100 scale: an actor
 * whose saliences sum past 1 enters the space with shares s_ik / S_i.
 */
static void test_smp__space_from_yaml(void **state)
{
    dt_scenario *sc = load(dt_test_src("scenarios/hanoi-2019.yaml"));
    dt_space *sp = NULL;
    size_t a, k, d;

    (void)state;
    assert_int_equal(dt_space_from_scenario(sc, 0, &sp, NULL), DT_OK);
    d = sp->d;
    assert_int_equal(d, dt_scenario_n_issues(sc));
    assert_int_equal(sp->n, dt_scenario_n_actors(sc));
    for (a = 0; a < sp->n; a++) {
        double raw = 0.0, tot = 0.0;

        for (k = 0; k < d; k++) {
            const dt_stake *st = dt_scenario_stake(sc, a, k);

            raw += st ? st->salience.v / 100.0 : 0.0;
            tot += sp->s[a * d + k];
        }
        if (raw > 1.0)
            DT_ASSERT_REL(tot, 1.0, 1e-12);
        else
            DT_ASSERT_REL(tot, raw, 1e-12);
        for (k = 0; k < d; k++) {
            const dt_stake *st = dt_scenario_stake(sc, a, k);

            if (st)
                DT_ASSERT_REL(sp->x[a * d + k], st->position.v / 100.0, 1e-12);
        }
    }
    dt_space_free(sp);
    dt_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_smp__ktab_dummy_3dim),
        cmocka_unit_test(test_smp__ktab_soe_pol_comp),
        cmocka_unit_test(test_smp__small_cases),
        cmocka_unit_test(test_smp__directions),
        cmocka_unit_test(test_smp__tolerance),
        cmocka_unit_test(test_smp__accommodation),
        cmocka_unit_test(test_smp__stopping_rule),
        cmocka_unit_test(test_smp__stochastic_reproducible),
        cmocka_unit_test(test_smp__threads_identical),
        cmocka_unit_test(test_smp__errors),
        cmocka_unit_test(test_smp__names),
        cmocka_unit_test(test_smp__result),
        cmocka_unit_test(test_smp__space_from_yaml),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
