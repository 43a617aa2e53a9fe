// Dot products of two 4096-element 16-bit vectors, n times, one element changed between rounds: 16-bit loads,
// widening multiplies and 32-bit sums, which clang vectorises with -msimd128.
#define N 4096
static short a[N], b[N];

unsigned run(unsigned n) {
    for (int i = 0; i < N; i++) {
        a[i] = (short)((i * 37) % 201 - 100);
        b[i] = (short)((i * 53) % 173 - 86);
    }
    unsigned total = 0;
    for (unsigned round = 0; round < n; round++) {
        int sum = 0;
        for (int i = 0; i < N; i++) sum += a[i] * b[i];
        total = total * 3 + (unsigned)sum;
        a[round % N] += 1;
    }
    return total;
}
