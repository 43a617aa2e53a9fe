/// Links a module's imports, allocates its functions, tables, memories and globals, runs its active segments and
/// its start function (WebAssembly 2.0 instantiation order: segments apply one by one until one traps).
enum Instantiation {
    static func run(_ module: Module, imports: Imports, store: Store) throws(InstantiationError) -> Instance {
        let cost = bytes(of: module)
        guard store.ledger.charge(cost) else { throw .resourceLimit("instance of \(cost) bytes") }
        let instance = Instance(module: module, store: store)
        if module.usesSimd && !store.enableShadowStack() { throw .resourceLimit("no room for the v128 shadow stack") }
        instance.typeIds = store.types.register(module.definedTypes)
        let pinned = store.gcPinned.count
        defer { store.gcPinned.removeLast(store.gcPinned.count - pinned) }
        func evaluate(_ expression: ConstExpr, instance: Instance) throws(InstantiationError) -> UInt64 {
            do {
                return try Instantiation.evaluate(expression, instance: instance)
            } catch {
                throw .trap(error)
            }
        }
        try link(module, imports: imports, instance: instance, store: store)
        // The store keeps the instance alive from here on: its functions point back at it.
        store.instances.append(instance)

        for i in module.importedFunctionCount..<module.functionTypes.count {
            store.functions.append(Function(
                type: module.functionType(ofFunction: i), typeId: instance.typeIds[module.functionTypes[i]],
                kind: .wasm(instance: Unowned(object: instance), body: i - module.importedFunctionCount)))
            instance.functions.append(store.functions.count - 1)
        }
        for type in module.tables[module.importedTableCount...] {
            guard type.limits.min <= store.limits.maxTableElements else {
                throw .limitExceeded("table of \(type.limits.min) elements")
            }
            let taken = store.ledger.tableElements, total = store.limits.maxTotalTableElements
            guard type.limits.min <= total - min(taken, total) else {
                throw .resourceLimit("tables: \(taken) elements and \(type.limits.min) more, at most \(total) in all")
            }
            guard let table = store.guestTable(type) else {
                throw .resourceLimit("tables: the budget has no room for \(type.limits.min) more elements")
            }
            table.typeIds = instance.typeIds
            table.top = store.types.top(of: type.element, instance.typeIds)
            instance.tables.append(table)
        }
        let definedMemories = module.memories.count - module.importedMemoryCount
        guard definedMemories <= store.limits.maxMemories else { throw .limitExceeded("\(definedMemories) memories") }
        for (index, limits) in module.memories.enumerated().dropFirst(module.importedMemoryCount) {
            guard limits.min <= store.limits.maxMemoryPages else {
                throw .limitExceeded("memory of \(limits.min) pages")
            }
            // Guarded native code addresses memory 0 alone without checks (NativeFaults.memoryGuards).
            guard let memory = store.memory(limits, guarded: index == 0) else {
                throw .limitExceeded("no room for a memory of \(limits.min) pages")
            }
            instance.memories.append(memory)
        }
        for i in module.importedGlobalCount..<module.globals.count {
            let slot = try evaluate(module.globalInitializers[i], instance: instance)
            let global = Global(type: module.globals[i], slot: slot,
                                shadow: shadow(of: module.globalInitializers[i], instance: instance))
            global.typeIds = instance.typeIds
            global.top = store.types.top(of: global.type.value, instance.typeIds)
            instance.globals.append(global)
        }
        for (tableIndex, value) in module.tableInitializers {
            let table = instance.tables[tableIndex]
            table.fill(from: 0, count: table.count, with: try evaluate(value, instance: instance))
        }
        for typeIndex in module.tags[module.importedTagCount...] {
            let address = store.tag(type: module.types[typeIndex]).address
            store.tagTypeIds[address] = instance.typeIds[typeIndex]
            instance.tags.append(address)
        }
        for (i, global) in instance.globals.enumerated() { instance.globalSlots[i] = global.storage }
        for segment in module.elements {
            switch segment.mode {
            case .declarative: instance.elements.append([])
            case .passive, .active:
                var items: [UInt64] = []
                for item in segment.items { items.append(try evaluate(item, instance: instance)) }
                instance.elements.append(items)
            }
        }
        instance.dataDropped = [Bool](repeating: false, count: module.data.count)

        for (index, segment) in module.elements.enumerated() {
            guard case .active(let tableIndex, let offsetExpression) = segment.mode else { continue }
            let table = instance.tables[tableIndex]
            let offset = table.index(try evaluate(offsetExpression, instance: instance))
            let items = instance.elements[index]
            guard offset <= UInt64(table.count), UInt64(items.count) <= UInt64(table.count) - offset else {
                throw .trap(.tableOutOfBounds)
            }
            for (i, item) in items.enumerated() { table[Int(offset) + i] = item }
            instance.dropElements(index)
        }
        for (index, segment) in module.data.enumerated() {
            guard case .active(let memoryIndex, let offsetExpression) = segment.mode else { continue }
            let memory = instance.memories[memoryIndex]
            let offset = memory.address(try evaluate(offsetExpression, instance: instance))
            guard memory.contains(offset, UInt64(segment.bytes.count)) else { throw .trap(.memoryOutOfBounds) }
            segment.bytes.withUnsafeBytes { source in
                if let from = source.baseAddress { (memory.base + Int(offset)).copyMemory(from: from, byteCount: source.count) }
            }
            instance.dataDropped[index] = true
        }
        if let start = module.start {
            do {
                _ = try store.invoke(FunctionHandle(address: instance.functions[start], type: module.functionType(ofFunction: start)), [])
            } catch {
                throw .trap(error)
            }
        }
        return instance
    }

    /// What an instance of `module` takes in the store, charged before it is made: the instance and its arrays,
    /// a function object per defined function, globals, memories and tables (their elements are charged as the
    /// tables get them) and the element segments as reference slots. Estimated from the objects' sizes, with the
    /// allocator's rounding.
    static func bytes(of module: Module) -> Int {
        let array = 32, object = 16
        var total = object + 96 + 5 * array + 8 * module.globals.count  // Instance, its arrays, globalSlots
        total += 16 * max(module.importedFunctionCount, 1)  // directImports
        total += 8 * (module.functionTypes.count + module.tables.count + module.memories.count + module.globals.count)
        total += (module.functionTypes.count - module.importedFunctionCount) * (8 + object + 64)  // Function
        total += (module.globals.count - module.importedGlobalCount) * (object + 32 + 16)  // Global, its storage
        total += (module.memories.count - module.importedMemoryCount) * (object + 48 + 16)  // Memory, its bounds
        total += (module.tables.count - module.importedTableCount) * (object + 64 + array)  // Table
        for segment in module.elements {
            if case .declarative = segment.mode { total += array } else { total += array + 8 * segment.items.count }
        }
        total += array + module.data.count
        total += 8 * module.tags.count + (module.tags.count - module.importedTagCount) * 48  // the store's tag types
        total += 8 * module.definedTypes.count + 64 * module.definedTypes.count  // typeIds, the store's registry
        return total
    }

    static func evaluate(_ expression: ConstExpr, instance: Instance) throws(Trap) -> UInt64 {
        switch expression {
        case .slot(let slot): return slot
        case .v128(let low, _): return low
        case .globalGet(let index): return instance.globals[index].slot
        case .refFunc(let index): return Slot.reference(UInt64(instance.functions[index]))
        case .sequence(let terms): return try evaluate(terms, instance: instance)
        }
    }

    /// The high half of a v128 initializer's value (0 for the other types).
    static func shadow(of expression: ConstExpr, instance: Instance) -> UInt64 {
        switch expression {
        case .v128(_, let high): return high
        case .globalGet(let index): return instance.globals[index].shadow
        default: return 0
        }
    }

    static func link(_ module: Module, imports: Imports, instance: Instance, store: Store) throws(InstantiationError) {
        for (index, entry) in module.imports.enumerated() {
            guard let provided = imports.lookup(index: index, module: entry.module, name: entry.name) else {
                throw .unknownImport(module: entry.module, name: entry.name)
            }
            func mismatch(_ reason: String) -> InstantiationError {
                .incompatibleImportType(module: entry.module, name: entry.name, reason: reason)
            }
            switch (entry.kind, provided) {
            case (.function(let typeIndex), .function(let function)):
                let expected = module.types[typeIndex]
                guard function.address < store.functions.count else { throw mismatch("function of another store") }
                let actual = store.functions[function.address].type
                guard store.types.isSubtype(store.functions[function.address].typeId, of: instance.typeIds[typeIndex]) else { throw mismatch("function \(actual.description), expected \(expected.description)") }
                if case .direct(let direct) = store.functions[function.address].kind, direct.clock == nil {
                    instance.directImports[instance.functions.count] = DirectImport(entry: direct.entry, data: direct.data)
                }
                instance.functions.append(function.address)
            case (.table(let expected), .table(let table)):
                let actual = TableType(element: table.type.element,
                                       limits: Limits(min: UInt64(table.count), max: table.type.limits.max, is64: table.is64))
                guard store.types.equal(actual.element, table.typeIds, expected.element, instance.typeIds), actual.limits.isSubtype(of: expected.limits) else {
                    throw mismatch("table type")
                }
                instance.tables.append(table)
            case (.memory(let expected), .memory(let memory)):
                guard Limits(min: memory.pageCount, max: memory.limits.max, is64: memory.is64).isSubtype(of: expected) else {
                    throw mismatch("memory limits")
                }
                instance.memories.append(memory)
            case (.global(let expected), .global(let global)):
                // An immutable global may hold a subtype of the declared type (typed function references).
                let matches = global.type.isMutable == expected.isMutable
                    && (expected.isMutable ? store.types.equal(global.type.value, global.typeIds, expected.value, instance.typeIds)
                                           : store.types.isSubtype(global.type.value, global.typeIds, expected.value, instance.typeIds))
                guard matches else { throw mismatch("global type") }
                instance.globals.append(global)
            case (.tag(let typeIndex), .tag(let tag)):
                guard tag.address < store.tags.count, store.tagTypeIds[tag.address] == instance.typeIds[typeIndex] else {
                    throw mismatch("tag type")
                }
                instance.tags.append(tag.address)
            default:
                throw mismatch("wrong kind of import")
            }
        }
    }
}
