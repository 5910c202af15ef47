package dev.wreg.server.keys;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.server.config.SecretFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.util.StringUtils;

/**
 * The one way the server finds a private key of its own (operator, composer, witness): the key
 * text from its property (or environment variable) first, then the file its property names; in
 * embedded mode (no external database) a file in the data directory, generated mode 0600 on the
 * first start. With an external database nothing is invented, because replicas must share one key:
 * the key is then absent, and its owner decides whether that is an error.
 *
 * @param name what the key is for, in messages ("operator", "composer", "witness")
 * @param textProperty the property holding the key text, e.g. {@code wreg.operator-key}
 * @param text its value
 * @param fileProperty the property naming a key file
 * @param file its value
 * @param generatedFile where embedded mode keeps (and first generates) the key; null: no fallback
 */
public record KeyLoader(
        String name, String textProperty, String text, String fileProperty, Path file, Path generatedFile) {

    /**
     * The key, or empty when none is configured and there is no embedded fallback; {@code
     * onGenerated} hears of a key generated just now.
     */
    public Optional<PrivateKey> load(Consumer<PrivateKey> onGenerated) {
        if (StringUtils.hasText(text)) {
            return Optional.of(parse(text.strip(), textProperty));
        }
        try {
            if (file != null) {
                String stored = SecretFiles.read(file)
                        .orElseThrow(() -> new IllegalStateException(fileProperty + " " + file + " does not exist"));
                return Optional.of(parse(stored, file.toString()));
            }
            if (generatedFile == null) {
                return Optional.empty();
            }
            Optional<String> existing = SecretFiles.read(generatedFile);
            if (existing.isPresent()) {
                return Optional.of(parse(existing.get(), generatedFile.toString()));
            }
            PrivateKey generated = PrivateKey.generateEd25519();
            SecretFiles.create(generatedFile, generated.text());
            onGenerated.accept(generated);
            return Optional.of(generated);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the " + name + " key file", e);
        }
    }

    private PrivateKey parse(String keyText, String source) {
        try {
            return PrivateKey.parse(keyText);
        } catch (ProtocolException e) {
            throw new IllegalStateException(
                    "the " + name + " key from " + source + " is not a private key text: " + e.getMessage());
        }
    }
}
