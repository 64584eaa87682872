/*
 * Planning a sweep: which numbers of the scenario are uncertain (the
 * inputs, in a fixed order), which results each draw records (the
 * outputs), and one workspace per worker. Everything is allocated here,
 * once; see docs/analysis.md "Sweep".
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mc/mc_int.h"
#include "scenario/scenario_int.h"

/* Growable arrays during planning (the plan is small). */
static dt_status push_input(dt_sweep *s, size_t *cap, const dt_sweep_input *x)
{
    if (s->n_in == *cap) {
        size_t nc = *cap ? 2 * *cap : 16;
        dt_sweep_input *p =
            dt__realloc(NULL, s->in, *cap * sizeof *p, nc * sizeof *p);

        if (!p)
            return DT_ENOMEM;
        s->in = p;
        *cap = nc;
    }
    s->in[s->n_in++] = *x;
    return DT_OK;
}

static char *label(const char *fmt, const char *a, const char *b)
{
    size_t n = strlen(fmt) + strlen(a) + (b ? strlen(b) : 0) + 1;
    char *p = dt__alloc(NULL, n);

    if (p)
        snprintf(p, n, fmt, a, b ? b : "");
    return p;
}

/*
 * The spread of v: its own when written, else the scenario default for
 * its kind (def_sd absolute; capability: cv x value). Returns 1 when
 * the input is uncertain (a spread of positive width).
 */
static int spread_of(const dt_value *v, double def_sd, double lo, double hi,
                     dt_sweep_input *x)
{
    x->value = v->v;
    x->lo = lo;
    x->hi = hi;
    x->sd = 0.0;
    x->from_default = 0;
    x->loc = v->loc;
    switch (v->spread.kind) {
    case DT_SPREAD_NORMAL:
        x->dist = DT_SPREAD_NORMAL;
        x->sd = v->spread.sd;
        return x->sd > 0.0;
    case DT_SPREAD_UNIFORM:
        x->dist = DT_SPREAD_UNIFORM;
        x->lo = v->spread.lo;
        x->hi = v->spread.hi;
        return x->lo < x->hi;
    default:
        x->dist = DT_SPREAD_NORMAL;
        x->sd = def_sd;
        x->from_default = 1;
        return def_sd > 0.0;
    }
}

/* Add input (kind, actor, issue) for value v when it is uncertain. */
static dt_status add_input(dt_sweep *s, size_t *cap, dt_input_kind kind,
                           size_t a, size_t i, const dt_value *v, double def_sd,
                           double lo, double hi)
{
    static const char *const names[] = {
        "position",   "salience", "capability",  "capability",
        "status_quo", "no_deal",  "no_deal_cost"};
    const dt_scenario *sc = s->base;
    dt_sweep_input x;
    char fmt[64];
    const char *an = a != (size_t)-1 ? sc->actors[a].id : NULL;
    const char *in = i != (size_t)-1 ? sc->issues[i].id : NULL;

    memset(&x, 0, sizeof x);
    if (!spread_of(v, def_sd, lo, hi, &x))
        return DT_OK;
    x.kind = kind;
    x.actor = a;
    x.issue = i;
    if (an && in)
        snprintf(fmt, sizeof fmt, "%s %%s/%%s", names[kind]);
    else
        snprintf(fmt, sizeof fmt, "%s %%s", names[kind]);
    x.label = label(fmt, an ? an : in, an && in ? in : NULL);
    if (!x.label)
        return DT_ENOMEM;
    if (push_input(s, cap, &x) != DT_OK) {
        dt__free(NULL, (void *)x.label, strlen(x.label) + 1);
        return DT_ENOMEM;
    }
    return DT_OK;
}

static dt_status list_inputs(dt_sweep *s)
{
    const dt_scenario *sc = s->base;
    static const dt_uncertainty builtin = {DT_SWEEP_POSITION_SD,
                                           DT_SWEEP_SALIENCE_SD,
                                           DT_SWEEP_CAPABILITY_CV,
                                           {0, 0}};
    /* No `uncertainty:` block (or a CSV/KTAB file): the built-in one. */
    const dt_uncertainty *u =
        sc->uncertainty.loc.line ? &sc->uncertainty : &builtin;
    size_t cap = 0, a, i;
    dt_status rc = DT_OK;

    for (i = 0; i < sc->n_issues && rc == DT_OK; i++)
        if (sc->issues[i].has_status_quo)
            rc = add_input(s, &cap, DT_INPUT_STATUS_QUO, (size_t)-1, i,
                           &sc->issues[i].status_quo, 0.0, 0.0, 100.0);
    for (a = 0; a < sc->n_actors && rc == DT_OK; a++) {
        const dt_actor *ac = &sc->actors[a];

        rc = add_input(s, &cap, DT_INPUT_CAPABILITY, a, (size_t)-1,
                       &ac->capability, u->capability_cv * ac->capability.v,
                       0.0, HUGE_VAL);
        if (rc == DT_OK && sc->no_deal && sc->no_deal[a].has_cost)
            rc = add_input(s, &cap, DT_INPUT_NO_DEAL_COST, a, (size_t)-1,
                           &sc->no_deal[a].cost, 0.0, -HUGE_VAL, HUGE_VAL);
        for (i = 0; i < sc->n_issues && rc == DT_OK; i++) {
            const dt_stake *st = sc->stakes[a * sc->n_issues + i];

            if (!st)
                continue;
            rc = add_input(s, &cap, DT_INPUT_POSITION, a, i, &st->position,
                           u->position_sd, 0.0, 100.0);
            if (rc == DT_OK)
                rc = add_input(s, &cap, DT_INPUT_SALIENCE, a, i, &st->salience,
                               u->salience_sd, 0.0, 100.0);
            if (rc == DT_OK && st->has_capability)
                rc = add_input(
                    s, &cap, DT_INPUT_STAKE_CAPABILITY, a, i, &st->capability,
                    u->capability_cv * st->capability.v, 0.0, HUGE_VAL);
            if (rc == DT_OK && st->has_no_deal)
                rc = add_input(s, &cap, DT_INPUT_NO_DEAL, a, i, &st->no_deal,
                               0.0, 0.0, 100.0);
        }
    }
    return rc;
}

static char *out_label(const char *what, const char *a, const char *b)
{
    size_t n = strlen(what) + strlen(a) + (b ? strlen(b) : 0) + 3;
    char *p = dt__alloc(NULL, n);

    if (p) {
        if (b)
            snprintf(p, n, "%s %s/%s", what, a, b);
        else
            snprintf(p, n, "%s %s", what, a);
    }
    return p;
}

static dt_status list_outputs(dt_sweep *s)
{
    const dt_scenario *sc = s->base;
    size_t n = s->n_issues * s->n_models, k = 0, i, m, a;

    if (s->analysis)
        n += 2 + s->n_issues + 1 + s->n_actors;
    s->out = dt__calloc(NULL, n, sizeof *s->out);
    if (!s->out)
        return DT_ENOMEM;
    s->n_out = n;
    for (i = 0; i < s->n_issues; i++)
        for (m = 0; m < s->n_models; m++, k++) {
            s->out[k].kind = DT_OUTPUT_FORECAST;
            s->out[k].model = m;
            s->out[k].issue = i;
            s->out[k].actor = (size_t)-1;
            s->out[k].label =
                out_label("forecast", s->models[m]->name, sc->issues[i].id);
        }
    if (s->analysis) {
        s->out_zone = k;
        s->out[k++] = (dt_sweep_output){DT_OUTPUT_ZONE, (size_t)-1, (size_t)-1,
                                        (size_t)-1, NULL};
        s->out_surplus = k;
        s->out[k++] = (dt_sweep_output){DT_OUTPUT_SURPLUS, (size_t)-1,
                                        (size_t)-1, (size_t)-1, NULL};
        s->out_deal = k;
        for (i = 0; i < s->n_issues; i++, k++) {
            s->out[k].kind = DT_OUTPUT_DEAL;
            s->out[k].model = s->out[k].actor = (size_t)-1;
            s->out[k].issue = i;
            s->out[k].label = out_label("deal", sc->issues[i].id, NULL);
        }
        s->out_dur = k;
        s->out[k++] = (dt_sweep_output){DT_OUTPUT_DURABILITY, (size_t)-1,
                                        (size_t)-1, (size_t)-1, NULL};
        s->out_red = k;
        for (a = 0; a < s->n_actors; a++, k++) {
            s->out[k].kind = DT_OUTPUT_RED_LINE;
            s->out[k].model = s->out[k].issue = (size_t)-1;
            s->out[k].actor = a;
            s->out[k].label = out_label("red_line", sc->actors[a].id, NULL);
        }
    }
    return DT_OK;
}

/* Labels of the outputs without an actor or issue. */
static dt_status fixed_labels(dt_sweep *s)
{
    size_t k;

    for (k = 0; k < s->n_out; k++) {
        const char *t = s->out[k].kind == DT_OUTPUT_ZONE         ? "zone"
                        : s->out[k].kind == DT_OUTPUT_SURPLUS    ? "surplus"
                        : s->out[k].kind == DT_OUTPUT_DURABILITY ? "durability"
                                                                 : NULL;

        if (t) {
            char *p = dt__alloc(NULL, strlen(t) + 1);

            if (!p)
                return DT_ENOMEM;
            memcpy(p, t, strlen(t) + 1);
            s->out[k].label = p;
        }
        if (!s->out[k].label)
            return DT_ENOMEM;
    }
    return DT_OK;
}

dt_status dt__mc_plan(dt_sweep *s, dt_error *err)
{
    dt_status rc = list_inputs(s);

    if (rc == DT_OK)
        rc = list_outputs(s);
    if (rc == DT_OK)
        rc = fixed_labels(s);
    if (rc != DT_OK)
        return dt__error_set(err, rc, "out of memory");
    s->n_drop = s->o.drop_each ? s->n_actors * s->n_issues * s->n_models : 0;
    s->rec = s->n_in + s->n_out + s->n_drop;
    return DT_OK;
}

/* Where input x lives in the scenario copy sc. */
static double *slot_of(dt_scenario *sc, const dt_sweep_input *x)
{
    dt_stake *st = x->actor != (size_t)-1 && x->issue != (size_t)-1
                       ? sc->stakes[x->actor * sc->n_issues + x->issue]
                       : NULL;

    switch (x->kind) {
    case DT_INPUT_POSITION:
        return &st->position.v;
    case DT_INPUT_SALIENCE:
        return &st->salience.v;
    case DT_INPUT_CAPABILITY:
        return &sc->actors[x->actor].capability.v;
    case DT_INPUT_STAKE_CAPABILITY:
        return &st->capability.v;
    case DT_INPUT_STATUS_QUO:
        return &sc->issues[x->issue].status_quo.v;
    case DT_INPUT_NO_DEAL:
        return &st->no_deal.v;
    default:
        return &sc->no_deal[x->actor].cost.v;
    }
}

dt_status dt__mc_ws_init(dt_sweep *s, dt__mc_ws *w, dt_error *err)
{
    size_t i, m, n_max = 1;
    dt_status rc;

    memset(w, 0, sizeof *w);
    w->err_draw = SIZE_MAX;
    rc = dt_scenario_apply_levers(s->base, NULL, 0, &w->sc, err);
    if (rc != DT_OK)
        return rc;
    /* The sweep studies the scenario as written, not its levers. */
    w->sc->n_levers = 0;
    w->slot = dt__calloc(NULL, s->n_in ? s->n_in : 1, sizeof *w->slot);
    w->val = dt__calloc(NULL, s->n_in ? s->n_in : 1, sizeof *w->val);
    w->line = dt__calloc(NULL, s->n_issues ? s->n_issues : 1, sizeof *w->line);
    w->model = dt__calloc(NULL, s->n_models, sizeof *w->model);
    if (!w->slot || !w->val || !w->line || !w->model)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    for (i = 0; i < s->n_in; i++)
        w->slot[i] = slot_of(w->sc, &s->in[i]);
    for (i = 0; i < s->n_issues; i++) {
        rc = dt_scenario_line(w->sc, i, 0, &w->line[i], err);
        if (rc != DT_OK)
            return rc;
        if (w->line[i]->n > n_max)
            n_max = w->line[i]->n;
    }
    if (s->o.drop_each) {
        /* A line of the first issue with room for every actor. */
        size_t n = s->n_actors ? s->n_actors : 1;

        w->drop = dt__calloc(NULL, 1, sizeof *w->drop);
        if (!w->drop)
            return dt__error_set(err, DT_ENOMEM, "out of memory");
        w->drop->x = dt__calloc(NULL, 3 * n, sizeof(double));
        w->drop->actor = dt__calloc(NULL, n, sizeof(size_t));
        w->drop->ids = dt__calloc(NULL, n, sizeof(char *));
        if (!w->drop->x || !w->drop->actor || !w->drop->ids)
            return dt__error_set(err, DT_ENOMEM, "out of memory");
        w->drop->c = w->drop->x + n;
        w->drop->s = w->drop->c + n;
    }
    for (m = 0; m < s->n_models; m++) {
        rc = dt_model_new(s->models[m], n_max, &s->o.model_opts, NULL,
                          &w->model[m], err);
        if (rc != DT_OK)
            return rc;
    }
    return DT_OK;
}

void dt__mc_ws_release(dt_sweep *s, dt__mc_ws *w)
{
    size_t i;

    if (w->line)
        for (i = 0; i < s->n_issues; i++)
            dt_line_free(w->line[i]);
    if (w->model)
        for (i = 0; i < s->n_models; i++)
            dt_model_free(w->model[i]);
    if (w->drop) {
        size_t n = s->n_actors ? s->n_actors : 1;

        dt__free(NULL, w->drop->x, 3 * n * sizeof(double));
        dt__free(NULL, w->drop->actor, n * sizeof(size_t));
        dt__free(NULL, (void *)w->drop->ids, n * sizeof(char *));
        dt__free(NULL, w->drop, sizeof *w->drop);
    }
    dt__free(NULL, w->slot, (s->n_in ? s->n_in : 1) * sizeof *w->slot);
    dt__free(NULL, w->val, (s->n_in ? s->n_in : 1) * sizeof *w->val);
    dt__free(NULL, w->line, (s->n_issues ? s->n_issues : 1) * sizeof *w->line);
    dt__free(NULL, w->model, s->n_models * sizeof *w->model);
    dt_scenario_free(w->sc);
    memset(w, 0, sizeof *w);
}
