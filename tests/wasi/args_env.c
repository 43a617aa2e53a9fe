// wasi-args: one "two words" "" 'quote"s' ünïcødé
// wasi-env: ALPHA=1 BETA=two=2 EMPTY= GAMMA="spaced value"
// Arguments and environment, through libc and through the raw size functions.
#include "wasi_test.h"

extern char **environ;

int main(int argc, char **argv) {
    printf("argc %d\n", argc);
    printf("argv[0] is set: %s\n", argv[0] && argv[0][0] ? "yes" : "no");
    for (int i = 1; i < argc; i++) printf("argv[%d] = [%s] (%zu bytes)\n", i, argv[i], strlen(argv[i]));
    printf("argv[argc] is NULL: %s\n", argv[argc] == NULL ? "yes" : "no");

    __wasi_size_t count, size;
    CHECK("args_sizes_get", __wasi_args_sizes_get(&count, &size));
    size_t expected = 0;
    for (int i = 0; i < argc; i++) expected += strlen(argv[i]) + 1;
    printf("args count %lu, size matches: %s\n", (unsigned long)count, size == expected ? "yes" : "no");

    int entries = 0;
    for (char **e = environ; *e; e++) printf("environ[%d] = [%s]\n", entries++, *e);
    CHECK("environ_sizes_get", __wasi_environ_sizes_get(&count, &size));
    expected = 0;
    for (char **e = environ; *e; e++) expected += strlen(*e) + 1;
    printf("environ count %lu, size matches: %s\n", (unsigned long)count, size == expected ? "yes" : "no");

    const char *names[] = {"ALPHA", "BETA", "EMPTY", "GAMMA", "MISSING"};
    for (int i = 0; i < 5; i++) {
        const char *value = getenv(names[i]);
        printf("getenv(%s) = %s%s%s\n", names[i], value ? "[" : "", value ? value : "NULL", value ? "]" : "");
    }
    return 0;
}
