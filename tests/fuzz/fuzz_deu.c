/*
 * Fuzz harness: the DEU wide format of decisions with known outcomes
 * (backtest/deu.c, dt_deu_parse).
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dt_deu *d = NULL;
    dt_error err;

    if (dt_deu_parse((const char *)data, size, "fuzz.csv", NULL, &d, &err) ==
        DT_OK)
        dt_deu_free(d);
    return 0;
}
