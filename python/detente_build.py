"""cffi builder of detente._detente_cffi (API mode, out of line).

The extension is compiled against the public headers in include/detente
and links libdetente and libdetente-report. Struct layouts therefore come
from the compiler, never from a copy here: the declarations below name only
the fields Python reads or writes and end with ``...;``. A few C helpers
(``pydt_*``) run the library calls exactly as the command line does (so
results are the same bytes) and collect output and diagnostics in C
without calling back into Python.

Locating the headers and libraries (see python/setup.py and docs/python.md):
``find_detente()`` returns (source_dir, include_dir, lib_dir).
"""
import glob
import os
import re
import shlex
import subprocess

from cffi import FFI

HERE = os.path.dirname(os.path.abspath(__file__))

CDEF = r"""
typedef int... dt_status;
#define DT_OK ...
#define DT_NOT_CONVERGED ...
#define DT_EINVAL ...
#define DT_ESCENARIO ...
#define DT_EIO ...
#define DT_ENOMEM ...
#define DT_ERANGE ...
#define DT_EINTERNAL ...

typedef struct dt_error {
    dt_status code;
    char msg[256];
    char file[256];
    unsigned line;
    unsigned col;
} dt_error;

typedef struct dt_allocator { ...; } dt_allocator;
typedef dt_status (*dt_write_fn)(void *ud, const void *p, size_t n);

const char *dt_version(void);
const char *dt_build_commit(void);
const char *dt_build_features(void);
const char *dt_status_str(dt_status s);
int dt_error_format(const dt_error *e, char *buf, size_t n);
void free(void *p);

/* ---- scenarios ---- */
typedef int... dt_role;
#define DT_ROLE_TABLE ...
#define DT_ROLE_EXCLUDED ...
#define DT_ROLE_RATIFIER ...
#define DT_ROLE_MEDIATOR ...
const char *dt_role_name(dt_role role);
typedef int... dt_scenario_format;
#define DT_FORMAT_YAML ...
#define DT_FORMAT_CSV ...
#define DT_FORMAT_KTAB_CSV ...
#define DT_FORMAT_KTAB_XML ...
#define DT_FORMAT_TABLE_CSV ...
typedef struct dt_loc { unsigned line; unsigned col; } dt_loc;
typedef struct dt_value { double v; const char *note; dt_loc loc; ...; } dt_value;
typedef struct dt_issue {
    const char *id; const char *name; const char *low; const char *high;
    int has_status_quo; dt_value status_quo; ...;
} dt_issue;
typedef struct dt_actor {
    const char *id; const char *name; dt_role role; dt_value capability; ...;
} dt_actor;
typedef struct dt_stake {
    dt_value position; dt_value salience; int has_capability;
    dt_value capability; ...;
} dt_stake;
typedef struct dt_lever { const char *id; const char *name; size_t by; ...; } dt_lever;
typedef struct dt_scenario dt_scenario;
typedef struct dt_scenario_builder dt_scenario_builder;

void dt_scenario_free(dt_scenario *sc);
dt_status dt_scenario_builder_new(const char *name, const dt_allocator *alloc,
                                  dt_scenario_builder **out, dt_error *err);
void dt_scenario_builder_free(dt_scenario_builder *b);
dt_status dt_scenario_builder_add_issue(dt_scenario_builder *b, const char *id,
        const char *name, double status_quo, size_t *index, dt_error *err);
dt_status dt_scenario_builder_add_actor(dt_scenario_builder *b, const char *id,
        const char *name, dt_role role, double capability, size_t *index,
        dt_error *err);
dt_status dt_scenario_builder_add_stake(dt_scenario_builder *b, size_t actor,
        size_t issue, double position, double salience, double capability,
        dt_error *err);
dt_status dt_scenario_builder_finish(const dt_scenario_builder *b,
                                     dt_scenario **out, dt_error *err);
const char *dt_scenario_name(const dt_scenario *sc);
const char *dt_scenario_date(const dt_scenario *sc);
const char *dt_scenario_description(const dt_scenario *sc);
const char *dt_scenario_path(const dt_scenario *sc);
dt_scenario_format dt_scenario_format_of(const dt_scenario *sc);
size_t dt_scenario_n_issues(const dt_scenario *sc);
const dt_issue *dt_scenario_issue(const dt_scenario *sc, size_t i);
size_t dt_scenario_n_actors(const dt_scenario *sc);
const dt_actor *dt_scenario_actor(const dt_scenario *sc, size_t a);
const dt_stake *dt_scenario_stake(const dt_scenario *sc, size_t a, size_t i);
size_t dt_scenario_issue_index(const dt_scenario *sc, const char *id);
size_t dt_scenario_actor_index(const dt_scenario *sc, const char *id);
size_t dt_scenario_n_levers(const dt_scenario *sc);
const dt_lever *dt_scenario_lever(const dt_scenario *sc, size_t i);
size_t dt_scenario_lever_index(const dt_scenario *sc, const char *id);
dt_status dt_scenario_apply_levers(const dt_scenario *base,
        const size_t *levers, size_t n, dt_scenario **out, dt_error *err);
dt_status dt_scenario_clone(const dt_scenario *sc, dt_scenario **out,
                            dt_error *err);
size_t dt_scenario_n_slots(const dt_scenario *sc);
int dt_scenario_slot_id(const dt_scenario *sc, size_t k, char *buf, size_t n);
size_t dt_scenario_slot_find(const dt_scenario *sc, const char *id);
dt_status dt_scenario_slot_set(dt_scenario *sc, size_t k, double v,
                               dt_error *err);
typedef struct dt_slot { const dt_value *value; double lo, hi; ...; } dt_slot;
int dt_scenario_slot(const dt_scenario *sc, size_t k, dt_slot *out);
dt_status dt_scenario_write_yaml(const dt_scenario *sc, dt_write_fn write,
                                 void *ud, dt_error *err);
dt_status dt_scenario_write_json(const dt_scenario *sc, dt_write_fn write,
                                 void *ud, dt_error *err);
dt_status dt_scenario_yaml_from_json(const char *json, size_t len,
        const char *name, dt_write_fn write, void *ud, dt_error *err);

/* ---- models and the forecast driver ---- */
typedef struct dt_model_type { const char *name; ...; } dt_model_type;
const dt_model_type *dt_model_find(const char *name);
const char *const *dt_model_presets(void);
typedef int... dt_stop;
const char *dt_stop_str(dt_stop s);
typedef struct dt_model_result {
    double point; double mean; double median; dt_stop stop;
    unsigned rounds; unsigned period; ...;
} dt_model_result;
typedef struct dt_trace {
    size_t n; size_t rounds; double *x; double *mean; double *median; ...;
} dt_trace;
typedef struct dt_line {
    size_t n; const char **ids; size_t *actor; double *x; double *c;
    double *s; ...;
} dt_line;
typedef int... dt_eu_class;
const char *dt_eu_class_str(dt_eu_class c);
typedef struct dt_eu_offer {
    size_t receiver; size_t proposer; dt_eu_class type; double eu_receiver;
    double eu_proposer; double from; double to; ...;
} dt_eu_offer;
typedef struct dt_forecast_offer { unsigned round; dt_eu_offer offer; ...; }
    dt_forecast_offer;
typedef struct dt_forecast dt_forecast;
const char *const *dt_forecast_model_names(void);
void dt_forecast_free(dt_forecast *fc);
size_t dt_forecast_n_issues(const dt_forecast *fc);
size_t dt_forecast_n_models(const dt_forecast *fc);
const char *dt_forecast_model_name(const dt_forecast *fc, size_t m);
const dt_line *dt_forecast_line(const dt_forecast *fc, size_t i);
const dt_model_result *dt_forecast_result(const dt_forecast *fc, size_t i,
                                          size_t m);
const dt_trace *dt_forecast_trace(const dt_forecast *fc, size_t i, size_t m);
const dt_forecast_offer *dt_forecast_offers(const dt_forecast *fc, size_t i,
                                            size_t m, size_t *n);
int dt_forecast_converged(const dt_forecast *fc);
typedef int... dt_opt_kind;
typedef struct dt_opt_key {
    const char *name; const char *group; dt_opt_kind kind;
    const char *const *choices; const char *help; ...;
} dt_opt_key;
size_t dt_forecast_n_keys(void);
const dt_opt_key *dt_forecast_key(size_t i);
size_t dt_forecast_key_find(const char *name);

/* ---- documents ---- */
typedef struct dt_doc dt_doc;
typedef struct dt_doc_opts {
    int rounds; const char *preset; const char *file; int interrupted;
    unsigned formats; ...;
} dt_doc_opts;
#define DT_DOC_TEXT ...
#define DT_DOC_MARKDOWN ...
#define DT_DOC_CSV ...
#define DT_DOC_HTML ...
dt_status dt_doc_new(const dt_allocator *alloc, dt_doc **out, dt_error *err);
void dt_doc_free(dt_doc *d);
dt_status dt_doc_write(const dt_doc *d, int fmt, dt_write_fn write, void *ud,
                       dt_error *err);
dt_status dt_doc_write_html(const dt_doc *d, dt_write_fn write, void *ud,
                            dt_error *err);
dt_status dt_forecast_doc(const dt_forecast *fc, const dt_doc_opts *o,
                          dt_doc *d, dt_error *err);
dt_status dt_forecast_write_json(const dt_forecast *fc, const dt_doc_opts *o,
        dt_write_fn write, void *ud, dt_error *err);
dt_status dt_scenario_doc(const dt_scenario *sc, const dt_doc_opts *o,
                          dt_doc *d, dt_error *err);

/* ---- analysis and comparison ---- */
typedef struct dt_analysis dt_analysis;
typedef struct dt_analysis_opts {
    const dt_model_type *model; int weights; const size_t *levers;
    size_t n_levers; int pairs; int no_levers; ...;
} dt_analysis_opts;
dt_status dt_analyze(const dt_scenario *sc, const dt_analysis_opts *opts,
                     dt_analysis **out, dt_error *err);
void dt_analysis_free(dt_analysis *an);
dt_status dt_analysis_doc(const dt_scenario *sc, const dt_analysis *an,
                          const dt_doc_opts *o, dt_doc *d, dt_error *err);
dt_status dt_analysis_write_json(const dt_scenario *sc, const dt_analysis *an,
        const dt_doc_opts *o, dt_write_fn write, void *ud, dt_error *err);
typedef struct dt_compare dt_compare;
dt_status dt_compare_new(const dt_scenario *const *sc,
        const dt_analysis *const *an, size_t n, dt_compare **out,
        dt_error *err);
void dt_compare_free(dt_compare *c);
size_t dt_compare_n_scenarios(const dt_compare *c);
size_t dt_compare_n_rows(const dt_compare *c);
const char *dt_compare_key(const dt_compare *c, size_t i);
const char *dt_compare_label(const dt_compare *c, size_t i);
const char *dt_compare_cell(const dt_compare *c, size_t i, size_t j);
dt_status dt_compare_doc(const dt_compare *c, const dt_doc_opts *o, dt_doc *d,
                         dt_error *err);
dt_status dt_compare_write_json(const dt_compare *c, const dt_doc_opts *o,
        dt_write_fn write, void *ud, dt_error *err);

/* ---- sweeps ---- */
typedef struct dt_sweep dt_sweep;
typedef struct dt_sweep_opts {
    const dt_model_type *const *models; size_t n_models; uint64_t seed;
    size_t n_draws; unsigned threads; int analysis; int weights;
    int drop_each; size_t memory; ...;
} dt_sweep_opts;
typedef struct dt_sweep_stats {
    size_t n; double q[5]; double mean; double sd; ...;
} dt_sweep_stats;
typedef struct dt_sweep_input {
    size_t slot; size_t actor; size_t issue; double value; double sd;
    double lo, hi; int from_default; const char *label; ...;
} dt_sweep_input;
typedef struct dt_sweep_output {
    size_t model; size_t issue; size_t actor; const char *label; ...;
} dt_sweep_output;
dt_status dt_sweep_new(const dt_scenario *sc, const dt_sweep_opts *opts,
                       dt_sweep **out, dt_error *err);
void dt_sweep_free(dt_sweep *s);
dt_status dt_sweep_run(dt_sweep *s, size_t begin, size_t end, dt_error *err);
dt_status dt_sweep_reduce(dt_sweep *s, dt_error *err);
uint64_t dt_sweep_seed(const dt_sweep *s);
size_t dt_sweep_n_draws(const dt_sweep *s);
size_t dt_sweep_n_done(const dt_sweep *s);
size_t dt_sweep_n_kept(const dt_sweep *s);
size_t dt_sweep_n_models(const dt_sweep *s);
const dt_model_type *dt_sweep_model(const dt_sweep *s, size_t m);
int dt_sweep_has_analysis(const dt_sweep *s);
double dt_sweep_p_zone(const dt_sweep *s);
double dt_sweep_p_red_line(const dt_sweep *s, size_t actor);
size_t dt_sweep_n_inputs(const dt_sweep *s);
const dt_sweep_input *dt_sweep_get_input(const dt_sweep *s, size_t j);
const double *dt_sweep_input_draws(const dt_sweep *s, size_t j);
size_t dt_sweep_n_outputs(const dt_sweep *s);
const dt_sweep_output *dt_sweep_get_output(const dt_sweep *s, size_t k);
const double *dt_sweep_output_draws(const dt_sweep *s, size_t k);
const dt_sweep_stats *dt_sweep_output_stats(const dt_sweep *s, size_t k);
double dt_sweep_influence(const dt_sweep *s, size_t k, size_t j);
dt_status dt_sweep_doc(const dt_sweep *s, const dt_doc_opts *o, dt_doc *d,
                       dt_error *err);
dt_status dt_sweep_write_json(const dt_sweep *s, const dt_doc_opts *o,
        dt_write_fn write, void *ud, dt_error *err);
dt_status dt_sweep_write_draws_csv(const dt_sweep *s, dt_write_fn write,
                                   void *ud, dt_error *err);

/* ---- games ---- */
typedef struct dt_games_sequence dt_games_sequence;
typedef struct dt_games_sequence_sweep {
    char param[128]; double lo, hi; unsigned steps; ...;
} dt_games_sequence_sweep;
typedef struct dt_games_sequence_opts {
    const char *const *plans; size_t n_plans;
    const dt_games_sequence_sweep *sweeps; size_t n_sweeps; int file_sweeps;
    uint64_t seed; size_t draws; ...;
} dt_games_sequence_opts;
dt_status dt_games_sequence_sweep_parse(const char *text,
        dt_games_sequence_sweep *out, dt_error *err);
dt_status dt_games_sequence_new(const dt_scenario *sc,
        const dt_games_sequence_opts *o, dt_games_sequence **out,
        dt_error *err);
void dt_games_sequence_free(dt_games_sequence *s);
dt_status dt_games_sequence_doc(const dt_games_sequence *s,
        const dt_doc_opts *o, dt_doc *d, dt_error *err);
dt_status dt_games_sequence_write_json(const dt_games_sequence *s,
        const dt_doc_opts *o, dt_write_fn write, void *ud, dt_error *err);
typedef struct dt_game { size_t n_players; ...; } dt_game;
typedef struct dt_game_profile dt_game_profile;
dt_status dt_game_load_efg(const char *path, const dt_allocator *alloc,
                           dt_game **out, dt_error *err);
void dt_game_free(dt_game *g);
dt_status dt_game_spe(const dt_game *g, dt_game_profile **out, dt_error *err);
dt_status dt_game_qre(const dt_game *g, const double *lambda,
                      dt_game_profile **out, dt_error *err);
void dt_game_profile_free(dt_game_profile *p);
dt_status dt_game_write_profile(const dt_game *g, const dt_game_profile *pr,
        dt_write_fn write, void *ud, dt_error *err);
dt_status dt_game_doc(const dt_game *g, const dt_game_profile *pr,
        const dt_doc_opts *o, dt_doc *d, dt_error *err);
dt_status dt_game_write_json(const dt_game *g, const dt_game_profile *pr,
        const dt_doc_opts *o, dt_write_fn write, void *ud, dt_error *err);

/* ---- backtest ---- */
typedef struct dt_deu dt_deu;
typedef struct dt_backtest dt_backtest;
typedef int... dt_capability_kind;
#define DT_CAPABILITY_COUNCIL ...
#define DT_CAPABILITY_EQUAL ...
#define DT_CAPABILITY_TABLE ...
typedef struct dt_backtest_opts {
    const char *const *models; dt_capability_kind capability;
    const double *cap_table; const char *capability_source; unsigned folds;
    unsigned bootstrap; uint64_t seed; double level; unsigned draws;
    double position_sd; double salience_sd; ...;
} dt_backtest_opts;
int dt_deu_is_header(const char *header);
dt_status dt_deu_load(const char *path, const dt_allocator *alloc,
                      dt_deu **out, dt_error *err);
void dt_deu_free(dt_deu *d);
dt_status dt_deu_capability_load(const dt_deu *d, const char *path,
                                 double **out, dt_error *err);
void dt_deu_capability_free(const dt_deu *d, double *v);
dt_status dt_backtest_run(const dt_deu *d, const dt_backtest_opts *o,
                          dt_backtest **out, dt_error *err);
void dt_backtest_free(dt_backtest *b);
dt_status dt_backtest_doc(const dt_backtest *b, const dt_doc_opts *o,
                          dt_doc *d, dt_error *err);
dt_status dt_backtest_write_json(const dt_backtest *b, const dt_doc_opts *o,
        dt_write_fn write, void *ud, dt_error *err);

/* ---- charts and reports (libdetente-report) ---- */
typedef int... dt_chart_kind;
typedef int... dt_chart_format;
typedef struct dt_chart_run {
    const char *model; size_t issue; const dt_line *line;
    const dt_trace *trace; double point; ...;
} dt_chart_run;
typedef struct dt_chart_dist { size_t issue; ...; } dt_chart_dist;
typedef struct dt_chart_input {
    const dt_scenario *sc; const char *label; size_t n_runs;
    const dt_chart_run *runs; const dt_analysis *analysis; size_t n_dists;
    const dt_chart_dist *dists; ...;
} dt_chart_input;
typedef struct dt_chart_opts {
    double width; double height; size_t issue; const char *model;
    const char *title; const char *caption; const char *font;
    double font_size; const char *pdf_date; const char *svg_id; ...;
} dt_chart_opts;
typedef struct dt_chart_dists dt_chart_dists;
dt_status dt_chart_check(dt_chart_kind kind, const dt_chart_input *in,
        size_t n_in, const dt_chart_opts *opts, dt_error *err);
dt_status dt_chart_font_check(const char *family, dt_error *err);
int dt_chart_kind_from_name(const char *name, dt_chart_kind *out);
int dt_chart_format_from_name(const char *name, dt_chart_format *out);
dt_status dt_chart_sweep_dists(const dt_sweep *s, dt_chart_dists **out,
                               dt_error *err);
const dt_chart_dist *dt_chart_dists_get(const dt_chart_dists *d, size_t *n);
void dt_chart_dists_free(dt_chart_dists *d);
typedef struct dt_report dt_report;
typedef struct dt_report_input {
    const dt_scenario *scenario; const void *bytes; size_t len;
    const char *label; ...;
} dt_report_input;
typedef struct dt_report_opts {
    const dt_model_type *const *models; size_t n_models; int analysis;
    size_t draws; unsigned threads; int has_seed; uint64_t seed;
    const char *command; ...;
} dt_report_opts;
dt_status dt_report_new(const dt_report_input *in, size_t n,
        const dt_report_opts *opts, dt_report **out, dt_error *err);
void dt_report_free(dt_report *rep);
dt_status dt_report_write_html(const dt_report *rep, dt_write_fn write,
                               void *ud, dt_error *err);
dt_status dt_report_write_pdf(const dt_report *rep, dt_write_fn write,
                              void *ud, dt_error *err);
uint64_t dt_report_seed(const dt_report *rep);

/* ---- helpers of this extension (pydt_*) ---- */
typedef struct pydt_buf { char *p; size_t n; size_t cap; } pydt_buf;
dt_status pydt_buf_write(void *ud, const void *p, size_t n);
void pydt_buf_free(pydt_buf *b);
typedef struct pydt_diags { dt_error *e; size_t n; size_t cap; } pydt_diags;
void pydt_diags_free(pydt_diags *d);
dt_status pydt_load(const char *path, const char *buf, size_t len, int fmt,
                    int from_buf, int counting, pydt_diags *diags,
                    dt_scenario **out, dt_error *err);
dt_status pydt_builder_new(const char *name, int counting,
                           dt_scenario_builder **out, dt_error *err);
void pydt_alloc_counts(size_t *live_bytes, size_t *live_blocks,
                       size_t *total_blocks);
dt_status pydt_forecast(const dt_scenario *sc, const char *const *models,
        size_t n_models, const char *preset, const char *const *keys,
        const char *const *vals, size_t n_kv, int trace, dt_forecast **out,
        double **acc, dt_error *err);
double pydt_bench_forecast(const dt_scenario *sc, const char *const *models,
        size_t n_models, const char *preset, size_t iterations);
void pydt_init_analysis_opts(dt_analysis_opts *o);
void pydt_init_sweep_opts(dt_sweep_opts *o);
void pydt_init_sequence_opts(dt_games_sequence_opts *o);
void pydt_init_backtest_opts(dt_backtest_opts *o);
void pydt_init_report_opts(dt_report_opts *o);
void pydt_init_chart_opts(dt_chart_opts *o);
void pydt_init_chart_input(dt_chart_input *in);
dt_chart_run *pydt_forecast_chart_runs(const dt_forecast *fc, size_t *n);
dt_status pydt_chart_render(dt_chart_kind kind, const dt_chart_input *in,
        size_t n_in, const dt_chart_opts *opts, dt_chart_format fmt,
        pydt_buf *out, dt_error *err);
unsigned pydt_ncpu(void);
void pydt_gsl_off(void);
"""

SOURCE = r"""
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include <detente/detente.h>
#include <detente/chart.h>
#include <detente/report.h>

/* Output collected in memory: every writer of the library writes here. */
typedef struct pydt_buf { char *p; size_t n; size_t cap; } pydt_buf;

static dt_status pydt_buf_write(void *ud, const void *p, size_t n)
{
    pydt_buf *b = ud;

    if (n > b->cap - b->n) {
        size_t cap = b->cap ? b->cap : 4096;
        char *np;

        while (n > cap - b->n) {
            if (cap > ((size_t)-1) / 2)
                return DT_ENOMEM;
            cap *= 2;
        }
        np = realloc(b->p, cap);
        if (!np)
            return DT_ENOMEM;
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->n, p, n);
    b->n += n;
    return DT_OK;
}

static int pydt_chart_write(void *ctx, const unsigned char *data, size_t len)
{
    return pydt_buf_write(ctx, data, len) == DT_OK ? 0 : -1;
}

static void pydt_buf_free(pydt_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
}

/* Every diagnostic of a load, in file order. */
typedef struct pydt_diags { dt_error *e; size_t n; size_t cap; } pydt_diags;

static void pydt_diag(void *ud, const dt_error *e)
{
    pydt_diags *d = ud;

    if (d->n == d->cap) {
        size_t cap = d->cap ? 2 * d->cap : 16;
        dt_error *ne = realloc(d->e, cap * sizeof *ne);

        if (!ne)
            return;
        d->e = ne;
        d->cap = cap;
    }
    d->e[d->n++] = *e;
}

static void pydt_diags_free(pydt_diags *d)
{
    free(d->e);
    d->e = NULL;
    d->n = d->cap = 0;
}

/* A counting allocator (tests: nothing stays allocated). */
static size_t pydt_live_bytes, pydt_live_blocks, pydt_total_blocks;

static void *pydt_count_realloc(void *ud, void *p, size_t old, size_t new_size)
{
    void *q;

    (void)ud;
    if (new_size == 0) {
        if (p) {
            __atomic_sub_fetch(&pydt_live_bytes, old, __ATOMIC_RELAXED);
            __atomic_sub_fetch(&pydt_live_blocks, 1, __ATOMIC_RELAXED);
        }
        free(p);
        return NULL;
    }
    q = realloc(p, new_size);
    if (!q)
        return NULL;
    if (p) {
        __atomic_sub_fetch(&pydt_live_bytes, old, __ATOMIC_RELAXED);
    } else {
        __atomic_add_fetch(&pydt_live_blocks, 1, __ATOMIC_RELAXED);
        __atomic_add_fetch(&pydt_total_blocks, 1, __ATOMIC_RELAXED);
    }
    __atomic_add_fetch(&pydt_live_bytes, new_size, __ATOMIC_RELAXED);
    return q;
}

static const dt_allocator pydt_counting = {pydt_count_realloc, NULL};

static void pydt_alloc_counts(size_t *live_bytes, size_t *live_blocks,
                              size_t *total_blocks)
{
    *live_bytes = __atomic_load_n(&pydt_live_bytes, __ATOMIC_RELAXED);
    *live_blocks = __atomic_load_n(&pydt_live_blocks, __ATOMIC_RELAXED);
    *total_blocks = __atomic_load_n(&pydt_total_blocks, __ATOMIC_RELAXED);
}

/* As the command line loads (cli_load): every error collected. */
static dt_status pydt_load(const char *path, const char *buf, size_t len,
                           int fmt, int from_buf, int counting,
                           pydt_diags *diags, dt_scenario **out, dt_error *err)
{
    dt_load_opts o = DT_LOAD_OPTS_INIT;

    o.on_error = pydt_diag;
    o.ud = diags;
    o.max_errors = 0;
    o.alloc = counting ? &pydt_counting : NULL;
    if (from_buf)
        return dt_scenario_parse(buf, len, path, (dt_scenario_format)fmt, &o,
                                 out, err);
    return dt_scenario_load(path, &o, out, err);
}

static dt_status pydt_builder_new(const char *name, int counting,
                                  dt_scenario_builder **out, dt_error *err)
{
    return dt_scenario_builder_new(name, counting ? &pydt_counting : NULL, out,
                                   err);
}

static void pydt_gsl_off(void)
{
    gsl_set_error_handler_off();
}

static unsigned pydt_ncpu(void)
{
    long nc = sysconf(_SC_NPROCESSORS_ONLN);

    return nc < 1 ? 1u : nc > 64 ? 64u : (unsigned)nc;
}

static dt_status pydt_apply_group(dt_forecast_opts *o, const char *group,
                                  const char *const *keys,
                                  const char *const *vals, size_t n_kv,
                                  dt_error *err)
{
    size_t k;

    for (k = 0; k < n_kv; k++) {
        size_t i = dt_forecast_key_find(keys[k]);
        dt_status st;

        if (i == (size_t)-1 || strcmp(dt_forecast_key(i)->group, group) != 0)
            continue;
        st = dt_forecast_opts_set(o, keys[k], vals[k], err);
        if (st != DT_OK)
            return st;
    }
    return DT_OK;
}

/*
 * `detente forecast` (src/cli/cmd_forecast.c), step by step: the preset,
 * then the model keys, checked; smp's threads (the available cores), the
 * file's model parameters, then the smp keys; the forecast driver.
 */
static dt_status pydt_forecast(const dt_scenario *sc,
                               const char *const *models, size_t n_models,
                               const char *preset, const char *const *keys,
                               const char *const *vals, size_t n_kv, int trace,
                               dt_forecast **out, double **acc, dt_error *err)
{
    dt_forecast_opts o = DT_FORECAST_OPTS_INIT;
    size_t n = dt_scenario_n_actors(sc);
    dt_status st;

    *out = NULL;
    *acc = NULL;
    o.trace = trace;
    if (preset && (st = dt_model_opts_preset(&o.model, preset, err)) != DT_OK)
        return st;
    if ((st = pydt_apply_group(&o, "model", keys, vals, n_kv, err)) != DT_OK)
        return st;
    if ((st = dt_model_opts_check(&o.model, err)) != DT_OK)
        return st;
    o.smp.threads = pydt_ncpu();
    if (dt_scenario_n_ideal_adjusts(sc) > 0) {
        *acc = malloc((n ? n * n : 1) * sizeof **acc);
        if (!*acc) {
            err->code = DT_ENOMEM;
            snprintf(err->msg, sizeof err->msg, "out of memory");
            err->file[0] = '\0';
            err->line = err->col = 0;
            return DT_ENOMEM;
        }
    }
    if ((st = dt_smp_opts_from_scenario(sc, &o.smp, *acc, err)) != DT_OK)
        return st;
    if ((st = pydt_apply_group(&o, "smp", keys, vals, n_kv, err)) != DT_OK)
        return st;
    return dt_forecast_new(sc, models, n_models, &o, out, err);
}

/* The same forecast `iterations` times in C: seconds per forecast. */
static double pydt_bench_forecast(const dt_scenario *sc,
                                  const char *const *models, size_t n_models,
                                  const char *preset, size_t iterations)
{
    struct timespec t0, t1;
    size_t i;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (i = 0; i < iterations; i++) {
        dt_forecast *fc;
        double *acc;
        dt_error err;

        if (pydt_forecast(sc, models, n_models, preset, NULL, NULL, 0, 1, &fc,
                          &acc, &err) != DT_OK)
            return NAN;
        dt_forecast_free(fc);
        free(acc);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return ((double)(t1.tv_sec - t0.tv_sec) +
            1e-9 * (double)(t1.tv_nsec - t0.tv_nsec)) /
           (double)(iterations ? iterations : 1);
}

static void pydt_init_analysis_opts(dt_analysis_opts *o)
{
    dt_analysis_opts d = DT_ANALYSIS_OPTS_INIT;
    *o = d;
}
static void pydt_init_sweep_opts(dt_sweep_opts *o)
{
    dt_sweep_opts d = DT_SWEEP_OPTS_INIT;
    *o = d;
}
static void pydt_init_sequence_opts(dt_games_sequence_opts *o)
{
    dt_games_sequence_opts d = DT_GAMES_SEQUENCE_OPTS_INIT;
    *o = d;
}
static void pydt_init_backtest_opts(dt_backtest_opts *o)
{
    dt_backtest_opts d = DT_BACKTEST_OPTS_INIT;
    *o = d;
}
static void pydt_init_report_opts(dt_report_opts *o)
{
    dt_report_opts d = DT_REPORT_OPTS_INIT;
    *o = d;
}
static void pydt_init_chart_opts(dt_chart_opts *o)
{
    dt_chart_opts d = DT_CHART_OPTS_INIT;
    *o = d;
}
static void pydt_init_chart_input(dt_chart_input *in)
{
    dt_chart_input d = DT_CHART_INPUT_INIT;
    *in = d;
}

/* A forecast's runs as chart runs, issue-major (free with free()). */
static dt_chart_run *pydt_forecast_chart_runs(const dt_forecast *fc, size_t *n)
{
    size_t ni = dt_forecast_n_issues(fc), nm = dt_forecast_n_models(fc);
    size_t i, m, k = 0;
    dt_chart_run *r = calloc(ni * nm > 0 ? ni * nm : 1, sizeof *r);

    *n = 0;
    if (!r)
        return NULL;
    for (i = 0; i < ni; i++)
        for (m = 0; m < nm; m++) {
            r[k].model = dt_forecast_model_name(fc, m);
            r[k].issue = i;
            r[k].line = dt_forecast_line(fc, i);
            r[k].trace = dt_forecast_trace(fc, i, m);
            r[k].point = dt_forecast_result(fc, i, m)->point;
            k++;
        }
    *n = k;
    return r;
}

static dt_status pydt_chart_render(dt_chart_kind kind,
                                   const dt_chart_input *in, size_t n_in,
                                   const dt_chart_opts *opts,
                                   dt_chart_format fmt, pydt_buf *out,
                                   dt_error *err)
{
    return dt_chart_render(kind, in, n_in, opts, fmt, pydt_chart_write, out,
                           err);
}
"""



# Judgement as data (docs/judgement.md): estimates, reconcile, Sobol
# indices, sealed forecasts. Kept apart from CDEF/SOURCE above.
CDEF_JUDGEMENT = r"""
typedef struct dt_estimates dt_estimates;
dt_status dt_estimates_new(const dt_scenario *sc, dt_estimates **out,
                           dt_error *err);
void dt_estimates_free(dt_estimates *e);
dt_status dt_estimates_add_file(dt_estimates *e, const char *path,
                                dt_error *err);
size_t dt_estimates_n_analysts(const dt_estimates *e);
const char *dt_estimates_analyst(const dt_estimates *e, size_t k);
typedef struct dt_vary_opts {
    const char *const *models; size_t n_models; ...;
} dt_vary_opts;
typedef struct dt_reconcile { size_t n_items; ...; } dt_reconcile;
dt_status dt_reconcile_new(const dt_scenario *sc, const dt_estimates *e,
                           const dt_vary_opts *o, dt_reconcile **out,
                           dt_error *err);
void dt_reconcile_free(dt_reconcile *r);
dt_status dt_reconcile_doc(const dt_reconcile *r, const dt_doc_opts *o,
                           dt_doc *d, dt_error *err);
dt_status dt_reconcile_write_json(const dt_reconcile *r, const dt_doc_opts *o,
        dt_write_fn write, void *ud, dt_error *err);

typedef int... dt_sobol_group_by;
typedef struct dt_sobol_opts {
    uint64_t seed; size_t n_base; size_t n_boot; double level;
    unsigned threads; dt_sobol_group_by group_by; ...;
} dt_sobol_opts;
typedef struct dt_sobol_est { double est; double lo, hi; } dt_sobol_est;
typedef struct dt_sobol dt_sobol;
const char *dt_sobol_group_by_name(dt_sobol_group_by g);
dt_status dt_sobol_scenario_new(const dt_scenario *sc,
        const dt_sweep_opts *sweep_opts, const dt_sobol_opts *opts,
        dt_sobol **out, dt_error *err);
dt_status dt_sobol_compute(dt_sobol *s, size_t b, size_t e, dt_error *err);
dt_status dt_sobol_finish(dt_sobol *s, dt_error *err);
void dt_sobol_free(dt_sobol *s);
size_t dt_sobol_n_inputs(const dt_sobol *s);
const char *dt_sobol_input_label(const dt_sobol *s, size_t j);
size_t dt_sobol_n_outputs(const dt_sobol *s);
const char *dt_sobol_output_label(const dt_sobol *s, size_t o);
size_t dt_sobol_n_runs(const dt_sobol *s);
double dt_sobol_variance(const dt_sobol *s, size_t o);
size_t dt_sobol_n_used(const dt_sobol *s, size_t o);
const dt_sobol_est *dt_sobol_first(const dt_sobol *s, size_t o, size_t j);
const dt_sobol_est *dt_sobol_total(const dt_sobol *s, size_t o, size_t j);
dt_status dt_sobol_doc(const dt_sobol *s, const dt_doc_opts *opts,
                       dt_doc *d, dt_error *err);
dt_status dt_sobol_write_json(const dt_sobol *s, dt_write_fn write,
                              void *ud, dt_error *err);

typedef struct dt_seal_opts {
    const char *const *models; size_t n_models; size_t n_draws;
    uint64_t seed; unsigned threads; int analysis; ...;
} dt_seal_opts;
typedef struct dt_seal dt_seal;
dt_status dt_seal_new(const char *path, const dt_seal_opts *o,
                      dt_seal **out, dt_error *err);
dt_status dt_seal_load(const char *path, dt_seal **out, dt_error *err);
dt_status dt_seal_parse(const char *buf, size_t len, const char *name,
                        dt_seal **out, dt_error *err);
void dt_seal_free(dt_seal *s);
dt_status dt_seal_write_json(const dt_seal *s, dt_write_fn write, void *ud,
                             dt_error *err);
const char *dt_seal_input(const dt_seal *s);
const char *dt_seal_input_sha256(const dt_seal *s);
typedef int... dt_seal_diff_kind;
const char *dt_seal_diff_kind_name(dt_seal_diff_kind k);
#define DT_SEAL_MAX_DIFFS ...
typedef struct dt_seal_diff { dt_seal_diff_kind kind; char what[256]; }
    dt_seal_diff;
typedef struct dt_seal_check {
    size_t n_diffs; dt_seal_diff diffs[...];
} dt_seal_check;
dt_status dt_seal_verify(const dt_seal *s, const char *input,
                         unsigned threads, dt_seal_check *chk, dt_error *err);
dt_status dt_seal_resolve(dt_seal *s, const char *issue, double value,
                          dt_error *err);
dt_status dt_seal_resolve_agreement(dt_seal *s, int agreement,
                                    dt_error *err);
typedef struct dt_seal_score dt_seal_score;
dt_status dt_seal_score_new(const dt_seal *const *recs, size_t n,
                            dt_seal_score **out, dt_error *err);
void dt_seal_score_free(dt_seal_score *sc);
dt_status dt_seal_score_doc(const dt_seal_score *sc, dt_doc *d,
                            dt_error *err);
dt_status dt_seal_score_write_json(const dt_seal_score *sc,
                                   dt_write_fn write, void *ud,
                                   dt_error *err);
void pydt_init_vary_opts(dt_vary_opts *o);
void pydt_init_sobol_opts(dt_sobol_opts *o);
void pydt_init_seal_opts(dt_seal_opts *o);
void pydt_sweep_opts_set_estimates(dt_sweep_opts *o, const dt_estimates *e);
"""

SOURCE_JUDGEMENT = r"""
static void pydt_init_vary_opts(dt_vary_opts *o)
{
    dt_vary_opts d = DT_VARY_OPTS_INIT;
    *o = d;
}
static void pydt_init_sobol_opts(dt_sobol_opts *o)
{
    dt_sobol_opts d = DT_SOBOL_OPTS_INIT;
    *o = d;
}
static void pydt_init_seal_opts(dt_seal_opts *o)
{
    dt_seal_opts d = DT_SEAL_OPTS_INIT;
    *o = d;
}
static void pydt_sweep_opts_set_estimates(dt_sweep_opts *o,
                                          const dt_estimates *e)
{
    o->estimates = e;
}
"""


def _cmake_version(source_dir):
    with open(os.path.join(source_dir, "CMakeLists.txt"), encoding="utf-8") as f:
        m = re.search(r"project\(\s*detente\s+VERSION\s+([0-9.]+)", f.read())
    return m.group(1) if m else None


def find_detente():
    """(source_dir or None, include_dir, lib_dir) of the library to build on.

    DETENTE_SOURCE_DIR (the repository) and DETENTE_BUILD_DIR (a CMake
    build tree) or DETENTE_LIB (the shared library, or its directory)
    win; else the repository this file sits in and its newest build tree
    holding libdetente.so; else an installed prefix.
    """
    src = os.environ.get("DETENTE_SOURCE_DIR")
    if not src:
        cand = os.path.dirname(HERE)
        if os.path.exists(os.path.join(cand, "include", "detente", "detente.h")):
            src = cand
    lib_dir = None
    for var in ("DETENTE_LIB", "DETENTE_BUILD_DIR"):
        v = os.environ.get(var)
        if v:
            lib_dir = v if os.path.isdir(v) else os.path.dirname(v)
            break
    if lib_dir is None and src:
        trees = [d for d in glob.glob(os.path.join(src, "build*"))
                 if _plain_build(d)]
        trees.sort(key=lambda d: os.path.getmtime(
            os.path.join(d, "libdetente.so")), reverse=True)
        if trees:
            lib_dir = trees[0]
    if src:
        inc = os.path.join(src, "include")
    else:
        inc = next((os.path.join(p, "include") for p in
                    ("/usr/local", "/usr")
                    if os.path.exists(os.path.join(p, "include", "detente",
                                                   "detente.h"))), None)
    if lib_dir is None:
        for p in ("/usr/local/lib", "/usr/lib", "/usr/lib/x86_64-linux-gnu",
                  "/usr/lib/aarch64-linux-gnu", "/usr/local/lib64"):
            if os.path.exists(os.path.join(p, "libdetente.so")):
                lib_dir = p
                break
    if inc is None or lib_dir is None:
        raise RuntimeError(
            "cannot find libdetente: build it first (cmake -S . -B build && "
            "cmake --build build) or set DETENTE_BUILD_DIR / DETENTE_LIB and "
            "DETENTE_SOURCE_DIR")
    return src, inc, lib_dir


def _plain_build(d):
    """A build tree with libdetente.so that is not a sanitizer build."""
    cache = os.path.join(d, "CMakeCache.txt")
    if not os.path.exists(os.path.join(d, "libdetente.so")) or \
            not os.path.exists(cache):
        return False
    with open(cache, encoding="utf-8", errors="replace") as f:
        text = f.read()
    return not re.search(r"^DT_(SANITIZE|TSAN):BOOL=ON", text, re.M)


def _pkg_cflags(*pkgs):
    try:
        out = subprocess.run(["pkg-config", "--cflags"] + list(pkgs),
                             check=True, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        out = "-I/usr/include/cairo"
    return shlex.split(out)


def make_ffi(include_dir=None, lib_dir=None):
    if include_dir is None or lib_dir is None:
        _, include_dir, lib_dir = find_detente()
    ffi = FFI()
    ffi.cdef(CDEF + CDEF_JUDGEMENT)
    ffi.set_source(
        "detente._detente_cffi", SOURCE + SOURCE_JUDGEMENT,
        include_dirs=[include_dir],
        library_dirs=[lib_dir],
        libraries=["detente-report", "detente", "gsl"],
        extra_compile_args=_pkg_cflags("cairo") + ["-std=gnu17", "-O2"],
        # The library is preloaded by detente/_loader.py; the run path is
        # only a fallback for the build tree and the bundled copy.
        extra_link_args=["-Wl,-rpath,$ORIGIN/_libs", "-Wl,-rpath," + lib_dir],
    )
    return ffi


if __name__ == "__main__":
    import argparse
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--tmpdir", default=os.path.join(HERE, "build-cffi"))
    ap.add_argument("--lib-dir")
    ap.add_argument("--include-dir")
    a = ap.parse_args()
    make_ffi(a.include_dir, a.lib_dir).compile(tmpdir=a.tmpdir, verbose=True)
