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

/* Growable arrays during planning (the plan is small). */
static dt_status push_input(dt_sweep *s, size_t *cap, const dt_sweep_input *x)
{
    if (s->n_in == *cap) {
        size_t nc = *cap ? 2 * *cap : 16;
        dt_sweep_input *p =
            dt__realloc(s->alloc, s->in, *cap * sizeof *p, nc * sizeof *p);

        if (!p)
            return DT_ENOMEM;
        s->in = p;
        *cap = nc;
        s->in_cap = nc;
    }
    s->in[s->n_in++] = *x;
    return DT_OK;
}

static char *label(const dt_sweep *s, const char *fmt, const char *a,
                   const char *b)
{
    /* Exactly the label's length: it is freed with strlen + 1. */
    size_t n = (size_t)snprintf(NULL, 0, fmt, a, b ? b : "") + 1;
    char *p = dt__alloc(s->alloc, n);

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

/* Input for slot k (a number of the scenario) when it is uncertain. */
static dt_status add_input(dt_sweep *s, size_t *cap, size_t k,
                           const dt_uncertainty *u)
{
    static const char *const names[] = {
        "position",   "salience", "capability",  "capability",
        "status_quo", "no_deal",  "no_deal_cost"};
    const dt_scenario *sc = s->base;
    dt_sweep_input x;
    dt_slot sl;
    double def_sd = 0.0;
    char fmt[64];
    const char *an, *in;

    dt_scenario_slot(sc, k, &sl);
    switch (sl.kind) {
    case DT_SLOT_POSITION:
        def_sd = u->position_sd;
        break;
    case DT_SLOT_SALIENCE:
        def_sd = u->salience_sd;
        break;
    case DT_SLOT_CAPABILITY:
    case DT_SLOT_STAKE_CAPABILITY:
        def_sd = u->capability_cv * sl.value->v;
        break;
    default:
        break;
    }
    memset(&x, 0, sizeof x);
    if (s->o.estimates && dt_estimates_has(s->o.estimates, k)) {
        /* The analysts' mixture replaces the number's own spread. */
        size_t j, na = dt_estimates_n_analysts(s->o.estimates);

        (void)spread_of(sl.value, 0.0, sl.lo, sl.hi, &x);
        x.dist = DT_SPREAD_MIXTURE;
        x.sd = 0.0;
        x.from_default = 0;
        x.mix = s->o.estimates;
        x.lo = INFINITY;
        x.hi = -INFINITY;
        for (j = 0; j < na; j++) {
            const dt_estimate *e = dt_estimates_get(s->o.estimates, j, k);

            if (e) {
                x.lo = fmin(x.lo, e->low);
                x.hi = fmax(x.hi, e->high);
            }
        }
    } else if (!spread_of(sl.value, def_sd, sl.lo, sl.hi, &x))
        return DT_OK;
    x.kind = sl.kind;
    x.slot = k;
    x.actor = sl.actor;
    x.issue = sl.issue;
    an = sl.actor != (size_t)-1 ? dt_scenario_actor(sc, sl.actor)->id : NULL;
    in = sl.issue != (size_t)-1 ? dt_scenario_issue(sc, sl.issue)->id : NULL;
    if (an && in)
        snprintf(fmt, sizeof fmt, "%s %%s/%%s", names[sl.kind]);
    else
        snprintf(fmt, sizeof fmt, "%s %%s", names[sl.kind]);
    x.label = label(s, fmt, an ? an : in, an && in ? in : NULL);
    if (!x.label)
        return DT_ENOMEM;
    if (push_input(s, cap, &x) != DT_OK) {
        dt__free(s->alloc, (void *)x.label, strlen(x.label) + 1);
        return DT_ENOMEM;
    }
    return DT_OK;
}

/* Every slot with a spread of its own or from the defaults, in slot order. */
static dt_status list_inputs(dt_sweep *s)
{
    const dt_scenario *sc = s->base;
    static const dt_uncertainty builtin = {DT_SWEEP_POSITION_SD,
                                           DT_SWEEP_SALIENCE_SD,
                                           DT_SWEEP_CAPABILITY_CV,
                                           {0, 0}};
    /* No `uncertainty:` block (or a CSV/KTAB file): the built-in one. */
    const dt_uncertainty *u = dt_scenario_uncertainty(sc)->loc.line
                                  ? dt_scenario_uncertainty(sc)
                                  : &builtin;
    size_t cap = 0, k;
    dt_status rc = DT_OK;

    for (k = 0; k < dt_scenario_n_slots(sc) && rc == DT_OK; k++)
        rc = add_input(s, &cap, k, u);
    return rc;
}

static char *out_label(const dt_sweep *s, const char *what, const char *a,
                       const char *b)
{
    /* Exactly the label's length: it is freed with strlen + 1. */
    size_t n = strlen(what) + strlen(a) + (b ? strlen(b) + 3 : 2);
    char *p = dt__alloc(s->alloc, n);

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

    for (a = 0; s->analysis && a < dt_scenario_n_actors(sc); a++)
        if (dt_scenario_actor(sc, a)->role == DT_ROLE_RATIFIER)
            s->has_rat = 1;
    if (s->analysis)
        n += 2 + s->n_issues + 1 + s->n_actors + (size_t)s->has_rat;
    s->out = dt__calloc(s->alloc, n, sizeof *s->out);
    if (!s->out)
        return DT_ENOMEM;
    s->n_out = n;
    for (i = 0; i < s->n_issues; i++)
        for (m = 0; m < s->n_models; m++, k++) {
            s->out[k].kind = DT_OUTPUT_FORECAST;
            s->out[k].model = m;
            s->out[k].issue = i;
            s->out[k].actor = (size_t)-1;
            s->out[k].label = out_label(s, "forecast", s->models[m]->name,
                                        dt_scenario_issue(sc, i)->id);
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
            s->out[k].label =
                out_label(s, "deal", dt_scenario_issue(sc, i)->id, NULL);
        }
        s->out_dur = k;
        s->out[k++] = (dt_sweep_output){DT_OUTPUT_DURABILITY, (size_t)-1,
                                        (size_t)-1, (size_t)-1, NULL};
        s->out_red = k;
        for (a = 0; a < s->n_actors; a++, k++) {
            s->out[k].kind = DT_OUTPUT_RED_LINE;
            s->out[k].model = s->out[k].issue = (size_t)-1;
            s->out[k].actor = a;
            s->out[k].label =
                out_label(s, "red_line", dt_scenario_actor(sc, a)->id, NULL);
        }
        if (s->has_rat) {
            s->out_rat = k;
            s->out[k++] = (dt_sweep_output){DT_OUTPUT_RATIFIED, (size_t)-1,
                                            (size_t)-1, (size_t)-1, NULL};
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
                        : s->out[k].kind == DT_OUTPUT_RATIFIED   ? "ratified"
                                                                 : NULL;

        if (t) {
            char *p = dt__alloc(s->alloc, strlen(t) + 1);

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

dt_status dt__mc_ws_init(dt_sweep *s, dt__mc_ws *w, dt_error *err)
{
    dt_forecast_opts fo = DT_FORECAST_OPTS_INIT;
    const char *names[DT_FORECAST_MAX_MODELS];
    size_t m;
    dt_status rc;

    memset(w, 0, sizeof *w);
    w->err_draw = SIZE_MAX;
    if (s->n_models > DT_FORECAST_MAX_MODELS)
        return dt__error_set(err, DT_EINVAL, "at most %d models in a sweep",
                             DT_FORECAST_MAX_MODELS);
    rc = dt_scenario_clone(s->base, &w->sc, err);
    if (rc != DT_OK)
        return rc;
    w->val = dt__calloc(s->alloc, s->n_in ? s->n_in : 1, sizeof *w->val);
    if (!w->val)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    for (m = 0; m < s->n_models; m++)
        names[m] = s->models[m]->name;
    fo.model = s->o.model_opts;
    fo.trace = 0;
    rc = dt_forecast_new(w->sc, names, s->n_models, &fo, &w->fc, err);
    if (rc == DT_OK && s->analysis)
        rc = dt_analysis_ws_new(s->alloc, &w->aws, err);
    return rc;
}

void dt__mc_ws_release(dt_sweep *s, dt__mc_ws *w)
{
    dt_forecast_free(w->fc);
    dt_analysis_ws_free(w->aws);
    dt__free(s->alloc, w->val, (s->n_in ? s->n_in : 1) * sizeof *w->val);
    dt_scenario_free(w->sc);
    memset(w, 0, sizeof *w);
}
