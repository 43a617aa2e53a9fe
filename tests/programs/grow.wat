;; Grows its memory one page at a time until refused, then exits 0 if it got some pages and was refused
;; cleanly (memory.grow returned -1), 1 otherwise.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start") (local $grown i32)
    (block $refused
      (loop $more
        (br_if $refused (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
        (local.set $grown (i32.add (local.get $grown) (i32.const 1)))
        (br $more)))
    (call $exit (i32.eqz (i32.gt_u (local.get $grown) (i32.const 0))))))
