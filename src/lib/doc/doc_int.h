/*
 * Private layout of dt_doc (include/detente/doc.h), shared by the
 * builder (doc.c) and the renderers of this module (text.c, markdown.c,
 * csv.c).
 */
#ifndef DT_DOC_INT_H
#define DT_DOC_INT_H

#include "internal.h"

struct dt_doc {
    const dt_allocator *alloc; /* hook, borrowed */
    dt__arena ar;              /* strings, cells, figures */
    dt_doc_block *blocks;      /* in reading order */
    size_t n;                  /* blocks used */
    size_t cap;                /* blocks allocated */
    const char *title;         /* the document's title, or NULL */
    const char *footer;        /* one line for every page, or NULL */
    int oom;                   /* an allocation failed while building */
};

/* Whether the document built with o will be written as one of fmt. */
static inline int dt__doc_wants(const dt_doc_opts *o, unsigned fmt)
{
    return !o || o->formats == 0 || (o->formats & fmt) != 0;
}

/* Renderers (each writes the blocks whose mask has its format). */
/*
 * "what-if: CHANGE; CHANGE" under the title when sc is a what-if
 * (dt_scenario_whatif); nothing otherwise (doc.c).
 */
void dt__doc_whatif(dt_doc *d, const dt_scenario *sc);
dt_status dt__doc_write_text(const dt_doc *d, dt__out *o);
dt_status dt__doc_write_markdown(const dt_doc *d, dt__out *o);
dt_status dt__doc_write_csv(const dt_doc *d, dt__out *o);

/* The "why" lines of issue i of a forecast (explain_doc.c). */
void dt__forecast_doc_why(dt_doc *d, const dt_forecast *fc, size_t i);
/* "100 rounds (round cap)", "7 rounds (cycle of period 2)"... */
const char *dt__forecast_doc_exchange_stop(dt_doc *d, const dt_forecast *fc);
/* Per issue the n exchanges that shifted its outcome most. */
void dt__forecast_doc_exchange_summary(dt_doc *d, const dt_forecast *fc,
                                       size_t n);

#endif
