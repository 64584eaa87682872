/*
 * Tests of the documents' terminal text for wrapped table columns
 * (dt_doc_wrap): pieces cut on spaces, long words cut, other columns
 * blank on the extra lines, trailing blanks dropped; expected bytes
 * worked out by hand in the comments.
 */
#include <stdlib.h>
#include <string.h>

#include "dt_test.h"

/* A growing string as a dt_write_fn target. */
struct buf {
    char s[1024];
    size_t n;
};

static dt_status put(void *ud, const void *p, size_t n)
{
    struct buf *b = ud;

    if (b->n + n >= sizeof b->s)
        return DT_EIO;
    memcpy(b->s + b->n, p, n);
    b->n += n;
    b->s[b->n] = '\0';
    return DT_OK;
}

/*
 * Labels padded to 4, cells after two spaces in 10-byte columns wrapped
 * at 10. "alpha beta gamma delta": byte 10 is a space, so the first
 * piece is "alpha beta"; "gamma delta" is 11 bytes, its byte 10 is 'a',
 * back to the space at 5: "gamma", then "delta". "abcdefghijklmno" has
 * no space: cut at 10, "abcdefghij" then "klmno". The second column's
 * "x y" fits, padded to 10 on the first line; blank after. Row 2 is one
 * line whose trailing blanks (the padding of "ok") go.
 */
static void test_doc_text__wrapped_columns(void **state)
{
    static const dt_doc_col col[3] = {{"", 4, 0}, {"  ", 10, 0}, {"  ", 10, 0}};
    static const unsigned wrap[3] = {0, 10, 10};
    static const char want[] = "one   alpha beta  x y\n"
                               "      gamma\n"
                               "      delta\n"
                               "two   abcdefghij  ok\n"
                               "      klmno\n";
    struct buf out = {{0}, 0};
    dt_doc *d = NULL;
    dt_error err;
    size_t t;

    (void)state;
    assert_int_equal(dt_doc_new(NULL, &d, &err), DT_OK);
    t = dt_doc_table(d, 2, 3, NULL);
    dt_doc_columns(d, t, col);
    dt_doc_wrap(d, t, wrap);
    dt_doc_cell(d, t, 0, 0, "one");
    dt_doc_cell(d, t, 0, 1, "alpha beta gamma delta");
    dt_doc_cell(d, t, 0, 2, "x y");
    dt_doc_cell(d, t, 1, 0, "two");
    dt_doc_cell(d, t, 1, 1, "abcdefghijklmno");
    dt_doc_cell(d, t, 1, 2, "ok");
    assert_int_equal(dt_doc_write(d, DT_DOC_TEXT, put, &out, &err), DT_OK);
    assert_string_equal(out.s, want);
    dt_doc_free(d);
}

/* An allocator that refuses every request for more than 256 KiB. */
static void *small_only(void *ud, void *p, size_t old_size, size_t new_size)
{
    (void)ud;
    (void)old_size;
    if (new_size == 0) {
        free(p);
        return NULL;
    }
    return new_size > (256u << 10) ? NULL : realloc(p, new_size);
}

/*
 * dt_doc_alloc: n bytes holding "" that the caller may fill; a refused
 * request marks the document failed, and later cells are not formatted
 * (a NULL string from the failed call is never read).
 */
static void test_doc_text__alloc(void **state)
{
    dt_allocator a = {small_only, NULL};
    dt_doc *d;
    dt_error err;
    char *p;
    size_t t;

    (void)state;
    assert_int_equal(dt_doc_new(&a, &d, &err), DT_OK);
    p = dt_doc_alloc(d, 6);
    assert_non_null(p);
    assert_string_equal(p, "");
    memcpy(p, "hello", 6);
    t = dt_doc_table(d, 1, 1, NULL);
    dt_doc_cell(d, t, 0, 0, "%s", p);
    assert_int_equal(dt_doc_status(d, &err), DT_OK);
    p = dt_doc_alloc(d, 1u << 20);
    assert_null(p);
    assert_int_equal(dt_doc_status(d, &err), DT_ENOMEM);
    assert_null(dt_doc_fmt(d, "%s", p));
    dt_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_doc_text__wrapped_columns),
        cmocka_unit_test(test_doc_text__alloc),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
