package dev.wreg.cli.config;

import dev.wreg.cli.CliException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * API tokens per registry in {@code credentials.json} (mode 0600) beside the configuration:
 * {@code {"registries":{"http://localhost:8080":{"token":"wreg_…"}}}}. {@code WREG_TOKEN}
 * overrides the file.
 */
public final class CredentialStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path file;

    public CredentialStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public Optional<String> token(RegistryAddress registry) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonNode entry = read().path("registries").path(registry.toString()).path("token");
        return entry.isString() ? Optional.of(entry.stringValue()) : Optional.empty();
    }

    public void store(RegistryAddress registry, String token) {
        ObjectNode root = Files.exists(file) ? read() : JSON.createObjectNode();
        SecureFiles.createPrivateDirectories(file.toAbsolutePath().getParent());
        JsonNode registries = root.get("registries");
        ObjectNode byRegistry = registries instanceof ObjectNode existing ? existing : root.putObject("registries");
        byRegistry.putObject(registry.toString()).put("token", token);
        SecureFiles.writePrivate(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }

    public boolean remove(RegistryAddress registry) {
        if (!Files.exists(file)) {
            return false;
        }
        ObjectNode root = read();
        if (!(root.get("registries") instanceof ObjectNode byRegistry)
                || byRegistry.remove(registry.toString()) == null) {
            return false;
        }
        SecureFiles.writePrivate(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        return true;
    }

    private ObjectNode read() {
        try {
            JsonNode node = JSON.readTree(Files.readAllBytes(file));
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (JacksonException e) {
            // fall through to the message below
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        throw CliException.usage("credentials file " + file + " is not valid JSON; fix or delete it and log in again");
    }
}
