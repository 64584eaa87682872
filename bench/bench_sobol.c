/*
 * Benchmark of the variance decomposition (dt_sobol_scenario, sobol.h)
 * on scenarios/anchorage-2025.yaml, eu model, every uncertain input:
 * N = 2,048 base rows, N (k + 2) model runs, with the summit analysis on
 * every run and without it, each on 1 and 2 threads in the same process
 * (so the speed-ups are ratios of runs minutes apart, not of separate
 * sessions), and whether 1 and 2 threads gave the same bits. Wall and
 * process CPU time. Figures go to docs/performance.md ("Variance
 * decomposition").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <detente/detente.h>

#include "bench_util.h"

#ifndef DT_SOURCE_DIR_BENCH
#define DT_SOURCE_DIR_BENCH "."
#endif

int dt_bench_sobol(void);

/* One decomposition: its wall time into *wall, the result into *out. */
static int one(const dt_scenario *sc, size_t n, unsigned threads, int analysis,
               double *wall, dt_sobol **out)
{
    dt_sweep_opts so = DT_SWEEP_OPTS_INIT;
    dt_sobol_opts o = DT_SOBOL_OPTS_INIT;
    dt_error err;
    double t0, c0, c;

    so.analysis = analysis ? DT_SWEEP_ANALYSIS_ON : DT_SWEEP_ANALYSIS_OFF;
    o.seed = 1;
    o.n_base = n;
    o.threads = threads;
    t0 = bench_now();
    c0 = (double)clock() / CLOCKS_PER_SEC;
    if (dt_sobol_scenario(sc, &so, &o, out, &err) != DT_OK) {
        fprintf(stderr, "bench_sobol: %s\n", err.msg);
        return 1;
    }
    *wall = bench_now() - t0;
    c = (double)clock() / CLOCKS_PER_SEC - c0;
    printf("  N %5zu, analysis %-3s, %u thread(s): %zu inputs, %zu runs, "
           "%.2f s wall, %.2f s CPU, %.1f us CPU per run\n",
           n, analysis ? "on" : "off", threads, dt_sobol_n_inputs(*out),
           dt_sobol_n_runs(*out), *wall, c,
           1e6 * c / (double)dt_sobol_n_runs(*out));
    fflush(stdout);
    return 0;
}

/* Whether two decompositions hold the same bits in every row. */
static int same(const dt_sobol *a, const dt_sobol *b, size_t n)
{
    size_t len = dt_sobol_row_size(a), r;
    double *x = malloc(len * sizeof *x), *y = malloc(len * sizeof *y);
    int eq = x && y && len == dt_sobol_row_size(b);

    for (r = 0; eq && r < n; r++) {
        dt_sobol_row_get(a, r, x);
        dt_sobol_row_get(b, r, y);
        eq = memcmp(x, y, len * sizeof *x) == 0;
    }
    free(x);
    free(y);
    return eq;
}

/* N base rows on 1 then 2 threads: times, speed-up, same bits. */
static int pair(const dt_scenario *sc, size_t n, int analysis)
{
    dt_sobol *s1 = NULL, *s2 = NULL;
    double w1 = 0.0, w2 = 0.0;
    int rc = one(sc, n, 1, analysis, &w1, &s1);

    if (rc == 0)
        rc = one(sc, n, 2, analysis, &w2, &s2);
    if (rc == 0)
        printf("  N %5zu, analysis %-3s: 2 threads %.2fx 1 thread; "
               "identical rows: %s\n",
               n, analysis ? "on" : "off", w1 / w2,
               same(s1, s2, n) ? "yes" : "NO");
    dt_sobol_free(s1);
    dt_sobol_free(s2);
    return rc;
}

int dt_bench_sobol(void)
{
    dt_scenario *sc = NULL;
    dt_error err;
    int rc = 0;

    if (dt_scenario_load(DT_SOURCE_DIR_BENCH "/scenarios/anchorage-2025.yaml",
                         NULL, &sc, &err) != DT_OK) {
        fprintf(stderr, "bench_sobol: %s\n", err.msg);
        return 1;
    }
    printf("Sobol indices, Anchorage, eu model\n");
    rc |= pair(sc, 2048, 1);
    rc |= pair(sc, 2048, 0);
    dt_scenario_free(sc);
    return rc;
}
