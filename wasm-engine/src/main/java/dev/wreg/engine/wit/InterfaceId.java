package dev.wreg.engine.wit;

/** Index of a {@link WitInterface} in {@link WitResolve#interfaces()}. */
public record InterfaceId(int index) {}
