/*
 * The report as one self-contained HTML5 page: inline CSS, charts as
 * inline SVG (from the chart module, with their ids made unique in the
 * page), no script and no external resource. Every string from a
 * scenario is escaped here, in one place (esc()).
 */
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "report_int.h"

/* Buffered output through the caller's callback; the first error sticks. */
typedef struct hw {
    const dt_allocator *alloc; /* the document's hook */
    dt_write_fn write;         /* the caller's callback */
    void *ud;                  /* its argument */
    dt_status st;              /* DT_OK until a write fails */
    size_t len;                /* bytes in buf */
    GHashTable *glyphs;        /* glyph <symbol> body -> its id in the page */
    char buf[8192];            /* pending output */
} hw;

static void flush(hw *w)
{
    if (w->st == DT_OK && w->len > 0)
        w->st = w->write(w->ud, w->buf, w->len);
    w->len = 0;
}

static void put_n(hw *w, const char *s, size_t n)
{
    while (n > 0 && w->st == DT_OK) {
        size_t take = sizeof w->buf - w->len;

        if (take > n)
            take = n;
        memcpy(w->buf + w->len, s, take);
        w->len += take;
        s += take;
        n -= take;
        if (w->len == sizeof w->buf)
            flush(w);
    }
}

static void put(hw *w, const char *s)
{
    put_n(w, s, strlen(s));
}

/*
 * Escape text for element content and double-quoted attributes: & < > "
 * and ' become character references; control characters other than tab
 * and newline (not allowed in HTML text) become U+FFFD.
 */
static void esc(hw *w, const char *s)
{
    const char *run = s;

    if (!s)
        return;
    for (; *s; s++) {
        const char *rep = NULL;
        unsigned char ch = (unsigned char)*s;

        switch (ch) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        default:
            if (ch < 0x20 && ch != '\t' && ch != '\n')
                rep = "\xEF\xBF\xBD";
            else if (ch == 0x7f)
                rep = "\xEF\xBF\xBD";
            break;
        }
        if (rep) {
            put_n(w, run, (size_t)(s - run));
            put(w, rep);
            run = s + 1;
        }
    }
    put_n(w, run, (size_t)(s - run));
}

static const char css[] =
    ":root{--ink:#1a1a1a;--muted:#555;--rule:#c8c8c8;--band:#f3f3f0;"
    "--accent:#0b5394}\n"
    "*{box-sizing:border-box}\n"
    "html{font-family:'DejaVu Sans',Verdana,sans-serif;color:var(--ink);"
    "background:#fff;line-height:1.45}\n"
    "body{margin:0 auto;max-width:62rem;padding:1.5rem 1.25rem 3rem;"
    "font-size:15px}\n"
    "h1{font-size:1.7rem;margin:0 0 .4rem;line-height:1.2}\n"
    "h2{font-size:1.3rem;margin:2.2rem 0 .6rem;padding-bottom:.2rem;"
    "border-bottom:2px solid var(--accent)}\n"
    "h3{font-size:1.08rem;margin:1.6rem 0 .4rem}\n"
    "h4{font-size:.98rem;margin:1.2rem 0 .3rem}\n"
    "p{margin:.45rem 0}\n"
    "p.note{color:var(--muted);font-size:.92rem;border-left:3px solid "
    "var(--rule);padding-left:.6rem}\n"
    "p.verdict{font-weight:bold;background:var(--band);padding:.45rem "
    ".6rem;border-left:4px solid var(--accent)}\n"
    "p.small{color:var(--muted);font-size:.85rem}\n"
    "nav.toc{background:var(--band);padding:.6rem 1rem;margin:1rem 0;"
    "font-size:.92rem}\n"
    "nav.toc ol{margin:.2rem 0;padding-left:1.4rem}\n"
    "a{color:var(--accent)}\n"
    "ol.sources,ul.items{margin:.3rem 0 .6rem;padding-left:1.5rem}\n"
    "ol.sources li,ul.items li{margin:.2rem 0}\n"
    ".scroll{overflow-x:auto;margin:.6rem 0 1rem}\n"
    "table{border-collapse:collapse;font-size:.88rem;min-width:50%}\n"
    "caption{text-align:left;font-weight:bold;padding:.2rem 0}\n"
    "th,td{border-bottom:1px solid var(--rule);padding:.25rem .5rem;"
    "vertical-align:top;text-align:left}\n"
    "th{background:var(--band);border-bottom:2px solid #888}\n"
    "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;"
    "white-space:nowrap}\n"
    "tbody tr:nth-child(even){background:#fafafa}\n"
    "figure.chart{margin:1rem 0 1.4rem;page-break-inside:avoid;"
    "break-inside:avoid}\n"
    "figure.chart svg{display:block;max-width:100%;height:auto}\n"
    "figcaption{color:var(--muted);font-size:.88rem;margin-top:.3rem}\n"
    "footer{margin-top:3rem;border-top:1px solid var(--rule);"
    "padding-top:.6rem;font-size:.82rem;color:var(--muted)}\n"
    "footer dl{display:grid;grid-template-columns:max-content 1fr;"
    "gap:.15rem .8rem;margin:0}\n"
    "footer dt{font-weight:bold}\n"
    "footer dd{margin:0;font-family:'DejaVu Sans Mono',monospace;"
    "overflow-wrap:anywhere}\n"
    "@media print{body{max-width:none;font-size:11pt}"
    "nav.toc{display:none}h2{break-after:avoid}"
    "tr{break-inside:avoid}.scroll{overflow:visible}}\n";

/* Growable byte buffer for one chart's SVG. */
typedef struct svgbuf {
    const dt_allocator *alloc; /* the document's hook */
    char *p;                   /* bytes */
    size_t n;                  /* used */
    size_t cap;                /* allocated */
    int nomem;                 /* growing failed */
} svgbuf;

/* Charts above this size are refused rather than embedded. */
#define SVG_CAP ((size_t)64 << 20)

static int svg_collect(void *ud, const unsigned char *p, size_t n)
{
    svgbuf *b = ud;

    if (b->n + n > SVG_CAP)
        return 1;
    if (b->n + n > b->cap) {
        size_t cap = b->cap ? b->cap : 65536;
        char *np;

        while (cap < b->n + n)
            cap *= 2;
        np = dt__realloc(b->alloc, b->p, b->cap, cap);
        if (!np) {
            b->nomem = 1;
            return 1;
        }
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->n, p, n);
    b->n += n;
    return 0;
}

static int starts(const char *p, const char *end, const char *lit)
{
    size_t n = strlen(lit);

    return (size_t)(end - p) >= n && memcmp(p, lit, n) == 0;
}

/* The first occurrence of lit in [p, end), or NULL. */
static const char *find(const char *p, const char *end, const char *lit)
{
    for (; p < end; p++)
        if (starts(p, end, lit))
            return p;
    return NULL;
}

/*
 * The new name of the SVG id [s, s + len) of the chart `id`: the name
 * given before, else "<chart id>-<k>" with k counting this chart's ids in
 * order of first appearance.
 */
static const char *rename_id(GHashTable *map, const char *id, size_t *k,
                             const char *s, size_t len)
{
    char *key = g_strndup(s, len);
    const char *v = g_hash_table_lookup(map, key);

    if (v) {
        g_free(key);
        return v;
    }
    v = g_strdup_printf("%s-%zu", id, (*k)++);
    g_hash_table_insert(map, key, (char *)v);
    return v;
}

/*
 * Copy one chart's SVG into the page: drop the XML prolog, tag the root
 * element with the chart class, and rename every id (and every reference
 * to one: href="#x", url(#x)) to "<chart id>-<k>", k counting ids in
 * order of first appearance. Cairo names glyphs and clips the same way
 * in every file ("glyph0-1", "clip1"), and its "surfaceN" ids come from
 * a process-wide counter: renamed, ids are unique in the page and the
 * page does not depend on what the process drew before. A glyph
 * (<symbol>) already defined by an earlier chart of the page is not
 * repeated: its uses point at the earlier definition (same document), which
 * keeps the page several times smaller.
 */
static dt_status put_svg(hw *w, const char *id, const char *p, size_t n)
{
    const char *end = p + n, *run, *root = find(p, end, "<svg"), *s;
    GHashTable *map =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    GArray *skip = g_array_new(FALSE, FALSE, sizeof(const char *));
    size_t k = 0, next = 0;

    if (!root) {
        g_hash_table_destroy(map);
        g_array_free(skip, TRUE);
        return DT_EINTERNAL;
    }
    /* Glyph definitions: reuse those the page already has. */
    for (s = find(root, end, "<symbol "); s; s = find(s, end, "<symbol ")) {
        const char *tag = find(s, end, ">"), *close, *ida;
        char *body;
        const char *gid;

        close = tag ? find(tag, end, "</symbol>") : NULL;
        ida = tag ? find(s, tag, " id=\"") : NULL;
        if (!close || !ida)
            break;
        ida += 5;
        body = g_strndup(tag + 1, (size_t)(close - tag - 1));
        gid = g_hash_table_lookup(w->glyphs, body);
        if (gid) {
            const char *e = close + 9;

            g_hash_table_insert(map, g_strndup(ida, strcspn(ida, "\"")),
                                g_strdup(gid));
            if (e < end && *e == '\n')
                e++;
            g_array_append_val(skip, s);
            g_array_append_val(skip, e);
            g_free(body);
        } else {
            gid = rename_id(map, id, &k, ida, strcspn(ida, "\""));
            g_hash_table_insert(w->glyphs, body, g_strdup(gid));
        }
        s = close + 9;
    }
    put(w, "<svg class=\"chart-svg\"");
    p = root + 4;
    run = p;
    while (p < end) {
        const char *lit = NULL, *q;
        char stop;

        if (next < skip->len && p == g_array_index(skip, const char *, next)) {
            put_n(w, run, (size_t)(p - run));
            p = g_array_index(skip, const char *, next + 1);
            run = p;
            next += 2;
            continue;
        }
        if (starts(p, end, " id=\""))
            lit = " id=\"";
        else if (starts(p, end, "href=\"#"))
            lit = "href=\"#";
        else if (starts(p, end, "url(#"))
            lit = "url(#";
        if (!lit) {
            p++;
            continue;
        }
        stop = lit[0] == 'u' ? ')' : '"';
        q = p + strlen(lit);
        while (q < end && *q != stop)
            q++;
        put_n(w, run, (size_t)(p - run));
        put(w, lit);
        put(w, rename_id(map, id, &k, p + strlen(lit),
                         (size_t)(q - p - strlen(lit))));
        p = q;
        run = p;
    }
    put_n(w, run, (size_t)(end - run));
    g_hash_table_destroy(map);
    g_array_free(skip, TRUE);
    return DT_OK;
}

static void put_table(hw *w, const dt_doc_block *b)
{
    size_t r, c;

    put(w, "<div class=\"scroll\"><table>");
    if (b->text) {
        put(w, "<caption>");
        esc(w, b->text);
        put(w, "</caption>");
    }
    for (r = 0; r < b->rows; r++) {
        if (r == 0)
            put(w, "\n<thead>");
        else if (r == 1)
            put(w, "\n<tbody>");
        put(w, "\n<tr>");
        for (c = 0; c < b->cols; c++) {
            const char *cell = b->cells[r * b->cols + c];
            const char *tag = r == 0 ? "th" : "td";

            put(w, "<");
            put(w, tag);
            if (b->num[c])
                put(w, " class=\"num\"");
            put(w, ">");
            esc(w, cell ? cell : "");
            put(w, "</");
            put(w, tag);
            put(w, ">");
        }
        put(w, "</tr>");
        if (r == 0)
            put(w, "</thead>");
    }
    if (b->rows > 1)
        put(w, "</tbody>");
    put(w, "\n</table></div>\n");
}

/* A key-value list in the page: a caption and a definition list. */
static void put_keyvalue(hw *w, const dt_doc_block *b)
{
    size_t r;

    if (b->text) {
        put(w, "<p>");
        esc(w, b->text);
        put(w, "</p>\n");
    }
    put(w, "<dl class=\"kv\">");
    for (r = 0; r < b->rows; r++) {
        put(w, "\n<dt>");
        esc(w, b->cells[r * 2] ? b->cells[r * 2] : "");
        put(w, "</dt><dd>");
        esc(w, b->cells[r * 2 + 1] ? b->cells[r * 2 + 1] : "");
        put(w, "</dd>");
    }
    put(w, "\n</dl>\n");
}

static dt_status put_chart(hw *w, const dt_doc_block *b, dt_error *err)
{
    const dt__chart_ref *ref = b->figure;
    svgbuf sb = {w->alloc, NULL, 0, 0, 0};
    dt_chart_opts o = DT_CHART_OPTS_INIT;
    dt_status st;

    o.width = ref->width;
    o.height = ref->height;
    o.issue = ref->issue;
    o.model = ref->model;
    /*
     * The page shows a chart about 1.3 times its natural width; text at
     * 9.5 of 720 units reads like the page's own small print.
     */
    o.font_size = 9.5 * ref->width / 720.0;
    st = dt_chart_render(ref->kind, ref->in, ref->n_in, &o, DT_CHART_SVG,
                         svg_collect, &sb, err);
    if (st != DT_OK && sb.nomem)
        st = dt__error_set(err, DT_ENOMEM,
                           "out of memory while drawing chart '%s'", ref->id);
    if (st == DT_OK) {
        put(w, "<figure class=\"chart\" id=\"");
        esc(w, ref->id);
        put(w, "\">\n");
        st = put_svg(w, ref->id, sb.p, sb.n);
        if (st != DT_OK)
            dt__error_set(err, st, "cannot embed chart '%s'", ref->id);
        put(w, "\n");
        if (b->text) {
            put(w, "<figcaption>");
            esc(w, b->text);
            put(w, "</figcaption>");
        }
        put(w, "</figure>\n");
    }
    dt__free(sb.alloc, sb.p, sb.cap);
    return st;
}

static void put_toc(hw *w, const dt_doc *d)
{
    size_t i;
    int open2 = 0;

    put(w, "<nav class=\"toc\"><strong>Contents</strong>\n<ol>");
    for (i = 0; i < dt_doc_n_blocks(d); i++) {
        const dt_doc_block *b = dt_doc_block_at(d, i);

        if (!(b->show & DT_DOC_HTML) || b->kind != DT_DOC_HEADING ||
            b->level < 2 || b->level > 3 || !b->id)
            continue;
        if (b->level == 3 && !open2) {
            put(w, "<ol>");
            open2 = 1;
        } else if (b->level == 2 && open2) {
            put(w, "</ol>");
            open2 = 0;
        }
        if (b->level == 2 && i > 0)
            put(w, "</li>");
        put(w, "\n<li><a href=\"#");
        esc(w, b->id);
        put(w, "\">");
        esc(w, b->text);
        put(w, "</a>");
        if (b->level == 3)
            put(w, "</li>");
    }
    if (open2)
        put(w, "</ol>");
    put(w, "</li></ol></nav>\n");
}

dt_status dt_doc_write_html(const dt_doc *d, dt_write_fn write, void *ud,
                            dt_error *err)
{
    hw *w = dt__alloc(dt_doc_allocator(d), sizeof *w);
    dt_status st = DT_OK;
    size_t i, r;
    int toc_done = 0;

    if (!w)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    w->alloc = dt_doc_allocator(d);
    w->write = write;
    w->ud = ud;
    w->st = DT_OK;
    w->len = 0;
    w->glyphs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    put(w, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
           "<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, "
           "initial-scale=1\">\n"
           "<meta name=\"generator\" content=\"detente ");
    esc(w, dt_version());
    put(w, "\">\n<title>");
    esc(w, dt_doc_title(d) ? dt_doc_title(d) : "detente");
    put(w, "</title>\n<style>\n");
    put(w, css);
    put(w, "</style>\n</head>\n<body>\n<main>\n");
    for (i = 0; i < dt_doc_n_blocks(d) && st == DT_OK && w->st == DT_OK; i++) {
        const dt_doc_block *b = dt_doc_block_at(d, i);
        char tag[4];

        if (!(b->show & DT_DOC_HTML))
            continue;
        switch (b->kind) {
        case DT_DOC_HEADING:
            if (b->level == 2 && !toc_done) {
                put_toc(w, d);
                toc_done = 1;
            }
            snprintf(tag, sizeof tag, "h%d", b->level);
            put(w, "<");
            put(w, tag);
            if (b->id) {
                put(w, " id=\"");
                esc(w, b->id);
                put(w, "\"");
            }
            put(w, ">");
            esc(w, b->text);
            put(w, "</");
            put(w, tag);
            put(w, ">\n");
            break;
        case DT_DOC_PARA:
            put(w, b->style == DT_DOC_STYLE_NOTE      ? "<p class=\"note\">"
                   : b->style == DT_DOC_STYLE_VERDICT ? "<p class=\"verdict\">"
                   : b->style == DT_DOC_STYLE_SMALL   ? "<p class=\"small\">"
                                                      : "<p>");
            esc(w, b->text);
            put(w, "</p>\n");
            break;
        case DT_DOC_LIST:
            if (b->text) {
                put(w, "<p>");
                esc(w, b->text);
                put(w, "</p>\n");
            }
            put(w, b->style == DT_DOC_STYLE_ORDERED ? "<ol class=\"sources\">"
                                                    : "<ul class=\"items\">");
            for (r = 0; r < b->cols; r++) {
                put(w, "\n<li>");
                esc(w, b->cells[r]);
                put(w, "</li>");
            }
            put(w,
                b->style == DT_DOC_STYLE_ORDERED ? "\n</ol>\n" : "\n</ul>\n");
            break;
        case DT_DOC_TABLE:
            put_table(w, b);
            break;
        case DT_DOC_FIGURE:
            if (b->figure_kind == DT_REPORT_FIGURE_CHART && b->figure)
                st = put_chart(w, b, err);
            else if (b->text) {
                put(w, "<p class=\"small\">");
                esc(w, b->text);
                put(w, "</p>\n");
            }
            break;
        case DT_DOC_KEYVALUE:
            if (b->style != DT_DOC_STYLE_FOOTER) {
                put_keyvalue(w, b);
                break;
            }
            put(w, "</main>\n<footer>\n");
            if (b->text) {
                put(w, "<p>");
                esc(w, b->text);
                put(w, "</p>\n");
            }
            put(w, "<dl>");
            for (r = 0; r < b->rows; r++) {
                put(w, "\n<dt>");
                esc(w, b->cells[r * 2]);
                put(w, "</dt><dd>");
                esc(w, b->cells[r * 2 + 1]);
                put(w, "</dd>");
            }
            put(w, "\n</dl>\n</footer>\n");
            break;
        }
    }
    put(w, "</body>\n</html>\n");
    flush(w);
    if (st == DT_OK && w->st != DT_OK)
        st = dt__error_set(err, w->st, "cannot write the HTML report: %s",
                           dt_status_str(w->st));
    g_hash_table_destroy(w->glyphs);
    dt__free(dt_doc_allocator(d), w, sizeof *w);
    return st;
}
