/// Fills a filesystem from a tar archive (ustar, with pax and GNU long names): how the root filesystem gets
/// its programs and data at boot, from the archive `make root` builds.
public enum TarError: Error, Equatable {
    case truncated(offset: Int)
    case badChecksum(offset: Int)
    case badNumber(offset: Int)
    /// An entry the filesystem refused, e.g. a path escaping the archive root.
    case entry(offset: Int, FileSystemError)
}

public enum TarArchive {
    public static let blockSize = 512

    /// Adds every entry of `archive` under `directory`; returns how many entries were added.
    @discardableResult
    public static func extract(_ archive: UnsafeRawBufferPointer, into directory: Node)
        throws(TarError) -> Int
    {
        var offset = 0
        var added = 0
        var longName: [UInt8]? = nil
        var longLink: [UInt8]? = nil
        // Adding an entry to a directory touches the directory, so directories get their times at the end.
        var directoryTimes: [(Node, UInt64)] = []
        while offset + blockSize <= archive.count {
            let header = UnsafeRawBufferPointer(rebasing: archive[offset..<(offset + blockSize)])
            if header.allSatisfy({ $0 == 0 }) {
                for (node, time) in directoryTimes { try? node.setTimes(access: time, modification: time) }
                return added
            }
            try verifyChecksum(header, offset: offset)
            let size = try octal(header, 124, 12, offset: offset)
            let dataStart = offset + blockSize
            let padded = (size + blockSize - 1) / blockSize * blockSize
            guard size <= archive.count - dataStart else { throw .truncated(offset: offset) }
            let data = UnsafeRawBufferPointer(rebasing: archive[dataStart..<(dataStart + size)])
            let type = header[156]
            var name = longName ?? path(header)
            let linkTarget = longLink ?? field(header, 157, 100)
            longName = nil
            longLink = nil
            let modified = UInt64(try octal(header, 136, 12, offset: offset)) * 1_000_000_000
            switch type {
            case UInt8(ascii: "x"):
                let records = paxRecords(data)
                longName = records.path
                longLink = records.linkPath
            case UInt8(ascii: "L"):
                longName = Array(data.prefix { $0 != 0 })
            case UInt8(ascii: "K"):
                longLink = Array(data.prefix { $0 != 0 })
            case UInt8(ascii: "g"):
                break
            default:
                while name.last == 47 { name.removeLast() }
                while name.starts(with: [46, 47]) { name.removeFirst(2) }
                if name.isEmpty || name == [46] { break }
                do throws(FileSystemError) {
                    if let node = try add(type: type, name: name, link: linkTarget, data: data,
                                          directory: directory) {
                        try node.setTimes(access: modified, modification: modified)
                        if node.isDirectory { directoryTimes.append((node, modified)) }
                    }
                    added += 1
                } catch {
                    throw .entry(offset: offset, error)
                }
            }
            offset = dataStart + padded
        }
        throw .truncated(offset: offset)
    }

    /// Adds one entry; returns the node whose times the entry gives (nil for hard links and ignored types).
    private static func add(type: UInt8, name: [UInt8], link: [UInt8], data: UnsafeRawBufferPointer,
                            directory: Node) throws(FileSystemError) -> Node?
    {
        let parent = try makeParents(of: name, directory: directory)
        let leaf = Array(name.split(separator: 47).last ?? [])
        let node: Node
        switch type {
        case UInt8(ascii: "5"):
            if let existing = try parent.lookup(leaf), existing.isDirectory {
                node = existing
            } else {
                node = try Paths.createDirectory(leaf, in: parent)
            }
        case UInt8(ascii: "2"):
            try Paths.createSymlink(leaf, target: link, in: parent)
            guard let made = try parent.lookup(leaf) else { throw .notFound }
            node = made
        case UInt8(ascii: "1"):
            let target = try Paths.resolve(link, in: directory, followLast: false)
            try Paths.link(target, as: leaf, in: parent)
            return nil
        case 0, UInt8(ascii: "0"), UInt8(ascii: "7"):
            node = try Paths.createFile(leaf, in: parent)
            guard try node.write(at: 0, from: data) == data.count else { throw .noSpace }
        default:
            return nil  // devices, FIFOs: nothing a WASI program can use
        }
        return node
    }

    private static func makeParents(of name: [UInt8], directory: Node) throws(FileSystemError)
        -> Node
    {
        var current = directory
        let parts = name.split(separator: 47)
        for part in parts.dropLast() {
            let component = Array(part)
            if component == [46] { continue }
            if let next = try current.lookup(component) {
                guard next.isDirectory else { throw .notDirectory }
                current = next
            } else {
                current = try Paths.createDirectory(component, in: current)
            }
        }
        return current
    }

    private static func verifyChecksum(_ header: UnsafeRawBufferPointer, offset: Int) throws(TarError) {
        let stored = try octal(header, 148, 8, offset: offset)
        var sum = 0
        for (index, byte) in header.enumerated() { sum += (148..<156).contains(index) ? 32 : Int(byte) }
        guard sum == stored else { throw .badChecksum(offset: offset) }
    }

    private static func octal(_ header: UnsafeRawBufferPointer, _ start: Int, _ length: Int, offset: Int)
        throws(TarError) -> Int
    {
        var value = 0
        var seenDigit = false
        for index in start..<(start + length) {
            let byte = header[index]
            if byte == 0 || (byte == 32 && seenDigit) { break }
            if byte == 32 { continue }
            guard byte >= 48 && byte <= 55, value < Int.max >> 3 else { throw .badNumber(offset: offset) }
            value = value << 3 | Int(byte - 48)
            seenDigit = true
        }
        return value
    }

    private static func field(_ header: UnsafeRawBufferPointer, _ start: Int, _ length: Int) -> [UInt8] {
        Array(header[start..<(start + length)].prefix { $0 != 0 })
    }

    private static func path(_ header: UnsafeRawBufferPointer) -> [UInt8] {
        let name = field(header, 0, 100)
        let isUstar = header[257] == 117 && header[258] == 115 && header[259] == 116  // "ust"
        let prefix = isUstar ? field(header, 345, 155) : []
        return prefix.isEmpty ? name : prefix + [47] + name
    }

    /// The `path` and `linkpath` records of a pax extended header ("LENGTH KEY=VALUE\n" each).
    private static func paxRecords(_ data: UnsafeRawBufferPointer) -> (path: [UInt8]?, linkPath: [UInt8]?) {
        var path: [UInt8]? = nil, linkPath: [UInt8]? = nil
        var index = 0
        while index < data.count {
            var length = 0
            var cursor = index
            while cursor < data.count, data[cursor] >= 48, data[cursor] <= 57 {
                length = length * 10 + Int(data[cursor] - 48)
                cursor += 1
            }
            guard length > 0, index + length <= data.count, cursor < data.count, data[cursor] == 32 else { break }
            let record = Array(data[(cursor + 1)..<(index + length - 1)])
            if let equals = record.firstIndex(of: 61) {
                let key = Array(record[..<equals]), value = Array(record[(equals + 1)...])
                if key == Array("path".utf8) { path = value }
                if key == Array("linkpath".utf8) { linkPath = value }
            }
            index += length
        }
        return (path, linkPath)
    }
}
