/*
 * Benchmark of the Monte Carlo sweep (dt_sweep): draws per second per
 * core of the eu model on scenarios/anchorage-2025.yaml (with and
 * without the summit analysis per draw) and on random scenarios, how the
 * rate falls with actors (10, 30, 100, 300) and issues (1, 3, 10), and
 * the speed-up of 2 threads over 1. Each figure runs slices of draws,
 * doubling, until a second has passed; the built-in default uncertainty
 * applies. Figures go to docs/performance.md ("Sweep").
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <detente/detente.h>

#include "bench_util.h"

#ifndef DT_SOURCE_DIR_BENCH
#define DT_SOURCE_DIR_BENCH "."
#endif

int dt_bench_sweep(void);

/* A random scenario of n actors and m issues, as YAML text. */
static dt_scenario *random_scenario(size_t n, size_t m, uint64_t seed)
{
    size_t cap = 256 + n * (64 + m * 64) + m * 64, len = 0, a, i;
    char *buf = malloc(cap);
    dt_scenario *sc = NULL;
    dt_error err;

    if (!buf)
        return NULL;
    len += (size_t)snprintf(buf + len, cap - len, "name: random\nissues:\n");
    for (i = 0; i < m; i++)
        len +=
            (size_t)snprintf(buf + len, cap - len,
                             "  - {id: q%zu, name: q%zu, status_quo: %.1f}\n",
                             i, i, 100.0 * bench_uniform(&seed));
    len += (size_t)snprintf(buf + len, cap - len, "actors:\n");
    for (a = 0; a < n; a++) {
        len += (size_t)snprintf(buf + len, cap - len,
                                "  - id: a%zu\n    name: a%zu\n"
                                "    capability: %.2f\n    issues:\n",
                                a, a, 1.0 + 99.0 * bench_uniform(&seed));
        for (i = 0; i < m; i++)
            len += (size_t)snprintf(
                buf + len, cap - len,
                "      q%zu: {position: %.2f, salience: %.2f}\n", i,
                100.0 * bench_uniform(&seed), 100.0 * bench_uniform(&seed));
    }
    if (dt_scenario_parse(buf, len, "random.yaml", DT_FORMAT_YAML, NULL, &sc,
                          &err) != DT_OK)
        fprintf(stderr, "bench_sweep: %s\n", err.msg);
    free(buf);
    return sc;
}

/* Draws per second of eu on sc with `threads` workers. */
static double rate(const dt_scenario *sc, unsigned threads, int analysis,
                   double budget)
{
    dt_sweep_opts o = DT_SWEEP_OPTS_INIT;
    dt_sweep *s = NULL;
    dt_error err;
    size_t done = 0, chunk = 2 * threads, cap;
    double t0, t;

    o.n_draws = 1;
    o.threads = threads;
    o.seed = 1;
    o.analysis = analysis ? DT_SWEEP_ANALYSIS_AUTO : DT_SWEEP_ANALYSIS_OFF;
    if (dt_sweep_new(sc, &o, &s, &err) != DT_OK) {
        fprintf(stderr, "bench_sweep: %s\n", err.msg);
        return 0.0;
    }
    /* At most 256 MB of per-draw records. */
    cap = (256u << 20) / (8 * dt_sweep_record_size(s));
    if (cap > (1u << 20))
        cap = 1u << 20;
    dt_sweep_free(s);
    o.n_draws = cap;
    if (dt_sweep_new(sc, &o, &s, &err) != DT_OK) {
        fprintf(stderr, "bench_sweep: %s\n", err.msg);
        return 0.0;
    }
    t0 = bench_now();
    do {
        if (done + chunk > cap)
            break;
        if (dt_sweep_run(s, done, done + chunk, &err) != DT_OK) {
            fprintf(stderr, "bench_sweep: %s\n", err.msg);
            break;
        }
        done += chunk;
        chunk *= 2;
        t = bench_now() - t0;
    } while (t < budget);
    t = bench_now() - t0;
    dt_sweep_free(s);
    return (double)done / t;
}

int dt_bench_sweep(void)
{
    static const size_t actors[] = {10, 30, 100, 300};
    static const size_t issues[] = {1, 3, 10};
    dt_scenario *sc = NULL;
    dt_error err;
    double r1, r2;
    size_t k;

    if (dt_scenario_load(DT_SOURCE_DIR_BENCH "/scenarios/anchorage-2025.yaml",
                         NULL, &sc, &err) != DT_OK) {
        fprintf(stderr, "bench_sweep: %s\n", err.msg);
        return 1;
    }
    printf("sweep (eu model, default uncertainty), draws per second\n");
    r1 = rate(sc, 1, 0, 2.0);
    r2 = rate(sc, 2, 0, 2.0);
    printf("  anchorage, forecasts only:   1 thread %9.0f   2 threads %9.0f"
           "   speed-up %.2f\n",
           r1, r2, r2 / r1);
    r1 = rate(sc, 1, 1, 2.0);
    r2 = rate(sc, 2, 1, 2.0);
    printf("  anchorage, with analysis:    1 thread %9.0f   2 threads %9.0f"
           "   speed-up %.2f\n",
           r1, r2, r2 / r1);
    dt_scenario_free(sc);
    sc = random_scenario(30, 10, 30);
    if (sc) {
        r1 = rate(sc, 1, 0, 2.0);
        r2 = rate(sc, 2, 0, 2.0);
        printf("  random 30 x 10:              1 thread %9.0f   2 threads "
               "%9.0f   speed-up %.2f\n",
               r1, r2, r2 / r1);
        dt_scenario_free(sc);
    }
    printf("  growth with actors (1 issue, 1 thread):\n");
    for (k = 0; k < sizeof actors / sizeof actors[0]; k++) {
        sc = random_scenario(actors[k], 1, actors[k]);
        if (!sc)
            return 1;
        printf("    %4zu actors: %10.1f draws/s\n", actors[k],
               rate(sc, 1, 0, 1.0));
        dt_scenario_free(sc);
    }
    printf("  growth with issues (30 actors, 1 thread):\n");
    for (k = 0; k < sizeof issues / sizeof issues[0]; k++) {
        sc = random_scenario(30, issues[k], 100 + issues[k]);
        if (!sc)
            return 1;
        printf("    %4zu issues: %10.1f draws/s\n", issues[k],
               rate(sc, 1, 0, 1.0));
        dt_scenario_free(sc);
    }
    return 0;
}
