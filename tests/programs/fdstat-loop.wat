;; Calls fd_fdstat_get on stdout 10000 times: the cost of a WASI call that enters the kernel's shared state (the
;; big kernel lock, a descriptor lookup, a 24-byte result) and does little else (make bench).
(module
  (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $fdstat (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start") (local $i i32)
    (loop $next
      (drop (call $fdstat (i32.const 1) (i32.const 0)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (i32.const 10000))))))
