;; Counts to 50 million and exits: a CPU-bound process that ends (scheduler tests run several at once), with work
;; enough under native code for the turns the scheduler gives to show through the host's noise.
(module
  (memory (export "memory") 1)
  (func (export "_start") (local $i i32)
    (loop $next
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (i32.const 50000000))))))
