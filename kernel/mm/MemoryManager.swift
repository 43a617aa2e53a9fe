import BootInfo
import CPU
import Memory

/// Physical and virtual memory of the kernel: the frame allocator built from the sanitized firmware map, and
/// the kernel's own page tables, which replace the boot tables:
///   0x0000100000000000  guests' linear memories (GuestMemorySpace)
///   0x0000400000000000  direct map of physical memory (RAM with 2 MiB pages; devices with 4 KiB uncached pages)
///   0x00007FFE00000000  generated code (CodeSpace)
///   0x00007FFF00000000  kernel stacks, each above an unmapped guard page
///   0x00007FFF80200000  the kernel image, section by section: text read-execute, rodata read-only, data no-execute
///
/// Every processor allocates frames and changes the kernel's tables: `lock` guards both, and the functions below
/// take it (the page table's own frame allocations happen inside, without taking it again). An unmapping is not
/// finished until the other processors forgot the translation: TLB.shootdown, called with no lock held.
enum MemoryManager {
    private static let lock = SpinLock()
    nonisolated(unsafe) private static var frames: FrameAllocator<DirectMapAccess>! = nil
    nonisolated(unsafe) private(set) static var kernelTables: PageTable<DirectMapAccess>! = nil
    /// Where physical memory that the direct map covers with RAM mappings ends.
    nonisolated(unsafe) private(set) static var directMapEnd: UInt64 = 0
    nonisolated(unsafe) private(set) static var usableBytes: UInt64 = 0

    static let stackRegion: UInt64 = 0x0000_7FFF_0000_0000
    static let writeProtect: UInt64 = 1 << 16

    enum Failure: Error {
        case memoryMap(MemoryError)
    }

    /// Builds the frame allocator and the kernel page tables and switches to them.
    static func initialize(bootInfo: BootInfo, bootInfoPhysical: UInt64, imageBase: UInt64) {
        do throws(MemoryError) {
            let usable = try PhysicalMemoryMap.sanitize(bootInfo: bootInfo, bootInfoBase: bootInfoPhysical)
            usableBytes = usable.totalBytes
            frames = try FrameAllocator(usable: usable, access: DirectMapAccess())
            try buildKernelTables(bootInfo: bootInfo, imageBase: imageBase)
        } catch {
            Log.begin(.error)
            Log.text("memory: the firmware memory map is unusable: ")
            describe(error)
            Log.put(10)
            Panic.panic("no usable memory map")
        }
        ControlRegisters.cr0 |= writeProtect
        ControlRegisters.cr3 = kernelTables.root
        Panic.isMapped = { kernelTables.translate($0) != nil }
    }

    private static func buildKernelTables(bootInfo: BootInfo, imageBase: UInt64) throws(MemoryError) {
        // Called by the table with the lock held.
        let tables = try PageTable(access: DirectMapAccess(), allocateFrame: { frames.allocate() },
                                   releaseFrame: { freeFramesLocked($0, count: 1) })
        kernelTables = tables

        var top: UInt64 = 0
        for index in 0..<bootInfo.regionCount {
            let region = bootInfo.region(at: index)
            if region.kind != .reserved && region.kind != .badMemory { top = max(top, region.end) }
        }
        directMapEnd = (top + (2 << 20) - 1) & ~((2 << 20) - 1)
        var physical: UInt64 = 0
        while physical < directMapEnd {
            try tables.map(virtual: DirectMap.virtual(physical), physical: physical,
                           flags: [.writable, .noExecute, .global], size: .page2M)
            physical += 2 << 20
        }

        let start = layout_kernel_start()
        func mapImage(from: UInt64, to: UInt64, flags: PageFlags) throws(MemoryError) {
            var virtual = from & ~0xFFF
            while virtual < to {
                try tables.map(virtual: virtual, physical: imageBase + (virtual - start), flags: flags.union(.global))
                virtual += 4096
            }
        }
        try mapImage(from: start, to: layout_text_end(), flags: [])
        try mapImage(from: layout_rodata_start(), to: layout_rodata_end(), flags: [.noExecute])
        try mapImage(from: layout_data_start(), to: layout_data_end(), flags: [.writable, .noExecute])
        try mapImage(from: layout_symbols_start(), to: layout_kernel_end(), flags: [.noExecute])
    }

    static var freeFrameCount: Int { frames.freeCount }

    static var totalFrameCount: Int { frames.totalCount }

    /// Runs `body` holding `lock`, then lets MemoryBudget look at the frames left free: it refuses guest calls
    /// under its margin.
    private static func locked<T>(_ body: () -> T) -> T {
        lock.withLock {
            let result = body()
            MemoryBudget.framesChanged()
            return result
        }
    }

    /// A frame, provided `floor` frames stay free besides: the check and the take are one step under the lock,
    /// so processors racing for the last frames above the floor cannot both pass it.
    static func allocateFrame(keepingFree floor: Int = 0) -> UInt64? {
        locked { frames.freeCount > floor ? frames.allocate() : nil }
    }

    /// `count` physically contiguous frames aligned to `alignment` frames.
    static func allocateFrames(count: Int, alignment: Int) -> UInt64? {
        locked { frames.allocate(count: count, alignment: alignment) }
    }

    /// Maps one kernel page; nil once it is, else why not: `.outOfFrames` when no frame was left for a table,
    /// `.alreadyMapped` when a page is mapped there.
    static func map(virtual: UInt64, physical: UInt64, flags: PageFlags) -> MemoryError? {
        locked {
            do throws(MemoryError) {
                try kernelTables.map(virtual: virtual, physical: physical, flags: flags)
                return nil
            } catch {
                return error
            }
        }
    }

    /// Changes the flags of one mapped kernel page on this processor; the caller shoots the range down on the
    /// others (TLB.shootdown) before it counts on the change.
    static func protect(virtual: UInt64, flags: PageFlags) -> Bool {
        locked {
            do throws(MemoryError) {
                try kernelTables.protect(virtual: virtual, flags: flags)
                ControlRegisters.invalidate(virtual: virtual)
                return true
            } catch {
                return false
            }
        }
    }

    /// Unmaps one kernel page on this processor if it is mapped and returns its frame (freed by the caller once
    /// the other processors have forgotten it, TLB.shootdown); nil when nothing was mapped there.
    static func unmapIfMapped(virtual: UInt64) -> UInt64? {
        locked {
            guard kernelTables.lookup(virtual) != nil else { return nil }
            do throws(MemoryError) {
                let mapping = try kernelTables.unmap(virtual: virtual)
                ControlRegisters.invalidate(virtual: virtual)
                return mapping.physical
            } catch {
                Panic.panic("memory: unmapping a page that is not mapped")
            }
        }
    }

    /// Unmaps whichever of the `count` kernel pages from `start` are mapped, appending their frames to `frames`
    /// (freed by the caller once every processor has forgotten them: TLB.shootdown, which invalidates here too).
    /// One walk per page table, not per page. `frames` gets its room first: growing it under the lock would
    /// have the heap ask this lock for pages.
    static func unmapPresent(from start: UInt64, count: UInt64, into frames: inout [UInt64]) {
        frames.reserveCapacity(frames.count + Int(count))
        unmapPresent(from: start, count: count) { frames.append($1) }
    }

    /// The same, handing each page's address and frame to `unmapped`, which must not allocate (the heap would
    /// ask this lock for pages).
    static func unmapPresent(from start: UInt64, count: UInt64, _ unmapped: (UInt64, UInt64) -> Void) {
        locked {
            do throws(MemoryError) {
                try kernelTables.unmapPresent(from: start, count: count, unmapped)
            } catch {
                Panic.panic("memory: unmapping a range that holds a large page or leaves the address space")
            }
        }
    }

    /// Maps `frames` over the kernel pages from `start` with `flags` (a 0 leaves its page unmapped), appending
    /// the frames they replace to `replaced` (freed by the caller once every processor has forgotten them:
    /// TLB.shootdown). One walk per page table, not per page. False when a table could not be made.
    static func replace(from start: UInt64, with frames: UnsafeBufferPointer<UInt64>, flags: PageFlags,
                        into replaced: inout [UInt64]) -> Bool {
        replaced.reserveCapacity(replaced.count + frames.count)
        return locked {
            do throws(MemoryError) {
                try kernelTables.replace(from: start, with: frames, flags: flags) { replaced.append($0) }
                return true
            } catch {
                return false
            }
        }
    }

    /// Maps zeroed frames at up to `count` kernel pages from `start`, stopping at a page mapped already or when
    /// no frame is left; returns how many it mapped and whether frames ran out, nil when no frame was left for a
    /// table. One lock and one walk per page table for them all (a fault that maps 16 guest pages took the lock
    /// 32 times and walked 16 times); each frame is zeroed before it is mapped, so no processor sees what it held.
    static func mapZeroed(from start: UInt64, count: Int, flags: PageFlags) -> (mapped: Int, outOfFrames: Bool)? {
        locked {
            var outOfFrames = false
            do throws(MemoryError) {
                let mapped = try kernelTables.mapAbsent(from: start, count: UInt64(count), flags: flags) {
                    guard let frame = frames.allocate() else {
                        outOfFrames = true
                        return nil
                    }
                    DirectMap.pointer(frame).initializeMemory(as: UInt8.self, repeating: 0, count: 4096)
                    return frame
                }
                return (mapped, outOfFrames)
            } catch {
                return nil
            }
        }
    }

    /// How many of the `count` kernel pages from `start` are mapped, a walk per page table.
    static func countPresent(from start: UInt64, count: UInt64) -> Int {
        locked {
            do throws(MemoryError) {
                return try kernelTables.countPresent(from: start, count: count)
            } catch {
                Panic.panic("memory: counting a range that holds a large page or leaves the address space")
            }
        }
    }

    /// Makes device memory (MMIO registers, a framebuffer) reachable through the direct map, uncached.
    static func mapDevice(physical: UInt64, size: UInt64, writeCombining: Bool = false) -> UnsafeMutableRawPointer? {
        locked { mapDeviceLocked(physical: physical, size: size, writeCombining: writeCombining) }
    }

    private static func mapDeviceLocked(physical: UInt64, size: UInt64, writeCombining: Bool) -> UnsafeMutableRawPointer? {
        var page = physical & ~0xFFF
        while page < physical + size {
            if page >= directMapEnd || kernelTables.translate(DirectMap.virtual(page)) == nil {
                let flags: PageFlags = writeCombining ? [.writable, .noExecute, .writeThrough]
                                                      : [.writable, .noExecute, .cacheDisable, .writeThrough]
                do throws(MemoryError) {
                    try kernelTables.map(virtual: DirectMap.virtual(page), physical: page, flags: flags)
                } catch {
                    return nil
                }
            }
            page += 4096
        }
        return DirectMap.pointer(physical)
    }

    static func freeFrames(_ base: UInt64, count: Int) {
        locked { freeFramesLocked(base, count: count) }
    }

    private static func freeFramesLocked(_ base: UInt64, count: Int) {
        do throws(MemoryError) {
            try frames.free(base, count: count)
        } catch {
            Panic.panic("memory: freeing frames that are not allocated")
        }
    }

    static func describe(_ error: MemoryError) {
        switch error {
        case .noUsableMemory: Log.text("no usable memory")
        case .tooManyRanges: Log.text("too many ranges")
        case .regionOverflows(let base, _): Log.text("a region overflows, base 0x"); Log.hex(base)
        case .overlappingRanges: Log.text("overlapping ranges")
        case .noRoomForMetadata: Log.text("no room for the frame bitmap")
        case .misaligned(let a): Log.text("misaligned address 0x"); Log.hex(a)
        case .frameNotManaged(let a): Log.text("frame not managed 0x"); Log.hex(a)
        case .frameNotAllocated(let a): Log.text("frame not allocated 0x"); Log.hex(a)
        case .nonCanonical(let a): Log.text("non-canonical address 0x"); Log.hex(a)
        case .physicalOutOfRange(let a): Log.text("physical address out of range 0x"); Log.hex(a)
        case .unsupportedFlags: Log.text("unsupported page flags")
        case .alreadyMapped(let a): Log.text("already mapped 0x"); Log.hex(a)
        case .notMapped(let a): Log.text("not mapped 0x"); Log.hex(a)
        case .outOfFrames: Log.text("out of frames")
        }
    }
}
