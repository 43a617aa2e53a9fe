import CWalos

// Message channels (docs/abi.md, "Channels"): connected pairs of endpoints; a message is bytes plus descriptors
// that move from the sender to the receiver.
extension Walos {
    public struct Message {
        public var bytes: [UInt8]
        /// Descriptors: the sender's numbers when sending, the receiver's new ones once received.
        public var handles: [UInt32]

        public init(_ bytes: [UInt8], handles: [UInt32] = []) {
            self.bytes = bytes
            self.handles = handles
        }
    }

    /// The errno (preview1's number) of a message larger than the buffers: the receive is tried again larger.
    public static var messageSize: UInt32 { 35 }

    /// A new channel's two endpoints.
    public static func channel() throws(Failure) -> (UInt32, UInt32) {
        var fds: (UInt32, UInt32) = (0, 0)
        try withUnsafeMutableBytes(of: &fds) { bytes throws(Failure) in
            try check(walos_channel(bytes.baseAddress!.assumingMemoryBound(to: UInt32.self)))
        }
        return fds
    }

    /// Sends `message` on endpoint `fd`; its descriptors leave the caller once it is sent.
    public static func send(_ fd: UInt32, _ message: Message) throws(Failure) {
        let errno = message.bytes.withUnsafeBytes { bytes in
            message.handles.withUnsafeBufferPointer { handles in
                walos_channel_send(fd, bytes.baseAddress, UInt32(bytes.count), handles.baseAddress,
                                   UInt32(handles.count))
            }
        }
        try check(errno)
    }

    /// The next message on endpoint `fd`, waiting for one.
    public static func receive(_ fd: UInt32) throws(Failure) -> Message {
        try received { bytes, handles, result in
            walos_channel_recv(fd, bytes.baseAddress, UInt32(bytes.count), handles.baseAddress,
                               UInt32(handles.count), result)
        }
    }

    /// Sends the whole pages of `pages` (its start and count multiples of 4096) on endpoint `fd` without copying
    /// them: they read as zeros in the caller's memory afterwards.
    public static func sendPages(_ fd: UInt32, _ pages: UnsafeMutableRawBufferPointer, handles: [UInt32] = [])
        throws(Failure) {
        let errno = handles.withUnsafeBufferPointer { handles in
            walos_channel_send_pages(fd, pages.baseAddress, UInt32(pages.count), handles.baseAddress,
                                     UInt32(handles.count))
        }
        try check(errno)
    }

    /// The next message on endpoint `fd`, its pages mapped at `buffer` (start and count multiples of 4096);
    /// returns its size in bytes and its descriptors.
    public static func receivePages(_ fd: UInt32, into buffer: UnsafeMutableRawBufferPointer)
        throws(Failure) -> (bytes: Int, handles: [UInt32]) {
        var handles = [UInt32](repeating: 0, count: Int(WALOS_CHANNEL_MAX_HANDLES))
        var result = walos_channel_result()
        let errno = handles.withUnsafeMutableBufferPointer { handles in
            walos_channel_recv_pages(fd, buffer.baseAddress, UInt32(buffer.count), handles.baseAddress,
                                     UInt32(handles.count), &result)
        }
        try check(errno)
        return (Int(result.bytes), Array(handles.prefix(Int(result.handles))))
    }

    /// Sends `request` on endpoint `fd` and waits for the next message on it, the reply.
    public static func call(_ fd: UInt32, _ request: Message) throws(Failure) -> Message {
        var request = Optional(request)
        return try received { bytes, handles, result in
            // A reply larger than the first buffers is taken by a receive: the request went with the call.
            guard let sending = request else {
                return walos_channel_recv(fd, bytes.baseAddress, UInt32(bytes.count), handles.baseAddress,
                                          UInt32(handles.count), result)
            }
            request = nil
            return sending.bytes.withUnsafeBytes { out in
                sending.handles.withUnsafeBufferPointer { outHandles in
                    walos_channel_call(fd, out.baseAddress, UInt32(out.count), outHandles.baseAddress,
                                       UInt32(outHandles.count), bytes.baseAddress, UInt32(bytes.count),
                                       handles.baseAddress, UInt32(handles.count), result)
                }
            }
        }
    }

    /// Runs `receive` with buffers of 4 KiB and 8 descriptors, and once more with the sizes the message needs
    /// when it is larger (EMSGSIZE keeps it queued).
    private static func received(
        _ receive: (UnsafeMutableRawBufferPointer, UnsafeMutableBufferPointer<UInt32>,
                    UnsafeMutablePointer<walos_channel_result>) -> UInt32
    ) throws(Failure) -> Message {
        var capacity = (bytes: 4096, handles: Int(WALOS_CHANNEL_MAX_HANDLES))
        while true {
            var bytes = [UInt8](repeating: 0, count: capacity.bytes)
            var handles = [UInt32](repeating: 0, count: capacity.handles)
            var result = walos_channel_result()
            let errno = bytes.withUnsafeMutableBytes { bytes in
                handles.withUnsafeMutableBufferPointer { handles in receive(bytes, handles, &result) }
            }
            if errno == messageSize {
                capacity = (Int(result.bytes), Int(result.handles))
                continue
            }
            try check(errno)
            return Message(Array(bytes.prefix(Int(result.bytes))), handles: Array(handles.prefix(Int(result.handles))))
        }
    }
}
