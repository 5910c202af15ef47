package dev.wreg.engine.wit;

import java.util.Objects;

/**
 * A type definition: named ({@code record r {..}}, {@code type t = ..}, a resource) or anonymous
 * ({@code list<u8>}, {@code option<t>}, a handle). A named definition whose kind is an {@link
 * TypeDefKind.Alias} of a type owned elsewhere is what a WIT {@code use} produces.
 *
 * @param name null for anonymous types
 * @param docs null when there are none
 */
public record TypeDef(String name, TypeDefKind kind, TypeOwner owner, String docs, Stability stability) {
    public TypeDef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(stability, "stability");
    }

    public static TypeDef anonymous(TypeDefKind kind) {
        return new TypeDef(null, kind, TypeOwner.NONE, null, Stability.UNKNOWN);
    }
}
