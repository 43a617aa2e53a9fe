/// A decoded, validated and translated module, ready to be instantiated any number of times.
public final class Module {
    public let types: [FunctionType]
    /// Every type as declared (see `DefinedType`).
    let definedTypes: [DefinedType]
    public let imports: [Import]
    /// Type index of every function, imported ones first.
    let functionTypes: [Int]
    let importedFunctionCount: Int
    let tables: [TableType]
    let importedTableCount: Int
    let memories: [Limits]
    let importedMemoryCount: Int
    let globals: [GlobalType]
    let importedGlobalCount: Int
    /// Type index of every tag, imported ones first.
    let tags: [Int]
    let importedTagCount: Int
    let globalInitializers: [ConstExpr]
    /// The defined tables whose elements start with a value other than null, and that value.
    let tableInitializers: [(table: Int, value: ConstExpr)]
    public let exports: [Export]
    let start: Int?
    let elements: [ElementSegment]
    let data: [DataSegment]
    /// Translated code of all defined functions, one after the other.
    let code: CodeBuffer<Inst>
    /// The accumulator readers of `code` after which their operand's slot need not hold it
    /// (`FunctionCompiler.accumulatorDies`): for the native tier, beside the code so that `Inst` stays as the
    /// interpreter wants it (see `PositionBits`).
    private let accumulatorDiesBits: PositionBits
    /// Entry point and frame layout of each defined function.
    let bodies: CodeBuffer<FunctionBody>
    /// The entries of every br_table: absolute code positions.
    let branchTables: CodeBuffer<Int32>
    /// The frame images of all defined functions (see `FunctionBody.image`).
    let frameImages: CodeBuffer<UInt64>
    /// The try_tables of all defined functions, where a thrown exception looks for its handler.
    let handlers: ExceptionHandlers
    /// The bytes the decoded module holds (see `Footprint`).
    let decodedFootprint: Int
    /// The bytes the module holds, its native code's pages included, for an embedder that charges them: fixed
    /// once `compileNative` has run (an embedder that charges it calls that first).
    public var footprint: Int { decodedFootprint + (native?.memory.size ?? 0) }
    /// Where the functions' code ends and their `native` instructions start (one per function, see `Op.native`).
    let codeEnd: Int
    /// The native tier's code, compiled by `compileNative` (or when a store with the native engine first runs an
    /// instance of it); nil when it could not be.
    var native: NativeCode?
    private var nativeAttempted = false
    /// Whether its code or its values may hold v128s: its instances need the store's shadow stack.
    let usesSimd: Bool
    /// Where a struct's fields sit in its object when one is a v128 (`DefinedType.fieldSlots`): by type index, -1
    /// (field k is slot k) or where its fields' first slots start in `fieldSlots`. Flat, so that struct.get and
    /// struct.set of other structs pay one load and one test for it.
    let fieldSlotsStart: [Int]
    let fieldSlots: [Int]
    /// What an embedder resolved each import to, in its own numbering (WASIImports: its function for each import),
    /// kept with the module so that every instance of a module shared between processes reuses it instead of
    /// matching names again. The embedder sets it once, before it shares the module.
    public var importResolution: [Int]?

    init(parts: ModuleParts, code: [Inst], accumulatorDies: PositionBits, bodies: [FunctionBody],
         branchTables: [Int32], frameImages: [UInt64], handlers: ExceptionHandlers) {
        types = parts.types
        definedTypes = parts.definedTypes
        imports = parts.imports
        functionTypes = parts.functionTypes
        importedFunctionCount = parts.importedFunctionCount
        tables = parts.tables
        importedTableCount = parts.importedTableCount
        memories = parts.memories
        importedMemoryCount = parts.importedMemoryCount
        globals = parts.globals
        importedGlobalCount = parts.importedGlobalCount
        tags = parts.tags
        importedTagCount = parts.importedTagCount
        globalInitializers = parts.globalInitializers
        tableInitializers = parts.tableInitializers.compactMap { entry in entry.value.map { (entry.table, $0) } }
        exports = parts.exports
        start = parts.start
        elements = parts.elements
        data = parts.data
        codeEnd = code.count
        usesSimd = parts.types.contains { ($0.parameters + $0.results).contains(.v128) }
            || parts.globals.contains { $0.value == .v128 } || code.contains { $0.op == .simd }
            || parts.definedTypes.contains { $0.holdsVectors }
        var fieldSlotsStart: [Int] = [], fieldSlots: [Int] = []
        for type in parts.definedTypes {
            let slots = type.fieldSlots
            fieldSlotsStart.append(slots.isEmpty ? -1 : fieldSlots.count)
            fieldSlots += slots
        }
        self.fieldSlotsStart = fieldSlotsStart
        self.fieldSlots = fieldSlots
        // The `native` instruction of each function, after the code (see `Op.native`).
        self.code = CodeBuffer(code + (0..<bodies.count).map { Inst(.native, Int32($0)) })
        accumulatorDiesBits = accumulatorDies
        self.bodies = CodeBuffer(bodies)
        self.branchTables = CodeBuffer(branchTables)
        self.frameImages = CodeBuffer(frameImages)
        self.handlers = handlers
        decodedFootprint = Footprint.bytes(of: parts) + Footprint.bytes(code) + Footprint.bytes(accumulatorDies.words)
            + Footprint.bytes(bodies)
            + bodies.count * MemoryLayout<Inst>.stride
            + Footprint.bytes(branchTables) + Footprint.bytes(frameImages) + handlers.footprint
            + (fieldSlots.isEmpty ? 0 : Footprint.bytes(fieldSlotsStart) + Footprint.bytes(fieldSlots))
    }

    /// Decodes and validates a binary module. Decoding holds at most about `maxFootprint` bytes on the way, and
    /// the decoded module's `footprint` is within it; a module that needs more is refused with a `ModuleError` of
    /// kind `.resourceLimit`.
    public convenience init(bytes: [UInt8], maxFootprint: Int = .max) throws(ModuleError) {
        let budget = DecodingBudget(limit: maxFootprint)
        let decoded = try ModuleDecoder.decode(bytes, budget: budget)
        self.init(parts: decoded.parts, code: decoded.code, accumulatorDies: decoded.accumulatorDies,
                  bodies: decoded.bodies, branchTables: decoded.branchTables, frameImages: decoded.frameImages,
                  handlers: decoded.handlers)
        try budget.check(footprint, section: nil)
    }

    /// Compiles the native code once: later calls, and stores with the native engine, find it (or its absence)
    /// as it is. Code that would take the footprint past `maxFootprint`, or that finds no executable pages, is
    /// dropped: the module is then interpreted.
    public func compileNative(maxFootprint: Int = .max) {
        guard !nativeAttempted else { return }
        nativeAttempted = true
        native = NativeCode.compile(self, guardedMemory: NativeFaults.memoryGuards)
        if footprint > maxFootprint { native = nil }
    }

    /// Whether the accumulator reader at code `position` leaves its operand's slot dead: nothing reads the value
    /// after it, so the producer before it need not store it (false past the code, and for any other instruction).
    func accumulatorDies(at position: Int) -> Bool { accumulatorDiesBits[position] }

    /// Instructions of the module's translated code: what compiling it natively works through (an embedder that
    /// bounds the compiler's working memory sizes it from this).
    public var instructionCount: Int { codeEnd }

    /// Whether `compileNative` gave the module native code.
    public var hasNativeCode: Bool { native != nil }

    /// The module names a binary imports from, even when the module as a whole is refused.
    public static func importedModuleNames(_ bytes: [UInt8]) -> [String] {
        ModuleDecoder.importedModuleNames(bytes)
    }

    public func functionType(ofFunction index: Int) -> FunctionType { types[functionTypes[index]] }

    /// The type of export `name`, if the module exports a function by that name.
    public func exportedFunctionType(_ name: String) -> FunctionType? {
        for export in exports where sameName(export.name, name) {
            if case .function(let index) = export.kind { return functionType(ofFunction: index) }
        }
        return nil
    }
}

public struct Import: Sendable {
    public enum Kind: Sendable {
        case function(typeIndex: Int)
        case table(TableType)
        case memory(Limits)
        case global(GlobalType)
        case tag(typeIndex: Int)
    }

    public var module: String
    public var name: String
    public var kind: Kind
}

public struct Export: Sendable {
    public enum Kind: Equatable, Sendable {
        case function(Int)
        case table(Int)
        case memory(Int)
        case global(Int)
        case tag(Int)
    }

    public var name: String
    public var kind: Kind
}

/// A constant expression: a single constant, global read or function reference, or (extended-const) a sequence
/// of them with i32 and i64 arithmetic.
enum ConstExpr {
    case slot(UInt64)
    /// A v128 constant: its low half (the slot) and its high half (the shadow). Boxed, so that the other cases
    /// (element segments hold one per item) stay the size of a word and a tag.
    indirect case v128(UInt64, UInt64)
    case globalGet(Int)
    case refFunc(Int)
    case sequence([ConstTerm])
}

struct ElementSegment {
    enum Mode {
        case passive
        case declarative
        case active(table: Int, offset: ConstExpr)
    }

    var type: ValueType
    var mode: Mode
    var items: [ConstExpr]
}

struct DataSegment {
    enum Mode {
        case passive
        case active(memory: Int, offset: ConstExpr)
    }

    var mode: Mode
    var bytes: [UInt8]
}

/// Where a defined function's code starts and how its frame is laid out on the value stack: the parameters,
/// the declared locals, the function's constants, then the operand stack.
struct FunctionBody {
    var entry: Int32
    /// The frame slot the image is copied to: the first declared local, or the first constant when the declared
    /// locals are many and a `zeroSlots` instruction clears them instead.
    var imageSlot: Int32
    /// Where the function's frame image starts in the module's `frameImages`: what the slots from `imageSlot` on
    /// hold at entry (zeroed locals, then the constants); its length is even.
    var image: Int32
    var imageCount: Int32
    /// Slots the frame may use: parameters, locals, constants and the deepest operand stack.
    var frameSize: Int32
}

/// Immutable storage for translated code with a pointer that stays put, so the interpreter reads it without
/// retaining or bounds-checking an array on every instruction.
final class CodeBuffer<Element> {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    init(_ elements: [Element]) {
        count = elements.count
        base = UnsafeMutablePointer<Element>.allocate(capacity: max(count, 1))
        elements.withUnsafeBufferPointer { source in
            if let address = source.baseAddress { base.initialize(from: address, count: count) }
        }
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }
}

/// WebAssembly names match byte for byte; Swift's `==` on strings would also match canonically equivalent ones.
/// Lengths first (most names differ there), then the bytes in place: imports and exports are looked up by name
/// at every process start, and a generic walk of two UTF-8 views costs tens of instructions a byte.
public func sameName(_ a: String, _ b: String) -> Bool {
    guard a.utf8.count == b.utf8.count else { return false }
    let contiguous = a.utf8.withContiguousStorageIfAvailable { x in
        b.utf8.withContiguousStorageIfAvailable { y in x.elementsEqual(y) }
    }
    if let contiguous, let same = contiguous { return same }
    return a.utf8.elementsEqual(b.utf8)
}
