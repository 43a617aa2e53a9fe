#if canImport(Glibc)
import Glibc
#endif
import WaxNative
import XCTest

/// Code from X64Assembler run on this machine: mapped writable, filled, then made read-execute (never both at
/// once), and called through C function pointers (System V: arguments in rdi, rsi, rdx..., xmm0, xmm1...;
/// results in rax or xmm0).
final class X64ExecutionTests: XCTestCase {
    /// Executable pages holding `code`, unmapped when the value goes.
    final class ExecutableCode {
        let base: UnsafeMutableRawPointer
        let size: Int

        init(_ code: [UInt8]) throws {
            size = (code.count + 4095) & ~4095
            // SAFETY: a fresh anonymous mapping of `size` bytes, written within its bounds before it becomes
            // read-execute.
            guard let pages = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
                  pages != MAP_FAILED else { throw MappingFailure(call: "mmap", errno: errno) }
            base = pages
            code.withUnsafeBytes { base.copyMemory(from: $0.baseAddress!, byteCount: code.count) }
            guard mprotect(base, size, PROT_READ | PROT_EXEC) == 0 else {
                munmap(base, size)
                throw MappingFailure(call: "mprotect", errno: errno)
            }
        }

        deinit { munmap(base, size) }

        /// Runs `body` with the code as a function of type F (a @convention(c) function type); the pages stay
        /// mapped until it returns.
        func call<F>(as _: F.Type, _ body: (F) -> Void) {
            body(unsafeBitCast(base, to: F.self))
        }
    }

    struct MappingFailure: Error {
        let call: String
        let errno: Int32
    }

    typealias IntFunction = @convention(c) (Int64, Int64) -> Int64
    typealias DoubleFunction = @convention(c) (Double, Double) -> Double

    func testAddTwoArguments() throws {
        var a = X64Assembler()
        a.lea(.i64, .rax, Address(base: .rdi, index: .rsi))
        a.ret()
        try ExecutableCode(a.finish()).call(as: IntFunction.self) { add in
            XCTAssertEqual(add(2, 40), 42)
            XCTAssertEqual(add(-5, Int64.max), Int64.max - 5)
        }
    }

    /// 1 + 2 + ... + n by a loop with a backward branch and a forward exit, through callee-saved rbx and r12.
    func testLoopSum() throws {
        var a = X64Assembler()
        let (top, done) = (a.makeLabel(), a.makeLabel())
        a.push(.rbx)
        a.push(.r12)
        a.mov(.i64, .r12, .rdi)
        a.alu(.xor, .i32, .rbx, .rbx)
        a.bind(top)
        a.test(.i64, .r12, .r12)
        a.j(.equal, done)
        a.alu(.add, .i64, .rbx, .r12)
        a.alu(.sub, .i64, .r12, imm: 1)
        a.jmp(top)
        a.bind(done)
        a.mov(.i64, .rax, .rbx)
        a.pop(.r12)
        a.pop(.rbx)
        a.ret()
        try ExecutableCode(a.finish()).call(as: IntFunction.self) { sum in
            XCTAssertEqual(sum(0, 0), 0)
            XCTAssertEqual(sum(10, 0), 55)
            XCTAssertEqual(sum(100_000, 0), 5_000_050_000)
        }
    }

    /// Signed division and remainder through rdx:rax, the result packed as quotient * 1000 + remainder, and a
    /// store and load through the stack at [rsp + 8] (a SIB case).
    func testDivisionAndStack() throws {
        var a = X64Assembler()
        a.mov(.i64, .rax, .rdi)
        a.mov(.i64, .rcx, .rsi)
        a.signExtendAccumulator(.i64)
        a.idiv(.i64, .rcx)
        a.alu(.sub, .i64, .rsp, imm: 24)
        a.mov(.qword, Address(.rsp, 8), .rdx)
        a.imul(.i64, .rax, .rax, imm: 1000)
        a.alu(.add, .i64, .rax, Address(.rsp, 8))
        a.alu(.add, .i64, .rsp, imm: 24)
        a.ret()
        try ExecutableCode(a.finish()).call(as: IntFunction.self) { divide in
            XCTAssertEqual(divide(47, 5), 9 * 1000 + 2)
            XCTAssertEqual(divide(-47, 5), -9 * 1000 - 2)
        }
    }

    /// sqrt(a * a + b * b), then rounded down; and -x by a sign-mask xor built in an integer register.
    func testFloats() throws {
        var a = X64Assembler()
        a.scalar(.mul, .double, .xmm0, .xmm0)
        a.scalar(.mul, .double, .xmm1, .xmm1)
        a.scalar(.add, .double, .xmm0, .xmm1)
        a.scalar(.sqrt, .double, .xmm0, .xmm0)
        a.round(.double, .xmm0, .xmm0, .down)
        a.ret()
        try ExecutableCode(a.finish()).call(as: DoubleFunction.self) { hypot in
            XCTAssertEqual(hypot(3, 4), 5)
            XCTAssertEqual(hypot(1, 1), 1)
        }

        var b = X64Assembler()
        b.mov(.i64, .rax, imm: Int64(bitPattern: 0x8000_0000_0000_0000))
        b.mov(.i64, .xmm9, .rax)
        b.bitwise(.xor, .double, .xmm0, .xmm9)
        b.ret()
        try ExecutableCode(b.finish()).call(as: DoubleFunction.self) { negate in
            XCTAssertEqual(negate(2.5, 0), -2.5)
        }
    }

    /// Integer and float meet: (double)(a) / 2 truncated back, and the comparison of two doubles as setcc.
    func testConversionsAndConditions() throws {
        var a = X64Assembler()
        a.convertToFloat(.double, .xmm0, .i64, .rdi)
        a.mov(.i64, .rax, imm: Int64(bitPattern: 2.0.bitPattern))
        a.mov(.i64, .xmm1, .rax)
        a.scalar(.div, .double, .xmm0, .xmm1)
        a.truncateToInt(.i64, .rax, .double, .xmm0)
        a.ret()
        try ExecutableCode(a.finish()).call(as: IntFunction.self) { half in
            XCTAssertEqual(half(7, 0), 3)
            XCTAssertEqual(half(-7, 0), -3)
        }

        var b = X64Assembler()
        b.alu(.xor, .i32, .rax, .rax)
        b.alu(.cmp, .i64, .rdi, .rsi)
        b.set(.less, .rax)
        b.mov(.i64, .rcx, imm: 100)
        b.cmov(.greater, .i64, .rax, .rcx)
        b.ret()
        try ExecutableCode(b.finish()).call(as: IntFunction.self) { compare in
            XCTAssertEqual(compare(1, 2), 1)
            XCTAssertEqual(compare(2, 2), 0)
            XCTAssertEqual(compare(3, 2), 100)
        }
    }
}
