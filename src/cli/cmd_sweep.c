/*
 * detente sweep FILE: Monte Carlo sensitivity sweep. Draws the scenario's
 * uncertain numbers N times, runs the models (and the summit analysis
 * when the scenario supports it) on every draw, and reports quantiles,
 * probabilities, the inputs that matter most and, with --drop-each, what
 * each actor's absence changes; with --oat, one-at-a-time sensitivities
 * instead (dt_sweep_oat). Deterministic for a seed whatever the
 * thread or process count; see docs/analysis.md "Sweep" and
 * docs/scaling.md.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sweep_cli.h"

static void sweep_usage(FILE *f)
{
    fputs("usage: detente sweep FILE [options]\n\n"
          "Monte Carlo sensitivity sweep: draws every uncertain number of the\n"
          "scenario (its own sd or range, else the scenario's `uncertainty:`\n"
          "defaults), runs the models on each draw, and reports quantiles,\n"
          "the probability of a zone of agreement and of each red line being\n"
          "crossed, and the inputs that matter most. See docs/analysis.md.\n\n"
          "options:\n"
          "  --draws N           number of draws (default 1000)\n",
          f);
    fputs(
        "  --memory BYTES      memory for the draws kept whole (default 1G;\n"
        "                      suffixes K, M, G, T: powers of 1024; 0: keep\n"
        "                      every draw): the rest are streamed into exact\n"
        "                      sums; quantiles and influence use the kept\n"
        "                      draws (docs/analysis.md \"Memory\")\n",
        f);
    fputs("  --model M[,M...]    models (default eu): mean, median, eu, nbs\n"
          "  --seed S            seed, 0 to 2^53-1 (default: drawn and "
          "printed)\n"
          "  --threads T         worker threads (default: available cores;\n"
          "                      more threads than draws is an error)\n"
          "  --format FMT        table (default), markdown, html, pdf, json\n"
          "                      or csv\n"
          "  -o, --out FILE      write to FILE (atomically) instead of stdout\n"
          "  --analysis MODE     auto (default: when the scenario supports "
          "it),\n"
          "                      on or off: summit analysis on every draw\n"
          "  --drop-each         also run each draw without each actor in "
          "turn\n"
          "  --oat               instead of draws: one-at-a-time "
          "sensitivities, each\n"
          "                      uncertain input moved alone to its low and "
          "high\n"
          "                      end, results ranked by swing (table, "
          "markdown, html,\n"
          "                      pdf or json; see also `detente plot "
          "tornado`)\n"
          "  --draws-out FILE    write every draw (inputs and results) as CSV\n"
          "  --checkpoint FILE   save finished draws to FILE now and then; "
          "resume\n"
          "                      from it when it exists (same file and "
          "options)\n"
          "  --quiet             no progress bar or timing on stderr\n"
          "  --progress          the progress bar also when stderr is not a\n"
          "                      terminal\n"
          "  --mpi               split the draws (or --sobol's base rows) "
          "across MPI\n"
          "                      ranks (mpirun; see docs/scaling.md)\n"
          "  --estimates FILE    an analyst's estimates (repeatable): the "
          "numbers\n"
          "                      they estimated are drawn from the "
          "analysts'\n"
          "                      mixture (docs/judgement.md)\n"
          "  --sobol             variance decomposition instead: first-order "
          "and\n"
          "                      total Sobol indices of every output with "
          "95%\n"
          "                      bootstrap intervals; --draws is the number "
          "N of\n"
          "                      base rows, N (inputs + 2) model runs "
          "(docs/sobol.md)\n"
          "  --group-by BY       with --sobol: input (default), actor or "
          "issue\n"
          "                      (each actor's or issue's inputs together), "
          "source\n"
          "                      (the analysts' disagreement against their "
          "ranges;\n"
          "                      needs --estimates) or model (the choice "
          "among\n"
          "                      two or more --model against the inputs)\n",
          f);
    cli_whatif_help(f, "--lever ID");
    fputs("\nThe seed is always printed on stderr and written into every "
          "output.\n"
          "\nexit codes: 0 ok, 2 usage (also --mpi in a build without MPI), "
          "3 invalid\nscenario, 4 I/O, 5 out of memory, 70 internal, 130 "
          "interrupted\n(SIGINT/SIGTERM; the draws finished so far were "
          "written, with a note).\n",
          f);
}

enum {
    OPT_DRAWS = 256,
    OPT_MODEL,
    OPT_SEED,
    OPT_THREADS,
    OPT_FORMAT,
    OPT_ANALYSIS,
    OPT_DROP,
    OPT_DRAWS_OUT,
    OPT_CKPT,
    OPT_QUIET,
    OPT_PROGRESS,
    OPT_MPI,
    OPT_ESTIMATES,
    OPT_SOBOL,
    OPT_GROUP_BY,
    OPT_OAT,
    OPT_MEMORY
};

static int parse_models(struct sweep_cfg *cfg, const char *arg)
{
    char *p, *save = NULL;

    snprintf(cfg->models_buf, sizeof cfg->models_buf, "%s", arg);
    cfg->n_models = 0;
    for (p = strtok_r(cfg->models_buf, ",", &save); p;
         p = strtok_r(NULL, ",", &save)) {
        const dt_model_type *t = dt_model_find(p);

        if (!t) {
            cli_error("unknown model '%s' (expected mean, median, eu or nbs)",
                      p);
            return 0;
        }
        if (cfg->n_models == sizeof cfg->models / sizeof cfg->models[0]) {
            cli_error("too many models in --model");
            return 0;
        }
        cfg->model_names[cfg->n_models] = p;
        cfg->models[cfg->n_models++] = t;
    }
    if (!cfg->n_models) {
        cli_error("--model expects a list of models, got '%s'", arg);
        return 0;
    }
    return 1;
}

static int parse_size(const char *opt, const char *s, size_t *out)
{
    char *end;
    unsigned long long v;

    errno = 0;
    v = strtoull(s, &end, 10);
    if (cli_all_digits(s) && (errno || v > SIZE_MAX / 2)) {
        cli_error("%s is out of range: at most %zu, got '%s'", opt,
                  (size_t)(SIZE_MAX / 2), s);
        return 0;
    }
    if (!*s || *end || s[0] == '-' || errno || v > SIZE_MAX / 2) {
        cli_error("%s expects a whole number, got '%s'", opt, s);
        return 0;
    }
    *out = (size_t)v;
    return 1;
}

/* BYTES with an optional K, M, G or T (powers of 1024), e.g. 512M. */
static int parse_bytes(const char *opt, const char *s, size_t *out)
{
    static const char units[] = "KMGT";
    const char *u;
    char *end;
    unsigned long long v;
    unsigned shift = 0;

    errno = 0;
    v = strtoull(s, &end, 10);
    if (end != s && *end && !end[1] && (u = strchr(units, *end)) != NULL) {
        shift = 10u * (unsigned)(u - units + 1);
        end++;
    }
    if (!*s || *end || s[0] == '-' || s[0] == '+' || end == s) {
        cli_error("%s expects a number of bytes such as 512M or 2G, got '%s'",
                  opt, s);
        return 0;
    }
    if (errno || v > (SIZE_MAX >> shift)) {
        cli_error("%s is out of range, got '%s'", opt, s);
        return 0;
    }
    *out = (size_t)v << shift;
    return 1;
}

/* Returns -1 after --help, 0 on success, else an exit code. */
static int parse_args(int argc, char **argv, struct sweep_cfg *cfg)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {"out", required_argument, NULL, 'o'},
        {"draws", required_argument, NULL, OPT_DRAWS},
        {"model", required_argument, NULL, OPT_MODEL},
        {"seed", required_argument, NULL, OPT_SEED},
        {"threads", required_argument, NULL, OPT_THREADS},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"analysis", required_argument, NULL, OPT_ANALYSIS},
        {"drop-each", no_argument, NULL, OPT_DROP},
        {"draws-out", required_argument, NULL, OPT_DRAWS_OUT},
        {"checkpoint", required_argument, NULL, OPT_CKPT},
        {"quiet", no_argument, NULL, OPT_QUIET},
        {"progress", no_argument, NULL, OPT_PROGRESS},
        {"mpi", no_argument, NULL, OPT_MPI},
        {"oat", no_argument, NULL, OPT_OAT},
        {"estimates", required_argument, NULL, OPT_ESTIMATES},
        {"sobol", no_argument, NULL, OPT_SOBOL},
        {"group-by", required_argument, NULL, OPT_GROUP_BY},
        {"memory", required_argument, NULL, OPT_MEMORY},
        CLI_WHATIF_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    static const char *const modes[] = {"auto", "off", "on", NULL};
    int k;

    optind = 1;
    opterr = 0;
    for (;;) {
        int c = getopt_long(argc, argv, "ho:", longopts, NULL);

        if (c == -1)
            break;
        switch (c) {
        case 'h':
            sweep_usage(stdout);
            return -1;
        case 'o':
            cfg->out = optarg;
            break;
        case OPT_DRAWS:
            if (!parse_size("--draws", optarg, &cfg->draws))
                return CLI_USAGE;
            if (cfg->draws == 0) {
                cli_error("--draws must be at least 1, got 0");
                return CLI_USAGE;
            }
            break;
        case OPT_MEMORY:
            if (!parse_bytes("--memory", optarg, &cfg->memory))
                return CLI_USAGE;
            break;
        case OPT_MODEL:
            if (!parse_models(cfg, optarg))
                return CLI_USAGE;
            break;
        case OPT_SEED:
            if (!cli_parse_seed(optarg, &cfg->seed))
                return CLI_USAGE;
            cfg->have_seed = 1;
            break;
        case OPT_THREADS:
            if (!cli_parse_uint("--threads", optarg, &cfg->threads))
                return CLI_USAGE;
            if (cfg->threads < 1 || cfg->threads > 64) {
                cli_error("--threads must be between 1 and 64, got %s", optarg);
                return CLI_USAGE;
            }
            cfg->have_threads = 1;
            break;
        case OPT_FORMAT:
            if (!cli_format("format", optarg,
                            CLI_FMT_PAGES | CLI_FMT_JSON | CLI_FMT_CSV,
                            &cfg->format))
                return CLI_USAGE;
            break;
        case OPT_ANALYSIS:
            if (!cli_choice("analysis mode", optarg, modes, &k))
                return CLI_USAGE;
            cfg->analysis = (dt_sweep_analysis)k;
            break;
        case OPT_DROP:
            cfg->drop_each = 1;
            break;
        case OPT_DRAWS_OUT:
            cfg->draws_out = optarg;
            break;
        case OPT_CKPT:
            if (strcmp(optarg, "-") == 0) {
                cli_error("--checkpoint needs a file it can read back, not "
                          "'-' (standard output)");
                return CLI_USAGE;
            }
            cfg->checkpoint = optarg;
            break;
        case OPT_QUIET:
            cfg->quiet = 1;
            break;
        case OPT_PROGRESS:
            cfg->progress = 1;
            break;
        case OPT_MPI:
            cfg->mpi = 1;
            break;
        case OPT_OAT:
            cfg->oat = 1;
            break;
        case OPT_ESTIMATES:
            if (cfg->n_estimates == DT_ESTIMATES_MAX_ANALYSTS) {
                cli_error("at most %d --estimates files",
                          DT_ESTIMATES_MAX_ANALYSTS);
                return CLI_USAGE;
            }
            cfg->estimates[cfg->n_estimates++] = optarg;
            break;
        case OPT_SOBOL:
            cfg->sobol = 1;
            break;
        case OPT_GROUP_BY: {
            static const char *const by[] = {"input",  "actor", "issue",
                                             "source", "model", NULL};
            int g;

            if (!cli_choice("group-by", optarg, by, &g))
                return CLI_USAGE;
            cfg->group_by = g;
        } break;
        case CLI_OPT_LEVER:
        case CLI_OPT_SET:
            if (cli_whatif_opt(&cfg->wi, c, optarg) < 0)
                return CLI_INTERNAL;
            break;
        case '?':
        default:
            return cli_bad_option("sweep", argv, longopts, "ho:");
        }
    }
    if (optind != argc - 1) {
        cli_error(optind >= argc ? "sweep needs a scenario FILE"
                                 : "sweep takes one scenario FILE");
        return CLI_USAGE;
    }
    cfg->file = argv[optind];
    if (cfg->oat) {
        const char *bad = cfg->drop_each               ? "--drop-each"
                          : cfg->draws_out             ? "--draws-out"
                          : cfg->checkpoint            ? "--checkpoint"
                          : cfg->mpi                   ? "--mpi"
                          : cfg->format == CLI_FMT_CSV ? "--format csv"
                                                       : NULL;

        if (bad) {
            cli_error("--oat runs no draws: %s does not apply to it", bad);
            return CLI_USAGE;
        }
    }
    if (cfg->have_threads && cfg->threads > cfg->draws) {
        cli_error("--threads %u is more than --draws %zu: each thread needs "
                  "at least one draw",
                  cfg->threads, cfg->draws);
        return CLI_USAGE;
    }
    return 0;
}

/* sweep --oat: the as-written runs and each input at both ends. */
static int run_oat(struct sweep_cfg *cfg)
{
    dt_scenario *sc = NULL;
    dt_sweep *s = NULL;
    dt_oat *o = NULL;
    dt_error err;
    int ex;

    /* The plan only: no draw is run. Workers: --threads, else one. */
    cfg->draws = 1;
    ex = sweep_prepare(cfg, &sc, &s);
    if (ex == CLI_OK && dt_sweep_oat(s, &o, &err) != DT_OK) {
        cli_error("%s", err.msg);
        ex = cli_exit_for(err.code);
    }
    if (ex == CLI_OK)
        ex = sweep_write_oat(cfg, o);
    dt_oat_free(o);
    dt_sweep_free(s);
    dt_scenario_free(sc);
    return ex;
}

int cmd_sweep(int argc, char **argv)
{
    struct sweep_cfg cfg;
    struct sweep_status st;
    dt_scenario *sc = NULL;
    dt_sweep *s = NULL;
    dt_error err;
    double t0;
    int ex;

    memset(&cfg, 0, sizeof cfg);
    memset(&st, 0, sizeof st);
    cfg.format = CLI_FMT_TEXT;
    cfg.draws = 1000;
    cfg.memory = DT_SWEEP_MEMORY_DEFAULT;
    cfg.models[0] = &dt_model_eu;
    cfg.model_names[0] = "eu";
    cfg.n_models = 1;
    ex = parse_args(argc, argv, &cfg);
    if (ex) {
        cli_whatif_free(&cfg.wi);
        return ex < 0 ? CLI_OK : ex;
    }
    if (cfg.group_by && !cfg.sobol) {
        cli_error("--group-by applies to --sobol only");
        cli_whatif_free(&cfg.wi);
        return CLI_USAGE;
    }
    if (cfg.sobol && cfg.oat) {
        cli_error("--sobol and --oat are two different studies: give one");
        cli_whatif_free(&cfg.wi);
        return CLI_USAGE;
    }
    if (cfg.sobol) {
        ex = cfg.mpi ? sweep_sobol_mpi_main(&cfg, argc, argv)
                     : sweep_sobol_main(&cfg);
        cli_whatif_free(&cfg.wi);
        return ex;
    }
    if (cfg.oat) {
        ex = run_oat(&cfg);
        cli_whatif_free(&cfg.wi);
        return ex;
    }
    if (cfg.mpi) {
        ex = sweep_mpi_main(&cfg, argc, argv);
        cli_whatif_free(&cfg.wi);
        return ex;
    }
    if (!cfg.have_seed)
        cfg.seed = cli_draw_seed();
    /* Before anything slow, so an early Ctrl-C is not lost. */
    sweep_install_signals();
    ex = sweep_prepare(&cfg, &sc, &s);
    if (ex != CLI_OK)
        goto out;
    fprintf(stderr, "detente: sweep of %zu draws, seed %" PRIu64 "\n",
            cfg.draws, cfg.seed);
    sweep_say_memory(&cfg, s);
    if (sweep_stopped()) {
        cli_error("interrupted while setting up: no draw was run, nothing "
                  "written");
        ex = 130;
        goto out;
    }
    if (cfg.checkpoint) {
        long long got = sweep_ckpt_load(&cfg, s);

        if (got < 0) {
            ex = CLI_IO;
            goto out;
        }
        st.resumed = (size_t)got;
        if (got > 0 && !cfg.quiet)
            fprintf(stderr,
                    "detente: resuming: %lld of %zu draws read from %s\n", got,
                    cfg.draws, cfg.checkpoint);
    }
    t0 = sweep_now();
    ex = sweep_run_range(&cfg, s, 0, cfg.draws,
                         !cfg.quiet && (cfg.progress || isatty(STDERR_FILENO)),
                         &st);
    if (ex != CLI_OK)
        goto out;
    if (dt_sweep_reduce(s, &err) != DT_OK) {
        cli_error("%s", err.msg);
        ex = cli_exit_for(err.code);
        goto out;
    }
    if (!cfg.quiet) {
        double t = sweep_now() - t0;
        size_t n = dt_sweep_n_done(s) - st.resumed;

        fprintf(stderr,
                "detente: %zu draws in %.2f s (%.0f draws/s, %u threads)\n", n,
                t, t > 0 ? (double)n / t : 0.0, cfg.threads);
    }
    ex = sweep_write(&cfg, s, &st);
    if (ex == CLI_OK && cfg.draws_out)
        ex = sweep_write_draws(&cfg, s);
    if (ex == CLI_OK && st.interrupted) {
        cli_error("interrupted: %zu of %zu draws done and written%s",
                  dt_sweep_n_done(s), cfg.draws,
                  cfg.checkpoint ? "; run again with the same --checkpoint "
                                   "to finish"
                                 : "");
        ex = 130;
    }
out:
    dt_sweep_free(s);
    dt_estimates_free(cfg.est);
    dt_scenario_free(sc);
    cli_whatif_free(&cfg.wi);
    return ex;
}
