/*
 * detente: the DEU data set (Decision-making in the European Union:
 * Thomson et al. 2006, 2012; DEU III, Arregui and Perarnaud 2022) in its
 * wide format, one row per contested issue, and the capability
 * conventions for its actors (Council weights by period, equal, or a
 * table). The backtest (backtest.h) scores the models on it.
 */
#ifndef DETENTE_DEU_H
#define DETENTE_DEU_H

#include <stddef.h>

#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- The DEU wide format ---------------------------------------------- */

/* The Council's voting rule on a proposal (DEU's `counvte` column). */
typedef enum dt_deu_rule {
    DT_DEU_RULE_UNKNOWN = 0,  /* not coded (or no counvte column) */
    DT_DEU_RULE_QMV = 1,      /* qualified majority ("QMV", "QMV(10)") */
    DT_DEU_RULE_UNANIMITY = 2 /* unanimity ("Unan") */
} dt_deu_rule;

/*
 * One row (one contested issue). Actor positions and saliences are on
 * 0-100; only actors with both are listed.
 */
typedef struct dt_deu_issue {
    const char *proposal;  /* `prnr`, e.g. "d00032" */
    const char *id;        /* `isnr`, e.g. "d00032i1" */
    size_t proposal_index; /* dense index, in order of first appearance */
    int year;              /* of the final act, else of the proposal; 0 */
    int final_year;        /* of the final act; 0 when not coded */
    int has_rp;            /* whether the reference point is coded */
    double rp;             /* reference point (status quo), 0-100 */
    int has_outcome;       /* whether the outcome is coded */
    double outcome;        /* actual outcome, 0-100 */
    size_t n;              /* actors with both position and salience */
    const size_t *actor;   /* their dataset actor indices (ascending) */
    const double *x;       /* their positions */
    const double *s;       /* their saliences, 0-100 */
    unsigned line;         /* 1-based line in the file */
    dt_deu_rule rule;      /* the Council's voting rule (counvte) */
} dt_deu_issue;

typedef struct dt_deu dt_deu;

/*
 * Whether `header` (the first line of a file, borrowed; NUL-terminated or
 * ending at a newline) looks like the DEU wide format: it has the columns
 * prnr, isnr, outcome and at least one p_<actor>.
 */
DT_API int dt_deu_is_header(const char *header);

/*
 * Parse the `len` bytes at `buf` (borrowed; `name` is used in messages).
 * Required columns: prnr, isnr, outcome, rp, and p_<actor> with a matching
 * s_<actor> for every actor; intro_date and final_act_date are used when
 * present (YYYY-MM-DD, for the capability period), and counvte for the
 * voting rule (dt_deu_rule). Blank = missing. On
 * success *out is new (caller frees with dt_deu_free). Errors carry the
 * file, line and column: DT_ESCENARIO for a missing column, a non-numeric
 * or out-of-range (not 0-100) cell, a ragged row or a bad date; DT_ENOMEM.
 * Thread-safe; deterministic.
 */
DT_API dt_status dt_deu_parse(const char *buf, size_t len, const char *name,
                              const dt_allocator *alloc, dt_deu **out,
                              dt_error *err);

/* As dt_deu_parse, from the file at `path`. Also DT_EIO. */
DT_API dt_status dt_deu_load(const char *path, const dt_allocator *alloc,
                             dt_deu **out, dt_error *err);

/* Free a data set. NULL is a no-op. */
DT_API void dt_deu_free(dt_deu *d);

DT_API size_t dt_deu_n_issues(const dt_deu *d);
DT_API const dt_deu_issue *dt_deu_issue_at(const dt_deu *d, size_t i);
DT_API size_t dt_deu_n_actors(const dt_deu *d);
/* The actor code (the column suffix, e.g. "com", "de"); owned by d. */
DT_API const char *dt_deu_actor(const dt_deu *d, size_t a);
DT_API size_t dt_deu_n_proposals(const dt_deu *d);
/* The name the data set was read under (the path, or parse's `name`). */
DT_API const char *dt_deu_name(const dt_deu *d);

/* ---- Capability ------------------------------------------------------- */

/*
 * DT_CAPABILITY_COUNCIL takes the period from the final act's year; an
 * issue whose final act is not coded gets the Nice weights. That is the
 * convention that reproduces the baseline of tests/data/README.md
 * (compromise MAE 23.71 on the 250 scoreable dev issues); taking the
 * proposal's year when the final act's is missing gives 23.80 instead.
 * See docs/accuracy.md.
 */
typedef enum dt_capability_kind {
    DT_CAPABILITY_COUNCIL = 0, /* Council weights by period (data README) */
    DT_CAPABILITY_EQUAL = 1,   /* every actor 1 */
    DT_CAPABILITY_TABLE = 2    /* one value per actor from a file */
} dt_capability_kind;

/*
 * The Council-weight convention of tests/data/README.md for actor
 * `code` (DEU column suffix) in `year`: pre-Nice weights up to 2004, Nice
 * weights 2005-2014, population in millions (Eurostat, 1 January 2015)
 * from 2015; "com" and "ep" get the largest member's weight; everything
 * rescaled so the maximum is 100. A state with no weight in that period
 * (not yet a member) gets 0, and so drops out of the weighted models.
 * Returns -1 for a code that is not a DEU actor.
 */
DT_API double dt_deu_council_weight(const char *code, int year);

/*
 * Read a capability table for the actors of `d` (borrowed) from the CSV
 * at `path`: a header `actor,capability`, then one row per actor code.
 * On success *out (n = dt_deu_n_actors(d) values, new, allocated through
 * d's allocator) holds each actor's value; the caller frees it with
 * dt_deu_capability_free(d, *out) while d is alive. On failure *out is
 * NULL. Returns DT_OK, DT_ESCENARIO (with line and column) for an unknown
 * actor code, a duplicate, a non-numeric or negative value, or an actor
 * coded in the data but missing from the table; DT_EIO; DT_ENOMEM.
 * Thread-safe.
 */
DT_API dt_status dt_deu_capability_load(const dt_deu *d, const char *path,
                                        double **out, dt_error *err);
/*
 * Free a table from dt_deu_capability_load on the same `d` (borrowed).
 * NULL v (or d) is a no-op.
 */
DT_API void dt_deu_capability_free(const dt_deu *d, double *v);

#ifdef __cplusplus
}
#endif
#endif
