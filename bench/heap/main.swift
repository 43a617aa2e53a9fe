// Runs one heap workload for a given number of alloc/free pairs; bench/heap/measure.py counts the
// instructions under callgrind at two sizes and reports the difference per pair.
//   usage: heap-bench small|mixed|large PAIRS

import Glibc

/// Pages out of one host buffer, reused last-in first-out per run length, so that the page source costs little
/// next to the heap.
final class PageStock {
    private let base: UnsafeMutableRawPointer
    private let pageCount: Int
    private var bumped = 0
    private var released: [[UnsafeMutableRawPointer]] = Array(repeating: [], count: 17)

    init(pages: Int) {
        pageCount = pages
        base = UnsafeMutableRawPointer.allocate(byteCount: pages * 4096, alignment: 4096)
        for i in released.indices { released[i].reserveCapacity(pages) }
    }

    func take(_ count: Int) -> UnsafeMutableRawPointer? {
        if count < released.count, let page = released[count].popLast() { return page }
        guard bumped + count <= pageCount else { return nil }
        defer { bumped += count }
        return base + bumped * 4096
    }

    func give(_ page: UnsafeMutableRawPointer, _ count: Int) {
        if count < released.count { released[count].append(page) }
    }
}

/// A 64-bit linear congruential generator: the same sequence on every run.
struct Sequence64 {
    var state: UInt64 = 0x853C_49E6_748F_EA9B
    mutating func next() -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int(truncatingIfNeeded: state >> 33)
    }
}

let arguments = CommandLine.arguments
guard arguments.count == 3, let pairs = Int(arguments[2]) else {
    print("usage: heap-bench small|mixed|large PAIRS")
    exit(2)
}
let stock = PageStock(pages: 16384)
var heap = Heap(pageSource: { stock.take($0) }, pageSink: { stock.give($0, $1) })
var random = Sequence64()

func mustAllocate(_ size: Int) -> UnsafeMutableRawPointer {
    guard let block = heap.allocate(byteCount: size) else { fatalError("heap exhausted") }
    return block
}

func mustFree(_ block: UnsafeMutableRawPointer) {
    do { try heap.free(block) } catch { fatalError("free failed: \(error)") }
}

switch arguments[1] {
case "small":
    for _ in 0..<pairs { mustFree(mustAllocate(64)) }
case "mixed":
    // 512 live blocks of 16...2048 bytes; each pair frees one at random and allocates a new one in its place.
    var live = (0..<512).map { _ in mustAllocate(16 + random.next() % 2033) }
    for _ in 0..<pairs {
        let slot = random.next() % live.count
        mustFree(live[slot])
        live[slot] = mustAllocate(16 + random.next() % 2033)
    }
case "large":
    for _ in 0..<pairs { mustFree(mustAllocate(16_000)) }
default:
    print("unknown workload \(arguments[1])")
    exit(2)
}
