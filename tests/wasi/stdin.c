// wasi-stdin: first line\nsecond line\n\nlast line without newline
// Standard input: line reading through libc, raw reads, and end of input.
#include "wasi_test.h"
#include <ctype.h>

int main(void) {
    // Input is waiting (the whole of it was written before the program started): stdin polls ready.
    __wasi_subscription_t sub;
    memset(&sub, 0, sizeof sub);
    sub.userdata = 42;
    sub.u.tag = __WASI_EVENTTYPE_FD_READ;
    sub.u.u.fd_read.file_descriptor = 0;
    __wasi_event_t event;
    __wasi_size_t events;
    CHECK("poll stdin", __wasi_poll_oneoff(&sub, &event, 1, &events));
    printf("  %lu event: userdata %llu type %d error %s\n", (unsigned long)events, (unsigned long long)event.userdata,
           event.type, errno_name(event.error));
    char line[128];
    int lines = 0;
    while (fgets(line, sizeof line, stdin)) {
        lines++;
        for (char *c = line; *c; c++) *c = toupper((unsigned char)*c);
        printf("%d: %s", lines, line);
        if (line[strlen(line) - 1] != '\n') printf("\n");
    }
    printf("lines %d, eof %d\n", lines, feof(stdin));
    char buffer[8];
    __wasi_iovec_t iov = {(uint8_t *)buffer, sizeof buffer};
    __wasi_size_t n = 99;
    CHECK("fd_read at end", __wasi_fd_read(0, &iov, 1, &n));
    printf("  read %lu\n", (unsigned long)n);
    return 0;
}
