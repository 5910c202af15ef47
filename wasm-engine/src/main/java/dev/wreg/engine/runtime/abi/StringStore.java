package dev.wreg.engine.runtime.abi;

import dev.wreg.engine.runtime.ComponentTrap;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
        write(cx, ptr, cs == StandardCharsets.UTF_16LE ? utf16le(s) : s.getBytes(cs));
        return new long[] {(int) ptr, (int) units};
    }

    /**
     * {@code store_string_to_utf8}, from UTF-16 or Latin-1 with the given worst case. The spec
     * stores code point by code point; the ASCII prefix is written here as one copy before the
     * growing realloc, which leaves memory as the spec's loop does at every realloc call.
     */
    private static long[] toUtf8(CanonicalAbi.Cx cx, String s, long units, long worstCase) {
        tooLong(units);
        long ptr = CanonicalAbi.realloc(cx, 0, 0, 1, units);
        int ascii = prefixBelow(s, 0x80);
        write(cx, ptr, asciiOrLatin1(s, ascii));
        if (ascii == s.length()) {
            return new long[] {(int) ptr, (int) units};
        }
        tooLong(worstCase);
        ptr = CanonicalAbi.realloc(cx, ptr, units, 1, worstCase);
        byte[] encoded = s.getBytes(StandardCharsets.UTF_8);
        cx.memory().write((int) (ptr + ascii), encoded, ascii, encoded.length - ascii);
        if (worstCase > encoded.length) {
            ptr = CanonicalAbi.realloc(cx, ptr, worstCase, 1, encoded.length);
        }
        return new long[] {(int) ptr, encoded.length};
    }

    /** {@code store_utf8_to_utf16}: twice the UTF-8 length first, then shrink. */
    private static long[] utf8ToUtf16(CanonicalAbi.Cx cx, String s, long units) {
        long worstCase = 2 * units;
        tooLong(worstCase);
        long ptr = CanonicalAbi.realloc(cx, 0, 0, 2, worstCase);
        byte[] encoded = utf16le(s);
        write(cx, ptr, encoded);
        if (encoded.length < worstCase) {
            ptr = CanonicalAbi.realloc(cx, ptr, worstCase, 2, encoded.length);
        }
        return new long[] {(int) ptr, encoded.length / 2};
    }

    /**
     * {@code store_string_to_latin1_or_utf16}: Latin-1 optimistically at the source's length,
     * inflated to UTF-16 at the first code point above U+00FF, shrunk at the end. The Latin-1
     * prefix is written as one copy, and widened as one read and one write after the growing
     * realloc: the memory the guest sees at each realloc call is the spec's.
     */
    private static long[] toLatin1OrUtf16(CanonicalAbi.Cx cx, String s, long units) {
        tooLong(units);
        long ptr = CanonicalAbi.realloc(cx, 0, 0, 2, units);
        // A code point below U+0100 is one char, so the prefix's chars are its Latin-1 bytes.
        int latin1 = prefixBelow(s, 0x100);
        write(cx, ptr, asciiOrLatin1(s, latin1));
        if (latin1 == s.length()) {
            if (latin1 < units) {
                ptr = CanonicalAbi.realloc(cx, ptr, units, 2, latin1);
            }
            return new long[] {(int) ptr, latin1};
        }
        long worstCase = 2 * units;
        tooLong(worstCase);
        ptr = CanonicalAbi.realloc(cx, ptr, units, 2, worstCase);
        // The spec widens the prefix in place (from its end, so every byte is read before it is
        // overwritten): the same bytes as widening what the realloc left at the new pointer.
        byte[] narrow = cx.memory().readBytes((int) ptr, latin1);
        byte[] encoded = utf16le(s);
        for (int j = 0; j < latin1; j++) {
            encoded[2 * j] = narrow[j];
            encoded[2 * j + 1] = 0;
        }
        write(cx, ptr, encoded);
        if (worstCase > encoded.length) {
            ptr = CanonicalAbi.realloc(cx, ptr, worstCase, 2, encoded.length);
        }
        return new long[] {(int) ptr, (encoded.length / 2) | UTF16_TAG};
    }

    /**
     * {@code store_probably_utf16_to_latin1_or_utf16}: a UTF-16-tagged latin1+utf16 string is
     * copied as UTF-16, and narrowed (with a shrinking realloc) only if every unit fits Latin-1.
     */
    private static long[] probablyUtf16ToLatin1OrUtf16(CanonicalAbi.Cx cx, String s, long units) {
        long bytes = 2 * units;
        tooLong(bytes);
        long ptr = CanonicalAbi.realloc(cx, 0, 0, 2, bytes);
        byte[] encoded = utf16le(s);
        write(cx, ptr, encoded);
        if (prefixBelow(s, 0x100) < s.length()) {
            return new long[] {(int) ptr, (encoded.length / 2) | UTF16_TAG};
        }
        // The spec narrows in place, unit by unit from the start: the first half ends up holding
        // the Latin-1 bytes and the second half keeps what the UTF-16 copy put there.
        int latin1 = encoded.length / 2;
        write(cx, ptr, asciiOrLatin1(s, latin1));
        ptr = CanonicalAbi.realloc(cx, ptr, bytes, 1, latin1);
        return new long[] {(int) ptr, latin1};
    }

    /**
     * {@code s} in UTF-16LE as the JDK's encoder writes it, but as one bulk copy of its chars
     * rather than the encoder's char-by-char loop; a string with a lone surrogate (which no lifted
     * string has) goes through the encoder, which replaces it.
     */
    static byte[] utf16le(String s) {
        char[] chars = s.toCharArray();
        if (!CanonicalAbi.surrogatesPaired(chars)) {
            return s.getBytes(StandardCharsets.UTF_16LE);
        }
        byte[] out = new byte[2 * chars.length];
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).asCharBuffer().put(chars);
        return out;
    }

    /** How many chars of {@code s} from the start are below {@code bound} (at most 0x100). */
    static int prefixBelow(String s, int bound) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) >= bound) {
                return i;
            }
        }
        return n;
    }

    /** The first {@code n} chars of {@code s}, all below U+0100, as Latin-1 bytes. */
    private static byte[] asciiOrLatin1(String s, int n) {
        return (n == s.length() ? s : s.substring(0, n)).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void write(CanonicalAbi.Cx cx, long ptr, byte[] bytes) {
        cx.memory().write((int) ptr, bytes);
    }

    private static void tooLong(long bytes) {
        if (bytes > MAX_STRING_BYTE_LENGTH) {
            throw new ComponentTrap("string too long: " + bytes + " bytes (string content out-of-bounds)");
        }
    }

    /**
     * The length {@code s} has in UTF-8 as Java encodes it (a lone surrogate becomes '?'),
     * counted without encoding it.
     */
    static long utf8Length(String s) {
        long n = 0;
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                n++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
