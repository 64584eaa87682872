/*
 * The CSV record reader shared by the classic actor table (csv.c), KTAB's
 * CSV (ktab_csv.c) and the DEU data set (../backtest/deu.c): RFC 4180-style
 * quoted fields with "" escapes, CR, LF and CRLF line ends, a UTF-8 BOM
 * skipped, and every cell kept with the line and character column where it
 * starts, for messages; DT__CSVR_RAW keeps the DEU reader's dialect.
 */
#include <string.h>

#include "csvread.h"
#include "scenario/scenario_int.h"

int dt__csvr_grow(dt__csvr *r, void **p, size_t *cap, size_t need, size_t size)
{
    size_t ncap = *cap ? *cap : 16;
    void *n;

    if (need <= *cap)
        return 1;
    while (ncap < need)
        ncap *= 2;
    n = dt__realloc(r->alloc, *p, *cap * size, ncap * size);
    if (!n) {
        r->nomem = 1;
        return 0;
    }
    *p = n;
    *cap = ncap;
    return 1;
}

static int put(dt__csvr *r, char ch)
{
    void *p = r->tb;

    if (!dt__csvr_grow(r, &p, &r->tb_cap, r->tb_len + 1, 1))
        return 0;
    r->tb = p;
    r->tb[r->tb_len++] = ch;
    return 1;
}

void dt__csvr_init(dt__csvr *r, const char *buf, size_t len, unsigned flags,
                   const dt_allocator *alloc, dt__diag *d)
{
    memset(r, 0, sizeof *r);
    r->alloc = alloc;
    r->d = d;
    r->flags = flags;
    r->sep = ',';
    r->buf = buf;
    r->len = len;
    r->line = 1;
    r->col = 1;
    /* A UTF-8 byte order mark, as spreadsheets write, is not a column. */
    if (!(flags & DT__CSVR_RAW) && len >= 3 &&
        memcmp(buf, "\xef\xbb\xbf", 3) == 0)
        r->pos = 3;
}

void dt__csvr_release(dt__csvr *r)
{
    dt__free(r->alloc, r->cells, r->cap_cells * sizeof *r->cells);
    dt__free(r->alloc, r->tb, r->tb_cap);
    r->cells = NULL;
    r->tb = NULL;
    r->n_cells = r->cap_cells = r->tb_len = r->tb_cap = 0;
}

/* ---- Reading. ---- */

static int peek(const dt__csvr *r)
{
    return r->pos < r->len ? (unsigned char)r->buf[r->pos] : -1;
}

/*
 * Step over one byte, keeping line and character column: a CR ends a line
 * unless an LF follows (only LF ends one in DT__CSVR_RAW), and UTF-8
 * continuation bytes take no column.
 */
static void advance(dt__csvr *r)
{
    unsigned char ch = (unsigned char)r->buf[r->pos++];

    if (ch == '\n' ||
        (ch == '\r' && !(r->flags & DT__CSVR_RAW) && peek(r) != '\n')) {
        r->line++;
        r->col = 1;
    } else if (ch != '\r' && (ch & 0xc0u) != 0x80u) {
        r->col++;
    }
}

static int at_end_of_field(const dt__csvr *r)
{
    int ch = peek(r);

    return ch == -1 || ch == r->sep || ch == '\n' ||
           (ch == '\r' && !(r->flags & DT__CSVR_RAW));
}

static void skip_blanks(dt__csvr *r)
{
    while ((peek(r) == ' ' || peek(r) == '\t') && peek(r) != r->sep)
        advance(r);
}

/* After a syntax error: go on at the start of the next line. */
static void skip_line(dt__csvr *r)
{
    if (r->flags & (DT__CSVR_RESYNC_LF | DT__CSVR_RAW)) {
        while (peek(r) != -1 && peek(r) != '\n')
            advance(r);
        if (peek(r) == '\n')
            advance(r);
        return;
    }
    while (peek(r) != -1 && peek(r) != '\n' && peek(r) != '\r')
        advance(r);
    if (peek(r) != -1)
        advance(r);
    if (peek(r) == '\n')
        advance(r);
}

/* A quoted field's body after the opening quote; "" stands for ". */
static int read_quoted(dt__csvr *r, unsigned qline, unsigned qcol)
{
    for (;;) {
        int ch = peek(r);

        if (ch == -1) {
            dt__diag_at(r->d, DT_ESCENARIO, qline, qcol,
                        "unterminated quoted field");
            return 0;
        }
        advance(r);
        if (ch == '"') {
            if (peek(r) != '"')
                break;
            advance(r);
        }
        if (!put(r, (char)ch))
            return 0;
    }
    skip_blanks(r);
    if (!at_end_of_field(r)) {
        dt__diag_at(r->d, DT_ESCENARIO, r->line, r->col, "%s",
                    r->flags & DT__CSVR_TERSE
                        ? "unexpected text after a closing quote"
                        : "unexpected text after a closing quote (expected "
                          "',' or the end of the line)");
        return 0;
    }
    return 1;
}

/*
 * Cells are trimmed of spaces and tabs, quoted ones too: names and
 * numbers never need them, and spreadsheets pad freely. KTAB's reader
 * (DT__CSVR_KEEP_LEAD) trims only the trailing ones inside quotes.
 */
static void trim(dt__csvr *r, size_t off)
{
    size_t lead = 0;

    while (r->tb_len > off &&
           (r->tb[r->tb_len - 1] == ' ' ||
            (r->tb[r->tb_len - 1] == '\t' && r->sep != '\t')))
        r->tb_len--;
    if (r->flags & DT__CSVR_KEEP_LEAD)
        return;
    while (off + lead < r->tb_len &&
           (r->tb[off + lead] == ' ' ||
            (r->tb[off + lead] == '\t' && r->sep != '\t')))
        lead++;
    if (lead) {
        memmove(r->tb + off, r->tb + off + lead, r->tb_len - off - lead);
        r->tb_len -= lead;
    }
}

/*
 * A DT__CSVR_RAW field, the bytes as written: "" stays doubled, and a
 * trailing CR is dropped only before the end of the line.
 */
static int read_raw(dt__csvr *r, dt__csvr_cell *cell)
{
    cell->line = r->rec_line;
    cell->col = (unsigned)(r->pos - r->rec_pos) + 1;
    if (peek(r) != '"') {
        while (!at_end_of_field(r)) {
            if (!put(r, r->buf[r->pos]))
                return 0;
            advance(r);
        }
        if (r->tb_len > cell->off && r->tb[r->tb_len - 1] == '\r' &&
            peek(r) != r->sep)
            r->tb_len--;
        return 1;
    }
    advance(r);
    cell->quoted = 1;
    for (;;) {
        int ch = peek(r);

        if (ch == -1) {
            dt__diag_at(r->d, DT_ESCENARIO, cell->line, cell->col,
                        "unterminated quoted field");
            return 0;
        }
        advance(r);
        if (ch == '"') {
            if (peek(r) != '"')
                return 1;
            if (!put(r, '"'))
                return 0;
            advance(r);
        }
        if (!put(r, (char)ch))
            return 0;
    }
}

static int read_field(dt__csvr *r, dt__csvr_cell *cell)
{
    cell->off = r->tb_len;
    cell->quoted = 0;
    if (r->flags & DT__CSVR_RAW) {
        if (!read_raw(r, cell))
            return 0;
        cell->len = r->tb_len - cell->off;
        return put(r, '\0');
    }
    if (r->flags & DT__CSVR_AT_TEXT)
        skip_blanks(r);
    cell->line = r->line;
    cell->col = r->col;
    skip_blanks(r);
    if (peek(r) == '"') {
        unsigned qline = r->line, qcol = r->col;

        advance(r);
        cell->quoted = 1;
        if (!read_quoted(r, qline, qcol))
            return 0;
    } else {
        while (!at_end_of_field(r)) {
            if (!put(r, r->buf[r->pos]))
                return 0;
            advance(r);
        }
    }
    trim(r, cell->off);
    cell->len = r->tb_len - cell->off;
    return put(r, '\0');
}

int dt__csvr_record(dt__csvr *r)
{
    if (r->pos >= r->len)
        return -1;
    r->n_cells = 0;
    r->tb_len = 0;
    r->rec_pos = r->pos;
    r->rec_line = r->line;
    for (;;) {
        void *p = r->cells;

        if (!dt__csvr_grow(r, &p, &r->cap_cells, r->n_cells + 1,
                           sizeof *r->cells))
            return 0;
        r->cells = p;
        if (!read_field(r, &r->cells[r->n_cells])) {
            skip_line(r);
            return 0;
        }
        if (r->cells[r->n_cells].len > DT_SCENARIO_MAX_TEXT) {
            dt__csvr_cell *c = &r->cells[r->n_cells];

            dt__diag_at(r->d, DT_ESCENARIO, c->line, c->col,
                        "field is %zu bytes long; at most %u are allowed",
                        c->len, DT_SCENARIO_MAX_TEXT);
            skip_line(r);
            return 0;
        }
        if (r->max_cells && r->n_cells == r->max_cells) {
            dt__csvr_cell *c = &r->cells[r->n_cells];

            dt__diag_at(r->d, DT_ESCENARIO, c->line, c->col,
                        "more than %zu fields", r->max_cells);
            skip_line(r);
            return 0;
        }
        r->n_cells++;
        if (peek(r) != r->sep)
            break;
        advance(r);
    }
    if (r->flags & DT__CSVR_RAW) {
        /* The DEU reader's rule: the byte after the record, whatever it
           is, ends it and counts as a line end. */
        if (peek(r) != '\n')
            r->line++;
        if (peek(r) != -1)
            advance(r);
        return 1;
    }
    if (peek(r) == '\r')
        advance(r);
    if (peek(r) == '\n')
        advance(r);
    return 1;
}

const char *dt__csvr_text(const dt__csvr *r, size_t j)
{
    return r->tb + r->cells[j].off;
}

int dt__csvr_blank(const dt__csvr *r)
{
    return r->n_cells == 1 && !r->cells[0].quoted &&
           r->tb[r->cells[0].off] == '\0';
}

int dt__csvr_check_text(const dt__csvr *r)
{
    dt__csvr at = *r;

    while (at.pos < at.len) {
        const unsigned char *s = (const unsigned char *)at.buf + at.pos;
        size_t n = s[0] ? dt__utf8_len(s, at.len - at.pos) : 0;

        if (n == 0) {
            dt__diag_at(r->d, DT_ESCENARIO, at.line, at.col,
                        "file is not UTF-8 text (byte 0x%02x)", s[0]);
            return 0;
        }
        while (n--)
            advance(&at);
    }
    return 1;
}

char dt__csvr_guess_sep(const char *buf, size_t len, unsigned *line,
                        unsigned *col, char *other)
{
    size_t i = 0;
    unsigned ln = 1, cl = 1;
    int quoted = 0, blank = 1, tab = 0;
    char first = 0;

    if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
        i = 3;
    for (; i < len; i++) {
        char ch = buf[i];

        if (ch == '"')
            quoted = !quoted;
        if (!quoted && (ch == '\n' || ch == '\r')) {
            if (!blank)
                break;
            ln++, cl = 1;
            continue;
        }
        if (ch != ' ' && ch != '\t')
            blank = 0;
        if (!quoted && ch == '\t' && !blank)
            tab = 1;
        /* Tabs beside ',' or ';' are padding: only ',' and ';' clash. */
        if (!quoted && (ch == ',' || ch == ';')) {
            if (!first)
                first = ch;
            else if (ch != first) {
                *line = ln;
                *col = cl;
                *other = first;
                return 0;
            }
        }
        if (((unsigned char)ch & 0xc0) != 0x80)
            cl++;
    }
    return first ? first : tab ? '\t' : ',';
}
