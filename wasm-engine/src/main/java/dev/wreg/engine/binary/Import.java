package dev.wreg.engine.binary;

/** An import ({@code import}), also used as a component type's import declarator. */
public record Import(ExternName name, ExternType type) {}
