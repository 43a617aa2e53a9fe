// abort() in wasi-libc is a trap.
#include "wasi_test.h"

int main(void) {
    puts("calling abort");
    fflush(stdout);
    abort();
}
