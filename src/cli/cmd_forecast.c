/*
 * detente forecast FILE: run the chosen models on every issue of a
 * scenario and print the forecasts as a terminal table, JSON or CSV.
 * Model options come from a preset, then from flags (flags win).
 */
#include <getopt.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "forecast.h"

/*
 * The models --model takes, into buf: the registry (dt_model_types()),
 * then the multi-issue ones.
 */
static void model_list(char *buf, size_t n)
{
    const dt_model_type *const *t;
    size_t len = 0;

    buf[0] = '\0';
    for (t = dt_model_types(); *t && len < n; t++)
        len += (size_t)snprintf(buf + len, n - len, "%s, ", (*t)->name);
    if (len < n)
        snprintf(buf + len, n - len, "%s, %s", fc_smp_type.name,
                 fc_exchange_type.name);
}

static void forecast_usage(FILE *f)
{
    const char *const *p;
    char list[256];

    model_list(list, sizeof list);
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
          "  --format FMT        table (default), json or csv\n"
          "  --trajectory        add the round-by-round positions\n"
          "  -o, --out FILE      write to FILE (atomically) instead of "
          "stdout\n"
          "  --require-convergence\n"
          "                      exit 1 when a model stops on a cycle or "
          "the round cap\n"
          "  --preset NAME       expected-utility preset:",
          f);
    for (p = dt_model_presets(); *p; p++)
        fprintf(f, " %s", *p);
    fputs("\n\nexpected-utility options (applied after --preset):\n", f);
    cli_model_keys_help(f);
    fputs("\nsmp options (KTAB's spatial model, all issues at once):\n", f);
    cli_smp_keys_help(f);
    fputs("\nexit codes: 0 ok, 1 not converged (with "
          "--require-convergence),\n2 usage, 3 invalid scenario, 4 I/O.\n",
          f);
}

/* Split a --model argument into model types; "all" adds every model. */
static int add_models(struct fc_config *cfg, const char *arg)
{
    char buf[256];
    char *p, *save = NULL;

    snprintf(buf, sizeof buf, "%s", arg);
    for (p = strtok_r(buf, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
        const dt_model_type *const *t;
        const dt_model_type *m;
        size_t i;

        if (strcmp(p, "all") == 0) {
            for (t = dt_model_types(); *t; t++)
                if (add_models(cfg, (*t)->name) != CLI_OK)
                    return CLI_USAGE;
            continue;
        }
        m = strcmp(p, "smp") == 0        ? &fc_smp_type
            : strcmp(p, "exchange") == 0 ? &fc_exchange_type
                                         : dt_model_find(p);
        if (!m) {
            char list[256];

            model_list(list, sizeof list);
            cli_error("unknown model '%s' (expected %s or all)", p, list);
            return CLI_USAGE;
        }
        for (i = 0; i < cfg->n_models; i++)
            if (cfg->models[i] == m)
                break;
        if (i == cfg->n_models && cfg->n_models < FC_MAX_MODELS)
            cfg->models[cfg->n_models++] = m;
    }
    return CLI_OK;
}

enum {
    OPT_MODEL = 256,
    OPT_FORMAT,
    OPT_TRAJECTORY,
    OPT_REQUIRE,
    OPT_PRESET,
    OPT_KEY /* model keys: OPT_KEY + index in the key table */
};

static int parse_args(int argc, char **argv, struct fc_config *cfg)
{
    static const struct option fixed[] = {
        {"help", no_argument, NULL, 'h'},
        {"out", required_argument, NULL, 'o'},
        {"model", required_argument, NULL, OPT_MODEL},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"trajectory", no_argument, NULL, OPT_TRAJECTORY},
        {"require-convergence", no_argument, NULL, OPT_REQUIRE},
        {"preset", required_argument, NULL, OPT_PRESET},
    };
    const size_t n_fixed = sizeof fixed / sizeof fixed[0];
    size_t n_keys = cli_model_keys_count(), n_smp = cli_smp_keys_count();
    struct option *longopts =
        calloc(n_fixed + n_keys + n_smp + 1, sizeof *longopts);
    const char **key_vals = calloc(n_keys + n_smp + 1, sizeof *key_vals);
    dt_error err;
    size_t i;
    int rc = CLI_OK;

    if (!longopts || !key_vals) {
        cli_error("out of memory");
        rc = CLI_INTERNAL;
        goto out;
    }
    memcpy(longopts, fixed, sizeof fixed);
    for (i = 0; i < n_keys; i++)
        cli_model_key_option(i, &longopts[n_fixed + i], OPT_KEY + (int)i);
    for (i = 0; i < n_smp; i++)
        cli_smp_key_option(i, &longopts[n_fixed + n_keys + i],
                           OPT_KEY + (int)(n_keys + i));
    optind = 1;
    opterr = 0;
    for (;;) {
        int c = getopt_long(argc, argv, "ho:", longopts, NULL);

        if (c == -1)
            break;
        switch (c) {
        case 'h':
            forecast_usage(stdout);
            rc = -1;
            goto out;
        case 'o':
            cfg->out = optarg;
            break;
        case OPT_MODEL:
            rc = add_models(cfg, optarg);
            if (rc != CLI_OK)
                goto out;
            break;
        case OPT_FORMAT: {
            /* In enum fc_format order. */
            static const char *const fmts[] = {"table", "json", "csv", NULL};
            int k;

            if (!cli_choice("format", optarg, fmts, &k)) {
                rc = CLI_USAGE;
                goto out;
            }
            cfg->format = (enum fc_format)k;
            break;
        }
        case OPT_TRAJECTORY:
            cfg->trajectory = 1;
            break;
        case OPT_REQUIRE:
            cfg->require_convergence = 1;
            break;
        case OPT_PRESET:
            cfg->preset = optarg;
            break;
        case '?':
        case ':':
            if (optopt && optopt < 256)
                cli_error("unknown option '-%c'; see 'detente forecast "
                          "--help'",
                          optopt);
            else
                cli_error("bad option '%s'; see 'detente forecast --help'",
                          argv[optind - 1]);
            rc = CLI_USAGE;
            goto out;
        default:
            /* A model key: remembered, applied after the preset. */
            key_vals[c - OPT_KEY] = optarg ? optarg : "on";
            break;
        }
    }
    if (argc - optind != 1) {
        cli_error("forecast takes exactly one FILE; see 'detente forecast "
                  "--help'");
        rc = CLI_USAGE;
        goto out;
    }
    cfg->file = argv[optind];
    if (cfg->n_models == 0)
        add_models(cfg, "all");
    if (cfg->preset &&
        dt_model_opts_preset(&cfg->mopts, cfg->preset, &err) != DT_OK) {
        cli_error("%s", err.msg);
        rc = CLI_USAGE;
        goto out;
    }
    for (i = 0; i < n_keys; i++)
        if (key_vals[i] && !cli_model_key_apply(i, key_vals[i], &cfg->mopts)) {
            rc = CLI_USAGE;
            goto out;
        }
    for (i = 0; i < n_smp && i < 16; i++) {
        cfg->smp_vals[i] = key_vals[n_keys + i];
        if (key_vals[n_keys + i] &&
            !cli_smp_key_apply(i, key_vals[n_keys + i], &cfg->smp)) {
            rc = CLI_USAGE;
            goto out;
        }
    }
    if (dt_model_opts_check(&cfg->mopts, &err) != DT_OK) {
        cli_error("%s", err.msg);
        rc = CLI_USAGE;
    }
out:
    free(longopts);
    free(key_vals);
    return rc;
}

int cmd_forecast(int argc, char **argv)
{
    struct fc_config cfg;
    struct fc_result res;
    dt_model_opts defaults = DT_MODEL_OPTS_INIT;
    dt_smp_opts smp_defaults = DT_SMP_OPTS_INIT;
    dt_scenario *sc = NULL;
    cli_out out;
    int rc, close_rc;

    memset(&cfg, 0, sizeof cfg);
    memset(&res, 0, sizeof res);
    cfg.mopts = defaults;
    cfg.smp = smp_defaults;
    rc = parse_args(argc, argv, &cfg);
    if (rc == -1)
        return CLI_OK;
    if (rc != CLI_OK)
        return rc;
    rc = cli_load(cfg.file, &sc);
    if (rc != CLI_OK)
        return rc;
    rc = fc_smp_configure(sc, &cfg);
    if (rc != CLI_OK)
        goto done;
    rc = fc_run(sc, &cfg, &res);
    if (rc != CLI_OK)
        goto done;
    rc = cli_out_open(&out, cfg.out);
    if (rc != CLI_OK)
        goto done;
    switch (cfg.format) {
    case FC_TABLE:
        rc = fc_write_table(out.f, sc, &cfg, &res);
        break;
    case FC_JSON:
        rc = fc_write_json(out.f, sc, &cfg, &res);
        break;
    case FC_CSV:
        rc = fc_write_csv(out.f, sc, &cfg, &res);
        break;
    }
    close_rc = cli_out_close(&out, rc == CLI_OK);
    if (rc == CLI_OK)
        rc = close_rc;
    if (rc == CLI_OK && cfg.require_convergence && !fc_all_converged(&res)) {
        cli_error("a model did not converge (see the stop reasons)");
        rc = CLI_NOT_CONVERGED;
    }
done:
    free(cfg.smp_acc);
    fc_result_release(&res);
    dt_scenario_free(sc);
    return rc;
}
