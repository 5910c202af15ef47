;; The core module of the drawing consumer (world `drawing` in ../shapes/shapes.wit): makes a
;; canvas through the imported geometry interface, adds a 3 × 4 rectangle, a 2 × 0.5 rectangle
;; and a circle of radius 1, drops the canvas and returns the total area, 13 + π.
(module
  (import "wreg-examples:shapes/geometry@0.1.0" "[constructor]canvas"
    (func $new_canvas (result i32)))
  (import "wreg-examples:shapes/geometry@0.1.0" "[method]canvas.add"
    (func $add (param i32 i32 f64 f64) (result i32)))
  (import "wreg-examples:shapes/geometry@0.1.0" "[method]canvas.total-area"
    (func $total (param i32) (result f64)))
  (import "wreg-examples:shapes/geometry@0.1.0" "[resource-drop]canvas"
    (func $drop (param i32)))

  (func (export "run") (result f64)
    (local $canvas i32)
    (local $total f64)
    (local.set $canvas (call $new_canvas))
    ;; shape cases: 0 circle(radius), 1 rectangle({width, height})
    (drop (call $add (local.get $canvas) (i32.const 1) (f64.const 3) (f64.const 4)))
    (drop (call $add (local.get $canvas) (i32.const 1) (f64.const 2) (f64.const 0.5)))
    (if (i32.ne (call $add (local.get $canvas) (i32.const 0) (f64.const 1) (f64.const 0)) (i32.const 3))
      (then unreachable))
    (local.set $total (call $total (local.get $canvas)))
    (call $drop (local.get $canvas))
    (local.get $total))
)
