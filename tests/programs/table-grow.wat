;; Grows eight tables in turn, 65536 elements at a time, until table.grow fails (-1); traps unless the tables then
;; hold exactly the 2^22 elements a process may have in all.
(module
  (memory (export "memory") 1)
  (table $t0 0 funcref) (table $t1 0 funcref) (table $t2 0 funcref) (table $t3 0 funcref)
  (table $t4 0 funcref) (table $t5 0 funcref) (table $t6 0 funcref) (table $t7 0 funcref)
  ;; Grows each table once; 0 as soon as one refuses.
  (func $grow-all (result i32)
    (block $refused
      (br_if $refused (i32.eq (table.grow $t0 (ref.null func) (i32.const 65536)) (i32.const -1)))
      (br_if $refused (i32.eq (table.grow $t1 (ref.null func) (i32.const 65536)) (i32.const -1)))
      (br_if $refused (i32.eq (table.grow $t2 (ref.null func) (i32.const 65536)) (i32.const -1)))
      (br_if $refused (i32.eq (table.grow $t3 (ref.null func) (i32.const 65536)) (i32.const -1)))
      (br_if $refused (i32.eq (table.grow $t4 (ref.null func) (i32.const 65536)) (i32.const -1)))
      (br_if $refused (i32.eq (table.grow $t5 (ref.null func) (i32.const 65536)) (i32.const -1)))
      (br_if $refused (i32.eq (table.grow $t6 (ref.null func) (i32.const 65536)) (i32.const -1)))
      (br_if $refused (i32.eq (table.grow $t7 (ref.null func) (i32.const 65536)) (i32.const -1)))
      (return (i32.const 1)))
    (i32.const 0))
  (func (export "_start")
    (loop $more (br_if $more (call $grow-all)))
    (if (i32.ne (i32.add (i32.add (i32.add (table.size $t0) (table.size $t1)) (i32.add (table.size $t2) (table.size $t3)))
                        (i32.add (i32.add (table.size $t4) (table.size $t5)) (i32.add (table.size $t6) (table.size $t7))))
                (i32.const 4194304))
      (then unreachable))))
