package dev.wreg.engine.wit;

/** Index of a {@link WitPackage} in {@link WitResolve#packages()}. */
public record PackageId(int index) {}
