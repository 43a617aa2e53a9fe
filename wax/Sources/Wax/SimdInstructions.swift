/// The layout of one SIMD instruction in the interpreter's code: three words, always.
///
///     Inst(.simd, a, b, c)                 a: destination slot, b and c: operand slots (b: the address of a memory access)
///     Inst(.operand, op, d, imm)           op: the `SimdOp`, d: a third operand slot or a memory index, imm: a lane or a count
///     Inst(.operand, x0, x1, x2)           the rest of a 128-bit immediate (imm, x0, x1, x2 from low to high), or a
///                                          memory access's offset (x0 low, x1 high)
///
/// SIMD runs out of line (`Store.executeSimd`): the interpreter's loop gains one case, so scalar code keeps its speed.
enum SimdInstruction {
    static let width = 3

    static func make(_ op: SimdOp, a: Int32 = 0, b: Int32 = 0, c: Int32 = 0, d: Int32 = 0, imm: Int32 = 0,
                     x: (Int32, Int32, Int32) = (0, 0, 0)) -> [Inst] {
        [Inst(.simd, a, b, c), Inst(.operand, op.rawValue, d, imm), Inst(.operand, x.0, x.1, x.2)]
    }

    /// The words of a 128-bit immediate: imm, then x.
    static func immediate(_ low: UInt64, _ high: UInt64) -> (Int32, (Int32, Int32, Int32)) {
        func word(_ v: UInt64) -> Int32 { Int32(bitPattern: UInt32(truncatingIfNeeded: v)) }
        return (word(low), (word(low >> 32), word(high), word(high >> 32)))
    }

    static func immediate(_ ip: UnsafeMutablePointer<Inst>) -> V128Bits {
        func bits(_ v: Int32) -> UInt64 { UInt64(UInt32(bitPattern: v)) }
        return V128Bits(low: bits(ip[1].c) | bits(ip[2].a) << 32, high: bits(ip[2].b) | bits(ip[2].c) << 32)
    }
}

extension Store {
    /// Runs the SIMD instruction at `ip` (see `SimdInstruction`) on the frame at `fp`.
    @inline(never)
    func executeSimd(_ ip: UnsafeMutablePointer<Inst>, _ fp: UnsafeMutablePointer<UInt64>,
                     _ caller: Unowned<Instance>) throws(Trap) {
        // SAFETY: the compiler emits the three words together, with a `SimdOp` raw value in the second.
        let i = ip.pointee, operand = ip[1]
        let op = SimdOp(rawValue: operand.a).unsafelyUnwrapped
        // SAFETY: a module with SIMD instructions enabled the shadow stack at instantiation, and makeRoom commits
        // it as far as the stack, so every slot of the frame (the operands' slots lie inside it) has its shadow.
        let shadow = fp + shadowDelta
        @inline(__always) func read(_ slot: Int32) -> V128Bits { V128Bits(low: fp[Int(slot)], high: shadow[Int(slot)]) }
        @inline(__always) func write(_ value: V128Bits) {
            fp[Int(i.a)] = value.low
            shadow[Int(i.a)] = value.high
        }
        let lane = Int(operand.c)
        switch op {
        case .copy:
            fp[Int(i.a)] = fp[Int(i.b)]
            shadow[Int(i.a)] = shadow[Int(i.b)]
        case .copySlots:
            for k in 0..<lane {
                fp[Int(i.a) &+ k] = fp[Int(i.b) &+ k]
                shadow[Int(i.a) &+ k] = shadow[Int(i.b) &+ k]
            }
        case .moveShadows:
            for k in 0..<lane { shadow[Int(i.a) &+ k] = shadow[Int(i.b) &+ k] }
        case .select:
            write(u32(fp[Int(operand.b)]) != 0 ? read(i.b) : read(i.c))
        case .globalGet:
            let storage = caller.object.globalSlots[lane]
            write(V128Bits(low: storage[0], high: storage[1]))
        case .globalSet:
            let storage = caller.object.globalSlots[lane]
            let value = read(i.b)
            storage[0] = value.low
            storage[1] = value.high
        case .zeroShadows:
            (shadow + Int(i.a)).initialize(repeating: 0, count: lane)
        case .v128Const:
            write(SimdInstruction.immediate(ip))
        case .i8x16Shuffle:
            write(SimdSemantics.shuffle(read(i.b), read(i.c), SimdInstruction.immediate(ip)))
        case .v128Load, .v128Load8X8S, .v128Load8X8U, .v128Load16X4S, .v128Load16X4U, .v128Load32X2S, .v128Load32X2U,
             .v128Load8Splat, .v128Load16Splat, .v128Load32Splat, .v128Load64Splat, .v128Load32Zero, .v128Load64Zero:
            let size: UInt64
            switch op {
            case .v128Load: size = 16
            case .v128Load8Splat: size = 1
            case .v128Load16Splat: size = 2
            case .v128Load32Splat, .v128Load32Zero: size = 4
            default: size = 8
            }
            let p = try access(ip, fp, caller, size)
            let low: UInt64
            switch size {
            case 1: low = UInt64(p.loadUnaligned(as: UInt8.self))
            case 2: low = UInt64(p.loadUnaligned(as: UInt16.self))
            case 4: low = UInt64(p.loadUnaligned(as: UInt32.self))
            default: low = p.loadUnaligned(as: UInt64.self)
            }
            let loaded = V128Bits(low: low, high: size == 16 ? p.loadUnaligned(fromByteOffset: 8, as: UInt64.self) : 0)
            switch op {
            case .v128Load, .v128Load32Zero, .v128Load64Zero: write(loaded)
            case .v128Load8X8S: write(SimdSemantics.extend(loaded.vector(SIMD16<Int8>.self).lowHalf, SIMD8<Int16>.self))
            case .v128Load8X8U: write(SimdSemantics.extend(loaded.vector(SIMD16<UInt8>.self).lowHalf, SIMD8<UInt16>.self))
            case .v128Load16X4S: write(SimdSemantics.extend(loaded.vector(SIMD8<Int16>.self).lowHalf, SIMD4<Int32>.self))
            case .v128Load16X4U: write(SimdSemantics.extend(loaded.vector(SIMD8<UInt16>.self).lowHalf, SIMD4<UInt32>.self))
            case .v128Load32X2S: write(SimdSemantics.extend(loaded.vector(SIMD4<Int32>.self).lowHalf, SIMD2<Int64>.self))
            case .v128Load32X2U: write(SimdSemantics.extend(loaded.vector(SIMD4<UInt32>.self).lowHalf, SIMD2<UInt64>.self))
            case .v128Load8Splat: write(SimdSemantics.splat(.i8x16Splat, low)!)
            case .v128Load16Splat: write(SimdSemantics.splat(.i16x8Splat, low)!)
            case .v128Load32Splat: write(SimdSemantics.splat(.i32x4Splat, low)!)
            default: write(SimdSemantics.splat(.i64x2Splat, low)!)
            }
        case .v128Store:
            let p = try access(ip, fp, caller, 16)
            let value = read(i.c)
            p.storeBytes(of: value.low, as: UInt64.self)
            p.storeBytes(of: value.high, toByteOffset: 8, as: UInt64.self)
        case .v128Load8Lane, .v128Load16Lane, .v128Load32Lane, .v128Load64Lane:
            var value = read(i.c)
            switch op {
            case .v128Load8Lane: value.setLane(lane, try access(ip, fp, caller, 1).loadUnaligned(as: UInt8.self))
            case .v128Load16Lane: value.setLane(lane, try access(ip, fp, caller, 2).loadUnaligned(as: UInt16.self))
            case .v128Load32Lane: value.setLane(lane, try access(ip, fp, caller, 4).loadUnaligned(as: UInt32.self))
            default: value.setLane(lane, try access(ip, fp, caller, 8).loadUnaligned(as: UInt64.self))
            }
            write(value)
        case .v128Store8Lane, .v128Store16Lane, .v128Store32Lane, .v128Store64Lane:
            let value = read(i.c)
            switch op {
            case .v128Store8Lane: try access(ip, fp, caller, 1).storeBytes(of: value.lane(lane, UInt8.self), as: UInt8.self)
            case .v128Store16Lane: try access(ip, fp, caller, 2).storeBytes(of: value.lane(lane, UInt16.self), as: UInt16.self)
            case .v128Store32Lane: try access(ip, fp, caller, 4).storeBytes(of: value.lane(lane, UInt32.self), as: UInt32.self)
            default: try access(ip, fp, caller, 8).storeBytes(of: value.lane(lane, UInt64.self), as: UInt64.self)
            }
        case .i8x16ExtractLaneS, .i8x16ExtractLaneU, .i16x8ExtractLaneS, .i16x8ExtractLaneU, .i32x4ExtractLane,
             .i64x2ExtractLane, .f32x4ExtractLane, .f64x2ExtractLane:
            fp[Int(i.a)] = SimdSemantics.extract(op, read(i.b), lane)!
        case .i8x16ReplaceLane, .i16x8ReplaceLane, .i32x4ReplaceLane, .i64x2ReplaceLane, .f32x4ReplaceLane,
             .f64x2ReplaceLane:
            write(SimdSemantics.replace(op, read(i.b), lane, fp[Int(i.c)])!)
        case .i8x16Splat, .i16x8Splat, .i32x4Splat, .i64x2Splat, .f32x4Splat, .f64x2Splat:
            write(SimdSemantics.splat(op, fp[Int(i.b)])!)
        case .v128AnyTrue, .i8x16AllTrue, .i16x8AllTrue, .i32x4AllTrue, .i64x2AllTrue, .i8x16Bitmask, .i16x8Bitmask,
             .i32x4Bitmask, .i64x2Bitmask:
            fp[Int(i.a)] = SimdSemantics.reduce(op, read(i.b))!
        case .i8x16Shl, .i8x16ShrS, .i8x16ShrU, .i16x8Shl, .i16x8ShrS, .i16x8ShrU, .i32x4Shl, .i32x4ShrS, .i32x4ShrU,
             .i64x2Shl, .i64x2ShrS, .i64x2ShrU:
            write(SimdSemantics.shift(op, read(i.b), UInt64(u32(fp[Int(i.c)])))!)
        default:
            write(SimdSemantics.apply(op, read(i.b), read(i.c), read(operand.b))!)
        }
    }

    /// Where a SIMD memory access of `size` bytes goes: memory d at slot b plus the offset (see `SimdInstruction`).
    @inline(__always)
    private func access(_ ip: UnsafeMutablePointer<Inst>, _ fp: UnsafeMutablePointer<UInt64>, _ caller: Unowned<Instance>,
                        _ size: UInt64) throws(Trap) -> UnsafeMutableRawPointer {
        let memory = caller.object.memories[Int(ip[1].b)]
        // SAFETY: `pointer` checks that all `size` bytes lie inside the memory, or traps.
        return try memory.pointer(try MemoryAccess.address(fp[Int(ip.pointee.b)], ip[2].a, ip[2].b, in: memory), size)
    }
}
