/*
 * detente sweep: shared declarations of the command's files -
 * cmd_sweep.c (options, the command), sweep_run.c (run loop, signals,
 * progress), sweep_out.c (the outputs, written by the library),
 * sweep_ckpt.c (--checkpoint) and sweep_mpi.c (--mpi, only with
 * DT_HAVE_MPI). Calls go one way: cmd_sweep.c -> sweep_mpi.c ->
 * sweep_run.c -> sweep_ckpt.c, sweep_out.c.
 */
#ifndef DT_SWEEP_CLI_H
#define DT_SWEEP_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "cli.h"

struct sweep_cfg {
    const char *file;     /* scenario path */
    char models_buf[256]; /* --model list, split in place */
    const char *model_names[16];
    size_t n_models;
    const dt_model_type *models[16];
    size_t draws;               /* --draws */
    size_t memory;              /* --memory bytes (0: keep every draw) */
    uint64_t seed;              /* --seed or drawn */
    int have_seed;              /* --seed given */
    unsigned threads;           /* --threads (0 = default) */
    int have_threads;           /* --threads given */
    int format;                 /* --format (enum cli_fmt) */
    const char *out;            /* --out or NULL */
    const char *draws_out;      /* --draws-out or NULL */
    const char *checkpoint;     /* --checkpoint or NULL */
    int drop_each;              /* --drop-each */
    int quiet;                  /* --quiet */
    int progress;               /* --progress: the bar off a terminal too */
    int mpi;                    /* --mpi */
    int sobol;                  /* --sobol */
    int group_by;               /* --group-by (dt_sobol_group_by) */
    int oat;                    /* --oat: one-at-a-time instead of draws */
    dt_sweep_analysis analysis; /* --analysis */
    cli_whatif wi;              /* --lever, --set */
    const char *estimates[DT_ESTIMATES_MAX_ANALYSTS]; /* --estimates files */
    size_t n_estimates;
    dt_estimates *est; /* loaded by sweep_prepare; freed after the sweep,
                          before the scenario */
};

/* What happened to the run, for the outputs' notes. */
struct sweep_status {
    int interrupted; /* stopped by SIGINT/SIGTERM before the end */
    size_t resumed;  /* draws read from the checkpoint */
};

/* sweep_out.c */
int sweep_write(const struct sweep_cfg *cfg, const dt_sweep *s,
                const struct sweep_status *st);
int sweep_write_draws(const struct sweep_cfg *cfg, const dt_sweep *s);
int sweep_write_oat(const struct sweep_cfg *cfg, const dt_oat *o);

/*
 * sweep_ckpt.c: a fingerprint of the file and the options that change
 * results; load what a checkpoint holds (returns draws loaded, or -1 with
 * a message printed); save the done draws not yet saved (saved[d] per
 * kept draw, updated; *streamed: streamed draws done at the last save,
 * updated): when *exists is 0, a new file written atomically (then
 * *exists is set), else appended to the file. Returns the exit code.
 */
uint64_t sweep_fingerprint(const struct sweep_cfg *cfg, const dt_sweep *s);
size_t sweep_streamed_done(const dt_sweep *s); /* draws past the kept ones */
long long sweep_ckpt_load(const struct sweep_cfg *cfg, dt_sweep *s);
int sweep_ckpt_save(const struct sweep_cfg *cfg, const dt_sweep *s,
                    unsigned char *saved, size_t *streamed, int *exists);

/*
 * sweep_mpi.c: run the sweep split across MPI ranks; rank 0 gathers,
 * reduces and writes. Returns the exit code (2 with a message when the
 * build has no MPI).
 */
int sweep_mpi_main(struct sweep_cfg *cfg, int argc, char **argv);
/*
 * sweep_sobol.c: --sobol, the variance decomposition (docs/sobol.md), in
 * one process. Returns the exit code, with a message printed. The parts,
 * for sweep_mpi.c: prepare (load and plan; cfg->seed and cfg->threads
 * set), write the finished study, report a library error (returns its
 * exit code), free.
 */
int sweep_sobol_main(struct sweep_cfg *cfg);
int sweep_sobol_prepare(struct sweep_cfg *cfg, dt_scenario **sc, dt_sobol **s);
int sweep_sobol_write(const struct sweep_cfg *cfg, const dt_sobol *s);
int sweep_sobol_fail(const dt_error *err);
void sweep_sobol_cleanup(struct sweep_cfg *cfg, dt_scenario *sc, dt_sobol *s);
/*
 * sweep_mpi.c: --sobol --mpi. Rank r computes the base rows
 * [N r / K, N (r + 1) / K); rank 0 gathers every row's model outputs,
 * computes the indices and writes them: the same bytes as one process.
 */
int sweep_sobol_mpi_main(struct sweep_cfg *cfg, int argc, char **argv);

/* Whether this build has MPI. */
int sweep_have_mpi(void);

/*
 * sweep_run.c, for cmd_sweep.c and sweep_mpi.c: set up (load the file,
 * default the thread count, create the sweep) and run draws [begin, end)
 * with progress and checkpoints. Both return the exit code, with a
 * message printed.
 */
int sweep_prepare(struct sweep_cfg *cfg, dt_scenario **sc, dt_sweep **s);
int sweep_run_range(const struct sweep_cfg *cfg, dt_sweep *s, size_t begin,
                    size_t end, int show_progress, struct sweep_status *st);
/*
 * Whether SIGINT/SIGTERM arrived since sweep_install_signals (a second
 * one ends the process at once, exit 130).
 */
int sweep_stopped(void);
/*
 * The memory line on stderr ("about X MiB ..."), before any draw: always
 * when draws will be streamed, else unless --quiet.
 */
void sweep_say_memory(const struct sweep_cfg *cfg, const dt_sweep *s);
void sweep_install_signals(void);
/* Monotonic clock, in seconds. */
double sweep_now(void);

#endif
