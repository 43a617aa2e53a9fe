/// A virtio device on PCI through the modern (virtio 1.x) interface: vendor capabilities locate the common
/// configuration, the notification area and the device-specific configuration in memory BARs.
///
/// Why modern rather than legacy: QEMU's virtio-9p-pci on q35 is transitional on the root bus but modern-only
/// behind a PCIe port (legacy needs I/O space, which PCIe ports rarely get), modern takes 64-bit ring
/// addresses and queue sizes the driver chooses, and it is the interface the virtio standard keeps.
final class VirtioPCIDevice {
    let address: PCI.Address
    private let common: VolatileRegion
    private let notifications: VolatileRegion
    private let notifyMultiplier: UInt32
    let deviceConfiguration: VolatileRegion

    // The common configuration (struct virtio_pci_common_cfg).
    private static let deviceFeatureSelect = 0x00, deviceFeature = 0x04, driverFeatureSelect = 0x08
    private static let driverFeature = 0x0C, deviceStatus = 0x14, configGeneration = 0x15, queueSelect = 0x16
    private static let queueSize = 0x18, queueEnable = 0x1C, queueNotifyOffset = 0x1E, queueDescriptors = 0x20
    private static let queueDriver = 0x28, queueDevice = 0x30, commonSize = 0x38

    // Device status bits.
    static let acknowledge: UInt8 = 1, driver: UInt8 = 2, driverOK: UInt8 = 4, featuresOK: UInt8 = 8
    static let failed: UInt8 = 0x80

    /// VIRTIO_F_VERSION_1: the device follows virtio 1.x (little-endian, modern layout).
    static let version1: UInt64 = 1 << 32

    /// Finds the capabilities and maps what they point at; nil when one is missing or does not fit its BAR.
    init?(address: PCI.Address) {
        self.address = address
        PCI.enableMemoryAndBusMastering(address)
        var common: VolatileRegion? = nil, notifications: VolatileRegion? = nil, device: VolatileRegion? = nil
        var multiplier: UInt32 = 0
        for capability in PCI.capabilities(address, id: 0x09) {
            let type = PCI.read8(address, capability + 3)
            guard type >= 1 && type <= 4 else { continue }
            guard let region = Self.map(address, capability: capability) else { continue }
            switch type {
            case 1 where common == nil: common = region
            case 2 where notifications == nil:
                notifications = region
                multiplier = PCI.read32(address, capability + 16)
            case 4 where device == nil: device = region
            default: break
            }
        }
        guard let common, let notifications, let device, common.size >= Self.commonSize else { return nil }
        self.common = common
        self.notifications = notifications
        notifyMultiplier = multiplier
        deviceConfiguration = device
    }

    /// The window a virtio capability describes: `length` bytes at `offset` in memory BAR `bar`.
    private static func map(_ address: PCI.Address, capability: UInt8) -> VolatileRegion? {
        let bar = Int(PCI.read8(address, capability + 4))
        let offset = UInt64(PCI.read32(address, capability + 8))
        let length = Int(PCI.read32(address, capability + 12))
        guard bar <= 5, length > 0, length <= 1 << 24, let base = PCI.memoryBar(address, bar), base != 0,
              let pointer = MemoryManager.mapDevice(physical: base + offset, size: UInt64(length))
        else { return nil }
        return VolatileRegion(base: pointer, size: length)
    }

    var status: UInt8 { common.load8(Self.deviceStatus) }

    /// Resets the device, which then stops using every ring and buffer it was given. Bounded: false when the
    /// device does not report the reset within `timeout` nanoseconds.
    func reset(timeout: UInt64 = 1_000_000_000) -> Bool {
        common.store8(Self.deviceStatus, 0)
        let deadline = Clock.nanoseconds() + timeout
        while status != 0 {
            if Clock.nanoseconds() > deadline { return false }
            Processor.spinWaitHint()
        }
        return true
    }

    /// The start of initialization (virtio 1.x, 3.1.1): reset, acknowledge, then accept the features in
    /// `wanted` the device offers. Fails unless the device offers all of `required` and accepts the choice.
    func negotiate(wanted: UInt64, required: UInt64) -> UInt64? {
        guard reset() else { return nil }
        common.store8(Self.deviceStatus, Self.acknowledge)
        common.store8(Self.deviceStatus, Self.acknowledge | Self.driver)
        var offered: UInt64 = 0
        for half in 0..<2 {
            common.store32(Self.deviceFeatureSelect, UInt32(half))
            offered |= UInt64(common.load32(Self.deviceFeature)) << (32 * UInt64(half))
        }
        let accepted = offered & wanted
        guard accepted & required == required else {
            fail()
            return nil
        }
        for half in 0..<2 {
            common.store32(Self.driverFeatureSelect, UInt32(half))
            common.store32(Self.driverFeature, UInt32(truncatingIfNeeded: accepted >> (32 * UInt64(half))))
        }
        common.store8(Self.deviceStatus, Self.acknowledge | Self.driver | Self.featuresOK)
        guard status & Self.featuresOK != 0 else {
            fail()
            return nil
        }
        return accepted
    }

    /// Gives queue `index` its rings, no larger than the device allows; returns the queue, or nil when the
    /// device has no such queue.
    func setUpQueue(_ index: UInt16) -> SplitVirtqueue? {
        common.store16(Self.queueSelect, index)
        let deviceMaximum = common.load16(Self.queueSize)
        guard deviceMaximum > 0 else { return nil }
        var size = SplitVirtqueue.maximumSize
        while size > deviceMaximum { size >>= 1 }
        let notifyOffset = Int(common.load16(Self.queueNotifyOffset)) * Int(notifyMultiplier)
        guard notifyOffset <= notifications.size - 2, notifyOffset % 2 == 0,
              let queue = SplitVirtqueue(index: index, size: size, notifyOffset: notifyOffset)
        else { return nil }
        common.store16(Self.queueSize, size)
        common.store64(Self.queueDescriptors, queue.descriptorsPhysical)
        common.store64(Self.queueDriver, queue.availablePhysical)
        common.store64(Self.queueDevice, queue.usedPhysical)
        common.store16(Self.queueEnable, 1)
        return queue
    }

    /// The end of initialization: the device may now use its queues.
    func ready() {
        common.store8(Self.deviceStatus, status | Self.driverOK)
    }

    func fail() {
        common.store8(Self.deviceStatus, status | Self.failed)
    }

    /// Tells the device the queue has new requests.
    func notify(_ queue: SplitVirtqueue) {
        notifications.store16(queue.notifyOffset, queue.index)
    }

    /// Reads the device configuration consistently: `read` runs again when the device changed it meanwhile
    /// (at most a few times).
    func readConfiguration<T>(_ read: (VolatileRegion) -> T) -> T {
        var value: T
        var before: UInt8
        var tries = 0
        repeat {
            before = common.load8(Self.configGeneration)
            value = read(deviceConfiguration)
            tries += 1
        } while common.load8(Self.configGeneration) != before && tries < 4
        return value
    }
}
