/// How whole pages of linear memory travel in a channel message (channel_send_pages, channel_recv_pages): the
/// embedder's seam. The kernel moves page-table entries (the sender's frames leave its memory and are mapped in
/// the receiver's; nothing is copied); a host that cannot remap guest memory copies and zeroes (`copying`). Either
/// way the semantics are the same, and WebAssembly-safe: once taken, the pages read as zeros in the sender's memory
/// (its size and its charge stay), and the receiver's pages they replace are gone, so no page is ever reachable
/// from two memories.
public struct PageMover {
    /// Takes the `count` pages at `start` (page aligned, inside the caller's linear memory) out of that memory,
    /// which reads zeros there afterwards, charging what they hold to `account` until they are placed or
    /// dropped; nil (nothing taken) when the charge does not fit.
    public var take: (_ start: UnsafeMutableRawPointer, _ count: Int, _ account: MemoryAccount) -> MovedPages?
    /// Puts `pages` at `start` (page aligned, inside the caller's linear memory), in place of the pages there.
    public var place: (_ pages: MovedPages, _ start: UnsafeMutableRawPointer) -> Void
    /// Whether this mover copies bytes (counted in ChannelCounters.bytesCopied) rather than moving pages.
    public let copies: Bool

    public init(copies: Bool,
                take: @escaping (_ start: UnsafeMutableRawPointer, _ count: Int, _ account: MemoryAccount) -> MovedPages?,
                place: @escaping (_ pages: MovedPages, _ start: UnsafeMutableRawPointer) -> Void) {
        self.copies = copies
        self.take = take
        self.place = place
    }

    public static let pageSize = 4096

    /// The portable mover: each page that holds anything is copied to a heap block (charged to the sender) and
    /// zeroed in place; placing copies it out. Pages of zeros travel as nothing.
    public static var copying: PageMover {
        PageMover(copies: true, take: { start, count, account in
            var blocks: [UInt64] = []
            blocks.reserveCapacity(count)
            for index in 0..<count {
                let page = UnsafeRawBufferPointer(start: start + index * pageSize, count: pageSize)
                blocks.append(page.allSatisfy { $0 == 0 } ? 0 : 1)
            }
            let held = blocks.reduce(0) { $0 + Int($1) }
            do throws(Errno) { try account.charge(held * pageSize) } catch { return nil }
            for index in 0..<count where blocks[index] != 0 {
                let block = UnsafeMutableRawPointer.allocate(byteCount: pageSize, alignment: pageSize)
                block.copyMemory(from: start + index * pageSize, byteCount: pageSize)
                (start + index * pageSize).initializeMemory(as: UInt8.self, repeating: 0, count: pageSize)
                blocks[index] = UInt64(UInt(bitPattern: block))
            }
            return MovedPages(blocks, read: { block, destination in
                destination.copyMemory(from: UnsafeRawPointer(bitPattern: UInt(block))!, byteCount: pageSize)
            }, release: { kept in
                for block in kept where block != 0 { UnsafeMutableRawPointer(bitPattern: UInt(block))!.deallocate() }
                account.release(held * pageSize)
            })
        }, place: { pages, start in
            pages.copy(into: start)
        })
    }
}

/// Pages taken out of a linear memory, on their way in a message: one entry per page, 0 for a page of zeros
/// (never touched, or all zero) that travels as nothing, otherwise the embedder's handle on what holds its bytes
/// (the kernel: a physical frame). What is still held when the message goes (received by copying, or dropped
/// unreceived) is given back, with the sender's charge, when this object goes.
public final class MovedPages {
    public let count: Int
    public private(set) var pages: [UInt64]
    private let read: (_ page: UInt64, _ destination: UnsafeMutableRawPointer) -> Void
    private let release: (_ kept: [UInt64]) -> Void

    public init(_ pages: [UInt64], read: @escaping (_ page: UInt64, _ destination: UnsafeMutableRawPointer) -> Void,
                release: @escaping (_ kept: [UInt64]) -> Void) {
        self.count = pages.count
        self.pages = pages
        self.read = read
        self.release = release
    }

    /// The byte count of the message they make.
    public var byteCount: Int { count * PageMover.pageSize }

    /// Hands the pages over to a new owner (the receiver's memory, which maps them): nothing is left to free.
    public func handOver() -> [UInt64] {
        let given = pages
        pages = []
        return given
    }

    /// Copies the pages' bytes to `destination` (`byteCount` bytes), zeros for the pages that hold nothing.
    public func copy(into destination: UnsafeMutableRawPointer) {
        for (index, page) in pages.enumerated() {
            let target = destination + index * PageMover.pageSize
            if page == 0 {
                target.initializeMemory(as: UInt8.self, repeating: 0, count: PageMover.pageSize)
            } else {
                read(page, target)
            }
        }
    }

    deinit { release(pages) }
}

/// What channel messages cost in copying, since boot (walos's channel_stats): bytes copied between linear memories
/// and the kernel (a message's bytes, once in and once out; pages a copying mover carries), and bytes that moved
/// as whole pages without a copy. Calls are serialized (WASIHost.lock), so plain counters do.
public enum ChannelCounters {
    nonisolated(unsafe) public static var bytesCopied: UInt64 = 0
    nonisolated(unsafe) public static var bytesMoved: UInt64 = 0
}
