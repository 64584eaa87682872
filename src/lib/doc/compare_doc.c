/*
 * The document of a comparison (dt_compare_doc, doc.h): one grid, three
 * tables - for the terminal (labels, 38-character wrapped columns, as
 * detente compare has always printed it), for Markdown, HTML and PDF
 * (a "dimension" header), and for CSV (the row keys).
 */
#include <string.h>

#include "doc/doc_int.h"

#define CELL_WIDTH 38 /* terminal: bytes per scenario column */

/* Cell (i, j), "-" where the scenario lacks the row. */
static const char *cell(const dt_compare *c, size_t i, size_t j)
{
    const char *s = dt_compare_cell(c, i, j);

    return s ? s : "-";
}

/*
 * A table of the grid: row 0 `head` (or the first row's label when
 * NULL) and the scenario names, then per row its label (or key when
 * keys) and cells.
 */
static size_t grid(dt_doc *d, const dt_compare *c, const char *head, int keys,
                   unsigned show)
{
    size_t n = dt_compare_n_scenarios(c), nr = dt_compare_n_rows(c), i, j, t;

    t = dt_doc_table(d, nr, n + 1, NULL);
    dt_doc_show(d, show);
    for (i = 0; i < nr; i++) {
        const char *first =
            keys ? dt_compare_key(c, i) : dt_compare_label(c, i);

        dt_doc_cell(d, t, i, 0, "%s", i == 0 && head ? head : first);
        for (j = 0; j < n; j++)
            dt_doc_cell(d, t, i, j + 1, "%s", cell(c, i, j));
    }
    return t;
}

dt_status dt_compare_doc(const dt_compare *c, const dt_doc_opts *o, dt_doc *d,
                         dt_error *err)
{
    size_t n = dt_compare_n_scenarios(c), nr = dt_compare_n_rows(c), i, j, t;
    size_t lw = 10;
    const char *title = "Comparison:";
    dt_doc_col *col;
    unsigned *wrap;

    (void)o;
    for (j = 0; j < n && title; j++)
        title = dt_doc_fmt(d, "%s%s %s", title, j ? ";" : "",
                           dt_scenario_name(dt_compare_scenario(c, j)));
    dt_doc_set_title(d, title);
    for (i = 0; i < nr; i++)
        if (strlen(dt_compare_label(c, i)) + 2 > lw)
            lw = strlen(dt_compare_label(c, i)) + 2;
    t = grid(d, c, NULL, 0, DT_DOC_TEXT);
    col = dt__arena_alloc(&d->ar, (n + 1) * sizeof *col);
    wrap = dt__arena_alloc(&d->ar, (n + 1) * sizeof *wrap);
    if (!col || !wrap)
        d->oom = 1;
    else {
        col[0] = (dt_doc_col){"", (unsigned)lw, 0};
        wrap[0] = 0;
        for (j = 1; j <= n; j++) {
            col[j] = (dt_doc_col){"  ", CELL_WIDTH, 0};
            wrap[j] = CELL_WIDTH;
        }
        dt_doc_columns(d, t, col);
        dt_doc_wrap(d, t, wrap);
    }
    grid(d, c, "dimension", 0, DT_DOC_PEOPLE & ~(unsigned)DT_DOC_TEXT);
    grid(d, c, "dimension", 1, DT_DOC_CSV);
    return dt_doc_status(d, err);
}
