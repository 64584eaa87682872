/*
 * The detente command-line tool: shared declarations of the commands, the
 * exit codes, output helpers and the option table. The CLI is a plain
 * client of <detente/detente.h>.
 */
#ifndef DT_CLI_H
#define DT_CLI_H

#include <getopt.h>
#include <signal.h>
#include <stdio.h>

#include <detente/chart.h>
#include <detente/detente.h>
#include <detente/report.h>

/* Exit codes (documented in README.md and `detente --help`). */
enum cli_exit {
    CLI_OK = 0,             /* success */
    CLI_NOT_CONVERGED = 1,  /* a model did not converge (when required) */
    CLI_USAGE = 2,          /* bad command line */
    CLI_INVALID = 3,        /* invalid scenario */
    CLI_IO = 4,             /* cannot read input or write output */
    CLI_NOMEM = 5,          /* out of memory (or another resource) */
    CLI_NOT_REPRODUCED = 6, /* verify: the record is not reproduced */
    CLI_INTERNAL = 70       /* a bug: please report it */
};

/*
 * The progress line on stderr (progress.c): on when stderr is a terminal
 * (after 2 s) or forced (--progress, at once), never when quiet; at most
 * four drawings a second; cli_progress_end erases it. Give
 * cli_progress_forecast as a dt_forecast_opts progress (a bar of the
 * fraction done and the stage), cli_progress_runs as a dt_model_opts
 * progress (a count of finished one-issue forecasts: the analyses run
 * many forecasts and say nothing of their share).
 */
typedef struct cli_progress {
    const char *what; /* the command, first on the line */
    int on;           /* drawing at all */
    int forced;       /* --progress: from the start, also off a terminal */
    double t0;        /* start, monotonic seconds */
    double last;      /* last drawing, or -1 */
    size_t width;     /* columns of the line on screen, 0: none */
    size_t runs;      /* cli_progress_runs: forecasts finished */
} cli_progress;

void cli_progress_init(cli_progress *p, const char *what, int forced,
                       int quiet);
int cli_progress_forecast(void *ud, double done, const char *stage);
int cli_progress_runs(void *ud, double done, const char *stage);
void cli_progress_end(cli_progress *p);

/* Print "detente: <message>" to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Map a library status to an exit code. */
int cli_exit_for(dt_status s);

/*
 * Load a scenario, printing every error as FILE:LINE:COL: MESSAGE on
 * stderr. Returns an exit code (CLI_OK on success).
 */
int cli_load(const char *path, dt_scenario **out);

/* Print "cannot analyse 'FILE': ..." and return the exit code for rc. */
int cli_analysis_error(const char *file, dt_status rc, const dt_error *err);

/*
 * Output destination: stdout for NULL, "-" and /dev/stdout; written
 * through for a FIFO, a device or an open descriptor (/dev/fd/N); else a
 * temporary file beside the file `path` names (symbolic links followed,
 * the target replaced in its own directory), renamed over it on success:
 * no partial file is ever left, also on SIGINT, SIGTERM or SIGHUP.
 */
typedef struct cli_out {
    FILE *f;    /* where to write */
    char *path; /* path as given (messages), or NULL for stdout */
    char *dest; /* file replaced on success, NULL when written through */
    char *tmp;  /* temporary path, NULL when written through */
    int slot;   /* cli_tmp_add slot of tmp */
} cli_out;

int cli_out_open(cli_out *o, const char *path);
/*
 * The file path names after following symbolic links, even a dangling
 * last one (malloc'd; NULL with errno on failure). *fd is N when the
 * chain reaches /dev/fd/N or /proc/self/fd/N, else -1.
 */
char *cli_resolve_links(const char *path, int *fd);
/* Finish: ok != 0 renames into place, else removes the temporary file. */
int cli_out_close(cli_out *o, int ok);
/*
 * Flush standard output at the end of a command: on a write error (e.g.
 * > /dev/full) print it and turn an exit code of 0 into CLI_IO.
 */
int cli_stdout_close(int rc);

/*
 * Temporary paths removed (files unlinked, directories rmdir'ed, last
 * added first) when SIGINT, SIGTERM or SIGHUP kills the process; the
 * signal is then re-raised. cli_tmp_add returns a slot for cli_tmp_drop,
 * which forgets it and every later one (-1: table full, not registered).
 * cli_signals_block/restore bracket steps that must not be cut in two
 * (creating and registering a file, swapping directories).
 */
int cli_tmp_add(const char *path, int dir);
void cli_tmp_drop(int slot);
void cli_signals_block(sigset_t *old);
void cli_signals_restore(const sigset_t *old);

/* Parse a number option; return 0 and print a usage error on failure. */
int cli_parse_uint(const char *opt, const char *s, unsigned *out);
int cli_parse_double(const char *opt, const char *s, double *out);

/*
 * Seeds: 0 to 2^53 - 1, so every JSON reader keeps them exact.
 * cli_parse_seed reads --seed's argument (reporting errors); cli_draw_seed
 * draws one from the system's entropy when none is given (the library
 * never draws one), short enough to retype.
 */
#define CLI_SEED_MAX 9007199254740991ull
int cli_parse_seed(const char *s, uint64_t *out);
uint64_t cli_draw_seed(void);
/* The cores online, 1 to 64: the default thread count. */
unsigned cli_ncpu(void);

/*
 * Match value against the NULL-terminated choices; on success store its
 * index in *out and return 1, else print "unknown <what> '<value>'
 * (expected a, b or c)" and return 0.
 */
int cli_choice(const char *what, const char *value, const char *const *choices,
               int *out);

/*
 * Output formats of --format, as a bit mask of what a command offers:
 * table (terminal text), markdown, csv and json. cli_format matches the
 * value against the allowed ones (printing "unknown format ... (expected
 * ...)" when it is not one) and stores the format.
 */
enum cli_fmt {
    CLI_FMT_TEXT = DT_DOC_TEXT,
    CLI_FMT_MARKDOWN = DT_DOC_MARKDOWN,
    CLI_FMT_CSV = DT_DOC_CSV,
    CLI_FMT_HTML = DT_DOC_HTML,
    CLI_FMT_PDF = DT_DOC_PDF,
    CLI_FMT_JSON = 1 << 8
};
/* What every result document can be written as (text to PDF). */
#define CLI_FMT_PAGES                                                          \
    (CLI_FMT_TEXT | CLI_FMT_MARKDOWN | CLI_FMT_HTML | CLI_FMT_PDF)
int cli_format(const char *what, const char *value, int allowed, int *out);

/* dt_write_fn onto the FILE * in ud. */
dt_status cli_file_write(void *ud, const void *p, size_t n);
/*
 * After a library writer wrote into o: close o (renamed into place when
 * st is DT_OK, else removed), print what went wrong. Returns an exit code.
 */
int cli_out_finish(cli_out *o, dt_status st, const dt_error *err);
/* A new document (NULL after printing "out of memory"). */
dt_doc *cli_doc_new(void);
/* Exit code of a document builder's status (printing the error). */
int cli_doc_status(dt_status st, const dt_error *err);
/* Write d as fmt (CLI_FMT_TEXT, _MARKDOWN, _CSV, _HTML, _PDF) to path or
 * stdout. */
int cli_write_doc(const char *path, int fmt, const dt_doc *d);

/*
 * The library's option keys (dt_forecast_key) as getopt options: every
 * key into opts[0..n_keys) with val = base + its index, then a zeroed
 * terminator. cli_opt_keys_help prints a group's keys for --help;
 * cli_opt_keys_apply sets the keys of `group` given (vals[i] not NULL),
 * printing "detente: --NAME expects ..." and returning 0 on a bad value.
 */
void cli_opt_keys_options(struct option *opts, int base);
void cli_opt_keys_help(FILE *f, const char *group);
int cli_opt_keys_apply(dt_forecast_opts *o, const char *group,
                       const char *const *vals);

/* 1 when s is one or more decimal digits and nothing else. */
int cli_all_digits(const char *s);
/*
 * After getopt_long returned '?' (opterr = 0): print "option X needs a
 * value" or "unknown option X" for command cmd; returns CLI_USAGE.
 */
int cli_bad_option(const char *cmd, char **argv, const struct option *longopts,
                   const char *shortopts);
/*
 * Checks every command runs first (argv[0] is the command): no empty
 * argument or empty --opt= value, --format and -o/--out at most once,
 * -o not followed by an option. Prints the error; returns an exit code.
 */
int cli_check_args(int argc, char **argv);
/*
 * What-ifs of the command line (whatif.c): --lever ID and --set
 * SLOT=VALUE, repeatable, on forecast, analyze, sweep, plot and
 * report (--apply-lever is the same as --lever; on analyze, whose
 * --lever studies a lever, only --apply-lever applies one). Add
 * CLI_WHATIF_LONGOPTS to the option table, pass every option to cli_whatif_opt
 * (1: taken, 0: not one of these, -1: out of memory), load with cli_load_whatif
 * (or apply after cli_load with cli_whatif_apply: prints the library's message,
 * returns an exit code), list them in --help with cli_whatif_help (the lever
 * option's name as given), and free with cli_whatif_free.
 */
typedef struct cli_whatif {
    const char **levers; /* --lever ids (argv), in order */
    size_t n_levers;     /* entries in levers */
    const char **sets;   /* --set SLOT=VALUE (argv), in order */
    size_t n_sets;       /* entries in sets */
} cli_whatif;
enum { CLI_OPT_LEVER = 0x7000, CLI_OPT_SET = 0x7001 };
#define CLI_WHATIF_LONGOPTS                                                    \
    {"lever", required_argument, NULL, CLI_OPT_LEVER},                         \
        {"apply-lever", required_argument, NULL, CLI_OPT_LEVER},               \
    {                                                                          \
        "set", required_argument, NULL, CLI_OPT_SET                            \
    }
int cli_whatif_opt(cli_whatif *w, int c, const char *arg);
int cli_whatif_apply(const cli_whatif *w, const char *file, dt_scenario **sc);
int cli_load_whatif(const char *path, const cli_whatif *w, dt_scenario **out);
void cli_whatif_free(cli_whatif *w);
void cli_whatif_help(FILE *f, const char *lever_opt);

int cmd_forecast(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_backtest(int argc, char **argv);
int cmd_analyze(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_game(int argc, char **argv);
int cmd_sequence(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_new(int argc, char **argv);
int cmd_export(int argc, char **argv);

/*
 * Replace *sc by the scenario as of phase `id` (dt_scenario_at_phase).
 * Returns CLI_OK, CLI_USAGE (unknown phase, listed) or the exit code of
 * the library's error (printed).
 */
int cli_at_phase(dt_scenario **sc, const char *id);
/*
 * --phase all: 1 when id is "all" and no phase is called so (then every
 * phase runs in turn, each scored against its own observed outcome).
 * cli_at_phase_k gives the scenario as of phase k (a message on error);
 * cli_phase_heading adds "Phase k of n: NAME (DATE)" to a document.
 */
int cli_phase_all(const dt_scenario *sc, const char *id);
/*
 * --model LIST: split a copy of arg (into *buf, freed first; the caller
 * frees the last one) at commas into models[0..*n), at most
 * DT_FORECAST_MAX_MODELS. Returns CLI_OK, or CLI_USAGE / CLI_NOMEM with a
 * message printed (an empty list, too many models).
 */
int cli_model_list(const char *arg, char **buf, const char **models, size_t *n);
int cli_at_phase_k(const dt_scenario *sc, size_t k, dt_scenario **out);
int cli_phase_heading(dt_doc *d, const dt_scenario *sc, size_t k);
int cmd_vary(int argc, char **argv);
int cmd_reconcile(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_seal(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_resolve(int argc, char **argv);
int cmd_score(int argc, char **argv);

#endif
