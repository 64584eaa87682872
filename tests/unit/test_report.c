/*
 * Tests of reports (include/detente/report.h, detente report): escaping of
 * every scenario string, byte-identical output, the SHA-256 in the footer
 * against the FIPS 180-2 test vector, a forecast against a hand
 * calculation, chart ids made unique in the page, the games' section
 * (Hanoi's staged deal and threat, games.md's examples, against hand
 * calculations; absent without game sections; escaped), and the
 * command's output-directory handling and error exits; the
 * explanations, the score against a recorded outcome and the phases
 * timeline against hand calculations.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dt_test.h"
#include <detente/chart.h>
#include <detente/report.h>
#include "report/report_int.h"

/* Growable in-memory sink for the writers. */
typedef struct mem {
    char *p;
    size_t n;
    size_t cap;
} mem;

static dt_status mem_write(void *ud, const void *p, size_t n)
{
    mem *m = ud;

    if (m->n + n + 1 > m->cap) {
        size_t cap = m->cap ? m->cap : 1 << 16;

        while (cap < m->n + n + 1)
            cap *= 2;
        m->p = realloc(m->p, cap);
        assert_non_null(m->p);
        m->cap = cap;
    }
    memcpy(m->p + m->n, p, n);
    m->n += n;
    m->p[m->n] = '\0';
    return DT_OK;
}

/* Whether the n bytes at p contain the string s. */
static int contains(const char *p, size_t n, const char *s)
{
    size_t k = strlen(s), i;

    for (i = 0; i + k <= n; i++)
        if (memcmp(p + i, s, k) == 0)
            return 1;
    return 0;
}

static dt_scenario *load(const char *rel)
{
    dt_scenario *sc = NULL;
    dt_error err;

    assert_int_equal(dt_scenario_load(dt_test_src(rel), NULL, &sc, &err),
                     DT_OK);
    return sc;
}

static dt_report *make(dt_scenario *sc, const char *bytes)
{
    dt_report_input in = {sc, bytes, bytes ? strlen(bytes) : 0, "in.yaml"};
    dt_report_opts o = DT_REPORT_OPTS_INIT;
    dt_report *rep = NULL;
    dt_error err;
    dt_status st;

    o.command = "detente report in.yaml -o out";
    st = dt_report_new(&in, 1, &o, &rep, &err);
    if (st != DT_OK)
        fail_msg("dt_report_new: %s", err.msg);
    return rep;
}

static void html_of(const dt_report *rep, mem *m)
{
    dt_error err;

    memset(m, 0, sizeof *m);
    if (dt_report_write_html(rep, mem_write, m, &err) != DT_OK)
        fail_msg("dt_report_write_html: %s", err.msg);
}

/* Every string of tests/browser/hostile.yaml is markup; none survives. */
static void test_report__escapes_every_scenario_string(void **state)
{
    dt_scenario *sc = load("tests/browser/hostile.yaml");
    dt_report *rep = make(sc, NULL);
    mem m;

    (void)state;
    html_of(rep, &m);
    /* No element from the scenario: the only tags are the report's. */
    assert_null(strstr(m.p, "<script"));
    assert_null(strstr(m.p, "<img"));
    assert_null(strstr(m.p, "<b>summit"));
    assert_null(strstr(m.p, "<style>body"));
    assert_null(strstr(m.p, "<!-- comment"));
    /* The text itself, escaped by hand: & < > " ' */
    assert_non_null(strstr(
        m.p, "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt; "
             "&amp; &lt;a href=&quot;http://example.invalid/&quot;&gt;"
             "link&lt;/a&gt;"));
    assert_non_null(strstr(m.p, "<title>Briefing: Hostile &lt;b&gt;summit"
                                "&lt;/b&gt; &amp; &quot;quotes&quot; "
                                "&#39;single&#39;</title>"));
    assert_non_null(strstr(m.p, "x&quot; onmouseover=&quot;console.error(1)"));
    assert_non_null(strstr(m.p, "&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;"));
    assert_non_null(strstr(m.p, "&amp;amp; entity"));
    free(m.p);
    dt_report_free(rep);
    dt_scenario_free(sc);
}

/*
 * The compromise (mean) forecast of the hostile scenario's one issue, by
 * hand: weights capability x salience = 60 x 0.70 = 42 (east, at 20) and
 * 40 x 0.55 = 22 (west, at 80); (42 x 20 + 22 x 80) / 64 = 40.625.
 */
static void test_report__forecast_matches_hand_calculation(void **state)
{
    dt_scenario *sc = load("tests/browser/hostile.yaml");
    dt_report *rep = make(sc, NULL);
    mem m;

    (void)state;
    html_of(rep, &m);
    assert_non_null(strstr(m.p, "<td>mean</td><td class=\"num\">40.6</td>"));
    free(m.p);
    dt_report_free(rep);
    dt_scenario_free(sc);
}

/* SHA-256("abc") from FIPS 180-2, appendix B.1. */
static void test_report__footer_has_sha256_seed_version_command(void **state)
{
    dt_scenario *sc = load("tests/browser/hostile.yaml");
    dt_report *rep = make(sc, "abc");
    char want[128];
    mem m;

    (void)state;
    html_of(rep, &m);
    assert_non_null(strstr(m.p, "in.yaml  sha256:ba7816bf8f01cfea414140de5dae"
                                "2223b00361a396177a9cb410ff61f20015ad"));
    assert_non_null(
        strstr(m.p, "<dt>seed</dt><dd>none (nothing random in this report)"));
    snprintf(want, sizeof want, "<dd>detente %s</dd>", dt_version());
    assert_non_null(strstr(m.p, want));
    assert_non_null(strstr(m.p, "<dd>detente report in.yaml -o out</dd>"));
    free(m.p);
    dt_report_free(rep);
    dt_scenario_free(sc);
}

/* Same report, same bytes: HTML and PDF (fixed PDF dates). */
static void test_report__output_is_byte_identical(void **state)
{
    dt_scenario *sc = load("scenarios/hanoi-2019.yaml");
    dt_report *r1 = make(sc, "x"), *r2 = make(sc, "x");
    mem a, b, p, q;
    dt_error err;

    (void)state;
    html_of(r1, &a);
    html_of(r2, &b);
    assert_int_equal(a.n, b.n);
    assert_memory_equal(a.p, b.p, a.n);
    memset(&p, 0, sizeof p);
    memset(&q, 0, sizeof q);
    assert_int_equal(dt_report_write_pdf(r1, mem_write, &p, &err), DT_OK);
    assert_int_equal(dt_report_write_pdf(r2, mem_write, &q, &err), DT_OK);
    assert_true(p.n > 1000);
    assert_memory_equal(p.p, "%PDF-", 5);
    assert_int_equal(p.n, q.n);
    assert_memory_equal(p.p, q.p, p.n);
    assert_true(contains(p.p, p.n, "/CreationDate (20000101000000Z)"));
    free(a.p);
    free(b.p);
    free(p.p);
    free(q.p);
    dt_report_free(r1);
    dt_report_free(r2);
    dt_scenario_free(sc);
}

/*
 * With a sweep: every section written, and the same bytes for 1 and 3
 * threads (each draw has its own stream; docs/reports.md).
 */
static void test_report__sweep_same_bytes_for_any_thread_count(void **state)
{
    dt_scenario *sc = load("scenarios/hanoi-2019.yaml");
    dt_report_input in = {sc, "x", 1, "hanoi.yaml"};
    dt_report_opts o = DT_REPORT_OPTS_INIT;
    dt_report *r1 = NULL, *r3 = NULL;
    mem a, b, p;
    dt_error err;

    (void)state;
    o.draws = 60;
    o.seed = 2385;
    o.has_seed = 1;
    o.threads = 1;
    if (dt_report_new(&in, 1, &o, &r1, &err) != DT_OK)
        fail_msg("dt_report_new: %s", err.msg);
    o.threads = 3;
    if (dt_report_new(&in, 1, &o, &r3, &err) != DT_OK)
        fail_msg("dt_report_new: %s", err.msg);
    html_of(r1, &a);
    html_of(r3, &b);
    assert_int_equal(a.n, b.n);
    assert_memory_equal(a.p, b.p, a.n);
    assert_non_null(strstr(a.p, "60 draws (seed 2385)"));
    assert_non_null(strstr(a.p, "<dd>2385 (60 draws)</dd>"));
    assert_non_null(strstr(a.p, "id=\"chart-s1-distribution-scope\""));
    memset(&p, 0, sizeof p);
    assert_int_equal(dt_report_write_pdf(r1, mem_write, &p, &err), DT_OK);
    assert_memory_equal(p.p, "%PDF-", 5);
    free(a.p);
    free(b.p);
    free(p.p);
    dt_report_free(r1);
    dt_report_free(r3);
    dt_scenario_free(sc);
}

/*
 * With a variance decomposition (--sobol): its section and a chart per
 * issue, the same bytes for 1 and 2 threads, and the indices shown are
 * those dt_sobol_scenario gives with the same options (eu, the analysis
 * on, grouped by actor).
 */
static void test_report__sobol_section(void **state)
{
    static const dt_model_type *const eu[] = {&dt_model_eu};
    dt_scenario *sc = load("scenarios/hanoi-2019.yaml");
    dt_report_input in = {sc, "x", 1, "hanoi.yaml"};
    dt_report_opts o = DT_REPORT_OPTS_INIT;
    dt_sweep_opts so = DT_SWEEP_OPTS_INIT;
    dt_sobol_opts sop = DT_SOBOL_OPTS_INIT;
    dt_report *r1 = NULL, *r2 = NULL;
    dt_sobol *s = NULL;
    const size_t *rk;
    char want[200];
    mem a, b;
    dt_error err;

    (void)state;
    o.sobol = 16;
    o.sobol_group_by = DT_SOBOL_BY_ACTOR;
    o.seed = 77;
    o.has_seed = 1;
    o.threads = 1;
    if (dt_report_new(&in, 1, &o, &r1, &err) != DT_OK)
        fail_msg("dt_report_new: %s", err.msg);
    o.threads = 2;
    if (dt_report_new(&in, 1, &o, &r2, &err) != DT_OK)
        fail_msg("dt_report_new: %s", err.msg);
    html_of(r1, &a);
    html_of(r2, &b);
    assert_int_equal(a.n, b.n);
    assert_memory_equal(a.p, b.p, a.n);
    assert_non_null(strstr(a.p, "Where the uncertainty comes from"));
    assert_non_null(
        strstr(a.p, "<dd>77 (Sobol indices from 16 base rows)</dd>"));
    assert_non_null(strstr(a.p, "id=\"chart-s1-sobol-scope\""));
    assert_int_equal(dt_report_seed(r1), 77);
    /* The top-ranked group of the first forecast, with its S1. */
    so.models = eu;
    so.n_models = 1;
    sop.seed = 77;
    sop.n_base = 16;
    sop.group_by = DT_SOBOL_BY_ACTOR;
    assert_int_equal(dt_sobol_scenario(sc, &so, &sop, &s, &err), DT_OK);
    rk = dt_sobol_rank(s, 0);
    assert_string_equal(dt_sobol_output_label(s, 0), "forecast eu/scope");
    snprintf(want, sizeof want, "%s</td><td class=\"num\">%.3f</td>",
             dt_sobol_input_label(s, rk[0]), dt_sobol_first(s, 0, rk[0])->est);
    if (!strstr(a.p, want))
        fail_msg("the report does not show '%s'", want);
    dt_sobol_free(s);
    free(a.p);
    free(b.p);
    dt_report_free(r1);
    dt_report_free(r2);
    dt_scenario_free(sc);
}

/*
 * Cairo names glyphs and clips the same way in every SVG ("glyph0-1");
 * inline in one page they must be renamed per chart, references included.
 */
static void test_report__chart_ids_are_unique_in_the_page(void **state)
{
    dt_scenario *sc = load("scenarios/hanoi-2019.yaml");
    dt_report *rep = make(sc, NULL);
    const char *p;
    size_t charts = 0;
    mem m;

    (void)state;
    html_of(rep, &m);
    assert_null(strstr(m.p, " id=\"glyph"));
    assert_null(strstr(m.p, "href=\"#glyph"));
    assert_null(strstr(m.p, "url(#clip"));
    for (p = m.p; (p = strstr(p, "<figure class=\"chart\" id=\"")); p++)
        charts++;
    /* 3 issues x (positions, trajectory) and the levers. */
    assert_int_equal(charts, 7);
    /* Every reference (the first 300) points at an element of the page. */
    charts = 0;
    for (p = m.p; (p = strstr(p, "href=\"#")) && charts < 300; p++) {
        char want[200];
        const char *q = strchr(p + 7, '"');

        assert_non_null(q);
        assert_true(q - (p + 7) < 150);
        snprintf(want, sizeof want, " id=\"%.*s\"", (int)(q - (p + 7)), p + 7);
        if (strncmp(p + 7, "chart-", 6) == 0) {
            if (!strstr(m.p, want))
                fail_msg("no element for %s", want);
            charts++;
        }
    }
    assert_true(charts > 50);
    free(m.p);
    dt_report_free(rep);
    dt_scenario_free(sc);
}

static void test_report__rejects_no_input(void **state)
{
    dt_report *rep = NULL;
    dt_error err;

    (void)state;
    assert_int_equal(dt_report_new(NULL, 0, NULL, &rep, &err), DT_EINVAL);
    assert_null(rep);
}

/* ----- The games' section (docs/games.md, report_games.c) ----- */

/* The n bytes after the first s in p, as a new string (for one row). */
static char *after(const char *p, const char *s, size_t n)
{
    const char *q = strstr(p, s);
    char *r;

    if (!q)
        fail_msg("not in the page: %s", s);
    r = strndup(q, n);
    assert_non_null(r);
    return r;
}

/*
 * Hanoi's staged deal (scenarios/hanoi-2019.yaml; docs/summits.md: "both
 * plans break at stage 1, North Korea cheating", V = (4.2, 0.8) and
 * (-1.7, 0.0)), by hand from games.md's recursion with S_A = 3, S_B = 1:
 *
 * everything_first, one stage (a 10, h 4, T^A 6, T^B 3, q 0.6): B
 * reneges, 4 + 3 - 1 = 6 > V_B(2) = 0, so C = 0; A cheats, 0.6 (0 + 3) =
 * 1.8 < 6 + 10. V_A = 6 - 0.6 x 3 = 4.2, V_B = 0.4 (3 - 1) = 0.8;
 * q* = 16 / 3 = 5.33, S_A* = 16 / 0.6 = 26.67, S_B* = 4 + 3 = 7, slacks
 * 1.8 - 16 = -14.2 and 0 - 6 = -6.
 *
 * phased, stage 3 (a 5, h 1, T^A 3, T^B 1, q 0.5): B reneges (1 + 1 - 1
 * = 1 > 0), A cheats (0.5 x 3 = 1.5 < 8): V_A(3) = 3 - 1.5 = 1.5, V_B(3)
 * = 0.5 (1 - 1) = 0; q* = 8 / 3 = 2.67, S_A* = 8 / 0.5 = 16, S_B* = 2,
 * slacks -6.5 and -1. Stage 2 (a 3, h 1.5, T 2 and 1, q 0.6): B reneges
 * (1.5 > 0), A cheats (1.8 < 5): V_A(2) = 2 - 1.8 = 0.2, V_B(2) = 0.
 * Stage 1 (a 2, h 1.5, T 1 and 1, q 0.9): B reneges, A cheats (2.7 < 3):
 * V_A = 1 - 2.7 = -1.7, V_B = 0.1 x 0 = 0.
 *
 * max_pressure: k_S 0.5 <= a_S 2, credible; x* = mu H (1 - o) / v_T =
 * 0.9 x 6 x 0.9 / 10 = 0.486 < x = 1, so North Korea defies; at o = 0,
 * .25, .5, .75, 1: 0.54 (1 - o) = 0.540, 0.405, 0.270, 0.135, 0.
 */
static void test_report__games_section_hanoi(void **state)
{
    dt_scenario *sc = load("scenarios/hanoi-2019.yaml");
    dt_report *rep = make(sc, NULL);
    char *row;
    mem m;

    (void)state;
    html_of(rep, &m);
    assert_non_null(
        strstr(m.p, "<h3 id=\"s1-games\">Sequencing and coercion games</h3>"));
    assert_non_null(strstr(m.p, "<a href=\"#s1-games\">"));
    assert_non_null(strstr(m.p, "A = North Korea (steps), B = United States "
                                "(reciprocates)"));
    /* The plans side by side, with the plan names of the file. */
    assert_non_null(strstr(
        m.p, "<tr><td>everything_first</td><td>US plan, complete "
             "denuclearisation first, relief after</td><td class=\"num\">1"
             "</td><td>breaks at stage 1: North Korea cheats</td><td "
             "class=\"num\">4.20</td><td class=\"num\">0.80</td></tr>"));
    assert_non_null(strstr(
        m.p, "<tr><td>phased</td><td>North Korean plan, phased and "
             "synchronised (Yongbyon first)</td><td class=\"num\">3</td>"
             "<td>breaks at stage 1: North Korea cheats</td><td "
             "class=\"num\">-1.70</td><td class=\"num\">0.00</td></tr>"));
    assert_non_null(strstr(m.p, "Both plans break at stage 1, North Korea "
                                "cheating."));
    /* The stage tables: everything_first's one stage, phased's last. */
    row = after(m.p, "Plan everything_first - US plan", 1200);
    assert_non_null(strstr(
        row, "<td>cheats</td><td>reneges</td><td class=\"num\">0.60</td>"
             "<td class=\"num\">5.33</td><td class=\"num\">26.67</td><td "
             "class=\"num\">7.00</td><td class=\"num\">-14.20</td><td "
             "class=\"num\">-6.00</td>"));
    free(row);
    row = after(m.p, "Plan phased - North Korean plan", 2500);
    assert_non_null(strstr(
        row, "<tr><td class=\"num\">3</td><td>cheats</td><td>reneges</td>"
             "<td class=\"num\">0.50</td><td class=\"num\">2.67</td><td "
             "class=\"num\">16.00</td><td class=\"num\">2.00</td><td "
             "class=\"num\">-6.50</td><td class=\"num\">-1.00</td>"));
    free(row);
    /* The threat. */
    assert_non_null(strstr(
        m.p, "<tr><td>max_pressure</td><td>United States</td><td>North "
             "Korea</td><td class=\"num\">0.10</td><td>yes</td><td "
             "class=\"num\">1.000</td><td class=\"num\">0.486</td><td>defies"
             "</td><td class=\"num\">0.540 / 0.405 / 0.270 / 0.135 / "
             "0.000</td></tr>"));
    /* Each part points at the models' documentation. */
    assert_non_null(strstr(m.p, "docs/games.md, &quot;Staged deal&quot;"));
    assert_non_null(
        strstr(m.p, "docs/games.md, &quot;Threat with outside options&quot;"));
    free(m.p);
    dt_report_free(rep);
    dt_scenario_free(sc);
}

/*
 * games.md's hand examples (tests/game/sequence-example.yaml, worked in
 * docs/games.md): three equal steps complete with (6, 6), q* = 3/11, 1/3,
 * 3/7 and S_B* = 3 at the last stage; the threat's x* = 0.5 x 10 x 0.6 /
 * 2 = 1.5 >= x = 1, so the target complies; the ratification's best
 * proposal 2/3, ratified with probability 7/9 = 0.78.
 */
static void test_report__games_section_examples(void **state)
{
    dt_scenario *sc = load("tests/game/sequence-example.yaml");
    dt_report *rep = make(sc, NULL);
    char *row;
    mem m;

    (void)state;
    html_of(rep, &m);
    assert_non_null(strstr(m.p, "Staged deal: A steps, B reciprocates"));
    assert_non_null(strstr(m.p, "<tr><td>three_steps</td><td></td><td "
                                "class=\"num\">3</td><td>completes</td><td "
                                "class=\"num\">6.00</td><td class=\"num\">"
                                "6.00</td></tr>"));
    row = after(m.p, "Plan three_steps", 2500);
    assert_non_null(strstr(row, "<td class=\"num\">0.27</td>"));
    assert_non_null(strstr(row, "<td class=\"num\">0.33</td>"));
    assert_non_null(strstr(row, "<td class=\"num\">0.43</td><td "
                                "class=\"num\">1.29</td><td class=\"num\">"
                                "3.00</td>"));
    free(row);
    assert_non_null(strstr(m.p, "<td class=\"num\">1.500</td><td>complies"));
    assert_non_null(strstr(m.p, "Best proposal 0.667, ratified with "
                                "probability 0.78."));
    assert_non_null(strstr(m.p, "Ratification and veto players"));
    free(m.p);
    dt_report_free(rep);
    dt_scenario_free(sc);
}

/* A scenario without game sections (the EC case) has no such section. */
static void test_report__no_games_section_without_games(void **state)
{
    dt_scenario *sc = load("scenarios/ec-emissions-1994.yaml");
    dt_report *rep = make(sc, NULL);
    mem m;

    (void)state;
    html_of(rep, &m);
    assert_null(strstr(m.p, "Sequencing and coercion games"));
    assert_null(strstr(m.p, "-games\""));
    assert_null(strstr(m.p, "Staged deal"));
    free(m.p);
    dt_report_free(rep);
    dt_scenario_free(sc);
}

/* Markup in every string of the game sections reaches the page as text. */
static void test_report__games_section_escapes(void **state)
{
    static const char yaml[] =
        "name: hostile games\n"
        "issues:\n"
        "  - {id: deal, name: Deal, status_quo: 0}\n"
        "actors:\n"
        "  - id: a\n"
        "    name: A\n"
        "    capability: 1\n"
        "    issues:\n"
        "      deal: {position: 100, salience: 50}\n"
        "staged_deal:\n"
        "  side_a: \"<b>side</b> & co\"\n"
        "  side_b: \"x\\\" onclick=\\\"y\"\n"
        "  note: \"<script>alert(1)</script>\"\n"
        "  s_a: 4\n"
        "  s_b: 4\n"
        "  plans:\n"
        "    - id: p1\n"
        "      name: \"<i>plan</i> 'one'\"\n"
        "      stages:\n"
        "        - {a: 1, b: 3, h: 1, g: 3, t_a: 2, t_b: 2, q: 0.7}\n"
        "threat:\n"
        "  - {id: t1, sender: \"<u>S</u>\", target: \"</td></tr>\", x: 1,\n"
        "     v_s: 1, v_t: 2, harm: 10, o: 0.4, k_s: 1, a_s: 3}\n"
        "ratification:\n"
        "  status_quo: 0.2\n"
        "  setter: \"<em>setter</em>\"\n"
        "  setter_ideal: 0.9\n"
        "  vetoes:\n"
        "    - {id: \"<s>veto</s>\", excluded: true, uniform: [0.3, 0.9]}\n";
    char path[] = "/tmp/dt-report-games-XXXXXX";
    int fd = mkstemp(path);
    dt_scenario *sc;
    dt_report *rep;
    mem m;

    (void)state;
    assert_true(fd >= 0);
    assert_int_equal(write(fd, yaml, sizeof yaml - 1),
                     (ssize_t)(sizeof yaml - 1));
    close(fd);
    {
        dt_error err;

        sc = NULL;
        if (dt_scenario_load(path, NULL, &sc, &err) != DT_OK)
            fail_msg("%s:%d:%d: %s", err.file, err.line, err.col, err.msg);
    }
    unlink(path);
    rep = make(sc, NULL);
    html_of(rep, &m);
    assert_non_null(strstr(m.p, "Sequencing and coercion games"));
    assert_null(strstr(m.p, "<b>side"));
    assert_null(strstr(m.p, "<script>alert"));
    assert_null(strstr(m.p, "<i>plan"));
    assert_null(strstr(m.p, "<u>S"));
    assert_null(strstr(m.p, "<em>setter"));
    assert_null(strstr(m.p, "<s>veto"));
    assert_null(strstr(m.p, "\" onclick"));
    assert_non_null(strstr(m.p, "&lt;b&gt;side&lt;/b&gt; &amp; co"));
    assert_non_null(strstr(m.p, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_non_null(strstr(m.p, "&lt;i&gt;plan&lt;/i&gt; &#39;one&#39;"));
    assert_non_null(strstr(m.p, "<td>&lt;/td&gt;&lt;/tr&gt;</td>"));
    assert_non_null(strstr(m.p, "&lt;s&gt;veto&lt;/s&gt;"));
    assert_non_null(strstr(m.p, "x&quot; onclick=&quot;y"));
    free(m.p);
    dt_report_free(rep);
    dt_scenario_free(sc);
}

/*
 * The PDF comes from the same document: the section is in the document
 * the PDF renderer is given, and the PDF of a report with it is written.
 */
static void test_report__games_section_in_pdf_document(void **state)
{
    dt_scenario *sc = load("scenarios/hanoi-2019.yaml");
    dt_report *rep = make(sc, NULL);
    size_t i, found = 0;
    dt_doc *d = NULL;
    dt_error err;
    mem p;

    (void)state;
    assert_int_equal(dt_doc_new(NULL, &d, &err), DT_OK);
    assert_int_equal(dt_report_doc(rep, d, &err), DT_OK);
    for (i = 0; i < dt_doc_n_blocks(d); i++) {
        const dt_doc_block *b = dt_doc_block_at(d, i);

        if (b->kind == DT_DOC_HEADING && b->text &&
            strcmp(b->text, "Sequencing and coercion games") == 0)
            found++;
    }
    assert_int_equal(found, 1);
    dt_doc_free(d);
    memset(&p, 0, sizeof p);
    assert_int_equal(dt_report_write_pdf(rep, mem_write, &p, &err), DT_OK);
    assert_memory_equal(p.p, "%PDF-", 5);
    free(p.p);
    dt_report_free(rep);
    dt_scenario_free(sc);
}

/* The n-th (0-based) block of d whose text is `text`, or (size_t)-1. */
static size_t block_with(const dt_doc *d, dt_doc_kind kind, const char *text)
{
    size_t i;

    for (i = 0; i < dt_doc_n_blocks(d); i++) {
        const dt_doc_block *b = dt_doc_block_at(d, i);

        if (b->kind == kind && b->text && strcmp(b->text, text) == 0)
            return i;
    }
    return (size_t)-1;
}

/* Cell (r, c) of table block k. */
static const char *cell(const dt_doc *d, size_t k, size_t r, size_t c)
{
    const dt_doc_block *b = dt_doc_block_at(d, k);

    assert_int_equal(b->kind, DT_DOC_TABLE);
    assert_true(r < b->rows && c < b->cols);
    return b->cells[r * b->cols + c] ? b->cells[r * b->cols + c] : "";
}

/*
 * tests/cli/good/phases.yaml (issue x, status quo 20; y, status quo 50):
 * A (capability 10) at x 80, y 40; B (30) at x 20, y 60; C (20,
 * excluded) at x 50; salience 60 on x, 50 on y; the scenario's outcome
 * x = 99. The compromise (mean) model's forecast is the capability x
 * salience weighted mean, by hand:
 *   as written: x (10*80 + 30*20 + 20*50) / 60 = 40, error |40 - 99| = 59;
 *   phase one (lever press: B's x + 15 = 35): x (800 + 1050 + 1000) / 60
 *     = 47.5, observed 30: error 17.5;
 *   phase two (A's x set to 70; C joins): x (700 + 1050 + 1000) / 60 =
 *     45.83, observed 45, error 0.83; y (10*40 + 30*60) / 40 = 55,
 *     observed 42, error 13; mean (0.833 + 13) / 2 = 6.92;
 *   phase three records no outcome: no error.
 */
static void test_report__score_and_phases_by_hand(void **state)
{
    dt_scenario *sc = load("tests/cli/good/phases.yaml");
    dt_report *rep = make(sc, NULL);
    dt_doc *d = NULL;
    dt_error err;
    size_t t, m;

    (void)state;
    assert_int_equal(dt_doc_new(NULL, &d, &err), DT_OK);
    assert_int_equal(dt_report_doc(rep, d, &err), DT_OK);
    assert_int_not_equal(block_with(d, DT_DOC_HEADING, "Against what happened"),
                         (size_t)-1);
    t = block_with(d, DT_DOC_TABLE, "Absolute error per model and issue");
    assert_int_not_equal(t, (size_t)-1);
    assert_string_equal(cell(d, t, 0, 1), "x");
    assert_string_equal(cell(d, t, 0, 2), "mean");
    for (m = 1; m < dt_doc_block_at(d, t)->rows; m++)
        if (strcmp(cell(d, t, m, 0), "mean") == 0)
            break;
    assert_string_equal(cell(d, t, m, 1), "59.00");
    assert_string_equal(cell(d, t, m, 2), "59.00");
    assert_int_not_equal(block_with(d, DT_DOC_PARA, "Observed: x 99.0."),
                         (size_t)-1);

    /* The timeline: one row per phase, the mean model in column 2. */
    assert_int_not_equal(block_with(d, DT_DOC_HEADING, "Phases"), (size_t)-1);
    t = block_with(d, DT_DOC_TABLE,
                   "Timeline: mean absolute error of each model against "
                   "each phase's observed outcome");
    assert_int_not_equal(t, (size_t)-1);
    assert_int_equal(dt_doc_block_at(d, t)->rows, 4);
    assert_string_equal(cell(d, t, 0, 2), "mean");
    assert_string_equal(cell(d, t, 1, 0), "one");
    assert_string_equal(cell(d, t, 1, 1), "2019-01-15");
    assert_string_equal(cell(d, t, 1, 2), "17.50");
    assert_string_equal(cell(d, t, 2, 2), "6.92");
    assert_string_equal(cell(d, t, 3, 2), "-");
    /* Each phase in detail: its changes and its forecasts. */
    assert_int_not_equal(
        block_with(d, DT_DOC_PARA,
                   "Changes: joins the table: C; set: A.x.position = 70 "
                   "(new leader), B.no_deal.cost = 5."),
        (size_t)-1);
    assert_int_not_equal(block_with(d, DT_DOC_HEADING,
                                    "Phase 1: one "
                                    "(2019-01-15)"),
                         (size_t)-1);
    t = block_with(d, DT_DOC_TABLE,
                   "Forecasts as of this phase; last row: mean absolute "
                   "error against the phase's observed outcome");
    assert_int_not_equal(t, (size_t)-1);
    assert_string_equal(cell(d, t, 1, 0), "x");
    assert_string_equal(cell(d, t, 1, 1), "30.0");
    assert_string_equal(cell(d, t, 1, 2), "47.5");
    assert_string_equal(cell(d, t, 3, 0), "mean abs. error");
    assert_string_equal(cell(d, t, 3, 2), "17.50");
    dt_doc_free(d);
    dt_report_free(rep);
    dt_scenario_free(sc);
}

/*
 * The explanations: nbs on y finds no agreement because A (at 40) and B
 * (at 60) sit on both sides of the status quo 50 - read off the input.
 * A scenario without an outcome or phases has neither section.
 */
static void test_report__explanations_and_no_score_without_outcome(void **state)
{
    dt_scenario *sc = load("tests/cli/good/phases.yaml");
    dt_scenario *plain = load("tests/browser/hostile.yaml");
    dt_report *rep = make(sc, NULL), *rep2 = make(plain, NULL);
    mem m, m2;

    (void)state;
    html_of(rep, &m);
    assert_non_null(strstr(m.p, "why nbs: no agreement: the actors who could "
                                "gain sit on both sides of the status quo "
                                "50.00 (above: B; below: A)"));
    html_of(rep2, &m2);
    assert_null(strstr(m2.p, "Against what happened"));
    assert_null(strstr(m2.p, "Timeline"));
    free(m.p);
    free(m2.p);
    dt_report_free(rep);
    dt_report_free(rep2);
    dt_scenario_free(sc);
    dt_scenario_free(plain);
}

/* ----- The command ----- */

static int run(const char *args)
{
    char cmd[4096];
    int st;

    snprintf(cmd, sizeof cmd, "%s report %s >/dev/null 2>&1", DT_CLI_PATH,
             args);
    st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int exists(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0;
}

/*
 * Two versions of one scenario: the report says what changed between
 * them (detente diff's section). Mean model, sum c s x / sum c s: x
 * (40 x 60 = 2400) at 80 and y (10 x 90 = 900) at 20 give 210000 / 3300
 * = 63.64; with x at 50, 138000 / 3300 = 41.82.
 */
static void test_report__what_changed_between_versions(void **state)
{
    static const char a[] = "name: A\n"
                            "issues:\n"
                            "  - {id: i, name: I, status_quo: 20}\n"
                            "actors:\n"
                            "  - {id: x, name: X, capability: 40,\n"
                            "     issues: {i: {position: 80, salience: 60}}}\n"
                            "  - {id: y, name: Y, capability: 10,\n"
                            "     issues: {i: {position: 20, salience: 90}}}\n";
    char b[sizeof a];
    dt_scenario *sa = NULL, *sb = NULL;
    dt_report_input in[2];
    dt_report_opts o = DT_REPORT_OPTS_INIT;
    dt_report *rep = NULL;
    dt_doc *d = NULL;
    dt_error err;
    size_t t, r;

    (void)state;
    memcpy(b, a, sizeof a);
    memcpy(strstr(b, "position: 80"), "position: 50", 12);
    b[6] = 'B';
    assert_int_equal(dt_scenario_parse(a, strlen(a), "a.yaml", DT_FORMAT_YAML,
                                       NULL, &sa, &err),
                     DT_OK);
    assert_int_equal(dt_scenario_parse(b, strlen(b), "b.yaml", DT_FORMAT_YAML,
                                       NULL, &sb, &err),
                     DT_OK);
    in[0] = (dt_report_input){sa, a, strlen(a), "a.yaml"};
    in[1] = (dt_report_input){sb, b, strlen(b), "b.yaml"};
    assert_int_equal(dt_report_new(in, 2, &o, &rep, &err), DT_OK);
    assert_int_equal(dt_doc_new(NULL, &d, &err), DT_OK);
    assert_int_equal(dt_report_doc(rep, d, &err), DT_OK);
    assert_int_not_equal(block_with(d, DT_DOC_HEADING, "What changed: A -> B"),
                         (size_t)-1);
    /* The inputs table: the one changed slot with its two values. */
    for (t = 0; t < dt_doc_n_blocks(d); t++)
        if (dt_doc_block_at(d, t)->kind == DT_DOC_TABLE &&
            dt_doc_block_at(d, t)->cols == 6 &&
            strcmp(cell(d, t, 0, 0), "slot") == 0)
            break;
    assert_true(t < dt_doc_n_blocks(d));
    assert_int_equal(dt_doc_block_at(d, t)->rows, 2);
    assert_string_equal(cell(d, t, 1, 0), "x.i.position");
    assert_string_equal(cell(d, t, 1, 2), "80");
    assert_string_equal(cell(d, t, 1, 3), "50");
    /* The moves table has the mean forecast, 63.64 -> 41.82. */
    for (t = t + 1; t < dt_doc_n_blocks(d); t++)
        if (dt_doc_block_at(d, t)->kind == DT_DOC_TABLE &&
            strcmp(cell(d, t, 0, 0), "result") == 0)
            break;
    assert_true(t < dt_doc_n_blocks(d));
    for (r = 1; r < dt_doc_block_at(d, t)->rows; r++)
        if (strcmp(cell(d, t, r, 0), "forecast.i.mean") == 0)
            break;
    assert_true(r < dt_doc_block_at(d, t)->rows);
    assert_string_equal(cell(d, t, r, 1), "63.64");
    assert_string_equal(cell(d, t, r, 2), "41.82");
    dt_doc_free(d);
    dt_report_free(rep);
    dt_scenario_free(sb);
    dt_scenario_free(sa);
}

static void test_report__cli_output_directory(void **state)
{
    char dir[] = "/tmp/dt_test_report.XXXXXX";
    char out[512], args[2048], marker[600], path[600];
    const char *hanoi = dt_test_src("scenarios/hanoi-2019.yaml");
    char hanoi_path[512];
    FILE *f;

    (void)state;
    snprintf(hanoi_path, sizeof hanoi_path, "%s", hanoi);
    assert_non_null(mkdtemp(dir));
    snprintf(out, sizeof out, "%s/out", dir);
    snprintf(args, sizeof args, "%s -o %s", hanoi_path, out);
    assert_int_equal(run(args), 0);
    snprintf(path, sizeof path, "%s/index.html", out);
    assert_true(exists(path));
    snprintf(path, sizeof path, "%s/report.pdf", out);
    assert_true(exists(path));
    /* DIR exists: refused (exit 4) and left alone. */
    snprintf(marker, sizeof marker, "%s/marker", out);
    f = fopen(marker, "w");
    assert_non_null(f);
    fclose(f);
    assert_int_equal(run(args), 4);
    assert_true(exists(marker));
    /* --force replaces it whole; nothing is left beside it. */
    snprintf(args, sizeof args, "%s -o %s --force", hanoi_path, out);
    assert_int_equal(run(args), 0);
    assert_false(exists(marker));
    snprintf(path, sizeof path, "ls -A %s | grep -v '^out$' | grep -q .", dir);
    assert_int_not_equal(system(path), 0);
    /* Errors: usage 2, invalid scenario 3, I/O 4. */
    snprintf(args, sizeof args, "%s", hanoi_path);
    assert_int_equal(run(args), 2); /* no -o */
    snprintf(args, sizeof args, "%s -o %s/x --draws 0", hanoi_path, dir);
    assert_int_equal(run(args), 2);
    snprintf(args, sizeof args, "%s -o %s/x",
             dt_test_src("tests/cli/bad/bad_role.yaml"), dir);
    assert_int_equal(run(args), 3);
    snprintf(args, sizeof args, "%s -o %s/nonexistent/x", hanoi_path, dir);
    assert_int_equal(run(args), 4);
    snprintf(args, sizeof args, "%s -o %s/marker2/x", hanoi_path, dir);
    snprintf(marker, sizeof marker, "%s/marker2", dir);
    f = fopen(marker, "w");
    assert_non_null(f);
    fclose(f);
    assert_int_equal(run(args), 4); /* parent is a file */
    snprintf(args, sizeof args, "%s -o %s --force", hanoi_path, marker);
    assert_int_equal(run(args), 4); /* DIR is a file: never replaced */
    /* A missing font: fontconfig with no fonts at all. */
    snprintf(path, sizeof path, "%s/fonts.conf", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("<?xml version=\"1.0\"?>\n<fontconfig></fontconfig>\n", f);
    fclose(f);
    snprintf(args, sizeof args,
             "FONTCONFIG_FILE=%s %s report %s -o %s/nf "
             ">/dev/null 2>&1",
             path, DT_CLI_PATH, hanoi_path, dir);
    {
        int st = system(args);

        assert_true(WIFEXITED(st));
        assert_int_equal(WEXITSTATUS(st), 4);
    }
    snprintf(path, sizeof path, "%s/nf", dir);
    assert_false(exists(path));
    snprintf(path, sizeof path, "rm -rf %s", dir);
    assert_int_equal(system(path), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report__escapes_every_scenario_string),
        cmocka_unit_test(test_report__forecast_matches_hand_calculation),
        cmocka_unit_test(test_report__footer_has_sha256_seed_version_command),
        cmocka_unit_test(test_report__output_is_byte_identical),
        cmocka_unit_test(test_report__sweep_same_bytes_for_any_thread_count),
        cmocka_unit_test(test_report__sobol_section),
        cmocka_unit_test(test_report__chart_ids_are_unique_in_the_page),
        cmocka_unit_test(test_report__rejects_no_input),
        cmocka_unit_test(test_report__cli_output_directory),
        cmocka_unit_test(test_report__games_section_hanoi),
        cmocka_unit_test(test_report__games_section_examples),
        cmocka_unit_test(test_report__no_games_section_without_games),
        cmocka_unit_test(test_report__games_section_escapes),
        cmocka_unit_test(test_report__games_section_in_pdf_document),
        cmocka_unit_test(test_report__score_and_phases_by_hand),
        cmocka_unit_test(
            test_report__explanations_and_no_score_without_outcome),
        cmocka_unit_test(test_report__what_changed_between_versions),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
