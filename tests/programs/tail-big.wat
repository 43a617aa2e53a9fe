;; Prints the last 16 bytes of big.bin in the directory preopened as /data (descriptor 3), read in 64 KiB
;; pieces from 8 MiB before its end: a file larger than the boot archive or memory, read through --dir.
(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_seek" (func $fd_seek (param i32 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 2)
  (data (i32.const 100) "big.bin")
  (func (export "_start") (local $error i32) (local $fd i32) (local $last i32)
    ;; Rights: fd_read (2) and fd_seek (4).
    (local.set $error (call $path_open (i32.const 3) (i32.const 0) (i32.const 100) (i32.const 7) (i32.const 0)
      (i64.const 6) (i64.const 0) (i32.const 0) (i32.const 200)))
    (if (local.get $error) (then (call $exit (i32.add (i32.const 10) (local.get $error)))))
    (local.set $fd (i32.load (i32.const 200)))
    ;; whence 2: from the end.
    (local.set $error (call $fd_seek (local.get $fd) (i64.const -8388608) (i32.const 2) (i32.const 208)))
    (if (local.get $error) (then (call $exit (i32.add (i32.const 100) (local.get $error)))))
    (i32.store (i32.const 0) (i32.const 65536))
    (i32.store (i32.const 4) (i32.const 65536))
    (block $end
      (loop $more
        (local.set $error (call $fd_read (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 16)))
        (if (local.get $error) (then (call $exit (i32.add (i32.const 200) (local.get $error)))))
        (br_if $end (i32.eqz (i32.load (i32.const 16))))
        (local.set $last (i32.load (i32.const 16)))
        (br $more)))
    (if (i32.lt_u (local.get $last) (i32.const 16)) (then (call $exit (i32.const 3))))
    (i32.store (i32.const 0) (i32.add (i32.const 65520) (local.get $last)))
    (i32.store (i32.const 4) (i32.const 16))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 16)))))
