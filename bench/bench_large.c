/*
 * Benchmark of large scenarios (docs/performance.md, "Large scenarios"):
 * forecasts and their documents for generated scenarios (bench_gen.c)
 * of growing size, fixed seed.
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

/* A sink for the document's text: counts bytes. */
static dt_status sink(void *ud, const void *p, size_t n)
{
    (void)p;
    *(size_t *)ud += n;
    return DT_OK;
}

/*
 * Seconds to forecast a generated actors x issues scenario with one model
 * (dt_forecast_new), and to build and write its text document (what
 * `detente forecast` prints, the explanations included).
 */
static int one(size_t actors, size_t issues, const char *model)
{
    dt_forecast_opts o = DT_FORECAST_OPTS_INIT;
    dt_doc_opts dopts = DT_DOC_OPTS_INIT;
    struct bench_buf b = {NULL, 0, 0};
    dt_scenario *sc = NULL;
    dt_forecast *fc = NULL;
    dt_doc *d = NULL;
    const char *models[1];
    size_t bytes = 0;
    dt_error err;
    double t0, t1, t2;
    int rc = 1;

    models[0] = model;
    o.smp.threads = 1;
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
    if (dt_doc_new(NULL, &d, &err) != DT_OK ||
        dt_forecast_doc(fc, &dopts, d, &err) != DT_OK ||
        dt_doc_write(d, DT_DOC_TEXT, sink, &bytes, &err) != DT_OK) {
        fprintf(stderr, "bench large: %s\n", err.msg);
        goto out;
    }
    t2 = bench_now();
    printf("large %-8s %5zu actors x %3zu issues  forecast %8.3f s  "
           "document %7.3f s (%zu bytes)\n",
           model, actors, issues, t1 - t0, t2 - t1, bytes);
    fflush(stdout);
    rc = 0;
out:
    dt_doc_free(d);
    dt_forecast_free(fc);
    dt_scenario_free(sc);
    free(b.p);
    return rc;
}

/*
 * eu on one issue of 250, 500 and 1,000 actors (O(n^3) per round: about
 * 7x per doubling); every one-issue model on 2,000 actors x 50 issues but
 * eu (whose 50 issues would take about 40 minutes); exchange on 200 x 10
 * (its O(n^2 m^2) candidates); smp on 75 and 150 actors x 3 issues (one
 * thread). Figures in docs/performance.md, "Large scenarios".
 */
int dt_bench_large(void)
{
    static const size_t eu_n[] = {250, 500, 1000};
    static const char *const cheap[] = {"mean", "median", "nbs"};
    size_t k;
    int rc = 0;

    for (k = 0; k < sizeof eu_n / sizeof eu_n[0]; k++)
        rc |= one(eu_n[k], 1, "eu");
    for (k = 0; k < sizeof cheap / sizeof cheap[0]; k++)
        rc |= one(2000, 50, cheap[k]);
    rc |= one(200, 10, "exchange");
    rc |= one(75, 3, "smp");
    rc |= one(150, 3, "smp");
    return rc;
}
