"""The events of a fuzz-exec run, in one canonical text form shared by both engines.

An event is one line: `export NAME`, `log V...`, `result V...`, `trap KIND`, `invalid`, `unlinkable`, and after
instantiation and each call the state of every exported memory and global: `memory NAME PAGES CRC32`,
`global NAME V`.
Values are `T:0xBITS`; every NaN becomes `T:nan` (the spec lets NaN bits vary), references only say whether they
are null (function identities are engine-private). Traps are reduced to their spec kind, so that the engines'
wording does not matter but a division by zero never passes for an overflow.
"""
import math
import struct

# Spec kinds by Wax's message (the spec's wording). call_indirect past a table's end is an "undefined element"
# in the spec tests but a table bounds trap in wasmtime: both are the same kind here.
WAX_TRAPS = {
    "unreachable": "unreachable",
    "out of bounds memory access": "memory-bounds",
    "out of bounds table access": "table-bounds",
    "undefined element": "table-bounds",
    "uninitialized element": "null-element",
    "null reference": "null-element",
    "null structure reference": "null-element",
    "null array reference": "null-element",
    "null i31 reference": "null-element",
    "null function reference": "null-element",
    "out of bounds array access": "array-bounds",
    "cast failure": "cast-failure",
    "indirect call type mismatch": "signature-mismatch",
    "integer divide by zero": "divide-by-zero",
    "integer overflow": "integer-overflow",
    "invalid conversion to integer": "invalid-conversion",
    "call stack exhausted": "stack-exhausted",
    "uncaught exception": "uncaught-exception",
}

# The same kinds by wasmtime's trap code name.
WASMTIME_TRAPS = {
    "UNREACHABLE": "unreachable",
    "MEMORY_OUT_OF_BOUNDS": "memory-bounds",
    "TABLE_OUT_OF_BOUNDS": "table-bounds",
    "INDIRECT_CALL_TO_NULL": "null-element",
    "NULL_REFERENCE": "null-element",
    "ARRAY_OUT_OF_BOUNDS": "array-bounds",
    "CAST_FAILURE": "cast-failure",
    "BAD_SIGNATURE": "signature-mismatch",
    "INTEGER_DIVISION_BY_ZERO": "divide-by-zero",
    "INTEGER_OVERFLOW": "integer-overflow",
    "BAD_CONVERSION_TO_INTEGER": "invalid-conversion",
    "STACK_OVERFLOW": "stack-exhausted",
}


def wax_trap(message):
    return "trap " + WAX_TRAPS.get(message, "other: " + message)


def wasmtime_trap(code_name):
    return "trap " + WASMTIME_TRAPS.get(code_name, "other: " + code_name)


def bits_value(kind, bits):
    """A numeric value from its bit pattern, NaNs canonicalized."""
    if kind == "f32" and (bits >> 23) & 0xFF == 0xFF and bits & 0x7FFFFF:
        return "f32:nan"
    if kind == "f64" and (bits >> 52) & 0x7FF == 0x7FF and bits & 0xFFFFFFFFFFFFF:
        return "f64:nan"
    return f"{kind}:{bits:#x}"


def python_value(kind, value):
    """A value as wasmtime's Python bindings hand it over (int, float, Func, None...)."""
    if kind == "i32":
        return bits_value(kind, value & 0xFFFFFFFF)
    if kind == "i64":
        return bits_value(kind, value & 0xFFFFFFFFFFFFFFFF)
    if kind == "f32":
        return "f32:nan" if math.isnan(value) else bits_value(kind, struct.unpack("<I", struct.pack("<f", value))[0])
    if kind == "f64":
        return "f64:nan" if math.isnan(value) else bits_value(kind, struct.unpack("<Q", struct.pack("<d", value))[0])
    return f"{kind}:{'null' if value is None else 'ref'}"


def wax_value(text):
    """A value as the Wax driver prints it: `i32:0x2a`, `funcref:3`, `externref:null`."""
    kind, _, rest = text.partition(":")
    if kind in ("funcref", "externref"):
        return f"{kind}:{'null' if rest == 'null' else 'ref'}"
    widths = {"i32": 32, "i64": 64, "f32": 32, "f64": 64}
    try:
        bits = int(rest, 16)
    except ValueError:
        bits = -1
    if kind not in widths or not 0 <= bits < 1 << widths[kind]:
        raise ValueError(f"unreadable value from the Wax driver: {text!r}")
    return bits_value(kind, bits)


def wax_events(lines):
    """Canonical events from the Wax driver's output lines."""
    events = []
    for line in lines:
        word, _, rest = line.partition(" ")
        if word in ("log", "result"):
            events.append(" ".join([word] + [wax_value(v) for v in rest.split()]))
        elif word == "trap":
            events.append(wax_trap(rest))
        elif word in ("export", "memory"):
            events.append(line)
        elif word == "global":
            name, _, value = rest.rpartition(" ")
            events.append(f"global {name} {wax_value(value)}")
        elif word in ("invalid", "unlinkable"):
            events.append(word)
        else:
            raise ValueError(f"unexpected line from the Wax driver: {line!r}")
    return events


def first_difference(expected, actual):
    """Index of the first differing event, or None when the sequences are equal."""
    for i, (a, b) in enumerate(zip(expected, actual)):
        if a != b:
            return i
    return None if len(expected) == len(actual) else min(len(expected), len(actual))
