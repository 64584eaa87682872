/*
 * Fuzz harness: an analyst's estimates file (judgement/estimates.c,
 * dt_estimates_add_text) for the Anchorage scenario, added after a valid
 * first analyst so that duplicate ids and the mixture of two analysts
 * are reached. Beyond the parser: for every estimated slot the mixture's
 * quantiles rise with u and stay within the analysts' [low, high], and
 * its moments are finite (docs/judgement.md).
 */
#include <math.h>

#include "fuzz.h"

#ifndef DT_FUZZ_SCENARIO
#error "DT_FUZZ_SCENARIO: the scenario the estimates are for"
#endif

static dt_scenario *sc;

static const char first[] =
    "analyst: first\n"
    "estimates:\n"
    "  russia.territory.position: {low: 85, mode: 95, high: 100}\n"
    "  usa.capability: {low: 80, mode: 100, high: 120}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dt_estimates *e = NULL;
    dt_error err;
    size_t s;

    if (!sc)
        FUZZ_CHECK(dt_scenario_load(DT_FUZZ_SCENARIO, NULL, &sc, &err) == DT_OK,
                   err.msg);
    FUZZ_CHECK(dt_estimates_new(sc, &e, &err) == DT_OK, err.msg);
    FUZZ_CHECK(dt_estimates_add_text(e, "first.yaml", first, sizeof first - 1,
                                     &err) == DT_OK,
               err.msg);
    if (dt_estimates_add_text(e, "fuzz.yaml", (const char *)data, size, &err) !=
        DT_OK) {
        FUZZ_CHECK(err.msg[0] != '\0', "an error without a message");
        FUZZ_CHECK(dt_estimates_n_analysts(e) == 1, "a failed add kept");
        dt_estimates_free(e);
        return 0;
    }
    for (s = 0; s < dt_scenario_n_slots(sc); s++) {
        double lo, hi, mean, var, prev = -INFINITY;
        int k;

        if (!dt_estimates_has(e, s))
            continue;
        FUZZ_CHECK(dt_estimates_moments(e, s, &mean, &var),
                   "no moments for an estimated slot");
        FUZZ_CHECK(isfinite(mean) && isfinite(var) && var >= -1e-9 * fabs(mean),
                   "moments not finite");
        lo = dt_estimates_sample(e, s, 1e-9);
        hi = dt_estimates_sample(e, s, 1.0 - 1e-9);
        for (k = 1; k < 16; k++) {
            double x = dt_estimates_sample(e, s, k / 16.0);

            FUZZ_CHECK(isfinite(x) && x >= prev, "quantiles do not rise");
            FUZZ_CHECK(x >= lo && x <= hi, "a quantile outside the range");
            prev = x;
        }
    }
    dt_estimates_free(e);
    return 0;
}
