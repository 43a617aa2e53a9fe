/// What carries 9P messages: a request buffer the client encodes into, a reply buffer the server's answer
/// arrives in, and one synchronous exchange. The kernel's transport is a virtio-9p device whose buffers are
/// the memory the device reads and writes (kernel/dev/virtio); the host tests script one.
public protocol NinePTransport {
    var requestBuffer: UnsafeMutableRawBufferPointer { get }
    var replyBuffer: UnsafeRawBufferPointer { get }
    /// Sends the first `requestLength` bytes of the request buffer and waits, for a bounded time, for the
    /// reply; returns how many bytes of the reply buffer the server says it wrote (the client checks that).
    func exchange(requestLength: Int) throws(NinePError) -> Int
}
