import CPU
import Memory
import Wax

/// Where the native tier's generated code lives: a region of its own, below the kernel stacks. A block is mapped
/// from fresh frames writable and no-execute while Wax copies its code in, then read-execute (`seal`), never
/// both at once; it goes, frames and range, with the module that owns it. Frames are charged to MemoryBudget's
/// pool (and, as part of the module's footprint, to the process that loaded it and to the module cache); the
/// region bounds all code at once: a block that does not fit leaves its module interpreted.
///
/// A fault whose instruction lies in a block resumes at that block's trap exit: the process traps, the kernel goes
/// on (`resumeAtTrapExit`). A page fault there is a load or store past its 32-bit memory, whose bounds the code
/// leaves to the MMU (NativeFaults.memoryGuards), and traps at that access; any other fault is a compiler bug.
enum CodeSpace {
    static let base: UInt64 = 0x0000_7FFE_0000_0000
    static let end: UInt64 = base + (256 << 20)

    private static let lock = SpinLock()
    nonisolated(unsafe) private static var ranges = VirtualRanges(base: base, end: end)
    /// The live blocks: start and size in bytes (each followed by an unmapped guard page).
    nonisolated(unsafe) private static var blocks: [(start: UInt64, size: UInt64)] = []
    nonisolated(unsafe) private static var trapExitOffset: UInt64 = 0
    /// Pages held by generated code now.
    nonisolated(unsafe) private(set) static var pagesInUse = 0

    /// Gives Wax its executable pages from here, and tells it which extensions this processor has.
    static func install() {
        // POPCNT and SSE4.1 in leaf 1's ecx, LZCNT in leaf 0x8000_0001's ecx, BMI1 (tzcnt) in leaf 7's ebx.
        let basic = Processor.cpuid(0).eax, extended = Processor.cpuid(0x8000_0000).eax
        let leaf1 = Processor.cpuid(1).ecx
        let lzcnt = extended >= 0x8000_0001 && Processor.cpuid(0x8000_0001).ecx & (1 << 5) != 0
        let bmi1 = basic >= 7 && Processor.cpuid(7).ebx & (1 << 3) != 0
        NativeCPU.available = NativeCPU(bitCounts: leaf1 & (1 << 23) != 0 && lzcnt && bmi1,
                                        rounding: leaf1 & (1 << 19) != 0)
        trapExitOffset = UInt64(NativeFaults.trapExitOffset())
        // Guest memories reserve their index space (GuestMemorySpace.allocate) and a fault in one ends as a trap
        // below: code leaves 32-bit memories' bounds to the MMU.
        NativeFaults.memoryGuards = true
        CodeMemoryAllocator.installed = CodeMemoryAllocator(allocate: allocate, seal: seal, release: release)
    }

    static func allocate(_ byteCount: Int) -> UnsafeMutableRawPointer? {
        let pages = UInt64(byteCount + 4095) / 4096
        guard pages > 0, let start = lock.withLock({ ranges.reserve((pages + 1) * 4096) }) else { return nil }
        guard ChargedPages.map(from: start, count: pages, flags: [.writable, .noExecute]) else {
            lock.withLock { ranges.release(start: start, size: (pages + 1) * 4096) }
            return nil
        }
        lock.withLock {
            blocks.append((start, pages * 4096))
            pagesInUse += Int(pages)
        }
        return UnsafeMutableRawPointer(bitPattern: UInt(start))
    }

    /// Read-execute from now on, on every processor: no translation that allows writing survives the shootdown.
    static func seal(_ pointer: UnsafeMutableRawPointer, _ byteCount: Int) -> Bool {
        let start = UInt64(UInt(bitPattern: pointer)), pages = UInt64(byteCount + 4095) / 4096
        for page in 0..<pages where !MemoryManager.protect(virtual: start + page * 4096, flags: []) { return false }
        TLB.shootdown(start: start, pages: pages)
        return true
    }

    static func release(_ pointer: UnsafeMutableRawPointer, _ byteCount: Int) {
        let start = UInt64(UInt(bitPattern: pointer)), pages = UInt64(byteCount + 4095) / 4096
        lock.withLock {
            blocks.removeAll { $0.start == start }
            pagesInUse -= Int(pages)
        }
        ChargedPages.unmap(from: start, count: pages)
        lock.withLock { ranges.release(start: start, size: (pages + 1) * 4096) }
    }

    /// When the faulting instruction lies in generated code, sends the run to its code's trap exit with the
    /// interpreter's trap for the fault, and returns true; false for any other fault.
    static func resumeAtTrapExit(_ frame: inout InterruptFrame) -> Bool {
        guard frame.rip >= base, frame.rip < end else { return false }
        let kind: NativeFaults.Kind
        switch frame.vector {
        case 0: kind = .divideError
        case 6: kind = .invalidOpcode
        case 13: kind = .memoryFault
        case 14: kind = KernelStacks.guardPageOwner(ControlRegisters.cr2) == nil ? .memoryFault : .stackOverflow
        default: return false
        }
        let rip = frame.rip
        guard let block = lock.withLock({ blocks.first { rip >= $0.start && rip < $0.start + $0.size } }) else {
            return false
        }
        // A guarded memory access past its memory: the trap is at that access's instruction.
        if kind == .memoryFault, let site = NativeFaults.faultSite(
            code: UnsafeRawPointer(bitPattern: UInt(block.start))!, size: Int(block.size), offset: Int(rip - block.start)) {
            NativeFaults.recordSite(site, context: frame.r15)
        }
        frame.rip = block.start + trapExitOffset
        frame.rax = UInt64(NativeFaults.status(for: kind))
        return true
    }
}
