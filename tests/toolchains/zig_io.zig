// wasi-args: first "two words" --flag=3 "" "ü 日本" "a'b" 'a"b' -- -x '$HOME'
// wasi-env: LANG=C.UTF-8 GREETING=hello EMPTY= PATH=/bin:/usr/bin "UNI=日本語 ü" EQ=a=b=c
// wasi-stdin: the quick brown fox\njumps over\n\nthe lazy dog\r\nnul\x00inside\nlast line without a newline
// Zig's std: arguments, the environment map, and standard input read line by line (a word count, each line
// reversed), stdout and stderr written separately.
const std = @import("std");
const Io = std.Io;
const support = @import("support/support.zig");

pub fn main(init: std.process.Init) !void {
    const io = init.io;
    const arena = init.arena.allocator();
    var out_buffer: [1024]u8 = undefined;
    var stdout = Io.File.stdout().writer(io, &out_buffer);
    const out = &stdout.interface;

    const args = try init.minimal.args.toSlice(arena);
    try out.print("{d} args:", .{args.len});
    for (args) |arg| try out.print(" [{s}]", .{arg});
    try out.writeAll("\n");

    const keys = try arena.dupe([]const u8, init.environ_map.keys());
    support.sortStrings(keys);
    for (keys) |key| try out.print("env {s}=[{s}]\n", .{ key, init.environ_map.get(key).? });
    try out.print("MISSING is {s}\n", .{if (init.environ_map.get("MISSING") == null) "unset" else "set"});

    var in_buffer: [256]u8 = undefined;
    var stdin = Io.File.stdin().readerStreaming(io, &in_buffer);
    var lines: usize = 0;
    var words: usize = 0;
    var bytes: usize = 0;
    while (try stdin.interface.takeDelimiter('\n')) |line| {
        lines += 1;
        bytes += line.len;
        var tokens = std.mem.tokenizeScalar(u8, line, ' ');
        while (tokens.next()) |_| words += 1;
        const reversed = try arena.dupe(u8, line);
        std.mem.reverse(u8, reversed);
        try out.print("{d}: {s}\n", .{ lines, reversed });
    }
    try out.flush();

    var err_buffer: [128]u8 = undefined;
    var stderr = Io.File.stderr().writer(io, &err_buffer);
    try stderr.interface.print("{d} lines, {d} words, {d} bytes\n", .{ lines, words, bytes });
    try stderr.interface.flush();
}
