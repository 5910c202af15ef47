package dev.wreg.validator.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.wreg.validator.Validator;
import dev.wreg.validator.core.ValidationResult;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pathological type graphs end in a clean verdict, in bounded time and memory. */
class BadInputTest {

    private static void leb(ByteArrayOutputStream out, long v) {
        do {
            int b = (int) (v & 0x7f);
            v >>>= 7;
            out.write(v == 0 ? b : b | 0x80);
        } while (v != 0);
    }

    private static byte[] component(byte[] typeSection) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 'a', 's', 'm', 0x0d, 0, 1, 0});
        out.write(7);
        leb(out, typeSection.length);
        out.writeBytes(typeSection);
        return out.toByteArray();
    }

    @Test
    void exponentialTypeSizeIsRefused() {
        // t0 = u32; t(i+1) = tuple<t(i), t(i)>: 60 definitions describe a type of size 2^60.
        int n = 60;
        ByteArrayOutputStream types = new ByteArrayOutputStream();
        leb(types, n + 1);
        types.write(0x6f); // tuple
        leb(types, 1);
        types.write(0x79); // u32
        for (int i = 0; i < n; i++) {
            types.write(0x6f);
            leb(types, 2);
            leb(types, i);
            leb(types, i);
        }
        byte[] bytes = component(types.toByteArray());
        ValidationResult r = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Validator.validate(bytes));
        assertThat(r).isInstanceOf(ValidationResult.Invalid.class);
        assertThat(((ValidationResult.Invalid) r).message()).contains("effective type size exceeds the limit");
    }

    @Test
    void exponentialRecordsOverAHundredLevelsAreRefused() {
        // t0 = record {a: u32}; t(i+1) = record {a: t(i), b: t(i)}, alternating with a tuple
        // level, for 100 levels: each definition is a few bytes, the described type is 2^100.
        int n = 100;
        ByteArrayOutputStream types = new ByteArrayOutputStream();
        leb(types, n + 1);
        types.write(0x72); // record
        leb(types, 1);
        name(types, "a");
        types.write(0x79); // u32
        for (int i = 0; i < n; i++) {
            if (i % 2 == 0) {
                types.write(0x72);
                leb(types, 2);
                name(types, "a");
                typeRef(types, i);
                name(types, "b");
                typeRef(types, i);
            } else {
                types.write(0x6f);
                leb(types, 2);
                typeRef(types, i);
                typeRef(types, i);
            }
        }
        byte[] bytes = component(types.toByteArray());
        ValidationResult r = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Validator.validate(bytes));
        assertThat(r).isInstanceOf(ValidationResult.Invalid.class);
        assertThat(((ValidationResult.Invalid) r).message()).contains("effective type size exceeds the limit");
        // The offset is that of the type definition that crossed the limit, inside the section.
        assertThat(((ValidationResult.Invalid) r).offset()).isPresent();
        assertThat(((ValidationResult.Invalid) r).offset().getAsLong()).isBetween(10L, (long) bytes.length);
    }

    /** A value type naming a type index: an s33, so indices from 64 take two bytes. */
    private static void typeRef(ByteArrayOutputStream out, int index) {
        long v = index;
        while (true) {
            int b = (int) (v & 0x7f);
            v >>= 7;
            if ((v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0)) {
                out.write(b);
                return;
            }
            out.write(b | 0x80);
        }
    }

    private static void name(ByteArrayOutputStream out, String name) {
        leb(out, name.length());
        out.writeBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void coreGcTypesDoublingThroughReferencesStayLinear() {
        // t0 = struct {}; t(i+1) = struct {(ref null t(i)), (ref null t(i))}, 1000 levels: valid
        // (as wasm-tools says), so it must be checked without describing 2^1000 fields.
        int n = 1000;
        ByteArrayOutputStream types = new ByteArrayOutputStream();
        leb(types, n + 1);
        types.write(0x5f); // struct
        leb(types, 0);
        for (int i = 0; i < n; i++) {
            types.write(0x5f);
            leb(types, 2);
            for (int k = 0; k < 2; k++) {
                types.write(0x63); // ref null
                typeRef(types, i);
                types.write(0); // immutable
            }
        }
        byte[] typeSection = types.toByteArray();
        // As the component's own core type section (id 3) …
        ByteArrayOutputStream component = new ByteArrayOutputStream();
        component.writeBytes(new byte[] {0, 'a', 's', 'm', 0x0d, 0, 1, 0});
        component.write(3);
        leb(component, typeSection.length);
        component.writeBytes(typeSection);
        // … and as the type section of an embedded core module.
        ByteArrayOutputStream module = new ByteArrayOutputStream();
        module.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        module.write(1);
        leb(module, typeSection.length);
        module.writeBytes(typeSection);
        byte[] moduleBytes = module.toByteArray();
        ByteArrayOutputStream withModule = new ByteArrayOutputStream();
        withModule.writeBytes(new byte[] {0, 'a', 's', 'm', 0x0d, 0, 1, 0});
        withModule.write(1);
        leb(withModule, moduleBytes.length);
        withModule.writeBytes(moduleBytes);
        for (byte[] bytes : List.of(component.toByteArray(), withModule.toByteArray())) {
            ValidationResult r = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Validator.validate(bytes));
            assertThat(r.isValid()).as(r.toString()).isTrue();
        }
    }

    @Test
    void tenThousandNestedInstanceTypesAreRefused() {
        int depth = 10_000;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        leb(body, 1);
        for (int i = 0; i < depth; i++) {
            body.write(0x42); // instance type
            leb(body, 1); // one declarator
            body.write(0x01); // a type
        }
        body.write(0x42);
        leb(body, 0);
        byte[] bytes = component(body.toByteArray());
        ValidationResult r = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Validator.validate(bytes));
        assertThat(r).isInstanceOf(ValidationResult.Invalid.class);
        assertThat(r.toString()).containsIgnoringCase("nest");
    }

    @Test
    void truncatedAndGarbageInputGiveVerdicts() {
        assertThat(Validator.validate(new byte[0]).isValid()).isFalse();
        assertThat(Validator.validate(new byte[] {0, 'a', 's', 'm', 0x0d, 0, 1, 0, 7, 5, 1})
                        .isValid())
                .isFalse();
        assertThat(Validator.validate(new byte[] {0, 'a', 's', 'm', 0x0d, 0, 1, 0})
                        .isValid())
                .isTrue();
    }
}
