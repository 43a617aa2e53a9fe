/// /srv/display.wasm, the framebuffer's driver as a service (README, "Drivers"; docs/abi.md, "Display"): it maps
/// the framebuffer over its own memory (`devices = memory:framebuffer`) and serves the display protocol on its
/// clients' endpoints. One client endpoint at a time owns the screen; while one does, the kernel's text console
/// stops drawing (console_screen), and it draws again when the owner releases the screen or its endpoint closes
/// (the client exited, trapped or was killed), or when this driver ends (the kernel sees to that). Pixels arrive
/// as XRGB8888 in the messages and are converted to the framebuffer's order.
import CWalos

@main
struct DisplayDriver {
    static func main() {
        guard let control = ProgramContext.variable("WALOS_SERVICE_FD").flatMap({ UInt32($0) }) else {
            ProgramContext.complain("not started as a service (WALOS_SERVICE_FD is not set)")
            ProgramContext.exit(2)
        }
        let screen = Screen.map()
        if let screen {
            Stream.output.line("display: \(screen.width)x\(screen.height) framebuffer, "
                + (screen.swapsRedAndBlue ? "XBGR" : "XRGB"))
        } else {
            Stream.output.line("display: no framebuffer: every request is ENODEV")
        }
        if (try? Walos.serviceReady(control)) == nil { ProgramContext.exit(1) }
        var server = Server(screen: screen)
        while true {
            for fd in Poll.readable([control] + server.clients, timeout: nil) {
                if fd == control {
                    guard let message = try? Walos.receive(control) else { ProgramContext.exit(0) }  // init is gone
                    server.clients += message.handles
                } else if server.clients.contains(fd) {  // not closed meanwhile (ownerGone)
                    server.serve(fd)
                }
            }
        }
    }
}

/// The framebuffer, mapped over this process's memory.
struct Screen {
    let pixels: UnsafeMutableRawPointer
    let width: Int
    let height: Int
    /// Bytes from one row to the next.
    let pitch: Int
    /// 0x00BBGGRR words rather than 0x00RRGGBB.
    let swapsRedAndBlue: Bool

    /// Nil without a framebuffer (or without the right to map it: the manifest's `memory:framebuffer`).
    static func map() -> Screen? {
        guard let info = try? Walos.framebuffer() else { return nil }
        let size = Int((info.size + 4095) & ~4095)
        let memory = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 4096)
        let errno = walos_device_map(info.physical, UInt32(size), memory)
        guard errno == 0 else {
            ProgramContext.complain("display: device_map: errno \(errno)")
            return nil
        }
        return Screen(pixels: memory, width: Int(info.width), height: Int(info.height), pitch: Int(info.pitch),
                      swapsRedAndBlue: info.format == WALOS_FRAMEBUFFER_XBGR)
    }

    /// Copies `height` rows of `width` XRGB8888 pixels, packed, to (x, y): the caller checked it lies inside.
    func copy(_ source: UnsafeRawPointer, x: Int, y: Int, width: Int, height: Int) {
        // SAFETY: the rectangle lies inside the screen (Server checked it), so every row lies inside the window.
        PixelCopy.copyXRGB(from: source, stride: width * 4, to: pixels + y * pitch + x * 4, pitch: pitch,
                           width: width, height: height, swapRedAndBlue: swapsRedAndBlue)
    }
}

/// The protocol (guest/include/walos.h): one request per message, u32 words, the first the operation; each
/// reply begins with the errno.
struct Server {
    /// The errnos it answers with (preview1's numbers).
    let invalid: UInt32 = 28, notPermitted: UInt32 = 63, noDevice: UInt32 = 43, busy: UInt32 = 10
    let screen: Screen?
    var clients: [UInt32] = []
    /// The client endpoint that owns the screen, and the pid it gave.
    var owner: UInt32? = nil
    var ownerPid: UInt32 = 0
    /// One message: the largest a channel carries.
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Int(WALOS_CHANNEL_MAX_BYTES), alignment: 4)

    init(screen: Screen?) {
        self.screen = screen
    }

    /// Serves the next message on `fd`; false once the endpoint is gone (closed here, and the screen given back
    /// if it owned it).
    @discardableResult
    mutating func serve(_ fd: UInt32) -> Bool {
        var handles = [UInt32](repeating: 0, count: Int(WALOS_CHANNEL_MAX_HANDLES))
        var result = walos_channel_result()
        let errno = handles.withUnsafeMutableBufferPointer {
            walos_channel_recv(fd, buffer.baseAddress, UInt32(buffer.count), $0.baseAddress, UInt32($0.count), &result)
        }
        for handle in handles.prefix(Int(result.handles)) where errno == 0 { Stream(fd: Int32(handle)).close() }
        guard errno == 0 else {
            forget(fd)
            return false
        }
        let reply = answer(fd, words: Int(result.bytes) / 4, exact: result.bytes % 4 == 0)
        let sent = reply.withUnsafeBytes { walos_channel_send(fd, $0.baseAddress, UInt32($0.count), nil, 0) }
        if sent != 0 {  // the client is gone
            forget(fd)
            return false
        }
        return true
    }

    private func word(_ index: Int) -> UInt32 { buffer.load(fromByteOffset: index * 4, as: UInt32.self) }

    private mutating func answer(_ fd: UInt32, words: Int, exact: Bool) -> [UInt32] {
        guard exact, words >= 1 else { return [invalid] }
        guard let screen else { return [noDevice] }
        switch word(0) {
        case WALOS_DISPLAY_INFO:
            return [0, UInt32(screen.width), UInt32(screen.height), WALOS_DISPLAY_XRGB8888, owner == nil ? 0 : ownerPid]
        case WALOS_DISPLAY_ACQUIRE:
            guard words == 2 else { return [invalid] }
            let pid = word(1)  // before ownerGone, which may receive into the buffer
            if let owner, owner != fd {
                guard ownerGone() else { return [busy] }
            }
            if owner == nil { _ = walos_console_screen(0) }
            owner = fd
            ownerPid = pid
            return [0]
        case WALOS_DISPLAY_PRESENT:
            guard words >= 5 else { return [invalid] }
            // In 64 bits: Int is 32 bits here, and every word is the client's.
            let (x, y, width, height) = (UInt64(word(1)), UInt64(word(2)), UInt64(word(3)), UInt64(word(4)))
            guard x + width <= UInt64(screen.width), y + height <= UInt64(screen.height),
                  UInt64(words) == 5 + width * height else { return [invalid] }
            guard owner == fd else { return [notPermitted] }
            screen.copy(UnsafeRawPointer(buffer.baseAddress! + 20), x: Int(x), y: Int(y), width: Int(width),
                        height: Int(height))
            return [0]
        case WALOS_DISPLAY_RELEASE:
            guard words == 1 else { return [invalid] }
            guard owner == fd else { return [notPermitted] }
            giveBack()
            return [0]
        default:
            return [invalid]
        }
    }

    /// Whether the owner's endpoint turned out to be closed: its client ended, and the shell may already have
    /// started the next one before this loop saw the hangup. What it left queued is served first, in order.
    private mutating func ownerGone() -> Bool {
        for _ in 0..<64 {
            guard let current = owner, !Poll.readable([current], timeout: 0).isEmpty else { return false }
            if !serve(current) { return true }
        }
        return owner == nil
    }

    private mutating func forget(_ fd: UInt32) {
        Stream(fd: Int32(fd)).close()
        clients.removeAll { $0 == fd }
        if owner == fd { giveBack() }
    }

    private mutating func giveBack() {
        owner = nil
        ownerPid = 0
        _ = walos_console_screen(1)
    }
}
