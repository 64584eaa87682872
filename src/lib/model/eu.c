/*
 * The expected-utility ("group decision") model of Bueno de Mesquita
 * (BDM 1985, "The war trap revisited", APSR 79(1); BDM 1994, in Bueno de
 * Mesquita and Stokman, "European Community Decision Making", ch. 4), as
 * made explicit by Scholz, Calbert and Smith (2011), "Unravelling Bueno de
 * Mesquita's group decision model", J. Theoretical Politics 23(4). Each
 * round: a risk phase (spec section 6), an offer phase (section 7), then
 * the stopping tests (section 8). "spec N" is the subsection of
 * docs/models.md marked "(spec N)", which gives the equations, and every
 * option. The vote sums behind the probabilities (spec 4) come from the
 * vectorised pair kernel in eu_kernel.c.
 */
#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "model/model_int.h"

/*
 * Workspace, carved from the single block dt_model_new() allocates (see
 * eu_carve). Arrays of n hold one value per actor in line order; tables
 * are n x n row-major with stride n (the line's n, within room for
 * n_max).
 */
typedef struct eu_ws {
    dt_model_opts o;    /* options, copied at init: step() has no opts */
    size_t n;           /* actors on the line */
    double delta;       /* Delta: max - min of the initial x (spec 1) */
    unsigned round;     /* rounds played */
    unsigned hist_rows; /* rows of hist, hmean, hmedian: max_rounds + 1 */
    int keep_hist;      /* cycle detection on: hist holds every state */
    int have_detail;    /* a round has been played since init */
    dt_stop stop;       /* why the run stopped, DT_STOP_NONE meanwhile */
    unsigned period;    /* cycle period when stop == DT_STOP_CYCLE */
    double mean;        /* weighted mean of the current x */
    double median;      /* weighted median of the current x */
    double f_mean;      /* forecast mean (averaged over a cycle) */
    double f_median;    /* forecast median (averaged over a cycle) */
    /* Detail of the last round (dt_eu_last_round). */
    double mu;        /* weighted median at the start of the round */
    double den_risk;  /* global DEN of the risk phase, NaN with pair */
    double den_offer; /* global DEN of the offer phase, NaN with pair */
    size_t n_offers;  /* accepted offers in the last round */
    /* Per-actor arrays (n). */
    double *x;           /* current positions */
    double *x_prev;      /* positions at the start of the last round */
    double *c;           /* capabilities */
    double *s;           /* saliences on [0, 1] */
    double *w;           /* vote weights c_k s_k (spec 4) */
    double *r;           /* risk exponents r_i of the last round */
    double *danger;      /* D_i of the last risk phase */
    double *risk;        /* R_i of the last risk phase */
    double *col;         /* scratch: one voter's column of ut */
    size_t *idx;         /* scratch for the weighted median's sort */
    size_t *rep;         /* first actor at the same position, per actor */
    size_t *uniq;        /* the distinct representatives, ascending */
    size_t n_uniq;       /* entries in uniq */
    size_t *uix;         /* per actor: index of its position in uniq */
    double *urow;        /* 2n scratch: U_s, U_f per distinct position */
    double *uv;          /* packed ut of the distinct positions (fill_p) */
    dt_eu_offer *offers; /* accepted offers of the last round */
    /* Tables (n x n). */
    double *ut;         /* ut[p*n + k] = (|x_k - x_p| / Delta)^r_k */
    double *p;          /* P(x_i beats x_j), risk then offer phase */
    double *eu_ij;      /* EU^i(ij) */
    double *eu_ji;      /* EU^i(ji) */
    double *new_pos;    /* where i goes on j's offer, NaN if no offer */
    unsigned char *cls; /* dt_eu_class of j's offer to i */
    /* Only with risk_range = positions (NULL otherwise). */
    double *num1; /* risk phase numerators sum_k max(0, v_k(a, b)) */
    double *sum1; /* risk phase pair sums sum_k |v_k(a, b)| */
    double *h;    /* global only: h[k*n + m] = sum_q |u_k(m) - u_k(q)| */
    double *g;    /* global only: g[k] = sum_m h[k*n + m] */
    /* History for cycles and their averages (hist_rows rows). */
    double *hist;    /* row t = positions after round t (keep_hist) */
    double *hmean;   /* weighted mean after round t */
    double *hmedian; /* weighted median after round t */
} eu_ws;

/* ---- Workspace layout ------------------------------------------------ */

#define EU_ALIGN ((size_t)16)

static size_t add_sat(size_t a, size_t b)
{
    return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

static size_t mul_sat(size_t a, size_t b)
{
    return (b != 0 && a > SIZE_MAX / b) ? SIZE_MAX : a * b;
}

static size_t align_sat(size_t v)
{
    size_t up = add_sat(v, EU_ALIGN - 1);

    return up == SIZE_MAX ? SIZE_MAX : up & ~(EU_ALIGN - 1);
}

/* Bump pointer over the workspace; base is NULL when only sizing. */
typedef struct eu_carver {
    unsigned char *base; /* start of the workspace, or NULL */
    size_t off;          /* bytes taken so far, aligned; SIZE_MAX = overflow */
} eu_carver;

static void *carve(eu_carver *cv, size_t count, size_t size)
{
    void *p = cv->base ? cv->base + cv->off : NULL;

    cv->off = align_sat(add_sat(cv->off, mul_sat(count, size)));
    return p;
}

/*
 * The one description of the layout, used both to size the block
 * (w == NULL) and to place the arrays in it. Sizes depend on the options:
 * the state history only exists when cycles are detected, the risk-range
 * tables only for risk_range = positions. Saturates at SIZE_MAX, so an
 * absurd n makes the allocation fail with DT_ENOMEM instead of wrapping.
 */
static size_t eu_carve(eu_ws *w, size_t n, const dt_model_opts *o)
{
    eu_carver cv = {(unsigned char *)w, align_sat(sizeof(eu_ws))};
    size_t nn = mul_sat(n, n);
    size_t rows = (size_t)o->max_rounds + 1;
    int keep_hist = o->cycle_detect && !o->exact_rounds;
    int positions = o->risk_range == DT_EU_RISK_POSITIONS;
    int global = o->denominator == DT_EU_DEN_GLOBAL;
    eu_ws tmp;

    if (!w)
        w = &tmp;
    w->x = carve(&cv, n, sizeof(double));
    w->x_prev = carve(&cv, n, sizeof(double));
    w->c = carve(&cv, n, sizeof(double));
    w->s = carve(&cv, n, sizeof(double));
    w->w = carve(&cv, n, sizeof(double));
    w->r = carve(&cv, n, sizeof(double));
    w->danger = carve(&cv, n, sizeof(double));
    w->risk = carve(&cv, n, sizeof(double));
    w->col = carve(&cv, n, sizeof(double));
    w->ut = carve(&cv, nn, sizeof(double));
    w->p = carve(&cv, nn, sizeof(double));
    w->eu_ij = carve(&cv, nn, sizeof(double));
    w->eu_ji = carve(&cv, nn, sizeof(double));
    w->new_pos = carve(&cv, nn, sizeof(double));
    w->num1 = positions ? carve(&cv, nn, sizeof(double)) : NULL;
    w->sum1 = positions ? carve(&cv, nn, sizeof(double)) : NULL;
    w->h = positions && global ? carve(&cv, nn, sizeof(double)) : NULL;
    w->g = positions && global ? carve(&cv, n, sizeof(double)) : NULL;
    w->hist = keep_hist ? carve(&cv, mul_sat(rows, n), sizeof(double)) : NULL;
    w->hmean = carve(&cv, rows, sizeof(double));
    w->hmedian = carve(&cv, rows, sizeof(double));
    w->idx = carve(&cv, n, sizeof(size_t));
    w->rep = carve(&cv, n, sizeof(size_t));
    w->uniq = carve(&cv, n, sizeof(size_t));
    w->uix = carve(&cv, n, sizeof(size_t));
    w->urow = carve(&cv, mul_sat(n, 2), sizeof(double));
    /* n rows of at most n_max rounded up to whole blocks, plus room to
     * align the start to 64 bytes (a cache line, the widest vector). */
    w->uv = carve(&cv,
                  add_sat(mul_sat(n, add_sat(n, DT__EU_LANES_MAX - 1) /
                                         DT__EU_LANES_MAX * DT__EU_LANES_MAX),
                          8),
                  sizeof(double));
    if (cv.base)
        w->uv = (double *)(((uintptr_t)w->uv + 63) & ~(uintptr_t)63);
    w->offers = carve(&cv, n, sizeof(dt_eu_offer));
    w->cls = carve(&cv, nn, 1);
    return cv.off;
}

static size_t eu_ws_size(size_t n, const dt_model_opts *o)
{
    return eu_carve(NULL, n, o);
}

/* ---- Utilities and expected utility (spec sections 3 and 5) ----------- */

/*
 * pow with two exact shortcuts, so results are unchanged: pow(b, 1) == b
 * in IEEE arithmetic, so the risk phase (all r = 1) costs no pow calls;
 * pow(+0, e) == +0 for e > 0 (C17 F.10.4.4), the distance of an actor to
 * its own position.
 */
static double powr(double b, double e)
{
    if (e == 1.0)
        return b;
    if (b == 0.0 && !signbit(b) && e > 0.0)
        return 0.0;
    return pow(b, e);
}

/* Success: U_s = 2 - 4 (0.5 - 0.5 d)^r (spec 3; BDM 1985, 1994). */
static double u_success(double d, double r)
{
    return 2.0 - 4.0 * powr(0.5 - 0.5 * d, r);
}

/* Failure: U_f = 2 - 4 (0.5 + 0.5 d)^r (spec 3). */
static double u_failure(double d, double r)
{
    return 2.0 - 4.0 * powr(0.5 + 0.5 * d, r);
}

/* Status quo: U_sq = 2 - 4 (0.5)^r, zero when r = 1 (spec 3). */
static double u_status_quo(double r)
{
    return 2.0 - 4.0 * powr(0.5, r);
}

/*
 * EU^p(a->b) without the (1 - Q) term (spec 5; BDM 1994; Scholz et al.
 * 2011):
 * s_b [P U_s + (1 - P) U_f] + (1 - s_b) U_s - Q U_sq. The order of the
 * operations is the replication's: it is part of the bit-exact contract.
 */
static double eu_core(double sb, double p, double us, double uf, double q,
                      double usq)
{
    return sb * (p * us + (1.0 - p) * uf) + (1.0 - sb) * us - q * usq;
}

/*
 * The paper's (1 - Q) [T U_b + (1 - T) U_w] (spec 3 and 5; BDM 1985,
 * 1994): if a does not challenge, the status quo may still change, for
 * the better (T = 1, when a is nearer the median mu than b) or the worse.
 * Distances are normalised by Delta; since all positions stay in the
 * initial hull, 0.5 -/+ 0.25 t stays on [0, 1].
 */
static double eu_change_term(double xa, double xb, double mu, double delta,
                             double r, double q)
{
    double dmu = fabs(xa - mu), dab = fabs(xa - xb);
    double t = (dmu + dab) / delta;
    double u = dmu < dab ? 2.0 - 4.0 * powr(0.5 - 0.25 * t, r)
                         : 2.0 - 4.0 * powr(0.5 + 0.25 * t, r);

    return (1.0 - q) * u;
}

/* ---- Probabilities (spec section 4) ---------------------------------- */

/*
 * ut[p*n + k] = (|x_k - x_p| / Delta)^r_k: each voter's normalised
 * distance to each position, raised to the voter's exponent, computed
 * once per phase (spec 10). Stored position-major so the voter loop of a
 * probability reads two contiguous rows.
 */
static void fill_ut(eu_ws *w, const double *x, const double *r)
{
    size_t n = w->n, k, q, u;

    /*
     * Actors at one position have equal rows (and equal vote sums in
     * fill_p): each distinct position is computed once and copied, which
     * gives the same bits, as the computation is the same. Bargaining
     * gathers actors on few positions, so later rounds get cheaper.
     */
    w->n_uniq = 0;
    for (q = 0; q < n; q++) {
        for (u = 0; u < w->n_uniq && x[w->uniq[u]] != x[q]; u++)
            ;
        if (u == w->n_uniq)
            w->uniq[w->n_uniq++] = q;
        w->rep[q] = w->uniq[u];
        w->uix[q] = u;
    }
    for (q = 0; q < n; q++) {
        if (w->rep[q] != q) {
            memcpy(w->ut + q * n, w->ut + w->rep[q] * n, n * sizeof *w->ut);
            continue;
        }
        for (k = 0; k < n; k++)
            w->ut[q * n + k] = powr(fabs(x[k] - x[q]) / w->delta, r[k]);
    }
}

/*
 * Global denominator DEN = sum_k sum_p sum_q |v_k(x_p, x_q)| over all
 * ordered pairs, p = q included (spec 4, option global). One running sum,
 * k outer, p middle, q inner, as in the replication: the order is part of
 * the bit-exact contract, which is why the O(n^2 log n) sorted form is not
 * used.
 */
static double den_global(eu_ws *w)
{
    size_t n = w->n, k, p, q;
    double den = 0.0;

    for (k = 0; k < n; k++) {
        double wk = w->w[k];

        for (q = 0; q < n; q++)
            w->col[q] = w->ut[q * n + k];
        for (p = 0; p < n; p++) {
            double up = w->col[p];

            for (q = 0; q < n; q++)
                den += fabs(wk * (w->col[q] - up));
        }
    }
    return den;
}

/* Entry (a, b) of p (and num, sum) from the representatives' pair. */
static inline void copy_pair(eu_ws *w, double *num, double *sum, size_t a,
                             size_t b)
{
    size_t n = w->n, ra = w->rep[a], rb = w->rep[b];

    w->p[a * n + b] = ra == rb ? 0.0 : w->p[ra * n + rb];
    if (num) {
        num[a * n + b] = ra == rb ? 0.0 : num[ra * n + rb];
        sum[a * n + b] = ra == rb ? 0.0 : sum[ra * n + rb];
    }
}

/*
 * P(x_a beats x_b) for every ordered pair into w->p (spec 4), for the
 * positions fill_ut last saw (its rep and uniq), from the vote sums of
 * the pair kernel (eu_kernel.c). One pass over the voters serves both
 * orders: v_k(b, a) = -v_k(a, b) exactly in
 * IEEE arithmetic, so P(b, a)'s numerator is the sum of the negative
 * votes, with the replication's bits. den > 0 is the global denominator;
 * den < 0 selects the pair denominator sum_k |v_k|, which makes
 * P(a, b) + P(b, a) = 1. A zero denominator means no voter separates a
 * from b: a coin toss (1/2) with the pair denominator; with the global
 * one every numerator is then 0 and so is P. When num and sum are given,
 * the numerators and pair sums are kept for risk_range = positions.
 */
static void fill_p(eu_ws *w, double den, double *num, double *sum)
{
    size_t n = w->n, nu = w->n_uniq, ia, ib, b0, t, a, b, nd;
    size_t lanes = dt__eu_lanes();
    size_t st = (nu + lanes - 1) / lanes * lanes;
    double pos[DT__EU_LANES_MAX], neg[DT__EU_LANES_MAX];

    dt__eu_pack(w->uv, st, w->ut, n, w->uniq, nu);
    /* Pairs of distinct positions (fill_ut found them), both orders. */
    for (ia = 0; ia < nu; ia++) {
        a = w->uniq[ia];
        /* Blocks start on a multiple of lanes (aligned loads); the lanes
         * of a block before ia + 1 are computed and ignored. */
        for (b0 = (ia + 1) / lanes * lanes; b0 < nu; b0 += lanes) {
            dt__eu_votes(lanes, w->uv + b0, st, w->w, w->ut + a * n, n, pos,
                         neg);
            for (ib = b0 > ia ? b0 : ia + 1; ib < nu && ib < b0 + lanes; ib++) {
                double pab, pba, tot;

                t = ib - b0;
                tot = pos[t] + neg[t];
                b = w->uniq[ib];
                if (den >= 0.0) {
                    pab = den > 0.0 ? pos[t] / den : 0.0;
                    pba = den > 0.0 ? neg[t] / den : 0.0;
                } else if (tot > 0.0) {
                    pab = pos[t] / tot;
                    pba = neg[t] / tot;
                } else {
                    pab = pba = 0.5;
                }
                w->p[a * n + b] = pab;
                w->p[b * n + a] = pba;
                if (num) {
                    num[a * n + b] = pos[t];
                    num[b * n + a] = neg[t];
                    sum[a * n + b] = sum[b * n + a] = tot;
                }
            }
        }
    }
    /*
     * Every other pair copies its representatives' pair: equal rows of ut
     * give the same sums, bit for bit. Same position: no contest (spec 4).
     * Only the diagonal and the rows and columns of actors that are not
     * representatives (listed in idx, free scratch here) need it.
     */
    nd = 0;
    for (b = 0; b < n; b++)
        if (w->rep[b] != b)
            w->idx[nd++] = b;
    for (a = 0; a < n; a++) {
        if (w->rep[a] != a) {
            for (b = 0; b < n; b++)
                copy_pair(w, num, sum, a, b);
            continue;
        }
        copy_pair(w, num, sum, a, a);
        for (t = 0; t < nd; t++)
            copy_pair(w, num, sum, a, w->idx[t]);
    }
}

/* ---- Risk phase (spec section 6) ------------------------------------- */

/*
 * Danger of actor i: D_i = sum over j != i of EU^j(j->i) with every r = 1
 * (spec 6.2; BDM 1985), so U_sq = 0 and the (1 - Q) term is left out, as
 * the spec's closed form 2 d [1 - 2 s_i (1 - P(x_j, x_i))] states. Reads
 * P(x_j, x_i) from column i of w->p.
 */
static double danger_of(const eu_ws *w, size_t i, const double *x)
{
    size_t n = w->n, j;
    double t = 0.0;

    for (j = 0; j < n; j++) {
        double d;

        if (j == i)
            continue;
        d = fabs(x[j] - x[i]) / w->delta;
        t += eu_core(w->s[i], w->p[j * n + i], u_success(d, 1.0),
                     u_failure(d, 1.0), w->o.q, u_status_quo(1.0));
    }
    return t;
}

/*
 * h[k*n + m] = sum_q |u_k(m) - u_k(q)| and g[k] = sum_m h[k*n + m] at
 * r = 1, for moving one actor in the global denominator (see
 * risk_positions).
 */
static void fill_h(eu_ws *w)
{
    size_t n = w->n, k, m, q;

    for (k = 0; k < n; k++) {
        double gk = 0.0;

        for (q = 0; q < n; q++)
            w->col[q] = w->ut[q * n + k];
        for (m = 0; m < n; m++) {
            double hk = 0.0;

            for (q = 0; q < n; q++)
                hk += fabs(w->col[m] - w->col[q]);
            w->h[k * n + m] = hk;
            gk += hk;
        }
        w->g[k] = gk;
    }
}

/*
 * Global DEN once actor i is placed at x_m, from the tables of the
 * current state (all r = 1, so voter distances depend on position only):
 * for a voter k != i, moving i changes row and column i of its sum,
 * G'_k = G_k - 2 h(k, i) + 2 (h(k, m) - |u_k(m) - u_k(i)|); voter i now
 * sees what voter m sees, with itself at distance 0:
 * G'_i = G_m - 2 h(m, i) + 2 (h(m, m) - u_m(i)). O(n) per (i, m).
 */
static double den_moved(const eu_ws *w, size_t i, size_t m)
{
    size_t n = w->n, k;
    const double *ut = w->ut, *h = w->h, *g = w->g;
    double den = 0.0;

    for (k = 0; k < n; k++) {
        double gk;

        if (k == i)
            gk = g[m] - 2.0 * h[m * n + i] +
                 2.0 * (h[m * n + m] - ut[i * n + m]);
        else
            gk = g[k] - 2.0 * h[k * n + i] +
                 2.0 * (h[k * n + m] - fabs(ut[m * n + k] - ut[i * n + k]));
        den += w->w[k] * gk;
    }
    return den;
}

/*
 * Option risk_range = positions (BDM 1985's intent, spec 6.3): the
 * extremes of i's danger over i's alternative positions, i placed at
 * every other actor's position y = x_m. Only i's vote and i's place
 * change, so P(x_j, y) comes from the current numerators and sums by
 * taking out i's old vote v_i(j, m); i's new vote -w_i |y - x_j| / Delta
 * adds nothing to the numerator and its size to the pair sum. O(n^3).
 * Needs ut (r = 1), num1, sum1 and danger[] of the current state.
 */
static void risk_positions(eu_ws *w, const double *x, int global)
{
    size_t n = w->n, i, m, j;

    if (global)
        fill_h(w);
    for (i = 0; i < n; i++) {
        double dmax = w->danger[i], dmin = w->danger[i];

        for (m = 0; m < n; m++) {
            double y = x[m], den = 0.0, t = 0.0;

            if (m == i || y == x[i])
                continue;
            if (global)
                den = den_moved(w, i, m);
            for (j = 0; j < n; j++) {
                double vi, num, pj, d;

                if (j == i || x[j] == y)
                    continue; /* d = 0: EU is 0 at r = 1 */
                vi = w->w[i] * (w->ut[m * n + i] - w->ut[j * n + i]);
                num = w->num1[j * n + m] - (vi > 0.0 ? vi : 0.0);
                num = num > 0.0 ? num : 0.0;
                if (global) {
                    pj = den > 0.0 ? num / den : 0.0;
                } else {
                    double sum = w->sum1[j * n + m] - fabs(vi) +
                                 w->w[i] * (fabs(y - x[j]) / w->delta);
                    pj = sum > 0.0 ? num / sum : 0.5;
                }
                d = fabs(x[j] - y) / w->delta;
                t += eu_core(w->s[i], pj, u_success(d, 1.0), u_failure(d, 1.0),
                             w->o.q, 0.0);
            }
            dmax = t > dmax ? t : dmax;
            dmin = t < dmin ? t : dmin;
        }
        /* R_i on i's own range (spec 6.3); D_i lies within it. */
        w->risk[i] = dmax > dmin
                         ? (2.0 * w->danger[i] - dmax - dmin) / (dmax - dmin)
                         : 0.0;
    }
}

/*
 * Risk phase (spec 6): all r_k = 1, danger D_i, risk attitude
 * R_i = (2 D_i - D_max - D_min) / (D_max - D_min) (BDM 1985),
 * exponent r_i = (1 - R_i/3) / (1 + R_i/3), assigned to all at once.
 */
static void risk_phase(eu_ws *w, const double *x)
{
    size_t n = w->n, i;
    int global = w->o.denominator == DT_EU_DEN_GLOBAL;
    int positions = w->o.risk_range == DT_EU_RISK_POSITIONS;
    double dmax, dmin;

    for (i = 0; i < n; i++)
        w->r[i] = 1.0;
    fill_ut(w, x, w->r);
    w->den_risk = global ? den_global(w) : (double)NAN;
    fill_p(w, global ? w->den_risk : -1.0, positions ? w->num1 : NULL,
           positions ? w->sum1 : NULL);
    for (i = 0; i < n; i++)
        w->danger[i] = danger_of(w, i, x);
    if (positions) {
        risk_positions(w, x, global);
    } else {
        dmax = dmin = w->danger[0];
        for (i = 1; i < n; i++) {
            dmax = w->danger[i] > dmax ? w->danger[i] : dmax;
            dmin = w->danger[i] < dmin ? w->danger[i] : dmin;
        }
        for (i = 0; i < n; i++)
            w->risk[i] =
                dmax > dmin ? (2.0 * w->danger[i] - dmax - dmin) / (dmax - dmin)
                            : 0.0;
    }
    for (i = 0; i < n; i++)
        w->r[i] = (1.0 - w->risk[i] / 3.0) / (1.0 + w->risk[i] / 3.0);
}

/* ---- Offer phase (spec section 7) ------------------------------------ */

/* Region of (a, b) for receiver i facing j (spec 7 table; strict). */
static dt_eu_class classify(double a, double b)
{
    if (a == 0.0 || b == 0.0 || a == b)
        return DT_EU_CLASS_NONE;
    if (a > 0.0 && b > 0.0)
        return b > a ? DT_EU_CLASS_CONFRONTATION : DT_EU_CLASS_WINS;
    if (b > 0.0) {
        /* b > 0 > a */
        if (b > -a)
            return DT_EU_CLASS_COMPROMISE;
        return b < -a ? DT_EU_CLASS_CAPITULATION : DT_EU_CLASS_NONE;
    }
    return a > 0.0 ? DT_EU_CLASS_UPPER_HAND : DT_EU_CLASS_STALEMATE;
}

/*
 * Both expected utilities of every ordered pair from the receiver's view
 * (spec 5): a = EU^i(ij) with P(x_i, x_j) and s_j, b = EU^i(ji) with
 * P(x_j, x_i) and s_i, both with exponent r_i and the same distance, so
 * U_s and U_f are shared.
 */
static void fill_eu(eu_ws *w, const double *x)
{
    size_t n = w->n, i, j;
    double q = w->o.q;

    for (i = 0; i < n; i++) {
        double ri = w->r[i], usq = u_status_quo(ri);
        double *us_u = w->urow, *uf_u = w->urow + n;
        size_t u;

        /*
         * U_s and U_f depend on j only through x_j: computed once per
         * distinct position (fill_ut's uniq), the same bits for all j
         * there.
         */
        for (u = 0; u < w->n_uniq; u++) {
            double d = fabs(x[i] - x[w->uniq[u]]) / w->delta;

            /* At d = 0 both are 2 - 4 (0.5)^r_i, the bits of usq. */
            us_u[u] = d == 0.0 ? usq : u_success(d, ri);
            uf_u[u] = d == 0.0 ? usq : u_failure(d, ri);
        }
        w->eu_ij[i * n + i] = w->eu_ji[i * n + i] = 0.0;
        for (j = 0; j < n; j++) {
            double us, uf, a, b;

            if (j == i)
                continue;
            us = us_u[w->uix[j]];
            uf = uf_u[w->uix[j]];
            a = eu_core(w->s[j], w->p[i * n + j], us, uf, q, usq);
            b = eu_core(w->s[i], w->p[j * n + i], us, uf, q, usq);
            /*
             * The paper's (1 - Q) term; the replication drops it. With
             * Q = 1 both agree, and skipping it keeps the bits.
             */
            if (q != 1.0) {
                a -= eu_change_term(x[i], x[j], w->mu, w->delta, ri, q);
                b -= eu_change_term(x[j], x[i], w->mu, w->delta, ri, q);
            }
            w->eu_ij[i * n + j] = a;
            w->eu_ji[i * n + j] = b;
        }
    }
}

/*
 * Key ranking receiver i's compromises (spec 7, compromise_choice):
 * least_move (paper) the size of the move; replication_key the
 * replication's (|a| x_i + |b| x_j) / (|a| + |b|).
 */
static double compromise_key(const eu_ws *w, double xi, double xj, double a,
                             double b, double to)
{
    if (w->o.compromise == DT_EU_COMPROMISE_REPLICATION_KEY)
        return (fabs(a) * xi + fabs(b) * xj) / (fabs(a) + fabs(b));
    return fabs(to - xi);
}

/*
 * Classify every offer to receiver i and choose one (spec 7): first
 * confrontation (nearest x_j), then compromise (smallest key), then
 * capitulation (nearest x_j), ties to the first j in input order. Writes
 * the class and new-position rows of i; returns the chosen proposer or n.
 */
static size_t choose_offer(eu_ws *w, const double *x, size_t i, double *a_out,
                           double *b_out, dt_eu_class *type)
{
    size_t n = w->n, j, best[4] = {n, n, n, n};
    double key[4] = {0.0, 0.0, 0.0, 0.0};
    double xi = x[i];
    static const dt_eu_class order[3] = {DT_EU_CLASS_CONFRONTATION,
                                         DT_EU_CLASS_COMPROMISE,
                                         DT_EU_CLASS_CAPITULATION};

    for (j = 0; j < n; j++) {
        double a = w->eu_ij[i * n + j], b, to = (double)NAN, k;
        dt_eu_class c;

        w->cls[i * n + j] = DT_EU_CLASS_NONE;
        w->new_pos[i * n + j] = (double)NAN;
        if (j == i || x[j] == xi)
            continue; /* no offer between equal positions (spec 7) */
        b = w->o.perspective == DT_EU_PERSPECTIVE_BOTH ? w->eu_ij[j * n + i]
                                                       : w->eu_ji[i * n + j];
        c = classify(a, b);
        w->cls[i * n + j] = (unsigned char)c;
        if (c == DT_EU_CLASS_CONFRONTATION || c == DT_EU_CLASS_CAPITULATION)
            to = x[j];
        else if (c == DT_EU_CLASS_COMPROMISE)
            to = xi + (x[j] - xi) * fabs(a / b); /* spec 7, BDM 1994 */
        else
            continue;
        w->new_pos[i * n + j] = to;
        if (c == DT_EU_CLASS_CAPITULATION && !w->o.capitulation)
            continue;
        k = c == DT_EU_CLASS_COMPROMISE ? compromise_key(w, xi, x[j], a, b, to)
                                        : fabs(x[j] - xi);
        if (best[c] == n || k < key[c]) {
            best[c] = j;
            key[c] = k;
        }
    }
    for (j = 0; j < 3; j++) {
        size_t pj = best[order[j]];

        if (pj != n) {
            *a_out = w->eu_ij[i * n + pj];
            *b_out = w->o.perspective == DT_EU_PERSPECTIVE_BOTH
                         ? w->eu_ij[pj * n + i]
                         : w->eu_ji[i * n + pj];
            *type = order[j];
            return pj;
        }
    }
    return n;
}

/*
 * Offer phase (spec 7), with the positions at the start of the round and
 * the new r. Moves are written into xnew, so they all apply at once.
 */
static void offer_phase(eu_ws *w, const double *x, double *xnew)
{
    size_t n = w->n, i;
    int global = w->o.denominator == DT_EU_DEN_GLOBAL;

    fill_ut(w, x, w->r);
    w->den_offer = global ? den_global(w) : (double)NAN;
    fill_p(w, global ? w->den_offer : -1.0, NULL, NULL);
    fill_eu(w, x);
    w->n_offers = 0;
    for (i = 0; i < n; i++) {
        dt_eu_offer *of = &w->offers[w->n_offers];
        double a = 0.0, b = 0.0;
        dt_eu_class type = DT_EU_CLASS_NONE;
        size_t j = choose_offer(w, x, i, &a, &b, &type);

        xnew[i] = x[i];
        if (j == n)
            continue;
        xnew[i] = w->new_pos[i * n + j];
        of->receiver = i;
        of->proposer = j;
        of->type = type;
        of->eu_receiver = a;
        of->eu_proposer = b;
        of->from = x[i];
        of->to = xnew[i];
        w->n_offers++;
    }
}

/* ---- Stopping (spec section 8) --------------------------------------- */

/*
 * The earliest round t < round - 1 whose state equals the current one
 * exactly, or round when none does. (t = round - 1 would mean no actor
 * moved, reported as converged.) Since a round's outcome depends on the
 * positions only, a repeated state repeats forever.
 */
static unsigned find_cycle(const eu_ws *w)
{
    size_t n = w->n, k;
    unsigned t;

    for (t = 0; t + 1 < w->round; t++) {
        const double *row = w->hist + (size_t)t * n;

        for (k = 0; k < n && row[k] == w->x[k]; k++)
            ;
        if (k == n)
            return t;
    }
    return w->round;
}

/* Record the current state as row `round` and update the statistics. */
static void record(eu_ws *w)
{
    size_t n = w->n;

    /* eu_step stops at max_rounds, so row `round` always exists. */
    assert(w->round < w->hist_rows);
    w->mean = dt_weighted_mean(n, w->x, w->c, w->s);
    w->median = dt_weighted_median(n, w->x, w->c, w->s, w->idx);
    w->f_mean = w->mean;
    w->f_median = w->median;
    w->hmean[w->round] = w->mean;
    w->hmedian[w->round] = w->median;
    if (w->keep_hist)
        memcpy(w->hist + (size_t)w->round * n, w->x, n * sizeof *w->x);
}

/*
 * Stop tests after a round, in this order: exact_rounds (only the cap),
 * no actor moved (converged), a repeated state (cycle; the forecast
 * statistics become averages over the period's states), the round cap.
 */
static void update_stop(eu_ws *w, int moved)
{
    unsigned t, k;

    if (w->o.exact_rounds) {
        w->stop =
            w->round >= w->o.max_rounds ? DT_STOP_ROUND_CAP : DT_STOP_NONE;
        return;
    }
    if (!moved) {
        w->stop = DT_STOP_CONVERGED;
        return;
    }
    if (w->keep_hist) {
        t = find_cycle(w);
        if (t < w->round) {
            double sm = 0.0, sd = 0.0;

            w->stop = DT_STOP_CYCLE;
            w->period = w->round - t;
            for (k = t; k < w->round; k++) {
                sm += w->hmean[k];
                sd += w->hmedian[k];
            }
            w->f_mean = sm / (double)w->period;
            w->f_median = sd / (double)w->period;
            return;
        }
    }
    w->stop = w->round >= w->o.max_rounds ? DT_STOP_ROUND_CAP : DT_STOP_NONE;
}

/* ---- The vtable ------------------------------------------------------ */

static dt_status eu_init(void *ws, size_t n_max, const dt_model_opts *o,
                         const dt_line *line, dt_error *err)
{
    eu_ws *w = ws;
    size_t n = line->n, k;
    double lo, hi;
    dt_status rc = dt__line_check(line, n_max, err);

    if (rc != DT_OK)
        return rc;
    for (k = 0; k < n; k++)
        if (line->s[k] > 1.0)
            return dt__error_set(err, DT_EINVAL,
                                 "actor %zu has salience %g; the eu model "
                                 "needs saliences on [0, 1]",
                                 k, line->s[k]);
    eu_carve(w, n_max, o);
    w->o = *o;
    w->n = n;
    w->hist_rows = o->max_rounds + 1;
    w->keep_hist = o->cycle_detect && !o->exact_rounds;
    w->round = 0;
    w->have_detail = 0;
    w->stop = DT_STOP_NONE;
    w->period = 0;
    w->n_offers = 0;
    memcpy(w->x, line->x, n * sizeof *w->x);
    memcpy(w->c, line->c, n * sizeof *w->c);
    memcpy(w->s, line->s, n * sizeof *w->s);
    lo = hi = line->x[0];
    for (k = 0; k < n; k++) {
        w->w[k] = line->c[k] * line->s[k];
        lo = line->x[k] < lo ? line->x[k] : lo;
        hi = line->x[k] > hi ? line->x[k] : hi;
    }
    /* Fixed for the run: positions never leave the initial hull (spec 1). */
    w->delta = hi - lo;
    record(w);
    return DT_OK;
}

/*
 * All actors at one point (Delta = 0): nothing to simulate, the forecast
 * is that point (spec 1). The round is played as a no-op so the run
 * stops converged after one step, like the one-step mean and median
 * models; the detail shows a neutral round.
 */
static void null_round(eu_ws *w)
{
    size_t n = w->n, k;

    for (k = 0; k < n; k++) {
        w->r[k] = 1.0;
        w->danger[k] = w->risk[k] = 0.0;
    }
    for (k = 0; k < n * n; k++) {
        w->p[k] = w->eu_ij[k] = w->eu_ji[k] = 0.0;
        w->new_pos[k] = (double)NAN;
        w->cls[k] = DT_EU_CLASS_NONE;
    }
    w->den_risk = w->den_offer = (double)NAN;
    w->n_offers = 0;
}

static dt_status eu_step(void *ws, dt_error *err)
{
    eu_ws *w = ws;
    size_t k;
    int moved = 0;

    if (w->stop != DT_STOP_NONE)
        return dt__error_set(err, DT_EINVAL,
                             "the run is over (%s); initialise the model "
                             "again to restart it",
                             dt_stop_str(w->stop));
    /* mu of the (1 - Q) term: the median at the start of the round. */
    w->mu = w->median;
    memcpy(w->x_prev, w->x, w->n * sizeof *w->x);
    if (w->delta > 0.0) {
        risk_phase(w, w->x_prev);
        offer_phase(w, w->x_prev, w->x);
    } else {
        null_round(w);
    }
    /* x now holds the new positions, x_prev the old ones. */
    for (k = 0; k < w->n; k++)
        moved |= w->x[k] != w->x_prev[k];
    w->round++;
    w->have_detail = 1;
    record(w);
    if (w->delta > 0.0)
        update_stop(w, moved);
    else
        w->stop = DT_STOP_CONVERGED;
    return DT_OK;
}

static dt_stop eu_stop(const void *ws)
{
    return ((const eu_ws *)ws)->stop;
}

static const double *eu_positions(const void *ws)
{
    return ((const eu_ws *)ws)->x;
}

static unsigned eu_round(const void *ws)
{
    return ((const eu_ws *)ws)->round;
}

static void eu_stats(const void *ws, double *mean, double *median)
{
    const eu_ws *w = ws;

    *mean = w->mean;
    *median = w->median;
}

/*
 * The forecast: the weighted median (BDM) or mean (Scholz et al.) of the
 * final state, averaged over the states of the cycle when one was found.
 */
static void eu_result(const void *ws, dt_model_result *r)
{
    const eu_ws *w = ws;

    r->mean = w->f_mean;
    r->median = w->f_median;
    r->point = w->o.point == DT_EU_POINT_MEAN ? w->f_mean : w->f_median;
    r->stop = w->stop;
    r->rounds = w->round;
    r->period = w->stop == DT_STOP_CYCLE ? w->period : 0;
}

const dt_model_type dt_model_eu = {
    "eu",         "expected-utility model (Bueno de Mesquita 1985, 1994)",
    eu_ws_size,   eu_init,
    eu_step,      eu_stop,
    eu_positions, eu_round,
    eu_stats,     eu_result,
};

/* ---- Inspection (include/detente/eu.h) ------------------------------- */

const char *dt_eu_class_str(dt_eu_class c)
{
    switch (c) {
    case DT_EU_CLASS_NONE:
        return "none";
    case DT_EU_CLASS_CONFRONTATION:
        return "confrontation";
    case DT_EU_CLASS_COMPROMISE:
        return "compromise";
    case DT_EU_CLASS_CAPITULATION:
        return "capitulation";
    case DT_EU_CLASS_WINS:
        return "wins";
    case DT_EU_CLASS_UPPER_HAND:
        return "upper_hand";
    case DT_EU_CLASS_STALEMATE:
        return "stalemate";
    }
    return "unknown";
}

dt_status dt_eu_last_round(const dt_model *m, dt_eu_round *out, dt_error *err)
{
    const eu_ws *w;

    if (!m || m->type != &dt_model_eu)
        return dt__error_set(err, DT_EINVAL, "not an eu model");
    if (!m->ready)
        return dt__error_set(err, DT_EINVAL, "eu model not initialised");
    w = m->ws;
    if (!w->have_detail)
        return dt__error_set(err, DT_EINVAL,
                             "eu model has not played a round yet");
    out->n = w->n;
    out->round = w->round;
    out->delta = w->delta;
    out->mu = w->mu;
    out->x = w->x_prev;
    out->den_risk = w->den_risk;
    out->danger = w->danger;
    out->risk = w->risk;
    out->r = w->r;
    out->den_offer = w->den_offer;
    out->p = w->p;
    out->eu_ij = w->eu_ij;
    out->eu_ji = w->eu_ji;
    out->cls = w->cls;
    out->new_pos = w->new_pos;
    out->n_offers = w->n_offers;
    out->offers = w->offers;
    return DT_OK;
}
