import Memory

/// QEMU's virtio-serial-pci (PCI 1af4:1003) through virtio's legacy interface, with the multiport feature:
/// numbered ports, each a byte stream in both directions. `walos run` carries a program's standard streams on
/// its ports: whole buffers per device notification instead of a byte per port access, and a host that reads
/// slowly holds the writer up instead of losing bytes (QEMU's virtserialport throttles; its virtconsole and the
/// 16550 drop bytes when the host side is full).
enum VirtioSerial {
    static let vendor: UInt16 = 0x1AF4, device: UInt16 = 0x1003

    // Legacy register offsets in the I/O BAR.
    private static let guestFeatures: UInt16 = 4, queueAddress: UInt16 = 8, queueSize: UInt16 = 12,
                        queueSelect: UInt16 = 14, queueNotify: UInt16 = 16, status: UInt16 = 18,
                        maximumPorts: UInt16 = 24
    private static let multiport: UInt32 = 1 << 1
    private static let controlTransmitQueue = 3
    /// Control event: the guest has opened (value 1) a port; until then the device sends it nothing.
    private static let portOpen: UInt16 = 6
    /// How long the device may take over a control message.
    private static let controlWait: UInt64 = 1_000_000_000

    /// Starts the device and opens `ports` (port numbers from 1), each `receiving` input or not; nil when there
    /// is no such device or it cannot serve them.
    static func open(_ ports: [(number: Int, receiving: Bool)]) -> [VirtioSerialPort]? {
        guard let address = PCI.find(vendor: vendor, device: device) else { return nil }
        PCI.enableIOAndDMA(address)
        let io = PCI.ioBar(address, 0)
        Port(io + status).write8(0)  // reset
        Port(io + status).write8(1 | 2)  // acknowledged, driver found
        guard Port(io).read32() & multiport != 0,
              ports.allSatisfy({ $0.number >= 1 && UInt32($0.number) < Port(io + maximumPorts).read32() })
        else { return nil }
        Port(io + guestFeatures).write32(multiport)
        guard var control = queue(io, controlTransmitQueue),
              let message = MemoryManager.allocateFrames(count: 1, alignment: 4096)
        else { return nil }
        var opened: [VirtioSerialPort] = []
        for port in ports {
            let receive = port.receiving ? queue(io, 2 * port.number + 2) : nil
            guard let transmit = queue(io, 2 * port.number + 3),
                  let opening = VirtioSerialPort(io: io, number: port.number, receive: receive, transmit: transmit)
            else { return nil }
            opened.append(opening)
        }
        Port(io + status).write8(1 | 2 | 4)  // driver ready
        for port in opened {
            // SAFETY: the frame was allocated for control messages; one is 8 bytes.
            let bytes = DirectMap.pointer(message)
            bytes.storeBytes(of: UInt32(port.number), as: UInt32.self)
            bytes.storeBytes(of: portOpen, toByteOffset: 4, as: UInt16.self)
            bytes.storeBytes(of: 1, toByteOffset: 6, as: UInt16.self)
            control.describe(0, address: message, length: 8, flags: 0)
            control.offer(0)
            notify(io, queue: controlTransmitQueue)
            // QEMU may handle the notification on another thread (ioeventfd): give it a moment.
            let end = Clock.nanoseconds() + controlWait
            while !control.isIdle && Clock.nanoseconds() < end {}
            guard control.isIdle else { return nil }
            port.startReceiving()
        }
        return opened
    }

    /// Sets up queue `index` with the size the device gives it.
    private static func queue(_ io: UInt16, _ index: Int) -> Virtqueue? {
        Port(io + queueSelect).write16(UInt16(index))
        let size = Int(Port(io + queueSize).read16())
        guard let queue = Virtqueue(size: size) else { return nil }
        Port(io + queueAddress).write32(UInt32(queue.physical >> 12))
        return queue
    }

    static func notify(_ io: UInt16, queue index: Int) {
        Port(io + queueNotify).write16(UInt16(index))
    }
}

/// One port of a virtio serial device: output in one buffer the device takes whole, input in page-sized
/// buffers the device fills as bytes arrive. Nothing here waits: callers wait (kernel/proc/Wait) on `isSent`
/// and `hasInput`.
final class VirtioSerialPort {
    static let transmitBytes = 65536
    static let receiveBuffers = 16
    static let receiveBufferBytes = 4096

    let number: Int
    private let io: UInt16
    private var receiveQueue: Virtqueue?
    private var transmitQueue: Virtqueue
    private let transmitBuffer: UInt64
    private let receiveBuffer: UInt64
    /// The filled receive buffer being read: its descriptor, its length, and how much of it is read.
    private var filled: (index: Int, length: Int)? = nil
    private var readOffset = 0

    fileprivate init?(io: UInt16, number: Int, receive: Virtqueue?, transmit: Virtqueue) {
        let frames = Self.transmitBytes / 4096
        guard let transmitBuffer = MemoryManager.allocateFrames(count: frames, alignment: 4096) else { return nil }
        var receiveBuffer: UInt64 = 0
        if receive != nil {
            let receiveFrames = Self.receiveBuffers * Self.receiveBufferBytes / 4096
            guard let frames = MemoryManager.allocateFrames(count: receiveFrames, alignment: 4096) else { return nil }
            receiveBuffer = frames
        }
        self.io = io
        self.number = number
        receiveQueue = receive
        transmitQueue = transmit
        self.transmitBuffer = transmitBuffer
        self.receiveBuffer = receiveBuffer
    }

    fileprivate func startReceiving() {
        guard receiveQueue != nil else { return }
        for index in 0..<Self.receiveBuffers { offer(index) }
    }

    private func offer(_ index: Int) {
        receiveQueue!.describe(index, address: receiveBuffer + UInt64(index * Self.receiveBufferBytes),
                               length: Self.receiveBufferBytes, flags: Virtqueue.deviceWrites)
        receiveQueue!.offer(index)
        VirtioSerial.notify(io, queue: 2 * number + 2)
    }

    /// True when the last `send` has gone out (the device has handed it on to the host).
    var isSent: Bool { transmitQueue.isIdle }

    /// Hands the device as much of `bytes` as one buffer holds; how much that was. Call only when `isSent`.
    func send(_ bytes: UnsafeRawBufferPointer) -> Int {
        let count = min(bytes.count, Self.transmitBytes)
        guard count > 0, let base = bytes.baseAddress else { return 0 }
        // SAFETY: count <= transmitBytes, the size of this port's transmit frames.
        DirectMap.pointer(transmitBuffer).copyMemory(from: base, byteCount: count)
        transmitQueue.describe(0, address: transmitBuffer, length: count, flags: 0)
        transmitQueue.offer(0)
        VirtioSerial.notify(io, queue: 2 * number + 3)
        return count
    }

    /// True when received bytes are waiting to be read.
    var hasInput: Bool {
        while filled == nil, let buffer = receiveQueue?.takeUsed(), buffer.index < Self.receiveBuffers {
            if buffer.length > 0 {
                filled = (buffer.index, min(buffer.length, Self.receiveBufferBytes))
                readOffset = 0
            } else {
                offer(buffer.index)
            }
        }
        return filled != nil
    }

    /// Copies received bytes into `buffer`, as many as are there; never waits.
    func receive(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        var count = 0
        while count < buffer.count && hasInput {
            let (index, length) = filled!
            let n = min(buffer.count - count, length - readOffset)
            // SAFETY: readOffset + n <= length <= receiveBufferBytes (clamped in hasInput), and
            // count + n <= buffer.count.
            let source = DirectMap.pointer(receiveBuffer + UInt64(index * Self.receiveBufferBytes + readOffset))
            (buffer.baseAddress! + count).copyMemory(from: source, byteCount: n)
            count += n
            readOffset += n
            if readOffset == length {
                filled = nil
                offer(index)
            }
        }
        return count
    }
}
