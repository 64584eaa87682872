/*
 * detente backtest FILE: score every model on decisions with known
 * outcomes (the DEU wide format), with cross-validation over proposals, a
 * bootstrap interval for the difference from the compromise model and
 * calibrated forecast intervals; table, Markdown or JSON. The library
 * runs the backtest (dt_backtest_run) and writes its document
 * (dt_backtest_doc: text, Markdown, and the CSV of --out DIR) and JSON
 * (dt_backtest_write_json); this file reads the arguments and the files.
 *
 * detente backtest DIR | A.yaml B.yaml ...: the case backtest (cases.h,
 * dt_cases_run): every model and the analysis's verdicts scored across
 * the scenarios that record an observed outcome; document dt_cases_doc,
 * JSON dt_cases_write_json.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>

#include "cli.h"

/* Most models a --models list may name. */
#define BT_MAX_MODELS 32

struct bt_config {
    const char *file;                      /* the data file */
    char **files;                          /* every positional argument */
    int n_files;                           /* their number */
    int have_level;                        /* --level given */
    const char *deu_only;                  /* a DEU-only option given */
    const char *capability;                /* council, equal or a FILE */
    const char *out_dir;                   /* --out DIR, or NULL */
    const char *folds_out;                 /* --folds-out FILE, or NULL */
    int format;                            /* CLI_FMT_TEXT, _MARKDOWN, _JSON */
    int have_seed;                         /* --seed given */
    char models_buf[512];                  /* --models, split in place */
    const char *models[BT_MAX_MODELS + 2]; /* NULL-terminated, or none;
                                              room for "all" (cases) */
    int all_models;                        /* no list, or "all" */
    dt_backtest_opts opts;                 /* library options */
};

static void backtest_usage(FILE *f)
{
    fputs(
        "usage: detente backtest FILE [options]\n"
        "       detente backtest DIR|SCENARIO.yaml... [options]\n\n"
        "Scores every model on decisions with known outcomes: the DEU "
        "wide\nformat (Decision-making in the European Union; recognised "
        "from its\nheader). Parameters are fitted by K-fold "
        "cross-validation over\nproposals; every figure is out of "
        "fold.\n\n"
        "Given a directory (its *.yaml files) or YAML scenarios, scores "
        "every\nmodel and the analysis's verdicts across the cases that "
        "record an\nobserved outcome: MAE per model, zone verdict vs "
        "agreement, durability\nand excluded stakeholders vs whether the "
        "deal held, with exact tests\n(Fisher) and intervals "
        "(Clopper-Pearson, bootstrap over cases).\n\n"
        "options:\n"
        "  --data deu          read FILE as DEU even if its header is "
        "not recognised\n"
        "  --models LIST       comma-separated: mean, median, eu, nbs, "
        "exchange,\n"
        "                      smp, smp-pce, ensemble, ensemble-rule (and "
        "other\n"
        "                      registered models) or all\n"
        "                      (default); mean always runs\n"
        "  --capability C      council (Council weights by period, "
        "default),\n"
        "                      equal, or a CSV FILE 'actor,capability'\n"
        "  --folds K           cross-validation folds (10; DEU only)\n"
        "  --bootstrap B       bootstrap resamples of proposals or cases "
        "(1000)\n"
        "  --seed S            seed of folds and bootstrap (default: "
        "drawn, and\n"
        "                      printed)\n"
        "  --level X           nominal coverage of the intervals (DEU 0.8, "
        "cases 0.95)\n"
        "  --draws N           measurement-error draws per issue (0: none; "
        "DEU\n"
        "                      only): CRPS and the draws' 50%/80% "
        "coverage\n"
        "  --position-sd X     sd of the draws' positions (5 points)\n"
        "  --salience-sd X     sd of the draws' saliences (10 points)\n"
        "  --folds-out FILE    write the fold of every issue (CSV), fixed "
        "before\n"
        "                      anything is fitted\n"
        "  --format FMT        table (default), markdown, html, pdf or json\n"
        "  --out DIR           write DIR/predictions.csv (per-issue "
        "forecasts)\n\n"
        "--capability and --folds apply to the DEU backtest only. With "
        "scenarios,\n--models takes forecast's names (all: every one-issue "
        "model, the\ndefault; smp and exchange on request); the first "
        "listed is the\nyardstick of 'MAE - first'.\n"
        "exit codes: 0 ok, 2 usage, 3 invalid data, 4 I/O, 5 out of memory.\n",
        f);
}

static int parse_models(struct bt_config *cfg, const char *arg)
{
    char *p, *save = NULL;
    size_t n = 0;

    cfg->all_models = 0;
    snprintf(cfg->models_buf, sizeof cfg->models_buf, "%s", arg);
    for (p = strtok_r(cfg->models_buf, ",", &save); p;
         p = strtok_r(NULL, ",", &save)) {
        if (strcmp(p, "all") == 0) {
            cfg->all_models = 1;
            continue;
        }
        if (n == BT_MAX_MODELS) {
            cli_error("--models: more than %d names", BT_MAX_MODELS);
            return 0;
        }
        cfg->models[n++] = p;
    }
    cfg->models[n] = NULL;
    if (n == 0 && !cfg->all_models) {
        cli_error("--models expects a list of model names");
        return 0;
    }
    return 1;
}

static int parse_args(int argc, char **argv, struct bt_config *cfg)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {"data", required_argument, NULL, 'd'},
        {"models", required_argument, NULL, 'm'},
        {"capability", required_argument, NULL, 'c'},
        {"folds", required_argument, NULL, 'k'},
        {"bootstrap", required_argument, NULL, 'b'},
        {"seed", required_argument, NULL, 's'},
        {"level", required_argument, NULL, 'l'},
        {"format", required_argument, NULL, 'f'},
        {"out", required_argument, NULL, 'o'},
        {"draws", required_argument, NULL, 'n'},
        {"position-sd", required_argument, NULL, 'P'},
        {"salience-sd", required_argument, NULL, 'S'},
        {"folds-out", required_argument, NULL, 'F'},
        {NULL, 0, NULL, 0},
    };
    int c;

    optind = 1;
    opterr = 0;
    for (;;) {
        c = getopt_long(argc, argv, "h", longopts, NULL);
        if (c == -1)
            break;
        switch (c) {
        case 'h':
            backtest_usage(stdout);
            return -1;
        case 'd':
            if (strcmp(optarg, "deu") != 0) {
                cli_error("--data expects 'deu', got '%s'", optarg);
                return CLI_USAGE;
            }
            break;
        case 'm':
            if (!parse_models(cfg, optarg))
                return CLI_USAGE;
            break;
        case 'c':
            cfg->capability = optarg;
            cfg->deu_only = "--capability";
            break;
        case 'k':
            if (!cli_parse_uint("--folds", optarg, &cfg->opts.folds))
                return CLI_USAGE;
            cfg->deu_only = "--folds";
            break;
        case 'b':
            if (!cli_parse_uint("--bootstrap", optarg, &cfg->opts.bootstrap))
                return CLI_USAGE;
            break;
        case 's':
            if (!cli_parse_seed(optarg, &cfg->opts.seed))
                return CLI_USAGE;
            cfg->have_seed = 1;
            break;
        case 'l':
            if (!cli_parse_double("--level", optarg, &cfg->opts.level))
                return CLI_USAGE;
            cfg->have_level = 1;
            break;
        case 'n':
            if (!cli_parse_uint("--draws", optarg, &cfg->opts.draws))
                return CLI_USAGE;
            cfg->deu_only = "--draws";
            break;
        case 'P':
            if (!cli_parse_double("--position-sd", optarg,
                                  &cfg->opts.position_sd))
                return CLI_USAGE;
            cfg->deu_only = "--position-sd";
            break;
        case 'S':
            if (!cli_parse_double("--salience-sd", optarg,
                                  &cfg->opts.salience_sd))
                return CLI_USAGE;
            cfg->deu_only = "--salience-sd";
            break;
        case 'F':
            cfg->folds_out = optarg;
            cfg->deu_only = "--folds-out";
            break;
        case 'f':
            if (!cli_format("format", optarg, CLI_FMT_PAGES | CLI_FMT_JSON,
                            &cfg->format))
                return CLI_USAGE;
            break;
        case 'o':
            if (strcmp(optarg, "-") == 0) {
                cli_error("--out names a directory (for predictions.csv); "
                          "'-' (standard output) is not possible: the "
                          "result goes there already");
                return CLI_USAGE;
            }
            cfg->out_dir = optarg;
            break;
        default:
            return cli_bad_option("backtest", argv, longopts, "h");
        }
    }
    if (argc - optind < 1) {
        cli_error("backtest takes a DEU FILE, a DIR or YAML scenarios; see "
                  "'detente backtest --help'");
        return CLI_USAGE;
    }
    cfg->file = argv[optind];
    cfg->files = argv + optind;
    cfg->n_files = argc - optind;
    return CLI_OK;
}

/* Whether the first line of `path` is a DEU header (0 also if unreadable). */
static int sniff_deu(const char *path)
{
    char line[8192];
    FILE *f = fopen(path, "rb");
    int ok;

    if (!f)
        return 1; /* Let the loader report the I/O error. */
    ok = fgets(line, sizeof line, f) != NULL && dt_deu_is_header(line);
    fclose(f);
    return ok;
}

static int report_error(const dt_error *err, dt_status rc)
{
    char buf[1024];

    dt_error_format(err, buf, sizeof buf);
    cli_error("%s", buf);
    return rc == DT_ESCENARIO ? CLI_INVALID : cli_exit_for(rc);
}

/* DIR/predictions.csv: the document's CSV (one row per scored issue). */
static int write_predictions(const struct bt_config *cfg, const dt_doc *doc)
{
    char path[4096];

    if (mkdir(cfg->out_dir, 0777) != 0 && errno != EEXIST) {
        cli_error("cannot create '%s': %s", cfg->out_dir, strerror(errno));
        return CLI_IO;
    }
    snprintf(path, sizeof path, "%s/predictions.csv", cfg->out_dir);
    return cli_write_doc(path, CLI_FMT_CSV, doc);
}

/* The result on standard output: JSON, or the document as text/Markdown. */
static int write_result(const struct bt_config *cfg, const dt_backtest *b,
                        const dt_doc_opts *dopts, const dt_doc *doc)
{
    cli_out out;
    dt_error err;
    int rc;

    if (cfg->format != CLI_FMT_JSON)
        return cli_write_doc(NULL, cfg->format, doc);
    rc = cli_out_open(&out, NULL);
    if (rc != CLI_OK)
        return rc;
    return cli_out_finish(
        &out, dt_backtest_write_json(b, dopts, cli_file_write, out.f, &err),
        &err);
}

/* ---- The case backtest ------------------------------------------------- */

/* Whether path names a directory. */
static int is_dir(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Whether name ends in .yaml or .yml. */
static int is_yaml(const char *name)
{
    size_t n = strlen(name);

    return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
           (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

/* Whether the arguments name cases (a directory, YAML, or several). */
static int cases_mode(const struct bt_config *cfg)
{
    return cfg->n_files > 1 || is_dir(cfg->file) || is_yaml(cfg->file);
}

struct bt_paths {
    char **p; /* malloc'ed paths */
    size_t n, cap;
};

static int paths_add(struct bt_paths *ps, const char *dir, const char *name)
{
    size_t len = (dir ? strlen(dir) + 1 : 0) + strlen(name) + 1;
    char *s;

    if (ps->n == ps->cap) {
        size_t cap = ps->cap ? 2 * ps->cap : 16;
        char **np = realloc(ps->p, cap * sizeof *np);

        if (!np)
            return 0;
        ps->p = np;
        ps->cap = cap;
    }
    s = malloc(len);
    if (!s)
        return 0;
    if (dir)
        snprintf(s, len, "%s/%s", dir, name);
    else
        snprintf(s, len, "%s", name);
    ps->p[ps->n++] = s;
    return 1;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A directory's *.yaml and *.yml files, sorted by name. */
static int list_dir(struct bt_paths *ps, const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t first = ps->n;
    char base[4096];
    size_t bl;

    if (!d) {
        cli_error("cannot read directory '%s': %s", dir, strerror(errno));
        return CLI_IO;
    }
    snprintf(base, sizeof base, "%s", dir);
    bl = strlen(base);
    while (bl > 1 && base[bl - 1] == '/')
        base[--bl] = '\0';
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || !is_yaml(e->d_name))
            continue;
        if (!paths_add(ps, base, e->d_name)) {
            closedir(d);
            return CLI_NOMEM;
        }
    }
    closedir(d);
    if (ps->n == first) {
        cli_error("'%s' holds no YAML scenario (*.yaml, *.yml)", dir);
        return CLI_INVALID;
    }
    qsort(ps->p + first, ps->n - first, sizeof *ps->p, cmp_str);
    return CLI_OK;
}

static int run_cases(struct bt_config *cfg)
{
    struct bt_paths ps = {NULL, 0, 0};
    dt_scenario **sc = NULL;
    dt_cases_opts co = DT_CASES_OPTS_INIT;
    dt_doc_opts dopts = DT_DOC_OPTS_INIT;
    dt_cases *c = NULL;
    dt_doc *doc = NULL;
    dt_error err;
    dt_status st;
    size_t k, n = 0;
    int rc = CLI_OK, i;

    if (cfg->deu_only) {
        cli_error("%s applies to the DEU backtest only, not to scenarios",
                  cfg->deu_only);
        return CLI_USAGE;
    }
    for (i = 0; i < cfg->n_files && rc == CLI_OK; i++) {
        if (is_dir(cfg->files[i]))
            rc = list_dir(&ps, cfg->files[i]);
        else if (!paths_add(&ps, NULL, cfg->files[i]))
            rc = CLI_NOMEM;
    }
    if (rc != CLI_OK)
        goto out;
    sc = calloc(ps.n, sizeof *sc);
    if (!sc) {
        rc = CLI_NOMEM;
        goto out;
    }
    for (n = 0; n < ps.n; n++) {
        rc = cli_load(ps.p[n], &sc[n]);
        if (rc != CLI_OK)
            goto out;
    }
    /* A list names models; "all" in it adds every one-issue model. */
    if (cfg->models[0]) {
        const char **m = (const char **)cfg->models;

        for (k = 0; m[k]; k++)
            ;
        /* "all" first, so that the yardstick `mean` leads the table. */
        if (cfg->all_models) {
            memmove(m + 1, m, (k + 1) * sizeof *m);
            m[0] = "all";
        }
        co.models = cfg->models;
    }
    co.bootstrap = cfg->opts.bootstrap;
    co.seed = cfg->opts.seed;
    if (cfg->have_level)
        co.level = cfg->opts.level;
    st = dt_cases_run((const dt_scenario *const *)sc, n, &co, NULL, &c, &err);
    if (st != DT_OK) {
        rc = report_error(&err, st);
        goto out;
    }
    dopts.formats = (cfg->format == CLI_FMT_JSON ? 0u : (unsigned)cfg->format) |
                    (cfg->out_dir ? (unsigned)CLI_FMT_CSV : 0u);
    if (cfg->format != CLI_FMT_JSON || cfg->out_dir) {
        doc = cli_doc_new();
        rc = doc ? cli_doc_status(dt_cases_doc(c, &dopts, doc, &err), &err)
                 : CLI_NOMEM;
        if (rc != CLI_OK)
            goto out;
    }
    if (cfg->format != CLI_FMT_JSON) {
        rc = cli_write_doc(NULL, cfg->format, doc);
    } else {
        cli_out o;

        rc = cli_out_open(&o, NULL);
        if (rc == CLI_OK)
            rc = cli_out_finish(
                &o, dt_cases_write_json(c, &dopts, cli_file_write, o.f, &err),
                &err);
    }
    if (cfg->format != CLI_FMT_TEXT)
        fprintf(stderr, "detente: seed %" PRIu64 ", %zu of %zu cases scored\n",
                co.seed, c->n_scored, c->n_cases);
    if (cfg->out_dir && rc == CLI_OK)
        rc = write_predictions(cfg, doc);
out:
    dt_doc_free(doc);
    dt_cases_free(c);
    for (k = 0; k < n; k++)
        dt_scenario_free(sc[k]);
    free(sc);
    for (k = 0; k < ps.n; k++)
        free(ps.p[k]);
    free(ps.p);
    return rc;
}

/*
 * --folds-out FILE: proposal, issue and fold (1-based) of every scored
 * issue, from dt_backtest_folds, the assignment the run then uses.
 */
static int write_folds(const struct bt_config *cfg, const dt_deu *d)
{
    size_t ni = dt_deu_n_issues(d), i;
    unsigned *fold = calloc(ni ? ni : 1, sizeof *fold);
    dt_error err;
    dt_status st;
    FILE *f;
    int rc = CLI_OK;

    if (!fold)
        return CLI_NOMEM;
    st = dt_backtest_folds(d, &cfg->opts, fold, &err);
    if (st != DT_OK) {
        free(fold);
        return report_error(&err, st);
    }
    f = fopen(cfg->folds_out, "w");
    if (!f) {
        cli_error("cannot write '%s': %s", cfg->folds_out, strerror(errno));
        free(fold);
        return CLI_IO;
    }
    fprintf(f, "proposal,issue,fold\n");
    for (i = 0; i < ni; i++) {
        const dt_deu_issue *is = dt_deu_issue_at(d, i);

        if (fold[i] != UINT_MAX)
            fprintf(f, "%s,%s,%u\n", is->proposal, is->id, fold[i] + 1);
    }
    if (fclose(f) != 0) {
        cli_error("cannot write '%s': %s", cfg->folds_out, strerror(errno));
        rc = CLI_IO;
    }
    free(fold);
    return rc;
}

int cmd_backtest(int argc, char **argv)
{
    static const dt_backtest_opts defaults = DT_BACKTEST_OPTS_INIT;
    struct bt_config cfg;
    dt_doc_opts dopts = DT_DOC_OPTS_INIT;
    dt_deu *d = NULL;
    dt_backtest *b = NULL;
    dt_doc *doc = NULL;
    double *table = NULL;
    dt_error err;
    dt_status st;
    int rc, forced = 0, k;

    memset(&cfg, 0, sizeof cfg);
    cfg.opts = defaults;
    cfg.format = CLI_FMT_TEXT;
    cfg.all_models = 1;
    for (k = 1; k < argc; k++)
        forced |= strcmp(argv[k], "--data") == 0 ||
                  strncmp(argv[k], "--data=", 7) == 0;
    rc = parse_args(argc, argv, &cfg);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    if (!cfg.have_seed)
        cfg.opts.seed = cli_draw_seed();
    if (!forced && cases_mode(&cfg))
        return run_cases(&cfg);
    if (cfg.n_files != 1) {
        cli_error("the DEU backtest takes exactly one FILE");
        return CLI_USAGE;
    }
    if (!forced && !sniff_deu(cfg.file)) {
        cli_error("'%s' is not in the DEU wide format (no columns prnr, "
                  "isnr, outcome and p_<actor>); use --data deu to force it",
                  cfg.file);
        return CLI_INVALID;
    }
    st = dt_deu_load(cfg.file, NULL, &d, &err);
    if (st != DT_OK)
        return report_error(&err, st);
    if (!cfg.capability || strcmp(cfg.capability, "council") == 0) {
        cfg.opts.capability = DT_CAPABILITY_COUNCIL;
    } else if (strcmp(cfg.capability, "equal") == 0) {
        cfg.opts.capability = DT_CAPABILITY_EQUAL;
    } else {
        st = dt_deu_capability_load(d, cfg.capability, &table, &err);
        if (st != DT_OK) {
            rc = report_error(&err, st);
            goto out;
        }
        cfg.opts.capability = DT_CAPABILITY_TABLE;
        cfg.opts.cap_table = table;
        cfg.opts.capability_source = cfg.capability;
    }
    cfg.opts.models = cfg.all_models ? NULL : cfg.models;
    /* The folds are written down before anything is fitted. */
    if (cfg.folds_out) {
        rc = write_folds(&cfg, d);
        if (rc != CLI_OK)
            goto out;
    }
    st = dt_backtest_run(d, &cfg.opts, &b, &err);
    if (st != DT_OK) {
        rc = report_error(&err, st);
        goto out;
    }
    dopts.file = cfg.file;
    /* The document serves the output and, with --out, predictions.csv. */
    dopts.formats = (cfg.format == CLI_FMT_JSON ? 0u : (unsigned)cfg.format) |
                    (cfg.out_dir ? (unsigned)CLI_FMT_CSV : 0u);
    if (cfg.format != CLI_FMT_JSON || cfg.out_dir) {
        doc = cli_doc_new();
        rc = doc ? cli_doc_status(dt_backtest_doc(b, &dopts, doc, &err), &err)
                 : CLI_NOMEM;
        if (rc != CLI_OK)
            goto out;
    }
    rc = write_result(&cfg, b, &dopts, doc);
    if (cfg.format != CLI_FMT_TEXT) {
        size_t sk = dt_backtest_skipped(b, NULL, NULL);

        /* The seed and the skipped count are always shown. */
        fprintf(stderr, "detente: seed %" PRIu64 ", %zu issues skipped\n",
                cfg.opts.seed, sk);
    }
    if (cfg.out_dir && rc == CLI_OK)
        rc = write_predictions(&cfg, doc);
out:
    dt_doc_free(doc);
    dt_backtest_free(b);
    dt_deu_capability_free(d, table);
    dt_deu_free(d);
    return rc;
}
