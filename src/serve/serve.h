/*
 * detente serve: the local workbench server (libmicrohttpd), as the
 * command sees it: start it on a directory, stop it. Everything else is
 * internal to src/serve/ (sv.h). See docs/serve.md.
 */
#ifndef DT_SERVE_H
#define DT_SERVE_H

typedef struct sv_server sv_server;

/* What the command line sets. */
typedef struct sv_config {
    const char *dir;     /* directory served (must exist) */
    const char *host;    /* address to bind, e.g. "127.0.0.1" */
    unsigned port;       /* 0 = any free port */
    unsigned max_sweeps; /* sweeps running at once, >= 1 */
} sv_config;

/* Outcomes of sv_start besides success. */
enum sv_start_rc {
    SV_OK = 0,
    SV_EDIR = 1,     /* DIR missing or not a directory */
    SV_EBIND = 2,    /* cannot listen on host:port */
    SV_EINTERNAL = 3 /* out of memory, no random source */
};

/*
 * Start serving (background threads). On success *out is the running
 * server and url holds "http://HOST:PORT/?token=TOKEN". msg receives a
 * message on failure.
 */
int sv_start(const sv_config *cfg, sv_server **out, char *url, size_t url_n,
             char *msg, size_t msg_n);
/* The directory served (its real path). */
const char *sv_dir(const sv_server *s);
/* Whether it listens on a loopback address only. */
int sv_loopback(const sv_server *s);
/* Stop: cancel the sweeps, join every thread, free everything. */
void sv_stop(sv_server *s);

#endif
