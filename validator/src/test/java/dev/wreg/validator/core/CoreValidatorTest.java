package dev.wreg.validator.core;

import static dev.wreg.validator.core.Wasm.concat;
import static dev.wreg.validator.core.Wasm.function;
import static dev.wreg.validator.core.Wasm.leb;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CoreValidatorTest {

    private static final CoreValidator DEFAULTS = CoreValidator.of(Features.defaults());

    private static ValidationResult validate(byte[] bytes) {
        return DEFAULTS.validate(bytes);
    }

    private static String message(ValidationResult r) {
        assertThat(r).isInstanceOf(ValidationResult.Invalid.class);
        return ((ValidationResult.Invalid) r).message();
    }

    @Test
    void emptyModuleIsValid() {
        assertThat(validate(Wasm.module().bytes()).isValid()).isTrue();
    }

    @Test
    void simpleFunctionIsValidAndTypeErrorsAreCaught() {
        // (func (result i32) i32.const 1 i32.const 2 i32.add)
        assertThat(validate(function(new int[] {0x7F}, concat(0x41, 1, 0x41, 2, 0x6A, 0x0B)))
                        .isValid())
                .isTrue();
        // (func (result i32) i64.const 1)
        ValidationResult r = validate(function(new int[] {0x7F}, concat(0x42, 1, 0x0B)));
        assertThat(message(r)).startsWith("type mismatch");
        assertThat(((ValidationResult.Invalid) r).offset()).isPresent();
    }

    @Test
    void malformedInputIsInvalidNotAnException() {
        assertThat(message(validate(new byte[0]))).contains("magic header");
        assertThat(message(validate(new byte[] {0, 'a', 's', 'm'}))).contains("version");
        assertThat(message(validate(new byte[] {0, 'a', 's', 'm', 0x0d, 0, 1, 0})))
                .contains("component");
        // A section whose size runs past the end.
        assertThat(validate(Wasm.module().raw(0x01, 0x7F).bytes()).isValid()).isFalse();
    }

    @Test
    void featuresGateProposals() {
        // (func (result v128) v128.const 0)
        byte[] simd = function(new int[] {0x7B}, concat(0xFD, 0x0C, new byte[16], 0x0B));
        assertThat(validate(simd).isValid()).isTrue();
        assertThat(CoreValidator.of(Features.parse("-simd")).validate(simd).isValid())
                .isFalse();
        assertThat(CoreValidator.of(Features.parse("wasm1")).validate(simd).isValid())
                .isFalse();

        // (type (struct)) needs gc.
        byte[] struct = Wasm.module().section(1, concat(0x01, 0x5F, 0x00)).bytes();
        assertThat(validate(struct).isValid()).isTrue();
        assertThat(CoreValidator.of(Features.parse("wasm2")).validate(struct).isValid())
                .isFalse();
    }

    @Test
    void legacyExceptionsAreOffByDefault() {
        // (func try catch_all end): try (0x06) with an empty block type, catch_all (0x19).
        byte[] module = function(new int[0], concat(0x06, 0x40, 0x19, 0x0B, 0x0B));
        assertThat(validate(module).isValid()).isFalse();
        assertThat(CoreValidator.of(Features.parse("legacy-exceptions"))
                        .validate(module)
                        .isValid())
                .isTrue();
        // catch_all outside a try.
        byte[] stray = function(new int[0], concat(0x02, 0x40, 0x19, 0x0B, 0x0B));
        assertThat(CoreValidator.of(Features.parse("legacy-exceptions"))
                        .validate(stray)
                        .isValid())
                .isFalse();
    }

    @Test
    void everyTruncationOfAValidModuleIsRejectedCleanly() {
        byte[] full = function(new int[] {0x7F}, concat(0x41, 1, 0x41, 2, 0x6A, 0x0B));
        for (int len = 0; len < full.length; len++) {
            ValidationResult r = validate(Arrays.copyOf(full, len));
            // Prefixes ending after the header (8) or after the type section (15) are complete
            // modules; every other prefix cuts a section or leaves a function without code.
            if (len != 8 && len != 15) {
                assertThat(r.isValid()).as("prefix of %d bytes", len).isFalse();
            }
        }
    }

    @Test
    void millionsOfNestedBlocksValidateWithoutOverflowingTheStack() {
        int depth = 2_000_000;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < depth; i++) body.write(new byte[] {0x02, 0x40}, 0, 2);
        for (int i = 0; i < depth; i++) body.write(0x0B);
        body.write(0x0B);
        byte[] module = function(new int[0], body.toByteArray());
        assertThat(validate(module).isValid()).isTrue();
    }

    @Test
    void hugeCountsAreRefusedWithoutAllocating() {
        // A type section claiming 2^32-1 types.
        byte[] types = Wasm.module().section(1, leb(0xFFFF_FFFFL)).bytes();
        assertThat(validate(types).isValid()).isFalse();
        // br_table with 2^31 targets in a tiny body.
        byte[] brTable = function(new int[0], concat(0x41, 0, 0x0E, leb(0x8000_0000L), 0x0B));
        assertThat(validate(brTable).isValid()).isFalse();
        // Locals: 2^32-1 of them.
        byte[] locals = Wasm.module()
                .section(1, concat(0x01, 0x60, 0x00, 0x00))
                .section(3, new byte[] {1, 0})
                .section(10, concat(0x01, 0x07, 0x01, leb(0xFFFF_FFFFL), 0x7F, 0x0B))
                .bytes();
        assertThat(message(validate(locals))).contains("too many locals");
    }

    @Test
    void arrayNewFixedWithAHugeCountInUnreachableCodeIsNotMaterialised() {
        // (type $a (array i32)) (func unreachable array.new_fixed $a 4294967295 drop)
        byte[] body = concat(0x00, 0x00, 0xFB, 0x08, 0x00, leb(0xFFFF_FFFFL), 0x1A, 0x0B);
        byte[] module = Wasm.module()
                .section(1, concat(0x02, 0x5E, 0x7F, 0x00, 0x60, 0x00, 0x00))
                .section(3, new byte[] {1, 1})
                .section(10, concat(0x01, leb(body.length), body))
                .bytes();
        // Validating must not materialise the 2^32-1 elements (that would run out of memory).
        assertThat(validate(module).isValid()).isTrue();
    }

    @Test
    void deepTypeHierarchiesAreLimited() {
        // 70 open struct types, each a subtype of the previous: depth 69 > 63.
        ByteArrayOutputStream types = new ByteArrayOutputStream();
        types.writeBytes(leb(70));
        types.writeBytes(new byte[] {0x50, 0x00, 0x5F, 0x00});
        for (int i = 1; i < 70; i++) {
            types.writeBytes(concat(0x50, 0x01, leb(i - 1), 0x5F, 0x00));
        }
        assertThat(message(
                        validate(Wasm.module().section(1, types.toByteArray()).bytes())))
                .contains("too deep");
    }
}
