/*
 * A main() for the fuzz harnesses when they are not built with
 * libFuzzer (gcc, the sanitizer build): runs LLVMFuzzerTestOneInput once
 * on each file named, or on every file in each directory named (sorted,
 * not recursive), so the corpus replays under any compiler. Prints the
 * count; a finding aborts, as under libFuzzer.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    size_t len = 0, cap = 0, n;

    if (!f) {
        perror(path);
        return -1;
    }
    for (;;) {
        if (len == cap) {
            unsigned char *p;

            cap = cap ? cap * 2 : 65536;
            p = realloc(buf, cap);
            if (!p) {
                fclose(f);
                free(buf);
                return -1;
            }
            buf = p;
        }
        n = fread(buf + len, 1, cap - len, f);
        if (n == 0)
            break;
        len += n;
    }
    fclose(f);
    /* A copy of exactly len bytes, so ASan sees reads past the end. */
    {
        unsigned char *exact = malloc(len ? len : 1);

        if (!exact) {
            free(buf);
            return -1;
        }
        if (len)
            memcpy(exact, buf, len);
        free(buf);
        LLVMFuzzerTestOneInput(exact, len);
        free(exact);
    }
    return 0;
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    size_t done = 0;
    int i, bad = 0;

    for (i = 1; i < argc; i++) {
        struct stat st;

        if (stat(argv[i], &st) != 0) {
            perror(argv[i]);
            return 1;
        }
        if (S_ISDIR(st.st_mode)) {
            DIR *d = opendir(argv[i]);
            struct dirent *e;
            char **names = NULL;
            size_t n = 0, k;

            if (!d) {
                perror(argv[i]);
                return 1;
            }
            while ((e = readdir(d)) != NULL) {
                char **p;

                if (e->d_name[0] == '.')
                    continue;
                p = realloc(names, (n + 1) * sizeof *names);
                if (!p)
                    return 1;
                names = p;
                names[n] = malloc(strlen(argv[i]) + strlen(e->d_name) + 2);
                if (!names[n])
                    return 1;
                snprintf(names[n], strlen(argv[i]) + strlen(e->d_name) + 2,
                         "%s/%s", argv[i], e->d_name);
                n++;
            }
            closedir(d);
            if (n)
                qsort(names, n, sizeof *names, cmp);
            for (k = 0; k < n; k++) {
                if (run_file(names[k]) != 0)
                    bad = 1;
                else
                    done++;
                free(names[k]);
            }
            free(names);
        } else if (run_file(argv[i]) != 0) {
            bad = 1;
        } else {
            done++;
        }
    }
    printf("%s: %zu inputs replayed\n", argv[0], done);
    return bad;
}
