/*
 * CLI helpers: error printing, status-to-exit-code mapping, scenario
 * loading with every error printed, atomic output files and number
 * parsing for options.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

void cli_error(const char *fmt, ...)
{
    va_list ap;

    fputs("detente: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int cli_exit_for(dt_status s)
{
    switch (s) {
    case DT_OK:
        return CLI_OK;
    case DT_NOT_CONVERGED:
        return CLI_NOT_CONVERGED;
    case DT_EINVAL:
        return CLI_USAGE;
    case DT_ESCENARIO:
    case DT_ERANGE:
        return CLI_INVALID;
    case DT_EIO:
        return CLI_IO;
    case DT_ENOMEM:
        return CLI_NOMEM;
    case DT_ECANCELED: /* only Ctrl-C cancels a call of the CLI */
        return 130;
    case DT_EINTERNAL:
        break;
    }
    return CLI_INTERNAL;
}

/* Error sink of cli_load: one line per error, in file order. */
struct load_ctx {
    unsigned count; /* errors printed */
};

static void print_diag(void *ud, const dt_error *e)
{
    struct load_ctx *ctx = ud;
    char buf[1024];

    if (e->code == DT_EIO)
        return; /* Reported by cli_load with the command's own words. */
    dt_error_format(e, buf, sizeof buf);
    fprintf(stderr, "%s\n", buf);
    ctx->count++;
}

int cli_load(const char *path, dt_scenario **out)
{
    dt_load_opts opts = DT_LOAD_OPTS_INIT;
    struct load_ctx ctx = {0};
    dt_error err;
    dt_status rc;

    opts.on_error = print_diag;
    opts.ud = &ctx;
    opts.max_errors = 0;
    rc = dt_scenario_load(path, &opts, out, &err);
    if (rc == DT_OK)
        return CLI_OK;
    if (rc == DT_EIO) {
        cli_error("%s", err.msg);
        return CLI_IO;
    }
    if (rc == DT_ENOMEM) {
        cli_error("out of memory while reading '%s': %s", path, err.msg);
        return CLI_NOMEM;
    }
    cli_error("'%s' is not a valid scenario (%u error%s)", path, ctx.count,
              ctx.count == 1 ? "" : "s");
    return cli_exit_for(rc);
}

int cli_analysis_error(const char *file, dt_status rc, const dt_error *err)
{
    char buf[600];

    dt_error_format(err, buf, sizeof buf);
    cli_error("cannot analyse '%s': %s", file, buf);
    return cli_exit_for(rc);
}

/* ----- Temporary files removed on SIGINT, SIGTERM and SIGHUP. ----- */

/*
 * A fixed table (no allocation in the handler): paths to unlink (or, for
 * directories, rmdir) in reverse order of registration when a terminating
 * signal arrives, after which the signal is re-raised with its default
 * action so the exit status still says "killed by SIGINT". Entries are
 * written with the signals blocked, so the handler never sees half an
 * entry. The handler is only installed over the default action (a
 * command with its own handler, such as sweep, cleans up by returning).
 */
#define CLI_TMP_MAX 8
static struct {
    char path[PATH_MAX];
    int dir;
} g_tmp[CLI_TMP_MAX];
static volatile sig_atomic_t g_ntmp;
static const int g_tmp_sigs[] = {SIGINT, SIGTERM, SIGHUP};

static void on_fatal_signal(int sig)
{
    struct sigaction sa;
    int i;

    for (i = g_ntmp; i-- > 0;) {
        if (g_tmp[i].dir)
            rmdir(g_tmp[i].path);
        else
            unlink(g_tmp[i].path);
    }
    g_ntmp = 0;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
    raise(sig);
}

void cli_signals_block(sigset_t *old)
{
    sigset_t set;
    size_t i;

    sigemptyset(&set);
    for (i = 0; i < sizeof g_tmp_sigs / sizeof g_tmp_sigs[0]; i++)
        sigaddset(&set, g_tmp_sigs[i]);
    sigprocmask(SIG_BLOCK, &set, old);
}

void cli_signals_restore(const sigset_t *old)
{
    sigprocmask(SIG_SETMASK, old, NULL);
}

int cli_tmp_add(const char *path, int dir)
{
    static int installed;
    sigset_t old;
    size_t i;
    int slot = -1;

    if (strlen(path) >= PATH_MAX)
        return -1;
    cli_signals_block(&old);
    if (!installed) {
        for (i = 0; i < sizeof g_tmp_sigs / sizeof g_tmp_sigs[0]; i++) {
            struct sigaction cur, sa;

            if (sigaction(g_tmp_sigs[i], NULL, &cur) != 0 ||
                (cur.sa_flags & SA_SIGINFO) || cur.sa_handler != SIG_DFL)
                continue;
            memset(&sa, 0, sizeof sa);
            sa.sa_handler = on_fatal_signal;
            sigemptyset(&sa.sa_mask);
            sigaction(g_tmp_sigs[i], &sa, NULL);
        }
        installed = 1;
    }
    if (g_ntmp < CLI_TMP_MAX) {
        slot = g_ntmp;
        snprintf(g_tmp[slot].path, sizeof g_tmp[slot].path, "%s", path);
        g_tmp[slot].dir = dir;
        g_ntmp = slot + 1;
    }
    cli_signals_restore(&old);
    return slot;
}

void cli_tmp_drop(int slot)
{
    sigset_t old;

    if (slot < 0)
        return;
    cli_signals_block(&old);
    /* Entries are dropped in reverse order; drop everything above too. */
    if (slot < g_ntmp)
        g_ntmp = slot;
    cli_signals_restore(&old);
}

/* ----- Output files. ----- */

/*
 * The file a path names after following symbolic links (up to 40, as the
 * kernel does), even when the last one dangles: "a -> b/c" gives "b/c"
 * relative to a's directory. Returns a malloc'd path, or NULL with errno
 * set. *fd_out is the descriptor N when the chain passes through
 * /dev/fd/N or /proc/self/fd/N (the file already open as N), else -1.
 */
char *cli_resolve_links(const char *path, int *fd_out)
{
    char *cur = strdup(path);
    int hops;

    *fd_out = -1;
    for (hops = 0; cur && hops < 40; hops++) {
        static const char *const fdirs[] = {"/dev/fd/", "/proc/self/fd/"};
        char target[PATH_MAX], *next, *slash;
        struct stat st;
        ssize_t n;
        size_t k;

        for (k = 0; k < 2; k++) {
            size_t pl = strlen(fdirs[k]);
            char *end;
            long v;

            if (strncmp(cur, fdirs[k], pl) != 0 || !cur[pl])
                continue;
            errno = 0;
            v = strtol(cur + pl, &end, 10);
            if (!*end && !errno && v >= 0 && v <= INT_MAX && cur[pl] != '-' &&
                cur[pl] != '+') {
                *fd_out = (int)v;
                return cur;
            }
        }
        if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
            return cur; /* not a link (or missing): this is the file */
        n = readlink(cur, target, sizeof target - 1);
        if (n < 0) {
            free(cur);
            return NULL;
        }
        target[n] = '\0';
        slash = strrchr(cur, '/');
        if (target[0] == '/' || !slash)
            next = strdup(target);
        else {
            size_t dl = (size_t)(slash - cur) + 1;

            next = malloc(dl + (size_t)n + 1);
            if (next) {
                memcpy(next, cur, dl);
                memcpy(next + dl, target, (size_t)n + 1);
            }
        }
        free(cur);
        cur = next;
    }
    if (cur) {
        free(cur);
        errno = ELOOP;
    }
    return NULL;
}

int cli_out_open(cli_out *o, const char *path)
{
    int fd = -1, rc = CLI_IO, slot, src_fd;
    struct stat st;
    sigset_t old;
    size_t tl;

    memset(o, 0, sizeof *o);
    o->slot = -1;
    if (!path || strcmp(path, "-") == 0) {
        o->f = stdout;
        return CLI_OK;
    }
    o->path = strdup(path);
    if (!o->path) {
        cli_error("out of memory (%zu bytes for an output path)",
                  strlen(path) + 1);
        return CLI_NOMEM;
    }
    o->dest = cli_resolve_links(path, &src_fd);
    if (!o->dest) {
        rc = errno == ENOMEM ? CLI_NOMEM : CLI_IO;
        cli_error("cannot write '%s': %s", path, strerror(errno));
        goto fail;
    }
    if (src_fd == STDOUT_FILENO) {
        /* /dev/stdout: the stream itself (flushed and checked on close). */
        o->f = stdout;
        free(o->dest);
        o->dest = NULL;
        return CLI_OK;
    }
    if (src_fd >= 0 || (stat(o->dest, &st) == 0 && !S_ISREG(st.st_mode))) {
        /*
         * A FIFO, a device, a socket or an already open descriptor: write
         * through (there is nothing to replace atomically; renaming a file
         * over /dev/null would replace the device).
         */
        if (src_fd < 0 && S_ISDIR(st.st_mode)) {
            cli_error("cannot write '%s': it is a directory", path);
            goto fail;
        }
        fd = src_fd >= 0 ? dup(src_fd)
                         : open(o->dest, O_WRONLY | O_NOCTTY | O_CLOEXEC);
        if (fd < 0 || !(o->f = fdopen(fd, "w"))) {
            cli_error("cannot write '%s': %s", path, strerror(errno));
            if (fd >= 0)
                close(fd);
            goto fail;
        }
        free(o->dest);
        o->dest = NULL;
        return CLI_OK;
    }
    /* A regular file or a new one: a temporary beside the link's target. */
    tl = strlen(o->dest) + 8;
    o->tmp = malloc(tl);
    if (!o->tmp) {
        cli_error("out of memory (%zu bytes for an output path)", tl);
        rc = CLI_NOMEM;
        goto fail;
    }
    snprintf(o->tmp, tl, "%s.XXXXXX", o->dest);
    cli_signals_block(&old);
    fd = mkstemp(o->tmp);
    slot = fd >= 0 ? cli_tmp_add(o->tmp, 0) : -1;
    cli_signals_restore(&old);
    if (fd < 0) {
        cli_error("cannot write '%s': %s", path, strerror(errno));
        goto fail;
    }
    o->slot = slot;
    /* mkstemp makes the file 0600: keep the replaced file's mode, else
     * give it the mode fopen would have. */
    if (stat(o->dest, &st) == 0)
        (void)fchmod(fd, st.st_mode & 07777);
    else {
        mode_t mask = umask(0);

        umask(mask);
        (void)fchmod(fd, 0666 & ~mask);
    }
    o->f = fdopen(fd, "w");
    if (!o->f) {
        cli_error("cannot write '%s': %s", path, strerror(errno));
        close(fd);
        unlink(o->tmp);
        cli_tmp_drop(o->slot);
        goto fail;
    }
    return CLI_OK;
fail:
    free(o->path);
    free(o->dest);
    free(o->tmp);
    memset(o, 0, sizeof *o);
    return rc;
}

int cli_out_close(cli_out *o, int ok)
{
    int rc = CLI_OK;

    if (!o->f)
        goto out;
    if (o->f == stdout) {
        if (fflush(stdout) != 0 || ferror(stdout)) {
            cli_error("cannot write to standard output: %s", strerror(errno));
            clearerr(stdout);
            rc = CLI_IO;
        }
        goto out;
    }
    errno = 0;
    if (fflush(o->f) != 0 || ferror(o->f))
        ok = 0, rc = CLI_IO;
    if (fclose(o->f) != 0)
        ok = 0, rc = CLI_IO;
    if (rc != CLI_OK)
        cli_error("cannot write '%s': %s", o->path,
                  errno ? strerror(errno) : "write error");
    if (!o->tmp)
        goto out; /* written through */
    if (ok && rename(o->tmp, o->dest) != 0) {
        cli_error("cannot write '%s': %s", o->path, strerror(errno));
        rc = CLI_IO;
        ok = 0;
    }
    if (!ok)
        unlink(o->tmp);
    cli_tmp_drop(o->slot);
out:
    free(o->path);
    free(o->dest);
    free(o->tmp);
    memset(o, 0, sizeof *o);
    return rc;
}

int cli_stdout_close(int rc)
{
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error("cannot write to standard output: %s",
                  errno ? strerror(errno) : "write error");
        return rc == CLI_OK ? CLI_IO : rc;
    }
    return rc;
}

int cli_parse_uint(const char *opt, const char *s, unsigned *out)
{
    char *end;
    unsigned long v;

    errno = 0;
    v = strtoul(s, &end, 10);
    if (cli_all_digits(s) && (errno == ERANGE || v > UINT_MAX)) {
        cli_error("%s is out of range: at most %u, got '%s'", opt, UINT_MAX, s);
        return 0;
    }
    if (!*s || *end || errno || v > UINT_MAX || s[0] == '-') {
        cli_error("%s expects a whole number, got '%s'", opt, s);
        return 0;
    }
    *out = (unsigned)v;
    return 1;
}

int cli_parse_seed(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v;

    errno = 0;
    v = strtoull(s, &end, 10);
    if (cli_all_digits(s) && errno == ERANGE)
        v = CLI_SEED_MAX + 1, errno = 0;
    if (!*s || *end || errno || s[0] == '-') {
        cli_error("--seed expects a whole number, got '%s'", s);
        return 0;
    }
    if (v > CLI_SEED_MAX) {
        cli_error("--seed must be at most %llu (2^53 - 1), got %s",
                  (unsigned long long)CLI_SEED_MAX, s);
        return 0;
    }
    *out = (uint64_t)v;
    return 1;
}

unsigned cli_ncpu(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);

    return n < 1 ? 1u : n > 64 ? 64u : (unsigned)n;
}

uint64_t cli_draw_seed(void)
{
    uint64_t s = 0;
    int fd = open("/dev/urandom", O_RDONLY);

    if (fd >= 0) {
        if (read(fd, &s, sizeof s) != (ssize_t)sizeof s)
            s = 0;
        close(fd);
    }
    if (s == 0)
        s = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
    /* Short enough to retype. */
    return s % 1000000000u;
}

int cli_parse_double(const char *opt, const char *s, double *out)
{
    char *end;

    errno = 0;
    *out = strtod(s, &end);
    if (!*s || *end || errno) {
        cli_error("%s expects a number, got '%s'", opt, s);
        return 0;
    }
    return 1;
}

int cli_choice(const char *what, const char *value, const char *const *choices,
               int *out)
{
    size_t i, n;

    for (n = 0; choices[n]; n++)
        if (strcmp(value, choices[n]) == 0) {
            *out = (int)n;
            return 1;
        }
    fprintf(stderr, "detente: unknown %s '%s' (expected ", what, value);
    for (i = 0; i < n; i++)
        fprintf(stderr, "%s%s",
                i == 0       ? ""
                : i + 1 == n ? " or "
                             : ", ",
                choices[i]);
    fputs(")\n", stderr);
    return 0;
}

int cli_format(const char *what, const char *value, int allowed, int *out)
{
    static const struct {
        const char *name;
        int fmt;
    } all[] = {{"table", CLI_FMT_TEXT}, {"markdown", CLI_FMT_MARKDOWN},
               {"json", CLI_FMT_JSON},  {"csv", CLI_FMT_CSV},
               {"html", CLI_FMT_HTML},  {"pdf", CLI_FMT_PDF}};
    const char *names[7];
    int fmts[7], n = 0, k;
    size_t i;

    for (i = 0; i < sizeof all / sizeof all[0]; i++)
        if (allowed & all[i].fmt) {
            names[n] = all[i].name;
            fmts[n++] = all[i].fmt;
        }
    names[n] = NULL;
    if (!cli_choice(what, value, names, &k))
        return 0;
    *out = fmts[k];
    return 1;
}

dt_status cli_file_write(void *ud, const void *p, size_t n)
{
    return fwrite(p, 1, n, ud) == n ? DT_OK : DT_EIO;
}

int cli_out_finish(cli_out *o, dt_status st, const dt_error *err)
{
    int rc;

    if (st != DT_OK && st != DT_EIO)
        cli_error("%s", err->msg);
    rc = cli_out_close(o, st == DT_OK);
    if (st == DT_ENOMEM)
        return CLI_NOMEM;
    if (st != DT_OK)
        return rc != CLI_OK ? rc : st == DT_EIO ? CLI_IO : cli_exit_for(st);
    return rc;
}

dt_doc *cli_doc_new(void)
{
    dt_doc *d = NULL;

    if (dt_doc_new(NULL, &d, NULL) != DT_OK)
        cli_error("out of memory");
    return d;
}

int cli_doc_status(dt_status st, const dt_error *err)
{
    if (st == DT_OK)
        return CLI_OK;
    cli_error("%s", err->msg);
    return st == DT_ENOMEM ? CLI_NOMEM : cli_exit_for(st);
}

int cli_write_doc(const char *path, int fmt, const dt_doc *d)
{
    cli_out out;
    dt_error err;
    int rc = cli_out_open(&out, path);

    if (rc != CLI_OK)
        return rc;
    return cli_out_finish(
        &out,
        fmt == CLI_FMT_HTML ? dt_doc_write_html(d, cli_file_write, out.f, &err)
        : fmt == CLI_FMT_PDF
            ? dt_doc_write_pdf(d, cli_file_write, out.f, &err)
            : dt_doc_write(d, (dt_doc_format)fmt, cli_file_write, out.f, &err),
        &err);
}

void cli_opt_keys_options(struct option *opts, int base)
{
    size_t i, n = dt_forecast_n_keys();

    for (i = 0; i < n; i++) {
        const dt_opt_key *k = dt_forecast_key(i);

        opts[i].name = k->name;
        opts[i].has_arg =
            k->kind == DT_OPT_FLAG ? no_argument : required_argument;
        opts[i].flag = NULL;
        opts[i].val = base + (int)i;
    }
    memset(&opts[n], 0, sizeof opts[n]);
}

void cli_opt_keys_help(FILE *f, const char *group)
{
    size_t i, c, n = dt_forecast_n_keys();

    for (i = 0; i < n; i++) {
        const dt_opt_key *k = dt_forecast_key(i);
        char left[64];

        if (strcmp(k->group, group) != 0)
            continue;
        if (strcmp(group, "smp") == 0) {
            fprintf(f, "  --%-18s %s\n", k->name, k->help);
            continue;
        }
        if (k->kind == DT_OPT_FLAG)
            snprintf(left, sizeof left, "--%s", k->name);
        else if (k->kind == DT_OPT_CHOICE) {
            size_t len = (size_t)snprintf(left, sizeof left, "--%s ", k->name);

            for (c = 0; k->choices[c] && len < sizeof left; c++)
                len += (size_t)snprintf(left + len, sizeof left - len, "%s%s",
                                        c ? "|" : "", k->choices[c]);
        } else
            snprintf(left, sizeof left, "--%s %s", k->name,
                     k->kind == DT_OPT_UINT ? "N" : "X");
        if (strlen(left) > 20)
            fprintf(f, "  %s\n  %-20s %s\n", left, "", k->help);
        else
            fprintf(f, "  %-20s %s\n", left, k->help);
    }
}

int cli_opt_keys_apply(dt_forecast_opts *o, const char *group,
                       const char *const *vals)
{
    size_t i, n = dt_forecast_n_keys();
    dt_error err;

    for (i = 0; i < n; i++) {
        const dt_opt_key *k = dt_forecast_key(i);

        if (!vals[i] || strcmp(k->group, group) != 0)
            continue;
        if (dt_forecast_opts_set(o, k->name, vals[i], &err) != DT_OK) {
            cli_error("--%s", err.msg);
            return 0;
        }
    }
    return 1;
}

int cli_all_digits(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

int cli_bad_option(const char *cmd, char **argv, const struct option *longopts,
                   const char *shortopts)
{
    const char *a = argv[optind - 1];

    if (a[0] == '-' && a[1] == '-') {
        size_t n = strcspn(a + 2, "=");
        const struct option *o;

        for (o = longopts; o->name; o++)
            if (strlen(o->name) == n && strncmp(o->name, a + 2, n) == 0 &&
                o->has_arg == required_argument && !a[2 + n]) {
                cli_error("option '--%s' needs a value; see 'detente %s "
                          "--help'",
                          o->name, cmd);
                return CLI_USAGE;
            }
    } else if (a[0] == '-' && optopt > 0 && optopt < 256) {
        const char *p = strchr(shortopts, optopt);

        if (p && p[1] == ':') {
            cli_error("option '-%c' needs a value; see 'detente %s --help'",
                      optopt, cmd);
            return CLI_USAGE;
        }
        cli_error("unknown option '-%c'; see 'detente %s --help'", optopt, cmd);
        return CLI_USAGE;
    }
    cli_error("unknown option '%s'; see 'detente %s --help'", a, cmd);
    return CLI_USAGE;
}

int cli_check_args(int argc, char **argv)
{
    static const char *const once[] = {"--format", "-o", "--out"};
    const char *seen[3] = {NULL, NULL, NULL};
    int i;
    size_t k;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *eq;

        if (strcmp(a, "--") == 0)
            break;
        if (!*a) {
            if (i > 1 && argv[i - 1][0] == '-' && argv[i - 1][1])
                cli_error("option '%s' needs a value, got an empty string",
                          argv[i - 1]);
            else
                cli_error("argument %d is an empty string (expected a file "
                          "or an option)",
                          i);
            return CLI_USAGE;
        }
        eq = a[0] == '-' && a[1] == '-' ? strchr(a, '=') : NULL;
        if (eq && !eq[1]) {
            cli_error("option '%.*s' needs a value, got an empty string",
                      (int)(eq - a), a);
            return CLI_USAGE;
        }
        for (k = 0; k < sizeof once / sizeof once[0]; k++) {
            size_t n = strlen(once[k]);

            if (strncmp(a, once[k], n) != 0 || (a[n] && a[n] != '='))
                continue;
            if (k >= 1 && !a[n] && i + 1 < argc && argv[i + 1][0] == '-' &&
                argv[i + 1][1]) {
                cli_error("option '%s' needs a value (the output file), got "
                          "the option '%s'",
                          a, argv[i + 1]);
                return CLI_USAGE;
            }
            /* -o and --out are one option */
            if (seen[k == 2 ? 1 : k]) {
                cli_error("option '%s' given twice (once is allowed)",
                          k == 0 ? "--format" : "-o/--out");
                return CLI_USAGE;
            }
            seen[k == 2 ? 1 : k] = a;
            break;
        }
    }
    return CLI_OK;
}

int cli_model_list(const char *arg, char **buf, const char **models, size_t *n)
{
    char *p, *save = NULL;

    free(*buf);
    *n = 0;
    if (!(*buf = strdup(arg))) {
        cli_error("out of memory");
        return CLI_NOMEM;
    }
    for (p = strtok_r(*buf, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
        if (*n == DT_FORECAST_MAX_MODELS) {
            cli_error("too many models in --model (at most %d)",
                      DT_FORECAST_MAX_MODELS);
            return CLI_USAGE;
        }
        models[(*n)++] = p;
    }
    if (!*n) {
        cli_error("--model expects a list of models, got '%s'", arg);
        return CLI_USAGE;
    }
    return CLI_OK;
}

int cli_phase_all(const dt_scenario *sc, const char *id)
{
    return id && strcmp(id, "all") == 0 &&
           dt_scenario_phase_index(sc, "all") == (size_t)-1;
}

int cli_phase_heading(dt_doc *d, const dt_scenario *sc, size_t k)
{
    const dt_phase *ph = dt_scenario_phase(sc, k);

    dt_doc_heading(d, 1, NULL,
                   dt_doc_fmt(d, "Phase %zu of %zu: %s%s%s%s", k + 1,
                              dt_scenario_n_phases(sc),
                              ph->name ? ph->name : ph->id,
                              ph->date ? " (" : "", ph->date ? ph->date : "",
                              ph->date ? ")" : ""));
    if (k > 0)
        dt_doc_gap(d, 1, 0); /* a blank line after the previous phase */
    return CLI_OK;
}

int cli_at_phase_k(const dt_scenario *sc, size_t k, dt_scenario **out)
{
    dt_error err;

    if (dt_scenario_at_phase(sc, k, out, &err) != DT_OK) {
        char buf[600];

        dt_error_format(&err, buf, sizeof buf);
        fprintf(stderr, "%s\n", buf);
        cli_error("cannot apply phase '%s'", dt_scenario_phase(sc, k)->id);
        return cli_exit_for(err.code);
    }
    return CLI_OK;
}

int cli_at_phase(dt_scenario **sc, const char *id)
{
    size_t k = dt_scenario_phase_index(*sc, id), i;
    dt_scenario *at = NULL;
    dt_error err;

    if (k == (size_t)-1) {
        char list[512] = "";
        size_t len = 0;

        for (i = 0; i < dt_scenario_n_phases(*sc) && len < sizeof list; i++)
            len +=
                (size_t)snprintf(list + len, sizeof list - len, "%s%s",
                                 i ? ", " : "", dt_scenario_phase(*sc, i)->id);
        cli_error("unknown phase '%s' (expected one of: %s)", id,
                  dt_scenario_n_phases(*sc) ? list
                                            : "none; the scenario "
                                              "has no phases");
        return CLI_USAGE;
    }
    if (dt_scenario_at_phase(*sc, k, &at, &err) != DT_OK) {
        char buf[600];

        dt_error_format(&err, buf, sizeof buf);
        fprintf(stderr, "%s\n", buf);
        cli_error("cannot apply phase '%s'", id);
        return cli_exit_for(err.code);
    }
    dt_scenario_free(*sc);
    *sc = at;
    return CLI_OK;
}
