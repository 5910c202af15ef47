package dev.wreg.engine.wit;

/** Index of a {@link WitWorld} in {@link WitResolve#worlds()}. */
public record WorldId(int index) {}
