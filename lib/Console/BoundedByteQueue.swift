/// A first-in first-out queue of bytes with a fixed capacity, its storage allocated once: an interrupt handler
/// can add to it without allocating. When it is full a new byte is dropped (the bytes already queued keep
/// their order, as a keyboard's own buffer does).
public struct BoundedByteQueue {
    private var storage: [UInt8]
    private var head = 0
    public private(set) var count = 0
    /// Bytes dropped because the queue was full.
    public private(set) var dropped = 0

    public init(capacity: Int) {
        precondition(capacity > 0, "a queue holds at least one byte")
        storage = [UInt8](repeating: 0, count: capacity)
    }

    public var capacity: Int { storage.count }
    public var isEmpty: Bool { count == 0 }

    /// False (and the byte dropped) when the queue is full.
    @discardableResult
    public mutating func append(_ byte: UInt8) -> Bool {
        guard count < storage.count else {
            dropped += 1
            return false
        }
        storage[(head + count) % storage.count] = byte
        count += 1
        return true
    }

    public mutating func removeFirst() -> UInt8? {
        guard count > 0 else { return nil }
        let byte = storage[head]
        head = (head + 1) % storage.count
        count -= 1
        return byte
    }
}
