/*
 * The document of a scenario's games (dt_games_sequence_doc, doc.h): the staged
 * deal's plans side by side and stage by stage, the threats with x* over
 * the outside options, the ratification game with its Monte Carlo check,
 * and each sweep with its grid and thresholds. The terminal layout is
 * that of `detente sequence` (fixed-width columns at a margin of two).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "doc/doc_int.h"

static const char *side(const char *s, const char *dflt)
{
    return s ? s : dflt;
}

static void heading(dt_doc *d, int level, unsigned gap, const char *text)
{
    dt_doc_heading(d, level, NULL, text);
    dt_doc_gap(d, gap, 0);
}

/* A point of R^dim with %.3f: "0.667" or "(0.100, 0.200)". */
static const char *vec(dt_doc *d, const double *x, const dt_games_num *g,
                       size_t dim)
{
    size_t k, n = 3, used = 0;
    char *s;

    for (k = 0; k < dim; k++)
        n += (size_t)snprintf(NULL, 0, "%.3f", x ? x[k] : g[k].v) + 2;
    s = dt__arena_alloc(&d->ar, n);
    if (!s) {
        d->oom = 1;
        return "";
    }
    if (dim != 1)
        s[used++] = '(';
    for (k = 0; k < dim; k++)
        used += (size_t)snprintf(s + used, n - used, "%s%.3f", k ? ", " : "",
                                 x ? x[k] : g[k].v);
    if (dim != 1)
        s[used++] = ')';
    s[used] = '\0';
    return s;
}

/* A required verification or penalty: never, none, or %.3f. */
static const char *need(dt_doc *d, double x)
{
    if (isinf(x))
        return "never";
    if (x <= 0.0)
        return "none";
    return dt_doc_fmt(d, "%.3f", x);
}

/* ---- Staged deal. ---- */

static const char *outcome(dt_doc *d, const dt_games_staged_sum *s,
                           const char *A, const char *B)
{
    size_t n = (size_t)dt_games_staged_outcome(s, A, B, NULL, 0) + 1;
    char *p = dt_doc_alloc(d, n);

    if (p)
        dt_games_staged_outcome(s, A, B, p, n);
    return p;
}

static void plans_table(dt_doc *d, const dt_games_sequence *s, const char *A,
                        const char *B)
{
    static const dt_doc_col col[5] = {
        {"", 22, 0}, {" ", 3, 1}, {"  ", 42, 0}, {" ", 9, 1}, {" ", 9, 1}};
    size_t n = dt_games_sequence_n_plans(s), i;
    size_t t = dt_doc_table(d, n + 1, 5, NULL);

    dt_doc_columns(d, t, col);
    dt_doc_show(d, DT_DOC_PEOPLE);
    dt_doc_gap(d, 0, 2);
    dt_doc_cell(d, t, 0, 0, "plan");
    dt_doc_cell(d, t, 0, 1, "K");
    dt_doc_cell(d, t, 0, 2, "outcome");
    dt_doc_cell(d, t, 0, 3, "V_A");
    dt_doc_cell(d, t, 0, 4, "V_B");
    dt_doc_numeric(d, t, 1);
    dt_doc_numeric(d, t, 3);
    dt_doc_numeric(d, t, 4);
    for (i = 0; i < n; i++) {
        const dt_games_sequence_plan *p = dt_games_sequence_plan_at(s, i);

        dt_doc_cell(d, t, i + 1, 0, "%s", p->plan->id ? p->plan->id : "");
        dt_doc_cell(d, t, i + 1, 1, "%zu", p->plan->n_stages);
        dt_doc_cell(d, t, i + 1, 2, "%s", outcome(d, &p->sum, A, B));
        dt_doc_cell(d, t, i + 1, 3, "%.3f", p->sum.v_a);
        dt_doc_cell(d, t, i + 1, 4, "%.3f", p->sum.v_b);
    }
}

static void stage_table(dt_doc *d, const dt_games_sequence_plan *sp,
                        const char *A, const char *B)
{
    static const dt_doc_col col[9] = {{"", 5, 1},  {" ", 6, 0}, {" ", 7, 0},
                                      {" ", 6, 1}, {" ", 8, 1}, {" ", 8, 1},
                                      {" ", 8, 1}, {" ", 9, 1}, {" ", 9, 1}};
    static const char *const head[9] = {
        "stage", "A", "B", "q", "q*", "S_A*", "S_B*", "slack_A", "slack_B"};
    const dt_games_plan *p = sp->plan;
    size_t k, c, t;

    heading(d, 3, 1,
            dt_doc_fmt(d, "plan %s%s%s%s (K = %zu, S_A = %g, S_B = %g)",
                       p->id ? p->id : "", p->name ? " (" : "",
                       p->name ? p->name : "", p->name ? ")" : "", p->n_stages,
                       p->s_a.v, p->s_b.v));
    t = dt_doc_table(d, p->n_stages + 1, 9, NULL);
    dt_doc_columns(d, t, col);
    dt_doc_show(d, DT_DOC_PEOPLE);
    dt_doc_gap(d, 0, 2);
    for (c = 0; c < 9; c++) {
        dt_doc_cell(d, t, 0, c, "%s", head[c]);
        if (col[c].right)
            dt_doc_numeric(d, t, c);
    }
    for (k = 0; k < p->n_stages; k++) {
        const dt_games_stage_eq *e = &sp->stages[k];

        dt_doc_cell(d, t, k + 1, 0, "%zu", k + 1);
        dt_doc_cell(d, t, k + 1, 1, "%s", e->steps ? "step" : "cheat");
        dt_doc_cell(d, t, k + 1, 2, "%s", e->reciprocates ? "recip" : "renege");
        dt_doc_cell(d, t, k + 1, 3, "%.3f", p->stages[k].q.v);
        dt_doc_cell(d, t, k + 1, 4, "%s", need(d, e->q_min));
        dt_doc_cell(d, t, k + 1, 5, "%s", need(d, e->s_a_min));
        dt_doc_cell(d, t, k + 1, 6, "%s", need(d, e->s_b_min));
        dt_doc_cell(d, t, k + 1, 7, "%.3f", e->slack_a);
        dt_doc_cell(d, t, k + 1, 8, "%.3f", e->slack_b);
    }
    dt_doc_line(d, 0, 2,
                dt_doc_fmt(d,
                           "binding: stage %zu, %s's constraint (slack %.3f)",
                           sp->sum.binding,
                           sp->sum.binding_side == DT_GAMES_BREAK_A ? A : B,
                           sp->sum.binding_slack));
}

static void staged(dt_doc *d, const dt_games_sequence *s)
{
    const dt_games *g = dt_games_sequence_games(s);
    const char *A = side(g->side_a, "A"), *B = side(g->side_b, "B");
    size_t i;

    heading(d, 2, 1,
            dt_doc_fmt(d, "staged deal: A = %s (steps), B = %s (reciprocates)",
                       A, B));
    plans_table(d, s, A, B);
    for (i = 0; i < dt_games_sequence_n_plans(s); i++)
        stage_table(d, dt_games_sequence_plan_at(s, i), A, B);
    dt_doc_line(
        d, 0, 2,
        "(q*: the verification A's honest step needs; S_A*, S_B*: the "
        "penalties\n each side's compliance needs, given the equilibrium "
        "continuation;\n none: met without any)");
}

/* ---- Threats. ---- */

static void threats(dt_doc *d, const dt_games_sequence *s, unsigned gap)
{
    static const dt_doc_col col[6] = {{"", 18, 0}, {" ", 13, 0},  {" ", 8, 1},
                                      {" ", 8, 1}, {"  ", 16, 0}, {" ", 0, 0}};
    size_t n = dt_games_sequence_n_threats(s), i, t;

    heading(d, 2, gap, "threats (x* = mu H (1 - o) / v_T when credible):");
    t = dt_doc_table(d, n + 1, 6, NULL);
    dt_doc_columns(d, t, col);
    dt_doc_show(d, DT_DOC_PEOPLE);
    dt_doc_gap(d, 0, 2);
    dt_doc_cell(d, t, 0, 0, "threat");
    dt_doc_cell(d, t, 0, 1, "credible");
    dt_doc_cell(d, t, 0, 2, "x");
    dt_doc_cell(d, t, 0, 3, "x*");
    dt_doc_cell(d, t, 0, 4, "target");
    dt_doc_cell(d, t, 0, 5, "x* at o = 0, .25, .5, .75, 1");
    dt_doc_numeric(d, t, 2);
    dt_doc_numeric(d, t, 3);
    for (i = 0; i < n; i++) {
        const dt_games_sequence_threat *r = dt_games_sequence_threat_at(s, i);
        const double *xo = r->x_max_o;

        dt_doc_cell(d, t, i + 1, 0, "%s", r->threat->id ? r->threat->id : "");
        dt_doc_cell(d, t, i + 1, 1, "%s",
                    r->eq.credible ? "yes" : "no (k_S > a_S)");
        dt_doc_cell(d, t, i + 1, 2, "%.3f", r->threat->x.v);
        dt_doc_cell(d, t, i + 1, 3, "%.3f", r->eq.x_max);
        dt_doc_cell(d, t, i + 1, 4, "%s",
                    r->eq.complies ? "complies" : "defies");
        dt_doc_cell(d, t, i + 1, 5, "%6.3f %6.3f %6.3f %6.3f %6.3f   (o = %g)",
                    xo[0], xo[1], xo[2], xo[3], xo[4], r->threat->o.v);
    }
}

/* ---- Ratification. ---- */

static const char *veto_text(dt_doc *d, const dt_games_ratification *r,
                             const dt_games_sequence_veto *v)
{
    const dt_games_veto *vt = v->veto;
    const char *ws;

    if (vt->dist == DT_GAMES_RAT_UNIFORM)
        return dt_doc_fmt(d,
                          "ideal ~ U[%g, %g]: accepts x between q and 2y - q",
                          vt->lo.v, vt->hi.v);
    if (r->dim == 1)
        ws = dt_doc_fmt(d, "win-set [%.3f, %.3f]", v->lo, v->hi);
    else
        ws = dt_doc_fmt(d, "win-set: ball about %s, radius %.3f",
                        vec(d, NULL, vt->ideal, r->dim), v->radius);
    return dt_doc_fmt(d, "%s%s", ws,
                      vt->dist == DT_GAMES_RAT_NORMAL
                          ? " (ideal uncertain: normal, sd given)"
                          : "");
}

static void ratification(dt_doc *d, const dt_games_sequence *s, unsigned gap)
{
    static const dt_doc_col col[3] = {{"", 16, 0}, {" ", 10, 0}, {" ", 0, 0}};
    const dt_games_sequence_rat *q = dt_games_sequence_ratification(s);
    const dt_games_ratification *r = q->rat;
    dt_doc_layout_spec lay = {0, 2, NULL, 0, 0, 1};
    size_t i, t;

    heading(d, 2, gap,
            dt_doc_fmt(d,
                       "ratification (%zu dimension%s; win-sets are balls "
                       "about each ideal through q):",
                       r->dim, r->dim == 1 ? "" : "s"));
    dt_doc_line(d, 0, 2,
                dt_doc_fmt(d, "status quo q = %s, setter%s%s ideal %s",
                           vec(d, NULL, r->status_quo, r->dim),
                           r->setter ? " " : "", r->setter ? r->setter : "",
                           vec(d, NULL, r->setter_ideal, r->dim)));
    t = dt_doc_table(d, r->n_vetoes + 1, 3, NULL);
    dt_doc_columns(d, t, col);
    dt_doc_show(d, DT_DOC_PEOPLE);
    dt_doc_layout(d, &lay);
    dt_doc_cell(d, t, 0, 0, "veto holder");
    dt_doc_cell(d, t, 0, 1, "where");
    dt_doc_cell(d, t, 0, 2, "win-set");
    for (i = 0; i < r->n_vetoes; i++) {
        const dt_games_sequence_veto *v = &q->vetoes[i];

        dt_doc_cell(d, t, i + 1, 0, "%s", v->veto->id ? v->veto->id : "");
        dt_doc_cell(d, t, i + 1, 1, "%s",
                    v->veto->excluded ? "excluded" : "at table");
        dt_doc_cell(d, t, i + 1, 2, "%s", veto_text(d, r, v));
    }
    dt_doc_line(d, 0, 2,
                dt_doc_fmt(d, "setter's best proposal: %s (%s%s)",
                           vec(d, q->eq.best, NULL, r->dim), q->regime,
                           q->eq.converged
                               ? ""
                               : "; projections not converged, approximate"));
    dt_doc_line(
        d, 0, 2,
        dt_doc_fmt(d,
                   "implementation probability %.3f (closed form), %.3f "
                   "(Monte Carlo, %zu draws, seed %llu)",
                   q->eq.p_best, q->p_best_mc, dt_games_sequence_draws(s),
                   (unsigned long long)dt_games_sequence_seed(s)));
    if (q->proposal)
        dt_doc_line(
            d, 0, 2,
            dt_doc_fmt(d,
                       "the table's proposal %s: probability %.3f (closed "
                       "form), %.3f (Monte Carlo)",
                       vec(d, q->proposal, NULL, r->dim), q->p_proposal,
                       q->p_proposal_mc));
}

/* ---- Sweeps. ---- */

static void sweep(dt_doc *d, const dt_games_sequence_swept *w)
{
    static const dt_doc_col col[4] = {
        {"", 12, 1}, {"  ", 10, 1}, {"  ", 10, 1}, {"  ", 0, 0}};
    size_t i, t;

    heading(d, 2, 1,
            dt_doc_fmt(d, "sweep %s over [%g, %g], %u points:", w->param, w->lo,
                       w->hi, w->steps));
    t = dt_doc_table(d, w->n_points + 1, 4, NULL);
    dt_doc_columns(d, t, col);
    dt_doc_show(d, DT_DOC_PEOPLE);
    dt_doc_gap(d, 0, 2);
    dt_doc_cell(d, t, 0, 0, "value");
    dt_doc_cell(d, t, 0, 1, "%s", w->measure[0]);
    dt_doc_cell(d, t, 0, 2, "%s", w->measure[1]);
    dt_doc_cell(d, t, 0, 3, "equilibrium");
    for (i = 0; i < 3; i++)
        dt_doc_numeric(d, t, i);
    for (i = 0; i < w->n_points; i++) {
        const dt_games_sequence_point *p = &w->points[i];

        dt_doc_cell(d, t, i + 1, 0, "%.6g", p->value);
        dt_doc_cell(d, t, i + 1, 1, "%.4g", p->measure[0]);
        dt_doc_cell(d, t, i + 1, 2, "%.4g", p->measure[1]);
        dt_doc_cell(d, t, i + 1, 3, "%s", p->equilibrium);
    }
    dt_doc_line(d, 0, 2,
                dt_doc_fmt(d, "thresholds (bisection to %.3g):%s", w->tolerance,
                           w->steps > 1 ? "" : " none (one point)"));
    if (w->n_thresholds) {
        t = dt_doc_list(d, w->n_thresholds, NULL);
        dt_doc_gap(d, 0, 4);
        for (i = 0; i < w->n_thresholds; i++) {
            const dt_games_sequence_threshold *h = &w->thresholds[i];

            dt_doc_cell(d, t, 0, i, "%s = %.9g: %s  ->  %s", w->param, h->value,
                        h->below, h->above);
        }
    } else if (w->steps > 1)
        dt_doc_line(d, 0, 4, "none: the same equilibrium over the whole range");
}

dt_status dt_games_sequence_doc(const dt_games_sequence *s,
                                const dt_doc_opts *o, dt_doc *d, dt_error *err)
{
    const dt_games *g = dt_games_sequence_games(s);
    /* The title is followed by a blank line, and every section by one. */
    unsigned gap = 2;
    size_t i;

    (void)o;
    dt_doc_set_title(
        d, dt_doc_fmt(d, "%s: game sections (docs/games.md)",
                      dt_scenario_name(dt_games_sequence_scenario(s))));
    dt_doc_heading(d, 1, "games", dt_doc_title(d));
    if (g->has_staged) {
        staged(d, s);
        gap = 1;
    }
    if (g->n_threats) {
        threats(d, s, gap);
        gap = 1;
    }
    if (g->has_ratification)
        ratification(d, s, gap);
    for (i = 0; i < dt_games_sequence_n_sweeps(s); i++)
        sweep(d, dt_games_sequence_sweep_at(s, i));
    return dt_doc_status(d, err);
}
