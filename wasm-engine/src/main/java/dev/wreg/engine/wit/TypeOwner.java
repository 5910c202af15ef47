package dev.wreg.engine.wit;

/** Where a named type is defined: an interface, a world, or nowhere (anonymous types). */
public sealed interface TypeOwner {
    TypeOwner NONE = new None();

    record OfInterface(InterfaceId id) implements TypeOwner {}

    record OfWorld(WorldId id) implements TypeOwner {}

    record None() implements TypeOwner {}
}
