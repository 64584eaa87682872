/*
 * End-to-end tests of `detente sweep`: byte-identical outputs across
 * thread counts, kill-and-resume with --checkpoint, Ctrl-C, and the
 * usage errors. (mpirun -np 2 vs one process: tests/cli/sweep_mpi.sh,
 * registered when CMake finds MPI.)
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dt_test.h"

struct run {
    int status; /* exit code */
    char *out;  /* stdout */
    char *err;  /* stderr */
};

static char tmpdir[] = "/tmp/dt_sweep_XXXXXX";

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

/* Run a shell line with $D (the CLI) and $T (the temp dir) set. */
static struct run sh(const char *line)
{
    char cmd[8192], out[300], err[300];
    struct run r;
    int st;

    snprintf(out, sizeof out, "%s/stdout", tmpdir);
    snprintf(err, sizeof err, "%s/stderr", tmpdir);
    snprintf(cmd, sizeof cmd,
             "cd '%s' && D='%s' T='%s' && export D T && (%s) >'%s' 2>'%s'",
             DT_SOURCE_DIR, DT_CLI_PATH, tmpdir, line, out, err);
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

static char *slurp_tmp(const char *name)
{
    char p[300];

    snprintf(p, sizeof p, "%s/%s", tmpdir, name);
    return dt_test_slurp(p, NULL);
}

#define SWEEP "$D sweep scenarios/anchorage-2025.yaml --seed 99 --quiet "

/* JSON, CSV, table and --draws-out are the same bytes on 1, 2, 7 threads. */
static void test_sweep_cli__threads_byte_identical(void **state)
{
    static const char *const fmts[] = {"json", "csv", "table"};
    size_t f;

    (void)state;
    for (f = 0; f < 3; f++) {
        char line[1024], *a, *b, *c;
        struct run r;

        snprintf(line, sizeof line,
                 SWEEP "--draws 70 --drop-each --format %s --threads 1 -o "
                       "$T/o1 --draws-out $T/d1.csv && " SWEEP
                       "--draws 70 --drop-each --format %s --threads 2 -o "
                       "$T/o2 --draws-out $T/d2.csv && " SWEEP
                       "--draws 70 --drop-each --format %s --threads 7 -o "
                       "$T/o7 --draws-out $T/d7.csv",
                 fmts[f], fmts[f], fmts[f]);
        r = sh(line);
        assert_int_equal(r.status, 0);
        run_free(&r);
        a = slurp_tmp("o1");
        b = slurp_tmp("o2");
        c = slurp_tmp("o7");
        assert_non_null(a);
        assert_string_equal(a, b);
        assert_string_equal(a, c);
        free(a);
        free(b);
        free(c);
        a = slurp_tmp("d1.csv");
        b = slurp_tmp("d2.csv");
        c = slurp_tmp("d7.csv");
        assert_string_equal(a, b);
        assert_string_equal(a, c);
        /* 70 draws + header; the seed is in every row. */
        {
            size_t lines = 0;
            const char *p;

            for (p = a; *p; p++)
                lines += *p == '\n';
            assert_int_equal(lines, 71);
            assert_true(strncmp(a, "seed,draw,", 10) == 0);
            assert_non_null(strstr(a, "\n99,69,"));
        }
        free(a);
        free(b);
        free(c);
    }
}

/* The JSON document: seed, counts, and a sane structure. */
static void test_sweep_cli__json_document(void **state)
{
    struct run r;
    json_t *doc, *issues;
    json_error_t je;

    (void)state;
    r = sh(SWEEP "--draws 40 --format json --threads 2");
    assert_int_equal(r.status, 0);
    doc = json_loads(r.out, 0, &je);
    assert_non_null(doc);
    assert_int_equal(json_integer_value(json_object_get(doc, "seed")), 99);
    assert_int_equal(json_integer_value(json_object_get(doc, "draws_done")),
                     40);
    assert_true(json_is_true(json_object_get(doc, "complete")));
    issues = json_object_get(doc, "issues");
    assert_int_equal(json_array_size(issues), 5);
    assert_true(json_is_object(json_object_get(doc, "analysis")));
    /* The seed is printed on stderr even with --quiet. */
    assert_non_null(strstr(r.err, "seed 99"));
    json_decref(doc);
    run_free(&r);
}

/*
 * Kill and resume: the test hook DT_TEST_KILL_AFTER makes the process
 * SIGKILL itself right after a checkpoint of at least 50 draws; the
 * second run resumes from it and must end with the same bytes as an
 * uninterrupted run (and no output file may exist after the kill).
 */
static void test_sweep_cli__checkpoint_kill_resume(void **state)
{
    struct run r;
    char *a, *b;
    struct stat stt;
    char p[300];

    struct stat ck1, ck2;
    char ck[300];

    (void)state;
    snprintf(ck, sizeof ck, "%s/ck", tmpdir);
    r = sh("DT_TEST_KILL_AFTER=50 " SWEEP "--draws 300 --threads 2 --format "
           "json --checkpoint $T/ck -o $T/resumed.json");
    assert_int_equal(r.status, 128 + 9); /* killed by SIGKILL */
    run_free(&r);
    snprintf(p, sizeof p, "%s/resumed.json", tmpdir);
    assert_int_not_equal(stat(p, &stt), 0);
    assert_int_equal(stat(ck, &ck1), 0);
    /* Killed again after 50 more: the checkpoint grew by appends (same
     * file, not a rewritten copy). */
    r = sh("DT_TEST_KILL_AFTER=50 " SWEEP "--draws 300 --threads 2 --format "
           "json --checkpoint $T/ck -o $T/resumed.json");
    assert_int_equal(r.status, 128 + 9);
    run_free(&r);
    assert_int_equal(stat(ck, &ck2), 0);
    assert_true(ck2.st_ino == ck1.st_ino);
    assert_true(ck2.st_size > ck1.st_size);
    r = sh(SWEEP "--draws 300 --threads 2 --format json --checkpoint $T/ck "
                 "-o $T/resumed.json");
    assert_int_equal(r.status, 0);
    run_free(&r);
    r = sh(SWEEP "--draws 300 --threads 1 --format json -o $T/whole.json");
    assert_int_equal(r.status, 0);
    run_free(&r);
    a = slurp_tmp("resumed.json");
    b = slurp_tmp("whole.json");
    assert_non_null(a);
    assert_non_null(b);
    assert_string_equal(a, b);
    free(a);
    free(b);
    /* A checkpoint of another sweep is refused. */
    r = sh(SWEEP "--draws 301 --format json --checkpoint $T/ck");
    assert_int_equal(r.status, 4);
    assert_non_null(strstr(r.err, "belongs to another sweep"));
    run_free(&r);
    /* An append cut short (the last entry incomplete) is dropped: the
     * run recomputes that draw and ends with the same bytes. */
    r = sh("cp $T/ck $T/torn && truncate -s -5 $T/torn && " SWEEP
           "--draws 300 --threads 2 --format json --checkpoint $T/torn "
           "-o $T/torn.json && cmp $T/torn.json $T/whole.json");
    assert_int_equal(r.status, 0);
    run_free(&r);
    /* One flipped byte in a draw's record is refused, not used. */
    r = sh("cp $T/ck $T/flip && printf '\\377' | dd of=$T/flip bs=1 "
           "seek=$(( $(head -1 $T/ck | wc -c) + 8 + 3 )) conv=notrunc "
           "2>/dev/null && " SWEEP
           "--draws 300 --format json --checkpoint $T/flip -o $T/flip.json");
    assert_int_equal(r.status, 4);
    assert_non_null(strstr(r.err, "is damaged (entry 1 at byte"));
    run_free(&r);
    snprintf(p, sizeof p, "%s/flip.json", tmpdir);
    assert_int_not_equal(stat(p, &stt), 0);
}

/* Ctrl-C: exit 130, the finished draws written with a note. */
static void test_sweep_cli__sigint_writes_partial(void **state)
{
    struct run r;
    char *out;
    json_t *doc;
    json_error_t je;

    (void)state;
    r = sh("$D sweep scenarios/hanoi-2019.yaml --seed 5 --draws 300000 "
           "--threads 2 --format json -o $T/part.json 2>$T/log & p=$!; "
           "while ! grep -q seed $T/log; do sleep 0.1; done; sleep 0.5; "
           "kill -INT $p; wait $p; echo $? > $T/rc");
    run_free(&r);
    out = slurp_tmp("rc");
    assert_int_equal(atoi(out), 130);
    free(out);
    out = slurp_tmp("part.json");
    assert_non_null(out);
    doc = json_loads(out, 0, &je);
    assert_non_null(doc);
    assert_true(json_is_false(json_object_get(doc, "complete")));
    assert_non_null(json_object_get(doc, "note"));
    assert_true(json_integer_value(json_object_get(doc, "draws_done")) > 0);
    json_decref(doc);
    free(out);
}

static json_t *load_tmp_json(const char *name)
{
    char *s = slurp_tmp(name);
    json_error_t je;
    json_t *doc;

    assert_non_null(s);
    doc = json_loads(s, 0, &je);
    free(s);
    assert_non_null(doc);
    return doc;
}

static json_t *issue_stats(json_t *doc, size_t i, const char *part)
{
    json_t *x = json_object_get(
        json_array_get(json_object_get(doc, "issues"), i), part);

    if (json_object_get(x, "eu"))
        x = json_object_get(x, "eu");
    assert_non_null(x);
    return x;
}

static double num(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);

    assert_true(json_is_number(v));
    return json_number_value(v);
}

/*
 * --memory small enough to keep 40-odd of 400 draws: the same bytes on 1
 * and 2 threads; draws_kept says how many were kept and the quantiles
 * are exactly those of a sweep of only that many draws (the kept draws
 * are draws 0..K-1, the same in both); n, P(zone) and the red lines
 * over all 400 equal those of a sweep keeping every draw (counts), the
 * means and sds agree to rounding; --draws-out has the kept draws. A
 * budget that holds every draw changes no byte and adds no key.
 */
static void test_sweep_cli__memory_streams(void **state)
{
    struct run r;
    json_t *a, *all, *first, *an, *an_all;
    size_t kept, i, k;
    char line[1024], *p, *q;
    static const char *const qs[] = {"q05", "q25", "q50", "q75", "q95"};

    (void)state;
    r = sh(SWEEP "--draws 400 --memory 80K --format json --threads 1 -o "
                 "$T/m1.json --draws-out $T/m1.csv && " SWEEP
                 "--draws 400 --memory 80K --format json --threads 2 -o "
                 "$T/m2.json && " SWEEP
                 "--draws 400 --memory 0 --format json -o $T/all.json && " SWEEP
                 "--draws 400 --memory 1G --format json -o $T/big.json");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "streamed into exact sums"));
    run_free(&r);
    p = slurp_tmp("m1.json");
    q = slurp_tmp("m2.json");
    assert_string_equal(p, q);
    free(p);
    free(q);
    p = slurp_tmp("all.json");
    q = slurp_tmp("big.json");
    assert_string_equal(p, q);
    assert_null(strstr(p, "draws_kept"));
    free(p);
    free(q);
    a = load_tmp_json("m1.json");
    all = load_tmp_json("all.json");
    kept = (size_t)json_integer_value(json_object_get(a, "draws_kept"));
    assert_true(kept >= 10 && kept < 100);
    assert_int_equal(json_integer_value(json_object_get(a, "draws_done")), 400);
    snprintf(line, sizeof line,
             SWEEP "--draws %zu --format json --threads 2 -o $T/first.json",
             kept);
    r = sh(line);
    assert_int_equal(r.status, 0);
    run_free(&r);
    first = load_tmp_json("first.json");
    for (i = 0; i < 5; i++) {
        json_t *x = issue_stats(a, i, "forecast");
        json_t *y = issue_stats(all, i, "forecast");
        json_t *z = issue_stats(first, i, "forecast");

        for (k = 0; k < 5; k++)
            assert_true(num(x, qs[k]) == num(z, qs[k]));
        assert_true(num(x, "n") == 400 && num(y, "n") == 400);
        DT_ASSERT_REL(num(x, "mean"), num(y, "mean"), 1e-12);
        DT_ASSERT_REL(num(x, "sd"), num(y, "sd"), 1e-9);
        x = issue_stats(a, i, "deal");
        y = issue_stats(all, i, "deal");
        assert_true(num(x, "n") == num(y, "n"));
        DT_ASSERT_REL(num(x, "mean"), num(y, "mean"), 1e-12);
    }
    an = json_object_get(a, "analysis");
    an_all = json_object_get(all, "analysis");
    assert_true(json_equal(json_object_get(an, "p_zone"),
                           json_object_get(an_all, "p_zone")));
    assert_non_null(json_object_get(an, "p_red_line_crossed"));
    assert_true(json_equal(json_object_get(an, "p_red_line_crossed"),
                           json_object_get(an_all, "p_red_line_crossed")));
    json_decref(a);
    json_decref(all);
    json_decref(first);
    /* --draws-out: header and the kept draws only. */
    p = slurp_tmp("m1.csv");
    for (i = 0, q = p; *q; q++)
        i += *q == '\n';
    assert_int_equal(i, kept + 1);
    free(p);
}

/*
 * Kill and resume while streaming: the checkpoint holds the kept draws
 * and snapshots of the streamed sums; the resumed run ends with the same
 * bytes as an uninterrupted one; another --memory is another sweep.
 */
static void test_sweep_cli__memory_checkpoint_resume(void **state)
{
    struct run r;
    char *a, *b;

    (void)state;
    r = sh("DT_TEST_KILL_AFTER=150 " SWEEP
           "--draws 500 --memory 80K --threads 2 --format json "
           "--checkpoint $T/mck -o $T/mres.json");
    assert_int_equal(r.status, 128 + 9);
    run_free(&r);
    r = sh(SWEEP "--draws 500 --memory 80K --threads 2 --format json "
                 "--checkpoint $T/mck -o $T/mres.json && " SWEEP
                 "--draws 500 --memory 80K --threads 1 --format json "
                 "-o $T/mwhole.json");
    assert_int_equal(r.status, 0);
    run_free(&r);
    a = slurp_tmp("mres.json");
    b = slurp_tmp("mwhole.json");
    assert_non_null(a);
    assert_non_null(b);
    assert_string_equal(a, b);
    assert_non_null(strstr(a, "\"draws_kept\""));
    free(a);
    free(b);
    r = sh(SWEEP "--draws 500 --memory 60K --format json --checkpoint $T/mck");
    assert_int_equal(r.status, 4);
    assert_non_null(strstr(r.err, "belongs to another sweep"));
    run_free(&r);
}

/*
 * A billion draws in 64 MiB: set up at once (the old code tried to hold
 * every draw and failed or swapped), the estimate printed, and Ctrl-C
 * after the first draws exits 130 promptly with the partial results.
 */
static void test_sweep_cli__huge_draws_interruptible(void **state)
{
    struct run r;
    char *out;
    json_t *doc;

    (void)state;
    r = sh("$D sweep scenarios/hanoi-2019.yaml --seed 5 --draws 1000000000 "
           "--memory 64M --model mean --analysis off --threads 2 --format "
           "json -o $T/huge.json 2>$T/hlog & p=$!; "
           "while ! grep -q 'memory:' $T/hlog; do sleep 0.1; done; "
           "sleep 0.5; t0=$(date +%s); kill -INT $p; wait $p; "
           "echo $? > $T/hrc; echo $(( $(date +%s) - t0 )) > $T/hsecs");
    run_free(&r);
    out = slurp_tmp("hrc");
    assert_int_equal(atoi(out), 130);
    free(out);
    out = slurp_tmp("hsecs");
    assert_true(atoi(out) < 30);
    free(out);
    out = slurp_tmp("hlog");
    assert_non_null(strstr(out, "streamed into exact sums"));
    free(out);
    doc = load_tmp_json("huge.json");
    assert_true(json_is_false(json_object_get(doc, "complete")));
    assert_true(json_integer_value(json_object_get(doc, "draws_done")) > 0);
    assert_non_null(json_object_get(doc, "note"));
    json_decref(doc);
}

static void test_sweep_cli__usage_errors(void **state)
{
    struct run r;

    (void)state;
    r = sh("$D sweep scenarios/hanoi-2019.yaml --draws 0");
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--draws must be at least 1"));
    run_free(&r);
    r = sh("$D sweep scenarios/hanoi-2019.yaml --draws 4 --threads 8");
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "more than --draws 4"));
    run_free(&r);
    r = sh("$D sweep scenarios/hanoi-2019.yaml --seed -1");
    assert_int_equal(r.status, 2);
    run_free(&r);
    r = sh("$D sweep scenarios/hanoi-2019.yaml --model nope");
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "unknown model 'nope'"));
    run_free(&r);
    r = sh("$D sweep tests/cli/bad/sweep_negative_sd.yaml --draws 5");
    assert_int_equal(r.status, 3);
    assert_non_null(strstr(r.err, "sweep_negative_sd.yaml:12:35:"));
    run_free(&r);
    r = sh("$D sweep no-such-file.yaml --draws 5");
    assert_int_equal(r.status, 4);
    run_free(&r);
    r = sh("$D sweep scenarios/hanoi-2019.yaml --memory 12X");
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--memory expects a number of bytes"));
    run_free(&r);
    r = sh("$D sweep scenarios/hanoi-2019.yaml --memory 99999999999999T");
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--memory is out of range"));
    run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sweep_cli__threads_byte_identical),
        cmocka_unit_test(test_sweep_cli__json_document),
        cmocka_unit_test(test_sweep_cli__checkpoint_kill_resume),
        cmocka_unit_test(test_sweep_cli__sigint_writes_partial),
        cmocka_unit_test(test_sweep_cli__memory_streams),
        cmocka_unit_test(test_sweep_cli__memory_checkpoint_resume),
        cmocka_unit_test(test_sweep_cli__huge_draws_interruptible),
        cmocka_unit_test(test_sweep_cli__usage_errors),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
