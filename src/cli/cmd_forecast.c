/*
 * detente forecast FILE: run the chosen models on every issue of a
 * scenario (the library's forecast driver) and print the forecasts as a
 * terminal table, Markdown, CSV or JSON. Model options come from a
 * preset, then from flags (flags win); smp's from the file (KTAB XML),
 * then from flags.
 */
#include <getopt.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void forecast_usage(FILE *f)
{
    const char *const *p;
    char list[256];

    dt_forecast_model_list(list, sizeof list);
    fputs("usage: detente forecast FILE [options]\n\n"
          "Forecasts where the bargaining settles on each issue of the "
          "scenario.\n\n"
          "options:\n"
          "  --model LIST        ",
          f);
    fprintf(f, "%s or all\n", list);
    fputs("                      (default all: every one-issue model; smp "
          "and\n"
          "                      exchange take all issues at once and run "
          "only\n"
          "                      when named); a comma-separated list or a\n"
          "                      repeated option\n"
          "  --format FMT        table (default), markdown, html, pdf, json\n"
          "                      or csv\n"
          "  --trajectory        add the round-by-round positions\n"
          "  --exchanges WHICH   summary (default: over 10 exchanges, per "
          "issue the\n"
          "                      3 that moved it most) or all\n"
          "  -o, --out FILE      write to FILE (atomically) instead of "
          "stdout\n"
          "  --phase ID          the scenario as of phase ID (its phases\n"
          "                      applied in order, its observed outcome);\n"
          "                      all: every phase in turn, each scored\n"
          "  --require-convergence\n"
          "                      exit 1 when a model stops on a cycle or "
          "the round cap\n"
          "  --progress          show the progress line on stderr from the "
          "start,\n"
          "                      also when stderr is not a terminal (by "
          "default\n"
          "                      it shows on a terminal after 2 seconds)\n"
          "  --quiet             no progress line\n"
          "  --preset NAME       expected-utility preset:",
          f);
    for (p = dt_model_presets(); *p; p++)
        fprintf(f, " %s", *p);
    fputs("\n\nEach issue ends with why: eu's moves that shifted its "
          "median most,\nnbs's reason for no agreement, the red lines "
          "each forecast crosses\n(docs/models.md, \"Explanations\"). "
          "--rounds caps eu and exchange.\n",
          f);
    fputc('\n', f);
    cli_whatif_help(f, "--lever ID");
    fputs("\nexpected-utility options (applied after --preset):\n", f);
    cli_opt_keys_help(f, "model");
    fputs("\nsmp options (KTAB's spatial model, all issues at once):\n", f);
    cli_opt_keys_help(f, "smp");
    fputs("\nexit codes: 0 ok, 1 not converged (with "
          "--require-convergence),\n2 usage, 3 invalid scenario, 4 I/O, 5 out "
          "of memory.\n",
          f);
}

struct fc_config {
    const char *file;                           /* scenario path */
    const char *models[DT_FORECAST_MAX_MODELS]; /* names, in order */
    size_t n_models;                            /* entries in models */
    char model_buf[512];                        /* --model words */
    size_t model_len;                           /* used in model_buf */
    const char *preset;                         /* or NULL */
    const char *phase;                          /* --phase, or NULL */
    int format;                                 /* cli_format */
    int trajectory;                             /* --trajectory */
    int require_convergence;                    /* --require-convergence */
    int all_exchanges;                          /* --exchanges all */
    int progress;                               /* --progress */
    int quiet;                                  /* --quiet */
    const char *out;                            /* output path or NULL */
    const char **key_vals;                      /* per option key, or NULL */
    cli_whatif wi;                              /* --lever, --set */
};

/* Split a --model argument into model names (checked, kept once). */
static int add_models(struct fc_config *cfg, const char *arg)
{
    char *p, *save = NULL, *buf = cfg->model_buf + cfg->model_len;
    size_t len = strlen(arg) + 1;

    if (cfg->model_len + len > sizeof cfg->model_buf) {
        cli_error("--model: too many models");
        return CLI_USAGE;
    }
    memcpy(buf, arg, len);
    cfg->model_len += len;
    for (p = strtok_r(buf, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
        const char *const *n;
        size_t i;

        for (n = dt_forecast_model_names(); *n; n++)
            if (strcmp(*n, p) == 0)
                break;
        if (!*n && strcmp(p, "all") != 0) {
            char list[256];

            dt_forecast_model_list(list, sizeof list);
            cli_error("unknown model '%s' (expected %s or all)", p, list);
            return CLI_USAGE;
        }
        for (i = 0; i < cfg->n_models; i++)
            if (strcmp(cfg->models[i], p) == 0)
                break;
        if (i == cfg->n_models && cfg->n_models < DT_FORECAST_MAX_MODELS)
            cfg->models[cfg->n_models++] = p;
    }
    return CLI_OK;
}

enum {
    OPT_MODEL = 256,
    OPT_FORMAT,
    OPT_TRAJECTORY,
    OPT_REQUIRE,
    OPT_PRESET,
    OPT_PHASE,
    OPT_EXCHANGES,
    OPT_PROGRESS,
    OPT_QUIET,
    OPT_KEY /* option keys: OPT_KEY + index in the library's table */
};

static int parse_args(int argc, char **argv, struct fc_config *cfg,
                      struct option *longopts)
{
    static const struct option fixed[] = {
        {"help", no_argument, NULL, 'h'},
        {"out", required_argument, NULL, 'o'},
        {"model", required_argument, NULL, OPT_MODEL},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"trajectory", no_argument, NULL, OPT_TRAJECTORY},
        {"require-convergence", no_argument, NULL, OPT_REQUIRE},
        {"preset", required_argument, NULL, OPT_PRESET},
        {"phase", required_argument, NULL, OPT_PHASE},
        CLI_WHATIF_LONGOPTS,
        {"exchanges", required_argument, NULL, OPT_EXCHANGES},
        {"progress", no_argument, NULL, OPT_PROGRESS},
        {"quiet", no_argument, NULL, OPT_QUIET},
    };
    const size_t n_fixed = sizeof fixed / sizeof fixed[0];
    int rc;

    memcpy(longopts, fixed, sizeof fixed);
    cli_opt_keys_options(longopts + n_fixed, OPT_KEY);
    optind = 1;
    opterr = 0;
    for (;;) {
        int c = getopt_long(argc, argv, "ho:", longopts, NULL);

        if (c == -1)
            break;
        switch (c) {
        case 'h':
            forecast_usage(stdout);
            return -1;
        case 'o':
            cfg->out = optarg;
            break;
        case OPT_MODEL:
            rc = add_models(cfg, optarg);
            if (rc != CLI_OK)
                return rc;
            break;
        case OPT_FORMAT:
            if (!cli_format("format", optarg,
                            CLI_FMT_PAGES | CLI_FMT_JSON | CLI_FMT_CSV,
                            &cfg->format))
                return CLI_USAGE;
            break;
        case OPT_TRAJECTORY:
            cfg->trajectory = 1;
            break;
        case OPT_REQUIRE:
            cfg->require_convergence = 1;
            break;
        case OPT_PRESET:
            cfg->preset = optarg;
            break;
        case OPT_PHASE:
            cfg->phase = optarg;
            break;
        case OPT_PROGRESS:
            cfg->progress = 1;
            break;
        case OPT_QUIET:
            cfg->quiet = 1;
            break;
        case CLI_OPT_LEVER:
        case CLI_OPT_SET:
            if (cli_whatif_opt(&cfg->wi, c, optarg) < 0)
                return CLI_INTERNAL;
            break;
        case OPT_EXCHANGES:
            if (strcmp(optarg, "all") != 0 && strcmp(optarg, "summary") != 0) {
                cli_error("--exchanges expects all or summary, got '%s'",
                          optarg);
                return CLI_USAGE;
            }
            cfg->all_exchanges = strcmp(optarg, "all") == 0;
            break;
        case '?':
        case ':':
            return cli_bad_option("forecast", argv, longopts, "ho:");
        default:
            /* An option key: remembered, applied after the preset. */
            cfg->key_vals[c - OPT_KEY] = optarg ? optarg : "on";
            break;
        }
    }
    if (argc - optind != 1) {
        cli_error("forecast takes exactly one FILE; see 'detente forecast "
                  "--help'");
        return CLI_USAGE;
    }
    cfg->file = argv[optind];
    return CLI_OK;
}

/* The preset, then the model keys; checked. Returns an exit code. */
static int model_options(const struct fc_config *cfg, dt_forecast_opts *o)
{
    dt_error err;

    if (cfg->preset &&
        dt_model_opts_preset(&o->model, cfg->preset, &err) != DT_OK) {
        cli_error("%s", err.msg);
        return CLI_USAGE;
    }
    if (!cli_opt_keys_apply(o, "model", cfg->key_vals))
        return CLI_USAGE;
    if (dt_model_opts_check(&o->model, &err) != DT_OK) {
        cli_error("%s", err.msg);
        return CLI_USAGE;
    }
    return CLI_OK;
}

/*
 * smp's options: the defaults (every available core), then the file's
 * model parameters (KTAB XML), then the --smp-* flags. *acc receives
 * the ideal-accommodation matrix when the file has one.
 */
static int smp_options(const struct fc_config *cfg, const dt_scenario *sc,
                       dt_forecast_opts *o, double **acc)
{
    size_t n = dt_scenario_n_actors(sc);
    dt_error err;

    o->smp.threads = cli_ncpu();
    if (dt_scenario_n_ideal_adjusts(sc) > 0) {
        *acc = malloc((n ? n * n : 1) * sizeof **acc);
        if (!*acc) {
            cli_error("out of memory");
            return CLI_NOMEM;
        }
    }
    if (dt_smp_opts_from_scenario(sc, &o->smp, *acc, &err) != DT_OK) {
        char buf[512];

        dt_error_format(&err, buf, sizeof buf);
        fprintf(stderr, "%s\n", buf);
        cli_error("'%s': model parameters not supported", cfg->file);
        return CLI_INVALID;
    }
    return cli_opt_keys_apply(o, "smp", cfg->key_vals) ? CLI_OK : CLI_USAGE;
}

/*
 * --phase all: every phase of sc in turn (the scenario as of that phase,
 * then the what-ifs), each forecast scored against its own observed
 * outcome, one document with a heading per phase.
 */
static int forecast_phases(const struct fc_config *cfg,
                           const dt_forecast_opts *base, const dt_scenario *sc)
{
    size_t k, n = dt_scenario_n_phases(sc);
    dt_doc_opts dopts = DT_DOC_OPTS_INIT;
    dt_doc *d;
    int rc = CLI_OK, unconverged = 0;

    if (cfg->format == CLI_FMT_JSON || cfg->format == CLI_FMT_CSV) {
        cli_error("--phase all writes a table, Markdown, HTML or PDF; ask "
                  "for one phase at a time (--phase ID) for %s",
                  cfg->format == CLI_FMT_JSON ? "JSON" : "CSV");
        return CLI_USAGE;
    }
    if (n == 0) {
        cli_error("--phase all: %s has no phases", cfg->file);
        return CLI_USAGE;
    }
    if (!(d = cli_doc_new()))
        return CLI_NOMEM;
    dopts.rounds = cfg->trajectory;
    dopts.preset = cfg->preset;
    dopts.all_exchanges = cfg->all_exchanges;
    dopts.formats = (unsigned)cfg->format;
    for (k = 0; rc == CLI_OK && k < n; k++) {
        dt_forecast_opts o = *base;
        dt_scenario *at = NULL;
        dt_forecast *fc = NULL;
        double *acc = NULL;
        dt_error err;

        rc = cli_at_phase_k(sc, k, &at);
        if (rc == CLI_OK)
            rc = cli_whatif_apply(&cfg->wi, cfg->file, &at);
        if (rc == CLI_OK)
            rc = smp_options(cfg, at, &o, &acc);
        if (rc == CLI_OK && dt_forecast_new(at, cfg->models, cfg->n_models, &o,
                                            &fc, &err) != DT_OK) {
            cli_error("phase '%s': %s", dt_scenario_phase(sc, k)->id, err.msg);
            rc = err.code == DT_ENOMEM ? CLI_NOMEM : CLI_INVALID;
        }
        if (rc == CLI_OK) {
            cli_phase_heading(d, sc, k);
            rc = cli_doc_status(dt_forecast_doc(fc, &dopts, d, &err), &err);
        }
        if (rc == CLI_OK && cfg->require_convergence &&
            !dt_forecast_converged(fc)) {
            cli_error("phase '%s': a model did not converge (see the stop "
                      "reasons)",
                      dt_scenario_phase(sc, k)->id);
            unconverged = 1;
        }
        dt_forecast_free(fc);
        free(acc);
        dt_scenario_free(at);
    }
    if (rc == CLI_OK)
        rc = cli_write_doc(cfg->out, cfg->format, d);
    dt_doc_free(d);
    return rc == CLI_OK && unconverged ? CLI_NOT_CONVERGED : rc;
}

int cmd_forecast(int argc, char **argv)
{
    struct fc_config cfg;
    dt_forecast_opts o = DT_FORECAST_OPTS_INIT;
    dt_doc_opts dopts = DT_DOC_OPTS_INIT;
    size_t n_keys = dt_forecast_n_keys();
    struct option *longopts = calloc(n_keys + 20, sizeof *longopts);
    cli_progress pg;
    dt_scenario *sc = NULL;
    dt_forecast *fc = NULL;
    double *acc = NULL;
    dt_error err;
    int rc;

    memset(&cfg, 0, sizeof cfg);
    cfg.format = CLI_FMT_TEXT;
    cfg.key_vals = calloc(n_keys + 1, sizeof *cfg.key_vals);
    if (!longopts || !cfg.key_vals) {
        cli_error("out of memory");
        rc = CLI_NOMEM;
        goto done;
    }
    rc = parse_args(argc, argv, &cfg, longopts);
    if (rc != CLI_OK) {
        rc = rc < 0 ? CLI_OK : rc;
        goto done;
    }
    rc = model_options(&cfg, &o);
    if (rc != CLI_OK)
        goto done;
    cli_progress_init(&pg, "forecast", cfg.progress, cfg.quiet);
    o.progress = pg.on ? cli_progress_forecast : NULL;
    o.progress_ud = &pg;
    rc = cli_load(cfg.file, &sc);
    if (rc == CLI_OK && cfg.phase && cli_phase_all(sc, cfg.phase)) {
        rc = forecast_phases(&cfg, &o, sc);
        cli_progress_end(&pg);
        goto done;
    }
    if (rc == CLI_OK && cfg.phase)
        rc = cli_at_phase(&sc, cfg.phase);
    if (rc == CLI_OK)
        rc = cli_whatif_apply(&cfg.wi, cfg.file, &sc);
    if (rc != CLI_OK)
        goto done;
    rc = smp_options(&cfg, sc, &o, &acc);
    if (rc != CLI_OK)
        goto done;
    rc = dt_forecast_new(sc, cfg.models, cfg.n_models, &o, &fc, &err) == DT_OK
             ? CLI_OK
             : CLI_INVALID;
    cli_progress_end(&pg);
    if (rc != CLI_OK) {
        cli_error("%s", err.msg);
        rc = err.code == DT_ENOMEM ? CLI_NOMEM : CLI_INVALID;
        goto done;
    }
    dopts.rounds = cfg.trajectory;
    dopts.preset = cfg.preset;
    dopts.all_exchanges = cfg.all_exchanges;
    dopts.formats = cfg.format == CLI_FMT_JSON ? 0 : (unsigned)cfg.format;
    if (cfg.format == CLI_FMT_JSON) {
        cli_out out;

        rc = cli_out_open(&out, cfg.out);
        if (rc == CLI_OK)
            rc = cli_out_finish(
                &out,
                dt_forecast_write_json(fc, &dopts, cli_file_write, out.f, &err),
                &err);
    } else {
        dt_doc *d = cli_doc_new();

        rc = d ? cli_doc_status(dt_forecast_doc(fc, &dopts, d, &err), &err)
               : CLI_NOMEM;
        if (rc == CLI_OK)
            rc = cli_write_doc(cfg.out, cfg.format, d);
        dt_doc_free(d);
    }
    if (rc == CLI_OK && cfg.require_convergence && !dt_forecast_converged(fc)) {
        cli_error("a model did not converge (see the stop reasons)");
        rc = CLI_NOT_CONVERGED;
    }
done:
    dt_forecast_free(fc);
    free(acc);
    dt_scenario_free(sc);
    free(longopts);
    free(cfg.key_vals);
    cli_whatif_free(&cfg.wi);
    return rc;
}
