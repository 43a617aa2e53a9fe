/// The fids a client hands out: numbers from 0 up to a fixed limit, reused once clunked. The limit bounds
/// what the server keeps for this client and what a guest can make the kernel hold open through it.
public struct FidPool {
    public let limit: Int
    /// Whether each fid handed out so far is in use; its length is the next new fid.
    private var used: [Bool] = []
    private var free: [UInt32] = []

    public init(limit: Int) {
        precondition(limit > 0 && limit < Int(NineP.noFid), "a fid limit must leave NOFID unused")
        self.limit = limit
    }

    /// Fids handed out and not yet released.
    public var inUse: Int { used.count - free.count }

    public mutating func allocate() throws(NinePError) -> UInt32 {
        if let fid = free.popLast() {
            used[Int(fid)] = true
            return fid
        }
        guard used.count < limit else { throw .tooManyFids }
        used.append(true)
        return UInt32(used.count - 1)
    }

    public mutating func release(_ fid: UInt32) {
        precondition(Int(fid) < used.count && used[Int(fid)], "releasing a fid that is not in use")
        used[Int(fid)] = false
        free.append(fid)
    }
}
