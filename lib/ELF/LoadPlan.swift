/// One PT_LOAD segment as a loader copies it: `fileSize` bytes from `fileOffset`, then zeros up to `memorySize`.
public struct LoadSegment: Equatable {
    public var fileOffset: UInt64
    public var fileSize: UInt64
    public var memorySize: UInt64
    public var physicalAddress: UInt64
    public var virtualAddress: UInt64
    public var flags: SegmentFlags

    public init(fileOffset: UInt64, fileSize: UInt64, memorySize: UInt64, physicalAddress: UInt64,
                virtualAddress: UInt64, flags: SegmentFlags) {
        self.fileOffset = fileOffset
        self.fileSize = fileSize
        self.memorySize = memorySize
        self.physicalAddress = physicalAddress
        self.virtualAddress = virtualAddress
        self.flags = flags
    }
}

/// How to load an executable into one contiguous block of physical memory that may sit anywhere: each segment
/// goes to `base + (physicalAddress - physicalStart)` where `base` is the block's address. Building a plan
/// checks everything the copy relies on (machine, type, bounds, sizes, overlaps, entry point).
public struct LoadPlan {
    public let segments: [LoadSegment]
    /// The lowest and one past the highest physical address of all segments.
    public let physicalStart: UInt64
    public let physicalEnd: UInt64
    /// The entry point as an offset from `physicalStart`.
    public let entryOffset: UInt64

    public var imageSize: UInt64 { physicalEnd - physicalStart }

    /// `maximumImageSize` bounds the memory block the loader will have to allocate.
    public init(file: ELFFile, machine: UInt16 = ELFMachine.x86_64, maximumImageSize: UInt64) throws(ELFError) {
        guard file.header.machine == machine else { throw .wrongMachine(file.header.machine) }
        guard file.header.type == ELFType.executable else { throw .wrongType(file.header.type) }
        var segments: [LoadSegment] = []
        var indices: [Int] = []
        for index in 0..<file.programHeaderCount {
            let ph = file.programHeader(at: index)
            guard ph.type == SegmentType.load else { continue }
            guard file.bytes.contains(offset: ph.offset, size: ph.fileSize) else { throw .segmentOutOfFile(index: index) }
            guard ph.fileSize <= ph.memorySize else { throw .segmentFileSizeExceedsMemorySize(index: index) }
            guard ph.physicalAddress <= UInt64.max - ph.memorySize, ph.virtualAddress <= UInt64.max - ph.memorySize
            else { throw .segmentAddressOverflow(index: index) }
            if ph.memorySize == 0 { continue }
            let segment = LoadSegment(fileOffset: ph.offset, fileSize: ph.fileSize, memorySize: ph.memorySize,
                                      physicalAddress: ph.physicalAddress, virtualAddress: ph.virtualAddress,
                                      flags: ph.flags)
            for (other, otherIndex) in zip(segments, indices) where Self.overlap(segment, other) {
                throw .segmentsOverlap(first: otherIndex, second: index)
            }
            segments.append(segment)
            indices.append(index)
        }
        guard let first = segments.first else { throw .noLoadableSegments }
        var start = first.physicalAddress
        var end = first.physicalAddress + first.memorySize
        for segment in segments {
            start = min(start, segment.physicalAddress)
            end = max(end, segment.physicalAddress + segment.memorySize)
        }
        guard end - start <= maximumImageSize else { throw .imageTooLarge(size: end - start, limit: maximumImageSize) }
        guard let entry = Self.physicalEntry(file.header.entry, segments) else {
            throw .entryOutsideSegments(file.header.entry)
        }
        self.segments = segments
        self.physicalStart = start
        self.physicalEnd = end
        self.entryOffset = entry - start
    }

    private static func overlap(_ a: LoadSegment, _ b: LoadSegment) -> Bool {
        a.physicalAddress < b.physicalAddress + b.memorySize && b.physicalAddress < a.physicalAddress + a.memorySize
    }

    /// The entry point's physical address. A kernel linked at high virtual addresses names its entry either
    /// virtually (the usual ENTRY symbol) or physically (a boot stub's load address); both are accepted.
    private static func physicalEntry(_ entry: UInt64, _ segments: [LoadSegment]) -> UInt64? {
        for s in segments where entry >= s.virtualAddress && entry - s.virtualAddress < s.memorySize {
            return s.physicalAddress + (entry - s.virtualAddress)
        }
        for s in segments where entry >= s.physicalAddress && entry - s.physicalAddress < s.memorySize {
            return entry
        }
        return nil
    }
}
