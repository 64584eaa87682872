/*
 * The Nash bargaining deal over the zone (Nash 1950; multi-issue form as
 * in Raiffa 1982, ch. 16): maximise sum_a w_a ln(U_a(x) - D_a). U_a is
 * concave and piecewise linear, so the objective is concave but has kinks
 * where gradient methods stall; it is solved exactly by outer
 * approximation (Kelley 1960): ln is replaced by tangent cuts, each LP
 * (GLPK) gives an upper bound, the true objective at its point a lower
 * bound, and the loop stops when they meet; Newton steps on the face it
 * found then reach a smooth optimum exactly. docs/analysis.md, "Deal".
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_permutation.h>
#include <gsl/gsl_vector.h>

#include "analysis_int.h"

#define DEAL_MAX_ITER 500u
#define DEAL_GAP      1e-10 /* stop when upper - lower bound is below this */

dt_status dt_deal_init(dt_deal *d, size_t n_actors, size_t n_issues,
                       const dt_allocator *alloc)
{
    memset(d, 0, sizeof *d);
    d->alloc = alloc;
    d->n_actors = n_actors;
    d->n_issues = n_issues;
    d->objective = NAN;
    d->gap = NAN;
    /* Sizes as dt_deal_release recomputes them. */
    d->point = dt__calloc(alloc, n_issues + 1, sizeof *d->point);
    d->gain = dt__calloc(alloc, n_actors + 1, sizeof *d->gain);
    if (!d->point || !d->gain) {
        dt_deal_release(d);
        return DT_ENOMEM;
    }
    return DT_OK;
}

void dt_deal_release(dt_deal *d)
{
    if (!d)
        return;
    dt__free(d->alloc, d->point, (d->n_issues + 1) * sizeof *d->point);
    dt__free(d->alloc, d->gain, (d->n_actors + 1) * sizeof *d->gain);
    memset(d, 0, sizeof *d);
}

/* State of the cutting-plane loop. */
struct kelley {
    dt__lp lp;       /* the program with z columns and cuts */
    int *col_z;      /* n_actors, 0 off the table */
    double *w;       /* normalised Nash weights, 0 off the table */
    double *x;       /* current LP point */
    double *best;    /* best point so far */
    double best_val; /* objective at best */
};

/*
 * Tangent of ln at u0 > 0 as a cut on actor a's surplus
 * u_a = -sum_q w_aq d_aq - D_a:
 *   z_a <= ln u0 + (u_a - u0) / u0
 *   <=>  z_a + (1/u0) sum_q w_aq d_aq <= ln u0 - 1 - D_a / u0.
 */
static void add_cut(struct kelley *k, const dt_bargain *b, size_t a, double u0)
{
    dt__lp *lp = &k->lp;
    size_t q, m = b->n_issues;
    int n = 1, r;

    lp->ind[1] = k->col_z[a];
    lp->val[1] = 1.0;
    for (q = 0; q < m; q++)
        if (lp->col_d[a * m + q]) {
            n++;
            lp->ind[n] = lp->col_d[a * m + q];
            lp->val[n] = b->sal[a * m + q] / 100.0 / u0;
        }
    r = glp_add_rows(lp->P, 1);
    glp_set_mat_row(lp->P, r, n, lp->ind, lp->val);
    glp_set_row_bnds(lp->P, r, GLP_UP, 0.0, log(u0) - 1.0 - b->no_deal[a] / u0);
}

static double nash_value(const struct kelley *k, const dt_bargain *b,
                         const double *x)
{
    double v = 0.0;
    size_t a;

    for (a = 0; a < b->n_actors; a++) {
        double u;

        if (!k->col_z[a])
            continue;
        u = dt_bargain_utility(b, a, x) - b->no_deal[a];
        if (!(u > 0.0))
            return -INFINITY;
        v += k->w[a] * log(u);
    }
    return v;
}

static dt_status setup(struct kelley *k, const dt_bargain *b, const dt_zone *z,
                       dt_error *err)
{
    double wsum = 0.0;
    size_t a;
    dt_status rc;

    /* Sizes as dt_deal_solve frees them. */
    k->col_z = dt__calloc(b->alloc, b->n_actors + 1, sizeof *k->col_z);
    k->w = dt__calloc(b->alloc, b->n_actors + 1, sizeof *k->w);
    k->x = dt__calloc(b->alloc, b->n_issues, sizeof *k->x);
    k->best = dt__calloc(b->alloc, b->n_issues, sizeof *k->best);
    if (!k->col_z || !k->w || !k->x || !k->best)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    /* Ratifiers (at_table 2) constrain the deal but have no Nash weight. */
    for (a = 0; a < b->n_actors; a++)
        if (dt__bargain_bargains(b, a))
            wsum += b->weight ? b->weight[a] : 1.0;
    if (!(wsum > 0.0))
        return dt__error_set(err, DT_EINVAL,
                             "Nash weights of the table actors sum to 0");
    rc = dt__lp_build(&k->lp, b, 0, err);
    if (rc != DT_OK)
        return rc;
    glp_set_obj_dir(k->lp.P, GLP_MAX);
    for (a = 0; a < b->n_actors; a++) {
        double hi;

        if (!dt__bargain_bargains(b, a))
            continue;
        k->w[a] = (b->weight ? b->weight[a] : 1.0) / wsum;
        k->col_z[a] = glp_add_cols(k->lp.P, 1);
        glp_set_col_bnds(k->lp.P, k->col_z[a], GLP_FR, 0.0, 0.0);
        glp_set_obj_coef(k->lp.P, k->col_z[a], k->w[a]);
        /*
         * First cuts: at the max-min surplus, at the zone point's gain
         * and at the largest possible gain -D_a (U_a <= 0). They bound
         * every z_a from above, so the first LP is bounded.
         */
        add_cut(k, b, a, z->surplus);
        if (z->gain[a] > z->surplus * (1 + 1e-9))
            add_cut(k, b, a, z->gain[a]);
        hi = -b->no_deal[a];
        if (hi > z->gain[a] * (1 + 1e-9))
            add_cut(k, b, a, hi);
    }
    memcpy(k->best, z->point, b->n_issues * sizeof *k->best);
    k->best_val = nash_value(k, b, k->best);
    return DT_OK;
}

#define POLISH_KINK  1e-6 /* |x - p| below this: x sits on the kink */
#define POLISH_STEPS 20u

/*
 * Newton polish on the face found by the cutting planes. Near the
 * optimum the sign of every x_q - p_aq, the coordinates sitting on a
 * kink or a bound and the tight red lines are known; on that face each
 * surplus is affine, u_a = c_a + g_a . x, and the objective smooth, so
 * Newton steps on the KKT system
 *     [H  A'] [dx]   [-grad f]       H = -sum_a w_a g_a g_a' / u_a^2
 *     [A  0 ] [l ] = [   0   ]       A = the active equalities
 * (solved with GSL's LU) reach the optimum of a smooth interior face to
 * machine precision, where the cuts alone stop near 1e-4 of the scale.
 * A step is cut back so the face does not change and kept only if the
 * objective rises; at a kink optimum nothing moves. Returns DT_OK, or
 * DT_ENOMEM when its scratch arrays cannot be had (k->best is then as
 * the cuts left it).
 */
static dt_status polish(struct kelley *k, const dt_bargain *b)
{
    const dt_allocator *al = b->alloc;
    size_t m = b->n_issues, a, q, r, i, j, na = 0, n = 0;
    size_t *row = dt__calloc(al, b->n_limits + m + 1, sizeof *row);
    int *pin = dt__calloc(al, m + 1, sizeof *pin);
    double *x = dt__calloc(al, m + 1, sizeof *x);
    double *g = dt__calloc(al, m + 1, sizeof *g);
    double *grad = dt__calloc(al, m + 1, sizeof *grad);
    double *kbuf = NULL;
    size_t *pbuf = NULL;
    dt_status rc = DT_ENOMEM;
    gsl_matrix_view Kv;
    gsl_vector_view rv, sv;
    gsl_matrix *K;
    gsl_vector *rhs, *sol;
    gsl_permutation perm;
    unsigned step;

    if (!row || !pin || !x || !g || !grad)
        goto out;
    memcpy(x, k->best, m * sizeof *x);
    /* The face: pinned coordinates (kinks of table actors, bounds). */
    for (q = 0; q < m; q++) {
        if (x[q] <= POLISH_KINK || x[q] >= 100.0 - POLISH_KINK)
            pin[q] = 1;
        for (a = 0; a < b->n_actors; a++)
            if (k->col_z[a] && b->sal[a * m + q] > 0.0 &&
                fabs(x[q] - b->pos[a * m + q]) <= POLISH_KINK)
                pin[q] = 1;
    }
    /* Tight red lines of table actors become equalities. */
    for (r = 0; r < b->n_limits; r++) {
        const dt_limit *l = &b->limits[r];
        double v = 0.0;

        if (!dt__bargain_at_table(b, l->actor))
            continue;
        for (q = 0; q < m; q++)
            v += l->coef[q] * x[q];
        if ((l->has_at_most && fabs(v - l->at_most) <= POLISH_KINK) ||
            (l->has_at_least && fabs(v - l->at_least) <= POLISH_KINK))
            row[na++] = r;
    }
    n = m + na;
    for (q = 0; q < m; q++)
        n += (size_t)pin[q];
    /*
     * GSL views over our own buffers: gsl_*_alloc would call GSL's error
     * handler (abort by default) on failure, and the library never aborts.
     */
    kbuf = dt__calloc(al, n * n + 2 * n, sizeof *kbuf);
    pbuf = dt__calloc(al, n, sizeof *pbuf);
    if (!kbuf || !pbuf)
        goto out;
    rc = DT_OK;
    Kv = gsl_matrix_view_array(kbuf, n, n);
    rv = gsl_vector_view_array(kbuf + n * n, n);
    sv = gsl_vector_view_array(kbuf + n * n + n, n);
    K = &Kv.matrix;
    rhs = &rv.vector;
    sol = &sv.vector;
    perm.size = n;
    perm.data = pbuf;
    for (step = 0; step < POLISH_STEPS; step++) {
        double f0 = nash_value(k, b, x), t = 1.0;
        int signum;

        gsl_matrix_set_zero(K);
        gsl_vector_set_zero(rhs);
        memset(grad, 0, m * sizeof *grad);
        for (a = 0; a < b->n_actors; a++) {
            double u;

            if (!k->col_z[a])
                continue;
            u = dt_bargain_utility(b, a, x) - b->no_deal[a];
            /* g_a = dU_a/dx on this face (pinned coordinates: 0). */
            for (q = 0; q < m; q++) {
                double s = b->sal[a * m + q] / 100.0;

                g[q] = pin[q] || !(s > 0.0)
                           ? 0.0
                           : (x[q] > b->pos[a * m + q] ? -s : s);
                grad[q] += k->w[a] * g[q] / u;
            }
            for (i = 0; i < m; i++)
                for (j = 0; j < m; j++)
                    *gsl_matrix_ptr(K, i, j) -= k->w[a] * g[i] * g[j] / (u * u);
        }
        /* A tiny ridge keeps directions nobody cares about fixed. */
        for (i = 0; i < m; i++) {
            *gsl_matrix_ptr(K, i, i) -= 1e-12;
            gsl_vector_set(rhs, i, -grad[i]);
        }
        for (r = 0, i = m; r < na; r++, i++)
            for (q = 0; q < m; q++) {
                gsl_matrix_set(K, i, q, b->limits[row[r]].coef[q]);
                gsl_matrix_set(K, q, i, b->limits[row[r]].coef[q]);
            }
        for (q = 0; q < m; q++)
            if (pin[q]) {
                gsl_matrix_set(K, i, q, 1.0);
                gsl_matrix_set(K, q, i, 1.0);
                i++;
            }
        if (gsl_linalg_LU_decomp(K, &perm, &signum) != 0)
            break;
        /*
         * A zero pivot would make LU_solve report "singular" through the
         * GSL error handler: check first (a face with a redundant
         * equality, e.g. a pinned coordinate that a red line also fixes).
         */
        for (i = 0; i < n; i++)
            if (!(fabs(gsl_matrix_get(K, i, i)) > 1e-300))
                break;
        if (i < n || gsl_linalg_LU_solve(K, &perm, rhs, sol) != 0)
            break;
        /* Cut the step back so that no sign changes (stay on the face). */
        for (q = 0; q < m; q++) {
            double dx = gsl_vector_get(sol, q), lim;

            if (pin[q] || dx == 0.0 || !isfinite(dx))
                continue;
            lim = dx > 0 ? (100.0 - x[q]) / dx : -x[q] / dx;
            for (a = 0; a < b->n_actors; a++) {
                double gap = b->pos[a * m + q] - x[q];

                if (k->col_z[a] && b->sal[a * m + q] > 0.0 && gap / dx > 0.0 &&
                    gap / dx < lim)
                    lim = gap / dx;
            }
            if (lim < t)
                t = lim;
        }
        for (q = 0; q < m; q++)
            g[q] = x[q] + t * gsl_vector_get(sol, q);
        if (!(nash_value(k, b, g) > f0))
            break;
        for (r = 0; r < b->n_limits; r++)
            if (dt__bargain_at_table(b, b->limits[r].actor) &&
                dt_limit_crossed(b, r, g))
                goto out;
        /* Nor may it leave a ratifier worse off than no deal. */
        for (a = 0; a < b->n_actors; a++)
            if (dt__bargain_at_table(b, a) && !dt__bargain_bargains(b, a) &&
                dt_bargain_utility(b, a, g) - b->no_deal[a] < -1e-9)
                goto out;
        memcpy(x, g, m * sizeof *x);
        if (nash_value(k, b, x) > k->best_val) {
            k->best_val = nash_value(k, b, x);
            memcpy(k->best, x, m * sizeof *x);
        }
    }
out:
    dt__free(al, kbuf, (n * n + 2 * n) * sizeof *kbuf);
    dt__free(al, pbuf, n * sizeof *pbuf);
    dt__free(al, row, (b->n_limits + m + 1) * sizeof *row);
    dt__free(al, pin, (m + 1) * sizeof *pin);
    dt__free(al, x, (m + 1) * sizeof *x);
    dt__free(al, g, (m + 1) * sizeof *g);
    dt__free(al, grad, (m + 1) * sizeof *grad);
    return rc;
}

/* Among points keeping every surplus at its optimum, the one nearest ref. */
static void tiebreak(struct kelley *k, const dt_bargain *b, double *out)
{
    size_t a;

    for (a = 0; a < b->n_actors; a++) {
        double u;

        if (!k->col_z[a])
            continue;
        u = dt_bargain_utility(b, a, k->best) - b->no_deal[a];
        glp_set_row_bnds(k->lp.P, k->lp.row_surplus[a], GLP_LO,
                         b->no_deal[a] + u - 1e-9 * (1.0 + fabs(u)), 0.0);
    }
    if (dt__lp_tiebreak(&k->lp, b) == GLP_OPT)
        dt__lp_point(&k->lp, out);
    else
        memcpy(out, k->best, b->n_issues * sizeof *out);
}

dt_status dt_deal_solve(const dt_bargain *b, const dt_zone *z, dt_deal *d,
                        dt_error *err)
{
    struct kelley k;
    dt_status rc;
    size_t a;
    double upper = INFINITY;
    unsigned it;

    rc = dt__bargain_check(b, err);
    if (rc != DT_OK)
        return rc;
    if (!d || !z || d->n_actors != b->n_actors || d->n_issues != b->n_issues ||
        !d->point)
        return dt__error_set(err, DT_EINVAL,
                             "deal not initialised for this problem");
    d->found = 0;
    d->objective = NAN;
    d->gap = NAN;
    d->iterations = 0;
    if (z->status != DT_ZONE_SOLVED || !z->feasible)
        return DT_OK; /* no zone, no deal */
    memset(&k, 0, sizeof k);
    rc = setup(&k, b, z, err);
    if (rc != DT_OK)
        goto out;
    for (it = 1; it <= DEAL_MAX_ITER; it++) {
        double v;
        int st = dt__lp_solve(&k.lp);

        d->iterations = it;
        if (st != GLP_OPT && it > 1) {
            /* Numerical trouble late in the loop: keep the best point. */
            break;
        }
        if (st != GLP_OPT) {
            rc = dt__error_set(err, DT_EINTERNAL,
                               "GLPK could not solve the Nash cut program "
                               "(status %d)",
                               st);
            goto out;
        }
        upper = glp_get_obj_val(k.lp.P);
        dt__lp_point(&k.lp, k.x);
        v = nash_value(&k, b, k.x);
        if (v > k.best_val) {
            k.best_val = v;
            memcpy(k.best, k.x, b->n_issues * sizeof *k.x);
        }
        if (upper - k.best_val <= DEAL_GAP)
            break;
        for (a = 0; a < b->n_actors; a++) {
            double u;

            if (!k.col_z[a])
                continue;
            /* Cut at the LP's own surplus: it separates the LP point. */
            u = glp_get_row_prim(k.lp.P, k.lp.row_surplus[a]) - b->no_deal[a];
            /*
             * Any tangent is a valid cut; keep its slope 1/u0 moderate
             * so the LP stays well scaled.
             */
            if (!(u > 1e-4 * z->surplus))
                u = 1e-4 * z->surplus;
            add_cut(&k, b, a, u);
        }
    }
    d->gap = upper - k.best_val;
    if (d->gap > DEAL_GAP)
        rc = DT_NOT_CONVERGED;
    if (polish(&k, b) != DT_OK) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    tiebreak(&k, b, d->point);
    for (a = 0; a < b->n_actors; a++)
        d->gain[a] = dt_bargain_utility(b, a, d->point) - b->no_deal[a];
    d->objective = nash_value(&k, b, d->point);
    d->found = 1;
out:
    dt__lp_release(&k.lp);
    dt__free(b->alloc, k.col_z, (b->n_actors + 1) * sizeof *k.col_z);
    dt__free(b->alloc, k.w, (b->n_actors + 1) * sizeof *k.w);
    dt__free(b->alloc, k.x, b->n_issues * sizeof *k.x);
    dt__free(b->alloc, k.best, b->n_issues * sizeof *k.best);
    return rc;
}
