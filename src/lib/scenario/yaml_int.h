/*
 * The YAML scenario parser's own state and helpers, shared by its files:
 *
 *   yaml.c         entry point, text checks, top level, issues, sources,
 *                  outcome, uncertainty
 *   yaml_actors.c  actors: stakes, red lines, cross-issue red lines
 *   yaml_levers.c  levers and their effects
 *   yaml_games.c   the game sections (staged_deal, threat, ratification,
 * bodies) yaml_node.c    the helpers below: errors, arena, node types, strings,
 *                  numbers, keys and id lookups
 *
 * Dependencies go one way: yaml.c -> yaml_actors.c, yaml_levers.c,
 * yaml_games.c -> yaml_node.c (yaml_levers.c also uses yaml_actors.c's
 * red line). Private to the scenario module.
 */
#ifndef DT_SCENARIO_YAML_INT_H
#define DT_SCENARIO_YAML_INT_H

#include <stdarg.h>

#include <yaml.h>

#include "scenario/scenario_int.h"

/* Errors are formatted into a buffer this long (dt_error's msg). */
#define YERR_MSG 256

/* One error, kept until the end so they can be reported in file order. */
typedef struct yerr {
    unsigned line;      /* 1-based, 0 when unknown */
    unsigned col;       /* 1-based, 0 when unknown */
    size_t seq;         /* order of discovery, breaks ties */
    char msg[YERR_MSG]; /* the message, as dt_error holds it */
} yerr;

/* An issue or actor id and its index, sorted by id for lookups. */
typedef struct idref {
    const char *id; /* borrowed from the scenario */
    size_t idx;     /* index in sc->issues or sc->actors */
} idref;

/* Parser state for one document. */
typedef struct yp {
    dt_scenario *sc;         /* being filled */
    dt__diag *d;             /* the caller's error sink */
    yaml_document_t *doc;    /* the loaded document */
    yerr *errs;              /* errors found so far */
    size_t n_errs;           /* entries in errs */
    size_t cap_errs;         /* capacity of errs */
    int nomem;               /* an allocation failed: stop */
    int issues_ok;           /* issue ids are known: check references */
    int issues_broken;       /* an issue without an id: don't guess */
    idref *issue_ids;        /* issue ids sorted by (id, index) */
    size_t n_issue_ids;      /* entries in issue_ids */
    unsigned char *referred; /* per issue: some actor names it */
    int actors_ok;           /* actor ids are known: check references */
    int actors_broken;       /* an actor without an id: don't guess */
    idref *actor_ids;        /* actor ids sorted by (id, index) */
    size_t n_actor_ids;      /* entries in actor_ids */
    size_t cap_constraints;  /* capacity of sc->constraints */
    size_t *term_seen;       /* per issue: constraint serial + 1 naming it */
    unsigned *term_line;     /* per issue: line of that term */
} yp;

/* What a number may be. */
enum range {
    R_FINITE, /* any finite number */
    R_PCT,    /* 0-100 */
    R_NONNEG, /* >= 0 */
    /* Flag: the number may carry an uncertainty (sd or range). */
    R_SPREAD = 8
};

/* ---- Errors and memory (yaml_node.c). ---- */

/* Whether to stop: out of memory, or the caller's max_errors reached. */
int dt__yaml_full(const yp *p);
/* Record an error at `at`; reported in file order by dt__yaml_flush. */
void dt__yaml_err(yp *p, dt_loc at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/*
 * Pass the errors to the caller's sink in file order. DT_OK when there
 * were none, DT_ESCENARIO, or DT_ENOMEM after an allocation failed.
 */
dt_status dt__yaml_flush(yp *p);
/* 1-based line and column of a libyaml mark, and of a node's start. */
dt_loc dt__yaml_mark_loc(yaml_mark_t m);
dt_loc dt__yaml_loc(const yaml_node_t *n);
/* n zeroed objects of `size` bytes in the scenario's arena, or NULL. */
void *dt__yaml_alloc(yp *p, size_t n, size_t size);

/* ---- Nodes and strings (yaml_node.c). ---- */

/* Node idx of the document, or NULL. */
yaml_node_t *dt__yaml_node(const yp *p, int idx);
/* A scalar node's text. */
const char *dt__yaml_scalar(const yaml_node_t *n);
/* How a node that has the wrong type is described: "a list", "'abc'". */
const char *dt__yaml_describe(const yaml_node_t *n, char buf[DT__QUOTE + 8]);
/* Whether n has this type (a scalar: and is not null); else an error. */
int dt__yaml_type(yp *p, const yaml_node_t *n, yaml_node_type_t type,
                  const char *key);
/*
 * A boolean field: 1 for true, 0 for false; anything else is an error
 * ("expected true or false for 'KEY', got '...'") and gives -1.
 */
int dt__yaml_bool(yp *p, const yaml_node_t *n, const char *key);
/* A string field: a copy in the arena, or NULL after an error. */
const char *dt__yaml_str(yp *p, const yaml_node_t *n, const char *key);
/* An id field ([A-Za-z0-9_.-]+), checked; `what` names it ("issue"). */
const char *dt__yaml_id(yp *p, const yaml_node_t *n, const char *what);
/*
 * Check a list node for 'issues', 'actors' or 'effects' (an empty one is
 * an error); returns its length.
 */
size_t dt__yaml_list(yp *p, const yaml_node_t *n, const char *key,
                     const char *what);
/* "a, b, c" into buf (size bytes), cut with "..." when it does not fit. */
void dt__yaml_join(const char *const *words, size_t n, char *buf, size_t size);

/* ---- Numbers (yaml_node.c). ---- */

/* A plain scalar number; `key` names it in messages. */
int dt__yaml_plain_num(yp *p, const yaml_node_t *n, const char *key,
                       enum range r, dt_value *out);
/*
 * NUMBER: a plain number or {value: N, note: "..."}; with R_SPREAD in r
 * also {value: N, sd: S} or {value: N, range: [L, H]}.
 */
int dt__yaml_num(yp *p, const yaml_node_t *n, const char *key, enum range r,
                 dt_value *out);

/* ---- Mappings with a fixed set of keys (yaml_node.c). ---- */

/*
 * Look the keys of map up in keys[]: vals[k] (and key_nodes[k]) is the
 * value of keys[k] or NULL. Unknown and duplicate keys are errors named
 * with `where` ("in stake"). Returns 0 when map is not a mapping.
 */
int dt__yaml_keys(yp *p, const yaml_node_t *map, const char *where,
                  const char *const *keys, size_t n_keys, yaml_node_t **vals,
                  yaml_node_t **key_nodes);

/* ---- Ids (yaml_node.c). ---- */

/*
 * Sort ids[0..n) and report each repeated id at its later occurrences;
 * loc_of gives the place of entry idx. Sorting keeps a scenario with many
 * actors or issues from taking quadratic time.
 */
void dt__yaml_dup_ids(yp *p, idref *ids, size_t n, const char *what,
                      const dt_loc *(*loc_of)(const yp *, size_t));
/* Index of the first issue (actor) with this id, or (size_t)-1. */
size_t dt__yaml_find_issue(const yp *p, const char *id);
size_t dt__yaml_find_actor(const yp *p, const char *id);
/*
 * Whether issue i is the one its id refers to: it has a valid id and no
 * earlier issue has the same one.
 */
int dt__yaml_is_canonical(const yp *p, size_t i);
/*
 * Resolve an issue-id key of an actor's or the outcome's issues mapping.
 * Returns the index, or (size_t)-1 after reporting an unknown id.
 */
size_t dt__yaml_issue_key(yp *p, const yaml_node_t *key);

/* ---- Sections. ---- */

/* The actors list (yaml_actors.c); needs the issues. */
void dt__yaml_actors(yp *p, const yaml_node_t *n);
/* A red line {above, below, note} (yaml_actors.c). */
void dt__yaml_red_line(yp *p, const yaml_node_t *n, dt_red_line *rl);
/* The levers list; may be empty. Needs the actors and issues. */
void dt__yaml_levers(yp *p, const yaml_node_t *n);
/* The game sections (yaml_games.c); any of the three may be NULL. */
void dt__yaml_games(yp *p, const yaml_node_t *staged, const yaml_node_t *threat,
                    const yaml_node_t *ratification);

/* The ratification bodies (yaml_roles.c); needs the actors. */
void dt__yaml_bodies(yp *p, const yaml_node_t *n);

/* The phases (yaml_phases.c); needs the actors, issues and levers. */
void dt__yaml_phases(yp *p, const yaml_node_t *n);

#endif
