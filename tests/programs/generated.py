#!/usr/bin/env python3
"""Hostile test programs too large to write as WebAssembly text, encoded directly.

usage: generated.py NAME OUT.wasm
  locals            4,000 functions declaring 50,000 i64 locals each, in 32 KB; _start calls one of them
  passive-elements  a passive element segment of 2^19 function references (512 KB)
"""
import sys


def leb(n):
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def vector(items):
    return leb(len(items)) + b"".join(items)


def section(number, contents):
    return bytes([number]) + leb(len(contents)) + contents


def body(local_runs, code):
    """A function body: runs of (count, value type byte), then the code and its end."""
    contents = vector([leb(count) + bytes([kind]) for count, kind in local_runs]) + code + b"\x0b"
    return leb(len(contents)) + contents


def program(functions, bodies, elements=b""):
    """A WASI command: functions of type [] -> [], memory 0 and _start (the last function) exported."""
    names = [leb(len(b"memory")) + b"memory\x02\x00", leb(len(b"_start")) + b"_start\x00" + leb(functions - 1)]
    return (b"\0asm\x01\0\0\0" + section(1, vector([b"\x60\x00\x00"])) + section(3, vector([b"\x00"] * functions))
            + section(5, vector([b"\x00\x01"])) + section(7, vector(names)) + elements + section(10, vector(bodies)))


I64 = 0x7E
CALL_0 = b"\x10\x00"
MODULES = {
    "locals": lambda: program(4001, [body([(50000, I64)], b"")] * 4000 + [body([], CALL_0)]),
    # Passive (flags 1), of function indices (kind 0): function 0, 2^19 times.
    "passive-elements": lambda: program(1, [body([], b"")],
                                        section(9, vector([b"\x01\x00" + vector([b"\x00"] * (1 << 19))]))),
}

if __name__ == "__main__":
    name, out = sys.argv[1:3]
    with open(out, "wb") as f:
        f.write(MODULES[name]())
