/*
 * The one CSV record reader of libdetente (scenario/csvread.c), used by the
 * scenario module's CSV parsers (csv.c, ktab_csv.c) and by the backtest's
 * DEU reader (backtest/deu.c), with the error sink it reports through
 * (scenario/diag.c). Internal, never installed.
 */
#ifndef DT_CSVREAD_H
#define DT_CSVREAD_H

#include <stddef.h>

#include "internal.h"

/*
 * Error sink used while parsing: counts errors, keeps the first in *first
 * and passes each to the caller's callback. Parsers go on after an error
 * where they can, so `validate` reports them all.
 */
typedef struct dt__diag {
    const dt_load_opts *opts; /* caller's options, never NULL */
    const char *file;         /* name for messages */
    dt_error *first;          /* caller's err, may be NULL */
    unsigned count;           /* errors so far */
    int nomem;                /* an allocation failed */
} dt__diag;

/*
 * Report one error at (line, col) (1-based). Returns DT_ESCENARIO, or
 * DT_ENOMEM for code == DT_ENOMEM.
 */
dt_status dt__diag_at(dt__diag *d, dt_status code, unsigned line, unsigned col,
                      const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Whether the caller's max_errors has been reached. */
int dt__diag_full(const dt__diag *d);

/*
 * The CSV record reader. Cells are trimmed of trailing spaces and tabs,
 * and of leading ones too unless DT__CSVR_KEEP_LEAD. The flags keep each
 * format's own dialect:
 */
enum {
    /* A cell's line and column are where its text starts, after leading
       blanks (default: where the field starts, blanks included). */
    DT__CSVR_AT_TEXT = 1u,
    /* Keep leading blanks written inside quotes. */
    DT__CSVR_KEEP_LEAD = 2u,
    /* After a syntax error go on after the next LF only (default: after
       the next CR, LF or CRLF). */
    DT__CSVR_RESYNC_LF = 4u,
    /* Text after a closing quote: the message does not say what was
       expected. */
    DT__CSVR_TERSE = 8u,
    /* The DEU dialect (backtest/deu.c): cells are the bytes as written,
       untrimmed, "" inside quotes kept doubled; a field is quoted only
       when '"' is its first byte; only LF ends a line, a CR before it (or
       before the end of the input) being dropped from an unquoted last
       cell; after a closing quote any byte but ',' ends the record and is
       consumed; no BOM is skipped; and every cell's place is the line
       where its record starts and its byte column counted from there. */
    DT__CSVR_RAW = 16u
};

/* One cell of the current record. */
typedef struct dt__csvr_cell {
    size_t off;    /* offset of the NUL-terminated text in tb */
    size_t len;    /* bytes of text (it may hold NULs), the NUL excluded */
    unsigned line; /* 1-based line where the cell starts */
    unsigned col;  /* 1-based character column where the cell starts */
    int quoted;    /* written as "..." */
} dt__csvr_cell;

/*
 * Reader state; the caller reads cells[0..n_cells) after a record. nomem
 * is also set by dt__csvr_grow for the caller's own arrays. max_cells
 * (0 after init: no limit) may be set by the caller: a record with more
 * cells is a syntax error ("more than N fields").
 */
typedef struct dt__csvr {
    const dt_allocator *alloc; /* hook for cells and tb, borrowed */
    dt__diag *d;               /* the caller's error sink */
    unsigned flags;            /* DT__CSVR_* */
    const char *buf;           /* the input, borrowed */
    size_t len;                /* bytes in buf */
    size_t pos;                /* next byte to read */
    unsigned line;             /* line of buf[pos], 1-based */
    unsigned col;              /* character column of buf[pos], 1-based */
    size_t rec_pos;            /* DT__CSVR_RAW: where the record starts */
    unsigned rec_line;         /* DT__CSVR_RAW: line where it starts */
    size_t max_cells;          /* cells allowed per record, 0 = any */
    dt__csvr_cell *cells;      /* cells of the current record */
    size_t n_cells;            /* entries in cells */
    size_t cap_cells;          /* capacity of cells */
    char *tb;                  /* text of the current record's cells */
    size_t tb_len;             /* bytes used in tb */
    size_t tb_cap;             /* capacity of tb */
    int nomem;                 /* an allocation failed: stop */
    char sep;                  /* the delimiter: ',' (init), ';' or '\t' */
} dt__csvr;

/* Start reading buf (a UTF-8 byte order mark is skipped unless RAW). */
void dt__csvr_init(dt__csvr *r, const char *buf, size_t len, unsigned flags,
                   const dt_allocator *alloc, dt__diag *d);
/*
 * Read the next record into cells. Returns 1 for a record, 0 after a
 * syntax error (reported through d, the rest of the line skipped) or an
 * allocation failure (nomem set), -1 at the end of the input.
 */
int dt__csvr_record(dt__csvr *r);
/*
 * The delimiter of buf's first non-blank line outside quotes: ',', ';'
 * or '\t' (',' when it has none). When that line holds two kinds, 0,
 * with *line and *col the place of the first delimiter of the second
 * kind and *other the first kind.
 */
char dt__csvr_guess_sep(const char *buf, size_t len, unsigned *line,
                        unsigned *col, char *other);
/* The NUL-terminated text of cell j of the current record. */
const char *dt__csvr_text(const dt__csvr *r, size_t j);
/* Whether the current record is one empty cell not written as "". */
int dt__csvr_blank(const dt__csvr *r);
/*
 * Refuse NUL bytes and invalid UTF-8 in the rest of the input, reporting
 * the place of the first. Returns 1 when the text is valid.
 */
int dt__csvr_check_text(const dt__csvr *r);
/*
 * Grow *p (holding *cap elements of size) to at least need elements with
 * the reader's allocator. Returns 0 and sets nomem on failure.
 */
int dt__csvr_grow(dt__csvr *r, void **p, size_t *cap, size_t need, size_t size);
/* Free the reader's buffers (not buf). */
void dt__csvr_release(dt__csvr *r);

#endif
