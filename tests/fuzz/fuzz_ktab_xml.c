/*
 * Fuzz harness: KTAB's XML format (scenario/ktab_xml.c, libxml2); valid inputs
 * also go through the YAML and JSON round trip (fuzz.h).
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_scenario(data, size, "fuzz.xml", DT_FORMAT_KTAB_XML);
    return 0;
}
