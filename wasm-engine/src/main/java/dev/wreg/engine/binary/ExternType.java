package dev.wreg.engine.binary;

/** The type of an import or export ({@code externtype}). */
public sealed interface ExternType {

    /** {@code 0x00 0x11 i}: a core module of core type {@code typeIndex}. */
    record CoreModule(int typeIndex) implements ExternType {}

    /** {@code 0x01 i}: a function of type {@code typeIndex}. */
    record Func(int typeIndex) implements ExternType {}

    /**
     * {@code 0x02 t} (🪙): a value of type {@code type}. Binary.md writes a {@code valuebound}
     * here; wasm-tools 1.257 reads and writes a plain {@code valtype}, and so do we.
     */
    record Value(ValType type) implements ExternType {}

    /** {@code 0x03 b}: a type. */
    record Type(TypeBound bound) implements ExternType {}

    /** {@code 0x04 i}: a component of type {@code typeIndex}. */
    record Component(int typeIndex) implements ExternType {}

    /** {@code 0x05 i}: an instance of type {@code typeIndex}. */
    record Instance(int typeIndex) implements ExternType {}

    /** A type bound. */
    sealed interface TypeBound {
        /** {@code 0x00 i}: equal to type {@code typeIndex}. */
        record Eq(int typeIndex) implements TypeBound {}

        /** {@code 0x01}: a fresh abstract resource type. */
        record SubResource() implements TypeBound {}
    }
}
