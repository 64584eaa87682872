/*
 * detente sweep FILE --sobol: variance decomposition of every sweep
 * output (first-order and total Sobol indices with bootstrap intervals,
 * computed by the library, sobol.h) as a text table ranked by total
 * index, or JSON (schema detente-sobol/1). --draws is the number N of
 * base rows; the models run N (k + 2) times for k uncertain inputs. See
 * docs/sobol.md.
 */
#include <inttypes.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "sweep_cli.h"

static void est_text(FILE *f, const dt_sobol_est *e)
{
    if (isnan(e->est))
        fprintf(f, "  %6s %-17s", "-", "");
    else if (isnan(e->lo))
        fprintf(f, "  %6.3f %-17s", e->est, "");
    else
        fprintf(f, "  %6.3f [%6.3f, %6.3f]", e->est, e->lo, e->hi);
}

static void write_text(FILE *f, const struct sweep_cfg *cfg, const dt_sobol *s)
{
    const dt_sweep *sw = dt_sobol_sweep(s);
    const dt_sobol_opts *op = dt_sobol_get_opts(s);
    size_t o, t, k = dt_sobol_n_inputs(s), zero;

    fprintf(f,
            "Variance decomposition of %s\n"
            "seed %" PRIu64 ", %zu base rows, %zu %s, %zu model runs, "
            "%zu bootstrap resamples, %.0f%% intervals\n"
            "S1: first-order index (Saltelli et al. 2010); ST: total index "
            "(Jansen 1999)\n",
            cfg->file, op->seed, op->n_base, k,
            op->group_by == DT_SOBOL_BY_ACTOR   ? "actors (inputs grouped)"
            : op->group_by == DT_SOBOL_BY_ISSUE ? "issues (inputs grouped)"
                                                : "inputs",
            dt_sobol_n_runs(s), op->n_boot, 100.0 * op->level);
    for (o = 0; o < dt_sobol_n_outputs(s); o++) {
        const size_t *rk = dt_sobol_rank(s, o);
        double v = dt_sobol_variance(s, o);

        fprintf(f, "\n%s (variance %.6g, %zu rows)\n",
                dt_sweep_get_output(sw, o)->label, v, dt_sobol_n_used(s, o));
        if (!(v > 0.0)) {
            fputs("  constant over the draws: no indices\n", f);
            continue;
        }
        fprintf(f, "  %-40s  %-24s  %-24s\n", "input", "S1", "ST");
        for (t = 0, zero = 0; t < k; t++) {
            /* An input the output does not depend on has ST exactly 0. */
            if (dt_sobol_total(s, o, rk[t])->est == 0.0) {
                zero++;
                continue;
            }
            fprintf(f, "  %-40s", dt_sobol_input_label(s, rk[t]));
            est_text(f, dt_sobol_first(s, o, rk[t]));
            est_text(f, dt_sobol_total(s, o, rk[t]));
            fputc('\n', f);
        }
        if (zero)
            fprintf(f, "  (%zu inputs with ST = 0 not shown)\n", zero);
    }
}

static int check_cfg(const struct sweep_cfg *cfg)
{
    const char *bad = cfg->mpi          ? "--mpi"
                      : cfg->checkpoint ? "--checkpoint"
                      : cfg->draws_out  ? "--draws-out"
                      : cfg->drop_each  ? "--drop-each"
                                        : NULL;

    if (bad) {
        cli_error("--sobol cannot be combined with %s", bad);
        return CLI_USAGE;
    }
    if (cfg->format != CLI_FMT_TEXT && cfg->format != CLI_FMT_JSON) {
        cli_error("--sobol writes a table or json (--format table or json)");
        return CLI_USAGE;
    }
    if (cfg->draws < 2) {
        cli_error("--sobol needs --draws of at least 2 base rows, got %zu",
                  cfg->draws);
        return CLI_USAGE;
    }
    return CLI_OK;
}

static int load_estimates(struct sweep_cfg *cfg, dt_scenario *sc)
{
    dt_error err;
    dt_status rc;
    size_t k;

    rc = dt_estimates_new(sc, &cfg->est, &err);
    for (k = 0; rc == DT_OK && k < cfg->n_estimates; k++)
        rc = dt_estimates_add_file(cfg->est, cfg->estimates[k], &err);
    if (rc != DT_OK) {
        char buf[1024];

        dt_error_format(&err, buf, sizeof buf);
        cli_error("%s", buf);
        return cli_exit_for(rc);
    }
    return CLI_OK;
}

int sweep_sobol_main(struct sweep_cfg *cfg)
{
    dt_sweep_opts so = DT_SWEEP_OPTS_INIT;
    dt_sobol_opts o = DT_SOBOL_OPTS_INIT;
    dt_scenario *sc = NULL;
    dt_sobol *s = NULL;
    dt_error err;
    dt_status rc;
    cli_out out;
    int ex = check_cfg(cfg);

    if (ex != CLI_OK)
        return ex;
    if (!cfg->have_seed)
        cfg->seed = cli_draw_seed();
    ex = cli_load_whatif(cfg->file, &cfg->wi, &sc);
    if (ex != CLI_OK)
        return ex;
    if (cfg->n_estimates) {
        ex = load_estimates(cfg, sc);
        if (ex != CLI_OK)
            goto done;
        so.estimates = cfg->est;
    }
    if (!cfg->have_threads) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);

        cfg->threads = n > 0 ? (unsigned)(n > 64 ? 64 : n) : 1;
    }
    so.models = cfg->models;
    so.n_models = cfg->n_models;
    so.analysis = cfg->analysis;
    o.seed = cfg->seed;
    o.n_base = cfg->draws;
    o.group_by = (dt_sobol_group_by)cfg->group_by;
    o.threads = cfg->threads;
    fprintf(stderr,
            "detente: Sobol indices from %zu base rows, seed %" PRIu64 "\n",
            cfg->draws, cfg->seed);
    rc = dt_sobol_scenario(sc, &so, &o, &s, &err);
    if (rc != DT_OK) {
        char buf[1024];

        dt_error_format(&err, buf, sizeof buf);
        cli_error("%s", buf);
        ex = cli_exit_for(rc);
        goto done;
    }
    ex = cli_out_open(&out, cfg->out);
    if (ex != CLI_OK)
        goto done;
    if (cfg->format == CLI_FMT_JSON) {
        ex = cli_out_finish(
            &out, dt_sobol_write_json(s, cli_file_write, out.f, &err), &err);
    } else {
        write_text(out.f, cfg, s);
        ex = cli_out_finish(&out, DT_OK, &err);
    }
done:
    dt_sobol_free(s);
    dt_estimates_free(cfg->est);
    cfg->est = NULL;
    dt_scenario_free(sc);
    return ex;
}
