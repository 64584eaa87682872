/*
 * Allocation torture test (issue "One library under every front end",
 * item 6): every allocation of the library goes through the dt_allocator
 * hook with its true size, and a failing allocation anywhere is reported
 * as DT_ENOMEM with nothing leaked. For each operation below, a first
 * run counts the allocations N it makes; then for every n in 1..N the
 * operation runs again with the n-th allocation failing. Every run must
 * end with no live block, every free must pass the size the block was
 * allocated with, and a run whose allocation failed must return
 * DT_ENOMEM. (Third-party libraries - libyaml, jansson, GLPK, GSL,
 * cairo, pango - allocate on their own and are not counted.)
 */
#include <math.h>
#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dt_test.h"
#include "scenario/scenario_int.h"
#include <detente/chart.h>
#include <detente/report.h>

/* ----- The test allocator ----- */

typedef struct ta {
    size_t count;     /* allocations so far (realloc to a new size too) */
    size_t fail_at;   /* fail this one (1-based), 0 = never */
    int failed;       /* the failing allocation happened */
    size_t live;      /* bytes allocated and not freed */
    size_t bad_size;  /* frees or reallocs with a wrong old size */
    size_t fail_size; /* size of the failed request */
} ta;

/* Each block carries its size in front, kept maximally aligned. */
typedef struct hdr {
    alignas(max_align_t) size_t size;
} hdr;

static void *ta_realloc(void *ud, void *p, size_t old, size_t size)
{
    ta *t = ud;
    hdr *h = p ? (hdr *)p - 1 : NULL;
    hdr *n;

    if (h && h->size != old)
        t->bad_size++;
    if (size == 0) {
        if (h) {
            t->live -= h->size;
            free(h);
        }
        return NULL;
    }
    if (++t->count == t->fail_at) {
        t->failed = 1;
        t->fail_size = size;
        return NULL;
    }
    n = realloc(h, sizeof *n + size);
    if (!n)
        return NULL;
    if (h)
        t->live -= n->size;
    n->size = size;
    t->live += size;
    return n + 1;
}

/* An operation under test: returns the status of its first failure. */
typedef dt_status (*op_fn)(const dt_allocator *a);

static dt_status null_write(void *ud, const void *p, size_t n)
{
    (void)ud;
    (void)p;
    (void)n;
    return DT_OK;
}

/*
 * Run op once counting, then failing each allocation in turn; at most
 * `max` failing runs, spread evenly (0 = every one).
 */
static void torture(const char *name, op_fn op, size_t max)
{
    ta t;
    dt_allocator a = {ta_realloc, &t};
    size_t n_alloc, n, step, runs = 0;
    dt_status st;

    memset(&t, 0, sizeof t);
    st = op(&a);
    if (st != DT_OK)
        fail_msg("%s: the run without failures returned %s", name,
                 dt_status_str(st));
    if (t.live != 0 || t.bad_size != 0)
        fail_msg("%s: %zu bytes left, %zu wrong sizes", name, t.live,
                 t.bad_size);
    n_alloc = t.count;
    assert_true(n_alloc > 0);
    step = max && n_alloc > max ? n_alloc / max : 1;
    for (n = 1; n <= n_alloc; n += step) {
        memset(&t, 0, sizeof t);
        t.fail_at = n;
        st = op(&a);
        runs++;
        if (t.live != 0 || t.bad_size != 0)
            fail_msg("%s: allocation %zu of %zu failing: %zu bytes left, "
                     "%zu wrong sizes",
                     name, n, n_alloc, t.live, t.bad_size);
        if (t.failed && st != DT_ENOMEM)
            fail_msg("%s: allocation %zu of %zu failed but the call "
                     "returned %s",
                     name, n, n_alloc, dt_status_str(st));
    }
    print_message("%s: %zu allocations, %zu failing runs\n", name, n_alloc,
                  runs);
}

static dt_status load(const char *rel, const dt_allocator *a, dt_scenario **sc)
{
    dt_load_opts o = DT_LOAD_OPTS_INIT;

    o.alloc = a;
    return dt_scenario_load(dt_test_src(rel), &o, sc, NULL);
}

/* ----- Operations ----- */

static dt_status op_load(const dt_allocator *a)
{
    static const char *const files[] = {
        "scenarios/hanoi-2019.yaml",
        "scenarios/ec-emissions-1994.csv",
        "tests/cli/good/ktab-dummy-3dim.csv",
        "tests/cli/good/ktab-xml-dummy-3dim.xml",
        "tests/game/sequence-example.yaml",
        "tests/cli/good/table-doc-example.csv"};
    size_t i;

    for (i = 0; i < sizeof files / sizeof files[0]; i++) {
        dt_scenario *sc = NULL;
        dt_status st = load(files[i], a, &sc);

        dt_scenario_free(sc);
        if (st != DT_OK)
            return st;
    }
    return DT_OK;
}

/* Every model, with rounds, its document and JSON. */
static dt_status op_forecast(const dt_allocator *a)
{
    static const char *const models[] = {"all", "smp", "exchange"};
    dt_forecast_opts o = DT_FORECAST_OPTS_INIT;
    dt_doc_opts dopts = DT_DOC_OPTS_INIT;
    dt_scenario *sc = NULL;
    dt_forecast *fc = NULL;
    dt_doc *d = NULL;
    dt_status st;

    dopts.rounds = 1;
    st = load("scenarios/hanoi-2019.yaml", a, &sc);
    if (st == DT_OK)
        st = dt_forecast_new(sc, models, 3, &o, &fc, NULL);
    if (st == DT_OK)
        st = dt_doc_new(a, &d, NULL);
    if (st == DT_OK)
        st = dt_forecast_doc(fc, &dopts, d, NULL);
    if (st == DT_OK)
        st = dt_doc_write(d, DT_DOC_TEXT, null_write, NULL, NULL);
    if (st == DT_OK)
        st = dt_doc_write(d, DT_DOC_CSV, null_write, NULL, NULL);
    if (st == DT_OK)
        st = dt_forecast_write_json(fc, &dopts, null_write, NULL, NULL);
    dt_doc_free(d);
    dt_forecast_free(fc);
    dt_scenario_free(sc);
    return st;
}

/* A what-if: a clone, a slot changed, the forecast run again. */
static dt_status op_whatif(const dt_allocator *a)
{
    dt_forecast_opts o = DT_FORECAST_OPTS_INIT;
    dt_scenario *sc = NULL, *cl = NULL, *lv = NULL;
    dt_forecast *fc = NULL;
    size_t lever = 0;
    dt_status st;

    o.trace = 0;
    st = load("scenarios/anchorage-2025.yaml", a, &sc);
    if (st == DT_OK)
        st = dt_scenario_clone(sc, &cl, NULL);
    if (st == DT_OK)
        st = dt_scenario_slot_set(
            cl, dt_scenario_slot_find(cl, "russia.territory.position"), 80.0,
            NULL);
    if (st == DT_OK)
        st = dt_forecast_new(cl, NULL, 0, &o, &fc, NULL);
    if (st == DT_OK)
        st = dt_forecast_rerun(fc, NULL);
    if (st == DT_OK)
        st = dt_scenario_apply_levers(cl, &lever, 1, &lv, NULL);
    dt_scenario_free(lv);
    dt_forecast_free(fc);
    dt_scenario_free(cl);
    dt_scenario_free(sc);
    return st;
}

static dt_status sweep_op(const dt_allocator *a, dt_sweep_analysis an)
{
    static const dt_model_type *const models[] = {&dt_model_mean, &dt_model_eu};
    dt_sweep_opts o = DT_SWEEP_OPTS_INIT;
    dt_scenario *sc = NULL;
    dt_sweep *s = NULL;
    dt_doc *d = NULL;
    dt_status st;

    o.models = models;
    o.n_models = 2;
    o.seed = 3;
    o.n_draws = 3;
    o.threads = 1;
    o.analysis = an;
    o.drop_each = an == DT_SWEEP_ANALYSIS_OFF;
    st = load("scenarios/hanoi-2019.yaml", a, &sc);
    if (st == DT_OK)
        st = dt_sweep_new(sc, &o, &s, NULL);
    if (st == DT_OK)
        st = dt_sweep_run(s, 0, 3, NULL);
    if (st == DT_OK)
        st = dt_sweep_reduce(s, NULL);
    if (st == DT_OK)
        st = dt_doc_new(a, &d, NULL);
    if (st == DT_OK)
        st = dt_sweep_doc(s, NULL, d, NULL);
    if (st == DT_OK)
        st = dt_doc_write(d, DT_DOC_TEXT, null_write, NULL, NULL);
    if (st == DT_OK)
        st = dt_sweep_write_json(s, NULL, null_write, NULL, NULL);
    if (st == DT_OK)
        st = dt_sweep_write_draws_csv(s, null_write, NULL, NULL);
    dt_doc_free(d);
    dt_sweep_free(s);
    dt_scenario_free(sc);
    return st;
}

static dt_status op_sweep(const dt_allocator *a)
{
    return sweep_op(a, DT_SWEEP_ANALYSIS_OFF);
}

static dt_status op_sweep_analysis(const dt_allocator *a)
{
    return sweep_op(a, DT_SWEEP_ANALYSIS_ON);
}

/* The summit analysis with every lever and pair, its document, JSON. */
static dt_status op_analysis(const dt_allocator *a)
{
    dt_analysis_opts o = DT_ANALYSIS_OPTS_INIT;
    dt_scenario *sc = NULL;
    dt_analysis *an = NULL;
    dt_doc *d = NULL;
    dt_status st;

    o.model = &dt_model_mean;
    o.pairs = 1;
    st = load("scenarios/hanoi-2019.yaml", a, &sc);
    if (st == DT_OK)
        st = dt_analyze(sc, &o, &an, NULL);
    if (st == DT_OK)
        st = dt_doc_new(a, &d, NULL);
    if (st == DT_OK)
        st = dt_analysis_doc(sc, an, NULL, d, NULL);
    if (st == DT_OK)
        st = dt_doc_write(d, DT_DOC_TEXT, null_write, NULL, NULL);
    if (st == DT_OK)
        st = dt_analysis_write_json(sc, an, NULL, null_write, NULL, NULL);
    dt_doc_free(d);
    dt_analysis_free(an);
    dt_scenario_free(sc);
    return st;
}

/*
 * Game trees: Gambit's .efg read (a chance node with 20 actions, so the
 * action arrays grow twice: a failure between the two growths once freed
 * a block with the wrong old size) and solved. dt_game_new's first two
 * allocations used to leak the second when only the first failed.
 */
static dt_status op_efg(const dt_allocator *a)
{
    char text[4096];
    size_t n = 0, k;
    dt_game *g = NULL;
    dt_game_profile *pr = NULL;
    dt_status st;

    n += (size_t)snprintf(text + n, sizeof text - n,
                          "EFG 2 R \"twenty\" { \"A\" \"B\" }\n\n"
                          "c \"\" 1 \"\" {");
    for (k = 0; k < 20; k++)
        n += (size_t)snprintf(text + n, sizeof text - n, " \"a%zu\" 1/20", k);
    n += (size_t)snprintf(text + n, sizeof text - n, " } 0\n");
    for (k = 0; k < 20; k++)
        n += (size_t)snprintf(text + n, sizeof text - n,
                              "t \"\" %zu \"\" { %zu, %zu }\n", k + 1, k,
                              20 - k);
    st = dt_game_parse_efg(text, n, "twenty.efg", a, &g, NULL);
    if (st == DT_OK)
        st = dt_game_spe(g, &pr, NULL);
    dt_game_profile_free(pr);
    dt_game_free(g);
    return st;
}

/* The game sections: solutions, sweeps and thresholds, document. */
static dt_status op_games(const dt_allocator *a)
{
    dt_games_sequence_opts o = DT_GAMES_SEQUENCE_OPTS_INIT;
    dt_scenario *sc = NULL;
    dt_games_sequence *seq = NULL;
    dt_doc *d = NULL;
    dt_status st;

    o.draws = 200;
    st = load("tests/game/sequence-example.yaml", a, &sc);
    if (st == DT_OK)
        st = dt_games_sequence_new(sc, &o, &seq, NULL);
    if (st == DT_OK)
        st = dt_doc_new(a, &d, NULL);
    if (st == DT_OK)
        st = dt_games_sequence_doc(seq, NULL, d, NULL);
    if (st == DT_OK)
        st = dt_doc_write(d, DT_DOC_TEXT, null_write, NULL, NULL);
    dt_doc_free(d);
    dt_games_sequence_free(seq);
    dt_scenario_free(sc);
    return st;
}

/* A backtest on the first proposals of the DEU development file. */
static char *deu_head;
static size_t deu_len;

static dt_status op_backtest(const dt_allocator *a)
{
    static const char *const models[] = {"mean", "eu", "exchange", "smp", NULL};
    dt_backtest_opts o = DT_BACKTEST_OPTS_INIT;
    dt_deu *deu = NULL;
    dt_backtest *b = NULL;
    dt_doc *d = NULL;
    dt_status st;

    o.models = models;
    o.folds = 2;
    o.bootstrap = 3;
    st = dt_deu_parse(deu_head, deu_len, "deu-head.csv", a, &deu, NULL);
    if (st == DT_OK)
        st = dt_backtest_run(deu, &o, &b, NULL);
    if (st == DT_OK)
        st = dt_doc_new(a, &d, NULL);
    if (st == DT_OK)
        st = dt_backtest_doc(b, NULL, d, NULL);
    if (st == DT_OK)
        st = dt_doc_write(d, DT_DOC_CSV, null_write, NULL, NULL);
    dt_doc_free(d);
    dt_backtest_free(b);
    dt_deu_free(deu);
    return st;
}

/* The case backtest on the hand-made set, its document and JSON. */
static dt_status op_cases(const dt_allocator *a)
{
    static const char *const files[] = {"tests/data/cases/a-deal-held.yaml",
                                        "tests/data/cases/b-deal-failed.yaml",
                                        "tests/data/cases/e-no-outcome.yaml"};
    static const char *const models[] = {"mean", "nbs", NULL};
    dt_cases_opts o = DT_CASES_OPTS_INIT;
    dt_scenario *sc[3] = {NULL, NULL, NULL};
    dt_cases *c = NULL;
    dt_doc *d = NULL;
    dt_status st = DT_OK;
    size_t i;

    o.models = models;
    o.bootstrap = 5;
    for (i = 0; i < 3 && st == DT_OK; i++)
        st = load(files[i], a, &sc[i]);
    if (st == DT_OK)
        st = dt_cases_run((const dt_scenario *const *)sc, 3, &o, a, &c, NULL);
    if (st == DT_OK)
        st = dt_doc_new(a, &d, NULL);
    if (st == DT_OK)
        st = dt_cases_doc(c, NULL, d, NULL);
    if (st == DT_OK)
        st = dt_doc_write(d, DT_DOC_TEXT, null_write, NULL, NULL);
    if (st == DT_OK)
        st = dt_cases_write_json(c, NULL, null_write, NULL, NULL);
    dt_doc_free(d);
    dt_cases_free(c);
    for (i = 0; i < 3; i++)
        dt_scenario_free(sc[i]);
    return st;
}

/* A report on one scenario (no sweep), as HTML. */
static dt_status op_report(const dt_allocator *a)
{
    static const dt_model_type *const models[] = {&dt_model_mean};
    dt_report_opts o = DT_REPORT_OPTS_INIT;
    dt_report_input in;
    dt_scenario *sc = NULL;
    dt_report *rep = NULL;
    dt_status st;

    o.models = models;
    o.n_models = 1;
    o.analysis_model = &dt_model_mean;
    memset(&in, 0, sizeof in);
    st = load("scenarios/hanoi-2019.yaml", a, &sc);
    in.scenario = sc;
    if (st == DT_OK)
        st = dt_report_new(&in, 1, &o, &rep, NULL);
    if (st == DT_OK)
        st = dt_report_write_html(rep, null_write, NULL, NULL);
    dt_report_free(rep);
    dt_scenario_free(sc);
    return st;
}

/*
 * The scenario writer: YAML and JSON of a scenario with every section
 * (levers, constraints, games) and of a CSV table (ids and saliences
 * converted in the writer's own arena).
 */
static dt_status op_write(const dt_allocator *a)
{
    static const char *const files[] = {"scenarios/hanoi-2019.yaml",
                                        "tests/game/sequence-example.yaml",
                                        "tests/data/ktab/SOE-Pol-Comp.csv"};
    size_t i;

    for (i = 0; i < sizeof files / sizeof files[0]; i++) {
        dt_scenario *sc = NULL;
        dt_status st = load(files[i], a, &sc);

        if (st == DT_OK)
            st = dt_scenario_write_yaml(sc, null_write, NULL, NULL);
        if (st == DT_OK)
            st = dt_scenario_write_json(sc, null_write, NULL, NULL);
        dt_scenario_free(sc);
        if (st != DT_OK)
            return st;
    }
    return DT_OK;
}

/* Two summits compared (with their analyses), as text and JSON. */
static dt_status op_compare(const dt_allocator *a)
{
    dt_analysis_opts o = DT_ANALYSIS_OPTS_INIT;
    dt_scenario *sc[2] = {NULL, NULL};
    dt_analysis *an[2] = {NULL, NULL};
    dt_compare *c = NULL;
    dt_doc *d = NULL;
    dt_status st;

    o.model = &dt_model_mean;
    st = load("scenarios/hanoi-2019.yaml", a, &sc[0]);
    if (st == DT_OK)
        st = load("scenarios/anchorage-2025.yaml", a, &sc[1]);
    if (st == DT_OK)
        st = dt_analyze(sc[0], &o, &an[0], NULL);
    if (st == DT_OK)
        st = dt_analyze(sc[1], &o, &an[1], NULL);
    if (st == DT_OK)
        st = dt_compare_new((const dt_scenario *const *)sc,
                            (const dt_analysis *const *)an, 2, &c, NULL);
    if (st == DT_OK)
        st = dt_doc_new(a, &d, NULL);
    if (st == DT_OK)
        st = dt_compare_doc(c, NULL, d, NULL);
    if (st == DT_OK)
        st = dt_doc_write(d, DT_DOC_MARKDOWN, null_write, NULL, NULL);
    if (st == DT_OK)
        st = dt_compare_write_json(c, NULL, null_write, NULL, NULL);
    dt_doc_free(d);
    dt_compare_free(c);
    dt_analysis_free(an[1]);
    dt_analysis_free(an[0]);
    dt_scenario_free(sc[1]);
    dt_scenario_free(sc[0]);
    return st;
}

/* A clone with a changed number, and the diff of the two. */
static dt_status op_diff(const dt_allocator *a)
{
    dt_scenario *sc = NULL, *b = NULL;
    dt_scenario_diff *df = NULL;
    dt_status st;

    st = load("scenarios/hanoi-2019.yaml", a, &sc);
    if (st == DT_OK)
        st = dt_scenario_clone(sc, &b, NULL);
    if (st == DT_OK)
        st = dt_scenario_slot_set(
            b, dt_scenario_slot_find(b, "dprk.scope.position"), 40.0, NULL);
    if (st == DT_OK)
        st = dt_scenario_diff_new(sc, b, &df, NULL);
    if (st == DT_OK && dt_scenario_diff_n(df) != 1)
        st = DT_EINTERNAL;
    dt_scenario_diff_free(df);
    dt_scenario_free(b);
    dt_scenario_free(sc);
    return st;
}

/* Two analysts' estimates, reconciled and written (estimates.h). */
static dt_status op_reconcile(const dt_allocator *a)
{
    static const char *const mean[] = {"mean"};
    static const char x[] = "analyst: x\nestimates:\n"
                            "  dprk.scope.position: {low: 10, mode: 20, "
                            "high: 40, note: n}\n";
    static const char y[] = "analyst: y\nshape: triangular\nestimates:\n"
                            "  dprk.scope.position: {low: 30, mode: 50, "
                            "high: 60}\n"
                            "  usa.scope.position: {low: 60, mode: 70, "
                            "high: 90}\n";
    dt_scenario *sc = NULL;
    dt_estimates *e = NULL;
    dt_reconcile *r = NULL;
    dt_vary_opts vo = DT_VARY_OPTS_INIT;
    dt_doc *d = NULL;
    dt_status st;

    vo.models = mean;
    vo.n_models = 1;
    st = load("scenarios/hanoi-2019.yaml", a, &sc);
    if (st == DT_OK)
        st = dt_estimates_new(sc, &e, NULL);
    if (st == DT_OK)
        st = dt_estimates_add_text(e, "x.yaml", x, sizeof x - 1, NULL);
    if (st == DT_OK)
        st = dt_estimates_add_text(e, "y.yaml", y, sizeof y - 1, NULL);
    if (st == DT_OK)
        st = dt_reconcile_new(sc, e, &vo, &r, NULL);
    if (st == DT_OK && r->n_items != 1)
        st = DT_EINTERNAL;
    if (st == DT_OK)
        st = dt_reconcile_write_json(r, NULL, null_write, NULL, NULL);
    if (st == DT_OK)
        st = dt_doc_new(a, &d, NULL);
    if (st == DT_OK)
        st = dt_reconcile_doc(r, NULL, d, NULL);
    dt_doc_free(d);
    dt_reconcile_free(r);
    dt_estimates_free(e);
    dt_scenario_free(sc);
    return st;
}

/*
 * Two versions (hanoi and a what-if of it with two numbers changed)
 * compared result by result, each input alone (dt_diff_run), and the
 * document and JSON of the comparison.
 */
static dt_status op_diff_run(const dt_allocator *a)
{
    static const char *const sets[] = {"dprk.capability=5",
                                       "usa.no_deal.cost=20"};
    static const char *const models[] = {"mean"};
    dt_diff_opts o = DT_DIFF_OPTS_INIT;
    dt_scenario *sc = NULL, *b = NULL;
    dt_diff *df = NULL;
    dt_doc *d = NULL;
    dt_status st;

    o.models = models;
    o.n_models = 1;
    o.analysis_model = &dt_model_mean;
    st = load("scenarios/hanoi-2019.yaml", a, &sc);
    if (st == DT_OK)
        st = dt_scenario_whatif(sc, NULL, 0, sets, 2, &b, NULL);
    if (st == DT_OK)
        st = dt_diff_run(sc, b, &o, &df, NULL);
    if (st == DT_OK && df->n_alone != 2)
        st = DT_EINTERNAL;
    if (st == DT_OK)
        st = dt_doc_new(a, &d, NULL);
    if (st == DT_OK)
        st = dt_diff_doc(df, NULL, d, NULL);
    if (st == DT_OK)
        st = dt_doc_write(d, DT_DOC_TEXT, null_write, NULL, NULL);
    if (st == DT_OK)
        st = dt_diff_write_json(df, NULL, null_write, NULL, NULL);
    dt_doc_free(d);
    dt_diff_free(df);
    dt_scenario_free(b);
    dt_scenario_free(sc);
    return st;
}

/* A scenario built in code (dt_scenario_builder). */
static dt_status op_builder(const dt_allocator *a)
{
    static const char *const ids[] = {"usa", "dprk", "china", "rok"};
    dt_scenario_builder *b = NULL;
    dt_scenario *sc = NULL;
    size_t issue[2], actor, i;
    dt_status st;

    st = dt_scenario_builder_new("built", a, &b, NULL);
    if (st == DT_OK)
        st = dt_scenario_builder_add_issue(b, "scope", "Scope", 10.0, &issue[0],
                                           NULL);
    if (st == DT_OK)
        st = dt_scenario_builder_add_issue(b, "relief", "Relief", NAN,
                                           &issue[1], NULL);
    for (i = 0; st == DT_OK && i < 4; i++) {
        st = dt_scenario_builder_add_actor(
            b, ids[i], ids[i], i < 2 ? DT_ROLE_TABLE : DT_ROLE_EXCLUDED,
            10.0 * (double)(i + 1), &actor, NULL);
        if (st == DT_OK)
            st = dt_scenario_builder_add_stake(
                b, actor, issue[0], 20.0 * (double)i, 50.0, NAN, NULL);
        if (st == DT_OK)
            st = dt_scenario_builder_add_stake(
                b, actor, issue[1], 90.0 - 20.0 * (double)i, 70.0, 5.0, NULL);
    }
    if (st == DT_OK)
        st = dt_scenario_builder_finish(b, &sc, NULL);
    dt_scenario_free(sc);
    dt_scenario_builder_free(b);
    return st;
}

/* Charts (libdetente-report): positions and trajectories, as SVG. */
static int null_chart_write(void *ctx, const unsigned char *p, size_t n)
{
    (void)ctx;
    (void)p;
    (void)n;
    return 0;
}

static dt_status op_charts(const dt_allocator *a)
{
    static const dt_model_type *const models[] = {&dt_model_mean, &dt_model_eu};
    dt_chart_input in = DT_CHART_INPUT_INIT;
    dt_chart_opts co = DT_CHART_OPTS_INIT;
    dt_chart_runs *runs = NULL;
    dt_scenario *sc = NULL;
    dt_status st;

    co.width = 400;
    co.height = 300;
    st = load("scenarios/hanoi-2019.yaml", a, &sc);
    if (st == DT_OK)
        st = dt_chart_runs_new(sc, models, 2, NULL, &runs, NULL);
    if (st == DT_OK) {
        in.sc = sc;
        in.runs = dt_chart_runs_get(runs, &in.n_runs);
        st = dt_chart_render(DT_CHART_POSITIONS, &in, 1, &co, DT_CHART_SVG,
                             null_chart_write, NULL, NULL);
    }
    if (st == DT_OK)
        st = dt_chart_render(DT_CHART_TRAJECTORY, &in, 1, &co, DT_CHART_SVG,
                             null_chart_write, NULL, NULL);
    dt_chart_runs_free(runs);
    dt_scenario_free(sc);
    return st;
}

/* ----- Tests ----- */

static void test_alloc__load(void **state)
{
    (void)state;
    torture("load", op_load, 0);
}

static void test_alloc__write(void **state)
{
    (void)state;
    torture("write", op_write, 0);
}

/* Sobol indices of a sweep's outputs (sobol.h), and their JSON. */
static dt_status op_sobol(const dt_allocator *a)
{
    static const dt_model_type *const models[] = {&dt_model_mean};
    static const dt_model_type *const models2[] = {&dt_model_mean,
                                                   &dt_model_median};
    dt_sweep_opts so = DT_SWEEP_OPTS_INIT;
    dt_sobol_opts o = DT_SOBOL_OPTS_INIT;
    dt_scenario *sc = NULL;
    dt_sobol *s = NULL;
    dt_status st;

    so.models = models;
    so.n_models = 1;
    so.analysis = DT_SWEEP_ANALYSIS_OFF;
    o.seed = 3;
    o.n_base = 3;
    o.n_boot = 4;
    st = load("scenarios/hanoi-2019.yaml", a, &sc);
    if (st == DT_OK)
        st = dt_sobol_scenario(sc, &so, &o, &s, NULL);
    if (st == DT_OK)
        st = dt_sobol_write_json(s, null_write, NULL, NULL);
    dt_sobol_free(s);
    s = NULL;
    /* Grouped by actor: the groups' names and map. */
    o.group_by = DT_SOBOL_BY_ACTOR;
    if (st == DT_OK)
        st = dt_sobol_scenario(sc, &so, &o, &s, NULL);
    if (st == DT_OK)
        st = dt_sobol_write_json(s, null_write, NULL, NULL);
    dt_sobol_free(s);
    s = NULL;
    /* By model choice: the added outputs and their labels; the document. */
    so.models = models2;
    so.n_models = 2;
    o.group_by = DT_SOBOL_BY_MODEL;
    if (st == DT_OK)
        st = dt_sobol_scenario(sc, &so, &o, &s, NULL);
    if (st == DT_OK) {
        dt_doc *d = NULL;

        st = dt_doc_new(a, &d, NULL);
        if (st == DT_OK)
            st = dt_sobol_doc(s, NULL, d, NULL);
        dt_doc_free(d);
    }
    dt_sobol_free(s);
    dt_scenario_free(sc);
    return st;
}

static void test_alloc__forecast(void **state)
{
    (void)state;
    torture("forecast", op_forecast, 0);
}

static void test_alloc__whatif(void **state)
{
    (void)state;
    torture("what-if", op_whatif, 0);
}

static void test_alloc__sweep(void **state)
{
    (void)state;
    torture("sweep", op_sweep, 0);
}

static void test_alloc__sweep_analysis(void **state)
{
    (void)state;
    torture("sweep with analysis", op_sweep_analysis, 0);
}

static void test_alloc__sobol(void **state)
{
    (void)state;
    torture("sobol", op_sobol, 0);
}

static void test_alloc__analysis(void **state)
{
    (void)state;
    torture("analysis", op_analysis, 0);
}

static void test_alloc__efg(void **state)
{
    (void)state;
    torture("game trees", op_efg, 0);
}

static void test_alloc__games(void **state)
{
    (void)state;
    torture("games", op_games, 0);
}

/* Thousands of allocations: 300 failing runs spread over them. */
static void test_alloc__backtest(void **state)
{
    (void)state;
    torture("backtest", op_backtest, 300);
}

static void test_alloc__cases(void **state)
{
    (void)state;
    torture("cases", op_cases, 0);
}

static void test_alloc__report(void **state)
{
    (void)state;
    torture("report", op_report, 0);
}

static void test_alloc__compare(void **state)
{
    (void)state;
    torture("compare", op_compare, 300);
}

static void test_alloc__reconcile(void **state)
{
    (void)state;
    torture("reconcile", op_reconcile, 0);
}

static void test_alloc__diff(void **state)
{
    (void)state;
    torture("diff", op_diff, 0);
}

static void test_alloc__diff_run(void **state)
{
    (void)state;
    torture("diff run", op_diff_run, 300);
}

static void test_alloc__builder(void **state)
{
    (void)state;
    torture("builder", op_builder, 0);
}

static void test_alloc__charts(void **state)
{
    (void)state;
    torture("charts", op_charts, 300);
}

/* The DEU file's header and its first 30 issues. */
/*
 * Issue 18, defect 5: an out-of-memory error says where and how much -
 * the size the allocator was asked for, in bytes, in the message - for
 * every allocation of a load and of a forecast.
 */
static void test_alloc__nomem_message(void **state)
{
    static const char *const models[] = {"all"};
    ta t;
    dt_allocator a = {ta_realloc, &t};
    dt_load_opts lo = DT_LOAD_OPTS_INIT;
    size_t n, n_alloc;

    (void)state;
    lo.alloc = &a;
    for (n = 1;; n++) {
        dt_forecast_opts fo = DT_FORECAST_OPTS_INIT;
        dt_scenario *sc = NULL;
        dt_forecast *fc = NULL;
        dt_error err;
        dt_status st;
        char want[64];

        memset(&t, 0, sizeof t);
        t.fail_at = n;
        memset(&err, 0, sizeof err);
        st = dt_scenario_load(dt_test_src("scenarios/hanoi-2019.yaml"), &lo,
                              &sc, &err);
        if (st == DT_OK)
            st = dt_forecast_new(sc, models, 1, &fo, &fc, &err);
        dt_forecast_free(fc);
        dt_scenario_free(sc);
        if (!t.failed) {
            assert_int_equal(st, DT_OK);
            break;
        }
        assert_int_equal(st, DT_ENOMEM);
        snprintf(want, sizeof want, "a request for %zu bytes", t.fail_size);
        if (!strstr(err.msg, want) ||
            (!strstr(err.msg, " in ") && !err.file[0]))
            fail_msg("allocation %zu (%zu bytes) failing: message '%s' lacks "
                     "'%s' or where",
                     n, t.fail_size, err.msg, want);
    }
    n_alloc = n - 1;
    assert_true(n_alloc > 10);
}

/*
 * Issue 18, defect 7: the KTAB CSV sniffer (which decides between KTAB's
 * CSV and the classic table for dt_scenario_load) allocates through the
 * caller's allocator and reports running out as such (-1, and DT_ENOMEM
 * from the load), not as "no" followed by an "unknown column" error of
 * the classic CSV reader.
 */
static void test_alloc__ktab_sniff(void **state)
{
    ta t;
    dt_allocator a = {ta_realloc, &t};
    dt_load_opts lo = DT_LOAD_OPTS_INIT;
    const char *path = dt_test_src("tests/cli/good/ktab-dummy-3dim.csv");
    size_t len, n, n_sniff;
    char *buf = dt_test_slurp(path, &len);
    dt_scenario_format fmt;

    (void)state;
    assert_non_null(buf);
    memset(&t, 0, sizeof t);
    assert_int_equal(dt__ktab_csv_sniff(buf, len, &a), 1);
    n_sniff = t.count;
    assert_true(n_sniff > 0); /* through the hook */
    assert_int_equal(t.live, 0);
    for (n = 1; n <= n_sniff; n++) {
        memset(&t, 0, sizeof t);
        t.fail_at = n;
        assert_int_equal(dt__ktab_csv_sniff(buf, len, &a), -1);
        assert_int_equal(t.live, 0);
        memset(&t, 0, sizeof t);
        t.fail_at = n;
        assert_int_equal(dt__scenario_format_sniff(path, buf, len, &a, &fmt),
                         DT_ENOMEM);
    }
    free(buf);
    /* The load: the file buffer is allocation 1, the sniffer's next. */
    lo.alloc = &a;
    for (n = 2; n < 2 + n_sniff; n++) {
        dt_scenario *sc = NULL;
        dt_error err;

        memset(&t, 0, sizeof t);
        t.fail_at = n;
        assert_int_equal(dt_scenario_load(path, &lo, &sc, &err), DT_ENOMEM);
        if (strstr(err.msg, "column"))
            fail_msg("allocation %zu failing: '%s'", n, err.msg);
        assert_null(sc);
        assert_int_equal(t.live, 0);
    }
}

static int setup(void **state)
{
    size_t len, i, lines = 0;
    char *all = dt_test_slurp(dt_test_data("deu3/issues-dev.csv"), &len);

    (void)state;
    if (!all)
        return -1;
    for (i = 0; i < len && lines < 31; i++)
        lines += all[i] == '\n';
    deu_head = all;
    deu_len = i;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(deu_head);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alloc__load),
        cmocka_unit_test(test_alloc__write),
        cmocka_unit_test(test_alloc__forecast),
        cmocka_unit_test(test_alloc__whatif),
        cmocka_unit_test(test_alloc__sweep),
        cmocka_unit_test(test_alloc__sweep_analysis),
        cmocka_unit_test(test_alloc__sobol),
        cmocka_unit_test(test_alloc__analysis),
        cmocka_unit_test(test_alloc__efg),
        cmocka_unit_test(test_alloc__games),
        cmocka_unit_test(test_alloc__backtest),
        cmocka_unit_test(test_alloc__cases),
        cmocka_unit_test(test_alloc__report),
        cmocka_unit_test(test_alloc__compare),
        cmocka_unit_test(test_alloc__diff),
        cmocka_unit_test(test_alloc__reconcile),
        cmocka_unit_test(test_alloc__diff_run),
        cmocka_unit_test(test_alloc__builder),
        cmocka_unit_test(test_alloc__charts),
        cmocka_unit_test(test_alloc__nomem_message),
        cmocka_unit_test(test_alloc__ktab_sniff),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
