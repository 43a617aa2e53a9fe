import WasmParser
import WasmTypes

/// Everything about a module except its code, as the decoder collects it.
struct ModuleParts {
    /// The function type of every type index (an empty signature for struct and array types, which
    /// `functionType` refuses).
    var types: [FunctionType] = []
    /// Every type as declared, with its group, supertype and canonical index (see `DefinedType`).
    var definedTypes: [DefinedType] = []
    /// The module's recursive groups so far, by key: how a new group finds an equal earlier one.
    var typeGroups = GroupTable()
    var imports: [Import] = []
    var functionTypes: [Int] = []
    var importedFunctionCount = 0
    var tables: [TableType] = []
    var importedTableCount = 0
    var memories: [Limits] = []
    var importedMemoryCount = 0
    var globals: [GlobalType] = []
    var importedGlobalCount = 0
    var globalInitializers: [ConstExpr] = []
    /// Defined tables and the value their elements start with (nil: null).
    var tableInitializers: [(table: Int, value: ConstExpr?)] = []
    var exports: [Export] = []
    var start: Int?
    var elements: [ElementSegment] = []
    var data: [DataSegment] = []
    var dataCount: Int?
    /// Type index of every tag, imported ones first.
    var tags: [Int] = []
    var importedTagCount = 0
    /// Functions that `ref.func` may name inside function bodies: those referenced outside them.
    var declaredReferences: [Bool] = []

    mutating func declareReference(_ function: Int) {
        if declaredReferences.count <= function { declaredReferences += [Bool](repeating: false, count: function + 1 - declaredReferences.count) }
        declaredReferences[function] = true
    }

    func isDeclaredReference(_ function: Int) -> Bool {
        function < declaredReferences.count && declaredReferences[function]
    }

    /// Type `index`, which must be a function type.
    func functionType(_ index: Int) throws(ModuleError) -> FunctionType {
        guard index < definedTypes.count else { throw ModuleError(.invalid, "unknown type \(index)") }
        guard case .function(let type) = definedTypes[index].body else {
            throw ModuleError(.invalid, "type mismatch: type \(index) is not a function type")
        }
        return type
    }

    /// Appends a recursive group's types, giving each its canonical index.
    mutating func appendTypes(_ group: RecursiveGroup) throws(ModuleError) {
        guard !group.types.isEmpty else { return }
        let start = definedTypes.count
        definedTypes += try TypeConversion.definedTypes(group, start: start, earlier: definedTypes)
        let key = TypeKey.make(definedTypes, group: start, outside: { definedTypes[$0].canonical })
        if let first = typeGroups.find(key) {
            for k in 0..<group.types.count { definedTypes[start + k].canonical = first + k }
        } else {
            typeGroups.insert(key, id: start)
        }
        try TypeConversion.checkSupertypes(definedTypes, group: start)
        for type in definedTypes[start...] {
            if case .function(let function) = type.body { types.append(function) } else { types.append(FunctionType(parameters: [], results: [])) }
        }
    }
}

/// Drives WasmParser over a binary, validates the module level and hands each body to `FunctionCompiler`.
enum ModuleDecoder {
    /// WebAssembly 3.0 features and threads are decoded so that their use is reported as unsupported by name
    /// instead of as a malformed byte.
    static let parserFeatures: WasmFeatureSet = WasmFeatureSet.all

    /// The preamble, checked here so that the commonest bad input (not a module at all) gets the spec's words
    /// on every build; WasmParser's own message for it does not print in Embedded Swift.
    static func checkHeader(_ bytes: [UInt8]) throws(ModuleError) {
        guard bytes.count >= 4, bytes[0] == 0, bytes[1] == 0x61, bytes[2] == 0x73, bytes[3] == 0x6D else {
            throw ModuleError(.malformed, "magic header not detected", section: "header", offset: 0)
        }
        guard bytes.count >= 8 else { throw ModuleError(.malformed, "unexpected end", section: "header", offset: 4) }
        guard bytes[4] == 1, bytes[5] == 0, bytes[6] == 0, bytes[7] == 0 else {
            throw ModuleError(.malformed, "unknown binary version", section: "header", offset: 4)
        }
    }

    struct Result {
        var parts: ModuleParts
        var code: [Inst]
        var accumulatorDies: PositionBits
        var bodies: [FunctionBody]
        var branchTables: [Int32]
        var frameImages: [UInt64]
        var handlers: ExceptionHandlers
    }

    /// Legacy exception instructions are looked for only once a body does not parse without them: the walk that
    /// finds them takes 4% of decoding a 1 MB module, which modules without them need not pay.
    static func decode(_ bytes: [UInt8], budget: DecodingBudget) throws(ModuleError) -> Result {
        do {
            return try decode(bytes, budget: budget, readingLegacy: false)
        } catch {
            guard error.kind == .malformed, error.section == "code" else { throw error }
            return try decode(bytes, budget: budget, readingLegacy: true)
        }
    }

    private static func decode(_ bytes: [UInt8], budget: DecodingBudget, readingLegacy: Bool) throws(ModuleError)
        -> Result {
        try checkHeader(bytes)
        var canonical = WideMemoryLimits.narrow(OverlongOpcodes.canonicalize(bytes))
        let localDeclarations = LocalDeclarations.compress(&canonical)
        let legacy = readingLegacy ? LegacyExceptions.rewrite(&canonical) : LegacyExceptions()
        var parser = Parser(bytes: canonical, features: parserFeatures)
        var parts = ModuleParts()
        var codes: [Code] = []
        var definedFunctionCount = 0
        var sawCode = false
        var section = "header"
        // The copy of the input and what the parser keeps of the sections read so far; what the module keeps of
        // them, counted again after each section but the custom ones (which may come by the thousand).
        var parserHeld = canonical.count
        var partsHeld = 0
        while true {
            let sectionHeld = DecodingBudget.parserBytes(canonical, at: parser.offset)
            if partsHeld + parserHeld + sectionHeld > budget.limit {
                try budget.check(partsHeld + parserHeld + sectionHeld,
                                 section: DecodingBudget.sectionName(canonical, at: parser.offset))
            }
            guard let payload = try next(&parser, section: section) else { break }
            parserHeld += sectionHeld
            defer {
                if case .customSection = payload {} else { partsHeld = Footprint.bytes(of: parts) }
            }
            switch payload {
            case .header, .customSection:
                break
            case .typeSection(let groups):
                section = "type"
                for group in groups {
                    try at(section) { () throws(ModuleError) in try parts.appendTypes(group) }
                }
                // Only new groups look equal ones up: the table goes with the section.
                parts.typeGroups = GroupTable()
            case .importSection(let imports):
                section = "import"
                for entry in imports { try at(section) { () throws(ModuleError) in try addImport(entry, to: &parts) } }
            case .functionSection(let indices):
                section = "function"
                for typeIndex in indices {
                    _ = try at(section) { () throws(ModuleError) in try parts.functionType(Int(typeIndex)) }
                    parts.functionTypes.append(Int(typeIndex))
                }
                definedFunctionCount = indices.count
            case .tableSection(let tables):
                section = "table"
                for table in tables {
                    let type = try at(section) { () throws(ModuleError) in try TypeConversion.tableType(table.type) }
                    try at(section) { () throws(ModuleError) in try TypeConversion.checkIndexes([type.element], below: parts.types.count) }
                    // A table of non-nullable references needs an initializer (typed function references).
                    let initializer = try at(section) { () throws(ModuleError) -> ConstExpr? in
                        guard let expression = table.initializer else {
                            guard type.element.isNullable else { throw ModuleError(.invalid, "type mismatch: table of non-nullable references without an initializer") }
                            return nil
                        }
                        return try ConstExprValidator.validate(expression, type: type.element, parts: &parts, definingGlobal: nil)
                    }
                    parts.tables.append(type)
                    parts.tableInitializers.append((parts.tables.count - 1, initializer))
                }
            case .memorySection(let memories):
                section = "memory"
                for memory in memories { parts.memories.append(try at(section) { () throws(ModuleError) in try TypeConversion.memoryType(memory.type) }) }
            case .globalSection(let globals):
                section = "global"
                for global in globals {
                    let type = try at(section) { () throws(ModuleError) in try TypeConversion.globalType(global.type) }
                    try at(section) { () throws(ModuleError) in try TypeConversion.checkIndexes([type.value], below: parts.types.count) }
                    let initializer = try at(section) { () throws(ModuleError) in
                        try ConstExprValidator.validate(global.initializer, type: type.value, parts: &parts, definingGlobal: parts.globals.count)
                    }
                    parts.globals.append(type)
                    parts.globalInitializers.append(initializer)
                }
            case .tagSection(let tags):
                section = "tag"
                for tag in tags { parts.tags.append(try at(section) { () throws(ModuleError) in try tagType(tag.type, parts: parts) }) }
            case .exportSection(let exports):
                section = "export"
                for export in exports { try at(section) { () throws(ModuleError) in try addExport(export, to: &parts) } }
                try checkDistinctNames(parts.exports)
            case .startSection(let index):
                section = "start"
                parts.start = Int(index)
            case .elementSection(let segments):
                section = "element"
                for segment in segments { parts.elements.append(try at(section) { () throws(ModuleError) in try element(segment, parts: &parts) }) }
            case .codeSection(let bodies):
                section = "code"
                sawCode = true
                codes = bodies
            case .dataSection(let segments):
                section = "data"
                for segment in segments { parts.data.append(try at(section) { () throws(ModuleError) in try data(segment, parts: &parts) }) }
            case .dataCount(let count):
                section = "data count"
                parts.dataCount = Int(count)
            }
        }
        if definedFunctionCount != codes.count || (!sawCode && definedFunctionCount > 0) {
            throw ModuleError(.malformed, "function and code section have inconsistent lengths", section: "code")
        }
        if let count = parts.dataCount, count != parts.data.count {
            throw ModuleError(.malformed, "data count and data section have inconsistent lengths", section: "data")
        }
        if let start = parts.start {
            guard start < parts.functionTypes.count else { throw ModuleError(.invalid, "unknown function \(start)", section: "start") }
            let type = parts.types[parts.functionTypes[start]]
            guard type.parameters.isEmpty, type.results.isEmpty else {
                throw ModuleError(.invalid, "start function must have type [] -> []", section: "start")
            }
        }

        var code: [Inst] = []
        var accumulatorDies = PositionBits()
        var bodies: [FunctionBody] = []
        var branchTables: [Int32] = []
        var frameImages: [UInt64] = []
        var handlers = ExceptionHandlers()
        var legacyCursor = LegacyExceptions.Cursor()
        let held = Footprint.bytes(of: parts) + parserHeld
        // Any function may hold a v128 when a signature, a global or a GC field has one (a call's result, a
        // global's value, a struct.get's).
        let moduleHoldsVectors = parts.types.contains { ($0.parameters + $0.results).contains(.v128) }
            || parts.globals.contains { $0.value == .v128 } || parts.definedTypes.contains { $0.holdsVectors }
        for (i, body) in codes.enumerated() {
            let index = parts.importedFunctionCount + i
            try budget.check(held + DecodingBudget.bytes(code) + DecodingBudget.bytes(accumulatorDies.words)
                             + DecodingBudget.bytes(bodies) + handlers.footprint
                             + DecodingBudget.bytes(branchTables) + DecodingBudget.bytes(frameImages)
                             + DecodingBudget.compilerBytes(bodySize: body.expression.count), section: "code")
            guard let locals = localDeclarations.runs(ofBody: i, parsed: body.locals) else {
                throw ModuleError(.malformed, "too many locals", section: "code", function: index)
            }
            // The code so far moves into the compiler and back, so that appending never copies it.
            let scan = FunctionCompiler.constants(of: body)
            var compiler = try FunctionCompiler(
                parts: parts, functionIndex: index, code: consume code, accumulatorDies: consume accumulatorDies,
                branchTables: consume branchTables,
                locals: locals, constants: scan.values, holdsVectors: moduleHoldsVectors || scan.usesSimd,
                legacy: legacy, legacyCursor: legacyCursor, legacyReferenceSlots: legacy.referenceSlots[i] ?? 0)
            var expression = ExpressionParser(code: body)
            while true {
                let visit: ExpressionParser.Visit?
                do {
                    visit = try expression.parse()
                } catch {
                    throw ModuleError(.malformed, ParserErrorText.reason(error), section: "code", function: index, offset: expression.offset)
                }
                guard let visit else { break }
                do {
                    try visit(visitor: &compiler)
                } catch {
                    var located = error
                    located.section = "code"
                    located.function = index
                    if located.offset == nil { located.offset = compiler.binaryOffset }
                    throw located
                }
            }
            let finished = try compiler.finish()
            var function = finished.body
            function.image = Int32(frameImages.count)
            frameImages += finished.image
            bodies.append(function)
            handlers.append(compiler.tryTables)
            legacyCursor = compiler.legacyCursor
            code = finished.code
            accumulatorDies = finished.accumulatorDies
            branchTables = finished.branchTables
        }
        return Result(parts: parts, code: code, accumulatorDies: accumulatorDies, bodies: bodies,
                      branchTables: branchTables, frameImages: frameImages, handlers: handlers)
    }

    /// The module names a binary imports from, read as far as the import section allows (empty if unreadable).
    static func importedModuleNames(_ bytes: [UInt8]) -> [String] {
        var parser = Parser(bytes: WideMemoryLimits.narrow(OverlongOpcodes.canonicalize(bytes)), features: parserFeatures)
        while let payload = try? parser.parseNext() {
            if case .importSection(let imports) = payload { return imports.map { $0.module } }
        }
        return []
    }

    static func next(_ parser: inout Parser<StaticByteStreamSource>, section: String) throws(ModuleError) -> ParsingPayload? {
        do {
            return try parser.parseNext()
        } catch {
            throw ModuleError(.malformed, ParserErrorText.reason(error), section: section, offset: parser.offset)
        }
    }

    /// Attaches a section name to errors of module-level checks.
    static func at<T>(_ section: String, _ body: () throws(ModuleError) -> T) throws(ModuleError) -> T {
        do {
            return try body()
        } catch {
            var located = error
            if located.section == nil { located.section = section }
            throw located
        }
    }

    static func addImport(_ entry: WasmParser.Import, to parts: inout ModuleParts) throws(ModuleError) {
        let kind: Import.Kind
        switch entry.descriptor {
        case .function(let typeIndex):
            _ = try parts.functionType(Int(typeIndex))
            kind = .function(typeIndex: Int(typeIndex))
            parts.functionTypes.append(Int(typeIndex))
            parts.importedFunctionCount += 1
        case .table(let type):
            let table = try TypeConversion.tableType(type)
            try TypeConversion.checkIndexes([table.element], below: parts.types.count)
            kind = .table(table)
            parts.tables.append(table)
            parts.importedTableCount += 1
        case .memory(let type):
            let memory = try TypeConversion.memoryType(type)
            kind = .memory(memory)
            parts.memories.append(memory)
            parts.importedMemoryCount += 1
        case .global(let type):
            let global = try TypeConversion.globalType(type)
            try TypeConversion.checkIndexes([global.value], below: parts.types.count)
            kind = .global(global)
            parts.globals.append(global)
            parts.globalInitializers.append(.slot(0))
            parts.importedGlobalCount += 1
        case .tag(let typeIndex):
            let type = try tagType(typeIndex, parts: parts)
            kind = .tag(typeIndex: type)
            parts.tags.append(type)
            parts.importedTagCount += 1
        }
        parts.imports.append(Import(module: entry.module, name: entry.name, kind: kind))
    }

    static func addExport(_ export: WasmParser.Export, to parts: inout ModuleParts) throws(ModuleError) {
        let kind: Export.Kind
        switch export.descriptor {
        case .function(let i):
            guard Int(i) < parts.functionTypes.count else { throw ModuleError(.invalid, "unknown function \(i)") }
            parts.declareReference(Int(i))
            kind = .function(Int(i))
        case .table(let i):
            guard Int(i) < parts.tables.count else { throw ModuleError(.invalid, "unknown table \(i)") }
            kind = .table(Int(i))
        case .memory(let i):
            guard Int(i) < parts.memories.count else { throw ModuleError(.invalid, "unknown memory \(i)") }
            kind = .memory(Int(i))
        case .global(let i):
            guard Int(i) < parts.globals.count else { throw ModuleError(.invalid, "unknown global \(i)") }
            kind = .global(Int(i))
        case .tag(let i):
            guard Int(i) < parts.tags.count else { throw ModuleError(.invalid, "unknown tag \(i)") }
            kind = .tag(Int(i))
        }
        parts.exports.append(Export(name: export.name, kind: kind))
    }

    /// A tag's type: a function type without results (its parameters are the exception's payload).
    static func tagType(_ typeIndex: UInt32, parts: ModuleParts) throws(ModuleError) -> Int {
        guard try parts.functionType(Int(typeIndex)).results.isEmpty else { throw ModuleError(.invalid, "non-empty tag result type") }
        return Int(typeIndex)
    }

    /// Export names must differ; sorted, equal names are neighbours (a pairwise check took minutes on 50,000).
    static func checkDistinctNames(_ exports: [Export]) throws(ModuleError) {
        var order = Array(exports.indices)
        order.sort { exports[$0].name.utf8.lexicographicallyPrecedes(exports[$1].name.utf8) }
        for k in order.indices.dropFirst() where sameName(exports[order[k - 1]].name, exports[order[k]].name) {
            throw ModuleError(.invalid, "duplicate export name \"\(exports[order[k]].name)\"", section: "export")
        }
    }

    static func element(_ segment: WasmParser.ElementSegment, parts: inout ModuleParts) throws(ModuleError) -> ElementSegment {
        // Segments of plain function indices are of type `(ref func)` (WebAssembly 3.0), a subtype of funcref.
        let type = try TypeConversion.referenceType(segment.type)
        try TypeConversion.checkIndexes([type], below: parts.types.count)
        var items: [ConstExpr] = []
        for var expression in segment.initializer {
            // Function-index segments come as a bare `ref.func` without the `end` of an expression.
            if expression.count == 1, case .refFunc = expression[0] { expression.append(.end) }
            items.append(try ConstExprValidator.validate(expression, type: type, parts: &parts, definingGlobal: nil))
        }
        let mode: ElementSegment.Mode
        switch segment.mode {
        case .passive: mode = .passive
        case .declarative: mode = .declarative
        case .active(let table, let offset):
            guard Int(table) < parts.tables.count else { throw ModuleError(.invalid, "unknown table \(table)") }
            guard type.isSubtype(of: parts.tables[Int(table)].element, types: parts.definedTypes) else {
                throw ModuleError(.invalid, "type mismatch: element segment of \(type.name) for a table of \(parts.tables[Int(table)].element.name)")
            }
            let addressType = parts.tables[Int(table)].limits.addressType
            mode = .active(table: Int(table), offset: try ConstExprValidator.validate(offset, type: addressType, parts: &parts, definingGlobal: nil))
        }
        return ElementSegment(type: type, mode: mode, items: items)
    }

    static func data(_ segment: WasmParser.DataSegment, parts: inout ModuleParts) throws(ModuleError) -> DataSegment {
        switch segment {
        case .passive(let bytes):
            return DataSegment(mode: .passive, bytes: Array(bytes))
        case .active(let active):
            guard Int(active.index) < parts.memories.count else { throw ModuleError(.invalid, "unknown memory \(active.index)") }
            let addressType = parts.memories[Int(active.index)].addressType
            let offset = try ConstExprValidator.validate(active.offset, type: addressType, parts: &parts, definingGlobal: nil)
            return DataSegment(mode: .active(memory: Int(active.index), offset: offset), bytes: Array(active.initializer))
        }
    }
}
