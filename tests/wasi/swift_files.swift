// wasi-args: first "second arg"
// wasi-env: LANG=C WALOS=yes
// Embedded Swift on raw WASI calls: files, directories, links and their error paths in /scratch (descriptor 4),
// reads from the /sandbox fixture (descriptor 3), arguments, environment, clocks and randomness. Prints one
// line per call with its errno, so walos and wasmtime can be compared line by line.
import WASI

let scratch: Int32 = 4
let sandbox: Int32 = 3
let fileRights: UInt64 = 1 << 1 | 1 << 2 | 1 << 3 | 1 << 4 | 1 << 5 | 1 << 6 | 1 << 21 | 1 << 22
let directoryRights: UInt64 = 1 << 9 | 1 << 10 | 1 << 11 | 1 << 13 | 1 << 14 | 1 << 15 | 1 << 16 | 1 << 17
    | 1 << 18 | 1 << 21 | 1 << 24 | 1 << 25 | 1 << 26 | 1 << 27

func say(_ text: String) {
    var line = text + "\n"
    line.withUTF8 { bytes in
        var iov = wasi_ciovec(buffer: bytes.baseAddress, length: UInt32(bytes.count))
        var written: UInt32 = 0
        _ = wasi_fd_write(1, &iov, 1, &written)
    }
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

func open(_ dir: Int32, _ path: String, oflags: UInt32 = 0, rights: UInt64 = fileRights) -> (UInt16, Int32) {
    var fd: Int32 = -1
    let path = bytes(path)
    let error = path.withUnsafeBufferPointer {
        wasi_path_open(dir, 1, $0.baseAddress, UInt32($0.count), oflags, rights, rights, 0, &fd)
    }
    return (error, fd)
}

func write(_ fd: Int32, _ text: String) -> (UInt16, UInt32) {
    var written: UInt32 = 0
    let data = bytes(text)
    let error = data.withUnsafeBufferPointer { buffer in
        var iov = wasi_ciovec(buffer: buffer.baseAddress, length: UInt32(buffer.count))
        return wasi_fd_write(fd, &iov, 1, &written)
    }
    return (error, written)
}

func read(_ fd: Int32, count: Int, at offset: UInt64? = nil) -> (UInt16, String) {
    var buffer = [UInt8](repeating: 0, count: count)
    var got: UInt32 = 0
    let error = buffer.withUnsafeMutableBufferPointer { b in
        var iov = wasi_iovec(buffer: b.baseAddress, length: UInt32(count))
        if let offset { return wasi_fd_pread(fd, &iov, 1, offset, &got) }
        return wasi_fd_read(fd, &iov, 1, &got)
    }
    return (error, String(decoding: buffer[0..<Int(got)], as: UTF8.self))
}

func withPath<R>(_ path: String, _ body: (UnsafePointer<UInt8>, UInt32) -> R) -> R {
    bytes(path).withUnsafeBufferPointer { body($0.baseAddress!, UInt32($0.count)) }
}

func size(_ fd: Int32) -> (UInt16, UInt64) {
    var stat = [UInt64](repeating: 0, count: 8)
    let error = stat.withUnsafeMutableBytes { wasi_fd_filestat_get(fd, $0.baseAddress) }
    return (error, stat[4])
}

func names(_ dir: Int32) -> String {
    var buffer = [UInt8](repeating: 0, count: 4096)
    var used: UInt32 = 0
    let error = buffer.withUnsafeMutableBytes { wasi_fd_readdir(dir, $0.baseAddress, 4096, 0, &used) }
    if error != 0 { return "errno \(error)" }
    // Names compared as bytes: String comparison would pull in the Unicode tables.
    var found: [[UInt8]] = []
    var offset = 0
    while offset + 24 <= Int(used) {
        let length = Int(buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset + 16, as: UInt32.self) })
        guard offset + 24 + length <= Int(used) else { break }
        let name = Array(buffer[(offset + 24)..<(offset + 24 + length)])
        if name != [46] && name != [46, 46] { found.append(name) }
        offset += 24 + length
    }
    found.sort { $0.lexicographicallyPrecedes($1) }
    var text = ""
    for name in found { text += (text.isEmpty ? "" : " ") + String(decoding: name, as: UTF8.self) }
    return text
}

@_cdecl("__main_argc_argv")
func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count: UInt32 = 0, size_: UInt32 = 0
    say("args_sizes_get \(wasi_args_sizes_get(&count, &size_)): \(count) arguments, \(size_) bytes")
    say("environ_sizes_get \(wasi_environ_sizes_get(&count, &size_)): \(count) variables, \(size_) bytes")

    var first: UInt64 = 0, second: UInt64 = 0
    _ = wasi_clock_time_get(1, 1, &first)
    _ = wasi_clock_time_get(1, 1, &second)
    say("monotonic clock never goes back: \(second >= first)")
    var random = [UInt8](repeating: 0, count: 32)
    let randomError = random.withUnsafeMutableBytes { wasi_random_get($0.baseAddress, 32) }
    say("random_get \(randomError): \(random.contains { $0 != 0 } ? "some nonzero bytes" : "all zero")")

    let (createError, file) = open(scratch, "notes.txt", oflags: 1)
    say("create notes.txt: \(createError)")
    let (writeError, written) = write(file, "hello, walos\n")
    say("write: \(writeError), \(written) bytes")
    var position: UInt64 = 0
    say("tell: \(wasi_fd_tell(file, &position)) at \(position)")
    say("seek to 7: \(wasi_fd_seek(file, 7, 0, &position)) at \(position)")
    let (readError, text) = read(file, count: 5)
    say("read 5: \(readError) \"\(text)\"")
    let (preadError, ptext) = read(file, count: 5, at: 0)
    say("pread 5 at 0: \(preadError) \"\(ptext)\"")
    var pwritten: UInt32 = 0
    let patch = bytes("HELLO")
    let pwriteError = patch.withUnsafeBufferPointer { b in
        var iov = wasi_ciovec(buffer: b.baseAddress, length: 5)
        return wasi_fd_pwrite(file, &iov, 1, 0, &pwritten)
    }
    say("pwrite 5 at 0: \(pwriteError), \(pwritten) bytes")
    let (statError, bytesNow) = size(file)
    say("filestat: \(statError), size \(bytesNow)")
    say("truncate to 5: \(wasi_fd_filestat_set_size(file, 5)), size \(size(file).1)")
    let (_, whole) = read(file, count: 64, at: 0)
    say("contents: \"\(whole)\"")
    say("sync: \(wasi_fd_sync(file))")
    say("close: \(wasi_fd_close(file)), again: \(wasi_fd_close(file))")

    say("mkdir sub: \(withPath("sub") { wasi_path_create_directory(scratch, $0, $1) })")
    say("mkdir sub again: \(withPath("sub") { wasi_path_create_directory(scratch, $0, $1) })")
    say("rename notes.txt to sub/moved.txt: \(withPath("notes.txt") { o, ol in withPath("sub/moved.txt") { wasi_path_rename(scratch, o, ol, scratch, $0, $1) } })")
    say("symlink link -> sub/moved.txt: \(withPath("sub/moved.txt") { t, tl in withPath("link") { wasi_path_symlink(t, tl, scratch, $0, $1) } })")
    var target = [UInt8](repeating: 0, count: 64)
    var used: UInt32 = 0
    let readlinkError = withPath("link") { p, l in target.withUnsafeMutableBufferPointer { wasi_path_readlink(scratch, p, l, $0.baseAddress, 64, &used) } }
    say("readlink link: \(readlinkError) \"\(String(decoding: target[0..<Int(used)], as: UTF8.self))\"")
    let (linkOpenError, viaLink) = open(scratch, "link")
    say("open through link: \(linkOpenError), reads \"\(read(viaLink, count: 64).1)\"")
    _ = wasi_fd_close(viaLink)
    let (dirError, sub) = open(scratch, "sub", oflags: 2, rights: directoryRights)
    say("open sub as directory: \(dirError), lists: \(names(sub))")
    _ = wasi_fd_close(sub)
    say("scratch lists: \(names(scratch))")

    say("open missing: \(open(scratch, "missing.txt").0)")
    say("open outside the sandbox: \(open(scratch, "../escape").0)")
    say("create existing exclusively: \(open(scratch, "link", oflags: 1 | 4).0)")
    say("rmdir non-empty sub: \(withPath("sub") { wasi_path_remove_directory(scratch, $0, $1) })")
    say("unlink a directory: \(withPath("sub") { wasi_path_unlink_file(scratch, $0, $1) })")
    say("unlink link: \(withPath("link") { wasi_path_unlink_file(scratch, $0, $1) })")
    say("unlink sub/moved.txt: \(withPath("sub/moved.txt") { wasi_path_unlink_file(scratch, $0, $1) })")
    say("rmdir sub: \(withPath("sub") { wasi_path_remove_directory(scratch, $0, $1) })")
    say("write to a bad descriptor: \(write(99, "x").0)")
    say("scratch lists at the end: \(names(scratch))")
    let (sandboxError, _) = open(sandbox, "missing-too")
    say("sandbox missing file: \(sandboxError)")
    return 0
}
