/*
 * Benchmark of large scenarios (docs/performance.md, "Large scenarios"):
 * forecasts of generated scenarios (bench_gen.c) of growing size, the
 * eu model on one issue and every model on ten, smp on three issues.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <detente/detente.h>

#include "bench_util.h"

int dt_bench_large(void);
int dt_bench_gen_write(size_t actors, size_t issues, uint64_t seed,
                       struct bench_buf *b);

#define LARGE_SEED 0x5eed2026u

/* Seconds to forecast a generated actors x issues scenario with models. */
static int one(size_t actors, size_t issues, const char *model)
{
    dt_forecast_opts o = DT_FORECAST_OPTS_INIT;
    struct bench_buf b = {NULL, 0, 0};
    dt_scenario *sc = NULL;
    dt_forecast *fc = NULL;
    const char *models[1];
    dt_error err;
    double t0, t1;
    int rc = 1;

    models[0] = model;
    if (!dt_bench_gen_write(actors, issues, LARGE_SEED, &b))
        goto out;
    if (dt_scenario_parse(b.p, b.n, "large.yaml", DT_FORMAT_YAML, NULL, &sc,
                          &err) != DT_OK) {
        fprintf(stderr, "bench large: %s (line %u)\n", err.msg, err.line);
        goto out;
    }
    t0 = bench_now();
    if (dt_forecast_new(sc, models, 1, &o, &fc, &err) != DT_OK) {
        fprintf(stderr, "bench large: %s\n", err.msg);
        goto out;
    }
    t1 = bench_now();
    printf("large %-8s %5zu actors x %3zu issues  forecast %9.3f s\n", model,
           actors, issues, t1 - t0);
    fflush(stdout);
    rc = 0;
out:
    dt_forecast_free(fc);
    dt_scenario_free(sc);
    free(b.p);
    return rc;
}

int dt_bench_large(void)
{
    static const size_t eu_n[] = {125, 250, 500};
    static const char *const all[] = {"mean", "median", "eu", "nbs",
                                      "exchange"};
    size_t k;
    int rc = 0;

    for (k = 0; k < sizeof eu_n / sizeof eu_n[0]; k++)
        rc |= one(eu_n[k], 1, "eu");
    for (k = 0; k < sizeof all / sizeof all[0]; k++)
        rc |= one(250, 10, all[k]);
    rc |= one(75, 3, "smp");
    rc |= one(150, 3, "smp");
    return rc;
}
