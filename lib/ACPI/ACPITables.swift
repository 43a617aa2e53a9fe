/// The firmware's ACPI tables, found from the RSDP through the XSDT (or, before ACPI 2.0, the RSDT).
public struct ACPITables<Memory: ACPIMemory> {
    public let memory: Memory
    public let rsdp: RSDP
    /// The XSDT or the RSDT.
    public let root: ACPITable
    /// Physical addresses of the tables the root lists, in its order.
    public let tableAddresses: [UInt64]

    public init(rsdp: RSDP, memory: Memory) throws(ACPIError) {
        let root: ACPITable
        let entrySize: Int
        if let xsdt = rsdp.xsdtAddress {
            root = try ACPITable(at: xsdt, memory: memory, expected: .xsdt)
            entrySize = 8
        } else {
            root = try ACPITable(at: UInt64(rsdp.rsdtAddress), memory: memory, expected: .rsdt)
            entrySize = 4
        }
        var addresses: [UInt64] = []
        var offset = ACPITable.headerLength
        while offset + entrySize <= root.length {
            addresses.append(entrySize == 8 ? root.reader.u64(offset) : UInt64(root.reader.u32(offset)))
            offset += entrySize
        }
        guard offset == root.length else { throw .truncated(signature: root.signature, offset: offset) }
        self.memory = memory
        self.rsdp = rsdp
        self.root = root
        self.tableAddresses = addresses
    }

    public init(rsdpAddress: UInt64, memory: Memory) throws(ACPIError) {
        try self.init(rsdp: try RSDP(at: rsdpAddress, memory: memory), memory: memory)
    }

    /// The signatures of the listed tables (a table whose header cannot be read is left out).
    public var signatures: [ACPISignature] {
        tableAddresses.compactMap { address in try? ACPITable.signature(at: address, memory: memory) }
    }

    /// The `index`-th table with `signature`, checked; nil if there is none. Tables with other signatures are
    /// not checked, so one corrupt table does not hide the others.
    public func table(_ signature: ACPISignature, index: Int = 0) throws(ACPIError) -> ACPITable? {
        var seen = 0
        for address in tableAddresses {
            guard let found = try? ACPITable.signature(at: address, memory: memory), found == signature else {
                continue
            }
            if seen == index { return try ACPITable(at: address, memory: memory, expected: signature) }
            seen += 1
        }
        return nil
    }

    public func madt() throws(ACPIError) -> MADT? {
        guard let table = try table(.madt) else { return nil }
        return try MADT(table)
    }

    public func fadt() throws(ACPIError) -> FADT? {
        guard let table = try table(.fadt) else { return nil }
        return try FADT(table)
    }

    public func hpet() throws(ACPIError) -> HPET? {
        guard let table = try table(.hpet) else { return nil }
        return try HPET(table)
    }
}
