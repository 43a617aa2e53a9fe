;; Two memories (multi-memory): WASI reads memory 0, the text starts in memory 1 and is moved across by
;; memory.copy, by byte loads and stores, and after memory.init, memory.fill and memory.grow of memory 1. One data
;; segment's offset is an extended constant expression. Prints what memory 0 receives; wasmtime gives the same.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory $m0 (export "memory") 1)
  (memory $m1 1 4)
  (data (memory $m1) (offset (i32.add (i32.mul (i32.const 8) (i32.const 8)) (i32.const 36))) "two memories\n")
  (data $late "a passive segment into memory 1\n")

  ;; Writes memory 0's bytes [at, at + length) to stdout.
  (func $print (param $at i32) (param $length i32)
    (i32.store $m0 (i32.const 0) (local.get $at))
    (i32.store $m0 (i32.const 4) (local.get $length))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))

  ;; A digit of memory 1's size in pages, then memory 0's, at memory 0's `at`.
  (func $sizes (param $at i32)
    (i32.store8 $m0 (local.get $at) (i32.add (i32.const 48) (memory.size $m1)))
    (i32.store8 $m0 (i32.add (local.get $at) (i32.const 1)) (i32.add (i32.const 48) (memory.size $m0)))
    (i32.store8 $m0 (i32.add (local.get $at) (i32.const 2)) (i32.const 10))
    (call $print (local.get $at) (i32.const 3)))

  (func (export "_start") (local $i i32)
    ;; memory 1 -> memory 0 in one copy.
    (memory.copy $m0 $m1 (i32.const 200) (i32.const 100) (i32.const 13))
    (call $print (i32.const 200) (i32.const 13))
    ;; Byte by byte, upper-cased on the way (a space stays a space).
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (i32.const 13)))
        (i32.store8 $m0 offset=300 (local.get $i)
          (i32.sub (i32.load8_u $m1 offset=100 (local.get $i))
                   (select (i32.const 32) (i32.const 0)
                     (i32.ge_u (i32.load8_u $m1 offset=100 (local.get $i)) (i32.const 97)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (call $print (i32.const 300) (i32.const 13))
    ;; Memory 1 grows by 2 pages (from 1), memory 0 stays at 1.
    (i32.store8 $m0 (i32.const 400) (i32.add (i32.const 48) (memory.grow $m1 (i32.const 2))))
    (call $print (i32.const 400) (i32.const 1))
    (call $sizes (i32.const 410))
    ;; The passive segment into memory 1's new last page, 8 bytes of it overwritten by a fill, then across.
    (memory.init $m1 $late (i32.const 131072) (i32.const 0) (i32.const 32))
    (memory.fill $m1 (i32.const 131074) (i32.const 46) (i32.const 8))
    (memory.copy $m0 $m1 (i32.const 500) (i32.const 131072) (i32.const 32))
    (call $print (i32.const 500) (i32.const 32))
    ;; A 64-bit value through memory 1's last 8 bytes.
    (i64.store $m1 (i32.const 196600) (i64.const 0x0a6b6f2034367469))
    (i64.store $m0 (i32.const 600) (i64.load $m1 (i32.const 196600)))
    (call $print (i32.const 600) (i32.const 8)))
)
