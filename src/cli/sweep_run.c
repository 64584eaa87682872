/*
 * detente sweep: running the draws - SIGINT/SIGTERM handling, the
 * progress bar, preparing the sweep and running a range of draws with
 * checkpoints. Used by cmd_sweep.c and, for each rank's slice, by
 * sweep_mpi.c.
 */
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sweep_cli.h"

/* ----- Signals. ----- */

static volatile sig_atomic_t g_stop;

static void on_signal(int sig)
{
    (void)sig;
    /* A second Ctrl-C does not wait for the draws in hand or the output. */
    if (g_stop)
        _exit(130);
    g_stop = 1;
}

void sweep_install_signals(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

int sweep_stopped(void)
{
    return g_stop != 0;
}

/* ----- Progress. ----- */

double sweep_now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static void progress(size_t done, size_t total, double elapsed, int final)
{
    char bar[31];
    double frac = total ? (double)done / (double)total : 1.0;
    double rate = elapsed > 0.0 ? (double)done / elapsed : 0.0;
    double eta = rate > 0.0 ? (double)(total - done) / rate : 0.0;
    size_t k, fill = (size_t)(frac * 30.0);

    for (k = 0; k < 30; k++)
        bar[k] = k < fill ? '#' : '.';
    bar[30] = '\0';
    fprintf(stderr, "\r[%s] %3.0f%% %zu/%zu draws %8.0f draws/s ETA %02d:%02d",
            bar, 100.0 * frac, done, total, rate, (int)(eta / 60.0),
            (int)fmod(eta, 60.0));
    if (final)
        fputc('\n', stderr);
    fflush(stderr);
}

/* ----- Running. ----- */

int sweep_prepare(struct sweep_cfg *cfg, dt_scenario **sc, dt_sweep **s)
{
    dt_sweep_opts o = DT_SWEEP_OPTS_INIT;
    dt_error err;
    dt_status rc;
    int ex;

    *sc = NULL;
    *s = NULL;
    ex = cli_load_whatif(cfg->file, &cfg->wi, sc);
    if (ex != CLI_OK)
        return ex;
    if (!cfg->have_threads) {
        cfg->threads = cli_ncpu();
        if (cfg->threads > cfg->draws)
            cfg->threads = (unsigned)cfg->draws;
    }
    o.models = cfg->models;
    o.n_models = cfg->n_models;
    o.seed = cfg->seed;
    o.n_draws = cfg->draws;
    o.threads = cfg->threads;
    o.analysis = cfg->analysis;
    o.drop_each = cfg->drop_each;
    o.memory = cfg->memory;
    if (cfg->n_estimates) {
        size_t k;

        rc = dt_estimates_new(*sc, &cfg->est, &err);
        for (k = 0; rc == DT_OK && k < cfg->n_estimates; k++)
            rc = dt_estimates_add_file(cfg->est, cfg->estimates[k], &err);
        if (rc != DT_OK) {
            char buf[1024];

            dt_error_format(&err, buf, sizeof buf);
            cli_error("%s", buf);
            return cli_exit_for(rc);
        }
        o.estimates = cfg->est;
    }
    rc = dt_sweep_new(*sc, &o, s, &err);
    if (rc != DT_OK) {
        char buf[1024];

        dt_error_format(&err, buf, sizeof buf);
        if (rc == DT_ENOMEM && cfg->memory)
            cli_error("%s (a smaller --memory keeps fewer draws whole)", buf);
        else
            cli_error("%s", buf);
        return cli_exit_for(rc);
    }
    return CLI_OK;
}

void sweep_say_memory(const struct sweep_cfg *cfg, const dt_sweep *s)
{
    double mib = (double)dt_sweep_memory(s) / (1024.0 * 1024.0);
    size_t kept = dt_sweep_n_kept(s), n = dt_sweep_n_draws(s);

    if (kept < n)
        fprintf(stderr,
                "detente: memory: about %.0f MiB (--memory %zu bytes): the "
                "first %zu draws kept whole for the quantiles and influence, "
                "the other %zu streamed into exact sums%s\n",
                mib < 1.0 ? 1.0 : mib, cfg->memory, kept, n - kept,
                cfg->draws_out ? " (--draws-out writes the kept draws)" : "");
    else if (!cfg->quiet)
        fprintf(stderr, "detente: memory: about %.0f MiB, every draw kept\n",
                mib < 1.0 ? 1.0 : mib);
}

/*
 * Test hook: with DT_TEST_KILL_AFTER=K in the environment, the process
 * kills itself (SIGKILL) right after the first checkpoint holding at
 * least K draws, to test resuming (tests/unit/test_sweep_cli.c).
 */
static size_t kill_after(void)
{
    const char *e = getenv("DT_TEST_KILL_AFTER");

    return e && *e ? (size_t)strtoull(e, NULL, 10) : 0;
}

int sweep_run_range(const struct sweep_cfg *cfg, dt_sweep *s, size_t begin,
                    size_t end, int show_progress, struct sweep_status *st)
{
    /* One draw per thread first: slow draws (large scenarios) still move
       the bar; fast ones double the chunk at once (below). */
    size_t chunk = (size_t)cfg->threads, d = begin, todo = 0, done = 0;
    size_t kill = kill_after(), k;
    double t0 = sweep_now(), last_ckpt = t0, last_bar = 0.0;
    unsigned char *saved = NULL;
    size_t streamed = sweep_streamed_done(s);
    int exists = 0, ex = CLI_OK;
    dt_error err;

    todo = end - begin - dt_sweep_count_done(s, begin, end);
    if (cfg->checkpoint) {
        /* The draws done now are those read from the checkpoint (kept
         * draws by index; the streamed ones are saved as their sums). */
        saved = malloc(dt_sweep_n_kept(s) + 1);
        if (!saved) {
            cli_error("out of memory");
            return CLI_NOMEM;
        }
        for (k = 0; k < dt_sweep_n_kept(s); k++)
            saved[k] = dt_sweep_done(s, k) != 0;
        exists = access(cfg->checkpoint, F_OK) == 0;
    }
    while (d < end) {
        size_t e = d;
        double t1;
        dt_status rc;

        if (sweep_stopped()) {
            st->interrupted = 1;
            break;
        }
        if (dt_sweep_done(s, d)) {
            d++;
            continue;
        }
        while (e < end && e - d < chunk && !dt_sweep_done(s, e))
            e++;
        t1 = sweep_now();
        rc = dt_sweep_run(s, d, e, &err);
        if (rc != DT_OK) {
            char buf[1024];

            if (show_progress)
                fputc('\n', stderr);
            dt_error_format(&err, buf, sizeof buf);
            cli_error("%s", buf);
            free(saved);
            return cli_exit_for(rc);
        }
        done += e - d;
        d = e;
        /* Chunks of about a quarter second: responsive, cheap to fork. */
        if (sweep_now() - t1 < 0.125 && chunk < 65536)
            chunk *= 2;
        if (show_progress && (sweep_now() - last_bar > 0.1 || done == todo)) {
            progress(done, todo, sweep_now() - t0, done == todo);
            last_bar = sweep_now();
        }
        if (cfg->checkpoint &&
            (sweep_now() - last_ckpt > 10.0 || (kill && done >= kill))) {
            ex = sweep_ckpt_save(cfg, s, saved, &streamed, &exists);
            if (ex != CLI_OK) {
                free(saved);
                return ex;
            }
            last_ckpt = sweep_now();
            if (kill && done >= kill)
                raise(SIGKILL);
        }
    }
    if (show_progress && st->interrupted)
        fputc('\n', stderr);
    if (cfg->checkpoint)
        ex = sweep_ckpt_save(cfg, s, saved, &streamed, &exists);
    free(saved);
    return ex;
}
