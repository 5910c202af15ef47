package dev.wreg.engine.binary.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer writing the primitive encodings of the Wasm binary format, canonically. */
public final class WasmWriter {
    private byte[] buf;
    private int size;

    public WasmWriter() {
        this(256);
    }

    /** A writer whose buffer starts at {@code capacity} bytes. */
    public WasmWriter(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    public int size() {
        return size;
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            buf = Arrays.copyOf(buf, (int)
                    Math.min(Integer.MAX_VALUE - 8, Math.max(buf.length * 2L, (long) size + extra)));
        }
    }

    public WasmWriter u8(int b) {
        ensure(1);
        buf[size++] = (byte) b;
        return this;
    }

    public WasmWriter bytes(byte[] data) {
        return bytes(data, 0, data.length);
    }

    public WasmWriter bytes(byte[] data, int offset, int length) {
        ensure(length);
        System.arraycopy(data, offset, buf, size, length);
        size += length;
        return this;
    }

    public WasmWriter u32(int value) {
        return u64(Integer.toUnsignedLong(value));
    }

    public WasmWriter u64(long value) {
        do {
            int b = (int) (value & 0x7f);
            value >>>= 7;
            u8(value != 0 ? b | 0x80 : b);
        } while (value != 0);
        return this;
    }

    /** Signed LEB128 (used for s32, s33 and s64 alike). */
    public WasmWriter s64(long value) {
        while (true) {
            int b = (int) (value & 0x7f);
            value >>= 7;
            boolean done = (value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0);
            u8(done ? b : b | 0x80);
            if (done) {
                return this;
            }
        }
    }

    public WasmWriter name(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        u32(utf8.length);
        return bytes(utf8);
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /** Appends {@code other}'s content prefixed by its size. */
    public WasmWriter sized(WasmWriter other) {
        u32(other.size);
        return bytes(other.buf, 0, other.size);
    }

    public WasmWriter append(WasmWriter other) {
        return bytes(other.buf, 0, other.size);
    }
}
