// An LZ77 compressor (hash of 4 bytes, one candidate) and its decompressor over 64 KiB of text-like data,
// n round trips: byte-oriented branches, hashing and copies. The decompressed data must equal the input.
#define SIZE 65536
#define HASH_BITS 14
#define MIN_MATCH 4
#define MAX_MATCH 255
static unsigned char input[SIZE], packed[SIZE + SIZE / 64 + 16], output[SIZE];
static unsigned table[1 << HASH_BITS];

static void make_input(unsigned seed) {
    static const char *const words[8] = {"wasm ", "kernel ", "swift ", "module ", "page ", "stack ", "trap ", "the "};
    unsigned state = seed * 2654435761u + 1, at = 0;
    while (at < SIZE) {
        state = state * 1103515245u + 12345u;
        const char *w = words[(state >> 16) & 7];
        if ((state >> 28) == 0) w = "\n";
        for (; *w && at < SIZE; w++) input[at++] = (unsigned char)(*w ^ ((state >> 24) == 7));
    }
}

static unsigned hash(const unsigned char *p) {
    unsigned v = (unsigned)p[0] | (unsigned)p[1] << 8 | (unsigned)p[2] << 16 | (unsigned)p[3] << 24;
    return (v * 2654435761u) >> (32 - HASH_BITS);
}

// Tokens: a literal run (0, count, bytes) or a match (length >= MIN_MATCH, offset low, offset high).
static unsigned compress(void) {
    for (unsigned i = 0; i < (1u << HASH_BITS); i++) table[i] = 0xFFFFFFFFu;
    unsigned in = 0, out = 0, literals = 0;
    while (in < SIZE) {
        unsigned length = 0, offset = 0;
        if (in + MIN_MATCH <= SIZE) {
            unsigned h = hash(input + in), candidate = table[h];
            table[h] = in;
            if (candidate != 0xFFFFFFFFu && in - candidate < 65536) {
                while (in + length < SIZE && length < MAX_MATCH && input[candidate + length] == input[in + length])
                    length++;
                offset = in - candidate;
            }
        }
        if (length >= MIN_MATCH) {
            if (literals) {
                packed[out++] = 0;
                packed[out++] = (unsigned char)literals;
                for (unsigned i = in - literals; i < in; i++) packed[out++] = input[i];
                literals = 0;
            }
            packed[out++] = (unsigned char)length;
            packed[out++] = (unsigned char)offset;
            packed[out++] = (unsigned char)(offset >> 8);
            in += length;
        } else {
            in++;
            if (++literals == 255) {
                packed[out++] = 0;
                packed[out++] = 255;
                for (unsigned i = in - 255; i < in; i++) packed[out++] = input[i];
                literals = 0;
            }
        }
    }
    if (literals) {
        packed[out++] = 0;
        packed[out++] = (unsigned char)literals;
        for (unsigned i = SIZE - literals; i < SIZE; i++) packed[out++] = input[i];
    }
    return out;
}

static unsigned decompress(unsigned size) {
    unsigned in = 0, out = 0;
    while (in < size) {
        unsigned token = packed[in++];
        if (token == 0) {
            unsigned count = packed[in++];
            for (unsigned i = 0; i < count; i++) output[out++] = packed[in++];
        } else {
            unsigned offset = packed[in] | (unsigned)packed[in + 1] << 8;
            in += 2;
            for (unsigned i = 0; i < token; i++, out++) output[out] = output[out - offset];
        }
    }
    return out;
}

// Checksum: FNV-1a over the compressed stream, mixed with each round's sizes; 0 if a round trip differs.
unsigned run(unsigned n) {
    unsigned checksum = 2166136261u;
    for (unsigned round = 0; round < n; round++) {
        make_input(round);
        unsigned size = compress();
        if (decompress(size) != SIZE) return 0;
        for (unsigned i = 0; i < SIZE; i++)
            if (output[i] != input[i]) return 0;
        for (unsigned i = 0; i < size; i++) checksum = (checksum ^ packed[i]) * 16777619u;
        checksum ^= size;
    }
    return checksum;
}
