#!/usr/bin/env python3
"""Writes Wax's tables of instructions from one description, the tables below: what each numeric instruction of
WebAssembly computes and its types, which of Wax's instructions read an operand from the accumulator or leave their
result in it, and the template of each instruction's case in the interpreter's loop.

usage: wax-ops.py SOURCES      (`make wax-generated` runs it on wax/Sources/Wax)

Whole files: NumericOp.swift (the validator's and compiler's view: types, WasmParser's enums), NumericSemantics.swift
(what an instruction computes, shared by the interpreter's variants and SIMD lanes) and OpTables.swift (what the
function compiler asks of an opcode). Regions of hand-written files, between `// generated: NAME` and
`// end generated: NAME` lines: the cases of `Op` in Inst.swift, and the cases of the interpreter's loop in
Interpreter.swift. The loop's regions keep the order of their cases as they stand (the order moves machine code
around, and the loop is tuned for it: see the comment there); the generator writes each case's body, and appends
the case of an instruction that no region has yet at the end of the last region.
"""
import os
import re
import sys

# The numeric instructions of WebAssembly 2.0, in NumericOp's order. kind: WasmParser's enum that names the
# instruction (test: i32.eqz and i64.eqz, which WasmParser names itself); the operand and result types; then what it
# computes on slots x and y (Swift; `try` where it traps; `-` for a reinterpretation, which leaves the slot as it
# is and has no instruction of its own). A comparison's expression, without `bool(...)`, is also the condition of
# the branch that compare-and-branch fusion makes of it.
NUMERIC = """
i32Eqz            test        i32 -> i32        bool(u32(x) == 0)
i64Eqz            test        i64 -> i32        bool(u64(x) == 0)
i32Eq             cmp         i32 i32 -> i32    bool(u32(x) == u32(y))
i32Ne             cmp         i32 i32 -> i32    bool(u32(x) != u32(y))
i32LtS            cmp         i32 i32 -> i32    bool(Int32(bitPattern: u32(x)) < Int32(bitPattern: u32(y)))
i32LtU            cmp         i32 i32 -> i32    bool(u32(x) < u32(y))
i32GtS            cmp         i32 i32 -> i32    bool(Int32(bitPattern: u32(x)) > Int32(bitPattern: u32(y)))
i32GtU            cmp         i32 i32 -> i32    bool(u32(x) > u32(y))
i32LeS            cmp         i32 i32 -> i32    bool(Int32(bitPattern: u32(x)) <= Int32(bitPattern: u32(y)))
i32LeU            cmp         i32 i32 -> i32    bool(u32(x) <= u32(y))
i32GeS            cmp         i32 i32 -> i32    bool(Int32(bitPattern: u32(x)) >= Int32(bitPattern: u32(y)))
i32GeU            cmp         i32 i32 -> i32    bool(u32(x) >= u32(y))
i64Eq             cmp         i64 i64 -> i32    bool(u64(x) == u64(y))
i64Ne             cmp         i64 i64 -> i32    bool(u64(x) != u64(y))
i64LtS            cmp         i64 i64 -> i32    bool(Int64(bitPattern: u64(x)) < Int64(bitPattern: u64(y)))
i64LtU            cmp         i64 i64 -> i32    bool(u64(x) < u64(y))
i64GtS            cmp         i64 i64 -> i32    bool(Int64(bitPattern: u64(x)) > Int64(bitPattern: u64(y)))
i64GtU            cmp         i64 i64 -> i32    bool(u64(x) > u64(y))
i64LeS            cmp         i64 i64 -> i32    bool(Int64(bitPattern: u64(x)) <= Int64(bitPattern: u64(y)))
i64LeU            cmp         i64 i64 -> i32    bool(u64(x) <= u64(y))
i64GeS            cmp         i64 i64 -> i32    bool(Int64(bitPattern: u64(x)) >= Int64(bitPattern: u64(y)))
i64GeU            cmp         i64 i64 -> i32    bool(u64(x) >= u64(y))
f32Eq             cmp         f32 f32 -> i32    bool(f32(x) == f32(y))
f32Ne             cmp         f32 f32 -> i32    bool(f32(x) != f32(y))
f32Lt             cmp         f32 f32 -> i32    bool(f32(x) < f32(y))
f32Gt             cmp         f32 f32 -> i32    bool(f32(x) > f32(y))
f32Le             cmp         f32 f32 -> i32    bool(f32(x) <= f32(y))
f32Ge             cmp         f32 f32 -> i32    bool(f32(x) >= f32(y))
f64Eq             cmp         f64 f64 -> i32    bool(f64(x) == f64(y))
f64Ne             cmp         f64 f64 -> i32    bool(f64(x) != f64(y))
f64Lt             cmp         f64 f64 -> i32    bool(f64(x) < f64(y))
f64Gt             cmp         f64 f64 -> i32    bool(f64(x) > f64(y))
f64Le             cmp         f64 f64 -> i32    bool(f64(x) <= f64(y))
f64Ge             cmp         f64 f64 -> i32    bool(f64(x) >= f64(y))
i32Clz            unary       i32 -> i32        UInt64(u32(x).leadingZeroBitCount)
i32Ctz            unary       i32 -> i32        UInt64(u32(x).trailingZeroBitCount)
i32Popcnt         unary       i32 -> i32        UInt64(u32(x).nonzeroBitCount)
i64Clz            unary       i64 -> i64        UInt64(u64(x).leadingZeroBitCount)
i64Ctz            unary       i64 -> i64        UInt64(u64(x).trailingZeroBitCount)
i64Popcnt         unary       i64 -> i64        UInt64(u64(x).nonzeroBitCount)
f32Abs            unary       f32 -> f32        x & 0x7fff_ffff
f32Neg            unary       f32 -> f32        UInt64(u32(x) ^ 0x8000_0000)
f32Ceil           unary       f32 -> f32        slot32(f32(x).rounded(.up))
f32Floor          unary       f32 -> f32        slot32(f32(x).rounded(.down))
f32Trunc          unary       f32 -> f32        slot32(f32(x).rounded(.towardZero))
f32Nearest        unary       f32 -> f32        slot32(f32(x).rounded(.toNearestOrEven))
f32Sqrt           unary       f32 -> f32        slot32(f32(x).squareRoot())
f64Abs            unary       f64 -> f64        x & 0x7fff_ffff_ffff_ffff
f64Neg            unary       f64 -> f64        x ^ 0x8000_0000_0000_0000
f64Ceil           unary       f64 -> f64        slot64(f64(x).rounded(.up))
f64Floor          unary       f64 -> f64        slot64(f64(x).rounded(.down))
f64Trunc          unary       f64 -> f64        slot64(f64(x).rounded(.towardZero))
f64Nearest        unary       f64 -> f64        slot64(f64(x).rounded(.toNearestOrEven))
f64Sqrt           unary       f64 -> f64        slot64(f64(x).squareRoot())
i32Extend8S       unary       i32 -> i32        UInt64(UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: x))))
i32Extend16S      unary       i32 -> i32        UInt64(UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: x))))
i64Extend8S       unary       i64 -> i64        UInt64(bitPattern: Int64(Int8(truncatingIfNeeded: x)))
i64Extend16S      unary       i64 -> i64        UInt64(bitPattern: Int64(Int16(truncatingIfNeeded: x)))
i64Extend32S      unary       i64 -> i64        UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: x)))
i32Add            binary      i32 i32 -> i32    UInt64(u32(x) &+ u32(y))
i32Sub            binary      i32 i32 -> i32    UInt64(u32(x) &- u32(y))
i32Mul            binary      i32 i32 -> i32    UInt64(u32(x) &* u32(y))
i32DivS           binary      i32 i32 -> i32    UInt64(try Numerics.divS32(u32(x), u32(y)))
i32DivU           binary      i32 i32 -> i32    UInt64(try Numerics.divU32(u32(x), u32(y)))
i32RemS           binary      i32 i32 -> i32    UInt64(try Numerics.remS32(u32(x), u32(y)))
i32RemU           binary      i32 i32 -> i32    UInt64(try Numerics.remU32(u32(x), u32(y)))
i32And            binary      i32 i32 -> i32    UInt64(u32(x) & u32(y))
i32Or             binary      i32 i32 -> i32    UInt64(u32(x) | u32(y))
i32Xor            binary      i32 i32 -> i32    UInt64(u32(x) ^ u32(y))
i32Shl            binary      i32 i32 -> i32    UInt64(u32(x) &<< u32(y))
i32ShrS           binary      i32 i32 -> i32    UInt64(UInt32(bitPattern: Int32(bitPattern: u32(x)) &>> Int32(bitPattern: u32(y))))
i32ShrU           binary      i32 i32 -> i32    UInt64(u32(x) &>> u32(y))
i32Rotl           binary      i32 i32 -> i32    UInt64(Numerics.rotateLeft(u32(x), u32(y)))
i32Rotr           binary      i32 i32 -> i32    UInt64(Numerics.rotateLeft(u32(x), 0 &- u32(y)))
i64Add            binary      i64 i64 -> i64    u64(x) &+ u64(y)
i64Sub            binary      i64 i64 -> i64    u64(x) &- u64(y)
i64Mul            binary      i64 i64 -> i64    u64(x) &* u64(y)
i64DivS           binary      i64 i64 -> i64    try Numerics.divS64(u64(x), u64(y))
i64DivU           binary      i64 i64 -> i64    try Numerics.divU64(u64(x), u64(y))
i64RemS           binary      i64 i64 -> i64    try Numerics.remS64(u64(x), u64(y))
i64RemU           binary      i64 i64 -> i64    try Numerics.remU64(u64(x), u64(y))
i64And            binary      i64 i64 -> i64    u64(x) & u64(y)
i64Or             binary      i64 i64 -> i64    u64(x) | u64(y)
i64Xor            binary      i64 i64 -> i64    u64(x) ^ u64(y)
i64Shl            binary      i64 i64 -> i64    u64(x) &<< u64(y)
i64ShrS           binary      i64 i64 -> i64    UInt64(bitPattern: Int64(bitPattern: u64(x)) &>> Int64(bitPattern: u64(y)))
i64ShrU           binary      i64 i64 -> i64    u64(x) &>> u64(y)
i64Rotl           binary      i64 i64 -> i64    Numerics.rotateLeft(u64(x), u64(y))
i64Rotr           binary      i64 i64 -> i64    Numerics.rotateLeft(u64(x), 0 &- u64(y))
f32Add            binary      f32 f32 -> f32    slot32(f32(x) + f32(y))
f32Sub            binary      f32 f32 -> f32    slot32(f32(x) - f32(y))
f32Mul            binary      f32 f32 -> f32    slot32(f32(x) * f32(y))
f32Div            binary      f32 f32 -> f32    slot32(f32(x) / f32(y))
f32Min            binary      f32 f32 -> f32    slot32(Numerics.minimum(f32(x), f32(y)))
f32Max            binary      f32 f32 -> f32    slot32(Numerics.maximum(f32(x), f32(y)))
f32Copysign       binary      f32 f32 -> f32    (x & 0x7fff_ffff) | (y & 0x8000_0000)
f64Add            binary      f64 f64 -> f64    slot64(f64(x) + f64(y))
f64Sub            binary      f64 f64 -> f64    slot64(f64(x) - f64(y))
f64Mul            binary      f64 f64 -> f64    slot64(f64(x) * f64(y))
f64Div            binary      f64 f64 -> f64    slot64(f64(x) / f64(y))
f64Min            binary      f64 f64 -> f64    slot64(Numerics.minimum(f64(x), f64(y)))
f64Max            binary      f64 f64 -> f64    slot64(Numerics.maximum(f64(x), f64(y)))
f64Copysign       binary      f64 f64 -> f64    (x & 0x7fff_ffff_ffff_ffff) | (y & 0x8000_0000_0000_0000)
i32WrapI64        conversion  i64 -> i32        UInt64(u32(x))
i32TruncF32S      conversion  f32 -> i32        UInt64(UInt32(bitPattern: try Numerics.truncate(f32(x), to: Int32.self)))
i32TruncF32U      conversion  f32 -> i32        UInt64(try Numerics.truncate(f32(x), to: UInt32.self))
i32TruncF64S      conversion  f64 -> i32        UInt64(UInt32(bitPattern: try Numerics.truncate(f64(x), to: Int32.self)))
i32TruncF64U      conversion  f64 -> i32        UInt64(try Numerics.truncate(f64(x), to: UInt32.self))
i64ExtendI32S     conversion  i32 -> i64        UInt64(bitPattern: Int64(Int32(bitPattern: u32(x))))
i64ExtendI32U     conversion  i32 -> i64        UInt64(u32(x))
i64TruncF32S      conversion  f32 -> i64        UInt64(bitPattern: try Numerics.truncate(f32(x), to: Int64.self))
i64TruncF32U      conversion  f32 -> i64        try Numerics.truncate(f32(x), to: UInt64.self)
i64TruncF64S      conversion  f64 -> i64        UInt64(bitPattern: try Numerics.truncate(f64(x), to: Int64.self))
i64TruncF64U      conversion  f64 -> i64        try Numerics.truncate(f64(x), to: UInt64.self)
f32ConvertI32S    conversion  i32 -> f32        slot32(Float(Int32(bitPattern: u32(x))))
f32ConvertI32U    conversion  i32 -> f32        slot32(Float(u32(x)))
f32ConvertI64S    conversion  i64 -> f32        slot32(Float(Int64(bitPattern: x)))
f32ConvertI64U    conversion  i64 -> f32        slot32(Float(x))
f32DemoteF64      conversion  f64 -> f32        slot32(Float(f64(x)))
f64ConvertI32S    conversion  i32 -> f64        slot64(Double(Int32(bitPattern: u32(x))))
f64ConvertI32U    conversion  i32 -> f64        slot64(Double(u32(x)))
f64ConvertI64S    conversion  i64 -> f64        slot64(Double(Int64(bitPattern: x)))
f64ConvertI64U    conversion  i64 -> f64        slot64(Double(x))
f64PromoteF32     conversion  f32 -> f64        slot64(Double(f32(x)))
i32ReinterpretF32 conversion  f32 -> i32        -
i64ReinterpretF64 conversion  f64 -> i64        -
f32ReinterpretI32 conversion  i32 -> f32        -
f64ReinterpretI64 conversion  i64 -> f64        -
i32TruncSatF32S   conversion  f32 -> i32        UInt64(UInt32(bitPattern: Numerics.truncateSaturating(f32(x), to: Int32.self)))
i32TruncSatF32U   conversion  f32 -> i32        UInt64(Numerics.truncateSaturating(f32(x), to: UInt32.self))
i32TruncSatF64S   conversion  f64 -> i32        UInt64(UInt32(bitPattern: Numerics.truncateSaturating(f64(x), to: Int32.self)))
i32TruncSatF64U   conversion  f64 -> i32        UInt64(Numerics.truncateSaturating(f64(x), to: UInt32.self))
i64TruncSatF32S   conversion  f32 -> i64        UInt64(bitPattern: Numerics.truncateSaturating(f32(x), to: Int64.self))
i64TruncSatF32U   conversion  f32 -> i64        Numerics.truncateSaturating(f32(x), to: UInt64.self)
i64TruncSatF64S   conversion  f64 -> i64        UInt64(bitPattern: Numerics.truncateSaturating(f64(x), to: Int64.self))
i64TruncSatF64U   conversion  f64 -> i64        Numerics.truncateSaturating(f64(x), to: UInt64.self)
"""

# The loads and stores of memory 0, in Op's order: how the loaded value becomes a slot, the type loaded; how the
# stored slot becomes the value stored. Each has an `...Indexed` twin that adds two address slots itself.
LOADS = [
    ("i32Load", "UInt64(%s)", "UInt32"),
    ("i64Load", "%s", "UInt64"),
    ("i32Load8S", "UInt64(UInt32(bitPattern: Int32(%s)))", "Int8"),
    ("i32Load8U", "UInt64(%s)", "UInt8"),
    ("i32Load16S", "UInt64(UInt32(bitPattern: Int32(%s)))", "Int16"),
    ("i32Load16U", "UInt64(%s)", "UInt16"),
    ("i64Load8S", "UInt64(bitPattern: Int64(%s))", "Int8"),
    ("i64Load16S", "UInt64(bitPattern: Int64(%s))", "Int16"),
    ("i64Load32S", "UInt64(bitPattern: Int64(%s))", "Int32"),
]
STORES = [
    ("i32Store", "u32(%s)"),
    ("i64Store", "%s"),
    ("i32Store8", "UInt8(truncatingIfNeeded: %s)"),
    ("i32Store16", "UInt16(truncatingIfNeeded: %s)"),
]
# The branches on one slot: the condition on it (X), and their negations.
TESTS = [("brIf", "u32(X) != 0"), ("brIfNot", "u32(X) == 0"), ("brIfI64Eqz", "X == 0"), ("brIfI64Nez", "X != 0")]
NEGATED_TESTS = {"brIf": "brIfNot", "brIfNot": "brIf", "brIfI64Eqz": "brIfI64Nez", "brIfI64Nez": "brIfI64Eqz"}
# The branch that a test of a value fuses into.
FUSED_TESTS = {"i32Eqz": "brIfNot", "i64Eqz": "brIfI64Eqz"}
# The exact negations of the integer comparisons (float comparisons with NaN have none: a `brIfNot` twin instead).
NEGATED_COMPARISONS = {"Eq": "Ne", "Ne": "Eq", "LtS": "GeS", "LtU": "GeU", "GtS": "LeS", "GtU": "LeU", "LeS": "GtS",
                       "LeU": "GtU", "GeS": "LtS", "GeU": "LtU"}
# Instructions that are not numeric but leave their result in the accumulator, with their interpreter case.
VALUES = [
    ("copy", "r = $B", "b"),
    ("const64", "r = UInt64(UInt32(bitPattern: i.b)) | UInt64(UInt32(bitPattern: i.c)) << 32", ""),
    ("globalGet", "r = ctx.globals[Int(i.b)].pointee", ""),
    ("memorySize", "r = ctx.memorySize / UInt64(Memory.pageSize)", ""),
    ("refIsNull", "r = bool(fp[Int(i.b)] == Slot.null)", ""),
]
GLOBAL_SET = ("globalSet", ["ctx.globals[Int(i.b)].pointee = $A", "ip += 1", "continue dispatch"], "a")

GENERATED = "// Generated by tools/generate/wax-ops.py: do not edit.\n"


class Numeric:
    def __init__(self, line):
        fields = line.split()
        arrow = fields.index("->")
        self.name, self.kind = fields[0], fields[1]
        self.operands, self.result = fields[2:arrow], fields[arrow + 1]
        self.semantics = line.split(None, arrow + 2)[arrow + 2]
        self.traps = "try " in self.semantics
        self.reinterpretation = self.semantics == "-"
        # The fields an operand may come from the accumulator in.
        self.fields = ["b", "c"][:len(self.operands)]


NUMERICS = [Numeric(line) for line in NUMERIC.strip().split("\n")]
COMPARISONS = [n for n in NUMERICS if n.kind == "cmp"]
INSTRUCTIONS = [n for n in NUMERICS if not n.reinterpretation]


def upper(name):
    return name[0].upper() + name[1:]


def acc(name, field):
    return name + "Acc" + field.upper()


def slot(field, accumulated):
    return "acc" if field == accumulated else "fp[Int(i.%s)]" % field


def condition(comparison, x, y):
    """The Swift condition of a comparison of x and y."""
    body = re.fullmatch(r"bool\((.*)\)", comparison.semantics).group(1)
    return re.sub(r"\by\b", lambda _: y, re.sub(r"\bx\b", lambda _: x, body))


def branches(comparison):
    """The compare-and-branch instructions of a comparison: (name, negated), one or (floats) two."""
    if comparison.name[0] == "i":
        return [("brIf" + upper(comparison.name), False)]
    return [("brIf" + upper(comparison.name), False), ("brIfNot" + upper(comparison.name), True)]


def negated_branch(name):
    if name.startswith("brIfNot") and name != "brIfNot":
        return "brIf" + name[len("brIfNot"):]
    if name.startswith("brIfF"):
        return "brIfNot" + name[len("brIf"):]
    width, test = name[4:7], name[7:]
    return "brIf" + width + NEGATED_COMPARISONS[test]


# Every instruction with accumulator variants: (name, the fields it may read from the accumulator), in the order of
# the compiler's tables.
def accumulator_families():
    families = [("copy", "b"), (GLOBAL_SET[0], GLOBAL_SET[2])]
    families += [(name, "a") for name, _ in TESTS]
    families += [(branch, "ab") for c in COMPARISONS for branch, _ in branches(c)]
    families += [(name + "Indexed", "bc") for name, _, _ in LOADS]
    families += [(name + "Indexed", "abc") for name, _ in STORES]
    families += [(name, "b") for name, _, _ in LOADS]
    families += [(name, "ab") for name, _ in STORES]
    families += [(n.name, "".join(n.fields)) for n in INSTRUCTIONS]
    return families


def variants(name, fields):
    return [name] + [acc(name, f) for f in fields]


# MARK: NumericOp.swift and NumericSemantics.swift

def numeric_op():
    lines = [GENERATED.rstrip("\n"),
             "// The numeric instructions of WebAssembly 2.0, one case each so the interpreter dispatches once per instruction.",
             "// Their operand and result types follow from their names; `signature` spells them out for validation.",
             "import WasmParser", "", "enum NumericOp: UInt8 {"]
    lines += ["    case " + n.name for n in NUMERICS]
    lines += ["}", "", "extension NumericOp {", "    /// Operand types and result type.",
              "    var signature: (operands: [ValueType], result: ValueType) {", "        switch self {"]
    for n in NUMERICS:
        operands = ", ".join("." + t for t in n.operands)
        lines.append("        case .%s: return ([%s], .%s)" % (n.name, operands, n.result))
    lines += ["        }", "    }"]
    for kind, enum in (("cmp", "Cmp"), ("unary", "Unary"), ("binary", "Binary"), ("conversion", "Conversion")):
        lines += ["", "    init(_ op: Instruction.%s) {" % enum, "        switch op {"]
        lines += ["        case .%s: self = .%s" % (n.name, n.name) for n in NUMERICS if n.kind == kind]
        lines += ["        }", "    }"]
    return "\n".join(lines + ["}"]) + "\n"


def numeric_semantics():
    lines = [GENERATED.rstrip("\n"),
             "/// What each numeric instruction computes on slots (see `Slot` for the encodings): one function per opcode, so that",
             "/// the interpreter's variants of an instruction (operands from slots or from the accumulator) share it.",
             "enum NumericSemantics {"]
    for n in INSTRUCTIONS:
        parameters = ", ".join("_ %s: UInt64" % p for p in "xy"[:len(n.operands)])
        throws = " throws(Trap)" if n.traps else ""
        lines.append("    @inline(__always) static func %s(%s)%s -> UInt64 { %s }" % (n.name, parameters, throws, n.semantics))
    return "\n".join(lines + ["}"]) + "\n"


# MARK: OpTables.swift

def switch(header, cases, default):
    lines = ["", header, "        switch self {"] + ["        " + c for c in cases]
    if default.startswith("\n"):
        lines.append("        default:" + default)
    elif default:
        lines.append("        default: " + default)
    return lines + ["        }", "    }"]


def op_tables():
    lines = [GENERATED.rstrip("\n"), "// Properties of opcodes that the function compiler uses to pick instructions.", "",
             "extension Op {",
             "    /// The instruction of a numeric operator; nil for the reinterpretations, which leave a slot as it is.",
             "    init?(_ op: NumericOp) {", "        switch op {"]
    lines += ["        case .%s: self = .%s" % (n.name, n.name) for n in INSTRUCTIONS]
    lines.append("        case %s: return nil" % ", ".join("." + n.name for n in NUMERICS if n.reinterpretation))
    lines += ["        }", "    }"]

    setting = [v for name, _, fields in VALUES for v in variants(name, fields)]
    setting += [v for name, _, _ in LOADS for v in variants(name, "b")]
    setting += [v for name, _, _ in LOADS for v in variants(name + "Indexed", "bc")]
    setting += [v for n in INSTRUCTIONS for v in variants(n.name, n.fields)]
    cases = ["case " + ",\n             ".join("." + s for s in setting) + ":", "    return true"]
    lines += switch("    /// Whether the instruction leaves the value it writes to slot a in the accumulator.\n"
                    "    var setsAccumulator: Bool {", cases, "\n            return false")

    families = accumulator_families()
    lines += ["", "    /// The variant that reads the operand in `field` from the accumulator, if there is one.",
              "    func readingAccumulator(_ field: Inst.Field) -> Op? {", "        switch (self, field) {"]
    lines += ["        case (.%s, .%s): return .%s" % (name, f, acc(name, f)) for name, fields in families for f in fields]
    lines += ["        default: return nil", "        }", "    }"]

    additions = [("brIf", "i32AddBrIf"), ("brIfNot", "i32AddBrIfNot")]
    additions += [("brIf" + upper(c.name), "i32AddBrIf" + c.name[3:]) for c in COMPARISONS if c.name.startswith("i32")]
    lines += switch("    /// The instruction that adds and then branches like this branch on the accumulator, for a sum just computed.\n"
                    "    var afterAddition: Op? {",
                    ["case .%s: return .%s" % (acc(branch, "a"), fused) for branch, fused in additions], "return nil")

    memory = [name for name, _, _ in LOADS] + [name for name, _ in STORES]
    lines += switch("    /// The load or store that adds its two address operands itself (for one without a static offset).\n"
                    "    var indexed: Op? {", ["case .%s: return .%sIndexed" % (m, m) for m in memory], "return nil")

    lines += switch("    /// The instruction itself, whatever operand it reads from the accumulator.\n"
                    "    var withoutAccumulator: Op {",
                    ["case %s: return .%s" % (", ".join("." + acc(name, f) for f in fields), name)
                     for name, fields in families], "return self")

    fused = list(FUSED_TESTS.items())
    fused += [(c.name, branches(c)[0][0]) for c in COMPARISONS]
    lines += switch("    /// The branch that tests this comparison directly (`brIf` of its result), for compare-and-branch fusion.\n"
                    "    var fusedBranch: Op? {", ["case .%s: return .%s" % f for f in fused], "return nil")

    negations = [(name, NEGATED_TESTS[name]) for name, _ in TESTS]
    negations += [(b, negated_branch(b)) for c in COMPARISONS for b, _ in branches(c)]
    lines += switch("    /// The conditional branch taken exactly when this one is not (integer comparisons have exact negations).\n"
                    "    var negatedBranch: Op {", ["case .%s: return .%s" % n for n in negations],
                    'preconditionFailure("not a conditional branch")')
    return "\n".join(lines + ["}"]) + "\n"


# MARK: Regions of Inst.swift (Op's cases) and Interpreter.swift (the loop's cases)

def op_regions():
    integer = [c for c in COMPARISONS if c.name[0] == "i"]
    floating = [c for c in COMPARISONS if c.name[0] == "f"]
    additions = ["i32AddBrIf", "i32AddBrIfNot"] + ["i32AddBrIf" + c.name[3:] for c in integer if c.name.startswith("i32")]
    groups = {
        "integer branches": [v for c in integer for b, _ in branches(c) for v in variants(b, "ab")],
        "float branches": [v for c in floating for b, _ in branches(c) for v in variants(b, "ab")],
        "additions and branches": additions,
        "loads": [v for name, _, _ in LOADS for v in variants(name, "b")],
        "indexed loads": [v for name, _, _ in LOADS for v in variants(name + "Indexed", "bc")],
        "stores": [v for name, _ in STORES for v in variants(name, "ab")],
        "indexed stores": [v for name, _ in STORES for v in variants(name + "Indexed", "abc")],
        "numeric instructions": [v for n in INSTRUCTIONS for v in variants(n.name, n.fields)],
    }
    return {name: (lambda _, indent, cases=cases: [indent + "case " + c for c in cases]) for name, cases in groups.items()}


BRANCH_BODY = """if %s {
    if i.c <= 0 {
        ticks &-= 1
        if ticks <= 0 { try spendTicks(&window); ticks = window }
    }
    ip += Int(i.c)
    continue dispatch
}
ip += 1
continue dispatch"""

ADDITION_BODY = """let sum = UInt64(u32(fp[Int(i.b)]) &+ u32(fp[Int(i.c)]))
fp[Int(i.a)] = sum
let test = ip[1]
if %s {
    if test.c <= 0 {
        ticks &-= 1
        if ticks <= 0 { try spendTicks(&window); ticks = window }
    }
    ip += 1 &+ Int(test.c)
    continue dispatch
}
ip += 2
continue dispatch"""


def interpreter_cases():
    """The body of the interpreter's case of every instruction the tables describe, by name."""
    cases = {}

    def add(name, fields, body):
        """body(accumulated field or None) -> the lines of the case."""
        for field in [None] + list(fields):
            cases[acc(name, field) if field else name] = body(field)

    def sub(text, accumulated):
        return text.replace("$A", slot("a", accumulated)).replace("$B", slot("b", accumulated))

    for name, test in TESTS:
        add(name, "a", lambda f, test=test: (BRANCH_BODY % test.replace("X", slot("a", f))).split("\n"))
    for c in COMPARISONS:
        for branch, negated in branches(c):
            def body(f, c=c, negated=negated):
                test = condition(c, slot("a", f), slot("b", f))
                return (BRANCH_BODY % ("!(%s)" % test if negated else test)).split("\n")
            add(branch, "ab", body)
    cases["i32AddBrIf"] = (ADDITION_BODY % "u32(sum) != 0").split("\n")
    cases["i32AddBrIfNot"] = (ADDITION_BODY % "u32(sum) == 0").split("\n")
    for c in COMPARISONS:
        if c.name.startswith("i32"):
            cases["i32AddBrIf" + c.name[3:]] = (ADDITION_BODY % condition(c, "sum", "fp[Int(test.a)]")).split("\n")
    for name, body, fields in VALUES:
        add(name, fields, lambda f, body=body: [sub(body, f)])
    name, body, fields = GLOBAL_SET
    add(name, fields, lambda f, body=body: [sub(line, f) for line in body])
    for name, value, loaded in LOADS:
        add(name, "b", lambda f, value=value, loaded=loaded:
            ["r = " + value % ("try ctx.load(%s, i.c, as: %s.self)" % (slot("b", f), loaded))])
        add(name + "Indexed", "bc", lambda f, value=value, loaded=loaded:
            ["r = " + value % ("try ctx.load(UInt64(u32(%s) &+ u32(%s)), 0, as: %s.self)"
                               % (slot("b", f), slot("c", f), loaded))])
    for name, value in STORES:
        add(name, "ab", lambda f, value=value:
            ["try ctx.store(%s, i.c, %s)" % (slot("a", f), value % slot("b", f)), "ip += 1", "continue dispatch"])
        add(name + "Indexed", "abc", lambda f, value=value:
            ["try ctx.store(UInt64(u32(%s) &+ u32(%s)), 0, %s)" % (slot("a", f), slot("b", f), value % slot("c", f)),
             "ip += 1", "continue dispatch"])
    for n in INSTRUCTIONS:
        call = "r = %sNumericSemantics.%s" % ("try " if n.traps else "", n.name)
        add(n.name, n.fields, lambda f, n=n, call=call: [call + "(" + ", ".join(slot(p, f) for p in n.fields) + ")"])
    return cases


def regions(text):
    """The text as pieces: strings outside the generated regions, and (indent, name, body) for each region."""
    pieces, outside, region = [], [], None
    for line in text.splitlines(keepends=True):
        stripped = line.lstrip(" ")
        if region is None and stripped.startswith("// generated: "):
            pieces.append("".join(outside))
            region = (line[:len(line) - len(stripped)], stripped[len("// generated: "):].rstrip("\n"), [])
        elif region is not None and line == "%s// end generated: %s\n" % region[:2]:
            pieces.append((region[0], region[1], "".join(region[2])))
            outside, region = [], None
        elif region is not None:
            region[2].append(line)
        else:
            outside.append(line)
    if region is not None:
        sys.exit("wax-ops.py: the region %r does not end" % region[1])
    return pieces + ["".join(outside)]


def rewrite_regions(text, writers, path):
    """The text with each region's body written again by writers[name](old body, indent) -> lines."""
    out, seen = [], set()
    for piece in regions(text):
        if isinstance(piece, str):
            out.append(piece)
            continue
        indent, name, body = piece
        if name not in writers:
            sys.exit("wax-ops.py: %s has a region %r the generator does not know" % (path, name))
        seen.add(name)
        lines = writers[name](body, indent)
        out.append("%s// generated: %s\n%s%s// end generated: %s\n" % (indent, name, "".join(l + "\n" for l in lines),
                                                                      indent, name))
    missing = set(writers) - seen
    if missing:
        sys.exit("wax-ops.py: %s lacks the regions %s" % (path, ", ".join(sorted(missing))))
    return "".join(out)


def interpreter_regions(text):
    """The loop's regions rewritten: each keeps its cases in their order with bodies from the tables; instructions
    that no region has go at the end of the last."""
    cases = interpreter_cases()
    found = [piece for piece in regions(text) if not isinstance(piece, str)]
    names = [name for _, name, _ in found]
    placed = {name: re.findall(r"^ *case \.(\w+):$", body, re.M) for _, name, body in found}
    everywhere = [c for n in names for c in placed[n]]
    for c in everywhere:
        if c not in cases:
            sys.exit("wax-ops.py: the interpreter's case %s is in a generated region but not in the tables" % c)
    if len(set(everywhere)) != len(everywhere):
        sys.exit("wax-ops.py: a case of the interpreter is in its generated regions twice")
    if names:
        placed[names[-1]] += [c for c in cases if c not in everywhere]

    def writer(name):
        def lines(_, indent):
            out = []
            for c in placed[name]:
                out.append("%scase .%s:" % (indent, c))
                out += [indent + "    " + line if line else "" for line in cases[c]]
            return out
        return lines
    return {n: writer(n) for n in names}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sources = sys.argv[1]

    def write(name, text):
        with open(os.path.join(sources, name), "w") as f:
            f.write(text)

    def read(name):
        with open(os.path.join(sources, name)) as f:
            return f.read()

    write("NumericOp.swift", numeric_op())
    write("NumericSemantics.swift", numeric_semantics())
    write("OpTables.swift", op_tables())
    write("Inst.swift", rewrite_regions(read("Inst.swift"), op_regions(), "Inst.swift"))
    interpreter = read("Interpreter.swift")
    write("Interpreter.swift", rewrite_regions(interpreter, interpreter_regions(interpreter), "Interpreter.swift"))


if __name__ == "__main__":
    main()
