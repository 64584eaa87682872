/*
 * Generator of large scenarios: `dt_bench gen ACTORS ISSUES [SEED]` writes
 * a valid YAML scenario of that size on stdout, deterministic by seed (same
 * arguments, same bytes). Used to measure forecast, analyze and sweep on
 * large inputs (docs/performance.md, "Large scenarios").
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <detente/detente.h>

#include "bench_util.h"

#define GEN_SEED  0x5eed2026u
#define GEN_TABLE 6u /* actors at the table; the others are excluded */

int dt_bench_gen_write(size_t actors, size_t issues, uint64_t seed,
                       struct bench_buf *b);

/*
 * The scenario: status quo 50 on every issue; the first GEN_TABLE actors
 * sit at the table with a no-deal cost of 20-60 and one loose red line;
 * positions uniform on 0-100, saliences on 5-100, capabilities on 1-100.
 * The scenario's default uncertainty applies to sweeps.
 */
int dt_bench_gen_write(size_t actors, size_t issues, uint64_t seed,
                       struct bench_buf *b)
{
    uint64_t st = seed;
    size_t a, q;
    int ok = 1;

    ok &= bench_put(b,
                    "name: generated %zu actors x %zu issues\n"
                    "description: made by `dt_bench gen %zu %zu %" PRIu64
                    "` (random numbers, no real case)\n"
                    "issues:\n",
                    actors, issues, actors, issues, seed);
    for (q = 0; q < issues; q++)
        ok &=
            bench_put(b, "  - {id: i%zu, name: I%zu, status_quo: 50}\n", q, q);
    ok &= bench_put(b, "actors:\n");
    for (a = 0; a < actors; a++) {
        int table = a < GEN_TABLE;

        ok &= bench_put(b,
                        "  - id: a%zu\n    name: A%zu\n    role: %s\n"
                        "    capability: %.3f\n",
                        a, a, table ? "table" : "excluded",
                        1.0 + 99.0 * bench_uniform(&st));
        if (table)
            ok &= bench_put(b, "    no_deal: {cost: %.3f}\n",
                            20.0 + 40.0 * bench_uniform(&st));
        ok &= bench_put(b, "    issues:\n");
        for (q = 0; q < issues; q++) {
            double x = 100.0 * bench_uniform(&st),
                   s = 5.0 + 95.0 * bench_uniform(&st);

            ok &= bench_put(b, "      i%zu: {position: %.3f, salience: %.3f", q,
                            x, s);
            if (table && q == a % issues)
                ok &=
                    bench_put(b, ", red_line: {%s: %.3f}",
                              x > 50 ? "below" : "above", x > 50 ? 10.0 : 90.0);
            ok &= bench_put(b, "}\n");
        }
    }
    return ok;
}

int dt_bench_gen(int argc, char **argv);

/* `dt_bench gen ACTORS ISSUES [SEED]`: the scenario on stdout. */
int dt_bench_gen(int argc, char **argv)
{
    struct bench_buf b = {NULL, 0, 0};
    unsigned long long n, m, seed = GEN_SEED;
    char *end;
    int rc = 1;

    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: dt_bench gen ACTORS ISSUES [SEED]\n");
        return 2;
    }
    n = strtoull(argv[0], &end, 10);
    if (*end || n < 2 || n > 100000) {
        fprintf(stderr, "dt_bench gen: ACTORS must be 2 to 100000\n");
        return 2;
    }
    m = strtoull(argv[1], &end, 10);
    if (*end || m < 1 || m > 10000) {
        fprintf(stderr, "dt_bench gen: ISSUES must be 1 to 10000\n");
        return 2;
    }
    if (argc == 3) {
        seed = strtoull(argv[2], &end, 0);
        if (*end) {
            fprintf(stderr, "dt_bench gen: bad SEED '%s'\n", argv[2]);
            return 2;
        }
    }
    if (dt_bench_gen_write((size_t)n, (size_t)m, (uint64_t)seed, &b) &&
        fwrite(b.p, 1, b.n, stdout) == b.n && fflush(stdout) == 0)
        rc = 0;
    else
        fprintf(stderr, "dt_bench gen: cannot write the scenario\n");
    free(b.p);
    return rc;
}
