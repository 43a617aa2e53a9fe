;; A memory64 memory of 6 GiB (memory 1), touched only at a few addresses beyond 4 GiB, beside the 32-bit memory
;; 0 that WASI reads. Bytes written at 4 GiB + 16 and at 6 GiB - 16 are copied across and printed, with the
;; memory's size in pages and an out-of-bounds load's trap after the last byte. wasmtime gives the same.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory $m0 (export "memory") 1)
  (memory $big i64 1)

  ;; Writes memory 0's bytes [at, at + length) to stdout.
  (func $print (param $at i32) (param $length i32)
    (i32.store $m0 (i32.const 0) (local.get $at))
    (i32.store $m0 (i32.const 4) (local.get $length))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))

  ;; Prints `value` in decimal and a newline.
  (func $number (param $value i64) (local $at i32)
    (local.set $at (i32.const 120))
    (i32.store8 $m0 (local.get $at) (i32.const 10))
    (loop $digit
      (local.set $at (i32.sub (local.get $at) (i32.const 1)))
      (i32.store8 $m0 (local.get $at) (i32.wrap_i64 (i64.add (i64.const 48) (i64.rem_u (local.get $value) (i64.const 10)))))
      (local.set $value (i64.div_u (local.get $value) (i64.const 10)))
      (br_if $digit (i64.ne (local.get $value) (i64.const 0))))
    (call $print (local.get $at) (i32.sub (i32.const 121) (local.get $at))))

  (func (export "_start")
    ;; 1 page -> 98304 pages (6 GiB); the old size comes back.
    (call $number (memory.grow $big (i64.const 98303)))
    (call $number (memory.size $big))
    ;; Text beyond 4 GiB, by a store, a fill and a copy inside memory 1.
    (i64.store $big offset=0x100000010 (i64.const 0) (i64.const 0x2034362079726f6d))  ;; "mory 64 "
    (memory.fill $big (i64.const 0x100000018) (i32.const 0x2e) (i64.const 3))      ;; "..."
    (i32.store8 $big (i64.const 0x10000001b) (i32.const 10))
    (memory.copy $big $big (i64.const 0x17ffffff0) (i64.const 0x100000010) (i64.const 12))
    (memory.copy $m0 $big (i32.const 200) (i64.const 0x17ffffff0) (i32.const 12))
    (call $print (i32.const 200) (i32.const 12))
    ;; Untouched pages read as zero.
    (call $number (i64.load $big (i64.const 0x140000000)))
    ;; The last byte is in bounds; the next 8-byte load is not, and traps.
    (call $number (i64.load8_u $big (i64.const 0x17fffffff)))
    (drop (i64.load $big (i64.const 0x17ffffff9))))
)
