/*
 * Tests of the scenario parsers: the YAML format of docs/scenario-format.md
 * (every field, every error with its line, column and text) and the classic
 * CSV actor table, plus robustness: truncated and random input, and a
 * failure of every allocation in turn.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dt_test.h"

/* ---- Helpers. ---- */

#define MAX_ERRS 64

/* Every error a parse reported, in the order reported. */
typedef struct diag {
    unsigned n;           /* errors reported (may exceed MAX_ERRS) */
    dt_error e[MAX_ERRS]; /* the first MAX_ERRS of them */
} diag;

static void collect(void *ud, const dt_error *e)
{
    diag *dg = ud;

    if (dg->n < MAX_ERRS)
        dg->e[dg->n] = *e;
    dg->n++;
}

/*
 * Parse text (NUL-terminated) as fmt under the name `name`, collecting every
 * error; checks that err holds the first one reported.
 */
static dt_status parse_as(const char *text, size_t len, const char *name,
                          dt_scenario_format fmt, unsigned max_errors, diag *dg,
                          dt_scenario **out)
{
    dt_load_opts opts = DT_LOAD_OPTS_INIT;
    dt_error err;
    dt_status rc;

    memset(dg, 0, sizeof *dg);
    memset(&err, 0, sizeof err);
    opts.on_error = collect;
    opts.ud = dg;
    opts.max_errors = max_errors;
    rc = dt_scenario_parse(text, len, name, fmt, &opts, out, &err);
    if (rc == DT_OK) {
        assert_non_null(*out);
        assert_int_equal(dg->n, 0);
    } else {
        assert_null(*out);
        assert_true(dg->n > 0);
        assert_int_equal(err.code, rc);
        assert_string_equal(err.msg, dg->e[0].msg);
        assert_int_equal(err.line, dg->e[0].line);
        assert_int_equal(err.col, dg->e[0].col);
    }
    return rc;
}

static dt_status parse_yaml(const char *text, diag *dg, dt_scenario **out)
{
    return parse_as(text, strlen(text), "test.yaml", DT_FORMAT_YAML, 100, dg,
                    out);
}

static dt_status parse_csv(const char *text, const char *name, diag *dg,
                           dt_scenario **out)
{
    return parse_as(text, strlen(text), name, DT_FORMAT_CSV, 100, dg, out);
}

/* 1-based line and byte column of the first occurrence of needle. */
static dt_loc loc_in(const char *text, const char *needle)
{
    const char *at = strstr(text, needle), *s;
    dt_loc l = {1, 1};

    if (!at)
        fail_msg("'%s' not found in the test input", needle);
    for (s = text; s < at; s++) {
        if (*s == '\n') {
            l.line++;
            l.col = 1;
        } else {
            l.col++;
        }
    }
    return l;
}

static void check_err(const diag *dg, unsigned i, unsigned line, unsigned col,
                      const char *msg)
{
    assert_true(i < dg->n && i < MAX_ERRS);
    if (dg->e[i].line != line || dg->e[i].col != col ||
        strcmp(dg->e[i].msg, msg) != 0)
        print_error("error %u: got %u:%u: %s\n   want %u:%u: %s\n", i,
                    dg->e[i].line, dg->e[i].col, dg->e[i].msg, line, col, msg);
    assert_string_equal(dg->e[i].msg, msg);
    assert_int_equal(dg->e[i].code, DT_ESCENARIO);
    assert_int_equal(dg->e[i].line, line);
    assert_int_equal(dg->e[i].col, col);
}

/* A valid scenario exercising every key. Line numbers on the right. */
static const char BASE[] =
    "name: Test scenario\n"                                           /* 1 */
    "date: 2019-02-27\n"                                              /* 2 */
    "description: two issues, three actors\n"                         /* 3 */
    "sources: [first source, second source]\n"                        /* 4 */
    "note: a note\n"                                                  /* 5 */
    "issues:\n"                                                       /* 6 */
    "  - id: nukes\n"                                                 /* 7 */
    "    name: Denuclearisation\n"                                    /* 8 */
    "    low: nothing\n"                                              /* 9 */
    "    high: everything\n"                                          /* 10 */
    "    status_quo: {value: 12.5, note: the start}\n"                /* 11 */
    "  - id: relief\n"                                                /* 12 */
    "    name: Sanctions relief\n"                                    /* 13 */
    "    note: partial or full\n"                                     /* 14 */
    "actors:\n"                                                       /* 15 */
    "  - id: usa\n"                                                   /* 16 */
    "    name: United States\n"                                       /* 17 */
    "    capability: {value: 2.385, note: big}\n"                     /* 18 */
    "    issues:\n"                                                   /* 19 */
    "      nukes:\n"                                                  /* 20 */
    "        position: 95\n"                                          /* 21 */
    "        salience: 90\n"                                          /* 22 */
    "        red_line: {below: 60, note: no less}\n"                  /* 23 */
    "        note: CVID\n"                                            /* 24 */
    "      relief: {position: 10, salience: 47.5, capability: 1.5}\n" /* 25 */
    "  - id: dprk\n"                                                  /* 26 */
    "    name: North Korea\n"                                         /* 27 */
    "    role: table\n"                                               /* 28 */
    "    capability: 0.75\n"                                          /* 29 */
    "    note: isolated\n"                                            /* 30 */
    "    issues:\n"                                                   /* 31 */
    "      nukes: {position: 25, salience: 80}\n"                     /* 32 */
    "      relief:\n"                                                 /* 33 */
    "        position: {value: 60, note: partial relief}\n"           /* 34 */
    "        salience: 95\n"                                          /* 35 */
    "        red_line: {above: 90, below: 30}\n"                      /* 36 */
    "  - id: china\n"                                                 /* 37 */
    "    name: China\n"                                               /* 38 */
    "    role: excluded\n"                                            /* 39 */
    "    capability: 1.2e0\n"                                         /* 40 */
    "    issues:\n"                                                   /* 41 */
    "      relief: {position: 50, salience: 60}\n"                    /* 42 */
    "outcome:\n"                                                      /* 43 */
    "  description: no agreement\n"                                   /* 44 */
    "  note: ended early\n"                                           /* 45 */
    "  issues: {nukes: 0, relief: 3.25}\n";                           /* 46 */

/* BASE with the first `from` replaced by `to`; caller frees. */
static char *edit(const char *base, const char *from, const char *to)
{
    const char *at = strstr(base, from);
    size_t pre, n;
    char *out;

    if (!at)
        fail_msg("'%s' not found in the base input", from);
    pre = (size_t)(at - base);
    n = strlen(base) - strlen(from) + strlen(to);
    out = malloc(n + 1);
    assert_non_null(out);
    memcpy(out, base, pre);
    memcpy(out + pre, to, strlen(to));
    memcpy(out + pre + strlen(to), at + strlen(from),
           strlen(at + strlen(from)) + 1);
    return out;
}

/*
 * Replace `from` with `to` in BASE and check the parse reports n errors,
 * the k-th of which is `msg` at the first occurrence of `where` in the
 * edited text.
 */
static void expect_kth(const char *from, const char *to, unsigned n, unsigned k,
                       const char *where, const char *msg)
{
    char *text = edit(BASE, from, to);
    dt_scenario *sc = NULL;
    diag dg;
    dt_loc at = loc_in(text, where);

    assert_int_equal(parse_yaml(text, &dg, &sc), DT_ESCENARIO);
    if (dg.n != n) {
        unsigned i;

        for (i = 0; i < dg.n && i < MAX_ERRS; i++)
            print_error("  %u:%u: %s\n", dg.e[i].line, dg.e[i].col,
                        dg.e[i].msg);
    }
    assert_int_equal(dg.n, n);
    check_err(&dg, k, at.line, at.col, msg);
    free(text);
}

static void expect_one(const char *from, const char *to, const char *where,
                       const char *msg)
{
    expect_kth(from, to, 1, 0, where, msg);
}

/* Parse text, expecting DT_ESCENARIO with exactly one error. */
static void expect_text(const char *text, unsigned line, unsigned col,
                        const char *msg)
{
    dt_scenario *sc = NULL;
    diag dg;

    assert_int_equal(parse_yaml(text, &dg, &sc), DT_ESCENARIO);
    assert_int_equal(dg.n, 1);
    check_err(&dg, 0, line, col, msg);
}

/* ---- YAML: the valid scenario. ---- */

static void test_scenario__yaml_reads_every_field(void **state)
{
    dt_scenario *sc = NULL;
    const dt_issue *is;
    const dt_actor *ac;
    const dt_stake *st;
    const dt_outcome *oc;
    dt_value v;
    diag dg;

    (void)state;
    assert_int_equal(parse_yaml(BASE, &dg, &sc), DT_OK);
    assert_string_equal(dt_scenario_name(sc), "Test scenario");
    assert_string_equal(dt_scenario_date(sc), "2019-02-27");
    assert_string_equal(dt_scenario_description(sc),
                        "two issues, three actors");
    assert_string_equal(dt_scenario_path(sc), "test.yaml");
    assert_int_equal(dt_scenario_format_of(sc), DT_FORMAT_YAML);
    assert_int_equal(dt_scenario_n_sources(sc), 2);
    assert_string_equal(dt_scenario_source(sc, 1), "second source");

    assert_int_equal(dt_scenario_n_issues(sc), 2);
    is = dt_scenario_issue(sc, 0);
    assert_string_equal(is->id, "nukes");
    assert_string_equal(is->name, "Denuclearisation");
    assert_string_equal(is->low, "nothing");
    assert_string_equal(is->high, "everything");
    assert_null(is->note);
    assert_true(is->has_status_quo);
    DT_ASSERT_REL(is->status_quo.v, 12.5, 0.0);
    assert_string_equal(is->status_quo.note, "the start");
    assert_int_equal(is->loc.line, 7);
    assert_int_equal(is->loc.col, 5);
    is = dt_scenario_issue(sc, 1);
    assert_string_equal(is->id, "relief");
    assert_null(is->low);
    assert_false(is->has_status_quo);
    assert_string_equal(is->note, "partial or full");

    assert_int_equal(dt_scenario_n_actors(sc), 3);
    assert_int_equal(dt_scenario_actor_index(sc, "china"), 2);
    assert_int_equal(dt_scenario_issue_index(sc, "relief"), 1);
    ac = dt_scenario_actor(sc, 0);
    assert_string_equal(ac->id, "usa");
    assert_string_equal(ac->name, "United States");
    assert_int_equal(ac->role, DT_ROLE_TABLE);
    DT_ASSERT_REL(ac->capability.v, 2.385, 0.0);
    assert_string_equal(ac->capability.note, "big");
    assert_int_equal(ac->capability.loc.line, 18);
    assert_int_equal(ac->capability.loc.col, 25);
    assert_null(ac->note);
    assert_int_equal(ac->loc.line, 16);
    ac = dt_scenario_actor(sc, 1);
    assert_int_equal(ac->role, DT_ROLE_TABLE);
    assert_string_equal(ac->note, "isolated");
    ac = dt_scenario_actor(sc, 2);
    assert_int_equal(ac->role, DT_ROLE_EXCLUDED);
    DT_ASSERT_REL(ac->capability.v, 1.2, 0.0);
    assert_null(ac->capability.note);

    st = dt_scenario_stake(sc, 0, 0);
    assert_non_null(st);
    DT_ASSERT_REL(st->position.v, 95.0, 0.0);
    assert_int_equal(st->position.loc.line, 21);
    assert_int_equal(st->position.loc.col, 19);
    DT_ASSERT_REL(st->salience.v, 90.0, 0.0);
    assert_false(st->has_capability);
    assert_true(st->has_red_line);
    assert_false(st->red_line.has_above);
    assert_true(st->red_line.has_below);
    DT_ASSERT_REL(st->red_line.below, 60.0, 0.0);
    assert_string_equal(st->red_line.note, "no less");
    assert_int_equal(st->red_line.loc.line, 23);
    assert_string_equal(st->note, "CVID");
    st = dt_scenario_stake(sc, 0, 1);
    assert_true(st->has_capability);
    DT_ASSERT_REL(st->capability.v, 1.5, 0.0);
    DT_ASSERT_REL(st->salience.v, 47.5, 0.0);
    st = dt_scenario_stake(sc, 1, 1);
    assert_string_equal(st->position.note, "partial relief");
    assert_true(st->red_line.has_above && st->red_line.has_below);
    DT_ASSERT_REL(st->red_line.above, 90.0, 0.0);
    DT_ASSERT_REL(st->red_line.below, 30.0, 0.0);
    assert_null(st->red_line.note);
    assert_null(dt_scenario_stake(sc, 2, 0));
    assert_non_null(dt_scenario_stake(sc, 2, 1));
    assert_null(dt_scenario_stake(sc, 3, 0));

    oc = dt_scenario_outcome(sc);
    assert_non_null(oc);
    assert_string_equal(oc->description, "no agreement");
    assert_string_equal(oc->note, "ended early");
    assert_true(dt_scenario_outcome_value(sc, 1, &v));
    DT_ASSERT_REL(v.v, 3.25, 0.0);
    assert_int_equal(v.loc.line, 46);
    assert_true(dt_scenario_outcome_value(sc, 0, &v));
    DT_ASSERT_REL(v.v, 0.0, 0.0);
    dt_scenario_free(sc);
}

static void test_scenario__yaml_line_scales_saliences(void **state)
{
    dt_scenario *sc = NULL;
    dt_line *l = NULL;
    dt_error err;
    diag dg;

    (void)state;
    assert_int_equal(parse_yaml(BASE, &dg, &sc), DT_OK);
    assert_int_equal(dt_scenario_line(sc, 1, 0, &l, &err), DT_OK);
    assert_int_equal(l->n, 3);
    assert_string_equal(l->ids[2], "china");
    DT_ASSERT_REL(l->x[1], 60.0, 0.0);
    DT_ASSERT_REL(l->s[0], 0.475, 1e-15);
    DT_ASSERT_REL(l->c[0], 1.5, 0.0); /* the per-issue override */
    DT_ASSERT_REL(l->c[1], 0.75, 0.0);
    assert_false(l->has_status_quo);
    dt_line_free(l);
    assert_int_equal(dt_scenario_line(sc, 1, DT_LINE_TABLE_ONLY, &l, &err),
                     DT_OK);
    assert_int_equal(l->n, 2);
    dt_line_free(l);
    assert_int_equal(dt_scenario_line(sc, 0, 0, &l, &err), DT_OK);
    assert_int_equal(l->n, 2);
    assert_true(l->has_status_quo);
    DT_ASSERT_REL(l->status_quo, 12.5, 0.0);
    DT_ASSERT_REL(l->s[1], 0.8, 1e-15);
    dt_line_free(l);
    dt_scenario_free(sc);
}

static void test_scenario__yaml_minimal_and_optional(void **state)
{
    static const char text[] = "name: m\n"
                               "issues: [{id: a, name: A}]\n"
                               "actors:\n"
                               "  - {id: x, name: X, capability: 0,\n"
                               "     issues: {a: {position: 0, salience: 0}}}\n"
                               "  - {id: y, name: Y, capability: 1}\n";
    dt_scenario *sc = NULL;
    dt_value v;
    diag dg;

    (void)state;
    assert_int_equal(parse_yaml(text, &dg, &sc), DT_OK);
    assert_null(dt_scenario_date(sc));
    assert_null(dt_scenario_description(sc));
    assert_int_equal(dt_scenario_n_sources(sc), 0);
    assert_null(dt_scenario_outcome(sc));
    assert_false(dt_scenario_outcome_value(sc, 0, &v));
    assert_null(dt_scenario_stake(sc, 1, 0));
    dt_scenario_free(sc);
}

static void test_scenario__yaml_every_actor_coincides_is_valid(void **state)
{
    static const char text[] =
        "name: same\n"
        "issues: [{id: a, name: A}]\n"
        "actors:\n"
        "  - {id: x, name: X, capability: 1, issues: {a: {position: 40, "
        "salience: 50}}}\n"
        "  - {id: y, name: Y, capability: 2, issues: {a: {position: 40, "
        "salience: 50}}}\n";
    dt_scenario *sc = NULL;
    diag dg;

    (void)state;
    assert_int_equal(parse_yaml(text, &dg, &sc), DT_OK);
    dt_scenario_free(sc);
}

static void test_scenario__yaml_doc_example_is_valid(void **state)
{
    dt_load_opts opts = DT_LOAD_OPTS_INIT;
    dt_scenario *sc = NULL;
    dt_error err;
    diag dg;

    (void)state;
    memset(&dg, 0, sizeof dg);
    opts.on_error = collect;
    opts.ud = &dg;
    assert_int_equal(dt_scenario_load(dt_test_src("tests/cli/good/"
                                                  "doc-example.yaml"),
                                      &opts, &sc, &err),
                     DT_OK);
    assert_int_equal(dg.n, 0);
    assert_int_equal(dt_scenario_n_issues(sc), 2);
    assert_int_equal(dt_scenario_n_actors(sc), 3);
    dt_scenario_free(sc);
}

/* ---- YAML: errors. ---- */

static void test_scenario__yaml_unknown_keys(void **state)
{
    (void)state;
    /* The misspelt key also leaves the stake without its salience. */
    expect_kth("salience: 90", "salince: 90", 2, 1, "salince",
               "unknown key 'salince' in stake (expected position, "
               "salience, capability, red_line, no_deal, note)");
    expect_one("date:", "data:", "data",
               "unknown key 'data' at the top level (expected name, date, "
               "description, sources, note, issues, actors, levers, "
               "outcome, uncertainty, staged_deal, threat, ratification, "
               "bodies, phases)");
    expect_one("    low:", "    lo:", "lo:",
               "unknown key 'lo' in issue (expected id, name, low, high, "
               "status_quo, note)");
    expect_one("    role: table", "    rol: table", "rol:",
               "unknown key 'rol' in actor (expected id, name, role, "
               "capability, no_deal, note, issues, red_lines)");
    expect_kth("{below: 60,", "{bellow: 60,", 2, 1, "bellow",
               "unknown key 'bellow' in red_line (expected above, below, "
               "note)");
    expect_one("  note: ended", "  notes: ended", "notes",
               "unknown key 'notes' in outcome (expected description, note, "
               "issues, agreement, held)");
    expect_one("note: big}", "nte: big}", "nte",
               "unknown key 'nte' in 'capability' (expected value, note, sd, "
               "range)");
}

static void test_scenario__yaml_duplicate_keys(void **state)
{
    (void)state;
    expect_one("date: 2019", "name: again\ndate: 2019", "name: again",
               "duplicate key 'name' at the top level (first at line 1)");
    expect_one("        salience: 90\n",
               "        salience: 90\n"
               "        position: 3\n",
               "position: 3",
               "duplicate key 'position' in stake (first at line 21)");
    expect_one("      relief: {position: 10",
               "      nukes: {}\n"
               "      relief: {position: 10",
               "nukes: {}",
               "duplicate key 'nukes' in issues of actor 'usa' (first at "
               "line 20)");
    expect_one("relief: 3.25", "nukes: 3.25", "nukes: 3.25",
               "duplicate key 'nukes' in outcome issues (first at line 46)");
}

static void test_scenario__yaml_missing_required(void **state)
{
    (void)state;
    expect_one("    capability: 0.75\n", "", "id: dprk",
               "actor 'dprk' is missing required key 'capability'");
    expect_one("  - id: dprk\n    name: North Korea\n",
               "  - name: North Korea\n", "name: North Korea",
               "actor is missing required key 'id'");
    expect_one("name: Test scenario\n", "", "date",
               "scenario is missing required key 'name'");
    expect_one("        salience: 90\n", "", "position: 95",
               "stake of actor 'usa' in issue 'nukes' is missing required "
               "key 'salience'");
    expect_one("    name: Sanctions relief\n", "", "id: relief",
               "issue 'relief' is missing required key 'name'");
    expect_one("{value: 2.385, note: big}", "{note: big}", "{note",
               "'capability' is missing required key 'value'");
    expect_one("{below: 60, note: no less}", "{note: no less}",
               "{note: no less}", "red_line needs 'above' or 'below'");
}

static void test_scenario__yaml_wrong_types(void **state)
{
    (void)state;
    expect_text("name: x\nissues: {a: 1}\n"
                "actors: [{id: x, name: X, capability: 1}]\n",
                2, 9, "expected a list for 'issues', got a mapping");
    expect_one("name: Test scenario", "name: [a, b]", "[a, b]",
               "expected a string for 'name', got a list");
    /* An empty value is reported just after its key's colon. */
    expect_one("name: Test scenario", "name:", ":\ndate" + 1,
               "expected a string for 'name', got nothing");
    expect_one("sources: [first source, second source]",
               "sources: first source", "first source",
               "expected a list for 'sources', got 'first source'");
    expect_one("nukes: {position: 25, salience: 80}", "nukes: 25", "25",
               "expected a mapping for stake 'nukes', got '25'");
    expect_one("position: 95", "position: [95]", "[95]",
               "expected a number for 'position', got a list");
    expect_one("  - id: relief\n    name: Sanctions relief\n"
               "    note: partial or full\n",
               "  - relief\n", "relief",
               "expected a mapping for an issue, got 'relief'");
    expect_text("- a\n- b\n", 1, 1,
                "expected a mapping at the top level, got a list");
    expect_text("just a string\n", 1, 1,
                "expected a mapping at the top level, got 'just a string'");
}

static void test_scenario__yaml_duplicate_ids(void **state)
{
    (void)state;
    expect_one("id: china", "id: usa", "id: usa\n    name: China",
               "duplicate actor id 'usa' (first at line 16)");
    expect_one("  - id: relief\n",
               "  - id: nukes\n    name: Again\n"
               "  - id: relief\n",
               "id: nukes\n    name: Again",
               "duplicate issue id 'nukes' (first at line 7)");
}

static void test_scenario__yaml_ranges(void **state)
{
    (void)state;
    expect_one("salience: 90", "salience: 140", "140",
               "salience must be between 0 and 100, got 140");
    expect_one("position: 95", "position: -0.5", "-0.5",
               "position must be between 0 and 100, got -0.5");
    expect_one("value: 12.5", "value: 100.01", "100.01",
               "status_quo must be between 0 and 100, got 100.01");
    expect_one("relief: 3.25", "relief: 101", "101",
               "outcome must be between 0 and 100, got 101");
    expect_one("capability: 0.75", "capability: -1", "-1",
               "capability must be >= 0, got -1");
    expect_one("capability: 1.5", "capability: -2.385", "-2.385",
               "capability must be >= 0, got -2.385");
    expect_one("{above: 90,", "{above: 120,", "120",
               "above must be between 0 and 100, got 120");
}

static void test_scenario__yaml_not_finite_or_not_a_number(void **state)
{
    (void)state;
    expect_one("salience: 90", "salience: .nan", ".nan",
               "salience must be a finite number, got .nan");
    expect_one("salience: 90", "salience: .inf", ".inf",
               "salience must be a finite number, got .inf");
    expect_one("capability: 0.75", "capability: -.Inf", "-.Inf",
               "capability must be a finite number, got -.Inf");
    expect_one("capability: 0.75", "capability: 1e999", "1e999",
               "capability must be a finite number, got 1e999");
    expect_one("position: 95", "position: abc", "abc",
               "expected a number for 'position', got 'abc'");
    expect_one("position: 95", "position: \"55\"", "\"55\"",
               "expected a number for 'position', got the quoted string "
               "'55'");
    expect_one("position: 95", "position: 0x1F", "0x1F",
               "expected a number for 'position', got '0x1F'");
    expect_one("position: 95", "position:", ":\n        salience: 90" + 1,
               "expected a number for 'position', got nothing");
}

static void test_scenario__yaml_unknown_issue(void **state)
{
    (void)state;
    expect_one("      nukes:\n", "      nuke:\n", "nuke:",
               "unknown issue 'nuke' (expected one of: nukes, relief)");
    expect_one("{nukes: 0,", "{nuke: 0,", "nuke:",
               "unknown issue 'nuke' (expected one of: nukes, relief)");
}

static void test_scenario__yaml_issue_without_stake(void **state)
{
    (void)state;
    expect_one("  - id: relief\n",
               "  - id: lonely\n    name: Lonely\n  - id: relief\n",
               "id: lonely", "no actor has a stake in issue 'lonely'");
}

static void test_scenario__yaml_empty_lists(void **state)
{
    static const char text[] = "name: x\nissues: []\nactors: []\n";
    dt_scenario *sc = NULL;
    diag dg;

    (void)state;
    assert_int_equal(parse_yaml(text, &dg, &sc), DT_ESCENARIO);
    assert_int_equal(dg.n, 2);
    check_err(&dg, 0, 2, 9, "the issue list is empty");
    check_err(&dg, 1, 3, 9, "the actor list is empty");
}

static void test_scenario__yaml_empty_and_binary_files(void **state)
{
    static const char nul[] = "name: x\nnote: a\0b\n";
    dt_scenario *sc = NULL;
    diag dg;

    (void)state;
    expect_text("", 1, 1, "file is empty");
    expect_text("# only a comment\n\n", 1, 1, "file is empty");
    expect_text("name: x\nnote: caf\xc3\xa9 \xff\n", 2, 12,
                "file is not UTF-8 text (byte 0xff)");
    expect_text("\xfe\xff\x00n\x00a", 1, 1,
                "file is not UTF-8 text (byte 0xfe)");
    /* An overlong encoding of '/' is not UTF-8 either. */
    expect_text("name: \xc0\xaf\n", 1, 7, "file is not UTF-8 text (byte 0xc0)");
    assert_int_equal(parse_as(nul, sizeof nul - 1, "nul.yaml", DT_FORMAT_YAML,
                              100, &dg, &sc),
                     DT_ESCENARIO);
    assert_int_equal(dg.n, 1);
    check_err(&dg, 0, 2, 8, "file is not UTF-8 text (byte 0x00)");
    expect_text("name: x\nnote: \x01\n", 2, 7,
                "file is not text: control characters are not allowed "
                "(0x01)");
}

static void test_scenario__yaml_malformed(void **state)
{
    (void)state;
    expect_text("name: x\nissues:\n  - id: a\n   name: b\n", 4, 4,
                "malformed YAML: did not find expected '-' indicator (while "
                "parsing a block collection at line 3)");
    expect_text("name: [\n", 2, 1,
                "malformed YAML: did not find expected node content (while "
                "parsing a flow node at line 2)");
    expect_text("name: \"open\n", 2, 1,
                "malformed YAML: found unexpected end of stream (while "
                "scanning a quoted scalar at line 1)");
}

static void test_scenario__yaml_more_than_one_document(void **state)
{
    static const char two[] = "name: x\n---\nname: y\n";
    dt_scenario *sc = NULL;
    diag dg;

    (void)state;
    assert_int_equal(parse_yaml(two, &dg, &sc), DT_ESCENARIO);
    /* The first document is still checked. */
    assert_int_equal(dg.n, 3);
    check_err(&dg, 0, 1, 1, "scenario is missing required key 'issues'");
    check_err(&dg, 2, 2, 1, "file holds more than one YAML document");
}

static void test_scenario__yaml_aliases_rejected(void **state)
{
    /* Nine levels of nine: 9^9 nodes if expanded. */
    static const char bomb[] = "a: &a [x,x,x,x,x,x,x,x,x]\n"
                               "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
                               "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
                               "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
                               "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
                               "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
                               "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
                               "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
                               "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";
    char *text;
    dt_scenario *sc = NULL;
    diag dg;

    (void)state;
    assert_int_equal(
        parse_as(bomb, strlen(bomb), "bomb.yaml", DT_FORMAT_YAML, 0, &dg, &sc),
        DT_ESCENARIO);
    /* The first anchor and the first alias, each once. */
    assert_int_equal(dg.n, 2);
    check_err(&dg, 0, 1, 4, "anchors are not supported (&a)");
    check_err(&dg, 1, 2, 8, "aliases are not supported (*a)");
    /* Anchors alone are refused too (issue 18: libyaml's loader compares
     * each anchor with all earlier ones, quadratic in their number). */
    text = edit(BASE, "    capability: 0.75\n", "    capability: &cap 0.75\n");
    assert_int_equal(parse_yaml(text, &dg, &sc), DT_ESCENARIO);
    assert_null(sc);
    assert_int_equal(dg.n, 1);
    assert_string_equal(dg.e[0].msg, "anchors are not supported (&cap)");
    assert_int_equal(dg.e[0].col, 17);
    free(text);
}

static void test_scenario__yaml_deep_nesting_refused(void **state)
{
    size_t depth = 100000, i;
    char *text = malloc(2 * depth + 16);

    (void)state;
    assert_non_null(text);
    memcpy(text, "name: ", 6);
    for (i = 0; i < depth; i++) {
        text[6 + i] = '[';
        text[6 + depth + i] = ']';
    }
    memcpy(text + 6 + 2 * depth, "\n", 2);
    /* The top-level mapping is level 1, so level 65 is the 64th '['. */
    expect_text(text, 1, 70, "nesting is deeper than 64 levels");
    free(text);
}

static void test_scenario__yaml_red_lines(void **state)
{
    (void)state;
    expect_one("{above: 90, below: 30}", "{above: 30, below: 30}", "{above: 30",
               "red line rejects every outcome (below 30 is not less than "
               "above 30)");
    expect_one("{above: 90, below: 30}", "{above: 20, below: 45.5}",
               "{above: 20",
               "red line rejects every outcome (below 45.5 is not less than "
               "above 20)");
    expect_one("red_line: {below: 60, note: no less}", "red_line: 60", "60",
               "expected a mapping for 'red_line', got '60'");
    expect_one("{below: 60, note", "{below: {value: 60}, note", "{value: 60}",
               "expected a number for 'below', got a mapping");
}

static void test_scenario__yaml_roles_and_ids(void **state)
{
    (void)state;
    expect_one("role: excluded", "role: observer", "observer",
               "role must be 'table', 'excluded', 'ratifier' or "
               "'mediator', got 'observer'");
    expect_one("id: china", "id: \"the china\"", "\"the china\"",
               "invalid actor id 'the china' (use letters, digits, '_', '.' "
               "and '-')");
}

/*
 * Errors come in file order even though issues are checked before actors,
 * every one is reported, and max_errors stops the report early.
 */
static void test_scenario__yaml_all_errors_in_file_order(void **state)
{
    static const char text[] =
        "actors:\n"                                              /* 1 */
        "  - id: a\n"                                            /* 2 */
        "    name: A\n"                                          /* 3 */
        "    capability: -3\n"                                   /* 4 */
        "    issues: {i: {position: 140, salience: x}, j: {}}\n" /* 5 */
        "issues:\n"                                              /* 6 */
        "  - {id: i, name: I, status_quo: 101}\n"                /* 7 */
        "extra: 1\n";                                            /* 8 */
    dt_scenario *sc = NULL;
    diag dg;
    unsigned k;

    (void)state;
    assert_int_equal(parse_yaml(text, &dg, &sc), DT_ESCENARIO);
    assert_int_equal(dg.n, 7);
    check_err(&dg, 0, 1, 1, "scenario is missing required key 'name'");
    check_err(&dg, 1, 4, 17, "capability must be >= 0, got -3");
    check_err(&dg, 2, 5, 28, "position must be between 0 and 100, got 140");
    check_err(&dg, 3, 5, 43, "expected a number for 'salience', got 'x'");
    check_err(&dg, 4, 5, 47, "unknown issue 'j' (expected one of: i)");
    check_err(&dg, 5, 7, 34, "status_quo must be between 0 and 100, got 101");
    check_err(&dg, 6, 8, 1,
              "unknown key 'extra' at the top level (expected name, date, "
              "description, sources, note, issues, actors, levers, "
              "outcome, uncertainty, staged_deal, threat, ratification, "
              "bodies, phases)");
    for (k = 1; k < dg.n; k++)
        assert_true(dg.e[k - 1].line < dg.e[k].line ||
                    (dg.e[k - 1].line == dg.e[k].line &&
                     dg.e[k - 1].col <= dg.e[k].col));
    assert_int_equal(
        parse_as(text, strlen(text), "t.yaml", DT_FORMAT_YAML, 2, &dg, &sc),
        DT_ESCENARIO);
    assert_int_equal(dg.n, 2);
}

/* ---- YAML: no-deal terms, cross-issue red lines and levers. ---- */

/* A valid scenario using every key of those sections. Lines on the right. */
static const char LB[] =
    "name: Levers\n"                                                   /* 1 */
    "issues:\n"                                                        /* 2 */
    "  - {id: a, name: A, status_quo: 20}\n"                           /* 3 */
    "  - {id: b, name: B}\n"                                           /* 4 */
    "actors:\n"                                                        /* 5 */
    "  - id: x\n"                                                      /* 6 */
    "    name: X\n"                                                    /* 7 */
    "    capability: 40\n"                                             /* 8 */
    "    no_deal: {cost: {value: 12.5, note: war goes on}, note: n}\n" /* 9 */
    "    issues:\n"                                                    /* 10 */
    "      a: {position: 80, salience: 60, no_deal: 35}\n"             /* 11 */
    "      b: {position: 10, salience: 50, capability: 20,\n"          /* 12 */
    "          red_line: {above: 30}}\n"                               /* 13 */
    "    red_lines:\n"                                                 /* 14 */
    "      - terms: {a: 1, b: -0.3}\n"                                 /* 15 */
    "        at_most: 0\n"                                             /* 16 */
    "        note: relief after\n"                                     /* 17 */
    "      - {terms: {b: 2.5}, at_least: {value: 10, note: f}, "
    "at_most: 200}\n"                                                   /* 18 */
    "  - id: y\n"                                                       /* 19 */
    "    name: Y\n"                                                     /* 20 */
    "    capability: 10\n"                                              /* 21 */
    "    no_deal: {note: only a note}\n"                                /* 22 */
    "    issues:\n"                                                     /* 23 */
    "      a: {position: 20, salience: 90}\n"                           /* 24 */
    "      b: {position: 70, salience: 40, red_line: {below: 20}}\n"    /* 25 */
    "    red_lines:\n"                                                  /* 26 */
    "      - {terms: {b: -1}, at_least: -100}\n"                        /* 27 */
    "  - {id: z, name: Z, role: excluded, capability: 5,\n"             /* 28 */
    "     issues: {a: {position: 50, salience: 10}}}\n"                 /* 29 */
    "levers:\n"                                                         /* 30 */
    "  - id: squeeze\n"                                                 /* 31 */
    "    name: The squeeze\n"                                           /* 32 */
    "    by: x\n"                                                       /* 33 */
    "    description: more pressure\n"                                  /* 34 */
    "    note: judgement\n"                                             /* 35 */
    "    effects:\n"                                                    /* 36 */
    "      - {actor: y, capability: {scale: 0.5}, note: half}\n"        /* 37 */
    "      - {actor: y, no_deal_cost: {add: {value: 7.25, note: n}}}\n" /* 38 */
    "      - {actor: y, issue: a, salience: {add: 30}}\n"               /* 39 */
    "      - {actor: y, issue: b, position: {set: 55}}\n"               /* 40 */
    "  - id: soften\n"                                                  /* 41 */
    "    by: y\n"                                                       /* 42 */
    "    effects:\n"                                                    /* 43 */
    "      - {actor: x, issue: b, red_line: drop}\n"                    /* 44 */
    "      - {actor: y, issue: b, red_line: {above: 90, below: 40}}\n"  /* 45 */
    "      - {actor: x, issue: b, capability: {add: -25}}\n"            /* 46 */
    "      - {actor: z, capability: {scale: 2}}\n";                     /* 47 */

static void test_scenario__yaml_reads_no_deal_red_lines_levers(void **state)
{
    dt_scenario *sc = NULL;
    const dt_no_deal *nd;
    const dt_stake *st;
    const dt_constraint *c;
    const dt_lever *lv;
    const dt_effect *e;
    diag dg;

    (void)state;
    assert_int_equal(parse_yaml(LB, &dg, &sc), DT_OK);
    nd = dt_scenario_no_deal(sc, 0);
    assert_true(nd->has_cost);
    DT_ASSERT_REL(nd->cost.v, 12.5, 0.0);
    assert_string_equal(nd->cost.note, "war goes on");
    assert_int_equal(nd->cost.loc.line, 9);
    assert_int_equal(nd->cost.loc.col, 29);
    assert_string_equal(nd->note, "n");
    assert_int_equal(nd->loc.line, 9);
    assert_int_equal(nd->loc.col, 14);
    nd = dt_scenario_no_deal(sc, 1);
    assert_false(nd->has_cost);
    assert_string_equal(nd->note, "only a note");
    nd = dt_scenario_no_deal(sc, 2);
    assert_false(nd->has_cost);
    assert_null(nd->note);
    nd = dt_scenario_no_deal(sc, 3); /* out of range: the empty terms */
    assert_non_null(nd);
    assert_false(nd->has_cost);

    st = dt_scenario_stake(sc, 0, 0);
    assert_true(st->has_no_deal);
    DT_ASSERT_REL(st->no_deal.v, 35.0, 0.0);
    assert_int_equal(st->no_deal.loc.line, 11);
    assert_int_equal(st->no_deal.loc.col, 48);
    assert_false(dt_scenario_stake(sc, 0, 1)->has_no_deal);

    assert_int_equal(dt_scenario_n_constraints(sc), 3);
    c = dt_scenario_constraint(sc, 0);
    assert_int_equal(c->actor, 0);
    assert_int_equal(c->n_terms, 2);
    assert_int_equal(c->issue[0], 0);
    assert_int_equal(c->issue[1], 1);
    DT_ASSERT_REL(c->coef[0], 1.0, 0.0);
    DT_ASSERT_REL(c->coef[1], -0.3, 0.0);
    assert_true(c->has_at_most);
    DT_ASSERT_REL(c->at_most, 0.0, 0.0);
    assert_false(c->has_at_least);
    assert_string_equal(c->note, "relief after");
    assert_int_equal(c->loc.line, 15);
    assert_int_equal(c->loc.col, 9);
    c = dt_scenario_constraint(sc, 1);
    assert_int_equal(c->actor, 0);
    assert_int_equal(c->n_terms, 1);
    assert_int_equal(c->issue[0], 1);
    DT_ASSERT_REL(c->coef[0], 2.5, 0.0);
    assert_true(c->has_at_least && c->has_at_most);
    DT_ASSERT_REL(c->at_least, 10.0, 0.0);
    DT_ASSERT_REL(c->at_most, 200.0, 0.0);
    assert_null(c->note);
    assert_int_equal(c->loc.line, 18);
    c = dt_scenario_constraint(sc, 2);
    assert_int_equal(c->actor, 1);
    DT_ASSERT_REL(c->coef[0], -1.0, 0.0);
    DT_ASSERT_REL(c->at_least, -100.0, 0.0);
    assert_null(dt_scenario_constraint(sc, 3));

    assert_int_equal(dt_scenario_n_levers(sc), 2);
    assert_int_equal(dt_scenario_lever_index(sc, "soften"), 1);
    assert_int_equal(dt_scenario_lever_index(sc, "squeez"), (size_t)-1);
    assert_null(dt_scenario_lever(sc, 2));
    lv = dt_scenario_lever(sc, 0);
    assert_string_equal(lv->id, "squeeze");
    assert_string_equal(lv->name, "The squeeze");
    assert_int_equal(lv->by, 0);
    assert_string_equal(lv->description, "more pressure");
    assert_string_equal(lv->note, "judgement");
    assert_int_equal(lv->loc.line, 31);
    assert_int_equal(lv->n_effects, 4);
    e = &lv->effects[0];
    assert_int_equal(e->kind, DT_EFFECT_CAPABILITY);
    assert_int_equal(e->actor, 1);
    assert_int_equal(e->issue, (size_t)-1);
    assert_int_equal(e->op, DT_OP_SCALE);
    DT_ASSERT_REL(e->value, 0.5, 0.0);
    assert_string_equal(e->note, "half");
    assert_int_equal(e->loc.line, 37);
    assert_int_equal(e->loc.col, 9);
    e = &lv->effects[1];
    assert_int_equal(e->kind, DT_EFFECT_NO_DEAL_COST);
    assert_int_equal(e->op, DT_OP_ADD);
    DT_ASSERT_REL(e->value, 7.25, 0.0);
    assert_null(e->note);
    e = &lv->effects[2];
    assert_int_equal(e->kind, DT_EFFECT_SALIENCE);
    assert_int_equal(e->issue, 0);
    assert_int_equal(e->op, DT_OP_ADD);
    DT_ASSERT_REL(e->value, 30.0, 0.0);
    e = &lv->effects[3];
    assert_int_equal(e->kind, DT_EFFECT_POSITION);
    assert_int_equal(e->issue, 1);
    assert_int_equal(e->op, DT_OP_SET);
    DT_ASSERT_REL(e->value, 55.0, 0.0);
    lv = dt_scenario_lever(sc, 1);
    assert_null(lv->name);
    assert_null(lv->description);
    assert_int_equal(lv->by, 1);
    assert_int_equal(lv->n_effects, 4);
    e = &lv->effects[0];
    assert_int_equal(e->kind, DT_EFFECT_RED_LINE_DROP);
    assert_int_equal(e->actor, 0);
    assert_int_equal(e->issue, 1);
    e = &lv->effects[1];
    assert_int_equal(e->kind, DT_EFFECT_RED_LINE_ADD);
    assert_true(e->red_line.has_above && e->red_line.has_below);
    DT_ASSERT_REL(e->red_line.above, 90.0, 0.0);
    DT_ASSERT_REL(e->red_line.below, 40.0, 0.0);
    assert_int_equal(e->red_line.loc.line, 45);
    e = &lv->effects[2];
    assert_int_equal(e->kind, DT_EFFECT_CAPABILITY);
    assert_int_equal(e->issue, 1);
    DT_ASSERT_REL(e->value, -25.0, 0.0);
    e = &lv->effects[3];
    assert_int_equal(e->actor, 2);
    dt_scenario_free(sc);

    /* Coefficients take the {value, note} form too. */
    {
        char *text = edit(LB, "b: -0.3}", "b: {value: -0.35, note: k}}");

        assert_int_equal(parse_yaml(text, &dg, &sc), DT_OK);
        DT_ASSERT_REL(dt_scenario_constraint(sc, 0)->coef[1], -0.35, 0.0);
        dt_scenario_free(sc);
        free(text);
    }
}

/* Scenarios without these sections: no terms, no red lines, no levers. */
static void test_scenario__yaml_without_levers(void **state)
{
    dt_scenario *sc = NULL;
    char *text = edit(BASE, "outcome:", "levers: []\noutcome:");
    diag dg;

    (void)state;
    assert_int_equal(parse_yaml(BASE, &dg, &sc), DT_OK);
    assert_int_equal(dt_scenario_n_constraints(sc), 0);
    assert_int_equal(dt_scenario_n_levers(sc), 0);
    assert_int_equal(dt_scenario_lever_index(sc, "x"), (size_t)-1);
    assert_false(dt_scenario_no_deal(sc, 0)->has_cost);
    assert_false(dt_scenario_stake(sc, 0, 0)->has_no_deal);
    dt_scenario_free(sc);
    assert_int_equal(parse_yaml(text, &dg, &sc), DT_OK);
    assert_int_equal(dt_scenario_n_levers(sc), 0);
    dt_scenario_free(sc);
    free(text);
    assert_int_equal(parse_csv("Actor,Capability,Position,Salience\nA,1,2,3\n",
                               "t.csv", &dg, &sc),
                     DT_OK);
    assert_non_null(dt_scenario_no_deal(sc, 0));
    assert_false(dt_scenario_no_deal(sc, 0)->has_cost);
    assert_int_equal(dt_scenario_n_constraints(sc), 0);
    assert_int_equal(dt_scenario_n_levers(sc), 0);
    dt_scenario_free(sc);
}

/* As expect_kth, on LB. */
static void expect_lb_kth(const char *from, const char *to, unsigned n,
                          unsigned k, const char *where, const char *msg)
{
    char *text = edit(LB, from, to);
    dt_scenario *sc = NULL;
    diag dg;
    dt_loc at = loc_in(text, where);

    assert_int_equal(parse_yaml(text, &dg, &sc), DT_ESCENARIO);
    if (dg.n != n) {
        unsigned i;

        for (i = 0; i < dg.n && i < MAX_ERRS; i++)
            print_error("  %u:%u: %s\n", dg.e[i].line, dg.e[i].col,
                        dg.e[i].msg);
    }
    assert_int_equal(dg.n, n);
    check_err(&dg, k, at.line, at.col, msg);
    free(text);
}

static void expect_lb(const char *from, const char *to, const char *where,
                      const char *msg)
{
    expect_lb_kth(from, to, 1, 0, where, msg);
}

static void test_scenario__yaml_no_deal_errors(void **state)
{
    (void)state;
    expect_lb("no_deal: 35", "no_deal: 120", "120",
              "no_deal must be between 0 and 100, got 120");
    expect_lb("{cost: {value: 12.5,", "{cost: {value: abc,", "abc",
              "expected a number for 'cost', got 'abc'");
    expect_lb("no_deal: {note: only a note}", "no_deal: 30", "30\n",
              "expected a mapping for 'no_deal', got '30'");
    expect_lb("{note: only a note}", "{cots: 3, note: only a note}", "cots",
              "unknown key 'cots' in no_deal (expected cost, note)");
}

static void test_scenario__yaml_constraint_errors(void **state)
{
    (void)state;
    expect_lb("{a: 1, b: -0.3}", "{a: 1, c: -0.3}", "c: -0.3",
              "unknown issue 'c' (expected one of: a, b)");
    expect_lb("{a: 1, b: -0.3}", "{a: 1, a: -0.3}", "a: -0.3",
              "duplicate key 'a' in terms (first at line 15)");
    expect_lb("{terms: {b: 2.5}, at_least", "{at_least", "{at_least",
              "red line is missing required key 'terms'");
    expect_lb("{terms: {b: 2.5}, at_least", "{terms: {}, at_least", "{}",
              "red line has no terms");
    expect_lb("{terms: {b: 2.5}, at_least", "{terms: [b], at_least", "[b]",
              "expected a mapping for 'terms', got a list");
    expect_lb("{terms: {b: -1}, at_least: -100}", "{terms: {b: -1}}",
              "{terms: {b: -1}}", "red line needs 'at_most' or 'at_least'");
    expect_lb("{a: 1, b: -0.3}", "{a: 0, b: 0.0}", "{a: 0",
              "red line terms are all zero (the sum does not depend on the "
              "outcome)");
    expect_lb("{a: 1, b: -0.3}", "{a: 1, b: .nan}", ".nan",
              "b must be a finite number, got .nan");
    /* at_least = at_most is an equality, allowed; more is not. */
    expect_lb("{value: 10, note: f}, at_most: 200",
              "{value: 10, note: f}, at_most: 9.5", "{terms: {b: 2.5}",
              "red line rejects every outcome (at_least 10 is greater than "
              "at_most 9.5)");
    /* 1 * a - 0.3 * b is at least -30 on the 0-100 scales. */
    expect_lb("at_most: 0\n", "at_most: -31\n", "terms: {a: 1",
              "red line rejects every outcome (at_most -31 is below the "
              "smallest possible sum, -30)");
    /* 2.5 * b is at most 250. */
    expect_lb("{value: 10, note: f}, at_most: 200", "251", "{terms: {b: 2.5}",
              "red line rejects every outcome (at_least 251 is above the "
              "largest possible sum, 250)");
    expect_lb("    red_lines:\n      - {terms: {b: -1}",
              "    red_lines:\n      - {terms: {b: -1}, at_mots: 3", "at_mots",
              "unknown key 'at_mots' in red_lines (expected terms, at_most, "
              "at_least, note)");
    expect_lb("    red_lines:\n      - {terms: {b: -1}, at_least: -100}\n",
              "    red_lines: {terms: {b: -1}, at_least: -100}\n",
              "{terms: {b: -1}",
              "expected a list for 'red_lines', got a mapping");
}

static void test_scenario__yaml_lever_errors(void **state)
{
    (void)state;
    expect_lb("by: x", "by: w", "w\n    description",
              "unknown actor 'w' (expected one of: x, y, z)");
    expect_lb("{actor: y, no_deal_cost", "{actor: q, no_deal_cost", "q,",
              "unknown actor 'q' (expected one of: x, y, z)");
    expect_lb("issue: a, salience", "issue: c, salience", "c, sal",
              "unknown issue 'c' (expected one of: a, b)");
    expect_lb("{actor: z, capability: {scale: 2}}", "{actor: z}", "{actor: z}",
              "effect needs one of capability, salience, position, "
              "no_deal_cost, red_line");
    expect_lb("{actor: y, issue: a, salience: {add: 30}}",
              "{actor: y, issue: a, salience: {add: 30}, position: {add: 1}}",
              "position: {add: 1}",
              "effect has more than one target ('salience' and 'position'); "
              "use one effect per change");
    /* The later key in the file is the one reported. */
    expect_lb("{actor: y, issue: a, salience: {add: 30}}",
              "{actor: y, issue: a, position: {add: 1}, salience: {add: 30}}",
              "salience: {add: 30}",
              "effect has more than one target ('position' and 'salience'); "
              "use one effect per change");
    expect_lb_kth("{scale: 0.5}", "{multiply: 0.5}", 2, 1, "multiply",
                  "unknown key 'multiply' in 'capability' (expected set, add, "
                  "scale)");
    expect_lb_kth("{scale: 0.5}", "{multiply: 0.5}", 2, 0, "{multiply",
                  "'capability' needs one of set, add, scale");
    expect_lb("{add: -25}", "{set: 3, add: -25}", "add: -25",
              "'capability' has more than one operation ('set' and 'add')");
    expect_lb("capability: {scale: 0.5}", "capability: 0.5", "0.5, note",
              "expected a mapping for 'capability', got '0.5'");
    expect_lb("{scale: 0.5}", "{scale: -0.5}", "-0.5",
              "scale must be >= 0, got -0.5");
    expect_lb("{set: 55}", "{set: 155}", "155",
              "set must be between 0 and 100, got 155");
    expect_lb("{add: -25}", "{set: -25}", "-25", "set must be >= 0, got -25");
    expect_lb("{actor: y, issue: b, position: {set: 55}}",
              "{actor: z, issue: b, position: {set: 55}}", "b, position",
              "actor 'z' has no stake in issue 'b'");
    expect_lb("{actor: x, issue: b, red_line: drop}",
              "{actor: z, issue: b, red_line: drop}", "b, red_line",
              "actor 'z' has no stake in issue 'b'");
    expect_lb("{actor: y, issue: a, salience", "{actor: y, salience",
              "{actor: y, salience", "effect on 'salience' needs an 'issue'");
    expect_lb("{actor: y, no_deal_cost", "{actor: y, issue: a, no_deal_cost",
              "issue: a, no_deal",
              "effect on 'no_deal_cost' takes no 'issue' (the cost is the "
              "actor's)");
    expect_lb("red_line: drop}", "red_line: remove}", "remove",
              "red_line must be 'drop' or a mapping with 'above' or 'below', "
              "got 'remove'");
    expect_lb("{above: 90, below: 40}", "{above: 40, below: 90}", "{above: 40",
              "red line rejects every outcome (below 90 is not less than "
              "above 40)");
    expect_lb("{actor: z, capability", "{capability", "{capability",
              "effect is missing required key 'actor'");
    expect_lb("{actor: z, capability", "{actor: z, isue: a, capability", "isue",
              "unknown key 'isue' in effect (expected actor, issue, "
              "capability, salience, position, no_deal_cost, red_line, "
              "note)");
    expect_lb("  - id: soften\n    by: y\n", "  - id: soften\n", "id: soften",
              "lever 'soften' is missing required key 'by'");
    expect_lb("  - id: soften\n", "  - id: squeeze\n", "id: squeeze\n    by: y",
              "duplicate lever id 'squeeze' (first at line 31)");
    expect_lb("  - id: soften\n", "  - id: \"so ften\"\n", "\"so ften\"",
              "invalid lever id 'so ften' (use letters, digits, '_', '.' and "
              "'-')");
    expect_lb("    effects:\n"
              "      - {actor: x, issue: b, red_line: drop}\n"
              "      - {actor: y, issue: b, red_line: {above: 90, below: 40}}\n"
              "      - {actor: x, issue: b, capability: {add: -25}}\n"
              "      - {actor: z, capability: {scale: 2}}\n",
              "    effects: []\n", "[]", "the effect list is empty");
    expect_lb("    name: The squeeze\n", "    nme: The squeeze\n", "nme",
              "unknown key 'nme' in lever (expected id, name, by, "
              "description, note, effects)");
    expect_one("outcome:", "levers: 3\noutcome:", "3\n",
               "expected a list for 'levers', got '3'");
}

/*
 * The summit scenarios state the judgement behind every no-deal term,
 * cross-issue red line and lever effect (scenarios/README.md), and give
 * each actor a no-deal cost.
 */
static void test_scenario__summits_note_every_judgement(void **state)
{
    static const char *const files[] = {"scenarios/hanoi-2019.yaml",
                                        "scenarios/anchorage-2025.yaml"};
    size_t f, a, i, k;

    (void)state;
    for (f = 0; f < 2; f++) {
        dt_scenario *sc = NULL;
        dt_error err;

        assert_int_equal(
            dt_scenario_load(dt_test_src(files[f]), NULL, &sc, &err), DT_OK);
        for (a = 0; a < dt_scenario_n_actors(sc); a++) {
            const dt_no_deal *nd = dt_scenario_no_deal(sc, a);

            assert_true(nd->has_cost);
            assert_non_null(nd->cost.note);
            for (i = 0; i < dt_scenario_n_issues(sc); i++) {
                const dt_stake *st = dt_scenario_stake(sc, a, i);

                if (st && st->has_no_deal)
                    assert_non_null(st->no_deal.note);
            }
        }
        assert_true(dt_scenario_n_constraints(sc) >= 2);
        for (i = 0; i < dt_scenario_n_constraints(sc); i++)
            assert_non_null(dt_scenario_constraint(sc, i)->note);
        assert_true(dt_scenario_n_levers(sc) >= 4);
        for (i = 0; i < dt_scenario_n_levers(sc); i++) {
            const dt_lever *lv = dt_scenario_lever(sc, i);

            assert_non_null(lv->description);
            for (k = 0; k < lv->n_effects; k++)
                assert_non_null(lv->effects[k].note);
        }
        dt_scenario_free(sc);
    }
}

/* ---- CSV. ---- */

/*
 * The published EC emissions table: saliences on [0, 1] must reach the
 * models exactly as written (the reference run is matched bit for bit).
 */
static void test_scenario__csv_bdm1994_table(void **state)
{
    static const double s[] = {0.8, 0.4, 0.2, 0.8, 0.6,
                               0.6, 0.9, 0.1, 1.0, 0.7};
    dt_load_opts opts = DT_LOAD_OPTS_INIT;
    dt_scenario *sc = NULL;
    dt_line *l = NULL;
    dt_error err;
    size_t i;

    (void)state;
    assert_int_equal(dt_scenario_load(dt_test_data("bdm1994-ec-emissions/"
                                                   "actors.csv"),
                                      &opts, &sc, &err),
                     DT_OK);
    assert_int_equal(dt_scenario_format_of(sc), DT_FORMAT_CSV);
    assert_string_equal(dt_scenario_name(sc), "actors");
    assert_int_equal(dt_scenario_n_issues(sc), 1);
    assert_string_equal(dt_scenario_issue(sc, 0)->id, "actors");
    assert_string_equal(dt_scenario_issue(sc, 0)->name, "actors");
    assert_int_equal(dt_scenario_n_actors(sc), 10);
    assert_string_equal(dt_scenario_actor(sc, 6)->id, "UK");
    assert_string_equal(dt_scenario_actor(sc, 6)->name, "UK");
    assert_int_equal(dt_scenario_actor(sc, 6)->role, DT_ROLE_TABLE);
    assert_int_equal(dt_scenario_line(sc, 0, 0, &l, &err), DT_OK);
    assert_int_equal(l->n, 10);
    for (i = 0; i < 10; i++)
        assert_true(l->s[i] == s[i]); /* exact, not merely close */
    assert_true(l->c[4] == 0.16);
    assert_true(l->x[4] == 10.0);
    assert_false(l->has_status_quo);
    dt_line_free(l);
    dt_scenario_free(sc);
}

static void test_scenario__csv_dialect(void **state)
{
    /* BOM, CRLF, any order and case, padding, quotes, blank lines. */
    static const char text[] =
        "\xef\xbb\xbf Salience , actor,POSITION,Capability\r\n"
        "\r\n"
        "0.5,\"Foo, \"\"Inc\"\"\",3.5,1\r\n"
        "  \r\n"
        "\" 0.75 \",  Bar  ,-4,2.385\r\n";
    dt_scenario *sc = NULL;
    const dt_stake *st;
    diag dg;

    (void)state;
    assert_int_equal(parse_csv(text, "data/round1.v2.csv", &dg, &sc), DT_OK);
    assert_string_equal(dt_scenario_name(sc), "round1.v2");
    assert_int_equal(dt_scenario_n_actors(sc), 2);
    assert_string_equal(dt_scenario_actor(sc, 0)->id, "Foo, \"Inc\"");
    assert_string_equal(dt_scenario_actor(sc, 1)->id, "Bar");
    assert_int_equal(dt_scenario_actor(sc, 1)->loc.line, 5);
    DT_ASSERT_REL(dt_scenario_actor(sc, 1)->capability.v, 2.385, 0.0);
    assert_int_equal(dt_scenario_actor(sc, 1)->capability.loc.col, 21);
    st = dt_scenario_stake(sc, 1, 0);
    DT_ASSERT_REL(st->position.v, -4.0, 0.0); /* any scale */
    DT_ASSERT_REL(st->salience.v, 0.75, 0.0);
    assert_int_equal(st->salience.loc.line, 5);
    assert_int_equal(st->salience.loc.col, 1);
    dt_scenario_free(sc);
}

static void check_divisor(const char *text, double s0, double s1)
{
    dt_scenario *sc = NULL;
    dt_line *l = NULL;
    dt_error err;
    diag dg;

    assert_int_equal(parse_csv(text, "t.csv", &dg, &sc), DT_OK);
    assert_int_equal(dt_scenario_line(sc, 0, 0, &l, &err), DT_OK);
    DT_ASSERT_REL(l->s[0], s0, 1e-15);
    DT_ASSERT_REL(l->s[1], s1, 1e-15);
    dt_line_free(l);
    dt_scenario_free(sc);
}

static void test_scenario__csv_salience_scaling(void **state)
{
    (void)state;
    check_divisor("Actor,Capability,Position,Salience\nA,1,2,0.25\nB,1,2,1\n",
                  0.25, 1.0);
    check_divisor("Actor,Capability,Position,Salience\nA,1,2,30\nB,1,2,100\n",
                  0.3, 1.0);
    check_divisor("Actor,Capability,Position,Salience\nA,1,2,30\nB,1,2,1.5\n",
                  0.3, 0.015);
    check_divisor("Actor,Capability,Position,Salience\nA,1,2,50\nB,1,2,250\n",
                  0.2, 1.0);
}

/* One CSV error case: the input and its only error. */
static void csv_one(const char *text, unsigned line, unsigned col,
                    const char *msg)
{
    dt_scenario *sc = NULL;
    diag dg;

    assert_int_equal(parse_csv(text, "t.csv", &dg, &sc), DT_ESCENARIO);
    if (dg.n != 1)
        print_error("first: %u:%u: %s\n", dg.e[0].line, dg.e[0].col,
                    dg.e[0].msg);
    assert_int_equal(dg.n, 1);
    check_err(&dg, 0, line, col, msg);
}

static void test_scenario__csv_errors(void **state)
{
    (void)state;
    csv_one("Actor,Capability,Position\nA,1,2\n", 1, 1,
            "missing column 'Salience' in header (expected Actor, "
            "Capability, Position, Salience)");
    csv_one("Actor,Capability,Position,Salience,Extra\nA,1,2,3,4\n", 1, 36,
            "unknown column 'Extra' (expected Actor, Capability, Position, "
            "Salience)");
    csv_one("Actor,Capability,Position,Salience,actor\nA,1,2,3,B\n", 1, 36,
            "duplicate column 'actor' (first at column 1)");
    csv_one("Actor,Capability,Position,Salience\nA,1,abc,3\n", 2, 5,
            "expected a number in column 'Position', got 'abc'");
    csv_one("actor,capability,position,salience\nA,1,,3\n", 2, 5,
            "expected a number in column 'position', got an empty cell");
    csv_one("Actor,Capability,Position,Salience\nA,1,2\n", 2, 1,
            "expected 4 cells, got 3");
    csv_one("Actor,Capability,Position,Salience\nA,1,2,3,4\n", 2, 9,
            "expected 4 cells, got 5");
    csv_one("", 1, 1, "file is empty");
    csv_one("\r\n  \n", 1, 1, "file is empty");
    csv_one("\n\nActor,Capability,Position,Salience\n\n", 3, 1,
            "the table has a header but no actor rows");
    csv_one("Actor,Capability,Position,Salience\nA,1,2,3\nB,1,2,3\nA,2,3,4\n",
            4, 1, "duplicate actor 'A' (first at line 2)");
    csv_one("Actor,Capability,Position,Salience\n,1,2,3\n", 2, 1,
            "empty cell in column 'Actor'");
    csv_one("Actor,Capability,Position,Salience\nA,-1,2,3\n", 2, 3,
            "capability must be >= 0, got -1");
    csv_one("Actor,Capability,Position,Salience\nA,1,2,-0.5\n", 2, 7,
            "salience must be >= 0, got -0.5");
    csv_one("Actor,Capability,Position,Salience\nA,1,nan,3\n", 2, 5,
            "position must be a finite number, got nan");
    csv_one("Actor,Capability,Position,Salience\nA,1,2,Inf\n", 2, 7,
            "salience must be a finite number, got Inf");
    csv_one("Actor,Capability,Position,Salience\n\"A,1,2,3\n", 2, 1,
            "unterminated quoted field");
    csv_one("Actor,Capability,Position,Salience\n\"A\"x,1,2,3\n", 2, 4,
            "unexpected text after a closing quote (expected ',' or the end "
            "of the line)");
    csv_one("Actor,Capability,Position,Salience\n\xc3\x9c,1,x,3\n", 2, 5,
            "expected a number in column 'Position', got 'x'");
    csv_one("Actor,Capability,Position,Salience\nA,1,2,\xff\n", 2, 7,
            "file is not UTF-8 text (byte 0xff)");
}

static void test_scenario__csv_reports_every_error(void **state)
{
    static const char text[] = "Actor,Capability,Position,Salience\n"
                               "A,x,2,3\n"
                               "B,1,y,3\n"
                               "C,1,2\n";
    dt_scenario *sc = NULL;
    diag dg;

    (void)state;
    assert_int_equal(parse_csv(text, "t.csv", &dg, &sc), DT_ESCENARIO);
    assert_int_equal(dg.n, 3);
    check_err(&dg, 0, 2, 3,
              "expected a number in column 'Capability', got 'x'");
    check_err(&dg, 1, 3, 5, "expected a number in column 'Position', got 'y'");
    check_err(&dg, 2, 4, 1, "expected 4 cells, got 3");
}

static void test_scenario__load_missing_file(void **state)
{
    dt_scenario *sc = NULL;
    dt_error err;

    (void)state;
    assert_int_equal(
        dt_scenario_load("/nonexistent/dir/x.yaml", NULL, &sc, &err), DT_EIO);
    assert_null(sc);
    assert_int_equal(err.code, DT_EIO);
}

/* ---- Robustness. ---- */

/* xorshift64*: the tests' own generator, seeded with a constant. */
static unsigned long long next_rand(unsigned long long *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ull;
}

static void must_not_crash(const char *buf, size_t len, dt_scenario_format f)
{
    dt_load_opts opts = DT_LOAD_OPTS_INIT;
    dt_scenario *sc = NULL;
    dt_error err;
    dt_status rc;
    char *copy = malloc(len + 1);

    /* An exact-size copy, so that ASan sees any read past the end. */
    assert_non_null(copy);
    memcpy(copy, buf, len);
    opts.max_errors = 0;
    rc = dt_scenario_parse(copy, len, "fuzz", f, &opts, &sc, &err);
    assert_true(rc == DT_OK || rc == DT_ESCENARIO);
    assert_true((rc == DT_OK) == (sc != NULL));
    if (rc != DT_OK)
        assert_true(err.msg[0] != '\0');
    dt_scenario_free(sc);
    free(copy);
}

static void test_scenario__fuzz_prefixes_and_noise(void **state)
{
    static const char csv[] = "\xef\xbb\xbf"
                              "Actor,Capability,Position,Salience\r\n"
                              "\"A \"\"x\"\"\",1,2,3\r\nB,0.5,7,0.25\r\n";
    static const char alphabet[] = " \n\t:-[]{},\"'&*!|>#?%@`0123456789.e"
                                   "abcnamesiu\r\xc3\xa9\xff";
    unsigned long long seed = 0x2385u;
    char buf[512];
    size_t n, i, k;

    (void)state;
    for (n = 0; n <= sizeof BASE - 1; n++)
        must_not_crash(BASE, n, DT_FORMAT_YAML);
    for (n = 0; n <= sizeof LB - 1; n++)
        must_not_crash(LB, n, DT_FORMAT_YAML);
    for (n = 0; n <= sizeof csv - 1; n++)
        must_not_crash(csv, n, DT_FORMAT_CSV);
    for (k = 0; k < 2000; k++) {
        n = (size_t)(next_rand(&seed) % sizeof buf);
        for (i = 0; i < n; i++)
            buf[i] = (k % 2)
                         ? (char)(next_rand(&seed) & 0xff)
                         : alphabet[next_rand(&seed) % (sizeof alphabet - 1)];
        must_not_crash(buf, n, (k % 4) < 2 ? DT_FORMAT_YAML : DT_FORMAT_CSV);
    }
    /* Single-byte mutations of the valid scenarios. */
    for (k = 0; k < 4000; k++) {
        const char *src = k % 2 ? LB : BASE;
        size_t len = strlen(src);
        char *m = malloc(len + 1);

        assert_non_null(m);
        memcpy(m, src, len + 1);
        i = (size_t)(next_rand(&seed) % len);
        m[i] = alphabet[next_rand(&seed) % (sizeof alphabet - 1)];
        must_not_crash(m, len, DT_FORMAT_YAML);
        free(m);
    }
}

/* Allocator that fails the n-th allocation and counts live bytes. */
typedef struct torture {
    unsigned long calls;   /* allocations so far */
    unsigned long fail_at; /* fail this one (1-based) */
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

static void torture_one(const char *text, dt_scenario_format fmt)
{
    unsigned long n;

    for (n = 1;; n++) {
        torture t = {0, 0, 0};
        dt_allocator a;
        dt_load_opts opts = DT_LOAD_OPTS_INIT;
        dt_scenario *sc = NULL;
        dt_error err;
        dt_status rc;

        t.fail_at = n;
        a.realloc = torture_realloc;
        a.ud = &t;
        opts.alloc = &a;
        rc = dt_scenario_parse(text, strlen(text), "t.csv", fmt, &opts, &sc,
                               &err);
        dt_scenario_free(sc);
        assert_int_equal(t.live, 0);
        if (rc == DT_OK) {
            assert_true(t.calls < n);
            break;
        }
        assert_int_equal(rc, DT_ENOMEM);
        assert_int_equal(err.code, DT_ENOMEM);
    }
}

static void test_scenario__torture_every_allocation(void **state)
{
    char *bad = edit(BASE, "salience: 90", "salience: 140");

    (void)state;
    torture_one(BASE, DT_FORMAT_YAML);
    torture_one(LB, DT_FORMAT_YAML);
    torture_one("Actor,Capability,Position,Salience\nA,1,2,3\nB,1,2,3\n",
                DT_FORMAT_CSV);
    /* With errors to buffer, failure must still be DT_ENOMEM, not a leak. */
    {
        unsigned long n;

        for (n = 1; n < 200; n++) {
            torture t = {0, 0, 0};
            dt_allocator a;
            dt_load_opts opts = DT_LOAD_OPTS_INIT;
            dt_scenario *sc = NULL;
            dt_status rc;

            t.fail_at = n;
            a.realloc = torture_realloc;
            a.ud = &t;
            opts.alloc = &a;
            rc = dt_scenario_parse(bad, strlen(bad), "t.yaml", DT_FORMAT_YAML,
                                   &opts, &sc, NULL);
            assert_null(sc);
            assert_int_equal(t.live, 0);
            assert_true(rc == DT_ENOMEM || rc == DT_ESCENARIO);
            if (rc == DT_ESCENARIO)
                break;
        }
    }
    free(bad);
}

/* ---- The builder (dt_scenario_builder). ---- */

/* Issues tariffs (status quo 12.5) and quotas (none); eu, us, wto. */
static dt_status build_small(const dt_allocator *alloc, double divisor,
                             dt_scenario **out, dt_error *err)
{
    dt_scenario_builder *b = NULL;
    size_t t, q, eu, us, wto;
    dt_status rc;

    rc = dt_scenario_builder_new("Trade talks", alloc, &b, err);
    if (rc == DT_OK)
        rc = dt_scenario_builder_add_issue(b, "tariffs", "Tariff cut", 12.5, &t,
                                           err);
    if (rc == DT_OK)
        rc = dt_scenario_builder_add_issue(b, "quotas", "Quota \xc3\xa9", NAN,
                                           &q, err);
    if (rc == DT_OK)
        rc = dt_scenario_builder_add_actor(b, "eu", "EU", DT_ROLE_TABLE, 80.25,
                                           &eu, err);
    if (rc == DT_OK)
        rc = dt_scenario_builder_add_actor(b, "us", "United States",
                                           DT_ROLE_TABLE, 95.5, &us, err);
    if (rc == DT_OK)
        rc = dt_scenario_builder_add_actor(b, "wto", "WTO", DT_ROLE_EXCLUDED,
                                           0.0, &wto, err);
    if (rc == DT_OK)
        rc = dt_scenario_builder_add_stake(b, us, t, 23.75, 61.5, NAN, err);
    if (rc == DT_OK)
        rc = dt_scenario_builder_add_stake(b, eu, t, 64.125, 70.0, 33.5, err);
    if (rc == DT_OK)
        rc = dt_scenario_builder_add_stake(b, wto, q, 100.0, 0.0, NAN, err);
    if (rc == DT_OK)
        rc = dt_scenario_builder_add_stake(b, eu, q, 0.0, 100.0, 0.0, err);
    if (rc == DT_OK && divisor != 100.0)
        rc = dt_scenario_builder_set_salience_divisor(b, divisor, err);
    if (rc == DT_OK)
        rc = dt_scenario_builder_finish(b, out, err);
    dt_scenario_builder_free(b);
    return rc;
}

static void test_scenario__builder_builds(void **state)
{
    dt_scenario *sc = NULL;
    const dt_issue *is;
    const dt_actor *ac;
    const dt_stake *st;
    dt_line *l = NULL;
    dt_value v;
    dt_error err;

    (void)state;
    assert_int_equal(build_small(NULL, 100.0, &sc, &err), DT_OK);
    assert_string_equal(dt_scenario_name(sc), "Trade talks");
    assert_string_equal(dt_scenario_path(sc), "");
    assert_null(dt_scenario_date(sc));
    assert_null(dt_scenario_description(sc));
    assert_null(dt_scenario_note(sc));
    assert_null(dt_scenario_allocator(sc));
    assert_int_equal(dt_scenario_format_of(sc), DT_FORMAT_YAML);
    assert_int_equal(dt_scenario_n_sources(sc), 0);
    assert_null(dt_scenario_outcome(sc));
    assert_int_equal(dt_scenario_outcome_value(sc, 0, &v), 0);
    assert_int_equal(dt_scenario_n_levers(sc), 0);
    assert_int_equal(dt_scenario_n_constraints(sc), 0);
    assert_int_equal(dt_scenario_n_params(sc), 0);
    assert_int_equal(dt_scenario_no_deal(sc, 0)->has_cost, 0);
    assert_true(dt_scenario_uncertainty(sc)->position_sd == 0.0);

    assert_int_equal(dt_scenario_n_issues(sc), 2);
    is = dt_scenario_issue(sc, 0);
    assert_string_equal(is->id, "tariffs");
    assert_string_equal(is->name, "Tariff cut");
    assert_null(is->low);
    assert_null(is->note);
    assert_int_equal(is->has_status_quo, 1);
    assert_true(is->status_quo.v == 12.5);
    is = dt_scenario_issue(sc, 1);
    assert_string_equal(is->name, "Quota \xc3\xa9");
    assert_int_equal(is->has_status_quo, 0);
    assert_null(dt_scenario_issue(sc, 2));
    assert_int_equal(dt_scenario_issue_index(sc, "quotas"), 1);
    assert_int_equal(dt_scenario_issue_index(sc, "nope"), (size_t)-1);

    assert_int_equal(dt_scenario_n_actors(sc), 3);
    ac = dt_scenario_actor(sc, 1);
    assert_string_equal(ac->id, "us");
    assert_string_equal(ac->name, "United States");
    assert_int_equal(ac->role, DT_ROLE_TABLE);
    assert_true(ac->capability.v == 95.5);
    assert_int_equal(dt_scenario_actor(sc, 2)->role, DT_ROLE_EXCLUDED);
    assert_int_equal(dt_scenario_actor_index(sc, "wto"), 2);
    assert_null(dt_scenario_actor(sc, 3));

    st = dt_scenario_stake(sc, 0, 0);
    assert_non_null(st);
    assert_true(st->position.v == 64.125);
    assert_true(st->salience.v == 70.0);
    assert_int_equal(st->has_capability, 1);
    assert_true(st->capability.v == 33.5);
    assert_int_equal(st->has_red_line, 0);
    assert_int_equal(dt_scenario_stake(sc, 1, 0)->has_capability, 0);
    assert_null(dt_scenario_stake(sc, 1, 1));
    assert_null(dt_scenario_stake(sc, 2, 0));

    /* Lines: scenario order, effective capabilities, saliences / 100. */
    assert_int_equal(dt_scenario_line(sc, 0, 0, &l, &err), DT_OK);
    assert_int_equal(l->n, 2);
    assert_string_equal(l->ids[0], "eu");
    assert_int_equal(l->actor[1], 1);
    assert_true(l->x[0] == 64.125 && l->x[1] == 23.75);
    assert_true(l->c[0] == 33.5 && l->c[1] == 95.5);
    assert_true(l->s[0] == 70.0 / 100.0 && l->s[1] == 61.5 / 100.0);
    assert_int_equal(l->has_status_quo, 1);
    assert_true(l->status_quo == 12.5);
    dt_line_free(l);
    assert_int_equal(dt_scenario_line(sc, 1, DT_LINE_TABLE_ONLY, &l, &err),
                     DT_OK);
    assert_int_equal(l->n, 1);
    assert_string_equal(l->ids[0], "eu");
    assert_true(l->c[0] == 0.0 && l->s[0] == 1.0);
    assert_int_equal(l->has_status_quo, 0);
    dt_line_free(l);
    /* A plain copy (levers.c) keeps everything. */
    {
        dt_scenario *cp = NULL;

        assert_int_equal(dt_scenario_apply_levers(sc, NULL, 0, &cp, &err),
                         DT_OK);
        assert_string_equal(dt_scenario_issue(cp, 1)->name, "Quota \xc3\xa9");
        assert_true(dt_scenario_stake(cp, 0, 0)->capability.v == 33.5);
        assert_null(dt_scenario_stake(cp, 1, 1));
        dt_scenario_free(cp);
    }
    dt_scenario_free(sc);

    /* Divisor 1: the saliences as given. */
    assert_int_equal(build_small(NULL, 1.0, &sc, &err), DT_OK);
    assert_int_equal(dt_scenario_line(sc, 0, 0, &l, &err), DT_OK);
    assert_true(l->s[0] == 70.0 && l->s[1] == 61.5);
    dt_line_free(l);
    dt_scenario_free(sc);
}

static void test_scenario__builder_finishes_twice(void **state)
{
    dt_scenario_builder *b = NULL;
    dt_scenario *one = NULL, *two = NULL;
    size_t i, a, j;
    dt_line *l = NULL;
    dt_error err;

    (void)state;
    assert_int_equal(dt_scenario_builder_new("s", NULL, &b, &err), DT_OK);
    assert_int_equal(dt_scenario_builder_add_issue(b, "x", "X", NAN, &i, &err),
                     DT_OK);
    assert_int_equal(dt_scenario_builder_add_actor(b, "a", "A", DT_ROLE_TABLE,
                                                   2.385, &a, &err),
                     DT_OK);
    assert_int_equal(
        dt_scenario_builder_add_stake(b, a, i, 40.0, 55.0, NAN, &err), DT_OK);
    assert_int_equal(dt_scenario_builder_finish(b, &one, &err), DT_OK);
    /* Go on: an issue added after actors, then a second scenario. */
    assert_int_equal(dt_scenario_builder_add_issue(b, "y", "Y", 50.0, &j, &err),
                     DT_OK);
    assert_int_equal(j, 1);
    assert_int_equal(
        dt_scenario_builder_add_stake(b, a, j, 60.0, 45.0, 7.0, &err), DT_OK);
    assert_int_equal(dt_scenario_builder_set_salience_divisor(b, 1.0, &err),
                     DT_OK);
    assert_int_equal(dt_scenario_builder_finish(b, &two, &err), DT_OK);
    dt_scenario_builder_free(b);
    /* Both outlive the builder, each as it was when finished. */
    assert_int_equal(dt_scenario_n_issues(one), 1);
    assert_int_equal(dt_scenario_n_issues(two), 2);
    assert_int_equal(dt_scenario_line(one, 0, 0, &l, &err), DT_OK);
    assert_true(l->s[0] == 0.55);
    dt_line_free(l);
    assert_int_equal(dt_scenario_line(two, 1, 0, &l, &err), DT_OK);
    assert_true(l->s[0] == 45.0 && l->c[0] == 7.0 && l->x[0] == 60.0);
    dt_line_free(l);
    assert_string_equal(dt_scenario_actor(two, 0)->id, "a");
    dt_scenario_free(one);
    dt_scenario_free(two);
}

/* The call's status and message; the builder must be unchanged after. */
static void refused(dt_status got, dt_status want, const dt_error *err,
                    const char *msg)
{
    assert_int_equal(got, want);
    assert_int_equal(err->code, want);
    assert_string_equal(err->msg, msg);
}

static void test_scenario__builder_refuses(void **state)
{
    dt_scenario_builder *b = NULL;
    dt_scenario *sc = NULL;
    size_t t, eu, k = 99;
    dt_error err;
    char name[40];

    (void)state;
    refused(dt_scenario_builder_new(NULL, NULL, &b, &err), DT_ESCENARIO, &err,
            "scenario is missing required key 'name'");
    assert_null(b);
    refused(dt_scenario_builder_new("\xff", NULL, &b, &err), DT_ESCENARIO, &err,
            "the scenario's name is not valid UTF-8");
    assert_int_equal(dt_scenario_builder_new("", NULL, &b, &err), DT_OK);

    /* Empty lists. */
    refused(dt_scenario_builder_finish(b, &sc, &err), DT_ESCENARIO, &err,
            "the issue list is empty");
    assert_null(sc);

    /* Issues. */
    refused(dt_scenario_builder_add_issue(b, NULL, "T", NAN, &k, &err),
            DT_ESCENARIO, &err, "issue is missing required key 'id'");
    refused(dt_scenario_builder_add_issue(b, "a b", "T", NAN, &k, &err),
            DT_ESCENARIO, &err,
            "invalid issue id 'a b' (use letters, digits, '_', '.' and '-')");
    refused(dt_scenario_builder_add_issue(b, "", "T", NAN, &k, &err),
            DT_ESCENARIO, &err,
            "invalid issue id '' (use letters, digits, '_', '.' and '-')");
    refused(dt_scenario_builder_add_issue(b, "t", NULL, NAN, &k, &err),
            DT_ESCENARIO, &err, "issue 't' is missing required key 'name'");
    refused(dt_scenario_builder_add_issue(b, "t", "\xc3(", NAN, &k, &err),
            DT_ESCENARIO, &err, "issue 't': name is not valid UTF-8");
    refused(dt_scenario_builder_add_issue(b, "t", "T", INFINITY, &k, &err),
            DT_ESCENARIO, &err,
            "issue 't': status_quo must be a finite number, got inf");
    refused(dt_scenario_builder_add_issue(b, "t", "T", 100.5, &k, &err),
            DT_ESCENARIO, &err,
            "issue 't': status_quo must be between 0 and 100, got 100.5");
    refused(dt_scenario_builder_add_issue(b, "t", "T", -0.1, &k, &err),
            DT_ESCENARIO, &err,
            "issue 't': status_quo must be between 0 and 100, got -0.1");
    assert_int_equal(k, 99);
    assert_int_equal(dt_scenario_builder_add_issue(b, "t", "T", 0.0, &t, &err),
                     DT_OK);
    refused(dt_scenario_builder_add_issue(b, "t", "Again", NAN, &k, &err),
            DT_ESCENARIO, &err, "duplicate issue id 't' (first at index 0)");
    refused(dt_scenario_builder_finish(b, &sc, &err), DT_ESCENARIO, &err,
            "the actor list is empty");

    /* Actors. */
    refused(dt_scenario_builder_add_actor(b, "eu!", "EU", DT_ROLE_TABLE, 1.0,
                                          &k, &err),
            DT_ESCENARIO, &err,
            "invalid actor id 'eu!' (use letters, digits, '_', '.' and '-')");
    refused(dt_scenario_builder_add_actor(b, "eu", NULL, DT_ROLE_TABLE, 1.0, &k,
                                          &err),
            DT_ESCENARIO, &err, "actor 'eu' is missing required key 'name'");
    refused(
        dt_scenario_builder_add_actor(b, "eu", "EU", (dt_role)7, 1.0, &k, &err),
        DT_EINVAL, &err,
        "actor 'eu': role must be DT_ROLE_TABLE, DT_ROLE_EXCLUDED, "
        "DT_ROLE_RATIFIER or DT_ROLE_MEDIATOR, got 7");
    refused(dt_scenario_builder_add_actor(b, "eu", "EU", DT_ROLE_TABLE, -2.385,
                                          &k, &err),
            DT_ESCENARIO, &err,
            "actor 'eu': capability must be >= 0, got -2.385");
    refused(dt_scenario_builder_add_actor(b, "eu", "EU", DT_ROLE_TABLE, NAN, &k,
                                          &err),
            DT_ESCENARIO, &err,
            "actor 'eu': capability must be a finite number, got nan");
    refused(dt_scenario_builder_add_actor(b, "eu", "EU", DT_ROLE_TABLE,
                                          -INFINITY, &k, &err),
            DT_ESCENARIO, &err,
            "actor 'eu': capability must be a finite number, got -inf");
    assert_int_equal(dt_scenario_builder_add_actor(b, "eu", "EU", DT_ROLE_TABLE,
                                                   0.1, &eu, &err),
                     DT_OK);
    refused(dt_scenario_builder_add_actor(b, "eu", "EU", DT_ROLE_EXCLUDED, 1.0,
                                          &k, &err),
            DT_ESCENARIO, &err, "duplicate actor id 'eu' (first at index 0)");
    /* An issue id may equal an actor id, as in YAML. */
    assert_int_equal(dt_scenario_builder_add_actor(b, "t", "T", DT_ROLE_TABLE,
                                                   1.0, NULL, &err),
                     DT_OK);
    refused(dt_scenario_builder_finish(b, &sc, &err), DT_ESCENARIO, &err,
            "no actor has a stake in issue 't'");

    /* Stakes. */
    refused(dt_scenario_builder_add_stake(b, 2, t, 1.0, 1.0, NAN, &err),
            DT_EINVAL, &err, "no actor 2 (the builder has 2)");
    refused(dt_scenario_builder_add_stake(b, eu, 1, 1.0, 1.0, NAN, &err),
            DT_EINVAL, &err, "no issue 1 (the builder has 1)");
    refused(dt_scenario_builder_add_stake(b, eu, t, 101.0, 1.0, NAN, &err),
            DT_ESCENARIO, &err,
            "stake of actor 'eu' in issue 't': position must be between 0 "
            "and 100, got 101");
    refused(dt_scenario_builder_add_stake(b, eu, t, NAN, 1.0, NAN, &err),
            DT_ESCENARIO, &err,
            "stake of actor 'eu' in issue 't': position must be a finite "
            "number, got nan");
    refused(dt_scenario_builder_add_stake(b, eu, t, 50.0, 100.1, NAN, &err),
            DT_ESCENARIO, &err,
            "stake of actor 'eu' in issue 't': salience must be between 0 "
            "and 100, got 100.1");
    refused(dt_scenario_builder_add_stake(b, eu, t, 50.0, INFINITY, NAN, &err),
            DT_ESCENARIO, &err,
            "stake of actor 'eu' in issue 't': salience must be a finite "
            "number, got inf");
    refused(dt_scenario_builder_add_stake(b, eu, t, 50.0, 10.0, -1.0, &err),
            DT_ESCENARIO, &err,
            "stake of actor 'eu' in issue 't': capability must be >= 0, got "
            "-1");
    refused(dt_scenario_builder_add_stake(b, eu, t, 50.0, 10.0, INFINITY, &err),
            DT_ESCENARIO, &err,
            "stake of actor 'eu' in issue 't': capability must be a finite "
            "number, got inf");
    assert_int_equal(
        dt_scenario_builder_add_stake(b, eu, t, 50.0, 10.0, NAN, &err), DT_OK);
    refused(dt_scenario_builder_add_stake(b, eu, t, 60.0, 20.0, NAN, &err),
            DT_ESCENARIO, &err, "duplicate stake of actor 'eu' in issue 't'");

    /* The divisor. */
    refused(dt_scenario_builder_set_salience_divisor(b, 0.0, &err), DT_EINVAL,
            &err, "the salience divisor must be finite and > 0, got 0");
    refused(dt_scenario_builder_set_salience_divisor(b, NAN, &err), DT_EINVAL,
            &err, "the salience divisor must be finite and > 0, got nan");

    /* Nothing refused was kept: one issue, two actors, one stake. */
    assert_int_equal(dt_scenario_builder_finish(b, &sc, &err), DT_OK);
    assert_int_equal(dt_scenario_n_issues(sc), 1);
    assert_int_equal(dt_scenario_n_actors(sc), 2);
    assert_true(dt_scenario_stake(sc, 0, 0)->position.v == 50.0);
    assert_null(dt_scenario_stake(sc, 1, 0));
    dt_scenario_free(sc);
    dt_scenario_builder_free(b);

    /* Many ids: the duplicate check still finds every one. */
    assert_int_equal(dt_scenario_builder_new("many", NULL, &b, &err), DT_OK);
    for (k = 0; k < 500; k++) {
        snprintf(name, sizeof name, "i%zu", k);
        assert_int_equal(
            dt_scenario_builder_add_issue(b, name, name, NAN, NULL, &err),
            DT_OK);
    }
    for (k = 0; k < 500; k += 37) {
        char want[80];

        snprintf(name, sizeof name, "i%zu", k);
        snprintf(want, sizeof want,
                 "duplicate issue id '%s' (first at index "
                 "%zu)",
                 name, k);
        refused(dt_scenario_builder_add_issue(b, name, "x", NAN, NULL, &err),
                DT_ESCENARIO, &err, want);
    }
    dt_scenario_builder_free(b);
}

static void test_scenario__builder_torture_every_allocation(void **state)
{
    unsigned long n;

    (void)state;
    for (n = 1;; n++) {
        torture t = {0, 0, 0};
        dt_allocator a;
        dt_scenario *sc = NULL;
        dt_error err;
        dt_status rc;

        t.fail_at = n;
        a.realloc = torture_realloc;
        a.ud = &t;
        rc = build_small(&a, 100.0, &sc, &err);
        dt_scenario_free(sc);
        assert_int_equal(t.live, 0);
        if (rc == DT_OK) {
            assert_true(t.calls < n);
            break;
        }
        assert_int_equal(rc, DT_ENOMEM);
        assert_int_equal(err.code, DT_ENOMEM);
        assert_null(sc);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scenario__yaml_reads_every_field),
        cmocka_unit_test(test_scenario__yaml_line_scales_saliences),
        cmocka_unit_test(test_scenario__yaml_minimal_and_optional),
        cmocka_unit_test(test_scenario__yaml_every_actor_coincides_is_valid),
        cmocka_unit_test(test_scenario__yaml_doc_example_is_valid),
        cmocka_unit_test(test_scenario__yaml_unknown_keys),
        cmocka_unit_test(test_scenario__yaml_duplicate_keys),
        cmocka_unit_test(test_scenario__yaml_missing_required),
        cmocka_unit_test(test_scenario__yaml_wrong_types),
        cmocka_unit_test(test_scenario__yaml_duplicate_ids),
        cmocka_unit_test(test_scenario__yaml_ranges),
        cmocka_unit_test(test_scenario__yaml_not_finite_or_not_a_number),
        cmocka_unit_test(test_scenario__yaml_unknown_issue),
        cmocka_unit_test(test_scenario__yaml_issue_without_stake),
        cmocka_unit_test(test_scenario__yaml_empty_lists),
        cmocka_unit_test(test_scenario__yaml_empty_and_binary_files),
        cmocka_unit_test(test_scenario__yaml_malformed),
        cmocka_unit_test(test_scenario__yaml_more_than_one_document),
        cmocka_unit_test(test_scenario__yaml_aliases_rejected),
        cmocka_unit_test(test_scenario__yaml_deep_nesting_refused),
        cmocka_unit_test(test_scenario__yaml_red_lines),
        cmocka_unit_test(test_scenario__yaml_roles_and_ids),
        cmocka_unit_test(test_scenario__yaml_all_errors_in_file_order),
        cmocka_unit_test(test_scenario__yaml_reads_no_deal_red_lines_levers),
        cmocka_unit_test(test_scenario__yaml_without_levers),
        cmocka_unit_test(test_scenario__yaml_no_deal_errors),
        cmocka_unit_test(test_scenario__yaml_constraint_errors),
        cmocka_unit_test(test_scenario__yaml_lever_errors),
        cmocka_unit_test(test_scenario__summits_note_every_judgement),
        cmocka_unit_test(test_scenario__csv_bdm1994_table),
        cmocka_unit_test(test_scenario__csv_dialect),
        cmocka_unit_test(test_scenario__csv_salience_scaling),
        cmocka_unit_test(test_scenario__csv_errors),
        cmocka_unit_test(test_scenario__csv_reports_every_error),
        cmocka_unit_test(test_scenario__load_missing_file),
        cmocka_unit_test(test_scenario__fuzz_prefixes_and_noise),
        cmocka_unit_test(test_scenario__torture_every_allocation),
        cmocka_unit_test(test_scenario__builder_builds),
        cmocka_unit_test(test_scenario__builder_finishes_twice),
        cmocka_unit_test(test_scenario__builder_refuses),
        cmocka_unit_test(test_scenario__builder_torture_every_allocation),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
