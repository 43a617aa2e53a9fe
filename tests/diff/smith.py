"""Modules from `wasm-tools smith` with the WebAssembly 3.0 features binaryen 108 cannot generate and Wax runs:
exception handling (the exnref form) and multi-memory, beside tail calls and extended constants; with
`generate64`, memory64 and table64 too; with `generate_simd`, 128-bit SIMD.

wasmtime-py cannot pass an exnref or a v128 between Python and wasm (it aborts the process), so exports whose
function type or global type holds one are removed from the module before either engine sees it; the others are
renamed e0, e1... (smith's names are any bytes, and the events are lines of words). SIMD's results reach the
events through memory, scalar results and globals. Relaxed SIMD stays off: its results may differ between
engines by design.
"""
import os
import random
import subprocess

EXNREF = 0x69
V128 = 0x7B
# Types wasmtime-py cannot pass.
UNPASSABLE = {EXNREF, V128}
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


def generate(seed, work, flags=SMITH):
    """The module smith makes of the seed's bytes, its exnref and v128 exports removed; None when smith fails."""
    rng = random.Random(seed)
    target = os.path.join(work, f"smith-{seed}.wasm")
    done = subprocess.run(flags + ["-o", target], input=rng.randbytes(rng.randint(16384, 65536)),
                          capture_output=True)
    if done.returncode != 0 or not os.path.exists(target):
        return None
    with open(target, "rb") as f:
        return without_unpassable_exports(f.read())


def generate64(seed, work):
    """Like `generate`, with memory64 and table64."""
    return generate(seed, work, SMITH_64)


def generate_simd(seed, work):
    """Like `generate`, with 128-bit SIMD."""
    return generate(seed, work, SMITH_SIMD)


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
        t = self.byte()
        if t in (0x63, 0x64):
            self.leb()
        return t

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
                self.value_type()
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


def without_unpassable_exports(data):
    sections = []
    r = Reader(data, 8)
    while r.position < len(data):
        section_id = r.byte()
        size = r.leb()
        sections.append((section_id, r.position, r.position + size))
        r.position += size
    types, functions, globals_ = [], [], []
    for section_id, start, end in sections:
        s = Reader(data, start)
        if section_id == 1:
            for _ in range(s.leb()):
                s.byte()  # 0x60: no GC, so no rec groups or subtypes
                params = [s.value_type() for _ in range(s.leb())]
                results = [s.value_type() for _ in range(s.leb())]
                types.append(bool(UNPASSABLE.intersection(params + results)))
        elif section_id == 3:
            functions = [types[s.leb()] for _ in range(s.leb())]
        elif section_id == 6:
            for _ in range(s.leb()):
                globals_.append(s.value_type() in UNPASSABLE)
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
                if not (kind == 0 and functions[index] or kind == 3 and globals_[index]):
                    name = f"e{len(kept)}".encode()
                    kept.append(leb(len(name)) + name + bytes([kind]) + leb(index))
            contents = leb(len(kept)) + b"".join(kept)
        out += bytes([section_id]) + leb(len(contents)) + contents
    return bytes(out)
