/*
 * detente backtest FILE: score every model on decisions with known
 * outcomes (the DEU wide format), with cross-validation over proposals, a
 * bootstrap interval for the difference from the compromise model and
 * calibrated forecast intervals; table, Markdown or JSON.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "cli.h"
#include "cli_json.h"

enum bt_format { BT_TABLE, BT_MARKDOWN, BT_JSON };

/* Most models a --models list may name. */
#define BT_MAX_MODELS 32

struct bt_config {
    const char *file;                      /* the data file */
    const char *capability;                /* council, equal or a FILE */
    const char *out_dir;                   /* --out DIR, or NULL */
    enum bt_format format;                 /* output format */
    int have_seed;                         /* --seed given */
    char models_buf[512];                  /* --models, split in place */
    const char *models[BT_MAX_MODELS + 1]; /* NULL-terminated, or none */
    int all_models;                        /* no list, or "all" */
    dt_backtest_opts opts;                 /* library options */
};

static void backtest_usage(FILE *f)
{
    fputs("usage: detente backtest FILE [options]\n\n"
          "Scores every model on decisions with known outcomes: the DEU "
          "wide\nformat (Decision-making in the European Union; recognised "
          "from its\nheader). Parameters are fitted by K-fold "
          "cross-validation over\nproposals; every figure is out of "
          "fold.\n\n"
          "options:\n"
          "  --data deu          read FILE as DEU even if its header is "
          "not recognised\n"
          "  --models LIST       comma-separated: mean, median, eu, nbs, "
          "exchange,\n"
          "                      smp, ensemble (and other registered "
          "models) or all\n"
          "                      (default); mean always runs\n"
          "  --capability C      council (Council weights by period, "
          "default),\n"
          "                      equal, or a CSV FILE 'actor,capability'\n"
          "  --folds K           cross-validation folds (10)\n"
          "  --bootstrap B       bootstrap resamples of proposals (1000)\n"
          "  --seed S            seed of folds and bootstrap (default: "
          "drawn, and\n"
          "                      printed)\n"
          "  --level X           nominal coverage of the intervals (0.8)\n"
          "  --format FMT        table (default), markdown or json\n"
          "  --out DIR           write DIR/predictions.csv (per-issue "
          "forecasts)\n\n"
          "exit codes: 0 ok, 2 usage, 3 invalid data, 4 I/O.\n",
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
            break;
        case 'k':
            if (!cli_parse_uint("--folds", optarg, &cfg->opts.folds))
                return CLI_USAGE;
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
            break;
        case 'f': {
            /* In enum bt_format order. */
            static const char *const fmts[] = {"table", "markdown", "json",
                                               NULL};
            int k;

            if (!cli_choice("format", optarg, fmts, &k))
                return CLI_USAGE;
            cfg->format = (enum bt_format)k;
            break;
        }
        case 'o':
            cfg->out_dir = optarg;
            break;
        default:
            cli_error("unknown or incomplete option '%s'; see 'detente "
                      "backtest --help'",
                      argv[optind - 1]);
            return CLI_USAGE;
        }
    }
    if (argc - optind != 1) {
        cli_error("backtest takes exactly one FILE; see 'detente backtest "
                  "--help'");
        return CLI_USAGE;
    }
    cfg->file = argv[optind];
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

static void fmt_num(char *buf, size_t n, double v, int prec)
{
    if (isnan(v))
        snprintf(buf, n, "n/a");
    else
        snprintf(buf, n, "%.*f", prec, v);
}

static const char *cap_name(const struct bt_config *cfg)
{
    return cfg->capability ? cfg->capability : "council";
}

static void print_header(FILE *f, const struct bt_config *cfg, const dt_deu *d,
                         const dt_backtest *b)
{
    size_t no_out, few, sk = dt_backtest_skipped(b, &no_out, &few);

    fprintf(f,
            "backtest: %s (DEU wide format), %zu scoreable issues of %zu; "
            "skipped %zu (%zu without an outcome, %zu with fewer than 3 "
            "actors)\n",
            cfg->file, dt_backtest_n_scored(b), dt_deu_n_issues(d), sk, no_out,
            few);
    fprintf(f,
            "capability: %s; %u folds over proposals; %u bootstrap "
            "resamples; seed %" PRIu64 "\n",
            cap_name(cfg), cfg->opts.folds, cfg->opts.bootstrap,
            cfg->opts.seed);
}

static void print_table(FILE *f, const struct bt_config *cfg, const dt_deu *d,
                        const dt_backtest *b, int md)
{
    size_t m;
    int pct = (int)lround(cfg->opts.level * 100.0);

    if (!md) {
        print_header(f, cfg, d, b);
        fprintf(f, "\n  %-10s %4s %7s %7s %7s  %-26s %6s %6s\n", "model", "n",
                "MAE", "med AE", "RMSE", "MAE - mean [95% CI]", "cover",
                "width");
    } else {
        fprintf(f,
                "| model | n | MAE | median AE | RMSE | MAE - mean | 95%% "
                "CI | %d%% coverage | width |\n"
                "|---|---:|---:|---:|---:|---:|---|---:|---:|\n",
                pct);
    }
    for (m = 0; m < dt_backtest_n_models(b); m++) {
        const dt_backtest_score *s = dt_backtest_score_at(b, m);
        char mae[32], med[32], rmse[32], diff[32], lo[32], hi[32], cov[32],
            wid[32];

        fmt_num(mae, sizeof mae, s->mae, 2);
        fmt_num(med, sizeof med, s->median_ae, 2);
        fmt_num(rmse, sizeof rmse, s->rmse, 2);
        fmt_num(diff, sizeof diff, s->diff, 2);
        fmt_num(lo, sizeof lo, s->diff_lo, 2);
        fmt_num(hi, sizeof hi, s->diff_hi, 2);
        fmt_num(cov, sizeof cov, s->coverage * 100.0, 1);
        fmt_num(wid, sizeof wid, s->width, 1);
        if (md) {
            fprintf(f,
                    "| %s | %zu | %s | %s | %s | %s | [%s, %s] | %s%% | %s |\n",
                    s->name, s->n, mae, med, rmse, diff, lo, hi, cov, wid);
        } else {
            char ci[128];

            snprintf(ci, sizeof ci, "%s [%s, %s]", diff, lo, hi);
            fprintf(f, "  %-10s %4zu %7s %7s %7s  %-26s %5s%% %6s\n", s->name,
                    s->n, mae, med, rmse, ci, cov, wid);
        }
    }
    if (md) {
        size_t no_out, few, sk = dt_backtest_skipped(b, &no_out, &few);

        fprintf(f,
                "\n%zu scoreable issues; skipped %zu (%zu without an "
                "outcome, %zu with fewer than 3 actors). Capability: %s; "
                "%u folds; %u bootstrap resamples; seed %" PRIu64 ".\n",
                dt_backtest_n_scored(b), sk, no_out, few, cap_name(cfg),
                cfg->opts.folds, cfg->opts.bootstrap, cfg->opts.seed);
        return;
    }
    fprintf(f, "\n  fitted on training folds (fold 1):");
    for (m = 0; m < dt_backtest_n_models(b); m++) {
        const char *fit = dt_backtest_fitted(b, m, 0);

        if (fit[0])
            fprintf(f, "\n    %-10s %s", dt_backtest_score_at(b, m)->name, fit);
    }
    for (m = 0; m < dt_backtest_n_models(b); m++)
        if (dt_backtest_score_at(b, m)->no_agreement)
            fprintf(f,
                    "\n  %s: %zu issues with no agreement (scored as the "
                    "reference point)",
                    dt_backtest_score_at(b, m)->name,
                    dt_backtest_score_at(b, m)->no_agreement);
    fprintf(f, "\n");
}

static int print_json(FILE *f, const struct bt_config *cfg,
                      const dt_backtest *b)
{
    json_t *doc = json_object(), *models = json_array();
    size_t m, no_out, few, sk = dt_backtest_skipped(b, &no_out, &few);
    int rc;

    json_object_set_new(doc, "file", json_string(cfg->file));
    json_object_set_new(doc, "n",
                        json_integer((json_int_t)dt_backtest_n_scored(b)));
    json_object_set_new(doc, "skipped", json_integer((json_int_t)sk));
    json_object_set_new(doc, "skipped_no_outcome",
                        json_integer((json_int_t)no_out));
    json_object_set_new(doc, "skipped_few_actors",
                        json_integer((json_int_t)few));
    json_object_set_new(doc, "capability", json_string(cap_name(cfg)));
    json_object_set_new(doc, "folds", json_integer(cfg->opts.folds));
    json_object_set_new(doc, "bootstrap", json_integer(cfg->opts.bootstrap));
    json_object_set_new(doc, "seed", json_integer((json_int_t)cfg->opts.seed));
    json_object_set_new(doc, "level", json_real(cfg->opts.level));
    for (m = 0; m < dt_backtest_n_models(b); m++) {
        const dt_backtest_score *s = dt_backtest_score_at(b, m);
        json_t *o = json_object(), *dv = json_object(), *iv = json_object();
        json_t *fit = json_array();
        unsigned k;

        json_object_set_new(o, "name", json_string(s->name));
        json_object_set_new(o, "n", json_integer((json_int_t)s->n));
        json_object_set_new(o, "mae", cli_json_num(s->mae));
        json_object_set_new(o, "median_ae", cli_json_num(s->median_ae));
        json_object_set_new(o, "rmse", cli_json_num(s->rmse));
        json_object_set_new(dv, "n", json_integer((json_int_t)s->n_diff));
        json_object_set_new(dv, "estimate", cli_json_num(s->diff));
        json_object_set_new(dv, "lo", cli_json_num(s->diff_lo));
        json_object_set_new(dv, "hi", cli_json_num(s->diff_hi));
        json_object_set_new(o, "diff_vs_mean", dv);
        json_object_set_new(iv, "coverage", cli_json_num(s->coverage));
        json_object_set_new(iv, "width", cli_json_num(s->width));
        json_object_set_new(o, "interval", iv);
        json_object_set_new(o, "no_agreement",
                            json_integer((json_int_t)s->no_agreement));
        for (k = 0; k < cfg->opts.folds; k++)
            json_array_append_new(fit,
                                  json_string(dt_backtest_fitted(b, m, k)));
        json_object_set_new(o, "fitted", fit);
        json_array_append_new(models, o);
    }
    json_object_set_new(doc, "models", models);
    rc = json_dumpf(doc, f, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
    fputc('\n', f);
    json_decref(doc);
    return rc == 0;
}

/* DIR/predictions.csv: one row per scored issue, every model's forecast. */
static int write_predictions(const struct bt_config *cfg, const dt_deu *d,
                             const dt_backtest *b)
{
    char path[4096];
    cli_out out;
    size_t k, m;
    int rc;

    if (mkdir(cfg->out_dir, 0777) != 0 && errno != EEXIST) {
        cli_error("cannot create '%s': %s", cfg->out_dir, strerror(errno));
        return CLI_IO;
    }
    snprintf(path, sizeof path, "%s/predictions.csv", cfg->out_dir);
    rc = cli_out_open(&out, path);
    if (rc != CLI_OK)
        return rc;
    fprintf(out.f, "proposal,issue,fold,outcome,rp");
    for (m = 0; m < dt_backtest_n_models(b); m++) {
        const char *nm = dt_backtest_score_at(b, m)->name;

        fprintf(out.f, ",%s,%s_lo,%s_hi", nm, nm, nm);
    }
    fputc('\n', out.f);
    for (k = 0; k < dt_backtest_n_scored(b); k++) {
        unsigned fold;
        const dt_deu_issue *is =
            dt_deu_issue_at(d, dt_backtest_issue(b, k, &fold));

        fprintf(out.f, "%s,%s,%u,%.17g,", is->proposal, is->id, fold + 1,
                is->outcome);
        if (is->has_rp)
            fprintf(out.f, "%.17g", is->rp);
        for (m = 0; m < dt_backtest_n_models(b); m++) {
            double p, lo, hi;

            dt_backtest_prediction(b, k, m, &p, &lo, &hi);
            if (isnan(p))
                fprintf(out.f, ",,,");
            else if (isnan(lo))
                fprintf(out.f, ",%.17g,,", p);
            else
                fprintf(out.f, ",%.17g,%.17g,%.17g", p, lo, hi);
        }
        fputc('\n', out.f);
    }
    return cli_out_close(&out, !ferror(out.f));
}

int cmd_backtest(int argc, char **argv)
{
    static const dt_backtest_opts defaults = DT_BACKTEST_OPTS_INIT;
    struct bt_config cfg;
    dt_deu *d = NULL;
    dt_backtest *b = NULL;
    double *table = NULL;
    dt_error err;
    dt_status st;
    int rc, forced = 0, k;

    memset(&cfg, 0, sizeof cfg);
    cfg.opts = defaults;
    cfg.all_models = 1;
    for (k = 1; k < argc; k++)
        forced |= strcmp(argv[k], "--data") == 0 ||
                  strncmp(argv[k], "--data=", 7) == 0;
    rc = parse_args(argc, argv, &cfg);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    if (!cfg.have_seed)
        cfg.opts.seed = cli_draw_seed();
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
    }
    cfg.opts.models = cfg.all_models ? NULL : cfg.models;
    st = dt_backtest_run(d, &cfg.opts, &b, &err);
    if (st != DT_OK) {
        rc = report_error(&err, st);
        goto out;
    }
    rc = CLI_OK;
    if (cfg.format == BT_JSON)
        rc = print_json(stdout, &cfg, b) ? CLI_OK : CLI_IO;
    else
        print_table(stdout, &cfg, d, b, cfg.format == BT_MARKDOWN);
    if (cfg.format != BT_TABLE) {
        size_t sk = dt_backtest_skipped(b, NULL, NULL);

        /* The seed and the skipped count are always shown. */
        fprintf(stderr, "detente: seed %" PRIu64 ", %zu issues skipped\n",
                cfg.opts.seed, sk);
    }
    if (cfg.out_dir && rc == CLI_OK)
        rc = write_predictions(&cfg, d, b);
    if (fflush(stdout) != 0)
        rc = CLI_IO;
out:
    dt_backtest_free(b);
    dt_deu_free(d);
    free(table);
    return rc;
}
