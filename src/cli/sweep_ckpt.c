/*
 * detente sweep --checkpoint FILE: the finished draws, so that a later run
 * with the same file and options reads them and computes only the rest.
 * Since every draw depends only on (seed, draw index), the resumed run
 * ends with the same bytes as an uninterrupted one.
 *
 * Format (version 2): one text line
 *   detente-sweep-checkpoint 2 fingerprint=<16 hex> draws=N record=R
 * then entries of a 64-bit draw index, R doubles and a 64-bit checksum,
 * in the machine's byte order (a checkpoint is for resuming on the same
 * kind of machine). The fingerprint hashes (FNV-1a, 64 bits) the scenario
 * file's bytes and every option that changes results, so a checkpoint is
 * never applied to another sweep; each entry's checksum is FNV-1a of the
 * fingerprint, the index and the record, so one changed byte anywhere in
 * an entry is always detected (each FNV step is a bijection of the state)
 * and the file is refused.
 *
 * The first save writes the file atomically (temporary file + rename,
 * cli_out); later saves, every ten seconds, at the end and when
 * interrupted, append only the draws finished since (flushed and synced),
 * instead of rewriting every draw each time (a 200,000-draw run rewrote
 * about 3 GB). A run killed in the middle of an append leaves an
 * incomplete last entry: reading drops it (and cuts the file back to the
 * last whole entry, so the next append follows a whole one).
 *
 * Draws streamed under --memory (docs/analysis.md "Memory") have no
 * record to save: a save that finds more of them done than the last one
 * appends a snapshot of their exact sums instead, an entry whose index is
 * 2^64 - 1, followed by a 64-bit word count W, W words
 * (dt_sweep_stream_get) and a checksum of the fingerprint, index, count
 * and words. Reading keeps the last whole snapshot and merges it.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
    /* The analysts' files change the draws: their bytes count too. */
    for (m = 0; m < cfg->n_estimates; m++) {
        h = fnv(h, cfg->estimates[m], strlen(cfg->estimates[m]) + 1);
        if ((f = fopen(cfg->estimates[m], "rb")) != NULL) {
            while ((n = fread(buf, 1, sizeof buf, f)) > 0)
                h = fnv(h, buf, n);
            fclose(f);
        }
    }
    n = (size_t)snprintf(buf, sizeof buf,
                         "v=%s seed=%" PRIu64 " draws=%zu record=%zu "
                         "analysis=%d drop=%d models=",
                         dt_version(), dt_sweep_seed(s), dt_sweep_n_draws(s),
                         dt_sweep_record_size(s), dt_sweep_has_analysis(s),
                         dt_sweep_has_drop_each(s));
    h = fnv(h, buf, n);
    /* The draws kept whole (--memory) change the results too. */
    if (dt_sweep_n_kept(s) < dt_sweep_n_draws(s)) {
        n = (size_t)snprintf(buf, sizeof buf, " kept=%zu", dt_sweep_n_kept(s));
        h = fnv(h, buf, n);
    }
    for (m = 0; m < dt_sweep_n_models(s); m++)
        h = fnv(h, dt_sweep_model(s, m)->name,
                strlen(dt_sweep_model(s, m)->name) + 1);
    for (m = 0; m < dt_scenario_n_whatif(dt_sweep_scenario(s)); m++) {
        const char *w = dt_scenario_whatif_change(dt_sweep_scenario(s), m);

        h = fnv(h, w, strlen(w) + 1);
    }
    return h;
}

/* Bytes of one entry: index, record, checksum. */
static size_t entry_size(size_t rec)
{
    return 2 * sizeof(uint64_t) + rec * sizeof(double);
}

static uint64_t entry_check(uint64_t fp, uint64_t d, const double *buf,
                            size_t rec)
{
    uint64_t h = fnv(0xcbf29ce484222325u, &fp, sizeof fp);

    h = fnv(h, &d, sizeof d);
    return fnv(h, buf, rec * sizeof *buf);
}

#define SNAPSHOT UINT64_MAX /* the index of a snapshot entry */

/* Streamed draws done (the draws past the kept ones). */
size_t sweep_streamed_done(const dt_sweep *s)
{
    return dt_sweep_count_done(s, dt_sweep_n_kept(s), dt_sweep_n_draws(s));
}

static uint64_t snapshot_check(uint64_t fp, uint64_t nw, const uint64_t *w)
{
    uint64_t h = fnv(0xcbf29ce484222325u, &fp, sizeof fp), d = SNAPSHOT;

    h = fnv(h, &d, sizeof d);
    h = fnv(h, &nw, sizeof nw);
    return fnv(h, w, (size_t)nw * sizeof *w);
}

/*
 * Read the rest of a snapshot entry (after its index) into *last
 * (replacing the previous one). Returns 1, 0 at a torn end, -1 when it
 * fails its checksum or is too large.
 */
static int read_snapshot(FILE *f, uint64_t fp, uint64_t **last, size_t *n_last,
                         long *bytes)
{
    uint64_t nw, check, *w;

    if (fread(&nw, sizeof nw, 1, f) != 1)
        return 0;
    if (nw > ((uint64_t)1 << 32))
        return -1;
    w = malloc(((size_t)nw + 1) * sizeof *w);
    if (!w)
        return -1;
    if (fread(w, sizeof *w, (size_t)nw, f) != nw ||
        fread(&check, sizeof check, 1, f) != 1) {
        free(w);
        return 0;
    }
    if (check != snapshot_check(fp, nw, w)) {
        free(w);
        return -1;
    }
    free(*last);
    *last = w;
    *n_last = (size_t)nw;
    *bytes = (long)((3 + nw) * sizeof nw);
    return 1;
}

long long sweep_ckpt_load(const struct sweep_cfg *cfg, dt_sweep *s)
{
    size_t rec = dt_sweep_record_size(s), draws, r, count = 0;
    unsigned long long fp;
    uint64_t want = sweep_fingerprint(cfg, s);
    FILE *f = fopen(cfg->checkpoint, "rb");
    double *buf;
    long good;
    int ver, torn = 0;
    uint64_t *snap = NULL;
    size_t n_snap = 0;

    if (!f) {
        if (errno == ENOENT)
            return 0;
        cli_error("cannot read checkpoint '%s': %s", cfg->checkpoint,
                  strerror(errno));
        return -1;
    }
    if (fscanf(f, "detente-sweep-checkpoint %d ", &ver) != 1) {
        fclose(f);
        cli_error("'%s' is not a detente sweep checkpoint", cfg->checkpoint);
        return -1;
    }
    if (ver != 2) {
        fclose(f);
        cli_error("checkpoint '%s' is in format %d, written by another "
                  "version of detente; remove it to start again",
                  cfg->checkpoint, ver);
        return -1;
    }
    if (fscanf(f, "fingerprint=%llx draws=%zu record=%zu", &fp, &draws, &r) !=
            3 ||
        fgetc(f) != '\n') {
        fclose(f);
        cli_error("'%s' is not a detente sweep checkpoint", cfg->checkpoint);
        return -1;
    }
    if (fp != want || draws != dt_sweep_n_draws(s) || r != rec) {
        fclose(f);
        cli_error("checkpoint '%s' belongs to another sweep (a different "
                  "scenario file, seed, --draws, --model, --analysis, "
                  "--drop-each or --memory); remove it or choose another path",
                  cfg->checkpoint);
        return -1;
    }
    buf = malloc((rec + 1) * sizeof *buf);
    if (!buf) {
        fclose(f);
        cli_error("out of memory");
        return -1;
    }
    good = ftell(f);
    for (;;) {
        uint64_t d, check;
        size_t got = fread(&d, 1, sizeof d, f);

        if (got == 0 && feof(f))
            break;
        if (got == sizeof d && d == SNAPSHOT) {
            long bytes = 0;
            int r2 = read_snapshot(f, want, &snap, &n_snap, &bytes);

            if (r2 > 0) {
                good += (long)sizeof d + bytes;
                continue;
            }
            if (r2 == 0 && !ferror(f)) {
                torn = 1;
                break;
            }
            free(snap);
            free(buf);
            fclose(f);
            cli_error("checkpoint '%s' is damaged (the streamed draws' sums "
                      "at byte %ld fail their checksum); remove it to start "
                      "again",
                      cfg->checkpoint, good);
            return -1;
        }
        if (got != sizeof d || fread(buf, sizeof *buf, rec, f) != rec ||
            fread(&check, sizeof check, 1, f) != 1) {
            torn = !ferror(f);
            if (torn)
                break;
            free(snap);
            free(buf);
            fclose(f);
            cli_error("cannot read checkpoint '%s': %s", cfg->checkpoint,
                      strerror(errno));
            return -1;
        }
        if (check != entry_check(want, d, buf, rec) || d >= draws) {
            free(snap);
            free(buf);
            fclose(f);
            cli_error("checkpoint '%s' is damaged (entry %zu at byte %ld "
                      "fails its checksum); remove it to start again",
                      cfg->checkpoint, count + 1, good);
            return -1;
        }
        if (!dt_sweep_done(s, (size_t)d))
            count++;
        dt_sweep_set_record(s, (size_t)d, buf);
        good += (long)entry_size(rec);
    }
    free(buf);
    fclose(f);
    if (snap) {
        dt_error err;
        size_t before = sweep_streamed_done(s);

        if (dt_sweep_stream_merge(s, snap, n_snap, &err) != DT_OK) {
            free(snap);
            cli_error("checkpoint '%s': %s", cfg->checkpoint, err.msg);
            return -1;
        }
        count += sweep_streamed_done(s) - before;
        free(snap);
    }
    /* An append cut short by a kill: drop the incomplete last entry. */
    if (torn && truncate(cfg->checkpoint, (off_t)good) != 0) {
        cli_error("cannot repair checkpoint '%s': %s", cfg->checkpoint,
                  strerror(errno));
        return -1;
    }
    return (long long)count;
}

/*
 * Write the entries of the kept draws done not yet saved, and a snapshot
 * of the streamed draws' sums when more are done than *streamed says.
 */
static int put_entries(FILE *f, uint64_t fp, const dt_sweep *s, double *buf,
                       const unsigned char *saved, size_t streamed)
{
    size_t rec = dt_sweep_record_size(s), n = dt_sweep_n_kept(s), d;

    for (d = 0; d < n; d++) {
        uint64_t di = d, check;

        if (saved[d] || !dt_sweep_get_record(s, d, buf))
            continue;
        check = entry_check(fp, di, buf, rec);
        if (fwrite(&di, sizeof di, 1, f) != 1 ||
            fwrite(buf, sizeof *buf, rec, f) != rec ||
            fwrite(&check, sizeof check, 1, f) != 1)
            return 0;
    }
    if (sweep_streamed_done(s) > streamed) {
        uint64_t di = SNAPSHOT, nw = dt_sweep_stream_size(s), check;
        uint64_t *w = malloc(((size_t)nw + 1) * sizeof *w);
        int ok;

        if (!w)
            return 0;
        nw = dt_sweep_stream_get(s, w);
        check = snapshot_check(fp, nw, w);
        ok = fwrite(&di, sizeof di, 1, f) == 1 &&
             fwrite(&nw, sizeof nw, 1, f) == 1 &&
             fwrite(w, sizeof *w, (size_t)nw, f) == nw &&
             fwrite(&check, sizeof check, 1, f) == 1;
        free(w);
        return ok;
    }
    return 1;
}

int sweep_ckpt_save(const struct sweep_cfg *cfg, const dt_sweep *s,
                    unsigned char *saved, size_t *streamed, int *exists)
{
    size_t rec = dt_sweep_record_size(s), n = dt_sweep_n_draws(s), d;
    size_t nk = dt_sweep_n_kept(s);
    uint64_t fp = sweep_fingerprint(cfg, s);
    double *buf = malloc((rec + 1) * sizeof *buf);
    int ok, ex;

    if (!buf) {
        cli_error("out of memory");
        return CLI_NOMEM;
    }
    if (!*exists) {
        cli_out out;

        ex = cli_out_open(&out, cfg->checkpoint);
        if (ex != CLI_OK) {
            free(buf);
            return ex;
        }
        ok = fprintf(out.f,
                     "detente-sweep-checkpoint 2 fingerprint=%016" PRIx64
                     " draws=%zu record=%zu\n",
                     fp, n, rec) > 0 &&
             put_entries(out.f, fp, s, buf, saved, *streamed);
        ex = cli_out_close(&out, ok) == CLI_OK && ok ? CLI_OK : CLI_IO;
        *exists = ex == CLI_OK;
    } else {
        int fd = open(cfg->checkpoint, O_WRONLY | O_APPEND);
        FILE *f = fd >= 0 ? fdopen(fd, "ab") : NULL;

        if (!f) {
            if (fd >= 0)
                close(fd);
            cli_error("cannot append to checkpoint '%s': %s", cfg->checkpoint,
                      strerror(errno));
            free(buf);
            return CLI_IO;
        }
        ok = put_entries(f, fp, s, buf, saved, *streamed) && fflush(f) == 0 &&
             fsync(fileno(f)) == 0;
        if (!ok)
            cli_error("cannot append to checkpoint '%s': %s", cfg->checkpoint,
                      strerror(errno));
        ok = fclose(f) == 0 && ok;
        ex = ok ? CLI_OK : CLI_IO;
    }
    free(buf);
    if (ex == CLI_OK) {
        for (d = 0; d < nk; d++)
            saved[d] = saved[d] || dt_sweep_done(s, d);
        *streamed = sweep_streamed_done(s);
    }
    return ex;
}
