/// What the structures of a decoded module take on the heap: element sizes times counts, plus what the allocator
/// adds to each array and string, so that an embedder can charge a module to whoever loaded it.
enum Footprint {
    /// An array's header and the allocator's own word, rounded: what any non-empty array costs beyond its elements.
    static let arrayOverhead = 48

    static func bytes<T>(_ array: [T]) -> Int {
        array.isEmpty ? 0 : arrayOverhead + array.count * MemoryLayout<T>.stride
    }

    /// A string longer than 15 UTF-8 bytes lives on the heap; a shorter one inside its own 16 bytes.
    static func bytes(_ string: String) -> Int {
        string.utf8.count > 15 ? arrayOverhead + string.utf8.count : 0
    }

    static func bytes(_ type: FunctionType) -> Int { bytes(type.parameters) + bytes(type.results) }

    static func bytes(of parts: ModuleParts) -> Int {
        var total = bytes(parts.types) + bytes(parts.imports) + bytes(parts.functionTypes) + bytes(parts.tables)
            + bytes(parts.memories) + bytes(parts.globals) + bytes(parts.globalInitializers) + bytes(parts.exports)
            + bytes(parts.elements) + bytes(parts.data) + bytes(parts.tags)
        for type in parts.types { total += bytes(type) }
        // The declared types share their signatures' arrays with `types`; struct fields are their own.
        total += bytes(parts.definedTypes) + parts.typeGroups.footprint
        for type in parts.definedTypes { if case .structure(let fields) = type.body { total += bytes(fields) } }
        for entry in parts.imports { total += bytes(entry.module) + bytes(entry.name) }
        for entry in parts.exports { total += bytes(entry.name) }
        for segment in parts.elements { total += bytes(segment.items) }
        for segment in parts.data { total += bytes(segment.bytes) }
        return total + extendedConstantBytes(of: parts)
    }
}
