/*
 * Benchmark of the game engine: backward induction and one logit QRE
 * pass on a generated tree of 10^6 nodes, and reading the same tree as
 * .efg text (written to a temporary file first). Figures go to
 * docs/performance.md.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <detente/detente.h>

#include "bench_util.h"

int dt_bench_game(void);

#define BENCH_NODES 1000000u

/*
 * A random tree of about n nodes in prefix order: two-player decision
 * nodes with 2 or 3 actions, a few chance nodes, terminals with random
 * payoffs (small integers, as in hand-written games).
 */
static int build(size_t n, dt_game **out)
{
    dt_game *g = NULL;
    dt_rng r;
    size_t open = 1, made = 0;
    double half[2] = {0.5, 0.5};
    dt_error err;

    dt_rng_seed(&r, 0x9a3e);
    if (dt_game_new(2, NULL, &g, &err) != DT_OK)
        return 1;
    while (open > 0) {
        double u = dt_rng_uniform(&r);
        size_t k = u < 0.25 ? 3 : 2;
        dt_status st;

        if (made + open < n && (open == 1 || u < 0.5)) {
            if (u < 0.02) {
                st = dt_game_add_chance(g, 2, half, &err);
                k = 2;
            } else {
                st = dt_game_add_decision(g, 1 + (unsigned)(made & 1), k, &err);
            }
            open += k - 1;
        } else {
            double pay[2] = {(double)(dt_rng_next(&r) % 10),
                             (double)(dt_rng_next(&r) % 10)};

            st = dt_game_add_terminal(g, pay, &err);
            open--;
        }
        if (st != DT_OK) {
            dt_game_free(g);
            return 1;
        }
        made++;
    }
    if (dt_game_finish(g, &err) != DT_OK) {
        dt_game_free(g);
        return 1;
    }
    *out = g;
    return 0;
}

int dt_bench_game(void)
{
    dt_game *g = NULL, *h = NULL;
    dt_game_profile *pr = NULL;
    double lam[2] = {1.0, 1.0}, t0, t1, best_spe = 1e9, best_qre = 1e9;
    double best_read = 1e9;
    char path[] = "/tmp/dt_bench_game_XXXXXX";
    FILE *f;
    dt_error err;
    int rep, fd, rc = 1;

    t0 = bench_now();
    if (build(BENCH_NODES, &g) != 0)
        return 1;
    t1 = bench_now();
    printf("game: built %zu nodes (%zu actions) in %.3f s\n", g->n_nodes,
           g->n_slots, t1 - t0);
    for (rep = 0; rep < 5; rep++) {
        t0 = bench_now();
        if (dt_game_spe(g, &pr, &err) != DT_OK)
            goto out;
        t1 = bench_now();
        dt_game_profile_free(pr);
        best_spe = t1 - t0 < best_spe ? t1 - t0 : best_spe;
        t0 = bench_now();
        if (dt_game_qre(g, lam, &pr, &err) != DT_OK)
            goto out;
        t1 = bench_now();
        dt_game_profile_free(pr);
        best_qre = t1 - t0 < best_qre ? t1 - t0 : best_qre;
    }
    printf("game: backward induction %.4f s, one QRE pass %.4f s "
           "(best of 5)\n",
           best_spe, best_qre);
    fd = mkstemp(path);
    if (fd < 0 || !(f = fdopen(fd, "w")))
        goto out;
    if (dt_game_write_efg(g, f, &err) != DT_OK) {
        fclose(f);
        goto out_rm;
    }
    printf("game: .efg text of %ld bytes\n", ftell(f));
    fclose(f);
    for (rep = 0; rep < 3; rep++) {
        t0 = bench_now();
        if (dt_game_load_efg(path, NULL, &h, &err) != DT_OK)
            goto out_rm;
        t1 = bench_now();
        dt_game_free(h);
        best_read = t1 - t0 < best_read ? t1 - t0 : best_read;
    }
    printf("game: read the %zu-node .efg in %.3f s (best of 3)\n", g->n_nodes,
           best_read);
    rc = 0;
out_rm:
    remove(path);
out:
    if (rc)
        fprintf(stderr, "dt_bench game: %s\n", err.msg);
    dt_game_free(g);
    return rc;
}
