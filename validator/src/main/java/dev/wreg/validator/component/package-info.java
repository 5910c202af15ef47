/**
 * Component validation as wasm-tools 1.257 does it ({@link
 * dev.wreg.validator.component.ComponentValidator}), and the visible surface of a component
 * ({@link dev.wreg.validator.component.ComponentSurface}) that semver checks and policies read.
 */
package dev.wreg.validator.component;
