/// A position in the code that branches can target before it is known: made with `makeLabel`, placed with
/// `bind`. Branches to a label bound later get their displacement patched when it is bound.
public struct Label: Equatable, Sendable {
    let id: Int
}

/// A label's offset once bound (-1 before), and the displacement fields of the branches waiting for it.
struct LabelState {
    var offset = -1
    var uses: [DisplacementField] = []
}

/// Where a branch's displacement sits: its first byte and its size (1 for rel8, 4 for rel32). The displacement
/// counts from the end of the field, which is the end of the branch.
struct DisplacementField {
    var at: Int
    let size: Int
}

/// A branch or call to a label, patched or waiting: `removeBytes` patches it again where it moved.
struct LabelReference {
    let label: Int
    var field: DisplacementField
}

/// Branches and calls to labels.
extension X64Assembler {
    public mutating func makeLabel() -> Label {
        labels.append(LabelState())
        return Label(id: labels.count - 1)
    }

    /// Places the label at the current offset and patches the branches that were waiting for it.
    public mutating func bind(_ label: Label) {
        precondition(labels[label.id].offset < 0, "a label bound twice")
        labels[label.id].offset = offset
        for field in labels[label.id].uses { patch(field, to: offset) }
        labels[label.id].uses = []
    }

    /// jmp to a label: rel8 (EB) when it is bound and near enough, or when `short` promises that it will be;
    /// rel32 (E9) otherwise.
    public mutating func jmp(_ label: Label, short: Bool = false) {
        branch(to: label, short: short, rel8: { $0.emit(0xEB) }, rel32: { $0.emit(0xE9) })
    }

    /// jcc to a label: 70+cc rel8 or 0F 80+cc rel32, chosen as for jmp.
    public mutating func j(_ condition: Condition, _ label: Label, short: Bool = false) {
        branch(to: label, short: short, rel8: { $0.emit(0x70 | condition.rawValue) },
               rel32: { $0.emit(0x0F); $0.emit(0x80 | condition.rawValue) })
    }

    /// call to a label (E8 rel32).
    public mutating func call(_ label: Label) {
        emit(0xE8)
        reference(label, size: 4)
    }

    private mutating func branch(to label: Label, short: Bool, rel8: (inout X64Assembler) -> Void,
                                 rel32: (inout X64Assembler) -> Void) {
        let target = labels[label.id].offset
        if short || (target >= 0 && Int8(exactly: target - (offset + 2)) != nil) {
            rel8(&self)
            reference(label, size: 1)
        } else {
            rel32(&self)
            reference(label, size: 4)
        }
    }

    /// Appends a displacement field for the label: final if the label is bound, zeros and a pending use if not.
    private mutating func reference(_ label: Label, size: Int) {
        let field = DisplacementField(at: offset, size: size)
        references.append(LabelReference(label: label.id, field: field))
        bytes.append(contentsOf: repeatElement(0, count: size))
        if labels[label.id].offset >= 0 {
            patch(field, to: labels[label.id].offset)
        } else {
            labels[label.id].uses.append(field)
        }
    }

    private mutating func patch(_ field: DisplacementField, to target: Int) {
        let displacement = target - (field.at + field.size)
        if field.size == 1 {
            guard let near = Int8(exactly: displacement) else { preconditionFailure("a short branch too far") }
            bytes[field.at] = UInt8(bitPattern: near)
        } else {
            let value = UInt32(bitPattern: Int32(displacement))
            for index in 0..<4 { bytes[field.at + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
        }
    }
}

/// A point the code can be cut back to, with `rollBack(to:)`.
public struct Checkpoint {
    public let offset: Int
    let labelCount: Int
    let referenceCount: Int
}

extension X64Assembler {
    public func checkpoint() -> Checkpoint {
        Checkpoint(offset: offset, labelCount: labels.count, referenceCount: references.count)
    }

    /// Forgets what was emitted since the checkpoint: its bytes, the labels made since (which must not be used
    /// again), and the branches from the cut code still waiting for older labels. The cut code must not have
    /// bound an older label (branches to it from before would have been patched already).
    public mutating func rollBack(to checkpoint: Checkpoint) {
        // Only the branches made since the checkpoint left uses to cut, each the last of its older label's (uses
        // are recorded in code order): walking them rather than every label of the module kept a rollback from
        // costing more as the module's labels grew.
        for reference in references[checkpoint.referenceCount...] where reference.label < checkpoint.labelCount {
            let label = reference.label
            precondition(labels[label].offset <= checkpoint.offset, "a label bound in the code rolled back")
            if let last = labels[label].uses.last, last.at >= checkpoint.offset { labels[label].uses.removeLast() }
        }
        bytes.removeLast(bytes.count - checkpoint.offset)
        labels.removeLast(labels.count - checkpoint.labelCount)
        references.removeLast(references.count - checkpoint.referenceCount)
    }
}

extension X64Assembler {
    /// Forgets the branches made so far, which only `removeBytes` and `rollBack` to a later checkpoint read
    /// again: the log then holds one function's branches, not the whole module's. Checkpoints taken before are
    /// no longer valid.
    public mutating func forgetReferences() {
        references.removeAll(keepingCapacity: true)
    }

    /// Cuts `ranges` (sorted, apart, whole instructions without a label reference, after `checkpoint`) out of the
    /// code emitted since the checkpoint; the code after them moves back, and every label bound and branch made
    /// since is moved and patched again. A branch keeps its size: a cut only brings its ends closer. The code
    /// since the checkpoint must not have bound an older label (as for `rollBack`). Lets a compiler emit code it
    /// may not need (a function's prologue before its body shows which stores it needs) and drop it afterwards.
    public mutating func removeBytes(in ranges: [Range<Int>], since checkpoint: Checkpoint) {
        guard let first = ranges.first else { return }
        precondition(first.lowerBound >= checkpoint.offset, "a cut before the checkpoint")
        // Adjacent ranges join, so that the code after each moves once.
        var cuts: [Range<Int>] = []
        for range in ranges {
            if let last = cuts.last, last.upperBound == range.lowerBound {
                cuts[cuts.count - 1] = last.lowerBound..<range.upperBound
            } else {
                precondition(cuts.last.map { $0.upperBound < range.lowerBound } ?? true, "cuts out of order")
                cuts.append(range)
            }
        }
        func moved(_ offset: Int) -> Int {
            var shift = 0
            for cut in cuts {
                if cut.upperBound <= offset {
                    shift += cut.count
                } else {
                    precondition(offset <= cut.lowerBound, "a label or branch inside cut code")
                    break
                }
            }
            return offset - shift
        }
        for cut in cuts.reversed() { bytes.removeSubrange(cut) }
        for index in checkpoint.labelCount..<labels.count {
            if labels[index].offset >= first.lowerBound { labels[index].offset = moved(labels[index].offset) }
            for use in labels[index].uses.indices { labels[index].uses[use].at = moved(labels[index].uses[use].at) }
        }
        for index in checkpoint.referenceCount..<references.count {
            let reference = references[index], at = moved(reference.field.at)
            references[index].field.at = at
            let target = labels[reference.label].offset
            if target >= 0 {
                patch(references[index].field, to: target)
            } else if reference.label < checkpoint.labelCount {
                // An older label still waiting: its use moves with the branch (newer labels' uses moved above).
                let use = labels[reference.label].uses.lastIndex { $0.at == reference.field.at }!
                labels[reference.label].uses[use].at = at
            }
        }
    }
}
