/// A read or receive that its sender completes: a process that finds a pipe or channel side empty leaves where
/// its bytes go before it blocks, and the next small send copies them straight there and ends the wait, instead
/// of queueing them for the receiver to take once it runs. This is the rendezvous of synchronous IPC (seL4's
/// fast path copies into a blocked receiver the same way): a round trip of small messages then allocates,
/// queues and takes nothing, and each side's call does its half of the work once.
///
/// One per process (WASIContext), since a process waits on one thing at a time; a Waitable holds at most one
/// (`parked`), and only while its receiver blocks: it is parked and unparked by the receiver, and unparked by the
/// sender that completes it, all under the embedder's serialization of calls. While it is parked its process
/// waits inside the call that parked it, so the guest memory it points into stays in place.
final class DirectReceive {
    /// Where the bytes go, in the receiver's linear memory.
    private(set) var destination = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    /// For a channel, where the message's byte and descriptor counts go (two u32s); nil for a pipe.
    private var result: UnsafeMutableRawPointer?
    /// How many bytes the sender delivered: nil until one has.
    private(set) var delivered: Int?

    /// Waits for a change of `waitable` with this receive parked there, unless another is parked already (then it
    /// only waits), waking `other` as it starts to wait when given (WASIContext.block); returns how many bytes a
    /// sender delivered, or nil when the wait ended without any.
    func wait(on waitable: Waitable, into destination: UnsafeMutableRawBufferPointer,
              result: UnsafeMutableRawPointer?, waking other: Unmanaged<Watcher>? = nil,
              for context: WASIContext) throws(Errno) -> Int? {
        guard waitable.parked == nil else {
            try context.block(on: waitable, waking: other)
            return nil
        }
        self.destination = destination
        self.result = result
        delivered = nil
        waitable.parked = Unmanaged.passUnretained(self)
        defer {
            if waitable.parked?.toOpaque() == Unmanaged.passUnretained(self).toOpaque() { waitable.parked = nil }
        }
        try context.block(on: waitable, waking: other)
        return delivered
    }

    /// Delivers the first bytes of `bytes` that fit and unparks; returns how many went. The caller wakes the
    /// receiver. A channel's message must fit whole (`directReceiveFits`).
    fileprivate func complete(with bytes: UnsafeRawBufferPointer, on waitable: Waitable) -> Int {
        let count = min(bytes.count, destination.count)
        // SAFETY: `destination` lies in the parked receiver's memory, which stays in place while it is parked.
        if count > 0 { copySmall(to: destination.baseAddress!, from: bytes.baseAddress!, count: count) }
        if let result { WalosLayout.storeChannelResult(bytes: count, handles: 0, at: result) }
        delivered = count
        waitable.parked = nil
        return count
    }
}

extension Waitable {
    /// Copies what fits of `bytes` into the receive parked here, if there is one, and ends its wait; returns
    /// how many bytes went (nil: none parked). The caller checks that nothing queued should arrive first.
    func deliverDirectly(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard let parked else { return nil }
        let count = parked._withUnsafeGuaranteedRef { $0.complete(with: bytes, on: self) }
        changed()
        return count
    }

    /// The same for a message that fits whole (`directReceiveFits`), from a sender about to wait: the
    /// receiver's watcher, when it is the only one, is returned rather than woken, for the sender to wake as it
    /// waits (`changedLeavingLoneWatcher`).
    func deliverDirectlyLeavingWake(_ bytes: UnsafeRawBufferPointer) -> Unmanaged<Watcher>? {
        guard let parked else { return nil }
        _ = parked._withUnsafeGuaranteedRef { $0.complete(with: bytes, on: self) }
        return changedLeavingLoneWatcher()
    }

    /// Whether a message of `count` bytes fits whole the receive parked here.
    func directReceiveFits(_ count: Int) -> Bool {
        guard let parked else { return false }
        return parked._withUnsafeGuaranteedRef { count <= $0.destination.count }
    }
}

/// Copies `count` bytes, loading all of them before storing any. The messages of a round trip are mostly a few
/// bytes, for which memmove's dispatch costs more than the copy (~12 guest instructions a message): up to 8
/// bytes move as two loads and two stores of the widest size that fits, overlapping in the middle.
@inline(__always)
private func copySmall(to target: UnsafeMutableRawPointer, from source: UnsafeRawPointer, count: Int) {
    func pair<T: FixedWidthInteger>(_: T.Type) {
        let size = MemoryLayout<T>.size
        let first = source.loadUnaligned(as: T.self)
        let last = source.loadUnaligned(fromByteOffset: count - size, as: T.self)
        target.storeBytes(of: first, as: T.self)
        target.storeBytes(of: last, toByteOffset: count - size, as: T.self)
    }
    switch count {
    case 1: target.storeBytes(of: source.load(as: UInt8.self), as: UInt8.self)
    case 2...3: pair(UInt16.self)
    case 4...8: pair(UInt32.self)
    default: target.copyMemory(from: source, byteCount: count)
    }
}
