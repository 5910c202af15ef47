package dev.wreg.engine.binary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WasmHeaderTest {

    @Test
    void readsVersionAndLayerLittleEndian() {
        assertThat(WasmHeader.of(WasmHeader.componentBytes()))
                .contains(new WasmHeader(Component.VERSION, WasmHeader.LAYER_COMPONENT));
        assertThat(WasmHeader.of(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0})).contains(new WasmHeader(1, 0));
        assertThat(WasmHeader.of(new byte[] {0, 'a', 's', 'm', 0x0d, 0x01, 0x01, 0x01}))
                .contains(new WasmHeader(0x010d, 0x0101));
    }

    @Test
    void tellsComponentsFromCoreModulesAndFromWhatIsNotWebAssembly() {
        WasmHeader component = WasmHeader.of(WasmHeader.componentBytes()).orElseThrow();
        assertThat(component.isSupportedComponent()).isTrue();
        assertThat(component.isCoreLayer()).isFalse();

        WasmHeader core =
                WasmHeader.of(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0}).orElseThrow();
        assertThat(core.isSupportedCoreModule()).isTrue();
        assertThat(core.isComponentLayer()).isFalse();

        WasmHeader newer =
                WasmHeader.of(new byte[] {0, 'a', 's', 'm', 0x0e, 0, 1, 0}).orElseThrow();
        assertThat(newer.isComponentLayer()).isTrue();
        assertThat(newer.isSupportedComponent()).isFalse();
        assertThat(WasmHeader.isComponent(new byte[] {0, 'a', 's', 'm', 0x0e, 0, 1, 0}))
                .isTrue();

        assertThat(WasmHeader.of("hello, world".getBytes())).isEmpty();
        assertThat(WasmHeader.of(new byte[] {0, 'a', 's', 'm', 1})).isEmpty();
        assertThat(WasmHeader.hasMagic(new byte[] {0, 'a', 's', 'm', 1})).isTrue();
        assertThat(WasmHeader.hasMagic(new byte[] {0, 'a', 's'})).isFalse();
        assertThat(WasmHeader.isComponent(new byte[0])).isFalse();
    }
}
