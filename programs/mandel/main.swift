/// `mandel [-1r] [-b BLOCK]`: a Mandelbrot explorer on the screen, drawn through the display service
/// (docs/abi.md, "Display"; it connects through init, so it runs under init's console session). The arrow keys pan
/// by an eighth of the screen, `+` (or `=`) zooms in, `-` zooms out, `q` quits; keys are the bytes of standard
/// input (the console: an arrow is ESC [ A..D), so it waits for the next key between frames and quits at the
/// end of input. `-1` draws one frame and exits; `-r` reports each frame's view once it is on the screen; `-b N`
/// computes one point per N x N pixels (default 2: a frame of 1024 x 768 then takes seconds under QEMU's
/// emulation, not minutes). Fractal.swift says exactly what is drawn.
@main
struct Mandel {
    static func main() {
        let usage = "mandel [-1r] [-b BLOCK]"
        let options = Options(Array(ProgramContext.arguments.dropFirst()), known: "1r", withValue: "b", usage: usage)
        let block = options.value("b").map { Int($0) ?? 0 } ?? 2
        guard block >= 1, block <= 64, options.operands.isEmpty else {
            Stream.error.line("usage: " + usage)
            ProgramContext.exit(2)
        }
        guard let initEndpoint = ProgramContext.variable("WALOS_INIT_FD").flatMap({ UInt32($0) }) else {
            ProgramContext.complain("no display service to reach: not started under init (WALOS_INIT_FD is not set)")
            ProgramContext.exit(1)
        }
        let display: Walos.Display
        let screen: Walos.DisplayInfo
        do throws(Walos.Failure) {
            display = try Walos.Display(initEndpoint: initEndpoint)
        } catch {
            ProgramContext.complain("cannot reach the display service: \(describe(UInt16(error.errno)))")
            ProgramContext.exit(1)
        }
        do throws(Walos.Failure) {
            screen = try display.info()
            try display.acquire()
        } catch {
            fail(error, display)
        }
        var canvas = Canvas(display: display, width: screen.width, height: screen.height, block: block)
        var view = View.initial(height: screen.height)
        var keys = KeyReader()
        var frame = 1
        while true {
            do throws(Walos.Failure) {
                try canvas.draw(view)
            } catch {
                fail(error, display)
            }
            if options.has("r") {
                Stream.output.line("mandel: frame \(frame) center \(view.centerX) \(view.centerY) step \(view.step) iterations \(view.iterations)")
            }
            if options.has("1") { break }
            guard let next = keys.nextView(after: view, width: screen.width, height: screen.height) else { break }
            view = next
            frame += 1
        }
        try? display.release()
        ProgramContext.exit(0)
    }

    static func fail(_ error: Walos.Failure, _ display: Walos.Display) -> Never {
        switch error.errno {
        case Walos.noDevice: ProgramContext.complain("no screen here (ENODEV): walos found no framebuffer")
        case Walos.busy:
            let owner = (try? display.info())?.owner ?? 0
            ProgramContext.complain("the screen is in use by process \(owner) (EBUSY)")
        default: ProgramContext.complain("the display failed with errno \(error.errno)")
        }
        ProgramContext.exit(1)
    }
}

/// The screen's pixels in linear memory, computed a band at a time and presented as each band is done, so the
/// picture fills in from the top.
struct Canvas {
    let display: Walos.Display
    let width: Int
    let height: Int
    let block: Int
    var pixels: [UInt32]

    init(display: Walos.Display, width: Int, height: Int, block: Int) {
        self.display = display
        self.width = width
        self.height = height
        self.block = block
        pixels = [UInt32](repeating: 0, count: width * height)
    }

    mutating func draw(_ view: View) throws(Walos.Failure) {
        let band = max(block, 32 / block * block)
        let display = self.display
        var top = 0
        while top < height {
            let bottom = min(top + band, height)
            fill(view, rows: top..<bottom)
            let start = top * width
            try pixels.withUnsafeBufferPointer { all throws(Walos.Failure) in
                try display.present(UnsafeBufferPointer(rebasing: all[start...]), stride: width * 4, x: 0, y: top,
                                  width: width, height: bottom - top)
            }
            top = bottom
        }
    }

    /// Rows `rows` (whole blocks: `rows.lowerBound` is a multiple of `block`).
    private mutating func fill(_ view: View, rows: Range<Int>) {
        let limit = view.iterations
        let (width, height, block) = (self.width, self.height, self.block)
        pixels.withUnsafeMutableBufferPointer { pixels in
            var by = rows.lowerBound
            while by < rows.upperBound {
                let ci = view.centerY &+ Int64(by - height / 2) &* view.step
                let blockBottom = min(by + block, rows.upperBound)
                var bx = 0
                while bx < width {
                    let cr = view.centerX &+ Int64(bx - width / 2) &* view.step
                    let color = View.color(cr: cr, ci: ci, limit: limit)
                    let blockRight = min(bx + block, width)
                    for y in by..<blockBottom {
                        for x in bx..<blockRight { pixels[y * width + x] = color }
                    }
                    bx += block
                }
                by += block
            }
        }
    }
}

/// Turns the bytes of standard input into views: each read's keys apply together, then one frame shows them.
struct KeyReader {
    /// How much of an escape sequence has arrived: 0 none, 1 ESC, 2 ESC [.
    private var escape = 0

    /// The view after the next keys that change it; nil for `q` or the end of input.
    mutating func nextView(after view: View, width: Int, height: Int) -> View? {
        var next = view
        while next == view {
            let (bytes, errno) = Stream(fd: 0).read(64)
            if bytes.isEmpty || errno != 0 { return nil }
            for byte in bytes {
                let state = escape
                escape = 0
                switch (state, byte) {
                case (0, 0x1B): escape = 1
                case (1, UInt8(ascii: "[")): escape = 2
                case (2, UInt8(ascii: "A")): next.pan(dx: 0, dy: -1, width: width, height: height)
                case (2, UInt8(ascii: "B")): next.pan(dx: 0, dy: 1, width: width, height: height)
                case (2, UInt8(ascii: "C")): next.pan(dx: 1, dy: 0, width: width, height: height)
                case (2, UInt8(ascii: "D")): next.pan(dx: -1, dy: 0, width: width, height: height)
                case (0, UInt8(ascii: "+")), (0, UInt8(ascii: "=")): next.zoomIn()
                case (0, UInt8(ascii: "-")): next.zoomOut()
                case (0, UInt8(ascii: "q")), (0, UInt8(ascii: "Q")): return nil
                default: break
                }
            }
        }
        return next
    }
}
