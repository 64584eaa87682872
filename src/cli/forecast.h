/*
 * The forecast command's pieces: its configuration, the results of
 * running every model on every issue, and the three writers.
 */
#ifndef DT_CLI_FORECAST_H
#define DT_CLI_FORECAST_H

#include <getopt.h>
#include <stdio.h>

#include "cli.h"

#define FC_MAX_MODELS 8

enum fc_format { FC_TABLE, FC_JSON, FC_CSV };

struct fc_config {
    const char *file;                           /* scenario path */
    const dt_model_type *models[FC_MAX_MODELS]; /* models to run, in order */
    size_t n_models;                            /* entries in models */
    dt_model_opts mopts;                        /* options for every model */
    dt_smp_opts smp;                            /* options of model smp */
    const char *smp_vals[16];                   /* --smp-* as given, or NULL */
    double *smp_acc;                            /* smp accommodation, owned */
    const char *preset;                         /* preset name, or NULL */
    enum fc_format format;                      /* output format */
    int trajectory;                             /* print every round */
    int require_convergence;                    /* exit 1 unless converged */
    const char *out;                            /* output path or NULL */
};

/* One accepted offer of the expected-utility model, with its round. */
struct fc_offer {
    unsigned round;    /* 1-based round in which it was executed */
    dt_eu_offer offer; /* receiver, proposer (line indices), type, move */
};

/* One model's run on one issue. */
struct fc_run {
    dt_model_result r;       /* forecast and stop reason */
    dt_trace trace;          /* every round's positions, mean and median */
    struct fc_offer *offers; /* eu only: accepted offers, in round order */
    size_t n_offers;         /* entries in offers */
    size_t cap_offers;       /* allocated entries */
    int has_offers;          /* the model reports offers (eu) */
    double *probs;           /* smp: rounds x n winning probabilities */
    double probable;         /* smp: the most probable final position */
};

/* Results for one issue: its line and one run per model. */
struct fc_issue {
    dt_line *line;                     /* the actors with a stake */
    struct fc_run runs[FC_MAX_MODELS]; /* in cfg->models order */
};

struct fc_result {
    size_t n_issues;             /* entries in issues */
    struct fc_issue *issues;     /* in scenario order */
    dt_exchange_result exchange; /* model exchange's run, when has_exchange */
    int has_exchange;            /* exchange was run */
};

/*
 * Model smp (forecast_smp.c): fc_smp_type tags it in cfg->models[];
 * fc_run_smp runs it once over all issues and fills runs[m] of each.
 */
extern const dt_model_type fc_smp_type;
int fc_run_smp(const dt_scenario *sc, const struct fc_config *cfg, size_t m,
               struct fc_result *res);
/*
 * Model exchange (forecast_exchange.c): fc_exchange_type tags it;
 * fc_run_exchange runs it once over all issues (into res->exchange) and
 * fills runs[m] of each; the writers list the executed exchanges.
 * fc_exchanges_json gives all of them (issue = SIZE_MAX) or those on
 * one issue; fc_exchange_summary_json {rounds, converged, exchanges}.
 */
extern const dt_model_type fc_exchange_type;
int fc_run_exchange(const dt_scenario *sc, size_t m, struct fc_result *res);
void fc_write_exchanges(FILE *f, const dt_scenario *sc,
                        const struct fc_result *res);
struct json_t;
struct json_t *fc_exchanges_json(const dt_scenario *sc,
                                 const struct fc_result *res, size_t issue);
struct json_t *fc_exchange_summary_json(const dt_scenario *sc,
                                        const struct fc_result *res);
/*
 * When smp is among the models: cfg->smp = defaults, then the file's
 * model parameters (KTAB XML), then the --smp-* flags. Returns an exit
 * code.
 */
int fc_smp_configure(const dt_scenario *sc, struct fc_config *cfg);
size_t cli_smp_keys_count(void);
void cli_smp_key_option(size_t i, struct option *opt, int val);
int cli_smp_key_apply(size_t i, const char *value, dt_smp_opts *o);
void cli_smp_keys_help(FILE *f);
void cli_smp_keys_each(const dt_smp_opts *o,
                       void (*fn)(void *ud, const char *name,
                                  const char *value),
                       void *ud);

/* Run every model on every issue. Returns an exit code. */
int fc_run(const dt_scenario *sc, const struct fc_config *cfg,
           struct fc_result *res);
void fc_result_release(struct fc_result *res);
/*
 * Give an empty trace room for `rows` rounds of n actors, for the
 * multi-issue models (smp, exchange) that fill it from their own history.
 * Returns 1, or 0 when out of memory (dt_trace_release frees either way).
 */
int fc_trace_alloc(dt_trace *t, size_t n, size_t rows);
/* Whether every run stopped because it converged. */
int fc_all_converged(const struct fc_result *res);

int fc_write_table(FILE *f, const dt_scenario *sc, const struct fc_config *cfg,
                   const struct fc_result *res);
int fc_write_json(FILE *f, const dt_scenario *sc, const struct fc_config *cfg,
                  const struct fc_result *res);
int fc_write_csv(FILE *f, const dt_scenario *sc, const struct fc_config *cfg,
                 const struct fc_result *res);

/*
 * The table of model options settable from the command line (one entry
 * per dt_model_opts field), used both to parse flags and for --help.
 */
size_t cli_model_keys_count(void);
void cli_model_key_option(size_t i, struct option *opt, int val);
/* Apply key i's value; prints a usage error and returns 0 on failure. */
int cli_model_key_apply(size_t i, const char *value, dt_model_opts *o);
void cli_model_keys_help(FILE *f);
/* Write the value of every key as "name=value" pairs through fn. */
void cli_model_keys_each(const dt_model_opts *o,
                         void (*fn)(void *ud, const char *name,
                                    const char *value),
                         void *ud);

#endif
