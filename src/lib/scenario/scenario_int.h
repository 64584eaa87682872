/*
 * Private layout of dt_scenario, shared by the scenario module's parsers
 * (yaml.c, csv.c, ktab_*.c; csvread.c reads CSV records for the two CSV
 * ones) and accessors (scenario.c). Everything lives in the scenario's
 * arena.
 */
#ifndef DT_SCENARIO_INT_H
#define DT_SCENARIO_INT_H

#include "internal.h"

/*
 * levers.c deep-copies every field (copy_scenario): a new field must be
 * copied there too, or scenarios with levers applied will lack it.
 */
struct dt_scenario {
    dt__arena arena;             /* owns every field below */
    const dt_allocator *alloc;   /* hook, borrowed */
    dt_scenario_format format;   /* YAML or CSV */
    const char *path;            /* name used in messages */
    const char *name;            /* scenario name */
    const char *date;            /* or NULL */
    const char *description;     /* or NULL */
    const char *note;            /* scenario-wide note, or NULL */
    size_t n_sources;            /* entries in sources */
    const char **sources;        /* citations */
    size_t n_issues;             /* entries in issues */
    dt_issue *issues;            /* in file order */
    size_t n_actors;             /* entries in actors */
    dt_actor *actors;            /* in file order */
    dt_stake **stakes;           /* n_actors x n_issues, NULL = no stake */
    int has_outcome;             /* whether outcome is set */
    dt_outcome outcome;          /* what happened */
    int *has_outcome_value;      /* per issue */
    dt_value *outcome_value;     /* per issue */
    double salience_divisor;     /* YAML: 100; CSV: see dt_line */
    struct dt__ktab_extra *ktab; /* KTAB XML parameters, or NULL */
    dt_no_deal *no_deal;         /* per actor, or NULL (CSV: none given) */
    size_t n_constraints;        /* entries in constraints */
    dt_constraint *constraints;  /* cross-issue red lines, in file order */
    size_t n_levers;             /* entries in levers */
    dt_lever *levers;            /* in file order */
};

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

/* New empty scenario with its arena. */
dt_status dt__scenario_new(const dt_allocator *alloc, const char *path,
                           dt_scenario **out, dt_error *err);

/*
 * Parsers: fill the empty scenario sc from buf. Report every error
 * through d; return DT_OK when none was found.
 */
dt_status dt__scenario_parse_yaml(dt_scenario *sc, const char *buf, size_t len,
                                  dt__diag *d);
dt_status dt__scenario_parse_csv(dt_scenario *sc, const char *buf, size_t len,
                                 dt__diag *d);
/* KTAB's CSV (ktab_csv.c); sniff: whether the first two lines are KTAB's. */
dt_status dt__scenario_parse_ktab_csv(dt_scenario *sc, const char *buf,
                                      size_t len, dt__diag *d);
int dt__ktab_csv_sniff(const char *buf, size_t len);
/* KTAB's XML (ktab_xml.c, libxml2). */
dt_status dt__scenario_parse_ktab_xml(dt_scenario *sc, const char *buf,
                                      size_t len, dt__diag *d);

/*
 * The CSV record reader shared by csv.c and ktab_csv.c (csvread.c). Cells
 * are trimmed of trailing spaces and tabs, and of leading ones too unless
 * DT__CSVR_KEEP_LEAD. The flags keep each format's own dialect:
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
    DT__CSVR_TERSE = 8u
};

/* One cell of the current record. */
typedef struct dt__csvr_cell {
    size_t off;    /* offset of the NUL-terminated text in tb */
    unsigned line; /* 1-based line where the cell starts */
    unsigned col;  /* 1-based character column where the cell starts */
    int quoted;    /* written as "..." */
} dt__csvr_cell;

/*
 * Reader state; the caller reads cells[0..n_cells) after a record. nomem
 * is also set by dt__csvr_grow for the caller's own arrays.
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
    dt__csvr_cell *cells;      /* cells of the current record */
    size_t n_cells;            /* entries in cells */
    size_t cap_cells;          /* capacity of cells */
    char *tb;                  /* text of the current record's cells */
    size_t tb_len;             /* bytes used in tb */
    size_t tb_cap;             /* capacity of tb */
    int nomem;                 /* an allocation failed: stop */
} dt__csvr;

/* Start reading buf (a UTF-8 byte order mark is skipped). */
void dt__csvr_init(dt__csvr *r, const char *buf, size_t len, unsigned flags,
                   const dt_allocator *alloc, dt__diag *d);
/*
 * Read the next record into cells. Returns 1 for a record, 0 after a
 * syntax error (reported through d, the rest of the line skipped) or an
 * allocation failure (nomem set), -1 at the end of the input.
 */
int dt__csvr_record(dt__csvr *r);
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

/*
 * Text helpers shared by the parsers (text.c). Messages quote at most
 * DT__QUOTE bytes of the offending text.
 */
#define DT__QUOTE 48

/*
 * Length of the valid UTF-8 sequence at s (at most n bytes), or 0 when it
 * is invalid (RFC 3629: no overlong forms, surrogates or code points past
 * U+10FFFF).
 */
size_t dt__utf8_len(const unsigned char *s, size_t n);
/* ASCII case-insensitive equality. */
int dt__ieq(const char *a, const char *b);
/* Decimal syntax: [+-] digits [. digits] [e [+-] digits], nothing else. */
int dt__is_decimal(const char *s);
/* .nan, .inf, -.Inf (YAML 1.1) and nan, inf, infinity in any case. */
int dt__is_nonfinite(const char *s);
/*
 * Copy at most DT__QUOTE bytes of s into buf for a message, cut at a
 * character boundary, control characters shown as '?', "..." appended
 * when cut. Returns buf.
 */
const char *dt__excerpt(const char *s, char buf[DT__QUOTE + 4]);

#endif
