// Sieve of Eratosthenes over one million numbers, n times: byte loads and stores in a tight loop.
#define LIMIT 1000000
static unsigned char composite[LIMIT + 1];

unsigned run(unsigned n) {
    unsigned total = 0;
    for (unsigned round = 0; round < n; round++) {
        for (unsigned i = 0; i <= LIMIT; i++) composite[i] = 0;
        unsigned count = 0;
        for (unsigned i = 2; i <= LIMIT; i++) {
            if (composite[i]) continue;
            count++;
            for (unsigned j = i * 2; j <= LIMIT; j += i) composite[j] = 1;
        }
        total += count + round;
    }
    return total;
}
