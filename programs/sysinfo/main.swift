import WASI

/// The first program `make run` starts: shows that walos works by printing what a WASI program sees of the
/// system (time, arguments, environment, randomness) and listing the root filesystem it was given.
enum Output {
    static func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var iov = wasi_ciovec(buffer: bytes.baseAddress, length: UInt32(bytes.count))
            var written: UInt32 = 0
            _ = wasi_fd_write(1, &iov, 1, &written)
        }
    }

    static func line(_ text: String) { write(text + "\n") }
}

func hex(_ byte: UInt8) -> String {
    let digits: [UInt8] = Array("0123456789abcdef".utf8)
    return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 15)]], as: UTF8.self)
}

/// What listing needs of a directory: path_open, fd_readdir, path_filestat_get, fd_filestat_get. Asking for
/// write rights on a directory is refused (EISDIR).
let listRights: UInt64 = 1 << 13 | 1 << 14 | 1 << 18 | 1 << 21

/// Lists a directory (an open fd) and everything below it.
func list(_ fd: Int32, path: String, depth: Int) {
    var buffer = [UInt8](repeating: 0, count: 4096)
    var cookie: UInt64 = 0
    var names: [(name: [UInt8], type: UInt8)] = []
    while true {
        var used: UInt32 = 0
        let error = buffer.withUnsafeMutableBytes { wasi_fd_readdir(fd, $0.baseAddress, UInt32($0.count), cookie, &used) }
        if error != 0 { Output.line("  (cannot read \(path): error \(error))"); return }
        var offset = 0
        var progressed = false
        while offset + 24 <= Int(used) {
            let next = buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self) }
            let length = Int(buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset + 16, as: UInt32.self) })
            let type = buffer[offset + 20]
            guard offset + 24 + length <= Int(used) else { break }
            let name = Array(buffer[(offset + 24)..<(offset + 24 + length)])
            if name != [46] && name != [46, 46] { names.append((name, type)) }
            cookie = next
            offset += 24 + length
            progressed = true
        }
        if Int(used) < buffer.count || !progressed { break }
    }
    for entry in names {
        let name = String(decoding: entry.name, as: UTF8.self)
        let indent = String(repeating: "  ", count: depth + 1)
        if entry.type == 3 {  // directory
            Output.line("\(indent)\(name)/")
            var child: Int32 = -1
            let error = entry.name.withUnsafeBufferPointer {
                wasi_path_open(fd, 0, $0.baseAddress, UInt32($0.count), 2, listRights, listRights, 0, &child)
            }
            if error == 0 {
                list(child, path: path + name + "/", depth: depth + 1)
                _ = wasi_fd_close(child)
            } else {
                Output.line("\(indent)  (cannot open: error \(error))")
            }
        } else {
            var stat = [UInt64](repeating: 0, count: 8)
            _ = entry.name.withUnsafeBufferPointer { name in
                stat.withUnsafeMutableBytes { wasi_path_filestat_get(fd, 0, name.baseAddress, UInt32(name.count), $0.baseAddress) }
            }
            Output.line("\(indent)\(name)  \(stat[4]) bytes")
        }
    }
}

@_cdecl("__main_argc_argv")
func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    Output.line("walos system information")
    var realtime: UInt64 = 0, monotonic: UInt64 = 0
    _ = wasi_clock_time_get(0, 1, &realtime)
    _ = wasi_clock_time_get(1, 1, &monotonic)
    Output.line("  time:        \(CivilTime(seconds: realtime / 1_000_000_000).text)")
    Output.line("  uptime:      \(monotonic / 1_000_000) ms")
    var count: UInt32 = 0, bytes: UInt32 = 0
    _ = wasi_args_sizes_get(&count, &bytes)
    Output.line("  arguments:   \(count)")
    _ = wasi_environ_sizes_get(&count, &bytes)
    Output.line("  environment: \(count) variables")
    var random = [UInt8](repeating: 0, count: 8)
    _ = random.withUnsafeMutableBytes { wasi_random_get($0.baseAddress, 8) }
    var randomText = ""
    for byte in random { randomText += hex(byte) }
    Output.line("  random:      \(randomText)")

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
        Output.line("files under \(path):")
        list(fd, path: path, depth: 0)
        fd += 1
    }
    return 0
}
