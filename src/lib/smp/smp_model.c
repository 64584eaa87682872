/*
 * KTAB's spatial model of politics as a scenario-level model type
 * (dt_model_smp; the interface is dt_scenario_model_type in model.h): one
 * SMP run over every issue of a scenario, each issue a dimension of the
 * space (docs/models.md, "smp"). The forecast on an issue is the
 * capability x salience weighted mean of the final positions; the most
 * probable position and every round's winning probabilities are kept.
 */
#include <math.h>
#include <string.h>

#include "internal.h"

typedef struct smp_ws {
    const dt_scenario *sc;     /* borrowed */
    unsigned flags;            /* dt_line_flags of the space */
    const dt_allocator *alloc; /* hook, borrowed */
    dt_smp_opts o;             /* options (accommodation copied by smp) */
    dt_space *sp;              /* the space the run reads */
    dt_smp *m;                 /* the run */
    size_t *row;               /* per scenario actor: space row or -1 */
    size_t na;                 /* scenario actors */
    int fresh;                 /* just built from the scenario: turn 0 */
} smp_ws;

static void smp_ws_free(void *p)
{
    smp_ws *w = p;

    if (!w)
        return;
    dt_smp_free(w->m);
    dt_space_free(w->sp);
    dt__free(w->alloc, w->row, (w->na ? w->na : 1) * sizeof *w->row);
    dt__free(w->alloc, w, sizeof *w);
}

static dt_status smp_ws_alloc(const dt_scenario *sc, unsigned flags,
                              const void *opts, const dt_allocator *a,
                              void **out, dt_error *err)
{
    static const dt_smp_opts defaults = DT_SMP_OPTS_INIT;
    smp_ws *w;
    size_t k, n = 0;
    dt_status rc;

    *out = NULL;
    w = dt__calloc(a, 1, sizeof *w);
    if (!w)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    w->sc = sc;
    w->flags = flags;
    w->alloc = a;
    w->o = opts ? *(const dt_smp_opts *)opts : defaults;
    w->na = dt_scenario_n_actors(sc);
    w->row = dt__calloc(a, w->na ? w->na : 1, sizeof *w->row);
    if (!w->row) {
        smp_ws_free(w);
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    /* The rows of dt_space_from_scenario: scenario order, by role. */
    for (k = 0; k < w->na; k++)
        w->row[k] = (flags & DT_LINE_TABLE_ONLY) &&
                            !dt_role_at_table(dt_scenario_actor(sc, k)->role)
                        ? (size_t)-1
                        : n++;
    rc = dt_space_from_scenario(sc, flags, &w->sp, err);
    if (rc == DT_OK)
        rc = dt_smp_new(w->sp, &w->o, &w->m, err);
    if (rc != DT_OK) {
        smp_ws_free(w);
        return rc;
    }
    w->fresh = 1;
    *out = w;
    return DT_OK;
}

/* Reload the scenario's numbers into the space, then back to turn 0. */
static dt_status smp_ws_init(void *p, dt_error *err)
{
    smp_ws *w = p;
    dt_space *fresh = NULL;
    size_t nd = w->sp->n * w->sp->d;
    dt_status rc;

    if (w->fresh) { /* dt_smp_new has just loaded these very numbers */
        w->fresh = 0;
        return DT_OK;
    }
    rc = dt_space_from_scenario(w->sc, w->flags, &fresh, err);
    if (rc != DT_OK)
        return rc;
    memcpy(w->sp->x, fresh->x, nd * sizeof *w->sp->x);
    memcpy(w->sp->s, fresh->s, nd * sizeof *w->sp->s);
    memcpy(w->sp->c, fresh->c, w->sp->n * sizeof *w->sp->c);
    dt_space_free(fresh);
    dt_smp_init(w->m, w->o.seed);
    return DT_OK;
}

static dt_status smp_ws_step(void *p, dt_error *err)
{
    return dt_smp_step(((smp_ws *)p)->m, err);
}

static dt_stop smp_ws_stop(const void *p)
{
    return dt_smp_stop(((const smp_ws *)p)->m);
}

static unsigned smp_ws_round(const void *p)
{
    return dt_smp_turns(((const smp_ws *)p)->m);
}

static void smp_ws_positions(const void *p, size_t issue, unsigned t,
                             const dt_line *line, double *x)
{
    const smp_ws *w = p;
    const double *pos = dt_smp_positions(w->m, t);
    size_t l;

    for (l = 0; l < line->n; l++)
        x[l] = 100.0 * pos[w->row[line->actor[l]] * w->sp->d + issue];
}

static void smp_ws_stats(const void *p, size_t issue, unsigned t, double *mean,
                         double *median)
{
    dt_smp_stats(((const smp_ws *)p)->m, t, issue, mean, median);
}

static int smp_ws_probs(const void *p, size_t issue, unsigned t,
                        const dt_line *line, double *pr)
{
    const smp_ws *w = p;
    const double *prob = dt_smp_probs(w->m, t);
    size_t l;

    (void)issue;
    for (l = 0; l < line->n; l++)
        pr[l] = prob[w->row[line->actor[l]]];
    return 1;
}

static void smp_ws_result(const void *p, size_t issue, dt_model_result *r,
                          double *probable)
{
    dt_smp_result(((const smp_ws *)p)->m, issue, r, probable);
}

const dt_scenario_model_type dt_model_smp = {
    "smp",         "KTAB's spatial model of politics, all issues at once",
    smp_ws_alloc,  smp_ws_init,
    smp_ws_step,   smp_ws_stop,
    smp_ws_round,  smp_ws_positions,
    smp_ws_stats,  smp_ws_probs,
    smp_ws_result, smp_ws_free};
