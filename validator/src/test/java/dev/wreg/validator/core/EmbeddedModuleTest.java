package dev.wreg.validator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * A module validated where it lies inside a larger array (a component's bytes) gets the verdict it
 * gets on its own, offsets counted from the module's start, and nothing outside its range is read.
 */
class EmbeddedModuleTest {

    private static byte[] embed(byte[] module, int before, int after) {
        byte[] out = new byte[before + module.length + after];
        java.util.Arrays.fill(out, (byte) 0xFF);
        System.arraycopy(module, 0, out, before, module.length);
        return out;
    }

    @Test
    void sameVerdictAndOffsetsAsOnItsOwn() {
        CoreValidator v = CoreValidator.of(Features.defaults());
        byte[] valid = Wasm.function(new int[] {0x7F}, Wasm.concat(0x41, 1, 0x0B));
        byte[] invalid = Wasm.function(new int[] {0x7F}, Wasm.concat(0x42, 1, 0x0B));
        byte[] truncated = java.util.Arrays.copyOf(valid, valid.length - 3);
        byte[] badMagic = new byte[] {0, 'a', 's', 'x', 1, 0, 0, 0};
        byte[] badVersion = new byte[] {0, 'a', 's', 'm', 2, 0, 0, 0};
        for (byte[] module : new byte[][] {valid, invalid, truncated, badMagic, badVersion, new byte[] {0, 'a'}}) {
            assertThat(v.validate(embed(module, 37, 11), 37, module.length)).isEqualTo(v.validate(module));
        }
        assertThat(v.validate(embed(invalid, 37, 11), 37, invalid.length).isValid())
                .isFalse();
    }

    @Test
    void aRangeOutsideTheArrayIsRefused() {
        CoreValidator v = CoreValidator.of(Features.defaults());
        assertThatThrownBy(() -> v.validate(new byte[10], 5, 6)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
