;; Reads far outside its memory.
(module
  (memory (export "memory") 1)
  (func $read_far (result i32) (i32.load (i32.const 0xFFFFFFF0)))
  (func (export "_start") (drop (call $read_far))))
