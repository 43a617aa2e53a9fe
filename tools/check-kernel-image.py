#!/usr/bin/env python3
"""Refuses a kernel image with a loaded section outside the ranges the kernel maps.

usage: check-kernel-image.py KERNEL.elf

The kernel maps its own image range by range, between the linker script's symbols (kernel/mm/MemoryManager.swift):
text [__kernel_start, __text_end), rodata [__rodata_start, __rodata_end), data [__data_start, __data_end) and the
symbol table [__symbols_start, __kernel_end). A section that occupies memory (SHF_ALLOC) anywhere else would be
loaded but never mapped, and the kernel would fault when it touched it. Prints every such section and exits 1.
"""
import struct
import sys

SHF_ALLOC = 0x2
SHT_SYMTAB = 2
RANGES = [("__kernel_start", "__text_end"), ("__rodata_start", "__rodata_end"), ("__data_start", "__data_end"),
          ("__symbols_start", "__kernel_end")]


def sections(image):
    shoff, = struct.unpack_from("<Q", image, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", image, 0x3A)
    headers = [struct.unpack_from("<IIQQQQIIQQ", image, shoff + i * shentsize) for i in range(shnum)]
    names = headers[shstrndx][4]
    for name, kind, flags, address, offset, size, link, _, _, entsize in headers:
        end = image.index(b"\0", names + name)
        yield image[names + name:end].decode(), kind, flags, address, offset, size, link, entsize, headers


def symbols(image):
    found = {}
    for _, kind, _, _, offset, size, link, entsize, headers in sections(image):
        if kind != SHT_SYMTAB:
            continue
        strings = headers[link][4]
        for at in range(offset, offset + size, entsize):
            name, _, _, _, value, _ = struct.unpack_from("<IBBHQQ", image, at)
            found[image[strings + name:image.index(b"\0", strings + name)].decode()] = value
    return found


def main():
    with open(sys.argv[1], "rb") as f:
        image = f.read()
    marks = symbols(image)
    ranges = [(marks[start], marks[end]) for start, end in RANGES]
    outside = []
    for name, _, flags, address, _, size, _, _, _ in sections(image):
        if flags & SHF_ALLOC and size and not any(low <= address and address + size <= high for low, high in ranges):
            outside.append("  %s at 0x%x, %d bytes" % (name, address, size))
    if outside:
        sys.exit("%s: sections outside the ranges the kernel maps:\n%s" % (sys.argv[1], "\n".join(outside)))


if __name__ == "__main__":
    main()
