package dev.wreg.composer;

import dev.wreg.composer.plan.PackageResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The scenario components under src/test/resources/scenarios (built from the .wit next to them by
 * build.mjs; their functions trap, they exist to be linked). In plans they are package
 * {@code sc:<name>}.
 */
public final class Scenarios {
    private Scenarios() {}

    public static ComposeInput input(String name) {
        return new ComposeInput(name, bytes(name));
    }

    static byte[] bytes(String name) {
        try (InputStream in = Scenarios.class.getResourceAsStream("/scenarios/" + name + ".wasm")) {
            if (in == null) {
                return null;
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Resolves {@code sc:<name>} to a scenario component; anything else is unknown. */
    public static PackageResolver resolver() {
        return (name, requirement) -> {
            byte[] b = name.startsWith("sc:") ? bytes(name.substring(3)) : null;
            if (b == null) {
                throw PackageResolver.unknownPackage(name);
            }
            if (requirement != null) {
                throw PackageResolver.unknownVersion(name, requirement);
            }
            return new PackageResolver.ResolvedPackage(name, null, b);
        };
    }
}
