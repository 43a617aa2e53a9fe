;; Writes N blocks of 64 KiB to standard output (N: its first argument, in decimal; 1 without one): byte k of
;; the stream is k mod 251, so a reader can check every byte and a lost or repeated piece shows; exits 0. The
;; pattern is laid out once, so the time goes to the output path, not to making the bytes.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (memory (export "memory") 3)
  ;; 0: iovec, 8: written, 16: argc, 20: argv size, 1024: argv pointers, 2048: argv strings,
  ;; 65536: the pattern (64 KiB + 251 bytes)
  (func $count (result i32) (local $p i32) (local $n i32) (local $c i32)
    (drop (call $args_sizes (i32.const 16) (i32.const 20)))
    (if (i32.lt_u (i32.load (i32.const 16)) (i32.const 2)) (then (return (i32.const 1))))
    (drop (call $args_get (i32.const 1024) (i32.const 2048)))
    (local.set $p (i32.load (i32.const 1028)))
    (block $done (loop $digit
      (local.set $c (i32.load8_u (local.get $p)))
      (br_if $done (i32.lt_u (local.get $c) (i32.const 48)))
      (br_if $done (i32.gt_u (local.get $c) (i32.const 57)))
      (local.set $n (i32.add (i32.mul (local.get $n) (i32.const 10)) (i32.sub (local.get $c) (i32.const 48))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $digit)))
    (local.get $n))
  (func (export "_start") (local $blocks i32) (local $b i32) (local $i i32) (local $at i32) (local $left i32)
    (local.set $blocks (call $count))
    (loop $fill
      (i32.store8 (i32.add (i32.const 65536) (local.get $i)) (i32.rem_u (local.get $i) (i32.const 251)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $fill (i32.lt_u (local.get $i) (i32.const 65787))))
    (block $end (loop $block
      (br_if $end (i32.ge_u (local.get $b) (local.get $blocks)))
      ;; Block b starts at stream offset b * 65536, whose pattern value is (b * 65536) mod 251.
      (local.set $at (i32.add (i32.const 65536)
                              (i32.wrap_i64 (i64.rem_u (i64.mul (i64.extend_i32_u (local.get $b)) (i64.const 65536))
                                                       (i64.const 251)))))
      (local.set $left (i32.const 65536))
      (loop $write
        (i32.store (i32.const 0) (local.get $at))
        (i32.store (i32.const 4) (local.get $left))
        (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
        (local.set $at (i32.add (local.get $at) (i32.load (i32.const 8))))
        (local.set $left (i32.sub (local.get $left) (i32.load (i32.const 8))))
        (br_if $write (local.get $left)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $block)))))
