// A 3x3 box blur of a 256x256 8-bit image, n times, each round blurring the last one's output: byte loads, 16-bit
// sums and a division by 9 as a multiply and a shift, which clang vectorises with -msimd128.
#define W 256
#define H 256
static unsigned char image[H][W], out[H][W];

unsigned run(unsigned n) {
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) image[y][x] = (unsigned char)((y * 31 + x * 17) ^ (y * x));
    unsigned checksum = 0;
    for (unsigned round = 0; round < n; round++) {
        for (int y = 1; y < H - 1; y++)
            for (int x = 1; x < W - 1; x++) {
                unsigned short s = (unsigned short)(image[y - 1][x - 1] + image[y - 1][x] + image[y - 1][x + 1]
                                                    + image[y][x - 1] + image[y][x] + image[y][x + 1]
                                                    + image[y + 1][x - 1] + image[y + 1][x] + image[y + 1][x + 1]);
                out[y][x] = (unsigned char)((s * 7282u) >> 16);
            }
        for (int y = 1; y < H - 1; y++)
            for (int x = 1; x < W - 1; x++) image[y][x] = (unsigned char)(out[y][x] + 3);
        checksum = checksum * 31 + out[round % H][(round * 7) % W];
    }
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) checksum += out[y][x] * (unsigned)(x + 1);
    return checksum;
}
