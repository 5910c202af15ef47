package dev.wreg.engine.binary.internal;

import dev.wreg.engine.binary.MalformedComponentException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over a window of a byte array that reads the primitive encodings of the Wasm binary
 * format. Every read is bounds-checked against the window, so truncated or lying input ends in a
 * {@link MalformedComponentException} carrying the offset, never an index error.
 *
 * <p>The reader also counts LEB128 values that were not written in their shortest form: the
 * encoder re-encodes canonically, so the decoder keeps the original bytes of any section where
 * this count moved (see {@code ComponentDecoder}).
 */
public final class WasmReader {
    private final byte[] data;
    private int pos;
    private final int end;
    private int nonMinimalLebs;
    /** Where decoded items start, when the caller asked for it (shared with slices); else null. */
    private java.util.Map<Object, Integer> positions;

    public WasmReader(byte[] data) {
        this(data, 0, data.length);
    }

    private WasmReader(byte[] data, int start, int end) {
        this.data = data;
        this.pos = start;
        this.end = end;
    }

    public byte[] data() {
        return data;
    }

    public int position() {
        return pos;
    }

    public int end() {
        return end;
    }

    public int remaining() {
        return end - pos;
    }

    public boolean atEnd() {
        return pos >= end;
    }

    public int nonMinimalLebs() {
        return nonMinimalLebs;
    }

    /** A reader over the next {@code length} bytes; this reader skips past them. */
    public WasmReader slice(int length) {
        requireAvailable(length);
        WasmReader sub = new WasmReader(data, pos, pos + length);
        sub.positions = positions;
        pos += length;
        return sub;
    }

    /** Records, from now on, where each item passed to {@link #mark} starts (identity keys). */
    public void recordPositions(java.util.Map<Object, Integer> into) {
        this.positions = into;
    }

    /** Notes that {@code item} was read from {@code offset}, when positions are recorded. */
    public void mark(Object item, int offset) {
        if (positions != null) {
            positions.putIfAbsent(item, offset);
        }
    }

    public MalformedComponentException error(String reason) {
        return new MalformedComponentException(reason, pos);
    }

    public MalformedComponentException error(String reason, int offset) {
        return new MalformedComponentException(reason, offset);
    }

    private void requireAvailable(long count) {
        if (count < 0 || count > end - pos) {
            throw new MalformedComponentException("unexpected end-of-file", Math.min(end, data.length));
        }
    }

    public int u8() {
        requireAvailable(1);
        return data[pos++] & 0xff;
    }

    public int peek() {
        requireAvailable(1);
        return data[pos] & 0xff;
    }

    /** Reads {@code 0x00} as false and {@code 0x01} as true. */
    public boolean flag(String what) {
        int start = pos;
        int b = u8();
        return switch (b) {
            case 0 -> false;
            case 1 -> true;
            default -> throw error("invalid boolean value for " + what, start);
        };
    }

    public MalformedComponentException invalidLeadingByte(int b, String what, int offset) {
        return new MalformedComponentException(
                "invalid leading byte (0x" + Integer.toHexString(b) + ") for " + what, offset);
    }

    public byte[] bytes(int length) {
        requireAvailable(length);
        byte[] out = new byte[length];
        System.arraycopy(data, pos, out, 0, length);
        pos += length;
        return out;
    }

    public void skip(int length) {
        requireAvailable(length);
        pos += length;
    }

    /** Unsigned LEB128 of at most 32 bits. */
    public int u32() {
        return (int) unsignedLeb(32, "var_u32");
    }

    /** Unsigned LEB128 of at most 64 bits. */
    public long u64() {
        return unsignedLeb(64, "var_u64");
    }

    /**
     * Unsigned LEB128 of at most {@code bits} bits: the last byte a value may take (the one at
     * shift {@code bits / 7 * 7}) must end the value and must not set bits beyond {@code bits}.
     */
    private long unsignedLeb(int bits, String what) {
        int start = pos;
        int lastShift = bits / 7 * 7;
        int excess = (0x7f << (bits - lastShift)) & 0x7f;
        long result = 0;
        int shift = 0;
        while (true) {
            int b = u8();
            if (shift == lastShift) {
                if ((b & 0x80) != 0) {
                    throw error("invalid " + what + ": integer representation too long", start);
                }
                if ((b & excess) != 0) {
                    throw error("invalid " + what + ": integer too large", start);
                }
            }
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
            shift += 7;
        }
        noteWidth(start, unsignedWidth(result));
        return result;
    }

    /** Signed LEB128 of at most 33 bits (value types and heap types). */
    public long s33() {
        int start = pos;
        long result = 0;
        int shift = 0;
        int b;
        while (true) {
            b = u8();
            if (shift == 28) {
                if ((b & 0x80) != 0) {
                    throw error("invalid var_s33: integer representation too long", start);
                }
                // The 5th byte holds bits 28..34; bits 33.. must all equal the sign bit (bit 32).
                int high = (b & 0x7f) >> 4;
                if (high != 0 && high != 0x7) {
                    throw error("invalid var_s33: integer too large", start);
                }
            }
            result |= (long) (b & 0x7f) << shift;
            shift += 7;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        if (shift < 64 && (b & 0x40) != 0) {
            result |= -1L << shift;
        }
        // Sign-extend from bit 32 so out-of-range fifth bytes cannot sneak in.
        result = (result << 31) >> 31;
        noteWidth(start, signedWidth(result));
        return result;
    }

    private void noteWidth(int start, int minimal) {
        if (pos - start != minimal) {
            nonMinimalLebs++;
        }
    }

    public static int unsignedWidth(long value) {
        int width = 1;
        while ((value >>>= 7) != 0) {
            width++;
        }
        return width;
    }

    public static int signedWidth(long value) {
        int width = 1;
        while (true) {
            long rest = value >> 6;
            if (rest == 0 || rest == -1) {
                return width;
            }
            value >>= 7;
            width++;
        }
    }

    /**
     * A length-prefixed count of items, each taking at least one byte: refusing counts larger
     * than the remaining input bounds every allocation by the input size.
     */
    public int count(String what) {
        int start = pos;
        int n = u32();
        if (n < 0 || n > remaining()) {
            throw error(
                    "unexpected end-of-file: " + what + " count " + Integer.toUnsignedString(n) + " exceeds the "
                            + remaining() + " remaining bytes",
                    start);
        }
        return n;
    }

    /** A UTF-8 string prefixed by its byte length. */
    public String name() {
        int start = pos;
        int length = u32();
        if (length < 0 || length > remaining()) {
            throw error("unexpected end-of-file", Math.min(end, data.length));
        }
        boolean ascii = true;
        for (int i = pos; i < pos + length; i++) {
            if (data[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            // The common case needs no validation beyond the check above.
            String s = new String(data, pos, length, StandardCharsets.US_ASCII);
            pos += length;
            return s;
        }
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            String s = decoder.decode(ByteBuffer.wrap(data, pos, length)).toString();
            pos += length;
            return s;
        } catch (CharacterCodingException e) {
            throw error("malformed UTF-8 encoding", start);
        }
    }
}
