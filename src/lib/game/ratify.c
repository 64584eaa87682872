/*
 * Ratification and veto players (docs/games.md, "Ratification and veto
 * players"). Putnam (1988) two-level games; Iida (1993, 1996) on
 * uncertainty about the other side's ratification constraint; Tsebelis
 * (2002) veto players; Dykstra (1983) / Boyle and Dykstra (1986) for the
 * projection onto an intersection of convex sets.
 *
 * Veto holder i accepts x against the status quo q iff ||x - y_i|| <=
 * ||q - y_i||: its win-set is the ball about y_i through q. With the
 * uncertain veto holder's ideal y ~ U[lo, hi] on one dimension,
 *   P(x) = clip((hi - (x + q) / 2) / (hi - lo), 0, 1)   for x > q
 * (games.md), and with y ~ N(yhat, diag(sd^2)) in any dimension the set
 * of ideals that accept x is the half-space 2 d.y >= d.(x + q), d = x - q,
 *   P(x) = Phi((2 d.yhat - d.(x + q)) / (2 sqrt(sum_i d_i^2 sd_i^2))).
 * The setter, with quadratic loss u_s(x) = -||x - y_s||^2, maximises
 *   EU(x) = u_s(q) + P(x) (u_s(x) - u_s(q)).
 * On one dimension, with z = x - q, c = 2 (hi - q), e = 2 (y_s - q), the
 * uniform case on its sloping part maximises z (c - z) (e - z), whose
 * local maximum is z = ((c + e) - sqrt((c + e)^2 - 3 c e)) / 3
 * = c e / ((c + e) + sqrt((c + e)^2 - 3 c e)).
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "game_int.h"

#include <detente/games.h>

#define TOL         1e-9
#define DYKSTRA_MAX 200000
#define DYKSTRA_TOL 1e-12

static double dist2(const dt_games_num *y, const double *x, size_t dim)
{
    double s = 0.0;
    size_t i;

    for (i = 0; i < dim; i++)
        s += (x[i] - y[i].v) * (x[i] - y[i].v);
    return s;
}

static double dist2_q(const dt_games_num *y, const dt_games_num *q, size_t dim)
{
    double s = 0.0;
    size_t i;

    for (i = 0; i < dim; i++)
        s += (q[i].v - y[i].v) * (q[i].v - y[i].v);
    return s;
}

/* Whether a certain veto holder accepts x (ties accept). */
static int accepts(const dt_games_ratification *r, const dt_games_veto *v,
                   const double *x)
{
    double dx = dist2(v->ideal, x, r->dim);
    double dq = dist2_q(v->ideal, r->status_quo, r->dim);

    return dx <= dq + TOL * (dq > 1.0 ? dq : 1.0);
}

static const dt_games_veto *uncertain(const dt_games_ratification *r)
{
    size_t i;

    for (i = 0; i < r->n_vetoes; i++)
        if (r->vetoes[i].dist != DT_GAMES_RAT_CERTAIN)
            return &r->vetoes[i];
    return NULL;
}

static double clip01(double x)
{
    return x < 0.0 ? 0.0 : x > 1.0 ? 1.0 : x;
}

/* P(the uncertain veto holder accepts x); 1 when there is none. */
static double p_uncertain(const dt_games_ratification *r, const double *x)
{
    const dt_games_veto *u = uncertain(r);
    double num = 0.0, var = 0.0, dd = 0.0;
    size_t i;

    if (!u)
        return 1.0;
    for (i = 0; i < r->dim; i++) {
        double d = x[i] - r->status_quo[i].v;

        dd += d * d;
    }
    if (dd <= TOL * TOL)
        return 1.0; /* x = q: accepted (ties accept) */
    if (u->dist == DT_GAMES_RAT_UNIFORM) {
        double m = 0.5 * (x[0] + r->status_quo[0].v);
        double lo = u->lo.v, hi = u->hi.v;

        if (hi - lo <= 0.0)
            return x[0] > r->status_quo[0].v ? (lo >= m) : (lo <= m);
        if (x[0] > r->status_quo[0].v)
            return clip01((hi - m) / (hi - lo));
        return clip01((m - lo) / (hi - lo));
    }
    for (i = 0; i < r->dim; i++) {
        double d = x[i] - r->status_quo[i].v;

        num += 2.0 * d * u->ideal[i].v - d * (x[i] + r->status_quo[i].v);
        var += d * d * u->sd[i].v * u->sd[i].v;
    }
    return gsl_cdf_ugaussian_P(num / (2.0 * sqrt(var)));
}

double dt_games_rat_prob(const dt_games_ratification *r, const double *x)
{
    size_t i;

    for (i = 0; i < r->n_vetoes; i++)
        if (r->vetoes[i].dist == DT_GAMES_RAT_CERTAIN &&
            !accepts(r, &r->vetoes[i], x))
            return 0.0;
    return p_uncertain(r, x);
}

double dt_games_rat_prob_mc(const dt_games_ratification *r, const double *x,
                            size_t n, dt_rng *rng)
{
    const dt_games_veto *u = uncertain(r);
    size_t j, i, hit = 0;

    for (i = 0; i < r->n_vetoes; i++)
        if (r->vetoes[i].dist == DT_GAMES_RAT_CERTAIN &&
            !accepts(r, &r->vetoes[i], x))
            return 0.0;
    if (!u || n == 0)
        return 1.0;
    for (j = 0; j < n; j++) {
        double dx = 0.0, dq = 0.0;

        for (i = 0; i < r->dim; i++) {
            double y, uu = dt_rng_uniform(rng);

            if (u->dist == DT_GAMES_RAT_UNIFORM)
                y = u->lo.v + uu * (u->hi.v - u->lo.v);
            else {
                /* (0, 1) for the inverse CDF: 53-bit uniforms on [0, 1)
                 * shifted by half a step. */
                uu += 0x1p-54;
                y = u->ideal[i].v + u->sd[i].v * gsl_cdf_ugaussian_Pinv(uu);
            }
            dx += (x[i] - y) * (x[i] - y);
            dq += (r->status_quo[i].v - y) * (r->status_quo[i].v - y);
        }
        hit += dx <= dq;
    }
    return (double)hit / (double)n;
}

/* ---- Checks. ---- */

static dt_status check(const dt_games_ratification *r, dt_error *err)
{
    size_t i, k, n_unc = 0;

    if (r->dim == 0)
        return dt__error_set(err, DT_EINVAL, "ratification has no dimension");
    for (k = 0; k < r->dim; k++)
        if (!isfinite(r->status_quo[k].v) || !isfinite(r->setter_ideal[k].v))
            return dt__error_set(err, DT_EINVAL,
                                 "ratification: non-finite position");
    for (i = 0; i < r->n_vetoes; i++) {
        const dt_games_veto *v = &r->vetoes[i];

        if (v->dist != DT_GAMES_RAT_CERTAIN)
            n_unc++;
        if (v->dist == DT_GAMES_RAT_UNIFORM &&
            (r->dim != 1 || !(v->lo.v <= v->hi.v) || !isfinite(v->lo.v) ||
             !isfinite(v->hi.v)))
            return dt__error_set(err, DT_EINVAL,
                                 "veto holder '%s': a uniform ideal needs one "
                                 "dimension and lo <= hi",
                                 v->id ? v->id : "");
        for (k = 0; k < r->dim; k++) {
            if (v->dist != DT_GAMES_RAT_UNIFORM && !isfinite(v->ideal[k].v))
                return dt__error_set(err, DT_EINVAL,
                                     "veto holder '%s': non-finite ideal",
                                     v->id ? v->id : "");
            if (v->dist == DT_GAMES_RAT_NORMAL &&
                !(v->sd[k].v > 0.0 && isfinite(v->sd[k].v)))
                return dt__error_set(err, DT_EINVAL,
                                     "veto holder '%s': sd must be > 0",
                                     v->id ? v->id : "");
        }
    }
    if (n_unc > 1)
        return dt__error_set(err, DT_EINVAL,
                             "at most one veto holder may be uncertain, "
                             "not %zu",
                             n_unc);
    return DT_OK;
}

/* ---- One dimension. ---- */

/* Gain of x over q to the setter (quadratic loss), on one dimension. */
static double gain1(double x, double q, double ys)
{
    return (x - q) * (2.0 * ys - q - x);
}

/*
 * The right end of the certain veto holders' common win-set, in the
 * reflected coordinates where the setter's ideal is >= q (sgn = +-1).
 */
static double upper1(const dt_games_ratification *r, double sgn)
{
    double q = sgn * r->status_quo[0].v, up = HUGE_VAL;
    size_t i;

    for (i = 0; i < r->n_vetoes; i++) {
        const dt_games_veto *v = &r->vetoes[i];
        double y, end;

        if (v->dist != DT_GAMES_RAT_CERTAIN)
            continue;
        y = sgn * v->ideal[0].v;
        end = y > q ? 2.0 * y - q : q;
        if (end < up)
            up = end;
    }
    return up;
}

static double eu1(const dt_games_ratification *r, double x)
{
    double ys = r->setter_ideal[0].v, q = r->status_quo[0].v;

    return -(q - ys) * (q - ys) + dt_games_rat_prob(r, &x) * gain1(x, q, ys);
}

static void solve1(const dt_games_ratification *r, dt_games_rat_eq *eq)
{
    const dt_games_veto *u = uncertain(r);
    double sgn = r->setter_ideal[0].v >= r->status_quo[0].v ? 1.0 : -1.0;
    double q = sgn * r->status_quo[0].v, ys = sgn * r->setter_ideal[0].v;
    double up = upper1(r, sgn), top = ys < up ? ys : up;
    double cand[8], best = q, beu;
    int reg[8], best_reg = 0;
    size_t n = 0, i;

    /* Candidates in reflected coordinates; all lie in [q, top]. */
    cand[n] = q;
    reg[n++] = 0;
    cand[n] = top;
    reg[n++] = ys <= up ? 1 : 3;
    if (u && u->dist == DT_GAMES_RAT_UNIFORM) {
        double lo = sgn > 0 ? u->lo.v : -u->hi.v;
        double hi = sgn > 0 ? u->hi.v : -u->lo.v;
        double flat = 2.0 * lo - q; /* P = 1 up to here */
        double c = 2.0 * (hi - q), e = 2.0 * (ys - q), z;

        if (flat > q && flat < top) {
            cand[n] = flat;
            reg[n++] = 2;
        }
        if (c > 0.0 && e > 0.0) {
            /* The smaller root of 3 z^2 - 2 (c + e) z + c e, written
             * without cancellation: (c e / 3) / (the larger root). */
            z = c * e / ((c + e) + sqrt((c + e) * (c + e) - 3.0 * c * e));
            if (q + z > q && q + z < top) {
                cand[n] = q + z;
                reg[n++] = 2;
            }
        }
    } else if (u) {
        /* Normal: golden-section search of the closed-form EU on a grid
         * bracket (EU is smooth; the grid guards against two maxima). */
        const double gr = 0.5 * (sqrt(5.0) - 1.0);
        double a, b, xb = q, fb = -HUGE_VAL, x1, x2, f1, f2, t;
        size_t j, m = 400;

        for (j = 0; j <= m; j++) {
            double x = q + (top - q) * (double)j / (double)m, f;

            t = sgn * x;
            f = eu1(r, t);
            if (f > fb) {
                fb = f;
                xb = x;
            }
        }
        a = xb - (top - q) / (double)m;
        b = xb + (top - q) / (double)m;
        a = a < q ? q : a;
        b = b > top ? top : b;
        x1 = b - gr * (b - a);
        x2 = a + gr * (b - a);
        t = sgn * x1;
        f1 = eu1(r, t);
        t = sgn * x2;
        f2 = eu1(r, t);
        for (j = 0; j < 200 && b - a > 1e-13 * (1.0 + fabs(a)); j++) {
            if (f1 < f2) {
                a = x1;
                x1 = x2;
                f1 = f2;
                x2 = a + gr * (b - a);
                t = sgn * x2;
                f2 = eu1(r, t);
            } else {
                b = x2;
                x2 = x1;
                f2 = f1;
                x1 = b - gr * (b - a);
                t = sgn * x1;
                f1 = eu1(r, t);
            }
        }
        cand[n] = 0.5 * (a + b);
        reg[n++] = 2;
    }
    beu = -HUGE_VAL;
    for (i = 0; i < n; i++) {
        double x = sgn * cand[i], f = eu1(r, x);

        if (f > beu) { /* strict: the first of equal candidates wins */
            beu = f;
            best = cand[i];
            best_reg = reg[i];
        }
    }
    eq->best[0] = sgn * best;
    eq->regime = best_reg;
    eq->converged = 1;
}

/* ---- More dimensions: Dykstra's alternating projections. ---- */

static void project_ball(double *x, const dt_games_num *c, double rad,
                         size_t dim)
{
    double d2 = 0.0, s;
    size_t k;

    for (k = 0; k < dim; k++)
        d2 += (x[k] - c[k].v) * (x[k] - c[k].v);
    if (d2 <= rad * rad)
        return;
    s = rad / sqrt(d2);
    for (k = 0; k < dim; k++)
        x[k] = c[k].v + s * (x[k] - c[k].v);
}

static int all_accept(const dt_games_ratification *r, const double *x)
{
    size_t i;

    for (i = 0; i < r->n_vetoes; i++)
        if (r->vetoes[i].dist == DT_GAMES_RAT_CERTAIN &&
            !accepts(r, &r->vetoes[i], x))
            return 0;
    return 1;
}

static dt_status solve_n(const dt_games_ratification *r, dt_games_rat_eq *eq,
                         dt_error *err)
{
    size_t dim = r->dim, nv = r->n_vetoes, i, k, it;
    double *pinc = dt__calloc(r->alloc, nv * dim + 2 * dim, sizeof *pinc);
    double *y, *prev;

    if (!pinc)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    y = pinc + nv * dim;
    prev = y + dim;
    for (k = 0; k < dim; k++)
        eq->best[k] = r->setter_ideal[k].v;
    eq->converged = 0;
    for (it = 0; it < DYKSTRA_MAX; it++) {
        double change = 0.0;

        memcpy(prev, eq->best, dim * sizeof *prev);
        for (i = 0; i < nv; i++) {
            const dt_games_veto *v = &r->vetoes[i];
            double *pi = pinc + i * dim;

            if (v->dist != DT_GAMES_RAT_CERTAIN)
                continue;
            for (k = 0; k < dim; k++)
                y[k] = eq->best[k] + pi[k];
            memcpy(eq->best, y, dim * sizeof *y);
            project_ball(eq->best, v->ideal,
                         sqrt(dist2_q(v->ideal, r->status_quo, dim)), dim);
            for (k = 0; k < dim; k++)
                pi[k] = y[k] - eq->best[k];
        }
        for (k = 0; k < dim; k++)
            change += (eq->best[k] - prev[k]) * (eq->best[k] - prev[k]);
        if (change <= DYKSTRA_TOL * DYKSTRA_TOL) {
            eq->converged = 1;
            break;
        }
    }
    /*
     * Feasibility after the projections (games.md: check it). When the
     * iterate is outside a win-set (slow convergence between nearly
     * tangent balls), step back towards q, which is in every win-set, to
     * the last feasible point of the segment (bisection): the answer is
     * then feasible but only near the optimum, and converged stays 0.
     */
    if (!all_accept(r, eq->best)) {
        double lo = 0.0, hi = 1.0, t;

        eq->converged = 0;
        memcpy(prev, eq->best, dim * sizeof *prev);
        for (it = 0; it < 60; it++) {
            t = 0.5 * (lo + hi);
            for (k = 0; k < dim; k++)
                y[k] = r->status_quo[k].v + t * (prev[k] - r->status_quo[k].v);
            if (all_accept(r, y))
                lo = t;
            else
                hi = t;
        }
        for (k = 0; k < dim; k++)
            eq->best[k] =
                r->status_quo[k].v + lo * (prev[k] - r->status_quo[k].v);
    }
    eq->regime = dist2(r->setter_ideal, eq->best, dim) <= TOL ? 1 : 3;
    dt__free(r->alloc, pinc, (nv * dim + 2 * dim) * sizeof *pinc);
    return DT_OK;
}

dt_status dt_games_rat_solve(const dt_games_ratification *r,
                             dt_games_rat_eq *eq, dt_error *err)
{
    dt_status rc = check(r, err);
    double uq;
    size_t k;

    if (rc != DT_OK)
        return rc;
    if (r->dim == 1)
        solve1(r, eq);
    else if ((rc = solve_n(r, eq, err)) != DT_OK)
        return rc;
    uq = 0.0;
    for (k = 0; k < r->dim; k++)
        uq -= (r->status_quo[k].v - r->setter_ideal[k].v) *
              (r->status_quo[k].v - r->setter_ideal[k].v);
    eq->p_best = dt_games_rat_prob(r, eq->best);
    eq->eu_best =
        uq + eq->p_best * (-dist2(r->setter_ideal, eq->best, r->dim) - uq);
    return DT_OK;
}

/* ---- The tree (one dimension). ---- */

dt_status dt_games_rat_tree(const dt_games_ratification *r, size_t n_prop,
                            size_t n_type, const dt_allocator *alloc,
                            dt_game **out, dt_error *err)
{
    const dt_games_veto *u;
    dt_game *g = NULL;
    dt_games_rat_eq eq;
    double best, q, ys, lo_x, hi_x, *prob = NULL, *types = NULL;
    double sgn, up, top, pay[2];
    size_t i, j;
    dt_status rc = check(r, err);

    *out = NULL;
    if (rc != DT_OK)
        return rc;
    u = uncertain(r);
    if (r->dim != 1 || !u || n_prop < 2 || n_type < 1)
        return dt__error_set(err, DT_EINVAL,
                             "the ratification tree needs one dimension, one "
                             "uncertain veto holder, n_prop >= 2, n_type >= 1");
    eq.best = &best;
    solve1(r, &eq);
    q = r->status_quo[0].v;
    ys = r->setter_ideal[0].v;
    sgn = ys >= q ? 1.0 : -1.0;
    up = upper1(r, sgn);
    top = sgn * ys < up ? sgn * ys : up;
    lo_x = q;
    hi_x = sgn * top;
    prob = dt__calloc(alloc, 2 * n_type, sizeof *prob);
    if (!prob)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    types = prob + n_type;
    for (j = 0; j < n_type; j++) {
        double p = ((double)j + 0.5) / (double)n_type;

        prob[j] = 1.0 / (double)n_type;
        types[j] = u->dist == DT_GAMES_RAT_UNIFORM
                       ? u->lo.v + p * (u->hi.v - u->lo.v)
                       : u->ideal[0].v + u->sd[0].v * gsl_cdf_ugaussian_Pinv(p);
    }
    if ((rc = dt_game_new(2, alloc, &g, err)) != DT_OK)
        goto out;
    if ((rc = dt_game_add_decision(g, 1, n_prop + 1, err)) != DT_OK)
        goto out;
    for (i = 0; i <= n_prop; i++) {
        double x = i < n_prop
                       ? lo_x + (hi_x - lo_x) * (double)i / (double)(n_prop - 1)
                       : best;

        if ((rc = dt_game_add_chance(g, n_type, prob, err)) != DT_OK)
            goto out;
        for (j = 0; j < n_type; j++) {
            double y = types[j];

            /* The veto holder: accept (first, so ties accept) or reject. */
            if ((rc = dt_game_add_decision(g, 2, 2, err)) != DT_OK)
                goto out;
            pay[0] = -(x - ys) * (x - ys);
            pay[1] = -fabs(x - y);
            if ((rc = dt_game_add_terminal(g, pay, err)) != DT_OK)
                goto out;
            pay[0] = -(q - ys) * (q - ys);
            pay[1] = -fabs(q - y);
            if ((rc = dt_game_add_terminal(g, pay, err)) != DT_OK)
                goto out;
        }
    }
    rc = dt_game_finish(g, err);
out:
    dt__free(alloc, prob, 2 * n_type * sizeof *prob);
    if (rc != DT_OK)
        dt_game_free(g);
    else
        *out = g;
    return rc;
}
