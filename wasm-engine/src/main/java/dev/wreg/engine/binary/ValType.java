package dev.wreg.engine.binary;

/**
 * A value type as used inside other types ({@code valtype}): a primitive, or an index into the
 * type index space that must refer to a defined value type.
 */
public sealed interface ValType permits PrimitiveType, ValType.Ref {

    /** A reference to type {@code index} (encoded as a non-negative s33). */
    record Ref(int index) implements ValType {}

    static ValType ref(int index) {
        return new Ref(index);
    }
}
