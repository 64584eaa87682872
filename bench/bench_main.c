/*
 * dt_bench: the benchmark driver (not run by ctest). Each benchmark is a
 * bench_<x>.c file with one entry point listed in the table below;
 * `dt_bench [name]` runs all of them or the one named; `dt_bench gen
 * ACTORS ISSUES [SEED]` writes a large random scenario (bench_gen.c).
 */
#include <stdio.h>
#include <string.h>

int dt_bench_eu(void);
int dt_bench_analysis(void);
int dt_bench_smp(void);
int dt_bench_backtest(void);
int dt_bench_game(void);
int dt_bench_report(void);
int dt_bench_sweep(void);
int dt_bench_sobol(void);
int dt_bench_large(void);
int dt_bench_gen(int argc, char **argv);

static const struct {
    const char *name; /* as given on the command line */
    int (*run)(void); /* returns 0 on success */
} benches[] = {
    {"eu", dt_bench_eu},       {"analysis", dt_bench_analysis},
    {"smp", dt_bench_smp},     {"backtest", dt_bench_backtest},
    {"game", dt_bench_game},   {"report", dt_bench_report},
    {"sweep", dt_bench_sweep}, {"sobol", dt_bench_sobol},
    {"large", dt_bench_large},
};

int main(int argc, char **argv)
{
    size_t k, nb = sizeof benches / sizeof benches[0];
    int rc = 0, found = 0;

    /* `gen` is a tool, not a benchmark: it takes arguments, runs alone. */
    if (argc > 1 && strcmp(argv[1], "gen") == 0)
        return dt_bench_gen(argc - 2, argv + 2);
    for (k = 0; k < nb; k++) {
        if (argc > 1 && strcmp(argv[1], benches[k].name) != 0)
            continue;
        found = 1;
        rc |= benches[k].run();
    }
    if (!found) {
        fprintf(stderr, "dt_bench: unknown benchmark '%s'\n", argv[1]);
        return 2;
    }
    return rc;
}
