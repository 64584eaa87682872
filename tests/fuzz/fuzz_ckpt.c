/*
 * Fuzz harness: sweep checkpoints (src/cli/sweep_ckpt.c, linked in: the
 * reader lives in the CLI). The input is written to a scratch file and
 * read by sweep_ckpt_load into a 4-draw sweep of the Hanoi scenario; a
 * load that succeeds is followed by the summary (dt_sweep_reduce) the
 * CLI computes next. First byte even: the file is the input as is.
 * Odd: a header with the right fingerprint is written first and the rest
 * of the input becomes entries whose checksums are set right, so the
 * fuzzer reaches the records themselves (any doubles, any draw index)
 * and the torn-entry repair, not only the header checks.
 */
#include <unistd.h>

#include "fuzz.h"
#include "sweep_cli.h"

#ifndef DT_FUZZ_SCENARIO
#error "DT_FUZZ_SCENARIO: the scenario of the sweep"
#endif

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *c = p;
    size_t k;

    for (k = 0; k < n; k++) {
        h ^= c[k];
        h *= 0x100000001b3u;
    }
    return h;
}

static dt_scenario *sc;
static char path[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sweep_cfg cfg;
    dt_sweep_opts o = DT_SWEEP_OPTS_INIT;
    dt_sweep *s = NULL;
    dt_error err;
    FILE *f;
    size_t rec, esz, k;
    uint64_t fp;

    if (!sc) {
        FUZZ_CHECK(dt_scenario_load(DT_FUZZ_SCENARIO, NULL, &sc, &err) == DT_OK,
                   err.msg);
        snprintf(path, sizeof path, "/tmp/dt-fuzz-ckpt-%ld", (long)getpid());
    }
    memset(&cfg, 0, sizeof cfg);
    cfg.file = DT_FUZZ_SCENARIO;
    cfg.checkpoint = path;
    o.seed = 1;
    o.n_draws = 4;
    o.analysis = DT_SWEEP_ANALYSIS_OFF;
    FUZZ_CHECK(dt_sweep_new(sc, &o, &s, &err) == DT_OK, err.msg);
    rec = dt_sweep_record_size(s);
    esz = 8 + rec * sizeof(double);
    fp = sweep_fingerprint(&cfg, s);

    f = fopen(path, "wb");
    FUZZ_CHECK(f != NULL, "cannot write the scratch checkpoint");
    if (size && (data[0] & 1)) {
        fprintf(f,
                "detente-sweep-checkpoint 2 fingerprint=%016llx draws=4 "
                "record=%zu\n",
                (unsigned long long)fp, rec);
        data++, size--;
        for (k = 0; k + esz <= size; k += esz) {
            uint64_t d, h;
            unsigned char entry[8 + 64 * sizeof(double)];

            if (esz > sizeof entry)
                break;
            memcpy(entry, data + k, esz);
            memcpy(&d, entry, 8);
            d &= 7; /* mostly valid indices, sometimes too large */
            memcpy(entry, &d, 8);
            h = fnv(0xcbf29ce484222325u, &fp, sizeof fp);
            h = fnv(h, entry, esz);
            fwrite(entry, 1, esz, f);
            fwrite(&h, 1, sizeof h, f);
        }
        fwrite(data + k, 1, size - k, f); /* a torn last entry */
    } else {
        fwrite(data, 1, size, f);
    }
    fclose(f);
    if (sweep_ckpt_load(&cfg, s) > 0)
        (void)dt_sweep_reduce(s, &err);
    dt_sweep_free(s);
    unlink(path);
    return 0;
}
