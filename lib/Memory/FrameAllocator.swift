/// Hands out 4 KiB physical frames, single or as aligned contiguous runs, from the usable ranges.
///
/// One bit per frame (set = allocated), one bitmap per usable range, and a table of the ranges; all of it lives
/// in physical memory taken from the start of the first usable range big enough for it, reached through
/// `Access`. Frames holding that metadata are not managed, so they can never be handed out or freed.
public struct FrameAllocator<Access: PhysicalAccess> {
    public let access: Access
    /// Where the range table and the bitmaps live.
    public let metadata: PhysicalRange
    public private(set) var totalCount: Int
    public private(set) var freeCount: Int

    private let runs: UnsafeMutablePointer<FrameRun>
    private let runCount: Int
    private let bitmap: UnsafeMutablePointer<UInt64>
    private let wordCount: Int
    /// The bitmap word where the last search succeeded or the last free happened; searches start there.
    private var hint = 0
    /// The run of the last single frame handed out or freed: the next one is nearly always in it too.
    private var lastRun = 0

    /// `usable` must be sorted and non-overlapping (as `PhysicalMemoryMap.sanitize` returns it); partial pages
    /// at the ends of a range are ignored.
    public init(usable: some Collection<PhysicalRange>, access: Access) throws(MemoryError) {
        var runCount = 0
        var words = 0
        var previousEnd: UInt64 = 0
        for range in usable {
            let pages = range.pagesInside
            guard !pages.isEmpty else { continue }
            guard pages.base >= previousEnd else { throw .overlappingRanges }
            previousEnd = pages.end
            runCount += 1
            words += Self.words(forFrames: Int(pages.length >> Page.shift))
        }
        guard runCount > 0 else { throw .noUsableMemory }
        let metadataBytes = UInt64(runCount * MemoryLayout<FrameRun>.stride + words * 8)
        let metadataFrames = Page.roundUp(metadataBytes) >> Page.shift
        guard let home = usable.first(where: { ($0.pagesInside.length >> Page.shift) > metadataFrames }) else {
            throw .noRoomForMetadata(bytes: metadataBytes)
        }
        let metadata = PhysicalRange(base: home.pagesInside.base, length: metadataFrames << Page.shift)

        let raw = access.pointer(to: metadata.base)
        let runs = raw.bindMemory(to: FrameRun.self, capacity: runCount)
        let bitmap = (raw + runCount * MemoryLayout<FrameRun>.stride).bindMemory(to: UInt64.self, capacity: words)
        var filled = 0
        var word = 0
        var total = 0
        for range in usable {
            var pages = range.pagesInside
            if pages.base == metadata.base { pages.base = metadata.end }
            guard !pages.isEmpty else { continue }
            let frames = Int(pages.length >> Page.shift)
            runs[filled] = FrameRun(base: pages.base, frameCount: frames, firstWord: word)
            let runWords = Self.words(forFrames: frames)
            for w in word..<(word + runWords) { bitmap[w] = 0 }
            // Bits past the last frame read as allocated, so no search can return them.
            let tail = frames % 64
            if tail != 0 { bitmap[word + runWords - 1] = ~0 << UInt64(tail) }
            filled += 1
            word += runWords
            total += frames
        }
        self.access = access
        self.metadata = metadata
        self.runs = runs
        self.runCount = filled
        self.bitmap = bitmap
        self.wordCount = word
        self.totalCount = total
        self.freeCount = total
    }

    private static func words(forFrames frames: Int) -> Int { (frames + 63) / 64 }

    /// One free frame, or nil when none is left.
    public mutating func allocate() -> UInt64? {
        guard freeCount > 0 else { return nil }
        var w = hint
        for _ in 0..<wordCount {
            let word = bitmap[w]
            if word != ~0 {
                let bit = (~word).trailingZeroBitCount
                bitmap[w] = word | (1 << UInt64(bit))
                freeCount -= 1
                hint = w
                let run = runs[runIndex(ofWord: w)]
                return run.address(ofFrame: (w - run.firstWord) * 64 + bit)
            }
            w = w + 1 == wordCount ? 0 : w + 1
        }
        return nil
    }

    /// `count` physically contiguous frames whose first address is a multiple of `alignment` bytes (a power of
    /// two; anything up to 4096 means page alignment). Nil when no such run is free or the request is invalid.
    public mutating func allocate(count: Int, alignment: Int) -> UInt64? {
        guard count > 0, alignment > 0, alignment & (alignment - 1) == 0, count <= freeCount else { return nil }
        if count == 1 && alignment <= Int(Page.size) { return allocate() }
        let alignFrames = UInt64(max(alignment, Int(Page.size))) >> Page.shift
        for r in 0..<runCount {
            let run = runs[r]
            let firstFrameNumber = run.base >> Page.shift
            /// The first aligned frame of the run at or after frame `index` of it.
            func aligned(_ index: Int) -> Int {
                Int((UInt64(index) + firstFrameNumber + alignFrames - 1) / alignFrames * alignFrames - firstFrameNumber)
            }
            var start = aligned(0)
            while start + count <= run.frameCount {
                // A word with no free frame is passed whole: the allocated part of memory below the first fit
                // costs one load per 64 frames, not a window's check per frame taken.
                if bitmap[run.firstWord + start / 64] == ~0 {
                    start = aligned((start / 64 + 1) * 64)
                } else if let taken = lastAllocated(in: run, from: start, count: count) {
                    start = aligned(taken + 1)
                } else {
                    setBits(in: run, from: start, count: count, allocated: true)
                    freeCount -= count
                    return run.address(ofFrame: start)
                }
            }
        }
        return nil
    }

    public mutating func free(_ frame: UInt64) throws(MemoryError) {
        try free(frame, count: 1)
    }

    /// Frees `count` frames from `base` on; all of them or, on error, none.
    public mutating func free(_ base: UInt64, count: Int) throws(MemoryError) {
        guard count > 0 else { return }
        guard Page.isAligned(base) else { throw .misaligned(base) }
        if count == 1 {
            try freeOne(base)
            return
        }
        guard let r = runIndex(containing: base) else { throw .frameNotManaged(base) }
        let run = runs[r]
        let start = Int((base - run.base) >> Page.shift)
        guard count <= run.frameCount - start else { throw .frameNotManaged(run.address(ofFrame: run.frameCount)) }
        if let free = firstFree(in: run, from: start, count: count) {
            throw .frameNotAllocated(run.address(ofFrame: free))
        }
        setBits(in: run, from: start, count: count, allocated: false)
        freeCount += count
        hint = run.firstWord + start / 64
    }

    /// `free` of one frame, by its bit alone: the run masks cost ~150 guest instructions a frame in the kernel,
    /// where frames are mostly freed one at a time (a received page's old frame, a guest memory's pages).
    private mutating func freeOne(_ frame: UInt64) throws(MemoryError) {
        let last = runs[lastRun]
        if frame < last.base || (frame - last.base) >> Page.shift >= UInt64(last.frameCount) {
            guard let r = runIndex(containing: frame) else { throw .frameNotManaged(frame) }
            lastRun = r
        }
        let run = runs[lastRun]
        let index = Int((frame - run.base) >> Page.shift)
        let word = run.firstWord + index / 64, mask = UInt64(1) << UInt64(index % 64)
        guard bitmap[word] & mask != 0 else { throw .frameNotAllocated(frame) }
        bitmap[word] &= ~mask
        freeCount += 1
        hint = word
    }

    /// Whether `frame` is handed out; nil for a frame the allocator does not manage.
    public func isAllocated(_ frame: UInt64) -> Bool? {
        guard let r = runIndex(containing: frame) else { return nil }
        let run = runs[r]
        let index = Int((frame - run.base) >> Page.shift)
        return bitmap[run.firstWord + index / 64] & (1 << UInt64(index % 64)) != 0
    }

    /// The managed ranges (the usable ranges minus the metadata).
    public func managedRange(at index: Int) -> PhysicalRange {
        precondition(index >= 0 && index < runCount, "managed range index out of range")
        return PhysicalRange(base: runs[index].base, end: runs[index].address(ofFrame: runs[index].frameCount))
    }

    public var managedRangeCount: Int { runCount }

    private func runIndex(containing address: UInt64) -> Int? {
        var low = 0
        var high = runCount
        while low < high {
            let mid = (low + high) / 2
            let run = runs[mid]
            if address < run.base {
                high = mid
            } else if (address - run.base) >> Page.shift >= UInt64(run.frameCount) {
                low = mid + 1
            } else {
                return mid
            }
        }
        return nil
    }

    /// The run whose bitmap words hold `word`: the last one found, checked first (the search cost ~40 guest
    /// instructions of a frame's ~110 in the kernel), else found by `runIndex(containingWord:)`.
    @inline(__always)
    private mutating func runIndex(ofWord word: Int) -> Int {
        let last = runs[lastRun]
        if word >= last.firstWord && word < last.firstWord + Self.words(forFrames: last.frameCount) { return lastRun }
        lastRun = runIndex(containingWord: word)
        return lastRun
    }

    private func runIndex(containingWord word: Int) -> Int {
        var low = 0
        var high = runCount - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if runs[mid].firstWord <= word { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// Calls `body(wordIndex, mask)` for each bitmap word the frames `start..<start+count` of `run` touch.
    private func forEachWord(in run: FrameRun, from start: Int, count: Int,
                             _ body: (Int, UInt64) -> Bool) -> Void {
        var frame = start
        let end = start + count
        while frame < end {
            let bit = frame % 64
            let bits = min(64 - bit, end - frame)
            let mask = bits == 64 ? ~UInt64(0) : ((UInt64(1) << UInt64(bits)) - 1) << UInt64(bit)
            guard body(run.firstWord + frame / 64, mask) else { return }
            frame += bits
        }
    }

    /// The last allocated frame of the window: no run that starts at or before it can be free, so the search
    /// skips past it at once (with the first one, a window over scattered single frames moved a frame at a time).
    private func lastAllocated(in run: FrameRun, from start: Int, count: Int) -> Int? {
        var found: Int? = nil
        forEachWord(in: run, from: start, count: count) { word, mask in
            let hit = bitmap[word] & mask
            if hit != 0 { found = (word - run.firstWord) * 64 + 63 - hit.leadingZeroBitCount }
            return true
        }
        return found
    }

    private func firstFree(in run: FrameRun, from start: Int, count: Int) -> Int? {
        var found: Int? = nil
        forEachWord(in: run, from: start, count: count) { word, mask in
            let hole = ~bitmap[word] & mask
            if hole != 0 { found = (word - run.firstWord) * 64 + hole.trailingZeroBitCount }
            return hole == 0
        }
        return found
    }

    private func setBits(in run: FrameRun, from start: Int, count: Int, allocated: Bool) {
        forEachWord(in: run, from: start, count: count) { word, mask in
            bitmap[word] = allocated ? bitmap[word] | mask : bitmap[word] & ~mask
            return true
        }
    }
}

/// A usable range as the allocator records it in its metadata.
struct FrameRun {
    var base: UInt64
    var frameCount: Int
    /// Index of this range's first word in the shared bitmap.
    var firstWord: Int

    func address(ofFrame index: Int) -> UInt64 { base + UInt64(index) << Page.shift }
}
