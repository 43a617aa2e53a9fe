import WasmTypes

/// The local declarations of a module's function bodies, kept as runs (count, type) instead of one entry per local.
///
/// WasmParser (WasmKit 0.4.2) expands every body's declarations into an array with one entry per local, for all
/// bodies of the code section at once: 4,000 functions of 50,000 locals (a 32 KB module) took gigabytes. Before
/// parsing, each run's count is rewritten in place as 1 (0 stays 0) in the same number of bytes (an over-long
/// LEB128 is still a valid u32), so WasmParser sees one local per run and every size and offset stays put; the real
/// counts are kept here. A body whose declarations do not read as expected is left alone for WasmParser to judge.
struct LocalDeclarations {
    /// Declared locals beyond this many in one function are malformed, as WasmParser had them.
    static let maxLocals = 100_000

    /// The counts of the non-empty runs of every rewritten body, in order.
    private var counts: [UInt32] = []
    /// Per body: where its runs start in `counts`, or -1 for a body left as it was.
    private var firstRun: [Int32] = []

    /// A run's count in the module's bytes: where it is, its length in bytes and its value.
    private typealias Rewrite = (position: Int, length: Int, count: Int)

    /// Rewrites the counts in `bytes` (a module whose code section, if any, is at its usual place).
    static func compress(_ bytes: inout [UInt8]) -> LocalDeclarations {
        var declarations = LocalDeclarations()
        // Read everything first: a reader holds the array, and a write while one does would copy the whole module,
        // once per body (quadratic; in the kernel it took 1.6 of a boot's 2.5 billion instructions).
        let rewrites = declarations.scan(bytes)
        for rewrite in rewrites {
            // The same length: a continuation bit on every byte but the last.
            for k in 0..<rewrite.length {
                let low: UInt8 = k == 0 && rewrite.count > 0 ? 1 : 0
                bytes[rewrite.position + k] = k == rewrite.length - 1 ? low : low | 0x80
            }
        }
        return declarations
    }

    /// Keeps the counts of every body's runs; returns where they are to be rewritten.
    private mutating func scan(_ bytes: [UInt8]) -> [Rewrite] {
        var rewrites: [Rewrite] = []
        var module = ByteReader(bytes, from: 8)
        while let section = module.section() {
            guard section.id == 10 else { continue }
            var code = ByteReader(bytes, in: section.contents)
            guard let count = code.u32() else { break }
            for _ in 0..<count {
                guard let size = code.u32(), let end = code.advance(size) else { break }
                scanBody(ByteReader(bytes, in: (end - size)..<end), &rewrites)
            }
            break
        }
        return rewrites
    }

    private mutating func scanBody(_ body: ByteReader, _ allRewrites: inout [Rewrite]) {
        var reader = body
        var rewrites: [Rewrite] = []
        var nonEmpty: [UInt32] = []
        guard let runs = reader.u32() else { return firstRun.append(-1) }
        for _ in 0..<runs {
            let position = reader.position
            guard let count = reader.u32() else { return firstRun.append(-1) }
            rewrites.append((position, reader.position - position, count))
            if count > 0 { nonEmpty.append(UInt32(count)) }
            // A value type is one byte, but a typed reference (0x63, 0x64) carries a heap type: one LEB128 number.
            guard let type = reader.byte() else { return firstRun.append(-1) }
            if type == 0x63 || type == 0x64, !reader.skip(lebs: 1) { return firstRun.append(-1) }
        }
        allRewrites += rewrites
        firstRun.append(Int32(counts.count))
        counts += nonEmpty
    }

    /// The declared locals of body `index` as runs, from WasmParser's one type per non-empty run and the counts
    /// kept here; nil when there are too many.
    func runs(ofBody index: Int, parsed: [WasmTypes.ValueType]) -> [(count: Int, type: WasmTypes.ValueType)]? {
        var runs: [(count: Int, type: WasmTypes.ValueType)] = []
        var total = 0
        let start = index < firstRun.count ? Int(firstRun[index]) : -1
        for (k, type) in parsed.enumerated() {
            let count = start >= 0 ? Int(counts[start + k]) : 1
            total += count
            guard total < LocalDeclarations.maxLocals else { return nil }
            runs.append((count, type))
        }
        return runs
    }
}
