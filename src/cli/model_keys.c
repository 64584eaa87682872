/*
 * One table of model options, {name, kind, offset, choices, help}, feeds
 * both the forecast command's flags and its --help (after Redis's
 * static_configs[] and git's OPT_*).
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "forecast.h"

enum key_kind { KEY_UINT, KEY_DOUBLE, KEY_ENUM, KEY_FLAG };

struct model_key {
    const char *name;           /* flag name without "--" */
    enum key_kind kind;         /* how the value is parsed */
    size_t offset;              /* field in dt_model_opts */
    const char *const *choices; /* KEY_ENUM/KEY_FLAG: value names by index */
    const char *help;           /* one line */
};

static const char *const den_choices[] = {"pair", "global", NULL};
static const char *const comp_choices[] = {"least_move", "replication_key",
                                           NULL};
static const char *const onoff[] = {"off", "on", NULL};
static const char *const persp_choices[] = {"receiver", "both", NULL};
static const char *const risk_choices[] = {"actors", "positions", NULL};
static const char *const point_choices[] = {"median", "mean", NULL};
static const char *const nbs_utility_choices[] = {"quadratic", "linear", NULL};
static const char *const nbs_weights_choices[] = {"equal", "capability", NULL};

static const struct model_key keys[] = {
    {"rounds", KEY_UINT, offsetof(dt_model_opts, max_rounds), NULL,
     "round cap (default 100)"},
    {"exact-rounds", KEY_FLAG, offsetof(dt_model_opts, exact_rounds), onoff,
     "run exactly --rounds rounds, no early stop"},
    {"cycle-detect", KEY_ENUM, offsetof(dt_model_opts, cycle_detect), onoff,
     "stop when positions repeat an earlier round (default on)"},
    {"Q", KEY_DOUBLE, offsetof(dt_model_opts, q), NULL,
     "probability the status quo persists without a challenge (1)"},
    {"denominator", KEY_ENUM, offsetof(dt_model_opts, denominator), den_choices,
     "probability denominator (pair)"},
    {"compromise", KEY_ENUM, offsetof(dt_model_opts, compromise), comp_choices,
     "choice among compromise offers (least_move)"},
    {"capitulation", KEY_ENUM, offsetof(dt_model_opts, capitulation), onoff,
     "execute capitulation offers (on)"},
    {"perspective", KEY_ENUM, offsetof(dt_model_opts, perspective),
     persp_choices, "whose view classifies an offer (receiver)"},
    {"risk-range", KEY_ENUM, offsetof(dt_model_opts, risk_range), risk_choices,
     "extremes of danger for risk exponents (actors)"},
    {"point", KEY_ENUM, offsetof(dt_model_opts, point), point_choices,
     "which statistic is the eu forecast (median)"},
    {"utility", KEY_ENUM, offsetof(dt_model_opts, nbs_utility),
     nbs_utility_choices, "nbs: quadratic or linear loss (quadratic)"},
    {"weights", KEY_ENUM, offsetof(dt_model_opts, nbs_weights),
     nbs_weights_choices, "nbs: bargaining weights (equal)"},
};

#define N_KEYS (sizeof keys / sizeof keys[0])

/* Enum and flag fields are read and written through int pointers. */
_Static_assert(sizeof(dt_eu_denominator) == sizeof(int) &&
                   sizeof(dt_eu_compromise) == sizeof(int) &&
                   sizeof(dt_eu_perspective) == sizeof(int) &&
                   sizeof(dt_eu_risk_range) == sizeof(int) &&
                   sizeof(dt_eu_point) == sizeof(int) &&
                   sizeof(dt_nbs_utility) == sizeof(int) &&
                   sizeof(dt_nbs_weights) == sizeof(int),
               "dt_model_opts enums must be int-sized");

size_t cli_model_keys_count(void)
{
    return N_KEYS;
}

void cli_model_key_option(size_t i, struct option *opt, int val)
{
    opt->name = keys[i].name;
    opt->has_arg = keys[i].kind == KEY_FLAG ? no_argument : required_argument;
    opt->flag = NULL;
    opt->val = val;
}

static void *field(dt_model_opts *o, size_t i)
{
    return (char *)o + keys[i].offset;
}

static const void *cfield(const dt_model_opts *o, size_t i)
{
    return (const char *)o + keys[i].offset;
}

int cli_model_key_apply(size_t i, const char *value, dt_model_opts *o)
{
    char opt[64];
    size_t c;

    snprintf(opt, sizeof opt, "--%s", keys[i].name);
    switch (keys[i].kind) {
    case KEY_UINT:
        return cli_parse_uint(opt, value, field(o, i));
    case KEY_DOUBLE:
        return cli_parse_double(opt, value, field(o, i));
    case KEY_FLAG:
        *(int *)field(o, i) = 1;
        return 1;
    case KEY_ENUM:
        for (c = 0; keys[i].choices[c]; c++) {
            if (strcmp(value, keys[i].choices[c]) == 0) {
                /* All enum fields of dt_model_opts are int-sized. */
                *(int *)field(o, i) = (int)c;
                return 1;
            }
        }
        fprintf(stderr, "detente: %s expects", opt);
        for (c = 0; keys[i].choices[c]; c++)
            fprintf(stderr, "%s '%s'",
                    c ? (keys[i].choices[c + 1] ? "," : " or") : "",
                    keys[i].choices[c]);
        fprintf(stderr, ", got '%s'\n", value);
        return 0;
    }
    return 0;
}

void cli_model_keys_help(FILE *f)
{
    size_t i, c;

    for (i = 0; i < N_KEYS; i++) {
        char left[64];

        if (keys[i].kind == KEY_FLAG)
            snprintf(left, sizeof left, "--%s", keys[i].name);
        else if (keys[i].kind == KEY_ENUM) {
            size_t len =
                (size_t)snprintf(left, sizeof left, "--%s ", keys[i].name);

            for (c = 0; keys[i].choices[c] && len < sizeof left; c++)
                len += (size_t)snprintf(left + len, sizeof left - len, "%s%s",
                                        c ? "|" : "", keys[i].choices[c]);
        } else
            snprintf(left, sizeof left, "--%s %s", keys[i].name,
                     keys[i].kind == KEY_UINT ? "N" : "X");
        if (strlen(left) > 20)
            fprintf(f, "  %s\n  %-20s %s\n", left, "", keys[i].help);
        else
            fprintf(f, "  %-20s %s\n", left, keys[i].help);
    }
}

void cli_model_keys_each(const dt_model_opts *o,
                         void (*fn)(void *ud, const char *name,
                                    const char *value),
                         void *ud)
{
    size_t i;

    for (i = 0; i < N_KEYS; i++) {
        char buf[64];

        switch (keys[i].kind) {
        case KEY_UINT:
            snprintf(buf, sizeof buf, "%u", *(const unsigned *)cfield(o, i));
            break;
        case KEY_DOUBLE:
            snprintf(buf, sizeof buf, "%.17g", *(const double *)cfield(o, i));
            break;
        case KEY_FLAG:
        case KEY_ENUM:
            snprintf(buf, sizeof buf, "%s",
                     keys[i].choices[*(const int *)cfield(o, i)]);
            break;
        }
        fn(ud, keys[i].name, buf);
    }
}
