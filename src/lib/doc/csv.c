/*
 * CSV of a document (RFC 4180): every table shown in CSV, as its header
 * (the column keys, else row 0) and its rows; a field is quoted when it
 * holds a comma, a quote or a line break, quotes doubled; an empty cell
 * is an empty field; tables are separated by one empty line. Line ends
 * are "\n".
 */
#include <string.h>

#include "doc/doc_int.h"

static void field(dt__out *o, const char *s)
{
    if (!s)
        return;
    if (!strpbrk(s, ",\"\r\n")) {
        dt__out_puts(o, s);
        return;
    }
    dt__out_putc(o, '"');
    for (; *s; s++) {
        if (*s == '"')
            dt__out_putc(o, '"');
        dt__out_putc(o, *s);
    }
    dt__out_putc(o, '"');
}

dt_status dt__doc_write_csv(const dt_doc *d, dt__out *o)
{
    size_t i, r, c;
    int first = 1;

    for (i = 0; i < d->n && o->st == DT_OK; i++) {
        const dt_doc_block *b = &d->blocks[i];

        if (b->kind != DT_DOC_TABLE || !(b->show & DT_DOC_CSV))
            continue;
        if (!first)
            dt__out_putc(o, '\n');
        first = 0;
        if (b->keys) {
            for (c = 0; c < b->cols; c++) {
                if (c)
                    dt__out_putc(o, ',');
                field(o, b->keys[c]);
            }
            dt__out_putc(o, '\n');
        }
        for (r = 0; r < b->rows; r++) {
            if (r == 0 && b->keys)
                continue;
            for (c = 0; c < b->cols; c++) {
                if (c)
                    dt__out_putc(o, ',');
                field(o, b->cells[r * b->cols + c]);
            }
            dt__out_putc(o, '\n');
        }
    }
    return o->st;
}
