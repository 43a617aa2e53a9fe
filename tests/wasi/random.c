// random_get: buffers of many sizes get filled, two draws differ.
#include "wasi_test.h"

static int zeros(const uint8_t *b, size_t n) {
    size_t count = 0;
    for (size_t i = 0; i < n; i++) count += b[i] == 0;
    return (int)count;
}

int main(void) {
    static uint8_t a[65536], b[65536];
    CHECK("random_get 64 KiB", __wasi_random_get(a, sizeof a));
    CHECK("random_get again", __wasi_random_get(b, sizeof b));
    printf("  draws differ: %s\n", memcmp(a, b, sizeof a) ? "yes" : "no");
    printf("  zero bytes plausible (< 1%%): %s\n", zeros(a, sizeof a) < 655 ? "yes" : "no");
    int counts[256] = {0};
    for (size_t i = 0; i < sizeof a; i++) counts[a[i]]++;
    int low = 1 << 30, high = 0;
    for (int i = 0; i < 256; i++) {
        if (counts[i] < low) low = counts[i];
        if (counts[i] > high) high = counts[i];
    }
    printf("  every byte value between 128 and 400 times: %s\n", low >= 128 && high <= 400 ? "yes" : "no");
    memset(a, 0, 16);
    CHECK("random_get 0 bytes", __wasi_random_get(a, 0));
    printf("  untouched: %s\n", zeros(a, 16) == 16 ? "yes" : "no");
    CHECK("random_get 1 byte", __wasi_random_get(a + 100, 1));
    unsigned char key[32];
    printf("getentropy: %d\n", getentropy(key, sizeof key));
    printf("arc4random differs: %s\n", arc4random() != arc4random() || arc4random() != arc4random() ? "yes" : "no");
    return 0;
}
