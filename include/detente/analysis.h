/*
 * detente: summit analysis. From a scenario with no-deal terms, red lines
 * and levers: the zone of possible agreement among the table actors (a
 * linear program, GLPK), the Nash bargaining deal over it, who supports
 * the deal and how durable it is, "table vs everyone" forecasts, and what
 * each pressure lever changes. Formulas, theory and limits are in
 * docs/analysis.md.
 */
#ifndef DETENTE_ANALYSIS_H
#define DETENTE_ANALYSIS_H

#include <stddef.h>

#include "error.h"
#include "model.h"
#include "scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * ----- Bargaining problems on plain arrays -----
 *
 * Utility convention (docs/analysis.md): actor a's utility of an outcome
 * x (one value per issue, 0-100) is
 *     U_a(x) = -sum_q (sal[a][q] / 100) * |x[q] - pos[a][q]|
 * over the issues where sal[a][q] > 0, and its no-deal utility is
 * no_deal[a] = U_a(n_a) - cost_a, computed by the caller.
 */

/*
 * A red line as a linear row: actor `actor` rejects every x with
 * sum_q coef[q] x[q] > at_most (when has_at_most) or < at_least (when
 * has_at_least). A per-issue red line is a row with one coefficient 1.
 */
typedef struct dt_limit {
    size_t actor;       /* index of the actor who holds it */
    const double *coef; /* n_issues coefficients (dense) */
    int has_at_most;    /* rejects sum > at_most */
    double at_most;     /* upper bound */
    int has_at_least;   /* rejects sum < at_least */
    double at_least;    /* lower bound */
    size_t issue;       /* per-issue red line: its issue, else (size_t)-1 */
    size_t constraint;  /* scenario constraint index, else (size_t)-1 */
} dt_limit;

/*
 * A bargaining problem. All arrays are borrowed. `alloc` is the hook the
 * solvers allocate their scratch arrays through (borrowed; NULL = the C
 * library's); a problem set up field by field with memset or = {0} gets
 * NULL.
 */
typedef struct dt_bargain {
    size_t n_actors;        /* actors */
    size_t n_issues;        /* issues */
    const double *pos;      /* n_actors x n_issues positions, 0-100 */
    const double *sal;      /* n_actors x n_issues saliences, 0 = no stake */
    const double *no_deal;  /* n_actors no-deal utilities D_a */
    const int *at_table;    /* n_actors: 1 at the table (bargains), 2 a
                               ratifier (its red lines and no-deal utility
                               constrain the zone and the deal, but it has
                               no Nash weight), 0 not a party; NULL =
                               every actor at 1 */
    const double *weight;   /* n_actors Nash weights > 0; NULL = all 1 */
    const double *ref;      /* n_issues tie-break point; NULL = 50 */
    size_t n_limits;        /* red lines */
    const dt_limit *limits; /* n_limits rows */
    /* Scratch allocations of the solvers; NULL = the C library's. */
    const dt_allocator *alloc;
} dt_bargain;

/* U_a(x) as above. Thread-safe. */
DT_API double dt_bargain_utility(const dt_bargain *b, size_t a,
                                 const double *x);

/* Whether limit k is crossed at x (with a 1e-7 tolerance). */
DT_API int dt_limit_crossed(const dt_bargain *b, size_t k, const double *x);

typedef enum dt_zone_status {
    DT_ZONE_SOLVED = 0,   /* the program was solved; see feasible */
    DT_ZONE_NO_TABLE = 1, /* nobody at the table: nothing to solve */
    DT_ZONE_RED_LINES = 2 /* the table actors' red lines contradict */
} dt_zone_status;

/*
 * Zone of possible agreement (docs/analysis.md, "Zone"): the largest t
 * such that some x in [0, 100]^n_issues keeps every table actor's red
 * lines and gives each U_a(x) - D_a >= t. Initialise with dt_zone_init,
 * release with dt_zone_release.
 */
typedef struct dt_zone {
    dt_zone_status status; /* whether the program could be posed */
    int feasible;          /* surplus > DT_ZONE_TOL: a deal beats no deal */
    double surplus;        /* t*, max-min surplus (utility units) */
    size_t n_actors;       /* entries in gain, price, binding */
    size_t n_issues;       /* entries in point */
    size_t n_limits;       /* entries in limit_binding, limit_price */
    double *point;         /* x*: the max-min point (tie-broken) */
    double *gain;          /* U_a(x*) - D_a for every actor */
    double *price;         /* dual of a's surplus row (0 off the table) */
    int *binding;          /* a's surplus row is tight with a dual > 0 */
    double *limit_price;   /* dual of each red line row (0 if none) */
    int *limit_binding;    /* red line tight with a dual > 0; with
                              DT_ZONE_RED_LINES: s + 1 for a member of
                              the s-th irreducible conflicting set */
    /* What the arrays came from (set by dt_zone_init). */
    const dt_allocator *alloc;
} dt_zone;

/* Surplus above which agreement counts as feasible. */
#define DT_ZONE_TOL 1e-7

/*
 * Allocate *z's arrays for the given sizes through `alloc` (borrowed: it
 * must outlive z; NULL = the C library's), which z keeps for
 * dt_zone_release. Returns DT_OK or DT_ENOMEM (then z holds nothing to
 * release). Thread-safe on distinct z.
 */
DT_API dt_status dt_zone_init(dt_zone *z, size_t n_actors, size_t n_issues,
                              size_t n_limits, const dt_allocator *alloc);
/*
 * Free what dt_zone_init allocated (through z->alloc) and zero *z.
 * NULL-safe; idempotent.
 */
DT_API void dt_zone_release(dt_zone *z);

/*
 * Solve the zone LP for `b` (borrowed) into `z` (initialised for b's
 * sizes). The point among the maximisers is the one nearest b->ref in
 * the 1-norm. Scratch arrays come from b->alloc (GLPK allocates its
 * program through its own allocator). Returns DT_OK (see z->status and
 * z->feasible), DT_EINVAL (sizes do not match, non-finite input),
 * DT_ENOMEM or DT_EINTERNAL (GLPK failed or the program was unbounded).
 * Thread-safe when GLPK is built thread-safe (Debian's is);
 * deterministic.
 */
DT_API dt_status dt_zone_solve(const dt_bargain *b, dt_zone *z, dt_error *err);

/*
 * The Nash bargaining solution (docs/analysis.md, "Deal"): the x in the
 * zone maximising sum_a w_a ln(U_a(x) - D_a) over table actors. Solved by
 * outer approximation of ln with tangent cuts (Kelley 1960) in GLPK, to
 * an optimality gap below 1e-10, then polished by Newton steps on the
 * face found (GSL LU); the point among the maximisers is the one
 * nearest b->ref.
 */
typedef struct dt_deal {
    int found;           /* 1 when a deal point was computed */
    size_t n_actors;     /* entries in gain */
    size_t n_issues;     /* entries in point */
    double *point;       /* the deal */
    double *gain;        /* U_a(deal) - D_a for every actor */
    double objective;    /* sum_a w_a ln gain_a, w normalised to sum 1 */
    double gap;          /* certified upper bound minus objective */
    unsigned iterations; /* LPs solved */
    /* What the arrays came from (set by dt_deal_init). */
    const dt_allocator *alloc;
} dt_deal;

/*
 * Allocate *d's arrays for the given sizes through `alloc` (borrowed: it
 * must outlive d; NULL = the C library's), which d keeps for
 * dt_deal_release. Returns DT_OK or DT_ENOMEM (then d holds nothing to
 * release). Thread-safe on distinct d.
 */
DT_API dt_status dt_deal_init(dt_deal *d, size_t n_actors, size_t n_issues,
                              const dt_allocator *alloc);
/*
 * Free what dt_deal_init allocated (through d->alloc) and zero *d.
 * NULL-safe; idempotent.
 */
DT_API void dt_deal_release(dt_deal *d);

/*
 * Solve for the Nash deal of `b` given its solved zone `z` (both
 * borrowed). When z is not feasible, d->found is 0 and DT_OK is returned
 * (no zone, no deal). Returns DT_OK, DT_NOT_CONVERGED (gap still above
 * tolerance after the iteration cap: d holds the best point found),
 * DT_EINVAL, DT_ENOMEM or DT_EINTERNAL. Scratch arrays come from
 * b->alloc. Thread-safety as dt_zone_solve.
 */
DT_API dt_status dt_deal_solve(const dt_bargain *b, const dt_zone *z,
                               dt_deal *d, dt_error *err);

/*
 * ----- Scenario analysis -----
 */

typedef enum dt_nash_weights {
    DT_WEIGHTS_EQUAL = 0,     /* every table actor weighs 1 */
    DT_WEIGHTS_CAPABILITY = 1 /* weight = the actor's capability */
} dt_nash_weights;

/*
 * A workspace for analysing many versions of one scenario in a row (a
 * sweep's draws, the rows of a variance decomposition): it remembers the
 * zone, the deal and the free surplus of the last few bargaining problems
 * it saw (DT_ANALYSIS_WS_MEMO of them), keyed by every number those
 * programs read (the table actors' positions, saliences, no-deal
 * utilities and Nash weights, their red lines, the tie-break point), and
 * hands them back when the same problem comes again instead of solving
 * it: a draw that changes only what the linear programs do not read (a
 * capability, an excluded actor's stake) costs no linear program. The
 * results are the same bits as a fresh solve (docs/analysis.md,
 * "Analysing many versions"). Opaque; one thread at a time. It holds
 * numbers only, no GLPK state, so it outlives dt_analysis_thread_end.
 */
typedef struct dt_analysis_ws dt_analysis_ws;

/*
 * Problems a workspace remembers (least recently used forgotten first);
 * fewer, but at least one, when they would take more than about 8 MiB
 * (large tables: an entry holds the table actors' positions and
 * saliences).
 */
#define DT_ANALYSIS_WS_MEMO 16

/*
 * New empty workspace allocating through `alloc` (borrowed: it must
 * outlive the workspace; NULL = the C library's). On success *out is new
 * (caller frees with dt_analysis_ws_free). Returns DT_OK or DT_ENOMEM.
 * Thread-safe; a workspace itself is used by one thread at a time.
 */
DT_API dt_status dt_analysis_ws_new(const dt_allocator *alloc,
                                    dt_analysis_ws **out, dt_error *err);
/* Free a workspace and what it remembers. NULL-safe. */
DT_API void dt_analysis_ws_free(dt_analysis_ws *ws);
/*
 * How many bargaining problems the workspace saw solved (*solved) and
 * found remembered (*reused) since it was made; either may be NULL; a
 * NULL ws counts 0.
 */
DT_API void dt_analysis_ws_stats(const dt_analysis_ws *ws, size_t *solved,
                                 size_t *reused);

/* Parts of the analysis that dt_analysis_opts.flags leaves out. */
enum dt_analysis_flags {
    /* No "table vs everyone" forecasts: table_forecast and full_forecast
       stay NaN (and so do the lever effects' shift_table, shift_full). */
    DT_ANALYSIS_NO_FORECASTS = 1u << 0,
    /* No zone without red lines: free_surplus stays NaN. */
    DT_ANALYSIS_NO_FREE_ZONE = 1u << 1
};

/* Options of dt_analyze. Initialise with DT_ANALYSIS_OPTS_INIT. */
typedef struct dt_analysis_opts {
    const dt_model_type *model; /* forecast model; NULL = eu */
    dt_model_opts model_opts;   /* its options */
    dt_nash_weights weights;    /* Nash weights */
    const size_t *levers;       /* lever indices to study (borrowed) */
    size_t n_levers;            /* entries in levers; 0 = every lever */
    int pairs;                  /* also study each pair of levers */
    int no_levers;              /* 1: study no lever (the scenario only) */
    unsigned flags;             /* enum dt_analysis_flags, 0 = everything */
    dt_analysis_ws *ws;         /* workspace to reuse (borrowed; NULL =
                                   none: every program solved afresh) */
} dt_analysis_opts;

#define DT_ANALYSIS_OPTS_INIT                                                  \
    {                                                                          \
        NULL, DT_MODEL_OPTS_INIT, DT_WEIGHTS_EQUAL, NULL, 0, 0, 0, 0u, NULL    \
    }

/* A red line as the analysis sees it, for explanations. */
typedef struct dt_analysis_limit {
    size_t actor;      /* who holds it */
    size_t issue;      /* per-issue red line: its issue, else (size_t)-1 */
    size_t constraint; /* cross-issue: scenario constraint index, else -1 */
} dt_analysis_limit;

/*
 * A ratification body's vote on the proposal (docs/analysis.md,
 * "Ratification"): a member accepts when no red line of its is crossed
 * and its gain is >= -DT_ZONE_TOL. Members are ranked acceptors first, then
 * by gain over no deal, highest first, ties in member order; the pivot
 * is the member at which the ranked weights first reach the quota. The
 * body ratifies exactly when its pivot supports the proposal.
 */
typedef struct dt_body_vote {
    size_t body;   /* scenario body index */
    double yes;    /* weight of the members who accept the proposal */
    double total;  /* weight of all members */
    double quota;  /* the body's quota */
    int ratified;  /* yes >= quota */
    size_t pivot;  /* scenario actor index of the pivotal member */
    double margin; /* yes - quota: > 0 room to lose, < 0 weight short */
} dt_body_vote;

/*
 * The vote of one body on plain arrays: n members with weights w[k] > 0,
 * whether each supports the proposal (sup[k]) and its gain over no deal
 * (gain[k]); ratified iff the supporters' weight reaches quota (with a
 * relative tolerance of 1e-12). Writes the pivot's member index (0..n-1)
 * into *pivot and the supporters' weight into *yes (either may be NULL).
 * Returns 1 when ratified, 0 when not (also when n is 0). Thread-safe;
 * no allocation (the ranking is recomputed by selection, O(n^2)).
 */
DT_API int dt_body_vote_solve(size_t n, const double *w, const int *sup,
                              const double *gain, double quota, size_t *pivot,
                              double *yes);

/* The analysis of one version of the scenario (baseline or levered). */
typedef struct dt_analysis_run {
    size_t n_actors;           /* as in the scenario */
    size_t n_issues;           /* as in the scenario */
    size_t n_limits;           /* red lines of every actor */
    dt_analysis_limit *limits; /* n_limits, in the order of the LP rows */
    double *table_forecast;    /* per issue; NaN: no table actor has a stake */
    double *full_forecast;     /* per issue; NaN: no actor has a stake */
    double *no_deal;           /* D_a per actor */
    dt_zone zone;              /* among table actors */
    double free_surplus;       /* zone surplus with every red line dropped:
                                  what the red lines cost (NaN: no table) */
    dt_deal deal;              /* found only when zone.feasible */
    const double *proposal;    /* deal.point if found, else zone.point, or
                                  NULL when the zone could not be posed */
    double *gain;              /* U_a(proposal) - D_a, every actor */
    int *supports;             /* gain > 0 and no own red line crossed */
    unsigned *crossed;         /* red lines of a crossed by the proposal */
    int *limit_crossed;        /* per limit */
    double *clout;             /* sum_q capability_aq * salience_aq / 100 */
    double durability;         /* supporters' clout / total clout, 0-1;
                                  NaN when no proposal or zero clout */
    size_t n_spoilers;         /* actors not supporting */
    size_t *spoilers;          /* their indices, heaviest clout first */
    /* What the arrays came from (the scenario's allocator). */
    const dt_allocator *alloc;
    size_t n_votes;      /* ratification bodies voted (0 without one) */
    dt_body_vote *votes; /* per body, in scenario order; NULL when the
                            bodies had no proposal to vote on */
    int ratified;        /* 1: every ratifier outside a body accepts the
                            proposal and every body ratifies it; 0: not;
                            -1: no proposal, or no ratifier at all */
    size_t n_ratifiers;  /* actors with role ratifier */
} dt_analysis_run;

/* A lever (or pair) and what it changes against the baseline. */
typedef struct dt_lever_effect {
    size_t n;                 /* 1 or 2 levers applied */
    size_t lever[2];          /* scenario lever indices */
    size_t by;                /* the user of lever[0] */
    dt_analysis_run run;      /* the levered scenario analysed */
    double shift_proposal;    /* fraction of the user's distance closed by
                                 the proposal (deal or zone point); NaN when
                                 undefined */
    double shift_table;       /* same for the table forecast */
    double shift_full;        /* same for the full forecast */
    double surplus_change;    /* zone surplus: levered - baseline */
    double durability_change; /* durability: levered - baseline (NaN if
                                 either is NaN) */
    int flip;                 /* +1 no agreement -> agreement, -1 back, 0 */
    int no_effect;            /* nothing reported moved by more than 1e-9 */
} dt_lever_effect;

/* The whole analysis. Caller frees with dt_analysis_free. */
typedef struct dt_analysis {
    const dt_model_type *model; /* forecast model used */
    dt_nash_weights weights;    /* Nash weights used */
    dt_analysis_run base;       /* the scenario as given */
    size_t n_effects;           /* entries in effects */
    dt_lever_effect *effects;   /* singles in lever order, then pairs */
    size_t *rank;               /* n_effects indices, strongest first */
    /* What it was allocated from (the scenario's allocator). */
    const dt_allocator *alloc;
} dt_analysis;

/*
 * Analyse `sc` (borrowed; the result copies what it needs, but allocates
 * through the scenario's allocator, which must outlive it) with `opts`
 * (NULL = defaults). On success *out is new (caller frees with
 * dt_analysis_free). Returns DT_OK, DT_ESCENARIO (an issue
 * with neither a status quo nor a no-deal position, so no-deal utilities
 * are undefined; the message names it), DT_EINVAL (bad lever index or
 * options), DT_ENOMEM or DT_EINTERNAL. Thread-safe (opts->ws, when given,
 * is written: one thread at a time per workspace); deterministic: the
 * same bits with or without a workspace, whatever it saw before.
 */
DT_API dt_status dt_analyze(const dt_scenario *sc, const dt_analysis_opts *opts,
                            dt_analysis **out, dt_error *err);
/* Free an analysis (through an->alloc). NULL-safe. */
DT_API void dt_analysis_free(dt_analysis *an);

/*
 * Free the state the analysis keeps per thread (GLPK's environment,
 * which lives in thread-local storage and is lost, not freed, when a
 * thread ends). A thread that ran dt_analyze calls this before it ends;
 * the state is rebuilt on the next use. Needed only by threads the
 * caller starts and stops (the sweep's workers).
 */
DT_API void dt_analysis_thread_end(void);

/*
 * Build the bargaining problem of `sc` (borrowed): positions, saliences,
 * no-deal utilities and red lines of every actor (table actors flagged).
 * Used by dt_analyze; exposed for tests and tools. *out is new, allocated
 * through the scenario's allocator (which must outlive it); free it with
 * dt_problem_free. The dt_bargain inside borrows from it, and its alloc
 * is the scenario's. Returns DT_OK, DT_ESCENARIO (as dt_analyze) or
 * DT_ENOMEM (or what building a model line returns). Thread-safe.
 */
typedef struct dt_problem dt_problem;
DT_API dt_status dt_problem_build(const dt_scenario *sc, dt_nash_weights w,
                                  dt_problem **out, dt_error *err);
DT_API const dt_bargain *dt_problem_bargain(const dt_problem *p);
DT_API void dt_problem_free(dt_problem *p);

/*
 * ----- The analysis in words -----
 *
 * One wording of the analysis's verdicts for every front end (the
 * terminal, the JSON "verdict" and "summary" values, the comparison, the
 * report). Each function writes like snprintf: at most n bytes into buf
 * (NUL-terminated when n > 0; buf may be NULL when n is 0) and returns
 * the length of the whole text, so a return >= n means it was cut. `sc`
 * is the analysed scenario (borrowed; for a lever effect's run, the same
 * scenario: levers change no ids), `r` and `e` belong to its analysis.
 * Thread-safe; the same input gives the same bytes.
 */

/*
 * Red line k of run r (k < r->n_limits): "usa's red line on scope" or
 * "dprk's cross-issue red line".
 */
DT_API size_t dt_analysis_limit_name(const dt_scenario *sc,
                                     const dt_analysis_run *r, size_t k,
                                     char *buf, size_t n);
/*
 * The bounds of red line k as a rule: "scope >= 50", "x >= 20 and x <=
 * 80", "sanctions_relief - 0.3 scope <= 0", "a + b in [10, 90]".
 */
DT_API size_t dt_analysis_limit_bounds(const dt_scenario *sc,
                                       const dt_analysis_run *r, size_t k,
                                       char *buf, size_t n);
/*
 * The verdict on agreement, naming the actors and red lines that drive
 * it (docs/analysis.md, "Verdicts"):
 *   "no agreement to analyse: no actor has role: table";
 *   "no agreement: the table's red lines contradict: A and B cannot both
 *   hold; C, D and E cannot all hold" (one clause per conflicting set);
 *   "no agreement (max-min surplus -6.5): B's red line on a and A's
 *   no-deal utility cannot both hold" (the binding rows), or, when one
 *   actor's no-deal utility alone binds, "no agreement (max-min surplus
 *   -3): no outcome gives A more than its no-deal utility (-20)";
 *   "agreement possible (max-min surplus 50.5); the zone is limited by
 *   russia's red line on ceasefire and usa's no-deal utility".
 * Numbers with %.3g. Lowercase, no final full stop.
 */
DT_API size_t dt_analysis_verdict(const dt_scenario *sc,
                                  const dt_analysis_run *r, char *buf,
                                  size_t n);
/*
 * Whether the proposal of run r is ratified (docs/analysis.md,
 * "Ratification"): "no ratifier"; "nothing to ratify: no proposal"; or
 * "ratified" / "not ratified", then for each ratifier outside a body that
 * does not support it "; ID vetoes (gain G[, red line crossed])" and for
 * each body "; ID ratifies|rejects (Y of T in favour, quota Q; pivot P,
 * gain G)" (the first clause after a colon). Numbers with %.3g/%.4g.
 */
DT_API size_t dt_analysis_ratification(const dt_scenario *sc,
                                       const dt_analysis_run *r, char *buf,
                                       size_t n);
/* The id of lever effect e: "aid_freeze", or "aid_freeze+tariffs". */
DT_API size_t dt_analysis_effect_name(const dt_scenario *sc,
                                      const dt_lever_effect *e, char *buf,
                                      size_t n);
/*
 * What lever effect e does, in one clause: "no effect on the analysis",
 * or ["turns no agreement into agreement; "] "moves the deal 25% of the
 * way toward usa" (or "no outcome to move toward usa") [", surplus
 * +1.43"] [", durability +0.10"].
 */
DT_API size_t dt_analysis_effect_summary(const dt_scenario *sc,
                                         const dt_lever_effect *e, char *buf,
                                         size_t n);

/*
 * ----- Comparison of scenarios -----
 *
 * Scenarios side by side (detente compare, the report's comparison): a
 * grid of rows, each with a machine key and a label, and one column per
 * scenario. The rows, in order:
 *   scenario, date, at_table ("at the table"), left_out ("left out"),
 *   issues, pressure_tools;
 *   status_quo.<issue> ("status quo: <issue>") for every issue id of
 *   every scenario, in order of first appearance (shared ids share a
 *   row); then deal.<issue> ("deal: <issue>") likewise;
 *   agreement ("agreement feasible"), surplus ("max-min surplus"),
 *   verdict ("why", dt_analysis_verdict), durability, spoilers ("top
 *   spoilers", the three heaviest), strongest_lever ("strongest lever":
 *   "id: summary" of the top-ranked effect), outcome ("observed
 *   outcome");
 *   when a scenario records an outcome (score.h): error.<model> ("error:
 *   <model>", every one-issue model with default options: its mean
 *   absolute error over the observed issues, "%.2f (N issues)"),
 *   error.deal ("error: deal", the analysis's deal) and
 *   verdict_vs_outcome ("zone verdict vs outcome": matched, missed or
 *   cannot say).
 * A cell is NULL where the scenario lacks the row's issue (or, for the
 * score rows, records no outcome). A scenario
 * without an analysis (NULL) reads "n/a" in the rows from deal.<issue>
 * on (but "-" for issues it lacks).
 */
typedef struct dt_compare dt_compare;

/*
 * Compare n >= 1 scenarios sc[0..n) with their analyses an[0..n) (an
 * may be NULL, or hold NULL entries: no analysis). Both are borrowed and
 * must outlive *out; the cells are copied. Allocates through the first
 * scenario's allocator. On success *out is new (caller frees with
 * dt_compare_free). Returns DT_OK, DT_EINVAL (n is 0 or a scenario is
 * NULL) or DT_ENOMEM. Thread-safe; deterministic.
 */
DT_API dt_status dt_compare_new(const dt_scenario *const *sc,
                                const dt_analysis *const *an, size_t n,
                                dt_compare **out, dt_error *err);
/* NULL-safe. */
DT_API void dt_compare_free(dt_compare *c);

/* Columns (scenarios) and rows. */
DT_API size_t dt_compare_n_scenarios(const dt_compare *c);
DT_API size_t dt_compare_n_rows(const dt_compare *c);
/* Scenario and analysis of column j (borrowed; the analysis may be NULL). */
DT_API const dt_scenario *dt_compare_scenario(const dt_compare *c, size_t j);
DT_API const dt_analysis *dt_compare_analysis(const dt_compare *c, size_t j);
/* Row i's machine key ("status_quo.scope") and label ("status quo:
 * scope"); NULL when i is out of range. Owned by c. */
DT_API const char *dt_compare_key(const dt_compare *c, size_t i);
DT_API const char *dt_compare_label(const dt_compare *c, size_t i);
/* The cell of row i, column j: owned by c; NULL when the scenario lacks
 * the row's issue or i, j are out of range. */
DT_API const char *dt_compare_cell(const dt_compare *c, size_t i, size_t j);
/* The row with this key, or (size_t)-1. */
DT_API size_t dt_compare_row(const dt_compare *c, const char *key);

#ifdef __cplusplus
}
#endif
#endif
