/*
 * Tests of reports (include/detente/report.h, detente report): escaping of
 * every scenario string, byte-identical output, the SHA-256 in the footer
 * against the FIPS 180-2 test vector, a forecast against a hand
 * calculation, chart ids made unique in the page, and the command's
 * output-directory handling and error exits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dt_test.h"

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
        cmocka_unit_test(test_report__chart_ids_are_unique_in_the_page),
        cmocka_unit_test(test_report__rejects_no_input),
        cmocka_unit_test(test_report__cli_output_directory),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
