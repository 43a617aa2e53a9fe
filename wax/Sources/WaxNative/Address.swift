/// A memory operand, [base + index * scale + displacement]. The encoder picks the shortest form the hardware
/// allows, including the two special cases of ModRM: a base of rsp or r12 needs a SIB byte, and a base of rbp
/// or r13 has no form without a displacement (so it gets a zero disp8).
public struct Address: Sendable {
    public enum Scale: UInt8, Sendable {
        case x1, x2, x4, x8
    }

    public let base: GPR
    public let index: GPR?
    public let scale: Scale
    public let displacement: Int32

    public init(_ base: GPR, _ displacement: Int32 = 0) {
        self.base = base
        self.index = nil
        self.scale = .x1
        self.displacement = displacement
    }

    /// rsp cannot be an index: its SIB code means "no index".
    public init(base: GPR, index: GPR, scale: Scale = .x1, displacement: Int32 = 0) {
        precondition(index != .rsp, "rsp cannot be an index register")
        self.base = base
        self.index = index
        self.scale = scale
        self.displacement = displacement
    }
}
