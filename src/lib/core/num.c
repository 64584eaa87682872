/*
 * Locale-independent text helpers: number parsing (the library never
 * calls setlocale, but a host program may have; as Lua's lua_str2number
 * does, a decimal point is translated to the current locale's before
 * strtod) and ASCII case-insensitive comparison (tolower would follow
 * the locale).
 */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/*
 * Parse the whole of s as a finite or non-finite double in C syntax.
 * Returns 1 on success, 0 when s is empty, has trailing characters, or is
 * too long. NaN and infinities are returned as parsed: callers reject them.
 */
int dt__parse_double(const char *s, double *out)
{
    char buf[128];
    const char *dp = localeconv()->decimal_point;
    size_t len = strlen(s);
    char *end;

    if (len == 0 || len >= sizeof buf)
        return 0;
    memcpy(buf, s, len + 1);
    if (dp && strcmp(dp, ".") != 0 && strlen(dp) == 1) {
        char *dot = strchr(buf, '.');

        if (dot)
            *dot = dp[0];
    }
    errno = 0;
    *out = strtod(buf, &end);
    if (end == buf || *end != '\0')
        return 0;
    return 1;
}

int dt__ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a, y = *b;

        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (char)(y - 'A' + 'a');
        if (x != y)
            return 0;
    }
    return *a == *b;
}
