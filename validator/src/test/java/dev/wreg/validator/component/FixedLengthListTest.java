package dev.wreg.validator.component;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.engine.binary.Component;
import dev.wreg.engine.binary.ComponentEncoder;
import dev.wreg.engine.binary.DefValType;
import dev.wreg.engine.binary.PrimitiveType;
import dev.wreg.engine.binary.Section;
import dev.wreg.validator.Validator;
import dev.wreg.validator.core.Features;
import dev.wreg.validator.core.ValidationResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A fixed-length list's length is a u32 of which wasm-tools accepts up to 2^30 (its
 * MAX_WASM_FIXED_LENGTH_LIST_ELEMENTS); a length read as a negative Java int must not slip past.
 */
class FixedLengthListTest {

    private static ValidationResult validate(int length) {
        byte[] bytes = ComponentEncoder.encode(Component.of(
                List.of(new Section.Types(List.of(new DefValType.FixedListType(PrimitiveType.U32, length))))));
        return Validator.validate(bytes, Features.parse("cm-fixed-length-lists"));
    }

    @Test
    void lengthsUpToTwoToTheThirtyAreAccepted() {
        assertThat(validate(1 << 30)).isEqualTo(ValidationResult.valid());
    }

    @Test
    void longerListsAreRefusedEvenPastTheSignedRange() {
        for (int length : new int[] {(1 << 30) + 1, Integer.MAX_VALUE, Integer.MIN_VALUE, -1}) {
            ValidationResult r = validate(length);
            assertThat(r).isInstanceOf(ValidationResult.Invalid.class);
            assertThat(((ValidationResult.Invalid) r).message())
                    .isEqualTo("fixed-length list element count exceeds limit of 1073741824");
        }
    }
}
