// wasi-args: 3
// An error returned from Zig's main: its name on stderr and status 1, after what was printed before.
const std = @import("std");
const Io = std.Io;

fn countdown(out: *Io.Writer, from: u32) !void {
    var left = from;
    while (left > 0) : (left -= 1) try out.print("{d}...\n", .{left});
    return error.LaunchAborted;
}

pub fn main(init: std.process.Init) !void {
    const io = init.io;
    const args = try init.minimal.args.toSlice(init.arena.allocator());
    var out_buffer: [256]u8 = undefined;
    var stdout = Io.File.stdout().writer(io, &out_buffer);
    defer stdout.interface.flush() catch {};
    try countdown(&stdout.interface, try std.fmt.parseInt(u32, args[1], 10));
}
