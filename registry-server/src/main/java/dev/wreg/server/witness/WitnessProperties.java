package dev.wreg.server.witness;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the witness this server can be for other logs (c2sp.org/tlog-witness), under
 * {@code wreg.witness.*}.
 *
 * @param name the witness's key name, which appears on its cosignature lines
 * @param key the witness's Ed25519 private key text ({@code ed25519:<base64 seed>}); wins over the file
 * @param keyFile a file holding that key text; in embedded mode {@code ${wreg.data-dir}/witness.key}
 *     is generated when neither is set
 * @param logs the logs this server witnesses; a checkpoint of any other origin is refused with 404
 */
@ConfigurationProperties("wreg.witness")
public record WitnessProperties(
        @DefaultValue("localhost/witness") String name, String key, Path keyFile, List<WitnessedLog> logs) {

    public WitnessProperties {
        logs = logs == null ? List.of() : List.copyOf(logs);
    }

    /**
     * One witnessed log.
     *
     * @param vkey the log's note verifier key (type 0x01); its key name is the log's origin
     */
    public record WitnessedLog(String vkey) {}
}
