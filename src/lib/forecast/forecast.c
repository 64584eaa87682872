/*
 * The forecast driver (include/detente/forecast.h): one instance of each
 * model, its workspace allocated once and sized for the largest issue;
 * one-issue models solved on every issue's line, scenario-level models
 * stepped over the whole scenario; results, rounds, offers and
 * probabilities kept per (issue, model).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "forecast/forecast_int.h"

/* One model's run on one issue. */
typedef struct fc_run {
    dt_model_result r;         /* forecast and stop reason */
    dt_trace trace;            /* every round, when traced */
    int traced;                /* trace holds this run's rounds */
    dt_forecast_offer *offers; /* eu: accepted offers, round order */
    size_t n_offers, cap_offers;
    int has_offers;   /* the model reports offers (eu) */
    double *probs;    /* smp: rounds x n probabilities */
    size_t probs_cap; /* entries allocated in probs */
    double probable;  /* smp: the most probable outcome */
} fc_run;

/* One model of the forecast. */
typedef struct fc_model {
    const char *name;                 /* static: the type's name */
    const dt_model_type *t;           /* one-issue type, or NULL */
    const dt_scenario_model_type *st; /* scenario-level type, or NULL */
    dt_model *m;                      /* one-issue instance */
    void *ws;                         /* scenario-level workspace */
} fc_model;

struct dt_forecast {
    const dt_scenario *sc;     /* borrowed */
    const dt_allocator *alloc; /* the scenario's hook */
    dt_forecast_opts o;        /* copy */
    size_t n_models;
    fc_model models[DT_FORECAST_MAX_MODELS];
    size_t n_issues;
    dt_line **lines; /* per issue */
    fc_run *runs;    /* n_issues x n_models */
    dt_line *drop;   /* scratch line for dt_forecast_points_without */
    size_t drop_n;   /* actors it has room for */
    /* Progress (o.progress): runs are (model, issue) pairs. */
    size_t runs_done; /* runs finished in this call */
    unsigned cap;     /* the running model's round cap */
    double last;      /* the last fraction reported */
    char stage[160];  /* what runs now, for the callback */
};

static fc_run *run_at(const dt_forecast *fc, size_t i, size_t m)
{
    return &fc->runs[i * fc->n_models + m];
}

/* ----- Registry ----- */

const dt_scenario_model_type *const *dt_scenario_model_types(void)
{
    static const dt_scenario_model_type *const types[] = {
        &dt_model_smp, &dt_model_exchange, NULL};

    return types;
}

const dt_scenario_model_type *dt_scenario_model_find(const char *name)
{
    const dt_scenario_model_type *const *t;

    for (t = dt_scenario_model_types(); name && *t; t++)
        if (strcmp((*t)->name, name) == 0)
            return *t;
    return NULL;
}

const char *const *dt_forecast_model_names(void)
{
    /* Built from both registries on each call would need memory; the
     * registries are fixed, so the list is too (checked in the tests). */
    static const char *const names[] = {"mean", "median",   "eu", "nbs",
                                        "smp",  "exchange", NULL};

    return names;
}

char *dt_forecast_model_list(char *buf, size_t n)
{
    const char *const *p;
    size_t len = 0;

    if (n == 0)
        return buf;
    buf[0] = '\0';
    for (p = dt_forecast_model_names(); *p && len < n; p++)
        len += (size_t)snprintf(buf + len, n - len, "%s%s",
                                p == dt_forecast_model_names() ? "" : ", ", *p);
    return buf;
}

/* Add model `name` (or every one-issue model for "all"), once. */
static dt_status add_model(dt_forecast *fc, const char *name, dt_error *err)
{
    const dt_model_type *t = NULL;
    const dt_scenario_model_type *st = NULL;
    size_t k;

    if (name && strcmp(name, "all") == 0) {
        const dt_model_type *const *p;

        for (p = dt_model_types(); *p; p++) {
            dt_status rc = add_model(fc, (*p)->name, err);

            if (rc != DT_OK)
                return rc;
        }
        return DT_OK;
    }
    if (name) {
        t = dt_model_find(name);
        st = t ? NULL : dt_scenario_model_find(name);
    }
    if (!t && !st) {
        char list[256];

        dt_forecast_model_list(list, sizeof list);
        return dt__error_set(err, DT_EINVAL,
                             "unknown model '%s' (expected %s or all)",
                             name ? name : "(null)", list);
    }
    for (k = 0; k < fc->n_models; k++)
        if (fc->models[k].t == t && fc->models[k].st == st)
            return DT_OK;
    if (fc->n_models == DT_FORECAST_MAX_MODELS)
        return dt__error_set(err, DT_EINVAL, "at most %d models",
                             DT_FORECAST_MAX_MODELS);
    fc->models[fc->n_models].t = t;
    fc->models[fc->n_models].st = st;
    fc->models[fc->n_models].name = t ? t->name : st->name;
    fc->n_models++;
    return DT_OK;
}

/* The type's own options in o, or NULL. */
static const void *own_opts(const dt_forecast_opts *o,
                            const dt_scenario_model_type *st)
{
    if (st == &dt_model_smp)
        return &o->smp;
    if (st == &dt_model_exchange)
        return &o->exchange;
    return NULL;
}

/* ----- Allocation and release ----- */

static void run_release(const dt_forecast *fc, fc_run *r)
{
    dt_trace_release(&r->trace);
    dt__free(fc->alloc, r->offers, r->cap_offers * sizeof *r->offers);
    dt__free(fc->alloc, r->probs, r->probs_cap * sizeof *r->probs);
    memset(r, 0, sizeof *r);
}

void dt_forecast_free(dt_forecast *fc)
{
    size_t i, m;

    if (!fc)
        return;
    for (m = 0; m < fc->n_models; m++) {
        dt_model_free(fc->models[m].m);
        if (fc->models[m].st && fc->models[m].ws)
            fc->models[m].st->release(fc->models[m].ws);
    }
    if (fc->runs)
        for (i = 0; i < fc->n_issues * fc->n_models; i++)
            run_release(fc, &fc->runs[i]);
    if (fc->lines)
        for (i = 0; i < fc->n_issues; i++)
            dt_line_free(fc->lines[i]);
    dt__free(fc->alloc, fc->runs,
             (fc->n_issues * fc->n_models + 1) * sizeof *fc->runs);
    dt__free(fc->alloc, fc->lines, (fc->n_issues + 1) * sizeof *fc->lines);
    if (fc->drop) {
        dt__free(fc->alloc, fc->drop->x, 3 * fc->drop_n * sizeof(double));
        dt__free(fc->alloc, fc->drop->actor, fc->drop_n * sizeof(size_t));
        dt__free(fc->alloc, (void *)fc->drop->ids, fc->drop_n * sizeof(char *));
        dt__free(fc->alloc, fc->drop, sizeof *fc->drop);
    }
    dt__free(fc->alloc, fc, sizeof *fc);
}

/* ----- Progress ----- */

/* The running model's stage text, for o.progress. */
static void progress_stage(dt_forecast *fc, size_t m, size_t i)
{
    if (fc->models[m].st)
        snprintf(fc->stage, sizeof fc->stage, "%s on all %zu issues",
                 fc->models[m].name, fc->n_issues);
    else
        snprintf(fc->stage, sizeof fc->stage, "%s on issue '%s' (%zu of %zu)",
                 fc->models[m].name, dt_scenario_issue(fc->sc, i)->id, i + 1,
                 fc->n_issues);
}

/*
 * Report that the running run (of `weight` runs: 1, or n_issues for a
 * scenario-level model) is at round `round` of fc->cap. Fractions never
 * decrease. Returns DT_ECANCELED (with the message) when the callback
 * asks to stop.
 */
static dt_status progress(dt_forecast *fc, unsigned round, size_t weight,
                          dt_error *err)
{
    double total = (double)(fc->n_issues * fc->n_models), within, done;

    if (!fc->o.progress)
        return DT_OK;
    within = fc->cap ? (double)round / (double)fc->cap : 0.0;
    if (within > 1.0)
        within = 1.0;
    done = total > 0.0
               ? ((double)fc->runs_done + within * (double)weight) / total
               : 1.0;
    if (done > 1.0)
        done = 1.0;
    if (done < fc->last)
        done = fc->last;
    fc->last = done;
    if (fc->o.progress(fc->o.progress_ud, done, fc->stage))
        return dt__error_set(err, DT_ECANCELED, "canceled");
    return DT_OK;
}

/* ----- One-issue models ----- */

/* Round callback: keep the offers the expected-utility model executed. */
static dt_status collect_offers(void *ud, const dt_model *m, dt_error *err)
{
    struct {
        const dt_forecast *fc;
        fc_run *run;
    } *cx = ud;
    fc_run *run = cx->run;
    dt_eu_round rd;
    size_t k;

    if (dt_model_round(m) == 0)
        return DT_OK;
    if (dt_eu_last_round(m, &rd, NULL) != DT_OK)
        return DT_OK; /* Not an expected-utility model: nothing to keep. */
    run->has_offers = 1;
    for (k = 0; k < rd.n_offers; k++) {
        if (run->n_offers == run->cap_offers) {
            size_t cap = run->cap_offers ? 2 * run->cap_offers : 16;
            dt_forecast_offer *o =
                dt__realloc(cx->fc->alloc, run->offers,
                            run->cap_offers * sizeof *o, cap * sizeof *o);

            if (!o)
                return dt__error_set(err, DT_ENOMEM, "out of memory");
            run->offers = o;
            run->cap_offers = cap;
        }
        run->offers[run->n_offers].round = rd.round;
        run->offers[run->n_offers].offer = rd.offers[k];
        run->n_offers++;
    }
    return DT_OK;
}

/* Round callback of a run: offers (when traced) and progress. */
static dt_status on_round(void *ud, const dt_model *m, dt_error *err)
{
    struct {
        const dt_forecast *fc;
        fc_run *run;
    } *cx = ud;
    dt_forecast *fc = (dt_forecast *)cx->fc;
    dt_status rc = DT_OK;

    if (fc->o.trace)
        rc = collect_offers(ud, m, err);
    if (rc == DT_OK && dt_model_round(m) > 0)
        rc = progress(fc, dt_model_round(m), 1, err);
    return rc;
}

static void nan_result(dt_model_result *r)
{
    r->point = r->mean = r->median = NAN;
    r->stop = DT_STOP_NONE;
    r->rounds = r->period = 0;
}

/* Model m (one-issue) on issue i's line. */
static dt_status solve_issue(dt_forecast *fc, size_t i, size_t m, dt_error *err)
{
    fc_model *fm = &fc->models[m];
    fc_run *run = run_at(fc, i, m);
    const dt_line *l = fc->lines[i];
    dt_status rc;

    run->n_offers = 0;
    run->has_offers = 0;
    run->traced = 0;
    run->probable = NAN;
    if (l->n == 0) {
        nan_result(&run->r);
        return DT_OK;
    }
    if (!fc->o.trace) {
        struct {
            const dt_forecast *fc;
            fc_run *run;
        } cx = {fc, run};

        if (fc->o.cache &&
            dt__forecast_cache_get(fc->o.cache, fm->t, l, &run->r))
            return DT_OK;
        rc = dt_model_solve_each(fm->m, l, NULL,
                                 fc->o.progress ? on_round : NULL, &cx, &run->r,
                                 err);
        if (rc == DT_OK && fc->o.cache)
            rc = dt__forecast_cache_put(fc->o.cache, fm->t, l, &run->r, err);
    } else {
        struct {
            const dt_forecast *fc;
            fc_run *run;
        } cx = {fc, run};

        rc = dt_model_solve_each(fm->m, l, &run->trace, on_round, &cx, &run->r,
                                 err);
        run->traced = rc == DT_OK;
    }
    if (rc != DT_OK && rc != DT_ENOMEM && rc != DT_ECANCELED && err) {
        dt_error e = *err;

        return dt__error_set(err, rc, "model '%s' failed on issue '%s': %s",
                             fm->name, dt_scenario_issue(fc->sc, i)->id, e.msg);
    }
    return rc;
}

/* ----- Scenario-level models ----- */

/* Room for `rows` rounds of n actors in r's trace (and probabilities). */
static dt_status trace_size(dt_forecast *fc, fc_run *r, size_t n, size_t rows,
                            int probs, dt_error *err)
{
    dt_trace *t = &r->trace;

    if (t->cap < rows || t->n != n) {
        dt_trace_release(t);
        t->alloc = fc->alloc;
        t->n = n;
        t->cap = rows;
        t->x = dt__alloc(fc->alloc, rows * n * sizeof *t->x);
        t->mean = dt__alloc(fc->alloc, rows * sizeof *t->mean);
        t->median = dt__alloc(fc->alloc, rows * sizeof *t->median);
        if (!t->x || !t->mean || !t->median) {
            dt_trace_release(t);
            return dt__error_set(err, DT_ENOMEM, "out of memory");
        }
    }
    t->n = n;
    t->rounds = rows;
    if (probs && r->probs_cap < rows * (n ? n : 1)) {
        dt__free(fc->alloc, r->probs, r->probs_cap * sizeof *r->probs);
        r->probs_cap = rows * (n ? n : 1);
        r->probs = dt__alloc(fc->alloc, r->probs_cap * sizeof *r->probs);
        if (!r->probs) {
            r->probs_cap = 0;
            return dt__error_set(err, DT_ENOMEM, "out of memory");
        }
    }
    return DT_OK;
}

/* Model m (scenario-level): init, step until it stops, read per issue. */
static dt_status solve_scenario(dt_forecast *fc, size_t m, dt_error *err)
{
    fc_model *fm = &fc->models[m];
    const dt_scenario_model_type *st = fm->st;
    size_t i;
    unsigned t, T;
    dt_status rc;

    rc = st->init(fm->ws, err);
    while (rc == DT_OK && st->stop(fm->ws) == DT_STOP_NONE) {
        rc = st->step(fm->ws, err);
        if (rc == DT_OK)
            rc = progress(fc, st->round(fm->ws), fc->n_issues, err);
    }
    if (rc != DT_OK && rc != DT_ENOMEM && rc != DT_ECANCELED && err) {
        dt_error e = *err;

        return dt__error_set(err, rc, "model '%s' failed: %s", fm->name, e.msg);
    }
    if (rc != DT_OK)
        return rc;
    T = st->round(fm->ws) + 1;
    for (i = 0; i < fc->n_issues; i++) {
        fc_run *run = run_at(fc, i, m);
        const dt_line *l = fc->lines[i];
        int has_probs = st->probs != NULL;

        run->n_offers = 0;
        run->has_offers = 0;
        run->traced = 0;
        st->result(fm->ws, i, &run->r, &run->probable);
        if (!fc->o.trace)
            continue;
        rc = trace_size(fc, run, l->n, T, has_probs, err);
        if (rc != DT_OK)
            return rc;
        for (t = 0; t < T; t++) {
            st->positions(fm->ws, i, t, l, run->trace.x + (size_t)t * l->n);
            st->stats(fm->ws, i, t, &run->trace.mean[t], &run->trace.median[t]);
            if (has_probs &&
                !st->probs(fm->ws, i, t, l, run->probs + (size_t)t * l->n))
                has_probs = 0;
        }
        if (!has_probs) {
            dt__free(fc->alloc, run->probs, run->probs_cap * sizeof(double));
            run->probs = NULL;
            run->probs_cap = 0;
        }
        run->traced = 1;
    }
    return DT_OK;
}

/* ----- The driver ----- */

static dt_status run_all(dt_forecast *fc, dt_error *err)
{
    size_t i, m;
    dt_status rc;

    fc->runs_done = 0;
    fc->last = 0.0;
    for (m = 0; m < fc->n_models; m++) {
        if (fc->models[m].st) {
            const dt_scenario_model_type *st = fc->models[m].st;

            fc->cap = st == &dt_model_smp        ? fc->o.smp.max_turns
                      : st == &dt_model_exchange ? fc->o.exchange.max_rounds
                                                 : 0;
            progress_stage(fc, m, 0);
            rc = solve_scenario(fc, m, err);
            if (rc != DT_OK)
                return rc;
            fc->runs_done += fc->n_issues;
            continue;
        }
        fc->cap = fc->o.model.max_rounds;
        for (i = 0; i < fc->n_issues; i++) {
            if (fc->o.progress)
                progress_stage(fc, m, i);
            rc = solve_issue(fc, i, m, err);
            if (rc != DT_OK)
                return rc;
            fc->runs_done++;
        }
    }
    if (fc->o.progress)
        (void)fc->o.progress(fc->o.progress_ud, 1.0, "done");
    return DT_OK;
}

dt_status dt_forecast_new(const dt_scenario *sc, const char *const *models,
                          size_t n_models, const dt_forecast_opts *o,
                          dt_forecast **out, dt_error *err)
{
    static const dt_forecast_opts defaults = DT_FORECAST_OPTS_INIT;
    dt_forecast *fc;
    size_t i, m, n_max = 1;
    dt_status rc;

    *out = NULL;
    if (!sc)
        return dt__error_set(err, DT_EINVAL, "no scenario to forecast");
    if (n_models > 0 && !models)
        return dt__error_set(err, DT_EINVAL, "no model names given");
    if (!o)
        o = &defaults;
    rc = dt_model_opts_check(&o->model, err);
    if (rc != DT_OK)
        return rc;
    fc = dt__calloc(dt_scenario_allocator(sc), 1, sizeof *fc);
    if (!fc)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    fc->sc = sc;
    fc->alloc = dt_scenario_allocator(sc);
    fc->o = *o;
    if (fc->o.progress) /* the driver reports for the whole forecast */
        fc->o.model.progress = NULL;
    fc->n_issues = dt_scenario_n_issues(sc);
    for (m = 0; m < n_models; m++) {
        rc = add_model(fc, models[m], err);
        if (rc != DT_OK)
            goto fail;
    }
    if (n_models == 0) {
        rc = add_model(fc, "all", err);
        if (rc != DT_OK)
            goto fail;
    }
    fc->lines = dt__calloc(fc->alloc, fc->n_issues + 1, sizeof *fc->lines);
    fc->runs = dt__calloc(fc->alloc, fc->n_issues * fc->n_models + 1,
                          sizeof *fc->runs);
    if (!fc->lines || !fc->runs) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto fail;
    }
    for (i = 0; i < fc->n_issues; i++) {
        rc = dt_scenario_line(sc, i, fc->o.flags, &fc->lines[i], err);
        if (rc != DT_OK)
            goto fail;
        if (fc->lines[i]->n > n_max)
            n_max = fc->lines[i]->n;
    }
    for (m = 0; m < fc->n_models; m++) {
        fc_model *fm = &fc->models[m];

        if (fm->t)
            rc = dt_model_new(fm->t, n_max, &fc->o.model, fc->alloc, &fm->m,
                              err);
        else
            rc = fm->st->alloc(sc, fc->o.flags, own_opts(&fc->o, fm->st),
                               fc->alloc, &fm->ws, err);
        if (rc != DT_OK) {
            if (fm->st && rc != DT_ENOMEM && err) {
                dt_error e = *err;

                rc = dt__error_set(err, rc, "model '%s' failed: %s", fm->name,
                                   e.msg);
            }
            goto fail;
        }
    }
    rc = run_all(fc, err);
    if (rc != DT_OK)
        goto fail;
    *out = fc;
    return DT_OK;
fail:
    dt_forecast_free(fc);
    return rc;
}

dt_status dt_forecast_rerun(dt_forecast *fc, dt_error *err)
{
    size_t i;
    dt_status rc;

    for (i = 0; i < fc->n_issues; i++) {
        rc = dt_scenario_line_fill(fc->sc, i, fc->o.flags, fc->lines[i], err);
        if (rc != DT_OK)
            return rc;
    }
    return run_all(fc, err);
}

dt_status dt_forecast_points_without(dt_forecast *fc, size_t actor,
                                     double *points, dt_error *err)
{
    size_t i, m, k, nm = fc->n_models;

    for (m = 0; m < nm; m++)
        if (!fc->models[m].t)
            return dt__error_set(err, DT_EINVAL,
                                 "model '%s' bargains over every issue at "
                                 "once: no forecast without one actor",
                                 fc->models[m].name);
    if (!fc->drop) {
        /* Room for every actor; installed only when complete. */
        size_t n = dt_scenario_n_actors(fc->sc), dn = n ? n : 1;
        dt_line *d = dt__calloc(fc->alloc, 1, sizeof *d);
        double *x = dt__calloc(fc->alloc, 3 * dn, sizeof(double));
        size_t *ac = dt__calloc(fc->alloc, dn, sizeof(size_t));
        const char **ids = dt__calloc(fc->alloc, dn, sizeof(char *));

        if (!d || !x || !ac || !ids) {
            dt__free(fc->alloc, d, sizeof *d);
            dt__free(fc->alloc, x, 3 * dn * sizeof(double));
            dt__free(fc->alloc, ac, dn * sizeof(size_t));
            dt__free(fc->alloc, (void *)ids, dn * sizeof(char *));
            return dt__error_set(err, DT_ENOMEM, "out of memory");
        }
        d->x = x;
        d->c = x + dn;
        d->s = d->c + dn;
        d->actor = ac;
        d->ids = ids;
        fc->drop = d;
        fc->drop_n = dn;
    }
    for (i = 0; i < fc->n_issues; i++) {
        const dt_line *l = fc->lines[i];
        dt_line *d = fc->drop;
        int has = 0;

        d->n = 0;
        for (k = 0; k < l->n; k++) {
            if (l->actor[k] == actor) {
                has = 1;
                continue;
            }
            d->x[d->n] = l->x[k];
            d->c[d->n] = l->c[k];
            d->s[d->n] = l->s[k];
            d->actor[d->n] = l->actor[k];
            d->ids[d->n] = l->ids[k];
            d->n++;
        }
        d->has_status_quo = l->has_status_quo;
        d->status_quo = l->status_quo;
        for (m = 0; m < nm; m++) {
            double *p = &points[i * nm + m];
            dt_model_result r;
            dt_status rc;

            if (!has) { /* no stake here: nothing changes */
                *p = run_at(fc, i, m)->r.point;
                continue;
            }
            *p = NAN;
            if (d->n == 0)
                continue;
            rc = dt_model_solve(fc->models[m].m, d, NULL, &r, err);
            if (rc != DT_OK)
                return rc;
            *p = r.point;
        }
    }
    return DT_OK;
}

/* ----- Accessors ----- */

const dt_scenario *dt_forecast_scenario(const dt_forecast *fc)
{
    return fc->sc;
}

const dt_forecast_opts *dt_forecast_options(const dt_forecast *fc)
{
    return &fc->o;
}

size_t dt_forecast_n_issues(const dt_forecast *fc)
{
    return fc->n_issues;
}

size_t dt_forecast_n_models(const dt_forecast *fc)
{
    return fc->n_models;
}

const char *dt_forecast_model_name(const dt_forecast *fc, size_t m)
{
    return m < fc->n_models ? fc->models[m].name : NULL;
}

const dt_model_type *dt_forecast_model_type(const dt_forecast *fc, size_t m)
{
    return m < fc->n_models ? fc->models[m].t : NULL;
}

const dt_scenario_model_type *
dt_forecast_scenario_model_type(const dt_forecast *fc, size_t m)
{
    return m < fc->n_models ? fc->models[m].st : NULL;
}

size_t dt_forecast_model_index(const dt_forecast *fc, const char *name)
{
    size_t m;

    for (m = 0; name && m < fc->n_models; m++)
        if (strcmp(fc->models[m].name, name) == 0)
            return m;
    return (size_t)-1;
}

const dt_line *dt_forecast_line(const dt_forecast *fc, size_t i)
{
    return i < fc->n_issues ? fc->lines[i] : NULL;
}

const dt_model_result *dt_forecast_result(const dt_forecast *fc, size_t i,
                                          size_t m)
{
    return i < fc->n_issues && m < fc->n_models ? &run_at(fc, i, m)->r : NULL;
}

const dt_trace *dt_forecast_trace(const dt_forecast *fc, size_t i, size_t m)
{
    const fc_run *r;

    if (i >= fc->n_issues || m >= fc->n_models)
        return NULL;
    r = run_at(fc, i, m);
    return r->traced ? &r->trace : NULL;
}

const dt_forecast_offer *dt_forecast_offers(const dt_forecast *fc, size_t i,
                                            size_t m, size_t *n)
{
    const fc_run *r;

    *n = 0;
    if (i >= fc->n_issues || m >= fc->n_models)
        return NULL;
    r = run_at(fc, i, m);
    if (!r->has_offers)
        return NULL;
    *n = r->n_offers;
    return r->offers;
}

int dt_forecast_has_offers(const dt_forecast *fc, size_t i, size_t m)
{
    return i < fc->n_issues && m < fc->n_models && run_at(fc, i, m)->has_offers;
}

const double *dt_forecast_probs(const dt_forecast *fc, size_t i, size_t m)
{
    const fc_run *r;

    if (i >= fc->n_issues || m >= fc->n_models)
        return NULL;
    r = run_at(fc, i, m);
    return r->traced ? r->probs : NULL;
}

double dt_forecast_probable(const dt_forecast *fc, size_t i, size_t m)
{
    return i < fc->n_issues && m < fc->n_models ? run_at(fc, i, m)->probable
                                                : (double)NAN;
}

const dt_exchange_result *dt_forecast_exchange(const dt_forecast *fc)
{
    size_t m;

    for (m = 0; m < fc->n_models; m++)
        if (fc->models[m].st == &dt_model_exchange)
            return dt_exchange_model_result(fc->models[m].ws);
    return NULL;
}

int dt_forecast_converged(const dt_forecast *fc)
{
    size_t k;

    for (k = 0; k < fc->n_issues * fc->n_models; k++)
        if (fc->runs[k].r.stop != DT_STOP_NONE &&
            fc->runs[k].r.stop != DT_STOP_CONVERGED)
            return 0;
    return 1;
}
