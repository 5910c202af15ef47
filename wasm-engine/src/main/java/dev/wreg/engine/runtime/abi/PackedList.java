package dev.wreg.engine.runtime.abi;

import dev.wreg.engine.runtime.Val;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * An immutable list of scalar values (bool, integers, floats, char) held as the bytes the
 * canonical ABI stores them in: little-endian, {@link ValueType#sizeOf} bytes each. Lifting a
 * {@code list<u8>} (or any scalar list) copies guest memory into one array, and lowering such a
 * list writes that array back in one copy, instead of one {@link Val} and one memory access per
 * element; {@link #get} makes each element's {@code Val} only when someone asks for it. It is what
 * {@link Val.ListVal#elements()} holds for a lifted scalar list, and what {@link Val#bytes} makes.
 */
public final class PackedList extends AbstractList<Val> implements RandomAccess {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final ValueType.Prim type;
    private final byte[] data;
    private final int size;

    private PackedList(ValueType.Prim type, byte[] data) {
        this.type = type;
        this.data = data;
        this.size = data.length / ValueType.sizeOf(type);
    }

    /** Whether lists of {@code t} are held packed: every primitive but string. */
    public static boolean packs(ValueType t) {
        return t instanceof ValueType.Prim p && p != ValueType.Prim.STRING;
    }

    /** A {@code list<u8>} of a copy of {@code bytes}. */
    public static PackedList ofBytes(byte[] bytes) {
        return new PackedList(ValueType.Prim.U8, bytes.clone());
    }

    /**
     * Takes {@code data} (not copied: the caller gives it up) as values of {@code type}; a {@code
     * char} list must hold Unicode scalar values only, which lifting checks first.
     */
    static PackedList adopt(ValueType.Prim type, byte[] data) {
        if (!packs(type) || data.length % ValueType.sizeOf(type) != 0) {
            throw new IllegalArgumentException("not a packed " + type + " list");
        }
        return new PackedList(type, data);
    }

    public ValueType.Prim elementType() {
        return type;
    }

    @Override
    public int size() {
        return size;
    }

    /** A packed copy of the elements {@code from} (inclusive) to {@code to} (exclusive). */
    public PackedList slice(int from, int to) {
        java.util.Objects.checkFromToIndex(from, to, size);
        int w = ValueType.sizeOf(type);
        return new PackedList(type, java.util.Arrays.copyOfRange(data, from * w, to * w));
    }

    /** A copy of the elements' bytes as they are stored in a guest's memory. */
    public byte[] toByteArray() {
        return data.clone();
    }

    @Override
    public Val get(int i) {
        java.util.Objects.checkIndex(i, size);
        return switch (type) {
            case BOOL -> new Val.Bool(data[i] != 0);
            case S8 -> new Val.S8(data[i]);
            case U8 -> new Val.U8(data[i]);
            case S16 -> new Val.S16((short) SHORT.get(data, 2 * i));
            case U16 -> new Val.U16((short) SHORT.get(data, 2 * i));
            case S32 -> new Val.S32((int) INT.get(data, 4 * i));
            case U32 -> new Val.U32((int) INT.get(data, 4 * i));
            case S64 -> new Val.S64((long) LONG.get(data, 8 * i));
            case U64 -> new Val.U64((long) LONG.get(data, 8 * i));
            case F32 -> new Val.F32(CanonicalAbi.canonF32(Float.intBitsToFloat((int) INT.get(data, 4 * i))));
            case F64 -> new Val.F64(CanonicalAbi.canonF64(Double.longBitsToDouble((long) LONG.get(data, 8 * i))));
            case CHAR -> new Val.Char((int) INT.get(data, 4 * i));
            case STRING -> throw new IllegalStateException("strings are never packed");
        };
    }

    /**
     * The bytes lowering {@code elems} as a list of {@code type} writes: this list's own array
     * when it already holds {@code type} values in canonical form, else encoded element by
     * element (booleans as 0/1, NaNs canonical, chars checked), without touching guest memory.
     */
    static byte[] lowered(ValueType.Prim type, List<Val> elems) {
        if (elems instanceof PackedList p && p.type == type) {
            return switch (type) {
                case BOOL, F32, F64 -> p.canonicalCopy();
                default -> p.data; // only read by the caller
            };
        }
        int width = ValueType.sizeOf(type);
        byte[] out = new byte[Math.multiplyExact(width, elems.size())];
        for (int i = 0; i < elems.size(); i++) {
            Val v = elems.get(i);
            switch (type) {
                case F32 ->
                    INT.set(
                            out,
                            4 * i,
                            Float.floatToRawIntBits(CanonicalAbi.canonF32(
                                    as(v, Val.F32.class, type).value())));
                case F64 ->
                    LONG.set(
                            out,
                            8 * i,
                            Double.doubleToRawLongBits(CanonicalAbi.canonF64(
                                    as(v, Val.F64.class, type).value())));
                default -> {
                    long bits = CanonicalAbi.intBits(v, type);
                    switch (width) {
                        case 1 -> out[i] = (byte) bits;
                        case 2 -> SHORT.set(out, 2 * i, (short) bits);
                        case 4 -> INT.set(out, 4 * i, (int) bits);
                        default -> LONG.set(out, 8 * i, bits);
                    }
                }
            }
        }
        return out;
    }

    private byte[] canonicalCopy() {
        byte[] out = data.clone();
        for (int i = 0; i < size; i++) {
            switch (type) {
                case BOOL -> out[i] = (byte) (out[i] != 0 ? 1 : 0);
                case F32 -> {
                    if (Float.isNaN(Float.intBitsToFloat((int) INT.get(out, 4 * i)))) {
                        INT.set(out, 4 * i, 0x7fc00000);
                    }
                }
                case F64 -> {
                    if (Double.isNaN(Double.longBitsToDouble((long) LONG.get(out, 8 * i)))) {
                        LONG.set(out, 8 * i, 0x7ff8000000000000L);
                    }
                }
                default -> {}
            }
        }
        return out;
    }

    /** Checks that every element of a {@code char} list's bytes is a Unicode scalar value. */
    static void checkChars(byte[] data) {
        for (int i = 0; i < data.length; i += 4) {
            CanonicalAbi.checkChar((int) INT.get(data, i));
        }
    }

    private static <T extends Val> T as(Val v, Class<T> c, ValueType t) {
        if (!c.isInstance(v)) {
            throw new IllegalArgumentException("type mismatch: expected a value of type " + CanonicalAbi.describe(t)
                    + ", got " + (v == null ? "nothing" : v.getClass().getSimpleName()));
        }
        return c.cast(v);
    }
}
