;; Does nothing and exits 0: the process the thousand-process test starts again and again.
(module
  (memory (export "memory") 1)
  (func (export "_start")))
