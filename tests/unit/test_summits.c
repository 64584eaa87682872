/*
 * Tests of dt_analyze and of the analyze/compare commands on scenarios:
 * a small inline scenario solved by hand (no-deal positions and costs,
 * red lines, levers, support, durability, table vs everyone), and the two
 * summit scenarios, checked against values derived by hand from their
 * YAML (quoted in the comments) and against an independent local check
 * of the Nash deal.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "dt_test.h"

/*
 * The logroll of test_analysis.c written as a scenario. Issues a, b with
 * status quo 50. A (table, capability 30): a at 0 (salience 80), b at 100
 * (20), no-deal cost 12 => D_A = -(0.8*50 + 0.2*50) - 12 = -62.
 * B (table, capability 10): a at 100 (20), b at 0 (80); its own no-deal
 * outcome on b is 40 and its cost 8 => D_B = -(0.2*50 + 0.8*40) - 8 = -50.
 * C (excluded, capability 20): a at 40 (50), b at 30 (50); red line on b
 * "below: 10" => D_C = -(0.5*10 + 0.5*20) = -15.
 * Zone (test_analysis.c): t* = 32.4 at (12, 0); Nash deal (0, 0).
 * Support at (0, 0): A gains 42, B 30; C: U_C = -(20 + 15) = -35, gain
 * -20, and its red line (b >= 10) is crossed: C is the spoiler.
 * Clout (capability x salience/100 summed): A 30, B 10, C 20; durability
 * = (30 + 10) / 60 = 2/3.
 * Table vs everyone with the mean model (weights capability x salience):
 * issue a, table: (24*0 + 2*100) / 26 = 7.6923...; all: (0 + 200 + 10*40)
 * / 36 = 16.666...; issue b, table: (6*100 + 8*0) / 14 = 42.857...; all:
 * (600 + 0 + 10*30) / 24 = 37.5.
 * Lever press (by A): B's cost +10 => D_B = -60; on x2 = 0 the max-min
 * is 42 - 0.8 x1 = 40 + 0.2 x1 => x1 = 2, t* = 40.4 (+8); the Nash
 * stationary point stays below 0, so the deal stays (0, 0): shift 0.
 * Lever idle (by B): adds 0 to A's cost: no effect.
 */
static const char toy[] =
    "name: toy\n"
    "issues:\n"
    "  - {id: a, name: A, status_quo: 50}\n"
    "  - {id: b, name: B, status_quo: 50}\n"
    "actors:\n"
    "  - id: A\n"
    "    name: A\n"
    "    capability: 30\n"
    "    no_deal: {cost: 12}\n"
    "    issues:\n"
    "      a: {position: 0, salience: 80}\n"
    "      b: {position: 100, salience: 20}\n"
    "  - id: B\n"
    "    name: B\n"
    "    capability: 10\n"
    "    no_deal: {cost: 8}\n"
    "    issues:\n"
    "      a: {position: 100, salience: 20}\n"
    "      b: {position: 0, salience: 80, no_deal: 40}\n"
    "  - id: C\n"
    "    name: C\n"
    "    role: excluded\n"
    "    capability: 20\n"
    "    issues:\n"
    "      a: {position: 40, salience: 50}\n"
    "      b: {position: 30, salience: 50, red_line: {below: 10}}\n"
    "levers:\n"
    "  - id: press\n"
    "    by: A\n"
    "    effects:\n"
    "      - {actor: B, no_deal_cost: {add: 10}}\n"
    "  - id: idle\n"
    "    by: B\n"
    "    effects:\n"
    "      - {actor: A, no_deal_cost: {add: 0}}\n";

static dt_scenario *parse(const char *text)
{
    dt_scenario *sc = NULL;
    dt_error err;

    if (dt_scenario_parse(text, strlen(text), "toy.yaml", DT_FORMAT_YAML, NULL,
                          &sc, &err) != DT_OK)
        fail_msg("cannot parse: %s", err.msg);
    return sc;
}

static dt_scenario *load(const char *rel)
{
    dt_scenario *sc = NULL;
    dt_error err;

    if (dt_scenario_load(dt_test_src(rel), NULL, &sc, &err) != DT_OK)
        fail_msg("cannot load %s: %s", rel, err.msg);
    return sc;
}

static void test_summits__toy_by_hand(void **state)
{
    dt_analysis_opts o = DT_ANALYSIS_OPTS_INIT;
    dt_scenario *sc = parse(toy);
    dt_analysis *an = NULL;
    const dt_analysis_run *r;
    const dt_lever_effect *press, *idle;
    dt_error err;

    (void)state;
    o.model = &dt_model_mean;
    o.pairs = 1;
    assert_int_equal(dt_analyze(sc, &o, &an, &err), DT_OK);
    r = &an->base;
    DT_ASSERT_REL(r->no_deal[0], -62.0, 1e-12);
    DT_ASSERT_REL(r->no_deal[1], -50.0, 1e-12);
    DT_ASSERT_REL(r->no_deal[2], -15.0, 1e-12);
    assert_true(r->zone.feasible);
    DT_ASSERT_REL(r->zone.surplus, 32.4, 1e-9);
    DT_ASSERT_CLOSE(r->zone.point[0], 12.0, 1e-9, 1e-7);
    assert_true(r->deal.found);
    DT_ASSERT_CLOSE(r->deal.point[0], 0.0, 0.0, 1e-6);
    DT_ASSERT_CLOSE(r->deal.point[1], 0.0, 0.0, 1e-6);
    assert_true(r->supports[0]);
    assert_true(r->supports[1]);
    assert_false(r->supports[2]);
    DT_ASSERT_REL(r->gain[2], -20.0, 1e-6);
    assert_int_equal(r->crossed[2], 1);
    DT_ASSERT_REL(r->durability, 2.0 / 3.0, 1e-9);
    assert_int_equal(r->n_spoilers, 1);
    assert_int_equal(r->spoilers[0], 2);
    DT_ASSERT_REL(r->table_forecast[0], 200.0 / 26.0, 1e-9);
    DT_ASSERT_REL(r->full_forecast[0], 600.0 / 36.0, 1e-9);
    DT_ASSERT_REL(r->table_forecast[1], 600.0 / 14.0, 1e-9);
    DT_ASSERT_REL(r->full_forecast[1], 37.5, 1e-9);
    /* Two singles and one pair, singles first. */
    assert_int_equal(an->n_effects, 3);
    press = &an->effects[0];
    idle = &an->effects[1];
    assert_int_equal(an->effects[2].n, 2);
    assert_int_equal(press->by, 0);
    DT_ASSERT_REL(press->surplus_change, 8.0, 1e-8);
    DT_ASSERT_CLOSE(press->shift_proposal, 0.0, 0.0, 1e-7);
    assert_int_equal(press->flip, 0);
    assert_false(press->no_effect);
    assert_true(idle->no_effect);
    DT_ASSERT_CLOSE(idle->surplus_change, 0.0, 0.0, 1e-9);
    /* The pair press+idle does what press does. */
    DT_ASSERT_REL(an->effects[2].surplus_change, 8.0, 1e-8);
    /* Ranking: a lever with no effect comes last. */
    assert_int_equal(an->rank[an->n_effects - 1], 1);
    dt_analysis_free(an);

    /* A lever index out of range is an error, not a crash. */
    {
        size_t bad = 7;

        o.levers = &bad;
        o.n_levers = 1;
        assert_int_equal(dt_analyze(sc, &o, &an, &err), DT_EINVAL);
        assert_null(an);
        assert_non_null(strstr(err.msg, "lever"));
    }
    dt_scenario_free(sc);
}

/* An issue with no status quo and no no_deal: a clear error. */
static void test_summits__undefined_no_deal(void **state)
{
    static const char text[] = "name: t\n"
                               "issues:\n"
                               "  - {id: a, name: A}\n"
                               "actors:\n"
                               "  - id: x\n"
                               "    name: X\n"
                               "    capability: 1\n"
                               "    issues:\n"
                               "      a: {position: 10, salience: 50}\n";
    dt_scenario *sc = parse(text);
    dt_analysis *an = NULL;
    dt_error err;

    (void)state;
    assert_int_equal(dt_analyze(sc, NULL, &an, &err), DT_ESCENARIO);
    assert_non_null(strstr(err.msg, "status_quo"));
    assert_non_null(strstr(err.msg, "'x'"));
    dt_scenario_free(sc);
}

/*
 * A lever or red line naming an unknown actor or issue is refused by the
 * parser (DT_ESCENARIO, with the position), so the analysis never sees
 * it; `analyze` exits 3.
 */
static void test_summits__unknown_names_refused(void **state)
{
    static const char *const bad[] = {
        "levers:\n  - {id: l, by: nobody, effects: [{actor: A, "
        "no_deal_cost: {add: 1}}]}\n",
        "levers:\n  - {id: l, by: A, effects: [{actor: A, issue: zz, "
        "position: {set: 1}}]}\n",
    };
    size_t i;

    (void)state;
    for (i = 0; i < 2; i++) {
        char text[4096];
        const char *cut = strstr(toy, "levers:");
        dt_scenario *sc = NULL;
        dt_error err;

        snprintf(text, sizeof text, "%.*s%s", (int)(cut - toy), toy, bad[i]);
        assert_int_equal(dt_scenario_parse(text, strlen(text), "bad.yaml",
                                           DT_FORMAT_YAML, NULL, &sc, &err),
                         DT_ESCENARIO);
        assert_null(sc);
        assert_true(err.line > 0);
    }
    {
        static const char cons[] =
            "name: t\n"
            "issues:\n"
            "  - {id: a, name: A, status_quo: 5}\n"
            "actors:\n"
            "  - id: x\n"
            "    name: X\n"
            "    capability: 1\n"
            "    issues:\n"
            "      a: {position: 10, salience: 50}\n"
            "    red_lines:\n"
            "      - {terms: {a: 1, zz: 2}, at_most: 50}\n";
        dt_scenario *sc = NULL;
        dt_error err;

        assert_int_equal(dt_scenario_parse(cons, strlen(cons), "bad.yaml",
                                           DT_FORMAT_YAML, NULL, &sc, &err),
                         DT_ESCENARIO);
        assert_null(sc);
    }
}

/* Index of the limit of actor `a` on issue `q` (per-issue), or -1. */
static size_t limit_of(const dt_analysis_run *r, size_t a, size_t q)
{
    size_t k;

    for (k = 0; k < r->n_limits; k++)
        if (r->limits[k].actor == a && r->limits[k].issue == q)
            return k;
    return (size_t)-1;
}

/*
 * Hanoi (scenarios/hanoi-2019.yaml). Status quo (scope 5, relief 0,
 * sequencing 90). usa: positions (100, 10, 95), saliences (90, 60, 75),
 * cost 3: D = -(0.9*95 + 0.6*10 + 0.75*5) - 3 = -98.25. dprk: positions
 * (30, 50, 5), saliences (95, 90, 90), cost 25: D = -(0.95*25 + 0.9*50 +
 * 0.9*85) - 25 = -170.25.
 * Red lines: usa sequencing >= 60 and dprk sequencing <= 40 cannot both
 * hold; dprk relief >= 15 with usa relief <= 0.3 scope and dprk relief >=
 * 0.5 scope forces 0.5 scope <= 0.3 scope, so scope = 0 and relief <= 0:
 * a second conflict. The sequencing pair is a conflicting set of its own.
 * Lever us_phased_steps moves the usa red line to sequencing >= 30: the
 * sequencing conflict disappears (30 <= 40), the relief one stays.
 */
static void test_summits__hanoi(void **state)
{
    dt_scenario *sc = load("scenarios/hanoi-2019.yaml");
    dt_analysis *an = NULL;
    const dt_analysis_run *r;
    size_t usa = dt_scenario_actor_index(sc, "usa");
    size_t dprk = dt_scenario_actor_index(sc, "dprk");
    size_t seq = dt_scenario_issue_index(sc, "sequencing");
    size_t k1, k2, k, i, phased;
    dt_error err;

    (void)state;
    assert_int_equal(dt_analyze(sc, NULL, &an, &err), DT_OK);
    r = &an->base;
    DT_ASSERT_REL(r->no_deal[usa], -98.25, 1e-12);
    DT_ASSERT_REL(r->no_deal[dprk], -170.25, 1e-12);
    assert_int_equal(r->zone.status, DT_ZONE_RED_LINES);
    assert_false(r->zone.feasible);
    assert_false(r->deal.found);
    assert_true(isnan(r->zone.surplus));
    k1 = limit_of(r, usa, seq);
    k2 = limit_of(r, dprk, seq);
    assert_true(k1 != (size_t)-1 && k2 != (size_t)-1);
    assert_true(r->zone.limit_binding[k1] > 0);
    assert_int_equal(r->zone.limit_binding[k1], r->zone.limit_binding[k2]);
    /* The sequencing set has exactly these two members. */
    for (k = 0, i = 0; k < r->n_limits; k++)
        i += r->zone.limit_binding[k] == r->zone.limit_binding[k1];
    assert_int_equal(i, 2);
    /* Without red lines there is room: the red lines kill the deal. */
    assert_true(r->free_surplus > 0.0);
    phased = dt_scenario_lever_index(sc, "us_phased_steps");
    for (i = 0; i < an->n_effects; i++)
        if (an->effects[i].n == 1 && an->effects[i].lever[0] == phased)
            break;
    assert_true(i < an->n_effects);
    r = &an->effects[i].run;
    assert_int_equal(r->zone.status, DT_ZONE_RED_LINES);
    k1 = limit_of(r, usa, seq);
    k2 = limit_of(r, dprk, seq);
    assert_true(k1 == (size_t)-1 || k2 == (size_t)-1 ||
                r->zone.limit_binding[k1] == 0 ||
                r->zone.limit_binding[k1] != r->zone.limit_binding[k2]);
    dt_analysis_free(an);
    dt_scenario_free(sc);
}

/* Nash objective of the table actors at x, from the utilities alone. */
static double nash_at(const dt_problem *p, const double *x)
{
    const dt_bargain *b = dt_problem_bargain(p);
    double v = 0.0;
    size_t a, k;

    for (k = 0; k < b->n_limits; k++)
        if (b->at_table[b->limits[k].actor] && dt_limit_crossed(b, k, x))
            return -INFINITY;
    for (a = 0; a < b->n_actors; a++) {
        double u;

        if (!b->at_table[a])
            continue;
        u = dt_bargain_utility(b, a, x) - b->no_deal[a];
        if (!(u > 0.0))
            return -INFINITY;
        v += log(u);
    }
    return v;
}

/*
 * Anchorage (scenarios/anchorage-2025.yaml). Status quo (territory 50,
 * nato 40, ceasefire 100, relief 20, guarantees 35). usa: positions (60,
 * 70, 25, 35, 40), saliences (50, 40, 70, 40, 45), cost 5: D = -(5 + 12 +
 * 52.5 + 6 + 2.25) - 5 = -82.75. russia: positions (100, 100, 90, 90, 5),
 * saliences (90, 80, 80, 50, 75), own no-deal territory 55, cost 4: D =
 * -(0.9*45 + 0.8*60 + 0.8*10 + 0.5*70 + 0.75*30) - 4 = -158.
 * The deal is checked independently: no step of 0.25 along one or two
 * issues that keeps the red lines raises the Nash objective (it is
 * concave, so a local maximum is the maximum), and at the max-min point
 * both table actors' surpluses equal t* (two actors, both bind).
 */
static void test_summits__anchorage(void **state)
{
    dt_scenario *sc = load("scenarios/anchorage-2025.yaml");
    dt_analysis *an = NULL;
    dt_problem *p = NULL;
    const dt_analysis_run *r;
    size_t usa = dt_scenario_actor_index(sc, "usa");
    size_t ru = dt_scenario_actor_index(sc, "russia");
    size_t m = dt_scenario_n_issues(sc), q1, q2;
    double x[16], best;
    int s1, s2;
    dt_error err;

    (void)state;
    assert_int_equal(dt_analyze(sc, NULL, &an, &err), DT_OK);
    assert_int_equal(dt_problem_build(sc, DT_WEIGHTS_EQUAL, &p, &err), DT_OK);
    r = &an->base;
    DT_ASSERT_REL(r->no_deal[usa], -82.75, 1e-12);
    DT_ASSERT_REL(r->no_deal[ru], -158.0, 1e-12);
    assert_int_equal(r->zone.status, DT_ZONE_SOLVED);
    assert_true(r->zone.feasible);
    DT_ASSERT_REL(r->zone.gain[usa], r->zone.surplus, 1e-7);
    DT_ASSERT_REL(r->zone.gain[ru], r->zone.surplus, 1e-7);
    assert_true(r->deal.found);
    best = nash_at(p, r->deal.point);
    assert_true(isfinite(best));
    assert_true(m <= 16);
    for (q1 = 0; q1 < m; q1++)
        for (q2 = q1; q2 < m; q2++)
            for (s1 = -1; s1 <= 1; s1 += 2)
                for (s2 = -1; s2 <= 1; s2 += 2) {
                    memcpy(x, r->deal.point, m * sizeof *x);
                    x[q1] += 0.25 * s1;
                    if (q2 != q1)
                        x[q2] += 0.25 * s2;
                    if (x[q1] < 0 || x[q1] > 100 || x[q2] < 0 || x[q2] > 100)
                        continue;
                    assert_true(nash_at(p, x) <= best + 1e-9);
                }
    /* The Nash deal is at least as good for the product as x*. */
    assert_true(best >= nash_at(p, r->zone.point) - 1e-9);
    dt_problem_free(p);
    dt_analysis_free(an);
    dt_scenario_free(sc);
}

/* ----- The commands ----- */

static char *run_cli(const char *args, int *status)
{
    char cmd[4096], path[] = "/tmp/dt_summits_XXXXXX";
    int fd = mkstemp(path), st;
    char *out;

    assert_true(fd >= 0);
    close(fd);
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' %s >'%s' 2>&1", DT_SOURCE_DIR,
             DT_CLI_PATH, args, path);
    st = system(cmd);
    *status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    out = dt_test_slurp(path, NULL);
    unlink(path);
    assert_non_null(out);
    return out;
}

static void test_summits__analyze_json(void **state)
{
    int st;
    char *out = run_cli("analyze scenarios/hanoi-2019.yaml --format json "
                        "--pairs",
                        &st);
    json_error_t je;
    json_t *doc, *zone, *lv;
    const char *verdict;

    (void)state;
    assert_int_equal(st, 0);
    doc = json_loads(out, 0, &je);
    assert_non_null(doc);
    zone = json_object_get(doc, "zone");
    assert_true(json_is_false(json_object_get(zone, "feasible")));
    assert_string_equal(json_string_value(json_object_get(zone, "status")),
                        "red_lines_conflict");
    verdict = json_string_value(json_object_get(zone, "verdict"));
    /* The verdict names the inputs that drive it. */
    assert_non_null(strstr(verdict, "usa's red line on sequencing"));
    assert_non_null(strstr(verdict, "dprk's red line on sequencing"));
    assert_null(json_object_get(doc, "deal"));
    DT_ASSERT_REL(
        json_real_value(json_object_get(
            json_object_get(json_object_get(doc, "stakeholders"), "dprk"),
            "no_deal_utility")),
        -170.25, 1e-12);
    assert_non_null(json_object_get(doc, "table_forecast"));
    assert_non_null(json_object_get(doc, "full_forecast"));
    assert_non_null(json_object_get(doc, "durability"));
    assert_true(json_is_array(json_object_get(doc, "spoilers")));
    lv = json_object_get(doc, "levers");
    /* 4 levers and 6 pairs. */
    assert_int_equal(json_array_size(lv), 10);
    assert_non_null(json_object_get(json_array_get(lv, 0), "flips"));
    json_decref(doc);
    free(out);
}

static void test_summits__analyze_errors(void **state)
{
    int st;
    char *out;

    (void)state;
    out = run_cli("analyze scenarios/hanoi-2019.yaml --lever nosuch", &st);
    assert_int_equal(st, 2);
    assert_non_null(strstr(out, "unknown lever 'nosuch'"));
    assert_non_null(strstr(out, "us_phased_steps"));
    free(out);
    out = run_cli("analyze scenarios/hanoi-2019.yaml --weights odd", &st);
    assert_int_equal(st, 2);
    free(out);
    out = run_cli("analyze", &st);
    assert_int_equal(st, 2);
    free(out);
    out = run_cli("analyze /nonexistent.yaml", &st);
    assert_int_equal(st, 4);
    free(out);
}

/*
 * An empty zone explained. One issue, status quo 50. A at 0 (salience
 * 70) gains by walking away (cost -10): D_A = -35 + 10 = -25; B at 100
 * (salience 100), D_B = -50, with the red line "below: 45". On x >= 45,
 * u_A = 25 - 0.7x falls and u_B = x - 50 rises; they cross at x = 44.1
 * < 45, so t* = u_A(45) = 25 - 31.5 = -6.5, bound by A's no-deal utility
 * and B's red line; B's surplus row is slack (u_B = -5).
 */
static void test_summits__empty_zone_verdict(void **state)
{
    static const char text[] =
        "name: empty\n"
        "issues:\n"
        "  - {id: a, name: A, status_quo: 50}\n"
        "actors:\n"
        "  - id: A\n"
        "    name: A\n"
        "    capability: 1\n"
        "    no_deal: {cost: -10}\n"
        "    issues:\n"
        "      a: {position: 0, salience: 70}\n"
        "  - id: B\n"
        "    name: B\n"
        "    capability: 1\n"
        "    issues:\n"
        "      a: {position: 100, salience: 100, red_line: {below: 45}}\n";
    char path[] = "/tmp/dt_empty_XXXXXX", args[200];
    int fd = mkstemp(path), st;
    char *out;
    json_t *doc, *zone;
    json_error_t je;

    (void)state;
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, sizeof text - 1),
                     (ssize_t)(sizeof text - 1));
    close(fd);
    snprintf(args, sizeof args, "analyze --format json '%s'", path);
    out = run_cli(args, &st);
    unlink(path);
    assert_int_equal(st, 0);
    doc = json_loads(out, 0, &je);
    assert_non_null(doc);
    zone = json_object_get(doc, "zone");
    assert_true(json_is_false(json_object_get(zone, "feasible")));
    DT_ASSERT_REL(json_real_value(json_object_get(zone, "surplus")), -6.5,
                  1e-9);
    assert_string_equal(json_string_value(json_object_get(zone, "verdict")),
                        "no agreement (max-min surplus -6.5): B's red line "
                        "on a and A's no-deal utility cannot both hold");
    assert_null(json_object_get(doc, "deal"));
    json_decref(doc);
    free(out);
}

static void test_summits__compare(void **state)
{
    int st;
    char *out = run_cli("compare scenarios/hanoi-2019.yaml "
                        "scenarios/anchorage-2025.yaml --format csv",
                        &st);

    (void)state;
    assert_int_equal(st, 0);
    /*
     * Rows named by the issue, with the values from the YAML; fields
     * quoted only when they need it (RFC 4180: a comma, quote or line
     * break).
     */
    assert_non_null(strstr(out, "\nat_table,\"usa, dprk\",\"usa, russia\"\n"));
    assert_non_null(strstr(out, "\nleft_out,\"china, rok\",\"ukraine, "));
    assert_non_null(strstr(out, "\nstatus_quo.sanctions_relief,0.0,20.0\n"));
    assert_non_null(strstr(out, "\nstatus_quo.scope,5.0,-\n"));
    assert_non_null(strstr(out, "\nagreement,no,yes\n"));
    assert_non_null(strstr(out, "\noutcome,\"No agreement."));
    free(out);
    out = run_cli("compare scenarios/hanoi-2019.yaml "
                  "scenarios/anchorage-2025.yaml --format markdown",
                  &st);
    assert_int_equal(st, 0);
    assert_non_null(strstr(out, "| agreement feasible | no | yes |"));
    free(out);
    out = run_cli("compare --format xml scenarios/hanoi-2019.yaml", &st);
    assert_int_equal(st, 2);
    free(out);
}

/*
 * The words of the analysis on hand-built runs (no solver involved): a
 * scenario only for the ids. Red lines of the run: 0 = A's on a (below
 * 20), 1 = A's cross-issue one (b - 0.3 a <= 0), 2 = B's on b (below 10,
 * above 90).
 */
static const char words_yaml[] =
    "name: words\n"
    "issues:\n"
    "  - {id: a, name: A, status_quo: 50}\n"
    "  - {id: b, name: B, status_quo: 50}\n"
    "actors:\n"
    "  - id: A\n"
    "    name: A\n"
    "    capability: 30\n"
    "    issues:\n"
    "      a: {position: 0, salience: 80, red_line: {below: 20}}\n"
    "      b: {position: 100, salience: 20}\n"
    "    red_lines:\n"
    "      - terms: {b: 1, a: -0.3}\n"
    "        at_most: 0\n"
    "  - id: B\n"
    "    name: B\n"
    "    capability: 10\n"
    "    issues:\n"
    "      a: {position: 100, salience: 50}\n"
    "      b: {position: 0, salience: 50, red_line: {below: 10, above: "
    "90}}\n"
    "  - id: C\n"
    "    name: C\n"
    "    role: excluded\n"
    "    capability: 20\n"
    "    issues:\n"
    "      a: {position: 40, salience: 50}\n"
    "levers:\n"
    "  - id: press\n"
    "    by: A\n"
    "    effects:\n"
    "      - {actor: B, no_deal_cost: {add: 10}}\n"
    "  - id: ease\n"
    "    by: B\n"
    "    effects:\n"
    "      - {actor: A, no_deal_cost: {add: -5}}\n";

struct words_run {
    dt_analysis_limit lim[3];
    int binding[3], limit_binding[3];
    double no_deal[3];
    dt_analysis_run r;
};

static void words_run_init(struct words_run *w, dt_zone_status status,
                           int feasible, double surplus)
{
    memset(w, 0, sizeof *w);
    w->lim[0] = (dt_analysis_limit){0, 0, (size_t)-1};
    w->lim[1] = (dt_analysis_limit){0, (size_t)-1, 0};
    w->lim[2] = (dt_analysis_limit){1, 1, (size_t)-1};
    w->no_deal[0] = -62.0;
    w->no_deal[1] = -50.0;
    w->no_deal[2] = -15.0;
    w->r.n_actors = 3;
    w->r.n_issues = 2;
    w->r.n_limits = 3;
    w->r.limits = w->lim;
    w->r.no_deal = w->no_deal;
    w->r.zone.status = status;
    w->r.zone.feasible = feasible;
    w->r.zone.surplus = surplus;
    w->r.zone.n_actors = 3;
    w->r.zone.n_issues = 2;
    w->r.zone.n_limits = 3;
    w->r.zone.binding = w->binding;
    w->r.zone.limit_binding = w->limit_binding;
}

/* The verdict of w->r, checked against want, and its length returned. */
static void verdict_is(const dt_scenario *sc, const struct words_run *w,
                       const char *want)
{
    char buf[512];

    assert_int_equal(dt_analysis_verdict(sc, &w->r, buf, sizeof buf),
                     strlen(want));
    assert_string_equal(buf, want);
}

static void test_summits__verdict_words(void **state)
{
    dt_scenario *sc = parse(words_yaml);
    struct words_run w;
    char buf[256];

    (void)state;
    words_run_init(&w, DT_ZONE_SOLVED, 1, 12.5);
    dt_analysis_limit_name(sc, &w.r, 0, buf, sizeof buf);
    assert_string_equal(buf, "A's red line on a");
    dt_analysis_limit_name(sc, &w.r, 1, buf, sizeof buf);
    assert_string_equal(buf, "A's cross-issue red line");
    dt_analysis_limit_bounds(sc, &w.r, 0, buf, sizeof buf);
    assert_string_equal(buf, "a >= 20");
    dt_analysis_limit_bounds(sc, &w.r, 1, buf, sizeof buf);
    assert_string_equal(buf, "b - 0.3 a <= 0");
    dt_analysis_limit_bounds(sc, &w.r, 2, buf, sizeof buf);
    assert_string_equal(buf, "b >= 10 and b <= 90");

    /* A feasible zone limited by A's red line on a and B's no deal. */
    w.limit_binding[0] = 1;
    w.binding[1] = 1;
    verdict_is(sc, &w,
               "agreement possible (max-min surplus 12.5); the zone is "
               "limited by A's red line on a and B's no-deal utility");

    /* No zone, one surplus row binding: A's no deal beats everything. */
    words_run_init(&w, DT_ZONE_SOLVED, 0, -3.25);
    w.binding[0] = 1;
    verdict_is(sc, &w,
               "no agreement (max-min surplus -3.25): no outcome gives A "
               "more than its no-deal utility (-62)");

    /* No zone, a red line and a no-deal row binding together. */
    words_run_init(&w, DT_ZONE_SOLVED, 0, -6.5);
    w.limit_binding[2] = 1;
    w.binding[0] = 1;
    verdict_is(sc, &w,
               "no agreement (max-min surplus -6.5): B's red line on b and "
               "A's no-deal utility cannot both hold");

    /* Contradictory red lines: two conflicting sets, then one of three. */
    words_run_init(&w, DT_ZONE_RED_LINES, 0, NAN);
    w.limit_binding[0] = 1;
    w.limit_binding[1] = 2;
    w.limit_binding[2] = 1;
    verdict_is(sc, &w,
               "no agreement: the table's red lines contradict: A's red line "
               "on a and B's red line on b cannot both hold; A's "
               "cross-issue red line cannot hold");
    w.limit_binding[1] = 1;
    verdict_is(sc, &w,
               "no agreement: the table's red lines contradict: A's red line "
               "on a, A's cross-issue red line and B's red line on b cannot "
               "all hold");

    /* Nobody at the table; then the snprintf contract. */
    words_run_init(&w, DT_ZONE_NO_TABLE, 0, NAN);
    verdict_is(sc, &w, "no agreement to analyse: no actor has role: table");
    assert_int_equal(dt_analysis_verdict(sc, &w.r, NULL, 0), 49);
    assert_int_equal(dt_analysis_verdict(sc, &w.r, buf, 10), 49);
    assert_string_equal(buf, "no agreem");
    dt_scenario_free(sc);
}

static void test_summits__effect_words(void **state)
{
    dt_scenario *sc = parse(words_yaml);
    dt_lever_effect e;
    char buf[256];

    (void)state;
    memset(&e, 0, sizeof e);
    e.n = 2;
    e.lever[0] = 0;
    e.lever[1] = 1;
    e.by = 0;
    e.run.deal.found = 1;
    e.shift_proposal = 0.25;
    e.surplus_change = 1.5;
    e.durability_change = 0.1;
    e.flip = 1;
    assert_int_equal(dt_analysis_effect_name(sc, &e, buf, sizeof buf), 10);
    assert_string_equal(buf, "press+ease");
    dt_analysis_effect_summary(sc, &e, buf, sizeof buf);
    assert_string_equal(buf, "turns no agreement into agreement; moves the "
                             "deal 25% of the way toward A, surplus +1.5, "
                             "durability +0.10");
    /* One lever, no outcome to move, nothing measurable. */
    e.n = 1;
    e.lever[0] = 1;
    e.by = 1;
    e.run.deal.found = 0;
    e.shift_proposal = NAN;
    e.surplus_change = NAN;
    e.durability_change = NAN;
    e.flip = -1;
    dt_analysis_effect_name(sc, &e, buf, sizeof buf);
    assert_string_equal(buf, "ease");
    dt_analysis_effect_summary(sc, &e, buf, sizeof buf);
    assert_string_equal(buf, "turns agreement into no agreement; no outcome "
                             "to move toward B");
    e.no_effect = 1;
    dt_analysis_effect_summary(sc, &e, buf, sizeof buf);
    assert_string_equal(buf, "no effect on the analysis");
    dt_scenario_free(sc);
}

/*
 * The second scenario of the comparison: issues c (status quo 60) and a
 * (20), X and Y at the table, both at c = 70, a = 10 with salience 100.
 * D_X = D_Y = -(10 + 10) = -20; the zone's best point is (70, 10) with
 * surplus 20 for both, and the Nash deal is the same point. Both gain
 * 20: both support, durability 1; no levers, no outcome, no date.
 */
static const char pair_yaml[] = "name: pair\n"
                                "issues:\n"
                                "  - {id: c, name: C, status_quo: 60}\n"
                                "  - {id: a, name: A, status_quo: 20}\n"
                                "actors:\n"
                                "  - id: X\n"
                                "    name: X\n"
                                "    capability: 1\n"
                                "    issues:\n"
                                "      c: {position: 70, salience: 100}\n"
                                "      a: {position: 10, salience: 100}\n"
                                "  - id: Y\n"
                                "    name: Y\n"
                                "    capability: 1\n"
                                "    issues:\n"
                                "      c: {position: 70, salience: 100}\n"
                                "      a: {position: 10, salience: 100}\n";

/* Cell of row `key` in column j. */
static const char *cmp_cell(const dt_compare *c, const char *key, size_t j)
{
    size_t r = dt_compare_row(c, key);

    assert_true(r != (size_t)-1);
    return dt_compare_cell(c, r, j);
}

static void test_summits__compare_rows(void **state)
{
    static const char *const keys[] = {
        "scenario",     "date",         "at_table",
        "left_out",     "issues",       "pressure_tools",
        "status_quo.a", "status_quo.b", "status_quo.c",
        "deal.a",       "deal.b",       "deal.c",
        "agreement",    "surplus",      "verdict",
        "durability",   "spoilers",     "strongest_lever",
        "outcome"};
    const dt_scenario *scs[2];
    const dt_analysis *ans[2];
    dt_analysis_opts o = DT_ANALYSIS_OPTS_INIT;
    dt_analysis *a0 = NULL, *a1 = NULL;
    dt_compare *c = NULL;
    dt_error err;
    size_t i;

    (void)state;
    scs[0] = parse(toy);
    scs[1] = parse(pair_yaml);
    assert_int_equal(dt_analyze(scs[0], &o, &a0, &err), DT_OK);
    assert_int_equal(dt_analyze(scs[1], &o, &a1, &err), DT_OK);
    ans[0] = a0;
    ans[1] = a1;
    assert_int_equal(dt_compare_new(scs, ans, 2, &c, &err), DT_OK);
    assert_int_equal(dt_compare_n_scenarios(c), 2);
    /* Rows: issue ids in order of first appearance, a and b, then c. */
    assert_int_equal(dt_compare_n_rows(c), 19);
    for (i = 0; i < 19; i++)
        assert_string_equal(dt_compare_key(c, i), keys[i]);
    assert_null(dt_compare_key(c, 19));
    assert_string_equal(dt_compare_label(c, 2), "at the table");
    assert_string_equal(dt_compare_label(c, 8), "status quo: c");
    assert_string_equal(dt_compare_label(c, 10), "deal: b");
    assert_string_equal(dt_compare_label(c, 14), "why");
    /* The toy (test_summits__toy_by_hand): deal (0, 0), t* = 32.4. */
    assert_string_equal(cmp_cell(c, "scenario", 0), "toy");
    assert_string_equal(cmp_cell(c, "date", 0), "-");
    assert_string_equal(cmp_cell(c, "at_table", 0), "A, B");
    assert_string_equal(cmp_cell(c, "left_out", 0), "C");
    assert_string_equal(cmp_cell(c, "issues", 0), "a, b");
    assert_string_equal(cmp_cell(c, "pressure_tools", 0),
                        "press (A), idle (B)");
    assert_string_equal(cmp_cell(c, "status_quo.a", 0), "50.0");
    assert_null(cmp_cell(c, "status_quo.c", 0));
    assert_null(cmp_cell(c, "deal.c", 0));
    assert_string_equal(cmp_cell(c, "deal.a", 0), "0.0");
    assert_string_equal(cmp_cell(c, "deal.b", 0), "0.0");
    assert_string_equal(cmp_cell(c, "agreement", 0), "yes");
    assert_string_equal(cmp_cell(c, "surplus", 0), "32.40");
    assert_true(strncmp(cmp_cell(c, "verdict", 0),
                        "agreement possible (max-min surplus 32.4); the zone "
                        "is limited by ",
                        66) == 0);
    assert_string_equal(cmp_cell(c, "durability", 0), "0.67 (of the deal)");
    assert_string_equal(cmp_cell(c, "spoilers", 0), "C");
    assert_true(strncmp(cmp_cell(c, "strongest_lever", 0), "press: ", 7) == 0);
    assert_string_equal(cmp_cell(c, "outcome", 0), "not recorded");
    /* The pair: issues c, a; no b. */
    assert_string_equal(cmp_cell(c, "issues", 1), "c, a");
    assert_string_equal(cmp_cell(c, "left_out", 1), "none");
    assert_string_equal(cmp_cell(c, "pressure_tools", 1), "none");
    assert_string_equal(cmp_cell(c, "status_quo.a", 1), "20.0");
    assert_null(cmp_cell(c, "status_quo.b", 1));
    assert_string_equal(cmp_cell(c, "status_quo.c", 1), "60.0");
    assert_string_equal(cmp_cell(c, "deal.a", 1), "10.0");
    assert_null(cmp_cell(c, "deal.b", 1));
    assert_string_equal(cmp_cell(c, "deal.c", 1), "70.0");
    assert_string_equal(cmp_cell(c, "surplus", 1), "20.00");
    assert_string_equal(cmp_cell(c, "durability", 1), "1.00 (of the deal)");
    assert_string_equal(cmp_cell(c, "spoilers", 1), "none");
    assert_string_equal(cmp_cell(c, "strongest_lever", 1), "none");
    assert_null(dt_compare_cell(c, 0, 2));
    dt_compare_free(c);

    /* Without the pair's analysis its analysis rows read "n/a". */
    ans[1] = NULL;
    assert_int_equal(dt_compare_new(scs, ans, 2, &c, &err), DT_OK);
    assert_int_equal(dt_compare_n_rows(c), 19);
    assert_string_equal(cmp_cell(c, "deal.c", 1), "n/a");
    assert_null(cmp_cell(c, "deal.b", 1));
    assert_string_equal(cmp_cell(c, "verdict", 1), "n/a");
    assert_string_equal(cmp_cell(c, "strongest_lever", 1), "n/a");
    assert_string_equal(cmp_cell(c, "status_quo.c", 1), "60.0");
    assert_null(dt_compare_analysis(c, 1));
    dt_compare_free(c);
    dt_compare_free(NULL);

    assert_int_equal(dt_compare_new(scs, ans, 0, &c, &err), DT_EINVAL);
    assert_null(c);
    dt_analysis_free(a0);
    dt_analysis_free(a1);
    dt_scenario_free((dt_scenario *)scs[0]);
    dt_scenario_free((dt_scenario *)scs[1]);
}

/*
 * The score rows (issue 15, item 3) on tests/cli/good/phases.yaml, whose
 * outcome records x = 99 and no agreement flag, beside a scenario with
 * no outcome. Weights capability x salience on x: A 10 x 60 = 600 at 80,
 * B 30 x 60 = 1800 at 20, C 20 x 60 = 1200 at 50 (total 3600). The
 * compromise (mean) forecast is (600 x 80 + 1800 x 20 + 1200 x 50) /
 * 3600 = 40, error 59; the weighted median is 20 (B holds half the
 * weight and sits lowest), error 79. No agreement flag: the verdict
 * cannot be scored. The scenario without an outcome has no score cells.
 */
static void test_summits__compare_score_rows(void **state)
{
    const dt_scenario *scs[2] = {NULL, NULL};
    const dt_analysis *ans[2] = {NULL, NULL};
    dt_analysis *a0 = NULL;
    dt_compare *c = NULL;
    dt_error err;

    (void)state;
    assert_int_equal(dt_scenario_load(dt_test_src("tests/cli/good/phases.yaml"),
                                      NULL, (dt_scenario **)&scs[0], &err),
                     DT_OK);
    assert_int_equal(dt_scenario_load(dt_test_src("tests/browser/hostile.yaml"),
                                      NULL, (dt_scenario **)&scs[1], &err),
                     DT_OK);
    assert_int_equal(dt_analyze(scs[0], NULL, &a0, &err), DT_OK);
    ans[0] = a0;
    assert_int_equal(dt_compare_new(scs, ans, 2, &c, &err), DT_OK);
    assert_string_equal(cmp_cell(c, "error.mean", 0), "59.00 (1 issue)");
    assert_string_equal(cmp_cell(c, "error.median", 0), "79.00 (1 issue)");
    assert_string_equal(dt_compare_label(c, dt_compare_row(c, "error.mean")),
                        "error: mean");
    assert_string_equal(cmp_cell(c, "verdict_vs_outcome", 0), "cannot say");
    assert_non_null(cmp_cell(c, "error.deal", 0));
    assert_null(cmp_cell(c, "error.mean", 1));
    assert_null(cmp_cell(c, "verdict_vs_outcome", 1));
    dt_compare_free(c);
    /* Without any outcome there are no score rows at all. */
    assert_int_equal(dt_compare_new(&scs[1], NULL, 1, &c, &err), DT_OK);
    assert_int_equal(dt_compare_row(c, "error.mean"), (size_t)-1);
    dt_compare_free(c);
    dt_analysis_free(a0);
    dt_scenario_free((dt_scenario *)scs[0]);
    dt_scenario_free((dt_scenario *)scs[1]);
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

/* Fail each allocation of dt_compare_new in turn: DT_ENOMEM, no leak. */
static void test_summits__compare_torture(void **state)
{
    torture t = {0, 0, 0};
    dt_allocator a;
    dt_load_opts lo = DT_LOAD_OPTS_INIT;
    dt_analysis_opts o = DT_ANALYSIS_OPTS_INIT;
    const dt_scenario *scs[2];
    const dt_analysis *ans[2];
    dt_scenario *s0 = NULL, *s1 = NULL;
    dt_analysis *a0 = NULL, *a1 = NULL;
    dt_error err;
    long long base_live;
    unsigned long n;

    (void)state;
    a.realloc = torture_realloc;
    a.ud = &t;
    lo.alloc = &a;
    assert_int_equal(dt_scenario_parse(toy, strlen(toy), "toy.yaml",
                                       DT_FORMAT_YAML, &lo, &s0, &err),
                     DT_OK);
    assert_int_equal(dt_scenario_parse(pair_yaml, strlen(pair_yaml),
                                       "pair.yaml", DT_FORMAT_YAML, &lo, &s1,
                                       &err),
                     DT_OK);
    assert_int_equal(dt_analyze(s0, &o, &a0, &err), DT_OK);
    assert_int_equal(dt_analyze(s1, &o, &a1, &err), DT_OK);
    scs[0] = s0;
    scs[1] = s1;
    ans[0] = a0;
    ans[1] = a1;
    base_live = t.live;
    for (n = 1;; n++) {
        dt_compare *c = NULL;
        dt_status rc;

        t.fail_at = t.calls + n;
        rc = dt_compare_new(scs, ans, 2, &c, &err);
        if (rc == DT_OK) {
            assert_true(t.calls < t.fail_at);
            assert_int_equal(dt_compare_n_rows(c), 19);
            dt_compare_free(c);
            assert_int_equal(t.live, base_live);
            break;
        }
        assert_int_equal(rc, DT_ENOMEM);
        assert_null(c);
        assert_int_equal(t.live, base_live);
    }
    assert_true(n > 1);
    t.fail_at = 0;
    dt_analysis_free(a0);
    dt_analysis_free(a1);
    dt_scenario_free(s0);
    dt_scenario_free(s1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_summits__toy_by_hand),
        cmocka_unit_test(test_summits__undefined_no_deal),
        cmocka_unit_test(test_summits__unknown_names_refused),
        cmocka_unit_test(test_summits__hanoi),
        cmocka_unit_test(test_summits__anchorage),
        cmocka_unit_test(test_summits__analyze_json),
        cmocka_unit_test(test_summits__analyze_errors),
        cmocka_unit_test(test_summits__empty_zone_verdict),
        cmocka_unit_test(test_summits__compare),
        cmocka_unit_test(test_summits__verdict_words),
        cmocka_unit_test(test_summits__effect_words),
        cmocka_unit_test(test_summits__compare_rows),
        cmocka_unit_test(test_summits__compare_score_rows),
        cmocka_unit_test(test_summits__compare_torture),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
