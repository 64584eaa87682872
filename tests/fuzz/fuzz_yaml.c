/*
 * Fuzz harness: YAML scenarios, game sections included (scenario/yaml*.c);
 * valid inputs also go through the YAML and JSON round trip (fuzz.h).
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_scenario(data, size, "fuzz.yaml", DT_FORMAT_YAML);
    return 0;
}
