package dev.wreg.engine.binary;

/**
 * A declarator inside a component type or instance type ({@code componentdecl} / {@code
 * instancedecl}). {@link ImportDecl} occurs only in component types.
 */
public sealed interface TypeDecl {

    /** {@code 0x00}: a core type. */
    record CoreTypeDecl(CoreType type) implements TypeDecl {}

    /** {@code 0x01}: a type. */
    record TypeDef(DefType type) implements TypeDecl {}

    /** {@code 0x02}: an alias (outer, or export of an instance declared earlier). */
    record AliasDecl(Alias alias) implements TypeDecl {}

    /** {@code 0x03}: an import (component types only). */
    record ImportDecl(ExternName name, ExternType type) implements TypeDecl {}

    /** {@code 0x04}: an export. */
    record ExportDecl(ExternName name, ExternType type) implements TypeDecl {}
}
