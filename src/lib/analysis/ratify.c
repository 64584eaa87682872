/*
 * Ratification of the proposal (docs/analysis.md, "Ratification"): a
 * two-level game (Putnam 1988) whose Level II is the ratifiers. A ratifier
 * outside any body is a veto player (Tsebelis 2002) and constrains the
 * zone in the LP (problem.c); a body votes on the proposal by weighted
 * quota, and its pivot is found here.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "analysis_int.h"

/* Whether member j ranks before member k: supporters, gain, order. */
static int ranks_before(const int *sup, const double *gain, size_t j, size_t k)
{
    if ((sup[j] != 0) != (sup[k] != 0))
        return sup[j] != 0;
    if (gain[j] != gain[k])
        return gain[j] > gain[k];
    return j < k;
}

int dt_body_vote_solve(size_t n, const double *w, const int *sup,
                       const double *gain, double quota, size_t *pivot,
                       double *yes)
{
    double y = 0.0, tol = 1e-12 * (fabs(quota) + 1.0);
    size_t j, k, pv = 0;

    /*
     * The pivot is the member k whose predecessors in the ranking weigh
     * less than the quota while they and k reach it (the weighted median
     * voter when the quota is half the weight; Krehbiel 1998's pivot).
     * Summing in member order keeps the result independent of ranking
     * ties in floating point.
     */
    for (k = 0; k < n; k++) {
        double before = 0.0;

        for (j = 0; j < n; j++)
            if (j != k && ranks_before(sup, gain, j, k))
                before += w[j];
        if (before < quota - tol && before + w[k] >= quota - tol)
            pv = k;
        if (sup[k])
            y += w[k];
    }
    if (pivot)
        *pivot = pv;
    if (yes)
        *yes = y;
    return n > 0 && y >= quota - tol;
}

/*
 * Whether actor a accepts the proposal as a ratifier: no red line crossed
 * and no worse off than with no deal. Indifference counts as acceptance
 * (the win-set is closed, as the zone's rows U_r - D_r >= 0 are), unlike
 * `supports`, which asks for a strict gain.
 */
static int accepts(const dt_analysis_run *r, size_t a)
{
    return r->crossed[a] == 0 && r->gain[a] >= -DT_ZONE_TOL;
}

dt_status dt__run_ratify(dt_analysis_run *r, const dt_scenario *sc,
                         dt_error *err)
{
    size_t nb = dt_scenario_n_bodies(sc), i, k, a, nm = 0;
    double *gain = NULL;
    int *sup = NULL;
    int all = 1;

    r->n_ratifiers = 0;
    for (a = 0; a < r->n_actors; a++)
        if (dt_scenario_actor(sc, a)->role == DT_ROLE_RATIFIER) {
            r->n_ratifiers++;
            /* A lone ratifier must support it (it holds a veto). */
            if (r->proposal && dt_scenario_body_of(sc, a) == (size_t)-1 &&
                !accepts(r, a))
                all = 0;
        }
    r->ratified = r->n_ratifiers == 0 || !r->proposal ? -1 : 1;
    if (nb == 0 || !r->proposal) {
        if (r->ratified == 1)
            r->ratified = all;
        return DT_OK;
    }
    for (i = 0; i < nb; i++)
        if (dt_scenario_body(sc, i)->n_members > nm)
            nm = dt_scenario_body(sc, i)->n_members;
    r->votes = dt__calloc(r->alloc, nb, sizeof *r->votes);
    gain = dt__calloc(r->alloc, nm + 1, sizeof *gain);
    sup = dt__calloc(r->alloc, nm + 1, sizeof *sup);
    if (!r->votes || !gain || !sup) {
        dt__free(r->alloc, r->votes, nb * sizeof *r->votes);
        r->votes = NULL;
        dt__free(r->alloc, gain, (nm + 1) * sizeof *gain);
        dt__free(r->alloc, sup, (nm + 1) * sizeof *sup);
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    r->n_votes = nb;
    for (i = 0; i < nb; i++) {
        const dt_body *b = dt_scenario_body(sc, i);
        dt_body_vote *v = &r->votes[i];
        size_t pv = 0;

        v->body = i;
        v->quota = b->quota;
        v->total = 0.0;
        for (k = 0; k < b->n_members; k++) {
            gain[k] = r->gain[b->members[k]];
            sup[k] = accepts(r, b->members[k]);
            v->total += b->weights[k];
        }
        v->ratified = dt_body_vote_solve(b->n_members, b->weights, sup, gain,
                                         b->quota, &pv, &v->yes);
        v->pivot = b->members[pv];
        v->margin = v->yes - v->quota;
        if (!v->ratified)
            all = 0;
    }
    r->ratified = all;
    dt__free(r->alloc, gain, (nm + 1) * sizeof *gain);
    dt__free(r->alloc, sup, (nm + 1) * sizeof *sup);
    return DT_OK;
}

/* snprintf-like appending: writes what fits, counts everything. */
static void rput(char *buf, size_t n, size_t *len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void rput(char *buf, size_t n, size_t *len, const char *fmt, ...)
{
    va_list ap;
    int k;

    va_start(ap, fmt);
    if (*len < n)
        k = vsnprintf(buf + *len, n - *len, fmt, ap);
    else
        k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (k > 0)
        *len += (size_t)k;
}

size_t dt_analysis_ratification(const dt_scenario *sc, const dt_analysis_run *r,
                                char *buf, size_t n)
{
    size_t len = 0, a, i, no = 0;

    if (n > 0)
        buf[0] = '\0';
    if (r->n_ratifiers == 0) {
        rput(buf, n, &len, "no ratifier");
        return len;
    }
    if (!r->proposal) {
        rput(buf, n, &len, "nothing to ratify: no proposal");
        return len;
    }
    rput(buf, n, &len, "%s", r->ratified == 1 ? "ratified" : "not ratified");
    for (a = 0; a < r->n_actors; a++) {
        const dt_actor *ac = dt_scenario_actor(sc, a);

        if (ac->role != DT_ROLE_RATIFIER ||
            dt_scenario_body_of(sc, a) != (size_t)-1 || accepts(r, a))
            continue;
        rput(buf, n, &len, "%s %s vetoes (gain %.3g%s)", no++ ? ";" : ":",
             ac->id, r->gain[a], r->crossed[a] ? ", red line crossed" : "");
    }
    for (i = 0; i < r->n_votes; i++) {
        const dt_body_vote *v = &r->votes[i];
        const dt_body *b = dt_scenario_body(sc, v->body);

        rput(buf, n, &len,
             "%s %s %s (%.4g of %.4g in favour, quota %.4g; pivot %s, gain "
             "%.3g)",
             no++ ? ";" : ":", b->id, v->ratified ? "ratifies" : "rejects",
             v->yes, v->total, v->quota, dt_scenario_actor(sc, v->pivot)->id,
             r->gain[v->pivot]);
    }
    return len;
}
