/*
 * The model interface: registry of built-in models, presets, instance
 * lifecycle (one workspace allocated at creation), the solve loop and the
 * round-by-round trace.
 */
#include <string.h>

#include "model/model_int.h"

static const dt_model_type *const model_types[] = {
    &dt_model_mean, &dt_model_median, &dt_model_eu, &dt_model_nbs, NULL,
};

const dt_model_type *const *dt_model_types(void)
{
    return model_types;
}

const dt_model_type *dt_model_find(const char *name)
{
    size_t i;

    for (i = 0; model_types[i]; i++)
        if (strcmp(model_types[i]->name, name) == 0)
            return model_types[i];
    return NULL;
}

const char *dt_stop_str(dt_stop s)
{
    switch (s) {
    case DT_STOP_NONE:
        return "running";
    case DT_STOP_CONVERGED:
        return "converged";
    case DT_STOP_CYCLE:
        return "cycle";
    case DT_STOP_ROUND_CAP:
        return "round_cap";
    }
    return "unknown";
}

static const char *const presets[] = {"paper", "scholz-replication", NULL};

const char *const *dt_model_presets(void)
{
    return presets;
}

dt_status dt_model_opts_preset(dt_model_opts *o, const char *name,
                               dt_error *err)
{
    static const dt_model_opts defaults = DT_MODEL_OPTS_INIT;

    if (strcmp(name, "paper") == 0) {
        *o = defaults;
        return DT_OK;
    }
    if (strcmp(name, "scholz-replication") == 0) {
        /* docs/models.md, "Presets"; Scholz, Calbert and Smith (2011). */
        o->denominator = DT_EU_DEN_GLOBAL;
        o->compromise = DT_EU_COMPROMISE_REPLICATION_KEY;
        o->capitulation = 0;
        o->q = 1.0;
        o->max_rounds = 10;
        o->exact_rounds = 1;
        o->cycle_detect = 0;
        return DT_OK;
    }
    return dt__error_set(err, DT_EINVAL,
                         "unknown preset '%s' (expected 'paper' or "
                         "'scholz-replication')",
                         name);
}

/* Largest round cap accepted: the cycle check keeps every round. */
#define DT_MAX_ROUNDS 100000u

dt_status dt_model_opts_check(const dt_model_opts *o, dt_error *err)
{
    if (o->max_rounds < 1 || o->max_rounds > DT_MAX_ROUNDS)
        return dt__error_set(err, DT_EINVAL,
                             "rounds must be between 1 and %u, got %u",
                             DT_MAX_ROUNDS, o->max_rounds);
    if (!(o->q >= 0.0 && o->q <= 1.0))
        return dt__error_set(err, DT_EINVAL,
                             "Q must be between 0 and 1, got %g", o->q);
    if ((unsigned)o->denominator > DT_EU_DEN_GLOBAL ||
        (unsigned)o->compromise > DT_EU_COMPROMISE_REPLICATION_KEY ||
        (unsigned)o->perspective > DT_EU_PERSPECTIVE_BOTH ||
        (unsigned)o->risk_range > DT_EU_RISK_POSITIONS ||
        (unsigned)o->point > DT_EU_POINT_MEAN ||
        (unsigned)o->nbs_utility > DT_NBS_UTILITY_LINEAR ||
        (unsigned)o->nbs_weights > DT_NBS_WEIGHTS_CAPABILITY)
        return dt__error_set(err, DT_EINVAL, "invalid model option value");
    return DT_OK;
}

dt_status dt_model_new(const dt_model_type *type, size_t n_max,
                       const dt_model_opts *opts, const dt_allocator *alloc,
                       dt_model **out, dt_error *err)
{
    static const dt_model_opts defaults = DT_MODEL_OPTS_INIT;
    dt_model *m;
    dt_status rc;

    *out = NULL;
    if (!opts)
        opts = &defaults;
    if (!type)
        return dt__error_set(err, DT_EINVAL, "no model type given");
    if (n_max == 0)
        return dt__error_set(err, DT_EINVAL,
                             "a model needs room for at "
                             "least one actor");
    rc = dt_model_opts_check(opts, err);
    if (rc != DT_OK)
        return rc;
    m = dt__calloc(alloc, 1, sizeof *m);
    if (!m)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    m->type = type;
    m->opts = *opts;
    m->alloc = alloc;
    m->n_max = n_max;
    m->ws_size = type->ws_size(n_max, opts);
    m->ws = dt__calloc(alloc, 1, m->ws_size);
    if (!m->ws) {
        dt__free(alloc, m, sizeof *m);
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    *out = m;
    return DT_OK;
}

void dt_model_free(dt_model *m)
{
    if (!m)
        return;
    dt__free(m->alloc, m->ws, m->ws_size);
    dt__free(m->alloc, m, sizeof *m);
}

dt_status dt_model_init(dt_model *m, const dt_line *line, dt_error *err)
{
    dt_status rc = m->type->init(m->ws, m->n_max, &m->opts, line, err);

    m->ready = rc == DT_OK;
    return rc;
}

dt_status dt_model_step(dt_model *m, dt_error *err)
{
    if (!m->ready)
        return dt__error_set(err, DT_EINVAL, "model stepped before init");
    return m->type->step(m->ws, err);
}

dt_stop dt_model_stop(const dt_model *m)
{
    return m->ready ? m->type->stop(m->ws) : DT_STOP_NONE;
}

const double *dt_model_positions(const dt_model *m)
{
    return m->type->positions(m->ws);
}

unsigned dt_model_round(const dt_model *m)
{
    return m->type->round(m->ws);
}

void dt_model_get_result(const dt_model *m, dt_model_result *r)
{
    m->type->result(m->ws, r);
}

const dt_model_type *dt_model_type_of(const dt_model *m)
{
    return m->type;
}

const void *dt_model_workspace(const dt_model *m)
{
    return m->ws;
}

void dt_trace_release(dt_trace *t)
{
    dt__free(t->alloc, t->x, t->cap * t->n * sizeof *t->x);
    dt__free(t->alloc, t->mean, t->cap * sizeof *t->mean);
    dt__free(t->alloc, t->median, t->cap * sizeof *t->median);
    t->x = t->mean = t->median = NULL;
    t->n = t->rounds = t->cap = 0;
    t->alloc = NULL;
}

static dt_status trace_push(dt_trace *t, const dt_model *m, size_t n,
                            dt_error *err)
{
    if (t->rounds == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        const dt_allocator *al = t->cap ? t->alloc : m->alloc;
        double *x = dt__alloc(al, cap * n * sizeof *x);
        double *mean = dt__alloc(al, cap * sizeof *mean);
        double *median = dt__alloc(al, cap * sizeof *median);
        size_t kept = t->rounds;

        /* New blocks, then the old ones freed: all three or none grow. */
        if (!x || !mean || !median) {
            dt__free(al, x, cap * n * sizeof *x);
            dt__free(al, mean, cap * sizeof *mean);
            dt__free(al, median, cap * sizeof *median);
            return dt__error_set(err, DT_ENOMEM, "out of memory");
        }
        if (t->rounds) {
            memcpy(x, t->x, t->rounds * n * sizeof *x);
            memcpy(mean, t->mean, t->rounds * sizeof *mean);
            memcpy(median, t->median, t->rounds * sizeof *median);
        }
        dt_trace_release(t);
        t->x = x;
        t->mean = mean;
        t->median = median;
        t->alloc = al;
        t->n = n;
        t->cap = cap;
        t->rounds = kept;
    }
    memcpy(t->x + t->rounds * n, dt_model_positions(m), n * sizeof *t->x);
    m->type->stats(m->ws, &t->mean[t->rounds], &t->median[t->rounds]);
    t->rounds++;
    return DT_OK;
}

dt_status dt_model_solve_each(dt_model *m, const dt_line *line, dt_trace *trace,
                              dt_round_fn on_round, void *ud,
                              dt_model_result *r, dt_error *err)
{
    dt_status rc = dt_model_init(m, line, err);

    if (rc != DT_OK)
        return rc;
    if (trace) {
        if (trace->n != line->n)
            dt_trace_release(trace);
        trace->n = line->n;
        trace->rounds = 0;
    }
    for (;;) {
        if (trace) {
            rc = trace_push(trace, m, line->n, err);
            if (rc != DT_OK)
                return rc;
        }
        if (on_round) {
            rc = on_round(ud, m, err);
            if (rc != DT_OK)
                return rc;
        }
        if (dt_model_stop(m) != DT_STOP_NONE)
            break;
        rc = dt_model_step(m, err);
        if (rc != DT_OK)
            return rc;
        if (m->opts.progress) {
            unsigned cap = m->opts.max_rounds ? m->opts.max_rounds : 1;
            double done = (double)dt_model_round(m) / (double)cap;

            /* A model may take a last step past the cap; 1 ends it. */
            if (m->opts.progress(m->opts.progress_ud, done < 1.0 ? done : 1.0,
                                 m->type->name))
                return dt__error_set(err, DT_ECANCELED, "canceled");
        }
    }
    if (m->opts.progress) /* nothing is left to cancel */
        (void)m->opts.progress(m->opts.progress_ud, 1.0, m->type->name);
    dt_model_get_result(m, r);
    return DT_OK;
}

dt_status dt_model_solve(dt_model *m, const dt_line *line, dt_trace *trace,
                         dt_model_result *r, dt_error *err)
{
    return dt_model_solve_each(m, line, trace, NULL, NULL, r, err);
}
