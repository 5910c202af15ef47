package dev.wreg.validator.core;

/**
 * Value, storage and heap types packed into an {@code int}, so the operand stack is an
 * {@code int[]} and type equality is {@code ==}.
 *
 * <ul>
 *   <li>numeric and vector types, and the packed storage types, are their binary opcodes
 *       ({@code 0x7F} i32 … {@code 0x7B} v128, {@code 0x78} i8, {@code 0x77} i16);
 *   <li>a reference type sets {@link #REF}, {@link #NULLABLE} when nullable, and carries its heap
 *       type in the low bits: an abstract heap type sets {@link #ABSTRACT} plus its opcode, a
 *       concrete one is the <em>canonical</em> type index (equivalent rec groups share one index);
 *   <li>{@link #UNKNOWN} is the bottom type that unreachable code pops.
 * </ul>
 */
final class ValTypes {
    static final int I32 = 0x7F;
    static final int I64 = 0x7E;
    static final int F32 = 0x7D;
    static final int F64 = 0x7C;
    static final int V128 = 0x7B;
    static final int I8 = 0x78;
    static final int I16 = 0x77;
    static final int UNKNOWN = -1;

    static final int REF = 1 << 30;
    static final int NULLABLE = 1 << 29;
    static final int ABSTRACT = 1 << 28;
    static final int HEAP_MASK = ABSTRACT | ((1 << 28) - 1);
    /**
     * Set, with {@link #ABSTRACT}, on an abstract heap type of the shared-everything-threads
     * proposal ({@code shared func} …): a hierarchy of its own, disjoint from the unshared one.
     */
    static final int SHARED = 1 << 8;

    // Abstract heap types (as heap-type values, i.e. ABSTRACT | opcode).
    static final int NOEXN = ABSTRACT | 0x74;
    static final int NOFUNC = ABSTRACT | 0x73;
    static final int NOEXTERN = ABSTRACT | 0x72;
    static final int NONE = ABSTRACT | 0x71;
    static final int FUNC = ABSTRACT | 0x70;
    static final int EXTERN = ABSTRACT | 0x6F;
    static final int ANY = ABSTRACT | 0x6E;
    static final int EQ = ABSTRACT | 0x6D;
    static final int I31 = ABSTRACT | 0x6C;
    static final int STRUCT = ABSTRACT | 0x6B;
    static final int ARRAY = ABSTRACT | 0x6A;
    static final int EXN = ABSTRACT | 0x69;
    /** The heap type of a reference popped in unreachable code: a subtype of every heap type. */
    static final int BOTTOM_HEAP = ABSTRACT;

    static final int FUNCREF = ref(true, FUNC);
    static final int EXTERNREF = ref(true, EXTERN);
    static final int EXNREF = ref(true, EXN);

    private ValTypes() {}

    static int ref(boolean nullable, int heap) {
        return REF | (nullable ? NULLABLE : 0) | heap;
    }

    static boolean isRef(int t) {
        return t != UNKNOWN && (t & REF) != 0;
    }

    static boolean isNullable(int t) {
        return (t & NULLABLE) != 0;
    }

    static int heap(int t) {
        return t & HEAP_MASK;
    }

    static boolean isAbstract(int heap) {
        return (heap & ABSTRACT) != 0;
    }

    static boolean isSharedAbstract(int heap) {
        return isAbstract(heap) && (heap & SHARED) != 0;
    }

    static boolean isNum(int t) {
        return t == I32 || t == I64 || t == F32 || t == F64;
    }

    static boolean isAbstractHeapOpcode(int b) {
        return (b >= 0x69 && b <= 0x74) && b != 0x75;
    }

    /** Storage types unpack to i32; everything else is itself. */
    static int unpacked(int storage) {
        return storage == I8 || storage == I16 ? I32 : storage;
    }

    static boolean isDefaultable(int t) {
        return !isRef(t) || isNullable(t);
    }

    static String name(int t) {
        return switch (t) {
            case I32 -> "i32";
            case I64 -> "i64";
            case F32 -> "f32";
            case F64 -> "f64";
            case V128 -> "v128";
            case I8 -> "i8";
            case I16 -> "i16";
            case UNKNOWN -> "bot";
            default -> isRef(t) ? "(ref " + (isNullable(t) ? "null " : "") + heapName(heap(t)) + ")" : "?" + t;
        };
    }

    static String heapName(int h) {
        return switch (h) {
            case NOEXN -> "noexn";
            case NOFUNC -> "nofunc";
            case NOEXTERN -> "noextern";
            case NONE -> "none";
            case FUNC -> "func";
            case EXTERN -> "extern";
            case ANY -> "any";
            case EQ -> "eq";
            case I31 -> "i31";
            case STRUCT -> "struct";
            case ARRAY -> "array";
            case EXN -> "exn";
            case BOTTOM_HEAP -> "bot";
            default -> isSharedAbstract(h) ? "shared " + heapName(h & ~SHARED) : Integer.toString(h);
        };
    }
}
