/*
 * detente serve, internal: the server's state, the request as handlers
 * see it, replies, buffers, paths confined to the directory served, the
 * scenario of a request, and the handlers. Files call each other one
 * way: serve.c (daemon, security, routing) -> api.c, files.c, charts.c
 * -> jobs.c -> spec.c -> paths.c -> reply.c.
 */
#ifndef DT_SV_H
#define DT_SV_H

#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>
#include <microhttpd.h>

#include <detente/chart.h>
#include <detente/detente.h>
#include <detente/report.h>

#include "serve.h"

#define SV_MAX_BODY   (4u << 20)          /* request bodies, bytes */
#define SV_MAX_FILE   (16u << 20)         /* scenario files read, bytes */
#define SV_MAX_DRAWS  100000u             /* draws of one sweep */
#define SV_MAX_PATH   1024u               /* bytes of a request path */
#define SV_MAX_ERRORS 100u                /* scenario errors reported */
#define SV_MAX_SEED   9007199254740991ull /* 2^53 - 1 */
#define SV_TOKEN_LEN  32u                 /* hex characters */
#define SV_MAX_HOSTS  8u                  /* accepted Host header values */

typedef struct sv_jobs sv_jobs;

struct sv_server {
    char *dir;                    /* real path of DIR */
    size_t dir_len;               /* strlen(dir) */
    char token[SV_TOKEN_LEN + 1]; /* the secret of this run */
    char *hosts[SV_MAX_HOSTS];    /* accepted Host values */
    size_t n_hosts;               /* entries in hosts */
    unsigned port;                /* bound port */
    int loopback;                 /* bound to a loopback address */
    unsigned max_sweeps;          /* sweeps running at once */
    unsigned ncpu;                /* online processors, 1-64 */
    struct MHD_Daemon *daemon;    /* libmicrohttpd */
    sv_jobs *jobs;                /* the sweeps */
    atomic_int stopping;          /* set at shutdown */
};

/* ----- Buffers (reply.c) ----- */

/* A growing byte buffer, always NUL-terminated when p is not NULL. */
typedef struct sv_buf {
    char *p;    /* bytes (malloc) */
    size_t len; /* used */
    size_t cap; /* allocated */
    int nomem;  /* an append failed */
} sv_buf;

void sv_buf_put(sv_buf *b, const void *p, size_t n);
void sv_buf_puts(sv_buf *b, const char *s);
void sv_buf_printf(sv_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void sv_buf_release(sv_buf *b);
/* dt_write_fn and dt_chart_write_fn onto an sv_buf. */
dt_status sv_buf_write(void *ud, const void *p, size_t n);
int sv_buf_chart_write(void *ctx, const unsigned char *data, size_t len);

/* ----- Replies (reply.c) ----- */

/* What a handler answers: a body with a type, or a stream. */
typedef struct sv_reply {
    unsigned status;             /* HTTP status; 0 = not set */
    const char *type;            /* Content-Type */
    sv_buf body;                 /* the body */
    struct MHD_Response *stream; /* a streamed response instead */
} sv_reply;

/* JSON bodies: j is stolen (decref'd). */
void sv_reply_json(sv_reply *r, unsigned status, json_t *j);
/*
 * An error: {"error": {"code", "message", "errors": errors (stolen; NULL
 * = []), "yaml": yaml (when not NULL)}}.
 */
void sv_reply_error(sv_reply *r, unsigned status, const char *code,
                    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void sv_reply_errors(sv_reply *r, unsigned status, const char *code,
                     const char *msg, json_t *errors, const char *yaml);
/* A library failure: status and code from st (EINVAL 400, ESCENARIO and
 * ERANGE 422, else 500), message "what: err". */
void sv_reply_dt(sv_reply *r, dt_status st, const dt_error *err,
                 const char *what);
/* A library result document written into the body (200). */
void sv_reply_doc(sv_reply *r, const sv_buf *doc);
/* One scenario problem as {"file", "line", "col", "message"}. */
json_t *sv_error_json(const dt_error *e);

/* ----- Request fields (reply.c) ----- */

/*
 * Optional fields of a JSON object, checked: 1 when absent (out kept) or
 * valid (out set), else 0 with a 400 reply naming the field.
 */
int sv_field_bool(json_t *o, const char *key, int *out, sv_reply *r);
int sv_field_uint(json_t *o, const char *key, uint64_t max, uint64_t *out,
                  sv_reply *r);
int sv_field_string(json_t *o, const char *key, const char **out, sv_reply *r);
/* A list of strings: *out is NULL (absent) or a json array of strings. */
int sv_field_strings(json_t *o, const char *key, json_t **out, sv_reply *r);

/* ----- Paths under DIR (paths.c) ----- */

/*
 * Check a request path: relative, at most SV_MAX_PATH bytes, no NUL, no
 * empty, ".", ".." or hidden (".x") component, no backslash. Returns 1,
 * or 0 with a 400 reply.
 */
int sv_path_ok(const char *p, size_t len, sv_reply *r);
/*
 * Read the regular file at rel (checked) under DIR: its real path must
 * be inside DIR (404 when missing, 403 when a symlink leads out, 400
 * when not a regular file). *buf is malloc'd, NUL-terminated.
 */
int sv_path_read(const sv_server *s, const char *rel, char **buf, size_t *len,
                 sv_reply *r);
/*
 * Open the directory holding rel (checked) under DIR, walking each
 * component with O_NOFOLLOW (a symlinked directory is refused, 403);
 * with create, missing directories are made. Returns the fd and sets
 * *base to rel's last component, or -1 with a reply.
 */
int sv_path_parent(const sv_server *s, const char *rel, int create,
                   const char **base, sv_reply *r);
/*
 * Write n bytes as dirfd/base atomically: a temporary file in the same
 * directory (O_EXCL, O_NOFOLLOW), fsync, rename over base, fsync the
 * directory. An existing base must be a regular file (409 for symlinks,
 * FIFOs, devices, directories) and is replaced only with overwrite (else
 * 409). Returns 1, or 0 with a reply.
 */
int sv_path_write(int dirfd, const char *base, const void *p, size_t n,
                  int overwrite, sv_reply *r);
/* Random lowercase hex into buf[0..n) (NUL-terminated; n - 1 digits). */
int sv_random_hex(char *buf, size_t n);

/* ----- The scenario of a request (spec.c) ----- */

/* A scenario source: the bytes and the name they are read under. */
typedef struct sv_source {
    char *text;             /* the bytes (malloc), NUL-terminated */
    size_t len;             /* bytes in text */
    char *name;             /* path under DIR, or the request's name */
    dt_scenario_format fmt; /* how to read it */
    int from_file;          /* "path" */
} sv_source;

/*
 * The source of spec (an object with exactly one of "path", "yaml",
 * "scenario"). Returns 1, or 0 with a reply (400, 403, 404).
 */
int sv_spec_source(const sv_server *s, json_t *spec, sv_source *src,
                   sv_reply *r);
void sv_source_release(sv_source *src);
/*
 * Parse src. On DT_ESCENARIO *errors (when not NULL) receives the list
 * of problems (new reference).
 */
dt_status sv_source_parse(const sv_source *src, dt_scenario **out,
                          json_t **errors, dt_error *err);
/*
 * The scenario of spec, parsed, with spec's "apply" levers applied.
 * Returns it, or NULL with a reply (422 with the errors for an invalid
 * scenario; 400 for an unknown lever). *name (optional) receives the
 * name it was read under (owned by the caller, malloc'd).
 */
dt_scenario *sv_spec_load(const sv_server *s, json_t *spec, char **name,
                          sv_reply *r);

/* ----- The request as handlers see it ----- */

typedef struct sv_call {
    sv_server *srv;              /* the server */
    struct MHD_Connection *conn; /* for query arguments */
    const char *method;          /* "GET", "POST", "DELETE" */
    const char *rest;            /* the URL after the route's prefix */
    json_t *body;                /* POST: the object; else NULL */
} sv_call;

typedef void (*sv_handler)(const sv_call *c, sv_reply *r);

/* ----- Sweeps (jobs.c) ----- */

sv_jobs *sv_jobs_new(void);
/* Cancel every running sweep, join its thread, free everything. */
void sv_jobs_free(sv_jobs *j);
/*
 * A finished sweep for a chart: the sweep (done) and a reference that
 * sv_jobs_release gives back. NULL with a reply (404; 409 not done).
 */
typedef struct sv_job sv_job;
sv_job *sv_jobs_get_done(sv_jobs *j, const char *id, const dt_sweep **sweep,
                         sv_reply *r);
void sv_jobs_release(sv_jobs *j, sv_job *job);
void sv_api_sweep_start(const sv_call *c, sv_reply *r);
/* GET, DELETE /api/sweep/ID; GET .../events; POST .../cancel. */
void sv_api_sweep(const sv_call *c, sv_reply *r);

/* ----- Handlers (api.c, files.c, charts.c) ----- */

void sv_api_scenarios(const sv_call *c, sv_reply *r);
void sv_api_version(const sv_call *c, sv_reply *r);
void sv_api_scenario(const sv_call *c, sv_reply *r);
void sv_api_validate(const sv_call *c, sv_reply *r);
void sv_api_forecast(const sv_call *c, sv_reply *r);
void sv_api_analyze(const sv_call *c, sv_reply *r);
void sv_api_workbench(const sv_call *c, sv_reply *r);
void sv_api_compare(const sv_call *c, sv_reply *r);
void sv_api_sequence(const sv_call *c, sv_reply *r);
void sv_api_reconcile(const sv_call *c, sv_reply *r);
/* judgement.c: the request's "estimates" files read for sc. */
int sv_estimates_load(const sv_server *srv, json_t *body, const dt_scenario *sc,
                      int required, dt_estimates **out, sv_reply *r);
void sv_api_new(const sv_call *c, sv_reply *r);
void sv_api_save(const sv_call *c, sv_reply *r);
void sv_api_report(const sv_call *c, sv_reply *r);
void sv_api_chart(const sv_call *c, sv_reply *r);

/* ----- The page (www.c, generated at build time from www/) ----- */

typedef struct sv_file {
    const char *path;           /* "/index.html" */
    const char *type;           /* Content-Type */
    const unsigned char *bytes; /* contents */
    size_t len;                 /* bytes */
} sv_file;

extern const sv_file sv_www[];
extern const size_t sv_www_n;

#endif
