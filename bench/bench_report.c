/*
 * Benchmark of reports: dt_report_new (every one-issue model on every
 * issue, the summit analysis with every lever, a 10,000-draw Monte Carlo
 * sweep of the eu model) and the two writers (HTML with inline SVG charts,
 * PDF), on a random scenario of 30 actors (6 at the table) x 10 issues
 * with a scenario-wide uncertainty default, fixed seed, into memory.
 * DT_BENCH_REPORT_DRAWS=N changes the draws (default 10,000);
 * DT_BENCH_REPORT_NO_EU=1 leaves out the two eu sweeps.
 * Figures go to docs/performance.md ("Reports").
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <detente/chart.h>
#include <detente/detente.h>
#include <detente/report.h>

#include "bench_util.h"

int dt_bench_report(void);

#define BR_SEED   0x5eed2026u
#define BR_ACTORS 30
#define BR_TABLE  6
#define BR_ISSUES 10
#define BR_LEVERS 4
#define BR_DRAWS  10000

/* Writer sink: counts the bytes (the report is not kept). */
static dt_status count(void *ud, const void *p, size_t n)
{
    (void)p;
    *(size_t *)ud += n;
    return DT_OK;
}

/*
 * Status quo 50 everywhere, table actors with no-deal costs of 20-60 and
 * one loose red line each, a few levers; positions sd 5, saliences sd 10,
 * capabilities cv 0.2 (the scenario-wide default).
 */
static int make(struct bench_buf *b)
{
    uint64_t st = BR_SEED;
    int a, q, l, ok = 1;

    ok &=
        bench_put(b, "name: bench\nuncertainty: {position_sd: 5, salience_sd: "
                     "10, capability_cv: 0.2}\nissues:\n");
    for (q = 0; q < BR_ISSUES; q++)
        ok &= bench_put(b, "  - {id: i%d, name: I%d, status_quo: 50}\n", q, q);
    ok &= bench_put(b, "actors:\n");
    for (a = 0; a < BR_ACTORS; a++) {
        ok &= bench_put(b,
                        "  - id: a%d\n    name: A%d\n    role: %s\n"
                        "    capability: %.3f\n    no_deal: {cost: %.3f}\n"
                        "    issues:\n",
                        a, a, a < BR_TABLE ? "table" : "excluded",
                        1.0 + 99.0 * bench_uniform(&st),
                        20.0 + 40.0 * bench_uniform(&st));
        for (q = 0; q < BR_ISSUES; q++) {
            double x = 100.0 * bench_uniform(&st),
                   s = 5.0 + 95.0 * bench_uniform(&st);

            ok &= bench_put(b, "      i%d: {position: %.3f, salience: %.3f", q,
                            x, s);
            if (a < BR_TABLE && q == a % BR_ISSUES)
                ok &=
                    bench_put(b, ", red_line: {%s: %.3f}",
                              x > 50 ? "below" : "above", x > 50 ? 20.0 : 80.0);
            ok &= bench_put(b, "}\n");
        }
    }
    ok &= bench_put(b, "levers:\n");
    for (l = 0; l < BR_LEVERS; l++)
        ok &= bench_put(b,
                        "  - id: l%d\n    by: a%d\n    effects:\n"
                        "      - {actor: a%d, no_deal_cost: {add: %.3f}}\n",
                        l, l % BR_TABLE, (l + 1) % BR_ACTORS,
                        5.0 + 10.0 * bench_uniform(&st));
    return ok;
}

static int run(const dt_scenario *sc, const char *bytes, size_t len,
               const dt_model_type *model, size_t draws, unsigned threads,
               int analysis)
{
    dt_report_input in = {sc, bytes, len, "bench.yaml"};
    dt_report_opts o = DT_REPORT_OPTS_INIT;
    dt_report *rep = NULL;
    size_t nh = 0, np = 0;
    double t0, t1, t2, t3;
    dt_error err;

    o.draws = draws;
    o.seed = 2026;
    o.has_seed = 1;
    o.threads = threads;
    o.analysis = analysis;
    o.analysis_model = model;
    t0 = bench_now();
    if (dt_report_new(&in, 1, &o, &rep, &err) != DT_OK) {
        fprintf(stderr, "bench report: %s\n", err.msg);
        return 1;
    }
    t1 = bench_now();
    if (dt_report_write_html(rep, count, &nh, &err) != DT_OK) {
        fprintf(stderr, "bench report: %s\n", err.msg);
        dt_report_free(rep);
        return 1;
    }
    t2 = bench_now();
    if (dt_report_write_pdf(rep, count, &np, &err) != DT_OK) {
        fprintf(stderr, "bench report: %s\n", err.msg);
        dt_report_free(rep);
        return 1;
    }
    t3 = bench_now();
    printf("report %dx%d, sweep model %s, %zu draws, %u thread%s, analysis "
           "%s:\n  compute %.3f s, html %.3f s (%zu bytes), pdf %.3f s (%zu "
           "bytes), total %.3f s\n",
           BR_ACTORS, BR_ISSUES, model->name, draws, threads,
           threads == 1 ? "" : "s",
           !analysis ? "off"
           : draws   ? "on (every draw)"
                     : "on",
           t1 - t0, t2 - t1, nh, t3 - t2, np, t3 - t0);
    dt_report_free(rep);
    return 0;
}

int dt_bench_report(void)
{
    struct bench_buf b = {NULL, 0, 0};
    dt_scenario *sc = NULL;
    const char *env = getenv("DT_BENCH_REPORT_DRAWS");
    size_t draws = env ? (size_t)strtoul(env, NULL, 10) : BR_DRAWS;
    dt_error err;
    int rc = 1;

    if (!make(&b))
        goto out;
    if (dt_scenario_parse(b.p, b.n, "bench.yaml", DT_FORMAT_YAML, NULL, &sc,
                          &err) != DT_OK) {
        fprintf(stderr, "bench report: %s (line %u)\n", err.msg, err.line);
        goto out;
    }
    /*
     * The report alone; with a sweep of the mean model (the report's own
     * cost with 10,000 draws to summarise and chart); with a sweep of the
     * eu model; and with the analysis on every draw as well.
     */
    rc = run(sc, b.p, b.n, &dt_model_eu, 0, 1, 1);
    rc |= run(sc, b.p, b.n, &dt_model_mean, draws, 2, 0);
    if (getenv("DT_BENCH_REPORT_NO_EU"))
        goto out; /* the eu sweeps take minutes at 10,000 draws */
    rc |= run(sc, b.p, b.n, &dt_model_eu, draws, 2, 0);
    rc |= run(sc, b.p, b.n, &dt_model_eu, draws, 2, 1);
out:
    dt_scenario_free(sc);
    free(b.p);
    return rc;
}
