// Mandelbrot set on an n x n grid, at most 100 iterations a point: f64 arithmetic in a data-dependent loop.
unsigned run(unsigned n) {
    unsigned inside = 0, iterations = 0;
    for (unsigned py = 0; py < n; py++) {
        double ci = 2.0 * py / n - 1.0;
        for (unsigned px = 0; px < n; px++) {
            double cr = 2.5 * px / n - 2.0, zr = 0, zi = 0;
            unsigned i = 0;
            while (i < 100 && zr * zr + zi * zi <= 4.0) {
                double t = zr * zr - zi * zi + cr;
                zi = 2.0 * zr * zi + ci;
                zr = t;
                i++;
            }
            iterations += i;
            inside += i == 100;
        }
    }
    return inside * 1000003u + iterations;
}
