/* The part of a C++ runtime that catch (...) needs under -fwasm-exceptions, for cpp-exceptions.cpp: Debian's wasm32
 * libc++abi is built without exception support (it has no __cxa_throw). A thrown object is its own exception: it is
 * the payload of the C++ tag (tag 0 of __builtin_wasm_throw), and nothing ever matches it by type. */
#include <stdlib.h>

#define MAX_CAUGHT 64

static void *caught[MAX_CAUGHT];
static int caught_count;

/* The typeinfo `throw n` names for an int: never compared, only linked. */
const char _ZTIi[8];

void *__cxa_allocate_exception(unsigned long size) { return malloc(size); }

__attribute__((noreturn)) void __cxa_throw(void *object, void *type, void (*destructor)(void *)) {
  (void)type;
  (void)destructor;
  __builtin_wasm_throw(0, object);
}

void *__cxa_begin_catch(void *object) {
  if (caught_count == MAX_CAUGHT) abort();
  caught[caught_count++] = object;
  return object;
}

void __cxa_end_catch(void) { caught_count--; }

__attribute__((noreturn)) void __cxa_rethrow(void) { __builtin_wasm_throw(0, caught[--caught_count]); }

/* std::terminate */
__attribute__((noreturn)) void _ZSt9terminatev(void) { abort(); }
