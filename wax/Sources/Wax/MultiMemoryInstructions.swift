/// The multi-memory proposal in the interpreter: memory 0 stays in the `ExecutionContext`, where its
/// instructions find it inline; an instruction on another memory runs here, out of line, on the instance's memory.
/// So do all the accesses of a 64-bit memory (memory64), memory 0's too: the inline ones stay 32-bit only.
extension Store {
    /// Runs one of `memoryLoad`, `memoryStore`, `memorySizeOf`, `memoryFillOf` and `memoryCopyBetween` (`next` is
    /// the instruction after it, the operand word of a load or store); returns how many instructions it took.
    @inline(never)
    func executeOnMemory(_ i: Inst, _ next: Inst, _ fp: UnsafeMutablePointer<UInt64>,
                         _ caller: Unowned<Instance>) throws(Trap) -> Int {
        let memories = caller.object.memories
        switch i.op {
        case .memoryLoad:
            let access = Op(rawValue: UInt16(next.b)).unsafelyUnwrapped
            let size = MemoryAccess.size(of: access)
            let memory = memories[Int(next.a)]
            let pointer = try memory.pointer(try MemoryAccess.address(fp[Int(i.b)], i.c, next.c, in: memory), size)
            fp[Int(i.a)] = MemoryAccess.load(access, from: pointer)
            return 2
        case .memoryStore:
            let access = Op(rawValue: UInt16(next.b)).unsafelyUnwrapped
            let size = MemoryAccess.size(of: access)
            let memory = memories[Int(next.a)]
            let pointer = try memory.pointer(try MemoryAccess.address(fp[Int(i.a)], i.c, next.c, in: memory), size)
            MemoryAccess.store(fp[Int(i.b)], size: size, to: pointer)
            return 2
        case .memorySizeOf:
            fp[Int(i.a)] = memories[Int(i.b)].pageCount
        case .memoryFillOf:
            let operands = fp + Int(i.a)
            let memory = memories[Int(i.c)]
            let count = memory.address(operands[2])
            let destination = try memory.pointer(memory.address(operands[0]), count)
            destination.initializeMemory(as: UInt8.self, repeating: UInt8(truncatingIfNeeded: operands[1]), count: Int(count))
        case .memoryCopyBetween:
            let operands = fp + Int(i.a)
            let to = memories[Int(i.c)], from = memories[Int(i.b)]
            // The length has the smaller address type of the two.
            let count = to.is64 && from.is64 ? operands[2] : UInt64(u32(operands[2]))
            let destination = try to.pointer(to.address(operands[0]), count)
            let source = try from.pointer(from.address(operands[1]), count)
            // memmove: the two ranges overlap when both are in the same memory.
            destination.copyMemory(from: source, byteCount: Int(count))
        default:
            break
        }
        return 1
    }
}

/// Loads and stores by their memory-0 opcode, for `memoryLoad` and `memoryStore`.
enum MemoryAccess {
    /// The effective address: the address in `slot` plus the unsigned static offset (its low half in `low`, its
    /// high half, nonzero only for a 64-bit memory, in `high`); for a 32-bit memory both fit in 33 bits, for a 64-bit
    /// one a sum past 2^64 is out of bounds rather than wrapped.
    @inline(__always)
    static func address(_ slot: UInt64, _ low: Int32, _ high: Int32, in memory: Memory) throws(Trap) -> UInt64 {
        let offset = UInt64(UInt32(bitPattern: high)) << 32 | UInt64(UInt32(bitPattern: low))
        guard memory.is64 else { return UInt64(u32(slot)) &+ offset }
        let (address, overflow) = slot.addingReportingOverflow(offset)
        guard !overflow else { throw .memoryOutOfBounds }
        return address
    }

    static func size(of access: Op) -> UInt64 {
        switch access {
        case .i32Load8S, .i32Load8U, .i64Load8S, .i32Store8: return 1
        case .i32Load16S, .i32Load16U, .i64Load16S, .i32Store16: return 2
        case .i64Load, .i64Store: return 8
        default: return 4
        }
    }

    /// The slot a load leaves: i32 results zero-extended, signed i64 ones sign-extended to 64 bits.
    static func load(_ access: Op, from pointer: UnsafeMutableRawPointer) -> UInt64 {
        switch access {
        case .i64Load: return pointer.loadUnaligned(as: UInt64.self)
        case .i32Load8S: return UInt64(UInt32(bitPattern: Int32(pointer.loadUnaligned(as: Int8.self))))
        case .i32Load8U: return UInt64(pointer.loadUnaligned(as: UInt8.self))
        case .i32Load16S: return UInt64(UInt32(bitPattern: Int32(pointer.loadUnaligned(as: Int16.self))))
        case .i32Load16U: return UInt64(pointer.loadUnaligned(as: UInt16.self))
        case .i64Load8S: return UInt64(bitPattern: Int64(pointer.loadUnaligned(as: Int8.self)))
        case .i64Load16S: return UInt64(bitPattern: Int64(pointer.loadUnaligned(as: Int16.self)))
        case .i64Load32S: return UInt64(bitPattern: Int64(pointer.loadUnaligned(as: Int32.self)))
        default: return UInt64(pointer.loadUnaligned(as: UInt32.self))
        }
    }

    /// Stores the low `size` bytes of `slot`, little-endian.
    static func store(_ slot: UInt64, size: UInt64, to pointer: UnsafeMutableRawPointer) {
        switch size {
        case 1: pointer.storeBytes(of: UInt8(truncatingIfNeeded: slot), as: UInt8.self)
        case 2: pointer.storeBytes(of: UInt16(truncatingIfNeeded: slot), as: UInt16.self)
        case 4: pointer.storeBytes(of: UInt32(truncatingIfNeeded: slot), as: UInt32.self)
        default: pointer.storeBytes(of: slot, as: UInt64.self)
        }
    }
}

extension Memory {
    /// Where `count` bytes at `address` are, or a trap when they leave the memory.
    @inline(__always)
    func pointer(_ address: UInt64, _ count: UInt64) throws(Trap) -> UnsafeMutableRawPointer {
        guard contains(address, count) else { throw .memoryOutOfBounds }
        return base + Int(address)
    }
}
