/*
 * detente sweep --checkpoint FILE: the finished draws, saved atomically
 * (temporary file + rename, cli_out) every ten seconds, at the end and
 * when interrupted; a later run with the same file and options reads
 * them and computes only the rest. Since every draw depends only on
 * (seed, draw index), the resumed run ends with the same bytes as an
 * uninterrupted one.
 *
 * Format: one text line
 *   detente-sweep-checkpoint 1 fingerprint=<16 hex> draws=N record=R count=C
 * then C entries of a 64-bit draw index and R doubles, in the machine's
 * byte order (a checkpoint is for resuming on the same kind of machine).
 * The fingerprint hashes (FNV-1a, 64 bits) the scenario file's bytes and
 * every option that changes results, so a checkpoint is never applied to
 * another sweep.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "sweep_cli.h"

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

uint64_t sweep_fingerprint(const struct sweep_cfg *cfg, const dt_sweep *s)
{
    uint64_t h = 0xcbf29ce484222325u;
    char buf[4096];
    size_t n, m;
    FILE *f = fopen(cfg->file, "rb");

    if (f) {
        while ((n = fread(buf, 1, sizeof buf, f)) > 0)
            h = fnv(h, buf, n);
        fclose(f);
    }
    n = (size_t)snprintf(buf, sizeof buf,
                         "v=%s seed=%" PRIu64 " draws=%zu record=%zu "
                         "analysis=%d drop=%d models=",
                         dt_version(), dt_sweep_seed(s), dt_sweep_n_draws(s),
                         dt_sweep_record_size(s), dt_sweep_has_analysis(s),
                         dt_sweep_has_drop_each(s));
    h = fnv(h, buf, n);
    for (m = 0; m < dt_sweep_n_models(s); m++)
        h = fnv(h, dt_sweep_model(s, m)->name,
                strlen(dt_sweep_model(s, m)->name) + 1);
    return h;
}

long long sweep_ckpt_load(const struct sweep_cfg *cfg, dt_sweep *s)
{
    size_t rec = dt_sweep_record_size(s), draws, r, count, k;
    unsigned long long fp;
    FILE *f = fopen(cfg->checkpoint, "rb");
    double *buf;
    int ver;

    if (!f) {
        if (errno == ENOENT)
            return 0;
        cli_error("cannot read checkpoint '%s': %s", cfg->checkpoint,
                  strerror(errno));
        return -1;
    }
    if (fscanf(f,
               "detente-sweep-checkpoint %d fingerprint=%llx draws=%zu "
               "record=%zu count=%zu",
               &ver, &fp, &draws, &r, &count) != 5 ||
        fgetc(f) != '\n' || ver != 1) {
        fclose(f);
        cli_error("'%s' is not a detente sweep checkpoint", cfg->checkpoint);
        return -1;
    }
    if (fp != sweep_fingerprint(cfg, s) || draws != dt_sweep_n_draws(s) ||
        r != rec || count > draws) {
        fclose(f);
        cli_error("checkpoint '%s' belongs to another sweep (a different "
                  "scenario file, seed, --draws, --model, --analysis or "
                  "--drop-each); remove it or choose another path",
                  cfg->checkpoint);
        return -1;
    }
    buf = malloc((rec + 1) * sizeof *buf);
    if (!buf) {
        fclose(f);
        cli_error("out of memory");
        return -1;
    }
    for (k = 0; k < count; k++) {
        uint64_t d;

        if (fread(&d, sizeof d, 1, f) != 1 ||
            fread(buf, sizeof *buf, rec, f) != rec || d >= draws) {
            free(buf);
            fclose(f);
            cli_error("checkpoint '%s' is truncated or damaged",
                      cfg->checkpoint);
            return -1;
        }
        dt_sweep_set_record(s, (size_t)d, buf);
    }
    free(buf);
    fclose(f);
    return (long long)count;
}

int sweep_ckpt_save(const struct sweep_cfg *cfg, const dt_sweep *s)
{
    size_t rec = dt_sweep_record_size(s), n = dt_sweep_n_draws(s), d;
    size_t count = 0;
    double *buf;
    cli_out out;
    int ok, ex;

    for (d = 0; d < n; d++)
        count += dt_sweep_done(s, d) != 0;
    buf = malloc((rec + 1) * sizeof *buf);
    if (!buf) {
        cli_error("out of memory");
        return CLI_INTERNAL;
    }
    ex = cli_out_open(&out, cfg->checkpoint);
    if (ex != CLI_OK) {
        free(buf);
        return ex;
    }
    ok = fprintf(out.f,
                 "detente-sweep-checkpoint 1 fingerprint=%016" PRIx64
                 " draws=%zu record=%zu count=%zu\n",
                 sweep_fingerprint(cfg, s), n, rec, count) > 0;
    for (d = 0; ok && d < n; d++) {
        uint64_t di = d;

        if (!dt_sweep_get_record(s, d, buf))
            continue;
        ok = fwrite(&di, sizeof di, 1, out.f) == 1 &&
             fwrite(buf, sizeof *buf, rec, out.f) == rec;
    }
    free(buf);
    return cli_out_close(&out, ok) == CLI_OK && ok ? CLI_OK : CLI_IO;
}
