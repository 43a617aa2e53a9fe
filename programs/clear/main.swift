/// `clear`: clears the terminal as ncurses's clear does for an xterm: the cursor home, the screen erased, then
/// the scrollback (ESC [ 3 J). walos's screen console and serial terminals understand all three.
@main
struct Clear {
    static func main() {
        let errno = Stream.output.write("\u{1B}[H\u{1B}[2J\u{1B}[3J")
        ProgramContext.exit(errno == 0 ? 0 : 1)
    }
}
