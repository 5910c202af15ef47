package dev.wreg.server.witness;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.crypto.Ed25519PrivateKey;
import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.log.Ed25519Cosigner;
import dev.wreg.server.config.RegistryProperties;
import dev.wreg.server.config.SecretFiles;
import dev.wreg.server.database.EmbeddedDatabaseCondition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Loads the witness's own cosigning key, which is deliberately not the operator key: a witness
 * vouches for other logs, and its key must not be able to sign this log's checkpoints.
 *
 * <p>Order: {@code wreg.witness.key}, then {@code wreg.witness.key-file}; in embedded mode
 * {@code ${wreg.data-dir}/witness.key}, generated on the first start. With an external database and
 * no key the witness is off unless logs are configured, which is then a startup error (replicas
 * must share one witness key).
 */
@Configuration(proxyBeanMethods = false)
public class WitnessKeyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(WitnessKeyConfiguration.class);
    public static final String KEY_FILE = "witness.key";

    @Bean
    WitnessKey witnessKey(WitnessProperties witness, RegistryProperties registry, Environment environment) {
        Optional<byte[]> seed = load(witness, registry, environment);
        if (seed.isEmpty()) {
            log.info("Witness is off: no wreg.witness.key and no witnessed logs");
            return new WitnessKey(Optional.empty());
        }
        Ed25519Cosigner cosigner = Ed25519Cosigner.fromSeed(witness.name(), seed.get());
        log.info("Witness verifier key: {}", cosigner.verifierKey().text());
        return new WitnessKey(Optional.of(cosigner));
    }

    private static Optional<byte[]> load(WitnessProperties witness, RegistryProperties registry, Environment env) {
        try {
            if (StringUtils.hasText(witness.key())) {
                return Optional.of(seed(witness.key().strip(), "wreg.witness.key"));
            }
            if (witness.keyFile() != null) {
                String text = SecretFiles.read(witness.keyFile())
                        .orElseThrow(() -> new IllegalStateException(
                                "wreg.witness.key-file " + witness.keyFile() + " does not exist"));
                return Optional.of(seed(text, witness.keyFile().toString()));
            }
            if (StringUtils.hasText(env.getProperty(EmbeddedDatabaseCondition.DATASOURCE_URL))) {
                if (!witness.logs().isEmpty()) {
                    throw new IllegalStateException(
                            "wreg.witness.logs is set but there is no witness key: set wreg.witness.key-file or"
                                    + " WREG_WITNESS_KEY (an ed25519 private key text)");
                }
                return Optional.empty();
            }
            Path file = registry.dataDir().resolve(KEY_FILE);
            Optional<String> existing = SecretFiles.read(file);
            if (existing.isPresent()) {
                return Optional.of(seed(existing.get(), file.toString()));
            }
            PrivateKey generated = PrivateKey.generateEd25519();
            SecretFiles.create(file, generated.text());
            return Optional.of(seed(generated.text(), file.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the witness key file", e);
        }
    }

    /** The raw seed of an {@code ed25519:<base64 seed>} private key text. */
    private static byte[] seed(String text, String source) {
        PrivateKey key;
        try {
            key = PrivateKey.parse(text.strip());
        } catch (ProtocolException e) {
            throw new IllegalStateException(
                    "the witness key from " + source + " is not a private key text: " + e.getMessage());
        }
        if (!(key instanceof Ed25519PrivateKey)) {
            throw new IllegalStateException("the witness key from " + source + " must be an ed25519 key");
        }
        String canonical = key.text();
        return Base64.getDecoder().decode(canonical.substring(canonical.indexOf(':') + 1));
    }

    /** The witness's cosigner, absent when this server is no witness. */
    public record WitnessKey(Optional<Ed25519Cosigner> cosigner) {}
}
