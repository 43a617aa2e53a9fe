;; Declares the largest memory a 32-bit module may: 65536 pages, 4 GiB.
(module
  (memory (export "memory") 65536)
  (func (export "_start")))
