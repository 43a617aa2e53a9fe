#!/usr/bin/env python3
"""Hostile test programs too large to write as WebAssembly text, encoded directly (tests/tools/wasm_encoding).

usage: generated.py NAME OUT.wasm
  locals            4,000 functions declaring 50,000 i64 locals each, in 32 KB; _start calls one of them
  passive-elements  a passive element segment of 2^19 function references (512 KB)
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import wasm_encoding as enc  # noqa: E402

MODULES = {
    "locals": lambda: enc.module(functions=[([(50000, enc.I64)], b"")] * 4000, memory=1),
    "passive-elements": lambda: enc.module(memory=1, passive_elements=1 << 19),
}

if __name__ == "__main__":
    name, out = sys.argv[1:3]
    with open(out, "wb") as f:
        f.write(MODULES[name]())
