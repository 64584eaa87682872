/*
 * Reading a whole file into memory through the allocator hook, with a
 * size cap, for the readers that parse from a buffer (DEU data, sealed
 * records, analysts' estimates). Scenarios have their own loader
 * (scenario/scenario.c), which also refuses non-regular files.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

dt_status dt__read_file(const char *path, size_t max, const dt_allocator *alloc,
                        char **buf, size_t *len, size_t *cap, dt_error *err)
{
    FILE *fp = fopen(path, "rb");
    dt_status rc = DT_OK;

    *buf = NULL;
    *len = *cap = 0;
    if (!fp)
        return dt__error_set(err, DT_EIO, "cannot open '%s': %s", path,
                             strerror(errno));
    for (;;) {
        size_t got;

        if (*cap - *len < 4096) {
            size_t ncap = *cap ? *cap * 2 : 65536;
            char *nb;

            if (*len > max) {
                rc = dt__error_at(err, DT_ESCENARIO, path, 0, 0,
                                  "file is larger than %zu bytes", max);
                break;
            }
            nb = dt__realloc(alloc, *buf, *cap, ncap);
            if (!nb) {
                rc = dt__error_set(err, DT_ENOMEM, "out of memory");
                break;
            }
            *buf = nb;
            *cap = ncap;
        }
        got = fread(*buf + *len, 1, *cap - *len - 1, fp);
        *len += got;
        if (got == 0)
            break;
    }
    if (rc == DT_OK && *len > max)
        rc = dt__error_at(err, DT_ESCENARIO, path, 0, 0,
                          "file is larger than %zu bytes", max);
    if (rc == DT_OK && ferror(fp))
        rc = dt__error_set(err, DT_EIO, "cannot read '%s': %s", path,
                           strerror(errno));
    fclose(fp);
    if (rc != DT_OK) {
        dt__free(alloc, *buf, *cap);
        *buf = NULL;
        *len = *cap = 0;
        return rc;
    }
    (*buf)[*len] = '\0';
    return DT_OK;
}
