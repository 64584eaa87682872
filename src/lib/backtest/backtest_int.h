/*
 * Private helpers of the backtest module: the DEU data set behind dt_deu
 * (read with the shared CSV reader of ../csvread.h) and whole-file
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

/* NAN is a float constant: this one never promotes in a conditional. */
#define DT__NAN ((double)NAN)

/* Read a whole file into *buf (NUL-terminated, *cap bytes allocated). */
dt_status dt__read_file(const char *path, const dt_allocator *alloc, char **buf,
                        size_t *len, size_t *cap, dt_error *err);

#endif
