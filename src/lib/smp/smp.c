/*
 * KTAB's spatial model of politics (SMP) as its smpc program computes it:
 * risk attitudes from a probabilistic Condorcet election (PCE), challenges
 * judged by expected utility with third parties, bargains interpolated
 * between the two positions, and each actor's queue of bargains resolved
 * by another PCE. Equations cite KTAB's SMP (B. Wise, KAPSARC 2015-2017)
 * as restated in docs/models.md. O(n^3) per turn; O(n^2) memory plus
 * the history, O(max_turns n d). The space the model runs on, and the
 * options a scenario sets, are in space.c.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"
#include "platform/parallel.h"

/*
 * Fewest actors for which a turn's challenge search is split between
 * threads: below it a turn takes well under a millisecond and starting
 * threads would cost more than it saves.
 */
#define SMP_PARALLEL_MIN 32

/* KTAB's fixed constants (docs/models.md, "smp"; KTAB's smp library). */
#define SMP_C_MIN     1e-8  /* floor of a coalition's strength */
#define SMP_CHLG_MIN  1e-10 /* floor of a challenge's coalitions */
#define SMP_GAIN_MIN  1e-5  /* smallest expected gain worth an offer */
#define SMP_BRGN_EPS  1e-6  /* initiator's edge in the bargain point */
#define SMP_BIN_EPS   1e-8  /* width of the binary vote's step */
#define SMP_BIN_RATIO 1.1   /* binary victory threshold */
#define SMP_STOP_EPS  1e-4  /* added to the first turn's distance */

/*
 * The O(n^3) loops are written once, as always-inlined functions taking
 * the vote rule (and commitment) as arguments, and called with KTAB's
 * defaults as constants (their specialised copy, with no switch in the
 * loop) or with the run's options: the same operations in the same
 * order, so the same bits either way.
 */
#if defined(__GNUC__) || defined(__clang__)
#define SMP_INLINE inline __attribute__((always_inline))
#else
#define SMP_INLINE inline
#endif

struct dt_smp {
    const dt_space *sp;        /* borrowed */
    const dt_allocator *alloc; /* the space's hook */
    dt_smp_opts o;             /* copy; o.accommodation points into acc */
    double *acc;               /* n x n, or NULL (identity) */
    size_t n, d;
    unsigned turns; /* turns played */
    dt_stop stop;   /* after the last turn */
    double dist01;  /* dist(0, 1) */
    dt_rng rng;     /* stochastic transitions' stream */
    /* State. */
    double *x;   /* n x d current positions */
    double *y;   /* n x d ideals */
    double *xn;  /* n x d next positions */
    double *S;   /* n: total salience */
    double *s2;  /* n: sum of squared saliences */
    double *D;   /* n x n: D_ij from i's ideal to j's position */
    double *R;   /* n: risk attitudes */
    double *own; /* n: sum_l aUtil[a](a, l) */
    /* Scratch. */
    double *u;    /* n x (n + 1) utilities of voters for options */
    double *ut;   /* nw x n x n: per worker, one actor's view,
                     ut[j n + m] = aUtil(m, j) */
    double *C;    /* (n + 1)^2 coalitions (MarkovIncentive: then P) */
    double *V;    /* (n + 1)^2 victory probabilities */
    double *col;  /* n + 1: column sums */
    double *p;    /* n + 1 */
    double *q;    /* n + 1 */
    double *w;    /* nw x n: per worker, one actor's risk estimates */
    double *dg;   /* nw x n: per worker, the diagonal of ut */
    double *Sc;   /* n: S_m c_m, the weight of m's votes in a challenge */
    size_t *tgt;  /* n: target of each actor, or n for none */
    double *bi;   /* n x d: initiator's new position in its bargain */
    double *bj;   /* n x d: receiver's new position */
    size_t *qoff; /* n + 1: queue offsets */
    size_t *qent; /* 3n: queue entries (bargain index, n = status quo) */
    size_t *qpos; /* n: fill pointers */
    size_t *uniq; /* n: representative of each actor's position */
    size_t *reps; /* n: the representatives */
    size_t nw;    /* workers (<= 64): ut and w hold a slice for each */
    /* History: (max_turns + 1) states. */
    double *hx; /* per state n x d */
    double *hp; /* per state n */
};

/* ---- Building blocks. ---- */

/* u(D, R) = (1 - D)(1 + D R) (ktab-smp "Distance and utility"). */
static double util(double D, double R)
{
    return (1.0 - D) * (1.0 + D * R);
}

/* The binary vote's step: d / SMP_BIN_EPS clamped to [-1, 1]. */
static inline double bin_step(double d)
{
    double bin = d / SMP_BIN_EPS;

    if (bin > 1.0)
        bin = 1.0;
    else if (bin < -1.0)
        bin = -1.0;
    return bin;
}

/*
 * Vote of weight w on options with utilities ua, ub ("Votes"). Inline so
 * that where the rule is a constant (the specialised loops below) the
 * switch folds away.
 */
static inline double vote(dt_smp_vote rule, double w, double ua, double ub)
{
    double d = ua - ub;

    switch (rule) {
    case DT_SMP_VOTE_BINARY:
        return w * bin_step(d);
    case DT_SMP_VOTE_PROP_BIN:
        return w * (0.8 * d + 0.2 * bin_step(d));
    case DT_SMP_VOTE_PROP_CBC:
        return w * (0.5 * d + 0.5 * d * d * d);
    case DT_SMP_VOTE_CUBIC:
        return w * d * d * d;
    case DT_SMP_VOTE_ASYM_PROSP:
        return d < 0.0 ? w * d : (2.0 / 3.0) * w * d;
    case DT_SMP_VOTE_PROP:
    default:
        return w * d;
    }
}

/*
 * Victory probability of a coalition of strength a against one of
 * strength b: f(a) / (f(a) + f(b)). Binary: 1 from a >= 1.1 b, 0 up to
 * b >= 1.1 a, linear in a / (a + b) in between (symmetric: V_ab + V_ba
 * = 1).
 */
static double victory(dt_smp_vpm m, double a, double b)
{
    double r0, r1, r;

    switch (m) {
    case DT_SMP_VPM_SQUARE:
        a *= a;
        b *= b;
        break;
    case DT_SMP_VPM_QUARTIC:
        a *= a, a *= a;
        b *= b, b *= b;
        break;
    case DT_SMP_VPM_OCTIC:
        a *= a, a *= a, a *= a;
        b *= b, b *= b, b *= b;
        break;
    case DT_SMP_VPM_BINARY:
        if (a >= SMP_BIN_RATIO * b)
            return 1.0;
        if (b >= SMP_BIN_RATIO * a)
            return 0.0;
        r0 = 1.0 / (1.0 + SMP_BIN_RATIO);
        r1 = SMP_BIN_RATIO / (1.0 + SMP_BIN_RATIO);
        r = a / (a + b);
        return (r - r0) / (r1 - r0);
    case DT_SMP_VPM_LINEAR:
    default:
        break;
    }
    return a / (a + b);
}

/*
 * Coalitions C_ij = 1e-8 + sum_k max(0, vote_k(i:j)) of nv voters with
 * weights w and utilities u (nv x m, stride ld) over m options.
 */
static SMP_INLINE void coalitions(dt_smp_vote rule, size_t m, size_t nv,
                                  const double *w, const double *u, size_t ld,
                                  double *C)
{
    size_t i, j, k;

    for (i = 0; i < m * m; i++)
        C[i] = SMP_C_MIN;
    for (k = 0; k < nv; k++) {
        const double *uk = u + k * ld;

        for (i = 0; i < m; i++)
            for (j = i + 1; j < m; j++) {
                double v = vote(rule, w[k], uk[i], uk[j]);

                /* vote(j:i) is -vote(i:j) except for ASymProsp. */
                if (v > 0.0)
                    C[i * m + j] += v;
                else if (v < 0.0)
                    C[j * m + i] += vote(rule, w[k], uk[j], uk[i]);
            }
    }
}

/*
 * Probabilistic Condorcet election over m options by nv voters with
 * weights w and utilities u (nv x m row-major, stride ld): coalitions
 * C_ij = 1e-8 + sum_k max(0, vote_k(i:j)), victory V_ij, then the PCE
 * model. Result in p (m); uses the instance's C, V, q and col.
 */
static void pce(const dt_smp *M, size_t m, size_t nv, const double *w,
                const double *u, size_t ld, double *p)
{
    double *C = M->C, *V = M->V, *q = M->q, *col = M->col;
    size_t i, j, k;
    double tot;

    if (M->o.vote == DT_SMP_VOTE_PROP)
        coalitions(DT_SMP_VOTE_PROP, m, nv, w, u, ld, C);
    else
        coalitions(M->o.vote, m, nv, w, u, ld, C);
    /* V_ij from C_ij and C_ji; V_ii = 1/2. */
    for (i = 0; i < m; i++) {
        V[i * m + i] = 0.5;
        for (j = i + 1; j < m; j++) {
            double v = victory(M->o.vpm, C[i * m + j], C[j * m + i]);

            V[i * m + j] = v;
            V[j * m + i] = 1.0 - v;
        }
    }
    if (M->o.pce == DT_SMP_PCE_CONDITIONAL) {
        /* p_i proportional to prod_j V_ij. */
        tot = 0.0;
        for (i = 0; i < m; i++) {
            double pi = 1.0;

            for (j = 0; j < m; j++)
                pi *= V[i * m + j];
            p[i] = pi;
            tot += pi;
        }
        for (i = 0; i < m; i++)
            p[i] /= tot;
        return;
    }
    if (M->o.pce == DT_SMP_PCE_MARKOV_INCENTIVE) {
        /*
         * N_ij = C_ij V_ij (+1e-10 on the diagonal), P_ij = N_ij /
         * sum_k N_kj: C is overwritten by P.
         */
        for (j = 0; j < m; j++) {
            col[j] = 0.0;
            for (i = 0; i < m; i++) {
                C[i * m + j] =
                    C[i * m + j] * V[i * m + j] + (i == j ? 1e-10 : 0.0);
                col[j] += C[i * m + j];
            }
        }
        for (j = 0; j < m; j++)
            for (i = 0; i < m; i++)
                C[i * m + j] /= col[j];
    }
    for (i = 0; i < m; i++)
        p[i] = 1.0 / (double)m;
    for (k = 0; k < 100000; k++) {
        double change = 0.0, lim;

        if (M->o.pce == DT_SMP_PCE_MARKOV_UNIFORM) {
            /* q_i = (1/m) sum_j V_ij (p_i + p_j). */
            for (i = 0; i < m; i++) {
                double acc = 0.0;

                for (j = 0; j < m; j++)
                    acc += V[i * m + j] * (p[i] + p[j]);
                q[i] = acc / (double)m;
            }
            lim = 1e-6;
        } else {
            /* ct_ij = p_i P_ji; q_i = sum_j V_ij (ct_ij + ct_ji). */
            for (i = 0; i < m; i++) {
                double acc = 0.0;

                for (j = 0; j < m; j++)
                    acc += V[i * m + j] *
                           (p[i] * C[j * m + i] + p[j] * C[i * m + j]);
                q[i] = acc;
            }
            lim = 1e-8;
        }
        for (i = 0; i < m; i++) {
            double dd = fabs(q[i] - p[i]);

            if (dd > change)
                change = dd;
        }
        tot = 0.0;
        for (i = 0; i < m; i++) {
            p[i] = 0.5 * (p[i] + q[i]);
            tot += p[i];
        }
        for (i = 0; i < m; i++)
            p[i] /= tot;
        if (change < lim)
            break;
    }
}

/* h's estimate of i's risk attitude ("Risk attitudes", step 5). */
static double r_est(const dt_smp *M, size_t h, size_t i)
{
    static const double a[] = {0.0, 1.0 / 3.0, 0.5, 2.0 / 3.0, 1.0};
    double f = a[M->o.radjust];

    if (h == i)
        return M->R[i];
    if (M->o.radjust == DT_SMP_RADJUST_ONE_THIRD)
        return (2.0 * M->R[h] + M->R[i]) / 3.0;
    if (M->o.radjust == DT_SMP_RADJUST_TWO_THIRDS)
        return (M->R[h] + 2.0 * M->R[i]) / 3.0;
    return (1.0 - f) * M->R[h] + f * M->R[i];
}

/*
 * Salience-weighted distance from ideal yi (saliences si, their squares
 * summing to s2) to position xj: D = sqrt(sum s^2 (y - x)^2 / sum s^2).
 */
static double dist(const double *si, double s2, const double *yi,
                   const double *xj, size_t d)
{
    double acc = 0.0;
    size_t k;

    for (k = 0; k < d; k++) {
        double e = si[k] * (yi[k] - xj[k]);

        acc += e * e;
    }
    return s2 > 0.0 ? sqrt(acc / s2) : 0.0;
}

/*
 * Everything the state at M->x implies: ideals, distances, risk
 * attitudes (PCE over the n positions with risk-neutral utilities and
 * capability weights, then the risk range) and the per-actor sums of own
 * utilities.
 */
static void assess(dt_smp *M)
{
    size_t n = M->n, d = M->d, i, j;
    const double *s = M->sp->s;
    double pmin, pmax;

    if (M->acc) {
        /* y_i <- (1 - sum_j A_ij) y_i + sum_j A_ij x_j. */
        for (i = 0; i < n; i++) {
            double rs = 0.0;

            for (j = 0; j < n; j++)
                rs += M->acc[i * n + j];
            for (size_t k = 0; k < d; k++) {
                double v = (1.0 - rs) * M->y[i * d + k];

                for (j = 0; j < n; j++)
                    v += M->acc[i * n + j] * M->x[j * d + k];
                M->xn[i * d + k] = v;
            }
        }
        memcpy(M->y, M->xn, n * d * sizeof *M->y);
    } else {
        memcpy(M->y, M->x, n * d * sizeof *M->y);
    }
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
            M->D[i * n + j] =
                dist(s + i * d, M->s2[i], M->y + i * d, M->x + j * d, d);
    /* U0_ki = 1 - D_ki; votes weighted by capability. */
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
            M->u[i * n + j] = 1.0 - M->D[i * n + j];
    pce(M, n, n, M->sp->c, M->u, n, M->p);
    pmin = pmax = M->p[0];
    for (i = 1; i < n; i++) {
        if (M->p[i] < pmin)
            pmin = M->p[i];
        if (M->p[i] > pmax)
            pmax = M->p[i];
    }
    for (i = 0; i < n; i++) {
        double pi = M->p[i], span = pmax - pmin, r;

        if (!(span > 0.0)) {
            M->R[i] = 0.0;
            continue;
        }
        switch (M->o.rrange) {
        case DT_SMP_RRANGE_MIN:
            r = (pi - pmin) / span;
            break;
        case DT_SMP_RRANGE_MAX:
            r = (2.0 * pi - pmax - pmin) / span;
            break;
        case DT_SMP_RRANGE_MID:
        default:
            r = (3.0 * pi - (pmax + 2.0 * pmin)) / (2.0 * span);
            break;
        }
        M->R[i] = r;
    }
    for (i = 0; i < n; i++) {
        double acc = 0.0;

        for (j = 0; j < n; j++)
            acc += util(M->D[i * n + j], M->R[i]);
        M->own[i] = acc;
    }
}

/*
 * Winning probabilities of the current state: unique positions (closer
 * than the tolerance count as one, the first actor represents them), each
 * actor's own view u = aUtil[i](i, j), PCE with capability weights.
 */
static void win_probs(dt_smp *M, double *out)
{
    size_t n = M->n, d = M->d, i, j, nu = 0;
    double tol2 = M->o.tolerance * M->o.tolerance;

    for (i = 0; i < n; i++) {
        for (j = 0; j < nu; j++) {
            const double *a = M->x + i * d, *b = M->x + M->reps[j] * d;
            double e = 0.0;

            for (size_t k = 0; k < d; k++)
                e += (a[k] - b[k]) * (a[k] - b[k]);
            if (e < tol2)
                break;
        }
        if (j == nu)
            M->reps[nu++] = i;
        M->uniq[i] = j;
    }
    for (i = 0; i < n; i++)
        for (j = 0; j < nu; j++)
            M->u[i * nu + j] = util(M->D[i * n + M->reps[j]], M->R[i]);
    pce(M, nu, n, M->sp->c, M->u, nu, M->p);
    for (i = 0; i < n; i++)
        out[i] = M->p[M->uniq[i]];
}

/*
 * aUtil[h](m, j) = u(D_mj, h's estimate of R_m): h's estimate of m's
 * utility for j's position. h's whole view goes in ut, transposed so that
 * the third-party loop reads memory in order: ut[j * n + m] = aUtil[h](m, j).
 * n^2 utilities once per h instead of 3 n^2 per challenge. dg gets the
 * diagonal, ut[m n + m], read in order by every challenge.
 */
static void view(const dt_smp *M, size_t h, double *w, double *ut, double *dg)
{
    size_t n = M->n, m, j;

    for (m = 0; m < n; m++)
        w[m] = r_est(M, h, m);
    for (j = 0; j < n; j++)
        for (m = 0; m < n; m++)
            ut[j * n + m] = util(M->D[m * n + j], w[m]);
    for (m = 0; m < n; m++)
        dg[m] = ut[m * n + m];
}

/*
 * h's view (ut, computed by view(); dg its diagonal, dg[m] = ut[m n + m])
 * of i challenging j ("Expected utility of a challenge"): returns i's
 * expected gain, and P(i > j) in *prob. sc[m] = S_m c_m, the weight of
 * m's votes. Called through chlg() with the rule and commitment.
 */
static SMP_INLINE double chlg_rule(const dt_smp *M, const double *ut,
                                   const double *dg, size_t i, size_t j,
                                   double *prob, dt_smp_vote vr,
                                   dt_smp_commit commit)
{
    const double *S = M->S, *sc = M->Sc;
    size_t n = M->n, m;
    const double *ui = ut + i * n, *uj = ut + j * n;
    double uii = ui[i], uij = uj[i];
    double uji = ui[j], ujj = uj[j];
    double ai = vote(vr, sc[i], uii, uij);
    double aj = vote(vr, sc[j], uji, ujj);
    /* x > 0 ? x : 0 is fmax(x, 0) but for the sign of a zero, which
       adding to the positive floor cannot show. */
    double cp = SMP_CHLG_MIN + (ai > 0.0 ? ai : 0.0) + (aj > 0.0 ? aj : 0.0);
    double cm =
        SMP_CHLG_MIN + (-ai > 0.0 ? -ai : 0.0) + (-aj > 0.0 ? -aj : 0.0);
    double P, vict, loss, sq, contest, ch;
    const double cp0 = cp, cm0 = cm;

    for (m = 0; m < n; m++) {
        double umi, umj, umm, am, pim, a, b, vm, wi, wj, li, lj;

        if (m == i || m == j)
            continue;
        umi = ui[m];
        umj = uj[m];
        umm = dg[m];
        am = vote(vr, sc[m], umi, umj);
        /*
         * pi_m counts the principals and m only: the third parties'
         * votes accumulate into C+/C- but never into another third
         * party's pi (this is what reproduces KTAB's printed histories).
         */
        a = cp0 + (am > 0.0 ? am : 0.0);
        b = cm0 + (-am > 0.0 ? -am : 0.0);
        pim = a / (a + b);
        switch (commit) {
        case DT_SMP_COMMIT_FULL:
            wi = 3.0 * umi, lj = 3.0 * umj, li = 3.0 * umi, wj = 3.0 * umj;
            break;
        case DT_SMP_COMMIT_NO:
            wi = 2.0 * umi + umm, lj = 2.0 * umj + umm;
            li = 2.0 * umi + umm, wj = 2.0 * umj + umm;
            break;
        case DT_SMP_COMMIT_SEMI:
        default:
            wi = 2.0 * umi + umm, lj = 3.0 * umj;
            li = 3.0 * umi, wj = 2.0 * umj + umm;
            break;
        }
        /* wi = u(im > j), lj = u(j > im), li = u(i > jm), wj = u(jm > i). */
        vm = vote(vr, sc[m], pim * wi + (1.0 - pim) * lj,
                  pim * li + (1.0 - pim) * wj);
        /* if (vm > 0) cp += vm; else cm -= vm; without a branch (the
           signs are random): adding +0 to the positive cp, cm changes
           nothing, so the sums are the same to the bit. */
        cp += vm > 0.0 ? vm : 0.0;
        cm -= vm > 0.0 ? 0.0 : vm;
    }
    P = cp / (cp + cm);
    *prob = P;
    /* Utilities to k = i in h's view. */
    sq = uii + uij;
    vict = 2.0 * uii;
    loss = 2.0 * uij;
    contest = P * vict + (1.0 - P) * loss;
    ch = (1.0 - S[j]) * vict + S[j] * contest;
    return ch - sq;
}

/* chlg_rule, KTAB's default rule and commitment as constants. */
static double chlg(const dt_smp *M, const double *ut, const double *dg,
                   size_t i, size_t j, double *prob)
{
    if (M->o.vote == DT_SMP_VOTE_PROP && M->o.commit == DT_SMP_COMMIT_SEMI)
        return chlg_rule(M, ut, dg, i, j, prob, DT_SMP_VOTE_PROP,
                         DT_SMP_COMMIT_SEMI);
    return chlg_rule(M, ut, dg, i, j, prob, M->o.vote, M->o.commit);
}

static double round4(double v)
{
    return floor(v * 1e4 + 0.5) / 1e4;
}

/* ---- Public API. ---- */

/* Sizes of every array, in one place so new and free agree. */
#define SMP_ARRAYS(X, n, d, h, T)                                              \
    X(x, double, (n) * (d))                                                    \
    X(y, double, (n) * (d))                                                    \
    X(xn, double, (n) * (d))                                                   \
    X(S, double, (n))                                                          \
    X(s2, double, (n))                                                         \
    X(D, double, (n) * (n))                                                    \
    X(R, double, (n))                                                          \
    X(own, double, (n))                                                        \
    X(u, double, (n) * ((n) + 1))                                              \
    X(ut, double, (T) * (n) * (n))                                             \
    X(C, double, ((n) + 1) * ((n) + 1))                                        \
    X(V, double, ((n) + 1) * ((n) + 1))                                        \
    X(col, double, (n) + 1)                                                    \
    X(p, double, (n) + 1)                                                      \
    X(q, double, (n) + 1)                                                      \
    X(w, double, (T) * (n))                                                    \
    X(dg, double, (T) * (n))                                                   \
    X(Sc, double, (n))                                                         \
    X(tgt, size_t, (n))                                                        \
    X(bi, double, (n) * (d))                                                   \
    X(bj, double, (n) * (d))                                                   \
    X(qoff, size_t, (n) + 1)                                                   \
    X(qent, size_t, 3 * (n))                                                   \
    X(qpos, size_t, (n))                                                       \
    X(uniq, size_t, (n))                                                       \
    X(reps, size_t, (n))                                                       \
    X(hx, double, (h) * (n) * (d))                                             \
    X(hp, double, (h) * (n))

void dt_smp_free(dt_smp *M)
{
    size_t n, d, h;

    if (!M)
        return;
    n = M->n, d = M->d, h = (size_t)M->o.max_turns + 1;
#define X(f, t, cnt) dt__free(M->alloc, M->f, (cnt) * sizeof(t));
    SMP_ARRAYS(X, n, d, h, M->nw)
#undef X
    dt__free(M->alloc, M->acc, n * n * sizeof *M->acc);
    dt__free(M->alloc, M, sizeof *M);
}

dt_status dt_smp_new(const dt_space *sp, const dt_smp_opts *o, dt_smp **out,
                     dt_error *err)
{
    dt_smp *M;
    size_t n, d, h, i, k;

    *out = NULL;
    if (!sp || sp->n < 2 || sp->d < 1)
        return dt__error_set(err, DT_EINVAL,
                             "smp needs >= 2 actors and >= 1 dimension");
    if ((unsigned)o->vote > DT_SMP_VOTE_ASYM_PROSP ||
        (unsigned)o->vpm > DT_SMP_VPM_BINARY ||
        (unsigned)o->pce > DT_SMP_PCE_MARKOV_INCENTIVE ||
        (unsigned)o->trans > DT_SMP_TRANS_STOCHASTIC ||
        (unsigned)o->rrange > DT_SMP_RRANGE_MAX ||
        (unsigned)o->radjust > DT_SMP_RADJUST_FULL ||
        (unsigned)o->commit > DT_SMP_COMMIT_FULL ||
        (unsigned)o->interp > DT_SMP_INTERP_S2P2 ||
        (unsigned)o->bargain > DT_SMP_BARGAIN_INIT_RCVR)
        return dt__error_set(err, DT_EINVAL, "smp: unknown option value");
    if (o->threads > 64)
        return dt__error_set(err, DT_EINVAL, "smp: at most 64 threads, got %u",
                             o->threads);
    if (o->max_turns < 1 || o->max_turns > 100000 || !(o->tolerance >= 0.0) ||
        !(o->stop_ratio >= 0.0))
        return dt__error_set(err, DT_EINVAL,
                             "smp: max_turns must be 1-100000, tolerance "
                             "and stop_ratio >= 0");
    n = sp->n, d = sp->d;
    for (i = 0; i < n; i++) {
        if (!(sp->c[i] > 0.0) || !isfinite(sp->c[i]))
            return dt__error_set(err, DT_EINVAL,
                                 "smp: capability of actor %zu must be > 0", i);
        for (k = 0; k < d; k++)
            if (!(sp->x[i * d + k] >= 0.0 && sp->x[i * d + k] <= 1.0) ||
                !(sp->s[i * d + k] >= 0.0 && sp->s[i * d + k] <= 1.0))
                return dt__error_set(err, DT_EINVAL,
                                     "smp: actor %zu: positions and "
                                     "saliences must be in [0, 1]",
                                     i);
    }
    M = dt__calloc(sp->alloc, 1, sizeof *M);
    if (!M)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    M->sp = sp;
    M->alloc = sp->alloc;
    M->o = *o;
    M->n = n;
    M->d = d;
    M->nw = o->threads > 1 ? o->threads : 1;
    h = (size_t)o->max_turns + 1;
#define X(f, t, cnt)                                                           \
    M->f = dt__calloc(M->alloc, (cnt), sizeof(t));                             \
    if (!M->f)                                                                 \
        goto nomem;
    SMP_ARRAYS(X, n, d, h, M->nw)
#undef X
    if (o->accommodation) {
        M->acc = dt__alloc(M->alloc, n * n * sizeof *M->acc);
        if (!M->acc)
            goto nomem;
        memcpy(M->acc, o->accommodation, n * n * sizeof *M->acc);
    }
    M->o.accommodation = M->acc;
    for (i = 0; i < n; i++) {
        double tot = 0.0, sq = 0.0;

        for (k = 0; k < d; k++) {
            tot += sp->s[i * d + k];
            sq += sp->s[i * d + k] * sp->s[i * d + k];
        }
        M->S[i] = tot;
        M->s2[i] = sq;
    }
    dt_smp_init(M, o->seed);
    *out = M;
    return DT_OK;
nomem:
    dt_smp_free(M);
    return dt__error_set(err, DT_ENOMEM, "out of memory");
}

void dt_smp_init(dt_smp *M, uint64_t seed)
{
    size_t nd = M->n * M->d, i;

    dt_rng_seed(&M->rng, seed);
    M->o.seed = seed;
    for (i = 0; i < M->n; i++)
        M->Sc[i] = M->S[i] * M->sp->c[i];
    M->turns = 0;
    M->stop = DT_STOP_NONE;
    M->dist01 = 0.0;
    memcpy(M->x, M->sp->x, nd * sizeof *M->x);
    memcpy(M->y, M->sp->x, nd * sizeof *M->y);
    assess(M);
    memcpy(M->hx, M->x, nd * sizeof *M->hx);
    win_probs(M, M->hp);
}

/* Total movement between two states: sum_i ||a_i - b_i||_2. */
static double state_dist(const dt_smp *M, const double *a, const double *b)
{
    double tot = 0.0;

    for (size_t i = 0; i < M->n; i++) {
        double e = 0.0;

        for (size_t k = 0; k < M->d; k++) {
            double v = a[i * M->d + k] - b[i * M->d + k];

            e += v * v;
        }
        tot += sqrt(e);
    }
    return tot;
}

/*
 * Utility to actor a of the state after bargain b (b = n: status quo)
 * in the queue of actor k ("One turn", step 4).
 */
static double brgn_util(const dt_smp *M, size_t a, size_t b)
{
    const double *s = M->sp->s + a * M->d, *y = M->y + a * M->d;
    size_t n = M->n, j;
    double ui, uj, rest;

    if (b == n)
        return M->own[a] / (double)n;
    j = M->tgt[b];
    ui = util(dist(s, M->s2[a], y, M->bi + b * M->d, M->d), M->R[a]);
    uj = util(dist(s, M->s2[a], y, M->bj + b * M->d, M->d), M->R[a]);
    rest = M->own[a] - util(M->D[a * n + b], M->R[a]) -
           util(M->D[a * n + j], M->R[a]);
    return (ui + uj + rest) / (double)n;
}

/*
 * Step 2 for initiator i: its best challenge (if any gains) and, per
 * dimension, the bargain it proposes [S2P2 / S1P1]. w and ut are the
 * calling worker's scratch.
 */
static void initiate(dt_smp *M, size_t i, double *w, double *ut, double *dg)
{
    size_t n = M->n, d = M->d, j, k;
    const double *s = M->sp->s;
    double best = SMP_GAIN_MIN, pbest = 0.0;

    view(M, i, w, ut, dg);
    M->tgt[i] = n;
    for (j = 0; j < n; j++) {
        double pr, g;

        if (j == i)
            continue;
        g = chlg(M, ut, dg, i, j, &pr);
        if (g > best) {
            best = g;
            pbest = pr;
            M->tgt[i] = j;
        }
    }
    if (M->tgt[i] == n)
        return;
    j = M->tgt[i];
    if (M->o.bargain == DT_SMP_BARGAIN_INIT_RCVR) {
        double pj;

        view(M, j, w, ut, dg);
        (void)chlg(M, ut, dg, i, j, &pj);
        pbest = 0.5 * (pbest + pj);
    }
    /* Step 3: the bargain point, per dimension [S2P2 / S1P1]. */
    for (k = 0; k < d; k++) {
        double si = s[i * d + k], sj = s[j * d + k];
        double wi, wj, xi = M->x[i * d + k], xj = M->x[j * d + k];

        if (M->o.interp == DT_SMP_INTERP_S1P1) {
            wi = si * pbest;
            wj = sj * (1.0 - pbest);
        } else {
            wi = si * si * pbest * pbest;
            wj = sj * sj * (1.0 - pbest) * (1.0 - pbest);
        }
        M->bi[i * d + k] = round4(((wi + SMP_BRGN_EPS) * xi + wj * xj) /
                                  (wi + SMP_BRGN_EPS + wj));
        M->bj[i * d + k] = round4((wi * xi + (wj + SMP_BRGN_EPS) * xj) /
                                  (wi + SMP_BRGN_EPS + wj));
    }
}

/* dt__parallel_for task: worker `worker` handles initiator i. */
static void initiate_task(void *ctx, unsigned worker, size_t i)
{
    dt_smp *M = ctx;

    initiate(M, i, M->w + (size_t)worker * M->n,
             M->ut + (size_t)worker * M->n * M->n,
             M->dg + (size_t)worker * M->n);
}

dt_status dt_smp_step(dt_smp *M, dt_error *err)
{
    size_t n = M->n, d = M->d, i, k;

    (void)err;
    if (M->turns >= M->o.max_turns)
        return DT_OK;
    /*
     * Step 2: every actor's best challenge, if it gains. Each initiator
     * writes only its own tgt, bi and bj rows, so the workers' split of
     * the actors cannot change the result.
     */
    if (M->nw > 1 && n >= SMP_PARALLEL_MIN)
        dt__parallel_for((unsigned)M->nw, n, initiate_task, M);
    else
        for (i = 0; i < n; i++)
            initiate(M, i, M->w, M->ut, M->dg);
    /* Queues: status quo first, then bargains in initiator order. */
    for (k = 0; k < n; k++)
        M->qpos[k] = 1;
    for (i = 0; i < n; i++)
        if (M->tgt[i] < n) {
            M->qpos[i]++;
            M->qpos[M->tgt[i]]++;
        }
    M->qoff[0] = 0;
    for (k = 0; k < n; k++) {
        M->qoff[k + 1] = M->qoff[k] + M->qpos[k];
        M->qent[M->qoff[k]] = n;
        M->qpos[k] = M->qoff[k] + 1;
    }
    for (i = 0; i < n; i++)
        if (M->tgt[i] < n) {
            M->qent[M->qpos[i]++] = i;
            M->qent[M->qpos[M->tgt[i]]++] = i;
        }
    /* Step 4: each actor resolves its queue. */
    for (k = 0; k < n; k++) {
        size_t m = M->qoff[k + 1] - M->qoff[k], b, a, pick = 0;
        const size_t *e = M->qent + M->qoff[k];
        const double *src;

        if (m == 1) {
            memcpy(M->xn + k * d, M->x + k * d, d * sizeof *M->xn);
            continue;
        }
        for (a = 0; a < n; a++)
            for (b = 0; b < m; b++)
                M->u[a * m + b] = brgn_util(M, a, e[b]);
        pce(M, m, n, M->sp->c, M->u, m, M->p);
        if (M->o.trans == DT_SMP_TRANS_STOCHASTIC) {
            double r = dt_rng_uniform(&M->rng), acc = 0.0;

            pick = m - 1;
            for (b = 0; b < m; b++) {
                acc += M->p[b];
                if (r < acc) {
                    pick = b;
                    break;
                }
            }
        } else {
            for (b = 1; b < m; b++)
                if (M->p[b] > M->p[pick])
                    pick = b;
        }
        b = e[pick];
        if (b == n)
            src = M->x + k * d;
        else if (b == k)
            src = M->bi + b * d;
        else
            src = M->bj + b * d;
        memcpy(M->xn + k * d, src, d * sizeof *M->xn);
    }
    memcpy(M->x, M->xn, n * d * sizeof *M->x);
    M->turns++;
    memcpy(M->hx + (size_t)M->turns * n * d, M->x, n * d * sizeof *M->x);
    assess(M);
    win_probs(M, M->hp + (size_t)M->turns * n);
    /* Step 5: the stopping rule. */
    {
        double dt = state_dist(M, M->hx + (size_t)(M->turns - 1) * n * d, M->x);

        if (M->turns == 1)
            M->dist01 = dt;
        if (M->turns >= M->o.max_turns)
            M->stop = DT_STOP_ROUND_CAP;
        else if (M->turns >= M->o.min_turns &&
                 dt / (M->dist01 + SMP_STOP_EPS) < M->o.stop_ratio)
            M->stop = DT_STOP_CONVERGED;
    }
    return DT_OK;
}

dt_stop dt_smp_stop(const dt_smp *M)
{
    return M->stop;
}

dt_status dt_smp_run(dt_smp *M, dt_error *err)
{
    while (M->stop == DT_STOP_NONE) {
        dt_status rc = dt_smp_step(M, err);

        if (rc != DT_OK)
            return rc;
    }
    return M->stop == DT_STOP_CONVERGED ? DT_OK : DT_NOT_CONVERGED;
}

unsigned dt_smp_turns(const dt_smp *M)
{
    return M->turns;
}

const double *dt_smp_positions(const dt_smp *M, unsigned t)
{
    return t <= M->turns ? M->hx + (size_t)t * M->n * M->d : NULL;
}

const double *dt_smp_probs(const dt_smp *M, unsigned t)
{
    return t <= M->turns ? M->hp + (size_t)t * M->n : NULL;
}

void dt_smp_stats(const dt_smp *M, unsigned t, size_t k, double *mean,
                  double *median)
{
    size_t n = M->n, d = M->d, i, j;
    const double *x = dt_smp_positions(M, t <= M->turns ? t : M->turns);
    double sw = 0.0, swx = 0.0, half, bestv = INFINITY;

    for (i = 0; i < n; i++) {
        double w = M->sp->c[i] * M->sp->s[i * d + k];

        sw += w;
        swx += w * x[i * d + k];
    }
    *mean = sw > 0.0 ? 100.0 * swx / sw : (double)NAN;
    /*
     * Weighted median: the smallest position whose cumulative weight
     * reaches half; O(n^2) selection keeps this allocation-free.
     */
    half = 0.5 * sw;
    for (i = 0; i < n; i++) {
        double xi = x[i * d + k], acc = 0.0;

        for (j = 0; j < n; j++)
            if (x[j * d + k] <= xi)
                acc += M->sp->c[j] * M->sp->s[j * d + k];
        if (acc >= half && xi < bestv)
            bestv = xi;
    }
    *median = sw > 0.0 && isfinite(bestv) ? 100.0 * bestv : (double)NAN;
}

void dt_smp_result(const dt_smp *M, size_t k, dt_model_result *r,
                   double *probable)
{
    size_t n = M->n, i, best = 0;
    const double *x = dt_smp_positions(M, M->turns);
    const double *p = dt_smp_probs(M, M->turns);

    for (i = 1; i < n; i++)
        if (p[i] > p[best])
            best = i;
    dt_smp_stats(M, M->turns, k, &r->mean, &r->median);
    r->point = r->mean;
    r->stop = M->stop;
    r->rounds = M->turns;
    r->period = 0;
    if (probable)
        *probable = 100.0 * x[best * M->d + k];
}
