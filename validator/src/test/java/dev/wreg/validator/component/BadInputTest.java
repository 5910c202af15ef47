package dev.wreg.validator.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.wreg.validator.Validator;
import dev.wreg.validator.core.ValidationResult;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
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
