import WASI

/// Paths as a person types them, reached through the preopened directories. WASI has no working directory, so
/// walos's shell exports it as PWD and its programs resolve relative paths against that; an absolute path is
/// opened below the preopen with the longest name that leads to it.
enum Path {
    /// Every right a descriptor may carry; walos treats rights as advisory (as wasmtime does today).
    static let allRights: UInt64 = (1 << 29) - 1

    static func lastComponent(_ path: String) -> String {
        let components = path.split(separator: "/")
        return components.last.map { String($0) } ?? path
    }

    /// `path` made absolute against `directory` (PWD) and without `.`, `..` or repeated slashes.
    static func absolute(_ path: String, from directory: String = ProgramContext.variable("PWD") ?? "/") -> String {
        var components: [String] = []
        let whole = path.hasPrefix("/") ? path : directory + "/" + path
        for component in whole.split(separator: "/") {
            if component == "." { continue }
            if component == ".." { if !components.isEmpty { components.removeLast() }; continue }
            components.append(String(component))
        }
        var result = ""
        for component in components { result += "/" + component }
        return result.isEmpty ? "/" : result
    }

    /// The preopens: descriptor and guest name, from fd 3 until the first that is not one.
    static let preopens: [(fd: Int32, name: String)] = {
        var result: [(fd: Int32, name: String)] = []
        var fd: Int32 = 3
        while true {
            var prestat = (UInt32(0), UInt32(0))
            let errno = withUnsafeMutableBytes(of: &prestat) {
                wasi_fd_prestat_get(fd, $0.baseAddress!.assumingMemoryBound(to: UInt32.self))
            }
            guard errno == 0 else { break }
            var name = [UInt8](repeating: 0, count: Int(prestat.1))
            _ = name.withUnsafeMutableBufferPointer { wasi_fd_prestat_dir_name(fd, $0.baseAddress, UInt32($0.count)) }
            result.append((fd, absolute(String(decoding: name, as: UTF8.self), from: "/")))
            fd += 1
        }
        return result
    }()

    /// The preopen of the whole filesystem ("/"), if the program has one.
    static var rootPreopen: Int32? { preopens.first { $0.name == "/" }?.fd }

    /// The preopen an absolute path lies below, and the path relative to it ("." for the preopen itself).
    static func locate(_ absolutePath: String) -> (directory: Int32, relative: String)? {
        var best: (Int32, String, Int)? = nil
        for preopen in preopens {
            let name = preopen.name
            let inside = name == "/" || absolutePath == name || absolutePath.hasPrefix(name + "/")
            guard inside, best.map({ name.utf8.count > $0.2 }) ?? true else { continue }
            var rest = name == "/" ? String(absolutePath.dropFirst()) : String(absolutePath.dropFirst(name.utf8.count))
            while rest.hasPrefix("/") { rest.removeFirst() }
            best = (preopen.fd, rest.isEmpty ? "." : rest, name.utf8.count)
        }
        return best.map { ($0.0, $0.1) }
    }

    /// Opens what `path` names (oflags: 1 create, 2 directory, 4 exclusive, 8 truncate; fdflags: 1 append),
    /// for writing only when asked (FD_WRITE is the access mode, and directories refuse it).
    static func open(_ path: String, oflags: UInt32 = 0, fdflags: UInt32 = 0, write: Bool = false, follow: Bool = true)
        -> (fd: Int32, errno: UInt16) {
        let rights = write ? allRights : allRights & ~(1 << 6)
        guard let (directory, relative) = locate(absolute(path)) else { return (-1, 44) }  // ENOENT
        var opened: Int32 = -1
        var bytes = Array(relative.utf8)
        let errno = bytes.withUnsafeMutableBufferPointer {
            wasi_path_open(directory, follow ? 1 : 0, $0.baseAddress, UInt32($0.count), oflags, rights, rights,
                           fdflags, &opened)
        }
        return (opened, errno)
    }

    /// Runs `body` with the preopen and relative path `path` names; ENOENT when no preopen leads there.
    static func at(_ path: String, _ body: (Int32, UnsafeBufferPointer<UInt8>) -> UInt16) -> UInt16 {
        guard let (directory, relative) = locate(absolute(path)) else { return 44 }
        return Array(relative.utf8).withUnsafeBufferPointer { body(directory, $0) }
    }

    /// What `path` names (path_filestat_get): file type and size.
    static func status(_ path: String, follow: Bool = true) -> (type: UInt8, size: UInt64)? {
        var stat = [UInt64](repeating: 0, count: 8)
        let errno = at(path) { directory, relative in
            stat.withUnsafeMutableBytes {
                wasi_path_filestat_get(directory, follow ? 1 : 0, relative.baseAddress, UInt32(relative.count), $0.baseAddress)
            }
        }
        return errno == 0 ? (UInt8(truncatingIfNeeded: stat[2]), stat[4]) : nil
    }
}

/// WASI errno names for messages, the ones a file or process tool meets.
func describe(_ errno: UInt16) -> String {
    switch errno {
    case 2: return "permission denied"
    case 8: return "bad file descriptor"
    case 14: return "connection refused"
    case 20: return "file exists"
    case 28: return "invalid argument"
    case 31: return "is a directory"
    case 37: return "name too long"
    case 44: return "no such file or directory"
    case 48: return "not enough memory"
    case 51: return "no space left"
    case 54: return "not a directory"
    case 55: return "directory not empty"
    case 63: return "not permitted"
    case 64: return "broken pipe"
    case 71: return "no such process"
    default: return "error \(errno)"
    }
}
