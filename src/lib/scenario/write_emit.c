/*
 * A scenario tree (write.c) written out: as YAML through libyaml's
 * emitter, as JSON by hand (jansson writes reals with a fixed number of
 * digits; a scenario's numbers are written as the shortest decimal that
 * reads back bit for bit, dt__fmt_shortest). Also the JSON-to-YAML
 * conversion of dt_scenario_yaml_from_json, which reads the JSON with
 * jansson and writes its tree here. See write_int.h.
 */
#include <string.h>

#include <yaml.h>

#include "scenario/write_int.h"

/* Strings longer than this, on one line, are folded (">"). */
#define LONG_STRING 72

/* ---- Layout rules shared by both outputs ---- */

/*
 * Written on one line: a list of numbers ([40, 70]), a mapping of at
 * most three numbers ({scale: 0.6}), and empty collections.
 */
static int is_flow(const json_t *n)
{
    const char *key;
    json_t *v;
    size_t i;

    if (json_is_array(n)) {
        json_array_foreach(n, i, v) if (!json_is_number(v)) return 0;
        return 1;
    }
    if (json_is_object(n)) {
        if (json_object_size(n) > 3)
            return 0;
        json_object_foreach((json_t *)n, key,
                            v) if (!json_is_number(v)) return 0;
        return 1;
    }
    return 0;
}

/*
 * Whether YAML would read s, written plain, as something else than this
 * string: YAML's null, a boolean of YAML 1.1, or a number. (Characters
 * that plain scalars cannot hold are libyaml's to see: it quotes them.)
 */
static int needs_quotes(const char *s)
{
    static const char *const words[] = {"~",    "null", "true",  "false", "yes",
                                        "no",   "on",   "off",   "y",     "n",
                                        ".nan", ".inf", "-.inf", "+.inf"};
    size_t i;

    if (!*s)
        return 1;
    for (i = 0; i < sizeof words / sizeof words[0]; i++)
        if (dt__ieq(s, words[i]))
            return 1;
    return dt__is_decimal(s) || dt__is_nonfinite(s);
}

/* ---- YAML ---- */

typedef struct ye {
    yaml_emitter_t em;
    dt_write_fn write;
    void *ud;
    dt_status wst; /* the first failure of write */
    int ok;        /* no emitter error yet */
} ye;

static int ye_out(void *data, unsigned char *buf, size_t size)
{
    ye *e = data;

    if (e->wst == DT_OK)
        e->wst = e->write(e->ud, buf, size);
    return e->wst == DT_OK;
}

static void ye_emit(ye *e, yaml_event_t *ev, int made)
{
    if (!e->ok) {
        if (made)
            yaml_event_delete(ev); /* made after a failure: not emitted */
        return;
    }
    if (!made) {
        e->em.error = YAML_MEMORY_ERROR;
        e->ok = 0;
        return;
    }
    if (!yaml_emitter_emit(&e->em, ev))
        e->ok = 0;
}

static void ye_scalar(ye *e, const char *s, size_t len, int plain_ok,
                      yaml_scalar_style_t style)
{
    yaml_event_t ev;
    int made = yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s,
                                            (int)len, plain_ok, 1, style);

    ye_emit(e, &ev, made);
}

static void ye_string(ye *e, const char *s, size_t len)
{
    yaml_scalar_style_t style = YAML_ANY_SCALAR_STYLE;
    int plain_ok = strlen(s) == len && !needs_quotes(s);

    if (memchr(s, '\n', len))
        style = YAML_LITERAL_SCALAR_STYLE;
    else if (len > LONG_STRING)
        style = YAML_FOLDED_SCALAR_STYLE;
    if (style != YAML_ANY_SCALAR_STYLE)
        plain_ok = 0;
    ye_scalar(e, s, len, plain_ok, style);
}

static void ye_node(ye *e, const json_t *n)
{
    yaml_event_t ev;
    char buf[DT__NUM_BUF];
    const char *key;
    json_t *v;
    size_t i;

    switch (json_typeof(n)) {
    case JSON_OBJECT:
        ye_emit(e, &ev,
                yaml_mapping_start_event_initialize(
                    &ev, NULL, NULL, 1,
                    is_flow(n) ? YAML_FLOW_MAPPING_STYLE
                               : YAML_BLOCK_MAPPING_STYLE));
        json_object_foreach((json_t *)n, key, v)
        {
            ye_string(e, key, strlen(key));
            ye_node(e, v);
        }
        ye_emit(e, &ev, yaml_mapping_end_event_initialize(&ev));
        break;
    case JSON_ARRAY:
        ye_emit(e, &ev,
                yaml_sequence_start_event_initialize(
                    &ev, NULL, NULL, 1,
                    is_flow(n) ? YAML_FLOW_SEQUENCE_STYLE
                               : YAML_BLOCK_SEQUENCE_STYLE));
        json_array_foreach(n, i, v) ye_node(e, v);
        ye_emit(e, &ev, yaml_sequence_end_event_initialize(&ev));
        break;
    case JSON_STRING:
        ye_string(e, json_string_value(n), json_string_length(n));
        break;
    case JSON_INTEGER:
    case JSON_REAL:
        ye_scalar(e, buf, dt__fmt_shortest(json_number_value(n), buf), 1,
                  YAML_PLAIN_SCALAR_STYLE);
        break;
    case JSON_TRUE:
        ye_scalar(e, "true", 4, 1, YAML_PLAIN_SCALAR_STYLE);
        break;
    case JSON_FALSE:
        ye_scalar(e, "false", 5, 1, YAML_PLAIN_SCALAR_STYLE);
        break;
    default:
        ye_scalar(e, "null", 4, 1, YAML_PLAIN_SCALAR_STYLE);
        break;
    }
}

dt_status dt__tree_write_yaml(const json_t *root, dt_write_fn write, void *ud,
                              dt_error *err)
{
    yaml_event_t ev;
    dt_status rc = DT_OK;
    ye e;

    memset(&e, 0, sizeof e);
    e.write = write;
    e.ud = ud;
    e.ok = 1;
    if (!yaml_emitter_initialize(&e.em))
        return dt__error_set(err, DT_ENOMEM,
                             "out of memory while writing YAML");
    yaml_emitter_set_output(&e.em, ye_out, &e);
    yaml_emitter_set_unicode(&e.em, 1);
    yaml_emitter_set_indent(&e.em, 2);
    yaml_emitter_set_width(&e.em, 72);
    yaml_emitter_set_break(&e.em, YAML_LN_BREAK);
    ye_emit(&e, &ev,
            yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING));
    ye_emit(&e, &ev,
            yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1));
    ye_node(&e, root);
    ye_emit(&e, &ev, yaml_document_end_event_initialize(&ev, 1));
    ye_emit(&e, &ev, yaml_stream_end_event_initialize(&ev));
    if (e.ok && !yaml_emitter_flush(&e.em))
        e.ok = 0;
    if (e.wst != DT_OK)
        rc = dt__error_set(err, e.wst, "cannot write the YAML scenario");
    else if (!e.ok && e.em.error == YAML_MEMORY_ERROR)
        rc = dt__error_set(err, DT_ENOMEM, "out of memory while writing YAML");
    else if (!e.ok)
        rc = dt__error_set(err, DT_EINVAL, "cannot write YAML: %s",
                           e.em.problem ? e.em.problem : "emitter error");
    yaml_emitter_delete(&e.em);
    return rc;
}

/* ---- JSON ---- */

static void js_string(dt__out *o, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    size_t i, run = 0;

    dt__out_putc(o, '"');
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[7] = {'\\', 'u', '0', '0', 0, 0, 0};

        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        dt__out_put(o, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"':
            dt__out_puts(o, "\\\"");
            break;
        case '\\':
            dt__out_puts(o, "\\\\");
            break;
        case '\n':
            dt__out_puts(o, "\\n");
            break;
        case '\t':
            dt__out_puts(o, "\\t");
            break;
        case '\r':
            dt__out_puts(o, "\\r");
            break;
        default:
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15u];
            dt__out_put(o, esc, 6);
            break;
        }
    }
    dt__out_put(o, s + run, len - run);
    dt__out_putc(o, '"');
}

static void js_node(dt__out *o, const json_t *n, size_t depth)
{
    char buf[DT__NUM_BUF];
    int flow = is_flow(n), first = 1;
    const char *key;
    json_t *v;
    size_t i;

    switch (json_typeof(n)) {
    case JSON_OBJECT:
    case JSON_ARRAY:
        dt__out_putc(o, json_is_object(n) ? '{' : '[');
        if (json_is_object(n)) {
            json_object_foreach((json_t *)n, key, v)
            {
                dt__out_puts(o, first ? "" : ",");
                if (flow) {
                    dt__out_puts(o, first ? "" : " ");
                } else {
                    dt__out_putc(o, '\n');
                    dt__out_pad(o, 2 * (depth + 1));
                }
                js_string(o, key, strlen(key));
                dt__out_puts(o, ": ");
                js_node(o, v, depth + 1);
                first = 0;
            }
        } else {
            json_array_foreach(n, i, v)
            {
                dt__out_puts(o, first ? "" : ",");
                if (flow) {
                    dt__out_puts(o, first ? "" : " ");
                } else {
                    dt__out_putc(o, '\n');
                    dt__out_pad(o, 2 * (depth + 1));
                }
                js_node(o, v, depth + 1);
                first = 0;
            }
        }
        if (!flow && !first) {
            dt__out_putc(o, '\n');
            dt__out_pad(o, 2 * depth);
        }
        dt__out_putc(o, json_is_object(n) ? '}' : ']');
        break;
    case JSON_STRING:
        js_string(o, json_string_value(n), json_string_length(n));
        break;
    case JSON_INTEGER:
    case JSON_REAL:
        dt__out_put(o, buf, dt__fmt_shortest(json_number_value(n), buf));
        break;
    case JSON_TRUE:
        dt__out_puts(o, "true");
        break;
    case JSON_FALSE:
        dt__out_puts(o, "false");
        break;
    default:
        dt__out_puts(o, "null");
        break;
    }
}

dt_status dt__tree_write_json(const json_t *root, const dt_allocator *alloc,
                              dt_write_fn write, void *ud, dt_error *err)
{
    dt__out o;
    dt_status rc;

    dt__out_init(&o, write, ud, alloc);
    js_node(&o, root, 0);
    dt__out_putc(&o, '\n');
    rc = dt__out_flush(&o);
    if (rc != DT_OK)
        return dt__error_set(err, rc, "cannot write the JSON scenario");
    return DT_OK;
}

/* ---- JSON text to YAML ---- */

/* Line and column (1-based) of the first character that is not space. */
static void first_char(const char *s, size_t len, unsigned *line, unsigned *col)
{
    size_t i;

    *line = *col = 1;
    for (i = 0; i < len &&
                (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r');
         i++) {
        if (s[i] == '\n') {
            ++*line;
            *col = 1;
        } else {
            ++*col;
        }
    }
}

dt_status dt_scenario_yaml_from_json(const char *json, size_t len,
                                     const char *name, dt_write_fn write,
                                     void *ud, dt_error *err)
{
    static const char *const kinds[] = {"an object", "a list",   "a string",
                                        "a number",  "a number", "true",
                                        "false",     "null"};
    json_error_t je;
    json_t *root;
    dt_status rc;

    if (!name)
        name = "JSON";
    root = json_loadb(json, len,
                      JSON_REJECT_DUPLICATES | JSON_DECODE_ANY |
                          JSON_DECODE_INT_AS_REAL,
                      &je);
    if (!root) {
        if (json_error_code(&je) == json_error_out_of_memory)
            return dt__error_set(err, DT_ENOMEM,
                                 "out of memory while reading JSON");
        return dt__error_at(
            err, DT_ESCENARIO, name, je.line > 0 ? (unsigned)je.line : 1,
            je.column > 0 ? (unsigned)je.column : 1, "not JSON: %s", je.text);
    }
    if (!json_is_object(root)) {
        unsigned line, col;

        first_char(json, len, &line, &col);
        rc = dt__error_at(err, DT_ESCENARIO, name, line, col,
                          "expected a JSON object at the top (a scenario), "
                          "got %s",
                          kinds[json_typeof(root)]);
        json_decref(root);
        return rc;
    }
    rc = dt__tree_write_yaml(root, write, ud, err);
    json_decref(root);
    return rc;
}
