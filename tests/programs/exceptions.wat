;; Exception handling (WebAssembly 3.0) from a WASI program: a throw caught three calls up with its payload, a
;; catch_all, a cleanup that catches with catch_ref and rethrows with throw_ref, then an exception nothing catches,
;; which ends the program as a trap. Built with wasm-tools (wabt's wat2wasm has no try_table).
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 100) "caught 7 three calls up\n")
  (data (i32.const 200) "catch_all\n")
  (data (i32.const 300) "cleanup runs, rethrows\n")
  (data (i32.const 400) "rethrown 9 caught\n")
  (data (i32.const 500) "throwing one nobody catches\n")
  (tag $failure (param i32))
  (tag $other)

  (func $print (param $at i32) (param $length i32)
    (i32.store (i32.const 0) (local.get $at))
    (i32.store (i32.const 4) (local.get $length))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))

  (func $three (param i32) (throw $failure (local.get 0)))
  (func $two (param i32) (call $three (local.get 0)))
  (func $one (param i32) (call $two (local.get 0)) (unreachable))

  ;; Catches with catch_ref, cleans up, and throws the same exception on.
  (func $with_cleanup (param i32)
    (block $cleanup (result exnref)
      (try_table (catch_all_ref $cleanup) (call $one (local.get 0)))
      (return))
    (call $print (i32.const 300) (i32.const 23))
    (throw_ref))

  (func (export "_start")
    (block $caught (result i32)
      (try_table (catch $failure $caught) (call $one (i32.const 7)))
      (unreachable))
    (if (i32.ne (i32.const 7)) (then (unreachable)))
    (call $print (i32.const 100) (i32.const 24))

    (block $any
      (try_table (catch_all $any) (throw $other))
      (unreachable))
    (call $print (i32.const 200) (i32.const 10))

    (block $rethrown (result i32)
      (try_table (catch $failure $rethrown) (call $with_cleanup (i32.const 9)))
      (unreachable))
    (if (i32.ne (i32.const 9)) (then (unreachable)))
    (call $print (i32.const 400) (i32.const 18))

    (call $print (i32.const 500) (i32.const 28))
    (call $one (i32.const 11))))
