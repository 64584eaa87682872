/*
 * Unit tests of the expected-utility model (src/lib/model/eu.c): the
 * bit-exact contract against the reference run of the public replication
 * (tests/data/bdm1994-ec-emissions/reference), cases computed by
 * hand, the paper-default EC run, degenerate lines, and every option.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dt_test.h"

/* ---- Helpers --------------------------------------------------------- */

/* A tiny CSV table: header row, comma-separated fields, no quoting. */
typedef struct csv {
    char *buf;    /* the file, split in place */
    size_t rows;  /* data rows (header excluded) */
    size_t cols;  /* fields per row */
    char **field; /* (rows + 1) x cols, row 0 = header */
} csv;

static void csv_load(csv *t, const char *path)
{
    size_t len, cap = 64, nf = 0, k;
    char *p, *line;

    t->buf = dt_test_slurp(path, &len);
    if (!t->buf) {
        print_error("cannot read '%s'\n", path);
        fail();
    }
    t->field = malloc(cap * sizeof *t->field);
    t->cols = 0;
    t->rows = 0;
    for (p = t->buf; *p;) {
        line = p;
        while (*p && *p != '\n')
            p++;
        if (*p)
            *p++ = '\0';
        if (line[0] == '\0' || line[0] == '\r')
            continue;
        for (k = 0;; k++) {
            char *f = line;

            while (*line && *line != ',' && *line != '\r')
                line++;
            if (nf == cap) {
                cap *= 2;
                t->field = realloc(t->field, cap * sizeof *t->field);
            }
            t->field[nf++] = f;
            if (*line != ',') {
                *line = '\0';
                break;
            }
            *line++ = '\0';
        }
        if (t->cols == 0)
            t->cols = k + 1;
        assert_int_equal(k + 1, t->cols);
        t->rows++;
    }
    t->rows--; /* header */
}

static void csv_free(csv *t)
{
    free(t->buf);
    free(t->field);
}

/* Field `col` (by header name) of data row `row` (0-based). */
static const char *csv_get(const csv *t, size_t row, const char *col)
{
    size_t k;

    for (k = 0; k < t->cols; k++)
        if (strcmp(t->field[k], col) == 0)
            return t->field[(row + 1) * t->cols + k];
    print_error("no column '%s'\n", col);
    fail();
    return NULL;
}

static double csv_num(const csv *t, size_t row, const char *col)
{
    return strtod(csv_get(t, row, col), NULL);
}

/* The number after "key": in a flat JSON object. */
static double json_num(const char *text, const char *key)
{
    char pat[128];
    const char *p;

    snprintf(pat, sizeof pat, "\"%s\":", key);
    p = strstr(text, pat);
    assert_non_null(p);
    return strtod(p + strlen(pat), NULL);
}

/*
 * The EC emissions case (data/bdm1994-ec-emissions/actors.csv): Bueno de
 * Mesquita and Stokman (1994) p. 78, Scholz et al. (2011) Table 1.
 */
#define EC_N 10
static const char *const ec_names[EC_N] = {
    "Netherlands", "Belgium", "Luxembourg", "Germany", "France",
    "Italy",       "UK",      "Ireland",    "Denmark", "Greece"};
static double ec_c[EC_N] = {0.08, 0.08, 0.03, 0.16, 0.16,
                            0.16, 0.16, 0.05, 0.05, 0.08};
static double ec_x[EC_N] = {4, 7, 4, 4, 10, 10, 10, 7, 4, 7};
static double ec_s[EC_N] = {0.8, 0.4, 0.2, 0.8, 0.6, 0.6, 0.9, 0.1, 1.0, 0.7};
#define EC_DELTA 6.0
/* The contract: 1e-12 relative, 1e-12 * Delta absolute near 0. */
#define REF_RTOL 1e-12
#define REF_ATOL (1e-12 * EC_DELTA)

static size_t ec_index(const char *name)
{
    size_t k;

    for (k = 0; k < EC_N; k++)
        if (strcmp(ec_names[k], name) == 0)
            return k;
    print_error("unknown actor '%s'\n", name);
    fail();
    return 0;
}

static dt_line make_line(size_t n, double *x, double *c, double *s)
{
    dt_line l;

    memset(&l, 0, sizeof l);
    l.n = n;
    l.x = x;
    l.c = c;
    l.s = s;
    return l;
}

static dt_model *new_eu(size_t n, const dt_model_opts *o)
{
    dt_model *m = NULL;
    dt_error err;

    assert_int_equal(dt_model_new(&dt_model_eu, n, o, NULL, &m, &err), DT_OK);
    return m;
}

static dt_model_opts preset(const char *name)
{
    dt_model_opts o = DT_MODEL_OPTS_INIT;

    assert_int_equal(dt_model_opts_preset(&o, name, NULL), DT_OK);
    return o;
}

/* Init m with `line` and play one round; fill *rd. */
static void one_round(dt_model *m, const dt_line *line, dt_eu_round *rd)
{
    dt_error err;

    assert_int_equal(dt_model_init(m, line, &err), DT_OK);
    assert_int_equal(dt_model_step(m, &err), DT_OK);
    assert_int_equal(dt_eu_last_round(m, rd, &err), DT_OK);
}

/* Class as the replication's detail files spell it: it only knows two. */
static const char *ref_class(unsigned char c)
{
    if (c == DT_EU_CLASS_CONFRONTATION || c == DT_EU_CLASS_COMPROMISE)
        return dt_eu_class_str((dt_eu_class)c);
    return "";
}

/* ---- The reference run (spec section 9) ------------------------------ */

static void check_detail(const dt_eu_round *rd, const char *dir)
{
    char path[256];
    csv pairs, risk;
    char *json;
    size_t k;

    /* Scalars, and the meaning of rounds_skipped: rounds played before. */
    snprintf(path, sizeof path, "bdm1994-ec-emissions/reference/%s/%s", dir,
             "scalars.json");
    json = dt_test_slurp(dt_test_data(path), NULL);
    assert_non_null(json);
    assert_int_equal(rd->round - 1, (unsigned)json_num(json, "rounds_skipped"));
    DT_ASSERT_REL(rd->delta, json_num(json, "position_range"), 0.0);
    DT_ASSERT_REL(rd->den_risk, json_num(json, "DEN_risk_phase_all_r_1"),
                  REF_RTOL);
    DT_ASSERT_REL(rd->den_offer, json_num(json, "DEN_offer_phase"), REF_RTOL);
    free(json);

    snprintf(path, sizeof path, "bdm1994-ec-emissions/reference/%s/%s", dir,
             "risk_phase.csv");
    csv_load(&risk, dt_test_data(path));
    assert_int_equal(risk.rows, EC_N);
    for (k = 0; k < risk.rows; k++) {
        size_t i = ec_index(csv_get(&risk, k, "actor"));

        DT_ASSERT_CLOSE(rd->x[i], csv_num(&risk, k, "x"), REF_RTOL, REF_ATOL);
        DT_ASSERT_CLOSE(rd->danger[i], csv_num(&risk, k, "danger_D"), REF_RTOL,
                        REF_ATOL);
        DT_ASSERT_CLOSE(rd->risk[i], csv_num(&risk, k, "R"), REF_RTOL,
                        REF_ATOL);
        DT_ASSERT_CLOSE(rd->r[i], csv_num(&risk, k, "r"), REF_RTOL, REF_ATOL);
    }
    csv_free(&risk);

    snprintf(path, sizeof path, "bdm1994-ec-emissions/reference/%s/%s", dir,
             "pairs.csv");
    csv_load(&pairs, dt_test_data(path));
    assert_int_equal(pairs.rows, EC_N * (EC_N - 1));
    for (k = 0; k < pairs.rows; k++) {
        size_t i = ec_index(csv_get(&pairs, k, "i"));
        size_t j = ec_index(csv_get(&pairs, k, "j"));
        size_t ij = i * EC_N + j;
        const char *np = csv_get(&pairs, k, "new_pos_for_i");

        DT_ASSERT_CLOSE(rd->p[ij], csv_num(&pairs, k, "P_i_beats_j"), REF_RTOL,
                        REF_ATOL);
        DT_ASSERT_CLOSE(rd->eu_ij[ij],
                        csv_num(&pairs, k, "EU_i_of_i_challenging_j"), REF_RTOL,
                        REF_ATOL);
        DT_ASSERT_CLOSE(rd->eu_ji[ij],
                        csv_num(&pairs, k, "EU_i_of_j_challenging_i"), REF_RTOL,
                        REF_ATOL);
        assert_string_equal(ref_class(rd->cls[ij]),
                            csv_get(&pairs, k, "offer_type_for_i"));
        if (np[0])
            DT_ASSERT_CLOSE(rd->new_pos[ij], strtod(np, NULL), REF_RTOL,
                            REF_ATOL);
    }
    csv_free(&pairs);
}

/*
 * Preset scholz-replication on the EC case against every file of the
 * reference run: risk exponents, accepted offers and positions of all 10
 * rounds, the round-1 and round-4 detail (all 90 ordered pairs, the risk
 * phase, the DEN scalars).
 */
static void test_eu__replication_reference(void **state)
{
    dt_model_opts o = preset("scholz-replication");
    dt_line line = make_line(EC_N, ec_x, ec_c, ec_s);
    dt_model *m = new_eu(EC_N, &o);
    csv pos, off, rexp;
    size_t k, next_off = 0;
    unsigned rnd;
    dt_error err;
    dt_eu_round rd;

    (void)state;
    csv_load(&pos, dt_test_data("bdm1994-ec-emissions/reference/"
                                "positions.csv"));
    csv_load(&off, dt_test_data("bdm1994-ec-emissions/reference/offers.csv"));
    csv_load(&rexp, dt_test_data("bdm1994-ec-emissions/reference/"
                                 "risk_exponents.csv"));
    assert_int_equal(pos.rows, 11 * EC_N);
    assert_int_equal(rexp.rows, 10 * EC_N);
    assert_int_equal(dt_model_init(m, &line, &err), DT_OK);
    for (rnd = 0; rnd <= 10; rnd++) {
        const double *x;

        if (rnd > 0) {
            size_t n_ref = 0;

            assert_int_equal(dt_model_stop(m), DT_STOP_NONE);
            assert_int_equal(dt_model_step(m, &err), DT_OK);
            assert_int_equal(dt_eu_last_round(m, &rd, &err), DT_OK);
            assert_int_equal(rd.round, rnd);
            for (k = 0; k < rexp.rows; k++) {
                if ((unsigned)csv_num(&rexp, k, "round") != rnd)
                    continue;
                DT_ASSERT_CLOSE(rd.r[ec_index(csv_get(&rexp, k, "actor"))],
                                csv_num(&rexp, k, "r"), REF_RTOL, REF_ATOL);
            }
            for (k = next_off; k < off.rows; k++) {
                const dt_eu_offer *of;

                if ((unsigned)csv_num(&off, k, "round") != rnd)
                    break;
                assert_true(n_ref < rd.n_offers);
                of = &rd.offers[n_ref++];
                assert_int_equal(of->receiver,
                                 ec_index(csv_get(&off, k, "receiver")));
                assert_int_equal(of->proposer,
                                 ec_index(csv_get(&off, k, "proposer")));
                assert_string_equal(dt_eu_class_str(of->type),
                                    csv_get(&off, k, "type"));
                DT_ASSERT_CLOSE(
                    of->eu_receiver,
                    csv_num(&off, k, "eu_receiver_challenges_proposer"),
                    REF_RTOL, REF_ATOL);
                DT_ASSERT_CLOSE(
                    of->eu_proposer,
                    csv_num(&off, k, "eu_proposer_challenges_receiver"),
                    REF_RTOL, REF_ATOL);
                DT_ASSERT_CLOSE(of->to, csv_num(&off, k, "new_position"),
                                REF_RTOL, REF_ATOL);
            }
            next_off = k;
            assert_int_equal(rd.n_offers, n_ref);
            if (rnd == 1)
                check_detail(&rd, "round1_detail");
            if (rnd == 4)
                check_detail(&rd, "round4_detail");
        }
        x = dt_model_positions(m);
        for (k = 0; k < pos.rows; k++) {
            if ((unsigned)csv_num(&pos, k, "round") != rnd)
                continue;
            DT_ASSERT_CLOSE(x[ec_index(csv_get(&pos, k, "actor"))],
                            csv_num(&pos, k, "position"), REF_RTOL, REF_ATOL);
        }
    }
    assert_int_equal(next_off, off.rows);
    /* Exactly 10 rounds, no early stop (spec 9). */
    assert_int_equal(dt_model_stop(m), DT_STOP_ROUND_CAP);
    csv_free(&pos);
    csv_free(&off);
    csv_free(&rexp);
    dt_model_free(m);
}

/*
 * The trace of the same run: the weighted median of every round (spec 9,
 * five decimals) and the final mean and median (data/README.md).
 */
static void test_eu__replication_trace(void **state)
{
    static const double medians[10] = {8.41593, 9.61086, 9.96198, 9.96198,
                                       9.96198, 7.47205, 8.82459, 9.67113,
                                       9.67113, 7.0};
    dt_model_opts o = preset("scholz-replication");
    dt_line line = make_line(EC_N, ec_x, ec_c, ec_s);
    dt_model *m = new_eu(EC_N, &o);
    dt_trace tr = DT_TRACE_INIT;
    dt_model_result res;
    size_t k;

    (void)state;
    assert_int_equal(dt_model_solve(m, &line, &tr, &res, NULL), DT_OK);
    assert_int_equal(tr.rounds, 11);
    for (k = 0; k < 10; k++)
        DT_ASSERT_CLOSE(tr.median[k + 1], medians[k], 0.0, 5e-6);
    DT_ASSERT_REL(tr.mean[10], 7.242130958473938, REF_RTOL);
    DT_ASSERT_REL(res.mean, 7.242130958473938, REF_RTOL);
    DT_ASSERT_REL(res.median, 7.0, 0.0);
    DT_ASSERT_REL(res.point, 7.0, 0.0); /* point = median by default */
    assert_int_equal(res.stop, DT_STOP_ROUND_CAP);
    assert_int_equal(res.rounds, 10);
    assert_int_equal(res.period, 0);
    dt_trace_release(&tr);
    dt_model_free(m);
}

/* ---- Cases computed by hand ------------------------------------------ */

/*
 * Two actors, paper defaults. A: x = 2, c = 0.6, s = 0.5; B: x = 8,
 * c = 0.3, s = 0.9. Delta = 6, weights w = (0.3, 0.27), d_AB = 1.
 *
 * Risk phase, r = 1: u_A = (0, 1), u_B = (1, 0) over (A, B).
 * v_A(A,B) = 0.3 (1 - 0) = 0.3, v_B(A,B) = 0.27 (0 - 1) = -0.27, so with
 * the pair denominator P(A,B) = 0.3/0.57 = 10/19, P(B,A) = 9/19.
 * D_A = EU(B->A) = 2 d [1 - 2 s_A (1 - P(B,A))] = 2 (1 - 10/19) = 18/19,
 * D_B = EU(A->B) = 2 [1 - 1.8 (9/19)] = 5.6/19 = 28/95.
 * D_max = D_A, D_min = D_B: R = (1, -1), r = (1/2, 2).
 *
 * Offer phase: d = 1, so u = d^r = 1 and P is unchanged. A's view,
 * r = 1/2: U_s = 2 - 4 * 0 = 2, U_f = 2 - 4 * 1 = -2,
 * U_sq = 2 - 4 sqrt(1/2) = 2 - 2 sqrt 2.
 * a = EU^A(AB) = 0.9 (2 P - 2 (1 - P)) + 0.1 * 2 - U_sq
 *   = 0.9 * 2/19 + 0.2 + 2 sqrt 2 - 2 = 1.8/19 - 1.8 + 2 sqrt 2,
 * b = EU^A(BA) = 0.5 * 2 (18/19 - 1) + 0.5 * 2 - U_sq
 *   = -1/19 - 1 + 2 sqrt 2.
 * b > a > 0: confrontation, A moves to 8.
 * B's view, r = 2: U_s = 2, U_f = -2, U_sq = 2 - 4/4 = 1.
 * EU^B(BA) = -1/19 + 1 - 1 = -1/19, EU^B(AB) = 1.8/19 + 0.2 - 1: both
 * negative, a stalemate. Round 2: both at 8, nobody moves: converged,
 * forecast 8.
 */
static void test_eu__hand_two_actors(void **state)
{
    double x[2] = {2, 8}, c[2] = {0.6, 0.3}, s[2] = {0.5, 0.9};
    dt_line line = make_line(2, x, c, s);
    dt_model *m = new_eu(2, NULL);
    dt_eu_round rd;
    dt_model_result res;
    dt_error err;
    double rt2 = sqrt(2.0);

    (void)state;
    one_round(m, &line, &rd);
    DT_ASSERT_REL(rd.delta, 6.0, 0.0);
    DT_ASSERT_REL(rd.danger[0], 18.0 / 19.0, 1e-14);
    DT_ASSERT_REL(rd.danger[1], 28.0 / 95.0, 1e-14);
    DT_ASSERT_REL(rd.risk[0], 1.0, 1e-14);
    DT_ASSERT_REL(rd.risk[1], -1.0, 1e-14);
    DT_ASSERT_REL(rd.r[0], 0.5, 1e-14);
    DT_ASSERT_REL(rd.r[1], 2.0, 1e-14);
    assert_true(isnan(rd.den_risk) && isnan(rd.den_offer));
    DT_ASSERT_REL(rd.p[0 * 2 + 1], 10.0 / 19.0, 1e-14);
    DT_ASSERT_REL(rd.p[1 * 2 + 0], 9.0 / 19.0, 1e-14);
    DT_ASSERT_REL(rd.eu_ij[0 * 2 + 1], 1.8 / 19.0 - 1.8 + 2 * rt2, 1e-14);
    DT_ASSERT_REL(rd.eu_ji[0 * 2 + 1], -1.0 / 19.0 - 1.0 + 2 * rt2, 1e-14);
    DT_ASSERT_REL(rd.eu_ij[1 * 2 + 0], -1.0 / 19.0, 1e-13);
    DT_ASSERT_REL(rd.eu_ji[1 * 2 + 0], 1.8 / 19.0 - 0.8, 1e-14);
    assert_int_equal(rd.cls[0 * 2 + 1], DT_EU_CLASS_CONFRONTATION);
    assert_int_equal(rd.cls[1 * 2 + 0], DT_EU_CLASS_STALEMATE);
    DT_ASSERT_REL(rd.new_pos[0 * 2 + 1], 8.0, 0.0);
    assert_true(isnan(rd.new_pos[1 * 2 + 0]));
    assert_int_equal(rd.n_offers, 1);
    assert_int_equal(rd.offers[0].receiver, 0);
    assert_int_equal(rd.offers[0].proposer, 1);
    assert_int_equal(rd.offers[0].type, DT_EU_CLASS_CONFRONTATION);
    DT_ASSERT_REL(rd.offers[0].from, 2.0, 0.0);
    DT_ASSERT_REL(rd.offers[0].to, 8.0, 0.0);
    assert_int_equal(dt_model_stop(m), DT_STOP_NONE);
    assert_int_equal(dt_model_step(m, &err), DT_OK);
    assert_int_equal(dt_model_stop(m), DT_STOP_CONVERGED);
    dt_model_get_result(m, &res);
    assert_int_equal(res.rounds, 2);
    DT_ASSERT_REL(res.point, 8.0, 0.0);
    dt_model_free(m);
}

/*
 * Three actors, risk phase by hand. A: x = 0, c = 1, s = 0.5; B: x = 4,
 * c = 2, s = 0.25; C: x = 10, c = 1, s = 1. Delta = 10, w = (0.5, 0.5, 1).
 * r = 1: u_A = (0, .4, 1), u_B = (.4, 0, .6), u_C = (1, .6, 0).
 * Votes v_k(a,b) = w_k (u_k(b) - u_k(a)):
 *   (A,B): .2, -.2, -.4 -> pair P(A,B) = .2/.8 = 1/4, P(B,A) = 3/4;
 *   (A,C): .5, .1, -1   -> P(A,C) = .6/1.6 = 3/8, P(C,A) = 5/8;
 *   (B,C): .3, .3, -.6  -> P(B,C) = P(C,B) = 1/2.
 * D_i = sum_j 2 d_ij [1 - 2 s_i (1 - P(j,i))]:
 *   D_A = .8 [1 - (1/4)] + 2 [1 - (3/8)] = .6 + 1.25 = 1.85,
 *   D_B = .8 [1 - .5 (3/4)] + 1.2 [1 - .5 (1/2)] = .5 + .9 = 1.4,
 *   D_C = 2 [1 - 2 (5/8)] + 1.2 [1 - 2 (1/2)] = -.5.
 * R = (1, (2.8 - 1.85 + .5) / 2.35 = 29/47, -1),
 * r_B = (1 - 29/141) / (1 + 29/141) = 112/170 = 56/85.
 */
static void test_eu__hand_three_actors_risk(void **state)
{
    double x[3] = {0, 4, 10}, c[3] = {1, 2, 1}, s[3] = {0.5, 0.25, 1};
    dt_line line = make_line(3, x, c, s);
    dt_model *m = new_eu(3, NULL);
    dt_eu_round rd;

    (void)state;
    one_round(m, &line, &rd);
    DT_ASSERT_REL(rd.danger[0], 1.85, 1e-14);
    DT_ASSERT_REL(rd.danger[1], 1.4, 1e-14);
    DT_ASSERT_REL(rd.danger[2], -0.5, 1e-14);
    DT_ASSERT_REL(rd.risk[0], 1.0, 1e-14);
    DT_ASSERT_REL(rd.risk[1], 29.0 / 47.0, 1e-14);
    DT_ASSERT_REL(rd.risk[2], -1.0, 1e-14);
    DT_ASSERT_REL(rd.r[0], 0.5, 1e-14);
    DT_ASSERT_REL(rd.r[1], 56.0 / 85.0, 1e-14);
    DT_ASSERT_REL(rd.r[2], 2.0, 1e-14);
    dt_model_free(m);
}

/*
 * The same three actors with the global denominator (spec 4), by hand.
 * Per voter, sum over ordered pairs of |u_k(p) - u_k(q)|:
 * A: 2 (.4 + 1 + .6) = 4, B: 2 (.4 + .2 + .6) = 2.4, C: 4; weighted
 * DEN = .5 * 4 + .5 * 2.4 + 1 * 4 = 7.2. Numerators as above:
 * P(B,A) = .6/7.2 = 1/12, P(C,A) = 1/7.2 = 5/36, P(A,B) = .2/7.2 = 1/36,
 * P(C,B) = .6/7.2 = 1/12, P(A,C) = 1/12, P(B,C) = 1/12.
 *   D_A = .8 [1 - (11/12)] + 2 [1 - (31/36)] = 1/15 + 5/18 = 31/90,
 *   D_B = .8 [1 - .5 (35/36)] + 1.2 [1 - .5 (11/12)] = 37/90 + .65,
 *   D_C = 2 [1 - 2 (11/12)] + 1.2 [1 - 2 (11/12)] = -5/3 - 1 = -8/3.
 */
static void test_eu__hand_three_actors_global(void **state)
{
    double x[3] = {0, 4, 10}, c[3] = {1, 2, 1}, s[3] = {0.5, 0.25, 1};
    dt_line line = make_line(3, x, c, s);
    dt_model_opts o = DT_MODEL_OPTS_INIT;
    dt_model *m;
    dt_eu_round rd;
    double da = 31.0 / 90.0, db = 37.0 / 90.0 + 0.65, dc = -8.0 / 3.0;

    (void)state;
    o.denominator = DT_EU_DEN_GLOBAL;
    m = new_eu(3, &o);
    one_round(m, &line, &rd);
    DT_ASSERT_REL(rd.den_risk, 7.2, 1e-14);
    DT_ASSERT_REL(rd.danger[0], da, 1e-14);
    DT_ASSERT_REL(rd.danger[1], db, 1e-14);
    DT_ASSERT_REL(rd.danger[2], dc, 1e-14);
    /* D_B is now the largest, D_C the smallest. */
    DT_ASSERT_REL(rd.risk[0], (2 * da - db - dc) / (db - dc), 1e-14);
    DT_ASSERT_REL(rd.risk[1], 1.0, 1e-14);
    /* Global probabilities are small: no pair sums to 1. */
    assert_true(rd.p[0 * 3 + 1] + rd.p[1 * 3 + 0] < 0.5);
    assert_true(rd.den_offer > 0.0);
    dt_model_free(m);
}

/* ---- Paper defaults on the EC case ----------------------------------- */

/*
 * P and EU recomputed from spec sections 4 and 5 (Q = 1) straight from
 * the exposed x and r, and the pair denominator's P(a,b) + P(b,a) = 1.
 */
static void check_pair_round(const dt_eu_round *rd, const double *c,
                             const double *s)
{
    size_t n = rd->n, i, j, k;

    for (i = 0; i < n; i++) {
        for (j = 0; j < n; j++) {
            double num = 0.0, den = 0.0, d, us, uf, usq;

            if (i == j)
                continue;
            d = fabs(rd->x[i] - rd->x[j]) / rd->delta;
            if (rd->x[i] == rd->x[j]) {
                DT_ASSERT_REL(rd->p[i * n + j], 0.0, 0.0);
                assert_int_equal(rd->cls[i * n + j], DT_EU_CLASS_NONE);
            } else {
                for (k = 0; k < n; k++) {
                    double v =
                        c[k] * s[k] *
                        (pow(fabs(rd->x[k] - rd->x[j]) / rd->delta, rd->r[k]) -
                         pow(fabs(rd->x[k] - rd->x[i]) / rd->delta, rd->r[k]));

                    num += v > 0 ? v : 0;
                    den += fabs(v);
                }
                DT_ASSERT_CLOSE(rd->p[i * n + j], num / den, 1e-12, 1e-15);
                DT_ASSERT_CLOSE(rd->p[i * n + j] + rd->p[j * n + i], 1.0, 1e-14,
                                0.0);
            }
            us = 2 - 4 * pow(0.5 - 0.5 * d, rd->r[i]);
            uf = 2 - 4 * pow(0.5 + 0.5 * d, rd->r[i]);
            usq = 2 - 4 * pow(0.5, rd->r[i]);
            DT_ASSERT_CLOSE(
                rd->eu_ij[i * n + j],
                s[j] * (rd->p[i * n + j] * us + (1 - rd->p[i * n + j]) * uf) +
                    (1 - s[j]) * us - usq,
                1e-12, 1e-14);
            DT_ASSERT_CLOSE(
                rd->eu_ji[i * n + j],
                s[i] * (rd->p[j * n + i] * us + (1 - rd->p[j * n + i]) * uf) +
                    (1 - s[i]) * us - usq,
                1e-12, 1e-14);
        }
    }
}

/*
 * Paper options (pair denominator, least move, capitulation on, Q = 1).
 * Stop reason and length cross-checked with an independent naive Python
 * transcription of the spec: converged, 4 rounds (nobody moves in round
 * 4), everyone at 7. Here: structural facts every round.
 */
static void test_eu__paper_defaults_ec(void **state)
{
    dt_line line = make_line(EC_N, ec_x, ec_c, ec_s);
    dt_model *m = new_eu(EC_N, NULL);
    dt_model_result res;
    dt_eu_round rd;
    dt_error err;
    size_t k;

    (void)state;
    assert_int_equal(dt_model_init(m, &line, &err), DT_OK);
    while (dt_model_stop(m) == DT_STOP_NONE) {
        const double *x;

        assert_int_equal(dt_model_step(m, &err), DT_OK);
        assert_int_equal(dt_eu_last_round(m, &rd, &err), DT_OK);
        check_pair_round(&rd, ec_c, ec_s);
        for (k = 0; k < EC_N; k++) {
            assert_true(rd.r[k] >= 0.5 - 1e-15 && rd.r[k] <= 2.0 + 1e-15);
            assert_true(fabs(rd.risk[k]) <= 1.0 + 1e-15);
        }
        x = dt_model_positions(m);
        for (k = 0; k < EC_N; k++)
            assert_true(x[k] >= 4.0 && x[k] <= 10.0); /* initial hull */
        for (k = 0; k < rd.n_offers; k++) {
            assert_true(k == 0 ||
                        rd.offers[k].receiver > rd.offers[k - 1].receiver);
            DT_ASSERT_REL(x[rd.offers[k].receiver], rd.offers[k].to, 0.0);
        }
    }
    dt_model_get_result(m, &res);
    assert_int_equal(res.stop, DT_STOP_CONVERGED);
    assert_int_equal(res.rounds, 4);
    assert_int_equal(res.period, 0);
    DT_ASSERT_REL(res.point, 7.0, 1e-15);
    DT_ASSERT_REL(res.median, 7.0, 1e-15);
    DT_ASSERT_REL(res.mean, 7.0, 1e-15);
    dt_model_free(m);
}

/* ---- Degenerate lines ------------------------------------------------ */

/*
 * All actors at one point: Delta = 0, the forecast is that point; one
 * neutral step, then converged (like the one-step mean and median).
 */
static void test_eu__delta_zero(void **state)
{
    double x[3] = {5.5, 5.5, 5.5}, c[3] = {1, 2, 3}, s[3] = {0.2, 0.5, 1};
    dt_line line = make_line(3, x, c, s);
    dt_model *m = new_eu(3, NULL);
    dt_model_result res;
    dt_eu_round rd;
    size_t k;

    (void)state;
    assert_int_equal(dt_model_solve(m, &line, NULL, &res, NULL), DT_OK);
    assert_int_equal(res.stop, DT_STOP_CONVERGED);
    assert_int_equal(res.rounds, 1);
    DT_ASSERT_REL(res.point, 5.5, 0.0);
    DT_ASSERT_REL(res.mean, 5.5, 1e-15);
    assert_int_equal(dt_eu_last_round(m, &rd, NULL), DT_OK);
    assert_int_equal(rd.n_offers, 0);
    DT_ASSERT_REL(rd.delta, 0.0, 0.0);
    for (k = 0; k < 3; k++)
        DT_ASSERT_REL(rd.r[k], 1.0, 0.0);
    /* A single actor is the same case. */
    line.n = 1;
    assert_int_equal(dt_model_solve(m, &line, NULL, &res, NULL), DT_OK);
    assert_int_equal(res.stop, DT_STOP_CONVERGED);
    DT_ASSERT_REL(res.point, 5.5, 0.0);
    dt_model_free(m);
}

/*
 * Zero-weight actors cast no vote and do not count in the mean and
 * median, but still bargain. With every weight zero nobody separates any
 * pair: P = 1/2 (pair denominator), and nothing is NaN.
 */
static void test_eu__zero_weight(void **state)
{
    double x[4] = {0, 4, 10, 7}, c[4] = {1, 2, 1, 0},
           s[4] = {0.5, 0.25, 1, 0.6};
    double z[4] = {0, 0, 0, 0};
    dt_line line = make_line(4, x, c, s);
    dt_model *m = new_eu(4, NULL);
    dt_model_result res;
    dt_eu_round rd;
    size_t k;

    (void)state;
    one_round(m, &line, &rd);
    check_pair_round(&rd, c, s);
    /* The median of the three weighted actors (weights .5 .5 1) is 4. */
    DT_ASSERT_REL(rd.mu, 4.0, 0.0);
    assert_int_equal(dt_model_solve(m, &line, NULL, &res, NULL), DT_OK);
    assert_int_not_equal(res.stop, DT_STOP_NONE);
    assert_false(isnan(res.point) || isnan(res.mean));

    line.c = z;
    one_round(m, &line, &rd);
    for (k = 0; k < 16; k++) {
        assert_false(isnan(rd.p[k]) || isnan(rd.eu_ij[k]) ||
                     isnan(rd.eu_ji[k]));
        if (k / 4 != k % 4)
            DT_ASSERT_REL(rd.p[k], 0.5, 0.0);
    }
    assert_int_equal(dt_model_solve(m, &line, NULL, &res, NULL), DT_OK);
    assert_int_not_equal(res.stop, DT_STOP_NONE);
    assert_false(isnan(res.point));
    dt_model_free(m);
}

/* ---- Stopping -------------------------------------------------------- */

/*
 * The EC case with the global denominator (otherwise paper options)
 * cycles: the state after round 49 repeats the one after round 31
 * (period 18; cross-checked with the independent Python transcription).
 * The forecast statistics are averages over the 18 states of the cycle.
 */
static void test_eu__cycle(void **state)
{
    dt_line line = make_line(EC_N, ec_x, ec_c, ec_s);
    dt_model_opts o = DT_MODEL_OPTS_INIT;
    dt_trace tr = DT_TRACE_INIT;
    dt_model_result res;
    dt_model *m;
    double sm = 0.0, sd = 0.0;
    size_t k, t;

    (void)state;
    o.denominator = DT_EU_DEN_GLOBAL;
    m = new_eu(EC_N, &o);
    assert_int_equal(dt_model_solve(m, &line, &tr, &res, NULL), DT_OK);
    assert_int_equal(res.stop, DT_STOP_CYCLE);
    assert_int_equal(res.rounds, 49);
    assert_int_equal(res.period, 18);
    assert_int_equal(tr.rounds, 50);
    for (k = 0; k < EC_N; k++)
        DT_ASSERT_REL(tr.x[49 * EC_N + k], tr.x[31 * EC_N + k], 0.0);
    for (t = 31; t < 49; t++) {
        sm += tr.mean[t];
        sd += tr.median[t];
    }
    DT_ASSERT_REL(res.mean, sm / 18.0, 1e-15);
    DT_ASSERT_REL(res.median, sd / 18.0, 1e-15);
    DT_ASSERT_REL(res.point, res.median, 0.0);

    /* Without cycle detection the same run goes on to the cap. */
    dt_model_free(m);
    o.cycle_detect = 0;
    m = new_eu(EC_N, &o);
    assert_int_equal(dt_model_solve(m, &line, NULL, &res, NULL), DT_OK);
    assert_int_equal(res.stop, DT_STOP_ROUND_CAP);
    assert_int_equal(res.rounds, 100);
    dt_trace_release(&tr);
    dt_model_free(m);
}

/* Round cap and exact_rounds. */
static void test_eu__rounds(void **state)
{
    dt_line line = make_line(EC_N, ec_x, ec_c, ec_s);
    dt_model_opts o = DT_MODEL_OPTS_INIT;
    dt_model_result res;
    dt_model *m;

    (void)state;
    /* The global run cycles at 49: a cap of 10 comes first. */
    o.denominator = DT_EU_DEN_GLOBAL;
    o.max_rounds = 10;
    m = new_eu(EC_N, &o);
    assert_int_equal(dt_model_solve(m, &line, NULL, &res, NULL), DT_OK);
    assert_int_equal(res.stop, DT_STOP_ROUND_CAP);
    assert_int_equal(res.rounds, 10);
    dt_model_free(m);
    /* Paper options converge after 4 rounds; exact_rounds plays all 7. */
    o = (dt_model_opts)DT_MODEL_OPTS_INIT;
    o.max_rounds = 7;
    o.exact_rounds = 1;
    m = new_eu(EC_N, &o);
    assert_int_equal(dt_model_solve(m, &line, NULL, &res, NULL), DT_OK);
    assert_int_equal(res.stop, DT_STOP_ROUND_CAP);
    assert_int_equal(res.rounds, 7);
    DT_ASSERT_REL(res.point, 7.0, 1e-15);
    dt_model_free(m);
}

/* ---- Each option changes what it should ------------------------------ */

/*
 * compromise_choice on the reference's round-4 state (positions after
 * round 3; Delta is still 6). Belgium's compromises: with Netherlands (and
 * Germany) to 4.8009 and with France (and Italy) to 9.9996 (reference
 * round4_detail). replication_key picks Netherlands (as the reference
 * does); least_move the nearer France.
 */
static void test_eu__option_compromise(void **state)
{
    double x[EC_N] = {4.0,
                      9.961979590401311,
                      9.610859134120188,
                      4.0,
                      10.0,
                      10.0,
                      10.0,
                      8.415932315426764,
                      4.0,
                      7.0};
    dt_line line = make_line(EC_N, x, ec_c, ec_s);
    dt_model_opts o = preset("scholz-replication");
    dt_model *m;
    dt_eu_round rd;

    (void)state;
    m = new_eu(EC_N, &o);
    one_round(m, &line, &rd);
    assert_int_equal(rd.offers[0].receiver, 1);
    assert_int_equal(rd.offers[0].proposer, 0);
    DT_ASSERT_REL(rd.offers[0].to, 4.800881140632622, REF_RTOL);
    dt_model_free(m);
    o.compromise = DT_EU_COMPROMISE_LEAST_MOVE;
    m = new_eu(EC_N, &o);
    one_round(m, &line, &rd);
    assert_int_equal(rd.offers[0].receiver, 1);
    assert_int_equal(rd.offers[0].proposer, 4);
    assert_int_equal(rd.offers[0].type, DT_EU_CLASS_COMPROMISE);
    DT_ASSERT_REL(rd.offers[0].to, 9.999607370747668, REF_RTOL);
    dt_model_free(m);
}

/*
 * capitulation: x = (10, 6, 2), c = (1, 3, 1), s = (1, 1, 0.25). Actor 0's
 * only offer is from actor 1 in the capitulation region (b > 0 > a,
 * b < |a|). On: 0 moves to 6. Off: 0 stays; the region is still reported.
 */
static void test_eu__option_capitulation(void **state)
{
    double x[3] = {10, 6, 2}, c[3] = {1, 3, 1}, s[3] = {1, 1, 0.25};
    dt_line line = make_line(3, x, c, s);
    dt_model_opts o = DT_MODEL_OPTS_INIT;
    dt_model *m;
    dt_eu_round rd;
    double a, b;

    (void)state;
    m = new_eu(3, &o);
    one_round(m, &line, &rd);
    a = rd.eu_ij[0 * 3 + 1];
    b = rd.eu_ji[0 * 3 + 1];
    assert_true(b > 0 && a < 0 && b < -a);
    assert_int_equal(rd.cls[0 * 3 + 1], DT_EU_CLASS_CAPITULATION);
    assert_int_equal(rd.offers[0].receiver, 0);
    assert_int_equal(rd.offers[0].proposer, 1);
    assert_int_equal(rd.offers[0].type, DT_EU_CLASS_CAPITULATION);
    DT_ASSERT_REL(dt_model_positions(m)[0], 6.0, 0.0);
    dt_model_free(m);
    o.capitulation = 0;
    m = new_eu(3, &o);
    one_round(m, &line, &rd);
    assert_int_equal(rd.cls[0 * 3 + 1], DT_EU_CLASS_CAPITULATION);
    assert_true(rd.n_offers == 0 || rd.offers[0].receiver != 0);
    DT_ASSERT_REL(dt_model_positions(m)[0], 10.0, 0.0);
    dt_model_free(m);
}

/*
 * perspective = both on the two-actor hand case: A faces B's own view
 * b = EU^B(BA) = -1/19 < 0 < a, so A has the upper hand and stays. B
 * (a = EU^B(BA) = -1/19, b = EU^A(AB) = 1.8/19 - 1.8 + 2 sqrt 2 > 1/19)
 * compromises: x_B = 8 + (2 - 8) (1/19) / b.
 */
static void test_eu__option_perspective(void **state)
{
    double x[2] = {2, 8}, c[2] = {0.6, 0.3}, s[2] = {0.5, 0.9};
    dt_line line = make_line(2, x, c, s);
    dt_model_opts o = DT_MODEL_OPTS_INIT;
    dt_model *m;
    dt_eu_round rd;
    double b = 1.8 / 19.0 - 1.8 + 2 * sqrt(2.0);

    (void)state;
    o.perspective = DT_EU_PERSPECTIVE_BOTH;
    m = new_eu(2, &o);
    one_round(m, &line, &rd);
    assert_int_equal(rd.cls[0 * 2 + 1], DT_EU_CLASS_UPPER_HAND);
    assert_int_equal(rd.cls[1 * 2 + 0], DT_EU_CLASS_COMPROMISE);
    assert_int_equal(rd.n_offers, 1);
    assert_int_equal(rd.offers[0].receiver, 1);
    DT_ASSERT_REL(rd.offers[0].eu_receiver, -1.0 / 19.0, 1e-13);
    DT_ASSERT_REL(rd.offers[0].eu_proposer, b, 1e-14);
    DT_ASSERT_REL(rd.offers[0].to, 8.0 - 6.0 * (1.0 / 19.0) / b, 1e-13);
    /* The tables keep the receiver's view. */
    DT_ASSERT_REL(rd.eu_ji[1 * 2 + 0], 1.8 / 19.0 - 0.8, 1e-14);
    dt_model_free(m);
}

/*
 * Q = 1/2 on the two-actor hand case. mu = 2 (A's weight .3 of .57
 * reaches half). a: challenger A, |x_A - mu| = 0 < 6, T = 1,
 * t = (0 + 6)/6 = 1, U_b = 2 - 4 sqrt(.25) = 0:
 * a = 1.8/19 + .2 - .5 U_sq - .5 * 0, U_sq = 2 - 2 sqrt 2.
 * b: challenger B, |x_B - mu| = 6 = |x_B - x_A|, T = 0, t = 2,
 * U_w = 2 - 4 sqrt 1 = -2: b = -1/19 + 1 - .5 U_sq + 1.
 */
static void test_eu__option_q(void **state)
{
    double x[2] = {2, 8}, c[2] = {0.6, 0.3}, s[2] = {0.5, 0.9};
    dt_line line = make_line(2, x, c, s);
    dt_model_opts o = DT_MODEL_OPTS_INIT;
    dt_model *m;
    dt_eu_round rd;
    double usq = 2.0 - 2.0 * sqrt(2.0);

    (void)state;
    o.q = 0.5;
    m = new_eu(2, &o);
    one_round(m, &line, &rd);
    DT_ASSERT_REL(rd.mu, 2.0, 0.0);
    /* The risk phase does not depend on Q (spec 6). */
    DT_ASSERT_REL(rd.r[0], 0.5, 1e-14);
    DT_ASSERT_REL(rd.eu_ij[0 * 2 + 1], 1.8 / 19.0 + 0.2 - 0.5 * usq, 1e-14);
    DT_ASSERT_REL(rd.eu_ji[0 * 2 + 1], -1.0 / 19.0 + 2.0 - 0.5 * usq, 1e-14);
    dt_model_free(m);
}

/*
 * risk_range = positions on the three-actor hand case (pair
 * denominator). Danger of each actor at every other actor's position,
 * r = 1 (u = distance / 10, w = (.5, .5, 1)):
 * A at 4 (A' = B = 4, C = 10): only C counts, votes on (C, 4):
 *   -.3, -.3, .6, P = .5: D = 1.2 [1 - (.5)] = .6. A at 10: only B,
 *   votes on (B, 10): -.3, .3, -.6, P = .25: D = 1.2 [1 - .75] = .3.
 *   D_A = 1.85 is the largest: R_A = 1.
 * B at 0: only C, votes on (C, 0): -.5, -.5, 1, P = .5:
 *   D = 2 [1 - .5 (.5)] = 1.5. B at 10: only A, votes on (A, 10):
 *   .5, -.5, -1, P = .25: D = 2 [1 - .5 (.75)] = 1.25. D_B = 1.4:
 *   R_B = (2.8 - 1.5 - 1.25) / .25 = .2, r_B = (2.8/3) / (3.2/3) = .875.
 * C at 0: only B, votes on (B, 0): -.2, .2, -.4, P = .25:
 *   D = .8 [1 - 1.5] = -.4. C at 4: only A, votes on (A, 4): .2, -.2,
 *   -.4, P = .25: D = -.4. D_C = -.5 is the smallest: R_C = -1.
 */
static void test_eu__option_risk_range(void **state)
{
    double x[3] = {0, 4, 10}, c[3] = {1, 2, 1}, s[3] = {0.5, 0.25, 1};
    dt_line line = make_line(3, x, c, s);
    dt_model_opts o = DT_MODEL_OPTS_INIT;
    dt_model *m;
    dt_eu_round rd;

    (void)state;
    o.risk_range = DT_EU_RISK_POSITIONS;
    m = new_eu(3, &o);
    one_round(m, &line, &rd);
    DT_ASSERT_REL(rd.danger[1], 1.4, 1e-14); /* unchanged */
    DT_ASSERT_REL(rd.risk[0], 1.0, 1e-14);
    DT_ASSERT_REL(rd.risk[1], 0.2, 1e-13);
    DT_ASSERT_REL(rd.risk[2], -1.0, 1e-14);
    DT_ASSERT_REL(rd.r[1], 0.875, 1e-13);
    dt_model_free(m);
    /* With the global denominator too: R stays on [-1, 1]. */
    o.denominator = DT_EU_DEN_GLOBAL;
    m = new_eu(3, &o);
    one_round(m, &line, &rd);
    DT_ASSERT_REL(rd.risk[0], 1.0, 1e-14);
    DT_ASSERT_REL(rd.risk[1], -1.0, 1e-14);
    DT_ASSERT_REL(rd.risk[2], -1.0, 1e-14);
    dt_model_free(m);
}

/* denominator: pair sums to one, global does not and reports DEN. */
static void test_eu__option_denominator(void **state)
{
    dt_line line = make_line(EC_N, ec_x, ec_c, ec_s);
    dt_model_opts o = DT_MODEL_OPTS_INIT;
    dt_model *m = new_eu(EC_N, &o);
    dt_eu_round rd;
    size_t i, j;

    (void)state;
    one_round(m, &line, &rd);
    assert_true(isnan(rd.den_offer));
    for (i = 0; i < EC_N; i++)
        for (j = 0; j < EC_N; j++)
            if (ec_x[i] != ec_x[j])
                DT_ASSERT_REL(rd.p[i * EC_N + j] + rd.p[j * EC_N + i], 1.0,
                              1e-15);
    dt_model_free(m);
    o.denominator = DT_EU_DEN_GLOBAL;
    m = new_eu(EC_N, &o);
    one_round(m, &line, &rd);
    assert_true(rd.den_offer > 0.0 && rd.den_risk > 0.0);
    for (i = 0; i < EC_N; i++)
        for (j = 0; j < EC_N; j++)
            assert_true(rd.p[i * EC_N + j] + rd.p[j * EC_N + i] < 0.05);
    dt_model_free(m);
}

/* point: the forecast is the median by default, the mean on request. */
static void test_eu__option_point(void **state)
{
    dt_line line = make_line(EC_N, ec_x, ec_c, ec_s);
    dt_model_opts o = preset("scholz-replication");
    dt_model_result res;
    dt_model *m;

    (void)state;
    o.point = DT_EU_POINT_MEAN;
    m = new_eu(EC_N, &o);
    assert_int_equal(dt_model_solve(m, &line, NULL, &res, NULL), DT_OK);
    DT_ASSERT_REL(res.point, 7.242130958473938, REF_RTOL);
    DT_ASSERT_REL(res.median, 7.0, 0.0);
    dt_model_free(m);
}

/* ---- Errors and memory ----------------------------------------------- */

static void test_eu__errors(void **state)
{
    double x[2] = {2, 8}, c[2] = {0.6, 0.3}, s[2] = {0.5, 1.5};
    dt_line line = make_line(2, x, c, s);
    dt_model *m = new_eu(2, NULL), *mean = NULL;
    dt_eu_round rd;
    dt_error err;

    (void)state;
    /* Salience above 1. */
    assert_int_equal(dt_model_init(m, &line, &err), DT_EINVAL);
    assert_int_equal(err.code, DT_EINVAL);
    /* No detail before init, nor before a round. */
    assert_int_equal(dt_eu_last_round(m, &rd, &err), DT_EINVAL);
    s[1] = 0.9;
    assert_int_equal(dt_model_init(m, &line, &err), DT_OK);
    assert_int_equal(dt_eu_last_round(m, &rd, &err), DT_EINVAL);
    /* Stepping past the stop. */
    assert_int_equal(dt_model_step(m, &err), DT_OK);
    assert_int_equal(dt_model_step(m, &err), DT_OK);
    assert_int_equal(dt_model_stop(m), DT_STOP_CONVERGED);
    assert_int_equal(dt_model_step(m, &err), DT_EINVAL);
    /* More actors than room for. */
    line.n = 3;
    assert_int_equal(dt_model_init(m, &line, &err), DT_EINVAL);
    /* Not an eu model. */
    assert_int_equal(dt_model_new(&dt_model_mean, 2, NULL, NULL, &mean, &err),
                     DT_OK);
    assert_int_equal(dt_eu_last_round(mean, &rd, &err), DT_EINVAL);
    assert_string_equal(dt_eu_class_str(DT_EU_CLASS_UPPER_HAND), "upper_hand");
    assert_string_equal(dt_eu_class_str((dt_eu_class)99), "unknown");
    dt_model_free(mean);
    dt_model_free(m);
}

/* Counting allocator that can fail the n-th call. */
typedef struct count_alloc {
    unsigned calls;   /* allocations so far */
    unsigned fail_at; /* fail this call (1-based), 0 = never */
    size_t live;      /* bytes outstanding */
} count_alloc;

static void *count_realloc(void *ud, void *p, size_t old, size_t size)
{
    count_alloc *ca = ud;

    if (size == 0) {
        ca->live -= old;
        free(p);
        return NULL;
    }
    ca->calls++;
    if (ca->fail_at && ca->calls == ca->fail_at)
        return NULL;
    p = realloc(p, size);
    if (p)
        ca->live += size - old;
    return p;
}

/*
 * The workspace is allocated once by dt_model_new; init and step never
 * allocate. Failing either allocation gives DT_ENOMEM and no leak.
 */
static void test_eu__memory(void **state)
{
    count_alloc ca = {0, 0, 0};
    dt_allocator a = {count_realloc, &ca};
    dt_line line = make_line(EC_N, ec_x, ec_c, ec_s);
    dt_model_opts o = DT_MODEL_OPTS_INIT;
    dt_model_result res;
    dt_model *m = NULL;
    unsigned calls, k;
    dt_error err;

    (void)state;
    o.denominator = DT_EU_DEN_GLOBAL;
    o.risk_range = DT_EU_RISK_POSITIONS;
    assert_int_equal(dt_model_new(&dt_model_eu, EC_N, &o, &a, &m, &err), DT_OK);
    calls = ca.calls;
    assert_int_equal(dt_model_solve(m, &line, NULL, &res, &err), DT_OK);
    assert_int_equal(ca.calls, calls);
    dt_model_free(m);
    assert_int_equal(ca.live, 0);
    for (k = 1; k <= calls; k++) {
        ca.calls = 0;
        ca.fail_at = k;
        m = NULL;
        assert_int_equal(dt_model_new(&dt_model_eu, EC_N, &o, &a, &m, &err),
                         DT_ENOMEM);
        assert_null(m);
        assert_int_equal(ca.live, 0);
    }
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_eu__replication_reference),
        cmocka_unit_test(test_eu__replication_trace),
        cmocka_unit_test(test_eu__hand_two_actors),
        cmocka_unit_test(test_eu__hand_three_actors_risk),
        cmocka_unit_test(test_eu__hand_three_actors_global),
        cmocka_unit_test(test_eu__paper_defaults_ec),
        cmocka_unit_test(test_eu__delta_zero),
        cmocka_unit_test(test_eu__zero_weight),
        cmocka_unit_test(test_eu__cycle),
        cmocka_unit_test(test_eu__rounds),
        cmocka_unit_test(test_eu__option_compromise),
        cmocka_unit_test(test_eu__option_capitulation),
        cmocka_unit_test(test_eu__option_perspective),
        cmocka_unit_test(test_eu__option_q),
        cmocka_unit_test(test_eu__option_risk_range),
        cmocka_unit_test(test_eu__option_denominator),
        cmocka_unit_test(test_eu__option_point),
        cmocka_unit_test(test_eu__errors),
        cmocka_unit_test(test_eu__memory),
    };

    /* dt_tests [name]: run only the tests matching a pattern. */
    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
