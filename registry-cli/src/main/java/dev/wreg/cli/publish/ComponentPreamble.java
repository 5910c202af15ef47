package dev.wreg.cli.publish;

import dev.wreg.cli.CliException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The first eight bytes of a WebAssembly component: magic {@code \0asm}, version {@code 0x0d},
 * layer 1 (component). A core module has version 1, layer 0. Checked before anything is sent.
 */
public final class ComponentPreamble {

    private static final byte[] COMPONENT = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
    private static final byte[] CORE_MODULE = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};

    private ComponentPreamble() {}

    public static void check(Path file) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (Arrays.equals(head, COMPONENT)) {
            return;
        }
        if (Arrays.equals(head, CORE_MODULE)) {
            throw CliException.usage(
                    file + " is a core WebAssembly module, not a component (wrap it with wasm-tools component new)");
        }
        if (head.length >= 4 && Arrays.equals(Arrays.copyOf(head, 4), Arrays.copyOf(COMPONENT, 4))) {
            throw CliException.usage(file + " is WebAssembly but not a component of a version this registry accepts");
        }
        throw CliException.usage(file + " is not a WebAssembly component (no \\0asm preamble)");
    }
}
