// C through `zig cc`: wasi-libc's POSIX layer, whose current directory is emulated inside the program (chdir,
// getcwd, relative paths resolved against the preopens, realpath), with the errors of wrong-kind operations,
// exclusive creation, truncation, links, a rename between two preopens, and stdin at its end.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *line_of(const char *path, char *buffer, int size) {
    FILE *file = fopen(path, "r");
    if (!file) return strerror(errno);
    const char *line = fgets(buffer, size, file);
    fclose(file);
    return line ? line : "(empty)";
}

int main(void) {
    char buffer[PATH_MAX];
    printf("getcwd: %s\n", getcwd(buffer, sizeof buffer));
    printf("chdir /sandbox: %d, ", chdir("/sandbox"));
    printf("getcwd: %s\n", getcwd(buffer, sizeof buffer));
    printf("relative: %s", line_of("sub/inner.txt", buffer, sizeof buffer));
    printf("chdir sub: %d, ", chdir("sub"));
    printf("getcwd: %s\n", getcwd(buffer, sizeof buffer));
    printf("through ..: %s", line_of("../hello.txt", buffer, sizeof buffer));
    printf("realpath: %s\n", realpath("deeper/../inner.txt", buffer) ? buffer : strerror(errno));
    int status = chdir("/nowhere");
    printf("chdir /nowhere: %d %s\n", status, strerror(errno));
    printf("access: %d %d\n", access("/sandbox/hello.txt", R_OK), access("/sandbox/missing", R_OK));

    int fd = open("/scratch/t", O_CREAT | O_WRONLY | O_EXCL, 0600);
    printf("exclusive create: %d\n", fd >= 0);
    status = open("/scratch/t", O_CREAT | O_WRONLY | O_EXCL, 0600);
    printf("again: %d %s\n", status, strerror(errno));
    printf("lseek to the end: %lld\n", (long long)lseek(fd, 0, SEEK_END));
    printf("ftruncate: %d\n", ftruncate(fd, 1000));
    struct stat info;
    fstat(fd, &info);
    printf("size %lld, regular %d\n", (long long)info.st_size, S_ISREG(info.st_mode));
    close(fd);
    printf("isatty: %d %d %d\n", isatty(0), isatty(1), isatty(2));
    printf("symlink: %d, ", symlink("t", "/scratch/l"));
    ssize_t length = readlink("/scratch/l", buffer, sizeof buffer);
    printf("readlink: %.*s\n", (int)length, buffer);
    status = unlink("/sandbox/sub");
    printf("unlink a directory: %d %s\n", status, strerror(errno));
    status = rmdir("/sandbox/sub");
    printf("rmdir a full one: %d %s\n", status, strerror(errno));
    status = mkdir("/sandbox/sub", 0755);
    printf("mkdir what exists: %d %s\n", status, strerror(errno));
    printf("rename between preopens: %d\n", rename("/sandbox/sub", "/scratch/moved"));
    DIR *dir = opendir("/scratch");
    int count = 0;
    while (readdir(dir)) count++;
    closedir(dir);
    printf("scratch: %d entries\n", count);
    struct timespec resolution;
    printf("clock_getres: %d\n", clock_getres(CLOCK_MONOTONIC, &resolution));
    printf("usleep: %d\n", usleep(10000));
    printf("stdin: %d, eof %d\n", getchar(), feof(stdin));
    return 0;
}
