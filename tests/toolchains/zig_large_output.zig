// wasi-args: 16
// wasi-output: large
// Many megabytes on stdout (the argument: how many MiB of xorshift bytes) and a line on stderr: both runtimes
// must deliver every byte in order.
const std = @import("std");
const Io = std.Io;

pub fn main(init: std.process.Init) !void {
    const io = init.io;
    const args = try init.minimal.args.toSlice(init.arena.allocator());
    const mebibytes = try std.fmt.parseInt(usize, args[1], 10);
    var out_buffer: [1 << 16]u8 = undefined;
    var stdout = Io.File.stdout().writer(io, &out_buffer);
    const out = &stdout.interface;
    var state: u64 = 0x2545F4914F6CDD1D;
    var block: [1 << 16]u8 = undefined;
    for (0..mebibytes * 16) |_| {
        for (std.mem.bytesAsSlice(u64, &block)) |*word| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            word.* = state;
        }
        try out.writeAll(&block);
    }
    try out.flush();
    var err_buffer: [64]u8 = undefined;
    var stderr = Io.File.stderr().writer(io, &err_buffer);
    try stderr.interface.print("wrote {d} MiB\n", .{mebibytes});
    try stderr.interface.flush();
}
