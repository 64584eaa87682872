/*
 * Benchmark of the expected-utility model: seconds per round on random
 * lines of 50, 100 and 200 actors, 10 rounds each (exact_rounds, so every
 * round is played), fixed seed. Figures go to docs/performance.md.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <detente/detente.h>

int dt_bench_eu(void);

#define BENCH_SEED   0x5eed2024u
#define BENCH_ROUNDS 10u

/* splitmix64 (Steele, Lea and Flood 2014): enough for test inputs. */
static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* Uniform on [0, 1) with 53 random bits. */
static double uniform(uint64_t *state)
{
    return (double)(splitmix64(state) >> 11) * 0x1.0p-53;
}

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

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
        x[k] = 100.0 * uniform(&st);
        c[k] = 1.0 - uniform(&st);
        s[k] = uniform(&st);
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
        double t0 = now(), dt;

        if (dt_model_step(m, &err) != DT_OK)
            goto out;
        dt = now() - t0;
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

int dt_bench_eu(void)
{
    static const size_t sizes[3] = {50, 100, 200};
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
    return rc;
}
