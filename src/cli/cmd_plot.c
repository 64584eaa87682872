/*
 * detente plot KIND FILE... -o OUT.{png,svg,pdf}: one chart of a scenario
 * (trajectory, positions, levers, distribution, vary: a one-input sweep,
 * tornado, sobol) or of several (compare),
 * drawn by the library (dt_chart_render) and written atomically.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static void plot_usage(FILE *f)
{
    fputs("usage: detente plot KIND FILE... -o OUT.png|OUT.svg|OUT.pdf "
          "[options]\n\n"
          "Draws a chart (see docs/charts.md). KIND is one of:\n"
          "  trajectory    each actor's position over the rounds of one "
          "model\n"
          "  positions     actors on each issue's scale, forecasts, deal "
          "point,\n"
          "                red lines\n"
          "  levers        tornado chart of what each pressure lever "
          "changes\n"
          "  distribution  spread of the forecasts over a Monte Carlo "
          "sweep\n"
          "  compare       two or more scenarios, issues side by side\n"
          "  vary          every model's forecast along a one-input sweep:\n"
          "                plot vary FILE SLOT=LO:HI:STEPS (detente vary),\n"
          "                verdict flips marked\n"
          "  tornado       one-at-a-time sensitivities of one forecast (or "
          "the\n"
          "                deal point): each uncertain input at its low and "
          "high\n"
          "                end, largest swing first\n"
          "  sobol         Sobol indices of one forecast (or the deal "
          "point):\n"
          "                first-order and total, with intervals; --draws "
          "N base\n"
          "                rows (default 1000)\n\n"
          "options:\n"
          "  -o, --out FILE      write to FILE (atomically); the format "
          "follows\n"
          "                      its extension unless --format is given\n"
          "  --format FMT        png, svg or pdf (needed to write to "
          "stdout)\n"
          "  --model LIST        trajectory: the model to run (default "
          "eu);\n"
          "                      positions, compare, vary: the forecasts "
          "to show\n"
          "                      (comma-separated; default all one-issue "
          "models);\n"
          "                      distribution: the model swept (default "
          "eu);\n"
          "                      tornado: the forecast charted (default "
          "eu), or\n"
          "                      'deal' for the deal point\n"
          "  --issue ID          draw only this issue (default: one panel "
          "each;\n"
          "                      tornado: the first issue)\n"
          "  --width N           width in pixels (png) or points (svg, "
          "pdf);\n"
          "                      default 1000\n"
          "  --height N          height; default 700\n"
          "  --title TEXT        replace the automatic title\n"
          "  --font FAMILY       font family (default DejaVu Sans; must be "
          "installed)\n"
          "  --draws N           distribution: number of draws (default "
          "1000)\n"
          "  --seed S            distribution: random seed (default: from "
          "the\n"
          "                      system; always printed)\n",
          f);
    cli_whatif_help(f, "--lever ID");
    fputs("\nexit codes: 0 ok, 2 usage, 3 invalid scenario or data the "
          "chart\nneeds is missing (e.g. levers without levers), 4 I/O "
          "(including a\nmissing font), 5 out of memory, 70 internal.\n",
          f);
}

struct plot_config {
    dt_chart_kind kind;             /* chart kind */
    const char *out;                /* output path, or NULL = stdout */
    int has_format;                 /* --format given */
    dt_chart_format format;         /* output format */
    const dt_model_type *models[8]; /* --model, in order */
    size_t n_models;                /* entries in models */
    const char *issue;              /* --issue id, or NULL */
    dt_chart_opts opts;             /* size, title, font */
    unsigned draws;                 /* --draws */
    int has_seed;                   /* --seed given */
    uint64_t seed;                  /* --seed, or drawn */
    char **files;                   /* scenario paths (argv) */
    size_t n_files;                 /* entries in files */
    cli_whatif wi;                  /* --lever, --set (every file) */
    const char *vary;               /* vary: SLOT=LO:HI:STEPS */
    int deal;                       /* tornado: --model deal */
};

static int add_models(struct plot_config *cfg, const char *arg)
{
    char buf[256];
    char *p, *save = NULL;

    snprintf(buf, sizeof buf, "%s", arg);
    for (p = strtok_r(buf, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
        const dt_model_type *m = dt_model_find(p);
        const dt_model_type *const *t;
        size_t i;

        if (strcmp(p, "deal") == 0) { /* tornado: the deal point */
            cfg->deal = 1;
            continue;
        }
        if (!m) {
            fprintf(stderr, "detente: unknown model '%s' (expected", p);
            for (t = dt_model_types(); *t; t++)
                fprintf(stderr, " %s", (*t)->name);
            fputs(")\n", stderr);
            return CLI_USAGE;
        }
        for (i = 0; i < cfg->n_models; i++)
            if (cfg->models[i] == m)
                break;
        if (i == cfg->n_models && cfg->n_models < 8)
            cfg->models[cfg->n_models++] = m;
    }
    return CLI_OK;
}

enum {
    OPT_FORMAT = 256,
    OPT_MODEL,
    OPT_ISSUE,
    OPT_WIDTH,
    OPT_HEIGHT,
    OPT_TITLE,
    OPT_FONT,
    OPT_DRAWS,
    OPT_SEED
};

static int parse_size(const char *opt, const char *s, double *out)
{
    unsigned v;

    if (!cli_parse_uint(opt, s, &v))
        return 0;
    if (v < (unsigned)DT_CHART_MIN_SIZE || v > 20000) {
        cli_error("%s must be %u to 20000, got %u", opt,
                  (unsigned)DT_CHART_MIN_SIZE, v);
        return 0;
    }
    *out = v;
    return 1;
}

static int parse_args(int argc, char **argv, struct plot_config *cfg)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {"out", required_argument, NULL, 'o'},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"model", required_argument, NULL, OPT_MODEL},
        {"issue", required_argument, NULL, OPT_ISSUE},
        {"width", required_argument, NULL, OPT_WIDTH},
        {"height", required_argument, NULL, OPT_HEIGHT},
        {"title", required_argument, NULL, OPT_TITLE},
        {"font", required_argument, NULL, OPT_FONT},
        {"draws", required_argument, NULL, OPT_DRAWS},
        {"seed", required_argument, NULL, OPT_SEED},
        CLI_WHATIF_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    static const char *const kinds[] = {"trajectory",   "positions", "levers",
                                        "distribution", "compare",   "vary",
                                        "tornado",      "sobol",     NULL};
    static const char *const fmts[] = {"png", "svg", "pdf", NULL};
    int k;

    optind = 1;
    opterr = 0;
    for (;;) {
        int c = getopt_long(argc, argv, "ho:", longopts, NULL);

        if (c == -1)
            break;
        switch (c) {
        case 'h':
            plot_usage(stdout);
            return -1;
        case 'o':
            cfg->out = optarg;
            break;
        case OPT_FORMAT:
            /* In dt_chart_format order. */
            if (!cli_choice("format", optarg, fmts, &k))
                return CLI_USAGE;
            cfg->format = (dt_chart_format)k;
            cfg->has_format = 1;
            break;
        case OPT_MODEL:
            if (add_models(cfg, optarg) != CLI_OK)
                return CLI_USAGE;
            break;
        case OPT_ISSUE:
            cfg->issue = optarg;
            break;
        case OPT_WIDTH:
            if (!parse_size("--width", optarg, &cfg->opts.width))
                return CLI_USAGE;
            break;
        case OPT_HEIGHT:
            if (!parse_size("--height", optarg, &cfg->opts.height))
                return CLI_USAGE;
            break;
        case OPT_TITLE:
            cfg->opts.title = optarg;
            break;
        case OPT_FONT:
            cfg->opts.font = optarg;
            break;
        case OPT_DRAWS:
            if (!cli_parse_uint("--draws", optarg, &cfg->draws))
                return CLI_USAGE;
            if (cfg->draws == 0) {
                cli_error("--draws must be at least 1");
                return CLI_USAGE;
            }
            break;
        case OPT_SEED:
            if (!cli_parse_seed(optarg, &cfg->seed))
                return CLI_USAGE;
            cfg->has_seed = 1;
            break;
        case CLI_OPT_LEVER:
        case CLI_OPT_SET:
            if (cli_whatif_opt(&cfg->wi, c, optarg) < 0)
                return CLI_INTERNAL;
            break;
        default:
            return cli_bad_option("plot", argv, longopts, "ho:");
        }
    }
    if (argc - optind < 2) {
        cli_error("plot takes a chart kind and a scenario FILE; see "
                  "'detente plot --help'");
        return CLI_USAGE;
    }
    if (!dt_chart_kind_from_name(argv[optind], &cfg->kind)) {
        /* In dt_chart_kind order; prints the choices. */
        cli_choice("chart kind", argv[optind], kinds, &k);
        return CLI_USAGE;
    }
    cfg->files = argv + optind + 1;
    cfg->n_files = (size_t)(argc - optind - 1);
    if (cfg->kind == DT_CHART_VARY) {
        if (cfg->n_files != 2) {
            cli_error("plot vary takes a scenario FILE and "
                      "SLOT=LO:HI:STEPS, as detente vary; see 'detente "
                      "plot --help'");
            return CLI_USAGE;
        }
        cfg->vary = cfg->files[1];
        cfg->n_files = 1;
    }
    if (cfg->kind != DT_CHART_COMPARE && cfg->n_files != 1) {
        cli_error("plot %s takes exactly one FILE (only compare takes "
                  "several)",
                  dt_chart_kind_name(cfg->kind));
        return CLI_USAGE;
    }
    if (cfg->kind == DT_CHART_COMPARE && cfg->n_files < 2) {
        cli_error("plot compare takes two or more scenario FILEs (got one); "
                  "see 'detente plot --help'");
        return CLI_USAGE;
    }
    if (!cfg->has_format) {
        if (!cfg->out || strcmp(cfg->out, "-") == 0) {
            cli_error("plot needs -o OUT.png|OUT.svg|OUT.pdf, or --format "
                      "to write to standard output");
            return CLI_USAGE;
        }
        if (!dt_chart_format_from_name(cfg->out, &cfg->format) ||
            !strchr(cfg->out, '.')) {
            cli_error("cannot tell the format of '%s' from its extension "
                      "(expected .png, .svg or .pdf, or give --format)",
                      cfg->out);
            return CLI_USAGE;
        }
    }
    if (cfg->deal && cfg->kind != DT_CHART_TORNADO &&
        cfg->kind != DT_CHART_SOBOL) {
        cli_error("--model deal is for the tornado and sobol charts only; "
                  "models are mean, median, eu, nbs, smp, exchange");
        return CLI_USAGE;
    }
    if ((cfg->kind == DT_CHART_TORNADO || cfg->kind == DT_CHART_SOBOL) &&
        cfg->n_models + cfg->deal > 1) {
        cli_error("the %s chart shows one result; give one --model (or "
                  "'deal')",
                  cfg->kind == DT_CHART_SOBOL ? "sobol" : "tornado");
        return CLI_USAGE;
    }
    if (cfg->kind == DT_CHART_TRAJECTORY && cfg->n_models > 1) {
        cli_error("the trajectory chart shows one model's rounds; give one "
                  "--model");
        return CLI_USAGE;
    }
    return CLI_OK;
}

/* Write callback for dt_chart_render: ctx is the FILE. */
static int write_file(void *ctx, const unsigned char *data, size_t len)
{
    return fwrite(data, 1, len, ctx) == len ? 0 : -1;
}

/* Everything computed for one scenario, owned here. */
struct plot_item {
    dt_scenario *sc;       /* loaded scenario */
    dt_chart_runs *runs;   /* model runs, or NULL */
    dt_analysis *an;       /* analysis, or NULL */
    dt_sweep *sweep;       /* distribution: the sweep, or NULL */
    dt_chart_dists *dists; /* distribution: one per result drawn */
    dt_vary *vary;         /* vary: the one-input sweep, or NULL */
    dt_oat *oat;           /* tornado: one-at-a-time sensitivities */
    dt_sobol *sobol;       /* sobol: the variance decomposition */
    char caption[128];     /* distribution: draws and seed */
};

/*
 * Distribution: sweep the scenario (docs/analysis.md, "Sweep") and
 * describe each model's forecast draws, and the deal point's when the
 * analysis ran, per issue.
 */
static int sweep(const struct plot_config *cfg, const char *path,
                 const dt_model_type *const *types, size_t n_types,
                 struct plot_item *it, dt_chart_input *in)
{
    dt_sweep_opts so = DT_SWEEP_OPTS_INIT;
    dt_error err;
    dt_status st;
    char buf[600];

    so.models = types;
    so.n_models = n_types;
    so.seed = cfg->seed;
    so.n_draws = cfg->draws;
    fprintf(stderr, "detente: sweep of %u draws, seed %llu\n", cfg->draws,
            (unsigned long long)cfg->seed);
    st = dt_sweep_new(it->sc, &so, &it->sweep, &err);
    if (st == DT_OK)
        st = dt_sweep_run(it->sweep, 0, cfg->draws, &err);
    if (st == DT_OK)
        st = dt_sweep_reduce(it->sweep, &err);
    if (st != DT_OK) {
        dt_error_format(&err, buf, sizeof buf);
        cli_error("cannot sweep '%s': %s", path, buf);
        return cli_exit_for(st);
    }
    st = dt_chart_sweep_dists(it->sweep, &it->dists, &err);
    if (st != DT_OK) {
        cli_error("%s", err.msg);
        return cli_exit_for(st);
    }
    in->dists = dt_chart_dists_get(it->dists, &in->n_dists);
    snprintf(it->caption, sizeof it->caption,
             "Monte Carlo sweep: %u draws, seed %llu (detente sweep).",
             cfg->draws, (unsigned long long)cfg->seed);
    return CLI_OK;
}

/*
 * Tornado: plan a sweep (no draws) and move each uncertain input alone
 * to its ends (dt_sweep_oat; docs/analysis.md "One at a time").
 */
static int one_at_a_time(const char *path, const dt_model_type *const *types,
                         size_t n_types, struct plot_item *it,
                         dt_chart_input *in)
{
    dt_sweep_opts so = DT_SWEEP_OPTS_INIT;
    dt_error err;
    dt_status st;
    char buf[600];

    so.models = types;
    so.n_models = n_types;
    so.n_draws = 1;
    st = dt_sweep_new(it->sc, &so, &it->sweep, &err);
    if (st == DT_OK)
        st = dt_sweep_oat(it->sweep, &it->oat, &err);
    if (st != DT_OK) {
        dt_error_format(&err, buf, sizeof buf);
        cli_error("cannot compute the sensitivities of '%s': %s", path, buf);
        return cli_exit_for(st);
    }
    in->oat = it->oat;
    snprintf(it->caption, sizeof it->caption,
             "Ends: a range's ends, else a normal's 5 %% and 95 %% "
             "quantiles (detente sweep --oat).");
    return CLI_OK;
}

/*
 * Sobol: the variance decomposition of the scenario's sweep outputs
 * (dt_sobol_scenario; docs/sobol.md), --draws base rows; the summit
 * analysis only for the deal point.
 */
static int variance_shares(const struct plot_config *cfg, const char *path,
                           const dt_model_type *const *types, size_t n_types,
                           struct plot_item *it, dt_chart_input *in)
{
    dt_sweep_opts so = DT_SWEEP_OPTS_INIT;
    dt_sobol_opts o = DT_SOBOL_OPTS_INIT;
    dt_error err;
    dt_status st;
    char buf[600];

    so.models = types;
    so.n_models = n_types;
    so.analysis = cfg->deal ? DT_SWEEP_ANALYSIS_ON : DT_SWEEP_ANALYSIS_OFF;
    o.seed = cfg->seed;
    o.n_base = cfg->draws;
    fprintf(stderr, "detente: Sobol indices from %u base rows, seed %llu\n",
            cfg->draws, (unsigned long long)cfg->seed);
    st = dt_sobol_scenario(it->sc, &so, &o, &it->sobol, &err);
    if (st != DT_OK) {
        dt_error_format(&err, buf, sizeof buf);
        cli_error("cannot decompose the variance of '%s': %s", path, buf);
        return cli_exit_for(st);
    }
    in->sobol = it->sobol;
    snprintf(it->caption, sizeof it->caption,
             "Sobol indices: %u base rows, seed %llu, 95 %% bootstrap "
             "intervals (detente sweep --sobol).",
             cfg->draws, (unsigned long long)cfg->seed);
    return CLI_OK;
}

/*
 * The analysis of item it when the kind uses it. For positions and
 * compare a scenario the analysis cannot handle is drawn without it (a
 * note says so); for levers it is an error.
 */
static int analyse(const struct plot_config *cfg, const char *path,
                   struct plot_item *it)
{
    dt_analysis_opts ao = DT_ANALYSIS_OPTS_INIT;
    dt_error err;
    dt_status st;
    char buf[600];

    if (cfg->kind == DT_CHART_LEVERS && dt_scenario_n_levers(it->sc) == 0) {
        cli_error("cannot draw the levers chart of '%s': it defines no "
                  "levers (see docs/scenario-format.md, \"levers\")",
                  path);
        return CLI_INVALID;
    }
    st = dt_analyze(it->sc, &ao, &it->an, &err);
    if (st == DT_OK)
        return CLI_OK;
    dt_error_format(&err, buf, sizeof buf);
    if (st == DT_ESCENARIO && cfg->kind != DT_CHART_LEVERS) {
        fprintf(stderr,
                "detente: note: no analysis of '%s' (%s); drawn without "
                "the deal point\n",
                path, buf);
        return CLI_OK;
    }
    cli_error("cannot analyse '%s': %s", path, buf);
    return cli_exit_for(st);
}

/*
 * Vary: the one-input sweep of cfg->vary (vary.h), the models of --model
 * (default: every one-issue model).
 */
static int vary(const struct plot_config *cfg, const char *path,
                const dt_model_type *const *types, size_t n_types,
                struct plot_item *it, dt_chart_input *in)
{
    dt_vary_opts vo = DT_VARY_OPTS_INIT;
    const char *names[8];
    size_t slot, steps, m;
    double lo, hi;
    dt_error err;
    dt_status st;

    if (dt_vary_parse(it->sc, cfg->vary, &slot, &lo, &hi, &steps, &err) !=
        DT_OK) {
        cli_error("%s: %s", path, err.msg);
        return CLI_USAGE;
    }
    for (m = 0; m < n_types && m < 8; m++)
        names[m] = types[m]->name;
    vo.models = names;
    vo.n_models = m;
    st = dt_vary_run(it->sc, slot, lo, hi, steps, &vo, &it->vary, &err);
    if (st != DT_OK) {
        cli_error("%s: %s", path, err.msg);
        return cli_exit_for(st);
    }
    in->vary = it->vary;
    return CLI_OK;
}

static int compute(const struct plot_config *cfg, const char *path,
                   struct plot_item *it, dt_chart_input *in)
{
    const dt_model_type *const *types = cfg->models;
    size_t n_types = cfg->n_models;
    dt_error err;
    dt_status st;
    int rc;

    rc = cli_load_whatif(path, &cfg->wi, &it->sc);
    if (rc != CLI_OK)
        return rc;
    in->sc = it->sc;
    if ((cfg->kind == DT_CHART_TRAJECTORY ||
         cfg->kind == DT_CHART_DISTRIBUTION || cfg->kind == DT_CHART_TORNADO ||
         cfg->kind == DT_CHART_SOBOL) &&
        n_types == 0) {
        static const dt_model_type *const eu[] = {&dt_model_eu};

        types = eu;
        n_types = 1;
    } else if (n_types == 0) {
        types = dt_model_types();
        for (n_types = 0; types[n_types]; n_types++)
            ;
    }
    if (cfg->kind == DT_CHART_TRAJECTORY || cfg->kind == DT_CHART_POSITIONS ||
        cfg->kind == DT_CHART_COMPARE) {
        st = dt_chart_runs_new(it->sc, types, n_types, NULL, &it->runs, &err);
        if (st != DT_OK) {
            char buf[600];

            dt_error_format(&err, buf, sizeof buf);
            cli_error("cannot run the models on '%s': %s", path, buf);
            return cli_exit_for(st);
        }
        in->runs = dt_chart_runs_get(it->runs, &in->n_runs);
    }
    if (cfg->kind == DT_CHART_POSITIONS || cfg->kind == DT_CHART_LEVERS ||
        cfg->kind == DT_CHART_COMPARE) {
        rc = analyse(cfg, path, it);
        if (rc != CLI_OK)
            return rc;
        in->analysis = it->an;
    }
    if (cfg->kind == DT_CHART_DISTRIBUTION)
        return sweep(cfg, path, types, n_types, it, in);
    if (cfg->kind == DT_CHART_VARY)
        return vary(cfg, path, types, n_types, it, in);
    if (cfg->kind == DT_CHART_TORNADO)
        return one_at_a_time(path, types, n_types, it, in);
    if (cfg->kind == DT_CHART_SOBOL)
        return variance_shares(cfg, path, types, n_types, it, in);
    return CLI_OK;
}

int cmd_plot(int argc, char **argv)
{
    struct plot_config cfg;
    dt_chart_opts defaults = DT_CHART_OPTS_INIT;
    struct plot_item *items = NULL;
    dt_chart_input *in = NULL;
    cli_out out = {0};
    dt_error err;
    dt_status st;
    size_t i;
    int rc, rc2;

    memset(&cfg, 0, sizeof cfg);
    cfg.opts = defaults;
    cfg.draws = 1000;
    rc = parse_args(argc, argv, &cfg);
    if (rc != CLI_OK) {
        cli_whatif_free(&cfg.wi);
        return rc < 0 ? CLI_OK : rc;
    }
    if ((cfg.kind == DT_CHART_DISTRIBUTION || cfg.kind == DT_CHART_SOBOL) &&
        !cfg.has_seed)
        cfg.seed = cli_draw_seed();
    /* A missing font fails before any work is done. */
    st = dt_chart_font_check(cfg.opts.font, &err);
    if (st != DT_OK) {
        cli_error("cannot draw charts: %s", err.msg);
        cli_whatif_free(&cfg.wi);
        return cli_exit_for(st);
    }
    items = calloc(cfg.n_files, sizeof *items);
    in = calloc(cfg.n_files, sizeof *in);
    if (!items || !in) {
        cli_error("out of memory");
        rc = CLI_NOMEM;
        goto out;
    }
    for (i = 0; i < cfg.n_files; i++) {
        rc = compute(&cfg, cfg.files[i], &items[i], &in[i]);
        if (rc != CLI_OK)
            goto out;
    }
    if (cfg.issue) {
        cfg.opts.issue = dt_scenario_issue_index(in[0].sc, cfg.issue);
        if (cfg.opts.issue == (size_t)-1) {
            fprintf(stderr,
                    "detente: unknown issue '%s' (issues in '%s':", cfg.issue,
                    cfg.files[0]);
            for (i = 0; i < dt_scenario_n_issues(in[0].sc); i++)
                fprintf(stderr, " %s", dt_scenario_issue(in[0].sc, i)->id);
            fputs(")\n", stderr);
            rc = CLI_USAGE;
            goto out;
        }
    }
    if (cfg.n_models == 1)
        cfg.opts.model = cfg.models[0]->name;
    if (cfg.deal)
        cfg.opts.model = "deal";
    if (cfg.kind == DT_CHART_DISTRIBUTION || cfg.kind == DT_CHART_TORNADO ||
        cfg.kind == DT_CHART_SOBOL)
        cfg.opts.caption = items[0].caption;
    st = dt_chart_check(cfg.kind, in, cfg.n_files, &cfg.opts, &err);
    if (st != DT_OK) {
        cli_error("cannot draw the %s chart: %s", dt_chart_kind_name(cfg.kind),
                  err.msg);
        rc = cli_exit_for(st);
        goto out;
    }
    rc = cli_out_open(&out, cfg.out);
    if (rc != CLI_OK)
        goto out;
    st = dt_chart_render(cfg.kind, in, cfg.n_files, &cfg.opts, cfg.format,
                         write_file, out.f, &err);
    if (st != DT_OK) {
        if (st == DT_EIO && ferror(out.f))
            cli_error("cannot write '%s'", cfg.out ? cfg.out : "stdout");
        else
            cli_error("cannot draw the %s chart: %s",
                      dt_chart_kind_name(cfg.kind), err.msg);
        rc = cli_exit_for(st);
    }
    rc2 = cli_out_close(&out, rc == CLI_OK);
    if (rc == CLI_OK)
        rc = rc2;
out:
    for (i = 0; items && i < cfg.n_files; i++) {
        dt_chart_dists_free(items[i].dists);
        dt_vary_free(items[i].vary);
        dt_oat_free(items[i].oat);
        dt_sobol_free(items[i].sobol);
        dt_sweep_free(items[i].sweep);
        dt_analysis_free(items[i].an);
        dt_chart_runs_free(items[i].runs);
        dt_scenario_free(items[i].sc);
    }
    free(items);
    free(in);
    cli_whatif_free(&cfg.wi);
    return rc;
}
