import Foundation
import Glibc
import WAT
@testable import Wax
import XCTest

/// Code compiled with `NativeFaults.memoryGuards` (the kernel's mode: 32-bit memory 0's bounds left to the MMU):
/// its accesses run on a memory that reserves its index space, and every access is in the site table a fault
/// handler reads, at an instruction llvm-objdump reads as an access through the memory base (r13).
final class GuardedMemoryTests: XCTestCase {
    private let text = """
        (module
          (memory 1 2)
          (func $sum (export "sum") (param $at i32) (result i32)
            (i32.add (i32.load offset=8 (local.get $at)) (i32.load8_u offset=1 (i32.const 0))))
          (func (export "fill") (param $at i32) (param $value i64)
            (i64.store offset=16 (local.get $at) (local.get $value))
            (i32.store16 (i32.const 0x1fffe) (i32.const 0xabcd)))
          (func (export "grow") (result i32) (memory.grow (i32.const 1)))
          (func (export "high") (result i32) (i32.load16_u (i32.const 0x1fffe)))
          (func (export "far") (result i32) (i32.load8_u offset=0x7fffffff (i32.const 1)))
          (func (export "farther") (result i64) (i64.load offset=0x80000000 (i32.const 1)))
          (func (export "square") (param $at i32) (param $x f64)
            (f64.store offset=24 (local.get $at) (f64.mul (local.get $x) (local.get $x)))))
        """

    /// The capacities the reserving allocator was asked for.
    nonisolated(unsafe) private static var capacities: [Int] = []

    /// Pages reserved for the whole guarded reach, made readable and writable as the memory grows (the host's
    /// stand-in for the kernel's GuestMemorySpace; an access past the size would fault the test process).
    static var reserving: MemoryAllocator { MemoryAllocator(
        allocate: { byteCount, capacity in
            capacities.append(capacity)
            guard let base = mmap(nil, NativeFaults.guardedReservation, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                                  -1, 0), base != MAP_FAILED else { return nil }
            return byteCount == 0 || mprotect(base, byteCount, PROT_READ | PROT_WRITE) == 0 ? base : nil
        },
        grow: { base, _, newByteCount in mprotect(base, newByteCount, PROT_READ | PROT_WRITE) == 0 },
        deallocate: { base, _ in _ = munmap(base, NativeFaults.guardedReservation) },
        reservesIndexSpace: true) }

    private func compileGuarded() throws -> Module {
        let module = try Module(bytes: wat2wasm(text))
        NativeFaults.memoryGuards = true
        defer { NativeFaults.memoryGuards = false }
        module.compileNative()
        return module
    }

    func testGuardedCodeRunsOnAReservingAllocator() throws {
        let module = try compileGuarded()
        XCTAssertEqual(module.native?.guardedMemory, true)
        let store = Store(memoryAllocator: Self.reserving)
        store.engine = .native
        Self.capacities = []
        let instance = try store.instantiate(module, imports: Imports())
        // The memory asked for the whole reach of guarded code, not just its two pages.
        XCTAssertEqual(Self.capacities.filter { $0 >= NativeFaults.guardedReservation }.count, 1, "\(Self.capacities)")
        XCTAssertEqual("\(try instance.invoke("grow", []))", "\([Value.i32(1)])")
        XCTAssertEqual("\(try instance.invoke("fill", [.i32(100), .i64(0x1122_3344_5566_7788)]))", "[]")
        XCTAssertEqual("\(try instance.invoke("sum", [.i32(108)]))", "\([Value.i32(0x5566_7788)])")  // byte 1 is 0
        XCTAssertEqual("\(try instance.invoke("high", []))", "\([Value.i32(0xabcd)])")
        XCTAssertEqual(store.nativeFunctionCounts.compiled, 7)
        // A store whose allocator reserves nothing runs the same module interpreted, its bounds checked.
        let plain = Store()
        plain.engine = .native
        let checked = try plain.instantiate(module, imports: Imports())
        XCTAssertEqual(trap { try checked.invoke("sum", [.i32(0x10000)]) }, .memoryOutOfBounds)
        XCTAssertEqual(trap { try checked.invoke("far", []) }, .memoryOutOfBounds)
        XCTAssertEqual(plain.nativeFunctionCounts.compiled, 0)
    }

    /// Only memory 0 reserves the guarded reach: a second memory asks for its most pages. An imported memory 0 that
    /// is not guarded keeps guarded code off: the instance is interpreted and its bounds checked.
    func testOnlyMemoryZeroIsGuarded() throws {
        let two = try Module(bytes: wat2wasm("(module (memory 1 2) (memory 1 3))", features: .all))
        let store = Store(memoryAllocator: Self.reserving)
        Self.capacities = []
        _ = try store.instantiate(two, imports: Imports())
        XCTAssertEqual(Self.capacities.filter { $0 >= NativeFaults.guardedReservation }.count, 1, "\(Self.capacities)")
        XCTAssertTrue(Self.capacities.contains(3 * Memory.pageSize), "\(Self.capacities)")

        let module = try compileGuarded()
        let importer = try Module(bytes: wat2wasm(text.replacingOccurrences(of: "(memory 1 2)",
                                                                          with: "(import \"env\" \"memory\" (memory 1 2))")))
        NativeFaults.memoryGuards = true
        importer.compileNative()
        NativeFaults.memoryGuards = false
        XCTAssertEqual(module.native?.guardedMemory, true)
        XCTAssertEqual(importer.native?.guardedMemory, true)
        store.engine = .native
        var imports = Imports()
        imports.define(module: "env", name: "memory", .memory(try XCTUnwrap(store.memory(Limits(min: 1, max: 2), guarded: false))))
        let instance = try store.instantiate(importer, imports: imports)
        XCTAssertEqual(trap { try instance.invoke("far", []) }, .memoryOutOfBounds)
        XCTAssertEqual(store.nativeFunctionCounts.compiled, 0)
    }

    func testEveryAccessIsInTheSiteTable() throws {
        let module = try compileGuarded()
        let code = try XCTUnwrap(module.native)
        let bytes = Array(UnsafeRawBufferPointer(start: code.memory.base, count: code.codeBytes))
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("guarded-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let source = work.appendingPathComponent("code.s"), object = work.appendingPathComponent("code.o")
        try (".text\n.byte " + bytes.map { String($0) }.joined(separator: ",") + "\n").write(to: source, atomically: true,
                                                                                       encoding: .utf8)
        func tool(_ path: String, _ arguments: [String]) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = arguments
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return output
        }
        _ = try tool("/usr/bin/llvm-mc", ["-triple=x86_64", "-filetype=obj", source.path, "-o", object.path])
        let listing = try tool("/usr/bin/llvm-objdump", ["-d", "-M", "intel", "--no-show-raw-insn", object.path])
        // Instruction text by offset.
        var instructions: [Int: String] = [:]
        for line in listing.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let offset = Int(parts[0].trimmingCharacters(in: .whitespaces), radix: 16) else {
                continue
            }
            instructions[offset] = parts[1].trimmingCharacters(in: .whitespaces)
        }
        let layout = NativeFaults.layout()
        let accesses = instructions.filter { $0.value.contains("[r13 + ") }.keys.sorted()
        XCTAssertEqual(accesses.count, 8, "the module's eight loads and stores: \(accesses)")
        for offset in accesses {
            let site = try XCTUnwrap(NativeFaults.faultSite(code: code.memory.base, size: code.memory.size, offset: offset, layout: layout),
                                     "no site for \(instructions[offset] ?? "")")
            XCTAssertNotNil(module.definedFunction(at: Int(site)))
            XCTAssertNil(NativeFaults.faultSite(code: code.memory.base, size: code.memory.size, offset: offset + 1, layout: layout))
        }
        // Each access's site is in its own function.
        let functions = try accesses.map { offset in
            try XCTUnwrap(module.definedFunction(at: Int(NativeFaults.faultSite(code: code.memory.base,
                                                                                size: code.memory.size, offset: offset, layout: layout)!)))
        }
        XCTAssertEqual(functions, [0, 0, 1, 1, 3, 4, 5, 6])
    }
}
