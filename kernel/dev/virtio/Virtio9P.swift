import NineP

/// A virtio-9p device (QEMU's `-device virtio-9p-pci,fsdev=...,mount_tag=TAG`): one request queue, and the mount
/// tag that names the host directory it shares. As a `NinePTransport`, its request and reply buffers are the
/// memory the device reads and writes, so a Twrite's data or an Rread's is copied once, between them and the
/// caller. Completion is polled, every wait is bounded, and a device that does not answer in time is reset
/// (it then touches none of walos's memory again) and is not used any more.
final class Virtio9PDevice: NinePTransport {
    let tag: [UInt8]
    private let device: VirtioPCIDevice
    private let queue: SplitVirtqueue
    private let requests: DMAMemory
    private let replies: DMAMemory
    private var failed = false

    /// The largest message (msize) walos offers: each buffer is this big, physically contiguous. 512 KiB
    /// reads move 64 MiB in 128 round trips.
    static let bufferSize = 512 * 1024
    /// How long one request may take: generous, since an fsync or a large write on a busy host can take
    /// seconds, and a wait never outlives it.
    static let timeout: UInt64 = 30_000_000_000

    private static let vendor: UInt16 = 0x1AF4
    /// The transitional device ID (virtio device type 9 on legacy IDs) and the modern one (0x1040 + 9).
    private static let deviceIDs: [UInt16] = [0x1009, 0x1049]
    /// VIRTIO_9P_MOUNT_TAG: the device configuration holds tag_len[2] then the tag.
    private static let mountTagFeature: UInt64 = 1 << 0

    /// Every virtio-9p device that initializes, in PCI order.
    static func discover() -> [Virtio9PDevice] {
        var devices: [Virtio9PDevice] = []
        for function in PCI.all(vendor: vendor) where deviceIDs.contains(function.device) {
            if let device = Virtio9PDevice(address: function.address) {
                devices.append(device)
            } else {
                Log.warning("virtio-9p: the device at \(function.address.bus):\(function.address.device).\(function.address.function) does not initialize")
            }
        }
        return devices
    }

    private init?(address: PCI.Address) {
        guard let device = VirtioPCIDevice(address: address) else { return nil }
        let wanted = VirtioPCIDevice.version1 | Self.mountTagFeature
        guard device.negotiate(wanted: wanted, required: wanted) != nil else { return nil }
        tag = device.readConfiguration { configuration in
            guard configuration.size >= 2 else { return [] }
            let length = min(Int(configuration.load16(0)), configuration.size - 2)
            return (0..<length).map { configuration.load8(2 + $0) }
        }
        guard let queue = device.setUpQueue(0), let requests = DMAMemory(byteCount: Self.bufferSize),
              let replies = DMAMemory(byteCount: Self.bufferSize)
        else {
            device.fail()
            return nil
        }
        self.device = device
        self.queue = queue
        self.requests = requests
        self.replies = replies
        device.ready()
    }

    var requestBuffer: UnsafeMutableRawBufferPointer { requests.bytes }
    var replyBuffer: UnsafeRawBufferPointer { UnsafeRawBufferPointer(replies.bytes) }

    func exchange(requestLength: Int) throws(NinePError) -> Int {
        guard !failed, requestLength > 0, requestLength <= requests.size else { throw .transport }
        queue.submit(readable: requests.physical, readableLength: requestLength, writable: replies.physical,
                     writableLength: replies.size)
        device.notify(queue)
        let deadline = Clock.nanoseconds() + Self.timeout
        while true {
            if let used = queue.takeUsed() {
                guard used.head == 0 else { break }
                return Int(used.written)
            }
            if Clock.nanoseconds() > deadline { break }
            Processor.spinWaitHint()
        }
        failed = true
        if !device.reset() { device.fail() }
        Log.error("virtio-9p: the device sharing \"\(String(decoding: tag, as: UTF8.self))\" did not answer in time or answered out of turn; it is reset and no longer used")
        throw .transport
    }
}
