;; The core module of the shapes library (world `library` in shapes.wit), written by hand
;; against the canonical ABI: a shape arrives flattened as (case i32, f64, f64); `scale`
;; returns its result<shape, scale-error> through memory; a canvas is 16 bytes of linear memory
;; (count: u32 at 0, total area: f64 at 8) and its address is the resource's representation.
(module
  (import "[export]wreg-examples:shapes/geometry@0.1.0" "[resource-new]canvas"
    (func $canvas_new (param i32) (result i32)))
  (memory (export "memory") 1)

  ;; Canvases are allocated upwards from 1024 and never reused: a library this small does not
  ;; need a free list, and a page holds thousands of them.
  (global $next (mut i32) (i32.const 1024))
  ;; The result area of `scale`: a component call returns before the next one starts.
  (global $result i32 (i32.const 64))

  (func $area (param $case i32) (param $a f64) (param $b f64) (result f64)
    (if (result f64) (i32.eqz (local.get $case))
      (then (f64.mul (f64.const 3.141592653589793) (f64.mul (local.get $a) (local.get $a))))
      (else (f64.mul (local.get $a) (local.get $b)))))

  (func (export "wreg-examples:shapes/geometry@0.1.0#area")
    (param $case i32) (param $a f64) (param $b f64) (result f64)
    (call $area (local.get $case) (local.get $a) (local.get $b)))

  (func (export "wreg-examples:shapes/geometry@0.1.0#scale")
    (param $case i32) (param $a f64) (param $b f64) (param $factor f64) (result i32)
    ;; NaN and the infinities: x - x is 0 only for finite x.
    (if (f64.ne (f64.sub (local.get $factor) (local.get $factor)) (f64.const 0))
      (then (return (call $error (i32.const 1)))))
    (if (f64.lt (local.get $factor) (f64.const 0))
      (then (return (call $error (i32.const 0)))))
    ;; ok(shape): result case 0 at +0, shape case at +8, lengths at +16 and +24
    (i32.store8 (global.get $result) (i32.const 0))
    (i32.store8 offset=8 (global.get $result) (local.get $case))
    (f64.store offset=16 (global.get $result) (f64.mul (local.get $a) (local.get $factor)))
    (f64.store offset=24 (global.get $result) (f64.mul (local.get $b) (local.get $factor)))
    (global.get $result))

  ;; err(scale-error): result case 1 at +0, the enum's case at +8
  (func $error (param $code i32) (result i32)
    (i32.store8 (global.get $result) (i32.const 1))
    (i32.store8 offset=8 (global.get $result) (local.get $code))
    (global.get $result))

  (func (export "wreg-examples:shapes/geometry@0.1.0#[constructor]canvas") (result i32)
    (local $rep i32)
    (local.set $rep (global.get $next))
    (global.set $next (i32.add (global.get $next) (i32.const 16)))
    (i32.store (local.get $rep) (i32.const 0))
    (f64.store offset=8 (local.get $rep) (f64.const 0))
    (call $canvas_new (local.get $rep)))

  ;; Methods get the representation (the address) of the borrowed canvas.
  (func (export "wreg-examples:shapes/geometry@0.1.0#[method]canvas.add")
    (param $self i32) (param $case i32) (param $a f64) (param $b f64) (result i32)
    (f64.store offset=8 (local.get $self)
      (f64.add (f64.load offset=8 (local.get $self))
               (call $area (local.get $case) (local.get $a) (local.get $b))))
    (i32.store (local.get $self) (i32.add (i32.load (local.get $self)) (i32.const 1)))
    (i32.load (local.get $self)))

  (func (export "wreg-examples:shapes/geometry@0.1.0#[method]canvas.total-area")
    (param $self i32) (result f64)
    (f64.load offset=8 (local.get $self)))

  (func (export "wreg-examples:shapes/geometry@0.1.0#[dtor]canvas") (param $self i32))
)
