// wasi-args: 250 10
// A safety check failing in ReleaseSafe Zig (an integer overflow): the panic message on stderr, then a trap.
const std = @import("std");
const Io = std.Io;

pub fn main(init: std.process.Init) !void {
    const io = init.io;
    const args = try init.minimal.args.toSlice(init.arena.allocator());
    var value = try std.fmt.parseInt(u8, args[1], 10);
    const step = try std.fmt.parseInt(u8, args[2], 10);
    var out_buffer: [256]u8 = undefined;
    var stdout = Io.File.stdout().writer(io, &out_buffer);
    while (true) {
        try stdout.interface.print("{d}\n", .{value});
        try stdout.interface.flush();
        value += step;
    }
}
