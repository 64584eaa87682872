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
#include <stdio.h>
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

/*
 * The shortest decimal that reads back as v (bit for bit, sign of zero
 * included), whatever the locale: the fewest significant digits p for
 * which "%.{p-1}e" parses back to v, written positionally when the
 * exponent is in [-7, 21) ("0.1", "55", "1500") and as "1.5e-08"
 * otherwise. NaN and infinities are written "nan", "inf", "-inf".
 */
size_t dt__fmt_shortest(double v, char buf[DT__NUM_BUF])
{
    char e[48], dig[24];
    int p, nd = 0, ex = 0, neg = signbit(v) != 0;
    size_t n = 0;
    const char *s;
    double y;

    if (isnan(v) || isinf(v)) {
        snprintf(buf, DT__NUM_BUF, "%s",
                 isnan(v) ? "nan"
                 : neg    ? "-inf"
                          : "inf");
        return strlen(buf);
    }
    if (v == 0.0) {
        snprintf(buf, DT__NUM_BUF, "%s", neg ? "-0" : "0");
        return strlen(buf);
    }
    for (p = 1; p <= 17; p++) {
        int eneg = 0, k;

        snprintf(e, sizeof e, "%.*e", p - 1, v);
        /* Digits of the mantissa (the decimal point is the locale's). */
        nd = 0;
        for (s = e; *s && *s != 'e' && *s != 'E'; s++)
            if (*s >= '0' && *s <= '9' && nd < (int)sizeof dig)
                dig[nd++] = *s;
        ex = 0;
        if (*s) {
            s++;
            if (*s == '-' || *s == '+')
                eneg = *s++ == '-';
            for (; *s >= '0' && *s <= '9'; s++)
                ex = ex * 10 + (*s - '0');
        }
        if (eneg)
            ex = -ex;
        while (nd > 1 && dig[nd - 1] == '0')
            nd--;
        /* Write it: sign, then positional or exponent form. */
        n = 0;
        if (neg)
            buf[n++] = '-';
        if (ex >= 21 || ex < -7) {
            buf[n++] = dig[0];
            if (nd > 1) {
                buf[n++] = '.';
                for (k = 1; k < nd; k++)
                    buf[n++] = dig[k];
            }
            n += (size_t)snprintf(buf + n, DT__NUM_BUF - n, "e%d", ex);
        } else if (ex < 0) {
            buf[n++] = '0';
            buf[n++] = '.';
            for (k = 0; k < -ex - 1; k++)
                buf[n++] = '0';
            for (k = 0; k < nd; k++)
                buf[n++] = dig[k];
        } else {
            for (k = 0; k < nd || k <= ex; k++) {
                if (k == ex + 1)
                    buf[n++] = '.';
                buf[n++] = k < nd ? dig[k] : '0';
            }
        }
        buf[n] = '\0';
        if (dt__parse_double(buf, &y) && y == v)
            break;
    }
    return n;
}
