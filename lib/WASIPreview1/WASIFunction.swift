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
/// slots, an i32 in the low half).
public typealias WASIFunctionBody = (WASIContext, GuestMemory, UnsafePointer<UInt64>) -> WASIOutcome

/// One function of wasi_snapshot_preview1, as an engine binds it.
public struct WASIFunction {
    public let name: String
    public let parameters: [WASIValueType]
    /// Whether the function returns an errno (an i32); only proc_exit returns nothing.
    public let returnsErrno: Bool
    /// Whether the call only lets go of what the process holds (fd_close, proc_exit): it is served even when the
    /// host refuses other calls for want of memory (WASIHost.enterCall).
    public let givesBack: Bool
    public let body: WASIFunctionBody

    init(_ name: String, _ parameters: [WASIValueType], returnsErrno: Bool = true, givesBack: Bool = false,
         _ body: @escaping WASIFunctionBody) {
        self.name = name
        self.parameters = parameters
        self.returnsErrno = returnsErrno
        self.givesBack = givesBack
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
