/*
 * Benchmark of the expected-utility model, fixed seed, one core. Figures
 * go to docs/performance.md.
 * - Seconds per round on random lines of 50, 100 and 200 actors, 10
 *   rounds each (exact_rounds, so every round is played).
 * - How one forecast grows with actors (10, 30, 100, 300) and issues (1,
 *   10): every issue's line run to the stopping rule with the default
 *   options, as `detente forecast --model eu` does; best of a few runs,
 *   thread CPU time (robust on a shared machine).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <detente/detente.h>

#include "bench_util.h"

int dt_bench_eu(void);

#define BENCH_SEED   0x5eed2024u
#define BENCH_ROUNDS 10u

/* Uniform on [0, 1) with 53 random bits. */
/*
 * One run: a random line of n actors (positions on 0-100, capabilities on
 * (0, 1], saliences on [0, 1]) and BENCH_ROUNDS rounds. Prints the mean
 * and the slowest round.
 */
static int bench_one(size_t n, const char *label, dt_model_opts o)
{
    uint64_t st = BENCH_SEED ^ (uint64_t)n;
    double *x = malloc(3 * n * sizeof *x), *c = x + n, *s = c + n;
    double total = 0.0, worst = 0.0;
    dt_model *m = NULL;
    dt_line line = {0};
    dt_error err;
    unsigned r;
    size_t k;
    int rc = 1;

    if (!x)
        return 1;
    for (k = 0; k < n; k++) {
        x[k] = 100.0 * bench_uniform(&st);
        c[k] = 1.0 - bench_uniform(&st);
        s[k] = bench_uniform(&st);
    }
    line.n = n;
    line.x = x;
    line.c = c;
    line.s = s;
    o.max_rounds = BENCH_ROUNDS;
    o.exact_rounds = 1;
    if (dt_model_new(&dt_model_eu, n, &o, NULL, &m, &err) != DT_OK ||
        dt_model_init(m, &line, &err) != DT_OK)
        goto out;
    for (r = 0; r < BENCH_ROUNDS; r++) {
        double t0 = bench_now(), dt;

        if (dt_model_step(m, &err) != DT_OK)
            goto out;
        dt = bench_now() - t0;
        total += dt;
        worst = dt > worst ? dt : worst;
    }
    printf("eu %-20s n=%-4zu rounds=%u  s/round=%.6f  max=%.6f  "
           "ns/round=%.0f\n",
           label, n, BENCH_ROUNDS, total / BENCH_ROUNDS, worst,
           1e9 * total / BENCH_ROUNDS);
    rc = 0;
out:
    if (rc)
        fprintf(stderr, "dt_bench: eu n=%zu: %s\n", n, err.msg);
    dt_model_free(m);
    free(x);
    return rc;
}

/*
 * CPU time of this thread: on a shared machine it leaves out the time
 * spent waiting for a core, which wall-clock time does not.
 */
static double cpu_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* A random line of n actors for issue `issue` (same generator as above). */
static void random_line(size_t n, unsigned issue, double *x, double *c,
                        double *s)
{
    uint64_t st = BENCH_SEED ^ (uint64_t)n ^ ((uint64_t)issue << 32);
    size_t k;

    for (k = 0; k < n; k++) {
        x[k] = 100.0 * bench_uniform(&st);
        c[k] = 1.0 - bench_uniform(&st);
        s[k] = bench_uniform(&st);
    }
}

/*
 * One forecast of `issues` random lines of n actors: each line from
 * dt_model_init to the stopping rule (default options: at most 100
 * rounds, stop on convergence or a cycle). Best of `reps` runs, in CPU
 * seconds of this thread; prints the seconds per forecast, the rounds
 * played and the milliseconds per round.
 */
static int bench_forecast(size_t n, unsigned issues, unsigned reps)
{
    double *x = malloc(3 * n * sizeof *x), *c = x + n, *s = c + n;
    double best = 0.0;
    dt_model_opts o = DT_MODEL_OPTS_INIT;
    dt_model *m = NULL;
    dt_line line = {0};
    dt_error err = {0};
    unsigned rep, is, rounds = 0;
    int rc = 1;

    if (!x)
        return 1;
    if (dt_model_new(&dt_model_eu, n, &o, NULL, &m, &err) != DT_OK)
        goto out;
    line.n = n;
    line.x = x;
    line.c = c;
    line.s = s;
    for (rep = 0; rep < reps; rep++) {
        double t = 0.0;

        rounds = 0;
        for (is = 0; is < issues; is++) {
            double t0;

            random_line(n, is, x, c, s);
            t0 = cpu_now();
            if (dt_model_init(m, &line, &err) != DT_OK)
                goto out;
            while (dt_model_stop(m) == DT_STOP_NONE) {
                if (dt_model_step(m, &err) != DT_OK)
                    goto out;
                rounds++;
            }
            t += cpu_now() - t0;
        }
        best = rep == 0 || t < best ? t : best;
    }
    printf("eu forecast n=%-4zu issues=%-3u rounds=%-4u s/forecast=%.6f  "
           "ms/round=%.4f  (CPU, best of %u)\n",
           n, issues, rounds, best, 1e3 * best / rounds, reps);
    rc = 0;
out:
    if (rc)
        fprintf(stderr, "dt_bench: eu forecast n=%zu: %s\n", n, err.msg);
    dt_model_free(m);
    free(x);
    return rc;
}

int dt_bench_eu(void)
{
    static const size_t sizes[3] = {50, 100, 200};
    static const size_t fsizes[4] = {10, 30, 100, 300};
    dt_model_opts paper = DT_MODEL_OPTS_INIT, repl = DT_MODEL_OPTS_INIT;
    dt_model_opts pos = DT_MODEL_OPTS_INIT;
    size_t k;
    int rc = 0;

    dt_model_opts_preset(&repl, "scholz-replication", NULL);
    pos.risk_range = DT_EU_RISK_POSITIONS;
    for (k = 0; k < 3; k++)
        rc |= bench_one(sizes[k], "paper", paper);
    for (k = 0; k < 3; k++)
        rc |= bench_one(sizes[k], "scholz-replication", repl);
    rc |= bench_one(200, "risk_range=positions", pos);
    for (k = 0; k < 4; k++) {
        rc |= bench_forecast(fsizes[k], 1, k < 3 ? 5 : 3);
        rc |= bench_forecast(fsizes[k], 10, k < 3 ? 3 : 1);
    }
    return rc;
}
