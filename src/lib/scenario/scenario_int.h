/*
 * Private layout of dt_scenario, shared by the scenario module's parsers
 * (yaml.c, csv.c, ktab_*.c; csvread.c, declared in ../csvread.h, reads
 * CSV records for the two CSV ones) and accessors (scenario.c). Everything
 * lives in the scenario's arena.
 */
#ifndef DT_SCENARIO_INT_H
#define DT_SCENARIO_INT_H

#include "csvread.h"
#include "internal.h"

/* One parameter slot: a number of the scenario (slot.c). */
typedef struct dt__slot {
    dt_slot_kind kind; /* what it is */
    size_t actor;      /* scenario actor index, or (size_t)-1 */
    size_t issue;      /* scenario issue index, or (size_t)-1 */
} dt__slot;

/*
 * A scenario and its clones (clone.c): a clone shares everything of its
 * origin but the numbers a slot or a lever can change (issues, actors,
 * the stakes, no-deal terms), which it copies into its own arena; its
 * pointers to strings, levers, constraints and game sections point into
 * the origin's arena, which the origin's reference count keeps alive.
 * A new field that slots or levers change must be copied in clone.c.
 */
struct dt_scenario {
    dt__arena arena;             /* owns what this scenario allocated */
    dt_scenario *origin;         /* a clone: the loaded scenario it shares
                                    with (kept alive), else NULL */
    _Atomic size_t refs;         /* 1 + clones sharing this one's arena */
    size_t n_slots;              /* entries in slots */
    const dt__slot *slots;       /* parameter slots (shared by clones) */
    const dt_allocator *alloc;   /* hook, borrowed */
    dt_scenario_format format;   /* YAML or CSV */
    const char *path;            /* name used in messages */
    const char *name;            /* scenario name */
    const char *date;            /* or NULL */
    const char *description;     /* or NULL */
    const char *note;            /* scenario-wide note, or NULL */
    size_t n_sources;            /* entries in sources */
    const char **sources;        /* citations */
    size_t n_issues;             /* entries in issues */
    dt_issue *issues;            /* in file order */
    size_t n_actors;             /* entries in actors */
    dt_actor *actors;            /* in file order */
    dt_stake **stakes;           /* n_actors x n_issues, NULL = no stake */
    int has_outcome;             /* whether outcome is set */
    dt_outcome outcome;          /* what happened */
    int *has_outcome_value;      /* per issue */
    dt_value *outcome_value;     /* per issue */
    double salience_divisor;     /* YAML: 100; CSV: see dt_line */
    struct dt__ktab_extra *ktab; /* KTAB XML parameters, or NULL */
    dt_no_deal *no_deal;         /* per actor, or NULL (CSV: none given) */
    size_t n_constraints;        /* entries in constraints */
    dt_constraint *constraints;  /* cross-issue red lines, in file order */
    size_t n_levers;             /* entries in levers */
    dt_lever *levers;            /* in file order */
    dt_uncertainty uncertainty;  /* scenario-wide default spreads */
    struct dt_games *games;      /* game sections (yaml_games.c), or NULL;
                                    not copied by levers.c */
    size_t n_bodies;             /* entries in bodies */
    dt_body *bodies;             /* ratification bodies (yaml_roles.c) */
    size_t n_phases;             /* entries in phases */
    dt_phase *phases;            /* timeline (yaml_phases.c, phase.c) */
    size_t n_whatif;             /* entries in whatif */
    const char **whatif;         /* what-if changes applied (whatif.c), in
                                    this scenario's arena; clone.c copies */
};

/*
 * The parameter slots of a parsed scenario (slot.c): every number a
 * sweep, a lever or a what-if may change, in a fixed order. Called once
 * a parser (or the builder) has finished. DT_OK or DT_ENOMEM.
 */
dt_status dt__scenario_slots(dt_scenario *sc, dt_error *err);

/*
 * The slot with this id into *k, or DT_EINVAL with a message naming the
 * closest ids (whatif.c).
 */
dt_status dt__slot_lookup(const dt_scenario *sc, const char *id, size_t *k,
                          dt_error *err);

/* New empty scenario with its arena. */
dt_status dt__scenario_new(const dt_allocator *alloc, const char *path,
                           dt_scenario **out, dt_error *err);

/*
 * Parsers: fill the empty scenario sc from buf. Report every error
 * through d; return DT_OK when none was found.
 */
dt_status dt__scenario_parse_yaml(dt_scenario *sc, const char *buf, size_t len,
                                  dt__diag *d);
dt_status dt__scenario_parse_csv(dt_scenario *sc, const char *buf, size_t len,
                                 dt__diag *d);
/*
 * KTAB's CSV (ktab_csv.c); sniff: whether the first two lines are KTAB's
 * (1 yes, 0 no, -1 out of memory: its scratch comes from alloc).
 * dt__scenario_format_sniff is dt_scenario_format_guess with the
 * caller's allocator, DT_ENOMEM when it runs out.
 */
dt_status dt__scenario_parse_ktab_csv(dt_scenario *sc, const char *buf,
                                      size_t len, dt__diag *d);
int dt__ktab_csv_sniff(const char *buf, size_t len, const dt_allocator *alloc);
dt_status dt__scenario_format_sniff(const char *name, const char *buf,
                                    size_t len, const dt_allocator *alloc,
                                    dt_scenario_format *fmt);
/*
 * The multi-issue CSV table (table_csv.c); sniff: whether a ".csv" is one
 * (a '#' line first, or an "issue" column in the column header).
 */
dt_status dt__scenario_parse_table_csv(dt_scenario *sc, const char *buf,
                                       size_t len, dt__diag *d);
int dt__table_csv_sniff(const char *buf, size_t len);
/* KTAB's XML (ktab_xml.c, libxml2). */
dt_status dt__scenario_parse_ktab_xml(dt_scenario *sc, const char *buf,
                                      size_t len, dt__diag *d);

/*
 * Text helpers shared by the parsers (text.c). Messages quote at most
 * DT__QUOTE bytes of the offending text.
 */
#define DT__QUOTE 48

/*
 * The largest magnitude of a number in a scenario that has no 0-100
 * scale (capability, no-deal cost, coefficients): larger values only
 * overflow the models' products (docs/scenario-format.md "Numbers").
 */
#define DT__VALUE_MAX 1e9

/*
 * Length of the valid UTF-8 sequence at s (at most n bytes), or 0 when it
 * is invalid (RFC 3629: no overlong forms, surrogates or code points past
 * U+10FFFF).
 */
size_t dt__utf8_len(const unsigned char *s, size_t n);
/* Whether s is a valid issue or actor id: [A-Za-z0-9_.-]+. */
int dt__valid_id(const char *s);
/* Most actor x issue cells a scenario may have (YAML and the builder). */
#define DT__MAX_CELLS (16u * 1024u * 1024u)
/* Decimal syntax: [+-] digits [. digits] [e [+-] digits], nothing else. */
int dt__is_decimal(const char *s);
/* .nan, .inf, -.Inf (YAML 1.1) and nan, inf, infinity in any case. */
int dt__is_nonfinite(const char *s);
/*
 * Copy at most DT__QUOTE bytes of s into buf for a message, cut at a
 * character boundary, control characters shown as '?', "..." appended
 * when cut. Returns buf.
 */
const char *dt__excerpt(const char *s, char buf[DT__QUOTE + 4]);

#endif
