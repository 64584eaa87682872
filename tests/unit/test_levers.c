/*
 * Tests of dt_scenario_apply_levers: each operation (set, add, scale) on
 * each target, clamping, red lines dropped and replaced, the order of
 * application, the base left untouched, and allocation failures. Every
 * expected value is worked out by hand in the comment beside it.
 */
#include <stdlib.h>
#include <string.h>

#include "dt_test.h"

/* Lines on the right; effects are cited by line in the checks below. */
static const char LV[] =
    "name: Apply\n"                                                   /* 1 */
    "issues:\n"                                                       /* 2 */
    "  - {id: a, name: A, status_quo: 20}\n"                          /* 3 */
    "  - {id: b, name: B}\n"                                          /* 4 */
    "actors:\n"                                                       /* 5 */
    "  - id: x\n"                                                     /* 6 */
    "    name: X\n"                                                   /* 7 */
    "    capability: 40\n"                                            /* 8 */
    "    no_deal: {cost: 12.5}\n"                                     /* 9 */
    "    issues:\n"                                                   /* 10 */
    "      a: {position: 80, salience: 60}\n"                         /* 11 */
    "      b: {position: 10, salience: 50, capability: 20,\n"         /* 12 */
    "          red_line: {above: 30, note: keep}}\n"                  /* 13 */
    "    red_lines:\n"                                                /* 14 */
    "      - {terms: {a: 1, b: -0.3}, at_most: 0, note: after}\n"     /* 15 */
    "  - id: y\n"                                                     /* 16 */
    "    name: Y\n"                                                   /* 17 */
    "    capability: 10\n"                                            /* 18 */
    "    issues:\n"                                                   /* 19 */
    "      a: {position: 20, salience: 90}\n"                         /* 20 */
    "      b: {position: 70, salience: 40, red_line: {below: 20}}\n"  /* 21 */
    "levers:\n"                                                       /* 22 */
    "  - id: squeeze\n"                                               /* 23 */
    "    by: x\n"                                                     /* 24 */
    "    effects:\n"                                                  /* 25 */
    "      - {actor: y, capability: {scale: 0.5}, note: half}\n"      /* 26 */
    "      - {actor: y, no_deal_cost: {add: 7.25}}\n"                 /* 27 */
    "      - {actor: y, issue: a, salience: {add: 30}}\n"             /* 28 */
    "      - {actor: y, issue: b, position: {set: 55}}\n"             /* 29 */
    "  - id: soften\n"                                                /* 30 */
    "    by: y\n"                                                     /* 31 */
    "    effects:\n"                                                  /* 32 */
    "      - {actor: x, issue: b, red_line: drop}\n"                  /* 33 */
    "      - {actor: y, issue: b, red_line: {above: 90, below: 40,\n" /* 34 */
    "                                        note: new}}\n"           /* 35 */
    "      - {actor: x, issue: b, capability: {add: -25}}\n"          /* 36 */
    "      - {actor: x, capability: {scale: 2}}\n"                    /* 37 */
    "      - {actor: x, no_deal_cost: {scale: 0}}\n"                  /* 38 */
    "  - id: calm\n"                                                  /* 39 */
    "    by: x\n"                                                     /* 40 */
    "    effects:\n"                                                  /* 41 */
    "      - {actor: y, issue: a, salience: {set: 50}}\n"             /* 42 */
    "      - {actor: y, issue: b, position: {add: -100}}\n"           /* 43 */
    "  - id: override\n"                                              /* 44 */
    "    by: y\n"                                                     /* 45 */
    "    effects:\n"                                                  /* 46 */
    "      - {actor: y, issue: a, capability: {add: 2.385}}\n"        /* 47 */
    "      - {actor: x, capability: {set: 3}}\n"                      /* 48 */
    "  - id: noop\n"                                                  /* 49 */
    "    by: x\n"                                                     /* 50 */
    "    effects:\n"                                                  /* 51 */
    "      - {actor: y, issue: a, position: {add: 0}}\n";             /* 52 */

enum { SQUEEZE, SOFTEN, CALM, OVERRIDE, NOOP };
enum { X, Y };
enum { A, B };

static dt_scenario *load(const dt_load_opts *opts)
{
    dt_scenario *sc = NULL;
    dt_error err;

    if (dt_scenario_parse(LV, strlen(LV), "lv.yaml", DT_FORMAT_YAML, opts, &sc,
                          &err) != DT_OK)
        fail_msg("%u:%u: %s", err.line, err.col, err.msg);
    return sc;
}

/* base with the levers idx[0..n) applied; fails the test on error. */
static dt_scenario *apply(const dt_scenario *base, const size_t *idx, size_t n)
{
    dt_scenario *out = NULL;
    dt_error err;

    if (dt_scenario_apply_levers(base, idx, n, &out, &err) != DT_OK)
        fail_msg("%s", err.msg);
    assert_non_null(out);
    return out;
}

static const dt_stake *stake(const dt_scenario *sc, size_t a, size_t i)
{
    const dt_stake *st = dt_scenario_stake(sc, a, i);

    assert_non_null(st);
    return st;
}

/* The base as written in LV (checked again after every application). */
static void check_base(const dt_scenario *sc)
{
    DT_ASSERT_REL(dt_scenario_actor(sc, X)->capability.v, 40.0, 0.0);
    DT_ASSERT_REL(dt_scenario_actor(sc, Y)->capability.v, 10.0, 0.0);
    DT_ASSERT_REL(stake(sc, X, B)->capability.v, 20.0, 0.0);
    assert_false(stake(sc, Y, A)->has_capability);
    DT_ASSERT_REL(stake(sc, Y, A)->salience.v, 90.0, 0.0);
    DT_ASSERT_REL(stake(sc, Y, A)->position.v, 20.0, 0.0);
    DT_ASSERT_REL(stake(sc, Y, B)->position.v, 70.0, 0.0);
    assert_true(stake(sc, X, B)->has_red_line);
    DT_ASSERT_REL(stake(sc, X, B)->red_line.above, 30.0, 0.0);
    assert_false(stake(sc, Y, B)->red_line.has_above);
    DT_ASSERT_REL(stake(sc, Y, B)->red_line.below, 20.0, 0.0);
    assert_true(dt_scenario_no_deal(sc, X)->has_cost);
    DT_ASSERT_REL(dt_scenario_no_deal(sc, X)->cost.v, 12.5, 0.0);
    assert_false(dt_scenario_no_deal(sc, Y)->has_cost);
}

static void test_levers__scale_add_set_and_clamp(void **state)
{
    static const size_t squeeze[] = {SQUEEZE};
    dt_scenario *base = load(NULL), *sc;
    const dt_no_deal *nd;
    dt_line *l = NULL;
    dt_error err;

    (void)state;
    sc = apply(base, squeeze, 1);
    /* capability scale 0.5: 10 * 0.5 = 5; the value cites the effect. */
    DT_ASSERT_REL(dt_scenario_actor(sc, Y)->capability.v, 5.0, 0.0);
    assert_string_equal(dt_scenario_actor(sc, Y)->capability.note, "half");
    assert_int_equal(dt_scenario_actor(sc, Y)->capability.loc.line, 26);
    /* no-deal cost add 7.25 to the default 0: 7.25, now set. */
    nd = dt_scenario_no_deal(sc, Y);
    assert_true(nd->has_cost);
    DT_ASSERT_REL(nd->cost.v, 7.25, 0.0);
    assert_int_equal(nd->cost.loc.line, 27);
    /* salience add 30: 90 + 30 = 120, clamped to 100. */
    DT_ASSERT_REL(stake(sc, Y, A)->salience.v, 100.0, 0.0);
    /* position set 55. */
    DT_ASSERT_REL(stake(sc, Y, B)->position.v, 55.0, 0.0);
    /* X is untouched. */
    DT_ASSERT_REL(dt_scenario_actor(sc, X)->capability.v, 40.0, 0.0);
    DT_ASSERT_REL(dt_scenario_no_deal(sc, X)->cost.v, 12.5, 0.0);
    /* The models see it: on issue a, y has c = 5 and s = 100 / 100 = 1. */
    assert_int_equal(dt_scenario_line(sc, A, 0, &l, &err), DT_OK);
    assert_int_equal(l->n, 2);
    DT_ASSERT_REL(l->c[1], 5.0, 0.0);
    DT_ASSERT_REL(l->s[1], 1.0, 0.0);
    DT_ASSERT_REL(l->c[0], 40.0, 0.0);
    dt_line_free(l);
    check_base(base);
    dt_scenario_free(sc);
    dt_scenario_free(base);
}

static void test_levers__red_lines_overrides_and_effect_order(void **state)
{
    static const size_t soften[] = {SOFTEN};
    dt_scenario *base = load(NULL), *sc;
    const dt_stake *st;
    dt_line *l = NULL;
    dt_error err;

    (void)state;
    sc = apply(base, soften, 1);
    /* x's red line on b dropped. */
    assert_false(stake(sc, X, B)->has_red_line);
    /* y's red line on b replaced by {above: 90, below: 40}. */
    st = stake(sc, Y, B);
    assert_true(st->has_red_line);
    assert_true(st->red_line.has_above && st->red_line.has_below);
    DT_ASSERT_REL(st->red_line.above, 90.0, 0.0);
    DT_ASSERT_REL(st->red_line.below, 40.0, 0.0);
    assert_string_equal(st->red_line.note, "new");
    /*
     * In file order: x's override on b, 20 - 25 = -5, clamps to 0; then x's
     * capability scales by 2, the actor's 40 -> 80 and the override 0 -> 0.
     * (The other order would give 20 * 2 - 25 = 15.)
     */
    DT_ASSERT_REL(dt_scenario_actor(sc, X)->capability.v, 80.0, 0.0);
    assert_true(stake(sc, X, B)->has_capability);
    DT_ASSERT_REL(stake(sc, X, B)->capability.v, 0.0, 0.0);
    assert_false(stake(sc, X, A)->has_capability);
    /* x's no-deal cost scales by 0: 12.5 * 0 = 0. */
    DT_ASSERT_REL(dt_scenario_no_deal(sc, X)->cost.v, 0.0, 0.0);
    /* On issue a, x's effective capability is the actor's 80. */
    assert_int_equal(dt_scenario_line(sc, A, 0, &l, &err), DT_OK);
    DT_ASSERT_REL(l->c[0], 80.0, 0.0);
    dt_line_free(l);
    /* The cross-issue red line is carried over unchanged. */
    assert_int_equal(dt_scenario_n_constraints(sc), 1);
    DT_ASSERT_REL(dt_scenario_constraint(sc, 0)->coef[1], -0.3, 0.0);
    check_base(base);
    dt_scenario_free(sc);
    dt_scenario_free(base);
}

static void test_levers__order_of_levers(void **state)
{
    static const size_t calm_squeeze[] = {CALM, SQUEEZE};
    static const size_t squeeze_calm[] = {SQUEEZE, CALM};
    static const size_t twice[] = {SQUEEZE, SQUEEZE};
    dt_scenario *base = load(NULL), *sc;

    (void)state;
    /* calm then squeeze: salience set 50, + 30 = 80; position 70 - 100
     * clamps to 0, then set 55. */
    sc = apply(base, calm_squeeze, 2);
    DT_ASSERT_REL(stake(sc, Y, A)->salience.v, 80.0, 0.0);
    DT_ASSERT_REL(stake(sc, Y, B)->position.v, 55.0, 0.0);
    dt_scenario_free(sc);
    /* squeeze then calm: salience 90 + 30 clamps to 100, then set 50;
     * position set 55, then 55 - 100 clamps to 0. */
    sc = apply(base, squeeze_calm, 2);
    DT_ASSERT_REL(stake(sc, Y, A)->salience.v, 50.0, 0.0);
    DT_ASSERT_REL(stake(sc, Y, B)->position.v, 0.0, 0.0);
    dt_scenario_free(sc);
    /* Twice: capability 10 * 0.5 * 0.5 = 2.5; cost 7.25 + 7.25 = 14.5;
     * salience clamps at 100 each time. */
    sc = apply(base, twice, 2);
    DT_ASSERT_REL(dt_scenario_actor(sc, Y)->capability.v, 2.5, 0.0);
    DT_ASSERT_REL(dt_scenario_no_deal(sc, Y)->cost.v, 14.5, 0.0);
    DT_ASSERT_REL(stake(sc, Y, A)->salience.v, 100.0, 0.0);
    dt_scenario_free(sc);
    check_base(base);
    dt_scenario_free(base);
}

static void test_levers__overrides_follow_the_actor(void **state)
{
    static const size_t over[] = {OVERRIDE};
    static const size_t over_squeeze[] = {OVERRIDE, SQUEEZE};
    dt_scenario *base = load(NULL), *sc;

    (void)state;
    /* y's effective capability on a is its 10: 10 + 2.385 = 12.385, now an
     * override. x's capability set to 3 sets its override on b to 3 too. */
    sc = apply(base, over, 1);
    assert_true(stake(sc, Y, A)->has_capability);
    DT_ASSERT_REL(stake(sc, Y, A)->capability.v, 12.385, 1e-15);
    DT_ASSERT_REL(dt_scenario_actor(sc, Y)->capability.v, 10.0, 0.0);
    DT_ASSERT_REL(dt_scenario_actor(sc, X)->capability.v, 3.0, 0.0);
    DT_ASSERT_REL(stake(sc, X, B)->capability.v, 3.0, 0.0);
    dt_scenario_free(sc);
    /* Then squeeze halves y's capability and its override:
     * 10 * 0.5 = 5 and 12.385 * 0.5 = 6.1925. */
    sc = apply(base, over_squeeze, 2);
    DT_ASSERT_REL(dt_scenario_actor(sc, Y)->capability.v, 5.0, 0.0);
    DT_ASSERT_REL(stake(sc, Y, A)->capability.v, 6.1925, 1e-15);
    dt_scenario_free(sc);
    dt_scenario_free(base);
}

/* A lever that changes nothing applies cleanly; the value cites it. */
static void test_levers__no_change(void **state)
{
    static const size_t noop[] = {NOOP};
    dt_scenario *base = load(NULL), *sc;

    (void)state;
    sc = apply(base, noop, 1);
    DT_ASSERT_REL(stake(sc, Y, A)->position.v, 20.0, 0.0);
    assert_int_equal(stake(sc, Y, A)->position.loc.line, 52);
    check_base(sc);
    dt_scenario_free(sc);
    dt_scenario_free(base);
}

/* No levers: a deep copy that outlives its base. */
static void test_levers__copy_outlives_base(void **state)
{
    dt_scenario *base = load(NULL), *sc;
    const dt_constraint *c;
    const dt_lever *lv;
    size_t i;

    (void)state;
    sc = apply(base, NULL, 0);
    dt_scenario_free(base);
    check_base(sc);
    assert_string_equal(dt_scenario_name(sc), "Apply");
    assert_string_equal(dt_scenario_path(sc), "lv.yaml");
    assert_int_equal(dt_scenario_n_issues(sc), 2);
    assert_string_equal(dt_scenario_issue(sc, A)->id, "a");
    DT_ASSERT_REL(dt_scenario_issue(sc, A)->status_quo.v, 20.0, 0.0);
    assert_string_equal(dt_scenario_actor(sc, Y)->name, "Y");
    assert_string_equal(stake(sc, X, B)->red_line.note, "keep");
    c = dt_scenario_constraint(sc, 0);
    assert_int_equal(c->n_terms, 2);
    assert_int_equal(c->issue[1], B);
    DT_ASSERT_REL(c->coef[0], 1.0, 0.0);
    assert_string_equal(c->note, "after");
    assert_int_equal(dt_scenario_n_levers(sc), 5);
    assert_int_equal(dt_scenario_lever_index(sc, "noop"), NOOP);
    lv = dt_scenario_lever(sc, SOFTEN);
    assert_int_equal(lv->n_effects, 5);
    assert_string_equal(lv->effects[1].red_line.note, "new");
    for (i = 0; i < dt_scenario_n_levers(sc); i++)
        assert_non_null(dt_scenario_lever(sc, i)->id);
    /* The copy's levers apply in turn. */
    {
        static const size_t squeeze[] = {SQUEEZE};
        dt_scenario *again = apply(sc, squeeze, 1);

        DT_ASSERT_REL(dt_scenario_actor(again, Y)->capability.v, 5.0, 0.0);
        dt_scenario_free(again);
    }
    dt_scenario_free(sc);
}

/* A CSV table has no levers or no-deal terms; its copy is the same. */
static void test_levers__copy_of_a_csv_table(void **state)
{
    static const char csv[] = "Actor,Capability,Position,Salience\n"
                              "A,0.5,4,0.8\nB,1,7,0.4\n";
    dt_scenario *base = NULL, *sc;
    dt_line *l = NULL;
    dt_error err;

    (void)state;
    assert_int_equal(dt_scenario_parse(csv, strlen(csv), "ec.csv",
                                       DT_FORMAT_CSV, NULL, &base, &err),
                     DT_OK);
    sc = apply(base, NULL, 0);
    dt_scenario_free(base);
    assert_int_equal(dt_scenario_format_of(sc), DT_FORMAT_CSV);
    assert_int_equal(dt_scenario_n_levers(sc), 0);
    assert_false(dt_scenario_no_deal(sc, 1)->has_cost);
    /* Saliences on [0, 1] are used as written: the divisor is copied. */
    assert_int_equal(dt_scenario_line(sc, 0, 0, &l, &err), DT_OK);
    assert_string_equal(l->ids[1], "B");
    DT_ASSERT_REL(l->s[0], 0.8, 0.0);
    DT_ASSERT_REL(l->c[0], 0.5, 0.0);
    DT_ASSERT_REL(l->x[1], 7.0, 0.0);
    dt_line_free(l);
    dt_scenario_free(sc);
}

static void test_levers__bad_index(void **state)
{
    static const size_t bad[] = {SQUEEZE, 5};
    dt_scenario *base = load(NULL), *sc = (dt_scenario *)1;
    dt_error err;

    (void)state;
    memset(&err, 0, sizeof err);
    assert_int_equal(dt_scenario_apply_levers(base, bad, 2, &sc, &err),
                     DT_EINVAL);
    assert_null(sc);
    assert_int_equal(err.code, DT_EINVAL);
    assert_string_equal(err.msg, "no lever 5 (the scenario has 5)");
    dt_scenario_free(base);
}

/* Index of id via accessor, failing the test when it is missing. */
static size_t lever(const dt_scenario *sc, const char *id)
{
    size_t i = dt_scenario_lever_index(sc, id);

    if (i == (size_t)-1)
        fail_msg("no lever '%s'", id);
    return i;
}

static dt_scenario *load_file(const char *rel)
{
    dt_scenario *sc = NULL;
    dt_error err;

    if (dt_scenario_load(dt_test_src(rel), NULL, &sc, &err) != DT_OK)
        fail_msg("%s:%u:%u: %s", rel, err.line, err.col, err.msg);
    return sc;
}

/*
 * The shipped summit scenarios: their levers apply as their notes say.
 * Values from the files: Ukraine capability 30, no-deal cost 20; North
 * Korea no-deal cost 25, capability 10 on sanctions_relief.
 */
static void test_levers__summit_scenarios(void **state)
{
    dt_scenario *base, *sc;
    size_t idx[2], ua, dprk, relief;

    (void)state;
    base = load_file("scenarios/anchorage-2025.yaml");
    ua = dt_scenario_actor_index(base, "ukraine");
    idx[0] = lever(base, "aid_freeze");
    sc = apply(base, idx, 1);
    /* 30 * 0.6 = 18; 20 + 15 = 35. */
    DT_ASSERT_REL(dt_scenario_actor(sc, ua)->capability.v, 18.0, 1e-15);
    DT_ASSERT_REL(dt_scenario_no_deal(sc, ua)->cost.v, 35.0, 0.0);
    dt_scenario_free(sc);
    /* Then the European fund: 18 * 1.15 = 20.7; 35 - 5 = 30. */
    idx[1] = lever(base, "european_defence_fund");
    sc = apply(base, idx, 2);
    DT_ASSERT_REL(dt_scenario_actor(sc, ua)->capability.v, 20.7, 1e-14);
    DT_ASSERT_REL(dt_scenario_no_deal(sc, ua)->cost.v, 30.0, 0.0);
    dt_scenario_free(sc);
    dt_scenario_free(base);

    base = load_file("scenarios/hanoi-2019.yaml");
    dprk = dt_scenario_actor_index(base, "dprk");
    relief = dt_scenario_issue_index(base, "sanctions_relief");
    idx[0] = lever(base, "sanctions");
    idx[1] = lever(base, "china_eases_enforcement");
    /* 25 + 10 - 12 = 23; the override on relief 10 + 5 = 15. */
    sc = apply(base, idx, 2);
    DT_ASSERT_REL(dt_scenario_no_deal(sc, dprk)->cost.v, 23.0, 0.0);
    DT_ASSERT_REL(dt_scenario_stake(sc, dprk, relief)->capability.v, 15.0, 0.0);
    DT_ASSERT_REL(dt_scenario_actor(sc, dprk)->capability.v, 20.0, 0.0);
    dt_scenario_free(sc);
    dt_scenario_free(base);
}

/* Allocator that fails the fail_at-th call (0: never) and counts bytes. */
typedef struct torture {
    unsigned long calls;   /* allocations so far */
    unsigned long fail_at; /* fail this one (1-based), 0 = none */
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

/* Fail each allocation of apply in turn: DT_ENOMEM, nothing leaked. */
static void test_levers__torture_every_allocation(void **state)
{
    static const size_t all[] = {SQUEEZE, SOFTEN, CALM, OVERRIDE, NOOP};
    torture t = {0, 0, 0};
    dt_allocator a;
    dt_load_opts opts = DT_LOAD_OPTS_INIT;
    dt_scenario *base;
    long long base_live;
    unsigned long n;

    (void)state;
    a.realloc = torture_realloc;
    a.ud = &t;
    opts.alloc = &a;
    base = load(&opts);
    base_live = t.live;
    for (n = 1;; n++) {
        dt_scenario *sc = NULL;
        dt_error err;
        dt_status rc;

        t.fail_at = t.calls + n;
        rc = dt_scenario_apply_levers(base, all, 5, &sc, &err);
        if (rc == DT_OK) {
            assert_true(t.calls < t.fail_at);
            /* Levers in order; y's capability 10 * 0.5 = 5 (squeeze). */
            DT_ASSERT_REL(dt_scenario_actor(sc, Y)->capability.v, 5.0, 0.0);
            dt_scenario_free(sc);
            assert_int_equal(t.live, base_live);
            break;
        }
        assert_int_equal(rc, DT_ENOMEM);
        assert_int_equal(err.code, DT_ENOMEM);
        assert_null(sc);
        assert_int_equal(t.live, base_live);
    }
    assert_true(n > 1);
    t.fail_at = 0;
    dt_scenario_free(base);
    assert_int_equal(t.live, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_levers__scale_add_set_and_clamp),
        cmocka_unit_test(test_levers__red_lines_overrides_and_effect_order),
        cmocka_unit_test(test_levers__order_of_levers),
        cmocka_unit_test(test_levers__overrides_follow_the_actor),
        cmocka_unit_test(test_levers__no_change),
        cmocka_unit_test(test_levers__copy_outlives_base),
        cmocka_unit_test(test_levers__copy_of_a_csv_table),
        cmocka_unit_test(test_levers__bad_index),
        cmocka_unit_test(test_levers__summit_scenarios),
        cmocka_unit_test(test_levers__torture_every_allocation),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
