import WASIPreview1
import WASIWax
import Wax

/// The modules the kernel keeps after their processes end (a Wax.ModuleCache, keyed by the program's bytes, not
/// its path), so that a later process running the same bytes skips decoding, validation, translation and matching
/// its imports with the WASI functions.
///
/// What it holds is charged to its own account in MemoryBudget's pool, at most `capacity` (a thirty-second of
/// memory, up to 16 MiB): a module is kept only when the pool has room for it, and a charge the pool refuses lets
/// the whole cache go first (`flushed`, MemoryBudget's reclaim), so reuse never costs a guest memory. A process
/// running a cached module is charged its footprint all the same (ProcessRunner.load), so a process's limits bind
/// as if it had decoded the module itself. Under the big kernel lock: processes on several processors start at
/// once.
enum LoadedModules {
    static var capacity: Int { min(16 << 20, MemoryManager.totalFrameCount * 4096 / 32) }
    nonisolated(unsafe) private static var cache = ModuleCache(capacity: capacity)
    private static let account = MemoryAccount(limit: capacity, parent: MemoryBudget.pool)

    /// The module decoded from `bytes`, from the cache or decoded now (and kept when it fits); `version` is the
    /// content version of the file they were read from (Node.contentVersion), under which the cache finds them
    /// next time (`module(ofVersion:)`).
    static func module(for bytes: [UInt8], version: UInt64?, maxFootprint: Int) throws(ModuleError) -> Module {
        BigKernelLock.acquire()
        defer { BigKernelLock.release() }
        if let module = cache.module(for: bytes, source: version) { return module }
        let module = try Module(bytes: bytes, maxFootprint: maxFootprint)
        WASIImports.resolve(module)
        if ProcessRunner.engine == .native { compileNative(module, maxFootprint: maxFootprint) }
        cache.insert(module, for: bytes, source: version) { account.take($0, reclaiming: false) }
        releaseEvicted()
        return module
    }

    /// The module, and its bytes, of the file contents with this version, when the cache holds them: the file
    /// need not be read.
    static func module(ofVersion version: UInt64) -> (Module, [UInt8])? {
        BigKernelLock.withLock { cache.module(source: version) }
    }

    /// What compiling takes from the kernel's heap while it runs, per instruction, at most: the code and its
    /// growing buffer (10-20 bytes of x86-64 per instruction), labels and the function table.
    static let compileBytesPerInstruction = 64

    /// Compiles the module's native code (its pages then count in its footprint, which every process that runs it
    /// is charged) while the pool can lend the compiler its working memory; else the module stays interpreted.
    private static func compileNative(_ module: Module, maxFootprint: Int) {
        let working = module.instructionCount * compileBytesPerInstruction
        guard working <= maxFootprint, MemoryBudget.pool.take(working, reclaiming: false) else { return }
        module.compileNative(maxFootprint: maxFootprint)
        MemoryBudget.pool.release(working)
    }

    /// Lets every cached module go; true when that freed anything (a module a process still runs goes with that
    /// process).
    static func flushed() -> Bool {
        BigKernelLock.withLock {
            let held = cache.bytesHeld
            cache.removeAll()
            releaseEvicted()
            return held > 0
        }
    }

    /// Gives the pool back what the cache no longer holds (what inserting or flushing let go).
    private static func releaseEvicted() {
        let freed = account.bytes - cache.bytesHeld
        if freed > 0 { account.release(freed) }
    }

    /// Lookups that found their module, and that did not (for tests and the bench).
    static var hits: Int { BigKernelLock.withLock { cache.hits } }
    static var misses: Int { BigKernelLock.withLock { cache.misses } }
    static var count: Int { BigKernelLock.withLock { cache.count } }
}
