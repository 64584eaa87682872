/*
 * Fuzz harness: the request handling of detente serve (src/serve,
 * linked in). First byte odd: the rest is a raw HTTP request sent to a
 * real server (started once on 127.0.0.1, any free port, serving
 * DT_FUZZ_DIR), with every "@TOKEN@" in it replaced by the server's
 * token and "@HOST@" by its address, so the fuzzer gets past the host
 * and token checks: libmicrohttpd's parsing,
 * the origin, token and size checks, routing and the JSON body. Even: the
 * rest is a JSON body given directly to one POST handler (chosen by the
 * first byte / 2: validate, forecast, analyze, workbench, compare, new),
 * as the router would after its checks: the scenario of a request
 * ("path", "yaml", "scenario"), its fields and the handlers' replies.
 * Handlers that write files or start long jobs (save, report, sweep,
 * sequence) are left to the API test.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fuzz.h"
#include "sv.h"

#ifndef DT_FUZZ_DIR
#error "DT_FUZZ_DIR: the directory served"
#endif

static sv_server *srv;   /* the real server (raw HTTP mode) */
static sv_server direct; /* the state handlers see (direct mode) */
static unsigned port;
static char token[SV_TOKEN_LEN + 1];

static void start(void)
{
    sv_config cfg = {DT_FUZZ_DIR, "127.0.0.1", 0, 1};
    char url[256], msg[256];
    const char *t, *p;

    FUZZ_CHECK(sv_start(&cfg, &srv, url, sizeof url, msg, sizeof msg) == SV_OK,
               msg);
    p = strrchr(url, ':');
    port = (unsigned)strtoul(p + 1, NULL, 10);
    t = strstr(url, "token=");
    FUZZ_CHECK(t != NULL, url);
    snprintf(token, sizeof token, "%s", t + 6);
    direct.dir = realpath(DT_FUZZ_DIR, NULL);
    FUZZ_CHECK(direct.dir != NULL, DT_FUZZ_DIR);
    direct.dir_len = strlen(direct.dir);
    direct.max_sweeps = 1;
    direct.ncpu = 1;
    memcpy(direct.token, token, sizeof token);
    direct.jobs = sv_jobs_new();
    FUZZ_CHECK(direct.jobs != NULL, "sv_jobs_new");
}

static void raw_http(const uint8_t *data, size_t size)
{
    struct sockaddr_in a;
    struct pollfd pfd;
    char buf[4096], host[32];
    size_t i = 0, n = 0, hl;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    char *req = malloc(size * (SV_TOKEN_LEN / 6 + 1) + 1);

    FUZZ_CHECK(fd >= 0 && req, "socket");
    hl = (size_t)snprintf(host, sizeof host, "127.0.0.1:%u", port);
    while (i < size) { /* @TOKEN@ and @HOST@ filled in */
        if (size - i >= 7 && memcmp(data + i, "@TOKEN@", 7) == 0) {
            memcpy(req + n, token, SV_TOKEN_LEN);
            n += SV_TOKEN_LEN;
            i += 7;
        } else if (size - i >= 6 && memcmp(data + i, "@HOST@", 6) == 0) {
            memcpy(req + n, host, hl);
            n += hl;
            i += 6;
        } else {
            req[n++] = (char)data[i++];
        }
    }
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    FUZZ_CHECK(connect(fd, (struct sockaddr *)&a, sizeof a) == 0, "connect");
    for (i = 0; i < n;) {
        ssize_t w = send(fd, req + i, n - i, MSG_NOSIGNAL);

        if (w <= 0)
            break; /* the server may close early (a bad request) */
        i += (size_t)w;
    }
    shutdown(fd, SHUT_WR);
    pfd.fd = fd;
    pfd.events = POLLIN;
    /*
     * Read the answer; the server must answer or close within 60 s (10 s
     * tripped twice on a machine at load average 20, never on replay).
     */
    for (;;) {
        int rc = poll(&pfd, 1, 60000);

        FUZZ_CHECK(rc > 0, "the server neither answered nor closed in 60 s");
        if (recv(fd, buf, sizeof buf, 0) <= 0)
            break;
    }
    close(fd);
    free(req);
}

static void handler(unsigned which, const uint8_t *data, size_t size)
{
    static const sv_handler handlers[] = {
        sv_api_validate, sv_api_forecast, sv_api_analyze,   sv_api_workbench,
        sv_api_compare,  sv_api_new,      sv_api_reconcile,
    };
    sv_call call;
    sv_reply r = {0};
    json_error_t jerr;

    memset(&call, 0, sizeof call);
    call.srv = &direct;
    call.method = "POST";
    call.rest = "";
    call.body =
        json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);
    if (!call.body || !json_is_object(call.body)) {
        json_decref(call.body);
        return;
    }
    handlers[which % (sizeof handlers / sizeof handlers[0])](&call, &r);
    dt_analysis_thread_end();
    json_decref(call.body);
    FUZZ_CHECK(r.status >= 200 && r.status < 600 && r.status != 500,
               r.body.p ? r.body.p : "no answer");
    if (r.stream)
        MHD_destroy_response(r.stream);
    sv_buf_release(&r.body);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!srv)
        start();
    if (size == 0)
        return 0;
    if (data[0] & 1)
        raw_http(data + 1, size - 1);
    else
        handler(data[0] >> 1, data + 1, size - 1);
    return 0;
}
