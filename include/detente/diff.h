/*
 * detente: what changed between two versions of a scenario and what it
 * moved (detente diff, docs/analysts-loop.md). The inputs that changed are
 * the parameter slots whose number or note differs (dt_scenario_diff_new,
 * scenario.h); the results compared are every model's forecast per issue,
 * the zone of agreement's verdict and surplus, the Nash deal per issue,
 * its durability and spoilers, and the lever ranking (analysis.h). Each
 * move is attributed to the changed inputs by applying each input alone
 * to the first version (one-at-a-time attribution); what the inputs alone
 * do not explain (their interactions, and changes that have no slot) is
 * the rest.
 */
#ifndef DETENTE_DIFF_H
#define DETENTE_DIFF_H

#include "analysis.h"
#include "doc.h"
#include "forecast.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Options of dt_diff_run. Initialise with DT_DIFF_OPTS_INIT. */
typedef struct dt_diff_opts {
    const char *const *models;        /* forecast models (NULL: every one-issue
                                         model, as dt_forecast_new) */
    size_t n_models;                  /* entries in models */
    const dt_forecast_opts *forecast; /* NULL = defaults */
    const dt_model_type *analysis_model; /* zone/deal forecasts; NULL = eu */
    dt_nash_weights weights;             /* Nash weights */
} dt_diff_opts;

#define DT_DIFF_OPTS_INIT                                                      \
    {                                                                          \
        NULL, 0, NULL, NULL, DT_WEIGHTS_EQUAL                                  \
    }

/* How a changed input was treated. */
typedef enum dt_diff_how {
    DT_DIFF_ALONE = 0,     /* both have the slot and its number differs:
                              applied alone to the first version */
    DT_DIFF_NOTE_ONLY = 1, /* same number, another note: moves nothing */
    DT_DIFF_ADDED = 2,     /* only the second version has the slot (a new
                              actor, stake or optional number) */
    DT_DIFF_REMOVED = 3    /* only the first version has it */
} dt_diff_how;

/* One input that changed. Strings are owned by the dt_diff. */
typedef struct dt_diff_input {
    const char *id;       /* slot id, "usa.sanctions.position" */
    dt_slot_kind kind;    /* what the number is */
    dt_diff_how how;      /* how it was treated */
    double old_value;     /* in the first version; NaN when absent */
    double new_value;     /* in the second; NaN when absent */
    const char *old_note; /* its note there, or NULL */
    const char *new_note; /* its note there, or NULL */
} dt_diff_input;

/* Kinds of result, in the order moves of equal size are listed. */
typedef enum dt_diff_kind {
    DT_DIFF_ZONE = 0,       /* 1 agreement possible, 0 not; NaN: no
                               analysis (no table actor, no no-deal terms) */
    DT_DIFF_DEAL = 1,       /* the Nash deal on an issue; NaN: none */
    DT_DIFF_FORECAST = 2,   /* a model's forecast of an issue */
    DT_DIFF_DURABILITY = 3, /* the proposal's durability, 0-1 */
    DT_DIFF_SPOILERS = 4,   /* number of actors not supporting it */
    DT_DIFF_SURPLUS = 5,    /* the zone's max-min surplus */
    DT_DIFF_LEVER_RANK = 6  /* a lever's place in the ranking, 1 first */
} dt_diff_kind;

/* Short name of a kind: "zone", "deal", "forecast", ... */
DT_API const char *dt_diff_kind_name(dt_diff_kind kind);

/* What one input alone moved a result by. */
typedef struct dt_diff_share {
    size_t input;  /* index into dt_diff.inputs */
    double effect; /* the result with this input alone minus the first
                      version's; NaN when one of the two is not a number
                      (the input alone makes a deal appear or vanish) */
} dt_diff_share;

/* One result that moved. Strings are owned by the dt_diff. */
typedef struct dt_diff_move {
    dt_diff_kind kind;     /* what the result is */
    const char *id;        /* "forecast.territory.eu", "deal.territory",
                              "zone", "surplus", "durability", "spoilers",
                              "lever.sanctions.rank" */
    const char *issue;     /* forecast, deal: the issue id; else NULL */
    const char *model;     /* forecast: the model; else NULL */
    const char *lever;     /* lever rank: the lever id; else NULL */
    double old_value;      /* in the first version; NaN: none */
    double new_value;      /* in the second; NaN: none */
    double size;           /* how far it moved, for the ranking: |new -
                              old| in points of the 0-100 scale for
                              forecasts and deals, in percentage points for
                              durability, x 100 for the zone verdict (a
                              flip is 100), surplus / number of issues,
                              spoilers and lever places in percent of the
                              actors and levers; 100 when it appears or
                              vanishes */
    const char *old_text;  /* spoilers: their ids, comma-separated, in
                              scenario order ("" for none); zone: the
                              verdict in words; else NULL */
    const char *new_text;  /* the same in the second version */
    size_t n_shares;       /* inputs that moved it alone */
    dt_diff_share *shares; /* largest |effect| first (NaN effects first),
                              ties in input order */
    double rest;           /* new - old - the sum of the effects: the
                              inputs' interactions and the changes without
                              a slot; NaN when a value is not a number */
} dt_diff_move;

/* The whole comparison. Caller frees with dt_diff_free. */
typedef struct dt_diff {
    const dt_scenario *a;  /* first version, borrowed */
    const dt_scenario *b;  /* second version, borrowed */
    size_t n_inputs;       /* inputs that changed */
    dt_diff_input *inputs; /* in dt_scenario_diff_new's order */
    size_t n_alone;        /* of them applied alone (one run each) */
    size_t n_models;       /* forecast models run */
    const char **models;   /* their names */
    int analysed_a;        /* 1: the analysis ran on the first version */
    int analysed_b;        /* 1: and on the second */
    size_t n_results;      /* results compared */
    size_t n_moves;        /* results that moved */
    dt_diff_move *moves;   /* largest size first, ties by kind then in
                              the first version's order */
    void *mem_;            /* private */
} dt_diff;

/*
 * Compare a and b (borrowed; they must outlive the diff): both are
 * forecast (dt_forecast_new) and analysed (dt_analyze with every lever
 * studied alone; an analysis that cannot run is not an error, its results
 * are NaN), then for each input that is in both with another number a
 * clone of a with that slot set to b's number (dt_scenario_slot_set) is
 * forecast and analysed again. Results are matched by id; a result only
 * one version has moved from or to NaN. A result moved when its values
 * differ by more than 1e-4 or one of them is NaN and the other not.
 * Allocates through a's allocator. Returns DT_OK, a model's error,
 * DT_EINVAL (bad options) or DT_ENOMEM. Deterministic; thread-safe.
 * Costs 2 + n_alone forecasts and analyses.
 */
DT_API dt_status dt_diff_run(const dt_scenario *a, const dt_scenario *b,
                             const dt_diff_opts *o, dt_diff **out,
                             dt_error *err);
/* NULL is a no-op. */
DT_API void dt_diff_free(dt_diff *d);

/*
 * The document of a diff: a summary sentence, the inputs that changed
 * (slot, old, new, notes, how treated), then the results that moved,
 * largest first, each with the inputs that moved it most (at most three,
 * and the rest); for text, Markdown and CSV (two tables: inputs and
 * moves, with every share in one cell). o is unused.
 */
DT_API dt_status dt_diff_doc(const dt_diff *df, const dt_doc_opts *o, dt_doc *d,
                             dt_error *err);

/*
 * The diff as JSON (schema detente-diff/1, docs/json-schema.md): first
 * and second (scenario names and files), models, analysed, inputs (id,
 * kind, how, old, new, old_note, new_note), results_compared, moves
 * (id, kind, issue, model, lever, old, new, size, old_text, new_text,
 * shares: [{input: slot id, effect}], rest). A value that is not a number
 * is null.
 * o is unused. Returns DT_OK, DT_ENOMEM or the status of write.
 */
DT_API dt_status dt_diff_write_json(const dt_diff *df, const dt_doc_opts *o,
                                    dt_write_fn write, void *ud, dt_error *err);

#ifdef __cplusplus
}
#endif

#endif
