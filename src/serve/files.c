/*
 * detente serve: the endpoints that write under DIR. Save writes a
 * scenario's YAML atomically once it is valid; report writes a briefing
 * (index.html, report.pdf) into a fresh directory, renamed into place
 * when complete. Both reach their directory through descriptors opened
 * with O_NOFOLLOW (paths.c), so nothing is written outside DIR.
 */
#define _GNU_SOURCE /* O_DIRECTORY, O_NOFOLLOW, fdopendir */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sv.h"

#define SV_MAX_REPORT 16 /* scenarios in one report */

static int yaml_name(const char *base)
{
    const char *dot = strrchr(base, '.');

    return dot && (strcmp(dot, ".yaml") == 0 || strcmp(dot, ".yml") == 0);
}

/* ----- POST /api/save ----- */

void sv_api_save(const sv_call *c, sv_reply *r)
{
    const char *path = NULL, *base;
    json_t *spec = NULL;
    sv_source src = {0};
    dt_scenario *sc = NULL;
    json_t *errors = NULL;
    int overwrite = 0, fd = -1;
    dt_error err;
    dt_status st;

    if (!sv_field_string(c->body, "path", &path, r) ||
        !sv_field_bool(c->body, "overwrite", &overwrite, r))
        return;
    if (!path) {
        sv_reply_error(r, 400, "bad_request", "give \"path\": where to save");
        return;
    }
    if (!sv_path_ok(path, strlen(path), r))
        return;
    if (!yaml_name(path)) {
        sv_reply_error(r, 400, "bad_request",
                       "'%s': scenarios are saved as .yaml or .yml", path);
        return;
    }
    /* The scenario: "yaml" or "scenario", not "path". */
    spec = json_deep_copy(c->body);
    if (!spec) {
        sv_reply_error(r, 500, "internal", "out of memory");
        return;
    }
    json_object_del(spec, "path");
    if (!sv_spec_source(c->srv, spec, &src, r))
        goto out;
    st = sv_source_parse(&src, &sc, &errors, &err);
    if (st == DT_ESCENARIO) {
        sv_reply_errors(r, 422, "invalid_scenario",
                        "not saved: the scenario is not valid", errors,
                        src.text);
        goto out;
    }
    json_decref(errors);
    if (st != DT_OK) {
        sv_reply_dt(r, st, &err, "cannot read the scenario");
        goto out;
    }
    fd = sv_path_parent(c->srv, path, 0, &base, r);
    if (fd < 0)
        goto out;
    if (sv_path_write(fd, base, src.text, src.len, overwrite, r))
        sv_reply_json(
            r, 200,
            json_pack("{s:s,s:I}", "path", path, "bytes", (json_int_t)src.len));
out:
    if (fd >= 0)
        close(fd);
    dt_scenario_free(sc);
    sv_source_release(&src);
    json_decref(spec);
}

/* ----- POST /api/report ----- */

/* Remove what dirfd/name holds (a tree we made or replace); no symlink
 * is followed. */
static void rm_tree_at(int at, const char *name, int depth)
{
    int fd;
    DIR *d;
    struct dirent *e;

    if (unlinkat(at, name, 0) == 0 || depth > 8)
        return;
    fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return;
    d = fdopendir(fd);
    if (!d) {
        close(fd);
        return;
    }
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            rm_tree_at(dirfd(d), e->d_name, depth + 1);
    closedir(d);
    unlinkat(at, name, AT_REMOVEDIR);
}

static dt_status fd_write(void *ud, const void *p, size_t n)
{
    int fd = *(int *)ud;
    const char *q = p;

    while (n) {
        ssize_t w = write(fd, q, n);

        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return DT_EIO;
        q += w;
        n -= (size_t)w;
    }
    return DT_OK;
}

/* Write one file of the report into the directory dfd. */
static int write_one(int dfd, const char *name, const dt_report *rep, int pdf,
                     sv_reply *r)
{
    int fd = openat(dfd, name,
                    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    dt_error err;
    dt_status st;

    if (fd < 0) {
        sv_reply_error(r, 500, "internal", "cannot write %s: %s", name,
                       strerror(errno));
        return 0;
    }
    st = pdf ? dt_report_write_pdf(rep, fd_write, &fd, &err)
             : dt_report_write_html(rep, fd_write, &fd, &err);
    if (st == DT_OK && fsync(fd) != 0)
        st = DT_EIO;
    close(fd);
    if (st != DT_OK) {
        sv_reply_error(r, 500, "internal", "cannot write %s", name);
        return 0;
    }
    return 1;
}

/* The options of the report: draws, seed, force. */
static int report_opts(json_t *body, dt_report_opts *o, int *force, sv_reply *r)
{
    uint64_t draws = 0, seed = 1;

    if (!sv_field_uint(body, "draws", SV_MAX_DRAWS, &draws, r) ||
        !sv_field_uint(body, "seed", SV_MAX_SEED, &seed, r) ||
        !sv_field_bool(body, "force", force, r))
        return 0;
    o->draws = (size_t)draws;
    o->seed = seed;
    o->has_seed = draws > 0;
    o->threads = 1;
    return 1;
}

void sv_api_report(const sv_call *c, sv_reply *r)
{
    dt_report_opts o = DT_REPORT_OPTS_INIT;
    dt_report_input in[SV_MAX_REPORT];
    dt_scenario *sc[SV_MAX_REPORT] = {0};
    char *bytes[SV_MAX_REPORT] = {0};
    json_t *paths = NULL, *e;
    const char *out = NULL, *base;
    char tmp[300], old[300], rnd[13];
    dt_report *rep = NULL;
    sv_buf cmd = {0};
    int force = 0, dfd = -1, tfd = -1, made = 0;
    struct stat st;
    dt_error err;
    size_t i, n;

    if (!sv_field_strings(c->body, "paths", &paths, r) ||
        !sv_field_string(c->body, "out", &out, r) ||
        !report_opts(c->body, &o, &force, r))
        return;
    n = json_array_size(paths);
    if (n < 1 || n > SV_MAX_REPORT || !out) {
        sv_reply_error(r, 400, "bad_request",
                       "give \"paths\" (1 to %d files) and \"out\" (a "
                       "directory to create)",
                       SV_MAX_REPORT);
        return;
    }
    memset(in, 0, sizeof in);
    sv_buf_puts(&cmd, "detente report");
    json_array_foreach(paths, i, e)
    {
        json_t *spec = json_pack("{s:O}", "path", e);
        size_t len = 0;

        sc[i] = spec ? sv_spec_load(c->srv, spec, NULL, r) : NULL;
        json_decref(spec);
        if (!sc[i] ||
            !sv_path_read(c->srv, json_string_value(e), &bytes[i], &len, r))
            goto done;
        in[i].scenario = sc[i];
        in[i].bytes = bytes[i];
        in[i].len = len;
        in[i].label = json_string_value(e);
        sv_buf_printf(&cmd, " %s", json_string_value(e));
    }
    sv_buf_printf(&cmd, " -o %s", out);
    if (o.draws)
        sv_buf_printf(&cmd, " --draws %zu --seed %llu", o.draws,
                      (unsigned long long)o.seed);
    o.command = cmd.p;
    dfd = sv_path_parent(c->srv, out, 1, &base, r);
    if (dfd < 0)
        goto done;
    if (strlen(base) > 200) {
        sv_reply_error(r, 400, "bad_request", "directory name too long");
        goto done;
    }
    if (fstatat(dfd, base, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
        (!S_ISDIR(st.st_mode) || !force)) {
        sv_reply_error(r, 409, "conflict",
                       S_ISDIR(st.st_mode)
                           ? "'%s' exists; send \"force\": true to replace it"
                           : "'%s' exists and is not a directory; not "
                             "replacing it",
                       out);
        goto done;
    }
    if (dt_report_new(in, n, &o, &rep, &err) != DT_OK) {
        sv_reply_dt(r, err.code, &err, "cannot make the report");
        goto done;
    }
    if (!sv_random_hex(rnd, sizeof rnd)) {
        sv_reply_error(r, 500, "internal", "no random source");
        goto done;
    }
    snprintf(tmp, sizeof tmp, ".%s.tmp-%s", base, rnd);
    snprintf(old, sizeof old, ".%s.old-%s", base, rnd);
    if (mkdirat(dfd, tmp, 0755) != 0) {
        sv_reply_error(r, 500, "internal", "cannot create %s: %s", tmp,
                       strerror(errno));
        goto done;
    }
    made = 1;
    tfd = openat(dfd, tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (tfd < 0 || !write_one(tfd, "index.html", rep, 0, r) ||
        !write_one(tfd, "report.pdf", rep, 1, r))
        goto done;
    if (fstatat(dfd, base, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
        renameat(dfd, base, dfd, old) != 0) {
        sv_reply_error(r, 500, "internal", "cannot move the old '%s' aside",
                       out);
        goto done;
    }
    if (renameat(dfd, tmp, dfd, base) != 0) {
        sv_reply_error(r, 500, "internal", "cannot rename into '%s'", out);
        renameat(dfd, old, dfd, base);
        goto done;
    }
    made = 0;
    rm_tree_at(dfd, old, 0);
    (void)fsync(dfd);
    {
        sv_buf idx = {0};

        sv_buf_printf(&idx, "%s/index.html", out);
        sv_reply_json(
            r, 200,
            json_pack("{s:s,s:s?}", "out", out, "index", idx.p ? idx.p : NULL));
        sv_buf_release(&idx);
    }
done:
    if (made)
        rm_tree_at(dfd, tmp, 0);
    if (tfd >= 0)
        close(tfd);
    if (dfd >= 0)
        close(dfd);
    dt_report_free(rep);
    for (i = 0; i < SV_MAX_REPORT; i++) {
        dt_scenario_free(sc[i]);
        free(bytes[i]);
    }
    sv_buf_release(&cmd);
    dt_analysis_thread_end();
}
