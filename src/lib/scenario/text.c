/*
 * Text checks shared by the scenario parsers (yaml.c, csv.c) and the
 * builder (build.c): UTF-8 validation, the id syntax, the number syntax
 * both formats accept, and excerpts of offending text for error messages.
 */
#include <string.h>

#include "scenario/scenario_int.h"

size_t dt__utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t len, i;
    unsigned long u;

    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf) {
        len = 2;
        u = c & 0x1fu;
    } else if (c >= 0xe0 && c <= 0xef) {
        len = 3;
        u = c & 0x0fu;
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4;
        u = c & 0x07u;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xc0u) != 0x80u)
            return 0;
        u = (u << 6) | (s[i] & 0x3fu);
    }
    if ((len == 3 && u < 0x800) || (len == 4 && u < 0x10000) ||
        (u >= 0xd800 && u <= 0xdfff) || u > 0x10ffff)
        return 0;
    return len;
}

int dt__is_decimal(const char *s)
{
    int digits = 0;

    if (*s == '+' || *s == '-')
        s++;
    for (; *s >= '0' && *s <= '9'; s++)
        digits++;
    if (*s == '.')
        for (s++; *s >= '0' && *s <= '9'; s++)
            digits++;
    if (!digits)
        return 0;
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-')
            s++;
        if (!(*s >= '0' && *s <= '9'))
            return 0;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    return *s == '\0';
}

int dt__is_nonfinite(const char *s)
{
    if (*s == '+' || *s == '-')
        s++;
    if (*s == '.')
        s++;
    return dt__ieq(s, "nan") || dt__ieq(s, "inf") || dt__ieq(s, "infinity");
}

const char *dt__excerpt(const char *s, char buf[DT__QUOTE + 4])
{
    size_t i, n = strlen(s), full = n;

    if (n > DT__QUOTE) {
        n = DT__QUOTE;
        while (n > 0 && ((unsigned char)s[n] & 0xc0u) == 0x80u)
            n--;
    }
    for (i = 0; i < n; i++)
        buf[i] = ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) ? '?' : s[i];
    if (n < full) {
        memcpy(buf + n, "...", 3);
        n += 3;
    }
    buf[n] = '\0';
    return buf;
}

/* ids are [A-Za-z0-9_.-]+ so they can appear in file names and columns. */
int dt__valid_id(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++) {
        char c = *s;

        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
            return 0;
    }
    return 1;
}
