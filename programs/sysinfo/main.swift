import WASI

// The first program `make run` starts: shows that walos works by printing what a WASI program sees of the
// system (time, arguments, environment, randomness) and listing the root filesystem it was given.

func hex(_ byte: UInt8) -> String {
    let digits: [UInt8] = Array("0123456789abcdef".utf8)
    return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 15)]], as: UTF8.self)
}

/// What listing needs of a directory: path_open, fd_readdir, path_filestat_get, fd_filestat_get. Asking for
/// write rights on a directory is refused (EISDIR).
let listRights: UInt64 = 1 << 13 | 1 << 14 | 1 << 18 | 1 << 21

/// Lists a directory (an open fd) and everything below it.
func list(_ fd: Int32, path: String, depth: Int) {
    let (names, error) = Files.entries(of: fd)
    if error != 0 { Stream.output.line("  (cannot read \(path): error \(error))"); return }
    for entry in names {
        let name = entry.name
        let indent = String(repeating: "  ", count: depth + 1)
        if entry.type == 3 {  // directory
            Stream.output.line("\(indent)\(name)/")
            var child: Int32 = -1
            let error = Array(name.utf8).withUnsafeBufferPointer {
                wasi_path_open(fd, 0, $0.baseAddress, UInt32($0.count), 2, listRights, listRights, 0, &child)
            }
            if error == 0 {
                list(child, path: path + name + "/", depth: depth + 1)
                _ = wasi_fd_close(child)
            } else {
                Stream.output.line("\(indent)  (cannot open: error \(error))")
            }
        } else {
            var stat = [UInt64](repeating: 0, count: 8)
            _ = Array(name.utf8).withUnsafeBufferPointer { name in
                stat.withUnsafeMutableBytes { wasi_path_filestat_get(fd, 0, name.baseAddress, UInt32(name.count), $0.baseAddress) }
            }
            Stream.output.line("\(indent)\(name)  \(stat[4]) bytes")
        }
    }
}

@_cdecl("__main_argc_argv")
func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    Stream.output.line("walos system information")
    var realtime: UInt64 = 0, monotonic: UInt64 = 0
    _ = wasi_clock_time_get(0, 1, &realtime)
    _ = wasi_clock_time_get(1, 1, &monotonic)
    Stream.output.line("  time:        \(CivilTime(seconds: realtime / 1_000_000_000).text)")
    Stream.output.line("  uptime:      \(monotonic / 1_000_000) ms")
    var count: UInt32 = 0, bytes: UInt32 = 0
    _ = wasi_args_sizes_get(&count, &bytes)
    Stream.output.line("  arguments:   \(count)")
    _ = wasi_environ_sizes_get(&count, &bytes)
    Stream.output.line("  environment: \(count) variables")
    var random = [UInt8](repeating: 0, count: 8)
    _ = random.withUnsafeMutableBytes { wasi_random_get($0.baseAddress, 8) }
    var randomText = ""
    for byte in random { randomText += hex(byte) }
    Stream.output.line("  random:      \(randomText)")

    var fd: Int32 = 3
    while true {
        var prestat: (UInt32, UInt32) = (0, 0)
        let error = withUnsafeMutablePointer(to: &prestat) {
            $0.withMemoryRebound(to: UInt32.self, capacity: 2) { wasi_fd_prestat_get(fd, $0) }
        }
        if error != 0 { break }
        var name = [UInt8](repeating: 0, count: Int(prestat.1))
        _ = name.withUnsafeMutableBufferPointer { wasi_fd_prestat_dir_name(fd, $0.baseAddress, UInt32($0.count)) }
        let path = String(decoding: name, as: UTF8.self)
        Stream.output.line("files under \(path):")
        list(fd, path: path, depth: 0)
        fd += 1
    }
    return 0
}
