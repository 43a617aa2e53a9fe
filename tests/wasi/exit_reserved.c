// Exit codes from 126 up are reserved to the shell: wasmtime refuses them with an error (status 1).
#include "wasi_test.h"

int main(void) {
    printf("exiting with 200\n");
    fflush(stdout);
    __wasi_proc_exit(200);
}
