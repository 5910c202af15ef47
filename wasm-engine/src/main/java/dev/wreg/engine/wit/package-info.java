/**
 * The WIT model: a {@link dev.wreg.engine.wit.WitResolve} holds packages, interfaces, worlds and
 * type definitions addressed by id, the way a WIT toolchain resolves them, so a type used from
 * another interface stays one definition. {@link dev.wreg.engine.wit.WitPrinter} prints it as
 * {@code wasm-tools component wit} does. The text parser lives in {@code dev.wreg.engine.wit.text},
 * the bridge from decoded components in {@code dev.wreg.engine.wit.component}.
 */
package dev.wreg.engine.wit;
