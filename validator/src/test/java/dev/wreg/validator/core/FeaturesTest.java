package dev.wreg.validator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FeaturesTest {

    @Test
    void defaultsAreWasmToolsDefaults() {
        Features d = Features.parse("");
        assertThat(d).isEqualTo(Features.defaults()).isEqualTo(Features.parse(null));
        assertThat(d.has(Feature.GC)).isTrue();
        assertThat(d.has(Feature.COMPONENT_MODEL)).isTrue();
        assertThat(d.has(Feature.CM_ASYNC)).isTrue();
        assertThat(d.has(Feature.WIDE_ARITHMETIC)).isTrue();
        assertThat(d.has(Feature.CM_VALUES)).isFalse();
        assertThat(d.has(Feature.CUSTOM_PAGE_SIZES)).isFalse();
        assertThat(d.has(Feature.SHARED_EVERYTHING_THREADS)).isFalse();
        assertThat(d.has(Feature.LEGACY_EXCEPTIONS)).isFalse();
    }

    @Test
    void groupsReplaceTheWholeSet() {
        Features wasm1 = Features.parse("wasm1");
        assertThat(wasm1.has(Feature.MUTABLE_GLOBAL)).isTrue();
        assertThat(wasm1.has(Feature.SIMD)).isFalse();
        assertThat(wasm1.has(Feature.COMPONENT_MODEL)).isFalse();

        Features wasm3 = Features.parse("wasm3");
        assertThat(wasm3).isEqualTo(Features.wasm3());
        assertThat(wasm3.has(Feature.GC)).isTrue();
        assertThat(wasm3.has(Feature.THREADS)).isTrue();
        assertThat(wasm3.has(Feature.COMPONENT_MODEL)).isFalse();
        assertThat(wasm3.has(Feature.WIDE_ARITHMETIC)).isFalse();

        // Applied in order: a group after a flag discards the flag.
        assertThat(Features.parse("cm-values,wasm2").has(Feature.CM_VALUES)).isFalse();
        assertThat(Features.parse("wasm2,cm-values").has(Feature.CM_VALUES)).isTrue();
    }

    @Test
    void flagsEnableAndDisable() {
        Features f = Features.parse("cm-async,-cm-values, -simd ,gc");
        assertThat(f.has(Feature.SIMD)).isFalse();
        assertThat(f.has(Feature.CM_ASYNC)).isTrue();
        assertThat(Features.parse("all").has(Feature.CM_GC)).isTrue();
        assertThat(Features.parse("-all").enabled()).isEmpty();
    }

    @Test
    void compositeFlagsMoveBothBits() {
        Features f = Features.parse("-reference-types");
        assertThat(f.has(Feature.REFERENCE_TYPES)).isFalse();
        assertThat(f.has(Feature.CALL_INDIRECT_OVERLONG)).isFalse();
        Features lime = Features.parse("lime1");
        assertThat(lime.has(Feature.CALL_INDIRECT_OVERLONG)).isTrue();
        assertThat(lime.has(Feature.REFERENCE_TYPES)).isFalse();
    }

    @Test
    void badSyntaxIsATypedError() {
        assertThatThrownBy(() -> Features.parse("no-such-thing"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown feature `no-such-thing`");
        assertThatThrownBy(() -> Features.parse("-wasm2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot disable `wasm2`");
    }
}
