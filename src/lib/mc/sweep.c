/*
 * The sweep: plan, run draws [begin, end) on the workers (platform/
 * parallel.c: worker w takes draws begin + w, begin + w + W, ...), and
 * the raw per-draw records. Each draw writes only its own column slots,
 * so the stored results do not depend on the number of workers, and the
 * summaries (reduce.c) read them in draw order after the workers join
 * (HOUSE_STYLE 6). See include/detente/sweep.h and docs/analysis.md
 * "Sweep".
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "mc/mc_int.h"
#include "platform/parallel.h"

const double dt_sweep_levels[DT_SWEEP_NQ] = {0.05, 0.25, 0.50, 0.75, 0.95};

/*
 * Forecast of every (issue, model) of the worker's clone, as it is now:
 * the driver refills its lines from the clone and runs the models again.
 */
static dt_status eval_models(const dt_sweep *s, dt__mc_ws *w, double *fc,
                             dt_error *err)
{
    size_t i, m;
    dt_status rc = dt_forecast_rerun(w->fc, err);

    if (rc != DT_OK)
        return rc;
    for (i = 0; i < s->n_issues; i++)
        for (m = 0; m < s->n_models; m++)
            fc[i * s->n_models + m] = dt_forecast_result(w->fc, i, m)->point;
    return DT_OK;
}

/* Zone, surplus, deal, durability and red lines of the worker's copy. */
static dt_status eval_analysis(const dt_sweep *s, dt__mc_ws *w, double *out,
                               dt_error *err)
{
    dt_analysis_opts ao = DT_ANALYSIS_OPTS_INIT;
    dt_analysis *an = NULL;
    const dt_analysis_run *r;
    dt_status rc;
    size_t i, a;

    /* The analysis' own forecasts are not recorded: the cheapest model. */
    ao.model = &dt_model_mean;
    ao.weights = s->o.weights;
    ao.no_levers = 1; /* the sweep studies the scenario, not its levers */
    /* Nor what it does not record; the worker's workspace remembers. */
    ao.flags = DT_ANALYSIS_NO_FORECASTS | DT_ANALYSIS_NO_FREE_ZONE;
    ao.ws = w->aws;
    rc = dt_analyze(w->sc, &ao, &an, err);
    if (rc != DT_OK)
        return rc;
    r = &an->base;
    out[s->out_zone] = r->zone.status == DT_ZONE_SOLVED && r->zone.feasible;
    out[s->out_surplus] =
        r->zone.status == DT_ZONE_SOLVED ? r->zone.surplus : (double)NAN;
    for (i = 0; i < s->n_issues; i++)
        out[s->out_deal + i] = r->deal.found ? r->deal.point[i] : (double)NAN;
    out[s->out_dur] = r->durability;
    for (a = 0; a < s->n_actors; a++)
        out[s->out_red + a] =
            r->proposal ? (double)(r->crossed[a] > 0) : (double)NAN;
    if (s->has_rat)
        out[s->out_rat] = r->ratified < 0 ? (double)NAN : (double)r->ratified;
    dt_analysis_free(an);
    return DT_OK;
}

dt_status dt__mc_eval(const dt_sweep *s, dt__mc_ws *w, double *rec,
                      dt_error *err)
{
    double *out = rec + s->n_in, *drop = out + s->n_out;
    dt_status rc;
    size_t a;

    memcpy(rec, w->val, s->n_in * sizeof *rec);
    rc = eval_models(s, w, out, err);
    if (rc == DT_OK && s->analysis)
        rc = eval_analysis(s, w, out, err);
    for (a = 0; rc == DT_OK && s->n_drop && a < s->n_actors; a++)
        rc = dt_forecast_points_without(
            w->fc, a, drop + a * s->n_issues * s->n_models, err);
    return rc;
}

/*
 * Every output of the scenario as written (worker 0's clone before any
 * draw: its inputs hold the scenario's values), for the sweep table's
 * "as written" column and the fragility flag.
 */
static dt_status eval_base(dt_sweep *s, dt_error *err)
{
    dt__mc_ws *w = &s->ws[0];
    double *rec = dt__alloc(s->alloc, (s->rec + 1) * sizeof *rec);
    dt_status rc;
    size_t j;

    s->base_out = dt__calloc(s->alloc, s->n_out + 1, sizeof *s->base_out);
    if (!rec || !s->base_out) {
        dt__free(s->alloc, rec, (s->rec + 1) * sizeof *rec);
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    for (j = 0; j < s->n_in; j++)
        w->val[j] = s->in[j].value;
    rc = eval_models(s, w, rec + s->n_in, err);
    if (rc == DT_OK && s->analysis)
        rc = eval_analysis(s, w, rec + s->n_in, err);
    if (rc == DT_OK)
        memcpy(s->base_out, rec + s->n_in, s->n_out * sizeof *rec);
    dt__free(s->alloc, rec, (s->rec + 1) * sizeof *rec);
    return rc;
}

/* ----- Plan and storage. ----- */

static dt_status check_opts(const dt_sweep_opts *o, dt_error *err)
{
    size_t m;

    if (o->n_draws < 1)
        return dt__error_set(err, DT_EINVAL,
                             "the number of draws must be >= 1");
    if (o->n_models && !o->models)
        return dt__error_set(err, DT_EINVAL, "no models given");
    for (m = 0; m < o->n_models; m++)
        if (!o->models[m])
            return dt__error_set(err, DT_EINVAL, "model %zu is NULL", m);
    if ((unsigned)o->analysis > DT_SWEEP_ANALYSIS_ON)
        return dt__error_set(err, DT_EINVAL, "unknown analysis mode %d",
                             (int)o->analysis);
    return dt_model_opts_check(&o->model_opts, err);
}

/* Whether the analysis can run on sc (AUTO) or must (ON). */
static dt_status decide_analysis(dt_sweep *s, dt_error *err)
{
    dt_analysis_opts ao = DT_ANALYSIS_OPTS_INIT;
    dt_analysis *an = NULL;
    dt_error e;
    dt_status rc;

    s->analysis = 0;
    if (s->o.analysis == DT_SWEEP_ANALYSIS_OFF)
        return DT_OK;
    ao.model = &dt_model_mean;
    ao.weights = s->o.weights;
    ao.no_levers = 1; /* levers are not studied */
    rc = dt_analyze(s->base, &ao, &an, &e);
    dt_analysis_free(an);
    if (rc == DT_OK) {
        s->analysis = 1;
        return DT_OK;
    }
    if (rc == DT_ESCENARIO && s->o.analysis == DT_SWEEP_ANALYSIS_AUTO)
        return DT_OK;
    if (err)
        *err = e;
    return rc;
}

/*
 * Bytes per kept draw: its record and done flag, and what the reduction
 * needs per draw at its peak with one worker (influence.c: a mask byte
 * per output, the ranks of every input, three scratch arrays).
 */
static size_t bytes_per_kept(const dt_sweep *s)
{
    return s->rec * sizeof(double) + 1 + s->n_out + s->n_in * sizeof(double) +
           3 * sizeof(double);
}

/*
 * K, the draws kept whole, from opts.memory (never from the thread
 * count, so results do not depend on it), and the reduction's workers:
 * as many of the sweep's as the rest of the budget gives scratch to
 * (the reduction's results are the same bits for any count).
 */
static void plan_memory(dt_sweep *s)
{
    size_t per = bytes_per_kept(s), extra = 3 * sizeof(double), rest;

    s->n_keep = s->n_draws;
    s->n_red = s->n_ws;
    if (!s->o.memory)
        return;
    if (s->o.memory / per < s->n_keep)
        s->n_keep = s->o.memory / per ? s->o.memory / per : 1;
    rest = s->o.memory > s->n_keep * per ? s->o.memory - s->n_keep * per : 0;
    if (rest / (extra * s->n_keep) + 1 < s->n_red)
        s->n_red = (unsigned)(rest / (extra * s->n_keep) + 1);
}

/*
 * Streaming, when some draws are not kept: the centre of each column's
 * sums (the scenario as written, where it has a value: sums of small
 * deviations lose less to rounding when converted), the sweep's sums and
 * one set per worker.
 */
static dt_status plan_stream(dt_sweep *s, dt_error *err)
{
    size_t k, q;
    unsigned w;

    if (s->n_keep == s->n_draws)
        return DT_OK;
    s->shift = dt__calloc(s->alloc, s->rec + 1, sizeof *s->shift);
    s->wst = dt__calloc(s->alloc, s->n_ws, sizeof *s->wst);
    if (!s->shift || !s->wst || dt__mc_stream_alloc(s, &s->st) != DT_OK)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    for (w = 0; w < s->n_ws; w++)
        if (dt__mc_stream_alloc(s, &s->wst[w]) != DT_OK)
            return dt__error_set(err, DT_ENOMEM, "out of memory");
    for (k = 0; k < s->n_in; k++)
        s->shift[k] = s->in[k].value;
    for (k = 0; k < s->n_out; k++)
        s->shift[s->n_in + k] = isfinite(s->base_out[k]) ? s->base_out[k] : 0.0;
    for (q = 0; q < s->n_drop; q++) {
        double b = s->base_fc[q % (s->n_issues * s->n_models)];

        s->shift[s->n_in + s->n_out + q] = isfinite(b) ? b : 0.0;
    }
    return DT_OK;
}

dt_status dt_sweep_new(const dt_scenario *sc, const dt_sweep_opts *opts,
                       dt_sweep **out, dt_error *err)
{
    static const dt_model_type *const eu_only[] = {&dt_model_eu};
    dt_sweep *s;
    dt_status rc;
    unsigned w;
    size_t k;

    *out = NULL;
    rc = check_opts(opts, err);
    if (rc != DT_OK)
        return rc;
    s = dt__calloc(dt_scenario_allocator(sc), 1, sizeof *s);
    if (!s)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    s->alloc = dt_scenario_allocator(sc);
    s->base = sc;
    s->o = *opts;
    s->models = opts->n_models ? opts->models : eu_only;
    s->n_models = opts->n_models ? opts->n_models : 1;
    s->n_issues = dt_scenario_n_issues(sc);
    s->n_actors = dt_scenario_n_actors(sc);
    s->n_draws = opts->n_draws;
    s->n_ws = opts->threads ? opts->threads : 1;
    if (s->n_ws > 64)
        s->n_ws = 64;
    s->p_zone = NAN;
    s->p_rat = NAN;
    s->nan_stats.n = 0;
    for (k = 0; k < DT_SWEEP_NQ; k++)
        s->nan_stats.q[k] = NAN;
    s->nan_stats.mean = s->nan_stats.sd = NAN;
    rc = decide_analysis(s, err);
    if (rc == DT_OK)
        rc = dt__mc_plan(s, err);
    if (rc != DT_OK)
        goto fail;
    plan_memory(s);
    if (s->rec > SIZE_MAX / sizeof(double) / s->n_keep) {
        rc = dt__error_set(err, DT_ENOMEM,
                           "%zu draws of %zu values are too "
                           "many to hold in memory",
                           s->n_keep, s->rec);
        goto fail;
    }
    /*
     * Not filled: a slot is written when its draw is done, and
     * dt_sweep_reduce sets the slots of the draws not done to NaN, so the
     * pages of draws never run are never touched.
     */
    s->col = dt__alloc(s->alloc, s->rec * s->n_keep * sizeof *s->col);
    s->done = dt__calloc(s->alloc, s->n_keep, 1);
    s->base_fc =
        dt__calloc(s->alloc, s->n_issues * s->n_models + 1, sizeof *s->base_fc);
    s->ws = dt__calloc(s->alloc, s->n_ws, sizeof *s->ws);
    if ((!s->col && s->rec) || !s->done || !s->base_fc || !s->ws) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto fail;
    }
    for (w = 0; w < s->n_ws; w++) {
        rc = dt__mc_ws_init(s, &s->ws[w], err);
        if (rc != DT_OK)
            goto fail;
    }
    /* The scenario as written: worker 0's forecast before any draw. */
    for (k = 0; k < s->n_issues * s->n_models; k++)
        s->base_fc[k] =
            dt_forecast_result(s->ws[0].fc, k / s->n_models, k % s->n_models)
                ->point;
    rc = eval_base(s, err);
    if (rc == DT_OK)
        rc = plan_stream(s, err);
    if (rc != DT_OK)
        goto fail;
    *out = s;
    return DT_OK;
fail:
    dt_sweep_free(s);
    return rc;
}

static void free_summaries(dt_sweep *s)
{
    const dt_allocator *al = s->alloc;
    size_t nd = s->n_drop ? s->n_drop : 1;

    dt__free(al, s->stats, (s->n_out + 1) * sizeof *s->stats);
    dt__free(al, s->bc, (s->n_out + 1) * sizeof *s->bc);
    dt__free(al, s->in_stats, (s->n_in + 1) * sizeof *s->in_stats);
    dt__free(al, s->drop_stats, nd * sizeof *s->drop_stats);
    dt__free(al, s->drop_shift, nd * sizeof *s->drop_shift);
    dt__free(al, s->drop_rank,
             (s->n_issues * s->n_models * s->n_actors + 1) *
                 sizeof *s->drop_rank);
    dt__mc_influence_free(s);
    dt__free(al, s->infl_row, (s->n_out + 1) * sizeof *s->infl_row);
    dt__free(al, s->infl_ident, (s->n_in + 1) * sizeof *s->infl_ident);
    dt__free(al, s->p_red, (s->n_actors + 1) * sizeof *s->p_red);
    s->stats = s->in_stats = s->drop_stats = NULL;
    s->bc = NULL;
    s->drop_shift = s->infl = s->p_red = NULL;
    s->drop_rank = s->infl_row = s->infl_ident = NULL;
}

void dt_sweep_free(dt_sweep *s)
{
    const dt_allocator *al;
    size_t k;
    unsigned w;

    if (!s)
        return;
    al = s->alloc;
    if (s->ws)
        for (w = 0; w < s->n_ws; w++)
            dt__mc_ws_release(s, &s->ws[w]);
    for (k = 0; s->in && k < s->n_in; k++)
        dt__free(al, (void *)s->in[k].label, strlen(s->in[k].label) + 1);
    for (k = 0; s->out && k < s->n_out; k++)
        if (s->out[k].label)
            dt__free(al, (void *)s->out[k].label, strlen(s->out[k].label) + 1);
    free_summaries(s);
    if (s->wst)
        for (w = 0; w < s->n_ws; w++)
            dt__mc_stream_free(s, &s->wst[w]);
    dt__free(al, s->wst, s->n_ws * sizeof *s->wst);
    dt__mc_stream_free(s, &s->st);
    dt__free(al, s->shift, (s->rec + 1) * sizeof *s->shift);
    dt__free(al, s->rng, 2 * s->rng_cap * sizeof *s->rng);
    dt__free(al, s->in, s->in_cap * sizeof *s->in);
    dt__free(al, s->out, s->n_out * sizeof *s->out);
    if (s->col)
        dt__free(al, s->col, s->rec * s->n_keep * sizeof *s->col);
    dt__free(al, s->done, s->n_keep);
    dt__free(al, s->base_fc,
             (s->n_issues * s->n_models + 1) * sizeof *s->base_fc);
    dt__free(al, s->base_out, (s->n_out + 1) * sizeof *s->base_out);
    dt__free(al, s->ws, s->n_ws * sizeof *s->ws);
    dt__free(al, s, sizeof *s);
}

/* ----- Running draws. ----- */

struct run_ctx {
    dt_sweep *s;
    size_t begin;
    size_t n;    /* draws in this call */
    double *rec; /* n_ws records of scratch */
};

static void store(dt_sweep *s, size_t d, const double *rec)
{
    size_t k;

    for (k = 0; k < s->rec; k++)
        dt__mc_col(s, k)[d] = rec[k];
    s->done[d] = 1;
}

static void run_one(void *ctx, unsigned worker, size_t i)
{
    struct run_ctx *c = ctx;
    dt_sweep *s = c->s;
    dt__mc_ws *w = &s->ws[worker];
    double *rec = c->rec + (size_t)worker * s->rec;
    size_t d = c->begin + i;
    dt_error e;

    /* A streamed draw counts once: done ones are not run again. */
    if (d >= s->n_keep && dt__mc_streamed_done(s, d))
        goto end;
    dt__mc_draw(s, w, d);
    if (dt__mc_eval(s, w, rec, &e) != DT_OK) {
        if (d < w->err_draw) {
            w->err_draw = d;
            w->err = e;
        }
    } else if (d < s->n_keep) {
        store(s, d, rec);
    } else {
        dt__mc_stream_fold(s, &s->wst[worker], rec);
    }
end:
    /* The analysis's per-thread state is freed after this worker's last
     * draw of the call (it is rebuilt on the next use). */
    if (s->analysis && i + s->n_ws >= c->n)
        dt_analysis_thread_end();
}

dt_status dt_sweep_run(dt_sweep *s, size_t begin, size_t end, dt_error *err)
{
    struct run_ctx c;
    size_t first = SIZE_MAX;
    unsigned w, wf = 0;

    if (begin > end || end > s->n_draws)
        return dt__error_set(err, DT_EINVAL,
                             "draws [%zu, %zu) are not within [0, %zu)", begin,
                             end, s->n_draws);
    c.s = s;
    c.begin = begin;
    c.n = end - begin;
    c.rec = dt__alloc(s->alloc, (size_t)s->n_ws * s->rec * sizeof *c.rec + 1);
    if (!c.rec)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    for (w = 0; w < s->n_ws; w++) {
        s->ws[w].err_draw = SIZE_MAX;
        if (s->wst && end > s->n_keep)
            dt__mc_stream_zero(s, &s->wst[w]);
    }
    dt__parallel_for(s->n_ws, end - begin, run_one, &c);
    dt__free(s->alloc, c.rec, (size_t)s->n_ws * s->rec * sizeof *c.rec + 1);
    for (w = 0; w < s->n_ws; w++)
        if (s->ws[w].err_draw < first) {
            first = s->ws[w].err_draw;
            wf = w;
        }
    if (first == SIZE_MAX && end > s->n_keep) {
        /* The streamed draws of the call, all finished: counted now. */
        if (dt__mc_ranges_add(s, begin > s->n_keep ? begin : s->n_keep, end) !=
            DT_OK)
            return dt__error_set(err, DT_ENOMEM, "out of memory");
        for (w = 0; w < s->n_ws; w++)
            dt__mc_stream_merge(s, &s->st, &s->wst[w]);
    }
    if (first == SIZE_MAX)
        return DT_OK;
    if (err)
        *err = s->ws[wf].err;
    return s->ws[wf].err.code;
}

size_t dt_sweep_record_size(const dt_sweep *s)
{
    return s->rec;
}

int dt_sweep_get_record(const dt_sweep *s, size_t d, double *buf)
{
    size_t k;

    if (d >= s->n_keep || !s->done[d])
        return 0;
    for (k = 0; k < s->rec; k++)
        buf[k] = dt__mc_col(s, k)[d];
    return 1;
}

void dt_sweep_set_record(dt_sweep *s, size_t d, const double *buf)
{
    if (d < s->n_keep)
        store(s, d, buf);
    else if (d < s->n_draws && !dt__mc_streamed_done(s, d) &&
             dt__mc_ranges_add(s, d, d + 1) == DT_OK)
        dt__mc_stream_fold(s, &s->st, buf);
}

int dt_sweep_done(const dt_sweep *s, size_t d)
{
    if (d < s->n_keep)
        return s->done[d];
    return d < s->n_draws && dt__mc_streamed_done(s, d);
}

size_t dt_sweep_count_done(const dt_sweep *s, size_t begin, size_t end)
{
    size_t d, n = 0, k;

    if (end > s->n_draws)
        end = s->n_draws;
    for (d = begin; d < end && d < s->n_keep; d++)
        n += s->done[d];
    if (begin < s->n_keep)
        begin = s->n_keep;
    for (k = 0; k < s->n_rng && begin < end; k++) {
        size_t a = s->rng[2 * k] > begin ? s->rng[2 * k] : begin;
        size_t b = s->rng[2 * k + 1] < end ? s->rng[2 * k + 1] : end;

        if (a < b)
            n += b - a;
    }
    return n;
}
