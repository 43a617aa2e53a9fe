/// The caches of native call_indirect sites. Each site of an instance has one, three words: the element it
/// last called through (the index itself, as its table's address type reads the slot), that table's change
/// count then (`Table.changes`), and the target's native code. While a site calls through the same element of
/// an unchanged table, generated code calls the target itself, about ten instructions
/// (`NativeFunctionCompiler.cachedIndirectCall`); otherwise it asks the callout, which checks the element as
/// the interpreter does (bounds, null, type) and fills the cache when the target is native code of the same
/// instance. Through the callout every such call cost ~560 guest instructions, and Swift, C++ and Rust
/// programs make many of their calls so: protocol witnesses, vtables, closures.
///
/// The cached target is what the check would find again: the table's entry is the same (its change count has
/// not moved), the site's expected type is fixed, and a function's type and native code never change.
enum NativeIndirectCalls {
    static let words = 3

    /// Empty caches: no element matches all ones but that of a 64-bit table, and no table has changed
    /// UInt64.max times.
    static func clear(_ caches: UnsafeMutablePointer<UInt64>, sites: Int) {
        for site in 0..<sites {
            caches[words * site] = .max
            caches[words * site + 1] = .max
            caches[words * site + 2] = 0
        }
    }

    /// Fills the cache of the call_indirect at `site` with `target`, the native code it found through `element`
    /// of table `table`.
    static func remember(_ target: UnsafeRawPointer, for element: UInt64, at site: Int, table: Int,
                         in native: NativeInstance, of instance: Instance) {
        guard let index = native.code.indirectCallCache(at: site),
              let caches = UnsafeMutablePointer<UInt64>(bitPattern: UInt(native[.indirectCalls])) else { return }
        let table = instance.tables[table]
        // SAFETY: the context holds `words` words for each of the code's call_indirect sites (NativeInstance).
        let cache = caches + words * index
        cache[0] = table.index(element)
        cache[1] = table.changes.pointee
        cache[2] = UInt64(UInt(bitPattern: target))
    }
}
