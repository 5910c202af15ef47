package dev.wreg.engine.runtime.abi;

import dev.wreg.engine.runtime.ComponentTrap;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;

/**
 * Stores a string into an instance's memory the way CanonicalABI.md's {@code store_string} does:
 * which realloc calls are made, with which sizes and alignments, depends on the encoding the string
 * was lifted from and on the destination encoding (worst-case allocation first, then a shrinking
 * realloc). Guests can observe those calls, so they follow the spec exactly rather than allocating
 * the final size at once.
 *
 * <p>A lifted string carries its source through {@link Origin}: when a component calls another,
 * the string is lifted from the caller's memory and lowered into the callee's on the same thread,
 * inside one {@link #openScope()} … {@link #closeScope} bracket. A string with no recorded origin
 * comes from the host and counts as UTF-8, as a host string does in wasmtime.
 */
final class StringStore {
    private StringStore() {}

    static final long MAX_STRING_BYTE_LENGTH = (1L << 31) - 1;
    static final int UTF16_TAG = 1 << 31;

    /** The encodings a string can be held in inside a guest's memory. */
    enum Simple {
        UTF8,
        UTF16,
        LATIN1
    }

    /**
     * Where a lifted string came from.
     *
     * @param encoding the lifting side's {@code string-encoding} option
     * @param simple the encoding its bytes were actually in (latin1+utf16 is either)
     * @param codeUnits its length in code units of {@code simple}
     */
    record Origin(CanonOptions.Encoding encoding, Simple simple, long codeUnits) {}

    private static final ThreadLocal<IdentityHashMap<String, Origin>> ORIGINS = new ThreadLocal<>();

    /** Starts recording origins for one lowered call; returns what {@link #closeScope} restores. */
    static IdentityHashMap<String, Origin> openScope() {
        IdentityHashMap<String, Origin> previous = ORIGINS.get();
        ORIGINS.set(new IdentityHashMap<>());
        return previous;
    }

    static void closeScope(IdentityHashMap<String, Origin> previous) {
        if (previous == null) {
            ORIGINS.remove();
        } else {
            ORIGINS.set(previous);
        }
    }

    static void record(String s, Origin origin) {
        IdentityHashMap<String, Origin> m = ORIGINS.get();
        if (m != null) {
            m.put(s, origin);
        }
    }

    private static Origin originOf(String s) {
        IdentityHashMap<String, Origin> m = ORIGINS.get();
        Origin o = m == null ? null : m.get(s);
        if (o != null) {
            return o;
        }
        return new Origin(CanonOptions.Encoding.UTF8, Simple.UTF8, utf8Length(s));
    }

    /** {@code store_string_into_range}: returns the pointer and the (tagged) code-unit count. */
    static long[] store(CanonicalAbi.Cx cx, String s) {
        IdentityHashMap<String, Origin> recorded = ORIGINS.get();
        if (cx.opts.encoding() == CanonOptions.Encoding.UTF8 && (recorded == null || !recorded.containsKey(s))) {
            // A host string into UTF-8: store_string_copy with its UTF-8 length, encoded once.
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            tooLong(utf8.length);
            long ptr = CanonicalAbi.realloc(cx, 0, 0, 1, utf8.length);
            write(cx, ptr, utf8);
            return new long[] {(int) ptr, utf8.length};
        }
        Origin src = originOf(s);
        long units = src.codeUnits();
        return switch (cx.opts.encoding()) {
            case UTF8 ->
                switch (src.simple()) {
                    case UTF8 -> copy(cx, s, units, 1, 1, StandardCharsets.UTF_8);
                    case UTF16 -> toUtf8(cx, s, units, units * 3);
                    case LATIN1 -> toUtf8(cx, s, units, units * 2);
                };
            case UTF16 ->
                switch (src.simple()) {
                    case UTF8 -> utf8ToUtf16(cx, s, units);
                    case UTF16, LATIN1 -> copy(cx, s, units, 2, 2, StandardCharsets.UTF_16LE);
                };
            case LATIN1_UTF16 -> {
                if (src.encoding() != CanonOptions.Encoding.LATIN1_UTF16) {
                    yield toLatin1OrUtf16(cx, s, units);
                }
                yield src.simple() == Simple.LATIN1
                        ? copy(cx, s, units, 1, 2, StandardCharsets.ISO_8859_1)
                        : probablyUtf16ToLatin1OrUtf16(cx, s, units);
            }
        };
    }

    /** {@code store_string_copy}: the destination size is known up front. */
    private static long[] copy(
            CanonicalAbi.Cx cx, String s, long units, int unitSize, int align, java.nio.charset.Charset cs) {
        long bytes = unitSize * units;
        tooLong(bytes);
        long ptr = CanonicalAbi.realloc(cx, 0, 0, align, bytes);
        write(cx, ptr, s.getBytes(cs));
        return new long[] {(int) ptr, (int) units};
    }

    /** {@code store_string_to_utf8}, from UTF-16 or Latin-1 with the given worst case. */
    private static long[] toUtf8(CanonicalAbi.Cx cx, String s, long units, long worstCase) {
        tooLong(units);
        long ptr = CanonicalAbi.realloc(cx, 0, 0, 1, units);
        int i = 0;
        for (int k = 0; k < s.length(); ) {
            int cp = s.codePointAt(k);
            if (cp >= 0x80) {
                tooLong(worstCase);
                ptr = CanonicalAbi.realloc(cx, ptr, units, 1, worstCase);
                byte[] encoded = s.getBytes(StandardCharsets.UTF_8);
                cx.memory().write((int) (ptr + i), encoded, i, encoded.length - i);
                if (worstCase > encoded.length) {
                    ptr = CanonicalAbi.realloc(cx, ptr, worstCase, 1, encoded.length);
                }
                return new long[] {(int) ptr, encoded.length};
            }
            cx.memory().writeByte((int) (ptr + i), (byte) cp);
            i++;
            k += Character.charCount(cp);
        }
        return new long[] {(int) ptr, (int) units};
    }

    /** {@code store_utf8_to_utf16}: twice the UTF-8 length first, then shrink. */
    private static long[] utf8ToUtf16(CanonicalAbi.Cx cx, String s, long units) {
        long worstCase = 2 * units;
        tooLong(worstCase);
        long ptr = CanonicalAbi.realloc(cx, 0, 0, 2, worstCase);
        byte[] encoded = s.getBytes(StandardCharsets.UTF_16LE);
        write(cx, ptr, encoded);
        if (encoded.length < worstCase) {
            ptr = CanonicalAbi.realloc(cx, ptr, worstCase, 2, encoded.length);
        }
        return new long[] {(int) ptr, encoded.length / 2};
    }

    /**
     * {@code store_string_to_latin1_or_utf16}: Latin-1 optimistically at the source's length,
     * inflated to UTF-16 at the first code point above U+00FF, shrunk at the end.
     */
    private static long[] toLatin1OrUtf16(CanonicalAbi.Cx cx, String s, long units) {
        tooLong(units);
        long ptr = CanonicalAbi.realloc(cx, 0, 0, 2, units);
        int latin1 = 0;
        for (int k = 0; k < s.length(); ) {
            int cp = s.codePointAt(k);
            if (cp >= 0x100) {
                long worstCase = 2 * units;
                tooLong(worstCase);
                ptr = CanonicalAbi.realloc(cx, ptr, units, 2, worstCase);
                byte[] encoded = s.getBytes(StandardCharsets.UTF_16LE);
                // The Latin-1 prefix already written is widened in place, then the rest follows.
                for (int j = latin1 - 1; j >= 0; j--) {
                    byte b = cx.memory().read((int) (ptr + j));
                    cx.memory().writeByte((int) (ptr + 2L * j), b);
                    cx.memory().writeByte((int) (ptr + 2L * j + 1), (byte) 0);
                }
                cx.memory().write((int) (ptr + 2L * latin1), encoded, 2 * latin1, encoded.length - 2 * latin1);
                if (worstCase > encoded.length) {
                    ptr = CanonicalAbi.realloc(cx, ptr, worstCase, 2, encoded.length);
                }
                return new long[] {(int) ptr, (encoded.length / 2) | UTF16_TAG};
            }
            cx.memory().writeByte((int) (ptr + latin1), (byte) cp);
            latin1++;
            k += Character.charCount(cp);
        }
        if (latin1 < units) {
            ptr = CanonicalAbi.realloc(cx, ptr, units, 2, latin1);
        }
        return new long[] {(int) ptr, latin1};
    }

    /**
     * {@code store_probably_utf16_to_latin1_or_utf16}: a UTF-16-tagged latin1+utf16 string is
     * copied as UTF-16, and narrowed (with a shrinking realloc) only if every unit fits Latin-1.
     */
    private static long[] probablyUtf16ToLatin1OrUtf16(CanonicalAbi.Cx cx, String s, long units) {
        long bytes = 2 * units;
        tooLong(bytes);
        long ptr = CanonicalAbi.realloc(cx, 0, 0, 2, bytes);
        byte[] encoded = s.getBytes(StandardCharsets.UTF_16LE);
        write(cx, ptr, encoded);
        if (s.chars().anyMatch(c -> c >= 0x100)) {
            return new long[] {(int) ptr, (encoded.length / 2) | UTF16_TAG};
        }
        int latin1 = encoded.length / 2;
        for (int i = 0; i < latin1; i++) {
            cx.memory().writeByte((int) (ptr + i), encoded[2 * i]);
        }
        ptr = CanonicalAbi.realloc(cx, ptr, bytes, 1, latin1);
        return new long[] {(int) ptr, latin1};
    }

    private static void write(CanonicalAbi.Cx cx, long ptr, byte[] bytes) {
        cx.memory().write((int) ptr, bytes);
    }

    private static void tooLong(long bytes) {
        if (bytes > MAX_STRING_BYTE_LENGTH) {
            throw new ComponentTrap("string too long: " + bytes + " bytes (string content out-of-bounds)");
        }
    }

    /** The length {@code s} has in UTF-8 as Java encodes it (a lone surrogate becomes '?'). */
    static long utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
