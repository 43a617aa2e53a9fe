;; Legacy exception handling (try, catch, catch_all, rethrow, delegate), which WebAssembly 3.0 keeps beside
;; try_table and which the 3.0 spec suite no longer tests. Written for Wax (see wax/Sources/Wax/LegacyExceptions.swift);
;; the expected values follow from the legacy proposal's semantics.

(module $thrower
  (tag $e (export "e") (param i32))
  (func (export "throw") (param i32) (throw $e (local.get 0))))
(register "thrower" $thrower)

(module
  (tag $e (import "thrower" "e") (param i32))
  (func $throw (import "thrower" "throw") (param i32))
  (tag $pair (param i64 i32))
  (tag $empty)
  (tag $vector (param v128))

  ;; The first matching catch runs, with the payload; catch_all takes the rest.
  (func (export "pick") (param i32) (result i32) (local $low i32)
    (try (result i32)
      (do
        (if (i32.eq (local.get 0) (i32.const 0)) (then (throw $e (i32.const 10))))
        (if (i32.eq (local.get 0) (i32.const 1)) (then (throw $pair (i64.const 5) (i32.const 20))))
        (if (i32.eq (local.get 0) (i32.const 2)) (then (throw $empty)))
        (i32.const 99))
      (catch $e (i32.add (i32.const 1)))
      (catch $pair (local.set $low) (i32.wrap_i64) (local.get $low) (i32.add))
      (catch_all (i32.const 3))))

  ;; A tag imported from another module, thrown there.
  (func (export "imported") (result i32)
    (try (result i32)
      (do (call $throw (i32.const 7)) (i32.const 0))
      (catch $e)))

  ;; A catch of another tag lets the exception through.
  (func (export "not-mine") (result i32)
    (try (result i32)
      (do (throw $e (i32.const 1)))
      (catch $empty (i32.const 2))))

  ;; In a catch nested in a catch, rethrow throws the outer catch's exception (2: the `if` is a label too) or the
  ;; inner one's (0).
  (func (export "rethrow-level") (param i32) (result i32)
    (try (result i32)
      (do
        (try (result i32)
          (do (throw $e (i32.const 5)))
          (catch $e
            (drop)
            (try (result i32)
              (do (throw $empty))
              (catch $empty
                (if (local.get 0) (then (rethrow 2)))
                (rethrow 0))))))
      (catch $e (i32.add (i32.const 1000)))
      (catch $empty (i32.const -1))))

  ;; rethrow names its catch through the blocks around it.
  (func (export "rethrow-through-blocks") (result i32)
    (try (result i32)
      (do
        (try (result i32)
          (do (throw $e (i32.const 6)))
          (catch_all (block (loop (rethrow 2))) (i32.const -1))))
      (catch $e)))

  ;; A catch's exception outlives calls made in its arm, whose frames lie past the caller's operands.
  (func $busy (param i32) (result i32) (local i64 i64 i64 i64)
    (local.set 1 (i64.const -1)) (local.set 2 (i64.const -1)) (local.set 3 (i64.const -1)) (local.set 4 (i64.const -1))
    (if (result i32) (local.get 0)
      (then (call $busy (i32.sub (local.get 0) (i32.const 1))))
      (else (i32.const 0))))
  (func (export "rethrow-after-call") (result i32)
    (try (result i32)
      (do
        (try (result i32)
          (do (throw $e (i32.const 21)))
          (catch_all (drop (call $busy (i32.const 3))) (rethrow 0))))
      (catch $e)))

  ;; delegate 0 names the try around it: that try's catches see the exception.
  (func (export "delegate-to-try") (result i32)
    (try (result i32)
      (do (try (result i32) (do (throw $e (i32.const 3))) (delegate 0)))
      (catch $e (i32.mul (i32.const 10)))))

  ;; delegate passes over the try between it and its label.
  (func (export "delegate-skips") (result i32)
    (try $outer (result i32)
      (do
        (block (result i32)
          (try (result i32)
            (do (try (result i32) (do (throw $e (i32.const 4))) (delegate $outer)))
            (catch_all (i32.const -1)))))
      (catch $e (i32.add (i32.const 100)))))

  ;; delegate to a block: the search goes on outside the block, past the try in it.
  (func (export "delegate-to-block") (result i32)
    (try (result i32)
      (do
        (block $b (result i32)
          (try (result i32)
            (do (try (result i32) (do (throw $e (i32.const 2))) (delegate $b)))
            (catch_all (i32.const -1)))))
      (catch $e (i32.add (i32.const 200)))))

  ;; delegate to the function's label: the caller's handlers, none of this function's.
  (func $delegate-out (result i32)
    (try (result i32)
      (do (try (result i32) (do (throw $e (i32.const 8))) (delegate 1)))
      (catch_all (i32.const -1))))
  (func (export "delegate-to-caller") (result i32)
    (try (result i32) (do (call $delegate-out)) (catch $e (i32.add (i32.const 300)))))

  ;; A delegate to a try that delegates in turn.
  (func (export "delegate-chain") (result i32)
    (try $a (result i32)
      (do
        (try $b (result i32)
          (do
            (try (result i32)
              (do (try (result i32) (do (throw $e (i32.const 11))) (delegate $b)))
              (catch_all (i32.const -1))))
          (delegate $a)))
      (catch $e)))

  ;; A delegate in a catch's arm: the search goes on outside that try (whose extent has ended).
  (func (export "delegate-in-catch") (result i32)
    (try (result i32)
      (do
        (try $t (result i32)
          (do (throw $empty))
          (catch_all
            (try (result i32)
              (do (try (result i32) (do (throw $e (i32.const 12))) (delegate $t)))
              (catch_all (i32.const -1))))))
      (catch $e (i32.add (i32.const 400)))))

  ;; A try's parameters (a catch's arm starts without them); branches out of the body and out of a catch.
  (func (export "parameters") (param i32) (result i32)
    (i32.const 5)
    (try (param i32) (result i32)
      (do (if (local.get 0) (then (throw $e (i32.const 7)))) (i32.const 1) (i32.add))
      (catch $e (i32.const 10) (i32.add))))
  (func (export "branches") (param i32) (result i32)
    (block $out (result i32)
      (try (result i32)
        (do (br_if $out (i32.const 20) (i32.eqz (local.get 0))) (throw $e (local.get 0)))
        (catch $e (br 0)))))

  ;; An exception thrown in a catch's arm is not caught by the catches of the same try.
  (func (export "throw-in-catch") (result i32)
    (try (result i32)
      (do
        (try (result i32)
          (do (throw $empty))
          (catch $empty (throw $e (i32.const 13)))
          (catch $e (drop) (i32.const -1))))
      (catch $e)))

  ;; A trap is not an exception: catch_all does not see it.
  (func (export "trap") (result i32)
    (try (result i32) (do (unreachable)) (catch_all (i32.const 1))))

  ;; The payload of a v128.
  (func (export "vector") (result i32)
    (try (result i32)
      (do (throw $vector (v128.const i32x4 1 2 3 4)))
      (catch $vector (i32x4.extract_lane 3))))

  ;; A million exceptions caught and dropped, and a rethrown one each: the exceptions a catch holds for rethrow are
  ;; collected once no catch holds them.
  (func (export "many") (param $n i32) (result i32) (local $caught i32)
    (loop $next
      (try
        (do
          (try
            (do (throw $e (local.get $n)))
            (catch $e (drop) (rethrow 0))))
        (catch $e (local.set $caught (i32.add (local.get $caught) (i32.const 1))) (drop)))
      (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $caught))
)

(assert_return (invoke "pick" (i32.const 0)) (i32.const 11))
(assert_return (invoke "pick" (i32.const 1)) (i32.const 25))
(assert_return (invoke "pick" (i32.const 2)) (i32.const 3))
(assert_return (invoke "pick" (i32.const 3)) (i32.const 99))
(assert_return (invoke "imported") (i32.const 7))
(assert_exception (invoke "not-mine"))
(assert_return (invoke "rethrow-level" (i32.const 1)) (i32.const 1005))
(assert_return (invoke "rethrow-level" (i32.const 0)) (i32.const -1))
(assert_return (invoke "rethrow-through-blocks") (i32.const 6))
(assert_return (invoke "rethrow-after-call") (i32.const 21))
(assert_return (invoke "delegate-to-try") (i32.const 30))
(assert_return (invoke "delegate-skips") (i32.const 104))
(assert_return (invoke "delegate-to-block") (i32.const 202))
(assert_return (invoke "delegate-to-caller") (i32.const 308))
(assert_return (invoke "delegate-chain") (i32.const 11))
(assert_return (invoke "delegate-in-catch") (i32.const 412))
(assert_return (invoke "parameters" (i32.const 0)) (i32.const 6))
(assert_return (invoke "parameters" (i32.const 1)) (i32.const 17))
(assert_return (invoke "branches" (i32.const 0)) (i32.const 20))
(assert_return (invoke "branches" (i32.const 7)) (i32.const 7))
(assert_return (invoke "throw-in-catch") (i32.const 13))
(assert_trap (invoke "trap") "unreachable")
(assert_return (invoke "vector") (i32.const 4))
(assert_return (invoke "many" (i32.const 1000000)) (i32.const 1000000))


;; With try_table, written flat: wabt's assembler knows the folded legacy text, wasm-tools' assembler try_table.
(module
  (tag $e (import "thrower" "e") (param i32))
  (tag $empty)

  ;; delegate to a try_table's label: its clauses see the exception.
  (func (export "delegate-to-try-table") (result i32)
    block $h (result i32)
      try_table (result i32) (catch $e $h)
        try (result i32)
          i32.const 9
          throw $e
        delegate 0
      end
    end)

  ;; A try_table in a catch's arm, and a second catch after it: each finds its own clauses.
  (func (export "try-table-in-catch") (param i32) (result i32)
    try (result i32)
      local.get 0
      if
        throw $empty
      end
      i32.const 1
      throw $e
    catch $e
      drop
      block $h (result i32)
        try_table (catch $e $h)
          i32.const 2
          throw $e
        end
        i32.const -1
      end
    catch $empty
      i32.const 3
    end)
)

(assert_return (invoke "delegate-to-try-table") (i32.const 9))
(assert_return (invoke "try-table-in-catch" (i32.const 0)) (i32.const 2))
(assert_return (invoke "try-table-in-catch" (i32.const 1)) (i32.const 3))

(assert_invalid (module (func (try (do (rethrow 0)) (catch_all)))) "invalid rethrow label")
(assert_invalid (module (func (block (rethrow 0)))) "invalid rethrow label")
(assert_invalid (module (func (try (do) (delegate 1)))) "unknown label")
(assert_invalid (module (tag (param i64)) (func (result i32) (try (result i32) (do (i32.const 0)) (catch 0))))
  "type mismatch")
(assert_invalid (module (func (try (do) (catch 0)))) "unknown tag")
(assert_invalid (module (func (result i32) (try (result i32) (do (i32.const 0)) (catch_all))))
  "type mismatch")
