package dev.wreg.server.compose;

import dev.wreg.protocol.ProtocolException;
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
 * Loads the composer key: {@code wreg.compositions.composer-key}, then the key file; in embedded
 * mode {@code ${wreg.data-dir}/composer.key}, generated on the first start. With an external
 * database and no key the registry composes but cannot sign: replicas must share one key, so none
 * is invented.
 */
@Configuration(proxyBeanMethods = false)
public class ComposerKeyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ComposerKeyConfiguration.class);
    public static final String KEY_FILE = "composer.key";

    @Bean
    ComposerKey composerKey(CompositionProperties compositions, RegistryProperties registry, Environment env) {
        ComposerKey key = new ComposerKey(load(compositions, registry, env));
        log.info("Composer public key: {}", key.publicKeyText().orElse("(none: registry-signed publishing is off)"));
        return key;
    }

    private static Optional<PrivateKey> load(
            CompositionProperties compositions, RegistryProperties registry, Environment env) {
        if (StringUtils.hasText(compositions.composerKey())) {
            return Optional.of(parse(compositions.composerKey().strip(), "wreg.compositions.composer-key"));
        }
        try {
            if (compositions.composerKeyFile() != null) {
                String text = SecretFiles.read(compositions.composerKeyFile())
                        .orElseThrow(() -> new IllegalStateException("wreg.compositions.composer-key-file "
                                + compositions.composerKeyFile() + " does not exist"));
                return Optional.of(parse(text, compositions.composerKeyFile().toString()));
            }
            if (StringUtils.hasText(env.getProperty(EmbeddedDatabaseCondition.DATASOURCE_URL))) {
                return Optional.empty();
            }
            Path file = registry.dataDir().resolve(KEY_FILE);
            Optional<String> existing = SecretFiles.read(file);
            if (existing.isPresent()) {
                return Optional.of(parse(existing.get(), file.toString()));
            }
            PrivateKey generated = PrivateKey.generateEd25519();
            SecretFiles.create(file, generated.text());
            return Optional.of(generated);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the composer key file", e);
        }
    }

    private static PrivateKey parse(String text, String source) {
        try {
            return PrivateKey.parse(text);
        } catch (ProtocolException e) {
            throw new IllegalStateException(
                    "the composer key from " + source + " is not a private key text: " + e.getMessage());
        }
    }
}
