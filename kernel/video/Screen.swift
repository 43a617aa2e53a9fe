import BootInfo
import CPU
import Console

/// The framebuffer text console: the kernel log on screen, colored by level. The framebuffer comes from the
/// loader (UEFI GOP) or, on the PVH path, from the kernel setting a mode on QEMU's standard VGA.
enum Screen {
    nonisolated(unsafe) private(set) static var console: TextConsole<LinearFramebuffer>? = nil
    nonisolated(unsafe) private(set) static var framebuffer: Framebuffer? = nil

    static func start(bootInfo: BootInfo) {
        guard let mode = bootInfo.framebuffer ?? BochsDisplay.setMode(width: 1024, height: 768) else {
            Log.info("screen: no framebuffer; serial console only")
            return
        }
        let font: PSFFont
        do throws(PSFError) {
            font = try PSFFont(bytes: UnsafeRawBufferPointer(start: layout_font_start(), count: Int(layout_font_size())))
        } catch {
            Log.error("screen: the built-in font is unreadable")
            return
        }
        guard let pixels = MemoryManager.mapDevice(physical: mode.base, size: mode.byteCount, writeCombining: true),
              let target = LinearFramebuffer(base: pixels, width: Int(mode.width), height: Int(mode.height),
                                             pitch: Int(mode.pitch), format: mode.format),
              let console = TextConsole(target: target, font: font)
        else {
            Log.error("screen: cannot use the \(mode.width)x\(mode.height) framebuffer")
            return
        }
        console.clear()
        self.console = console
        framebuffer = mode
        Log.addSink(LogSink(
            begin: { level in
                // A log line starts in its level's color, whatever colors a program's output left set.
                console.resetAttributes()
                console.foreground = (ConsoleLogLevel(rawValue: level.rawValue) ?? .info).color
            },
            write: { byte in console.write(byte: byte) }))
        console.foreground = .white
        console.showsCursor = true
        console.write("walos \(Kernel.version)\n")
        Log.info("screen: \(mode.width)x\(mode.height) framebuffer at 0x\(String(mode.base, radix: 16)), \(console.columns)x\(console.rows) text")
    }
}
