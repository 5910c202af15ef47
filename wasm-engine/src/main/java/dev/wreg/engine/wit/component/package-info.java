/**
 * From components to WIT: {@link dev.wreg.engine.wit.component.ComponentWit#decode(byte[])} builds
 * the {@link dev.wreg.engine.wit.WitResolve} of a component (its world {@code root} and the
 * interfaces it names) or of a WIT package encoded as a component, as {@code wasm-tools component
 * wit} does. Components it cannot express raise {@link
 * dev.wreg.engine.wit.component.WitDecodeException}.
 */
package dev.wreg.engine.wit.component;
