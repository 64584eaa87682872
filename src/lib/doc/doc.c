/*
 * The result document (include/detente/doc.h): blocks appended in reading
 * order, every string, cell and figure in one arena. Allocation failures
 * are recorded and reported once, by dt_doc_status() and the writers.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "doc/doc_int.h"

dt_status dt_doc_new(const dt_allocator *alloc, dt_doc **out, dt_error *err)
{
    dt_doc *d = dt__calloc(alloc, 1, sizeof *d);

    *out = NULL;
    if (!d)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    d->alloc = alloc;
    dt__arena_init(&d->ar, alloc);
    *out = d;
    return DT_OK;
}

void dt_doc_free(dt_doc *d)
{
    if (!d)
        return;
    dt__free(d->alloc, d->blocks, d->cap * sizeof *d->blocks);
    dt__arena_release(&d->ar);
    dt__free(d->alloc, d, sizeof *d);
}

dt_status dt_doc_status(const dt_doc *d, dt_error *err)
{
    if (d->oom)
        return dt__error_set(err, DT_ENOMEM,
                             "out of memory while building a document");
    return DT_OK;
}

static const char *vfmt(dt_doc *d, const char *fmt, va_list ap)
{
    char small[256];
    va_list ap2;
    char *s;
    int n;

    /* After a failure the document is only freed: format nothing (an
       argument may be a NULL string from the failed call). */
    if (d->oom)
        return NULL;
    /* Most cells fit the stack buffer: format once and copy. */
    va_copy(ap2, ap);
    n = vsnprintf(small, sizeof small, fmt, ap2);
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
    if ((size_t)n < sizeof small)
        memcpy(s, small, (size_t)n + 1);
    else
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

const char *dt_doc_fmt(dt_doc *d, const char *fmt, ...)
{
    va_list ap;
    const char *s;

    va_start(ap, fmt);
    s = vfmt(d, fmt, ap);
    va_end(ap);
    return s;
}

const char *dt_doc_str(dt_doc *d, const char *s)
{
    char *p;

    if (!s)
        return NULL;
    p = dt__arena_strdup(&d->ar, s);
    if (!p)
        d->oom = 1;
    return p;
}

char *dt_doc_alloc(dt_doc *d, size_t n)
{
    char *p = d->oom ? NULL : dt__arena_alloc(&d->ar, n ? n : 1);

    if (!p)
        d->oom = 1;
    else
        p[0] = '\0';
    return p;
}

const dt_allocator *dt_doc_allocator(const dt_doc *d)
{
    return d->alloc;
}

void dt_doc_set_title(dt_doc *d, const char *title)
{
    d->title = dt_doc_str(d, title);
}

const char *dt_doc_title(const dt_doc *d)
{
    return d->title;
}

void dt_doc_set_footer(dt_doc *d, const char *line)
{
    d->footer = dt_doc_str(d, line);
}

const char *dt_doc_footer(const dt_doc *d)
{
    return d->footer;
}

static dt_doc_block *add(dt_doc *d, dt_doc_kind kind)
{
    dt_doc_block *b;

    if (d->n == d->cap) {
        size_t cap = d->cap ? 2 * d->cap : 64;
        dt_doc_block *nb = dt__realloc(d->alloc, d->blocks, d->cap * sizeof *nb,
                                       cap * sizeof *nb);

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
    b->show = kind == DT_DOC_TABLE ? DT_DOC_ALL : DT_DOC_PEOPLE;
    return b;
}

const char *dt_doc_num(dt_doc *d, const char *fmt, double v,
                       const char *missing)
{
    return isfinite(v) ? dt_doc_fmt(d, fmt, v) : missing;
}

void dt_doc_line(dt_doc *d, unsigned gap, unsigned margin, const char *text)
{
    dt_doc_para(d, DT_DOC_STYLE_TEXT, text);
    dt_doc_gap(d, gap, margin);
}

void dt_doc_heading(dt_doc *d, int level, const char *id, const char *text)
{
    dt_doc_block *b = add(d, DT_DOC_HEADING);

    if (!b)
        return;
    b->level = level;
    b->id = dt_doc_str(d, id);
    b->text = dt_doc_str(d, text);
}

void dt_doc_para(dt_doc *d, dt_doc_style style, const char *text)
{
    dt_doc_block *b;

    if (!text || !*text)
        return;
    b = add(d, DT_DOC_PARA);
    if (!b)
        return;
    b->style = style;
    b->text = dt_doc_str(d, text);
}

void dt_doc_paraf(dt_doc *d, dt_doc_style style, const char *fmt, ...)
{
    va_list ap;
    const char *s;

    va_start(ap, fmt);
    s = vfmt(d, fmt, ap);
    va_end(ap);
    if (s && *s) {
        dt_doc_block *b = add(d, DT_DOC_PARA);

        if (b) {
            b->style = style;
            b->text = s;
        }
    }
}

/* A new block with a rows x cols grid of empty cells. */
static size_t grid(dt_doc *d, dt_doc_kind kind, size_t rows, size_t cols,
                   const char *caption)
{
    dt_doc_block *b;
    size_t n = rows * cols;

    if (cols && rows > ((size_t)-1) / sizeof(char *) / cols) {
        d->oom = 1;
        return (size_t)-1;
    }
    b = add(d, kind);
    if (!b)
        return (size_t)-1;
    b->rows = rows;
    b->cols = cols;
    b->text = dt_doc_str(d, caption);
    b->cells = dt__arena_alloc(&d->ar, (n ? n : 1) * sizeof *b->cells);
    b->num = dt__arena_alloc(&d->ar, cols ? cols : 1);
    if (!b->cells || !b->num) {
        d->oom = 1;
        d->n--;
        return (size_t)-1;
    }
    memset((void *)b->cells, 0, (n ? n : 1) * sizeof *b->cells);
    memset((void *)b->num, 0, cols ? cols : 1);
    return d->n - 1;
}

size_t dt_doc_table(dt_doc *d, size_t rows, size_t cols, const char *caption)
{
    return grid(d, DT_DOC_TABLE, rows, cols, caption);
}

size_t dt_doc_list(dt_doc *d, size_t n, const char *caption)
{
    return grid(d, DT_DOC_LIST, 1, n, caption);
}

size_t dt_doc_keyvalue(dt_doc *d, size_t rows, const char *caption)
{
    return grid(d, DT_DOC_KEYVALUE, rows, 2, caption);
}

static dt_doc_block *block(dt_doc *d, size_t i)
{
    return i < d->n ? &d->blocks[i] : NULL;
}

void dt_doc_cell(dt_doc *d, size_t bi, size_t r, size_t c, const char *fmt, ...)
{
    dt_doc_block *b = block(d, bi);
    va_list ap;

    if (!b || r >= b->rows || c >= b->cols)
        return;
    va_start(ap, fmt);
    ((const char **)b->cells)[r * b->cols + c] = vfmt(d, fmt, ap);
    va_end(ap);
}

void dt_doc_caption(dt_doc *d, size_t bi, const char *caption)
{
    dt_doc_block *b = block(d, bi);

    if (b)
        b->text = dt_doc_str(d, caption);
}

void dt_doc_set_style(dt_doc *d, size_t bi, dt_doc_style style)
{
    dt_doc_block *b = block(d, bi);

    if (b)
        b->style = style;
}

void dt_doc_numeric(dt_doc *d, size_t bi, size_t c)
{
    dt_doc_block *b = block(d, bi);

    if (b && c < b->cols)
        ((unsigned char *)b->num)[c] = 1;
}

void dt_doc_keys(dt_doc *d, size_t bi, const char *const *keys)
{
    dt_doc_block *b = block(d, bi);
    const char **k;
    size_t c;

    if (!b)
        return;
    k = dt__arena_alloc(&d->ar, (b->cols ? b->cols : 1) * sizeof *k);
    if (!k) {
        d->oom = 1;
        return;
    }
    for (c = 0; c < b->cols; c++)
        k[c] = dt_doc_str(d, keys[c]);
    b->keys = k;
}

void dt_doc_columns(dt_doc *d, size_t bi, const dt_doc_col *col)
{
    dt_doc_block *b = block(d, bi);
    dt_doc_col *c;
    size_t i;

    if (!b)
        return;
    c = dt__arena_alloc(&d->ar, (b->cols ? b->cols : 1) * sizeof *c);
    if (!c) {
        d->oom = 1;
        return;
    }
    for (i = 0; i < b->cols; i++) {
        c[i] = col[i];
        c[i].sep = dt_doc_str(d, col[i].sep ? col[i].sep : "");
    }
    b->col = c;
}

void dt_doc_wrap(dt_doc *d, size_t bi, const unsigned *wrap)
{
    dt_doc_block *b = block(d, bi);
    unsigned *w;

    if (!b)
        return;
    w = dt__arena_alloc(&d->ar, (b->cols ? b->cols : 1) * sizeof *w);
    if (!w) {
        d->oom = 1;
        return;
    }
    memcpy(w, wrap, b->cols * sizeof *w);
    b->wrap = w;
}

size_t dt_doc_figure(dt_doc *d, const char *id, int kind, const void *data,
                     size_t size, double width, double height,
                     const char *caption)
{
    dt_doc_block *b = add(d, DT_DOC_FIGURE);
    void *copy = NULL;

    if (!b)
        return (size_t)-1;
    if (data && size) {
        copy = dt__arena_alloc(&d->ar, size);
        if (!copy) {
            d->oom = 1;
            d->n--;
            return (size_t)-1;
        }
        memcpy(copy, data, size);
    }
    b->id = dt_doc_str(d, id);
    b->text = dt_doc_str(d, caption);
    b->figure_kind = kind;
    b->figure = copy;
    b->width = width;
    b->height = height;
    return d->n - 1;
}

void dt_doc_nomem(dt_doc *d)
{
    d->oom = 1;
}

void dt_doc_show(dt_doc *d, unsigned formats)
{
    if (d->n)
        d->blocks[d->n - 1].show = formats;
}

void dt_doc_layout(dt_doc *d, const dt_doc_layout_spec *lay)
{
    if (!d->n)
        return;
    d->blocks[d->n - 1].lay = *lay;
    d->blocks[d->n - 1].lay.lead = dt_doc_str(d, lay->lead);
}

void dt_doc_gap(dt_doc *d, unsigned gap, unsigned margin)
{
    if (!d->n)
        return;
    d->blocks[d->n - 1].lay.gap = gap;
    d->blocks[d->n - 1].lay.margin = margin;
}

size_t dt_doc_n_blocks(const dt_doc *d)
{
    return d->n;
}

const dt_doc_block *dt_doc_block_at(const dt_doc *d, size_t i)
{
    return i < d->n ? &d->blocks[i] : NULL;
}

const char *dt_doc_format_name(dt_doc_format fmt)
{
    switch (fmt) {
    case DT_DOC_TEXT:
        return "text";
    case DT_DOC_MARKDOWN:
        return "markdown";
    case DT_DOC_CSV:
        return "csv";
    case DT_DOC_HTML:
        return "html";
    case DT_DOC_PDF:
        return "pdf";
    }
    return "?";
}

void dt__doc_whatif(dt_doc *d, const dt_scenario *sc)
{
    size_t i, n = dt_scenario_n_whatif(sc), len = sizeof "what-if: ", pos;
    char *s;

    if (n == 0)
        return;
    for (i = 0; i < n; i++)
        len += strlen(dt_scenario_whatif_change(sc, i)) + 2;
    s = dt_doc_alloc(d, len);
    if (!s)
        return;
    pos = (size_t)snprintf(s, len, "what-if: ");
    for (i = 0; i < n && pos < len; i++)
        pos += (size_t)snprintf(s + pos, len - pos, "%s%s", i ? "; " : "",
                                dt_scenario_whatif_change(sc, i));
    dt_doc_para(d, DT_DOC_STYLE_TEXT, s);
}
