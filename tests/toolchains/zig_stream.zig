// wasi-stream: alpha "beta gamma" delta
// Each line of standard input answered as soon as it arrives (stdout flushed per line) while the pipe stays
// open; the end of input ends the program.
const std = @import("std");
const Io = std.Io;

pub fn main(init: std.process.Init) !void {
    const io = init.io;
    var out_buffer: [256]u8 = undefined;
    var stdout = Io.File.stdout().writer(io, &out_buffer);
    const out = &stdout.interface;
    var in_buffer: [256]u8 = undefined;
    var stdin = Io.File.stdin().readerStreaming(io, &in_buffer);
    var count: usize = 0;
    while (try stdin.interface.takeDelimiter('\n')) |line| {
        count += 1;
        try out.print("{d}: {d} bytes: {s}\n", .{ count, line.len, line });
        try out.flush();
    }
    try out.print("end after {d} lines\n", .{count});
    try out.flush();
}
