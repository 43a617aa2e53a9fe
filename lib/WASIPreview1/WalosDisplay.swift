/// walos's display calls, in the import module "walos" beside the process calls (docs/abi.md, "Display"): a
/// program draws into its own linear memory and the kernel copies rectangles of it to the screen. This file
/// decodes and checks what the guest asks; the embedder (DisplayServices) owns the screen, so a rectangle
/// reaches it only inside the screen and inside the caller's memory.
enum WalosDisplayFunctions {
    /// Never changed, and its closures capture nothing, so processors share it safely.
    nonisolated(unsafe) static let all: [WASIFunction] = [
        WASIFunction("display_info", [.i32]) { c, m, s in
            outcome { () throws(Errno) in try c.displayInfo(m, into: Arguments(slots: s).u32(0)) }
        },
        WASIFunction("display_acquire", []) { c, _, _ in
            outcome { () throws(Errno) in try c.display().acquire() }
        },
        WASIFunction("display_present", [.i32, .i32, .i32, .i32, .i32, .i32]) { c, m, s in
            let a = Arguments(slots: s)
            return outcome { () throws(Errno) in
                try c.displayPresent(m, pixels: a.u32(0), stride: a.u32(1), x: a.u32(2), y: a.u32(3),
                                     width: a.u32(4), height: a.u32(5))
            }
        },
        WASIFunction("display_release", []) { c, _, _ in
            outcome { () throws(Errno) in try c.display().release() }
        },
    ]
}

/// What the embedder provides for the display calls, bound to the calling process: the screen and who owns it.
/// Every closure runs inside the caller's call.
public struct DisplayServices {
    /// The screen's size in pixels, and the pid of the process that owns it (0: none).
    public var info: () -> DisplayInfo
    /// Makes the caller the screen's owner (again, if it is already): EBUSY while another process owns it.
    public var acquire: () throws(Errno) -> Void
    /// Gives the screen back: EPERM when the caller does not own it.
    public var release: () throws(Errno) -> Void
    /// Copies a checked rectangle to the screen: EPERM when the caller does not own it.
    public var present: (PixelRectangle) throws(Errno) -> Void

    public init(info: @escaping () -> DisplayInfo, acquire: @escaping () throws(Errno) -> Void,
                release: @escaping () throws(Errno) -> Void,
                present: @escaping (PixelRectangle) throws(Errno) -> Void) {
        self.info = info
        self.acquire = acquire
        self.release = release
        self.present = present
    }
}

public struct DisplayInfo: Equatable {
    public let width: UInt32
    public let height: UInt32
    public let owner: UInt32

    public init(width: UInt32, height: UInt32, owner: UInt32) {
        self.width = width
        self.height = height
        self.owner = owner
    }
}

/// A rectangle of guest pixels checked against the screen and the guest's memory: `height` rows of `width`
/// XRGB8888 pixels (32-bit little-endian 0x00RRGGBB), row `r` at `pixels + r * stride`, for screen position
/// (`x`, `y`). Every byte it names lies in `pixels`.
public struct PixelRectangle {
    public let pixels: UnsafeRawBufferPointer
    public let stride: Int
    public let x: Int
    public let y: Int
    public let width: Int
    public let height: Int
}

/// The display structures in guest memory (docs/abi.md; guest/include/walos.h).
public enum DisplayLayout {
    /// display_info's result: width, height, pixel format, owner; four 32-bit words.
    public static let infoSize: UInt32 = 16
    /// The one pixel format programs write: 32-bit little-endian XRGB8888 (the kernel converts).
    public static let formatXRGB8888: UInt32 = 0
    public static let bytesPerPixel: UInt64 = 4
}

extension WASIContext {
    /// The display, or ENODEV where there is none (no framebuffer, or a host without a screen).
    func display() throws(Errno) -> DisplayServices {
        guard let display = host.display else { throw .noDevice }
        return display
    }

    func displayInfo(_ memory: GuestMemory, into result: UInt32) throws(Errno) {
        let info = try display().info()
        _ = try memory.slice(at: result, count: DisplayLayout.infoSize)
        try memory.store(info.width, at: result)
        try memory.store(info.height, at: result + 4)
        try memory.store(DisplayLayout.formatXRGB8888, at: result + 8)
        try memory.store(info.owner, at: result + 12)
    }

    /// display_present: EINVAL for a rectangle that leaves the screen or a stride shorter than a row, EFAULT
    /// for rows that leave linear memory; an empty rectangle copies nothing (and still needs ownership).
    func displayPresent(_ memory: GuestMemory, pixels: UInt32, stride: UInt32, x: UInt32, y: UInt32,
                        width: UInt32, height: UInt32) throws(Errno) {
        let display = try display()
        let screen = display.info()
        guard UInt64(x) + UInt64(width) <= UInt64(screen.width),
              UInt64(y) + UInt64(height) <= UInt64(screen.height),
              UInt64(stride) >= UInt64(width) * DisplayLayout.bytesPerPixel
        else { throw .invalid }
        var span: UInt64 = 0
        if width > 0 && height > 0 {
            span = UInt64(height - 1) * UInt64(stride) + UInt64(width) * DisplayLayout.bytesPerPixel
        }
        guard span <= UInt64(UInt32.max) else { throw .fault }
        let bytes = try memory.slice(at: pixels, count: UInt32(span))
        try display.present(PixelRectangle(pixels: UnsafeRawBufferPointer(bytes), stride: Int(stride), x: Int(x),
                                           y: Int(y), width: Int(width), height: Int(height)))
    }
}
