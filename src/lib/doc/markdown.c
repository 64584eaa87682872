/*
 * Markdown of a document (CommonMark with GitHub's pipe tables): a
 * heading per level, paragraphs (notes as quotes, verdicts in bold,
 * secondary text in italics), lists, key-value lists as lists with the
 * key in bold, tables with numeric columns right-aligned ('|' in a cell
 * escaped, line breaks folded), a figure as its caption. One blank line
 * between blocks.
 */
#include <string.h>

#include "doc/doc_int.h"

/* s with '|' escaped and line breaks as spaces (for table cells). */
static void cell(dt__out *o, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '|')
            dt__out_putc(o, '\\');
        dt__out_putc(o, *s == '\n' || *s == '\r' ? ' ' : *s);
    }
}

static const char *at(const dt_doc_block *b, size_t r, size_t c)
{
    const char *s = b->cells[r * b->cols + c];

    return s ? s : "-";
}

static void table(dt__out *o, const dt_doc_block *b)
{
    size_t r, c;

    if (b->text) {
        dt__out_puts(o, "**");
        cell(o, b->text);
        dt__out_puts(o, "**\n\n");
    }
    for (r = 0; r < b->rows; r++) {
        dt__out_puts(o, "|");
        for (c = 0; c < b->cols; c++) {
            dt__out_putc(o, ' ');
            cell(o, at(b, r, c));
            dt__out_puts(o, " |");
        }
        dt__out_putc(o, '\n');
        if (r == 0) {
            dt__out_puts(o, "|");
            for (c = 0; c < b->cols; c++)
                dt__out_puts(o, b->num[c] ? "---:|" : "---|");
            dt__out_putc(o, '\n');
        }
    }
}

dt_status dt__doc_write_markdown(const dt_doc *d, dt__out *o)
{
    size_t i, k;
    int first = 1;

    for (i = 0; i < d->n && o->st == DT_OK; i++) {
        const dt_doc_block *b = &d->blocks[i];

        if (!(b->show & DT_DOC_MARKDOWN))
            continue;
        if (!first)
            dt__out_putc(o, '\n');
        first = 0;
        switch (b->kind) {
        case DT_DOC_HEADING:
            for (k = 0; k < (size_t)(b->level < 1 ? 1 : b->level); k++)
                dt__out_putc(o, '#');
            dt__out_putc(o, ' ');
            dt__out_puts(o, b->text ? b->text : "");
            dt__out_putc(o, '\n');
            break;
        case DT_DOC_PARA:
            dt__out_puts(o, b->style == DT_DOC_STYLE_NOTE      ? "> "
                            : b->style == DT_DOC_STYLE_VERDICT ? "**"
                            : b->style == DT_DOC_STYLE_SMALL   ? "*"
                                                               : "");
            dt__out_puts(o, b->text);
            dt__out_puts(o, b->style == DT_DOC_STYLE_VERDICT ? "**\n"
                            : b->style == DT_DOC_STYLE_SMALL ? "*\n"
                                                             : "\n");
            break;
        case DT_DOC_LIST:
            if (b->text)
                dt__out_printf(o, "%s\n\n", b->text);
            for (k = 0; k < b->cols; k++) {
                if (b->style == DT_DOC_STYLE_ORDERED)
                    dt__out_printf(o, "%zu. ", k + 1);
                else
                    dt__out_puts(o, "- ");
                dt__out_puts(o, at(b, 0, k));
                dt__out_putc(o, '\n');
            }
            break;
        case DT_DOC_KEYVALUE:
            if (b->text)
                dt__out_printf(o, "%s\n\n", b->text);
            for (k = 0; k < b->rows; k++) {
                dt__out_puts(o, "- **");
                dt__out_puts(o, at(b, k, 0));
                dt__out_puts(o, "**: ");
                dt__out_puts(o, at(b, k, 1));
                dt__out_putc(o, '\n');
            }
            break;
        case DT_DOC_TABLE:
            table(o, b);
            break;
        case DT_DOC_FIGURE:
            dt__out_puts(o, "*Figure");
            if (b->text) {
                dt__out_puts(o, ": ");
                dt__out_puts(o, b->text);
            }
            dt__out_puts(o, "*\n");
            break;
        }
    }
    return o->st;
}
