import Foundation
import XCTest

/// Builds real ELF files at test time with the Swift toolchain's clang and ld.lld, so the parser is checked
/// against what a real linker writes rather than against bytes written by the same hands as the parser.
enum ToolchainELF {
    static let toolchain = ProcessInfo.processInfo.environment["TOOLCHAIN"] ?? "/opt/swift/usr/bin"

    /// A kernel-shaped executable: linked at high virtual addresses, loaded (p_paddr) from 0x200000.
    static let kernelSource = """
        static volatile unsigned long counter;
        unsigned char scratch[8192];
        const char greeting[] = "hello from the stand-in";
        __attribute__((noinline)) unsigned long alpha(unsigned long x) { return x * 3 + counter; }
        __attribute__((noinline)) unsigned long beta(unsigned long x) { return alpha(x) + scratch[x & 7] + greeting[1]; }
        void _start(void) { for (;;) counter = beta(counter); }
        """

    static let kernelScript = """
        ENTRY(_start)
        SECTIONS {
          . = 0xffffffff80200000;
          .text : AT(0x200000) { *(.text*) }
          . = ALIGN(0x1000);
          .rodata : AT(ADDR(.rodata) - 0xffffffff80000000) { *(.rodata*) }
          . = ALIGN(0x1000);
          .data : AT(ADDR(.data) - 0xffffffff80000000) { *(.data*) }
          .bss : AT(ADDR(.bss) - 0xffffffff80000000) { *(.bss*) *(COMMON) }
        }
        """

    static func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "\(toolchain)/\(tool)")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardError = pipe
        try process.run()
        let errors = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "ToolchainELF", code: Int(process.terminationStatus), userInfo: [
                NSLocalizedDescriptionKey: "\(tool) failed: \(String(decoding: errors, as: UTF8.self))"])
        }
    }

    static func output(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "\(toolchain)/\(tool)")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("elftests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Compiles `source` for `target` and links it with `script`; returns the executable's path. With
    /// `link == false`, returns the relocatable object instead.
    static func build(source: String = kernelSource, script: String = kernelScript,
                      target: String = "x86_64-unknown-none-elf", link: Bool = true) throws -> URL {
        let dir = try temporaryDirectory()
        let c = dir.appendingPathComponent("k.c"), o = dir.appendingPathComponent("k.o")
        let lds = dir.appendingPathComponent("k.ld"), elf = dir.appendingPathComponent("k.elf")
        try source.write(to: c, atomically: true, encoding: .utf8)
        try script.write(to: lds, atomically: true, encoding: .utf8)
        try run("clang", ["--target=\(target)", "-ffreestanding", "-fno-pic", "-O1", "-mcmodel=kernel",
                          "-c", c.path, "-o", o.path].filter { target.hasPrefix("x86_64") || $0 != "-mcmodel=kernel" })
        guard link else { return o }
        try run("ld.lld", ["-T", lds.path, "-static", "-nostdlib", "-o", elf.path, o.path])
        return elf
    }

    static func bytes(of url: URL) throws -> [UInt8] { [UInt8](try Data(contentsOf: url)) }

    /// The symbol addresses llvm-nm reports, as an independent reference for symbol lookup.
    static func nmSymbols(_ url: URL) throws -> [String: UInt64] {
        var result: [String: UInt64] = [:]
        for line in try output("llvm-nm", ["--defined-only", url.path]).split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 3, let value = UInt64(fields[0], radix: 16) else { continue }
            result[String(fields[2])] = value
        }
        return result
    }
}
