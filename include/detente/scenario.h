/*
 * detente: scenarios. A scenario names the issues under negotiation (each
 * a 0-100 scale), the actors (at the table or excluded), and per actor and
 * issue a position, a salience and optionally a red line. Loaded once from
 * YAML (docs/scenario-format.md) or from a classic one-issue CSV actor
 * table, then immutable: threads may share a dt_scenario freely.
 */
#ifndef DETENTE_SCENARIO_H
#define DETENTE_SCENARIO_H

#include <stddef.h>

#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Position of a value in its source file; 1-based, 0 when unknown. */
typedef struct dt_loc {
    unsigned line; /* 1-based line */
    unsigned col;  /* 1-based column */
} dt_loc;

/*
 * The uncertainty of a number (docs/scenario-format.md "Uncertainty"):
 * `{value: 55, sd: 10}` is normal, `{value: 55, range: [40, 70]}` uniform.
 */
typedef enum dt_spread_kind {
    DT_SPREAD_NONE = 0,    /* none written (the scenario default applies) */
    DT_SPREAD_NORMAL = 1,  /* normal(value, sd), truncated to the valid range */
    DT_SPREAD_UNIFORM = 2, /* uniform on [lo, hi] */
    DT_SPREAD_MIXTURE = 3  /* sweeps only: the mixture of several analysts'
                              estimates (estimates.h) */
} dt_spread_kind;

typedef struct dt_spread {
    dt_spread_kind kind; /* how the number is drawn in a sweep */
    double sd;           /* DT_SPREAD_NORMAL: standard deviation, >= 0 */
    double lo, hi;       /* DT_SPREAD_UNIFORM: lo <= value <= hi */
} dt_spread;

/* A number from the scenario with the judgement behind it. */
typedef struct dt_value {
    double v;         /* the value */
    const char *note; /* the stated judgement, or NULL */
    dt_loc loc;       /* where the value was written */
    dt_spread spread; /* its uncertainty; kind NONE when none was written */
} dt_value;

/*
 * Scenario-wide default uncertainty (`uncertainty:` at the top level),
 * used in sweeps for positions, saliences and capabilities written
 * without their own spread. All 0 when the file gives none.
 */
typedef struct dt_uncertainty {
    double position_sd;   /* sd of positions, scale points */
    double salience_sd;   /* sd of saliences, 0-100 points */
    double capability_cv; /* sd of capabilities as a fraction of the value */
    dt_loc loc;           /* where it was written (0 when absent) */
} dt_uncertainty;

typedef enum dt_role {
    DT_ROLE_TABLE = 0,    /* negotiating at the table */
    DT_ROLE_EXCLUDED = 1, /* a stakeholder kept away from the table */
    DT_ROLE_RATIFIER = 2, /* does not bargain, but the deal must be
                             acceptable to it (or, when it is a member of
                             a body, to its body): docs/analysis.md,
                             "Ratification" */
    DT_ROLE_MEDIATOR = 3  /* at the table in forecasts, no stake of its
                             own in the zone, the deal or durability */
} dt_role;

/* "table", "excluded", "ratifier", "mediator" ("?" for other values). */
DT_API const char *dt_role_name(dt_role role);
/*
 * Whether an actor with this role sits at the table in forecasts (table
 * and mediator; DT_LINE_TABLE_ONLY keeps these).
 */
DT_API int dt_role_at_table(dt_role role);

/*
 * The outcomes an actor rejects outright on one issue: every x > above
 * (when has_above) and every x < below (when has_below).
 */
typedef struct dt_red_line {
    int has_above;    /* rejects x > above */
    double above;     /* upper bound of the acceptable range */
    int has_below;    /* rejects x < below */
    double below;     /* lower bound of the acceptable range */
    const char *note; /* the judgement behind it, or NULL */
    dt_loc loc;       /* where the red line was written */
} dt_red_line;

typedef struct dt_issue {
    const char *id;      /* unique identifier, e.g. "sanctions_relief" */
    const char *name;    /* human-readable name */
    const char *low;     /* what 0 on the scale means, or NULL */
    const char *high;    /* what 100 on the scale means, or NULL */
    const char *note;    /* free-text note, or NULL */
    int has_status_quo;  /* whether status_quo is set */
    dt_value status_quo; /* the status quo on the scale */
    dt_loc loc;          /* where the issue was defined */
} dt_issue;

typedef struct dt_actor {
    const char *id;      /* unique identifier, e.g. "usa" */
    const char *name;    /* human-readable name */
    dt_role role;        /* at the table or excluded */
    dt_value capability; /* >= 0; any scale, only ratios matter */
    const char *note;    /* free-text note, or NULL */
    dt_loc loc;          /* where the actor was defined */
} dt_actor;

/* One actor's stake in one issue. */
typedef struct dt_stake {
    dt_value position;    /* on the issue's scale */
    dt_value salience;    /* 0-100 in YAML; see dt_line for scaling */
    int has_capability;   /* whether capability overrides the actor's */
    dt_value capability;  /* per-issue override, >= 0 */
    int has_red_line;     /* whether red_line is set */
    dt_red_line red_line; /* outcomes rejected outright */
    int has_no_deal;      /* whether no_deal is set */
    dt_value no_deal;     /* outcome if talks fail (default status quo) */
    const char *note;     /* free-text note, or NULL */
    dt_loc loc;           /* where the stake was defined */
} dt_stake;

/*
 * A linear red line across issues, held by one actor: the actor rejects
 * every outcome x with sum_k coef[k] * x[issue[k]] > at_most (when
 * has_at_most) or < at_least (when has_at_least). Written in YAML under
 * the actor's `red_lines:` list, e.g. "relief at most 0.3 x
 * denuclearisation": {terms: {sanctions_relief: 1, scope: -0.3},
 * at_most: 0}.
 */
typedef struct dt_constraint {
    size_t actor;        /* scenario index of the actor who holds it */
    size_t n_terms;      /* entries in issue and coef, >= 1 */
    const size_t *issue; /* scenario issue indices */
    const double *coef;  /* coefficients, finite, not all zero */
    int has_at_most;     /* rejects sum > at_most */
    double at_most;      /* upper bound of the sum */
    int has_at_least;    /* rejects sum < at_least */
    double at_least;     /* lower bound of the sum */
    const char *note;    /* the judgement behind it, or NULL */
    dt_loc loc;          /* where it was written */
} dt_constraint;

/*
 * What an actor gets if talks fail. Per issue the actor's outcome is the
 * stake's no_deal position when given, else the issue's status quo; the
 * cost is subtracted from the actor's no-deal utility (utility units:
 * salience-weighted distance on the 0-100 scale, see docs/analysis.md).
 */
typedef struct dt_no_deal {
    int has_cost;     /* whether cost is set (default 0) */
    dt_value cost;    /* utility lost when talks fail; may be negative */
    const char *note; /* free-text note, or NULL */
    dt_loc loc;       /* where no_deal was written */
} dt_no_deal;

/* What a lever effect changes. */
typedef enum dt_effect_kind {
    DT_EFFECT_CAPABILITY = 0,    /* actor's capability (issue: override) */
    DT_EFFECT_SALIENCE = 1,      /* stake salience on an issue */
    DT_EFFECT_POSITION = 2,      /* stake position on an issue */
    DT_EFFECT_NO_DEAL_COST = 3,  /* actor's no-deal cost */
    DT_EFFECT_RED_LINE_DROP = 4, /* remove the actor's red line on issue */
    DT_EFFECT_RED_LINE_ADD = 5   /* set the actor's red line on issue */
} dt_effect_kind;

typedef enum dt_effect_op {
    DT_OP_SET = 0,  /* new = value */
    DT_OP_ADD = 1,  /* new = old + value */
    DT_OP_SCALE = 2 /* new = old * value */
} dt_effect_op;

/*
 * One change a lever makes; results are clamped to the valid range (see
 * dt_scenario_apply_levers). For capability, salience and position the
 * op applies to the old value; for no-deal cost to the old cost (0 when
 * none was given); red-line effects ignore op and value.
 */
typedef struct dt_effect {
    dt_effect_kind kind;  /* what changes */
    size_t actor;         /* scenario index of the actor affected */
    size_t issue;         /* issue index, or (size_t)-1 for "all/none" */
    dt_effect_op op;      /* how value applies (not for red lines) */
    double value;         /* the operand */
    dt_red_line red_line; /* DT_EFFECT_RED_LINE_ADD: the new red line */
    const char *note;     /* the judgement behind it, or NULL */
    dt_loc loc;           /* where it was written */
} dt_effect;

/* A named pressure tool, used by one actor. */
typedef struct dt_lever {
    const char *id;           /* unique among levers */
    const char *name;         /* human-readable, or NULL (then id) */
    size_t by;                /* scenario index of the actor using it */
    const char *description;  /* in words, or NULL */
    const char *note;         /* free-text note, or NULL */
    size_t n_effects;         /* entries in effects, >= 1 */
    const dt_effect *effects; /* in file order */
    dt_loc loc;               /* where it was defined */
} dt_lever;

/* What actually happened. */
typedef struct dt_outcome {
    const char *description; /* in words, or NULL */
    const char *note;        /* free-text note, or NULL */
    int agreement;           /* a deal was made: 1 yes, 0 no, -1 not
                                recorded (outcome.agreement) */
    int held;                /* the deal held: 1 yes, 0 no, -1 not
                                recorded (outcome.held) */
} dt_outcome;

/*
 * Longest strings a scenario may hold, in bytes (UTF-8), checked by every
 * reader with the place of the offending value: ids, names, scale labels,
 * roles and other short strings at most DT_SCENARIO_MAX_NAME; notes,
 * descriptions and sources (and any CSV cell) at most
 * DT_SCENARIO_MAX_TEXT. Charts and reports lay out values this long in
 * bounded memory (docs/scenario-format.md, "Limits").
 */
#define DT_SCENARIO_MAX_NAME 256u
#define DT_SCENARIO_MAX_TEXT 16384u

typedef enum dt_scenario_format {
    DT_FORMAT_YAML = 0,     /* detente's scenario format */
    DT_FORMAT_CSV = 1,      /* Actor,Capability,Position,Salience, one issue */
    DT_FORMAT_KTAB_CSV = 2, /* KTAB's CSV: one dimension per issue */
    DT_FORMAT_KTAB_XML = 3  /* KTAB's XML <Scenario> (".xml") */
} dt_scenario_format;

typedef struct dt_scenario dt_scenario;

/* Options for loading. Initialise with DT_LOAD_OPTS_INIT. */
typedef struct dt_load_opts {
    dt_diag_fn on_error;       /* called for every error found, or NULL */
    void *ud;                  /* passed to on_error */
    unsigned max_errors;       /* stop after this many (0 = no limit) */
    const dt_allocator *alloc; /* NULL = the C library's */
} dt_load_opts;

#define DT_LOAD_OPTS_INIT                                                      \
    {                                                                          \
        NULL, NULL, 100, NULL                                                  \
    }

/*
 * Load the scenario at `path` (borrowed). The format is chosen by
 * extension: ".csv" is the classic actor table (KTAB's CSV when its first
 * two lines are "<name>,<desc>,<numActors>,<numDims>" and "Actor,
 * Description,..."), ".xml" is KTAB's XML, anything else is YAML.
 * On success *out owns a new scenario (caller frees with
 * dt_scenario_free). On failure *out is NULL, every error found was
 * passed to opts->on_error (if set), and `err` holds the first one.
 * Returns DT_OK, DT_EIO (cannot read), DT_ESCENARIO (invalid content) or
 * DT_ENOMEM. opts may be NULL. Thread-safe; deterministic.
 */
DT_API dt_status dt_scenario_load(const char *path, const dt_load_opts *opts,
                                  dt_scenario **out, dt_error *err);

/*
 * As dt_scenario_load(), from the `len` bytes at `buf` (borrowed). `name`
 * is used in messages and, for CSV, as the issue id (its stem).
 */
DT_API dt_status dt_scenario_parse(const char *buf, size_t len,
                                   const char *name, dt_scenario_format fmt,
                                   const dt_load_opts *opts, dt_scenario **out,
                                   dt_error *err);

/* Free a scenario and everything it owns. NULL is a no-op. */
DT_API void dt_scenario_free(dt_scenario *sc);

/* ----- Building a scenario in code ----- */

/*
 * A scenario built from plain C values instead of a file (for front ends
 * that hold their data in memory: the Python package's
 * Scenario.from_dict/from_frame, the backtest's DEU proposals). Create a
 * builder, add issues, actors and stakes, then finish: the result is an
 * ordinary immutable dt_scenario, checked as the YAML reader checks a
 * file (docs/scenario-format.md, "Building a scenario in code"), with
 * the same messages (prefixed with the issue, actor or stake concerned,
 * since there are no lines to point at). Each add is checked at once and
 * changes nothing when refused. Optional numbers are NAN for "none".
 * Strings are copied. A builder is used by one thread at a time.
 *
 *     dt_scenario_builder *b;
 *     size_t eu, us, tariffs;
 *     dt_scenario_builder_new("trade talks", NULL, &b, &err);
 *     dt_scenario_builder_add_issue(b, "tariffs", "Tariff cut", 0.0,
 *                                   &tariffs, &err);
 *     dt_scenario_builder_add_actor(b, "eu", "EU", DT_ROLE_TABLE, 80.0,
 *                                   &eu, &err);
 *     dt_scenario_builder_add_stake(b, eu, tariffs, 60.0, 70.0, NAN, &err);
 *     ...
 *     dt_scenario_builder_finish(b, &sc, &err);
 *     dt_scenario_builder_free(b);
 */
typedef struct dt_scenario_builder dt_scenario_builder;

/*
 * A new empty builder for a scenario called `name` (copied; required),
 * allocating through `alloc` (borrowed, must outlive the builder and the
 * scenarios it finishes; NULL = the C library's). Caller frees *out with
 * dt_scenario_builder_free. Returns DT_OK, DT_ESCENARIO (name NULL or
 * not UTF-8) or DT_ENOMEM.
 */
DT_API dt_status dt_scenario_builder_new(const char *name,
                                         const dt_allocator *alloc,
                                         dt_scenario_builder **out,
                                         dt_error *err);
/* Free a builder (not the scenarios it finished). NULL is a no-op. */
DT_API void dt_scenario_builder_free(dt_scenario_builder *b);

/*
 * Add an issue: `id` (letters, digits, '_', '.' and '-'; unique among
 * the issues), `name` (UTF-8), and its status quo on the 0-100 scale or
 * NAN for none. *index (when not NULL) is its scenario index: issues
 * keep the order they were added in. Returns DT_OK, DT_ESCENARIO (id or
 * name missing, invalid or duplicate id, name not UTF-8, status quo
 * infinite or outside 0-100) or DT_ENOMEM.
 */
DT_API dt_status dt_scenario_builder_add_issue(dt_scenario_builder *b,
                                               const char *id, const char *name,
                                               double status_quo, size_t *index,
                                               dt_error *err);
/*
 * Add an actor: `id` (as an issue's; unique among the actors), `name`,
 * `role`, and its capability (finite, >= 0; any scale, only ratios
 * matter). *index as for issues. Returns DT_OK, DT_ESCENARIO (as for
 * issues; capability not finite or negative), DT_EINVAL (role not a
 * dt_role) or DT_ENOMEM.
 */
DT_API dt_status dt_scenario_builder_add_actor(dt_scenario_builder *b,
                                               const char *id, const char *name,
                                               dt_role role, double capability,
                                               size_t *index, dt_error *err);
/*
 * Add actor `actor`'s stake in issue `issue` (indices from the adds):
 * position and salience on 0-100, and a capability on this issue that
 * overrides the actor's (finite, >= 0) or NAN for none. Returns DT_OK,
 * DT_ESCENARIO (a number not finite or out of range, a second stake of
 * the actor in the issue), DT_EINVAL (no such actor or issue) or
 * DT_ENOMEM.
 */
DT_API dt_status dt_scenario_builder_add_stake(dt_scenario_builder *b,
                                               size_t actor, size_t issue,
                                               double position, double salience,
                                               double capability,
                                               dt_error *err);
/*
 * What the models read as saliences (dt_line.s): salience / divisor.
 * The default, 100, is YAML's (0-100 becomes [0, 1], as the one-issue
 * models need). Saliences already given as shares of attention on
 * [0, 1] take divisor 1, as the CSV reader does for such a table; so
 * does a scenario meant only for models that read saliences on any
 * scale (exchange), to keep them as given. Returns DT_OK or DT_EINVAL
 * (divisor not finite and > 0).
 */
DT_API dt_status dt_scenario_builder_set_salience_divisor(
    dt_scenario_builder *b, double divisor, dt_error *err);

/*
 * A new scenario (caller frees *out with dt_scenario_free) holding what
 * was added so far, checked as a whole: at least one issue and one
 * actor, every issue with a stake. The builder is unchanged and may go
 * on and finish again. The scenario's path is "" and its format
 * DT_FORMAT_YAML (its content follows that format's rules); it has no
 * sources, levers, outcome or games. Returns DT_OK, DT_ESCENARIO (an
 * empty issue or actor list, an issue without a stake) or DT_ENOMEM;
 * *out is NULL on failure.
 */
DT_API dt_status dt_scenario_builder_finish(const dt_scenario_builder *b,
                                            dt_scenario **out, dt_error *err);

/* Accessors. Returned pointers are owned by the scenario. */
DT_API const char *dt_scenario_name(const dt_scenario *sc);
DT_API const char *dt_scenario_date(const dt_scenario *sc);        /* or NULL */
DT_API const char *dt_scenario_description(const dt_scenario *sc); /* or NULL */
DT_API const char *dt_scenario_note(const dt_scenario *sc);        /* or NULL */
DT_API const char *dt_scenario_path(const dt_scenario *sc);
/*
 * The allocator the scenario was loaded with (NULL = the C library's);
 * what is computed from the scenario (forecasts, analyses, sweeps,
 * documents) allocates through it too.
 */
DT_API const dt_allocator *dt_scenario_allocator(const dt_scenario *sc);
DT_API dt_scenario_format dt_scenario_format_of(const dt_scenario *sc);
DT_API size_t dt_scenario_n_sources(const dt_scenario *sc);
DT_API const char *dt_scenario_source(const dt_scenario *sc, size_t i);
DT_API size_t dt_scenario_n_issues(const dt_scenario *sc);
DT_API const dt_issue *dt_scenario_issue(const dt_scenario *sc, size_t i);
DT_API size_t dt_scenario_n_actors(const dt_scenario *sc);
DT_API const dt_actor *dt_scenario_actor(const dt_scenario *sc, size_t a);
/* Actor a's stake in issue i, or NULL when the actor omits the issue. */
DT_API const dt_stake *dt_scenario_stake(const dt_scenario *sc, size_t a,
                                         size_t i);
/* Index of the issue or actor with this id, or (size_t)-1. */
DT_API size_t dt_scenario_issue_index(const dt_scenario *sc, const char *id);
DT_API size_t dt_scenario_actor_index(const dt_scenario *sc, const char *id);
/* The recorded outcome, or NULL when the scenario records none. */
DT_API const dt_outcome *dt_scenario_outcome(const dt_scenario *sc);
/* The observed outcome on issue i; returns 0 when none is recorded. */
DT_API int dt_scenario_outcome_value(const dt_scenario *sc, size_t i,
                                     dt_value *out);

/* The scenario-wide default uncertainty (never NULL; zeros if none). */
DT_API const dt_uncertainty *dt_scenario_uncertainty(const dt_scenario *sc);

/* Actor a's no-deal terms (never NULL; has_cost 0 when none given). */
DT_API const dt_no_deal *dt_scenario_no_deal(const dt_scenario *sc, size_t a);
/* Cross-issue red lines of all actors, in file order. */
DT_API size_t dt_scenario_n_constraints(const dt_scenario *sc);
DT_API const dt_constraint *dt_scenario_constraint(const dt_scenario *sc,
                                                   size_t i);
/* Levers, in file order. */
DT_API size_t dt_scenario_n_levers(const dt_scenario *sc);
DT_API const dt_lever *dt_scenario_lever(const dt_scenario *sc, size_t i);
DT_API size_t dt_scenario_lever_index(const dt_scenario *sc, const char *id);

/*
 * A new scenario: a deep copy of `base` (borrowed; it may be freed
 * before the result) with levers[0..n) applied in that order (indices
 * into dt_scenario_lever; repeats allowed; n = 0 gives a plain copy).
 * Each lever's effects apply in file order, each to the result of the
 * ones before, and each result is clamped at once to its valid range:
 * positions and saliences to 0-100, capabilities to >= 0, no-deal costs
 * kept finite (so order can matter). A capability effect without an
 * issue changes the actor's capability and every per-issue override it
 * has; with an issue it makes the effective capability there an
 * override. A changed value takes the effect's note and location.
 * Cross-issue red lines are not changed. The result keeps base's levers
 * (they can be applied again) and uses base's allocator. Caller frees
 * *out with dt_scenario_free. Returns DT_OK, DT_EINVAL (an index past
 * the last lever, or an effect without a target) or DT_ENOMEM; *out is
 * NULL on failure. Thread-safe (base is not modified); deterministic.
 */
DT_API dt_status dt_scenario_apply_levers(const dt_scenario *base,
                                          const size_t *levers, size_t n,
                                          dt_scenario **out, dt_error *err);

/*
 * A clone of sc (borrowed): a scenario of its own whose numbers can be
 * changed (dt_scenario_slot_set) without touching sc, cheap to make: it
 * copies the numbers (issues, actors, stakes, no-deal terms) and shares
 * everything else with sc (names, notes, sources, levers, cross-issue red
 * lines, game sections), which it keeps alive: sc may be freed first. A
 * clone of a clone is a clone of the same loaded scenario. Uses sc's
 * allocator. Caller frees *out with dt_scenario_free. Returns DT_OK or
 * DT_ENOMEM. Thread-safe: threads may clone one shared scenario at once.
 */
DT_API dt_status dt_scenario_clone(const dt_scenario *sc, dt_scenario **out,
                                   dt_error *err);

/*
 * ----- Parameter slots -----
 *
 * Every number of a scenario that a sweep, a lever or a what-if may
 * change has a slot: an index in a fixed order and a stable id built
 * from the ids of the scenario ("usa.sanctions_relief.position"). The
 * slots are those of the scenario as loaded, in this order: each issue's
 * status quo (when given); then per actor its capability, its no-deal
 * cost (when given) and per issue where it has a stake the position, the
 * salience, the per-issue capability and the no-deal position (the last
 * two when given). A clone has the same slots.
 */
typedef enum dt_slot_kind {
    DT_SLOT_POSITION = 0,         /* "ACTOR.ISSUE.position" */
    DT_SLOT_SALIENCE = 1,         /* "ACTOR.ISSUE.salience" */
    DT_SLOT_CAPABILITY = 2,       /* "ACTOR.capability" */
    DT_SLOT_STAKE_CAPABILITY = 3, /* "ACTOR.ISSUE.capability" */
    DT_SLOT_STATUS_QUO = 4,       /* "ISSUE.status_quo" */
    DT_SLOT_NO_DEAL = 5,          /* "ACTOR.ISSUE.no_deal" */
    DT_SLOT_NO_DEAL_COST = 6      /* "ACTOR.no_deal.cost" */
} dt_slot_kind;

/* One slot, as dt_scenario_slot() describes it. */
typedef struct dt_slot {
    dt_slot_kind kind;     /* what the number is */
    size_t actor;          /* scenario actor index, or (size_t)-1 */
    size_t issue;          /* scenario issue index, or (size_t)-1 */
    const dt_value *value; /* the number now, with its note, location and
                              spread (owned by the scenario) */
    double lo, hi;         /* the range dt_scenario_slot_set accepts:
                              positions, saliences, status quo and no-deal
                              positions 0-100; capabilities >= 0; no-deal
                              costs any finite number */
} dt_slot;

/* Number of slots. */
DT_API size_t dt_scenario_n_slots(const dt_scenario *sc);
/* Slot k into *out; returns 0 when k is out of range, else 1. */
DT_API int dt_scenario_slot(const dt_scenario *sc, size_t k, dt_slot *out);
/*
 * Slot k's id into buf (at most n bytes with the NUL, like snprintf);
 * returns the id's full length, or -1 when k is out of range.
 */
DT_API int dt_scenario_slot_id(const dt_scenario *sc, size_t k, char *buf,
                               size_t n);
/* The slot with this id, or (size_t)-1 (the first when ids contain dots
 * that make two ids equal). */
DT_API size_t dt_scenario_slot_find(const dt_scenario *sc, const char *id);
/* Short name of a kind: "position", "salience", ..., "no_deal_cost". */
DT_API const char *dt_slot_kind_name(dt_slot_kind kind);
/*
 * Set slot k of sc (a clone, or a scenario no other thread reads) to v.
 * Only the number changes (its note and spread stay). Never allocates.
 * Returns DT_OK, DT_EINVAL (no slot k) or DT_ERANGE (v not finite or
 * outside the slot's range; the message names the slot).
 */
DT_API dt_status dt_scenario_slot_set(dt_scenario *sc, size_t k, double v,
                                      dt_error *err);

/*
 * ----- What-if -----
 *
 * The ids closest to an unknown slot or lever id, for "did you mean"
 * messages: the indices of at most max (<= 16) slots (levers) into out,
 * best first: ids that extend `id` at a dot ("russia.territory" gives
 * "russia.territory.position", ...), then ids within a small edit
 * distance (Levenshtein, ASCII case folded; at most a third of the
 * longer id, at least 2), nearest first, ties in scenario order.
 * Returns how many were stored.
 */
DT_API size_t dt_scenario_slot_suggest(const dt_scenario *sc, const char *id,
                                       size_t *out, size_t max);
DT_API size_t dt_scenario_lever_suggest(const dt_scenario *sc, const char *id,
                                        size_t *out, size_t max);

/*
 * Parse an override "SLOT=VALUE" (e.g. "russia.territory.position=80")
 * against sc's slots: the slot index into *slot, the number into *value
 * (the C number syntax, whatever the locale). Returns DT_OK or DT_EINVAL
 * (no '=', an unknown slot: the message names the closest ids; not a
 * finite number). The range is checked when the value is set.
 */
DT_API dt_status dt_scenario_parse_set(const dt_scenario *sc, const char *arg,
                                       size_t *slot, double *value,
                                       dt_error *err);

/*
 * A what-if of base (borrowed): a new scenario (caller frees *out) with
 * the levers named in levers[0..n_levers) applied in that order (as
 * dt_scenario_apply_levers), then the overrides sets[0..n_sets)
 * ("SLOT=VALUE", as dt_scenario_parse_set), each setting the number and
 * replacing its note with "what-if: set to V (was W)". The result
 * records the changes (dt_scenario_whatif_change), which every document
 * built from it names (docs/analysts-loop.md). Returns DT_OK, DT_EINVAL
 * (an unknown lever or slot, with the closest ids in the message; a
 * malformed override or a value outside the slot's range) or DT_ENOMEM;
 * *out is NULL on failure. Thread-safe; deterministic.
 */
DT_API dt_status dt_scenario_whatif(const dt_scenario *base,
                                    const char *const *levers, size_t n_levers,
                                    const char *const *sets, size_t n_sets,
                                    dt_scenario **out, dt_error *err);
/*
 * The what-if changes applied to sc, in order: "lever ID (NAME)" and
 * "SLOT = V (was W)". None for a loaded scenario; clones keep them.
 */
DT_API size_t dt_scenario_n_whatif(const dt_scenario *sc);
DT_API const char *dt_scenario_whatif_change(const dt_scenario *sc, size_t i);

/*
 * Model parameters set by the file (KTAB XML's <ModelParameters>, plus
 * its <prngSeed>), in file order, as written: key is the element name
 * ("VotingRule", ...), value its text. dt_smp_opts_from_scenario() reads
 * them. None for the other formats.
 */
typedef struct dt_param {
    const char *key;   /* element name */
    const char *value; /* its text, trimmed */
    dt_loc loc;        /* where it was written */
} dt_param;
DT_API size_t dt_scenario_n_params(const dt_scenario *sc);
DT_API const dt_param *dt_scenario_param(const dt_scenario *sc, size_t i);

/*
 * KTAB's ideal adjustments (<IdealAdjustment><iaPair>): `actor`'s ideal
 * accommodates `ref`'s position with weight in [0, 1] (one entry of the
 * ideal-accommodation matrix of model smp). None for other formats.
 */
typedef struct dt_ideal_adjust {
    size_t actor;  /* scenario index of the adjusting actor */
    size_t ref;    /* scenario index of the actor it accommodates */
    double weight; /* in [0, 1] */
    dt_loc loc;    /* where it was written */
} dt_ideal_adjust;
DT_API size_t dt_scenario_n_ideal_adjusts(const dt_scenario *sc);
DT_API const dt_ideal_adjust *dt_scenario_ideal_adjust(const dt_scenario *sc,
                                                       size_t i);

/*
 * One issue as the models see it: the actors with a stake in it, in
 * scenario order. Saliences are on [0, 1] (YAML's 0-100 divided by 100;
 * CSV saliences are used as they are when all are <= 1, divided by 100
 * when all are <= 100, else divided by their maximum). Capabilities are
 * the effective ones (per-issue override, else the actor's), on the
 * input's scale. Positions are on the issue's scale.
 */
typedef struct dt_line {
    size_t n;           /* number of actors on this line */
    const char **ids;   /* actor ids (borrowed from the scenario) */
    size_t *actor;      /* scenario index of each actor */
    double *x;          /* positions */
    double *c;          /* capabilities, >= 0 */
    double *s;          /* saliences, in [0, 1] */
    int has_status_quo; /* whether status_quo is set */
    double status_quo;  /* status quo on the scale */
} dt_line;

enum dt_line_flags {
    DT_LINE_TABLE_ONLY = 1u << 0 /* only actors with role table */
};

/*
 * Build issue i's line (flags from dt_line_flags). *out is new; caller
 * frees with dt_line_free. Returns DT_OK, DT_EINVAL (bad index) or
 * DT_ENOMEM.
 */
DT_API dt_status dt_scenario_line(const dt_scenario *sc, size_t i,
                                  unsigned flags, dt_line **out, dt_error *err);
DT_API void dt_line_free(dt_line *line);
/*
 * Refill `line` (built by dt_scenario_line() for the same issue and flags,
 * of this scenario or a clone of it) with the scenario's current numbers:
 * positions, capabilities, saliences and status quo. Never allocates.
 * Returns DT_OK, or DT_EINVAL when the line's actors are not those of the
 * issue.
 */
DT_API dt_status dt_scenario_line_fill(const dt_scenario *sc, size_t i,
                                       unsigned flags, dt_line *line,
                                       dt_error *err);

/*
 * ----- Comparing two scenarios, input by input -----
 *
 * The numbers of two scenarios matched by parameter slot id (a what-if
 * against its origin, two versions of a file, two summits): a change is
 * a slot whose value or note differs, or a slot only one of them has.
 * Changes come in a's slot order, then the slots only b has in b's
 * order. Values are borrowed from a and b, which must outlive the diff.
 */
typedef struct dt_slot_change {
    const char *id;            /* slot id, "usa.sanctions.position" */
    dt_slot_kind kind;         /* what the number is */
    size_t slot_a;             /* its slot in a, or (size_t)-1 */
    size_t slot_b;             /* its slot in b, or (size_t)-1 */
    const dt_value *old_value; /* a's number and note, or NULL */
    const dt_value *new_value; /* b's number and note, or NULL */
} dt_slot_change;

typedef struct dt_scenario_diff dt_scenario_diff;

/*
 * Compare a and b (borrowed). *out is new (free with
 * dt_scenario_diff_free), allocated through a's allocator. Returns
 * DT_OK or DT_ENOMEM. Thread-safe; deterministic.
 */
DT_API dt_status dt_scenario_diff_new(const dt_scenario *a,
                                      const dt_scenario *b,
                                      dt_scenario_diff **out, dt_error *err);
/* Number of changes, and change i (NULL when i is out of range). */
DT_API size_t dt_scenario_diff_n(const dt_scenario_diff *d);
DT_API const dt_slot_change *dt_scenario_diff_get(const dt_scenario_diff *d,
                                                  size_t i);
/* NULL is a no-op. */
DT_API void dt_scenario_diff_free(dt_scenario_diff *d);

/*
 * The format dt_scenario_load() would read a file called `name` with,
 * given its first bytes buf[0..len) (for ".csv", KTAB's CSV or the
 * classic table): for front ends that read the bytes themselves and call
 * dt_scenario_parse(). And a format's short name: "yaml", "csv",
 * "ktab-csv", "ktab-xml".
 */
DT_API dt_scenario_format dt_scenario_format_guess(const char *name,
                                                   const char *buf, size_t len);
DT_API const char *dt_scenario_format_name(dt_scenario_format fmt);

/* ----- Writing a scenario ----- */

/*
 * Write sc (borrowed) as YAML in detente's format (docs/scenario-format.md,
 * "Writing a scenario") through write: every section the YAML reader
 * accepts - name, date, description, sources, note, issues (low, high,
 * status quo, note), actors (role, capability, no-deal terms, note,
 * stakes with position, salience, capability, red line, no-deal position
 * and note, cross-issue red lines), levers with their effects, outcome
 * (description, note, observed values), uncertainty and the game
 * sections (staged_deal, threat, ratification) - with every number's
 * note and spread ({value, note, sd} or {value, note, range}). Keys come
 * in that document's order; block style, lists of numbers and mappings
 * of at most three numbers on one line; strings with line breaks as
 * literal blocks, long ones folded; numbers as the shortest decimal that
 * reads back bit for bit, whatever the locale.
 *
 * Reading the text back (dt_scenario_parse, DT_FORMAT_YAML) gives the
 * same scenario: the same ids, names, numbers, notes, spreads, levers and
 * game sections, and the same forecasts; writing that again gives the
 * same bytes. Not carried, because the YAML format has no place for
 * them: what the reader itself drops (notes on cross-issue coefficients
 * and bounds, on lever operands and on game stages; a staged deal's
 * section-wide s_a and s_b, written instead in each plan, as the reader
 * copies them there) and KTAB XML's model parameters and ideal
 * adjustments (dt_scenario_param, dt_scenario_ideal_adjust): a forecast
 * with model smp of the YAML starts from the default options.
 *
 * A scenario read from CSV, KTAB CSV or KTAB XML is written as the
 * equivalent YAML: saliences on 0-100 such that the models read the same
 * numbers (a CSV table's saliences on [0, 1] become 0-100), ids that YAML
 * does not accept made valid (each character outside [A-Za-z0-9_.-]
 * becomes '_'; "-2", "-3", ... keep them unique; names are unchanged).
 * A CSV position outside 0-100 (the CSV table accepts any scale) has no
 * YAML equivalent: DT_ESCENARIO, naming it.
 *
 * Returns DT_OK, DT_ESCENARIO (as just said), DT_ENOMEM, or the status
 * write returned when it failed (DT_EIO). Thread-safe.
 */
DT_API dt_status dt_scenario_write_yaml(const dt_scenario *sc,
                                        dt_write_fn write, void *ud,
                                        dt_error *err);

/*
 * The same content as one JSON object whose keys are the YAML format's,
 * in the same order (written as YAML, the object is a valid scenario):
 * what the browser workbench edits. A number without note or spread is
 * a plain JSON number; with them it is {"value": v, "note": "...",
 * "sd": s} or {..., "range": [lo, hi]}. Numbers are written as the
 * shortest decimal that reads back bit for bit; strings as UTF-8 with
 * only quotes, backslashes and control characters escaped; 2-space
 * indentation, a newline last. Returns as dt_scenario_write_yaml.
 * Thread-safe.
 */
DT_API dt_status dt_scenario_write_json(const dt_scenario *sc,
                                        dt_write_fn write, void *ud,
                                        dt_error *err);

/*
 * Convert the JSON text of a scenario object (`len` bytes at `json`, as
 * dt_scenario_write_json writes it, possibly edited) into YAML text in
 * dt_scenario_write_yaml's layout, without checking its content:
 * dt_scenario_parse of the result does that, with lines and columns in
 * this YAML. Object keys keep their order; JSON numbers become YAML
 * numbers, strings stay strings (quoted where YAML would read them as
 * something else), true, false and null are YAML's. `name` is used in
 * messages (NULL: "JSON"). Returns DT_OK, DT_ESCENARIO (not JSON, a key
 * given twice, or not an object at the top; err has the line and column
 * and what was found or expected), DT_ENOMEM, or write's failure
 * (DT_EIO). Thread-safe.
 */
DT_API dt_status dt_scenario_yaml_from_json(const char *json, size_t len,
                                            const char *name, dt_write_fn write,
                                            void *ud, dt_error *err);

/* An issue or an actor of a scaffold. */
typedef struct dt_scaffold_item {
    const char *id;   /* as an issue's or actor's id: [A-Za-z0-9_.-]+ */
    const char *name; /* human-readable name */
    dt_role role;     /* actors only (ignored for issues) */
} dt_scaffold_item;

/*
 * A new-scenario scaffold, written as YAML through write: a valid scenario
 * (dt_scenario_parse accepts it) called `name`, with the issues and
 * actors given, in that order, every actor holding a stake in every
 * issue, and placeholder numbers - status quo 50 and positions 50 (the
 * middle of the scale), saliences 50, capabilities 100 (equal power) -
 * each with the note that it is a placeholder to replace with a judgement
 * and its source, and a scenario note saying so. Ids, names and roles
 * are checked as dt_scenario_builder checks them, with its messages.
 * Returns DT_OK, DT_ESCENARIO (no name, an id missing, invalid or given
 * twice, a name missing or not UTF-8, no issue or no actor), DT_EINVAL
 * (a role that is not a dt_role, an item array NULL), DT_ENOMEM, or
 * write's failure (DT_EIO). Thread-safe.
 */
DT_API dt_status dt_scenario_scaffold(const char *name,
                                      const dt_scaffold_item *issues,
                                      size_t n_issues,
                                      const dt_scaffold_item *actors,
                                      size_t n_actors, dt_write_fn write,
                                      void *ud, dt_error *err);

/* ----- Ratification bodies (docs/scenario-format.md, "bodies") ----- */

/*
 * A ratification body: a parliament of factions, a council under
 * unanimity or qualified majority. The deal holds in the body when the
 * weight of the members that prefer it to no deal reaches the quota
 * (docs/analysis.md, "Ratification"). Members are actors with role
 * ratifier; each belongs to at most one body.
 */
typedef struct dt_body {
    const char *id;        /* unique among bodies */
    const char *name;      /* human-readable, or NULL (then id) */
    size_t n_members;      /* entries in members and weights, >= 1 */
    const size_t *members; /* scenario actor indices, in file order */
    const double *weights; /* > 0 each (1 each when none were written) */
    int has_weights;       /* whether weights were written */
    double quota;          /* ratified iff weight in favour >= quota;
                              0 < quota <= sum of weights */
    int unanimity;         /* quota was written as 'unanimity' */
    const char *note;      /* the judgement behind it, or NULL */
    dt_loc loc;            /* where it was written */
} dt_body;

/* Bodies, in file order. */
DT_API size_t dt_scenario_n_bodies(const dt_scenario *sc);
DT_API const dt_body *dt_scenario_body(const dt_scenario *sc, size_t i);
/* The body actor a is a member of, or (size_t)-1. */
DT_API size_t dt_scenario_body_of(const dt_scenario *sc, size_t a);

/* ----- Phases (docs/scenario-format.md, "Phases") ----- */

/* One change of a phase: a number set to a new value. */
typedef struct dt_phase_change {
    dt_slot_kind kind; /* POSITION, SALIENCE, CAPABILITY, NO_DEAL_COST or
                          STATUS_QUO */
    size_t actor;      /* scenario actor index, or (size_t)-1 */
    size_t issue;      /* scenario issue index, or (size_t)-1 */
    double value;      /* the new value */
    const char *note;  /* the judgement behind it, or NULL */
    dt_loc loc;        /* where it was written */
} dt_phase_change;

/*
 * A dated phase of a negotiation: what changed since the previous phase
 * (levers used, actors joining or leaving the table, numbers changed)
 * and what was observed at its end. Phases apply cumulatively, in file
 * order: phase k is the scenario with phases 0..k applied.
 */
typedef struct dt_phase {
    const char *id;                  /* unique among phases */
    const char *name;                /* or NULL (then id) */
    const char *date;                /* or NULL */
    const char *note;                /* or NULL */
    size_t n_levers;                 /* levers switched on in this phase */
    const size_t *levers;            /* scenario lever indices */
    size_t n_join;                   /* actors who come to the table */
    const size_t *join;              /* scenario actor indices */
    size_t n_leave;                  /* actors who leave the table */
    const size_t *leave;             /* scenario actor indices */
    size_t n_changes;                /* numbers changed */
    const dt_phase_change *changes;  /* applied in file order, after the
                                        levers and the role changes */
    const char *outcome_description; /* what was observed, or NULL */
    const int *has_outcome;          /* per issue: observed value given */
    const dt_value *outcome;         /* per issue: the observed value */
    dt_loc loc;                      /* where the phase was written */
} dt_phase;

/* Phases, in file (and time) order. */
DT_API size_t dt_scenario_n_phases(const dt_scenario *sc);
DT_API const dt_phase *dt_scenario_phase(const dt_scenario *sc, size_t k);
/* The phase with this id, or (size_t)-1. */
DT_API size_t dt_scenario_phase_index(const dt_scenario *sc, const char *id);

/*
 * The scenario as of phase k: a clone of `sc` (borrowed) with phases
 * 0..k applied in order - for each, its levers (as
 * dt_scenario_apply_levers), then join (role table) and leave (role
 * excluded), then its changes - and with phase k's observed outcome as
 * the outcome (none when phase k records none). On success *out is new
 * (caller frees with dt_scenario_free). Returns DT_OK, DT_EINVAL (k out
 * of range), DT_ESCENARIO (a change names a number the scenario does not
 * have at that point, with the change's line and column) or DT_ENOMEM.
 * Thread-safe on a shared sc; deterministic.
 */
DT_API dt_status dt_scenario_at_phase(const dt_scenario *sc, size_t k,
                                      dt_scenario **out, dt_error *err);

#ifdef __cplusplus
}
#endif
#endif
