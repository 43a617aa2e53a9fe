// Returning from main exits with its value; stdout is flushed at exit.
#include "wasi_test.h"

int main(void) {
    printf("partial line without newline");
    return 7;
}
