/*
 * Functions banned from libdetente (after git's banned.h): unbounded
 * string writes, non-reentrant time and tokenising, unchecked parsing and
 * the C library's global random generator.
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

#endif
