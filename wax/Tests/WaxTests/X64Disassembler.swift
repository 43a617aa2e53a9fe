import Foundation
import WaxNative
import XCTest

/// Checks X64Assembler against LLVM: each case pairs the bytes the assembler emits with Intel-syntax text; llvm-mc
/// assembles the text, llvm-objdump disassembles both, and the two disassemblies must read the same. The expected
/// side is LLVM's alone, never the encoder's. Each case goes in a section of its own, so that its addresses (and
/// the targets of its branches) count from its own start. Debian's `llvm` package provides both tools
/// (mk/wax.mk installs it).
struct EncodingCases {
    private(set) var cases: [(text: String, bytes: [UInt8])] = []

    /// A case: `text` is one or more lines of Intel-syntax assembly (labels are `.L` names, each case's own).
    mutating func add(_ text: String, _ emit: (inout X64Assembler) -> Void) {
        var assembler = X64Assembler()
        emit(&assembler)
        cases.append((text, assembler.finish()))
    }

    /// Fails the test for each case whose disassembly differs, and when the tools are missing.
    func check(file: StaticString = #filePath, line: UInt = #line) throws {
        let tools = ["/usr/bin/llvm-mc", "/usr/bin/llvm-objdump"]
        for tool in tools where !FileManager.default.isExecutableFile(atPath: tool) {
            XCTFail("\(tool) is missing: install Debian's llvm package (make deps)", file: file, line: line)
            return
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("x64-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        var expected = ".intel_syntax noprefix\n"
        var actual = ""
        for (number, (text, bytes)) in cases.enumerated() {
            let section = ".section .text.case\(number),\"ax\",@progbits\n"
            expected += section + text.replacingOccurrences(of: ".L", with: ".Lcase\(number)_") + "\n"
            actual += section + (bytes.isEmpty ? "" : ".byte " + bytes.map { String($0) }.joined(separator: ",")) + "\n"
        }
        let want = try disassemble(expected, in: work, name: "expected", tools: tools)
        let got = try disassemble(actual, in: work, name: "actual", tools: tools)
        XCTAssertEqual(want.count, cases.count, "llvm-mc's sections", file: file, line: line)
        var failures = 0
        for (number, (text, bytes)) in cases.enumerated() where want[number] != got[number] {
            failures += 1
            if failures <= 40 {
                let hex = bytes.map { String($0, radix: 16) }.joined(separator: " ")
                XCTFail("\(text.replacingOccurrences(of: "\n", with: "; ")): LLVM reads \(want[number] ?? []), "
                        + "the encoder's bytes [\(hex)] read \(got[number] ?? [])", file: file, line: line)
            }
        }
        XCTAssertEqual(failures, 0, "cases that differ, of \(cases.count)", file: file, line: line)
    }

    /// The instructions of each case's section, as llvm-objdump prints them (Intel syntax, without addresses or
    /// symbol names), by case number.
    private func disassemble(_ source: String, in work: URL, name: String, tools: [String]) throws -> [Int: [String]] {
        let assembly = work.appendingPathComponent(name + ".s")
        let object = work.appendingPathComponent(name + ".o")
        try source.write(to: assembly, atomically: true, encoding: .utf8)
        let errors = work.appendingPathComponent(name + ".err")
        _ = try run(tools[0], ["-triple=x86_64", "-filetype=obj", assembly.path, "-o", object.path], errors: errors)
        let listing = try run(tools[1], ["-d", "-M", "intel", "--no-show-raw-insn", object.path], errors: errors)
        var sections: [Int: [String]] = [:]
        var current = -1
        for line in listing.split(separator: "\n").map(String.init) {
            if line.hasPrefix("Disassembly of section .text.case") {
                current = Int(line.dropFirst("Disassembly of section .text.case".count).dropLast())!
                sections[current] = []
            } else if current >= 0, let colon = line.firstIndex(of: ":"),
                      line[..<colon].allSatisfy({ $0 == " " || $0.isHexDigit }), line.first == " " {
                var instruction = line[line.index(after: colon)...].split(whereSeparator: { $0 == " " || $0 == "\t" })
                    .joined(separator: " ")
                if let symbol = instruction.range(of: " <") { instruction = String(instruction[..<symbol.lowerBound]) }
                sections[current]!.append(instruction)
            }
        }
        return sections
    }

    /// The tool's standard output; its standard error goes to a file (read only when it fails), so that
    /// neither pipe can fill while the other is read.
    private func run(_ tool: String, _ arguments: [String], errors: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let output = Pipe()
        FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            throw DisassemblerFailure(message: "\(tool): " + String(message.prefix(2000)))
        }
        return String(decoding: data, as: UTF8.self)
    }
}

struct DisassemblerFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
