/* Shared test helpers: see dt_test.h. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "dt_test.h"

void dt_test_rel(double got, double want, double rtol, double atol,
                 const char *expr, const char *file, int line)
{
    double diff = fabs(got - want);

    if (diff <= atol || diff <= rtol * fabs(want) ||
        (isnan(got) && isnan(want)))
        return;
    print_error("%s:%d: %s = %.17g, want %.17g (diff %.3g, rtol %.3g, "
                "atol %.3g)\n",
                file, line, expr, got, want, diff, rtol, atol);
    fail();
}

char *dt_test_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    if (buf)
        buf[n] = '\0';
    fclose(f);
    if (len)
        *len = (size_t)n;
    return buf;
}

const char *dt_test_src(const char *rel)
{
    static char buf[4096];

    snprintf(buf, sizeof buf, "%s/%s", DT_SOURCE_DIR, rel);
    return buf;
}

const char *dt_test_data(const char *rel)
{
    static char buf[4096];

    snprintf(buf, sizeof buf, "%s/%s", DT_TEST_DATA, rel);
    return buf;
}
