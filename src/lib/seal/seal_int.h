/*
 * Private declarations of the seal module (docs/judgement.md, "Sealed
 * forecasts"):
 *   seal.c     building a record (hash, sweep, analysis, rubric), reading
 *              and writing it, the section digests
 *   verify.c   re-running a record and naming what differs
 *   resolve.c  adding what happened
 *   score.c    CRPS, coverage, hit rates and Brier over a ledger
 */
#ifndef DT_SEAL_INT_H
#define DT_SEAL_INT_H

#include <jansson.h>

#include "internal.h"

#include <detente/seal.h>

#define DT__SEAL_SCHEMA "detente-seal/1"
/* Largest input or record read (a record holds every draw). */
#define DT__SEAL_MAX_BYTES (256u * 1024u * 1024u)

struct dt_seal {
    json_t *rec;               /* the record */
    const dt_allocator *alloc; /* NULL: the C library's */
};

/* The sealed sections, in the record's order. */
extern const char *const dt__seal_sections[];
#define DT__SEAL_N_SECTIONS 6

/*
 * Build the record's sealed sections (everything but "seal" and
 * "resolution") for the bytes buf[0..len) of the file `path` (as
 * recorded; `name` in messages), with options o; *out is a new object. Returns
 * DT_OK, DT_ESCENARIO, DT_EINVAL or DT_ENOMEM.
 */
dt_status dt__seal_build(const char *path, const char *name, const char *buf,
                         size_t len, const dt_seal_opts *o, json_t **out,
                         dt_error *err);
/* SHA-256 (hex) of section v's canonical JSON (compact, sorted keys). */
int dt__seal_digest(const json_t *v, char hex[65]);
/* Read a whole file into *buf (len bytes, NUL-terminated, cap allocated). */
dt_status dt__seal_read(const char *path, const dt_allocator *alloc, char **buf,
                        size_t *len, size_t *cap, dt_error *err);

#endif
