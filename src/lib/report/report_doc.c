/*
 * The report document (report_int.h): blocks appended in reading order,
 * every string and cell in one arena. Allocation failures are recorded in
 * d->oom and reported once, when the document is complete.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "report_int.h"

void dt__doc_init(dt__doc *d)
{
    memset(d, 0, sizeof *d);
    dt__arena_init(&d->ar, NULL);
}

void dt__doc_release(dt__doc *d)
{
    dt__free(NULL, d->blocks, d->cap * sizeof *d->blocks);
    dt__arena_release(&d->ar);
    memset(d, 0, sizeof *d);
}

static const char *vfmt(dt__doc *d, const char *fmt, va_list ap)
{
    va_list ap2;
    char *s;
    int n;

    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        d->oom = 1;
        return NULL;
    }
    s = dt__arena_alloc(&d->ar, (size_t)n + 1);
    if (!s) {
        d->oom = 1;
        return NULL;
    }
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

const char *dt__doc_fmt(dt__doc *d, const char *fmt, ...)
{
    va_list ap;
    const char *s;

    va_start(ap, fmt);
    s = vfmt(d, fmt, ap);
    va_end(ap);
    return s;
}

const char *dt__doc_str(dt__doc *d, const char *s)
{
    char *p;

    if (!s)
        return NULL;
    p = dt__arena_strdup(&d->ar, s);
    if (!p)
        d->oom = 1;
    return p;
}

static dt__block *add(dt__doc *d, dt__block_kind kind)
{
    dt__block *b;

    if (d->n == d->cap) {
        size_t cap = d->cap ? 2 * d->cap : 64;
        dt__block *nb =
            dt__realloc(NULL, d->blocks, d->cap * sizeof *nb, cap * sizeof *nb);

        if (!nb) {
            d->oom = 1;
            return NULL;
        }
        d->blocks = nb;
        d->cap = cap;
    }
    b = &d->blocks[d->n++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    return b;
}

void dt__doc_heading(dt__doc *d, int level, const char *id, const char *text)
{
    dt__block *b = add(d, DT__B_HEADING);

    if (!b)
        return;
    b->level = level;
    b->id = dt__doc_str(d, id);
    b->text = dt__doc_str(d, text);
}

void dt__doc_para(dt__doc *d, int style, const char *text)
{
    dt__block *b;

    if (!text || !*text)
        return;
    b = add(d, DT__B_PARA);
    if (!b)
        return;
    b->style = style;
    b->text = dt__doc_str(d, text);
}

dt__block *dt__doc_grid(dt__doc *d, dt__block_kind kind, size_t rows,
                        size_t cols)
{
    dt__block *b = add(d, kind);
    size_t n = rows * cols;

    if (!b)
        return NULL;
    b->rows = rows;
    b->cols = cols;
    b->cells = dt__arena_alloc(&d->ar, (n ? n : 1) * sizeof *b->cells);
    b->num = dt__arena_alloc(&d->ar, cols ? cols : 1);
    if (!b->cells || !b->num) {
        d->oom = 1;
        d->n--;
        return NULL;
    }
    memset((void *)b->cells, 0, (n ? n : 1) * sizeof *b->cells);
    memset((void *)b->num, 0, cols ? cols : 1);
    return b;
}

void dt__doc_cell(dt__doc *d, dt__block *b, size_t r, size_t c, const char *fmt,
                  ...)
{
    va_list ap;

    if (!b || r >= b->rows || c >= b->cols)
        return;
    va_start(ap, fmt);
    ((const char **)b->cells)[r * b->cols + c] = vfmt(d, fmt, ap);
    va_end(ap);
}

void dt__doc_chart(dt__doc *d, const dt__chart_ref *ch, const char *caption)
{
    dt__block *b = add(d, DT__B_CHART);

    if (!b)
        return;
    b->chart = *ch;
    b->chart.id = dt__doc_str(d, ch->id);
    b->text = dt__doc_str(d, caption);
}
