/*
 * Benchmark of dt_analyze: a random scenario of 30 actors (6 at the
 * table) x 10 issues with red lines and 10 levers, analysed with every
 * lever and every pair (--pairs: 1 + 10 + 45 analyses), fixed seed.
 * Figures go to docs/performance.md ("Summit analysis").
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <detente/detente.h>

#include "bench_util.h"

int dt_bench_analysis(void);

#define BA_SEED   0x5eed2025u
#define BA_ACTORS 30
#define BA_TABLE  6
#define BA_ISSUES 10
#define BA_LEVERS 10
#define BA_REPS   5

/*
 * The scenario: status quo 50 everywhere; table actors pay a no-deal cost
 * of 20-60 (so a zone exists) and hold one loose red line each; levers
 * raise no-deal costs, scale capabilities and move positions.
 */
static int make(struct bench_buf *b)
{
    uint64_t st = BA_SEED;
    int a, q, l, ok = 1;

    ok &= bench_put(b, "name: bench\nissues:\n");
    for (q = 0; q < BA_ISSUES; q++)
        ok &= bench_put(b, "  - {id: i%d, name: I%d, status_quo: 50}\n", q, q);
    ok &= bench_put(b, "actors:\n");
    for (a = 0; a < BA_ACTORS; a++) {
        ok &= bench_put(b,
                        "  - id: a%d\n    name: A%d\n    role: %s\n"
                        "    capability: %.3f\n    no_deal: {cost: %.3f}\n"
                        "    issues:\n",
                        a, a, a < BA_TABLE ? "table" : "excluded",
                        1.0 + 99.0 * bench_uniform(&st),
                        20.0 + 40.0 * bench_uniform(&st));
        for (q = 0; q < BA_ISSUES; q++) {
            double x = 100.0 * bench_uniform(&st),
                   s = 5.0 + 95.0 * bench_uniform(&st);

            ok &= bench_put(b, "      i%d: {position: %.3f, salience: %.3f", q,
                            x, s);
            if (a < BA_TABLE && q == a % BA_ISSUES)
                ok &=
                    bench_put(b, ", red_line: {%s: %.3f}",
                              x > 50 ? "below" : "above", x > 50 ? 20.0 : 80.0);
            ok &= bench_put(b, "}\n");
        }
    }
    ok &= bench_put(b, "levers:\n");
    for (l = 0; l < BA_LEVERS; l++) {
        int by = l % BA_TABLE, tgt = (l + 1) % BA_ACTORS;

        ok &= bench_put(
            b,
            "  - id: l%d\n    by: a%d\n    effects:\n"
            "      - {actor: a%d, no_deal_cost: {add: %.3f}}\n"
            "      - {actor: a%d, capability: {scale: %.3f}}\n"
            "      - {actor: a%d, issue: i%d, position: {add: %.3f}}\n",
            l, by, tgt, 5.0 + 10.0 * bench_uniform(&st), (l + 7) % BA_ACTORS,
            0.5 + bench_uniform(&st), by, l % BA_ISSUES,
            20.0 * bench_uniform(&st) - 10.0);
    }
    return ok;
}

static int run(const dt_scenario *sc, const dt_model_type *model)
{
    dt_analysis_opts o = DT_ANALYSIS_OPTS_INIT;
    double t0, best = 1e300, total = 0.0;
    dt_analysis *an = NULL;
    dt_error err;
    int r;

    o.model = model;
    o.pairs = 1;
    for (r = 0; r < BA_REPS; r++) {
        t0 = bench_now();
        if (dt_analyze(sc, &o, &an, &err) != DT_OK) {
            fprintf(stderr, "bench analysis: %s\n", err.msg);
            return 1;
        }
        t0 = bench_now() - t0;
        total += t0;
        if (t0 < best)
            best = t0;
        if (r == 0)
            printf("analysis %dx%d, %d levers + pairs (%zu analyses), model "
                   "%s: zone %s, deal %s\n",
                   BA_ACTORS, BA_ISSUES, BA_LEVERS, an->n_effects + 1,
                   model->name, an->base.zone.feasible ? "feasible" : "empty",
                   an->base.deal.found ? "found" : "none");
        if (r == 0)
            printf("  Nash cutting-plane LPs: %u (baseline)\n",
                   an->base.deal.iterations);
        dt_analysis_free(an);
    }
    printf("  %.3f s mean, %.3f s best of %d\n", total / BA_REPS, best,
           BA_REPS);
    return 0;
}

int dt_bench_analysis(void)
{
    struct bench_buf b = {NULL, 0, 0};
    dt_scenario *sc = NULL;
    dt_error err;
    int rc = 1;

    if (!make(&b))
        goto out;
    if (dt_scenario_parse(b.p, b.n, "bench.yaml", DT_FORMAT_YAML, NULL, &sc,
                          &err) != DT_OK) {
        fprintf(stderr, "bench analysis: %s (line %u)\n", err.msg, err.line);
        goto out;
    }
    rc = run(sc, &dt_model_eu) | run(sc, &dt_model_mean);
out:
    dt_scenario_free(sc);
    free(b.p);
    return rc;
}
