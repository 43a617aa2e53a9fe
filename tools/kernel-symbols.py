#!/usr/bin/env python3
"""Make the kernel's symbol table for backtraces from a linked kernel (see kernel/debug/Symbols.swift).

usage: kernel-symbols.py NM DEMANGLER KERNEL.elf OUT.bin
Function symbols, sorted by address, with names demangled (Swift names simplified) so a backtrace reads well.
"""
import struct
import subprocess
import sys


def main():
    nm, demangler, kernel, out = sys.argv[1:5]
    listing = subprocess.run([nm, "--defined-only", "--print-size", "--numeric-sort", kernel],
                             check=True, capture_output=True, text=True).stdout
    symbols = []
    for line in listing.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[2] in "tT":
            symbols.append((int(parts[0], 16), int(parts[1], 16), parts[3]))
        elif len(parts) == 3 and parts[1] in "tT":
            symbols.append((int(parts[0], 16), 0, parts[2]))
    mangled = "\n".join(name for _, _, name in symbols)
    demangled = subprocess.run([demangler, "--simplified", "--compact"], input=mangled,
                               check=True, capture_output=True, text=True).stdout.splitlines()
    if len(demangled) != len(symbols):
        demangled = [name for _, _, name in symbols]
    names = bytearray()
    entries = bytearray()
    for (address, size, _), name in zip(symbols, demangled):
        entries += struct.pack("<QII", address, len(names), min(size, 0xFFFFFFFF))
        names += name.encode()[:200] + b"\0"
    with open(out, "wb") as f:
        f.write(b"WSYM" + struct.pack("<I", len(symbols)) + entries + names)


if __name__ == "__main__":
    main()
