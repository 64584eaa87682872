/*
 * detente serve: Monte Carlo sweeps in the background. Each sweep runs
 * on a thread of its own, in slices of draws (dt_sweep_run), with a
 * progress counter and a cancel flag read between slices; at the end it
 * is reduced and its JSON document kept (dt_sweep_write_json). At most
 * --max-sweeps run at once (429 beyond); finished sweeps are kept for
 * their results and charts, the oldest dropped past SV_KEEP_JOBS. The
 * table is shared by the connection threads under one mutex; a job in
 * use by a request holds a reference.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sv.h"

#define SV_KEEP_JOBS 8  /* sweeps kept, finished ones dropped first */
#define SV_SLICE     50 /* draws per slice and worker thread */

enum job_state { JOB_RUNNING, JOB_DONE, JOB_CANCELLED, JOB_ERROR };
static const char *const state_names[] = {"running", "done", "cancelled",
                                          "error"};

struct sv_job {
    char id[24];                   /* "s1" */
    dt_scenario *sc;               /* the scenario swept (owned) */
    dt_sweep *sweep;               /* the sweep (owned) */
    dt_estimates *est;             /* analysts' estimates, or NULL (owned;
                                      read by the sweep while it runs) */
    char *name;                    /* the file as named in the request */
    const dt_model_type *types[8]; /* its models (borrowed by the sweep) */
    size_t draws;                  /* planned */
    uint64_t seed;                 /* its seed */
    atomic_size_t done;            /* draws done */
    atomic_int cancel;             /* asked to stop */
    atomic_int state;              /* enum job_state */
    sv_buf result;                 /* the JSON document when done */
    char error[600];               /* what went wrong (JOB_ERROR) */
    pthread_t thread;              /* its worker */
    int refs;                      /* the table's and requests' (under mu) */
    sv_job *next;                  /* newer job */
};

struct sv_jobs {
    pthread_mutex_t mu; /* guards everything below and refs */
    sv_job *head;       /* oldest first */
    unsigned long next; /* id counter */
    size_t running;     /* jobs in JOB_RUNNING */
};

sv_jobs *sv_jobs_new(void)
{
    sv_jobs *j = calloc(1, sizeof *j);

    if (j && pthread_mutex_init(&j->mu, NULL) != 0) {
        free(j);
        return NULL;
    }
    return j;
}

static void job_free(sv_job *job)
{
    dt_sweep_free(job->sweep);
    dt_estimates_free(job->est);
    dt_scenario_free(job->sc);
    free(job->name);
    sv_buf_release(&job->result);
    free(job);
}

/* Drop a reference (under mu); the last one frees. */
static void unref_locked(sv_job *job)
{
    if (--job->refs == 0)
        job_free(job);
}

static void *run(void *arg)
{
    sv_job *job = arg;
    size_t d = 0, slice = SV_SLICE, e;
    dt_doc_opts o = DT_DOC_OPTS_INIT;
    int state = JOB_DONE;
    dt_error err;
    dt_status st = DT_OK;

    while (d < job->draws) {
        if (atomic_load(&job->cancel))
            break;
        e = d + slice < job->draws ? d + slice : job->draws;
        st = dt_sweep_run(job->sweep, d, e, &err);
        if (st != DT_OK)
            break;
        d = e;
        atomic_store(&job->done, d);
    }
    if (st != DT_OK) {
        state = JOB_ERROR;
        dt_error_format(&err, job->error, sizeof job->error);
    } else if (atomic_load(&job->cancel))
        state = JOB_CANCELLED;
    else {
        o.file = job->name;
        st = dt_sweep_reduce(job->sweep, &err);
        if (st == DT_OK)
            st = dt_sweep_write_json(job->sweep, &o, sv_buf_write, &job->result,
                                     &err);
        if (st != DT_OK) {
            state = JOB_ERROR;
            dt_error_format(&err, job->error, sizeof job->error);
        }
    }
    dt_analysis_thread_end();
    if (state != JOB_DONE) {
        /* Only a finished sweep is read again (result, chart). */
        dt_sweep_free(job->sweep);
        job->sweep = NULL;
    }
    atomic_store(&job->state, state);
    return NULL;
}

/* Join finished jobs' threads and count the running (under mu). */
static void reap_locked(sv_jobs *j)
{
    sv_job **p = &j->head, *job;
    size_t n = 0, running = 0;

    for (job = j->head; job; job = job->next)
        n++;
    while ((job = *p) != NULL) {
        int st = atomic_load(&job->state);

        if (st == JOB_RUNNING) {
            running++;
            p = &job->next;
            continue;
        }
        if (job->thread) {
            pthread_join(job->thread, NULL);
            job->thread = 0;
        }
        if (n > SV_KEEP_JOBS) {
            *p = job->next;
            n--;
            unref_locked(job);
            continue;
        }
        p = &job->next;
    }
    j->running = running;
}

void sv_jobs_free(sv_jobs *j)
{
    sv_job *job, *next;

    if (!j)
        return;
    pthread_mutex_lock(&j->mu);
    for (job = j->head; job; job = job->next)
        atomic_store(&job->cancel, 1);
    for (job = j->head; job; job = next) {
        next = job->next;
        if (job->thread)
            pthread_join(job->thread, NULL);
        job->thread = 0;
        unref_locked(job);
    }
    j->head = NULL;
    pthread_mutex_unlock(&j->mu);
    pthread_mutex_destroy(&j->mu);
    free(j);
}

/* The job called id with a reference, or NULL (under mu). */
static sv_job *find_locked(sv_jobs *j, const char *id, size_t len)
{
    sv_job *job;

    for (job = j->head; job; job = job->next)
        if (strlen(job->id) == len && memcmp(job->id, id, len) == 0) {
            job->refs++;
            return job;
        }
    return NULL;
}

void sv_jobs_release(sv_jobs *j, sv_job *job)
{
    pthread_mutex_lock(&j->mu);
    unref_locked(job);
    pthread_mutex_unlock(&j->mu);
}

sv_job *sv_jobs_get_done(sv_jobs *j, const char *id, const dt_sweep **sweep,
                         sv_reply *r)
{
    sv_job *job;

    pthread_mutex_lock(&j->mu);
    job = find_locked(j, id, strlen(id));
    pthread_mutex_unlock(&j->mu);
    if (!job) {
        sv_reply_error(r, 404, "not_found", "no sweep '%s'", id);
        return NULL;
    }
    if (atomic_load(&job->state) != JOB_DONE) {
        sv_reply_error(r, 409, "conflict", "sweep '%s' is %s, not done", id,
                       state_names[atomic_load(&job->state)]);
        sv_jobs_release(j, job);
        return NULL;
    }
    *sweep = job->sweep;
    return job;
}

/* ----- POST /api/sweep ----- */

/* The request's models (one-issue ones; default eu). */
static int sweep_models(json_t *body, const dt_model_type **types, size_t *n,
                        sv_reply *r)
{
    json_t *list, *e;
    size_t i;

    *n = 0;
    if (!sv_field_strings(body, "models", &list, r))
        return 0;
    json_array_foreach(list, i, e)
    {
        const dt_model_type *t = dt_model_find(json_string_value(e));

        if (!t) {
            sv_reply_error(r, 400, "bad_request",
                           "unknown model '%s' for a sweep (expected mean, "
                           "median, eu or nbs)",
                           json_string_value(e));
            return 0;
        }
        if (*n < 8)
            types[(*n)++] = t;
    }
    if (*n == 0)
        types[(*n)++] = &dt_model_eu;
    return 1;
}

void sv_api_sweep_start(const sv_call *c, sv_reply *r)
{
    sv_jobs *j = c->srv->jobs;
    dt_sweep_opts o = DT_SWEEP_OPTS_INIT;
    const dt_model_type *types[8] = {0};
    uint64_t draws = 1000, seed = 1, threads = 1;
    sv_job *job;
    dt_error err;
    dt_status st;

    if (!sv_field_uint(c->body, "draws", SV_MAX_DRAWS, &draws, r) ||
        !sv_field_uint(c->body, "seed", SV_MAX_SEED, &seed, r) ||
        !sv_field_uint(c->body, "threads", c->srv->ncpu, &threads, r) ||
        !sweep_models(c->body, types, &o.n_models, r))
        return;
    if (draws < 1 || threads < 1) {
        sv_reply_error(r, 400, "bad_request",
                       "\"draws\" (1 to %u) and \"threads\" (1 to %u) must "
                       "be at least 1",
                       SV_MAX_DRAWS, c->srv->ncpu);
        return;
    }
    job = calloc(1, sizeof *job);
    if (!job) {
        sv_reply_error(r, 500, "internal", "out of memory");
        return;
    }
    job->sc = sv_spec_load(c->srv, c->body, &job->name, r);
    if (!job->sc) {
        job_free(job);
        return;
    }
    if (!sv_estimates_load(c->srv, c->body, job->sc, 0, &job->est, r)) {
        job_free(job);
        return;
    }
    o.estimates = job->est;
    memcpy(job->types, types, sizeof job->types);
    o.models = job->types;
    o.seed = seed;
    o.n_draws = (size_t)draws;
    o.threads = (unsigned)threads;
    st = dt_sweep_new(job->sc, &o, &job->sweep, &err);
    if (st != DT_OK) {
        sv_reply_dt(r, st, &err, "cannot sweep");
        job_free(job);
        return;
    }
    job->draws = (size_t)draws;
    job->seed = seed;
    job->refs = 1;
    pthread_mutex_lock(&j->mu);
    reap_locked(j);
    if (j->running >= c->srv->max_sweeps || atomic_load(&c->srv->stopping)) {
        pthread_mutex_unlock(&j->mu);
        sv_reply_error(r, 429, "too_many_sweeps",
                       "%zu sweeps are running (at most %u at once); wait "
                       "or cancel one",
                       j->running, c->srv->max_sweeps);
        job_free(job);
        return;
    }
    snprintf(job->id, sizeof job->id, "s%lu", ++j->next);
    if (pthread_create(&job->thread, NULL, run, job) != 0) {
        pthread_mutex_unlock(&j->mu);
        sv_reply_error(r, 500, "internal", "cannot start a thread");
        job_free(job);
        return;
    }
    /* Newest last. */
    {
        sv_job **p = &j->head;

        while (*p)
            p = &(*p)->next;
        *p = job;
    }
    j->running++;
    pthread_mutex_unlock(&j->mu);
    sv_reply_json(r, 202,
                  json_pack("{s:s,s:I,s:I}", "id", job->id, "draws",
                            (json_int_t)draws, "seed", (json_int_t)seed));
}

/* ----- GET /api/sweep/ID, events, cancel ----- */

static void status_reply(sv_job *job, sv_reply *r)
{
    int st = atomic_load(&job->state);
    sv_buf b = {0};

    sv_buf_printf(&b,
                  "{\"id\": \"%s\", \"state\": \"%s\", \"done\": %zu, "
                  "\"draws\": %zu, \"seed\": %llu",
                  job->id, state_names[st], atomic_load(&job->done), job->draws,
                  (unsigned long long)job->seed);
    if (st == JOB_DONE) {
        sv_buf_puts(&b, ", \"result\": ");
        sv_buf_put(&b, job->result.p, job->result.len);
    } else if (st == JOB_ERROR) {
        json_t *m = json_string(job->error);
        char *s = json_dumps(m ? m : json_string(""), JSON_ENCODE_ANY);

        sv_buf_printf(&b, ", \"error\": %s", s ? s : "\"\"");
        free(s);
        json_decref(m);
    }
    sv_buf_puts(&b, "}\n");
    sv_reply_doc(r, &b);
    sv_buf_release(&b);
}

/* The stream of events of one sweep. */
struct sse {
    const sv_server *srv; /* for its stopping flag */
    sv_job *job;          /* referenced */
    int first;            /* nothing sent yet */
    int ended;            /* the end event was sent */
};

static void sleep_ms(long ms)
{
    struct timespec t = {0, ms * 1000000L};

    nanosleep(&t, NULL);
}

static ssize_t sse_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    struct sse *s = cls;
    int st, k, n, m = 0;

    (void)pos;
    if (s->ended)
        return MHD_CONTENT_READER_END_OF_STREAM;
    if (max < 256)
        return 0;
    /* About ten events a second; this connection has its own thread. */
    for (k = 0; !s->first && k < 10 && !atomic_load(&s->srv->stopping); k++)
        sleep_ms(10);
    s->first = 0;
    st = atomic_load(&s->job->state);
    n = snprintf(buf, max,
                 "event: progress\ndata: {\"done\": %zu, \"draws\": %zu}\n\n",
                 atomic_load(&s->job->done), s->job->draws);
    if (st != JOB_RUNNING || atomic_load(&s->srv->stopping)) {
        m = snprintf(buf + n, max - (size_t)n,
                     "event: end\ndata: {\"state\": \"%s\"}\n\n",
                     atomic_load(&s->srv->stopping) && st == JOB_RUNNING
                         ? "cancelled"
                         : state_names[st]);
        s->ended = 1;
    }
    return n + m;
}

static void sse_free(void *cls)
{
    struct sse *s = cls;

    sv_jobs_release(s->srv->jobs, s->job);
    free(s);
}

void sv_api_sweep(const sv_call *c, sv_reply *r)
{
    sv_jobs *j = c->srv->jobs;
    const char *slash = strchr(c->rest, '/');
    size_t len = slash ? (size_t)(slash - c->rest) : strlen(c->rest);
    const char *what = slash ? slash + 1 : "";
    sv_job *job;

    pthread_mutex_lock(&j->mu);
    job = find_locked(j, c->rest, len);
    pthread_mutex_unlock(&j->mu);
    if (!job) {
        sv_reply_error(r, 404, "not_found", "no sweep '%.*s'", (int)len,
                       c->rest);
        return;
    }
    if (strcmp(what, "") == 0 && strcmp(c->method, "GET") == 0)
        status_reply(job, r);
    else if ((strcmp(what, "") == 0 && strcmp(c->method, "DELETE") == 0) ||
             (strcmp(what, "cancel") == 0 && strcmp(c->method, "POST") == 0)) {
        atomic_store(&job->cancel, 1);
        sv_reply_json(r, 200,
                      json_pack("{s:s,s:s}", "id", job->id, "state",
                                atomic_load(&job->state) == JOB_RUNNING
                                    ? "cancelled"
                                    : state_names[atomic_load(&job->state)]));
    } else if (strcmp(what, "events") == 0 && strcmp(c->method, "GET") == 0) {
        struct sse *s = calloc(1, sizeof *s);

        if (s) {
            s->srv = c->srv;
            s->job = job;
            s->first = 1;
            r->stream = MHD_create_response_from_callback(
                MHD_SIZE_UNKNOWN, 4096, sse_read, s, sse_free);
        }
        if (!r->stream) {
            free(s);
            sv_reply_error(r, 500, "internal", "cannot stream");
        } else {
            r->status = 200;
            r->type = "text/event-stream";
            return; /* the stream holds the reference */
        }
    } else if (strcmp(what, "") == 0 || strcmp(what, "cancel") == 0 ||
               strcmp(what, "events") == 0)
        sv_reply_error(r, 405, "method_not_allowed", "%s is not allowed here",
                       c->method);
    else
        sv_reply_error(r, 404, "not_found", "no such endpoint");
    sv_jobs_release(j, job);
}
