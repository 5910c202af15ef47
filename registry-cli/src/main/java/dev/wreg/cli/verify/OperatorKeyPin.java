package dev.wreg.cli.verify;

import dev.wreg.cli.CliException;
import dev.wreg.cli.config.RegistryAddress;
import dev.wreg.cli.config.SecureFiles;
import dev.wreg.protocol.crypto.PublicKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Trust on first use for a registry's operator key: the first key seen is stored under the
 * state directory, and a registry that later presents another key is refused (exit 6), because
 * namespace ownership, and so every package, hangs on that key.
 */
public final class OperatorKeyPin {

    private final Path file;
    private final Consumer<String> notes;

    public OperatorKeyPin(Path stateDir, RegistryAddress registry, Consumer<String> notes) {
        this.file = stateDir.resolve("registries").resolve(registry.label()).resolve("operator-key");
        this.notes = notes;
    }

    public PublicKey check(PublicKey served) {
        if (!Files.exists(file)) {
            SecureFiles.writePrivate(file, (served.text() + "\n").getBytes(StandardCharsets.UTF_8));
            notes.accept("wreg: trusting the registry's operator key "
                    + served.keyId().value() + " from now on (pinned in " + file + ")");
            return served;
        }
        String pinned;
        try {
            pinned = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (!pinned.equals(served.text())) {
            throw CliException.integrity("the registry's operator key changed (pinned " + pinned + ", now "
                    + served.text() + "); if the operator really rotated it, delete " + file);
        }
        return served;
    }
}
