/*
 * The "why" lines of a forecast document (forecast_doc.c) and their JSON
 * (forecast_json.c): per issue and model the explanation of
 * dt_forecast_explain (forecast.h; docs/models.md, "Explanations").
 */
#include <math.h>
#include <string.h>

#include "doc/json.h"

#include "doc/doc_int.h"

/* Ranked moves shown per issue and model. */
#define WHY_MOVES 3

/* "usa (at most 60.00)": actor a's red line on issue i as a rule. */
static const char *red_rule(dt_doc *d, const dt_scenario *sc, size_t a,
                            size_t i)
{
    const dt_red_line *rl = &dt_scenario_stake(sc, a, i)->red_line;
    const char *id = dt_scenario_actor(sc, a)->id;

    if (rl->has_above && rl->has_below)
        return dt_doc_fmt(d, "%s's (%.2f to %.2f)", id, rl->below, rl->above);
    if (rl->has_above)
        return dt_doc_fmt(d, "%s's (at most %.2f)", id, rl->above);
    return dt_doc_fmt(d, "%s's (at least %.2f)", id, rl->below);
}

/*
 * parts[0..n) joined by sep into one string of the document, written
 * once (linear: a string grown by re-formatting costs O(n^2) time and
 * arena memory, 500 MB at 2,000 actors x 50 issues). "" when n is 0 or
 * out of memory (the document is then marked).
 */
static const char *join(dt_doc *d, const char *const *parts, size_t n,
                        const char *sep)
{
    size_t j, len = 0, at = 0, ws = strlen(sep);
    char *s;

    for (j = 0; j < n; j++)
        len += (j ? ws : 0) + strlen(parts[j]);
    s = dt_doc_alloc(d, len + 1);
    if (!s)
        return "";
    for (j = 0; j < n; j++) {
        size_t w = strlen(parts[j]);

        if (j) {
            memcpy(s + at, sep, ws);
            at += ws;
        }
        memcpy(s + at, parts[j], w);
        at += w;
    }
    s[at] = '\0';
    return s;
}

/* "a, b, c": the ids of the line's actors k[0..n). */
static const char *names(dt_doc *d, const dt_line *l, const size_t *k, size_t n)
{
    const char **ids = dt__arena_alloc(&d->ar, (n + 1) * sizeof *ids);
    size_t j;

    if (!ids) {
        d->oom = 1;
        return "";
    }
    for (j = 0; j < n; j++)
        ids[j] = l->ids[k[j]];
    return join(d, ids, n, ", ");
}

/* Why model m's forecast on issue i, or NULL when there is nothing to say. */
static const char *why_text(dt_doc *d, const dt_forecast *fc, size_t i,
                            size_t m, const dt_forecast_explanation *e)
{
    const dt_line *l = dt_forecast_line(fc, i);
    int mean = dt_forecast_options(fc)->model.point == DT_EU_POINT_MEAN;
    const char *stat = mean ? "mean" : "median", *s;
    size_t k;

    switch (e->nbs) {
    case DT_EXPLAIN_NBS_NO_STATUS_QUO:
        return "no agreement: the issue has no status quo, so there is no "
               "disagreement point";
    case DT_EXPLAIN_NBS_BOTH_SIDES:
        return dt_doc_fmt(d,
                          "no agreement: the actors who could gain sit on "
                          "both sides of the status quo %.2f (above: %s; "
                          "below: %s), so no outcome gains them all",
                          l->status_quo, names(d, l, e->above, e->n_above),
                          names(d, l, e->below, e->n_below));
    case DT_EXPLAIN_NBS_NOBODY_GAINS:
        return dt_doc_fmt(d,
                          "no agreement: no actor can gain from leaving the "
                          "status quo %.2f",
                          l->status_quo);
    default:
        break;
    }
    if (!dt_forecast_has_offers(fc, i, m) || isnan(e->start))
        return NULL;
    if (e->n_offers == 0)
        return dt_doc_fmt(d, "%s stays at %.2f: no actor took an offer", stat,
                          e->start);
    s = dt_doc_fmt(d,
                   "%s %.2f -> %.2f; the moves that shifted it most (%zu "
                   "of %zu):",
                   stat, e->start, e->end, e->n_moves, e->n_offers);
    for (k = 0; k < e->n_moves; k++) {
        const dt_explain_move *mv = &e->moves[k];

        s = dt_doc_fmt(d,
                       "%s%s round %u, %s took %s's offer (%s, %.2f -> "
                       "%.2f): %s %+.2f",
                       s, k ? ";" : "", mv->round, l->ids[mv->receiver],
                       l->ids[mv->proposer], dt_eu_class_str(mv->type),
                       mv->from, mv->to, stat, mv->shift);
    }
    return s;
}

void dt__forecast_doc_why(dt_doc *d, const dt_forecast *fc, size_t i)
{
    const dt_scenario *sc = dt_forecast_scenario(fc);
    size_t nm = dt_forecast_n_models(fc), na = dt_scenario_n_actors(sc);
    size_t m, k, a, n_red = 0;
    const char **by = dt__arena_alloc(&d->ar, (na + 1) * sizeof *by);
    const char *red = "";
    int any = 0;

    if (!by) {
        d->oom = 1;
        return;
    }
    for (a = 0; a < na; a++) {
        const dt_stake *st = dt_scenario_stake(sc, a, i);

        by[a] = NULL;
        n_red += st && st->has_red_line;
    }
    for (m = 0; m < nm; m++) {
        dt_forecast_explanation e;
        const char *why;

        if (dt_forecast_explain(fc, i, m, WHY_MOVES, &e, NULL) != DT_OK) {
            d->oom = 1;
            return;
        }
        why = why_text(d, fc, i, m, &e);
        if (why) {
            dt_doc_layout_spec lay = {any ? 0 : 1, 2, NULL, 4, 0, 0};

            dt_doc_paraf(d, DT_DOC_STYLE_TEXT, "why %s: %s",
                         dt_forecast_model_name(fc, m), why);
            dt_doc_layout(d, &lay);
            any = 1;
        }
        for (k = 0; k < e.n_crossed; k++) {
            a = e.crossed[k];
            by[a] = dt_doc_fmt(d, "%s%s%s %.2f", by[a] ? by[a] : "",
                               by[a] ? ", " : "", dt_forecast_model_name(fc, m),
                               dt_forecast_result(fc, i, m)->point);
        }
        dt_forecast_explanation_release(&e);
    }
    /* by[] becomes the list of "rule crossed by models", joined once. */
    for (a = 0, k = 0; a < na; a++)
        if (by[a])
            by[k++] =
                dt_doc_fmt(d, "%s crossed by %s", red_rule(d, sc, a, i), by[a]);
    for (a = 0; a < k; a++)
        if (!by[a])
            return; /* out of memory: dt_doc_fmt marked the document */
    red = join(d, by, k, "; ");
    if (d->oom)
        return;
    if (n_red) {
        dt_doc_layout_spec lay = {any ? 0 : 1, 2, NULL, 4, 0, 0};

        dt_doc_paraf(d, DT_DOC_STYLE_TEXT,
                     "red lines (the models ignore them by design; analyze "
                     "does not): %s",
                     *red ? red : "no forecast crosses one");
        dt_doc_layout(d, &lay);
    }
}

dt_status dt_forecast_why_doc(const dt_forecast *fc, size_t i, dt_doc *d,
                              dt_error *err)
{
    if (!fc || !d || i >= dt_forecast_n_issues(fc))
        return dt__error_set(err, DT_EINVAL,
                             "no forecast, no document or issue index out "
                             "of range");
    dt__forecast_doc_why(d, fc, i);
    return dt_doc_status(d, err);
}

json_t *dt__forecast_json_why(const dt_forecast *fc, size_t i, size_t m)
{
    static const char *const nbs[] = {NULL, "no_status_quo", "both_sides",
                                      "nobody_gains"};
    const dt_scenario *sc = dt_forecast_scenario(fc);
    const dt_line *l = dt_forecast_line(fc, i);
    dt_forecast_explanation e;
    json_t *o, *arr;
    size_t k;

    if (dt_forecast_explain(fc, i, m, WHY_MOVES, &e, NULL) != DT_OK)
        return NULL;
    o = json_object();
    if (dt_forecast_has_offers(fc, i, m) && !isnan(e.start)) {
        dt__json_set(o, "start", dt__json_num(e.start));
        dt__json_set(o, "end", dt__json_num(e.end));
        dt__json_set(o, "offers", json_integer((json_int_t)e.n_offers));
        arr = json_array();
        for (k = 0; arr && k < e.n_moves; k++) {
            const dt_explain_move *mv = &e.moves[k];

            json_array_append_new(
                arr, json_pack("{s:i, s:s, s:s, s:s, s:f, s:f, s:f}", "round",
                               (json_int_t)mv->round, "receiver",
                               l->ids[mv->receiver], "proposer",
                               l->ids[mv->proposer], "type",
                               dt_eu_class_str(mv->type), "from", mv->from,
                               "to", mv->to, "shift", mv->shift));
        }
        dt__json_set(o, "moves", arr);
    }
    if (e.nbs != DT_EXPLAIN_NBS_AGREED) {
        json_t *ab = json_array(), *be = json_array();

        for (k = 0; ab && k < e.n_above; k++)
            json_array_append_new(ab, json_string(l->ids[e.above[k]]));
        for (k = 0; be && k < e.n_below; k++)
            json_array_append_new(be, json_string(l->ids[e.below[k]]));
        dt__json_set(o, "no_agreement",
                     json_pack("{s:s, s:o, s:o}", "reason", nbs[e.nbs], "above",
                               ab, "below", be));
    }
    dt__json_set(o, "ignores_red_lines", json_boolean(e.ignores_red_lines));
    arr = json_array();
    for (k = 0; arr && k < e.n_crossed; k++)
        json_array_append_new(
            arr, json_string(dt_scenario_actor(sc, e.crossed[k])->id));
    dt__json_set(o, "red_lines_crossed", arr);
    dt_forecast_explanation_release(&e);
    return o;
}

const char *dt__forecast_doc_exchange_stop(dt_doc *d, const dt_forecast *fc)
{
    const dt_exchange_result *er = dt_forecast_exchange(fc);
    size_t m = dt_forecast_model_index(fc, "exchange");
    const dt_model_result *r =
        m < dt_forecast_n_models(fc) && dt_forecast_n_issues(fc)
            ? dt_forecast_result(fc, 0, m)
            : NULL;
    const char *rounds = er->rounds == 1 ? "round" : "rounds";

    if (r && r->stop == DT_STOP_CYCLE)
        return dt_doc_fmt(d,
                          "%u %s (cycle of period %u; forecasts averaged "
                          "over it)",
                          er->rounds, rounds, r->period);
    return dt_doc_fmt(d, "%u %s (%s)", er->rounds, rounds,
                      er->converged ? "converged" : "round cap");
}

/* Shift of exchange mv on issue q (0 when q is not one of its issues). */
static double ex_shift(const dt_exchange_move *mv, size_t q)
{
    return mv->issue_p == q   ? mv->shift_p
           : mv->issue_q == q ? mv->shift_q
                              : 0.0;
}

void dt__forecast_doc_exchange_summary(dt_doc *d, const dt_forecast *fc,
                                       size_t n)
{
    const dt_scenario *sc = dt_forecast_scenario(fc);
    const dt_exchange_result *er = dt_forecast_exchange(fc);
    size_t ni = dt_forecast_n_issues(fc), q, k, j;
    size_t *top = dt__arena_alloc(&d->ar, (n + 1) * sizeof *top);

    if (!top) {
        d->oom = 1;
        return;
    }
    {
        dt_doc_layout_spec lay = {1, 2, NULL, 2, 0, 0};

        dt_doc_paraf(d, DT_DOC_STYLE_TEXT,
                     "per issue the %zu exchanges that shifted its outcome "
                     "most (--exchanges all lists every one):",
                     n);
        dt_doc_layout(d, &lay);
    }
    for (q = 0; q < ni; q++) {
        size_t nt = 0, count = 0;
        const char *s;

        /* Insertion into the n largest |shift|; ties keep the earlier. */
        for (k = 0; k < er->n_moves; k++) {
            double v = fabs(ex_shift(&er->moves[k], q));

            if (v == 0.0)
                continue;
            count++;
            for (j = nt; j > 0 && fabs(ex_shift(&er->moves[top[j - 1]], q)) < v;
                 j--)
                if (j < n)
                    top[j] = top[j - 1];
            if (j < n) {
                top[j] = k;
                if (nt < n)
                    nt++;
            }
        }
        s = dt_doc_fmt(d, "%s: %zu exchange%s", dt_scenario_issue(sc, q)->id,
                       count, count == 1 ? "" : "s");
        for (j = 0; j < nt; j++) {
            const dt_exchange_move *mv = &er->moves[top[j]];

            s = dt_doc_fmt(
                d, "%s%s round %u, %s gives on %s to %s for %s: %+.3f", s,
                j ? ";" : ",", mv->round,
                dt_scenario_actor(sc, mv->demander)->id,
                dt_scenario_issue(sc, mv->issue_q)->id,
                dt_scenario_actor(sc, mv->supplier)->id,
                dt_scenario_issue(sc, mv->issue_p)->id, ex_shift(mv, q));
        }
        {
            dt_doc_layout_spec lay = {0, 2, NULL, 4, 0, 0};

            dt_doc_para(d, DT_DOC_STYLE_TEXT, s);
            dt_doc_layout(d, &lay);
        }
    }
}
