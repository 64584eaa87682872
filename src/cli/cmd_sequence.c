/*
 * detente sequence FILE: the game sections of a scenario (docs/games.md),
 * solved and swept by the library (dt_games_sequence_new, games.h) and written
 * as its document (terminal text or Markdown) or its JSON.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum { OPT_PLANS = 256, OPT_FORMAT, OPT_SWEEP, OPT_SEED, OPT_DRAWS };

#define MAX_SWEEPS 32 /* --sweep options per run */

static void seq_usage(FILE *f)
{
    fputs(
        "usage: detente sequence FILE [--plans NAME,NAME...]\n"
        "                        [--format table|markdown|html|pdf|json] [-o "
        "FILE]\n"
        "                        [--sweep PARAM=LO:HI:STEPS]... "
        "[--seed N] [--draws N]\n\n"
        "Solves the scenario's game sections (docs/games.md): the plans of\n"
        "its staged_deal side by side, each threat, and the ratification\n"
        "game. Every parameter written as a range in the file is swept over\n"
        "11 points, or those named with --sweep instead; the values where\n"
        "the equilibrium changes are found by bisection (to 1e-9 of the\n"
        "range).\n\n"
        "  --plans A,B      only these plans of the staged deal\n"
        "  --sweep P=L:H:N  sweep parameter P over N points of [L, H]:\n"
        "                   PLAN.s_a, PLAN.s_b, PLAN.K.KEY (stage K, KEY one\n"
        "                   of a b h g t_a t_b q; K = * for every stage),\n"
        "                   THREAT.KEY (x v_s v_t harm o k_s a_s mu),\n"
        "                   ratification.setter_ideal, "
        "ratification.status_quo,\n"
        "                   VETO.ideal, VETO.lo, VETO.hi (first dimension)\n"
        "  --seed N         seed of the Monte Carlo check (default 1)\n"
        "  --draws N        Monte Carlo draws (default 100000)\n"
        "  --format FMT     table (plain text, default), markdown, html,\n"
        "                   pdf or json\n"
        "                   for programs\n"
        "  -o, --out FILE   write there instead of standard output\n\n"
        "exit codes: 0 ok, 2 usage, 3 invalid scenario or no game\n"
        "section, 4 I/O.\n",
        f);
}

struct seq_config {
    const char *file;               /* scenario path */
    const char *plans;              /* --plans, or NULL */
    const char *sweeps[MAX_SWEEPS]; /* --sweep texts */
    size_t n_sweeps;                /* entries in sweeps */
    unsigned seed, draws;           /* --seed, --draws */
    int format;                     /* cli_format */
    const char *out;                /* -o, or NULL */
};

/* Returns CLI_OK, -1 after --help, or an exit code. */
static int parse_args(int argc, char **argv, struct seq_config *cfg)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {"out", required_argument, NULL, 'o'},
        {"plans", required_argument, NULL, OPT_PLANS},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"sweep", required_argument, NULL, OPT_SWEEP},
        {"seed", required_argument, NULL, OPT_SEED},
        {"draws", required_argument, NULL, OPT_DRAWS},
        {NULL, 0, NULL, 0},
    };
    int c;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        switch (c) {
        case 'h':
            seq_usage(stdout);
            return -1;
        case 'o':
            cfg->out = optarg;
            break;
        case OPT_PLANS:
            cfg->plans = optarg;
            break;
        case OPT_FORMAT:
            if (!cli_format("format", optarg, CLI_FMT_PAGES | CLI_FMT_JSON,
                            &cfg->format))
                return CLI_USAGE;
            break;
        case OPT_SWEEP:
            if (cfg->n_sweeps == MAX_SWEEPS) {
                cli_error("at most %d --sweep options", MAX_SWEEPS);
                return CLI_USAGE;
            }
            cfg->sweeps[cfg->n_sweeps++] = optarg;
            break;
        case OPT_SEED:
            if (!cli_parse_uint("--seed", optarg, &cfg->seed))
                return CLI_USAGE;
            break;
        case OPT_DRAWS:
            if (!cli_parse_uint("--draws", optarg, &cfg->draws))
                return CLI_USAGE;
            break;
        default:
            return cli_bad_option("sequence", argv, longopts, "ho:");
        }
    }
    if (argc - optind != 1) {
        cli_error("sequence takes exactly one scenario FILE; see 'detente "
                  "sequence --help'");
        return CLI_USAGE;
    }
    cfg->file = argv[optind];
    return CLI_OK;
}

/*
 * --plans A,B: the names, pointing into buf (a copy of the list), in
 * names[] (room for one per byte of the list). Empty names are skipped.
 */
static size_t split_plans(char *buf, const char **names)
{
    char *tok, *save = NULL;
    size_t n = 0;

    for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
        names[n++] = tok;
    return n;
}

/* The options of dt_games_sequence_new from the command line; an exit code. */
static int sequence_opts(const struct seq_config *cfg,
                         dt_games_sequence_opts *o, dt_games_sequence_sweep *sw,
                         char **plan_buf, const char ***plan_names)
{
    dt_error err;
    size_t i;

    o->seed = cfg->seed;
    o->draws = cfg->draws;
    if (cfg->plans) {
        *plan_buf = strdup(cfg->plans);
        *plan_names = calloc(strlen(cfg->plans) + 1, sizeof **plan_names);
        if (!*plan_buf || !*plan_names) {
            cli_error("out of memory");
            return CLI_NOMEM;
        }
        o->plans = *plan_names;
        o->n_plans = split_plans(*plan_buf, *plan_names);
    }
    for (i = 0; i < cfg->n_sweeps; i++)
        if (dt_games_sequence_sweep_parse(cfg->sweeps[i], &sw[i], &err) !=
            DT_OK) {
            cli_error("--%s", err.msg);
            return CLI_USAGE;
        }
    o->sweeps = sw;
    o->n_sweeps = cfg->n_sweeps;
    return CLI_OK;
}

static int write_sequence(const struct seq_config *cfg,
                          const dt_games_sequence *seq)
{
    dt_error err;
    int rc;

    if (cfg->format == CLI_FMT_JSON) {
        cli_out out;

        rc = cli_out_open(&out, cfg->out);
        if (rc == CLI_OK)
            rc = cli_out_finish(&out,
                                dt_games_sequence_write_json(
                                    seq, NULL, cli_file_write, out.f, &err),
                                &err);
    } else {
        dt_doc *d = cli_doc_new();

        rc = d ? cli_doc_status(dt_games_sequence_doc(seq, NULL, d, &err), &err)
               : CLI_NOMEM;
        if (rc == CLI_OK)
            rc = cli_write_doc(cfg->out, cfg->format, d);
        dt_doc_free(d);
    }
    return rc;
}

int cmd_sequence(int argc, char **argv)
{
    struct seq_config cfg;
    dt_games_sequence_opts o = DT_GAMES_SEQUENCE_OPTS_INIT;
    dt_games_sequence_sweep sw[MAX_SWEEPS];
    dt_scenario *sc = NULL;
    dt_games_sequence *seq = NULL;
    char *plan_buf = NULL;
    const char **plan_names = NULL;
    dt_error err;
    dt_status st;
    int rc;

    memset(&cfg, 0, sizeof cfg);
    cfg.seed = 1;
    cfg.draws = 100000;
    cfg.format = CLI_FMT_TEXT;
    rc = parse_args(argc, argv, &cfg);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    rc = cli_load(cfg.file, &sc);
    if (rc != CLI_OK)
        return rc;
    rc = sequence_opts(&cfg, &o, sw, &plan_buf, &plan_names);
    if (rc != CLI_OK)
        goto out;
    st = dt_games_sequence_new(sc, &o, &seq, &err);
    if (st != DT_OK) {
        /* Options that do not fit the scenario are usage errors. */
        cli_error(st == DT_EINVAL ? "--%s" : "%s", err.msg);
        rc = cli_exit_for(st);
        goto out;
    }
    rc = write_sequence(&cfg, seq);
out:
    dt_games_sequence_free(seq);
    free(plan_names);
    free(plan_buf);
    dt_scenario_free(sc);
    return rc;
}
