// wasi-args: 4000
// Allocation-heavy Zig: a string hash map of many keys, each holding a growing list, half of them removed and
// put back, then one list grown to many megabytes (the memory grows page by page) and freed, all through the
// general-purpose allocator std gives main; a checksum of everything, so both runtimes must agree.
const std = @import("std");
const Io = std.Io;

pub fn main(init: std.process.Init) !void {
    const io = init.io;
    const gpa = init.gpa;
    var out_buffer: [256]u8 = undefined;
    var stdout = Io.File.stdout().writer(io, &out_buffer);
    const out = &stdout.interface;
    const args = try init.minimal.args.toSlice(init.arena.allocator());
    const count = try std.fmt.parseInt(usize, args[1], 10);

    var map: std.StringHashMapUnmanaged(std.ArrayList(u32)) = .empty;
    defer {
        var entries = map.iterator();
        while (entries.next()) |entry| {
            gpa.free(entry.key_ptr.*);
            entry.value_ptr.deinit(gpa);
        }
        map.deinit(gpa);
    }
    var prng = std.Random.DefaultPrng.init(0x5eed);
    const random = prng.random();
    for (0..count) |i| {
        const key = try std.fmt.allocPrint(gpa, "key-{d}-{x}", .{ i, random.int(u32) });
        var list: std.ArrayList(u32) = .empty;
        for (0..random.uintLessThan(usize, 40)) |_| try list.append(gpa, random.int(u32));
        const slot = try map.getOrPut(gpa, key);
        if (slot.found_existing) {
            gpa.free(key);
            slot.value_ptr.deinit(gpa);
        }
        slot.value_ptr.* = list;
    }
    try out.print("{d} keys\n", .{map.count()});

    var removed: std.ArrayList([]const u8) = .empty;
    defer removed.deinit(gpa);
    var keys = map.keyIterator();
    while (keys.next()) |key| {
        if (key.*[key.len - 1] % 2 == 0) try removed.append(gpa, key.*);
    }
    for (removed.items) |key| {
        var entry = map.fetchRemove(key).?;
        entry.value.deinit(gpa);
        gpa.free(entry.key);
    }
    try out.print("{d} removed, {d} left\n", .{ removed.items.len, map.count() });
    for (0..removed.items.len) |i| {
        const key = try std.fmt.allocPrint(gpa, "again-{d}", .{i});
        var list: std.ArrayList(u32) = .empty;
        try list.appendNTimes(gpa, @intCast(i), i % 17);
        try map.put(gpa, key, list);
    }

    var sum: u64 = 0;
    var entries = map.iterator();
    while (entries.next()) |entry| {
        sum +%= std.hash.Wyhash.hash(0, entry.key_ptr.*);
        for (entry.value_ptr.items) |value| sum +%= value;
    }
    try out.print("{d} keys, checksum {x}\n", .{ map.count(), sum });

    var big: std.ArrayList(u64) = .empty;
    defer big.deinit(gpa);
    for (0..1 << 18) |i| try big.append(gpa, @as(u64, i) *% 0x9E3779B97F4A7C15);
    var total: u64 = 0;
    for (big.items) |value| total +%= value >> 7;
    try out.print("{d} words ({d} MiB), sum {x}\n", .{ big.items.len, big.items.len * 8 >> 20, total });
    big.clearAndFree(gpa);
    const again = try gpa.alloc(u8, 4 << 20);
    defer gpa.free(again);
    @memset(again, 0xA5);
    try out.print("4 MiB again, last byte {x}\n", .{again[again.len - 1]});
    try out.flush();
}
