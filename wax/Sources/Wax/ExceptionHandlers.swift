/// A try_table of a defined function: the code it covers and where its catch clauses are.
struct TryTable {
    /// Code positions [start, end) of the try_table's body.
    var start: Int32
    var end: Int32
    /// Entry of the function the try_table is in: try_tables of later functions have larger entries, which ends
    /// the search for the handlers of a position.
    var functionEntry: Int32
    var firstCatch: Int32
    var catchCount: Int32
    /// A legacy `delegate`'s extent (no catches of its own): the search goes on past this many of the try_tables
    /// around it, those inside its label. -1 for the others.
    var delegateSkip: Int32 = -1
}

/// The try_tables a function compiler has open (legacy `try`s among them until their first catch or delegate),
/// innermost last, with the index of their control frame: nil when not emitted.
struct OpenTryTables {
    private var frames: [Int] = []
    private var extents: [TryTable?] = []
    /// How many of the extents up to each one are emitted (and will be recorded).
    private var emitted: [Int] = []

    mutating func open(frame: Int, _ extent: TryTable?) {
        frames.append(frame)
        extents.append(extent)
        emitted.append((emitted.last ?? 0) + (extent == nil ? 0 : 1))
    }

    /// Closes the innermost.
    mutating func close() -> TryTable? {
        frames.removeLast()
        emitted.removeLast()
        return extents.removeLast()
    }

    /// How many emitted ones, the innermost left out, are in frames above index `frame` (a binary search: frames
    /// ascend, and a delegate in code nested a million deep must not count them one by one).
    func emittedInside(frame: Int) -> Int {
        var low = 0, high = frames.count - 1
        while low < high {
            let middle = (low + high) / 2
            if frames[middle] <= frame { low = middle + 1 } else { high = middle }
        }
        let outside = low == 0 ? 0 : emitted[low - 1]
        return frames.count < 2 ? 0 : emitted[frames.count - 2] - outside
    }
}

/// One catch clause of a try_table.
struct Catch {
    /// The module's tag index, or `Catch.anyTag` for catch_all.
    var tag: Int32
    /// catch_ref and catch_all_ref: the exception reference follows the payload.
    var passesReference: Bool
    /// Where the handler continues: an absolute code position (a label's end or a loop's start, or the return
    /// of the function).
    var target: Int32
    /// The frame slot that receives the payload: the label's first value.
    var slot: Int32
    /// The frame slot that receives the reference: after the payload for try_table; for a legacy catch, its own
    /// slot between the constants and the operands, where `rethrow` finds it.
    var referenceSlot: Int32

    static let anyTag: Int32 = -1
}

/// The try_tables of a module in the order their ends appear in the code, which is the order they close in: a
/// try_table comes before those that enclose it, so the first one found around a position is the innermost.
struct ExceptionHandlers {
    var tryTables: [TryTable] = []
    var catches: [Catch] = []

    var footprint: Int { Footprint.bytes(tryTables) + Footprint.bytes(catches) }

    /// Adds the try_tables of the next function (its catch indices counted from its own first).
    mutating func append(_ function: ExceptionHandlers) {
        let offset = Int32(catches.count)
        for var tryTable in function.tryTables {
            tryTable.firstCatch += offset
            tryTables.append(tryTable)
        }
        catches += function.catches
    }

    /// The clause that catches an exception of tag `tag` (a store address) thrown at code `position`: the first
    /// matching clause of the innermost try_table around it that has one, after those a delegate passes over.
    /// `tags` maps the module's tag indices to store addresses.
    func handler(at position: Int, tag: Int, tags: [Int]) -> Catch? {
        // The first try_table ending after `position`; those before it end at or before it.
        var low = 0, high = tryTables.count
        while low < high {
            let middle = (low + high) / 2
            if Int(tryTables[middle].end) <= position { low = middle + 1 } else { high = middle }
        }
        // Those around `position` come in order from the innermost out: a delegate's are all around its own.
        var skipped = 0
        for k in low..<tryTables.count {
            let tryTable = tryTables[k]
            if Int(tryTable.functionEntry) > position { break }
            guard Int(tryTable.start) <= position else { continue }
            guard skipped == 0 else {
                skipped -= 1
                continue
            }
            if tryTable.delegateSkip >= 0 {
                skipped = Int(tryTable.delegateSkip)
                continue
            }
            let first = Int(tryTable.firstCatch)
            for clause in catches[first..<first + Int(tryTable.catchCount)]
                where clause.tag == Catch.anyTag || tags[Int(clause.tag)] == tag {
                return clause
            }
        }
        return nil
    }
}
