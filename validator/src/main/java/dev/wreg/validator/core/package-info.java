/**
 * Core WebAssembly module validation: {@link dev.wreg.validator.core.CoreValidator} gives the
 * verdict wasm-tools gives on a module, under a {@link dev.wreg.validator.core.Features} set
 * written in wasm-tools' {@code -f} syntax, as a {@link dev.wreg.validator.core.ValidationResult}.
 */
package dev.wreg.validator.core;
