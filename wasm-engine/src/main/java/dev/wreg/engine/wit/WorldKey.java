package dev.wreg.engine.wit;

/** The key of a world import or export: a plain name, or the interface itself ({@code ns:pkg/i}). */
public sealed interface WorldKey {
    record Name(String name) implements WorldKey {}

    record Interface(InterfaceId id) implements WorldKey {}
}
