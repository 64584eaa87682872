/*
 * Tests of the solved and swept game sections (games.h, dt_games_sequence) and
 * of the .efg profile writer (game.h): the sweep text's accepted and
 * refused forms with their messages, the options checked against a
 * scenario, thresholds found by bisection against their closed forms
 * (docs/games.md's worked examples, solved by hand in the comments), the
 * threats' x* over o, the ratification's Monte Carlo check, every
 * allocation failing in turn, and Gambit's one-line profile.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <detente/games.h>

#include "dt_test.h"

/*
 * docs/games.md's examples: S_A = 4, S_B = 4; one big step (a = 3, b = 9,
 * h = 3, g = 9, T = 6, q = 0.7); three equal steps; the threat with H =
 * 10, o = 0.4, v_T = 2, mu = 0.5; the ratification with q = 0.2, the
 * setter at 0.9 and the legislature's ideal ~ U[0.3, 0.9].
 */
static const char EXAMPLE[] =
    "name: t\n"
    "issues: [{id: i, name: I, status_quo: 50}]\n"
    "actors: [{id: a, name: A, capability: 1,"
    " issues: {i: {position: 10, salience: 50}}}]\n"
    "staged_deal:\n"
    "  s_a: 4\n"
    "  s_b: {value: 4, range: [0, 12]}\n"
    "  plans:\n"
    "    - id: big\n"
    "      stages: [{a: 3, b: 9, h: 3, g: 9, t_a: 6, t_b: 6, q: 0.7}]\n"
    "    - id: three\n"
    "      stages:\n"
    "        - {a: 1, b: 3, h: 1, g: 3, t_a: 2, t_b: 2, q: 0.7}\n"
    "        - {a: 1, b: 3, h: 1, g: 3, t_a: 2, t_b: 2, q: 0.7}\n"
    "        - {a: 1, b: 3, h: 1, g: 3, t_a: 2, t_b: 2, q: 0.7}\n"
    "threat:\n"
    "  - {id: t, x: 1, v_s: 1, v_t: 2, harm: 10, o: 0.4, k_s: 1, a_s: 3,"
    " mu: 0.5}\n"
    "ratification:\n"
    "  status_quo: 0.2\n"
    "  setter_ideal: 0.9\n"
    "  vetoes:\n"
    "    - {id: leg, excluded: true, uniform: [0.3, 0.9]}\n"
    "    - {id: partner, ideal: 0.6}\n";

static dt_scenario *load(const char *text, const dt_allocator *a)
{
    dt_load_opts opts = DT_LOAD_OPTS_INIT;
    dt_scenario *sc = NULL;
    dt_error err;

    opts.alloc = a;
    if (dt_scenario_parse(text, strlen(text), "t.yaml", DT_FORMAT_YAML, &opts,
                          &sc, &err) != DT_OK)
        fail_msg("%u:%u: %s", err.line, err.col, err.msg);
    return sc;
}

/* dt_games_sequence_sweep_parse(text) must fail with exactly msg. */
static void refused(const char *text, const char *msg)
{
    dt_games_sequence_sweep sw;
    dt_error err;

    memset(&err, 0, sizeof err);
    assert_int_equal(dt_games_sequence_sweep_parse(text, &sw, &err), DT_EINVAL);
    assert_int_equal(err.code, DT_EINVAL);
    assert_string_equal(err.msg, msg);
}

static void test_sequence__sweep_parse(void **state)
{
    dt_games_sequence_sweep sw;
    dt_error err;

    (void)state;
    assert_int_equal(
        dt_games_sequence_sweep_parse("three.*.q=0:1:5", &sw, &err), DT_OK);
    assert_string_equal(sw.param, "three.*.q");
    DT_ASSERT_REL(sw.lo, 0.0, 0);
    DT_ASSERT_REL(sw.hi, 1.0, 0);
    assert_int_equal(sw.steps, 5);
    assert_int_equal(
        dt_games_sequence_sweep_parse("t.x=-1.5:2.385e1:100000", &sw, &err),
        DT_OK);
    assert_string_equal(sw.param, "t.x");
    DT_ASSERT_REL(sw.lo, -1.5, 0);
    DT_ASSERT_REL(sw.hi, 23.85, 0);
    assert_int_equal(sw.steps, 100000);
    /* A point range and the fewest steps. */
    assert_int_equal(
        dt_games_sequence_sweep_parse("big.s_b=2.5:2.5:2", &sw, &err), DT_OK);
    assert_int_equal(sw.steps, 2);
}

static void test_sequence__sweep_refused(void **state)
{
    char name[DT_GAMES_SEQUENCE_PARAM_MAX + 1],
        text[DT_GAMES_SEQUENCE_PARAM_MAX + 64];
    char msg[2 * DT_GAMES_SEQUENCE_PARAM_MAX + 128];
    static const char *const bad[] = {
        "x=1:2",       "x=1:2:1",  "x=1:2:100001", "x=:1:3",    "x=1::3",
        "x=1:2:",      "x=1:2:3x", "x=1:2:-3",     "x=nan:1:3", "x=0:inf:3",
        "x=1e400:2:3", "x=0x:1:3", "x=1:2:3:4"};
    size_t i;

    (void)state;
    refused("big.s_b", "sweep wants PARAM=LO:HI:STEPS, got 'big.s_b'");
    /* A name of DT_GAMES_SEQUENCE_PARAM_MAX bytes does not fit with its NUL. */
    memset(name, 'n', DT_GAMES_SEQUENCE_PARAM_MAX);
    name[DT_GAMES_SEQUENCE_PARAM_MAX] = '\0';
    snprintf(text, sizeof text, "%s=0:1:3", name);
    snprintf(msg, sizeof msg, "sweep wants PARAM=LO:HI:STEPS, got '%s'", text);
    refused(text, msg);
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(msg, sizeof msg,
                 "sweep wants PARAM=LO:HI:STEPS with STEPS >= 2, got '%s'",
                 bad[i]);
        refused(bad[i], msg);
    }
    refused("big.s_b=2:1:3", "sweep big.s_b: low 2 > high 1");
}

/* dt_games_sequence_new(sc, o) must fail with code and exactly msg. */
static void new_fails(const dt_scenario *sc, const dt_games_sequence_opts *o,
                      dt_status code, const char *msg)
{
    dt_games_sequence *seq = (dt_games_sequence *)1;
    dt_error err;

    memset(&err, 0, sizeof err);
    assert_int_equal(dt_games_sequence_new(sc, o, &seq, &err), code);
    assert_null(seq);
    assert_string_equal(err.msg, msg);
}

static dt_games_sequence_sweep sweep_of(const char *text)
{
    dt_games_sequence_sweep sw;
    dt_error err;

    if (dt_games_sequence_sweep_parse(text, &sw, &err) != DT_OK)
        fail_msg("%s", err.msg);
    return sw;
}

/* Options that do not fit the scenario, and a scenario without games. */
static void test_sequence__options_refused(void **state)
{
    static const char none[] = "name: t\n"
                               "issues: [{id: i, name: I, status_quo: 50}]\n"
                               "actors: [{id: a, name: A, capability: 1,"
                               " issues: {i: {position: 10, salience: 50}}}]\n";
    static const char *const nope[] = {"three", "nope"};
    dt_scenario *sc = load(none, NULL);
    dt_games_sequence_opts o = DT_GAMES_SEQUENCE_OPTS_INIT;
    dt_games_sequence_sweep sw;

    (void)state;
    new_fails(sc, NULL, DT_ESCENARIO,
              "'t.yaml' has no staged_deal, threat or ratification section");
    dt_scenario_free(sc);
    sc = load(EXAMPLE, NULL);
    o.plans = nope;
    o.n_plans = 2;
    new_fails(sc, &o, DT_EINVAL, "plans: no plan 'nope' in the staged_deal");
    o.n_plans = 1;
    sw = sweep_of("three.4.q=0:1:3"); /* three has 3 stages */
    o.sweeps = &sw;
    o.n_sweeps = 1;
    new_fails(sc, &o, DT_EINVAL,
              "sweep: unknown parameter 'three.4.q' (names: PLAN.s_a, "
              "PLAN.s_b, PLAN.K.KEY, PLAN.*.KEY, THREAT.KEY, "
              "ratification.setter_ideal, ratification.status_quo, "
              "VETO.ideal, VETO.lo, VETO.hi)");
    sw = sweep_of("three.*.q=0.25:1.5:3");
    new_fails(sc, &o, DT_EINVAL,
              "sweep three.*.q: [0.25, 1.5] leaves the valid range (a "
              "probability in [0, 1])");
    sw = sweep_of("t.k_s=-0.5:2:3");
    new_fails(sc, &o, DT_EINVAL,
              "sweep t.k_s: [-0.5, 2] leaves the valid range (>= 0)");
    /* Built by hand, not parsed: the same checks. */
    sw = sweep_of("t.k_s=0:2:3");
    sw.lo = 3.0;
    new_fails(sc, &o, DT_EINVAL, "sweep t.k_s: low 3 > high 2");
    sw.lo = 0.0;
    sw.steps = 0;
    new_fails(sc, &o, DT_EINVAL, "sweep t.k_s: 0 steps (1 to 100000)");
    /* A veto holder's ideal is swept by its bounds when uniform. */
    sw = sweep_of("leg.ideal=0:1:3");
    sw.steps = 3;
    new_fails(sc, &o, DT_EINVAL,
              "sweep: unknown parameter 'leg.ideal' (names: PLAN.s_a, "
              "PLAN.s_b, PLAN.K.KEY, PLAN.*.KEY, THREAT.KEY, "
              "ratification.setter_ideal, ratification.status_quo, "
              "VETO.ideal, VETO.lo, VETO.hi)");
    /* A sweep point the threat's solver refuses: v_T must be > 0. */
    sw = sweep_of("t.v_t=0:2:3");
    new_fails(sc, &o, DT_ESCENARIO, "threat 't': v_s and v_t must be > 0");
    dt_scenario_free(sc);
}

/*
 * The sections solved, and the sweeps of the file (s_b of both plans) and
 * given, against the hand solutions of docs/games.md:
 *
 * - one big step, S_B swept: B reciprocates iff h + T^B - S_B <= V_B(2) =
 *   0, i.e. S_B >= 3 + 6 = 9; then C = g = 9 and A steps since q (C +
 *   S_A) = 0.7 * 13 = 9.1 >= T^A + a = 9. So the equilibrium changes from
 *   cheat/renege to step/recip at S_B* = 9.
 * - three equal steps, S_B swept: the last stage needs S_B >= h + T^B - 0
 *   = 3; below, B reneges there, so A cheats there and, by backward
 *   induction, earlier too. The change is at S_B = 3.
 * - one big step with S_B = 10 (B reciprocates), q swept: A steps iff q >=
 *   q* = (T^A + a) / (C + S_A) = 9 / 13 = 0.692307692...
 * - the threat: x* = mu H (1 - o) / v_T = 0.5 * 10 * 0.6 / 2 = 1.5, and
 *   2.5 (1 - o) over o = 0, .25, .5, .75, 1.
 * - ratification: best proposal 2/3, probability 7/9 (docs/games.md);
 *   the partner's win-set against q = 0.2 with its ideal at 0.6 is
 *   [0.2, 1.0], radius 0.4.
 */
static void test_sequence__thresholds(void **state)
{
    static const char *const big[] = {"big"};
    dt_scenario *sc = load(EXAMPLE, NULL);
    dt_games_sequence_opts o = DT_GAMES_SEQUENCE_OPTS_INIT;
    const dt_games_sequence_swept *w;
    const dt_games_sequence_threat *t;
    const dt_games_sequence_rat *r;
    const dt_games_sequence_plan *p;
    dt_games_sequence_sweep sw;
    dt_games_sequence *seq = NULL;
    dt_error err;
    size_t j;

    (void)state;
    o.draws = 20000;
    o.seed = 7;
    if (dt_games_sequence_new(sc, &o, &seq, &err) != DT_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(dt_games_sequence_n_plans(seq), 2);
    p = dt_games_sequence_plan_at(seq, 0);
    assert_string_equal(p->plan->id, "big");
    assert_string_equal(p->path, "cheat/renege");
    DT_ASSERT_REL(p->stages[0].s_b_min, 9.0, 1e-12);
    p = dt_games_sequence_plan_at(seq, 1);
    assert_string_equal(p->path, "step/recip step/recip step/recip");
    DT_ASSERT_REL(p->sum.v_a, 6.0, 1e-12);
    assert_null(dt_games_sequence_plan_at(seq, 2));
    /* Every range of the file: the s_b written with [0, 12]. */
    assert_int_equal(dt_games_sequence_n_sweeps(seq), 2);
    w = dt_games_sequence_sweep_at(seq, 0);
    assert_string_equal(w->param, "big.s_b");
    assert_int_equal(w->n_points, DT_GAMES_SEQUENCE_FILE_STEPS);
    DT_ASSERT_REL(w->tolerance, 12e-9, 1e-12);
    assert_int_equal(w->n_thresholds, 1);
    DT_ASSERT_CLOSE(w->thresholds[0].value, 9.0, 0, w->tolerance);
    assert_string_equal(w->thresholds[0].below, "cheat/renege");
    assert_string_equal(w->thresholds[0].above, "step/recip");
    w = dt_games_sequence_sweep_at(seq, 1);
    assert_string_equal(w->param, "three.s_b");
    assert_int_equal(w->n_thresholds, 1);
    DT_ASSERT_CLOSE(w->thresholds[0].value, 3.0, 0, w->tolerance);
    /* The threat and its x* over o. */
    t = dt_games_sequence_threat_at(seq, 0);
    DT_ASSERT_REL(t->eq.x_max, 1.5, 1e-12);
    for (j = 0; j < DT_GAMES_SEQUENCE_N_O; j++)
        DT_ASSERT_CLOSE(t->x_max_o[j], 2.5 * (1.0 - 0.25 * (double)j), 1e-12,
                        1e-12);
    assert_string_equal(t->equilibrium,
                        "credible, target complies, sender demands");
    /* Ratification: closed form and its Monte Carlo check. */
    r = dt_games_sequence_ratification(seq);
    assert_non_null(r);
    DT_ASSERT_REL(r->eq.best[0], 2.0 / 3.0, 1e-9);
    DT_ASSERT_REL(r->eq.p_best, 7.0 / 9.0, 1e-9);
    DT_ASSERT_CLOSE(r->p_best_mc, 7.0 / 9.0, 0, 0.01);
    assert_string_equal(r->regime, "interior optimum");
    assert_null(r->proposal);
    assert_true(isnan(r->vetoes[0].radius));
    DT_ASSERT_REL(r->vetoes[1].radius, 0.4, 1e-12);
    DT_ASSERT_REL(r->vetoes[1].lo, 0.2, 1e-12);
    DT_ASSERT_REL(r->vetoes[1].hi, 1.0, 1e-12);
    dt_games_sequence_free(seq);

    /* q swept with S_B = 10, and only the plan "big" kept. */
    sw = sweep_of("big.1.q=0:1:11");
    o.plans = big;
    o.n_plans = 1;
    o.sweeps = &sw;
    o.n_sweeps = 1;
    dt_scenario_free(sc);
    {
        /* The same scenario with S_B = 10 written in it. */
        char *text = strdup(EXAMPLE), *at = strstr(text, "value: 4, range");

        assert_non_null(at);
        memcpy(at, "value: 10,range", 15);
        sc = load(text, NULL);
        free(text);
    }
    if (dt_games_sequence_new(sc, &o, &seq, &err) != DT_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(dt_games_sequence_n_plans(seq), 1);
    assert_int_equal(dt_games_sequence_n_sweeps(seq), 1);
    w = dt_games_sequence_sweep_at(seq, 0);
    assert_int_equal(w->family, DT_GAMES_SEQUENCE_STAGED);
    assert_string_equal(w->measure[0], "V_A");
    assert_int_equal(w->n_thresholds, 1);
    DT_ASSERT_CLOSE(w->thresholds[0].value, 9.0 / 13.0, 0, w->tolerance);
    assert_string_equal(w->thresholds[0].below, "cheat/recip");
    assert_string_equal(w->thresholds[0].above, "step/recip");
    /* The sweep changed a copy: the plan's q is still 0.7. */
    DT_ASSERT_REL(dt_games_sequence_plan_at(seq, 0)->plan->stages[0].q.v, 0.7,
                  0);
    dt_games_sequence_free(seq);
    dt_scenario_free(sc);
}

/* Allocator that fails the n-th allocation and counts live bytes. */
typedef struct torture {
    unsigned long calls;   /* allocations so far */
    unsigned long fail_at; /* fail this one (1-based; 0 never) */
    long long live;        /* bytes allocated and not freed */
} torture;

static void *torture_realloc(void *ud, void *p, size_t old, size_t n)
{
    torture *t = ud;
    void *q;

    if (n == 0) {
        t->live -= (long long)old;
        free(p);
        return NULL;
    }
    t->calls++;
    if (t->calls == t->fail_at)
        return NULL;
    q = realloc(p, n);
    if (q)
        t->live += (long long)n - (long long)old;
    return q;
}

/*
 * Every allocation of dt_games_sequence_new fails in turn: DT_ENOMEM, no
 * leak.
 */
static void test_sequence__torture(void **state)
{
    torture t = {0, 0, 0};
    dt_allocator a = {torture_realloc, &t};
    dt_scenario *sc;
    unsigned long n, base;
    long long live;

    (void)state;
    sc = load(EXAMPLE, &a);
    base = t.calls;
    live = t.live;
    for (n = 1;; n++) {
        dt_games_sequence_opts o = DT_GAMES_SEQUENCE_OPTS_INIT;
        dt_games_sequence *seq = NULL;
        dt_error err;
        dt_status rc;

        o.draws = 100;
        t.calls = base;
        t.fail_at = base + n;
        rc = dt_games_sequence_new(sc, &o, &seq, &err);
        if (rc == DT_OK) {
            assert_true(t.calls < base + n);
            dt_games_sequence_free(seq);
            assert_int_equal(t.live, live);
            break;
        }
        assert_int_equal(rc, DT_ENOMEM);
        assert_null(seq);
        assert_int_equal(t.live, live);
    }
    t.fail_at = 0;
    dt_scenario_free(sc);
    assert_int_equal(t.live, 0);
}

/* Write into a growing buffer (dt_write_fn). */
typedef struct buf {
    char s[4096];
    size_t n;
} buf;

static dt_status to_buf(void *ud, const void *p, size_t n)
{
    buf *b = ud;

    if (b->n + n >= sizeof b->s)
        return DT_EIO;
    memcpy(b->s + b->n, p, n);
    b->n += n;
    b->s[b->n] = '\0';
    return DT_OK;
}

/*
 * Gambit's one-line profile: player 1 takes payoffs (1, 0) or lets
 * player 2 choose between (0, 2) and (3, 0). SPE: player 2 takes (0, 2)
 * (2 > 0), so player 1 takes (1, 0) (1 > 0): "1,0,1,0". QRE with lambda
 * 0 for player 1 (uniform) and 2 for player 2: P(first) = e^4 / (e^4 +
 * 1) (lambda times payoffs 2 and 0).
 */
static void test_sequence__gambit_profile(void **state)
{
    static const double p10[2] = {1, 0}, p02[2] = {0, 2}, p30[2] = {3, 0};
    const double lambda[2] = {0.0, 2.0};
    dt_game *g = NULL;
    dt_game_profile *pr = NULL;
    dt_error err;
    buf b;
    double x[4];
    char *end;
    size_t k;

    (void)state;
    assert_int_equal(dt_game_new(2, NULL, &g, &err), DT_OK);
    assert_int_equal(dt_game_add_decision(g, 1, 2, &err), DT_OK);
    assert_int_equal(dt_game_add_terminal(g, p10, &err), DT_OK);
    assert_int_equal(dt_game_add_decision(g, 2, 2, &err), DT_OK);
    assert_int_equal(dt_game_add_terminal(g, p02, &err), DT_OK);
    assert_int_equal(dt_game_add_terminal(g, p30, &err), DT_OK);
    assert_int_equal(dt_game_finish(g, &err), DT_OK);
    assert_int_equal(dt_game_spe(g, &pr, &err), DT_OK);
    assert_null(pr->lambda);
    b.n = 0;
    assert_int_equal(dt_game_write_profile(g, pr, to_buf, &b, &err), DT_OK);
    assert_string_equal(b.s, "1,0,1,0\n");
    dt_game_profile_free(pr);
    assert_int_equal(dt_game_qre(g, lambda, &pr, &err), DT_OK);
    assert_non_null(pr->lambda);
    DT_ASSERT_REL(pr->lambda[1], 2.0, 0);
    b.n = 0;
    assert_int_equal(dt_game_write_profile(g, pr, to_buf, &b, &err), DT_OK);
    end = b.s;
    for (k = 0; k < 4; k++) {
        x[k] = strtod(end, &end);
        assert_true(*end == (k < 3 ? ',' : '\n'));
        end++;
    }
    DT_ASSERT_REL(x[2], exp(4.0) / (exp(4.0) + 1.0), 1e-15);
    DT_ASSERT_REL(x[3], 1.0 / (exp(4.0) + 1.0), 1e-14);
    DT_ASSERT_REL(x[0], 0.5, 0);
    DT_ASSERT_REL(x[1], 0.5, 0);
    dt_game_profile_free(pr);
    dt_game_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sequence__sweep_parse),
        cmocka_unit_test(test_sequence__sweep_refused),
        cmocka_unit_test(test_sequence__options_refused),
        cmocka_unit_test(test_sequence__thresholds),
        cmocka_unit_test(test_sequence__torture),
        cmocka_unit_test(test_sequence__gambit_profile),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
