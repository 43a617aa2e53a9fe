import FileSystem

// What the tests read of a node, through the interface every filesystem offers.
extension Node {
    var linkCount: UInt64 { try! attributes().linkCount }
    var size: UInt64 { try! attributes().size }
    var accessTime: UInt64 { try! attributes().accessTime }
    var modificationTime: UInt64 { try! attributes().modificationTime }
    var data: [UInt8] { try! contents() }

    /// Every entry of a directory: ".", "..", then the names.
    func listing() -> [Node.DirectoryEntry] {
        var all: [Node.DirectoryEntry] = []
        while true {
            let batch = try! entries(from: UInt64(all.count))
            if batch.isEmpty { return all }
            all += batch
        }
    }
}
