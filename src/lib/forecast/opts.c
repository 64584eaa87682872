/*
 * The forecast's options by name: one table of {name, group, kind,
 * field, choices, help} feeds every front end's flags, form fields and
 * keyword arguments, their help, and the options written into the JSON
 * documents (after Redis's static_configs[] and git's OPT_*).
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forecast/forecast_int.h"

/* How a key reads and writes its field. */
enum key_field {
    F_MODEL_UINT, /* unsigned in dt_model_opts */
    F_MODEL_REAL, /* double in dt_model_opts */
    F_MODEL_INT,  /* int-sized enum or flag in dt_model_opts */
    F_SMP_ENUM,   /* enum of dt_smp_opts, through its parser */
    F_SMP_REAL,   /* double in dt_smp_opts, with a range */
    F_SMP_UINT,   /* unsigned in dt_smp_opts, with a range */
    F_SMP_SEED,   /* uint64_t seed */
    F_SMP_THREADS /* unsigned threads, 1-64 */
};

struct key {
    dt_opt_key k;                       /* the public part */
    enum key_field f;                   /* how to reach the field */
    size_t offset;                      /* in dt_model_opts or dt_smp_opts */
    double lo, hi;                      /* range of F_SMP_REAL and F_SMP_UINT */
    int (*parse)(const char *, void *); /* F_SMP_ENUM */
    const char *const *names;           /* F_SMP_ENUM: KTAB's names by value */
};

static const char *const onoff[] = {"off", "on", NULL};
static const char *const den[] = {"pair", "global", NULL};
static const char *const comp[] = {"least_move", "replication_key", NULL};
static const char *const persp[] = {"receiver", "both", NULL};
static const char *const risk[] = {"actors", "positions", NULL};
static const char *const point[] = {"median", "mean", NULL};
static const char *const util[] = {"quadratic", "linear", NULL};
static const char *const wts[] = {"equal", "capability", NULL};

static const char *const vote[] = {"Binary", "PropBin",   "Prop", "PropCbc",
                                   "Cubic",  "ASymProsp", NULL};
static const char *const vpm[] = {"Linear", "Square", "Quartic",
                                  "Octic",  "Binary", NULL};
static const char *const pce[] = {"Conditional", "MarkovUniform",
                                  "MarkovIncentive", NULL};
static const char *const trans[] = {"Deterministic", "Stochastic", NULL};
static const char *const rrange[] = {"Min", "Mid", "Max", NULL};
static const char *const radj[] = {"None",      "OneThird", "Half",
                                   "TwoThirds", "Full",     NULL};
static const char *const commit[] = {"NoCommit", "SemiCommit", "FullCommit",
                                     NULL};
static const char *const interp[] = {"S1P1", "S2P2", NULL};
static const char *const brgn[] = {"InitOnlyInterp", "InitRcvrInterp", NULL};

/* The smp parsers take typed pointers; one signature for the table. */
#define SMP_PARSE(name, type)                                                  \
    static int p_##name(const char *s, void *out)                              \
    {                                                                          \
        return dt_smp_##name##_parse(s, (type *)out);                          \
    }
SMP_PARSE(vote, dt_smp_vote)
SMP_PARSE(vpm, dt_smp_vpm)
SMP_PARSE(pce, dt_smp_pce)
SMP_PARSE(trans, dt_smp_trans)
SMP_PARSE(rrange, dt_smp_rrange)
SMP_PARSE(radjust, dt_smp_radjust)
SMP_PARSE(commit, dt_smp_commit)
SMP_PARSE(interp, dt_smp_interp)
SMP_PARSE(bargain, dt_smp_bargain)
#undef SMP_PARSE

#define M(field) offsetof(dt_model_opts, field)
#define S(field) offsetof(dt_smp_opts, field)

static const struct key keys[] = {
    {{"rounds", "model", DT_OPT_UINT, NULL, "round cap (default 100)"},
     F_MODEL_UINT,
     M(max_rounds),
     0,
     0,
     NULL,
     NULL},
    {{"exact-rounds", "model", DT_OPT_FLAG, onoff,
      "run exactly --rounds rounds, no early stop"},
     F_MODEL_INT,
     M(exact_rounds),
     0,
     0,
     NULL,
     NULL},
    {{"cycle-detect", "model", DT_OPT_CHOICE, onoff,
      "stop when positions repeat an earlier round (default on)"},
     F_MODEL_INT,
     M(cycle_detect),
     0,
     0,
     NULL,
     NULL},
    {{"Q", "model", DT_OPT_REAL, NULL,
      "probability the status quo persists without a challenge (1)"},
     F_MODEL_REAL,
     M(q),
     0,
     0,
     NULL,
     NULL},
    {{"denominator", "model", DT_OPT_CHOICE, den,
      "probability denominator (pair)"},
     F_MODEL_INT,
     M(denominator),
     0,
     0,
     NULL,
     NULL},
    {{"compromise", "model", DT_OPT_CHOICE, comp,
      "choice among compromise offers (least_move)"},
     F_MODEL_INT,
     M(compromise),
     0,
     0,
     NULL,
     NULL},
    {{"capitulation", "model", DT_OPT_CHOICE, onoff,
      "execute capitulation offers (on)"},
     F_MODEL_INT,
     M(capitulation),
     0,
     0,
     NULL,
     NULL},
    {{"perspective", "model", DT_OPT_CHOICE, persp,
      "whose view classifies an offer (receiver)"},
     F_MODEL_INT,
     M(perspective),
     0,
     0,
     NULL,
     NULL},
    {{"risk-range", "model", DT_OPT_CHOICE, risk,
      "extremes of danger for risk exponents (actors)"},
     F_MODEL_INT,
     M(risk_range),
     0,
     0,
     NULL,
     NULL},
    {{"point", "model", DT_OPT_CHOICE, point,
      "which statistic is the eu forecast (median)"},
     F_MODEL_INT,
     M(point),
     0,
     0,
     NULL,
     NULL},
    {{"utility", "model", DT_OPT_CHOICE, util,
      "nbs: quadratic or linear loss (quadratic)"},
     F_MODEL_INT,
     M(nbs_utility),
     0,
     0,
     NULL,
     NULL},
    {{"weights", "model", DT_OPT_CHOICE, wts,
      "nbs: bargaining weights (equal)"},
     F_MODEL_INT,
     M(nbs_weights),
     0,
     0,
     NULL,
     NULL},
    {{"smp-vote", "smp", DT_OPT_CHOICE, vote,
      "Binary, PropBin, Prop (default), PropCbc, Cubic, ASymProsp"},
     F_SMP_ENUM,
     S(vote),
     0,
     0,
     p_vote,
     vote},
    {{"smp-vpm", "smp", DT_OPT_CHOICE, vpm,
      "Linear (default), Square, Quartic, Octic, Binary"},
     F_SMP_ENUM,
     S(vpm),
     0,
     0,
     p_vpm,
     vpm},
    {{"smp-pce", "smp", DT_OPT_CHOICE, pce,
      "Conditional (default), MarkovUniform, MarkovIncentive"},
     F_SMP_ENUM,
     S(pce),
     0,
     0,
     p_pce,
     pce},
    {{"smp-trans", "smp", DT_OPT_CHOICE, trans,
      "Deterministic (default), Stochastic"},
     F_SMP_ENUM,
     S(trans),
     0,
     0,
     p_trans,
     trans},
    {{"smp-rrange", "smp", DT_OPT_CHOICE, rrange, "Min, Mid (default), Max"},
     F_SMP_ENUM,
     S(rrange),
     0,
     0,
     p_rrange,
     rrange},
    {{"smp-radjust", "smp", DT_OPT_CHOICE, radj,
      "None, OneThird (default), Half, TwoThirds, Full"},
     F_SMP_ENUM,
     S(radjust),
     0,
     0,
     p_radjust,
     radj},
    {{"smp-commit", "smp", DT_OPT_CHOICE, commit,
      "NoCommit, SemiCommit (default), FullCommit"},
     F_SMP_ENUM,
     S(commit),
     0,
     0,
     p_commit,
     commit},
    {{"smp-interp", "smp", DT_OPT_CHOICE, interp, "S1P1, S2P2 (default)"},
     F_SMP_ENUM,
     S(interp),
     0,
     0,
     p_interp,
     interp},
    {{"smp-bargain", "smp", DT_OPT_CHOICE, brgn,
      "InitOnlyInterp (default), InitRcvrInterp"},
     F_SMP_ENUM,
     S(bargain),
     0,
     0,
     p_bargain,
     brgn},
    {{"smp-tolerance", "smp", DT_OPT_REAL, NULL,
      "equal positions within (default 0.001, 0-1 scale)"},
     F_SMP_REAL,
     S(tolerance),
     0.0,
     1.0,
     NULL,
     NULL},
    {{"smp-max-turns", "smp", DT_OPT_UINT, NULL, "turn cap (default 100)"},
     F_SMP_UINT,
     S(max_turns),
     1,
     100000,
     NULL,
     NULL},
    {{"smp-min-turns", "smp", DT_OPT_UINT, NULL,
      "first turn the stopping rule applies (default 2)"},
     F_SMP_UINT,
     S(min_turns),
     0,
     100000,
     NULL,
     NULL},
    {{"smp-stop-ratio", "smp", DT_OPT_REAL, NULL,
      "stop when dist(t-1,t)/dist(0,1) < R (default 0.02)"},
     F_SMP_REAL,
     S(stop_ratio),
     0.0,
     1e6,
     NULL,
     NULL},
    {{"seed", "smp", DT_OPT_UINT, NULL,
      "seed of stochastic transitions (default 0)"},
     F_SMP_SEED,
     S(seed),
     0,
     0,
     NULL,
     NULL},
    {{"threads", "smp", DT_OPT_UINT, NULL,
      "worker threads, 1-64 (default: the available cores; results do not "
      "depend on it)"},
     F_SMP_THREADS,
     S(threads),
     1,
     64,
     NULL,
     NULL},
};

#undef M
#undef S

#define N_KEYS (sizeof keys / sizeof keys[0])

/* Enum and flag fields are read and written through int pointers. */
_Static_assert(sizeof(dt_eu_denominator) == sizeof(int) &&
                   sizeof(dt_eu_compromise) == sizeof(int) &&
                   sizeof(dt_eu_perspective) == sizeof(int) &&
                   sizeof(dt_eu_risk_range) == sizeof(int) &&
                   sizeof(dt_eu_point) == sizeof(int) &&
                   sizeof(dt_nbs_utility) == sizeof(int) &&
                   sizeof(dt_nbs_weights) == sizeof(int) &&
                   sizeof(dt_smp_vote) == sizeof(int),
               "option enums must be int-sized");

size_t dt_forecast_n_keys(void)
{
    return N_KEYS;
}

const dt_opt_key *dt_forecast_key(size_t i)
{
    return i < N_KEYS ? &keys[i].k : NULL;
}

size_t dt_forecast_key_find(const char *name)
{
    size_t i;

    for (i = 0; name && i < N_KEYS; i++)
        if (strcmp(keys[i].k.name, name) == 0)
            return i;
    return (size_t)-1;
}

static void *field(dt_forecast_opts *o, const struct key *k)
{
    return strcmp(k->k.group, "smp") == 0 ? (char *)&o->smp + k->offset
                                          : (char *)&o->model + k->offset;
}

static const void *cfield(const dt_forecast_opts *o, const struct key *k)
{
    return strcmp(k->k.group, "smp") == 0 ? (const char *)&o->smp + k->offset
                                          : (const char *)&o->model + k->offset;
}

/* "'a', 'b' or 'c'" */
static void quoted_choices(const char *const *c, char *buf, size_t n)
{
    size_t i, len = 0;

    buf[0] = '\0';
    for (i = 0; c[i] && len < n; i++)
        len += (size_t)snprintf(buf + len, n - len, "%s'%s'",
                                i == 0     ? ""
                                : c[i + 1] ? ", "
                                           : " or ",
                                c[i]);
}

static int read_whole(const char *v, unsigned long long hi,
                      unsigned long long *out)
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

static int read_real(const char *v, double *out)
{
    char *end;
    double d;

    if (!*v)
        return 0;
    errno = 0;
    d = strtod(v, &end);
    if (errno || *end)
        return 0;
    *out = d;
    return 1;
}

dt_status dt_forecast_opts_set(dt_forecast_opts *o, const char *name,
                               const char *value, dt_error *err)
{
    size_t i = dt_forecast_key_find(name), c;
    const struct key *k;
    unsigned long long u;
    double d;
    char buf[256];

    if (i == (size_t)-1)
        return dt__error_set(err, DT_EINVAL, "unknown option '%s'",
                             name ? name : "(null)");
    k = &keys[i];
    if (!value)
        value = "";
    switch (k->f) {
    case F_MODEL_UINT:
        if (!read_whole(value, 0xffffffffu, &u) && *value >= '0' &&
            *value <= '9' && value[strspn(value, "0123456789")] == '\0')
            return dt__error_set(err, DT_EINVAL,
                                 "%s is out of range: at most 4294967295, "
                                 "got '%s'",
                                 name, value);
        if (!read_whole(value, 0xffffffffu, &u))
            return dt__error_set(err, DT_EINVAL,
                                 "%s expects a whole number, got '%s'", name,
                                 value);
        *(unsigned *)field(o, k) = (unsigned)u;
        /* The round cap of every iterative model: exchange's too. */
        if (field(o, k) == (void *)&o->model.max_rounds)
            o->exchange.max_rounds = (unsigned)u;
        return DT_OK;
    case F_MODEL_REAL:
        if (!read_real(value, &d))
            return dt__error_set(err, DT_EINVAL,
                                 "%s expects a number, got '%s'", name, value);
        *(double *)field(o, k) = d;
        return DT_OK;
    case F_MODEL_INT:
        if (k->k.kind == DT_OPT_FLAG) {
            /* Given alone (no value) a flag is on; a front end that
               carries values (the server's JSON, Python's keywords)
               may also switch it off. */
            if (!*value || !strcmp(value, "on") || !strcmp(value, "true") ||
                !strcmp(value, "1")) {
                *(int *)field(o, k) = 1;
                return DT_OK;
            }
            if (!strcmp(value, "off") || !strcmp(value, "false") ||
                !strcmp(value, "0")) {
                *(int *)field(o, k) = 0;
                return DT_OK;
            }
            return dt__error_set(err, DT_EINVAL,
                                 "%s is a switch: expects on or off, got '%s'",
                                 name, value);
        }
        for (c = 0; k->k.choices[c]; c++)
            if (strcmp(value, k->k.choices[c]) == 0) {
                *(int *)field(o, k) = (int)c;
                return DT_OK;
            }
        quoted_choices(k->k.choices, buf, sizeof buf);
        return dt__error_set(err, DT_EINVAL, "%s expects %s, got '%s'", name,
                             buf, value);
    case F_SMP_ENUM: {
        int tmp = *(int *)field(o, k);

        if (k->parse(value, &tmp)) {
            *(int *)field(o, k) = tmp;
            return DT_OK;
        }
        break;
    }
    case F_SMP_REAL:
        if (read_real(value, &d) && d >= k->lo && d <= k->hi) {
            *(double *)field(o, k) = d;
            return DT_OK;
        }
        break;
    case F_SMP_UINT:
    case F_SMP_THREADS:
        if (read_whole(value, (unsigned long long)k->hi, &u) &&
            (double)u >= k->lo) {
            *(unsigned *)field(o, k) = (unsigned)u;
            return DT_OK;
        }
        if (value[0] >= '0' && value[0] <= '9' &&
            value[strspn(value, "0123456789")] == '\0')
            return dt__error_set(err, DT_EINVAL,
                                 "%s must be between %.0f and %.0f, got '%s'",
                                 name, k->lo, k->hi, value);
        break;
    case F_SMP_SEED:
        if (read_whole(value, UINT64_MAX, &u)) {
            *(uint64_t *)field(o, k) = (uint64_t)u;
            return DT_OK;
        }
        break;
    }
    return dt__error_set(err, DT_EINVAL, "%s: bad value '%s' (expected %s)",
                         name, value, k->k.help);
}

void dt_forecast_opts_each(const dt_forecast_opts *o, const char *group,
                           void (*fn)(void *ud, const char *name,
                                      const char *value),
                           void *ud)
{
    size_t i;

    for (i = 0; i < N_KEYS; i++) {
        const struct key *k = &keys[i];
        char buf[64];

        if (strcmp(k->k.group, group) != 0 || k->f == F_SMP_THREADS)
            continue;
        switch (k->f) {
        case F_MODEL_UINT:
        case F_SMP_UINT:
            snprintf(buf, sizeof buf, "%u", *(const unsigned *)cfield(o, k));
            break;
        case F_MODEL_REAL:
        case F_SMP_REAL:
            snprintf(buf, sizeof buf, "%.17g", *(const double *)cfield(o, k));
            break;
        case F_MODEL_INT:
            snprintf(buf, sizeof buf, "%s",
                     k->k.choices[*(const int *)cfield(o, k)]);
            break;
        case F_SMP_ENUM:
            snprintf(buf, sizeof buf, "%s",
                     k->names[*(const int *)cfield(o, k)]);
            break;
        case F_SMP_SEED:
            snprintf(buf, sizeof buf, "%llu",
                     (unsigned long long)*(const uint64_t *)cfield(o, k));
            break;
        case F_SMP_THREADS:
            continue;
        }
        fn(ud, k->k.name, buf);
    }
}
