/*
 * Shared test helpers on top of cmocka: assertions that print both values
 * (after libuv's ASSERT_EQ and GSL's gsl_test_rel) and paths to the
 * project's files and to its test data (tests/data).
 */
#ifndef DT_TEST_H
#define DT_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <detente/detente.h>

/* Fail unless |got - want| <= rtol * |want| (or <= atol). */
void dt_test_rel(double got, double want, double rtol, double atol,
                 const char *expr, const char *file, int line);
#define DT_ASSERT_REL(got, want, rtol)                                         \
    dt_test_rel((got), (want), (rtol), 0.0, #got, __FILE__, __LINE__)
#define DT_ASSERT_CLOSE(got, want, rtol, atol)                                 \
    dt_test_rel((got), (want), (rtol), (atol), #got, __FILE__, __LINE__)

/* Read a whole text file into a malloc'd NUL-terminated buffer. */
char *dt_test_slurp(const char *path, size_t *len);

/* DT_SOURCE_DIR "/" rel, in a static buffer (one at a time). */
const char *dt_test_src(const char *rel);
/* DT_TEST_DATA "/" rel, in a static buffer (one at a time). */
const char *dt_test_data(const char *rel);

#endif
