// wasi-args: 42
// The exit status is the code the program passes to exit(); output written before it is kept.
#include "wasi_test.h"

int main(int argc, char **argv) {
    printf("exiting with %s\n", argv[1]);
    fprintf(stderr, "to stderr before exit\n");
    exit(atoi(argv[1]));
}
