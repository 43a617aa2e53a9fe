/// The instruction-set extensions generated code may use beyond x86-64's baseline; an operation whose extension
/// is missing is left to the interpreter (its function is not compiled). Without LZCNT or BMI1 their encodings
/// run as bsr and bsf, with other results, so they must never be emitted blind. The host build assumes a machine
/// that has them; the kernel reads them with cpuid at boot (QEMU's default processor model lacks them).
public struct NativeCPU: Sendable {
    /// lzcnt (LZCNT/ABM), tzcnt (BMI1) and popcnt (POPCNT).
    public var bitCounts: Bool
    /// roundss and roundsd (SSE4.1).
    public var rounding: Bool

    public init(bitCounts: Bool, rounding: Bool) {
        self.bitCounts = bitCounts
        self.rounding = rounding
    }

    /// What the code compiled from now on may use; set by the embedder before any module compiles.
    nonisolated(unsafe) public static var available = NativeCPU(bitCounts: true, rounding: true)
}
