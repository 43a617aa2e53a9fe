import CPU

/// The kernel's segment descriptors and its task-state segment. In long mode segments matter only for the code
/// segment's mode and the TSS, whose interrupt stack table gives the double fault, NMI, page fault and machine
/// check handlers stacks of their own: a kernel stack overflow then still gets a report.
enum GDT {
    static let kernelCode: UInt16 = 0x08
    static let kernelData: UInt16 = 0x10
    static let taskState: UInt16 = 0x18

    /// Interrupt-stack-table slots (1-based, as in the IDT gate).
    enum Stack: Int, CaseIterable {
        case doubleFault = 1
        case nmi = 2
        case pageFault = 3
        case machineCheck = 4
    }

    /// Bytes of one processor's table and task-state segment (the bootstrap processor's are in the kernel image,
    /// the others' on the heap).
    static let tableBytes = 5 * 8, taskStateBytes = 104

    /// The bootstrap processor's tables, with its early interrupt stacks.
    static func install() {
        install(table: storage_gdt()!, taskState: storage_tss()!)
        for stack in Stack.allCases {
            setStack(stack, top: UInt64(UInt(bitPattern: storage_early_stack_top(Int32(stack.rawValue - 1)))),
                     in: storage_tss()!)
        }
    }

    /// Loads a processor's table and task-state segment (its interrupt stacks are set apart, with setStack).
    static func install(table: UnsafeMutableRawPointer, taskState: UnsafeMutableRawPointer) {
        let gdt = table.assumingMemoryBound(to: UInt64.self)
        let tss = UInt64(UInt(bitPattern: taskState))
        gdt[0] = 0
        gdt[1] = 0x00AF_9A00_0000_FFFF
        gdt[2] = 0x00CF_9200_0000_FFFF
        let limit: UInt64 = 103
        gdt[3] = limit | (tss & 0xFF_FFFF) << 16 | 0x89 << 40 | (tss >> 24 & 0xFF) << 56
        gdt[4] = tss >> 32
        // The I/O permission bitmap offset points past the segment's limit: no bitmap.
        taskState.storeBytes(of: UInt16(104), toByteOffset: 102, as: UInt16.self)

        var pointer: (UInt16, UInt64) = (5 * 8 - 1, UInt64(UInt(bitPattern: gdt)))
        withUnsafeBytes(of: &pointer) { raw in
            // The tuple is padded; lgdt wants the 2-byte limit directly followed by the 8-byte base.
            var packed: (UInt64, UInt64) = (0, 0)
            withUnsafeMutableBytes(of: &packed) { out in
                out.storeBytes(of: raw.load(as: UInt16.self), toByteOffset: 0, as: UInt16.self)
                out.storeBytes(of: raw.load(fromByteOffset: 8, as: UInt64.self), toByteOffset: 2, as: UInt64.self)
                cpu_lgdt(out.baseAddress)
            }
        }
        cpu_reload_segments(kernelCode, kernelData)
        cpu_ltr(GDT.taskState)
    }

    /// Points an interrupt stack slot of a task-state segment at a new stack (the bootstrap processor's early
    /// ones are replaced by guarded stacks once the memory manager runs).
    static func setStack(_ stack: Stack, top: UInt64, in taskState: UnsafeMutableRawPointer = storage_tss()!) {
        taskState.storeBytes(of: top, toByteOffset: 36 + 8 * (stack.rawValue - 1), as: UInt64.self)
    }
}
