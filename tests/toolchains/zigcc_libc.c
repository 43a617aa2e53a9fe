// wasi-args: 3 1.5 -2.25
// wasi-env: UNIT=cm
// wasi-stdin: banana\napple\ncherry\n
// C through `zig cc` (Zig's own wasi-libc): stdio on files, directories listed with opendir, getenv, strtod and
// printf of floats, qsort of stdin's lines, and exit with a status.
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int compare_strings(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv) {
    double total = 0;
    for (int i = 1; i < argc; i++) total += strtod(argv[i], NULL);
    printf("%d args, sum %.3f %s, sqrt-free mean %g\n", argc - 1, total, getenv("UNIT"), total / (argc - 1));

    if (mkdir("/scratch/c", 0755) != 0) perror("mkdir");
    FILE *file = fopen("/scratch/c/table.txt", "w");
    for (int i = 0; i < 50; i++) fprintf(file, "%2d %8.4f\n", i, i / 7.0);
    fclose(file);
    file = fopen("/scratch/c/table.txt", "r");
    char line[64];
    int lines = 0;
    while (fgets(line, sizeof line, file)) lines++;
    printf("table: %d lines, last %s", lines, line);
    fclose(file);

    const char *names[32];
    int count = 0;
    DIR *dir = opendir("/sandbox");
    struct dirent *entry;
    while ((entry = readdir(dir)) && count < 32) names[count++] = strdup(entry->d_name);
    closedir(dir);
    qsort(names, count, sizeof names[0], compare_strings);
    printf("sandbox:");
    for (int i = 0; i < count; i++) printf(" %s", names[i]);
    printf("\n");

    errno = 0;
    if (!fopen("/sandbox/missing", "r")) printf("missing: %s\n", strerror(errno));
    struct stat info;
    if (stat("/sandbox/hello.txt", &info) == 0) printf("hello.txt: %lld bytes\n", (long long)info.st_size);

    char *words[16];
    int word_count = 0;
    while (word_count < 16 && fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = 0;
        words[word_count++] = strdup(line);
    }
    qsort(words, word_count, sizeof words[0], compare_strings);
    for (int i = 0; i < word_count; i++) printf("sorted %d: %s\n", i, words[i]);
    fprintf(stderr, "done, exiting with 4\n");
    exit(4);
}
