/// How the ACPI parser reads physical memory: the kernel answers through its direct map, tests from captured
/// tables. ACPI keeps its own protocol so that it does not depend on the memory manager.
public protocol ACPIMemory {
    /// `count` bytes of physical memory from `physical` on, or nil where that memory cannot be read.
    /// The bytes must stay valid as long as the memory object does.
    func bytes(at physical: UInt64, count: Int) -> UnsafeRawBufferPointer?
}
