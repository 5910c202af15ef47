package dev.wreg.server.keys;

import dev.wreg.protocol.crypto.Ed25519PrivateKey;
import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.log.Ed25519Cosigner;
import dev.wreg.server.compose.CompositionProperties;
import dev.wreg.server.config.RegistryProperties;
import dev.wreg.server.database.EmbeddedDatabase;
import dev.wreg.server.witness.WitnessProperties;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The server's own keys, each found by {@link KeyLoader}: the operator key (operator records and
 * the log's checkpoints; required), the composer key (releases the registry composes; optional)
 * and the witness key (cosigning other logs' checkpoints; optional, never the operator key).
 */
@Configuration(proxyBeanMethods = false)
public class KeysConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KeysConfiguration.class);

    public static final String OPERATOR_KEY_FILE = "operator.key";
    public static final String COMPOSER_KEY_FILE = "composer.key";
    public static final String WITNESS_KEY_FILE = "witness.key";

    /** In embedded mode, where a key lives when no property names one; null with an external database. */
    private static Path embedded(RegistryProperties registry, Environment env, String fileName) {
        return EmbeddedDatabase.chosen(env) ? registry.dataDir().resolve(fileName) : null;
    }

    /**
     * {@code wreg.operator-key} (env {@code WREG_OPERATOR_KEY}), {@code wreg.operator-key-file},
     * or {@code ${wreg.data-dir}/operator.key}. With an external database a missing key is a
     * startup error rather than a silently different key per replica.
     */
    @Bean
    OperatorKey operatorKey(RegistryProperties registry, Environment env) {
        Path generated = embedded(registry, env, OPERATOR_KEY_FILE);
        PrivateKey key = new KeyLoader(
                        "operator",
                        "wreg.operator-key",
                        registry.operatorKey(),
                        "wreg.operator-key-file",
                        registry.operatorKeyFile(),
                        generated)
                .load(fresh -> {
                    System.out.println();
                    System.out.println("wreg: generated the operator key in " + generated.toAbsolutePath()
                            + " (mode 0600); public key:");
                    System.out.println("    " + fresh.publicKey().text());
                    System.out.println();
                })
                .orElseThrow(
                        () -> new IllegalStateException(
                                "no operator key: set wreg.operator-key-file or WREG_OPERATOR_KEY (an ed25519 private key text)"));
        if (!(key instanceof Ed25519PrivateKey)) {
            throw new IllegalStateException("the operator key must be an ed25519 key");
        }
        OperatorKey operator = new OperatorKey(key);
        log.info("Operator public key: {}", operator.publicKey().text());
        return operator;
    }

    /** The key an operator hands over from; never generated. See {@link PreviousOperatorKey}. */
    @Bean
    PreviousOperatorKey previousOperatorKey(Environment env) {
        String file = env.getProperty("wreg.operator-previous-key-file");
        Optional<PrivateKey> key = new KeyLoader(
                        "previous operator",
                        "wreg.operator-previous-key",
                        env.getProperty("wreg.operator-previous-key"),
                        "wreg.operator-previous-key-file",
                        file == null || file.isBlank() ? null : Path.of(file),
                        null)
                .load(generated -> {});
        if (key.isPresent() && !(key.get() instanceof Ed25519PrivateKey)) {
            throw new IllegalStateException("the previous operator key must be an ed25519 key");
        }
        key.ifPresent(
                k -> log.info("Previous operator public key: {}", k.publicKey().text()));
        return new PreviousOperatorKey(key);
    }

    /**
     * {@code wreg.compositions.composer-key}, its key file, or {@code ${wreg.data-dir}/composer.key}.
     * With an external database and no key the registry composes but cannot sign.
     */
    @Bean
    ComposerKey composerKey(CompositionProperties compositions, RegistryProperties registry, Environment env) {
        ComposerKey key = new ComposerKey(new KeyLoader(
                        "composer",
                        "wreg.compositions.composer-key",
                        compositions.composerKey(),
                        "wreg.compositions.composer-key-file",
                        compositions.composerKeyFile(),
                        embedded(registry, env, COMPOSER_KEY_FILE))
                .load(fresh -> {}));
        log.info("Composer public key: {}", key.publicKeyText().orElse("(none: registry-signed publishing is off)"));
        return key;
    }

    /**
     * {@code wreg.witness.key}, {@code wreg.witness.key-file}, or {@code ${wreg.data-dir}/witness.key}.
     * With an external database and no key the witness is off, unless logs to witness are
     * configured: that is a startup error (replicas must share one witness key).
     */
    @Bean
    WitnessKey witnessKey(WitnessProperties witness, RegistryProperties registry, Environment env) {
        Optional<PrivateKey> key = new KeyLoader(
                        "witness",
                        "wreg.witness.key",
                        witness.key(),
                        "wreg.witness.key-file",
                        witness.keyFile(),
                        embedded(registry, env, WITNESS_KEY_FILE))
                .load(fresh -> {});
        if (key.isEmpty()) {
            if (!witness.logs().isEmpty()) {
                throw new IllegalStateException("wreg.witness.logs is set but there is no witness key: set"
                        + " wreg.witness.key-file or WREG_WITNESS_KEY (an ed25519 private key text)");
            }
            log.info("Witness is off: no wreg.witness.key and no witnessed logs");
            return new WitnessKey(Optional.empty());
        }
        if (!(key.get() instanceof Ed25519PrivateKey)) {
            throw new IllegalStateException("the witness key must be an ed25519 key");
        }
        String text = key.get().text();
        byte[] seed = Base64.getDecoder().decode(text.substring(text.indexOf(':') + 1));
        Ed25519Cosigner cosigner = Ed25519Cosigner.fromSeed(witness.name(), seed);
        log.info("Witness verifier key: {}", cosigner.verifierKey().text());
        return new WitnessKey(Optional.of(cosigner));
    }
}
