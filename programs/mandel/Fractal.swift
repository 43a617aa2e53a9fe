/// What the explorer shows, in fixed-point arithmetic only (integers with `View.fractionBits` fractional bits),
/// so the image is the same wherever it is computed: tests/graphics/run.py computes it again in Python and
/// compares every pixel. The rules, which that file repeats:
///
/// - Pixel (px, py) of a width x height screen belongs to the block of `block` x `block` pixels whose top-left
///   corner is (bx, by) = (px - px % block, py - py % block); the whole block shows the point
///   c = (centerX + (bx - width / 2) * step, centerY + (by - height / 2) * step), integer division.
/// - From z = 0, up to `iterations` times: zr2 = zr * zr >> 24, zi2 = zi * zi >> 24; stop at the first i where
///   zr2 + zi2 > 4 << 24; else zi = (zr * zi >> 23) + ci, zr = zr2 - zi2 + cr. (`>>` is arithmetic: it rounds
///   towards minus infinity.)
/// - A point that never stopped is black; one that stopped at i has color `palette[i % 16]`.
struct View: Equatable {
    // Computed constants, not stored ones: a stored static is initialized lazily, and checking that it is in
    // the innermost loop tripled the time of a frame.
    static var fractionBits: Int64 { 24 }
    static var one: Int64 { 1 << 24 }
    /// How far the center may go from 0 on either axis, and how far out the view may zoom: with these, no
    /// product in `escapeTime` leaves 64 bits.
    static var centerLimit: Int64 { 4 << 24 }
    static var minZoom: Int { -2 }

    var centerX: Int64
    var centerY: Int64
    /// The distance between two pixels' points.
    var step: Int64
    /// Zoomed in (positive) or out (negative) from the first view, one halving of `step` each.
    var zoom: Int

    /// The whole set, 3 units high, a little left of the middle.
    static func initial(height: Int) -> View {
        View(centerX: -(one &* 3 / 4), centerY: 0, step: 3 &* one / Int64(height), zoom: 0)
    }

    /// More iterations as the view zooms in, where the boundary needs them.
    var iterations: Int { 64 + 32 * max(zoom, 0) }

    /// Moves by `dx`, `dy` eighths of the screen. (Products here are wrapping ones, which never wrap within
    /// these limits: a checked 64-bit product needs a 128-bit helper wasm32 does not link.)
    mutating func pan(dx: Int64, dy: Int64, width: Int, height: Int) {
        centerX = min(max(centerX &+ dx &* Int64(width / 8) &* step, -View.centerLimit), View.centerLimit)
        centerY = min(max(centerY &+ dy &* Int64(height / 8) &* step, -View.centerLimit), View.centerLimit)
    }

    /// Halves the step, while there are bits left to halve.
    mutating func zoomIn() {
        guard step >= 2 else { return }
        step /= 2
        zoom += 1
    }

    mutating func zoomOut() {
        guard zoom > View.minZoom else { return }
        step &*= 2
        zoom -= 1
    }

    /// The first iteration at which z leaves the circle of radius 2, or nil when it stays within `limit`.
    @inline(__always)
    static func escapeTime(cr: Int64, ci: Int64, limit: Int) -> Int? {
        var zr: Int64 = 0, zi: Int64 = 0
        for i in 0..<limit {
            let zr2 = (zr &* zr) &>> fractionBits, zi2 = (zi &* zi) &>> fractionBits
            if zr2 &+ zi2 > 4 &* one { return i }
            zi = ((zr &* zi) &>> (fractionBits - 1)) &+ ci
            zr = zr2 &- zi2 &+ cr
        }
        return nil
    }

    /// A 16-color cycle from deep blue through white to orange and brown (0x00RRGGBB).
    static let palette: [UInt32] = [
        0x421E0F, 0x19071A, 0x09012F, 0x040449, 0x000764, 0x0C2C8A, 0x1852B1, 0x397DD1,
        0x86B5E5, 0xD3ECF8, 0xF1E9BF, 0xF8C95F, 0xFFAA00, 0xCC8000, 0x995700, 0x6A3403,
    ]

    static func color(cr: Int64, ci: Int64, limit: Int) -> UInt32 {
        guard let time = escapeTime(cr: cr, ci: ci, limit: limit) else { return 0 }
        return palette[time % palette.count]
    }
}
