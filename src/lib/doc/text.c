/*
 * Terminal text of a document: each block after its blank lines and
 * margin; paragraphs wrapped at 78 columns on spaces when they have a
 * hanging indent; tables as fixed-width columns after the block's
 * column layout (printf semantics: a cell wider than its column is not
 * cut), or, without one, columns as wide as their widest cell, two
 * spaces apart, numbers right-aligned.
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
