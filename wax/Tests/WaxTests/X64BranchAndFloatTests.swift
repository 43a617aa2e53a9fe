import WaxNative
import XCTest

/// Branches to labels (rel8 and rel32, bound before or after, patched later) and the SSE scalar float forms,
/// checked against LLVM as X64AssemblerTests does.
final class X64BranchAndFloatTests: XCTestCase {
    typealias Names = X64AssemblerTests

    func testBranches() throws {
        var cases = EncodingCases()
        let filler = { (count: Int) in String(repeating: "int3\n", count: count) }
        let pad = { (assembler: inout X64Assembler, count: Int) in for _ in 0..<count { assembler.int3() } }
        // Backward: rel8 while the target is within -128 bytes of the branch's end, rel32 beyond.
        for count in [0, 1, 126, 127, 300] {
            cases.add(".Ltop:\n\(filler(count))jmp .Ltop") { a in
                let top = a.makeLabel()
                a.bind(top)
                pad(&a, count)
                a.jmp(top)
            }
        }
        // Forward: rel32 unless promised short; several branches waiting for one label.
        for count in [0, 5, 127] {
            cases.add("jmp .Lend\n\(filler(count)).Lend:\nret") { a in
                let end = a.makeLabel()
                a.jmp(end, short: true)
                pad(&a, count)
                a.bind(end)
                a.ret()
            }
        }
        for count in [0, 200] {
            cases.add("{disp32} jmp .Lend\n{disp32} jmp .Lend\n\(filler(count)).Lend:\nret") { a in
                let end = a.makeLabel()
                a.jmp(end)
                a.jmp(end)
                pad(&a, count)
                a.bind(end)
                a.ret()
            }
        }
        // Rolled back: the cut code's bytes, its labels and its branches waiting for an older label are gone, so
        // the older label's one branch left is patched alone.
        cases.add("{disp32} jmp .Lend\nint3\n.Lend:\nret") { a in
            let end = a.makeLabel()
            a.jmp(end)
            let cut = a.checkpoint()
            let inner = a.makeLabel()
            a.jmp(end)
            a.bind(inner)
            a.call(end)
            a.jmp(inner)
            a.rollBack(to: cut)
            a.int3()
            a.bind(end)
            a.ret()
        }
        // Cut: the code after each range moves back; branches across a cut (to an older label bound or waiting,
        // to a newer one bound before or after) are patched again and keep their size, a rel32 brought near too.
        let moves = ".Ltop:\nint3\n{disp32} jmp .Lend\nint3\n.Lmiddle:\nint3\nint3\njmp .Lforward\n"
            + "{disp32} jmp .Ltop\njmp .Lmiddle\n.Lforward:\ncall .Lend\n.Lend:\nret"
        cases.add(moves) { a in
            let (end, top) = (a.makeLabel(), a.makeLabel())
            a.bind(top)
            let cut = a.checkpoint()
            a.int3()
            let first = a.offset
            pad(&a, 3)
            let second = a.offset
            pad(&a, 130)
            let secondEnd = a.offset
            a.jmp(end)
            a.int3()
            let middle = a.makeLabel()
            a.bind(middle)
            pad(&a, 2)
            let third = a.offset
            pad(&a, 2)
            let thirdEnd = a.offset
            let forward = a.makeLabel()
            a.jmp(forward, short: true)
            a.jmp(top)
            a.jmp(middle)
            let fourth = a.offset
            pad(&a, 4)
            a.bind(forward)
            a.call(end)
            a.removeBytes(in: [first..<second, second..<secondEnd, third..<thirdEnd, fourth..<fourth + 4],
                          since: cut)
            a.bind(end)
            a.ret()
        }
        for condition in Condition.allCases {
            let jcc = "j" + Names.conditionSuffixes[Int(condition.rawValue)]
            let text = ".Ltop:\nint3\n\(jcc) .Ltop\n{disp32} \(jcc) .Lend\n\(jcc) .Lmiddle\nint3\n.Lmiddle:\n"
                + "\(filler(130))\(jcc) .Ltop\n.Lend:"
            cases.add(text) { a in
                let (top, middle, end) = (a.makeLabel(), a.makeLabel(), a.makeLabel())
                a.bind(top)
                a.int3()
                a.j(condition, top)
                a.j(condition, end)
                a.j(condition, middle, short: true)
                a.int3()
                a.bind(middle)
                pad(&a, 130)
                a.j(condition, top)
                a.bind(end)
            }
        }
        cases.add(".Lback:\nret\ncall .Lback\ncall .Lforward\nint3\n.Lforward:\nret") { a in
            let (back, forward) = (a.makeLabel(), a.makeLabel())
            a.bind(back)
            a.ret()
            a.call(back)
            a.call(forward)
            a.int3()
            a.bind(forward)
            a.ret()
        }
        try cases.check()
    }

    func testScalarFloats() throws {
        var cases = EncodingCases()
        let ops: [(ScalarFloatOp, String)] = [(.sqrt, "sqrt"), (.add, "add"), (.mul, "mul"), (.sub, "sub"),
                                              (.min, "min"), (.div, "div"), (.max, "max")]
        let xmmPairs = XMM.allCases.flatMap { a in XMM.allCases.map { b in (a, b) } }
        for (precision, suffix, pointer) in [(FloatPrecision.single, "ss", "dword"), (.double, "sd", "qword")] {
            for (a, b) in xmmPairs {
                let (dst, src) = (Names.name(a), Names.name(b))
                for (op, name) in ops {
                    cases.add("\(name)\(suffix) \(dst), \(src)") { $0.scalar(op, precision, a, b) }
                }
                cases.add("mov\(suffix) \(dst), \(src)") { $0.movs(precision, a, b) }
                cases.add("ucomi\(suffix) \(dst), \(src)") { $0.ucomis(precision, a, b) }
                cases.add("cvt\(suffix)2\(suffix == "ss" ? "sd" : "ss") \(dst), \(src)") {
                    $0.convertPrecision(from: precision, a, b)
                }
            }
            for register in [XMM.xmm0, .xmm7, .xmm8, .xmm15] {
                for (address, text) in X64AssemblerTests.someAddresses {
                    let name = Names.name(register)
                    cases.add("mov\(suffix) \(name), \(pointer) ptr \(text)") { $0.movs(precision, register, address) }
                    cases.add("mov\(suffix) \(pointer) ptr \(text), \(name)") { $0.movs(precision, address, register) }
                    for (op, opName) in ops {
                        cases.add("\(opName)\(suffix) \(name), \(pointer) ptr \(text)") {
                            $0.scalar(op, precision, register, address)
                        }
                    }
                }
            }
        }
        try cases.check()
    }

    func testFloatMovesAndConversions() throws {
        var cases = EncodingCases()
        let xmmPairs = XMM.allCases.flatMap { a in XMM.allCases.map { b in (a, b) } }
        let bitwise: [(BitwiseFloatOp, String)] = [(.and, "and"), (.andn, "andn"), (.or, "or"), (.xor, "xor")]
        let modes: [RoundingMode] = [.nearest, .down, .up, .towardZero]
        for (a, b) in xmmPairs {
            let (dst, src) = (Names.name(a), Names.name(b))
            cases.add("movaps \(dst), \(src)") { $0.movaps(a, b) }
            for (op, name) in bitwise {
                cases.add("\(name)ps \(dst), \(src)") { $0.bitwise(op, .single, a, b) }
                cases.add("\(name)pd \(dst), \(src)") { $0.bitwise(op, .double, a, b) }
            }
            for mode in modes {
                cases.add("roundss \(dst), \(src), \(mode.rawValue)") { $0.round(.single, a, b, mode) }
                cases.add("roundsd \(dst), \(src), \(mode.rawValue)") { $0.round(.double, a, b, mode) }
            }
        }
        for xmm in XMM.allCases {
            for gpr in GPR.allCases {
                let (x, r32, r64) = (Names.name(xmm), Names.name(gpr, .i32), Names.name(gpr))
                cases.add("movd \(x), \(r32)") { $0.mov(.i32, xmm, gpr) }
                cases.add("movq \(x), \(r64)") { $0.mov(.i64, xmm, gpr) }
                cases.add("movd \(r32), \(x)") { $0.mov(.i32, gpr, xmm) }
                cases.add("movq \(r64), \(x)") { $0.mov(.i64, gpr, xmm) }
                for (precision, suffix) in [(FloatPrecision.single, "ss"), (.double, "sd")] {
                    cases.add("cvtsi2\(suffix) \(x), \(r32)") { $0.convertToFloat(precision, xmm, .i32, gpr) }
                    cases.add("cvtsi2\(suffix) \(x), \(r64)") { $0.convertToFloat(precision, xmm, .i64, gpr) }
                    cases.add("cvtt\(suffix)2si \(r32), \(x)") { $0.truncateToInt(.i32, gpr, precision, xmm) }
                    cases.add("cvtt\(suffix)2si \(r64), \(x)") { $0.truncateToInt(.i64, gpr, precision, xmm) }
                }
            }
        }
        try cases.check()
    }
}
