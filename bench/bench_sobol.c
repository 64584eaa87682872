/*
 * Benchmark of the variance decomposition (dt_sobol_scenario, sobol.h)
 * on scenarios/anchorage-2025.yaml, eu model, every uncertain input:
 * N = 2,048 base rows, N (k + 2) model runs, without the summit analysis
 * on 1 and 2 threads; with the analysis at N = 32 (the per-run cost,
 * from which N = 2,048 is extrapolated linearly: the cost is N (k + 2)
 * runs plus a bootstrap that is small beside them). Wall and process CPU
 * time. Figures go to docs/performance.md ("Variance decomposition").
 */
#include <stdio.h>
#include <time.h>

#include <detente/detente.h>

#include "bench_util.h"

#ifndef DT_SOURCE_DIR_BENCH
#define DT_SOURCE_DIR_BENCH "."
#endif

int dt_bench_sobol(void);

static int one(const dt_scenario *sc, size_t n, unsigned threads, int analysis)
{
    dt_sweep_opts so = DT_SWEEP_OPTS_INIT;
    dt_sobol_opts o = DT_SOBOL_OPTS_INIT;
    dt_sobol *s = NULL;
    dt_error err;
    double t0, c0, t, c;

    so.analysis = analysis ? DT_SWEEP_ANALYSIS_ON : DT_SWEEP_ANALYSIS_OFF;
    o.seed = 1;
    o.n_base = n;
    o.threads = threads;
    t0 = bench_now();
    c0 = (double)clock() / CLOCKS_PER_SEC;
    if (dt_sobol_scenario(sc, &so, &o, &s, &err) != DT_OK) {
        fprintf(stderr, "bench_sobol: %s\n", err.msg);
        return 1;
    }
    t = bench_now() - t0;
    c = (double)clock() / CLOCKS_PER_SEC - c0;
    printf("  N %5zu, analysis %-3s, %u thread(s): %zu inputs, %zu runs, "
           "%.2f s wall, %.2f s CPU, %.1f us CPU per run\n",
           n, analysis ? "on" : "off", threads, dt_sobol_n_inputs(s),
           dt_sobol_n_runs(s), t, c, 1e6 * c / (double)dt_sobol_n_runs(s));
    dt_sobol_free(s);
    return 0;
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
    rc |= one(sc, 2048, 1, 0);
    rc |= one(sc, 2048, 2, 0);
    rc |= one(sc, 32, 1, 1);
    rc |= one(sc, 32, 2, 1);
    dt_scenario_free(sc);
    return rc;
}
