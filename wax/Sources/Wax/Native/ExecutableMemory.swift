#if canImport(Glibc)
import Glibc
#endif

/// Where executable pages come from: the embedder's pages (the kernel's code space), or mmap on the host. Pages
/// are writable (and not executable) from `allocate` until `seal` makes them read-execute; never both at once.
public struct CodeMemoryAllocator {
    /// `byteCount` bytes (a multiple of 4096) of writable, non-executable pages; nil when there is no room.
    public var allocate: (_ byteCount: Int) -> UnsafeMutableRawPointer?
    /// Makes the pages read-execute; false when it cannot (the caller then releases them).
    public var seal: (_ base: UnsafeMutableRawPointer, _ byteCount: Int) -> Bool
    public var release: (_ base: UnsafeMutableRawPointer, _ byteCount: Int) -> Void

    public init(allocate: @escaping (_ byteCount: Int) -> UnsafeMutableRawPointer?,
                seal: @escaping (_ base: UnsafeMutableRawPointer, _ byteCount: Int) -> Bool,
                release: @escaping (_ base: UnsafeMutableRawPointer, _ byteCount: Int) -> Void) {
        self.allocate = allocate
        self.seal = seal
        self.release = release
    }

    /// The allocator native code uses: set once by an embedder that has its own (the kernel, at boot) before any
    /// module compiles; nil elsewhere, where mmap serves (or, without it, every function is interpreted).
    nonisolated(unsafe) public static var installed: CodeMemoryAllocator? = nil

    #if canImport(Glibc)
    static var mmapPages: CodeMemoryAllocator { CodeMemoryAllocator(
        allocate: { byteCount in
            // SAFETY: a fresh anonymous mapping, released by `release` with the same size.
            guard let pages = mmap(nil, byteCount, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
                  pages != MAP_FAILED else { return nil }
            return pages
        },
        seal: { base, byteCount in mprotect(base, byteCount, PROT_READ | PROT_EXEC) == 0 },
        release: { base, byteCount in _ = munmap(base, byteCount) }) }
    #endif

    static var current: CodeMemoryAllocator? {
        #if canImport(Glibc)
        return installed ?? mmapPages
        #else
        return installed
        #endif
    }
}

/// Pages holding generated code: read-write while the code is copied in, then read-execute, never both at once;
/// released with the value (which the module's native code owns).
final class ExecutableMemory {
    let base: UnsafeRawPointer
    /// Bytes of whole pages held.
    let size: Int
    private let allocator: CodeMemoryAllocator

    private init(base: UnsafeRawPointer, size: Int, allocator: CodeMemoryAllocator) {
        self.base = base
        self.size = size
        self.allocator = allocator
    }

    /// The code in fresh pages; nil when there is no allocator or no room.
    static func make(_ code: [UInt8]) -> ExecutableMemory? {
        guard let allocator = CodeMemoryAllocator.current else { return nil }
        let size = (code.count + 4095) & ~4095
        guard let pages = allocator.allocate(size) else { return nil }
        // SAFETY: the allocator gave `size` writable bytes, at least code.count.
        code.withUnsafeBytes { pages.copyMemory(from: $0.baseAddress!, byteCount: code.count) }
        guard allocator.seal(pages, size) else {
            allocator.release(pages, size)
            return nil
        }
        return ExecutableMemory(base: UnsafeRawPointer(pages), size: size, allocator: allocator)
    }

    deinit {
        allocator.release(UnsafeMutableRawPointer(mutating: base), size)
    }
}
