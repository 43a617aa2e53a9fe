import WasmParser

/// Translation of the exception-handling instructions. A try_table is a block whose extent and catch clauses are
/// recorded for the interpreter's handler search (`ExceptionHandlers`), with no code of its own: entering and
/// leaving it costs nothing. A catch clause's target is its label's branch target, patched like a branch's; the
/// interpreter writes the payload and the reference to the label's slots before it goes there.
extension FunctionCompiler {
    mutating func throwException(_ tagIndex: UInt32) throws(ModuleError) {
        guard Int(tagIndex) < parts.tags.count else { throw error("unknown tag \(tagIndex)") }
        let payload = parts.types[parts.tags[Int(tagIndex)]].parameters
        if emitting { materializeTop(payload.count) }
        try pop(payload)
        emit(Inst(.throwTag, Int32(tagIndex), slot(ofPosition: operands.count)))
        markUnreachable()
    }

    mutating func throwReference() throws(ModuleError) {
        let reference = try pop(.exnRef)
        emit(Inst(.throwRef, reference.slot))
        markUnreachable()
    }

    mutating func openTryTable(_ blockType: BlockType, _ clauses: [WasmParser.CatchClause]) throws(ModuleError) {
        let (p, r) = try blockSignature(blockType)
        try enterBlock(p)
        let live = emitting
        let firstCatch = tryTables.catches.count
        // The clauses' labels are those around the try_table.
        for clause in clauses {
            let (tag, passesReference, depth): (UInt32?, Bool, UInt32)
            switch clause {
            case .catch(let t, let l): (tag, passesReference, depth) = (t, false, l)
            case .catchRef(let t, let l): (tag, passesReference, depth) = (t, true, l)
            case .catchAll(let l): (tag, passesReference, depth) = (nil, false, l)
            case .catchAllRef(let l): (tag, passesReference, depth) = (nil, true, l)
            }
            var values: [ValueType] = []
            if let tag {
                guard Int(tag) < parts.tags.count else { throw error("unknown tag \(tag)") }
                values = parts.types[parts.tags[Int(tag)]].parameters
            }
            if passesReference { values.append(.ref(nullable: false, heap: .exception)) }
            let label = try labelIndex(depth)
            guard isSubtype(values, of: controls[label].labelTypes) else { throw error("type mismatch: catch clause for a label of other types") }
            guard live else { continue }
            let height = controls[label].height
            // The label's slots must exist even when nothing else on the way puts values there.
            maxOperands = max(maxOperands, height + values.count)
            tryTables.catches.append(Catch(tag: tag.map { Int32($0) } ?? Catch.anyTag, passesReference: passesReference,
                                           target: 0, slot: slot(ofPosition: height),
                                           referenceSlot: slot(ofPosition: height + values.count - 1)))
            let patch = Patch.handler(tryTables.catches.count - 1)
            if controls[label].kind == .loop {
                self.patch(patch, to: controls[label].start)
            } else {
                controls[label].patches.append(patch)
            }
        }
        let extent = TryTable(start: Int32(code.count), end: 0, functionEntry: Int32(entry), firstCatch: Int32(firstCatch),
                              catchCount: Int32(tryTables.catches.count - firstCatch))
        openTryTables.open(frame: controls.count, live ? extent : nil)
        pushControl(.tryTable, p, r)
    }

    /// At a try_table's end: records it, now that its extent is known.
    mutating func closeTryTable() {
        guard var tryTable = openTryTables.close() else { return }
        tryTable.end = Int32(code.count)
        tryTables.tryTables.append(tryTable)
    }

    /// After the function's last instruction: the return that catch clauses naming the function's own label go
    /// to, its results in the label's slots.
    mutating func emitCatchReturn(_ frame: ControlFrame) {
        guard !frame.patches.isEmpty else { return }
        for p in frame.patches { patch(p, to: code.count) }
        code.append(Inst(.ret, slot(ofPosition: frame.height), Int32(frame.results.count)))
    }
}
