"""Checks what is on QEMU's screen: a screendump (PPM) compared pixel for pixel with text rendered here from
the same PSF font the kernel uses."""
import gzip
import struct

PSF2_MAGIC = 0x864AB572
PSF1_MAGIC = 0x0436


class Font:
    """A PSF1 or PSF2 console font with its Unicode table."""

    def __init__(self, path):
        data = gzip.open(path).read() if path.endswith(".gz") else open(path, "rb").read()
        self.index = {}
        if struct.unpack_from("<H", data)[0] == PSF1_MAGIC:
            mode, glyph_bytes = data[2], data[3]
            count, header_size, self.width, self.height = (512 if mode & 1 else 256), 4, 8, glyph_bytes
            if mode & 2:
                table = data[header_size + count * glyph_bytes:]
                glyph, position = 0, 0
                in_sequence = False
                while glyph < count and position + 2 <= len(table):
                    value = struct.unpack_from("<H", table, position)[0]
                    position += 2
                    if value == 0xFFFF:
                        glyph += 1
                        in_sequence = False
                    elif value == 0xFFFE:
                        in_sequence = True
                    elif not in_sequence:
                        self.index.setdefault(value, glyph)
        else:
            magic, _, header_size, flags, count, glyph_bytes, self.height, self.width = struct.unpack_from("<8I", data)
            if magic != PSF2_MAGIC:
                raise ValueError("not a PSF font: " + path)
            if flags & 1:
                table = data[header_size + count * glyph_bytes:]
                for glyph, entry in enumerate(table.split(b"\xff")[:count]):
                    for char in entry.split(b"\xfe")[0].decode("utf-8", "replace"):
                        self.index.setdefault(ord(char), glyph)
        self.glyphs = [data[header_size + i * glyph_bytes:header_size + (i + 1) * glyph_bytes] for i in range(count)]
        self.row_bytes = (self.width + 7) // 8

    def pixel(self, char, x, y):
        glyph = self.glyphs[self.index.get(ord(char), ord(char))]
        return bool(glyph[y * self.row_bytes + x // 8] & (0x80 >> (x % 8)))


def read_ppm(path):
    data = open(path, "rb").read()
    fields = []
    position = 0
    while len(fields) < 4:
        while data[position:position + 1].isspace():
            position += 1
        if data[position:position + 1] == b"#":
            position = data.index(b"\n", position)
            continue
        end = position
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[position:end])
        position = end
    assert fields[0] == b"P6", "not a binary PPM"
    width, height = int(fields[1]), int(fields[2])
    pixels = data[position + 1:]
    return width, height, lambda x, y: tuple(pixels[(y * width + x) * 3:(y * width + x) * 3 + 3])


def text_mismatches(ppm_path, font_path, text, row=0, column=0):
    """How many pixels of `text` at a text cell differ from lit/unlit glyph pixels (0 = exactly there)."""
    width, height, pixel = read_ppm(ppm_path)
    font = Font(font_path)
    lit = set()
    mismatches = 0
    for i, char in enumerate(text):
        for y in range(font.height):
            for x in range(font.width):
                px = (column + i) * font.width + x
                py = row * font.height + y
                on = font.pixel(char, x, y)
                value = pixel(px, py)
                brightness = sum(value)
                if on:
                    lit.add(value)
                if on != (brightness > 3 * 0x60):
                    mismatches += 1
    return mismatches, lit


def rows_showing(ppm_path, font_path, text, rows=48):
    """The text rows that show `text` exactly, from column 0."""
    return [row for row in range(rows) if text_mismatches(ppm_path, font_path, text, row=row)[0] == 0]
