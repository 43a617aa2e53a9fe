// A trap ends the program with status 134 (128 + SIGABRT); what was written before stays written.
#include "wasi_test.h"

int main(void) {
    printf("before the trap\n");
    fflush(stdout);
    fprintf(stderr, "stderr before the trap\n");
    __builtin_trap();
}
