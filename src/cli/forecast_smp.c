/*
 * The forecast command's side of KTAB's spatial model of politics: the
 * --smp-* options (and --seed), and one SMP run over all the issues of a
 * scenario whose history fills each issue's fc_run like any other model.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "forecast.h"

/* A tag in cfg->models[]: SMP is not a one-issue model type. */
const dt_model_type fc_smp_type = {
    "smp", "KTAB's spatial model of politics, all issues at once",
    NULL,  NULL,
    NULL,  NULL,
    NULL,  NULL,
    NULL,  NULL};

enum smp_key {
    K_VOTE,
    K_VPM,
    K_PCE,
    K_TRANS,
    K_RRANGE,
    K_RADJUST,
    K_COMMIT,
    K_INTERP,
    K_BARGAIN,
    K_TOL,
    K_MAX,
    K_MIN,
    K_RATIO,
    K_SEED,
    K_THREADS,
    K_N
};

static const struct {
    const char *name; /* long option */
    const char *help; /* values and default */
} keys[K_N] = {
    {"smp-vote", "Binary, PropBin, Prop (default), PropCbc, Cubic, "
                 "ASymProsp"},
    {"smp-vpm", "Linear (default), Square, Quartic, Octic, Binary"},
    {"smp-pce", "Conditional (default), MarkovUniform, MarkovIncentive"},
    {"smp-trans", "Deterministic (default), Stochastic"},
    {"smp-rrange", "Min, Mid (default), Max"},
    {"smp-radjust", "None, OneThird (default), Half, TwoThirds, Full"},
    {"smp-commit", "NoCommit, SemiCommit (default), FullCommit"},
    {"smp-interp", "S1P1, S2P2 (default)"},
    {"smp-bargain", "InitOnlyInterp (default), InitRcvrInterp"},
    {"smp-tolerance", "equal positions within (default 0.001, 0-1 scale)"},
    {"smp-max-turns", "turn cap (default 100)"},
    {"smp-min-turns", "first turn the stopping rule applies (default 2)"},
    {"smp-stop-ratio", "stop when dist(t-1,t)/dist(0,1) < R (default 0.02)"},
    {"seed", "seed of stochastic transitions (default 0)"},
    {"threads", "worker threads, 1-64 (default: the available cores; "
                "results do not depend on it)"},
};

size_t cli_smp_keys_count(void)
{
    return K_N;
}

void cli_smp_key_option(size_t i, struct option *opt, int val)
{
    opt->name = keys[i].name;
    opt->has_arg = required_argument;
    opt->flag = NULL;
    opt->val = val;
}

void cli_smp_keys_help(FILE *f)
{
    for (size_t i = 0; i < K_N; i++)
        fprintf(f, "  --%-18s %s\n", keys[i].name, keys[i].help);
}

static int real(const char *v, double lo, double hi, double *out)
{
    char *end;
    double d;

    errno = 0;
    d = strtod(v, &end);
    if (errno || end == v || *end || !(d >= lo && d <= hi))
        return 0;
    *out = d;
    return 1;
}

static int whole(const char *v, unsigned long long hi, unsigned long long *out)
{
    char *end;
    unsigned long long u;

    if (*v == '-' || *v == '\0')
        return 0;
    errno = 0;
    u = strtoull(v, &end, 10);
    if (errno || *end || u > hi)
        return 0;
    *out = u;
    return 1;
}

int cli_smp_key_apply(size_t i, const char *v, dt_smp_opts *o)
{
    unsigned long long u = 0;
    double d = 0.0;
    int ok;

    switch ((enum smp_key)i) {
    case K_VOTE:
        ok = dt_smp_vote_parse(v, &o->vote);
        break;
    case K_VPM:
        ok = dt_smp_vpm_parse(v, &o->vpm);
        break;
    case K_PCE:
        ok = dt_smp_pce_parse(v, &o->pce);
        break;
    case K_TRANS:
        ok = dt_smp_trans_parse(v, &o->trans);
        break;
    case K_RRANGE:
        ok = dt_smp_rrange_parse(v, &o->rrange);
        break;
    case K_RADJUST:
        ok = dt_smp_radjust_parse(v, &o->radjust);
        break;
    case K_COMMIT:
        ok = dt_smp_commit_parse(v, &o->commit);
        break;
    case K_INTERP:
        ok = dt_smp_interp_parse(v, &o->interp);
        break;
    case K_BARGAIN:
        ok = dt_smp_bargain_parse(v, &o->bargain);
        break;
    case K_TOL:
        ok = real(v, 0.0, 1.0, &d);
        o->tolerance = ok ? d : o->tolerance;
        break;
    case K_RATIO:
        ok = real(v, 0.0, 1e6, &d);
        o->stop_ratio = ok ? d : o->stop_ratio;
        break;
    case K_MAX:
        ok = whole(v, 100000, &u) && u >= 1;
        o->max_turns = ok ? (unsigned)u : o->max_turns;
        break;
    case K_MIN:
        ok = whole(v, 100000, &u);
        o->min_turns = ok ? (unsigned)u : o->min_turns;
        break;
    case K_SEED:
        ok = whole(v, UINT64_MAX, &u);
        o->seed = ok ? (uint64_t)u : o->seed;
        break;
    case K_THREADS:
        ok = whole(v, 64, &u) && u >= 1;
        o->threads = ok ? (unsigned)u : o->threads;
        break;
    default:
        ok = 0;
        break;
    }
    if (!ok)
        cli_error("bad value '%s' for --%s (expected %s)", v, keys[i].name,
                  keys[i].help);
    return ok;
}

/*
 * Run SMP once on the whole scenario and fill runs[m] of every issue:
 * forecast (the capability x salience weighted mean of the final
 * positions, and the most probable position), stop reason, and per turn
 * every actor's coordinate on the issue and its winning probability.
 */
int fc_run_smp(const dt_scenario *sc, const struct fc_config *cfg, size_t m,
               struct fc_result *res)
{
    dt_space *sp = NULL;
    dt_smp *smp = NULL;
    dt_error err;
    dt_status st;
    size_t i, l, T;
    unsigned t;
    int rc = CLI_OK;

    st = dt_space_from_scenario(sc, 0, &sp, &err);
    if (st == DT_OK)
        st = dt_smp_new(sp, &cfg->smp, &smp, &err);
    if (st == DT_OK)
        st = dt_smp_run(smp, &err);
    if (st != DT_OK && st != DT_NOT_CONVERGED) {
        cli_error("model 'smp' failed: %s", err.msg);
        rc = st == DT_ENOMEM ? CLI_INTERNAL : CLI_INVALID;
        goto out;
    }
    T = (size_t)dt_smp_turns(smp) + 1;
    for (i = 0; i < res->n_issues; i++) {
        struct fc_run *run = &res->issues[i].runs[m];
        const dt_line *line = res->issues[i].line;
        size_t n = line->n;

        dt_smp_result(smp, i, &run->r, &run->probable);
        run->probs = malloc(T * (n ? n : 1) * sizeof *run->probs);
        if (!fc_trace_alloc(&run->trace, n, T) || !run->probs) {
            cli_error("out of memory");
            rc = CLI_INTERNAL;
            goto out;
        }
        for (t = 0; t < T; t++) {
            const double *x = dt_smp_positions(smp, t);
            const double *p = dt_smp_probs(smp, t);

            dt_smp_stats(smp, t, i, &run->trace.mean[t], &run->trace.median[t]);
            /* All actors are in the space: row = scenario index. */
            for (l = 0; l < n; l++) {
                run->trace.x[t * n + l] = 100.0 * x[line->actor[l] * sp->d + i];
                run->probs[t * n + l] = p[line->actor[l]];
            }
        }
    }
out:
    dt_smp_free(smp);
    dt_space_free(sp);
    return rc;
}

void cli_smp_keys_each(const dt_smp_opts *o,
                       void (*fn)(void *ud, const char *name,
                                  const char *value),
                       void *ud)
{
    static const char *const vote[] = {"Binary",  "PropBin", "Prop",
                                       "PropCbc", "Cubic",   "ASymProsp"};
    static const char *const vpm[] = {"Linear", "Square", "Quartic", "Octic",
                                      "Binary"};
    static const char *const pce[] = {"Conditional", "MarkovUniform",
                                      "MarkovIncentive"};
    static const char *const trans[] = {"Deterministic", "Stochastic"};
    static const char *const rrange[] = {"Min", "Mid", "Max"};
    static const char *const radj[] = {"None", "OneThird", "Half", "TwoThirds",
                                       "Full"};
    static const char *const commit[] = {"NoCommit", "SemiCommit",
                                         "FullCommit"};
    static const char *const interp[] = {"S1P1", "S2P2"};
    static const char *const brgn[] = {"InitOnlyInterp", "InitRcvrInterp"};
    char buf[32];

    fn(ud, keys[K_VOTE].name, vote[o->vote]);
    fn(ud, keys[K_VPM].name, vpm[o->vpm]);
    fn(ud, keys[K_PCE].name, pce[o->pce]);
    fn(ud, keys[K_TRANS].name, trans[o->trans]);
    fn(ud, keys[K_RRANGE].name, rrange[o->rrange]);
    fn(ud, keys[K_RADJUST].name, radj[o->radjust]);
    fn(ud, keys[K_COMMIT].name, commit[o->commit]);
    fn(ud, keys[K_INTERP].name, interp[o->interp]);
    fn(ud, keys[K_BARGAIN].name, brgn[o->bargain]);
    snprintf(buf, sizeof buf, "%.17g", o->tolerance);
    fn(ud, keys[K_TOL].name, buf);
    snprintf(buf, sizeof buf, "%u", o->max_turns);
    fn(ud, keys[K_MAX].name, buf);
    snprintf(buf, sizeof buf, "%u", o->min_turns);
    fn(ud, keys[K_MIN].name, buf);
    snprintf(buf, sizeof buf, "%.17g", o->stop_ratio);
    fn(ud, keys[K_RATIO].name, buf);
    snprintf(buf, sizeof buf, "%llu", (unsigned long long)o->seed);
    fn(ud, keys[K_SEED].name, buf);
    /* Not the thread count: output must not depend on it. */
}

int fc_smp_configure(const dt_scenario *sc, struct fc_config *cfg)
{
    dt_smp_opts o = DT_SMP_OPTS_INIT;
    size_t i, n = dt_scenario_n_actors(sc);
    dt_error err;

    for (i = 0; i < cfg->n_models; i++)
        if (cfg->models[i] == &fc_smp_type)
            break;
    if (i == cfg->n_models)
        return CLI_OK;
    if (dt_scenario_n_ideal_adjusts(sc) > 0) {
        cfg->smp_acc = malloc((n ? n * n : 1) * sizeof *cfg->smp_acc);
        if (!cfg->smp_acc) {
            cli_error("out of memory");
            return CLI_INTERNAL;
        }
    }
    {
        /* Default: every available core (the history does not change). */
        long nc = sysconf(_SC_NPROCESSORS_ONLN);

        o.threads = nc < 1 ? 1u : nc > 64 ? 64u : (unsigned)nc;
    }
    if (dt_smp_opts_from_scenario(sc, &o, cfg->smp_acc, &err) != DT_OK) {
        char buf[512];

        dt_error_format(&err, buf, sizeof buf);
        fprintf(stderr, "%s\n", buf);
        cli_error("'%s': model parameters not supported", cfg->file);
        return CLI_INVALID;
    }
    for (i = 0; i < K_N && i < 16; i++)
        if (cfg->smp_vals[i] && !cli_smp_key_apply(i, cfg->smp_vals[i], &o))
            return CLI_USAGE;
    cfg->smp = o;
    return CLI_OK;
}
