/*
 * Functions banned from libdetente (after git's banned.h): unbounded
 * string writes, non-reentrant time and tokenising, unchecked parsing,
 * the C library's global random generator and its allocator. Include it
 * after every system header (internal.h does, last).
 */
#ifndef DT_BANNED_H
#define DT_BANNED_H

#define DT_BANNED(func) sorry_##func##_is_banned_in_detente

#undef strcpy
#define strcpy(x, y) DT_BANNED(strcpy)
#undef strcat
#define strcat(x, y) DT_BANNED(strcat)
#undef sprintf
#define sprintf(...) DT_BANNED(sprintf)
#undef strtok
#define strtok(x, y) DT_BANNED(strtok)
#undef localtime
#define localtime(x) DT_BANNED(localtime)
#undef gmtime
#define gmtime(x) DT_BANNED(gmtime)
#undef ctime
#define ctime(x) DT_BANNED(ctime)
#undef atoi
#define atoi(x) DT_BANNED(atoi)
#undef atof
#define atof(x) DT_BANNED(atof)
#undef rand
#define rand() DT_BANNED(rand)
#undef srand
#define srand(x) DT_BANNED(srand)

/*
 * Every allocation goes through the dt_allocator hook (dt__alloc and
 * friends, core/alloc.c, the one file allowed the C library's); the
 * ban holds where the library is compiled (DT_BUILDING_LIB), not in tests
 * that include private headers.
 */
#if defined(DT_BUILDING_LIB) && !defined(DT_ALLOC_IMPL)
#undef malloc
#define malloc(x) DT_BANNED(malloc)
#undef calloc
#define calloc(n, x) DT_BANNED(calloc)
#undef realloc
#define realloc(p, x) DT_BANNED(realloc)
#undef free
#define free(p) DT_BANNED(free)
#endif

#endif
