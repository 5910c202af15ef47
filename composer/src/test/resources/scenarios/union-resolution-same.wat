(module
  (import "wasi:clocks/monotonic-clock@0.2.0" "resolution" (func $resolution (result i64)))
  (func (export "res-c") (result i64) call $resolution))
