package dev.wreg.engine.binary;

import java.util.Optional;

/**
 * The eight bytes every WebAssembly binary starts with: the magic {@code \0asm}, then a 16-bit
 * version and a 16-bit layer, little-endian: layer 0 with version 1 is a core module, layer 1 a
 * component (whose pre-standard version this engine speaks is {@link Component#VERSION}). The one
 * place that tells a component from a core module, or from something that is not WebAssembly: the
 * decoders read the same fields with their own error positions.
 *
 * @param version the version field
 * @param layer the layer field
 */
public record WasmHeader(int version, int layer) {

    /** The header's length in bytes. */
    public static final int LENGTH = 8;

    public static final int LAYER_CORE = 0;
    public static final int LAYER_COMPONENT = 1;
    public static final int CORE_VERSION = 1;

    /** The header of {@code bytes}, or empty when they do not begin with the magic and a whole header. */
    public static Optional<WasmHeader> of(byte[] bytes) {
        if (bytes.length < LENGTH || !hasMagic(bytes)) {
            return Optional.empty();
        }
        return Optional.of(new WasmHeader(u16(bytes, 4), u16(bytes, 6)));
    }

    /** Whether {@code bytes} begin with the magic {@code \0asm}, however short the rest. */
    public static boolean hasMagic(byte[] bytes) {
        return bytes.length >= 4 && bytes[0] == 0 && bytes[1] == 'a' && bytes[2] == 's' && bytes[3] == 'm';
    }

    /** Whether {@code bytes} begin with a component's header, of any version. */
    public static boolean isComponent(byte[] bytes) {
        return of(bytes).map(WasmHeader::isComponentLayer).orElse(false);
    }

    /** The header this engine writes and reads for a component. */
    public static byte[] componentBytes() {
        return new byte[] {0x00, 0x61, 0x73, 0x6d, (byte) Component.VERSION, 0x00, LAYER_COMPONENT, 0x00};
    }

    public boolean isComponentLayer() {
        return layer == LAYER_COMPONENT;
    }

    public boolean isCoreLayer() {
        return layer == LAYER_CORE;
    }

    /** A component in the encoding this engine decodes. */
    public boolean isSupportedComponent() {
        return isComponentLayer() && version == Component.VERSION;
    }

    /** A core module of the one version there is. */
    public boolean isSupportedCoreModule() {
        return isCoreLayer() && version == CORE_VERSION;
    }

    private static int u16(byte[] bytes, int at) {
        return (bytes[at] & 0xff) | (bytes[at + 1] & 0xff) << 8;
    }
}
