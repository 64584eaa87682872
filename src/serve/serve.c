/*
 * detente serve: the daemon (libmicrohttpd, a thread per connection),
 * the security checks every request passes (Host against DNS
 * rebinding, Origin, the token, the body cap), the routing table and the
 * static page. docs/serve.md is the contract.
 */
#define _GNU_SOURCE /* NI_NUMERICHOST, getaddrinfo under C17 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sv.h"

/* Headers of every answer, and the page's policy. */
#define SV_CSP                                                                 \
    "default-src 'self'; img-src 'self' data:; style-src 'self'; "             \
    "script-src 'self'; connect-src 'self'; frame-ancestors 'none'"

/* ----- Routing ----- */

struct route {
    const char *method; /* "GET", "POST" */
    const char *path;   /* exact, or a prefix ending in '/' */
    sv_handler run;     /* the handler */
};

static const struct route routes[] = {
    {"GET", "/api/scenarios", sv_api_scenarios},
    {"GET", "/api/scenario", sv_api_scenario},
    {"POST", "/api/validate", sv_api_validate},
    {"POST", "/api/forecast", sv_api_forecast},
    {"POST", "/api/analyze", sv_api_analyze},
    {"POST", "/api/workbench", sv_api_workbench},
    {"POST", "/api/chart", sv_api_chart},
    {"POST", "/api/compare", sv_api_compare},
    {"POST", "/api/sweep", sv_api_sweep_start},
    {"*", "/api/sweep/", sv_api_sweep},
    {"POST", "/api/sequence", sv_api_sequence},
    {"POST", "/api/reconcile", sv_api_reconcile},
    {"POST", "/api/report", sv_api_report},
    {"POST", "/api/save", sv_api_save},
    {"POST", "/api/new", sv_api_new},
    {"GET", "/api/version", sv_api_version},
};

/* The route of url, or NULL; *known says whether the path exists. */
static const struct route *find_route(const char *url, const char *method,
                                      int *known, const char **rest)
{
    size_t i;

    *known = 0;
    for (i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        const struct route *rt = &routes[i];
        size_t n = strlen(rt->path);
        int prefix = rt->path[n - 1] == '/';

        if (prefix ? strncmp(url, rt->path, n) != 0 || !url[n]
                   : strcmp(url, rt->path) != 0)
            continue;
        *known = 1;
        *rest = url + (prefix ? n : strlen(url));
        if (strcmp(rt->method, "*") == 0 || strcmp(rt->method, method) == 0)
            return rt;
    }
    return NULL;
}

/* ----- Per request ----- */

/* What is kept between the calls of one request. */
struct req {
    sv_buf body; /* the body so far */
    int too_big; /* over SV_MAX_BODY: refused once read */
    int refused; /* answered before the body */
};

static void add_common(struct MHD_Response *resp, const char *type)
{
    MHD_add_response_header(resp, "Content-Type",
                            type ? type : "application/json");
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
}

static enum MHD_Result send_reply(struct MHD_Connection *conn, sv_reply *r,
                                  const char *allow)
{
    struct MHD_Response *resp = r->stream;
    enum MHD_Result ret;

    if (!resp) {
        resp = MHD_create_response_from_buffer(
            r->body.len, r->body.p ? r->body.p : (void *)"",
            r->body.p ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
        if (!resp) {
            sv_buf_release(&r->body);
            return MHD_NO;
        }
        memset(&r->body, 0, sizeof r->body); /* now the response's */
    }
    add_common(resp, r->type);
    if (r->stream)
        MHD_add_response_header(resp, "X-Accel-Buffering", "no");
    if (allow)
        MHD_add_response_header(resp, "Allow", allow);
    ret = MHD_queue_response(conn, r->status ? r->status : 500, resp);
    MHD_destroy_response(resp);
    return ret;
}

static enum MHD_Result send_error(struct MHD_Connection *conn, unsigned status,
                                  const char *code, const char *msg)
{
    sv_reply r = {0};

    sv_reply_error(&r, status, code, "%s", msg);
    return send_reply(conn, &r, NULL);
}

/* Constant-time comparison of a presented token with ours. */
static int token_ok(const sv_server *s, const char *t)
{
    unsigned char diff = 0;
    size_t i;

    if (!t || strlen(t) != SV_TOKEN_LEN)
        return 0;
    for (i = 0; i < SV_TOKEN_LEN; i++)
        diff |= (unsigned char)(t[i] ^ s->token[i]);
    return diff == 0;
}

/* Host header one of ours; Origin absent or http:// + Host. */
static const char *check_origin(const sv_server *s, struct MHD_Connection *conn)
{
    const char *host =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Host");
    const char *origin =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Origin");
    size_t i;

    if (!host)
        return "no Host header";
    for (i = 0; i < s->n_hosts; i++)
        if (strcmp(host, s->hosts[i]) == 0)
            break;
    if (i == s->n_hosts)
        return "unexpected Host header (open the URL the server printed)";
    if (origin &&
        (strncmp(origin, "http://", 7) != 0 || strcmp(origin + 7, host) != 0))
        return "cross-origin request refused";
    return NULL;
}

static enum MHD_Result serve_static(struct MHD_Connection *conn,
                                    const char *url)
{
    struct MHD_Response *resp;
    enum MHD_Result ret;
    size_t i;

    if (strcmp(url, "/") == 0)
        url = "/index.html";
    for (i = 0; i < sv_www_n; i++)
        if (strcmp(url, sv_www[i].path) == 0)
            break;
    if (i == sv_www_n)
        return send_error(conn, 404, "not_found", "no such page");
    resp = MHD_create_response_from_buffer(
        sv_www[i].len, (void *)sv_www[i].bytes, MHD_RESPMEM_PERSISTENT);
    if (!resp)
        return MHD_NO;
    add_common(resp, sv_www[i].type);
    MHD_add_response_header(resp, "Content-Security-Policy", SV_CSP);
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    ret = MHD_queue_response(conn, 200, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* Route an authenticated /api/ request with its whole body. */
static enum MHD_Result dispatch(sv_server *s, struct MHD_Connection *conn,
                                const char *url, const char *method,
                                struct req *rq)
{
    const struct route *rt;
    const char *rest = "";
    sv_call call;
    sv_reply r = {0};
    json_error_t jerr;
    int known;

    rt = find_route(url, method, &known, &rest);
    if (!rt) {
        if (!known)
            return send_error(conn, 404, "not_found", "no such endpoint");
        sv_reply_error(&r, 405, "method_not_allowed", "%s is not allowed on %s",
                       method, url);
        return send_reply(conn, &r,
                          strcmp(url, "/api/scenarios") == 0 ||
                                  strcmp(url, "/api/scenario") == 0
                              ? "GET"
                              : "POST");
    }
    memset(&call, 0, sizeof call);
    call.srv = s;
    call.conn = conn;
    call.method = method;
    call.rest = rest;
    if (strcmp(method, "POST") == 0) {
        call.body = rq->body.len ? json_loadb(rq->body.p, rq->body.len,
                                              JSON_REJECT_DUPLICATES, &jerr)
                                 : json_object();
        if (!call.body) {
            sv_reply_error(&r, 400, "bad_request",
                           "malformed JSON: %s (line %d, column %d)", jerr.text,
                           jerr.line, jerr.column);
            return send_reply(conn, &r, NULL);
        }
        if (!json_is_object(call.body)) {
            json_decref(call.body);
            return send_error(conn, 400, "bad_request",
                              "the body must be a JSON object");
        }
    }
    rt->run(&call, &r);
    /*
     * GLPK (the analysis) keeps state per thread, lost when a connection
     * thread ends: freed after every request (it is rebuilt on use).
     */
    dt_analysis_thread_end();
    json_decref(call.body);
    if (!r.status && !r.stream)
        sv_reply_error(&r, 500, "internal", "no answer");
    return send_reply(conn, &r, NULL);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  const char *version, const char *data,
                                  size_t *data_size, void **con_cls)
{
    sv_server *s = cls;
    struct req *rq = *con_cls;
    const char *bad, *token;
    int api = strncmp(url, "/api/", 5) == 0 || strcmp(url, "/api") == 0;

    (void)version;
    if (!rq) {
        const char *len;

        rq = calloc(1, sizeof *rq);
        if (!rq)
            return MHD_NO;
        *con_cls = rq;
        /* Checks that need no body come first, before reading it. */
        bad = check_origin(s, conn);
        if (bad) {
            rq->refused = 1;
            return send_error(conn, 403, "forbidden", bad);
        }
        if (api) {
            token = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                "X-Detente-Token");
            if (!token && strcmp(method, "GET") == 0)
                token = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND,
                                                    "token");
            if (!token_ok(s, token)) {
                rq->refused = 1;
                return send_error(conn, 401, "unauthorized",
                                  token ? "wrong token"
                                        : "missing token (header "
                                          "X-Detente-Token)");
            }
        }
        len = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                          "Content-Length");
        if (len && strtoull(len, NULL, 10) > SV_MAX_BODY) {
            rq->refused = 1;
            return send_error(conn, 413, "too_large",
                              "request body larger than 4 MiB");
        }
        return MHD_YES;
    }
    if (rq->refused) {
        *data_size = 0; /* discard the rest */
        return MHD_YES;
    }
    if (*data_size) {
        if (rq->body.len + *data_size > SV_MAX_BODY)
            rq->too_big = 1;
        else
            sv_buf_put(&rq->body, data, *data_size);
        *data_size = 0;
        return MHD_YES;
    }
    if (rq->too_big)
        return send_error(conn, 413, "too_large",
                          "request body larger than 4 MiB");
    if (rq->body.nomem)
        return send_error(conn, 500, "internal", "out of memory");
    if (!api) {
        if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
            return send_error(conn, 405, "method_not_allowed",
                              "the page is read with GET");
        return serve_static(conn, url);
    }
    return dispatch(s, conn, url, method, rq);
}

static void on_done(void *cls, struct MHD_Connection *conn, void **con_cls,
                    enum MHD_RequestTerminationCode toe)
{
    struct req *rq = *con_cls;

    (void)cls;
    (void)conn;
    (void)toe;
    if (rq) {
        sv_buf_release(&rq->body);
        free(rq);
        *con_cls = NULL;
    }
}

/* ----- Start and stop ----- */

static int add_host(sv_server *s, const char *h)
{
    char buf[300];
    size_t i;

    for (i = 0; i < s->n_hosts; i++)
        if (strncmp(s->hosts[i], h, strlen(h)) == 0 &&
            s->hosts[i][strlen(h)] == ':')
            return 1;
    if (s->n_hosts == SV_MAX_HOSTS)
        return 1;
    snprintf(buf, sizeof buf, "%s:%u", h, s->port);
    s->hosts[s->n_hosts] = strdup(buf);
    return s->hosts[s->n_hosts++] != NULL;
}

const char *sv_dir(const sv_server *s)
{
    return s->dir;
}

int sv_loopback(const sv_server *s)
{
    return s->loopback;
}

void sv_stop(sv_server *s)
{
    size_t i;

    if (!s)
        return;
    atomic_store(&s->stopping, 1);
    if (s->daemon)
        MHD_stop_daemon(s->daemon);
    sv_jobs_free(s->jobs);
    for (i = 0; i < s->n_hosts; i++)
        free(s->hosts[i]);
    free(s->dir);
    free(s);
}

int sv_start(const sv_config *cfg, sv_server **out, char *url, size_t url_n,
             char *msg, size_t msg_n)
{
    struct addrinfo hints, *ai = NULL;
    const union MHD_DaemonInfo *info;
    sv_server *s;
    char addr[INET6_ADDRSTRLEN + 2];
    int loopback, v6, rc = SV_EINTERNAL;
    long nc = sysconf(_SC_NPROCESSORS_ONLN);

    *out = NULL;
    s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(msg, msg_n, "out of memory");
        return SV_EINTERNAL;
    }
    s->dir = realpath(cfg->dir, NULL);
    if (!s->dir) {
        snprintf(msg, msg_n, "cannot serve '%s': %s", cfg->dir,
                 strerror(errno));
        rc = SV_EDIR;
        goto fail;
    }
    s->dir_len = strlen(s->dir);
    s->max_sweeps = cfg->max_sweeps;
    s->ncpu = nc < 1 ? 1u : nc > 64 ? 64u : (unsigned)nc;
    if (!sv_random_hex(s->token, sizeof s->token)) {
        snprintf(msg, msg_n, "no random source for the token");
        goto fail;
    }
    s->jobs = sv_jobs_new();
    if (!s->jobs) {
        snprintf(msg, msg_n, "out of memory");
        goto fail;
    }
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET; /* IPv4 first: "localhost" is 127.0.0.1 */
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    if (getaddrinfo(cfg->host, NULL, &hints, &ai) != 0) {
        ai = NULL;
        hints.ai_family = AF_UNSPEC;
        if (getaddrinfo(cfg->host, NULL, &hints, &ai) != 0)
            ai = NULL;
    }
    if (!ai) {
        snprintf(msg, msg_n, "cannot resolve host '%s'", cfg->host);
        rc = SV_EBIND;
        goto fail;
    }
    v6 = ai->ai_family == AF_INET6;
    if (v6)
        ((struct sockaddr_in6 *)(void *)ai->ai_addr)->sin6_port =
            htons((uint16_t)cfg->port);
    else
        ((struct sockaddr_in *)(void *)ai->ai_addr)->sin_port =
            htons((uint16_t)cfg->port);
    getnameinfo(ai->ai_addr, ai->ai_addrlen, addr + 1, sizeof addr - 2, NULL, 0,
                NI_NUMERICHOST);
    loopback =
        v6 ? IN6_IS_ADDR_LOOPBACK(
                 &((struct sockaddr_in6 *)(void *)ai->ai_addr)->sin6_addr)
           : (ntohl(((struct sockaddr_in *)(void *)ai->ai_addr)
                        ->sin_addr.s_addr) >>
              24) == 127;
    s->loopback = loopback;
    json_object_seed(0); /* before any thread makes an object */
    s->daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
            (v6 ? MHD_USE_IPv6 : 0),
        (uint16_t)cfg->port, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR,
        ai->ai_addr, MHD_OPTION_NOTIFY_COMPLETED, on_done, NULL,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)256,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)120,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(256 * 1024),
        MHD_OPTION_END);
    if (!s->daemon) {
        snprintf(msg, msg_n, "cannot listen on %s port %u: %s", cfg->host,
                 cfg->port, strerror(errno));
        rc = SV_EBIND;
        goto fail;
    }
    info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : cfg->port;
    if (v6) {
        addr[0] = '[';
        strcat(addr, "]");
    }
    if (!add_host(s, "127.0.0.1") || !add_host(s, "localhost") ||
        !add_host(s, "[::1]") || !add_host(s, v6 ? addr : addr + 1) ||
        (!loopback && !add_host(s, cfg->host))) {
        snprintf(msg, msg_n, "out of memory");
        goto fail;
    }
    snprintf(url, url_n, "http://%s:%u/?token=%s", v6 ? addr : addr + 1,
             s->port, s->token);
    freeaddrinfo(ai);
    *out = s;
    return SV_OK;
fail:
    if (ai)
        freeaddrinfo(ai);
    sv_stop(s);
    return rc;
}
