import Console
import WASIPreview1

/// The screen as walos's display calls see it (docs/abi.md, "Display"): one process at a time owns it and copies
/// its own pixels there. Meanwhile the text console keeps its text without drawing it, and draws it all again
/// when the owner releases the screen or ends, however it ends (ProcessRunner.execute calls `processEnded`).
/// The owner changes only under the big kernel lock, which every WASI call and every process's end hold.
enum Display {
    /// The owner's pid; 0 when the console has the screen.
    nonisolated(unsafe) private static var owner = 0

    /// The display calls of `pid`; nil without a framebuffer console (the calls are then ENODEV).
    static func services(of pid: Int) -> DisplayServices? {
        guard let console = Screen.console else { return nil }
        let screen = console.target
        return DisplayServices(
            info: { DisplayInfo(width: UInt32(screen.width), height: UInt32(screen.height), owner: UInt32(owner)) },
            acquire: { () throws(Errno) in
                if owner == pid { return }
                guard owner == 0 else { throw .busy }
                owner = pid
                // Under the log's lock: no log line is halfway onto the screen when the program starts drawing.
                Log.exclusively { console.suspend() }
            },
            release: { () throws(Errno) in
                guard owner == pid else { throw .notPermitted }
                giveBack(console)
            },
            present: { rectangle throws(Errno) in
                guard owner == pid else { throw .notPermitted }
                screen.copyXRGB(from: rectangle.pixels, stride: rectangle.stride, x: rectangle.x, y: rectangle.y,
                                width: rectangle.width, height: rectangle.height)
            })
    }

    /// A process has ended (under the big kernel lock): the screen goes back to the console if it owned it.
    static func processEnded(_ pid: Int) {
        guard owner == pid, let console = Screen.console else { return }
        giveBack(console)
    }

    private static func giveBack(_ console: TextConsole<LinearFramebuffer>) {
        owner = 0
        Log.exclusively { console.resume() }
    }
}
