/*
 * detente sweep --mpi: the draws split across MPI ranks (Open MPI). Rank
 * r runs the contiguous slice [N r / K, N (r + 1) / K) on its own
 * threads; the finished records of the kept draws are gathered to rank 0
 * (MPI_Gatherv), which stores them by draw index, and so are the exact
 * sums of the streamed draws (--memory; dt_sweep_stream_get/merge), so
 * rank 0 reduces and writes outputs byte-identical to a one-process run. Built
 * only when CMake found MPI (DT_HAVE_MPI, CLI only: the library stays
 * MPI-free). See docs/scaling.md.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sweep_cli.h"

#ifdef DT_HAVE_MPI
#include <mpi.h>

int sweep_have_mpi(void)
{
    return 1;
}

/* Threads per rank by default: the node's cores shared by its ranks. */
static unsigned default_threads(const struct sweep_cfg *cfg, size_t slice)
{
    MPI_Comm node;
    int local = 1;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned t;

    if (MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0,
                            MPI_INFO_NULL, &node) == MPI_SUCCESS) {
        MPI_Comm_size(node, &local);
        MPI_Comm_free(&node);
    }
    t = n > 0 ? (unsigned)(n / (local > 0 ? local : 1)) : 1;
    if (t < 1)
        t = 1;
    if (t > 64)
        t = 64;
    if (t > slice && slice > 0)
        t = (unsigned)slice;
    (void)cfg;
    return t;
}

/* Rank 0's seed (drawn as for one process when none was given), to all. */
static void bcast_seed(struct sweep_cfg *cfg, int rank)
{
    uint64_t seed = cfg->have_seed ? cfg->seed : 0;

    if (rank == 0 && !cfg->have_seed)
        seed = cli_draw_seed();
    MPI_Bcast(&seed, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
    cfg->seed = seed;
    cfg->have_seed = 1;
}

/* Rank's contiguous share [n r / K, n (r + 1) / K) of n items. */
static void slice(size_t n, int rank, int size, size_t *b, size_t *e)
{
    *b = (size_t)((unsigned long long)n * (unsigned)rank / (unsigned)size);
    *e =
        (size_t)((unsigned long long)n * ((unsigned)rank + 1) / (unsigned)size);
}

/* Each rank's host, share and time on stderr (never in the outputs). */
static void rank_line(const struct sweep_cfg *cfg, int rank, const char *what,
                      size_t b, size_t e, double t0)
{
    char host[256] = "?";

    if (cfg->quiet)
        return;
    gethostname(host, sizeof host - 1);
    fprintf(stderr,
            "detente: rank %d on %s: %s [%zu, %zu) in %.2f s, %u "
            "threads\n",
            rank, host, what, b, e, sweep_now() - t0, cfg->threads);
}

/*
 * Pack the done draws of [b, e) as (index, record) rows of rec + 1
 * doubles (indices below 2^53 are exact).
 */
static double *pack(const dt_sweep *s, size_t b, size_t e, size_t *n_rows)
{
    size_t rec = dt_sweep_record_size(s), d, k = 0;
    double *buf;

    /* Records exist for the kept draws only. */
    if (e > dt_sweep_n_kept(s))
        e = dt_sweep_n_kept(s);
    if (b > e)
        b = e;
    buf = malloc(((e - b) * (rec + 1) + 1) * sizeof *buf);
    if (!buf)
        return NULL;
    for (d = b; d < e; d++)
        if (dt_sweep_get_record(s, d, buf + k * (rec + 1) + 1)) {
            buf[k * (rec + 1)] = (double)d;
            k++;
        }
    *n_rows = k;
    return buf;
}

static int gather(dt_sweep *s, int rank, int size, size_t b, size_t e)
{
    size_t rec = dt_sweep_record_size(s), rows = 0, k;
    double *mine = pack(s, b, e, &rows), *all = NULL;
    int *counts = NULL, *displs = NULL, mycount, ok = 1, r;
    long long total = 0;

    if (!mine || rows * (rec + 1) > INT_MAX)
        ok = 0;
    MPI_Allreduce(MPI_IN_PLACE, &ok, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (!ok) {
        if (rank == 0)
            cli_error("--mpi: a rank's results are too large to gather "
                      "(use more ranks or fewer draws per run)");
        free(mine);
        return CLI_INTERNAL;
    }
    mycount = (int)(rows * (rec + 1));
    if (rank == 0) {
        counts = malloc((size_t)size * sizeof *counts);
        displs = malloc((size_t)size * sizeof *displs);
    }
    MPI_Gather(&mycount, 1, MPI_INT, counts, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (rank == 0) {
        for (r = 0; r < size; r++) {
            displs[r] = (int)total;
            total += counts[r];
        }
        if (total > INT_MAX)
            ok = 0;
        else
            all = malloc(((size_t)total + 1) * sizeof *all);
        if (!all)
            ok = 0;
    }
    MPI_Bcast(&ok, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (!ok) {
        if (rank == 0)
            cli_error("--mpi: the results are too large to gather on rank 0");
        free(mine);
        free(all);
        free(counts);
        free(displs);
        return CLI_INTERNAL;
    }
    MPI_Gatherv(mine, mycount, MPI_DOUBLE, all, counts, displs, MPI_DOUBLE, 0,
                MPI_COMM_WORLD);
    if (rank == 0)
        for (k = 0; k < (size_t)total / (rec + 1); k++) {
            const double *row = all + k * (rec + 1);

            dt_sweep_set_record(s, (size_t)row[0], row + 1);
        }
    free(mine);
    free(all);
    free(counts);
    free(displs);
    return CLI_OK;
}

/* The streamed draws' sums of every rank, merged on rank 0. */
static int gather_streams(dt_sweep *s, int rank, int size)
{
    size_t n = dt_sweep_stream_size(s);
    uint64_t *mine = malloc((n + 1) * sizeof *mine), *all = NULL;
    int *counts = NULL, *displs = NULL, mycount = 0, r;
    int ok = mine != NULL && n <= INT_MAX;
    long long total = 0;

    if (mine)
        n = dt_sweep_stream_get(s, mine);
    MPI_Allreduce(MPI_IN_PLACE, &ok, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (ok && rank == 0) {
        counts = malloc((size_t)size * sizeof *counts);
        displs = malloc((size_t)size * sizeof *displs);
        ok = counts && displs;
    }
    MPI_Bcast(&ok, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (!ok)
        goto out;
    mycount = (int)n;
    MPI_Gather(&mycount, 1, MPI_INT, counts, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (rank == 0) {
        for (r = 0; r < size; r++) {
            displs[r] = (int)total;
            total += counts[r];
        }
        all =
            total <= INT_MAX ? malloc(((size_t)total + 1) * sizeof *all) : NULL;
        ok = all != NULL;
    }
    MPI_Bcast(&ok, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (!ok)
        goto out;
    MPI_Gatherv(mine, mycount, MPI_UINT64_T, all, counts, displs, MPI_UINT64_T,
                0, MPI_COMM_WORLD);
    /* Rank 0's own sums are in s already: merge the others' (exact sums,
     * so the order does not matter). */
    for (r = 1; rank == 0 && ok && r < size; r++) {
        dt_error err;

        if (dt_sweep_stream_merge(s, all + displs[r], (size_t)counts[r],
                                  &err) != DT_OK) {
            cli_error("--mpi: %s", err.msg);
            ok = 0;
        }
    }
out:
    if (!ok && rank == 0 && (!all || !counts))
        cli_error("--mpi: the streamed draws' sums are too large to gather");
    free(mine);
    free(all);
    free(counts);
    free(displs);
    return ok ? CLI_OK : CLI_INTERNAL;
}

int sweep_mpi_main(struct sweep_cfg *cfg, int argc, char **argv)
{
    struct sweep_status st;
    dt_scenario *sc = NULL;
    dt_sweep *s = NULL;
    int rank, size, ex, exmax, stop;
    size_t b, e;
    double t0;

    memset(&st, 0, sizeof st);
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (cfg->checkpoint) {
        if (rank == 0)
            cli_error("--checkpoint cannot be combined with --mpi (see "
                      "docs/scaling.md: split long runs into jobs instead)");
        MPI_Finalize();
        return CLI_USAGE;
    }
    bcast_seed(cfg, rank);
    slice(cfg->draws, rank, size, &b, &e);
    if (!cfg->have_threads) {
        cfg->threads = default_threads(cfg, e - b);
        cfg->have_threads = 1;
    }
    if (e - b < cfg->threads && e > b)
        cfg->threads = (unsigned)(e - b);
    if (cfg->threads < 1)
        cfg->threads = 1;
    ex = sweep_prepare(cfg, &sc, &s);
    exmax = ex;
    MPI_Allreduce(&ex, &exmax, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (exmax != CLI_OK)
        goto out;
    if (rank == 0) {
        fprintf(stderr,
                "detente: sweep of %zu draws, seed %" PRIu64 ", %d MPI ranks\n",
                cfg->draws, cfg->seed, size);
        sweep_say_memory(cfg, s);
    }
    sweep_install_signals();
    t0 = sweep_now();
    ex = sweep_run_range(cfg, s, b, e,
                         rank == 0 && !cfg->quiet &&
                             (cfg->progress || isatty(STDERR_FILENO)),
                         &st);
    MPI_Allreduce(&ex, &exmax, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (exmax != CLI_OK)
        goto out;
    rank_line(cfg, rank, "draws", b, e, t0);
    stop = st.interrupted;
    MPI_Allreduce(&stop, &st.interrupted, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    exmax = gather(s, rank, size, b, e);
    /* Every rank has the same K: all or none take part. */
    if (exmax == CLI_OK && dt_sweep_n_kept(s) < dt_sweep_n_draws(s))
        exmax = gather_streams(s, rank, size);
    if (exmax != CLI_OK || rank != 0)
        goto out;
    {
        dt_error err;

        if (dt_sweep_reduce(s, &err) != DT_OK) {
            cli_error("%s", err.msg);
            exmax = cli_exit_for(err.code);
            goto out;
        }
    }
    exmax = sweep_write(cfg, s, &st);
    if (exmax == CLI_OK && cfg->draws_out)
        exmax = sweep_write_draws(cfg, s);
    if (exmax == CLI_OK && st.interrupted) {
        cli_error("interrupted: %zu of %zu draws done and written",
                  dt_sweep_n_done(s), cfg->draws);
        exmax = 130;
    }
out:
    dt_sweep_free(s);
    dt_estimates_free(cfg->est);
    cfg->est = NULL;
    dt_scenario_free(sc);
    MPI_Bcast(&exmax, 1, MPI_INT, 0, MPI_COMM_WORLD);
    MPI_Finalize();
    return exmax;
}

/*
 * --sobol --mpi: every rank plans the same study (same seed, so the same
 * base matrices), computes its slice of base rows; rank 0 gathers the
 * rows' model outputs (dt_sobol_row_size doubles each, in row order by
 * rank), sets them and computes the indices.
 */
static int sobol_gather(dt_sobol *s, int rank, int size, size_t n)
{
    size_t w = dt_sobol_row_size(s), b, e, r;
    double *mine, *all = NULL;
    int *counts = NULL, *displs = NULL, ok = 1, k;

    slice(n, rank, size, &b, &e);
    mine = malloc(((e - b) * w + 1) * sizeof *mine);
    if (!mine || n * w > INT_MAX)
        ok = 0;
    if (rank == 0) {
        all = malloc((n * w + 1) * sizeof *all);
        counts = malloc((size_t)size * sizeof *counts);
        displs = malloc((size_t)size * sizeof *displs);
        if (!all || !counts || !displs)
            ok = 0;
    }
    MPI_Allreduce(MPI_IN_PLACE, &ok, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (!ok) {
        if (rank == 0)
            cli_error("--mpi: the Sobol rows are too large to gather on rank "
                      "0 (fewer base rows or inputs)");
        free(mine);
        free(all);
        free(counts);
        free(displs);
        return CLI_NOMEM;
    }
    for (r = b; r < e; r++)
        dt_sobol_row_get(s, r, mine + (r - b) * w);
    if (rank == 0)
        for (k = 0; k < size; k++) {
            size_t kb, ke;

            slice(n, k, size, &kb, &ke);
            counts[k] = (int)((ke - kb) * w);
            displs[k] = (int)(kb * w);
        }
    MPI_Gatherv(mine, (int)((e - b) * w), MPI_DOUBLE, all, counts, displs,
                MPI_DOUBLE, 0, MPI_COMM_WORLD);
    if (rank == 0)
        for (r = 0; r < n; r++)
            dt_sobol_row_set(s, r, all + r * w);
    free(mine);
    free(all);
    free(counts);
    free(displs);
    return CLI_OK;
}

int sweep_sobol_mpi_main(struct sweep_cfg *cfg, int argc, char **argv)
{
    dt_scenario *sc = NULL;
    dt_sobol *s = NULL;
    dt_error err;
    int rank, size, ex, exmax;
    size_t b, e;
    double t0;

    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    bcast_seed(cfg, rank);
    slice(cfg->draws, rank, size, &b, &e);
    if (!cfg->have_threads) {
        cfg->threads = default_threads(cfg, e - b);
        cfg->have_threads = 1;
    }
    if (cfg->threads < 1)
        cfg->threads = 1;
    ex = sweep_sobol_prepare(cfg, &sc, &s);
    /* Every rank fails alike on bad input (and each says so). */
    MPI_Allreduce(&ex, &exmax, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (exmax != CLI_OK)
        goto out;
    if (rank == 0)
        fprintf(stderr,
                "detente: Sobol indices from %zu base rows, seed %" PRIu64
                ", %d MPI ranks\n",
                cfg->draws, cfg->seed, size);
    t0 = sweep_now();
    ex = dt_sobol_compute(s, b, e, &err) == DT_OK ? CLI_OK
                                                  : sweep_sobol_fail(&err);
    MPI_Allreduce(&ex, &exmax, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (exmax != CLI_OK)
        goto out;
    rank_line(cfg, rank, "base rows", b, e, t0);
    exmax = sobol_gather(s, rank, size, cfg->draws);
    if (exmax != CLI_OK || rank != 0)
        goto out;
    exmax = dt_sobol_finish(s, &err) == DT_OK ? sweep_sobol_write(cfg, s)
                                              : sweep_sobol_fail(&err);
out:
    sweep_sobol_cleanup(cfg, sc, s);
    MPI_Bcast(&exmax, 1, MPI_INT, 0, MPI_COMM_WORLD);
    MPI_Finalize();
    return exmax;
}

#else

int sweep_have_mpi(void)
{
    return 0;
}

int sweep_mpi_main(struct sweep_cfg *cfg, int argc, char **argv)
{
    (void)cfg;
    (void)argc;
    (void)argv;
    cli_error("--mpi: this detente was built without MPI; install Open MPI "
              "(libopenmpi-dev) and rebuild (see docs/scaling.md)");
    return CLI_USAGE;
}

int sweep_sobol_mpi_main(struct sweep_cfg *cfg, int argc, char **argv)
{
    return sweep_mpi_main(cfg, argc, argv);
}

#endif
