/*
 * The linear program shared by the zone of agreement and the Nash deal:
 * salience-weighted distance utilities linearised with one auxiliary
 * variable per stake (d >= |x - p|), red-line rows and surplus rows,
 * posed to GLPK's simplex. See docs/analysis.md, "Zone".
 */
#include <math.h>
#include <string.h>

#include "analysis_int.h"

int dt__bargain_at_table(const dt_bargain *b, size_t a)
{
    return b->at_table ? b->at_table[a] != 0 : 1;
}

int dt__bargain_bargains(const dt_bargain *b, size_t a)
{
    return b->at_table ? b->at_table[a] == 1 : 1;
}

size_t dt__bargain_n_table(const dt_bargain *b)
{
    size_t a, n = 0;

    for (a = 0; a < b->n_actors; a++)
        n += (size_t)dt__bargain_bargains(b, a);
    return n;
}

double dt_bargain_utility(const dt_bargain *b, size_t a, const double *x)
{
    double u = 0.0;
    size_t q;

    /* U_a(x) = -sum_q (s_aq / 100) |x_q - p_aq|: docs/analysis.md (1). */
    for (q = 0; q < b->n_issues; q++) {
        double s = b->sal[a * b->n_issues + q];

        if (s > 0.0)
            u -= s / 100.0 * fabs(x[q] - b->pos[a * b->n_issues + q]);
    }
    return u;
}

int dt_limit_crossed(const dt_bargain *b, size_t k, const double *x)
{
    const dt_limit *l = &b->limits[k];
    double v = 0.0, tol = 1e-7;
    size_t q;

    for (q = 0; q < b->n_issues; q++)
        v += l->coef[q] * x[q];
    if (l->has_at_most && v > l->at_most + tol * (1.0 + fabs(l->at_most)))
        return 1;
    if (l->has_at_least && v < l->at_least - tol * (1.0 + fabs(l->at_least)))
        return 1;
    return 0;
}

dt_status dt__bargain_check(const dt_bargain *b, dt_error *err)
{
    size_t a, q, k;

    if (!b || (b->n_actors && (!b->pos || !b->sal || !b->no_deal)) ||
        (b->n_limits && !b->limits))
        return dt__error_set(err, DT_EINVAL, "incomplete bargaining problem");
    if (b->n_issues == 0)
        return dt__error_set(err, DT_EINVAL,
                             "bargaining problem has no "
                             "issues");
    for (a = 0; a < b->n_actors; a++) {
        if (!isfinite(b->no_deal[a]))
            return dt__error_set(err, DT_EINVAL,
                                 "no-deal utility of actor %zu is not "
                                 "finite",
                                 a);
        if (b->weight && !(b->weight[a] >= 0.0 && isfinite(b->weight[a])))
            return dt__error_set(err, DT_EINVAL,
                                 "Nash weight of actor %zu is not a finite "
                                 "number >= 0",
                                 a);
        for (q = 0; q < b->n_issues; q++) {
            double p = b->pos[a * b->n_issues + q];
            double s = b->sal[a * b->n_issues + q];

            if (!isfinite(p) || !(s >= 0.0) || !isfinite(s))
                return dt__error_set(err, DT_EINVAL,
                                     "position or salience of actor %zu on "
                                     "issue %zu is not valid",
                                     a, q);
        }
    }
    for (k = 0; k < b->n_limits; k++) {
        const dt_limit *l = &b->limits[k];

        if (l->actor >= b->n_actors || !l->coef ||
            (!l->has_at_most && !l->has_at_least))
            return dt__error_set(err, DT_EINVAL, "red line %zu is malformed",
                                 k);
        for (q = 0; q < b->n_issues; q++)
            if (!isfinite(l->coef[q]))
                return dt__error_set(err, DT_EINVAL,
                                     "red line %zu has a non-finite "
                                     "coefficient",
                                     k);
    }
    return DT_OK;
}

/* Entries of the scratch row ind/val (1-based, with room to spare). */
static size_t lp_width(const dt__lp *lp)
{
    return lp->n_issues * (lp->n_actors + 2) + 4;
}

void dt__lp_release(dt__lp *lp)
{
    const dt_allocator *a = lp->alloc;
    size_t na = lp->n_actors, m = lp->n_issues, w = lp_width(lp);

    if (lp->P)
        glp_delete_prob(lp->P);
    dt__free(a, lp->col_d, (na * m + 1) * sizeof *lp->col_d);
    dt__free(a, lp->row_surplus, (na + 1) * sizeof *lp->row_surplus);
    dt__free(a, lp->row_limit, (lp->n_limits + 1) * sizeof *lp->row_limit);
    dt__free(a, lp->ind, w * sizeof *lp->ind);
    dt__free(a, lp->val, w * sizeof *lp->val);
    memset(lp, 0, sizeof *lp);
}

/* The arrays, with the sizes dt__lp_release frees. */
static int lp_alloc(dt__lp *lp)
{
    const dt_allocator *a = lp->alloc;
    size_t na = lp->n_actors, m = lp->n_issues, w = lp_width(lp);

    lp->col_d = dt__calloc(a, na * m + 1, sizeof *lp->col_d);
    lp->row_surplus = dt__calloc(a, na + 1, sizeof *lp->row_surplus);
    lp->row_limit = dt__calloc(a, lp->n_limits + 1, sizeof *lp->row_limit);
    lp->ind = dt__calloc(a, w, sizeof *lp->ind);
    lp->val = dt__calloc(a, w, sizeof *lp->val);
    return lp->col_d && lp->row_surplus && lp->row_limit && lp->ind && lp->val;
}

/* Add one row (1-based ind/val with n entries) with GLPK bounds. */
static int add_row(dt__lp *lp, int n, int type, double lo, double hi)
{
    int r = glp_add_rows(lp->P, 1);

    glp_set_mat_row(lp->P, r, n, lp->ind, lp->val);
    glp_set_row_bnds(lp->P, r, type, lo, hi);
    return r;
}

static void add_stakes(dt__lp *lp, const dt_bargain *b)
{
    size_t a, q, m = b->n_issues;

    for (a = 0; a < b->n_actors; a++) {
        if (!dt__bargain_at_table(b, a))
            continue;
        for (q = 0; q < m; q++) {
            double p = b->pos[a * m + q];
            int c;

            if (!(b->sal[a * m + q] > 0.0))
                continue;
            c = glp_add_cols(lp->P, 1);
            glp_set_col_bnds(lp->P, c, GLP_LO, 0.0, 0.0);
            lp->col_d[a * m + q] = c;
            /* d - x >= -p and d + x >= p: d >= |x - p|. */
            lp->ind[1] = c;
            lp->val[1] = 1.0;
            lp->ind[2] = lp->col_x + (int)q;
            lp->val[2] = -1.0;
            add_row(lp, 2, GLP_LO, -p, 0.0);
            lp->val[2] = 1.0;
            add_row(lp, 2, GLP_LO, p, 0.0);
        }
    }
}

static void add_limits(dt__lp *lp, const dt_bargain *b)
{
    size_t k, q;

    for (k = 0; k < b->n_limits; k++) {
        const dt_limit *l = &b->limits[k];
        int n = 0, type;

        if (!dt__bargain_at_table(b, l->actor))
            continue;
        for (q = 0; q < b->n_issues; q++)
            if (l->coef[q] != 0.0) {
                n++;
                lp->ind[n] = lp->col_x + (int)q;
                lp->val[n] = l->coef[q];
            }
        if (l->has_at_most && l->has_at_least)
            type = l->at_least == l->at_most ? GLP_FX : GLP_DB;
        else
            type = l->has_at_most ? GLP_UP : GLP_LO;
        if (type == GLP_DB && l->at_least > l->at_most) {
            /*
             * An actor contradicting itself: GLPK would reject the bounds,
             * so pose it as the empty row 0 >= 1 instead.
             */
            n = 0;
            type = GLP_LO;
            lp->row_limit[k] = add_row(lp, 0, type, 1.0, 0.0);
            continue;
        }
        lp->row_limit[k] = add_row(lp, n, type, l->at_least, l->at_most);
    }
}

static void add_surplus(dt__lp *lp, const dt_bargain *b)
{
    size_t a, q, m = b->n_issues;

    for (a = 0; a < b->n_actors; a++) {
        int n = 0;

        if (!dt__bargain_at_table(b, a))
            continue;
        /* u_a = -sum_q w_aq d_aq - D_a >= t: docs/analysis.md (3). */
        for (q = 0; q < m; q++)
            if (lp->col_d[a * m + q]) {
                n++;
                lp->ind[n] = lp->col_d[a * m + q];
                lp->val[n] = -b->sal[a * m + q] / 100.0;
            }
        if (lp->col_t) {
            n++;
            lp->ind[n] = lp->col_t;
            lp->val[n] = -1.0;
        }
        lp->row_surplus[a] = add_row(lp, n, GLP_LO, b->no_deal[a], 0.0);
    }
}

dt_status dt__lp_build(dt__lp *lp, const dt_bargain *b, int with_t,
                       dt_error *err)
{
    size_t q;

    memset(lp, 0, sizeof *lp);
    lp->alloc = b->alloc;
    lp->n_actors = b->n_actors;
    lp->n_issues = b->n_issues;
    lp->n_limits = b->n_limits;
    if (!lp_alloc(lp)) {
        dt__lp_release(lp);
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    lp->P = glp_create_prob();
    lp->col_x = glp_add_cols(lp->P, (int)b->n_issues);
    for (q = 0; q < b->n_issues; q++)
        glp_set_col_bnds(lp->P, lp->col_x + (int)q, GLP_DB, 0.0, 100.0);
    if (with_t) {
        lp->col_t = glp_add_cols(lp->P, 1);
        glp_set_col_bnds(lp->P, lp->col_t, GLP_FR, 0.0, 0.0);
    }
    add_stakes(lp, b);
    add_limits(lp, b);
    add_surplus(lp, b);
    return DT_OK;
}

int dt__lp_solve(dt__lp *lp)
{
    glp_smcp parm;
    int rc;

    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF; /* the library never prints */
    parm.meth = GLP_DUALP;
    /*
     * Tighter than GLPK's 1e-7 defaults: the Nash loop compares bounds to
     * 1e-9, which the default primal tolerance would drown.
     */
    parm.tol_bnd = 1e-10;
    parm.tol_dj = 1e-10;
    rc = glp_simplex(lp->P, &parm);
    if (rc != 0) {
        /*
         * Retry from a fresh basis: cuts can leave an awkward one.
         * glp_adv_basis takes no message level and reports through
         * GLPK's terminal output, which is turned off around the call
         * and restored (the setting is per thread in GLPK).
         */
        int term = glp_term_out(GLP_OFF);

        glp_adv_basis(lp->P, 0);
        glp_term_out(term);
        parm.meth = GLP_PRIMAL;
        rc = glp_simplex(lp->P, &parm);
        if (rc != 0)
            return -1;
    }
    return glp_get_status(lp->P);
}

void dt__lp_point(const dt__lp *lp, double *x)
{
    size_t q;

    for (q = 0; q < lp->n_issues; q++) {
        double v = glp_get_col_prim(lp->P, lp->col_x + (int)q);

        /* Clamp simplex round-off back into the box. */
        x[q] = v < 0.0 ? 0.0 : (v > 100.0 ? 100.0 : v);
    }
}

int dt__lp_tiebreak(dt__lp *lp, const dt_bargain *b)
{
    int ncols = glp_get_num_cols(lp->P), c;
    size_t q;

    for (c = 1; c <= ncols; c++)
        glp_set_obj_coef(lp->P, c, 0.0);
    lp->col_e = glp_add_cols(lp->P, (int)b->n_issues);
    for (q = 0; q < b->n_issues; q++) {
        double r = b->ref ? b->ref[q] : 50.0;
        int e = lp->col_e + (int)q;

        glp_set_col_bnds(lp->P, e, GLP_LO, 0.0, 0.0);
        glp_set_obj_coef(lp->P, e, 1.0);
        lp->ind[1] = e;
        lp->val[1] = 1.0;
        lp->ind[2] = lp->col_x + (int)q;
        lp->val[2] = -1.0;
        add_row(lp, 2, GLP_LO, -r, 0.0);
        lp->val[2] = 1.0;
        add_row(lp, 2, GLP_LO, r, 0.0);
    }
    glp_set_obj_dir(lp->P, GLP_MIN);
    return dt__lp_solve(lp);
}
