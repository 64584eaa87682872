/*
 * detente report FILE [FILE...] -o DIR: a briefing an analyst can hand on,
 * DIR/index.html (self-contained) and DIR/report.pdf. Both are written
 * into a fresh temporary directory beside DIR which is renamed into place
 * only when complete; an existing DIR is replaced only with --force.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <ftw.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static void report_usage(FILE *f)
{
    fputs("usage: detente report FILE [FILE...] -o DIR [options]\n\n"
          "Writes a briefing on the scenarios: DIR/index.html (one "
          "self-contained\npage, charts inline, no script, no network) and "
          "DIR/report.pdf (the same\ncontent for printing): description "
          "and sources, actors and inputs with\ntheir notes, every model's "
          "forecast per issue, the summit analysis, a\nMonte Carlo sweep "
          "with --draws, and a comparison when several files are\ngiven. "
          "See docs/reports.md.\n\n"
          "options:\n"
          "  -o, --out DIR       the directory to write (required)\n"
          "  --force             replace DIR when it exists\n"
          "  --model LIST        forecast models, comma-separated (default: "
          "every\n"
          "                      one-issue model: mean, median, eu, nbs)\n"
          "  --analysis-model M  model of the analysis and the sweep: eu "
          "(default),\n"
          "                      mean or median\n"
          "  --no-analysis       leave the summit analysis out\n"
          "  --weights W         Nash weights: equal (default) or "
          "capability\n"
          "  --draws N           add a Monte Carlo sweep of N draws\n"
          "  --seed S            seed of the sweep (default: drawn from the "
          "system;\n"
          "                      always printed and written in the footer)\n"
          "  --sobol N           add a variance decomposition: Sobol "
          "indices of the\n"
          "                      analysis model's forecasts (and deal "
          "points) from N\n"
          "                      base rows (docs/sobol.md)\n"
          "  --group-by BY       of the decomposition: input (default), "
          "actor or\n"
          "                      issue\n"
          "  --threads N         sweep workers (default: available cores; "
          "output\n"
          "                      does not depend on it)\n",
          f);
    cli_whatif_help(f, "--lever ID");
    fputs("\nexit codes: 0 ok, 2 usage, 3 invalid or empty scenario, 4 I/O "
          "(output\ndirectory, missing font), 5 out of memory, 70 internal.\n",
          f);
}

struct rp_config {
    const char **files;              /* scenario paths (argv) */
    size_t n_files;                  /* entries in files */
    const char *out;                 /* DIR */
    char *dir;                       /* DIR with symbolic links followed */
    int force;                       /* --force */
    const dt_model_type *models[16]; /* --model */
    size_t n_models;                 /* entries in models */
    dt_report_opts opts;             /* library options */
    cli_whatif wi;                   /* --lever, --set (every file) */
};

enum {
    OPT_FORCE = 256,
    OPT_MODEL,
    OPT_AN_MODEL,
    OPT_NO_ANALYSIS,
    OPT_WEIGHTS,
    OPT_DRAWS,
    OPT_SEED,
    OPT_THREADS,
    OPT_SOBOL,
    OPT_GROUP_BY
};

static int add_models(struct rp_config *cfg, const char *arg)
{
    char buf[256];
    char *p, *save = NULL;

    snprintf(buf, sizeof buf, "%s", arg);
    for (p = strtok_r(buf, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
        const dt_model_type *m = dt_model_find(p);
        size_t i;

        if (!m) {
            cli_error("unknown model '%s' (expected mean, median, eu or nbs)",
                      p);
            return CLI_USAGE;
        }
        for (i = 0; i < cfg->n_models && cfg->models[i] != m; i++)
            ;
        if (i == cfg->n_models && cfg->n_models < 16)
            cfg->models[cfg->n_models++] = m;
    }
    return CLI_OK;
}

static int parse_args(int argc, char **argv, struct rp_config *cfg)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {"out", required_argument, NULL, 'o'},
        {"force", no_argument, NULL, OPT_FORCE},
        {"model", required_argument, NULL, OPT_MODEL},
        {"analysis-model", required_argument, NULL, OPT_AN_MODEL},
        {"no-analysis", no_argument, NULL, OPT_NO_ANALYSIS},
        {"weights", required_argument, NULL, OPT_WEIGHTS},
        {"draws", required_argument, NULL, OPT_DRAWS},
        {"seed", required_argument, NULL, OPT_SEED},
        {"threads", required_argument, NULL, OPT_THREADS},
        {"sobol", required_argument, NULL, OPT_SOBOL},
        {"group-by", required_argument, NULL, OPT_GROUP_BY},
        CLI_WHATIF_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    static const char *const weight_names[] = {"equal", "capability", NULL};
    unsigned u;
    int k;

    optind = 1;
    opterr = 0;
    for (;;) {
        int c = getopt_long(argc, argv, "ho:", longopts, NULL);

        if (c == -1)
            break;
        switch (c) {
        case 'h':
            report_usage(stdout);
            return -1;
        case 'o':
            cfg->out = optarg;
            break;
        case OPT_FORCE:
            cfg->force = 1;
            break;
        case OPT_MODEL:
            if (add_models(cfg, optarg) != CLI_OK)
                return CLI_USAGE;
            break;
        case OPT_AN_MODEL:
            cfg->opts.analysis_model = dt_model_find(optarg);
            if (!cfg->opts.analysis_model ||
                cfg->opts.analysis_model == &dt_model_nbs) {
                cli_error("unknown analysis model '%s' (expected eu, mean or "
                          "median)",
                          optarg);
                return CLI_USAGE;
            }
            break;
        case OPT_NO_ANALYSIS:
            cfg->opts.analysis = 0;
            break;
        case OPT_WEIGHTS:
            if (!cli_choice("weights", optarg, weight_names, &k))
                return CLI_USAGE;
            cfg->opts.weights = (dt_nash_weights)k;
            break;
        case OPT_DRAWS:
            if (!cli_parse_uint("--draws", optarg, &u))
                return CLI_USAGE;
            if (u == 0) {
                cli_error("--draws must be at least 1 (leave it out for no "
                          "sweep)");
                return CLI_USAGE;
            }
            cfg->opts.draws = u;
            break;
        case OPT_SEED:
            if (!cli_parse_seed(optarg, &cfg->opts.seed))
                return CLI_USAGE;
            cfg->opts.has_seed = 1;
            break;
        case OPT_THREADS:
            if (!cli_parse_uint("--threads", optarg, &u))
                return CLI_USAGE;
            if (u == 0) {
                cli_error("--threads must be at least 1");
                return CLI_USAGE;
            }
            cfg->opts.threads = u;
            break;
        case OPT_SOBOL:
            if (!cli_parse_uint("--sobol", optarg, &u))
                return CLI_USAGE;
            if (u < 2) {
                cli_error("--sobol needs at least 2 base rows, got %u", u);
                return CLI_USAGE;
            }
            cfg->opts.sobol = u;
            break;
        case OPT_GROUP_BY: {
            static const char *const by[] = {"input", "actor", "issue", NULL};

            if (!cli_choice("group-by", optarg, by, &k))
                return CLI_USAGE;
            cfg->opts.sobol_group_by = (dt_sobol_group_by)k;
        } break;
        case CLI_OPT_LEVER:
        case CLI_OPT_SET:
            if (cli_whatif_opt(&cfg->wi, c, optarg) < 0)
                return CLI_INTERNAL;
            break;
        default:
            return cli_bad_option("report", argv, longopts, "ho:");
        }
    }
    if (argc - optind < 1) {
        cli_error("report takes one or more scenario files; see 'detente "
                  "report --help'");
        return CLI_USAGE;
    }
    if (!cfg->out || !cfg->out[0]) {
        cli_error("report needs an output directory: -o DIR");
        return CLI_USAGE;
    }
    cfg->files = (const char **)(argv + optind);
    cfg->n_files = (size_t)(argc - optind);
    return CLI_OK;
}

/*
 * The command line as typed, each word quoted when the shell would need
 * it, for the footer. --threads is left out: it does not change a byte
 * of the report, and keeping it would make reports made with different
 * thread counts differ.
 */
static char *command_line(int argc, char **argv)
{
    size_t cap = 64, len, i;
    char *s;
    int a;

    for (a = 0; a < argc; a++)
        cap += 4 * strlen(argv[a]) + 3;
    s = malloc(cap);
    if (!s)
        return NULL;
    len = (size_t)snprintf(s, cap, "detente");
    for (a = 0; a < argc; a++) {
        const char *w = argv[a];
        int plain = w[0] != '\0';

        if (strcmp(w, "--threads") == 0) {
            a++;
            continue;
        }
        if (strncmp(w, "--threads=", 10) == 0)
            continue;

        for (i = 0; w[i]; i++)
            if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                        "0123456789_./=:,+-@%",
                        w[i]))
                plain = 0;
        s[len++] = ' ';
        if (plain) {
            memcpy(s + len, w, strlen(w));
            len += strlen(w);
            continue;
        }
        s[len++] = '\'';
        for (i = 0; w[i]; i++) {
            if (w[i] == '\'') {
                memcpy(s + len, "'\\''", 4);
                len += 4;
            } else
                s[len++] = w[i];
        }
        s[len++] = '\'';
    }
    s[len] = '\0';
    return s;
}

/* Read a whole file (for its hash). Returns 0 and prints on failure. */
static int slurp(const char *path, char **buf, size_t *len)
{
    FILE *f = fopen(path, "rb");
    size_t cap = 65536, n = 0;
    char *p = NULL;

    *buf = NULL;
    if (!f) {
        cli_error("cannot read '%s': %s", path, strerror(errno));
        return 0;
    }
    p = malloc(cap);
    while (p) {
        size_t got = fread(p + n, 1, cap - n, f);

        n += got;
        if (n < cap)
            break;
        cap *= 2;
        {
            char *np = realloc(p, cap);

            if (!np) {
                free(p);
                p = NULL;
            } else
                p = np;
        }
    }
    if (!p || ferror(f)) {
        cli_error("cannot read '%s': %s", path,
                  p ? strerror(errno) : "out of memory");
        free(p);
        fclose(f);
        return 0;
    }
    fclose(f);
    *buf = p;
    *len = n;
    return 1;
}

static dt_status file_write(void *ud, const void *p, size_t n)
{
    return fwrite(p, 1, n, ud) == n ? DT_OK : DT_EIO;
}

/* Write one file of the report into dir through the library writer. */
static int write_one(const char *dir, const char *name, const dt_report *rep,
                     int pdf)
{
    char path[4096];
    dt_error err;
    dt_status st;
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    /* Registered before it exists: a signal removes it, then the dir. */
    cli_tmp_add(path, 0);
    f = fopen(path, "wb");
    if (!f) {
        cli_error("cannot write '%s': %s", path, strerror(errno));
        return CLI_IO;
    }
    st = pdf ? dt_report_write_pdf(rep, file_write, f, &err)
             : dt_report_write_html(rep, file_write, f, &err);
    if (fflush(f) != 0 || ferror(f)) {
        if (st == DT_OK) {
            st = DT_EIO;
            snprintf(err.msg, sizeof err.msg, "%s", strerror(errno));
        }
    }
    if (fsync(fileno(f)) != 0 && st == DT_OK) {
        st = DT_EIO;
        snprintf(err.msg, sizeof err.msg, "%s", strerror(errno));
    }
    if (fclose(f) != 0 && st == DT_OK) {
        st = DT_EIO;
        snprintf(err.msg, sizeof err.msg, "%s", strerror(errno));
    }
    if (st != DT_OK) {
        char buf[600];

        dt_error_format(&err, buf, sizeof buf);
        cli_error("cannot write '%s': %s", path, buf);
        return cli_exit_for(st);
    }
    return CLI_OK;
}

static int rm_entry(const char *path, const struct stat *sb, int flag,
                    struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* Remove a directory tree we created; errors are ignored. */
static void rm_tree(const char *path)
{
    nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/*
 * Split DIR into its parent directory and its last component (without
 * trailing slashes): "a/b/" -> "a", "b"; "b" -> ".", "b".
 */
static int split_dir(const char *dir, char *parent, size_t np, char *base,
                     size_t nb)
{
    char tmp[4096];
    char *slash;
    size_t n;

    snprintf(tmp, sizeof tmp, "%s", dir);
    n = strlen(tmp);
    while (n > 1 && tmp[n - 1] == '/')
        tmp[--n] = '\0';
    slash = strrchr(tmp, '/');
    if (!slash) {
        snprintf(parent, np, ".");
        snprintf(base, nb, "%s", tmp);
    } else {
        snprintf(base, nb, "%s", slash + 1);
        if (slash == tmp)
            snprintf(parent, np, "/");
        else {
            *slash = '\0';
            snprintf(parent, np, "%s", tmp);
        }
    }
    return base[0] && strcmp(base, ".") != 0 && strcmp(base, "..") != 0 &&
           strcmp(base, "/") != 0;
}

/* Refuse an existing DIR unless --force (then it must be a directory). */
static int check_out(const struct rp_config *cfg)
{
    struct stat st;

    if (lstat(cfg->dir, &st) != 0) {
        if (errno == ENOENT)
            return CLI_OK;
        cli_error("cannot use '%s': %s", cfg->out, strerror(errno));
        return CLI_IO;
    }
    if (!S_ISDIR(st.st_mode)) {
        cli_error("'%s' exists and is not a directory; not replacing it",
                  cfg->out);
        return CLI_IO;
    }
    if (!cfg->force) {
        cli_error("'%s' exists; use --force to replace it", cfg->out);
        return CLI_IO;
    }
    return CLI_OK;
}

/*
 * Lock a directory for as long as this process lives (the descriptor is
 * left open): a later run sees a locked .DIR.tmp-* or .DIR.old-* as a
 * live run's, an unlocked one as left by a run that was killed.
 */
static void lock_dir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) != 0)
        close(fd);
}

/* Whether no live process holds path's lock. */
static int stale_dir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC), ok;

    if (fd < 0)
        return 0;
    ok = flock(fd, LOCK_EX | LOCK_NB) == 0;
    close(fd);
    return ok;
}

/*
 * What a killed run left beside DIR (SIGKILL, power loss: a caught signal
 * cleans up itself): .DIR.tmp-XXXXXX, a report being written, is removed;
 * .DIR.old-XXXXXX, the previous DIR moved aside by --force, is renamed
 * back when DIR is missing (killed between the two renames), else
 * removed. Directories a live run holds locked are left alone.
 */
static void recover_stale(const struct rp_config *cfg)
{
    char parent[4096], base[1024], tmp_pre[1100], old_pre[1100];
    char path[8192], idx[8300];
    struct dirent *e;
    struct stat st;
    DIR *d;

    if (!split_dir(cfg->dir, parent, sizeof parent, base, sizeof base))
        return;
    snprintf(tmp_pre, sizeof tmp_pre, ".%s.tmp-", base);
    snprintf(old_pre, sizeof old_pre, ".%s.old-", base);
    d = opendir(parent);
    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        int is_tmp = strncmp(e->d_name, tmp_pre, strlen(tmp_pre)) == 0,
            is_old = strncmp(e->d_name, old_pre, strlen(old_pre)) == 0;

        if ((!is_tmp && !is_old) || strlen(e->d_name) != strlen(tmp_pre) + 6)
            continue;
        snprintf(path, sizeof path, "%s/%s", parent, e->d_name);
        if (lstat(path, &st) != 0 || !S_ISDIR(st.st_mode) ||
            st.st_uid != geteuid() || !stale_dir(path))
            continue;
        snprintf(idx, sizeof idx, "%s/index.html", path);
        if (is_old && access(idx, F_OK) == 0 && lstat(cfg->dir, &st) != 0 &&
            errno == ENOENT && rename(path, cfg->dir) == 0) {
            fprintf(stderr,
                    "detente: note: restored '%s' from '%s', left by an "
                    "interrupted 'report --force'\n",
                    cfg->out, path);
            continue;
        }
        fprintf(stderr,
                "detente: note: removing '%s', left by an interrupted "
                "report\n",
                path);
        rm_tree(path);
    }
    closedir(d);
}

/*
 * Write the report into a temporary directory beside DIR, then move it
 * into place: with an old DIR, rename the old one aside, rename the new
 * one in, then remove the old (and put it back if the second rename
 * fails). SIGINT, SIGTERM and SIGHUP remove the temporary directory
 * while it is written and are held off while the directories are
 * swapped; what a SIGKILL leaves, the next run clears (recover_stale).
 */
static int write_dir(const struct rp_config *cfg, const dt_report *rep)
{
    char parent[4096], base[1024], tmp[8192], old[8192];
    int rc, had_old, slot;
    struct stat st;
    sigset_t mask;

    if (!split_dir(cfg->dir, parent, sizeof parent, base, sizeof base)) {
        cli_error("bad output directory '%s'", cfg->out);
        return CLI_USAGE;
    }
    snprintf(tmp, sizeof tmp, "%s/.%s.tmp-XXXXXX", parent, base);
    cli_signals_block(&mask);
    slot = mkdtemp(tmp) ? cli_tmp_add(tmp, 1) : -2;
    cli_signals_restore(&mask);
    if (slot == -2) {
        cli_error("cannot create the output directory in '%s': %s", parent,
                  strerror(errno));
        return CLI_IO;
    }
    lock_dir(tmp);
    rc = write_one(tmp, "index.html", rep, 0);
    if (rc == CLI_OK)
        rc = write_one(tmp, "report.pdf", rep, 1);
    if (rc == CLI_OK && chmod(tmp, 0755) != 0) {
        cli_error("cannot set the permissions of '%s': %s", tmp,
                  strerror(errno));
        rc = CLI_IO;
    }
    cli_signals_block(&mask);
    if (rc != CLI_OK)
        goto fail;
    had_old = lstat(cfg->dir, &st) == 0;
    if (had_old) {
        if (!cfg->force || !S_ISDIR(st.st_mode)) {
            check_out(cfg);
            rc = CLI_IO;
            goto fail;
        }
        lock_dir(cfg->dir);
        snprintf(old, sizeof old, "%s/.%s.old-XXXXXX", parent, base);
        if (!mkdtemp(old) || rename(cfg->dir, old) != 0) {
            cli_error("cannot move the old '%s' aside: %s", cfg->out,
                      strerror(errno));
            rmdir(old);
            rc = CLI_IO;
            goto fail;
        }
    }
    if (rename(tmp, cfg->dir) != 0) {
        cli_error("cannot rename '%s' to '%s': %s", tmp, cfg->out,
                  strerror(errno));
        if (had_old)
            rename(old, cfg->dir);
        rc = CLI_IO;
        goto fail;
    }
    cli_tmp_drop(slot);
    if (had_old)
        rm_tree(old);
    cli_signals_restore(&mask);
    return CLI_OK;
fail:
    rm_tree(tmp);
    cli_tmp_drop(slot);
    cli_signals_restore(&mask);
    return rc;
}

int cmd_report(int argc, char **argv)
{
    struct rp_config cfg;
    dt_report_opts defaults = DT_REPORT_OPTS_INIT;
    dt_report_input *in = NULL;
    dt_scenario **scs = NULL;
    char **bytes = NULL;
    dt_report *rep = NULL;
    char *cmd = NULL;
    dt_error err;
    dt_status st;
    size_t i;
    int rc;

    memset(&cfg, 0, sizeof cfg);
    cfg.opts = defaults;
    /* Before getopt, which reorders argv. */
    cmd = command_line(argc, argv);
    rc = parse_args(argc, argv, &cfg);
    if (rc != CLI_OK) {
        free(cmd);
        cli_whatif_free(&cfg.wi);
        return rc < 0 ? CLI_OK : rc;
    }
    if (strcmp(cfg.out, "-") == 0) {
        free(cmd);
        cli_error("report writes a directory (index.html and report.pdf); "
                  "'-o -' (standard output) is not possible");
        return CLI_USAGE;
    }
    {
        int fd;

        cfg.dir = cli_resolve_links(cfg.out, &fd);
        if (!cfg.dir || fd >= 0) {
            cli_error("cannot use '%s': %s", cfg.out,
                      cfg.dir ? "not a directory" : strerror(errno));
            free(cfg.dir);
            free(cmd);
            return CLI_IO;
        }
    }
    recover_stale(&cfg);
    rc = check_out(&cfg);
    if (rc != CLI_OK) {
        free(cfg.dir);
        free(cmd);
        cli_whatif_free(&cfg.wi);
        return rc;
    }
    in = calloc(cfg.n_files, sizeof *in);
    scs = calloc(cfg.n_files, sizeof *scs);
    bytes = calloc(cfg.n_files, sizeof *bytes);
    if (!in || !scs || !bytes || !cmd) {
        cli_error("out of memory");
        rc = CLI_NOMEM;
        goto out;
    }
    for (i = 0; i < cfg.n_files; i++) {
        rc = cli_load_whatif(cfg.files[i], &cfg.wi, &scs[i]);
        if (rc != CLI_OK)
            goto out;
        if (!slurp(cfg.files[i], &bytes[i], &in[i].len)) {
            rc = CLI_IO;
            goto out;
        }
        in[i].scenario = scs[i];
        in[i].bytes = bytes[i];
        in[i].label = cfg.files[i];
    }
    if (cfg.n_models > 0) {
        cfg.opts.models = cfg.models;
        cfg.opts.n_models = cfg.n_models;
    }
    if ((cfg.opts.draws > 0 || cfg.opts.sobol > 0) && !cfg.opts.has_seed) {
        cfg.opts.seed = cli_draw_seed();
        cfg.opts.has_seed = 1;
    }
    if ((cfg.opts.draws > 0 || cfg.opts.sobol > 0) && cfg.opts.threads == 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);

        cfg.opts.threads = n > 0 ? (unsigned)n : 1;
    }
    cfg.opts.command = cmd;
    st = dt_report_new(in, cfg.n_files, &cfg.opts, &rep, &err);
    if (st != DT_OK) {
        char buf[600];

        dt_error_format(&err, buf, sizeof buf);
        cli_error("cannot make the report: %s", buf);
        rc = cli_exit_for(st);
        goto out;
    }
    rc = write_dir(&cfg, rep);
    if (rc == CLI_OK) {
        if (cfg.opts.draws > 0 || cfg.opts.sobol > 0)
            fprintf(stderr,
                    "detente: wrote '%s' (index.html, report.pdf); seed "
                    "%llu\n",
                    cfg.out, (unsigned long long)cfg.opts.seed);
        else
            fprintf(stderr,
                    "detente: wrote '%s' (index.html, report.pdf); no "
                    "sweep, no seed\n",
                    cfg.out);
    }
out:
    dt_report_free(rep);
    for (i = 0; i < cfg.n_files; i++) {
        if (scs)
            dt_scenario_free(scs[i]);
        if (bytes)
            free(bytes[i]);
    }
    free(in);
    free(scs);
    free(bytes);
    free(cmd);
    cli_whatif_free(&cfg.wi);
    free(cfg.dir);
    return rc;
}
