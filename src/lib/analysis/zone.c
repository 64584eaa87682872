/*
 * Zone of possible agreement: the max-min surplus linear program over the
 * table actors (docs/analysis.md, "Zone"), solved with GLPK's simplex;
 * binding actors and red lines read from the duals; contradictory red
 * lines located with an elastic program.
 */
#include <math.h>
#include <string.h>

#include "analysis_int.h"

dt_status dt_zone_init(dt_zone *z, size_t n_actors, size_t n_issues,
                       size_t n_limits, const dt_allocator *alloc)
{
    memset(z, 0, sizeof *z);
    z->alloc = alloc;
    z->n_actors = n_actors;
    z->n_issues = n_issues;
    z->n_limits = n_limits;
    z->surplus = NAN;
    /* Sizes as dt_zone_release recomputes them. */
    z->point = dt__calloc(alloc, n_issues + 1, sizeof *z->point);
    z->gain = dt__calloc(alloc, n_actors + 1, sizeof *z->gain);
    z->price = dt__calloc(alloc, n_actors + 1, sizeof *z->price);
    z->binding = dt__calloc(alloc, n_actors + 1, sizeof *z->binding);
    z->limit_price = dt__calloc(alloc, n_limits + 1, sizeof *z->limit_price);
    z->limit_binding =
        dt__calloc(alloc, n_limits + 1, sizeof *z->limit_binding);
    if (!z->point || !z->gain || !z->price || !z->binding || !z->limit_price ||
        !z->limit_binding) {
        dt_zone_release(z);
        return DT_ENOMEM;
    }
    return DT_OK;
}

void dt_zone_release(dt_zone *z)
{
    if (!z)
        return;
    dt__free(z->alloc, z->point, (z->n_issues + 1) * sizeof *z->point);
    dt__free(z->alloc, z->gain, (z->n_actors + 1) * sizeof *z->gain);
    dt__free(z->alloc, z->price, (z->n_actors + 1) * sizeof *z->price);
    dt__free(z->alloc, z->binding, (z->n_actors + 1) * sizeof *z->binding);
    dt__free(z->alloc, z->limit_price,
             (z->n_limits + 1) * sizeof *z->limit_price);
    dt__free(z->alloc, z->limit_binding,
             (z->n_limits + 1) * sizeof *z->limit_binding);
    memset(z, 0, sizeof *z);
}

static void reset(dt_zone *z)
{
    z->status = DT_ZONE_SOLVED;
    z->feasible = 0;
    z->surplus = NAN;
    memset(z->price, 0, z->n_actors * sizeof *z->price);
    memset(z->binding, 0, z->n_actors * sizeof *z->binding);
    memset(z->limit_price, 0, z->n_limits * sizeof *z->limit_price);
    memset(z->limit_binding, 0, z->n_limits * sizeof *z->limit_binding);
}

static void fill_gains(const dt_bargain *b, dt_zone *z)
{
    size_t a;

    for (a = 0; a < b->n_actors; a++)
        z->gain[a] = dt_bargain_utility(b, a, z->point) - b->no_deal[a];
}

/* A row is binding when it is tight and its shadow price is not zero. */
static int row_binding(glp_prob *P, int r, double *price)
{
    double dual = glp_get_row_dual(P, r);
    double act = glp_get_row_prim(P, r);
    double lo = glp_get_row_lb(P, r), hi = glp_get_row_ub(P, r);
    int type = glp_get_row_type(P, r), tight = 0;

    if (type != GLP_UP && fabs(act - lo) <= DT__AN_SLACK_TOL * (1 + fabs(lo)))
        tight = 1;
    if (type != GLP_LO && fabs(act - hi) <= DT__AN_SLACK_TOL * (1 + fabs(hi)))
        tight = 1;
    *price = fabs(dual);
    return tight && fabs(dual) > DT__AN_DUAL_TOL;
}

/* Whether the table red lines flagged in `use` admit a point in the box. */
static int rows_feasible(const dt_bargain *b, const int *use, int *ind,
                         double *val)
{
    glp_prob *P = glp_create_prob();
    glp_smcp parm;
    int col_x, ok;
    size_t k, q;

    col_x = glp_add_cols(P, (int)b->n_issues);
    for (q = 0; q < b->n_issues; q++)
        glp_set_col_bnds(P, col_x + (int)q, GLP_DB, 0.0, 100.0);
    for (k = 0; k < b->n_limits; k++) {
        const dt_limit *l = &b->limits[k];
        int n = 0, r, type;

        if (!use[k])
            continue;
        if (l->has_at_least && l->has_at_most && l->at_least > l->at_most) {
            glp_delete_prob(P);
            return 0; /* self-contradictory */
        }
        for (q = 0; q < b->n_issues; q++)
            if (l->coef[q] != 0.0) {
                n++;
                ind[n] = col_x + (int)q;
                val[n] = l->coef[q];
            }
        if (l->has_at_least && l->has_at_most)
            type = l->at_least == l->at_most ? GLP_FX : GLP_DB;
        else
            type = l->has_at_most ? GLP_UP : GLP_LO;
        r = glp_add_rows(P, 1);
        glp_set_mat_row(P, r, n, ind, val);
        glp_set_row_bnds(P, r, type, l->at_least, l->at_most);
    }
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    ok = glp_simplex(P, &parm) == 0 && glp_get_status(P) == GLP_OPT;
    glp_delete_prob(P);
    return ok;
}

/*
 * The table actors' red lines admit no point. Find an irreducible
 * conflicting set by the deletion filter (Chinneck & Dravnieks 1991):
 * drop each red line in turn and keep it out when the rest still
 * conflict; what remains conflicts, and every member is needed. The
 * least-violating point (total violation minimised, elastic rows) is
 * reported as z->point.
 */
static dt_status locate_conflict(const dt_bargain *b, dt_zone *z, dt_error *err)
{
    glp_prob *P = glp_create_prob();
    glp_smcp parm;
    int *ind = dt__calloc(b->alloc, b->n_issues + 3, sizeof *ind);
    double *val = dt__calloc(b->alloc, b->n_issues + 3, sizeof *val);
    int *use = dt__calloc(b->alloc, b->n_limits + 1, sizeof *use);
    int col_x, c;
    size_t k, q, n_sets = 0;
    int found;
    dt_status rc = DT_OK;

    if (!ind || !val || !use) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    /*
     * Several independent conflicts are reported one after the other:
     * once a set is found its members leave the pool, and the filter runs
     * again while the rest still conflict. Set s is marked s + 1.
     */
    for (;;) {
        for (k = 0; k < b->n_limits; k++)
            use[k] = !z->limit_binding[k] &&
                     dt__bargain_at_table(b, b->limits[k].actor);
        if (rows_feasible(b, use, ind, val))
            break;
        for (k = 0; k < b->n_limits; k++) {
            if (!use[k])
                continue;
            use[k] = 0;
            if (rows_feasible(b, use, ind, val))
                use[k] = 1; /* needed for the conflict */
        }
        found = 0;
        for (k = 0; k < b->n_limits; k++)
            if (use[k]) {
                z->limit_binding[k] = (int)n_sets + 1;
                found = 1;
            }
        if (!found)
            break; /* cannot happen: the box alone is never empty */
        n_sets++;
    }
    col_x = glp_add_cols(P, (int)b->n_issues);
    for (q = 0; q < b->n_issues; q++)
        glp_set_col_bnds(P, col_x + (int)q, GLP_DB, 0.0, 100.0);
    for (k = 0; k < b->n_limits; k++) {
        const dt_limit *l = &b->limits[k];
        double lo = l->has_at_least ? l->at_least : 0.0;
        double hi = l->has_at_most ? l->at_most : 0.0;
        int n = 0, type, r;

        if (!dt__bargain_at_table(b, l->actor))
            continue;
        for (q = 0; q < b->n_issues; q++)
            if (l->coef[q] != 0.0) {
                n++;
                ind[n] = col_x + (int)q;
                val[n] = l->coef[q];
            }
        c = glp_add_cols(P, 2);
        glp_set_col_bnds(P, c, GLP_LO, 0.0, 0.0);
        glp_set_col_bnds(P, c + 1, GLP_LO, 0.0, 0.0);
        glp_set_obj_coef(P, c, 1.0);
        glp_set_obj_coef(P, c + 1, 1.0);
        ind[n + 1] = c;
        val[n + 1] = 1.0;
        ind[n + 2] = c + 1;
        val[n + 2] = -1.0;
        r = glp_add_rows(P, 1);
        glp_set_mat_row(P, r, n + 2, ind, val);
        if (l->has_at_least && l->has_at_most && lo > hi)
            type = GLP_UP; /* self-contradictory: keep the upper bound */
        else if (l->has_at_least && l->has_at_most)
            type = lo == hi ? GLP_FX : GLP_DB;
        else
            type = l->has_at_most ? GLP_UP : GLP_LO;
        glp_set_row_bnds(P, r, type, lo, hi);
    }
    glp_set_obj_dir(P, GLP_MIN);
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    if (glp_simplex(P, &parm) != 0 || glp_get_status(P) != GLP_OPT) {
        rc = dt__error_set(err, DT_EINTERNAL,
                           "GLPK failed on the red-line conflict program");
        goto out;
    }
    for (q = 0; q < b->n_issues; q++)
        z->point[q] = glp_get_col_prim(P, col_x + (int)q);
out:
    glp_delete_prob(P);
    dt__free(b->alloc, ind, (b->n_issues + 3) * sizeof *ind);
    dt__free(b->alloc, val, (b->n_issues + 3) * sizeof *val);
    dt__free(b->alloc, use, (b->n_limits + 1) * sizeof *use);
    return rc;
}

dt_status dt_zone_solve(const dt_bargain *b, dt_zone *z, dt_error *err)
{
    dt__lp lp;
    dt_status rc;
    size_t a, k;
    int st;
    double t, lo;

    rc = dt__bargain_check(b, err);
    if (rc != DT_OK)
        return rc;
    if (!z || z->n_actors != b->n_actors || z->n_issues != b->n_issues ||
        z->n_limits != b->n_limits || !z->point)
        return dt__error_set(err, DT_EINVAL,
                             "zone not initialised for this problem");
    reset(z);
    if (dt__bargain_n_table(b) == 0) {
        /* Nothing to bargain over: no program, no agreement. */
        z->status = DT_ZONE_NO_TABLE;
        for (k = 0; k < b->n_issues; k++)
            z->point[k] = b->ref ? b->ref[k] : 50.0;
        fill_gains(b, z);
        return DT_OK;
    }
    rc = dt__lp_build(&lp, b, 1, err);
    if (rc != DT_OK)
        return rc;
    /* max t: docs/analysis.md (3). */
    glp_set_obj_dir(lp.P, GLP_MAX);
    glp_set_obj_coef(lp.P, lp.col_t, 1.0);
    st = dt__lp_solve(&lp);
    if (st == GLP_NOFEAS) {
        /* Only red lines can make this program infeasible. */
        z->status = DT_ZONE_RED_LINES;
        rc = locate_conflict(b, z, err);
        if (rc == DT_OK)
            fill_gains(b, z);
        goto out;
    }
    if (st == GLP_UNBND) {
        rc = dt__error_set(err, DT_EINTERNAL,
                           "zone program unbounded (a table actor without "
                           "a surplus row)");
        goto out;
    }
    if (st != GLP_OPT) {
        rc = dt__error_set(err, DT_EINTERNAL,
                           "GLPK could not solve the zone program (status "
                           "%d)",
                           st);
        goto out;
    }
    t = glp_get_obj_val(lp.P);
    z->surplus = t;
    z->feasible = t > DT_ZONE_TOL;
    for (a = 0; a < b->n_actors; a++)
        if (lp.row_surplus[a])
            z->binding[a] = row_binding(lp.P, lp.row_surplus[a], &z->price[a]);
    for (k = 0; k < b->n_limits; k++)
        if (lp.row_limit[k])
            z->limit_binding[k] =
                row_binding(lp.P, lp.row_limit[k], &z->limit_price[k]);
    /*
     * Among the maximisers of t take the point nearest ref (1-norm), so
     * the answer does not depend on the simplex path or actor order.
     */
    dt__lp_point(&lp, z->point);
    lo = t - 1e-9 * (1.0 + fabs(t));
    glp_set_col_bnds(lp.P, lp.col_t, GLP_LO, lo, 0.0);
    st = dt__lp_tiebreak(&lp, b);
    if (st == GLP_OPT)
        dt__lp_point(&lp, z->point);
    fill_gains(b, z);
out:
    dt__lp_release(&lp);
    return rc;
}
