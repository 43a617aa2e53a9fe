;; Tail calls: loops of a million steps as return_call recursion and as return_call_indirect mutual recursion,
;; far deeper than any call stack, and output through a return_call to the imported fd_write. Prints the sum of
;; 1..1,000,000 and whether 1,000,001 is even; wasmtime gives the same.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (type $parity (func (param i64) (result i64)))
  (table 2 funcref)
  (elem (i32.const 0) $even $odd)

  (func $sum (param $n i64) (param $total i64) (result i64)
    (if (result i64) (i64.eqz (local.get $n))
      (then (local.get $total))
      (else (return_call $sum (i64.sub (local.get $n) (i64.const 1))
                              (i64.add (local.get $total) (local.get $n))))))

  (func $even (param $n i64) (result i64)
    (if (result i64) (i64.eqz (local.get $n))
      (then (i64.const 1))
      (else (return_call_indirect (type $parity) (i64.sub (local.get $n) (i64.const 1)) (i32.const 1)))))

  (func $odd (param $n i64) (result i64)
    (if (result i64) (i64.eqz (local.get $n))
      (then (i64.const 0))
      (else (return_call_indirect (type $parity) (i64.sub (local.get $n) (i64.const 1)) (i32.const 0)))))

  (func $write (param i32 i32 i32 i32) (result i32)
    (return_call $fd_write (local.get 0) (local.get 1) (local.get 2) (local.get 3)))

  ;; Prints `value` in decimal and a newline, the digits written backwards from byte 100.
  (func $print (param $value i64) (local $at i32)
    (local.set $at (i32.const 100))
    (i32.store8 (local.get $at) (i32.const 10))
    (loop $digit
      (local.set $at (i32.sub (local.get $at) (i32.const 1)))
      (i32.store8 (local.get $at) (i32.wrap_i64 (i64.add (i64.const 48) (i64.rem_u (local.get $value) (i64.const 10)))))
      (local.set $value (i64.div_u (local.get $value) (i64.const 10)))
      (br_if $digit (i64.ne (local.get $value) (i64.const 0))))
    (i32.store (i32.const 0) (local.get $at))
    (i32.store (i32.const 4) (i32.sub (i32.const 101) (local.get $at)))
    (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))

  (func (export "_start")
    (call $print (call $sum (i64.const 1000000) (i64.const 0)))
    (call $print (call $even (i64.const 1000001))))
)
