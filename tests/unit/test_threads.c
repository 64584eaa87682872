/*
 * Charts and reports on one scenario shared by several threads (issue
 * 18, "Allocation torture and threads"): a loaded scenario is immutable
 * and dt_chart_render, dt_report_new and the report writers are
 * documented thread-safe. Four threads each render the positions and
 * trajectory charts (SVG and PNG) and write an HTML report of the same
 * scenario at once; every thread's bytes must equal those of a run on
 * the main thread alone. Run under ThreadSanitizer by `make tsan`
 * (tests/tsan.supp holds the suppressions, for the uninstrumented font
 * libraries only).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "dt_test.h"
#include <detente/chart.h>
#include <detente/report.h>

#define N_THREADS 4

typedef struct out {
    unsigned char *p;
    size_t len, cap;
} out;

static int out_put(out *o, const void *p, size_t n)
{
    if (o->len + n > o->cap) {
        size_t cap = (o->len + n) * 2;
        unsigned char *q = realloc(o->p, cap);

        if (!q)
            return -1;
        o->p = q;
        o->cap = cap;
    }
    memcpy(o->p + o->len, p, n);
    o->len += n;
    return 0;
}

static int chart_write(void *ctx, const unsigned char *p, size_t n)
{
    return out_put(ctx, p, n);
}

static dt_status doc_write(void *ud, const void *p, size_t n)
{
    return out_put(ud, p, n) ? DT_ENOMEM : DT_OK;
}

/* What one thread makes: four charts and a report, in one buffer. */
typedef struct job {
    const dt_scenario *sc;
    out bytes;
    dt_status st;
    dt_error err;
} job;

static void *work(void *arg)
{
    static const dt_model_type *const models[] = {&dt_model_mean, &dt_model_eu};
    job *j = arg;
    dt_chart_input in = DT_CHART_INPUT_INIT;
    dt_chart_opts co = DT_CHART_OPTS_INIT;
    dt_report_opts ro = DT_REPORT_OPTS_INIT;
    dt_report_input rin;
    dt_chart_runs *runs = NULL;
    dt_report *rep = NULL;
    dt_chart_kind kinds[] = {DT_CHART_POSITIONS, DT_CHART_TRAJECTORY};
    dt_chart_format fmts[] = {DT_CHART_SVG, DT_CHART_PNG};
    size_t k, f;

    co.width = 500;
    co.height = 350;
    j->st = dt_chart_runs_new(j->sc, models, 2, NULL, &runs, &j->err);
    in.sc = j->sc;
    if (j->st == DT_OK)
        in.runs = dt_chart_runs_get(runs, &in.n_runs);
    for (k = 0; j->st == DT_OK && k < 2; k++)
        for (f = 0; j->st == DT_OK && f < 2; f++)
            j->st = dt_chart_render(kinds[k], &in, 1, &co, fmts[f], chart_write,
                                    &j->bytes, &j->err);
    ro.models = models;
    ro.n_models = 1;
    ro.analysis_model = &dt_model_mean;
    memset(&rin, 0, sizeof rin);
    rin.scenario = j->sc;
    if (j->st == DT_OK)
        j->st = dt_report_new(&rin, 1, &ro, &rep, &j->err);
    if (j->st == DT_OK)
        j->st = dt_report_write_html(rep, doc_write, &j->bytes, &j->err);
    dt_report_free(rep);
    dt_chart_runs_free(runs);
    /* GLPK's per-thread state (the report's analysis). */
    dt_analysis_thread_end();
    return NULL;
}

static void test_threads__charts_and_reports(void **state)
{
    dt_scenario *sc = NULL;
    dt_error err;
    job alone, jobs[N_THREADS];
    pthread_t t[N_THREADS];
    size_t i;

    (void)state;
    if (dt_chart_font_check(NULL, &err) != DT_OK)
        skip(); /* no DejaVu Sans: the chart tests say so already */
    assert_int_equal(dt_scenario_load(dt_test_src("scenarios/hanoi-2019.yaml"),
                                      NULL, &sc, &err),
                     DT_OK);
    memset(&alone, 0, sizeof alone);
    alone.sc = sc;
    work(&alone);
    if (alone.st != DT_OK)
        fail_msg("alone: %s", alone.err.msg);
    assert_true(alone.bytes.len > 10000);

    memset(jobs, 0, sizeof jobs);
    for (i = 0; i < N_THREADS; i++) {
        jobs[i].sc = sc;
        assert_int_equal(pthread_create(&t[i], NULL, work, &jobs[i]), 0);
    }
    for (i = 0; i < N_THREADS; i++)
        assert_int_equal(pthread_join(t[i], NULL), 0);
    for (i = 0; i < N_THREADS; i++) {
        if (jobs[i].st != DT_OK)
            fail_msg("thread %zu: %s", i, jobs[i].err.msg);
        assert_int_equal(jobs[i].bytes.len, alone.bytes.len);
        assert_memory_equal(jobs[i].bytes.p, alone.bytes.p, alone.bytes.len);
        free(jobs[i].bytes.p);
    }
    free(alone.bytes.p);
    dt_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads__charts_and_reports),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
