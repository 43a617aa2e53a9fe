import NineP

/// A host directory shared over virtio-9p, prepared by the harness (tests/qemu/run.py, case `pvh-9p-share`)
/// under the mount tag `walostest`: it holds `big.bin` (64 MiB of random bytes, more than any root archive),
/// `hello.txt`, `tree/a/b/c.txt`, `remove-me.txt` and `rename-me.txt`; an empty share tagged `decoy` comes
/// first on the bus. The case reads and checks what the host put there, copies `big.bin` to `copy.bin`, makes
/// and changes files under `out/`, and prints the figures the harness checks (`9p-share: big.bin adler32
/// ...`); the harness then checks the directory on the host. Run only when named (`test=9p-share`): other
/// boots have no share.
enum HostShareTests {
    static let cases: [KernelTests.Case] = [
        .init(name: "9p-share") { check in
            let tags = HostShares.all.map { String(decoding: $0.tag, as: UTF8.self) }
            check.expect(tags == ["decoy", "walostest"], "virtio-9p devices with the tags \(tags)")
            do throws(NinePError) {
                guard let (client, root) = try HostShares.connect(tag: Array("walostest".utf8)) else {
                    check.expect(false, "no virtio-9p device with the mount tag walostest")
                    return
                }
                let session = Session(client: client, root: root)
                try session.readHostFiles(&check)
                try session.copyBigFile(&check)
                try session.makeChanges(&check)
                try session.checkErrors(&check)
                check.expect(client.fidsInUse == 1, "\(client.fidsInUse) fids in use at the end, only the root expected")
                try client.clunk(root)
            } catch {
                check.expect(false, "9P: \(describe(error))")
            }
        },
    ]

    static func describe(_ error: NinePError) -> String {
        switch error {
        case .remote(let errno): "the server answered errno \(errno)"
        case .malformedReply: "a malformed reply"
        case .unsupportedServer: "an unsupported server"
        case .messageTooLarge: "a message too large"
        case .tooManyFids: "too many fids"
        case .invalidName: "an invalid name"
        case .transport: "the transport failed"
        }
    }

    private static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    struct Session {
        let client: NinePClient<Virtio9PDevice>
        let root: UInt32

        /// Walks to `path` (components split at "/") and gives the fid to `body`, then clunks it.
        func with<T>(_ path: String, _ body: (UInt32) throws(NinePError) -> T) throws(NinePError) -> T {
            let names = path.split(separator: "/").map { Array($0.utf8) }
            let fid = try client.walk(root, names).fid
            defer { try? client.clunk(fid) }
            return try body(fid)
        }

        func contents(_ path: String) throws(NinePError) -> [UInt8] {
            try with(path) { (fid) throws(NinePError) in
                _ = try client.open(fid, flags: .readOnly)
                let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 1)
                defer { buffer.deallocate() }
                let count = try client.read(fid, at: 0, into: buffer)
                return Array(buffer[0..<count])
            }
        }

        func names(in path: String) throws(NinePError) -> [[UInt8]] {
            try with(path) { (fid) throws(NinePError) in
                _ = try client.open(fid, flags: [.readOnly, .directory])
                var names: [[UInt8]] = []
                var cookie: UInt64 = 0
                while true {
                    let entries = try client.readDirectory(fid, at: cookie, count: 8192)
                    guard let last = entries.last else { break }
                    names += entries.map { $0.name }
                    cookie = last.offset
                }
                return names
            }
        }

        func create(_ directory: String, _ name: String, _ text: String) throws(NinePError) {
            try with(directory) { (fid) throws(NinePError) in
                let file = try client.create(in: fid, name: bytes(name), flags: [.writeOnly, .create, .exclusive],
                                             mode: 0o644, gid: 0)
                defer { try? client.clunk(file.fid) }
                let data = UnsafeMutableRawBufferPointer.allocate(byteCount: text.utf8.count, alignment: 1)
                defer { data.deallocate() }
                data.copyBytes(from: text.utf8)
                let written = try client.write(file.fid, at: 0, from: UnsafeRawBufferPointer(data))
                guard written == data.count else { throw .remote(errno: LinuxErrno.io) }
            }
        }

        func readHostFiles(_ check: inout KernelTests.Check) throws(NinePError) {
            check.expect(try contents("hello.txt") == bytes("hello from the host\n"), "hello.txt reads wrong")
            check.expect(try contents("tree/a/b/c.txt") == bytes("deep\n"), "tree/a/b/c.txt reads wrong")
            let rootNames = try names(in: "")
            for expected in ["big.bin", "hello.txt", "tree", "remove-me.txt", "rename-me.txt", ".", ".."] {
                check.expect(rootNames.contains(bytes(expected)), "the share's listing lacks \(expected)")
            }
            check.expect(try names(in: "tree/a").count == 3, "tree/a does not list ., .. and b")
            let attributes = try with("big.bin") { (fid) throws(NinePError) in try client.getAttributes(fid) }
            check.expect(attributes.isRegular && attributes.size == 64 << 20, "big.bin: mode \(attributes.mode), size \(attributes.size)")
            let statistics = try client.statistics(root)
            check.expect(statistics.blockSize > 0 && statistics.maximumNameLength >= 255, "statfs: block size \(statistics.blockSize)")
        }

        /// Streams big.bin through a 1 MiB buffer into copy.bin, with its Adler-32 (zlib's, for the harness to
        /// compare), timing the 9P reads and writes apart from the checksum.
        func copyBigFile(_ check: inout KernelTests.Check) throws(NinePError) {
            let source = try client.walk(root, [bytes("big.bin")]).fid
            defer { try? client.clunk(source) }
            _ = try client.open(source, flags: .readOnly)
            let target = try client.create(in: root, name: bytes("copy.bin"), flags: [.writeOnly, .create, .truncate],
                                           mode: 0o644, gid: 0).fid
            defer { try? client.clunk(target) }
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
            defer { buffer.deallocate() }
            var checksum = Adler32()
            var offset: UInt64 = 0, readTime: UInt64 = 0, writeTime: UInt64 = 0
            while true {
                let started = Clock.nanoseconds()
                let count = try client.read(source, at: offset, into: buffer)
                let read = Clock.nanoseconds()
                readTime += read - started
                if count == 0 { break }
                let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
                let written = try client.write(target, at: offset, from: chunk)
                writeTime += Clock.nanoseconds() - read
                check.expect(written == count, "copy.bin took \(written) of \(count) bytes at \(offset)")
                checksum.add(chunk)
                offset += UInt64(count)
            }
            try client.fsync(target)
            check.expect(offset == 64 << 20, "big.bin read as \(offset) bytes")
            Log.info("9p-share: big.bin \(offset) bytes adler32 \(checksum.value)")
            Log.info("9p-share: msize \(client.messageSize), read \(offset >> 20) MiB in \(readTime / 1_000_000) ms (\(rate(offset, readTime)) MB/s), wrote it in \(writeTime / 1_000_000) ms (\(rate(offset, writeTime)) MB/s)")
        }

        private func rate(_ bytes: UInt64, _ nanoseconds: UInt64) -> UInt64 {
            nanoseconds == 0 ? 0 : bytes * 1000 / nanoseconds
        }

        /// The changes the harness looks for on the host afterwards.
        func makeChanges(_ check: inout KernelTests.Check) throws(NinePError) {
            _ = try client.makeDirectory(in: root, name: bytes("out"), mode: 0o755, gid: 0)
            try with("out") { (out) throws(NinePError) in
                _ = try client.makeDirectory(in: out, name: bytes("sub"), mode: 0o755, gid: 0)
                _ = try client.makeDirectory(in: out, name: bytes("gone-dir"), mode: 0o755, gid: 0)
                try client.unlink(in: out, name: bytes("gone-dir"), flags: NineP.removeDirectory)
            }
            try create("out", "new.txt", "written by walos\n")
            try create("out", "tmp.txt", "moved")
            try create("out", "gone.txt", "short-lived")
            try create("out", "trunc.txt", "0123456789")
            try with("out") { (out) throws(NinePError) in
                try with("out/sub") { (sub) throws(NinePError) in
                    try client.rename(in: out, name: bytes("tmp.txt"), to: sub, name: bytes("moved.txt"))
                }
                try client.unlink(in: out, name: bytes("gone.txt"))
                _ = try client.symlink(in: out, name: bytes("link"), target: bytes("new.txt"), gid: 0)
                try with("out/new.txt") { (file) throws(NinePError) in
                    try client.link(file, in: out, name: bytes("hard.txt"))
                    var change = NinePSetAttributes()
                    change.modificationTime = .to(NinePTime(seconds: 1_000_000_000, nanoseconds: 5))
                    try client.setAttributes(file, change)
                }
            }
            try with("out/trunc.txt") { (file) throws(NinePError) in
                var change = NinePSetAttributes()
                change.size = 4
                try client.setAttributes(file, change)
            }
            check.expect(try with("out/link") { (fid) throws(NinePError) in try client.readLink(fid) } == bytes("new.txt"),
                         "out/link reads back wrong")
            let times = try with("out/hard.txt") { (fid) throws(NinePError) in try client.getAttributes(fid) }
            check.expect(times.modificationTime == NinePTime(seconds: 1_000_000_000, nanoseconds: 5) && times.linkCount == 2,
                         "out/hard.txt: mtime \(times.modificationTime.seconds), \(times.linkCount) links")
            check.expect(try contents("out/sub/moved.txt") == bytes("moved"), "out/sub/moved.txt reads wrong")
            try client.unlink(in: root, name: bytes("remove-me.txt"))
            try client.rename(in: root, name: bytes("rename-me.txt"), to: root, name: bytes("renamed.txt"))
        }

        /// Refusals arrive as the host's errno.
        func checkErrors(_ check: inout KernelTests.Check) throws(NinePError) {
            /// The errno the operation fails with; 0 when it succeeds, UInt32.max for another failure.
            func errno(_ operation: () throws(NinePError) -> Void) -> UInt32 {
                do throws(NinePError) {
                    try operation()
                    return 0
                } catch {
                    if case .remote(let errno) = error { return errno }
                    return UInt32.max
                }
            }
            let missing = errno { () throws(NinePError) in _ = try with("no-such-file") { _ in } }
            check.expect(missing == LinuxErrno.noEntry, "walking to a missing name: \(missing)")
            let exists = errno { () throws(NinePError) in _ = try client.makeDirectory(in: root, name: bytes("out"), mode: 0o755, gid: 0) }
            check.expect(exists == LinuxErrno.exists, "mkdir of an existing name: \(exists)")
            let notEmpty = errno { () throws(NinePError) in try client.unlink(in: root, name: bytes("out"), flags: NineP.removeDirectory) }
            check.expect(notEmpty == LinuxErrno.notEmpty, "rmdir of a full directory: \(notEmpty)")
        }
    }
}

/// zlib's Adler-32, which the harness computes with zlib.adler32 over the same file.
struct Adler32 {
    private var a: UInt32 = 1, b: UInt32 = 0

    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        var index = 0
        while index < bytes.count {
            // 5552 bytes is the most that can be summed before b could overflow 32 bits.
            let end = min(bytes.count, index + 5552)
            while index < end {
                a &+= UInt32(bytes[index])
                b &+= a
                index += 1
            }
            a %= 65521
            b %= 65521
        }
    }

    var value: UInt32 { b << 16 | a }
}
