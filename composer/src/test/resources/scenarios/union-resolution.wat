(module
  (import "wasi:clocks/monotonic-clock@0.2.3" "resolution" (func $resolution (result i64)))
  (func (export "res-b") (result i64) call $resolution))
