/*
 * Fuzz harness: sealed-forecast records (seal/seal.c, dt_seal_parse,
 * schema detente-seal/1). Beyond the parser: a record that reads is
 * written as JSON, read back and written again (same bytes), resolved
 * (an issue and the agreement, as `detente resolve`) and scored with the
 * ledger's scores (dt_seal_score_new), as `detente score` does with a
 * record from anywhere. Verification re-runs the scenario file a record
 * names, so it is left out.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dt_seal *s = NULL, *t = NULL;
    dt_seal_score *sc = NULL;
    fuzz_buf a = {0}, b = {0};
    dt_error err;

    if (dt_seal_parse((const char *)data, size, "fuzz.json", &s, &err) !=
        DT_OK) {
        FUZZ_CHECK(err.msg[0] != '\0', "an error without a message");
        return 0;
    }
    if (dt_seal_write_json(s, fuzz_buf_write, &a, &err) == DT_OK) {
        FUZZ_CHECK(dt_seal_parse(a.p, a.len, "again.json", &t, &err) == DT_OK,
                   err.msg);
        FUZZ_CHECK(dt_seal_write_json(t, fuzz_buf_write, &b, &err) == DT_OK,
                   err.msg);
        FUZZ_CHECK(a.len == b.len && memcmp(a.p, b.p, a.len) == 0,
                   "the record does not round-trip");
        dt_seal_free(t);
    }
    /* Unknown issues and values outside 0-100 are refused, not crashes. */
    (void)dt_seal_resolve(s, "territory", 40.0, &err);
    (void)dt_seal_resolve(s, "scope", 120.0, &err);
    (void)dt_seal_resolve_agreement(s, 0, &err);
    if (dt_seal_score_new((const dt_seal *const *)&s, 1, &sc, &err) == DT_OK)
        dt_seal_score_free(sc);
    dt_seal_free(s);
    free(a.p);
    free(b.p);
    return 0;
}
