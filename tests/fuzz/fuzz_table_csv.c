/*
 * Fuzz harness: the multi-issue CSV table (scenario/table_csv.c,
 * csvread.c); valid inputs also go through the YAML and JSON round trip
 * (fuzz.h).
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_scenario(data, size, "fuzz.csv", DT_FORMAT_TABLE_CSV);
    return 0;
}
