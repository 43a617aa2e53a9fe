// C++ exceptions as clang compiles them for WebAssembly (-fwasm-exceptions): thrown through frames with
// destructors to run, caught by catch (...), rethrown with `throw;`, thrown again inside a handler, and caught
// nowhere in the last round. By default clang emits the legacy instructions (try, catch, catch_all, rethrow); with
// `-mllvm -wasm-use-legacy-eh=false` try_table and exnref: the walos suite runs both, and wasmtime runs the second.
// cxa-catch-all.c stands in for libc++abi, whose wasm32 build in Debian has no exception support.
#include <stdio.h>

struct Noisy {
  const char *name;
  Noisy(const char *n) : name(n) { printf("make %s\n", name); }
  ~Noisy() { printf("drop %s\n", name); }
};

__attribute__((noinline)) void maybe(int n, int at) {
  if (n == at) throw n;
}

__attribute__((noinline)) int nested(int n) {
  int result = 0;
  try {
    Noisy a("a");
    maybe(n, 1);
    try {
      Noisy b("b");
      maybe(n, 2);
      {
        Noisy c("c");
        maybe(n, 3);
      }
      maybe(n, 4);
    } catch (...) {
      printf("inner caught %d\n", n);
      Noisy d("d");
      maybe(n, 4);
      result += 100;
    }
    maybe(n, 5);
    result += 1;
  } catch (...) {
    printf("outer caught %d\n", n);
    result += 1000;
  }
  return result;
}

__attribute__((noinline)) int relay(int n) {
  Noisy r("relay");
  try {
    return nested(n) + (maybe(n, 6), 0);
  } catch (...) {
    printf("relay caught %d, rethrowing\n", n);
    throw;
  }
}

int main() {
  // The last exception ends the run as a trap, which flushes nothing.
  setvbuf(stdout, NULL, _IONBF, 0);
  for (int i = 0; i <= 6; i++) {
    try {
      printf("relay(%d) = %d\n", i, relay(i));
    } catch (...) {
      printf("main caught at %d\n", i);
    }
  }
  printf("last: one nobody catches\n");
  relay(6);
  printf("not reached\n");
  return 0;
}
