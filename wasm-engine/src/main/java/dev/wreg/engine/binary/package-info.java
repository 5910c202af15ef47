/**
 * The component binary format: {@link dev.wreg.engine.binary.ComponentDecoder} turns bytes into a
 * {@link dev.wreg.engine.binary.Component} model and {@link dev.wreg.engine.binary.ComponentEncoder}
 * writes it back (byte-identical for anything wasm-tools encoded).
 *
 * <p>The model follows Binary.md one to one: a component is its {@link
 * dev.wreg.engine.binary.Section}s in file order; section items are records and sealed interfaces
 * ({@link dev.wreg.engine.binary.DefType}, {@link dev.wreg.engine.binary.DefValType}, {@link
 * dev.wreg.engine.binary.TypeDecl}, {@link dev.wreg.engine.binary.Canon}, {@link
 * dev.wreg.engine.binary.Alias}, {@link dev.wreg.engine.binary.CoreType}, …) to be taken apart with
 * pattern-matching {@code switch}. Indices are kept as written; resolving them into index spaces is
 * left to consumers (validator, WIT extraction). A {@code u32} is held in an {@code int} with its
 * bit pattern (read values above 2^31 with {@link java.lang.Integer#toUnsignedLong(int)}). Core modules stay bytes ({@link
 * dev.wreg.engine.binary.CoreModule}, parsed on demand with Endive).
 *
 * <p>Errors: {@link dev.wreg.engine.binary.MalformedComponentException} (grammar, from the decoder)
 * and {@link dev.wreg.engine.binary.InvalidComponentException} (validation rules), both {@link
 * dev.wreg.engine.binary.ComponentFormatException}s carrying the byte offset.
 */
package dev.wreg.engine.binary;
