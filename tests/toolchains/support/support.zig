//! What the Zig test programs share.
const std = @import("std");

/// "ok", or the name of the error a step gave.
pub fn outcome(result: anytype) []const u8 {
    if (result) |_| return "ok" else |err| return @errorName(err);
}

/// Sorts strings bytewise: a listing then reads the same whatever order the directory gave.
pub fn sortStrings(items: [][]const u8) void {
    std.mem.sort([]const u8, items, {}, lessThan);
}

fn lessThan(_: void, a: []const u8, b: []const u8) bool {
    return std.mem.lessThan(u8, a, b);
}
