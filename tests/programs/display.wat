;; walos's display calls from the outside (tests/graphics/run.py), one mode per run, named by argv[1]:
;;   faults      every check of the calls, one line `NAME ERRNO` each (docs/abi.md, "Display")
;;   hold        owns the screen, says `held`, then writes a dot every 10 ms until a write fails; never releases
;;   check       waits for a line on stdin (hold's `held`), then what a second process gets
;;   trap        owns the screen, then traps
;;   wait-owner  waits (10 ms steps, at most 30 s) until some process owns the screen; exits 1 if none does
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "walos" "self" (func $self (param i32 i32) (result i32)))
  (import "walos" "display_info" (func $info (param i32) (result i32)))
  (import "walos" "display_acquire" (func $acquire (result i32)))
  (import "walos" "display_present" (func $present (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "walos" "display_release" (func $release (result i32)))
  (memory (export "memory") 1)
  ;; 0: iovec, 8: count written or read, 16: pid, 20: parent, 64: display info (width, height, format, owner),
  ;; 128: argv pointers, 256: argv strings, 1024: a line being formatted, 2048: the sleep's subscription,
  ;; 2112: its event, 2176: events written, 4096: pixels (16 of them).
  (data (i32.const 3000) "faults")
  (data (i32.const 3010) "hold")
  (data (i32.const 3020) "check")
  (data (i32.const 3030) "trap")
  (data (i32.const 3040) "wait-owner")
  (data (i32.const 3100) "held\n.")
  ;; The names of the lines `faults` and `check` print, NUL-terminated, 16 bytes apart.
  (data (i32.const 3200) "info")
  (data (i32.const 3216) "owner")
  (data (i32.const 3232) "acquire")
  (data (i32.const 3248) "owned-by-caller")
  (data (i32.const 3264) "efault-pointer")
  (data (i32.const 3280) "efault-rows")
  (data (i32.const 3296) "efault-info")
  (data (i32.const 3312) "einval-stride")
  (data (i32.const 3328) "einval-right")
  (data (i32.const 3344) "einval-bottom")
  (data (i32.const 3360) "einval-wrap")
  (data (i32.const 3376) "present-at-end")
  (data (i32.const 3392) "present-empty")
  (data (i32.const 3408) "release")
  (data (i32.const 3424) "release-again")
  (data (i32.const 3440) "present-unowned")
  (data (i32.const 3456) "present-other")
  (data (i32.const 3472) "release-other")
  (data (i32.const 3488) "owned-by-other")

  ;; Writes `len` bytes at `ptr` to stdout; the errno.
  (func $write (param $ptr i32) (param $len i32) (result i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))

  ;; Prints `NAME VALUE\n`, NAME the NUL-terminated string at `name`.
  (func $report (param $name i32) (param $value i32)
    (local $end i32) (local $i i32)
    (local.set $end (i32.const 1024))
    (block $named
      (loop $letter
        (br_if $named (i32.eqz (i32.load8_u (local.get $name))))
        (i32.store8 (local.get $end) (i32.load8_u (local.get $name)))
        (local.set $name (i32.add (local.get $name) (i32.const 1)))
        (local.set $end (i32.add (local.get $end) (i32.const 1)))
        (br $letter)))
    (i32.store8 (local.get $end) (i32.const 32))
    (local.set $end (i32.add (local.get $end) (i32.const 1)))
    ;; Digits backwards into 1200.., then forwards after the space.
    (local.set $i (i32.const 1200))
    (loop $digit
      (i32.store8 (local.get $i) (i32.add (i32.const 48) (i32.rem_u (local.get $value) (i32.const 10))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (local.set $value (i32.div_u (local.get $value) (i32.const 10)))
      (br_if $digit (local.get $value)))
    (loop $copy
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (i32.store8 (local.get $end) (i32.load8_u (local.get $i)))
      (local.set $end (i32.add (local.get $end) (i32.const 1)))
      (br_if $copy (i32.gt_u (local.get $i) (i32.const 1200))))
    (i32.store8 (local.get $end) (i32.const 10))
    (drop (call $write (i32.const 1024) (i32.sub (i32.add (local.get $end) (i32.const 1)) (i32.const 1024)))))

  (func $sleep_10ms
    (i32.store8 (i32.const 2056) (i32.const 0))            ;; a clock subscription
    (i32.store (i32.const 2064) (i32.const 1))             ;; monotonic
    (i64.store (i32.const 2072) (i64.const 10000000))      ;; 10 ms, relative
    (drop (call $poll (i32.const 2048) (i32.const 2112) (i32.const 1) (i32.const 2176))))

  ;; Whether argv[1] is the `len` bytes at `name` (NUL-terminated in argv).
  (func $mode (param $name i32) (param $len i32) (result i32)
    (local $arg i32) (local $i i32)
    (if (i32.lt_u (i32.load (i32.const 0)) (i32.const 2)) (then (return (i32.const 0))))
    (local.set $arg (i32.load (i32.const 132)))
    (block $differ
      (loop $each
        (br_if $differ (i32.ne (i32.load8_u (i32.add (local.get $arg) (local.get $i)))
                               (i32.load8_u (i32.add (local.get $name) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $each (i32.lt_u (local.get $i) (local.get $len))))
      (return (i32.eqz (i32.load8_u (i32.add (local.get $arg) (local.get $len))))))
    (i32.const 0))

  (func $faults
    (local $width i32) (local $height i32) (local $end i32)
    (call $report (i32.const 3200) (call $info (i32.const 64)))
    (local.set $width (i32.load (i32.const 64)))
    (local.set $height (i32.load (i32.const 68)))
    (call $report (i32.const 3216) (i32.load (i32.const 76)))
    (call $report (i32.const 3232) (call $acquire))
    (call $report (i32.const 3232) (call $acquire))
    (drop (call $info (i32.const 64)))
    (drop (call $self (i32.const 16) (i32.const 20)))
    (call $report (i32.const 3248) (i32.eq (i32.load (i32.const 76)) (i32.load (i32.const 16))))
    (local.set $end (i32.mul (memory.size) (i32.const 65536)))
    ;; EFAULT: a pointer past memory; rows whose last one ends a byte past it; the info written past it.
    (call $report (i32.const 3264)
      (call $present (i32.const 0xFFFFFFF0) (i32.const 64) (i32.const 0) (i32.const 0) (i32.const 16) (i32.const 1)))
    (call $report (i32.const 3280)
      (call $present (i32.sub (local.get $end) (i32.const 127)) (i32.const 64) (i32.const 0) (i32.const 0)
                     (i32.const 16) (i32.const 2)))
    (call $report (i32.const 3296) (call $info (i32.sub (local.get $end) (i32.const 15))))
    ;; EINVAL: a stride under a row, a rectangle past the right edge, past the bottom, wrapping around.
    (call $report (i32.const 3312)
      (call $present (i32.const 4096) (i32.const 4) (i32.const 0) (i32.const 0) (i32.const 2) (i32.const 1)))
    (call $report (i32.const 3328)
      (call $present (i32.const 4096) (i32.const 64) (i32.sub (local.get $width) (i32.const 1)) (i32.const 0)
                     (i32.const 2) (i32.const 1)))
    (call $report (i32.const 3344)
      (call $present (i32.const 4096) (i32.const 64) (i32.const 0) (local.get $height) (i32.const 1) (i32.const 1)))
    (call $report (i32.const 3360)
      (call $present (i32.const 4096) (i32.const 64) (i32.const 0xFFFFFFFF) (i32.const 0) (i32.const 2) (i32.const 1)))
    ;; Fine: the last row ending exactly at the end of memory; an empty rectangle in the far corner.
    (call $report (i32.const 3376)
      (call $present (i32.sub (local.get $end) (i32.const 128)) (i32.const 64) (i32.const 0) (i32.const 0)
                     (i32.const 16) (i32.const 2)))
    (call $report (i32.const 3392)
      (call $present (i32.const 4096) (i32.const 0) (local.get $width) (local.get $height) (i32.const 0) (i32.const 0)))
    ;; Released: once; then EPERM.
    (call $report (i32.const 3408) (call $release))
    (call $report (i32.const 3424) (call $release))
    (call $report (i32.const 3440)
      (call $present (i32.const 4096) (i32.const 64) (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 1))))

  (func $hold
    (if (call $acquire) (then (call $exit (i32.const 2))))
    (drop (call $write (i32.const 3100) (i32.const 5)))
    (loop $dots
      (call $sleep_10ms)
      (br_if $dots (i32.eqz (call $write (i32.const 3105) (i32.const 1))))))

  (func $check
    ;; Up to the first newline (or the end of input).
    (block $done
      (loop $byte
        (i32.store (i32.const 0) (i32.const 1024))
        (i32.store (i32.const 4) (i32.const 1))
        (br_if $done (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
        (br_if $done (i32.eqz (i32.load (i32.const 8))))
        (br_if $byte (i32.ne (i32.load8_u (i32.const 1024)) (i32.const 10)))))
    (call $report (i32.const 3232) (call $acquire))
    (call $report (i32.const 3456)
      (call $present (i32.const 4096) (i32.const 64) (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 1)))
    (call $report (i32.const 3472) (call $release))
    (drop (call $info (i32.const 64)))
    (drop (call $self (i32.const 16) (i32.const 20)))
    (call $report (i32.const 3488)
      (i32.and (i32.ne (i32.load (i32.const 76)) (i32.const 0))
               (i32.ne (i32.load (i32.const 76)) (i32.load (i32.const 16))))))

  (func $wait_owner
    (local $tries i32)
    (loop $again
      (drop (call $info (i32.const 64)))
      (if (i32.load (i32.const 76)) (then (call $exit (i32.const 0))))
      (call $sleep_10ms)
      (local.set $tries (i32.add (local.get $tries) (i32.const 1)))
      (br_if $again (i32.lt_u (local.get $tries) (i32.const 3000))))
    (call $exit (i32.const 1)))

  (func (export "_start")
    (drop (call $args_sizes (i32.const 0) (i32.const 4)))
    (if (i32.gt_u (i32.load (i32.const 4)) (i32.const 700)) (then (call $exit (i32.const 2))))
    (drop (call $args_get (i32.const 128) (i32.const 256)))
    (if (call $mode (i32.const 3000) (i32.const 6)) (then (call $faults) (return)))
    (if (call $mode (i32.const 3010) (i32.const 4)) (then (call $hold) (return)))
    (if (call $mode (i32.const 3020) (i32.const 5)) (then (call $check) (return)))
    (if (call $mode (i32.const 3030) (i32.const 4)) (then (drop (call $acquire)) (unreachable)))
    (if (call $mode (i32.const 3040) (i32.const 10)) (then (call $wait_owner)))
    (call $exit (i32.const 2))))
