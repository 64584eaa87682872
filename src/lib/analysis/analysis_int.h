/*
 * Private declarations of the analysis module: the GLPK program shared by
 * the zone LP and the Nash cutting-plane loop (lp.c), the support and
 * forecast helpers used by dt_analyze.
 */
#ifndef DT_ANALYSIS_INT_H
#define DT_ANALYSIS_INT_H

#include <glpk.h>

#include "internal.h"
#include <detente/analysis.h>

/* Tolerances: see docs/analysis.md, "Numerical tolerances". */
#define DT__AN_DUAL_TOL  1e-9 /* a dual above this marks a binding row */
#define DT__AN_SLACK_TOL 1e-7 /* a slack below this marks a tight row */

/*
 * The common part of both programs over x in [0, 100]^m:
 *   d_aq >= |x_q - p_aq|         (two rows per stake of a table actor)
 *   red-line rows of table actors
 *   surplus rows  -sum_q w_aq d_aq [- t] >= D_a   for table actors
 * Columns and rows are 1-based, as in GLPK.
 */
typedef struct dt__lp {
    glp_prob *P;               /* the program */
    const dt_allocator *alloc; /* the problem's, for the arrays below */
    size_t n_actors;           /* as in the problem */
    size_t n_issues;           /* as in the problem */
    size_t n_limits;           /* as in the problem */
    int col_x;                 /* column of x_0; x_q is col_x + q */
    int col_t;                 /* column of t, or 0 */
    int col_e;                 /* first tie-break column e_q, or 0 */
    int *col_d;                /* n_actors x n_issues columns of d, 0 = none */
    int *row_surplus;          /* n_actors rows, 0 off the table */
    int *row_limit;            /* n_limits rows, 0 for limits off the table */
    int *ind;                  /* scratch: 1-based indices for one row (width
                                  n_issues * (n_actors + 2) + 4) */
    double *val;               /* scratch: values for one row (same width) */
} dt__lp;

/*
 * Build the common program; with_t adds t to every surplus row (zone),
 * else surplus rows read u_a >= 0 (Nash). Returns DT_OK or DT_ENOMEM.
 */
dt_status dt__lp_build(dt__lp *lp, const dt_bargain *b, int with_t,
                       dt_error *err);
void dt__lp_release(dt__lp *lp);
/* Run the simplex; returns the GLPK status (GLP_OPT, ...) or -1. */
int dt__lp_solve(dt__lp *lp);
/* Copy x out. */
void dt__lp_point(const dt__lp *lp, double *x);
/*
 * Switch to the tie-break: add e_q >= |x_q - ref_q| and minimise sum e_q
 * (the caller first fixes what must stay optimal). Returns GLPK status.
 */
int dt__lp_tiebreak(dt__lp *lp, const dt_bargain *b);
/* Check sizes and finiteness of b's data. */
dt_status dt__bargain_check(const dt_bargain *b, dt_error *err);
/* Number of actors who bargain (ratifiers do not count). */
size_t dt__bargain_n_table(const dt_bargain *b);
int dt__bargain_at_table(const dt_bargain *b, size_t a);
/* Whether a bargains (at_table 1): has a Nash weight in the deal. */
int dt__bargain_bargains(const dt_bargain *b, size_t a);

/* ----- dt_analysis_run pieces (support.c, table.c) ----- */
dt_status dt__run_init(dt_analysis_run *r, const dt_problem *p, dt_error *err);
void dt__run_release(dt_analysis_run *r);
/* The ratifiers' and bodies' verdict on r's proposal (ratify.c). */
dt_status dt__run_ratify(dt_analysis_run *r, const dt_scenario *sc,
                         dt_error *err);
/*
 * Zone, deal (and, unless o->flags has DT_ANALYSIS_NO_FREE_ZONE, the free
 * surplus), support and durability of r for problem p; through o->ws's
 * memory when given.
 */
dt_status dt__run_bargain(dt_analysis_run *r, const dt_problem *p,
                          const dt_analysis_opts *o, dt_error *err);

/* ----- The workspace's memory of solved problems (memo.c) ----- */
/*
 * Look b up: on a hit (*hit = 1) r's zone, deal and (when want_free)
 * free surplus are filled as the solvers would, every gain recomputed
 * from b. Either way the key stays in ws for dt__memo_keep. Returns DT_OK
 * or DT_ENOMEM.
 */
dt_status dt__memo_find(dt_analysis_ws *ws, const dt_bargain *b, int want_free,
                        dt_analysis_run *r, int *hit, dt_error *err);
/*
 * Remember r's zone, deal and free surplus (when have_free) under the key
 * of the last dt__memo_find, in place of the least recently used entry.
 * Returns DT_OK or DT_ENOMEM.
 */
dt_status dt__memo_keep(dt_analysis_ws *ws, const dt_analysis_run *r,
                        int have_free, dt_error *err);
/*
 * Table-only and full forecasts of sc into r; lines already forecast in
 * this analysis are taken from the cache, new ones are added to it.
 */
dt_status dt__run_forecasts(dt_analysis_run *r, const dt_scenario *sc,
                            const dt_model_type *type, const dt_model_opts *mo,
                            dt_forecast_cache *cache, dt_error *err);
/* Analyse one scenario completely into r (initialised here). */
dt_status dt__run_scenario(dt_analysis_run *r, const dt_scenario *sc,
                           const dt_analysis_opts *o, dt_forecast_cache *fc,
                           dt_error *err);

/* One lever (or pair) in e->lever re-analysed against base (levers.c). */
dt_status dt__lever_effect(dt_lever_effect *e, const dt_scenario *sc,
                           const dt_analysis_run *base, const dt_problem *p,
                           const dt_analysis_opts *o, dt_forecast_cache *fc,
                           dt_error *err);
/* Fill an->rank, strongest lever first. */
void dt__lever_rank(dt_analysis *an);

/* The problem object (problem.c). */
struct dt_problem {
    dt_bargain b;            /* borrows the arrays below */
    double *pos;             /* n_actors x n_issues */
    double *sal;             /* n_actors x n_issues */
    double *no_deal;         /* n_actors */
    int *at_table;           /* n_actors */
    double *weight;          /* n_actors */
    double *ref;             /* n_issues */
    double *clout;           /* n_actors */
    dt_limit *limits;        /* n_limits */
    double *coef;            /* n_limits x n_issues */
    dt_analysis_limit *meta; /* n_limits */
};

#endif
