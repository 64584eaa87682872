/*
 * Fuzz harness: KTAB's CSV format (scenario/ktab_csv.c); valid inputs
 * also go through the YAML and JSON round trip (fuzz.h).
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_scenario(data, size, "fuzz.csv", DT_FORMAT_KTAB_CSV);
    return 0;
}
