import FileSystem
import Foundation

/// Copies a host directory tree into the RAM filesystem: files with their bytes and modification times,
/// directories, and symbolic links with their targets as they are.
enum HostTree {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func copy(_ hostPath: String, into directory: Node, of fileSystem: RamFileSystem) throws {
        let manager = FileManager.default
        for name in try manager.contentsOfDirectory(atPath: hostPath).sorted() {
            let path = hostPath + "/" + name
            let attributes = try manager.attributesOfItem(atPath: path)
            let bytes = Array(name.utf8)
            let node: Node
            switch attributes[.type] as? FileAttributeType {
            case .typeSymbolicLink?:
                let target = try manager.destinationOfSymbolicLink(atPath: path)
                try Paths.createSymlink(bytes, target: Array(target.utf8), in: directory)
                node = try Paths.resolve(bytes, in: directory, followLast: false)
            case .typeDirectory?:
                node = try Paths.createDirectory(bytes, in: directory)
                try copy(path, into: node, of: fileSystem)
            case .typeRegular?:
                guard let data = manager.contents(atPath: path) else { throw Failure(description: "cannot read \(path)") }
                node = try Paths.createFile(bytes, in: directory)
                _ = try [UInt8](data).withUnsafeBytes { try node.write(at: 0, from: $0) }
            default:
                throw Failure(description: "\(path) is not a file, directory or symbolic link")
            }
            if let date = attributes[.modificationDate] as? Date {
                let time = UInt64(max(0, date.timeIntervalSince1970 * 1e9))
                try node.setTimes(access: time, modification: time)
            }
        }
    }
}
