/*
 * detente serve: paths confined to the directory served. A request path
 * is relative and plain (no "..", ".", empty or hidden component, no
 * backslash); a file read must resolve (realpath) inside DIR and be a
 * regular file, opened with O_NOFOLLOW on its resolved path; a file
 * written is reached by opening each directory from DIR's descriptor
 * with O_NOFOLLOW | O_DIRECTORY and written beside its final name, then
 * renamed over it, never through a symlink or into a FIFO or device.
 */
#define _GNU_SOURCE /* O_DIRECTORY, O_NOFOLLOW, O_CLOEXEC under C17 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sv.h"

int sv_path_ok(const char *p, size_t len, sv_reply *r)
{
    const char *c, *end = p + len;

    if (len == 0 || strlen(p) != len) {
        sv_reply_error(r, 400, "bad_request",
                       "a path must be a non-empty string without NUL");
        return 0;
    }
    if (len > SV_MAX_PATH) {
        sv_reply_error(r, 400, "bad_request", "path longer than %u bytes",
                       SV_MAX_PATH);
        return 0;
    }
    if (p[0] == '/') {
        sv_reply_error(r, 400, "bad_request",
                       "'%s': absolute paths are refused; give a path "
                       "relative to the directory served",
                       p);
        return 0;
    }
    if (strchr(p, '\\')) {
        sv_reply_error(r, 400, "bad_request", "'%s': backslash in a path", p);
        return 0;
    }
    for (c = p; c < end;) {
        const char *slash = memchr(c, '/', (size_t)(end - c));
        size_t n = slash ? (size_t)(slash - c) : (size_t)(end - c);

        if (n == 0 || c[0] == '.') {
            sv_reply_error(r, 400, "bad_request",
                           "'%s': empty, '.', '..' and hidden path components "
                           "are refused",
                           p);
            return 0;
        }
        c += n + (slash ? 1 : 0);
        if (slash && c == end) {
            sv_reply_error(r, 400, "bad_request", "'%s': trailing '/'", p);
            return 0;
        }
    }
    return 1;
}

/* dir/rel resolved; NULL with a reply (404 missing, 403 outside DIR). */
static char *resolve(const sv_server *s, const char *rel, sv_reply *r)
{
    char *full, *real;
    size_t n = s->dir_len + strlen(rel) + 2;

    full = malloc(n);
    if (!full) {
        sv_reply_error(r, 500, "internal", "out of memory");
        return NULL;
    }
    snprintf(full, n, "%s/%s", s->dir, rel);
    real = realpath(full, NULL);
    free(full);
    if (!real) {
        if (errno == ENOENT || errno == ENOTDIR)
            sv_reply_error(r, 404, "not_found", "no file '%s'", rel);
        else
            sv_reply_error(r, 403, "forbidden", "cannot resolve '%s': %s", rel,
                           strerror(errno));
        return NULL;
    }
    if (strncmp(real, s->dir, s->dir_len) != 0 ||
        (real[s->dir_len] != '/' && !(s->dir_len == 1 && s->dir[0] == '/'))) {
        sv_reply_error(r, 403, "forbidden",
                       "'%s' leads outside the directory served", rel);
        free(real);
        return NULL;
    }
    return real;
}

int sv_path_read(const sv_server *s, const char *rel, char **buf, size_t *len,
                 sv_reply *r)
{
    char *real, *p = NULL;
    struct stat st;
    size_t n = 0;
    int fd;

    *buf = NULL;
    *len = 0;
    if (!sv_path_ok(rel, strlen(rel), r))
        return 0;
    real = resolve(s, rel, r);
    if (!real)
        return 0;
    /* Non-blocking: a FIFO must not hang the thread before fstat. */
    fd = open(real, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    free(real);
    if (fd < 0) {
        sv_reply_error(r, errno == ENOENT ? 404 : 403,
                       errno == ENOENT ? "not_found" : "forbidden",
                       "cannot open '%s': %s", rel, strerror(errno));
        return 0;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        sv_reply_error(r, 400, "bad_request", "'%s' is not a regular file",
                       rel);
        goto fail;
    }
    if ((unsigned long long)st.st_size > SV_MAX_FILE) {
        sv_reply_error(r, 413, "too_large", "'%s' is larger than %u bytes", rel,
                       SV_MAX_FILE);
        goto fail;
    }
    p = malloc((size_t)st.st_size + 1);
    if (!p) {
        sv_reply_error(r, 500, "internal", "out of memory");
        goto fail;
    }
    while (n < (size_t)st.st_size) {
        ssize_t got = read(fd, p + n, (size_t)st.st_size - n);

        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            sv_reply_error(r, 500, "internal", "cannot read '%s': %s", rel,
                           strerror(errno));
            goto fail;
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    p[n] = '\0';
    close(fd);
    *buf = p;
    *len = n;
    return 1;
fail:
    free(p);
    close(fd);
    return 0;
}

int sv_path_parent(const sv_server *s, const char *rel, int create,
                   const char **base, sv_reply *r)
{
    const char *c = rel, *slash;
    int fd, next;

    if (!sv_path_ok(rel, strlen(rel), r))
        return -1;
    fd = open(s->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        sv_reply_error(r, 500, "internal",
                       "cannot open the directory "
                       "served: %s",
                       strerror(errno));
        return -1;
    }
    while ((slash = strchr(c, '/')) != NULL) {
        char name[NAME_MAX + 1];
        size_t n = (size_t)(slash - c);

        if (n > NAME_MAX) {
            sv_reply_error(r, 400, "bad_request",
                           "a component of '%s' is "
                           "too long",
                           rel);
            close(fd);
            return -1;
        }
        memcpy(name, c, n);
        name[n] = '\0';
        next =
            openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (next < 0 && errno == ENOENT && create) {
            if (mkdirat(fd, name, 0755) != 0 && errno != EEXIST) {
                sv_reply_error(r, 500, "internal", "cannot create '%s': %s",
                               name, strerror(errno));
                close(fd);
                return -1;
            }
            next = openat(fd, name,
                          O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        }
        if (next < 0) {
            int e = errno;

            if (e == ENOENT)
                sv_reply_error(r, 404, "not_found", "no directory '%.*s'",
                               (int)(slash - rel), rel);
            else if (e == ELOOP || e == ENOTDIR)
                sv_reply_error(r, 403, "forbidden",
                               "'%.*s' is a symlink or not a directory; "
                               "refused",
                               (int)(slash - rel), rel);
            else
                sv_reply_error(r, 403, "forbidden", "cannot open '%.*s': %s",
                               (int)(slash - rel), rel, strerror(e));
            close(fd);
            return -1;
        }
        close(fd);
        fd = next;
        c = slash + 1;
    }
    *base = c;
    return fd;
}

int sv_random_hex(char *buf, size_t n)
{
    unsigned char raw[64];
    size_t k, need = (n - 1 + 1) / 2, got = 0;

    if (n == 0 || need > sizeof raw)
        return 0;
    while (got < need) {
        ssize_t g = getrandom(raw + got, need - got, 0);

        if (g < 0 && errno == EINTR)
            continue;
        if (g <= 0)
            return 0;
        got += (size_t)g;
    }
    for (k = 0; k + 1 < n; k++)
        buf[k] = "0123456789abcdef"[(raw[k / 2] >> (k % 2 ? 0 : 4)) & 15];
    buf[n - 1] = '\0';
    return 1;
}

int sv_path_write(int dirfd, const char *base, const void *p, size_t n,
                  int overwrite, sv_reply *r)
{
    char tmp[NAME_MAX + 1], rnd[13];
    const char *q = p;
    struct stat st;
    size_t done = 0;
    int fd;

    if (strlen(base) + 20 > NAME_MAX) {
        sv_reply_error(r, 400, "bad_request", "file name '%s' too long", base);
        return 0;
    }
    if (fstatat(dirfd, base, &st, AT_SYMLINK_NOFOLLOW) == 0) {
        if (!S_ISREG(st.st_mode)) {
            sv_reply_error(r, 409, "conflict",
                           "'%s' exists and is not a regular file (a "
                           "symlink, FIFO, device or directory); not "
                           "replacing it",
                           base);
            return 0;
        }
        if (!overwrite) {
            sv_reply_error(r, 409, "conflict",
                           "'%s' exists; send \"overwrite\": true to "
                           "replace it",
                           base);
            return 0;
        }
    } else if (errno != ENOENT) {
        sv_reply_error(r, 403, "forbidden", "cannot check '%s': %s", base,
                       strerror(errno));
        return 0;
    }
    if (!sv_random_hex(rnd, sizeof rnd)) {
        sv_reply_error(r, 500, "internal", "no random source");
        return 0;
    }
    snprintf(tmp, sizeof tmp, ".%s.tmp-%s", base, rnd);
    fd = openat(dirfd, tmp,
                O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0) {
        sv_reply_error(r, 500, "internal", "cannot write beside '%s': %s", base,
                       strerror(errno));
        return 0;
    }
    while (done < n) {
        ssize_t w = write(fd, q + done, n - done);

        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            goto fail;
        done += (size_t)w;
    }
    if (fsync(fd) != 0)
        goto fail;
    if (close(fd) != 0) {
        fd = -1;
        goto fail;
    }
    fd = -1;
    /* Checked again just before: a FIFO or symlink put there meanwhile. */
    if (fstatat(dirfd, base, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
        !S_ISREG(st.st_mode)) {
        unlinkat(dirfd, tmp, 0);
        sv_reply_error(r, 409, "conflict",
                       "'%s' is no longer a regular file; not replacing it",
                       base);
        return 0;
    }
    if (renameat(dirfd, tmp, dirfd, base) != 0)
        goto fail;
    (void)fsync(dirfd);
    return 1;
fail:
    sv_reply_error(r, 500, "internal", "cannot write '%s': %s", base,
                   strerror(errno));
    if (fd >= 0)
        close(fd);
    unlinkat(dirfd, tmp, 0);
    return 0;
}
