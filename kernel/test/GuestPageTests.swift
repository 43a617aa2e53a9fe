import CPU
import Synchronization
import WASIPreview1

/// Guest linear memories mapped on first touch, and whole pages moved between them (channel_send_pages): the
/// frames a memory holds are the pages touched (and, after a run of pages touched in order, the pages the run's
/// faults mapped ahead), what was charged comes back exactly, and a moved page leaves its first memory for the
/// second without a copy. Pages are touched in descending order where a test counts frames per page touched.
enum GuestPageTests {
    static let cases: [KernelTests.Case] = [
        .init(name: "guest-memory-maps-on-first-touch") { check in
            let frames = GuestMemorySpace.framesInUse, charged = MemoryBudget.pool.bytes
            let free = MemoryManager.freeFrameCount
            guard let memory = GuestMemorySpace.allocate(4 * 4096, 64 * 4096) else {
                return check.expect(false, "no guest memory")
            }
            check.expect(GuestMemorySpace.framesInUse == frames, "allocating mapped pages")
            check.expect(MemoryBudget.pool.bytes == charged + 4 * 4096, "4 pages not charged at once")
            // Through functions the optimizer cannot see into: it would move the accesses past the counts.
            check.expect(peek(memory, 4096 + 17) == 0, "a first read is not zero")
            poke(memory, 3 * 4096, 7)
            poke(memory, 3 * 4096 + 1, peek(memory, 3 * 4096) + 1)
            check.expect(GuestMemorySpace.framesInUse == frames + 2, "\(GuestMemorySpace.framesInUse - frames) frames for 2 pages touched")
            check.expect(GuestMemorySpace.grow(memory, 4 * 4096, 40 * 4096), "grow")
            check.expect(MemoryBudget.pool.bytes == charged + 40 * 4096, "the grown pages not charged")
            poke(memory, 39 * 4096 + 4095, 9)
            check.expect(peek(memory, 39 * 4096 + 4095) == 9 && peek(memory, 3 * 4096 + 1) == 8, "bytes lost")
            check.expect(GuestMemorySpace.framesInUse == frames + 3, "a page of the grown part not mapped once")
            GuestMemorySpace.deallocate(memory, 40 * 4096)
            check.expect(GuestMemorySpace.framesInUse == frames, "guest frames \(frames) -> \(GuestMemorySpace.framesInUse)")
            check.expect(MemoryBudget.pool.bytes == charged, "pool charge \(charged) -> \(MemoryBudget.pool.bytes)")
            check.expect(MemoryManager.freeFrameCount >= free - 4, "free frames \(free) -> \(MemoryManager.freeFrameCount)")
        },
        .init(name: "guest-memory-faults-around-a-run") { check in
            // A fault on the page after the last fault's run maps twice as many pages as that one did, up to 16,
            // never past the memory's size nor over a page mapped already; any other fault maps its page alone.
            let frames = GuestMemorySpace.framesInUse, charged = MemoryBudget.pool.bytes
            guard let memory = GuestMemorySpace.allocate(64 * 4096, 64 * 4096),
                  let other = GuestMemorySpace.allocate(8 * 4096, 8 * 4096) else {
                return check.expect(false, "no guest memories")
            }
            func touch(_ page: Int, expecting held: Int) {
                poke(memory, page * 4096 + 1, UInt8(page))
                check.expect(GuestMemorySpace.framesInUse == frames + held,
                             "page \(page): \(GuestMemorySpace.framesInUse - frames) frames, not \(held)")
            }
            touch(10, expecting: 1)
            touch(11, expecting: 3)
            let faulted = GuestMemorySpace.pagesFaultedIn
            touch(12, expecting: 3)
            check.expect(GuestMemorySpace.pagesFaultedIn == faulted, "a page mapped ahead faulted")
            check.expect(peek(memory, 12 * 4096) == 0, "a page mapped ahead is not zero")
            touch(13, expecting: 7)
            touch(17, expecting: 15)
            touch(25, expecting: 31)
            touch(41, expecting: 47)
            touch(57, expecting: 54)
            touch(0, expecting: 55)
            touch(30, expecting: 55)
            // A run stops at a page mapped already, which keeps its bytes.
            poke(other, 5 * 4096, 0x55)
            poke(other, 0, 1)
            poke(other, 4096, 2)
            poke(other, 3 * 4096, 3)
            check.expect(GuestMemorySpace.framesInUse == frames + 55 + 6, "a run went over a mapped page")
            check.expect(peek(other, 5 * 4096) == 0x55 && peek(other, 4 * 4096) == 0 && peek(other, 7 * 4096) == 0,
                         "bytes lost")
            check.expect(GuestMemorySpace.framesInUse == frames + 55 + 7, "page 7 not mapped alone")
            GuestMemorySpace.deallocate(memory, 64 * 4096)
            GuestMemorySpace.deallocate(other, 8 * 4096)
            check.expect(GuestMemorySpace.framesInUse == frames, "guest frames \(frames) -> \(GuestMemorySpace.framesInUse)")
            check.expect(MemoryBudget.pool.bytes == charged, "pool charge \(charged) -> \(MemoryBudget.pool.bytes)")
        },
        .init(name: "guest-pages-move-between-memories") { check in
            let frames = GuestMemorySpace.framesInUse, charged = MemoryBudget.pool.bytes
            let account = MemoryAccount(limit: 1 << 20, parent: MemoryBudget.pool)
            guard let from = GuestMemorySpace.allocate(16 * 4096, 16 * 4096),
                  let to = GuestMemorySpace.allocate(16 * 4096, 16 * 4096) else {
                return check.expect(false, "no guest memories")
            }
            for page in (0..<8).reversed() where page != 5 { poke(from, page * 4096 + page, UInt8(page + 1)) }
            for page in (0..<8).reversed() { poke(to, page * 4096, 0xEE) }
            check.expect(GuestMemorySpace.framesInUse == frames + 15, "15 pages touched")
            move(&check, from: from, to: to, account: account, frames: frames)
            for page in 0..<8 {
                let expected: UInt8 = page == 5 ? 0 : UInt8(page + 1)
                check.expect(peek(to, page * 4096 + page) == expected && (page == 0 || peek(to, page * 4096) == 0),
                             "page \(page) not moved")
            }
            GuestMemorySpace.deallocate(from, 16 * 4096)
            GuestMemorySpace.deallocate(to, 16 * 4096)
            check.expect(account.bytes == 0, "in-flight charge kept: \(account.bytes)")
            check.expect(GuestMemorySpace.framesInUse == frames, "guest frames \(frames) -> \(GuestMemorySpace.framesInUse)")
            check.expect(MemoryBudget.pool.bytes == charged, "pool charge \(charged) -> \(MemoryBudget.pool.bytes)")
        },
        .init(name: "device-window-over-guest-memory") { check in
            // A window (device_map) over touched and untouched pages: the memory's frames there go back, the
            // guest's accesses reach the "device" (a frame the test holds, standing in for device memory), the
            // window's pages never move as a message, and freeing the memory leaves the device's page alone.
            let frames = GuestMemorySpace.framesInUse, charged = MemoryBudget.pool.bytes
            guard let device = MemoryManager.allocateFrame(),
                  let memory = GuestMemorySpace.allocate(32 * 4096, 32 * 4096) else {
                return check.expect(false, "no frame or guest memory")
            }
            DirectMap.pointer(device).initializeMemory(as: UInt8.self, repeating: 0x5A, count: 4096)
            poke(memory, 3 * 4096, 2)
            poke(memory, 2 * 4096, 1)
            check.expect(GuestMemorySpace.framesInUse == frames + 2, "2 pages touched")
            do throws(Errno) {
                try GuestMemorySpace.mapWindow(device, 1, memory + 2 * 4096)
            } catch {
                check.expect(false, "mapWindow: \(error)")
            }
            check.expect(GuestMemorySpace.framesInUse == frames + 1, "the frame under the window was kept")
            check.expect(peek(memory, 2 * 4096 + 9) == 0x5A, "the window does not show the device")
            poke(memory, 2 * 4096 + 9, 0xC3)
            check.expect(DirectMap.pointer(device).load(fromByteOffset: 9, as: UInt8.self) == 0xC3,
                         "a store through the window did not reach the device")
            check.expect(peek(memory, 3 * 4096) == 2, "the page beside the window changed")
            var overlapped = false
            do throws(Errno) { try GuestMemorySpace.mapWindow(device, 2, memory + 4096) } catch { overlapped = error == .invalid }
            check.expect(overlapped, "a window over a window was accepted")
            let account = MemoryAccount(limit: 1 << 20, parent: MemoryBudget.pool)
            check.expect(GuestMemorySpace.takePages(memory + 2 * 4096, 1, account) == nil, "a window's page moved")
            // Windows are kernel memory: a memory holds a bounded number of them.
            var refused: Errno? = nil
            for page in [0, 4, 5, 6, 7] + Array(8..<GuestMemorySpace.windowsPerMemory + 8) where refused == nil {
                do throws(Errno) { try GuestMemorySpace.mapWindow(device, 1, memory + page * 4096) } catch { refused = error }
            }
            check.expect(refused == .noMemory, "windows past the bound: errno \(refused?.rawValue ?? 0)")
            GuestMemorySpace.deallocate(memory, 32 * 4096)
            check.expect(GuestMemorySpace.framesInUse == frames, "guest frames \(frames) -> \(GuestMemorySpace.framesInUse)")
            check.expect(MemoryBudget.pool.bytes == charged, "pool charge \(charged) -> \(MemoryBudget.pool.bytes)")
            // Had the memory freed the device's page as its own, this second free would be a kernel panic.
            MemoryManager.freeFrames(device, count: 1)
        },
        .init(name: "guest-memory-first-touch-on-two-processors") { check in
            // Two threads touch the same untouched pages at once, each writing its own byte of every page: every
            // page is mapped once (one frame each, none leaked) and neither write is lost to a second mapping.
            let frames = GuestMemorySpace.framesInUse, charged = MemoryBudget.pool.bytes
            let faulted = GuestMemorySpace.pagesFaultedIn, raced = GuestMemorySpace.faultsFoundMapped
            let pages = 512
            final class Shared { let ready = Atomic<Int>(0); let processors = Atomic<Int>(0) }
            let shared = Shared()
            for round in 0..<4 {
                guard let memory = GuestMemorySpace.allocate(pages * 4096, pages * 4096) else {
                    return check.expect(false, "no guest memory")
                }
                shared.ready.store(0, ordering: .relaxed)
                let threads = (0..<2).map { index in
                    Scheduler.spawn("toucher") {
                        shared.ready.wrappingAdd(1, ordering: .acquiringAndReleasing)
                        while shared.ready.load(ordering: .acquiring) < 2 { Scheduler.yield() }
                        shared.processors.bitwiseOr(1 << ProcessorLocal.currentIndex, ordering: .relaxed)
                        for page in 0..<pages { poke(memory, page * 4096 + index, UInt8(round + index + 1)) }
                    }
                }
                for thread in threads {
                    check.expect(thread.join(deadline: Clock.nanoseconds() + 10_000_000_000), "a toucher hung")
                }
                check.expect(GuestMemorySpace.framesInUse == frames + pages,
                             "\(GuestMemorySpace.framesInUse - frames) frames for \(pages) pages")
                for page in 0..<pages {
                    check.expect(peek(memory, page * 4096) == UInt8(round + 1) && peek(memory, page * 4096 + 1) == UInt8(round + 2),
                                 "round \(round): a write to page \(page) was lost")
                }
                GuestMemorySpace.deallocate(memory, pages * 4096)
            }
            check.expect(GuestMemorySpace.pagesFaultedIn - faulted == 4 * pages, "pages faulted in twice or never")
            let figure = "  guest-pages: 4 x \(pages) pages touched by two processors at once, "
                + "\(GuestMemorySpace.faultsFoundMapped - raced) faults found the page mapped by the other\n"
            for byte in figure.utf8 { Log.put(byte) }
            check.expect(shared.processors.load(ordering: .relaxed) == 3 || Processors.count < 2,
                         "the touchers ran on processors \(shared.processors.load(ordering: .relaxed)) only")
            check.expect(GuestMemorySpace.framesInUse == frames, "guest frames \(frames) -> \(GuestMemorySpace.framesInUse)")
            check.expect(MemoryBudget.pool.bytes == charged, "pool charge \(charged) -> \(MemoryBudget.pool.bytes)")
        },
    ]

    /// Moves 8 pages of `from` to `to`; the pages in flight are gone once this returns.
    private static func move(_ check: inout KernelTests.Check, from: UnsafeMutableRawPointer,
                             to: UnsafeMutableRawPointer, account: MemoryAccount, frames: Int) {
        guard let pages = GuestMemorySpace.pageMover.take(from, 8, account) else {
            return check.expect(false, "take refused")
        }
        check.expect(pages.pages.filter { $0 != 0 }.count == 7, "7 frames taken (one page never touched)")
        check.expect(account.bytes == 7 * 4096 + 8 * 8, "in flight charged \(account.bytes)")
        check.expect(GuestMemorySpace.framesInUse == frames + 8, "taken frames still counted")
        check.expect(peek(from, 2 * 4096 + 2) == 0, "the sender still reads its page")
        GuestMemorySpace.pageMover.place(pages, to)
    }

    @inline(never) @_optimize(none)
    static func peek(_ memory: UnsafeMutableRawPointer, _ offset: Int) -> UInt8 { memory.load(fromByteOffset: offset, as: UInt8.self) }

    @inline(never) @_optimize(none)
    static func poke(_ memory: UnsafeMutableRawPointer, _ offset: Int, _ value: UInt8) {
        memory.storeBytes(of: value, toByteOffset: offset, as: UInt8.self)
    }
}
