/*
 * Gambit's .efg text format (version 2, "EFG 2 R"): a tokenizer and
 * parser written for detente (perfect-information games only, every
 * error with file:line:col) and the writer; and a solved profile on one
 * line as Gambit prints it. Format: Gambit's manual, "The extensive game
 * (.efg) file format".
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "game_int.h"

enum tok_kind { TK_EOF, TK_STR, TK_NUM, TK_WORD, TK_LBRACE, TK_RBRACE };

typedef struct tok {
    enum tok_kind kind;
    const char *s; /* start in the buffer */
    size_t n;      /* length in the buffer */
    unsigned line, col;
} tok;

typedef struct lexer {
    const char *p, *end;
    unsigned line, col;
    const char *name;
    dt_error *err;
    char *sbuf; /* unescaped string of the last TK_STR */
    size_t scap;
    const dt_allocator *alloc;
} lexer;

/* (key -> value) open-addressing hash for (player, infoset) and outcomes. */
typedef struct hmap {
    uint64_t *key; /* 0 = empty */
    size_t *val;
    size_t cap, n;
    const dt_allocator *alloc;
} hmap;

static uint64_t mix(uint64_t x)
{
    /* splitmix64's finaliser: spreads consecutive keys over the table. */
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9u;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebu;
    return x ^ (x >> 31);
}

static size_t *hmap_find(const hmap *h, uint64_t k)
{
    size_t i;

    if (!h->cap)
        return NULL;
    for (i = mix(k) & (h->cap - 1); h->key[i]; i = (i + 1) & (h->cap - 1))
        if (h->key[i] == k)
            return h->val + i;
    return NULL;
}

static int hmap_put(hmap *h, uint64_t k, size_t v)
{
    size_t i;

    if (2 * (h->n + 1) > h->cap) {
        hmap nh = {NULL, NULL, h->cap ? 2 * h->cap : 1024, 0, h->alloc};

        nh.key = dt__calloc(h->alloc, nh.cap, sizeof *nh.key);
        nh.val = dt__calloc(h->alloc, nh.cap, sizeof *nh.val);
        if (!nh.key || !nh.val) {
            dt__free(h->alloc, nh.key, nh.cap * sizeof *nh.key);
            dt__free(h->alloc, nh.val, nh.cap * sizeof *nh.val);
            return 0;
        }
        for (i = 0; i < h->cap; i++)
            if (h->key[i]) {
                size_t j = mix(h->key[i]) & (nh.cap - 1);

                while (nh.key[j])
                    j = (j + 1) & (nh.cap - 1);
                nh.key[j] = h->key[i];
                nh.val[j] = h->val[i];
            }
        dt__free(h->alloc, h->key, h->cap * sizeof *h->key);
        dt__free(h->alloc, h->val, h->cap * sizeof *h->val);
        nh.n = h->n;
        *h = nh;
    }
    for (i = mix(k) & (h->cap - 1); h->key[i]; i = (i + 1) & (h->cap - 1))
        ;
    h->key[i] = k;
    h->val[i] = v;
    h->n++;
    return 1;
}

static void hmap_free(hmap *h)
{
    dt__free(h->alloc, h->key, h->cap * sizeof *h->key);
    dt__free(h->alloc, h->val, h->cap * sizeof *h->val);
}

static dt_status lex_err(lexer *lx, unsigned line, unsigned col,
                         const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static dt_status lex_err(lexer *lx, unsigned line, unsigned col,
                         const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    dt__error_vat(lx->err, DT_ESCENARIO, lx->name, line, col, fmt, ap);
    va_end(ap);
    return DT_ESCENARIO;
}

static void adv(lexer *lx)
{
    if (*lx->p == '\n') {
        lx->line++;
        lx->col = 1;
    } else {
        lx->col++;
    }
    lx->p++;
}

static int is_numch(char c)
{
    return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' ||
           c == '/' || c == 'e' || c == 'E';
}

static int is_wordch(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

/*
 * Next token. Strings are double-quoted with \" and \\ escapes (Gambit
 * writes those two); commas between numbers are separators, as Gambit
 * writes payoffs "{ 1, 2 }".
 */
static dt_status next(lexer *lx, tok *t)
{
    for (;;) {
        while (lx->p < lx->end &&
               (*lx->p == ' ' || *lx->p == '\t' || *lx->p == '\n' ||
                *lx->p == '\r' || *lx->p == ','))
            adv(lx);
        if (lx->p + 1 < lx->end && lx->p[0] == '/' && lx->p[1] == '/') {
            while (lx->p < lx->end && *lx->p != '\n')
                adv(lx);
            continue;
        }
        break;
    }
    t->line = lx->line;
    t->col = lx->col;
    t->s = lx->p;
    if (lx->p >= lx->end) {
        t->kind = TK_EOF;
        t->n = 0;
        return DT_OK;
    }
    if (*lx->p == '{' || *lx->p == '}') {
        t->kind = *lx->p == '{' ? TK_LBRACE : TK_RBRACE;
        t->n = 1;
        adv(lx);
        return DT_OK;
    }
    if (*lx->p == '"') {
        size_t n = 0;

        adv(lx);
        for (;;) {
            char c;

            if (lx->p >= lx->end)
                return lex_err(lx, t->line, t->col, "unterminated string");
            c = *lx->p;
            if (c == '"') {
                adv(lx);
                break;
            }
            if (c == '\\' && lx->p + 1 < lx->end &&
                (lx->p[1] == '"' || lx->p[1] == '\\')) {
                adv(lx);
                c = *lx->p;
            }
            if (n + 1 >= lx->scap) {
                size_t nc = lx->scap ? 2 * lx->scap : 256;
                char *q = dt__realloc(lx->alloc, lx->sbuf, lx->scap, nc);

                if (!q)
                    return dt__error_set(lx->err, DT_ENOMEM, "out of memory");
                lx->sbuf = q;
                lx->scap = nc;
            }
            lx->sbuf[n++] = c;
            adv(lx);
        }
        if (!lx->sbuf) {
            lx->sbuf = dt__alloc(lx->alloc, 256);
            if (!lx->sbuf)
                return dt__error_set(lx->err, DT_ENOMEM, "out of memory");
            lx->scap = 256;
        }
        lx->sbuf[n] = '\0';
        t->kind = TK_STR;
        t->n = (size_t)(lx->p - t->s);
        return DT_OK;
    }
    if (is_numch(*lx->p) && *lx->p != 'e' && *lx->p != 'E') {
        while (lx->p < lx->end && is_numch(*lx->p))
            adv(lx);
        t->kind = TK_NUM;
        t->n = (size_t)(lx->p - t->s);
        return DT_OK;
    }
    if (is_wordch(*lx->p)) {
        while (lx->p < lx->end && is_wordch(*lx->p))
            adv(lx);
        t->kind = TK_WORD;
        t->n = (size_t)(lx->p - t->s);
        return DT_OK;
    }
    return lex_err(lx, t->line, t->col, "unexpected character '%c'",
                   *lx->p >= ' ' && *lx->p < 127 ? *lx->p : '?');
}

/* A decimal or integer number in C syntax, the whole of [s, s+n). */
static int parse_dec(const char *s, size_t n, double *out)
{
    char buf[64];
    size_t i;
    int digits = 0;

    if (n == 0 || n >= sizeof buf)
        return 0;
    /* Fast path for plain integers, the common case in large files. */
    for (i = (s[0] == '-' || s[0] == '+'); i < n && s[i] >= '0' && s[i] <= '9';
         i++)
        digits++;
    if (i == n && digits > 0 && digits < 16) {
        double v = 0.0;

        for (i = (s[0] == '-' || s[0] == '+'); i < n; i++)
            v = 10.0 * v + (s[i] - '0');
        *out = s[0] == '-' ? -v : v;
        return 1;
    }
    memcpy(buf, s, n);
    buf[n] = '\0';
    return dt__parse_double(buf, out) && isfinite(*out);
}

/* A number: decimal, or a rational "p/q" (q != 0). */
static dt_status num_value(lexer *lx, const tok *t, double *out)
{
    const char *slash = memchr(t->s, '/', t->n);
    double a, b;

    if (t->kind != TK_NUM)
        return lex_err(lx, t->line, t->col, "expected a number, found %s",
                       t->kind == TK_EOF ? "the end of the file" : "'...'");
    if (!slash) {
        if (!parse_dec(t->s, t->n, out))
            return lex_err(lx, t->line, t->col, "malformed number '%.*s'",
                           (int)(t->n > 40 ? 40 : t->n), t->s);
        return DT_OK;
    }
    if (!parse_dec(t->s, (size_t)(slash - t->s), &a) ||
        !parse_dec(slash + 1, t->n - (size_t)(slash - t->s) - 1, &b) ||
        b == 0.0)
        return lex_err(lx, t->line, t->col, "malformed rational '%.*s'",
                       (int)(t->n > 40 ? 40 : t->n), t->s);
    *out = a / b;
    return DT_OK;
}

/* A non-negative integer token. */
static dt_status uint_value(lexer *lx, const tok *t, const char *what,
                            uint64_t *out)
{
    size_t i;
    uint64_t v = 0;

    if (t->kind != TK_NUM || t->n == 0 || t->n > 12)
        goto bad;
    for (i = 0; i < t->n; i++) {
        if (t->s[i] < '0' || t->s[i] > '9')
            goto bad;
        v = 10 * v + (uint64_t)(t->s[i] - '0');
    }
    *out = v;
    return DT_OK;
bad:
    return lex_err(lx, t->line, t->col, "expected %s (a whole number)", what);
}

static const char *tok_desc(const tok *t)
{
    switch (t->kind) {
    case TK_EOF:
        return "the end of the file";
    case TK_STR:
        return "a string";
    case TK_NUM:
        return "a number";
    case TK_WORD:
        return "a word";
    case TK_LBRACE:
        return "'{'";
    case TK_RBRACE:
        return "'}'";
    }
    return "?";
}

static dt_status expect(lexer *lx, tok *t, enum tok_kind k, const char *what)
{
    dt_status st = next(lx, t);

    if (st != DT_OK)
        return st;
    if (t->kind != k)
        return lex_err(lx, t->line, t->col, "expected %s, found %s", what,
                       tok_desc(t));
    return DT_OK;
}

typedef struct parser {
    lexer lx;
    dt_game *g;
    hmap isets;    /* (player << 40 | infoset) -> line of the node */
    hmap outcomes; /* file outcome number -> internal outcome */
    double *pay;   /* [n_players] scratch */
    double *probs; /* chance probabilities of the current node */
    char **names;  /* action labels of the current node (arena copies) */
    size_t acap;   /* entries allocated in names */
    size_t pcap;   /* entries allocated in probs */
} parser;

static char *keep(parser *ps, const char *s)
{
    dt__game_priv *pv = ps->g->priv;

    return s[0] ? dt__arena_strdup(&pv->ar, s) : pv->empty;
}

/* "{ "a" "b" ... }" (chance: "{ "a" p "b" q ... }"); returns the count. */
static dt_status parse_actions(parser *ps, int chance, const tok *at,
                               size_t *n_out)
{
    lexer *lx = &ps->lx;
    tok t, first = {TK_EOF, NULL, 0, 0, 0};
    size_t n = 0, k;
    double sum = 0.0;
    dt_status st;

    if ((st = expect(lx, &t, TK_LBRACE, "'{' before the actions")) != DT_OK)
        return st;
    for (;;) {
        if ((st = next(lx, &t)) != DT_OK)
            return st;
        if (t.kind == TK_RBRACE)
            break;
        if (t.kind != TK_STR)
            return lex_err(lx, t.line, t.col,
                           "expected an action label or '}', found %s",
                           tok_desc(&t));
        if (n == ps->acap) {
            size_t c = ps->acap ? 2 * ps->acap : 16;
            const dt_allocator *a = lx->alloc;
            void *q1 = dt__realloc(a, ps->probs, ps->acap * sizeof *ps->probs,
                                   c * sizeof *ps->probs);

            if (!q1)
                return dt__error_set(lx->err, DT_ENOMEM, "out of memory");
            ps->probs = q1;
            ps->pcap = c; /* freed with its own size if the next fails */
            q1 = dt__realloc(a, ps->names, ps->acap * sizeof *ps->names,
                             c * sizeof *ps->names);
            if (!q1)
                return dt__error_set(lx->err, DT_ENOMEM, "out of memory");
            ps->names = q1;
            ps->acap = c;
        }
        ps->names[n] = keep(ps, lx->sbuf);
        if (!ps->names[n])
            return dt__error_set(lx->err, DT_ENOMEM, "out of memory");
        if (chance) {
            if ((st = next(lx, &t)) != DT_OK ||
                (st = num_value(lx, &t, &ps->probs[n])) != DT_OK)
                return st;
            if (n == 0)
                first = t;
            if (ps->probs[n] < 0.0)
                return lex_err(lx, t.line, t.col, "negative probability %g",
                               ps->probs[n]);
            sum += ps->probs[n];
        }
        n++;
    }
    if (n == 0)
        return lex_err(lx, at->line, at->col, "a node with no actions");
    if (chance && fabs(sum - 1.0) > 1e-9)
        return lex_err(lx, first.line, first.col,
                       "chance probabilities sum to %.17g, not 1", sum);
    for (k = 0; k < n && !chance; k++)
        ps->probs[k] = 0.0;
    *n_out = n;
    return DT_OK;
}

/* "outcome [\"name\" { payoffs }]" after a node; t is the next token. */
static dt_status parse_outcome(parser *ps, tok *t, size_t node)
{
    lexer *lx = &ps->lx;
    dt_game *g = ps->g;
    size_t np = g->n_players, k, *known, idx;
    uint64_t num = 0;
    char *oname;
    tok lb;
    dt_status st;

    if ((st = uint_value(lx, t, "an outcome number", &num)) != DT_OK)
        return st;
    if ((st = next(lx, t)) != DT_OK)
        return st;
    if (num == 0)
        return DT_OK;
    known = hmap_find(&ps->outcomes, num);
    if (t->kind != TK_STR) {
        if (!known)
            return lex_err(lx, t->line, t->col,
                           "outcome %llu is new: its name and payoffs "
                           "must follow",
                           (unsigned long long)num);
        g->outcome[node] = *known;
        return DT_OK;
    }
    oname = keep(ps, lx->sbuf);
    if (!oname)
        return dt__error_set(lx->err, DT_ENOMEM, "out of memory");
    if ((st = expect(lx, &lb, TK_LBRACE, "'{' before the payoffs")) != DT_OK)
        return st;
    for (k = 0;; k++) {
        if ((st = next(lx, t)) != DT_OK)
            return st;
        if (t->kind == TK_RBRACE)
            break;
        if (k == np)
            return lex_err(lx, t->line, t->col,
                           "too many payoffs: the game has %zu player%s", np,
                           np == 1 ? "" : "s");
        if ((st = num_value(lx, t, &ps->pay[k])) != DT_OK)
            return st;
    }
    if (k < np)
        return lex_err(lx, t->line, t->col,
                       "missing payoff: %zu given, the game has %zu players", k,
                       np);
    if (known) {
        g->outcome[node] = *known;
    } else {
        if ((st = dt__game_add_outcome(g, ps->pay, NULL, &idx, lx->err)) !=
            DT_OK)
            return st;
        g->outcome_name[idx - 1] = oname;
        if (!hmap_put(&ps->outcomes, num, idx))
            return dt__error_set(lx->err, DT_ENOMEM, "out of memory");
        g->outcome[node] = idx;
    }
    return next(lx, t);
}

/* One node line; t holds its first token ("p", "c" or "t"). */
static dt_status parse_node(parser *ps, tok *t)
{
    lexer *lx = &ps->lx;
    dt_game *g = ps->g;
    tok at = *t, nt;
    char kind = t->s[0];
    char *nname, *iname = NULL;
    uint64_t player = 0, iset = 0;
    size_t n_act = 0, node, k, *seen;
    dt_status st;

    if (t->kind != TK_WORD || t->n != 1 ||
        (kind != 'p' && kind != 'c' && kind != 't'))
        return lex_err(lx, t->line, t->col,
                       "expected a node ('p', 'c' or 't'), found %s",
                       tok_desc(t));
    if (dt__game_complete(g))
        return lex_err(lx, t->line, t->col,
                       "trailing content after the end of the tree");
    if ((st = expect(lx, &nt, TK_STR, "the node's label")) != DT_OK)
        return st;
    nname = keep(ps, lx->sbuf);
    if (!nname)
        return dt__error_set(lx->err, DT_ENOMEM, "out of memory");
    if (kind == 'p') {
        if ((st = next(lx, &nt)) != DT_OK ||
            (st = uint_value(lx, &nt, "a player number", &player)) != DT_OK)
            return st;
        if (player < 1 || player > g->n_players)
            return lex_err(lx, nt.line, nt.col,
                           "unknown player %llu (the game has %zu)",
                           (unsigned long long)player, g->n_players);
    }
    if (kind != 't') {
        if ((st = next(lx, &nt)) != DT_OK ||
            (st = uint_value(lx, &nt, "an information set number", &iset)) !=
                DT_OK)
            return st;
        if (iset == 0 || iset >= ((uint64_t)1 << 40))
            return lex_err(lx, nt.line, nt.col,
                           "information set numbers start at 1");
        seen = hmap_find(&ps->isets, player << 40 | iset);
        if (seen)
            return lex_err(lx, nt.line, nt.col,
                           "information set %llu of %s also holds the node "
                           "of line %zu: the game is not of perfect "
                           "information",
                           (unsigned long long)iset,
                           player ? g->player_name[player - 1] : "chance",
                           *seen);
        if (!hmap_put(&ps->isets, player << 40 | iset, nt.line))
            return dt__error_set(lx->err, DT_ENOMEM, "out of memory");
        if ((st = expect(lx, &nt, TK_STR, "the information set's label")) !=
            DT_OK)
            return st;
        iname = keep(ps, lx->sbuf);
        if (!iname)
            return dt__error_set(lx->err, DT_ENOMEM, "out of memory");
        if ((st = parse_actions(ps, kind == 'c', &at, &n_act)) != DT_OK)
            return st;
    }
    st = dt__game_add(g,
                      kind == 'p'   ? DT_GAME_DECISION
                      : kind == 'c' ? DT_GAME_CHANCE
                                    : DT_GAME_TERMINAL,
                      (unsigned)player, n_act, &node, lx->err);
    if (st != DT_OK)
        return st;
    g->node_name[node] = nname;
    if (iname)
        g->iset_name[node] = iname;
    for (k = 0; k < n_act; k++) {
        g->act_name[g->act_off[node] + k] = ps->names[k];
        g->prob[g->act_off[node] + k] = ps->probs[k];
    }
    if ((st = next(lx, t)) != DT_OK)
        return st;
    if (kind == 't' && t->kind != TK_NUM)
        return lex_err(lx, t->line, t->col,
                       "missing payoff: a terminal node needs an outcome");
    return parse_outcome(ps, t, node);
}

dt_status dt_game_parse_efg(const char *buf, size_t len, const char *name,
                            const dt_allocator *alloc, dt_game **out,
                            dt_error *err)
{
    parser ps;
    lexer *lx = &ps.lx;
    tok t;
    size_t np = 0, pcap = 0;
    char **pn = NULL;
    char *title = NULL;
    dt_status st;

    *out = NULL;
    memset(&ps, 0, sizeof ps);
    lx->p = buf;
    lx->end = buf + len;
    lx->line = lx->col = 1;
    lx->name = name;
    lx->err = err;
    lx->alloc = alloc;
    ps.isets.alloc = ps.outcomes.alloc = alloc;
    /* Header: EFG 2 R "title" { "Player 1" ... } ["comment"] */
    if ((st = expect(lx, &t, TK_WORD, "'EFG'")) != DT_OK)
        goto out;
    if (t.n != 3 || memcmp(t.s, "EFG", 3) != 0) {
        st = lex_err(lx, t.line, t.col, "expected 'EFG' to start the file");
        goto out;
    }
    if ((st = expect(lx, &t, TK_NUM, "the version 2")) != DT_OK)
        goto out;
    if (t.n != 1 || t.s[0] != '2') {
        st = lex_err(lx, t.line, t.col, "only version 2 of .efg is read");
        goto out;
    }
    if ((st = expect(lx, &t, TK_WORD, "'R' or 'D'")) != DT_OK)
        goto out;
    if (t.n != 1 || (t.s[0] != 'R' && t.s[0] != 'D')) {
        st = lex_err(lx, t.line, t.col, "expected 'R' or 'D'");
        goto out;
    }
    if ((st = expect(lx, &t, TK_STR, "the title")) != DT_OK)
        goto out;
    title = dt__alloc(alloc, strlen(lx->sbuf) + 1);
    if (!title)
        goto nomem;
    memcpy(title, lx->sbuf, strlen(lx->sbuf) + 1);
    if ((st = expect(lx, &t, TK_LBRACE, "'{' before the players")) != DT_OK)
        goto out;
    for (;;) {
        if ((st = next(lx, &t)) != DT_OK)
            goto out;
        if (t.kind == TK_RBRACE)
            break;
        if (t.kind != TK_STR) {
            st = lex_err(lx, t.line, t.col,
                         "expected a player name or '}', found %s",
                         tok_desc(&t));
            goto out;
        }
        if (np == pcap) {
            size_t c = pcap ? 2 * pcap : 8;
            char **q =
                dt__realloc(alloc, pn, pcap * sizeof *pn, c * sizeof *pn);

            if (!q)
                goto nomem;
            pn = q;
            pcap = c;
        }
        pn[np] = dt__alloc(alloc, strlen(lx->sbuf) + 1);
        if (!pn[np])
            goto nomem;
        memcpy(pn[np], lx->sbuf, strlen(lx->sbuf) + 1);
        np++;
    }
    if (np == 0) {
        st = lex_err(lx, t.line, t.col, "a game needs at least one player");
        goto out;
    }
    if ((st = dt_game_new(np, alloc, &ps.g, err)) != DT_OK)
        goto out;
    {
        dt__game_priv *pv = ps.g->priv;
        size_t p;

        for (p = 0; p < np; p++)
            if (!(ps.g->player_name[p] = dt__arena_strdup(&pv->ar, pn[p])))
                goto nomem;
        if (!(ps.g->title = dt__arena_strdup(&pv->ar, title)))
            goto nomem;
    }
    ps.pay = dt__calloc(alloc, np, sizeof *ps.pay);
    if (!ps.pay)
        goto nomem;
    if ((st = next(lx, &t)) != DT_OK)
        goto out;
    if (t.kind == TK_STR) {
        if (!(ps.g->comment = keep(&ps, lx->sbuf)))
            goto nomem;
        if ((st = next(lx, &t)) != DT_OK)
            goto out;
    }
    while (t.kind != TK_EOF) {
        if ((st = parse_node(&ps, &t)) != DT_OK)
            goto out;
    }
    if (!dt__game_complete(ps.g)) {
        st = lex_err(lx, t.line, t.col,
                     ps.g->n_nodes ? "the file ends before the tree is "
                                     "complete"
                                   : "the file has no nodes");
        goto out;
    }
    st = dt_game_finish(ps.g, err);
    goto out;
nomem:
    st = dt__error_set(err, DT_ENOMEM, "out of memory reading a game");
out:
    if (st == DT_OK)
        *out = ps.g;
    else
        dt_game_free(ps.g);
    dt__free(alloc, ps.pay, np * sizeof *ps.pay); /* np entries when set */
    while (np-- > 0)
        dt__free(alloc, pn[np], strlen(pn[np]) + 1);
    dt__free(alloc, pn, pcap * sizeof *pn);
    if (title)
        dt__free(alloc, title, strlen(title) + 1);
    dt__free(alloc, ps.probs, ps.pcap * sizeof *ps.probs);
    dt__free(alloc, ps.names, ps.acap * sizeof *ps.names);
    dt__free(alloc, lx->sbuf, lx->scap);
    hmap_free(&ps.isets);
    hmap_free(&ps.outcomes);
    return st;
}

dt_status dt_game_load_efg(const char *path, const dt_allocator *alloc,
                           dt_game **out, dt_error *err)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0, cap = 0, got;
    dt_status st;

    *out = NULL;
    if (!f)
        return dt__error_at(err, DT_EIO, path, 0, 0, "cannot open: %s",
                            strerror(errno));
    do {
        if (cap - len < 65536) {
            size_t c = cap ? 2 * cap : 1 << 20;
            char *q;

            /* Room for one byte past the cap, to tell a file at the cap
             * from a larger one (or an endless one: /dev/zero, a pipe). */
            if (c > (size_t)DT_GAME_MAX_BYTES + 65536)
                c = (size_t)DT_GAME_MAX_BYTES + 65536;
            q = dt__realloc(alloc, buf, cap, c);

            if (!q) {
                st = dt__error_set(err, DT_ENOMEM, "out of memory");
                goto out;
            }
            buf = q;
            cap = c;
        }
        got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (len > (size_t)DT_GAME_MAX_BYTES) {
            st = dt__error_at(err, DT_ESCENARIO, path, 0, 0,
                              "file is larger than %lu bytes",
                              (unsigned long)DT_GAME_MAX_BYTES);
            goto out;
        }
    } while (got > 0);
    if (ferror(f)) {
        st = dt__error_at(err, DT_EIO, path, 0, 0, "cannot read");
        goto out;
    }
    st = dt_game_parse_efg(buf, len, path, alloc, out, err);
out:
    fclose(f);
    dt__free(alloc, buf, cap);
    return st;
}

/* A quoted label, escaping '"' and '\\'. */
static void put_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

dt_status dt_game_write_efg(const dt_game *g, FILE *f, dt_error *err)
{
    size_t np = g->n_players, p, i, s, *iset = NULL;
    const dt_allocator *a = ((const dt__game_priv *)g->priv)->alloc;
    unsigned char *done = NULL;

    /* Per-player infoset counters (index 0 = chance). */
    iset = dt__calloc(a, np + 1, sizeof *iset);
    done = dt__calloc(a, g->n_outcomes + 1, 1);
    if (!iset || !done) {
        dt__free(a, iset, (np + 1) * sizeof *iset);
        dt__free(a, done, g->n_outcomes + 1);
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    fputs("EFG 2 R ", f);
    put_str(f, g->title);
    fputs(" {", f);
    for (p = 0; p < np; p++) {
        fputc(' ', f);
        put_str(f, g->player_name[p]);
    }
    fputs(" }\n", f);
    put_str(f, g->comment);
    fputs("\n\n", f);
    for (i = 0; i < g->n_nodes; i++) {
        size_t o = g->outcome[i];

        fputs(g->kind[i] == DT_GAME_DECISION ? "p "
              : g->kind[i] == DT_GAME_CHANCE ? "c "
                                             : "t ",
              f);
        put_str(f, g->node_name[i]);
        if (g->kind[i] != DT_GAME_TERMINAL) {
            if (g->kind[i] == DT_GAME_DECISION)
                fprintf(f, " %u", g->player[i]);
            fprintf(f, " %zu ", ++iset[g->player[i]]);
            put_str(f, g->iset_name[i]);
            fputs(" {", f);
            for (s = g->act_off[i]; s < g->act_off[i + 1]; s++) {
                fputc(' ', f);
                put_str(f, g->act_name[s]);
                if (g->kind[i] == DT_GAME_CHANCE)
                    fprintf(f, " %.17g", g->prob[s]);
            }
            fputs(" }", f);
        }
        fprintf(f, " %zu", o);
        if (o && !done[o]) {
            done[o] = 1;
            fputc(' ', f);
            put_str(f, g->outcome_name[o - 1]);
            fputs(" {", f);
            for (p = 0; p < np; p++)
                fprintf(f, "%s %.17g", p ? "," : "",
                        g->payoff[(o - 1) * np + p]);
            fputs(" }", f);
        }
        fputc('\n', f);
    }
    dt__free(a, iset, (np + 1) * sizeof *iset);
    dt__free(a, done, g->n_outcomes + 1);
    if (ferror(f))
        return dt__error_set(err, DT_EIO, "cannot write the game");
    return DT_OK;
}

dt_status dt_game_write_profile(const dt_game *g, const dt_game_profile *pr,
                                dt_write_fn write, void *ud, dt_error *err)
{
    const dt_allocator *a = ((const dt__game_priv *)g->priv)->alloc;
    size_t p, i, s;
    int first = 1;
    dt__out o;

    dt__out_init(&o, write, ud, a);
    /* Gambit's order: players, their information sets, their actions. */
    for (p = 1; p <= g->n_players && o.st == DT_OK; p++)
        for (i = 0; i < g->n_nodes; i++) {
            if (g->kind[i] != DT_GAME_DECISION || g->player[i] != p)
                continue;
            for (s = g->act_off[i]; s < g->act_off[i + 1]; s++) {
                if (!first)
                    dt__out_putc(&o, ',');
                if (pr->lambda)
                    dt__out_printf(&o, "%.17g", pr->behav[s]);
                else
                    dt__out_putc(&o, pr->behav[s] > 0.5 ? '1' : '0');
                first = 0;
            }
        }
    dt__out_putc(&o, '\n');
    if (dt__out_flush(&o) != DT_OK)
        return dt__error_set(err, o.st, "cannot write the profile");
    return DT_OK;
}
