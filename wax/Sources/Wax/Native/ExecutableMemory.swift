#if canImport(Glibc)
import Glibc
#endif

/// Pages holding generated code: mapped read-write while the code is copied in, then read-execute, never both
/// at once; unmapped with the value (which the module's native code owns). Only where mmap exists (the host): the
/// kernel's executable pages come later, and until then `make` returns nil there and the interpreter runs.
final class ExecutableMemory {
    let base: UnsafeRawPointer
    private let size: Int

    private init(base: UnsafeRawPointer, size: Int) {
        self.base = base
        self.size = size
    }

    static func make(_ code: [UInt8]) -> ExecutableMemory? {
        #if canImport(Glibc)
        let size = (code.count + 4095) & ~4095
        // SAFETY: a fresh anonymous mapping of `size` bytes, written within its bounds while it is writable, then
        // made read-execute.
        guard let pages = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              pages != MAP_FAILED else { return nil }
        code.withUnsafeBytes { pages.copyMemory(from: $0.baseAddress!, byteCount: code.count) }
        guard mprotect(pages, size, PROT_READ | PROT_EXEC) == 0 else {
            munmap(pages, size)
            return nil
        }
        return ExecutableMemory(base: UnsafeRawPointer(pages), size: size)
        #else
        return nil
        #endif
    }

    deinit {
        #if canImport(Glibc)
        munmap(UnsafeMutableRawPointer(mutating: base), size)
        #endif
    }
}
