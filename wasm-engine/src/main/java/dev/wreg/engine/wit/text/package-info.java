/**
 * WIT text parser: {@link dev.wreg.engine.wit.text.WitParser} reads a {@code .wit} file or a package
 * directory with {@code deps/} into a {@link dev.wreg.engine.wit.WitResolve}, resolving names across
 * interfaces and packages; errors are {@link dev.wreg.engine.wit.text.WitParseException}s with
 * {@code file:line:column}.
 */
package dev.wreg.engine.wit.text;
