import WasmParser
import WasmTypes

/// The GC instructions (WebAssembly 3.0): i31, ref.eq, casts, the conversions between any and extern, and
/// the struct and array instructions. All go out of line as one `Op.gc` of two words:
///
///     Inst(.gc, a, op, c)          a: the first operand's slot (the result's too) or as the op says; op: a `GCOp`
///     Inst(.operand, x, y, z)      immediates
///
/// The operands are the stack slots from a on, in WebAssembly's order (materialized there), except for the tests
/// (`refTest`, `refCast`), which read the reference where it is. The native tier does not compile `Op.gc`: a
/// function that has one stays interpreted, and references pass through native code as plain slots.
enum GCOp: Int32 {
    case refI31, i31GetS, i31GetU, refEq, convert
    /// a: destination i32 slot, c: the reference's slot; x: the heap type (`GCOp.heapCode`), y: 1 if nullable.
    case refTest
    /// a: the reference's slot (it stays there); x, y as refTest.
    case refCast
    /// x: type index; y: field index; z: 0, 1 signed, 2 unsigned (packed reads).
    case structNew, structNewDefault, structGet, structSet
    /// x: type index; y: data or element segment, or the count of array.new_fixed, or array.copy's source type;
    /// z: as structGet for arrayGet.
    case arrayNew, arrayNewDefault, arrayNewFixed, arrayNewData, arrayNewElem, arrayGet, arraySet, arrayLen
    case arrayFill, arrayCopy, arrayInitData, arrayInitElem

    /// A heap type as an immediate: a concrete type's index, or -1 - the abstract type's code.
    static func heapCode(_ heap: HeapType) -> Int32 {
        if case .index(let index) = heap { return Int32(index) }
        return Int32(-1 - heap.code)
    }
}

extension FunctionCompiler {
    mutating func gcInstruction(_ instruction: Instruction) throws(ModuleError) {
        switch instruction {
        case .refI31:
            try gc(.refI31, [.i32], result: .ref(nullable: false, heap: .i31))
        case .i31GetS:
            try gc(.i31GetS, [.ref(nullable: true, heap: .i31)], result: .i32)
        case .i31GetU:
            try gc(.i31GetU, [.ref(nullable: true, heap: .i31)], result: .i32)
        case .refEq:
            try gc(.refEq, [.ref(nullable: true, heap: .eq), .ref(nullable: true, heap: .eq)], result: .i32)
        case .anyConvertExtern:
            let operand = try pop(.externRef)
            push(operand)
            try gc(.convert, [.externRef], result: .ref(nullable: operand.type?.isNullable ?? true, heap: .any))
        case .externConvertAny:
            let operand = try pop(.ref(nullable: true, heap: .any))
            push(operand)
            let nullable = operand.type?.isNullable ?? true
            try gc(.convert, [.ref(nullable: true, heap: .any)], result: nullable ? .externRef : .ref(nullable: false, heap: .extern))
        case .refTest(let kind, let heap):
            let target = try castTarget(heap, nullable: kind == .refTestNull)
            let reference = try popReference()
            try checkCastSource(reference.type, target)
            produceGC(.refTest, .i32, c: reference.slot, GCOp.heapCode(target.heap!), target.isNullable ? 1 : 0)
        case .refCast(let kind, let heap):
            let target = try castTarget(heap, nullable: kind == .refCastNull)
            var reference = try popReference()
            try checkCastSource(reference.type, target)
            emitGC(Inst(.gc, reference.slot, GCOp.refCast.rawValue), GCOp.heapCode(target.heap!), target.isNullable ? 1 : 0, 0)
            reference.type = target
            push(reference)
        case .brOnCast(let depth, let from, let to):
            try branchOnCast(depth, from, to, onFailure: false)
        case .brOnCastFail(let depth, let from, let to):
            try branchOnCast(depth, from, to, onFailure: true)
        case .structNew(let typeIndex):
            let fields = try structFields(typeIndex)
            try gc(.structNew, fields.map { $0.unpacked }, result: .ref(nullable: false, heap: .index(Int(typeIndex))), Int32(typeIndex))
        case .structNewDefault(let typeIndex):
            let fields = try structFields(typeIndex)
            guard fields.allSatisfy({ $0.unpacked.isDefaultable }) else { throw error("type mismatch: struct.new_default of a field without a default") }
            try gc(.structNewDefault, [], result: .ref(nullable: false, heap: .index(Int(typeIndex))), Int32(typeIndex))
        case .structGet(let typeIndex, let field), .structGetS(let typeIndex, let field), .structGetU(let typeIndex, let field):
            let fields = try structFields(typeIndex)
            guard Int(field) < fields.count else { throw error("unknown field \(field)") }
            let extend = try packedRead(instruction, fields[Int(field)])
            try gc(.structGet, [.ref(nullable: true, heap: .index(Int(typeIndex)))], result: fields[Int(field)].unpacked,
                   Int32(typeIndex), Int32(field), extend)
        case .structSet(let typeIndex, let field):
            let fields = try structFields(typeIndex)
            guard Int(field) < fields.count else { throw error("unknown field \(field)") }
            guard fields[Int(field)].isMutable else { throw error("immutable field \(field)") }
            try gc(.structSet, [.ref(nullable: true, heap: .index(Int(typeIndex))), fields[Int(field)].unpacked], result: nil,
                   Int32(typeIndex), Int32(field))
        case .arrayNew(let typeIndex):
            let element = try arrayElement(typeIndex)
            try gc(.arrayNew, [element.unpacked, .i32], result: arrayType(typeIndex), Int32(typeIndex))
        case .arrayNewDefault(let typeIndex):
            let element = try arrayElement(typeIndex)
            guard element.unpacked.isDefaultable else { throw error("type mismatch: array.new_default of elements without a default") }
            try gc(.arrayNewDefault, [.i32], result: arrayType(typeIndex), Int32(typeIndex))
        case .arrayNewFixed(let typeIndex, let count):
            let element = try arrayElement(typeIndex)
            guard count <= 10_000 else { throw error("array.new_fixed of \(count) elements") }
            try gc(.arrayNewFixed, [ValueType](repeating: element.unpacked, count: Int(count)), result: arrayType(typeIndex),
                   Int32(typeIndex), Int32(count))
        case .arrayNewData(let typeIndex, let data):
            let element = try arrayElement(typeIndex)
            guard element.byteSize != nil else { throw error("type mismatch: array type is not numeric or vector") }
            try requireData(data)
            try gc(.arrayNewData, [.i32, .i32], result: arrayType(typeIndex), Int32(typeIndex), Int32(data))
        case .arrayNewElem(let typeIndex, let segment):
            let element = try arrayElement(typeIndex)
            try checkElementSegment(segment, into: element)
            try gc(.arrayNewElem, [.i32, .i32], result: arrayType(typeIndex), Int32(typeIndex), Int32(segment))
        case .arrayGet(let typeIndex), .arrayGetS(let typeIndex), .arrayGetU(let typeIndex):
            let element = try arrayElement(typeIndex)
            let extend = try packedRead(instruction, element)
            try gc(.arrayGet, [.ref(nullable: true, heap: .index(Int(typeIndex))), .i32], result: element.unpacked,
                   Int32(typeIndex), 0, extend)
        case .arraySet(let typeIndex):
            let element = try mutableArrayElement(typeIndex)
            try gc(.arraySet, [.ref(nullable: true, heap: .index(Int(typeIndex))), .i32, element.unpacked], result: nil, Int32(typeIndex))
        case .arrayLen:
            try gc(.arrayLen, [.ref(nullable: true, heap: .array)], result: .i32)
        case .arrayFill(let typeIndex):
            let element = try mutableArrayElement(typeIndex)
            try gc(.arrayFill, [.ref(nullable: true, heap: .index(Int(typeIndex))), .i32, element.unpacked, .i32], result: nil,
                   Int32(typeIndex))
        case .arrayCopy(let destination, let source):
            let target = try mutableArrayElement(destination)
            let from = try arrayElement(source)
            let matches: Bool
            switch (from.storage, target.storage) {
            case (.value(let a), .value(let b)): matches = a.isSubtype(of: b, types: parts.definedTypes)
            default: matches = from.storage == target.storage
            }
            guard matches else { throw error("type mismatch: array types do not match") }
            try gc(.arrayCopy, [.ref(nullable: true, heap: .index(Int(destination))), .i32,
                                .ref(nullable: true, heap: .index(Int(source))), .i32, .i32], result: nil,
                   Int32(destination), Int32(source))
        case .arrayInitData(let typeIndex, let data):
            let element = try mutableArrayElement(typeIndex)
            guard element.byteSize != nil else { throw error("type mismatch: array type is not numeric or vector") }
            try requireData(data)
            try gc(.arrayInitData, [.ref(nullable: true, heap: .index(Int(typeIndex))), .i32, .i32, .i32], result: nil,
                   Int32(typeIndex), Int32(data))
        case .arrayInitElem(let typeIndex, let segment):
            let element = try mutableArrayElement(typeIndex)
            try checkElementSegment(segment, into: element)
            try gc(.arrayInitElem, [.ref(nullable: true, heap: .index(Int(typeIndex))), .i32, .i32, .i32], result: nil,
                   Int32(typeIndex), Int32(segment))
        default:
            throw ModuleError(.unsupported(feature: Self.feature(of: instruction)), "instruction not in WebAssembly 2.0", offset: binaryOffset)
        }
    }

    /// Pops `operands` into their own slots from the first one's position on, emits `op` there and pushes the
    /// result in the first operand's slot.
    mutating func gc(_ op: GCOp, _ types: [ValueType], result: ValueType?, _ x: Int32 = 0, _ y: Int32 = 0, _ z: Int32 = 0) throws(ModuleError) {
        if emitting { materializeTop(types.count) }
        try pop(types)
        let base = slot(ofPosition: operands.count)
        emitGC(Inst(.gc, base, op.rawValue), x, y, z)
        if let result { push(result) }
    }

    mutating func produceGC(_ op: GCOp, _ type: ValueType, c: Int32, _ x: Int32, _ y: Int32) {
        let destination = slot(ofPosition: operands.count)
        emitGC(Inst(.gc, destination, op.rawValue, c), x, y, 0)
        push(Operand(type: type, slot: destination))
    }

    mutating func emitGC(_ instruction: Inst, _ x: Int32, _ y: Int32, _ z: Int32) {
        guard emitting else { return }
        // Not through `emit`: the GC instruction never reads the accumulator.
        code.append(instruction)
        code.append(Inst(.operand, x, y, z))
    }

    func definedType(_ typeIndex: UInt32) throws(ModuleError) -> DefinedType {
        guard Int(typeIndex) < parts.definedTypes.count else { throw error("unknown type \(typeIndex)") }
        return parts.definedTypes[Int(typeIndex)]
    }

    func structFields(_ typeIndex: UInt32) throws(ModuleError) -> [FieldType] {
        guard case .structure(let fields) = try definedType(typeIndex).body else { throw error("type mismatch: type \(typeIndex) is not a struct type") }
        return fields
    }

    func arrayElement(_ typeIndex: UInt32) throws(ModuleError) -> FieldType {
        guard case .array(let element) = try definedType(typeIndex).body else { throw error("type mismatch: type \(typeIndex) is not an array type") }
        return element
    }

    func mutableArrayElement(_ typeIndex: UInt32) throws(ModuleError) -> FieldType {
        let element = try arrayElement(typeIndex)
        guard element.isMutable else { throw error("immutable array \(typeIndex)") }
        return element
    }

    func arrayType(_ typeIndex: UInt32) -> ValueType { .ref(nullable: false, heap: .index(Int(typeIndex))) }

    /// 0 for a plain read, 1 or 2 for get_s or get_u, which only packed fields allow (and need).
    func packedRead(_ instruction: Instruction, _ field: FieldType) throws(ModuleError) -> Int32 {
        let extend: Int32
        switch instruction {
        case .structGetS, .arrayGetS: extend = 1
        case .structGetU, .arrayGetU: extend = 2
        default: extend = 0
        }
        guard (extend != 0) == field.isPacked else { throw error("type mismatch: \(extend == 0 ? "packed field read without a sign" : "get_s or get_u of an unpacked field")") }
        return extend
    }

    func checkElementSegment(_ segment: UInt32, into element: FieldType) throws(ModuleError) {
        guard Int(segment) < parts.elements.count else { throw error("unknown elem segment \(segment)") }
        guard parts.elements[Int(segment)].type.isSubtype(of: element.unpacked, types: parts.definedTypes) else {
            throw error("type mismatch: element segment of \(parts.elements[Int(segment)].type.name) for an array of \(element.unpacked.name)")
        }
    }

    func castTarget(_ heap: WasmTypes.HeapType, nullable: Bool) throws(ModuleError) -> ValueType {
        let type = ValueType.reference(nullable: nullable, try TypeConversion.heapType(heap))
        try checkHeapType(type)
        return type
    }

    /// A cast stays in its hierarchy: the target's top is the source's.
    func checkCastSource(_ source: ValueType?, _ target: ValueType) throws(ModuleError) {
        guard let source else { return }
        guard source.top(in: parts.definedTypes) == target.top(in: parts.definedTypes) else {
            throw error("type mismatch: cast from \(source.name) to \(target.name)")
        }
    }

    /// br_on_cast branches with the reference cast to `to` when the test passes; br_on_cast_fail when it fails,
    /// with the reference as `from`, and goes on with it as `to` (each as the label's last type).
    mutating func branchOnCast(_ depth: UInt32, _ from: ReferenceType, _ to: ReferenceType, onFailure: Bool) throws(ModuleError) {
        let label = try labelIndex(depth)
        let source = try TypeConversion.referenceType(from)
        let target = try TypeConversion.referenceType(to)
        try checkHeapType(source)
        try checkHeapType(target)
        guard target.isSubtype(of: source, types: parts.definedTypes) else { throw error("type mismatch: br_on_cast to a type not below its source") }
        var reference = try pop(source)
        // What reaches the label, and what goes on.
        let branched: ValueType, fallThrough: ValueType
        if onFailure {
            branched = ValueType.reference(nullable: source.isNullable && !target.isNullable, source.heap!)
            fallThrough = target
        } else {
            branched = target
            fallThrough = ValueType.reference(nullable: source.isNullable && !target.isNullable, source.heap!)
        }
        var carried = controls[label].labelTypes
        guard let last = carried.popLast(), last.isReference else {
            throw error("type mismatch: br_on_cast to a label without a reference last")
        }
        guard branched.isSubtype(of: last, types: parts.definedTypes) else {
            throw error("type mismatch: expected \(last.name), found \(branched.name)")
        }
        try checkTop(carried)
        reference.type = branched
        push(reference)
        // The test goes one slot above the reference, which keeps its own.
        produceGC(.refTest, .i32, c: reference.slot, GCOp.heapCode(target.heap!), target.isNullable ? 1 : 0)
        let passed = try pop(.i32)
        if emitting {
            let test = condition(passed)
            emitConditionalBranch(onFailure ? test.negated : test, to: label)
        }
        _ = operands.removeLast()
        reference.type = fallThrough
        push(reference)
    }
}

extension FieldType {
    /// Bytes of an element in a data segment (array.new_data, array.init_data): nil for references.
    var byteSize: Int? {
        switch storage {
        case .i8: return 1
        case .i16: return 2
        case .value(let type):
            switch type {
            case .i32, .f32: return 4
            case .i64, .f64: return 8
            case .v128: return 16
            default: return nil
            }
        }
    }

    /// A value as the field stores it (packed ones truncated).
    func pack(_ slot: UInt64) -> UInt64 {
        switch storage {
        case .i8: return slot & 0xff
        case .i16: return slot & 0xffff
        case .value(.i32), .value(.f32): return slot & 0xffff_ffff
        default: return slot
        }
    }

    /// A stored value as read by get (0), get_s (1) or get_u (2).
    func unpack(_ slot: UInt64, _ extend: Int32) -> UInt64 {
        switch storage {
        case .i8: return extend == 1 ? UInt64(UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: slot)))) : slot
        case .i16: return extend == 1 ? UInt64(UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: slot)))) : slot
        default: return slot
        }
    }
}

// MARK: Execution

extension Store {
    /// Runs the GC instruction at `ip` in a frame at `fp` of `instance`.
    @inline(never)
    func executeGC(_ ip: UnsafeMutablePointer<Inst>, _ fp: UnsafeMutablePointer<UInt64>, _ instance: Instance) throws(Trap) {
        let i = ip[0], immediates = ip[1]
        let x = Int(immediates.a), y = Int(immediates.b), z = immediates.c
        let operands = fp + Int(i.a)
        guard let op = GCOp(rawValue: i.b) else { throw .unreachable }
        let module = instance.module
        /// The stack in use: every frame below and this one up to the instruction's operands.
        func live(_ count: Int) -> Int { fp + Int(i.a) + count - stack }
        /// The high half of operand k, a v128 (its shadow: only a module with v128 fields has v128 operands, and
        /// its instances have the shadow stack).
        func high(_ k: Int) -> UInt64 { shadow(operands + k).pointee }
        switch op {
        case .refI31:
            operands[0] = GCSlot.i31(UInt32(truncatingIfNeeded: operands[0]))
        case .i31GetS, .i31GetU:
            let slot = operands[0]
            guard slot != Slot.null else { throw .nullI31Reference }
            operands[0] = UInt64(op == .i31GetS ? GCSlot.i31Signed(slot) : GCSlot.i31Unsigned(slot))
        case .refEq:
            operands[0] = operands[0] == operands[1] ? 1 : 0
        case .convert:
            operands[0] = GCSlot.convert(operands[0])
        case .refTest:
            fp[Int(i.a)] = test(fp[Int(i.c)], heap: x, nullable: y != 0, instance.typeIds) ? 1 : 0
        case .refCast:
            guard test(operands[0], heap: x, nullable: y != 0, instance.typeIds) else { throw .castFailure }
        case .structNew, .structNewDefault:
            guard case .structure(let fields) = module.definedTypes[x].body else { throw .unreachable }
            var values: [UInt64]
            if module.fieldSlotsStart[x] < 0 {
                values = [UInt64](repeating: 0, count: fields.count)
                if op == .structNew { for k in fields.indices { values[k] = fields[k].pack(operands[k]) } }
            } else {
                values = vectorStructSlots(fields, module, x, new: op == .structNew, low: { operands[$0] }, high: high)
            }
            let address = try allocateObject(typeId: instance.typeIds[x], fields: values, liveSlots: live(fields.count))
            operands[0] = GCSlot.structure(address)
        case .structGet:
            guard case .structure(let fields) = module.definedTypes[x].body else { throw .unreachable }
            let address = try structAddress(operands[0])
            let start = module.fieldSlotsStart[x]
            let slot = start < 0 ? y : module.fieldSlots[start + y]
            operands[0] = fields[y].unpack(gcHeap[address].fields[slot], z)
            if start >= 0 && fields[y].slotCount == 2 { shadow(operands).pointee = gcHeap[address].fields[slot + 1] }
        case .structSet:
            guard case .structure(let fields) = module.definedTypes[x].body else { throw .unreachable }
            let address = try structAddress(operands[0])
            let start = module.fieldSlotsStart[x]
            let slot = start < 0 ? y : module.fieldSlots[start + y]
            gcHeap[address].fields[slot] = fields[y].pack(operands[1])
            if start >= 0 && fields[y].slotCount == 2 { gcHeap[address].fields[slot + 1] = high(1) }
        case .arrayNew, .arrayNewDefault:
            let element = arrayElement(module, x)
            let count = UInt64(UInt32(truncatingIfNeeded: operands[op == .arrayNew ? 1 : 0]))
            let stride = element.slotCount
            try room(count * UInt64(stride), live(op == .arrayNew ? 2 : 1))
            let value = op == .arrayNew ? element.pack(operands[0]) : 0
            var values = [UInt64](repeating: value, count: Int(count) * stride)
            if stride == 2 && op == .arrayNew {
                let upper = high(0)
                for k in 0..<Int(count) { values[2 * k + 1] = upper }
            }
            operands[0] = try newArray(instance, x, values, live(2))
        case .arrayNewFixed:
            let element = arrayElement(module, x)
            let stride = element.slotCount
            var values = [UInt64](repeating: 0, count: y * stride)
            for k in 0..<y {
                values[k * stride] = element.pack(operands[k])
                if stride == 2 { values[2 * k + 1] = high(k) }
            }
            operands[0] = try newArray(instance, x, values, live(y))
        case .arrayNewData:
            let element = arrayElement(module, x)
            let offset = UInt64(UInt32(truncatingIfNeeded: operands[0])), count = UInt64(UInt32(truncatingIfNeeded: operands[1]))
            let values = try dataElements(instance, segment: y, element, offset: offset, count: count)
            operands[0] = try newArray(instance, x, values, live(2))
        case .arrayNewElem:
            let offset = UInt64(UInt32(truncatingIfNeeded: operands[0])), count = UInt64(UInt32(truncatingIfNeeded: operands[1]))
            let items = instance.elements[y]
            guard offset + count <= UInt64(items.count) else { throw .tableOutOfBounds }
            operands[0] = try newArray(instance, x, Array(items[Int(offset)..<Int(offset + count)]), live(2))
        case .arrayGet:
            let element = arrayElement(module, x)
            let address = try arrayAddress(operands[0])
            let index = UInt64(UInt32(truncatingIfNeeded: operands[1]))
            let stride = element.slotCount
            guard index < UInt64(gcHeap[address].fields.count &>> (stride - 1)) else { throw .arrayOutOfBounds }
            let slot = Int(index) * stride
            operands[0] = element.unpack(gcHeap[address].fields[slot], z)
            if stride == 2 { shadow(operands).pointee = gcHeap[address].fields[slot + 1] }
        case .arraySet:
            let element = arrayElement(module, x)
            let address = try arrayAddress(operands[0])
            let index = UInt64(UInt32(truncatingIfNeeded: operands[1]))
            let stride = element.slotCount
            guard index < UInt64(gcHeap[address].fields.count &>> (stride - 1)) else { throw .arrayOutOfBounds }
            let slot = Int(index) * stride
            gcHeap[address].fields[slot] = element.pack(operands[2])
            if stride == 2 { gcHeap[address].fields[slot + 1] = high(2) }
        case .arrayLen:
            // array.len names no type: the object's own gives the slots of an element.
            let address = try arrayAddress(operands[0])
            operands[0] = UInt64(gcHeap[address].fields.count / types.records[gcHeap[address].typeId].scan.stride)
        case .arrayFill:
            let element = arrayElement(module, x)
            let address = try arrayAddress(operands[0])
            let offset = UInt64(UInt32(truncatingIfNeeded: operands[1])), count = UInt64(UInt32(truncatingIfNeeded: operands[3]))
            let stride = element.slotCount
            guard offset + count <= UInt64(gcHeap[address].fields.count &>> (stride - 1)) else { throw .arrayOutOfBounds }
            let value = element.pack(operands[2])
            if stride == 2 {
                let upper = high(2)
                for k in Int(offset)..<Int(offset + count) {
                    gcHeap[address].fields[2 * k] = value
                    gcHeap[address].fields[2 * k + 1] = upper
                }
            } else {
                for k in Int(offset)..<Int(offset + count) { gcHeap[address].fields[k] = value }
            }
        case .arrayCopy:
            let destination = try arrayAddress(operands[0]), source = try arrayAddress(operands[2])
            let to = UInt64(UInt32(truncatingIfNeeded: operands[1])), from = UInt64(UInt32(truncatingIfNeeded: operands[3]))
            let count = UInt64(UInt32(truncatingIfNeeded: operands[4]))
            // Validation made both element types alike: v128 arrays on both sides or on neither.
            let stride = UInt64(arrayElement(module, x).slotCount)
            guard to + count <= UInt64(gcHeap[destination].fields.count) &>> (stride - 1),
                  from + count <= UInt64(gcHeap[source].fields.count) &>> (stride - 1) else {
                throw .arrayOutOfBounds
            }
            // Through a copy of the source range: overlapping ranges of one array copy as memmove does.
            let values = Array(gcHeap[source].fields[Int(from * stride)..<Int((from + count) * stride)])
            for k in values.indices { gcHeap[destination].fields[Int(to * stride) + k] = values[k] }
        case .arrayInitData, .arrayInitElem:
            let address = try arrayAddress(operands[0])
            let to = UInt64(UInt32(truncatingIfNeeded: operands[1])), from = UInt64(UInt32(truncatingIfNeeded: operands[2]))
            let count = UInt64(UInt32(truncatingIfNeeded: operands[3]))
            let element = arrayElement(module, x)
            let stride = UInt64(element.slotCount)
            guard to + count <= UInt64(gcHeap[address].fields.count) &>> (stride - 1) else { throw .arrayOutOfBounds }
            let values: [UInt64]
            if op == .arrayInitData {
                values = try dataElements(instance, segment: y, element, offset: from, count: count)
            } else {
                let items = instance.elements[y]
                guard from + count <= UInt64(items.count) else { throw .tableOutOfBounds }
                values = Array(items[Int(from)..<Int(from + count)])
            }
            for k in values.indices { gcHeap[address].fields[Int(to * stride) + k] = values[k] }
        }
    }

    /// The slots of a struct of type `typeIndex`, which has a v128 field (see `DefinedType.fieldSlots`): zeros for
    /// struct.new_default, else field k's value as `low(k)` gives it and, for a v128 field, its high half as
    /// `high(k)` does.
    private func vectorStructSlots(_ fields: [FieldType], _ module: Module, _ typeIndex: Int, new: Bool,
                                   low: (Int) -> UInt64, high: (Int) -> UInt64) -> [UInt64] {
        let start = module.fieldSlotsStart[typeIndex]
        let last = fields.count - 1
        var values = [UInt64](repeating: 0, count: module.fieldSlots[start + last] + fields[last].slotCount)
        guard new else { return values }
        for k in fields.indices {
            let slot = module.fieldSlots[start + k]
            values[slot] = fields[k].pack(low(k))
            if fields[k].slotCount == 2 { values[slot + 1] = high(k) }
        }
        return values
    }

    /// A GC instruction of a constant expression on its operands (see `ConstTerm.gc`), `highs` the high halves of
    /// the v128 ones.
    func evaluateGC(_ op: GCOp, typeIndex: Int, _ operands: [UInt64], highs: [UInt64], _ instance: Instance) throws(Trap) -> UInt64 {
        let module = instance.module
        let result: UInt64
        switch op {
        case .refI31: return GCSlot.i31(UInt32(truncatingIfNeeded: operands[0]))
        case .convert: return GCSlot.convert(operands[0])
        case .structNew, .structNewDefault:
            guard case .structure(let fields) = module.definedTypes[typeIndex].body else { throw .unreachable }
            var values = [UInt64](repeating: 0, count: fields.count)
            if module.fieldSlotsStart[typeIndex] < 0 {
                if op == .structNew { for k in fields.indices { values[k] = fields[k].pack(operands[k]) } }
            } else {
                values = vectorStructSlots(fields, module, typeIndex, new: op == .structNew, low: { operands[$0] },
                                           high: { highs[$0] })
            }
            result = GCSlot.structure(try allocateObject(typeId: instance.typeIds[typeIndex], fields: values, liveSlots: stackTop))
        case .arrayNew, .arrayNewDefault, .arrayNewFixed:
            let element = arrayElement(module, typeIndex)
            let stride = element.slotCount
            var values: [UInt64]
            if op == .arrayNewFixed {
                values = [UInt64](repeating: 0, count: operands.count * stride)
                for k in operands.indices {
                    values[k * stride] = element.pack(operands[k])
                    if stride == 2 { values[2 * k + 1] = highs[k] }
                }
            } else {
                let count = UInt64(UInt32(truncatingIfNeeded: operands[operands.count - 1]))
                try room(count * UInt64(stride), stackTop)
                values = [UInt64](repeating: op == .arrayNew ? element.pack(operands[0]) : 0, count: Int(count) * stride)
                if stride == 2 && op == .arrayNew { for k in 0..<Int(count) { values[2 * k + 1] = highs[0] } }
            }
            result = try newArray(instance, typeIndex, values, stackTop)
        default:
            throw .unreachable
        }
        gcPinned.append(result)
        return result
    }

    private func arrayElement(_ module: Module, _ typeIndex: Int) -> FieldType {
        if case .array(let element) = module.definedTypes[typeIndex].body { return element }
        return FieldType(storage: .value(.i32), isMutable: false)
    }

    private func structAddress(_ slot: UInt64) throws(Trap) -> Int {
        guard let address = GCSlot.address(slot) else { throw .nullStructReference }
        return address
    }

    private func arrayAddress(_ slot: UInt64) throws(Trap) -> Int {
        guard let address = GCSlot.address(slot) else { throw .nullArrayReference }
        return address
    }

    /// Traps before an array of `count` elements is built when it cannot fit whatever the collector frees.
    private func room(_ count: UInt64, _ liveSlots: Int) throws(Trap) {
        guard gcRoom(slots: count, liveSlots: liveSlots) else { throw .gcHeapExhausted }
    }

    private func newArray(_ instance: Instance, _ typeIndex: Int, _ values: [UInt64], _ liveSlots: Int) throws(Trap) -> UInt64 {
        GCSlot.array(try allocateObject(typeId: instance.typeIds[typeIndex], fields: values, liveSlots: liveSlots))
    }

    /// The slots of `count` elements of data segment `segment` from byte `offset`, little-endian: a v128 element
    /// gives two, its low 8 bytes and then its high 8.
    private func dataElements(_ instance: Instance, segment: Int, _ element: FieldType, offset: UInt64, count: UInt64) throws(Trap) -> [UInt64] {
        let size = UInt64(element.byteSize ?? 1)
        let bytes = instance.dataDropped[segment] ? [] : instance.module.data[segment].bytes
        guard count <= UInt64(bytes.count), offset + count * size <= UInt64(bytes.count) else { throw .memoryOutOfBounds }
        let wordBytes = Int(min(size, 8))
        var values = [UInt64](repeating: 0, count: Int(count * size) / wordBytes)
        for k in values.indices {
            var value: UInt64 = 0
            for b in 0..<wordBytes { value |= UInt64(bytes[Int(offset) + k * wordBytes + b]) << (8 * UInt64(b)) }
            values[k] = value
        }
        return values
    }

    /// Whether `slot` is a value of the reference type (`heap`, `nullable`), the heap type as `GCOp.heapCode`
    /// and concrete types indexing `ids` (an instance's `typeIds`).
    func test(_ slot: UInt64, heap: Int, nullable: Bool, _ ids: [Int]) -> Bool {
        if slot == Slot.null { return nullable }
        if heap >= 0 {
            guard heap < ids.count else { return false }
            let target = ids[heap]
            switch types.records[target].kind {
            case .function:
                let address = Int(slot &- 1)
                return address < functions.count && types.isSubtype(functions[address].typeId, of: target)
            default:
                guard let address = GCSlot.address(slot), gcHeap.isLive(address) else { return false }
                return types.isSubtype(gcHeap[address].typeId, of: target)
            }
        }
        switch -1 - heap {
        case HeapType.any.code, HeapType.function.code, HeapType.extern.code, HeapType.exception.code: return true
        case HeapType.eq.code: return !GCSlot.isHost(slot)
        case HeapType.i31.code: return GCSlot.isI31(slot)
        case HeapType.structure.code: return GCSlot.isStruct(slot)
        case HeapType.array.code: return GCSlot.isArray(slot)
        default: return false
        }
    }
}
