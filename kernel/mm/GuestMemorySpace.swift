import CPU
import Memory
import WASIPreview1
import Wax

/// Where guests' linear memories live: a virtual region of their own. Each memory reserves virtual space for
/// its maximum size (plus an unmapped guard page) and grows in place, so it needs no physically contiguous run.
///
/// Charged eagerly, mapped on first touch. Allocating or growing a memory charges MemoryBudget's pool for every
/// page of its new size at once (running out refuses it: the guest's memory.grow returns -1, or it does not
/// start), but maps nothing: the first access to a page, by native code, the interpreter or a host function
/// copying into guest memory, takes a page fault that lands in `mapOnFirstTouch`, which maps a zeroed frame and
/// resumes the access (and, when it continues a run of pages touched in order, the pages after it: a buffer filled
/// faults once per 16 pages). The charge was taken already, so that frame is always there: the pool never promises
/// more than was free at boot less the kernel's reserve. A hello spawned and exited used to map and unmap every page
/// of its memory and value stack (~45k guest instructions of a spawn); now it maps the few pages it touches.
/// Whole pages also move from one memory to another (`pageMover`, channel_send_pages): a frame leaves the
/// sender's page tables, whose memory reads zeros there from its next touch, and is mapped in the receiver's.
///
/// Processes on every processor grow and free memories, and fault: `lock` guards the region's bookkeeping and
/// serializes the mapping of touched pages (two processors touching one page: the first maps it, the second finds
/// it present). The fault handler takes `lock` and then the memory manager's lock, with interrupts off; it cannot
/// deadlock with the code it interrupts because no code touches guest memory while holding either of them (this
/// file and MemoryManager only read page tables and bookkeeping under them, never a guest's bytes), nor while
/// holding the heap's lock, which `allocate` takes under `lock`. The handler itself allocates nothing.
enum GuestMemorySpace {
    private static let lock = SpinLock()
    static let base: UInt64 = 0x0000_1000_0000_0000
    static let end: UInt64 = DirectMap.base
    nonisolated(unsafe) private static var ranges = VirtualRanges(base: base, end: end)

    /// A live memory: its reservation (bytes, guard page included) and its size in pages, every one charged.
    private struct Region {
        var start: UInt64
        var reserved: UInt64
        var pages: UInt64
        /// Pages of device memory mapped over it (device_map): never freed as frames, never moved.
        var windows: [Range<UInt64>] = []
        /// Where a fault continues the run of pages its last faults mapped, and how many pages the next such
        /// fault maps (`mapOnFirstTouch`).
        var runEnd: UInt64 = 0
        var runPages: UInt64 = 1

        func overlapsWindow(_ range: Range<UInt64>) -> Bool { windows.contains { $0.overlaps(range) } }
    }
    /// The live memories in address order, found by binary search (the fault handler allocates nothing).
    nonisolated(unsafe) private static var regions: [Region] = []
    /// Frames held by guest memories now: the pages touched (the thousand-process test checks they all come back).
    nonisolated(unsafe) private(set) static var framesInUse = 0
    /// Pages mapped on first touch since boot, and faults that found their page mapped by another processor
    /// meanwhile (figures for tests).
    nonisolated(unsafe) private(set) static var pagesFaultedIn = 0
    nonisolated(unsafe) private(set) static var faultsFoundMapped = 0

    static let allocator = MemoryAllocator(allocate: allocate, grow: grow, deallocate: deallocate,
                                           reservesIndexSpace: true)

    private static func pages(_ byteCount: Int) -> UInt64 { UInt64((max(byteCount, 0) + 4095) / 4096) }

    /// Reserves `capacity` (and a guard page), which for a 32-bit memory is the whole index space native code can
    /// reach past its base (8 GiB and a page: Wax asks for NativeFaults.guardedReservation, as `allocator`
    /// reserves index space), so its accesses need no bounds check: past the memory's size they fault here
    /// unmapped, and the fault handler makes them the process's trap (CodeSpace.resumeAtTrapExit). Frames are
    /// charged only for the size; the address space to each process, up to `reservationLimit` (ProcessRunner).
    static func allocate(_ byteCount: Int, _ capacity: Int) -> UnsafeMutableRawPointer? {
        let size = reservation(byteCount, capacity)
        let count = pages(byteCount)
        guard MemoryBudget.chargeFrames(Int(count)) else { return nil }
        guard let start = lock.withLock({ ranges.reserve(size) }) else {
            MemoryBudget.releaseFrames(Int(count))
            return nil
        }
        lock.withLock {
            let region = Region(start: start, reserved: size, pages: count)
            regions.insert(region, at: index(of: start))
        }
        return UnsafeMutableRawPointer(bitPattern: UInt(start))
    }

    /// The address space a block of `byteCount` bytes that may grow to `capacity` reserves: both, and a guard page.
    static func reservation(_ byteCount: Int, _ capacity: Int) -> UInt64 { (pages(max(capacity, byteCount)) + 1) * 4096 }

    /// The address space the block at `pointer` reserved (0 for no block of this space).
    static func reservation(at pointer: UnsafeMutableRawPointer) -> UInt64 {
        let start = UInt64(UInt(bitPattern: pointer))
        return lock.withLock {
            let i = index(of: start)
            return i < regions.count && regions[i].start == start ? regions[i].reserved : 0
        }
    }

    /// The address space one process's blocks may reserve: the region shared by a full process table. A memory 0
    /// takes 8 GiB of it, each other memory its most pages; past this its store's allocations fail (the program
    /// does not start, memory.grow that must move returns -1).
    static let reservationLimit = (end - base) / UInt64(ProcessTable.limit)

    /// Grows in place; only the memory's owner grows it. The new pages are charged now and mapped when touched.
    static func grow(_ pointer: UnsafeMutableRawPointer, _ byteCount: Int, _ newByteCount: Int) -> Bool {
        let start = UInt64(UInt(bitPattern: pointer))
        let fits = lock.withLock { () -> Bool in
            let i = index(of: start)
            return i < regions.count && regions[i].start == start && (pages(newByteCount) + 1) * 4096 <= regions[i].reserved
        }
        guard fits else { return false }
        let added = pages(newByteCount) - pages(byteCount)
        // Charged outside the lock: a refused charge may first flush the module cache.
        guard MemoryBudget.chargeFrames(Int(added)) else { return false }
        lock.withLock { regions[index(of: start)].pages += added }
        return true
    }

    static func deallocate(_ pointer: UnsafeMutableRawPointer, _ byteCount: Int) {
        let start = UInt64(UInt(bitPattern: pointer))
        let region = lock.withLock { () -> Region? in
            let i = index(of: start)
            guard i < regions.count && regions[i].start == start else { return nil }
            return regions.remove(at: i)
        }
        guard let region else { Panic.panic("guest memory: freeing a memory that was never allocated") }
        // No processor touches the memory any more (its owner let it go), so no fault maps a page behind us.
        // Device pages leave first: they are not frames to free.
        var devicePages: [UInt64] = []
        for window in region.windows {
            MemoryManager.unmapPresent(from: window.lowerBound, count: UInt64(window.count) / 4096, into: &devicePages)
            TLB.shootdown(start: window.lowerBound, pages: UInt64(window.count) / 4096)
            devicePages.removeAll(keepingCapacity: true)
        }
        let freed = ChargedPages.unmapPresent(from: start, count: region.pages)
        MemoryBudget.releaseFrames(Int(region.pages))
        lock.withLock {
            framesInUse -= freed
            ranges.release(start: start, size: region.reserved)
        }
    }

    /// The page fault handler's part (Faults): when `address` lies in a live memory's current size, maps a zeroed
    /// frame there (unless another processor just did) and returns true, the faulting access to be resumed;
    /// false for any other address (beyond the size, in the guard page, outside every memory).
    ///
    /// A fault on the page right after the run the memory's last fault mapped maps the pages after it as well,
    /// twice as many as that fault did, up to `faultAround` (a guest filling a buffer, or a memory refilled
    /// after its pages moved away, takes one fault per 16 pages rather than per page); any other fault maps its
    /// page alone, so that scattered touches (a hello's) map no page they do not touch. The run stops at the
    /// memory's size and at a page mapped already.
    static func mapOnFirstTouch(_ address: UInt64) -> Bool {
        guard address >= base && address < end else { return false }
        let page = address & ~0xFFF
        return lock.withLock {
            let i = index(of: page + 1) - 1
            guard i >= 0, page < regions[i].start + regions[i].pages * 4096 else { return false }
            let continues = page == regions[i].runEnd
            let wanted = continues ? min(regions[i].runPages * 2, faultAround) : 1
            let limit = (regions[i].start + regions[i].pages * 4096 - page) / 4096
            // Charged when the memory reached this size; the pool never promises frames that are not there.
            // Mapping is where a page another processor faulted in first shows (rare), so the fault walks the
            // tables once.
            guard let (mapped, outOfFrames) = MemoryManager.mapZeroed(from: page, count: Int(min(wanted, limit)),
                                                                      flags: [.writable, .noExecute]) else {
                Panic.panic("guest memory: no page table for a charged page")
            }
            if mapped == 0 {
                if outOfFrames { Panic.panic("guest memory: no frame for a charged page") }
                faultsFoundMapped += 1
            }
            framesInUse += mapped
            pagesFaultedIn += mapped
            regions[i].runEnd = page + UInt64(max(mapped, 1)) * 4096
            regions[i].runPages = UInt64(max(mapped, 1))
            return true
        }
    }

    /// Most pages one fault maps (`mapOnFirstTouch`).
    static let faultAround: UInt64 = 16

    /// Channel messages of whole pages (channel_send_pages) move between memories by page-table entries: no byte
    /// is copied (ChannelCounters.bytesMoved counts them).
    static let pageMover = PageMover(copies: false, take: takePages, place: placePages)

    /// Takes the `count` pages at `start`, which lie in the calling process's own memory (its bounds checked),
    /// out of it: their frames leave the page tables (a page never touched travels as 0), and the memory reads
    /// zeros there from the next touch on, its size and charge unchanged. The frames are charged to `account`
    /// while they travel. Only the memory's owner touches it, and it is in this call: no fault races with us.
    static func takePages(_ start: UnsafeMutableRawPointer, _ count: Int, _ account: MemoryAccount) -> MovedPages? {
        let first = UInt64(UInt(bitPattern: start))
        // Only a memory of this space moves its pages (a store on the kernel heap would give heap pages).
        guard holds(first, pages: count) else { return nil }
        let held = MemoryManager.countPresent(from: first, count: UInt64(count))
        let charge = held * 4096 + count * MemoryLayout<UInt64>.stride
        do throws(Errno) { try account.charge(charge) } catch { return nil }
        var frames = [UInt64](repeating: 0, count: count)
        var done = 0
        frames.withUnsafeMutableBufferPointer { frames in
            while done < count {
                let n = min(batch, count - done)
                MemoryManager.unmapPresent(from: first + UInt64(done) * 4096, count: UInt64(n)) { page, frame in
                    frames[Int((page - first) / 4096)] = frame
                }
                TLB.shootdown(start: first + UInt64(done) * 4096, pages: UInt64(n))
                done += n
            }
        }
        lock.withLock { framesInUse -= held }
        return MovedPages(frames, read: { frame, destination in
            destination.copyMemory(from: DirectMap.pointer(frame), byteCount: 4096)
        }, release: { kept in
            // Frames of a message nobody mapped: no processor has a translation to them.
            for frame in kept where frame != 0 { MemoryManager.freeFrames(frame, count: 1) }
            account.release(charge)
        })
    }

    /// Maps `pages` at `start`, in the calling process's own memory (its bounds checked), in place of the pages
    /// there, whose frames are freed once no processor can reach them; a page that travelled as 0 is left
    /// unmapped, to read zeros. The frames join the memory, whose charge covers its whole size already.
    static func placePages(_ pages: MovedPages, _ start: UnsafeMutableRawPointer) {
        let first = UInt64(UInt(bitPattern: start))
        guard holds(first, pages: pages.count) else { return pages.copy(into: start) }
        let frames = pages.handOver()
        var replaced: [UInt64] = []
        replaced.reserveCapacity(min(frames.count, batch))
        var done = 0, placed = 0, freed = 0
        while done < frames.count {
            let n = min(batch, frames.count - done)
            let mapped = frames.withUnsafeBufferPointer { frames in
                MemoryManager.replace(from: first + UInt64(done) * 4096,
                                      with: UnsafeBufferPointer(rebasing: frames[done..<done + n]),
                                      flags: [.writable, .noExecute], into: &replaced)
            }
            guard mapped else { Panic.panic("guest memory: no page table for a page received") }
            for index in done..<done + n where frames[index] != 0 { placed += 1 }
            TLB.shootdown(start: first + UInt64(done) * 4096, pages: UInt64(n))
            for frame in replaced { MemoryManager.freeFrames(frame, count: 1) }
            freed += replaced.count
            replaced.removeAll(keepingCapacity: true)
            done += n
        }
        lock.withLock { framesInUse += placed - freed }
    }

    /// Maps the device pages from `physical` over the `count` pages at `start` in the calling process's own
    /// memory (device_map), in place of its frames there, which are freed a batch at a time: the guest's loads
    /// and stores reach the device, uncached (registers must see every access). The memory keeps its size and
    /// charge. EINVAL when the pages are not in a live memory or overlap a window already there; ENOMEM past
    /// `windowsPerMemory` (each window is kernel memory a driver could otherwise grow without bound).
    static func mapWindow(_ physical: UInt64, _ count: Int, _ start: UnsafeMutableRawPointer) throws(Errno) {
        let first = UInt64(UInt(bitPattern: start))
        let range = first..<first + UInt64(count) * 4096
        let refused = lock.withLock { () -> Errno? in
            guard first >= base && first < end, let i = region(holding: range), !regions[i].overlapsWindow(range)
            else { return .invalid }
            guard regions[i].windows.count < windowsPerMemory else { return .noMemory }
            regions[i].windows.append(range)
            return nil
        }
        if let refused { throw refused }
        var freed: [UInt64] = []
        freed.reserveCapacity(min(count, batch))
        var done = 0
        while done < count {
            let n = min(batch, count - done)
            for index in done..<done + n {
                let page = first + UInt64(index) * 4096
                if let frame = MemoryManager.unmapIfMapped(virtual: page) { freed.append(frame) }
                guard MemoryManager.map(virtual: page, physical: physical + UInt64(index) * 4096,
                                        flags: [.writable, .noExecute, .cacheDisable, .writeThrough]) == nil else {
                    Panic.panic("guest memory: no page table for a device window")
                }
            }
            TLB.shootdown(start: first + UInt64(done) * 4096, pages: UInt64(n))
            for frame in freed { MemoryManager.freeFrames(frame, count: 1) }
            let given = freed.count
            lock.withLock { framesInUse -= given }
            freed.removeAll(keepingCapacity: true)
            done += n
        }
    }

    /// Most device windows one memory holds.
    static let windowsPerMemory = 16

    /// Whether `count` pages from `start` lie inside a live memory's current size, clear of device windows.
    private static func holds(_ start: UInt64, pages count: Int) -> Bool {
        guard start >= base && start < end && start & 0xFFF == 0 else { return false }
        let range = start..<start + UInt64(count) * 4096
        return lock.withLock {
            guard let i = region(holding: range) else { return false }
            return !regions[i].overlapsWindow(range)
        }
    }

    /// The region whose current size holds `range` (lock held).
    private static func region(holding range: Range<UInt64>) -> Int? {
        let i = index(of: range.lowerBound + 1) - 1
        return i >= 0 && range.upperBound <= regions[i].start + regions[i].pages * 4096 ? i : nil
    }

    /// Pages handled between two shootdowns.
    private static let batch = 512

    /// The index of the first region starting at or above `address` (lock held).
    private static func index(of address: UInt64) -> Int {
        var low = 0, high = regions.count
        while low < high {
            let middle = (low + high) / 2
            if regions[middle].start < address { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
