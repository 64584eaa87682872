/*
 * End-to-end tests of the detente command: runs the built binary, checks
 * exit codes, messages and output documents (parsed with jansson). The
 * expected figures come from the reference run in tests/data.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dt_test.h"

/* Output of one run of the tool. */
struct run {
    int status; /* exit code */
    char *out;  /* stdout */
    char *err;  /* stderr */
};

static char tmpdir[] = "/tmp/dt_cli_XXXXXX";

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

/* Run `detente ARGS` (args already shell-quoted where needed). */
static struct run run_cli(const char *args)
{
    char cmd[4096], out[300], err[300];
    struct run r;
    int st;

    snprintf(out, sizeof out, "%s/stdout", tmpdir);
    snprintf(err, sizeof err, "%s/stderr", tmpdir);
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' %s >'%s' 2>'%s'", DT_SOURCE_DIR,
             DT_CLI_PATH, args, out, err);
    st = system(cmd);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    r.out = dt_test_slurp(out, NULL);
    r.err = dt_test_slurp(err, NULL);
    assert_non_null(r.out);
    assert_non_null(r.err);
    return r;
}

static void run_free(struct run *r)
{
    free(r->out);
    free(r->err);
}

static json_t *parse_json(const char *text)
{
    json_error_t je;
    json_t *doc = json_loads(text, 0, &je);

    if (!doc)
        print_error("bad JSON at line %d: %s\n", je.line, je.text);
    assert_non_null(doc);
    return doc;
}

static double jreal(json_t *o, const char *path)
{
    json_t *v = json_object_get(o, path);

    assert_non_null(v);
    assert_true(json_is_number(v));
    return json_number_value(v);
}

/*
 * The EC 1994 case with the replication preset: ten rounds, the medians
 * of section 9 of the spec and the final mean of the reference run.
 */
static void test_cli__ec_replication_json(void **state)
{
    static const double medians[] = {8.41593, 9.61086, 9.96198, 9.96198,
                                     9.96198, 7.47205, 8.82459, 9.67113,
                                     9.67113, 7.0};
    struct run r;
    json_t *doc, *issue, *eu, *rounds;
    size_t i;

    (void)state;
    r = run_cli("forecast scenarios/ec-emissions-1994.csv --model eu "
                "--preset scholz-replication --format json");
    assert_int_equal(r.status, 0);
    doc = parse_json(r.out);
    assert_int_equal(json_array_size(json_object_get(doc, "issues")), 1);
    issue = json_array_get(json_object_get(doc, "issues"), 0);
    assert_string_equal(json_string_value(json_object_get(issue, "id")),
                        "ec-emissions-1994");
    eu = json_object_get(json_object_get(issue, "models"), "eu");
    assert_non_null(eu);
    assert_string_equal(json_string_value(json_object_get(
                            json_object_get(eu, "stop"), "reason")),
                        "round_cap");
    rounds = json_object_get(eu, "rounds");
    assert_int_equal(json_array_size(rounds), 11);
    for (i = 1; i <= 10; i++)
        DT_ASSERT_CLOSE(jreal(json_array_get(rounds, i), "median"),
                        medians[i - 1], 0, 5e-6);
    DT_ASSERT_REL(jreal(json_array_get(rounds, 10), "mean"), 7.242130958473938,
                  1e-12);
    DT_ASSERT_REL(jreal(json_object_get(eu, "forecast"), "mean"),
                  7.242130958473938, 1e-12);
    /* Round 0 holds the inputs: the Netherlands at 4 years. */
    DT_ASSERT_REL(jreal(json_object_get(json_array_get(rounds, 0), "positions"),
                        "Netherlands"),
                  4.0, 0.0);
    json_decref(doc);
    run_free(&r);
}

/*
 * The EC case in YAML (saliences 0-100) and in CSV (saliences 0-1) is the
 * same input: k/100 and the literal 0.k are the same double, so every
 * model gives bit-identical figures.
 */
static void test_cli__ec_yaml_equals_csv(void **state)
{
    static const char *const stats[] = {"point", "mean", "median"};
    struct run a, b;
    json_t *da, *db;
    size_t m, k;

    (void)state;
    a = run_cli("forecast scenarios/ec-emissions-1994.csv --format json "
                "--preset scholz-replication");
    b = run_cli("forecast scenarios/ec-emissions-1994.yaml --format json "
                "--preset scholz-replication");
    assert_int_equal(a.status, 0);
    assert_int_equal(b.status, 0);
    da = parse_json(a.out);
    db = parse_json(b.out);
    for (m = 0; m < 3; m++) {
        const char *name = m == 0 ? "mean" : m == 1 ? "median" : "eu";
        json_t *fa = json_object_get(
            json_object_get(
                json_object_get(
                    json_array_get(json_object_get(da, "issues"), 0), "models"),
                name),
            "forecast");
        json_t *fb = json_object_get(
            json_object_get(
                json_object_get(
                    json_array_get(json_object_get(db, "issues"), 0), "models"),
                name),
            "forecast");

        for (k = 0; k < 3; k++)
            DT_ASSERT_REL(jreal(fb, stats[k]), jreal(fa, stats[k]), 0.0);
    }
    json_decref(da);
    json_decref(db);
    run_free(&a);
    run_free(&b);
}

/* Both summit scenarios load and forecast with every model. */
static void test_cli__summits_forecast(void **state)
{
    static const char *const files[] = {"scenarios/hanoi-2019.yaml",
                                        "scenarios/anchorage-2025.yaml"};
    static const size_t n_issues[] = {3, 5};
    size_t f, i;

    (void)state;
    for (f = 0; f < 2; f++) {
        char args[256];
        struct run r;
        json_t *doc, *issues;

        snprintf(args, sizeof args, "forecast %s --format json", files[f]);
        r = run_cli(args);
        assert_int_equal(r.status, 0);
        doc = parse_json(r.out);
        issues = json_object_get(doc, "issues");
        assert_true(json_array_size(issues) >= n_issues[f]);
        for (i = 0; i < json_array_size(issues); i++) {
            json_t *models =
                json_object_get(json_array_get(issues, i), "models");
            const char *const names[] = {"mean", "median", "eu"};
            size_t m;

            for (m = 0; m < 3; m++) {
                json_t *fc = json_object_get(json_object_get(models, names[m]),
                                             "forecast");
                double p = jreal(fc, "point");

                assert_true(p >= 0.0 && p <= 100.0);
            }
        }
        json_decref(doc);
        run_free(&r);
        snprintf(args, sizeof args, "forecast %s", files[f]);
        r = run_cli(args);
        assert_int_equal(r.status, 0);
        assert_non_null(strstr(r.out, "at the table"));
        run_free(&r);
    }
}

/* All positions coincide: not an error, every model forecasts that point. */
static void test_cli__coinciding_positions(void **state)
{
    struct run r;

    (void)state;
    r = run_cli("forecast tests/cli/good/coincide.yaml --format csv");
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out,
                        "issue,model,point,mean,median,stop,rounds,period\n"
                        "ceasefire,mean,63.5,63.5,63.5,converged,1,\n"
                        "ceasefire,median,63.5,63.5,63.5,converged,1,\n"
                        "ceasefire,eu,63.5,63.5,63.5,converged,1,\n"
                        "ceasefire,nbs,63.5,63.5,63.5,converged,1,\n");
    run_free(&r);
}

/*
 * smp splits each turn between threads from 32 actors on: the JSON must
 * be the same bytes for 1, 2 and 7 threads.
 */
static void test_cli__smp_threads_same_bytes(void **state)
{
    static const char *const threads[] = {"2", "7"};
    struct run one, r;
    char args[256];
    size_t t;

    (void)state;
    one = run_cli("forecast tests/cli/good/smp-forty.yaml --model smp "
                  "--format json --threads 1");
    assert_int_equal(one.status, 0);
    assert_non_null(strstr(one.out, "\"smp\""));
    for (t = 0; t < 2; t++) {
        snprintf(args, sizeof args,
                 "forecast tests/cli/good/smp-forty.yaml --model smp "
                 "--format json --threads %s",
                 threads[t]);
        r = run_cli(args);
        assert_int_equal(r.status, 0);
        assert_string_equal(r.out, one.out);
        run_free(&r);
    }
    run_free(&one);
    r = run_cli("forecast tests/cli/good/smp-forty.yaml --model smp "
                "--threads 0");
    assert_int_equal(r.status, 2);
    run_free(&r);
}

/* Same input, same bytes: JSON output is deterministic. */
static void test_cli__json_is_deterministic(void **state)
{
    struct run a, b;

    (void)state;
    a = run_cli("forecast scenarios/anchorage-2025.yaml --format json");
    b = run_cli("forecast scenarios/anchorage-2025.yaml --format json");
    assert_int_equal(a.status, 0);
    assert_string_equal(a.out, b.out);
    run_free(&a);
    run_free(&b);
}

static void test_cli__csv_output(void **state)
{
    struct run r;

    (void)state;
    r = run_cli("forecast scenarios/ec-emissions-1994.csv --model mean "
                "--format csv");
    assert_int_equal(r.status, 0);
    assert_true(strncmp(r.out,
                        "issue,model,point,mean,median,stop,rounds,period\n"
                        "ec-emissions-1994,mean,",
                        70) == 0);
    run_free(&r);
    r = run_cli("forecast scenarios/ec-emissions-1994.csv --model mean "
                "--format csv --trajectory");
    assert_int_equal(r.status, 0);
    assert_true(strncmp(r.out, "issue,model,round,mean,median,actor,position\n",
                        45) == 0);
    /* Ten actors, rounds 0 and 1. */
    {
        size_t lines = 0;
        const char *p;

        for (p = r.out; *p; p++)
            lines += *p == '\n';
        assert_int_equal(lines, 1 + 2 * 10);
    }
    run_free(&r);
}

/*
 * --require-convergence: the EC case converges under the paper's defaults
 * (after 4 rounds, checked with tools/eu_xcheck.py, an independent
 * transcription of the spec), so exit 0; the replication preset plays
 * exactly 10 rounds and stops on the round cap, so exit 1.
 */
static void test_cli__require_convergence(void **state)
{
    struct run r;

    (void)state;
    r = run_cli("forecast scenarios/ec-emissions-1994.csv --model eu "
                "--require-convergence");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "converged after 4 rounds"));
    run_free(&r);
    r = run_cli("forecast scenarios/ec-emissions-1994.csv --model eu "
                "--preset scholz-replication --require-convergence");
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "did not converge"));
    assert_non_null(strstr(r.out, "round cap after 10 rounds"));
    run_free(&r);
}

/* --out writes the whole file or nothing. */
static void test_cli__out_is_atomic(void **state)
{
    char args[600], path[400];
    struct stat sb;
    struct run r;

    (void)state;
    snprintf(path, sizeof path, "%s/fc.json", tmpdir);
    snprintf(args, sizeof args,
             "forecast scenarios/ec-emissions-1994.csv --format json -o '%s'",
             path);
    r = run_cli(args);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "");
    assert_int_equal(stat(path, &sb), 0);
    assert_true(sb.st_size > 100);
    run_free(&r);
    snprintf(args, sizeof args,
             "forecast scenarios/ec-emissions-1994.csv -o '%s/no/such/dir/x'",
             tmpdir);
    r = run_cli(args);
    assert_int_equal(r.status, 4);
    assert_non_null(strstr(r.err, "cannot write"));
    run_free(&r);
}

/*
 * --model exchange on tests/cli/good/exchange-2x2.yaml, whose comment
 * works the exchange out by hand: one exchange in round 1 (A gives on
 * oil, 0 -> 100, to B, who moves on fish 0 -> 50), O_fish 66.667 ->
 * 83.333 (+16.667), O_oil 75 -> 100 (+25), gain 25/3 each, no third
 * party (externality 0); converged after 1 round; medians 100 and 100.
 */
static void test_cli__exchange_by_hand(void **state)
{
    struct run r;
    json_t *doc, *issues, *fish, *oil, *mv, *top, *rounds;

    (void)state;
    r = run_cli("forecast tests/cli/good/exchange-2x2.yaml --model exchange "
                "--format json");
    assert_int_equal(r.status, 0);
    doc = parse_json(r.out);
    issues = json_object_get(doc, "issues");
    assert_int_equal(json_array_size(issues), 2);
    fish = json_object_get(json_object_get(json_array_get(issues, 0), "models"),
                           "exchange");
    oil = json_object_get(json_object_get(json_array_get(issues, 1), "models"),
                          "exchange");
    assert_non_null(fish);
    assert_non_null(oil);
    DT_ASSERT_REL(jreal(json_object_get(fish, "forecast"), "point"),
                  250.0 / 3.0, 1e-12);
    DT_ASSERT_REL(jreal(json_object_get(fish, "forecast"), "mean"), 250.0 / 3.0,
                  1e-12);
    DT_ASSERT_REL(jreal(json_object_get(fish, "forecast"), "median"), 100.0,
                  0.0);
    DT_ASSERT_REL(jreal(json_object_get(oil, "forecast"), "point"), 100.0,
                  1e-12);
    assert_string_equal(json_string_value(json_object_get(
                            json_object_get(fish, "stop"), "reason")),
                        "converged");
    DT_ASSERT_REL(jreal(json_object_get(fish, "stop"), "rounds"), 1.0, 0.0);
    /* Round 0 holds the inputs; round 1 B's move on fish. */
    rounds = json_object_get(fish, "rounds");
    assert_int_equal(json_array_size(rounds), 2);
    DT_ASSERT_REL(jreal(json_array_get(rounds, 0), "mean"), 200.0 / 3.0, 1e-12);
    DT_ASSERT_CLOSE(
        jreal(json_object_get(json_array_get(rounds, 1), "positions"), "B"),
        50.0, 0.0, 1e-9);
    /* The exchange, under each issue it touches and at the top. */
    assert_int_equal(json_array_size(json_object_get(fish, "exchanges")), 1);
    assert_int_equal(json_array_size(json_object_get(oil, "exchanges")), 1);
    top = json_object_get(doc, "exchange");
    assert_non_null(top);
    assert_true(json_is_true(json_object_get(top, "converged")));
    DT_ASSERT_REL(jreal(top, "rounds"), 1.0, 0.0);
    assert_int_equal(json_array_size(json_object_get(top, "exchanges")), 1);
    mv = json_array_get(json_object_get(fish, "exchanges"), 0);
    DT_ASSERT_REL(jreal(mv, "round"), 1.0, 0.0);
    assert_string_equal(json_string_value(json_object_get(mv, "demander")),
                        "A");
    assert_string_equal(json_string_value(json_object_get(mv, "supplier")),
                        "B");
    assert_string_equal(json_string_value(json_object_get(mv, "issue_p")),
                        "fish");
    assert_string_equal(json_string_value(json_object_get(mv, "issue_q")),
                        "oil");
    DT_ASSERT_CLOSE(jreal(mv, "supplier_from"), 0.0, 0.0, 1e-12);
    DT_ASSERT_CLOSE(jreal(mv, "supplier_to"), 50.0, 0.0, 1e-9);
    DT_ASSERT_CLOSE(jreal(mv, "demander_from"), 0.0, 0.0, 1e-12);
    DT_ASSERT_CLOSE(jreal(mv, "demander_to"), 100.0, 0.0, 1e-9);
    DT_ASSERT_CLOSE(jreal(mv, "shift_p"), 50.0 / 3.0, 0.0, 1e-9);
    DT_ASSERT_CLOSE(jreal(mv, "shift_q"), 25.0, 0.0, 1e-9);
    DT_ASSERT_CLOSE(jreal(mv, "gain"), 25.0 / 3.0, 0.0, 1e-9);
    DT_ASSERT_CLOSE(jreal(mv, "externality"), 0.0, 0.0, 1e-12);
    json_decref(doc);
    run_free(&r);
    /* The table lists the exchange; `all` leaves exchange out. */
    r = run_cli("forecast tests/cli/good/exchange-2x2.yaml --model "
                "mean,exchange");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "1 exchange in 1 round (converged)"));
    assert_non_null(strstr(r.out, "round 1: A gives on oil (0.00 -> 100.00) "
                                  "to B for fish (0.00 -> 50.00)"));
    assert_non_null(strstr(r.out, "gain 8.333 each"));
    run_free(&r);
    r = run_cli("forecast tests/cli/good/exchange-2x2.yaml --format json");
    assert_int_equal(r.status, 0);
    doc = parse_json(r.out);
    assert_null(json_object_get(doc, "exchange"));
    assert_null(json_object_get(
        json_object_get(json_array_get(json_object_get(doc, "issues"), 0),
                        "models"),
        "exchange"));
    json_decref(doc);
    run_free(&r);
}

static void test_cli__usage_errors(void **state)
{
    static const struct {
        const char *args; /* command line */
        int status;       /* exit code */
        const char *msg;  /* part of stderr */
    } cases[] = {
        {"", 2, "usage"},
        {"frobnicate", 2, "'frobnicate' is not a command"},
        {"forecast", 2, "exactly one FILE"},
        {"forecast scenarios/hanoi-2019.yaml --model nash", 2,
         "unknown model 'nash'"},
        {"forecast scenarios/hanoi-2019.yaml --format xml", 2,
         "unknown format 'xml'"},
        {"forecast scenarios/hanoi-2019.yaml --rounds abc", 2,
         "--rounds expects a whole number, got 'abc'"},
        {"forecast scenarios/hanoi-2019.yaml --rounds 0", 2,
         "rounds must be between 1"},
        {"forecast scenarios/hanoi-2019.yaml --Q 2", 2,
         "Q must be between 0 and 1"},
        {"forecast scenarios/hanoi-2019.yaml --denominator both", 2,
         "--denominator expects 'pair' or 'global', got 'both'"},
        {"forecast scenarios/hanoi-2019.yaml --preset nonesuch", 2,
         "unknown preset 'nonesuch'"},
        {"forecast scenarios/hanoi-2019.yaml --bogus", 2, "--bogus"},
        {"forecast no/such/file.yaml", 4,
         "detente: cannot open 'no/such/file.yaml': No such file or "
         "directory"},
        {"validate no/such/file.csv", 4, "cannot open 'no/such/file.csv'"},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct run r = run_cli(cases[i].args);

        if (r.status != cases[i].status || !strstr(r.err, cases[i].msg))
            print_error("case '%s': exit %d, stderr: %s\n", cases[i].args,
                        r.status, r.err);
        assert_int_equal(r.status, cases[i].status);
        assert_non_null(strstr(r.err, cases[i].msg));
        run_free(&r);
    }
}

static void test_cli__help_and_version(void **state)
{
    struct run r;

    (void)state;
    r = run_cli("--version");
    assert_int_equal(r.status, 0);
    assert_true(strncmp(r.out, "detente ", 8) == 0);
    {
        /* Version, commit and features, as the library reports them. */
        char want[512];

        snprintf(want, sizeof want, "detente %s\ncommit: %s\nbuilt with: %s\n",
                 dt_version(), dt_build_commit(), dt_build_features());
        assert_string_equal(r.out, want);
        assert_non_null(strstr(dt_build_features(), "report"));
        assert_true(strcmp(dt_build_commit(), "unknown") == 0 ||
                    strspn(dt_build_commit(), "0123456789abcdef") >= 7);
    }
    run_free(&r);
    r = run_cli("--help");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "exit codes"));
    run_free(&r);
    r = run_cli("forecast --help");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "--denominator"));
    /* The model list comes from the registry plus smp and exchange. */
    assert_non_null(strstr(r.out, "mean, median, eu, nbs, smp, exchange or "
                                  "all"));
    run_free(&r);
    r = run_cli("validate --help");
    assert_int_equal(r.status, 0);
    run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cli__ec_replication_json),
        cmocka_unit_test(test_cli__ec_yaml_equals_csv),
        cmocka_unit_test(test_cli__summits_forecast),
        cmocka_unit_test(test_cli__coinciding_positions),
        cmocka_unit_test(test_cli__json_is_deterministic),
        cmocka_unit_test(test_cli__smp_threads_same_bytes),
        cmocka_unit_test(test_cli__csv_output),
        cmocka_unit_test(test_cli__require_convergence),
        cmocka_unit_test(test_cli__out_is_atomic),
        cmocka_unit_test(test_cli__exchange_by_hand),
        cmocka_unit_test(test_cli__usage_errors),
        cmocka_unit_test(test_cli__help_and_version),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
