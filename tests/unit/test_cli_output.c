/*
 * End-to-end tests of where the CLI writes (issue 18, defects 3, 9, 10):
 * -o onto a device, a FIFO, /dev/stdout, a symbolic link (the target is
 * replaced, the link kept) and '-' for every command taking -o; write
 * errors on a full device; report's stale directories after a kill and
 * no debris after SIGTERM while a report is written. Each case is a
 * shell script run with $D (the CLI), $T (a fresh directory) and $S (a
 * shipped scenario); the script exits non-zero and says why on failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dt_test.h"

static char tmpdir[] = "/tmp/dt_out_XXXXXX";

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

/* Run a bash script in a fresh $T; fail the test with its output unless
 * it exits 0. */
static void script(const char *body)
{
    char cmd[16384], log[300];
    char *text;
    int st;

    snprintf(log, sizeof log, "%s/log", tmpdir);
    snprintf(cmd, sizeof cmd,
             "rm -rf '%s/t' && mkdir '%s/t' && cd '%s/t' && D='%s' T='%s/t' "
             "S='%s/scenarios/hanoi-2019.yaml' bash -c 'set -u\n"
             "fail() { echo \"FAIL: $*\"; exit 1; }\n%s' >'%s' 2>&1",
             tmpdir, tmpdir, tmpdir, DT_CLI_PATH, tmpdir, DT_SOURCE_DIR, body,
             log);
    st = system(cmd);
    text = dt_test_slurp(log, NULL);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
        fail_msg("script failed:\n%s\n--- output:\n%s", body,
                 text ? text : "(none)");
    free(text);
}

/* /dev/null stays a device, a FIFO stays a FIFO and its reader gets the
 * bytes, /dev/stdout goes to standard output (also when that is a file). */
static void test_cli_output__special_files(void **state)
{
    (void)state;
    script("$D forecast $S > want || fail forecast\n"
           "$D forecast $S -o /dev/null || fail /dev/null exit\n"
           "test -c /dev/null || fail /dev/null is no longer a device\n"
           "mkfifo ff; cat ff > got & $D forecast $S -o ff || fail fifo\n"
           "wait; test -p ff || fail the FIFO was replaced\n"
           "cmp want got || fail FIFO reader got other bytes\n"
           "$D forecast $S -o /dev/stdout > got2 || fail /dev/stdout\n"
           "cmp want got2 || fail /dev/stdout bytes\n"
           "$D forecast $S -o /dev/fd/1 | cat > got3 || fail /dev/fd/1\n"
           "cmp want got3 || fail /dev/fd/1 bytes\n"
           "test -z \"$(ls -A /dev | grep -E \"^(null|stdout)\\.\")\" || "
           "fail debris in /dev\n"
           "mkdir d; $D forecast $S -o d 2> err; test $? = 4 || fail dir\n"
           "grep -q \"is a directory\" err || fail dir message\n");
}

/* A symbolic link is kept and its target replaced (in the target's
 * directory, also through a dangling link and a chain of two). */
static void test_cli_output__symlinks(void **state)
{
    (void)state;
    script("$D forecast $S > want\n"
           "mkdir sub; ln -s sub/target lnk; ln -s lnk lnk2\n"
           "$D forecast $S -o lnk2 || fail dangling chain\n"
           "test -L lnk && test -L lnk2 || fail link replaced\n"
           "test -f sub/target && cmp want sub/target || fail target\n"
           "echo old > sub/target; chmod 640 sub/target\n"
           "$D forecast $S -o lnk || fail existing target\n"
           "cmp want sub/target || fail target not replaced\n"
           "test \"$(stat -c %a sub/target)\" = 640 || fail mode lost\n"
           "test \"$(ls -A sub | wc -l)\" = 1 || fail debris in sub\n"
           "test \"$(ls -A | wc -l)\" = 4 || fail debris here\n"
           "ln -s real rl; $D report $S -o rl 2>/dev/null || fail report\n"
           "test -L rl && test -f real/index.html || fail report link\n");
}

/* '-' is standard output for every command that writes a file; the
 * directory writers refuse it. */
static void test_cli_output__dash(void **state)
{
    (void)state;
    script("G=$(dirname $S)/../tests/game\n"
           "for c in \"forecast $S\" \"analyze $S\" \"compare $S $S\" "
           "\"diff $S $S --model mean\" "
           "\"game $G/ultimatum.efg\" \"sequence $G/sequence-example.yaml\" "
           "\"sweep $S --draws 3 --seed 1 --quiet\" "
           "\"plot positions $S --format svg\"; do\n"
           "  $D $c -o - > out 2> err || fail \"$c -o -: $(cat err)\"\n"
           "  test -s out || fail \"$c -o - wrote nothing\"\n"
           "  test ! -e ./- || fail \"$c wrote a file named -\"\n"
           "done\n"
           "$D report $S -o - 2> err; test $? = 2 || fail report -o -\n"
           "grep -q \"standard output\" err || fail report message\n"
           "$D backtest x --out - 2> err; test $? = 2 || fail backtest\n"
           "$D sweep $S --draws 2 --checkpoint - 2>err; test $? = 2 || "
           "fail checkpoint -\n");
}

/* Write errors are exit 4 with a message, for every command. */
static void test_cli_output__full_device(void **state)
{
    (void)state;
    script("G=$(dirname $S)/../tests/game\n"
           "B=$(dirname $S)/../tests/data/deu3/issues-dev.csv\n"
           "for c in \"--help\" \"--version\" \"forecast --help\" "
           "\"forecast $S\" \"validate $S\" \"analyze $S\" "
           "\"compare $S $S\" \"diff $S $S --model mean\" "
           "\"diff $S $S --model mean --format json\" "
           "\"game $G/ultimatum.efg\" "
           "\"sequence $G/sequence-example.yaml\" "
           "\"sweep $S --draws 3 --seed 1 --quiet\" "
           "\"plot positions $S --format svg\" \"backtest $B --seed 1\" "
           "\"backtest $B --seed 1 --format json\"; do\n"
           "  $D $c > /dev/full 2> err; rc=$?\n"
           "  test $rc = 4 || fail \"$c > /dev/full: exit $rc\"\n"
           "  grep -q \"cannot write\" err || fail \"$c: no message\"\n"
           "  $D $c -o /dev/full > /dev/null 2> err; rc=$?\n"
           "  case \"$c\" in -*|*--help|validate*|backtest*) continue;; esac\n"
           "  test $rc = 4 || fail \"$c -o /dev/full: exit $rc\"\n"
           "  grep -q \"cannot write\" err || fail \"$c -o: no message\"\n"
           "done\n");
}

/*
 * report: what a SIGKILL between the two renames of --force left (the
 * old report moved aside, DIR missing) is restored on the next run, a
 * half-written temporary directory removed; SIGTERM or SIGHUP while the
 * report is written leaves no temporary directory and the old report in
 * place (not SIGINT: bash starts background jobs with it ignored).
 */
static void test_cli_output__report_debris(void **state)
{
    (void)state;
    script("$D report $S -o r 2>/dev/null || fail first report\n"
           "mv r .r.old-AbC123; mkdir .r.tmp-XyZ789\n"
           "$D report $S -o r --force 2> err || fail second report\n"
           "grep -q restored err || fail no restore note\n"
           "test -f r/index.html || fail r missing\n"
           "test -z \"$(ls -A | grep -E \"^\\.r\\.\")\" || fail stale dirs\n"
           "A=$(dirname $S)/anchorage-2025.yaml\n"
           "for sig in TERM HUP; do\n"
           "  $D report $A -o r --force --draws 2000 --seed 1 --threads 1 "
           "2>/dev/null & p=$!\n"
           "  n=0; until ls -d .r.tmp-* >/dev/null 2>&1; do\n"
           "    sleep 0.005; n=$((n+1)); test $n -lt 4000 || fail never\n"
           "  done\n"
           "  kill -$sig $p; wait $p; rc=$?\n"
           "  test $rc -gt 128 || fail \"not killed by $sig ($rc)\"\n"
           "  test -z \"$(ls -A | grep -E \"^\\.r\\.\")\" || "
           "fail \"debris after $sig: $(ls -A)\"\n"
           "  test -f r/index.html -a -f r/report.pdf || fail old report\n"
           "done\n");
}

/*
 * Out of memory (defect 5) is exit 5 with where and how much: a sweep
 * whose draws cannot fit under a 400 MB address-space limit, every draw
 * kept (--memory 0; the default budget would stream most of them).
 * (Skipped under AddressSanitizer, which cannot start under such a
 * limit.)
 */
static void test_cli_output__out_of_memory(void **state)
{
    (void)state;
    script("grep -q __asan_init \"$D\" && exit 0\n"
           "(ulimit -v 400000; exec $D sweep $S --draws 5000000 --seed 1 "
           "--memory 0 --quiet) > /dev/null 2> err; rc=$?\n"
           "test $rc = 5 || fail \"exit $rc: $(cat err)\"\n"
           "grep -Eq \"out of memory in [a-z_]+: a request for [0-9]+ bytes "
           "\\([0-9.]+ GiB\\) failed\" err || fail \"$(cat err)\"\n");
}

/*
 * The longest strings a scenario may hold (issue 18, defect 4: a 50 MB
 * name made report take 5.4 GB): names of 256 bytes and notes and
 * descriptions of 16 KiB make a report within 1 GB of address space;
 * one byte more is refused with its place (tests/cli/bad/ *_too_long).
 */
static void test_cli_output__max_length_report(void **state)
{
    (void)state;
    script("grep -q __asan_init \"$D\" && exit 0\n"
           "python3 - <<EOF\n"
           "N = \"N\" * 256\n"
           "T = (\"lorem ipsum \" * 1400)[:16384]\n"
           "I = \"i\" * 256\n"
           "X = \"x\" * 254\n"
           "s = f\"name: {N}\\ndescription: {T}\\nissues:\\n  - id: {I}\\n"
           "    name: {N}\\n    low: {N}\\n    high: {N}\\n    note: {T}\\n"
           "    status_quo: 20\\nactors:\\n\"\n"
           "for k in range(3):\n"
           "    s += f\"  - id: a{k}{X}\\n    name: {N}\\n"
           "    note: {T}\\n    capability: {k + 1}\\n    issues:\\n"
           "      {I}: {{position: {10 + 30 * k}, salience: 80}}\\n\"\n"
           "open(\"max.yaml\", \"w\").write(s)\n"
           "EOF\n"
           "$D validate max.yaml > /dev/null || fail validate\n"
           "(ulimit -v 1000000; exec $D report max.yaml -o r) 2> err || "
           "fail \"report: $(cat err)\"\n"
           "test -s r/report.pdf || fail no pdf\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cli_output__special_files),
        cmocka_unit_test(test_cli_output__symlinks),
        cmocka_unit_test(test_cli_output__dash),
        cmocka_unit_test(test_cli_output__full_device),
        cmocka_unit_test(test_cli_output__report_debris),
        cmocka_unit_test(test_cli_output__out_of_memory),
        cmocka_unit_test(test_cli_output__max_length_report),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
