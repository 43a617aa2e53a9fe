/// Where a RAM filesystem's memory comes from, as the embedder decides (as lib/Memory's Heap takes its pages):
/// 4 KiB pages for file contents and their index, and charges for the rest a guest can make it hold (nodes,
/// names, symbolic link targets). The kernel's source takes frames and charges its one memory budget
/// (kernel/mm/MemoryBudget.swift), so files and guest memories draw from the same pool; the host's takes pages
/// from the heap under a byte limit. A refusal is an errno for the guest (ENOSPC), never a failure of the host.
public struct StorageSource {
    public static let pageSize = 4096

    /// A page of `pageSize` bytes aligned to its size, charged; nil when the budget or memory is used up.
    public let takePage: () -> UnsafeMutableRawPointer?
    /// Gives a page from `takePage` back, with its charge.
    public let returnPage: (UnsafeMutableRawPointer) -> Void
    /// Charges bytes the filesystem holds in the heap; false (and nothing charged) when they do not fit.
    public let charge: (Int) -> Bool
    public let refund: (Int) -> Void

    public init(takePage: @escaping () -> UnsafeMutableRawPointer?,
                returnPage: @escaping (UnsafeMutableRawPointer) -> Void,
                charge: @escaping (Int) -> Bool, refund: @escaping (Int) -> Void)
    {
        self.takePage = takePage
        self.returnPage = returnPage
        self.charge = charge
        self.refund = refund
    }

    /// Pages from the heap, everything charged against `budget`.
    public static func heap(_ budget: ByteBudget) -> StorageSource {
        StorageSource(
            takePage: {
                guard budget.charge(pageSize) else { return nil }
                return UnsafeMutableRawPointer.allocate(byteCount: pageSize, alignment: pageSize)
            },
            returnPage: { page in
                page.deallocate()
                budget.refund(pageSize)
            },
            charge: { budget.charge($0) },
            refund: { budget.refund($0) })
    }
}

/// A count of bytes against a limit: the host's stand-in for the kernel's memory budget.
public final class ByteBudget {
    public let limit: Int
    public private(set) var used = 0

    public init(limit: Int) {
        self.limit = limit
    }

    public func charge(_ bytes: Int) -> Bool {
        guard bytes <= limit - used else { return false }
        used += bytes
        return true
    }

    public func refund(_ bytes: Int) {
        used -= bytes
    }
}
