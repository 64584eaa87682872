/*
 * detente analyze FILE: the summit analysis of a scenario - table vs
 * everyone, the zone of agreement, the Nash deal, support and durability,
 * and what each pressure lever changes - as the library's document
 * (terminal text or Markdown) or JSON.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void analyze_usage(FILE *f)
{
    fputs("usage: detente analyze FILE [options]\n\n"
          "Analyses a summit: forecasts with the table and with every "
          "stakeholder,\nthe zone of possible agreement among the table "
          "actors (a linear program),\nthe Nash bargaining deal, who "
          "supports it and how durable it is, and\nwhat each pressure "
          "lever changes. See docs/analysis.md.\n\n"
          "options:\n"
          "  --model NAME        forecast model: eu (default), mean or "
          "median\n"
          "  --lever ID          study this lever (repeatable; default "
          "every lever)\n"
          "  --pairs             also study every pair of the levers\n"
          "  --weights W         Nash weights: equal (default) or "
          "capability\n"
          "  --phase ID          the scenario as of phase ID (its phases\n"
          "                      applied in order, its observed outcome);\n"
          "                      all: every phase in turn, each scored\n"
          "  --format FMT        table (default), markdown, html, pdf or json\n"
          "  -o, --out FILE      write to FILE (atomically) instead of "
          "stdout\n"
          "  --progress          show the progress line on stderr from the "
          "start,\n"
          "                      also when stderr is not a terminal (by "
          "default\n"
          "                      it shows on a terminal after 2 seconds)\n"
          "  --quiet             no progress line\n",
          f);
    cli_whatif_help(f, "--apply-lever ID");
    fputs("\nexit codes: 0 ok, 2 usage, 3 invalid scenario or input "
          "for the\nanalysis, 4 I/O, 5 out of memory, 70 internal.\n",
          f);
}

struct an_config {
    const char *file;    /* scenario path */
    const char *model;   /* model name */
    const char **levers; /* lever ids (argv), n_levers entries */
    size_t n_levers;     /* entries in levers */
    int pairs;           /* --pairs */
    dt_nash_weights w;   /* --weights */
    int format;          /* cli_format */
    const char *out;     /* output path or NULL */
    const char *phase;   /* --phase, or NULL */
    cli_whatif wi;       /* --apply-lever, --set */
    int progress;        /* --progress */
    int quiet;           /* --quiet */
};

enum {
    OPT_MODEL = 256,
    OPT_LEVER,
    OPT_PAIRS,
    OPT_WEIGHTS,
    OPT_FORMAT,
    OPT_PHASE,
    OPT_PROGRESS,
    OPT_QUIET
};

static int parse_args(int argc, char **argv, struct an_config *cfg)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {"out", required_argument, NULL, 'o'},
        {"model", required_argument, NULL, OPT_MODEL},
        {"lever", required_argument, NULL, OPT_LEVER},
        {"pairs", no_argument, NULL, OPT_PAIRS},
        {"weights", required_argument, NULL, OPT_WEIGHTS},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"phase", required_argument, NULL, OPT_PHASE},
        {"apply-lever", required_argument, NULL, CLI_OPT_LEVER},
        {"set", required_argument, NULL, CLI_OPT_SET},
        {"progress", no_argument, NULL, OPT_PROGRESS},
        {"quiet", no_argument, NULL, OPT_QUIET},
        {NULL, 0, NULL, 0},
    };

    static const char *const weight_names[] = {"equal", "capability", NULL};
    int k;

    optind = 1;
    opterr = 0;
    for (;;) {
        int c = getopt_long(argc, argv, "ho:", longopts, NULL);

        if (c == -1)
            break;
        switch (c) {
        case 'h':
            analyze_usage(stdout);
            return -1;
        case 'o':
            cfg->out = optarg;
            break;
        case OPT_MODEL:
            cfg->model = optarg;
            break;
        case OPT_LEVER:
            cfg->levers[cfg->n_levers++] = optarg;
            break;
        case OPT_PAIRS:
            cfg->pairs = 1;
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
        case OPT_WEIGHTS:
            /* In dt_nash_weights order. */
            if (!cli_choice("weights", optarg, weight_names, &k))
                return CLI_USAGE;
            cfg->w = (dt_nash_weights)k;
            break;
        case OPT_FORMAT:
            if (!cli_format("format", optarg, CLI_FMT_PAGES | CLI_FMT_JSON,
                            &cfg->format))
                return CLI_USAGE;
            break;
        case CLI_OPT_LEVER:
        case CLI_OPT_SET:
            if (cli_whatif_opt(&cfg->wi, c, optarg) < 0)
                return CLI_INTERNAL;
            break;
        default:
            return cli_bad_option("analyze", argv, longopts, "ho:");
        }
    }
    if (argc - optind != 1) {
        cli_error("analyze takes exactly one FILE; see 'detente analyze "
                  "--help'");
        return CLI_USAGE;
    }
    cfg->file = argv[optind];
    return CLI_OK;
}

/* Map --lever ids to indices; an unknown id is a usage error. */
static int lever_indices(const dt_scenario *sc, const struct an_config *cfg,
                         size_t *idx)
{
    size_t i, k;

    for (i = 0; i < cfg->n_levers; i++) {
        idx[i] = dt_scenario_lever_index(sc, cfg->levers[i]);
        if (idx[i] != (size_t)-1)
            continue;
        if (dt_scenario_n_levers(sc) == 0) {
            cli_error("unknown lever '%s': '%s' defines no levers",
                      cfg->levers[i], cfg->file);
            return CLI_USAGE;
        }
        fprintf(stderr,
                "detente: unknown lever '%s' (levers in '%s':", cfg->levers[i],
                cfg->file);
        for (k = 0; k < dt_scenario_n_levers(sc); k++)
            fprintf(stderr, " %s", dt_scenario_lever(sc, k)->id);
        fputs(")\n", stderr);
        return CLI_USAGE;
    }
    return CLI_OK;
}

/*
 * --phase all: every phase of sc in turn (as of that phase, then the
 * what-ifs and the levers studied), each analysis's verdict scored
 * against the phase's observed outcome; one document, a heading per phase.
 */
static int analyze_phases(const struct an_config *cfg,
                          const dt_analysis_opts *base, const dt_scenario *sc,
                          size_t *idx)
{
    size_t k, n = dt_scenario_n_phases(sc);
    dt_doc *d;
    int rc = CLI_OK;

    if (cfg->format == CLI_FMT_JSON) {
        cli_error("--phase all writes a table, Markdown, HTML or PDF; ask "
                  "for one phase at a time (--phase ID) for JSON");
        return CLI_USAGE;
    }
    if (n == 0) {
        cli_error("--phase all: %s has no phases", cfg->file);
        return CLI_USAGE;
    }
    if (!(d = cli_doc_new()))
        return CLI_NOMEM;
    for (k = 0; rc == CLI_OK && k < n; k++) {
        dt_analysis_opts opts = *base;
        dt_scenario *at = NULL;
        dt_analysis *an = NULL;
        dt_error err;
        dt_status st;

        rc = cli_at_phase_k(sc, k, &at);
        if (rc == CLI_OK)
            rc = cli_whatif_apply(&cfg->wi, cfg->file, &at);
        if (rc == CLI_OK)
            rc = lever_indices(at, cfg, idx);
        if (rc == CLI_OK) {
            opts.levers = idx;
            st = dt_analyze(at, &opts, &an, &err);
            if (st != DT_OK)
                rc = cli_analysis_error(cfg->file, st, &err);
        }
        if (rc == CLI_OK) {
            cli_phase_heading(d, sc, k);
            rc = cli_doc_status(dt_analysis_doc(at, an, NULL, d, &err), &err);
        }
        dt_analysis_free(an);
        dt_scenario_free(at);
    }
    if (rc == CLI_OK)
        rc = cli_write_doc(cfg->out, cfg->format, d);
    dt_doc_free(d);
    return rc;
}

int cmd_analyze(int argc, char **argv)
{
    struct an_config cfg;
    dt_analysis_opts opts = DT_ANALYSIS_OPTS_INIT;
    dt_scenario *sc = NULL;
    dt_analysis *an = NULL;
    size_t *idx = NULL;
    dt_error err;
    dt_status st;
    cli_progress pg;
    int rc;

    memset(&cfg, 0, sizeof cfg);
    memset(&pg, 0, sizeof pg);
    cfg.format = CLI_FMT_TEXT;
    cfg.levers = calloc((size_t)argc + 1, sizeof *cfg.levers);
    idx = calloc((size_t)argc + 1, sizeof *idx);
    if (!cfg.levers || !idx) {
        cli_error("out of memory");
        rc = CLI_NOMEM;
        goto out;
    }
    rc = parse_args(argc, argv, &cfg);
    if (rc != CLI_OK) {
        rc = rc < 0 ? CLI_OK : rc;
        goto out;
    }
    if (cfg.model) {
        opts.model = dt_model_find(cfg.model);
        if (!opts.model ||
            (strcmp(cfg.model, "eu") != 0 && strcmp(cfg.model, "mean") != 0 &&
             strcmp(cfg.model, "median") != 0)) {
            cli_error("unknown model '%s' (expected eu, mean or median)",
                      cfg.model);
            rc = CLI_USAGE;
            goto out;
        }
    }
    /* The analysis runs many forecasts: count them (cli_progress_runs). */
    cli_progress_init(&pg, "analyze", cfg.progress, cfg.quiet);
    opts.model_opts.progress = pg.on ? cli_progress_runs : NULL;
    opts.model_opts.progress_ud = &pg;
    rc = cli_load(cfg.file, &sc);
    if (rc == CLI_OK && cfg.phase && cli_phase_all(sc, cfg.phase)) {
        opts.n_levers = cfg.n_levers;
        opts.pairs = cfg.pairs;
        opts.weights = cfg.w;
        rc = analyze_phases(&cfg, &opts, sc, idx);
        cli_progress_end(&pg);
        goto out;
    }
    if (rc == CLI_OK && cfg.phase)
        rc = cli_at_phase(&sc, cfg.phase);
    if (rc == CLI_OK)
        rc = cli_whatif_apply(&cfg.wi, cfg.file, &sc);
    if (rc != CLI_OK)
        goto out;
    rc = lever_indices(sc, &cfg, idx);
    if (rc != CLI_OK)
        goto out;
    opts.levers = idx;
    opts.n_levers = cfg.n_levers;
    opts.pairs = cfg.pairs;
    opts.weights = cfg.w;
    st = dt_analyze(sc, &opts, &an, &err);
    cli_progress_end(&pg);
    if (st != DT_OK) {
        rc = cli_analysis_error(cfg.file, st, &err);
        goto out;
    }
    if (cfg.format == CLI_FMT_JSON) {
        cli_out out;

        rc = cli_out_open(&out, cfg.out);
        if (rc == CLI_OK)
            rc = cli_out_finish(&out,
                                dt_analysis_write_json(
                                    sc, an, NULL, cli_file_write, out.f, &err),
                                &err);
    } else {
        dt_doc *d = cli_doc_new();

        rc = d ? cli_doc_status(dt_analysis_doc(sc, an, NULL, d, &err), &err)
               : CLI_NOMEM;
        if (rc == CLI_OK)
            rc = cli_write_doc(cfg.out, cfg.format, d);
        dt_doc_free(d);
    }
out:
    dt_analysis_free(an);
    dt_scenario_free(sc);
    free(cfg.levers);
    free(idx);
    cli_whatif_free(&cfg.wi);
    return rc;
}
