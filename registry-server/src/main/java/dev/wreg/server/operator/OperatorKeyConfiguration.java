package dev.wreg.server.operator;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.crypto.Ed25519PrivateKey;
import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.server.config.RegistryProperties;
import dev.wreg.server.config.SecretFiles;
import dev.wreg.server.database.EmbeddedDatabaseCondition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Loads the operator key: {@code wreg.operator-key} (env {@code WREG_OPERATOR_KEY}) first, then
 * {@code wreg.operator-key-file}; in embedded mode it falls back to {@code ${wreg.data-dir}/operator.key},
 * generated on the first start. With an external database there is no fallback: replicas must
 * share one key, so a missing key is a startup error rather than a silently different key.
 */
@Configuration(proxyBeanMethods = false)
public class OperatorKeyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(OperatorKeyConfiguration.class);
    public static final String KEY_FILE = "operator.key";

    @Bean
    OperatorKey operatorKey(RegistryProperties properties, Environment environment) {
        OperatorKey key = new OperatorKey(load(properties, environment));
        if (!(key.privateKey() instanceof Ed25519PrivateKey)) {
            throw new IllegalStateException("the operator key must be an ed25519 key");
        }
        log.info("Operator public key: {}", key.publicKey().text());
        return key;
    }

    private static PrivateKey load(RegistryProperties properties, Environment environment) {
        if (StringUtils.hasText(properties.operatorKey())) {
            return parse(properties.operatorKey().strip(), "wreg.operator-key");
        }
        try {
            if (properties.operatorKeyFile() != null) {
                String text = SecretFiles.read(properties.operatorKeyFile())
                        .orElseThrow(() -> new IllegalStateException(
                                "wreg.operator-key-file " + properties.operatorKeyFile() + " does not exist"));
                return parse(text, properties.operatorKeyFile().toString());
            }
            if (StringUtils.hasText(environment.getProperty(EmbeddedDatabaseCondition.DATASOURCE_URL))) {
                throw new IllegalStateException(
                        "no operator key: set wreg.operator-key-file or WREG_OPERATOR_KEY (an ed25519 private key text)");
            }
            Path file = properties.dataDir().resolve(KEY_FILE);
            Optional<String> existing = SecretFiles.read(file);
            if (existing.isPresent()) {
                return parse(existing.get(), file.toString());
            }
            PrivateKey generated = PrivateKey.generateEd25519();
            SecretFiles.create(file, generated.text());
            System.out.println();
            System.out.println(
                    "wreg: generated the operator key in " + file.toAbsolutePath() + " (mode 0600); public key:");
            System.out.println("    " + generated.publicKey().text());
            System.out.println();
            return generated;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the operator key file", e);
        }
    }

    private static PrivateKey parse(String text, String source) {
        try {
            return PrivateKey.parse(text);
        } catch (ProtocolException e) {
            throw new IllegalStateException(
                    "the operator key from " + source + " is not a private key text: " + e.getMessage());
        }
    }
}
