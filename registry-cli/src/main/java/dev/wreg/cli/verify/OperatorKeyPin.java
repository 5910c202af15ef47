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
import java.util.List;
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

    /**
     * The served key, once it is the pinned one or one the pinned key handed the role over to:
     * {@code chain} is every key of the operator log's hand-overs, oldest first, each record
     * checked against the key that held the role (the served key last).
     */
    public PublicKey check(PublicKey served, List<PublicKey> chain) {
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
        if (pinned.equals(served.text())) {
            return served;
        }
        boolean handedOver = !chain.isEmpty()
                && chain.getLast().equals(served)
                && chain.subList(0, chain.size() - 1).stream()
                        .anyMatch(k -> k.text().equals(pinned));
        if (!handedOver) {
            throw CliException.integrity("the registry's operator key changed (pinned " + pinned + ", now "
                    + served.text() + ") and the operator log holds no hand-over from the pinned key; if the"
                    + " operator really replaced it, compare the new key out of band and delete " + file);
        }
        SecureFiles.writePrivate(file, (served.text() + "\n").getBytes(StandardCharsets.UTF_8));
        notes.accept("wreg: the registry's operator key was handed over from " + pinned + " to " + served.text()
                + " by an operator record the pinned key signed; pinned in " + file + " from now on");
        return served;
    }
}
