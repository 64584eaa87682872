/*
 * detente: sealed forecasts (src/lib/seal/). A record seals a forecast
 * before the event: the SHA-256 of the scenario file's bytes, the
 * version and build that made it, the options and seed, every model's
 * forecast per issue with its sweep interval (5-95 %) and its sorted
 * draws (what the CRPS needs), the summit analysis's verdicts (zone,
 * durability) and a resolution rubric per issue. Each section carries
 * its own SHA-256 digest, so an edit after sealing is named.
 *
 * dt_seal_verify re-runs a record and says whether it is reproduced bit
 * for bit, or what differs (input, version, options, which result).
 * dt_seal_resolve adds what happened; dt_seal_score scores resolved
 * records: absolute error, CRPS (Gneiting and Raftery 2007), interval
 * coverage, hit rates within 5 and 10 points, and the Brier score (1950)
 * of the probability of agreement, per model and over the ledger.
 * Workflow, formulas and limits: docs/judgement.md "Sealed forecasts";
 * the record's schema: docs/schema/seal.schema.json.
 */
#ifndef DETENTE_SEAL_H
#define DETENTE_SEAL_H

#include <stddef.h>
#include <stdint.h>

#include "doc.h"
#include "error.h"
#include "scoring.h"
#include "sweep.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Options of a seal. Initialise with DT_SEAL_OPTS_INIT. */
typedef struct dt_seal_opts {
    const char *const *models;  /* sweep model names (NULL: eu only) */
    size_t n_models;            /* entries in models */
    size_t n_draws;             /* draws of the sweep, >= 1 */
    uint64_t seed;              /* the sweep's seed */
    unsigned threads;           /* workers (results do not depend on it) */
    dt_sweep_analysis analysis; /* summit analysis on every draw */
} dt_seal_opts;

#define DT_SEAL_OPTS_INIT                                                      \
    {                                                                          \
        NULL, 0, 1000, 0, 1, DT_SWEEP_ANALYSIS_AUTO                            \
    }

/* A sealed-forecast record (a JSON document in memory). */
typedef struct dt_seal dt_seal;

/*
 * Seal the scenario file at `path`: read its bytes, hash them (SHA-256),
 * parse them (the format chosen as dt_scenario_load does), sweep with
 * `o`, analyse the scenario as written, and build the record. The path is
 * recorded as given. Returns DT_OK, DT_EIO, DT_ESCENARIO, DT_EINVAL (bad
 * options, an unknown model) or DT_ENOMEM.
 */
DT_API dt_status dt_seal_new(const char *path, const dt_seal_opts *o,
                             dt_seal **out, dt_error *err);
/*
 * Read a record (schema detente-seal/1) from the file at path, or from
 * buf[0..len) named `name`. Returns DT_OK, DT_EIO, DT_ESCENARIO (not a
 * record: the message gives the line and column, or the key) or
 * DT_ENOMEM.
 */
DT_API dt_status dt_seal_load(const char *path, dt_seal **out, dt_error *err);
DT_API dt_status dt_seal_parse(const char *buf, size_t len, const char *name,
                               dt_seal **out, dt_error *err);
DT_API void dt_seal_free(dt_seal *s);

/* The record as JSON (2-space indentation, reals with 17 digits). */
DT_API dt_status dt_seal_write_json(const dt_seal *s, dt_write_fn write,
                                    void *ud, dt_error *err);

/* The input file as recorded, and its recorded SHA-256 (hex). */
DT_API const char *dt_seal_input(const dt_seal *s);
DT_API const char *dt_seal_input_sha256(const dt_seal *s);

/*
 * The SHA-256 of len bytes at p as 64 lowercase hex digits and a NUL
 * (nettle's sha256, FIPS 180-4).
 */
DT_API void dt_sha256_hex(const void *p, size_t len, char hex[65]);

/* ----- Verification ----- */

/* What a difference concerns. */
typedef enum dt_seal_diff_kind {
    DT_SEAL_DIFF_INPUT = 0,   /* the input file's bytes (hash) */
    DT_SEAL_DIFF_VERSION = 1, /* the version or build that sealed it */
    DT_SEAL_DIFF_OPTIONS = 2, /* models, draws, seed, analysis */
    DT_SEAL_DIFF_RESULT = 3,  /* a forecast, interval, draw or verdict */
    DT_SEAL_DIFF_RECORD = 4   /* a section edited after sealing */
} dt_seal_diff_kind;

/* "input", "version", "options", "result", "record". */
DT_API const char *dt_seal_diff_kind_name(dt_seal_diff_kind k);

#define DT_SEAL_MAX_DIFFS 32

/* One difference, in words ("forecast eu/x: median was 41.2, now 43"). */
typedef struct dt_seal_diff {
    dt_seal_diff_kind kind;
    char what[256];
} dt_seal_diff;

/* The outcome of a verification (caller-owned, no allocation). */
typedef struct dt_seal_check {
    size_t n_diffs;                        /* total differences found */
    dt_seal_diff diffs[DT_SEAL_MAX_DIFFS]; /* the first DT_SEAL_MAX_DIFFS */
} dt_seal_check;

/*
 * Re-run record s on `input` (NULL: the file recorded) with the recorded
 * options on `threads` workers, and compare: each section's digest, the
 * input's hash, the version and build, then the results field by field.
 * chk->n_diffs is 0 when the record is reproduced bit for bit. Returns
 * DT_OK (whatever the differences; a file that no longer parses is a
 * difference too), DT_EINVAL (the recorded options are unusable) or
 * DT_ENOMEM.
 */
DT_API dt_status dt_seal_verify(const dt_seal *s, const char *input,
                                unsigned threads, dt_seal_check *chk,
                                dt_error *err);

/* ----- Resolution ----- */

/*
 * Record the observed value of an issue (on its 0-100 scale) or whether
 * an agreement was made (agreement: 1 yes, 0 no). Replaces an earlier
 * value. Returns DT_OK, DT_EINVAL (unknown issue, value outside 0-100;
 * the message lists the issues) or DT_ENOMEM.
 */
DT_API dt_status dt_seal_resolve(dt_seal *s, const char *issue, double value,
                                 dt_error *err);
DT_API dt_status dt_seal_resolve_agreement(dt_seal *s, int agreement,
                                           dt_error *err);

/* ----- Scoring ----- */

/* The CRPS of the sweep's draws is scoring.h's dt_crps_sorted. */

/* Scores of one model (or of every model pooled) over a ledger. */
typedef struct dt_seal_score_row {
    char model[32];     /* model name, or "all" */
    size_t n;           /* point forecasts scored (issue resolved) */
    double mae;         /* mean |forecast - observed| */
    double hit5, hit10; /* share with |forecast - observed| <= 5, 10 */
    size_t n_crps;      /* forecasts with at least one finite draw */
    double crps;        /* mean CRPS of the sweep's draws */
    size_t n_interval;  /* forecasts with an interval */
    double coverage;    /* share with observed in [q05, q95] */
} dt_seal_score_row;

/* The scores of a ledger of records. */
typedef struct dt_seal_score {
    size_t n_records;        /* records read */
    size_t n_resolved;       /* records with a resolution */
    size_t n_rows;           /* models in first-seen order, then "all" */
    dt_seal_score_row *rows; /* n_rows */
    size_t n_brier;          /* records with agreement and p_zone */
    double brier;            /* mean (p_zone - outcome)^2, NaN if none */
    const dt_allocator *alloc;
} dt_seal_score;

/*
 * Score the resolved forecasts of recs[0..n) (unresolved records and
 * issues are counted, not scored). Returns DT_OK or DT_ENOMEM.
 */
DT_API dt_status dt_seal_score_new(const dt_seal *const *recs, size_t n,
                                   dt_seal_score **out, dt_error *err);
DT_API void dt_seal_score_free(dt_seal_score *sc);
/* As a document (a table per model) and as JSON (detente-seal-score/1). */
DT_API dt_status dt_seal_score_doc(const dt_seal_score *sc, dt_doc *d,
                                   dt_error *err);
DT_API dt_status dt_seal_score_write_json(const dt_seal_score *sc,
                                          dt_write_fn write, void *ud,
                                          dt_error *err);

#ifdef __cplusplus
}
#endif
#endif
