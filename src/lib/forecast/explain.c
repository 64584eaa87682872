/*
 * Explanations of a forecast (dt_forecast_explain, forecast.h;
 * docs/models.md, "Explanations"), computed on request from what the
 * driver kept, so a run without explanations does no extra work:
 * - eu: the executed offers (BDM 1985; Bueno de Mesquita and Stokman
 *   1994: each round every actor takes the best offer it receives - a
 *   confrontation, a compromise or a capitulation, spec section 7)
 *   ranked by their share of their round's move of the forecast;
 * - nbs: why the Nash solution (Nash 1950) has no agreement: no status
 *   quo, or the actors who can gain sit on both sides of it (the feasible
 *   set of docs/models.md, "nbs", is then empty), or nobody can gain;
 * - every model: the actors whose red line on the issue the forecast
 *   crosses (no forecasting model looks at red lines; the summit
 *   analysis does, docs/analysis.md).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "forecast/forecast_int.h"

void dt_forecast_explanation_release(dt_forecast_explanation *e)
{
    if (!e)
        return;
    dt__free(e->alloc, e->moves, e->cap * sizeof *e->moves);
    dt__free(e->alloc, e->above, e->cap * sizeof *e->above);
    dt__free(e->alloc, e->below, e->cap * sizeof *e->below);
    dt__free(e->alloc, e->crossed, e->cap * sizeof *e->crossed);
    memset(e, 0, sizeof *e);
}

/* Larger |shift| first; ties: earlier round, then lower receiver. */
static int move_cmp(const void *pa, const void *pb)
{
    const dt_explain_move *a = pa, *b = pb;
    double da = fabs(a->shift), db = fabs(b->shift);

    if (da != db)
        return da > db ? -1 : 1;
    if (a->round != b->round)
        return a->round < b->round ? -1 : 1;
    return a->receiver < b->receiver ? -1 : a->receiver > b->receiver;
}

/*
 * Apply the offers of[a..b) of one round, forward (dir 1) or backward
 * (dir -1), to x (the positions at the start of the round), adding half
 * of each step's change of the statistic to its move's shift. The
 * median's order (idx) is sorted once and then kept sorted as one
 * position moves at a time, O(n) per offer instead of a sort: the same
 * order, hence the same sums and bits, as dt_weighted_median's. With a
 * NaN among the positions (no total order) it is sorted afresh each time.
 */
static void attribute(const dt_line *l, const dt_forecast_offer *of, size_t a,
                      size_t b, int dir, int mean, double *x, size_t *idx,
                      dt_explain_move *all)
{
    double before;
    size_t j;
    int finite = 1;

    for (j = 0; j < l->n; j++)
        finite &= x[j] == x[j];
    for (j = a; j < b; j++)
        finite &= of[j].offer.to == of[j].offer.to;
    if (mean) {
        before = dt_weighted_mean(l->n, x, l->c, l->s);
    } else {
        dt__weighted_order(l->n, x, idx);
        before = dt__weighted_median_sorted(l->n, x, l->c, l->s, idx);
    }
    for (j = 0; j < b - a; j++) {
        size_t k = dir > 0 ? a + j : b - 1 - j, who = of[k].offer.receiver;
        double after;

        x[who] = of[k].offer.to;
        if (mean) {
            after = dt_weighted_mean(l->n, x, l->c, l->s);
        } else {
            if (finite)
                dt__weighted_reorder(l->n, x, idx, who);
            else
                dt__weighted_order(l->n, x, idx);
            after = dt__weighted_median_sorted(l->n, x, l->c, l->s, idx);
        }
        all[k].shift += 0.5 * (after - before);
        before = after;
    }
}

/*
 * eu: every offer's shift, ranked. The round's change of the statistic
 * is split among its moves by applying them one at a time, in line
 * order and in reverse, and averaging the two attributions: the shifts
 * of all moves add up to end - start (the statistic is that of the
 * positions, and only accepted offers move positions). x and idx are
 * scratch of l->n entries; all is room for every offer.
 */
static void explain_eu(const dt_forecast *fc, size_t i, size_t m,
                       size_t max_moves, dt_forecast_explanation *e,
                       dt_explain_move *all, double *x, size_t *idx)
{
    const dt_line *l = dt_forecast_line(fc, i);
    const dt_trace *tr = dt_forecast_trace(fc, i, m);
    const dt_forecast_offer *of;
    int mean = dt_forecast_options(fc)->model.point == DT_EU_POINT_MEAN;
    size_t n_of, k, a, b;

    of = dt_forecast_offers(fc, i, m, &n_of);
    if (!tr || tr->rounds == 0)
        return;
    e->start = mean ? tr->mean[0] : tr->median[0];
    e->end = mean ? tr->mean[tr->rounds - 1] : tr->median[tr->rounds - 1];
    for (k = 0; k < n_of; k++) {
        const dt_eu_offer *o = &of[k].offer;

        all[k].round = of[k].round;
        all[k].receiver = o->receiver;
        all[k].proposer = o->proposer;
        all[k].type = o->type;
        all[k].from = o->from;
        all[k].to = o->to;
        all[k].shift = 0.0;
    }
    for (a = 0; a < n_of; a = b) {
        unsigned r = of[a].round;

        for (b = a; b < n_of && of[b].round == r; b++)
            ;
        if (r == 0 || r >= tr->rounds)
            continue;
        memcpy(x, tr->x + (size_t)(r - 1) * tr->n, l->n * sizeof *x);
        attribute(l, of, a, b, 1, mean, x, idx, all);
        memcpy(x, tr->x + (size_t)(r - 1) * tr->n, l->n * sizeof *x);
        attribute(l, of, a, b, -1, mean, x, idx, all);
    }
    e->n_offers = n_of;
    qsort(all, n_of, sizeof *all, move_cmp);
    e->n_moves = n_of < max_moves ? n_of : max_moves;
    memcpy(e->moves, all, e->n_moves * sizeof *all);
}

/* nbs without agreement: why (the rule of nbs.c's feasible set). */
static void explain_nbs(const dt_line *l, dt_forecast_explanation *e)
{
    size_t k;

    if (!l->has_status_quo) {
        e->nbs = DT_EXPLAIN_NBS_NO_STATUS_QUO;
        return;
    }
    for (k = 0; k < l->n; k++) {
        /* Active: ideal point off d, salience and weight above 0. */
        if (l->x[k] == l->status_quo || !(l->s[k] > 0.0) || !(l->c[k] > 0.0))
            continue;
        if (l->x[k] > l->status_quo)
            e->above[e->n_above++] = k;
        else
            e->below[e->n_below++] = k;
    }
    e->nbs = e->n_above && e->n_below ? DT_EXPLAIN_NBS_BOTH_SIDES
                                      : DT_EXPLAIN_NBS_NOBODY_GAINS;
}

dt_status dt_forecast_explain(const dt_forecast *fc, size_t i, size_t m,
                              size_t max_moves, dt_forecast_explanation *out,
                              dt_error *err)
{
    const dt_scenario *sc;
    const dt_line *l;
    const dt_model_result *r;
    const dt_allocator *al;
    size_t n_of = 0, na, cap, k;
    dt_explain_move *all = NULL;
    double *x = NULL;
    size_t *idx = NULL;

    if (!fc || !out || i >= dt_forecast_n_issues(fc) ||
        m >= dt_forecast_n_models(fc))
        return dt__error_set(err, DT_EINVAL,
                             "dt_forecast_explain: bad forecast, issue or "
                             "model index");
    memset(out, 0, sizeof *out);
    sc = dt_forecast_scenario(fc);
    al = dt_scenario_allocator(sc);
    l = dt_forecast_line(fc, i);
    r = dt_forecast_result(fc, i, m);
    na = dt_scenario_n_actors(sc);
    out->alloc = al;
    out->start = out->end = NAN;
    out->ignores_red_lines = 1;
    (void)dt_forecast_offers(fc, i, m, &n_of);
    cap = (na > l->n ? na : l->n) + (n_of < max_moves ? n_of : max_moves) + 1;
    out->cap = cap;
    out->moves = dt__alloc(al, cap * sizeof *out->moves);
    out->above = dt__alloc(al, cap * sizeof *out->above);
    out->below = dt__alloc(al, cap * sizeof *out->below);
    out->crossed = dt__alloc(al, cap * sizeof *out->crossed);
    all = dt__alloc(al, (n_of + 1) * sizeof *all);
    x = dt__alloc(al, (l->n + 1) * sizeof *x);
    idx = dt__alloc(al, (l->n + 1) * sizeof *idx);
    if (!out->moves || !out->above || !out->below || !out->crossed || !all ||
        !x || !idx) {
        dt__free(al, all, (n_of + 1) * sizeof *all);
        dt__free(al, x, (l->n + 1) * sizeof *x);
        dt__free(al, idx, (l->n + 1) * sizeof *idx);
        dt_forecast_explanation_release(out);
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    if (dt_forecast_has_offers(fc, i, m))
        explain_eu(fc, i, m, max_moves, out, all, x, idx);
    if (dt_forecast_model_type(fc, m) == &dt_model_nbs && l->n > 0 &&
        isnan(r->point))
        explain_nbs(l, out);
    /* Per-issue red lines the point crosses (the rule of lp.c's
       dt_limit_crossed: a tolerance of 1e-7 relative to the bound). */
    for (k = 0; isfinite(r->point) && k < na; k++) {
        const dt_stake *st = dt_scenario_stake(sc, k, i);
        const dt_red_line *rl;

        if (!st || !st->has_red_line)
            continue;
        rl = &st->red_line;
        if ((rl->has_above &&
             r->point > rl->above + 1e-7 * (1.0 + fabs(rl->above))) ||
            (rl->has_below &&
             r->point < rl->below - 1e-7 * (1.0 + fabs(rl->below))))
            out->crossed[out->n_crossed++] = k;
    }
    dt__free(al, all, (n_of + 1) * sizeof *all);
    dt__free(al, x, (l->n + 1) * sizeof *x);
    dt__free(al, idx, (l->n + 1) * sizeof *idx);
    return DT_OK;
}
