package dev.wreg.engine.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wreg.testsupport.SharedData;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Each kind of bad input ends in a clean {@link MalformedComponentException} with its offset. */
class ComponentDecoderBadInputTest {

    private static MalformedComponentException malformed(byte[] bytes) {
        MalformedComponentException e =
                catchThrowableOfType(MalformedComponentException.class, () -> ComponentDecoder.decode(bytes));
        assertThat(e).as("decoding must fail with MalformedComponentException").isNotNull();
        assertThat(e.offset()).isBetween(0L, (long) bytes.length);
        assertThat(e.getMessage()).endsWith("(at offset 0x" + Long.toHexString(e.offset()) + ")");
        return e;
    }

    private static Bin oneImport(Bin name) {
        // import section: one import named `name`, a func of type 0
        return Bin.component()
                .section(10, new Bin().u32(1).raw(0x00).raw(name.bytes()).raw(0x01, 0x00));
    }

    @Test
    void emptyInputIsTruncated() {
        assertThat(malformed(new byte[0]).reason()).isEqualTo("unexpected end-of-file");
    }

    @Test
    void truncatedPreamble() {
        byte[] full = Bin.component().bytes();
        for (int n = 1; n < 8; n++) {
            assertThat(malformed(Arrays.copyOf(full, n)).reason()).isEqualTo("unexpected end-of-file");
        }
    }

    @Test
    void everyTruncationOfAFixtureFailsCleanlyOrDecodesAPrefixOfItsSections() {
        byte[] fixture = SharedCorpus.read(SharedData.fixtureWasm("greeter-upper"));
        int sectionsInFull = ComponentDecoder.decode(fixture).sections().size();
        int failures = 0;
        for (int n = 0; n < fixture.length; n++) {
            byte[] prefix = Arrays.copyOf(fixture, n);
            try {
                // A cut that falls exactly between sections leaves a shorter but well-formed component.
                assertThat(ComponentDecoder.decode(prefix).sections().size()).isLessThan(sectionsInFull);
            } catch (MalformedComponentException e) {
                assertThat(e.offset()).isBetween(0L, (long) n);
                failures++;
            }
        }
        assertThat(failures).isGreaterThan(fixture.length * 9 / 10);
    }

    @Test
    void truncatedInsideASection() {
        byte[] bytes = oneImport(new Bin().name("run")).bytes();
        MalformedComponentException e = malformed(Arrays.copyOf(bytes, bytes.length - 1));
        assertThat(e.reason()).startsWith("unexpected end-of-file: section size");
        assertThat(e.offset()).isEqualTo(9);
    }

    @Test
    void wrongMagic() {
        byte[] bytes = Bin.component().bytes();
        bytes[1] = 'b';
        MalformedComponentException e = malformed(bytes);
        assertThat(e.reason()).isEqualTo("magic header not detected: bad magic number");
        assertThat(e.offset()).isZero();
    }

    @Test
    void wrongVersion() {
        byte[] bytes = Bin.component().bytes();
        bytes[4] = 0x0e;
        MalformedComponentException e = malformed(bytes);
        assertThat(e.reason()).isEqualTo("unknown component version: 0xe");
        assertThat(e.offset()).isEqualTo(4);
    }

    @Test
    void coreModuleLayer() {
        byte[] module = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
        assertThat(malformed(module).reason()).contains("found a core module");
    }

    @Test
    void unknownLayer() {
        byte[] bytes = Bin.component().bytes();
        bytes[6] = 0x02;
        assertThat(malformed(bytes).reason()).startsWith("unknown binary version and encoding combination");
    }

    @Test
    void sectionSizeBeyondTheInput() {
        byte[] bytes = Bin.component().raw(0x0a).u32(1000).raw(0x00).bytes();
        MalformedComponentException e = malformed(bytes);
        assertThat(e.reason()).isEqualTo("unexpected end-of-file: section size 1000 exceeds the 1 remaining bytes");
        assertThat(e.offset()).isEqualTo(9);
    }

    @Test
    void sectionSizeShorterThanItsContent() {
        // an import section that declares one byte fewer than its content
        byte[] good = oneImport(new Bin().name("run")).bytes();
        byte[] bytes = good.clone();
        bytes[9]--;
        bytes = Arrays.copyOf(bytes, bytes.length - 1);
        assertThat(malformed(bytes).reason())
                .isIn("unexpected end-of-file", "section size mismatch: unexpected data at the end of the section");
    }

    @Test
    void unknownSectionId() {
        byte[] bytes = Bin.component().section(13, new Bin()).bytes();
        MalformedComponentException e = malformed(bytes);
        assertThat(e.reason()).isEqualTo("invalid section id: 13");
        assertThat(e.offset()).isEqualTo(8);
    }

    @Test
    void leb128RepresentationTooLong() {
        // a section size of six LEB128 bytes
        byte[] bytes =
                Bin.component().raw(0x0a, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00).bytes();
        MalformedComponentException e = malformed(bytes);
        assertThat(e.reason()).isEqualTo("invalid var_u32: integer representation too long");
        assertThat(e.offset()).isEqualTo(9);
    }

    @Test
    void leb128IntegerTooLarge() {
        // five bytes whose last byte sets bits above bit 31
        byte[] bytes = Bin.component().raw(0x0a, 0xff, 0xff, 0xff, 0xff, 0x7f).bytes();
        MalformedComponentException e = malformed(bytes);
        assertThat(e.reason()).isEqualTo("invalid var_u32: integer too large");
        assertThat(e.offset()).isEqualTo(9);
    }

    @Test
    void leb128OverflowInsideATypeIndex() {
        // a list type whose element type index is an s33 with too many bytes
        Bin types = new Bin().u32(1).raw(0x70, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00);
        MalformedComponentException e =
                malformed(Bin.component().section(7, types).bytes());
        assertThat(e.reason()).isEqualTo("invalid var_s33: integer representation too long");
        assertThat(e.offset()).isEqualTo(12);
    }

    @Test
    void absurdImportCountIsRefusedBeforeAllocating() {
        // 2^32 - 1 imports announced in a 10-byte section
        Bin imports = new Bin().u32(0xffff_ffffL).raw(0x00, 0x01, 'a', 0x01, 0x00);
        MalformedComponentException e =
                malformed(Bin.component().section(10, imports).bytes());
        assertThat(e.reason())
                .isEqualTo("unexpected end-of-file: import count 4294967295 exceeds the 5 remaining bytes");
        assertThat(e.offset()).isEqualTo(10);
    }

    @Test
    void absurdCountsEverywhereFailFast() {
        for (int id = 2; id <= 12; id++) {
            if (id == 4 || id == 9) {
                continue;
            }
            Bin content = new Bin().u32(0xffff_fff0L).raw(0x00);
            assertThat(malformed(Bin.component().section(id, content).bytes()).reason())
                    .contains("count 4294967280 exceeds the 1 remaining bytes");
        }
    }

    @Test
    void tenThousandDeepTypeNesting() {
        // (type (instance (type (instance (type … (instance))))))  10,000 levels deep
        int depth = 10_000;
        Bin type = new Bin();
        for (int i = 0; i < depth; i++) {
            type.raw(0x42, 0x01, 0x01);
        }
        type.raw(0x42, 0x00);
        MalformedComponentException e = malformed(
                Bin.component().section(7, new Bin().u32(1).raw(type.bytes())).bytes());
        assertThat(e.reason()).startsWith("nesting too deep");
    }

    @Test
    void deepComponentNesting() {
        Bin inner = Bin.component();
        for (int i = 0; i < 2_000; i++) {
            inner = Bin.component().section(4, inner);
        }
        assertThat(malformed(inner.bytes()).reason()).startsWith("nesting too deep");
    }

    @Test
    void nestingUpToTheLimitIsAccepted() {
        Bin type = new Bin();
        for (int i = 0; i < ComponentDecoder.MAX_NESTING_DEPTH - 1; i++) {
            type.raw(0x42, 0x01, 0x01);
        }
        type.raw(0x42, 0x00);
        Component c = ComponentDecoder.decode(
                Bin.component().section(7, new Bin().u32(1).raw(type.bytes())).bytes());
        assertThat(c.sections()).hasSize(1);
    }

    @Test
    void invalidUtf8InAName() {
        byte[] bytes = oneImport(new Bin().u32(2).raw(0xff, 0xfe)).bytes();
        MalformedComponentException e = malformed(bytes);
        assertThat(e.reason()).isEqualTo("malformed UTF-8 encoding");
        assertThat(e.offset()).isEqualTo(12);
    }

    @Test
    void overlongUtf8AndSurrogatesAreInvalid() {
        // an overlong encoding of '/', and an encoded UTF-16 surrogate
        assertThat(malformed(oneImport(new Bin().u32(2).raw(0xc0, 0xaf)).bytes())
                        .reason())
                .isEqualTo("malformed UTF-8 encoding");
        assertThat(malformed(oneImport(new Bin().u32(3).raw(0xed, 0xa0, 0x80)).bytes())
                        .reason())
                .isEqualTo("malformed UTF-8 encoding");
    }

    @Test
    void nameLongerThanItsSection() {
        byte[] bytes = oneImport(new Bin().u32(200).raw('a')).bytes();
        assertThat(malformed(bytes).reason()).isEqualTo("unexpected end-of-file");
    }

    @Test
    void unknownOpcodesNameWhatWasExpected() {
        Bin canon = new Bin().u32(1).raw(0x3a);
        MalformedComponentException e =
                malformed(Bin.component().section(8, canon).bytes());
        assertThat(e.reason()).isEqualTo("invalid leading byte (0x3a) for canonical function");
        assertThat(e.offset()).isEqualTo(11);

        Bin types = new Bin().u32(1).raw(0x6c);
        assertThat(malformed(Bin.component().section(7, types).bytes()).reason())
                .isEqualTo("invalid leading byte (0x6c) for component defined type");
    }

    @Test
    void invalidComponentExceptionIsTheOtherKindOfFormatError() {
        ComponentFormatException e = new InvalidComponentException("duplicate export name `a`", 42);
        assertThat(e).isNotInstanceOf(MalformedComponentException.class);
        assertThat(e.getMessage()).isEqualTo("duplicate export name `a` (at offset 0x2a)");
        assertThatThrownBy(() -> {
                    throw e;
                })
                .isInstanceOf(ComponentFormatException.class);
    }
}
