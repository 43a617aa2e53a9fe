// Directories: create, remove, list with opendir/readdir, rewind after changes, and the errors.
#include "wasi_test.h"

static int compare(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static const char *type_name(int type) {
    switch (type) {
    case DT_REG: return "file";
    case DT_DIR: return "dir";
    case DT_LNK: return "symlink";
    default: return "other";
    }
}

// Prints the entries of a directory sorted by name (hosts list them in any order), with their types.
static void list(const char *path) {
    DIR *dir = opendir(path);
    if (!dir) {
        printf("opendir %s: %s\n", path, errno_name(errno));
        return;
    }
    char *names[64];
    int count = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) && count < 64) {
        char *line = malloc(300);
        snprintf(line, 300, "%s (%s)", entry->d_name, type_name(entry->d_type));
        names[count++] = line;
    }
    closedir(dir);
    qsort(names, count, sizeof names[0], compare);
    printf("%s:", path);
    for (int i = 0; i < count; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

int main(void) {
    list("/sandbox");
    list("/sandbox/sub");
    list("/sandbox/emptydir");
    list("/sandbox/link_to_sub");
    list("/sandbox/hello.txt");
    list("/sandbox/missing");

    LIBC("mkdir new", mkdir("/sandbox/new", 0755));
    LIBC("mkdir nested", mkdir("/sandbox/new/nested", 0755));
    LIBC("mkdir with trailing slash", mkdir("/sandbox/slashed/", 0755));
    LIBC("mkdir existing", mkdir("/sandbox/new", 0755));
    LIBC("mkdir over file", mkdir("/sandbox/hello.txt", 0755));
    LIBC("mkdir over symlink", mkdir("/sandbox/dangling", 0755));
    LIBC("mkdir in missing", mkdir("/sandbox/missing/x", 0755));
    LIBC("mkdir under file", mkdir("/sandbox/hello.txt/x", 0755));
    CHECK("path_create_directory .", __wasi_path_create_directory(SANDBOX, "."));
    CHECK("path_create_directory sub/..", __wasi_path_create_directory(SANDBOX, "sub/.."));
    CHECK("path_create_directory empty", __wasi_path_create_directory(SANDBOX, ""));
    list("/sandbox/new");

    int fd = open("/sandbox/new/nested/file", O_WRONLY | O_CREAT, 0644);
    close(fd);
    LIBC("rmdir non-empty", rmdir("/sandbox/new/nested"));
    LIBC("rmdir file", rmdir("/sandbox/new/nested/file"));
    LIBC("rmdir symlink to dir", rmdir("/sandbox/link_to_sub"));
    LIBC("rmdir missing", rmdir("/sandbox/new/none"));
    CHECK("path_remove_directory .", __wasi_path_remove_directory(SANDBOX, "."));
    CHECK("path_remove_directory sub/.", __wasi_path_remove_directory(SANDBOX, "sub/."));
    LIBC("unlink directory", unlink("/sandbox/new/nested"));
    LIBC("unlink file", unlink("/sandbox/new/nested/file"));
    LIBC("unlink again", unlink("/sandbox/new/nested/file"));
    LIBC("unlink file with slash", unlink("/sandbox/hello.txt/"));
    LIBC("rmdir now empty", rmdir("/sandbox/new/nested"));
    LIBC("rmdir with trailing slash", rmdir("/sandbox/slashed/"));
    LIBC("rmdir emptydir", rmdir("/sandbox/emptydir"));
    list("/sandbox");

    // rewinddir sees entries added after the directory was opened.
    DIR *dir = opendir("/sandbox/new");
    int before = 0, after = 0;
    while (readdir(dir)) before++;
    close(open("/sandbox/new/late", O_WRONLY | O_CREAT, 0644));
    rewinddir(dir);
    while (readdir(dir)) after++;
    printf("entries before %d, after rewind %d\n", before, after);
    closedir(dir);

    // Many entries: the listing must hold every one exactly once.
    for (int i = 0; i < 40; i++) {
        char path[64];
        snprintf(path, sizeof path, "/scratch/entry-with-a-longer-name-%02d", i);
        close(open(path, O_WRONLY | O_CREAT, 0644));
    }
    list("/scratch");
    return 0;
}
