/// Every function of wasi_snapshot_preview1, in the order of the specification.
///
/// Where the specification leaves room, the functions answer as wasmtime does (tests/wasi compares the two):
/// errno choices, descriptor numbering, reads and writes of the first non-empty buffer only, sandbox escapes
/// as EPERM. walos keeps to the specification where wasmtime does not: a bad guest pointer is EFAULT (wasmtime
/// traps), undefined enum and flag values are EINVAL (wasmtime ends the program), rights are kept per
/// descriptor and checked (ENOTCAPABLE; a descriptor not open for reading or writing is EBADF, as in POSIX),
/// the CPU-time clocks work, and fd_allocate grows files.
public enum WASIFunctions {
    public static let moduleName = "wasi_snapshot_preview1"

    /// Made once: every process's imports come from it. Never changed after, and its closures capture nothing,
    /// so processors share it safely.
    nonisolated(unsafe) public static let all: [WASIFunction] = {
        [
            WASIFunction("args_get", [.i32, .i32], kind: .own) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in try c.writeStrings(c.arguments, m, a.u32(0), a.u32(1)) }
            },
            WASIFunction("args_sizes_get", [.i32, .i32], kind: .own) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in try c.writeSizes(c.arguments, m, a.u32(0), a.u32(1)) }
            },
            WASIFunction("environ_get", [.i32, .i32], kind: .own) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in try c.writeStrings(c.environment, m, a.u32(0), a.u32(1)) }
            },
            WASIFunction("environ_sizes_get", [.i32, .i32], kind: .own) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in try c.writeSizes(c.environment, m, a.u32(0), a.u32(1)) }
            },
            WASIFunction("clock_res_get", [.i32, .i32], kind: .own) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in try c.clockResolution(m, clock: a.u32(0), into: a.u32(1)) }
            },
            WASIFunction("clock_time_get", [.i32, .i64, .i32], kind: .own) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in try c.clockTime(m, clock: a.u32(0), into: a.u32(2)) }
            },
            WASIFunction("fd_advise", [.i32, .i64, .i64, .i32]) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in try c.fdAdvise(a.u32(0), advice: a.u32(3)) }
            },
            WASIFunction("fd_allocate", [.i32, .i64, .i64]) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in try c.fdAllocate(a.u32(0), offset: a.u64(1), length: a.u64(2)) }
            },
            WASIFunction("fd_close", [.i32], kind: .givesBack) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in try c.descriptors.remove(a.u32(0)) }
            },
            WASIFunction("fd_datasync", [.i32]) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in try c.fdSync(a.u32(0)) }
            },
            WASIFunction("fd_fdstat_get", [.i32, .i32]) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in try c.fdFdstatGet(m, a.u32(0), into: a.u32(1)) }
            },
            WASIFunction("fd_fdstat_set_flags", [.i32, .i32]) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in try c.fdFdstatSetFlags(a.u32(0), flags: a.u32(1)) }
            },
            WASIFunction("fd_fdstat_set_rights", [.i32, .i64, .i64]) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in
                    try c.fdFdstatSetRights(a.u32(0), base: Rights(rawValue: a.u64(1)),
                                            inheriting: Rights(rawValue: a.u64(2)))
                }
            },
            WASIFunction("fd_filestat_get", [.i32, .i32]) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in try c.fdFilestatGet(m, a.u32(0), into: a.u32(1)) }
            },
            WASIFunction("fd_filestat_set_size", [.i32, .i64]) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in try c.fdFilestatSetSize(a.u32(0), size: a.u64(1)) }
            },
            WASIFunction("fd_filestat_set_times", [.i32, .i64, .i64, .i32]) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in
                    try c.fdFilestatSetTimes(a.u32(0), access: a.u64(1), modification: a.u64(2), flags: a.u32(3))
                }
            },
            WASIFunction("fd_pread", [.i32, .i32, .i32, .i64, .i32]) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in
                    try c.fdPread(m, a.u32(0), iovs: a.u32(1), count: a.u32(2), offset: a.u64(3), into: a.u32(4))
                }
            },
            WASIFunction("fd_prestat_get", [.i32, .i32]) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in try c.fdPrestatGet(m, a.u32(0), into: a.u32(1)) }
            },
            WASIFunction("fd_prestat_dir_name", [.i32, .i32, .i32]) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in try c.fdPrestatDirName(m, a.u32(0), into: a.u32(1), count: a.u32(2)) }
            },
            WASIFunction("fd_pwrite", [.i32, .i32, .i32, .i64, .i32]) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in
                    try c.fdPwrite(m, a.u32(0), iovs: a.u32(1), count: a.u32(2), offset: a.u64(3), into: a.u32(4))
                }
            },
            WASIFunction("fd_read", [.i32, .i32, .i32, .i32]) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in try c.fdRead(m, a.u32(0), iovs: a.u32(1), count: a.u32(2), into: a.u32(3)) }
            },
            WASIFunction("fd_readdir", [.i32, .i32, .i32, .i64, .i32]) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in
                    try c.fdReaddir(m, a.u32(0), buffer: a.u32(1), length: a.u32(2), cookie: a.u64(3), into: a.u32(4))
                }
            },
            WASIFunction("fd_renumber", [.i32, .i32]) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in try c.descriptors.renumber(a.u32(0), to: a.u32(1)) }
            },
            WASIFunction("fd_seek", [.i32, .i64, .i32, .i32]) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in
                    try c.fdSeek(m, a.u32(0), offset: Int64(bitPattern: a.u64(1)), whence: a.u32(2), into: a.u32(3))
                }
            },
            WASIFunction("fd_sync", [.i32]) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in try c.fdSync(a.u32(0)) }
            },
            WASIFunction("fd_tell", [.i32, .i32]) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in try c.fdTell(m, a.u32(0), into: a.u32(1)) }
            },
            WASIFunction("fd_write", [.i32, .i32, .i32, .i32]) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in try c.fdWrite(m, a.u32(0), iovs: a.u32(1), count: a.u32(2), into: a.u32(3)) }
            },
            WASIFunction("path_create_directory", [.i32, .i32, .i32]) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in try c.pathCreateDirectory(m, a.u32(0), path: a.u32(1), length: a.u32(2)) }
            },
            WASIFunction("path_filestat_get", [.i32, .i32, .i32, .i32, .i32]) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in
                    try c.pathFilestatGet(m, a.u32(0), flags: a.u32(1), path: a.u32(2), length: a.u32(3), into: a.u32(4))
                }
            },
            WASIFunction("path_filestat_set_times", [.i32, .i32, .i32, .i32, .i64, .i64, .i32]) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in
                    try c.pathFilestatSetTimes(m, a.u32(0), flags: a.u32(1), path: a.u32(2), length: a.u32(3),
                                               access: a.u64(4), modification: a.u64(5), timeFlags: a.u32(6))
                }
            },
            WASIFunction("path_link", [.i32, .i32, .i32, .i32, .i32, .i32, .i32]) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in
                    try c.pathLink(m, a.u32(0), flags: a.u32(1), path: a.u32(2), length: a.u32(3),
                                   to: a.u32(4), path: a.u32(5), length: a.u32(6))
                }
            },
            WASIFunction("path_open", [.i32, .i32, .i32, .i32, .i32, .i64, .i64, .i32, .i32]) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in
                    try c.pathOpen(m, a.u32(0), lookup: a.u32(1), path: a.u32(2), length: a.u32(3), openFlags: a.u32(4),
                                   base: Rights(rawValue: a.u64(5)), inheriting: Rights(rawValue: a.u64(6)),
                                   fdFlags: a.u32(7), into: a.u32(8))
                }
            },
            WASIFunction("path_readlink", [.i32, .i32, .i32, .i32, .i32, .i32]) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in
                    try c.pathReadlink(m, a.u32(0), path: a.u32(1), length: a.u32(2), buffer: a.u32(3),
                                       capacity: a.u32(4), into: a.u32(5))
                }
            },
            WASIFunction("path_remove_directory", [.i32, .i32, .i32]) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in try c.pathRemoveDirectory(m, a.u32(0), path: a.u32(1), length: a.u32(2)) }
            },
            WASIFunction("path_rename", [.i32, .i32, .i32, .i32, .i32, .i32]) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in
                    try c.pathRename(m, a.u32(0), path: a.u32(1), length: a.u32(2), to: a.u32(3), path: a.u32(4),
                                     length: a.u32(5))
                }
            },
            WASIFunction("path_symlink", [.i32, .i32, .i32, .i32, .i32]) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in
                    try c.pathSymlink(m, target: a.u32(0), length: a.u32(1), in: a.u32(2), path: a.u32(3), length: a.u32(4))
                }
            },
            WASIFunction("path_unlink_file", [.i32, .i32, .i32]) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in try c.pathUnlinkFile(m, a.u32(0), path: a.u32(1), length: a.u32(2)) }
            },
            WASIFunction("poll_oneoff", [.i32, .i32, .i32, .i32]) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in
                    try c.pollOneoff(m, subscriptions: a.u32(0), events: a.u32(1), count: a.u32(2), into: a.u32(3))
                }
            },
            WASIFunction("proc_exit", [.i32], returnsErrno: false, kind: .givesBack) { c, _, s in
                let code = Arguments(slots: s).u32(0)
                c.exitCode = code
                return .exit(code)
            },
            WASIFunction("proc_raise", [.i32]) { _, _, _ in .errno(.notSupported) },
            WASIFunction("sched_yield", [], kind: .own) { c, _, _ in
                c.host.yield()
                return .errno(.success)
            },
            WASIFunction("random_get", [.i32, .i32]) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in c.host.random(try m.slice(at: a.u32(0), count: a.u32(1))) }
            },
            WASIFunction("sock_accept", [.i32, .i32, .i32]) { c, _, s in
                outcome { () throws(Errno) in try c.socketCall(Arguments(slots: s).u32(0)) }
            },
            WASIFunction("sock_recv", [.i32, .i32, .i32, .i32, .i32, .i32]) { c, _, s in
                outcome { () throws(Errno) in try c.socketCall(Arguments(slots: s).u32(0)) }
            },
            WASIFunction("sock_send", [.i32, .i32, .i32, .i32, .i32]) { c, _, s in
                outcome { () throws(Errno) in try c.socketCall(Arguments(slots: s).u32(0)) }
            },
            WASIFunction("sock_shutdown", [.i32, .i32]) { c, _, s in
                outcome { () throws(Errno) in try c.socketCall(Arguments(slots: s).u32(0)) }
            },
        ]
    }()
}
