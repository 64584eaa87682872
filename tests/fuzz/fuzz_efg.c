/*
 * Fuzz harness: Gambit's .efg format (game/efg.c); a valid tree is also
 * solved (backward induction), written back as .efg, and that text must
 * read back.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dt_game *g = NULL, *g2 = NULL;
    dt_game_profile *p = NULL;
    dt_error err;
    char *text = NULL;
    size_t len = 0;
    FILE *f;

    if (dt_game_parse_efg((const char *)data, size, "fuzz.efg", NULL, &g,
                          &err) != DT_OK)
        return 0;
    if (dt_game_spe(g, &p, &err) == DT_OK)
        dt_game_profile_free(p);
    f = open_memstream(&text, &len);
    FUZZ_CHECK(f != NULL, "open_memstream");
    FUZZ_CHECK(dt_game_write_efg(g, f, &err) == DT_OK, err.msg);
    fclose(f);
    if (dt_game_parse_efg(text, len, "written.efg", NULL, &g2, &err) != DT_OK)
        fprintf(stderr, "fuzz: written .efg:\n%s\n", text);
    FUZZ_CHECK(g2 != NULL, err.msg);
    dt_game_free(g2);
    dt_game_free(g);
    free(text);
    return 0;
}
