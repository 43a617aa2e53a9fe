import FileSystem

/// What a guest can make the RAM filesystem hold, pushed past the memory there is (the test boot has 512 MiB):
/// every attempt ends in an errno, the kernel's reserve is left alone, and once the files go the frames, heap
/// bytes and guest frames are all back. Each round runs on a RAM filesystem of its own with the kernel's storage
/// (RamStorage), the pool guest memories draw on too.
enum FileSystemBombTests {
    static let cases: [KernelTests.Case] = [
        .init(name: "fs-bomb-file-growth") { check in
            round(&check) { fs, check in
                let file = try? Paths.createFile(name("big"), in: fs.root)
                guard let file else { return check.expect(false, "no file") }
                let (written, error) = grow(file, by: 500 << 20)
                check.expect(error == .noSpace, "500 MiB in 1 MiB writes: \(written >> 20) MiB, then \(describe(error))")
                figure("500 MiB file: \(written >> 20) MiB written, then \(describe(error))")
                checkReserve(&check)
            }
        },
        .init(name: "fs-bomb-memory-then-files") { check in
            // A warm-up memory of the same reach: the guest memory space keeps its list of free ranges, which
            // the round's memory then reuses and gives back.
            let capacity = 4 << 30
            if let warmUp = GuestMemorySpace.allocate(0, capacity) { GuestMemorySpace.deallocate(warmUp, 0) }
            round(&check) { fs, check in
                let file = try? Paths.createFile(name("after"), in: fs.root)
                guard let file else { return check.expect(false, "no file") }
                // A guest memory grown as memory.grow would, until the budget refuses even one 64 KiB page.
                guard let memory = GuestMemorySpace.allocate(0, capacity) else {
                    return check.expect(false, "no guest memory")
                }
                var size = 0
                for step in [16 << 20, 64 << 10] {
                    while size + step <= capacity && GuestMemorySpace.grow(memory, size, size + step) { size += step }
                }
                // What is left is less than a wasm page: a write may put that much in, then ENOSPC.
                let (written, error) = grow(file, by: 1 << 20)
                check.expect(written < 64 << 10 && error == .noSpace,
                             "with \(size >> 20) MiB of guest memory: \(written) bytes written, \(describe(error))")
                figure("guest memory \(size >> 20) MiB, then a file write: \(written) bytes, \(describe(error))")
                checkReserve(&check)
                GuestMemorySpace.deallocate(memory, size)
                let (after, _) = grow(file, by: 1 << 20)
                check.expect(after == 1 << 20, "once the memory went: \(after) bytes written")
            }
        },
        .init(name: "fs-bomb-long-symlinks") { check in
            round(&check) { fs, check in
                let target = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
                var refused = 0
                for index in 0..<1000 {
                    do throws(FileSystemError) {
                        try Paths.createSymlink(name("link\(index)"), target: target, in: fs.root)
                    } catch {
                        if error == .nameTooLong { refused += 1 }
                    }
                }
                check.expect(refused == 1000, "\(refused) of 1000 links with 1 MiB targets refused (ENAMETOOLONG)")
                // The longest target there is, 4095 bytes, a thousand times: charged, then given back.
                let longest = [UInt8](repeating: UInt8(ascii: "x"), count: Paths.maxPathLength - 1)
                for index in 0..<1000 {
                    check.expect((try? Paths.createSymlink(name("link\(index)"), target: longest, in: fs.root)) != nil,
                                 "link \(index) with a 4095-byte target refused")
                }
            }
        },
        .init(name: "fs-bomb-unlinked-open-file") { check in
            round(&check) { fs, check in
                let file = try? Paths.createFile(name("ghost"), in: fs.root)
                guard let file else { return check.expect(false, "no file") }
                check.expect((try? Paths.unlink(name("ghost"), in: fs.root)) != nil, "cannot unlink")
                let free = MemoryManager.freeFrameCount
                let (written, error) = grow(file, by: 1 << 30)
                check.expect(error == .noSpace, "1 GiB into an unlinked file: \(written >> 20) MiB, \(describe(error))")
                figure("unlinked open file: \(written >> 20) MiB written, then \(describe(error))")
                check.expect(free - MemoryManager.freeFrameCount >= written / 4096,
                             "\(written >> 20) MiB written to an unlinked file, not charged in frames")
                checkReserve(&check)
            }
        },
    ]

    /// A line of figures in the test log.
    private static func figure(_ text: String) {
        for byte in "  fs-bomb: \(text)\n".utf8 { Log.put(byte) }
    }

    private static func name(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// Runs `body` on a new RAM filesystem, then checks that everything it held went with it.
    private static func round(_ check: inout KernelTests.Check, _ body: (RamFileSystem, inout KernelTests.Check) -> Void) {
        let before = MemorySnapshot.now
        do {
            let fs = RamFileSystem(source: RamStorage.source, clock: { RealTime.nanoseconds() })
            body(fs, &check)
        }
        check.expectNothingKept(since: before)
    }

    /// Appends up to `total` bytes in 1 MiB writes; how many went in, and the error that stopped them.
    private static func grow(_ file: Node, by total: Int) -> (written: Int, error: FileSystemError?) {
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { chunk.deallocate() }
        chunk.initializeMemory(as: UInt8.self, repeating: 0x5A)
        var written = 0
        while written < total {
            do throws(FileSystemError) {
                let piece = UnsafeRawBufferPointer(rebasing: chunk[..<min(chunk.count, total - written)])
                let offset = (try file.attributes()).size
                written += try file.write(at: offset, from: piece)
            } catch {
                return (written, error)
            }
        }
        return (written, nil)
    }

    /// The kernel's own reserve is still free, and its heap still hands out memory.
    private static func checkReserve(_ check: inout KernelTests.Check) {
        check.expect(MemoryManager.freeFrameCount >= MemoryBudget.kernelReserve,
                     "\(MemoryManager.freeFrameCount) frames free, under the kernel's reserve of \(MemoryBudget.kernelReserve)")
        let block = heapAllocate(1 << 20, 16)
        check.expect(block != nil, "the kernel heap cannot hand out 1 MiB")
        if let block { heapFree(block) }
    }

    private static func describe(_ error: FileSystemError?) -> String {
        guard let error else { return "no error" }
        return error == .noSpace ? "ENOSPC" : error == .nameTooLong ? "ENAMETOOLONG" : "another error"
    }
}
