package dev.wreg.engine.binary;

import java.util.List;
import java.util.Optional;

/**
 * A core type defined in a component ({@code core:type}): a core rec group (function, struct,
 * array and continuation types, with Wasm 3.0 subtyping) or a module type.
 */
public sealed interface CoreType {

    /**
     * A recursion group. A bare sub type in the binary is an implicit group of one ({@code
     * explicit == false}); {@code 0x4e} starts an explicit one.
     */
    record RecGroup(boolean explicit, List<SubType> types) implements CoreType {
        public RecGroup {
            types = List.copyOf(types);
            // Only a group of exactly one type can be written without the 0x4e prefix.
            explicit = explicit || types.size() != 1;
        }
    }

    /** {@code 0x50}: a module type, a list of declarators. */
    record ModuleType(List<ModuleDecl> decls) implements CoreType {
        public ModuleType {
            decls = List.copyOf(decls);
        }
    }

    /** A sub type: final or not, with at most one supertype in practice. */
    record SubType(boolean isFinal, List<Integer> supertypes, CompositeType composite) {
        public SubType {
            supertypes = List.copyOf(supertypes);
        }

        /** A final type with no supertype: what a plain {@code (func …)} is. */
        public static SubType plain(Composite composite) {
            return new SubType(
                    true, List.of(), new CompositeType(false, Optional.empty(), Optional.empty(), composite));
        }
    }

    /**
     * A composite type with its prefixes: {@code shared} (0x65), {@code describes} (0x4c) and
     * {@code descriptor} (0x4d) from the shared-everything and custom-descriptors proposals.
     */
    record CompositeType(boolean shared, Optional<Integer> describes, Optional<Integer> descriptor, Composite inner) {}

    /** The body of a composite type. */
    sealed interface Composite {}

    /** {@code 0x60}: a function type. */
    record FuncType(List<ValType> params, List<ValType> results) implements Composite {
        public FuncType {
            params = List.copyOf(params);
            results = List.copyOf(results);
        }
    }

    /** {@code 0x5f}: a struct type. */
    record StructType(List<FieldType> fields) implements Composite {
        public StructType {
            fields = List.copyOf(fields);
        }
    }

    /** {@code 0x5e}: an array type. */
    record ArrayType(FieldType element) implements Composite {}

    /** {@code 0x5d}: a continuation type (stack switching). */
    record ContType(int funcTypeIndex) implements Composite {}

    /** A struct field or array element. */
    record FieldType(StorageType storage, boolean mutable) {}

    /** What a field stores: a value type or a packed integer. */
    sealed interface StorageType permits ValType, Packed {}

    /** Packed field types. */
    enum Packed implements StorageType, BinaryCode {
        I8(0x78),
        I16(0x77);

        private final int code;

        Packed(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }
    }

    /** A core value type. */
    sealed interface ValType extends StorageType permits NumType, RefType {}

    /** Number and vector types. */
    enum NumType implements ValType, BinaryCode {
        I32(0x7f),
        I64(0x7e),
        F32(0x7d),
        F64(0x7c),
        V128(0x7b);

        private final int code;

        NumType(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }
    }

    /** A reference type. */
    record RefType(boolean nullable, HeapType heap) implements ValType {}

    /** A heap type. */
    sealed interface HeapType {}

    /** An abstract heap type such as {@code func} or {@code extern}, optionally shared. */
    record AbstractHeap(boolean shared, AbstractHeapKind kind) implements HeapType {}

    /** A concrete type index. */
    record ConcreteHeap(int typeIndex) implements HeapType {}

    /** {@code exact} type index (custom descriptors). */
    record ExactHeap(int typeIndex) implements HeapType {}

    /** Abstract heap types and their codes. */
    enum AbstractHeapKind implements BinaryCode {
        FUNC(0x70),
        EXTERN(0x6f),
        ANY(0x6e),
        NONE(0x71),
        NOEXTERN(0x72),
        NOFUNC(0x73),
        EQ(0x6d),
        STRUCT(0x6b),
        ARRAY(0x6a),
        I31(0x6c),
        EXN(0x69),
        NOEXN(0x74),
        CONT(0x68),
        NOCONT(0x75);

        private final int code;

        AbstractHeapKind(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }
    }

    /** A module type declarator. */
    sealed interface ModuleDecl {}

    /** {@code 0x00}: an import. */
    record ImportDecl(String module, String name, ExternType type) implements ModuleDecl {}

    /** {@code 0x01}: a type (a rec group). */
    record TypeDecl(RecGroup type) implements ModuleDecl {}

    /** {@code 0x02 0x10 0x01}: an outer alias of a core type. */
    record OuterAliasDecl(int count, int index) implements ModuleDecl {}

    /** {@code 0x03}: an export. */
    record ExportDecl(String name, ExternType type) implements ModuleDecl {}

    /** A core extern type ({@code core:externtype}). */
    sealed interface ExternType {}

    /** {@code 0x00}: a function of type {@code typeIndex}. */
    record FuncExtern(int typeIndex) implements ExternType {}

    /** {@code 0x20}: a function of exactly type {@code typeIndex} (custom descriptors). */
    record FuncExactExtern(int typeIndex) implements ExternType {}

    /** {@code 0x01}: a table. */
    record TableExtern(RefType element, Limits limits) implements ExternType {}

    /** {@code 0x02}: a memory. */
    record MemoryExtern(Limits limits) implements ExternType {}

    /**
     * {@code 0x03}: a global.
     *
     * @param flags bit 0 mutable, bit 1 shared
     */
    record GlobalExtern(ValType type, int flags) implements ExternType {
        public boolean mutable() {
            return (flags & 1) != 0;
        }
    }

    /** {@code 0x04}: a tag of function type {@code typeIndex} ({@code attribute} is 0). */
    record TagExtern(int attribute, int typeIndex) implements ExternType {}

    /**
     * Table or memory limits.
     *
     * @param flags bit 0 has maximum, bit 1 shared, bit 2 64-bit, bit 3 custom page size
     * @param min the minimum
     * @param max the maximum, if bit 0
     * @param pageSizeLog2 the page size exponent, if bit 3 (memories)
     */
    record Limits(int flags, long min, Optional<Long> max, Optional<Integer> pageSizeLog2) {
        public boolean is64() {
            return (flags & 4) != 0;
        }
    }
}
