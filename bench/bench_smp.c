/*
 * Benchmark of KTAB's spatial model of politics: seconds per turn on
 * random scenarios of 20, 40, 80, 160 and 320 actors (1 and 3
 * dimensions, 5 turns each, the stopping rule off), and whole runs of
 * KTAB's two shipped examples. Figures go to docs/performance.md.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <detente/detente.h>

#include "bench_util.h"

#ifndef DT_BENCH_DATA
#define DT_BENCH_DATA "tests/data"
#endif

int dt_bench_smp(void);

#define BENCH_SEED  0x5eed2024u
#define BENCH_TURNS 5u

/* Seconds per turn on a random n x d space. */
static int per_turn(size_t n, size_t d, uint64_t *seed, unsigned threads)
{
    dt_smp_opts o = DT_SMP_OPTS_INIT;
    dt_space *sp = NULL;
    dt_smp *m = NULL;
    dt_error err;
    double t0, t1, t2;
    size_t i, k;
    unsigned t;

    if (dt_space_new(n, d, NULL, &sp, &err) != DT_OK)
        return 1;
    for (i = 0; i < n; i++) {
        double tot = 0.0;

        sp->c[i] = 10.0 + 90.0 * bench_uniform(seed);
        for (k = 0; k < d; k++) {
            sp->x[i * d + k] = bench_uniform(seed);
            sp->s[i * d + k] = 0.1 + bench_uniform(seed);
            tot += sp->s[i * d + k];
        }
        for (k = 0; k < d; k++) /* row sums in (0, 1] */
            sp->s[i * d + k] *= (0.5 + 0.5 * bench_uniform(seed)) / tot;
    }
    o.max_turns = BENCH_TURNS;
    o.stop_ratio = 0.0; /* play every turn */
    o.threads = threads;
    t0 = bench_now();
    if (dt_smp_new(sp, &o, &m, &err) != DT_OK) {
        fprintf(stderr, "bench smp: %s\n", err.msg);
        dt_space_free(sp);
        return 1;
    }
    t1 = bench_now();
    for (t = 0; t < BENCH_TURNS; t++)
        dt_smp_step(m, &err);
    t2 = bench_now();
    printf("smp  n=%-4zu d=%zu threads=%u  init %9.6f s  per turn %9.6f s\n", n,
           d, threads, t1 - t0, (t2 - t1) / BENCH_TURNS);
    dt_smp_free(m);
    dt_space_free(sp);
    return 0;
}

/* A whole run (load, space, run to the stopping rule) of a KTAB file. */
static int example(const char *path)
{
    dt_smp_opts o = DT_SMP_OPTS_INIT;
    dt_scenario *sc = NULL;
    dt_space *sp = NULL;
    dt_smp *m = NULL;
    dt_error err;
    double t0, t1, best = 1e9;
    int rep, rc = 0;

    for (rep = 0; rep < 20 && rc == 0; rep++) {
        t0 = bench_now();
        if (dt_scenario_load(path, NULL, &sc, &err) != DT_OK ||
            dt_space_from_scenario(sc, 0, &sp, &err) != DT_OK ||
            dt_smp_new(sp, &o, &m, &err) != DT_OK) {
            fprintf(stderr, "bench smp: %s: %s\n", path, err.msg);
            rc = 1;
        } else {
            dt_smp_run(m, &err);
            t1 = bench_now();
            if (t1 - t0 < best)
                best = t1 - t0;
            if (rep == 0)
                printf("smp  %s: %u turns\n", path, dt_smp_turns(m));
        }
        dt_smp_free(m);
        dt_space_free(sp);
        dt_scenario_free(sc);
        m = NULL, sp = NULL, sc = NULL;
    }
    if (rc == 0)
        printf("smp  %s: whole run %9.6f s (best of 20)\n", path, best);
    return rc;
}

int dt_bench_smp(void)
{
    static const size_t sizes[] = {20, 40, 80, 160, 320};
    uint64_t seed = BENCH_SEED;
    size_t i;
    int rc = 0;

    rc |= example(DT_BENCH_DATA "/ktab/dummyData_3Dim.csv");
    rc |= example(DT_BENCH_DATA "/ktab/SOE-Pol-Comp.csv");
    for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        uint64_t again = seed; /* the same actors for both thread counts */

        rc |= per_turn(sizes[i], 1, &seed, 1);
        rc |= per_turn(sizes[i], 1, &again, 2);
        again = seed;
        rc |= per_turn(sizes[i], 3, &seed, 1);
        rc |= per_turn(sizes[i], 3, &again, 2);
    }
    return rc;
}
