/*
 * detente: one-input sweeps (detente vary, docs/analysts-loop.md). One
 * parameter slot (scenario.h) is stepped evenly from lo to hi; at each
 * step every model's forecast of every issue, the zone of agreement's
 * verdict and surplus, the Nash deal and its durability (analysis.h) are
 * computed on a clone of the scenario, and the steps where the verdict
 * flips are marked.
 */
#ifndef DETENTE_VARY_H
#define DETENTE_VARY_H

#include "analysis.h"
#include "doc.h"
#include "forecast.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Options of dt_vary_run. Initialise with DT_VARY_OPTS_INIT. */
typedef struct dt_vary_opts {
    const char *const *models;        /* forecast models (NULL: every one-issue
                                         model, as dt_forecast_new) */
    size_t n_models;                  /* entries in models */
    const dt_forecast_opts *forecast; /* NULL = defaults */
    const dt_model_type *analysis_model; /* zone/deal forecasts; NULL = eu */
    dt_nash_weights weights;             /* Nash weights */
} dt_vary_opts;

#define DT_VARY_OPTS_INIT                                                      \
    {                                                                          \
        NULL, 0, NULL, NULL, DT_WEIGHTS_EQUAL                                  \
    }

/* One step. Arrays are owned by the dt_vary. */
typedef struct dt_vary_step {
    double value;      /* the slot's value at this step */
    double *forecast;  /* [issue * n_models + model]; NaN: no forecast */
    int analysed;      /* 1 when the analysis could be run (a table) */
    int feasible;      /* zone verdict: 1 a deal beats no deal for every
                          table actor, 0 not (when analysed) */
    double surplus;    /* the zone's max-min surplus (NaN if not analysed) */
    double *deal;      /* per issue: the Nash deal, NaN when none */
    double durability; /* of the proposal, 0-1; NaN when none */
    size_t n_spoilers; /* actors not supporting it */
    int flip;          /* vs the step before: +1 the zone opens, -1 it
                          closes, 0 same verdict (or first step) */
} dt_vary_step;

typedef struct dt_vary {
    const dt_scenario *sc; /* borrowed: must outlive the dt_vary */
    size_t slot;           /* the slot varied */
    char slot_id[128];     /* its id */
    double was;            /* its value in the scenario */
    size_t n_issues;       /* the scenario's */
    size_t n_models;       /* models run */
    const char **models;   /* their names (owned) */
    size_t n_steps;        /* entries in steps */
    dt_vary_step *steps;   /* lo first */
    const dt_allocator *alloc;
} dt_vary;

/*
 * Parse "SLOT=LO:HI:STEPS" against sc's slots (e.g.
 * "russia.territory.position=50:100:11"): steps from 2 to 10000, lo and
 * hi finite (lo may exceed hi: the sweep then runs downwards). An
 * unknown slot's message names the closest ids. Returns DT_OK or
 * DT_EINVAL.
 */
DT_API dt_status dt_vary_parse(const dt_scenario *sc, const char *arg,
                               size_t *slot, double *lo, double *hi,
                               size_t *steps, dt_error *err);

/*
 * Step slot `slot` of sc (borrowed) from lo to hi in `steps` (>= 2)
 * even steps: value_k = lo + (hi - lo) k / (steps - 1). Caller frees
 * *out with dt_vary_free. Returns DT_OK, DT_EINVAL (no such slot, steps
 * < 2, lo or hi outside the slot's range: the message gives it), a
 * model's error or DT_ENOMEM. An analysis that cannot run (no table
 * actor) is not an error: analysed is 0. Deterministic.
 */
DT_API dt_status dt_vary_run(const dt_scenario *sc, size_t slot, double lo,
                             double hi, size_t steps, const dt_vary_opts *o,
                             dt_vary **out, dt_error *err);
DT_API void dt_vary_free(dt_vary *v);

/*
 * The document of a one-input sweep: a table of the zone per step
 * (value, verdict with "<- opens"/"<- closes" where it flips, surplus,
 * durability, spoilers), then per issue a table of every model's
 * forecast and the deal per step; for text, Markdown and CSV.
 */
DT_API dt_status dt_vary_doc(const dt_vary *v, const dt_doc_opts *o, dt_doc *d,
                             dt_error *err);

/*
 * The one-input sweep as JSON (schema detente-vary/1, docs/json-schema.md):
 * scenario, what-ifs, slot, as_written, from, to, models, then per step
 * value, forecasts (issue -> model -> value), analysed, zone
 * ("agreement", "no agreement" or null when not analysed), surplus,
 * deal (issue -> value), durability, spoilers and flip ("opens",
 * "closes" or null); a number that is not one is null. o is unused.
 * Returns DT_OK, DT_ENOMEM or the status of write.
 */
DT_API dt_status dt_vary_write_json(const dt_vary *v, const dt_doc_opts *o,
                                    dt_write_fn write, void *ud, dt_error *err);

#ifdef __cplusplus
}
#endif

#endif
