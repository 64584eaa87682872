/*
 * Terminal text of a document: each block after its blank lines and
 * margin; paragraphs wrapped at 78 columns on spaces when they have a
 * hanging indent; tables as fixed-width columns after the block's
 * column layout (printf semantics: a cell wider than its column is not
 * cut), or, without one, columns as wide as their widest cell, two
 * spaces apart, numbers right-aligned; columns with a wrap width
 * (dt_doc_wrap) cut into pieces over several lines, trailing blanks
 * dropped.
 */
#include <string.h>

#include "doc/doc_int.h"

#define WRAP 78

/* One cell: sep, then s padded to width (right- or left-aligned). */
static void cell(dt__out *o, const char *sep, const char *s, size_t width,
                 int right)
{
    size_t len = strlen(s);

    dt__out_puts(o, sep);
    if (right && len < width)
        dt__out_pad(o, width - len);
    dt__out_put(o, s, len);
    if (!right && len < width)
        dt__out_pad(o, width - len);
}

/*
 * Margin, lead and text, wrapped at WRAP columns on spaces; continuation
 * lines start at column `hang`. A word longer than a line stays whole.
 */
static void wrap(dt__out *o, unsigned margin, const char *lead,
                 const char *text, unsigned hang)
{
    size_t col = margin + (lead ? strlen(lead) : 0);
    int line_start = 1;

    dt__out_pad(o, margin);
    if (lead)
        dt__out_puts(o, lead);
    while (*text) {
        size_t word = strcspn(text, " \n");

        if (!line_start && col + 1 + word > WRAP) {
            dt__out_putc(o, '\n');
            dt__out_pad(o, hang);
            col = hang;
            line_start = 1;
        }
        if (!line_start) {
            dt__out_putc(o, ' ');
            col++;
        }
        dt__out_put(o, text, word);
        col += word;
        line_start = 0;
        text += word;
        while (*text == ' ' || *text == '\n')
            text++;
    }
    dt__out_putc(o, '\n');
}

/* Text as written: every line after the margin (the first after lead). */
static void lines(dt__out *o, unsigned margin, const char *lead,
                  const char *text)
{
    int first = 1;

    for (;;) {
        size_t n = strcspn(text, "\n");

        dt__out_pad(o, margin);
        if (first && lead)
            dt__out_puts(o, lead);
        dt__out_put(o, text, n);
        dt__out_putc(o, '\n');
        first = 0;
        if (!text[n])
            break;
        text += n + 1;
    }
}

static const char *at(const dt_doc_block *b, size_t r, size_t c)
{
    const char *s = b->cells[r * b->cols + c];

    return s ? s : "";
}

static void table(dt__out *o, const dt_doc_block *b)
{
    size_t r, c, w[256];

    if (!b->col)
        for (c = 0; c < b->cols && c < 256; c++) {
            w[c] = 0;
            for (r = 0; r < b->rows; r++)
                if (strlen(at(b, r, c)) > w[c])
                    w[c] = strlen(at(b, r, c));
        }
    for (r = b->lay.headless ? 1 : 0; r < b->rows; r++) {
        dt__out_pad(o, b->lay.margin);
        for (c = 0; c < b->cols; c++) {
            if (b->col)
                cell(o, b->col[c].sep, at(b, r, c), b->col[c].width,
                     b->col[c].right);
            else
                cell(o, c ? "  " : "", at(b, r, c),
                     c + 1 < b->cols || b->num[c] ? w[c < 256 ? c : 255] : 0,
                     b->num[c]);
        }
        dt__out_putc(o, '\n');
    }
}

/* A line being written: blanks are held back until text follows them. */
typedef struct tline {
    dt__out *o;    /* where the line goes */
    size_t blanks; /* blanks not yet written */
} tline;

static void tl_put(tline *l, const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (s[i] == ' ') {
            l->blanks++;
            continue;
        }
        dt__out_pad(l->o, l->blanks);
        l->blanks = 0;
        dt__out_putc(l->o, s[i]);
    }
}

/* sep, then n bytes of s padded to width (right- or left-aligned). */
static void tl_cell(tline *l, const char *sep, const char *s, size_t n,
                    size_t width, int right)
{
    tl_put(l, sep, strlen(sep));
    if (right && n < width)
        l->blanks += width - n;
    tl_put(l, s, n);
    if (!right && n < width)
        l->blanks += width - n;
}

/*
 * The next piece of s for a column wrapped at w: all of s when it fits,
 * else up to the last space at or before byte w, else (one long word)
 * w bytes.
 */
static size_t piece(const char *s, size_t w)
{
    size_t take = strlen(s);

    if (take > w) {
        take = w;
        while (take > 0 && s[take] != ' ')
            take--;
        if (take == 0)
            take = w;
    }
    return take;
}

/* A table with wrapped columns (dt_doc_wrap): lines without trailing
 * blanks. Columns past the 256th are not wrapped. */
static void wrapped_table(dt__out *o, const dt_doc_block *b)
{
    size_t r, c, off[256];

    for (r = b->lay.headless ? 1 : 0; r < b->rows; r++) {
        int first = 1, more = 1;

        memset(off, 0, sizeof off);
        while (more) {
            tline l = {o, b->lay.margin};

            more = 0;
            for (c = 0; c < b->cols; c++) {
                const char *s = at(b, r, c);
                const char *sep = b->col ? b->col[c].sep : c ? "  " : "";
                size_t width = b->col ? b->col[c].width : 0;
                int right = b->col ? b->col[c].right : b->num[c];
                size_t w = c < 256 ? b->wrap[c] : 0, take;

                if (!w) {
                    tl_cell(&l, sep, first ? s : "", first ? strlen(s) : 0,
                            width, right);
                    continue;
                }
                take = piece(s + off[c], w);
                tl_cell(&l, sep, s + off[c], take, width, right);
                off[c] += take;
                while (s[off[c]] == ' ')
                    off[c]++;
                if (s[off[c]])
                    more = 1;
            }
            dt__out_putc(o, '\n');
            first = 0;
        }
    }
}

static void keyvalue(dt__out *o, const dt_doc_block *b)
{
    size_t r, w = 0;

    for (r = 0; r < b->rows; r++)
        if (strlen(at(b, r, 0)) > w)
            w = strlen(at(b, r, 0));
    for (r = 0; r < b->rows; r++) {
        dt__out_pad(o, b->lay.margin);
        cell(o, "", at(b, r, 0), w, 0);
        dt__out_puts(o, "  ");
        dt__out_puts(o, at(b, r, 1));
        dt__out_putc(o, '\n');
    }
}

dt_status dt__doc_write_text(const dt_doc *d, dt__out *o)
{
    size_t i, k;

    for (i = 0; i < d->n && o->st == DT_OK; i++) {
        const dt_doc_block *b = &d->blocks[i];

        if (!(b->show & DT_DOC_TEXT))
            continue;
        for (k = 0; k < b->lay.gap; k++)
            dt__out_putc(o, '\n');
        if ((b->kind == DT_DOC_TABLE || b->kind == DT_DOC_LIST ||
             b->kind == DT_DOC_KEYVALUE) &&
            b->lay.caption && b->text)
            lines(o, b->lay.margin, NULL, b->text);
        switch (b->kind) {
        case DT_DOC_HEADING:
            lines(o, b->lay.margin, b->lay.lead, b->text ? b->text : "");
            break;
        case DT_DOC_PARA:
            if (b->lay.hang)
                wrap(o, b->lay.margin, b->lay.lead, b->text, b->lay.hang);
            else
                lines(o, b->lay.margin, b->lay.lead, b->text);
            break;
        case DT_DOC_LIST:
            for (k = 0; k < b->cols; k++)
                lines(o, b->lay.margin, b->lay.lead, at(b, 0, k));
            break;
        case DT_DOC_TABLE:
            if (b->wrap)
                wrapped_table(o, b);
            else
                table(o, b);
            break;
        case DT_DOC_KEYVALUE:
            keyvalue(o, b);
            break;
        case DT_DOC_FIGURE:
            break;
        }
    }
    return o->st;
}
