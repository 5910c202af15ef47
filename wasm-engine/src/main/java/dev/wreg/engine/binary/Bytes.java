package dev.wreg.engine.binary;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable run of bytes with value semantics, so that model records holding raw bytes (core
 * modules, custom sections) compare by content.
 */
public final class Bytes {
    private static final Bytes EMPTY = new Bytes(new byte[0]);

    private final byte[] data;

    private Bytes(byte[] data) {
        this.data = data;
    }

    /** Copies {@code data}. */
    public static Bytes of(byte[] data) {
        return data.length == 0 ? EMPTY : new Bytes(data.clone());
    }

    /** Copies {@code length} bytes of {@code data} from {@code offset}. */
    public static Bytes of(byte[] data, int offset, int length) {
        return length == 0 ? EMPTY : new Bytes(Arrays.copyOfRange(data, offset, offset + length));
    }

    public static Bytes empty() {
        return EMPTY;
    }

    public int size() {
        return data.length;
    }

    public byte get(int index) {
        return data[index];
    }

    /** A fresh copy of the content. */
    public byte[] toArray() {
        return data.clone();
    }

    /** The backing array, for the encoder and decoder of this package only (never mutated). */
    byte[] unsafeArray() {
        return data;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bytes b && Arrays.equals(data, b.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        if (data.length <= 32) {
            return "Bytes[" + HexFormat.of().formatHex(data) + "]";
        }
        return "Bytes[" + data.length + " bytes: " + HexFormat.of().formatHex(data, 0, 16) + "…]";
    }
}
