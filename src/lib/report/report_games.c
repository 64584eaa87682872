/*
 * The games' section of a report: a scenario's staged deal, threats and
 * ratification game (include/detente/games.h, docs/games.md), solved once
 * by dt_games_sequence_new (the result `detente sequence` shows; the models'
 * papers and equations are named in games.h) and written into the
 * report's document with a plain-language reading of each. The sweeps and
 * the Monte Carlo check of that command are left to it.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include <detente/games.h>

#include "report_int.h"

/* Largest dimension of a ratification game shown in full. */
#define RAT_MAX_DIM 64

static const char *side(const char *s, const char *dflt)
{
    return s && *s ? s : dflt;
}

/* A number, or "n/a" when it is not finite. */
static const char *num(dt_doc *d, const char *fmt, double v)
{
    return isfinite(v) ? dt_doc_fmt(d, fmt, v) : "n/a";
}

/*
 * A required verification or penalty (docs/games.md, "Staged deal"): "never"
 * when nothing suffices, "none" when it is met without any, else the value.
 */
static const char *need(dt_doc *d, double v)
{
    if (isinf(v) || isnan(v))
        return "never";
    if (v <= 0.0)
        return "none";
    return dt_doc_fmt(d, "%.2f", v);
}

/* A point of R^dim written with %.3f: "0.667" or "(0.100, 0.200)". */
static const char *vec(dt_doc *d, const double *x, size_t dim)
{
    GString *g;
    const char *s;
    size_t k;

    if (dim == 1)
        return dt_doc_fmt(d, "%.3f", x[0]);
    g = g_string_new("(");
    for (k = 0; k < dim; k++)
        g_string_append_printf(g, "%s%.3f", k ? ", " : "", x[k]);
    g_string_append(g, ")");
    s = dt_doc_str(d, g->str);
    g_string_free(g, TRUE);
    return s;
}

static const char *gvec(dt_doc *d, const dt_games_num *x, size_t dim)
{
    GString *g;
    const char *s;
    size_t k;

    if (dim == 1)
        return dt_doc_fmt(d, "%.3f", x[0].v);
    g = g_string_new("(");
    for (k = 0; k < dim; k++)
        g_string_append_printf(g, "%s%.3f", k ? ", " : "", x[k].v);
    g_string_append(g, ")");
    s = dt_doc_str(d, g->str);
    g_string_free(g, TRUE);
    return s;
}

static void failed(dt_doc *d, const char *what, const dt_error *e)
{
    dt_doc_para(d, DT_DOC_STYLE_SMALL,
                dt_doc_fmt(d, "The %s could not be solved: %s.", what,
                           e->msg[0] ? e->msg : dt_status_str(e->code)));
}

/* ---- Staged deal (docs/games.md, "Staged deal"). ---- */

/* "breaks at stage 1: North Korea cheats", or "completes". */
static const char *outcome(dt_doc *d, const dt_games_staged_sum *s,
                           const char *A, const char *B)
{
    size_t n = (size_t)dt_games_staged_outcome(s, A, B, NULL, 0) + 1;
    char *p = dt_doc_alloc(d, n);

    if (p)
        dt_games_staged_outcome(s, A, B, p, n);
    return p;
}

/* What B forgoes by reneging: "with nothing to follow" or "for 2.50 ...". */
static const char *to_come(dt_doc *d, double next)
{
    if (fabs(next) < 5e-3)
        return "with nothing to come";
    return dt_doc_fmt(d, "for the %.2f still to come", next);
}

/* One plan in words: why it completes or where and why it breaks. */
static void plan_reading(dt_doc *d, GString *g, const dt_games_plan *p,
                         const dt_games_stage_eq *st,
                         const dt_games_staged_sum *s, const char *A,
                         const char *B)
{
    const dt_games_stage_eq *e;
    const dt_games_stage *k;
    double next;

    g_string_append_printf(g, " %s (%zu stage%s) ", p->id, p->n_stages,
                           p->n_stages == 1 ? "" : "s");
    if (s->break_by == DT_GAMES_BREAK_NONE) {
        g_string_append_printf(
            g,
            "completes: %s steps and %s reciprocates at every stage; the "
            "tightest constraint is %s's at stage %zu (slack %.2f).",
            A, B, s->binding_side == DT_GAMES_BREAK_A ? A : B, s->binding,
            s->binding_slack);
        return;
    }
    e = &st[s->break_stage - 1];
    k = &p->stages[s->break_stage - 1];
    next = s->break_stage < p->n_stages ? e[1].v_b : 0.0;
    if (s->break_by == DT_GAMES_BREAK_B) {
        g_string_append_printf(
            g,
            "breaks at stage %zu: %s steps, but %s reneges, since keeping "
            "%g, less the penalty %g, beats paying %g %s (a penalty of %s "
            "would change that).",
            s->break_stage, A, B, k->t_b.v, p->s_b.v, k->h.v, to_come(d, next),
            need(d, e->s_b_min));
        return;
    }
    g_string_append_printf(g, "breaks at stage %zu: %s cheats rather than step",
                           s->break_stage, A);
    if (!e->reciprocates)
        g_string_append_printf(
            g,
            ", because %s would renege anyway (keeping %g, less the penalty "
            "%g, beats paying %g %s; a penalty of %s would change that), "
            "and cheating is caught only with probability %g",
            B, k->t_b.v, p->s_b.v, k->h.v, to_come(d, next),
            need(d, e->s_b_min), k->q.v);
    else
        g_string_append_printf(g,
                               ", because cheating is caught only with "
                               "probability %g and the penalty is %g",
                               k->q.v, p->s_a.v);
    if (isinf(e->q_min) || e->q_min > 1.0)
        g_string_append_printf(g,
                               "; no verification would do, it would take "
                               "a penalty on %s of %s.",
                               A, need(d, e->s_a_min));
    else
        g_string_append_printf(g,
                               "; it would take verification q >= %.2f or a "
                               "penalty on %s of %s.",
                               e->q_min, A, need(d, e->s_a_min));
}

/* One line for all plans: "Both plans break at stage 1, A cheating." */
static const char *staged_verdict(dt_doc *d, const dt_games_sequence *seq,
                                  const char *A, const char *B)
{
    size_t n = dt_games_sequence_n_plans(seq), i;
    const dt_games_staged_sum *s0 = &dt_games_sequence_plan_at(seq, 0)->sum;
    const char *who;
    GString *s;

    for (i = 1; i < n; i++) {
        const dt_games_staged_sum *si = &dt_games_sequence_plan_at(seq, i)->sum;

        if (si->break_by != s0->break_by || si->break_stage != s0->break_stage)
            break;
    }
    if (i == n) {
        const char *all = n == 1   ? "The plan"
                          : n == 2 ? "Both plans"
                                   : "All plans";

        if (s0->break_by == DT_GAMES_BREAK_NONE)
            return dt_doc_fmt(d, "%s complete%s.", all, n == 1 ? "s" : "");
        who = s0->break_by == DT_GAMES_BREAK_A ? A : B;
        return dt_doc_fmt(d, "%s break%s at stage %zu, %s %s.", all,
                          n == 1 ? "s" : "", s0->break_stage, who,
                          s0->break_by == DT_GAMES_BREAK_A ? "cheating"
                                                           : "reneging");
    }
    s = g_string_new("");
    for (i = 0; i < n; i++) {
        const dt_games_sequence_plan *p = dt_games_sequence_plan_at(seq, i);

        g_string_append_printf(s, "%s%s %s", i ? "; " : "", p->plan->id,
                               outcome(d, &p->sum, A, B));
    }
    g_string_append(s, ".");
    who = dt_doc_str(d, s->str);
    g_string_free(s, TRUE);
    return who;
}

/* The stage table of one plan. */
static void stage_table(dt_doc *d, const dt_games_plan *p,
                        const dt_games_stage_eq *st,
                        const dt_games_staged_sum *s, const char *A,
                        const char *B)
{
    size_t b = dt_doc_table(d, p->n_stages + 1, 10, NULL);
    size_t k, c;

    if (b == DT_DOC_NONE)
        return;
    dt_doc_caption(d, b,
                   dt_doc_fmt(d, "Plan %s%s%s: K = %zu, S_A = %g, S_B = %g",
                              p->id, p->name ? " - " : "",
                              p->name ? p->name : "", p->n_stages, p->s_a.v,
                              p->s_b.v));
    for (c = 0; c < 9; c++)
        if (c == 0 || c >= 3)
            dt_doc_numeric(d, b, c);
    dt_doc_cell(d, b, 0, 0, "stage");
    if (strcmp(A, "A") != 0)
        dt_doc_cell(d, b, 0, 1, "%s (A)", A);
    else
        dt_doc_cell(d, b, 0, 1, "A");
    if (strcmp(B, "B") != 0)
        dt_doc_cell(d, b, 0, 2, "%s (B)", B);
    else
        dt_doc_cell(d, b, 0, 2, "B");
    dt_doc_cell(d, b, 0, 3, "q");
    dt_doc_cell(d, b, 0, 4, "q*");
    dt_doc_cell(d, b, 0, 5, "S_A*");
    dt_doc_cell(d, b, 0, 6, "S_B*");
    dt_doc_cell(d, b, 0, 7, "slack A");
    dt_doc_cell(d, b, 0, 8, "slack B");
    dt_doc_cell(d, b, 0, 9, "binding");
    for (k = 0; k < p->n_stages; k++) {
        dt_doc_cell(d, b, k + 1, 0, "%zu", k + 1);
        dt_doc_cell(d, b, k + 1, 1, "%s", st[k].steps ? "steps" : "cheats");
        dt_doc_cell(d, b, k + 1, 2, "%s",
                    st[k].reciprocates ? "reciprocates" : "reneges");
        dt_doc_cell(d, b, k + 1, 3, "%.2f", p->stages[k].q.v);
        dt_doc_cell(d, b, k + 1, 4, "%s", need(d, st[k].q_min));
        dt_doc_cell(d, b, k + 1, 5, "%s", need(d, st[k].s_a_min));
        dt_doc_cell(d, b, k + 1, 6, "%s", need(d, st[k].s_b_min));
        dt_doc_cell(d, b, k + 1, 7, "%s", num(d, "%.2f", st[k].slack_a));
        dt_doc_cell(d, b, k + 1, 8, "%s", num(d, "%.2f", st[k].slack_b));
        if (s->binding == k + 1)
            dt_doc_cell(d, b, k + 1, 9, "%s's",
                        s->binding_side == DT_GAMES_BREAK_A ? A : B);
    }
}

static void sec_staged(const dt_games_sequence *seq, dt_doc *d)
{
    const dt_games *g = dt_games_sequence_games(seq);
    const char *A = side(g->side_a, "A"), *B = side(g->side_b, "B");
    /* Whether the sides have names other than "A" and "B". */
    int named_a = strcmp(A, "A") != 0, named_b = strcmp(B, "B") != 0;
    size_t b;
    GString *rd;
    size_t i;

    dt_doc_heading(d, 4, NULL,
                   named_a || named_b
                       ? dt_doc_fmt(d,
                                    "Staged deal: A = %s (steps), B = %s "
                                    "(reciprocates)",
                                    A, B)
                       : "Staged deal: A steps, B reciprocates");
    dt_doc_para(d, DT_DOC_STYLE_NOTE, g->staged_note);
    if (dt_games_sequence_n_plans(seq) == 0)
        return;
    b = dt_doc_table(d, g->n_plans + 1, 6, NULL);
    if (b != DT_DOC_NONE) {
        dt_doc_caption(d, b, "The plans side by side");
        dt_doc_numeric(d, b, 2);
        dt_doc_numeric(d, b, 4);
        dt_doc_numeric(d, b, 5);
        dt_doc_cell(d, b, 0, 0, "plan");
        dt_doc_cell(d, b, 0, 1, "name");
        dt_doc_cell(d, b, 0, 2, "K");
        dt_doc_cell(d, b, 0, 3, "outcome");
        dt_doc_cell(d, b, 0, 4, "V_A%s%s%s", named_a ? " (" : "",
                    named_a ? A : "", named_a ? ")" : "");
        dt_doc_cell(d, b, 0, 5, "V_B%s%s%s", named_b ? " (" : "",
                    named_b ? B : "", named_b ? ")" : "");
        for (i = 0; i < g->n_plans; i++) {
            const dt_games_sequence_plan *sp =
                dt_games_sequence_plan_at(seq, i);
            const dt_games_plan *p = sp->plan;

            dt_doc_cell(d, b, i + 1, 0, "%s", p->id);
            dt_doc_cell(d, b, i + 1, 1, "%s", p->name ? p->name : "");
            dt_doc_cell(d, b, i + 1, 2, "%zu", p->n_stages);
            dt_doc_cell(d, b, i + 1, 3, "%s", outcome(d, &sp->sum, A, B));
            dt_doc_cell(d, b, i + 1, 4, "%s", num(d, "%.2f", sp->sum.v_a));
            dt_doc_cell(d, b, i + 1, 5, "%s", num(d, "%.2f", sp->sum.v_b));
        }
    }
    dt_doc_para(d, DT_DOC_STYLE_VERDICT, staged_verdict(d, seq, A, B));
    rd = g_string_new("");
    g_string_append_printf(
        rd,
        "In words: at each stage %s takes a step that %s answers or not. "
        "The model reasons back from the last stage, so a side expected "
        "to defect later makes the earlier steps worthless "
        "(docs/games.md, \"Staged deal\").",
        A, B);
    for (i = 0; i < g->n_plans; i++) {
        const dt_games_sequence_plan *sp = dt_games_sequence_plan_at(seq, i);

        plan_reading(d, rd, sp->plan, sp->stages, &sp->sum, A, B);
    }
    dt_doc_para(d, DT_DOC_STYLE_TEXT, rd->str);
    g_string_free(rd, TRUE);
    for (i = 0; i < g->n_plans; i++) {
        const dt_games_sequence_plan *sp = dt_games_sequence_plan_at(seq, i);

        stage_table(d, sp->plan, sp->stages, &sp->sum, A, B);
    }
    dt_doc_para(
        d, DT_DOC_STYLE_SMALL,
        dt_doc_fmt(d,
                   "q: the probability that cheating is detected; q*: the "
                   "verification %s's honest step needs (above 1: none "
                   "suffices at that penalty); S_A*, S_B*: the penalties "
                   "each side's compliance needs, given the equilibrium "
                   "continuation (none: met without any; never: no "
                   "penalty suffices); slack: how far each side's "
                   "constraint is met (negative: it is not); binding: the "
                   "smallest slack of the plan.",
                   A));
}

/* ---- Threats (docs/games.md, "Threat"). ---- */

static void sec_threats(const dt_games_sequence *seq, dt_doc *d)
{
    const dt_games *g = dt_games_sequence_games(seq);
    size_t b;
    GString *rd;
    size_t i, j;

    dt_doc_heading(d, 4, NULL, "Threats");
    b = dt_doc_table(d, g->n_threats + 1, 9, NULL);
    if (b == DT_DOC_NONE)
        return;
    dt_doc_caption(d, b,
                   "Credibility and the largest demand the target accepts");
    for (j = 3; j < 9; j++)
        if (j != 4 && j != 7)
            dt_doc_numeric(d, b, j);
    dt_doc_cell(d, b, 0, 0, "threat");
    dt_doc_cell(d, b, 0, 1, "sender");
    dt_doc_cell(d, b, 0, 2, "target");
    dt_doc_cell(d, b, 0, 3, "o");
    dt_doc_cell(d, b, 0, 4, "credible");
    dt_doc_cell(d, b, 0, 5, "x");
    dt_doc_cell(d, b, 0, 6, "x*");
    dt_doc_cell(d, b, 0, 7, "target's response");
    dt_doc_cell(d, b, 0, 8, "x* at o = 0, .25, .5, .75, 1");
    rd = g_string_new(
        "In words: a threat works only if the sender would carry it out "
        "(its cost of executing is at most its cost of backing down); then "
        "the target concedes up to x* = mu H (1 - o) / v_T, which falls as "
        "its outside options o offset the harm H and as doubt about the "
        "sender's resolve mu grows (docs/games.md, \"Threat with outside "
        "options\").");
    for (i = 0; i < g->n_threats; i++) {
        const dt_games_sequence_threat *r = dt_games_sequence_threat_at(seq, i);
        const dt_games_threat t = *r->threat;
        const char *S = side(t.sender, "the sender"),
                   *T = side(t.target, "the target");
        const double *xo = r->x_max_o;
        const dt_games_threat_eq e = r->eq;

        dt_doc_cell(d, b, i + 1, 0, "%s", t.id);
        dt_doc_cell(d, b, i + 1, 1, "%s", t.sender ? t.sender : "");
        dt_doc_cell(d, b, i + 1, 2, "%s", t.target ? t.target : "");
        dt_doc_cell(d, b, i + 1, 3, "%.2f", t.o.v);
        if (e.credible)
            dt_doc_cell(d, b, i + 1, 4, "yes");
        else
            dt_doc_cell(d, b, i + 1, 4, "no (k_S %g > a_S %g)", t.k_s.v,
                        t.a_s.v);
        dt_doc_cell(d, b, i + 1, 5, "%.3f", t.x.v);
        dt_doc_cell(d, b, i + 1, 6, "%.3f", e.x_max);
        dt_doc_cell(d, b, i + 1, 7, "%s", e.complies ? "complies" : "defies");
        dt_doc_cell(d, b, i + 1, 8, "%s / %s / %s / %s / %s",
                    num(d, "%.3f", xo[0]), num(d, "%.3f", xo[1]),
                    num(d, "%.3f", xo[2]), num(d, "%.3f", xo[3]),
                    num(d, "%.3f", xo[4]));
        if (e.credible)
            g_string_append_printf(
                rd,
                " %s (%s on %s) is credible (carrying it out costs the "
                "sender %g, backing down %g): %s accepts a demand up to x* "
                "= %.3f (%.3f without outside options), so it would %s x = "
                "%.3f",
                t.id, S, T, t.k_s.v, t.a_s.v, T, e.x_max, xo[0],
                e.complies ? "accept" : "defy", t.x.v);
        else
            g_string_append_printf(
                rd,
                " %s (%s on %s) is not credible (carrying it out costs the "
                "sender %g, more than the %g of backing down): %s accepts "
                "no demand, whatever its outside options",
                t.id, S, T, t.k_s.v, t.a_s.v, T);
        if (e.demands)
            g_string_append_printf(rd, "; %s makes the demand.", S);
        else if (e.complies)
            g_string_append_printf(rd,
                                   "; %s gains nothing by demanding and does "
                                   "not.",
                                   S);
        else
            g_string_append_printf(rd,
                                   "; foreseeing that, %s does not make the "
                                   "demand.",
                                   S);
    }
    dt_doc_para(d, DT_DOC_STYLE_TEXT, rd->str);
    g_string_free(rd, TRUE);
}

/* ---- Ratification (docs/games.md, "Ratification"). ---- */

static const char *const regime_name[] = {
    "no proposal beats the status quo", "the setter's ideal",
    "an interior optimum", "at a veto holder's bound"};

static void sec_ratification(const dt_games_sequence *seq, dt_doc *d)
{
    const dt_games_sequence_rat *q = dt_games_sequence_ratification(seq);
    const dt_games_ratification *r = q->rat;
    const double *best = q->eq.best, pp = q->p_proposal;
    const dt_games_rat_eq e = q->eq;
    /* ", negotiator," after "the setter", or nothing without a label. */
    const char *setter =
        r->setter && *r->setter ? dt_doc_fmt(d, ", %s,", r->setter) : "";
    size_t b;
    size_t i;

    dt_doc_heading(d, 4, NULL, "Ratification");
    dt_doc_para(d, DT_DOC_STYLE_NOTE, r->note);
    if (r->dim > RAT_MAX_DIM) {
        dt_doc_para(d, DT_DOC_STYLE_SMALL,
                    dt_doc_fmt(d,
                               "The ratification game has %zu dimensions; "
                               "the report shows up to %d (see `detente "
                               "sequence`).",
                               r->dim, RAT_MAX_DIM));
        return;
    }
    dt_doc_para(d, DT_DOC_STYLE_TEXT,
                dt_doc_fmt(d,
                           "%zu dimension%s; status quo q = %s; the agenda "
                           "setter%s has its ideal at %s. A veto "
                           "holder accepts a proposal x when x is no "
                           "farther from its ideal than q is: its win-set "
                           "is the ball about its ideal through q.",
                           r->dim, r->dim == 1 ? "" : "s",
                           gvec(d, r->status_quo, r->dim), setter,
                           gvec(d, r->setter_ideal, r->dim)));
    b = dt_doc_table(d, r->n_vetoes + 1, 4, NULL);
    if (b != DT_DOC_NONE) {
        dt_doc_caption(d, b, "Veto holders and their win-sets");
        dt_doc_cell(d, b, 0, 0, "veto holder");
        dt_doc_cell(d, b, 0, 1, "where");
        dt_doc_cell(d, b, 0, 2, "ideal");
        dt_doc_cell(d, b, 0, 3, "win-set");
        for (i = 0; i < r->n_vetoes; i++) {
            const dt_games_sequence_veto *ws = &q->vetoes[i];
            const dt_games_veto *v = ws->veto;

            dt_doc_cell(d, b, i + 1, 0, "%s", v->id ? v->id : "");
            dt_doc_cell(d, b, i + 1, 1, "%s",
                        v->excluded ? "excluded (ratifies afterwards)"
                                    : "at the table");
            if (v->dist == DT_GAMES_RAT_UNIFORM) {
                dt_doc_cell(d, b, i + 1, 2, "uncertain, uniform on [%g, %g]",
                            v->lo.v, v->hi.v);
                dt_doc_cell(d, b, i + 1, 3,
                            "x between q and 2y - q, y its ideal");
                continue;
            }
            dt_doc_cell(d, b, i + 1, 2, "%s%s", gvec(d, v->ideal, r->dim),
                        v->dist == DT_GAMES_RAT_NORMAL
                            ? " (uncertain: normal, sd given)"
                            : "");
            if (r->dim == 1)
                dt_doc_cell(
                    d, b, i + 1, 3, "[%.3f, %.3f]%s", ws->lo, ws->hi,
                    v->dist == DT_GAMES_RAT_NORMAL ? " at the mean ideal" : "");
            else
                dt_doc_cell(
                    d, b, i + 1, 3, "ball about %s, radius %.3f%s",
                    gvec(d, v->ideal, r->dim), ws->radius,
                    v->dist == DT_GAMES_RAT_NORMAL ? " at the mean ideal" : "");
        }
    }
    dt_doc_para(d, DT_DOC_STYLE_VERDICT,
                dt_doc_fmt(d,
                           "Best proposal %s, ratified with probability "
                           "%.2f.",
                           vec(d, best, r->dim), e.p_best));
    dt_doc_para(
        d, DT_DOC_STYLE_TEXT,
        dt_doc_fmt(
            d,
            "In words: the best proposal the setter%s can put to "
            "ratification is %s "
            "(%s%s), which is "
            "ratified with probability %.2f.%s The setter trades distance from "
            "its ideal against the chance that the uncertain veto holder "
            "accepts; the certain veto holders must all accept. The "
            "probability is the closed form of docs/games.md, "
            "\"Ratification and veto players\"; `detente sequence` adds a "
            "Monte Carlo check.",
            setter, vec(d, best, r->dim), regime_name[e.regime & 3],
            e.converged ? ""
                        : "; the projections did not converge, so it is "
                          "approximate",
            e.p_best,
            r->proposal
                ? dt_doc_fmt(d,
                             " The table's proposal %s would be "
                             "ratified with probability %s.",
                             gvec(d, r->proposal, r->dim), num(d, "%.2f", pp))
                : ""));
}

/* ---- The section. ---- */

void dt__report_games_section(const dt_scenario *sc, const char *anchor,
                              dt_doc *d)
{
    const dt_games *g = dt_scenario_games(sc);
    /* No sweeps, no Monte Carlo check: those are `detente sequence`'s. */
    dt_games_sequence_opts o = DT_GAMES_SEQUENCE_OPTS_INIT;
    dt_games_sequence *seq = NULL;
    dt_error err;

    if (!g || (!g->has_staged && !g->n_threats && !g->has_ratification))
        return;
    dt_doc_heading(d, 3, anchor, "Sequencing and coercion games");
    dt_doc_para(
        d, DT_DOC_STYLE_TEXT,
        dt_doc_fmt(d,
                   "The scenario's game sections, solved exactly (backward "
                   "induction, in closed form):%s%s%s. The models, their "
                   "equations and limits are in docs/games.md; `detente "
                   "sequence` also sweeps their parameters for the values "
                   "where the outcome changes.",
                   g->has_staged ? " a staged deal (who steps first, and "
                                   "whether each side keeps its word)"
                                 : "",
                   g->n_threats
                       ? dt_doc_fmt(d,
                                    "%s threats (whether the sender would "
                                    "carry them out and how much the "
                                    "target concedes)",
                                    g->has_staged ? ";" : "")
                       : "",
                   g->has_ratification
                       ? dt_doc_fmt(d,
                                    "%s ratification (what the negotiator "
                                    "can bring home past the veto "
                                    "players)",
                                    g->has_staged || g->n_threats ? ";" : "")
                       : ""));
    o.file_sweeps = 0;
    o.draws = 0;
    memset(&err, 0, sizeof err);
    if (dt_games_sequence_new(sc, &o, &seq, &err) != DT_OK) {
        if (err.code == DT_ENOMEM)
            dt_doc_nomem(d);
        else
            failed(d, "games", &err);
        return;
    }
    if (g->has_staged)
        sec_staged(seq, d);
    if (g->n_threats)
        sec_threats(seq, d);
    if (g->has_ratification)
        sec_ratification(seq, d);
    dt_games_sequence_free(seq);
}
