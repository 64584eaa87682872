/* dt_doc_write: the document through one of this module's renderers. */
#include "doc/doc_int.h"

dt_status dt_doc_write(const dt_doc *d, dt_doc_format fmt, dt_write_fn write,
                       void *ud, dt_error *err)
{
    dt__out o;
    dt_status st;

    st = dt_doc_status(d, err);
    if (st != DT_OK)
        return st;
    dt__out_init(&o, write, ud, d->alloc);
    switch (fmt) {
    case DT_DOC_TEXT:
        dt__doc_write_text(d, &o);
        break;
    case DT_DOC_MARKDOWN:
        dt__doc_write_markdown(d, &o);
        break;
    case DT_DOC_CSV:
        dt__doc_write_csv(d, &o);
        break;
    default:
        return dt__error_set(err, DT_EINVAL,
                             "documents are written here as text, markdown "
                             "or csv, not %s",
                             dt_doc_format_name(fmt));
    }
    st = dt__out_flush(&o);
    if (st != DT_OK)
        return dt__error_set(err, st, "cannot write the %s document",
                             dt_doc_format_name(fmt));
    return DT_OK;
}
