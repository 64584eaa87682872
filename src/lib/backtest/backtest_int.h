/*
 * Private helpers of the backtest module: the DEU data set behind dt_deu,
 * a small CSV record reader with line and column numbers, and whole-file
 * reading.
 */
#ifndef DT_BACKTEST_INT_H
#define DT_BACKTEST_INT_H

#include <math.h>
#include <stddef.h>

#include "internal.h"

struct dt_deu {
    const dt_allocator *alloc; /* hook, borrowed */
    dt__arena arena;           /* everything below lives here */
    const char *name;          /* file name for messages */
    size_t n_cols;             /* header fields */
    size_t n_actors;           /* p_<actor> columns */
    char **actors;             /* actor codes, header order */
    size_t n_issues;           /* rows read */
    dt_deu_issue *issues;      /* in file order */
    size_t n_proposals;        /* distinct prnr */
};

/* A CSV field: raw bytes (not NUL-terminated) and its 1-based column. */
typedef struct dt__csv_field {
    const char *s; /* first byte */
    size_t len;    /* bytes */
    unsigned col;  /* 1-based column of the field's first byte */
} dt__csv_field;

/* A CSV reader over a buffer. */
typedef struct dt__csv {
    const char *p;     /* next byte */
    const char *end;   /* one past the last byte */
    const char *name;  /* file name for messages */
    unsigned line;     /* line of p */
    unsigned rec_line; /* line where the last record started */
} dt__csv;

/* NAN is a float constant: this one never promotes in a conditional. */
#define DT__NAN ((double)NAN)

void dt__csv_init(dt__csv *cv, const char *buf, size_t len, const char *name);
int dt__csv_record(dt__csv *cv, dt__csv_field *f, size_t cap, size_t *nf,
                   dt_error *err);
int dt__csv_is(const dt__csv_field *f, const char *s);
int dt__csv_number(const dt__csv *cv, const dt__csv_field *f,
                   const char *column, double lo, double hi, double *v,
                   dt_error *err);

/* Read a whole file into *buf (NUL-terminated, *cap bytes allocated). */
dt_status dt__read_file(const char *path, const dt_allocator *alloc, char **buf,
                        size_t *len, size_t *cap, dt_error *err);

#endif
