;; clock-loop without the call, to subtract the loop's own cost: the same instructions around a call to an
;; internal function that does nothing and returns 0.
(module
  (memory (export "memory") 1)
  (func $nothing (param i32 i64 i32) (result i32) (i32.const 0))
  (func (export "_start") (local $i i32)
    (loop $next
      (drop (call $nothing (i32.const 1) (i64.const 1) (i32.const 0)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (i32.const 10000))))))
