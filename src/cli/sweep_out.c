/*
 * detente sweep: the outputs, written by the library (doc.h) to the
 * files the options name, atomically: the summaries as a table,
 * Markdown, CSV or JSON, and with --draws-out every draw as CSV; with
 * --oat the one-at-a-time sensitivities instead.
 */
#include "sweep_cli.h"

int sweep_write(const struct sweep_cfg *cfg, const dt_sweep *s,
                const struct sweep_status *st)
{
    dt_doc_opts o = DT_DOC_OPTS_INIT;
    dt_error err;
    int rc;

    o.file = cfg->file;
    o.interrupted = st->interrupted;
    o.formats = cfg->format == CLI_FMT_JSON ? 0 : (unsigned)cfg->format;
    if (cfg->format == CLI_FMT_JSON) {
        cli_out out;

        rc = cli_out_open(&out, cfg->out);
        if (rc == CLI_OK)
            rc = cli_out_finish(
                &out, dt_sweep_write_json(s, &o, cli_file_write, out.f, &err),
                &err);
    } else {
        dt_doc *d = cli_doc_new();

        rc = d ? cli_doc_status(dt_sweep_doc(s, &o, d, &err), &err) : CLI_NOMEM;
        if (rc == CLI_OK)
            rc = cli_write_doc(cfg->out, cfg->format, d);
        dt_doc_free(d);
    }
    return rc;
}

int sweep_write_draws(const struct sweep_cfg *cfg, const dt_sweep *s)
{
    cli_out out;
    dt_error err;
    int rc = cli_out_open(&out, cfg->draws_out);

    if (rc != CLI_OK)
        return rc;
    return cli_out_finish(
        &out, dt_sweep_write_draws_csv(s, cli_file_write, out.f, &err), &err);
}

int sweep_write_oat(const struct sweep_cfg *cfg, const dt_oat *oat)
{
    dt_doc_opts o = DT_DOC_OPTS_INIT;
    dt_error err;
    int rc;

    o.file = cfg->file;
    o.formats = cfg->format == CLI_FMT_JSON ? 0 : (unsigned)cfg->format;
    if (cfg->format == CLI_FMT_JSON) {
        cli_out out;

        rc = cli_out_open(&out, cfg->out);
        if (rc == CLI_OK)
            rc = cli_out_finish(
                &out, dt_oat_write_json(oat, &o, cli_file_write, out.f, &err),
                &err);
    } else {
        dt_doc *d = cli_doc_new();

        rc = d ? cli_doc_status(dt_oat_doc(oat, &o, d, &err), &err) : CLI_NOMEM;
        if (rc == CLI_OK)
            rc = cli_write_doc(cfg->out, cfg->format, d);
        dt_doc_free(d);
    }
    return rc;
}
