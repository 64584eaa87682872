/*
 * Shared by the fuzz harnesses (tests/fuzz/, docs/testing.md): the
 * libFuzzer entry point each defines, and a growing buffer behind
 * dt_write_fn for the round-trip checks.
 */
#ifndef DT_FUZZ_H
#define DT_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <detente/detente.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A finding that is no crash: print it and abort, as libFuzzer expects. */
#define FUZZ_CHECK(cond, what)                                                 \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "fuzz: %s failed: %s\n", #cond, what);             \
            abort();                                                           \
        }                                                                      \
    } while (0)

typedef struct fuzz_buf {
    char *p;
    size_t len, cap;
} fuzz_buf;

static inline dt_status fuzz_buf_write(void *ud, const void *p, size_t n)
{
    fuzz_buf *b = ud;

    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->len + n + 1) * 2;
        char *q = realloc(b->p, cap);

        if (!q)
            return DT_ENOMEM;
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->len, p, n);
    b->len += n;
    b->p[b->len] = '\0';
    return DT_OK;
}

static inline void fuzz_buf_free(fuzz_buf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

/*
 * Parse `data` as a scenario of format fmt; when it is valid, check the
 * documented round trip (scenario.h, dt_scenario_write_yaml): the YAML
 * written reads back, and writing that again gives the same bytes. Also
 * writes the JSON object and converts it back to YAML
 * (dt_scenario_yaml_from_json), which must read back too.
 */
static inline void fuzz_scenario(const uint8_t *data, size_t size,
                                 const char *name, dt_scenario_format fmt)
{
    dt_scenario *sc = NULL, *sc2 = NULL, *sc3 = NULL;
    dt_error err;
    fuzz_buf y1 = {0}, y2 = {0}, js = {0}, y3 = {0};
    dt_status st;

    if (dt_scenario_parse((const char *)data, size, name, fmt, NULL, &sc,
                          &err) != DT_OK)
        return;
    st = dt_scenario_write_yaml(sc, fuzz_buf_write, &y1, &err);
    FUZZ_CHECK(st == DT_OK || st == DT_ESCENARIO, err.msg);
    if (st == DT_OK) {
        st = dt_scenario_parse(y1.p, y1.len, "written.yaml", DT_FORMAT_YAML,
                               NULL, &sc2, &err);
        if (st != DT_OK)
            fprintf(stderr, "fuzz: written YAML:\n%s\n", y1.p);
        FUZZ_CHECK(st == DT_OK, err.msg);
        st = dt_scenario_write_yaml(sc2, fuzz_buf_write, &y2, &err);
        FUZZ_CHECK(st == DT_OK, err.msg);
        FUZZ_CHECK(y1.len == y2.len && memcmp(y1.p, y2.p, y1.len) == 0,
                   "writing the YAML read back gives other bytes");
        st = dt_scenario_write_json(sc2, fuzz_buf_write, &js, &err);
        FUZZ_CHECK(st == DT_OK, err.msg);
        st = dt_scenario_yaml_from_json(js.p, js.len, "written.json",
                                        fuzz_buf_write, &y3, &err);
        FUZZ_CHECK(st == DT_OK, err.msg);
        st = dt_scenario_parse(y3.p, y3.len, "from-json.yaml", DT_FORMAT_YAML,
                               NULL, &sc3, &err);
        FUZZ_CHECK(st == DT_OK, err.msg);
    }
    dt_scenario_free(sc3);
    dt_scenario_free(sc2);
    dt_scenario_free(sc);
    fuzz_buf_free(&y1);
    fuzz_buf_free(&y2);
    fuzz_buf_free(&js);
    fuzz_buf_free(&y3);
}

#endif
