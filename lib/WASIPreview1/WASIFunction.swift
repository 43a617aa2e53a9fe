/// The wasm types of WASI function parameters.
public enum WASIValueType {
    case i32
    case i64
}

/// How a WASI call ends: with an errno for the guest, or with the process exiting (proc_exit).
public enum WASIOutcome: Equatable {
    case errno(Errno)
    case exit(UInt32)
}

/// A WASI function body: the process, the caller's memory and the call's arguments (wasm values as 64-bit
/// slots, an i32 in the low half). Thin: a body captures nothing, so a call has no context to count
/// references of (a retain and a release, ~8 guest instructions a call).
public typealias WASIFunctionBody = @convention(thin) (WASIContext, GuestMemory, UnsafePointer<UInt64>) -> WASIOutcome

/// What a WASI function touches, which decides how the host serves it (WASIHost.lock).
public enum WASICallKind {
    /// State processes share (files, streams, pipes, the random generator, other processes): served holding the
    /// host's lock, and refused with ENOMEM while the host is short of memory.
    case shared
    /// Shared state, but the call only lets go of what the process holds (fd_close, proc_exit): served even
    /// while the host is short of memory.
    case givesBack
    /// Only what is the calling process's own and never changes (its arguments, its environment), clocks, or
    /// giving up the processor (sched_yield, which the scheduler's own locks serve), allocating nothing: served
    /// without the lock, so a clock_time_get costs no more than it must.
    case own
}

/// One function of wasi_snapshot_preview1, as an engine binds it.
public struct WASIFunction {
    public let name: String
    public let parameters: [WASIValueType]
    /// Whether the function returns an errno (an i32); only proc_exit returns nothing.
    public let returnsErrno: Bool
    public let kind: WASICallKind
    public let body: WASIFunctionBody

    init(_ name: String, _ parameters: [WASIValueType], returnsErrno: Bool = true, kind: WASICallKind = .shared,
         _ body: @escaping WASIFunctionBody) {
        self.name = name
        self.parameters = parameters
        self.returnsErrno = returnsErrno
        self.kind = kind
        self.body = body
    }
}

/// Reads a call's arguments by position.
struct Arguments {
    let slots: UnsafePointer<UInt64>

    func u32(_ index: Int) -> UInt32 { UInt32(truncatingIfNeeded: slots[index]) }
    func u64(_ index: Int) -> UInt64 { slots[index] }
}

/// Runs a function body that reports failure by throwing an errno.
@inline(__always)
func outcome(_ body: () throws(Errno) -> Void) -> WASIOutcome {
    do {
        try body()
        return .errno(.success)
    } catch {
        return .errno(error)
    }
}

/// `base + offset` as a guest address; an address past 4 GiB cannot be in the memory.
@inline(__always)
func address(_ base: UInt32, plus offset: UInt64) throws(Errno) -> UInt32 {
    let sum = UInt64(base) + offset
    guard sum <= UInt64(UInt32.max) else { throw .fault }
    return UInt32(sum)
}
