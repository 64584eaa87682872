/*
 * Two scenarios compared input by input (dt_scenario_diff_new,
 * scenario.h): the numbers matched by parameter slot id, for a what-if
 * or a comparison view that shows what changed; and the format a
 * scenario file is read in, guessed as dt_scenario_load guesses it, for
 * front ends that read the bytes themselves (dt_scenario_format_guess, in
 * scenario.c beside dt_scenario_load, which uses it).
 */
#include <math.h>
#include <string.h>

#include "scenario/scenario_int.h"

struct dt_scenario_diff {
    const dt_allocator *alloc; /* a's allocator */
    size_t n;                  /* entries in changes */
    dt_slot_change *changes;   /* n entries */
    size_t changes_cap;        /* entries allocated */
    char *ids;                 /* the ids, one block */
    size_t ids_size;           /* bytes in ids */
};

/* Every slot id of sc into one block: offsets into *block. */
static dt_status slot_ids(const dt_scenario *sc, const dt_allocator *alloc,
                          char **block, size_t *size, size_t **offs,
                          dt_error *err)
{
    size_t n = dt_scenario_n_slots(sc), k, total = 0;
    int len;

    *block = NULL;
    *offs = NULL;
    *size = 0;
    for (k = 0; k < n; k++) {
        len = dt_scenario_slot_id(sc, k, NULL, 0);
        if (len < 0)
            return dt__error_set(err, DT_EINTERNAL, "slot %zu has no id", k);
        total += (size_t)len + 1;
    }
    *offs = dt__calloc(alloc, n ? n : 1, sizeof **offs);
    *block = dt__alloc(alloc, total ? total : 1);
    if (!*offs || !*block) {
        /* Freed here with their sizes: the caller knows neither yet. */
        dt__free(alloc, *offs, (n ? n : 1) * sizeof **offs);
        dt__free(alloc, *block, total ? total : 1);
        *offs = NULL;
        *block = NULL;
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    *size = total ? total : 1;
    total = 0;
    for (k = 0; k < n; k++) {
        len = dt_scenario_slot_id(sc, k, *block + total, *size - total);
        (*offs)[k] = total;
        total += (size_t)len + 1;
    }
    return DT_OK;
}

/* Whether two notes differ (NULL and "" are the same: no note). */
static int note_differs(const char *x, const char *y)
{
    if (!x)
        x = "";
    if (!y)
        y = "";
    return strcmp(x, y) != 0;
}

static int value_differs(const dt_value *x, const dt_value *y)
{
    /* Bit patterns aside, equal numbers are equal (NaN never occurs). */
    return x->v != y->v || note_differs(x->note, y->note);
}

dt_status dt_scenario_diff_new(const dt_scenario *a, const dt_scenario *b,
                               dt_scenario_diff **out, dt_error *err)
{
    const dt_allocator *alloc = dt_scenario_allocator(a);
    size_t na = dt_scenario_n_slots(a), nb = dt_scenario_n_slots(b);
    size_t *offa = NULL, *offb = NULL, i, j, n = 0, ida_size = 0, idb_size = 0;
    char *ida = NULL, *idb = NULL;
    unsigned char *matched = NULL;
    dt_scenario_diff *d = NULL;
    dt_status rc;

    *out = NULL;
    rc = slot_ids(a, alloc, &ida, &ida_size, &offa, err);
    if (rc == DT_OK)
        rc = slot_ids(b, alloc, &idb, &idb_size, &offb, err);
    if (rc != DT_OK)
        goto out;
    d = dt__calloc(alloc, 1, sizeof *d);
    matched = dt__calloc(alloc, nb ? nb : 1, 1);
    if (d) {
        d->alloc = alloc;
        d->changes_cap = na + nb ? na + nb : 1;
        d->changes = dt__calloc(alloc, d->changes_cap, sizeof *d->changes);
    }
    if (!d || !matched || !d->changes) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    /* a's slots in a's order: changed, or gone from b. */
    for (i = 0; i < na; i++) {
        dt_slot sa, sb;
        size_t hit = (size_t)-1;

        for (j = 0; j < nb; j++)
            if (!matched[j] && strcmp(ida + offa[i], idb + offb[j]) == 0) {
                hit = j;
                break;
            }
        dt_scenario_slot(a, i, &sa);
        if (hit != (size_t)-1) {
            matched[hit] = 1;
            dt_scenario_slot(b, hit, &sb);
            if (!value_differs(sa.value, sb.value))
                continue;
        }
        d->changes[n].slot_a = i;
        d->changes[n].slot_b = hit;
        d->changes[n].kind = sa.kind;
        d->changes[n].old_value = sa.value;
        d->changes[n].new_value = hit != (size_t)-1 ? sb.value : NULL;
        d->changes[n].id = ida + offa[i];
        n++;
    }
    /* Then b's slots that a does not have, in b's order. */
    for (j = 0; j < nb; j++) {
        dt_slot sb;

        if (matched[j])
            continue;
        dt_scenario_slot(b, j, &sb);
        d->changes[n].slot_a = (size_t)-1;
        d->changes[n].slot_b = j;
        d->changes[n].kind = sb.kind;
        d->changes[n].old_value = NULL;
        d->changes[n].new_value = sb.value;
        d->changes[n].id = idb + offb[j];
        n++;
    }
    d->n = n;
    /* The ids live in one block: a's, then b's. */
    d->ids = dt__alloc(alloc, ida_size + idb_size);
    if (!d->ids) {
        rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto out;
    }
    d->ids_size = ida_size + idb_size;
    memcpy(d->ids, ida, ida_size);
    memcpy(d->ids + ida_size, idb, idb_size);
    for (i = 0; i < n; i++) {
        dt_slot_change *c = &d->changes[i];

        if (c->slot_a != (size_t)-1)
            c->id = d->ids + (c->id - ida);
        else
            c->id = d->ids + ida_size + (c->id - idb);
    }
    *out = d;
    d = NULL;
out:
    dt_scenario_diff_free(d);
    dt__free(alloc, matched, nb ? nb : 1);
    dt__free(alloc, offa, (na ? na : 1) * sizeof *offa);
    dt__free(alloc, offb, (nb ? nb : 1) * sizeof *offb);
    dt__free(alloc, ida, ida_size);
    dt__free(alloc, idb, idb_size);
    return rc;
}

size_t dt_scenario_diff_n(const dt_scenario_diff *d)
{
    return d ? d->n : 0;
}

const dt_slot_change *dt_scenario_diff_get(const dt_scenario_diff *d, size_t i)
{
    return d && i < d->n ? &d->changes[i] : NULL;
}

void dt_scenario_diff_free(dt_scenario_diff *d)
{
    if (!d)
        return;
    dt__free(d->alloc, d->ids, d->ids_size);
    dt__free(d->alloc, d->changes, d->changes_cap * sizeof *d->changes);
    dt__free(d->alloc, d, sizeof *d);
}

const char *dt_scenario_format_name(dt_scenario_format fmt)
{
    switch (fmt) {
    case DT_FORMAT_YAML:
        return "yaml";
    case DT_FORMAT_CSV:
        return "csv";
    case DT_FORMAT_KTAB_CSV:
        return "ktab-csv";
    case DT_FORMAT_KTAB_XML:
        return "ktab-xml";
    case DT_FORMAT_TABLE_CSV:
        return "table-csv";
    }
    return "?";
}
