package dev.wreg.engine.runtime.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.engine.runtime.ComponentTrap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import run.endive.runtime.ByteArrayMemory;
import run.endive.runtime.Memory;
import run.endive.wasm.types.MemoryLimits;

/**
 * Strings are stored and lifted with bulk copies (one encoding, one memory write or read) where
 * CanonicalABI.md's {@code store_string} and {@code load_string_from_range} go code point by code
 * point. The guest can watch its realloc calls and the memory they see, so every case is checked
 * against a transliteration of the spec's Python kept here: same realloc calls with the same
 * arguments, same results, same bytes in memory, for every source and destination encoding.
 */
class StringStoreTest {

    /** A guest memory with a bump realloc that, like a real one, copies what it moves. */
    private static final class Guest {
        final Memory memory = new ByteArrayMemory(new MemoryLimits(4, 4));
        final List<List<Long>> reallocs = new ArrayList<>();
        long bump = 64;

        CoreFunction realloc() {
            return args -> {
                reallocs.add(List.of(args[0], args[1], args[2], args[3]));
                long align = args[2];
                long p = (bump + align - 1) / align * align;
                bump = p + args[3] + 3; // odd gaps keep pointers apart
                if (args[0] != 0) {
                    int keep = (int) Math.min(args[1], args[3]);
                    memory.write((int) p, memory.readBytes((int) args[0], keep));
                }
                return new long[] {p};
            };
        }

        CanonicalAbi.Cx cx(CanonOptions.Encoding encoding) {
            ComponentState state = new ComponentState(new HandleTable(16), new AtomicReference<>());
            return new CanonicalAbi.Cx(state, new CanonOptions(memory, realloc(), null, encoding), null);
        }

        byte[] used() {
            return memory.readBytes(0, (int) bump);
        }
    }

    private static final CanonOptions.Encoding[] ENCODINGS = CanonOptions.Encoding.values();

    @Provide
    Arbitrary<String> strings() {
        // ASCII, Latin-1, other BMP and supplementary code points, in runs so that prefixes of
        // each kind come first as often as not.
        Arbitrary<String> ascii = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40);
        Arbitrary<String> latin1 =
                Arbitraries.strings().withCharRange('\u00a0', '\u00ff').ofMaxLength(8);
        Arbitrary<String> bmp =
                Arbitraries.strings().withCharRange('\u0100', '\ud7ff').ofMaxLength(4);
        Arbitrary<String> astral = Arbitraries.integers()
                .between(0x10000, 0x10ffff)
                .map(Character::toString)
                .list()
                .ofMaxSize(2)
                .map(l -> String.join("", l));
        return Arbitraries.oneOf(ascii, latin1, bmp, astral).list().ofMaxSize(5).map(l -> String.join("", l));
    }

    @Property(tries = 400)
    void storingMatchesTheSpecForEverySourceAndDestination(@ForAll("strings") String s) {
        for (CanonOptions.Encoding dst : ENCODINGS) {
            // a host string (no recorded origin: UTF-8)
            compare(s, dst, null);
            for (CanonOptions.Encoding src : ENCODINGS) {
                compare(s, dst, liftedFrom(src, s));
            }
        }
    }

    @Property(tries = 200)
    void whatIsStoredLiftsBackUnchanged(@ForAll("strings") String s) {
        for (CanonOptions.Encoding dst : ENCODINGS) {
            Guest g = new Guest();
            CanonicalAbi.Cx cx = g.cx(dst);
            long[] stored = StringStore.store(cx, s);
            assertThat(CanonicalAbi.loadStringFromRange(cx, (int) stored[0], (int) stored[1]))
                    .isEqualTo(s);
        }
    }

    @Property(tries = 200)
    void utf8LengthIsWhatTheJdkEncodes(@ForAll @Size(max = 30) String s) {
        // any chars at all, lone surrogates included
        assertThat(StringStore.utf8Length(s)).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
    }

    @Property(tries = 200)
    void utf16IsWhatTheJdkEncodesAndDecodes(@ForAll @Size(max = 30) String s) throws Exception {
        // any chars at all: a lone surrogate is encoded as the JDK does it, and refused on the way in
        byte[] encoded = StringStore.utf16le(s);
        assertThat(encoded).isEqualTo(s.getBytes(StandardCharsets.UTF_16LE));
        boolean paired = StandardCharsets.UTF_16LE.newEncoder().canEncode(s);
        assertThat(CanonicalAbi.surrogatesPaired(s.toCharArray())).isEqualTo(paired);
        if (paired) {
            assertThat(CanonicalAbi.utf16(encoded)).isEqualTo(s);
        } else {
            assertThatThrownBy(() -> CanonicalAbi.utf16(utf16le(s)))
                    .isInstanceOf(java.nio.charset.CharacterCodingException.class);
        }
    }

    @Test
    void aHostStringWithALoneSurrogateIsEncodedAsTheJdkDoes() {
        for (String s : List.of("a\ud800", "\udc00b", "x\ud83d\ude00\ud83d", "\ude00\ud83d")) {
            assertThat(CanonicalAbi.surrogatesPaired(s.toCharArray())).isFalse();
            assertThat(StringStore.utf16le(s)).isEqualTo(s.getBytes(StandardCharsets.UTF_16LE));
        }
        assertThat(CanonicalAbi.surrogatesPaired("x\ud83d\ude00".toCharArray())).isTrue();
    }

    @Test
    void invalidUtf8AndLoneSurrogatesTrapWhileAGenuineReplacementCharacterLifts() {
        Guest g = new Guest();
        g.memory.write(100, new byte[] {'a', (byte) 0xc3, 'b'}); // truncated sequence
        g.memory.write(200, new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}); // an encoded surrogate
        g.memory.write(300, "x\uFFFDy".getBytes(StandardCharsets.UTF_8));
        CanonicalAbi.Cx utf8 = g.cx(CanonOptions.Encoding.UTF8);
        assertThatThrownBy(() -> CanonicalAbi.loadStringFromRange(utf8, 100, 3))
                .isInstanceOf(ComponentTrap.class)
                .hasMessageContaining("invalid UTF-8");
        assertThatThrownBy(() -> CanonicalAbi.loadStringFromRange(utf8, 200, 3)).isInstanceOf(ComponentTrap.class);
        assertThat(CanonicalAbi.loadStringFromRange(utf8, 300, 5)).isEqualTo("x\uFFFDy");

        g.memory.write(400, utf16le("a\ud800b")); // lone high surrogate
        g.memory.write(500, utf16le("ab\udc00")); // lone low surrogate at the end
        g.memory.write(600, utf16le("a\ud83d\ude00")); // a pair
        CanonicalAbi.Cx utf16 = g.cx(CanonOptions.Encoding.UTF16);
        assertThatThrownBy(() -> CanonicalAbi.loadStringFromRange(utf16, 400, 3))
                .isInstanceOf(ComponentTrap.class)
                .hasMessageContaining("invalid UTF-16");
        assertThatThrownBy(() -> CanonicalAbi.loadStringFromRange(utf16, 500, 3))
                .isInstanceOf(ComponentTrap.class);
        assertThat(CanonicalAbi.loadStringFromRange(utf16, 600, 3)).isEqualTo("a\ud83d\ude00");
        CanonicalAbi.Cx mixed = g.cx(CanonOptions.Encoding.LATIN1_UTF16);
        assertThatThrownBy(() -> CanonicalAbi.loadStringFromRange(mixed, 400, 3 | StringStore.UTF16_TAG))
                .isInstanceOf(ComponentTrap.class);
        assertThat(CanonicalAbi.loadStringFromRange(mixed, 600, 3 | StringStore.UTF16_TAG))
                .isEqualTo("a\ud83d\ude00");
    }

    /** The chars as UTF-16LE code units, lone surrogates kept (the JDK's encoder replaces them). */
    private static byte[] utf16le(String chars) {
        byte[] out = new byte[2 * chars.length()];
        for (int i = 0; i < chars.length(); i++) {
            out[2 * i] = (byte) chars.charAt(i);
            out[2 * i + 1] = (byte) (chars.charAt(i) >>> 8);
        }
        return out;
    }

    /** The origin lifting {@code s} from a memory of encoding {@code src} gives it. */
    private static StringStore.Origin liftedFrom(CanonOptions.Encoding src, String s) {
        return switch (src) {
            case UTF8 -> new StringStore.Origin(src, StringStore.Simple.UTF8, StringStore.utf8Length(s));
            case UTF16 -> new StringStore.Origin(src, StringStore.Simple.UTF16, s.length());
            case LATIN1_UTF16 ->
                s.chars().allMatch(c -> c < 0x100)
                        ? new StringStore.Origin(src, StringStore.Simple.LATIN1, s.length())
                        : new StringStore.Origin(src, StringStore.Simple.UTF16, s.length());
        };
    }

    private static void compare(String s, CanonOptions.Encoding dst, StringStore.Origin origin) {
        Guest actual = new Guest();
        IdentityHashMap<String, StringStore.Origin> previous = StringStore.openScope();
        long[] got;
        try {
            if (origin != null) {
                StringStore.record(s, origin);
            }
            got = StringStore.store(actual.cx(dst), s);
        } finally {
            StringStore.closeScope(previous);
        }
        Guest expected = new Guest();
        StringStore.Origin o = origin != null
                ? origin
                : new StringStore.Origin(
                        CanonOptions.Encoding.UTF8, StringStore.Simple.UTF8, StringStore.utf8Length(s));
        long[] want = Spec.store(expected, expected.cx(dst), dst, s, o);
        String what = "\"" + s + "\" into " + dst + " from " + (origin == null ? "the host" : origin);
        assertThat(actual.reallocs).as("realloc calls, %s", what).isEqualTo(expected.reallocs);
        assertThat(got).as("pointer and code units, %s", what).containsExactly(want);
        assertThat(actual.used()).as("memory, %s", what).isEqualTo(expected.used());
    }

    /** CanonicalABI.md's {@code store_string_into_range}, one code point and one byte at a time. */
    private static final class Spec {
        static long[] store(Guest g, CanonicalAbi.Cx cx, CanonOptions.Encoding dst, String s, StringStore.Origin o) {
            long units = o.codeUnits();
            return switch (dst) {
                case UTF8 ->
                    switch (o.simple()) {
                        case UTF8 -> copy(g, cx, s, units, 1, 1, StandardCharsets.UTF_8);
                        case UTF16 -> toUtf8(g, cx, s, units, 3 * units);
                        case LATIN1 -> toUtf8(g, cx, s, units, 2 * units);
                    };
                case UTF16 ->
                    switch (o.simple()) {
                        case UTF8 -> utf8ToUtf16(g, cx, s, units);
                        case UTF16, LATIN1 -> copy(g, cx, s, units, 2, 2, StandardCharsets.UTF_16LE);
                    };
                case LATIN1_UTF16 -> {
                    if (o.encoding() != CanonOptions.Encoding.LATIN1_UTF16) {
                        yield toLatin1OrUtf16(g, cx, s, units);
                    }
                    yield o.simple() == StringStore.Simple.LATIN1
                            ? copy(g, cx, s, units, 1, 2, StandardCharsets.ISO_8859_1)
                            : probablyUtf16ToLatin1OrUtf16(g, cx, s, units);
                }
            };
        }

        static long[] copy(
                Guest g,
                CanonicalAbi.Cx cx,
                String s,
                long units,
                int unitSize,
                int align,
                java.nio.charset.Charset cs) {
            long ptr = CanonicalAbi.realloc(cx, 0, 0, align, unitSize * units);
            byte[] encoded = s.getBytes(cs);
            for (int i = 0; i < encoded.length; i++) {
                g.memory.writeByte((int) ptr + i, encoded[i]);
            }
            return new long[] {(int) ptr, (int) units};
        }

        static long[] toUtf8(Guest g, CanonicalAbi.Cx cx, String s, long units, long worstCase) {
            long ptr = CanonicalAbi.realloc(cx, 0, 0, 1, units);
            int i = 0;
            for (int k = 0; k < s.length(); k += Character.charCount(s.codePointAt(k)), i++) {
                int cp = s.codePointAt(k);
                if (cp < 0x80) {
                    g.memory.writeByte((int) ptr + i, (byte) cp);
                } else {
                    ptr = CanonicalAbi.realloc(cx, ptr, units, 1, worstCase);
                    byte[] encoded = s.getBytes(StandardCharsets.UTF_8);
                    for (int j = i; j < encoded.length; j++) {
                        g.memory.writeByte((int) ptr + j, encoded[j]);
                    }
                    if (worstCase > encoded.length) {
                        ptr = CanonicalAbi.realloc(cx, ptr, worstCase, 1, encoded.length);
                    }
                    return new long[] {(int) ptr, encoded.length};
                }
            }
            return new long[] {(int) ptr, (int) units};
        }

        static long[] utf8ToUtf16(Guest g, CanonicalAbi.Cx cx, String s, long units) {
            long worstCase = 2 * units;
            long ptr = CanonicalAbi.realloc(cx, 0, 0, 2, worstCase);
            byte[] encoded = s.getBytes(StandardCharsets.UTF_16LE);
            for (int i = 0; i < encoded.length; i++) {
                g.memory.writeByte((int) ptr + i, encoded[i]);
            }
            if (encoded.length < worstCase) {
                ptr = CanonicalAbi.realloc(cx, ptr, worstCase, 2, encoded.length);
            }
            return new long[] {(int) ptr, encoded.length / 2};
        }

        static long[] toLatin1OrUtf16(Guest g, CanonicalAbi.Cx cx, String s, long units) {
            long ptr = CanonicalAbi.realloc(cx, 0, 0, 2, units);
            int dst = 0;
            for (int k = 0; k < s.length(); k += Character.charCount(s.codePointAt(k))) {
                int cp = s.codePointAt(k);
                if (cp < 0x100) {
                    g.memory.writeByte((int) ptr + dst, (byte) cp);
                    dst++;
                } else {
                    long worstCase = 2 * units;
                    ptr = CanonicalAbi.realloc(cx, ptr, units, 2, worstCase);
                    for (int j = dst - 1; j >= 0; j--) {
                        g.memory.writeByte((int) ptr + 2 * j, g.memory.read((int) ptr + j));
                        g.memory.writeByte((int) ptr + 2 * j + 1, (byte) 0);
                    }
                    byte[] encoded = s.getBytes(StandardCharsets.UTF_16LE);
                    for (int j = 2 * dst; j < encoded.length; j++) {
                        g.memory.writeByte((int) ptr + j, encoded[j]);
                    }
                    if (worstCase > encoded.length) {
                        ptr = CanonicalAbi.realloc(cx, ptr, worstCase, 2, encoded.length);
                    }
                    return new long[] {(int) ptr, (encoded.length / 2) | StringStore.UTF16_TAG};
                }
            }
            if (dst < units) {
                ptr = CanonicalAbi.realloc(cx, ptr, units, 2, dst);
            }
            return new long[] {(int) ptr, dst};
        }

        static long[] probablyUtf16ToLatin1OrUtf16(Guest g, CanonicalAbi.Cx cx, String s, long units) {
            long bytes = 2 * units;
            long ptr = CanonicalAbi.realloc(cx, 0, 0, 2, bytes);
            byte[] encoded = s.getBytes(StandardCharsets.UTF_16LE);
            for (int i = 0; i < encoded.length; i++) {
                g.memory.writeByte((int) ptr + i, encoded[i]);
            }
            if (s.chars().anyMatch(c -> c >= 0x100)) {
                return new long[] {(int) ptr, (encoded.length / 2) | StringStore.UTF16_TAG};
            }
            int latin1 = encoded.length / 2;
            for (int i = 0; i < latin1; i++) {
                g.memory.writeByte((int) ptr + i, g.memory.read((int) ptr + 2 * i));
            }
            ptr = CanonicalAbi.realloc(cx, ptr, bytes, 1, latin1);
            return new long[] {(int) ptr, latin1};
        }
    }
}
