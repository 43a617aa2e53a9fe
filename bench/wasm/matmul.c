// 128x128 double matrix multiply, n times: f64 arithmetic and 2-D array indexing.
#define SIZE 128
static double a[SIZE][SIZE], b[SIZE][SIZE], c[SIZE][SIZE];

unsigned run(unsigned n) {
    for (int i = 0; i < SIZE; i++)
        for (int j = 0; j < SIZE; j++) {
            a[i][j] = (double)((i * 7 + j * 3) % 17) - 8.0;
            b[i][j] = (double)((i * 5 + j * 11) % 13) * 0.25;
        }
    double sum = 0;
    for (unsigned round = 0; round < n; round++) {
        for (int i = 0; i < SIZE; i++)
            for (int j = 0; j < SIZE; j++) {
                double s = 0;
                for (int k = 0; k < SIZE; k++) s += a[i][k] * b[k][j];
                c[i][j] = s;
            }
        sum += c[round % SIZE][(round * 3) % SIZE];
        a[round % SIZE][0] += 1.0;
    }
    return (unsigned)(long long)sum;
}
