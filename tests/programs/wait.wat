;; Waits in poll_oneoff and never gets past it in a test: with no argument on a relative monotonic clock of
;; 2^63 ns, with the argument "stdin" until standard input is readable. Then exits 0.
(module
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  ;; 0: argc, 4: argv size, 64: the subscription (48 bytes), 128: the event (32 bytes), 192: events written
  (func (export "_start")
    (drop (call $args_sizes (i32.const 0) (i32.const 4)))
    (if (i32.ge_u (i32.load (i32.const 0)) (i32.const 2))
      (then
        (i32.store8 (i32.const 72) (i32.const 1))      ;; fd_read
        (i32.store (i32.const 80) (i32.const 0)))      ;; on descriptor 0
      (else
        (i32.store8 (i32.const 72) (i32.const 0))      ;; clock
        (i32.store (i32.const 80) (i32.const 1))       ;; monotonic
        (i64.store (i32.const 88) (i64.const 0x8000000000000000))))
    (drop (call $poll (i32.const 64) (i32.const 128) (i32.const 1) (i32.const 192)))))
