/*
 * Charts: the SVG post-pass. cairo draws SVG text as glyph outlines and
 * numbers some ids from process-wide counters; the pass (libxml2) adds a
 * <title> and a <desc> with the words drawn, renumbers the ids in
 * document order with the caller's prefix, and writes the result.
 */
#include <stdio.h>

#include <libxml/hash.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "chart_int.h"

/*
 * Renumber every id in document order as <prefix>id<n> (cairo numbers
 * some from process-wide counters, so a second chart in the same process
 * would differ; a prefix keeps several charts in one page apart).
 */
static void svg_ids_collect(xmlNode *n, xmlHashTablePtr map, const char *prefix,
                            size_t *count)
{
    for (; n; n = n->next) {
        xmlChar *v;

        if (n->type != XML_ELEMENT_NODE)
            continue;
        v = xmlGetProp(n, (const xmlChar *)"id");
        if (v) {
            char buf[300];
            xmlChar *id;

            snprintf(buf, sizeof buf, "%sid%zu", prefix, (*count)++);
            id = xmlStrdup((const xmlChar *)buf);
            if (id && xmlHashAddEntry(map, v, id) != 0)
                xmlFree(id);
            xmlSetProp(n, (const xmlChar *)"id", (const xmlChar *)buf);
            xmlFree(v);
        }
        svg_ids_collect(n->children, map, prefix, count);
    }
}

/* Rewrite "#old" (whole value) and every "url(#old)" in s. */
static xmlChar *svg_ref_rewrite(const xmlChar *s, xmlHashTablePtr map)
{
    xmlChar *out = NULL;
    const xmlChar *p = s, *u;

    if (s[0] == '#') {
        const xmlChar *id = xmlHashLookup(map, s + 1);

        if (!id)
            return NULL;
        out = xmlStrdup((const xmlChar *)"#");
        return xmlStrcat(out, id);
    }
    if (!xmlStrstr(s, (const xmlChar *)"url(#"))
        return NULL;
    out = xmlStrdup((const xmlChar *)"");
    while ((u = xmlStrstr(p, (const xmlChar *)"url(#")) != NULL) {
        const xmlChar *end = xmlStrchr(u, ')');
        xmlChar *old;
        const xmlChar *id;

        if (!end)
            break;
        out = xmlStrncat(out, p, (int)(u - p) + 5);
        old = xmlStrndup(u + 5, (int)(end - u - 5));
        id = old ? xmlHashLookup(map, old) : NULL;
        out = id ? xmlStrcat(out, id)
                 : xmlStrncat(out, u + 5, (int)(end - u - 5));
        xmlFree(old);
        p = end;
    }
    return xmlStrcat(out, p);
}

static void svg_refs_apply(xmlNode *n, xmlHashTablePtr map)
{
    for (; n; n = n->next) {
        xmlAttr *a;

        if (n->type != XML_ELEMENT_NODE)
            continue;
        for (a = n->properties; a; a = a->next) {
            xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1), *nv;

            if (!v)
                continue;
            nv = svg_ref_rewrite(v, map);
            if (nv) {
                xmlSetNsProp(n, a->ns, a->name, nv);
                xmlFree(nv);
            }
            xmlFree(v);
        }
        svg_refs_apply(n->children, map);
    }
}

static void svg_free_entry(void *payload, const xmlChar *name)
{
    (void)name;
    xmlFree(payload);
}

static int svg_renumber_ids(xmlNode *root, const char *prefix)
{
    xmlHashTablePtr map = xmlHashCreate(256);
    size_t count = 0;

    if (!map)
        return -1;
    svg_ids_collect(root, map, prefix ? prefix : "", &count);
    svg_refs_apply(root, map);
    xmlHashFree(map, svg_free_entry);
    return 0;
}

dt_status dt__chart_svg_finish(const unsigned char *buf, size_t len,
                               const char *title, const char *text,
                               const dt_chart_opts *o, dt_chart_write_fn write,
                               void *ctx, dt_error *err)
{
    xmlDoc *doc;
    xmlNode *root, *t, *d;
    xmlChar *mem = NULL;
    int size = 0;
    dt_status rc = DT_OK;

    if (len > (size_t)0x7fffffff)
        return dt__error_set(err, DT_EINTERNAL, "SVG output too large");
    doc = xmlReadMemory((const char *)buf, (int)len, "chart.svg", NULL,
                        XML_PARSE_NONET | XML_PARSE_HUGE);
    if (!doc)
        return dt__error_set(err, DT_EINTERNAL,
                             "cairo wrote SVG that libxml2 cannot parse");
    root = xmlDocGetRootElement(doc);
    if (!root) {
        rc = dt__error_set(err, DT_EINTERNAL, "cairo wrote an empty SVG");
        goto out;
    }
    if (svg_renumber_ids(root, o->svg_id) != 0) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    xmlSetProp(root, (const xmlChar *)"role", (const xmlChar *)"img");
    t = xmlNewDocNode(doc, root->ns, (const xmlChar *)"title", NULL);
    d = xmlNewDocNode(doc, root->ns, (const xmlChar *)"desc", NULL);
    if (!t || !d) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    xmlNodeAddContent(t, (const xmlChar *)title);
    xmlNodeAddContent(d, (const xmlChar *)(text ? text : ""));
    if (root->children) {
        xmlAddPrevSibling(root->children, t);
        xmlAddNextSibling(t, d);
    } else {
        xmlAddChild(root, t);
        xmlAddChild(root, d);
    }
    xmlDocDumpFormatMemoryEnc(doc, &mem, &size, "UTF-8", 0);
    if (!mem || size <= 0)
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
    else if (write(ctx, mem, (size_t)size) != 0)
        rc = dt__error_set(err, DT_EIO, "cannot write the chart");
out:
    if (mem)
        xmlFree(mem);
    xmlFreeDoc(doc);
    return rc;
}
