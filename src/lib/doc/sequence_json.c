/*
 * The JSON document of a scenario's games (dt_games_sequence_write_json, doc.h;
 * docs/games.md; schema in docs/json-schema.md and
 * docs/schema/sequence.schema.json): its schema and version, the plans
 * kept with their paths, the threats with x* over the outside options,
 * the ratification game with its Monte Carlo check, the sweeps with
 * their points and thresholds. Keys in the order written; reals with 17
 * significant digits; a value that is not a number (NaN) leaves its key
 * out.
 */
#include <math.h>

#include "doc/json.h"

/* A real, or null when v is infinite (no verification or penalty will do). */
static json_t *finite_or_null(double v)
{
    return isinf(v) ? json_null() : json_real(v);
}

static json_t *plans_json(const dt_games_sequence *s)
{
    json_t *arr = json_array();
    size_t i, k;

    for (i = 0; arr && i < dt_games_sequence_n_plans(s); i++) {
        const dt_games_sequence_plan *sp = dt_games_sequence_plan_at(s, i);
        const dt_games_plan *p = sp->plan;
        const dt_games_staged_sum *sum = &sp->sum;
        json_t *o = json_object(), *path = json_array();

        dt__json_set(o, "id", json_string(p->id));
        dt__json_set(o, "stages", json_integer((json_int_t)p->n_stages));
        dt__json_set(o, "completes",
                     json_boolean(sum->break_by == DT_GAMES_BREAK_NONE));
        dt__json_set(o, "break_stage",
                     json_integer((json_int_t)sum->break_stage));
        dt__json_set(o, "break_by",
                     json_string(sum->break_by == DT_GAMES_BREAK_A   ? "A"
                                 : sum->break_by == DT_GAMES_BREAK_B ? "B"
                                                                     : ""));
        dt__json_set(o, "v_a", json_real(sum->v_a));
        dt__json_set(o, "v_b", json_real(sum->v_b));
        dt__json_set(o, "binding_stage",
                     json_integer((json_int_t)sum->binding));
        dt__json_set(
            o, "binding_side",
            json_string(sum->binding_side == DT_GAMES_BREAK_A ? "A" : "B"));
        dt__json_set(o, "binding_slack", json_real(sum->binding_slack));
        for (k = 0; path && k < p->n_stages; k++) {
            const dt_games_stage_eq *e = &sp->stages[k];
            json_t *st = json_object();

            dt__json_set(st, "a_steps", json_boolean(e->steps));
            dt__json_set(st, "b_reciprocates", json_boolean(e->reciprocates));
            dt__json_set(st, "q", json_real(p->stages[k].q.v));
            dt__json_set(st, "q_min", finite_or_null(e->q_min));
            dt__json_set(st, "s_a_min", finite_or_null(e->s_a_min));
            dt__json_set(st, "s_b_min", json_real(e->s_b_min));
            dt__json_set(st, "slack_a", json_real(e->slack_a));
            dt__json_set(st, "slack_b", json_real(e->slack_b));
            dt__json_set(st, "v_a", json_real(e->v_a));
            dt__json_set(st, "v_b", json_real(e->v_b));
            json_array_append_new(path, st);
        }
        dt__json_set(o, "path", path);
        json_array_append_new(arr, o);
    }
    return arr;
}

static json_t *threats_json(const dt_games_sequence *s)
{
    json_t *arr = json_array();
    size_t i, j;

    for (i = 0; arr && i < dt_games_sequence_n_threats(s); i++) {
        const dt_games_sequence_threat *r = dt_games_sequence_threat_at(s, i);
        json_t *o = json_object(), *by_o = json_array();

        dt__json_set(o, "id", json_string(r->threat->id));
        dt__json_set(o, "credible", json_boolean(r->eq.credible));
        dt__json_set(o, "x", json_real(r->threat->x.v));
        dt__json_set(o, "x_max", json_real(r->eq.x_max));
        dt__json_set(o, "complies", json_boolean(r->eq.complies));
        dt__json_set(o, "demands", json_boolean(r->eq.demands));
        dt__json_set(o, "u_s", json_real(r->eq.u_s));
        dt__json_set(o, "u_t", json_real(r->eq.u_t));
        for (j = 0; by_o && j < DT_GAMES_SEQUENCE_N_O; j++) {
            json_t *pt = json_object();

            dt__json_set(pt, "o", json_real(dt_games_sequence_o(j)));
            dt__json_set(pt, "x_max", json_real(r->x_max_o[j]));
            json_array_append_new(by_o, pt);
        }
        dt__json_set(o, "x_max_by_o", by_o);
        json_array_append_new(arr, o);
    }
    return arr;
}

static json_t *ratification_json(const dt_games_sequence *s)
{
    const dt_games_sequence_rat *q = dt_games_sequence_ratification(s);
    const dt_games_ratification *r = q->rat;
    json_t *o = json_object(), *best = json_array(), *vetoes = json_array();
    size_t i;

    for (i = 0; best && i < r->dim; i++)
        json_array_append_new(best, json_real(q->eq.best[i]));
    dt__json_set(o, "dimensions", json_integer((json_int_t)r->dim));
    dt__json_set(o, "best_proposal", best);
    dt__json_set(o, "regime", json_string(q->regime));
    dt__json_set(o, "p_best", json_real(q->eq.p_best));
    dt__json_set(o, "p_best_monte_carlo", json_real(q->p_best_mc));
    dt__json_set(o, "eu_best", json_real(q->eq.eu_best));
    dt__json_set(o, "converged", json_boolean(q->eq.converged));
    if (q->proposal) {
        dt__json_set(o, "p_proposal", json_real(q->p_proposal));
        dt__json_set(o, "p_proposal_monte_carlo", json_real(q->p_proposal_mc));
    }
    dt__json_set(o, "draws",
                 json_integer((json_int_t)dt_games_sequence_draws(s)));
    dt__json_set(o, "seed",
                 json_integer((json_int_t)dt_games_sequence_seed(s)));
    for (i = 0; vetoes && i < r->n_vetoes; i++) {
        const dt_games_sequence_veto *v = &q->vetoes[i];
        json_t *j = json_object();

        dt__json_set(j, "id", json_string(v->veto->id ? v->veto->id : ""));
        dt__json_set(j, "excluded", json_boolean(v->veto->excluded));
        if (v->veto->dist != DT_GAMES_RAT_UNIFORM)
            dt__json_set(j, "win_set_radius", json_real(v->radius));
        dt__json_set(j, "uncertain",
                     json_boolean(v->veto->dist != DT_GAMES_RAT_CERTAIN));
        json_array_append_new(vetoes, j);
    }
    dt__json_set(o, "vetoes", vetoes);
    return o;
}

static json_t *sweep_json(const dt_games_sequence_swept *w)
{
    json_t *o = json_object(), *pts = json_array(), *ths = json_array();
    size_t i;

    dt__json_set(o, "param", json_string(w->param));
    dt__json_set(o, "lo", json_real(w->lo));
    dt__json_set(o, "hi", json_real(w->hi));
    dt__json_set(o, "steps", json_integer((json_int_t)w->steps));
    dt__json_set(o, "tolerance", json_real(w->tolerance));
    for (i = 0; pts && i < w->n_points; i++) {
        const dt_games_sequence_point *p = &w->points[i];
        json_t *pt = json_object();

        dt__json_set(pt, "value", json_real(p->value));
        dt__json_set(pt, "equilibrium", json_string(p->equilibrium));
        dt__json_set(pt, w->measure[0], json_real(p->measure[0]));
        dt__json_set(pt, w->measure[1], json_real(p->measure[1]));
        json_array_append_new(pts, pt);
    }
    for (i = 0; ths && i < w->n_thresholds; i++) {
        const dt_games_sequence_threshold *h = &w->thresholds[i];
        json_t *t = json_object();

        dt__json_set(t, "value", json_real(h->value));
        dt__json_set(t, "below", json_string(h->below));
        dt__json_set(t, "above", json_string(h->above));
        json_array_append_new(ths, t);
    }
    dt__json_set(o, "points", pts);
    dt__json_set(o, "thresholds", ths);
    return o;
}

dt_status dt_games_sequence_write_json(const dt_games_sequence *s,
                                       const dt_doc_opts *o, dt_write_fn write,
                                       void *ud, dt_error *err)
{
    const dt_games *g = dt_games_sequence_games(s);
    json_t *doc = json_object(), *sweeps = json_array();
    size_t i;

    (void)o;
    dt__json_set(doc, "schema", json_string("detente-sequence/1"));
    dt__json_set(doc, "scenario",
                 json_string(dt_scenario_name(dt_games_sequence_scenario(s))));
    dt__json_set(doc, "seed",
                 json_integer((json_int_t)dt_games_sequence_seed(s)));
    if (g->has_staged)
        dt__json_set(doc, "plans", plans_json(s));
    if (g->n_threats)
        dt__json_set(doc, "threats", threats_json(s));
    if (g->has_ratification)
        dt__json_set(doc, "ratification", ratification_json(s));
    for (i = 0; sweeps && i < dt_games_sequence_n_sweeps(s); i++)
        json_array_append_new(sweeps,
                              sweep_json(dt_games_sequence_sweep_at(s, i)));
    if (!sweeps) {
        json_decref(doc);
        doc = NULL;
    }
    dt__json_set(doc, "sweeps", sweeps);
    return dt__json_write(doc, JSON_PRESERVE_ORDER, write, ud, err);
}
