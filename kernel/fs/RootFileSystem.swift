import FileSystem

/// The filesystem mounted at `/`: a RAM filesystem filled at boot from the root archive (the initrd), which
/// `make root` builds from `root/`.
enum RootFileSystem {
    nonisolated(unsafe) static var shared: RamFileSystem! = nil

    static func mount(initrdBase: UInt64, initrdSize: UInt64) {
        let fs = RamFileSystem(source: RamStorage.source, clock: { RealTime.nanoseconds() })
        shared = fs
        guard initrdSize > 0 else {
            Log.warning("fs: no root archive; / is empty")
            return
        }
        let archive = PhysicalPointer(initrdBase).bytes(count: Int(initrdSize))
        do throws(TarError) {
            let entries = try TarArchive.extract(archive, into: fs.root)
            Log.info("fs: / holds \(entries) entries from the \(initrdSize / 1024) KiB root archive")
        } catch {
            Log.error("fs: the root archive is corrupt (\(describe(error))); / holds what came before it")
        }
    }

    /// The whole file at `path` (relative to `/`, symbolic links followed); nil when it is not a readable file.
    static func contents(of path: [UInt8]) -> [UInt8]? {
        guard let node = try? Paths.resolve(path, in: shared.root), node.kind == .file else { return nil }
        return try? node.contents()
    }

    private static func describe(_ error: TarError) -> String {
        switch error {
        case .truncated(let offset): "truncated at byte \(offset)"
        case .badChecksum(let offset): "bad header checksum at byte \(offset)"
        case .badNumber(let offset): "bad number field at byte \(offset)"
        case .entry(let offset, _): "an entry at byte \(offset) cannot be created"
        }
    }
}
