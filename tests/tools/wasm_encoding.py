"""WebAssembly binary encoding for generated test modules: shapes too large, or too many, to write as text.

module() builds a module whose function 0 is the exported `_start` (type [] -> []); every other piece is
optional, and a memory is exported as `memory`. Only what the generators need is here.
"""

I32, I64 = 0x7F, 0x7E
FUNCREF = 0x70
OP_BLOCK_EMPTY = b"\x02\x40"
OP_END = b"\x0b"


def leb(n):
    """Unsigned LEB128."""
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def sleb(n):
    """Signed LEB128."""
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        done = (n == 0 and not byte & 0x40) or (n == -1 and byte & 0x40)
        out.append(byte | (0 if done else 0x80))
        if done:
            return bytes(out)


def vector(items):
    return leb(len(items)) + b"".join(items)


def section(number, contents):
    return bytes([number]) + leb(len(contents)) + contents


def name(text):
    return vector([bytes([b]) for b in text.encode()])


def body(local_runs, code):
    """A function body: runs of (count, value type), then the code and its end."""
    contents = vector([leb(count) + bytes([kind]) for count, kind in local_runs]) + code + OP_END
    return leb(len(contents)) + contents


def br_table(targets):
    """A block holding one br_table of `targets` labels, all to the block's end."""
    return OP_BLOCK_EMPTY + b"\x41\x00\x0e" + leb(targets) + b"\x00" * targets + b"\x00" + OP_END


def grow_loop(rounds, delta):
    """`rounds` times: table 0 and memory 0 grown by `delta` (results dropped), unrolled."""
    one = b"\xd0\x70\x41" + sleb(delta) + b"\xfc\x0f\x00\x1a" + b"\x41" + sleb(delta) + b"\x40\x00\x1a"
    return one * rounds


def module(functions=(), tables=(), memory=None, globals_=0, passive_elements=0, start_code=b""):
    """`functions`: (local runs, code) of the functions after `_start`, which calls the first of them."""
    calls = b"\x10\x01" if functions else b""
    sections = [section(1, vector([b"\x60\x00\x00"])),
                section(3, vector([b"\x00"] * (1 + len(functions))))]
    if tables:
        sections.append(section(4, vector([bytes([FUNCREF, 0]) + leb(size) for size in tables])))
    if memory is not None:
        sections.append(section(5, vector([b"\x00" + leb(memory)])))
    if globals_:
        sections.append(section(6, leb(globals_) + bytes([I32, 1, 0x41, 0, 0x0b]) * globals_))
    exports = [name("_start") + b"\x00\x00"] + ([name("memory") + b"\x02\x00"] if memory is not None else [])
    sections.append(section(7, vector(exports)))
    if passive_elements:
        sections.append(section(9, vector([b"\x01\x00" + leb(passive_elements) + b"\x00" * passive_elements])))
    bodies = [body([], start_code + calls)] + [body(runs, code) for runs, code in functions]
    sections.append(section(10, vector(bodies)))
    return b"\x00asm\x01\x00\x00\x00" + b"".join(sections)
