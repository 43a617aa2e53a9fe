// The libm functions the compiled Swift code calls (Wax's float instructions, the runtime's hash tables).
// Baseline x86-64 has no SSE4.1 rounding instruction, so rounding goes through integer conversion, exact for
// every magnitude below 2^52 (2^23 for float); at and above it every value is already an integer. The
// infinities and the sign of zero pass through, and a NaN comes back quiet (x + x), as IEEE 754 requires and
// WebAssembly's spec tests check. Built with SSE (not general registers only).
#include <stdint.h>

static inline double magnitude(double x) { return __builtin_fabs(x); }
static inline float magnitudef(float x) { return __builtin_fabsf(x); }

double trunc(double x) {
    if (x != x) return x + x;
    if (!(magnitude(x) < 0x1p52)) return x;
    return __builtin_copysign((double)(int64_t)x, x);
}

float truncf(float x) {
    if (x != x) return x + x;
    if (!(magnitudef(x) < 0x1p23f)) return x;
    return __builtin_copysignf((float)(int32_t)x, x);
}

double floor(double x) {
    double t = trunc(x);
    return t > x ? t - 1.0 : t;
}

float floorf(float x) {
    float t = truncf(x);
    return t > x ? t - 1.0f : t;
}

double ceil(double x) {
    double t = trunc(x);
    return t < x ? __builtin_copysign(t + 1.0, x) : t;
}

float ceilf(float x) {
    float t = truncf(x);
    return t < x ? __builtin_copysignf(t + 1.0f, x) : t;
}

// Round to nearest, ties to even (the default rounding mode): adding and removing 2^52 leaves the integer.
double rint(double x) {
    if (x != x) return x + x;
    if (!(magnitude(x) < 0x1p52)) return x;
    volatile double shifted = x + __builtin_copysign(0x1p52, x);
    return __builtin_copysign(shifted - __builtin_copysign(0x1p52, x), x);
}

float rintf(float x) {
    if (x != x) return x + x;
    if (!(magnitudef(x) < 0x1p23f)) return x;
    volatile float shifted = x + __builtin_copysignf(0x1p23f, x);
    return __builtin_copysignf(shifted - __builtin_copysignf(0x1p23f, x), x);
}

double sqrt(double x) { return __builtin_sqrt(x); }
float sqrtf(float x) { return __builtin_sqrtf(x); }
