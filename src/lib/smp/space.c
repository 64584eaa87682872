/*
 * The space of KTAB's spatial model of politics (docs/models.md, "smp";
 * KTAB's SMP, B. Wise, KAPSARC 2015-2017): actors' capabilities, positions
 * and saliences on the dimensions of a scenario, and the SMP options a
 * scenario's KTAB parameters and ideal adjustments set. The model's run is
 * in smp.c.
 */
#include <stdint.h>

#include "internal.h"

dt_status dt_space_new(size_t n, size_t d, const dt_allocator *alloc,
                       dt_space **out, dt_error *err)
{
    dt_space *sp;

    *out = NULL;
    if (n < 2 || d < 1)
        return dt__error_set(err, DT_EINVAL,
                             "a space needs >= 2 actors and >= 1 dimension");
    sp = dt__calloc(alloc, 1, sizeof *sp);
    if (!sp)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    sp->alloc = alloc;
    sp->n = n;
    sp->d = d;
    sp->c = dt__calloc(alloc, n, sizeof *sp->c);
    sp->x = dt__calloc(alloc, n * d, sizeof *sp->x);
    sp->s = dt__calloc(alloc, n * d, sizeof *sp->s);
    sp->issue = dt__calloc(alloc, d, sizeof *sp->issue);
    sp->ids = dt__calloc(alloc, n, sizeof *sp->ids);
    sp->dims = dt__calloc(alloc, d, sizeof *sp->dims);
    if (!sp->c || !sp->x || !sp->s || !sp->issue || !sp->ids || !sp->dims) {
        dt_space_free(sp);
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    for (size_t k = 0; k < d; k++)
        sp->issue[k] = k;
    *out = sp;
    return DT_OK;
}

void dt_space_free(dt_space *sp)
{
    if (!sp)
        return;
    dt__free(sp->alloc, sp->c, sp->n * sizeof *sp->c);
    dt__free(sp->alloc, sp->x, sp->n * sp->d * sizeof *sp->x);
    dt__free(sp->alloc, sp->s, sp->n * sp->d * sizeof *sp->s);
    dt__free(sp->alloc, sp->issue, sp->d * sizeof *sp->issue);
    dt__free(sp->alloc, (void *)sp->ids, sp->n * sizeof *sp->ids);
    dt__free(sp->alloc, (void *)sp->dims, sp->d * sizeof *sp->dims);
    dt__free(sp->alloc, sp, sizeof *sp);
}

dt_status dt_space_from_scenario(const dt_scenario *sc, unsigned flags,
                                 dt_space **out, dt_error *err)
{
    size_t na = dt_scenario_n_actors(sc), d = dt_scenario_n_issues(sc);
    size_t n = 0, a, k;
    size_t *row = NULL;
    dt_space *sp = NULL;
    dt_line *line = NULL;
    dt_status rc;

    *out = NULL;
    row = dt__calloc(dt_scenario_allocator(sc), na ? na : 1, sizeof *row);
    if (!row)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    for (a = 0; a < na; a++) {
        const dt_actor *ac = dt_scenario_actor(sc, a);

        row[a] = (size_t)-1;
        if ((flags & DT_LINE_TABLE_ONLY) && !dt_role_at_table(ac->role))
            continue;
        row[a] = n++;
    }
    if (n < 2 || d < 1) {
        rc = dt__error_set(err, DT_ESCENARIO,
                           "smp needs at least 2 actors and 1 issue");
        goto out;
    }
    rc = dt_space_new(n, d, dt_scenario_allocator(sc), &sp, err);
    if (rc != DT_OK)
        goto out;
    for (a = 0; a < na; a++) {
        const dt_actor *ac = dt_scenario_actor(sc, a);

        if (row[a] == (size_t)-1)
            continue;
        sp->ids[row[a]] = ac->id;
        sp->c[row[a]] = ac->capability.v;
    }
    for (k = 0; k < d; k++) {
        const dt_issue *is = dt_scenario_issue(sc, k);
        double fill = is->has_status_quo ? is->status_quo.v / 100.0 : 0.5;
        size_t l;

        sp->dims[k] = is->id;
        sp->issue[k] = k;
        for (a = 0; a < n; a++)
            sp->x[a * d + k] = fill;
        rc = dt_scenario_line(sc, k, flags, &line, err);
        if (rc != DT_OK)
            goto out;
        for (l = 0; l < line->n; l++) {
            size_t r = row[line->actor[l]];

            if (r == (size_t)-1)
                continue;
            sp->x[r * d + k] = line->x[l] / 100.0;
            sp->s[r * d + k] = line->s[l];
        }
        dt_line_free(line);
        line = NULL;
    }
    for (a = 0; a < n; a++) {
        double tot = 0.0;

        for (k = 0; k < d; k++)
            tot += sp->s[a * d + k];
        if (!(tot > 0.0)) {
            rc = dt__error_set(err, DT_ESCENARIO,
                               "actor '%s': saliences are all 0; smp needs "
                               "some attention to some issue",
                               sp->ids[a]);
            goto out;
        }
        /*
         * SMP reads saliences as shares of attention (sum <= 1, as KTAB's
         * formats guarantee); detente's YAML rates each issue on its own
         * 0-100 scale, so a row summing past 1 is scaled to sum 1.
         */
        if (tot > 1.0)
            for (k = 0; k < d; k++)
                sp->s[a * d + k] /= tot;
        if (!(sp->c[a] > 0.0)) {
            rc = dt__error_set(err, DT_ESCENARIO,
                               "actor '%s': smp needs a capability > 0",
                               sp->ids[a]);
            goto out;
        }
    }
    *out = sp;
    sp = NULL;
out:
    dt_line_free(line);
    dt_space_free(sp);
    dt__free(dt_scenario_allocator(sc), row, (na ? na : 1) * sizeof *row);
    return rc;
}

/* A seed: decimal digits only, at most 2^64 - 1. */
static int parse_seed(const char *v, uint64_t *out)
{
    uint64_t u = 0;

    if (!*v)
        return 0;
    for (; *v; v++) {
        unsigned dg = (unsigned)(*v - '0');

        if (dg > 9 || u > (UINT64_MAX - dg) / 10)
            return 0;
        u = u * 10 + dg;
    }
    *out = u;
    return 1;
}

dt_status dt_smp_opts_from_scenario(const dt_scenario *sc, dt_smp_opts *o,
                                    double *acc, dt_error *err)
{
    size_t i, n = dt_scenario_n_actors(sc);

    for (i = 0; i < dt_scenario_n_params(sc); i++) {
        const dt_param *p = dt_scenario_param(sc, i);
        const char *k = p->key, *v = p->value;
        int ok = 1;

        if (dt__ieq(k, "VotingRule"))
            ok = dt_smp_vote_parse(v, &o->vote);
        else if (dt__ieq(k, "VictoryProbModel") || dt__ieq(k, "VPModel"))
            ok = dt_smp_vpm_parse(v, &o->vpm);
        else if (dt__ieq(k, "ProbCondorcetElection") || dt__ieq(k, "PCEModel"))
            ok = dt_smp_pce_parse(v, &o->pce);
        else if (dt__ieq(k, "StateTransitions") || dt__ieq(k, "StateTransMode"))
            ok = dt_smp_trans_parse(v, &o->trans);
        else if (dt__ieq(k, "BigRRange"))
            ok = dt_smp_rrange_parse(v, &o->rrange);
        else if (dt__ieq(k, "BigRAdjust"))
            ok = dt_smp_radjust_parse(v, &o->radjust);
        else if (dt__ieq(k, "ThirdPartyCommit"))
            ok = dt_smp_commit_parse(v, &o->commit);
        else if (dt__ieq(k, "InterVecBrgn"))
            ok = dt_smp_interp_parse(v, &o->interp);
        else if (dt__ieq(k, "BargnModel") || dt__ieq(k, "SMPBargnModel"))
            ok = dt_smp_bargain_parse(v, &o->bargain);
        else if (dt__ieq(k, "prngSeed"))
            ok = parse_seed(v, &o->seed);
        if (!ok)
            return dt__error_at(err, DT_ESCENARIO, dt_scenario_path(sc),
                                p->loc.line, p->loc.col,
                                "unsupported value '%s' for %s", v, k);
    }
    if (dt_scenario_n_ideal_adjusts(sc) == 0 || !acc) {
        o->accommodation = NULL;
        return DT_OK;
    }
    /* Identity, then every <iaPair> sets one entry A[actor][ref]. */
    for (i = 0; i < n * n; i++)
        acc[i] = 0.0;
    for (i = 0; i < n; i++)
        acc[i * n + i] = 1.0;
    for (i = 0; i < dt_scenario_n_ideal_adjusts(sc); i++) {
        const dt_ideal_adjust *a = dt_scenario_ideal_adjust(sc, i);

        acc[a->actor * n + a->ref] = a->weight;
    }
    o->accommodation = acc;
    return DT_OK;
}
