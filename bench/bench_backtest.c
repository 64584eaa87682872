/*
 * Benchmark of the full backtest: every model on the DEU dev file, 10-fold
 * cross-validation, 1000 bootstrap resamples, fixed seed; wall-clock
 * seconds per run (best of 3). Figures go to docs/performance.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <detente/detente.h>

#include "bench_util.h"

int dt_bench_backtest(void);

#define BENCH_SEED 20261125u
#define BENCH_RUNS 3

/* The dev file: $DT_BENCH_DEU, else tests/data in the source tree. */
static void data_path(char *buf, size_t n)
{
    const char *env = getenv("DT_BENCH_DEU");
    const char *src = __FILE__, *cut = strstr(src, "bench/bench_backtest.c");

    if (env) {
        snprintf(buf, n, "%s", env);
        return;
    }
    snprintf(buf, n, "%.*stests/data/deu3/issues-dev.csv",
             cut ? (int)(cut - src) : 0, src);
}

int dt_bench_backtest(void)
{
    char path[4096];
    dt_backtest_opts o = DT_BACKTEST_OPTS_INIT;
    dt_deu *d = NULL;
    dt_error err;
    double best = 1e300;
    int k;

    data_path(path, sizeof path);
    if (dt_deu_load(path, NULL, &d, &err) != DT_OK) {
        fprintf(stderr, "bench backtest: %s (set DT_BENCH_DEU)\n", err.msg);
        return 1;
    }
    o.folds = 10;
    o.bootstrap = 1000;
    o.seed = BENCH_SEED;
    for (k = 0; k < BENCH_RUNS; k++) {
        dt_backtest *b = NULL;
        double t0 = bench_now(), t;

        if (dt_backtest_run(d, &o, &b, &err) != DT_OK) {
            fprintf(stderr, "bench backtest: %s\n", err.msg);
            dt_deu_free(d);
            return 1;
        }
        t = bench_now() - t0;
        if (t < best)
            best = t;
        if (k == 0)
            printf("backtest: %zu issues, %zu models, 10 folds, 1000 "
                   "bootstrap resamples\n",
                   dt_backtest_n_scored(b), dt_backtest_n_models(b));
        dt_backtest_free(b);
    }
    printf("backtest: %.3f s per full run (best of %d)\n", best, BENCH_RUNS);
    dt_deu_free(d);
    return 0;
}
