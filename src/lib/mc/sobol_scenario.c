/*
 * Variance decomposition of a scenario (dt_sobol_scenario and its steps,
 * sobol.h): the sweep plans the uncertain inputs and outputs, each base
 * row's points are the sweep's draws at the A, B and A_B^i uniforms
 * (dt__mc_sample), and the inputs are grouped by actor, issue, source
 * (docs/judgement.md) or model choice. The estimator is sobol.c's.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "mc/sobol_int.h"

/* ----- Scenario entry point: the sweep's inputs and outputs ----- */

struct sc_ctx {
    dt_sweep *sw;
    double *rec;        /* n_ws x sw->rec */
    const size_t *pick; /* n_in: the column of input j's analyst pick
                           (DT_SOBOL_BY_SOURCE), SIZE_MAX if none; or NULL */
    size_t mcol;        /* the column of the model choice, or SIZE_MAX */
    size_t n_iss;       /* issues: outputs added by the model choice */
    const size_t *fc;   /* n_iss x n_models: output of forecast (q, model) */
};

static dt_status sc_model(void *ctx, unsigned worker, const double *u,
                          double *y, dt_error *err)
{
    struct sc_ctx *c = ctx;
    dt_sweep *sw = c->sw;
    dt__mc_ws *w = &sw->ws[worker];
    double *rec = c->rec + (size_t)worker * sw->rec;
    dt_status rc;
    size_t j, q;

    for (j = 0; j < sw->n_in; j++) {
        const dt_sweep_input *in = &sw->in[j];

        if (c->pick && c->pick[j] != SIZE_MAX)
            w->val[j] = dt_estimates_sample_split(in->mix, in->slot,
                                                  u[c->pick[j]], u[j]);
        else
            w->val[j] = dt__mc_sample(in, u[j]);
        /* Sampled within the slot's range: setting it cannot fail. */
        (void)dt_scenario_slot_set(w->sc, in->slot, w->val[j], NULL);
    }
    rc = dt__mc_eval(sw, w, rec, err);
    if (rc != DT_OK)
        return rc;
    memcpy(y, rec + sw->n_in, sw->n_out * sizeof *y);
    if (c->mcol != SIZE_MAX) {
        /* The drawn model: uniform over the sweep's models. */
        size_t mi = (size_t)(u[c->mcol] * (double)sw->n_models);

        if (mi >= sw->n_models)
            mi = sw->n_models - 1;
        for (q = 0; q < c->n_iss; q++)
            y[sw->n_out + q] = y[c->fc[q * sw->n_models + mi]];
    }
    return DT_OK;
}

static char *dupstr(const dt_allocator *a, const char *t)
{
    char *p = dt__alloc(a, strlen(t) + 1);

    if (p)
        memcpy(p, t, strlen(t) + 1);
    return p;
}

/*
 * A plan of the decomposition of sw: kin uniforms per point (the sweep's
 * inputs, then the analyst picks by source, or the model choice), their
 * groups and the groups' names, the outputs the model choice adds.
 */
struct sc_plan {
    const dt_allocator *a;
    size_t kin, ng, n_in;
    size_t *grp;        /* kin, or NULL (each input alone) */
    const char **gname; /* ng (borrowed strings), or NULL */
    size_t *pick;       /* n_in (by source), or NULL */
    size_t mcol;        /* model choice column, or SIZE_MAX */
    size_t n_iss;       /* outputs added (by model), else 0 */
    size_t *fc;         /* n_iss x n_models, or NULL */
    size_t n_fc;
};

static void plan_release(struct sc_plan *p)
{
    if (p->grp)
        dt__free(p->a, p->grp, p->kin * sizeof *p->grp);
    if (p->gname)
        dt__free(p->a, (void *)p->gname, p->ng * sizeof *p->gname);
    if (p->pick)
        dt__free(p->a, p->pick, p->n_in * sizeof *p->pick);
    if (p->fc)
        dt__free(p->a, p->fc, p->n_fc * sizeof *p->fc);
}

/* By actor (status quos: one group) or by issue (the rest: one group). */
static dt_status plan_entities(const dt_scenario *sc, const dt_sweep *sw,
                               int by_actor, struct sc_plan *p, dt_error *err)
{
    size_t n_ent =
        by_actor ? dt_scenario_n_actors(sc) : dt_scenario_n_issues(sc);
    size_t *map = dt__alloc(p->a, (n_ent + 1) * sizeof *map);
    size_t j, e;
    dt_status rc = DT_OK;

    p->grp = dt__alloc(p->a, p->kin * sizeof *p->grp);
    if (!map || !p->grp) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    for (e = 0; e <= n_ent; e++)
        map[e] = SIZE_MAX;
    /* Entity e (n_ent: none) -> group, in scenario order. */
    for (e = 0; e <= n_ent; e++)
        for (j = 0; j < sw->n_in; j++) {
            size_t x = by_actor ? sw->in[j].actor : sw->in[j].issue;

            if ((x == (size_t)-1 ? n_ent : x) == e) {
                map[e] = p->ng++;
                break;
            }
        }
    for (j = 0; j < sw->n_in; j++) {
        size_t x = by_actor ? sw->in[j].actor : sw->in[j].issue;

        p->grp[j] = map[x == (size_t)-1 ? n_ent : x];
    }
    p->gname = dt__calloc(p->a, p->ng, sizeof *p->gname);
    if (!p->gname) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    for (e = 0; e <= n_ent; e++)
        if (map[e] != SIZE_MAX)
            p->gname[map[e]] = e == n_ent ? (by_actor ? "(status quo)"
                                                      : "(not issue-specific)")
                               : by_actor ? dt_scenario_actor(sc, e)->id
                                          : dt_scenario_issue(sc, e)->id;
out:
    if (map)
        dt__free(p->a, map, (n_ent + 1) * sizeof *map);
    return rc;
}

/*
 * By source: a number the analysts estimated is drawn with two uniforms
 * (dt_estimates_sample_split): which analyst (group "analysts'
 * disagreement") and where in that analyst's range (group "ranges within
 * analysts"); the inputs without estimates form a third group.
 */
static dt_status plan_source(const dt_sweep *sw, struct sc_plan *p,
                             dt_error *err)
{
    size_t j, n_mix = 0, n_other = 0;

    for (j = 0; j < sw->n_in; j++)
        n_mix += sw->in[j].dist == DT_SPREAD_MIXTURE;
    if (n_mix == 0)
        return dt__error_set(err, DT_EINVAL,
                             "grouping by source needs the analysts' "
                             "estimates of at least one uncertain number "
                             "(--estimates)");
    p->kin = sw->n_in + n_mix;
    p->pick = dt__alloc(p->a, sw->n_in * sizeof *p->pick);
    p->grp = dt__alloc(p->a, p->kin * sizeof *p->grp);
    p->gname = dt__calloc(p->a, 3, sizeof *p->gname);
    p->ng = 3;
    if (!p->pick || !p->grp || !p->gname)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    for (j = 0, n_mix = 0; j < sw->n_in; j++)
        if (sw->in[j].dist == DT_SPREAD_MIXTURE) {
            p->pick[j] = sw->n_in + n_mix;
            p->grp[sw->n_in + n_mix++] = 0;
            p->grp[j] = 1;
        } else {
            p->pick[j] = SIZE_MAX;
            p->grp[j] = 2;
            n_other++;
        }
    p->gname[0] = "analysts' disagreement";
    p->gname[1] = "ranges within analysts";
    p->gname[2] = "inputs without estimates";
    if (n_other == 0)
        p->ng = 2;
    return DT_OK;
}

/* By model: one more uniform, the model drawn; every input in one group. */
static dt_status plan_model(const dt_scenario *sc, const dt_sweep *sw,
                            struct sc_plan *p, dt_error *err)
{
    size_t j, q, nm = sw->n_models;

    if (nm < 2)
        return dt__error_set(err, DT_EINVAL,
                             "grouping by model choice needs at least two "
                             "models (--model), got %zu",
                             nm);
    p->kin = sw->n_in + 1;
    p->mcol = sw->n_in;
    p->n_iss = dt_scenario_n_issues(sc);
    p->n_fc = p->n_iss * nm;
    p->fc = dt__alloc(p->a, p->n_fc * sizeof *p->fc);
    p->grp = dt__alloc(p->a, p->kin * sizeof *p->grp);
    p->gname = dt__calloc(p->a, 2, sizeof *p->gname);
    p->ng = 2;
    if (!p->fc || !p->grp || !p->gname)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    for (q = 0; q < p->n_fc; q++)
        p->fc[q] = SIZE_MAX;
    for (j = 0; j < sw->n_out; j++) {
        const dt_sweep_output *o = &sw->out[j];

        if (o->kind == DT_OUTPUT_FORECAST && o->issue < p->n_iss)
            p->fc[o->issue * nm + o->model] = j;
    }
    for (q = 0; q < p->n_fc; q++)
        if (p->fc[q] == SIZE_MAX)
            return dt__error_set(err, DT_EINTERNAL,
                                 "no forecast output for issue %zu, model %zu",
                                 q / nm, q % nm);
    for (j = 0; j < sw->n_in; j++)
        p->grp[j] = 1;
    p->grp[p->mcol] = 0;
    p->gname[0] = "model choice";
    p->gname[1] = "inputs";
    return DT_OK;
}

/* The labels of the outputs the model choice adds. */
static dt_status model_labels(const dt_scenario *sc, dt_sobol *s, size_t n_iss,
                              dt_error *err)
{
    size_t q;

    s->olabel = dt__calloc(s->alloc, n_iss, sizeof *s->olabel);
    if (!s->olabel)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    s->n_olabel = n_iss;
    for (q = 0; q < n_iss; q++) {
        const char *id = dt_scenario_issue(sc, q)->id;
        static const char pre[] = "forecast (model drawn)/";
        size_t len = sizeof pre + strlen(id);

        if (!(s->olabel[q] = dt__alloc(s->alloc, len)))
            return dt__error_set(err, DT_ENOMEM, "out of memory");
        memcpy(s->olabel[q], pre, sizeof pre - 1);
        memcpy(s->olabel[q] + sizeof pre - 1, id, strlen(id) + 1);
    }
    return DT_OK;
}

/* What a dt_sobol_scenario result keeps between its steps. */
struct dt__sobol_scx {
    struct sc_ctx c;
    struct sc_plan p;
    size_t sz_rec;
};

static void scx_free(const dt_allocator *a, struct dt__sobol_scx *x)
{
    if (!x)
        return;
    if (x->c.rec)
        dt__free(a, x->c.rec, x->sz_rec);
    plan_release(&x->p);
    dt__free(a, x, sizeof *x);
}

dt_status dt_sobol_scenario_new(const dt_scenario *sc,
                                const dt_sweep_opts *sweep_opts,
                                const dt_sobol_opts *opts, dt_sobol **out,
                                dt_error *err)
{
    dt_sweep_opts so = *sweep_opts;
    dt_sweep *sw = NULL;
    struct dt__sobol_scx *x = NULL;
    dt_sobol_opts o = *opts;
    dt_sobol *s = NULL;
    const dt_allocator *a;
    dt_status rc;
    size_t j;

    *out = NULL;
    so.n_draws = 1;
    so.drop_each = 0;
    so.seed = opts->seed;
    so.threads = opts->threads ? opts->threads : 1;
    if (so.threads > opts->n_base && opts->n_base >= 1)
        so.threads = (unsigned)opts->n_base;
    if ((unsigned)opts->group_by > DT_SOBOL_BY_MODEL)
        return dt__error_set(err, DT_EINVAL, "unknown grouping %d",
                             (int)opts->group_by);
    rc = dt_sweep_new(sc, &so, &sw, err);
    if (rc != DT_OK)
        return rc;
    a = sw->alloc;
    x = dt__calloc(a, 1, sizeof *x);
    if (!x) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto fail;
    }
    x->c.sw = sw;
    x->c.mcol = x->p.mcol = SIZE_MAX;
    x->p.a = a;
    x->p.n_in = sw->n_in;
    x->p.kin = sw->n_in;
    if (sw->n_in == 0) {
        rc = dt__error_set(err, DT_ESCENARIO,
                           "the scenario has no uncertain input: nothing to "
                           "decompose (give numbers an sd or a range, or an "
                           "`uncertainty:` block)");
        goto fail;
    }
    rc = dt__sobol_check(sw->n_in, sw->n_out, opts, err);
    if (rc != DT_OK)
        goto fail;
    switch (opts->group_by) {
    case DT_SOBOL_BY_ACTOR:
    case DT_SOBOL_BY_ISSUE:
        rc = plan_entities(sc, sw, opts->group_by == DT_SOBOL_BY_ACTOR, &x->p,
                           err);
        break;
    case DT_SOBOL_BY_SOURCE:
        rc = plan_source(sw, &x->p, err);
        break;
    case DT_SOBOL_BY_MODEL:
        rc = plan_model(sc, sw, &x->p, err);
        break;
    default:
        break;
    }
    if (rc == DT_OK)
        rc = dt__sobol_check(x->p.kin, sw->n_out + x->p.n_iss, opts, err);
    if (rc != DT_OK)
        goto fail;
    o.group = x->p.grp;
    o.n_groups = x->p.ng;
    s = dt__sobol_alloc(x->p.kin, sw->n_out + x->p.n_iss, &o, a);
    if (s && x->p.gname) {
        s->gname = dt__calloc(a, x->p.ng, sizeof *s->gname);
        for (j = 0; s->gname && j < x->p.ng; j++)
            if (!(s->gname[j] = dupstr(a, x->p.gname[j])))
                break;
        if (!s->gname || j < x->p.ng) {
            rc = dt__error_set(err, DT_ENOMEM, "out of memory");
            goto fail;
        }
    }
    x->sz_rec = (size_t)sw->n_ws * sw->rec * sizeof *x->c.rec;
    x->c.rec = dt__alloc(a, x->sz_rec);
    if (!s || !x->c.rec) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto fail;
    }
    if (x->p.n_iss) {
        rc = model_labels(sc, s, x->p.n_iss, err);
        if (rc != DT_OK)
            goto fail;
    }
    x->c.pick = x->p.pick;
    x->c.mcol = x->p.mcol;
    x->c.n_iss = x->p.n_iss;
    x->c.fc = x->p.fc;
    s->o.group = NULL;
    s->sweep = sw;
    s->scx = x;
    s->scx_free = scx_free;
    *out = s;
    return DT_OK;
fail:
    scx_free(a, x);
    dt_sobol_free(s);
    dt_sweep_free(sw);
    return rc;
}

dt_status dt_sobol_compute(dt_sobol *s, size_t rb, size_t re, dt_error *err)
{
    unsigned threads;
    dt_status rc;

    if (!s || !s->scx)
        return dt__error_set(err, DT_EINVAL,
                             "only a planned scenario decomposition "
                             "(dt_sobol_scenario_new) computes rows");
    if (rb > re || re > s->n)
        return dt__error_set(err, DT_EINVAL,
                             "base rows [%zu, %zu) are not within [0, %zu)", rb,
                             re, s->n);
    /* The sweep's worker count may be lower (it caps at 64). */
    threads = s->o.threads;
    s->o.threads = s->sweep->n_ws;
    rc = dt__sobol_run_rows(s, sc_model, &s->scx->c,
                            s->sweep->analysis ? dt_analysis_thread_end : NULL,
                            rb, re, err);
    s->o.threads = threads;
    return rc;
}

size_t dt_sobol_row_size(const dt_sobol *s)
{
    return s->m * (s->k + 2);
}

void dt_sobol_row_get(const dt_sobol *s, size_t r, double *buf)
{
    size_t m = s->m, i;

    if (r >= s->n)
        return;
    memcpy(buf, s->fa + r * m, m * sizeof *buf);
    memcpy(buf + m, s->fb + r * m, m * sizeof *buf);
    for (i = 0; i < s->k; i++)
        memcpy(buf + (i + 2) * m, s->fab + (i * s->n + r) * m, m * sizeof *buf);
}

void dt_sobol_row_set(dt_sobol *s, size_t r, const double *buf)
{
    size_t m = s->m, i;

    if (r >= s->n)
        return;
    memcpy(s->fa + r * m, buf, m * sizeof *buf);
    memcpy(s->fb + r * m, buf + m, m * sizeof *buf);
    for (i = 0; i < s->k; i++)
        memcpy(s->fab + (i * s->n + r) * m, buf + (i + 2) * m, m * sizeof *buf);
}

dt_status dt_sobol_finish(dt_sobol *s, dt_error *err)
{
    dt_status rc = dt__sobol_summarise(s, err);

    if (rc == DT_OK && s->scx) {
        scx_free(s->alloc, s->scx);
        s->scx = NULL;
    }
    return rc;
}

dt_status dt_sobol_scenario(const dt_scenario *sc,
                            const dt_sweep_opts *sweep_opts,
                            const dt_sobol_opts *opts, dt_sobol **out,
                            dt_error *err)
{
    dt_sobol *s = NULL;
    dt_status rc = dt_sobol_scenario_new(sc, sweep_opts, opts, &s, err);

    *out = NULL;
    if (rc == DT_OK)
        rc = dt_sobol_compute(s, 0, s->n, err);
    if (rc == DT_OK)
        rc = dt_sobol_finish(s, err);
    if (rc != DT_OK) {
        dt_sobol_free(s);
        return rc;
    }
    *out = s;
    return DT_OK;
}
