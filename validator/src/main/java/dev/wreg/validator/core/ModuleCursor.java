package dev.wreg.validator.core;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** A bounds-checked cursor over a module's bytes with the binary format's integer encodings. */
final class ModuleCursor {
    private final byte[] bytes;
    private final int start;
    private int pos;
    private int limit;

    ModuleCursor(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    /**
     * A cursor over the {@code length} bytes of a module starting at {@code offset} of {@code
     * bytes} (a module inside a component). Positions, and so the offsets errors carry, count
     * from the start of {@code bytes}.
     */
    ModuleCursor(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.start = offset;
        this.pos = offset;
        this.limit = offset + length;
    }

    /** Where the module starts. */
    int start() {
        return start;
    }

    int pos() {
        return pos;
    }

    /** The whole module, for a second cursor over it. */
    byte[] bytes() {
        return bytes;
    }

    /** Moves to {@code start} and makes {@code end} the limit (a function body being validated). */
    void range(int start, int end) {
        pos = start;
        limit = end;
    }

    int limit() {
        return limit;
    }

    /** Narrows the readable range to a section or body; returns the old limit to restore. */
    int narrow(int newLimit) {
        int old = limit;
        limit = newLimit;
        return old;
    }

    void restoreLimit(int oldLimit) {
        limit = oldLimit;
    }

    /** Moves back to a position already read (used to re-decode a block type as a value type). */
    void seek(int newPos) {
        if (newPos < 0 || newPos > limit) {
            throw eof();
        }
        pos = newPos;
    }

    boolean atEnd() {
        return pos >= limit;
    }

    ModuleError error(String message) {
        return new ModuleError(message, pos);
    }

    static ModuleError errorAt(String message, long offset) {
        return new ModuleError(message, offset);
    }

    int u8() {
        if (pos >= limit) {
            throw eof();
        }
        return bytes[pos++] & 0xFF;
    }

    int peek() {
        if (pos >= limit) {
            throw eof();
        }
        return bytes[pos] & 0xFF;
    }

    ModuleError eof() {
        return new ModuleError("unexpected end of section or function", pos);
    }

    void skip(int n) {
        if (n < 0 || n > limit - pos) {
            throw eof();
        }
        pos += n;
    }

    byte[] bytes(int n) {
        if (n < 0 || n > limit - pos) {
            throw eof();
        }
        byte[] out = new byte[n];
        System.arraycopy(bytes, pos, out, 0, n);
        pos += n;
        return out;
    }

    /** Unsigned LEB128, at most 5 bytes, the unused bits of the last byte zero. */
    int u32() {
        // Most indices and immediates are one or two bytes; skip the loop for them.
        int p = pos;
        if (limit - p >= 2) {
            int b = bytes[p];
            if (b >= 0) {
                pos = p + 1;
                return b;
            }
            int c = bytes[p + 1];
            if (c >= 0) {
                pos = p + 2;
                return (b & 0x7F) | (c << 7);
            }
        } else if (p < limit && bytes[p] >= 0) {
            return bytes[pos++];
        }
        int result = 0;
        for (int shift = 0; ; shift += 7) {
            int b = u8();
            if (shift == 28 && (b & 0x70) != 0) {
                throw error((b & 0x80) != 0 ? "integer representation too long" : "integer too large");
            }
            result |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
            if (shift == 28) {
                throw error("integer representation too long");
            }
        }
    }

    /** An unsigned 32-bit count or index that must also fit a Java int (2^31 - 1). */
    int count() {
        int start = pos;
        int v = u32();
        if (v < 0) {
            throw errorAt("count or index too large: " + Integer.toUnsignedString(v), start);
        }
        return v;
    }

    /** The length of a vector, refused beyond the implementation limit {@code max} for {@code what}. */
    int vecCount(int max, String what) {
        int start = pos;
        int n = u32();
        if (n < 0 || n > max) {
            throw errorAt(what + " count is out of bounds", start);
        }
        return n;
    }

    long u64() {
        // Memory offsets are mostly short: decode up to four bytes inline.
        int p = pos;
        if (limit - p >= 4) {
            int b = bytes[p];
            if (b >= 0) {
                pos = p + 1;
                return b;
            }
            int v = b & 0x7F;
            b = bytes[p + 1];
            if (b >= 0) {
                pos = p + 2;
                return v | (b << 7);
            }
            v |= (b & 0x7F) << 7;
            b = bytes[p + 2];
            if (b >= 0) {
                pos = p + 3;
                return v | (b << 14);
            }
            v |= (b & 0x7F) << 14;
            b = bytes[p + 3];
            if (b >= 0) {
                pos = p + 4;
                return v | (b << 21);
            }
        }
        long result = 0;
        for (int shift = 0; ; shift += 7) {
            int b = u8();
            if (shift == 63 && (b & 0x7E) != 0) {
                throw error((b & 0x80) != 0 ? "integer representation too long" : "integer too large");
            }
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
            if (shift == 63) {
                throw error("integer representation too long");
            }
        }
    }

    int s32() {
        // Constants of up to four bytes need none of the last byte's checks: decode them inline.
        int p = pos;
        if (limit - p >= 4) {
            int b = bytes[p];
            if (b >= 0) {
                pos = p + 1;
                return (b << 25) >> 25;
            }
            int v = b & 0x7F;
            b = bytes[p + 1];
            if (b >= 0) {
                pos = p + 2;
                return ((b << 7) | v) << 18 >> 18;
            }
            v |= (b & 0x7F) << 7;
            b = bytes[p + 2];
            if (b >= 0) {
                pos = p + 3;
                return ((b << 14) | v) << 11 >> 11;
            }
            v |= (b & 0x7F) << 14;
            b = bytes[p + 3];
            if (b >= 0) {
                pos = p + 4;
                return ((b << 21) | v) << 4 >> 4;
            }
        }
        return (int) signed(32);
    }

    long s33() {
        return signed(33);
    }

    long s64() {
        int p = pos;
        if (limit - p >= 2) {
            int b = bytes[p];
            if (b >= 0) {
                pos = p + 1;
                return (b << 25) >> 25;
            }
            int v = b & 0x7F;
            b = bytes[p + 1];
            if (b >= 0) {
                pos = p + 2;
                return ((b << 7) | v) << 18 >> 18;
            }
        }
        return signed(64);
    }

    /**
     * A signed LEB128 of at most {@code bits} bits: its last possible byte must not continue, and
     * the bits of that byte beyond {@code bits} must all equal the sign bit.
     */
    private long signed(int bits) {
        int lastShift = (bits - 1) / 7 * 7;
        int usedBits = bits - lastShift;
        int unusedMask = 0x7F & ~((1 << usedBits) - 1);
        int signBit = 1 << (usedBits - 1);
        long result = 0;
        for (int shift = 0; ; shift += 7) {
            int b = u8();
            if (shift == lastShift) {
                if ((b & 0x80) != 0) {
                    throw error("integer representation too long");
                }
                boolean negative = (b & signBit) != 0;
                if ((b & unusedMask) != (negative ? unusedMask : 0)) {
                    throw error("integer too large");
                }
            }
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (shift + 7 < 64 && (b & 0x40) != 0) {
                    result |= -1L << (shift + 7);
                }
                return result;
            }
        }
    }

    /** A length-prefixed name that must be valid UTF-8. */
    String name() {
        int len = count();
        int start = pos;
        if (len > limit - pos) {
            throw eof();
        }
        try {
            String s = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, pos, len))
                    .toString();
            pos += len;
            return s;
        } catch (CharacterCodingException e) {
            throw errorAt("malformed UTF-8 encoding", start);
        }
    }
}
