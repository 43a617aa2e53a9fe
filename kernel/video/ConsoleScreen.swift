import Console

/// Who draws on the framebuffer: the kernel's text console, or the display driver (services/display, holding
/// `memory:framebuffer`) that asked it to stop with console_screen (docs/abi.md, "Devices"). While it is
/// stopped the console keeps its text without drawing it, and draws it all again when the driver asks or ends,
/// however it ends (ProcessRunner.execute calls `processEnded`). Changes happen only under the big kernel lock,
/// which every WASI call and every process's end hold.
enum ConsoleScreen {
    /// The pid of the driver that stopped the console; 0 while the console draws.
    nonisolated(unsafe) private static var stoppedBy = 0

    /// console_screen from `pid`, whose rights the library has checked.
    static func set(drawing: Bool, by pid: Int) {
        guard let console = Screen.console else { return }
        if drawing {
            guard stoppedBy != 0 else { return }
            giveBack(console)
        } else {
            let wasDrawing = stoppedBy == 0
            stoppedBy = pid == 0 ? -1 : pid
            // Under the log's lock: no log line is halfway onto the screen when the driver starts drawing.
            if wasDrawing { Log.exclusively { console.suspend() } }
        }
    }

    /// A process has ended (under the big kernel lock): the console draws again if it had stopped it.
    static func processEnded(_ pid: Int) {
        guard stoppedBy == pid, let console = Screen.console else { return }
        giveBack(console)
    }

    private static func giveBack(_ console: TextConsole<LinearFramebuffer>) {
        stoppedBy = 0
        Log.exclusively { console.resume() }
    }
}
