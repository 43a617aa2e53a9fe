// wasi-stdin: some input\nsecond line\n
// Zig's std.Io at its edges: what the standard streams say they are, stdin through the positional reader (which
// falls back to streaming), a directory walk, copies, links, and the error of every wrong-kind operation.
// (No access times: the host's own filesystem updates those under wasmtime as its mount options say.)
const std = @import("std");
const Io = std.Io;
const support = @import("support/support.zig");
const outcome = support.outcome;

pub fn main(init: std.process.Init) !void {
    const io = init.io;
    const arena = init.arena.allocator();
    var buffer: [4096]u8 = undefined;
    var stdout = Io.File.stdout().writer(io, &buffer);
    const out = &stdout.interface;
    defer out.flush() catch {};
    const sandbox = init.preopens.get("/sandbox").?.dir;
    const scratch = init.preopens.get("/scratch").?.dir;

    for ([_]Io.File{ .stdin(), .stdout(), .stderr() }, 0..) |file, fd| {
        const stat = try file.stat(io);
        try out.print("fd {d}: kind {t}, size {d}, tty {}\n", .{ fd, stat.kind, stat.size, try file.isTty(io) });
    }
    var in_buffer: [8]u8 = undefined;
    var stdin = Io.File.stdin().reader(io, &in_buffer);
    const input = try stdin.interface.allocRemaining(arena, .unlimited);
    try out.print("stdin: {d} bytes: {s}", .{ input.len, input });

    var sub = try sandbox.openDir(io, "sub", .{ .iterate = true });
    defer sub.close(io);
    var walker = try sub.walk(arena);
    var paths: std.ArrayList([]const u8) = .empty;
    while (try walker.next(io)) |entry| {
        try paths.append(arena, try std.fmt.allocPrint(arena, "{s} ({t})", .{ entry.path, entry.kind }));
    }
    support.sortStrings(paths.items);
    for (paths.items) |path| try out.print("walk: {s}\n", .{path});

    try out.print("copyFile: {s}\n", .{outcome(sandbox.copyFile("hello.txt", scratch, "copy.txt", io, .{}))});
    try out.print("copy: {s}", .{try scratch.readFileAlloc(io, "copy.txt", arena, .unlimited)});
    try out.print("symLink: {s}\n", .{outcome(scratch.symLink(io, "copy.txt", "link", .{}))});
    var target: [64]u8 = undefined;
    try out.print("link -> {s}\n", .{target[0..try scratch.readLink(io, "link", &target)]});
    try out.print("readFileAlloc of the link: {s}\n", .{outcome(scratch.readFileAlloc(io, "link", arena, .unlimited))});
    try out.print("hardLink: {s}\n", .{outcome(scratch.hardLink("copy.txt", scratch, "hard", io, .{}))});
    const hard = try scratch.statFile(io, "hard", .{});
    try out.print("hard: {d} links, {d} bytes\n", .{ hard.nlink, hard.size });
    const hello = try sandbox.statFile(io, "hello.txt", .{});
    try out.print("hello.txt modified at {d} ns\n", .{hello.mtime.nanoseconds});

    var path: [256]u8 = undefined;
    try out.print("realPathFile: {s}\n", .{outcome(sandbox.realPathFile(io, "sub/inner.txt", &path))});
    try out.print("access: {s}\n", .{outcome(sandbox.access(io, "hello.txt", .{}))});
    try out.print("access to a missing file: {s}\n", .{outcome(sandbox.access(io, "nope", .{}))});
    try out.print("deleteDir of a file: {s}\n", .{outcome(sandbox.deleteDir(io, "hello.txt"))});
    try out.print("deleteFile of a directory: {s}\n", .{outcome(sandbox.deleteFile(io, "sub"))});
    try out.print("openDir of a file: {s}\n", .{outcome(sandbox.openDir(io, "hello.txt", .{}))});
    const exclusive = sandbox.createFile(io, "hello.txt", .{ .exclusive = true });
    try out.print("exclusive createFile of a file: {s}\n", .{outcome(exclusive)});
    const over_directory = scratch.rename("copy.txt", sandbox, "emptydir", io);
    try out.print("rename a file over a directory: {s}\n", .{outcome(over_directory)});
    try out.print("rename over a full directory: {s}\n", .{outcome(sandbox.rename("emptydir", sandbox, "sub", io))});
    const into_itself = sandbox.rename("sub", sandbox, "sub/deeper/x", io);
    try out.print("rename a directory into itself: {s}\n", .{outcome(into_itself)});
    try out.print("open a dangling link: {s}\n", .{outcome(sandbox.openFile(io, "dangling", .{}))});
    try out.print("open an absolute link: {s}\n", .{outcome(sandbox.openFile(io, "absolute_link", .{}))});
    try out.print("a file with a trailing slash: {s}\n", .{outcome(sandbox.openFile(io, "hello.txt/", .{}))});
    try out.print("read a directory as a file: {s}\n", .{outcome(sandbox.readFileAlloc(io, "sub", arena, .unlimited))});
}
