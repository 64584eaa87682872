/*
 * detente sweep FILE --sobol: variance decomposition of every sweep
 * output (first-order and total Sobol indices with bootstrap intervals,
 * computed by the library, sobol.h) as the library's document (tables
 * ranked by total index, dt_sobol_doc) or JSON (schema detente-sobol/1).
 * --draws is the number N of base rows; the models run N (k + 2) times for k
 * uncertain inputs. See docs/sobol.md.
 */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "sweep_cli.h"

static int check_cfg(const struct sweep_cfg *cfg)
{
    const char *bad = cfg->checkpoint  ? "--checkpoint"
                      : cfg->draws_out ? "--draws-out"
                      : cfg->drop_each ? "--drop-each"
                                       : NULL;

    if (bad) {
        cli_error("--sobol cannot be combined with %s", bad);
        return CLI_USAGE;
    }
    if (cfg->format == CLI_FMT_CSV) {
        cli_error("--sobol writes a table, markdown, html, pdf or json, not "
                  "csv");
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

/*
 * Load the scenario (and estimates) and plan the study (no model run
 * yet): *sc and *s are set on success; on failure the caller still
 * calls sweep_sobol_cleanup. cfg->seed and cfg->threads must be set.
 */
int sweep_sobol_prepare(struct sweep_cfg *cfg, dt_scenario **sc, dt_sobol **s)
{
    dt_sweep_opts so = DT_SWEEP_OPTS_INIT;
    dt_sobol_opts o = DT_SOBOL_OPTS_INIT;
    dt_error err;
    dt_status rc;
    int ex = check_cfg(cfg);

    if (ex != CLI_OK)
        return ex;
    ex = cli_load_whatif(cfg->file, &cfg->wi, sc);
    if (ex != CLI_OK)
        return ex;
    if (cfg->n_estimates) {
        ex = load_estimates(cfg, *sc);
        if (ex != CLI_OK)
            return ex;
        so.estimates = cfg->est;
    }
    so.models = cfg->models;
    so.n_models = cfg->n_models;
    so.analysis = cfg->analysis;
    o.seed = cfg->seed;
    o.n_base = cfg->draws;
    o.group_by = (dt_sobol_group_by)cfg->group_by;
    o.threads = cfg->threads;
    rc = dt_sobol_scenario_new(*sc, &so, &o, s, &err);
    return rc == DT_OK ? CLI_OK : sweep_sobol_fail(&err);
}

int sweep_sobol_fail(const dt_error *err)
{
    char buf[1024];

    dt_error_format(err, buf, sizeof buf);
    cli_error("%s", buf);
    return cli_exit_for(err->code);
}

/* The finished study as the library's document or JSON, to cfg->out. */
int sweep_sobol_write(const struct sweep_cfg *cfg, const dt_sobol *s)
{
    dt_error err;
    int ex;

    if (cfg->format == CLI_FMT_JSON) {
        cli_out out;

        ex = cli_out_open(&out, cfg->out);
        if (ex == CLI_OK)
            ex = cli_out_finish(
                &out, dt_sobol_write_json(s, cli_file_write, out.f, &err),
                &err);
    } else {
        dt_doc_opts dopt = DT_DOC_OPTS_INIT;
        dt_doc *d = cli_doc_new();

        dopt.file = cfg->file;
        dopt.formats = (unsigned)cfg->format;
        ex = d ? cli_doc_status(dt_sobol_doc(s, &dopt, d, &err), &err)
               : CLI_NOMEM;
        if (ex == CLI_OK)
            ex = cli_write_doc(cfg->out, cfg->format, d);
        dt_doc_free(d);
    }
    return ex;
}

void sweep_sobol_cleanup(struct sweep_cfg *cfg, dt_scenario *sc, dt_sobol *s)
{
    dt_sobol_free(s);
    dt_estimates_free(cfg->est);
    cfg->est = NULL;
    dt_scenario_free(sc);
}

int sweep_sobol_main(struct sweep_cfg *cfg)
{
    dt_scenario *sc = NULL;
    dt_sobol *s = NULL;
    dt_error err;
    int ex;

    if (!cfg->have_seed)
        cfg->seed = cli_draw_seed();
    if (!cfg->have_threads)
        cfg->threads = cli_ncpu();
    ex = sweep_sobol_prepare(cfg, &sc, &s);
    if (ex == CLI_OK) {
        fprintf(stderr,
                "detente: Sobol indices from %zu base rows, seed %" PRIu64 "\n",
                cfg->draws, cfg->seed);
        if (dt_sobol_compute(s, 0, cfg->draws, &err) != DT_OK ||
            dt_sobol_finish(s, &err) != DT_OK)
            ex = sweep_sobol_fail(&err);
    }
    if (ex == CLI_OK)
        ex = sweep_sobol_write(cfg, s);
    sweep_sobol_cleanup(cfg, sc, s);
    return ex;
}
