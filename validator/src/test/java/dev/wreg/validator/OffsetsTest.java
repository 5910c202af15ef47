package dev.wreg.validator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.validator.core.ValidationResult;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Invalid binaries are reported with the byte offset wasm-tools gives: the start of the section
 * item being validated for component rules, the absolute position inside the component for an
 * embedded core module's error, and the decoder's position for malformed input.
 */
class OffsetsTest {

    private static final byte[] COMPONENT_PREAMBLE = {0, 'a', 's', 'm', 0x0d, 0, 1, 0};
    private static final byte[] MODULE_PREAMBLE = {0, 'a', 's', 'm', 1, 0, 0, 0};

    private static void section(ByteArrayOutputStream out, int id, byte[] content) {
        out.write(id);
        out.write(content.length); // all contents here are shorter than 128 bytes
        out.writeBytes(content);
    }

    private static ValidationResult.Invalid invalid(byte[] bytes) {
        ValidationResult r = Validator.validate(bytes);
        assertThat(r).isInstanceOf(ValidationResult.Invalid.class);
        return (ValidationResult.Invalid) r;
    }

    @Test
    void componentRuleErrorsPointAtTheFailingItem() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(COMPONENT_PREAMBLE);
        // type section: (type u32) (type (list 7)) — the second refers to an unknown type.
        section(out, 7, new byte[] {2, 0x79, 0x70, 7});
        byte[] bytes = out.toByteArray();
        ValidationResult.Invalid r = invalid(bytes);
        assertThat(r.message()).contains("unknown type");
        // preamble (8) + section id and size (2) + count (1) + first type (1) = 12
        assertThat(r.offset()).hasValue(12);
        assertThat(r.toString()).endsWith("(at offset 0xc)");
    }

    @Test
    void anEmbeddedModuleErrorIsReportedAtItsPositionInTheComponent() {
        ByteArrayOutputStream module = new ByteArrayOutputStream();
        module.writeBytes(MODULE_PREAMBLE);
        // function section naming type 0, but there is no type section.
        module.writeBytes(new byte[] {3, 2, 1, 0});
        byte[] moduleBytes = module.toByteArray();
        ValidationResult.Invalid alone = invalid(moduleBytes);
        assertThat(alone.offset()).isPresent();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(COMPONENT_PREAMBLE);
        out.writeBytes(new byte[] {0, 3, 1, 'x', 0}); // a custom section first, to move the module
        section(out, 1, moduleBytes);
        byte[] bytes = out.toByteArray();
        ValidationResult.Invalid inComponent = invalid(bytes);
        assertThat(inComponent.message()).isEqualTo(alone.message());
        int moduleStart = 8 + 5 + 2;
        assertThat(inComponent.offset()).hasValue(moduleStart + alone.offset().getAsLong());
    }

    @Test
    void malformedInputCarriesTheDecoderPosition() {
        byte[] bytes = {0, 'a', 's', 'm', 0x0d, 0, 1, 0, 7, 5, 1};
        ValidationResult.Invalid r = invalid(bytes);
        assertThat(r.offset()).isPresent();
        assertThat(r.offset().getAsLong()).isBetween(8L, (long) bytes.length);
    }

    @Test
    void coreModuleErrorsCarryOffsets() {
        ValidationResult.Invalid r = invalid(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0, 3, 2, 1, 0});
        assertThat(r.offset()).isPresent();
        assertThat(r.toString()).contains("(at offset 0x");
    }
}
