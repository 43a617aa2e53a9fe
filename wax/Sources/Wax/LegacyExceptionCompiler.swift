import WasmParser

/// Translation of the legacy exception instructions (see `LegacyExceptions`) onto what try_table uses. A `try` is
/// a block whose body, up to its first `catch`, `catch_all` or `delegate`, is an extent in `tryTables`; its catch
/// clauses go to the code of the catches that follow, which are further arms of the block, as `else` is of `if`.
/// A catch keeps the exception's reference for `rethrow` in a slot of its own between the constants and the
/// operands (`legacyReferenceBase`, one slot per level of catches nested in catches; above the operands a call
/// would overwrite it). `delegate` ends its `try` with an extent that sends the handler search past the try_tables
/// between it and its label (`TryTable.delegateSkip`).
extension FunctionCompiler {
    /// An open legacy `try`: where its extent went in `tryTables` (nil while open, or when not emitted), and its
    /// catches so far.
    struct LegacyTry {
        var extent: Int?
        var catches: [Catch] = []
        /// Set by `delegate`: how many extents around it the handler search passes over.
        var delegateSkip: Int32?
    }

    mutating func visitLegacy(_ kind: LegacyExceptions.Kind, _ instruction: Instruction) throws(ModuleError) {
        switch (kind, instruction) {
        case (.try, .block(let blockType)): try openLegacyTry(blockType)
        case (.catch, .br(let tag)): try legacyCatch(tag: tag)
        case (.catchAll, .nop): try legacyCatch(tag: nil)
        case (.rethrow, .br(let depth)): try rethrow(depth)
        case (.delegate, .br(let depth)): try delegate(depth)
        default: throw LegacyExceptions.outOfStep(at: binaryOffset)
        }
    }

    /// The reference slot of the catches of the frame at index `frame`: by how many catch frames are below it.
    func legacyReferenceSlot(of frame: Int) throws(ModuleError) -> Int32 {
        let level = controls[frame].catchesBelow
        // The walk before parsing counted the levels; it and the parser agree on the blocks, or this is a bug.
        guard level < legacyReferenceSlots else { throw LegacyExceptions.outOfStep(at: binaryOffset) }
        return Int32(legacyReferenceBase + level)
    }

    mutating func openLegacyTry(_ blockType: BlockType) throws(ModuleError) {
        let (p, r) = try blockSignature(blockType)
        try enterBlock(p)
        let extent = TryTable(start: Int32(code.count), end: 0, functionEntry: Int32(entry), firstCatch: 0,
                              catchCount: 0)
        openTryTables.open(frame: controls.count, emitting ? extent : nil)
        legacyTries.append(LegacyTry())
        pushControl(.legacyTry, p, r)
    }

    /// `catch` (with its tag) or `catch_all`: ends the arm before, as `else` does, and starts a catch's arm, whose
    /// code the try's extent goes to with the payload in the label's slots.
    mutating func legacyCatch(tag: UInt32?) throws(ModuleError) {
        let top = controls.count - 1
        let frame = controls[top]
        switch frame.kind {
        case .legacyTry, .legacyCatch: break
        case .legacyCatchAll: throw error("catch after catch_all")
        default: throw error("catch without matching try")
        }
        var payload: [ValueType] = []
        if let tag {
            guard Int(tag) < parts.tags.count else { throw error("unknown tag \(tag)") }
            payload = parts.types[parts.tags[Int(tag)]].parameters
        }
        try endArm(frame)
        if emitting {
            controls[top].patches.append(.code(code.count))
            code.append(Inst(.jump))
        }
        if frame.kind == .legacyTry { closeLegacyExtent() }
        let reference = try legacyReferenceSlot(of: top)
        if frame.live {
            legacyTries[legacyTries.count - 1].catches.append(Catch(
                tag: tag.map { Int32($0) } ?? Catch.anyTag, passesReference: true, target: Int32(code.count),
                slot: slot(ofPosition: frame.height), referenceSlot: reference))
            maxOperands = max(maxOperands, frame.height + payload.count)
        }
        placeLabel()
        controls[top].kind = tag == nil ? .legacyCatchAll : .legacyCatch
        controls[top].unreachable = false
        initializedLocals.removeLast(initializedLocals.count - frame.initialized)
        push(payload)
    }

    /// `rethrow`: throws again the exception a catch around it (its label) caught.
    mutating func rethrow(_ depth: UInt32) throws(ModuleError) {
        let label = try labelIndex(depth)
        guard controls[label].kind == .legacyCatch || controls[label].kind == .legacyCatchAll else {
            throw error("invalid rethrow label")
        }
        let reference = try legacyReferenceSlot(of: label)
        emit(Inst(.throwRef, reference))
        markUnreachable()
    }

    /// `delegate`: ends its `try` (which has no catch); an exception from the try's body goes on as if thrown where
    /// label `depth` is (counted outside the try), past the extents inside that label.
    mutating func delegate(_ depth: UInt32) throws(ModuleError) {
        let top = controls.count - 1
        guard controls[top].kind == .legacyTry else { throw error("delegate without matching try") }
        guard Int(depth) < top else { throw error("unknown label \(depth)") }
        let label = top - 1 - Int(depth)
        // The try's own extent is the innermost open one.
        legacyTries[legacyTries.count - 1].delegateSkip = Int32(openTryTables.emittedInside(frame: label))
        try endBlock()
    }

    /// Records the open try's extent, which ends here (at its first catch, or at its end or delegate).
    mutating func closeLegacyExtent() {
        guard var extent = openTryTables.close() else { return }
        extent.end = Int32(code.count)
        legacyTries[legacyTries.count - 1].extent = tryTables.tryTables.count
        tryTables.tryTables.append(extent)
    }

    /// At the end of a legacy try (`kind` is its frame's last arm): its catches go after those of the try_tables
    /// in its arms, which are complete now.
    mutating func endLegacyTry(_ kind: FrameKind) {
        if kind == .legacyTry {
            // No catch. The extent is kept all the same: a delegate inside it counts it among those to pass over.
            closeLegacyExtent()
            if let skip = legacyTries[legacyTries.count - 1].delegateSkip,
               let index = legacyTries[legacyTries.count - 1].extent {
                tryTables.tryTables[index].delegateSkip = skip
            }
        }
        let finished = legacyTries.removeLast()
        guard let index = finished.extent, kind != .legacyTry else { return }
        tryTables.tryTables[index].firstCatch = Int32(tryTables.catches.count)
        tryTables.tryTables[index].catchCount = Int32(finished.catches.count)
        tryTables.catches += finished.catches
    }
}
