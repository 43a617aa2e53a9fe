import Wax

/// The modules the kernel keeps after their processes end (a Wax.ModuleCache, keyed by the program's bytes, not
/// its path), so that a later process running the same bytes skips decoding, validation and translation.
///
/// What it holds is the kernel's own, charged to no process: at most `capacity` (a thirty-second of memory, up to
/// 16 MiB), and a module is kept only while guests could still take that many frames; a spawn or an engine that
/// would be refused memory first lets the cache go (`flushed`). A process running a cached module is charged its
/// footprint all the same (ProcessRunner.load), so a process's limits bind as if it had decoded the module itself.
/// Under the big kernel lock: processes on several processors start at once.
enum LoadedModules {
    static var capacity: Int { min(16 << 20, MemoryManager.totalFrameCount * 4096 / 32) }
    nonisolated(unsafe) private static var cache = ModuleCache(capacity: capacity)

    /// The module decoded from `bytes`, from the cache or decoded now (and kept when it fits).
    static func module(for bytes: [UInt8], maxFootprint: Int) throws(ModuleError) -> Module {
        BigKernelLock.acquire()
        defer { BigKernelLock.release() }
        if let module = cache.module(for: bytes) { return module }
        let module = try Module(bytes: bytes, maxFootprint: maxFootprint)
        cache.insert(module, for: bytes) { MemoryBudget.allows(frames: ($0 + 4095) / 4096) }
        return module
    }

    /// Whether `attempt` succeeds, trying once more after letting the cache go when it does not: what the kernel
    /// keeps for reuse gives way before a process is refused memory.
    static func evictingIfRefused(_ attempt: () -> Bool) -> Bool {
        attempt() || (flushed() && attempt())
    }

    /// Lets every cached module go; true when that freed anything (a module a process still runs goes with that
    /// process).
    static func flushed() -> Bool {
        BigKernelLock.withLock {
            let held = cache.bytesHeld
            cache.removeAll()
            return held > 0
        }
    }

    /// Lookups that found their module, and that did not (for tests and the bench).
    static var hits: Int { BigKernelLock.withLock { cache.hits } }
    static var misses: Int { BigKernelLock.withLock { cache.misses } }
    static var count: Int { BigKernelLock.withLock { cache.count } }
}
