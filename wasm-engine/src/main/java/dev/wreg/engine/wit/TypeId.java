package dev.wreg.engine.wit;

/** Index of a {@link TypeDef} in {@link WitResolve#types()}. */
public record TypeId(int index) implements WitType {}
