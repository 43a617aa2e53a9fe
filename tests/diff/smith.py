"""Modules from `wasm-tools smith` with the WebAssembly 3.0 features binaryen 108 cannot generate and Wax runs:
exception handling (the exnref form) and multi-memory, beside tail calls and extended constants; with
`generate64`, memory64 and table64 too; with `generate_simd`, 128-bit SIMD; with `generate_gc`, GC.

wasmtime-py cannot pass a v128, an exnref or a GC reference between Python and wasm (it aborts the process), so
exports whose function type or global type holds one are removed from the module before either engine sees it; the
others are renamed e0, e1... (smith's names are any bytes, and the events are lines of words). What SIMD and GC
compute reaches the events through memory, scalar results and globals. Relaxed SIMD stays off: its results may differ between
engines by design.
"""
import os
import random
import subprocess

# The value types wasmtime-py passes between Python and wasm: the numbers, funcref and externref; not v128, exnref
# or any other reference (GC's, typed function references), which abort the process.
PASSABLE = {0x7F, 0x7E, 0x7D, 0x7C, 0x70, 0x6F}
# With GC an externref may hold an internal reference (extern.convert_any), which wasmtime-py reads as null.
PASSABLE_WITH_GC = PASSABLE - {0x6F}
# Everything off that Wax does not run yet; fuel from smith's own termination counter, no imports, NaNs canonical
# (their bits are not specified).
SMITH = ["wasm-tools", "smith", "--exceptions-enabled", "true", "--max-memories", "2", "--tail-call-enabled", "true",
         "--extended-const-enabled", "true", "--max-imports", "0", "--ensure-termination",
         "--canonicalize-nans", "true", "--export-everything", "true", "--simd-enabled", "false",
         "--relaxed-simd-enabled", "false", "--gc-enabled", "false", "--memory64-enabled", "false",
         "--threads-enabled", "false", "--custom-page-sizes-enabled", "false", "--wide-arithmetic-enabled", "false",
         "--max-memory32-bytes", "1048576", "--max-tables", "2", "--max-table-elements", "1000",
         "--min-funcs", "4", "--max-funcs", "30"]


def enabled(flags, feature):
    """The flags with smith's --FEATURE-enabled turned on."""
    return [("true" if k > 0 and flags[k - 1] == f"--{feature}-enabled" else flag) for k, flag in enumerate(flags)]


# The same with 64-bit memories and tables (memory64 and table64) allowed, as small as the 32-bit ones.
SMITH_64 = enabled(SMITH, "memory64") + ["--max-memory64-bytes", "1048576"]


# The same with 128-bit SIMD.
SMITH_SIMD = enabled(SMITH, "simd")
# The same with GC (structs, arrays, i31, casts, typed references).
SMITH_GC = enabled(SMITH, "gc")


def generate(seed, work, flags=SMITH, passable=PASSABLE):
    """The module smith makes of the seed's bytes, its exnref and v128 exports removed; None when smith fails."""
    rng = random.Random(seed)
    target = os.path.join(work, f"smith-{seed}.wasm")
    done = subprocess.run(flags + ["-o", target], input=rng.randbytes(rng.randint(16384, 65536)),
                          capture_output=True)
    if done.returncode != 0 or not os.path.exists(target):
        return None
    with open(target, "rb") as f:
        return without_unpassable_exports(f.read(), passable)


def generate64(seed, work):
    """Like `generate`, with memory64 and table64."""
    return generate(seed, work, SMITH_64)


def generate_simd(seed, work):
    """Like `generate`, with 128-bit SIMD."""
    return generate(seed, work, SMITH_SIMD)


def generate_gc(seed, work):
    """Like `generate`, with GC."""
    return generate(seed, work, SMITH_GC, PASSABLE_WITH_GC)


class Reader:
    def __init__(self, data, position=0):
        self.data, self.position = data, position

    def byte(self):
        self.position += 1
        return self.data[self.position - 1]

    def leb(self):
        result = shift = 0
        while True:
            b = self.byte()
            result |= (b & 0x7F) << shift
            shift += 7
            if b < 0x80:
                return result

    def value_type(self):
        """The type's first byte (0x63 or 0x64 for a reference to a heap type, which is skipped)."""
        t = self.byte()
        if t in (0x63, 0x64):
            self.leb()
        return t

    def storage_type(self):
        """A field's type: a value type or a packed i8 (0x78) or i16 (0x77)."""
        return self.byte() if self.data[self.position] in (0x78, 0x77) else self.value_type()

    def function_types(self, passable):
        """The type section's entries in index order (a recursive group's one by one): for each, whether it is a
        function type whose parameters and results are all of the `passable` types."""
        found = []
        for _ in range(self.leb()):
            group = 1
            if self.data[self.position] == 0x4E:  # rec: a group of types
                self.byte()
                group = self.leb()
            for _ in range(group):
                if self.data[self.position] in (0x50, 0x4F):
                    self.byte()
                    for _ in range(self.leb()):
                        self.leb()
                form = self.byte()
                if form == 0x60:
                    types = [self.value_type() for _ in range(self.leb())]
                    types += [self.value_type() for _ in range(self.leb())]
                    found.append(all(t in passable for t in types))
                elif form == 0x5F:
                    for _ in range(self.leb()):
                        self.storage_type()
                        self.byte()
                    found.append(False)
                else:  # 0x5E, an array of one field
                    self.storage_type()
                    self.byte()
                    found.append(False)
        return found

    def skip_constant(self):
        """A constant expression up to its `end`."""
        while True:
            op = self.byte()
            if op == 0x0B:
                return
            if op in (0x41, 0x42, 0x23, 0xD2):
                self.leb()
            elif op == 0x43:
                self.position += 4
            elif op == 0x44:
                self.position += 8
            elif op == 0xD0:
                self.leb()  # a heap type (an s33)
            elif op == 0xFB:  # GC's constant instructions: struct.new(_default), array.new(_default, _fixed), ...
                sub = self.leb()
                if sub in (0, 1, 6, 7):
                    self.leb()
                elif sub == 8:
                    self.leb()
                    self.leb()
            elif op == 0xFD:  # v128.const, the one SIMD constant instruction
                self.leb()
                self.position += 16


def leb(value):
    out = bytearray()
    while True:
        b = value & 0x7F
        value >>= 7
        out.append(b | (0x80 if value else 0))
        if not value:
            return bytes(out)


def without_unpassable_exports(data, passable_types):
    sections = []
    r = Reader(data, 8)
    while r.position < len(data):
        section_id = r.byte()
        size = r.leb()
        sections.append((section_id, r.position, r.position + size))
        r.position += size
    passable, functions, globals_ = [], [], []
    for section_id, start, end in sections:
        s = Reader(data, start)
        if section_id == 1:
            passable = s.function_types(passable_types)
        elif section_id == 3:
            functions = [passable[s.leb()] for _ in range(s.leb())]
        elif section_id == 6:
            for _ in range(s.leb()):
                globals_.append(s.value_type() in passable_types)
                s.byte()
                s.skip_constant()
    out = bytearray(data[:8])
    for section_id, start, end in sections:
        contents = data[start:end]
        if section_id == 7:
            s = Reader(data, start)
            kept = []
            for _ in range(s.leb()):
                length = s.leb()
                s.position += length
                kind, index = s.byte(), s.leb()
                if not (kind == 0 and not functions[index] or kind == 3 and not globals_[index]):
                    name = f"e{len(kept)}".encode()
                    kept.append(leb(len(name)) + name + bytes([kind]) + leb(index))
            contents = leb(len(kept)) + b"".join(kept)
        out += bytes([section_id]) + leb(len(contents)) + contents
    return bytes(out)
