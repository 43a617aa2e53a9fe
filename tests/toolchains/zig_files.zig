// Zig's std.Io on WASI: the preopens by name, directories created, opened and listed, files written, read back,
// appended to, renamed and deleted, and the errors each step gives.
const std = @import("std");
const Io = std.Io;
const support = @import("support/support.zig");
const outcome = support.outcome;

fn sortedListing(io: Io, gpa: std.mem.Allocator, dir: Io.Dir, path: []const u8) ![][]const u8 {
    var opened = try dir.openDir(io, path, .{ .iterate = true });
    defer opened.close(io);
    var names: std.ArrayList([]const u8) = .empty;
    var entries = opened.iterate();
    while (try entries.next(io)) |entry| {
        const tag: []const u8 = switch (entry.kind) {
            .directory => "/",
            .sym_link => "@",
            else => "",
        };
        try names.append(gpa, try std.fmt.allocPrint(gpa, "{s}{s}", .{ entry.name, tag }));
    }
    support.sortStrings(names.items);
    return names.items;
}

fn show(out: *Io.Writer, label: []const u8, names: []const []const u8) !void {
    try out.print("{s}:", .{label});
    for (names) |name| try out.print(" {s}", .{name});
    try out.writeAll("\n");
}

pub fn main(init: std.process.Init) !void {
    const io = init.io;
    const arena = init.arena.allocator();
    var buffer: [4096]u8 = undefined;
    var stdout = Io.File.stdout().writer(io, &buffer);
    const out = &stdout.interface;

    const sandbox = init.preopens.get("/sandbox").?.dir;
    const scratch = init.preopens.get("/scratch").?.dir;

    try scratch.createDir(io, "made", .default_dir);
    try scratch.createDirPath(io, "made/x/y/z");
    var made = try scratch.openDir(io, "made", .{});
    defer made.close(io);
    {
        var file = try made.createFile(io, "log.txt", .{});
        defer file.close(io);
        var file_buffer: [64]u8 = undefined;
        var writer = file.writer(io, &file_buffer);
        for (0..500) |i| try writer.interface.print("entry {d} {x}\n", .{ i, i * i });
        try writer.interface.flush();
    }
    try made.writeFile(io, .{ .sub_path = "x/y/z/leaf.txt", .data = "leaf data" });
    try show(out, "made", try sortedListing(io, arena, scratch, "made"));

    const log = try made.readFileAlloc(io, "log.txt", arena, .unlimited);
    const stat = try made.statFile(io, "log.txt", .{});
    const last_line = log[std.mem.lastIndexOfScalar(u8, log[0 .. log.len - 1], '\n').? + 1 .. log.len - 1];
    try out.print("log.txt: {d} bytes read, stat size {d}, kind {t}, last line {s}\n", .{
        log.len, stat.size, stat.kind, last_line,
    });
    {
        var file = try made.openFile(io, "log.txt", .{ .mode = .read_write });
        defer file.close(io);
        try file.writePositionalAll(io, "ENTRY", 0);
        try file.setLength(io, 100);
        var part: [16]u8 = undefined;
        const count = try file.readPositionalAll(io, &part, 90);
        try out.print("after overwrite and truncate: {d} bytes, {any}\n", .{ try file.length(io), part[0..count] });
    }

    try made.rename("log.txt", made, "x/renamed.txt", io);
    try show(out, "after rename", try sortedListing(io, arena, made, "x"));
    try out.print("createDir again: {s}\n", .{outcome(scratch.createDir(io, "made", .default_dir))});
    try out.print("deleteDir of a full one: {s}\n", .{outcome(made.deleteDir(io, "x"))});
    try out.print("deleteFile of a missing one: {s}\n", .{outcome(made.deleteFile(io, "missing"))});
    try made.deleteTree(io, "x");
    try show(out, "after deleteTree", try sortedListing(io, arena, scratch, "made"));

    try show(out, "sandbox", try sortedListing(io, arena, sandbox, "."));
    try show(out, "sandbox/sub", try sortedListing(io, arena, sandbox, "sub"));
    try out.print("hello.txt: {s}", .{try sandbox.readFileAlloc(io, "hello.txt", arena, .unlimited)});
    try out.print("through a link: {s}", .{try sandbox.readFileAlloc(io, "link_to_sub/inner.txt", arena, .unlimited)});
    var link: [64]u8 = undefined;
    const link_length = try sandbox.readLink(io, "link_to_hello", &link);
    try out.print("link_to_hello -> {s}\n", .{link[0..link_length]});
    try out.print("missing: {s}\n", .{outcome(sandbox.openFile(io, "missing.txt", .{}))});
    try out.print("escaping: {s}\n", .{outcome(sandbox.openFile(io, "../outside", .{}))});
    try out.print("a loop: {s}\n", .{outcome(sandbox.openFile(io, "loop_a", .{}))});
    try out.flush();
}
