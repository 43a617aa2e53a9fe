/// The kernel's stacks, each with an unmapped guard page below it, so an overflow faults instead of corrupting.
enum KernelStacks {
    static func guardPageOwner(_ address: UInt64) -> StaticString? { nil }
}
