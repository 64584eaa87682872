/*
 * The backtest's proposals (docs/accuracy.md, "How the backtest
 * forecasts"): the capability conventions on the DEU data (Thomson et al.
 * 2006, 2012; Arregui and Perarnaud 2022), each proposal's scenarios built
 * with the scenario builder, and one model's forecasts on them through the
 * forecast driver: the backtest has no model loop of its own.
 */
#include <stdio.h>

#include "backtest/backtest_int.h"

/* ---- Capabilities ------------------------------------------------------ */

dt_status dt__backtest_capabilities(dt__backtest_ctx *cx, dt_error *err)
{
    const dt_deu *d = cx->d;
    size_t i, k, na = dt_deu_n_actors(d);

    for (i = 0; i < dt_deu_n_issues(d); i++) {
        const dt_deu_issue *is = dt_deu_issue_at(d, i);

        for (k = 0; k < is->n; k++) {
            size_t a = is->actor[k];
            double c = 1.0;

            if (cx->o->capability == DT_CAPABILITY_COUNCIL) {
                /* No final act coded: Nice weights (deu.h). */
                c = dt_deu_council_weight(
                    dt_deu_actor(d, a), is->final_year ? is->final_year : 2005);
                if (c < 0.0)
                    return dt__error_set(err, DT_EINVAL,
                                         "no Council weight for actor '%s' "
                                         "(use --capability equal or a "
                                         "table)",
                                         dt_deu_actor(d, a));
            } else if (cx->o->capability == DT_CAPABILITY_TABLE) {
                c = cx->o->cap_table[a];
            }
            cx->cap[i * na + a] = c;
        }
    }
    return DT_OK;
}

/* ---- The proposals as scenarios ----------------------------------------- */

/*
 * Every forecast of the backtest is made by the forecast driver
 * (forecast.h) on scenarios built, one set per proposal, with the
 * scenario builder (scenario.h); the backtest has no model loop of its
 * own. Per proposal:
 *
 * - `line`: every data set actor, in data set order (so scenario and data
 *   set actor indices agree), and the proposal's scored issues; each
 *   coded actor has a stake with its position, its
 *   salience (0-100, which the models read divided by 100) and its
 *   capability on the issue (for the Council weights, those of the
 *   issue's period) as the stake's own capability; the status quo is the
 *   reference point. The one-issue models run on it.
 * - `raw`: the same over every issue of the proposal with at least 3
 *   coded actors (scored or not: the exchange model trades across all
 *   of them) and with salience divisor 1, so that the exchange model
 *   reads the coded 0-100 saliences as they are: its gains are
 *   compared with an absolute threshold (dt_exchange_opts.min_gain), so
 *   the scale is not neutral to the last bit.
 * - `smp`: KTAB's spatial model of politics (docs/accuracy.md): the
 *   proposal's scored issues are the dimensions of one space, with KTAB's
 *   default options (deterministic transitions). The actors are those
 *   coded on any of these issues with a capability > 0 (a state with no
 *   Council weight in the period has no say) and some salience; an actor
 *   not coded on an issue has no stake there, which smp reads as salience
 *   0 at the reference point (50 when none is coded), so it cannot weigh
 *   on that issue's forecast. An actor's capability is its largest on
 *   these issues (they share a final act, so in practice one value). A
 *   proposal with fewer than 2 such actors gets no smp forecast (NaN).
 */
struct dt__backtest_prop {
    dt_scenario *line; /* the one-issue models' scenario, or NULL */
    dt_scenario *raw;  /* the exchange model's, or NULL */
    dt_scenario *smp;  /* smp's, or NULL */
    size_t n_coded;    /* issues with at least 3 coded actors: raw's */
    size_t *coded;     /* their data set issue indices */
    size_t n_scored;   /* the scored ones among them: line's and smp's */
    size_t *scored;    /* their data set issue indices */
};

/*
 * Add issue `is` to the builder with status quo sq. A DEU issue number
 * the scenario format does not take as an id (or a repeated one) is
 * replaced by the issue's line in the file ("line12").
 */
static dt_status bt_add_issue(dt_scenario_builder *sb, const dt_deu_issue *is,
                              dt_error *err)
{
    double sq = is->has_rp ? is->rp : DT__NAN;
    char id[32];
    dt_status rc =
        dt_scenario_builder_add_issue(sb, is->id, is->id, sq, NULL, err);

    if (rc != DT_ESCENARIO)
        return rc;
    snprintf(id, sizeof id, "line%u", is->line);
    return dt_scenario_builder_add_issue(sb, id, id, sq, NULL, err);
}

/* Add data set actor a with capability c; "actor3" when its code fails. */
static dt_status bt_add_actor(dt_scenario_builder *sb, const dt_deu *d,
                              size_t a, double c, size_t *index, dt_error *err)
{
    char id[48];
    dt_status rc = dt_scenario_builder_add_actor(sb, dt_deu_actor(d, a),
                                                 dt_deu_actor(d, a),
                                                 DT_ROLE_TABLE, c, index, err);

    if (rc != DT_ESCENARIO)
        return rc;
    snprintf(id, sizeof id, "actor%zu", a);
    return dt_scenario_builder_add_actor(sb, id, id, DT_ROLE_TABLE, c, index,
                                         err);
}

/* A builder named after issue i's proposal (or "proposal" if it cannot). */
static dt_status bt_builder_new(const dt_deu *d, size_t i,
                                dt_scenario_builder **sb, dt_error *err)
{
    dt_status rc = dt_scenario_builder_new(dt_deu_issue_at(d, i)->proposal,
                                           d->alloc, sb, err);

    if (rc != DT_ESCENARIO)
        return rc;
    return dt_scenario_builder_new("proposal", d->alloc, sb, err);
}

/*
 * The scenario of the m issues iss[] with every data set actor, saliences
 * read divided by `divisor` (see dt__backtest_prop: `line` and `raw`).
 */
static dt_status bt_build_line(const dt__backtest_ctx *cx, const size_t *iss,
                               size_t m, double divisor, dt_scenario **out,
                               dt_error *err)
{
    const dt_deu *d = cx->d;
    size_t na = dt_deu_n_actors(d), a, j, k;
    dt_scenario_builder *sb = NULL;
    dt_status rc;

    rc = bt_builder_new(d, iss[0], &sb, err);
    for (a = 0; a < na && rc == DT_OK; a++) {
        double c = 0.0;

        for (j = 0; j < m; j++) {
            const dt_deu_issue *is = dt_deu_issue_at(d, iss[j]);

            for (k = 0; k < is->n; k++)
                if (is->actor[k] == a)
                    c = fmax(c, cx->cap[iss[j] * na + a]);
        }
        rc = bt_add_actor(sb, d, a, c, NULL, err);
    }
    for (j = 0; j < m && rc == DT_OK; j++)
        rc = bt_add_issue(sb, dt_deu_issue_at(d, iss[j]), err);
    for (j = 0; j < m && rc == DT_OK; j++) {
        const dt_deu_issue *is = dt_deu_issue_at(d, iss[j]);

        for (k = 0; k < is->n && rc == DT_OK; k++)
            rc = dt_scenario_builder_add_stake(
                sb, is->actor[k], j, is->x[k], is->s[k],
                cx->cap[iss[j] * na + is->actor[k]], err);
    }
    if (rc == DT_OK)
        rc = dt_scenario_builder_set_salience_divisor(sb, divisor, err);
    if (rc == DT_OK)
        rc = dt_scenario_builder_finish(sb, out, err);
    dt_scenario_builder_free(sb);
    return rc;
}

/* The `smp` scenario of the nd scored issues iss[] (see dt__backtest_prop). */
static dt_status bt_build_smp(const dt__backtest_ctx *cx, const size_t *iss,
                              size_t nd, dt__backtest_prop *pr, dt_error *err)
{
    const dt_deu *d = cx->d;
    size_t na = dt_deu_n_actors(d), a, j, k, n = 0;
    size_t *row = NULL;
    double *c = NULL;
    int *some = NULL;
    dt_scenario_builder *sb = NULL;
    dt_status rc = DT_OK;

    row = dt__backtest_calloc(d->alloc, na, sizeof *row);
    c = dt__backtest_calloc(d->alloc, na, sizeof *c);
    some = dt__backtest_calloc(d->alloc, na, sizeof *some);
    if (!row || !c || !some) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    for (j = 0; j < nd; j++) {
        const dt_deu_issue *is = dt_deu_issue_at(d, iss[j]);

        for (k = 0; k < is->n; k++) {
            a = is->actor[k];
            c[a] = fmax(c[a], cx->cap[iss[j] * na + a]);
            some[a] |= is->s[k] > 0.0;
        }
    }
    for (a = 0; a < na; a++)
        n += c[a] > 0.0 && some[a];
    if (n < 2)
        goto out;
    rc = bt_builder_new(d, iss[0], &sb, err);
    for (a = 0; a < na && rc == DT_OK; a++) {
        row[a] = (size_t)-1;
        if (c[a] > 0.0 && some[a])
            rc = bt_add_actor(sb, d, a, c[a], &row[a], err);
    }
    for (j = 0; j < nd && rc == DT_OK; j++)
        rc = bt_add_issue(sb, dt_deu_issue_at(d, iss[j]), err);
    for (j = 0; j < nd && rc == DT_OK; j++) {
        const dt_deu_issue *is = dt_deu_issue_at(d, iss[j]);

        for (k = 0; k < is->n && rc == DT_OK; k++)
            if (row[is->actor[k]] != (size_t)-1)
                rc = dt_scenario_builder_add_stake(
                    sb, row[is->actor[k]], j, is->x[k], is->s[k], DT__NAN, err);
    }
    if (rc == DT_OK)
        rc = dt_scenario_builder_finish(sb, &pr->smp, err);
out:
    dt_scenario_builder_free(sb);
    dt__backtest_free(d->alloc, row, na, sizeof *row);
    dt__backtest_free(d->alloc, c, na, sizeof *c);
    dt__backtest_free(d->alloc, some, na, sizeof *some);
    return rc;
}

void dt__backtest_props_free(dt__backtest_ctx *cx)
{
    size_t p, ni;

    if (!cx->props)
        return;
    ni = dt_deu_n_issues(cx->d);
    for (p = 0; p < cx->n_prop; p++) {
        dt_scenario_free(cx->props[p].line);
        dt_scenario_free(cx->props[p].raw);
        dt_scenario_free(cx->props[p].smp);
        dt__backtest_free(cx->d->alloc, cx->props[p].coded, ni, sizeof(size_t));
        dt__backtest_free(cx->d->alloc, cx->props[p].scored, ni,
                          sizeof(size_t));
    }
    dt__backtest_free(cx->d->alloc, cx->props, cx->n_prop, sizeof *cx->props);
    cx->props = NULL;
}

/*
 * Every proposal's scenarios: `line` always, `raw` when the exchange
 * model runs, `smp` when smp does.
 */
dt_status dt__backtest_props(dt__backtest_ctx *cx, int raw, int smp,
                             dt_error *err)
{
    const dt_deu *d = cx->d;
    size_t ni = dt_deu_n_issues(d), p, i;
    dt_status rc = DT_OK;

    cx->props = dt__backtest_calloc(d->alloc, cx->n_prop, sizeof *cx->props);
    if (!cx->props)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    for (p = 0; p < cx->n_prop && rc == DT_OK; p++) {
        dt__backtest_prop *pr = &cx->props[p];

        pr->coded = dt__backtest_calloc(d->alloc, ni, sizeof *pr->coded);
        pr->scored = dt__backtest_calloc(d->alloc, ni, sizeof *pr->scored);
        if (!pr->coded || !pr->scored)
            return dt__error_set(err, DT_ENOMEM, "out of memory");
        for (i = 0; i < ni; i++) {
            const dt_deu_issue *is = dt_deu_issue_at(d, i);

            if (is->proposal_index != p || is->n < 3)
                continue;
            pr->coded[pr->n_coded++] = i;
            if (cx->kof[i] != (size_t)-1)
                pr->scored[pr->n_scored++] = i;
        }
        if (pr->n_scored > 0)
            rc = bt_build_line(cx, pr->scored, pr->n_scored, 100.0, &pr->line,
                               err);
        if (rc == DT_OK && raw && pr->n_coded > 0)
            rc = bt_build_line(cx, pr->coded, pr->n_coded, 1.0, &pr->raw, err);
        if (rc == DT_OK && smp && pr->n_scored > 0)
            rc = bt_build_smp(cx, pr->scored, pr->n_scored, pr, err);
    }
    return rc;
}

/*
 * Model m's forecasts on every scored issue into out (NaN where it gives
 * none) with options fo: the forecast driver on each proposal's scenario
 * for the model. For smp, out_mean (when not NULL) gets smp-pce's
 * forecasts from the same runs. Otherwise out_mean gets the weighted mean of
 * the final positions instead (eu's other statistic). For nbs, "no agreement"
 * (NaN) means the status quo stays: it is scored as rp, and counted in
 * *no_agreement.
 */
/*
 * smp-pce's forecast on issue j of an SMP run: the mean of the outcome
 * distribution KTAB's probabilistic Condorcet election puts on the
 * final state's distinct positions (ktab-smp.md, "Reported": the
 * winning probabilities, each actor's view, capability weights; PCE
 * Conditional, p_i proportional to prod_j V_ij). Every actor reports the
 * probability of its position, shared by the actors at that position, so
 * an actor counts 1/(the actors of the line with the same probability at
 * the same place, within KTAB's 1e-3 tolerance = 0.1 points). The mean
 * is taken over the positions of actors with a stake in the issue, the
 * probabilities renormalised over them. NaN when there is no trace.
 */
static double pce_mean(const dt_forecast *fc, size_t j)
{
    const dt_trace *tr = dt_forecast_trace(fc, j, 0);
    const double *pr = dt_forecast_probs(fc, j, 0);
    const double *x, *p;
    double num = 0.0, den = 0.0;
    size_t n, l, q;

    if (!tr || !pr || tr->rounds == 0 || tr->n == 0)
        return DT__NAN;
    n = tr->n;
    x = tr->x + (tr->rounds - 1) * n;
    p = pr + (tr->rounds - 1) * n;
    for (l = 0; l < n; l++) {
        double same = 0.0;

        for (q = 0; q < n; q++)
            same += p[q] == p[l] && fabs(x[q] - x[l]) < 0.1;
        num += p[l] / same * x[l];
        den += p[l] / same;
    }
    return den > 0.0 ? num / den : DT__NAN;
}

dt_status dt__backtest_forecast(const dt__backtest_ctx *cx,
                                const dt__backtest_model *m,
                                const dt_forecast_opts *fo, double *out,
                                double *out_mean, size_t *no_agreement,
                                dt_error *err)
{
    int pce = m->kind == DT__BACKTEST_SMP_PCE;
    int smp = m->kind == DT__BACKTEST_SMP || pce;
    int both = m->kind == DT__BACKTEST_SMP && out_mean;
    const char *name = m->kind == DT__BACKTEST_EXCHANGE ? "exchange"
                       : smp                            ? "smp"
                                                        : m->type->name;
    size_t p, j, k;

    for (k = 0; k < cx->ns; k++) {
        out[k] = DT__NAN;
        if (out_mean)
            out_mean[k] = DT__NAN;
    }
    if (no_agreement)
        *no_agreement = 0;
    for (p = 0; p < cx->n_prop; p++) {
        const dt__backtest_prop *pr = &cx->props[p];
        const dt_scenario *sc = m->kind == DT__BACKTEST_EXCHANGE ? pr->raw
                                : smp                            ? pr->smp
                                                                 : pr->line;
        const size_t *iss =
            m->kind == DT__BACKTEST_EXCHANGE ? pr->coded : pr->scored;
        dt_forecast_opts o = *fo;
        dt_forecast *fc = NULL;
        dt_status rc;

        if (!sc)
            continue;
        /* Deterministic transitions ignore the seed; set it all the same
         * from the backtest seed and the proposal, should that change. */
        o.smp.seed = cx->o->seed ^ ((uint64_t)p * 0x9e3779b97f4a7c15ULL);
        /* smp-pce reads the final round's probabilities from the trace. */
        o.trace = pce || both;
        rc = dt_forecast_new(sc, &name, 1, &o, &fc, err);
        if (rc != DT_OK)
            return rc;
        for (j = 0; j < dt_forecast_n_issues(fc); j++) {
            const dt_model_result *r = dt_forecast_result(fc, j, 0);
            const dt_line *l = dt_forecast_line(fc, j);

            k = cx->kof[iss[j]];
            if (k == (size_t)-1)
                continue;
            out[k] = pce ? pce_mean(fc, j) : r->point;
            if (both)
                out_mean[k] = pce_mean(fc, j);
            else if (out_mean)
                out_mean[k] = isnan(r->point) ? DT__NAN : r->mean;
            if (m->kind == DT__BACKTEST_NBS && isnan(out[k]) &&
                l->has_status_quo) {
                out[k] = l->status_quo;
                if (no_agreement)
                    (*no_agreement)++;
            }
        }
        dt_forecast_free(fc);
    }
    return DT_OK;
}
