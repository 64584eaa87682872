/*
 * detente serve [DIR]: the local workbench, a web page and a JSON API
 * over the scenarios in DIR (src/serve/, docs/serve.md). This file is
 * the command: arguments, signals, the one line printed, exit codes.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "serve.h"

static void serve_usage(FILE *f)
{
    fputs("usage: detente serve [DIR] [--port N] [--host ADDR] [--open]\n"
          "                     [--max-sweeps K]\n\n"
          "Serves the workbench, a page in your browser to edit, forecast "
          "and\nanalyse the scenarios in DIR (default: the current "
          "directory), on\nhttp://127.0.0.1:PORT/. It prints the address "
          "with a secret token;\nonly requests carrying that token are "
          "answered. It reads and writes\nonly inside DIR. See "
          "docs/serve.md.\n\n"
          "options:\n"
          "  --port N          port (default 8765; 0 = any free port)\n"
          "  --host ADDR       address to listen on (default 127.0.0.1; "
          "another\n"
          "                    address lets anyone who has the token in)\n"
          "  --open            open the page with xdg-open\n"
          "  --max-sweeps K    sweeps running at once (default 2)\n"
          "\nCtrl-C stops (a second Ctrl-C at once).\n"
          "\nexit codes: 0 stopped by Ctrl-C or SIGTERM, 2 usage, 4 DIR "
          "is not a\ndirectory or the port cannot be used, 70 internal, "
          "130 second Ctrl-C.\n",
          f);
}

enum { OPT_PORT = 256, OPT_HOST, OPT_OPEN, OPT_MAX_SWEEPS };

static int parse_args(int argc, char **argv, sv_config *cfg, int *open_it)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {"port", required_argument, NULL, OPT_PORT},
        {"host", required_argument, NULL, OPT_HOST},
        {"open", no_argument, NULL, OPT_OPEN},
        {"max-sweeps", required_argument, NULL, OPT_MAX_SWEEPS},
        {NULL, 0, NULL, 0},
    };
    unsigned u;

    optind = 1;
    opterr = 0;
    for (;;) {
        int c = getopt_long(argc, argv, "h", longopts, NULL);

        if (c == -1)
            break;
        switch (c) {
        case 'h':
            serve_usage(stdout);
            return -1;
        case OPT_PORT:
            if (!cli_parse_uint("--port", optarg, &u))
                return CLI_USAGE;
            if (u > 65535) {
                cli_error("--port must be 0 to 65535, got %u", u);
                return CLI_USAGE;
            }
            cfg->port = u;
            break;
        case OPT_HOST:
            if (!optarg[0]) {
                cli_error("--host expects an address");
                return CLI_USAGE;
            }
            cfg->host = optarg;
            break;
        case OPT_OPEN:
            *open_it = 1;
            break;
        case OPT_MAX_SWEEPS:
            if (!cli_parse_uint("--max-sweeps", optarg, &u))
                return CLI_USAGE;
            if (u < 1 || u > 64) {
                cli_error("--max-sweeps must be 1 to 64, got %u", u);
                return CLI_USAGE;
            }
            cfg->max_sweeps = u;
            break;
        default:
            return cli_bad_option("serve", argv, longopts, "h");
        }
    }
    if (argc - optind > 1) {
        cli_error("serve takes at most one DIR; see 'detente serve --help'");
        return CLI_USAGE;
    }
    if (argc - optind == 1)
        cfg->dir = argv[optind];
    return CLI_OK;
}

/* Whether an executable called name is on PATH. */
static int on_path(const char *name)
{
    const char *path = getenv("PATH");
    char buf[4096];

    while (path && *path) {
        const char *colon = strchr(path, ':');
        size_t n = colon ? (size_t)(colon - path) : strlen(path);

        snprintf(buf, sizeof buf, "%.*s/%s", (int)n, path, name);
        if (n && access(buf, X_OK) == 0)
            return 1;
        path += n + (colon ? 1 : 0);
    }
    return 0;
}

/* xdg-open URL, detached (double fork, no shell). */
static void open_browser(const char *url)
{
    pid_t pid;

    if (!on_path("xdg-open")) {
        cli_error("--open: xdg-open not found; open the URL by hand");
        return;
    }
    pid = fork();
    if (pid == 0) {
        if (fork() == 0) {
            char *args[3];

            args[0] = (char *)"xdg-open";
            args[1] = (char *)url;
            args[2] = NULL;
            execvp("xdg-open", args);
            _exit(127);
        }
        _exit(0);
    }
    if (pid > 0)
        waitpid(pid, NULL, 0);
}

static void on_second_signal(int sig)
{
    (void)sig;
    _exit(130);
}

int cmd_serve(int argc, char **argv)
{
    sv_config cfg = {".", "127.0.0.1", 8765, 2};
    sv_server *s = NULL;
    char url[512], msg[512];
    struct sigaction sa;
    sigset_t set;
    int open_it = 0, rc, sig = 0;
    struct stat st;

    rc = parse_args(argc, argv, &cfg, &open_it);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    if (stat(cfg.dir, &st) != 0) {
        cli_error("cannot serve '%s': %s", cfg.dir, strerror(errno));
        return CLI_IO;
    }
    if (!S_ISDIR(st.st_mode)) {
        cli_error("cannot serve '%s': not a directory", cfg.dir);
        return CLI_IO;
    }
    /*
     * SIGINT and SIGTERM are blocked in every thread (the server's
     * threads inherit the mask) and taken here with sigwait.
     */
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    rc = sv_start(&cfg, &s, url, sizeof url, msg, sizeof msg);
    if (rc != SV_OK) {
        cli_error("%s", msg);
        return rc == SV_EINTERNAL ? CLI_INTERNAL : CLI_IO;
    }
    if (!sv_loopback(s))
        fprintf(stderr,
                "detente: warning: listening on %s, not on a loopback "
                "address: anyone who can reach it and has the token can "
                "read and write the scenarios in %s\n",
                cfg.host, sv_dir(s));
    printf("detente: serving %s at %s (Ctrl-C stops)\n", cfg.dir, url);
    fflush(stdout);
    if (open_it)
        open_browser(url);
    sigwait(&set, &sig);
    /* A second signal during shutdown exits at once. */
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_second_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    fprintf(stderr, "detente: stopping (%s)\n",
            sig == SIGINT ? "Ctrl-C" : "SIGTERM");
    sv_stop(s);
    return CLI_OK;
}
