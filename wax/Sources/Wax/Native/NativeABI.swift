import WaxNative

/// The native tier's calling convention, shared by the entry stub, generated functions and the Swift side.
///
/// A generated function is entered by `call` with the frame pointer (slot 0 of its frame on the value stack,
/// the same layout the interpreter uses) in `frame` and the instance's `NativeContext` in `context`; both stay
/// put for the function's life (a call moves `frame` up to the callee's frame and back). The linear memory's
/// base and size are cached in `memoryBase`/`memorySize` and reloaded from the memory's bounds after every
/// callout and after a call of a function that may grow a memory (`NativeCode.memoryGrowers`).
/// `interruptFlag` holds the address of the store's interruption flag from the entry stub on (a callee-saved
/// register, which calls into C and Swift keep). Every other register is scratch. Results land in the frame's first slots, as in the interpreter.
enum NativeRegisters {
    static let frame = GPR.r14
    static let context = GPR.r15
    static let memoryBase = GPR.r13
    static let memorySize = GPR.r12
    static let interruptFlag = GPR.rbx
}

/// The words of a native context (an instance's, shared by every run in it), by index. The entry stub and the
/// generated code read them at [context + 8 * index].
enum NativeContextField: Int32, CaseIterable {
    /// The instance's first memory's `MemoryBounds` (a static empty one without memory).
    case memoryBounds
    /// The instance's `globalSlots`: pointers to each global's slot.
    case globals
    /// End of the committed value stack less `frameReserve` slots: a frame of at most that many slots fits when it
    /// starts at or below it, a larger one when it ends `frameReserve` slots past it (else the callout commits more).
    case frameEnd
    /// Lowest rsp generated code may call at: the native call-depth limit.
    case stackLimit
    /// rsp of the innermost entry stub, which a trap restores.
    case entryStackPointer
    /// Position in the module's code of the instruction that trapped or called out.
    case site
    /// The store's interruption flag (a Bool): loop back-edges and calls test it.
    case interruptFlag
    /// The Swift function generated code calls for everything it does not do itself (`NativeCallout`).
    case callout
    /// The instance, unretained, for the callout.
    case instance
    /// Set by the call_indirect callout to the native code of a target in the same instance, which the generated
    /// code then calls itself (no Swift frames in between, so recursion through a table goes as deep as direct
    /// calls); 0 when the callout ran the target.
    case callTarget
    /// The instance's imported functions as three words each: a `DirectHostFunction`'s entry and data, which
    /// generated code calls itself, and its `TimestampClock`'s words, which it reads itself (0 without one); or
    /// three zeros for any other function (called through the callout).
    case directCalls
    /// The instance's tables' change counts (`Table.changes`), one address per table.
    case tableChanges
    /// The call_indirect sites' caches, three words each (NativeIndirectCalls).
    case indirectCalls

    var displacement: Int32 { rawValue * 8 }

    /// The slots `frameEnd` keeps short of the committed value stack's end (see `frameEnd`).
    static let frameReserve: Int32 = 64
}

/// How a native run ends, in eax from the entry stub (and from the callout): 0 when the function returned.
enum NativeStatus: UInt32 {
    case returned
    case unreachable
    case memoryOutOfBounds
    case integerDivideByZero
    case integerOverflow
    case invalidConversionToInteger
    case callStackExhausted
    case interrupted
    /// The trap is in `Store.nativePendingTrap` (a callout threw it).
    case pending

    var trap: Trap? {
        switch self {
        case .returned, .pending: return nil
        case .unreachable: return .unreachable
        case .memoryOutOfBounds: return .memoryOutOfBounds
        case .integerDivideByZero: return .integerDivideByZero
        case .integerOverflow: return .integerOverflow
        case .invalidConversionToInteger: return .invalidConversionToInteger
        case .callStackExhausted: return .callStackExhausted
        case .interrupted: return .interrupted
        }
    }
}

/// What generated code asks of Swift through the callout: kind in esi, the instruction's position in the module's
/// code in edx, the frame in rcx (for `call`, the callee's frame).
enum NativeCalloutKind: UInt32 {
    /// Function `code[site].a` of the instance's index space that has no native code: run it.
    case call
    /// An instruction generated code leaves to the interpreter's out-of-line code (memory.grow, bulk memory,
    /// tables, data and element segments).
    case outOfLine
    /// The interruption flag is set.
    case interrupt
    /// call_indirect `code[site]`, from the caller's frame in rcx: checks the target and runs it, or leaves its
    /// native code in `callTarget`.
    case callIndirect
    /// The frame starting at rcx needs `code[site]`'s function's frame size of committed stack.
    case growStack
    /// The direct host function `code[site].a` ended with the status in the first slot of the frame at rcx:
    /// raise the trap it stands for.
    case directTrap
}

/// The callout's C signature: (context, kind, site, frame) -> status.
typealias NativeCallout = @convention(c) (UnsafeMutablePointer<UInt64>, UInt32, UInt32,
                                          UnsafeMutablePointer<UInt64>) -> UInt32
