import Synchronization

/// A RAM file's contents: 4 KiB pages from a StorageSource under a radix index, as page tables map memory.
/// An index page holds 512 page pointers, so 6 levels reach any offset below 2^63; a hole (a page never
/// written) costs nothing and reads as zeros; growing a file allocates only the pages written and never moves
/// what is there, so a 500 MiB file grown in 1 MiB steps costs what its pages cost.
public final class FileData {
    public static let pageSize = StorageSource.pageSize
    static let pageShift: UInt64 = 12
    static let indexBits: UInt64 = 9
    static let indexMask: UInt64 = (1 << indexBits) - 1
    /// Linux's limit on a file's size and offsets (off_t), which wasmtime inherits.
    public static let maxSize = UInt64(Int64.max)

    private let source: StorageSource
    /// The top page: the data page itself while `height` is 0, an index page above that; nil when empty.
    private var top: UnsafeMutableRawPointer? = nil
    /// Index levels above the data pages: page numbers below 512^height are reachable.
    private var height: UInt64 = 0
    /// The file's size in bytes; what lies past the last page written reads as zeros.
    public private(set) var size: UInt64 = 0
    /// Pages held, data and index.
    public private(set) var pageCount = 0
    /// A number no other contents of any RAM file have had since boot: new with every change (Node.contentVersion).
    public private(set) var version = FileData.newVersion()

    /// The versions of every RAM file, from one count, so that no two files' contents ever share one.
    private static let versions = Atomic<UInt64>(0)

    private static func newVersion() -> UInt64 { versions.wrappingAdd(1, ordering: .relaxed).newValue }

    public init(source: StorageSource) {
        self.source = source
    }

    deinit {
        if let top { release(top, level: height, base: 0, from: 0) }
    }

    // MARK: Bytes

    /// Copies up to `buffer.count` bytes from `offset`; 0 at or past the end.
    public func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard offset < size, buffer.count > 0 else { return 0 }
        let count = Int(min(UInt64(buffer.count), size - offset))
        var done = 0
        while done < count {
            let position = offset + UInt64(done)
            let within = Int(position & UInt64(Self.pageSize - 1))
            let piece = min(count - done, Self.pageSize - within)
            // SAFETY: done + piece <= count <= buffer.count, and a page holds within + piece <= pageSize bytes.
            let target = buffer.baseAddress! + done
            if let page = lookup(position >> Self.pageShift) {
                target.copyMemory(from: page + within, byteCount: piece)
            } else {
                target.initializeMemory(as: UInt8.self, repeating: 0, count: piece)
            }
            done += piece
        }
        return count
    }

    /// Writes `buffer` at `offset`, taking pages as it goes. When the source runs dry part way, the bytes
    /// already written stay and their count is returned (a short write, as POSIX has it); noSpace when none were.
    public func write(at offset: UInt64, from buffer: UnsafeRawBufferPointer) throws(FileSystemError) -> Int {
        guard buffer.count > 0 else { return 0 }
        let (end, overflow) = offset.addingReportingOverflow(UInt64(buffer.count))
        guard !overflow, end <= Self.maxSize else { throw .fileTooLarge }
        var done = 0
        while done < buffer.count {
            let position = offset + UInt64(done)
            let within = Int(position & UInt64(Self.pageSize - 1))
            let piece = min(buffer.count - done, Self.pageSize - within)
            guard let page = pageForWriting(position >> Self.pageShift) else { break }
            // SAFETY: the page holds pageSize bytes and within + piece <= pageSize; done + piece <= buffer.count.
            (page + within).copyMemory(from: buffer.baseAddress! + done, byteCount: piece)
            done += piece
        }
        guard done > 0 else { throw .noSpace }
        size = max(size, offset + UInt64(done))
        version = Self.newVersion()
        return done
    }

    /// Sets the size: growing adds a hole, shrinking frees the pages past the end and zeroes the rest of the
    /// last one, so that growing again reads zeros there.
    public func truncate(to newSize: UInt64) throws(FileSystemError) {
        guard newSize <= Self.maxSize else { throw .fileTooLarge }
        if newSize < size, let top {
            let firstFreed = (newSize + UInt64(Self.pageSize) - 1) >> Self.pageShift
            if release(top, level: height, base: 0, from: firstFreed) {
                self.top = nil
                height = 0
            }
            let within = Int(newSize & UInt64(Self.pageSize - 1))
            if within > 0, let page = lookup(newSize >> Self.pageShift) {
                (page + within).initializeMemory(as: UInt8.self, repeating: 0, count: Self.pageSize - within)
            }
        }
        size = newSize
        version = Self.newVersion()
    }

    // MARK: The index

    /// How many page numbers `levels` index levels reach, in bits.
    private static func reach(_ levels: UInt64) -> UInt64 { levels * indexBits }

    private func slot(_ table: UnsafeMutableRawPointer, _ index: UInt64) -> UnsafeMutablePointer<UInt> {
        // SAFETY: an index page holds 512 pointer-sized slots and index is masked to 0...511.
        table.assumingMemoryBound(to: UInt.self) + Int(index & Self.indexMask)
    }

    /// The data page holding page number `number`; nil for a hole.
    private func lookup(_ number: UInt64) -> UnsafeMutableRawPointer? {
        guard number >> Self.reach(height) == 0, var page = top else { return nil }
        var level = height
        while level > 0 {
            level -= 1
            guard let next = UnsafeMutableRawPointer(bitPattern: slot(page, number >> Self.reach(level)).pointee)
            else { return nil }
            page = next
        }
        return page
    }

    /// A zeroed page from the source; nil when it has none.
    private func takeZeroedPage() -> UnsafeMutableRawPointer? {
        guard let page = source.takePage() else { return nil }
        page.initializeMemory(as: UInt8.self, repeating: 0, count: Self.pageSize)
        pageCount += 1
        return page
    }

    /// The data page for page number `number`, made (with the index pages on the way) when missing; nil when
    /// the source has no page left. Index pages made before a refusal stay, empty, until the file shrinks.
    private func pageForWriting(_ number: UInt64) -> UnsafeMutableRawPointer? {
        while number >> Self.reach(height) != 0 {
            if let current = top {
                guard let table = takeZeroedPage() else { return nil }
                slot(table, 0).pointee = UInt(bitPattern: current)
                top = table
            }
            height += 1
        }
        if top == nil {
            guard let page = takeZeroedPage() else { return nil }
            top = page
        }
        var page = top!
        var level = height
        while level > 0 {
            level -= 1
            let entry = slot(page, number >> Self.reach(level))
            if let next = UnsafeMutableRawPointer(bitPattern: entry.pointee) {
                page = next
            } else {
                guard let made = takeZeroedPage() else { return nil }
                entry.pointee = UInt(bitPattern: made)
                page = made
            }
        }
        return page
    }

    /// Frees every page of the subtree `page` (at `level`, covering page numbers from `base`) that holds only
    /// page numbers at or past `first`; returns whether `page` itself was freed.
    @discardableResult
    private func release(_ page: UnsafeMutableRawPointer, level: UInt64, base: UInt64, from first: UInt64) -> Bool {
        if level > 0 {
            var empty = true
            let span: UInt64 = 1 << Self.reach(level - 1)
            for index in 0...Self.indexMask {
                let entry = slot(page, index)
                guard let child = UnsafeMutableRawPointer(bitPattern: entry.pointee) else { continue }
                let childBase = base + index * span
                if childBase + span > first {
                    if release(child, level: level - 1, base: childBase, from: first) { entry.pointee = 0 }
                }
                if entry.pointee != 0 { empty = false }
            }
            guard empty else { return false }
        } else if base < first {
            return false
        }
        source.returnPage(page)
        pageCount -= 1
        return true
    }
}
