import ACPI

/// Tables captured from a real machine: where the RSDP was, and the bytes of each structure at its address.
struct ACPIFixture {
    var name: String
    var rsdp: UInt64
    var chunks: [(address: UInt64, bytes: [UInt8])]
}

/// Physical memory that holds only a fixture's structures; anything else is unreadable.
final class FixtureMemory: ACPIMemory {
    private var chunks: [(address: UInt64, buffer: UnsafeMutableRawBufferPointer)] = []

    init(_ fixture: ACPIFixture) {
        for chunk in fixture.chunks {
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk.bytes.count, alignment: 8)
            buffer.copyBytes(from: chunk.bytes)
            chunks.append((chunk.address, buffer))
        }
    }

    deinit { for chunk in chunks { chunk.buffer.deallocate() } }

    func bytes(at physical: UInt64, count: Int) -> UnsafeRawBufferPointer? {
        for chunk in chunks where physical >= chunk.address {
            let offset = physical - chunk.address
            if offset <= UInt64(chunk.buffer.count) && UInt64(count) <= UInt64(chunk.buffer.count) - offset {
                return UnsafeRawBufferPointer(rebasing: chunk.buffer[Int(offset)..<(Int(offset) + count)])
            }
        }
        return nil
    }

    /// Changes one byte, to corrupt a structure.
    func poke(_ physical: UInt64, _ transform: (UInt8) -> UInt8) {
        for chunk in chunks where physical >= chunk.address && physical - chunk.address < UInt64(chunk.buffer.count) {
            let offset = Int(physical - chunk.address)
            chunk.buffer[offset] = transform(chunk.buffer[offset])
            return
        }
        preconditionFailure("no fixture byte at \(physical)")
    }
}
