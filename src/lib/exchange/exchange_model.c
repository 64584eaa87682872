/*
 * Stokman's exchange model as a scenario-level model type
 * (dt_model_exchange; the interface is dt_scenario_model_type in
 * model.h): one run over every issue of a scenario (docs/models.md,
 * "exchange"). An actor without a stake in an issue (or left out by the
 * flags) is not on it. Every round's positions are kept, so the rounds
 * can be shown like any other model's; the forecast on an issue is its
 * final expected outcome O_q, the compromise mean of the final positions.
 */
#include <math.h>
#include <string.h>

#include "internal.h"

typedef struct ex_ws {
    const dt_scenario *sc;     /* borrowed */
    unsigned flags;            /* dt_line_flags */
    const dt_allocator *alloc; /* hook, borrowed */
    dt_exchange_opts o;        /* options, copied */
    size_t na, ni;             /* scenario actors and issues */
    double *x, *s, *c;         /* the problem's tables, na x ni */
    dt_exchange *run;          /* the run, or NULL before init */
    double *hist;              /* (max_rounds + 1) x na x ni positions */
    dt_line **line;            /* per issue, for the statistics */
    double *xs;                /* na positions: scratch of the statistics */
    size_t *scratch;           /* na entries for the weighted median */
    unsigned period;           /* cycle period, 0 = no cycle (yet) */
} ex_ws;

static void ex_ws_free(void *p)
{
    ex_ws *w = p;
    size_t n, i;

    if (!w)
        return;
    n = w->na * w->ni;
    dt_exchange_free(w->run);
    if (w->line)
        for (i = 0; i < w->ni; i++)
            dt_line_free(w->line[i]);
    dt__free(w->alloc, w->line, w->ni * sizeof *w->line);
    dt__free(w->alloc, w->x, n * sizeof(double));
    dt__free(w->alloc, w->s, n * sizeof(double));
    dt__free(w->alloc, w->c, n * sizeof(double));
    dt__free(w->alloc, w->hist,
             ((size_t)w->o.max_rounds + 1) * n * sizeof(double));
    dt__free(w->alloc, w->scratch, (w->na ? w->na : 1) * sizeof(size_t));
    dt__free(w->alloc, w->xs, (w->na ? w->na : 1) * sizeof(double));
    dt__free(w->alloc, w, sizeof *w);
}

static dt_status ex_ws_alloc(const dt_scenario *sc, unsigned flags,
                             const void *opts, const dt_allocator *a,
                             void **out, dt_error *err)
{
    static const dt_exchange_opts defaults = DT_EXCHANGE_OPTS_INIT;
    ex_ws *w;
    size_t n, i;
    dt_status rc;

    *out = NULL;
    w = dt__calloc(a, 1, sizeof *w);
    if (!w)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    w->sc = sc;
    w->flags = flags;
    w->alloc = a;
    w->o = opts ? *(const dt_exchange_opts *)opts : defaults;
    w->na = dt_scenario_n_actors(sc);
    w->ni = dt_scenario_n_issues(sc);
    if (w->na == 0 || w->ni == 0) {
        dt__free(a, w, sizeof *w);
        return dt__error_set(err, DT_EINVAL,
                             "the exchange model needs at least one actor "
                             "and one issue");
    }
    if (w->o.max_rounds < 1 || w->o.max_rounds > 100000) {
        dt__free(a, w, sizeof *w);
        return dt__error_set(err, DT_EINVAL,
                             "invalid exchange options (rounds 1-100000)");
    }
    n = w->na * w->ni;
    w->x = dt__alloc(a, n * sizeof(double));
    w->s = dt__alloc(a, n * sizeof(double));
    w->c = dt__alloc(a, n * sizeof(double));
    w->hist = dt__alloc(a, ((size_t)w->o.max_rounds + 1) * n * sizeof(double));
    w->line = dt__calloc(a, w->ni, sizeof *w->line);
    w->scratch = dt__alloc(a, (w->na ? w->na : 1) * sizeof(size_t));
    w->xs = dt__alloc(a, (w->na ? w->na : 1) * sizeof(double));
    if (!w->x || !w->s || !w->c || !w->hist || !w->line || !w->scratch ||
        !w->xs) {
        ex_ws_free(w);
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    for (i = 0; i < w->ni; i++) {
        rc = dt_scenario_line(sc, i, flags, &w->line[i], err);
        if (rc != DT_OK) {
            ex_ws_free(w);
            return rc;
        }
    }
    *out = w;
    return DT_OK;
}

/* Tables from the scenario's lines, a new run, round 0 recorded. */
static dt_status ex_ws_init(void *p, dt_error *err)
{
    ex_ws *w = p;
    size_t n = w->na * w->ni, i, k;
    dt_exchange_problem pb;
    dt_status rc;

    for (k = 0; k < n; k++) {
        w->x[k] = NAN;
        w->s[k] = w->c[k] = 0.0;
    }
    for (i = 0; i < w->ni; i++) {
        rc = dt_scenario_line_fill(w->sc, i, w->flags, w->line[i], err);
        if (rc != DT_OK)
            return rc;
        for (k = 0; k < w->line[i]->n; k++) {
            size_t at = w->line[i]->actor[k] * w->ni + i;

            w->x[at] = w->line[i]->x[k];
            w->s[at] = w->line[i]->s[k];
            w->c[at] = w->line[i]->c[k];
        }
    }
    pb.n_actors = w->na;
    pb.n_issues = w->ni;
    pb.x = w->x;
    pb.s = w->s;
    pb.c = w->c;
    dt_exchange_free(w->run);
    w->run = NULL;
    w->period = 0;
    rc = dt_exchange_new(&pb, &w->o, w->alloc, &w->run, err);
    if (rc != DT_OK)
        return rc;
    memcpy(w->hist, dt_exchange_get_result(w->run)->x, n * sizeof(double));
    return DT_OK;
}

unsigned dt__exchange_cycle(const double *hist, unsigned t, size_t n)
{
    const double *now = hist + (size_t)t * n;
    unsigned u;
    size_t k;

    for (u = 0; u + 1 < t; u++) {
        const double *row = hist + (size_t)u * n;

        /* NaN marks an actor off an issue: equal to NaN here. */
        for (k = 0;
             k < n && (row[k] == now[k] || (isnan(row[k]) && isnan(now[k])));
             k++)
            ;
        if (k == n)
            return t - u;
    }
    return 0;
}

static dt_status ex_ws_step(void *p, dt_error *err)
{
    ex_ws *w = p;
    const dt_exchange_result *r = dt_exchange_get_result(w->run);
    size_t n = w->na * w->ni;
    unsigned before = r->rounds;
    dt_status rc = dt_exchange_step(w->run, err);

    if (rc == DT_OK && r->rounds > before) {
        memcpy(w->hist + (size_t)r->rounds * n, r->x, n * sizeof(double));
        /* A round's exchanges depend on the positions only, so a state
           seen before repeats forever (as eu's cycle stop). */
        w->period = dt__exchange_cycle(w->hist, r->rounds, n);
    }
    return rc;
}

static dt_stop ex_ws_stop(const void *p)
{
    const ex_ws *w = p;

    return w->period ? DT_STOP_CYCLE : dt_exchange_stop(w->run);
}

static unsigned ex_ws_round(const void *p)
{
    return dt_exchange_get_result(((const ex_ws *)p)->run)->rounds;
}

static void ex_ws_positions(const void *p, size_t issue, unsigned t,
                            const dt_line *line, double *x)
{
    const ex_ws *w = p;
    const double *h = w->hist + (size_t)t * w->na * w->ni;
    size_t l;

    for (l = 0; l < line->n; l++)
        x[l] = h[line->actor[l] * w->ni + issue];
}

/* Weighted mean and median (weights c s) of the issue's line in round t. */
static void ex_ws_stats(const void *p, size_t issue, unsigned t, double *mean,
                        double *median)
{
    const ex_ws *w = p;
    const dt_line *l = w->line[issue];

    if (l->n == 0) {
        *mean = *median = NAN;
        return;
    }
    ex_ws_positions(p, issue, t, l, w->xs);
    *mean = dt_weighted_mean(l->n, w->xs, l->c, l->s);
    *median = dt_weighted_median(l->n, w->xs, l->c, l->s, w->scratch);
}

static void ex_ws_result(const void *p, size_t issue, dt_model_result *r,
                         double *probable)
{
    const ex_ws *w = p;
    const dt_exchange_result *er = dt_exchange_get_result(w->run);
    double mean;

    ex_ws_stats(p, issue, er->rounds, &mean, &r->median);
    /* The forecast is the final expected outcome O_q. */
    r->point = er->outcome[issue];
    r->mean = er->outcome[issue];
    r->stop = er->converged ? DT_STOP_CONVERGED : DT_STOP_ROUND_CAP;
    r->rounds = er->rounds;
    r->period = 0;
    if (w->period) {
        /* On a cycle, O_q and the median averaged over its states. */
        double so = 0.0, sd = 0.0, mo, md;
        unsigned t;

        for (t = er->rounds - w->period; t < er->rounds; t++) {
            ex_ws_stats(p, issue, t, &mo, &md);
            so += mo;
            sd += md;
        }
        r->point = r->mean = so / w->period;
        r->median = sd / w->period;
        r->stop = DT_STOP_CYCLE;
        r->period = w->period;
    }
    if (probable)
        *probable = NAN;
}

const dt_exchange_result *dt_exchange_model_result(const void *ws)
{
    const ex_ws *w = ws;

    return w && w->run ? dt_exchange_get_result(w->run) : NULL;
}

const dt_scenario_model_type dt_model_exchange = {
    "exchange",   "Stokman's exchange model, all issues at once",
    ex_ws_alloc,  ex_ws_init,
    ex_ws_step,   ex_ws_stop,
    ex_ws_round,  ex_ws_positions,
    ex_ws_stats,  NULL,
    ex_ws_result, ex_ws_free};
