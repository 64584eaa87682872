/*
 * Stokman's exchange model (Stokman and Van Oosten 1994, "The exchange of
 * voting positions"; Arregui, Stokman and Thomson 2004), in the form of
 * docs/models.md ("exchange"): pairs of actors on opposite
 * sides of the expected outcome on two issues trade moves at the
 * equal-gain rate, greedily by gain, round after round.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* One candidate exchange: demander d gets p, supplier u gets q. */
typedef struct ex_cand {
    size_t d, u, p, q; /* actors and issues */
    double gain;       /* gain of each at the start of the round */
} ex_cand;

/* The state of a run. */
typedef struct ex_state {
    size_t na, ni;     /* actors, issues */
    const double *s;   /* saliences (borrowed) */
    const double *c;   /* capabilities (borrowed) */
    double *x;         /* current positions (the result's array) */
    double *o;         /* current expected outcome per issue */
    double *w;         /* total weight sum c s per issue */
    unsigned char *on; /* actor takes part in issue */
} ex_state;

#define AT(st, a, q) ((a) * (st)->ni + (q))

/*
 * Expected outcome of issue q: the compromise mean (step 1 of the
 * reference), sum c s x / sum c s over the actors on the issue.
 */
static double ex_outcome(const ex_state *st, size_t q)
{
    double num = 0.0, den = 0.0, sum = 0.0;
    size_t a, n = 0;

    for (a = 0; a < st->na; a++) {
        size_t k = AT(st, a, q);

        if (!st->on[k])
            continue;
        num += st->c[k] * st->s[k] * st->x[k];
        den += st->c[k] * st->s[k];
        sum += st->x[k];
        n++;
    }
    if (n == 0)
        return NAN;
    return den > 0.0 ? num / den : sum / (double)n;
}

static int sgn(double v)
{
    return (v > 0.0) - (v < 0.0);
}

/* Planned exchange: shifts of both outcomes, moves of both actors. */
typedef struct ex_plan {
    double dp, dq; /* |outcome shift| on p and on q */
    double move_u; /* signed move of the supplier on p */
    double move_d; /* signed move of the demander on q */
    double gain;   /* each side's gain */
} ex_plan;

/*
 * Size the exchange in the current state. Step 5: a move dx of actor j on
 * issue p shifts O_p by c_jp s_jp dx / sum_k c_kp s_kp. Step 6: equal
 * gains, s_dp dp - s_dq dq = s_uq dq - s_up dp, give the rate
 * dq = dp (s_dp + s_up) / (s_dq + s_uq); then the largest exchange within
 * the caps (a supplier moves at most to the demander's position; an
 * outcome never passes the demander's position). Returns 0 when the two
 * are not on opposite sides on both issues or nothing can move.
 */
static int ex_size(const ex_state *st, size_t d, size_t u, size_t p, size_t q,
                   ex_plan *pl)
{
    size_t dp = AT(st, d, p), up = AT(st, u, p), dq = AT(st, d, q),
           uq = AT(st, u, q);
    double kp, kq, cap_p, cap_q, rate;

    if (sgn(st->x[dp] - st->o[p]) * sgn(st->x[up] - st->o[p]) >= 0 ||
        sgn(st->x[dq] - st->o[q]) * sgn(st->x[uq] - st->o[q]) >= 0)
        return 0;
    if (!(st->w[p] > 0.0) || !(st->w[q] > 0.0))
        return 0;
    kp = st->c[up] * st->s[up] / st->w[p];
    kq = st->c[dq] * st->s[dq] / st->w[q];
    if (!(kp > 0.0) || !(kq > 0.0) || !(st->s[dq] + st->s[uq] > 0.0))
        return 0;
    cap_p = fmin(kp * fabs(st->x[dp] - st->x[up]), fabs(st->x[dp] - st->o[p]));
    cap_q = fmin(kq * fabs(st->x[uq] - st->x[dq]), fabs(st->x[uq] - st->o[q]));
    rate = (st->s[dp] + st->s[up]) / (st->s[dq] + st->s[uq]);
    pl->dp = fmin(cap_p, cap_q / rate);
    pl->dq = rate * pl->dp;
    pl->move_u = sgn(st->x[dp] - st->x[up]) * pl->dp / kp;
    pl->move_d = sgn(st->x[uq] - st->x[dq]) * pl->dq / kq;
    pl->gain = st->s[dp] * pl->dp - st->s[dq] * pl->dq;
    return 1;
}

/* Utility change of everyone but d and u when the outcomes move. */
static double ex_externality(const ex_state *st, size_t d, size_t u, size_t p,
                             double op_new, size_t q, double oq_new)
{
    double e = 0.0;
    size_t a;

    for (a = 0; a < st->na; a++) {
        size_t kp = AT(st, a, p), kq = AT(st, a, q);

        if (a == d || a == u)
            continue;
        /* Step 2: utility is -sum_q s_aq |O_q - x_aq|. */
        if (st->on[kp])
            e -= st->s[kp] *
                 (fabs(op_new - st->x[kp]) - fabs(st->o[p] - st->x[kp]));
        if (st->on[kq])
            e -= st->s[kq] *
                 (fabs(oq_new - st->x[kq]) - fabs(st->o[q] - st->x[kq]));
    }
    return e;
}

/* Larger gain first; ties in index order, so runs are reproducible. */
static int ex_cmp(const void *a, const void *b)
{
    const ex_cand *x = a, *y = b;

    if (x->gain != y->gain)
        return x->gain > y->gain ? -1 : 1;
    if (x->p != y->p)
        return x->p < y->p ? -1 : 1;
    if (x->q != y->q)
        return x->q < y->q ? -1 : 1;
    if (x->d != y->d)
        return x->d < y->d ? -1 : 1;
    return (x->u > y->u) - (x->u < y->u);
}

/*
 * Step 4: of two actors on opposite sides on issues a and b, the one with
 * the larger salience ratio s_a / s_b demands a. Cross-multiplied so a
 * zero salience needs no division. Returns 0 when the ratios are equal
 * (no exchange gains anything).
 */
static int ex_orient(const ex_state *st, size_t i, size_t j, size_t a, size_t b,
                     ex_cand *cd)
{
    double li = st->s[AT(st, i, a)] * st->s[AT(st, j, b)];
    double lj = st->s[AT(st, j, a)] * st->s[AT(st, i, b)];

    if (li == lj)
        return 0;
    cd->d = li > lj ? i : j;
    cd->u = li > lj ? j : i;
    cd->p = li > lj ? a : b;
    cd->q = li > lj ? b : a;
    return 1;
}

static dt_status ex_push(dt_exchange_result *r, const dt_exchange_move *mv,
                         const dt_allocator *al, dt_error *err)
{
    if (r->n_moves == r->moves_cap) {
        size_t ncap = r->moves_cap ? 2 * r->moves_cap : 16;
        dt_exchange_move *m = dt__realloc(
            al, r->moves, r->moves_cap * sizeof *m, ncap * sizeof *m);

        if (!m)
            return dt__error_set(err, DT_ENOMEM, "out of memory");
        r->moves = m;
        r->moves_cap = ncap;
    }
    r->moves[r->n_moves++] = *mv;
    return DT_OK;
}

/* One round: rank the feasible exchanges, execute greedily. */
static dt_status ex_round(ex_state *st, ex_cand *cand, unsigned char *used,
                          unsigned round, const dt_exchange_opts *o,
                          dt_exchange_result *r, const dt_allocator *al,
                          size_t *made, dt_error *err)
{
    size_t nc = 0, a, b, i, j, k;
    ex_plan pl;
    dt_status rc;

    *made = 0;
    for (a = 0; a < st->ni; a++)
        for (b = a + 1; b < st->ni; b++)
            for (i = 0; i < st->na; i++)
                for (j = i + 1; j < st->na; j++) {
                    ex_cand cd;

                    if (!st->on[AT(st, i, a)] || !st->on[AT(st, i, b)] ||
                        !st->on[AT(st, j, a)] || !st->on[AT(st, j, b)])
                        continue;
                    if (!ex_orient(st, i, j, a, b, &cd))
                        continue;
                    if (!ex_size(st, cd.d, cd.u, cd.p, cd.q, &pl) ||
                        !(pl.gain >= o->min_gain))
                        continue;
                    cd.gain = pl.gain;
                    cand[nc++] = cd;
                }
    if (nc > 1) /* cand is NULL for a single issue or actor */
        qsort(cand, nc, sizeof *cand, ex_cmp);
    memset(used, 0, st->na * st->ni);
    for (k = 0; k < nc; k++) {
        const ex_cand *cd = &cand[k];
        size_t dp = AT(st, cd->d, cd->p), dq = AT(st, cd->d, cd->q),
               up = AT(st, cd->u, cd->p), uq = AT(st, cd->u, cd->q);
        dt_exchange_move mv;
        double op, oq;

        /* Step 7: an actor-issue used this round blocks its others. */
        if (used[dp] || used[dq] || used[up] || used[uq])
            continue;
        /* Earlier exchanges of this round moved outcomes: resize. */
        if (!ex_size(st, cd->d, cd->u, cd->p, cd->q, &pl) ||
            !(pl.gain >= o->min_gain))
            continue;
        op = st->o[cd->p] + (st->x[dp] > st->o[cd->p] ? pl.dp : -pl.dp);
        oq = st->o[cd->q] + (st->x[uq] > st->o[cd->q] ? pl.dq : -pl.dq);
        mv.round = round;
        mv.demander = cd->d;
        mv.supplier = cd->u;
        mv.issue_p = cd->p;
        mv.issue_q = cd->q;
        mv.supplier_from = st->x[up];
        mv.demander_from = st->x[dq];
        mv.shift_p = op - st->o[cd->p];
        mv.shift_q = oq - st->o[cd->q];
        mv.gain = pl.gain;
        mv.externality = ex_externality(st, cd->d, cd->u, cd->p, op, cd->q, oq);
        st->x[up] += pl.move_u;
        st->x[dq] += pl.move_d;
        mv.supplier_to = st->x[up];
        mv.demander_to = st->x[dq];
        /* Recomputed, not shifted, so rounding never accumulates. */
        st->o[cd->p] = ex_outcome(st, cd->p);
        st->o[cd->q] = ex_outcome(st, cd->q);
        used[dp] = used[dq] = used[up] = used[uq] = 1;
        rc = ex_push(r, &mv, al, err);
        if (rc != DT_OK)
            return rc;
        (*made)++;
    }
    return DT_OK;
}

void dt_exchange_result_release(dt_exchange_result *r,
                                const dt_allocator *alloc)
{
    static const dt_exchange_result init = DT_EXCHANGE_RESULT_INIT;

    if (!r)
        return;
    dt__free(alloc, r->initial, r->n_issues * sizeof(double));
    dt__free(alloc, r->outcome, r->n_issues * sizeof(double));
    dt__free(alloc, r->x, r->n_issues * r->n_actors * sizeof(double));
    dt__free(alloc, r->moves, r->moves_cap * sizeof *r->moves);
    *r = init;
}

static dt_status ex_check(const dt_exchange_problem *p,
                          const dt_exchange_opts *o, dt_error *err)
{
    size_t k, n;

    if (p->n_actors == 0 || p->n_issues == 0)
        return dt__error_set(err, DT_EINVAL,
                             "the exchange model needs at least one actor "
                             "and one issue");
    if (p->n_actors > ((size_t)-1) / 64 / p->n_issues)
        return dt__error_set(err, DT_EINVAL, "too many actors and issues");
    if (o->max_rounds < 1 || !(o->min_gain >= 0.0))
        return dt__error_set(err, DT_EINVAL,
                             "invalid exchange options (rounds >= 1, "
                             "min_gain >= 0)");
    n = p->n_actors * p->n_issues;
    for (k = 0; k < n; k++) {
        if (!isnan(p->x[k]) && !isfinite(p->x[k]))
            return dt__error_set(err, DT_EINVAL,
                                 "actor %zu has an infinite position on "
                                 "issue %zu",
                                 k / p->n_issues, k % p->n_issues);
        if (!isnan(p->x[k]) && (!(p->s[k] >= 0.0) || !isfinite(p->s[k]) ||
                                !(p->c[k] >= 0.0) || !isfinite(p->c[k])))
            return dt__error_set(err, DT_EINVAL,
                                 "actor %zu has a negative or non-finite "
                                 "salience or capability on issue %zu",
                                 k / p->n_issues, k % p->n_issues);
    }
    return DT_OK;
}

/* A run in progress (include/detente/exchange.h). */
struct dt_exchange {
    const dt_allocator *alloc; /* hook, borrowed */
    dt_exchange_opts o;        /* options, copied */
    ex_state st;               /* positions and outcomes (in r) */
    dt_exchange_result r;      /* what the run has done so far */
    ex_cand *cand;             /* candidates of one round */
    size_t ncand;              /* entries allocated in cand */
    unsigned char *used;       /* actor-issue used this round */
    unsigned char *on;         /* actor takes part in issue */
    double *s, *c;             /* copies of the problem's tables */
    dt_stop stop;              /* why the run is over, or NONE */
};

void dt_exchange_free(dt_exchange *ex)
{
    size_t n;

    if (!ex)
        return;
    n = ex->r.n_actors * ex->r.n_issues;
    dt__free(ex->alloc, ex->cand, ex->ncand * sizeof *ex->cand);
    dt__free(ex->alloc, ex->used, n);
    dt__free(ex->alloc, ex->on, n);
    dt__free(ex->alloc, ex->s, n * sizeof(double));
    dt__free(ex->alloc, ex->c, n * sizeof(double));
    dt__free(ex->alloc, ex->st.w, ex->r.n_issues * sizeof(double));
    dt_exchange_result_release(&ex->r, ex->alloc);
    dt__free(ex->alloc, ex, sizeof *ex);
}

dt_status dt_exchange_new(const dt_exchange_problem *p,
                          const dt_exchange_opts *o, const dt_allocator *alloc,
                          dt_exchange **out, dt_error *err)
{
    static const dt_exchange_opts defaults = DT_EXCHANGE_OPTS_INIT;
    static const dt_exchange_result init = DT_EXCHANGE_RESULT_INIT;
    dt_exchange *ex;
    dt_exchange_result *r;
    size_t n, k, q;
    dt_status rc;

    *out = NULL;
    if (!o)
        o = &defaults;
    rc = ex_check(p, o, err);
    if (rc != DT_OK)
        return rc;
    ex = dt__calloc(alloc, 1, sizeof *ex);
    if (!ex)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    ex->alloc = alloc;
    ex->o = *o;
    ex->r = init;
    r = &ex->r;
    n = p->n_actors * p->n_issues;
    /* Candidates: every issue pair times every actor pair, at most. */
    ex->ncand = (p->n_issues * (p->n_issues - 1) / 2) *
                (p->n_actors * (p->n_actors - 1) / 2);
    r->n_issues = p->n_issues;
    r->n_actors = p->n_actors;
    r->initial = dt__alloc(alloc, p->n_issues * sizeof(double));
    r->outcome = dt__alloc(alloc, p->n_issues * sizeof(double));
    r->x = dt__alloc(alloc, n * sizeof(double));
    ex->st.w = dt__alloc(alloc, p->n_issues * sizeof(double));
    ex->used = dt__alloc(alloc, n);
    ex->on = dt__alloc(alloc, n);
    ex->s = dt__alloc(alloc, n * sizeof(double));
    ex->c = dt__alloc(alloc, n * sizeof(double));
    ex->cand =
        ex->ncand ? dt__alloc(alloc, ex->ncand * sizeof *ex->cand) : NULL;
    if (!r->initial || !r->outcome || !r->x || !ex->st.w || !ex->used ||
        !ex->on || !ex->s || !ex->c || (ex->ncand && !ex->cand)) {
        dt_exchange_free(ex);
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    memcpy(ex->s, p->s, n * sizeof(double));
    memcpy(ex->c, p->c, n * sizeof(double));
    ex->st.na = p->n_actors;
    ex->st.ni = p->n_issues;
    ex->st.s = ex->s;
    ex->st.c = ex->c;
    ex->st.x = r->x;
    ex->st.o = r->outcome;
    ex->st.on = ex->on;
    memcpy(r->x, p->x, n * sizeof(double));
    for (k = 0; k < n; k++)
        ex->on[k] = (unsigned char)!isnan(p->x[k]);
    for (q = 0; q < ex->st.ni; q++) {
        ex->st.w[q] = 0.0;
        for (k = 0; k < ex->st.na; k++)
            if (ex->on[AT(&ex->st, k, q)])
                ex->st.w[q] +=
                    ex->st.c[AT(&ex->st, k, q)] * ex->st.s[AT(&ex->st, k, q)];
        ex->st.o[q] = ex_outcome(&ex->st, q);
        r->initial[q] = ex->st.o[q];
    }
    r->converged = 0;
    ex->stop = DT_STOP_NONE;
    *out = ex;
    return DT_OK;
}

dt_status dt_exchange_step(dt_exchange *ex, dt_error *err)
{
    size_t made = 0;
    dt_status rc;

    if (ex->stop != DT_STOP_NONE)
        return DT_OK;
    rc = ex_round(&ex->st, ex->cand, ex->used, ex->r.rounds + 1, &ex->o, &ex->r,
                  ex->alloc, &made, err);
    if (rc != DT_OK)
        return rc;
    if (made == 0) {
        ex->r.converged = 1;
        ex->stop = DT_STOP_CONVERGED;
        return DT_OK;
    }
    ex->r.rounds++;
    if (ex->r.rounds >= ex->o.max_rounds)
        ex->stop = DT_STOP_ROUND_CAP;
    return DT_OK;
}

dt_stop dt_exchange_stop(const dt_exchange *ex)
{
    return ex->stop;
}

const dt_exchange_result *dt_exchange_get_result(const dt_exchange *ex)
{
    return &ex->r;
}

dt_status dt_exchange_solve(const dt_exchange_problem *p,
                            const dt_exchange_opts *o,
                            const dt_allocator *alloc, dt_exchange_result *r,
                            dt_error *err)
{
    static const dt_exchange_result init = DT_EXCHANGE_RESULT_INIT;
    dt_exchange *ex = NULL;
    dt_status rc;

    *r = init;
    rc = dt_exchange_new(p, o, alloc, &ex, err);
    while (rc == DT_OK && dt_exchange_stop(ex) == DT_STOP_NONE)
        rc = dt_exchange_step(ex, err);
    if (rc == DT_OK) {
        /* Hand the result over: ex keeps nothing of it. */
        *r = ex->r;
        ex->r = init;
        ex->r.n_actors = r->n_actors;
        ex->r.n_issues = r->n_issues;
    }
    dt_exchange_free(ex);
    return rc;
}

dt_status dt_exchange_solve_scenario(const dt_scenario *sc, unsigned flags,
                                     const dt_exchange_opts *o,
                                     const dt_allocator *alloc,
                                     dt_exchange_result *r, dt_error *err)
{
    static const dt_exchange_result init = DT_EXCHANGE_RESULT_INIT;
    size_t na = dt_scenario_n_actors(sc), ni = dt_scenario_n_issues(sc);
    size_t n = na * ni, i, k;
    double *x, *s, *c;
    dt_exchange_problem p;
    dt_status rc = DT_OK;

    *r = init;
    if (na == 0 || ni == 0)
        return dt__error_set(err, DT_EINVAL,
                             "the exchange model needs at least one actor "
                             "and one issue");
    x = dt__alloc(alloc, n * sizeof *x);
    s = dt__alloc(alloc, n * sizeof *s);
    c = dt__alloc(alloc, n * sizeof *c);
    if (!x || !s || !c) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    for (k = 0; k < n; k++) {
        x[k] = NAN;
        s[k] = c[k] = 0.0;
    }
    for (i = 0; i < ni && rc == DT_OK; i++) {
        dt_line *l = NULL;

        rc = dt_scenario_line(sc, i, flags, &l, err);
        if (rc != DT_OK)
            break;
        for (k = 0; k < l->n; k++) {
            size_t at = l->actor[k] * ni + i;

            x[at] = l->x[k];
            s[at] = l->s[k];
            c[at] = l->c[k];
        }
        dt_line_free(l);
    }
    if (rc != DT_OK)
        goto out;
    p.n_actors = na;
    p.n_issues = ni;
    p.x = x;
    p.s = s;
    p.c = c;
    rc = dt_exchange_solve(&p, o, alloc, r, err);
out:
    dt__free(alloc, x, n * sizeof *x);
    dt__free(alloc, s, n * sizeof *s);
    dt__free(alloc, c, n * sizeof *c);
    return rc;
}
